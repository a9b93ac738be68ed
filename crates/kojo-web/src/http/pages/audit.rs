//! The audit log page, its CSV download, and the reader's time zone kept in a cookie.

use super::*;
use crate::service::audit::{self as audit, AuditAsk, AuditView, Offset};
use axum::extract::RawQuery;

/// The cookie that keeps the UTC offset a reader chose for the audit log's times.
pub const TZ_COOKIE: &str = "kojo_tz";

/// The value of cookie `name` in the request's `Cookie` headers.
pub(crate) fn cookie<'a>(h: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` that keeps offset `tz` for a year.
pub(crate) fn tz_cookie(st: &AppState, tz: Offset) -> String {
    let secure = if st.secure_cookies { "; Secure" } else { "" };
    format!(
        "{TZ_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        tz.code()
    )
}

/// A link of the page numbers: a number, or a gap between them (`gap`).
pub(super) struct PageLink {
    n: i64,
    query: String,
    current: bool,
    gap: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub(super) struct AuditPage {
    b: Base,
    v: AuditView,
    /// The first entry shown (1-based) and the last.
    first: i64,
    last: i64,
    links: Vec<PageLink>,
    /// The filter's query without a page (the CSV links).
    query: String,
    /// The last page's query, for a page past the end.
    last_query: String,
    actions: Vec<(&'static str, &'static str)>,
    entities: Vec<(&'static str, &'static str)>,
    offsets: Vec<(String, String)>,
    /// The page sizes offered (the one asked for among them).
    per_pages: Vec<i64>,
}

/// The page numbers to link: the first, the last and two on each side of the current one.
fn page_links(v: &AuditView) -> Vec<PageLink> {
    let mut out = Vec::new();
    let mut prev = 0;
    for n in 1..=v.pages {
        if n == 1 || n == v.pages || (n - v.page).abs() <= 2 {
            if n > prev + 1 {
                out.push(PageLink {
                    n: 0,
                    query: String::new(),
                    current: false,
                    gap: true,
                });
            }
            out.push(PageLink {
                n,
                query: v.ask.query(Some(n)),
                current: n == v.page,
                gap: false,
            });
            prev = n;
        }
    }
    out
}

pub(super) async fn audit_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let ask = AuditAsk::from_query(raw.as_deref().unwrap_or(""), false)?;
    let tz_asked = !ask.tz.trim().is_empty();
    let v = audit::view(&st, &auth, &fid, ask, cookie(&headers, TZ_COOKIE)).await?;
    let b = base(Some(&auth), "audit", Some(&v.access));
    let t = b.t;
    // Saturating: a page number typed huge must not overflow.
    let first = (v.page - 1).saturating_mul(v.per_page).saturating_add(1);
    let set_cookie = tz_asked.then(|| tz_cookie(&st, v.tz));
    let page = AuditPage {
        first,
        last: first.saturating_add(v.lines.len() as i64 - 1),
        links: page_links(&v),
        query: v.ask.query(None),
        last_query: v.ask.query(Some(v.pages)),
        actions: crate::words::audit::ACTIONS
            .iter()
            .map(|(code, en, ja)| (*code, if t.lang == "ja" { *ja } else { *en }))
            .collect(),
        entities: crate::words::audit::ENTITIES
            .iter()
            .map(|(code, en, ja)| (*code, if t.lang == "ja" { *ja } else { *en }))
            .collect(),
        offsets: Offset::all().map(|o| (o.code(), o.label())).collect(),
        per_pages: {
            let mut p = vec![50, 100, 200, 500, 1000];
            if !p.contains(&v.per_page) {
                p.push(v.per_page);
                p.sort_unstable();
            }
            p
        },
        b,
        v,
    };
    let mut res = render(&page)?;
    if let Some(c) = set_cookie
        && let Ok(c) = axum::http::HeaderValue::from_str(&c)
    {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    Ok(res)
}

/// The CSV of every entry the filter keeps, streamed a batch at a time.
pub(crate) async fn audit_csv_response(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    raw: Option<&str>,
    headers: &axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let ask = AuditAsk::from_query(raw.unwrap_or(""), true)?;
    let export = audit::export(st, auth, fid, ask, cookie(headers, TZ_COOKIE)).await?;
    let set_cookie = export.tz_asked.map(|tz| tz_cookie(st, tz));
    let day = Offset::default().iso(store::now_ms());
    let day = day.get(..10).unwrap_or("today");
    let stream = futures_util::stream::try_unfold(export, |mut e| async move {
        Ok::<_, AppError>(e.next_chunk().await?.map(|chunk| (chunk, e)))
    });
    let mut res = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"audit-log-{day}.csv\""),
            ),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response();
    if let Some(c) = set_cookie
        && let Ok(c) = axum::http::HeaderValue::from_str(&c)
    {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    Ok(res)
}

pub(super) async fn audit_csv(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    audit_csv_response(&st, &auth, &fid, raw.as_deref(), &headers).await
}

/// The script that picks the browser's UTC offset on the audit log page when the reader
/// has chosen none (the page works without it: times are then in UTC).
pub(super) async fn tz_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../../static/tz.js"),
    )
        .into_response()
}
