#![no_main]

use libfuzzer_sys::fuzz_target;

// Any bytes through the EPSS CSV reader: errors are fine, panics are not.
fuzz_target!(|data: &[u8]| {
    if let Ok(e) = kojo_sbom::epss::Epss::parse(data) {
        let _ = e.get("CVE-2021-44228");
    }
});
