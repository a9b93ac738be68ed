//! The words of every rule's findings on every Annex A model and a generated one, in
//! English and Japanese: no Rust
//! enum names, no raw model or catalog ids in prose (names there; ids stay in subjects and
//! facts), no "(s)", "a"/"an" before the right sound.

mod common;

use kojo_model::Model;

const ENUM_NAMES: &[&str] = &[
    "EquipmentSupplier",
    "SoftwareVendor",
    "CloudService",
    "GeneralProductVendor",
    "OutsourcedVendor",
    "Subcontractor",
    "GeneralProduct",
    "Preventive",
    "Damage",
    "Some(",
    "None",
];

/// The Annex A models and a generated factory (every id of which is hyphenated: asset-00040,
/// flow-00263, op-000).
fn annex_a_and_generated(assets: usize, seed: u64) -> Vec<(String, Model)> {
    let mut models: Vec<(String, Model)> = common::annex_a_models()
        .into_iter()
        .map(|(f, m)| (f.to_string(), m))
        .collect();
    let yaml = kojo_synth::factory_yaml(assets, 12, 900, seed);
    let synth = kojo_model::load_str(std::path::Path::new("synth.yaml"), &yaml)
        .expect("generated model loads");
    models.push(("synth".into(), synth));
    models
}

/// The model's hyphenated ids (zones, assets, parties, departments, operations, flows).
fn model_ids(m: &Model) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(m.zones.iter().map(|x| x.id.clone()));
    ids.extend(m.assets.iter().map(|x| x.id.clone()));
    ids.extend(m.parties.iter().map(|x| x.id.clone()));
    ids.extend(m.departments.iter().map(|x| x.id.clone()));
    ids.extend(m.operations.iter().map(|x| x.id.clone()));
    ids.extend(m.flows.iter().map(|x| x.id.clone()));
    ids.retain(|i| i.contains('-'));
    ids
}

fn problems(text: &str, ids: &[String]) -> Vec<String> {
    let mut p = Vec::new();
    for e in ENUM_NAMES {
        if text.contains(e) {
            p.push(format!("Rust name `{e}`"));
        }
    }
    if text.contains("(s)") {
        p.push("\"(s)\"".into());
    }
    for w in text.split(|c: char| c.is_whitespace() || ",;:()「」、。\"“”".contains(c)) {
        let w = w.trim_end_matches('.');
        if w.starts_with("thr-")
            || w.starts_with("msr-")
            || w.starts_with("chk-")
            || (w.starts_with("F-") && w.len() > 6)
        {
            p.push(format!("catalog or finding id `{w}`"));
        }
        if ids.iter().any(|i| i == w) {
            p.push(format!("model id `{w}`"));
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        let next = pair[1].trim_start_matches(['"', '“']);
        let vowel = next.starts_with(['a', 'e', 'i', 'o', 'u']);
        if (pair[0] == "a" && vowel)
            || (pair[0] == "an" && !vowel && next.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            p.push(format!("\"{} {}\"", pair[0], pair[1]));
        }
    }
    p
}

#[test]
fn the_rules_words_name_things_and_read_right_in_both_languages() {
    let mut bad = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (file, m) in &annex_a_and_generated(200, 3) {
        let ids = model_ids(m);
        let a = common::assess_on_fixed_date(m);
        // Every finding the rules write (kojo-sbom raises its own `sbom-missing`).
        let ours: Vec<&str> = kojo_assess::rules().iter().map(|r| r.id).collect();
        for f in a
            .findings
            .iter()
            .filter(|f| f.rule.as_deref().is_some_and(|r| ours.contains(&r)))
        {
            seen.insert(f.kind.clone());
            let ja = f.i18n.get("ja");
            assert!(ja.is_some(), "{} {} has no Japanese", f.kind, f.id);
            let mut texts = vec![&f.title, &f.detail, &f.recommendation];
            if let Some(ja) = ja {
                texts.extend([&ja.title, &ja.detail, &ja.recommendation]);
                assert!(
                    !ja.title.is_empty() && !ja.detail.is_empty(),
                    "{} {}: Japanese says less",
                    f.kind,
                    f.id
                );
            }
            for t in texts {
                for p in problems(t, &ids) {
                    bad.push(format!("{} ({}): {p} in: {t}", f.kind, file));
                }
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(seen.len() >= 20, "too few kinds seen: {seen:?}");
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// No finding of any kind writes "(s)" where a count decides the noun, in either language,
/// on every Annex A model and on a generated one.
#[test]
fn no_finding_text_leaves_the_plural_to_the_reader() {
    let mut bad = Vec::new();
    for (file, m) in &annex_a_and_generated(300, 7) {
        let a = common::assess_on_fixed_date(m);
        for f in &a.findings {
            let mut texts = vec![&f.title, &f.detail, &f.recommendation];
            if let Some(ja) = f.i18n.get("ja") {
                texts.extend([&ja.title, &ja.detail, &ja.recommendation]);
            }
            bad.extend(
                texts
                    .into_iter()
                    .filter(|t| t.contains("(s)"))
                    .map(|t| format!("{} ({file}): {t}", f.kind)),
            );
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
