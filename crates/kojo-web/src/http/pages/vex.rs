//! The supplier portal's vulnerability statements (VEX) and the CSAF download.

use super::*;
use crate::service::vex::{JUSTIFICATIONS, PartyVex, STATEMENTS, StatementForm};

#[derive(Template)]
#[template(path = "vex.html")]
pub(super) struct VexPage {
    b: Base,
    fid: String,
    base_version: i64,
    parties: Vec<PartyVex>,
    statements: Vec<&'static str>,
    justifications: Vec<&'static str>,
}

#[derive(Deserialize, Default)]
pub(super) struct VexQuery {
    #[serde(default)]
    saved: String,
    /// The download's date (`YYYY-MM-DD`; default today).
    #[serde(default)]
    today: String,
}

pub(super) async fn vex_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Query(q): Query<VexQuery>,
) -> Result<Response, AppError> {
    let (access, view) = crate::service::vex::list(&st, &auth, &fid, &auth.user.lang).await?;
    let mut b = base(Some(&auth), "vex", Some(&access));
    b.title = b.t.m("web-vex-title");
    b.flash = match q.saved.as_str() {
        "1" => Some(b.t.m("web-vex-saved")),
        "0" => Some(b.t.m("web-vex-unchanged")),
        _ => None,
    };
    render(&VexPage {
        b,
        fid,
        base_version: view.base_version,
        parties: view.parties,
        statements: STATEMENTS.to_vec(),
        justifications: JUSTIFICATIONS.to_vec(),
    })
}

pub(super) async fn vex_state(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Form(f): Form<StatementForm>,
) -> Result<Response, AppError> {
    let saved = crate::service::vex::state(&st, &auth, &fid, &party, &f).await?;
    let flag = if saved.is_some() { 1 } else { 0 };
    Ok(Redirect::to(&format!("/f/{fid}/vex?saved={flag}")).into_response())
}

pub(super) async fn vex_download(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Query(q): Query<VexQuery>,
) -> Result<Response, AppError> {
    let d = crate::service::vex::document(&st, &auth, &fid, &party, &q.today).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", d.file),
            ),
        ],
        d.bytes,
    )
        .into_response())
}
