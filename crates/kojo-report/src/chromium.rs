//! Headless Chromium for what a browser does best: printing the HTML report to PDF and
//! taking screenshots of it. Launched with the flags a closed network needs (no background
//! networking, no component updates) and a fresh profile, and killed after a time limit.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The Chromium to run: `KOJO_CHROMIUM` if set, else `chromium` or `chromium-browser` on PATH.
pub fn find() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KOJO_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("chromium"), d.join("chromium-browser")])
        .find(|p| p.is_file())
}

/// Why a headless run did not succeed.
#[derive(Debug)]
pub enum ChromiumError {
    Start(std::io::Error),
    TimedOut(Duration),
    Failed(ExitStatus),
}

impl std::fmt::Display for ChromiumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChromiumError::Start(e) => write!(f, "cannot start Chromium: {e}"),
            ChromiumError::TimedOut(limit) => {
                write!(f, "Chromium did not finish within {} s", limit.as_secs())
            }
            ChromiumError::Failed(status) => write!(f, "Chromium failed ({status})"),
        }
    }
}

impl std::error::Error for ChromiumError {}

/// Runs `chromium` headless on the local file `html` with `args` (e.g.
/// `--print-to-pdf=…`, `--screenshot=…`), in a throw-away profile; kills it after `limit`.
pub fn run_headless(
    chromium: &Path,
    html: &Path,
    args: &[String],
    limit: Duration,
) -> Result<(), ChromiumError> {
    let profile = std::env::temp_dir().join(format!(
        "kojo-chromium-{}-{}",
        std::process::id(),
        PROFILES.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let result = run_in_profile(chromium, html, args, limit, &profile);
    let _ = std::fs::remove_dir_all(&profile);
    result
}

static PROFILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn run_in_profile(
    chromium: &Path,
    html: &Path,
    args: &[String],
    limit: Duration,
    profile: &Path,
) -> Result<(), ChromiumError> {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .args(args)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(ChromiumError::Start)?;
    let start = Instant::now();
    loop {
        match child.try_wait().map_err(ChromiumError::Start)? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => return Err(ChromiumError::Failed(status)),
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ChromiumError::TimedOut(limit));
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}
