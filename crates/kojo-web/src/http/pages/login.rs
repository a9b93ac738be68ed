//! Logging in and out, and the interface language.

use super::*;
use crate::http::extract::ClientAddr;

#[derive(Template)]
#[template(path = "login.html")]
pub(super) struct LoginPage {
    b: Base,
    error: Option<String>,
    /// The user name typed before a refused login (kept in the form).
    username: String,
}

/// The language of a page for someone not logged in: Japanese when the browser's first
/// preferred language is (`Accept-Language: ja…`), else English.
pub(super) fn browser_lang(h: &axum::http::HeaderMap) -> &'static str {
    let first = h
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first == "ja" || first.starts_with("ja-") || first.starts_with("ja;") {
        "ja"
    } else {
        "en"
    }
}

/// The login page's layout in the browser's language.
pub(super) fn login_base(h: &axum::http::HeaderMap) -> Base {
    let mut b = base(None, "login", None);
    b.t = Tr::new(browser_lang(h));
    b.title = b.t.w("login").to_string();
    b
}

pub(super) async fn login_page(
    MaybeAuth(auth): MaybeAuth,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    if auth.is_some() {
        return Ok(Redirect::to("/factories").into_response());
    }
    render(&LoginPage {
        b: login_base(&headers),
        error: None,
        username: String::new(),
    })
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    username: String,
    password: String,
}

pub(super) async fn login_submit(
    State(st): State<AppState>,
    session: tower_sessions::Session,
    ClientAddr(address): ClientAddr,
    headers: axum::http::HeaderMap,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    // The address's budget first: a flood over it costs no body read, no form parse.
    let mut typed = String::new();
    let checked = match access::login_budget(&st, &address).await {
        Ok(()) => match <Form<LoginForm> as axum::extract::FromRequest<AppState>>::from_request(
            request, &st,
        )
        .await
        {
            Ok(Form(f)) => {
                typed = f.username.chars().take(200).collect();
                access::login(&st, &address, &f.username, &f.password).await
            }
            Err(rejection) => return Ok(rejection.into_response()),
        },
        Err(e) => Err(e),
    };
    match checked {
        Ok(user) => {
            // A new session id on login (no fixation).
            session
                .cycle_id()
                .await
                .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
            session
                .insert(access::SESSION_USER, &user.id)
                .await
                .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
            let now = store::now_ms();
            for key in [access::SESSION_LOGIN_AT, access::SESSION_SEEN] {
                session
                    .insert(key, now)
                    .await
                    .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
            }
            Ok(Redirect::to("/factories").into_response())
        }
        Err(e @ AppError::Login(_)) => {
            let status = e.status();
            let b = login_base(&headers);
            let key = match e {
                AppError::Login(crate::error::LoginError::RateLimited { .. }) => {
                    "login_rate_limited"
                }
                _ => "login_failed",
            };
            let page = LoginPage {
                error: Some(b.t.w(key).to_string()),
                b,
                // The name typed, when the form was read (not when refused before it).
                username: typed,
            };
            Ok(e.with_retry_after((status, render(&page)?).into_response()))
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn logout(session: tower_sessions::Session) -> Result<Response, AppError> {
    session
        .flush()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
    Ok(Redirect::to("/login").into_response())
}

#[derive(Deserialize)]
pub(super) struct LangForm {
    lang: String,
}

pub(super) async fn set_lang(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<LangForm>,
) -> Result<Response, AppError> {
    let lang = match f.lang.as_str() {
        "en" | "ja" => f.lang,
        other => {
            return Err(AppError::BadRequest(format!(
                "unknown language {other:?}: use en or ja"
            )));
        }
    };
    st.store.set_lang(&auth.user.id, &lang).await?;
    Ok(Redirect::to("/factories").into_response())
}
