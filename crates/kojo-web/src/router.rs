//! The top: the whole application (pages, `/api/v1`, sessions, CSRF, security headers)
//! and `serve`.

use crate::http::layers::{
    html_errors, refuse_large_bodies, require_origin_for_cookies, secure_cookie_behind_tls,
};
use crate::http::session::DbSessionStore;
use crate::state::{AppState, Config};
use crate::store::Store;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware;
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

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
    .with_expiry(Expiry::OnInactivity(time::Duration::hours(
        crate::service::access::SESSION_IDLE_HOURS,
    )));
    let mut csrf = CsrfLayer::new();
    for o in &state.trusted_origins {
        match csrf.clone().add_trusted_origin(o) {
            Ok(c) => csrf = c,
            Err(e) => eprintln!("kojo-web: ignoring trusted origin {o:?}: {e}"),
        }
    }
    Router::new()
        .merge(crate::http::pages::routes())
        .merge(crate::http::pages::editor::routes())
        .nest(
            "/api/v1",
            crate::http::api::routes().merge(crate::http::api::editor::routes()),
        )
        .layer(DefaultBodyLimit::max(state.max_upload_bytes))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            refuse_large_bodies,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), html_errors))
        .layer(sessions)
        .layer(middleware::from_fn(require_origin_for_cookies))
        .layer(csrf)
        .layer(middleware::from_fn(secure_cookie_behind_tls))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'",
            ),
        ))
        // Pages and API answers hold a user's data: never kept by the browser (Back after
        // logout shows nothing); the stylesheet sets its own caching.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
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
        let creds = crate::service::demo::load(&store).await?;
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
    let state = AppState::new(store.clone()).with_config(&config);
    // The peer address reaches handlers (the per-address login bounds).
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
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
