//! Supplier checklists and answers.

use super::*;

#[derive(Serialize, ToSchema)]
pub(super) struct ItemOut {
    item: String,
    title: String,
    answer: String,
    evidence: String,
}

#[derive(Serialize, ToSchema)]
pub(super) struct ChecklistOut {
    party: String,
    kind: String,
    can_answer: bool,
    items: Vec<ItemOut>,
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/checklists", params(("fid" = String, Path)),
    responses((status = 200, body = [ChecklistOut], description = "a supplier sees only its own party")))]
pub(super) async fn get_checklists(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<ChecklistOut>>, AppError> {
    let access = auth.factory(&st, &fid, Need::Checklists).await?;
    let lists = crate::service::answers::visible_checklists(&st, &access, &auth.user.lang).await?;
    Ok(Json(
        lists
            .into_iter()
            .map(|p| ChecklistOut {
                party: p.party,
                kind: p.kind,
                can_answer: p.can_answer,
                items: p
                    .items
                    .into_iter()
                    .map(|i| ItemOut {
                        item: i.item,
                        title: i.title,
                        answer: i.answer,
                        evidence: i.evidence,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

#[utoipa::path(put, path = "/api/v1/factories/{fid}/checklists/{party}", params(("fid" = String, Path), ("party" = String, Path)),
    request_body = AnswerForm, responses((status = 204), (status = 403), (status = 404)))]
pub(super) async fn put_answer(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Json(f): Json<AnswerForm>,
) -> Result<StatusCode, AppError> {
    crate::service::answers::answer(&st, &auth, &fid, &party, &f).await?;
    Ok(StatusCode::NO_CONTENT)
}
