//! Members of a factory: granting a role.

use crate::error::AppError;
use crate::service::access::{Auth, Need};
use crate::state::AppState;
use crate::store::Role;
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct MemberForm {
    pub username: String,
    /// admin | editor | viewer | supplier
    pub role: String,
    /// The party a supplier speaks for (required for suppliers only).
    #[serde(default)]
    pub party: String,
}

/// Grants a role; shared by the page and the API.
pub(crate) async fn add_member(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    f: &MemberForm,
) -> Result<(), AppError> {
    auth.factory(st, fid, Need::Admin).await?;
    let role = Role::parse(&f.role).ok_or_else(|| {
        AppError::BadRequest(format!(
            "role {:?} is not admin, editor, viewer or supplier",
            f.role
        ))
    })?;
    let party = f.party.trim();
    let party = match (role, party.is_empty()) {
        (Role::Supplier, true) => {
            return Err(AppError::BadRequest(
                "a supplier needs the party id it speaks for".into(),
            ));
        }
        (Role::Supplier, false) => Some(party),
        (_, true) => None,
        (_, false) => {
            return Err(AppError::BadRequest(
                "only a supplier is bound to a party".into(),
            ));
        }
    };
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
