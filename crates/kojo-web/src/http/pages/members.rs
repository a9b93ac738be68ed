//! Members of a factory and its audit log.

use super::*;

#[derive(Template)]
#[template(path = "members.html")]
pub(super) struct MembersPage {
    b: Base,
    fid: String,
    members: Vec<Membership>,
}

pub(super) async fn members_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Admin).await?;
    render(&MembersPage {
        b: base(Some(&auth), "members", Some(&access)),
        members: st.store.members(&fid).await?,
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

#[derive(Template)]
#[template(path = "audit.html")]
pub(super) struct AuditPage {
    b: Base,
    entries: Vec<AuditEntry>,
}

pub(super) async fn audit_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Admin).await?;
    render(&AuditPage {
        b: base(Some(&auth), "audit", Some(&access)),
        entries: st.store.audit_log(Some(&fid), 500).await?,
    })
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
