//! "What to review now": the third step of each Annex A case, worked out from a change.
//!
//! - A zone that is new or changed, gains or loses protected objects, or receives a new or
//!   changed flow: review the requirements within it (Step 1-7).
//! - A pair of zones joined by a new, changed or re-routed flow (or no longer joined by a
//!   removed one): review the requirements between them (Step 1-7, Table 3-4).
//! - A party that is new, newly used, or whose contract changed: review its checklist
//!   (Step 3 (2), Tables 3-10 to 3-12).
//! - New services, new or newly used parties and new flows to or from outside: reopen the
//!   BCP review points of 3.1.1 (1) they bear on.

use crate::entities::endpoint;
use crate::{ReviewItem, ReviewKind};
use kojo_model::vocab::{self, word};
use kojo_model::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What makes two review items the same: kind, subjects and point.
type ItemKey = (ReviewKind, Vec<String>, Option<String>);

/// Collects items, merging the reasons of items that ask for the same review; the value
/// holds the reasons and the guideline reference.
#[derive(Default)]
struct Items(BTreeMap<ItemKey, (BTreeSet<String>, String)>);

impl Items {
    fn add(
        &mut self,
        what: ReviewKind,
        subjects: Vec<String>,
        point: Option<&str>,
        reference: &str,
        because: String,
    ) {
        let entry = self
            .0
            .entry((what, subjects, point.map(str::to_string)))
            .or_insert_with(|| (BTreeSet::new(), reference.to_string()));
        entry.0.insert(because);
    }
}

/// Id lookups over one model, so the review stays near-linear in the model's size.
struct Ix<'m> {
    m: &'m Model,
    zones: HashMap<&'m str, &'m Zone>,
    assets: HashMap<&'m str, &'m Asset>,
    flows: HashMap<&'m str, &'m Flow>,
    parties: HashMap<&'m str, &'m Party>,
    operations: HashMap<&'m str, &'m Operation>,
}

impl<'m> Ix<'m> {
    fn new(m: &'m Model) -> Ix<'m> {
        Ix {
            m,
            zones: m.zones.iter().map(|x| (x.id.as_str(), x)).collect(),
            assets: m.assets.iter().map(|x| (x.id.as_str(), x)).collect(),
            flows: m.flows.iter().map(|x| (x.id.as_str(), x)).collect(),
            parties: m.parties.iter().map(|x| (x.id.as_str(), x)).collect(),
            operations: m.operations.iter().map(|x| (x.id.as_str(), x)).collect(),
        }
    }
    fn zone(&self, id: &str) -> Option<&'m Zone> {
        self.zones.get(id).copied()
    }
    fn asset(&self, id: &str) -> Option<&'m Asset> {
        self.assets.get(id).copied()
    }
    fn flow(&self, id: &str) -> Option<&'m Flow> {
        self.flows.get(id).copied()
    }
    fn party(&self, id: &str) -> Option<&'m Party> {
        self.parties.get(id).copied()
    }
    fn operation(&self, id: &str) -> Option<&'m Operation> {
        self.operations.get(id).copied()
    }
}

/// The zones an endpoint lies in (an asset's zones, or the zone itself).
fn zones_of(m: &Ix, e: &Endpoint) -> BTreeSet<String> {
    match e {
        Endpoint::Zone(z) => BTreeSet::from([z.clone()]),
        Endpoint::Asset(a) => m
            .asset(a)
            .map(|a| a.zones.iter().cloned().collect())
            .unwrap_or_default(),
    }
}

/// The (from-zone, to-zone) pairs a flow connects.
fn zone_pairs(m: &Ix, f: &Flow) -> BTreeSet<(String, String)> {
    let to = zones_of(m, &f.to);
    zones_of(m, &f.from)
        .into_iter()
        .flat_map(|a| to.iter().map(move |b| (a.clone(), b.clone())))
        .collect()
}

fn pair_subjects(a: &str, b: &str) -> Vec<String> {
    let mut v = vec![format!("zone:{a}"), format!("zone:{b}")];
    v.sort();
    v
}

/// What a flow is, in a few words, for reasons.
fn describe_flow(f: &Flow) -> String {
    let mut s = format!("flow:{} ({} → {}", f.id, endpoint(&f.from), endpoint(&f.to));
    if f.control {
        s.push_str(", control instructions");
    }
    if f.automated {
        s.push_str(", automated without human review");
    }
    if !f.data.is_empty() {
        s.push_str(&format!(", data {}", f.data.join(", ")));
    }
    s.push(')');
    s
}

/// The checklist of Tables 3-10 to 3-12 a party kind calls for, and its table.
pub(crate) fn checklist_for(kind: PartyKind) -> (Option<&'static str>, &'static str) {
    match kind {
        PartyKind::CloudService => (Some("cloud-service"), "Step 3 (2), Table 3-10"),
        PartyKind::EquipmentSupplier | PartyKind::GeneralProductVendor => {
            (Some("general-product"), "Step 3 (2), Table 3-11")
        }
        PartyKind::SoftwareVendor => (Some("software"), "Step 3 (2), Table 3-12"),
        // No table of its own: the main Guidelines' supply-chain confirmation points.
        PartyKind::OutsourcedVendor | PartyKind::BusinessPartner => (None, "Step 3 (2)"),
    }
}

/// Which parties a model uses, and for what (one sentence each).
fn party_uses(m: &Model) -> BTreeMap<String, BTreeSet<String>> {
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in &m.assets {
        if let Some(p) = &a.supplier {
            uses.entry(p.clone())
                .or_default()
                .insert(format!("supplies asset:{}", a.id));
        }
    }
    for z in &m.zones {
        if let Responsible::Party(p) = &z.managed_by {
            uses.entry(p.clone())
                .or_default()
                .insert(format!("manages zone:{}", z.id));
        }
    }
    for o in &m.operations {
        if let Responsible::Party(p) = &o.performed_by {
            uses.entry(p.clone())
                .or_default()
                .insert(format!("performs operation:{}", o.id));
        }
    }
    for p in &m.parties {
        for s in &p.subcontractors {
            uses.entry(s.clone())
                .or_default()
                .insert(format!("subcontractor of party:{}", p.id));
        }
    }
    uses
}

/// Whether a zone lies outside the company or is run by a party.
fn zone_is_outside(m: &Ix, z: &str) -> bool {
    m.zone(z).is_some_and(|z| {
        z.kind == ZoneKind::External || matches!(z.managed_by, Responsible::Party(_))
    })
}

/// Whether an asset is a service run outside the company (an external service, or hosted
/// in a public cloud), and the party that runs it where the model says.
fn external_service(a: &Asset) -> Option<Option<&String>> {
    let cloud = a.has_trait(AssetTrait::CloudHosted) && !a.has_trait(AssetTrait::PrivateCloud);
    (a.kind == AssetKind::ExternalService || cloud).then_some(a.supplier.as_ref())
}

/// The external service at an endpoint, if the endpoint is one.
fn endpoint_service<'m>(m: &Ix<'m>, e: &Endpoint) -> Option<(&'m Asset, Option<&'m String>)> {
    match e {
        Endpoint::Asset(id) => m
            .asset(id)
            .and_then(|a| external_service(a).map(|p| (a, p))),
        Endpoint::Zone(_) => None,
    }
}

fn network_is_outside(n: Network) -> bool {
    matches!(n, Network::Internet | Network::Carrier | Network::Vpn)
}

/// The review list for a change from `old` to `new`, in a stable order.
///
/// `changed` holds the subjects (`asset:ID`, `flow:ID`, …) that the entity diff found
/// changed, so that the review and the diff never disagree about what changed.
pub(crate) fn review_items(old: &Model, new: &Model, changed: &HashSet<&str>) -> Vec<ReviewItem> {
    let is_changed = |section: &str, id: &str| changed.contains(format!("{section}:{id}").as_str());
    let (old, new) = (&Ix::new(old), &Ix::new(new));
    let mut items = Items::default();
    let within = |items: &mut Items, zone: &str, because: String| {
        items.add(
            ReviewKind::ZoneRequirements,
            vec![format!("zone:{zone}")],
            None,
            "Step 1-7 (3.1.7)",
            because,
        );
    };

    // Zones new or changed.
    for z in &new.m.zones {
        match old.zone(&z.id) {
            None => within(&mut items, &z.id, format!("zone:{} is new", z.id)),
            Some(_) if is_changed("zone", &z.id) => {
                within(&mut items, &z.id, format!("zone:{} changed", z.id))
            }
            _ => {}
        }
    }

    // Protected objects added to, removed from or changed in a zone.
    for a in &new.m.assets {
        let old_a = old.asset(&a.id);
        let old_zones: BTreeSet<&String> =
            old_a.map(|o| o.zones.iter().collect()).unwrap_or_default();
        for z in &a.zones {
            if new.zone(z).is_none() {
                continue;
            }
            match old_a {
                None => within(
                    &mut items,
                    z,
                    format!("new protected object asset:{} in the zone", a.id),
                ),
                Some(_) if !old_zones.contains(z) => {
                    within(&mut items, z, format!("asset:{} moved into the zone", a.id))
                }
                Some(_) if is_changed("asset", &a.id) => within(
                    &mut items,
                    z,
                    format!("protected object asset:{} changed", a.id),
                ),
                _ => {}
            }
        }
    }
    for a in &new.m.assets {
        let Some(party) = external_service(a) else {
            continue;
        };
        let was = old.asset(&a.id);
        for z in &a.zones {
            let moved_in = was.is_none_or(|o| !o.zones.contains(z));
            if !moved_in || new.zone(z).is_none() || zone_is_outside(new, z) {
                continue;
            }
            let mut subjects = vec![format!("zone:{z}")];
            subjects.extend(party.map(|p| format!("party:{p}")));
            let run_by = party
                .map(|p| format!(", run by party:{p},"))
                .unwrap_or_default();
            items.add(
                ReviewKind::ResponsibilityBoundary,
                subjects,
                None,
                "3.1.6, Annex A (ii)",
                format!(
                    "external service asset:{}{run_by} is placed in the in-house zone:{z}: separate it unless its contract includes the necessary security measures or it is a private cloud",
                    a.id
                ),
            );
        }
    }
    for o in &old.m.assets {
        let new_zones: BTreeSet<&String> = new
            .asset(&o.id)
            .map(|n| n.zones.iter().collect())
            .unwrap_or_default();
        for z in &o.zones {
            if !new_zones.contains(z) && new.zone(z).is_some() {
                within(&mut items, z, format!("asset:{} left the zone", o.id));
            }
        }
    }

    // Flows: new, changed, or re-routed by a zone move of an endpoint.
    let mut services: BTreeSet<String> = BTreeSet::new();
    let mut outside: BTreeSet<String> = BTreeSet::new();
    let mut outbound: BTreeSet<String> = BTreeSet::new();
    let managing_party = |m: &Ix, z: &str| -> Option<String> {
        m.zone(z).and_then(|z| match &z.managed_by {
            Responsible::Party(p) => Some(p.clone()),
            Responsible::InHouse => None,
        })
    };
    for f in &new.m.flows {
        let old_f = old.flow(&f.id);
        let pairs = zone_pairs(new, f);
        let old_pairs = old_f.map(|o| zone_pairs(old, o)).unwrap_or_default();
        let what = match old_f {
            None => "new",
            Some(_) if is_changed("flow", &f.id) => "changed",
            Some(_) if pairs != old_pairs => "re-routed",
            Some(_) => continue,
        };
        let desc = describe_flow(f);
        for (a, b) in &pairs {
            if a == b {
                within(&mut items, a, format!("{what} {desc} within the zone"));
            } else {
                within(&mut items, b, format!("receives {what} {desc}"));
                items.add(
                    ReviewKind::InterZoneRequirements,
                    pair_subjects(a, b),
                    None,
                    "Step 1-7 (3.1.7), Table 3-4",
                    format!("{what} {desc}"),
                );
            }
            let from_svc = endpoint_service(new, &f.from);
            let to_svc = endpoint_service(new, &f.to);
            let from_out = zone_is_outside(new, a) || from_svc.is_some();
            let to_out = zone_is_outside(new, b) || to_svc.is_some();
            if from_out || to_out || network_is_outside(f.network) {
                outside.insert(format!("{what} {desc} crosses the company boundary"));
                if to_out && !from_out {
                    outbound.insert(format!("{what} {desc} sends data out of the company"));
                }
                // The in-house side must settle the boundary with whoever runs the other.
                let party = from_svc
                    .or(to_svc)
                    .and_then(|(_, p)| p.cloned())
                    .or_else(|| managing_party(new, a))
                    .or_else(|| managing_party(new, b));
                for z in [a, b] {
                    if zone_is_outside(new, z) {
                        continue;
                    }
                    let mut subjects = vec![format!("zone:{z}")];
                    subjects.extend(party.iter().map(|p| format!("party:{p}")));
                    items.add(
                        ReviewKind::ResponsibilityBoundary,
                        subjects,
                        None,
                        "3.1.6, Annex A (ii)",
                        format!(
                            "{what} {desc} crosses the company boundary ({}): settle where the boundary lies, who is responsible on each side, and the requirements for the data it carries (Table 3-4)",
                            word(vocab::NETWORKS, f.network)
                        ),
                    );
                }
            }
        }
    }
    for o in &old.m.flows {
        if new.flow(&o.id).is_some() {
            continue;
        }
        for (a, b) in zone_pairs(old, o) {
            if a != b && new.zone(&a).is_some() && new.zone(&b).is_some() {
                items.add(
                    ReviewKind::InterZoneRequirements,
                    pair_subjects(&a, &b),
                    None,
                    "Step 1-7 (3.1.7), Table 3-4",
                    format!(
                        "{} was removed: requirements for it may be withdrawn",
                        describe_flow(o)
                    ),
                );
            }
        }
    }

    // Parties: new, newly used, or with a changed contract.
    let (old_uses, new_uses) = (party_uses(old.m), party_uses(new.m));
    let recorded: BTreeSet<&String> = new.m.supply_chain.iter().map(|c| &c.party).collect();
    let mut partners: BTreeSet<String> = BTreeSet::new();
    for p in &new.m.parties {
        let mut because = Vec::new();
        match old.party(&p.id) {
            None => because.push(format!("party:{} is new", p.id)),
            Some(_) if is_changed("party", &p.id) => because.push(format!(
                "party:{} changed (kind, contract or subcontractors)",
                p.id
            )),
            _ => {}
        }
        let before = old_uses.get(&p.id).cloned().unwrap_or_default();
        for u in new_uses.get(&p.id).into_iter().flatten() {
            if !before.contains(u) {
                because.push(format!("party:{} now {u}", p.id));
            }
        }
        if because.is_empty() {
            continue;
        }
        let (list, reference) = checklist_for(p.kind);
        let mut b = because.clone();
        if list.is_none() {
            b.push(format!(
                "a {} has no checklist of Tables 3-10 to 3-12: confirm the supply-chain points of the main Guidelines",
                word(vocab::PARTY_KINDS, p.kind)
            ));
        }
        for reason in b {
            items.add(
                ReviewKind::PartyChecklist,
                vec![format!("party:{}", p.id)],
                list,
                reference,
                reason,
            );
        }
        partners.extend(because);
    }

    // New services: protected objects (not data) and operations that are new, and existing
    // ones upgraded (marked new or changed in the new model and changed since).
    for a in &new.m.assets {
        if a.kind == AssetKind::Data {
            continue;
        }
        match old.asset(&a.id) {
            None => {
                services.insert(format!(
                    "new {} asset:{}",
                    word(vocab::ASSET_KINDS, a.kind),
                    a.id
                ));
            }
            Some(_) if a.status != Status::Existing && is_changed("asset", &a.id) => {
                services.insert(format!(
                    "upgraded asset:{} (status {})",
                    a.id,
                    word(vocab::STATUSES, a.status)
                ));
            }
            _ => {}
        }
    }
    for op in &new.m.operations {
        if old.operation(&op.id).is_none() {
            services.insert(format!("new operation:{}", op.id));
        }
    }

    let considers: BTreeSet<BcpPoint> = new
        .m
        .factory
        .bcp
        .as_ref()
        .map(|b| b.considers.iter().copied().collect())
        .unwrap_or_default();
    let mut bcp = |point: BcpPoint, reasons: &BTreeSet<String>| {
        for r in reasons {
            items.add(
                ReviewKind::BcpReviewPoint,
                vec!["factory".into()],
                Some(word(vocab::BCP_POINTS, point)),
                "3.1.1 (1)",
                r.clone(),
            );
        }
    };
    let partner_reasons: BTreeSet<String> = partners
        .iter()
        .cloned()
        .chain(outside.iter().cloned())
        .collect();
    if !services.is_empty() {
        bcp(BcpPoint::NewServiceImpact, &services);
        bcp(BcpPoint::NewServiceSuspensionImpact, &services);
        bcp(BcpPoint::NewServiceFailureImpact, &services);
    }
    if !partner_reasons.is_empty() {
        bcp(BcpPoint::PartnerIncidentImpact, &partner_reasons);
        bcp(BcpPoint::AmbiguousFailureCause, &partner_reasons);
        bcp(BcpPoint::DecisionStructure, &partner_reasons);
    }
    if !outbound.is_empty() {
        bcp(BcpPoint::OwnIncidentImpactOnPartners, &outbound);
    }
    if !services.is_empty() || !partner_reasons.is_empty() {
        let all: BTreeSet<String> = services.union(&partner_reasons).cloned().collect();
        bcp(BcpPoint::SuspendOrContinueCriteria, &all);
    }

    items
        .0
        .into_iter()
        .map(|((what, subjects, point), (because, reference))| {
            let recorded = match what {
                ReviewKind::BcpReviewPoint => Some(
                    point
                        .as_deref()
                        .and_then(|p| vocab::BCP_POINTS.iter().find(|(w, _)| *w == p))
                        .is_some_and(|(_, bp)| considers.contains(bp)),
                ),
                ReviewKind::PartyChecklist => Some(
                    subjects
                        .first()
                        .and_then(|s| s.strip_prefix("party:"))
                        .is_some_and(|p| recorded.contains(&p.to_string())),
                ),
                _ => None,
            };
            ReviewItem {
                what,
                subjects,
                point,
                because: because.into_iter().collect(),
                reference,
                recorded,
            }
        })
        .collect()
}
