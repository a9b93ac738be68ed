//! Step 2-1: the security policy as an order — zones and their threats by priority,
//! business interruption first.

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, level_ja, rank_by, severity_ja};
use crate::knowledge::Impact;
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_model::Level;

pub const PRIORITY: RuleInfo = RuleInfo {
    id: "KJ-POL-001",
    kind: FindingKind::Priority,
    step: "2-1",
    reference: "3.2.1",
    summary: "The ordered policy: zones and their threats by priority, business interruption first.",
    doc: "docs/rules/priority.md",
};

/// Step 2-1: measures are planned zone by zone in priority order. A zone ranks by the
/// worst threat that can interrupt business (business continuity or delivery impact), then
/// its importance, then its worst threat of any kind; within a zone, threats that interrupt
/// business come first. One informational finding per zone with a rank.
pub fn priority(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let interrupts = |ti: usize| {
        let t = &ctx.know.threats[ti];
        t.impacts.contains(&Impact::BusinessContinuity) || t.impacts.contains(&Impact::Delivery)
    };
    let threat_rank = rank_by(ctx.know.threats.len(), |a, b| {
        ctx.know.threats[a].id.cmp(&ctx.know.threats[b].id)
    });
    // (zone) -> hits touching it
    let mut by_zone: Vec<Vec<usize>> = vec![Vec::new(); m.zones.len()];
    for (hi, h) in ctx.hits.iter().enumerate() {
        by_zone[h.zone].push(hi);
        for &p in &h.peers {
            by_zone[p].push(hi);
        }
    }
    // The consequence factors a zone ranks by, most telling first: the worst
    // business-interrupting risk; importance for safety and business continuity; overall
    // importance; a safety function in the zone; exposure from outside; a new or changed
    // zone or asset; the worst risk of any kind. Never the zone's id or its place in a list.
    type Key = (
        Option<Severity>,
        Option<Level>,
        Option<Level>,
        bool,
        bool,
        bool,
        Option<Severity>,
    );
    let safety_function = |zi: usize| {
        ctx.zone_assets[zi].iter().any(|&ai| {
            m.assets[ai]
                .traits
                .contains(&kojo_model::AssetTrait::SafetyFunction)
        })
    };
    let changed = |zi: usize| {
        m.zones[zi].status != kojo_model::Status::Existing
            || ctx.zone_assets[zi]
                .iter()
                .any(|&ai| m.assets[ai].status != kojo_model::Status::Existing)
    };
    let mut ranked: Vec<(usize, Key)> = (0..m.zones.len())
        .filter(|&zi| ctx.zone_imp[zi].is_some() || !by_zone[zi].is_empty())
        .map(|zi| {
            let bi = by_zone[zi]
                .iter()
                .filter(|&&hi| interrupts(ctx.hits[hi].threat))
                .map(|&hi| ctx.hits[hi].severity)
                .max();
            let any = by_zone[zi].iter().map(|&hi| ctx.hits[hi].severity).max();
            let v = &ctx.zone_vec[zi];
            let safety_continuity = v[0].max(v[4]);
            (
                zi,
                (
                    bi,
                    safety_continuity,
                    ctx.zone_imp[zi],
                    safety_function(zi),
                    ctx.zone_exposed[zi],
                    changed(zi),
                    any,
                ),
            )
        })
        .collect();
    // Highest first. Zones equal in every factor share a rank (1 + the zones ahead of
    // them); among them the list is in zone-name order only so that it reads the same.
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| m.zones[a.0].name.cmp(&m.zones[b.0].name))
    });
    let ranks: Vec<usize> = ranked
        .iter()
        .map(|(_, k)| 1 + ranked.iter().filter(|(_, other)| other > k).count())
        .collect();
    for ((zi, (bi, _, imp, ..)), &rank) in ranked.iter().zip(&ranks) {
        let zi = *zi;
        let rank = rank - 1;
        // The zone's threats, each at its best hit: business-interrupting first, then the
        // most severe, then by threat id. Sorting the (small, copyable) keys of the hits and
        // keeping each threat's first is the same as sorting the hits themselves.
        let mut keys: Vec<_> = by_zone[zi]
            .iter()
            .map(|&hi| {
                let h = &ctx.hits[hi];
                (
                    std::cmp::Reverse(interrupts(h.threat)),
                    std::cmp::Reverse(h.severity),
                    threat_rank[h.threat],
                    h.threat,
                )
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut order: Vec<String> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        let mut names_ja: Vec<&str> = Vec::new();
        for &(_, _, _, ti) in &keys {
            let t = &ctx.know.threats[ti];
            if !order.contains(&t.id) {
                order.push(t.id.clone());
                names.push(&t.name);
                names_ja.push(if t.name_ja.is_empty() {
                    &t.name
                } else {
                    &t.name_ja
                });
            }
        }
        let z = &m.zones[zi];
        let threats_words = if order.is_empty() {
            "no catalogued threat applies yet".to_string()
        } else {
            format!(
                "threats in order: {}",
                names
                    .iter()
                    .take(10)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        let threats_words_ja = if order.is_empty() {
            "該当するカタログの脅威はまだありません".to_string()
        } else {
            format!(
                "脅威の優先順: {}",
                names_ja
                    .iter()
                    .take(10)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("、")
            )
        };
        out.push(ctx.finding(
            Draft { catalog: order.clone(), ..Draft::new(&PRIORITY, vec![format!("zone:{}", z.id)], Severity::Info) }
                .text(
                    format!("Priority {}: {}", rank + 1, z.name),
                    format!(
                        "Importance {}; worst business-interrupting risk {}; {}.",
                        imp.map(|l| l.as_str()).unwrap_or("unknown"),
                        bi.map(|s| s.as_str()).unwrap_or("none"),
                        threats_words
                    ),
                    format!("Plan this zone's measures as number {} of {}, business interruption first.", rank + 1, ranked.len()),
                )
                .ja(
                    format!("優先順位 {}: {}", rank + 1, z.name),
                    format!(
                        "重要度 {}、事業停止につながる最大リスク {}。{}。",
                        imp.map(level_ja).unwrap_or("不明"),
                        bi.map(severity_ja).unwrap_or_else(|| "なし".into()),
                        threats_words_ja
                    ),
                    format!("このゾーンの対策を {} ゾーン中 {} 番目に計画してください。事業停止につながる脅威から順に対策します。", ranked.len(), rank + 1),
                )
                .fact("rank", rank + 1)
                .fact("threat_order", order),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn zones_rank_by_business_interruption_then_importance() {
        let b = well_zoned();
        let a = b.assess_with(&super::super::threats::tests::test_knowledge());
        let mut p: Vec<_> = of_kind(&a, "priority");
        p.sort_by_key(|f| f.facts["rank"].as_u64());
        assert_eq!(p.len(), 4);
        // The OA zone (low importance) comes last.
        assert_eq!(p[3].subjects, vec!["zone:oa"]);
        assert!(
            p[0].facts["threat_order"]
                .as_array()
                .is_some_and(|v| !v.is_empty())
        );
        let ja = &p[0].i18n.get("ja").unwrap().detail;
        assert!(
            ja.contains("脅威の優先順: ") && ja.starts_with("重要度 "),
            "{ja}"
        );
        for en in [
            "threats in order",
            "high",
            "medium",
            "low",
            "none",
            "unknown",
        ] {
            assert!(!ja.contains(en), "{ja}");
        }
    }

    #[test]
    fn no_priority_for_zones_without_importance_or_threats() {
        let mut b = B::new();
        b.zone("empty", kojo_model::ZoneKind::Information);
        assert!(of_kind(&b.assess(), "priority").is_empty());
    }
}
