//! `kojo sbom MODEL --advisories DIR…`: the SBOM check on its own — every asset's SBOM
//! against the advisories, licences against the model's policy, assets without an SBOM.

use crate::Global;
use anyhow::Context as _;
use kojo_findings::Severity;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo sbom factory.yaml                                   # SBOM coverage and licences
  kojo sbom factory.yaml --advisories osv/ --advisories kev.json --fail-on high
  kojo sbom factory.yaml --advisories csaf/ --format json
  kojo sbom factory.yaml --advisories csaf/ --vex supplier.csaf-vex.json --epss epss.csv")]
pub struct Args {
    /// The factory model (YAML).
    pub model: PathBuf,
    /// Advisory sources: directories (searched recursively) or files of OSV records, CSAF
    /// 2.0 documents and the CISA KEV catalog; repeatable. None = no vulnerability matching.
    #[arg(long = "advisories", value_name = "DIR")]
    pub advisories: Vec<PathBuf>,
    /// Where the advisory index is cached (default `$XDG_CACHE_HOME/kojo`).
    #[arg(long, visible_alias = "advisory-cache", value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// A VEX document (CycloneDX VEX, CSAF 2.0 or OpenVEX) whose statements mark the
    /// findings; repeatable, the last one given wins.
    #[arg(long = "vex", value_name = "FILE")]
    pub vex: Vec<PathBuf>,
    /// The public EPSS CSV file (`cve,epss,percentile`): scores shown beside CVSS and KEV.
    #[arg(long, value_name = "FILE")]
    pub epss: Option<PathBuf>,
    /// Raise `advisories-stale` when the newest advisory is older than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = kojo_sbom::STALE_AFTER_DAYS)]
    pub stale_after: u32,
    /// The date decisions and the advisories' age are judged against (default today, UTC).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
    pub today: Option<kojo_model::Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a finding at this severity or above counts (not accepted by a decision).
    #[arg(long, value_name = "SEV", value_parser = crate::common::parse_severity)]
    pub fail_on: Option<Severity>,
}

/// Output formats of `kojo sbom`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let catalog = crate::common::catalog(global)?;
    let model = match crate::common::load_valid(&args.model, &catalog, global) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    let opts = kojo_sbom::SbomOptions {
        advisory_dirs: args.advisories.clone(),
        cache_dir: args.cache.clone(),
        zone_importance: kojo_assess::zone_importance(&model),
        vex_files: args.vex.clone(),
        epss_file: args.epss.clone(),
        today: args.today,
        stale_after_days: Some(args.stale_after),
    };
    let outcome = kojo_sbom::check_model(&model, &opts).context("SBOM check")?;
    for w in &outcome.warnings {
        let w = if global.lang.code() == "ja" {
            kojo_sbom::reason_ja(w)
        } else {
            w.clone()
        };
        eprintln!("kojo sbom: {w}");
    }
    let assessment = kojo_sbom::standalone_assessment(&model, outcome.findings);
    let mut out = crate::output::stdout()?;
    match args.format {
        Format::Json => {
            // Serialised first so that a closed pipe surfaces as an I/O error.
            let text = serde_json::to_string_pretty(&assessment)?;
            writeln!(out, "{text}")?;
        }
        Format::Text => {
            let lang = global.lang.code();
            for f in &assessment.findings {
                let t = f.text(lang);
                let mark = match &f.decision {
                    Some(d) if d.suppresses() => format!(" [{}]", d.status.as_str()),
                    _ if f.vex_settles() => " [VEX]".to_string(),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "{:<8} {} {:<16} {}{mark}",
                    f.severity.as_str(),
                    f.id,
                    f.kind,
                    t.title
                )?;
                writeln!(out, "         {}", t.detail)?;
                writeln!(out, "         → {}", t.recommendation)?;
            }
            let s = &assessment.summary;
            let counts: Vec<String> = Severity::ALL_DESC
                .iter()
                .map(|sev| format!("{} {}", s.by_severity.get(sev).copied().unwrap_or(0), sev))
                .collect();
            writeln!(out, "{} findings: {}", s.findings, counts.join(", "))?;
        }
    }
    out.flush().map_err(crate::output::stdout_error)?;
    if args.fail_on.is_some_and(|t| assessment.fails_at(t)) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
