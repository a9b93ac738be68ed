//! Members of a factory.

use super::*;

#[derive(Template)]
#[template(path = "members.html")]
pub(super) struct MembersPage {
    b: Base,
    fid: String,
    members: Vec<Membership>,
    /// Admins change roles; auditors read the list (no forms).
    can_manage: bool,
    roles: [&'static str; 5],
}

pub(super) async fn members_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Audit).await?;
    render(&MembersPage {
        b: base(Some(&auth), "members", Some(&access)),
        members: crate::service::members::list(&st, &auth, &fid).await?,
        can_manage: access.allows(Need::Admin),
        roles: ["viewer", "editor", "admin", "supplier", "auditor"],
        fid,
    })
}

pub(super) async fn member_add(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<MemberForm>,
) -> Result<Response, AppError> {
    add_member(&st, &auth, &fid, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/members")).into_response())
}

pub(super) async fn member_role(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, uid)): Path<(String, String)>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    change_role(&st, &auth, &fid, &uid, &f).await?;
    Ok(Redirect::to(&format!("/f/{fid}/members")).into_response())
}

pub(super) async fn member_remove(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, uid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    crate::service::members::remove(&st, &auth, &fid, &uid).await?;
    Ok(Redirect::to(&format!("/f/{fid}/members")).into_response())
}
