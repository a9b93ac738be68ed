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
fn case1_after_splits_the_cad_zone_and_needs_no_further_division() {
    let Some(a) = run("case1-after.yaml") else {
        return;
    };
    let split = subjects_of(&a, "zone-split-control-origin");
    assert_eq!(split.len(), 1, "{split:?}");
    assert_eq!(split[0][0], "zone:oa");
    assert!(split[0].contains(&"asset:cad".to_string()));
    assert!(split[0].contains(&"asset:cad-operation-server".to_string()));
    assert!(!split[0].contains(&"asset:oa-server".to_string()));
    // Step 1 of the case (parts / product manufacturing zones) is done in the model; the
    // maintenance console serves the parts line it controls, not an operation of its own.
    assert!(subjects_of(&a, "zone-divide-by-operation").is_empty());
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
    // The boundary flow by id in the facts, by its ends in the words (no ids in prose).
    assert!(
        sep[0].facts["boundary_flows"]
            .as_array()
            .is_some_and(|v| v.iter().any(|f| f == "warehouse-to-remote-maintenance")),
        "boundary named: {:?}",
        sep[0].facts
    );
    assert!(
        sep[0].detail.contains("The boundary lies on ")
            && !sep[0].detail.contains("warehouse-to-remote-maintenance"),
        "{}",
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

/// English words kojo itself writes, which must not appear in a Japanese finding text
/// (the model's own names and ids are taken out first: they stay as the user wrote them).
/// Compared case-sensitively: proper terms such as OPC UA's security mode "None" stay.
const ENGLISH_WORDS: &[&str] = &[
    "and",
    "more",
    "threats",
    "order",
    "missing",
    "include",
    "includes",
    "confirm",
    "is",
    "has",
    "no",
    "lead",
    "decision",
    "maker",
    "stage",
    "written",
    "high",
    "medium",
    "low",
    "critical",
    "info",
    "none",
    "unknown",
    "safety",
    "quality",
    "delivery",
    "cost",
    "business_continuity",
    "basic",
    "practice",
    "application",
    "asks",
    "level",
    "next",
    "operations",
    "countermeasures",
    "implemented",
    "planned",
    "importance",
    "risk",
    "viewpoint",
    "impact",
    "security",
    "production",
    "engineering",
    "share",
    "information",
    "incident",
    "the",
    "of",
    "not",
    "covered",
    "answered",
];

/// The model's own words: ids and names of everything the user names, longest first.
fn model_words(m: &kojo_model::Model) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    v.push(m.factory.name.clone());
    for z in &m.zones {
        v.extend([z.id.clone(), z.name.clone()]);
    }
    for a in &m.assets {
        v.extend([a.id.clone(), a.name.clone()]);
    }
    for o in &m.operations {
        v.extend([o.id.clone(), o.name.clone()]);
    }
    for p in &m.parties {
        v.extend([p.id.clone(), p.name.clone()]);
    }
    for d in &m.departments {
        v.extend([d.id.clone(), d.name.clone()]);
    }
    v.extend(m.flows.iter().map(|f| f.id.clone()));
    v.retain(|s| !s.is_empty());
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v
}

/// "and 3 more" and the like: English list tails.
fn has_and_n_more(s: &str) -> bool {
    s.match_indices("and ").any(|(i, _)| {
        let rest = &s[i + 4..];
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        digits > 0 && rest[digits..].starts_with(" more")
    })
}

#[test]
fn japanese_finding_texts_carry_no_english_that_kojo_writes() {
    let mut names: Vec<PathBuf> = match std::fs::read_dir(examples()) {
        Ok(d) => d.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!(
                "skipped: examples not found at {}: {e}",
                examples().display()
            );
            return;
        }
    };
    names.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    let mut problems = Vec::new();
    for path in &names {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(a) = run(name) else { return };
        let model = match kojo_model::load_file(path) {
            Ok(m) => m,
            Err(d) => panic!("{name} does not load: {d:?}"),
        };
        let words = model_words(&model);
        for f in &a.findings {
            let Some(ja) = f.i18n.get("ja") else {
                problems.push(format!("{name} {} {}: no Japanese text", f.kind, f.id));
                continue;
            };
            for (field, text) in [
                ("title", &ja.title),
                ("detail", &ja.detail),
                ("recommendation", &ja.recommendation),
            ] {
                for phrase in [
                    "threats in order",
                    "is missing",
                    "does not include",
                    "confirm ",
                ] {
                    if text.contains(phrase) {
                        problems.push(format!("{name} {} {field}: {phrase:?} in {text}", f.kind));
                    }
                }
                if has_and_n_more(text) {
                    problems.push(format!(
                        "{name} {} {field}: \"and N more\" in {text}",
                        f.kind
                    ));
                }
                let mut own = text.clone();
                for w in &words {
                    own = own.replace(w.as_str(), " ");
                }
                // Ids (thr-…, procurement.security-policy) and model keys
                // (factory.bcp.considers, flows[].via) are words of their own.
                let is_word = |c: char| c.is_ascii_alphanumeric() || "_-.[]".contains(c);
                for token in own.split(|c: char| !is_word(c)) {
                    let token = token.trim_end_matches('.');
                    if token.contains(['-', '.', '[']) {
                        continue;
                    }
                    if ENGLISH_WORDS.contains(&token) {
                        problems.push(format!("{name} {} {field}: {token:?} in {text}", f.kind));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
