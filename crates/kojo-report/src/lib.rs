//! kojo-report: renderers of an assessment for people and machines — the HTML report,
//! the zone diagram (SVG/DOT), SARIF, CSV and XLSX. Every output renders the same
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

pub mod chromium;
pub mod diagram;
pub mod diff;
pub mod html;
pub mod import;
pub mod register;
pub mod sarif;
pub mod text;
pub mod tobe;

pub use diagram::{DiagramOptions, DiagramView, render_dot, render_svg};
pub use html::{HtmlOptions, render_html};
pub use register::{render_csv, render_xlsx};
pub use sarif::render_sarif;
pub use text::Lang;

/// Why an output could not be written.
#[derive(Debug)]
pub struct ReportError(pub String);

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ReportError {}
