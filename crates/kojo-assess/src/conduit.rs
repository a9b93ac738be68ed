//! Conduits (IEC 62443-3-2): the flows between two zones, either way, as one unit with its
//! own target SL — the higher of the two zones', since a conduit must meet the requirements
//! of both ends — and the boundary devices its flows pass.

use crate::ctx::Ctx;
use crate::graph::enforcing_devices;
use crate::rules::requirements::is_non_network;
use kojo_findings::ConduitAssessment;
use kojo_lang::{Lang, Message};
use std::collections::{BTreeMap, BTreeSet};

/// Every conduit of the model, ordered by the ids of the zones it joins; `sl` is each zone's
/// target SL (the model's, else the derived one).
pub fn conduits(ctx: &Ctx, sl: &[Option<u8>]) -> Vec<ConduitAssessment> {
    let m = ctx.model;
    // Unordered pairs, the zone of the smaller id first: a conduit has no direction.
    let mut pairs: BTreeMap<(&str, &str), (usize, usize, BTreeSet<usize>)> = BTreeMap::new();
    for (&(a, b), flows) in &ctx.conduits {
        let (x, y) = if ctx.zone_id(a) <= ctx.zone_id(b) {
            (a, b)
        } else {
            (b, a)
        };
        pairs
            .entry((ctx.zone_id(x), ctx.zone_id(y)))
            .or_insert_with(|| (x, y, BTreeSet::new()))
            .2
            .extend(flows.iter().copied());
    }
    pairs
        .into_values()
        .map(|(a, b, flows)| {
            let mut devices = BTreeSet::new();
            let mut unguarded = BTreeSet::new();
            for &fi in &flows {
                let enforcing: Vec<&str> = enforcing_devices(ctx, fi)
                    .map(|d| m.assets[d].id.as_str())
                    .collect();
                if enforcing.is_empty() && !is_non_network(m.flows[fi].network) {
                    unguarded.insert(m.flows[fi].id.as_str());
                }
                devices.extend(enforcing);
            }
            let (target_sl, said) = derivation(ctx, (a, sl[a]), (b, sl[b]));
            let unguarded: Vec<String> = unguarded.into_iter().map(str::to_string).collect();
            let words = |lang: Lang| {
                let mut s = said.render(lang);
                if !unguarded.is_empty() {
                    s.push(' ');
                    s.push_str(
                        &Message::new("conduit-unguarded")
                            .arg("count", unguarded.len())
                            .render(lang),
                    );
                }
                s
            };
            let mut flow_ids: Vec<String> = flows.iter().map(|&f| m.flows[f].id.clone()).collect();
            flow_ids.sort();
            ConduitAssessment {
                zones: vec![
                    format!("zone:{}", ctx.zone_id(a)),
                    format!("zone:{}", ctx.zone_id(b)),
                ],
                flows: flow_ids,
                boundary_devices: devices.into_iter().map(str::to_string).collect(),
                derivation: words(Lang::En),
                derivation_ja: words(Lang::Ja),
                unguarded_flows: unguarded,
                target_sl,
            }
        })
        .collect()
}

/// The conduit's target SL from its two zones', and the sentence saying so.
fn derivation(ctx: &Ctx, a: (usize, Option<u8>), b: (usize, Option<u8>)) -> (Option<u8>, Message) {
    let name = |z: usize| ctx.zone_name(z).to_string();
    match (a.1, b.1) {
        (Some(x), Some(y)) => (
            Some(x.max(y)),
            Message::new("conduit-sl-both")
                .arg("sl", i64::from(x.max(y)))
                .arg("a", name(a.0))
                .arg("sla", i64::from(x))
                .arg("b", name(b.0))
                .arg("slb", i64::from(y)),
        ),
        (Some(x), None) | (None, Some(x)) => {
            let (with, without) = if a.1.is_some() {
                (a.0, b.0)
            } else {
                (b.0, a.0)
            };
            (
                Some(x),
                Message::new("conduit-sl-one")
                    .arg("sl", i64::from(x))
                    .arg("a", name(with))
                    .arg("b", name(without)),
            )
        }
        (None, None) => (None, Message::new("conduit-sl-none")),
    }
}
