//! The terminal rendering of an assessment: the plan first (when it has actions), then the
//! findings grouped by guideline step, most severe first, each with its recommendation and
//! reference, and a summary line.

use kojo_findings::{Assessment, Finding, Severity, step_order};
use std::fmt::Write;

/// Options of the text rendering.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions<'a> {
    /// `en` or `ja` (findings' `i18n`, falling back to English).
    pub lang: &'a str,
    /// ANSI colours (the caller decides: terminal, `--color`, `NO_COLOR`).
    pub color: bool,
    /// The model assessed, for the plan's subjects and owners by name (ids without it).
    pub model: Option<&'a kojo_model::Model>,
}

fn step_title(step: &str, ja: bool) -> &'static str {
    let major_minor = step_order(step);
    match (major_minor, ja) {
        ((1, 1), false) => "Step 1-1 Requirements: purpose, BCP, stakeholders",
        ((1, 1), true) => "ステップ1-1 要件の整理(目的・BCP・関係者)",
        ((1, 2), false) => "Step 1-2 Scope of operations",
        ((1, 2), true) => "ステップ1-2 業務の範囲",
        ((1, 3), false) | ((1, 5), false) => "Steps 1-3 / 1-5 Importance",
        ((1, 3), true) | ((1, 5), true) => "ステップ1-3/1-5 重要度",
        ((1, 4), false) => "Step 1-4 Protected objects",
        ((1, 4), true) => "ステップ1-4 保護対象",
        ((1, 6), false) => "Step 1-6 Zones",
        ((1, 6), true) => "ステップ1-6 ゾーン",
        ((1, 7), false) => "Step 1-7 Threats and requirements",
        ((1, 7), true) => "ステップ1-7 脅威と要件",
        ((2, 1), false) => "Step 2-1 Policy: priorities",
        ((2, 1), true) => "ステップ2-1 対策方針(優先順位)",
        ((2, 2), false) => "Step 2-2 Measures",
        ((2, 2), true) => "ステップ2-2 対策",
        ((3, _), false) => "Step 3 Operation, supply chain and improvement",
        ((3, _), true) => "ステップ3 運用・サプライチェーン・改善",
        (_, false) => "Other",
        (_, true) => "その他",
    }
}

/// Steps 1-3 and 1-5 (importance) share a group.
fn group_key(step: &str) -> (u32, u32) {
    match step_order(step) {
        (1, 5) => (1, 3),
        k => k,
    }
}

pub(crate) fn paint(s: &str, sev: Severity, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let code = match sev {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

pub(crate) fn bold(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// Renders the assessment as text.
pub fn render(a: &Assessment, opts: TextOptions) -> String {
    let ja = opts.lang == "ja";
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        bold(&a.model.factory, opts.color),
        a.model.path
    );
    if !a.plan.is_empty() {
        let (actions, rest) = crate::plan::Selection {
            limit: Some(crate::plan::FIRST_ACTIONS),
            horizon: None,
        }
        .pick(&a.plan);
        let lang = kojo_lang::Lang::from_code(opts.lang);
        let names = crate::plan::Names::new(opts.model, a, lang);
        crate::plan::text_section(&mut out, &actions, rest, &names, lang, opts.color);
    }
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    let mut order: Vec<&Finding> = a.findings.iter().collect();
    order.sort_by(|x, y| {
        group_key(&x.step)
            .cmp(&group_key(&y.step))
            .then(y.severity.cmp(&x.severity))
            // Step 2-1's priorities in rank order, as the JSON lists them.
            .then_with(|| kojo_findings::priority_rank(x).cmp(&kojo_findings::priority_rank(y)))
            .then_with(|| x.id.cmp(&y.id))
    });
    for f in order {
        let title = step_title(&f.step, ja).to_string();
        match groups.last_mut() {
            Some((t, v)) if *t == title => v.push(f),
            _ => groups.push((title, vec![f])),
        }
    }
    for (title, findings) in &groups {
        let _ = writeln!(
            out,
            "\n{}",
            bold(&format!("== {title} ({})", findings.len()), opts.color)
        );
        for f in findings {
            render_finding(&mut out, f, opts);
        }
    }
    let _ = writeln!(out);
    out.push_str(&summary_line(a, opts));
    out.push('\n');
    out
}

/// A severity as the rendering names it: `HIGH`, or 高 in Japanese.
fn severity_word(s: Severity, ja: bool) -> String {
    if ja {
        kojo_lang::severity(kojo_lang::Lang::Ja, s.as_str())
    } else {
        s.as_str().to_uppercase()
    }
}

fn render_finding(out: &mut String, f: &Finding, opts: TextOptions) {
    let ja = opts.lang == "ja";
    let t = f.text(opts.lang);
    let sev = paint(
        &format!("[{}]", severity_word(f.severity, ja)),
        f.severity,
        opts.color,
    );
    let loc = f
        .location
        .as_ref()
        .map(|l| format!("  {}:{}:{}", l.path, l.line, l.column))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{sev} {} {}{}{loc}",
        f.id,
        f.kind,
        f.rule
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    );
    let _ = writeln!(out, "  {}", bold(&t.title, opts.color));
    if !t.detail.is_empty() {
        let _ = writeln!(out, "  {}", t.detail);
    }
    if !t.recommendation.is_empty() {
        let _ = writeln!(out, "  → {}", t.recommendation);
    }
    let (ref_word, catalog_word) = if ja {
        ("参照", "カタログ")
    } else {
        ("ref", "catalog")
    };
    let reference = if ja {
        reference_ja(&f.reference)
    } else {
        f.reference.clone()
    };
    let mut tail = format!("  {ref_word}: {reference}");
    if !f.catalog.is_empty() {
        let _ = write!(tail, "  {catalog_word}: {}", f.catalog.join(", "));
    }
    let _ = writeln!(out, "{tail}");
    if let Some(d) = &f.decision {
        let (label, status, review_by, expired) = if ja {
            let status = decision_status_ja(d.status.as_str());
            (
                "判断",
                status,
                ("(見直し期限 ", ")"),
                " 期限切れ: 再び判定対象です",
            )
        } else {
            let status = d.status.as_str();
            (
                "decision",
                status,
                (" (review by ", ")"),
                " EXPIRED: counts again",
            )
        };
        let _ = writeln!(
            out,
            "  {label}: {status}{}{}{}",
            d.reason
                .as_ref()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default(),
            d.review_by
                .as_ref()
                .map(|r| format!("{}{r}{}", review_by.0, review_by.1))
                .unwrap_or_default(),
            if d.expired { expired } else { "" }
        );
    }
}

/// A guideline reference in the Japanese rendering's words: 表3-4、付録A, N行目
/// ("3.1.7, Table 3-4 row 4" → "3.1.7、表3-4 4行目"); section numbers stay as they are.
pub(crate) fn reference_ja(reference: &str) -> String {
    let s = reference
        .replace("Annex A", "付録A")
        .replace("Tables ", "表")
        .replace("Table ", "表")
        .replace(" and ", "・")
        .replace(" to ", "〜")
        .replace("cloud services", "クラウドサービス")
        .replace("software", "ソフトウェア")
        .replace(", ", "、");
    // "row N" → "N行目".
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("row ") {
        let after = &rest[i + 4..];
        let digits = after.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            out.push_str(&rest[..i + 4]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..i]);
        out.push_str(&after[..digits]);
        out.push_str("行目");
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// A decision's status in Japanese (the model's words: accepted, in-progress, mitigated,
/// false-positive); an unknown word stays as written.
fn decision_status_ja(status: &str) -> &str {
    match status {
        "accepted" => "リスク受容",
        "in-progress" => "対応中",
        "mitigated" => "対策済み",
        "false-positive" => "誤検知",
        other => other,
    }
}

/// "N findings: 1 critical, 2 high, …; M counted, K marked by decisions".
pub fn summary_line(a: &Assessment, opts: TextOptions) -> String {
    let parts: Vec<String> = Severity::ALL_DESC
        .iter()
        .map(|s| {
            let n = a.summary.by_severity.get(s).copied().unwrap_or(0);
            let word = if opts.lang == "ja" {
                format!(
                    "{} {n}",
                    kojo_lang::severity(kojo_lang::Lang::Ja, s.as_str())
                )
            } else {
                format!("{n} {}", s.as_str())
            };
            if n > 0 {
                paint(&word, *s, opts.color)
            } else {
                word
            }
        })
        .collect();
    let decided = a.findings.iter().filter(|f| f.decision.is_some()).count();
    if opts.lang == "ja" {
        format!(
            "指摘 {} 件: {}; 判定対象 {} 件、判断記録あり {} 件",
            a.summary.findings,
            parts.join("、"),
            a.summary.counted,
            decided
        )
    } else {
        format!(
            "{} findings: {}; {} counted, {} marked by decisions",
            a.summary.findings,
            parts.join(", "),
            a.summary.counted,
            decided
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_japanese_words() {
        assert_eq!(reference_ja("3.1.7, Table 3-4 row 4"), "3.1.7、表3-4 4行目");
        assert_eq!(
            reference_ja("3.3 (1)(i), Tables 3-7 and 3-8"),
            "3.3 (1)(i)、表3-7・3-8"
        );
        assert_eq!(
            reference_ja("3.3 (2), Tables 3-10 to 3-12"),
            "3.3 (2)、表3-10〜3-12"
        );
        assert_eq!(
            reference_ja("Annex A, Table C-1 row 2"),
            "付録A、表C-1 2行目"
        );
        assert_eq!(reference_ja("Annex A (i) row 3"), "付録A (i) 3行目");
        assert_eq!(reference_ja("3.2.1"), "3.2.1");
    }
}
