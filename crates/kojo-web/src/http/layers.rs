//! The request layers: the origin check for cookie requests, `Secure` cookies behind TLS,
//! and error answers as pages.

use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses state-changing requests that carry a session cookie but neither `Origin` nor
/// `Sec-Fetch-Site` (tower-http's check lets those through as "non-browser"); Bearer-token
/// requests carry no ambient credentials and pass.
pub async fn require_origin_for_cookies(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        let h = req.headers();
        let bearer = h.contains_key(header::AUTHORIZATION);
        let has_origin = h.contains_key(header::ORIGIN) || h.contains_key("sec-fetch-site");
        if !bearer && !has_origin {
            return (
                StatusCode::FORBIDDEN,
                axum::Json(serde_json::json!({
                    "error": "cross-site request check failed: a browser request must send Origin or Sec-Fetch-Site"
                })),
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// Refuses a body whose declared length is over the limit with 413 and the limit, before
/// any of it is read (a body without a length meets the same limit while it is read).
pub async fn refuse_large_bodies(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > st.max_upload_bytes as u64) {
        return crate::error::body_too_large(st.max_upload_bytes).into_response();
    }
    next.run(req).await
}

/// Adds `Secure` to cookies when the request came over TLS through a proxy.
pub async fn secure_cookie_behind_tls(req: Request, next: Next) -> Response {
    let tls = req
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let mut res = next.run(req).await;
    if tls {
        let cookies: Vec<HeaderValue> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .cloned()
            .collect();
        if !cookies.is_empty() {
            res.headers_mut().remove(header::SET_COOKIE);
            for c in cookies {
                let s = c.to_str().unwrap_or_default();
                let v = if s.contains("; Secure") {
                    s.to_string()
                } else {
                    format!("{s}; Secure")
                };
                if let Ok(v) = HeaderValue::from_str(&v) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
        }
    }
    res
}

/// On pages, turns JSON error answers into HTML and "not logged in" into the login page.
pub async fn html_errors(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let back = crate::http::pages::same_site_referer(req.headers());
    let session = req.extensions().get::<tower_sessions::Session>().cloned();
    let res = next.run(req).await;
    let status = res.status();
    if path.starts_with("/api/") || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !is_json {
        return res;
    }
    if status == StatusCode::UNAUTHORIZED && path != "/login" {
        return axum::response::Redirect::to("/login").into_response();
    }
    let bytes = match axum::body::to_bytes(res.into_body(), 1 << 20).await {
        Ok(b) => b,
        Err(_) => return status.into_response(),
    };
    let msg = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_default();
    let html = crate::http::pages::error_page(
        status,
        &msg,
        back.as_deref(),
        &session_lang(&st, session).await,
    );
    let mut r = Response::new(Body::from(html));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// The language of the session's user, English when there is none (or it cannot be read).
async fn session_lang(st: &AppState, session: Option<tower_sessions::Session>) -> String {
    let Some(session) = session else {
        return "en".into();
    };
    let Ok(Some(uid)) = session
        .get::<String>(crate::service::access::SESSION_USER)
        .await
    else {
        return "en".into();
    };
    match st.store.user_by_id(&uid).await {
        Ok(Some(u)) => u.lang,
        _ => "en".into(),
    }
}
