//! Uploads: captures, SBOMs, advisories, evidence.

use super::*;

#[derive(Template)]
#[template(path = "uploads.html")]
pub(super) struct UploadsPage {
    b: Base,
    fid: String,
    uploads: Vec<UploadInfo>,
    can_edit: bool,
    kinds: Vec<&'static str>,
    error: Option<String>,
}

pub(super) async fn uploads_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let (uploads, error) = uploads_with_results(&st, &fid, &auth.user.lang).await?;
    render(&UploadsPage {
        b: base(Some(&auth), "uploads", Some(&access)),
        uploads,
        can_edit: access.allows(Need::Edit),
        kinds: UPLOAD_KINDS.to_vec(),
        error,
        fid,
    })
}

pub(super) async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let mut kind = String::from("evidence");
    let mut file: Option<(String, Vec<u8>)> = None;
    let limit = st.max_upload_bytes;
    let multipart_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            crate::error::body_too_large(limit)
        } else {
            AppError::BadRequest(format!("bad upload: {}", e.body_text()))
        }
    };
    while let Some(field) = mp.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("kind") => kind = field.text().await.map_err(multipart_error)?,
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(multipart_error)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| AppError::BadRequest("no file in the upload".into()))?;
    store_upload(&st, &auth, &fid, &kind, &name, &bytes).await?;
    Ok(Redirect::to(&format!("/f/{fid}/uploads")).into_response())
}

/// The file as it was uploaded.
pub(super) async fn upload_download(
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

pub(super) async fn upload_delete(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    crate::service::uploads::delete_upload(&st, &auth, &fid, &id).await?;
    Ok(Redirect::to(&format!("/f/{fid}/uploads")).into_response())
}
