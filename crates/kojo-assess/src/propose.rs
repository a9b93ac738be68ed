//! The to-be zoning (Annex A step 3): the model as the zone verdicts leave it — new zones
//! for the split and separated assets, the assets moved, a boundary device placeholder where
//! a separated service has none, the suggested target SL of each new zone — and the same
//! model as YAML whose comments say what moved and why.

use crate::ctx::{Ctx, Lang};
use crate::knowledge::Knowledge;
use kojo_findings::{Assessment, ProposedZone, Verdict, ZoneAssessment};
use kojo_model::{AssetKind, Date, Model, Responsible, Status, Zone, ZoneKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// What the to-be model changed, for its comments and for the report's as-is/to-be table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// New zone id → (the zone it comes from, the proposal).
    pub zones: BTreeMap<String, (String, ProposedZone)>,
    /// Moved asset id → (from zone, to zone).
    pub moved: BTreeMap<String, (String, String)>,
    /// Flows that cross a new boundary → (from zone, to zone) in the to-be model.
    pub crossing: BTreeMap<String, (String, String)>,
    /// Boundary device placeholders added → the zone they sit in.
    pub placeholders: BTreeMap<String, String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.zones.is_empty()
    }
}

fn zone_kind(word: &str, fallback: ZoneKind) -> ZoneKind {
    kojo_model::vocab::parse(kojo_model::vocab::ZONE_KINDS, word).unwrap_or(fallback)
}

/// The model with every proposal of `a`'s zone verdicts carried out, with the suggested
/// target SL of each new zone.
pub fn to_be(model: &Model, a: &Assessment, know: &Knowledge, today: Date) -> (Model, Changes) {
    let (mut m, ch) = carry_out(model, &a.zones);
    if ch.is_empty() {
        return (m, ch);
    }
    let ctx = Ctx::new(&m, know, today);
    let sls: Vec<(usize, Option<u8>)> = m
        .zones
        .iter()
        .enumerate()
        .filter(|(_, z)| ch.zones.contains_key(&z.id))
        .map(|(zi, _)| (zi, ctx.target_sl(zi, Lang::En).0))
        .collect();
    drop(ctx);
    for (zi, sl) in sls {
        m.zones[zi].target_sl = sl;
    }
    (m, ch)
}

/// The model with the proposals of the zones' verdicts carried out (no target SL set).
pub(crate) fn carry_out(model: &Model, zones: &[ZoneAssessment]) -> (Model, Changes) {
    let mut m = model.clone();
    let mut ch = Changes::default();
    let asset_ix: HashMap<&str, usize> = model
        .assets
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let zone_ix: HashMap<&str, usize> = model
        .zones
        .iter()
        .enumerate()
        .map(|(i, z)| (z.id.as_str(), i))
        .collect();
    let flow_ix: HashMap<&str, usize> = model
        .flows
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    for za in zones {
        let Some(p) = za.verdict.as_ref().and_then(|v| v.proposed.as_ref()) else {
            continue;
        };
        let Some(orig) = zone_ix.get(za.id.as_str()).map(|&i| &model.zones[i]) else {
            continue;
        };
        for pz in &p.zones {
            let managed_by = match (&pz.party, pz.why) {
                (Some(party), Verdict::Separate) => Responsible::Party(party.clone()),
                _ => orig.managed_by.clone(),
            };
            m.zones.push(Zone {
                id: pz.id.clone(),
                name: pz.name.clone(),
                kind: zone_kind(&pz.kind, orig.kind),
                managed_by,
                status: Status::New,
                target_sl: None,
                ..orig.clone()
            });
            for id in &pz.assets {
                if let Some(&ai) = asset_ix.get(id.as_str()) {
                    let asset = &mut m.assets[ai];
                    if asset.kind == AssetKind::Data {
                        continue;
                    }
                    asset.zones = vec![pz.id.clone()];
                    ch.moved
                        .insert(id.clone(), (orig.id.clone(), pz.id.clone()));
                }
            }
            if let Some(ph) = &pz.boundary_placeholder
                && let Some(first) = pz.assets.first().and_then(|id| asset_ix.get(id.as_str()))
            {
                let template = m.assets[*first].clone();
                m.assets.push(kojo_model::Asset {
                    id: ph.clone(),
                    name: format!("Boundary device of the {} (to be chosen)", pz.name),
                    kind: AssetKind::Network,
                    role: Some("firewall".into()),
                    zones: vec![pz.id.clone()],
                    operations: Vec::new(),
                    importance: Default::default(),
                    traits: Vec::new(),
                    supplier: None,
                    addresses: Vec::new(),
                    sbom: None,
                    status: Status::New,
                    ..template
                });
                ch.placeholders.insert(ph.clone(), pz.id.clone());
                // The zone's own boundary flows, found through the index (hundreds of
                // placeholders × every flow was the to-be step's largest cost).
                for fid in &pz.boundary_flows {
                    if let Some(&fi) = flow_ix.get(fid.as_str()) {
                        let f = &mut m.flows[fi];
                        if f.via.is_empty() {
                            f.via.push(ph.clone());
                        }
                    }
                }
            }
            ch.zones
                .insert(pz.id.clone(), (orig.id.clone(), pz.clone()));
        }
    }
    if ch.is_empty() {
        return (m, ch);
    }
    // The flows whose ends now lie in different zones where they did not before. An
    // endpoint asset's zone is its first (assets keep their index; placeholders come after).
    let end = |mm: &Model, e: &kojo_model::Endpoint| -> Option<String> {
        match e {
            kojo_model::Endpoint::Asset(id) => asset_ix
                .get(id.as_str())
                .and_then(|&ai| mm.assets[ai].zones.first().cloned()),
            kojo_model::Endpoint::Zone(id) => Some(id.clone()),
        }
    };
    // The boundary flows of the new zones, by index (not every flow tested against them).
    let mut boundary: Vec<usize> = ch
        .zones
        .values()
        .flat_map(|(_, p)| &p.boundary_flows)
        .filter_map(|id| flow_ix.get(id.as_str()).copied())
        .collect();
    boundary.sort_unstable();
    boundary.dedup();
    for f in boundary.into_iter().map(|fi| &m.flows[fi]) {
        let was = (end(model, &f.from), end(model, &f.to));
        let now = (end(&m, &f.from), end(&m, &f.to));
        if now != was
            && let (Some(a), Some(b)) = now
        {
            ch.crossing.insert(f.id.clone(), (a, b));
        }
    }
    (m, ch)
}

/// A YAML scalar back to its text (`to_yaml` quotes ids that are not plain words).
fn unquote(v: &str) -> String {
    serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_string())
}

fn comment_lines(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        out.push_str(indent);
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
}

/// A zone's name, or its id where the model has no such zone.
pub fn zone_name(m: &Model, id: &str) -> String {
    m.zones
        .iter()
        .find(|z| z.id == id)
        .map(|z| z.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The to-be model as YAML: the model writer's output with comments on what moved and why.
pub fn to_be_yaml(as_is: &Model, to_be: &Model, a: &Assessment, ch: &Changes) -> String {
    let name_of = |id: &str| zone_name(to_be, id);
    let mut out = String::new();
    comment_lines(
        &mut out,
        "",
        &format!(
            "To-be zoning of {}, as kojo proposes it (Annex A step 3: review the zoning).\n\
             Written by `kojo propose`; the zone verdicts that led to it:",
            as_is.factory.name
        ),
    );
    for z in &a.zones {
        if let Some(v) = &z.verdict
            && v.verdict.changes_zoning()
        {
            comment_lines(&mut out, "", &format!("- {}", v.detail));
        }
    }
    if ch.is_empty() {
        comment_lines(
            &mut out,
            "",
            "- none: every zone is kept or reviewed as it is.",
        );
    }
    out.push('\n');
    let yaml = kojo_model::to_yaml(to_be);
    let mut section = "";
    for line in yaml.lines() {
        if !line.starts_with(' ') {
            section = line.trim_end_matches(':');
        }
        if let Some(rest) = line.strip_prefix("  - id: ") {
            let id = unquote(rest.trim());
            let note = match section {
                "zones" => ch.zones.get(&id).map(|(from, p)| {
                    let why = match p.why {
                        Verdict::Separate => "an external party's service separated",
                        Verdict::Split => "assets that drive control without human review split",
                        _ => "an operation divided",
                    };
                    let sl = to_be
                        .zones
                        .iter()
                        .find(|z| z.id == id)
                        .and_then(|z| z.target_sl)
                        .map(|sl| format!("; target SL {sl} is the suggested one, derived on this model"))
                        .unwrap_or_default();
                    format!("New zone: {why} from {}{sl}.", name_of(from))
                }),
                "assets" => ch
                    .moved
                    .get(&id)
                    .map(|(from, to)| {
                        let why = match ch.zones.get(to).map(|(_, p)| p.why) {
                            Some(Verdict::Separate) => "an external party runs it and its contract does not include the security measures (Annex A (ii) 3)",
                            Some(Verdict::Split) => "it drives a control or production zone without human review (Annex A (i) 3)",
                            _ => "its operation is divided from the others of the zone (Annex A (i) 1)",
                        };
                        format!("Moved from {} to {}: {why}.", name_of(from), name_of(to))
                    })
                    .or_else(|| {
                        ch.placeholders.get(&id).map(|z| {
                            format!(
                                "Placeholder: the boundary device of the {} is still to be chosen (e.g. a VPN device and firewall).",
                                name_of(z)
                            )
                        })
                    }),
                "flows" => ch.crossing.get(&id).map(|(a, b)| {
                    format!(
                        "Now crosses zones, from {} to {}: review the requirements between them (Table 3-4).",
                        name_of(a),
                        name_of(b)
                    )
                }),
                _ => None,
            };
            if let Some(n) = note {
                comment_lines(&mut out, "  ", &n);
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The between-zone checks (flow review, scope expansion, boundary) on the to-be zones, for
/// the flows that will cross a recommended boundary: in the as-is model those flows stay
/// inside one zone and no between-zone rule sees them. Each finding says it belongs to the
/// proposed zoning (`facts.zoning: "to-be"`) and has an id of its own.
pub(crate) fn to_be_between_zones(
    model: &Model,
    zones: &[ZoneAssessment],
    know: &Knowledge,
    today: Date,
) -> Vec<kojo_findings::Finding> {
    to_be_between_zones_in(model, zones, know, today, true)
}

/// [`to_be_between_zones`]; `focused`: the rules skip the zones and conduits that touch no
/// change (the tests check that this changes nothing).
fn to_be_between_zones_in(
    model: &Model,
    zones: &[ZoneAssessment],
    know: &Knowledge,
    today: Date,
    focused: bool,
) -> Vec<kojo_findings::Finding> {
    let (m, ch) = carry_out(model, zones);
    if ch.is_empty() {
        return Vec::new();
    }
    // These three rules read no reachability, and only what touches the changes is kept.
    let mut ctx = Ctx::without_reach(&m, know, today);
    // Looked up once per flow and per subject: hashed.
    let new_zones: HashSet<&str> = ch.zones.keys().map(String::as_str).collect();
    let crossing: HashSet<&str> = ch.crossing.keys().map(String::as_str).collect();
    if focused {
        ctx.focus = Some(crate::ctx::Focus {
            zones: m
                .zones
                .iter()
                .map(|z| new_zones.contains(z.id.as_str()))
                .collect(),
            flows: m
                .flows
                .iter()
                .map(|f| crossing.contains(f.id.as_str()))
                .collect(),
        });
    }
    let mut found = Vec::new();
    crate::rules::requirements::flow_review(&ctx, &mut found);
    crate::rules::step1_requirements::scope_expansion(&ctx, &mut found);
    crate::rules::requirements::boundary_missing(&ctx, &mut found);
    found.retain(|f| {
        f.subjects.iter().any(|s| {
            s.strip_prefix("flow:")
                .is_some_and(|x| crossing.contains(x))
                || s.strip_prefix("zone:")
                    .is_some_and(|x| new_zones.contains(x))
        })
    });
    // The rules name the new zones by the to-be model's (English) names; the Japanese text
    // names them in Japanese. Longest first: one name can begin another.
    let mut ja_names: Vec<(&str, &str)> = ch
        .zones
        .values()
        .map(|(_, pz)| (pz.name.as_str(), pz.name_ja.as_str()))
        .filter(|(en, ja)| !ja.is_empty() && en != ja)
        .collect();
    ja_names.sort_by_key(|(en, _)| std::cmp::Reverse(en.len()));
    // One pass over each text for every name (hundreds of proposed zones, thousands of
    // findings): the leftmost-longest match, as the longest-first replacement did.
    let names = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(ja_names.iter().map(|(en, _)| en));
    let in_japanese = |s: &mut String| {
        if let Ok(names) = &names
            && names.is_match(s.as_str())
        {
            let ja: Vec<&str> = ja_names.iter().map(|(_, ja)| *ja).collect();
            *s = names.replace_all(s, &ja);
        }
    };
    for f in &mut found {
        if let Some(t) = f.i18n.get_mut("ja") {
            in_japanese(&mut t.title);
            in_japanese(&mut t.detail);
            in_japanese(&mut t.recommendation);
        }
        f.id = kojo_findings::finding_id(f.kind.as_str(), &f.subjects, &format!("to-be {}", f.id));
        let in_to_be = |title: &str, lang| {
            kojo_lang::Message::new("tobe-finding-title")
                .arg("title", title)
                .render(lang)
        };
        f.title = in_to_be(&f.title, kojo_lang::Lang::En);
        if let Some(t) = f.i18n.get_mut("ja") {
            t.title = in_to_be(&t.title, kojo_lang::Lang::Ja);
        }
        f.facts.insert("zoning".into(), "to-be".into());
        // A new zone is defined in no file yet: the finding leads with the flow that will
        // cross the boundary, where it is defined.
        let new_zone_first = f
            .subjects
            .first()
            .and_then(|s| s.strip_prefix("zone:"))
            .is_some_and(|z| new_zones.contains(z));
        if new_zone_first
            && let Some(k) = f.subjects.iter().position(|s| {
                s.strip_prefix("flow:")
                    .is_some_and(|x| crossing.contains(x))
            })
        {
            let flow = f.subjects.remove(k);
            f.subjects.insert(0, flow);
            f.location = ctx.location_of(&f.subjects[0]);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The focus only skips what the to-be pass drops: the same findings with and without it,
    /// on the Annex A "after" models and on generated ones.
    #[test]
    fn the_focus_changes_no_to_be_finding() {
        let catalog = kojo_catalog::Catalog::embedded().expect("embedded catalog");
        let know = Knowledge::from_catalog(&catalog);
        let today = Date {
            year: 2026,
            month: 6,
            day: 1,
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a");
        let mut models = Vec::new();
        for case in ["case1-after", "case2-after", "case3-after"] {
            let path = dir.join(format!("{case}.yaml"));
            models.push(kojo_model::load_file(&path).expect("annex model loads"));
        }
        for (assets, zones, flows, seed) in [(300, 12, 900, 7), (1000, 50, 5000, 1)] {
            let yaml = kojo_synth::factory_yaml(assets, zones, flows, seed);
            models.push(
                kojo_model::load_str(std::path::Path::new("synth.yaml"), &yaml)
                    .expect("generated model loads"),
            );
        }
        let mut compared = 0;
        for m in &models {
            let opts = crate::AssessOptions {
                today: Some(today),
                ..Default::default()
            };
            let a = crate::assess_with_knowledge(m, &know, &opts).expect("assesses");
            let focused = to_be_between_zones_in(m, &a.zones, &know, today, true);
            let whole = to_be_between_zones_in(m, &a.zones, &know, today, false);
            assert_eq!(focused, whole, "{}", m.factory.name);
            compared += whole.len();
        }
        assert!(compared > 100, "only {compared} to-be findings compared");
    }
}
