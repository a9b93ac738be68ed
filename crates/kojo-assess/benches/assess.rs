//! Assessing a large generated model (issue 4 target: 10,000 assets / 50,000 flows in under
//! 2 s and 1 GB on one core). Peak memory and the pytm comparison: `scripts/bench-assess.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let Ok(catalog) = kojo_catalog::Catalog::embedded() else {
        return;
    };
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    // The catalog is read once, as the CLI does; the figure is the assessment alone.
    let know = kojo_assess::Knowledge::from_catalog(&catalog);
    let mut g = c.benchmark_group("assess");
    g.sample_size(10);
    for (name, assets, zones, flows) in [
        ("1k-assets-5k-flows", 1_000, 50, 5_000),
        ("10k-assets-50k-flows", 10_000, 500, 50_000),
    ] {
        let yaml = kojo_synth::factory_yaml(assets, zones, flows, 1);
        let Ok(model) = kojo_model::load_str(Path::new("synth.yaml"), &yaml) else {
            continue;
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                kojo_assess::assess_with_knowledge(black_box(&model), &know, &opts)
                    .map(|a| a.findings.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
