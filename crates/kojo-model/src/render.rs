//! Rendering of [`Diagnostic`]s: rustc-style text with the source line and a caret under
//! the offending value (for terminals and logs), and JSON for machines.

use crate::diag::{DiagSeverity, Diagnostic, Position};
use kojo_lang::Lang;
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
    render_human_in(diags, source, color, Lang::En)
}

/// The severity's label (`error`, `warning`) in `lang`.
fn severity_word(severity: DiagSeverity, lang: Lang) -> String {
    kojo_lang::text(
        lang,
        match severity {
            DiagSeverity::Error => "diag-label-error",
            DiagSeverity::Warning => "diag-label-warning",
        },
    )
}

/// [`render_human`] with the messages, help and labels in `lang`.
pub fn render_human_in(
    diags: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    color: bool,
    lang: Lang,
) -> String {
    let style = Style { color };
    let mut out = String::new();
    let help_word = kojo_lang::text(lang, "diag-label-help");
    let note_word = kojo_lang::text(lang, "diag-label-note");
    for d in diags {
        let word = severity_word(d.severity, lang);
        let paint = match d.severity {
            DiagSeverity::Error => RED,
            DiagSeverity::Warning => YELLOW,
        };
        let _ = writeln!(
            out,
            "{}{}",
            style.paint(paint, &format!("{word}[{}]", d.code)),
            style.paint(
                BOLD,
                &format!(": {}", escape_controls(&d.message.render(lang)))
            )
        );
        if let Some(p) = &d.position {
            snippet(&mut out, &style, p, source, None, paint);
        }
        if let Some(h) = &d.help {
            let _ = writeln!(
                out,
                "   {} {}",
                style.paint(BLUE, "="),
                style.paint(
                    BOLD,
                    &format!("{help_word}: {}", escape_controls(&h.render(lang)))
                )
            );
        }
        for (p, note) in &d.related {
            let _ = writeln!(
                out,
                "{}: {}",
                style.paint(CYAN, &note_word),
                escape_controls(&note.render(lang))
            );
            snippet(&mut out, &style, p, source, None, CYAN);
        }
        out.push('\n');
    }
    out
}

/// `path:line:column: severity[code]: message` — one line per diagnostic, for grep and CI logs.
pub fn render_short(diags: &[Diagnostic]) -> String {
    render_short_in(diags, Lang::En)
}

/// [`render_short`] in `lang`.
pub fn render_short_in(diags: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        let word = severity_word(d.severity, lang);
        if let Some(p) = &d.position {
            let path = p.path.display().to_string();
            let _ = write!(out, "{}:{}:{}: ", escape_controls(&path), p.line, p.column);
        }
        let message = d.message.render(lang);
        let _ = write!(out, "{word}[{}]: {}", d.code, escape_controls(&message));
        if let Some(h) = &d.help {
            let _ = write!(out, " ({})", escape_controls(&h.render(lang)));
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
        escape_controls(&p.path.display().to_string()),
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
    let col = (p.column as usize).saturating_sub(1);
    let width = token_width(line, col).max(1);
    let (shown, lead, carets) = snippet_window(line, col, width);
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {shown}", style.paint(BLUE, &num));
    let carets = "^".repeat(carets);
    let label = label.map(|l| format!(" {l}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{pad} {bar} {lead}{}",
        style.paint(paint, &format!("{carets}{label}"))
    );
}

/// Characters of a source line shown around the caret; a longer line (a 200 KB one-line
/// YAML) is cut to a window around the column, marked `…` on the cut sides.
const SNIPPET_CHARS: usize = 120;
/// Characters kept before the caret when the line is cut.
const SNIPPET_BEFORE: usize = 40;

/// The line as shown (cut to a window, control characters escaped), the lead that puts the
/// caret under column `col`, and how many carets to draw for a token `width` wide.
fn snippet_window(line: &str, col: usize, width: usize) -> (String, String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = col.min(chars.len());
    let (start, end) = if chars.len() <= SNIPPET_CHARS {
        (0, chars.len())
    } else {
        let start = col.saturating_sub(SNIPPET_BEFORE);
        (start, (start + SNIPPET_CHARS).min(chars.len()))
    };
    let mut shown = String::new();
    let mut lead = String::new();
    if start > 0 {
        shown.push('…');
        lead.push(' ');
    }
    let mut caret_cols = 0;
    for (i, &c) in chars[start..end].iter().enumerate() {
        let piece = escape_char(c);
        let at = start + i;
        if at < col {
            // Tabs before the caret keep their width so the caret lines up.
            for pc in piece.chars() {
                lead.push(if pc == '\t' { '\t' } else { ' ' });
            }
        } else if at < col + width {
            caret_cols += piece.chars().count();
        }
        shown.push_str(&piece);
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, lead, caret_cols.max(1))
}

/// A character as it may reach a terminal: control characters other than tab (ESC, BEL,
/// backspace, C1 codes…) written as `\u{1b}`, so a name cannot move the cursor or retitle
/// the window.
fn escape_char(c: char) -> String {
    if c.is_control() && c != '\t' {
        c.escape_unicode().to_string()
    } else {
        c.to_string()
    }
}

/// `text` with its control characters (other than tab and newline) escaped as `\u{1b}`:
/// for file names, model names and messages printed to a terminal.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_string()
                } else {
                    escape_char(c)
                }
            })
            .collect(),
    )
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

/// One diagnostic as JSON: `{code, severity, message, file, line, column, help, related}`,
/// in English (the contract), with `message_ja` and `help_ja` beside them.
pub fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let pos = |p: &Position| serde_json::json!({"file": p.path.display().to_string(), "line": p.line, "column": p.column});
    serde_json::json!({
        "code": d.code,
        "severity": match d.severity { DiagSeverity::Error => "error", DiagSeverity::Warning => "warning" },
        "message": d.message.as_str(),
        "message_ja": d.message.render(Lang::Ja),
        "file": d.position.as_ref().map(|p| p.path.display().to_string()),
        "line": d.position.as_ref().map(|p| p.line),
        "column": d.position.as_ref().map(|p| p.column),
        "help": d.help.as_ref().map(|h| h.as_str()),
        "help_ja": d.help.as_ref().map(|h| h.render(Lang::Ja)),
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
    fn japanese_labels_message_and_help_keep_the_place() {
        let text = "version: 1\nzones:\n  - id: a\n    kind: controll   # typo\n".to_string();
        let diags = crate::load_str(Path::new("m.yaml"), &text).unwrap_err();
        let d = diags.iter().find(|d| d.code == "invalid-value").unwrap();
        let out = render_human_in(
            std::slice::from_ref(d),
            &|_| Some(text.clone()),
            false,
            Lang::Ja,
        );
        assert!(
            out.contains("エラー[invalid-value]: `controll` はゾーンの種類として正しくありません"),
            "{out}"
        );
        assert!(out.contains("  --> m.yaml:4:11"), "{out}");
        assert!(out.contains("= 対処: `control` のことですか？"), "{out}");
        let short = render_short_in(std::slice::from_ref(d), Lang::Ja);
        assert!(
            short.starts_with("m.yaml:4:11: エラー[invalid-value]: "),
            "{short}"
        );
        let json = diagnostic_json(d);
        assert_eq!(json["message"], "`controll` is not a valid zone kind");
        assert_eq!(
            json["message_ja"],
            "`controll` はゾーンの種類として正しくありません"
        );
    }

    #[test]
    fn a_long_one_line_file_shows_a_window_not_the_whole_line() {
        // 200 KB on one line with a syntax error near its end.
        let mut text = String::from("version: 1\nfactory: {name: ");
        text.push_str(&"a".repeat(200_000));
        text.push_str(" ]]]\n");
        let diags = crate::load_str(Path::new("long.yaml"), &text).unwrap_err();
        assert!(!diags.is_empty());
        let out = render_human(&diags, &|_| Some(text.clone()), false);
        assert!(out.len() < 4_000, "{} bytes of output", out.len());
        assert!(out.contains('…'), "{out}");
        assert!(out.contains("long.yaml:2:"), "{out}");
        // The caret stays under the column it names, inside the window.
        let lines: Vec<&str> = out.lines().collect();
        let i = lines.iter().position(|l| l.starts_with("2 | ")).unwrap();
        let caret_at = lines[i + 1].find('^').unwrap();
        let shown = lines[i].chars().count();
        assert!(caret_at < shown + 2, "{out}");
    }

    #[test]
    fn control_characters_are_escaped() {
        let text =
            "version: 1\nfactory:\n  name: x\nzones:\n  - id: a\n    kind: \"\x1b]0;pwned\x07\"\n"
                .to_string();
        let diags = crate::load_str(Path::new("evil\x1b[2J.yaml"), &text).unwrap_err();
        let out = render_human(&diags, &|_| Some(text.clone()), false);
        assert!(!out.contains('\x1b'), "{out:?}");
        assert!(!out.contains('\x07'), "{out:?}");
        assert!(out.contains("\\u{1b}"), "{out}");
        let short = render_short(&diags);
        assert!(!short.contains('\x1b'), "{short:?}");
        assert_eq!(escape_controls("a\tb\nc"), "a\tb\nc");
    }

    #[test]
    fn token_widths() {
        assert_eq!(token_width("  - id: \"a b\" # x", 8), 5);
        assert_eq!(token_width("  zones: [a, bb]", 13), 2);
        assert_eq!(token_width("  ipp: 1", 2), 3);
        assert_eq!(token_width("", 0), 1);
    }
}
