//! `check_against_model`: any bytes as a capture (pcap, pcapng, Zeek, flow CSV), its flow
//! table held against a generated zone model and the Annex A factory. Faults are fine;
//! panics are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn models() -> &'static Vec<kojo_model::Model> {
    static M: OnceLock<Vec<kojo_model::Model>> = OnceLock::new();
    M.get_or_init(|| {
        let mut v = Vec::new();
        let y = kojo_synth::factory_yaml(30, 5, 40, 3);
        v.push(kojo_model::load_str(std::path::Path::new("synth.yaml"), &y).expect("synth"));
        let annex = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/annex-a/case1-after.yaml");
        if let Ok(m) = kojo_model::load_file(&annex) {
            v.push(m);
        }
        v
    })
}

fuzz_target!(|data: &[u8]| {
    let limits = kojo_traffic::Limits {
        max_line_bytes: 4096,
        max_source_bytes: 1 << 20,
        max_flows: 512,
    };
    let Ok(summary) = kojo_traffic::read_source_bytes(data, limits) else {
        return;
    };
    for m in models() {
        let findings = kojo_traffic::check_against_model(m, &summary.flows);
        for f in &findings {
            assert!(f.id.starts_with("F-"), "finding id {}", f.id);
        }
    }
});
