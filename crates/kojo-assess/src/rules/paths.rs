//! Step 1-7: attack paths — an entry point that reaches what matters most (a safety
//! function, a control or production zone of high importance) over the conduit graph.

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, is_fa, list, list_ja};
use crate::graph::{ZonePath, enforcing};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_model::{AssetTrait, Level, MeasureStatus, ScopeRef};

pub const ATTACK_PATH: RuleInfo = RuleInfo {
    id: "KJ-THR-003",
    kind: FindingKind::AttackPath,
    step: "1-7",
    reference: "3.1.7",
    summary: "An entry point reaches a safety function or a control/production zone of high importance: the hops, the conduits crossed and the measures on each.",
    doc: "docs/rules/attack-path.md",
};

/// What the attack-path rule aims at: zones holding a safety function or control and
/// production zones of high importance.
pub fn is_target(ctx: &Ctx, zi: usize) -> bool {
    let m = ctx.model;
    (is_fa(m.zones[zi].kind) && ctx.zone_imp[zi] == Some(Level::High))
        || ctx.zone_assets[zi]
            .iter()
            .any(|&a| m.assets[a].has_trait(AssetTrait::SafetyFunction))
}

/// Implemented measures recorded on a flow or on the boundary devices it passes.
pub fn measures_on_hop(ctx: &Ctx, fi: usize) -> Vec<String> {
    let m = ctx.model;
    let f = &m.flows[fi];
    let mut out: Vec<String> = m
        .measures
        .iter()
        .filter(|r| r.status == MeasureStatus::Implemented)
        .filter(|r| {
            r.scope.iter().any(|s| match s {
                ScopeRef::Flow(id) => *id == f.id,
                ScopeRef::Asset(id) => f.via.contains(id),
                _ => false,
            })
        })
        .map(|r| r.measure.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One hop of a path as JSON facts: the zones, the flow, the boundary devices, the
/// protections and the measures on it.
pub fn hop_facts(ctx: &Ctx, p: &ZonePath) -> Vec<serde_json::Value> {
    let m = ctx.model;
    let mut hops = Vec::new();
    let mut push = |from: Option<usize>, to: usize, fi: usize| {
        let f = &m.flows[fi];
        hops.push(serde_json::json!({
            "from": from.map(|z| format!("zone:{}", m.zones[z].id)),
            "to": format!("zone:{}", m.zones[to].id),
            "flow": format!("flow:{}", f.id),
            "network": kojo_model::vocab::word(kojo_model::vocab::NETWORKS, f.network),
            "automated": f.automated,
            "control": f.control,
            "boundary_devices": f.via.iter().map(|v| format!("asset:{v}")).collect::<Vec<_>>(),
            "enforcing": enforcing(ctx, fi),
            "protections": protection_words(&f.protections),
            "measures": measures_on_hop(ctx, fi),
        }));
    };
    if let Some(fi) = p.landing {
        push(ctx.flow_ends[fi].from_zone, p.zones[0], fi);
    }
    for (k, &fi) in p.hops.iter().enumerate() {
        push(Some(p.zones[k]), p.zones[k + 1], fi);
    }
    hops
}

/// 3.1.7: one finding per entry point that reaches a safety function's zone or a control or
/// production zone of high importance, with the shortest path to the nearest one (zones,
/// conduits, boundary devices, protections and measures on each hop) and every target it
/// reaches. High where a safety function is reached or the path passes no enforcing
/// boundary device with no person on the way; medium otherwise.
pub fn attack_path(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let r = &ctx.reach;
    let mut by_entry: Vec<Vec<(usize, &ZonePath)>> = vec![Vec::new(); r.entries.len()];
    for (zi, paths) in r.zone_paths.iter().enumerate() {
        if !is_target(ctx, zi) {
            continue;
        }
        for p in paths {
            by_entry[p.entry].push((zi, p));
        }
    }
    for (ei, mut targets) in by_entry.into_iter().enumerate() {
        if targets.is_empty() {
            continue;
        }
        let kind = r.entries[ei].kind;
        targets.sort_by_key(|&(zi, p)| (p.hops.len(), p.boundaries, ctx.zone_rank[zi]));
        let (first, path) = targets[0];
        let safety = targets.iter().any(|&(zi, _)| {
            ctx.zone_assets[zi]
                .iter()
                .any(|&a| m.assets[a].has_trait(AssetTrait::SafetyFunction))
        });
        let open = path.boundaries == 0 && !path.human_review;
        let sev = if safety || open {
            Severity::High
        } else {
            Severity::Medium
        };
        let (entry_en, entry_ja) = kind.words(ctx);
        let names: Vec<&str> = targets.iter().map(|&(zi, _)| ctx.zone_name(zi)).collect();
        let route: Vec<&str> = path.zones.iter().map(|&z| ctx.zone_name(z)).collect();
        let mut subjects: Vec<String> = targets
            .iter()
            .take(10)
            .map(|&(zi, _)| format!("zone:{}", m.zones[zi].id))
            .collect();
        subjects.extend(
            path.landing
                .iter()
                .chain(&path.hops)
                .map(|&fi| format!("flow:{}", m.flows[fi].id)),
        );
        let key = kind.key(ctx);
        let review_en = if path.human_review {
            " A person reviews what crosses at least one hop (a flow that is not automated)."
        } else {
            " No person stands on the way: every hop is automated."
        };
        let review_ja = if path.human_review {
            "少なくとも1つの区間では人が内容を確認します(自動でないフロー)。"
        } else {
            "経路上に人の確認はなく、すべての区間が自動です。"
        };
        let hops_n = path.landing.iter().count() + path.hops.len();
        out.push(ctx.finding(
            Draft {
                id_subjects: Some(vec!["factory".into()]),
                ..Draft::new(&ATTACK_PATH, subjects, sev)
            }
            .disc(key.clone())
            .text(
                format!("From {entry_en}, an attacker can reach {}", list(&names, 3)),
                format!(
                    "{entry_en} reaches {} zone{} of high importance or holding a safety function: {}. The shortest path, to {}, runs {} in {hops_n} hop{}, past {} enforcing boundary device{}.{review_en}",
                    targets.len(),
                    if targets.len() == 1 { "" } else { "s" },
                    list(&names, 5),
                    ctx.zone_name(first),
                    route.join(" → "),
                    if hops_n == 1 { "" } else { "s" },
                    path.boundaries,
                    if path.boundaries == 1 { "" } else { "s" },
                ),
                "Break the path or guard each hop: route the conduits through enforcing boundary devices (firewall, data diode for one-way data, VPN gateway), keep a person reviewing what crosses into the control network, and record the measures on the flows.".into(),
            )
            .ja(
                format!("{entry_ja} から {} に到達し得ます", list_ja(&names, 3)),
                format!(
                    "{entry_ja} から、重要度が高いか安全機能を持つゾーン {} 箇所({})に到達し得ます。最短経路は {} までの {}({hops_n} 区間、通過する境界装置 {} 台)。{review_ja}",
                    targets.len(),
                    list_ja(&names, 5),
                    ctx.zone_name(first),
                    route.join(" → "),
                    path.boundaries,
                ),
                "経路を断つか各区間を守ってください。コンデュイットを境界装置(ファイアウォール、一方向データにはデータダイオード、VPN装置)経由にし、制御ネットワークへ入るものは人が確認し、フローに対策を記録してください。".into(),
            )
            .fact("entry", key)
            .fact("hops", hop_facts(ctx, path))
            .fact("boundaries", path.boundaries)
            .fact("human_review", path.human_review)
            .fact(
                "reached",
                targets
                    .iter()
                    .map(|&(zi, _)| format!("zone:{}", m.zones[zi].id))
                    .collect::<Vec<_>>(),
            ),
        ));
    }
}

/// A flow's protections in word order, whatever order the model lists them in.
fn protection_words(protections: &[kojo_model::Protection]) -> Vec<&'static str> {
    let mut w: Vec<&'static str> = protections
        .iter()
        .map(|&x| kojo_model::vocab::word(kojo_model::vocab::PROTECTIONS, x))
        .collect();
    w.sort_unstable();
    w
}
