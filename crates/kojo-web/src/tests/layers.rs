//! The crate's layers (ARCHITECTURE.md, kojo-web): every `crate::` path in a module's code
//! (its tests aside) names a module below it in [`LAYERS`], or itself.

/// Bottom to top. A module of `service/` or `http/` is named with its folder (`http::pages`
/// holds `http/pages/*.rs`); a module may use only those before it.
pub const LAYERS: &[&str] = &[
    "store",
    "error",
    "state",
    "words",
    "service::access",
    "service::models",
    "service::assessment",
    "service::findings",
    "service::answers",
    "service::editor",
    "service::triage",
    "service::vex",
    "service::reviews",
    "service::uploads",
    "service::members",
    "service::audit",
    "service::factories",
    "service::tokens",
    "service::users",
    "service::dashboard",
    "service::demo",
    "http::session",
    "http::extract",
    "http::respond",
    "http::pages",
    "http::api",
    "http::layers",
    "router",
];

fn layer_of(path: &[&str]) -> String {
    match path {
        [top @ ("service" | "http"), sub, ..] => format!("{top}::{sub}"),
        [top, ..] => top.to_string(),
        [] => String::new(),
    }
}

/// Every `.rs` file below `dir`, as its path inside `src/`.
fn sources(dir: &std::path::Path, under: &str, out: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let rel = if under.is_empty() {
            name.clone()
        } else {
            format!("{under}/{name}")
        };
        if e.path().is_dir() {
            if rel != "tests" {
                sources(&e.path(), &rel, out);
            }
        } else if let Some(stem) = rel.strip_suffix(".rs") {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            out.push((stem.to_string(), text));
        }
    }
}

#[test]
fn no_module_uses_a_module_above_it() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, "", &mut files);
    assert!(
        files.len() > 20,
        "the sources were not found in {}",
        src.display()
    );
    let mut upward = Vec::new();
    let mut unplaced = Vec::new();
    for (file, text) in &files {
        let segs: Vec<&str> = file.split('/').filter(|s| *s != "mod").collect();
        // lib.rs and the folders' mod.rs only declare modules.
        if segs == ["lib"] || segs == ["service"] || segs == ["http"] {
            continue;
        }
        let me = layer_of(&segs);
        let Some(my_rank) = LAYERS.iter().position(|l| *l == me) else {
            unplaced.push(file.clone());
            continue;
        };
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let path: Vec<&str> = code[at + "crate::".len()..]
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .collect();
            let target = layer_of(&path);
            match LAYERS.iter().position(|l| *l == target) {
                Some(r) if r <= my_rank => {}
                _ => upward.push(format!("{file}.rs uses crate::{}", path.join("::"))),
            }
        }
    }
    assert!(unplaced.is_empty(), "modules without a layer: {unplaced:?}");
    assert!(upward.is_empty(), "uses of a module above: {upward:#?}");
}
