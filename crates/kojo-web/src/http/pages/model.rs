//! The model page: YAML, versions and the inline zone form, all through the one save path.

use super::*;

pub(super) struct ZoneEdit {
    id: String,
    name: String,
    kind: String,
    target_sl: String,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "model.html")]
pub(super) struct ModelPage {
    b: Base,
    fid: String,
    version: Option<i64>,
    yaml: String,
    problems: Vec<Problem>,
    zones: Vec<ZoneEdit>,
    zone_forms: bool,
    zone_kinds: Vec<&'static str>,
    can_edit: bool,
    versions: Vec<ModelVersion>,
}

pub(super) fn zone_rows(model: &kojo_model::Model) -> Vec<ZoneEdit> {
    model
        .zones
        .iter()
        .map(|z| ZoneEdit {
            id: z.id.clone(),
            name: z.name.clone(),
            kind: zone_kind_word(z.kind).to_string(),
            target_sl: z.target_sl.map(|s| s.to_string()).unwrap_or_default(),
            problems: Vec::new(),
        })
        .collect()
}

pub(super) fn zone_kind_word(k: kojo_model::ZoneKind) -> &'static str {
    use kojo_model::ZoneKind::*;
    match k {
        Control => "control",
        Production => "production",
        Information => "information",
        External => "external",
        Dmz => "dmz",
    }
}

pub(super) async fn model_view(
    st: &AppState,
    auth: &Auth,
    access: &Access,
    yaml_override: Option<(String, Vec<Problem>)>,
) -> Result<ModelPage, AppError> {
    let fid = access.factory.id.clone();
    let latest = st.store.latest_model(&fid).await?;
    let versions = st.store.model_versions(&fid).await?;
    let (yaml, problems) = match yaml_override {
        Some(x) => x,
        None => (
            latest.as_ref().map(|m| m.yaml.clone()).unwrap_or_default(),
            Vec::new(),
        ),
    };
    let zones = latest
        .as_ref()
        .and_then(|m| models::check(&m.yaml).ok())
        .map(|(m, _)| zone_rows(&m))
        .unwrap_or_default();
    Ok(ModelPage {
        b: base(Some(auth), "model", Some(access)),
        fid,
        version: latest.map(|m| m.version),
        yaml,
        problems,
        zones,
        zone_forms: true,
        zone_kinds: vec!["control", "production", "information", "external", "dmz"],
        can_edit: access.allows(Need::Edit),
        versions,
    })
}

pub(super) async fn model_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    render(&model_view(&st, &auth, &access, None).await?)
}

#[derive(Deserialize)]
pub(super) struct ModelForm {
    yaml: String,
    #[serde(default)]
    note: String,
    /// The version the page showed; the save is refused when another was saved since.
    #[serde(default)]
    base_version: Option<i64>,
}

/// Validates and saves YAML as a new model version; an invalid model is shown again with
/// every problem next to its line, and nothing is saved.
pub(super) async fn model_save(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Form(f): Form<ModelForm>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Edit).await?;
    let base = crate::error::require_base(f.base_version)?;
    let yaml = f.yaml.replace("\r\n", "\n");
    match models::check(&yaml) {
        Ok(_) => {
            let saved =
                crate::service::editor::save_yaml(&st, &auth, &fid, base, &yaml, f.note.trim())
                    .await?;
            if saved.is_none() {
                let latest = st.store.latest_model_head(&fid).await?;
                let p = stale_problem(base, latest.as_ref());
                let page = model_view(&st, &auth, &access, Some((yaml, vec![p]))).await?;
                return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
            }
            Ok(Redirect::to(&format!("/f/{fid}")).into_response())
        }
        Err(problems) => {
            let page = model_view(&st, &auth, &access, Some((yaml, problems))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

pub(super) async fn model_export(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    let mv = crate::service::models::latest(&st, &auth, &fid, crate::service::access::Need::Read)
        .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/yaml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"model-v{}.yaml\"", mv.version),
            ),
        ],
        mv.yaml,
    )
        .into_response())
}

pub(super) async fn zone_save(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, zid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // The model page's inline form says so (`partial`); every other form is the editor's
    // whole-zone form (`/f/{fid}/zones/{zid}`).
    if !pairs.iter().any(|(k, _)| k == "partial") {
        let kind = crate::service::editor::Kind::Zone;
        return crate::http::pages::editor::update_post(State(st), auth, fid, kind, zid, pairs)
            .await;
    }
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let f = ZoneForm {
        name: get("name").unwrap_or_default(),
        kind: get("kind").unwrap_or_default(),
        target_sl: get("target_sl").unwrap_or_default(),
        base_version: get("base_version").and_then(|v| v.trim().parse().ok()),
    };
    match edit_zone(&st, &auth, &fid, &zid, &f).await? {
        Ok(_) => Ok(Redirect::to(&format!("/f/{fid}/model")).into_response()),
        Err(problems) => {
            let access = auth.factory(&st, &fid, Need::Edit).await?;
            let mut page = model_view(&st, &auth, &access, None).await?;
            if let Some(z) = page.zones.iter_mut().find(|z| z.id == zid) {
                // Show what the user typed, with the problems beside it.
                z.name = f.name.clone();
                z.kind = f.kind.clone();
                z.target_sl = f.target_sl.clone();
                z.problems = problems;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
