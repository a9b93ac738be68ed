//! The facts every rule reads, computed once per model in near-linear time: indexes by id,
//! importance of assets and zones (Steps 1-3, 1-5), flow ends by zone, who drives control,
//! exposure, and the threats that apply (Step 1-7).

use crate::knowledge::{Impact, Knowledge};
use crate::rules::RuleInfo;
use kojo_findings::{Finding, Severity, SourceLocation, Text, finding_id};
use kojo_model::{
    AssetKind, AssetTrait, Date, Endpoint, Level, Loc, MeasureStatus, Model, Network, PartyKind,
    Responsible, ScopeRef, ZoneKind,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Importance by viewpoint: safety, quality, delivery, cost, business continuity.
pub type ImpVec = [Option<Level>; 5];

/// A flow resolved to zones and assets.
#[derive(Debug, Clone)]
pub struct FlowEnds {
    pub from_asset: Option<usize>,
    pub to_asset: Option<usize>,
    pub from_zone: Option<usize>,
    pub to_zone: Option<usize>,
}

/// The precomputed facts of one model.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub know: &'a Knowledge,
    pub today: Date,
    pub asset_ix: HashMap<&'a str, usize>,
    pub zone_ix: HashMap<&'a str, usize>,
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
    /// Asset run or managed by an external party (cloud service, outsourced vendor) or an
    /// external service.
    pub asset_external: Vec<bool>,
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
    /// The threats that apply (Step 1-7), filled in by the engine before the rules run.
    pub hits: Vec<crate::rules::threats::ThreatHit>,
    loc_of: HashMap<String, Loc>,
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

fn external_party(model: &Model, party_ix: &HashMap<&str, usize>, id: &str) -> bool {
    party_ix.get(id).is_some_and(|&i| {
        matches!(
            model.parties[i].kind,
            PartyKind::CloudService | PartyKind::OutsourcedVendor
        )
    })
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, know: &'a Knowledge, today: Date) -> Ctx<'a> {
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

        let mut zone_assets = vec![Vec::new(); model.zones.len()];
        let asset_zones: Vec<Vec<usize>> = model
            .assets
            .iter()
            .enumerate()
            .map(|(ai, a)| {
                let zs: Vec<usize> = a
                    .zones
                    .iter()
                    .filter_map(|z| zone_ix.get(z.as_str()).copied())
                    .collect();
                for &z in &zs {
                    zone_assets[z].push(ai);
                }
                zs
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

        let resolve = |e: &Endpoint| -> (Option<usize>, Option<usize>) {
            match e {
                Endpoint::Asset(id) => {
                    let ai = asset_ix.get(id.as_str()).copied();
                    (ai, ai.and_then(|i| asset_zones[i].first().copied()))
                }
                Endpoint::Zone(id) => (None, zone_ix.get(id.as_str()).copied()),
            }
        };
        let flow_ends: Vec<FlowEnds> = model
            .flows
            .iter()
            .map(|f| {
                let (fa, fz) = resolve(&f.from);
                let (ta, tz) = resolve(&f.to);
                FlowEnds {
                    from_asset: fa,
                    to_asset: ta,
                    from_zone: fz,
                    to_zone: tz,
                }
            })
            .collect();

        let asset_external: Vec<bool> = model
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| {
                a.kind == AssetKind::ExternalService
                    || a.supplier
                        .as_deref()
                        .is_some_and(|p| external_party(model, &party_ix, p))
                    || asset_zones[i].iter().any(|&z| {
                        let zone = &model.zones[z];
                        zone.kind == ZoneKind::External
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
        let mut conduits: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for (fi, f) in model.flows.iter().enumerate() {
            let e = &flow_ends[fi];
            if let (Some(a), Some(b)) = (e.from_zone, e.to_zone) {
                if a != b {
                    conduits.entry((a, b)).or_default().push(fi);
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

        let mut measures: HashMap<&str, Vec<MeasureCover>> = HashMap::new();
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

        let mut loc_of = HashMap::new();
        loc_of.insert("factory".to_string(), model.factory.loc);
        for a in &model.assets {
            loc_of.insert(format!("asset:{}", a.id), a.loc);
        }
        for z in &model.zones {
            loc_of.insert(format!("zone:{}", z.id), z.loc);
        }
        for f in &model.flows {
            loc_of.insert(format!("flow:{}", f.id), f.loc);
        }
        for o in &model.operations {
            loc_of.insert(format!("operation:{}", o.id), o.loc);
        }
        for p in &model.parties {
            loc_of.insert(format!("party:{}", p.id), p.loc);
        }
        for d in &model.departments {
            loc_of.insert(format!("department:{}", d.id), d.loc);
        }

        Ctx {
            model,
            know,
            today,
            asset_ix,
            zone_ix,
            party_ix,
            op_ix,
            asset_zones,
            zone_assets,
            asset_imp,
            asset_vec,
            zone_imp,
            zone_vec,
            flow_ends,
            asset_external,
            asset_drives_control,
            asset_remote,
            asset_spans_fa_oa,
            zone_exposed,
            conduits,
            measures,
            hits: Vec::new(),
            loc_of,
        }
    }

    /// The IEC 62443 target SL of a zone: the model's, else derived from importance and
    /// exposure; with the derivation in words.
    pub fn target_sl(&self, zi: usize) -> (Option<u8>, String) {
        let z = &self.model.zones[zi];
        let imp = self.zone_imp[zi];
        let imp_words = match imp {
            Some(l) => format!(
                "importance {} (the highest of its protected objects)",
                l.as_str()
            ),
            None => "importance unknown (no protected object has one)".to_string(),
        };
        if let Some(sl) = z.target_sl {
            return (
                Some(sl),
                format!("{imp_words}; target SL {sl} set in the model"),
            );
        }
        let exposed = self.zone_exposed[zi];
        let exp_words = if exposed {
            "reachable from outside (external zone, remote access or an internet/VPN/carrier flow)"
        } else {
            "not reachable from outside"
        };
        let sl = match (imp, exposed) {
            (None, _) => return (None, format!("{imp_words}; no target SL derived")),
            (Some(Level::High), true) => 3,
            (Some(Level::Low), false) => 1,
            _ => 2,
        };
        (
            Some(sl),
            format!(
                "{imp_words}, {exp_words} → suggested target SL {sl} (low → 1, medium or high → 2, high and reachable from outside → 3)"
            ),
        )
    }

    /// Importance for a threat's impacts in a zone: the highest of those viewpoints.
    pub fn zone_importance_for(&self, zi: usize, impacts: &[Impact]) -> Option<Level> {
        imp_for(&self.zone_vec[zi], impacts)
    }

    pub fn asset_importance_for(&self, ai: usize, impacts: &[Impact]) -> Option<Level> {
        imp_for(&self.asset_vec[ai], impacts)
    }

    /// Whether the zone is managed by an external party.
    pub fn zone_managed_externally(&self, zi: usize) -> bool {
        matches!(&self.model.zones[zi].managed_by, Responsible::Party(_))
    }

    /// The best status of a measure over the given scope keys (or the whole factory):
    /// implemented beats planned; not-planned counts as absent.
    pub fn measure_status(&self, measure: &str, scopes: &[String]) -> Option<MeasureStatus> {
        let covers = self.measures.get(crate::knowledge::measure_key(measure))?;
        let mut best: Option<MeasureStatus> = None;
        for c in covers {
            if c.status == MeasureStatus::NotPlanned {
                continue;
            }
            if c.factory || scopes.iter().any(|s| c.scope.contains(s)) {
                best = match (best, c.status) {
                    (Some(MeasureStatus::Implemented), _) | (_, MeasureStatus::Implemented) => {
                        Some(MeasureStatus::Implemented)
                    }
                    _ => Some(MeasureStatus::Planned),
                };
            }
        }
        best
    }

    pub fn zone_id(&self, zi: usize) -> &'a str {
        &self.model.zones[zi].id
    }
    pub fn zone_name(&self, zi: usize) -> &'a str {
        &self.model.zones[zi].name
    }

    /// Builds a finding with a stable id, location, rule and Japanese words.
    pub fn finding(&self, d: Draft) -> Finding {
        let id_subjects = d.id_subjects.unwrap_or_else(|| d.subjects.clone());
        let id = finding_id(d.rule.kind, &id_subjects, &d.discriminator);
        let location = d.subjects.first().and_then(|s| {
            let loc = self.loc_of.get(s)?;
            let path = self.model.path_of(*loc)?;
            Some(SourceLocation {
                path: path.display().to_string(),
                line: loc.line,
                column: loc.column,
            })
        });
        let mut i18n = BTreeMap::new();
        if let Some(ja) = d.ja {
            i18n.insert("ja".to_string(), ja);
        }
        Finding {
            id,
            kind: d.rule.kind.to_string(),
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
    pub facts: BTreeMap<String, serde_json::Value>,
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
            facts: BTreeMap::new(),
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
    pub fn disc(mut self, d: impl Into<String>) -> Draft {
        self.discriminator = d.into();
        self
    }
    pub fn fact(mut self, k: &str, v: impl Into<serde_json::Value>) -> Draft {
        self.facts.insert(k.to_string(), v.into());
        self
    }
}

/// Lists at most `n` names, then "and N more".
pub fn list(names: &[String], n: usize) -> String {
    if names.len() <= n {
        names.join(", ")
    } else {
        format!("{} and {} more", names[..n].join(", "), names.len() - n)
    }
}
