//! Access that can be taken away (issue 17): members removed or given another role, users
//! disabled, enabled and deleted, API tokens with scope, factory, expiry and revocation.
//! On SQLite and PostgreSQL, through the router, and once over a real loopback socket.

use super::{Backend, MODEL, PASSWORD, World, json};
use axum::http::{Request, StatusCode, header};

fn bearer(method: &str, path: &str, token: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "kojo.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
}

/// A token of `who`, made through the API from their session.
async fn token(w: &World, who: &str, body: serde_json::Value) -> String {
    let (s, out) = w
        .send(
            Some(who),
            "POST",
            "/api/v1/tokens",
            Some(("application/json", body.to_string())),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{out}");
    json(&out)["token"].as_str().unwrap_or_default().to_string()
}

async fn actions(w: &World) -> Vec<(String, String)> {
    w.store
        .audit_log(None, 1000)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|e| (e.action, e.target))
        .collect()
}

#[tokio::test]
async fn a_removed_member_gets_404_and_a_new_role_counts_at_once() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let viewer = w.user_id("viewer").await;
        let editor = w.user_id("editor").await;
        let fa = &w.fa;
        assert_eq!(
            w.send(Some("viewer"), "GET", &format!("/f/{fa}"), None)
                .await
                .0,
            StatusCode::OK
        );
        // Only a factory admin may remove: an editor gets 403.
        let path = format!("/api/v1/factories/{fa}/members/{viewer}");
        assert_eq!(
            w.send(Some("editor"), "DELETE", &path, None).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            w.send(Some("admin"), "DELETE", &path, None).await.0,
            StatusCode::NO_CONTENT
        );
        // The same session, the next request: the factory is not there for them.
        assert_eq!(
            w.send(Some("viewer"), "GET", &format!("/f/{fa}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        let (s, _) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/api/v1/factories/{fa}/assessment"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Removing again: nothing to remove.
        assert_eq!(
            w.send(Some("admin"), "DELETE", &path, None).await.0,
            StatusCode::NOT_FOUND
        );
        // The editor becomes a viewer through the members page: saving the model is 403.
        let (s, _) = w
            .send(
                Some("admin"),
                "POST",
                &format!("/f/{fa}/members/{editor}/role"),
                Some((
                    "application/x-www-form-urlencoded",
                    "role=viewer&party=".into(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let body =
            serde_json::json!({ "yaml": MODEL, "base_version": w.version(fa).await }).to_string();
        let (s, _) = w
            .send(
                Some("editor"),
                "PUT",
                &format!("/api/v1/factories/{fa}/model"),
                Some(("application/json", body)),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // A supplier role needs a party: 400, the role stays.
        let (s, _) = w
            .send(
                Some("admin"),
                "PUT",
                &format!("/api/v1/factories/{fa}/members/{editor}"),
                Some(("application/json", r#"{"role":"supplier"}"#.into())),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let a = actions(&w).await;
        assert!(
            a.contains(&("membership.remove".into(), "user:viewer".into())),
            "{a:?}"
        );
        // The members page offers both actions.
        let (_, page) = w
            .send(Some("admin"), "GET", &format!("/f/{fa}/members"), None)
            .await;
        assert!(
            page.contains(&format!("/f/{fa}/members/{editor}/remove")),
            "{page}"
        );
        assert!(!page.contains(&viewer), "a removed member is not listed");
    }
}

#[tokio::test]
async fn a_disabled_user_cannot_log_in_and_their_sessions_and_tokens_die() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let editor = w.user_id("editor").await;
        let t = token(&w, "editor", serde_json::json!({"name": "ci"})).await;
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/me", &t), None).await.0,
            StatusCode::OK
        );
        let path = format!("/api/v1/users/{editor}/disable");
        // A factory admin is no site admin.
        assert_eq!(
            w.send(Some("admin"), "POST", &path, None).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            w.send(Some("siteadmin"), "POST", &path, None).await.0,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            w.send(Some("editor"), "GET", "/api/v1/me", None).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/me", &t), None).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            w.login("editor", PASSWORD).await.err(),
            Some(StatusCode::UNAUTHORIZED)
        );
        // Enabled again: the password works, the old token stays revoked.
        let (s, _) = w
            .send(
                Some("siteadmin"),
                "POST",
                &format!("/api/v1/users/{editor}/enable"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        assert!(w.login("editor", PASSWORD).await.is_ok());
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/me", &t), None).await.0,
            StatusCode::UNAUTHORIZED
        );
        // The last site admin who can log in is not disabled.
        let sa = w.user_id("siteadmin").await;
        let (s, out) = w
            .send(
                Some("siteadmin"),
                "POST",
                &format!("/api/v1/users/{sa}/disable"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{out}");
        let a = actions(&w).await;
        for act in ["user.disable", "user.enable"] {
            assert!(
                a.contains(&(act.into(), "user:editor".into())),
                "{act}: {a:?}"
            );
        }
        // The users page shows the states and the buttons.
        let (s, page) = w.send(Some("siteadmin"), "GET", "/users", None).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(&format!("/users/{editor}/disable")), "{page}");
        assert_eq!(
            w.send(Some("admin"), "GET", "/users", None).await.0,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn a_deleted_user_loses_access_and_keeps_their_name_in_the_history() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let editor = w.user_id("editor").await;
        let body = serde_json::json!({ "yaml": MODEL, "base_version": w.version(&w.fa).await, "note": "by editor" }).to_string();
        let (s, out) = w
            .send(
                Some("editor"),
                "PUT",
                &format!("/api/v1/factories/{}/model", w.fa),
                Some(("application/json", body)),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{out}");
        let (s, _) = w
            .send(
                Some("siteadmin"),
                "POST",
                &format!("/users/{editor}/delete"),
                Some(("application/x-www-form-urlencoded", String::new())),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(
            w.send(Some("editor"), "GET", &format!("/f/{}", w.fa), None)
                .await
                .0,
            StatusCode::SEE_OTHER,
            "to the login page"
        );
        assert_eq!(
            w.login("editor", PASSWORD).await.err(),
            Some(StatusCode::UNAUTHORIZED)
        );
        // The version they saved still names them.
        let latest = w
            .store
            .latest_model(&w.fa)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no model"));
        let by = latest.created_by.clone().unwrap_or_default();
        let u = w
            .store
            .user_any_by_id(&by)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("author gone"));
        assert_eq!(
            (u.username.as_str(), u.deleted_at.is_some()),
            ("editor", true)
        );
        assert!(
            w.store
                .membership(&editor, &w.fa)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .is_none()
        );
        // The name is taken for good, so the history stays unambiguous.
        assert!(
            w.store
                .create_user("editor", "x", false, None)
                .await
                .is_err()
        );
        let a = actions(&w).await;
        assert!(
            a.contains(&("user.delete".into(), "user:editor".into())),
            "{a:?}"
        );
        // Deleting again: there is no such user.
        let (s, _) = w
            .send(
                Some("siteadmin"),
                "DELETE",
                &format!("/api/v1/users/{editor}"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn tokens_are_scoped_expire_and_can_be_revoked() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let (fa, fb) = (w.fa.clone(), w.fb.clone());
        let model = |fid: &str| format!("/api/v1/factories/{fid}/model");
        let put_body = || serde_json::json!({ "yaml": MODEL, "base_version": 1 }).to_string();
        // A read token reads and cannot write.
        let read = token(
            &w,
            "editor",
            serde_json::json!({"name": "dash", "scope": "read"}),
        )
        .await;
        assert_eq!(
            w.raw(bearer("GET", &model(&fa), &read), None).await.0,
            StatusCode::OK
        );
        let (s, _) = w
            .raw(
                bearer("PUT", &model(&fa), &read),
                Some(("application/json", put_body())),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // A token bound to factory A does not reach factory B (404) nor the site (403).
        let sa_a = token(
            &w,
            "siteadmin",
            serde_json::json!({"name": "a-only", "factory": fa, "scope": "read"}),
        )
        .await;
        assert_eq!(
            w.raw(bearer("GET", &model(&fa), &sa_a), None).await.0,
            StatusCode::OK
        );
        assert_eq!(
            w.raw(bearer("GET", &model(&fb), &sa_a), None).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/factories", &sa_a), None)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        // A token for a factory the user is no member of is refused as if it did not exist.
        let (s, _) = w
            .send(
                Some("editor"),
                "POST",
                "/api/v1/tokens",
                Some((
                    "application/json",
                    serde_json::json!({"name": "x", "factory": fb}).to_string(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Longer than the server allows: 400.
        let (s, _) = w
            .send(
                Some("editor"),
                "POST",
                "/api/v1/tokens",
                Some(("application/json", r#"{"name":"x","days":91}"#.into())),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        // A token cannot make another token.
        let write = token(
            &w,
            "editor",
            serde_json::json!({"name": "ci", "scope": "write"}),
        )
        .await;
        let (s, _) = w
            .raw(
                bearer("POST", "/api/v1/tokens", &write),
                Some(("application/json", r#"{"name":"more"}"#.into())),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // Listed by name, never with a secret; revoked → 401.
        let (s, out) = w.send(Some("editor"), "GET", "/api/v1/tokens", None).await;
        assert_eq!(s, StatusCode::OK);
        assert!(!out.contains(&write) && !out.contains(&read), "{out}");
        let list = json(&out);
        let ci = list
            .as_array()
            .and_then(|a| a.iter().find(|t| t["name"] == "ci"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(ci["scope"], "write");
        let ci_id = ci["id"].as_str().unwrap_or_default().to_string();
        // Another user cannot revoke it.
        assert_eq!(
            w.send(
                Some("viewer"),
                "DELETE",
                &format!("/api/v1/tokens/{ci_id}"),
                None
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.send(
                Some("editor"),
                "DELETE",
                &format!("/api/v1/tokens/{ci_id}"),
                None
            )
            .await
            .0,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/me", &write), None).await.0,
            StatusCode::UNAUTHORIZED
        );
        // An expired token: 401.
        let (secret, sha) = crate::service::access::new_token();
        let uid = w.user_id("editor").await;
        w.store
            .create_token_scoped(&crate::store::NewToken {
                user_id: &uid,
                name: "old",
                sha256: &sha,
                scope: "read",
                factory_id: None,
                expires_at: crate::store::now_ms() - 1,
            })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/me", &secret), None).await.0,
            StatusCode::UNAUTHORIZED
        );
        // A password change revokes the rest.
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/me", &read), None).await.0,
            StatusCode::OK
        );
        let hash = crate::service::access::hash_password("another password".into())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        w.store
            .set_password(&uid, &hash)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            w.raw(bearer("GET", "/api/v1/me", &read), None).await.0,
            StatusCode::UNAUTHORIZED
        );
        let a = actions(&w).await;
        assert!(
            a.iter()
                .any(|(act, t)| act == "token.revoke" && t == &format!("token:{ci_id}")),
            "{a:?}"
        );
        // The tokens page lists them and makes one (the secret shown once).
        let (s, page) = w
            .send(
                Some("viewer"),
                "POST",
                "/settings/tokens",
                Some((
                    "application/x-www-form-urlencoded",
                    "name=mine&scope=read&factory=&days=7".into(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("kojo_") && page.contains("mine"), "{page}");
    }
}

/// The session row of a cookie: its id and its data as stored (JSON text; not parsed into
/// a `Value`, which would round the 128-bit id).
async fn session_row(w: &World, who: &str) -> (String, String) {
    let id = w.cookies[who]
        .strip_prefix("kojo_session=")
        .unwrap_or_default()
        .to_string();
    let data = w
        .store
        .session_load(&id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no session for {who}"));
    (id, data)
}

/// The number after `"key":` in a session record's text.
fn field(rec: &str, key: &str) -> i64 {
    let pat = format!("\"{key}\":");
    rec.split_once(&pat)
        .map(|(_, r)| {
            r.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("no {key} in {rec}"))
}

/// The record with `"key":` set to `value`.
fn with_field(rec: &str, key: &str, value: i64) -> String {
    let old = field(rec, key);
    rec.replace(&format!("\"{key}\":{old}"), &format!("\"{key}\":{value}"))
}

#[tokio::test]
async fn sessions_are_renewed_on_activity_and_end_at_their_maximum() {
    use crate::service::access::{SESSION_LOGIN_AT, SESSION_MAX_HOURS, SESSION_SEEN};
    for b in Backend::all() {
        let w = World::new(&b).await;
        let now = crate::store::now_ms();
        // A session last seen 10 minutes ago that would expire in a minute…
        let (id, rec) = session_row(&w, "viewer").await;
        let uid = w.user_id("viewer").await;
        w.store
            .session_save(
                &id,
                Some(&uid),
                &with_field(&rec, SESSION_SEEN, now - 600_000),
                now + 60_000,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        // …is used: it is saved again, seen now (its idle expiry 12 hours ahead).
        assert_eq!(
            w.send(Some("viewer"), "GET", "/factories", None).await.0,
            StatusCode::OK
        );
        let (_, rec) = session_row(&w, "viewer").await;
        assert!(field(&rec, SESSION_SEEN) >= now, "renewed: {rec}");
        // A session whose login was longer ago than the maximum ends, used or not.
        let (id, rec) = session_row(&w, "editor").await;
        let old = now - (SESSION_MAX_HOURS + 1) * 3_600_000;
        let eid = w.user_id("editor").await;
        w.store
            .session_save(
                &id,
                Some(&eid),
                &with_field(&rec, SESSION_LOGIN_AT, old),
                now + 3_600_000,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            w.send(Some("editor"), "GET", "/api/v1/me", None).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert!(
            w.store
                .session_load(&id)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .is_none()
        );
    }
}

#[tokio::test]
async fn two_demo_loads_at_once_both_succeed_and_load_it_once() {
    for b in Backend::all() {
        let (store, _db) = b.open().await;
        let (x, y) = tokio::join!(
            crate::service::demo::load(&store),
            crate::service::demo::load(&store)
        );
        let (x, y) = (
            x.unwrap_or_else(|e| panic!("first: {e}")),
            y.unwrap_or_else(|e| panic!("second: {e}")),
        );
        assert_eq!(
            u8::from(x.is_some()) + u8::from(y.is_some()),
            1,
            "one of them loads it"
        );
        let admin = store
            .user_by_name(crate::service::demo::DEMO_ADMIN)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no demo admin"));
        let n = store.factories_for(&admin).await.unwrap_or_default().len();
        assert_eq!(n, crate::service::demo::CASES.len());
    }
}

/// Sends a request whose body the server may refuse before reading it: the head, then as
/// much of the body as the server takes, then its answer's status.
async fn status_of_refused_body(addr: &str, head: &str, body: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.write_all(head.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // The server answers and closes while the body is still coming: a write error is expected.
    let _ = s.write_all(body).await;
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf).await;
    let text = String::from_utf8_lossy(&buf);
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"))
}

/// The same lifecycle as the tests above, through `kojo serve`'s own service on a loopback
/// socket (real HTTP, the peer address from the connection), on SQLite and PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_real_http_access_taken_away_ends_at_the_next_request() {
    use super::http::request;
    for b in Backend::all() {
        let w = World::new(&b).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("{e}"))
            .to_string();
        let app = w
            .app
            .clone()
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let fa = w.fa.clone();
        let get = |who: &str, path: String| {
            let cookie = w.cookies[who].clone();
            let addr = addr.clone();
            async move {
                request(&addr, "GET", &path, &[("Cookie", cookie.as_str())], b"")
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
                    .0
            }
        };
        let with_token = |method: &'static str, path: String, token: String| {
            let addr = addr.clone();
            async move {
                let auth = format!("Bearer {token}");
                request(
                    &addr,
                    method,
                    &path,
                    &[("Authorization", auth.as_str())],
                    b"",
                )
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .0
            }
        };

        // A removed member: the next request of the same session gets 404.
        let viewer = w.user_id("viewer").await;
        assert_eq!(get("viewer", format!("/f/{fa}")).await, 200);
        let admin = token(&w, "admin", serde_json::json!({"name": "ops"})).await;
        let path = format!("/api/v1/factories/{fa}/members/{viewer}");
        assert_eq!(with_token("DELETE", path, admin).await, 204);
        assert_eq!(get("viewer", format!("/f/{fa}")).await, 404);

        // A read token cannot write; a revoked token gets 401.
        let read = token(
            &w,
            "editor",
            serde_json::json!({"name": "dash", "scope": "read"}),
        )
        .await;
        let model = format!("/api/v1/factories/{fa}/model");
        assert_eq!(with_token("GET", model.clone(), read.clone()).await, 200);
        assert_eq!(with_token("PUT", model.clone(), read.clone()).await, 403);
        let (_, list) = w.send(Some("editor"), "GET", "/api/v1/tokens", None).await;
        let id = json(&list)
            .as_array()
            .and_then(|a| a.iter().find(|t| t["name"] == "dash"))
            .and_then(|t| t["id"].as_str().map(str::to_string))
            .unwrap_or_default();
        assert_eq!(
            with_token("DELETE", format!("/api/v1/tokens/{id}"), read.clone()).await,
            403,
            "a read token cannot revoke"
        );
        let (s, _) = w
            .send(
                Some("editor"),
                "DELETE",
                &format!("/api/v1/tokens/{id}"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        assert_eq!(with_token("GET", model.clone(), read).await, 401);

        // A disabled user: their session and their tokens die, their password is refused.
        let editor = w.user_id("editor").await;
        let t = token(&w, "editor", serde_json::json!({"name": "ci"})).await;
        assert_eq!(with_token("GET", "/api/v1/me".into(), t.clone()).await, 200);
        let site = token(&w, "siteadmin", serde_json::json!({"name": "site"})).await;
        let path = format!("/api/v1/users/{editor}/disable");
        assert_eq!(with_token("POST", path, site).await, 204);
        assert_eq!(with_token("GET", "/api/v1/me".into(), t).await, 401);
        // A page answers a dead session with the way to the login page.
        assert_eq!(get("editor", format!("/f/{fa}")).await, 303);
        let origin = format!("http://{addr}");
        let form = format!("username=editor&password={}", PASSWORD.replace(' ', "+"));
        let (s, _) = request(
            &addr,
            "POST",
            "/login",
            &[
                ("Origin", origin.as_str()),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            form.as_bytes(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s, 401, "a disabled user logged in");

        // A 5 MiB user name is refused before it is read, and nothing of it is stored.
        let before = w
            .store
            .login_attempt_count()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let body = format!("username={}&password=x", "a".repeat(5 << 20));
        let head = format!(
            "POST /login HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        assert_eq!(
            status_of_refused_body(&addr, &head, body.as_bytes()).await,
            413
        );
        let after = w
            .store
            .login_attempt_count()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after, before, "something of the refused login was stored");

        server.abort();
    }
}
