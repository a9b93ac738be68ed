//! kojo-report: renderers of an assessment for people and machines — the terminal text,
//! the HTML report, the zone diagram (SVG/DOT), SARIF, CSV and XLSX, each opening with the
//! plan (SARIF reports findings only); [`render`] writes any [`Format`]. Every output renders the same
//! [`Assessment`] and never disagrees with its JSON: they read the same findings in the
//! same order and add only what the model itself says (names, zones, flows, answers).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let model = kojo_model::load_file(std::path::Path::new("factory.yaml")).map_err(|_| "bad model")?;
//! let catalog = kojo_catalog::Catalog::embedded()?;
//! let a = kojo_assess::assess(&model, &catalog, &Default::default())?;
//! let html = kojo_report::render_html(&a, &model, &catalog, &kojo_report::HtmlOptions::default())?;
//! let svg = kojo_report::diagram::render_svg(&model, Some(&a), &Default::default());
//! # let _ = (html, svg); Ok(()) }
//! ```

pub mod assessment_text;
pub mod chromium;
pub mod diagram;
pub mod diff;
pub mod html;
pub mod import;
pub mod plan;
pub mod register;
pub mod sarif;
pub mod text;
pub mod tobe;

pub use diagram::{DiagramOptions, DiagramView, render_dot, render_svg};
pub use html::{HtmlOptions, render_html};
pub use register::{render_csv, render_xlsx, write_csv};
pub use sarif::{render_sarif, write_sarif};
pub use text::Lang;

/// Every format an assessment is written in (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// The terminal text: the plan, then the findings by guideline step.
    Text,
    /// The assessment's JSON (its contract: `assessment-output.md`).
    Json,
    /// SARIF 2.1.0 for code scanning (findings only).
    Sarif,
    /// The risk register (or the plan, with `--plan`).
    Csv,
    /// The workbook: the Plan sheet, the risk register and the model's sheets.
    Xlsx,
    /// The self-contained HTML report.
    Html,
}

impl Format {
    /// Whether the output is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// How [`render`] writes: the language, colours (text), a byte-order mark (CSV), the plan
/// instead of the findings (CSV) and the diagram's view (HTML).
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub lang: Lang,
    pub color: bool,
    pub bom: bool,
    pub csv_plan: bool,
    pub view: DiagramView,
    /// The assessment's day (`--today`), for what the HTML report assesses again (the to-be
    /// zoning); `None` = today (UTC).
    pub today: Option<kojo_model::Date>,
}

/// The assessment `a` of `model` in `format`: the one dispatch the command line and the web
/// call.
pub fn render(
    format: Format,
    a: &kojo_findings::Assessment,
    model: &kojo_model::Model,
    catalog: &kojo_catalog::Catalog,
    opts: &RenderOptions,
) -> Result<Vec<u8>, ReportError> {
    let lang = opts.lang;
    Ok(match format {
        Format::Text => assessment_text::render(
            a,
            assessment_text::TextOptions {
                lang: lang.code(),
                color: opts.color,
                model: Some(model),
            },
        )
        .into_bytes(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(a)
                .map_err(|e| ReportError(format!("cannot write JSON: {e}")))?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Sarif => render_sarif(a, catalog)?.into_bytes(),
        Format::Csv => {
            let csv = if opts.csv_plan {
                plan::render_plan_csv(a, lang)?
            } else {
                render_csv(a, lang.code())?
            };
            if opts.bom {
                format!("\u{feff}{csv}")
            } else {
                csv
            }
            .into_bytes()
        }
        Format::Xlsx => render_xlsx(a, model, catalog, lang.code())?,
        Format::Html => render_html(
            a,
            model,
            catalog,
            &HtmlOptions {
                lang,
                view: opts.view,
                today: opts.today,
                ..Default::default()
            },
        )?
        .into_bytes(),
    })
}

/// [`render`] written to `w`: JSON, SARIF and the findings' CSV as they are produced (no
/// whole document in memory, which for a large factory is most of the run's memory); the
/// other formats are built, then written. The bytes are those of [`render`].
pub fn write(
    format: Format,
    a: &kojo_findings::Assessment,
    model: &kojo_model::Model,
    catalog: &kojo_catalog::Catalog,
    opts: &RenderOptions,
    w: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    let io = |e: std::io::Error| ReportError(format!("cannot write: {e}"));
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, a)
                .map_err(|e| ReportError(format!("cannot write JSON: {e}")))?;
            w.write_all(b"\n").map_err(io)
        }
        Format::Sarif => write_sarif(a, catalog, w),
        Format::Csv if !opts.csv_plan => {
            if opts.bom {
                w.write_all("\u{feff}".as_bytes()).map_err(io)?;
            }
            write_csv(a, opts.lang.code(), w)
        }
        _ => w
            .write_all(&render(format, a, model, catalog, opts)?)
            .map_err(io),
    }
}

/// Why an output could not be written.
#[derive(Debug)]
pub struct ReportError(pub String);

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ReportError {}
