//! Decisions recorded in the model (`decisions:`): accepted, in-progress, mitigated or
//! false-positive findings are marked; an acceptance past its `review_by` date counts again.

use super::RuleInfo;
use crate::ctx::{Ctx, Draft};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};

pub const DECISION_EXPIRED: RuleInfo = RuleInfo {
    id: "KJ-DEC-001",
    kind: FindingKind::DecisionExpired,
    step: "3",
    reference: "3.3",
    summary: "An accepted risk whose review_by date has passed.",
    doc: "docs/rules/decision-expired.md",
};

/// Marks every finding (the rules', the SBOM check's and other producers') that a decision
/// names, and raises `decision-expired` for an acceptance whose `review_by` has passed: the
/// finding then counts again towards `--fail-on`.
pub fn apply(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let expired: Vec<_> = kojo_findings::apply_decisions(findings, &ctx.model.decisions, ctx.today)
        .into_iter()
        .map(|i| {
            let f = &findings[i];
            let review_by = f.decision.as_ref().and_then(|d| d.review_by.clone());
            (
                f.id.clone(),
                f.title.clone(),
                f.subjects.clone(),
                f.severity,
                review_by,
            )
        })
        .collect();
    for (id, title, subjects, severity, review_by) in expired {
        let review = review_by.unwrap_or_default();
        findings.push(ctx.finding(
            Draft::new(&DECISION_EXPIRED, subjects, severity.max(Severity::Low))
                .disc(id.clone())
                .text(
                    format!("Accepted risk past its review date: {title}"),
                    format!("\"{title}\" was accepted until {review}; it counts again until it is reviewed."),
                    "Review the acceptance: mitigate the risk, or renew the decision with a new review_by date.".into(),
                )
                .ja(
                    format!("受容したリスクの見直し期限が過ぎています：{title}"),
                    format!("「{title}」は {review} までの受容でした。見直されるまで再び数えられます。"),
                    "対策するか、新たな見直し期限で判断を更新してください。".into(),
                )
                .fact("finding", id)
                .fact("review_by", review),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use kojo_findings::Severity;
    use kojo_model::*;

    fn decide(b: &mut B, finding: &str, status: DecisionStatus, review_by: Option<Date>) {
        b.m.decisions.push(Decision {
            finding: finding.into(),
            status,
            reason: Some("air-gapped until retrofit".into()),
            by: Some("prod-eng".into()),
            date: None,
            review_by,
            owner: None,
            due: None,
            ticket: None,
            loc: Loc::default(),
        });
    }

    #[test]
    fn accepted_findings_are_marked_and_do_not_fail() {
        let mut b = well_zoned();
        b.m.factory.purposes.clear();
        b.flow("direct", "oa-pc", "scada");
        let a = b.assess();
        assert!(a.fails_at(Severity::Medium));
        let ids: Vec<String> = a
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Low)
            .map(|f| f.id.clone())
            .collect();
        for id in &ids {
            decide(
                &mut b,
                id,
                DecisionStatus::Accepted,
                Some(Date {
                    year: 2027,
                    month: 1,
                    day: 1,
                }),
            );
        }
        let a = b.assess();
        assert!(!a.fails_at(Severity::Low));
        assert!(a.findings.iter().filter(|f| ids.contains(&f.id)).all(|f| {
            f.decision
                .as_ref()
                .is_some_and(|d| d.status == kojo_model::DecisionStatus::Accepted)
        }));
        assert!(of_kind(&a, "decision-expired").is_empty());
    }

    #[test]
    fn expired_acceptance_counts_again_and_raises_decision_expired() {
        let mut b = well_zoned();
        b.flow("direct", "oa-pc", "scada");
        let a = b.assess();
        let id = of_kind(&a, "boundary-missing")[0].id.clone();
        decide(
            &mut b,
            &id,
            DecisionStatus::Accepted,
            Some(Date {
                year: 2025,
                month: 12,
                day: 31,
            }),
        );
        let a = b.assess();
        let f = a.findings.iter().find(|f| f.id == id).unwrap();
        assert!(f.decision.as_ref().is_some_and(|d| d.expired));
        assert!(a.fails_at(Severity::Medium));
        let e = of_kind(&a, "decision-expired");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].facts["finding"], id.as_str());
    }
}
