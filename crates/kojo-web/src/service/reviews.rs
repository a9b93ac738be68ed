//! Review cycles (PDCA): freezing the current model and its assessment, and the findings
//! diff between two frozen cycles.

use crate::error::AppError;
use crate::service::access::{Auth, Need};
use crate::service::models::{self, FindingsDiff};
use crate::state::AppState;
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct FreezeForm {
    pub name: String,
    /// The review date, `YYYY-MM-DD`.
    pub date: String,
    pub reviewers: String,
}

/// Freezes the current model and its assessment; shared by the page and the API.
pub(crate) async fn freeze(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    f: &FreezeForm,
) -> Result<String, AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    if f.name.trim().is_empty() || f.name.len() > 200 {
        return Err(AppError::BadRequest(
            "a review cycle name has 1 to 200 characters".into(),
        ));
    }
    let Some(date) = kojo_model::Date::parse(f.date.trim()) else {
        return Err(AppError::BadRequest(format!(
            "date \"{}\" is not a calendar date written YYYY-MM-DD",
            f.date.trim()
        )));
    };
    let mv = st
        .store
        .latest_model(fid)
        .await?
        .ok_or_else(|| AppError::BadRequest("the factory has no model to freeze".into()))?;
    let a = crate::service::assessment::assessment(st, &mv).await?;
    let json = serde_json::to_string(&*a).map_err(|e| AppError::Internal(e.into()))?;
    let id = st
        .store
        .freeze_cycle(
            fid,
            f.name.trim(),
            &mv,
            &json,
            &date.to_string(),
            f.reviewers.trim(),
            &auth.user.id,
        )
        .await?;
    Ok(id)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(crate) struct DiffQuery {
    /// The older review cycle id.
    pub a: String,
    /// The newer review cycle id.
    pub b: String,
}

/// The findings diff between two frozen cycles of one factory.
pub(crate) async fn cycles_diff(
    st: &AppState,
    fid: &str,
    q: &DiffQuery,
    lang: &str,
) -> Result<FindingsDiff, AppError> {
    let a = st.store.cycle(fid, &q.a).await?.ok_or(AppError::NotFound)?;
    let b = st.store.cycle(fid, &q.b).await?.ok_or(AppError::NotFound)?;
    let pa: kojo_findings::Assessment =
        serde_json::from_str(&a.assessment_json).map_err(|e| AppError::Internal(e.into()))?;
    let pb: kojo_findings::Assessment =
        serde_json::from_str(&b.assessment_json).map_err(|e| AppError::Internal(e.into()))?;
    Ok(models::diff_findings(&pa, &pb, lang))
}
