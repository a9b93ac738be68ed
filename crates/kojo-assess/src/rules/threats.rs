//! Step 1-7: the catalog's threats applied to zones, conduits (pairs of zones) and
//! protected objects from the model's facts, each with its viewpoint, impact and risk level;
//! and the joint safety/security review of threats that reach a safety function.

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, Lang, Scope, level_ja, list_in, list_ja, list_of, sentences, yes_no};
use crate::knowledge::{Cond, Knowledge, SubjectKind, ThreatSpec};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_lang::Message;
use kojo_model::{Asset, AssetTrait, Flow, Level, MeasureStatus, Network, Protection, ZoneKind};

/// OT protocols that carry no authentication or integrity protection of their own
/// (Modbus, S7comm, DNP3 without Secure Authentication, BACnet, EtherNet/IP, IEC 104,
/// PROFINET): a declared `authentication` or `integrity-check` on them only holds when the
/// flow passes a VPN gateway that adds it.
pub const UNAUTHENTICATED_PROTOCOLS: &[&str] = &[
    "modbus-tcp",
    "modbus-rtu",
    "modbus",
    "s7comm",
    "dnp3",
    "bacnet",
    "enip",
    "iec104",
    "profinet",
];

/// Where a threat applies, with its risk rating (IPA method: importance × threat level ×
/// vulnerability left by the implemented measures).
#[derive(Debug, Clone)]
pub struct ThreatHit {
    /// Index into `Knowledge::threats`.
    pub threat: usize,
    /// The zone: where the threat applies within, or the zone its flows enter between zones.
    pub zone: usize,
    /// Between zones (Table 3-4): the flows come from other zones.
    pub between: bool,
    /// The zones the flows come from (between zones), ordered by zone id.
    pub peers: Vec<usize>,
    /// The zone itself matched (not only some of its assets).
    pub zone_level: bool,
    pub assets: Vec<usize>,
    pub flows: Vec<usize>,
    pub importance: Option<Level>,
    pub vulnerability: u8,
    pub risk: String,
    pub severity: Severity,
    /// Catalog measures implemented on the weakest member.
    pub implemented: Vec<String>,
    pub planned: Vec<String>,
    /// The member that sets the vulnerability (the weakest path), if an asset or flow.
    pub weakest: Option<Scope>,
    /// The protections the weakest flow carries that count (its protocol can carry them).
    pub protections: Vec<Protection>,
    /// The enforcing boundary devices the weakest flow passes.
    pub boundary_devices: usize,
    /// The severity rose one step: an asset assumed compromised reaches the zone.
    pub compromised: bool,
    /// What lowered the weakest member's vulnerability (each implemented measure,
    /// protection and boundary device, by its strength): the base of the measure gap.
    pub reductions: Vec<u8>,
    /// The threat level after the zone's exposure (the catalog's level, or lower).
    pub level: u8,
    /// How exposed the zone is to the threat.
    pub exposure: Exposure,
}

/// How exposed a hit's zone is to a threat that arrives over the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// An entry point reaches the zone over fewer boundary devices than shelter it (or the
    /// threat does not arrive over the network): the catalog's threat level.
    Reached,
    /// Every way in passes the sheltering number of boundary devices.
    Sheltered,
    /// No entry point reaches the zone.
    Unreachable,
}

impl Exposure {
    /// The word of the JSON facts.
    pub fn key(self) -> &'static str {
        match self {
            Exposure::Reached => "reached",
            Exposure::Sheltered => "sheltered",
            Exposure::Unreachable => "unreachable",
        }
    }
}

/// The threat level of `t` in zone `zone` after its exposure.
fn exposed_level(ctx: &Ctx, t: &ThreatSpec, zone: usize, between: bool) -> (u8, Exposure) {
    let rule = &ctx.know.risk.exposure;
    let network_borne = !rule
        .not_network_borne
        .iter()
        .any(|x| *x == t.threat_type || *x == t.id);
    if !network_borne {
        return (t.level, Exposure::Reached);
    }
    if !ctx.reach.exposed(zone) {
        return (
            t.level.saturating_sub(rule.unreachable).max(1),
            Exposure::Unreachable,
        );
    }
    let sheltered = rule.sheltered_boundaries > 0
        && ctx.reach.zone_paths[zone]
            .iter()
            .all(|p| p.boundaries >= usize::from(rule.sheltered_boundaries));
    if sheltered && !between {
        return (
            t.level.saturating_sub(rule.sheltered).max(1),
            Exposure::Sheltered,
        );
    }
    (t.level, Exposure::Reached)
}

fn asset_cond(ctx: &Ctx, ai: usize, a: &Asset, c: &Cond) -> bool {
    let m = ctx.model;
    match c {
        Cond::Kind(v) => v.contains(&a.kind),
        Cond::Role(v) => a.role.as_ref().is_some_and(|r| v.contains(r)),
        Cond::Traits(v) => v.iter().any(|t| a.traits.contains(t)),
        Cond::ZoneKind(v) => ctx.asset_zones[ai]
            .iter()
            .any(|&z| v.contains(&m.zones[z].kind)),
        Cond::Status(v) => v.contains(&a.status),
        Cond::External(b) => ctx.asset_external[ai] == *b,
        Cond::SupplierKind(v) => a
            .supplier
            .as_deref()
            .and_then(|p| ctx.party_ix.get(p))
            .is_some_and(|&pi| v.contains(&m.parties[pi].kind)),
        Cond::SpansFaOa(b) => ctx.asset_spans_fa_oa[ai] == *b,
        Cond::RemoteReachable(b) => ctx.asset_remote[ai] == *b,
        _ => false,
    }
}

/// Whether the flow lacks a protection, taking the protocol's own capabilities into account.
fn lacks(ctx: &Ctx, f: &Flow, p: Protection) -> bool {
    if !f.protections.contains(&p) {
        return true;
    }
    let weak_proto = f
        .protocol
        .as_deref()
        .is_some_and(|pr| UNAUTHENTICATED_PROTOCOLS.contains(&pr));
    if weak_proto && matches!(p, Protection::Authentication | Protection::IntegrityCheck) {
        let tunnelled = f.via.iter().any(|v| {
            ctx.asset_ix
                .get(v.as_str())
                .is_some_and(|&ai| ctx.model.assets[ai].role.as_deref() == Some("vpn-gateway"))
        });
        return !tunnelled;
    }
    false
}

fn flow_cond(ctx: &Ctx, fi: usize, f: &Flow, c: &Cond) -> bool {
    let m = ctx.model;
    let e = &ctx.flow_ends[fi];
    let zk = |z: Option<usize>| z.map(|z| m.zones[z].kind);
    match c {
        Cond::Network(v) => v.contains(&f.network),
        Cond::Control(b) => f.control == *b,
        Cond::Automated(b) => f.automated == *b,
        Cond::CrossesZones(b) => {
            (e.from_zone.is_some() && e.to_zone.is_some() && e.from_zone != e.to_zone) == *b
        }
        Cond::FromZoneKind(v) => zk(e.from_zone).is_some_and(|k| v.contains(&k)),
        Cond::ToZoneKind(v) => zk(e.to_zone).is_some_and(|k| v.contains(&k)),
        Cond::Protocol(v) => f.protocol.as_ref().is_some_and(|p| v.contains(p)),
        Cond::MissingProtection(v) => v.iter().any(|p| lacks(ctx, f, *p)),
        Cond::External(b) => {
            let ext = zk(e.from_zone) == Some(ZoneKind::External)
                || zk(e.to_zone) == Some(ZoneKind::External)
                || e.from_asset.is_some_and(|a| ctx.asset_external[a])
                || e.to_asset.is_some_and(|a| ctx.asset_external[a]);
            ext == *b
        }
        Cond::Status(v) => v.contains(&f.status),
        Cond::ControlFromOutsideControlNetwork(b) => ctx.control_from_outside(fi) == *b,
        Cond::CarriesData(b) => f.data.is_empty() != *b,
        _ => false,
    }
}

fn zone_cond(ctx: &Ctx, zi: usize, c: &Cond) -> bool {
    let m = ctx.model;
    let z = &m.zones[zi];
    let assets = &ctx.zone_assets[zi];
    match c {
        Cond::ZoneOwnKind(v) => v.contains(&z.kind),
        Cond::ManagedExternally(b) => ctx.zone_managed_externally(zi) == *b,
        Cond::HasTrait(v) => assets
            .iter()
            .any(|&a| v.iter().any(|t| m.assets[a].traits.contains(t))),
        Cond::Status(v) => v.contains(&z.status),
        Cond::HasRole(v) => assets
            .iter()
            .any(|&a| m.assets[a].role.as_ref().is_some_and(|r| v.contains(r))),
        _ => false,
    }
}

#[derive(Default)]
struct Group {
    zone_level: bool,
    peers: Vec<usize>,
    assets: Vec<usize>,
    flows: Vec<usize>,
}

/// The group of (zone, between) in [`evaluate`]'s slots.
fn group(groups: &mut [Option<Group>], zone: usize, between: bool) -> &mut Group {
    groups[2 * zone + usize::from(between)].get_or_insert_with(Group::default)
}

/// Applies every catalog threat to the model and rates it. Linear in assets + flows + zones
/// per threat; results are grouped per zone and per conduit as Table 3-4 reasons.
pub fn evaluate(ctx: &Ctx) -> Vec<ThreatHit> {
    use rayon::prelude::*;
    // Threats are independent of each other: evaluated side by side, collected in catalog
    // order.
    let per_threat: Vec<Vec<ThreatHit>> = (0..ctx.know.threats.len())
        .into_par_iter()
        .map(|ti| evaluate_threat(ctx, ti))
        .collect();
    per_threat.into_iter().flatten().collect()
}

/// The hits of one catalog threat, by zone, within before between.
fn evaluate_threat(ctx: &Ctx, ti: usize) -> Vec<ThreatHit> {
    let m = ctx.model;
    let t = &ctx.know.threats[ti];
    let mut hits = Vec::new();
    // Groups by (zone, between), indexed `2 * zone + between` so that walking the slots in
    // order is walking (zone, between) in order.
    let mut groups: Vec<Option<Group>> = Vec::new();
    groups.resize_with(2 * m.zones.len(), || None);
    let alts = |k: SubjectKind| -> Vec<&[Cond]> {
        t.applies
            .iter()
            .filter(|a| a.subject == k)
            .map(|a| a.when.as_slice())
            .collect()
    };
    let (zone_alts, asset_alts, flow_alts) = (
        alts(SubjectKind::Zone),
        alts(SubjectKind::Asset),
        alts(SubjectKind::Flow),
    );
    if !zone_alts.is_empty() {
        for zi in 0..m.zones.len() {
            if zone_alts
                .iter()
                .any(|when| when.iter().all(|c| zone_cond(ctx, zi, c)))
            {
                group(&mut groups, zi, false).zone_level = true;
            }
        }
    }
    if !asset_alts.is_empty() {
        for (ai, a) in m.assets.iter().enumerate() {
            if asset_alts
                .iter()
                .any(|when| when.iter().all(|c| asset_cond(ctx, ai, a, c)))
            {
                for &zi in &ctx.asset_zones[ai] {
                    group(&mut groups, zi, false).assets.push(ai);
                }
            }
        }
    }
    if !flow_alts.is_empty() {
        for (fi, f) in m.flows.iter().enumerate() {
            let e = &ctx.flow_ends[fi];
            let (Some(a), Some(b)) = (e.from_zone, e.to_zone) else {
                continue;
            };
            if flow_alts
                .iter()
                .any(|when| when.iter().all(|c| flow_cond(ctx, fi, f, c)))
            {
                // Between zones, grouped by the zone the flows enter: one finding per
                // threat and zone however many zones send to it.
                let g = group(&mut groups, b, a != b);
                g.flows.push(fi);
                if a != b {
                    g.peers.push(a);
                }
            }
        }
    }
    for (slot, g) in groups.iter_mut().enumerate() {
        let Some(mut g) = g.take() else { continue };
        g.peers.sort_by_key(|&z| ctx.zone_rank[z]); // by zone id
        g.peers.dedup();
        hits.push(rate(ctx, ti, t, slot / 2, slot % 2 == 1, g));
    }
    hits
}

fn rate(ctx: &Ctx, ti: usize, t: &ThreatSpec, zone: usize, between: bool, g: Group) -> ThreatHit {
    let importance = if between {
        g.peers
            .iter()
            .map(|&p| ctx.zone_importance_for(p, &t.impacts))
            .fold(ctx.zone_importance_for(zone, &t.impacts), Option::max)
    } else if !g.zone_level && !g.assets.is_empty() {
        g.assets
            .iter()
            .filter_map(|&a| ctx.asset_importance_for(a, &t.impacts))
            .max()
    } else {
        ctx.zone_importance_for(zone, &t.impacts)
    };
    // Each member (the zone itself, an asset, a flow) is rated with the measures that act
    // on it; the hit is as vulnerable as its weakest member, whose measures it names.
    let mut members: Vec<Member> = Vec::new();
    if g.zone_level || (g.assets.is_empty() && g.flows.is_empty()) {
        members.push(Member::Zone);
    }
    members.extend(g.assets.iter().map(|&a| Member::Asset(a)));
    members.extend(g.flows.iter().map(|&f| Member::Flow(f)));
    // Members in id order, so that a tie between equally weak members is settled the same
    // way whatever order the model lists them in.
    members.sort_by_key(|m| match *m {
        Member::Zone => (0, ""),
        Member::Asset(a) => (1, ctx.model.assets[a].id.as_str()),
        Member::Flow(f) => (2, ctx.model.flows[f].id.as_str()),
    });
    let mut worst: Option<Rated> = None;
    for mem in members {
        let r = rate_member(ctx, t, zone, mem);
        if worst
            .as_ref()
            .is_none_or(|w| r.vulnerability > w.vulnerability)
        {
            let done = r.vulnerability == ctx.know.risk.max_vulnerability;
            worst = Some(r);
            if done {
                break;
            }
        }
    }
    let Rated {
        vulnerability,
        implemented,
        planned,
        weakest,
        protections,
        boundary_devices,
        reductions,
    } = worst.unwrap_or_else(|| rate_member(ctx, t, zone, Member::Zone));
    // Unknown importance is rated as medium (and said so in the facts).
    let imp = importance.map_or(2, |l| l as u8);
    let (level, exposure) = exposed_level(ctx, t, zone, between);
    let (risk, severity) = ctx.know.risk.rate(imp, level, vulnerability);
    ThreatHit {
        threat: ti,
        zone,
        between,
        peers: g.peers,
        zone_level: g.zone_level,
        assets: g.assets,
        flows: g.flows,
        importance,
        vulnerability,
        risk,
        severity,
        implemented,
        planned,
        weakest,
        protections,
        boundary_devices,
        compromised: false,
        reductions,
        level,
        exposure,
    }
}

/// A member of a hit: what a measure must act on to be credited.
#[derive(Clone, Copy)]
enum Member {
    Zone,
    Asset(usize),
    Flow(usize),
}

/// One member's vulnerability and what lowered it.
struct Rated {
    vulnerability: u8,
    implemented: Vec<String>,
    planned: Vec<String>,
    /// The member, where it is an asset or flow (`asset:ID`, `flow:ID`).
    weakest: Option<Scope>,
    protections: Vec<Protection>,
    boundary_devices: usize,
    /// The implemented reductions (measures, protections, boundary devices).
    reductions: Vec<u8>,
}

/// Rates one member. A measure is credited where it acts: on the asset or the zone the
/// asset is in; on the flow, its end assets, the boundary devices it passes, and the zones
/// it joins only when it stays inside one or passes an enforcing boundary device (a zone's
/// boundary measures do not act on a flow that bypasses the boundary). A flow's
/// protections and enforcing boundary devices count like measures, on that flow only.
fn rate_member(ctx: &Ctx, t: &ThreatSpec, zone: usize, mem: Member) -> Rated {
    let mut scopes = Vec::with_capacity(6);
    let (mut red_i, mut red_p) = (Vec::new(), Vec::new());
    let mut implemented = Vec::new();
    let (mut protections, mut boundary_devices) = (Vec::new(), 0);
    let weakest = match mem {
        Member::Zone => {
            scopes.push(Scope::Zone(zone));
            None
        }
        Member::Asset(a) => {
            scopes.push(Scope::Asset(a));
            scopes.push(Scope::Zone(zone));
            Some(Scope::Asset(a))
        }
        Member::Flow(fi) => {
            let f = &ctx.model.flows[fi];
            let e = &ctx.flow_ends[fi];
            scopes.push(Scope::Flow(fi));
            scopes.extend(ctx.flow_via[fi].iter().map(|&v| Scope::Asset(v)));
            scopes.extend(
                [e.from_asset, e.to_asset]
                    .into_iter()
                    .flatten()
                    .map(Scope::Asset),
            );
            let boundaries = crate::graph::enforcing(ctx, fi);
            if e.from_zone == e.to_zone || boundaries > 0 {
                scopes.extend(
                    [e.from_zone, e.to_zone]
                        .into_iter()
                        .flatten()
                        .map(Scope::Zone),
                );
            } else if matches!(
                f.network,
                Network::RemovableMedia | Network::MaintenanceLaptop
            ) && let Some(z) = e.to_zone
            {
                // Media and laptops are plugged in inside the receiving zone: its measures act.
                scopes.push(Scope::Zone(z));
            }
            for p in TRANSFER_PROTECTIONS {
                if !lacks(ctx, f, p) {
                    red_i.push(ctx.know.risk.protection_reduces);
                    protections.push(p);
                }
            }
            for _ in 0..boundaries {
                red_i.push(ctx.know.risk.boundary_reduces);
            }
            boundary_devices = boundaries;
            Some(Scope::Flow(fi))
        }
    };
    let mut planned = Vec::new();
    for mid in &t.measures {
        let r = ctx
            .know
            .measures
            .get(crate::knowledge::measure_key(mid))
            .map_or(1, |s| s.reduces_vulnerability);
        match ctx.measure_status(mid, &scopes) {
            Some(MeasureStatus::Implemented) => {
                red_i.push(r);
                implemented.push(mid.clone());
            }
            Some(MeasureStatus::Planned) => {
                red_p.push(r);
                planned.push(mid.clone());
            }
            _ => {}
        }
    }
    Rated {
        vulnerability: ctx.know.risk.vulnerability(&red_i, &red_p),
        implemented,
        planned,
        weakest,
        protections,
        boundary_devices,
        reductions: red_i,
    }
}

/// Protections that act on what a flow carries (a backup protects the data, not the
/// transfer).
const TRANSFER_PROTECTIONS: [Protection; 4] = [
    Protection::Encryption,
    Protection::Authentication,
    Protection::IntegrityCheck,
    Protection::InputValidation,
];

/// A protection in Japanese.
pub fn protection_ja(p: Protection) -> &'static str {
    match p {
        Protection::Encryption => "暗号化",
        Protection::Authentication => "認証",
        Protection::InputValidation => "入力値検証",
        Protection::IntegrityCheck => "完全性検証",
        Protection::Backup => "バックアップ",
    }
}

/// The subjects of a hit: its zone, up to 10 zones its flows come from, then up to 10 of its
/// assets or flows; and the subjects its id is computed from (the zone).
pub fn hit_subjects(ctx: &Ctx, h: &ThreatHit) -> (Vec<String>, Vec<String>) {
    let m = ctx.model;
    let ids = vec![subject("zone:", &m.zones[h.zone].id)];
    let mut subjects = Vec::with_capacity(
        1 + h.peers.len().min(10) + h.assets.len().min(10) + h.flows.len().min(10),
    );
    subjects.push(ids[0].clone());
    subjects.extend(
        h.peers
            .iter()
            .take(10)
            .map(|&z| subject("zone:", &m.zones[z].id)),
    );
    subjects.extend(
        h.assets
            .iter()
            .take(10)
            .map(|&a| subject("asset:", &m.assets[a].id)),
    );
    subjects.extend(
        h.flows
            .iter()
            .take(10)
            .map(|&f| subject("flow:", &m.flows[f].id)),
    );
    (subjects, ids)
}

/// `kind:id`, allocated once at its size (this runs for every member of every hit).
fn subject(kind: &str, id: &str) -> String {
    let mut s = String::with_capacity(kind.len() + id.len());
    s.push_str(kind);
    s.push_str(id);
    s
}

/// The id discriminator of a hit: the threat, and whether it is between zones.
pub fn hit_discriminator(ctx: &Ctx, h: &ThreatHit) -> String {
    let id = &ctx.know.threats[h.threat].id;
    if h.between {
        format!("{id}/between")
    } else {
        id.clone()
    }
}

/// What every hit of one catalog threat shares, formatted once per assessment rather than
/// once per hit (the rules that write a finding per hit index it by threat).
pub struct ThreatTexts {
    /// The finding's `catalog`: the threat id, then its measures.
    pub catalog: Vec<String>,
    /// Its impacts (S, Q, D, C, BC words).
    pub impacts: Vec<String>,
    /// The impacts in English prose, joined with ", ".
    pub impacts_words: String,
    /// The impacts in Japanese joined with 「・」 (操業 where the threat names none).
    pub impacts_joined_ja: String,
}

/// [`ThreatTexts`] of every catalog threat, by threat index (built once, in [`Ctx`]).
pub fn threat_texts(know: &Knowledge) -> Vec<ThreatTexts> {
    know.threats
        .iter()
        .map(|t| {
            let mut catalog = vec![t.id.clone()];
            catalog.extend(t.measures.iter().cloned());
            let impacts: Vec<String> = t.impacts.iter().map(|i| i.as_str().to_string()).collect();
            let impacts_joined_ja = if t.impacts.is_empty() {
                "操業".to_string()
            } else {
                t.impacts
                    .iter()
                    .map(|i| i.as_ja())
                    .collect::<Vec<_>>()
                    .join("・")
            };
            ThreatTexts {
                catalog,
                impacts_words: t
                    .impacts
                    .iter()
                    .map(|i| i.word())
                    .collect::<Vec<_>>()
                    .join(", "),
                impacts,
                impacts_joined_ja,
            }
        })
        .collect()
}

/// Where a hit applies, in words.
pub fn hit_scope_words(ctx: &Ctx, h: &ThreatHit) -> String {
    if h.between {
        let names: Vec<&str> = h.peers.iter().take(3).map(|&p| ctx.zone_name(p)).collect();
        let more = h.peers.len().saturating_sub(3);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{} ← {}{tail}", ctx.zone_name(h.zone), names.join(", "))
    } else {
        ctx.zone_name(h.zone).to_string()
    }
}

/// [`hit_scope_words`] for the Japanese texts: the peers joined with 「、」, then 「ほか N 件」.
pub fn hit_scope_words_ja(ctx: &Ctx, h: &ThreatHit) -> String {
    if h.between {
        let names: Vec<&str> = h.peers.iter().map(|&p| ctx.zone_name(p)).collect();
        format!("{} ← {}", ctx.zone_name(h.zone), list_ja(&names, 3))
    } else {
        ctx.zone_name(h.zone).to_string()
    }
}

/// A threat hit's measure gap (Step 2-2): what is implemented, planned and missing on its
/// weakest member, and what would lower it under the risk method.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Catalogued countermeasures planned but not implemented.
    pub planned: Vec<String>,
    /// Catalogued countermeasures neither implemented nor planned.
    pub missing: Vec<String>,
    /// The countermeasures any one of which lowers the severity the most (empty where none
    /// lowers it on its own), and the severity then.
    pub one: Vec<String>,
    pub after_one: Severity,
    /// The smallest set that brings the vulnerability to the method's floor (strongest
    /// first), and the severity then; empty where nothing is left to implement.
    pub all: Vec<String>,
    pub after_all: Severity,
}

/// The measure gap of `h`: each countermeasure not implemented on the weakest member is
/// tried on top of what is there (measures, protections, boundary devices).
pub fn gap(ctx: &Ctx, h: &ThreatHit) -> Gap {
    let t = &ctx.know.threats[h.threat];
    let risk = &ctx.know.risk;
    let imp = h.importance.map_or(2, |l| l as u8);
    let strength = |m: &str| {
        ctx.know
            .measures
            .get(crate::knowledge::measure_key(m))
            .map_or(1, |s| s.reduces_vulnerability)
    };
    let severity_with = |extra: &[u8]| {
        let mut r = h.reductions.clone();
        r.extend_from_slice(extra);
        let v = risk.vulnerability(&r, &[]);
        let s = risk.rate(imp, h.level, v).1;
        if h.compromised { s.raised() } else { s }
    };
    let open: Vec<&String> = t
        .measures
        .iter()
        .filter(|m| !h.implemented.contains(m))
        .collect();
    let tried: Vec<Severity> = open.iter().map(|m| severity_with(&[strength(m)])).collect();
    let best = tried.iter().copied().min().unwrap_or(h.severity);
    let one: Vec<String> = if best < h.severity {
        open.iter()
            .zip(&tried)
            .filter(|(_, s)| **s == best)
            .map(|(m, _)| (*m).clone())
            .collect()
    } else {
        Vec::new()
    };
    // Strongest first, in catalog order among equals, until the floor is reached.
    let mut by_strength: Vec<&String> = open.clone();
    by_strength.sort_by_key(|m| std::cmp::Reverse(strength(m)));
    let (mut all, mut added) = (Vec::new(), Vec::new());
    for m in by_strength {
        let mut r = h.reductions.clone();
        r.extend_from_slice(&added);
        if risk.vulnerability(&r, &[]) <= risk.floor.max(1) {
            break;
        }
        added.push(strength(m));
        all.push(m.clone());
    }
    let after_all = if all.is_empty() {
        h.severity
    } else {
        severity_with(&added)
    };
    Gap {
        planned: h.planned.clone(),
        missing: open
            .iter()
            .filter(|m| !h.planned.contains(m))
            .map(|m| (*m).clone())
            .collect(),
        after_one: if one.is_empty() { h.severity } else { best },
        one,
        all,
        after_all,
    }
}

/// Names joined as a person writes a list: "A, B or C" / "A、B、または C".
pub fn joined<S: std::borrow::Borrow<str>>(
    lang: kojo_lang::Lang,
    names: &[S],
    conj: &'static str,
) -> String {
    match names {
        [] => String::new(),
        [one] => one.borrow().to_string(),
        [init @ .., last] => kojo_lang::Message::new(conj)
            .arg("init", init.join(lang.pick(", ", "、")))
            .arg("last", last.borrow())
            .render(lang),
    }
}

/// The recommendation of a threat finding in `lang`: what lowers it, planned measures,
/// where to record them.
fn gap_words(ctx: &Ctx, h: &ThreatHit, g: &Gap, eos: bool, lang: kojo_lang::Lang) -> String {
    use kojo_lang::Message;
    let t = &ctx.know.threats[h.threat];
    fn names<'a>(ctx: &'a Ctx, v: &'a [String], lang: kojo_lang::Lang) -> Vec<&'a str> {
        v.iter()
            .map(|x| ctx.know.measure_name_in(x, lang))
            .collect()
    }
    let sev = |s: Severity| kojo_lang::severity(lang, s.as_str());
    let mut out: Vec<String> = Vec::new();
    if t.measures.is_empty() {
        out.push(Message::new("threat-rec-none-catalogued").render(lang));
    } else if g.missing.is_empty() && g.planned.is_empty() {
        out.push(Message::new("threat-rec-in-place").render(lang));
    } else {
        if g.one.is_empty() {
            let open: Vec<String> = g.planned.iter().chain(&g.missing).cloned().collect();
            out.push(
                Message::new("threat-rec-no-lower")
                    .arg(
                        "measures",
                        joined(lang, &names(ctx, &open, lang), "list-or"),
                    )
                    .render(lang),
            );
        } else {
            out.push(
                Message::new("threat-rec-one")
                    .arg("single", yes_no(g.one.len() == 1))
                    .arg(
                        "measures",
                        joined(lang, &names(ctx, &g.one, lang), "list-or"),
                    )
                    .arg("severity", sev(g.after_one))
                    .render(lang),
            );
        }
        if g.all.len() > 1 && g.after_all < g.after_one {
            out.push(
                Message::new("threat-rec-all")
                    .arg(
                        "measures",
                        joined(lang, &names(ctx, &g.all, lang), "list-and"),
                    )
                    .arg("severity", sev(g.after_all))
                    .render(lang),
            );
        }
        if !g.planned.is_empty() {
            out.push(
                Message::new("threat-rec-planned")
                    .arg(
                        "measures",
                        joined(lang, &names(ctx, &g.planned, lang), "list-and"),
                    )
                    .render(lang),
            );
        }
        out.push(match h.weakest {
            Some(Scope::Flow(f)) => {
                let (from, to) = ctx.flow_end_names(f);
                Message::new("threat-rec-scope-flow")
                    .arg("from", from)
                    .arg("to", to)
                    .render(lang)
            }
            Some(Scope::Asset(a)) => Message::new("threat-rec-scope-asset")
                .arg("name", ctx.model.assets[a].name.as_str())
                .render(lang),
            _ => Message::new("threat-rec-scope-zone")
                .arg("name", ctx.zone_name(h.zone))
                .render(lang),
        });
    }
    if eos {
        out.push(Message::new("threat-rec-eos").render(lang));
    }
    out.join(lang.pick(" ", ""))
}

/// The sentence on the zone's exposure, where it lowered the threat level.
fn exposure_words(ctx: &Ctx, h: &ThreatHit, lang: kojo_lang::Lang) -> Option<String> {
    let t = &ctx.know.threats[h.threat];
    // Only where the level was lowered (a method may lower it by nothing, a compromise may
    // raise it again).
    if h.level >= t.level {
        return None;
    }
    let id = match h.exposure {
        Exposure::Reached => return None,
        Exposure::Unreachable => "threat-exposure-unreachable",
        Exposure::Sheltered => "threat-exposure-sheltered",
    };
    Some(
        kojo_lang::Message::new(id)
            .arg("level", usize::from(h.level))
            .arg("catalog", usize::from(t.level))
            .arg(
                "boundaries",
                usize::from(ctx.know.risk.exposure.sheltered_boundaries),
            )
            .render(lang),
    )
}

pub const THREAT: RuleInfo = RuleInfo {
    id: "KJ-THR-001",
    kind: FindingKind::Threat,
    step: "1-7",
    reference: "3.1.7, Tables 3-4 and 3-5",
    summary: "A catalog threat applies to a zone, conduit or protected objects, with viewpoint, impact and risk level.",
    doc: "docs/rules/threat.md",
};

/// Step 1-7: each catalog threat whose conditions hold, per zone (within) or per conduit
/// (between zones, Table 3-4), rated with the risk method of the catalog.
pub fn threat(ctx: &Ctx, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
    let m = ctx.model;
    let texts = &ctx.threat_texts;
    // One finding per hit, written side by side and kept in hit order.
    let findings = ctx.hits.par_iter().map(|h| {
        let t = &ctx.know.threats[h.threat];
        let tx = &texts[h.threat];
        let (subjects, id_subjects) = hit_subjects(ctx, h);
        let scope = hit_scope_words(ctx, h);
        let scope_ja = hit_scope_words_ja(ctx, h);
        // Name a few members; the count is in the facts.
        let count = if h.flows.is_empty() {
            h.assets.len()
        } else {
            h.flows.len()
        };
        // Members by name (assets) or by their ends (flows), in words; the ids are in the
        // subjects and facts.
        let on = |lang: Lang| -> Option<String> {
            let names = if !h.flows.is_empty() {
                ctx.flows_phrase_ix(h.flows.iter().take(6).copied(), count, 5, lang)
            } else if h.assets.is_empty() {
                return None;
            } else {
                let names: Vec<&str> = h
                    .assets
                    .iter()
                    .take(6)
                    .map(|&a| m.assets[a].name.as_str())
                    .collect();
                list_of(&names, count, 5, lang)
            };
            Some(Message::new("threat-on").arg("on", names).render(lang))
        };
        let importance = |lang: Lang| match (h.importance, lang) {
            (Some(l), Lang::En) => l.as_str().to_string(),
            (Some(l), Lang::Ja) => level_ja(l).to_string(),
            (None, _) => Message::new("threat-importance-unknown").render(lang),
        };
        let eos = h
            .assets
            .iter()
            .any(|&a| m.assets[a].has_trait(AssetTrait::EndOfSupport));
        let g = gap(ctx, h);
        // Protections in word order, so the text does not follow the model's list order.
        let mut protections = h.protections.clone();
        protections.sort_by_key(|&p| kojo_model::vocab::word(kojo_model::vocab::PROTECTIONS, p));
        let prot: Vec<&str> = protections
            .iter()
            .map(|&p| kojo_model::vocab::word(kojo_model::vocab::PROTECTIONS, p))
            .collect();
        let measures = |ids: &[String], lang: Lang| {
            if ids.is_empty() {
                return Message::new("threat-measures-none").render(lang);
            }
            let names: Vec<&str> = ids
                .iter()
                .map(|x| ctx.know.measure_name_in(x, lang))
                .collect();
            names.join(if lang == Lang::Ja { "、" } else { ", " })
        };
        let detail = |lang: Lang| {
            let impacts = if tx.impacts.is_empty() {
                Message::new("threat-impact-none").render(lang)
            } else if lang == Lang::Ja {
                tx.impacts_joined_ja.clone()
            } else {
                tx.impacts_words.clone()
            };
            let rating = Message::new("threat-rating")
                .arg(
                    "viewpoint",
                    ctx.know
                        .title_in(&t.viewpoint, lang)
                        .unwrap_or(&t.viewpoint),
                )
                .arg("impacts", impacts)
                .arg("importance", importance(lang))
                .arg("level", usize::from(h.level))
                .arg("vulnerability", usize::from(h.vulnerability))
                .arg("risk", h.risk.as_str())
                .arg(
                    "method",
                    if lang == Lang::Ja {
                        ctx.know.risk.name_ja.as_str()
                    } else {
                        ctx.know.risk.name.as_str()
                    },
                )
                .arg("implemented", measures(&h.implemented, lang))
                .arg("planned", measures(&h.planned, lang))
                .render(lang);
            let path = matches!(h.weakest, Some(Scope::Flow(_))).then(|| {
                let words: Vec<&str> = match lang {
                    Lang::En => prot.clone(),
                    Lang::Ja => protections.iter().map(|&p| protection_ja(p)).collect(),
                };
                Message::new("threat-path-flow")
                    .arg("protected", yes_no(!words.is_empty()))
                    .arg(
                        "protections",
                        words.join(if lang == Lang::Ja { "・" } else { ", " }),
                    )
                    .arg("count", h.boundary_devices)
                    .render(lang)
            });
            sentences(
                lang,
                [on(lang), Some(rating), path, exposure_words(ctx, h, lang)]
                    .into_iter()
                    .flatten(),
            )
        };
        let mut d = Draft {
            id_subjects: Some(id_subjects),
            reference: Some(t.reference.clone()),
            catalog: tx.catalog.clone(),
            ..Draft::new(&THREAT, subjects, h.severity)
        }
        .disc(hit_discriminator(ctx, h))
        .text(
            format!("{scope}: {}", t.name),
            detail(Lang::En),
            gap_words(ctx, h, &g, eos, Lang::En),
        )
        .ja(
            format!(
                "{scope_ja}: {}",
                if t.name_ja.is_empty() {
                    &t.name
                } else {
                    &t.name_ja
                }
            ),
            detail(Lang::Ja),
            gap_words(ctx, h, &g, eos, Lang::Ja),
        )
        .fact("viewpoint", t.viewpoint.clone())
        .fact("perspective", if h.between { "between" } else { "within" })
        .fact("threat_type", t.threat_type.clone())
        .fact("impact", tx.impacts.clone())
        .fact(
            "importance",
            h.importance.map(|l| l.as_str()).unwrap_or("unknown"),
        )
        .fact("threat_level", h.level)
        .fact("exposure", h.exposure.key())
        .fact("vulnerability", h.vulnerability)
        .fact("risk_level", h.risk.clone())
        .fact("members", count)
        .fact("implemented", h.implemented.clone())
        .fact("planned", g.planned.clone())
        .fact("missing", g.missing.clone())
        .fact("lowered_by", g.one.clone())
        .fact("severity_after", g.after_one.as_str())
        .fact("sufficient", g.all.clone())
        .fact("severity_after_all", g.after_all.as_str());
        if h.level != t.level {
            d = d.fact("catalog_threat_level", t.level);
        }
        if h.compromised {
            d = d.fact("raised_by_compromise", true);
        }
        if let Some(w) = h.weakest {
            d = d.fact("weakest", ctx.scope_subject(w));
        }
        if matches!(h.weakest, Some(Scope::Flow(_))) {
            d = d
                .fact("protections", prot.clone())
                .fact("boundary_devices", h.boundary_devices);
        }
        if !t.iec62443.is_empty() {
            d = d.fact("iec62443", t.iec62443.clone());
        }
        if let Some(sl) = t.sl {
            d = d.fact("sl", sl);
        }
        if !t.csf.is_empty() {
            d = d.fact("csf", t.csf.clone());
        }
        if !t.attack.is_empty() {
            d = d.fact("attack", t.attack.clone());
        }
        let nets: std::collections::BTreeSet<Network> =
            h.flows.iter().map(|&f| m.flows[f].network).collect();
        if nets.iter().any(|n| *n != Network::Internal) {
            let names: Vec<&str> = nets
                .iter()
                .map(|&n| kojo_model::vocab::word(kojo_model::vocab::NETWORKS, n))
                .collect();
            d = d.fact("networks", names);
        }
        ctx.finding(d)
    });
    out.par_extend(findings);
}

pub const SAFETY_REVIEW: RuleInfo = RuleInfo {
    id: "KJ-THR-002",
    kind: FindingKind::SafetyReview,
    step: "1-7",
    reference: "3.1.7, Table 3-4 (S)",
    summary: "A threat can reach an asset with the safety-function trait: safety and security review it together.",
    doc: "docs/rules/safety-review.md",
};

/// 3.1.7: threats must be examined from both the physical safety and the cybersecurity
/// perspective; a threat that reaches a safety function (SIS, interlock) — in its zone, on
/// it, or between its zone and another — needs a joint review. One finding per safety asset.
pub fn safety_review(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    // Only hits in the safety asset's own zones can reach it: look those up by zone.
    let mut hits_in: Vec<Vec<&ThreatHit>> = vec![Vec::new(); m.zones.len()];
    for h in &ctx.hits {
        hits_in[h.zone].push(h);
    }
    for (ai, a) in m.assets.iter().enumerate() {
        if !a.has_trait(AssetTrait::SafetyFunction) {
            continue;
        }
        let mut threats: Vec<usize> = ctx.asset_zones[ai]
            .iter()
            .flat_map(|&zi| hits_in[zi].iter().copied())
            .filter(|h| h.between || h.zone_level || h.assets.contains(&ai) || !h.flows.is_empty())
            .map(|h| h.threat)
            .collect();
        // In catalog id order, as before; named in prose, by id in the facts.
        threats.sort_unstable_by_key(|&t| ctx.know.threats[t].id.as_str());
        threats.dedup();
        if threats.is_empty() {
            continue;
        }
        let names: Vec<String> = threats
            .iter()
            .map(|&t| ctx.know.threats[t].id.clone())
            .collect();
        let titles = |lang: Lang| -> Vec<&str> {
            threats
                .iter()
                .map(|&t| {
                    let t = &ctx.know.threats[t];
                    if lang == Lang::Ja && !t.name_ja.is_empty() {
                        t.name_ja.as_str()
                    } else {
                        t.name.as_str()
                    }
                })
                .collect()
        };
        out.push(
            ctx.finding(
                Draft {
                    catalog: names.clone(),
                    ..Draft::new(
                        &SAFETY_REVIEW,
                        vec![format!("asset:{}", a.id)],
                        Severity::High,
                    )
                }
                .words(|lang| {
                    [
                        Message::new("safety-review-title").arg("asset", a.name.as_str()),
                        Message::new("safety-review-detail")
                            .arg("count", threats.len())
                            .arg("threats", list_in(&titles(lang), 6, lang)),
                        Message::new("safety-review-rec"),
                    ]
                })
                .fact("threats", names),
            ),
        );
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::testutil::*;
    use crate::knowledge::*;
    use kojo_findings::Severity;
    use kojo_model::*;

    /// A small test catalog: unauthenticated control protocol between zones, removable
    /// media into control zones, remote access to assets.
    pub(crate) fn test_knowledge() -> Knowledge {
        let threat = |id: &str, subject, when: Vec<Cond>, measures: &[&str], level| ThreatSpec {
            id: id.into(),
            name: format!("threat {id}"),
            name_ja: String::new(),
            threat_type: "abnormal-control".into(),
            viewpoint: "information-transfer".into(),
            perspective: Perspective::Between,
            level,
            impacts: vec![Impact::Safety, Impact::Delivery, Impact::BusinessContinuity],
            measures: measures.iter().map(|s| s.to_string()).collect(),
            iec62443: vec!["SR 1.1".into()],
            sl: Some(2),
            csf: vec![],
            attack: vec!["T0855".into()],
            reference: "Table 3-5".into(),
            applies: vec![Alternative { subject, when }],
        };
        let mut k = Knowledge {
            threats: vec![
                threat(
                    "thr-unauth-control",
                    SubjectKind::Flow,
                    vec![
                        Cond::CrossesZones(true),
                        Cond::MissingProtection(vec![Protection::Authentication]),
                    ],
                    &["msr-auth", "msr-fw"],
                    3,
                ),
                threat(
                    "thr-media",
                    SubjectKind::Flow,
                    vec![
                        Cond::Network(vec![Network::RemovableMedia]),
                        Cond::ToZoneKind(vec![ZoneKind::Control]),
                    ],
                    &["msr-media"],
                    3,
                ),
                threat(
                    "thr-remote",
                    SubjectKind::Asset,
                    vec![Cond::RemoteReachable(true)],
                    &["msr-mfa"],
                    2,
                ),
            ],
            ..Knowledge::default()
        };
        for (id, r) in [
            ("msr-auth", 2),
            ("msr-fw", 1),
            ("msr-media", 2),
            ("msr-mfa", 2),
        ] {
            k.measures.insert(
                measure_key(id).to_string(),
                MeasureSpec {
                    id: id.into(),
                    name: format!("measure {id}"),
                    name_ja: String::new(),
                    reduces_vulnerability: r,
                },
            );
        }
        k
    }

    #[test]
    fn threats_aggregate_per_conduit_with_risk_facts() {
        let mut b = well_zoned();
        b.flow("modbus-2", "scada", "plc-2").protocol = Some("modbus-tcp".into());
        let a = b.assess_with(&test_knowledge());
        let f = of_kind(&a, "threat");
        let unauth: Vec<_> = f
            .iter()
            .filter(|f| f.catalog[0] == "thr-unauth-control")
            .collect();
        // Into control (2 flows from monitoring), dmz and oa: one finding per receiving zone.
        assert_eq!(unauth.len(), 3);
        let mc = unauth
            .iter()
            .find(|f| {
                f.subjects[..2] == ["zone:control".to_string(), "zone:monitoring".to_string()]
            })
            .unwrap();
        assert!(mc.subjects.contains(&"flow:modbus-2".to_string()));
        assert_eq!(mc.facts["risk_level"], "A");
        assert_eq!(mc.facts["vulnerability"], 3);
        assert_eq!(mc.severity, Severity::Critical);
        assert!(
            f.iter().all(|f| f.catalog[0] != "thr-media"),
            "no removable media flow"
        );
        // The Japanese text names impacts, importance and measures in Japanese.
        let ja = &mc.i18n.get("ja").unwrap();
        assert!(
            ja.detail.contains("影響: 安全・納期・事業継続"),
            "{}",
            ja.detail
        );
        assert!(
            ja.detail.contains("重要度 高 × 脅威レベル 3"),
            "{}",
            ja.detail
        );
        assert!(
            ja.detail.contains("実施済みの対策: なし。"),
            "{}",
            ja.detail
        );
        assert!(!ja.detail.contains("business_continuity") && !ja.detail.contains("high"));
        assert!(
            ja.recommendation
                .starts_with("measure msr-auth を実施すると、重大度は「中」に下がります。"),
            "{}",
            ja.recommendation
        );
    }

    #[test]
    fn japanese_scope_words_list_peers_with_hoka_n_ken() {
        let mut b = well_zoned();
        for z in ["z1", "z2", "z3", "z4", "z5"] {
            b.zone(z, ZoneKind::Information);
            b.asset(&format!("{z}-pc"), z, &[]);
            b.flow(&format!("{z}-to-plc"), &format!("{z}-pc"), "plc-1");
        }
        let a = b.assess_with(&test_knowledge());
        let into_control: Vec<_> = of_kind(&a, "threat")
            .into_iter()
            .filter(|f| f.catalog[0] == "thr-unauth-control" && f.subjects[0] == "zone:control")
            .collect();
        assert!(!into_control.is_empty());
        for f in into_control {
            let ja = &f.i18n.get("ja").unwrap().title;
            assert!(f.title.contains(" more"), "{}", f.title);
            assert!(ja.contains(" ほか ") && ja.contains(" 件:"), "{ja}");
            assert!(!ja.contains(" more"), "{ja}");
        }
    }

    #[test]
    fn implemented_measures_lower_vulnerability_and_modbus_cannot_authenticate() {
        let mut b = well_zoned();
        for f in b.m.flows.iter_mut() {
            f.protections = vec![Protection::Authentication];
        }
        let a = b.assess_with(&test_knowledge());
        assert!(of_kind(&a, "threat").is_empty(), "authenticated flows");
        b.m.flows[0].protocol = Some("modbus-tcp".into());
        b.measure(
            "msr-auth",
            vec![ScopeRef::Zone("control".into())],
            MeasureStatus::Implemented,
        );
        let a = b.assess_with(&test_knowledge());
        let f = of_kind(&a, "threat");
        assert_eq!(f.len(), 1, "modbus declares authentication it cannot carry");
        // Off the path: the flow enters the control zone past no boundary device, so the
        // zone's measure does not act on it.
        assert_eq!(f[0].facts["vulnerability"], 3);
        assert_eq!(f[0].facts["weakest"], "flow:scada-plc");
        assert_eq!(f[0].facts["boundary_devices"], 0);
        // On the path: through a firewall, the zone's measure and the firewall both count.
        b.asset("fw-2", "monitoring", &[]).role = Some("firewall".into());
        b.m.flows[0].via = vec!["fw-2".into()];
        let a = b.assess_with(&test_knowledge());
        let f = of_kind(&a, "threat");
        assert_eq!(f[0].facts["vulnerability"], 1);
        assert_eq!(f[0].facts["risk_level"], "C");
        assert_eq!(f[0].facts["boundary_devices"], 1);
        // Recorded on the flow itself, it counts without the firewall too.
        b.m.flows[0].via.clear();
        b.m.measures[0].scope = vec![ScopeRef::Flow("scada-plc".into())];
        let a = b.assess_with(&test_knowledge());
        assert_eq!(of_kind(&a, "threat")[0].facts["vulnerability"], 1);
    }

    #[test]
    fn flow_protections_lower_transfer_threats_on_that_flow_only() {
        let mut k = test_knowledge();
        // A transfer threat that the protections do not switch off.
        k.threats.push(ThreatSpec {
            id: "thr-eavesdrop".into(),
            applies: vec![Alternative {
                subject: SubjectKind::Flow,
                when: vec![Cond::CrossesZones(true)],
            }],
            ..k.threats[0].clone()
        });
        let mut b = well_zoned();
        let rated = |b: &B| {
            let a = b.assess_with(&k);
            of_kind(&a, "threat")
                .into_iter()
                .find(|f| f.catalog[0] == "thr-eavesdrop" && f.subjects[0] == "zone:control")
                .map(|f| f.facts["vulnerability"].clone())
        };
        assert_eq!(rated(&b), Some(3.into()));
        b.m.flows[0].protections = vec![Protection::Encryption, Protection::Authentication];
        assert_eq!(rated(&b), Some(1.into()), "two protections on the one flow");
        // A second, unprotected flow into the same zone is the weakest path.
        b.flow("oa-plc", "oa-pc", "plc-2");
        assert_eq!(rated(&b), Some(3.into()));
    }

    #[test]
    fn removable_media_and_remote_access_get_their_own_threats() {
        let mut b = well_zoned();
        b.flow("usb", "oa-pc", "plc-1").network = Network::RemovableMedia;
        b.m.assets[2].traits.push(AssetTrait::RemoteAccess);
        let a = b.assess_with(&test_knowledge());
        let f = of_kind(&a, "threat");
        assert!(
            f.iter().any(
                |f| f.catalog[0] == "thr-media" && f.subjects.contains(&"flow:usb".to_string())
            )
        );
        let r: Vec<_> = f.iter().filter(|f| f.catalog[0] == "thr-remote").collect();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].subjects, vec!["zone:monitoring", "asset:scada"]);
    }

    /// The removable-media threat of `test_knowledge` on a USB flow into the control zone.
    fn media_threat(b: &B, k: &Knowledge) -> Option<kojo_findings::Finding> {
        of_kind(&b.assess_with(k), "threat")
            .into_iter()
            .find(|f| f.catalog[0] == "thr-media")
            .cloned()
    }

    #[test]
    fn a_threat_carries_its_measure_gap_and_what_lowers_it() {
        let mut b = well_zoned();
        b.flow("usb", "oa-pc", "plc-1").network = Network::RemovableMedia;
        let k = test_knowledge();
        let f = media_threat(&b, &k).unwrap();
        // importance high × level 3 × vulnerability 3 → A; msr-media (strength 2) → 1 → C.
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.facts["missing"], serde_json::json!(["msr-media"]));
        assert_eq!(f.facts["lowered_by"], serde_json::json!(["msr-media"]));
        assert_eq!(f.facts["severity_after"], "medium");
        assert!(
            f.recommendation
                .starts_with("Implementing measure msr-media lowers the severity to medium."),
            "{}",
            f.recommendation
        );
        // The flow is the weakest member: the measure is to be recorded where it acts.
        assert!(
            f.recommendation.contains("the flow from oa-pc to plc-1"),
            "{}",
            f.recommendation
        );
        let ja = f.i18n.get("ja").unwrap();
        assert!(
            ja.recommendation
                .contains("measure msr-media を実施すると、重大度は「中」に下がります。"),
            "{}",
            ja.recommendation
        );
        // Planned: the finding stays as severe (nothing acts yet) and says what is planned.
        b.measure(
            "msr-media",
            vec![ScopeRef::Flow("usb".into())],
            MeasureStatus::Planned,
        );
        let p = media_threat(&b, &k).unwrap();
        assert_eq!(
            (p.id.as_str(), p.severity),
            (f.id.as_str(), Severity::Critical)
        );
        assert_eq!(p.facts["planned"], serde_json::json!(["msr-media"]));
        assert_eq!(p.facts["missing"], serde_json::json!([]));
        assert!(
            p.recommendation.contains("Planned: measure msr-media;"),
            "{}",
            p.recommendation
        );
        // Implemented where it acts: lowered as the gap said, and nothing left to ask.
        b.m.measures[0].status = MeasureStatus::Implemented;
        let i = media_threat(&b, &k).unwrap();
        assert_eq!(i.severity, Severity::Medium);
        assert_eq!(i.facts["lowered_by"], serde_json::json!([]));
        assert!(
            i.recommendation
                .starts_with("Every catalogued countermeasure is in place"),
            "{}",
            i.recommendation
        );
        // No measure-gap findings any more: the threat holds the gap.
        assert!(of_kind(&b.assess_with(&k), "measure-gap").is_empty());
    }

    #[test]
    fn any_one_of_equal_measures_is_offered_and_the_set_that_reaches_the_floor() {
        let mut b = well_zoned();
        b.flow("modbus-2", "scada", "plc-2").protocol = Some("modbus-tcp".into());
        let a = b.assess_with(&test_knowledge());
        let f = of_kind(&a, "threat")
            .into_iter()
            .find(|f| f.catalog[0] == "thr-unauth-control" && f.subjects[0] == "zone:control")
            .unwrap();
        // msr-auth (2) alone lowers A to C; msr-fw (1) to B: only msr-auth is offered, and
        // with msr-fw the vulnerability reaches the floor (2 + 1 → 1 → C as well).
        assert_eq!(f.facts["lowered_by"], serde_json::json!(["msr-auth"]));
        assert_eq!(f.facts["severity_after"], "medium");
        assert_eq!(f.facts["sufficient"], serde_json::json!(["msr-auth"]));
        assert!(!f.recommendation.contains(" and "), "{}", f.recommendation);
    }

    #[test]
    fn an_unexposed_zone_lowers_network_threats_but_not_physical_ones() {
        let mut k = test_knowledge();
        k.risk.exposure = kojo_catalog::ExposureRule {
            unreachable: 1,
            sheltered_boundaries: 2,
            sheltered: 1,
            not_network_borne: vec!["thr-remote".into()],
        };
        let mut b = well_zoned();
        b.flow("modbus-2", "scada", "plc-2").protocol = Some("modbus-tcp".into());
        let unauth = |b: &B, k: &Knowledge| {
            of_kind(&b.assess_with(k), "threat")
                .into_iter()
                .find(|f| f.catalog[0] == "thr-unauth-control" && f.subjects[0] == "zone:control")
                .cloned()
                .unwrap()
        };
        // No entry point reaches the control zone: level 3 → 2, A → B.
        let f = unauth(&b, &k);
        assert_eq!(f.facts["exposure"], "unreachable");
        assert_eq!(
            (
                f.facts["threat_level"].clone(),
                f.facts["catalog_threat_level"].clone()
            ),
            (2.into(), 3.into())
        );
        assert_eq!(f.severity, Severity::High);
        assert!(
            f.detail.contains("no entry point reaches this zone"),
            "{}",
            f.detail
        );
        // An internet connection into the OA zone reaches it over the conduits: level 3.
        b.asset("router", "oa", &[]);
        b.flow("net", "router", "oa-pc").network = Network::Internet;
        b.flow("oa-scada", "oa-pc", "scada");
        let f = unauth(&b, &k);
        assert_eq!(f.facts["exposure"], "reached");
        assert_eq!(f.severity, Severity::Critical);
        // A threat that does not arrive over the network keeps its level unreached.
        k.risk.exposure.not_network_borne = vec!["thr-unauth-control".into()];
        let mut b = well_zoned();
        b.flow("modbus-2", "scada", "plc-2").protocol = Some("modbus-tcp".into());
        let f = unauth(&b, &k);
        assert_eq!(f.facts["threat_level"], 3);
        assert!(f.facts.get("catalog_threat_level").is_none());
        assert_eq!(f.severity, Severity::Critical);
    }

    #[test]
    fn safety_review_only_when_a_threat_reaches_a_safety_function() {
        let mut b = well_zoned();
        b.asset("sis", "oa", &["manufacturing"])
            .traits
            .push(AssetTrait::SafetyFunction);
        b.m.assets.last_mut().unwrap().zones = vec!["control".into()];
        for f in b.m.flows.iter_mut() {
            f.protections = vec![Protection::Authentication];
        }
        assert!(of_kind(&b.assess_with(&test_knowledge()), "safety-review").is_empty());
        b.flow("usb", "oa-pc", "plc-1").network = Network::RemovableMedia;
        let a = b.assess_with(&test_knowledge());
        let f = of_kind(&a, "safety-review");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["asset:sis"]);
        assert!(f[0].catalog.contains(&"thr-media".to_string()));
    }
}
