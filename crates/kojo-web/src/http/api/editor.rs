//! The editor under `/api/v1`: `GET` (the entries as the forms carry them, and the model
//! version) and `POST /factories/{fid}/{zones|assets|flows|parties|operations|measures}`,
//! `PUT` and `DELETE …/{key}` (a measure's key is its 1-based position), JSON bodies that
//! carry `base_version` (the model version the change was made from; 409 when stale), 422
//! with `{field, message}` problems. Same save path as the pages ([`crate::service::editor::save`]).

use crate::error::AppError;
use crate::service::access::Auth;
use crate::service::editor::{
    AssetIn, ContractIn, FieldProblem, FlowIn, ImportanceIn, Input, Kind, MeasureIn, OperationIn,
    Outcome, PartyIn, ZoneIn,
};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// A saved change: the new model version and the entity's key (its id, or a measure's
/// 1-based position).
#[derive(Serialize, ToSchema)]
pub struct EntitySaved {
    pub version: i64,
    pub key: String,
}

/// A refused change: nothing was saved.
#[derive(Serialize, ToSchema)]
pub struct FormProblems {
    pub error: String,
    /// What is wrong with which field (`field` null: the model as a whole) and what would be right.
    pub problems: Vec<FieldProblem>,
}

/// An error answer (`409`: stale `base_version`, or a delete that would leave references).
#[derive(Serialize, ToSchema)]
pub struct EditorError {
    pub error: String,
}

/// A kind's entries as the forms carry them, in model order (a measure's key is its
/// position + 1), and the model version to send back as `base_version`.
#[derive(Serialize, ToSchema)]
pub struct EntityList {
    pub version: i64,
    /// `AssetIn`, `FlowIn`, `PartyIn`, `OperationIn` or `MeasureIn` objects, with `key`.
    pub entries: Vec<serde_json::Value>,
}

async fn list(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    kind: Kind,
) -> Result<Json<EntityList>, AppError> {
    auth.factory(st, fid, crate::service::access::Need::Read)
        .await?;
    let mv = st
        .store
        .latest_model(fid)
        .await?
        .ok_or(AppError::NotFound)?;
    let (model, _) = crate::service::models::check(&mv.yaml).map_err(AppError::Invalid)?;
    let entries = (0..crate::service::editor::count(&model, kind))
        .filter_map(|i| {
            let input = Input::from_model(&model, kind, i)?;
            let mut v: serde_json::Value = serde_json::from_str(&input.to_json()).ok()?;
            v["key"] = serde_json::Value::String(crate::service::editor::key_at(&model, kind, i));
            Some(v)
        })
        .collect();
    Ok(Json(EntityList {
        version: mv.version,
        entries,
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct BaseVersion {
    /// The model version the delete was decided on.
    pub base_version: Option<i64>,
}

fn answer(o: Outcome, ok: StatusCode) -> Response {
    match o {
        Outcome::Saved(mv, key) => (
            ok,
            Json(EntitySaved {
                version: mv.version,
                key,
            }),
        )
            .into_response(),
        Outcome::Invalid(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(FormProblems {
                error: "the change is not valid; nothing was saved".into(),
                problems,
            }),
        )
            .into_response(),
    }
}

async fn remove(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    kind: Kind,
    key: &str,
    q: &BaseVersion,
) -> Result<Json<EntitySaved>, AppError> {
    let mv = crate::service::editor::delete(st, auth, fid, kind, key, q.base_version).await?;
    Ok(Json(EntitySaved {
        version: mv.version,
        key: key.to_string(),
    }))
}

/// One kind's three handlers, each with its OpenAPI path.
macro_rules! kind_api {
    ($get:ident, $post:ident, $put:ident, $del:ident, $in:ty, $variant:ident, $coll:tt, $item:tt) => {
        #[utoipa::path(get, path = $coll, params(("fid" = String, Path)),
            responses((status = 200, body = EntityList), (status = 403, description = "supplier")))]
        async fn $get(
            State(st): State<AppState>,
            auth: Auth,
            Path(fid): Path<String>,
        ) -> Result<Json<EntityList>, AppError> {
            list(&st, &auth, &fid, Kind::$variant).await
        }

        #[utoipa::path(post, path = $coll, params(("fid" = String, Path)), request_body = $in,
            responses((status = 201, body = EntitySaved), (status = 422, body = FormProblems),
                (status = 409, body = EditorError, description = "base_version is stale"),
                (status = 403, description = "viewer, supplier or auditor")))]
        async fn $post(
            State(st): State<AppState>,
            auth: Auth,
            Path(fid): Path<String>,
            Json(x): Json<$in>,
        ) -> Result<Response, AppError> {
            let o = crate::service::editor::save(&st, &auth, &fid, None, &Input::$variant(x)).await?;
            Ok(answer(o, StatusCode::CREATED))
        }

        #[utoipa::path(put, path = $item, params(("fid" = String, Path), ("key" = String, Path)),
            request_body = $in,
            responses((status = 200, body = EntitySaved), (status = 422, body = FormProblems),
                (status = 409, body = EditorError, description = "base_version is stale"),
                (status = 404, description = "no such entry")))]
        async fn $put(
            State(st): State<AppState>,
            auth: Auth,
            Path((fid, key)): Path<(String, String)>,
            Json(x): Json<$in>,
        ) -> Result<Response, AppError> {
            let o = crate::service::editor::save(&st, &auth, &fid, Some(&key), &Input::$variant(x)).await?;
            Ok(answer(o, StatusCode::OK))
        }

        #[utoipa::path(delete, path = $item, params(("fid" = String, Path), ("key" = String, Path), BaseVersion),
            responses((status = 200, body = EntitySaved),
                (status = 409, body = EditorError, description = "still referenced (the references are named), or base_version is stale"),
                (status = 404, description = "no such entry")))]
        async fn $del(
            State(st): State<AppState>,
            auth: Auth,
            Path((fid, key)): Path<(String, String)>,
            Query(q): Query<BaseVersion>,
        ) -> Result<Json<EntitySaved>, AppError> {
            remove(&st, &auth, &fid, Kind::$variant, &key, &q).await
        }
    };
}

kind_api!(
    get_assets,
    post_asset,
    put_asset,
    delete_asset,
    AssetIn,
    Asset,
    "/api/v1/factories/{fid}/assets",
    "/api/v1/factories/{fid}/assets/{key}"
);
kind_api!(
    get_flows,
    post_flow,
    put_flow,
    delete_flow,
    FlowIn,
    Flow,
    "/api/v1/factories/{fid}/flows",
    "/api/v1/factories/{fid}/flows/{key}"
);
kind_api!(
    get_parties,
    post_party,
    put_party,
    delete_party,
    PartyIn,
    Party,
    "/api/v1/factories/{fid}/parties",
    "/api/v1/factories/{fid}/parties/{key}"
);
kind_api!(
    get_operations,
    post_operation,
    put_operation,
    delete_operation,
    OperationIn,
    Operation,
    "/api/v1/factories/{fid}/operations",
    "/api/v1/factories/{fid}/operations/{key}"
);
kind_api!(
    get_measures,
    post_measure,
    put_measure,
    delete_measure,
    MeasureIn,
    Measure,
    "/api/v1/factories/{fid}/measures",
    "/api/v1/factories/{fid}/measures/{key}"
);

// Zones: `PUT /factories/{fid}/zones/{zid}` is the older zone route of the main API, which
// hands a body with `base_version` to [`put_zone_entry`].

#[utoipa::path(get, path = "/api/v1/factories/{fid}/zones", params(("fid" = String, Path)),
    responses((status = 200, body = EntityList), (status = 403, description = "supplier")))]
async fn get_zones(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<EntityList>, AppError> {
    list(&st, &auth, &fid, Kind::Zone).await
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/zones", params(("fid" = String, Path)), request_body = ZoneIn,
    responses((status = 201, body = EntitySaved), (status = 422, body = FormProblems),
        (status = 409, body = EditorError, description = "base_version is stale"),
        (status = 403, description = "viewer, supplier or auditor")))]
async fn post_zone(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(x): Json<ZoneIn>,
) -> Result<Response, AppError> {
    let o = crate::service::editor::save(&st, &auth, &fid, None, &Input::Zone(x)).await?;
    Ok(answer(o, StatusCode::CREATED))
}

/// The whole zone `zid` from a `ZoneIn` JSON body (for `PUT /factories/{fid}/zones/{zid}`).
pub(crate) async fn put_zone_entry(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    zid: &str,
    body: serde_json::Value,
) -> Result<Response, AppError> {
    let x: ZoneIn = serde_json::from_value(body)
        .map_err(|e| AppError::BadRequest(format!("not a zone: {e}")))?;
    let o = crate::service::editor::save(st, auth, fid, Some(zid), &Input::Zone(x)).await?;
    Ok(answer(o, StatusCode::OK))
}

#[utoipa::path(delete, path = "/api/v1/factories/{fid}/zones/{zid}", params(("fid" = String, Path), ("zid" = String, Path), BaseVersion),
    responses((status = 200, body = EntitySaved),
        (status = 409, body = EditorError, description = "still referenced (the references are named), or base_version is stale"),
        (status = 404, description = "no such zone")))]
async fn delete_zone(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, zid)): Path<(String, String)>,
    Query(q): Query<BaseVersion>,
) -> Result<Json<EntitySaved>, AppError> {
    remove(&st, &auth, &fid, Kind::Zone, &zid, &q).await
}

/// The editor's API routes (nested under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/factories/{fid}/zones", get(get_zones).post(post_zone))
        .route(
            "/factories/{fid}/zones/{zid}",
            axum::routing::delete(delete_zone),
        )
        .route("/factories/{fid}/assets", get(get_assets).post(post_asset))
        .route(
            "/factories/{fid}/assets/{key}",
            put(put_asset).delete(delete_asset),
        )
        .route("/factories/{fid}/flows", get(get_flows).post(post_flow))
        .route(
            "/factories/{fid}/flows/{key}",
            put(put_flow).delete(delete_flow),
        )
        .route(
            "/factories/{fid}/parties",
            get(get_parties).post(post_party),
        )
        .route(
            "/factories/{fid}/parties/{key}",
            put(put_party).delete(delete_party),
        )
        .route(
            "/factories/{fid}/operations",
            get(get_operations).post(post_operation),
        )
        .route(
            "/factories/{fid}/operations/{key}",
            put(put_operation).delete(delete_operation),
        )
        .route(
            "/factories/{fid}/measures",
            get(get_measures).post(post_measure),
        )
        .route(
            "/factories/{fid}/measures/{key}",
            put(put_measure).delete(delete_measure),
        )
}

/// The editor's part of the OpenAPI document (merged into `/api/v1/openapi.json`).
#[derive(OpenApi)]
#[openapi(
    paths(
        get_zones,
        post_zone,
        delete_zone,
        get_assets,
        post_asset,
        put_asset,
        delete_asset,
        get_flows,
        post_flow,
        put_flow,
        delete_flow,
        get_parties,
        post_party,
        put_party,
        delete_party,
        get_operations,
        post_operation,
        put_operation,
        delete_operation,
        get_measures,
        post_measure,
        put_measure,
        delete_measure
    ),
    components(schemas(
        ZoneIn,
        AssetIn,
        ImportanceIn,
        FlowIn,
        PartyIn,
        ContractIn,
        OperationIn,
        MeasureIn,
        EntitySaved,
        FormProblems,
        FieldProblem,
        EditorError,
        EntityList
    ))
)]
pub struct EditorDoc;
