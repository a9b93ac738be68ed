//! Assesses a generated model and prints the times, for `scripts/bench-assess.sh` (which
//! also measures peak memory around this process).
//!
//! The assess figure covers `kojo_assess::assess_with_knowledge` alone: the model is already
//! loaded (the model loader has its own benchmark) and the catalog already read into
//! [`kojo_assess::Knowledge`], as pytm's figure excludes building its model.
//!
//! Usage: `assess_synth [ASSETS ZONES FLOWS SEED]` (default 10000 500 50000 1).

use std::path::Path;
use std::time::Instant;

// The allocator the `kojo` binary uses, so the figure is the shipped one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU seconds (user + system) of this process so far, from `/proc/self/stat` (Linux; `None`
/// elsewhere). Wall time on a shared machine includes waiting for a core; CPU time does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux
}

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
    let t = Instant::now();
    let know = kojo_assess::Knowledge::from_catalog(&catalog);
    let knowledge = t.elapsed();
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    let t = Instant::now();
    let c = cpu_seconds();
    let a = match kojo_assess::assess_with_knowledge(&model, &know, &opts) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("assess: {e}");
            std::process::exit(1);
        }
    };
    let assess = t.elapsed();
    let cpu = match (c, cpu_seconds()) {
        (Some(a), Some(b)) => format!("{:.2}", b - a),
        _ => "n/a".to_string(),
    };
    println!(
        "kojo: {assets} assets, {zones} zones, {flows} flows: load {:.3} s, catalog knowledge {:.3} s, assess {:.3} s, {} findings",
        load.as_secs_f64(),
        knowledge.as_secs_f64(),
        assess.as_secs_f64(),
        a.findings.len()
    );
    println!(
        "kojo assess (rules, SBOM check, decisions, requirements, sort; not load or catalog): wall {:.3} s, CPU {cpu} s",
        assess.as_secs_f64()
    );
    println!("KOJO_CPU {cpu}");
    let mut by_kind = std::collections::BTreeMap::new();
    for f in &a.findings {
        *by_kind.entry(f.kind.as_str()).or_insert(0usize) += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("findings by kind: {}", kinds.join(", "));
}
