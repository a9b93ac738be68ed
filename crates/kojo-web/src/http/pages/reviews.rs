//! Review cycles: freezing and the findings diff.

use super::*;

#[derive(Template)]
#[template(path = "reviews.html")]
pub(super) struct ReviewsPage {
    b: Base,
    fid: String,
    cycles: Vec<ReviewCycle>,
    can_edit: bool,
    diff: Option<FindingsDiff>,
}

pub(super) async fn reviews_view(
    st: &AppState,
    auth: &Auth,
    access: &Access,
    diff: Option<FindingsDiff>,
) -> Result<ReviewsPage, AppError> {
    Ok(ReviewsPage {
        b: base(Some(auth), "reviews", Some(access)),
        fid: access.factory.id.clone(),
        cycles: st.store.cycles(&access.factory.id).await?,
        can_edit: access.allows(Need::Edit),
        diff,
    })
}

pub(super) async fn reviews_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    render(&reviews_view(&st, &auth, &access, None).await?)
}

pub(super) async fn review_freeze(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<FreezeForm>,
) -> Result<Response, AppError> {
    freeze(&st, &auth, &fid, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/reviews")).into_response())
}

pub(super) async fn review_diff(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    q: Result<Query<DiffQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let Query(q) =
        q.map_err(|_| AppError::BadRequest(crate::words::errors::DIFF_NEEDS_CYCLES.into()))?;
    let d = cycles_diff(&st, &fid, &q, &auth.user.lang).await?;
    render(&reviews_view(&st, &auth, &access, Some(d)).await?)
}
