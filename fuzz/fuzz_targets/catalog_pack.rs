//! `--catalog` packs: any text as a pack file, read through the cap and merged with the
//! embedded catalog, then checked against a model's references. Errors are fine; panics,
//! hangs and runaway allocation are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pack_path() -> &'static std::path::PathBuf {
    static P: OnceLock<std::path::PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        std::env::temp_dir().join(format!("kojo-fuzz-pack-{}.yaml", std::process::id()))
    })
}

fn model() -> &'static kojo_model::Model {
    static M: OnceLock<kojo_model::Model> = OnceLock::new();
    M.get_or_init(|| {
        let y = kojo_synth::factory_yaml(20, 4, 30, 7);
        kojo_model::load_str(std::path::Path::new("synth.yaml"), &y).expect("synth model")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = kojo_catalog::Catalog::from_sources(&[("pack.yaml", text)]);
    }
    if std::fs::write(pack_path(), data).is_ok()
        && let Ok(c) = kojo_catalog::Catalog::with_packs_capped(&[pack_path().clone()], 1 << 20)
    {
        let _ = c.check_model_refs(model());
    }
});
