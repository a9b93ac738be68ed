//! `kojo plan MODEL`: the assessment's plan — ranked actions with the findings they close,
//! the risk before and after, when and who — as text or JSON.

use crate::Global;
use kojo_findings::Horizon;
use std::path::PathBuf;
use std::process::ExitCode;

/// Print the plan of a model's assessment: what to do first, in this order (Step 2-1: the
/// most significant threats first, business interruption and safety before the rest) —
/// zoning changes, measures on named subjects, supply-chain and organisational actions, each
/// with its owner, horizon, the risk before → after and the findings it closes. Exit status:
/// 0 done, 1 invalid model or a bad capture, 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo plan examples/annex-a/case1-after.yaml
  kojo plan factory.yaml --horizon now --lang ja
  kojo plan factory.yaml --all --format json -o plan.json")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Output format: text or json (`{"kojo_version", "model", "plan": [...]}`).
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show the first N actions.
    #[arg(long, value_name = "N", default_value_t = kojo_report::plan::FIRST_ACTIONS, conflicts_with = "all")]
    pub limit: usize,
    /// Show every action.
    #[arg(long)]
    pub all: bool,
    /// Only the actions of this horizon.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub horizon: Option<HorizonArg>,
    #[command(flatten)]
    pub inputs: super::assess::InputArgs,
}

/// `kojo plan --format`: the plan is text or JSON (the other formats hold the whole
/// assessment: `kojo assess --format …`).
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Text,
    Json,
}

/// `--horizon now|next|later`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum HorizonArg {
    Now,
    Next,
    Later,
}

impl From<HorizonArg> for Horizon {
    fn from(h: HorizonArg) -> Horizon {
        match h {
            HorizonArg::Now => Horizon::Now,
            HorizonArg::Next => Horizon::Next,
            HorizonArg::Later => Horizon::Later,
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let catalog = crate::common::catalog(global)?;
    let model = match crate::common::load_valid(&args.model, &catalog, global) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    let Some((a, capture_faults)) = args.inputs.assess(&model, &catalog, "plan")? else {
        return Ok(ExitCode::from(1));
    };
    let selection = kojo_report::plan::Selection {
        limit: (!args.all).then_some(args.limit),
        horizon: args.horizon.map(Horizon::from),
    };
    let bytes = match args.format {
        PlanFormat::Json => kojo_report::plan::render_plan_json(&a, selection)?,
        PlanFormat::Text => kojo_report::plan::render_plan_text(
            &a,
            Some(&model),
            kojo_report::plan::PlanTextOptions {
                lang: global.lang,
                color: args.output.is_none() && global.color.enabled(),
                selection,
            },
        ),
    };
    match &args.output {
        Some(path) => crate::output::write_file(path, bytes.as_bytes())?,
        None => crate::output::write_stdout(bytes.as_bytes(), global.color.enabled())?,
    }
    if capture_faults > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
