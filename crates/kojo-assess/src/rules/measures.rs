//! Step 2-2: countermeasures of each threat against the model's `measures`, and
//! compensating measures for assets that can no longer be patched.

use super::RuleInfo;
use super::threats::{hit_discriminator, hit_scope_words, hit_scope_words_ja, hit_subjects};
use crate::ctx::{Ctx, Draft, Scope, list, list_ja};
use kojo_findings::{Finding, Severity};
use kojo_model::{AssetKind, AssetTrait, Level};

pub const MEASURE_GAP: RuleInfo = RuleInfo {
    id: "KJ-MSR-001",
    kind: "measure-gap",
    step: "2-2",
    reference: "3.2.2",
    summary: "A threat whose catalogued countermeasures are not implemented (planned ones lower the severity, never to nothing).",
    doc: "docs/rules/measure-gap.md",
};

/// Step 2-2: one finding per threat and scope (zone or conduit) where none of the threat's
/// countermeasures is implemented there; where some are planned, the severity is one step
/// lower but never below low.
pub fn measure_gap(ctx: &Ctx, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
    let texts = &ctx.threat_texts;
    // One finding per hit with nothing implemented, written side by side, in hit order.
    let findings = ctx.hits.par_iter().filter_map(|h| {
        let t = &ctx.know.threats[h.threat];
        if t.measures.is_empty() || !h.implemented.is_empty() {
            return None;
        }
        let tx = &texts[h.threat];
        let scope = hit_scope_words(ctx, h);
        let scope_ja = hit_scope_words_ja(ctx, h);
        let planned = !h.planned.is_empty();
        let severity = if planned {
            h.severity.lowered()
        } else {
            h.severity.max(Severity::Low)
        };
        let (subjects, ids) = hit_subjects(ctx, h);
        let missing: Vec<String> = t
            .measures
            .iter()
            .filter(|x| !h.planned.contains(x))
            .cloned()
            .collect();
        let names = |v: &[String]| {
            v.iter()
                .map(|x| ctx.know.measure_name(x))
                .collect::<Vec<_>>()
        };
        let names_ja = |v: &[String]| {
            v.iter()
                .map(|x| ctx.know.measure_name_ja(x))
                .collect::<Vec<_>>()
        };
        Some(ctx.finding(
            Draft { id_subjects: Some(ids), catalog: tx.catalog.clone(), ..Draft::new(&MEASURE_GAP, subjects, severity) }
                .disc(hit_discriminator(ctx, h))
                .text(
                    format!("{scope}: no countermeasure in place against {}", t.name),
                    if planned {
                        format!("Planned: {}; nothing implemented yet, so the risk stays until they are.", names(&h.planned).join(", "))
                    } else {
                        format!("None of {} is implemented or planned here.", tx.measures_joined)
                    },
                    if missing.is_empty() {
                        "Implement the planned measures and record them as implemented.".to_string()
                    } else {
                        format!("Implement {} and record it in measures with this scope.", list(&names(&missing), 4))
                    },
                )
                .ja(
                    format!("{scope_ja}: {} への対策が実施されていません",  if t.name_ja.is_empty() { &t.name } else { &t.name_ja }),
                    if planned {
                        format!("計画中の対策: {}。まだ実施されていないため、実施されるまでリスクが残ります。", names_ja(&h.planned).join("、"))
                    } else {
                        format!("{} のいずれも、ここでは実施も計画もされていません。", tx.measures_joined_ja)
                    },
                    if missing.is_empty() {
                        "計画中の対策を実施し、実施済みとして記録してください。".to_string()
                    } else {
                        format!("{} を実施し、この範囲を対象として measures に記録してください。", list_ja(&names_ja(&missing), 4))
                    },
                )
                .fact("planned", h.planned.clone())
                .fact("missing", missing),
        ))
    });
    out.par_extend(findings);
}

pub const END_OF_SUPPORT: RuleInfo = RuleInfo {
    id: "KJ-MSR-002",
    kind: "measure-gap",
    step: "2-2",
    reference: "3.2.2",
    summary: "End-of-support assets with no measure of their own: compensating measures instead of patching.",
    doc: "docs/rules/measure-gap.md",
};

/// Step 2-2: an asset past its end of support gets no more patches, so the measures that
/// rely on patching do not hold; unless a measure is implemented for the asset or its zone,
/// ask for compensating measures. One finding per zone.
pub fn end_of_support(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (zi, z) in m.zones.iter().enumerate() {
        if ctx.implemented_on.contains(&Scope::Zone(zi)) {
            continue;
        }
        let zone_key = format!("zone:{}", z.id);
        let eos: Vec<String> = ctx.zone_assets[zi]
            .iter()
            .filter(|&&ai| !ctx.implemented_on.contains(&Scope::Asset(ai)))
            .map(|&ai| &m.assets[ai])
            .filter(|a| a.kind != AssetKind::Data && a.has_trait(AssetTrait::EndOfSupport))
            .map(|a| a.id.clone())
            .collect();
        if eos.is_empty() {
            continue;
        }
        let sev = if ctx.zone_imp[zi] == Some(Level::High) {
            Severity::High
        } else {
            Severity::Medium
        };
        let mut subjects = vec![zone_key.clone()];
        subjects.extend(eos.iter().take(20).map(|a| format!("asset:{a}")));
        out.push(ctx.finding(
            Draft { id_subjects: Some(vec![zone_key]), ..Draft::new(&END_OF_SUPPORT, subjects, sev) }
                .disc("end-of-support")
                .text(
                    format!("{}: end-of-support assets without compensating measures", z.name),
                    format!("{} no longer receive patches and no measure is recorded for them or their zone.", list(&eos, 5)),
                    "Compensate instead of patching: isolate them behind a boundary device, allow-list their software and connections, control removable media and maintenance laptops, monitor their traffic, and plan their replacement.".into(),
                )
                .ja(
                    format!("{}: サポート終了資産に代替策がありません", z.name),
                    format!("{} はパッチが提供されません。", list_ja(&eos, 5)),
                    "パッチの代わりに、境界装置による隔離、ホワイトリスト、媒体管理、通信監視などの代替策を講じ、更新を計画してください。".into(),
                )
                .fact("assets", eos),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::super::threats::tests::test_knowledge;
    use kojo_findings::Severity;
    use kojo_model::*;

    #[test]
    fn measure_gap_per_threat_and_scope_lowered_by_plans() {
        let mut b = well_zoned();
        b.flow("usb", "oa-pc", "plc-1").network = Network::RemovableMedia;
        let k = test_knowledge();
        let a = b.assess_with(&k);
        let gap = |a: &kojo_findings::Assessment| {
            of_kind(a, "measure-gap")
                .into_iter()
                .find(|f| f.catalog[0] == "thr-media")
                .cloned()
        };
        let g = gap(&a).unwrap();
        // importance high × level 3 × vulnerability 3 → A → critical, nothing planned.
        assert_eq!(g.severity, Severity::Critical);
        b.measure(
            "msr-media",
            vec![ScopeRef::Zone("control".into())],
            MeasureStatus::Planned,
        );
        let g2 = gap(&b.assess_with(&k)).unwrap();
        assert_eq!(g2.id, g.id);
        assert_eq!(g2.severity, Severity::High);
        assert_eq!(
            g.i18n.get("ja").unwrap().recommendation,
            "measure msr-media を実施し、この範囲を対象として measures に記録してください。"
        );
        assert!(
            g2.i18n
                .get("ja")
                .unwrap()
                .detail
                .starts_with("計画中の対策: measure msr-media。")
        );
        b.m.measures[0].status = MeasureStatus::Implemented;
        assert!(gap(&b.assess_with(&k)).is_none());
    }

    #[test]
    fn end_of_support_needs_compensating_measures() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "measure-gap").is_empty());
        b.m.assets[0].traits.push(AssetTrait::EndOfSupport);
        let a = b.assess();
        let f = of_kind(&a, "measure-gap");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["zone:control", "asset:plc-1"]);
        b.measure(
            "msr-isolation",
            vec![ScopeRef::Asset("plc-1".into())],
            MeasureStatus::Implemented,
        );
        assert!(of_kind(&b.assess(), "measure-gap").is_empty());
    }
}
