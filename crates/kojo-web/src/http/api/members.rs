//! Members and the audit log.

use super::*;

#[utoipa::path(get, path = "/api/v1/factories/{fid}/members", params(("fid" = String, Path)), responses((status = 200, body = [Membership])))]
pub(super) async fn list_members(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<Membership>>, AppError> {
    auth.factory(&st, &fid, Need::Admin).await?;
    Ok(Json(st.store.members(&fid).await?))
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

#[utoipa::path(get, path = "/api/v1/factories/{fid}/audit", params(("fid" = String, Path)), responses((status = 200, body = [AuditEntry])))]
pub(super) async fn get_audit(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    auth.factory(&st, &fid, Need::Admin).await?;
    Ok(Json(st.store.audit_log(Some(&fid), 500).await?))
}
