//! Hostile input to the loader: size caps, endless devices, files that are not models named
//! by `include:`, and values too long to quote.

use kojo_model::render::render_human;
use kojo_model::{load_file, load_file_with_cap};
use std::path::{Path, PathBuf};

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kojo-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const ROOT: &str = "version: 1\nfactory:\n  name: Test works\n";

#[test]
fn a_model_over_the_cap_is_refused_with_the_cap_in_the_message() {
    let dir = tempdir("cap");
    let p = dir.join("m.yaml");
    let mut text = ROOT.to_string();
    text.push_str(&format!("# {}\n", "x".repeat(10_000)));
    std::fs::write(&p, &text).unwrap();
    let diags = load_file_with_cap(&p, 4096).unwrap_err();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "file-too-large");
    assert!(diags[0].message.contains("4 KiB"), "{}", diags[0].message);
    assert!(
        diags[0].message.contains(&text.len().to_string()),
        "{}",
        diags[0].message
    );
    assert!(load_file_with_cap(&p, 1 << 20).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn dev_zero_as_model_or_include_stops_at_the_cap() {
    let diags = load_file_with_cap(Path::new("/dev/zero"), 1 << 20).unwrap_err();
    assert_eq!(diags[0].code, "file-too-large", "{diags:?}");
    assert!(diags[0].message.contains("byte offset 1048576"));

    let dir = tempdir("zero");
    let p = dir.join("m.yaml");
    std::fs::write(&p, format!("{ROOT}include: [/dev/zero]\n")).unwrap();
    let diags = load_file_with_cap(&p, 1 << 20).unwrap_err();
    let d = diags.iter().find(|d| d.code == "file-too-large").unwrap();
    assert!(d.message.contains("`/dev/zero`"), "{}", d.message);
    assert_eq!(d.position.as_ref().unwrap().line, 4);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_included_file_that_is_no_model_is_named_not_echoed() {
    let dir = tempdir("passwd");
    let secret = "root:x:0:0:root:/root:/bin/bash\nsecret-user:x:1000:1000::/home/s:/bin/sh\n";
    std::fs::write(dir.join("passwd"), secret).unwrap();
    std::fs::write(dir.join("bad.yaml"), "zones: [a, b\n  - : ]]\n").unwrap();
    std::fs::write(dir.join("list.yaml"), "- secret-item\n").unwrap();
    let p = dir.join("m.yaml");
    std::fs::write(
        &p,
        format!("{ROOT}include: [passwd, bad.yaml, list.yaml]\n"),
    )
    .unwrap();
    let diags = load_file(&p).unwrap_err();
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    let out = render_human(&diags, &read, false);
    assert!(!out.contains("root:x"), "{out}");
    assert!(!out.contains("secret"), "{out}");
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["include-not-a-model"; 3], "{out}");
    assert!(out.contains("passwd` is not a model fragment: its top level is text"));
    assert!(out.contains("bad.yaml` is not a model fragment: it is not valid YAML (line"));
    assert!(out.contains("list.yaml` is not a model fragment: its top level is a list"));
    // Reported where the include is written, so the snippet shows the root file.
    assert!(out.contains("m.yaml:4:"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_long_value_is_quoted_by_its_start_and_length() {
    let text = format!("{ROOT}zones:\n  - id: a\n    kind: {}\n", "k".repeat(5000));
    let diags = kojo_model::load_str(Path::new("m.yaml"), &text).unwrap_err();
    let d = diags.iter().find(|d| d.code == "invalid-value").unwrap();
    assert!(d.message.len() < 500, "{}", d.message);
}

/// 50,000 unknown keys do not give 50,000 messages (issue 18: 118 MB for a 1 MB file): each
/// file reports the first hundred of one code and one error for the rest, placed at the first
/// left out, in both languages. Other codes and other files keep their own hundred.
#[test]
fn many_errors_of_one_code_are_summed_up_after_a_hundred() {
    let dir = tempdir("many-codes");
    let mut text = ROOT.to_string();
    for i in 0..250 {
        text.push_str(&format!("zz{i}: 1\n"));
    }
    text.push_str("include: [part.yaml]\n");
    std::fs::write(dir.join("m.yaml"), &text).unwrap();
    let mut part = String::new();
    for i in 0..3 {
        part.push_str(&format!("yy{i}: 1\n"));
    }
    std::fs::write(dir.join("part.yaml"), &part).unwrap();
    let diags = load_file(&dir.join("m.yaml")).unwrap_err();
    let in_file = |name: &str| {
        diags
            .iter()
            .filter(|d| {
                d.code == "unknown-field"
                    && d.position.as_ref().is_some_and(|p| p.path.ends_with(name))
            })
            .collect::<Vec<_>>()
    };
    let root = in_file("m.yaml");
    assert_eq!(root.len(), 101, "{:?}", root.last());
    let summary = root.last().unwrap();
    // Keys start on line 4: the 101st is on line 104.
    assert_eq!(summary.position.as_ref().unwrap().line, 104);
    assert!(
        summary.message.contains("150 more errors of this kind"),
        "{}",
        summary.message
    );
    let ja = summary.message.render(kojo_lang::Lang::Ja);
    assert!(ja.contains("あと 150 件"), "{ja}");
    assert_eq!(in_file("part.yaml").len(), 3);
    std::fs::remove_dir_all(&dir).unwrap();
}
