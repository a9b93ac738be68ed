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
        }
    }
}
