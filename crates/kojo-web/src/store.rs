//! The database: every piece of server state lives here (the server keeps none in memory
//! that correctness depends on). One [`Store`] over SQLite (one file, WAL) or PostgreSQL,
//! chosen by the URL scheme; the same numbered migrations exist for both backends.
//!
//! Queries are runtime-checked sqlx queries with `$1` placeholders, written once and run on
//! either pool through [`with_pool!`]. Timestamps are epoch milliseconds, ids random hex.

use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;

/// Errors of the store. `Conflict` is a broken uniqueness rule (e.g. a taken user name).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Conflict(String),
    /// A change made from a version that is no longer the latest; trying again cannot help.
    #[error("{0}")]
    Stale(String),
    #[error("unsupported database URL {0:?}: use sqlite:PATH or postgres://…")]
    BadUrl(String),
    /// A stored model text or assessment could not be packed or unpacked.
    #[error("stored text: {0}")]
    Codec(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error()
            && db.is_unique_violation()
        {
            return StoreError::Conflict(db.message().to_string());
        }
        StoreError::Db(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A short, growing pause before a write that lost a race is tried again (5 ms, 10 ms, …
/// up to 320 ms), so racing writers do not collide again at once.
pub async fn retry_pause(tries: u32) {
    let ms = 5u64 << tries.min(6);
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}

impl StoreError {
    /// A write that lost a race and may simply be tried again: a broken uniqueness rule
    /// (the same model version number) or SQLite's busy answers (a writer that read an
    /// older snapshot than the one another writer just committed).
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Conflict(_) => true,
            StoreError::Db(e) => e
                .as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| matches!(c.as_ref(), "5" | "517" | "261" | "40001")),
            _ => false,
        }
    }
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// Runs the same query code on whichever pool the store holds.
macro_rules! with_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($p) => $body,
            Pool::Pg($p) => $body,
        }
    };
}

/// Handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// Model texts recently unpacked from their blobs (a time saver: the latest version of
    /// each factory is read on every page).
    texts: std::sync::Arc<std::sync::Mutex<TextCache>>,
}

/// The model texts held in memory: at most [`TextCache::MAX_BYTES`], oldest out first.
#[derive(Debug, Default)]
struct TextCache {
    order: std::collections::VecDeque<String>,
    texts: std::collections::HashMap<String, std::sync::Arc<str>>,
    bytes: usize,
}

impl TextCache {
    const MAX_BYTES: usize = 64 << 20;

    fn get(&self, sha: &str) -> Option<std::sync::Arc<str>> {
        self.texts.get(sha).cloned()
    }

    fn put(&mut self, sha: &str, text: std::sync::Arc<str>) {
        if self.texts.contains_key(sha) {
            return;
        }
        self.bytes += text.len();
        self.order.push_back(sha.to_string());
        self.texts.insert(sha.to_string(), text);
        while self.bytes > Self::MAX_BYTES && self.order.len() > 1 {
            if let Some(old) = self.order.pop_front()
                && let Some(t) = self.texts.remove(&old)
            {
                self.bytes -= t.len();
            }
        }
    }
}

/// The zstd coding of stored model texts and review assessments: whole, or with another
/// text as the prefix (zstd's patch-from), so a small change stores as a few hundred bytes.
mod codec {
    use zstd::zstd_safe::{CCtx, CParameter, DCtx, DParameter};

    /// zstd level: fast, and within a few per cent of the best on YAML.
    const LEVEL: i32 = 3;
    /// The largest window (base plus text) a delta may use; larger texts are stored whole.
    pub const MAX_WINDOW_LOG: u32 = 30;

    fn err(e: usize) -> std::io::Error {
        std::io::Error::other(zstd::zstd_safe::get_error_name(e))
    }

    /// `text` compressed, with `prefix` (the base version's text) as the match window.
    pub fn compress(text: &[u8], prefix: Option<&[u8]>) -> std::io::Result<Vec<u8>> {
        let mut c = CCtx::create();
        c.set_parameter(CParameter::CompressionLevel(LEVEL))
            .map_err(err)?;
        if let Some(prefix) = prefix {
            c.set_parameter(CParameter::WindowLog(window_log(prefix.len() + text.len())))
                .map_err(err)?;
            c.set_parameter(CParameter::EnableLongDistanceMatching(true))
                .map_err(err)?;
            c.ref_prefix(prefix).map_err(err)?;
        }
        let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(text.len()));
        c.compress2(&mut out, text).map_err(err)?;
        Ok(out)
    }

    /// The text of `data`, with the same `prefix` it was compressed with. Its size is the
    /// one the frame records (`compress` writes it): the output buffer is made that large.
    pub fn decompress(data: &[u8], prefix: Option<&[u8]>) -> std::io::Result<Vec<u8>> {
        let size = zstd::zstd_safe::get_frame_content_size(data)
            .ok()
            .flatten()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| std::io::Error::other("a stored frame without its content size"))?;
        let mut d = DCtx::create();
        d.set_parameter(DParameter::WindowLogMax(MAX_WINDOW_LOG))
            .map_err(err)?;
        if let Some(prefix) = prefix {
            d.ref_prefix(prefix).map_err(err)?;
        }
        let mut out = Vec::with_capacity(size);
        d.decompress(&mut out, data).map_err(err)?;
        Ok(out)
    }

    /// The window that holds `n` bytes (base and text), at least zstd's smallest.
    pub fn window_log(n: usize) -> u32 {
        let bits = usize::BITS - n.max(1).leading_zeros();
        bits.clamp(10, MAX_WINDOW_LOG)
    }
}

/// A model text about to be stored as a blob (see migration 0006).
struct NewBlob {
    sha256: String,
    base: Option<String>,
    depth: i64,
    size: i64,
    data: Vec<u8>,
}

/// The newest versions of a factory whose assessments the database keeps (a cache).
pub const ASSESSMENTS_KEPT: i64 = 8;

/// Deltas allowed between a blob and a whole text: reading an old version unpacks at most
/// this many frames.
pub const MAX_DELTA_DEPTH: i64 = 16;

/// Inserts a [`NewBlob`] inside transaction `tx`; a text stored before is kept as it is.
macro_rules! insert_blob_in {
    ($tx:expr, $b:expr) => {
        sqlx::query(
            "INSERT INTO model_blobs (sha256, base_sha256, depth, size, data) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&$b.sha256)
        .bind(&$b.base)
        .bind($b.depth)
        .bind($b.size)
        .bind(&$b.data)
        .execute(&mut *$tx)
        .await
    };
}

/// Milliseconds since the Unix epoch.
/// How long login attempts are kept (one day; the rate limit looks back 15 minutes).
pub const LOGIN_ATTEMPTS_KEEP_MS: i64 = 24 * 60 * 60 * 1000;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A random 128-bit id as 32 hex digits.
pub fn new_id() -> String {
    hex(&random_bytes::<16>())
}

/// `N` bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS RNG failing is not recoverable and not input-driven.
    getrandom::fill(&mut b).unwrap_or_else(|e| panic!("operating system RNG failed: {e}"));
    b
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of bytes, as hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// A factory role of a user. `Supplier` is bound to one party of the model; `Auditor`
/// reads everything of the factory, the audit log included, and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Editor,
    Viewer,
    Supplier,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Editor,
        Role::Viewer,
        Role::Supplier,
        Role::Auditor,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
            Role::Supplier => "supplier",
            Role::Auditor => "auditor",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    pub username: String,
    /// Never serialized: not in the API, not in the user row a session hands on.
    #[serde(skip)]
    pub password_hash: String,
    pub is_admin: i64,
    pub lang: String,
    pub created_at: i64,
    /// When the account was disabled (it cannot log in; its sessions and tokens ended).
    #[sqlx(default)]
    pub disabled_at: Option<i64>,
    /// When the account was deleted: the row stays so its history stays attributed.
    #[sqlx(default)]
    pub deleted_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Factory {
    pub id: String,
    pub name: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Membership {
    pub user_id: String,
    pub username: String,
    pub factory_id: String,
    pub role: String,
    pub party_id: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct ModelVersion {
    pub id: String,
    pub factory_id: String,
    pub version: i64,
    pub yaml: String,
    pub sha256: String,
    pub created_at: i64,
    pub created_by: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct ChecklistAnswer {
    pub party_id: String,
    pub item: String,
    pub answer: String,
    pub evidence: String,
    pub updated_at: i64,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct ReviewCycle {
    pub id: String,
    pub factory_id: String,
    pub name: String,
    pub model_version_id: String,
    #[serde(skip)]
    pub model_yaml: String,
    #[serde(skip)]
    pub assessment_json: String,
    pub review_date: String,
    pub reviewers: String,
    pub frozen_at: i64,
    pub frozen_by: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct UploadInfo {
    pub id: String,
    pub kind: String,
    pub filename: String,
    pub size: i64,
    pub sha256: String,
    pub status: String,
    /// The status line in Japanese (empty for uploads stored before it was kept).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub status_ja: String,
    pub created_at: i64,
    pub created_by: Option<String>,
    /// What the upload produced in the current assessment (captures, SBOMs, advisories):
    /// filled in by the uploads page and API, not stored.
    #[sqlx(skip)]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub produced: String,
}

impl UploadInfo {
    /// The status line in the reader's language: Japanese when it was kept, else English.
    pub fn status_in(&self, lang: &str) -> &str {
        if lang == "ja" && !self.status_ja.is_empty() {
            &self.status_ja
        } else {
            &self.status
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<String>,
    pub factory_id: Option<String>,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What an audited write records beside its change: who did it, where, what, before/after.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    pub user_id: Option<String>,
    pub factory_id: Option<String>,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Revokes every live token of a user (`$1` = now, `$2` = user id).
const REVOKE_TOKENS_OF: &str =
    "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";

/// One day in milliseconds.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// How long an API token lives unless the server or the request says otherwise.
pub const DEFAULT_TOKEN_DAYS: i64 = 90;

const AUDIT_INSERT: &str = "INSERT INTO audit_log (at, user_id, factory_id, action, target, before, after) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Inserts the audit row on an executor (a transaction, so it commits with the change).
macro_rules! audit_in {
    ($tx:expr, $a:expr) => {
        sqlx::query(AUDIT_INSERT)
            .bind(now_ms())
            .bind(&$a.user_id)
            .bind(&$a.factory_id)
            .bind(&$a.action)
            .bind(&$a.target)
            .bind(&$a.before)
            .bind(&$a.after)
            .execute(&mut *$tx)
            .await
    };
}

/// A model version about to be written: id, hash and time are fixed before the transaction,
/// so the stored row and the returned [`ModelVersion`] agree.
struct NewVersion<'a> {
    id: String,
    factory_id: &'a str,
    yaml: &'a str,
    sha256: String,
    at: i64,
    by: &'a str,
    note: String,
}

impl<'a> NewVersion<'a> {
    fn new(factory_id: &'a str, yaml: &'a str, by: &'a str, note: String) -> Self {
        NewVersion {
            id: new_id(),
            factory_id,
            yaml,
            sha256: sha256_hex(yaml.as_bytes()),
            at: now_ms(),
            by,
            note,
        }
    }
    /// The version as stored under number `version`.
    fn saved(self, version: i64) -> ModelVersion {
        ModelVersion {
            id: self.id,
            factory_id: self.factory_id.into(),
            version,
            yaml: self.yaml.into(),
            sha256: self.sha256,
            created_at: self.at,
            created_by: Some(self.by.into()),
            note: self.note,
        }
    }
}

/// The newest version number of a factory's model inside transaction `tx` (`None`: none yet).
macro_rules! latest_version_in {
    ($tx:expr, $factory_id:expr) => {
        sqlx::query_as::<_, (Option<i64>,)>(
            "SELECT MAX(version) FROM model_versions WHERE factory_id = $1",
        )
        .bind($factory_id)
        .fetch_one(&mut *$tx)
        .await
        .map(|(v,)| v)
    };
}

/// Inserts a [`NewVersion`] as number `version` inside transaction `tx`. The unique
/// (factory_id, version) key refuses a concurrent save of the same number.
macro_rules! insert_version_in {
    ($tx:expr, $v:expr, $version:expr) => {
        sqlx::query(
            "INSERT INTO model_versions (id, factory_id, version, yaml, sha256, created_at, created_by, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&$v.id)
        .bind($v.factory_id)
        .bind($version)
        // The text is in model_blobs under its sha256.
        .bind("")
        .bind(&$v.sha256)
        .bind($v.at)
        .bind($v.by)
        .bind(&$v.note)
        .execute(&mut *$tx)
        .await
    };
}

/// Connections to PostgreSQL one server holds at most (two servers sharing a database stay
/// well inside PostgreSQL's default of 100).
const PG_MAX_CONNECTIONS: u32 = 16;
/// A pooled PostgreSQL connection idle this long is pinged before use.
const PG_PING_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(30);

impl Store {
    /// Opens (creating if missing) the database at `url` and applies the migrations.
    /// `sqlite:PATH` (WAL, foreign keys, synchronous=FULL so an acknowledged write survives
    /// a crash) or `postgres://…`.
    pub async fn open(url: &str) -> Result<Store> {
        let pool = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(std::time::Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(opts)
                .await?;
            sqlx::migrate!("migrations/sqlite").run(&pool).await?;
            Pool::Sqlite(pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(PG_MAX_CONNECTIONS)
                // Opened ahead, so a burst after a quiet spell does not wait for handshakes.
                .min_connections(PG_MAX_CONNECTIONS / 2)
                // A ping before every query doubled the round trips of a busy page; a
                // connection is only pinged once it has been idle a while (when the server
                // may have dropped it).
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for >= PG_PING_AFTER_IDLE {
                            sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                })
                .connect_with(opts)
                .await?;
            sqlx::migrate!("migrations/postgres").run(&pool).await?;
            Pool::Pg(pool)
        } else {
            return Err(StoreError::BadUrl(url.to_string()));
        };
        Ok(Store {
            pool,
            texts: Default::default(),
        })
    }

    // ---- model texts -------------------------------------------------------------------

    /// How `yaml` (of factory `factory_id`) is to be stored: `None` when a blob of the same
    /// text exists (stored once however many versions or factories hold it); else a delta
    /// against the factory's latest text when that is smaller than the text compressed
    /// whole, or the whole text.
    async fn encode_blob(
        &self,
        factory_id: &str,
        yaml: &str,
        sha: &str,
    ) -> Result<Option<NewBlob>> {
        let have: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT depth FROM model_blobs WHERE sha256 = $1")
            .bind(sha).fetch_optional(p).await)?;
        if have.is_some() {
            return Ok(None);
        }
        let base: Option<(String, i64)> = with_pool!(self, p => sqlx::query_as(
            "SELECT b.sha256, b.depth FROM model_versions v JOIN model_blobs b ON b.sha256 = v.sha256 \
             WHERE v.factory_id = $1 ORDER BY v.version DESC LIMIT 1")
            .bind(factory_id).fetch_optional(p).await)?;
        let io = |e: std::io::Error| StoreError::Codec(e.to_string());
        let whole = codec::compress(yaml.as_bytes(), None).map_err(io)?;
        let mut blob = NewBlob {
            sha256: sha.to_string(),
            base: None,
            depth: 0,
            size: yaml.len() as i64,
            data: whole,
        };
        if let Some((base_sha, depth)) = base
            && depth < MAX_DELTA_DEPTH
        {
            let base_text = self.blob_text(&base_sha).await?;
            if codec::window_log(base_text.len() + yaml.len()) < codec::MAX_WINDOW_LOG {
                let delta =
                    codec::compress(yaml.as_bytes(), Some(base_text.as_bytes())).map_err(io)?;
                if delta.len() < blob.data.len() {
                    blob.base = Some(base_sha);
                    blob.depth = depth + 1;
                    blob.data = delta;
                }
            }
        }
        Ok(Some(blob))
    }

    /// The text of the blob `sha`: its chain of deltas unpacked from the whole text up.
    async fn blob_text(&self, sha: &str) -> Result<std::sync::Arc<str>> {
        if let Some(t) = self.cached_text(sha) {
            return Ok(t);
        }
        // Walk down to a whole text (or one held in memory), then unpack upwards.
        let mut chain: Vec<(String, Option<String>, Vec<u8>)> = Vec::new();
        let mut next = Some(sha.to_string());
        let mut start: Option<std::sync::Arc<str>> = None;
        while let Some(s) = next.take() {
            if !chain.is_empty()
                && let Some(t) = self.cached_text(&s)
            {
                start = Some(t);
                break;
            }
            let row: Option<(Option<String>, Vec<u8>)> = with_pool!(self, p => sqlx::query_as(
                "SELECT base_sha256, data FROM model_blobs WHERE sha256 = $1")
                .bind(&s).fetch_optional(p).await)?;
            let (base, data) = row.ok_or_else(|| {
                StoreError::Codec(format!("model text {s} is missing from model_blobs"))
            })?;
            if chain.len() as i64 > MAX_DELTA_DEPTH + 1 {
                return Err(StoreError::Codec(format!(
                    "model text {sha}: delta chain too long"
                )));
            }
            next = base.clone();
            chain.push((s, base, data));
        }
        let io = |e: std::io::Error| StoreError::Codec(e.to_string());
        let mut text = start;
        for (s, base, data) in chain.into_iter().rev() {
            let prefix = base.as_ref().and(text.as_deref()).map(str::as_bytes);
            let bytes = codec::decompress(&data, prefix).map_err(io)?;
            let t: std::sync::Arc<str> = String::from_utf8(bytes)
                .map_err(|e| StoreError::Codec(e.to_string()))?
                .into();
            self.texts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(&s, t.clone());
            text = Some(t);
        }
        text.ok_or_else(|| StoreError::Codec(format!("model text {sha} could not be read")))
    }

    fn cached_text(&self, sha: &str) -> Option<std::sync::Arc<str>> {
        self.texts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(sha)
    }

    /// Fills in the text of a version read with its text column (`''` since migration 0006:
    /// the text is its blob's).
    async fn with_text(&self, mv: Option<ModelVersion>) -> Result<Option<ModelVersion>> {
        match mv {
            Some(mut mv) if mv.yaml.is_empty() => {
                mv.yaml = self.blob_text(&mv.sha256).await?.to_string();
                Ok(Some(mv))
            }
            mv => Ok(mv),
        }
    }

    /// Bytes the stored model texts take (their blobs), for the storage tests and benches.
    pub async fn model_text_bytes(&self) -> Result<i64> {
        let (n,): (Option<i64>,) = with_pool!(self, p => sqlx::query_as(
            "SELECT CAST(SUM(LENGTH(data)) AS BIGINT) FROM model_blobs").fetch_one(p).await)?;
        Ok(n.unwrap_or(0))
    }

    /// The applied migration versions, ascending.
    pub async fn migration_versions(&self) -> Result<Vec<i64>> {
        let v: Vec<(i64,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(p).await)?;
        Ok(v.into_iter().map(|x| x.0).collect())
    }

    /// `Ok(())` when the database passes its integrity check (SQLite `PRAGMA
    /// integrity_check` and `foreign_key_check`); PostgreSQL checks itself.
    pub async fn integrity_check(&self) -> Result<std::result::Result<(), String>> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
                    .fetch_all(p)
                    .await?;
                let msgs: Vec<String> = rows.into_iter().map(|r| r.0).collect();
                if msgs != ["ok"] {
                    return Ok(Err(msgs.join("; ")));
                }
                let fk = sqlx::query("PRAGMA foreign_key_check").fetch_all(p).await?;
                if !fk.is_empty() {
                    return Ok(Err(format!("{} foreign key violations", fk.len())));
                }
                Ok(Ok(()))
            }
            Pool::Pg(p) => {
                sqlx::query("SELECT 1").execute(p).await?;
                Ok(Ok(()))
            }
        }
    }

    pub async fn close(&self) {
        with_pool!(self, p => p.close().await)
    }

    // ---- users -------------------------------------------------------------------------

    /// Creates a user; `Conflict` when the name is taken.
    pub async fn create_user(
        &self,
        username: &str,
        password_hash: &str,
        is_admin: bool,
        audit_by: Option<&str>,
    ) -> Result<String> {
        let id = new_id();
        let a = Audit {
            user_id: audit_by.map(str::to_string),
            action: "user.create".into(),
            target: format!("user:{username}"),
            after: Some(format!("{{\"admin\":{is_admin}}}")),
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO users (id, username, password_hash, is_admin, lang, created_at) \
                         VALUES ($1, $2, $3, $4, 'en', $5)")
                .bind(&id).bind(username).bind(password_hash).bind(i64::from(is_admin)).bind(now_ms())
                .execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(id)
    }

    /// Replaces a user's password hash (and ends their sessions and revokes their tokens).
    pub async fn set_password(&self, user_id: &str, password_hash: &str) -> Result<bool> {
        let a = Audit {
            user_id: Some(user_id.into()),
            action: "user.password".into(),
            target: format!("user:{user_id}"),
            ..Audit::default()
        };
        let n = with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash).bind(user_id).execute(&mut *tx).await?.rows_affected();
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            sqlx::query(REVOKE_TOKENS_OF).bind(now_ms()).bind(user_id).execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
            n
        });
        Ok(n == 1)
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, User>(
            "SELECT id, username, password_hash, is_admin, lang, created_at FROM users WHERE username = $1 \
             AND disabled_at IS NULL AND deleted_at IS NULL")
            .bind(username).fetch_optional(p).await)?)
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, User>(
            "SELECT id, username, password_hash, is_admin, lang, created_at FROM users WHERE id = $1 \
             AND disabled_at IS NULL AND deleted_at IS NULL")
            .bind(id).fetch_optional(p).await)?)
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, User>(
            "SELECT id, username, password_hash, is_admin, lang, created_at, disabled_at, deleted_at \
             FROM users ORDER BY username")
            .fetch_all(p).await)?)
    }

    /// Sets the user's interface language (`en` | `ja`).
    pub async fn set_lang(&self, user_id: &str, lang: &str) -> Result<()> {
        with_pool!(self, p => sqlx::query("UPDATE users SET lang = $1 WHERE id = $2")
            .bind(lang).bind(user_id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    // ---- login rate limiting -----------------------------------------------------------

    /// Records a login attempt and prunes those older than [`LOGIN_ATTEMPTS_KEEP_MS`], so
    /// the table holds one day of attempts, not every attempt ever made.
    pub async fn record_login_attempt(&self, username: &str, success: bool) -> Result<()> {
        let now = now_ms();
        with_pool!(self, p => sqlx::query(
            "INSERT INTO login_attempts (username, at, success) VALUES ($1, $2, $3)")
            .bind(username).bind(now).bind(i64::from(success)).execute(p).await.map(|r| r.rows_affected()))?;
        with_pool!(self, p => sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(now - LOGIN_ATTEMPTS_KEEP_MS).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// How many login attempts are recorded (all names).
    pub async fn login_attempt_count(&self) -> Result<i64> {
        let (n,): (i64,) = with_pool!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM login_attempts").fetch_one(p).await)?;
        Ok(n)
    }

    /// Failed attempts for `username` since `since_ms` and after its last success.
    pub async fn recent_failures(&self, username: &str, since_ms: i64) -> Result<i64> {
        let (n,): (i64,) = with_pool!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND success = 0 AND at >= $2 \
             AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE username = $1 AND success = 1), 0)")
            .bind(username).bind(since_ms).fetch_one(p).await)?;
        Ok(n)
    }

    // ---- sessions (tower-sessions store) -----------------------------------------------

    /// Inserts or replaces a session record.
    pub async fn session_save(
        &self,
        id: &str,
        user_id: Option<&str>,
        data: &str,
        expires_at: i64,
    ) -> Result<()> {
        with_pool!(self, p => sqlx::query(
            "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, \
             expires_at = excluded.expires_at")
            .bind(id).bind(user_id).bind(data).bind(expires_at).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Inserts a session record only if the id is free; false on a collision.
    pub async fn session_create(
        &self,
        id: &str,
        user_id: Option<&str>,
        data: &str,
        expires_at: i64,
    ) -> Result<bool> {
        let n = with_pool!(self, p => sqlx::query(
            "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO NOTHING")
            .bind(id).bind(user_id).bind(data).bind(expires_at).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// A live session's record and its user, in one round trip (every authenticated
    /// request needs both). The user is absent when the session has none, or when it was
    /// disabled or deleted.
    pub async fn session_load_with_user(&self, id: &str) -> Result<Option<(String, Option<User>)>> {
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<i64>,
        );
        let r: Option<Row> = with_pool!(self, p => sqlx::query_as(
            "SELECT s.data, u.id, u.username, u.is_admin, u.lang, u.created_at FROM sessions s \
             LEFT JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL AND u.deleted_at IS NULL \
             WHERE s.id = $1 AND s.expires_at > $2")
            .bind(id).bind(now_ms()).fetch_optional(p).await)?;
        Ok(r.map(|(data, id, username, is_admin, lang, created_at)| {
            let user = match (id, username, is_admin, lang, created_at) {
                (Some(id), Some(username), Some(is_admin), Some(lang), Some(created_at)) => {
                    Some(User {
                        id,
                        username,
                        password_hash: String::new(),
                        is_admin,
                        lang,
                        created_at,
                        disabled_at: None,
                        deleted_at: None,
                    })
                }
                _ => None,
            };
            (data, user)
        }))
    }

    pub async fn session_delete(&self, id: &str) -> Result<()> {
        with_pool!(self, p => sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn sessions_delete_expired(&self) -> Result<u64> {
        Ok(
            with_pool!(self, p => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms()).execute(p).await.map(|r| r.rows_affected()))?,
        )
    }

    // ---- API tokens --------------------------------------------------------------------

    /// Stores the SHA-256 of a new token (the token itself is shown once, never stored).
    pub async fn create_token(
        &self,
        user_id: &str,
        name: &str,
        token_sha256: &str,
    ) -> Result<String> {
        let id = new_id();
        let a = Audit {
            user_id: Some(user_id.into()),
            action: "token.create".into(),
            target: format!("token:{id}"),
            after: Some(serde_json::json!({ "name": name }).to_string()),
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO api_tokens (id, user_id, name, token_sha256, created_at, expires_at) \
                         VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&id).bind(user_id).bind(name).bind(token_sha256).bind(now_ms())
                .bind(now_ms() + DEFAULT_TOKEN_DAYS * DAY_MS)
                .execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(id)
    }

    pub async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, User>(
            "SELECT u.id, u.username, u.password_hash, u.is_admin, u.lang, u.created_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = $1 \
             AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.disabled_at IS NULL AND u.deleted_at IS NULL")
            .bind(token_sha256).bind(now_ms()).fetch_optional(p).await)?)
    }

    // ---- factories and memberships -----------------------------------------------------

    /// Creates a factory; its creator becomes its admin.
    pub async fn create_factory(&self, name: &str, by: &str) -> Result<String> {
        let id = new_id();
        let a = Audit {
            user_id: Some(by.into()),
            factory_id: Some(id.clone()),
            action: "factory.create".into(),
            target: format!("factory:{id}"),
            after: Some(serde_json::json!({ "name": name }).to_string()),
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO factories (id, name, created_at, created_by) VALUES ($1, $2, $3, $4)")
                .bind(&id).bind(name).bind(now_ms()).bind(by).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO memberships (user_id, factory_id, role, party_id) VALUES ($1, $2, 'admin', NULL)")
                .bind(by).bind(&id).execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(id)
    }

    pub async fn factory(&self, id: &str) -> Result<Option<Factory>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, Factory>(
            "SELECT id, name, created_at FROM factories WHERE id = $1")
            .bind(id).fetch_optional(p).await)?)
    }

    /// The factories a user may open: all for a site admin, else those with a membership.
    pub async fn factories_for(&self, user: &User) -> Result<Vec<Factory>> {
        Ok(if user.is_admin != 0 {
            with_pool!(self, p => sqlx::query_as::<_, Factory>(
                "SELECT id, name, created_at FROM factories ORDER BY name, id").fetch_all(p).await)?
        } else {
            with_pool!(self, p => sqlx::query_as::<_, Factory>(
                "SELECT f.id, f.name, f.created_at FROM factories f JOIN memberships m \
                 ON m.factory_id = f.id WHERE m.user_id = $1 ORDER BY f.name, f.id")
                .bind(&user.id).fetch_all(p).await)?
        })
    }

    /// A factory and the user's role and party in it (none when not a member), in one
    /// round trip: every request for a factory's page asks both.
    pub async fn factory_with_role(
        &self,
        user_id: &str,
        factory_id: &str,
    ) -> Result<Option<(Factory, Option<(String, Option<String>)>)>> {
        type Row = (String, String, i64, Option<String>, Option<String>);
        let r: Option<Row> = with_pool!(self, p => sqlx::query_as(
            "SELECT f.id, f.name, f.created_at, m.role, m.party_id FROM factories f \
             LEFT JOIN memberships m ON m.factory_id = f.id AND m.user_id = $2 WHERE f.id = $1")
            .bind(factory_id).bind(user_id).fetch_optional(p).await)?;
        Ok(r.map(|(id, name, created_at, role, party_id)| {
            (
                Factory {
                    id,
                    name,
                    created_at,
                },
                role.map(|r| (r, party_id)),
            )
        }))
    }

    pub async fn membership(&self, user_id: &str, factory_id: &str) -> Result<Option<Membership>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, Membership>(
            "SELECT m.user_id, u.username, m.factory_id, m.role, m.party_id FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.factory_id = $2")
            .bind(user_id).bind(factory_id).fetch_optional(p).await)?)
    }

    pub async fn members(&self, factory_id: &str) -> Result<Vec<Membership>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, Membership>(
            "SELECT m.user_id, u.username, m.factory_id, m.role, m.party_id FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.factory_id = $1 ORDER BY u.username")
            .bind(factory_id).fetch_all(p).await)?)
    }

    /// Grants (or changes) a user's role in a factory.
    pub async fn set_membership(
        &self,
        user_id: &str,
        factory_id: &str,
        role: Role,
        party_id: Option<&str>,
        by: &str,
    ) -> Result<()> {
        self.set_membership_as(user_id, factory_id, role, party_id, Some(by))
            .await
    }

    /// [`Store::set_membership`] by `by` (`None` = the command line).
    pub async fn set_membership_as(
        &self,
        user_id: &str,
        factory_id: &str,
        role: Role,
        party_id: Option<&str>,
        by: Option<&str>,
    ) -> Result<()> {
        let before = self.membership(user_id, factory_id).await?;
        let a = Audit {
            user_id: by.map(str::to_string),
            factory_id: Some(factory_id.into()),
            action: "membership.set".into(),
            target: format!("user:{user_id}"),
            before: before
                .map(|m| serde_json::json!({"role": m.role, "party": m.party_id}).to_string()),
            after: Some(serde_json::json!({"role": role.as_str(), "party": party_id}).to_string()),
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO memberships (user_id, factory_id, role, party_id) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (user_id, factory_id) DO UPDATE SET role = excluded.role, party_id = excluded.party_id")
                .bind(user_id).bind(factory_id).bind(role.as_str()).bind(party_id)
                .execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(())
    }

    // ---- model versions and the assessment cache ---------------------------------------

    /// Saves a new model version (one row per save) and returns its number. Two saves that
    /// race for the same number (the unique key refuses the second) are retried, so a save
    /// is never lost to a concurrent one (e.g. a checklist answer written into the model).
    pub async fn save_model(
        &self,
        factory_id: &str,
        yaml: &str,
        by: &str,
        note: &str,
    ) -> Result<ModelVersion> {
        let mv = self
            .save_model_based(factory_id, None, yaml, by, note)
            .await?;
        // Without a base version a save always lands.
        mv.ok_or_else(|| StoreError::Conflict("the model changed meanwhile".into()))
    }

    /// [`Store::save_model`] made from version `base` (the version the editor loaded):
    /// `Ok(None)`, and nothing saved, when the latest version is no longer `base`, so an
    /// edit from an outdated page never silently replaces what was saved meanwhile (e.g. a
    /// supplier's checklist answer). `None` saves unconditionally.
    pub async fn save_model_based(
        &self,
        factory_id: &str,
        base: Option<i64>,
        yaml: &str,
        by: &str,
        note: &str,
    ) -> Result<Option<ModelVersion>> {
        let mut tries = 0;
        loop {
            match self.save_model_once(factory_id, base, yaml, by, note).await {
                Err(e) if e.is_retryable() && tries < 8 => {
                    tries += 1;
                    retry_pause(tries).await;
                }
                r => return r,
            }
        }
    }

    async fn save_model_once(
        &self,
        factory_id: &str,
        base: Option<i64>,
        yaml: &str,
        by: &str,
        note: &str,
    ) -> Result<Option<ModelVersion>> {
        let v = NewVersion::new(factory_id, yaml, by, note.into());
        let blob = self.encode_blob(factory_id, yaml, &v.sha256).await?;
        let version = with_pool!(self, p => {
            let mut tx = p.begin().await?;
            if let Some(b) = &blob {
                insert_blob_in!(tx, b)?;
            }
            let prev = latest_version_in!(tx, factory_id)?;
            if base.is_some_and(|b| prev.unwrap_or(0) != b) {
                tx.rollback().await?;
                return Ok(None);
            }
            let version = prev.unwrap_or(0) + 1;
            insert_version_in!(tx, v, version)?;
            let a = Audit {
                user_id: Some(by.into()),
                factory_id: Some(factory_id.into()),
                action: "model.save".into(),
                target: format!("model:v{version}"),
                before: prev.map(|v| format!("v{v}")),
                after: Some(serde_json::json!({"version": version, "sha256": v.sha256, "note": note}).to_string()),
            };
            audit_in!(tx, a)?;
            tx.commit().await?;
            version
        });
        Ok(Some(v.saved(version)))
    }

    /// Saves a model version changed by an editor form from version `base`: refused
    /// (`Conflict`) when a newer version exists, so a stale form never overwrites another
    /// user's change. `audit` (who, what, before/after) is written in the same transaction,
    /// with the new version added to its `after`.
    pub async fn save_model_from(
        &self,
        factory_id: &str,
        base: i64,
        yaml: &str,
        by: &str,
        note: &str,
        audit: Audit,
    ) -> Result<ModelVersion> {
        // SQLite answers a writer that lost a race "busy" (or two savers collide on the
        // version number): tried again, the loser finds the newer version and is stale.
        let mut tries = 0;
        loop {
            let r = self
                .save_model_from_once(factory_id, base, yaml, by, note, audit.clone())
                .await;
            match r {
                Err(e) if e.is_retryable() && tries < 8 => {
                    tries += 1;
                    retry_pause(tries).await;
                }
                r => return r,
            }
        }
    }

    async fn save_model_from_once(
        &self,
        factory_id: &str,
        base: i64,
        yaml: &str,
        by: &str,
        note: &str,
        mut audit: Audit,
    ) -> Result<ModelVersion> {
        let v = NewVersion::new(factory_id, yaml, by, note.into());
        let blob = self.encode_blob(factory_id, yaml, &v.sha256).await?;
        let version = with_pool!(self, p => {
            let mut tx = p.begin().await?;
            if let Some(b) = &blob {
                insert_blob_in!(tx, b)?;
            }
            let latest = latest_version_in!(tx, factory_id)?.unwrap_or(0);
            if latest != base {
                return Err(StoreError::Stale(format!(
                    "the model was changed since this form was opened (the form was made from version {base}, the latest is version {latest}); nothing was saved"
                )));
            }
            let version = latest + 1;
            insert_version_in!(tx, v, version)?;
            let entity: serde_json::Value = audit
                .after
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or(serde_json::Value::Null);
            audit.after = Some(
                serde_json::json!({"version": version, "sha256": v.sha256, "entity": entity}).to_string(),
            );
            audit_in!(tx, audit)?;
            tx.commit().await?;
            version
        });
        Ok(v.saved(version))
    }

    /// The newest model version of a factory.
    pub async fn latest_model(&self, factory_id: &str) -> Result<Option<ModelVersion>> {
        let mv = with_pool!(self, p => sqlx::query_as::<_, ModelVersion>(
            "SELECT id, factory_id, version, yaml, sha256, created_at, created_by, note FROM model_versions \
             WHERE factory_id = $1 ORDER BY version DESC LIMIT 1")
            .bind(factory_id).fetch_optional(p).await)?;
        self.with_text(mv).await
    }

    /// The newest model version of a factory without its YAML text (for cache lookups).
    pub async fn latest_model_head(&self, factory_id: &str) -> Result<Option<ModelVersion>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, ModelVersion>(
            "SELECT id, factory_id, version, '' AS yaml, sha256, created_at, created_by, note FROM model_versions \
             WHERE factory_id = $1 ORDER BY version DESC LIMIT 1")
            .bind(factory_id).fetch_optional(p).await)?)
    }

    pub async fn model_version(
        &self,
        factory_id: &str,
        version: i64,
    ) -> Result<Option<ModelVersion>> {
        let mv = with_pool!(self, p => sqlx::query_as::<_, ModelVersion>(
            "SELECT id, factory_id, version, yaml, sha256, created_at, created_by, note FROM model_versions \
             WHERE factory_id = $1 AND version = $2")
            .bind(factory_id).bind(version).fetch_optional(p).await)?;
        self.with_text(mv).await
    }

    /// Every version of a factory's model, newest first (YAML left out).
    pub async fn model_versions(&self, factory_id: &str) -> Result<Vec<ModelVersion>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, ModelVersion>(
            "SELECT id, factory_id, version, '' AS yaml, sha256, created_at, created_by, note FROM model_versions \
             WHERE factory_id = $1 ORDER BY version DESC")
            .bind(factory_id).fetch_all(p).await)?)
    }

    pub async fn cached_assessment(&self, model_version_id: &str) -> Result<Option<String>> {
        let r: Option<(String,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT json FROM assessments WHERE model_version_id = $1")
            .bind(model_version_id).fetch_optional(p).await)?;
        Ok(r.map(|x| x.0))
    }

    pub async fn put_assessment(&self, model_version_id: &str, json: &str) -> Result<()> {
        with_pool!(self, p => sqlx::query(
            "INSERT INTO assessments (model_version_id, json, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (model_version_id) DO NOTHING")
            .bind(model_version_id).bind(json).bind(now_ms()).execute(p).await.map(|r| r.rows_affected()))?;
        // A cache: only the newest versions of the factory keep theirs (each supplier
        // answer is a version; a frozen review cycle keeps its own copy), so its size
        // follows the factory, not the number of changes.
        with_pool!(self, p => sqlx::query(
            "DELETE FROM assessments WHERE model_version_id IN ( \
               SELECT o.id FROM model_versions o JOIN model_versions n ON n.factory_id = o.factory_id \
               WHERE n.id = $1 AND o.version <= (SELECT MAX(version) FROM model_versions m \
                 WHERE m.factory_id = n.factory_id) - $2)")
            .bind(model_version_id).bind(ASSESSMENTS_KEPT).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    // ---- supplier checklists -----------------------------------------------------------

    /// Records a party's answer to a checklist item with its evidence note.
    pub async fn set_answer(
        &self,
        factory_id: &str,
        party_id: &str,
        item: &str,
        answer: &str,
        evidence: &str,
        by: &str,
    ) -> Result<()> {
        let before: Option<(String, String)> = with_pool!(self, p => sqlx::query_as(
            "SELECT answer, evidence FROM checklist_answers WHERE factory_id = $1 AND party_id = $2 AND item = $3")
            .bind(factory_id).bind(party_id).bind(item).fetch_optional(p).await)?;
        let a = Audit {
            user_id: Some(by.into()),
            factory_id: Some(factory_id.into()),
            action: "checklist.answer".into(),
            target: format!("party:{party_id}/{item}"),
            before: before
                .map(|(a, e)| serde_json::json!({"answer": a, "evidence": e}).to_string()),
            after: Some(serde_json::json!({"answer": answer, "evidence": evidence}).to_string()),
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO checklist_answers (factory_id, party_id, item, answer, evidence, updated_at, updated_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (factory_id, party_id, item) DO UPDATE SET \
                         answer = excluded.answer, evidence = excluded.evidence, updated_at = excluded.updated_at, \
                         updated_by = excluded.updated_by")
                .bind(factory_id).bind(party_id).bind(item).bind(answer).bind(evidence).bind(now_ms()).bind(by)
                .execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Writes a checklist answer given in the web app into the model: a new model version
    /// (`yaml`, the latest model with only that item changed, authored by `by`), the answer and
    /// its evidence note (the model format has no place for notes) in `checklist_answers`,
    /// and the audit entry, all in one transaction. `Ok(None)` when the latest version is no
    /// longer `base_version` (someone saved meanwhile): nothing is written and the caller
    /// applies the answer again on top of the newer version.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_answer(
        &self,
        factory_id: &str,
        base_version: i64,
        yaml: &str,
        party_id: &str,
        item: &str,
        answer: &str,
        evidence: &str,
        by: &str,
    ) -> Result<Option<ModelVersion>> {
        let note = format!("checklist answer: {party_id} {item} = {answer}");
        let v = NewVersion::new(factory_id, yaml, by, note);
        let blob = self.encode_blob(factory_id, yaml, &v.sha256).await?;
        let version = base_version + 1;
        let done = with_pool!(self, p => {
            let mut tx = p.begin().await?;
            if latest_version_in!(tx, factory_id)? != Some(base_version) {
                tx.rollback().await?;
                false
            } else {
                if let Some(b) = &blob {
                    insert_blob_in!(tx, b)?;
                }
                let before: Option<(String, String)> = sqlx::query_as(
                    "SELECT answer, evidence FROM checklist_answers WHERE factory_id = $1 AND party_id = $2 AND item = $3")
                    .bind(factory_id).bind(party_id).bind(item).fetch_optional(&mut *tx).await?;
                // A concurrent save of the same number is refused by the unique key: the
                // caller sees `Conflict` and tries again on the newer version.
                insert_version_in!(tx, v, version)?;
                sqlx::query("INSERT INTO checklist_answers (factory_id, party_id, item, answer, evidence, updated_at, updated_by) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (factory_id, party_id, item) DO UPDATE SET \
                             answer = excluded.answer, evidence = excluded.evidence, updated_at = excluded.updated_at, \
                             updated_by = excluded.updated_by")
                    .bind(factory_id).bind(party_id).bind(item).bind(answer).bind(evidence).bind(v.at).bind(by)
                    .execute(&mut *tx).await?;
                let a = Audit {
                    user_id: Some(by.into()),
                    factory_id: Some(factory_id.into()),
                    action: "checklist.answer".into(),
                    target: format!("party:{party_id}/{item}"),
                    before: before
                        .map(|(a, e)| serde_json::json!({"answer": a, "evidence": e}).to_string()),
                    after: Some(serde_json::json!({"answer": answer, "evidence": evidence,
                        "model_version": version, "sha256": v.sha256}).to_string()),
                };
                audit_in!(tx, a)?;
                tx.commit().await?;
                true
            }
        });
        Ok(done.then(|| v.saved(version)))
    }

    /// Answers of one party, or of every party when `party_id` is `None`.
    pub async fn answers(
        &self,
        factory_id: &str,
        party_id: Option<&str>,
    ) -> Result<Vec<ChecklistAnswer>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, ChecklistAnswer>(
            "SELECT party_id, item, answer, evidence, updated_at, updated_by FROM checklist_answers \
             WHERE factory_id = $1 AND ($2 IS NULL OR party_id = $2) ORDER BY party_id, item")
            .bind(factory_id).bind(party_id).fetch_all(p).await)?)
    }

    // ---- review cycles -----------------------------------------------------------------

    /// Freezes a model version and its assessment as a review cycle.
    #[allow(clippy::too_many_arguments)]
    pub async fn freeze_cycle(
        &self,
        factory_id: &str,
        name: &str,
        mv: &ModelVersion,
        assessment_json: &str,
        review_date: &str,
        reviewers: &str,
        by: &str,
    ) -> Result<String> {
        let id = new_id();
        let packed = codec::compress(assessment_json.as_bytes(), None)
            .map_err(|e| StoreError::Codec(e.to_string()))?;
        let a = Audit {
            user_id: Some(by.into()),
            factory_id: Some(factory_id.into()),
            action: "review.freeze".into(),
            target: format!("review:{id}"),
            after: Some(
                serde_json::json!({"name": name, "model_version": mv.version,
                "date": review_date, "reviewers": reviewers})
                .to_string(),
            ),
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            // The model text is its version's blob; the assessment is kept compressed.
            sqlx::query("INSERT INTO review_cycles (id, factory_id, name, model_version_id, model_yaml, \
                         assessment_json, assessment_zstd, review_date, reviewers, frozen_at, frozen_by) \
                         VALUES ($1, $2, $3, $4, '', '', $5, $6, $7, $8, $9)")
                .bind(&id).bind(factory_id).bind(name).bind(&mv.id).bind(&packed)
                .bind(review_date).bind(reviewers).bind(now_ms()).bind(by)
                .execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(id)
    }

    pub async fn cycles(&self, factory_id: &str) -> Result<Vec<ReviewCycle>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, ReviewCycle>(
            "SELECT id, factory_id, name, model_version_id, '' AS model_yaml, '' AS assessment_json, \
             review_date, reviewers, frozen_at, frozen_by FROM review_cycles WHERE factory_id = $1 \
             ORDER BY frozen_at DESC, id")
            .bind(factory_id).fetch_all(p).await)?)
    }

    pub async fn cycle(&self, factory_id: &str, id: &str) -> Result<Option<ReviewCycle>> {
        let c = with_pool!(self, p => sqlx::query_as::<_, ReviewCycle>(
            "SELECT id, factory_id, name, model_version_id, model_yaml, assessment_json, review_date, \
             reviewers, frozen_at, frozen_by FROM review_cycles WHERE factory_id = $1 AND id = $2")
            .bind(factory_id).bind(id).fetch_optional(p).await)?;
        let Some(mut c) = c else { return Ok(None) };
        // Cycles frozen since migration 0006 keep neither text: the model is its version's
        // blob, the assessment a zstd frame.
        if c.model_yaml.is_empty() {
            let (sha,): (String,) = with_pool!(self, p => sqlx::query_as(
                "SELECT sha256 FROM model_versions WHERE id = $1")
                .bind(&c.model_version_id).fetch_one(p).await)?;
            c.model_yaml = self.blob_text(&sha).await?.to_string();
        }
        if c.assessment_json.is_empty() {
            let (packed,): (Option<Vec<u8>>,) = with_pool!(self, p => sqlx::query_as(
                "SELECT assessment_zstd FROM review_cycles WHERE id = $1")
                .bind(&c.id).fetch_one(p).await)?;
            if let Some(packed) = packed {
                let bytes = codec::decompress(&packed, None)
                    .map_err(|e| StoreError::Codec(e.to_string()))?;
                c.assessment_json =
                    String::from_utf8(bytes).map_err(|e| StoreError::Codec(e.to_string()))?;
            }
        }
        Ok(Some(c))
    }

    // ---- uploads -----------------------------------------------------------------------

    pub async fn add_upload(
        &self,
        factory_id: &str,
        kind: &str,
        filename: &str,
        content: &[u8],
        status: (&str, &str),
        by: &str,
    ) -> Result<String> {
        let id = new_id();
        let sha = sha256_hex(content);
        let a = Audit {
            user_id: Some(by.into()),
            factory_id: Some(factory_id.into()),
            action: "upload.add".into(),
            target: format!("upload:{id}"),
            after: Some(
                serde_json::json!({"kind": kind, "filename": filename, "sha256": sha,
                "size": content.len()})
                .to_string(),
            ),
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO uploads (id, factory_id, kind, filename, content, size, sha256, status, \
                         status_ja, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .bind(&id).bind(factory_id).bind(kind).bind(filename).bind(content)
                .bind(content.len() as i64).bind(&sha).bind(status.0).bind(status.1).bind(now_ms()).bind(by)
                .execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(id)
    }

    /// The uploads that feed the assessment (captures, SBOMs, advisories), newest first,
    /// without their content.
    pub async fn check_uploads(&self, factory_id: &str) -> Result<Vec<UploadInfo>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, UploadInfo>(
            "SELECT id, kind, filename, size, sha256, status, status_ja, created_at, created_by FROM uploads \
             WHERE factory_id = $1 AND kind IN ('capture', 'sbom', 'advisory') \
             ORDER BY created_at DESC, id")
            .bind(factory_id).fetch_all(p).await)?)
    }

    /// The content of one upload of a factory.
    pub async fn upload_content(&self, factory_id: &str, id: &str) -> Result<Option<Vec<u8>>> {
        let r: Option<(Vec<u8>,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT content FROM uploads WHERE factory_id = $1 AND id = $2")
            .bind(factory_id).bind(id).fetch_optional(p).await)?;
        Ok(r.map(|x| x.0))
    }

    /// One upload of a factory with its content (for download).
    pub async fn upload(
        &self,
        factory_id: &str,
        id: &str,
    ) -> Result<Option<(UploadInfo, Vec<u8>)>> {
        let info: Option<UploadInfo> = with_pool!(self, p => sqlx::query_as::<_, UploadInfo>(
            "SELECT id, kind, filename, size, sha256, status, status_ja, created_at, created_by FROM uploads \
             WHERE factory_id = $1 AND id = $2")
            .bind(factory_id).bind(id).fetch_optional(p).await)?;
        let Some(info) = info else { return Ok(None) };
        Ok(self
            .upload_content(factory_id, id)
            .await?
            .map(|content| (info, content)))
    }

    /// Deletes one upload of a factory, audited with what it was; `false` when there is
    /// none. The assessment forgets it: its inputs are the uploads that remain.
    pub async fn delete_upload(&self, factory_id: &str, id: &str, by: &str) -> Result<bool> {
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<(String, String, String, i64)> = sqlx::query_as(
                "SELECT kind, filename, sha256, size FROM uploads WHERE factory_id = $1 AND id = $2")
                .bind(factory_id).bind(id).fetch_optional(&mut *tx).await?;
            let Some((kind, filename, sha, size)) = row else { return Ok(false) };
            sqlx::query("DELETE FROM uploads WHERE factory_id = $1 AND id = $2")
                .bind(factory_id).bind(id).execute(&mut *tx).await?;
            let a = Audit {
                user_id: Some(by.into()),
                factory_id: Some(factory_id.into()),
                action: "upload.delete".into(),
                target: format!("upload:{id}"),
                before: Some(
                    serde_json::json!({"kind": kind, "filename": filename, "sha256": sha,
                    "size": size})
                    .to_string(),
                ),
                ..Audit::default()
            };
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(true)
    }

    pub async fn uploads(&self, factory_id: &str) -> Result<Vec<UploadInfo>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, UploadInfo>(
            "SELECT id, kind, filename, size, sha256, status, status_ja, created_at, created_by FROM uploads \
             WHERE factory_id = $1 ORDER BY created_at DESC, id")
            .bind(factory_id).fetch_all(p).await)?)
    }

    // ---- audit log ---------------------------------------------------------------------

    /// Records an audit entry on its own (for events without a stored change, e.g. login).
    pub async fn audit(&self, a: Audit) -> Result<()> {
        with_pool!(self, p => {
            let mut c = p.acquire().await?;
            audit_in!(c, a)?;
        });
        Ok(())
    }

    /// The newest audit entries of a factory (or of the whole site when `None`).
    pub async fn audit_log(&self, factory_id: Option<&str>, limit: i64) -> Result<Vec<AuditEntry>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, AuditEntry>(
            "SELECT id, at, user_id, factory_id, action, target, before, after FROM audit_log \
             WHERE ($1 IS NULL OR factory_id = $1) ORDER BY id DESC LIMIT $2")
            .bind(factory_id).bind(limit).fetch_all(p).await)?)
    }
}

/// One row of a factory's audit log with the names its ids stand for: the user's name and,
/// for a target that names a stored thing by id (user, review cycle, upload, token,
/// factory), that thing's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub factory_id: Option<String>,
    pub action: String,
    pub target: String,
    pub target_name: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which rows of a factory's audit log to read. The factory's log holds its own rows and
/// the logins (successes and failures) of the people with access to it: its members now
/// and earlier, and the site admins. A login belongs to no factory.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub factory_id: String,
    pub user_id: Option<String>,
    pub action: Option<String>,
    /// The kind of target (`asset`, `user`, …): rows whose target is `KIND:…`.
    pub entity: Option<String>,
    /// Within `entity`, one thing by its id (and, for a user, by name or id): rows whose
    /// target names it, also in a list (`finding:A,B`) or as the head of a path
    /// (`party:P/ITEM`).
    pub entity_ids: Vec<String>,
    /// From this time on (epoch ms, inclusive) …
    pub from_ms: Option<i64>,
    /// … until this time (exclusive).
    pub until_ms: Option<i64>,
}

/// The people with access to factory `$1`, now or earlier: members, those whose role was
/// ever set in it, its creator and the site admins.
const FACTORY_PEOPLE: &str = "SELECT m.user_id FROM memberships m WHERE m.factory_id = $1 \
     UNION SELECT substr(x.target, 6) FROM audit_log x WHERE x.factory_id = $1 \
     AND x.action = 'membership.set' AND x.target LIKE 'user:%' \
     UNION SELECT x.user_id FROM audit_log x WHERE x.factory_id = $1 AND x.action = 'factory.create' \
     UNION SELECT s.id FROM users s WHERE s.is_admin = 1";

/// A value bound to an audit query.
enum AuditArg {
    Text(String),
    Int(i64),
}

/// The conditions of an [`AuditQuery`], written with only the filters it has (a filter
/// written as `$n IS NULL OR …` would keep the database from using its indexes), and their
/// values. `$1` is the factory.
struct AuditSql {
    /// The factory's own rows.
    factory: String,
    /// The logins of the people with access to it (they belong to no factory).
    logins: Option<String>,
    /// The filters, ` AND …` each.
    filters: String,
    args: Vec<AuditArg>,
}

impl AuditSql {
    /// `position` is the backend's case-sensitive substring search (`instr` / `strpos`):
    /// an id is matched exactly on both (SQLite's LIKE ignores ASCII case).
    fn new(f: &AuditQuery, before_id: Option<i64>, position: &str) -> AuditSql {
        let mut args = vec![AuditArg::Text(f.factory_id.clone())];
        let mut arg = |a: AuditArg| {
            args.push(a);
            format!("${}", args.len())
        };
        let mut filters = String::new();
        if let Some(u) = &f.user_id {
            filters.push_str(&format!(
                " AND a.user_id = {}",
                arg(AuditArg::Text(u.clone()))
            ));
        }
        if let Some(a) = &f.action {
            filters.push_str(&format!(
                " AND a.action = {}",
                arg(AuditArg::Text(a.clone()))
            ));
        }
        if let Some(e) = &f.entity {
            let kind = format!("{e}:");
            // The id part of the target starts after `KIND:`.
            let (len, from) = (kind.chars().count(), kind.chars().count() + 1);
            filters.push_str(&format!(
                " AND substr(a.target, 1, {len}) = {}",
                arg(AuditArg::Text(kind))
            ));
            // An id is one item of the target's list (`finding:A,B`) or path (`party:P/I`).
            let ids = format!("(',' || replace(substr(a.target, {from}), '/', ',') || ',')");
            let alternatives: Vec<String> = f
                .entity_ids
                .iter()
                .map(|id| {
                    format!(
                        "{position}({ids}, {}) > 0",
                        arg(AuditArg::Text(format!(",{id},")))
                    )
                })
                .collect();
            if !alternatives.is_empty() {
                filters.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
            }
        }
        if let Some(t) = f.from_ms {
            filters.push_str(&format!(" AND a.at >= {}", arg(AuditArg::Int(t))));
        }
        if let Some(t) = f.until_ms {
            filters.push_str(&format!(" AND a.at < {}", arg(AuditArg::Int(t))));
        }
        if let Some(b) = before_id {
            filters.push_str(&format!(" AND a.id < {}", arg(AuditArg::Int(b))));
        }
        // Another action than a login's leaves the logins out at once.
        let logins = f
            .action
            .as_deref()
            .is_none_or(|a| a == "login" || a == "login.failure")
            .then(|| {
                format!(
                    "a.factory_id IS NULL AND a.action IN ('login', 'login.failure') \
                     AND a.user_id IN ({FACTORY_PEOPLE})"
                )
            });
        AuditSql {
            factory: "a.factory_id = $1".into(),
            logins,
            filters,
            args,
        }
    }

    /// Rows of the factory's log that the filters keep.
    fn scope(&self) -> String {
        match &self.logins {
            Some(l) => format!("({} OR ({l})){}", self.factory, self.filters),
            None => format!("{}{}", self.factory, self.filters),
        }
    }
}

/// Binds an [`AuditSql`]'s values in order.
macro_rules! bind_audit {
    ($q:expr, $sql:expr) => {{
        let mut q = $q;
        for a in &$sql.args {
            q = match a {
                AuditArg::Text(t) => q.bind(t.clone()),
                AuditArg::Int(i) => q.bind(*i),
            };
        }
        q
    }};
}

impl Store {
    /// The backend's case-sensitive substring position function.
    fn position_fn(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "instr",
            Pool::Pg(_) => "strpos",
        }
    }

    /// How many rows of a factory's audit log `f` keeps.
    pub async fn audit_count(&self, f: &AuditQuery) -> Result<i64> {
        let sql = AuditSql::new(f, None, self.position_fn());
        // The factory's rows and the logins are apart (one has the factory, the other
        // none): counted each on its own index and added.
        let own = format!(
            "SELECT COUNT(*) FROM audit_log a WHERE {}{}",
            sql.factory, sql.filters
        );
        let q = match &sql.logins {
            Some(l) => format!(
                "SELECT ({own}) + (SELECT COUNT(*) FROM audit_log a WHERE {l}{})",
                sql.filters
            ),
            None => own,
        };
        let (n,): (i64,) = with_pool!(self, p => bind_audit!(
            sqlx::query_as(sqlx::AssertSqlSafe(q.clone())), sql)
            .fetch_one(p).await)?;
        Ok(n)
    }

    /// Rows of a factory's audit log that `f` keeps, newest first: `limit` of them after
    /// skipping `offset`, below id `before_id` when given (an export reads on from the
    /// last id it wrote, so rows written meanwhile neither repeat nor shift it).
    pub async fn audit_rows(
        &self,
        f: &AuditQuery,
        before_id: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRow>> {
        let sql = AuditSql::new(f, before_id, self.position_fn());
        // The page's ids first (from the indexes), then the names for those rows only.
        let q = format!(
            "SELECT a.id, a.at, a.user_id, u.username, a.factory_id, a.action, a.target, \
             COALESCE(tu.username, rc.name, up.filename, tk.name, fa.name) AS target_name, \
             a.before, a.after FROM audit_log a \
             JOIN (SELECT a.id FROM audit_log a WHERE {} ORDER BY a.id DESC LIMIT {limit} OFFSET {offset}) page \
             ON page.id = a.id \
             LEFT JOIN users u ON u.id = a.user_id \
             LEFT JOIN users tu ON a.target LIKE 'user:%' AND tu.id = substr(a.target, 6) \
             LEFT JOIN review_cycles rc ON a.target LIKE 'review:%' AND rc.id = substr(a.target, 8) \
             LEFT JOIN uploads up ON a.target LIKE 'upload:%' AND up.id = substr(a.target, 8) \
             LEFT JOIN api_tokens tk ON a.target LIKE 'token:%' AND tk.id = substr(a.target, 7) \
             LEFT JOIN factories fa ON a.target LIKE 'factory:%' AND fa.id = substr(a.target, 9) \
             ORDER BY a.id DESC",
            sql.scope(),
            limit = limit.max(0),
            offset = offset.max(0),
        );
        Ok(with_pool!(self, p => bind_audit!(
            sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(q.clone())), sql)
            .fetch_all(p).await)?)
    }

    /// The people with access to a factory, now or earlier (members, former members, its
    /// creator, site admins), as (id, name) by name: whom its audit log can name.
    pub async fn audit_people(&self, factory_id: &str) -> Result<Vec<(String, String)>> {
        let q = format!(
            "SELECT id, username FROM users WHERE id IN ({FACTORY_PEOPLE}) ORDER BY username"
        );
        Ok(
            with_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(q.clone()))
            .bind(factory_id).fetch_all(p).await)?,
        )
    }
}

/// The migration versions shipped for each backend (file name prefixes), for the test that
/// keeps them in step.
pub fn shipped_migrations() -> (Vec<i64>, Vec<i64>) {
    let s = sqlx::migrate!("migrations/sqlite");
    let p = sqlx::migrate!("migrations/postgres");
    (
        s.iter().map(|m| m.version).collect(),
        p.iter().map(|m| m.version).collect(),
    )
}

// ---- access lifecycle: users, memberships, tokens, login throttling (issue 17) ---------

/// An API token as its owner sees it (never the secret).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    /// `read` (GET only) or `write`.
    pub scope: String,
    /// The one factory the token may reach; `None` = every factory of its user.
    pub factory_id: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A new token's properties.
pub struct NewToken<'a> {
    pub user_id: &'a str,
    pub name: &'a str,
    pub sha256: &'a str,
    pub scope: &'a str,
    pub factory_id: Option<&'a str>,
    pub expires_at: i64,
}

/// Failed logins of one (user name, address) since its last success.
#[derive(Debug, Clone, Copy, Default)]
pub struct Failures {
    pub count: i64,
    /// When the newest of them was (0 without any).
    pub last_at: i64,
}

const USER_COLUMNS: &str =
    "id, username, password_hash, is_admin, lang, created_at, disabled_at, deleted_at";
const TOKEN_COLUMNS: &str =
    "id, name, scope, factory_id, created_at, expires_at, last_used_at, revoked_at";

impl Store {
    /// A user by name whatever its state (disabled and deleted ones too).
    pub async fn user_any_by_name(&self, username: &str) -> Result<Option<User>> {
        let q = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        Ok(
            with_pool!(self, p => sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(q.clone()))
            .bind(username).fetch_optional(p).await)?,
        )
    }

    /// A user by id whatever its state.
    pub async fn user_any_by_id(&self, id: &str) -> Result<Option<User>> {
        let q = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        Ok(
            with_pool!(self, p => sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(q.clone()))
            .bind(id).fetch_optional(p).await)?,
        )
    }

    /// How many site admins can log in, leaving out `except`.
    pub async fn active_site_admins_except(&self, except: &str) -> Result<i64> {
        let (n,): (i64,) = with_pool!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM users WHERE is_admin = 1 AND disabled_at IS NULL \
             AND deleted_at IS NULL AND id <> $1").bind(except).fetch_one(p).await)?;
        Ok(n)
    }

    /// Disables (`true`) or enables a user. Disabling ends its sessions and revokes its
    /// tokens in the same transaction. False when there is no such (undeleted) user.
    pub async fn set_user_disabled(
        &self,
        user_id: &str,
        disabled: bool,
        by: Option<&str>,
    ) -> Result<bool> {
        let Some(u) = self.user_any_by_id(user_id).await? else {
            return Ok(false);
        };
        if u.deleted_at.is_some() {
            return Ok(false);
        }
        let now = now_ms();
        let a = Audit {
            user_id: by.map(str::to_string),
            action: if disabled {
                "user.disable"
            } else {
                "user.enable"
            }
            .into(),
            target: format!("user:{}", u.username),
            before: Some(serde_json::json!({ "disabled": u.disabled_at.is_some() }).to_string()),
            after: Some(serde_json::json!({ "disabled": disabled }).to_string()),
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
                .bind(disabled.then_some(now)).bind(user_id).execute(&mut *tx).await?;
            if disabled {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                sqlx::query(REVOKE_TOKENS_OF).bind(now).bind(user_id).execute(&mut *tx).await?;
            }
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Deletes a user: its memberships, sessions and tokens go, its row stays (name kept,
    /// password unusable) so model versions, answers and audit rows still name it. False
    /// when there is no such (undeleted) user.
    pub async fn delete_user(&self, user_id: &str, by: Option<&str>) -> Result<bool> {
        let Some(u) = self.user_any_by_id(user_id).await? else {
            return Ok(false);
        };
        if u.deleted_at.is_some() {
            return Ok(false);
        }
        let now = now_ms();
        let memberships: Vec<(String, String)> = with_pool!(self, p => sqlx::query_as(
            "SELECT factory_id, role FROM memberships WHERE user_id = $1 ORDER BY factory_id")
            .bind(user_id).fetch_all(p).await)?;
        let a = Audit {
            user_id: by.map(str::to_string),
            action: "user.delete".into(),
            target: format!("user:{}", u.username),
            before: Some(
                serde_json::json!({
                    "admin": u.is_admin != 0,
                    "memberships": memberships
                        .iter()
                        .map(|(f, r)| serde_json::json!({"factory": f, "role": r}))
                        .collect::<Vec<_>>(),
                })
                .to_string(),
            ),
            after: None,
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            // '!' is no PHC string: no password matches it.
            sqlx::query("UPDATE users SET deleted_at = $1, disabled_at = COALESCE(disabled_at, $1), \
                         password_hash = '!', is_admin = 0 WHERE id = $2")
                .bind(now).bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM memberships WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            sqlx::query(REVOKE_TOKENS_OF).bind(now).bind(user_id).execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Removes a user's membership of a factory; false when there was none.
    pub async fn remove_membership(
        &self,
        user_id: &str,
        factory_id: &str,
        by: Option<&str>,
    ) -> Result<bool> {
        let Some(m) = self.membership(user_id, factory_id).await? else {
            return Ok(false);
        };
        let a = Audit {
            user_id: by.map(str::to_string),
            factory_id: Some(factory_id.into()),
            action: "membership.remove".into(),
            target: format!("user:{}", m.username),
            before: Some(serde_json::json!({"role": m.role, "party": m.party_id}).to_string()),
            after: None,
        };
        let n = with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND factory_id = $2")
                .bind(user_id).bind(factory_id).execute(&mut *tx).await?.rows_affected();
            audit_in!(tx, a)?;
            tx.commit().await?;
            n
        });
        Ok(n == 1)
    }

    /// Stores a new token (its SHA-256 only) with scope, factory and expiry; audited.
    pub async fn create_token_scoped(&self, t: &NewToken<'_>) -> Result<String> {
        let id = new_id();
        let a = Audit {
            user_id: Some(t.user_id.into()),
            factory_id: t.factory_id.map(str::to_string),
            action: "token.create".into(),
            target: format!("token:{id}"),
            after: Some(
                serde_json::json!({
                    "name": t.name, "scope": t.scope, "factory": t.factory_id, "expires_at": t.expires_at
                })
                .to_string(),
            ),
            ..Audit::default()
        };
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO api_tokens (id, user_id, name, token_sha256, created_at, scope, factory_id, expires_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(&id).bind(t.user_id).bind(t.name).bind(t.sha256).bind(now_ms())
                .bind(t.scope).bind(t.factory_id).bind(t.expires_at)
                .execute(&mut *tx).await?;
            audit_in!(tx, a)?;
            tx.commit().await?;
        });
        Ok(id)
    }

    /// The user and token of a live token (not revoked, not expired, user active); notes
    /// its use at most once a minute.
    pub async fn token_grant(&self, token_sha256: &str) -> Result<Option<(User, TokenInfo)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            info: TokenInfo,
            user_id: String,
        }
        let now = now_ms();
        let q = format!(
            "SELECT {TOKEN_COLUMNS}, user_id FROM api_tokens WHERE token_sha256 = $1 \
             AND revoked_at IS NULL AND expires_at > $2"
        );
        let row: Option<Row> = with_pool!(self, p => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(q.clone()))
            .bind(token_sha256).bind(now).fetch_optional(p).await)?;
        let Some(Row { info, user_id }) = row else {
            return Ok(None);
        };
        let Some(user) = self.user_by_id(&user_id).await? else {
            return Ok(None);
        };
        if info.last_used_at.is_none_or(|t| t < now - 60_000) {
            with_pool!(self, p => sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now).bind(&info.id).execute(p).await.map(|r| r.rows_affected()))?;
        }
        Ok(Some((user, info)))
    }

    /// A user's tokens, newest first (revoked and expired ones too, marked as such).
    pub async fn tokens_of(&self, user_id: &str) -> Result<Vec<TokenInfo>> {
        let q = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id"
        );
        Ok(
            with_pool!(self, p => sqlx::query_as::<_, TokenInfo>(sqlx::AssertSqlSafe(q.clone()))
            .bind(user_id).fetch_all(p).await)?,
        )
    }

    /// Revokes token `token_id` of `owner`; false when it has no such live token.
    pub async fn revoke_token(&self, owner: &str, token_id: &str, by: &str) -> Result<bool> {
        let a = Audit {
            user_id: Some(by.into()),
            action: "token.revoke".into(),
            target: format!("token:{token_id}"),
            ..Audit::default()
        };
        let n = with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(now_ms()).bind(token_id).bind(owner).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                audit_in!(tx, a)?;
            }
            tx.commit().await?;
            n
        });
        Ok(n == 1)
    }

    /// The factories whose id or name is `key` (for the command line).
    pub async fn factories_named(&self, key: &str) -> Result<Vec<Factory>> {
        Ok(with_pool!(self, p => sqlx::query_as::<_, Factory>(
            "SELECT id, name, created_at FROM factories WHERE id = $1 OR name = $1 ORDER BY id")
            .bind(key).fetch_all(p).await)?)
    }

    /// Records a login attempt from `address` with its audit row (`login` or
    /// `login.failure`, with the address; none for a name no account has) and prunes
    /// attempts older than [`LOGIN_ATTEMPTS_KEEP_MS`].
    pub async fn record_login_attempt_from(
        &self,
        username: &str,
        address: &str,
        success: bool,
    ) -> Result<()> {
        let now = now_ms();
        let action = if success { "login" } else { "login.failure" };
        let after = serde_json::json!({ "address": address }).to_string();
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query(
                "INSERT INTO login_attempts (username, at, success, address) VALUES ($1, $2, $3, $4)")
                .bind(username).bind(now).bind(i64::from(success)).bind(address)
                .execute(&mut *tx).await?;
            // The audit row of an existing account (in every state), in the same
            // transaction: an unknown name writes none and costs the same.
            sqlx::query(
                "INSERT INTO audit_log (at, user_id, factory_id, action, target, before, after) \
                 SELECT $1, id, NULL, $2, 'user:' || username, NULL, $3 FROM users WHERE username = $4")
                .bind(now).bind(action).bind(&after).bind(username)
                .execute(&mut *tx).await?;
            sqlx::query("DELETE FROM login_attempts WHERE at < $1")
                .bind(now - LOGIN_ATTEMPTS_KEEP_MS).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Failed logins of (`username`, `address`) since `since_ms` and after the pair's last
    /// success.
    pub async fn failures_from(
        &self,
        username: &str,
        address: &str,
        since_ms: i64,
    ) -> Result<Failures> {
        let (count, last): (i64, Option<i64>) = with_pool!(self, p => sqlx::query_as(
            "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE username = $1 AND address = $2 \
             AND success = 0 AND at >= $3 AND at > COALESCE((SELECT MAX(at) FROM login_attempts \
             WHERE username = $1 AND address = $2 AND success = 1), 0)")
            .bind(username).bind(address).bind(since_ms).fetch_one(p).await)?;
        Ok(Failures {
            count,
            last_at: last.unwrap_or(0),
        })
    }
}

/// What the storage tests read of the stored form.
#[cfg(test)]
impl Store {
    /// The same database without the texts held in memory (tests of the stored form).
    pub fn fresh(&self) -> Store {
        Store {
            pool: self.pool.clone(),
            texts: Default::default(),
        }
    }

    /// The delta depth of every stored model text (tests of the chain's bound).
    pub async fn blob_depths(&self) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT depth FROM model_blobs").fetch_all(p).await)?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// How many assessments of a factory's versions the database holds.
    pub async fn stored_assessments(&self, factory_id: &str) -> Result<i64> {
        let (n,): (i64,) = with_pool!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM assessments a JOIN model_versions v ON v.id = a.model_version_id \
             WHERE v.factory_id = $1").bind(factory_id).fetch_one(p).await)?;
        Ok(n)
    }

    /// A session's stored record (tests of what is written).
    pub async fn session_load(&self, id: &str) -> Result<Option<String>> {
        let r: Option<(String,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id).bind(now_ms()).fetch_optional(p).await)?;
        Ok(r.map(|x| x.0))
    }
}

#[cfg(test)]
mod codec_tests {
    /// A text that compresses a thousandfold (a review cycle's assessment JSON repeats
    /// itself) reads back whole, with a prefix or without.
    #[test]
    fn any_ratio_reads_back() {
        let text = "{\"kind\": \"threat\", \"severity\": \"high\"},\n".repeat(40_000);
        let packed = super::codec::compress(text.as_bytes(), None).unwrap_or_default();
        assert!(packed.len() * 100 < text.len(), "{} bytes", packed.len());
        let back = super::codec::decompress(&packed, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, text.as_bytes());
        let next = format!("{text}# one more line\n");
        let delta =
            super::codec::compress(next.as_bytes(), Some(text.as_bytes())).unwrap_or_default();
        let back = super::codec::decompress(&delta, Some(text.as_bytes()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, next.as_bytes());
    }
}
