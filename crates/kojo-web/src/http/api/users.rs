//! The site's accounts (site admins only): list, disable, enable, delete.

use super::*;
use crate::service::users::{self, Change};
use crate::store::User;

#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [User]), (status = 403, body = ErrorOut)))]
pub(super) async fn list_users(
    State(st): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<User>>, AppError> {
    Ok(Json(users::list(&st, &auth).await?))
}

#[utoipa::path(post, path = "/api/v1/users/{uid}/disable", params(("uid" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorOut), (status = 409, body = ErrorOut)))]
pub(super) async fn disable_user(
    State(st): State<AppState>,
    auth: Auth,
    Path(uid): Path<String>,
) -> Result<StatusCode, AppError> {
    users::apply_as(&st, &auth, &uid, Change::Disable).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/users/{uid}/enable", params(("uid" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorOut)))]
pub(super) async fn enable_user(
    State(st): State<AppState>,
    auth: Auth,
    Path(uid): Path<String>,
) -> Result<StatusCode, AppError> {
    users::apply_as(&st, &auth, &uid, Change::Enable).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/users/{uid}", params(("uid" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorOut), (status = 409, body = ErrorOut)))]
pub(super) async fn delete_user(
    State(st): State<AppState>,
    auth: Auth,
    Path(uid): Path<String>,
) -> Result<StatusCode, AppError> {
    users::apply_as(&st, &auth, &uid, Change::Delete).await?;
    Ok(StatusCode::NO_CONTENT)
}
