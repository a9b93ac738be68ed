//! kojo-report: renderers of an assessment for people and machines — the HTML report,
//! the zone diagram (SVG/DOT), SARIF, CSV and XLSX. Every output renders the same
//! `Assessment` and never disagrees with its JSON.
//!
//! STUB: the public API below is the contract the CLI codes against; the reports issue
//! fills it in.

use kojo_catalog::Catalog;
use kojo_findings::Assessment;
use kojo_model::Model;

#[derive(Debug)]
pub struct ReportError(pub String);

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ReportError {}

fn not_built(what: &str) -> ReportError {
    ReportError(format!("the {what} output is not built yet"))
}

/// SARIF 2.1.0, one result per finding, located at the model line of its subject.
pub fn render_sarif(_a: &Assessment, _catalog: &Catalog) -> Result<String, ReportError> {
    Err(not_built("SARIF"))
}

/// The risk register as CSV, one row per finding.
pub fn render_csv(_a: &Assessment, _lang: &str) -> Result<String, ReportError> {
    Err(not_built("CSV"))
}

/// The risk register as XLSX, with sheets for zones, assets, flows and checklists.
pub fn render_xlsx(_a: &Assessment, _model: &Model, _lang: &str) -> Result<Vec<u8>, ReportError> {
    Err(not_built("XLSX"))
}
