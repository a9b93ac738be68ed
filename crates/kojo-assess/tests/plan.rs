//! The plan (Step 2-1: the most significant first): on the Annex A "after" models the
//! annex's conclusion is among the first three actions, ranks follow the facts and not the
//! ids or list order, and every action closes findings that exist.

mod common;

use kojo_findings::{Assessment, PlanActionKind, Severity};
use kojo_model::Model;
use std::collections::BTreeSet;

fn load(name: &str) -> Model {
    let path = common::examples_dir().join(name);
    kojo_model::load_file(&path).unwrap_or_else(|d| panic!("{name} does not load: {d:?}"))
}

fn first_three(a: &Assessment) -> Vec<String> {
    a.plan.iter().take(3).map(|p| p.title.clone()).collect()
}

/// The zoning change is the root cause: it comes before the requirement reviews of other
/// zones (which its own words ask for after it), on every model that proposes one.
#[test]
fn a_zoning_change_comes_before_the_requirement_reviews() {
    for file in ["case1-after.yaml", "case2-after.yaml"] {
        let a = common::assess_on_fixed_date(&load(file));
        let first_change = a
            .plan
            .iter()
            .position(|p| p.action == PlanActionKind::ZoneChange);
        let first_review = a
            .plan
            .iter()
            .position(|p| p.title.starts_with("Review the security requirements"));
        assert_eq!(first_change, Some(0), "{file}: {:#?}", first_three(&a));
        assert!(first_review.is_none_or(|r| r > 0), "{file}");
    }
}

#[test]
fn each_annex_conclusion_is_among_the_first_three_actions() {
    // Case 1: split CAD and its operation server out of the OA zone.
    let a = common::assess_on_fixed_date(&load("case1-after.yaml"));
    let split = a.plan.iter().take(3).find(|p| {
        p.action == PlanActionKind::ZoneChange
            && p.subjects.iter().any(|s| s.starts_with("zone:oa"))
            && p.title.starts_with("Split ")
    });
    let split = split.unwrap_or_else(|| panic!("case 1: {:#?}", first_three(&a)));
    assert!(
        split.subjects.iter().any(|s| s.contains("cad")),
        "{:?}",
        split.subjects
    );
    assert_eq!(split.horizon, kojo_findings::Horizon::Now);
    // Case 2: separate the remote service from the warehouse zone.
    let a = common::assess_on_fixed_date(&load("case2-after.yaml"));
    assert!(
        a.plan
            .iter()
            .take(3)
            .any(|p| p.action == PlanActionKind::ZoneChange
                && p.title.starts_with("Separate ")
                && p.subjects.iter().any(|s| s == "zone:automated-warehouse")),
        "case 2: {:#?}",
        first_three(&a)
    );
    // Case 3: review the requirements of the production control zone; no zone change.
    let a = common::assess_on_fixed_date(&load("case3-after.yaml"));
    assert!(
        a.plan
            .iter()
            .take(3)
            .any(|p| p.title.starts_with("Review the security requirements")
                && p.subjects
                    .first()
                    .is_some_and(|s| s == "zone:production-control")),
        "case 3: {:#?}",
        first_three(&a)
    );
    assert!(
        a.plan
            .iter()
            .all(|p| p.action != PlanActionKind::ZoneChange)
    );
}

#[test]
fn actions_close_existing_findings_and_lower_their_risk() {
    for (name, m) in common::annex_a_models() {
        let a = common::assess_on_fixed_date(&m);
        assert!(!a.plan.is_empty(), "{name}: no plan");
        let ids: BTreeSet<&str> = a.findings.iter().map(|f| f.id.as_str()).collect();
        let mut action_ids = BTreeSet::new();
        for (i, p) in a.plan.iter().enumerate() {
            assert_eq!(p.rank as usize, i + 1, "{name}");
            assert!(
                action_ids.insert(p.id.as_str()),
                "{name}: two actions {}",
                p.id
            );
            assert!(!p.closes.is_empty(), "{name}: {} closes nothing", p.title);
            for c in &p.closes {
                assert!(
                    ids.contains(c.as_str()),
                    "{name}: {} closes unknown {c}",
                    p.title
                );
            }
            assert!(p.risk.after <= p.risk.before, "{name}: {}", p.title);
            let ja = p.i18n.get("ja").expect("Japanese words");
            assert!(
                !ja.title.is_empty() && ja.title != p.title,
                "{name}: {}",
                p.title
            );
            assert!(
                !p.title.contains("(s)") && !p.title.contains("msr-"),
                "{}",
                p.title
            );
            if p.action == PlanActionKind::Measure {
                assert!(
                    p.measure.is_some()
                        || p.title.contains("boundary")
                        || p.title.contains("traffic")
                        || p.title.contains("overdue"),
                    "{}",
                    p.title
                );
            }
        }
        // Every open critical threat is acted on.
        for f in a.findings.iter().filter(|f| {
            f.kind == "threat" && f.severity == Severity::Critical && f.decision.is_none()
        }) {
            let lowered = f
                .facts
                .get("lowered_by")
                .and_then(|v| v.as_array())
                .is_some_and(|v| !v.is_empty());
            if lowered {
                assert!(
                    a.plan.iter().any(|p| p.closes.contains(&f.id)),
                    "{name}: critical {} is in no action",
                    f.title
                );
            }
        }
    }
}

#[test]
fn renaming_zones_and_reversing_lists_changes_no_action() {
    for name in ["case1-after.yaml", "case2-after.yaml", "case3-after.yaml"] {
        let m = load(name);
        let words = |a: &Assessment| -> Vec<(u32, String, String, Severity, Severity)> {
            a.plan
                .iter()
                .map(|p| {
                    (
                        p.rank,
                        p.title.clone(),
                        p.detail.clone(),
                        p.risk.before,
                        p.risk.after,
                    )
                })
                .collect()
        };
        let before = words(&common::assess_on_fixed_date(&m));
        let after = words(&common::assess_on_fixed_date(
            &common::renamed_and_reversed(m),
        ));
        assert_eq!(before, after, "{name}");
    }
}

#[test]
fn no_two_findings_state_the_same_threat_on_the_same_subjects() {
    let mut models = common::annex_a_models();
    let synth = kojo_synth::factory_yaml(300, 12, 900, 7);
    models.push((
        "generated".into(),
        kojo_model::load_str(std::path::Path::new("synth.yaml"), &synth).expect("synth loads"),
    ));
    for (name, m) in models {
        let a = common::assess_on_fixed_date(&m);
        let mut seen = BTreeSet::new();
        for f in a.findings.iter().filter(|f| f.kind == "threat") {
            let mut subjects = f.subjects.clone();
            subjects.sort();
            assert!(
                seen.insert((f.catalog[0].clone(), subjects)),
                "{name}: {} twice",
                f.title
            );
        }
        assert!(a.findings.iter().all(|f| f.kind != "measure-gap"), "{name}");
        // A decision names one finding by id: no two findings may share one.
        let mut ids = BTreeSet::new();
        for f in &a.findings {
            assert!(
                ids.insert(f.id.as_str()),
                "{name}: id {} twice ({})",
                f.id,
                f.kind
            );
        }
    }
}

/// A factory written for the purpose: a line zone that no entry point reaches (it only sends
/// out, through a data diode), with every catalogued measure implemented on it and its flow
/// protected; and an office zone that the internet reaches, with nothing in place.
fn protected_and_exposed() -> Model {
    let catalog = kojo_catalog::Catalog::embedded().expect("embedded catalog");
    let mut measures = String::new();
    for m in catalog.measures() {
        measures.push_str(&format!(
            "  - measure: {}\n    scope: [zone:line, flow:line-to-office]\n    status: implemented\n",
            m.id
        ));
    }
    let yaml = format!(
        r#"version: 1
factory:
  name: Two-zone works
  industry: processing-assembly
  purposes: [improve-quality]
  bcp: {{exists: true}}
departments:
  - {{id: prod, name: Production, kind: production}}
  - {{id: sec, name: Security office, kind: security}}
operations:
  - {{id: machining, name: Machining, importance: high}}
  - {{id: office-work, name: Office work, importance: high}}
zones:
  - {{id: line, name: Machining line zone, kind: control, owner: prod}}
  - {{id: office, name: Office zone, kind: information, owner: sec}}
assets:
  - {{id: cnc, name: CNC controller, kind: equipment, role: plc, zone: line, operations: [machining], traits: [embedded-computer]}}
  - {{id: diode, name: Data diode, kind: equipment, role: data-diode, zone: line, operations: [machining]}}
  - {{id: erp, name: ERP server, kind: equipment, role: server, zone: office, operations: [office-work], traits: [general-purpose]}}
  - {{id: gw, name: Internet gateway, kind: equipment, role: router, zone: office, operations: [office-work]}}
flows:
  - {{id: line-to-office, from: cnc, to: erp, via: [diode], network: internal, protocol: https, protections: [encryption, authentication, integrity-check, input-validation]}}
  - {{id: internet-to-erp, from: gw, to: erp, network: internet, protocol: https}}
measures:
{measures}"#
    );
    kojo_model::load_str(std::path::Path::new("two-zone.yaml"), &yaml)
        .unwrap_or_else(|d| panic!("the two-zone factory does not load: {d:?}\n{yaml}"))
}

#[test]
fn a_protected_unexposed_zone_has_no_high_finding_and_the_exposed_one_ranks_first() {
    let a = common::assess_on_fixed_date(&protected_and_exposed());
    let on = |zone: &str| -> Vec<&kojo_findings::Finding> {
        a.findings
            .iter()
            .filter(|f| f.subjects.first().is_some_and(|s| s == zone))
            .collect()
    };
    let line = on("zone:line");
    for f in &line {
        assert!(
            f.severity < Severity::High,
            "protected zone: {} {} — {}",
            f.severity.as_str(),
            f.title,
            f.detail
        );
    }
    let office = on("zone:office");
    assert!(
        office.iter().any(|f| f.severity >= Severity::High),
        "the exposed zone has a high finding: {:#?}",
        office.iter().map(|f| &f.title).collect::<Vec<_>>()
    );
    // The first action that names a zone names the exposed one.
    let first = a
        .plan
        .iter()
        .find(|p| p.subjects.iter().any(|s| s.starts_with("zone:")))
        .expect("an action on a zone");
    assert!(
        first.subjects.iter().any(|s| s == "zone:office"),
        "first: {} {:?}",
        first.title,
        first.subjects
    );
    assert!(a.plan.iter().all(|p| !p.subjects.iter().any(|s| s == "zone:line")
        || p.risk.before < Severity::High));
}

/// A packaging plant written for the purpose: an OEE vendor runs an edge collector in the
/// line zone that sends line data over the internet to its cloud (a zone outside the plant),
/// and an engineering laptop in the office programs the filler PLC through the line firewall.
fn packaging_plant(cloud_operator: &str) -> Model {
    let yaml = format!(
        r#"version: 1
factory:
  name: Packaging works
  industry: processing-assembly
  purposes: [increase-productivity]
  bcp: {{exists: true}}
departments:
  - {{id: prod, name: Production, kind: production}}
  - {{id: it, name: IT and security, kind: security}}
parties:
  - id: oee-vendor
    name: OEE analytics vendor
    kind: cloud-service
    contract: {{security_measures: false, service_levels: true, incident_response: false}}
operations:
  - {{id: filling, name: Filling, importance: high}}
  - {{id: oee, name: OEE analysis, importance: medium, performed_by: oee-vendor}}
  - {{id: office-work, name: Office work, importance: medium}}
zones:
  - {{id: line, name: Filling line zone, kind: control, owner: prod}}
  - {{id: office, name: Office zone, kind: information, owner: it}}
  - {{id: oee-cloud, name: OEE cloud, kind: external}}
assets:
  - {{id: filler-plc, name: Filler PLC, kind: equipment, role: plc, zone: line, operations: [filling], traits: [embedded-computer]}}
  - {{id: line-fw, name: Line firewall, kind: equipment, role: firewall, zone: line, operations: [filling]}}
  - {{id: edge, name: OEE edge collector, kind: equipment, role: gateway, zone: line, operations: [oee], traits: [general-purpose], supplier: oee-vendor{cloud_operator}}}
  - {{id: oee-service, name: OEE cloud service, kind: external-service, zone: oee-cloud, operations: [oee], traits: [cloud-hosted], supplier: oee-vendor{cloud_operator}}}
  - {{id: laptop, name: Engineering laptop, kind: equipment, role: engineering-station, zone: office, operations: [office-work], traits: [general-purpose]}}
flows:
  - {{id: plc-to-edge, from: filler-plc, to: edge, network: internal, protocol: opc-ua}}
  - {{id: edge-to-cloud, from: edge, to: oee-service, network: internet, protocol: https}}
  - {{id: laptop-to-plc, from: laptop, to: filler-plc, via: [line-fw], network: internal, protocol: s7comm, control: true}}
"#
    );
    kojo_model::load_str(std::path::Path::new("packaging.yaml"), &yaml)
        .unwrap_or_else(|d| panic!("the packaging plant does not load: {d:?}\n{yaml}"))
}

/// The plant cannot implement a measure inside a provider's cloud: a measure picked for an
/// outside zone is an action with its provider, agreed in the contract (Step 3 (2), Table
/// 3-10), owned by the party, never "Implement … in OEE cloud".
#[test]
fn a_measure_in_a_providers_zone_is_agreed_with_the_provider() {
    for operator in [", operated_by: oee-vendor", ""] {
        let a = common::assess_on_fixed_date(&packaging_plant(operator));
        let on_cloud: Vec<&kojo_findings::PlanAction> = a
            .plan
            .iter()
            .filter(|p| p.measure.is_some() && p.subjects.iter().any(|s| s == "zone:oee-cloud"))
            .collect();
        assert!(
            !on_cloud.is_empty(),
            "a measure is picked for the cloud zone"
        );
        for p in &on_cloud {
            assert_eq!(p.action, PlanActionKind::SupplyChain, "{}", p.title);
            assert!(
                p.title.starts_with("Have OEE analytics vendor apply ")
                    && p.title
                        .ends_with(" in OEE cloud, and settle it in the contract"),
                "{}",
                p.title
            );
            assert_eq!(p.owner.as_deref(), Some("oee-vendor"), "{}", p.title);
            assert!(p.reference.contains("Table 3-10"), "{}", p.reference);
            let ja = &p.i18n["ja"].title;
            assert!(
                ja.starts_with("OEE analytics vendor に OEE cloud で "),
                "{ja}"
            );
            assert!(!ja.contains("Have") && !ja.contains("contract"), "{ja}");
        }
        // Step 2-1, the most significant first: past the zoning changes, an action meeting a
        // lower risk never ranks above one meeting a higher risk, whatever its kind.
        let befores: Vec<Severity> = a
            .plan
            .iter()
            .filter(|p| {
                matches!(
                    p.action,
                    PlanActionKind::Measure | PlanActionKind::SupplyChain
                )
            })
            .map(|p| p.risk.before)
            .collect();
        assert!(
            befores.windows(2).all(|w| w[0] >= w[1]),
            "ranked by the risk met: {befores:?}"
        );
        // The plant's own zones keep their "Implement" actions.
        assert!(a.plan.iter().any(|p| {
            p.action == PlanActionKind::Measure
                && p.subjects
                    .iter()
                    .any(|s| s == "zone:line" || s == "zone:office")
        }));
    }
}
