//! The diff renderings of the Annex A case 2 pair (a new cloud service) in both languages,
//! and the history table.

use super::*;
use kojo_diff::Side;
use kojo_model::Model;
use std::path::PathBuf;

fn load(name: &str) -> Model {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/annex-a")
        .join(name);
    kojo_model::load_file(&path).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()))
}

fn case2() -> ModelDiff {
    let (old, new) = (load("case2-before.yaml"), load("case2-after.yaml"));
    let catalog = kojo_catalog::Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 1,
            day: 1,
        }),
        ..Default::default()
    };
    let a = kojo_assess::assess(&old, &catalog, &opts).unwrap_or_else(|e| panic!("{e}"));
    let b = kojo_assess::assess(&new, &catalog, &opts).unwrap_or_else(|e| panic!("{e}"));
    kojo_diff::diff(
        &Side {
            label: "before.yaml",
            model: &old,
            assessment: Some(&a),
        },
        &Side {
            label: "after.yaml",
            model: &new,
            assessment: Some(&b),
        },
    )
}

/// The lines of `text` that kojo frames: not the model's own names, ids and the review
/// reasons (English data this session).
fn framing(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.starts_with("  ") && !l.is_empty())
        .collect()
}

#[test]
fn the_text_names_the_change_and_what_to_review_in_english() {
    let text = render_text(&case2(), Lang::En);
    assert!(
        text.starts_with("kojo diff: before.yaml → after.yaml\nfactory: "),
        "{text}"
    );
    assert!(text.contains("\nEntities: "), "{text}");
    assert!(text.contains("\nFindings: "), "{text}");
    assert!(text.contains("\nWhat to review now:\n"), "{text}");
    assert!(
        text.contains("Boundary and division of responsibility: "),
        "{text}"
    );
}

#[test]
fn the_text_in_japanese_frames_everything_in_japanese_with_the_glossary_words() {
    let d = case2();
    let ja = render_text(&d, Lang::Ja);
    assert!(ja.contains("\n今見直すこと:\n"), "{ja}");
    assert!(ja.contains("境界と責任分界: "), "{ja}");
    for line in framing(&ja) {
        let english: Vec<&str> = line
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2 && !["kojo", "diff", "before", "yaml", "after"].contains(w))
            .collect();
        // The factory's own name is the model's text.
        if !line.starts_with("工場:") {
            assert!(english.is_empty(), "English left in `{line}`");
        }
    }
    assert_eq!(kojo_lang::glossary_violation(&ja), None);
    // Severities are the glossary's words.
    let f = d.findings.as_ref().unwrap_or_else(|| panic!("assessed"));
    if let Some(x) = f.new.first() {
        let word = kojo_lang::severity(Lang::Ja, x.severity.as_str());
        assert!(ja.contains("新規 "), "{ja}");
        assert!(ja.contains(&word), "{ja}");
    }
}

#[test]
fn the_html_section_escapes_model_text_in_both_languages() {
    let mut d = case2();
    d.new.factory = "<script>alert(1)</script> & co".into();
    for lang in Lang::ALL {
        let html = render_html_section(&d, lang);
        assert!(html.starts_with("<section class=\"kojo-diff\""));
        assert!(html.ends_with("</section>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        let heading = text(lang, "diff-html-review-now");
        assert!(html.contains(&format!("<h3>{heading}</h3>")), "{html}");
    }
    let ja = render_html_section(&d, Lang::Ja);
    assert!(ja.contains("<h3>今見直すこと</h3>"));
    assert_eq!(kojo_lang::glossary_violation(&ja), None);
}

#[test]
fn history_lines_up_counts_under_the_severity_headings_in_both_languages() {
    let entries = vec![
        HistoryEntry {
            commit: "a1b2c3d4e5f6a7b8".into(),
            short: "a1b2c3d4e5".into(),
            date: "2023-11-14 22:13".into(),
            summary: "add the cloud service".into(),
            by_severity: Some([(Severity::High, 2), (Severity::Low, 1)].into()),
            error: None,
            why: None,
        },
        HistoryEntry {
            commit: "ffeeddccbbaa9988".into(),
            short: "ffeeddccbb".into(),
            date: "2023-11-15 08:00".into(),
            summary: "break it".into(),
            by_severity: None,
            error: Some("invalid model, one problem: no zones".into()),
            why: Some(
                kojo_lang::Message::new("history-invalid-model")
                    .arg("count", 1usize)
                    .arg("first", "no zones"),
            ),
        },
    ];
    let en = render_history_text("plant/factory.yaml", &entries, Lang::En);
    let lines: Vec<&str> = en.lines().collect();
    assert_eq!(lines[0], "kojo history: plant/factory.yaml");
    assert!(
        lines[1].starts_with("commit     date (UTC)       critical  high medium"),
        "{en}"
    );
    assert!(
        lines[2]
            .starts_with("a1b2c3d4e5 2023-11-14 22:13        0     2      0    1    0     3  add"),
        "{en}"
    );
    assert!(
        lines[3].contains("(invalid model, one problem: no zones)  break it"),
        "{en}"
    );
    let ja = render_history_text("plant/factory.yaml", &entries, Lang::Ja);
    assert!(ja.contains("コミット"), "{ja}");
    assert!(ja.contains("緊急") && ja.contains("合計"), "{ja}");
    assert!(
        ja.contains("(モデルが不正です(問題 1 件): no zones)"),
        "{ja}"
    );
    assert_eq!(kojo_lang::glossary_violation(&ja), None);
    let none = render_history_text("x.yaml", &[], Lang::Ja);
    assert!(none.contains("このファイルを変更したコミットはありません。"));
}
