//! The conduit graph and what it reaches (Steps 1-7, 2-2): entry points (internet, carrier,
//! VPN and remote access, wireless, removable media, maintenance laptops, external parties,
//! external zones and other sites, compromised assets), and for every zone the shortest way
//! from each entry point over the flows between zones, with the boundary devices passed and
//! whether a person stands on the way (a flow that is not automated).
//!
//! Zones are the nodes: within a zone every asset is taken to reach every other (that is
//! what a zone is), so an asset is reached when its zone is. Flows are followed in their
//! direction only (what an attacker holding the sender can push to the receiver).

use crate::ctx::Ctx;
use kojo_model::{AssetTrait, Network, Responsible, ZoneKind};
use std::collections::VecDeque;

/// Roles of boundary devices that enforce a policy on what passes (routers and switches are
/// boundary devices too, but forward what they are given).
pub const ENFORCING_ROLES: &[&str] = &[
    "firewall",
    "data-diode",
    "vpn-gateway",
    "remote-access-gateway",
];

/// Where an attacker can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    Internet,
    Carrier,
    /// VPN connections and assets with the remote-access trait.
    Vpn,
    Wireless,
    RemovableMedia,
    MaintenanceLaptop,
    /// An external party running assets or managing zones (party index).
    Party(usize),
    /// An external zone or a zone of another site (zone index).
    ExternalZone(usize),
    /// An asset assumed in the attacker's hands (`kojo assess --compromised`).
    Compromised(usize),
}

/// One entry point and where it lands: (zone, the flow that brings it in, if any).
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    pub landings: Vec<(usize, Option<usize>)>,
}

/// The shortest way from one entry point into a zone.
#[derive(Debug, Clone)]
pub struct ZonePath {
    /// Index into [`Reach::entries`].
    pub entry: usize,
    /// The flow the entry point comes in by, where it comes in by one.
    pub landing: Option<usize>,
    /// The zones passed, the landing zone first and this zone last.
    pub zones: Vec<usize>,
    /// The flows crossed from the landing zone on, one per hop.
    pub hops: Vec<usize>,
    /// Enforcing boundary devices passed, on the landing flow and every hop.
    pub boundaries: usize,
    /// A hop is a flow that is not automated: a person reviews what crosses.
    pub human_review: bool,
}

/// Entry points and, for every zone, the shortest path from each one that reaches it.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    pub entries: Vec<Entry>,
    /// By zone, ordered by entry.
    pub zone_paths: Vec<Vec<ZonePath>>,
}

impl Reach {
    /// Whether any entry point reaches the zone.
    pub fn exposed(&self, zi: usize) -> bool {
        !self.zone_paths[zi].is_empty()
    }

    /// The path with the fewest boundaries, then the fewest hops, into the zone.
    pub fn weakest(&self, zi: usize) -> Option<&ZonePath> {
        self.zone_paths[zi]
            .iter()
            .min_by_key(|p| (p.boundaries, p.hops.len(), p.entry))
    }
}

impl EntryKind {
    /// The entry point as a JSON word or subject: `internet`, `party:ID`, `zone:ID`, …
    pub fn key(self, ctx: &Ctx) -> String {
        match self {
            EntryKind::Internet => "internet".into(),
            EntryKind::Carrier => "carrier".into(),
            EntryKind::Vpn => "vpn".into(),
            EntryKind::Wireless => "wireless".into(),
            EntryKind::RemovableMedia => "removable-media".into(),
            EntryKind::MaintenanceLaptop => "maintenance-laptop".into(),
            EntryKind::Party(p) => format!("party:{}", ctx.model.parties[p].id),
            EntryKind::ExternalZone(z) => format!("zone:{}", ctx.model.zones[z].id),
            EntryKind::Compromised(a) => format!("asset:{}", ctx.model.assets[a].id),
        }
    }

    /// The entry point in words (English, Japanese), by name, never by id.
    pub fn words(self, ctx: &Ctx) -> (String, String) {
        let m = ctx.model;
        match self {
            EntryKind::Internet => ("the internet".into(), "インターネット".into()),
            EntryKind::Carrier => (
                "the carrier network (4G/5G)".into(),
                "通信事業者網(4G/5G)".into(),
            ),
            EntryKind::Vpn => (
                "VPN and remote access".into(),
                "VPN・リモートアクセス".into(),
            ),
            EntryKind::Wireless => ("wireless networks".into(), "無線ネットワーク".into()),
            EntryKind::RemovableMedia => ("removable media".into(), "可搬記憶媒体".into()),
            EntryKind::MaintenanceLaptop => ("maintenance laptops".into(), "保守用PC".into()),
            EntryKind::Party(p) => (
                format!("external party {}", m.parties[p].name),
                format!("外部の組織 {}", m.parties[p].name),
            ),
            EntryKind::ExternalZone(z) => (
                format!("zone {} outside this factory", m.zones[z].name),
                format!("工場外のゾーン {}", m.zones[z].name),
            ),
            EntryKind::Compromised(a) => (
                format!("compromised asset {}", m.assets[a].name),
                format!("侵害された資産 {}", m.assets[a].name),
            ),
        }
    }
}

/// The enforcing boundary devices among the flow's `via` (asset indexes, in `via` order).
pub fn enforcing_devices<'c>(ctx: &'c Ctx, fi: usize) -> impl Iterator<Item = usize> + 'c {
    ctx.flow_via[fi].iter().copied().filter(|&a| {
        ctx.model.assets[a]
            .role
            .as_deref()
            .is_some_and(|r| ENFORCING_ROLES.contains(&r))
    })
}

/// How many enforcing boundary devices the flow passes.
pub fn enforcing(ctx: &Ctx, fi: usize) -> usize {
    enforcing_devices(ctx, fi).count()
}

/// The entry points of the model, in a fixed order (kind, then first landing).
pub fn entries(ctx: &Ctx, compromised: &[usize]) -> Vec<Entry> {
    let m = ctx.model;
    let mut by_kind: std::collections::BTreeMap<EntryKind, Vec<(usize, Option<usize>)>> =
        Default::default();
    let mut add =
        |k: EntryKind, z: usize, f: Option<usize>| by_kind.entry(k).or_default().push((z, f));
    for (fi, f) in m.flows.iter().enumerate() {
        let kind = match f.network {
            Network::Internet => EntryKind::Internet,
            Network::Carrier => EntryKind::Carrier,
            Network::Vpn => EntryKind::Vpn,
            Network::Wireless => EntryKind::Wireless,
            Network::RemovableMedia => EntryKind::RemovableMedia,
            Network::MaintenanceLaptop => EntryKind::MaintenanceLaptop,
            _ => continue,
        };
        if let Some(z) = ctx.flow_ends[fi].to_zone {
            add(kind, z, Some(fi));
        }
    }
    for (ai, a) in m.assets.iter().enumerate() {
        let Some(&z) = ctx.asset_zones[ai].first() else {
            continue;
        };
        if a.has_trait(AssetTrait::Wireless) {
            add(EntryKind::Wireless, z, None);
        }
        if a.has_trait(AssetTrait::RemoteAccess) {
            add(EntryKind::Vpn, z, None);
        }
        if let Some(p) = ctx.asset_operator[ai] {
            add(EntryKind::Party(p), z, None);
        }
    }
    for (zi, z) in m.zones.iter().enumerate() {
        if let Responsible::Party(p) = &z.managed_by
            && let Some(&pi) = ctx.party_ix.get(p.as_str())
        {
            add(EntryKind::Party(pi), zi, None);
        }
        if z.kind == ZoneKind::External || z.site.is_some() {
            add(EntryKind::ExternalZone(zi), zi, None);
        }
    }
    for &ai in compromised {
        if let Some(&z) = ctx.asset_zones[ai].first() {
            add(EntryKind::Compromised(ai), z, None);
        }
    }
    by_kind
        .into_iter()
        .map(|(kind, mut landings)| {
            // By zone and flow id, never by list order: the same landing whatever the order.
            landings.sort_unstable_by_key(|&(z, f)| {
                (ctx.zone_rank[z], f.map(|f| m.flows[f].id.as_str()))
            });
            landings.dedup_by_key(|l| l.0);
            Entry { kind, landings }
        })
        .collect()
}

/// Breadth-first from every entry point over the conduits: for each zone, the shortest path
/// (fewest hops; among the flows of one conduit the one with the fewest enforcing boundary
/// devices, then an automated one).
pub fn reach(ctx: &Ctx, compromised: &[usize]) -> Reach {
    let m = ctx.model;
    let nz = m.zones.len();
    // One representative flow per conduit: the weakest way across.
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nz];
    for (&(a, b), flows) in &ctx.conduits {
        let best = flows.iter().copied().min_by_key(|&fi| {
            (
                enforcing(ctx, fi),
                !m.flows[fi].automated,
                m.flows[fi].id.as_str(),
            )
        });
        if let Some(fi) = best {
            adj[a].push((b, fi));
        }
    }
    for v in &mut adj {
        v.sort_unstable_by_key(|&(b, _)| ctx.zone_rank[b]);
    }
    let entries = entries(ctx, compromised);
    let mut zone_paths: Vec<Vec<ZonePath>> = vec![Vec::new(); nz];
    let mut prev: Vec<Option<(usize, usize)>> = vec![None; nz];
    let mut seen = vec![usize::MAX; nz];
    let mut root: Vec<(usize, Option<usize>)> = vec![(0, None); nz];
    let mut queue = VecDeque::new();
    for (ei, e) in entries.iter().enumerate() {
        let mut order = Vec::new();
        // Landings with the fewest boundaries first, so that a zone reached at the same
        // depth by two landings keeps the weaker one.
        let mut landings = e.landings.clone();
        landings.sort_by_key(|&(z, f)| (f.map_or(0, |f| enforcing(ctx, f)), ctx.zone_rank[z]));
        for (z, f) in landings {
            if seen[z] != ei {
                seen[z] = ei;
                prev[z] = None;
                root[z] = (z, f);
                queue.push_back(z);
            }
        }
        while let Some(z) = queue.pop_front() {
            order.push(z);
            for &(b, fi) in &adj[z] {
                if seen[b] != ei {
                    seen[b] = ei;
                    prev[b] = Some((z, fi));
                    root[b] = root[z];
                    queue.push_back(b);
                }
            }
        }
        for z in order {
            let (mut zones, mut hops) = (vec![z], Vec::new());
            let mut at = z;
            while let Some((p, fi)) = prev[at] {
                hops.push(fi);
                zones.push(p);
                at = p;
            }
            zones.reverse();
            hops.reverse();
            let landing = root[z].1;
            let boundaries = landing.map_or(0, |f| enforcing(ctx, f))
                + hops.iter().map(|&f| enforcing(ctx, f)).sum::<usize>();
            let human_review = hops.iter().any(|&f| !m.flows[f].automated);
            zone_paths[z].push(ZonePath {
                entry: ei,
                landing,
                zones,
                hops,
                boundaries,
                human_review,
            });
        }
    }
    Reach {
        entries,
        zone_paths,
    }
}
