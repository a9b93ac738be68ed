//! Who is asking, and API tokens.

use super::*;

#[derive(Serialize, ToSchema)]
pub(super) struct MeOut {
    id: String,
    username: String,
    site_admin: bool,
    lang: String,
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = MeOut), (status = 401, body = ErrorOut)))]
pub(super) async fn me(auth: Auth) -> Json<MeOut> {
    Json(MeOut {
        id: auth.user.id.clone(),
        username: auth.user.username.clone(),
        site_admin: auth.is_site_admin(),
        lang: auth.user.lang.clone(),
    })
}

#[derive(Deserialize, ToSchema)]
pub(super) struct TokenIn {
    name: String,
}

#[derive(Serialize, ToSchema)]
pub(super) struct TokenOut {
    /// Shown once; only its SHA-256 is stored.
    token: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", request_body = TokenIn, responses((status = 201, body = TokenOut)))]
pub(super) async fn create_token(
    State(st): State<AppState>,
    auth: Auth,
    Json(t): Json<TokenIn>,
) -> Result<Response, AppError> {
    let secret = crate::service::tokens::create(&st, &auth, &t.name).await?;
    Ok((StatusCode::CREATED, Json(TokenOut { token: secret })).into_response())
}
