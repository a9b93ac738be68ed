//! The plan (Step 2-1: respond to the most significant risks first): the findings turned
//! into ranked actions. Zoning changes come from the zone verdicts, measures from the
//! threats' measure gaps (the fewest measures that lower the most risk, zone by zone), and
//! the supply-chain and organisational actions from the findings of Steps 1-1 and 3. Each
//! action names the findings it closes and the severity before and after it under the risk
//! method (`docs/risk-method.md`).
//!
//! The order is total and depends on the facts only, never on ids or list order: root
//! causes first (the zone verdicts: zone changes, then requirement reviews), since the
//! measures of a zone are sized to its zoning and requirements; then the risk an action
//! meets (a verdict meets the highest risk of its zone), the risk removed, business
//! interruption and safety, the number of findings closed, then the action's words.

use crate::ctx::Ctx;
use crate::rules::threats::joined;
use crate::verdict::strs;
use kojo_findings::{
    Finding, Horizon, KeyedList, PlanAction, PlanActionKind, PlanRisk, ProposedZone, Severity,
    Text, Verdict, ZoneAssessment, plan_action_id,
};
use kojo_lang::{Lang, Message};
use kojo_model::DepartmentKind;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

/// An action before it is ranked.
struct Draft {
    kind: PlanActionKind,
    /// The title in English and Japanese.
    title: (String, String),
    /// The detail in English and Japanese.
    detail: (String, String),
    subjects: Vec<String>,
    measure: Option<String>,
    closes: Vec<usize>,
    after: Severity,
    owner: Option<String>,
    reference: String,
    /// A zoning verdict (or a requirements review) of a zone: a root cause.
    root_cause: bool,
    /// The severity the action ranks with (its zone's highest for a root cause).
    rank_severity: Severity,
    /// A closed finding bears on business continuity or safety.
    interruption: bool,
}

/// A message rendered in English and in Japanese.
fn both(msg: impl Fn(Lang) -> Message) -> (String, String) {
    (
        msg(Lang::En).render(Lang::En),
        msg(Lang::Ja).render(Lang::Ja),
    )
}

/// How much a severity weighs when actions are compared by the risk they remove.
fn weight(s: Severity) -> u32 {
    match s {
        Severity::Critical => 16,
        Severity::High => 8,
        Severity::Medium => 4,
        Severity::Low => 2,
        Severity::Info => 1,
    }
}

fn horizon(before: Severity, root_cause: bool) -> Horizon {
    match before {
        Severity::Critical | Severity::High => Horizon::Now,
        Severity::Medium if root_cause => Horizon::Now,
        Severity::Medium => Horizon::Next,
        _ => Horizon::Later,
    }
}

/// Whether the finding is still to be acted on (no decision settles it).
fn open(f: &Finding) -> bool {
    !f.decision.as_ref().is_some_and(|d| d.suppresses())
}

fn bears_on_interruption(f: &Finding) -> bool {
    f.facts
        .get("impact")
        .and_then(|v| v.as_array())
        .is_some_and(|a| {
            a.iter()
                .any(|i| matches!(i.as_str(), Some("business_continuity" | "safety")))
        })
}

/// The plan of an assessment: every action ranked, `rank` 1 first.
pub(crate) fn plan(ctx: &Ctx, zones: &[ZoneAssessment], findings: &[Finding]) -> Vec<PlanAction> {
    let m = ctx.model;
    // The maps of this step that are only looked up, never iterated, are hashed.
    let zone_of = |s: &str| {
        s.strip_prefix("zone:")
            .and_then(|id| ctx.zone_ix.get(id))
            .copied()
    };
    let by_id: FxHashMap<&str, usize> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    // The highest open severity in each zone (threats, zoning, requirements).
    let mut zone_max: Vec<Severity> = vec![Severity::Info; m.zones.len()];
    for f in findings.iter().filter(|f| open(f)) {
        if let Some(zi) = f.subjects.first().and_then(|s| zone_of(s)) {
            zone_max[zi] = zone_max[zi].max(f.severity);
        }
    }
    let security_owner = department_of(ctx, &[DepartmentKind::Security, DepartmentKind::It]);
    // The zones the verdicts propose, by id: findings on the to-be zoning name them.
    let proposed: BTreeMap<&str, &ProposedZone> = zones
        .iter()
        .filter_map(|z| z.verdict.as_ref())
        .filter_map(|v| v.proposed.as_ref())
        .flat_map(|p| &p.zones)
        .map(|pz| (pz.id.as_str(), pz))
        .collect();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    // Indexes built once: each verdict looks at its own zone's findings and at the boundary
    // findings of the flows it moves, not at every finding (500 zones × 40,000 findings).
    let mut on_zone: Vec<Vec<usize>> = vec![Vec::new(); m.zones.len()];
    let mut boundary_on: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, f) in findings.iter().enumerate() {
        if !open(f) {
            continue;
        }
        if let Some(zi) = f.subjects.first().and_then(|s| zone_of(s)) {
            on_zone[zi].push(i);
        }
        if matches!(f.kind.as_str(), "boundary-missing" | "boundary-bypass") {
            for s in &f.subjects {
                boundary_on.entry(s.as_str()).or_default().push(i);
            }
        }
    }
    let mut flows_at: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (fi, fl) in m.flows.iter().enumerate() {
        for e in [&fl.from, &fl.to] {
            if let kojo_model::Endpoint::Asset(a) = e {
                flows_at.entry(a.as_str()).or_default().push(fi);
            }
        }
    }

    // 1. Zoning verdicts: divide, split, separate, and the requirements reviews.
    for (zi, za) in zones.iter().enumerate() {
        let Some(v) = &za.verdict else { continue };
        if v.verdict == Verdict::Keep {
            continue;
        }
        let z = &m.zones[zi];
        let zone_key = format!("zone:{}", z.id);
        let moved: Vec<String> = v
            .proposed
            .iter()
            .flat_map(|p| &p.zones)
            .flat_map(|pz| pz.assets.iter().map(|a| format!("asset:{a}")))
            .collect();
        let moved_set: FxHashSet<&str> = moved.iter().map(String::as_str).collect();
        let mut closes: Vec<usize> = v
            .reasons
            .iter()
            .filter_map(|r| by_id.get(r.as_str()).copied())
            .filter(|&i| open(&findings[i]))
            .collect();
        // The requirement reviews of the zone belong to its verdict whatever it is.
        closes.extend(on_zone[zi].iter().copied().filter(|&i| {
            matches!(
                findings[i].kind.as_str(),
                "zone-review-requirements" | "flow-review-requirements" | "scope-expansion"
            )
        }));
        // A flow that reaches a moved asset no longer enters this zone once the change is
        // made: the new zone's boundary takes it (the to-be checks say what remains there).
        let moved_ids: FxHashSet<&str> = v
            .proposed
            .iter()
            .flat_map(|p| &p.zones)
            .flat_map(|pz| pz.assets.iter().map(String::as_str))
            .collect();
        let reaches_moved = |s: &String| {
            s.strip_prefix("flow:")
                .and_then(|id| ctx.flow_ix.get(id))
                .map(|&fi| &m.flows[fi])
                .is_some_and(|fl| {
                    [&fl.from, &fl.to].into_iter().any(|e| {
                        matches!(e, kojo_model::Endpoint::Asset(a) if moved_ids.contains(a.as_str()))
                    })
                })
        };
        // A separation puts the new zone behind a boundary device: the to-be findings that
        // ask for that device on the new zone's edge are this action, not another one.
        if v.verdict == Verdict::Separate {
            let new_zones: Vec<String> = v
                .proposed
                .iter()
                .flat_map(|p| &p.zones)
                .map(|pz| format!("zone:{}", pz.id))
                .collect();
            let to_be = |i: usize| {
                findings[i].facts.get("zoning").and_then(|z| z.as_str()) == Some("to-be")
            };
            // To-be findings on the new zone's edge; as-is ones on a flow reaching a moved asset.
            for nz in &new_zones {
                let on = boundary_on.get(nz.as_str()).into_iter().flatten();
                closes.extend(on.copied().filter(|&i| to_be(i)));
            }
            for a in &moved_ids {
                for &fi in flows_at.get(a).into_iter().flatten() {
                    let key = format!("flow:{}", m.flows[fi].id);
                    let on = boundary_on.get(key.as_str()).into_iter().flatten();
                    closes.extend(on.copied().filter(|&i| !to_be(i)));
                }
            }
        }
        // The threats on the assets the change moves: the new boundary acts on them.
        let mut lowered: Vec<usize> = Vec::new();
        if v.verdict != Verdict::Review && !moved.is_empty() {
            lowered.extend(on_zone[zi].iter().copied().filter(|&i| {
                let f = &findings[i];
                f.kind == kojo_findings::FindingKind::Threat
                    && f.subjects
                        .iter()
                        .any(|s| moved_set.contains(s.as_str()) || reaches_moved(s))
            }));
        }
        closes.sort_unstable();
        closes.dedup();
        let after = lowered
            .iter()
            .map(|&i| findings[i].severity.lowered())
            .max()
            .unwrap_or(Severity::Info);
        closes.extend(lowered);
        closes.sort_unstable();
        closes.dedup();
        if closes.is_empty() {
            continue;
        }
        taken.extend(closes.iter().copied());
        let (kind, id) = match v.verdict {
            Verdict::Review => (PlanActionKind::Organisation, "plan-review"),
            Verdict::Divide => (PlanActionKind::ZoneChange, "plan-divide"),
            Verdict::Split => (PlanActionKind::ZoneChange, "plan-split"),
            Verdict::Separate => (PlanActionKind::ZoneChange, "plan-separate"),
            Verdict::Keep => continue,
        };
        let moved_names: Vec<String> = v
            .proposed
            .iter()
            .flat_map(|p| &p.zones)
            .flat_map(|pz| &pz.assets)
            .filter_map(|a| ctx.asset_ix.get(a.as_str()))
            .map(|&ai| m.assets[ai].name.clone())
            .collect();
        let mut moved_names = moved_names;
        moved_names.sort();
        let reason_kind = match v.verdict {
            Verdict::Divide => "zone-divide-by-operation",
            Verdict::Split => "zone-split-control-origin",
            Verdict::Separate => "zone-separate-external",
            _ => "zone-review-requirements",
        };
        let reference = closes
            .iter()
            .map(|&i| &findings[i])
            .find(|f| f.kind == reason_kind)
            .or_else(|| closes.first().map(|&i| &findings[i]))
            .map(|f| f.reference.clone())
            .unwrap_or_default();
        let mut subjects = vec![zone_key.clone()];
        subjects.extend(moved.iter().take(10).cloned());
        drafts.push(Draft {
            kind,
            title: both(|lang| {
                Message::new(id)
                    .arg("zone", z.name.as_str())
                    .arg("count", moved_names.len())
                    .arg("assets", joined(lang, &moved_names, "list-and"))
            }),
            detail: (v.detail.clone(), v.detail_ja.clone()),
            subjects,
            measure: None,
            after,
            owner: z.owner.clone().or_else(|| security_owner.clone()),
            reference,
            root_cause: true,
            rank_severity: zone_max[zi],
            interruption: closes.iter().any(|&i| bears_on_interruption(&findings[i])),
            closes,
        });
    }

    // 2. Measures: per zone, the fewest catalog measures that lower the most risk of its
    // threats (greedy: the measure removing the most weighted severity first).
    let mut picked: Vec<Picked> = Vec::new();
    let mut per_zone: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if f.kind != kojo_findings::FindingKind::Threat || !open(f) || taken.contains(&i) {
            continue;
        }
        if let Some(zi) = f.subjects.first().and_then(|s| zone_of(s)) {
            per_zone.entry(zi).or_default().push(i);
        }
    }
    let after_of = |f: &Finding| {
        f.facts
            .get("severity_after")
            .and_then(|v| v.as_str())
            .and_then(Severity::parse)
            .unwrap_or(f.severity)
    };
    for (zi, mut left) in per_zone {
        let z = &m.zones[zi];
        loop {
            // (measure) → the findings it lowers.
            let mut by_measure: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &i in &left {
                for msr in strs(&findings[i], "lowered_by") {
                    by_measure.entry(msr).or_default().push(i);
                }
            }
            let best = by_measure.into_iter().max_by(|(ma, a), (mb, b)| {
                let gain = |v: &[usize]| -> u32 {
                    v.iter()
                        .map(|&i| weight(findings[i].severity) - weight(after_of(&findings[i])))
                        .sum()
                };
                gain(a)
                    .cmp(&gain(b))
                    .then(a.len().cmp(&b.len()))
                    .then(mb.cmp(ma))
            });
            let Some((msr, closes)) = best else { break };
            left.retain(|i| !closes.contains(i));
            let mut subjects = vec![format!("zone:{}", z.id)];
            let mut members: BTreeSet<String> = BTreeSet::new();
            for &i in &closes {
                if let Some(w) = findings[i].facts.get("weakest").and_then(|v| v.as_str()) {
                    members.insert(w.to_string());
                }
            }
            subjects.extend(members.into_iter().take(10));
            let after = closes
                .iter()
                .map(|&i| after_of(&findings[i]))
                .max()
                .unwrap_or(Severity::Info);
            let worst = closes
                .iter()
                .copied()
                .max_by_key(|&i| findings[i].severity)
                .map(|i| &findings[i]);
            let owner = m
                .measures
                .iter()
                .find(|r| r.measure == msr && r.owner.is_some())
                .and_then(|r| r.owner.clone())
                .or_else(|| security_owner.clone())
                .or_else(|| z.owner.clone());
            picked.push(Picked {
                zone: zi,
                provider: provider_of(ctx, zi),
                measure: msr,
                before: worst.map_or(Severity::Info, |f| f.severity),
                after,
                owner,
                members: subjects.into_iter().skip(1).collect(),
                reference: worst.map(|f| f.reference.clone()).unwrap_or_default(),
                closes,
            });
        }
    }
    // One action per measure, risk change and provider, over every zone it is picked in.
    type MeasureKey = (
        String,
        std::cmp::Reverse<Severity>,
        Severity,
        Option<Option<usize>>,
    );
    let mut by_measure: BTreeMap<MeasureKey, Vec<Picked>> = BTreeMap::new();
    for p in picked {
        by_measure
            .entry((
                p.measure.clone(),
                std::cmp::Reverse(p.before),
                p.after,
                p.provider,
            ))
            .or_default()
            .push(p);
    }
    for ((msr, before, after, provider), mut ps) in by_measure {
        ps.sort_by(|a, b| m.zones[a.zone].name.cmp(&m.zones[b.zone].name));
        let names: Vec<String> = ps.iter().map(|p| m.zones[p.zone].name.clone()).collect();
        let zones_words = |lang: Lang| {
            if names.len() > 4 {
                let mut shown = names[..3].to_vec();
                shown.push(
                    Message::new("plan-more-zones")
                        .arg("count", names.len() - 3)
                        .render(lang),
                );
                joined(lang, &shown, "list-and")
            } else {
                joined(lang, &names, "list-and")
            }
        };
        let mut closes: Vec<usize> = ps.iter().flat_map(|p| p.closes.iter().copied()).collect();
        closes.sort_unstable();
        let threats = closes.len();
        let mut subjects: Vec<String> = ps
            .iter()
            .map(|p| format!("zone:{}", m.zones[p.zone].id))
            .collect();
        subjects.extend(ps.iter().flat_map(|p| p.members.iter().cloned()));
        subjects.truncate(10);
        let owner = ps.iter().find_map(|p| p.owner.clone());
        let reference = ps.first().map(|p| p.reference.clone()).unwrap_or_default();
        let msg = |id: &'static str, lang: Lang| {
            Message::new(id)
                .arg(
                    "measure",
                    match lang {
                        Lang::En => ctx.know.measure_name(&msr).to_string(),
                        Lang::Ja => ctx.know.measure_name_ja(&msr).to_string(),
                    },
                )
                .arg("zone", zones_words(lang))
                .arg("count", threats)
                .arg("single", crate::ctx::yes_no(threats == 1))
                .arg(
                    "provider",
                    provider
                        .flatten()
                        .map_or_else(String::new, |pi| m.parties[pi].name.clone()),
                )
                .render(lang)
        };
        // Already implemented on a zone it is picked in: it does not act on some flow or
        // asset there (a bypass, a scope that misses them), so it is extended, not started.
        let in_place = ps.iter().any(|p| {
            ctx.measure_status(&msr, &[crate::ctx::Scope::Zone(p.zone)])
                == Some(kojo_model::MeasureStatus::Implemented)
        });
        let title_id = match (provider, in_place) {
            (Some(Some(_)), _) => "plan-measure-provider",
            (Some(None), _) => "plan-measure-provider-unnamed",
            (None, true) => "plan-measure-extend",
            (None, false) => "plan-measure",
        };
        // The provider applies it; the plant agrees it in the contract and checks it
        // (Step 3 (2), Table 3-10's contract and operation stages for outside services).
        let (kind, owner, reference) = match provider {
            Some(party) => (
                PlanActionKind::SupplyChain,
                party.map(|pi| m.parties[pi].id.clone()).or(owner),
                if ps
                    .iter()
                    .any(|p| m.zones[p.zone].kind == kojo_model::ZoneKind::External)
                {
                    "3.3 (2), Table 3-10".to_string()
                } else {
                    "3.3 (2)".to_string()
                },
            ),
            None => (PlanActionKind::Measure, owner, reference),
        };
        drafts.push(Draft {
            kind,
            title: (msg(title_id, Lang::En), msg(title_id, Lang::Ja)),
            detail: (
                msg("plan-measure-detail", Lang::En),
                msg("plan-measure-detail", Lang::Ja),
            ),
            subjects,
            reference,
            interruption: closes.iter().any(|&i| bears_on_interruption(&findings[i])),
            measure: Some(msr),
            after,
            owner,
            root_cause: false,
            rank_severity: before.0,
            closes,
        });
    }

    // 3. Supply chain and organisation: the findings of Steps 1-1 and 3, grouped.
    let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if !open(f) || taken.contains(&i) {
            continue;
        }
        let Some((order, group_subject)) = group_of(f) else {
            continue;
        };
        groups.entry((order, group_subject)).or_default().push(i);
    }
    for ((order, subject), closes) in groups {
        let Some(g) = GROUPS.get(usize::from(order)) else {
            continue;
        };
        // Named in the order of their severity, then their words (never their ids).
        let mut closes = closes;
        closes.sort_by(|&a, &b| {
            findings[b]
                .severity
                .cmp(&findings[a].severity)
                .then_with(|| findings[a].title.cmp(&findings[b].title))
        });
        let first = &findings[closes[0]];
        // Per finding: named after its first subject (the zone whose target SL is low).
        let named = if g.by == By::Each {
            first.subjects.first().cloned().unwrap_or_default()
        } else {
            subject.clone()
        };
        // A boundary device for an outside zone stands on the plant's side of it.
        let title_id = if g.title == "plan-boundary" && is_external_zone(ctx, &named) {
            "plan-boundary-external"
        } else {
            g.title
        };
        // A contract action settles what the contract leaves unstated, not always both.
        let unsettled = |what: &str| {
            closes.iter().any(|&i| {
                findings[i]
                    .facts
                    .get("unsettled")
                    .and_then(|v| v.as_array())
                    .is_some_and(|v| v.iter().any(|x| x.as_str() == Some(what)))
            })
        };
        let what = match (unsettled("service levels"), unsettled("security measures")) {
            (true, false) => "levels",
            (false, true) => "measures",
            _ => "both",
        };
        let title = both(|lang| {
            let m = Message::new(title_id)
                .arg("name", subject_name(ctx, &proposed, &named, lang))
                .arg("count", closes.len());
            if title_id == "plan-contract" {
                m.arg("what", what)
            } else {
                m
            }
        });
        let detail = if closes.len() == 1 {
            (first.title.clone(), first.text("ja").title)
        } else {
            let en: Vec<String> = closes
                .iter()
                .take(3)
                .map(|&i| findings[i].title.clone())
                .collect();
            let ja: Vec<String> = closes
                .iter()
                .take(3)
                .map(|&i| findings[i].text("ja").title)
                .collect();
            let more = closes.len().saturating_sub(3);
            let tail = |lang: Lang| {
                if more > 0 {
                    Message::new("plan-and-more")
                        .arg("count", more)
                        .render(lang)
                } else {
                    String::new()
                }
            };
            (
                format!("{}{}", en.join("; "), tail(Lang::En)),
                format!("{}{}", ja.join("。"), tail(Lang::Ja)),
            )
        };
        let before = closes
            .iter()
            .map(|&i| findings[i].severity)
            .max()
            .unwrap_or(Severity::Info);
        let owner = if subject.starts_with("party:") {
            Some(subject.trim_start_matches("party:").to_string())
        } else {
            department_of(ctx, g.owners).or_else(|| security_owner.clone())
        };
        let mut subjects: BTreeSet<String> = BTreeSet::new();
        for &i in &closes {
            subjects.extend(findings[i].subjects.iter().take(3).cloned());
        }
        drafts.push(Draft {
            kind: g.action,
            title,
            detail,
            subjects: subjects.into_iter().take(10).collect(),
            measure: None,
            after: Severity::Info,
            owner,
            reference: first.reference.clone(),
            root_cause: false,
            rank_severity: before,
            interruption: closes.iter().any(|&i| bears_on_interruption(&findings[i])),
            closes,
        });
    }

    rank(findings, drafts)
}

/// A measure picked for a zone, before the zones that share it are joined.
struct Picked {
    zone: usize,
    /// The zone is run by someone else (an outside zone or one a party manages): the plant
    /// cannot implement the measure there, it has the provider apply it and agrees it in the
    /// contract. The party when the model names one.
    provider: Option<Option<usize>>,
    measure: String,
    before: Severity,
    after: Severity,
    owner: Option<String>,
    members: Vec<String>,
    reference: String,
    closes: Vec<usize>,
}

/// A group of findings that one supply-chain or organisational action closes.
struct Group {
    kinds: &'static [&'static str],
    action: PlanActionKind,
    /// The message of the action's title (arguments `name`, `count`).
    title: &'static str,
    /// Per party (`party:ID`), per zone (`zone:ID`), per asset, or one for the factory.
    by: By,
    /// The departments that own it, the first the model has.
    owners: &'static [DepartmentKind],
}

#[derive(Clone, Copy, PartialEq)]
enum By {
    Party,
    Zone,
    Asset,
    Factory,
    Each,
}

const GROUPS: &[Group] = &[
    Group {
        kinds: &["boundary-missing", "boundary-bypass"],
        action: PlanActionKind::Measure,
        title: "plan-boundary",
        by: By::Zone,
        owners: &[DepartmentKind::Security, DepartmentKind::It],
    },
    Group {
        kinds: &["external-service-terms"],
        action: PlanActionKind::SupplyChain,
        title: "plan-contract",
        by: By::Party,
        owners: &[],
    },
    Group {
        kinds: &["checklist-missing", "checklist-gap", "checklist-stale"],
        action: PlanActionKind::SupplyChain,
        title: "plan-checklist",
        by: By::Party,
        owners: &[],
    },
    Group {
        kinds: &["vulnerability"],
        action: PlanActionKind::SupplyChain,
        title: "plan-vulnerability",
        by: By::Asset,
        owners: &[DepartmentKind::Security, DepartmentKind::It],
    },
    Group {
        kinds: &["sbom-missing", "license-unknown", "license-policy"],
        action: PlanActionKind::SupplyChain,
        title: "plan-sbom",
        by: By::Factory,
        owners: &[DepartmentKind::Security, DepartmentKind::It],
    },
    Group {
        kinds: &["advisories-stale", "advisory-invalid", "sbom-invalid"],
        action: PlanActionKind::SupplyChain,
        title: "plan-advisories",
        by: By::Factory,
        owners: &[DepartmentKind::Security, DepartmentKind::It],
    },
    Group {
        kinds: &["measure-overdue"],
        action: PlanActionKind::Measure,
        title: "plan-overdue",
        by: By::Factory,
        owners: &[DepartmentKind::Security, DepartmentKind::It],
    },
    Group {
        kinds: &["safety-review"],
        action: PlanActionKind::Organisation,
        title: "plan-safety",
        by: By::Asset,
        owners: &[DepartmentKind::Production, DepartmentKind::Security],
    },
    Group {
        kinds: &[
            "traffic-undeclared-flow",
            "traffic-control-crossing",
            "traffic-unknown-host",
            "traffic-opaque",
            "traffic-flow-not-seen",
        ],
        action: PlanActionKind::Measure,
        title: "plan-traffic",
        by: By::Factory,
        owners: &[DepartmentKind::Security, DepartmentKind::It],
    },
    Group {
        kinds: &["bcp-gap", "bcp-stale"],
        action: PlanActionKind::Organisation,
        title: "plan-bcp",
        by: By::Factory,
        owners: &[
            DepartmentKind::Bcp,
            DepartmentKind::Risk,
            DepartmentKind::Management,
        ],
    },
    Group {
        kinds: &["ooda-gap"],
        action: PlanActionKind::Organisation,
        title: "plan-ooda",
        by: By::Factory,
        owners: &[DepartmentKind::Security, DepartmentKind::Management],
    },
    Group {
        kinds: &["maturity-next"],
        action: PlanActionKind::Organisation,
        title: "plan-maturity",
        by: By::Factory,
        owners: &[DepartmentKind::Security, DepartmentKind::Management],
    },
    Group {
        kinds: &["stakeholder-gap", "purpose-missing"],
        action: PlanActionKind::Organisation,
        title: "plan-governance",
        by: By::Factory,
        owners: &[DepartmentKind::Management, DepartmentKind::Security],
    },
    Group {
        kinds: &["decision-expired"],
        action: PlanActionKind::Organisation,
        title: "plan-decisions",
        by: By::Factory,
        owners: &[DepartmentKind::Security, DepartmentKind::Management],
    },
    Group {
        kinds: &["target-sl-below-derived"],
        action: PlanActionKind::Organisation,
        title: "plan-target-sl",
        by: By::Each,
        owners: &[DepartmentKind::Security, DepartmentKind::Production],
    },
    Group {
        kinds: &["importance-missing", "asset-unzoned"],
        action: PlanActionKind::Organisation,
        title: "plan-model",
        by: By::Factory,
        owners: &[DepartmentKind::Production, DepartmentKind::Dx],
    },
];

/// The group a finding falls in: its order among the groups and the subject it groups by.
fn group_of(f: &Finding) -> Option<(u8, String)> {
    let (i, g) = GROUPS
        .iter()
        .enumerate()
        .find(|(_, g)| g.kinds.contains(&f.kind.as_str()))?;
    let first = |prefix: &str| {
        f.subjects
            .iter()
            .find(|s| s.starts_with(prefix))
            .cloned()
            .unwrap_or_else(|| "factory".to_string())
    };
    let subject = match g.by {
        By::Party => first("party:"),
        By::Zone => first("zone:"),
        By::Asset => first("asset:"),
        By::Factory => "factory".to_string(),
        By::Each => f.id.clone(),
    };
    Some((u8::try_from(i).unwrap_or(u8::MAX), subject))
}

/// A subject's name for an action's title (zone, party or asset name; a finding id for
/// actions per finding names its first subject).
fn subject_name(
    ctx: &Ctx,
    proposed: &BTreeMap<&str, &ProposedZone>,
    subject: &str,
    lang: Lang,
) -> String {
    let m = ctx.model;
    if let Some(id) = subject.strip_prefix("zone:") {
        return ctx
            .zone_ix
            .get(id)
            .map(|&zi| m.zones[zi].name.clone())
            .or_else(|| {
                proposed
                    .get(id)
                    .map(|pz| pz.name_in(lang.code()).to_string())
            })
            .unwrap_or_else(|| id.to_string());
    }
    if let Some(id) = subject.strip_prefix("party:") {
        return m
            .parties
            .iter()
            .find(|p| p.id == id)
            .map_or(id.to_string(), |p| p.name.clone());
    }
    if let Some(id) = subject.strip_prefix("asset:") {
        return ctx
            .asset_ix
            .get(id)
            .map_or(id.to_string(), |&a| m.assets[a].name.clone());
    }
    m.factory.name.clone()
}

/// `zone:ID` names a zone of the model outside the plant (kind external).
fn is_external_zone(ctx: &Ctx, subject: &str) -> bool {
    subject
        .strip_prefix("zone:")
        .and_then(|id| ctx.zone_ix.get(id))
        .is_some_and(|&zi| ctx.model.zones[zi].kind == kojo_model::ZoneKind::External)
}

/// Who runs zone `zi` when the plant does not: `Some` for an outside zone or one a party
/// manages, with the party when the model names one (the zone's manager, else the one
/// party operating its assets); `None` for the plant's own zones.
fn provider_of(ctx: &Ctx, zi: usize) -> Option<Option<usize>> {
    let z = &ctx.model.zones[zi];
    let manager = match &z.managed_by {
        kojo_model::Responsible::Party(p) => ctx.model.parties.iter().position(|x| &x.id == p),
        kojo_model::Responsible::InHouse => None,
    };
    if z.kind != kojo_model::ZoneKind::External && manager.is_none() {
        return None;
    }
    if manager.is_some() {
        return Some(manager);
    }
    // The operators of its assets, when they are one party (several: none is named).
    let operators: BTreeSet<usize> = ctx.zone_assets[zi]
        .iter()
        .filter_map(|&a| ctx.asset_operator[a])
        .collect();
    Some(if operators.len() == 1 {
        operators.first().copied()
    } else {
        None
    })
}

/// The first department of the model of one of `kinds`, in the order given.
fn department_of(ctx: &Ctx, kinds: &[DepartmentKind]) -> Option<String> {
    kinds.iter().find_map(|k| {
        let mut ds: Vec<&kojo_model::Department> = ctx
            .model
            .departments
            .iter()
            .filter(|d| d.kind == *k)
            .collect();
        ds.sort_by(|a, b| a.id.cmp(&b.id));
        ds.first().map(|d| d.id.clone())
    })
}

/// Orders the drafts and writes the actions.
fn rank(findings: &[Finding], drafts: Vec<Draft>) -> Vec<PlanAction> {
    let mut actions: Vec<(Draft, Severity, String)> = drafts
        .into_iter()
        .map(|d| {
            let before = d
                .closes
                .iter()
                .map(|&i| findings[i].severity)
                .max()
                .unwrap_or(Severity::Info);
            let title = d.title.0.clone();
            (d, before, title)
        })
        .collect();
    actions.sort_by(|(a, a_before, a_title), (b, b_before, b_title)| {
        let removed = |d: &Draft, before: Severity| weight(before) - weight(d.after.min(before));
        // A zoning change (divide, split, separate) before a requirements review: the
        // review of the new zones' requirements follows the change (its own words say so).
        let changes_zoning = |d: &Draft| d.kind == PlanActionKind::ZoneChange;
        b.root_cause
            .cmp(&a.root_cause)
            .then(changes_zoning(b).cmp(&changes_zoning(a)))
            .then(b.rank_severity.cmp(&a.rank_severity))
            .then(removed(b, *b_before).cmp(&removed(a, *a_before)))
            .then(b.interruption.cmp(&a.interruption))
            .then(b.closes.len().cmp(&a.closes.len()))
            .then(a.kind.cmp(&b.kind))
            .then(a_title.cmp(b_title))
    });
    actions
        .into_iter()
        .enumerate()
        .map(|(i, (d, before, title))| {
            let mut closes: Vec<String> =
                d.closes.iter().map(|&c| findings[c].id.clone()).collect();
            closes.sort_unstable();
            let disc = d.measure.clone().unwrap_or_else(|| d.title.0.clone());
            let mut i18n = KeyedList::default();
            i18n.insert(
                "ja".into(),
                Text {
                    title: d.title.1.clone(),
                    detail: d.detail.1.clone(),
                    recommendation: String::new(),
                },
            );
            PlanAction {
                rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
                id: plan_action_id(d.kind, &d.subjects, &disc),
                action: d.kind,
                title,
                detail: d.detail.0,
                subjects: d.subjects,
                measure: d.measure,
                closes,
                risk: PlanRisk {
                    before,
                    after: d.after.min(before),
                },
                horizon: horizon(before, d.root_cause),
                owner: d.owner,
                reference: d.reference,
                i18n,
            }
        })
        .collect()
}
