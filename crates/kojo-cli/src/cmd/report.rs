//! `kojo report MODEL -o DIR`: the self-contained HTML report (and the zone diagram as its
//! own SVG file) for a factory model.

use crate::Global;
use anyhow::Context as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write the HTML report of a model's assessment: the plan on one page (when it has
/// actions), summary and risk heat map, zone diagram,
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
    #[arg(long, value_enum, default_value_t = crate::common::View::Auto)]
    pub view: crate::common::View,
    /// The date decisions' `review_by` is compared with (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
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
    // Chromium writes to a temp name beside the target, renamed into place once it is
    // complete: a kill or a failed print leaves an earlier report.pdf as it was.
    let (tmp, _) = crate::output::temp_beside(pdf)
        .with_context(|| format!("cannot write {}", pdf.display()))?;
    let args = [
        "--no-pdf-header-footer".to_string(),
        format!("--print-to-pdf={}", tmp.path().display()),
    ];
    chromium::run_headless(&chromium, &html, &args, std::time::Duration::from_secs(120))
        .with_context(|| format!("cannot print {} to PDF", html.display()))?;
    let written = std::fs::metadata(tmp.path()).map(|m| m.len()).unwrap_or(0);
    if written == 0 {
        anyhow::bail!("Chromium wrote no PDF for {}", html.display());
    }
    std::fs::File::open(tmp.path())
        .and_then(|f| f.sync_all())
        .and_then(|()| tmp.persist(pdf).map(drop).map_err(|e| e.error))
        .with_context(|| format!("cannot write {}", pdf.display()))
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let (model, catalog, a) = match crate::common::load_and_assess(&args.model, global, args.today)?
    {
        Ok(v) => v,
        Err(code) => return Ok(code),
    };
    let lang = kojo_report::Lang::from_code(global.lang.code());
    let view = args.view.into();
    let html = kojo_report::render(
        kojo_report::Format::Html,
        &a,
        &model,
        &catalog,
        &kojo_report::RenderOptions {
            lang,
            view,
            today: args.today,
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
    crate::output::write_file(&html_path, &html)?;
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
