//! `kojo check`: load and validate factory models, print every problem or what each holds.

use crate::Global;
use kojo_lang::{Lang, Message};
use kojo_model::render::{diagnostics_json, render_short_in};
use kojo_model::{AssetKind, Model};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Load and validate factory models (format version 1): every field, vocabulary and
/// reference, across `include:`d files, and the references into the catalog. Prints every
/// problem with file:line:column and what would be right, or, on success, what each model
/// holds. Exit status: 0 valid, 1 a model is invalid, 2 a file cannot be read.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo check factory.yaml
  kojo check examples/annex-a/*.yaml
  kojo check factory.yaml --format json | jq '.models[0].diagnostics'
  kojo check factory.yaml --format short      # one line per problem, for CI logs")]
pub struct Args {
    /// Model files to check.
    #[arg(required = true, value_name = "MODEL")]
    pub models: Vec<PathBuf>,
    /// Output format: `human` (rustc-style snippets), `short` (one line each), `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// How `check` writes its results.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Short,
    Json,
}

/// What a model holds, for the success summary.
fn counts(m: &Model) -> serde_json::Value {
    serde_json::json!({
        "zones": m.zones.len(),
        "assets": m.assets.len(),
        "data_assets": m.assets.iter().filter(|a| a.kind == AssetKind::Data).count(),
        "flows": m.flows.len(),
        "automated_flows": m.flows.iter().filter(|f| f.automated).count(),
        "control_flows": m.flows.iter().filter(|f| f.control).count(),
        "departments": m.departments.len(),
        "parties": m.parties.len(),
        "operations": m.operations.len(),
        "measures": m.measures.len(),
        "supply_chain": m.supply_chain.len(),
        "decisions": m.decisions.len(),
        "files": m.sources.len(),
    })
}

#[cfg(test)]
fn summary(path: &Path, m: &Model) -> String {
    summary_in(path, m, Lang::En)
}

/// The success line: what the model holds, in `lang`.
fn summary_in(path: &Path, m: &Model, lang: Lang) -> String {
    let c = counts(m);
    let n = |k: &str| i64::try_from(c[k].as_u64().unwrap_or(0)).unwrap_or(i64::MAX);
    let count = |id: &'static str, k: &str| Message::new(id).arg("count", n(k));
    let mut s = Message::new("check-ok")
        .arg("path", path.display().to_string())
        .arg("name", m.factory.name.as_str())
        .arg("zones", count("check-zones", "zones"))
        .arg("assets", count("check-assets", "assets"))
        .arg("data", n("data_assets"))
        .arg("flows", count("check-flows", "flows"))
        .arg("automated", n("automated_flows"))
        .arg("control", n("control_flows"))
        .arg("departments", count("check-departments", "departments"))
        .arg("parties", count("check-parties", "parties"))
        .arg("operations", count("check-operations", "operations"))
        .arg("measures", count("check-measures", "measures"))
        .arg("checklists", count("check-checklists", "supply_chain"))
        .render(lang);
    if n("decisions") > 0 {
        let decisions = count("check-decisions", "decisions");
        s.push_str(
            &Message::new("check-ok-decisions")
                .arg("decisions", decisions)
                .render(lang),
        );
    }
    if n("files") > 1 {
        s.push_str(&count("check-ok-files", "files").render(lang));
    }
    s
}

/// "path: invalid — 2 errors and 1 warning" in `lang`.
fn invalid_line(path: &str, errors: usize, warnings: usize, lang: Lang) -> String {
    let errors = Message::new("check-errors").arg("count", errors);
    let m = if warnings > 0 {
        Message::new("check-invalid-warnings").arg(
            "warnings",
            Message::new("check-warnings").arg("count", warnings),
        )
    } else {
        Message::new("check-invalid")
    };
    m.arg("path", path).arg("errors", errors).render(lang)
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let catalog = crate::common::catalog(global)?;
    let mut invalid = false;
    let mut unreadable = false;
    let mut json_models = Vec::new();
    let mut out = crate::output::stdout()?;
    for path in &args.models {
        let checked = kojo_pipeline::load_checked(path, &catalog);
        let errors = checked.errors();
        let unreadable_now = checked.unreadable();
        let kojo_pipeline::Checked {
            model,
            diagnostics: diags,
        } = checked;
        let warnings = diags.len() - errors;
        // The printed count includes the errors left out of the listing, not only the shown.
        let all_errors: usize = diags
            .iter()
            .filter(|d| d.severity == kojo_model::DiagSeverity::Error)
            .map(kojo_model::Diagnostic::stands_for)
            .sum();
        if unreadable_now {
            unreadable = true;
        } else if model.is_none() || errors > 0 {
            invalid = true;
        }
        match args.format {
            Format::Json => {
                json_models.push(serde_json::json!({
                    "path": path.display().to_string(),
                    "valid": model.is_some() && errors == 0,
                    "errors": errors,
                    "warnings": warnings,
                    "counts": model.as_ref().map(counts),
                    "diagnostics": diagnostics_json(&diags),
                }));
            }
            Format::Short => {
                write!(out, "{}", render_short_in(&diags, global.lang))?;
                if let Some(m) = model.as_ref().filter(|_| errors == 0) {
                    let line = summary_in(path, m, global.lang);
                    writeln!(out, "{}", crate::output::escape_terminal(&line, false))?;
                }
            }
            Format::Human => {
                if !diags.is_empty() {
                    out.flush()?;
                    crate::common::print_diagnostics(&diags, global);
                }
                let lang = global.lang;
                match model.as_ref() {
                    Some(m) if errors == 0 => writeln!(
                        out,
                        "{}",
                        crate::output::escape_terminal(&summary_in(path, m, lang), false)
                    )?,
                    _ if unreadable_now => eprintln!(
                        "{}",
                        Message::new("check-unreadable")
                            .arg("path", crate::output::shown(path))
                            .render(lang)
                    ),
                    _ => eprintln!(
                        "{}",
                        invalid_line(&crate::output::shown(path), all_errors, warnings, lang)
                    ),
                }
            }
        }
    }
    if args.format == Format::Json {
        let doc = serde_json::json!({"models": json_models, "valid": !invalid && !unreadable});
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
    }
    out.flush().map_err(crate::output::stdout_error)?;
    Ok(if unreadable {
        ExitCode::from(crate::common::EXIT_IO)
    } else if invalid {
        ExitCode::from(crate::common::EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::global::{ColorChoice, Lang};

    fn global() -> Global {
        Global {
            catalog: Vec::new(),
            lang: Lang::En,
            color: ColorChoice::Never,
        }
    }

    fn exit(models: Vec<PathBuf>) -> String {
        let code = run(
            Args {
                models,
                format: Format::Short,
            },
            &global(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        format!("{code:?}")
    }

    #[test]
    fn exit_codes() {
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let ok = exit(vec![
            examples.join("starter.yaml"),
            examples.join("annex-a/case1-after.yaml"),
        ]);
        assert_eq!(ok, format!("{:?}", ExitCode::SUCCESS));
        let dir = std::env::temp_dir().join(format!("kojo-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let bad = dir.join("bad.yaml");
        std::fs::write(
            &bad,
            "version: 1\nfactory: {name: x}\nzones: [{id: a, name: A, kind: nope}]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(exit(vec![bad]), format!("{:?}", ExitCode::from(1)));
        assert_eq!(
            exit(vec![dir.join("missing.yaml")]),
            format!("{:?}", ExitCode::from(2))
        );
    }

    #[test]
    fn summary_counts() {
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let path = examples.join("annex-a/case1-after.yaml");
        let m = kojo_model::load_file(&path).unwrap_or_else(|d| panic!("{d:?}"));
        let s = summary(&path, &m);
        assert!(s.contains(": ok — factory `Chubu Assembly Works`: 7 zones, 25 assets (10 data), 13 flows (2 automated, 3 control)"), "{s}");
    }

    #[test]
    fn summary_and_invalid_lines_in_japanese() {
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let path = examples.join("annex-a/case1-after.yaml");
        let m = kojo_model::load_file(&path).unwrap_or_else(|d| panic!("{d:?}"));
        let s = summary_in(&path, &m, Lang::Ja);
        assert!(
            s.contains("：問題なし — 工場 `Chubu Assembly Works`：ゾーン 7、資産 25（うちデータ 10）、フロー 13（うち自動 2、制御 3）"),
            "{s}"
        );
        assert_eq!(kojo_lang::glossary_violation(&s), None, "{s}");
        assert_eq!(
            invalid_line("m.yaml", 1, 0, Lang::En),
            "m.yaml: invalid — 1 error"
        );
        assert_eq!(
            invalid_line("m.yaml", 2, 1, Lang::En),
            "m.yaml: invalid — 2 errors and 1 warning"
        );
        assert_eq!(
            invalid_line("m.yaml", 2, 3, Lang::Ja),
            "m.yaml：不正 — エラー 2 件、警告 3 件"
        );
    }
}
