//! The HTML report renders in headless Chromium (Debian's `chromium`, installed by
//! `scripts/deps.sh`) and the screenshot is not blank. Skipped when Chromium is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KOJO_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let c = dir.join(name);
            if c.is_file() {
                return Some(c);
            }
        }
    }
    None
}

/// Runs Chromium headless with the flags of a closed network; kills it after `limit`.
fn screenshot(chromium: &Path, html: &Path, png: &Path, profile: &Path, limit: Duration) -> bool {
    let mut child = match Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot start {}: {e}", chromium.display()),
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(_) => return false,
        }
    }
}

#[test]
fn report_renders_in_headless_chromium_and_is_not_blank() {
    let Some(chromium) = find_chromium() else {
        println!("skipped: chromium not found (install it with scripts/deps.sh)");
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let model_path = root.join("examples/annex-a/case1-after.yaml");
    let model = kojo_model::load_file(&model_path).unwrap_or_else(|d| panic!("{d:?}"));
    let catalog = kojo_catalog::Catalog::embedded().expect("catalog");
    let a = kojo_assess::assess(&model, &catalog, &Default::default()).expect("assess");
    let html = kojo_report::render_html(&a, &model, &catalog, &Default::default()).expect("html");

    let dir = std::env::temp_dir().join(format!("kojo-report-chromium-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let html_path = dir.join("report.html");
    let png_path = dir.join("shot.png");
    std::fs::write(&html_path, html).expect("write html");
    let ok = screenshot(
        &chromium,
        &html_path,
        &png_path,
        &dir.join("profile"),
        Duration::from_secs(90),
    );
    assert!(ok, "chromium failed to take the screenshot");

    let file = std::fs::File::open(&png_path).expect("screenshot written");
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    assert!(
        info.width >= 1000 && info.height >= 1000,
        "{}x{}",
        info.width,
        info.height
    );
    let pixels = bytes.len() / channels;
    let non_white = bytes
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&c| c < 235))
        .count();
    let mut colours = std::collections::HashSet::new();
    for p in bytes.chunks(channels).step_by(97) {
        colours.insert((
            p[0] / 16,
            p.get(1).copied().unwrap_or(0) / 16,
            p.get(2).copied().unwrap_or(0) / 16,
        ));
    }
    // A rendered report has text, tables and coloured badges: well beyond 2 % ink and a
    // handful of colours; a blank or error page has neither.
    assert!(
        non_white * 100 / pixels >= 2,
        "only {non_white} of {pixels} pixels have ink"
    );
    assert!(colours.len() >= 8, "only {} colours", colours.len());
    let _ = std::fs::remove_dir_all(&dir);
}
