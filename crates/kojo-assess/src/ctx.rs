//! The facts every rule reads, computed once per model in near-linear time: indexes by id,
//! importance of assets and zones (Steps 1-3, 1-5), flow ends by zone, who drives control,
//! exposure, and the threats that apply (Step 1-7).

use crate::knowledge::{Impact, Knowledge};
use crate::rules::RuleInfo;
use kojo_findings::{Facts, Finding, KeyedList, Severity, SourceLocation, Text, finding_id};
use kojo_model::{
    AssetKind, AssetTrait, Date, Endpoint, Level, Loc, MeasureStatus, Model, Network, Responsible,
    ScopeRef, ZoneKind,
};
// Fx hashing: these maps are keyed by the model's own ids and looked up per subject in
// the hot loops; SipHash's flooding resistance buys nothing here.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// Importance by viewpoint: safety, quality, delivery, cost, business continuity.
pub type ImpVec = [Option<Level>; 5];

/// A flow resolved to zones and assets.
#[derive(Debug, Clone)]
pub struct FlowEnds {
    pub from_asset: Option<usize>,
    pub to_asset: Option<usize>,
    /// The zone of each end; for a data asset held in several zones, the first by zone id
    /// (every zone it is held in is in `from_zones` / `to_zones`).
    pub from_zone: Option<usize>,
    pub to_zone: Option<usize>,
    /// Every zone of each end, in zone-id order: one for a zone or a system, all the zones
    /// a data asset is held in.
    pub from_zones: Vec<usize>,
    pub to_zones: Vec<usize>,
}

/// The precomputed facts of one model.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub know: &'a Knowledge,
    pub today: Date,
    pub asset_ix: HashMap<&'a str, usize>,
    pub zone_ix: HashMap<&'a str, usize>,
    pub flow_ix: HashMap<&'a str, usize>,
    pub party_ix: HashMap<&'a str, usize>,
    pub op_ix: HashMap<&'a str, usize>,
    /// Zones of each asset (indexes).
    pub asset_zones: Vec<Vec<usize>>,
    /// Assets of each zone (indexes), in model order.
    pub zone_assets: Vec<Vec<usize>>,
    /// Overall importance of each asset: given, else derived from its operations.
    pub asset_imp: Vec<Option<Level>>,
    /// Importance of each asset by viewpoint, missing viewpoints filled from the overall.
    pub asset_vec: Vec<ImpVec>,
    pub zone_imp: Vec<Option<Level>>,
    pub zone_vec: Vec<ImpVec>,
    pub flow_ends: Vec<FlowEnds>,
    /// The boundary devices each flow passes (`via`, checked by the loader to be assets
    /// whose role is a boundary device), as asset indexes.
    pub flow_via: Vec<Vec<usize>>,
    /// Who operates each asset: a party index, or `None` for in-house (`operated_by`, else
    /// the party performing one of its operations).
    pub asset_operator: Vec<Option<usize>>,
    /// Asset run by an external party: operated by one, serving an operation performed by
    /// one, in a zone managed by one or outside the factory, or an external service. Who
    /// only supplied it does not count.
    pub asset_external: Vec<bool>,
    /// The asset whose importance this one takes because it sends control instructions to
    /// it, directly or along an automated chain (importance follows control reach).
    pub asset_raised_by: Vec<Option<usize>>,
    /// Asset fed, along automated flows without human review, from an asset outside the
    /// control and production zones: control it sends comes from outside the control network.
    pub asset_fed_from_outside: Vec<bool>,
    /// Entry points and the shortest path from each into every zone.
    pub reach: crate::graph::Reach,
    /// What each zone's target SL is derived from, once the threats are rated.
    sl_facts: std::sync::OnceLock<Vec<SlFacts>>,
    /// Asset that drives control in a control or production zone of another zone, directly
    /// or through automated flows without human review (Annex A case 1).
    pub asset_drives_control: Vec<bool>,
    /// Asset reachable remotely (trait remote-access, or an internet/VPN/carrier flow to it).
    pub asset_remote: Vec<bool>,
    /// Data asset held both in a control/production zone and an information zone.
    pub asset_spans_fa_oa: Vec<bool>,
    /// Zone reachable from outside: external kind, remote assets, external flows.
    pub zone_exposed: Vec<bool>,
    /// Flows by (from zone, to zone) for crossing flows, ordered by zone ids.
    pub conduits: BTreeMap<(usize, usize), Vec<usize>>,
    /// Measure id → records (status, scope keys, whole factory).
    pub measures: HashMap<&'a str, Vec<MeasureCover>>,
    /// Best status of a measure (id without `msr-`) on one subject, and factory-wide.
    measure_at: HashMap<(&'a str, Scope), MeasureStatus>,
    measure_factory: HashMap<&'a str, MeasureStatus>,
    /// Which kinds of subject each measure is recorded on: zones, assets, flows.
    measure_kinds: HashMap<&'a str, [bool; 3]>,
    /// Subjects with at least one implemented measure (any measure).
    pub implemented_on: HashSet<Scope>,
    /// Flows leaving and entering each asset.
    pub asset_out: Vec<Vec<usize>>,
    pub asset_in: Vec<Vec<usize>>,
    /// The threats that apply (Step 1-7), filled in by the engine before the rules run.
    pub hits: Vec<crate::rules::threats::ThreatHit>,
    /// What every finding of one catalog threat says alike, by threat index.
    pub threat_texts: Vec<crate::rules::threats::ThreatTexts>,
    /// Each zone's place in zone-id order (zones with equal ids share one): sorting by it is
    /// sorting by id without comparing strings.
    pub zone_rank: Vec<usize>,
    /// Where each subject is defined, by (kind, id) as in `kind:id`.
    loc_of: HashMap<(&'static str, &'a str), Loc>,
    /// The part of the model a second pass is about; `None`: all of it.
    pub focus: Option<Focus>,
}

/// The part of a model a second pass of some rules is about: the to-be zoning's new zones
/// and the flows that will cross a recommended boundary. The rules that write one finding
/// per receiving zone or per conduit skip the groups that touch neither, whose findings the
/// pass would drop anyway.
#[derive(Debug, Clone, Default)]
pub struct Focus {
    /// By zone index.
    pub zones: Vec<bool>,
    /// By flow index.
    pub flows: Vec<bool>,
}

/// What a zone's target SL is derived from.
struct SlFacts {
    /// From consequence and exposure.
    base: Option<u8>,
    /// Some protected object took its importance from what it controls.
    raised: bool,
    /// Entry points reaching it, the least guarded path's enforcing boundary devices, and
    /// that entry point in words (English, Japanese).
    exposure: Option<(usize, usize, String, String)>,
    /// What the threats rated high or critical there call for (at most one above `base`).
    threat_sl: Option<u8>,
    /// The connected control or production zone with the highest SL, where this zone holds
    /// a safety function.
    protects: Option<(usize, u8)>,
}

/// A subject of the model by index, for lookups without strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Zone(usize),
    Asset(usize),
    Flow(usize),
}

/// Implemented beats planned; not-planned counts as absent.
fn better(a: Option<MeasureStatus>, b: MeasureStatus) -> Option<MeasureStatus> {
    match (a, b) {
        (_, MeasureStatus::NotPlanned) => a,
        (Some(MeasureStatus::Implemented), _) | (_, MeasureStatus::Implemented) => {
            Some(MeasureStatus::Implemented)
        }
        _ => Some(MeasureStatus::Planned),
    }
}

/// One measure record as a lookup.
#[derive(Debug, Clone)]
pub struct MeasureCover {
    pub status: MeasureStatus,
    pub factory: bool,
    pub scope: HashSet<String>,
}

pub fn is_fa(kind: ZoneKind) -> bool {
    matches!(kind, ZoneKind::Control | ZoneKind::Production)
}

/// Raises each asset's safety, quality and business-continuity importance to that of what it
/// controls (control flows to it, or automated flows to an asset that controls it), to a
/// fixed point; returns, for each raised asset, the asset it took its importance from.
fn raise_by_control_reach(
    model: &Model,
    flow_ends: &[FlowEnds],
    asset_vec: &mut [ImpVec],
    asset_imp: &mut [Option<Level>],
) -> Vec<Option<usize>> {
    const FOLLOWED: [usize; 3] = [0, 1, 4]; // safety, quality, business continuity
    let n = model.assets.len();
    // (sender, receiver, control): the receiver's importance flows back to the sender.
    let mut into: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
    for (fi, f) in model.flows.iter().enumerate() {
        let e = &flow_ends[fi];
        if let (Some(a), Some(b)) = (e.from_asset, e.to_asset)
            && a != b
            && (f.control || f.automated)
        {
            into[b].push((a, f.control));
        }
    }
    // `reach[x]`: the importance x passes to whoever feeds it automatically — what x
    // controls; a sender over a control flow takes the receiver's own (raised) importance.
    let mut reach: Vec<ImpVec> = vec![[None; 5]; n];
    let mut raised_by = vec![None; n];
    let mut stack: Vec<usize> = (0..n).filter(|&b| !into[b].is_empty()).collect();
    while let Some(b) = stack.pop() {
        for &(a, control) in &into[b] {
            let give = if control { asset_vec[b] } else { reach[b] };
            let mut grew = false;
            for k in FOLLOWED {
                if give[k] > reach[a][k] {
                    reach[a][k] = give[k];
                    grew = true;
                }
                if give[k] > asset_vec[a][k] {
                    asset_vec[a][k] = give[k];
                    raised_by[a] = Some(b);
                    grew = true;
                }
            }
            if grew {
                stack.push(a);
            }
        }
    }
    for (ai, by) in raised_by.iter().enumerate() {
        if by.is_some() {
            asset_imp[ai] = asset_imp[ai].max(asset_vec[ai].iter().flatten().max().copied());
        }
    }
    raised_by
}

/// Where each subject is defined, by (kind, id) as in `kind:id`.
fn locations(model: &Model) -> HashMap<(&'static str, &str), Loc> {
    let mut loc_of = HashMap::default();
    loc_of.insert(("factory", ""), model.factory.loc);
    let sections: [(&'static str, Vec<(&str, Loc)>); 6] = [
        (
            "asset",
            model
                .assets
                .iter()
                .map(|a| (a.id.as_str(), a.loc))
                .collect(),
        ),
        (
            "zone",
            model.zones.iter().map(|z| (z.id.as_str(), z.loc)).collect(),
        ),
        (
            "flow",
            model.flows.iter().map(|f| (f.id.as_str(), f.loc)).collect(),
        ),
        (
            "operation",
            model
                .operations
                .iter()
                .map(|o| (o.id.as_str(), o.loc))
                .collect(),
        ),
        (
            "party",
            model
                .parties
                .iter()
                .map(|p| (p.id.as_str(), p.loc))
                .collect(),
        ),
        (
            "department",
            model
                .departments
                .iter()
                .map(|d| (d.id.as_str(), d.loc))
                .collect(),
        ),
    ];
    for (kind, entries) in sections {
        for (id, loc) in entries {
            loc_of.insert((kind, id), loc);
        }
    }
    loc_of
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, know: &'a Knowledge, today: Date) -> Ctx<'a> {
        Self::with_compromised(model, know, today, &[])
    }

    /// [`Ctx::new`] without the reachability from the entry points (`reach` empty, and
    /// `zone_exposed` from the model's own facts only): for rules that do not read them, run
    /// on a second model (the to-be zoning's between-zone checks), where the breadth-first
    /// walk from every entry point would cost more than everything else.
    pub fn without_reach(model: &'a Model, know: &'a Knowledge, today: Date) -> Ctx<'a> {
        let (loc_of, ctx) = rayon::join(|| locations(model), || Self::index(model, know, today));
        Ctx { loc_of, ..ctx }
    }

    /// [`Ctx::new`] with some assets assumed in the attacker's hands (asset indexes): they
    /// are entry points too.
    pub fn with_compromised(
        model: &'a Model,
        know: &'a Knowledge,
        today: Date,
        compromised: &[usize],
    ) -> Ctx<'a> {
        // Where subjects are defined is needed only when findings are written: it is
        // indexed beside the rest.
        let (loc_of, mut ctx) =
            rayon::join(|| locations(model), || Self::index(model, know, today));
        ctx.reach = crate::graph::reach(&ctx, compromised);
        for zi in 0..model.zones.len() {
            ctx.zone_exposed[zi] |= ctx.reach.exposed(zi);
        }
        Ctx { loc_of, ..ctx }
    }

    fn index(model: &'a Model, know: &'a Knowledge, today: Date) -> Ctx<'a> {
        let asset_ix: HashMap<&str, usize> = model
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let zone_ix: HashMap<&str, usize> = model
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| (z.id.as_str(), i))
            .collect();
        let party_ix: HashMap<&str, usize> = model
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let op_ix: HashMap<&str, usize> = model
            .operations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();

        let zone_rank = rank_by(model.zones.len(), |a, b| {
            model.zones[a].id.cmp(&model.zones[b].id)
        });
        let mut zone_assets = vec![Vec::new(); model.zones.len()];
        // Each asset's zones in zone-id order, so that no fact depends on the order the
        // model lists them (`zones: [office, production]` = `[production, office]`).
        let asset_zones: Vec<Vec<usize>> = model
            .assets
            .iter()
            .enumerate()
            .map(|(ai, a)| {
                let mut zs: Vec<usize> = a
                    .zones
                    .iter()
                    .filter_map(|z| zone_ix.get(z.as_str()).copied())
                    .collect();
                zs.sort_by_key(|&z| (zone_rank[z], z));
                zs.dedup();
                for &z in &zs {
                    zone_assets[z].push(ai);
                }
                zs
            })
            .collect();

        let resolve = |e: &Endpoint| -> (Option<usize>, Vec<usize>) {
            match e {
                Endpoint::Asset(id) => {
                    let ai = asset_ix.get(id.as_str()).copied();
                    (ai, ai.map(|i| asset_zones[i].clone()).unwrap_or_default())
                }
                Endpoint::Zone(id) => (
                    None,
                    zone_ix.get(id.as_str()).copied().into_iter().collect(),
                ),
            }
        };
        let flow_ends: Vec<FlowEnds> = model
            .flows
            .iter()
            .map(|f| {
                let (fa, fzs) = resolve(&f.from);
                let (ta, tzs) = resolve(&f.to);
                FlowEnds {
                    from_asset: fa,
                    to_asset: ta,
                    from_zone: fzs.first().copied(),
                    to_zone: tzs.first().copied(),
                    from_zones: fzs,
                    to_zones: tzs,
                }
            })
            .collect();
        let flow_via: Vec<Vec<usize>> = model
            .flows
            .iter()
            .map(|f| {
                f.via
                    .iter()
                    .filter_map(|v| asset_ix.get(v.as_str()).copied())
                    .collect()
            })
            .collect();

        // Steps 1-3 and 1-5: operations → protected objects.
        let mut asset_imp = Vec::with_capacity(model.assets.len());
        let mut asset_vec = Vec::with_capacity(model.assets.len());
        for a in &model.assets {
            let from_ops = a
                .operations
                .iter()
                .filter_map(|o| {
                    op_ix
                        .get(o.as_str())
                        .and_then(|&i| model.operations[i].importance)
                })
                .max();
            let overall = a.importance.max().or(from_ops);
            let imp = &a.importance;
            let v = [
                imp.safety,
                imp.quality,
                imp.delivery,
                imp.cost,
                imp.business_continuity,
            ];
            asset_vec.push(v.map(|x| x.or(overall)));
            asset_imp.push(overall);
        }
        // Importance follows control reach: what sends control instructions to an asset,
        // directly or along an automated chain, is at least as important for safety, quality
        // and business continuity as what it controls.
        let asset_raised_by =
            raise_by_control_reach(model, &flow_ends, &mut asset_vec, &mut asset_imp);
        // Protected objects → zones (data assets count in every zone that holds them).
        let mut zone_imp = vec![None; model.zones.len()];
        let mut zone_vec = vec![[None; 5]; model.zones.len()];
        for (zi, assets) in zone_assets.iter().enumerate() {
            for &ai in assets {
                zone_imp[zi] = zone_imp[zi].max(asset_imp[ai]);
                for k in 0..5 {
                    zone_vec[zi][k] = zone_vec[zi][k].max(asset_vec[ai][k]);
                }
            }
        }

        let party_of = |r: &Responsible| match r {
            Responsible::Party(p) => party_ix.get(p.as_str()).copied(),
            Responsible::InHouse => None,
        };
        let asset_operator: Vec<Option<usize>> = model
            .assets
            .iter()
            .map(|a| match &a.operated_by {
                Some(r) => party_of(r),
                None => a
                    .operations
                    .iter()
                    .filter_map(|o| op_ix.get(o.as_str()))
                    .find_map(|&oi| party_of(&model.operations[oi].performed_by)),
            })
            .collect();
        let asset_external: Vec<bool> = model
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| {
                a.kind == AssetKind::ExternalService
                    || asset_operator[i].is_some()
                    || a.operations.iter().any(|o| {
                        op_ix.get(o.as_str()).is_some_and(|&oi| {
                            party_of(&model.operations[oi].performed_by).is_some()
                        })
                    })
                    || asset_zones[i].iter().any(|&z| {
                        let zone = &model.zones[z];
                        zone.kind == ZoneKind::External
                            || zone.site.is_some()
                            || party_of(&zone.managed_by).is_some()
                    })
            })
            .collect();

        // Who drives control: sources of control flows into a control/production zone,
        // then backwards over automated flows (no human review in between).
        let mut drives = vec![false; model.assets.len()];
        let mut automated_into: Vec<Vec<usize>> = vec![Vec::new(); model.assets.len()];
        let mut stack = Vec::new();
        for (fi, f) in model.flows.iter().enumerate() {
            let e = &flow_ends[fi];
            if f.automated
                && let (Some(fa), Some(ta)) = (e.from_asset, e.to_asset)
            {
                automated_into[ta].push(fa);
            }
        }
        // Seeds: sources of control flows into a control or production zone.
        for (fi, f) in model.flows.iter().enumerate() {
            let e = &flow_ends[fi];
            if f.control
                && let (Some(fa), Some(tz)) = (e.from_asset, e.to_zone)
                && is_fa(model.zones[tz].kind)
                && !drives[fa]
            {
                drives[fa] = true;
                stack.push(fa);
            }
        }
        while let Some(a) = stack.pop() {
            for &src in &automated_into[a] {
                if !drives[src] {
                    drives[src] = true;
                    stack.push(src);
                }
            }
        }
        let asset_drives_control: Vec<bool> = drives;

        // Control from outside the control network along the whole chain: forward over
        // automated flows from every asset outside the control and production zones.
        let outside_fa = |ai: usize| !asset_zones[ai].iter().any(|&z| is_fa(model.zones[z].kind));
        let mut fed = vec![false; model.assets.len()];
        let mut automated_out: Vec<Vec<usize>> = vec![Vec::new(); model.assets.len()];
        for (fi, f) in model.flows.iter().enumerate() {
            let e = &flow_ends[fi];
            if !f.automated {
                continue;
            }
            let Some(ta) = e.to_asset else { continue };
            match e.from_asset {
                Some(fa) => {
                    automated_out[fa].push(ta);
                    if outside_fa(fa) && !fed[ta] {
                        fed[ta] = true;
                        stack.push(ta);
                    }
                }
                None => {
                    if e.from_zone.is_some_and(|z| !is_fa(model.zones[z].kind)) && !fed[ta] {
                        fed[ta] = true;
                        stack.push(ta);
                    }
                }
            }
        }
        while let Some(a) = stack.pop() {
            for &next in &automated_out[a] {
                if !fed[next] {
                    fed[next] = true;
                    stack.push(next);
                }
            }
        }
        let asset_fed_from_outside = fed;

        let mut asset_remote: Vec<bool> = model
            .assets
            .iter()
            .map(|a| a.has_trait(AssetTrait::RemoteAccess))
            .collect();
        for (fi, f) in model.flows.iter().enumerate() {
            if matches!(
                f.network,
                Network::Internet | Network::Vpn | Network::Carrier
            ) && let Some(ta) = flow_ends[fi].to_asset
            {
                asset_remote[ta] = true;
            }
        }
        let asset_spans_fa_oa: Vec<bool> = model
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| {
                a.kind == AssetKind::Data
                    && asset_zones[i].iter().any(|&z| is_fa(model.zones[z].kind))
                    && asset_zones[i]
                        .iter()
                        .any(|&z| model.zones[z].kind == ZoneKind::Information)
            })
            .collect();

        let mut zone_exposed: Vec<bool> = model
            .zones
            .iter()
            .map(|z| z.kind == ZoneKind::External)
            .collect();
        for (zi, assets) in zone_assets.iter().enumerate() {
            if assets
                .iter()
                .any(|&a| asset_remote[a] && model.assets[a].kind != AssetKind::Data)
            {
                zone_exposed[zi] = true;
            }
        }
        // (from zone, to zone, flow) of every flow between two zones; sorted, it groups
        // into the conduits (each conduit's flows in model order) and builds the map at once.
        let mut between: Vec<(usize, usize, usize)> = Vec::new();
        // A data asset held in several zones sends and receives in each of them.
        for (fi, f) in model.flows.iter().enumerate() {
            let e = &flow_ends[fi];
            for (&a, &b) in e
                .from_zones
                .iter()
                .flat_map(|a| e.to_zones.iter().map(move |b| (a, b)))
            {
                if a != b {
                    between.push((a, b, fi));
                    let (ka, kb) = (model.zones[a].kind, model.zones[b].kind);
                    if ka == ZoneKind::External {
                        zone_exposed[b] = true;
                    }
                    if kb == ZoneKind::External {
                        zone_exposed[a] = true;
                    }
                }
                if matches!(
                    f.network,
                    Network::Internet | Network::Vpn | Network::Carrier
                ) {
                    zone_exposed[b] = true;
                }
            }
        }
        between.sort_unstable();
        let conduits: BTreeMap<(usize, usize), Vec<usize>> = between
            .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
            .map(|c| ((c[0].0, c[0].1), c.iter().map(|t| t.2).collect()))
            .collect();

        let mut measures: HashMap<&str, Vec<MeasureCover>> = HashMap::default();
        for m in &model.measures {
            let factory = m.scope.is_empty() || m.scope.contains(&ScopeRef::Factory);
            measures
                .entry(crate::knowledge::measure_key(&m.measure))
                .or_default()
                .push(MeasureCover {
                    status: m.status,
                    factory,
                    scope: m.scope.iter().map(|s| s.to_string()).collect(),
                });
        }

        let flow_ix: HashMap<&str, usize> = model
            .flows
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i))
            .collect();
        let mut measure_at: HashMap<(&str, Scope), MeasureStatus> = HashMap::default();
        let mut measure_factory: HashMap<&str, MeasureStatus> = HashMap::default();
        let mut implemented_on = HashSet::default();
        let mut measure_kinds: HashMap<&str, [bool; 3]> = HashMap::default();
        for m in &model.measures {
            let key = crate::knowledge::measure_key(&m.measure);
            if m.scope.is_empty() {
                let e = measure_factory.get(key).copied();
                if let Some(s) = better(e, m.status) {
                    measure_factory.insert(key, s);
                }
            }
            for s in &m.scope {
                let scope = match s {
                    ScopeRef::Factory => {
                        let e = measure_factory.get(key).copied();
                        if let Some(st) = better(e, m.status) {
                            measure_factory.insert(key, st);
                        }
                        continue;
                    }
                    ScopeRef::Zone(id) => zone_ix.get(id.as_str()).map(|&i| Scope::Zone(i)),
                    ScopeRef::Asset(id) => asset_ix.get(id.as_str()).map(|&i| Scope::Asset(i)),
                    ScopeRef::Flow(id) => flow_ix.get(id.as_str()).map(|&i| Scope::Flow(i)),
                    _ => None,
                };
                let Some(scope) = scope else { continue };
                let kinds = measure_kinds.entry(key).or_insert([false; 3]);
                kinds[match scope {
                    Scope::Zone(_) => 0,
                    Scope::Asset(_) => 1,
                    Scope::Flow(_) => 2,
                }] = true;
                if m.status == MeasureStatus::Implemented {
                    implemented_on.insert(scope);
                }
                let e = measure_at.get(&(key, scope)).copied();
                if let Some(st) = better(e, m.status) {
                    measure_at.insert((key, scope), st);
                }
            }
        }
        let mut asset_out = vec![Vec::new(); model.assets.len()];
        let mut asset_in = vec![Vec::new(); model.assets.len()];
        for (fi, e) in flow_ends.iter().enumerate() {
            if let Some(a) = e.from_asset {
                asset_out[a].push(fi);
            }
            if let Some(a) = e.to_asset {
                asset_in[a].push(fi);
            }
        }

        Ctx {
            model,
            know,
            today,
            asset_ix,
            zone_ix,
            flow_ix,
            party_ix,
            op_ix,
            asset_zones,
            zone_assets,
            asset_imp,
            asset_vec,
            zone_imp,
            zone_vec,
            flow_ends,
            flow_via,
            asset_operator,
            asset_external,
            asset_raised_by,
            asset_fed_from_outside,
            reach: Default::default(),
            sl_facts: Default::default(),
            asset_drives_control,
            asset_remote,
            asset_spans_fa_oa,
            zone_exposed,
            conduits,
            measures,
            measure_at,
            measure_factory,
            measure_kinds,
            implemented_on,
            asset_out,
            asset_in,
            hits: Vec::new(),
            threat_texts: crate::rules::threats::threat_texts(know),
            zone_rank,
            loc_of: HashMap::default(),
            focus: None,
        }
    }

    /// The IEC 62443 target SL of a zone: the model's where set, else the derived one; with
    /// the derivation in words, in `lang` (English for the assessment's JSON, Japanese for
    /// the reports).
    pub fn target_sl(&self, zi: usize, lang: Lang) -> (Option<u8>, String) {
        let (derived, words) = self.derived_sl(zi, lang);
        match self.model.zones[zi].target_sl {
            Some(sl) => {
                let set = match (lang, derived) {
                    (Lang::Ja, Some(d)) if d > sl => {
                        format!("。モデルの設定は目標SL {sl}(導出値 {d} を下回る)")
                    }
                    (Lang::Ja, _) => format!("。目標SL {sl} はモデルで設定"),
                    (Lang::En, Some(d)) if d > sl => {
                        format!("; the model sets target SL {sl}, below the derived {d}")
                    }
                    (Lang::En, _) => format!("; target SL {sl} set in the model"),
                };
                (Some(sl), format!("{words}{set}"))
            }
            None => (derived, words),
        }
    }

    /// The target SL derived from the consequence (the zone's importance, raised by control
    /// reach; safety functions), the exposure (the entry points that reach it and over how
    /// many enforcing boundary devices) and the threats rated high or critical there; a
    /// zone holding a safety function is never below a control or production zone it is
    /// connected to. `None` where no importance is known.
    pub fn derived_sl(&self, zi: usize, lang: Lang) -> (Option<u8>, String) {
        let facts = self.sl_facts();
        let ja = lang == Lang::Ja;
        let f = &facts[zi];
        let imp = self.zone_imp[zi];
        let mut words = match (imp, ja) {
            (Some(l), false) => format!(
                "consequence: importance {} (the highest of its protected objects{})",
                l.as_str(),
                if f.raised {
                    ", raised by what they control"
                } else {
                    ""
                }
            ),
            (Some(l), true) => format!(
                "影響: 重要度 {}(保護対象の重要度の最高値{})",
                level_ja(l),
                if f.raised {
                    "、制御先の重要度を反映"
                } else {
                    ""
                }
            ),
            (None, false) => "importance unknown (no protected object has one)".to_string(),
            (None, true) => "重要度 不明(重要度の定まった保護対象がない)".to_string(),
        };
        if imp.is_none() {
            words.push_str(if ja {
                "。目標SL は導出せず"
            } else {
                "; no target SL derived"
            });
            return (None, words);
        }
        let sl = f.base.unwrap_or(1);
        let exposure = match (&f.exposure, ja) {
            (None, false) => "exposure: no entry point reaches it".to_string(),
            (None, true) => "露出: 到達する侵入口なし".to_string(),
            (Some((n, b, name, _)), false) => format!(
                "exposure: {n} entry {} reach{} it, the least guarded ({name}) over {b} enforcing boundary {}",
                if *n == 1 { "point" } else { "points" },
                if *n == 1 { "es" } else { "" },
                if *b == 1 { "device" } else { "devices" },
            ),
            (Some((n, b, _, name)), true) => format!(
                "露出: 侵入口 {n} 箇所から到達可能。最も守りの弱い経路({name})の境界装置は {b} 台"
            ),
        };
        words.push_str(if ja { "、" } else { "; " });
        words.push_str(&exposure);
        let rule = if ja {
            "(低 → 1、中・高 → 2、高かつ到達可能 → 3、低で境界装置なしに到達可能 → 2)"
        } else {
            "(low → 1, medium or high → 2, high and reachable → 3, low and reachable past no boundary device → 2)"
        };
        words.push_str(&format!(" → {sl} {rule}"));
        let mut sl = sl;
        if let Some(t) = f.threat_sl.filter(|&t| t > sl) {
            sl = t;
            words.push_str(&if ja {
                format!("。到達可能で高・重大と評価された脅威が SL {t} を求める(一段まで)")
            } else {
                format!("; threats rated high or critical here, reachable, call for SL {t} (at most one level more)")
            });
        }
        if let Some((other, s)) = f.protects.filter(|&(_, s)| s > sl) {
            sl = s;
            words.push_str(&if ja {
                format!(
                    "。安全機能を持つゾーンは、守る対象のゾーン {} を下回らない → {s}",
                    self.zone_name(other)
                )
            } else {
                format!(
                    "; it holds a safety function and is never below the zone it protects ({}) → {s}",
                    self.zone_name(other)
                )
            });
        }
        words.push_str(&if ja {
            format!("。推奨目標SL {sl}")
        } else {
            format!("; suggested target SL {sl}")
        });
        (Some(sl), words)
    }

    /// The target SL a zone works to: the model's where set, else the derived one.
    pub fn target_sl_value(&self, zi: usize) -> Option<u8> {
        self.model.zones[zi]
            .target_sl
            .or_else(|| self.derived_sl_value(zi))
    }

    /// The value [`Ctx::derived_sl`] gives, without its words.
    pub fn derived_sl_value(&self, zi: usize) -> Option<u8> {
        let f = &self.sl_facts()[zi];
        self.zone_imp[zi]?;
        let own = f.base.max(f.threat_sl);
        own.max(f.protects.map(|p| p.1))
    }

    /// What each zone's target SL is derived from, computed once.
    fn sl_facts(&self) -> &[SlFacts] {
        self.sl_facts.get_or_init(|| {
            let m = self.model;
            let nz = m.zones.len();
            let mut threat_sl: Vec<Option<u8>> = vec![None; nz];
            for h in &self.hits {
                if h.severity >= Severity::High
                    && let Some(sl) = self.know.threats[h.threat].sl
                {
                    threat_sl[h.zone] = threat_sl[h.zone].max(Some(sl));
                }
            }
            let mut facts: Vec<SlFacts> = (0..nz)
                .map(|zi| {
                    let exposure = self.reach.weakest(zi).map(|p| {
                        let (en, ja) = self.reach.entries[p.entry].kind.words(self);
                        (self.reach.zone_paths[zi].len(), p.boundaries, en, ja)
                    });
                    let exposed = exposure.is_some() || self.zone_exposed[zi];
                    let unguarded = exposure.as_ref().is_some_and(|e| e.1 == 0);
                    let base = self.zone_imp[zi].map(|l| match (l, exposed) {
                        (Level::High, true) => 3,
                        (Level::Low, false) => 1,
                        (Level::Low, true) if !unguarded => 1,
                        _ => 2,
                    });
                    let raised = self.zone_assets[zi]
                        .iter()
                        .any(|&a| self.asset_raised_by[a].is_some());
                    SlFacts {
                        base,
                        raised,
                        exposure,
                        threat_sl: threat_sl[zi]
                            .filter(|_| exposed)
                            .zip(base)
                            .map(|(t, b)| t.min(b + 1).min(4)),
                        protects: None,
                    }
                })
                .collect();
            // A safety function's zone is never below the control or production zones it
            // is connected to.
            let own = |f: &SlFacts| f.base.max(f.threat_sl);
            for &(a, b) in self.conduits.keys() {
                for (s, o) in [(a, b), (b, a)] {
                    let safety = self.zone_assets[s]
                        .iter()
                        .any(|&x| m.assets[x].has_trait(AssetTrait::SafetyFunction));
                    if safety
                        && is_fa(m.zones[o].kind)
                        && let Some(osl) = own(&facts[o])
                        && facts[s].protects.is_none_or(|(_, v)| osl > v)
                    {
                        facts[s].protects = Some((o, osl));
                    }
                }
            }
            facts
        })
    }

    /// Importance for a threat's impacts in a zone: the highest of those viewpoints.
    pub fn zone_importance_for(&self, zi: usize, impacts: &[Impact]) -> Option<Level> {
        imp_for(&self.zone_vec[zi], impacts)
    }

    pub fn asset_importance_for(&self, ai: usize, impacts: &[Impact]) -> Option<Level> {
        imp_for(&self.asset_vec[ai], impacts)
    }

    /// Whether a flow carries control instructions from outside the control network: its
    /// sender is outside the control and production zones, or is fed from outside along an
    /// automated chain (robot programs pushed automatically through an MES).
    pub fn control_from_outside(&self, fi: usize) -> bool {
        let e = &self.flow_ends[fi];
        self.model.flows[fi].control
            && (!e.from_zone.is_some_and(|z| is_fa(self.model.zones[z].kind))
                || e.from_asset.is_some_and(|a| self.asset_fed_from_outside[a]))
    }

    /// The party whose contract covers how an asset is run: its operator, else its
    /// supplier.
    pub fn asset_contract_party(&self, ai: usize) -> Option<usize> {
        self.asset_operator[ai].or_else(|| {
            self.model.assets[ai]
                .supplier
                .as_deref()
                .and_then(|p| self.party_ix.get(p).copied())
        })
    }

    /// Whether the zone is managed by an external party.
    pub fn zone_managed_externally(&self, zi: usize) -> bool {
        matches!(&self.model.zones[zi].managed_by, Responsible::Party(_))
    }

    /// The best status of a measure on any of the given subjects, or factory-wide.
    pub fn measure_status(&self, measure: &str, scopes: &[Scope]) -> Option<MeasureStatus> {
        let key = crate::knowledge::measure_key(measure);
        let mut best = self.measure_factory.get(key).copied();
        if best == Some(MeasureStatus::Implemented) {
            return best;
        }
        let Some(kinds) = self.measure_kinds.get(key) else {
            return best;
        };
        for s in scopes {
            let kind = match s {
                Scope::Zone(_) => 0,
                Scope::Asset(_) => 1,
                Scope::Flow(_) => 2,
            };
            if !kinds[kind] {
                continue;
            }
            if let Some(&st) = self.measure_at.get(&(key, *s)) {
                best = better(best, st);
                if best == Some(MeasureStatus::Implemented) {
                    break;
                }
            }
        }
        best
    }

    /// Whether a group of findings on these zones and flows is in the focus (always, when
    /// there is none).
    pub fn in_focus(&self, zones: impl IntoIterator<Item = usize>, flows: &[usize]) -> bool {
        self.focus.as_ref().is_none_or(|f| {
            zones
                .into_iter()
                .any(|z| f.zones.get(z).copied().unwrap_or(false))
                || flows
                    .iter()
                    .any(|&fi| f.flows.get(fi).copied().unwrap_or(false))
        })
    }

    /// For each zone, the conduits entering it: (source zone, flows), sources in order of
    /// zone id (texts that name them do not follow the order the model lists zones in).
    pub fn inbound(&self) -> Vec<Vec<(usize, &Vec<usize>)>> {
        let mut by_to = vec![Vec::new(); self.model.zones.len()];
        for (&(a, b), flows) in &self.conduits {
            by_to[b].push((a, flows));
        }
        for v in &mut by_to {
            v.sort_by(|x, y| self.model.zones[x.0].id.cmp(&self.model.zones[y.0].id));
        }
        by_to
    }

    /// Zone ids of the given zones, sorted, as subjects (`zone:ID`).
    pub fn zone_subjects(&self, zones: &[usize]) -> Vec<String> {
        let mut v: Vec<String> = zones
            .iter()
            .map(|&z| format!("zone:{}", self.model.zones[z].id))
            .collect();
        v.sort();
        v
    }

    /// A subject as written in findings: `zone:ID`, `asset:ID`, `flow:ID`.
    pub fn scope_subject(&self, s: Scope) -> String {
        match s {
            Scope::Zone(z) => format!("zone:{}", self.model.zones[z].id),
            Scope::Asset(a) => format!("asset:{}", self.model.assets[a].id),
            Scope::Flow(f) => format!("flow:{}", self.model.flows[f].id),
        }
    }

    /// The names of a flow's two ends: its assets, else its zones.
    pub fn flow_end_names(&self, fi: usize) -> (&'a str, &'a str) {
        let e = &self.flow_ends[fi];
        let end = |a: Option<usize>, z: Option<usize>| match (a, z) {
            (Some(a), _) => self.model.assets[a].name.as_str(),
            (None, Some(z)) => self.zone_name(z),
            _ => "",
        };
        (end(e.from_asset, e.from_zone), end(e.to_asset, e.to_zone))
    }

    /// The flows with these ids in words, as a person names them: "the flow from A to B",
    /// "3 flows: from A to B, from C to D and from E to F", at most `n` named.
    pub fn flows_phrase(&self, ids: &[String], n: usize, lang: Lang) -> String {
        self.flows_phrase_of(ids, ids.len(), n, lang)
    }

    /// [`Ctx::flows_phrase`] of the first few of `count` flows (the rest are counted).
    pub fn flows_phrase_of(&self, ids: &[String], count: usize, n: usize, lang: Lang) -> String {
        let flows = ids
            .iter()
            .filter_map(|id| self.flow_ix.get(id.as_str()).copied());
        self.flows_phrase_ix(flows, count, n, lang)
    }

    /// [`Ctx::flows_phrase_of`] by flow index.
    pub fn flows_phrase_ix(
        &self,
        flows: impl IntoIterator<Item = usize>,
        count: usize,
        n: usize,
        lang: Lang,
    ) -> String {
        use std::fmt::Write;
        let mut ends: Vec<(&str, &str)> = flows
            .into_iter()
            .map(|fi| self.flow_end_names(fi))
            .collect();
        ends.sort_unstable();
        ends.dedup();
        let shown = &ends[..ends.len().min(n)];
        let more = count.saturating_sub(shown.len());
        let mut out = String::new();
        let sep = if lang == Lang::Ja { "、" } else { ", " };
        match (lang, count) {
            (Lang::En, 1) => out.push_str("the flow "),
            (Lang::En, _) => {
                let _ = write!(out, "{count} flows: ");
            }
            (Lang::Ja, 1) => {}
            (Lang::Ja, _) => {
                let _ = write!(out, "{count} 件のフロー(");
            }
        }
        for (i, (f, t)) in shown.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            let _ = match lang {
                Lang::En => write!(out, "from {f} to {t}"),
                Lang::Ja => write!(out, "{f} から {t} へ"),
            };
        }
        match (lang, count) {
            (Lang::En, 1) => {}
            (Lang::En, _) if more > 0 => {
                let _ = write!(out, " and {more} more");
            }
            (Lang::En, _) => {}
            (Lang::Ja, 1) => out.push_str("のフロー"),
            (Lang::Ja, _) if more > 0 => {
                let _ = write!(out, "、ほか {more} 件)");
            }
            (Lang::Ja, _) => out.push(')'),
        }
        out
    }

    pub fn zone_id(&self, zi: usize) -> &'a str {
        &self.model.zones[zi].id
    }
    pub fn zone_name(&self, zi: usize) -> &'a str {
        &self.model.zones[zi].name
    }

    /// Where a subject (`kind:id`) is defined in the model files.
    pub fn location_of(&self, subject: &str) -> Option<SourceLocation> {
        let (kind, id) = subject.split_once(':').unwrap_or((subject, ""));
        let loc = self.loc_of.get(&(kind, id))?;
        let path = self.model.path_of(*loc)?;
        Some(SourceLocation {
            path: path.display().to_string(),
            line: loc.line,
            column: loc.column,
        })
    }

    /// Builds a finding with a stable id, location, rule and Japanese words.
    pub fn finding(&self, d: Draft) -> Finding {
        let id_subjects = d.id_subjects.unwrap_or_else(|| d.subjects.clone());
        let id = finding_id(d.rule.kind.as_str(), &id_subjects, &d.discriminator);
        let location = d.subjects.first().and_then(|s| self.location_of(s));
        let mut i18n = KeyedList::new();
        if let Some(ja) = d.ja {
            i18n.insert("ja".into(), ja);
        }
        Finding {
            id,
            kind: d.rule.kind.clone(),
            step: d.rule.step.to_string(),
            severity: d.severity,
            subjects: d.subjects,
            title: d.title,
            detail: d.detail,
            recommendation: d.recommendation,
            reference: d.reference.unwrap_or_else(|| d.rule.reference.to_string()),
            catalog: d.catalog,
            decision: None,
            location,
            rule: Some(d.rule.id.to_string()),
            facts: d.facts,
            i18n,
        }
    }
}

fn imp_for(v: &ImpVec, impacts: &[Impact]) -> Option<Level> {
    if impacts.is_empty() {
        return v.iter().flatten().max().copied();
    }
    impacts.iter().filter_map(|i| v[i.index()]).max()
}

/// What a rule fills in; [`Ctx::finding`] turns it into a [`Finding`].
pub struct Draft {
    pub rule: &'static RuleInfo,
    pub subjects: Vec<String>,
    /// Subjects the id is computed from, where not all of `subjects` (aggregated findings
    /// keep their id when members are added).
    pub id_subjects: Option<Vec<String>>,
    pub discriminator: String,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub recommendation: String,
    pub reference: Option<String>,
    pub catalog: Vec<String>,
    pub facts: Facts,
    pub ja: Option<Text>,
}

impl Draft {
    pub fn new(rule: &'static RuleInfo, subjects: Vec<String>, severity: Severity) -> Draft {
        Draft {
            rule,
            subjects,
            id_subjects: None,
            discriminator: String::new(),
            severity,
            title: String::new(),
            detail: String::new(),
            recommendation: String::new(),
            reference: None,
            catalog: Vec::new(),
            facts: Facts::new(),
            ja: None,
        }
    }
    pub fn text(mut self, title: String, detail: String, recommendation: String) -> Draft {
        self.title = title;
        self.detail = detail;
        self.recommendation = recommendation;
        self
    }
    pub fn ja(mut self, title: String, detail: String, recommendation: String) -> Draft {
        self.ja = Some(Text {
            title,
            detail,
            recommendation,
        });
        self
    }
    /// Title, detail and recommendation as messages of the language layer, in English and
    /// Japanese; `said` gives each language's messages (arguments such as flow phrases are
    /// worded per language), so both say the same thing.
    pub fn words(self, said: impl Fn(Lang) -> [kojo_lang::Message; 3]) -> Draft {
        let [title, detail, rec] = said(Lang::En).map(|m| m.render(Lang::En));
        let [title_ja, detail_ja, rec_ja] = said(Lang::Ja).map(|m| m.render(Lang::Ja));
        self.text(title, detail, rec)
            .ja(title_ja, detail_ja, rec_ja)
    }
    /// [`Draft::words`] without a recommendation (the zone's verdict writes it).
    pub fn title_detail(self, said: impl Fn(Lang) -> [kojo_lang::Message; 2]) -> Draft {
        let [title, detail] = said(Lang::En).map(|m| m.render(Lang::En));
        let [title_ja, detail_ja] = said(Lang::Ja).map(|m| m.render(Lang::Ja));
        self.text(title, detail, String::new())
            .ja(title_ja, detail_ja, String::new())
    }
    pub fn disc(mut self, d: impl Into<String>) -> Draft {
        self.discriminator = d.into();
        self
    }
    pub fn fact(mut self, k: &'static str, v: impl Into<serde_json::Value>) -> Draft {
        self.facts.insert(k.into(), v.into());
        self
    }
}

/// The language of the words the rules write for renderers: English (the assessment's
/// JSON, its one language) or Japanese (the reports). The workspace's one `Lang`.
pub use kojo_lang::Lang;

/// Lists at most `n` names, then "and N more".
pub fn list<S: std::borrow::Borrow<str>>(names: &[S], n: usize) -> String {
    list_of(names, names.len(), n, Lang::En)
}

/// Japanese [`list`]: at most `n` names joined with 「、」, then 「ほか N 件」.
pub fn list_ja<S: std::borrow::Borrow<str>>(names: &[S], n: usize) -> String {
    list_of(names, names.len(), n, Lang::Ja)
}

/// Sentences one after another: a space between them in English, none in Japanese.
pub fn sentences(lang: Lang, parts: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for p in parts.into_iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() && lang == Lang::En {
            out.push(' ');
        }
        out.push_str(&p);
    }
    out
}

/// The first names of `count` (at most `n` shown, the rest counted), by language: "A, B and
/// C", "A, B and 3 more", 「A、B ほか 3 件」.
pub fn list_of<S: std::borrow::Borrow<str>>(
    names: &[S],
    count: usize,
    n: usize,
    lang: Lang,
) -> String {
    let shown = &names[..names.len().min(n)];
    let more = count.saturating_sub(shown.len());
    match (lang, shown) {
        (Lang::En, [init @ .., last]) if more == 0 && !init.is_empty() => {
            format!("{} and {}", init.join(", "), last.borrow())
        }
        (Lang::En, _) if more == 0 => shown.join(", "),
        (Lang::En, _) => format!("{} and {more} more", shown.join(", ")),
        (Lang::Ja, _) if more == 0 => shown.join("、"),
        (Lang::Ja, _) => format!("{} ほか {more} 件", shown.join("、")),
    }
}

/// [`list`] or [`list_ja`], by language.
pub fn list_in<S: std::borrow::Borrow<str>>(names: &[S], n: usize, lang: Lang) -> String {
    list_of(names, names.len(), n, lang)
}

/// A keyword a message selects on: `yes` or `no`.
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// An importance level in the reader's words ("unknown" where none is known).
pub fn level_in(l: Option<Level>, lang: Lang) -> &'static str {
    match (l, lang) {
        (Some(l), Lang::En) => l.as_str(),
        (Some(l), Lang::Ja) => level_ja(l),
        (None, Lang::En) => "unknown",
        (None, Lang::Ja) => "不明",
    }
}

/// An importance level in Japanese: 高, 中, 低.
pub fn level_ja(l: Level) -> &'static str {
    match l {
        Level::High => "高",
        Level::Medium => "中",
        Level::Low => "低",
    }
}

/// A severity in Japanese, the glossary's word (緊急, 高, 中, 低, 情報).
pub fn severity_ja(s: Severity) -> String {
    kojo_lang::severity(kojo_lang::Lang::Ja, s.as_str())
}

/// For items `0..n`, each one's place in the order `cmp` gives (items it holds equal share
/// one place), so that sorting by the place sorts as `cmp` does.
pub fn rank_by(n: usize, cmp: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    let mut rank = vec![0; n];
    for k in 1..order.len() {
        rank[order[k]] = if cmp(order[k - 1], order[k]).is_eq() {
            rank[order[k - 1]]
        } else {
            k
        };
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::{list, list_ja, rank_by};

    #[test]
    fn japanese_lists_say_hoka_n_ken_not_and_n_more() {
        let names = ["a", "b", "c", "d"];
        assert_eq!(list_ja(&names, 4), "a、b、c、d");
        assert_eq!(list_ja(&names, 2), "a、b ほか 2 件");
        assert_eq!(list(&names, 2), "a, b and 2 more");
    }

    #[test]
    fn rank_by_orders_like_the_comparison_and_shares_places_for_equals() {
        let ids = ["m", "b", "z", "b", "a"];
        let rank = rank_by(ids.len(), |a, b| ids[a].cmp(ids[b]));
        assert_eq!(rank, vec![3, 1, 4, 1, 0]);
        let mut by_rank: Vec<usize> = (0..ids.len()).collect();
        by_rank.sort_by_key(|&i| rank[i]);
        let mut by_id: Vec<usize> = (0..ids.len()).collect();
        by_id.sort_by(|&a, &b| ids[a].cmp(ids[b]));
        assert_eq!(by_rank, by_id, "stable sorts by rank and by id agree");
    }
}
