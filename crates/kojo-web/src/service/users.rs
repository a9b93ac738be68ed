//! Accounts of the site: disabling, enabling and deleting a user. Shared by the site
//! admin's pages and API (through [`Auth`]) and `kojo user` (through the store directly,
//! `by = None`). Disabling or deleting ends the user's sessions and revokes their tokens;
//! deleting keeps the row, so their history stays attributed.

use crate::error::AppError;
use crate::service::access::Auth;
use crate::state::AppState;
use crate::store::{Store, User};

/// What can be done to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Disable,
    Enable,
    Delete,
}

/// Applies `change` to the user `user_id`; `by` is who did it (`None` = the command line).
/// The last site admin who can log in is neither disabled nor deleted (409): nobody could
/// manage the site afterwards.
pub async fn apply(
    store: &Store,
    by: Option<&str>,
    user_id: &str,
    change: Change,
) -> Result<User, AppError> {
    let Some(user) = store.user_any_by_id(user_id).await? else {
        return Err(AppError::NotFound);
    };
    if user.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    if change != Change::Enable
        && user.is_admin != 0
        && user.disabled_at.is_none()
        && store.active_site_admins_except(&user.id).await? == 0
    {
        return Err(AppError::Conflict(
            "this is the last site admin who can log in: make another site admin first".into(),
        ));
    }
    let done = match change {
        Change::Disable => store.set_user_disabled(&user.id, true, by).await?,
        Change::Enable => store.set_user_disabled(&user.id, false, by).await?,
        Change::Delete => store.delete_user(&user.id, by).await?,
    };
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(user)
}

/// The same for a site admin asking through the web; 403 for anyone else.
pub async fn apply_as(
    st: &AppState,
    auth: &Auth,
    user_id: &str,
    change: Change,
) -> Result<User, AppError> {
    if !auth.is_site_admin() {
        return Err(AppError::Forbidden);
    }
    apply(&st.store, Some(&auth.user.id), user_id, change).await
}

/// Every account, deleted ones included (they keep their name), for a site admin.
pub async fn list(st: &AppState, auth: &Auth) -> Result<Vec<User>, AppError> {
    if !auth.is_site_admin() {
        return Err(AppError::Forbidden);
    }
    Ok(st.store.list_users().await?)
}

/// `kojo user disable|enable|delete NAME`: the same from the command line (audited without
/// a web user).
pub async fn apply_by_name(
    store: &Store,
    username: &str,
    change: Change,
) -> Result<User, AppError> {
    let Some(user) = store.user_any_by_name(username).await? else {
        return Err(AppError::NotFound);
    };
    apply(store, None, &user.id, change).await
}
