//! `check_model` end to end on a self-contained factory: a model file, its SBOMs and a small
//! advisory directory (OSV, CSAF, KEV) written by the test itself.

use kojo_findings::{Finding, Severity};
use kojo_model::Level;
use kojo_sbom::{AdvisoryIndex, SbomOptions, check_model};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MODEL: &str = r#"version: 1
factory:
  name: Test Works
departments:
  - id: it-security
    name: IT security
    kind: security
  - id: prod
    name: Production engineering
    kind: production
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
  - id: historian
    name: Historian
    kind: software
    zone: office
  - id: plc
    name: PLC
    kind: equipment
    zone: control
    operations: [assembly]
  - id: broken
    name: Broken SBOM box
    kind: software
    zone: office
    sbom: sboms/broken.json
zones:
  - id: control
    name: Control zone
    kind: control
  - id: office
    name: Office zone
    kind: information
licenses:
  allow: [MIT, Apache-2.0]
  deny: [GPL-3.0-only]
incident_response:
  preventive:
    observe: {lead: it-security, decides: [security-representative]}
    orient: {lead: it-security, decides: [security-representative]}
    decide: {lead: it-security, decides: [business-owner]}
    act: {lead: prod, decides: [factory-manager]}
"#;

const SBOM: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
 {"type":"library","name":"log4j-core","group":"org.apache.logging.log4j","version":"2.14.1",
  "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
  "licenses":[{"license":{"id":"Apache-2.0"}}]},
 {"type":"library","name":"readline","version":"8.1","purl":"pkg:generic/readline@8.1",
  "licenses":[{"license":{"id":"GPL-3.0-only"}}]},
 {"type":"application","name":"Ctl Studio","version":"V2.0 Update 3","publisher":"ACME",
  "licenses":[{"license":{"name":"ACME EULA"}}]},
 {"type":"library","name":"mystery","version":"1.0"}
]}"#;

const OSV: &str = r#"{"id":"GHSA-test-log4j","modified":"2021-12-10T00:00:00Z","aliases":["CVE-2021-44228"],
 "summary":"Remote code execution in log4j-core",
 "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N"}],
 "affected":[{"package":{"ecosystem":"Maven","name":"org.apache.logging.log4j:log4j-core"},
   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.13.0"},{"fixed":"2.15.0"}]}]}]}"#;

const KEV: &str = r#"{"title":"KEV","catalogVersion":"2025.08.25","count":1,"vulnerabilities":[
 {"cveID":"CVE-2021-44228","vulnerabilityName":"Log4Shell","dateAdded":"2021-12-10",
  "dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known"}]}"#;

const CSAF: &str = r#"{"document":{"csaf_version":"2.0","title":"ACME Ctl Studio","tracking":{"id":"ACME-2025-01"}},
 "product_tree":{"branches":[{"category":"vendor","name":"ACME","branches":[
   {"category":"product_name","name":"Ctl Studio","branches":[
     {"category":"product_version_range","name":"<V2.0_Update_4","product":{"name":"ACME Ctl Studio <V2.0 Update 4","product_id":"P1"}},
     {"category":"product_version","name":"V2.0 Update 4","product":{"name":"ACME Ctl Studio V2.0 Update 4","product_id":"P2"}}]},
   {"category":"product_name","name":"Ctl Studio Lite","branches":[
     {"category":"product_version_range","name":"vers:all/*","product":{"name":"ACME Ctl Studio Lite","product_id":"P3"}}]}]}]},
 "vulnerabilities":[{"cve":"CVE-2025-0001","product_status":{"known_affected":["P1","P3"],"fixed":["P2"]},
   "remediations":[{"category":"vendor_fix","details":"Update to V2.0 Update 4","product_ids":["P1"]}],
   "scores":[{"products":["P1","P3"],"cvss_v3":{"baseScore":7.5,"vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}}]}]}"#;

struct Fixture {
    dir: PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fixture(name: &str, model: &str) -> Fixture {
    let dir = std::env::temp_dir().join(format!("kojo-sbom-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (p, text) in [
        ("model.yaml", model),
        ("sboms/ews.cdx.json", SBOM),
        (
            "sboms/broken.json",
            "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.5\",\n  \"components\": [ {\"name\": 3} ]\n}",
        ),
        ("adv/osv/log4j.json", OSV),
        ("adv/kev.json", KEV),
        ("adv/csaf/acme.json", CSAF),
        (
            "adv/schema.json",
            r#"{"$schema":"https://json-schema.org/draft/2020-12/schema"}"#,
        ),
    ] {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Fixture { dir }
}

fn run(f: &Fixture, importance: BTreeMap<String, Level>) -> Vec<Finding> {
    let model =
        kojo_model::load_file(&f.dir.join("model.yaml")).unwrap_or_else(|d| panic!("model: {d:?}"));
    let opts = SbomOptions {
        advisory_dirs: vec![f.dir.join("adv")],
        cache_dir: Some(f.dir.join("cache")),
        zone_importance: importance,
        ..Default::default()
    };
    check_model(&model, &opts).unwrap().findings
}

fn of<'a>(fs: &'a [Finding], kind: &str) -> Vec<&'a Finding> {
    fs.iter().filter(|f| f.kind == kind).collect()
}

#[test]
fn findings_of_every_kind() {
    let f = fixture("kinds", MODEL);
    let fs = run(&f, BTreeMap::new());

    let missing = of(&fs, "sbom-missing");
    assert_eq!(
        missing.len(),
        1,
        "only the software asset without an SBOM: {missing:?}"
    );
    assert_eq!(missing[0].subjects, ["asset:historian", "zone:office"]);

    let invalid = of(&fs, "sbom-invalid");
    assert_eq!(invalid.len(), 1);
    assert!(
        invalid[0].detail.contains("broken.json: 4:"),
        "{}",
        invalid[0].detail
    );

    let vulns = of(&fs, "vulnerability");
    assert_eq!(vulns.len(), 2, "{vulns:#?}");
    let log4j = vulns
        .iter()
        .find(|v| v.facts["advisory"] == "GHSA-test-log4j")
        .unwrap();
    // CVSS 4.8 is medium; in the KEV catalog → high; the control zone holds a high-importance
    // operation's assets → critical.
    assert_eq!(log4j.facts["cvss_score"], 4.8);
    assert_eq!(log4j.facts["kev"], true);
    assert_eq!(log4j.severity, Severity::Critical);
    assert_eq!(log4j.subjects, ["asset:ews", "zone:control"]);
    assert_eq!(log4j.facts["fixed"], serde_json::json!(["2.15.0"]));
    assert!(log4j.recommendation.contains("2.15.0"));
    assert!(
        log4j
            .recommendation
            .contains("observe — IT security (it-security)"),
        "{}",
        log4j.recommendation
    );
    assert!(log4j.i18n["ja"].title.contains("GHSA-test-log4j"));
    assert_eq!(log4j.step, "3");
    assert!(log4j.location.as_ref().is_some_and(|l| l.line > 0));

    let csaf = vulns
        .iter()
        .find(|v| v.facts["advisory"] == "ACME-2025-01")
        .unwrap();
    assert_eq!(csaf.facts["match"], "exact");
    assert_eq!(csaf.facts["confidence"], "high");
    assert_eq!(csaf.facts["product"], "ACME Ctl Studio <V2.0 Update 4");
    assert_eq!(csaf.facts["fixed"], serde_json::json!(["V2.0 Update 4"]));
    assert_eq!(
        csaf.severity,
        Severity::Critical,
        "7.5 high, raised for the important zone"
    );

    let unknown = of(&fs, "license-unknown");
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        unknown[0].facts["components"],
        serde_json::json!(["mystery@1.0"])
    );

    let policy = of(&fs, "license-policy");
    let kinds: Vec<(&str, &str)> = policy
        .iter()
        .map(|p| {
            (
                p.facts["license"].as_str().unwrap(),
                p.facts["violation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [("ACME EULA", "not-allowed"), ("GPL-3.0-only", "denied")]
    );

    // Ids are stable from run to run (and the second run reads the cache).
    let again = run(&f, BTreeMap::new());
    let ids = |fs: &[Finding]| fs.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&fs), ids(&again));
}

#[test]
fn zone_importance_from_the_assessment_is_used() {
    let f = fixture("importance", MODEL);
    let low = BTreeMap::from([
        ("control".to_string(), Level::Low),
        ("office".to_string(), Level::Low),
    ]);
    let fs = run(&f, low);
    let log4j = fs
        .iter()
        .find(|v| {
            v.facts
                .get("advisory")
                .is_some_and(|a| a == "GHSA-test-log4j")
        })
        .unwrap();
    assert_eq!(
        log4j.severity,
        Severity::High,
        "medium raised once, for KEV only"
    );
    assert_eq!(log4j.facts["important_zone"], false);
}

#[test]
fn decisions_mark_findings() {
    let f = fixture("decisions", MODEL);
    let fs = run(&f, BTreeMap::new());
    let id = of(&fs, "sbom-missing")[0].id.clone();
    let with_decision = format!(
        "{MODEL}decisions:\n  - finding: {id}\n    status: accepted\n    reason: vendor SBOM ordered\n    by: prod\n    review_by: 2999-01-01\n"
    );
    std::fs::write(f.dir.join("model.yaml"), with_decision).unwrap();
    let fs = run(&f, BTreeMap::new());
    let m = of(&fs, "sbom-missing");
    let d = m[0].decision.as_ref().expect("decision applied");
    assert!(d.suppresses());
    assert!(!m[0].counts_at(Severity::Info));
}

#[test]
fn cache_is_reused_until_a_source_changes() {
    let f = fixture("cache", MODEL);
    let src = vec![f.dir.join("adv")];
    let cache = f.dir.join("cache");
    let (a, built) = AdvisoryIndex::load_or_build(&src, &cache, false).unwrap();
    assert!(built);
    assert_eq!(a.stats.osv_records, 1);
    assert_eq!(a.stats.csaf_documents, 1);
    assert_eq!(a.stats.kev_entries, 1);
    assert_eq!(a.stats.ignored.len(), 1, "the schema file is no advisory");
    let (_, built) = AdvisoryIndex::load_or_build(&src, &cache, false).unwrap();
    assert!(!built, "unchanged sources reuse the cache");
    std::fs::write(
        f.dir.join("adv/osv/extra.json"),
        OSV.replace("GHSA-test-log4j", "GHSA-test-2"),
    )
    .unwrap();
    let (b, built) = AdvisoryIndex::load_or_build(&src, &cache, false).unwrap();
    assert!(built, "a new file rebuilds");
    assert_eq!(b.stats.osv_records, 2);
    let (_, built) = AdvisoryIndex::load_or_build(&src, &cache, true).unwrap();
    assert!(built, "forced");
    // A corrupt cache file is rebuilt, not trusted.
    for e in std::fs::read_dir(&cache).unwrap() {
        std::fs::write(e.unwrap().path(), b"garbage").unwrap();
    }
    let (c, built) = AdvisoryIndex::load_or_build(&src, &cache, false).unwrap();
    assert!(built);
    assert_eq!(c.stats.osv_records, 2);
}

#[test]
fn one_malformed_advisory_is_a_fault_and_the_rest_are_matched() {
    let f = fixture("badadv", MODEL);
    std::fs::write(
        f.dir.join("adv/osv/bad.json"),
        "{\"id\": \"X\",\n \"affected\": [}",
    )
    .unwrap();
    let idx = AdvisoryIndex::build(&[f.dir.join("adv")]).unwrap();
    assert_eq!(idx.stats.faults.len(), 1, "{:?}", idx.stats.faults);
    let (path, why) = &idx.stats.faults[0];
    assert!(
        path.ends_with("bad.json") && why.starts_with("2:"),
        "{path}: {why}"
    );
    let fs = run(&f, BTreeMap::new());
    let fault = of(&fs, "advisory-invalid");
    assert_eq!(fault.len(), 1);
    assert!(fault[0].detail.contains("bad.json"), "{}", fault[0].detail);
    assert!(
        fault[0].i18n["ja"].detail.contains("2行"),
        "{}",
        fault[0].i18n["ja"].detail
    );
    // The good advisories are still matched.
    let vulns = of(&fs, "vulnerability");
    assert!(
        vulns
            .iter()
            .any(|v| v.facts["advisory"] == "GHSA-test-log4j")
    );
    assert!(vulns.iter().any(|v| v.facts["advisory"] == "ACME-2025-01"));
    // A source that does not exist at all is still an error.
    let missing = AdvisoryIndex::build(&[Path::new("no/such/dir").to_path_buf()]).unwrap_err();
    assert!(missing.to_string().contains("no/such/dir"));
}

/// The SBOM check with the cache at `cache`.
fn run_with_cache(f: &Fixture, cache: &Path) -> kojo_sbom::SbomOutcome {
    let model = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap();
    let opts = SbomOptions {
        advisory_dirs: vec![f.dir.join("adv")],
        cache_dir: Some(cache.to_path_buf()),
        zone_importance: BTreeMap::new(),
        ..Default::default()
    };
    check_model(&model, &opts).expect("an unwritable cache is no failure")
}

#[test]
fn an_unwritable_cache_is_a_warning_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt as _;
    let f = fixture("rocache", MODEL);
    // A cache "directory" under a file cannot be made, even by root.
    let under_file = f.dir.join("model.yaml").join("cache");
    let out = run_with_cache(&f, &under_file);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].contains("going on without it"));
    assert!(kojo_sbom::reason_ja(&out.warnings[0]).contains("キャッシュなしで続けます"));
    assert!(of(&out.findings, "vulnerability").len() >= 2);
    // A read-only directory (containers, CI), where permissions hold (not as root).
    let cache = f.dir.join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = cache.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        println!("read-only part skipped: the directory stays writable (running as root)");
    } else {
        let out = run_with_cache(&f, &cache);
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert_eq!(
            std::fs::read_dir(&cache).unwrap().count(),
            0,
            "no temp file left"
        );
    }
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn concurrent_cache_writers_all_succeed() {
    let f = fixture("concurrent", MODEL);
    let src = vec![f.dir.join("adv")];
    let cache = f.dir.join("cache");
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let (src, cache) = (src.clone(), cache.clone());
            std::thread::spawn(move || AdvisoryIndex::load_or_build(&src, &cache, true))
        })
        .collect();
    for h in handles {
        let (idx, _) = h.join().unwrap().expect("every writer succeeds");
        assert!(idx.warnings().is_empty(), "{:?}", idx.warnings());
        assert_eq!(idx.stats.osv_records, 1);
    }
    // One cache file, no temp files, and it loads.
    let names: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let (_, built) = AdvisoryIndex::load_or_build(&src, &cache, false).unwrap();
    assert!(!built);
}

#[test]
fn zip_archives_are_read_like_directories() {
    use std::io::Write as _;
    let f = fixture("zip", MODEL);
    let zip_path = f.dir.join("osv-all.zip");
    let file = std::fs::File::create(&zip_path).unwrap();
    let mut w = zip::ZipWriter::new(file);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("GHSA-test-log4j.json", opts).unwrap();
    w.write_all(OSV.as_bytes()).unwrap();
    w.start_file("kev.json", opts).unwrap();
    w.write_all(KEV.as_bytes()).unwrap();
    w.start_file("README.txt", opts).unwrap();
    w.write_all(b"not json").unwrap();
    w.finish().unwrap();
    let idx = AdvisoryIndex::build(std::slice::from_ref(&zip_path)).unwrap();
    assert_eq!(idx.stats.osv_records, 1);
    assert_eq!(idx.stats.kev_entries, 1);
    assert_eq!(idx.stats.files, 2);

    std::fs::write(f.dir.join("adv/broken.zip"), b"PK\x03\x04 not really").unwrap();
    // An unreadable archive is a fault of that file; the other sources are read.
    let idx = AdvisoryIndex::build(&[f.dir.join("adv")]).unwrap();
    assert_eq!(idx.stats.faults.len(), 1);
    let (path, why) = &idx.stats.faults[0];
    assert!(
        path.ends_with("broken.zip") && why.contains("zip"),
        "{path}: {why}"
    );
    assert_eq!(idx.stats.osv_records, 1);
}

#[test]
fn findings_name_catalog_measures_that_exist() {
    let f = fixture("catalog", MODEL);
    let fs = run(&f, BTreeMap::new());
    let catalog = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog/measures.yaml");
    let text = std::fs::read_to_string(&catalog).unwrap();
    for f in &fs {
        assert!(!f.catalog.is_empty(), "{} names no measure", f.kind);
        for id in &f.catalog {
            assert!(
                text.contains(&format!("id: {id}\n")),
                "{id} not in the catalog"
            );
        }
    }
}

#[test]
fn unreadable_csaf_range_is_cannot_evaluate_with_the_advisory_id() {
    let csaf = r#"{"document":{"csaf_version":"2.0","title":"T","tracking":{"id":"ADV-FREE"}},
     "product_tree":{"branches":[{"category":"vendor","name":"Siemens","branches":[
       {"category":"product_name","name":"SICAM A8000 CP-8050","branches":[
         {"category":"product_version_range","name":"All versions < CPCI85 V05.20",
          "product":{"name":"SICAM A8000 CP-8050","product_id":"P1"}}]}]}]},
     "vulnerabilities":[{"cve":"CVE-2024-9999","product_status":{"known_affected":["P1"]}}]}"#;
    let mut idx = AdvisoryIndex::new();
    idx.add_json("inline", csaf.as_bytes()).unwrap();
    let comp = kojo_sbom::Component {
        name: "SICAM A8000 CP-8050".into(),
        version: Some("V05.10".into()),
        vendors: vec!["Siemens AG".into()],
        ..Default::default()
    };
    let ms = kojo_sbom::match_components(&idx, std::slice::from_ref(&comp));
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].advisory, "ADV-FREE");
    assert_eq!(ms[0].aliases, ["CVE-2024-9999"]);
    assert!(
        matches!(&ms[0].verdict, kojo_sbom::Verdict::CannotEvaluate(why) if why.contains("CPCI85"))
    );
    // Another maker's product of the same name is not matched at all.
    let other = kojo_sbom::Component {
        vendors: vec!["ACME".into()],
        ..comp
    };
    assert!(kojo_sbom::match_components(&idx, &[other]).is_empty());
}

/// The Japanese texts give the reasons in Japanese; the English texts and facts keep
/// the English reason.
#[test]
fn japanese_texts_give_japanese_reasons() {
    let model = MODEL.replace(
        "  - id: broken\n",
        "  - id: nover\n    name: Unversioned box\n    kind: software\n    zone: office\n    sbom: sboms/nover.cdx.json\n  - id: broken\n",
    );
    let f = fixture("ja-reasons", &model);
    std::fs::write(
        f.dir.join("sboms/nover.cdx.json"),
        r#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[
 {"type":"library","name":"log4j-core","group":"org.apache.logging.log4j",
  "purl":"pkg:maven/org.apache.logging.log4j/log4j-core"}]}"#,
    )
    .unwrap();
    let fs = run(&f, BTreeMap::new());
    let invalid = of(&fs, "sbom-invalid");
    assert_eq!(invalid.len(), 1);
    let en = &invalid[0].detail;
    let ja = &invalid[0].i18n["ja"].detail;
    assert!(
        en.contains("broken.json: 4:") && en.contains("invalid type"),
        "{en}"
    );
    assert!(
        ja.contains("broken.json: 4行") && ja.contains("型が違います"),
        "{ja}"
    );
    assert!(
        !ja.contains("invalid type") && !ja.contains("at line"),
        "{ja}"
    );
    assert_eq!(
        invalid[0].facts["error"].as_str(),
        Some(en.split("broken.json: ").nth(1).unwrap_or(""))
    );

    let cannot: Vec<_> = of(&fs, "vulnerability")
        .into_iter()
        .filter(|v| {
            v.facts
                .get("status")
                .is_some_and(|s| s == "cannot-evaluate")
        })
        .collect();
    assert_eq!(cannot.len(), 1, "{cannot:#?}");
    assert_eq!(cannot[0].facts["reason"], "the component has no version");
    assert!(
        cannot[0]
            .detail
            .contains("cannot be decided: the component has no version.")
    );
    let ja = &cannot[0].i18n["ja"].detail;
    assert!(
        ja.contains("判定できません: 構成要素にバージョンがありません。"),
        "{ja}"
    );
    assert!(!ja.contains("the component has no version"), "{ja}");
}

#[test]
fn a_decision_on_one_version_does_not_settle_another() {
    let two = SBOM.replace(
        r#" {"type":"library","name":"mystery","version":"1.0"}"#,
        r#" {"type":"library","name":"mystery","version":"1.0"},
 {"type":"library","name":"log4j-core","group":"org.apache.logging.log4j","version":"2.14.0",
  "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0",
  "licenses":[{"license":{"id":"Apache-2.0"}}]}"#,
    );
    assert_ne!(two, SBOM);
    let f = fixture("versions", MODEL);
    std::fs::write(f.dir.join("sboms/ews.cdx.json"), &two).unwrap();
    let fs = run(&f, BTreeMap::new());
    let log4j: Vec<&Finding> = of(&fs, "vulnerability")
        .into_iter()
        .filter(|v| v.facts["advisory"] == "GHSA-test-log4j")
        .collect();
    assert_eq!(log4j.len(), 2, "one finding per version");
    assert_ne!(log4j[0].id, log4j[1].id);
    let on_2141 = log4j
        .iter()
        .find(|v| v.facts["component"]["version"] == "2.14.1")
        .unwrap();
    let id = on_2141.id.clone();
    std::fs::write(
        f.dir.join("model.yaml"),
        format!("{MODEL}decisions:\n  - finding: {id}\n    status: false-positive\n    reason: not loaded\n    by: prod\n"),
    )
    .unwrap();
    let fs = run(&f, BTreeMap::new());
    for v in of(&fs, "vulnerability")
        .into_iter()
        .filter(|v| v.facts["advisory"] == "GHSA-test-log4j")
    {
        let decided = v.decision.is_some();
        assert_eq!(
            decided,
            v.facts["component"]["version"] == "2.14.1",
            "{:?}",
            v.facts["component"]
        );
    }
}

#[test]
fn a_device_without_an_sbom_is_matched_by_its_product() {
    let with_product = MODEL.replace(
        "  - id: plc\n    name: PLC\n    kind: equipment\n    zone: control\n    operations: [assembly]\n",
        "  - id: plc\n    name: PLC\n    kind: equipment\n    zone: control\n    operations: [assembly]\n    product:\n      vendor: ACME Inc.\n      name: Ctl Studio\n      version: V2.0 Update 2\n",
    );
    assert_ne!(with_product, MODEL);
    let f = fixture("product", &with_product);
    let fs = run(&f, BTreeMap::new());
    let plc: Vec<&Finding> = of(&fs, "vulnerability")
        .into_iter()
        .filter(|v| v.subjects[0] == "asset:plc")
        .collect();
    assert_eq!(plc.len(), 1, "{plc:#?}");
    assert_eq!(plc[0].facts["advisory"], "ACME-2025-01");
    assert_eq!(plc[0].facts["from"], "asset-product");
    assert_eq!(plc[0].facts["status"], "affected");
    assert_eq!(plc[0].facts["component"]["version"], "V2.0 Update 2");
    // The fixed version is not affected.
    let fixed = with_product.replace("V2.0 Update 2", "V2.0 Update 4");
    std::fs::write(f.dir.join("model.yaml"), fixed).unwrap();
    let fs = run(&f, BTreeMap::new());
    assert!(
        of(&fs, "vulnerability")
            .iter()
            .all(|v| v.subjects[0] != "asset:plc")
    );
}

#[test]
fn a_product_without_a_name_is_a_model_error() {
    let bad = MODEL.replace(
        "  - id: plc\n    name: PLC\n    kind: equipment\n",
        "  - id: plc\n    name: PLC\n    kind: equipment\n    product:\n      vendor: ACME\n",
    );
    let f = fixture("product-bad", &bad);
    let diags = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap_err();
    assert!(
        diags.iter().any(|d| d.message.contains("name")),
        "{diags:?}"
    );
}

#[test]
fn an_embedded_vex_statement_marks_the_finding_and_never_hides_it() {
    let with_vex = SBOM
        .replace(
            r#"{"type":"library","name":"log4j-core","#,
            r#"{"type":"library","bom-ref":"log4j","name":"log4j-core","#,
        )
        .replace(
            "\n]}",
            r#"
],"vulnerabilities":[{"id":"CVE-2021-44228","analysis":{"state":"not_affected",
  "justification":"code_not_reachable","detail":"JNDI lookups disabled"},"affects":[{"ref":"log4j"}]}]}"#,
        );
    assert_ne!(with_vex, SBOM);
    let f = fixture("vex", MODEL);
    std::fs::write(f.dir.join("sboms/ews.cdx.json"), &with_vex).unwrap();
    let fs = run(&f, BTreeMap::new());
    let log4j = of(&fs, "vulnerability")
        .into_iter()
        .find(|v| v.facts["advisory"] == "GHSA-test-log4j")
        .expect("still reported");
    assert_eq!(log4j.facts["vex"]["state"], "not_affected");
    assert_eq!(log4j.facts["vex"]["justification"], "code_not_reachable");
    assert!(
        log4j.detail.contains("the code is not reachable"),
        "{}",
        log4j.detail
    );
    assert!(log4j.i18n["ja"].detail.contains("該当コードに到達しない"));
    // The other findings carry no statement.
    assert!(
        of(&fs, "vulnerability")
            .iter()
            .filter(|v| v.facts["advisory"] != "GHSA-test-log4j")
            .all(|v| v.facts.get("vex").is_none())
    );
}

#[test]
fn csaf_under_investigation_is_cannot_evaluate() {
    let doc = CSAF.replace(
        r#""product_status":{"known_affected":["P1","P3"],"fixed":["P2"]}"#,
        r#""product_status":{"known_affected":["P3"],"under_investigation":["P1"],"fixed":["P2"]}"#,
    );
    assert_ne!(doc, CSAF);
    let mut idx = AdvisoryIndex::new();
    idx.add_json("acme.json", doc.as_bytes()).unwrap();
    let c = kojo_sbom::Component {
        name: "Ctl Studio".into(),
        version: Some("V2.0 Update 3".into()),
        vendors: vec!["ACME".into()],
        ..Default::default()
    };
    let ms = kojo_sbom::match_components(&idx, std::slice::from_ref(&c));
    assert_eq!(ms.len(), 1, "{ms:#?}");
    match &ms[0].verdict {
        kojo_sbom::Verdict::CannotEvaluate(why) => {
            assert!(why.starts_with("under investigation"), "{why}");
            assert!(kojo_sbom::reason_ja(why).starts_with("調査中"));
        }
        other => panic!("{other:?}"),
    }
}

/// The CSAF 2.0 schema of the repository, with FIRST's CVSS schemas under the URLs it
/// names: validation never goes to the network.
fn csaf_validator() -> jsonschema::Validator {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join(f)).unwrap()).unwrap()
    };
    let mut registry = jsonschema::Registry::new();
    for v in ["2.0", "3.0", "3.1"] {
        registry = registry
            .add(
                format!("https://www.first.org/cvss/cvss-v{v}.json"),
                read(&format!("cvss-v{v}.json")),
            )
            .unwrap();
    }
    let registry = Box::leak(Box::new(registry.prepare().unwrap()));
    jsonschema::options()
        .with_registry(registry)
        .should_validate_formats(true)
        .build(&read("csaf_json_schema.json"))
        .unwrap()
}

fn assert_valid_csaf(v: &jsonschema::Validator, doc: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn the_csaf_schema_check_can_fail() {
    let v = csaf_validator();
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/csaf_json_schema.json"))
            .unwrap();
    assert!(!bytes.is_empty());
    let bad = serde_json::json!({"document": {"category": "csaf_vex", "csaf_version": "2.1"}});
    assert!(!v.is_valid(&bad));
}

#[test]
fn vex_round_trip_decisions_to_csaf_and_back_mark_the_same_findings() {
    let f = fixture("vexrt", MODEL);
    let fs = run(&f, BTreeMap::new());
    let vulns = of(&fs, "vulnerability");
    let total = vulns.len();
    let find = |adv: &str| {
        vulns
            .iter()
            .find(|v| v.facts["advisory"] == adv)
            .unwrap_or_else(|| panic!("{adv}: {vulns:#?}"))
            .id
            .clone()
    };
    let log4j = find("GHSA-test-log4j");
    let ctl = find("ACME-2025-01");
    let decided = format!(
        "{MODEL}decisions:\n  - finding: {log4j}\n    status: false-positive\n    reason: \
         vulnerable code not in execute path - JNDI lookups are disabled\n    by: prod\n  \
         - finding: {ctl}\n    status: mitigated\n    by: prod\n"
    );
    std::fs::write(f.dir.join("model.yaml"), &decided).unwrap();
    let model = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap();
    let fs = run(&f, BTreeMap::new());
    let today = kojo_model::Date::parse("2026-12-01").unwrap();
    let docs = kojo_sbom::vex_out::csaf_documents(
        &model,
        &fs,
        kojo_sbom::vex_out::Per::Party,
        "https://example.com/test-works",
        today,
    );
    assert_eq!(
        docs.len(),
        1,
        "no asset names a supplier: the factory's own"
    );
    let v = csaf_validator();
    let out = f.dir.join("vex-out");
    std::fs::create_dir_all(&out).unwrap();
    let mut files = Vec::new();
    for d in &docs {
        assert_valid_csaf(&v, &d.document, &d.file);
        assert_eq!(d.document["document"]["category"], "csaf_vex");
        let p = out.join(&d.file);
        std::fs::write(&p, serde_json::to_vec_pretty(&d.document).unwrap()).unwrap();
        files.push(p);
    }
    let doc = &docs[0].document;
    let log4j_vuln = doc["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["cve"] == "CVE-2021-44228")
        .expect("the CVE alias is the vulnerability");
    assert_eq!(
        log4j_vuln["flags"][0]["label"],
        "vulnerable_code_not_in_execute_path"
    );
    assert!(log4j_vuln["product_status"]["known_not_affected"].is_array());

    // Read back, on the model without decisions: the statements mark the same findings.
    std::fs::write(f.dir.join("model.yaml"), MODEL).unwrap();
    let model = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap();
    let opts = SbomOptions {
        advisory_dirs: vec![f.dir.join("adv")],
        cache_dir: Some(f.dir.join("cache")),
        vex_files: files,
        ..Default::default()
    };
    let back = check_model(&model, &opts).unwrap().findings;
    let mut marked = 0;
    for b in of(&back, "vulnerability") {
        let st = b.facts["vex"]["status"].as_str().unwrap_or("none");
        let want = if b.id == log4j {
            "not_affected"
        } else if b.id == ctl {
            "fixed"
        } else if b.facts["status"] == "cannot-evaluate" {
            "under_investigation"
        } else {
            "affected"
        };
        assert_eq!(st, want, "{}: {:?}", b.title, b.facts.get("vex"));
        assert_eq!(b.facts["vex"]["source"], "csaf");
        assert!(b.decision.is_none());
        assert_eq!(
            b.counts_at(Severity::Info),
            !matches!(want, "not_affected" | "fixed")
        );
        marked += 1;
    }
    assert_eq!(marked, total, "every vulnerability finding is marked");
    let l = back.iter().find(|x| x.id == log4j).unwrap();
    assert_eq!(
        l.facts["vex"]["justification"],
        "vulnerable_code_not_in_execute_path"
    );
    assert!(l.detail.contains("no longer counts"), "{}", l.detail);
    assert!(
        l.i18n["ja"].detail.contains("fail-on"),
        "{}",
        l.i18n["ja"].detail
    );
}

#[test]
fn an_openvex_file_among_the_advisories_marks_the_finding() {
    let f = fixture("openvex", MODEL);
    std::fs::write(
        f.dir.join("adv/ews.openvex.json"),
        r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/v1",
 "author":"Test Works","timestamp":"2025-01-10T00:00:00Z","version":1,
 "statements":[{"vulnerability":{"name":"CVE-2021-44228"},
   "products":[{"@id":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
   "status":"not_affected","justification":"vulnerable_code_not_present"}]}"#,
    )
    .unwrap();
    let fs = run(&f, BTreeMap::new());
    let l = of(&fs, "vulnerability")
        .into_iter()
        .find(|v| v.facts["advisory"] == "GHSA-test-log4j")
        .expect("never hidden");
    assert_eq!(l.facts["vex"]["source"], "openvex");
    assert_eq!(l.facts["vex"]["status"], "not_affected");
    assert!(!l.counts_at(Severity::Info));
    // A --vex file that is no VEX document is an error naming it.
    let model = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap();
    let opts = SbomOptions {
        advisory_dirs: vec![f.dir.join("adv")],
        cache_dir: Some(f.dir.join("cache")),
        vex_files: vec![f.dir.join("adv/kev.json")],
        ..Default::default()
    };
    let err = check_model(&model, &opts).unwrap_err().to_string();
    assert!(
        err.contains("kev.json") && err.contains("not a VEX document"),
        "{err}"
    );
}

#[test]
fn old_advisories_raise_advisories_stale_with_their_age() {
    let f = fixture("stale", MODEL);
    let model = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap();
    let at = |today: &str, limit: Option<u32>| {
        let opts = SbomOptions {
            advisory_dirs: vec![f.dir.join("adv")],
            cache_dir: Some(f.dir.join("cache")),
            today: kojo_model::Date::parse(today),
            stale_after_days: limit,
            ..Default::default()
        };
        check_model(&model, &opts)
            .unwrap()
            .findings
            .into_iter()
            .filter(|x| x.kind == "advisories-stale")
            .collect::<Vec<_>>()
    };
    // The newest date in the fixture is the OSV record's and KEV's 2021-12-10.
    assert!(at("2022-01-09", None).is_empty(), "30 days is not stale");
    let s = at("2022-01-10", None);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].facts["age_days"], 31);
    assert!(s[0].title.contains("31 days old"), "{}", s[0].title);
    assert!(s[0].i18n["ja"].title.contains("31 日前"));
    assert!(at("2022-01-10", Some(40)).is_empty());
}

#[test]
fn epss_scores_are_shown_beside_cvss() {
    let f = fixture("epss", MODEL);
    std::fs::write(
        f.dir.join("epss.csv"),
        "#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\n",
    )
    .unwrap();
    let model = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap();
    let opts = SbomOptions {
        advisory_dirs: vec![f.dir.join("adv")],
        cache_dir: Some(f.dir.join("cache")),
        epss_file: Some(f.dir.join("epss.csv")),
        ..Default::default()
    };
    let fs = check_model(&model, &opts).unwrap().findings;
    let l = of(&fs, "vulnerability")
        .into_iter()
        .find(|v| v.facts["advisory"] == "GHSA-test-log4j")
        .unwrap();
    assert_eq!(l.facts["epss"]["score"], 0.94358);
    assert!(
        l.detail.contains("CVSS") && l.detail.contains("EPSS 0.944"),
        "{}",
        l.detail
    );
    assert!(l.i18n["ja"].detail.contains("パーセンタイル"));
    // A broken EPSS file is an error with its line.
    std::fs::write(f.dir.join("epss.csv"), "cve,epss,percentile\nCVE-1,x,y\n").unwrap();
    let err = check_model(&model, &opts).unwrap_err().to_string();
    assert!(err.contains("line 2"), "{err}");
}

/// Open decisions in the VEX out: `in-progress` whose reason opens with the CSAF word is
/// under investigation (the rest is the note); another reason is the action of a known
/// affected product. The document stays valid CSAF and `product_status` says the same.
#[test]
fn open_decisions_become_under_investigation_or_affected_with_their_action() {
    let f = fixture("vexopen", MODEL);
    let fs = run(&f, BTreeMap::new());
    let vulns = of(&fs, "vulnerability");
    let id_of = |adv: &str| {
        vulns
            .iter()
            .find(|v| v.facts["advisory"] == adv)
            .unwrap_or_else(|| panic!("{adv}"))
            .id
            .clone()
    };
    let (log4j, ctl) = (id_of("GHSA-test-log4j"), id_of("ACME-2025-01"));
    let decided = format!(
        "{MODEL}decisions:\n  - finding: {log4j}\n    status: in-progress\n    reason: \
         Under investigation - checking which builds load JndiLookup\n    by: prod\n  \
         - finding: {ctl}\n    status: in-progress\n    reason: Block port 502 from the office \
         network until the update is installed\n    by: prod\n"
    );
    std::fs::write(f.dir.join("model.yaml"), &decided).unwrap();
    let model = kojo_model::load_file(&f.dir.join("model.yaml")).unwrap();
    let fs = run(&f, BTreeMap::new());
    let by_id = |id: &str| fs.iter().find(|x| x.id == id).expect("finding");
    assert_eq!(
        kojo_sbom::vex_out::product_status(by_id(&log4j)),
        "under_investigation"
    );
    assert_eq!(
        kojo_sbom::vex_out::product_status(by_id(&ctl)),
        "known_affected"
    );
    let docs = kojo_sbom::vex_out::csaf_documents(
        &model,
        &fs,
        kojo_sbom::vex_out::Per::Party,
        "https://example.com/test-works",
        kojo_model::Date::parse("2026-12-01").unwrap(),
    );
    let v = csaf_validator();
    for d in &docs {
        assert_valid_csaf(&v, &d.document, &d.file);
    }
    let vulns = docs[0].document["vulnerabilities"]
        .as_array()
        .unwrap()
        .clone();
    let log = vulns
        .iter()
        .find(|x| x["cve"] == "CVE-2021-44228")
        .expect("log4j");
    assert!(
        log["product_status"]["under_investigation"].is_array(),
        "{log:#}"
    );
    assert!(
        log["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["text"] == "checking which builds load JndiLookup"),
        "{log:#}"
    );
    let c = vulns
        .iter()
        .find(|x| x["product_status"]["known_affected"].is_array())
        .expect("the controller advisory is known affected");
    assert!(
        c["remediations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["details"]
                .as_str()
                .is_some_and(|d| d.starts_with("Block port 502"))),
        "{c:#}"
    );
}
