//! The JSON API under `/api/v1`: what the pages do, for automation (Bearer tokens) and
//! scripts. Its OpenAPI document is generated from these handlers at `/api/v1/openapi.json`.

mod assessment;
mod audit;
mod checklists;
pub mod editor;
mod factories;
mod me;
mod members;
mod model;
mod reviews;
mod triage;
mod uploads;
mod users;
mod vex;
use assessment::*;
use audit::*;
use checklists::*;
use factories::*;
use me::*;
use members::*;
use model::*;
use reviews::*;
use triage::*;
use uploads::*;
use users::*;
use vex::*;

use crate::error::AppError;
use crate::error::Problem;
use crate::service::access::{Auth, Need};
use crate::service::answers::AnswerForm;
use crate::service::members::MemberForm;
use crate::service::models::{self, FindingsDiff};
use crate::service::reviews::{DiffQuery, FreezeForm};
use crate::state::AppState;
use crate::store::{Factory, Membership, ReviewCycle, UploadInfo};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

/// The API routes (nested under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/me", get(me))
        .route("/tokens", get(list_tokens).post(create_token))
        .route("/tokens/{id}", axum::routing::delete(revoke_token))
        .route("/users", get(list_users))
        .route("/users/{uid}", axum::routing::delete(delete_user))
        .route("/users/{uid}/disable", post(disable_user))
        .route("/users/{uid}/enable", post(enable_user))
        .route("/factories", get(list_factories).post(create_factory))
        .route("/factories/{fid}/model", get(get_model).put(put_model))
        .route("/factories/{fid}/zones/{zid}", put(put_zone))
        .route("/factories/{fid}/assessment", get(get_assessment))
        .route(
            "/factories/{fid}/assessment/export/{format}",
            get(get_assessment_export),
        )
        .route("/factories/{fid}/checklists", get(get_checklists))
        .route("/factories/{fid}/checklists/{party}", put(put_answer))
        .route("/factories/{fid}/vex", get(get_vex))
        .route("/factories/{fid}/vex/{party}", post(post_vex))
        .route("/factories/{fid}/vex/{party}/csaf", get(get_vex_csaf))
        .route(
            "/factories/{fid}/reviews",
            get(list_reviews).post(post_review),
        )
        .route("/factories/{fid}/reviews/diff", get(diff_reviews))
        .route(
            "/factories/{fid}/uploads",
            get(list_uploads).post(post_upload),
        )
        .route(
            "/factories/{fid}/uploads/{id}",
            get(get_upload).delete(delete_upload),
        )
        .route(
            "/factories/{fid}/members",
            get(list_members).post(post_member),
        )
        .route(
            "/factories/{fid}/members/{uid}",
            put(put_member).delete(delete_member),
        )
        .route("/factories/{fid}/audit", get(get_audit))
        .route("/factories/{fid}/audit.csv", get(get_audit_csv))
        .route("/factories/{fid}/decisions", post(post_decisions))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kojo API",
        description = "Factory security planning after METI's Cyber/Physical Security Guidelines for Factory Systems. Authenticate with a session cookie or `Authorization: Bearer <token>` (POST /api/v1/tokens)."
    ),
    paths(
        me,
        create_token,
        list_tokens,
        revoke_token,
        list_users,
        disable_user,
        enable_user,
        delete_user,
        put_member,
        delete_member,
        list_factories,
        create_factory,
        get_model,
        put_model,
        put_zone,
        get_assessment,
        get_assessment_export,
        get_checklists,
        put_answer,
        get_vex,
        post_vex,
        get_vex_csaf,
        list_reviews,
        post_review,
        diff_reviews,
        list_uploads,
        post_upload,
        get_upload,
        delete_upload,
        list_members,
        post_member,
        get_audit,
        get_audit_csv,
        post_decisions
    ),
    components(schemas(
        Factory,
        Membership,
        ReviewCycle,
        UploadInfo,
        crate::service::audit::AuditLine,
        Problem,
        FindingsDiff,
        crate::service::models::DiffEntry,
        AnswerForm,
        FreezeForm,
        MemberForm,
        NewFactory,
        Created,
        ModelOut,
        ModelIn,
        Saved,
        crate::service::tokens::TokenRequest,
        crate::service::members::RoleForm,
        crate::store::TokenInfo,
        crate::store::User,
        TokenOut,
        MeOut,
        ChecklistOut,
        ItemOut,
        ErrorOut,
        Decided,
        crate::service::triage::TriageForm,
        crate::service::vex::StatementForm,
        crate::service::vex::VexView,
        crate::service::vex::PartyVex,
        crate::service::vex::VexFinding
    ))
)]
struct ApiDoc;

/// The OpenAPI document of this API.
pub fn openapi_json() -> String {
    let mut doc = ApiDoc::openapi();
    doc.merge(<crate::http::api::editor::EditorDoc as OpenApi>::openapi());
    doc.to_pretty_json().unwrap_or_else(|_| "{}".into())
}

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_json(),
    )
        .into_response()
}

/// An error answer.
#[derive(Serialize, ToSchema)]
pub(super) struct ErrorOut {
    error: String,
    /// For an invalid model: every problem, with line and column.
    problems: Option<Vec<Problem>>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct Created {
    id: String,
}
