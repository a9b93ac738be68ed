//! The audit log as JSON (one page, the paging in headers) and as CSV.

use super::*;
use crate::http::pages::audit::{TZ_COOKIE, audit_csv_response, cookie};
use crate::service::audit::{self as audit, AuditAsk, AuditLine};
use axum::extract::RawQuery;
use axum::http::HeaderMap;

/// The paging of an answer: `X-Total-Count` and a `Link` header (RFC 8288) to the first,
/// previous, next and last pages.
fn paging_headers(v: &audit::AuditView, path: &str) -> Vec<(&'static str, String)> {
    let mut links = vec![format!("<{path}?{}>; rel=\"first\"", v.ask.query(Some(1)))];
    if v.page > 1 {
        let prev = (v.page - 1).min(v.pages);
        links.push(format!(
            "<{path}?{}>; rel=\"prev\"",
            v.ask.query(Some(prev))
        ));
    }
    if v.page < v.pages {
        links.push(format!(
            "<{path}?{}>; rel=\"next\"",
            v.ask.query(Some(v.page + 1))
        ));
    }
    links.push(format!(
        "<{path}?{}>; rel=\"last\"",
        v.ask.query(Some(v.pages))
    ));
    vec![
        ("x-total-count", v.total.to_string()),
        ("x-page", v.page.to_string()),
        ("x-per-page", v.per_page.to_string()),
        ("link", links.join(", ")),
    ]
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/audit",
    params(("fid" = String, Path),
        ("user" = Option<String>, Query, description = "a user's name"),
        ("action" = Option<String>, Query, description = "an action, e.g. asset.update, login, login.failure"),
        ("entity" = Option<String>, Query, description = "a kind of target: model, zone, asset, flow, party, operation, measure, finding, review, upload, user, token, factory"),
        ("id" = Option<String>, Query, description = "within entity, one target by its id (a user by name)"),
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD at the tz offset"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD at the tz offset"),
        ("tz" = Option<String>, Query, description = "UTC or an offset such as +09:00 (at_local and the days)"),
        ("page" = Option<i64>, Query, description = "1-based"),
        ("per_page" = Option<i64>, Query, description = "1 to 1000, default 100")),
    responses((status = 200, body = [AuditLine], description = "newest first; X-Total-Count and Link headers page it"),
        (status = 400, body = ErrorOut, description = "an unknown filter or value, naming what is allowed"),
        (status = 403, body = ErrorOut)))]
pub(super) async fn get_audit(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let ask = AuditAsk::from_query(raw.as_deref().unwrap_or(""), false)?;
    let v = audit::view(&st, &auth, &fid, ask, cookie(&headers, TZ_COOKIE)).await?;
    let paging = paging_headers(&v, &format!("/api/v1/factories/{fid}/audit"));
    let mut res = Json(v.lines).into_response();
    for (k, val) in paging {
        if let Ok(val) = axum::http::HeaderValue::from_str(&val) {
            res.headers_mut().insert(k, val);
        }
    }
    Ok(res)
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/audit.csv",
    params(("fid" = String, Path),
        ("bom" = Option<String>, Query, description = "1: start with a byte-order mark (Excel)")),
    responses((status = 200, content_type = "text/csv", description = "every entry the filter keeps (the filters of GET …/audit; page and per_page are ignored), newest first, in the user's language"),
        (status = 400, body = ErrorOut), (status = 403, body = ErrorOut)))]
pub(super) async fn get_audit_csv(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    audit_csv_response(&st, &auth, &fid, raw.as_deref(), &headers).await
}
