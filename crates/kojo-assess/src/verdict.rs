//! The reconciliation pass (Step 1-6): after the rules, every zone gets exactly one zoning
//! verdict — keep, review, divide, split or separate — with the findings behind it and the
//! zones it proposes. The rules state facts; the sentences that presuppose a verdict ("no
//! new zone is needed", "move these into a zone of their own") are written here, so no two
//! findings on one zone can disagree about its zoning.

use crate::ctx::{Ctx, list, list_ja};
use crate::rules::threats::joined;
use kojo_findings::{Finding, Proposal, ProposedZone, Verdict, ZoneVerdict};
use kojo_lang::{Lang, Message};
use kojo_model::{AssetKind, Level};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// The finding kinds that speak on a zone's zoning (their first subject is the zone).
pub const ZONING_KINDS: [&str; 6] = [
    "zone-divide-by-operation",
    "zone-split-control-origin",
    "zone-separate-external",
    "zone-mixed-importance",
    "zone-review-requirements",
    "flow-review-requirements",
];

/// Roles of assets that are boundary devices (a separated service needs one at its edge).
pub const BOUNDARY_ROLES: [&str; 6] = [
    "firewall",
    "data-diode",
    "vpn-gateway",
    "router",
    "switch",
    "remote-access-gateway",
];

/// Assets that make up a zone's function (data is held, network gear serves everyone).
pub(crate) fn functional(ctx: &Ctx, ai: usize) -> bool {
    !matches!(
        ctx.model.assets[ai].kind,
        AssetKind::Data | AssetKind::Network
    )
}

/// An asset that sends control instructions to its own zone (a maintenance console, an
/// engineering station): it serves the operation of what it controls, not one of its own.
pub(crate) fn supports_own_zone(ctx: &Ctx, ai: usize, zi: usize) -> bool {
    ctx.asset_out[ai]
        .iter()
        .any(|&fi| ctx.model.flows[fi].control && ctx.flow_ends[fi].to_zone == Some(zi))
}

/// The operation groups of a zone for dividing it: each functional asset that does not
/// merely support the zone goes with its most important operation. Keyed by operation id.
pub(crate) fn operation_groups(
    ctx: &Ctx,
    zi: usize,
    skip: &HashSet<usize>,
) -> BTreeMap<String, Vec<usize>> {
    let m = ctx.model;
    let imp = |o: &str| ctx.op_ix.get(o).and_then(|&i| m.operations[i].importance);
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &ai in &ctx.zone_assets[zi] {
        if skip.contains(&ai) || !functional(ctx, ai) || supports_own_zone(ctx, ai, zi) {
            continue;
        }
        let ops = &m.assets[ai].operations;
        let Some(op) = ops
            .iter()
            .max_by(|a, b| imp(a).cmp(&imp(b)).then_with(|| b.cmp(a)))
        else {
            continue;
        };
        groups.entry(op.clone()).or_default().push(ai);
    }
    groups
}

/// What the rules said about one zone, by finding index.
#[derive(Default)]
struct Spoke {
    divide: Vec<usize>,
    split: Vec<usize>,
    separate: Vec<usize>,
    mixed: Vec<usize>,
    review: Vec<usize>,
}

/// A fact of `f` that holds a list of strings (empty where it holds none).
pub(crate) fn strs(f: &Finding, key: &str) -> Vec<String> {
    f.facts
        .get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A zone id not yet taken: `base`, else `base-2`, `base-3` …
fn fresh_id(base: &str, taken: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// A flow in words: "the flow from A to B" (names, not ids).
pub(crate) fn flow_words(ctx: &Ctx, fi: usize) -> (String, String) {
    let (from, to) = ctx.flow_end_names(fi);
    (
        format!("the flow from {from} to {to}"),
        format!("{from} から {to} へのフロー"),
    )
}

/// The reconciled verdict of every zone, in model order; rewrites the verdict-dependent
/// sentences of the zoning findings to agree with it.
pub(crate) fn reconcile(ctx: &Ctx, findings: &mut [Finding]) -> Vec<ZoneVerdict> {
    let m = ctx.model;
    let mut spoke: Vec<Spoke> = (0..m.zones.len()).map(|_| Spoke::default()).collect();
    for (i, f) in findings.iter().enumerate() {
        if !ZONING_KINDS.contains(&f.kind.as_str())
            || f.decision
                .as_ref()
                .is_some_and(|d| d.status == kojo_model::DecisionStatus::FalsePositive)
        {
            continue;
        }
        let Some(zi) = f
            .subjects
            .first()
            .and_then(|s| s.strip_prefix("zone:"))
            .and_then(|z| ctx.zone_ix.get(z).copied())
        else {
            continue;
        };
        let s = &mut spoke[zi];
        match f.kind.as_str() {
            "zone-divide-by-operation" => s.divide.push(i),
            "zone-split-control-origin" => s.split.push(i),
            "zone-separate-external" => s.separate.push(i),
            "zone-mixed-importance" => s.mixed.push(i),
            _ => s.review.push(i),
        }
    }

    let mut taken: HashSet<String> = m.zones.iter().map(|z| z.id.clone()).collect();
    let separating = spoke.iter().filter(|s| !s.separate.is_empty()).count();
    // Zones in id order, so proposed ids do not depend on list order.
    let mut order: Vec<usize> = (0..m.zones.len()).collect();
    order.sort_by_key(|&z| ctx.zone_rank[z]);
    let mut proposals: Vec<Vec<ProposedZone>> = vec![Vec::new(); m.zones.len()];
    for &zi in &order {
        proposals[zi] = propose_zone(ctx, zi, &spoke[zi], findings, &mut taken, separating);
    }

    let fx: FlowIx = m
        .flows
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut verdicts = Vec::with_capacity(m.zones.len());
    for zi in 0..m.zones.len() {
        let s = &spoke[zi];
        let proposed = std::mem::take(&mut proposals[zi]);
        let verdict = proposed
            .iter()
            .map(|p| p.why)
            .max()
            .unwrap_or(if s.review.is_empty() {
                Verdict::Keep
            } else {
                Verdict::Review
            });
        let mut reasons: Vec<String> = [&s.separate, &s.split, &s.divide, &s.mixed, &s.review]
            .into_iter()
            .flatten()
            .map(|&i| findings[i].id.clone())
            .collect();
        reasons.sort();
        reasons.dedup();
        let (detail, detail_ja) = verdict_words(ctx, &fx, zi, verdict, &proposed);
        rewrite(ctx, &fx, zi, s, &proposed, findings, (&detail, &detail_ja));
        verdicts.push(ZoneVerdict {
            verdict,
            reasons,
            proposed: (!proposed.is_empty()).then_some(Proposal { zones: proposed }),
            detail,
            detail_ja,
        });
    }
    verdicts
}

/// Every new zone the rules ask of zone `zi`: the external services separated, then the
/// assets that drive control, then a division by operation of what remains.
fn propose_zone(
    ctx: &Ctx,
    zi: usize,
    s: &Spoke,
    findings: &[Finding],
    taken: &mut HashSet<String>,
    separating: usize,
) -> Vec<ProposedZone> {
    let m = ctx.model;
    let z = &m.zones[zi];
    let ix = |ids: Vec<String>| -> Vec<usize> {
        let mut v: Vec<usize> = ids
            .iter()
            .filter_map(|a| ctx.asset_ix.get(a.as_str()).copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut moved: HashSet<usize> = HashSet::default();
    let mut out = Vec::new();

    let external: Vec<usize> = ix(s
        .separate
        .iter()
        .flat_map(|&i| strs(&findings[i], "external_assets"))
        .collect());
    if !external.is_empty() {
        let party = s
            .separate
            .iter()
            .flat_map(|&i| strs(&findings[i], "parties"))
            .next();
        let (id, (name, name_ja)) = if separating > 1 {
            (
                format!("external-services-{}", z.id),
                zone_name(Message::new("proposed-zone-external-of").arg("zone", z.name.as_str())),
            )
        } else {
            (
                "external-services".to_string(),
                zone_name(Message::new("proposed-zone-external")),
            )
        };
        let id = fresh_id(&id, taken);
        let has_boundary = external.iter().any(|&a| {
            m.assets[a]
                .role
                .as_deref()
                .is_some_and(|r| BOUNDARY_ROLES.contains(&r))
        });
        let placeholder = (!has_boundary).then(|| fresh_id(&format!("{id}-boundary"), taken));
        moved.extend(external.iter().copied());
        out.push(ProposedZone {
            id,
            name,
            name_ja,
            kind: "external".into(),
            why: Verdict::Separate,
            assets: external.iter().map(|&a| m.assets[a].id.clone()).collect(),
            boundary_flows: Vec::new(),
            party,
            boundary_placeholder: placeholder,
        });
    }

    let drivers: Vec<usize> = ix(s
        .split
        .iter()
        .flat_map(|&i| strs(&findings[i], "drivers"))
        .collect())
    .into_iter()
    .filter(|a| !moved.contains(a))
    .collect();
    // Named after the driver with the smallest id, so list order does not rename it.
    if let Some(&first) = drivers.iter().min_by_key(|&&a| &m.assets[a].id) {
        let a = &m.assets[first];
        let id = fresh_id(&format!("{}-control", a.id), taken);
        moved.extend(drivers.iter().copied());
        let (name, name_ja) =
            zone_name(Message::new("proposed-zone-control").arg("asset", a.name.as_str()));
        out.push(ProposedZone {
            id,
            name,
            name_ja,
            kind: "control".into(),
            why: Verdict::Split,
            assets: drivers.iter().map(|&a| m.assets[a].id.clone()).collect(),
            boundary_flows: Vec::new(),
            party: None,
            boundary_placeholder: None,
        });
    }

    // A division by operation is called for where the operations differ in importance
    // (the rule's medium severity): Annex A (ii) 1 keeps a production zone of equally
    // important operations as one, and the material and process industries rarely divide.
    let called = s
        .divide
        .iter()
        .any(|&i| findings[i].severity >= kojo_findings::Severity::Medium);
    if called {
        let groups = operation_groups(ctx, zi, &moved);
        if groups.len() > 1 {
            let imp = |o: &str| ctx.op_ix.get(o).and_then(|&i| m.operations[i].importance);
            // The most important operation (then the larger group) keeps the zone.
            let stay = groups
                .iter()
                .max_by(|a, b| {
                    imp(a.0)
                        .cmp(&imp(b.0))
                        .then(a.1.len().cmp(&b.1.len()))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map(|(o, _)| o.clone());
            for (op, assets) in &groups {
                if Some(op) == stay.as_ref() {
                    continue;
                }
                let op_name = ctx
                    .op_ix
                    .get(op.as_str())
                    .map(|&i| m.operations[i].name.clone())
                    .unwrap_or_else(|| op.clone());
                moved.extend(assets.iter().copied());
                let (name, name_ja) = zone_name(
                    Message::new("proposed-zone-operation").arg("operation", op_name.as_str()),
                );
                out.push(ProposedZone {
                    id: fresh_id(&format!("{}-{op}", z.id), taken),
                    name,
                    name_ja,
                    kind: kojo_model::vocab::word(kojo_model::vocab::ZONE_KINDS, z.kind)
                        .to_string(),
                    why: Verdict::Divide,
                    assets: assets.iter().map(|&a| m.assets[a].id.clone()).collect(),
                    boundary_flows: Vec::new(),
                    party: None,
                    boundary_placeholder: None,
                });
            }
        }
    }

    // The flows that cross each new zone's edge.
    for p in &mut out {
        let inside: HashSet<usize> = ix(p.assets.clone()).into_iter().collect();
        let mut flows: Vec<String> = Vec::new();
        for &a in &inside {
            for &fi in ctx.asset_out[a].iter().chain(&ctx.asset_in[a]) {
                let e = &ctx.flow_ends[fi];
                let both = e.from_asset.is_some_and(|x| inside.contains(&x))
                    && e.to_asset.is_some_and(|x| inside.contains(&x));
                if !both {
                    flows.push(m.flows[fi].id.clone());
                }
            }
        }
        flows.sort();
        flows.dedup();
        p.boundary_flows = flows;
    }
    out
}

fn names(ctx: &Ctx, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|a| {
            ctx.asset_ix
                .get(a.as_str())
                .map(|&i| ctx.model.assets[i].name.clone())
                .unwrap_or_else(|| a.clone())
        })
        .collect()
}

fn party_name(ctx: &Ctx, id: &str) -> String {
    ctx.party_ix
        .get(id)
        .map(|&i| ctx.model.parties[i].name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Flow ids → their indexes, built once per reconciliation.
type FlowIx<'a> = HashMap<&'a str, usize>;

/// The first `n` flows in words, and how many more there are.
fn flows_words(
    ctx: &Ctx,
    fx: &FlowIx,
    ids: &[String],
    n: usize,
) -> (Vec<String>, Vec<String>, usize) {
    let (en, ja): (Vec<String>, Vec<String>) = ids
        .iter()
        .take(n)
        .filter_map(|f| fx.get(f.as_str()).map(|&fi| flow_words(ctx, fi)))
        .unzip();
    (en, ja, ids.len().saturating_sub(n))
}

/// What one proposed zone asks, as a clause in English and Japanese (`verdict-clause-*`).
fn proposal_words(ctx: &Ctx, fx: &FlowIx, p: &ProposedZone) -> (String, String) {
    let n = names(ctx, &p.assets);
    let assets = |lang: Lang| match lang {
        Lang::En => list(&n, 5),
        Lang::Ja => list_ja(&n, 5),
    };
    let clause = |lang: Lang| {
        let msg = match p.why {
            Verdict::Separate => {
                let (fe, fj, more) = flows_words(ctx, fx, &p.boundary_flows, 3);
                let shown = match lang {
                    Lang::En => fe,
                    Lang::Ja => fj,
                };
                let flows = if more > 0 {
                    Message::new("diag-list-and-more")
                        .arg("list", shown.join(lang.pick(", ", "、")))
                        .arg("more", more)
                        .render(lang)
                } else {
                    joined(lang, &shown, "list-and")
                };
                let party = match p.party.as_deref() {
                    Some(x) => party_name(ctx, x),
                    None => Message::new("verdict-the-provider").render(lang),
                };
                Message::new("verdict-clause-separate")
                    .arg("crossing", if shown.is_empty() { "no" } else { "yes" })
                    .arg("flows", flows)
                    .arg(
                        "placeholder",
                        if p.boundary_placeholder.is_some() {
                            "yes"
                        } else {
                            "no"
                        },
                    )
                    .arg("party", party)
            }
            Verdict::Split => Message::new("verdict-clause-split").arg("count", n.len()),
            _ => Message::new("verdict-clause-divide"),
        };
        msg.arg("assets", assets(lang))
            .arg("zone", p.name_in(lang.code()).to_string())
            .render(lang)
    };
    (clause(Lang::En), clause(Lang::Ja))
}

/// A proposed zone's name in English and Japanese.
fn zone_name(m: Message) -> (String, String) {
    (m.render(Lang::En), m.render(Lang::Ja))
}

/// The verdict in one sentence.
fn verdict_words(
    ctx: &Ctx,
    fx: &FlowIx,
    zi: usize,
    v: Verdict,
    proposed: &[ProposedZone],
) -> (String, String) {
    let zn = ctx.zone_name(zi);
    match v {
        Verdict::Keep => (
            format!("{zn}: keep the zone as it is; no rule calls for a new zone."),
            format!("{zn}: ゾーンは現状のままとします。新しいゾーンを求める規則はありません。"),
        ),
        Verdict::Review => (
            format!(
                "{zn}: no new zone is needed; review the security requirements within the zone and between it and the zones it exchanges data with."
            ),
            format!(
                "{zn}: 新しいゾーンは不要です。ゾーン内と、データをやり取りするゾーンとの間のセキュリティ要件を見直してください。"
            ),
        ),
        _ => {
            let (en, ja): (Vec<String>, Vec<String>) =
                proposed.iter().map(|p| proposal_words(ctx, fx, p)).unzip();
            (
                format!(
                    "{zn}: {}; then review the security requirements between the new zones and the zones they exchange data with.",
                    en.join("; ")
                ),
                format!(
                    "{zn}: {}。そのうえで、新しいゾーンとデータをやり取りするゾーンとの間のセキュリティ要件を見直してください。",
                    ja.join("。")
                ),
            )
        }
    }
}

fn set_rec(f: &mut Finding, en: String, ja: String) {
    f.recommendation = en;
    if let Some(t) = f.i18n.get_mut("ja") {
        t.recommendation = ja;
    }
}

/// Writes the verdict-dependent sentences of the zone's findings.
fn rewrite(
    ctx: &Ctx,
    fx: &FlowIx,
    zi: usize,
    s: &Spoke,
    proposed: &[ProposedZone],
    findings: &mut [Finding],
    (detail, detail_ja): (&str, &str),
) {
    let zn = ctx.zone_name(zi);
    let changes = !proposed.is_empty();
    let of = |why: Verdict| proposed.iter().filter(move |p| p.why == why);
    for &i in &s.separate {
        let (en, ja): (Vec<String>, Vec<String>) = of(Verdict::Separate)
            .map(|p| proposal_words(ctx, fx, p))
            .unzip();
        set_rec(
            &mut findings[i],
            format!(
                "{}. Review the requirements for the data crossing the boundary. Alternatively include the necessary security measures in the contract, or use a private cloud.",
                capitalise(&en.join("; "))
            ),
            format!(
                "{}。境界を越えるデータのゾーン間要件も見直してください。あるいは、必要なセキュリティ対策を契約に含めるか、プライベートクラウドを利用してください。",
                ja.join("。")
            ),
        );
    }
    for &i in &s.split {
        let mut words: Vec<(String, String)> = of(Verdict::Split)
            .map(|p| proposal_words(ctx, fx, p))
            .collect();
        if words.is_empty() {
            // Every driver is also an external service: the separation moves them.
            words = of(Verdict::Separate)
                .map(|p| proposal_words(ctx, fx, p))
                .collect();
        }
        let (en, ja): (Vec<String>, Vec<String>) = words.into_iter().unzip();
        set_rec(
            &mut findings[i],
            format!(
                "{} (as Annex A's CAD control zone), and review the requirements between that zone and the zones it drives: integrity and validation of the data and control instructions, and control instructions from outside the control network (Table 3-4).",
                capitalise(&en.join("; "))
            ),
            format!(
                "{}(付録Aの CAD 制御ゾーンのように)。駆動先ゾーンとの間のセキュリティ要件(データと制御指示の完全性・入力検証、制御ネットワーク外からの制御指示)を見直してください(表3-4)。",
                ja.join("。")
            ),
        );
    }
    for &i in &s.divide {
        let f = &mut findings[i];
        let divides: Vec<(String, String)> = of(Verdict::Divide)
            .map(|p| proposal_words(ctx, fx, p))
            .collect();
        let (en, ja) = if !divides.is_empty() {
            let (en, ja): (Vec<String>, Vec<String>) = divides.into_iter().unzip();
            (
                format!(
                    "{}; then connect the new zones and set the requirements between them.",
                    capitalise(&en.join("; "))
                ),
                format!(
                    "{}。そのうえで新しいゾーン間をつなぎ、ゾーン間の要件を定めてください。",
                    ja.join("。")
                ),
            )
        } else if changes {
            (
                "The zoning change proposed for this zone leaves the operations that remain in it together; no further division by operation is called for.".to_string(),
                "このゾーンに提案したゾーニングの変更の後に残る業務は一緒のままでよく、さらに業務単位で分割する必要はありません。".to_string(),
            )
        } else if f.severity == kojo_findings::Severity::Info {
            (
                "The operations can stay in one zone: in the material and process industries the process rarely divides (Annex A (i) 1). Protect the zone at the level of its most important operation.".to_string(),
                "これらの業務は一つのゾーンのままでかまいません。素材・プロセス産業では工程を分けにくいためです(付録A (i) 1)。最も重要な業務の水準でゾーンを守ってください。".to_string(),
            )
        } else {
            (
                "The operations can stay in one zone: they are of the same importance (Annex A (ii) 1 keeps such a production zone as one). Protect the zone at the level of its most important operation.".to_string(),
                "これらの業務は一つのゾーンのままでかまいません。重要度が同じためです(付録A (ii) 1 もこのような生産ゾーンを一つのまま扱います)。最も重要な業務の水準でゾーンを守ってください。".to_string(),
            )
        };
        let n = strs(f, "operations").len();
        f.title = format!("{zn} serves {n} operations");
        if let Some(t) = f.i18n.get_mut("ja") {
            t.title = format!("{zn} は{n}つの業務を担っています");
        }
        set_rec(f, en, ja);
    }
    for &i in &s.mixed {
        let f = &mut findings[i];
        let lows: Vec<String> = strs(f, "low");
        let moved: HashSet<&str> = proposed
            .iter()
            .flat_map(|p| p.assets.iter().map(String::as_str))
            .collect();
        let all_moved = !lows.is_empty() && lows.iter().all(|a| moved.contains(a.as_str()));
        let (en, ja) = if all_moved {
            (
                "The zoning change proposed for this zone moves the low-importance objects out; protect what remains at the level of its most important object.".to_string(),
                "このゾーンに提案したゾーニングの変更で重要度の低い保護対象は移ります。残る保護対象は最も重要なものの水準で守ってください。".to_string(),
            )
        } else {
            (
                format!(
                    "Protect {} at the level of its most important object ({}), including the low-importance objects it holds.",
                    if changes {
                        "what remains in the zone"
                    } else {
                        "the whole zone"
                    },
                    Level::High.as_str()
                ),
                format!(
                    "{}を、重要度の低い保護対象も含めて最も重要な保護対象の水準(高)で守ってください。",
                    if changes {
                        "ゾーンに残る保護対象"
                    } else {
                        "ゾーン全体"
                    }
                ),
            )
        };
        set_rec(f, en, ja);
    }
    for &i in &s.review {
        let f = &mut findings[i];
        if f.kind != kojo_findings::FindingKind::ZoneReviewRequirements {
            continue;
        }
        let en = format!("{detail} {}", f.recommendation);
        let ja = f
            .i18n
            .get("ja")
            .map(|t| format!("{detail_ja}{}", t.recommendation))
            .unwrap_or_default();
        set_rec(f, en, ja);
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Phrases that presuppose a zoning outcome, English and Japanese: `None` where they
/// say the zoning stands, else the verdict whose new zone they presuppose.
pub const PRESUPPOSING: &[(&str, Option<Verdict>)] = &[
    ("no new zone is needed", None),
    ("新しいゾーンは不要", None),
    ("keep the zone as it is", None),
    ("ゾーンは現状のまま", None),
    ("not necessary to change the zoning", None),
    ("consider dividing", Some(Verdict::Divide)),
    ("divide it by operation", Some(Verdict::Divide)),
    ("業務単位での分割を検討", Some(Verdict::Divide)),
    ("業務単位で分割し", Some(Verdict::Divide)),
    ("into a zone of their own", Some(Verdict::Split)),
    ("control zone, since they drive", Some(Verdict::Split)),
    ("制御・生産ゾーンを駆動するため", Some(Verdict::Split)),
    ("separate the external service", Some(Verdict::Separate)),
    ("外部サービスを別ゾーンに分離", Some(Verdict::Separate)),
    ("into a new external services zone", Some(Verdict::Separate)),
];

/// Sentences of the assessment that contradict a zone's verdict: a finding on a zone that
/// says the zoning stands while the verdict proposes a new zone, or presupposes a new zone
/// of a kind the verdict does not propose. Empty when every finding agrees.
pub fn contradictions(a: &kojo_findings::Assessment) -> Vec<String> {
    let by_zone: HashMap<&str, &ZoneVerdict> = a
        .zones
        .iter()
        .filter_map(|z| z.verdict.as_ref().map(|v| (z.id.as_str(), v)))
        .collect();
    let mut out = Vec::new();
    for f in &a.findings {
        let mut texts = vec![
            f.title.to_lowercase(),
            f.detail.to_lowercase(),
            f.recommendation.to_lowercase(),
        ];
        for t in f.i18n.values() {
            texts.extend([t.title.clone(), t.detail.clone(), t.recommendation.clone()]);
        }
        let to_be = f.facts.get("zoning").and_then(|v| v.as_str()) == Some("to-be");
        for z in f.subjects.iter().filter_map(|s| s.strip_prefix("zone:")) {
            let Some(v) = by_zone.get(z) else {
                if to_be {
                    // A zone of the proposed zoning: it has no verdict of its own.
                    continue;
                }
                out.push(format!("{}: zone {z} has no verdict", f.id));
                continue;
            };
            let new: Vec<Verdict> = v
                .proposed
                .iter()
                .flat_map(|p| p.zones.iter().map(|z| z.why))
                .collect();
            for (phrase, needs) in PRESUPPOSING {
                let p = phrase.to_lowercase();
                if !texts.iter().any(|t| t.contains(&p)) {
                    continue;
                }
                let ok = match needs {
                    None => new.is_empty(),
                    Some(w) => new.contains(w),
                };
                if !ok {
                    out.push(format!(
                        "{} ({}) says {phrase:?} but zone {z} is {}",
                        f.id,
                        f.kind,
                        v.verdict.as_str()
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::contradictions;
    use crate::rules::testutil::*;
    use kojo_findings::{Assessment, Verdict, ZoneVerdict};
    use kojo_model::*;

    fn verdict<'a>(a: &'a Assessment, zone: &str) -> &'a ZoneVerdict {
        match a
            .zones
            .iter()
            .find(|z| z.id == zone)
            .and_then(|z| z.verdict.as_ref())
        {
            Some(v) => v,
            None => panic!("zone {zone} has no verdict"),
        }
    }

    /// Annex A case 1 in small: CAD in the OA zone feeds SCADA automatically.
    fn cad_in_oa(b: &mut B) {
        b.op("cad-mfg", Some(Level::High));
        b.asset("cad", "oa", &["cad-mfg"]).name = "CAD".into();
        b.asset("cad-server", "oa", &["cad-mfg"]);
        b.flow("cad-scada", "cad-server", "scada").automated = true;
    }

    /// Annex A case 2 in small: a provider's service in the control zone.
    fn service_in_control(b: &mut B) {
        b.party("svc", PartyKind::CloudService).contract = Some(Contract {
            security_measures: Some(false),
            ..Default::default()
        });
        let s = b.asset("remote", "control", &["manufacturing"]);
        s.kind = AssetKind::ExternalService;
        s.supplier = Some("svc".into());
        b.flow("to-remote", "plc-2", "remote").network = Network::Vpn;
    }

    #[test]
    fn every_zone_of_a_well_zoned_factory_is_kept() {
        let a = well_zoned().assess();
        for z in &a.zones {
            let v = verdict(&a, &z.id);
            assert_eq!(v.verdict, Verdict::Keep, "{}", z.id);
            assert!(v.proposed.is_none() && v.reasons.is_empty());
        }
    }

    #[test]
    fn split_proposes_a_control_zone_named_after_what_it_holds() {
        let mut b = well_zoned();
        cad_in_oa(&mut b);
        let a = b.assess();
        let v = verdict(&a, "oa");
        assert_eq!(v.verdict, Verdict::Split);
        let split = &of_kind(&a, "zone-split-control-origin")[0];
        assert!(v.reasons.contains(&split.id), "{:?}", v.reasons);
        let p = &v
            .proposed
            .as_ref()
            .map(|p| p.zones.clone())
            .unwrap_or_default();
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].id.as_str(), p[0].name.as_str()),
            ("cad-control", "CAD control zone")
        );
        assert_eq!(p[0].assets, vec!["cad", "cad-server"]);
        assert_eq!(p[0].boundary_flows, vec!["cad-scada"]);
        assert!(
            split.recommendation.contains("CAD control zone"),
            "{}",
            split.recommendation
        );
        assert!(contradictions(&a).is_empty(), "{:?}", contradictions(&a));
    }

    #[test]
    fn separate_wins_over_split_and_the_proposal_holds_both_zones() {
        let mut b = well_zoned();
        cad_in_oa(&mut b);
        // The provider's service sits in the OA zone too.
        b.party("svc", PartyKind::CloudService);
        let s = b.asset("remote", "oa", &["office"]);
        s.kind = AssetKind::ExternalService;
        s.supplier = Some("svc".into());
        b.flow("to-remote", "oa-server", "remote");
        let a = b.assess();
        let v = verdict(&a, "oa");
        assert_eq!(v.verdict, Verdict::Separate);
        let whys: Vec<Verdict> = v
            .proposed
            .iter()
            .flat_map(|p| p.zones.iter().map(|z| z.why))
            .collect();
        assert_eq!(whys, vec![Verdict::Separate, Verdict::Split]);
        for kind in ["zone-split-control-origin", "zone-separate-external"] {
            assert!(
                v.reasons.contains(&of_kind(&a, kind)[0].id),
                "{kind}: {:?}",
                v.reasons
            );
        }
        let sep = &v.proposed.as_ref().map(|p| p.zones[0].clone());
        let sep = sep.as_ref().map(|z| {
            (
                z.assets.clone(),
                z.party.clone(),
                z.boundary_placeholder.clone(),
            )
        });
        assert_eq!(
            sep,
            Some((
                vec!["remote".to_string()],
                Some("svc".to_string()),
                Some("external-services-boundary".to_string())
            ))
        );
        assert!(contradictions(&a).is_empty(), "{:?}", contradictions(&a));
    }

    #[test]
    fn separate_names_the_boundary_and_the_division_of_responsibility() {
        let mut b = well_zoned();
        service_in_control(&mut b);
        let a = b.assess();
        let v = verdict(&a, "control");
        assert_eq!(v.verdict, Verdict::Separate);
        assert!(
            v.detail.contains("the flow from plc-2 to remote"),
            "{}",
            v.detail
        );
        assert!(
            v.detail.contains("division of responsibility with svc"),
            "{}",
            v.detail
        );
        assert!(v.detail_ja.contains("責任分界"));
    }

    #[test]
    fn divide_only_where_the_operations_differ_in_importance() {
        let mut b = well_zoned();
        b.op("packing", Some(Level::High));
        b.asset("packer", "control", &["packing"]);
        let a = b.assess();
        assert_eq!(of_kind(&a, "zone-divide-by-operation").len(), 1);
        assert_eq!(verdict(&a, "control").verdict, Verdict::Keep);
        assert!(contradictions(&a).is_empty(), "{:?}", contradictions(&a));

        let mut b = well_zoned();
        b.op("packing", Some(Level::Medium));
        b.asset("packer", "control", &["packing"]);
        let a = b.assess();
        let v = verdict(&a, "control");
        assert_eq!(v.verdict, Verdict::Divide);
        let p = v
            .proposed
            .as_ref()
            .map(|p| p.zones.clone())
            .unwrap_or_default();
        assert_eq!(p[0].id, "control-packing");
        assert_eq!(p[0].assets, vec!["packer"]);
        assert!(contradictions(&a).is_empty(), "{:?}", contradictions(&a));
    }

    #[test]
    fn a_console_controlling_its_own_zone_is_no_operation_of_its_own() {
        let mut b = well_zoned();
        b.op("maintenance", Some(Level::Low));
        b.asset("console", "control", &["maintenance"]).role = Some("engineering-station".into());
        b.flow("console-plc", "console", "plc-1").control = true;
        let a = b.assess();
        assert!(of_kind(&a, "zone-divide-by-operation").is_empty());
        assert_ne!(verdict(&a, "control").verdict, Verdict::Divide);
    }

    #[test]
    fn a_zone_receiving_new_sensitive_data_is_reviewed_and_says_no_new_zone() {
        let mut b = well_zoned();
        b.asset("recipe", "monitoring", &["manufacturing"]).kind = AssetKind::Data;
        let f = b.flow("new-recipe", "historian", "scada");
        f.data = vec!["recipe".into()];
        f.status = Status::New;
        let a = b.assess();
        let v = verdict(&a, "monitoring");
        assert_eq!(v.verdict, Verdict::Review);
        let r = &of_kind(&a, "zone-review-requirements")[0];
        assert!(
            r.recommendation
                .starts_with("monitoring zone: no new zone is needed"),
            "{}",
            r.recommendation
        );
        assert!(contradictions(&a).is_empty());
    }

    #[test]
    fn the_contradiction_check_catches_a_sentence_against_the_verdict() {
        let mut b = well_zoned();
        service_in_control(&mut b);
        let mut a = b.assess();
        assert!(contradictions(&a).is_empty());
        let f = match a
            .findings
            .iter_mut()
            .find(|f| f.subjects[0] == "zone:control")
        {
            Some(f) => f,
            None => panic!("no finding on the control zone"),
        };
        f.detail.push_str(" No new zone is needed.");
        assert_eq!(contradictions(&a).len(), 1);
    }

    #[test]
    fn verdicts_do_not_depend_on_list_order() {
        let mut b = well_zoned();
        cad_in_oa(&mut b);
        service_in_control(&mut b);
        let a1 = b.assess();
        b.m.zones.reverse();
        b.m.assets.reverse();
        b.m.flows.reverse();
        let a2 = b.assess();
        let key = |a: &Assessment, z: &str| {
            let v = verdict(a, z);
            let mut zones: Vec<(String, Vec<String>)> = v
                .proposed
                .iter()
                .flat_map(|p| p.zones.iter())
                .map(|p| {
                    let mut assets = p.assets.clone();
                    assets.sort();
                    (p.id.clone(), assets)
                })
                .collect();
            zones.sort();
            (v.verdict, v.reasons.clone(), zones)
        };
        for z in &a1.zones {
            assert_eq!(key(&a1, &z.id), key(&a2, &z.id), "zone {}", z.id);
        }
    }
}
