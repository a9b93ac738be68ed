//! kojo-pipeline: the one way every shell (the `kojo` commands, the web application) loads a
//! model and assembles its assessment.
//!
//! - [`load_checked`] (and [`check_loaded`] for a model read elsewhere, e.g. from a git
//!   revision) gives the model *and* every diagnostic: the loader's (fields, vocabulary,
//!   references, includes) and the catalog's (task, measure and checklist ids, packs
//!   included). A model is valid for every command alike: [`Checked::valid`].
//! - [`assemble`] runs the SBOM check, folds its findings and the capture findings into the
//!   engine's and applies the model's decisions to all of them: the engine itself calls no
//!   producer.

use kojo_catalog::Catalog;
use kojo_findings::{Assessment, Finding};
use kojo_model::{Date, DiagSeverity, Diagnostic, Model};
use std::path::{Path, PathBuf};

/// A model as loaded and checked: the model when it could be read into one (it may still
/// have errors, e.g. a catalog id that does not exist) and every diagnostic.
#[derive(Debug)]
pub struct Checked {
    /// The model, when the loader produced one; `None` when the file could not be read or
    /// did not validate.
    pub model: Option<Model>,
    /// Every diagnostic of the loader and of the catalog check, in that order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The number of diagnostics at error severity.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == DiagSeverity::Error)
            .count()
    }

    /// Whether the file could not be read at all (an I/O failure, not an invalid model).
    pub fn unreadable(&self) -> bool {
        self.model.is_none() && unreadable(&self.diagnostics)
    }

    /// The model when it is valid: loaded and without an error (warnings allowed). Every
    /// command assesses, diffs or checks SBOMs only of a valid model.
    pub fn valid(&self) -> Option<&Model> {
        self.model.as_ref().filter(|_| self.errors() == 0)
    }

    /// [`Checked::valid`], by value: `Ok(model)`, or `Err` with every diagnostic.
    pub fn into_valid(self) -> Result<Model, Vec<Diagnostic>> {
        let errors = self.errors();
        match self.model {
            Some(model) if errors == 0 => Ok(model),
            _ => Err(self.diagnostics),
        }
    }
}

/// Whether the diagnostics of a model that did not load say only that its file could not be
/// read (an I/O failure, exit 2, not an invalid model).
pub fn unreadable(diagnostics: &[Diagnostic]) -> bool {
    !diagnostics.is_empty() && diagnostics.iter().all(|d| d.code == "io-error")
}

/// Loads the model file at `path` (and the files it includes) and checks its references into
/// `catalog`.
pub fn load_checked(path: &Path, catalog: &Catalog) -> Checked {
    check_loaded(kojo_model::load_file(path), catalog)
}

/// [`load_checked`] on a model's text held in memory (the web application's stored
/// versions); `name` is the path diagnostics name.
pub fn load_checked_str(name: &Path, text: &str, catalog: &Catalog) -> Checked {
    check_loaded(kojo_model::load_str(name, text), catalog)
}

/// Checks a model already loaded (or its loader's diagnostics) against `catalog`.
pub fn check_loaded(loaded: Result<Model, Vec<Diagnostic>>, catalog: &Catalog) -> Checked {
    match loaded {
        Ok(model) => {
            let diagnostics = catalog.check_model_refs(&model);
            Checked {
                model: Some(model),
                diagnostics,
            }
        }
        Err(diagnostics) => Checked {
            model: None,
            diagnostics,
        },
    }
}

/// Where the SBOM check finds advisories.
#[derive(Debug, Default)]
pub enum Advisories<'a> {
    /// None: SBOMs are checked for presence, validity and licences only.
    #[default]
    None,
    /// Advisory sources on disk (OSV, CSAF, KEV files or directories), indexed into a cache.
    Sources {
        /// The files and directories (`--advisories`).
        paths: Vec<PathBuf>,
        /// Where the index is cached; `None` = the default cache beside the model.
        cache_dir: Option<PathBuf>,
        /// VEX documents whose statements mark the findings (`--vex`).
        vex: Vec<PathBuf>,
        /// The EPSS CSV file (`--epss`).
        epss: Option<PathBuf>,
        /// The age limit of the advisory set in days (`--stale-after`); `None` = 30.
        stale_after_days: Option<u32>,
    },
    /// An index already built (the web application's uploaded advisories).
    Index(&'a kojo_sbom::AdvisoryIndex),
}

/// Everything besides the model and the catalog that goes into an assessment.
#[derive(Debug, Default)]
pub struct Inputs<'a> {
    /// The day decisions' `review_by` dates are compared with; `None` = today (UTC).
    pub today: Option<Date>,
    /// The advisories the assets' SBOMs are matched against.
    pub advisories: Advisories<'a>,
    /// Findings of captures and flow logs (`kojo_traffic::check_against_model`).
    pub capture_findings: Vec<Finding>,
    /// Assets assumed in the attacker's hands (`asset:ID`, `--compromised`).
    pub compromised: Vec<String>,
}

/// Why an assessment could not be assembled.
#[derive(Debug)]
pub enum PipelineError {
    /// An advisory source cannot be read (the SBOMs' own problems are findings).
    Advisories(String),
    /// The engine failed.
    Assessment(String),
}

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PipelineError::Advisories(e) => write!(f, "SBOM check: {e}"),
            PipelineError::Assessment(e) => write!(f, "assessment: {e}"),
        }
    }
}
impl std::error::Error for PipelineError {}

/// The SBOM check of `model` alone (`kojo sbom`): its findings, in its own order.
pub fn sbom_findings(
    model: &Model,
    advisories: &Advisories,
) -> Result<Vec<Finding>, PipelineError> {
    sbom_findings_on(model, advisories, None)
}

/// [`sbom_findings`] judged on `today` (the advisories' age, decisions' review dates).
fn sbom_findings_on(
    model: &Model,
    advisories: &Advisories,
    today: Option<Date>,
) -> Result<Vec<Finding>, PipelineError> {
    let zone_importance = kojo_assess::zone_importance(model);
    match advisories {
        Advisories::None => Ok(kojo_sbom::check_model_with_index(
            model,
            None,
            &zone_importance,
        )),
        Advisories::Index(index) => Ok(kojo_sbom::check_model_with_index(
            model,
            Some(index),
            &zone_importance,
        )),
        Advisories::Sources {
            paths,
            cache_dir,
            vex,
            epss,
            stale_after_days,
        } => kojo_sbom::check_model(
            model,
            &kojo_sbom::SbomOptions {
                advisory_dirs: paths.clone(),
                cache_dir: cache_dir.clone(),
                zone_importance,
                vex_files: vex.clone(),
                epss_file: epss.clone(),
                today,
                stale_after_days: *stale_after_days,
            },
        )
        .map(|o| o.findings)
        .map_err(|e| PipelineError::Advisories(e.to_string())),
    }
}

/// The assessment of a valid model: the engine's findings, the SBOM check's and the
/// captures', with the model's decisions applied to every one.
pub fn assemble(
    model: &Model,
    catalog: &Catalog,
    inputs: Inputs,
) -> Result<Assessment, PipelineError> {
    let mut extra_findings = sbom_findings_on(model, &inputs.advisories, inputs.today)?;
    extra_findings.extend(inputs.capture_findings);
    let opts = kojo_assess::AssessOptions {
        today: inputs.today,
        extra_findings,
        compromised: inputs.compromised,
    };
    kojo_assess::assess(model, catalog, &opts).map_err(|e| PipelineError::Assessment(e.0))
}

#[cfg(test)]
mod tests;
