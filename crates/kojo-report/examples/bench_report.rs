//! Benchmark of `kojo report` on a generated factory (run by `scripts/bench-report.sh`):
//! load, assess, and each renderer, timed once each in this process.
//! `cargo run --release -p kojo-report --example bench_report -- [ASSETS ZONES FLOWS]`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (assets, zones, flows) = match args.as_slice() {
        [a, z, f, ..] => (*a, *z, *f),
        _ => (10_000, 500, 50_000),
    };
    let yaml = kojo_synth::factory_yaml(assets, zones, flows, 1);
    let total = Instant::now();
    let t = Instant::now();
    let model = kojo_model::load_str(std::path::Path::new("synth.yaml"), &yaml)
        .map_err(|d| format!("{} diagnostics", d.len()))?;
    let load = t.elapsed();
    let catalog = kojo_catalog::Catalog::embedded()?;
    let t = Instant::now();
    let a = kojo_assess::assess(&model, &catalog, &Default::default())?;
    let assess = t.elapsed();
    let t = Instant::now();
    let html = kojo_report::render_html(&a, &model, &catalog, &Default::default())?;
    let html_t = t.elapsed();
    let report_total = total.elapsed();
    let t = Instant::now();
    let svg = kojo_report::render_svg(&model, Some(&a), &Default::default());
    let svg_t = t.elapsed();
    let t = Instant::now();
    let sev = kojo_report::diagram::SubjectSeverity::of(&a);
    let sev_t = t.elapsed();
    let t = Instant::now();
    let l = kojo_report::diagram::layout(&model, &sev, &Default::default());
    let layout_t = t.elapsed();
    let t = Instant::now();
    let _ = kojo_report::diagram::svg_of_layout(&model, &l, &sev, Default::default());
    let draw_t = t.elapsed();
    let t = Instant::now();
    let xlsx = kojo_report::render_xlsx(&a, &model, &catalog, "en")?;
    let xlsx_t = t.elapsed();
    let t = Instant::now();
    let sarif = kojo_report::render_sarif(&a, &catalog)?;
    let sarif_t = t.elapsed();
    let t = Instant::now();
    let csv = kojo_report::render_csv(&a, "en")?;
    let csv_t = t.elapsed();
    println!(
        "model: {assets} assets, {zones} zones, {flows} flows; {} findings",
        a.findings.len()
    );
    println!("load            {:>8.3} s", load.as_secs_f64());
    println!("assess          {:>8.3} s", assess.as_secs_f64());
    println!(
        "render_html     {:>8.3} s  ({} MB, diagram included)",
        html_t.as_secs_f64(),
        html.len() / 1_000_000
    );
    println!(
        "report total    {:>8.3} s  (load + assess + HTML; target < 5 s)",
        report_total.as_secs_f64()
    );
    println!(
        "render_svg      {:>8.3} s  ({} KB)",
        svg_t.as_secs_f64(),
        svg.len() / 1000
    );
    println!("  severities    {:>8.3} s", sev_t.as_secs_f64());
    println!(
        "  layout        {:>8.3} s  ({} edges drawn, {} zone pairs left out)",
        layout_t.as_secs_f64(),
        l.edges.len(),
        l.hidden_edges
    );
    println!("  draw          {:>8.3} s", draw_t.as_secs_f64());
    println!(
        "render_xlsx     {:>8.3} s  ({} KB)",
        xlsx_t.as_secs_f64(),
        xlsx.len() / 1000
    );
    println!(
        "render_sarif    {:>8.3} s  ({} MB)",
        sarif_t.as_secs_f64(),
        sarif.len() / 1_000_000
    );
    println!(
        "render_csv      {:>8.3} s  ({} MB)",
        csv_t.as_secs_f64(),
        csv.len() / 1_000_000
    );
    Ok(())
}
