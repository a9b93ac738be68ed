//! `kojo history MODEL`: findings by severity at each commit that changed the model (its
//! file or a file it includes) — the PDCA trend.

use crate::Global;
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo history plant/factory.yaml
  kojo history plant/factory.yaml --limit 10 --format json")]
pub struct Args {
    /// The model file, in a git repository (its history is read from `HEAD`).
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show only the newest N commits that changed the model.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    // A relative path names a file of the current directory, as with any other command;
    // the repository is the one holding the file, wherever the command is run from.
    let abs = cwd.join(&args.model);
    let (dir, path) = match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => (dir.to_path_buf(), PathBuf::from(".").join(name)),
        _ => anyhow::bail!("`{}` does not name a file", args.model.display()),
    };
    let (rel, versions) = kojo_diff::git::file_history(&dir, &path, args.limit)?;
    if versions.is_empty() && !abs.exists() {
        anyhow::bail!(
            "cannot read `{}`: no such file, and no commit reachable from HEAD has it \
             (give the path of the model file as it is in the repository)",
            args.model.display()
        );
    }
    let catalog = crate::common::catalog(global)?;
    let entries = kojo_diff::history_entries(&versions, |model| {
        kojo_pipeline::assemble(model, &catalog, kojo_pipeline::Inputs::default())
            .map(|a| a.summary)
            .map_err(|e| e.to_string())
    });
    let out = match args.format {
        Format::Text => kojo_report::diff::render_history_text(&rel, &entries, global.lang),
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::json!({ "path": rel, "commits": entries }))?
                + "\n"
        }
    };
    super::diff::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
