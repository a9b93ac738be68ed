//! Vulnerability statements (VEX) in the supplier portal: a supplier states, for the
//! `vulnerability` findings on the assets its party supplies, whether its product is
//! affected, and downloads the CSAF 2.0 VEX document for its customers.
//!
//! A statement is a decision in the model's `decisions:` (new version, stale-safe, audited
//! in the same transaction, written through triage's `kojo_model::decide` path); the document
//! is `kojo_sbom::vex_out::csaf_documents` of the same findings `kojo vex` reads (the SBOM
//! check of the uploads, decisions applied), so its bytes are those `kojo vex` writes for the
//! same model and date. The statements map onto the decisions `vex_out` reads:
//! not affected (with a CSAF justification) → `false-positive`, fixed → `mitigated`,
//! affected (with the action as the reason) and under investigation (the status word leading
//! the reason) → `in-progress`.

use crate::error::AppError;
use crate::service::access::{Access, Auth, Need};
use crate::service::assessment;
use crate::service::models;
use crate::service::triage;
use crate::state::AppState;
use crate::store::{Audit, ModelVersion};
use kojo_findings::Finding;
use kojo_model::{Date, Decision, DecisionStatus, Model};
use serde::Deserialize;

/// The statements a supplier may make, in CSAF/VEX words.
pub const STATEMENTS: [&str; 4] = ["not_affected", "affected", "fixed", "under_investigation"];

/// The CSAF 2.0 justification labels of a `not_affected` statement (§3.2.3.5).
pub const JUSTIFICATIONS: [&str; 5] = [
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_not_in_execute_path",
    "inline_mitigations_already_exist",
];

/// A statement as the page and the API send it.
#[derive(Deserialize, Default, Debug, Clone, utoipa::ToSchema)]
pub struct StatementForm {
    /// The model version the statement was made on.
    #[serde(default)]
    pub base_version: Option<i64>,
    /// The finding id (`F-…`).
    #[serde(default)]
    pub finding: String,
    /// not_affected | affected | fixed | under_investigation
    #[serde(default)]
    pub status: String,
    /// For not_affected: a CSAF justification label.
    #[serde(default)]
    pub justification: String,
    /// The impact statement (not_affected), the action (affected, required), or details.
    #[serde(default)]
    pub detail: String,
}

/// One vulnerability finding on a product of the party.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct VexFinding {
    pub id: String,
    /// In the reader's language.
    pub title: String,
    pub asset: String,
    /// The component's name and version.
    pub component: String,
    pub advisory: String,
    /// What the CSAF document says of it now (a statement word).
    pub statement: String,
    /// The decision the model records (`in-progress` …), and its reason.
    pub decision: Option<String>,
    pub reason: Option<String>,
}

/// The findings of one party's products.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PartyVex {
    pub party: String,
    pub name: String,
    pub can_state: bool,
    pub findings: Vec<VexFinding>,
}

/// What the statements page shows.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct VexView {
    /// The model version the findings are of (the `base_version` of a statement).
    pub base_version: i64,
    pub parties: Vec<PartyVex>,
}

/// A downloadable document.
pub struct VexDownload {
    pub file: String,
    pub bytes: Vec<u8>,
}

/// The `vulnerability` findings of a model version as `kojo vex` sees them: the SBOM check
/// of the uploads with the model's decisions applied on `today`.
async fn vulnerabilities(
    st: &AppState,
    fid: &str,
    mv: &ModelVersion,
    today: Date,
) -> Result<(Model, Vec<Finding>), AppError> {
    let inputs = assessment::inputs(st, fid).await?;
    let (dir, files) = assessment::write_uploads(st, fid, &inputs).await?;
    let yaml = mv.yaml.clone();
    tokio::task::spawn_blocking(move || {
        let (model, _) = models::check(&yaml).map_err(AppError::Invalid)?;
        let mut bound = model.clone();
        assessment::bind_sboms(&mut bound, dir.path(), &files);
        let Some(idx) = assessment::advisory_index(&files) else {
            return Ok((model, Vec::new()));
        };
        let zi = kojo_assess::zone_importance(&bound);
        let mut found: Vec<Finding> = kojo_sbom::check_model_with_index(&bound, Some(&idx), &zi)
            .into_iter()
            .filter(|f| f.kind == kojo_findings::FindingKind::Vulnerability)
            .collect();
        kojo_findings::apply_decisions(&mut found, &model.decisions, today);
        drop(dir);
        Ok((model, found))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("VEX task: {e}")))?
}

/// The party that supplies the asset a finding is on.
fn party_of<'m>(model: &'m Model, f: &Finding) -> Option<&'m str> {
    f.subjects
        .iter()
        .find_map(|s| s.strip_prefix("asset:"))
        .and_then(|id| model.asset(id))
        .and_then(|a| a.supplier.as_deref())
}

/// What the CSAF document says of a finding, in the statements' words (the document's own
/// rule, `kojo_sbom::vex_out::product_status`).
fn statement_of(f: &Finding) -> &'static str {
    match kojo_sbom::vex_out::product_status(f) {
        "known_not_affected" => "not_affected",
        "fixed" => "fixed",
        "under_investigation" => "under_investigation",
        _ => "affected",
    }
}

/// Refuses a party the user may not see: a supplier sees only its own.
fn may_read(access: &Access, party: &str) -> Result<(), AppError> {
    if access.may_read_party(party) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn latest_required(mv: Option<ModelVersion>) -> Result<ModelVersion, AppError> {
    mv.ok_or_else(|| AppError::BadRequest("the factory has no model yet: import one first".into()))
}

/// The parties' vulnerability findings the user may see (a supplier: its own party's).
pub async fn list(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    lang: &str,
) -> Result<(Access, VexView), AppError> {
    let access = auth.factory(st, fid, Need::Checklists).await?;
    let Some(mv) = st.store.latest_model(fid).await? else {
        return Ok((
            access,
            VexView {
                base_version: 0,
                parties: Vec::new(),
            },
        ));
    };
    let (model, found) = vulnerabilities(st, fid, &mv, Date::today_utc()).await?;
    let mut parties: Vec<PartyVex> = Vec::new();
    for f in &found {
        let Some(party) = party_of(&model, f) else {
            continue;
        };
        if !access.may_read_party(party) {
            continue;
        }
        let i = match parties.iter().position(|p| p.party == party) {
            Some(i) => i,
            None => {
                parties.push(PartyVex {
                    party: party.to_string(),
                    name: model.party(party).map_or(party, |p| &p.name).to_string(),
                    can_state: access.may_answer_party(party),
                    findings: Vec::new(),
                });
                parties.len() - 1
            }
        };
        let asset = f
            .subjects
            .iter()
            .find_map(|s| s.strip_prefix("asset:"))
            .unwrap_or_default()
            .to_string();
        let comp = f.facts.get("component");
        let word = |k: &str| comp.and_then(|c| c.get(k)).and_then(|v| v.as_str());
        let component = [word("name"), word("version")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let title = match (lang, f.i18n.get("ja")) {
            ("ja", Some(t)) => t.title.clone(),
            _ => f.title.clone(),
        };
        parties[i].findings.push(VexFinding {
            id: f.id.clone(),
            title,
            asset,
            component,
            advisory: f
                .facts
                .get("advisory")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
            statement: statement_of(f).to_string(),
            decision: f.decision.as_ref().map(|d| d.status.as_str().to_string()),
            reason: f.decision.as_ref().and_then(|d| d.reason.clone()),
        });
    }
    parties.sort_by(|a, b| a.party.cmp(&b.party));
    Ok((
        access,
        VexView {
            base_version: mv.version,
            parties,
        },
    ))
}

/// The decision a statement of `party` writes, checked before anything is written.
fn decision_of(
    f: &StatementForm,
    model: &Model,
    party: &str,
    on: Date,
) -> Result<Decision, AppError> {
    let status = f.status.trim();
    let detail = f.detail.trim();
    if detail.len() > 10_000 {
        return Err(AppError::BadRequest(
            "a statement's detail has at most 10000 bytes".into(),
        ));
    }
    let justification = f.justification.trim();
    let (status, reason) = match status {
        "not_affected" => {
            if !JUSTIFICATIONS.contains(&justification) {
                return Err(AppError::BadRequest(format!(
                    "a not_affected statement needs a justification, one of {}",
                    JUSTIFICATIONS.join(", ")
                )));
            }
            // The label leads the reason: `vex_out` reads the CSAF flag from it.
            let reason = if detail.is_empty() {
                justification.to_string()
            } else {
                format!("{justification}: {detail}")
            };
            (DecisionStatus::FalsePositive, Some(reason))
        }
        "affected" if detail.is_empty() => {
            return Err(AppError::BadRequest(
                "an affected statement needs the action: what customers are to do".into(),
            ));
        }
        "affected" => (DecisionStatus::InProgress, Some(detail.into())),
        // The status word leads the reason: `vex_out` reads it from there.
        "under_investigation" => (
            DecisionStatus::InProgress,
            Some(if detail.is_empty() {
                kojo_sbom::vex_out::UNDER_INVESTIGATION.to_string()
            } else {
                format!("{}: {detail}", kojo_sbom::vex_out::UNDER_INVESTIGATION)
            }),
        ),
        "fixed" => (
            DecisionStatus::Mitigated,
            (!detail.is_empty()).then(|| detail.to_string()),
        ),
        other => {
            return Err(AppError::BadRequest(format!(
                "statement {other:?} is not one of {}",
                STATEMENTS.join(", ")
            )));
        }
    };
    let finding = f.finding.trim().to_string();
    // The plant's own fields (who decided, ticket, dates) stay as the earlier decision had them.
    let earlier = model.decisions.iter().rfind(|d| d.finding == finding);
    Ok(Decision {
        finding,
        status,
        reason: reason.filter(|r| !r.is_empty()),
        by: earlier.and_then(|d| d.by.clone()),
        date: Some(on),
        review_by: earlier.and_then(|d| d.review_by),
        owner: Some(party.to_string()),
        due: earlier.and_then(|d| d.due),
        ticket: earlier.and_then(|d| d.ticket.clone()),
        loc: Default::default(),
    })
}

/// Records `party`'s statement on one finding of its products as a new model version made
/// from `f.base_version` (refused when a newer version exists). `None` when the model
/// already says exactly that.
pub async fn state(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    party: &str,
    f: &StatementForm,
) -> Result<Option<ModelVersion>, AppError> {
    let access = auth.factory(st, fid, Need::Checklists).await?;
    if !access.may_answer_party(party) {
        return Err(access.refusal());
    }
    let base = crate::error::require_base(f.base_version)?;
    let mv = latest_required(st.store.latest_model(fid).await?)?;
    if mv.version != base {
        return Err(AppError::Conflict(format!(
            "the model was changed since the statements were opened (they showed version {base}, the latest is version {}); nothing was saved — open the statements again and state again",
            mv.version
        )));
    }
    let today = Date::today_utc();
    let (model, found) = vulnerabilities(st, fid, &mv, today).await?;
    let id = f.finding.trim();
    let Some(finding) = found.iter().find(|x| x.id == id) else {
        return Err(AppError::BadRequest(format!(
            "{id:?} is not a vulnerability finding of the model's current version; reload the statements"
        )));
    };
    // Only on the party's own products, whoever asks.
    if party_of(&model, finding) != Some(party) {
        return Err(AppError::Forbidden);
    }
    let change = decision_of(f, &model, party, today)?;
    let before = model
        .decisions
        .iter()
        .rfind(|d| d.finding == change.finding);
    if before.is_some_and(|d| {
        kojo_model::decide::same(
            d,
            &Decision {
                date: d.date,
                ..change.clone()
            },
        )
    }) {
        return Ok(None);
    }
    let before = before.map(triage::decision_json);
    let after = triage::decision_json(&change);
    let note = format!(
        "VEX statement: {} {} ({party})",
        change.finding,
        f.status.trim()
    );
    let yaml = {
        let (y, m, c) = (mv.yaml.clone(), model, vec![change]);
        tokio::task::spawn_blocking(move || triage::apply_text(&y, &m, &c))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("VEX task: {e}")))??
    };
    let audit = Audit {
        user_id: Some(auth.user.id.clone()),
        factory_id: Some(fid.to_string()),
        action: "vex.statement".into(),
        target: format!("finding:{id}"),
        before: before.map(|b| b.to_string()),
        after: Some(after.to_string()),
    };
    let saved =
        crate::service::assessment::save_version(st, fid, base, &yaml, &auth.user.id, &note, audit)
            .await?;
    Ok(Some(saved))
}

/// `party`'s CSAF 2.0 VEX document of the current model on `today` (`YYYY-MM-DD`; empty:
/// today, UTC), as `kojo vex MODEL -o DIR --today DATE` writes it. 404 when the party's
/// products have no vulnerability finding.
pub async fn document(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    party: &str,
    today: &str,
) -> Result<VexDownload, AppError> {
    let access = auth.factory(st, fid, Need::Checklists).await?;
    may_read(&access, party)?;
    // Read after the access check: a refused user learns nothing from a bad date.
    let today = match today.trim() {
        "" => Date::today_utc(),
        t => Date::parse(t).ok_or_else(|| {
            AppError::BadRequest(format!(
                "today {t:?} is not a date; expected a date like 2026-04-01"
            ))
        })?,
    };
    let mv = latest_required(st.store.latest_model(fid).await?)?;
    let (model, found) = vulnerabilities(st, fid, &mv, today).await?;
    let group = model.party(party).map_or(party, |p| &p.name).to_string();
    let ns = kojo_sbom::vex_out::default_namespace(&model);
    let per = kojo_sbom::vex_out::Per::Party;
    // The document `kojo vex` writes, unless another party's products fall under the same
    // name: then only this party's, so that nothing of another party is handed out.
    let shared = found.iter().any(|f| {
        party_of(&model, f) != Some(party)
            && party_of(&model, f)
                .map(|p| model.party(p).map_or(p, |x| &x.name))
                .unwrap_or(&model.factory.name)
                == group
    });
    let docs = if shared {
        let mine: Vec<Finding> = found
            .into_iter()
            .filter(|f| party_of(&model, f) == Some(party))
            .collect();
        kojo_sbom::vex_out::csaf_documents(&model, &mine, per, &ns, today)
    } else {
        kojo_sbom::vex_out::csaf_documents(&model, &found, per, &ns, today)
    };
    let d = docs
        .into_iter()
        .find(|d| d.group == group)
        .ok_or(AppError::NotFound)?;
    let mut bytes =
        serde_json::to_vec_pretty(&d.document).map_err(|e| AppError::Internal(e.into()))?;
    bytes.push(b'\n');
    Ok(VexDownload {
        file: d.file,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = include_str!("../tests/factory.yaml");

    #[test]
    fn statements_become_the_decisions_vex_out_reads() {
        let (model, _) = models::check(MODEL).unwrap_or_else(|p| panic!("{p:?}"));
        let on = Date::parse("2026-12-01").unwrap_or_else(|| unreachable!());
        let form = |status: &str, justification: &str, detail: &str| StatementForm {
            base_version: Some(1),
            finding: "F-0123456789".into(),
            status: status.into(),
            justification: justification.into(),
            detail: detail.into(),
        };
        let d = decision_of(
            &form(
                "not_affected",
                "vulnerable_code_not_in_execute_path",
                "JNDI is off",
            ),
            &model,
            "agv-maker",
            on,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.status, DecisionStatus::FalsePositive);
        assert_eq!(
            d.reason.as_deref(),
            Some("vulnerable_code_not_in_execute_path: JNDI is off")
        );
        assert_eq!(d.owner.as_deref(), Some("agv-maker"));
        let d = decision_of(&form("fixed", "", ""), &model, "agv-maker", on)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.status, d.reason), (DecisionStatus::Mitigated, None));
        let d = decision_of(
            &form("affected", "", "update to 2.1"),
            &model,
            "agv-maker",
            on,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.status, DecisionStatus::InProgress);

        let refused = |f: StatementForm| match decision_of(&f, &model, "agv-maker", on) {
            Err(AppError::BadRequest(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(refused(form("not_affected", "", "")).contains("component_not_present"));
        assert!(refused(form("not_affected", "because", "")).contains("justification"));
        assert!(refused(form("affected", "", " ")).contains("action"));
        assert!(refused(form("wontfix", "", "")).contains("under_investigation"));
    }
}
