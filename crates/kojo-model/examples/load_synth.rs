//! Generate a model with kojo-synth and load it once; prints sizes and the load time.
//! Used by `scripts/bench-model.sh` under `/usr/bin/time -v` to measure peak memory.
//!
//! Usage: load_synth [ASSETS ZONES FLOWS [SEED]]   (default 10000 500 50000 1)
//! With `KOJO_SYNTH_OUT=FILE` the generated YAML is also written to FILE.

use std::path::Path;
use std::time::Instant;

fn main() -> std::process::ExitCode {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let get = |i: usize, d: usize| args.get(i).copied().unwrap_or(d);
    let (assets, zones, flows, seed) = (
        get(0, 10_000),
        get(1, 500),
        get(2, 50_000),
        get(3, 1) as u64,
    );
    let t0 = Instant::now();
    let text = kojo_synth::factory_yaml(assets, zones, flows, seed);
    let gen_time = t0.elapsed();
    if let Some(out) = std::env::var_os("KOJO_SYNTH_OUT")
        && let Err(e) = std::fs::write(&out, &text)
    {
        eprintln!("cannot write {}: {e}", Path::new(&out).display());
        return std::process::ExitCode::from(2);
    }
    let t1 = Instant::now();
    let result = kojo_model::load_str(Path::new("synth.yaml"), &text);
    let load_time = t1.elapsed();
    match result {
        Ok(m) => {
            let t2 = Instant::now();
            let idx = kojo_model::ModelIndex::new(&m);
            println!(
                "yaml {:.1} MB (generated in {:.0} ms); loaded {} zones, {} assets, {} flows in {:.0} ms; index in {:.0} ms ({} entries)",
                text.len() as f64 / 1e6,
                gen_time.as_secs_f64() * 1e3,
                m.zones.len(),
                m.assets.len(),
                m.flows.len(),
                load_time.as_secs_f64() * 1e3,
                t2.elapsed().as_secs_f64() * 1e3,
                idx.flows.len()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", kojo_model::render::render_short(&d));
            std::process::ExitCode::from(1)
        }
    }
}
