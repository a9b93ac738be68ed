//! Uploads and what each produced.

use super::*;

#[utoipa::path(get, path = "/api/v1/factories/{fid}/uploads", params(("fid" = String, Path)),
    responses((status = 200, body = [UploadInfo], description = "with what each capture, SBOM and advisory produced in the current assessment")))]
pub(super) async fn list_uploads(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<UploadInfo>>, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    let (uploads, _) =
        crate::service::uploads::uploads_with_results(&st, &fid, &auth.user.lang).await?;
    Ok(Json(uploads))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(super) struct UploadQuery {
    /// capture | sbom | advisory | evidence
    kind: String,
    filename: String,
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/uploads", params(("fid" = String, Path), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Created)))]
pub(super) async fn post_upload(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    let id = crate::service::uploads::store_upload(&st, &auth, &fid, &q.kind, &q.filename, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}
