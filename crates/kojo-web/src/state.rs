//! What every request shares: the store, the server's settings and the caches that only
//! save time. Imports nothing of the crate but the store and the error.

use crate::error::AppError;
use crate::store::Store;
use kojo_findings::Assessment;
use std::any::Any;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
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
    /// Password checks (Argon2, 19 MiB each) that may run at once (default: half the
    /// processor cores, at least one).
    pub login_concurrency: usize,
    /// Login attempts one address may make per minute (default 20).
    pub login_per_minute: u32,
    /// Assessments held in memory at most (default 32); zone diagrams and dashboard
    /// summaries are held under twice as many (one per language).
    pub assessment_cache_entries: usize,
    /// Approximate bytes the assessments held in memory may take (default 512 MiB); the
    /// diagrams and summaries have the same bound each.
    pub assessment_cache_bytes: usize,
    /// The largest request body, uploads included, in bytes (default 32 MiB): a larger one
    /// is refused with 413 before it is read.
    pub max_upload_bytes: usize,
    /// The most a capture or flow log may expand to when read (gzip), in bytes (default
    /// 1 GiB): a larger upload is refused with 413 and the limit.
    pub max_capture_bytes: u64,
    /// Changes one account may make per minute in a factory (default 120); a supplier,
    /// the least trusted role, [`Config::supplier_writes_per_minute`].
    pub writes_per_minute: u32,
    /// Changes one supplier account may make per minute (default 30).
    pub supplier_writes_per_minute: u32,
}

/// The largest request body unless configured otherwise.
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 32 << 20;
/// The most a capture may expand to unless configured otherwise.
pub const DEFAULT_MAX_CAPTURE_BYTES: u64 = 1 << 30;

/// Password checks that run at once by default: half the processor cores, at least one, so
/// that a flood of logins leaves the other half to the users already logged in.
pub fn default_login_concurrency() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
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
            login_concurrency: default_login_concurrency(),
            login_per_minute: 20,
            assessment_cache_entries: DEFAULT_CACHE_ENTRIES,
            assessment_cache_bytes: DEFAULT_CACHE_BYTES,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            max_capture_bytes: DEFAULT_MAX_CAPTURE_BYTES,
            writes_per_minute: 120,
            supplier_writes_per_minute: 30,
        }
    }
}

/// The permits of an open [`AppState::compute_gate`].
#[cfg(test)]
pub const COMPUTE_GATE_OPEN: usize = 1 << 20;

/// Assessments held in memory unless configured otherwise.
pub const DEFAULT_CACHE_ENTRIES: usize = 32;
/// Bytes (approximate) the held assessments may take unless configured otherwise.
pub const DEFAULT_CACHE_BYTES: usize = 512 << 20;

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

/// Said to the callers waiting for a computation whose task ended without a result (it
/// panicked, or the runtime is shutting down).
#[derive(Debug, Clone)]
pub struct FlightLost(pub String);

/// What a running computation will send its waiters: `None` until it is done.
type Outcome<V, E> = Option<Result<V, E>>;

/// A bounded memory cache that computes each missing value once at a time ("single
/// flight"): the first caller of a key starts the computation as its own task, every
/// caller of that key meanwhile waits for the same result (a failure too), and only a
/// success is kept, so the next caller after a failure tries again. Held values are
/// evicted least recently used first when there are more than `max_entries` or their
/// approximate sizes add up to more than `max_bytes` (the newest is always kept).
pub struct FlightCache<K, V, E> {
    inner: Mutex<FlightsInner<K, V, E>>,
    max_entries: usize,
    max_bytes: usize,
}

struct FlightsInner<K, V, E> {
    held: HashMap<K, Held<V>>,
    running: HashMap<K, tokio::sync::watch::Receiver<Outcome<V, E>>>,
    /// Advanced on every use; a held value's `used` is the tick of its last use.
    tick: u64,
    bytes: usize,
    /// Callers waiting for a running computation.
    waiting: usize,
}

struct Held<V> {
    value: V,
    bytes: usize,
    used: u64,
}

impl<K, V, E> FlightsInner<K, V, E>
where
    K: std::hash::Hash + Eq + Clone,
    V: Clone,
{
    fn touch(&mut self, key: &K) -> Option<V> {
        self.tick += 1;
        let tick = self.tick;
        let h = self.held.get_mut(key)?;
        h.used = tick;
        Some(h.value.clone())
    }

    fn hold(&mut self, key: K, value: V, bytes: usize, max_entries: usize, max_bytes: usize) {
        self.tick += 1;
        let held = Held {
            value,
            bytes,
            used: self.tick,
        };
        if let Some(old) = self.held.insert(key.clone(), held) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
        while self.held.len() > 1 && (self.held.len() > max_entries || self.bytes > max_bytes) {
            // A linear scan: the caches hold tens of values, each worth milliseconds to seconds.
            let oldest = self
                .held
                .iter()
                .filter(|(k, _)| **k != key)
                .min_by_key(|(_, h)| h.used)
                .map(|(k, _)| k.clone());
            let Some(oldest) = oldest else { break };
            if let Some(h) = self.held.remove(&oldest) {
                self.bytes -= h.bytes;
            }
        }
    }
}

impl<K, V, E> FlightCache<K, V, E>
where
    K: std::hash::Hash + Eq + Clone + Send + 'static,
    V: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + From<FlightLost> + 'static,
{
    pub fn new(max_entries: usize, max_bytes: usize) -> FlightCache<K, V, E> {
        FlightCache {
            inner: Mutex::new(FlightsInner {
                held: HashMap::new(),
                running: HashMap::new(),
                tick: 0,
                bytes: 0,
                waiting: 0,
            }),
            max_entries: max_entries.max(1),
            max_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FlightsInner<K, V, E>> {
        // The guarded maps stay consistent at every step, so a poisoned lock is usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The value held for `key`, if any (counts as a use).
    pub fn get(&self, key: &K) -> Option<V> {
        self.lock().touch(key)
    }

    /// Holds `value` (of about `bytes`) for `key`, evicting as the bounds require.
    pub fn insert(&self, key: K, value: V, bytes: usize) {
        let (n, b) = (self.max_entries, self.max_bytes);
        self.lock().hold(key, value, bytes, n, b);
    }

    /// How many values are held, and their approximate bytes.
    pub fn usage(&self) -> (usize, usize) {
        let g = self.lock();
        (g.held.len(), g.bytes)
    }

    /// How many computations are running.
    pub fn running(&self) -> usize {
        self.lock().running.len()
    }

    /// How many callers are waiting for a running computation.
    pub fn waiting(&self) -> usize {
        self.lock().waiting
    }

    /// The value for `key`: held, or the result of the computation running for it, or of
    /// `make()` (the value and its approximate bytes) started now as its own task, which
    /// finishes even when every caller has gone (a closed connection).
    pub async fn get_or_compute<F, Fut>(self: &Arc<Self>, key: K, make: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(V, usize), E>> + Send + 'static,
    {
        let mut rx = match self.join_or_start(key, make) {
            Ok(v) => return Ok(v),
            Err(rx) => rx,
        };
        /// Counts its caller among the waiting until it returns or is dropped.
        struct Waiting<'a, K, V, E>(&'a FlightCache<K, V, E>);
        impl<K, V, E> Drop for Waiting<'_, K, V, E> {
            fn drop(&mut self) {
                let mut g = self.0.inner.lock().unwrap_or_else(|e| e.into_inner());
                g.waiting -= 1;
            }
        }
        self.lock().waiting += 1;
        let _waiting = Waiting(self);
        match rx.wait_for(Option::is_some).await {
            Ok(r) => match &*r {
                Some(r) => r.clone(),
                None => Err(FlightLost("no result".into()).into()),
            },
            Err(_) => Err(FlightLost("the computation ended without a result".into()).into()),
        }
    }

    /// Starts the computation of `key` in the background unless it is held or running.
    pub fn start<F, Fut>(self: &Arc<Self>, key: K, make: F)
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(V, usize), E>> + Send + 'static,
    {
        let _ = self.join_or_start(key, make);
    }

    /// The held value, or a receiver of the running (possibly just started) computation.
    fn join_or_start<F, Fut>(
        self: &Arc<Self>,
        key: K,
        make: F,
    ) -> Result<V, tokio::sync::watch::Receiver<Outcome<V, E>>>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(V, usize), E>> + Send + 'static,
    {
        let mut g = self.lock();
        if let Some(v) = g.touch(&key) {
            return Ok(v);
        }
        if let Some(rx) = g.running.get(&key) {
            return Err(rx.clone());
        }
        let (tx, rx) = tokio::sync::watch::channel(None);
        g.running.insert(key.clone(), rx.clone());
        drop(g);
        let fut = make();
        let me = self.clone();
        tokio::spawn(async move {
            // Its own task, so that a panic becomes an error the waiters see.
            let r = match tokio::spawn(fut).await {
                Ok(r) => r,
                Err(e) => Err(FlightLost(format!("the computation failed: {e}")).into()),
            };
            let r = {
                // Held and no longer running in one step: a caller finds one or the other.
                let mut g = me.lock();
                g.running.remove(&key);
                match r {
                    Ok((v, bytes)) => {
                        g.hold(key, v.clone(), bytes, me.max_entries, me.max_bytes);
                        Ok(v)
                    }
                    Err(e) => Err(e),
                }
            };
            let _ = tx.send(Some(r));
        });
        Err(rx)
    }
}

impl From<FlightLost> for AppError {
    fn from(e: FlightLost) -> Self {
        AppError::Internal(anyhow::anyhow!("assessment cache: {}", e.0))
    }
}

/// Assessments by cache key (the model's SHA-256 and the uploads read).
pub type AssessmentCache = FlightCache<String, Arc<Assessment>, AppError>;
/// Zone diagrams (SVG) by cache key and language.
pub type DiagramCache = FlightCache<DiagramKey, Arc<String>, AppError>;
/// Dashboard summaries by model version (and uploads) and language.
pub type SummaryCache = FlightCache<DiagramKey, Arc<dyn Any + Send + Sync>, AppError>;

/// Shared state of every handler. The caches only save time (the database holds the
/// assessment JSON per model version) and are bounded ([`Config::assessment_cache_entries`]).
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub secure_cookies: bool,
    pub trusted_origins: Vec<String>,
    /// Assessments, each computed once at a time however many ask (single flight).
    pub assessments: Arc<AssessmentCache>,
    /// Zone diagrams, each rendered once at a time like the assessments.
    pub diagrams: Arc<DiagramCache>,
    /// Dashboard summaries; a time saver like the others.
    pub summaries: Arc<SummaryCache>,
    /// Assessments asked for (every caller, held or not) and computed (the engine run),
    /// since the server started.
    pub assessments_requested: Arc<AtomicU64>,
    pub assessments_computed: Arc<AtomicU64>,
    /// Tests hold computations here (take its permits) to have callers meet one running.
    #[cfg(test)]
    pub compute_gate: Arc<tokio::sync::Semaphore>,
    /// The longest life of a new API token, in days.
    pub token_days: i64,
    /// The bounds on password checks.
    pub login: Arc<LoginGuard>,
    /// [`Config::max_upload_bytes`].
    pub max_upload_bytes: usize,
    /// [`Config::max_capture_bytes`].
    pub max_capture_bytes: u64,
    /// The per-account budgets of changes.
    pub writes: Arc<WriteBudget>,
}

/// Budgets of changes per account and minute, by role: a flood of writes from one account
/// (a supplier's script, a stolen token) is refused with 429 instead of filling the
/// database and emptying the caches.
pub struct WriteBudget {
    supplier: RateBudget,
    others: RateBudget,
}

impl WriteBudget {
    pub fn new(per_minute: u32, supplier_per_minute: u32) -> WriteBudget {
        WriteBudget {
            supplier: RateBudget::new(supplier_per_minute),
            others: RateBudget::new(per_minute),
        }
    }

    /// Takes one change from `user`'s budget for `role`; `Err(seconds)` until one is back.
    pub fn take(&self, user: &str, role: crate::store::Role, now_ms: i64) -> Result<(), i64> {
        match role {
            crate::store::Role::Supplier => self.supplier.take(user, now_ms),
            _ => self.others.take(user, now_ms),
        }
    }
}

/// What keeps `/login` from being turned against the site: a global bound on concurrent
/// Argon2 runs and a per-address budget of attempts per minute (in memory: it only sheds
/// load; the per-(user, address) throttle lives in the database).
pub struct LoginGuard {
    pub argon2: tokio::sync::Semaphore,
    attempts: RateBudget,
    /// Refusals being held back ([`LoginGuard::hold_refusal`]); past this many, answered
    /// at once.
    held: tokio::sync::Semaphore,
}

/// How long a login refused for its address's budget is held before the answer: an idle
/// socket costs the server next to nothing, and a flooder with N connections then makes
/// N attempts a second, not thousands.
pub const LOGIN_REFUSAL_HOLD_MS: u64 = 1000;
/// Refusals held at once at most (each an idle connection).
pub const LOGIN_REFUSALS_HELD: usize = 1024;

impl LoginGuard {
    pub fn new(concurrency: usize, per_minute: u32) -> LoginGuard {
        LoginGuard {
            argon2: tokio::sync::Semaphore::new(concurrency.max(1)),
            attempts: RateBudget::new(per_minute),
            held: tokio::sync::Semaphore::new(LOGIN_REFUSALS_HELD),
        }
    }

    /// Takes one attempt from `address`'s budget (see [`RateBudget::take`]).
    pub fn take(&self, address: &str, now_ms: i64) -> Result<(), i64> {
        self.attempts.take(address, now_ms)
    }

    /// Waits [`LOGIN_REFUSAL_HOLD_MS`] before a refusal is answered, unless
    /// [`LOGIN_REFUSALS_HELD`] are already waiting.
    pub async fn hold_refusal(&self) {
        if let Ok(_permit) = self.held.try_acquire() {
            tokio::time::sleep(std::time::Duration::from_millis(LOGIN_REFUSAL_HOLD_MS)).await;
        }
    }
}

/// A budget per key (an address, an account): a bucket of `per_minute` that refills
/// continuously at `per_minute` a minute. In memory: it only sheds load.
pub struct RateBudget {
    per_minute: u32,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateBudget {
    pub fn new(per_minute: u32) -> RateBudget {
        RateBudget {
            per_minute: per_minute.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one from `key`'s bucket. `Err(seconds)` until one is back.
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
            assessments: Arc::new(FlightCache::new(DEFAULT_CACHE_ENTRIES, DEFAULT_CACHE_BYTES)),
            diagrams: Arc::new(FlightCache::new(
                2 * DEFAULT_CACHE_ENTRIES,
                DEFAULT_CACHE_BYTES,
            )),
            summaries: Arc::new(FlightCache::new(
                2 * DEFAULT_CACHE_ENTRIES,
                DEFAULT_CACHE_BYTES,
            )),
            assessments_requested: Arc::new(AtomicU64::new(0)),
            assessments_computed: Arc::new(AtomicU64::new(0)),
            #[cfg(test)]
            compute_gate: Arc::new(tokio::sync::Semaphore::new(COMPUTE_GATE_OPEN)),
            token_days: crate::store::DEFAULT_TOKEN_DAYS,
            // Unit tests log in many times from one (unknown) address; the flood test sets
            // its own budget.
            login: Arc::new(LoginGuard::new(
                default_login_concurrency(),
                if cfg!(test) { 100_000 } else { 20 },
            )),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            max_capture_bytes: DEFAULT_MAX_CAPTURE_BYTES,
            // Tests write in bursts from few accounts; the budget test sets its own.
            writes: Arc::new(if cfg!(test) {
                WriteBudget::new(1_000_000, 1_000_000)
            } else {
                WriteBudget::new(120, 30)
            }),
        }
    }

    /// Applies the configured bounds (token life, login concurrency and budget, caches).
    pub fn with_config(mut self, c: &Config) -> AppState {
        let (n, bytes) = (c.assessment_cache_entries, c.assessment_cache_bytes);
        self.assessments = Arc::new(FlightCache::new(n, bytes));
        self.diagrams = Arc::new(FlightCache::new(2 * n, bytes));
        self.summaries = Arc::new(FlightCache::new(2 * n, bytes));
        self.secure_cookies = c.secure_cookies;
        self.trusted_origins = c.trusted_origins.clone();
        self.token_days = c.token_days.max(1);
        self.login = Arc::new(LoginGuard::new(c.login_concurrency, c.login_per_minute));
        self.max_upload_bytes = c.max_upload_bytes.max(1);
        self.max_capture_bytes = c.max_capture_bytes.max(1);
        self.writes = Arc::new(WriteBudget::new(
            c.writes_per_minute,
            c.supplier_writes_per_minute,
        ));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Failed(String);

    impl From<FlightLost> for Failed {
        fn from(e: FlightLost) -> Self {
            Failed(format!("lost: {}", e.0))
        }
    }

    type Cache = FlightCache<&'static str, u32, Failed>;

    #[test]
    fn the_least_recently_used_go_first_and_the_bytes_are_bounded() {
        let c = Cache::new(3, 100);
        for (k, v) in [("a", 1), ("b", 2), ("c", 3)] {
            c.insert(k, v, 10);
        }
        // `a` is used again, so `b` is the least recently used when `d` comes.
        assert_eq!(c.get(&"a"), Some(1));
        c.insert("d", 4, 10);
        assert_eq!(c.get(&"b"), None);
        assert_eq!(c.usage(), (3, 30));
        // 30 + 80 bytes is over 100: the least recently used (`c`) goes, and it fits.
        c.insert("e", 5, 80);
        assert_eq!(c.usage(), (3, 100));
        assert_eq!(c.get(&"c"), None);
        // 20 more: `a`, then `d` (last used in that order) go.
        c.insert("g", 8, 20);
        assert_eq!(c.usage(), (2, 100));
        assert_eq!((c.get(&"e"), c.get(&"g")), (Some(5), Some(8)));
        // One value over the bound alone is kept (the newest always is).
        c.insert("f", 6, 500);
        assert_eq!(c.usage(), (1, 500));
        assert_eq!(c.get(&"f"), Some(6));
        // Replacing a value counts its new size only.
        c.insert("f", 7, 20);
        assert_eq!(c.usage(), (1, 20));
    }

    #[tokio::test]
    async fn waiters_share_one_result_and_a_failure_is_tried_again() {
        let c = Arc::new(Cache::new(4, 1 << 20));
        let runs = Arc::new(AtomicU64::new(0));
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let make = |result: Result<u32, Failed>| {
            let (runs, gate) = (runs.clone(), gate.clone());
            move || async move {
                runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _open = gate.acquire().await;
                result.map(|v| (v, 4))
            }
        };
        let failing: Vec<_> = (0..5)
            .map(|_| {
                let (c, m) = (c.clone(), make(Err(Failed("broken".into()))));
                tokio::spawn(async move { c.get_or_compute("k", m).await })
            })
            .collect();
        while c.running() == 0 {
            tokio::task::yield_now().await;
        }
        gate.add_permits(100);
        for h in failing {
            assert_eq!(h.await.ok(), Some(Err(Failed("broken".into()))));
        }
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(c.usage(), (0, 0), "a failure is not kept");
        assert_eq!(c.get_or_compute("k", make(Ok(7))).await, Ok(7));
        assert_eq!(c.get_or_compute("k", make(Ok(8))).await, Ok(7), "held");
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_computation_that_panics_is_an_error_not_a_hang() {
        let c = Arc::new(Cache::new(4, 1 << 20));
        let r = c
            .get_or_compute("k", || async {
                if c_is_poisoned() {
                    panic!("computation panics");
                }
                Ok((1, 1))
            })
            .await;
        assert!(
            matches!(&r, Err(Failed(m)) if m.starts_with("lost:")),
            "{r:?}"
        );
        assert_eq!(c.running(), 0);
        assert_eq!(c.get_or_compute("k", || async { Ok((2, 1)) }).await, Ok(2));
    }

    /// Keeps the compiler from seeing the panic as unconditional.
    fn c_is_poisoned() -> bool {
        std::hint::black_box(true)
    }
}
