//! Tests of the web application through its router (`tower::ServiceExt::oneshot`), on
//! SQLite always and on PostgreSQL when `KOJO_TEST_PG_URL` is set. They live inside the
//! crate so that Argon2 runs with its cheap `cfg(test)` parameters.

mod access;
mod answers;
mod api;
mod audit;
mod authz;
mod caching;
mod crash;
mod e2e;
mod editor;
mod http;
mod ja_rest;
mod layers;
mod login;
mod lost_update;
mod qa;
mod single_flight;
mod storage;
mod store;
mod triage;
pub(crate) mod uploads;
mod vex;

use crate::router::router;
use crate::state::AppState;
use crate::store::{Role, Store};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

/// A small valid factory with supplier checklists for three parties (agv-maker,
/// mes-vendor, whtech).
pub const MODEL: &str = include_str!("factory.yaml");

pub const ORIGIN: &str = "http://kojo.test";
pub const PASSWORD: &str = "correct horse battery";

/// A database for one test: a fresh SQLite file, or a fresh schema on the PostgreSQL server.
pub enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    /// SQLite always; PostgreSQL too when `KOJO_TEST_PG_URL` names a server.
    pub fn all() -> Vec<Backend> {
        let mut v = vec![Backend::Sqlite];
        match std::env::var("KOJO_TEST_PG_URL") {
            Ok(u) if !u.is_empty() => v.push(Backend::Postgres(u)),
            _ => eprintln!("skipped: PostgreSQL part (KOJO_TEST_PG_URL is not set)"),
        }
        v
    }

    /// A fresh database and the guard that removes it when dropped (also on panic).
    pub async fn open(&self) -> (Store, TestDb) {
        let (url, guard) = self.fresh().await;
        let store = Store::open(&url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
        (store, guard)
    }

    /// The URL of a fresh, empty database (no migrations applied) and the guard that removes
    /// it when dropped (also on panic).
    pub async fn fresh(&self) -> (String, TestDb) {
        match self {
            Backend::Sqlite => {
                let dir = tempfile::Builder::new()
                    .prefix("kojo-web-test-")
                    .tempdir()
                    .unwrap_or_else(|e| panic!("temp dir: {e}"));
                let url = format!("sqlite:{}", dir.path().join("kojo.db").display());
                (url, TestDb::Dir(dir))
            }
            Backend::Postgres(url) => {
                use sqlx::Connection;
                let schema = format!("kojo_test_{}", crate::store::new_id());
                let mut c = sqlx::PgConnection::connect(url)
                    .await
                    .unwrap_or_else(|e| panic!("connect {url}: {e}"));
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                    .execute(&mut c)
                    .await
                    .unwrap_or_else(|e| panic!("create schema: {e}"));
                let _ = c.close().await;
                // From here on the schema is dropped again, whatever happens.
                let guard = TestDb::Schema {
                    url: url.clone(),
                    schema: schema.clone(),
                };
                let sep = if url.contains('?') { '&' } else { '?' };
                // The schema's name is also the connections' application name, so that the
                // guard can end any connection the test left behind before dropping it.
                let url = format!(
                    "{url}{sep}options=-c%20search_path%3D{schema}&application_name={schema}"
                );
                (url, guard)
            }
        }
    }
}

/// Removes a test's database when dropped, also when the test panics: the SQLite file's
/// temporary directory, or the PostgreSQL schema (`DROP SCHEMA … CASCADE`, run on its own
/// thread with its own small runtime, so dropping inside a test's runtime is fine).
pub enum TestDb {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Schema { url: String, schema: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let TestDb::Schema { url, schema } = self else {
            return;
        };
        let (url, schema) = (url.clone(), schema.clone());
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            use sqlx::Connection;
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async {
                let mut c = sqlx::PgConnection::connect(&url)
                    .await
                    .map_err(|e| e.to_string())?;
                // The store's pool may still hold connections, some inside a transaction
                // that is being rolled back (a dropped pool closes them in the background):
                // end them first, then do not wait for locks forever.
                for q in [
                    format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE application_name = '{schema}' AND pid <> pg_backend_pid()"
                    ),
                    "SET lock_timeout = '10s'".to_string(),
                    format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
                ] {
                    sqlx::query(sqlx::AssertSqlSafe(q))
                        .execute(&mut c)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                let _ = c.close().await;
                Ok(())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("test cleanup: could not drop schema: {e}"),
            Err(_) => eprintln!("test cleanup: the schema-dropping thread panicked"),
        }
    }
}

/// A running app with a factory and one account per role.
pub struct World {
    pub app: Router,
    /// The state `app` runs on (its caches and counters).
    pub state: AppState,
    pub store: Store,
    /// Factory A (with the case 2 model) and factory B (another site's).
    pub fa: String,
    pub fb: String,
    /// Session cookies by account: siteadmin, admin, editor, viewer, supplier (party
    /// `agv-maker`), auditor, outsider (member of B only).
    pub cookies: std::collections::HashMap<&'static str, String>,
    /// Removes the database when the test ends (declared last: dropped after the store).
    pub _db: TestDb,
}

pub const ACCOUNTS: [&str; 7] = [
    "siteadmin",
    "admin",
    "editor",
    "viewer",
    "supplier",
    "auditor",
    "outsider",
];

impl World {
    pub async fn new(backend: &Backend) -> World {
        let (store, db) = backend.open().await;
        let hash = crate::service::access::hash_password(PASSWORD.into())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut ids = std::collections::HashMap::new();
        for name in ACCOUNTS {
            let id = store
                .create_user(name, &hash, name == "siteadmin", None)
                .await
                .unwrap_or_else(|e| panic!("user {name}: {e}"));
            ids.insert(name, id);
        }
        let sa = ids["siteadmin"].clone();
        let fa = store
            .create_factory("Factory A", &sa)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let fb = store
            .create_factory("Factory B", &sa)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .save_model(&fa, MODEL, &sa, "test")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .save_model(&fb, MODEL, &sa, "test")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for (name, role, party) in [
            ("admin", Role::Admin, None),
            ("editor", Role::Editor, None),
            ("viewer", Role::Viewer, None),
            ("supplier", Role::Supplier, Some("agv-maker")),
            ("auditor", Role::Auditor, None),
        ] {
            store
                .set_membership(&ids[name], &fa, role, party, &sa)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        store
            .set_membership(&ids["outsider"], &fb, Role::Admin, None, &sa)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let state = AppState::new(store.clone());
        let app = router(state.clone());
        let mut w = World {
            app,
            state,
            store,
            fa,
            fb,
            cookies: Default::default(),
            _db: db,
        };
        for name in ACCOUNTS {
            let c = w
                .login(name, PASSWORD)
                .await
                .unwrap_or_else(|s| panic!("login {name}: {s}"));
            w.cookies.insert(name, c);
        }
        w
    }

    /// The number of factory `fid`'s latest model version (0 without one): the
    /// `base_version` a change made now carries.
    pub async fn version(&self, fid: &str) -> i64 {
        self.store
            .latest_model_head(fid)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .map_or(0, |m| m.version)
    }

    /// The id of the test account `name`.
    pub async fn user_id(&self, name: &str) -> String {
        self.store
            .user_by_name(name)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|u| u.id)
            .unwrap_or_else(|| panic!("no user {name}"))
    }

    /// Logs in through the form; the session cookie, or the status on failure.
    pub async fn login(&self, user: &str, password: &str) -> Result<String, StatusCode> {
        let body = format!("username={user}&password={}", password.replace(' ', "+"));
        let res = self
            .app
            .clone()
            .oneshot(
                Request::post("/login")
                    .header(header::ORIGIN, ORIGIN)
                    .header(header::HOST, "kojo.test")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .await
            .unwrap_or_else(|e| match e {});
        if res.status() != StatusCode::SEE_OTHER {
            return Err(res.status());
        }
        let cookie = res
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_string)
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)?;
        Ok(cookie)
    }

    /// Sends a request as `who` (a session cookie; `None` = anonymous) from the app's own
    /// origin, and returns the status and body.
    pub async fn send(
        &self,
        who: Option<&str>,
        method: &str,
        path: &str,
        body: Option<(&str, String)>,
    ) -> (StatusCode, String) {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "kojo.test")
            .header(header::ORIGIN, ORIGIN);
        if let Some(w) = who {
            b = b.header(header::COOKIE, &self.cookies[w]);
        }
        self.raw(b, body).await
    }

    /// Like [`World::send`] with a binary body.
    pub async fn send_bytes(
        &self,
        who: &str,
        method: &str,
        path: &str,
        body: Vec<u8>,
    ) -> (StatusCode, String) {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "kojo.test")
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, &self.cookies[who])
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"));
        let res = self
            .app
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    pub async fn raw(
        &self,
        mut b: axum::http::request::Builder,
        body: Option<(&str, String)>,
    ) -> (StatusCode, String) {
        let body = match body {
            Some((ct, s)) => {
                b = b.header(header::CONTENT_TYPE, ct);
                Body::from(s)
            }
            None => Body::empty(),
        };
        let res = self
            .app
            .clone()
            .oneshot(b.body(body).unwrap_or_else(|e| panic!("{e}")))
            .await
            .unwrap_or_else(|e| match e {});
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A form body (`application/x-www-form-urlencoded`) of `pairs`.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}
