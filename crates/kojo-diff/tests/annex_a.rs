//! The Annex A before/after pairs of `examples/annex-a/`: each diff must name the new
//! service, its flows and what the third step of the case names for review.

use kojo_diff::{ChangeKind, ModelDiff, ReviewKind, Side};
use kojo_findings::Assessment;
use kojo_model::Model;
use std::path::PathBuf;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a")
}

fn load(name: &str) -> Model {
    let path = examples().join(name);
    match kojo_model::load_file(&path) {
        Ok(m) => m,
        Err(d) => panic!("{} does not load: {d:#?}", path.display()),
    }
}

fn assess(m: &Model) -> Assessment {
    let catalog = kojo_catalog::Catalog::embedded().expect("embedded catalog loads");
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 1,
            day: 1,
        }),
        ..Default::default()
    };
    kojo_assess::assess(m, &catalog, &opts).expect("assessment runs")
}

fn diff_case(n: u32) -> ModelDiff {
    let old = load(&format!("case{n}-before.yaml"));
    let new = load(&format!("case{n}-after.yaml"));
    let (a, b) = (assess(&old), assess(&new));
    kojo_diff::diff(
        &Side {
            label: "before",
            model: &old,
            assessment: Some(&a),
        },
        &Side {
            label: "after",
            model: &new,
            assessment: Some(&b),
        },
    )
}

fn added(d: &ModelDiff, subject: &str) -> bool {
    d.entities
        .iter()
        .any(|e| e.subject == subject && e.change == ChangeKind::Added)
}

fn has_review(d: &ModelDiff, what: ReviewKind, subjects: &[&str]) -> bool {
    d.review
        .iter()
        .any(|r| r.what == what && r.subjects == subjects)
}

fn bcp_points(d: &ModelDiff) -> Vec<&str> {
    d.review
        .iter()
        .filter(|r| r.what == ReviewKind::BcpReviewPoint)
        .filter_map(|r| r.point.as_deref())
        .collect()
}

fn new_finding(d: &ModelDiff, kind: &str, subject: &str) -> bool {
    d.findings.as_ref().is_some_and(|f| {
        f.new
            .iter()
            .any(|x| x.kind == kind && x.subjects.iter().any(|s| s == subject))
    })
}

/// (i) CAD-driven manufacturing: the CAD and its server join the OA zone and drive the
/// parts manufacturing zone through SCADA without human review.
#[test]
fn case1_names_the_service_its_flows_and_the_zone_split() {
    let d = diff_case(1);
    for s in [
        "asset:cad",
        "asset:cad-operation-server",
        "operation:cad-driven-manufacturing",
        "flow:cad-to-scada",
        "flow:scada-to-parts-manufacturing",
    ] {
        assert!(added(&d, s), "{s} not reported added");
    }
    // Step 3: a separate zone for what sends control instructions (the new zone to make).
    assert!(
        new_finding(&d, "zone-split-control-origin", "zone:oa"),
        "{:#?}",
        d.findings
    );
    // Step 3: requirements between the new zone's assets and SCADA / parts manufacturing.
    assert!(has_review(
        &d,
        ReviewKind::InterZoneRequirements,
        &["zone:oa", "zone:production-monitoring"]
    ));
    assert!(has_review(
        &d,
        ReviewKind::InterZoneRequirements,
        &["zone:parts-manufacturing", "zone:production-monitoring"]
    ));
    assert!(has_review(
        &d,
        ReviewKind::ZoneRequirements,
        &["zone:parts-manufacturing"]
    ));
    let points = bcp_points(&d);
    assert!(
        points.contains(&"new-service-impact") && points.contains(&"new-service-failure-impact")
    );
}

/// (ii) Remote maintenance of the automated warehouse by an external service.
#[test]
fn case2_names_the_external_service_and_the_boundary() {
    let d = diff_case(2);
    for s in [
        "asset:remote-maintenance-service",
        "asset:warehouse-maintenance-server",
        "party:whtech",
        "flow:warehouse-to-remote-maintenance",
    ] {
        assert!(added(&d, s), "{s} not reported added");
    }
    // Step 3: separate the external service (boundary, division of responsibility).
    assert!(new_finding(
        &d,
        "zone-separate-external",
        "zone:automated-warehouse"
    ));
    assert!(has_review(
        &d,
        ReviewKind::ResponsibilityBoundary,
        &["zone:automated-warehouse", "party:whtech"]
    ));
    let boundary = d
        .review
        .iter()
        .find(|r| r.what == ReviewKind::ResponsibilityBoundary)
        .expect("boundary item");
    // Inventory and in/out data cross the boundary.
    assert!(
        boundary
            .because
            .iter()
            .any(|b| b.contains("inout-records") && b.contains("material-inventory"))
    );
    let checklist = d
        .review
        .iter()
        .find(|r| r.what == ReviewKind::PartyChecklist && r.subjects == ["party:whtech"])
        .expect("whtech checklist");
    assert_eq!(checklist.point.as_deref(), Some("cloud-service"));
    let points = bcp_points(&d);
    for p in [
        "partner-incident-impact",
        "new-service-suspension-impact",
        "own-incident-impact-on-partners",
    ] {
        assert!(points.contains(&p), "{p} not reopened: {points:?}");
    }
}

/// (iii) MES upgrade: no new zone; production control receives new production-status data.
#[test]
fn case3_names_no_new_zone_and_the_production_control_reviews() {
    let d = diff_case(3);
    assert!(
        !d.entities
            .iter()
            .any(|e| e.subject.starts_with("zone:") && e.change == ChangeKind::Added)
    );
    assert!(added(&d, "flow:parts-status-to-mes") && added(&d, "flow:product-status-to-mes"));
    assert!(added(&d, "asset:production-status"));
    let mes = d
        .entities
        .iter()
        .find(|e| e.subject == "asset:mes-server")
        .expect("MES changed");
    assert_eq!(mes.change, ChangeKind::Changed);
    // Step 3: the requirements of the production control zone, which receives new data…
    let within = d
        .review
        .iter()
        .find(|r| {
            r.what == ReviewKind::ZoneRequirements && r.subjects == ["zone:production-control"]
        })
        .expect("production control review");
    assert!(
        within
            .because
            .iter()
            .any(|b| b.starts_with("receives new flow:parts-status-to-mes"))
    );
    assert!(new_finding(
        &d,
        "zone-review-requirements",
        "zone:production-control"
    ));
    // …and those between the manufacturing zones and it.
    for z in ["zone:parts-manufacturing", "zone:product-manufacturing"] {
        assert!(
            has_review(
                &d,
                ReviewKind::InterZoneRequirements,
                &[z, "zone:production-control"]
            ),
            "{z}"
        );
    }
    // An in-house upgrade: no party, no partner BCP point.
    assert!(
        !d.review
            .iter()
            .any(|r| r.what == ReviewKind::PartyChecklist)
    );
    assert!(!bcp_points(&d).contains(&"partner-incident-impact"));
}

#[test]
fn each_model_against_itself_is_empty() {
    for n in ["case1-after.yaml", "case2-before.yaml", "case3-after.yaml"] {
        let m = load(n);
        let a = assess(&m);
        let d = kojo_diff::diff(
            &Side {
                label: n,
                model: &m,
                assessment: Some(&a),
            },
            &Side {
                label: n,
                model: &m,
                assessment: Some(&a),
            },
        );
        assert!(d.is_empty(), "{n}: {d:#?}");
    }
}

#[test]
fn reordering_the_yaml_lists_of_an_annex_model_is_not_a_change() {
    let m = load("case2-after.yaml");
    // Every list in reverse order, re-assessed: ids, not positions, match everything up.
    let mut r = m.clone();
    r.zones.reverse();
    r.assets.reverse();
    r.flows.reverse();
    r.parties.reverse();
    r.operations.reverse();
    r.measures.reverse();
    r.supply_chain.reverse();
    for a in &mut r.assets {
        a.traits.reverse();
        a.operations.reverse();
    }
    for f in &mut r.flows {
        f.data.reverse();
        f.protections.reverse();
    }
    let (a, b) = (assess(&m), assess(&r));
    let d = kojo_diff::diff(
        &Side {
            label: "as written",
            model: &m,
            assessment: Some(&a),
        },
        &Side {
            label: "reordered",
            model: &r,
            assessment: Some(&b),
        },
    );
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn json_of_a_case() {
    let d = diff_case(2);
    assert!(
        d.review
            .iter()
            .any(|r| r.what == ReviewKind::ResponsibilityBoundary)
    );
    let v = serde_json::to_value(&d).expect("json");
    assert!(v["review"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(
        v["findings"]["new"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
}
