//! Generated models (kojo-synth) load without a diagnostic and hold what was asked for.

use kojo_model::{AssetKind, Endpoint, ModelIndex, load_str};
use std::path::Path;

#[test]
fn generated_models_load() {
    for (assets, zones, flows, seed) in [
        (0, 1, 10, 1),
        (1, 1, 0, 2),
        (300, 20, 800, 3),
        (2_000, 100, 5_000, 4),
    ] {
        let text = kojo_synth::factory_yaml(assets, zones, flows, seed);
        let m = load_str(Path::new("synth.yaml"), &text).unwrap_or_else(|d| {
            panic!(
                "{assets}/{zones}/{flows}: {}",
                kojo_model::render::render_short(&d)
            )
        });
        assert_eq!(
            (m.assets.len(), m.zones.len(), m.flows.len()),
            (assets, zones, flows)
        );
        let idx = ModelIndex::new(&m);
        // Every flow is indexed exactly once on each side.
        let ends: usize = idx
            .asset_flows_out
            .iter()
            .chain(&idx.zone_flows_out)
            .map(Vec::len)
            .sum();
        assert_eq!(ends, flows);
        if assets >= 300 {
            assert!(
                m.assets
                    .iter()
                    .filter(|a| a.kind == AssetKind::Data)
                    .count()
                    > assets / 20
            );
            assert!(m.flows.iter().any(|f| matches!(f.from, Endpoint::Zone(_))));
            assert!(m.flows.iter().any(|f| f.automated));
            assert!(m.assets.iter().any(|a| a.zones.len() == 2));
        }
    }
}
