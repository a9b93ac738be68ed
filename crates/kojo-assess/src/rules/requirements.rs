//! Step 1-7 requirements within each zone and between connected zones (Table 3-4), the
//! reviews that new zones and flows call for, and boundary devices (Step 2-2).

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, Lang, is_fa, level_in, level_ja, list, list_in, list_ja, yes_no};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity, ZoneRequirements};
use kojo_lang::Message;
use kojo_model::{Level, Network, Status, ZoneKind};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Networks that are conduits without a network boundary (carried by hand or on a wire
/// to one device): a firewall cannot sit on them, their own threats apply instead.
pub fn is_non_network(n: Network) -> bool {
    matches!(
        n,
        Network::RemovableMedia | Network::MaintenanceLaptop | Network::Serial | Network::Fieldbus
    )
}

pub const ZONE_REVIEW: RuleInfo = RuleInfo {
    id: "KJ-REQ-101",
    kind: FindingKind::ZoneReviewRequirements,
    step: "1-7",
    reference: "3.1.7, Annex A (iii)",
    summary: "A zone is new or changed, or receives new sensitive data through a new or changed flow: review its requirements.",
    doc: "docs/rules/zone-review-requirements.md",
};

/// Step 1-7 and Annex A (iii): an upgrade that sends new sensitive data to an existing zone
/// needs no new zone, but the zone's requirements and those between it and the senders
/// must be reviewed; a new or changed zone needs its requirements set.
pub fn zone_review(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let mut incoming: Vec<(BTreeSet<String>, BTreeSet<String>)> =
        vec![Default::default(); m.zones.len()];
    for (fi, f) in m.flows.iter().enumerate() {
        if f.status == Status::Existing || f.data.is_empty() {
            continue;
        }
        let Some(tz) = ctx.flow_ends[fi].to_zone else {
            continue;
        };
        let sensitive: Vec<&String> = f
            .data
            .iter()
            .filter(|d| {
                ctx.asset_ix
                    .get(d.as_str())
                    .is_none_or(|&ai| ctx.asset_imp[ai] != Some(Level::Low))
            })
            .collect();
        if sensitive.is_empty() {
            continue;
        }
        incoming[tz].0.insert(f.id.clone());
        incoming[tz].1.extend(sensitive.into_iter().cloned());
    }
    for (zi, z) in m.zones.iter().enumerate() {
        let (flows, data) = &incoming[zi];
        let changed = z.status != Status::Existing;
        if !changed && flows.is_empty() {
            continue;
        }
        let flows: Vec<String> = flows.iter().cloned().collect();
        let data: Vec<String> = data.iter().cloned().collect();
        // The data by name in prose; their ids are in the facts.
        let data_names: Vec<&str> = data
            .iter()
            .map(|d| {
                ctx.asset_ix
                    .get(d.as_str())
                    .map_or(d.as_str(), |&ai| m.assets[ai].name.as_str())
            })
            .collect();
        let status = if z.status == Status::New {
            "new"
        } else {
            "changed"
        };
        let reason = |lang: Lang| match (changed, flows.is_empty()) {
            (true, true) => Message::new("zone-review-detail-changed").arg("status", status),
            (true, false) => Message::new("zone-review-detail-changed-data")
                .arg("status", status)
                .arg("data", list_in(&data_names, 5, lang))
                .arg("flows", ctx.flows_phrase(&flows, 5, lang)),
            _ => Message::new("zone-review-detail-data")
                .arg("data", list_in(&data_names, 5, lang))
                .arg("flows", ctx.flows_phrase(&flows, 5, lang)),
        };
        // Annex A (iii) is the case of an existing zone that receives new data; a new or
        // changed zone rests on Step 1-7 alone.
        let reference = if changed {
            "3.1.7"
        } else {
            ZONE_REVIEW.reference
        };
        out.push(
            ctx.finding(
                Draft {
                    reference: Some(reference.into()),
                    ..Draft::new(
                        &ZONE_REVIEW,
                        vec![format!("zone:{}", z.id)],
                        Severity::Medium,
                    )
                }
                .words(|lang| {
                    [
                        Message::new("zone-review-title").arg("zone", z.name.as_str()),
                        reason(lang),
                        Message::new("zone-review-rec"),
                    ]
                })
                .fact("flows", flows)
                .fact("data", data),
            ),
        );
    }
}

pub const FLOW_REVIEW: RuleInfo = RuleInfo {
    id: "KJ-REQ-102",
    kind: FindingKind::FlowReviewRequirements,
    step: "1-7",
    reference: "Table 3-4",
    summary: "New or changed flows into a zone from other zones: review confidentiality, integrity and availability of the transfer and control instructions from outside the control network.",
    doc: "docs/rules/flow-review-requirements.md",
};

/// Table 3-4, between zones: new or changed flows entering a zone need the information
/// transfer's confidentiality, availability and integrity reviewed, and control
/// instructions from outside the control network examined. One finding per receiving zone,
/// naming the zones the flows come from.
pub fn flow_review(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (b, inbound) in ctx.inbound().into_iter().enumerate() {
        let (mut peers, mut new) = (Vec::new(), Vec::new());
        let (mut outside_control, mut automated_into_fa) = (false, false);
        for (a, flows) in inbound {
            let n0 = new.len();
            for &fi in flows {
                let f = &m.flows[fi];
                if f.status == Status::Existing {
                    continue;
                }
                new.push(fi);
                outside_control |= ctx.control_from_outside(fi);
                automated_into_fa |= f.automated && is_fa(m.zones[b].kind);
            }
            if new.len() > n0 {
                peers.push(a);
            }
        }
        if new.is_empty() || !ctx.in_focus(peers.iter().copied().chain([b]), &new) {
            continue;
        }
        let sev = if outside_control || automated_into_fa {
            Severity::High
        } else {
            Severity::Medium
        };
        let zb = format!("zone:{}", ctx.zone_id(b));
        let ids: Vec<String> = new.iter().map(|&fi| m.flows[fi].id.clone()).collect();
        let mut subjects = vec![zb.clone()];
        subjects.extend(ctx.zone_subjects(&peers).into_iter().take(20));
        subjects.extend(ids.iter().take(20).map(|f| format!("flow:{f}")));
        let from: Vec<String> = peers
            .iter()
            .map(|&p| ctx.zone_name(p).to_string())
            .collect();
        let extra = if outside_control {
            "control"
        } else if automated_into_fa {
            "automated"
        } else {
            "none"
        };
        out.push(
            ctx.finding(
                Draft {
                    id_subjects: Some(vec![zb]),
                    ..Draft::new(&FLOW_REVIEW, subjects, sev)
                }
                .disc("inbound")
                .words(|lang| {
                    [
                        Message::new("flow-review-title")
                            .arg("zone", ctx.zone_name(b))
                            .arg("from", list_in(&from, 3, lang)),
                        Message::new("flow-review-detail")
                            .arg("flows", ctx.flows_phrase(&ids, 5, lang)),
                        Message::new("flow-review-rec").arg("extra", extra),
                    ]
                })
                .fact("from_zones", from)
                .fact("control_from_outside_control_network", outside_control),
            ),
        );
    }
}

pub const BOUNDARY_MISSING: RuleInfo = RuleInfo {
    id: "KJ-BND-001",
    kind: FindingKind::BoundaryMissing,
    step: "2-2",
    reference: "3.2.2",
    summary: "A networked flow between zones of different importance, to an external zone, or carrying control or automated data into a control/production zone from an information, DMZ or external zone, passes no boundary device.",
    doc: "docs/rules/boundary-missing.md",
};

/// Step 2-2: a zone boundary is where measures are enforced; a networked flow between zones
/// of different importance (or to/from an external zone) that passes no boundary device
/// (`via`) leaves the more important zone at the level of the less important one. Removable
/// media, maintenance laptops, serial and fieldbus links have their own threats instead.
pub fn boundary_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (&(a, b), flows) in &ctx.conduits {
        let external =
            m.zones[a].kind == ZoneKind::External || m.zones[b].kind == ZoneKind::External;
        let differ = ctx.zone_imp[a] != ctx.zone_imp[b];
        let open: Vec<usize> = flows
            .iter()
            .copied()
            .filter(|&fi| m.flows[fi].via.is_empty() && !is_non_network(m.flows[fi].network))
            .collect();
        // Control instructions or automated data into a control/production zone from an
        // information, DMZ or external zone need a boundary whatever the importance.
        let into_fa = is_fa(m.zones[b].kind)
            && matches!(
                m.zones[a].kind,
                ZoneKind::Information | ZoneKind::Dmz | ZoneKind::External
            )
            && open
                .iter()
                .any(|&fi| m.flows[fi].control || m.flows[fi].automated);
        if open.is_empty() || (!external && !differ && !into_fa) || !ctx.in_focus([a, b], &open) {
            continue;
        }
        let internet = open
            .iter()
            .any(|&fi| matches!(m.flows[fi].network, Network::Internet | Network::Carrier));
        let sev = if external || internet || into_fa {
            Severity::High
        } else {
            Severity::Medium
        };
        let (za, zb) = (ctx.zone_id(a), ctx.zone_id(b));
        let ids: Vec<String> = open.iter().map(|&fi| m.flows[fi].id.clone()).collect();
        // The zone the boundary device guards comes first: the plan's action and the
        // finding's location name it. An outside zone stays first (the device stands on the
        // plant's side of it); otherwise the control/production zone the flows carry
        // instructions into, else the more important zone. The id keeps the conduit's order.
        let guarded_first = !external && !into_fa && ctx.zone_imp[a] < ctx.zone_imp[b];
        let mut subjects = if guarded_first {
            vec![format!("zone:{zb}"), format!("zone:{za}")]
        } else {
            vec![format!("zone:{za}"), format!("zone:{zb}")]
        };
        subjects.extend(ids.iter().take(20).map(|f| format!("flow:{f}")));
        out.push(
            ctx.finding(
                Draft {
                    id_subjects: Some(vec![format!("zone:{za}"), format!("zone:{zb}")]),
                    ..Draft::new(&BOUNDARY_MISSING, subjects, sev)
                }
                .disc(format!("{za}->{zb}"))
                .words(|lang| {
                    let flows = ctx.flows_phrase(&ids, 5, lang);
                    [
                        Message::new("boundary-missing-title")
                            .arg("from", ctx.zone_name(a))
                            .arg("to", ctx.zone_name(b)),
                        Message::new("boundary-missing-detail")
                            .arg(
                                "flows",
                                if lang == Lang::En {
                                    upper_first(&flows)
                                } else {
                                    flows
                                },
                            )
                            .arg("count", ids.len())
                            .arg("from_level", level_in(ctx.zone_imp[a], lang))
                            .arg("to_level", level_in(ctx.zone_imp[b], lang))
                            .arg("edge", yes_no(external))
                            .arg("into_fa", yes_no(into_fa)),
                        Message::new("boundary-missing-rec"),
                    ]
                }),
            ),
        );
    }
}

pub const BOUNDARY_BYPASS: RuleInfo = RuleInfo {
    id: "KJ-BND-002",
    kind: FindingKind::BoundaryBypass,
    step: "2-2",
    reference: "3.2.2",
    summary: "A flow enters a zone from another zone past no enforcing boundary device while other flows into the zone pass one.",
    doc: "docs/rules/boundary-bypass.md",
};

/// Step 2-2: the measures of a zone's boundary act only on what passes it. Networked flows
/// that enter the zone from another zone past no enforcing boundary device (firewall, data
/// diode, VPN or remote-access gateway; a router or switch forwards what it is given)
/// while other flows into the zone pass one skip that boundary: one finding per conduit
/// they come by (source zone → zone), naming the flows, the zone and the boundary devices
/// they skip.
pub fn boundary_bypass(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (b, inbound) in ctx.inbound().into_iter().enumerate() {
        let mut guards: BTreeSet<usize> = BTreeSet::new();
        // Per source zone, the flows that bypass.
        let mut bypass: Vec<(usize, Vec<usize>)> = Vec::new();
        for (a, flows) in &inbound {
            let mut skipped = Vec::new();
            for &fi in flows.iter() {
                if is_non_network(m.flows[fi].network) {
                    continue;
                }
                let mut devices = crate::graph::enforcing_devices(ctx, fi).peekable();
                if devices.peek().is_none() {
                    skipped.push(fi);
                } else {
                    guards.extend(devices);
                }
            }
            if !skipped.is_empty() {
                bypass.push((*a, skipped));
            }
        }
        if guards.is_empty() {
            continue;
        }
        let mut guard_ids: Vec<&str> = guards.iter().map(|&v| m.assets[v].id.as_str()).collect();
        guard_ids.sort_unstable();
        let guard_names: Vec<&str> = guards.iter().map(|&v| m.assets[v].name.as_str()).collect();
        for (a, flows) in bypass {
            let mut ids: Vec<String> = flows.iter().map(|&fi| m.flows[fi].id.clone()).collect();
            ids.sort();
            let remote = flows.iter().any(|&fi| {
                matches!(
                    m.flows[fi].network,
                    Network::Internet | Network::Carrier | Network::Vpn | Network::Wireless
                )
            });
            let control = flows.iter().any(|&fi| m.flows[fi].control);
            let sev = if remote || control {
                Severity::High
            } else {
                Severity::Medium
            };
            let from = ctx.zone_name(a);
            let mut subjects: Vec<String> =
                ids.iter().take(20).map(|f| format!("flow:{f}")).collect();
            subjects.push(format!("zone:{}", ctx.zone_id(b)));
            subjects.extend(guard_ids.iter().take(10).map(|g| format!("asset:{g}")));
            let routed_only = flows.iter().all(|&fi| !ctx.flow_via[fi].is_empty());
            out.push(
                ctx.finding(
                    // The id is the receiving zone and the zone the flows come from (ids ignore
                    // subject order, so the direction goes in the discriminator).
                    Draft {
                        id_subjects: Some(vec![format!("zone:{}", ctx.zone_id(b))]),
                        ..Draft::new(&BOUNDARY_BYPASS, subjects, sev)
                    }
                    .disc(format!("from zone:{}", ctx.zone_id(a)))
                    .words(|lang| {
                        [
                            Message::new("boundary-bypass-title")
                                .arg("count", ids.len())
                                .arg("from", from)
                                .arg("zone", ctx.zone_name(b)),
                            Message::new("boundary-bypass-detail")
                                .arg("count", ids.len())
                                .arg("routed", yes_no(routed_only))
                                .arg("zone", ctx.zone_name(b))
                                .arg("flows", ctx.flows_phrase(&ids, 5, lang))
                                .arg("guards", list_in(&guard_names, 3, lang)),
                            Message::new("boundary-bypass-rec").arg("count", ids.len()),
                        ]
                    })
                    .fact("flows", ids.clone())
                    .fact("from_zone", ctx.zone_id(a).to_string())
                    .fact("skipped_boundary", guard_ids.clone()),
                ),
            );
        }
    }
}

pub const TARGET_SL_BELOW: RuleInfo = RuleInfo {
    id: "KJ-BND-003",
    kind: FindingKind::TargetSlBelowDerived,
    step: "1-6",
    reference: "3.1.6",
    summary: "A zone's target SL set in the model is below the one derived from its consequence, exposure and threats.",
    doc: "docs/rules/target-sl-below-derived.md",
};

/// Step 1-6: the security level a zone is built to must match what it protects and what
/// reaches it. A `target_sl` set in the model below the derived one is reported with the
/// derivation, so the owner either raises it or records why the lower level is enough.
pub fn target_sl_below(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (zi, z) in ctx.model.zones.iter().enumerate() {
        let (Some(set), Some(derived)) = (z.target_sl, ctx.derived_sl_value(zi)) else {
            continue;
        };
        if set >= derived {
            continue;
        }
        let why = ctx.derived_sl(zi, Lang::En).1;
        let why_ja = ctx.derived_sl(zi, Lang::Ja).1;
        out.push(ctx.finding(
            Draft::new(&TARGET_SL_BELOW, vec![format!("zone:{}", z.id)], Severity::Medium)
                .text(
                    format!("Target SL of {} is set below what it needs", z.name),
                    format!("The model sets target SL {set}; derived: {why}."),
                    format!("Raise the zone's target SL to {derived}, or record in a decision why SL {set} is enough (for example, a compensating measure)."),
                )
                .ja(
                    format!("{} の目標SLが必要な水準を下回っています", z.name),
                    format!("モデルの目標SL は {set}。導出: {why_ja}。"),
                    format!("目標SLを {derived} に上げるか、SL {set} で足りる理由(代替策など)を decisions に記録してください。"),
                )
                .fact("target_sl", set)
                .fact("derived_sl", derived),
        ));
    }
}

/// The requirements within each zone and between each pair of connected zones (Table 3-4),
/// from its importance by viewpoint, its protected objects, its conduits and the threats
/// that apply. Each line is in `lang`: English for the assessment (its JSON contract), or
/// Japanese for the reports.
pub fn all_zone_requirements(ctx: &Ctx, lang: Lang) -> Vec<ZoneRequirements> {
    let m = ctx.model;
    let ja = lang == Lang::Ja;
    let mut reqs: Vec<ZoneRequirements> = vec![ZoneRequirements::default(); m.zones.len()];
    for (zi, r) in reqs.iter_mut().enumerate() {
        let v = &ctx.zone_vec[zi];
        let names = if ja {
            ["安全 (S)", "品質 (Q)", "納期 (D)", "コスト (C)"]
        } else {
            ["safety (S)", "quality (Q)", "delivery (D)", "cost (C)"]
        };
        let word = |l: Level| if ja { level_ja(l) } else { l.as_str() };
        let sqdc: Vec<String> = names
            .iter()
            .enumerate()
            .filter_map(|(k, n)| {
                v[k].filter(|l| *l >= Level::Medium)
                    .map(|l| format!("{n} {}", word(l)))
            })
            .collect();
        if !sqdc.is_empty() {
            r.within.push(if ja {
                format!("SQDC: {} の確保", sqdc.join("、")).into()
            } else {
                format!("SQDC: assure {}", sqdc.join(", ")).into()
            });
        }
        if let Some(bc) = v[4] {
            r.within.push(if ja {
                format!(
                    "事業継続 ({}): 停止期間・停止時のコスト、情報漏えいや誤動作の影響、他への波及を抑え、復旧を容易にする",
                    level_ja(bc)
                ).into()
            } else {
                format!(
                    "Business continuity ({}): bound the period and cost of a stoppage, the impact of data leakage or malfunction, the ripple effect, and keep recovery easy",
                    bc.as_str()
                ).into()
            });
        }
        let n = ctx.zone_assets[zi].len();
        if n > 0 {
            r.within.push(if ja {
                format!("保護対象 ({n}): 設備・ソフトウェア・プログラム・データの可用性・完全性・機密性").into()
            } else {
                format!(
                    "Protected objects ({n}): availability, integrity and confidentiality of equipment, software, programs and data"
                ).into()
            });
        }
    }
    // Between zones: both zones of a connected pair get the same lines (what the conduits
    // in either direction carry, then the threats between them), so they are built once per
    // pair, keyed (lower, higher) zone index. Conduits are met in (from, to) order, so the
    // lower-to-higher conduit's lines come first, as the per-zone order has always been.
    let mut pairs = Pairs::default();
    // The fixed lines, shared by every pair that has them (the language is chosen once here).
    let fixed = if ja {
        [
            "情報の送受信: 送受信してよい情報の確認",
            "可用性: 送受信データのバックアップ",
            "完全性: 送受信データの照合",
            "人の確認なしに処理されるデータの入力検証",
        ]
    } else {
        [
            "Information transfer: confirm what may be sent and received",
            "Availability: back up the data sent and received",
            "Integrity: compare the data sent and received",
            "Input validation of data acted on without human review",
        ]
    };
    let [transfer, availability, integrity, validation]: [Arc<str>; 4] = fixed.map(Arc::from);
    for (&(a, b), flows) in &ctx.conduits {
        let mut data: Vec<&str> = Vec::new();
        let (mut control_outside, mut automated_fa) = (false, false);
        for &fi in flows {
            let f = &m.flows[fi];
            data.extend(f.data.iter().map(String::as_str));
            control_outside |= f.control && !is_fa(m.zones[a].kind);
            automated_fa |= f.automated && is_fa(m.zones[b].kind);
        }
        data.sort_unstable();
        data.dedup();
        let p = pairs.get(a, b);
        if data.is_empty() {
            p.add_shared(&transfer);
        } else if ja {
            p.add(format!("機密性: {} の送受信可否の確認", list_ja(&data, 5)));
        } else {
            p.add(format!(
                "Confidentiality: confirm that {} may be sent and received",
                list(&data, 5)
            ));
        }
        p.add_shared(&availability);
        p.add_shared(&integrity);
        if control_outside && ja {
            p.add(format!(
                "制御ネットワーク外からの制御指示 ({} → {}): 検証・認可・記録",
                ctx.zone_id(a),
                ctx.zone_id(b)
            ));
        } else if control_outside {
            p.add(format!(
                "Control instructions from outside the control network ({} → {}): validate, authorise and log",
                ctx.zone_id(a),
                ctx.zone_id(b)
            ));
        }
        if automated_fa {
            p.add_shared(&validation);
        }
    }
    // Threats: what each requirement must counter. Between zones, one line per pair listing
    // the threat ids (the threat findings hold the detail), in catalog order.
    // Within a zone, one line per threat in the order first met. The line is formatted once
    // per threat, and a zone's lines are told apart by threat index (no other line within
    // starts with "Counter ", so this is the same as comparing the texts).
    let words = ctx.know.threats.len().div_ceil(64);
    let mut counter_text: Vec<Option<Arc<str>>> = vec![None; ctx.know.threats.len()];
    let mut seen: Vec<Vec<bool>> = vec![Vec::new(); m.zones.len()];
    for h in &ctx.hits {
        if h.between {
            for &p in &h.peers {
                let t = &mut pairs.get(h.zone, p).threats;
                t.resize(words, 0);
                t[h.threat / 64] |= 1 << (h.threat % 64);
            }
        } else {
            let zs = &mut seen[h.zone];
            if zs.is_empty() {
                zs.resize(ctx.know.threats.len(), false);
            }
            if !std::mem::replace(&mut zs[h.threat], true) {
                let text = counter_text[h.threat].get_or_insert_with(|| {
                    let t = &ctx.know.threats[h.threat];
                    if ja {
                        let name = if t.name_ja.is_empty() {
                            &t.name
                        } else {
                            &t.name_ja
                        };
                        format!("「{name}」への対策 ({})", t.id).into()
                    } else {
                        format!("Counter {} ({})", t.name, t.id).into()
                    }
                });
                reqs[h.zone].within.push(text.clone());
            }
        }
    }
    pairs.lines.sort_unstable_by_key(|(k, _)| *k);
    // Each zone's entries by the other zone's id, gathered first and then built into its map
    // at once (faster than inserting one by one).
    let mut between: Vec<Vec<(String, Vec<Arc<str>>)>> = vec![Vec::new(); m.zones.len()];
    for ((x, y), p) in pairs.lines {
        let mut lines = p.lines;
        let ids: Vec<&str> = (0..ctx.know.threats.len())
            .filter(|&t| {
                p.threats
                    .get(t / 64)
                    .is_some_and(|w| w & (1 << (t % 64)) != 0)
            })
            .map(|t| ctx.know.threats[t].id.as_str())
            .collect();
        if !ids.is_empty() {
            lines.push(if ja {
                format!("ゾーン間の脅威への対策: {}", ids.join("、")).into()
            } else {
                format!(
                    "Counter the threats between these zones: {}",
                    ids.join(", ")
                )
                .into()
            });
        }
        // A conduit carries what both ends need: its target SL is the higher of theirs.
        if x != y
            && let Some(sl) = ctx.target_sl_value(x).max(ctx.target_sl_value(y))
        {
            lines.push(if ja {
                format!("コンデュイットの目標SL {sl}(両端のゾーンの目標SLの高い方)").into()
            } else {
                format!("Conduit target SL {sl} (the higher of the two zones' target SL)").into()
            });
        }
        if x != y {
            between[x].push((ctx.zone_id(y).to_string(), lines.clone()));
        }
        between[y].push((ctx.zone_id(x).to_string(), lines));
    }
    for (r, b) in reqs.iter_mut().zip(between) {
        // Later entries win on equal ids, as repeated inserts would.
        r.between = b.into_iter().collect();
    }
    reqs
}

/// The requirement lines between two connected zones, and the threats between them as a
/// bit set by catalog threat index.
#[derive(Default)]
struct PairLines {
    lines: Vec<Arc<str>>,
    threats: Vec<u64>,
}

/// The [`PairLines`] of every connected pair, found by (lower, higher) zone index.
#[derive(Default)]
struct Pairs {
    index: rustc_hash::FxHashMap<(usize, usize), usize>,
    lines: Vec<((usize, usize), PairLines)>,
}

impl Pairs {
    fn get(&mut self, a: usize, b: usize) -> &mut PairLines {
        let key = (a.min(b), a.max(b));
        let next = self.lines.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.lines.push((key, PairLines::default()));
        }
        &mut self.lines[i].1
    }
}

impl PairLines {
    /// Adds a line unless the pair has it already (both directions often carry the same).
    fn add(&mut self, line: String) {
        if !self.lines.iter().any(|l| **l == *line) {
            self.lines.push(line.into());
        }
    }
    /// [`PairLines::add`] for a fixed line, shared rather than copied.
    fn add_shared(&mut self, line: &Arc<str>) {
        if !self.lines.iter().any(|l| **l == **line) {
            self.lines.push(Arc::clone(line));
        }
    }
}

/// The sentence's first letter in upper case.
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use kojo_findings::Severity;
    use kojo_model::*;

    #[test]
    fn zone_review_fires_for_new_sensitive_data_into_existing_zone() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "zone-review-requirements").is_empty());
        let d = b.asset("status-data", "monitoring", &["manufacturing"]);
        d.kind = AssetKind::Data;
        let f = b.flow("plc-status", "plc-2", "scada");
        f.data = vec!["status-data".into()];
        f.status = Status::New;
        let a = b.assess();
        let f = of_kind(&a, "zone-review-requirements");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["zone:monitoring"]);
        assert!(f[0].detail.contains("status-data"));
    }

    #[test]
    fn zone_review_skips_low_importance_data_and_fires_for_new_zone() {
        let mut b = well_zoned();
        let d = b.asset("menu", "oa", &["office"]);
        d.kind = AssetKind::Data;
        let f = b.flow("menu-flow", "oa-server", "oa-pc");
        f.data = vec!["menu".into()];
        f.status = Status::New;
        assert!(of_kind(&b.assess(), "zone-review-requirements").is_empty());
        b.m.zones[3].status = Status::New;
        assert_eq!(of_kind(&b.assess(), "zone-review-requirements").len(), 1);
    }

    #[test]
    fn flow_review_per_conduit_and_high_for_outside_control() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "flow-review-requirements").is_empty());
        let f = b.flow("oa-cmd", "oa-pc", "plc-1");
        f.control = true;
        f.status = Status::New;
        b.flow("oa-cmd2", "oa-server", "plc-2").status = Status::Changed;
        let a = b.assess();
        let f = of_kind(&a, "flow-review-requirements");
        assert_eq!(f.len(), 1, "one finding per receiving zone");
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].subjects.contains(&"flow:oa-cmd2".to_string()));
    }

    #[test]
    fn boundary_missing_between_different_importance_not_for_usb() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "boundary-missing").is_empty());
        b.flow("usb", "oa-pc", "plc-1").network = Network::RemovableMedia;
        assert!(of_kind(&b.assess(), "boundary-missing").is_empty());
        b.flow("direct", "oa-pc", "scada");
        let a = b.assess();
        let f = of_kind(&a, "boundary-missing");
        assert_eq!(f.len(), 1);
        // The guarded zone (the more important one) comes first, whichever way the flow
        // goes: the plan puts the device on the ways into it.
        assert_eq!(
            f[0].subjects[..2],
            ["zone:monitoring".to_string(), "zone:oa".to_string()]
        );
        assert_eq!(f[0].severity, Severity::Medium);
        let into = f[0].id.clone();
        b.flow("back", "scada", "oa-pc");
        let a = b.assess();
        let f = of_kind(&a, "boundary-missing");
        assert_eq!(f.len(), 2, "one finding per conduit");
        assert!(
            f.iter().any(|x| x.id == into),
            "the id keeps the conduit's order"
        );
        for x in &f {
            assert_eq!(x.subjects[0], "zone:monitoring", "{:?}", x.subjects);
        }
        let plan: Vec<_> = a
            .plan
            .iter()
            .filter(|p| p.closes.iter().any(|c| f.iter().any(|x| &x.id == c)))
            .collect();
        assert_eq!(plan.len(), 1, "both ways are one action: {plan:?}");
        assert!(
            plan[0].title.ends_with("every way into monitoring zone"),
            "{plan:?}"
        );
    }

    #[test]
    fn requirements_within_and_between() {
        let b = well_zoned();
        let a = b.assess();
        let dmz = a.zones.iter().find(|z| z.id == "dmz").unwrap();
        assert!(dmz.requirements.between.contains_key("oa"));
        assert!(dmz.requirements.between.contains_key("control"));
        assert!(
            dmz.requirements
                .within
                .iter()
                .any(|r| r.starts_with("Protected objects (2)"))
        );
    }
}
