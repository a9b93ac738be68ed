//! Writes the JSON of the assessment (`kojo_pipeline::assemble`) of the Annex A examples and a few generated
//! models into a directory, so an optimisation can be checked to leave the output
//! byte-identical (`diff -r before/ after/`).
//!
//! Usage: `dump_outputs OUT_DIR`

use std::path::{Path, PathBuf};

fn main() {
    let Some(out) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: dump_outputs OUT_DIR");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("{}: {e}", out.display());
        std::process::exit(2);
    }
    let catalog = match kojo_catalog::Catalog::embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("catalog: {e}");
            std::process::exit(1);
        }
    };
    let today = kojo_model::Date {
        year: 2026,
        month: 6,
        day: 1,
    };
    let mut models = Vec::new();
    let annex = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&annex)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.sort();
    for p in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        match kojo_model::load_file(p) {
            Ok(m) => models.push((format!("annex-{}", stem(p)), m)),
            Err(d) => eprintln!("{}: does not load ({} diagnostics)", p.display(), d.len()),
        }
    }
    for (a, z, f, s) in [
        (10_000, 500, 50_000, 1),
        (1_000, 50, 5_000, 1),
        (1_000, 50, 5_000, 7),
        (200, 12, 900, 3),
    ] {
        let yaml = kojo_synth::factory_yaml(a, z, f, s);
        match kojo_model::load_str(Path::new("synth.yaml"), &yaml) {
            Ok(m) => models.push((format!("synth-{a}-{z}-{f}-{s}"), m)),
            Err(d) => eprintln!("synth {a}/{z}/{f}/{s}: does not load ({})", d.len()),
        }
    }
    for (name, model) in &models {
        let inputs = kojo_pipeline::Inputs {
            today: Some(today),
            ..Default::default()
        };
        let json = match kojo_pipeline::assemble(model, &catalog, inputs) {
            Ok(a) => serde_json::to_string_pretty(&a).unwrap_or_else(|e| format!("error: {e}")),
            Err(e) => format!("assess error: {e}"),
        };
        let path = out.join(format!("{name}.json"));
        if let Err(e) = std::fs::write(&path, json) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
        println!("{}", path.display());
    }
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
