//! Application state, the error type, the router and its security middleware.

use crate::auth::{DbSessionStore, LoginError};
use crate::store::{Store, StoreError};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use kojo_findings::Assessment;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// How `kojo serve` runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (default `127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// Data directory: holds `kojo.db` when no database URL is given.
    pub data_dir: PathBuf,
    /// `sqlite:PATH` or `postgres://…`; `None` = SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// Mark cookies `Secure` (TLS in front). Also done per request on `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
    /// Load the Annex A demo factory and an admin account.
    pub demo: bool,
    /// Extra origins allowed to POST (reverse proxies that rewrite `Host`).
    pub trusted_origins: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("kojo-data"),
            database_url: None,
            secure_cookies: false,
            demo: false,
            trusted_origins: Vec::new(),
        }
    }
}

impl Config {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite:{}", self.data_dir.join("kojo.db").display()),
        }
    }
}

/// A cached diagram: the model's SHA-256 and the language.
pub type DiagramKey = (String, &'static str);

/// Shared state of every handler. The assessment cache is keyed by the model's SHA-256; it
/// only saves time (the database holds the same JSON per model version).
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub secure_cookies: bool,
    pub trusted_origins: Vec<String>,
    pub cache: Arc<Mutex<HashMap<String, Arc<Assessment>>>>,
    /// Zone diagrams (SVG) by model SHA-256 and language; also only a time saver.
    pub diagrams: Arc<Mutex<HashMap<DiagramKey, Arc<String>>>>,
    /// Dashboard summaries by model version id and language; a time saver like the others.
    pub summaries: Arc<Mutex<HashMap<DiagramKey, Arc<crate::pages::DashSummary>>>>,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            secure_cookies: false,
            trusted_origins: Vec::new(),
            cache: Arc::new(Mutex::new(HashMap::new())),
            diagrams: Arc::new(Mutex::new(HashMap::new())),
            summaries: Arc::new(Mutex::new(HashMap::new())),
        }
    }
}

/// Every failure a handler can return. Internal errors are logged and answered with a
/// generic message; their text never reaches the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not logged in")]
    Unauthorized,
    #[error("your role in this factory does not allow this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// A change that does not say which version it was made from (`base_version`).
    #[error("{0}")]
    PreconditionRequired(String),
    #[error("the model is not valid")]
    Invalid(Vec<crate::modelio::Problem>),
    #[error("login failed")]
    Login(LoginError),
    /// A part of kojo this request needs failed (e.g. the assessment engine); the message
    /// is kojo's own, not internal detail.
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => AppError::Conflict(m),
            e => AppError::Internal(e.into()),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Login(LoginError::BadCredentials) => StatusCode::UNAUTHORIZED,
            AppError::Login(LoginError::RateLimited) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    /// Words for the user.
    pub fn message(&self) -> String {
        match self {
            AppError::Login(LoginError::BadCredentials) => "wrong user name or password".into(),
            AppError::Login(LoginError::RateLimited) => {
                "too many failed logins for this user; try again in 15 minutes".into()
            }
            e => e.to_string(),
        }
    }
}

/// The version a change was made from, or 428: a change without one could silently
/// replace a newer version.
pub fn require_base(base: Option<i64>) -> Result<i64, AppError> {
    base.ok_or_else(|| {
        AppError::PreconditionRequired(
            "base_version is required: the model version this change was made from (load the model again for its version); nothing was saved".into(),
        )
    })
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!("internal error: {e:#}");
            eprintln!("kojo-web: internal error: {e:#}");
        }
        let mut body = serde_json::json!({ "error": self.message() });
        if let AppError::Invalid(problems) = &self {
            body["problems"] = serde_json::to_value(problems).unwrap_or_default();
        }
        (self.status(), axum::Json(body)).into_response()
    }
}

/// Refuses state-changing requests that carry a session cookie but neither `Origin` nor
/// `Sec-Fetch-Site` (tower-http's check lets those through as "non-browser"); Bearer-token
/// requests carry no ambient credentials and pass.
async fn require_origin_for_cookies(req: Request, next: Next) -> Response {
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

/// Adds `Secure` to cookies when the request came over TLS through a proxy.
async fn secure_cookie_behind_tls(req: Request, next: Next) -> Response {
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
async fn html_errors(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let back = crate::pages::same_site_referer(req.headers());
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
    let html = crate::pages::error_page(
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
    let Ok(Some(uid)) = session.get::<String>(crate::auth::SESSION_USER).await else {
        return "en".into();
    };
    match st.store.user_by_id(&uid).await {
        Ok(Some(u)) => u.lang,
        _ => "en".into(),
    }
}

/// The whole application: pages, `/api/v1`, static assets, with sessions, CSRF protection
/// and security headers.
pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore {
        store: state.store.clone(),
    })
    .with_name("kojo_session")
    .with_http_only(true)
    .with_same_site(SameSite::Lax)
    .with_secure(state.secure_cookies)
    .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));
    let mut csrf = CsrfLayer::new();
    for o in &state.trusted_origins {
        match csrf.clone().add_trusted_origin(o) {
            Ok(c) => csrf = c,
            Err(e) => eprintln!("kojo-web: ignoring trusted origin {o:?}: {e}"),
        }
    }
    Router::new()
        .merge(crate::pages::routes())
        .merge(crate::editor::pages::routes())
        .nest(
            "/api/v1",
            crate::api::routes().merge(crate::editor::api::routes()),
        )
        .layer(middleware::from_fn_with_state(state.clone(), html_errors))
        .layer(sessions)
        .layer(middleware::from_fn(require_origin_for_cookies))
        .layer(csrf)
        .layer(middleware::from_fn(secure_cookie_behind_tls))
        .layer(DefaultBodyLimit::max(32 * 1024 * 1024))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .with_state(state)
}

/// Opens the database, loads the demo when asked, and serves until Ctrl-C.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create data directory {}: {e}",
                config.data_dir.display()
            )
        })?;
    }
    let url = config.database_url();
    let store = Store::open(&url)
        .await
        .map_err(|e| anyhow::anyhow!("opening database: {e}"))?;
    if config.demo {
        let creds = crate::demo::load(&store).await?;
        if let Some((user, password)) = creds {
            println!("demo admin: user {user:?} password {password:?} (shown once)");
        } else {
            println!("demo factory already present");
        }
    }
    let sweep = store.clone();
    tokio::spawn(async move {
        loop {
            let _ = sweep.sessions_delete_expired().await;
            tokio::time::sleep(std::time::Duration::from_secs(600)).await;
        }
    });
    let mut state = AppState::new(store.clone());
    state.secure_cookies = config.secure_cookies;
    state.trusted_origins = config.trusted_origins.clone();
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    println!("kojo serve: listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    store.close().await;
    Ok(())
}
