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
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, AppError> {
    // A body without a declared length meets the limit while it is read.
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            crate::error::body_too_large(st.max_upload_bytes)
        } else {
            AppError::BadRequest(e.body_text())
        }
    })?;
    let id = crate::service::uploads::store_upload(&st, &auth, &fid, &q.kind, &q.filename, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/uploads/{id}", params(("fid" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", description = "the file as uploaded (audited)")))]
pub(super) async fn get_upload(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (disposition, bytes) =
        crate::service::uploads::download_upload(&st, &auth, &fid, &id).await?;
    Ok(crate::http::respond::file_response(
        "application/octet-stream",
        disposition,
        bytes,
    ))
}

#[utoipa::path(delete, path = "/api/v1/factories/{fid}/uploads/{id}", params(("fid" = String, Path), ("id" = String, Path)),
    responses((status = 204, description = "deleted (audited); the assessment no longer reads it")))]
pub(super) async fn delete_upload(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    crate::service::uploads::delete_upload(&st, &auth, &fid, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
