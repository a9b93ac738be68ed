//! `kojo diagram MODEL --format svg|dot`: the zone diagram alone.

use crate::Global;
use crate::common::View;
use kojo_model::Date;
use std::path::PathBuf;
use std::process::ExitCode;

/// Draw the zone diagram of a model: zones in lanes by level (external, information/OA,
/// DMZ, control, production), protected objects inside, flows as edges (solid: control
/// instructions, dashed: data), coloured by the most severe finding of the assessment.
/// Exit status: 0 written, 1 invalid model, 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo diagram examples/annex-a/case1-after.yaml -o zones.svg
  kojo diagram factory.yaml --format dot | dot -Tpng -o zones.png
  kojo diagram big-site.yaml --view zones --lang ja -o zones.svg")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Svg)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Assets when readable (auto), always assets, or zones only.
    #[arg(long, value_enum, default_value_t = View::Auto)]
    pub view: View,
    /// Draw the model alone, without running the assessment (no severity colours).
    #[arg(long)]
    pub plain: bool,
    /// The date decisions' `review_by` is compared with (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
    pub today: Option<Date>,
}

/// Diagram output formats.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Dot,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let lang = kojo_report::Lang::from_code(global.lang.code());
    let opts = kojo_report::DiagramOptions {
        view: args.view.into(),
        lang,
    };
    let (model, assessment) = if args.plain {
        let catalog = crate::common::catalog(global)?;
        match crate::common::load_valid(&args.model, &catalog, global) {
            Ok(m) => (m, None),
            Err(code) => return Ok(code),
        }
    } else {
        match crate::common::load_and_assess(&args.model, global, args.today)? {
            Ok((m, _, a)) => (m, Some(a)),
            Err(code) => return Ok(code),
        }
    };
    let text = match args.format {
        Format::Svg => kojo_report::render_svg(&model, assessment.as_ref(), &opts),
        Format::Dot => kojo_report::render_dot(&model, assessment.as_ref(), &opts),
    };
    match &args.output {
        Some(path) => crate::output::write_file(path, text.as_bytes())?,
        None => crate::output::write_stdout(text.as_bytes(), false)?,
    }
    Ok(ExitCode::SUCCESS)
}
