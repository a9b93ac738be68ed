//! The Annex A models of `examples/annex-a/` give the annex's conclusions (issue "done
//! means"): the zoning problem appears with the change, as in the annex.

use kojo_assess::{AssessOptions, assess};
use kojo_catalog::Catalog;
use kojo_findings::Assessment;
use kojo_model::Date;
use std::path::PathBuf;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a")
}

fn run(name: &str) -> Option<Assessment> {
    let path = examples().join(name);
    if !path.exists() {
        eprintln!("skipped: example not found at {}", path.display());
        return None;
    }
    let model = match kojo_model::load_file(&path) {
        Ok(m) => m,
        Err(d) => panic!("{name} does not load: {d:?}"),
    };
    let catalog = match Catalog::embedded() {
        Ok(c) => c,
        Err(e) => panic!("embedded catalog: {e}"),
    };
    let opts = AssessOptions {
        today: Some(Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    match assess(&model, &catalog, &opts) {
        Ok(a) => Some(a),
        Err(e) => panic!("{name}: {e}"),
    }
}

fn subjects_of(a: &Assessment, kind: &str) -> Vec<Vec<String>> {
    a.findings
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.subjects.clone())
        .collect()
}

#[test]
fn case1_after_splits_the_cad_zone_and_divides_by_operation() {
    let Some(a) = run("case1-after.yaml") else {
        return;
    };
    let split = subjects_of(&a, "zone-split-control-origin");
    assert_eq!(split.len(), 1, "{split:?}");
    assert_eq!(split[0][0], "zone:oa");
    assert!(split[0].contains(&"asset:cad".to_string()));
    assert!(split[0].contains(&"asset:cad-operation-server".to_string()));
    assert!(!split[0].contains(&"asset:oa-server".to_string()));
    assert!(!subjects_of(&a, "zone-divide-by-operation").is_empty());
    // Requirements between the new service and SCADA / parts manufacturing.
    let flows = subjects_of(&a, "flow-review-requirements");
    assert!(
        flows
            .iter()
            .any(|s| s[0] == "zone:production-monitoring" && s.contains(&"zone:oa".to_string())),
        "{flows:?}"
    );
}

#[test]
fn case1_before_has_no_control_origin_split() {
    let Some(a) = run("case1-before.yaml") else {
        return;
    };
    assert!(subjects_of(&a, "zone-split-control-origin").is_empty());
}

#[test]
fn case2_after_separates_the_external_service() {
    let Some(a) = run("case2-after.yaml") else {
        return;
    };
    let sep: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.kind == "zone-separate-external")
        .collect();
    assert_eq!(sep.len(), 1);
    assert_eq!(sep[0].subjects[0], "zone:automated-warehouse");
    assert!(
        sep[0]
            .subjects
            .contains(&"asset:remote-maintenance-service".to_string())
    );
    assert!(
        sep[0].detail.contains("warehouse-to-remote-maintenance"),
        "boundary named: {}",
        sep[0].detail
    );
    assert!(sep[0].recommendation.contains("division of responsibility"));
}

#[test]
fn case2_before_has_no_external_separation() {
    let Some(a) = run("case2-before.yaml") else {
        return;
    };
    assert!(subjects_of(&a, "zone-separate-external").is_empty());
}

#[test]
fn case3_after_reviews_the_production_control_zone_without_rezoning() {
    let Some(a) = run("case3-after.yaml") else {
        return;
    };
    let review = subjects_of(&a, "zone-review-requirements");
    assert!(
        review.iter().any(|s| s[0] == "zone:production-control"),
        "{review:?}"
    );
    assert!(subjects_of(&a, "zone-split-control-origin").is_empty());
    assert!(subjects_of(&a, "zone-separate-external").is_empty());
}

#[test]
fn ids_are_stable_and_findings_located() {
    let (Some(a), Some(b)) = (run("case1-after.yaml"), run("case1-after.yaml")) else {
        return;
    };
    assert_eq!(a, b);
    assert!(a.findings.iter().all(|f| f.rule.is_some()));
    assert!(
        a.findings.iter().filter(|f| f.location.is_some()).count() * 10 >= a.findings.len() * 9
    );
    assert!(a.findings.iter().all(|f| f.i18n.contains_key("ja")));
    assert_eq!(a.model.sha256.len(), 64);
}
