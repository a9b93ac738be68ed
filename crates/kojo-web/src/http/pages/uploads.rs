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
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("bad upload: {e}")))?
    {
        match field.name() {
            Some("kind") => {
                kind = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.to_string()))?
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::BadRequest(e.to_string()))?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| AppError::BadRequest("no file in the upload".into()))?;
    store_upload(&st, &auth, &fid, &kind, &name, &bytes).await?;
    Ok(Redirect::to(&format!("/f/{fid}/uploads")).into_response())
}
