//! Members of a factory: granting a role, changing it, removing a member.

use crate::error::AppError;
use crate::service::access::{Auth, Need};
use crate::state::AppState;
use crate::store::{Membership, Role, Store};
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct MemberForm {
    pub username: String,
    /// admin | editor | viewer | supplier | auditor
    pub role: String,
    /// The party a supplier speaks for (required for suppliers only).
    #[serde(default)]
    pub party: String,
}

/// The role and party of a form, checked: a supplier needs its party, no one else has one.
pub fn role_and_party<'a>(role: &str, party: &'a str) -> Result<(Role, Option<&'a str>), AppError> {
    let role = Role::parse(role).ok_or_else(|| {
        AppError::BadRequest(format!(
            "role {role:?} is not admin, editor, viewer, supplier or auditor"
        ))
    })?;
    let party = party.trim();
    match (role, party.is_empty()) {
        (Role::Supplier, true) => Err(AppError::BadRequest(
            "a supplier needs the party id it speaks for".into(),
        )),
        (Role::Supplier, false) => Ok((role, Some(party))),
        (_, true) => Ok((role, None)),
        (_, false) => Err(AppError::BadRequest(
            "only a supplier is bound to a party".into(),
        )),
    }
}

/// The members of a factory with their roles, for its admins and auditors.
pub(crate) async fn list(
    st: &AppState,
    auth: &Auth,
    fid: &str,
) -> Result<Vec<Membership>, AppError> {
    auth.factory(st, fid, Need::Audit).await?;
    Ok(st.store.members(fid).await?)
}

/// Grants a role; shared by the page and the API.
pub(crate) async fn add_member(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    f: &MemberForm,
) -> Result<(), AppError> {
    auth.factory(st, fid, Need::Admin).await?;
    let (role, party) = role_and_party(&f.role, &f.party)?;
    let user = st
        .store
        .user_by_name(f.username.trim())
        .await?
        .ok_or_else(|| AppError::BadRequest(format!("no user named {:?}", f.username.trim())))?;
    st.store
        .set_membership(&user.id, fid, role, party, &auth.user.id)
        .await?;
    Ok(())
}

/// A new role for a member (`party` for a supplier).
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct RoleForm {
    /// admin | editor | viewer | supplier | auditor
    pub role: String,
    #[serde(default)]
    pub party: String,
}

/// Changes the role of an existing member; 404 when `user_id` is not a member.
pub(crate) async fn change_role(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    user_id: &str,
    f: &RoleForm,
) -> Result<(), AppError> {
    auth.factory(st, fid, Need::Admin).await?;
    let (role, party) = role_and_party(&f.role, &f.party)?;
    if st.store.membership(user_id, fid).await?.is_none() {
        return Err(AppError::NotFound);
    }
    st.store
        .set_membership(user_id, fid, role, party, &auth.user.id)
        .await?;
    Ok(())
}

/// Removes a member: from the next request on, the factory answers them 404. 404 when
/// `user_id` is not a member.
pub(crate) async fn remove(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    user_id: &str,
) -> Result<(), AppError> {
    auth.factory(st, fid, Need::Admin).await?;
    if st
        .store
        .remove_membership(user_id, fid, Some(&auth.user.id))
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The factory and user the command line names (factory by id or name, user by name).
async fn named(store: &Store, factory: &str, username: &str) -> Result<(String, String), AppError> {
    let fs = store.factories_named(factory).await?;
    let fid = match fs.as_slice() {
        [f] => f.id.clone(),
        [] => {
            return Err(AppError::BadRequest(format!(
                "no factory with id or name {factory:?}"
            )));
        }
        _ => {
            return Err(AppError::BadRequest(format!(
                "{} factories are named {factory:?}: give the id ({})",
                fs.len(),
                fs.iter()
                    .map(|f| f.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    let user = store
        .user_by_name(username)
        .await?
        .ok_or_else(|| AppError::BadRequest(format!("no active user named {username:?}")))?;
    Ok((fid, user.id))
}

/// `kojo member role`: sets a user's role in a factory (audited without a web user).
pub async fn set_role_by_names(
    store: &Store,
    factory: &str,
    username: &str,
    role: &str,
    party: &str,
) -> Result<(), AppError> {
    let (fid, uid) = named(store, factory, username).await?;
    let (role, party) = role_and_party(role, party)?;
    store
        .set_membership_as(&uid, &fid, role, party, None)
        .await?;
    Ok(())
}

/// `kojo member remove`: removes a user from a factory; 404 when they were no member.
pub async fn remove_by_names(store: &Store, factory: &str, username: &str) -> Result<(), AppError> {
    let (fid, uid) = named(store, factory, username).await?;
    if store.remove_membership(&uid, &fid, None).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
