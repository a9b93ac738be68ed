//! Triage: a decision about one finding or a selection (accepted, in progress, mitigated,
//! false positive, with reason, owner, due, review-by and ticket), written into the model's
//! `decisions:` as a new version. Like checklist answers it never takes YAML from the client;
//! the text is edited in place (`kojo_model::decide`, comments stay), made from the version
//! the user saw (stale-safe) and audited in the same transaction.

use crate::error::AppError;
use crate::service::access::{Auth, Need};
use crate::service::models;
use crate::state::AppState;
use crate::store::{Audit, ModelVersion};
use kojo_model::{Date, Decision, DecisionStatus, Model};
use serde::Deserialize;

/// The most findings one triage may name (a page of the assessment).
pub const MAX_FINDINGS: usize = 500;

/// The decision statuses a user may set, as the model writes them.
pub const STATUSES: [&str; 4] = ["accepted", "in-progress", "mitigated", "false-positive"];

/// A triage as the page and the API send it. Empty texts are left out of the decision.
#[derive(Deserialize, Default, Debug, Clone, utoipa::ToSchema)]
pub struct TriageForm {
    /// The model version the user decided on.
    #[serde(default)]
    pub base_version: Option<i64>,
    /// Finding ids (`F-…`) from the assessment of that version.
    #[serde(default)]
    pub findings: Vec<String>,
    /// accepted | in-progress | mitigated | false-positive
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub reason: String,
    /// Department or party id responsible for the follow-up.
    #[serde(default)]
    pub owner: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub due: String,
    /// YYYY-MM-DD: an accepted risk past this date counts again.
    #[serde(default)]
    pub review_by: String,
    #[serde(default)]
    pub ticket: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn date(field: &str, s: &str) -> Result<Option<Date>, AppError> {
    match opt(s) {
        None => Ok(None),
        Some(t) => Date::parse(&t).map(Some).ok_or_else(|| {
            AppError::BadRequest(format!(
                "{field} {t:?} is not a date; expected a date like 2026-04-01"
            ))
        }),
    }
}

/// The decisions a form asks for, checked against the model: statuses, dates and the owner
/// (a department or party of the model) — before anything is written.
pub(crate) fn decisions_of(
    f: &TriageForm,
    model: &Model,
    known: &std::collections::HashSet<&str>,
    on: Date,
) -> Result<Vec<Decision>, AppError> {
    let status = kojo_model::vocab::DECISION_STATUSES
        .iter()
        .find(|(w, _)| *w == f.status.trim())
        .map(|(_, s)| *s)
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "status {:?} is not a decision status; expected one of {}",
                f.status,
                STATUSES.join(", ")
            ))
        })?;
    let mut ids: Vec<String> = f
        .findings
        .iter()
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::BadRequest(
            "no finding was selected: tick the findings the decision is about".into(),
        ));
    }
    if ids.len() > MAX_FINDINGS {
        return Err(AppError::BadRequest(format!(
            "one decision names at most {MAX_FINDINGS} findings ({} were selected)",
            ids.len()
        )));
    }
    if let Some(bad) = ids.iter().find(|i| !known.contains(i.as_str())) {
        return Err(AppError::BadRequest(format!(
            "{bad:?} is not a finding of the model's current assessment; reload the assessment"
        )));
    }
    let owner = opt(&f.owner);
    if let Some(o) = &owner
        && !model.departments.iter().any(|d| &d.id == o)
        && !model.parties.iter().any(|p| &p.id == o)
    {
        let mut ids: Vec<&str> = model.departments.iter().map(|d| d.id.as_str()).collect();
        ids.extend(model.parties.iter().map(|p| p.id.as_str()));
        return Err(AppError::BadRequest(format!(
            "owner {o:?} is neither a department nor a party of the model; known: {}",
            ids.join(", ")
        )));
    }
    let reason = opt(&f.reason);
    if reason.as_ref().is_some_and(|r| r.len() > 10_000) {
        return Err(AppError::BadRequest(
            "a reason has at most 10000 bytes".into(),
        ));
    }
    let (due, review_by) = (date("due", &f.due)?, date("review_by", &f.review_by)?);
    if status == DecisionStatus::Accepted && reason.is_none() {
        return Err(AppError::BadRequest(
            "an accepted risk needs a reason (the justification auditors read)".into(),
        ));
    }
    Ok(ids
        .into_iter()
        .map(|finding| {
            // Who decided (a department) is kept from the earlier decision on the finding.
            let by = model
                .decisions
                .iter()
                .rfind(|d| d.finding == finding)
                .and_then(|d| d.by.clone());
            Decision {
                finding,
                status,
                reason: reason.clone(),
                by,
                date: Some(on),
                review_by,
                owner: owner.clone(),
                due,
                ticket: opt(&f.ticket),
                loc: Default::default(),
            }
        })
        .collect())
}

/// The model text with `changes` in its `decisions:`, checked as `kojo check` would: edited
/// in place where the text allows, else written anew by `kojo_model::to_yaml` (comments are
/// then lost; the previous version keeps them).
pub(crate) fn apply_text(
    yaml: &str,
    model: &Model,
    changes: &[Decision],
) -> Result<String, AppError> {
    let mut want = model.clone();
    kojo_model::decide::apply(&mut want, changes);
    let intended = kojo_model::to_yaml(&want);
    if let Some(text) = kojo_model::decide::edit_text(yaml, model, changes)
        && let Ok((m, _)) = models::check(&text)
        && kojo_model::to_yaml(&m) == intended
    {
        return Ok(text);
    }
    models::check(&intended).map_err(AppError::Invalid)?;
    Ok(intended)
}

/// Records the decision of `f` on each finding it names, as a new model version made from
/// `f.base_version` (refused when a newer version exists). Returns the new version, or
/// `None` when the model already says exactly that.
pub async fn decide(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    f: &TriageForm,
) -> Result<Option<ModelVersion>, AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    let base = crate::error::require_base(f.base_version)?;
    let mv = st.store.latest_model(fid).await?.ok_or_else(|| {
        AppError::BadRequest("the factory has no model yet: import one first".into())
    })?;
    if mv.version != base {
        return Err(AppError::Conflict(format!(
            "the model was changed since the assessment was opened (it showed version {base}, the latest is version {}); nothing was saved — open the assessment again and decide again",
            mv.version
        )));
    }
    let (model, _) = models::check(&mv.yaml).map_err(AppError::Invalid)?;
    let a = crate::service::assessment::assessment(st, &mv).await?;
    let known: std::collections::HashSet<&str> = a.findings.iter().map(|x| x.id.as_str()).collect();
    let changes = decisions_of(f, &model, &known, Date::today_utc())?;
    let before: Vec<serde_json::Value> = changes
        .iter()
        .filter_map(|c| model.decisions.iter().rfind(|d| d.finding == c.finding))
        .map(decision_json)
        .collect();
    let changed: Vec<Decision> = changes
        .into_iter()
        .filter(|c| {
            !model
                .decisions
                .iter()
                .rfind(|d| d.finding == c.finding)
                .is_some_and(|d| {
                    kojo_model::decide::same(
                        d,
                        &Decision {
                            date: d.date,
                            ..c.clone()
                        },
                    )
                })
        })
        .collect();
    if changed.is_empty() {
        return Ok(None);
    }
    let yaml = {
        let (y, m, c) = (mv.yaml.clone(), model, changed.clone());
        tokio::task::spawn_blocking(move || apply_text(&y, &m, &c))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("triage task: {e}")))??
    };
    let ids: Vec<&str> = changed.iter().map(|c| c.finding.as_str()).collect();
    let status = changed.first().map(|c| c.status.as_str()).unwrap_or("");
    let note = if ids.len() == 1 {
        format!("decision: {} {status}", ids.join(""))
    } else {
        format!("decision: {} findings {status}", ids.len())
    };
    let audit = Audit {
        user_id: Some(auth.user.id.clone()),
        factory_id: Some(fid.to_string()),
        action: "decision.set".into(),
        target: format!("finding:{}", ids.join(",")),
        before: (!before.is_empty()).then(|| serde_json::Value::from(before).to_string()),
        after: Some(
            serde_json::Value::from(changed.iter().map(decision_json).collect::<Vec<_>>())
                .to_string(),
        ),
    };
    let saved =
        crate::service::assessment::save_version(st, fid, base, &yaml, &auth.user.id, &note, audit)
            .await?;
    Ok(Some(saved))
}

pub(crate) fn decision_json(d: &Decision) -> serde_json::Value {
    serde_json::json!({
        "finding": d.finding,
        "status": d.status.as_str(),
        "reason": d.reason,
        "owner": d.owner,
        "due": d.due.map(|x| x.to_string()),
        "review_by": d.review_by.map(|x| x.to_string()),
        "ticket": d.ticket,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = include_str!("../tests/factory.yaml");

    #[test]
    fn a_selection_is_written_in_place_and_bad_input_is_refused() {
        let (model, _) = models::check(MODEL).unwrap_or_else(|p| panic!("{p:?}"));
        let a = crate::service::assessment::assess_yaml(MODEL).unwrap_or_else(|e| panic!("{e}"));
        let known: std::collections::HashSet<&str> =
            a.findings.iter().map(|x| x.id.as_str()).collect();
        let ids: Vec<String> = a.findings.iter().take(2).map(|f| f.id.clone()).collect();
        let dept = model.departments[0].id.clone();
        let on = Date::parse("2026-12-01").unwrap_or_else(|| unreachable!());
        let form = TriageForm {
            base_version: Some(1),
            findings: ids.clone(),
            status: "in-progress".into(),
            owner: dept.clone(),
            due: "2027-03-31".into(),
            ticket: "OTSEC-142".into(),
            ..Default::default()
        };
        let changes = decisions_of(&form, &model, &known, on).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(changes.len(), 2);
        let text = apply_text(MODEL, &model, &changes).unwrap_or_else(|e| panic!("{e}"));
        // The rest of the text, its first comment included, is as it was.
        assert!(text.starts_with(MODEL.trim_end()), "{text}");
        let (back, _) = models::check(&text).unwrap_or_else(|p| panic!("{p:?}"));
        for id in &ids {
            let d = back.decisions.iter().rfind(|d| &d.finding == id);
            assert_eq!(d.and_then(|d| d.owner.as_deref()), Some(dept.as_str()));
            assert_eq!(d.and_then(|d| d.ticket.as_deref()), Some("OTSEC-142"));
        }
        // The assessment of the new text carries the decision.
        let a2 = crate::service::assessment::assess_yaml(&text).unwrap_or_else(|e| panic!("{e}"));
        let f = a2.findings.iter().find(|f| f.id == ids[0]);
        let d = f.and_then(|f| f.decision.as_ref());
        assert_eq!(d.map(|d| d.status.as_str()), Some("in-progress"));
        assert_eq!(d.and_then(|d| d.due.as_deref()), Some("2027-03-31"));

        let refused = |f: TriageForm| match decisions_of(&f, &model, &known, on) {
            Err(AppError::BadRequest(m)) => m,
            other => panic!("{other:?}"),
        };
        let m = refused(TriageForm {
            status: "wontfix".into(),
            ..form.clone()
        });
        assert!(
            m.contains("accepted, in-progress, mitigated, false-positive"),
            "{m}"
        );
        let m = refused(TriageForm {
            owner: "nobody".into(),
            ..form.clone()
        });
        assert!(m.contains(&dept), "{m}");
        let m = refused(TriageForm {
            due: "31.03.2027".into(),
            ..form.clone()
        });
        assert!(m.contains("2026-04-01"), "{m}");
        let m = refused(TriageForm {
            findings: vec!["F-0000000000".into()],
            ..form.clone()
        });
        assert!(m.contains("F-0000000000"), "{m}");
        let m = refused(TriageForm {
            status: "accepted".into(),
            ..form.clone()
        });
        assert!(m.contains("reason"), "{m}");
    }
}
