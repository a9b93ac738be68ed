//! Triage: one decision for one finding or a selection, written into the model.

use super::*;
use crate::service::triage::TriageForm;

#[derive(Serialize, ToSchema)]
pub(super) struct Decided {
    /// The new model version, or `null` when the model already said exactly that.
    pub(super) version: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/decisions", params(("fid" = String, Path)),
    request_body = TriageForm,
    responses((status = 200, body = Decided), (status = 400, body = ErrorOut, description = "an unknown finding, status, owner or date; nothing saved"),
        (status = 409, body = ErrorOut, description = "another version was saved since base_version; nothing saved"),
        (status = 428, body = ErrorOut, description = "base_version missing")))]
pub(super) async fn post_decisions(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(f): Json<TriageForm>,
) -> Result<Json<Decided>, AppError> {
    let saved = crate::service::triage::decide(&st, &auth, &fid, &f).await?;
    Ok(Json(Decided {
        version: saved.map(|v| v.version),
    }))
}
