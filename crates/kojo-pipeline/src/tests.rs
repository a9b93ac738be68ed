//! The pipeline on the Annex A examples, on a factory with an SBOM and advisories written
//! here, and on a generated model under one and two threads.

use super::*;

fn annex(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../examples/annex-a/{name}.yaml"))
}

fn catalog() -> Catalog {
    Catalog::embedded().unwrap_or_else(|e| panic!("embedded catalog: {e}"))
}

fn day() -> Date {
    Date {
        year: 2026,
        month: 6,
        day: 1,
    }
}

/// A temporary directory removed when the test ends.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("kojo-pipeline-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        Dir(dir)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.0.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_valid_model_loads_with_no_error() {
    let checked = load_checked(&annex("case1-after"), &catalog());
    assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
    assert!(checked.valid().is_some());
    assert!(!checked.unreadable());
}

#[test]
fn a_misspelled_measure_id_keeps_the_model_but_makes_it_invalid() {
    let text = std::fs::read_to_string(annex("case1-after")).unwrap_or_else(|e| panic!("{e}"));
    let bad = text.replacen(
        "measure: msr-net-wireless-security",
        "measure: msr-net-wireless-securty",
        1,
    );
    assert_ne!(bad, text, "the example names the measure");
    let dir = Dir::new("misspelled");
    let path = dir.write("factory.yaml", &bad);
    let checked = load_checked(&path, &catalog());
    assert!(checked.model.is_some(), "the model itself loads");
    assert!(checked.valid().is_none());
    assert!(!checked.unreadable());
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-measure")
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    assert!(
        d.message.contains("msr-net-wireless-securty"),
        "{}",
        d.message
    );
    // The same check on text in memory, as the web application holds it.
    let in_memory = load_checked_str(&path, &bad, &catalog());
    assert_eq!(in_memory.errors(), checked.errors());
    assert!(checked.into_valid().is_err());
}

#[test]
fn a_missing_file_is_unreadable_not_invalid() {
    let dir = Dir::new("missing");
    let checked = load_checked(&dir.0.join("nowhere.yaml"), &catalog());
    assert!(checked.model.is_none());
    assert!(checked.unreadable());
}

const SBOM_MODEL: &str = r#"version: 1
factory:
  name: Pipeline Works
operations:
  - id: assembly
    name: Assembly
    importance: high
assets:
  - id: ews
    name: Engineering workstation
    kind: equipment
    zone: control
    operations: [assembly]
    traits: [general-purpose]
    sbom: sboms/ews.cdx.json
  - id: plc
    name: PLC
    kind: equipment
    zone: control
    operations: [assembly]
zones:
  - id: control
    name: Control zone
    kind: control
licenses:
  allow: [Apache-2.0]
  deny: [GPL-3.0-only]
"#;

const SBOM: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
 {"type":"library","name":"log4j-core","group":"org.apache.logging.log4j","version":"2.14.1",
  "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
  "licenses":[{"license":{"id":"Apache-2.0"}}]},
 {"type":"library","name":"readline","version":"8.1","purl":"pkg:generic/readline@8.1",
  "licenses":[{"license":{"id":"GPL-3.0-only"}}]}
]}"#;

const OSV: &str = r#"{"id":"GHSA-test-log4j","modified":"2021-12-10T00:00:00Z","aliases":["CVE-2021-44228"],
 "summary":"Remote code execution in log4j-core",
 "affected":[{"package":{"ecosystem":"Maven","name":"org.apache.logging.log4j:log4j-core"},
   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.13.0"},{"fixed":"2.15.0"}]}]}]}"#;

fn kinds(a: &Assessment) -> Vec<&str> {
    a.findings.iter().map(|f| f.kind.as_str()).collect()
}

#[test]
fn the_sbom_check_and_capture_findings_are_folded_into_the_assessment() {
    let dir = Dir::new("sbom");
    let path = dir.write("factory.yaml", SBOM_MODEL);
    dir.write("sboms/ews.cdx.json", SBOM);
    dir.write("adv/osv/log4j.json", OSV);
    let cat = catalog();
    let model = load_checked(&path, &cat)
        .into_valid()
        .unwrap_or_else(|d| panic!("{d:?}"));

    let without = assemble(
        &model,
        &cat,
        Inputs {
            today: Some(day()),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        kinds(&without).contains(&"license-policy"),
        "{:?}",
        kinds(&without)
    );
    assert!(!kinds(&without).contains(&"vulnerability"));
    // The SBOM check raises `sbom-missing` for the PLC; the engine's fallback stays out.
    let missing: Vec<_> = without
        .findings
        .iter()
        .filter(|f| f.kind == "sbom-missing")
        .map(|f| f.subjects.clone())
        .collect();
    let mut unique = missing.clone();
    unique.dedup();
    assert_eq!(missing, unique, "one sbom-missing per asset");

    let capture = without
        .findings
        .iter()
        .find(|f| f.kind == "license-policy")
        .map(|f| {
            let mut f = f.clone();
            f.kind = "traffic-flow-not-seen".into();
            f.id = "F-00000000ff".into();
            f
        })
        .unwrap_or_else(|| panic!("a licence finding"));
    let with = assemble(
        &model,
        &cat,
        Inputs {
            today: Some(day()),
            advisories: Advisories::Sources {
                paths: vec![dir.0.join("adv")],
                cache_dir: Some(dir.0.join("cache")),
                vex: Vec::new(),
                epss: None,
                stale_after_days: None,
            },
            capture_findings: vec![capture],
            compromised: Vec::new(),
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let vuln = with
        .findings
        .iter()
        .find(|f| f.kind == "vulnerability")
        .unwrap_or_else(|| panic!("{:?}", kinds(&with)));
    assert!(
        vuln.subjects.iter().any(|s| s == "asset:ews"),
        "{:?}",
        vuln.subjects
    );
    assert!(with.findings.iter().any(|f| f.id == "F-00000000ff"));
    // The vulnerability, the capture finding and `advisories-stale`: the test's advisory is
    // older than 30 days on `day()`.
    assert!(
        kinds(&with).contains(&"advisories-stale"),
        "{:?}",
        kinds(&with)
    );
    assert_eq!(with.findings.len(), without.findings.len() + 3);

    let unreadable = assemble(
        &model,
        &cat,
        Inputs {
            advisories: Advisories::Sources {
                paths: vec![dir.0.join("no-such-advisories")],
                cache_dir: Some(dir.0.join("cache")),
                vex: Vec::new(),
                epss: None,
                stale_after_days: None,
            },
            ..Default::default()
        },
    );
    assert!(matches!(unreadable, Err(PipelineError::Advisories(_))));
}

#[test]
fn the_assessment_is_byte_identical_on_one_and_on_two_threads() {
    let yaml = kojo_synth::factory_yaml(1_000, 50, 5_000, 7);
    let cat = catalog();
    let model = load_checked_str(Path::new("synth.yaml"), &yaml, &cat)
        .into_valid()
        .unwrap_or_else(|d| panic!("{d:?}"));
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        pool.install(|| {
            let a = assemble(
                &model,
                &cat,
                Inputs {
                    today: Some(day()),
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("{e}"));
            serde_json::to_string(&a).unwrap_or_else(|e| panic!("{e}"))
        })
    };
    let one = run(1);
    assert!(
        one.len() > 100_000,
        "a real assessment: {} bytes",
        one.len()
    );
    assert!(one == run(2), "the output depends on the number of threads");
}
