//! kojo-sbom: SBOM ingest (CycloneDX, SPDX), offline advisory sources (OSV, CSAF, KEV) and
//! matching, for Step 3's vulnerability management.
//!
//! STUB: the public API below is the contract the assessment codes against; the SBOM issue
//! fills it in.

use kojo_findings::Finding;
use kojo_model::{Level, Model};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct SbomOptions {
    /// Advisory sources (directories or archives of OSV, CSAF, KEV); empty = no matching.
    pub advisory_dirs: Vec<PathBuf>,
    /// Where the advisory index is cached between runs; `None` = a default cache location.
    pub cache_dir: Option<PathBuf>,
    /// Importance of each zone (from the assessment), to raise severity in important zones.
    pub zone_importance: BTreeMap<String, Level>,
}

#[derive(Debug, Clone, Default)]
pub struct SbomOutcome {
    /// `vulnerability`, `sbom-missing`, `license-unknown` (and licence policy) findings.
    pub findings: Vec<Finding>,
}

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
pub fn check_model(_model: &Model, _opts: &SbomOptions) -> Result<SbomOutcome, SbomError> {
    Ok(SbomOutcome::default())
}
