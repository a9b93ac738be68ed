//! Uploads held against the model, folded into the factory's assessment as `kojo assess
//! --traffic … --advisories …` folds files in, through the same library calls:
//!
//! - captures and flow logs (pcap, pcapng, Zeek conn.log, flow CSV) are read together into one
//!   flow table by `kojo_traffic::read_sources` and checked with
//!   `kojo_traffic::check_against_model`; the findings go in as `extra_findings`;
//! - SBOM uploads stand for the files the model names in `assets[].sbom`, matched by file name
//!   (the newest upload of a name wins); an asset whose SBOM was not uploaded gets
//!   `sbom-invalid` ("cannot read"). The server never reads a model-named path of its own disk;
//! - advisory uploads (OSV, CSAF, KEV JSON) make one in-memory `kojo_sbom::AdvisoryIndex`
//!   (no cache directory); `kojo_sbom::check_model_with_index` matches the SBOMs against it
//!   and its `vulnerability` findings go in as `extra_findings` (the assessment's own SBOM
//!   check, run without an index, raises the others).
//!
//! Every finding an upload produced carries the facts `source` (`upload:ID` …) and
//! `source_files` (file names). The work per assessment is bounded: the newest
//! [`MAX_CAPTURES`] captures, [`MAX_SBOMS`] SBOM file names and [`MAX_ADVISORIES`] advisory
//! files (each at most 32 MiB, the upload limit), read on a blocking thread from a temporary
//! directory that is removed afterwards.

use crate::error::AppError;
use crate::service::access::{Access, Auth, Need};
use crate::service::models::{self, catalog, check, report_lang};
use crate::state::AppState;
use crate::store::ModelVersion;
use crate::store::UploadInfo;
use kojo_findings::{Assessment, Finding};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// At most this many captures (the newest) are read per assessment.
pub const MAX_CAPTURES: usize = 8;
/// At most this many SBOM file names (the newest upload of each).
pub const MAX_SBOMS: usize = 32;
/// At most this many advisory files (the newest).
pub const MAX_ADVISORIES: usize = 32;

/// The finding kinds of the SBOM check (kojo-sbom), marked with the SBOM upload they read.
const SBOM_KINDS: [&str; 4] = [
    "vulnerability",
    "sbom-invalid",
    "license-unknown",
    "license-policy",
];

/// The uploads an assessment reads, and a digest of them for cache keys.
#[derive(Debug, Clone, Default)]
pub struct CheckInputs {
    pub uploads: Vec<UploadInfo>,
    /// Empty when there are none.
    pub digest: String,
}

impl CheckInputs {
    /// The cache key of an assessment of a model (its SHA-256) with these uploads.
    pub fn key(&self, model_sha: &str) -> String {
        if self.digest.is_empty() {
            model_sha.to_string()
        } else {
            format!("{model_sha}+{}", self.digest)
        }
    }
}

/// Chooses the uploads an assessment reads from a factory's uploads (newest first).
pub fn select(all: Vec<UploadInfo>) -> CheckInputs {
    let mut uploads = Vec::new();
    let (mut caps, mut advs) = (0, 0);
    let mut sbom_names: Vec<String> = Vec::new();
    for u in all {
        match u.kind.as_str() {
            "capture" if caps < MAX_CAPTURES => {
                caps += 1;
                uploads.push(u);
            }
            "advisory" if advs < MAX_ADVISORIES => {
                advs += 1;
                uploads.push(u);
            }
            "sbom" if sbom_names.len() < MAX_SBOMS && !sbom_names.contains(&u.filename) => {
                sbom_names.push(u.filename.clone());
                uploads.push(u);
            }
            _ => {}
        }
    }
    let digest = if uploads.is_empty() {
        String::new()
    } else {
        let ids: Vec<&str> = uploads.iter().map(|u| u.id.as_str()).collect();
        crate::store::sha256_hex(ids.join(",").as_bytes())[..16].to_string()
    };
    CheckInputs { uploads, digest }
}

/// The uploads the current assessment of a factory reads.
pub async fn inputs(st: &AppState, fid: &str) -> Result<CheckInputs, AppError> {
    Ok(select(st.store.check_uploads(fid).await?))
}

/// The newest model version of a factory (without its text) and the uploads its assessment
/// reads, asked of the database at once: every page of the factory's findings needs both.
async fn latest_with_inputs(
    st: &AppState,
    fid: &str,
) -> Result<Option<(ModelVersion, CheckInputs)>, AppError> {
    let (mv, uploads) =
        tokio::try_join!(st.store.latest_model_head(fid), st.store.check_uploads(fid))?;
    Ok(mv.map(|mv| (mv, select(uploads))))
}

/// The user's access to a factory (checked against `need`) and, when it is granted, the
/// factory's newest version and the uploads its assessment reads. The three are asked of the
/// database at once (one round trip on PostgreSQL, not two); the access check still decides
/// first: a refused user gets its refusal, never a database error or anything of the model.
pub async fn access_with_latest(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    need: Need,
) -> Result<(Access, Option<(ModelVersion, CheckInputs)>), AppError> {
    let (access, latest) = tokio::join!(auth.factory(st, fid, need), latest_with_inputs(st, fid));
    Ok((access?, latest?))
}

/// A file name safe to create in the temporary directory (what shows in messages).
fn safe_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "upload".into() } else { s }
}

fn temp_dir() -> Result<tempfile::TempDir, AppError> {
    tempfile::Builder::new()
        .prefix("kojo-web-check-")
        .tempdir()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary directory: {e}")))
}

/// The assessment of model text with a factory's uploads (see the module documentation).
pub async fn assess(
    st: &AppState,
    fid: &str,
    yaml: String,
    inputs: &CheckInputs,
) -> Result<Assessment, AppError> {
    let (dir, files) = write_uploads(st, fid, inputs).await?;
    tokio::task::spawn_blocking(move || {
        let r = assess_files(&yaml, dir.path(), &files);
        drop(dir);
        r
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("assessment task: {e}")))?
}

/// The uploads of `inputs` written into a new temporary directory (removed when the
/// directory is dropped), each with its path.
pub(crate) async fn write_uploads(
    st: &AppState,
    fid: &str,
    inputs: &CheckInputs,
) -> Result<(tempfile::TempDir, Vec<(UploadInfo, PathBuf)>), AppError> {
    let dir = temp_dir()?;
    let mut files = Vec::new();
    for u in &inputs.uploads {
        // One at a time: only the files on disk, never all contents in memory at once.
        let Some(bytes) = st.store.upload_content(fid, &u.id).await? else {
            continue;
        };
        let sub = dir.path().join(&u.id);
        let path = sub.join(safe_name(&u.filename));
        std::fs::create_dir_all(&sub)
            .and_then(|_| std::fs::write(&path, &bytes))
            .map_err(|e| AppError::Internal(anyhow::anyhow!("writing an upload: {e}")))?;
        files.push((u.clone(), path));
    }
    Ok((dir, files))
}

/// Points every `assets[].sbom` of `model` at the SBOM upload of the same file name (or at a
/// missing file under `root`); returns which upload each asset's SBOM is.
pub(crate) fn bind_sboms<'a>(
    model: &mut kojo_model::Model,
    root: &Path,
    files: &'a [(UploadInfo, PathBuf)],
) -> HashMap<String, &'a UploadInfo> {
    let mut sbom_of: HashMap<String, &UploadInfo> = HashMap::new();
    for a in &mut model.assets {
        let Some(rel) = a.sbom.clone() else { continue };
        let name = rel
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        match files
            .iter()
            .find(|(u, _)| u.kind == "sbom" && u.filename == name)
        {
            Some((u, p)) => {
                a.sbom = Some(p.clone());
                sbom_of.insert(a.id.clone(), u);
            }
            None => a.sbom = Some(root.join("not-uploaded").join(safe_name(&name))),
        }
    }
    sbom_of
}

/// One in-memory advisory index of the advisory uploads; `None` without any.
pub(crate) fn advisory_index(files: &[(UploadInfo, PathBuf)]) -> Option<kojo_sbom::AdvisoryIndex> {
    let mut advs = files
        .iter()
        .filter(|(u, _)| u.kind == "advisory")
        .peekable();
    advs.peek()?;
    let mut idx = kojo_sbom::AdvisoryIndex::new();
    for (u, p) in advs {
        // Each was read on upload; one that no longer reads is left out.
        if let Ok(bytes) = std::fs::read(p) {
            let _ = idx.add_json(&u.filename, &bytes);
        }
    }
    Some(idx)
}

/// The assessment of model text without uploads (every `assets[].sbom` is "not uploaded").
pub fn assess_alone(yaml: &str) -> Result<Assessment, AppError> {
    let dir = temp_dir()?;
    assess_files(yaml, dir.path(), &[])
}

fn mark(f: &mut Finding, sources: &[&UploadInfo]) {
    let ids: Vec<String> = sources.iter().map(|u| format!("upload:{}", u.id)).collect();
    let names: Vec<&str> = sources.iter().map(|u| u.filename.as_str()).collect();
    f.facts.insert("source".into(), serde_json::json!(ids));
    f.facts
        .insert("source_files".into(), serde_json::json!(names));
}

/// The assessment of model text with upload files already written under `root` (each
/// `(upload, path)`); blocking. Paths under `root` never reach the result.
pub fn assess_files(
    yaml: &str,
    root: &Path,
    files: &[(UploadInfo, PathBuf)],
) -> Result<Assessment, AppError> {
    let (mut model, _) = models::check(yaml).map_err(AppError::Invalid)?;
    let of_kind = |k: &'static str| files.iter().filter(move |(u, _)| u.kind == k);

    // SBOM uploads stand for the model's `assets[].sbom` files, by file name.
    let sbom_of = bind_sboms(&mut model, root, files);

    let mut extra = Vec::new();
    // Captures: one flow table, as `kojo assess --traffic a --traffic b`.
    let mut caps: Vec<&(UploadInfo, PathBuf)> = of_kind("capture").collect();
    let read = |caps: &[&(UploadInfo, PathBuf)]| {
        let paths: Vec<&PathBuf> = caps.iter().map(|(_, p)| p).collect();
        kojo_traffic::read_sources(&paths, kojo_traffic::ReadOptions::default())
    };
    if !caps.is_empty() {
        let mut table = read(&caps);
        if table.is_err() && caps.len() > 1 {
            // Each was read on upload; one that no longer reads (a stricter reader) is left
            // out rather than hiding what the others show.
            let first_error = table;
            caps.retain(|c| read(&[*c]).is_ok());
            // None left: say why (an empty flow table would claim every flow unseen).
            table = if caps.is_empty() {
                first_error
            } else {
                read(&caps)
            };
        }
        match table {
            Ok(summary) => {
                let sources: Vec<&UploadInfo> = caps.iter().map(|(u, _)| u).collect();
                for mut f in kojo_traffic::check_against_model(&model, &summary.flows) {
                    mark(&mut f, &sources);
                    extra.push(f);
                }
            }
            Err(e) => {
                let msg = e.to_string().replace(&format!("{}/", root.display()), "");
                return Err(AppError::Unavailable(format!(
                    "an uploaded capture cannot be read: {msg}"
                )));
            }
        }
    }
    // Advisories: one index in memory; its vulnerability matches go in as extra findings.
    if let Some(idx) = advisory_index(files) {
        let zi = kojo_assess::zone_importance(&model);
        extra.extend(
            kojo_sbom::check_model_with_index(&model, Some(&idx), &zi)
                .into_iter()
                .filter(|f| f.kind == kojo_findings::FindingKind::Vulnerability),
        );
    }

    let inputs = kojo_pipeline::Inputs {
        capture_findings: extra,
        compromised: Vec::new(),
        ..Default::default()
    };
    let mut a = kojo_pipeline::assemble(&model, models::catalog()?, inputs)
        .map_err(|e| AppError::Unavailable(format!("the assessment failed: {e}")))?;
    for f in &mut a.findings {
        if !SBOM_KINDS.contains(&f.kind.as_str()) {
            continue;
        }
        let asset = f.subjects.first().and_then(|s| s.strip_prefix("asset:"));
        if let Some(u) = asset.and_then(|id| sbom_of.get(id)) {
            mark(f, &[u]);
        }
    }
    // Temporary paths never reach the user: `ROOT/ID/name` reads `ID/name`.
    let json = serde_json::to_string(&a).map_err(|e| AppError::Internal(e.into()))?;
    let json = json.replace(&format!("{}/", root.display()), "");
    serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into()))
}

/// Says per upload what it produced in the current assessment `a` of `model_yaml`: the
/// findings marked with it by kind, the assets an SBOM stands for, or why it is not read.
pub fn describe(
    uploads: &mut [UploadInfo],
    inputs: &CheckInputs,
    a: &Assessment,
    model_yaml: &str,
    lang: &str,
) {
    let ja = lang == "ja";
    let model = models::check(model_yaml).ok().map(|(m, _)| m);
    let vulns = a
        .findings
        .iter()
        .filter(|f| f.kind == kojo_findings::FindingKind::Vulnerability)
        .count();
    for u in uploads.iter_mut() {
        if !matches!(u.kind.as_str(), "capture" | "sbom" | "advisory") {
            continue;
        }
        if !inputs.uploads.iter().any(|i| i.id == u.id) {
            u.produced = if ja {
                "評価に使われていません(同じファイル名の新しいアップロード、または件数の上限)"
                    .into()
            } else {
                "not used by the assessment (a newer upload of the same file name, or over the limit)".into()
            };
            continue;
        }
        if u.kind == "advisory" {
            u.produced = if ja {
                format!("アドバイザリ照合に使用(全SBOMで脆弱性の指摘 {vulns} 件)")
            } else {
                format!(
                    "used for advisory matching ({vulns} vulnerability findings over all SBOMs)"
                )
            };
            continue;
        }
        let tag = format!("upload:{}", u.id);
        let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &a.findings {
            let mine = f
                .facts
                .get("source")
                .and_then(|s| s.as_array())
                .is_some_and(|s| s.iter().any(|v| v.as_str() == Some(tag.as_str())));
            if mine {
                *by_kind.entry(f.kind.as_str()).or_default() += 1;
            }
        }
        let total: usize = by_kind.values().sum();
        let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let mut s = if total == 0 {
            if ja {
                "指摘なし".to_string()
            } else {
                "no findings".to_string()
            }
        } else if ja {
            format!("指摘 {total} 件: {}", kinds.join(", "))
        } else {
            format!("{total} findings: {}", kinds.join(", "))
        };
        if u.kind == "sbom" {
            let assets: Vec<String> = model
                .iter()
                .flat_map(|m| m.assets.iter())
                .filter(|x| {
                    x.sbom
                        .as_ref()
                        .and_then(|p| p.file_name())
                        .and_then(|n| n.to_str())
                        == Some(u.filename.as_str())
                })
                .map(|x| x.id.clone())
                .collect();
            s = if assets.is_empty() {
                if ja {
                    format!(
                        "どの資産の sbom: もファイル名 {} を指していません",
                        u.filename
                    )
                } else {
                    format!("no asset's sbom: names the file name {}", u.filename)
                }
            } else if ja {
                format!("資産 {} のSBOM; {s}", assets.join(", "))
            } else {
                format!("SBOM of {}; {s}", assets.join(", "))
            };
        }
        u.produced = s;
    }
}

/// The assessment of a stored model version (a head row without YAML is enough) with the
/// factory's captures, SBOMs and advisories folded in ([`crate::service::assessment`]), from the
/// caches or computed (on a blocking thread). The memory cache is keyed by the model's
/// SHA-256 and the uploads read; the database cache holds assessments without uploads only.
pub async fn assessment(st: &AppState, mv: &ModelVersion) -> Result<Arc<Assessment>, AppError> {
    let inputs = crate::service::assessment::inputs(st, &mv.factory_id).await?;
    assessment_with(st, mv, &inputs).await
}

/// [`assessment`] with the uploads already chosen. One computation per cache key at a time:
/// every caller of a key meanwhile waits for it and gets its result, a failure too (not
/// kept: the next caller tries again); see [`crate::state::FlightCache`].
pub async fn assessment_with(
    st: &AppState,
    mv: &ModelVersion,
    inputs: &crate::service::assessment::CheckInputs,
) -> Result<Arc<Assessment>, AppError> {
    st.assessments_requested.fetch_add(1, Ordering::Relaxed);
    let key = inputs.key(&mv.sha256);
    st.assessments
        .get_or_compute(key, || {
            let (st, mv, inputs) = (st.clone(), mv.clone(), inputs.clone());
            async move { load_or_compute(&st, &mv, &inputs).await }
        })
        .await
}

/// A new model version was saved: its assessment starts now in the background, through the
/// same single flight, so the first viewer waits at most for that one computation. Every
/// path that saves a version calls this.
pub fn saved(st: &AppState, mv: &ModelVersion) {
    let (st, mv) = (st.clone(), mv.clone());
    tokio::spawn(async move {
        // A failure (an invalid model, an unreadable upload) is the viewer's to see.
        let _ = assessment(&st, &mv).await;
    });
}

/// Saves `yaml` as the version after `base` (the store's stale-safe save, audited) and
/// starts its assessment ([`saved`]): the one way the services make a version from an edit.
pub(crate) async fn save_version(
    st: &AppState,
    fid: &str,
    base: i64,
    yaml: &str,
    by: &str,
    note: &str,
    audit: crate::store::Audit,
) -> Result<ModelVersion, AppError> {
    let mv = st
        .store
        .save_model_from(fid, base, yaml, by, note, audit)
        .await?;
    saved(st, &mv);
    Ok(mv)
}

/// The assessment from the database cache (without uploads only) or computed, with its
/// approximate size in memory (the length of its JSON).
async fn load_or_compute(
    st: &AppState,
    mv: &ModelVersion,
    inputs: &crate::service::assessment::CheckInputs,
) -> Result<(Arc<Assessment>, usize), AppError> {
    if inputs.uploads.is_empty()
        && let Some(json) = st.store.cached_assessment(&mv.id).await?
    {
        let parsed = tokio::task::spawn_blocking(move || {
            serde_json::from_str::<Assessment>(&json)
                .ok()
                .map(|a| (a, json.len()))
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("assessment task: {e}")))?;
        // JSON a different kojo wrote that no longer reads is computed again.
        if let Some((a, bytes)) = parsed {
            return Ok((Arc::new(a), bytes));
        }
    }
    let (a, bytes) = compute(st, mv, inputs).await?;
    Ok((Arc::new(a), bytes))
}

/// Counts the bytes written to it: the size of a value's JSON without holding the text.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs the assessment (the engine, with the uploads); counted in
/// [`AppState::assessments_computed`]. Returns it with the length of its JSON.
async fn compute(
    st: &AppState,
    mv: &ModelVersion,
    inputs: &crate::service::assessment::CheckInputs,
) -> Result<(Assessment, usize), AppError> {
    #[cfg(test)]
    let _held = st.compute_gate.acquire().await;
    st.assessments_computed.fetch_add(1, Ordering::Relaxed);
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
        let a = crate::service::assessment::assess(st, &mv.factory_id, yaml, inputs).await?;
        let mut n = ByteCount(0);
        serde_json::to_writer(&mut n, &a).map_err(|e| AppError::Internal(e.into()))?;
        return Ok((a, n.0));
    }
    let (a, json) = tokio::task::spawn_blocking(move || -> Result<_, AppError> {
        let a = assess_yaml(&yaml)?;
        let json = serde_json::to_string(&a).map_err(|e| AppError::Internal(e.into()))?;
        Ok((a, json))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("assessment task: {e}")))??;
    let bytes = json.len();
    // The database copy is only a cache: the waiters do not wait for its write (an 8.8 MB
    // JSON for 1,000 assets takes ~0.1 s on SQLite); one that fails is computed again later.
    let (store, id) = (st.store.clone(), mv.id.clone());
    tokio::spawn(async move {
        if let Err(e) = store.put_assessment(&id, &json).await {
            eprintln!("kojo-web: storing the assessment of model version {id} failed: {e}");
        }
    });
    Ok((a, bytes))
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

/// Assesses YAML text (already stored, so it loaded before; it is checked again because a
/// newer kojo may be stricter), without uploads: see [`crate::service::assessment`].
pub fn assess_yaml(yaml: &str) -> Result<Assessment, AppError> {
    assess_alone(yaml)
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
    let inputs = inputs(st, &mv.factory_id).await?;
    let key = (
        inputs.key(&mv.sha256),
        if lang == "ja" { "ja" } else { "en" },
    );
    // Rendered once at a time per key, like the assessment.
    st.diagrams
        .get_or_compute(key, || {
            let (st, mv) = (st.clone(), mv.clone());
            let l = report_lang(lang);
            async move {
                let yaml = match st.store.model_version(&mv.factory_id, mv.version).await? {
                    Some(m) => m.yaml,
                    None => return Err(AppError::NotFound),
                };
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
                let bytes = svg.len();
                Ok((Arc::new(svg), bytes))
            }
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(id: &str, kind: &str, name: &str) -> UploadInfo {
        UploadInfo {
            id: id.into(),
            kind: kind.into(),
            filename: name.into(),
            size: 0,
            sha256: String::new(),
            status: String::new(),
            status_ja: String::new(),
            created_at: 0,
            created_by: None,
            produced: String::new(),
        }
    }

    #[test]
    fn a_capture_that_no_longer_reads_does_not_hide_the_others() {
        let dir = temp_dir().unwrap_or_else(|e| panic!("{e}"));
        let good = dir.path().join("good.pcap");
        let bad = dir.path().join("bad.pcap");
        let frames = [([10, 9, 9, 9], [10, 0, 0, 10], 40000, 502)];
        std::fs::write(&good, crate::tests::uploads::pcap(&frames))
            .and_then(|_| std::fs::write(&bad, b"not a capture at all"))
            .unwrap_or_else(|e| panic!("{e}"));
        let yaml = crate::tests::MODEL.replace(
            "    supplier: agv-maker\n",
            "    supplier: agv-maker\n    addresses: [10.0.0.10]\n",
        );
        let files = [
            (upload("g", "capture", "good.pcap"), good),
            (upload("b", "capture", "bad.pcap"), bad.clone()),
        ];
        let a = assess_files(&yaml, dir.path(), &files).unwrap_or_else(|e| panic!("{e}"));
        let tagged: Vec<&Finding> = a
            .findings
            .iter()
            .filter(|f| f.facts.get("source") == Some(&serde_json::json!(["upload:g"])))
            .collect();
        assert!(
            tagged
                .iter()
                .any(|f| f.kind == kojo_findings::FindingKind::TrafficUnknownHost),
            "{tagged:?}"
        );
        // With only the unreadable one, the assessment says so instead of claiming every
        // modelled flow unseen.
        let only_bad = [(upload("b", "capture", "bad.pcap"), bad)];
        match assess_files(&yaml, dir.path(), &only_bad) {
            Err(AppError::Unavailable(m)) => assert!(m.contains("bad.pcap"), "{m}"),
            other => panic!("{:?}", other.map(|a| a.findings.len())),
        }
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".."), "upload");
        assert_eq!(safe_name("mes.cdx.json"), "mes.cdx.json");
    }
}
