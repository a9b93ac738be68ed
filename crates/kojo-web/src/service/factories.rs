//! Factories: creating one.

use crate::error::AppError;

/// Creating a factory is for site admins (who then grant roles in it).
pub(crate) fn check_factory_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::BadRequest(
            "a factory name has 1 to 200 characters".into(),
        ));
    }
    Ok(name.to_string())
}
