//! Rendering of [`Diagnostic`]s: rustc-style text with the source line and a caret under
//! the offending value (for terminals and logs), and JSON for machines.

use crate::diag::{DiagSeverity, Diagnostic, Position};
use std::fmt::Write as _;
use std::path::Path;

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const CYAN: &str = "\x1b[1;36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Render diagnostics as text in the style of rustc: header, `--> file:line:column`, the
/// source line with a caret under the value, `= help:` and notes for related places.
/// `source` returns a file's text (the renderer reads nothing itself).
pub fn render_human(
    diags: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    color: bool,
) -> String {
    let style = Style { color };
    let mut out = String::new();
    for d in diags {
        let (word, paint) = match d.severity {
            DiagSeverity::Error => ("error", RED),
            DiagSeverity::Warning => ("warning", YELLOW),
        };
        let _ = writeln!(
            out,
            "{}{}",
            style.paint(paint, &format!("{word}[{}]", d.code)),
            style.paint(BOLD, &format!(": {}", d.message))
        );
        if let Some(p) = &d.position {
            snippet(&mut out, &style, p, source, None, paint);
        }
        if let Some(h) = &d.help {
            let _ = writeln!(
                out,
                "   {} {}",
                style.paint(BLUE, "="),
                style.paint(BOLD, &format!("help: {h}"))
            );
        }
        for (p, note) in &d.related {
            let _ = writeln!(out, "{}: {note}", style.paint(CYAN, "note"));
            snippet(&mut out, &style, p, source, None, CYAN);
        }
        out.push('\n');
    }
    out
}

/// `path:line:column: severity[code]: message` — one line per diagnostic, for grep and CI logs.
pub fn render_short(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let word = match d.severity {
            DiagSeverity::Error => "error",
            DiagSeverity::Warning => "warning",
        };
        if let Some(p) = &d.position {
            let _ = write!(out, "{}:{}:{}: ", p.path.display(), p.line, p.column);
        }
        let _ = write!(out, "{word}[{}]: {}", d.code, d.message);
        if let Some(h) = &d.help {
            let _ = write!(out, " ({h})");
        }
        out.push('\n');
    }
    out
}

fn snippet(
    out: &mut String,
    style: &Style,
    p: &Position,
    source: &dyn Fn(&Path) -> Option<String>,
    label: Option<&str>,
    paint: &str,
) {
    let _ = writeln!(
        out,
        "  {} {}:{}:{}",
        style.paint(BLUE, "-->"),
        p.path.display(),
        p.line,
        p.column
    );
    let Some(text) = source(&p.path) else { return };
    let Some(line) = text.lines().nth((p.line as usize).saturating_sub(1)) else {
        return;
    };
    let num = p.line.to_string();
    let pad = " ".repeat(num.len());
    let bar = style.paint(BLUE, "|");
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {line}", style.paint(BLUE, &num));
    let col = (p.column as usize).saturating_sub(1);
    let width = token_width(line, col);
    // Tabs before the caret keep their width so the caret lines up.
    let lead: String = line
        .chars()
        .take(col)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let carets = "^".repeat(width.max(1));
    let label = label.map(|l| format!(" {l}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{pad} {bar} {lead}{}",
        style.paint(paint, &format!("{carets}{label}"))
    );
}

/// Width in characters of the YAML token starting at `col` (a quoted string, or up to the
/// next separator).
fn token_width(line: &str, col: usize) -> usize {
    let chars: Vec<char> = line.chars().skip(col).collect();
    match chars.first() {
        None => 1,
        Some(&q @ ('"' | '\'')) => chars
            .iter()
            .skip(1)
            .position(|&c| c == q)
            .map_or(chars.len(), |i| i + 2),
        Some(_) => {
            let mut n = 0;
            while n < chars.len() {
                let c = chars[n];
                if matches!(c, ',' | ']' | '}' | '#')
                    || (c == ':' && chars.get(n + 1).is_none_or(|c| c.is_whitespace()))
                {
                    break;
                }
                n += 1;
            }
            // Trailing spaces before a comment are not part of the value.
            while n > 1 && chars[n - 1].is_whitespace() {
                n -= 1;
            }
            n.max(1)
        }
    }
}

/// One diagnostic as JSON: `{code, severity, message, file, line, column, help, related}`.
pub fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let pos = |p: &Position| serde_json::json!({"file": p.path.display().to_string(), "line": p.line, "column": p.column});
    serde_json::json!({
        "code": d.code,
        "severity": match d.severity { DiagSeverity::Error => "error", DiagSeverity::Warning => "warning" },
        "message": d.message,
        "file": d.position.as_ref().map(|p| p.path.display().to_string()),
        "line": d.position.as_ref().map(|p| p.line),
        "column": d.position.as_ref().map(|p| p.column),
        "help": d.help,
        "related": d.related.iter().map(|(p, m)| {
            let mut v = pos(p);
            v["message"] = serde_json::Value::from(m.as_str());
            v
        }).collect::<Vec<_>>(),
    })
}

/// A list of diagnostics as a JSON array.
pub fn diagnostics_json(diags: &[Diagnostic]) -> serde_json::Value {
    serde_json::Value::Array(diags.iter().map(diagnostic_json).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_covers_the_value() {
        let text = "version: 1\nzones:\n  - id: a\n    kind: controll   # typo\n".to_string();
        let diags = crate::load_str(Path::new("m.yaml"), &text).unwrap_err();
        let d = diags.iter().find(|d| d.code == "invalid-value").unwrap();
        let out = render_human(std::slice::from_ref(d), &|_| Some(text.clone()), false);
        assert!(
            out.contains("error[invalid-value]: `controll` is not a valid zone kind"),
            "{out}"
        );
        assert!(out.contains("  --> m.yaml:4:11"), "{out}");
        assert!(
            out.contains("4 |     kind: controll   # typo\n  |           ^^^^^^^^\n"),
            "{out}"
        );
        assert!(out.contains("= help: did you mean `control`?"), "{out}");
    }

    #[test]
    fn token_widths() {
        assert_eq!(token_width("  - id: \"a b\" # x", 8), 5);
        assert_eq!(token_width("  zones: [a, bb]", 13), 2);
        assert_eq!(token_width("  ipp: 1", 2), 3);
        assert_eq!(token_width("", 0), 1);
    }
}
