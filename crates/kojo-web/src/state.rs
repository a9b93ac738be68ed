//! What every request shares: the store, the server's settings and the caches that only
//! save time. Imports nothing of the crate but the store.

use crate::store::Store;
use kojo_findings::Assessment;
use std::any::Any;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// How `kojo serve` runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (default `127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// Data directory: holds `kojo.db` when no database URL is given.
    pub data_dir: PathBuf,
    /// `sqlite:PATH` or `postgres://…`; `None` = SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// Mark cookies `Secure` (TLS in front). Also done per request on `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
    /// Load the Annex A demo factory and an admin account.
    pub demo: bool,
    /// Extra origins allowed to POST (reverse proxies that rewrite `Host`).
    pub trusted_origins: Vec<String>,
    /// How long a new API token lives at most, in days (default 90).
    pub token_days: i64,
    /// Password checks (Argon2, 19 MiB each) that may run at once (default 2).
    pub login_concurrency: usize,
    /// Login attempts one address may make per minute (default 20).
    pub login_per_minute: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("kojo-data"),
            database_url: None,
            secure_cookies: false,
            demo: false,
            trusted_origins: Vec::new(),
            token_days: crate::store::DEFAULT_TOKEN_DAYS,
            login_concurrency: 2,
            login_per_minute: 20,
        }
    }
}

impl Config {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite:{}", self.data_dir.join("kojo.db").display()),
        }
    }
}

/// A cached diagram: the model's SHA-256 and the language.
pub type DiagramKey = (String, &'static str);

/// Shared state of every handler. The assessment cache is keyed by the model's SHA-256; it
/// only saves time (the database holds the same JSON per model version).
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub secure_cookies: bool,
    pub trusted_origins: Vec<String>,
    pub cache: Arc<Mutex<HashMap<String, Arc<Assessment>>>>,
    /// Zone diagrams (SVG) by model SHA-256 and language; also only a time saver.
    pub diagrams: Arc<Mutex<HashMap<DiagramKey, Arc<String>>>>,
    /// Dashboard summaries by model version id and language; a time saver like the others.
    pub summaries: Arc<Mutex<HashMap<DiagramKey, Arc<dyn Any + Send + Sync>>>>,
    /// The longest life of a new API token, in days.
    pub token_days: i64,
    /// The bounds on password checks.
    pub login: Arc<LoginGuard>,
}

/// What keeps `/login` from being turned against the site: a global bound on concurrent
/// Argon2 runs and a per-address budget of attempts per minute (in memory: it only sheds
/// load; the per-(user, address) throttle lives in the database).
pub struct LoginGuard {
    pub argon2: tokio::sync::Semaphore,
    pub per_minute: u32,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl LoginGuard {
    pub fn new(concurrency: usize, per_minute: u32) -> LoginGuard {
        LoginGuard {
            argon2: tokio::sync::Semaphore::new(concurrency.max(1)),
            per_minute: per_minute.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one attempt from `address`'s budget: a bucket of `per_minute` attempts that
    /// refills continuously at `per_minute` a minute. `Err(seconds)` until one is back.
    pub fn take(&self, address: &str, now_ms: i64) -> Result<(), i64> {
        let cap = f64::from(self.per_minute);
        let rate = cap / 60_000.0;
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if w.len() > 10_000 {
            // Forget addresses whose bucket is full again.
            w.retain(|_, (t, used)| f64::from(*used) / 1000.0 - (now_ms - *t) as f64 * rate > 0.0);
        }
        let (t, used) = w.entry(address.to_string()).or_insert((now_ms, 0));
        // `used` is kept in thousandths of an attempt so the bucket refills smoothly.
        let spent = (f64::from(*used) / 1000.0 - (now_ms - *t) as f64 * rate).max(0.0);
        if spent + 1.0 > cap {
            return Err(((spent + 1.0 - cap) / rate / 1000.0).ceil() as i64);
        }
        *t = now_ms;
        *used = ((spent + 1.0) * 1000.0) as u32;
        Ok(())
    }
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            secure_cookies: false,
            trusted_origins: Vec::new(),
            cache: Arc::new(Mutex::new(HashMap::new())),
            diagrams: Arc::new(Mutex::new(HashMap::new())),
            summaries: Arc::new(Mutex::new(HashMap::new())),
            token_days: crate::store::DEFAULT_TOKEN_DAYS,
            // Unit tests log in many times from one (unknown) address; the flood test sets
            // its own budget.
            login: Arc::new(LoginGuard::new(2, if cfg!(test) { 100_000 } else { 20 })),
        }
    }

    /// Applies the configured bounds (token life, login concurrency and budget).
    pub fn with_config(mut self, c: &Config) -> AppState {
        self.secure_cookies = c.secure_cookies;
        self.trusted_origins = c.trusted_origins.clone();
        self.token_days = c.token_days.max(1);
        self.login = Arc::new(LoginGuard::new(c.login_concurrency, c.login_per_minute));
        self
    }
}
