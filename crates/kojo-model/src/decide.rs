//! Writing decisions into a model's text in place: each changed decision's block is replaced,
//! a new one goes below the last decision (or into a new `decisions:` section at the end), and
//! every other byte — comments, layout, other sections — stays. Used by the web's triage and
//! by `kojo decisions import`; the callers load the result again to check it.

use crate::model::{Decision, Model};
use crate::write::decision_fields;

/// The model's decisions with `changes` applied: a change replaces the decision on the same
/// finding (the last one, which is the one the assessment uses) or is added at the end.
pub fn apply(model: &mut Model, changes: &[Decision]) {
    for c in changes {
        match model.decisions.iter().rposition(|d| d.finding == c.finding) {
            Some(i) => {
                let loc = model.decisions[i].loc;
                model.decisions[i] = Decision { loc, ..c.clone() };
            }
            None => model.decisions.push(c.clone()),
        }
    }
}

/// Whether two decisions say the same (their places in the files aside).
pub fn same(a: &Decision, b: &Decision) -> bool {
    a.finding == b.finding
        && a.status == b.status
        && a.reason == b.reason
        && a.by == b.by
        && a.date == b.date
        && a.review_by == b.review_by
        && a.owner == b.owner
        && a.due == b.due
        && a.ticket == b.ticket
}

/// The root file's text (`model.sources[0]`, as loaded into `model`) with `changes` written
/// in place. `None` where the text does not lend itself to that (a decision in flow style or
/// in an included file, `decisions: []`); the caller then rewrites the model or refuses.
pub fn edit_text(text: &str, model: &Model, changes: &[Decision]) -> Option<String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if let Some(l) = lines.last_mut()
        && !l.ends_with('\n')
    {
        l.push('\n');
    }
    // Work from the bottom up so that earlier line numbers stay right.
    let mut replace: Vec<(usize, &Decision)> = Vec::new();
    let mut add: Vec<&Decision> = Vec::new();
    for c in changes {
        match model.decisions.iter().rposition(|d| d.finding == c.finding) {
            Some(i) => {
                let loc = model.decisions[i].loc;
                if loc.file != 0 {
                    return None;
                }
                replace.push((usize::try_from(loc.line).ok()?.checked_sub(1)?, c));
            }
            None => add.push(c),
        }
    }
    // A new decision goes below the root file's last one, shaped like it.
    let last = model
        .decisions
        .iter()
        .filter(|d| d.loc.file == 0 && d.loc.line > 0)
        .max_by_key(|d| d.loc.line);
    let mut appended: Option<(usize, Vec<String>)> = None;
    if !add.is_empty() {
        match last {
            Some(d) => {
                let idx = usize::try_from(d.loc.line).ok()?.checked_sub(1)?;
                let (prefix, col) = item_prefix(lines.get(idx)?, d.loc.column)?;
                let end = block_end(&lines, idx, col);
                let dash = if prefix.trim().is_empty() {
                    format!("{}- ", " ".repeat(col.checked_sub(2)?))
                } else {
                    prefix
                };
                let mut new = Vec::new();
                for c in &add {
                    new.extend(block(c, &dash, col));
                }
                appended = Some((end, new));
            }
            None => {
                if lines
                    .iter()
                    .any(|l| l.starts_with("decisions:") || l.starts_with("\"decisions\":"))
                {
                    return None;
                }
                let mut new = vec!["decisions:\n".to_string()];
                for c in &add {
                    new.extend(block(c, "  - ", 4));
                }
                appended = Some((lines.len(), new));
            }
        }
    }
    replace.sort_by_key(|r| std::cmp::Reverse(r.0));
    replace.dedup_by_key(|r| r.0);
    // The append point is at or below every replaced block; insert it first.
    if let Some((at, new)) = appended {
        lines.splice(at..at, new);
    }
    for (idx, c) in replace {
        let d = model.decisions.iter().rfind(|d| d.finding == c.finding)?;
        let (prefix, col) = item_prefix(lines.get(idx)?, d.loc.column)?;
        let end = block_end(&lines, idx, col);
        lines.splice(idx..end, block(c, &prefix, col));
    }
    Some(lines.concat())
}

/// The text before a block-style item's first field (`  - `) and that field's column
/// (0-based); `None` for a flow mapping.
fn item_prefix(line: &str, column: u32) -> Option<(String, usize)> {
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let prefix = line.get(..col)?;
    if !prefix.chars().all(|c| c == ' ' || c == '-') || line[col..].starts_with('{') {
        return None;
    }
    Some((prefix.to_string(), col))
}

/// One past the last line of the block item starting at `idx` whose fields are at `col`;
/// blank and comment lines at its end belong to what follows.
fn block_end(lines: &[String], idx: usize, col: usize) -> usize {
    let mut end = idx + 1;
    let mut j = idx + 1;
    while let Some(l) = lines.get(j) {
        let body = l.trim_start_matches(' ');
        let indent = l.len() - body.len();
        let blank = body.trim().is_empty() || body.starts_with('#');
        if !blank && indent < col {
            break;
        }
        if !blank {
            end = j + 1;
        }
        j += 1;
    }
    end
}

fn block(d: &Decision, first: &str, col: usize) -> Vec<String> {
    let pad = " ".repeat(col);
    decision_fields(d)
        .into_iter()
        .enumerate()
        .map(|(i, f)| format!("{}{f}\n", if i == 0 { first } else { &pad }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DecisionStatus, load_str, to_yaml};
    use std::path::Path;

    const TEXT: &str = "\
# Our plant; comments must stay.
version: 1
factory:
  name: Works
departments:
  - {id: prod, name: Production, kind: production}
decisions:
  # The line is air-gapped.
  - finding: F-0000000001
    status: accepted
    reason: \"air-gapped:\n      until retrofit\"
    review_by: 2026-01-01

  - finding: F-0000000002   # keep this one as it is
    status: mitigated
# the end
";

    fn decision(id: &str, status: DecisionStatus) -> Decision {
        Decision {
            finding: id.into(),
            status,
            reason: None,
            by: None,
            date: None,
            review_by: None,
            owner: None,
            due: None,
            ticket: None,
            loc: Default::default(),
        }
    }

    #[test]
    fn a_changed_and_a_new_decision_keep_the_rest_of_the_text() {
        let m = load_str(Path::new("m.yaml"), TEXT).unwrap_or_else(|d| panic!("{d:#?}"));
        let mut a = decision("F-0000000001", DecisionStatus::InProgress);
        a.owner = Some("prod".into());
        a.due = crate::Date::parse("2026-03-31");
        a.ticket = Some("OTSEC-142".into());
        let b = decision("F-0000000003", DecisionStatus::FalsePositive);
        let out = edit_text(TEXT, &m, &[a.clone(), b.clone()]).unwrap_or_else(|| panic!("no"));
        assert!(
            out.starts_with("# Our plant; comments must stay.\n"),
            "{out}"
        );
        assert!(out.contains("  # The line is air-gapped.\n  - finding: F-0000000001\n    status: in-progress\n    owner: prod\n    due: 2026-03-31\n    ticket: \"OTSEC-142\"\n\n  - finding: F-0000000002   # keep"), "{out}");
        assert!(out.ends_with("    status: mitigated\n  - finding: F-0000000003\n    status: false-positive\n# the end\n"), "{out}");
        let mut want = m.clone();
        apply(&mut want, &[a, b]);
        let back = load_str(Path::new("m.yaml"), &out).unwrap_or_else(|d| panic!("{d:#?}"));
        assert_eq!(to_yaml(&back), to_yaml(&want));
    }

    #[test]
    fn a_model_without_decisions_gets_the_section() {
        let text = "version: 1\nfactory:\n  name: Works";
        let m = load_str(Path::new("m.yaml"), text).unwrap_or_else(|d| panic!("{d:#?}"));
        let out = edit_text(text, &m, &[decision("F-1", DecisionStatus::Mitigated)]);
        assert_eq!(
            out.as_deref(),
            Some(
                "version: 1\nfactory:\n  name: Works\ndecisions:\n  - finding: F-1\n    status: mitigated\n"
            )
        );
    }

    #[test]
    fn flow_style_and_empty_lists_are_left_to_the_caller() {
        let text =
            "version: 1\nfactory: {name: W}\ndecisions:\n  - {finding: F-1, status: accepted}\n";
        let m = load_str(Path::new("m.yaml"), text).unwrap_or_else(|d| panic!("{d:#?}"));
        assert_eq!(
            edit_text(text, &m, &[decision("F-1", DecisionStatus::Mitigated)]),
            None
        );
        let text = "version: 1\nfactory: {name: W}\ndecisions: []\n";
        let m = load_str(Path::new("m.yaml"), text).unwrap_or_else(|d| panic!("{d:#?}"));
        assert_eq!(
            edit_text(text, &m, &[decision("F-1", DecisionStatus::Mitigated)]),
            None
        );
    }
}
