//! Who is asking: the session's user or the Bearer token's, as request extractors.

use crate::error::AppError;
use crate::service::access::{self, Auth, SESSION_USER, Via};
use crate::state::AppState;
use crate::store;
use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;
use tower_sessions::Session;

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let writes = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(AppError::Unauthorized)?;
            let sha = store::sha256_hex(token.trim().as_bytes());
            let (user, token) = st
                .store
                .token_grant(&sha)
                .await?
                .ok_or(AppError::Unauthorized)?;
            // A read token changes nothing; a token bound to one factory reaches only that
            // factory's routes (and `/me`).
            if writes && token.scope != "write" {
                return Err(AppError::Forbidden);
            }
            if let Some(f) = &token.factory_id {
                let path = parts
                    .extensions
                    .get::<axum::extract::OriginalUri>()
                    .map_or_else(|| parts.uri.path().to_string(), |u| u.path().to_string());
                match path
                    .strip_prefix("/api/v1/factories/")
                    .map(|r| r.split('/').next())
                {
                    Some(Some(id)) if id == f => {}
                    // Another factory: not revealed, as for a non-member.
                    Some(_) => return Err(AppError::NotFound),
                    None if path == "/api/v1/me" => {}
                    None => return Err(AppError::Forbidden),
                }
            }
            return Ok(Auth {
                user,
                via: Via::Token,
                session: None,
                token: Some(token),
                writes,
            });
        }
        let session = Session::from_request_parts(parts, st)
            .await
            .map_err(|_| AppError::Unauthorized)?;
        let uid: Option<String> = session
            .get(SESSION_USER)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
        let Some(uid) = uid else {
            return Err(AppError::Unauthorized);
        };
        renew_or_end(&session).await?;
        // The session store read the user with the record; a session made in this request
        // has no such row yet and reads it here.
        let row: Option<crate::store::User> = session
            .get(access::SESSION_USER_ROW)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
        let user = match row.filter(|u| u.id == uid) {
            Some(u) => u,
            None => st
                .store
                .user_by_id(&uid)
                .await?
                .ok_or(AppError::Unauthorized)?,
        };
        Ok(Auth {
            user,
            via: Via::Session,
            session: Some(session),
            token: None,
            writes,
        })
    }
}

/// Keeps a session alive while it is used and ends it at its absolute maximum. The idle
/// expiry ([`access::SESSION_IDLE_HOURS`]) is pushed forward by saving the record, at most
/// every [`access::SESSION_RENEW_MS`] (not on every request: a save is a database write);
/// a session older than [`access::SESSION_MAX_HOURS`] since its login is ended.
async fn renew_or_end(session: &Session) -> Result<(), AppError> {
    let err =
        |e: tower_sessions::session::Error| AppError::Internal(anyhow::anyhow!("session: {e}"));
    let now = store::now_ms();
    let login_at: Option<i64> = session.get(access::SESSION_LOGIN_AT).await.map_err(err)?;
    let Some(login_at) = login_at else {
        // A session from before the absolute maximum existed: it starts counting now.
        session
            .insert(access::SESSION_LOGIN_AT, now)
            .await
            .map_err(err)?;
        session
            .insert(access::SESSION_SEEN, now)
            .await
            .map_err(err)?;
        return Ok(());
    };
    if now - login_at > access::SESSION_MAX_HOURS * 3_600_000 {
        session.flush().await.map_err(err)?;
        return Err(AppError::Unauthorized);
    }
    let seen: Option<i64> = session.get(access::SESSION_SEEN).await.map_err(err)?;
    if seen.is_none_or(|t| now - t > access::SESSION_RENEW_MS) {
        // Changing the record makes tower-sessions save it with a new idle expiry.
        session
            .insert(access::SESSION_SEEN, now)
            .await
            .map_err(err)?;
    }
    Ok(())
}

/// Like [`Auth`] but absent instead of rejected.
pub struct MaybeAuth(pub Option<Auth>);

impl FromRequestParts<AppState> for MaybeAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        match Auth::from_request_parts(parts, st).await {
            Ok(a) => Ok(MaybeAuth(Some(a))),
            Err(AppError::Unauthorized) => Ok(MaybeAuth(None)),
            Err(e) => Err(e),
        }
    }
}

/// The address a request came from (the TCP peer's IP; `unknown` when the server was not
/// started with connection info, as in router tests). Behind a reverse proxy every client
/// has the proxy's address: the per-address login bounds then hold for all of them at once.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        _st: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string()),
        ))
    }
}
