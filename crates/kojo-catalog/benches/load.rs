//! How long loading the catalog takes: the embedded files from their YAML text (what every
//! `kojo` command pays once), with the SEMI E187 pack, and the model reference check.

use criterion::{Criterion, criterion_group, criterion_main};
use kojo_catalog::Catalog;
use std::hint::black_box;
use std::path::Path;

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    let mut v = Vec::new();
    for name in [
        "index.yaml",
        "iec62443-3-3.yaml",
        "step1.yaml",
        "threat-types.yaml",
        "threats.yaml",
        "measures.yaml",
        "lifecycle.yaml",
        "checklists.yaml",
        "annex-a.yaml",
        "risk-method.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(name)).unwrap_or_default();
        v.push((format!("catalog/{name}"), text));
    }
    v
}

fn bench(c: &mut Criterion) {
    let files = sources();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    // Parsing and checking every embedded file from scratch (no cache).
    c.bench_function("parse+check embedded catalog", |b| {
        b.iter(|| Catalog::from_sources(black_box(&refs)).map(|c| c.threats().len()))
    });
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog/packs/semi-e187.yaml");
    let packs = [pack];
    c.bench_function("embedded (parsed once) + SEMI E187 pack", |b| {
        b.iter(|| Catalog::with_packs(black_box(&packs)).map(|c| c.checklists().len()))
    });
    let catalog = Catalog::embedded().ok();
    c.bench_function("text(id, ja) lookup", |b| {
        b.iter(|| {
            catalog
                .as_ref()
                .and_then(|c| {
                    c.text(
                        black_box("chk-software.operation.unsupported-backup-plan"),
                        "ja",
                    )
                })
                .map(|l| l.title.len())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
