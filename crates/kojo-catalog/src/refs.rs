//! The check of a model's references into the catalog.

use crate::{Catalog, checklist_kind_name, vocab};
use kojo_lang::Message;
use kojo_model::{DiagSeverity, Diagnostic, Loc, Model, Position};

/// Up to three ids close to `id` (Jaro-Winkler similarity), best first.
pub(crate) fn closest(id: &str, candidates: impl Iterator<Item = String>) -> Vec<String> {
    let mut scored: Vec<(f64, String)> = candidates
        .map(|c| (strsim::jaro_winkler(id, &c), c))
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    // Only those nearly as close as the best: one clear match is more useful than three.
    let best = scored.first().map(|s| s.0).unwrap_or(0.0);
    scored
        .into_iter()
        .take_while(|(s, _)| *s >= best - 0.03)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

fn position(model: &Model, loc: Loc) -> Option<Position> {
    model.path_of(loc).map(|p| Position {
        path: p.to_path_buf(),
        line: loc.line,
        column: loc.column,
    })
}

/// Text in backticks, as written in every language.
fn code(text: impl Into<String>) -> Message {
    Message::new("diag-code").arg("text", text.into())
}

/// "`a` or `b` or `c`": the phrases joined in the language shown.
fn either(mut phrases: impl Iterator<Item = Message>) -> Message {
    let first = phrases.next().unwrap_or_else(|| code(""));
    phrases.fold(first, |acc, next| {
        Message::new("diag-or").arg("first", acc).arg("next", next)
    })
}

fn did_you_mean(suggestions: &[String], fallback: Message) -> Option<Message> {
    if suggestions.is_empty() {
        Some(fallback)
    } else {
        let quoted = either(suggestions.iter().map(code));
        Some(Message::new("diag-did-you-mean-any").arg("list", quoted))
    }
}

/// A catalog reference as it is shown: "Table 3-11" in the language's word for a table.
fn table_ref(text: &str) -> Message {
    match text.strip_prefix("Table ") {
        Some(number) => Message::new("diag-table").arg("number", number),
        None => Message::new("diag-untranslated").arg("text", text),
    }
}

fn diag(
    code: &'static str,
    severity: DiagSeverity,
    message: Message,
    position: Option<Position>,
    help: Option<Message>,
) -> Diagnostic {
    Diagnostic {
        code,
        severity,
        message: message.into(),
        position,
        help: help.map(Into::into),
        related: Vec::new(),
    }
}

pub(crate) fn check_model_refs(cat: &Catalog, model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let task_keys: Vec<String> = cat.tasks().filter_map(|e| e.key.clone()).collect();
    for op in &model.operations {
        for t in &op.tasks {
            if !task_keys.iter().any(|k| k == t) {
                let s = closest(t, task_keys.iter().cloned());
                out.push(diag(
                    "unknown-task",
                    DiagSeverity::Error,
                    Message::new("diag-unknown-task")
                        .arg("operation", op.id.as_str())
                        .arg("task", t.as_str()),
                    position(model, op.loc),
                    did_you_mean(
                        &s,
                        Message::new("diag-known-tasks").arg("tasks", task_keys.join(", ")),
                    ),
                ));
            }
        }
    }
    for m in &model.measures {
        if cat.measure(&m.measure).is_none() {
            let names = cat.measures().iter().map(|x| x.id.clone());
            let mut s = closest(&m.measure, names);
            if s.is_empty() && !m.measure.starts_with("msr-") {
                s = closest(
                    &format!("msr-{}", m.measure),
                    cat.measures().iter().map(|x| x.id.clone()),
                );
            }
            out.push(diag(
                "unknown-measure",
                DiagSeverity::Error,
                Message::new("diag-unknown-measure").arg("measure", m.measure.as_str()),
                position(model, m.loc),
                did_you_mean(&s, Message::new("diag-unknown-measure-help")),
            ));
        }
    }
    for sc in &model.supply_chain {
        let kind = checklist_kind_name(sc.checklist);
        let Some(list) = cat.checklist_by_kind(sc.checklist) else {
            out.push(diag(
                "unknown-checklist",
                DiagSeverity::Error,
                Message::new("diag-unknown-checklist").arg("kind", kind),
                position(model, sc.loc),
                None,
            ));
            continue;
        };
        if let Some(party) = model.party(&sc.party) {
            let pk = vocab::party_kind_name(party.kind);
            if !list.party_kinds.iter().any(|p| p == pk) {
                let fitting: Vec<&str> = cat
                    .checklists_for_party_kind(party.kind)
                    .map(|c| c.kind.as_str())
                    .collect();
                let help = if fitting.is_empty() {
                    Message::new("diag-checklist-none-fits").arg("kind", pk)
                } else {
                    let first = fitting.first().map(|k| format!("checklist: {k}"));
                    let list = first
                        .into_iter()
                        .chain(fitting.iter().skip(1).map(|k| k.to_string()));
                    Message::new("diag-checklist-fits")
                        .arg("kind", pk)
                        .arg("fitting", either(list.map(code)))
                };
                out.push(diag(
                    "checklist-kind-mismatch",
                    DiagSeverity::Warning,
                    Message::new("diag-checklist-kind-mismatch")
                        .arg("party", sc.party.as_str())
                        .arg("kind", pk)
                        .arg("checklist", kind)
                        .arg(
                            "table",
                            table_ref(
                                list.reference
                                    .table
                                    .as_deref()
                                    .unwrap_or(&list.reference.section),
                            ),
                        ),
                    position(model, sc.loc),
                    Some(help),
                ));
            }
        }
        for (item, (_, loc)) in &sc.answers {
            if list.item(item).is_none() {
                let s = closest(item, list.items.iter().map(|i| i.id.clone()));
                out.push(diag(
                    "unknown-checklist-item",
                    DiagSeverity::Error,
                    Message::new("diag-unknown-checklist-item")
                        .arg("item", item.as_str())
                        .arg("kind", kind),
                    position(model, *loc),
                    did_you_mean(
                        &s,
                        Message::new("diag-checklist-item-form").arg(
                            "example",
                            list.items
                                .first()
                                .map(|i| i.id.as_str())
                                .unwrap_or("procurement.x"),
                        ),
                    ),
                ));
            }
        }
    }
    out
}
