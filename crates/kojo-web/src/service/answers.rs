//! Supplier checklist answers given in the web app (Tables 3-10 to 3-12), written into the
//! model: each answer becomes a new model version in which only that one item of
//! `supply_chain[party].answers` changed, so the assessment (`checklist-missing`,
//! `checklist-gap`), the YAML export and frozen review cycles see it. The evidence note has
//! no place in the model format; it stays in `checklist_answers` beside the answer.
//!
//! This is the narrow server path a supplier writes through: it never takes YAML from the
//! client, only (party, item, answer), and the party rule is checked by the caller.

use crate::error::AppError;
use crate::service::access::{Access, Auth, Need};
use crate::service::models;
use crate::state::AppState;
use crate::store::ModelVersion;
use crate::store::Role;
use kojo_model::Answer;
use serde::Deserialize;
use std::collections::BTreeMap;

/// How many times an answer is applied again when other saves keep landing first.
const TRIES: u32 = 8;

/// The model's answer for a web answer word (`not-applicable` is written `n/a` in YAML).
pub(crate) fn model_answer(word: &str) -> Option<Answer> {
    match word {
        "yes" => Some(Answer::Yes),
        "no" => Some(Answer::No),
        "partial" => Some(Answer::Partial),
        "not-applicable" | "n/a" => Some(Answer::NotApplicable),
        _ => None,
    }
}

/// The YAML word for an answer.
fn yaml_word(a: Answer) -> &'static str {
    kojo_model::vocab::ANSWERS
        .iter()
        .find(|(_, x)| *x == a)
        .map(|(w, _)| *w)
        .unwrap_or("n/a")
}

/// Edits the text itself, so that comments and layout stay: replaces the answer's scalar
/// at its location, or adds `item: word` below the party's last answer (block style only).
/// `None` where the text does not lend itself to that; the caller checks the result.
fn patch_text(
    yaml: &str,
    entry: &kojo_model::SupplierChecklist,
    item: &str,
    answer: Answer,
) -> Option<String> {
    let word = yaml_word(answer);
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    if let Some((_, loc)) = entry.answers.get(item) {
        let idx = usize::try_from(loc.line).ok()?.checked_sub(1)?;
        let line = *lines.get(idx)?;
        let col = usize::try_from(loc.column).ok()?.checked_sub(1)?;
        let start = line.char_indices().nth(col).map(|(b, _)| b)?;
        let rest = &line[start..];
        let (len, quoted) = match rest.chars().next()? {
            q @ ('"' | '\'') => (rest[1..].find(q)? + 2, Some(q)),
            _ => (
                rest.find(|c: char| c.is_whitespace() || matches!(c, '#' | ',' | '}'))
                    .unwrap_or(rest.len()),
                None,
            ),
        };
        let new_word = match quoted {
            Some(q) => format!("{q}{word}{q}"),
            None => word.to_string(),
        };
        let mut out = String::with_capacity(yaml.len() + 8);
        for (i, l) in lines.iter().enumerate() {
            if i == idx {
                out.push_str(&line[..start]);
                out.push_str(&new_word);
                out.push_str(&rest[len..]);
            } else {
                out.push_str(l);
            }
        }
        return Some(out);
    }
    // A new item: below the last answer, with its indentation.
    let last = entry.answers.values().map(|(_, l)| l.line).max()?;
    let idx = usize::try_from(last).ok()?.checked_sub(1)?;
    let line = *lines.get(idx)?;
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    if body.starts_with('{') || body.starts_with('-') || !body.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(yaml.len() + item.len() + 16);
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i == idx {
            if !l.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("{indent}{item}: {word}\n"));
        }
    }
    Some(out)
}

/// The model text with `answer` set for `item` in `party`'s supplier checklist, checked
/// again as `kojo check` would. `Ok(None)` when the model already says exactly that.
/// The text is edited in place where it can be (comments and layout stay) and the result
/// must load to exactly the intended model; otherwise the model is written back with
/// `kojo_model::to_yaml` (comments are then lost; the previous version keeps them).
pub(crate) fn apply_answer(
    yaml: &str,
    party: &str,
    item: &str,
    answer: Answer,
) -> Result<Option<String>, AppError> {
    let (mut model, _) = models::check(yaml).map_err(AppError::Invalid)?;
    let Some(entry) = model.supply_chain.iter_mut().find(|c| c.party == party) else {
        return Err(AppError::BadRequest(format!(
            "party {party:?} has no supplier checklist in the model (anymore); add a supply_chain entry for it first"
        )));
    };
    if entry.answers.get(item).is_some_and(|(a, _)| *a == answer) {
        return Ok(None);
    }
    let patched = patch_text(yaml, entry, item, answer);
    let loc = entry.loc;
    match entry.answers.get_mut(item) {
        Some((a, _)) => *a = answer,
        None => {
            entry.answers.insert(item.to_string(), (answer, loc));
        }
    }
    let intended = kojo_model::to_yaml(&model);
    if let Some(text) = patched
        && let Ok((m, _)) = models::check(&text)
        && kojo_model::to_yaml(&m) == intended
    {
        return Ok(Some(text));
    }
    models::check(&intended).map_err(AppError::Invalid)?;
    Ok(Some(intended))
}

/// Writes an already checked answer into the latest model version and stores its evidence
/// note, in one transaction with the audit entry, authored by `by`. When another version
/// is saved meanwhile, the answer is applied again on top of that one, so it never
/// overwrites anybody's change. Returns the new model version, or `None` when the model
/// already held this answer (then only the evidence note is stored).
pub(crate) async fn write_back(
    st: &AppState,
    fid: &str,
    party: &str,
    item: &str,
    word: &str,
    evidence: &str,
    by: &str,
) -> Result<Option<ModelVersion>, AppError> {
    let answer = model_answer(word).ok_or_else(|| {
        AppError::BadRequest(format!("answer {word:?} is not a checklist answer"))
    })?;
    for tries in 0..TRIES {
        let mv = st
            .store
            .latest_model(fid)
            .await?
            .ok_or_else(|| AppError::BadRequest("the factory has no model yet".into()))?;
        let (p, i) = (party.to_string(), item.to_string());
        let base = mv.yaml;
        let new_yaml = tokio::task::spawn_blocking(move || apply_answer(&base, &p, &i, answer))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("answer task: {e}")))??;
        let Some(new_yaml) = new_yaml else {
            st.store
                .set_answer(fid, party, item, word, evidence, by)
                .await?;
            return Ok(None);
        };
        match st
            .store
            .save_answer(fid, mv.version, &new_yaml, party, item, word, evidence, by)
            .await
        {
            Ok(Some(v)) => {
                crate::service::assessment::saved(st, &v);
                return Ok(Some(v));
            }
            Ok(None) => continue,
            Err(e) if e.is_retryable() => crate::store::retry_pause(tries + 1).await,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict(
        "the model kept changing while the answer was written; try again".into(),
    ))
}

pub(crate) struct ItemRow {
    pub item: String,
    /// The catalog's words for the item, in the user's language.
    pub title: String,
    pub answer: String,
    pub evidence: String,
}

pub(crate) struct PartyChecklist {
    pub party: String,
    pub kind: String,
    pub items: Vec<ItemRow>,
    pub can_answer: bool,
}

/// The answers a checklist item can take.
pub const ANSWERS: [&str; 4] = ["yes", "no", "partial", "not-applicable"];

fn checklist_kind_word(k: kojo_model::ChecklistKind) -> &'static str {
    match k {
        kojo_model::ChecklistKind::CloudService => "cloud-service",
        kojo_model::ChecklistKind::GeneralProduct => "general-product",
        kojo_model::ChecklistKind::Software => "software",
    }
}

fn answer_word(a: kojo_model::Answer) -> &'static str {
    match a {
        kojo_model::Answer::Yes => "yes",
        kojo_model::Answer::No => "no",
        kojo_model::Answer::Partial => "partial",
        kojo_model::Answer::NotApplicable => "not-applicable",
    }
}

/// The checklists the user may see: for each supplier checklist of the model, every item of
/// the catalog's checklist of that kind, with the model's answer (answers given in the web
/// application are written into the model) and the evidence notes kept in the database.
pub(crate) async fn visible_checklists(
    st: &AppState,
    access: &Access,
    lang: &str,
) -> Result<Vec<PartyChecklist>, AppError> {
    let fid = &access.factory.id;
    let catalog = models::catalog()?;
    let mut out: BTreeMap<String, PartyChecklist> = BTreeMap::new();
    if let Some(mv) = st.store.latest_model(fid).await?
        && let Ok((model, _)) = models::check(&mv.yaml)
    {
        for c in &model.supply_chain {
            if !access.may_read_party(&c.party) {
                continue;
            }
            let e = out
                .entry(c.party.clone())
                .or_insert_with(|| PartyChecklist {
                    party: c.party.clone(),
                    kind: checklist_kind_word(c.checklist).to_string(),
                    items: Vec::new(),
                    can_answer: access.may_answer_party(&c.party),
                });
            if let Some(list) = catalog.checklist_by_kind(c.checklist) {
                for item in list.items.iter().filter(|i| !i.advisory) {
                    let answer = c
                        .answers
                        .get(&item.id)
                        .map(|(a, _)| answer_word(*a))
                        .unwrap_or("");
                    e.items.push(ItemRow {
                        item: item.id.clone(),
                        title: if lang == "ja" {
                            item.title.ja.clone()
                        } else {
                            item.title.en.clone()
                        },
                        answer: answer.into(),
                        evidence: String::new(),
                    });
                }
            }
            for (item, (ans, _)) in &c.answers {
                if !e.items.iter().any(|i| &i.item == item) {
                    e.items.push(ItemRow {
                        item: item.clone(),
                        title: String::new(),
                        answer: answer_word(*ans).into(),
                        evidence: String::new(),
                    });
                }
            }
        }
    }
    let party_filter = if access.role == Role::Supplier {
        access.party.as_deref().or(Some(""))
    } else {
        None
    };
    for a in st.store.answers(fid, party_filter).await? {
        if !access.may_read_party(&a.party_id) {
            continue;
        }
        let e = out
            .entry(a.party_id.clone())
            .or_insert_with(|| PartyChecklist {
                party: a.party_id.clone(),
                kind: String::new(),
                items: Vec::new(),
                can_answer: access.may_answer_party(&a.party_id),
            });
        match e.items.iter_mut().find(|i| i.item == a.item) {
            // The model holds the answer (web answers are written into it); the database
            // holds the evidence note beside it.
            Some(i) => i.evidence = a.evidence,
            None => e.items.push(ItemRow {
                item: a.item,
                title: String::new(),
                answer: a.answer,
                evidence: a.evidence,
            }),
        }
    }
    Ok(out.into_values().collect())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct AnswerForm {
    pub item: String,
    pub answer: String,
    #[serde(default)]
    pub evidence: String,
}

/// Checks an answer and stores it; shared by the page and the API.
pub(crate) async fn answer(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    party: &str,
    f: &AnswerForm,
) -> Result<(), AppError> {
    let access = auth.factory(st, fid, Need::Checklists).await?;
    if !access.may_answer_party(party) {
        // A supplier asking about another party learns nothing about it.
        return Err(if access.role == Role::Supplier {
            AppError::NotFound
        } else {
            access.refusal()
        });
    }
    if !ANSWERS.contains(&f.answer.as_str()) {
        return Err(AppError::BadRequest(format!(
            "answer {:?} is not one of {}",
            f.answer,
            ANSWERS.join(", ")
        )));
    }
    let item = f.item.trim();
    check_item(st, fid, party, item).await?;
    if f.evidence.len() > 10_000 {
        return Err(AppError::BadRequest(
            "an evidence note has at most 10000 bytes".into(),
        ));
    }
    // Into the model (a new version), with the evidence note beside it in the database.
    crate::service::answers::write_back(
        st,
        fid,
        party,
        item,
        &f.answer,
        f.evidence.trim(),
        &auth.user.id,
    )
    .await?;
    Ok(())
}

/// An answer must be about an item of the checklist the model gives the party.
async fn check_item(st: &AppState, fid: &str, party: &str, item: &str) -> Result<(), AppError> {
    let mv = st
        .store
        .latest_model(fid)
        .await?
        .ok_or_else(|| AppError::BadRequest("the factory has no model yet".into()))?;
    let (model, _) = models::check(&mv.yaml).map_err(AppError::Invalid)?;
    // Other parties are not named: a supplier must not learn who else supplies the factory.
    let Some(entry) = model.supply_chain.iter().find(|c| c.party == party) else {
        return Err(AppError::BadRequest(format!(
            "party \"{party}\" has no supplier checklist in the model"
        )));
    };
    let catalog = models::catalog()?;
    let Some(list) = catalog.checklist_by_kind(entry.checklist) else {
        return Ok(());
    };
    if list.item(item).is_some() || entry.answers.contains_key(item) {
        return Ok(());
    }
    let mut near: Vec<&str> = list
        .items
        .iter()
        .map(|i| i.id.as_str())
        .filter(|id| {
            let phase = item.split('.').next().unwrap_or("");
            !phase.is_empty() && id.starts_with(phase)
        })
        .take(5)
        .collect();
    if near.is_empty() {
        near = list.items.iter().map(|i| i.id.as_str()).take(5).collect();
    }
    Err(AppError::BadRequest(format!(
        "{item:?} is not an item of the {} checklist; items include {}",
        checklist_kind_word(entry.checklist),
        near.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = include_str!("../tests/factory.yaml");

    #[test]
    fn an_answer_edits_the_text_and_keeps_comments() {
        let yaml = MODEL.replace(
            "      procurement.security-policy-disclosed: no\n",
            "      procurement.security-policy-disclosed: no   # asked 2026-10\n",
        );
        let out = apply_answer(
            &yaml,
            "agv-maker",
            "procurement.security-policy-disclosed",
            Answer::Yes,
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no change"));
        assert!(out.contains("procurement.security-policy-disclosed: yes   # asked 2026-10\n"));
        assert!(out.starts_with("# A small factory for kojo-web's tests"));
        assert_eq!(out.lines().count(), yaml.lines().count());
        // A new item goes below the party's last answer, with the same indentation.
        let out = apply_answer(
            &out,
            "agv-maker",
            "procurement.support-policy-stated",
            Answer::NotApplicable,
        );
        let out = out
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no change"));
        assert!(out.contains(
            "security-policy-disclosed: yes   # asked 2026-10\n      procurement.support-policy-stated: n/a\n  - party: mes-vendor"
        ), "{out}");
        // The same answer again: nothing to do.
        assert!(matches!(
            apply_answer(
                &out,
                "agv-maker",
                "procurement.support-policy-stated",
                Answer::NotApplicable
            ),
            Ok(None)
        ));
    }

    #[test]
    fn flow_style_answers_fall_back_to_a_rewritten_model() {
        let yaml = MODEL.replace(
            "    answers:\n      procurement.security-policy-disclosed: no\n",
            "    answers: {procurement.security-policy-disclosed: no}\n",
        );
        let out = apply_answer(
            &yaml,
            "agv-maker",
            "operation.product-managed",
            Answer::Partial,
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no change"));
        let (m, _) = models::check(&out).unwrap_or_else(|p| panic!("{p:?}"));
        let e = m.supply_chain.iter().find(|c| c.party == "agv-maker");
        assert_eq!(
            e.and_then(|e| e.answers.get("operation.product-managed"))
                .map(|x| x.0),
            Some(Answer::Partial)
        );
    }
}
