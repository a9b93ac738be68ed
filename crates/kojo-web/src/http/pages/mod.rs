//! Server-rendered pages (askama), usable without JavaScript. Every handler authenticates
//! through [`Auth`] and checks the factory role through [`Auth::factory`] before reading.

pub mod editor;

use crate::error::AppError;
use crate::error::Problem;
use crate::http::extract::MaybeAuth;
use crate::service::access::{self, Access, Auth, Need};
use crate::service::answers::*;
use crate::service::dashboard::{self, DashSummary};
use crate::service::editor::{ZoneForm, edit_zone};
use crate::service::factories::check_factory_name;
use crate::service::members::*;
use crate::service::models::{self, FindingFilter, FindingsDiff, stale_problem};
use crate::service::reviews::*;
use crate::service::uploads::*;
use crate::state::AppState;
use crate::store::{self, AuditEntry, Factory, Membership, ModelVersion, ReviewCycle, UploadInfo};
use crate::words::i18n::Tr;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

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
        include_str!("../../../static/app.css"),
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
        code = esc(&crate::words::errors::status_title(status, lang)),
        msg = esc(&crate::words::errors::message(msg, lang)),
        back = back
            .map(|b| format!(
                "<a href=\"{}\" id=\"back\" rel=\"prev\">{}</a> · ",
                esc(b),
                crate::words::errors::back_word(lang)
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
    match access::login(&st.store, &f.username, &f.password).await {
        Ok(user) => {
            // A new session id on login (no fixation).
            session
                .cycle_id()
                .await
                .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
            session
                .insert(access::SESSION_USER, &user.id)
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
                AppError::Login(crate::error::LoginError::RateLimited) => "login_rate_limited",
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

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    b: Base,
    fid: String,
    summary: Option<std::sync::Arc<DashSummary>>,
    error: Option<String>,
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
        let inputs = crate::service::assessment::inputs(&st, &page.fid).await?;
        let key = (
            inputs.key(&mv.id),
            if auth.user.lang == "ja" { "ja" } else { "en" },
        );
        let cached = dashboard::cached(&st, &key);
        if let Some(sum) = cached {
            page.summary = Some(sum);
        } else {
            match crate::service::assessment::assessment_with(&st, &mv, &inputs).await {
                Ok(a) => {
                    let mut sum = dashboard::summarize(&mv, &a);
                    match crate::service::assessment::diagram(&st, &mv, a, &auth.user.lang).await {
                        Ok(svg) => sum.diagram = svg.to_string(),
                        Err(e) => page.error = Some(e.message()),
                    }
                    let sum = std::sync::Arc::new(sum);
                    if page.error.is_none() {
                        dashboard::remember(&st, key, sum.clone());
                    }
                    page.summary = Some(sum);
                }
                Err(AppError::Invalid(p)) => {
                    page.error = Some(format!("{} {}", p.len(), page.b.t.w("problems_in_model")))
                }
                Err(AppError::Unavailable(m)) => {
                    page.error = Some(crate::words::errors::message(&m, &auth.user.lang))
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
        .and_then(|m| models::check(&m.yaml).ok())
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

/// Validates and saves YAML as a new model version; an invalid model is shown again with
/// every problem next to its line, and nothing is saved.
async fn model_save(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<ModelForm>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Edit).await?;
    let base = crate::error::require_base(f.base_version)?;
    let yaml = f.yaml.replace("\r\n", "\n");
    match models::check(&yaml) {
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

async fn zone_save(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, zid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // The model page's inline form says so (`partial`); every other form is the editor's
    // whole-zone form (`/f/{fid}/zones/{zid}`).
    if !pairs.iter().any(|(k, _)| k == "partial") {
        let kind = crate::service::editor::Kind::Zone;
        return crate::http::pages::editor::update_post(State(st), auth, fid, kind, zid, pairs)
            .await;
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
        if let Ok((model, _)) = models::check(&mv.yaml) {
            page.ooda = ooda_rows(&model, page.b.t);
        }
        match crate::service::assessment::assessment(&st, &mv).await {
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
            Err(AppError::Unavailable(m)) => {
                page.error = Some(crate::words::errors::message(&m, &lang))
            }
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
    Ok(
        Html(crate::service::assessment::report_html(&st, &mv, &auth.user.lang).await?)
            .into_response(),
    )
}

// ---- checklists -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "checklists.html")]
struct ChecklistsPage {
    b: Base,
    fid: String,
    parties: Vec<PartyChecklist>,
    answers: Vec<&'static str>,
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

async fn review_freeze(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<FreezeForm>,
) -> Result<Response, AppError> {
    freeze(&st, &auth, &fid, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/reviews")).into_response())
}

async fn review_diff(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    q: Result<Query<DiffQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let Query(q) =
        q.map_err(|_| AppError::BadRequest(crate::words::errors::DIFF_NEEDS_CYCLES.into()))?;
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
