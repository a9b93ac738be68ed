//! `kojo diff OLD NEW`: what a change to the model does to the security position.

use crate::Global;
use anyhow::Context;
use kojo_catalog::Catalog;
use kojo_diff::git::{Checkout, ModelSpec, RevisionModel};
use kojo_findings::{Assessment, Severity};
use kojo_model::{DiagSeverity, Diagnostic, Model};
use std::process::ExitCode;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// A self-contained HTML section that a report can embed.
    Html,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo diff examples/annex-a/case1-before.yaml examples/annex-a/case1-after.yaml
  kojo diff HEAD~1:plant/factory.yaml plant/factory.yaml --fail-on-new high   # CI gate
  kojo diff old.yaml new.yaml --format html > change.html
  kojo diff old.yaml new.yaml --no-assess")]
pub struct Args {
    /// The model before the change: a file, or `REV:path` in the git repository of the
    /// current directory (e.g. `HEAD~3:plant/factory.yaml`).
    pub old: String,
    /// The model after the change: a file or `REV:path`.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a new finding (or one whose severity rose) is at or above this severity
    /// and no decision in the model suppresses it: critical | high | medium | low | info.
    #[arg(long, value_name = "SEVERITY", value_parser = crate::common::parse_severity)]
    pub fail_on_new: Option<Severity>,
    /// Compare the models only; do not assess them (no findings, no zone importance).
    #[arg(long, conflicts_with = "fail_on_new")]
    pub no_assess: bool,
}

/// A loaded side: the model and, for a revision, the directory holding its files.
pub(crate) struct Loaded {
    pub label: String,
    pub model: Model,
    /// A revision's files, kept as long as the model is used (the assessment reads SBOMs).
    pub _checkout: Option<Checkout>,
}

/// Why a side could not be loaded: the model's diagnostics (exit 1) or I/O (exit 2).
pub(crate) enum LoadFailure {
    Invalid(Vec<Diagnostic>),
    Io(anyhow::Error),
}

/// Loads one side and checks it as every command does (`kojo_pipeline`): a model `kojo
/// assess` refuses is refused here too.
pub(crate) fn load_side(arg: &str, catalog: &Catalog) -> Result<Loaded, LoadFailure> {
    let valid = |checked: kojo_pipeline::Checked| {
        if checked.unreadable() {
            let why: Vec<String> = checked
                .diagnostics
                .iter()
                .map(|d| d.message.to_string())
                .collect();
            return Err(LoadFailure::Io(anyhow::anyhow!("{}", why.join("; "))));
        }
        checked.into_valid().map_err(LoadFailure::Invalid)
    };
    match ModelSpec::parse(arg) {
        ModelSpec::File(path) => Ok(Loaded {
            label: path.display().to_string(),
            model: valid(kojo_pipeline::load_checked(&path, catalog))?,
            _checkout: None,
        }),
        ModelSpec::Revision { rev, path } => {
            let cwd = std::env::current_dir()
                .context("cannot read the current directory")
                .map_err(LoadFailure::Io)?;
            let RevisionModel {
                label,
                model,
                checkout,
            } = kojo_diff::git::load_revision(&cwd, &rev, &path).map_err(|e| {
                LoadFailure::Io(anyhow::Error::from(e).context(format!("cannot read `{arg}`")))
            })?;
            Ok(Loaded {
                label,
                model: valid(kojo_pipeline::check_loaded(model, catalog))?,
                _checkout: checkout,
            })
        }
    }
}

/// Prints a model's diagnostics, rustc-style, reading source lines from the model files
/// or from the revision's text.
pub(crate) fn print_diagnostics(label: &str, diags: &[Diagnostic], global: &Global) {
    crate::common::print_diagnostics(diags, global);
    let errors = diags
        .iter()
        .filter(|d| d.severity == DiagSeverity::Error)
        .count();
    eprintln!(
        "error: `{label}` is not a valid model ({})",
        crate::common::counted(errors, "error", "errors")
    );
}

/// Puts each finding's text in `lang` where the finding has it (else it stays English).
fn localize(a: &mut Assessment, lang: &str) {
    for f in &mut a.findings {
        let t = f.text(lang);
        f.title = t.title;
        f.detail = t.detail;
        f.recommendation = t.recommendation;
    }
}

fn assess(model: &Model, catalog: &Catalog) -> anyhow::Result<Assessment> {
    Ok(kojo_pipeline::assemble(
        model,
        catalog,
        kojo_pipeline::Inputs::default(),
    )?)
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let catalog = crate::common::catalog(global)?;
    let mut sides = Vec::new();
    let mut invalid = false;
    for arg in [&args.old, &args.new] {
        match load_side(arg, &catalog) {
            Ok(s) => sides.push(s),
            Err(LoadFailure::Invalid(diags)) => {
                print_diagnostics(arg, &diags, global);
                invalid = true;
            }
            // The cause already names the file; no second "cannot read" around it.
            Err(LoadFailure::Io(e)) => return Err(e),
        }
    }
    if invalid {
        return Ok(ExitCode::from(crate::common::EXIT_INVALID));
    }
    let [old, new] = <[Loaded; 2]>::try_from(sides)
        .map_err(|_| anyhow::anyhow!("internal: expected two models"))?;

    let assessments = if args.no_assess {
        None
    } else {
        let mut pair = (
            assess(&old.model, &catalog).with_context(|| format!("assessing `{}`", old.label))?,
            assess(&new.model, &catalog).with_context(|| format!("assessing `{}`", new.label))?,
        );
        // Text and HTML are read by people: findings' titles in the language asked for.
        // JSON keeps the contract's English titles (ids are what machines compare).
        if args.format != Format::Json {
            let lang = global.lang.code();
            localize(&mut pair.0, lang);
            localize(&mut pair.1, lang);
        }
        Some(pair)
    };
    let d = kojo_diff::diff(
        &kojo_diff::Side {
            label: &old.label,
            model: &old.model,
            assessment: assessments.as_ref().map(|a| &a.0),
        },
        &kojo_diff::Side {
            label: &new.label,
            model: &new.model,
            assessment: assessments.as_ref().map(|a| &a.1),
        },
    );

    let out = match args.format {
        Format::Text => kojo_report::diff::render_text(&d, global.lang),
        Format::Json => serde_json::to_string_pretty(&d)? + "\n",
        Format::Html => kojo_report::diff::render_html_section(&d, global.lang) + "\n",
    };
    write_stdout(&out)?;

    if let Some(threshold) = args.fail_on_new {
        let failing = d.gate(threshold);
        if !failing.is_empty() {
            let level = threshold.to_string();
            let ids: Vec<&str> = failing.iter().map(|f| f.id.as_str()).collect();
            eprintln!(
                "{}",
                kojo_lang::Message::new("gate-diff-failing")
                    .arg("count", failing.len())
                    .arg("severity", kojo_lang::severity(global.lang, &level))
                    .arg("ids", ids.join(", "))
                    .render(global.lang)
            );
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn write_stdout(s: &str) -> anyhow::Result<()> {
    crate::output::write_stdout(s.as_bytes(), false)
}
