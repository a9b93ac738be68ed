//! The model: reading it and saving a version, whole or one zone.

use super::*;

#[derive(Serialize, ToSchema)]
pub(super) struct ModelOut {
    version: i64,
    sha256: String,
    yaml: String,
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/model", params(("fid" = String, Path)),
    responses((status = 200, body = ModelOut), (status = 404, body = ErrorOut)))]
pub(super) async fn get_model(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<ModelOut>, AppError> {
    let mv = crate::service::models::latest(&st, &auth, &fid, crate::service::access::Need::Read)
        .await?;
    Ok(Json(ModelOut {
        version: mv.version,
        sha256: mv.sha256,
        yaml: mv.yaml,
    }))
}

#[derive(Deserialize, ToSchema)]
pub(super) struct ModelIn {
    yaml: String,
    #[serde(default)]
    note: String,
    /// The version this YAML was made from (0 for a factory without a model): required
    /// (428 without it); when another version was saved since (e.g. a checklist answer),
    /// nothing is saved and the answer is 409.
    #[serde(default)]
    base_version: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct Saved {
    version: i64,
    /// Warnings of the model (it was saved).
    warnings: Vec<Problem>,
}

#[utoipa::path(put, path = "/api/v1/factories/{fid}/model", params(("fid" = String, Path)), request_body = ModelIn,
    responses((status = 200, body = Saved), (status = 409, body = ErrorOut, description = "another version was saved since base_version; nothing saved"),
        (status = 422, body = ErrorOut, description = "invalid model; nothing saved")))]
pub(super) async fn put_model(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(m): Json<ModelIn>,
) -> Result<Json<Saved>, AppError> {
    auth.factory(&st, &fid, Need::Edit).await?;
    let base = crate::error::require_base(m.base_version)?;
    let (_, warnings) = models::check(&m.yaml).map_err(AppError::Invalid)?;
    let Some(mv) =
        crate::service::editor::save_yaml(&st, &auth, &fid, base, &m.yaml, m.note.trim()).await?
    else {
        let latest = st.store.latest_model_head(&fid).await?;
        let p = crate::service::models::stale_problem(base, latest.as_ref());
        return Err(AppError::Conflict(format!(
            "{} ({})",
            p.message,
            p.help.unwrap_or_default()
        )));
    };
    Ok(Json(Saved {
        version: mv.version,
        warnings,
    }))
}

/// The whole zone as the editor carries it (`ZoneIn`); `base_version` is required (428
/// without it, 409 when stale); answers as the editor's other PUTs.
#[utoipa::path(put, path = "/api/v1/factories/{fid}/zones/{zid}", params(("fid" = String, Path), ("zid" = String, Path)),
    request_body = crate::service::editor::ZoneIn,
    responses((status = 200, body = crate::http::api::editor::EntitySaved), (status = 422, body = crate::http::api::editor::FormProblems),
        (status = 409, description = "base_version is stale"), (status = 428, description = "base_version is missing")))]
pub(super) async fn put_zone(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, zid)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> Result<Response, AppError> {
    crate::http::api::editor::put_zone_entry(&st, &auth, &fid, &zid, body).await
}
