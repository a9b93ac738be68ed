//! API tokens: creating one for the asking user.

use crate::error::AppError;
use crate::service::access::{self, Auth};
use crate::state::AppState;

/// Creates a token named `name` for the asking user; the secret is returned once, only its
/// SHA-256 is stored.
pub async fn create(st: &AppState, auth: &Auth, name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::BadRequest(
            "a token name has 1 to 100 characters".into(),
        ));
    }
    let (secret, sha) = access::new_token();
    st.store.create_token(&auth.user.id, name, &sha).await?;
    Ok(secret)
}
