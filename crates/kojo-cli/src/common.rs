//! What every subcommand shares: the catalog, loading a checked model with its diagnostics
//! printed, exit codes, and the `--today` and severity argument parsers.

use crate::Global;
use crate::global::ColorChoice;
use kojo_catalog::Catalog;
use kojo_findings::{Assessment, Severity};
use kojo_model::{Date, Diagnostic, Model};
use std::path::Path;
use std::process::ExitCode;

/// Exit status 1: an invalid model, bad input data or a failed gate.
pub const EXIT_INVALID: u8 = 1;
/// Exit status 2: a usage or I/O error.
pub const EXIT_IO: u8 = 2;

/// The embedded catalog with the `--catalog` packs.
pub fn catalog(global: &Global) -> anyhow::Result<Catalog> {
    Catalog::with_packs(&global.catalog)
        .map_err(|e| anyhow::anyhow!("cannot load the catalog: {e}"))
}

/// Whether to colour what goes to standard error (diagnostics).
pub fn stderr_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Prints diagnostics rustc-style to standard error, with the lines of the files they name,
/// in the language of `--lang`.
pub fn print_diagnostics(diags: &[Diagnostic], global: &Global) {
    if diags.is_empty() {
        return;
    }
    let source = |p: &Path| kojo_model::read::read_source(p);
    let color = stderr_color(global.color);
    eprint!(
        "{}",
        kojo_model::render::render_human_in(diags, &source, color, global.lang)
    );
}

/// The exit code of a model that is not valid, by its diagnostics: 2 when it could not be
/// read, else 1.
pub fn exit_of(diagnostics: &[Diagnostic]) -> ExitCode {
    ExitCode::from(if kojo_pipeline::unreadable(diagnostics) {
        EXIT_IO
    } else {
        EXIT_INVALID
    })
}

/// Loads and checks the model at `path` (`kojo_pipeline::load_checked`) and prints its
/// diagnostics: the model when it is valid, else the exit code to return.
pub fn load_valid(path: &Path, catalog: &Catalog, global: &Global) -> Result<Model, ExitCode> {
    let checked = kojo_pipeline::load_checked(path, catalog);
    print_diagnostics(&checked.diagnostics, global);
    checked.into_valid().map_err(|d| exit_of(&d))
}

/// The catalog, the valid model at `path` and its assessment on `today` (no SBOM
/// advisories, no captures): what the report and the diagram draw.
pub fn load_and_assess(
    path: &Path,
    global: &Global,
    today: Option<Date>,
) -> anyhow::Result<Result<(Model, Catalog, Assessment), ExitCode>> {
    let catalog = catalog(global)?;
    let model = match load_valid(path, &catalog, global) {
        Ok(m) => m,
        Err(code) => return Ok(Err(code)),
    };
    let inputs = kojo_pipeline::Inputs {
        today,
        ..Default::default()
    };
    let a = kojo_pipeline::assemble(&model, &catalog, inputs)?;
    Ok(Ok((model, catalog, a)))
}

/// `--today YYYY-MM-DD` for every subcommand that compares decisions' `review_by` dates: a
/// real calendar date, or a message that says what would be right.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let bad = || format!("`{s}`: expected a date like 2026-04-01");
    let mut it = s.splitn(3, '-');
    let (y, m, d) = (
        it.next().ok_or_else(bad)?,
        it.next().ok_or_else(bad)?,
        it.next().ok_or_else(bad)?,
    );
    let date = Date {
        year: y.parse().map_err(|_| bad())?,
        month: m.parse().map_err(|_| bad())?,
        day: d.parse().map_err(|_| bad())?,
    };
    let days_in_month = Date::days_in_month(date.year, date.month).ok_or_else(bad)?;
    if !(1..=days_in_month).contains(&date.day) {
        return Err(format!(
            "`{s}`: month {} has {days_in_month} days; expected a date like 2026-04-01",
            date.month
        ));
    }
    Ok(date)
}

/// A severity argument (`--fail-on`, `--fail-on-new`), in any letter case.
pub fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(&s.to_ascii_lowercase())
        .ok_or_else(|| format!("`{s}`: expected critical, high, medium, low or info"))
}

/// Which picture of the zone diagram to draw (`kojo diagram`, `kojo report`).
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Auto,
    Assets,
    Zones,
}

impl From<View> for kojo_report::DiagramView {
    fn from(v: View) -> Self {
        match v {
            View::Auto => kojo_report::DiagramView::Auto,
            View::Assets => kojo_report::DiagramView::Assets,
            View::Zones => kojo_report::DiagramView::Zones,
        }
    }
}

/// `n` with the singular or plural noun: "1 error", "3 errors".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_or_say_what_is_right() {
        assert_eq!(
            parse_date("2026-04-01"),
            Ok(Date {
                year: 2026,
                month: 4,
                day: 1
            })
        );
        assert!(
            parse_date("2026-13-01")
                .unwrap_err()
                .contains("expected a date")
        );
        assert!(parse_date("soon").is_err());
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("has 28 days")
        );
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("2026-04-31").is_err());
    }

    #[test]
    fn severities_parse_in_any_case_or_say_what_is_right() {
        assert_eq!(parse_severity("high"), Ok(Severity::High));
        assert_eq!(parse_severity("HIGH"), Ok(Severity::High));
        assert!(
            parse_severity("severe")
                .unwrap_err()
                .contains("critical, high")
        );
    }

    #[test]
    fn counts_take_the_singular_or_the_plural() {
        assert_eq!(counted(1, "error", "errors"), "1 error");
        assert_eq!(counted(0, "error", "errors"), "0 errors");
        assert_eq!(counted(3, "warning", "warnings"), "3 warnings");
    }
}
