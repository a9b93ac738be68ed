//! Loading a large generated model (issue 2 target: 10,000 assets, 500 zones, 50,000 flows
//! in under 1 s on one core). Peak memory is measured by `scripts/bench-model.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn load(c: &mut Criterion) {
    let small = kojo_synth::factory_yaml(1_000, 50, 5_000, 1);
    let large = kojo_synth::factory_yaml(10_000, 500, 50_000, 1);
    let mut g = c.benchmark_group("load_str");
    g.sample_size(10);
    g.bench_function("1k-assets-50-zones-5k-flows", |b| {
        b.iter(|| {
            kojo_model::load_str(Path::new("synth.yaml"), black_box(&small)).map(|m| m.flows.len())
        })
    });
    g.bench_function("10k-assets-500-zones-50k-flows", |b| {
        b.iter(|| {
            kojo_model::load_str(Path::new("synth.yaml"), black_box(&large)).map(|m| m.flows.len())
        })
    });
    g.finish();
    let model = kojo_model::load_str(Path::new("synth.yaml"), &large).ok();
    if let Some(m) = model {
        c.bench_function("model_index/10k-assets-50k-flows", |b| {
            b.iter(|| kojo_model::ModelIndex::new(black_box(&m)).flows.len())
        });
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
