//! Review cycles and their findings diff.

use super::*;

#[utoipa::path(get, path = "/api/v1/factories/{fid}/reviews", params(("fid" = String, Path)), responses((status = 200, body = [ReviewCycle])))]
pub(super) async fn list_reviews(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<ReviewCycle>>, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    Ok(Json(st.store.cycles(&fid).await?))
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/reviews", params(("fid" = String, Path)), request_body = FreezeForm,
    responses((status = 201, body = Created)))]
pub(super) async fn post_review(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(f): Json<FreezeForm>,
) -> Result<Response, AppError> {
    let id = crate::service::reviews::freeze(&st, &auth, &fid, &f).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/reviews/diff", params(("fid" = String, Path), DiffQuery),
    responses((status = 200, body = FindingsDiff), (status = 400, body = ErrorOut, description = "a or b missing")))]
pub(super) async fn diff_reviews(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    q: Result<Query<DiffQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<FindingsDiff>, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    let Query(q) =
        q.map_err(|_| AppError::BadRequest(crate::words::errors::DIFF_NEEDS_CYCLES.into()))?;
    Ok(Json(
        crate::service::reviews::cycles_diff(&st, &fid, &q, "en").await?,
    ))
}
