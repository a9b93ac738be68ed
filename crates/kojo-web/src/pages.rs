//! Server-rendered pages (askama), usable without JavaScript. Every handler authenticates
//! through [`Auth`] and checks the factory role through [`Auth::factory`] before reading.

use crate::app::{AppError, AppState};
use crate::auth::{self, Access, Auth, MaybeAuth, Need};
use crate::i18n::Tr;
use crate::modelio::{self, FindingsDiff, Problem};
use crate::store::{
    self, AuditEntry, Factory, Membership, ModelVersion, ReviewCycle, Role, UploadInfo,
};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/factories") }))
        .route("/static/app.css", get(css))
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout))
        .route("/settings/lang", post(set_lang))
        .route("/factories", get(factories).post(create_factory))
        .route("/f/{fid}", get(dashboard))
        .route("/f/{fid}/model", get(model_page).post(model_save))
        .route("/f/{fid}/model.yaml", get(model_export))
        .route("/f/{fid}/zones/{zid}", post(zone_save))
        .route("/f/{fid}/assessment", get(assessment_page))
        .route("/f/{fid}/report", get(report_page))
        .route("/f/{fid}/checklists", get(checklists_page))
        .route("/f/{fid}/checklists/{party}", post(checklist_answer))
        .route("/f/{fid}/reviews", get(reviews_page).post(review_freeze))
        .route("/f/{fid}/reviews/diff", get(review_diff))
        .route("/f/{fid}/uploads", get(uploads_page).post(upload))
        .route("/f/{fid}/members", get(members_page).post(member_add))
        .route("/f/{fid}/audit", get(audit_page))
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
        .into_response()
}

/// Navigation of a factory's pages.
pub struct FactoryNav {
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub can_read: bool,
    pub can_admin: bool,
}

/// What the layout needs on every page.
pub struct Base {
    pub t: Tr,
    pub title: String,
    pub user: Option<String>,
    pub factory: Option<FactoryNav>,
    pub flash: Option<String>,
}

pub(crate) fn base(auth: Option<&Auth>, title: &str, access: Option<&Access>) -> Base {
    let t = Tr::new(auth.map(|a| a.user.lang.as_str()).unwrap_or("en"));
    Base {
        t,
        title: t.w(title).to_string(),
        user: auth.map(|a| a.user.username.clone()),
        factory: access.map(|a| FactoryNav {
            id: a.factory.id.clone(),
            name: a.factory.name.clone(),
            role: a.role.as_str(),
            can_read: a.allows(Need::Read),
            can_admin: a.allows(Need::Admin),
        }),
        flash: None,
    }
}

pub(crate) fn render<T: Template>(t: &T) -> Result<Response, AppError> {
    let html = t
        .render()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))?;
    Ok(Html(html).into_response())
}

/// The path of the page a request came from (its `Referer`), when that page is on the same
/// host: the error page links back to it, so a refused form is one click from the page.
pub fn same_site_referer(h: &axum::http::HeaderMap) -> Option<String> {
    let host = h.get(header::HOST)?.to_str().ok()?;
    let r = h.get(header::REFERER)?.to_str().ok()?;
    let rest = r
        .strip_prefix("http://")
        .or_else(|| r.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

/// A small HTML page for an error status (used by the page error middleware), with a link
/// back to the page the request came from when it is known.
pub fn error_page(status: StatusCode, msg: &str, back: Option<&str>, lang: &str) -> String {
    let lang = if lang == "ja" { "ja" } else { "en" };
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{code}</title>\
         <link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main>\
         <h1>{code}</h1><p class=\"error\" id=\"error\">{msg}</p><p>{back}<a href=\"/factories\">kojo</a></p>\
         </main></body></html>",
        code = esc(&crate::errwords::status_title(status, lang)),
        msg = esc(&crate::errwords::message(msg, lang)),
        back = back
            .map(|b| format!(
                "<a href=\"{}\" id=\"back\" rel=\"prev\">{}</a> · ",
                esc(b),
                crate::errwords::back_word(lang)
            ))
            .unwrap_or_default()
    )
}

// ---- login ----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    b: Base,
    error: Option<String>,
    /// The user name typed before a refused login (kept in the form).
    username: String,
}

/// The language of a page for someone not logged in: Japanese when the browser's first
/// preferred language is (`Accept-Language: ja…`), else English.
fn browser_lang(h: &axum::http::HeaderMap) -> &'static str {
    let first = h
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first == "ja" || first.starts_with("ja-") || first.starts_with("ja;") {
        "ja"
    } else {
        "en"
    }
}

/// The login page's layout in the browser's language.
fn login_base(h: &axum::http::HeaderMap) -> Base {
    let mut b = base(None, "login", None);
    b.t = Tr::new(browser_lang(h));
    b.title = b.t.w("login").to_string();
    b
}

async fn login_page(
    MaybeAuth(auth): MaybeAuth,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    if auth.is_some() {
        return Ok(Redirect::to("/factories").into_response());
    }
    render(&LoginPage {
        b: login_base(&headers),
        error: None,
        username: String::new(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login_submit(
    State(st): State<AppState>,
    session: tower_sessions::Session,
    headers: axum::http::HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    match auth::login(&st.store, &f.username, &f.password).await {
        Ok(user) => {
            // A new session id on login (no fixation).
            session
                .cycle_id()
                .await
                .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
            session
                .insert(auth::SESSION_USER, &user.id)
                .await
                .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
            st.store
                .audit(store::Audit {
                    user_id: Some(user.id.clone()),
                    action: "login".into(),
                    target: format!("user:{}", user.username),
                    ..Default::default()
                })
                .await?;
            Ok(Redirect::to("/factories").into_response())
        }
        Err(e @ AppError::Login(_)) => {
            let status = e.status();
            let b = login_base(&headers);
            let key = match e {
                AppError::Login(auth::LoginError::RateLimited) => "login_rate_limited",
                _ => "login_failed",
            };
            let page = LoginPage {
                error: Some(b.t.w(key).to_string()),
                b,
                username: f.username.chars().take(200).collect(),
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn logout(session: tower_sessions::Session) -> Result<Response, AppError> {
    session
        .flush()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
    Ok(Redirect::to("/login").into_response())
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
}

async fn set_lang(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<LangForm>,
) -> Result<Response, AppError> {
    let lang = match f.lang.as_str() {
        "en" | "ja" => f.lang,
        other => {
            return Err(AppError::BadRequest(format!(
                "unknown language {other:?}: use en or ja"
            )));
        }
    };
    st.store.set_lang(&auth.user.id, &lang).await?;
    Ok(Redirect::to("/factories").into_response())
}

// ---- factories ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "factories.html")]
struct FactoriesPage {
    b: Base,
    factories: Vec<(Factory, String)>,
    can_create: bool,
}

async fn factories(State(st): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let mut factories = Vec::new();
    for f in st.store.factories_for(&auth.user).await? {
        // A supplier cannot read the dashboard: its page in a factory is the checklists.
        let supplier = !auth.is_site_admin()
            && st
                .store
                .membership(&auth.user.id, &f.id)
                .await?
                .is_some_and(|m| m.role == "supplier");
        let href = if supplier {
            format!("/f/{}/checklists", f.id)
        } else {
            format!("/f/{}", f.id)
        };
        factories.push((f, href));
    }
    render(&FactoriesPage {
        b: base(Some(&auth), "factories", None),
        factories,
        can_create: auth.is_site_admin(),
    })
}

#[derive(Deserialize)]
struct NameForm {
    name: String,
}

/// Creating a factory is for site admins (who then grant roles in it).
pub(crate) fn check_factory_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::BadRequest(
            "a factory name has 1 to 200 characters".into(),
        ));
    }
    Ok(name.to_string())
}

async fn create_factory(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<NameForm>,
) -> Result<Response, AppError> {
    if !auth.is_site_admin() {
        return Err(AppError::Forbidden);
    }
    let name = check_factory_name(&f.name)?;
    let id = st.store.create_factory(&name, &auth.user.id).await?;
    Ok(Redirect::to(&format!("/f/{id}")).into_response())
}

// ---- dashboard ------------------------------------------------------------------------

pub struct HeatRow {
    step: String,
    cells: Vec<(&'static str, usize)>,
}

pub struct ZoneRow {
    id: String,
    importance: String,
    target_sl: String,
    findings: usize,
}

/// What the dashboard shows of one model version, computed once per version and language.
pub struct DashSummary {
    version: i64,
    total: usize,
    by_severity: Vec<(&'static str, usize)>,
    severities: Vec<&'static str>,
    heat: Vec<HeatRow>,
    zones: Vec<ZoneRow>,
    diagram: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    b: Base,
    fid: String,
    summary: Option<std::sync::Arc<DashSummary>>,
    error: Option<String>,
}

fn summarize(mv: &ModelVersion, a: &kojo_findings::Assessment) -> DashSummary {
    use kojo_findings::Severity;
    let severities: Vec<&'static str> = Severity::ALL_DESC.iter().map(|s| s.as_str()).collect();
    let by_severity = Severity::ALL_DESC
        .iter()
        .map(|s| {
            (
                s.as_str(),
                a.findings.iter().filter(|f| f.severity == *s).count(),
            )
        })
        .collect();
    let mut steps: BTreeMap<(u32, u32), (String, BTreeMap<Severity, usize>)> = BTreeMap::new();
    for f in &a.findings {
        let e = steps
            .entry(kojo_findings::step_order(&f.step))
            .or_insert_with(|| (f.step.clone(), BTreeMap::new()));
        *e.1.entry(f.severity).or_default() += 1;
    }
    let heat = steps
        .into_values()
        .map(|(step, counts)| HeatRow {
            step,
            cells: Severity::ALL_DESC
                .iter()
                .map(|s| (s.as_str(), counts.get(s).copied().unwrap_or(0)))
                .collect(),
        })
        .collect();
    let zones = a
        .zones
        .iter()
        .map(|z| {
            let subject = format!("zone:{}", z.id);
            ZoneRow {
                id: z.id.clone(),
                importance: z.importance.clone().unwrap_or_default(),
                target_sl: z.target_sl.map(|s| s.to_string()).unwrap_or_default(),
                findings: a
                    .findings
                    .iter()
                    .filter(|f| f.subjects.contains(&subject))
                    .count(),
            }
        })
        .collect();
    DashSummary {
        version: mv.version,
        total: a.findings.len(),
        by_severity,
        severities,
        heat,
        zones,
        diagram: String::new(),
    }
}

async fn dashboard(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let mut page = DashboardPage {
        b: base(Some(&auth), "dashboard", Some(&access)),
        fid,
        summary: None,
        error: None,
    };
    if let Some(mv) = st.store.latest_model_head(&page.fid).await? {
        // The counts include what the factory's uploads produced.
        let inputs = crate::uploadcheck::inputs(&st, &page.fid).await?;
        let key = (
            inputs.key(&mv.id),
            if auth.user.lang == "ja" { "ja" } else { "en" },
        );
        let cached = st.summaries.lock().ok().and_then(|c| c.get(&key).cloned());
        if let Some(sum) = cached {
            page.summary = Some(sum);
        } else {
            match modelio::assessment_with(&st, &mv, &inputs).await {
                Ok(a) => {
                    let mut sum = summarize(&mv, &a);
                    match modelio::diagram(&st, &mv, a, &auth.user.lang).await {
                        Ok(svg) => sum.diagram = svg.to_string(),
                        Err(e) => page.error = Some(e.message()),
                    }
                    let sum = std::sync::Arc::new(sum);
                    if page.error.is_none()
                        && let Ok(mut c) = st.summaries.lock()
                    {
                        if c.len() > 256 {
                            c.clear();
                        }
                        c.insert(key, sum.clone());
                    }
                    page.summary = Some(sum);
                }
                Err(AppError::Invalid(p)) => {
                    page.error = Some(format!("{} {}", p.len(), page.b.t.w("problems_in_model")))
                }
                Err(AppError::Unavailable(m)) => {
                    page.error = Some(crate::errwords::message(&m, &auth.user.lang))
                }
                Err(e) => return Err(e),
            }
        }
    }
    render(&page)
}

// ---- model ----------------------------------------------------------------------------

struct ZoneEdit {
    id: String,
    name: String,
    kind: String,
    target_sl: String,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "model.html")]
struct ModelPage {
    b: Base,
    fid: String,
    version: Option<i64>,
    yaml: String,
    problems: Vec<Problem>,
    zones: Vec<ZoneEdit>,
    zone_forms: bool,
    zone_kinds: Vec<&'static str>,
    can_edit: bool,
    versions: Vec<ModelVersion>,
}

fn zone_rows(model: &kojo_model::Model) -> Vec<ZoneEdit> {
    model
        .zones
        .iter()
        .map(|z| ZoneEdit {
            id: z.id.clone(),
            name: z.name.clone(),
            kind: zone_kind_word(z.kind).to_string(),
            target_sl: z.target_sl.map(|s| s.to_string()).unwrap_or_default(),
            problems: Vec::new(),
        })
        .collect()
}

fn zone_kind_word(k: kojo_model::ZoneKind) -> &'static str {
    use kojo_model::ZoneKind::*;
    match k {
        Control => "control",
        Production => "production",
        Information => "information",
        External => "external",
        Dmz => "dmz",
    }
}

async fn model_view(
    st: &AppState,
    auth: &Auth,
    access: &Access,
    yaml_override: Option<(String, Vec<Problem>)>,
) -> Result<ModelPage, AppError> {
    let fid = access.factory.id.clone();
    let latest = st.store.latest_model(&fid).await?;
    let versions = st.store.model_versions(&fid).await?;
    let (yaml, problems) = match yaml_override {
        Some(x) => x,
        None => (
            latest.as_ref().map(|m| m.yaml.clone()).unwrap_or_default(),
            Vec::new(),
        ),
    };
    let zones = latest
        .as_ref()
        .and_then(|m| modelio::check(&m.yaml).ok())
        .map(|(m, _)| zone_rows(&m))
        .unwrap_or_default();
    Ok(ModelPage {
        b: base(Some(auth), "model", Some(access)),
        fid,
        version: latest.map(|m| m.version),
        yaml,
        problems,
        zones,
        zone_forms: true,
        zone_kinds: vec!["control", "production", "information", "external", "dmz"],
        can_edit: access.allows(Need::Edit),
        versions,
    })
}

async fn model_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    render(&model_view(&st, &auth, &access, None).await?)
}

#[derive(Deserialize)]
struct ModelForm {
    yaml: String,
    #[serde(default)]
    note: String,
    /// The version the page showed; the save is refused when another was saved since.
    #[serde(default)]
    base_version: Option<i64>,
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

/// Validates and saves YAML as a new model version; an invalid model is shown again with
/// every problem next to its line, and nothing is saved.
async fn model_save(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<ModelForm>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Edit).await?;
    let base = crate::app::require_base(f.base_version)?;
    let yaml = f.yaml.replace("\r\n", "\n");
    match modelio::check(&yaml) {
        Ok(_) => {
            let saved = st
                .store
                .save_model_based(&fid, Some(base), &yaml, &auth.user.id, f.note.trim())
                .await?;
            if saved.is_none() {
                let latest = st.store.latest_model_head(&fid).await?;
                let p = stale_problem(base, latest.as_ref());
                let page = model_view(&st, &auth, &access, Some((yaml, vec![p]))).await?;
                return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
            }
            Ok(Redirect::to(&format!("/f/{fid}")).into_response())
        }
        Err(problems) => {
            let page = model_view(&st, &auth, &access, Some((yaml, problems))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

async fn model_export(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    let mv = st
        .store
        .latest_model(&fid)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/yaml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"model-v{}.yaml\"", mv.version),
            ),
        ],
        mv.yaml,
    )
        .into_response())
}

/// The model page's inline zone form: name, kind and target SL of one zone, the rest kept.
#[derive(Deserialize)]
pub(crate) struct ZoneForm {
    pub name: String,
    /// control | production | information | external | dmz
    pub kind: String,
    /// IEC 62443 target security level 1-4; empty for none.
    #[serde(default)]
    pub target_sl: String,
    /// The model version the page showed.
    pub base_version: Option<i64>,
}

/// Changes name, kind and target SL of zone `zid` through the editor's one save path (the
/// same base version check, validation and audit): the zone's other fields are taken from the
/// latest model. `Err` carries the problems to show next to the fields.
pub(crate) async fn edit_zone(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    zid: &str,
    f: &ZoneForm,
) -> Result<Result<ModelVersion, Vec<String>>, AppError> {
    use crate::editor::{Input, Kind, Outcome};
    auth.factory(st, fid, Need::Edit).await?;
    let base = crate::app::require_base(f.base_version)?;
    let mv = st
        .store
        .latest_model(fid)
        .await?
        .ok_or(AppError::NotFound)?;
    let (model, _) = modelio::check(&mv.yaml).map_err(AppError::Invalid)?;
    let idx = crate::editor::index_of(&model, Kind::Zone, zid).ok_or(AppError::NotFound)?;
    let Some(Input::Zone(mut zone)) = Input::from_model(&model, Kind::Zone, idx) else {
        return Err(AppError::NotFound);
    };
    zone.name = f.name.clone();
    zone.kind = f.kind.clone();
    zone.target_sl = f.target_sl.clone();
    zone.base_version = Some(base);
    match crate::editor::save(st, auth, fid, Some(zid), &Input::Zone(zone)).await? {
        Outcome::Saved(mv, _) => Ok(Ok(mv)),
        Outcome::Invalid(problems) => Ok(Err(problems
            .iter()
            .map(|p| match &p.field {
                Some(field) => format!("{field}: {}", p.message),
                None => p.message.clone(),
            })
            .collect())),
    }
}

async fn zone_save(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, zid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // The model page's inline form says so (`partial`); every other form is the editor's
    // whole-zone form (`/f/{fid}/zones/{zid}`).
    if !pairs.iter().any(|(k, _)| k == "partial") {
        let kind = crate::editor::Kind::Zone;
        return crate::editor::pages::update_post(State(st), auth, fid, kind, zid, pairs).await;
    }
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let f = ZoneForm {
        name: get("name").unwrap_or_default(),
        kind: get("kind").unwrap_or_default(),
        target_sl: get("target_sl").unwrap_or_default(),
        base_version: get("base_version").and_then(|v| v.trim().parse().ok()),
    };
    match edit_zone(&st, &auth, &fid, &zid, &f).await? {
        Ok(_) => Ok(Redirect::to(&format!("/f/{fid}/model")).into_response()),
        Err(problems) => {
            let access = auth.factory(&st, &fid, Need::Edit).await?;
            let mut page = model_view(&st, &auth, &access, None).await?;
            if let Some(z) = page.zones.iter_mut().find(|z| z.id == zid) {
                // Show what the user typed, with the problems beside it.
                z.name = f.name.clone();
                z.kind = f.kind.clone();
                z.target_sl = f.target_sl.clone();
                z.problems = problems;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

// ---- assessment -----------------------------------------------------------------------

struct FindingRow {
    id: String,
    step: String,
    severity: &'static str,
    title: String,
    detail: String,
    subjects: String,
    recommendation: String,
    reference: String,
    /// The uploads that produced it (file names), empty for the model's own findings.
    source: String,
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessmentPage {
    b: Base,
    steps: Vec<String>,
    severities: Vec<&'static str>,
    step: String,
    severity: String,
    findings: Vec<FindingRow>,
    /// The findings the filter keeps (all pages), the first one shown (1-based), and the
    /// links to the previous and next pages (query strings) when there are such pages.
    total: usize,
    first: usize,
    prev: Option<String>,
    next: Option<String>,
    ooda: Vec<(String, Vec<String>)>,
    error: Option<String>,
}

/// Findings per assessment page: a 1,000-asset factory has thousands, and one page with all
/// of them is megabytes of HTML.
pub const FINDINGS_PER_PAGE: usize = 500;

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
fn query_escape(v: &str) -> String {
    v.bytes()
        .map(|c| {
            if c.is_ascii_alphanumeric() || b"-._~".contains(&c) {
                (c as char).to_string()
            } else {
                format!("%{c:02X}")
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct PageNo {
    /// 1-based; a missing, zero or unreadable number is the first page.
    #[serde(default)]
    page: String,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub(crate) struct FindingFilter {
    /// Only this guideline step (`1-1` … `3`).
    #[serde(default)]
    pub step: String,
    /// Only this severity.
    #[serde(default)]
    pub severity: String,
}

impl FindingFilter {
    pub(crate) fn keeps(&self, f: &kojo_findings::Finding) -> bool {
        (self.step.is_empty() || f.step == self.step)
            && (self.severity.is_empty() || f.severity.as_str() == self.severity)
    }
}

fn ooda_rows(model: &kojo_model::Model, t: Tr) -> Vec<(String, Vec<String>)> {
    let step = |s: &Option<kojo_model::OodaStep>| match s {
        Some(s) => {
            let lead = s.lead.clone().unwrap_or_default();
            if s.decides.is_empty() {
                lead
            } else {
                format!("{lead} ({}: {})", t.w("decides"), s.decides.join(", "))
            }
        }
        None => "—".to_string(),
    };
    let mut rows = Vec::new();
    for (name, stage) in [
        ("preventive", &model.incident_response.preventive),
        ("damage", &model.incident_response.damage),
    ] {
        if let Some(st) = stage {
            rows.push((
                name.to_string(),
                vec![
                    step(&st.observe),
                    step(&st.orient),
                    step(&st.decide),
                    step(&st.act),
                ],
            ));
        }
    }
    rows
}

async fn assessment_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Query(filter): Query<FindingFilter>,
    Query(pg): Query<PageNo>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let lang = auth.user.lang.clone();
    let page_no = pg.page.trim().parse::<usize>().unwrap_or(1).max(1);
    let mut page = AssessmentPage {
        b: base(Some(&auth), "assessment", Some(&access)),
        steps: Vec::new(),
        severities: kojo_findings::Severity::ALL_DESC
            .iter()
            .map(|s| s.as_str())
            .collect(),
        step: filter.step.clone(),
        severity: filter.severity.clone(),
        findings: Vec::new(),
        total: 0,
        first: 0,
        prev: None,
        next: None,
        ooda: Vec::new(),
        error: None,
    };
    if let Some(mv) = st.store.latest_model(&fid).await? {
        if let Ok((model, _)) = modelio::check(&mv.yaml) {
            page.ooda = ooda_rows(&model, page.b.t);
        }
        match modelio::assessment(&st, &mv).await {
            Ok(a) => {
                let mut steps: Vec<String> = a.findings.iter().map(|f| f.step.clone()).collect();
                steps.sort_by_key(|s| kojo_findings::step_order(s));
                steps.dedup();
                page.steps = steps;
                page.total = a.findings.iter().filter(|f| filter.keeps(f)).count();
                let pages = page.total.div_ceil(FINDINGS_PER_PAGE).max(1);
                let page_no = page_no.min(pages);
                let skip = (page_no - 1) * FINDINGS_PER_PAGE;
                page.first = skip + 1;
                let link = |n: usize| {
                    let mut q = String::new();
                    for (k, v) in [("step", &filter.step), ("severity", &filter.severity)] {
                        if !v.is_empty() {
                            q.push_str(&format!("{k}={}&", query_escape(v)));
                        }
                    }
                    format!("{q}page={n}")
                };
                page.prev = (page_no > 1).then(|| link(page_no - 1));
                page.next = (page_no < pages).then(|| link(page_no + 1));
                page.findings = a
                    .findings
                    .iter()
                    .filter(|f| filter.keeps(f))
                    .skip(skip)
                    .take(FINDINGS_PER_PAGE)
                    .map(|f| {
                        let t = f.text(&lang);
                        FindingRow {
                            id: f.id.clone(),
                            step: f.step.clone(),
                            severity: f.severity.as_str(),
                            title: t.title,
                            detail: t.detail,
                            subjects: f.subjects.join(", "),
                            recommendation: t.recommendation,
                            reference: f.reference.clone(),
                            source: f
                                .facts
                                .get("source_files")
                                .and_then(|v| v.as_array())
                                .map(|v| {
                                    v.iter()
                                        .filter_map(|x| x.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                })
                                .unwrap_or_default(),
                        }
                    })
                    .collect();
            }
            Err(AppError::Invalid(p)) => {
                page.error = Some(format!("{} {}", p.len(), page.b.t.w("problems_in_model")))
            }
            Err(AppError::Unavailable(m)) => page.error = Some(crate::errwords::message(&m, &lang)),
            Err(e) => return Err(e),
        }
    }
    render(&page)
}

/// The HTML report of the current model, as `kojo report` writes it.
async fn report_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    let mv = st
        .store
        .latest_model_head(&fid)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Html(modelio::report_html(&st, &mv, &auth.user.lang).await?).into_response())
}

// ---- checklists -----------------------------------------------------------------------

pub(crate) struct ItemRow {
    pub item: String,
    /// The catalog's words for the item, in the user's language.
    pub title: String,
    pub answer: String,
    pub evidence: String,
}

pub(crate) struct PartyChecklist {
    pub party: String,
    pub kind: String,
    pub items: Vec<ItemRow>,
    pub can_answer: bool,
}

#[derive(Template)]
#[template(path = "checklists.html")]
struct ChecklistsPage {
    b: Base,
    fid: String,
    parties: Vec<PartyChecklist>,
    answers: Vec<&'static str>,
}

/// The answers a checklist item can take.
pub const ANSWERS: [&str; 4] = ["yes", "no", "partial", "not-applicable"];

fn checklist_kind_word(k: kojo_model::ChecklistKind) -> &'static str {
    match k {
        kojo_model::ChecklistKind::CloudService => "cloud-service",
        kojo_model::ChecklistKind::GeneralProduct => "general-product",
        kojo_model::ChecklistKind::Software => "software",
    }
}

fn answer_word(a: kojo_model::Answer) -> &'static str {
    match a {
        kojo_model::Answer::Yes => "yes",
        kojo_model::Answer::No => "no",
        kojo_model::Answer::Partial => "partial",
        kojo_model::Answer::NotApplicable => "not-applicable",
    }
}

/// The checklists the user may see: for each supplier checklist of the model, every item of
/// the catalog's checklist of that kind, with the model's answer (answers given in the web
/// application are written into the model) and the evidence notes kept in the database.
pub(crate) async fn visible_checklists(
    st: &AppState,
    access: &Access,
    lang: &str,
) -> Result<Vec<PartyChecklist>, AppError> {
    let fid = &access.factory.id;
    let catalog = modelio::catalog()?;
    let mut out: BTreeMap<String, PartyChecklist> = BTreeMap::new();
    if let Some(mv) = st.store.latest_model(fid).await?
        && let Ok((model, _)) = modelio::check(&mv.yaml)
    {
        for c in &model.supply_chain {
            if !access.may_read_party(&c.party) {
                continue;
            }
            let e = out
                .entry(c.party.clone())
                .or_insert_with(|| PartyChecklist {
                    party: c.party.clone(),
                    kind: checklist_kind_word(c.checklist).to_string(),
                    items: Vec::new(),
                    can_answer: access.may_answer_party(&c.party),
                });
            if let Some(list) = catalog.checklist_by_kind(c.checklist) {
                for item in list.items.iter().filter(|i| !i.advisory) {
                    let answer = c
                        .answers
                        .get(&item.id)
                        .map(|(a, _)| answer_word(*a))
                        .unwrap_or("");
                    e.items.push(ItemRow {
                        item: item.id.clone(),
                        title: if lang == "ja" {
                            item.title.ja.clone()
                        } else {
                            item.title.en.clone()
                        },
                        answer: answer.into(),
                        evidence: String::new(),
                    });
                }
            }
            for (item, (ans, _)) in &c.answers {
                if !e.items.iter().any(|i| &i.item == item) {
                    e.items.push(ItemRow {
                        item: item.clone(),
                        title: String::new(),
                        answer: answer_word(*ans).into(),
                        evidence: String::new(),
                    });
                }
            }
        }
    }
    let party_filter = if access.role == Role::Supplier {
        access.party.as_deref().or(Some(""))
    } else {
        None
    };
    for a in st.store.answers(fid, party_filter).await? {
        if !access.may_read_party(&a.party_id) {
            continue;
        }
        let e = out
            .entry(a.party_id.clone())
            .or_insert_with(|| PartyChecklist {
                party: a.party_id.clone(),
                kind: String::new(),
                items: Vec::new(),
                can_answer: access.may_answer_party(&a.party_id),
            });
        match e.items.iter_mut().find(|i| i.item == a.item) {
            // The model holds the answer (web answers are written into it); the database
            // holds the evidence note beside it.
            Some(i) => i.evidence = a.evidence,
            None => e.items.push(ItemRow {
                item: a.item,
                title: String::new(),
                answer: a.answer,
                evidence: a.evidence,
            }),
        }
    }
    Ok(out.into_values().collect())
}

async fn checklists_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Checklists).await?;
    let parties = visible_checklists(&st, &access, &auth.user.lang).await?;
    render(&ChecklistsPage {
        b: base(Some(&auth), "checklists", Some(&access)),
        fid,
        parties,
        answers: ANSWERS.to_vec(),
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct AnswerForm {
    pub item: String,
    pub answer: String,
    #[serde(default)]
    pub evidence: String,
}

/// Checks an answer and stores it; shared by the page and the API.
pub(crate) async fn answer(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    party: &str,
    f: &AnswerForm,
) -> Result<(), AppError> {
    let access = auth.factory(st, fid, Need::Checklists).await?;
    if !access.may_answer_party(party) {
        // A supplier asking about another party learns nothing about it.
        return Err(if access.role == Role::Supplier {
            AppError::NotFound
        } else {
            AppError::Forbidden
        });
    }
    if !ANSWERS.contains(&f.answer.as_str()) {
        return Err(AppError::BadRequest(format!(
            "answer {:?} is not one of {}",
            f.answer,
            ANSWERS.join(", ")
        )));
    }
    let item = f.item.trim();
    check_item(st, fid, party, item).await?;
    if f.evidence.len() > 10_000 {
        return Err(AppError::BadRequest(
            "an evidence note has at most 10000 bytes".into(),
        ));
    }
    // Into the model (a new version), with the evidence note beside it in the database.
    crate::answers::write_back(
        st,
        fid,
        party,
        item,
        &f.answer,
        f.evidence.trim(),
        &auth.user.id,
    )
    .await?;
    Ok(())
}

/// An answer must be about an item of the checklist the model gives the party.
async fn check_item(st: &AppState, fid: &str, party: &str, item: &str) -> Result<(), AppError> {
    let mv = st
        .store
        .latest_model(fid)
        .await?
        .ok_or_else(|| AppError::BadRequest("the factory has no model yet".into()))?;
    let (model, _) = modelio::check(&mv.yaml).map_err(AppError::Invalid)?;
    // Other parties are not named: a supplier must not learn who else supplies the factory.
    let Some(entry) = model.supply_chain.iter().find(|c| c.party == party) else {
        return Err(AppError::BadRequest(format!(
            "party \"{party}\" has no supplier checklist in the model"
        )));
    };
    let catalog = modelio::catalog()?;
    let Some(list) = catalog.checklist_by_kind(entry.checklist) else {
        return Ok(());
    };
    if list.item(item).is_some() || entry.answers.contains_key(item) {
        return Ok(());
    }
    let mut near: Vec<&str> = list
        .items
        .iter()
        .map(|i| i.id.as_str())
        .filter(|id| {
            let phase = item.split('.').next().unwrap_or("");
            !phase.is_empty() && id.starts_with(phase)
        })
        .take(5)
        .collect();
    if near.is_empty() {
        near = list.items.iter().map(|i| i.id.as_str()).take(5).collect();
    }
    Err(AppError::BadRequest(format!(
        "{item:?} is not an item of the {} checklist; items include {}",
        checklist_kind_word(entry.checklist),
        near.join(", ")
    )))
}

async fn checklist_answer(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&st, &auth, &fid, &party, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/checklists#party-{party}")).into_response())
}

// ---- review cycles --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "reviews.html")]
struct ReviewsPage {
    b: Base,
    fid: String,
    cycles: Vec<ReviewCycle>,
    can_edit: bool,
    diff: Option<FindingsDiff>,
}

async fn reviews_view(
    st: &AppState,
    auth: &Auth,
    access: &Access,
    diff: Option<FindingsDiff>,
) -> Result<ReviewsPage, AppError> {
    Ok(ReviewsPage {
        b: base(Some(auth), "reviews", Some(access)),
        fid: access.factory.id.clone(),
        cycles: st.store.cycles(&access.factory.id).await?,
        can_edit: access.allows(Need::Edit),
        diff,
    })
}

async fn reviews_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    render(&reviews_view(&st, &auth, &access, None).await?)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct FreezeForm {
    pub name: String,
    /// The review date, `YYYY-MM-DD`.
    pub date: String,
    pub reviewers: String,
}

/// Freezes the current model and its assessment; shared by the page and the API.
pub(crate) async fn freeze(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    f: &FreezeForm,
) -> Result<String, AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    if f.name.trim().is_empty() || f.name.len() > 200 {
        return Err(AppError::BadRequest(
            "a review cycle name has 1 to 200 characters".into(),
        ));
    }
    let Some(date) = kojo_model::Date::parse(f.date.trim()) else {
        return Err(AppError::BadRequest(format!(
            "date \"{}\" is not a calendar date written YYYY-MM-DD",
            f.date.trim()
        )));
    };
    let mv = st
        .store
        .latest_model(fid)
        .await?
        .ok_or_else(|| AppError::BadRequest("the factory has no model to freeze".into()))?;
    let a = modelio::assessment(st, &mv).await?;
    let json = serde_json::to_string(&*a).map_err(|e| AppError::Internal(e.into()))?;
    let id = st
        .store
        .freeze_cycle(
            fid,
            f.name.trim(),
            &mv,
            &json,
            &date.to_string(),
            f.reviewers.trim(),
            &auth.user.id,
        )
        .await?;
    Ok(id)
}

async fn review_freeze(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<FreezeForm>,
) -> Result<Response, AppError> {
    freeze(&st, &auth, &fid, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/reviews")).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(crate) struct DiffQuery {
    /// The older review cycle id.
    pub a: String,
    /// The newer review cycle id.
    pub b: String,
}

/// The findings diff between two frozen cycles of one factory.
pub(crate) async fn cycles_diff(
    st: &AppState,
    fid: &str,
    q: &DiffQuery,
    lang: &str,
) -> Result<FindingsDiff, AppError> {
    let a = st.store.cycle(fid, &q.a).await?.ok_or(AppError::NotFound)?;
    let b = st.store.cycle(fid, &q.b).await?.ok_or(AppError::NotFound)?;
    let pa: kojo_findings::Assessment =
        serde_json::from_str(&a.assessment_json).map_err(|e| AppError::Internal(e.into()))?;
    let pb: kojo_findings::Assessment =
        serde_json::from_str(&b.assessment_json).map_err(|e| AppError::Internal(e.into()))?;
    Ok(modelio::diff_findings(&pa, &pb, lang))
}

async fn review_diff(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    q: Result<Query<DiffQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let Query(q) =
        q.map_err(|_| AppError::BadRequest(crate::errwords::DIFF_NEEDS_CYCLES.into()))?;
    let d = cycles_diff(&st, &fid, &q, &auth.user.lang).await?;
    render(&reviews_view(&st, &auth, &access, Some(d)).await?)
}

// ---- uploads --------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "uploads.html")]
struct UploadsPage {
    b: Base,
    fid: String,
    uploads: Vec<UploadInfo>,
    can_edit: bool,
    kinds: Vec<&'static str>,
    error: Option<String>,
}

async fn uploads_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let (uploads, error) = uploads_with_results(&st, &fid, &auth.user.lang).await?;
    render(&UploadsPage {
        b: base(Some(&auth), "uploads", Some(&access)),
        uploads,
        can_edit: access.allows(Need::Edit),
        kinds: UPLOAD_KINDS.to_vec(),
        error,
        fid,
    })
}

/// A factory's uploads, each with what it produced in the current assessment; the
/// assessment's error instead when it cannot be made.
pub(crate) async fn uploads_with_results(
    st: &AppState,
    fid: &str,
    lang: &str,
) -> Result<(Vec<UploadInfo>, Option<String>), AppError> {
    let mut uploads = st.store.uploads(fid).await?;
    let Some(mv) = st.store.latest_model(fid).await? else {
        return Ok((uploads, None));
    };
    let inputs = crate::uploadcheck::inputs(st, fid).await?;
    match modelio::assessment_with(st, &mv, &inputs).await {
        Ok(a) => {
            crate::uploadcheck::describe(&mut uploads, &inputs, &a, &mv.yaml, lang);
            Ok((uploads, None))
        }
        Err(AppError::Invalid(p)) => Ok((
            uploads,
            Some(format!(
                "{} {}",
                p.len(),
                Tr::new(lang).w("problems_in_model")
            )),
        )),
        Err(AppError::Unavailable(m)) => Ok((uploads, Some(crate::errwords::message(&m, lang)))),
        Err(e) => Err(e),
    }
}

/// What kojo read in an upload: an SBOM's format and components, a capture's flows (with
/// where a truncated capture stops), an advisory file's records. A file that is not what its
/// kind says is refused with the reader's located error. What captures, SBOMs and advisories
/// produce against the model is part of the assessment ([`crate::uploadcheck`]).
fn inspect_upload(
    kind: &str,
    filename: &str,
    content: &[u8],
) -> Result<(String, String), AppError> {
    match kind {
        "sbom" => match kojo_sbom::sbom::parse(content) {
            Ok(s) => Ok((
                format!(
                    "read: {} {}, {} components",
                    s.format.as_str(),
                    s.spec_version,
                    s.components.len()
                ),
                format!(
                    "読み取り済み: {} {}、構成要素 {} 件",
                    s.format.as_str(),
                    s.spec_version,
                    s.components.len()
                ),
            )),
            Err(e) => Err(AppError::BadRequest(format!(
                "{filename}: not a readable SBOM: {e}"
            ))),
        },
        "advisory" => {
            use kojo_sbom::advisory::Parsed;
            match kojo_sbom::advisory::parse_json(content) {
                Ok(Parsed::Osv(r)) => Ok((
                    format!("read: OSV record {}", r.id),
                    format!("読み取り済み: OSV レコード {}", r.id),
                )),
                Ok(Parsed::OsvWithdrawn(id)) => Ok((
                    format!("read: OSV record {id} (withdrawn: never matched)"),
                    format!("読み取り済み: OSV レコード {id}(取り下げ済み: 照合されません)"),
                )),
                Ok(Parsed::Csaf(d)) => Ok((
                    format!(
                        "read: CSAF document {}, {} vulnerabilities, {} products",
                        d.id,
                        d.vulns.len(),
                        d.products.len()
                    ),
                    format!(
                        "読み取り済み: CSAF 文書 {}、脆弱性 {} 件、製品 {} 件",
                        d.id,
                        d.vulns.len(),
                        d.products.len()
                    ),
                )),
                Ok(Parsed::Kev(e)) => Ok((
                    format!("read: KEV catalog, {} entries", e.len()),
                    format!("読み取り済み: KEV カタログ、{} 件", e.len()),
                )),
                Ok(Parsed::NotAdvisory) => Err(AppError::BadRequest(format!(
                    "{filename}: JSON, but not an OSV record, CSAF advisory or KEV catalog"
                ))),
                Err(e) => Err(AppError::BadRequest(format!(
                    "{filename}:{}:{}: not a readable advisory: {}",
                    e.line, e.column, e.message
                ))),
            }
        }
        "capture" => {
            // Through a file, as `kojo assess --traffic` reads it: pcap, pcapng, Zeek
            // conn.log (TSV or JSON) or flow CSV, gzip or not.
            let mut tmp = tempfile::NamedTempFile::new()
                .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary file: {e}")))?;
            std::io::Write::write_all(&mut tmp, content)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary file: {e}")))?;
            let tmp_path = tmp.path().display().to_string();
            let name = |m: String| m.replace(&tmp_path, filename);
            match kojo_traffic::read_sources(&[tmp.path()], kojo_traffic::ReadOptions::default()) {
                Ok(summary) => {
                    let flows = summary.flows.flows();
                    let packets: u64 = flows.iter().map(|f| f.packets()).sum();
                    let kind = summary
                        .sources
                        .first()
                        .map(|s| capture_format_word(s.kind))
                        .unwrap_or_default();
                    let mut st = format!("read ({kind}): {} flows, {packets} packets", flows.len());
                    let mut ja = format!(
                        "読み取り済み({kind}): フロー {} 件、パケット {packets} 個",
                        flows.len()
                    );
                    for f in &summary.faults {
                        let at = name(f.to_string());
                        st.push_str(&format!("; unreadable from {at}"));
                        ja.push_str(&format!("。{at} 以降は読み取れません"));
                    }
                    Ok((st, ja))
                }
                Err(e) => Err(AppError::BadRequest(format!(
                    "not a readable capture or flow log: {}",
                    name(e.to_string())
                ))),
            }
        }
        _ => Ok(("stored".into(), "保存済み".into())),
    }
}

/// The kinds of upload.
/// The name of a capture format as the documentation writes it.
fn capture_format_word(k: kojo_traffic::SourceKind) -> &'static str {
    use kojo_traffic::SourceKind::*;
    match k {
        Pcap => "pcap",
        Pcapng => "pcapng",
        ZeekTsv => "Zeek conn.log TSV",
        ZeekJson => "Zeek conn.log JSON",
        FlowCsv => "flow CSV",
    }
}

pub const UPLOAD_KINDS: [&str; 4] = ["capture", "sbom", "advisory", "evidence"];

/// Stores an upload with what kojo read in it (see [`inspect_upload`]) and its SHA-256.
pub(crate) async fn store_upload(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    kind: &str,
    filename: &str,
    content: &[u8],
) -> Result<String, AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    if !UPLOAD_KINDS.contains(&kind) {
        return Err(AppError::BadRequest(format!(
            "upload kind {kind:?} is not {}",
            UPLOAD_KINDS.join(", ")
        )));
    }
    if content.is_empty() {
        return Err(AppError::BadRequest("the uploaded file is empty".into()));
    }
    let name: String = filename
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let (k, n, bytes) = (kind.to_string(), name.clone(), content.to_vec());
    let status = tokio::task::spawn_blocking(move || inspect_upload(&k, &n, &bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("upload task: {e}")))??;
    Ok(st
        .store
        .add_upload(
            fid,
            kind,
            &name,
            content,
            (&status.0, &status.1),
            &auth.user.id,
        )
        .await?)
}

async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let mut kind = String::from("evidence");
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("bad upload: {e}")))?
    {
        match field.name() {
            Some("kind") => {
                kind = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.to_string()))?
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::BadRequest(e.to_string()))?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| AppError::BadRequest("no file in the upload".into()))?;
    store_upload(&st, &auth, &fid, &kind, &name, &bytes).await?;
    Ok(Redirect::to(&format!("/f/{fid}/uploads")).into_response())
}

// ---- members and audit ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    b: Base,
    fid: String,
    members: Vec<Membership>,
}

async fn members_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Admin).await?;
    render(&MembersPage {
        b: base(Some(&auth), "members", Some(&access)),
        members: st.store.members(&fid).await?,
        fid,
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct MemberForm {
    pub username: String,
    /// admin | editor | viewer | supplier
    pub role: String,
    /// The party a supplier speaks for (required for suppliers only).
    #[serde(default)]
    pub party: String,
}

/// Grants a role; shared by the page and the API.
pub(crate) async fn add_member(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    f: &MemberForm,
) -> Result<(), AppError> {
    auth.factory(st, fid, Need::Admin).await?;
    let role = Role::parse(&f.role).ok_or_else(|| {
        AppError::BadRequest(format!(
            "role {:?} is not admin, editor, viewer or supplier",
            f.role
        ))
    })?;
    let party = f.party.trim();
    let party = match (role, party.is_empty()) {
        (Role::Supplier, true) => {
            return Err(AppError::BadRequest(
                "a supplier needs the party id it speaks for".into(),
            ));
        }
        (Role::Supplier, false) => Some(party),
        (_, true) => None,
        (_, false) => {
            return Err(AppError::BadRequest(
                "only a supplier is bound to a party".into(),
            ));
        }
    };
    let user = st
        .store
        .user_by_name(f.username.trim())
        .await?
        .ok_or_else(|| AppError::BadRequest(format!("no user named {:?}", f.username.trim())))?;
    st.store
        .set_membership(&user.id, fid, role, party, &auth.user.id)
        .await?;
    Ok(())
}

async fn member_add(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<MemberForm>,
) -> Result<Response, AppError> {
    add_member(&st, &auth, &fid, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/members")).into_response())
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    b: Base,
    entries: Vec<AuditEntry>,
}

async fn audit_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Admin).await?;
    render(&AuditPage {
        b: base(Some(&auth), "audit", Some(&access)),
        entries: st.store.audit_log(Some(&fid), 500).await?,
    })
}
