//! Assesses a generated model and prints the times, for `scripts/bench-assess.sh` (which
//! also measures peak memory around this process).
//!
//! Usage: `assess_synth [ASSETS ZONES FLOWS SEED]` (default 10000 500 50000 1).

use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (assets, zones, flows, seed) = match args[..] {
        [a, z, f, s] => (a, z, f, s as u64),
        _ => (10_000, 500, 50_000, 1),
    };
    let yaml = kojo_synth::factory_yaml(assets, zones, flows, seed);
    let t = Instant::now();
    let model = match kojo_model::load_str(Path::new("synth.yaml"), &yaml) {
        Ok(m) => m,
        Err(d) => {
            eprintln!("generated model does not load: {} diagnostic(s)", d.len());
            std::process::exit(1);
        }
    };
    let load = t.elapsed();
    let catalog = match kojo_catalog::Catalog::embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("catalog: {e}");
            std::process::exit(1);
        }
    };
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    let t = Instant::now();
    let a = match kojo_assess::assess(&model, &catalog, &opts) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("assess: {e}");
            std::process::exit(1);
        }
    };
    let assess = t.elapsed();
    println!(
        "kojo: {assets} assets, {zones} zones, {flows} flows: load {:.3} s, assess {:.3} s, {} findings",
        load.as_secs_f64(),
        assess.as_secs_f64(),
        a.findings.len()
    );
    let mut by_kind = std::collections::BTreeMap::new();
    for f in &a.findings {
        *by_kind.entry(f.kind.as_str()).or_insert(0usize) += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("findings by kind: {}", kinds.join(", "));
}
