//! Writes a generated factory model (`kojo_synth::factory_yaml`) to a file, so that the
//! benchmarks can run `kojo check` and `kojo assess` on it as whole processes.
//!
//! Usage: `synth_yaml OUT.yaml [ASSETS ZONES FLOWS SEED]` (default 10000 500 50000 1).

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: synth_yaml OUT.yaml [ASSETS ZONES FLOWS SEED]");
        std::process::exit(2);
    };
    let n: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    let (assets, zones, flows, seed) = match n[..] {
        [a, z, f, s] => (a, z, f, s as u64),
        [a, z, f] => (a, z, f, 1),
        _ => (10_000, 500, 50_000, 1),
    };
    let yaml = kojo_synth::factory_yaml(assets, zones, flows, seed);
    if let Err(e) = std::fs::write(&out, yaml) {
        eprintln!("{out}: {e}");
        std::process::exit(2);
    }
}
