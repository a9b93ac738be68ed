//! The assessment, findings filtered.

use super::*;

#[utoipa::path(get, path = "/api/v1/factories/{fid}/assessment", params(("fid" = String, Path), FindingFilter),
    responses((status = 200, description = "the assessment of assessment-output.md, findings filtered", body = Object)))]
pub(super) async fn get_assessment(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Query(filter): Query<FindingFilter>,
) -> Result<Response, AppError> {
    let mv = crate::service::models::latest(&st, &auth, &fid, crate::service::access::Need::Read)
        .await?;
    let a = crate::service::assessment::assessment(&st, &mv).await?;
    let mut a = (*a).clone();
    a.findings.retain(|f| filter.keeps(f));
    Ok(Json(a).into_response())
}
