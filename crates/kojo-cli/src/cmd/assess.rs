//! `kojo assess MODEL`: the guideline's three steps on a factory model — the plan, then the
//! findings grouped by step with recommendations and references, or JSON/SARIF/CSV/XLSX/HTML
//! (kojo-report writes every format); a `--fail-on` gate for CI.

use crate::Global;
use kojo_findings::Severity;
use kojo_model::Date;
use std::path::PathBuf;
use std::process::ExitCode;

/// Carry out Steps 1 to 3 of METI's Cyber/Physical Security Guidelines for Factory Systems
/// on a model: importance, zoning as Annex A reasons, threats with their risk level,
/// requirements within and between zones, the policy, measure gaps, supply chain, OODA
/// roles and maturity. With `--traffic`, what captures and flow logs show (undeclared
/// flows, control commands across zones, unknown hosts) is folded in as findings. Exit
/// status: 0 done (and the gate passed), 1 invalid model, a `--traffic` input that is not
/// a capture or flow log, a capture fault (everything before it is still read) or a
/// finding at `--fail-on` severity that counts, 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo assess examples/annex-a/case1-after.yaml
  kojo assess factory.yaml --format json | jq '.findings[] | select(.kind == \"threat\")'
  kojo assess factory.yaml --fail-on high            # CI gate
  kojo assess factory.yaml --format sarif -o kojo.sarif
  kojo assess factory.yaml --format csv --plan -o plan.csv
  kojo assess factory.yaml --lang ja --catalog company-pack.yaml
  kojo assess factory.yaml --traffic line1.pcapng --traffic conn.log
  kojo assess factory.yaml --compromised asset:eng-station --format json")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// With `--format csv`: write the plan (one row per action) instead of the findings.
    #[arg(long)]
    pub plan: bool,
    /// Write to this file instead of standard output (required for xlsx on a terminal).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at this severity or above counts (not accepted, mitigated or
    /// false-positive by a decision, or whose acceptance has expired).
    #[arg(long, value_name = "SEV", value_parser = crate::common::parse_severity)]
    pub fail_on: Option<Severity>,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Start the CSV with a UTF-8 byte-order mark, so that Excel reads Japanese text right.
    #[arg(long)]
    pub bom: bool,
}

/// What an assessment reads besides the model (`kojo assess`, `kojo plan`).
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Advisory sources for the SBOM check (OSV, CSAF, KEV, VEX); repeatable.
    #[arg(long = "advisories", value_name = "DIR")]
    pub advisories: Vec<PathBuf>,
    /// Where the advisory index is cached (default `$XDG_CACHE_HOME/kojo`).
    #[arg(long, value_name = "DIR")]
    pub advisory_cache: Option<PathBuf>,
    /// A VEX document (CycloneDX VEX, CSAF 2.0 or OpenVEX) for the SBOM check; repeatable.
    #[arg(long = "vex", value_name = "FILE")]
    pub vex: Vec<PathBuf>,
    /// The public EPSS CSV file: scores shown beside CVSS and KEV.
    #[arg(long, value_name = "FILE")]
    pub epss: Option<PathBuf>,
    /// Raise `advisories-stale` when the newest advisory is older than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = kojo_sbom::STALE_AFTER_DAYS)]
    pub stale_after: u32,
    /// The date decisions' `review_by` is compared with (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
    pub today: Option<Date>,
    /// A capture (pcap, pcapng, gzip or not) or flow log (Zeek conn.log, CSV of flows) whose
    /// departures from the model become findings; repeatable, read into one flow table.
    #[arg(long = "traffic", visible_alias = "captures", value_name = "CAPTURE")]
    pub traffic: Vec<PathBuf>,
    /// No progress bar while reading `--traffic` inputs, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    /// Assume this asset is in the attacker's hands (asset:ID, repeatable): what it reaches
    /// is reported (zones[].exposure, attack paths) and the threats there rise one step.
    #[arg(long = "compromised", value_name = "asset:ID")]
    pub compromised: Vec<String>,
}

impl InputArgs {
    /// The assessment of `model` with these inputs, and how many capture faults were met
    /// (everything before a fault is read); `None` when an input is not a capture or flow
    /// log at all (already reported: exit 1).
    pub fn assess(
        &self,
        model: &kojo_model::Model,
        catalog: &kojo_catalog::Catalog,
        command: &str,
    ) -> anyhow::Result<Option<(kojo_findings::Assessment, usize)>> {
        // Traffic findings go through the assessment so the model's decisions apply to them
        // and every output format carries them.
        let mut capture_faults = 0usize;
        let capture_findings = if self.traffic.is_empty() {
            Vec::new()
        } else {
            let Some(summary) = super::traffic::read_inputs(&self.traffic, !self.no_progress)?
            else {
                return Ok(None);
            };
            for fault in &summary.faults {
                eprintln!("kojo {command}: FAULT {fault}; everything before it was read");
            }
            capture_faults = summary.faults.len();
            kojo_traffic::check_against_model(model, &summary.flows)
        };
        let advisories = if self.advisories.is_empty() {
            kojo_pipeline::Advisories::None
        } else {
            kojo_pipeline::Advisories::Sources {
                paths: self.advisories.clone(),
                cache_dir: self.advisory_cache.clone(),
                vex: self.vex.clone(),
                epss: self.epss.clone(),
                stale_after_days: Some(self.stale_after),
            }
        };
        let inputs = kojo_pipeline::Inputs {
            today: self.today,
            advisories,
            capture_findings,
            compromised: self.compromised.clone(),
        };
        let a = kojo_pipeline::assemble(model, catalog, inputs)?;
        Ok(Some((a, capture_faults)))
    }
}

pub use kojo_report::Format;

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    if args.plan && args.format != Format::Csv {
        anyhow::bail!(
            "--plan chooses the CSV's rows: use it with --format csv (`kojo plan` prints the plan)"
        );
    }
    if args.format.is_binary()
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        anyhow::bail!("XLSX is binary: write it to a file with -o FILE");
    }
    let catalog = crate::common::catalog(global)?;
    let model = match crate::common::load_valid(&args.model, &catalog, global) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    let Some((assessment, capture_faults)) = args.inputs.assess(&model, &catalog, "assess")? else {
        return Ok(ExitCode::from(1));
    };
    let opts = kojo_report::RenderOptions {
        lang: global.lang,
        color: args.output.is_none() && global.color.enabled(),
        bom: args.bom,
        csv_plan: args.plan,
        view: kojo_report::DiagramView::Auto,
        today: args.inputs.today,
    };
    // Written as produced (JSON, SARIF, CSV), to a file or a pipe; text on a terminal is
    // built first so that control characters from names can be escaped.
    let write = |w: &mut dyn std::io::Write| {
        kojo_report::write(args.format, &assessment, &model, &catalog, &opts, w)
            .map_err(std::io::Error::other)
    };
    match &args.output {
        Some(path) => crate::output::write_file_streamed(path, write)?,
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            let bytes = kojo_report::render(args.format, &assessment, &model, &catalog, &opts)?;
            crate::output::write_stdout(&bytes, global.color.enabled())?
        }
        None => crate::output::stream_stdout(write)?,
    }
    if let Some(sev) = args.fail_on
        && assessment.fails_at(sev)
    {
        let n = assessment
            .findings
            .iter()
            .filter(|f| f.counts_at(sev))
            .count();
        let level = sev.to_string();
        eprintln!(
            "{}",
            kojo_lang::Message::new("gate-assess-failing")
                .arg("count", n)
                .arg("severity", kojo_lang::severity(global.lang, &level))
                .arg("level", level.as_str())
                .render(global.lang)
        );
        return Ok(ExitCode::from(1));
    }
    if capture_faults > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
