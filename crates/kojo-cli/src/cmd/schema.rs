//! `kojo schema`: print the JSON Schema of the model format.

use crate::Global;
use std::path::PathBuf;
use std::process::ExitCode;

/// Print the JSON Schema (draft 2020-12) of the model format, so that editors with
/// yaml-language-server complete and validate model files. Put
/// `# yaml-language-server: $schema=kojo.schema.json` at the top of a model to use it.
/// The schema checks fields and words; `kojo check` also checks references and dates.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo schema > kojo.schema.json
  kojo schema -o .vscode/kojo.schema.json")]
pub struct Args {
    /// Write the schema to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let text = serde_json::to_string_pretty(&kojo_model::schema::json_schema())? + "\n";
    match args.output {
        Some(path) => crate::output::write_file(&path, text.as_bytes())?,
        None => crate::output::write_stdout(text.as_bytes(), false)?,
    }
    Ok(ExitCode::SUCCESS)
}
