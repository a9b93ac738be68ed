#![no_main]

use kojo_sbom::vex::{VexFormat, claim_for, parse, parse_as};
use libfuzzer_sys::fuzz_target;

// Any bytes through the OpenVEX reader, then its statements against a component, and
// through the format sniffing of `--vex` and `--advisories`: errors are fine, panics are not.
fuzz_target!(|data: &[u8]| {
    let _ = parse("fuzz.json", data, true);
    if let Ok(doc) = parse_as(VexFormat::OpenVex, "fuzz.json", data) {
        let c = kojo_sbom::Component {
            name: "x".into(),
            version: Some("1.0".into()),
            purl: Some("pkg:npm/x@1.0".into()),
            bom_ref: Some("x".into()),
            vendors: vec!["x".into()],
            ..Default::default()
        };
        let _ = claim_for(std::slice::from_ref(&doc), &c, "CVE-2021-0001", &[]);
    }
});
