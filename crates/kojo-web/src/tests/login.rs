//! Login input is bounded before anything is stored or hashed.

use super::{Backend, ORIGIN, World};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

async fn post_login(w: &World, body: String) -> StatusCode {
    let req = Request::post("/login")
        .header(header::HOST, "kojo.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    w.app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {})
        .status()
}

async fn attempts(w: &World) -> i64 {
    w.store
        .login_attempt_count()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn over_long_login_input_is_refused_and_nothing_of_it_stored() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let before = attempts(&w).await;
        // A 5 MiB user name: refused before the body is read.
        let huge = "a".repeat(5 << 20);
        let s = post_login(&w, format!("username={huge}&password=x")).await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
        // Longer than a user name may be, yet within the body limit: refused, not recorded.
        let long = "b".repeat(crate::service::access::MAX_USERNAME_CHARS + 1);
        let s = post_login(&w, format!("username={long}&password=x")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let pw = "c".repeat(crate::service::access::MAX_PASSWORD_BYTES + 1);
        let s = post_login(&w, format!("username=editor&password={pw}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(attempts(&w).await, before, "nothing of it is stored");
        // An ordinary wrong password is recorded, for the rate limit.
        let s = post_login(&w, "username=editor&password=wrong".into()).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert_eq!(attempts(&w).await, before + 1);
    }
}
