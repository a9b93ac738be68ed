//! The factory list and creating a factory.

use super::*;

#[derive(Template)]
#[template(path = "factories.html")]
pub(super) struct FactoriesPage {
    b: Base,
    factories: Vec<(Factory, String)>,
    can_create: bool,
}

pub(super) async fn factories(
    State(st): State<AppState>,
    auth: Auth,
) -> Result<Response, AppError> {
    let mut factories = Vec::new();
    for f in st.store.factories_for(&auth.user).await? {
        // A supplier cannot read the dashboard: its page in a factory is the checklists.
        let supplier = !auth.is_site_admin()
            && st
                .store
                .membership(&auth.user.id, &f.id)
                .await?
                .is_some_and(|m| m.role == "supplier");
        let href = if supplier {
            format!("/f/{}/checklists", f.id)
        } else {
            format!("/f/{}", f.id)
        };
        factories.push((f, href));
    }
    render(&FactoriesPage {
        b: base(Some(&auth), "factories", None),
        factories,
        can_create: auth.is_site_admin(),
    })
}

#[derive(Deserialize)]
pub(super) struct NameForm {
    name: String,
}

pub(super) async fn create_factory(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<NameForm>,
) -> Result<Response, AppError> {
    if !auth.is_site_admin() {
        return Err(AppError::Forbidden);
    }
    let name = check_factory_name(&f.name)?;
    let id = st.store.create_factory(&name, &auth.user.id).await?;
    Ok(Redirect::to(&format!("/f/{id}")).into_response())
}
