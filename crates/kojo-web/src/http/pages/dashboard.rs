//! A factory's dashboard: counts, heat map, zones and the zone diagram.

use super::*;

#[derive(Template)]
#[template(path = "dashboard.html")]
pub(super) struct DashboardPage {
    b: Base,
    fid: String,
    summary: Option<std::sync::Arc<DashSummary>>,
    error: Option<String>,
}

pub(super) async fn dashboard(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let (access, latest) =
        crate::service::assessment::access_with_latest(&st, &auth, &fid, Need::Read).await?;
    let mut page = DashboardPage {
        b: base(Some(&auth), "dashboard", Some(&access)),
        fid,
        summary: None,
        error: None,
    };
    if let Some((mv, inputs)) = latest {
        match crate::service::dashboard::summary(&st, &mv, inputs, &auth.user.lang).await {
            Ok(sum) => page.summary = Some(sum),
            Err(AppError::Invalid(p)) => {
                page.error = Some(format!("{} {}", p.len(), page.b.t.w("problems_in_model")))
            }
            Err(AppError::Unavailable(m)) => {
                page.error = Some(crate::words::errors::message(&m, &auth.user.lang))
            }
            Err(e) => return Err(e),
        }
    }
    render(&page)
}
