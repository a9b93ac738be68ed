//! API tokens: created by a logged-in user (never by another token), named, with a scope
//! (`read` = GET only, `write`), optionally bound to one factory, and an expiry; listed and
//! revoked by their owner.

use crate::error::AppError;
use crate::service::access::{self, Auth, Need, Via};
use crate::state::AppState;
use crate::store::{self, DAY_MS, NewToken, TokenInfo};
use serde::Deserialize;

/// What a new token asks for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    pub name: String,
    /// `read` or `write` (default `write`).
    #[serde(default)]
    pub scope: Option<String>,
    /// The one factory the token may reach (default: every factory of the user).
    #[serde(default)]
    pub factory: Option<String>,
    /// Days until it expires (default and maximum: the server's `--token-days`, 90).
    #[serde(default)]
    pub days: Option<i64>,
}

/// A new token: the secret (shown once) and what is stored about it.
pub struct Created {
    pub secret: String,
    pub info: TokenInfo,
}

/// Creates a token for the asking user; only its SHA-256 is stored.
pub async fn create(st: &AppState, auth: &Auth, r: &TokenRequest) -> Result<Created, AppError> {
    if auth.via != Via::Session {
        // A token cannot make another token (it could widen its own scope or life).
        return Err(AppError::Forbidden);
    }
    let name = r.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::BadRequest(
            "a token name has 1 to 100 characters".into(),
        ));
    }
    let scope = match r.scope.as_deref().map(str::trim) {
        None | Some("") | Some("write") => "write",
        Some("read") => "read",
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "token scope {other:?} is not read or write"
            )));
        }
    };
    let factory = match r.factory.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(f) => {
            // Only a factory the user may read; 404 otherwise, as everywhere.
            auth.factory(st, f, Need::Checklists).await?;
            Some(f.to_string())
        }
    };
    let days = r.days.unwrap_or(st.token_days);
    if !(1..=st.token_days).contains(&days) {
        return Err(AppError::BadRequest(format!(
            "a token lives 1 to {} days",
            st.token_days
        )));
    }
    let (secret, sha) = access::new_token();
    let expires_at = store::now_ms() + days * DAY_MS;
    let id = st
        .store
        .create_token_scoped(&NewToken {
            user_id: &auth.user.id,
            name,
            sha256: &sha,
            scope,
            factory_id: factory.as_deref(),
            expires_at,
        })
        .await?;
    let info = st
        .store
        .tokens_of(&auth.user.id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("token {id} vanished")))?;
    Ok(Created { secret, info })
}

/// The asking user's tokens (never a secret).
pub async fn list(st: &AppState, auth: &Auth) -> Result<Vec<TokenInfo>, AppError> {
    Ok(st.store.tokens_of(&auth.user.id).await?)
}

/// Revokes one of the asking user's tokens; 404 when it has no such live token.
pub async fn revoke(st: &AppState, auth: &Auth, id: &str) -> Result<(), AppError> {
    if st
        .store
        .revoke_token(&auth.user.id, id, &auth.user.id)
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
