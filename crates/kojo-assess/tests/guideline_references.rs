//! Every guideline reference the rules can write names a section, part, table, row, figure
//! or Annex A case step of the smartification appendix (checked against the outline kept as
//! catalog data, `catalog/seed-outline.yaml`, which the catalog's tests read against the
//! seed itself).

mod common;

use kojo_catalog::SeedOutline;

/// References written by producers whose code is mended elsewhere; each must still be
/// shown here so that it is not forgotten.
const KNOWN_ELSEWHERE: &[&str] = &[];

#[test]
fn every_rule_s_reference_exists_in_the_appendix() {
    let outline = SeedOutline::embedded();
    let bad: Vec<String> = kojo_assess::rules()
        .iter()
        .filter_map(|r| {
            outline
                .check(r.reference)
                .err()
                .map(|e| format!("{}: {e}", r.id))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_finding_s_reference_exists_in_the_appendix() {
    let outline = SeedOutline::embedded();
    let mut models = common::annex_a_models();
    let synth = kojo_synth::factory_yaml(300, 12, 900, 7);
    let m = kojo_model::load_str(std::path::Path::new("synth.yaml"), &synth)
        .unwrap_or_else(|d| panic!("the generated model does not load: {d:?}"));
    models.push(("generated".into(), m));
    let mut bad = Vec::new();
    let mut checked = 0;
    for (name, model) in &models {
        let a = common::assess_on_fixed_date(model);
        for f in &a.findings {
            checked += 1;
            if KNOWN_ELSEWHERE.contains(&f.reference.as_str()) {
                continue;
            }
            if let Err(e) = outline.check(&f.reference) {
                bad.push(format!("{name}: {} ({}): {e}", f.kind, f.id));
            }
        }
    }
    assert!(checked > 100, "only {checked} findings checked");
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} findings:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
