//! Renders every output of kojo-report for one model into a directory, without the CLI:
//! `cargo run -p kojo-report --example render -- MODEL OUT_DIR [en|ja]`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(model_path), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: render MODEL OUT_DIR [en|ja]");
        return ExitCode::from(2);
    };
    let lang = args.get(2).map(String::as_str).unwrap_or("en");
    match run(model_path, &PathBuf::from(out), lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(
    model_path: &str,
    out: &std::path::Path,
    lang: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let model = kojo_model::load_file(std::path::Path::new(model_path)).map_err(|d| {
        d.iter()
            .map(|d| format!("{d:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let catalog = kojo_catalog::Catalog::embedded()?;
    let a = kojo_assess::assess(&model, &catalog, &Default::default())?;
    std::fs::create_dir_all(out)?;
    let l = kojo_report::Lang::from_code(lang);
    let dopts = kojo_report::DiagramOptions {
        lang: l,
        ..Default::default()
    };
    std::fs::write(
        out.join("diagram.svg"),
        kojo_report::render_svg(&model, Some(&a), &dopts),
    )?;
    std::fs::write(
        out.join("diagram.dot"),
        kojo_report::render_dot(&model, Some(&a), &dopts),
    )?;
    std::fs::write(
        out.join("assessment.json"),
        serde_json::to_string_pretty(&a)?,
    )?;
    std::fs::write(
        out.join("findings.sarif"),
        kojo_report::render_sarif(&a, &catalog)?,
    )?;
    std::fs::write(out.join("register.csv"), kojo_report::render_csv(&a, lang)?)?;
    std::fs::write(
        out.join("register.xlsx"),
        kojo_report::render_xlsx(&a, &model, &catalog, lang)?,
    )?;
    let html = kojo_report::render_html(
        &a,
        &model,
        &catalog,
        &kojo_report::HtmlOptions {
            lang: l,
            ..Default::default()
        },
    );
    match html {
        Ok(h) => std::fs::write(out.join("report.html"), h)?,
        Err(e) => eprintln!("html: {e}"),
    }
    println!("{} findings written to {}", a.findings.len(), out.display());
    Ok(())
}
