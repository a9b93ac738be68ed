//! Supplier checklist answers given in the web app (Tables 3-10 to 3-12), written into the
//! model: each answer becomes a new model version in which only that one item of
//! `supply_chain[party].answers` changed, so the assessment (`checklist-missing`,
//! `checklist-gap`), the YAML export and frozen review cycles see it. The evidence note has
//! no place in the model format; it stays in `checklist_answers` beside the answer.
//!
//! This is the narrow server path a supplier writes through: it never takes YAML from the
//! client, only (party, item, answer), and the party rule is checked by the caller.

use crate::app::{AppError, AppState};
use crate::modelio;
use crate::store::ModelVersion;
use kojo_model::Answer;

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

/// The model text with `answer` set for `item` in `party`'s supplier checklist, checked
/// again as `kojo check` would. `Ok(None)` when the model already says exactly that.
/// The model is written back with `kojo_model::to_yaml` (YAML comments are not kept; the
/// previous version keeps them), as the zone form does.
pub(crate) fn apply_answer(
    yaml: &str,
    party: &str,
    item: &str,
    answer: Answer,
) -> Result<Option<String>, AppError> {
    let (mut model, _) = modelio::check(yaml).map_err(AppError::Invalid)?;
    let Some(entry) = model.supply_chain.iter_mut().find(|c| c.party == party) else {
        return Err(AppError::BadRequest(format!(
            "party {party:?} has no supplier checklist in the model (anymore); add a supply_chain entry for it first"
        )));
    };
    let loc = entry.loc;
    match entry.answers.get_mut(item) {
        Some((a, _)) if *a == answer => return Ok(None),
        Some((a, _)) => *a = answer,
        None => {
            entry.answers.insert(item.to_string(), (answer, loc));
        }
    }
    let out = kojo_model::to_yaml(&model);
    modelio::check(&out).map_err(AppError::Invalid)?;
    Ok(Some(out))
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
            Ok(Some(v)) => return Ok(Some(v)),
            Ok(None) => continue,
            Err(e) if e.is_retryable() => crate::store::retry_pause(tries + 1).await,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict(
        "the model kept changing while the answer was written; try again".into(),
    ))
}
