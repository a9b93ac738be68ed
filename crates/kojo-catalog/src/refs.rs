//! The check of a model's references into the catalog.

use crate::{Catalog, checklist_kind_name, vocab};
use kojo_model::{DiagSeverity, DiagText, Diagnostic, Loc, Model, Position};

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

fn did_you_mean(suggestions: &[String], fallback: String) -> Option<String> {
    if suggestions.is_empty() {
        Some(fallback)
    } else {
        let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        Some(format!("did you mean {}?", quoted.join(" or ")))
    }
}

fn diag(
    code: &'static str,
    severity: DiagSeverity,
    message: String,
    position: Option<Position>,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic {
        code,
        severity,
        message: DiagText::untranslated(message),
        position,
        help: help.map(DiagText::untranslated),
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
                    format!(
                        "operation `{}` names task `{t}`, which is not a Table 3-2 task of the catalog",
                        op.id
                    ),
                    position(model, op.loc),
                    did_you_mean(&s, format!("known tasks: {}", task_keys.join(", "))),
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
                format!("measure `{}` is not in the catalog", m.measure),
                position(model, m.loc),
                did_you_mean(
                    &s,
                    "`kojo catalog list --kind measure` lists the measures".into(),
                ),
            ));
        }
    }
    for sc in &model.supply_chain {
        let kind = checklist_kind_name(sc.checklist);
        let Some(list) = cat.checklist_by_kind(sc.checklist) else {
            out.push(diag(
                "unknown-checklist",
                DiagSeverity::Error,
                format!("checklist kind `{kind}` has no checklist in the catalog"),
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
                    format!("a party of kind `{pk}` calls for no checklist of Tables 3-10 to 3-12")
                } else {
                    format!(
                        "a party of kind `{pk}` calls for `checklist: {}`",
                        fitting.join("` or `")
                    )
                };
                out.push(diag(
                    "checklist-kind-mismatch",
                    DiagSeverity::Warning,
                    format!(
                        "party `{}` is a {pk} but is checked with the `{kind}` checklist ({})",
                        sc.party,
                        list.reference
                            .table
                            .as_deref()
                            .unwrap_or(&list.reference.section)
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
                    format!("`{item}` is not an item of the `{kind}` checklist"),
                    position(model, *loc),
                    did_you_mean(
                        &s,
                        format!(
                            "items are written `phase.name`, e.g. `{}`",
                            list.items
                                .first()
                                .map(|i| i.id.as_str())
                                .unwrap_or("procurement.x")
                        ),
                    ),
                ));
            }
        }
    }
    out
}
