//! One module per subcommand; each owns its clap `Args` and its `run`.

pub mod advisories;
pub mod assess;
pub mod catalog;
pub mod check;
pub mod diagram;
pub mod diff;
pub mod discover;
pub mod history;
pub mod init;
pub mod paths;
pub mod report;
pub mod sbom;
pub mod schema;
pub mod serve;
pub mod traffic;
pub mod user;

use kojo_model::Date;

/// Loads a model, or prints its diagnostics and gives the exit code: 2 when it cannot be
/// read at all, 1 when it is invalid.
pub(crate) fn load_model(
    path: &std::path::Path,
    global: &crate::Global,
) -> Result<kojo_model::Model, std::process::ExitCode> {
    kojo_model::load_file(path).map_err(|diags| {
        let text = kojo_model::render::render_human(
            &diags,
            &|p| std::fs::read_to_string(p).ok(),
            global.color.enabled(),
        );
        eprint!("{text}");
        let io = diags.iter().any(|d| d.code == "io-error");
        std::process::ExitCode::from(if io { 2 } else { 1 })
    })
}

/// `--today YYYY-MM-DD` for every subcommand that compares decisions' `review_by` dates: a
/// real calendar date, or a message that says what would be right.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
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
}
