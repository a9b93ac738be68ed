//! The site admin's page of accounts, and every user's page of API tokens.

use super::*;
use crate::service::tokens::{self, TokenRequest};
use crate::service::users::{self, Change};
use crate::store::{TokenInfo, User};

#[derive(Template)]
#[template(path = "users.html")]
pub(super) struct UsersPage {
    b: Base,
    users: Vec<User>,
}

pub(super) async fn users_page(
    State(st): State<AppState>,
    auth: Auth,
) -> Result<Response, AppError> {
    let users = users::list(&st, &auth).await?;
    render(&UsersPage {
        b: base(Some(&auth), "users", None),
        users,
    })
}

pub(super) async fn user_change(
    State(st): State<AppState>,
    auth: Auth,
    Path((uid, what)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let change = match what.as_str() {
        "disable" => Change::Disable,
        "enable" => Change::Enable,
        "delete" => Change::Delete,
        _ => return Err(AppError::NotFound),
    };
    users::apply_as(&st, &auth, &uid, change).await?;
    Ok(Redirect::to("/users").into_response())
}

#[derive(Template)]
#[template(path = "tokens.html")]
pub(super) struct TokensPage {
    b: Base,
    /// Each token, its expiry as a UTC date, and whether it still works.
    tokens: Vec<(TokenInfo, String, bool)>,
    factories: Vec<Factory>,
    secret: Option<String>,
    max_days: i64,
}

/// A UTC date of epoch milliseconds.
fn utc_date(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

async fn tokens_view(
    st: &AppState,
    auth: &Auth,
    secret: Option<String>,
) -> Result<Response, AppError> {
    let now = store::now_ms();
    let tokens = tokens::list(st, auth)
        .await?
        .into_iter()
        .map(|t| {
            let live = t.revoked_at.is_none() && t.expires_at > now;
            let d = utc_date(t.expires_at);
            (t, d, live)
        })
        .collect();
    render(&TokensPage {
        b: base(Some(auth), "api_tokens", None),
        tokens,
        factories: st.store.factories_for(&auth.user).await?,
        secret,
        max_days: st.token_days,
    })
}

pub(super) async fn tokens_page(
    State(st): State<AppState>,
    auth: Auth,
) -> Result<Response, AppError> {
    tokens_view(&st, &auth, None).await
}

#[derive(Deserialize)]
pub(super) struct TokenForm {
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    factory: String,
    #[serde(default)]
    days: String,
}

pub(super) async fn token_create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<TokenForm>,
) -> Result<Response, AppError> {
    let days = match f.days.trim() {
        "" => None,
        d => Some(d.parse::<i64>().map_err(|_| {
            AppError::BadRequest(format!("a token lives 1 to {} days", st.token_days))
        })?),
    };
    let c = tokens::create(
        &st,
        &auth,
        &TokenRequest {
            name: f.name,
            scope: Some(f.scope),
            factory: Some(f.factory),
            days,
        },
    )
    .await?;
    // The secret is shown on this answer only (never stored, never in a URL).
    tokens_view(&st, &auth, Some(c.secret)).await
}

pub(super) async fn token_revoke(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    tokens::revoke(&st, &auth, &id).await?;
    Ok(Redirect::to("/settings/tokens").into_response())
}
