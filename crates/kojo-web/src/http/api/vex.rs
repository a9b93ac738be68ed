//! The supplier portal's vulnerability statements (VEX): list, state, CSAF download.

use super::*;
use crate::service::vex::{StatementForm, VexView};

#[utoipa::path(get, path = "/api/v1/factories/{fid}/vex", params(("fid" = String, Path)),
    responses((status = 200, body = VexView, description = "the vulnerability findings on each party's products; a supplier sees only its own party")))]
pub(super) async fn get_vex(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<VexView>, AppError> {
    let (_, view) = crate::service::vex::list(&st, &auth, &fid, &auth.user.lang).await?;
    Ok(Json(view))
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/vex/{party}", params(("fid" = String, Path), ("party" = String, Path)),
    request_body = StatementForm,
    responses((status = 200, body = Decided), (status = 400, body = ErrorOut, description = "an unknown finding, statement or justification; nothing saved"),
        (status = 403, body = ErrorOut, description = "not the user's own party, or a finding on another party's product"),
        (status = 409, body = ErrorOut, description = "another version was saved since base_version; nothing saved"),
        (status = 428, body = ErrorOut, description = "base_version missing")))]
pub(super) async fn post_vex(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Json(f): Json<StatementForm>,
) -> Result<Json<Decided>, AppError> {
    let saved = crate::service::vex::state(&st, &auth, &fid, &party, &f).await?;
    Ok(Json(Decided {
        version: saved.map(|v| v.version),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(super) struct CsafQuery {
    /// The documents' date and the day decisions are judged on (YYYY-MM-DD; default today).
    #[serde(default)]
    today: String,
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/vex/{party}/csaf", params(("fid" = String, Path), ("party" = String, Path), CsafQuery),
    responses((status = 200, content_type = "application/json", description = "the party's CSAF 2.0 VEX document, as `kojo vex` writes it"),
        (status = 404, body = ErrorOut, description = "no vulnerability finding on the party's products")))]
pub(super) async fn get_vex_csaf(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Query(q): Query<CsafQuery>,
) -> Result<Response, AppError> {
    let d = crate::service::vex::document(&st, &auth, &fid, &party, &q.today).await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/json".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", d.file),
            ),
        ],
        d.bytes,
    )
        .into_response())
}
