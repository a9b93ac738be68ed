//! Zip advisory archives (OSV's `all.zip` exports): any bytes as an archive. A bad archive
//! or entry is an error naming it; never a panic or an allocation a forged size asks for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn zip_path() -> &'static std::path::PathBuf {
    static P: OnceLock<std::path::PathBuf> = OnceLock::new();
    P.get_or_init(|| std::env::temp_dir().join(format!("kojo-fuzz-{}.zip", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    if std::fs::write(zip_path(), data).is_err() {
        return;
    }
    let mut index = kojo_sbom::AdvisoryIndex::new();
    let _ = index.add_zip(zip_path());
});
