//! Text and HTML renderings of a [`ModelDiff`] and of a model's history, in either language
//! (the words are kojo-lang's `diff-*` and `history-*` messages). JSON is serde's.

use crate::text::esc;
use kojo_diff::{ChangeKind, FindingChange, HistoryEntry, ModelDiff, ReviewItem, ReviewKind};
use kojo_findings::Severity;
use kojo_lang::{Lang, Message, text};
use std::fmt::Write;

fn sign(c: ChangeKind) -> char {
    match c {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    }
}

fn opt(v: &Option<String>, lang: Lang) -> String {
    v.clone().unwrap_or_else(|| text(lang, "diff-not-set"))
}

fn review_title(what: ReviewKind, lang: Lang) -> String {
    let id = match what {
        ReviewKind::ZoneRequirements => "diff-review-zone-requirements",
        ReviewKind::InterZoneRequirements => "diff-review-inter-zone-requirements",
        ReviewKind::PartyChecklist => "diff-review-party-checklist",
        ReviewKind::BcpReviewPoint => "diff-review-bcp-point",
        ReviewKind::ResponsibilityBoundary => "diff-review-responsibility-boundary",
    };
    text(lang, id)
}

fn review_heading(r: &ReviewItem, lang: Lang) -> String {
    let title = review_title(r.what, lang);
    let mut s = format!("{title}: {}", r.subjects.join(" ↔ "));
    if let Some(p) = &r.point {
        match r.what {
            ReviewKind::BcpReviewPoint => s = format!("{title} `{p}`"),
            _ => {
                s.push(' ');
                s.push_str(
                    &Message::new("diff-review-checklist-of")
                        .arg("checklist", p)
                        .render(lang),
                );
            }
        }
    }
    s
}

fn review_note(r: &ReviewItem, lang: Lang) -> Option<String> {
    let id = match (r.what, r.recorded) {
        (ReviewKind::BcpReviewPoint, Some(true)) => "diff-note-bcp-considered",
        (ReviewKind::BcpReviewPoint, Some(false)) => "diff-note-bcp-not-considered",
        (ReviewKind::PartyChecklist, Some(true)) => "diff-note-checklist-recorded",
        (ReviewKind::PartyChecklist, Some(false)) => "diff-note-checklist-missing",
        _ => return None,
    };
    Some(text(lang, id))
}

/// " (derived)" after an importance the assessment derived, else nothing.
fn derived_mark(derived: bool, lang: Lang) -> String {
    if derived {
        format!(" {}", text(lang, "diff-derived"))
    } else {
        String::new()
    }
}

fn severity_change(f: &FindingChange, lang: Lang) -> String {
    let word = |s: Severity| kojo_lang::severity(lang, s.as_str());
    match f.old_severity {
        Some(o) => format!("{} → {}", word(o), word(f.severity)),
        None => word(f.severity),
    }
}

fn finding_line(out: &mut String, label: &str, f: &FindingChange, lang: Lang) {
    let sev = severity_change(f, lang);
    let _ = write!(
        out,
        "  {label:<9} {sev:<15} {} {:<26} {}",
        f.id, f.kind, f.title
    );
    if !f.subjects.is_empty() {
        let _ = write!(out, " [{}]", f.subjects.join(", "));
    }
    if f.suppressed {
        out.push(' ');
        out.push_str(&text(lang, "diff-decided"));
    }
    out.push('\n');
}

fn findings_counts(id: &'static str, f: &kojo_diff::FindingsDiff, lang: Lang) -> String {
    Message::new(id)
        .arg("new", f.new.len())
        .arg("resolved", f.resolved.len())
        .arg("changed", f.severity_changed.len())
        .arg("old_total", f.old_summary.findings)
        .arg("new_total", f.new_summary.findings)
        .render(lang)
}

/// Plain text for a terminal or a CI log.
pub fn render_text(d: &ModelDiff, lang: Lang) -> String {
    let mut out = String::new();
    let line = |out: &mut String, m: Message| {
        out.push_str(&m.render(lang));
        out.push('\n');
    };
    line(
        &mut out,
        Message::new("diff-title")
            .arg("old", &d.old.label)
            .arg("new", &d.new.label),
    );
    if d.old.factory != d.new.factory {
        line(
            &mut out,
            Message::new("diff-factory-changed")
                .arg("old", &d.old.factory)
                .arg("new", &d.new.factory),
        );
    } else {
        line(
            &mut out,
            Message::new("diff-factory").arg("factory", &d.new.factory),
        );
    }
    if d.is_empty() {
        out.push('\n');
        line(&mut out, Message::new("diff-no-differences"));
        return out;
    }

    let count = |k: ChangeKind| d.entities.iter().filter(|e| e.change == k).count();
    out.push('\n');
    line(
        &mut out,
        Message::new("diff-entities")
            .arg("added", count(ChangeKind::Added))
            .arg("removed", count(ChangeKind::Removed))
            .arg("changed", count(ChangeKind::Changed)),
    );
    for e in &d.entities {
        let _ = writeln!(out, "  {} {}  {}", sign(e.change), e.subject, e.summary);
        if e.change == ChangeKind::Changed {
            for f in &e.fields {
                if f.added.is_empty() && f.removed.is_empty() {
                    let _ = writeln!(
                        out,
                        "      {}: {} → {}",
                        f.field,
                        opt(&f.old, lang),
                        opt(&f.new, lang)
                    );
                } else {
                    let items: Vec<String> = f
                        .added
                        .iter()
                        .map(|a| format!("+{a}"))
                        .chain(f.removed.iter().map(|r| format!("-{r}")))
                        .collect();
                    let _ = writeln!(out, "      {}: {}", f.field, items.join(" "));
                }
            }
        }
    }

    if !d.importance.is_empty() {
        out.push('\n');
        line(&mut out, Message::new("diff-importance"));
        for i in &d.importance {
            let how = derived_mark(i.derived, lang);
            let _ = writeln!(
                out,
                "  {}: {} → {}{how}",
                i.subject,
                opt(&i.old, lang),
                opt(&i.new, lang)
            );
        }
    }

    out.push('\n');
    match &d.findings {
        Some(f) => {
            out.push_str(&findings_counts("diff-findings", f, lang));
            out.push('\n');
            let labels = [
                "diff-label-new",
                "diff-label-severity",
                "diff-label-resolved",
            ]
            .map(|id| text(lang, id));
            for x in &f.new {
                finding_line(&mut out, &labels[0], x, lang);
            }
            for x in &f.severity_changed {
                finding_line(&mut out, &labels[1], x, lang);
            }
            for x in &f.resolved {
                finding_line(&mut out, &labels[2], x, lang);
            }
        }
        None => line(&mut out, Message::new("diff-findings-not-compared")),
    }

    if !d.review.is_empty() {
        out.push('\n');
        line(&mut out, Message::new("diff-review-now"));
        for r in &d.review {
            let _ = writeln!(out, "  * {} — {}", review_heading(r, lang), r.reference);
            if let Some(n) = review_note(r, lang) {
                let _ = writeln!(out, "      ({n})");
            }
            for b in &r.because {
                let _ = writeln!(out, "      - {b}");
            }
        }
    }
    out
}

const TABLE: &str = "border-collapse:collapse;width:100%;font-size:0.9em;margin:0.5em 0 1em";
const TH: &str = "text-align:left;border-bottom:2px solid #888;padding:0.25em 0.5em";
const TD: &str = "border-bottom:1px solid #ddd;padding:0.25em 0.5em;vertical-align:top";

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#7b0000",
        Severity::High => "#c0392b",
        Severity::Medium => "#b9770e",
        Severity::Low => "#1f618d",
        Severity::Info => "#555",
    }
}

fn change_color(c: ChangeKind) -> &'static str {
    match c {
        ChangeKind::Added => "#1e8449",
        ChangeKind::Removed => "#c0392b",
        ChangeKind::Changed => "#b9770e",
    }
}

/// A table's header row of the messages `ids` (an empty id gives an empty cell).
fn header(h: &mut String, ids: &[&str], lang: Lang) {
    let _ = write!(h, "<table style=\"{TABLE}\"><tr>");
    for id in ids {
        let c = if id.is_empty() {
            String::new()
        } else {
            esc(&text(lang, id))
        };
        let _ = write!(h, "<th style=\"{TH}\">{c}</th>");
    }
    h.push_str("</tr>");
}

/// A self-contained HTML section (inline styles, everything escaped) that the report can
/// embed as is.
pub fn render_html_section(d: &ModelDiff, lang: Lang) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"kojo-diff\" style=\"font-family:sans-serif;line-height:1.4\">\
         <h2>{}</h2><p>{}</p>",
        esc(&Message::new("diff-html-title")
            .arg("old", &d.old.label)
            .arg("new", &d.new.label)
            .render(lang)),
        esc(&Message::new("diff-html-factory")
            .arg("factory", &d.new.factory)
            .render(lang))
    );
    if d.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p></section>",
            esc(&text(lang, "diff-no-differences"))
        );
        return h;
    }

    // What to review first: it is what the reader acts on.
    if !d.review.is_empty() {
        let _ = write!(h, "<h3>{}</h3>", esc(&text(lang, "diff-html-review-now")));
        header(
            &mut h,
            &[
                "diff-html-review",
                "diff-html-reference",
                "diff-html-because",
            ],
            lang,
        );
        for r in &d.review {
            let _ = write!(
                h,
                "<tr><td style=\"{TD}\"><strong>{}</strong>",
                esc(&review_heading(r, lang))
            );
            if let Some(n) = review_note(r, lang) {
                let _ = write!(h, "<br><em>{}</em>", esc(&n));
            }
            let _ = write!(
                h,
                "</td><td style=\"{TD}\">{}</td><td style=\"{TD}\"><ul style=\"margin:0;padding-left:1.2em\">",
                esc(&r.reference)
            );
            for b in &r.because {
                let _ = write!(h, "<li>{}</li>", esc(b));
            }
            h.push_str("</ul></td></tr>");
        }
        h.push_str("</table>");
    }

    if let Some(f) = &d.findings {
        let _ = write!(
            h,
            "<h3>{}</h3><p>{}</p>",
            esc(&text(lang, "diff-html-findings")),
            esc(&findings_counts("diff-html-findings-counts", f, lang))
        );
        let labels = [
            "diff-label-new",
            "diff-label-severity",
            "diff-label-resolved",
        ]
        .map(|id| text(lang, id));
        let rows: Vec<(&str, &FindingChange)> = f
            .new
            .iter()
            .map(|x| (labels[0].as_str(), x))
            .chain(f.severity_changed.iter().map(|x| (labels[1].as_str(), x)))
            .chain(f.resolved.iter().map(|x| (labels[2].as_str(), x)))
            .collect();
        if !rows.is_empty() {
            header(
                &mut h,
                &[
                    "",
                    "diff-html-severity",
                    "diff-html-id",
                    "diff-html-kind",
                    "diff-html-title-column",
                    "diff-html-subjects",
                ],
                lang,
            );
            for (label, x) in rows {
                let _ = write!(
                    h,
                    "<tr><td style=\"{TD}\">{}</td><td style=\"{TD};color:{}\">{}</td>\
                     <td style=\"{TD}\"><code>{}</code></td><td style=\"{TD}\">{}</td>\
                     <td style=\"{TD}\">{}</td><td style=\"{TD}\">{}</td></tr>",
                    esc(label),
                    severity_color(x.severity),
                    esc(&severity_change(x, lang)),
                    esc(&x.id),
                    esc(x.kind.as_str()),
                    esc(&x.title),
                    esc(&x.subjects.join(", "))
                );
            }
            h.push_str("</table>");
        }
    }

    if !d.importance.is_empty() {
        let _ = write!(h, "<h3>{}</h3>", esc(&text(lang, "diff-html-importance")));
        header(
            &mut h,
            &["diff-html-subject", "diff-html-before", "diff-html-after"],
            lang,
        );
        for i in &d.importance {
            let how = derived_mark(i.derived, lang);
            let _ = write!(
                h,
                "<tr><td style=\"{TD}\">{}{}</td><td style=\"{TD}\">{}</td><td style=\"{TD}\">{}</td></tr>",
                esc(&i.subject),
                esc(&how),
                esc(&opt(&i.old, lang)),
                esc(&opt(&i.new, lang))
            );
        }
        h.push_str("</table>");
    }

    if !d.entities.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3>",
            esc(&text(lang, "diff-html-model-changes"))
        );
        header(
            &mut h,
            &[
                "",
                "diff-html-entity",
                "diff-html-field",
                "diff-html-before",
                "diff-html-after",
            ],
            lang,
        );
        for e in &d.entities {
            let change = text(lang, &format!("diff-change-{}", e.change.as_str()));
            let _ = write!(
                h,
                "<tr><td style=\"{TD};color:{}\">{}</td><td style=\"{TD}\" colspan=\"4\"><code>{}</code> {}</td></tr>",
                change_color(e.change),
                esc(&change),
                esc(&e.subject),
                esc(&e.summary)
            );
            if e.change == ChangeKind::Changed {
                for f in &e.fields {
                    let _ = write!(
                        h,
                        "<tr><td style=\"{TD}\"></td><td style=\"{TD}\"></td><td style=\"{TD}\">{}</td>\
                         <td style=\"{TD}\">{}</td><td style=\"{TD}\">{}</td></tr>",
                        esc(&f.field),
                        esc(&opt(&f.old, lang)),
                        esc(&opt(&f.new, lang))
                    );
                }
            }
        }
        h.push_str("</table>");
    }
    h.push_str("</section>");
    h
}

/// Left-aligns `s` to `width` display columns (a CJK character takes two).
fn pad(s: &str, width: usize, right: bool) -> String {
    let w: usize = s
        .chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum();
    let fill = " ".repeat(width.saturating_sub(w));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The PDCA trend as text: one line per commit, oldest first.
pub fn render_history_text(path: &str, entries: &[HistoryEntry], lang: Lang) -> String {
    let mut out = Message::new("history-title").arg("path", path).render(lang) + "\n";
    if entries.is_empty() {
        out.push_str(&text(lang, "history-no-commits"));
        out.push('\n');
        return out;
    }
    let sev = |s: Severity| kojo_lang::severity(lang, s.as_str());
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} {} {}  {}",
        pad(&text(lang, "history-commit"), 10, false),
        pad(&text(lang, "history-date"), 16, false),
        pad(&sev(Severity::Critical), 8, true),
        pad(&sev(Severity::High), 5, true),
        pad(&sev(Severity::Medium), 6, true),
        pad(&sev(Severity::Low), 4, true),
        pad(&sev(Severity::Info), 4, true),
        pad(&text(lang, "history-total"), 5, true),
        text(lang, "history-summary")
    );
    for e in entries {
        match (&e.by_severity, &e.error) {
            (Some(c), _) => {
                let n = |s: Severity| c.get(&s).copied().unwrap_or(0);
                let _ = writeln!(
                    out,
                    "{:<10} {:<16} {:>8} {:>5} {:>6} {:>4} {:>4} {:>5}  {}",
                    e.short,
                    e.date,
                    n(Severity::Critical),
                    n(Severity::High),
                    n(Severity::Medium),
                    n(Severity::Low),
                    n(Severity::Info),
                    c.values().sum::<usize>(),
                    e.summary
                );
            }
            (None, err) => {
                let why = match (&e.why, err) {
                    (Some(m), _) => m.render(lang),
                    (None, Some(err)) => err.clone(),
                    (None, None) => text(lang, "history-not-assessed"),
                };
                let _ = writeln!(
                    out,
                    "{:<10} {:<16} {}  {}",
                    e.short,
                    e.date,
                    pad(&format!("({why})"), 46, true),
                    e.summary
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
