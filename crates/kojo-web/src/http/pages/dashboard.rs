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
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let mut page = DashboardPage {
        b: base(Some(&auth), "dashboard", Some(&access)),
        fid,
        summary: None,
        error: None,
    };
    if let Some(mv) = st.store.latest_model_head(&page.fid).await? {
        // The counts include what the factory's uploads produced.
        let inputs = crate::service::assessment::inputs(&st, &page.fid).await?;
        let key = (
            inputs.key(&mv.id),
            if auth.user.lang == "ja" { "ja" } else { "en" },
        );
        let cached = crate::service::dashboard::cached(&st, &key);
        if let Some(sum) = cached {
            page.summary = Some(sum);
        } else {
            match crate::service::assessment::assessment_with(&st, &mv, &inputs).await {
                Ok(a) => {
                    let mut sum = crate::service::dashboard::summarize(&mv, &a);
                    match crate::service::assessment::diagram(&st, &mv, a, &auth.user.lang).await {
                        Ok(svg) => sum.diagram = svg.to_string(),
                        Err(e) => page.error = Some(e.message()),
                    }
                    let sum = std::sync::Arc::new(sum);
                    if page.error.is_none() {
                        crate::service::dashboard::remember(&st, key, sum.clone());
                    }
                    page.summary = Some(sum);
                }
                Err(AppError::Invalid(p)) => {
                    page.error = Some(format!("{} {}", p.len(), page.b.t.w("problems_in_model")))
                }
                Err(AppError::Unavailable(m)) => {
                    page.error = Some(crate::words::errors::message(&m, &auth.user.lang))
                }
                Err(e) => return Err(e),
            }
        }
    }
    render(&page)
}
