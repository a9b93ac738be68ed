//! The editor under `/api/v1`: `POST /factories/{fid}/{assets|flows|parties|operations|measures}`,
//! `PUT` and `DELETE …/{key}` (a measure's key is its 1-based position), JSON bodies that
//! carry `base_version` (the model version the change was made from; 409 when stale), 422
//! with `{field, message}` problems. Same save path as the pages ([`super::save`]).

use super::{
    AssetIn, ContractIn, FieldProblem, FlowIn, ImportanceIn, Input, Kind, MeasureIn, OperationIn,
    Outcome, PartyIn,
};
use crate::app::{AppError, AppState};
use crate::auth::Auth;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
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
    let mv = super::delete(st, auth, fid, kind, key, q.base_version).await?;
    Ok(Json(EntitySaved {
        version: mv.version,
        key: key.to_string(),
    }))
}

/// One kind's three handlers, each with its OpenAPI path.
macro_rules! kind_api {
    ($post:ident, $put:ident, $del:ident, $in:ty, $variant:ident, $coll:tt, $item:tt) => {
        #[utoipa::path(post, path = $coll, params(("fid" = String, Path)), request_body = $in,
            responses((status = 201, body = EntitySaved), (status = 422, body = FormProblems),
                (status = 409, body = EditorError, description = "base_version is stale"),
                (status = 403, description = "viewer or supplier")))]
        async fn $post(
            State(st): State<AppState>,
            auth: Auth,
            Path(fid): Path<String>,
            Json(x): Json<$in>,
        ) -> Result<Response, AppError> {
            let o = super::save(&st, &auth, &fid, None, &Input::$variant(x)).await?;
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
            let o = super::save(&st, &auth, &fid, Some(&key), &Input::$variant(x)).await?;
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
    post_asset,
    put_asset,
    delete_asset,
    AssetIn,
    Asset,
    "/api/v1/factories/{fid}/assets",
    "/api/v1/factories/{fid}/assets/{key}"
);
kind_api!(
    post_flow,
    put_flow,
    delete_flow,
    FlowIn,
    Flow,
    "/api/v1/factories/{fid}/flows",
    "/api/v1/factories/{fid}/flows/{key}"
);
kind_api!(
    post_party,
    put_party,
    delete_party,
    PartyIn,
    Party,
    "/api/v1/factories/{fid}/parties",
    "/api/v1/factories/{fid}/parties/{key}"
);
kind_api!(
    post_operation,
    put_operation,
    delete_operation,
    OperationIn,
    Operation,
    "/api/v1/factories/{fid}/operations",
    "/api/v1/factories/{fid}/operations/{key}"
);
kind_api!(
    post_measure,
    put_measure,
    delete_measure,
    MeasureIn,
    Measure,
    "/api/v1/factories/{fid}/measures",
    "/api/v1/factories/{fid}/measures/{key}"
);

/// The editor's API routes (nested under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/factories/{fid}/assets", post(post_asset))
        .route(
            "/factories/{fid}/assets/{key}",
            put(put_asset).delete(delete_asset),
        )
        .route("/factories/{fid}/flows", post(post_flow))
        .route(
            "/factories/{fid}/flows/{key}",
            put(put_flow).delete(delete_flow),
        )
        .route("/factories/{fid}/parties", post(post_party))
        .route(
            "/factories/{fid}/parties/{key}",
            put(put_party).delete(delete_party),
        )
        .route("/factories/{fid}/operations", post(post_operation))
        .route(
            "/factories/{fid}/operations/{key}",
            put(put_operation).delete(delete_operation),
        )
        .route("/factories/{fid}/measures", post(post_measure))
        .route(
            "/factories/{fid}/measures/{key}",
            put(put_measure).delete(delete_measure),
        )
}

/// The editor's part of the OpenAPI document (merged into `/api/v1/openapi.json`).
#[derive(OpenApi)]
#[openapi(
    paths(
        post_asset,
        put_asset,
        delete_asset,
        post_flow,
        put_flow,
        delete_flow,
        post_party,
        put_party,
        delete_party,
        post_operation,
        put_operation,
        delete_operation,
        post_measure,
        put_measure,
        delete_measure
    ),
    components(schemas(
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
        EditorError
    ))
)]
pub struct EditorDoc;
