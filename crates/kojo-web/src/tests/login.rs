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

/// A login form post from `address` (as `kojo serve` sees the peer).
async fn login_from(app: &axum::Router, address: &str, user: &str, password: &str) -> StatusCode {
    let addr: std::net::SocketAddr = format!("{address}:40000")
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    let req = Request::post("/login")
        .header(header::HOST, "kojo.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .extension(axum::extract::ConnectInfo(addr))
        .body(Body::from(super::form(&[
            ("username", user),
            ("password", password),
        ])))
        .unwrap_or_else(|e| panic!("{e}"));
    app.clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {})
        .status()
}

#[tokio::test]
async fn the_admin_logs_in_while_a_flood_of_wrong_passwords_for_the_admin_runs_elsewhere() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let config = crate::state::Config {
            login_per_minute: 10,
            login_concurrency: 1,
            ..crate::state::Config::default()
        };
        let app = crate::router::router(
            crate::state::AppState::new(w.store.clone()).with_config(&config),
        );
        let before = attempts(&w).await;
        let flood: Vec<_> = (0..200)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move {
                    login_from(&app, "10.9.9.9", "siteadmin", &format!("guess {i}")).await
                })
            })
            .collect();
        // While it runs, the admin logs in from their own address, first time.
        assert_eq!(
            login_from(&app, "10.0.0.1", "siteadmin", super::PASSWORD).await,
            StatusCode::SEE_OTHER
        );
        let mut refused = 0;
        let mut wrong = 0;
        for f in flood {
            match f.await.unwrap_or_else(|e| panic!("{e}")) {
                StatusCode::TOO_MANY_REQUESTS => refused += 1,
                StatusCode::UNAUTHORIZED => wrong += 1,
                s => panic!("flood got {s}"),
            }
        }
        // Only a few guesses ran Argon2 (3 free, then a growing delay; at most 10 a
        // minute): the rest were refused before any hashing and stored nothing.
        assert!(wrong <= 10, "{wrong} guesses were checked");
        assert_eq!(refused + wrong, 200);
        assert!(attempts(&w).await - before <= 11);
        // No lockout: the admin logs in again from their address after the flood.
        assert_eq!(
            login_from(&app, "10.0.0.1", "siteadmin", super::PASSWORD).await,
            StatusCode::SEE_OTHER
        );
        // The flooding address waits, even with the right password.
        assert_eq!(
            login_from(&app, "10.9.9.9", "siteadmin", super::PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
}

/// Over its address's budget, a login is refused after a hold (a flooder's connections
/// each wait) and told when to try again; the hold is not spent on the other addresses.
#[tokio::test]
async fn a_refusal_over_the_address_budget_is_held_and_says_when_to_retry() {
    let w = World::new(&Backend::Sqlite).await;
    let config = crate::state::Config {
        login_per_minute: 1,
        ..crate::state::Config::default()
    };
    let app =
        crate::router::router(crate::state::AppState::new(w.store.clone()).with_config(&config));
    let post = |address: &str| {
        let addr: std::net::SocketAddr = format!("{address}:40000")
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        Request::post("/login")
            .header(header::HOST, "kojo.test")
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .extension(axum::extract::ConnectInfo(addr))
            .body(Body::from("username=editor&password=wrong"))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let first = app.clone().oneshot(post("10.7.7.7")).await;
    let first = first.unwrap_or_else(|e| match e {});
    assert_eq!(first.status(), StatusCode::UNAUTHORIZED);
    assert!(first.headers().get(header::RETRY_AFTER).is_none());
    let t = std::time::Instant::now();
    let second = app.clone().oneshot(post("10.7.7.7")).await;
    let second = second.unwrap_or_else(|e| match e {});
    let held = t.elapsed();
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = second
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After: {:?}", second.headers()));
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    assert!(
        held.as_millis() >= u128::from(crate::state::LOGIN_REFUSAL_HOLD_MS),
        "answered after {held:?}"
    );
    // Another address is neither refused nor held.
    let t = std::time::Instant::now();
    let other = app.clone().oneshot(post("10.7.7.8")).await;
    assert_eq!(
        other.unwrap_or_else(|e| match e {}).status(),
        StatusCode::UNAUTHORIZED
    );
    assert!(t.elapsed().as_millis() < u128::from(crate::state::LOGIN_REFUSAL_HOLD_MS));
}

#[test]
fn the_address_budget_refills_and_the_delay_grows_to_a_cap() {
    let g = crate::state::LoginGuard::new(1, 3);
    let t0 = 1_000_000;
    for _ in 0..3 {
        assert_eq!(g.take("10.0.0.9", t0), Ok(()));
    }
    assert!(
        g.take("10.0.0.9", t0).is_err(),
        "the fourth in the same instant"
    );
    assert_eq!(
        g.take("10.0.0.8", t0),
        Ok(()),
        "another address has its own budget"
    );
    // Three a minute: one is back after 20 seconds.
    assert!(g.take("10.0.0.9", t0 + 19_000).is_err());
    assert_eq!(g.take("10.0.0.9", t0 + 21_000), Ok(()));
    use crate::service::access::throttle_delay_ms as d;
    assert_eq!((d(0), d(2), d(3), d(4), d(5)), (0, 0, 1000, 2000, 4000));
    assert_eq!(d(40), crate::service::access::MAX_DELAY_MS);
}
