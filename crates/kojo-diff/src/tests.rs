//! Self-contained tests: models written here as YAML, loaded by the real loader.

use super::*;
use kojo_findings::{Assessment, Finding, FindingDecision, ModelInfo, ZoneAssessment};
use std::path::Path;

const BASE: &str = r#"
version: 1
factory:
  name: Test Works
  purposes: [improve-quality, reduce-costs]
  bcp:
    exists: true
    considers: [partner-incident-impact, suspend-or-continue-criteria]
departments:
  - {id: prod, name: Production, kind: production}
parties:
  - id: vendor
    name: Line vendor
    kind: equipment-supplier
operations:
  - {id: assembly, name: Assembly, importance: high}
zones:
  - {id: control, name: Control zone, kind: control, owner: prod}
  - {id: oa, name: OA zone, kind: information}
assets:
  - id: plc
    name: PLC
    kind: equipment
    role: plc
    zone: control
    operations: [assembly]
    traits: [embedded-computer, general-purpose]
    supplier: vendor
  - id: pc
    name: Office PC
    kind: equipment
    zone: oa
  - id: recipe
    name: Recipe
    kind: data
    zones: [control, oa]
flows:
  - id: pc-to-plc
    from: pc
    to: plc
    data: [recipe]
    protections: [authentication, encryption]
measures:
  - measure: net-zone-boundary-filtering
    scope: [zone:control, zone:oa]
    status: planned
"#;

fn load(text: &str) -> Model {
    match kojo_model::load_str(Path::new("test.yaml"), text) {
        Ok(m) => m,
        Err(d) => panic!("test model does not load: {d:#?}"),
    }
}

fn run(old: &Model, new: &Model) -> ModelDiff {
    diff(
        &Side {
            label: "old",
            model: old,
            assessment: None,
        },
        &Side {
            label: "new",
            model: new,
            assessment: None,
        },
    )
}

fn change<'d>(d: &'d ModelDiff, subject: &str) -> &'d EntityChange {
    d.entities
        .iter()
        .find(|e| e.subject == subject)
        .unwrap_or_else(|| panic!("no change for {subject} in {:#?}", d.entities))
}

fn review<'d>(d: &'d ModelDiff, what: ReviewKind, subjects: &[&str]) -> Option<&'d ReviewItem> {
    d.review
        .iter()
        .find(|r| r.what == what && r.subjects == subjects)
}

#[test]
fn a_model_against_itself_is_empty() {
    let m = load(BASE);
    let d = run(&m, &m);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn reordering_lists_is_not_a_change() {
    let m = load(BASE);
    // The same model written with every list in another order.
    let reordered = BASE
        .replace(
            "[improve-quality, reduce-costs]",
            "[reduce-costs, improve-quality]",
        )
        .replace(
            "[embedded-computer, general-purpose]",
            "[general-purpose, embedded-computer]",
        )
        .replace(
            "[authentication, encryption]",
            "[encryption, authentication]",
        )
        .replace("[zone:control, zone:oa]", "[zone:oa, zone:control]")
        .replace("zones: [control, oa]", "zones: [oa, control]");
    assert_ne!(reordered, BASE);
    let mut r = load(&reordered);
    r.zones.reverse();
    r.assets.reverse();
    r.flows.reverse();
    let d = run(&m, &r);
    assert!(d.is_empty(), "{:#?}", d.entities);
}

#[test]
fn changed_fields_are_named_with_old_and_new_words() {
    let old = load(BASE);
    let new = load(
        &BASE
            .replace(
                "    data: [recipe]\n",
                "    data: [recipe]\n    automated: true\n    control: true\n",
            )
            .replace("[authentication, encryption]", "[authentication]")
            .replace(
                "{id: assembly, name: Assembly, importance: high}",
                "{id: assembly, name: Assembly, importance: medium}",
            ),
    );
    let d = run(&old, &new);
    let flow = change(&d, "flow:pc-to-plc");
    assert_eq!(flow.change, ChangeKind::Changed);
    let field = |name: &str| flow.fields.iter().find(|f| f.field == name).cloned();
    let automated = field("automated").expect("automated changed");
    assert_eq!(
        (automated.old.as_deref(), automated.new.as_deref()),
        (Some("false"), Some("true"))
    );
    let prot = field("protections").expect("protections changed");
    assert_eq!(prot.removed, vec!["encryption".to_string()]);
    assert!(prot.added.is_empty());
    assert_eq!(prot.new.as_deref(), Some("[authentication]"));
    assert!(field("data").is_none(), "data did not change");
    assert!(
        d.importance
            .iter()
            .any(|i| i.subject == "operation:assembly"
                && i.old.as_deref() == Some("high")
                && i.new.as_deref() == Some("medium")
                && !i.derived)
    );
    // The changed flow calls for a review between the two zones.
    let item = review(
        &d,
        ReviewKind::InterZoneRequirements,
        &["zone:control", "zone:oa"],
    )
    .expect("inter-zone review");
    assert!(
        item.because
            .iter()
            .any(|b| b.contains("changed flow:pc-to-plc")),
        "{item:?}"
    );
}

#[test]
fn added_and_removed_entities() {
    let old = load(BASE);
    let new = load(&BASE.replace(
        "  - id: pc\n    name: Office PC\n    kind: equipment\n    zone: oa\n",
        "  - id: pc\n    name: Office PC\n    kind: equipment\n    zone: oa\n  - id: hmi\n    name: HMI\n    kind: equipment\n    zone: control\n",
    ));
    let d = run(&old, &new);
    let hmi = change(&d, "asset:hmi");
    assert_eq!(hmi.change, ChangeKind::Added);
    assert!(
        hmi.fields
            .iter()
            .any(|f| f.field == "zones" && f.new.as_deref() == Some("[control]"))
    );
    let back = run(&new, &old);
    assert_eq!(change(&back, "asset:hmi").change, ChangeKind::Removed);
    assert!(review(&d, ReviewKind::ZoneRequirements, &["zone:control"]).is_some());
    assert!(
        review(&back, ReviewKind::ZoneRequirements, &["zone:control"]).is_some_and(|r| r
            .because
            .iter()
            .any(|b| b.contains("asset:hmi left the zone")))
    );
}

#[test]
fn moving_an_endpoint_reroutes_its_flow_between_other_zones() {
    let text = BASE.replace(
        "  - {id: oa, name: OA zone, kind: information}\n",
        "  - {id: oa, name: OA zone, kind: information}\n  - {id: dmz, name: DMZ, kind: dmz}\n",
    );
    let old = load(&text);
    let new = load(&text.replace(
        "    kind: equipment\n    zone: oa\n",
        "    kind: equipment\n    zone: dmz\n",
    ));
    let d = run(&old, &new);
    let item = review(
        &d,
        ReviewKind::InterZoneRequirements,
        &["zone:control", "zone:dmz"],
    )
    .expect("the new zone pair is reviewed");
    assert!(
        item.because
            .iter()
            .any(|b| b.starts_with("re-routed flow:pc-to-plc")),
        "{item:?}"
    );
    assert!(
        review(&d, ReviewKind::ZoneRequirements, &["zone:dmz"]).is_some_and(|r| r
            .because
            .iter()
            .any(|b| b.contains("asset:pc moved into the zone")))
    );
}

#[test]
fn new_cloud_party_calls_for_its_checklist_and_bcp_points() {
    let old = load(BASE);
    let new = load(
        &BASE
            .replace(
                "parties:\n",
                "parties:\n  - id: cloudco\n    name: Cloud monitoring\n    kind: cloud-service\n",
            )
            .replace(
                "  - id: recipe\n",
                "  - id: monitor\n    name: Monitoring service\n    kind: external-service\n    zone: control\n    supplier: cloudco\n  - id: recipe\n",
            )
            .replace(
                "flows:\n",
                "flows:\n  - id: plc-to-monitor\n    from: plc\n    to: monitor\n    network: internet\n    data: [recipe]\n",
            ),
    );
    let d = run(&old, &new);
    let item =
        review(&d, ReviewKind::PartyChecklist, &["party:cloudco"]).expect("checklist review");
    assert_eq!(item.point.as_deref(), Some("cloud-service"));
    assert!(item.reference.contains("Table 3-10"));
    assert_eq!(item.recorded, Some(false));
    let bcp = |p: &str| {
        d.review
            .iter()
            .find(|r| r.what == ReviewKind::BcpReviewPoint && r.point.as_deref() == Some(p))
    };
    for p in [
        "new-service-impact",
        "new-service-suspension-impact",
        "new-service-failure-impact",
    ] {
        assert!(
            bcp(p).is_some_and(|r| r.because.iter().any(|b| b.contains("asset:monitor"))),
            "{p}"
        );
    }
    assert_eq!(
        bcp("partner-incident-impact").and_then(|r| r.recorded),
        Some(true)
    );
    assert_eq!(
        bcp("new-service-impact").and_then(|r| r.recorded),
        Some(false)
    );
    assert!(
        bcp("own-incident-impact-on-partners").is_some(),
        "data leaves for the service"
    );
    let boundary = review(
        &d,
        ReviewKind::ResponsibilityBoundary,
        &["zone:control", "party:cloudco"],
    )
    .expect("boundary review");
    assert!(boundary.because.iter().any(|b| b.contains("asset:monitor")));
    // The existing equipment supplier is untouched: no checklist review for it.
    assert!(review(&d, ReviewKind::PartyChecklist, &["party:vendor"]).is_none());
}

#[test]
fn party_kinds_map_to_their_tables() {
    use kojo_model::PartyKind::*;
    assert_eq!(review::checklist_for(CloudService).0, Some("cloud-service"));
    assert_eq!(
        review::checklist_for(GeneralProductVendor).0,
        Some("general-product")
    );
    assert_eq!(
        review::checklist_for(EquipmentSupplier).1,
        "Step 3 (2), Table 3-11"
    );
    assert_eq!(
        review::checklist_for(SoftwareVendor).1,
        "Step 3 (2), Table 3-12"
    );
    assert_eq!(review::checklist_for(BusinessPartner).0, None);
}

#[test]
fn measures_without_ids_are_matched_by_measure_and_scope() {
    let old = load(BASE);
    let new = load(&BASE.replace("    status: planned\n", "    status: implemented\n"));
    let d = run(&old, &new);
    let m = change(
        &d,
        "measure:net-zone-boundary-filtering@zone:control,zone:oa",
    );
    assert_eq!(m.change, ChangeKind::Changed);
    assert_eq!(m.fields[0].old.as_deref(), Some("planned"));
    assert_eq!(m.fields[0].new.as_deref(), Some("implemented"));
    // The same measure written twice is kept twice, not merged.
    let twice = load(&format!(
        "{BASE}  - measure: net-zone-boundary-filtering\n    scope: [zone:oa, zone:control]\n    status: not-planned\n"
    ));
    let d = run(&old, &twice);
    assert_eq!(
        change(
            &d,
            "measure:net-zone-boundary-filtering@zone:control,zone:oa#2"
        )
        .change,
        ChangeKind::Added
    );
}

fn finding(id: &str, severity: Severity, suppressed: bool) -> Finding {
    Finding {
        id: id.into(),
        kind: "threat".into(),
        step: "1-7".into(),
        severity,
        subjects: vec!["zone:oa".into()],
        title: format!("finding {id}"),
        detail: String::new(),
        recommendation: String::new(),
        reference: "3.1.7".into(),
        catalog: Vec::new(),
        decision: suppressed.then_some(FindingDecision {
            status: kojo_model::DecisionStatus::Accepted,
            reason: None,
            by: None,
            review_by: None,
            owner: None,
            due: None,
            ticket: None,
            expired: false,
        }),
        location: None,
        rule: None,
        facts: Default::default(),
        i18n: Default::default(),
    }
}

fn assessment(findings: Vec<Finding>, oa: &str) -> Assessment {
    let mut a = Assessment {
        kojo_version: "test".into(),
        model: ModelInfo {
            path: "test.yaml".into(),
            sha256: String::new(),
            factory: "Test Works".into(),
        },
        summary: Summary::default(),
        zones: vec![ZoneAssessment {
            id: "oa".into(),
            importance: Some(oa.into()),
            target_sl: None,
            requirements: Default::default(),
            derivation: None,
            exposure: Vec::new(),
            verdict: None,
        }],
        conduits: Vec::new(),
        plan: Vec::new(),
        findings,
    };
    a.finish();
    a
}

#[test]
fn findings_are_compared_by_id_and_gate_on_new_or_raised() {
    let m = load(BASE);
    let old = assessment(
        vec![
            finding("F-0000000001", Severity::Medium, false),
            finding("F-0000000002", Severity::High, false),
            finding("F-0000000003", Severity::Low, false),
        ],
        "low",
    );
    let new = assessment(
        vec![
            finding("F-0000000001", Severity::High, false), // raised
            finding("F-0000000003", Severity::Info, false), // lowered
            finding("F-0000000004", Severity::Medium, false), // new
            finding("F-0000000005", Severity::Critical, true), // new, but accepted
        ],
        "medium",
    );
    let d = diff(
        &Side {
            label: "old",
            model: &m,
            assessment: Some(&old),
        },
        &Side {
            label: "new",
            model: &m,
            assessment: Some(&new),
        },
    );
    let f = d.findings.as_ref().expect("both sides assessed");
    let ids = |v: &[FindingChange]| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&f.new), ["F-0000000005", "F-0000000004"]);
    assert_eq!(ids(&f.resolved), ["F-0000000002"]);
    assert_eq!(ids(&f.severity_changed), ["F-0000000001", "F-0000000003"]);
    assert_eq!(f.severity_changed[0].old_severity, Some(Severity::Medium));
    assert!(!d.is_empty());
    assert!(
        d.importance
            .iter()
            .any(|i| i.subject == "zone:oa" && i.derived && i.new.as_deref() == Some("medium"))
    );

    let gate = |s: Severity| d.gate(s).iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        gate(Severity::Critical),
        Vec::<String>::new(),
        "accepted finding does not gate"
    );
    assert_eq!(gate(Severity::High), ["F-0000000001"]);
    assert_eq!(gate(Severity::Medium), ["F-0000000004", "F-0000000001"]);
    assert_eq!(
        gate(Severity::Info),
        ["F-0000000004", "F-0000000001"],
        "a lowered one never gates"
    );

    let same = diff(
        &Side {
            label: "a",
            model: &m,
            assessment: Some(&new),
        },
        &Side {
            label: "b",
            model: &m,
            assessment: Some(&new),
        },
    );
    assert!(same.is_empty());
    assert!(same.gate(Severity::Info).is_empty());
}

#[test]
fn json_round_trips() {
    let old = load(BASE);
    let new = load(&BASE.replace("name: Test Works", "name: Test Works II"));
    let d = run(&old, &new);
    let json = serde_json::to_string(&d).expect("serialises");
    let back: ModelDiff = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, d);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["entities"][0]["section"], "factory");
    assert_eq!(v["entities"][0]["fields"][0]["new"], "Test Works II");
}

#[test]
fn a_removed_protection_is_a_field_change_and_calls_for_the_pair_review() {
    let old = load(BASE);
    let new = load(&BASE.replace("[authentication, encryption]", "[authentication]"));
    let d = run(&old, &new);
    let flow = d
        .entities
        .iter()
        .find(|e| e.subject == "flow:pc-to-plc")
        .unwrap_or_else(|| panic!("{d:#?}"));
    assert_eq!(flow.change, ChangeKind::Changed);
    assert!(
        flow.fields
            .iter()
            .any(|f| f.field == "protections" && f.removed == ["encryption"]),
        "{flow:#?}"
    );
    assert!(
        review(
            &d,
            ReviewKind::InterZoneRequirements,
            &["zone:control", "zone:oa"]
        )
        .is_some()
    );
    assert!(d.findings.is_none());
}

#[test]
fn history_entries_report_invalid_models_and_counts() {
    let valid = load(BASE);
    let version = |commit: &str, model| git::FileVersion {
        commit: commit.into(),
        time: 1_700_000_000,
        summary: format!("commit {commit}"),
        model: git::RevisionModel {
            label: commit.into(),
            model,
            checkout: None,
        },
    };
    let bad = kojo_model::load_str(Path::new("bad.yaml"), "version: 7\n");
    assert!(bad.is_err());
    let versions = vec![
        version("a1b2c3d4e5f6a7b8", Ok(valid)),
        version("ffeeddccbbaa9988", bad),
    ];
    let entries = history_entries(&versions, |_| {
        Ok(Summary::of(&[
            finding("F-1", Severity::High, false),
            finding("F-2", Severity::Low, false),
        ]))
    });
    assert_eq!(entries[0].short, "a1b2c3d4e5");
    assert_eq!(entries[0].date, "2023-11-14 22:13");
    let counts = entries[0].by_severity.as_ref().expect("assessed");
    assert_eq!(
        (
            counts[&Severity::High],
            counts[&Severity::Low],
            counts[&Severity::Critical]
        ),
        (1, 1, 0)
    );
    assert!(entries[1].by_severity.is_none());
    assert!(
        entries[1]
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("invalid model"))
    );
}

#[test]
fn spec_parsing_prefers_existing_files() {
    use git::ModelSpec;
    assert_eq!(
        ModelSpec::parse("HEAD~3:plant/factory.yaml"),
        ModelSpec::Revision {
            rev: "HEAD~3".into(),
            path: "plant/factory.yaml".into()
        }
    );
    assert_eq!(
        ModelSpec::parse("factory.yaml"),
        ModelSpec::File("factory.yaml".into())
    );
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    assert_eq!(ModelSpec::parse(manifest), ModelSpec::File(manifest.into()));
    assert_eq!(ModelSpec::parse(":x"), ModelSpec::File(":x".into()));
}

#[test]
fn include_entries_resolve_relative_to_the_including_file() {
    use git::include_target;
    assert_eq!(
        include_target("plant/factory.yaml", "zones.yaml").as_deref(),
        Some("plant/zones.yaml")
    );
    assert_eq!(
        include_target("plant/areas/assets.yaml", "../common/./parties.yaml").as_deref(),
        Some("plant/common/parties.yaml")
    );
    assert_eq!(
        include_target("factory.yaml", "zones.yaml").as_deref(),
        Some("zones.yaml")
    );
    // Outside the repository, or absolute: no commit holds it.
    assert_eq!(include_target("plant/factory.yaml", "../../x.yaml"), None);
    assert_eq!(
        include_target("plant/factory.yaml", "/etc/zones.yaml"),
        None
    );
    assert_eq!(include_target("factory.yaml", ""), None);

    // The list the loader would follow, read from the text alone.
    let text =
        "version: 1\nbase: &z zones.yaml\ninclude:\n  - *z\n  - areas/assets.yaml\n  - [nested]\n";
    assert_eq!(
        kojo_model::include_entries(text),
        ["zones.yaml", "areas/assets.yaml"]
    );
    assert_eq!(
        kojo_model::include_entries("include: [a.yaml]\ninclude: [b.yaml]\n"),
        ["a.yaml"]
    );
    assert!(kojo_model::include_entries("include: zones.yaml\n").is_empty());
    assert!(kojo_model::include_entries("include: [a.yaml\n").is_empty());
    assert!(kojo_model::include_entries("- include\n").is_empty());
}

#[test]
fn findings_sharing_an_id_are_not_lost() {
    let m = load(BASE);
    let mut twin = finding("F-00000000aa", Severity::High, false);
    twin.subjects = vec!["flow:a".into()];
    let mut other = finding("F-00000000aa", Severity::High, false);
    other.subjects = vec!["flow:b".into()];
    let old = assessment(vec![twin.clone()], "low");
    let new = assessment(vec![twin, other], "low");
    let d = diff(
        &Side {
            label: "old",
            model: &m,
            assessment: Some(&old),
        },
        &Side {
            label: "new",
            model: &m,
            assessment: Some(&new),
        },
    );
    let f = d.findings.expect("assessed");
    assert_eq!(f.new.len(), 1);
    assert_eq!(f.new[0].subjects, ["flow:b"]);
    assert!(f.resolved.is_empty() && f.severity_changed.is_empty());
}
