//! `kojo decisions import REGISTER MODEL`: the risk register (XLSX or CSV, as `kojo report`
//! and the web export it) read back into the model's `decisions:`. Every row is accounted
//! for; a dry run by default, `--write` to apply (atomically, the text edited in place).

use crate::Global;
use anyhow::Context as _;
use kojo_lang::Message;
use kojo_report::import::Outcome;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(clap::Subcommand, Debug)]
pub enum Sub {
    /// Read the register's status, owner, due, review_by and reason back into the model.
    Import(ImportArgs),
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo decisions import register.xlsx plant/factory.yaml
  kojo decisions import register.csv plant/factory.yaml --write")]
pub struct ImportArgs {
    /// The risk register: an .xlsx workbook (its first sheet) or a .csv file.
    pub register: PathBuf,
    /// The model file whose `decisions:` are updated.
    pub model: PathBuf,
    /// Write the model (without it, only show what would change).
    #[arg(long)]
    pub write: bool,
    /// The date of new decisions, and the day `review_by` is compared with (default today, UTC).
    #[arg(long, value_parser = crate::common::parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<kojo_model::Date>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    match args.command {
        Sub::Import(a) => import(a, global),
    }
}

fn import(args: ImportArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let lang = global.lang;
    let (model, _catalog, a) =
        match crate::common::load_and_assess(&args.model, global, args.today)? {
            Ok(x) => x,
            Err(code) => return Ok(code),
        };
    let bytes = std::fs::read(&args.register)
        .with_context(|| format!("cannot read {}", args.register.display()))?;
    let xlsx = args
        .register
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let rows = kojo_report::import::read_register(&bytes, xlsx)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.register.display()))?;
    let today = args.today.unwrap_or_else(kojo_model::Date::today_utc);
    let plan = kojo_report::import::plan_import(&rows, &a, &model, today);

    let mut out = Message::new("decisions-title")
        .arg("register", args.register.display().to_string())
        .arg("model", args.model.display().to_string())
        .render(lang);
    out.push('\n');
    for r in &plan.rows {
        let line = match &r.outcome {
            Outcome::Applied => Message::new("decisions-applied")
                .arg("row", r.row)
                .arg("finding", &r.finding)
                .arg("status", &r.status)
                .render(lang),
            Outcome::Unchanged => Message::new("decisions-unchanged")
                .arg("row", r.row)
                .arg("finding", &r.finding)
                .render(lang),
            Outcome::Refused(why) => Message::new("decisions-refused")
                .arg("row", r.row)
                .arg("reason", why.render(lang))
                .render(lang),
        };
        out.push_str(&format!("  {line}\n"));
    }
    let (applied, unchanged, refused) = plan.counts();
    out.push_str(
        &Message::new("decisions-summary")
            .arg("applied", applied)
            .arg("unchanged", unchanged)
            .arg("refused", refused)
            .render(lang),
    );
    out.push('\n');

    if !plan.changes.is_empty() {
        let text = std::fs::read_to_string(&args.model)
            .with_context(|| format!("cannot read {}", args.model.display()))?;
        let new_text = new_model_text(&args.model, &text, &model, &plan.changes)?;
        if args.write {
            crate::output::write_file(&args.model, new_text.as_bytes())?;
            out.push_str(
                &Message::new("decisions-written")
                    .arg("model", args.model.display().to_string())
                    .render(lang),
            );
            out.push('\n');
        } else {
            out.push_str(&kojo_lang::text(lang, "decisions-diff"));
            out.push('\n');
            out.push_str(&line_diff(&text, &new_text));
            out.push_str(&kojo_lang::text(lang, "decisions-dry-run"));
            out.push('\n');
        }
    }
    crate::output::write_stdout(out.as_bytes(), false)?;
    Ok(if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The model file's text with `changes` written in place, checked by loading it (beside the
/// model, so that its includes resolve) to exactly the intended decisions.
fn new_model_text(
    path: &Path,
    text: &str,
    model: &kojo_model::Model,
    changes: &[kojo_model::Decision],
) -> anyhow::Result<String> {
    let mut want = model.clone();
    kojo_model::decide::apply(&mut want, changes);
    let intended = kojo_model::to_yaml(&want);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let check = |candidate: &str| -> anyhow::Result<bool> {
        let tmp = tempfile::Builder::new()
            .prefix(".kojo-decisions.")
            .suffix(".yaml")
            .tempfile_in(dir)?;
        std::fs::write(tmp.path(), candidate)?;
        Ok(kojo_model::load_file(tmp.path()).is_ok_and(|m| kojo_model::to_yaml(&m) == intended))
    };
    if let Some(edited) = kojo_model::decide::edit_text(text, model, changes)
        && check(&edited)?
    {
        return Ok(edited);
    }
    // The text does not lend itself to an edit in place (flow style, `decisions: []`): a
    // single-file model is written anew (comments are lost); one with includes is not.
    if model.sources.len() <= 1 && check(&intended)? {
        return Ok(intended);
    }
    anyhow::bail!(
        "cannot write the decisions into {} in place (its decisions: are not a block list); write them as `- finding: …` items and run again",
        path.display()
    )
}

/// The changed lines between `a` and `b` (one hunk from the first to the last change).
fn line_diff(a: &str, b: &str) -> String {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let pre = x.iter().zip(&y).take_while(|(p, q)| p == q).count();
    let suf = x[pre..]
        .iter()
        .rev()
        .zip(y[pre..].iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    let mut out = format!("@@ line {} @@\n", pre + 1);
    for l in &x[pre..x.len() - suf] {
        out.push_str(&format!("-{l}\n"));
    }
    for l in &y[pre..y.len() - suf] {
        out.push_str(&format!("+{l}\n"));
    }
    out
}
