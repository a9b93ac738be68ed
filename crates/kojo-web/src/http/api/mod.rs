//! The JSON API under `/api/v1`: what the pages do, for automation (Bearer tokens) and
//! scripts. Its OpenAPI document is generated from these handlers at `/api/v1/openapi.json`.

pub mod editor;

use crate::error::AppError;
use crate::error::Problem;
use crate::service::access::{Auth, Need};
use crate::service::answers::AnswerForm;
use crate::service::members::MemberForm;
use crate::service::models::FindingFilter;
use crate::service::models::{self, FindingsDiff};
use crate::service::reviews::{DiffQuery, FreezeForm};
use crate::state::AppState;
use crate::store::{AuditEntry, Factory, Membership, ReviewCycle, UploadInfo};
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
        .route("/tokens", post(create_token))
        .route("/factories", get(list_factories).post(create_factory))
        .route("/factories/{fid}/model", get(get_model).put(put_model))
        .route("/factories/{fid}/zones/{zid}", put(put_zone))
        .route("/factories/{fid}/assessment", get(get_assessment))
        .route("/factories/{fid}/checklists", get(get_checklists))
        .route("/factories/{fid}/checklists/{party}", put(put_answer))
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
            "/factories/{fid}/members",
            get(list_members).post(post_member),
        )
        .route("/factories/{fid}/audit", get(get_audit))
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
        list_factories,
        create_factory,
        get_model,
        put_model,
        put_zone,
        get_assessment,
        get_checklists,
        put_answer,
        list_reviews,
        post_review,
        diff_reviews,
        list_uploads,
        post_upload,
        list_members,
        post_member,
        get_audit
    ),
    components(schemas(
        Factory,
        Membership,
        ReviewCycle,
        UploadInfo,
        AuditEntry,
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
        TokenIn,
        TokenOut,
        MeOut,
        ChecklistOut,
        ItemOut,
        ErrorOut
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
struct ErrorOut {
    error: String,
    /// For an invalid model: every problem, with line and column.
    problems: Option<Vec<Problem>>,
}

#[derive(Serialize, ToSchema)]
struct MeOut {
    id: String,
    username: String,
    site_admin: bool,
    lang: String,
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = MeOut), (status = 401, body = ErrorOut)))]
async fn me(auth: Auth) -> Json<MeOut> {
    Json(MeOut {
        id: auth.user.id.clone(),
        username: auth.user.username.clone(),
        site_admin: auth.is_site_admin(),
        lang: auth.user.lang.clone(),
    })
}

#[derive(Deserialize, ToSchema)]
struct TokenIn {
    name: String,
}

#[derive(Serialize, ToSchema)]
struct TokenOut {
    /// Shown once; only its SHA-256 is stored.
    token: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", request_body = TokenIn, responses((status = 201, body = TokenOut)))]
async fn create_token(
    State(st): State<AppState>,
    auth: Auth,
    Json(t): Json<TokenIn>,
) -> Result<Response, AppError> {
    let secret = crate::service::tokens::create(&st, &auth, &t.name).await?;
    Ok((StatusCode::CREATED, Json(TokenOut { token: secret })).into_response())
}

#[utoipa::path(get, path = "/api/v1/factories", responses((status = 200, body = [Factory])))]
async fn list_factories(
    State(st): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<Factory>>, AppError> {
    Ok(Json(st.store.factories_for(&auth.user).await?))
}

#[derive(Deserialize, ToSchema)]
struct NewFactory {
    name: String,
}

#[derive(Serialize, ToSchema)]
struct Created {
    id: String,
}

#[utoipa::path(post, path = "/api/v1/factories", request_body = NewFactory,
    responses((status = 201, body = Created), (status = 403, description = "not a site admin")))]
async fn create_factory(
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

#[derive(Serialize, ToSchema)]
struct ModelOut {
    version: i64,
    sha256: String,
    yaml: String,
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/model", params(("fid" = String, Path)),
    responses((status = 200, body = ModelOut), (status = 404, body = ErrorOut)))]
async fn get_model(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<ModelOut>, AppError> {
    let mv = crate::service::models::latest(&st, &auth, &fid, crate::service::access::Need::Read)
        .await?;
    Ok(Json(ModelOut {
        version: mv.version,
        sha256: mv.sha256,
        yaml: mv.yaml,
    }))
}

#[derive(Deserialize, ToSchema)]
struct ModelIn {
    yaml: String,
    #[serde(default)]
    note: String,
    /// The version this YAML was made from (0 for a factory without a model): required
    /// (428 without it); when another version was saved since (e.g. a checklist answer),
    /// nothing is saved and the answer is 409.
    #[serde(default)]
    base_version: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct Saved {
    version: i64,
    /// Warnings of the model (it was saved).
    warnings: Vec<Problem>,
}

#[utoipa::path(put, path = "/api/v1/factories/{fid}/model", params(("fid" = String, Path)), request_body = ModelIn,
    responses((status = 200, body = Saved), (status = 409, body = ErrorOut, description = "another version was saved since base_version; nothing saved"),
        (status = 422, body = ErrorOut, description = "invalid model; nothing saved")))]
async fn put_model(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(m): Json<ModelIn>,
) -> Result<Json<Saved>, AppError> {
    auth.factory(&st, &fid, Need::Edit).await?;
    let base = crate::error::require_base(m.base_version)?;
    let (_, warnings) = models::check(&m.yaml).map_err(AppError::Invalid)?;
    let Some(mv) = st
        .store
        .save_model_based(&fid, Some(base), &m.yaml, &auth.user.id, m.note.trim())
        .await?
    else {
        let latest = st.store.latest_model_head(&fid).await?;
        let p = crate::service::models::stale_problem(base, latest.as_ref());
        return Err(AppError::Conflict(format!(
            "{} ({})",
            p.message,
            p.help.unwrap_or_default()
        )));
    };
    Ok(Json(Saved {
        version: mv.version,
        warnings,
    }))
}

/// The whole zone as the editor carries it (`ZoneIn`); `base_version` is required (428
/// without it, 409 when stale); answers as the editor's other PUTs.
#[utoipa::path(put, path = "/api/v1/factories/{fid}/zones/{zid}", params(("fid" = String, Path), ("zid" = String, Path)),
    request_body = crate::service::editor::ZoneIn,
    responses((status = 200, body = crate::http::api::editor::EntitySaved), (status = 422, body = crate::http::api::editor::FormProblems),
        (status = 409, description = "base_version is stale"), (status = 428, description = "base_version is missing")))]
async fn put_zone(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, zid)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> Result<Response, AppError> {
    crate::http::api::editor::put_zone_entry(&st, &auth, &fid, &zid, body).await
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/assessment", params(("fid" = String, Path), FindingFilter),
    responses((status = 200, description = "the assessment of assessment-output.md, findings filtered", body = Object)))]
async fn get_assessment(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Query(filter): Query<FindingFilter>,
) -> Result<Response, AppError> {
    let mv = crate::service::models::latest(&st, &auth, &fid, crate::service::access::Need::Read)
        .await?;
    let a = crate::service::assessment::assessment(&st, &mv).await?;
    let mut a = (*a).clone();
    a.findings.retain(|f| filter.keeps(f));
    Ok(Json(a).into_response())
}

#[derive(Serialize, ToSchema)]
struct ItemOut {
    item: String,
    title: String,
    answer: String,
    evidence: String,
}

#[derive(Serialize, ToSchema)]
struct ChecklistOut {
    party: String,
    kind: String,
    can_answer: bool,
    items: Vec<ItemOut>,
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/checklists", params(("fid" = String, Path)),
    responses((status = 200, body = [ChecklistOut], description = "a supplier sees only its own party")))]
async fn get_checklists(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<ChecklistOut>>, AppError> {
    let access = auth.factory(&st, &fid, Need::Checklists).await?;
    let lists = crate::service::answers::visible_checklists(&st, &access, &auth.user.lang).await?;
    Ok(Json(
        lists
            .into_iter()
            .map(|p| ChecklistOut {
                party: p.party,
                kind: p.kind,
                can_answer: p.can_answer,
                items: p
                    .items
                    .into_iter()
                    .map(|i| ItemOut {
                        item: i.item,
                        title: i.title,
                        answer: i.answer,
                        evidence: i.evidence,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

#[utoipa::path(put, path = "/api/v1/factories/{fid}/checklists/{party}", params(("fid" = String, Path), ("party" = String, Path)),
    request_body = AnswerForm, responses((status = 204), (status = 403), (status = 404)))]
async fn put_answer(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, party)): Path<(String, String)>,
    Json(f): Json<AnswerForm>,
) -> Result<StatusCode, AppError> {
    crate::service::answers::answer(&st, &auth, &fid, &party, &f).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/reviews", params(("fid" = String, Path)), responses((status = 200, body = [ReviewCycle])))]
async fn list_reviews(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<ReviewCycle>>, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    Ok(Json(st.store.cycles(&fid).await?))
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/reviews", params(("fid" = String, Path)), request_body = FreezeForm,
    responses((status = 201, body = Created)))]
async fn post_review(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(f): Json<FreezeForm>,
) -> Result<Response, AppError> {
    let id = crate::service::reviews::freeze(&st, &auth, &fid, &f).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/reviews/diff", params(("fid" = String, Path), DiffQuery),
    responses((status = 200, body = FindingsDiff), (status = 400, body = ErrorOut, description = "a or b missing")))]
async fn diff_reviews(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    q: Result<Query<DiffQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<FindingsDiff>, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    let Query(q) =
        q.map_err(|_| AppError::BadRequest(crate::words::errors::DIFF_NEEDS_CYCLES.into()))?;
    Ok(Json(
        crate::service::reviews::cycles_diff(&st, &fid, &q, "en").await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/uploads", params(("fid" = String, Path)),
    responses((status = 200, body = [UploadInfo], description = "with what each capture, SBOM and advisory produced in the current assessment")))]
async fn list_uploads(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<UploadInfo>>, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    let (uploads, _) =
        crate::service::uploads::uploads_with_results(&st, &fid, &auth.user.lang).await?;
    Ok(Json(uploads))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct UploadQuery {
    /// capture | sbom | advisory | evidence
    kind: String,
    filename: String,
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/uploads", params(("fid" = String, Path), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Created)))]
async fn post_upload(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    let id = crate::service::uploads::store_upload(&st, &auth, &fid, &q.kind, &q.filename, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/members", params(("fid" = String, Path)), responses((status = 200, body = [Membership])))]
async fn list_members(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<Membership>>, AppError> {
    auth.factory(&st, &fid, Need::Admin).await?;
    Ok(Json(st.store.members(&fid).await?))
}

#[utoipa::path(post, path = "/api/v1/factories/{fid}/members", params(("fid" = String, Path)), request_body = MemberForm,
    responses((status = 204)))]
async fn post_member(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Json(f): Json<MemberForm>,
) -> Result<StatusCode, AppError> {
    crate::service::members::add_member(&st, &auth, &fid, &f).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/factories/{fid}/audit", params(("fid" = String, Path)), responses((status = 200, body = [AuditEntry])))]
async fn get_audit(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    auth.factory(&st, &fid, Need::Admin).await?;
    Ok(Json(st.store.audit_log(Some(&fid), 500).await?))
}
