//! The assessment, its findings searched, filtered, sorted and paged as on the page, and
//! the exports of a view.

use super::*;
use crate::service::findings::{AssessmentOut, FindingsAsk};
use axum::extract::RawQuery;

/// The paging of an answer: `X-Total-Count`, `X-Page`, `X-Per-Page` and a `Link` header
/// (RFC 8288) to the first, previous, next and last pages.
fn paging_headers(
    ask: &FindingsAsk,
    sel: &crate::service::findings::Selection,
    path: &str,
) -> Vec<(&'static str, String)> {
    let link = |n: usize, rel: &str| format!("<{path}?{}>; rel=\"{rel}\"", ask.query(Some(n)));
    let mut links = vec![link(1, "first")];
    if sel.page > 1 {
        links.push(link((sel.page - 1).min(sel.pages), "prev"));
    }
    if sel.page < sel.pages {
        links.push(link(sel.page + 1, "next"));
    }
    links.push(link(sel.pages, "last"));
    vec![
        ("x-total-count", sel.total.to_string()),
        ("x-page", sel.page.to_string()),
        ("x-per-page", sel.per_page.to_string()),
        ("link", links.join(", ")),
    ]
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/assessment",
    params(("fid" = String, Path),
        ("q" = Option<String>, Query, description = "words that must all appear in the title, detail (any language), subjects, their names or the finding id; case is ignored"),
        ("zone" = Option<String>, Query, description = "a zone id: findings naming the zone, a protected object in it or a flow ending in it"),
        ("asset" = Option<String>, Query, description = "a protected object id: findings naming it or a flow ending at it"),
        ("kind" = Option<String>, Query, description = "a finding kind, e.g. threat, zone-boundary, traffic-undeclared-flow"),
        ("step" = Option<String>, Query, description = "a guideline step, 1-1 … 3"),
        ("severity" = Option<String>, Query, description = "critical, high, medium, low or info"),
        ("decision" = Option<String>, Query, description = "none, accepted, in-progress, mitigated, false-positive or expired (an acceptance past its review-by date)"),
        ("source" = Option<String>, Query, description = "model, traffic (captures, flow logs) or sbom (SBOMs, advisories)"),
        ("sort" = Option<String>, Query, description = "rank (the assessment's order, the default), severity, step, zone, kind; a leading - reverses"),
        ("page" = Option<usize>, Query, description = "1-based; with page or per_page the answer holds one page"),
        ("per_page" = Option<usize>, Query, description = "1 to 500, default 50 when paged")),
    responses((status = 200, description = "the assessment of assessment-output.md with the findings the query keeps, in its order (summary, zones and plan of the whole assessment); when paged, X-Total-Count and Link headers", body = Object),
        (status = 400, body = ErrorOut, description = "an unknown parameter or value, naming what is allowed")))]
pub(super) async fn get_assessment(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let (ask, _) = FindingsAsk::from_query(raw.as_deref().unwrap_or(""), &[])?;
    let v = crate::service::findings::view(&st, &auth, &fid, &ask).await?;
    let idx = v.index.ok_or(AppError::NotFound)??;
    let (positions, paging) = if ask.paged() {
        let sel = idx.select(&v.filter);
        let h = paging_headers(&ask, &sel, &format!("/api/v1/factories/{fid}/assessment"));
        (sel.shown, h)
    } else {
        (idx.matching(&v.filter), Vec::new())
    };
    let mut res = Json(AssessmentOut::new(&idx.assessment, &positions)).into_response();
    for (k, val) in paging {
        if let Ok(val) = axum::http::HeaderValue::from_str(&val) {
            res.headers_mut().insert(k, val);
        }
    }
    Ok(res)
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/assessment/export/{format}",
    params(("fid" = String, Path),
        ("format" = String, Path, description = "csv, xlsx, sarif, json, html (the report) or pdf (the report printed by Chromium on the server)")),
    responses((status = 200, description = "every finding the query of GET …/assessment keeps (page and per_page are ignored), written by kojo's renderers in the user's language, with Content-Disposition"),
        (status = 400, body = ErrorOut, description = "an unknown format, parameter or value"),
        (status = 503, body = ErrorOut, description = "pdf without Chromium on the server")))]
pub(super) async fn get_assessment_export(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, format)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    crate::http::pages::export_response(&st, &auth, &fid, &format, raw.as_deref()).await
}
