//! The assessment's terminal text on the Annex A models: grouped by guideline step with a
//! summary line, colours only when asked, decision lines and Step 2-1's priorities in rank
//! order, in English and Japanese.

use kojo_findings::Assessment;
use kojo_model::Model;
use kojo_report::assessment_text::{TextOptions, render};
use std::path::PathBuf;

fn assess(name: &str) -> (Model, Assessment) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/annex-a")
        .join(name);
    let m = kojo_model::load_file(&path).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    let catalog = kojo_catalog::Catalog::embedded().expect("embedded catalog");
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    let a = kojo_assess::assess(&m, &catalog, &opts).expect("assessment");
    (m, a)
}

fn text(a: &Assessment, lang: &str, color: bool) -> String {
    render(
        a,
        TextOptions {
            lang,
            color,
            model: None,
        },
    )
}

#[test]
fn decision_lines_in_both_languages() {
    let (_, mut a) = assess("case1-after.yaml");
    let f = a
        .findings
        .iter_mut()
        .find(|f| f.decision.is_none())
        .expect("a finding without a decision");
    f.decision = Some(kojo_findings::FindingDecision {
        status: kojo_model::DecisionStatus::Accepted,
        reason: Some("firewall ordered".into()),
        by: None,
        owner: None,
        due: None,
        ticket: None,
        review_by: Some("2026-01-31".into()),
        expired: true,
    });
    let line = |lang| {
        text(&a, lang, false)
            .lines()
            .find(|l| l.contains("firewall ordered"))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert_eq!(
        line("en"),
        "  decision: accepted — firewall ordered (review by 2026-01-31) EXPIRED: counts again"
    );
    assert_eq!(
        line("ja"),
        "  判断: リスク受容 — firewall ordered(見直し期限 2026-01-31) 期限切れ: 再び判定対象です"
    );
}

#[test]
fn grouped_by_step_with_summary_and_no_colour_codes_when_off() {
    let (_, a) = assess("case1-after.yaml");
    let s = text(&a, "en", false);
    let steps: Vec<&str> = s.lines().filter(|l| l.starts_with("== Step")).collect();
    assert!(steps.len() >= 3, "{steps:?}");
    let p1 = s.find("== Step 1-").expect("a step 1 group");
    let p2 = s.find("== Step 2-").expect("a step 2 group");
    assert!(p1 < p2);
    assert!(s.contains("] F-") && s.contains("→ ") && s.contains("  ref: "));
    assert!(!s.contains('\x1b'));
    assert!(s.trim_end().lines().last().unwrap().contains("findings:"));
    let c = text(&a, "ja", true);
    assert!(c.contains('\x1b') && c.contains("ステップ1-") && c.contains("指摘"));
    let j = text(&a, "ja", false);
    assert!(j.contains("  参照: "), "{j}");
    assert!(!j.contains("[HIGH]") && !j.contains("ref: "), "{j}");
    let last = j.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("指摘 ") && last.contains("緊急 "),
        "{last}"
    );
    assert!(
        !last.contains("critical") && !last.contains("medium"),
        "{last}"
    );
}

/// The terminal text prints Step 2-1's priorities in rank order, as the JSON lists them.
#[test]
fn the_text_prints_priorities_in_rank_order() {
    for name in ["case1-after.yaml", "case2-after.yaml", "factory.yaml"] {
        let (_, a) = assess(name);
        let printed: Vec<u64> = text(&a, "en", false)
            .lines()
            .filter_map(|l| l.trim().strip_prefix("Priority "))
            .filter_map(|l| l.split(':').next()?.parse().ok())
            .collect();
        assert!(printed.len() >= 3, "{name}: {printed:?}");
        assert!(
            printed.windows(2).all(|w| w[0] <= w[1]),
            "{name}: printed in rank order: {printed:?}"
        );
    }
}
