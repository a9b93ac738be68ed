//! `kojo report MODEL -o DIR`: the self-contained HTML report (and the zone diagram as its
//! own SVG file) for a factory model.

use crate::Global;
use anyhow::Context as _;
use kojo_model::DiagSeverity;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write the HTML report of a model's assessment: summary and risk heat map, zone diagram,
/// the guideline's steps with findings, a page per zone, supplier checklists, OODA roles
/// and maturity. One file, no external assets; print it to PDF from a browser. Exit status:
/// 0 written, 1 invalid model, 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo report examples/annex-a/case1-after.yaml -o report/
  kojo report factory.yaml -o out/ --lang ja
  kojo report big-site.yaml -o out/ --view zones
  kojo report factory.yaml -o out/ --pdf          # also out/report.pdf via headless Chromium")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Directory to write `report.html` and `zone-diagram.svg` into (created if missing).
    #[arg(short, long, value_name = "DIR", default_value = "kojo-report")]
    pub output: PathBuf,
    /// Diagram view: assets when readable (auto), always assets, or zones only.
    #[arg(long, value_enum, default_value_t = super::diagram::View::Auto)]
    pub view: super::diagram::View,
    /// The date decisions' `review_by` is compared with (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub today: Option<kojo_model::Date>,
    /// Also print the report to `report.pdf` with headless Chromium (`chromium` on PATH,
    /// or the program named by `KOJO_CHROMIUM`).
    #[arg(long)]
    pub pdf: bool,
}

/// Prints `html` to `pdf` with headless Chromium, without network access; gives up after
/// two minutes.
fn print_pdf(html: &std::path::Path, pdf: &std::path::Path) -> anyhow::Result<()> {
    use kojo_report::chromium;
    let chromium = chromium::find().ok_or_else(|| {
        anyhow::anyhow!(
            "--pdf needs Chromium (`chromium` on PATH or KOJO_CHROMIUM); \
             or open {} in a browser and print it",
            html.display()
        )
    })?;
    let html = std::fs::canonicalize(html)
        .with_context(|| format!("cannot resolve {}", html.display()))?;
    let args = [
        "--no-pdf-header-footer".to_string(),
        format!("--print-to-pdf={}", pdf.display()),
    ];
    chromium::run_headless(&chromium, &html, &args, std::time::Duration::from_secs(120))
        .with_context(|| format!("cannot print {} to PDF", html.display()))?;
    if !pdf.is_file() {
        anyhow::bail!("Chromium wrote no PDF for {}", html.display());
    }
    Ok(())
}

/// Loads the model and the catalog and runs the assessment; `Err(code)` when the model is
/// invalid (diagnostics already printed).
pub(crate) fn load_and_assess(
    path: &std::path::Path,
    global: &Global,
    today: Option<kojo_model::Date>,
) -> anyhow::Result<
    Result<
        (
            kojo_model::Model,
            kojo_catalog::Catalog,
            kojo_findings::Assessment,
        ),
        ExitCode,
    >,
> {
    let color = global.color.enabled();
    let model = match kojo_model::load_file(path) {
        Ok(m) => m,
        Err(diags) => {
            let text =
                kojo_model::render::render_human(&diags, &kojo_model::read::read_source, color);
            eprint!("{text}");
            let io = diags.iter().any(|d| d.code == "io-error");
            return Ok(Err(ExitCode::from(if io { 2 } else { 1 })));
        }
    };
    let catalog = kojo_catalog::Catalog::with_packs(&global.catalog)
        .map_err(|e| anyhow::anyhow!("cannot load the catalog: {e}"))?;
    let refs = catalog.check_model_refs(&model);
    if !refs.is_empty() {
        eprint!(
            "{}",
            kojo_model::render::render_human(&refs, &kojo_model::read::read_source, color)
        );
        if refs.iter().any(|d| d.severity == DiagSeverity::Error) {
            return Ok(Err(ExitCode::from(1)));
        }
    }
    let opts = kojo_assess::AssessOptions {
        today,
        ..Default::default()
    };
    let a = kojo_assess::assess(&model, &catalog, &opts).context("assessment")?;
    Ok(Ok((model, catalog, a)))
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let (model, catalog, a) = match load_and_assess(&args.model, global, args.today)? {
        Ok(v) => v,
        Err(code) => return Ok(code),
    };
    let lang = kojo_report::Lang::from_code(global.lang.code());
    let view = args.view.into();
    let html = kojo_report::render_html(
        &a,
        &model,
        &catalog,
        &kojo_report::HtmlOptions {
            lang,
            view,
            ..Default::default()
        },
    )?;
    let svg = kojo_report::render_svg(
        &model,
        Some(&a),
        &kojo_report::DiagramOptions { view, lang },
    );
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    let html_path = args.output.join("report.html");
    crate::output::write_file(&html_path, html.as_bytes())?;
    let svg_path = args.output.join("zone-diagram.svg");
    crate::output::write_file(&svg_path, svg.as_bytes())?;
    eprintln!(
        "wrote {} ({} findings) and {}",
        html_path.display(),
        a.findings.len(),
        svg_path.display()
    );
    if args.pdf {
        let pdf_path = args.output.join("report.pdf");
        print_pdf(&html_path, &pdf_path)?;
        eprintln!("wrote {}", pdf_path.display());
    }
    Ok(ExitCode::SUCCESS)
}
