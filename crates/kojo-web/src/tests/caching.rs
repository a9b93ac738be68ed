//! Authenticated answers are never stored by the browser: Back after logout shows nothing.

use super::{Backend, ORIGIN, World};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

async fn get(w: &World, who: &str, path: &str) -> (StatusCode, Option<String>) {
    let req = Request::builder()
        .uri(path)
        .header(header::HOST, "kojo.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, &w.cookies[who])
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let res = w
        .app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    let cc = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (res.status(), cc)
}

#[tokio::test]
async fn authenticated_pages_and_api_answers_are_not_stored() {
    let w = World::new(&Backend::Sqlite).await;
    for path in [
        format!("/f/{}", w.fa),
        format!("/f/{}/checklists", w.fa),
        format!("/api/v1/factories/{}/model", w.fa),
        "/factories".to_string(),
    ] {
        let (s, cc) = get(&w, "editor", &path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert_eq!(cc.as_deref(), Some("no-store"), "{path}");
    }
    // The stylesheet holds nobody's data and keeps its own caching.
    let (_, cc) = get(&w, "editor", "/static/app.css").await;
    assert_eq!(cc.as_deref(), Some("max-age=3600"));
    // After logout the same cookie reaches nothing.
    let (s, _) = w.send(Some("editor"), "POST", "/logout", None).await;
    assert!(s.is_redirection(), "{s}");
    let (s, _) = get(&w, "editor", &format!("/f/{}/checklists", w.fa)).await;
    assert!(s.is_redirection(), "{s}");
}
