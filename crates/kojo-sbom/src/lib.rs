//! kojo-sbom: SBOM ingest (CycloneDX, SPDX), offline advisory sources (OSV, CSAF, KEV) and
//! matching, for Step 3's vulnerability management: the guideline asks that the components
//! of general-purpose products and software — OSS included — be known, their licences
//! managed and their vulnerabilities watched daily (Step 2-2 (ii), Step 3 (2), Table 3-12).
//!
//! [`check_model`] reads every asset's `sbom:`, matches its components against the
//! advisory index and returns findings of the assessment contract: `vulnerability`,
//! `sbom-missing`, `sbom-invalid`, `license-unknown` and `license-policy`.

pub mod advisory;
pub mod cpe;
pub mod epss;
mod findings;
pub mod index;
mod ja;
pub mod matcher;
pub mod range;
pub mod sbom;
pub mod version;
pub mod vex;
pub mod vex_out;

pub use findings::{Extra, needs_sbom, policy_violation, sbom_path, vulnerability_severity};
pub use index::{AdvisoryIndex, IndexError, IndexStats, default_cache_dir};
/// A reason kojo-sbom gives in English (why an SBOM cannot be read, why a version cannot be
/// judged), in Japanese.
pub use ja::reason as reason_ja;
pub use matcher::{MatchPath, Verdict, VulnMatch, match_components};
pub use sbom::{Component, Sbom, SbomFormat};

use kojo_findings::Finding;
use kojo_model::{Level, Model};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What [`check_model`] needs besides the model.
#[derive(Debug, Clone, Default)]
pub struct SbomOptions {
    /// Advisory sources (directories or archives of OSV, CSAF, KEV); empty = no matching.
    pub advisory_dirs: Vec<PathBuf>,
    /// Where the advisory index is cached between runs; `None` = a default cache location.
    pub cache_dir: Option<PathBuf>,
    /// Importance of each zone (from the assessment), to raise severity in important zones.
    pub zone_importance: BTreeMap<String, Level>,
    /// VEX documents (CycloneDX, CSAF, OpenVEX) whose statements mark the findings.
    pub vex_files: Vec<PathBuf>,
    /// The public EPSS CSV file, whose scores are shown beside CVSS and KEV.
    pub epss_file: Option<PathBuf>,
    /// The day decisions and the advisories' age are judged against; `None` = today (UTC).
    pub today: Option<kojo_model::Date>,
    /// How many days old the newest advisory may be before `advisories-stale`; `None` = 30.
    pub stale_after_days: Option<u32>,
}

/// The default age limit of the advisory set, in days.
pub const STALE_AFTER_DAYS: u32 = 30;

/// The findings of the SBOM check.
#[derive(Debug, Clone, Default)]
pub struct SbomOutcome {
    /// `vulnerability`, `sbom-missing`, `sbom-invalid`, `license-unknown`,
    /// `license-policy` and `advisory-invalid` findings.
    pub findings: Vec<Finding>,
    /// Warnings that change no finding (an advisory cache that cannot be written).
    pub warnings: Vec<String>,
}

/// An advisory source that cannot be read (the SBOMs' own problems are findings).
#[derive(Debug)]
pub struct SbomError(pub String);

impl std::fmt::Display for SbomError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for SbomError {}

/// Checks every asset's `sbom:` (paths relative to the model file that declares the asset)
/// against the advisories. An unreadable SBOM is a finding, not an error; an unreadable
/// advisory source is an error.
pub fn check_model(model: &Model, opts: &SbomOptions) -> Result<SbomOutcome, SbomError> {
    let index = if opts.advisory_dirs.is_empty() {
        None
    } else {
        let model_dir = model
            .sources
            .first()
            .and_then(|s| s.path.parent())
            .map(|p| p.to_path_buf())
            .unwrap_or_default();
        let cache = opts
            .cache_dir
            .clone()
            .unwrap_or_else(|| default_cache_dir(&model_dir));
        let (idx, _) = AdvisoryIndex::load_or_build(&opts.advisory_dirs, &cache, false)
            .map_err(|e| SbomError(format!("advisory source {e}")))?;
        Some(idx)
    };
    let extra = Extra {
        vex: vex::read_files(&opts.vex_files).map_err(SbomError)?,
        epss: match &opts.epss_file {
            None => epss::Epss::default(),
            Some(p) => {
                let bytes = std::fs::read(p)
                    .map_err(|e| SbomError(format!("{}: cannot read: {e}", p.display())))?;
                epss::Epss::parse(&bytes).map_err(|e| SbomError(format!("{}: {e}", p.display())))?
            }
        },
    };
    let today = opts.today.unwrap_or_else(kojo_model::Date::today_utc);
    let mut findings = findings::check(model, index.as_ref(), &opts.zone_importance, &extra);
    let mut warnings = Vec::new();
    if let Some(idx) = &index {
        findings.extend(
            idx.stats
                .faults
                .iter()
                .map(|(path, why)| findings::advisory_invalid(path, why)),
        );
        findings.extend(idx.stats.newest.as_deref().and_then(|n| {
            findings::advisories_stale(n, today, opts.stale_after_days.unwrap_or(STALE_AFTER_DAYS))
        }));
        kojo_findings::apply_decisions(&mut findings, &model.decisions, today);
        warnings.extend(idx.warnings().iter().cloned());
    }
    Ok(SbomOutcome { findings, warnings })
}

/// [`check_model`] with an index already at hand (tests, benchmarks, the web app).
pub fn check_model_with_index(
    model: &Model,
    index: Option<&AdvisoryIndex>,
    zone_importance: &BTreeMap<String, Level>,
) -> Vec<Finding> {
    findings::check(model, index, zone_importance, &Extra::default())
}

/// [`check_model_with_index`] with `--vex` documents and EPSS scores.
pub fn check_model_with_extra(
    model: &Model,
    index: Option<&AdvisoryIndex>,
    zone_importance: &BTreeMap<String, Level>,
    extra: &Extra,
) -> Vec<Finding> {
    findings::check(model, index, zone_importance, extra)
}

/// An [`Assessment`](kojo_findings::Assessment) holding only the SBOM check's findings, as
/// `kojo sbom` prints it (no zone section: that is the full assessment's).
pub fn standalone_assessment(model: &Model, findings: Vec<Finding>) -> kojo_findings::Assessment {
    use sha2::{Digest, Sha256};
    let root = model.sources.first();
    let sha256 = Sha256::digest(root.map(|s| s.text.as_bytes()).unwrap_or_default())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut a = kojo_findings::Assessment {
        kojo_version: env!("CARGO_PKG_VERSION").to_string(),
        model: kojo_findings::ModelInfo {
            path: root
                .map(|s| s.path.display().to_string())
                .unwrap_or_default(),
            sha256,
            factory: model.factory.name.clone(),
        },
        summary: Default::default(),
        zones: Vec::new(),
        conduits: Vec::new(),
        plan: Vec::new(),
        findings,
    };
    a.finish();
    a
}
