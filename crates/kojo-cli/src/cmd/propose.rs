//! `kojo propose MODEL -o TO-BE.yaml`: the to-be zoning the zone verdicts call for.

use crate::Global;
use kojo_model::Date;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write the model as Annex A's step 3 leaves it: new zones for the assets that are split
/// (they drive control without human review) or separated (an external party's service),
/// the assets moved, a boundary device placeholder where a separated service has none, the
/// suggested target SL of each new zone; YAML comments say what moved and why. The output
/// passes `kojo check`; assess it to see the between-zone requirements the change creates.
/// Exit status: 0 written, 1 invalid model, 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo propose examples/annex-a/case2-after.yaml -o to-be.yaml
  kojo check to-be.yaml && kojo assess to-be.yaml")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Write the to-be model to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date decisions' `review_by` is compared with (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
    pub today: Option<Date>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let (model, catalog, as_is) =
        match crate::common::load_and_assess(&args.model, global, args.today)? {
            Ok(x) => x,
            Err(code) => return Ok(code),
        };
    let today = args.today.unwrap_or_else(Date::today_utc);
    let tb = kojo_assess::propose_from(&model, as_is, &catalog, today);
    match &args.output {
        Some(path) => crate::output::write_file(path, tb.yaml.as_bytes())?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(tb.yaml.as_bytes())?;
            out.flush()?;
        }
    }
    let ch = &tb.changes;
    let ja = global.lang.code() == "ja";
    let summary = match (ch.is_empty(), ja) {
        (true, false) => "no zoning change: every zone is kept or reviewed as it is".to_string(),
        (true, true) => {
            "ゾーニングの変更なし: すべてのゾーンは現状のまま、または要件の見直しのみです"
                .to_string()
        }
        (false, false) => format!(
            "{} new {}, {} {} moved, {} {} now crossing zones",
            ch.zones.len(),
            if ch.zones.len() == 1 { "zone" } else { "zones" },
            ch.moved.len(),
            if ch.moved.len() == 1 {
                "asset"
            } else {
                "assets"
            },
            ch.crossing.len(),
            if ch.crossing.len() == 1 {
                "flow"
            } else {
                "flows"
            },
        ),
        (false, true) => format!(
            "新しいゾーン {} 件、移した資産 {} 件、新たにゾーンを越えるフロー {} 件",
            ch.zones.len(),
            ch.moved.len(),
            ch.crossing.len()
        ),
    };
    match &args.output {
        Some(p) => eprintln!("{}: {summary}", p.display()),
        None => eprintln!("{summary}"),
    }
    Ok(ExitCode::SUCCESS)
}
