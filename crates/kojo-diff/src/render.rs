//! Text and HTML renderings of a [`ModelDiff`] and of a model's history. JSON is serde's.

use crate::{ChangeKind, FindingChange, HistoryEntry, ModelDiff, ReviewItem, ReviewKind};
use kojo_findings::Severity;
use std::fmt::Write;

fn sign(c: ChangeKind) -> char {
    match c {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    }
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(not set)")
}

fn review_heading(r: &ReviewItem) -> String {
    let mut s = format!("{}: {}", r.what.title(), r.subjects.join(" ↔ "));
    if let Some(p) = &r.point {
        match r.what {
            ReviewKind::BcpReviewPoint => s = format!("{} `{p}`", r.what.title()),
            _ => s.push_str(&format!(" ({p} checklist)")),
        }
    }
    s
}

fn review_note(r: &ReviewItem) -> Option<&'static str> {
    match (r.what, r.recorded) {
        (ReviewKind::BcpReviewPoint, Some(true)) => {
            Some("the BCP considers this point: review it for this change")
        }
        (ReviewKind::BcpReviewPoint, Some(false)) => {
            Some("the BCP does not consider this point yet")
        }
        (ReviewKind::PartyChecklist, Some(true)) => {
            Some("a checklist is recorded: confirm its answers for this change")
        }
        (ReviewKind::PartyChecklist, Some(false)) => {
            Some("no checklist is recorded for this party")
        }
        _ => None,
    }
}

fn finding_line(out: &mut String, label: &str, f: &FindingChange) {
    let sev = match f.old_severity {
        Some(o) => format!("{o} → {}", f.severity),
        None => f.severity.to_string(),
    };
    let _ = write!(
        out,
        "  {label:<9} {sev:<15} {} {:<26} {}",
        f.id, f.kind, f.title
    );
    if !f.subjects.is_empty() {
        let _ = write!(out, " [{}]", f.subjects.join(", "));
    }
    if f.suppressed {
        out.push_str(" (decided)");
    }
    out.push('\n');
}

/// Plain text for a terminal or a CI log.
pub fn render_text(d: &ModelDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "kojo diff: {} → {}", d.old.label, d.new.label);
    if d.old.factory != d.new.factory {
        let _ = writeln!(out, "factory: {} → {}", d.old.factory, d.new.factory);
    } else {
        let _ = writeln!(out, "factory: {}", d.new.factory);
    }
    if d.is_empty() {
        out.push_str("\nNo differences.\n");
        return out;
    }

    let count = |k: ChangeKind| d.entities.iter().filter(|e| e.change == k).count();
    let _ = writeln!(
        out,
        "\nEntities: {} added, {} removed, {} changed",
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Changed)
    );
    for e in &d.entities {
        let _ = writeln!(out, "  {} {}  {}", sign(e.change), e.subject, e.summary);
        if e.change == ChangeKind::Changed {
            for f in &e.fields {
                if f.added.is_empty() && f.removed.is_empty() {
                    let _ = writeln!(out, "      {}: {} → {}", f.field, opt(&f.old), opt(&f.new));
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
        out.push_str("\nImportance:\n");
        for i in &d.importance {
            let how = if i.derived { " (derived)" } else { "" };
            let _ = writeln!(
                out,
                "  {}: {} → {}{how}",
                i.subject,
                opt(&i.old),
                opt(&i.new)
            );
        }
    }

    match &d.findings {
        Some(f) => {
            let _ = writeln!(
                out,
                "\nFindings: {} new, {} resolved, {} changed in severity ({} → {} in all)",
                f.new.len(),
                f.resolved.len(),
                f.severity_changed.len(),
                f.old_summary.findings,
                f.new_summary.findings
            );
            for x in &f.new {
                finding_line(&mut out, "new", x);
            }
            for x in &f.severity_changed {
                finding_line(&mut out, "severity", x);
            }
            for x in &f.resolved {
                finding_line(&mut out, "resolved", x);
            }
        }
        None => out.push_str("\nFindings: not compared (the models were not assessed)\n"),
    }

    if !d.review.is_empty() {
        out.push_str("\nWhat to review now:\n");
        for r in &d.review {
            let _ = writeln!(out, "  * {} — {}", review_heading(r), r.reference);
            if let Some(n) = review_note(r) {
                let _ = writeln!(out, "      ({n})");
            }
            for b in &r.because {
                let _ = writeln!(out, "      - {b}");
            }
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
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

/// A self-contained HTML section (inline styles, everything escaped) that the report can
/// embed as is.
pub fn render_html_section(d: &ModelDiff) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"kojo-diff\" style=\"font-family:sans-serif;line-height:1.4\">\
         <h2>Change review: {} → {}</h2><p>Factory: {}</p>",
        esc(&d.old.label),
        esc(&d.new.label),
        esc(&d.new.factory)
    );
    if d.is_empty() {
        h.push_str("<p>No differences.</p></section>");
        return h;
    }

    // What to review first: it is what the reader acts on.
    if !d.review.is_empty() {
        let _ = write!(
            h,
            "<h3>What to review now</h3><table style=\"{TABLE}\"><tr>"
        );
        for c in ["Review", "Reference", "Because"] {
            let _ = write!(h, "<th style=\"{TH}\">{c}</th>");
        }
        h.push_str("</tr>");
        for r in &d.review {
            let _ = write!(
                h,
                "<tr><td style=\"{TD}\"><strong>{}</strong>",
                esc(&review_heading(r))
            );
            if let Some(n) = review_note(r) {
                let _ = write!(h, "<br><em>{}</em>", esc(n));
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
            "<h3>Findings</h3><p>{} new, {} resolved, {} changed in severity ({} → {} in all).</p>",
            f.new.len(),
            f.resolved.len(),
            f.severity_changed.len(),
            f.old_summary.findings,
            f.new_summary.findings
        );
        let rows: Vec<(&str, &FindingChange)> = f
            .new
            .iter()
            .map(|x| ("new", x))
            .chain(f.severity_changed.iter().map(|x| ("severity", x)))
            .chain(f.resolved.iter().map(|x| ("resolved", x)))
            .collect();
        if !rows.is_empty() {
            let _ = write!(h, "<table style=\"{TABLE}\"><tr>");
            for c in ["", "Severity", "Id", "Kind", "Title", "Subjects"] {
                let _ = write!(h, "<th style=\"{TH}\">{c}</th>");
            }
            h.push_str("</tr>");
            for (label, x) in rows {
                let sev = match x.old_severity {
                    Some(o) => format!("{o} → {}", x.severity),
                    None => x.severity.to_string(),
                };
                let _ = write!(
                    h,
                    "<tr><td style=\"{TD}\">{label}</td><td style=\"{TD};color:{}\">{}</td>\
                     <td style=\"{TD}\"><code>{}</code></td><td style=\"{TD}\">{}</td>\
                     <td style=\"{TD}\">{}</td><td style=\"{TD}\">{}</td></tr>",
                    severity_color(x.severity),
                    esc(&sev),
                    esc(&x.id),
                    esc(&x.kind),
                    esc(&x.title),
                    esc(&x.subjects.join(", "))
                );
            }
            h.push_str("</table>");
        }
    }

    if !d.importance.is_empty() {
        let _ = write!(h, "<h3>Importance</h3><table style=\"{TABLE}\"><tr>");
        for c in ["Subject", "Before", "After"] {
            let _ = write!(h, "<th style=\"{TH}\">{c}</th>");
        }
        h.push_str("</tr>");
        for i in &d.importance {
            let how = if i.derived { " (derived)" } else { "" };
            let _ = write!(
                h,
                "<tr><td style=\"{TD}\">{}{how}</td><td style=\"{TD}\">{}</td><td style=\"{TD}\">{}</td></tr>",
                esc(&i.subject),
                esc(opt(&i.old)),
                esc(opt(&i.new))
            );
        }
        h.push_str("</table>");
    }

    if !d.entities.is_empty() {
        let _ = write!(h, "<h3>Model changes</h3><table style=\"{TABLE}\"><tr>");
        for c in ["", "Entity", "Field", "Before", "After"] {
            let _ = write!(h, "<th style=\"{TH}\">{c}</th>");
        }
        h.push_str("</tr>");
        for e in &d.entities {
            let _ = write!(
                h,
                "<tr><td style=\"{TD};color:{}\">{}</td><td style=\"{TD}\" colspan=\"4\"><code>{}</code> {}</td></tr>",
                change_color(e.change),
                e.change.as_str(),
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
                        esc(opt(&f.old)),
                        esc(opt(&f.new))
                    );
                }
            }
        }
        h.push_str("</table>");
    }
    h.push_str("</section>");
    h
}

/// The PDCA trend as text: one line per commit, oldest first.
pub fn render_history_text(path: &str, entries: &[HistoryEntry]) -> String {
    let mut out = format!("kojo history: {path}\n");
    if entries.is_empty() {
        out.push_str("No commits touch this file.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{:<10} {:<16} {:>8} {:>5} {:>6} {:>4} {:>4} {:>5}  summary",
        "commit", "date (UTC)", "critical", "high", "medium", "low", "info", "total"
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
                let _ = writeln!(
                    out,
                    "{:<10} {:<16} {:>46}  {}",
                    e.short,
                    e.date,
                    format!("({})", err.as_deref().unwrap_or("not assessed")),
                    e.summary
                );
            }
        }
    }
    out
}
