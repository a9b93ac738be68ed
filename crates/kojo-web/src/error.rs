//! The error every operation returns and how it is answered. Imports nothing of the crate
//! but the store.

use crate::store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kojo_model::{DiagSeverity, Diagnostic};
use serde::Serialize;

/// What an auditor is told when it asks for a change (403).
pub const READ_ONLY: &str =
    "the auditor role is read-only: it reads everything of this factory and changes nothing";

/// Why a login was refused (the page says the same words for unknown user and wrong
/// password, so names cannot be probed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginError {
    BadCredentials,
    /// Refused before the password was checked; try again after this many seconds.
    RateLimited {
        retry_after_s: i64,
    },
}

/// One diagnostic of a model, in the form pages and the API show next to the field.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    pub code: String,
    /// `error` | `warning`
    pub severity: String,
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub help: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            code: d.code.to_string(),
            severity: match d.severity {
                DiagSeverity::Error => "error".into(),
                DiagSeverity::Warning => "warning".into(),
            },
            message: d.message.to_string(),
            line: d.position.as_ref().map(|p| p.line),
            column: d.position.as_ref().map(|p| p.column),
            help: d.help.as_ref().map(ToString::to_string),
        }
    }
}

/// Every failure a handler can return. Internal errors are logged and answered with a
/// generic message; their text never reaches the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not logged in")]
    Unauthorized,
    #[error("your role in this factory does not allow this")]
    Forbidden,
    /// A change asked by an auditor: the role reads everything and changes nothing.
    #[error("{READ_ONLY}")]
    ReadOnly,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// A change that does not say which version it was made from (`base_version`).
    #[error("{0}")]
    PreconditionRequired(String),
    #[error("the model is not valid")]
    Invalid(Vec<Problem>),
    #[error("login failed")]
    Login(LoginError),
    /// A part of kojo this request needs failed (e.g. the assessment engine); the message
    /// is kojo's own, not internal detail.
    #[error("{0}")]
    Unavailable(String),
    /// Too many changes from one account (429): the message, and the seconds to wait
    /// (the `Retry-After` header).
    #[error("{0}")]
    RateLimited(String, i64),
    /// A body or an upload's content over a configured limit (413); the message names it.
    #[error("{0}")]
    TooLarge(String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

/// A copy for each caller waiting on one computation (the single-flight caches); an
/// internal error is copied as its text, which is all that is logged of it.
impl Clone for AppError {
    fn clone(&self) -> Self {
        match self {
            AppError::Unauthorized => AppError::Unauthorized,
            AppError::Forbidden => AppError::Forbidden,
            AppError::ReadOnly => AppError::ReadOnly,
            AppError::NotFound => AppError::NotFound,
            AppError::BadRequest(m) => AppError::BadRequest(m.clone()),
            AppError::Conflict(m) => AppError::Conflict(m.clone()),
            AppError::PreconditionRequired(m) => AppError::PreconditionRequired(m.clone()),
            AppError::Invalid(p) => AppError::Invalid(p.clone()),
            AppError::Login(l) => AppError::Login(l.clone()),
            AppError::Unavailable(m) => AppError::Unavailable(m.clone()),
            AppError::TooLarge(m) => AppError::TooLarge(m.clone()),
            AppError::RateLimited(m, s) => AppError::RateLimited(m.clone(), *s),
            AppError::Internal(e) => AppError::Internal(anyhow::anyhow!("{e:#}")),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) | StoreError::Stale(m) => AppError::Conflict(m),
            e => AppError::Internal(e.into()),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::ReadOnly => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Login(LoginError::BadCredentials) => StatusCode::UNAUTHORIZED,
            AppError::Login(LoginError::RateLimited { .. }) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited(..) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    /// The seconds a refused client should wait (429's `Retry-After`).
    pub fn retry_after_s(&self) -> Option<i64> {
        match self {
            AppError::Login(LoginError::RateLimited { retry_after_s }) => Some(*retry_after_s),
            AppError::RateLimited(_, s) => Some(*s),
            _ => None,
        }
    }

    /// `response` with the `Retry-After` header when this error asks the client to wait.
    pub fn with_retry_after(&self, mut response: Response) -> Response {
        if let Some(s) = self.retry_after_s()
            && let Ok(v) = axum::http::HeaderValue::from_str(&s.max(1).to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
        response
    }

    /// Words for the user.
    pub fn message(&self) -> String {
        match self {
            AppError::Login(LoginError::BadCredentials) => "wrong user name or password".into(),
            AppError::Login(LoginError::RateLimited { .. }) => {
                "too many login attempts from here; wait a minute and try again".into()
            }
            e => e.to_string(),
        }
    }
}

/// 413 for a request body over `limit` bytes, naming the limit and the option that sets it.
pub fn body_too_large(limit: usize) -> AppError {
    AppError::TooLarge(format!(
        "the request is larger than the limit of {} (kojo serve --max-upload-mb); nothing was stored",
        kojo_model::read::human_bytes(limit as u64)
    ))
}

/// The version a change was made from, or 428: a change without one could silently
/// replace a newer version.
pub fn require_base(base: Option<i64>) -> Result<i64, AppError> {
    base.ok_or_else(|| {
        AppError::PreconditionRequired(
            "base_version is required: the model version this change was made from (load the model again for its version); nothing was saved".into(),
        )
    })
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!("internal error: {e:#}");
            eprintln!("kojo-web: internal error: {e:#}");
        }
        let mut body = serde_json::json!({ "error": self.message() });
        if let AppError::Invalid(problems) = &self {
            body["problems"] = serde_json::to_value(problems).unwrap_or_default();
        }
        let response = (self.status(), axum::Json(body)).into_response();
        self.with_retry_after(response)
    }
}
