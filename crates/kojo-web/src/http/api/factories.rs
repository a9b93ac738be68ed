//! Factories: the list and creating one.

use super::*;

#[utoipa::path(get, path = "/api/v1/factories", responses((status = 200, body = [Factory])))]
pub(super) async fn list_factories(
    State(st): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<Factory>>, AppError> {
    Ok(Json(st.store.factories_for(&auth.user).await?))
}

#[derive(Deserialize, ToSchema)]
pub(super) struct NewFactory {
    name: String,
}

#[utoipa::path(post, path = "/api/v1/factories", request_body = NewFactory,
    responses((status = 201, body = Created), (status = 403, description = "not a site admin")))]
pub(super) async fn create_factory(
    State(st): State<AppState>,
    auth: Auth,
    Json(f): Json<NewFactory>,
) -> Result<Response, AppError> {
    if !auth.is_site_admin() {
        return Err(AppError::Forbidden);
    }
    let name = crate::service::factories::check_factory_name(&f.name)?;
    let id = st.store.create_factory(&name, &auth.user.id).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}
