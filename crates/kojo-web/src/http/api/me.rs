//! Who is asking, and API tokens.

use super::*;
use crate::service::tokens::TokenRequest;
use crate::store::TokenInfo;

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

#[derive(Serialize, ToSchema)]
pub(super) struct TokenOut {
    /// Shown once; only its SHA-256 is stored.
    token: String,
    #[serde(flatten)]
    info: TokenInfo,
}

#[utoipa::path(post, path = "/api/v1/tokens", request_body = TokenRequest,
    responses((status = 201, body = TokenOut), (status = 403, body = ErrorOut)))]
pub(super) async fn create_token(
    State(st): State<AppState>,
    auth: Auth,
    Json(t): Json<TokenRequest>,
) -> Result<Response, AppError> {
    let c = crate::service::tokens::create(&st, &auth, &t).await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenOut {
            token: c.secret,
            info: c.info,
        }),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/tokens", responses((status = 200, body = [TokenInfo])))]
pub(super) async fn list_tokens(
    State(st): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<TokenInfo>>, AppError> {
    Ok(Json(crate::service::tokens::list(&st, &auth).await?))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", params(("id" = String, Path)), responses((status = 204), (status = 404, body = ErrorOut)))]
pub(super) async fn revoke_token(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    crate::service::tokens::revoke(&st, &auth, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
