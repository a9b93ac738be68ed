//! Supplier checklists and their answers.

use super::*;

#[derive(Template)]
#[template(path = "checklists.html")]
pub(super) struct ChecklistsPage {
    b: Base,
    fid: String,
    parties: Vec<PartyChecklist>,
    answers: Vec<&'static str>,
}

pub(super) async fn checklists_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Checklists).await?;
    let parties = visible_checklists(&st, &access, &auth.user.lang).await?;
    render(&ChecklistsPage {
        b: base(Some(&auth), "checklists", Some(&access)),
        fid,
        parties,
        answers: ANSWERS.to_vec(),
    })
}

pub(super) async fn checklist_answer(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&st, &auth, &fid, &party, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/checklists#party-{party}")).into_response())
}
