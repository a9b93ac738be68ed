//! Server-rendered pages (askama), usable without JavaScript. Every handler authenticates
//! through [`Auth`] and checks the factory role through [`Auth::factory`] before reading.

mod assessment;
pub mod audit;
mod checklists;
mod dashboard;
pub mod editor;
mod factories;
mod login;
mod members;
mod model;
mod reviews;
mod uploads;
mod users;
mod vex;
pub(crate) use assessment::export_response;
use assessment::*;
use audit::*;
use checklists::*;
use dashboard::*;
use factories::*;
use login::*;
use members::*;
use model::*;
use reviews::*;
use uploads::*;
use users::*;
use vex::*;

use crate::error::AppError;
use crate::error::Problem;
use crate::http::extract::MaybeAuth;
use crate::service::access::{self, Access, Auth, Need};
use crate::service::answers::*;
use crate::service::dashboard::DashSummary;
use crate::service::editor::{ZoneForm, edit_zone};
use crate::service::factories::check_factory_name;
use crate::service::members::*;
use crate::service::models::{self, FindingsDiff, stale_problem};
use crate::service::reviews::*;
use crate::service::uploads::*;
use crate::state::AppState;
use crate::store::{self, Factory, Membership, ModelVersion, ReviewCycle, UploadInfo};
use crate::words::i18n::Tr;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

/// The largest login form body, in bytes.
pub const LOGIN_BODY_LIMIT: usize = 16 * 1024;

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/factories") }))
        .route("/static/app.css", get(css))
        .route("/static/tz.js", get(tz_script))
        // A login form is small; a larger body is refused (413) before it is read.
        .route(
            "/login",
            get(login_page)
                .post(login_submit)
                .layer(axum::extract::DefaultBodyLimit::max(LOGIN_BODY_LIMIT)),
        )
        .route("/logout", post(logout))
        .route("/settings/lang", post(set_lang))
        .route("/factories", get(factories).post(create_factory))
        .route("/f/{fid}", get(dashboard))
        .route("/f/{fid}/model", get(model_page).post(model_save))
        .route("/f/{fid}/model.yaml", get(model_export))
        .route("/f/{fid}/zones/{zid}", post(zone_save))
        .route("/f/{fid}/assessment", get(assessment_page))
        .route(
            "/f/{fid}/assessment/export/{format}",
            get(assessment_export),
        )
        .route("/f/{fid}/decisions", post(decisions_post))
        .route("/f/{fid}/report", get(report_page))
        .route("/f/{fid}/checklists", get(checklists_page))
        .route("/f/{fid}/checklists/{party}", post(checklist_answer))
        .route("/f/{fid}/vex", get(vex_page))
        .route("/f/{fid}/vex/{party}", post(vex_state))
        .route("/f/{fid}/vex/{party}/csaf", get(vex_download))
        .route("/f/{fid}/reviews", get(reviews_page).post(review_freeze))
        .route("/f/{fid}/reviews/diff", get(review_diff))
        .route("/f/{fid}/uploads", get(uploads_page).post(upload))
        .route("/f/{fid}/uploads/{id}", get(upload_download))
        .route("/f/{fid}/uploads/{id}/delete", post(upload_delete))
        .route("/f/{fid}/members", get(members_page).post(member_add))
        .route("/f/{fid}/members/{uid}/role", post(member_role))
        .route("/f/{fid}/members/{uid}/remove", post(member_remove))
        .route("/users", get(users_page))
        .route("/users/{uid}/{what}", post(user_change))
        .route("/settings/tokens", get(tokens_page).post(token_create))
        .route("/settings/tokens/{id}/revoke", post(token_revoke))
        .route("/f/{fid}/audit", get(audit_page))
        .route("/f/{fid}/audit.csv", get(audit_csv))
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
    /// May read the audit log and the member list (admins, auditors).
    pub can_audit: bool,
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
            can_audit: a.allows(Need::Audit),
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
