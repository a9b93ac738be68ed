//! Authentication: Argon2id password hashes, database-backed sessions (tower-sessions with
//! our own [`DbSessionStore`]), Bearer API tokens, login rate limiting, and the per-factory
//! role check every handler goes through ([`Auth::factory`]).

use crate::error::{AppError, LoginError};
use crate::state::AppState;
use crate::store::{self, Role, TokenInfo, User};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use tower_sessions::Session;

/// Session key holding the logged-in user's id.
pub const SESSION_USER: &str = "uid";
/// Session key under which the session store puts the user row it read with the record
/// (one round trip for both); never written to the database.
pub const SESSION_USER_ROW: &str = "kojo.user_row";
/// Session key holding when the user logged in (epoch ms), for the absolute maximum.
pub const SESSION_LOGIN_AT: &str = "login_at";
/// Session key holding when the session was last renewed (epoch ms).
pub const SESSION_SEEN: &str = "seen";
/// A session ends after this many hours without a request (OWASP ASVS 4.0 V3.3.2).
pub const SESSION_IDLE_HOURS: i64 = 12;
/// A session ends this many hours after its login, used or not (ASVS 4.0 V3.3.2, 3.3.4).
pub const SESSION_MAX_HOURS: i64 = 7 * 24;
/// How often an active session's idle expiry is pushed forward (5 minutes).
pub const SESSION_RENEW_MS: i64 = 5 * 60 * 1000;

/// Failed logins of one (user name, address) pair that cost nothing extra; each further
/// one doubles the wait before the pair may try again (1 s, 2 s, 4 s … up to
/// [`MAX_DELAY_MS`]). Other addresses, the admin's own included, are not slowed.
pub const FREE_FAILURES: i64 = 3;
/// The longest wait the throttle imposes (one minute).
pub const MAX_DELAY_MS: i64 = 60 * 1000;
/// How far back failures count (15 minutes).
pub const RATE_WINDOW_MS: i64 = 15 * 60 * 1000;

/// The wait after `failures` failed logins of one (user name, address) pair.
pub fn throttle_delay_ms(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    (1000i64 << (failures - FREE_FAILURES).min(16)).min(MAX_DELAY_MS)
}

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

/// The longest user name kojo accepts, in characters.
pub const MAX_USERNAME_CHARS: usize = 100;
/// The longest password kojo hashes, in bytes (OWASP ASVS 4.0 2.1.2 asks for at least 64
/// characters to be allowed; a bound keeps Argon2's input small).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Refuses a user name or password longer than kojo accepts, before anything is stored or
/// hashed.
pub fn check_login_lengths(username: &str, password: &str) -> Result<(), AppError> {
    if username.chars().count() > MAX_USERNAME_CHARS || password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::BadRequest(format!(
            "a user name has at most {MAX_USERNAME_CHARS} characters and a password at most {MAX_PASSWORD_BYTES} bytes"
        )));
    }
    Ok(())
}

/// Spends one login attempt of `address`'s budget per minute
/// ([`crate::state::LoginGuard`]), before the request's body is read; over it, the refusal
/// is held back a moment (so a flood slows the flooder) and says when to try again.
pub async fn login_budget(st: &AppState, address: &str) -> Result<(), AppError> {
    match st.login.take(address, store::now_ms()) {
        Ok(()) => Ok(()),
        Err(retry_after_s) => {
            st.login.hold_refusal().await;
            Err(AppError::Login(LoginError::RateLimited { retry_after_s }))
        }
    }
}

/// Checks a user name and password from `address`, recording the attempt (after
/// [`login_budget`]). In order, so that a flood costs the flooder and not the site:
/// over-long input is refused (nothing stored); the (user name, address) pair waits out
/// its growing delay; only then does Argon2 run, at most `login_concurrency` at once. A
/// refused attempt runs no Argon2.
pub async fn login(
    st: &AppState,
    address: &str,
    username: &str,
    password: &str,
) -> Result<User, AppError> {
    check_login_lengths(username, password)?;
    let now = store::now_ms();
    // The throttle is read, the password checked and the attempt recorded under one
    // permit, so that concurrent guesses cannot all slip past the same count.
    let _permit = st
        .login
        .argon2
        .acquire()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("login concurrency bound: {e}")))?;
    let f = st
        .store
        .failures_from(username, address, now - RATE_WINDOW_MS)
        .await?;
    let wait_ms = throttle_delay_ms(f.count) - (store::now_ms() - f.last_at);
    if wait_ms > 0 {
        return Err(AppError::Login(LoginError::RateLimited {
            retry_after_s: (wait_ms + 999) / 1000,
        }));
    }
    let user = st.store.user_by_name(username).await?;
    let ok = match &user {
        Some(u) => verify_password(password.to_string(), u.password_hash.clone()).await,
        None => {
            // Spend the same time as a real check so timing does not reveal which
            // names exist (disabled and deleted ones included).
            let _ = hash_password(password.to_string()).await;
            false
        }
    };
    st.store
        .record_login_attempt_from(username, address, ok)
        .await?;
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
    /// The token a Bearer request came with (its scope and factory bound it).
    pub token: Option<TokenInfo>,
    /// The request asks for a change (not GET, HEAD or OPTIONS): it spends the account's
    /// budget of changes per minute in the factory ([`crate::state::WriteBudget`]).
    pub writes: bool,
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
    /// Read the model, assessment, reviews (admin, editor, viewer, auditor).
    Read,
    /// Change the model, freeze reviews, upload (admin, editor).
    Edit,
    /// Manage members (admin).
    Admin,
    /// Read the audit log and the member list (admin, auditor).
    Audit,
    /// Open the checklist area (every role; suppliers see only their party).
    Checklists,
}

impl Access {
    /// Whether this role meets `need`.
    pub fn allows(&self, need: Need) -> bool {
        match need {
            Need::Checklists => true,
            Need::Read => matches!(
                self.role,
                Role::Admin | Role::Editor | Role::Viewer | Role::Auditor
            ),
            Need::Edit => matches!(self.role, Role::Admin | Role::Editor),
            Need::Admin => self.role == Role::Admin,
            Need::Audit => matches!(self.role, Role::Admin | Role::Auditor),
        }
    }

    /// The refusal of something this role may not do: an auditor is told its role is
    /// read-only (it reads everything, so whatever it is refused is a change).
    pub fn refusal(&self) -> AppError {
        if self.role == Role::Auditor {
            AppError::ReadOnly
        } else {
            AppError::Forbidden
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
            Role::Viewer | Role::Auditor => false,
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
        if let Some(t) = &self.token
            && t.factory_id.as_deref().is_some_and(|f| f != factory_id)
        {
            // A token bound to another factory does not reveal this one.
            return Err(AppError::NotFound);
        }
        let Some((factory, membership)) = st
            .store
            .factory_with_role(&self.user.id, factory_id)
            .await?
        else {
            return Err(AppError::NotFound);
        };
        let access = match (membership, self.is_site_admin()) {
            (_, true) => Access {
                factory,
                role: Role::Admin,
                party: None,
            },
            (Some((role, party)), false) => Access {
                factory,
                role: Role::parse(&role).ok_or(AppError::Forbidden)?,
                party,
            },
            (None, false) => return Err(AppError::NotFound),
        };
        if !access.allows(need) {
            return Err(access.refusal());
        }
        if self.writes
            && let Err(wait) = st
                .writes
                .take(&self.user.id, access.role, crate::store::now_ms())
        {
            return Err(AppError::RateLimited(
                format!(
                    "too many changes from this account in the last minute; wait {wait} seconds and try again (kojo serve --writes-per-minute)"
                ),
                wait,
            ));
        }
        Ok(access)
    }
}
