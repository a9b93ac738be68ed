use super::*;

fn comp(name: &str, version: &str, vendor: &str) -> Component {
    Component {
        name: name.into(),
        version: Some(version.into()),
        vendors: vec![vendor.into()],
        ..Default::default()
    }
}

fn shared(rel: &str) -> Option<Vec<u8>> {
    let base = std::env::var_os("KOJO_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
        });
    std::fs::read(base.join(rel)).ok()
}

#[test]
fn csaf_vex_of_oasis_speaks_for_each_product_version_only() {
    let Some(bytes) = shared("testdata/csaf/oasis-examples/2022-evd-uc-07-001.json") else {
        eprintln!("skipped: the shared test data is not there");
        return;
    };
    let doc = parse("evd.json", &bytes, false).unwrap().expect("csaf_vex");
    assert_eq!(doc.format, VexFormat::Csaf);
    let docs = [doc];
    let status = |v: &str| {
        claim_for(
            &docs,
            &comp("ABC", v, "Example Company"),
            "CVE-2021-44228",
            &[],
        )
        .map(|(_, c)| c.status)
    };
    // CSAFPID-0001 (4.2) and 0006 (2.5) are known not affected, 0002 (2.4) affected,
    // 0004 (>=2.9|<=4.1) affected.
    assert_eq!(status("4.2"), Some(VexStatus::NotAffected));
    assert_eq!(status("2.5"), Some(VexStatus::NotAffected));
    assert_eq!(status("2.4"), Some(VexStatus::Affected));
    assert_eq!(status("3.0"), Some(VexStatus::Affected));
    assert_eq!(status("1.5"), Some(VexStatus::NotAffected));
    // No row holds 4.3: the document says nothing of it.
    assert_eq!(status("4.3"), None);
    // Another vendor's ABC is not this one.
    assert!(
        claim_for(
            &docs,
            &comp("ABC", "4.2", "Other Corp"),
            "CVE-2021-44228",
            &[]
        )
        .is_none()
    );
    // The action statement comes with the affected rows.
    let (_, c) = claim_for(
        &docs,
        &comp("ABC", "2.4", "Example Company"),
        "CVE-2021-44228",
        &[],
    )
    .unwrap();
    assert_eq!(c.detail.as_deref(), Some("Update to version 4.2 or later."));
}

const CSAF_VEX: &str = r#"{"document":{"csaf_version":"2.0","category":"csaf_vex","title":"t",
 "tracking":{"id":"ACME-VEX-1","current_release_date":"2025-01-10T00:00:00Z"}},
 "product_tree":{"branches":[{"category":"vendor","name":"ACME","branches":[
   {"category":"product_name","name":"Ctl Studio","branches":[
     {"category":"product_version","name":"V2.0 Update 3","product":{"name":"Ctl Studio V2.0 Update 3","product_id":"P1"}},
     {"category":"product_version","name":"V2.0 Update 2","product":{"name":"Ctl Studio V2.0 Update 2","product_id":"P2"}}]}]}]},
 "vulnerabilities":[{"cve":"CVE-2025-0001","ids":[{"system_name":"ACME","text":"ACME-2025-01"}],
   "product_status":{"known_not_affected":["P1"],"under_investigation":["P2"]},
   "flags":[{"label":"vulnerable_code_not_in_execute_path","product_ids":["P1"]}],
   "threats":[{"category":"impact","details":"The web server is not shipped.","product_ids":["P1"]}]}]}"#;

#[test]
fn csaf_flags_and_threats_justify_and_under_investigation_is_kept() {
    let doc = parse("acme-vex.json", CSAF_VEX.as_bytes(), false)
        .unwrap()
        .unwrap();
    let docs = [doc];
    let (_, c) = claim_for(
        &docs,
        &comp("Ctl Studio", "V2.0 Update 3", "ACME Corp."),
        "ACME-2025-01",
        &[],
    )
    .unwrap();
    assert_eq!(c.status, VexStatus::NotAffected);
    assert_eq!(
        c.justification.as_deref(),
        Some("vulnerable_code_not_in_execute_path")
    );
    assert_eq!(c.detail.as_deref(), Some("The web server is not shipped."));
    let (_, c) = claim_for(
        &docs,
        &comp("Ctl Studio", "V2.0 Update 2", "ACME"),
        "X",
        &["CVE-2025-0001".into()],
    )
    .unwrap();
    assert_eq!(c.status, VexStatus::UnderInvestigation);
    // Update 4 is in no row: nothing is said of it.
    assert!(
        claim_for(
            &docs,
            &comp("Ctl Studio", "V2.0 Update 4", "ACME"),
            "CVE-2025-0001",
            &[]
        )
        .is_none()
    );
    // A CSAF security advisory among --advisories is no VEX document; given as --vex it is.
    let advisory = CSAF_VEX.replace("csaf_vex", "csaf_security_advisory");
    assert!(
        parse("a.json", advisory.as_bytes(), false)
            .unwrap()
            .is_none()
    );
    assert!(
        parse("a.json", advisory.as_bytes(), true)
            .unwrap()
            .is_some()
    );
}

const OPENVEX: &str = r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex-1",
 "author":"ACME PSIRT","timestamp":"2025-01-10T00:00:00Z","version":1,
 "statements":[
  {"vulnerability":{"name":"CVE-2021-44228"},
   "products":[{"@id":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
   "status":"not_affected","justification":"vulnerable_code_not_in_execute_path",
   "impact_statement":"JNDI lookups are disabled"},
  {"vulnerability":{"name":"CVE-2021-44228"},
   "products":[{"@id":"https://example.com/hmi","subcomponents":[{"@id":"pkg:maven/org.apache.logging.log4j/log4j-core@2.16.0"}]}],
   "status":"fixed"}]}"#;

#[test]
fn openvex_statements_name_their_product_version() {
    let doc = parse("hmi.openvex.json", OPENVEX.as_bytes(), false)
        .unwrap()
        .unwrap();
    assert_eq!(doc.format, VexFormat::OpenVex);
    let docs = [doc];
    let log4j = |v: &str| Component {
        name: "log4j-core".into(),
        version: Some(v.into()),
        purl: Some(format!("pkg:maven/org.apache.logging.log4j/log4j-core@{v}")),
        ..Default::default()
    };
    let (_, c) = claim_for(
        &docs,
        &log4j("2.14.1"),
        "GHSA-jfh8-c2jp-5v3q",
        &["CVE-2021-44228".into()],
    )
    .unwrap();
    assert_eq!(c.status, VexStatus::NotAffected);
    assert_eq!(c.statement, "statements[0]");
    assert_eq!(c.detail.as_deref(), Some("JNDI lookups are disabled"));
    let (_, c) = claim_for(&docs, &log4j("2.16.0"), "CVE-2021-44228", &[]).unwrap();
    assert_eq!(c.status, VexStatus::Fixed);
    // 2.15.0 is named by no statement.
    assert!(claim_for(&docs, &log4j("2.15.0"), "CVE-2021-44228", &[]).is_none());
    // An unknown status is an error that says what would be right.
    let bad = OPENVEX.replace("\"fixed\"", "\"patched\"");
    let err = parse("x", bad.as_bytes(), false).unwrap_err();
    assert!(err.message.contains("`patched`"), "{err}");
}

#[test]
fn standalone_cyclonedx_vex_refers_by_bom_ref_bom_link_or_purl() {
    let text = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
     "vulnerabilities":[
      {"id":"CVE-2021-44228","analysis":{"state":"false_positive","detail":"not used"},
       "affects":[{"ref":"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#log4j"}]},
      {"id":"CVE-2022-0001","analysis":{"state":"in_triage"},
       "affects":[{"ref":"pkg:generic/readline@8.1"}]},
      {"id":"CVE-2022-0002","affects":[{"ref":"log4j"}]}]}"#;
    let doc = parse("vex.cdx.json", text.as_bytes(), false)
        .unwrap()
        .unwrap();
    assert_eq!(
        doc.claims.len(),
        2,
        "an entry without analysis states nothing"
    );
    let docs = [doc];
    let log4j = Component {
        name: "log4j-core".into(),
        bom_ref: Some("log4j".into()),
        ..Default::default()
    };
    let (_, c) = claim_for(&docs, &log4j, "CVE-2021-44228", &[]).unwrap();
    assert_eq!(
        (c.status, c.state.as_str()),
        (VexStatus::NotAffected, "false_positive")
    );
    let readline = Component {
        name: "readline".into(),
        version: Some("8.1".into()),
        purl: Some("pkg:generic/readline@8.1".into()),
        ..Default::default()
    };
    let (_, c) = claim_for(&docs, &readline, "CVE-2022-0001", &[]).unwrap();
    assert_eq!(c.status, VexStatus::UnderInvestigation);
    // A BOM without any analysed vulnerability is no VEX document.
    let plain = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}"#;
    assert!(
        parse("sbom.json", plain.as_bytes(), false)
            .unwrap()
            .is_none()
    );
    // Malformed JSON says where.
    let err = parse(
        "x",
        b"{\"bomFormat\": \"CycloneDX\",\n \"vulnerabilities\": [",
        false,
    )
    .unwrap_err();
    assert_eq!(err.line, 2);
}
