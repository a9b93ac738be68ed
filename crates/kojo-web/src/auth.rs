//! Authentication: Argon2id password hashes, database-backed sessions (tower-sessions with
//! our own [`DbSessionStore`]), Bearer API tokens, login rate limiting, and the per-factory
//! role check every handler goes through ([`Auth::factory`]).

use crate::app::{AppError, AppState};
use crate::store::{self, Membership, Role, Store, User};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_sessions::Session;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// Session key holding the logged-in user's id.
pub const SESSION_USER: &str = "uid";

/// Failed logins per user name within [`RATE_WINDOW_MS`] before further attempts are refused.
pub const MAX_FAILURES: i64 = 5;
/// The window of the login rate limit (15 minutes).
pub const RATE_WINDOW_MS: i64 = 15 * 60 * 1000;

fn argon2() -> Argon2<'static> {
    // OWASP baseline (19 MiB, t=2, p=1) in production; tiny parameters only in unit tests,
    // where debug-build Argon2 would otherwise dominate the run time.
    #[cfg(not(test))]
    let params = Params::new(19 * 1024, 2, 1, None);
    #[cfg(test)]
    let params = Params::new(64, 1, 1, None);
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        params.unwrap_or_default(),
    )
}

/// Hashes a password with Argon2id on a blocking thread; returns the PHC string.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        argon2()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    })
    .await?
}

/// Checks a password against a PHC string on a blocking thread.
pub async fn verify_password(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        argon2()
            .verify_password(password.as_bytes(), phc.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// Why a login was refused (the page says the same words for unknown user and wrong
/// password, so names cannot be probed).
#[derive(Debug, PartialEq, Eq)]
pub enum LoginError {
    BadCredentials,
    RateLimited,
}

/// Checks a user name and password, recording the attempt for the rate limit.
pub async fn login(store: &Store, username: &str, password: &str) -> Result<User, AppError> {
    let since = store::now_ms() - RATE_WINDOW_MS;
    if store.recent_failures(username, since).await? >= MAX_FAILURES {
        return Err(AppError::Login(LoginError::RateLimited));
    }
    let user = store.user_by_name(username).await?;
    let ok = match &user {
        Some(u) => verify_password(password.to_string(), u.password_hash.clone()).await,
        None => {
            // Spend the same time as a real check so timing does not reveal which names exist.
            let _ = hash_password(password.to_string()).await;
            false
        }
    };
    store.record_login_attempt(username, ok).await?;
    match user {
        Some(u) if ok => Ok(u),
        _ => Err(AppError::Login(LoginError::BadCredentials)),
    }
}

/// A new API token: the secret shown once and the SHA-256 that is stored.
pub fn new_token() -> (String, String) {
    let secret = format!("kojo_{}", store::hex(&store::random_bytes::<32>()));
    let sha = store::sha256_hex(secret.as_bytes());
    (secret, sha)
}

/// tower-sessions store on kojo's own database (`sessions` table), so that sessions survive
/// restarts and the server holds no session state in memory.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    pub store: Store,
}

fn store_err(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn record_parts(record: &Record) -> session_store::Result<(String, Option<String>, String, i64)> {
    let data =
        serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user = record
        .data
        .get(SESSION_USER)
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let expires = record.expiry_date.unix_timestamp().saturating_mul(1000);
    Ok((record.id.to_string(), user, data, expires))
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (id, user, data, expires) = record_parts(record)?;
            if self
                .store
                .session_create(&id, user.as_deref(), &data, expires)
                .await
                .map_err(store_err)?
            {
                return Ok(());
            }
            // A 128-bit id collision: draw another.
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (id, user, data, expires) = record_parts(record)?;
        self.store
            .session_save(&id, user.as_deref(), &data, expires)
            .await
            .map_err(store_err)
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) = self
            .store
            .session_load(&session_id.to_string())
            .await
            .map_err(store_err)?
        else {
            return Ok(None);
        };
        // A record we cannot decode (e.g. written by another version) is treated as absent.
        Ok(serde_json::from_str(&data).ok())
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        self.store
            .session_delete(&session_id.to_string())
            .await
            .map_err(store_err)
    }
}

/// How the request authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
}

/// The authenticated user of a request. Extracting it fails with 401 (API) or a redirect
/// to the login page (pages) when nobody is logged in.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: User,
    pub via: Via,
    pub session: Option<Session>,
}

/// What a user may do in one factory, resolved from the membership (site admins are admins
/// of every factory).
#[derive(Debug, Clone)]
pub struct Access {
    pub factory: store::Factory,
    pub role: Role,
    /// For suppliers: the one party they speak for.
    pub party: Option<String>,
}

/// Levels of the authorization check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Read the model, assessment, reviews (admin, editor, viewer).
    Read,
    /// Change the model, freeze reviews, upload (admin, editor).
    Edit,
    /// Manage members, read the audit log (admin).
    Admin,
    /// Open the checklist area (every role; suppliers see only their party).
    Checklists,
}

impl Access {
    /// Whether this role meets `need`.
    pub fn allows(&self, need: Need) -> bool {
        match need {
            Need::Checklists => true,
            Need::Read => matches!(self.role, Role::Admin | Role::Editor | Role::Viewer),
            Need::Edit => matches!(self.role, Role::Admin | Role::Editor),
            Need::Admin => self.role == Role::Admin,
        }
    }

    /// Whether this user may see / answer the checklist of `party`.
    pub fn may_read_party(&self, party: &str) -> bool {
        match self.role {
            Role::Supplier => self.party.as_deref() == Some(party),
            _ => true,
        }
    }
    pub fn may_answer_party(&self, party: &str) -> bool {
        match self.role {
            Role::Supplier => self.party.as_deref() == Some(party),
            Role::Admin | Role::Editor => true,
            Role::Viewer => false,
        }
    }
}

impl Auth {
    pub fn is_site_admin(&self) -> bool {
        self.user.is_admin != 0
    }

    /// Resolves the user's access to a factory and checks `need`. A factory the user has no
    /// membership in answers 404 (its existence is not revealed); a role below `need`, 403.
    pub async fn factory(
        &self,
        st: &AppState,
        factory_id: &str,
        need: Need,
    ) -> Result<Access, AppError> {
        let Some(factory) = st.store.factory(factory_id).await? else {
            return Err(AppError::NotFound);
        };
        let membership: Option<Membership> = st.store.membership(&self.user.id, factory_id).await?;
        let access = match (membership, self.is_site_admin()) {
            (_, true) => Access {
                factory,
                role: Role::Admin,
                party: None,
            },
            (Some(m), false) => Access {
                factory,
                role: Role::parse(&m.role).ok_or(AppError::Forbidden)?,
                party: m.party_id,
            },
            (None, false) => return Err(AppError::NotFound),
        };
        if access.allows(need) {
            Ok(access)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(AppError::Unauthorized)?;
            let sha = store::sha256_hex(token.trim().as_bytes());
            let user = st
                .store
                .user_by_token(&sha)
                .await?
                .ok_or(AppError::Unauthorized)?;
            return Ok(Auth {
                user,
                via: Via::Token,
                session: None,
            });
        }
        let session = Session::from_request_parts(parts, st)
            .await
            .map_err(|_| AppError::Unauthorized)?;
        let uid: Option<String> = session
            .get(SESSION_USER)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
        let Some(uid) = uid else {
            return Err(AppError::Unauthorized);
        };
        let user = st
            .store
            .user_by_id(&uid)
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(Auth {
            user,
            via: Via::Session,
            session: Some(session),
        })
    }
}

/// Like [`Auth`] but absent instead of rejected.
pub struct MaybeAuth(pub Option<Auth>);

impl FromRequestParts<AppState> for MaybeAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        match Auth::from_request_parts(parts, st).await {
            Ok(a) => Ok(MaybeAuth(Some(a))),
            Err(AppError::Unauthorized) => Ok(MaybeAuth(None)),
            Err(e) => Err(e),
        }
    }
}
