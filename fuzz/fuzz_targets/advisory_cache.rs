//! The advisory cache decoder: any bytes as a cached index must decode or be refused
//! (then the cache is rebuilt), never panic or allocate what a forged length asks for.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = postcard::from_bytes::<kojo_sbom::AdvisoryIndex>(data) {
        let _ = index.kev_entry("CVE-2024-0001");
        // What decodes must encode again.
        let _ = postcard::to_stdvec(&index).expect("a decoded index encodes");
    }
});
