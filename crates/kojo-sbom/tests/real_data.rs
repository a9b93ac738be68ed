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

/// Versions at and around every bound a CISA product row names (`>=R4.01.00|<=R4.03.00`
/// gives R4.01.00, R4.03.00 and their neighbours), plus one far below and one far above.
fn boundary_versions(text: &str) -> Vec<String> {
    let mut out = vec!["0.0.1".to_string(), "999.0".to_string()];
    for w in text.split(['|', ' ']) {
        let w = w.trim_start_matches(['<', '>', '=', '!']).replace('_', " ");
        if !w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push(w.clone());
        // The next and previous number in the last place (`R4.03.00` → `R4.03.01`).
        if let Some(end) = w.rfind(|c: char| c.is_ascii_digit()) {
            let start = w[..=end]
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |i| i + 1);
            if let Ok(n) = w[start..=end].parse::<u64>() {
                let width = end + 1 - start;
                for m in [n.checked_sub(1), Some(n + 1)].into_iter().flatten() {
                    out.push(format!("{}{m:0width$}{}", &w[..start], &w[end + 1..]));
                }
            }
        }
    }
    out
}

#[test]
fn no_cisa_product_match_is_silently_dropped() {
    use kojo_sbom::advisory::{Parsed, parse_json};
    use kojo_sbom::matcher::{CsafOutcome, csaf_judgements};
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let dir = td.join("csaf/cisa-ot");
    let (mut cases, mut affected, mut not_affected, mut cannot) = (0, 0, 0, 0);
    let mut dropped = Vec::new();
    let mut seen = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 47);
    for f in files {
        let Ok(Parsed::Csaf(doc)) = parse_json(&std::fs::read(&f).unwrap()) else {
            panic!("{} is not CSAF", f.display())
        };
        for p in &doc.products {
            let (Some(vendor), Some(name)) = (&p.vendor, &p.product_name) else {
                continue;
            };
            let text = p.range.clone().or(p.version.clone()).unwrap_or_default();
            for v in boundary_versions(&text) {
                if !seen.insert((doc.id.clone(), vendor.clone(), name.clone(), v.clone())) {
                    continue;
                }
                let c = kojo_sbom::Component {
                    name: name.clone(),
                    version: Some(v.clone()),
                    vendors: vec![vendor.clone()],
                    ..Default::default()
                };
                cases += 1;
                let outcome = csaf_judgements(idx, 0, &c).into_iter().find(|o| match o {
                    CsafOutcome::Matched(m) => m.advisory == doc.id,
                    CsafOutcome::NotAffected { advisory, .. } => *advisory == doc.id,
                });
                match outcome {
                    None => dropped.push(format!("{} {vendor} / {name} {v}", doc.id)),
                    Some(CsafOutcome::Matched(m)) => match m.verdict {
                        Verdict::Affected => affected += 1,
                        Verdict::CannotEvaluate(why) => {
                            cannot += 1;
                            // Only rows that name no version: a serial number range
                            // (Mitsubishi) and another product's version (`CPCI85 V05.20`).
                            assert!(
                                why.contains("`The` is not a version")
                                    || why.contains("`CPCI85` is not a version"),
                                "{} {vendor} / {name} {v}: {why}",
                                doc.id
                            );
                        }
                    },
                    Some(CsafOutcome::NotAffected { .. }) => not_affected += 1,
                }
            }
        }
    }
    println!(
        "{cases} cases: {affected} affected, {not_affected} not affected, {cannot} cannot evaluate"
    );
    assert!(dropped.is_empty(), "dropped: {dropped:#?}");
    assert!(cases > 1500, "{cases}");
}

#[test]
fn cisa_notations_decide_the_boundaries() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let judge = |vendor: &str, name: &str, v: &str, adv: &str| {
        matches_of(idx, vendor, name, v)
            .into_iter()
            .find(|m| m.advisory == adv)
            .map(|m| m.verdict)
    };
    // Hitachi Energy RTU500 CMU firmware `>=12.0.1|<=12.0.14` (ICSA-24-179-03 style rows).
    let rtu: Vec<_> = idx
        .csaf
        .iter()
        .flat_map(|d| d.products.iter().map(move |p| (d, p)))
        .filter(|(_, p)| p.range.as_deref() == Some(">=12.0.1|<=12.0.14"))
        .collect();
    assert!(!rtu.is_empty());
    let (doc, p) = rtu[0];
    let (vendor, name) = (p.vendor.clone().unwrap(), p.product_name.clone().unwrap());
    assert_eq!(
        judge(&vendor, &name, "12.0.1", &doc.id),
        Some(Verdict::Affected)
    );
    assert_eq!(
        judge(&vendor, &name, "12.0.14", &doc.id),
        Some(Verdict::Affected)
    );
    // 12.7.7 is the fixed version of its own line: not affected.
    assert_eq!(judge(&vendor, &name, "12.7.7", &doc.id), None);
}

/// The matches of one component (vendor, name, version) against the real advisories.
fn matches_of(idx: &AdvisoryIndex, vendor: &str, name: &str, version: &str) -> Vec<VulnMatch> {
    let c = kojo_sbom::Component {
        name: name.into(),
        version: Some(version.into()),
        vendors: vec![vendor.into()],
        ..Default::default()
    };
    match_components(idx, std::slice::from_ref(&c))
}

#[test]
fn names_without_qualifiers_and_model_numbers_match() {
    use kojo_sbom::MatchPath;
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    // "CENTUM VP (Including CENTUM VP Entry Class)", `>=R6.01.00|<=R6.11.10` (ICSA-24-172-01).
    let centum = matches_of(
        idx,
        "Yokogawa Electric Corporation",
        "CENTUM VP",
        "R6.09.00",
    );
    let m = centum
        .iter()
        .find(|m| m.advisory == "ICSA-24-172-01")
        .expect("CENTUM VP matches");
    assert_eq!(m.path, MatchPath::Normalised);
    assert_eq!(m.verdict, Verdict::Affected);
    assert_eq!(
        m.confidence(),
        "medium",
        "a loose name with a version match"
    );
    assert!(
        m.product.contains("R6.01.00"),
        "the row of R6: {}",
        m.product
    );
    assert!(
        matches_of(idx, "Yokogawa", "CENTUM VP", "R6.12.00")
            .iter()
            .all(|m| m.advisory != "ICSA-24-172-01"),
        "R6.12.00 is above every range"
    );
    // "SIPROTEC 5 6MD85 (CP300)", `vers:intdot/>=7.80|<9.80` (ICSA-25-016-04).
    let sip = matches_of(idx, "Siemens AG", "SIPROTEC 5 6MD85", "9.64");
    assert!(
        sip.iter()
            .any(|m| m.advisory == "ICSA-25-016-04" && m.path == MatchPath::Normalised),
        "{sip:#?}"
    );
    assert!(
        matches_of(idx, "Siemens AG", "SIPROTEC 5 6MD85", "9.80")
            .iter()
            .all(|m| m.advisory != "ICSA-25-016-04")
    );
    // A model number from `model_numbers` (ICSA-24-228-05, LOGO! 24CE, all versions).
    let logo = matches_of(idx, "Siemens", "6ED1052-1CC08-0BA1", "8.3");
    let m = logo
        .iter()
        .find(|m| m.advisory == "ICSA-24-228-05")
        .expect("model number matches");
    assert_eq!(m.path, MatchPath::ModelNumber);
    assert_eq!(m.confidence(), "high");
    assert!(m.product.contains("LOGO! 24CE"), "{}", m.product);
    // Another maker with the same model number is not matched.
    assert!(
        matches_of(idx, "ACME", "6ED1052-1CC08-0BA1", "8.3")
            .iter()
            .all(|m| m.advisory != "ICSA-24-228-05")
    );
}

#[test]
fn a_loose_name_without_a_version_match_stays_at_medium() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    // "LOGO! 24CE (6ED1052-1CC08-0BA1)" covers all versions: the bare "LOGO! 24CE" is a loose
    // match with nothing compared, so at most medium whatever the CVSS score.
    let logo = matches_of(idx, "Siemens", "LOGO! 24CE", "8.3");
    let m = logo
        .iter()
        .find(|m| m.advisory == "ICSA-24-228-05")
        .expect("LOGO! 24CE matches");
    assert_eq!(m.confidence(), "low");
    assert!(!m.version_matched);
    assert!(kojo_sbom::vulnerability_severity(m, true) <= kojo_findings::Severity::Medium);
}

/// "X Series" in CISA's product names (Mitsubishi's MELSEC-Q Series CPUs, Moxa's MXview
/// One Series and Central Manager Series) never ties a component to a neighbouring product.
#[test]
fn series_names_do_not_match_neighbouring_products() {
    let Some(td) = shared_dir() else { return };
    let idx = index(&td);
    let comp = |vendor: &str, name: &str, version: &str| kojo_sbom::Component {
        name: name.into(),
        version: Some(version.into()),
        vendors: vec![vendor.into()],
        ..Default::default()
    };
    let products = |c: kojo_sbom::Component| -> Vec<String> {
        match_components(idx, std::slice::from_ref(&c))
            .into_iter()
            .map(|m| m.product)
            .collect()
    };
    // One CPU of the series: only its own rows (icsa-24-074-14 lists 24 of them).
    let q50 = products(comp(
        "Mitsubishi Electric",
        "MELSEC-Q Series Q50UDEHCPU",
        "1.0",
    ));
    assert!(!q50.is_empty(), "the CPU's own advisory matches");
    assert!(q50.iter().all(|p| p.contains("Q50UDEHCPU")), "{q50:#?}");
    // The series name alone names no single CPU.
    let series = products(comp("Mitsubishi Electric", "MELSEC-Q Series", "1.0"));
    assert!(
        series
            .iter()
            .all(|p| !p.contains("UDEHCPU") && !p.contains("UDVCPU")),
        "{series:#?}"
    );
    // MXview One Series is not MXview One Central Manager Series (icsa-24-268-05).
    let mxview = products(comp("Moxa", "MXview One Series", "1.4.0"));
    assert!(!mxview.is_empty(), "MXview One Series <=1.4.0 matches");
    assert!(
        mxview.iter().all(|p| !p.contains("Central Manager")),
        "{mxview:#?}"
    );
    let cm = products(comp("Moxa", "MXview One Central Manager Series", "1.0.0"));
    assert!(cm.iter().all(|p| p.contains("Central Manager")), "{cm:#?}");
}
