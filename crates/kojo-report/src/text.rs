//! Fixed words of the reports in the two languages kojo speaks. Finding texts come from the
//! findings themselves (`Finding::text(lang)`); these are only headings and labels.

use kojo_model::ZoneKind;

/// A report language: the workspace's one `Lang`.
pub use kojo_lang::Lang;

/// Each zone's requirement lines and target-SL derivation written in `lang` for a report,
/// or nothing in English, where the assessment's own lines (English, its JSON contract)
/// are shown.
pub fn zone_words(
    model: &kojo_model::Model,
    catalog: &kojo_catalog::Catalog,
    lang: Lang,
) -> Vec<kojo_assess::ZoneWords> {
    match lang {
        Lang::En => Vec::new(),
        Lang::Ja => kojo_assess::zone_words(
            model,
            catalog,
            kojo_assess::Lang::Ja,
            kojo_model::Date::today_utc(),
        ),
    }
}

/// The guideline steps in report order, with their headings (section 3 of the appendix).
pub const STEPS: &[(&str, &str, &str, &str)] = &[
    (
        "1-1",
        "3.1.1",
        "Arrangement of requirements",
        "セキュリティ対策の検討・企画に必要な要件の整理",
    ),
    ("1-2", "3.1.2", "Arrangement of operations", "業務の整理"),
    (
        "1-3",
        "3.1.3",
        "Importance of operations",
        "業務の重要度の設定",
    ),
    (
        "1-4",
        "3.1.4",
        "Arrangement of protected objects",
        "保護対象の整理",
    ),
    (
        "1-5",
        "3.1.5",
        "Importance of protected objects",
        "保護対象の重要度の設定",
    ),
    (
        "1-6",
        "3.1.6",
        "Zones, operations and protected objects",
        "ゾーンの整理とゾーンと業務、保護対象の結びつけ",
    ),
    (
        "1-7",
        "3.1.7",
        "Zones and the impact of threats",
        "ゾーンとセキュリティ脅威による影響の整理",
    ),
    (
        "2-1",
        "3.2.1",
        "Security measures policy",
        "セキュリティ対策方針の策定",
    ),
    (
        "2-2",
        "3.2.2",
        "Measures against assumed threats",
        "想定脅威に対するセキュリティ対策の対応付け",
    ),
    (
        "3",
        "3.3",
        "Implementation and constant review",
        "セキュリティ対策の実行と計画・対策・運用体制の不断の見直し",
    ),
];

/// The report section a finding's step belongs to (`1-3 / 1-5` goes to 1-3; an unknown
/// step to the last section so that no finding is lost).
pub fn step_slot(step: &str) -> usize {
    let first = step.split('/').next().unwrap_or(step).trim();
    STEPS
        .iter()
        .position(|s| s.0 == first)
        .unwrap_or(STEPS.len() - 1)
}

/// The lane of a zone kind, top to bottom as the field draws a factory: external services
/// and parties, information/OA, DMZ, control, production (Purdue levels 5 … 0).
pub fn lane_of(kind: ZoneKind) -> usize {
    match kind {
        ZoneKind::External => 0,
        ZoneKind::Information => 1,
        ZoneKind::Dmz => 2,
        ZoneKind::Control => 3,
        ZoneKind::Production => 4,
    }
}

/// Number of lanes.
pub const LANES: usize = 5;

/// The heading of a lane.
pub fn lane_title(lane: usize, lang: Lang) -> &'static str {
    match lane {
        0 => lang.pick("External services and parties", "外部サービス・外部組織"),
        1 => lang.pick("Information / OA (Purdue 4-5)", "情報・OA（パデュー4-5）"),
        2 => lang.pick("DMZ (Purdue 3.5)", "DMZ（パデュー3.5）"),
        3 => lang.pick("Control (Purdue 2-3)", "制御（パデュー2-3）"),
        _ => lang.pick("Production (Purdue 0-1)", "生産（パデュー0-1）"),
    }
}

/// The model word of a zone kind.
pub fn zone_kind_word(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::Control => "control",
        ZoneKind::Production => "production",
        ZoneKind::Information => "information",
        ZoneKind::External => "external",
        ZoneKind::Dmz => "dmz",
    }
}

/// A severity in words of the language.
pub fn severity_word(s: kojo_findings::Severity, lang: Lang) -> &'static str {
    use kojo_findings::Severity::*;
    match s {
        Critical => lang.pick("critical", "緊急"),
        High => lang.pick("high", "高"),
        Medium => lang.pick("medium", "中"),
        Low => lang.pick("low", "低"),
        Info => lang.pick("info", "情報"),
    }
}

/// The fill colour that marks a severity (zones, edges, badges).
pub fn severity_colour(s: kojo_findings::Severity) -> &'static str {
    use kojo_findings::Severity::*;
    match s {
        Critical => "#7b1fa2",
        High => "#c62828",
        Medium => "#ef6c00",
        Low => "#f9a825",
        Info => "#607d8b",
    }
}

/// Escapes text for HTML/SVG/XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    esc_into(&mut out, s);
    out
}

/// [`esc`] appending to `out`.
pub fn esc_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0; drop them rather than emit a
            // document that browsers refuse.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_chars() {
        assert_eq!(esc("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&#39;c");
    }

    #[test]
    fn steps_slot_known_and_unknown() {
        assert_eq!(step_slot("1-1"), 0);
        assert_eq!(step_slot("1-3 / 1-5"), 2);
        assert_eq!(step_slot("3"), 9);
        assert_eq!(step_slot("bogus"), 9);
    }
}
