//! The HTML report renders in headless Chromium (Debian's `chromium`, installed by
//! `scripts/deps.sh`) and the screenshot is not blank. Skipped when Chromium is absent.

use std::path::PathBuf;
use std::time::Duration;

#[test]
fn report_renders_in_headless_chromium_and_is_not_blank() {
    let Some(chromium) = kojo_report::chromium::find() else {
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
    let args = [
        "--hide-scrollbars".to_string(),
        "--window-size=1280,1600".to_string(),
        format!("--screenshot={}", png_path.display()),
    ];
    if let Err(e) =
        kojo_report::chromium::run_headless(&chromium, &html_path, &args, Duration::from_secs(90))
    {
        panic!("chromium failed to take the screenshot: {e}");
    }

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
