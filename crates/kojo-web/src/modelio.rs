//! The model and its assessment as the web sees them: validate YAML exactly as `kojo check`
//! does (the model loader plus the catalog reference check), and assess a stored model
//! version with a cache (memory by SHA-256, then the `assessments` table).

use crate::app::{AppError, AppState};
use crate::store::ModelVersion;
use kojo_findings::Assessment;
use kojo_model::{DiagSeverity, Diagnostic, Model};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// The name models are given in messages: the web holds one YAML text per version.
pub const MODEL_NAME: &str = "model.yaml";

/// One diagnostic of a model, in the form pages and the API show next to the field.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    pub code: String,
    /// `error` | `warning`
    pub severity: String,
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub help: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            code: d.code.to_string(),
            severity: match d.severity {
                DiagSeverity::Error => "error".into(),
                DiagSeverity::Warning => "warning".into(),
            },
            message: d.message.clone(),
            line: d.position.as_ref().map(|p| p.line),
            column: d.position.as_ref().map(|p| p.column),
            help: d.help.clone(),
        }
    }
}

/// The embedded catalog, loaded once per process.
pub fn catalog() -> Result<&'static kojo_catalog::Catalog, AppError> {
    static CATALOG: std::sync::OnceLock<Result<kojo_catalog::Catalog, String>> =
        std::sync::OnceLock::new();
    CATALOG
        .get_or_init(|| kojo_catalog::Catalog::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| AppError::Unavailable(format!("the embedded catalog failed to load: {e}")))
}

type Checked = Result<(Model, Vec<Problem>), Vec<Problem>>;

/// The last few large texts checked and their results: every page of a factory checks the
/// same current version again (a 1,000-asset model takes ~40 ms to load, a clone of the
/// loaded model a few). Keyed by the text itself; the check depends on nothing else.
/// (hash of the text, the text, its result)
type CheckedEntry = (u64, Arc<str>, Arc<Checked>);
static CHECKED: std::sync::Mutex<Vec<CheckedEntry>> = std::sync::Mutex::new(Vec::new());
const CHECKED_KEEP: usize = 4;
/// Smaller texts load faster than they would be looked up and cloned.
const CHECKED_MIN_LEN: usize = 64 * 1024;

/// Loads and validates a model from YAML text: `Ok` with the model and its warnings, or
/// every problem found.
pub fn check(yaml: &str) -> Checked {
    if yaml.len() < CHECKED_MIN_LEN {
        return check_uncached(yaml);
    }
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        yaml.hash(&mut h);
        h.finish()
    };
    let hit = CHECKED.lock().ok().and_then(|mut c| {
        let i = c.iter().position(|(k, t, _)| *k == key && &**t == yaml)?;
        let e = c.remove(i);
        let r = e.2.clone();
        c.insert(0, e);
        Some(r)
    });
    if let Some(r) = hit {
        return (*r).clone();
    }
    let r = check_uncached(yaml);
    if let Ok(mut c) = CHECKED.lock() {
        c.insert(0, (key, Arc::from(yaml), Arc::new(r.clone())));
        c.truncate(CHECKED_KEEP);
    }
    r
}

fn check_uncached(yaml: &str) -> Checked {
    let model = kojo_model::load_str(Path::new(MODEL_NAME), yaml)
        .map_err(|diags| diags.iter().map(Problem::from).collect::<Vec<_>>())?;
    let refs = match catalog() {
        Ok(cat) => cat.check_model_refs(&model),
        Err(e) => {
            return Err(vec![Problem {
                code: "catalog".into(),
                severity: "error".into(),
                message: e.message(),
                line: None,
                column: None,
                help: None,
            }]);
        }
    };
    let problems: Vec<Problem> = refs.iter().map(Problem::from).collect();
    if problems.iter().any(|p| p.severity == "error") {
        return Err(problems);
    }
    Ok((model, problems))
}

/// Assesses YAML text (already stored, so it loaded before; it is checked again because a
/// newer kojo may be stricter), without uploads: see [`crate::uploadcheck`].
pub fn assess_yaml(yaml: &str) -> Result<Assessment, AppError> {
    crate::uploadcheck::assess_alone(yaml)
}

/// The assessment of a stored model version (a head row without YAML is enough) with the
/// factory's captures, SBOMs and advisories folded in ([`crate::uploadcheck`]), from the
/// caches or computed (on a blocking thread). The memory cache is keyed by the model's
/// SHA-256 and the uploads read; the database cache holds assessments without uploads only.
pub async fn assessment(st: &AppState, mv: &ModelVersion) -> Result<Arc<Assessment>, AppError> {
    let inputs = crate::uploadcheck::inputs(st, &mv.factory_id).await?;
    assessment_with(st, mv, &inputs).await
}

/// [`assessment`] with the uploads already chosen.
pub async fn assessment_with(
    st: &AppState,
    mv: &ModelVersion,
    inputs: &crate::uploadcheck::CheckInputs,
) -> Result<Arc<Assessment>, AppError> {
    let key = inputs.key(&mv.sha256);
    if let Some(a) = st.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(a);
    }
    let a = if inputs.uploads.is_empty() {
        match st.store.cached_assessment(&mv.id).await? {
            Some(json) => match serde_json::from_str::<Assessment>(&json) {
                Ok(a) => a,
                Err(_) => compute(st, mv, inputs).await?,
            },
            None => compute(st, mv, inputs).await?,
        }
    } else {
        compute(st, mv, inputs).await?
    };
    let a = Arc::new(a);
    if let Ok(mut c) = st.cache.lock() {
        // Bounded: a long-running server sees many versions; dropping all is fine (DB cache).
        if c.len() > 256 {
            c.clear();
        }
        c.insert(key, a.clone());
    }
    Ok(a)
}

async fn compute(
    st: &AppState,
    mv: &ModelVersion,
    inputs: &crate::uploadcheck::CheckInputs,
) -> Result<Assessment, AppError> {
    // A head row (without the YAML) is completed from the database first.
    let yaml = if mv.yaml.is_empty() {
        st.store
            .model_version(&mv.factory_id, mv.version)
            .await?
            .map(|m| m.yaml)
            .unwrap_or_default()
    } else {
        mv.yaml.clone()
    };
    if !inputs.uploads.is_empty() {
        return crate::uploadcheck::assess(st, &mv.factory_id, yaml, inputs).await;
    }
    let a = tokio::task::spawn_blocking(move || assess_yaml(&yaml))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("assessment task: {e}")))??;
    let json = serde_json::to_string(&a).map_err(|e| AppError::Internal(e.into()))?;
    st.store.put_assessment(&mv.id, &json).await?;
    Ok(a)
}

/// What changed between two assessments (review cycles): findings added, removed and
/// changed in severity, by stable finding id.
#[derive(Debug, Clone, Serialize, Default, utoipa::ToSchema)]
pub struct FindingsDiff {
    pub added: Vec<DiffEntry>,
    pub removed: Vec<DiffEntry>,
    pub changed: Vec<DiffEntry>,
    pub unchanged: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DiffEntry {
    pub id: String,
    pub title: String,
    pub step: String,
    pub severity: String,
    /// For `changed`: the severity in the older cycle.
    pub before: Option<String>,
}

/// Compares the findings of an older and a newer assessment; titles in `lang` where the
/// rule has words in it.
pub fn diff_findings(old: &Assessment, new: &Assessment, lang: &str) -> FindingsDiff {
    use std::collections::BTreeMap;
    let o: BTreeMap<&str, &kojo_findings::Finding> =
        old.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let n: BTreeMap<&str, &kojo_findings::Finding> =
        new.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let entry = |f: &kojo_findings::Finding, before: Option<String>| DiffEntry {
        id: f.id.clone(),
        title: f.text(lang).title,
        step: f.step.clone(),
        severity: f.severity.as_str().into(),
        before,
    };
    let mut d = FindingsDiff::default();
    for (id, f) in &n {
        match o.get(id) {
            None => d.added.push(entry(f, None)),
            Some(g) if g.severity != f.severity => {
                d.changed.push(entry(f, Some(g.severity.as_str().into())))
            }
            Some(_) => d.unchanged += 1,
        }
    }
    for (id, f) in &o {
        if !n.contains_key(id) {
            d.removed.push(entry(f, None));
        }
    }
    d
}

fn report_lang(lang: &str) -> kojo_report::Lang {
    if lang == "ja" {
        kojo_report::Lang::Ja
    } else {
        kojo_report::Lang::En
    }
}

/// The zone diagram (SVG, coloured by the assessment) of a stored model version, cached by
/// the model's SHA-256 and the language.
pub async fn diagram(
    st: &AppState,
    mv: &ModelVersion,
    a: Arc<Assessment>,
    lang: &str,
) -> Result<Arc<String>, AppError> {
    // Coloured by the assessment, which depends on the uploads too.
    let inputs = crate::uploadcheck::inputs(st, &mv.factory_id).await?;
    let key = (
        inputs.key(&mv.sha256),
        if lang == "ja" { "ja" } else { "en" },
    );
    if let Some(svg) = st.diagrams.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(svg);
    }
    let yaml = match st.store.model_version(&mv.factory_id, mv.version).await? {
        Some(m) => m.yaml,
        None => return Err(AppError::NotFound),
    };
    let l = report_lang(lang);
    let svg = tokio::task::spawn_blocking(move || -> Result<String, AppError> {
        let (model, _) = check(&yaml).map_err(AppError::Invalid)?;
        let opts = kojo_report::DiagramOptions {
            view: kojo_report::DiagramView::Auto,
            lang: l,
        };
        Ok(kojo_report::render_svg(&model, Some(&a), &opts))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("diagram task: {e}")))??;
    let svg = Arc::new(svg);
    if let Ok(mut c) = st.diagrams.lock() {
        if c.len() > 256 {
            c.clear();
        }
        c.insert(key, svg.clone());
    }
    Ok(svg)
}

/// The HTML report of a stored model version (the same report as `kojo report`).
pub async fn report_html(st: &AppState, mv: &ModelVersion, lang: &str) -> Result<String, AppError> {
    let a = assessment(st, mv).await?;
    let yaml = match st.store.model_version(&mv.factory_id, mv.version).await? {
        Some(m) => m.yaml,
        None => return Err(AppError::NotFound),
    };
    let l = report_lang(lang);
    tokio::task::spawn_blocking(move || -> Result<String, AppError> {
        let (model, _) = check(&yaml).map_err(AppError::Invalid)?;
        let opts = kojo_report::HtmlOptions {
            lang: l,
            ..kojo_report::HtmlOptions::default()
        };
        kojo_report::render_html(&a, &model, catalog()?, &opts)
            .map_err(|e| AppError::Unavailable(format!("the report failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("report task: {e}")))?
}
