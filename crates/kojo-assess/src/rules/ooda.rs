//! Step 3 (1)(i): incident response roles by OODA stage (Tables 3-7 and 3-8).

use super::RuleInfo;
use crate::ctx::{Ctx, Draft};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_model::{Level, OodaStage, OodaStep};

pub const OODA_GAP: RuleInfo = RuleInfo {
    id: "KJ-OODA-001",
    kind: FindingKind::OodaGap,
    step: "3",
    reference: "3.3 (1)(i), Tables 3-7 and 3-8",
    summary: "An OODA stage or step without a lead or a decision maker, or a decide step without the business owner where high-importance zones are concerned.",
    doc: "docs/rules/ooda-gap.md",
};

/// Step 3 (1)(i): for both the preventive maintenance and the damage occurrence stage,
/// each of observe, orient, decide and act needs a lead and who decides; where any zone is
/// of high importance the decide step includes the business owner. One finding per stage.
pub fn ooda_gap(ctx: &Ctx, out: &mut Vec<Finding>) {
    let ir = &ctx.model.incident_response;
    let high = ctx.zone_imp.contains(&Some(Level::High));
    for (name, table, stage) in [
        ("preventive", "Table 3-7", &ir.preventive),
        ("damage", "Table 3-8", &ir.damage),
    ] {
        let mut problems = Vec::new();
        let mut problems_ja = Vec::new();
        let stage_ja = if name == "preventive" {
            "予防保全"
        } else {
            "被害発生"
        };
        match stage {
            None => {
                problems.push(format!("the {name} stage is not written"));
                problems_ja.push(format!("{stage_ja}段階が記載されていません"));
            }
            Some(s) => {
                problems.extend(stage_problems(s, high));
                problems_ja.extend(stage_problems_ja(s, high));
            }
        }
        if problems.is_empty() {
            continue;
        }
        let label = if name == "preventive" {
            "preventive maintenance"
        } else {
            "damage occurrence"
        };
        out.push(ctx.finding(
            Draft { reference: Some(format!("3.3 (1)(i), {table}")), ..Draft::new(&OODA_GAP, vec!["factory".into()], Severity::Medium) }
                .disc(name)
                .text(
                    format!("Incident response roles incomplete for the {label} stage"),
                    format!("{}.", problems.join("; ")),
                    format!("Complete incident_response.{name}: a lead (department or party) and who decides for observe, orient, decide and act, with the business owner in the decision step for important zones."),
                )
                .ja(
                    format!("{}段階のインシデント対応の役割分担が不十分です", if name == "preventive" { "予防保全" } else { "被害発生" }),
                    format!("{}。", problems_ja.join("。")),
                    "OODAの各段階に主担当と意思決定者を定めてください。重要なゾーンがある場合、Decideに事業責任者を含めてください。".into(),
                )
                .fact("problems", problems),
        ));
    }
}

/// [`stage_problems`] in Japanese, in the same order.
fn stage_problems_ja(s: &OodaStage, high: bool) -> Vec<String> {
    let mut p = Vec::new();
    let steps: [(&str, &Option<OodaStep>); 4] = [
        ("監視(Observe)", &s.observe),
        ("分析(Orient)", &s.orient),
        ("決定(Decide)", &s.decide),
        ("実行(Act)", &s.act),
    ];
    for (i, (n, st)) in steps.into_iter().enumerate() {
        match st {
            None => p.push(format!("{n}が定められていません")),
            Some(st) => {
                if st.lead.is_none() {
                    p.push(format!("{n}の主担当がいません"));
                }
                if st.decides.is_empty() {
                    p.push(format!("{n}の意思決定者がいません"));
                }
                if i == 2 && high && !st.decides.iter().any(|d| d == "business-owner") {
                    p.push("重要度の高いゾーンがあるにもかかわらず、決定(Decide)に事業責任者が含まれていません".into());
                }
            }
        }
    }
    p
}

fn stage_problems(s: &OodaStage, high: bool) -> Vec<String> {
    let mut p = Vec::new();
    let steps: [(&str, &Option<OodaStep>); 4] = [
        ("observe", &s.observe),
        ("orient", &s.orient),
        ("decide", &s.decide),
        ("act", &s.act),
    ];
    for (n, st) in steps {
        match st {
            None => p.push(format!("{n} is missing")),
            Some(st) => {
                if st.lead.is_none() {
                    p.push(format!("{n} has no lead"));
                }
                if st.decides.is_empty() {
                    p.push(format!("{n} has no decision maker"));
                }
                if n == "decide" && high && !st.decides.iter().any(|d| d == "business-owner") {
                    p.push("decide does not include the business owner although high-importance zones are concerned".into());
                }
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn complete_roles_raise_nothing_and_gaps_are_named() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "ooda-gap").is_empty());
        b.m.incident_response.damage = None;
        if let Some(p) = b.m.incident_response.preventive.as_mut() {
            p.orient = None;
            if let Some(d) = p.decide.as_mut() {
                d.decides = vec!["factory-manager".into()];
            }
        }
        let a = b.assess();
        let f = of_kind(&a, "ooda-gap");
        assert_eq!(f.len(), 2);
        let prev = f.iter().find(|f| f.title.contains("preventive")).unwrap();
        assert!(prev.detail.contains("orient is missing"));
        assert!(prev.detail.contains("business owner"));
        let ja = &prev.i18n.get("ja").unwrap().detail;
        assert!(ja.contains("分析(Orient)が定められていません"), "{ja}");
        assert!(ja.contains("事業責任者が含まれていません"), "{ja}");
        assert!(
            !ja.contains("is missing") && !ja.contains("does not include"),
            "{ja}"
        );
        let dmg = f.iter().find(|f| f.title.contains("damage")).unwrap();
        assert_eq!(
            dmg.i18n.get("ja").unwrap().detail,
            "被害発生段階が記載されていません。"
        );
    }
}
