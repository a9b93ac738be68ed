//! Passes the embedded catalog's `catalog_version` (first key of `catalog/index.yaml`) to the
//! crate as `KOJO_CATALOG_VERSION`, so `kojo --version` can name it without loading the
//! catalog. A test checks it against the loaded catalog's version.

fn main() {
    let path = "../../catalog/index.yaml";
    println!("cargo::rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let version = text
        .lines()
        .find_map(|l| l.strip_prefix("catalog_version:"))
        .map(|v| v.trim().trim_matches('"').to_string())
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo::rustc-env=KOJO_CATALOG_VERSION={version}");
}
