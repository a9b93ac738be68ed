//! The rule registry. Each rule lives in one family file with its [`RuleInfo`], a doc
//! comment and its own tests; this file only lists them in the order they run.

use crate::ctx::Ctx;
use kojo_findings::Finding;

pub mod decisions;
pub mod importance;
pub mod maturity;
pub mod ooda;
pub mod paths;
pub mod pdca;
pub mod policy;
pub mod requirements;
pub mod step1_requirements;
pub mod supply_chain;
pub mod threats;
pub mod zoning;

#[cfg(test)]
pub(crate) mod testutil;

/// What a rule is: its stable id, the finding kind it raises, the guideline step and
/// reference, a one-line summary and the page that documents it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable rule id, e.g. `KJ-ZONE-002` (SARIF rule id).
    pub id: &'static str,
    /// The finding kind of `assessment-output.md`.
    pub kind: kojo_findings::FindingKind,
    /// Guideline step: 1-1 … 1-7, 2-1, 2-2, 3.
    pub step: &'static str,
    /// Guideline section or table.
    pub reference: &'static str,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// The documentation page, relative to the repository root.
    pub doc: &'static str,
}

/// A rule: its description and the function that raises its findings.
pub struct Rule {
    pub info: &'static RuleInfo,
    pub run: fn(&Ctx, &mut Vec<Finding>),
}

/// Every rule, in the order the engine runs them (decisions are applied afterwards).
pub static RULES: &[Rule] = &[
    Rule {
        info: &step1_requirements::PURPOSE_MISSING,
        run: step1_requirements::purpose_missing,
    },
    Rule {
        info: &step1_requirements::BCP_GAP,
        run: step1_requirements::bcp_gap,
    },
    Rule {
        info: &step1_requirements::STAKEHOLDER_GAP,
        run: step1_requirements::stakeholder_gap,
    },
    Rule {
        info: &step1_requirements::SCOPE_EXPANSION,
        run: step1_requirements::scope_expansion,
    },
    Rule {
        info: &importance::IMPORTANCE_MISSING,
        run: importance::importance_missing,
    },
    Rule {
        info: &importance::ASSET_UNZONED,
        run: importance::asset_unzoned,
    },
    Rule {
        info: &importance::EXTERNAL_SERVICE_TERMS,
        run: importance::external_service_terms,
    },
    Rule {
        info: &zoning::DIVIDE_BY_OPERATION,
        run: zoning::divide_by_operation,
    },
    Rule {
        info: &zoning::SPLIT_CONTROL_ORIGIN,
        run: zoning::split_control_origin,
    },
    Rule {
        info: &zoning::SEPARATE_EXTERNAL,
        run: zoning::separate_external,
    },
    Rule {
        info: &zoning::MIXED_IMPORTANCE,
        run: zoning::mixed_importance,
    },
    Rule {
        info: &requirements::ZONE_REVIEW,
        run: requirements::zone_review,
    },
    Rule {
        info: &requirements::FLOW_REVIEW,
        run: requirements::flow_review,
    },
    Rule {
        info: &requirements::BOUNDARY_MISSING,
        run: requirements::boundary_missing,
    },
    Rule {
        info: &requirements::BOUNDARY_BYPASS,
        run: requirements::boundary_bypass,
    },
    Rule {
        info: &requirements::TARGET_SL_BELOW,
        run: requirements::target_sl_below,
    },
    Rule {
        info: &threats::THREAT,
        run: threats::threat,
    },
    Rule {
        info: &threats::SAFETY_REVIEW,
        run: threats::safety_review,
    },
    Rule {
        info: &paths::ATTACK_PATH,
        run: paths::attack_path,
    },
    Rule {
        info: &policy::PRIORITY,
        run: policy::priority,
    },
    Rule {
        info: &supply_chain::CHECKLIST_MISSING,
        run: supply_chain::checklist_missing,
    },
    Rule {
        info: &supply_chain::CHECKLIST_GAP,
        run: supply_chain::checklist_gap,
    },
    Rule {
        info: &supply_chain::SBOM_MISSING,
        run: supply_chain::sbom_missing,
    },
    Rule {
        info: &ooda::OODA_GAP,
        run: ooda::ooda_gap,
    },
    Rule {
        info: &maturity::MATURITY_NEXT,
        run: maturity::maturity_next,
    },
    Rule {
        info: &pdca::MEASURE_OVERDUE,
        run: pdca::measure_overdue,
    },
    Rule {
        info: &pdca::BCP_STALE,
        run: pdca::bcp_stale,
    },
    Rule {
        info: &pdca::CHECKLIST_STALE,
        run: pdca::checklist_stale,
    },
];

/// The descriptions of every rule, including those applied after the others.
pub static RULE_INFOS: &[RuleInfo] = &[
    step1_requirements::PURPOSE_MISSING,
    step1_requirements::BCP_GAP,
    step1_requirements::STAKEHOLDER_GAP,
    step1_requirements::SCOPE_EXPANSION,
    importance::IMPORTANCE_MISSING,
    importance::ASSET_UNZONED,
    importance::EXTERNAL_SERVICE_TERMS,
    zoning::DIVIDE_BY_OPERATION,
    zoning::SPLIT_CONTROL_ORIGIN,
    zoning::SEPARATE_EXTERNAL,
    zoning::MIXED_IMPORTANCE,
    requirements::ZONE_REVIEW,
    requirements::FLOW_REVIEW,
    requirements::BOUNDARY_MISSING,
    requirements::BOUNDARY_BYPASS,
    requirements::TARGET_SL_BELOW,
    threats::THREAT,
    threats::SAFETY_REVIEW,
    paths::ATTACK_PATH,
    policy::PRIORITY,
    supply_chain::CHECKLIST_MISSING,
    supply_chain::CHECKLIST_GAP,
    supply_chain::SBOM_MISSING,
    ooda::OODA_GAP,
    maturity::MATURITY_NEXT,
    pdca::MEASURE_OVERDUE,
    pdca::BCP_STALE,
    pdca::CHECKLIST_STALE,
    decisions::DECISION_EXPIRED,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_every_run_rule_is_described() {
        let ids: HashSet<&str> = RULE_INFOS.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULE_INFOS.len());
        for r in RULES {
            assert!(ids.contains(r.info.id), "{} not in RULE_INFOS", r.info.id);
        }
        for r in RULE_INFOS {
            assert!(r.doc.starts_with("docs/rules/") && r.doc.ends_with(".md"));
            assert!(!r.summary.is_empty() && !r.reference.is_empty());
        }
    }
}
