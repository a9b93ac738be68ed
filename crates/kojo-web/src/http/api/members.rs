//! Members of a factory.

use super::*;
use crate::service::members::RoleForm;

#[utoipa::path(get, path = "/api/v1/factories/{fid}/members", params(("fid" = String, Path)), responses((status = 200, body = [Membership])))]
pub(super) async fn list_members(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<Membership>>, AppError> {
    Ok(Json(crate::service::members::list(&st, &auth, &fid).await?))
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/members", params(("fid" = String, Path)), request_body = MemberForm,
    responses((status = 204)))]
pub(super) async fn post_member(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(f): Json<MemberForm>,
) -> Result<StatusCode, AppError> {
    crate::service::members::add_member(&st, &auth, &fid, &f).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/factories/{fid}/members/{uid}", params(("fid" = String, Path), ("uid" = String, Path)),
    request_body = RoleForm, responses((status = 204), (status = 404, body = ErrorOut)))]
pub(super) async fn put_member(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, uid)): Path<(String, String)>,
    Json(f): Json<RoleForm>,
) -> Result<StatusCode, AppError> {
    crate::service::members::change_role(&st, &auth, &fid, &uid, &f).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/factories/{fid}/members/{uid}", params(("fid" = String, Path), ("uid" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorOut)))]
pub(super) async fn delete_member(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, uid)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    crate::service::members::remove(&st, &auth, &fid, &uid).await?;
    Ok(StatusCode::NO_CONTENT)
}
