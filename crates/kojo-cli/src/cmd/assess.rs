//! `kojo assess MODEL`: the guideline's three steps on a factory model — findings grouped
//! by step with recommendations and references, or JSON/SARIF/CSV/XLSX for machines; a
//! `--fail-on` gate for CI.

use crate::Global;
use anyhow::Context as _;
use kojo_findings::Severity;
use kojo_model::{Date, DiagSeverity};
use std::io::Write as _;
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
  kojo assess factory.yaml --lang ja --catalog company-pack.yaml
  kojo assess factory.yaml --traffic line1.pcapng --traffic conn.log
  kojo assess factory.yaml --compromised asset:eng-station --format json")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file instead of standard output (required for xlsx on a terminal).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at this severity or above counts (not accepted, mitigated or
    /// false-positive by a decision, or whose acceptance has expired).
    #[arg(long, value_name = "SEV", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Advisory sources for the SBOM check (OSV, CSAF, KEV); repeatable.
    #[arg(long = "advisories", value_name = "DIR")]
    pub advisories: Vec<PathBuf>,
    /// The date decisions' `review_by` is compared with (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub today: Option<Date>,
    /// A capture (pcap, pcapng, gzip or not) or flow log (Zeek conn.log, CSV of flows) whose
    /// departures from the model become findings; repeatable, read into one flow table.
    #[arg(long = "traffic", value_name = "CAPTURE")]
    pub traffic: Vec<PathBuf>,
    /// No progress bar while reading `--traffic` inputs, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    /// Assume this asset is in the attacker's hands (asset:ID, repeatable): what it reaches
    /// is reported (zones[].exposure, attack paths) and the threats there rise one step.
    #[arg(long = "compromised", value_name = "asset:ID")]
    pub compromised: Vec<String>,
}

/// Output formats of `kojo assess`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Csv,
    Xlsx,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("`{s}`: expected critical, high, medium, low or info"))
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let color_err = global.color.enabled();
    let model = match kojo_model::load_file(&args.model) {
        Ok(m) => m,
        Err(diags) => {
            let text = kojo_model::render::render_human(
                &diags,
                &|p| std::fs::read_to_string(p).ok(),
                color_err,
            );
            eprint!("{text}");
            let io = diags.iter().any(|d| d.code == "io-error");
            return Ok(ExitCode::from(if io { 2 } else { 1 }));
        }
    };
    let catalog = kojo_catalog::Catalog::with_packs(&global.catalog)
        .map_err(|e| anyhow::anyhow!("cannot load the catalog: {e}"))?;
    let refs = catalog.check_model_refs(&model);
    if !refs.is_empty() {
        eprint!(
            "{}",
            kojo_model::render::render_human(
                &refs,
                &|p| std::fs::read_to_string(p).ok(),
                color_err
            )
        );
        if refs.iter().any(|d| d.severity == DiagSeverity::Error) {
            return Ok(ExitCode::from(1));
        }
    }
    // Traffic findings go through the assessment so the model's decisions apply to them
    // and every output format carries them.
    let mut capture_faults = 0usize;
    let extra_findings = if args.traffic.is_empty() {
        Vec::new()
    } else {
        let Some(summary) = super::traffic::read_inputs(&args.traffic, !args.no_progress)? else {
            return Ok(ExitCode::from(1));
        };
        for fault in &summary.faults {
            eprintln!("kojo assess: FAULT {fault}; everything before it was read");
        }
        capture_faults = summary.faults.len();
        kojo_traffic::check_against_model(&model, &summary.flows)
    };
    let opts = kojo_assess::AssessOptions {
        today: args.today,
        advisory_dirs: args.advisories.clone(),
        extra_findings,
        compromised: args.compromised.clone(),
    };
    let assessment = kojo_assess::assess(&model, &catalog, &opts).context("assessment")?;
    let lang = global.lang.code();

    let bytes: Vec<u8> = match args.format {
        Format::Text => {
            let color = args.output.is_none() && global.color.enabled();
            kojo_assess::text::render(&assessment, kojo_assess::text::TextOptions { lang, color })
                .into_bytes()
        }
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&assessment)?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Sarif => kojo_report::render_sarif(&assessment, &catalog)?.into_bytes(),
        Format::Csv => kojo_report::render_csv(&assessment, lang)?.into_bytes(),
        Format::Xlsx => {
            if args.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                anyhow::bail!("XLSX is binary: write it to a file with -o FILE");
            }
            kojo_report::render_xlsx(&assessment, &model, &catalog, lang)?
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    if let Some(sev) = args.fail_on
        && assessment.fails_at(sev)
    {
        let n = assessment
            .findings
            .iter()
            .filter(|f| f.counts_at(sev))
            .count();
        eprintln!("kojo assess: {n} finding(s) at {sev} or above count: failing (--fail-on {sev})");
        return Ok(ExitCode::from(1));
    }
    if capture_faults > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_parse_or_say_what_is_right() {
        assert_eq!(parse_severity("high"), Ok(Severity::High));
        assert!(
            parse_severity("severe")
                .unwrap_err()
                .contains("critical, high")
        );
    }
}
