//! `cargo bench -p kojo-diff`: the model diff (entities, importance, review list; no
//! assessment) on the Annex A case 2 pair and on synthetic sites of growing size.

use criterion::{Criterion, criterion_group, criterion_main};
use kojo_diff::Side;
use kojo_model::Model;
use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

/// A site of `zones` zones with `per_zone` assets each, a flow from every asset to the next
/// one (crossing zones at each zone's end) and a second flow to the asset 7 further on.
/// `changed` alters every 100th flow, adds a zone with assets and moves an asset.
fn site(zones: usize, per_zone: usize, changed: bool) -> String {
    let mut y = String::from("version: 1\nfactory: {name: Bench Works}\nparties:\n");
    y.push_str("  - {id: vendor, name: Vendor, kind: equipment-supplier}\n");
    if changed {
        y.push_str("  - {id: cloud, name: Cloud, kind: cloud-service}\n");
    }
    y.push_str("zones:\n");
    let nz = zones + usize::from(changed);
    for z in 0..nz {
        let kind = if z % 3 == 0 { "control" } else { "production" };
        let _ = writeln!(y, "  - {{id: z{z}, name: Zone {z}, kind: {kind}}}");
    }
    y.push_str("assets:\n");
    let n = zones * per_zone;
    for i in 0..n + if changed { per_zone } else { 0 } {
        let mut z = i / per_zone;
        if changed && i == 5 {
            z = 1;
        }
        let supplier = if changed && i >= n { "cloud" } else { "vendor" };
        let _ = writeln!(
            y,
            "  - {{id: a{i}, name: Asset {i}, kind: equipment, zone: z{z}, supplier: {supplier}, traits: [general-purpose, embedded-computer]}}"
        );
    }
    y.push_str("flows:\n");
    for i in 0..n {
        let automated = changed && i % 100 == 0;
        let _ = writeln!(
            y,
            "  - {{id: f{i}, from: a{i}, to: a{}, automated: {automated}, protections: [authentication, encryption]}}",
            (i + 1) % n
        );
        let _ = writeln!(
            y,
            "  - {{id: g{i}, from: a{i}, to: a{}, control: true}}",
            (i + 7) % n
        );
    }
    y
}

fn load(text: &str) -> Model {
    match kojo_model::load_str(Path::new("bench.yaml"), text) {
        Ok(m) => m,
        Err(d) => panic!("bench model does not load: {:?}", d.first()),
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("diff");
    g.sample_size(10);
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a");
    if let (Ok(a), Ok(b)) = (
        kojo_model::load_file(&ex.join("case2-before.yaml")),
        kojo_model::load_file(&ex.join("case2-after.yaml")),
    ) {
        g.bench_function("annex-a case 2", |bn| {
            bn.iter(|| {
                kojo_diff::diff(
                    &Side {
                        label: "before",
                        model: black_box(&a),
                        assessment: None,
                    },
                    &Side {
                        label: "after",
                        model: black_box(&b),
                        assessment: None,
                    },
                )
            })
        });
    }
    for (zones, per_zone) in [(100, 20), (500, 20)] {
        let (old, new) = (
            load(&site(zones, per_zone, false)),
            load(&site(zones, per_zone, true)),
        );
        let name = format!("{} assets, {} flows", old.assets.len(), old.flows.len());
        g.bench_function(name, |bn| {
            bn.iter(|| {
                kojo_diff::diff(
                    &Side {
                        label: "old",
                        model: black_box(&old),
                        assessment: None,
                    },
                    &Side {
                        label: "new",
                        model: black_box(&new),
                        assessment: None,
                    },
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
