//! Index 300,000 OSV-sized records (generated from the real ones under
//! `shared/testdata/osv`, each given its own id and one of 60,000 package names) and match
//! 10,000 components against them. Targets: index under 30 s, matching under 1 s, one core.
//!
//! Then the vendor + product path: the CISA CSAF advisories and 10,000 components built from
//! their product rows, and the parse of real SBOMs (CycloneDX, SPDX).
//!
//! Run: `cargo bench -p kojo-sbom --bench match_index` (or `scripts/bench-sbom.sh`;
//! `scripts/bench-sbom.sh vendor-product` for the second part alone).

use criterion::{Criterion, criterion_group, criterion_main};
use kojo_sbom::{AdvisoryIndex, Component, match_components};
use std::path::PathBuf;
use std::time::Duration;

const RECORDS: usize = 300_000;
const PACKAGES: usize = 60_000;
const COMPONENTS: usize = 10_000;

/// A real record with its id and first package name replaced by markers, so that each
/// generated record is a byte splice, not a re-serialisation.
struct Template {
    ecosystem: String,
    /// Text around the two markers: [before the first, between, after the second].
    parts: Vec<Vec<u8>>,
    id_first: bool,
}

fn shared_osv() -> Option<PathBuf> {
    let dir = match std::env::var_os("KOJO_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let osv = dir.join("testdata/osv");
    osv.is_dir().then_some(osv)
}

fn templates() -> Vec<Template> {
    let mut raw: Vec<serde_json::Value> = Vec::new();
    if let Some(dir) = shared_osv() {
        for eco in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            for f in std::fs::read_dir(eco.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if let Ok(v) = serde_json::from_slice(&std::fs::read(f.path()).unwrap_or_default())
                {
                    raw.push(v);
                }
            }
        }
    } else {
        eprintln!("shared test data not found: generating from one built-in record");
        raw.push(serde_json::json!({
            "id": "X", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-0001"],
            "summary": "built-in template", "details": "x".repeat(3000),
            "affected": [{"package": {"ecosystem": "PyPI", "name": "x"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}],
                "versions": (0..40).map(|i| format!("1.{i}")).collect::<Vec<_>>()}]
        }));
    }
    raw.sort_by_key(|v| v["id"].as_str().unwrap_or_default().to_string());
    let mut out = Vec::new();
    for mut v in raw {
        if v.get("withdrawn").is_some() {
            continue;
        }
        let Some(eco) = v["affected"][0]["package"]["ecosystem"]
            .as_str()
            .map(str::to_string)
        else {
            continue;
        };
        v["id"] = "@@KOJO-ID@@".into();
        v["affected"][0]["package"]["name"] = "@@KOJO-NAME@@".into();
        let text = serde_json::to_string(&v).unwrap_or_default();
        // Keys are serialised in sorted order, so the name may come before the id.
        let (Some(i), Some(n)) = (text.find("\"@@KOJO-ID@@\""), text.find("\"@@KOJO-NAME@@\""))
        else {
            continue;
        };
        let id_len = "\"@@KOJO-ID@@\"".len();
        let name_len = "\"@@KOJO-NAME@@\"".len();
        let (first, first_len, second, second_len) = if i < n {
            (i, id_len, n, name_len)
        } else {
            (n, name_len, i, id_len)
        };
        out.push(Template {
            ecosystem: eco,
            id_first: i < n,
            parts: vec![
                text.as_bytes()[..first].to_vec(),
                text.as_bytes()[first + first_len..second].to_vec(),
                text.as_bytes()[second + second_len..].to_vec(),
            ],
        });
    }
    out
}

fn package_name(eco: &str, p: usize) -> String {
    match eco {
        "Go" => format!("example.com/mod{p}"),
        "Maven" => format!("org.example:artifact{p}"),
        _ => format!("pkg{p}"),
    }
}

fn record(t: &Template, i: usize, buf: &mut Vec<u8>) {
    let id = format!("\"GEN-{i}\"");
    let name = format!("\"{}\"", package_name(&t.ecosystem, i % PACKAGES));
    let (a, b) = if t.id_first {
        (&id, &name)
    } else {
        (&name, &id)
    };
    buf.clear();
    buf.extend_from_slice(&t.parts[0]);
    buf.extend_from_slice(a.as_bytes());
    buf.extend_from_slice(&t.parts[1]);
    buf.extend_from_slice(b.as_bytes());
    buf.extend_from_slice(&t.parts[2]);
}

fn build(ts: &[Template]) -> AdvisoryIndex {
    let mut idx = AdvisoryIndex::new();
    let mut buf = Vec::with_capacity(64 * 1024);
    for i in 0..RECORDS {
        let t = &ts[i % ts.len()];
        record(t, i, &mut buf);
        if let Err(e) = idx.add_json("generated", &buf) {
            panic!("generated record {i}: {e}");
        }
    }
    idx
}

fn purl_type(eco: &str) -> &'static str {
    match eco {
        "PyPI" => "pypi",
        "Go" => "golang",
        "crates.io" => "cargo",
        "Maven" => "maven",
        "npm" => "npm",
        "Debian" | "Debian:7" => "deb",
        _ => "generic",
    }
}

fn components(ts: &[Template]) -> Vec<Component> {
    (0..COMPONENTS)
        .map(|i| {
            let k = i * 29 % RECORDS;
            let t = &ts[k % ts.len()];
            let name = package_name(&t.ecosystem, k % PACKAGES);
            let purl = match t.ecosystem.as_str() {
                "Maven" => format!("pkg:maven/{}@1.{}.0", name.replace(':', "/"), i % 20),
                "Go" => format!("pkg:golang/{name}@v1.{}.0", i % 20),
                e => format!("pkg:{}/{name}@1.{}.0", purl_type(e), i % 20),
            };
            Component {
                name: name.clone(),
                version: Some(format!("1.{}.0", i % 20)),
                purl: Some(purl),
                vendors: vec!["Siemens".into()],
                ..Default::default()
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let ts = templates();
    assert!(!ts.is_empty(), "no OSV record to generate from");
    let mut g = c.benchmark_group("osv");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("index 300k records", |b| b.iter(|| build(&ts)));
    let idx = build(&ts);
    let comps = components(&ts);
    let matches = match_components(&idx, &comps);
    eprintln!(
        "index: {} records, {} packages; {} components → {} matches",
        idx.stats.osv_records,
        idx.osv_by_package.len(),
        comps.len(),
        matches.len()
    );
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("match 10k components", |b| {
        b.iter(|| match_components(&idx, &comps))
    });
    let bytes = postcard::to_stdvec(&idx).unwrap_or_default();
    eprintln!("cache file: {} MB", bytes.len() / 1_000_000);
    g.bench_function("load the cached index", |b| {
        b.iter(|| postcard::from_bytes::<AdvisoryIndex>(&bytes).map(|i| i.osv.len()))
    });
    g.finish();
}

/// The CISA CSAF advisories of the shared data, indexed, and 10,000 vendor + product +
/// version components built from their product rows (each row's name with versions around
/// its bounds): the path of devices and vendor software without purls. And the parse of the
/// largest real SBOM (juice-shop, 1,115 components, 1.9 MB).
fn bench_vendor_path_and_sbom(c: &mut Criterion) {
    let dir = match std::env::var_os("KOJO_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let td = dir.join("testdata");
    let csaf = td.join("csaf/cisa-ot");
    if !csaf.is_dir() {
        eprintln!("skipped: shared test data not found at {}", td.display());
        return;
    }
    let mut g = c.benchmark_group("vendor-product");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));
    let sources = [csaf];
    g.bench_function("index 47 CISA CSAF advisories", |b| {
        b.iter(|| AdvisoryIndex::build(&sources).map(|i| i.csaf.len()))
    });
    let Ok(idx) = AdvisoryIndex::build(&sources) else {
        return;
    };
    let mut comps = Vec::new();
    'rows: for d in &idx.csaf {
        for p in &d.products {
            let (Some(v), Some(n)) = (&p.vendor, &p.product_name) else {
                continue;
            };
            for (k, ver) in [
                "0.1", "1.0", "R4.02.00", "V9.70", "12.0.5", "V33.016", "999",
            ]
            .iter()
            .enumerate()
            {
                if comps.len() >= COMPONENTS {
                    break 'rows;
                }
                // Loose names too: every other component drops the bracketed qualifier.
                let name = if k % 2 == 0 {
                    n.clone()
                } else {
                    n.split(" (").next().unwrap_or(n).to_string()
                };
                comps.push(Component {
                    name,
                    version: Some((*ver).to_string()),
                    vendors: vec![v.clone()],
                    ..Default::default()
                });
            }
        }
    }
    while comps.len() < COMPONENTS {
        let c = comps[comps.len() % comps.len().max(1)].clone();
        comps.push(c);
    }
    let ms = match_components(&idx, &comps);
    eprintln!(
        "{} CSAF documents, {} products; {} components → {} matches",
        idx.csaf.len(),
        idx.stats.csaf_products,
        comps.len(),
        ms.len()
    );
    g.bench_function("match 10k vendor-product components", |b| {
        b.iter(|| match_components(&idx, &comps).len())
    });
    let juice = td.join("sbom/cyclonedx/bom-examples/SBOM_juice-shop_via_npm_flat_bom.1.4.json");
    if let Ok(bytes) = std::fs::read(&juice) {
        g.bench_function("parse a 1,115-component CycloneDX SBOM", |b| {
            b.iter(|| kojo_sbom::sbom::parse(&bytes).map(|s| s.components.len()))
        });
    }
    let spdx = td.join("sbom/spdx/ews-01-engineering-workstation.spdx.json");
    if let Ok(bytes) = std::fs::read(&spdx) {
        g.bench_function("parse the SPDX 2.3 workstation SBOM", |b| {
            b.iter(|| kojo_sbom::sbom::parse(&bytes).map(|s| s.components.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_vendor_path_and_sbom, bench);
criterion_main!(benches);
