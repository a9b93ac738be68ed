//! [`ModelIndex`]: id → position maps and adjacency lists over a [`Model`], so that rules
//! over 10,000 assets and 50,000 flows look things up in O(1) instead of scanning lists.

use crate::model::{Endpoint, Model};
use std::collections::HashMap;

/// Lookups over one model. Indices are positions in the model's vectors (`model.zones[i]`).
/// Build it once after loading; it does not follow later edits to the model.
#[derive(Debug, Clone, Default)]
pub struct ModelIndex {
    pub zones: HashMap<String, usize>,
    pub assets: HashMap<String, usize>,
    pub flows: HashMap<String, usize>,
    pub parties: HashMap<String, usize>,
    pub operations: HashMap<String, usize>,
    pub departments: HashMap<String, usize>,
    /// By zone index: the assets in the zone (a data asset is listed in every zone it is
    /// held in), in model order.
    pub zone_assets: Vec<Vec<usize>>,
    /// By asset index: flows whose `from` is the asset.
    pub asset_flows_out: Vec<Vec<usize>>,
    /// By asset index: flows whose `to` is the asset.
    pub asset_flows_in: Vec<Vec<usize>>,
    /// By zone index: flows whose `from` is the zone itself (not one of its assets).
    pub zone_flows_out: Vec<Vec<usize>>,
    /// By zone index: flows whose `to` is the zone itself (not one of its assets).
    pub zone_flows_in: Vec<Vec<usize>>,
}

fn ids<'a>(it: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, id) in it.enumerate() {
        // Keep the first on a duplicate (a loaded model has none).
        map.entry(id.clone()).or_insert(i);
    }
    map
}

impl ModelIndex {
    /// Index a model.
    pub fn new(model: &Model) -> ModelIndex {
        let zones = ids(model.zones.iter().map(|z| &z.id));
        let assets = ids(model.assets.iter().map(|a| &a.id));
        let mut zone_assets = vec![Vec::new(); model.zones.len()];
        for (ai, a) in model.assets.iter().enumerate() {
            for z in &a.zones {
                if let Some(&zi) = zones.get(z) {
                    zone_assets[zi].push(ai);
                }
            }
        }
        let mut asset_flows_out = vec![Vec::new(); model.assets.len()];
        let mut asset_flows_in = vec![Vec::new(); model.assets.len()];
        let mut zone_flows_out = vec![Vec::new(); model.zones.len()];
        let mut zone_flows_in = vec![Vec::new(); model.zones.len()];
        for (fi, f) in model.flows.iter().enumerate() {
            match &f.from {
                Endpoint::Asset(id) => {
                    if let Some(&i) = assets.get(id) {
                        asset_flows_out[i].push(fi);
                    }
                }
                Endpoint::Zone(id) => {
                    if let Some(&i) = zones.get(id) {
                        zone_flows_out[i].push(fi);
                    }
                }
            }
            match &f.to {
                Endpoint::Asset(id) => {
                    if let Some(&i) = assets.get(id) {
                        asset_flows_in[i].push(fi);
                    }
                }
                Endpoint::Zone(id) => {
                    if let Some(&i) = zones.get(id) {
                        zone_flows_in[i].push(fi);
                    }
                }
            }
        }
        ModelIndex {
            zones,
            assets,
            flows: ids(model.flows.iter().map(|f| &f.id)),
            parties: ids(model.parties.iter().map(|p| &p.id)),
            operations: ids(model.operations.iter().map(|o| &o.id)),
            departments: ids(model.departments.iter().map(|d| &d.id)),
            zone_assets,
            asset_flows_out,
            asset_flows_in,
            zone_flows_out,
            zone_flows_in,
        }
    }

    /// The zones an endpoint is in: the zone itself, or the zone(s) of the asset.
    pub fn endpoint_zones<'m>(&self, model: &'m Model, ep: &'m Endpoint) -> Vec<&'m str> {
        match ep {
            Endpoint::Zone(id) => vec![id.as_str()],
            Endpoint::Asset(id) => self
                .assets
                .get(id)
                .and_then(|&i| model.assets.get(i))
                .map(|a| a.zones.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        }
    }

    /// The assets in a zone (by id), in model order.
    pub fn assets_in_zone<'m>(&self, model: &'m Model, zone: &str) -> Vec<&'m crate::Asset> {
        self.zones
            .get(zone)
            .and_then(|&zi| self.zone_assets.get(zi))
            .map(|v| v.iter().filter_map(|&ai| model.assets.get(ai)).collect())
            .unwrap_or_default()
    }

    /// Every flow that leaves or enters an asset.
    pub fn flows_of_asset(&self, asset: &str) -> impl Iterator<Item = usize> + '_ {
        let i = self.assets.get(asset).copied();
        let out = i
            .and_then(|i| self.asset_flows_out.get(i))
            .into_iter()
            .flatten();
        let inn = i
            .and_then(|i| self.asset_flows_in.get(i))
            .into_iter()
            .flatten();
        out.chain(inn).copied()
    }
}
