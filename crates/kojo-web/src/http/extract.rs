//! Who is asking: the session's user or the Bearer token's, as request extractors.

use crate::error::AppError;
use crate::service::access::{Auth, SESSION_USER, Via};
use crate::state::AppState;
use crate::store;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_sessions::Session;

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(AppError::Unauthorized)?;
            let sha = store::sha256_hex(token.trim().as_bytes());
            let user = st
                .store
                .user_by_token(&sha)
                .await?
                .ok_or(AppError::Unauthorized)?;
            return Ok(Auth {
                user,
                via: Via::Token,
                session: None,
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
        let user = st
            .store
            .user_by_id(&uid)
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(Auth {
            user,
            via: Via::Session,
            session: Some(session),
        })
    }
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
