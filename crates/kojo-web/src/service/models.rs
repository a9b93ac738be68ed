//! The model and its assessment as the web sees them: validate YAML exactly as `kojo check`
//! does (the model loader plus the catalog reference check), and assess a stored model
//! version with a cache (memory by SHA-256, then the `assessments` table).

use crate::error::AppError;
pub use crate::error::Problem;
use crate::service::access::{Auth, Need};
use crate::store::ModelVersion;
use kojo_findings::Assessment;
use kojo_model::Model;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// The name models are given in messages: the web holds one YAML text per version.
pub const MODEL_NAME: &str = "model.yaml";

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

pub fn report_lang(lang: &str) -> kojo_report::Lang {
    if lang == "ja" {
        kojo_report::Lang::Ja
    } else {
        kojo_report::Lang::En
    }
}

/// The problem shown when a save was made from an outdated version: what happened and what
/// to do; the typed text is kept.
pub(crate) fn stale_problem(base: i64, latest: Option<&ModelVersion>) -> Problem {
    let (v, note) = latest
        .map(|m| (m.version, m.note.clone()))
        .unwrap_or_default();
    Problem {
        code: "stale-version".into(),
        severity: "error".into(),
        message: format!(
            "the model changed since version {base} was loaded: version {v} ({note}) was saved meanwhile, so nothing was saved"
        ),
        line: None,
        column: None,
        help: Some(
            "copy your text, reload the page and apply your change to the current version".into(),
        ),
    }
}

/// The latest model version of factory `fid` for a user with role `need` there; not found
/// when it has none.
pub async fn latest(
    st: &crate::state::AppState,
    auth: &Auth,
    fid: &str,
    need: Need,
) -> Result<ModelVersion, AppError> {
    auth.factory(st, fid, need).await?;
    st.store.latest_model(fid).await?.ok_or(AppError::NotFound)
}
