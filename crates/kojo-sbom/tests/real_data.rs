//! The known positives and traps of `testdata/sbom/cyclonedx/expected-matches.json`, on the
//! real advisory data (CISA and OASIS CSAF, OSV records of five ecosystems, CISA KEV).

use kojo_sbom::{AdvisoryIndex, Sbom, Verdict, VulnMatch, match_components, sbom};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("KOJO_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let testdata = dir.join("testdata");
    if testdata.join("sbom").is_dir() {
        Some(testdata)
    } else {
        println!(
            "skipped: shared test data not found at {}",
            testdata.display()
        );
        None
    }
}

/// The index of all the advisory data, built once for the whole file.
fn index(td: &std::path::Path) -> &'static AdvisoryIndex {
    static INDEX: OnceLock<AdvisoryIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        AdvisoryIndex::build(&[td.join("csaf"), td.join("osv"), td.join("kev")])
            .unwrap_or_else(|e| panic!("index: {e}"))
    })
}

fn read_sbom(path: PathBuf) -> Sbom {
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    sbom::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn expected(td: &std::path::Path) -> Value {
    let p = td.join("sbom/cyclonedx/expected-matches.json");
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// (component name, advisory id) of the affected matches, and of the cannot-evaluate ones.
type Pairs = BTreeSet<(String, String)>;

fn pairs(s: &Sbom, ms: &[VulnMatch]) -> (Pairs, Pairs) {
    let mut affected = BTreeSet::new();
    let mut cannot = BTreeSet::new();
    for m in ms {
        let c = &s.components[m.component];
        let key = (
            c.purl.clone().unwrap_or_else(|| c.name.clone()),
            m.advisory.clone(),
        );
        match m.verdict {
            Verdict::Affected => affected.insert(key),
            Verdict::CannotEvaluate(_) => cannot.insert(key),
        };
    }
    (affected, cannot)
}

/// The expected (component name, advisory id) pairs, via the CycloneDX fixture's bom-refs.
fn expected_pairs(td: &std::path::Path, cdx: &Sbom) -> BTreeSet<(String, String)> {
    let exp = expected(td);
    let name_of = |bom_ref: &str| {
        cdx.components
            .iter()
            .find(|c| c.bom_ref.as_deref() == Some(bom_ref))
            .map(|c| c.purl.clone().unwrap_or_else(|| c.name.clone()))
            .unwrap_or_else(|| panic!("bom-ref {bom_ref} not in the SBOM"))
    };
    let mut want = BTreeSet::new();
    for m in exp["csaf"].as_array().unwrap() {
        want.insert((
            name_of(m["bom_ref"].as_str().unwrap()),
            m["advisory"].as_str().unwrap().to_string(),
        ));
    }
    for (bom_ref, v) in exp["osv"].as_object().unwrap() {
        for a in v["advisories"].as_array().unwrap() {
            want.insert((name_of(bom_ref), a["id"].as_str().unwrap().to_string()));
        }
    }
    want
}

#[test]
fn cyclonedx_fixture_finds_exactly_the_known_positives() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let cdx = read_sbom(td.join("sbom/cyclonedx/ews-01-engineering-workstation.cdx.json"));
    let ms = match_components(idx, &cdx.components);
    let (affected, cannot) = pairs(&cdx, &ms);
    let want = expected_pairs(&td, &cdx);
    let missing: Vec<_> = want.difference(&affected).collect();
    let extra: Vec<_> = affected.difference(&want).collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    assert!(extra.is_empty(), "not expected: {extra:?}");
    assert_eq!(want.len(), 55, "6 CSAF + 49 OSV pairs");
    // No component of this data set is left undecided.
    assert!(cannot.is_empty(), "cannot evaluate: {cannot:?}");
}

#[test]
fn spdx_twin_gives_the_same_matches() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let cdx = read_sbom(td.join("sbom/cyclonedx/ews-01-engineering-workstation.cdx.json"));
    let spdx = read_sbom(td.join("sbom/spdx/ews-01-engineering-workstation.spdx.json"));
    let (a, _) = pairs(&spdx, &match_components(idx, &spdx.components));
    assert_eq!(a, expected_pairs(&td, &cdx));
}

#[test]
fn traps_are_not_reported() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let cdx = read_sbom(td.join("sbom/cyclonedx/ews-01-engineering-workstation.cdx.json"));
    let ms = match_components(idx, &cdx.components);
    let exp = expected(&td);
    for t in exp["must_not_match"].as_array().unwrap() {
        let bom_ref = t["bom_ref"].as_str().unwrap();
        let adv = t["advisory"].as_str().unwrap();
        let hits: Vec<&VulnMatch> = ms
            .iter()
            .filter(|m| cdx.components[m.component].bom_ref.as_deref() == Some(bom_ref))
            .filter(|m| m.advisory == adv)
            .collect();
        match t.get("product_id").and_then(Value::as_str) {
            // A sibling product of a matching advisory: the match must name the right product.
            Some(_) => {
                for h in &hits {
                    assert_eq!(h.verdict, Verdict::Affected);
                    let c = &cdx.components[h.component];
                    assert!(
                        h.product.contains(&c.name),
                        "{bom_ref}: matched {}",
                        h.product
                    );
                }
            }
            None => assert!(hits.is_empty(), "{bom_ref} must not match {adv}: {hits:?}"),
        }
    }
}

#[test]
fn csaf_matches_carry_cvss_remediation_and_fix() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let cdx = read_sbom(td.join("sbom/cyclonedx/ews-01-engineering-workstation.cdx.json"));
    let ms = match_components(idx, &cdx.components);
    let find = |adv: &str| {
        ms.iter()
            .find(|m| m.advisory == adv)
            .unwrap_or_else(|| panic!("{adv}"))
    };
    let step7 = find("ICSA-24-193-17");
    assert_eq!(step7.aliases, ["CVE-2022-45147"]);
    assert_eq!(step7.cvss_score, Some(7.8));
    assert!(
        step7
            .remediations
            .iter()
            .any(|r| r.contains("V18 Update 2")),
        "{:?}",
        step7.remediations
    );
    let gx = find("ICSA-24-030-02");
    assert_eq!(gx.aliases, ["CVE-2023-6942", "CVE-2023-6943"]);
    assert_eq!(gx.cvss_score, Some(9.8));
    assert!(!gx.remediations.iter().any(|r| r.starts_with("vendor_fix")));
    let pcss = find("ICSA-25-010-01");
    assert_eq!(pcss.fixed, ["1.3"]);
    assert_eq!(pcss.cvss_score, Some(5.3));
    let bsi = find("BSI-2022-0001");
    assert_eq!(bsi.path, kojo_sbom::MatchPath::Cpe);
    assert_eq!(bsi.fixed, ["1.0.0-rc2"]);
}

#[test]
fn kev_raises_only_log4shell_and_fixes_are_named() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    assert_eq!(idx.kev.len(), 1404);
    let cdx = read_sbom(td.join("sbom/cyclonedx/ews-01-engineering-workstation.cdx.json"));
    let ms = match_components(idx, &cdx.components);
    let kev: Vec<&VulnMatch> = ms.iter().filter(|m| !m.kev.is_empty()).collect();
    assert_eq!(kev.len(), 1);
    assert_eq!(kev[0].advisory, "GHSA-jfh8-c2jp-5v3q");
    assert_eq!(kev[0].kev[0].cve, "CVE-2021-44228");
    assert_eq!(kev[0].fixed, ["2.15.0"]);
    let certifi = ms.iter().find(|m| m.advisory == "PYSEC-2023-135").unwrap();
    assert_eq!(certifi.fixed, ["2023.7.22"]);
    let tokio = ms
        .iter()
        .find(|m| m.advisory == "RUSTSEC-2025-0023")
        .unwrap();
    assert_eq!(tokio.informational.as_deref(), Some("unsound"));
    assert_eq!(
        kojo_sbom_severity(kev[0]),
        kojo_findings::Severity::Critical,
        "CVSS 10.0 stays critical when raised"
    );
}

fn kojo_sbom_severity(m: &VulnMatch) -> kojo_findings::Severity {
    kojo_sbom::vulnerability_severity(m, false)
}

#[test]
fn every_copied_sbom_reads_or_fails_with_a_message() {
    let Some(td) = shared_dir() else { return };
    let mut read = 0;
    let mut failed = Vec::new();
    for sub in [
        "sbom/cyclonedx/bom-examples",
        "sbom/cyclonedx/spec-fixtures",
        "sbom/spdx/spdx-examples",
    ] {
        for e in std::fs::read_dir(td.join(sub)).unwrap() {
            let p = e.unwrap().path();
            match sbom::parse(&std::fs::read(&p).unwrap()) {
                Ok(_) => read += 1,
                Err(err) => failed.push((
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    err.to_string(),
                )),
            }
        }
    }
    // Only the SPDX 3.0 JSON-LD example is out of scope.
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].0.contains("spdx3"), "{failed:?}");
    assert!(failed[0].1.contains("SPDX 3.0"));
    assert_eq!(read, 29);
    let juice =
        read_sbom(td.join("sbom/cyclonedx/bom-examples/SBOM_juice-shop_via_npm_flat_bom.1.4.json"));
    assert!(juice.components.len() >= 1115, "{}", juice.components.len());
}

#[test]
fn juice_shop_minimist_matches() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let juice =
        read_sbom(td.join("sbom/cyclonedx/bom-examples/SBOM_juice-shop_via_npm_flat_bom.1.4.json"));
    let ms = match_components(idx, &juice.components);
    assert!(ms.iter().any(|m| m.advisory == "GHSA-xvch-5gv4-984h"
        && juice.components[m.component].version.as_deref() == Some("0.2.3")
        && m.verdict == Verdict::Affected));
}
