//! Step 1-6: zoning, exactly as Annex A reasons — divide by operation, separate what drives
//! control (case 1), separate external services (case 2), and mixed importance. The rules
//! state what they find; the reconciliation (`verdict.rs`) gives each zone one verdict and
//! writes the sentences that presuppose it (titles and recommendations of these findings).

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, Lang, is_fa, list, list_in, list_ja, sentences, yes_no};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_lang::Message;
use kojo_model::{AssetKind, AssetTrait, Industry, Level, ZoneKind};
use std::collections::BTreeSet;

use crate::verdict::{functional, supports_own_zone};

pub const DIVIDE_BY_OPERATION: RuleInfo = RuleInfo {
    id: "KJ-ZONE-001",
    kind: FindingKind::ZoneDivideByOperation,
    step: "1-6",
    reference: "3.1.6, Annex A (i) 1",
    summary: "A control or production zone serves several operations, above all of different importance.",
    doc: "docs/rules/zone-divide-by-operation.md",
};

/// Step 1-6 procedure 1 and Annex A (i) 1: organise protected objects by operation within
/// each zone; a production zone serving several operations (parts and product
/// manufacturing) may be divided. Weighs more when the operations differ in importance, less
/// in the material and process industries where the process rarely divides.
pub fn divide_by_operation(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (zi, z) in m.zones.iter().enumerate() {
        if !is_fa(z.kind) {
            continue;
        }
        let mut ops: BTreeSet<&str> = BTreeSet::new();
        for &ai in &ctx.zone_assets[zi] {
            // A console that controls the zone's own line serves that line's operation.
            if functional(ctx, ai) && !supports_own_zone(ctx, ai, zi) {
                ops.extend(m.assets[ai].operations.iter().map(String::as_str));
            }
        }
        if ops.len() < 2 {
            continue;
        }
        let imps: BTreeSet<Option<Level>> = ops
            .iter()
            .map(|o| ctx.op_ix.get(o).and_then(|&i| m.operations[i].importance))
            .collect();
        let differ = imps.len() > 1;
        let continuous = matches!(
            m.factory.industry,
            Some(Industry::Material | Industry::Process)
        );
        let severity = match (continuous, differ) {
            (true, _) => Severity::Info,
            (false, true) => Severity::Medium,
            (false, false) => Severity::Low,
        };
        let names: Vec<String> = ops.iter().map(|o| o.to_string()).collect();
        let mut subjects = vec![format!("zone:{}", z.id)];
        subjects.extend(names.iter().map(|o| format!("operation:{o}")));
        // Operations by name in prose; their ids are in the subjects and facts.
        let op_names: Vec<&str> = ops
            .iter()
            .map(|o| {
                ctx.op_ix
                    .get(o)
                    .map_or(*o, |&i| m.operations[i].name.as_str())
            })
            .collect();
        out.push(
            ctx.finding(
                Draft {
                    id_subjects: Some(vec![format!("zone:{}", z.id)]),
                    ..Draft::new(&DIVIDE_BY_OPERATION, subjects, severity)
                }
                .text(
                    Message::new("zone-divide-title")
                        .arg("zone", z.name.as_str())
                        .arg("count", ops.len())
                        .render(Lang::En),
                    divide_detail(&op_names, differ, continuous, Lang::En),
                    String::new(),
                )
                .ja(
                    Message::new("zone-divide-title")
                        .arg("zone", z.name.as_str())
                        .arg("count", ops.len())
                        .render(Lang::Ja),
                    divide_detail(&op_names, differ, continuous, Lang::Ja),
                    String::new(),
                )
                .fact("operations", names.clone())
                .fact("importance_differs", differ),
            ),
        );
    }
}

/// The divide finding's detail: the operations, and the note for continuous processes.
fn divide_detail(operations: &[&str], differ: bool, continuous: bool, lang: Lang) -> String {
    let said = Message::new("zone-divide-detail")
        .arg("operations", list_in(operations, 8, lang))
        .arg("differ", yes_no(differ))
        .render(lang);
    let note = if continuous {
        Message::new("zone-divide-continuous").render(lang)
    } else {
        String::new()
    };
    sentences(lang, [said, note])
}

pub const SPLIT_CONTROL_ORIGIN: RuleInfo = RuleInfo {
    id: "KJ-ZONE-002",
    kind: FindingKind::ZoneSplitControlOrigin,
    step: "1-6",
    reference: "Annex A (i) 3",
    summary: "A non-control zone holds assets that drive control (directly or via automated flows) together with assets that do not.",
    doc: "docs/rules/zone-split-control-origin.md",
};

/// Annex A (i) 3: assets that operate a control or production zone — by control flows, or
/// through automated flows acted on without human review — need other requirements than
/// the assets of an OA zone that sends no control instructions, so they belong in a zone of
/// their own (the annex's CAD control zone).
pub fn split_control_origin(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (zi, z) in m.zones.iter().enumerate() {
        if is_fa(z.kind) {
            continue;
        }
        let (mut drivers, mut others) = (Vec::new(), Vec::new());
        for &ai in &ctx.zone_assets[zi] {
            if !functional(ctx, ai) {
                continue;
            }
            if ctx.asset_drives_control[ai] {
                drivers.push(ai)
            } else {
                others.push(ai)
            }
        }
        if drivers.is_empty() {
            continue;
        }
        // Assets serving the same operation as a driver go with it (Annex A: "the CAD and
        // dedicated servers required for the service").
        let driver_ops: BTreeSet<&str> = drivers
            .iter()
            .flat_map(|&a| m.assets[a].operations.iter().map(String::as_str))
            .collect();
        let (companions, others): (Vec<usize>, Vec<usize>) = others.into_iter().partition(|&a| {
            let ops = &m.assets[a].operations;
            !ops.is_empty() && ops.iter().all(|o| driver_ops.contains(o.as_str()))
        });
        if others.is_empty() {
            continue;
        }
        drivers.extend(companions);
        drivers.sort_unstable();
        // The flows that carry the drive out of these assets.
        let mut via_flows = Vec::new();
        for &a in &drivers {
            for &fi in &ctx.asset_out[a] {
                let f = &m.flows[fi];
                if (f.control || f.automated) && ctx.flow_ends[fi].to_zone != Some(zi) {
                    via_flows.push(f.id.clone());
                }
            }
        }
        let dn: Vec<String> = drivers.iter().map(|&a| m.assets[a].id.clone()).collect();
        let on: Vec<String> = others.iter().map(|&a| m.assets[a].id.clone()).collect();
        let mut subjects = vec![format!("zone:{}", z.id)];
        subjects.extend(dn.iter().map(|a| format!("asset:{a}")));
        // Assets by name in prose; their ids are in the subjects and facts.
        let asset_names =
            |v: &[usize]| -> Vec<&str> { v.iter().map(|&a| m.assets[a].name.as_str()).collect() };
        let (driver_names, other_names) = (asset_names(&drivers), asset_names(&others));
        out.push(
            ctx.finding(
                Draft::new(&SPLIT_CONTROL_ORIGIN, subjects, Severity::High)
                    .title_detail(|lang| {
                        [
                            Message::new("zone-split-title").arg("zone", z.name.as_str()),
                            Message::new("zone-split-detail")
                                .arg("drivers", list_in(&driver_names, 5, lang))
                                .arg("count", drivers.len())
                                .arg("flows", ctx.flows_phrase(&via_flows, 5, lang))
                                .arg("others", list_in(&other_names, 5, lang))
                                .arg("others_count", others.len()),
                        ]
                    })
                    .fact("drivers", dn.clone())
                    .fact("others", on.clone())
                    .fact("flows", via_flows),
            ),
        );
    }
}

pub const SEPARATE_EXTERNAL: RuleInfo = RuleInfo {
    id: "KJ-ZONE-003",
    kind: FindingKind::ZoneSeparateExternal,
    step: "1-6",
    reference: "Annex A (ii) 3",
    summary: "A zone holds a service run by an external party together with in-house assets, without contractual security measures or a private cloud.",
    doc: "docs/rules/zone-separate-external.md",
};

/// Annex A (ii) 3: it is hard to ask an external provider for the same requirements as the
/// zone it serves, so its service is separated — unless the contract includes the necessary
/// security measures or it is a private cloud. The separation names its boundary (the flows
/// that cross it) and needs the division of responsibility checked.
pub fn separate_external(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (zi, z) in m.zones.iter().enumerate() {
        if z.kind == ZoneKind::External {
            continue;
        }
        let (mut external, mut inhouse) = (Vec::new(), Vec::new());
        for &ai in &ctx.zone_assets[zi] {
            if m.assets[ai].kind == AssetKind::Data {
                continue;
            }
            if ctx.asset_external[ai] {
                let a = &m.assets[ai];
                let covered = a.has_trait(AssetTrait::PrivateCloud)
                    || ctx
                        .asset_contract_party(ai)
                        .and_then(|pi| m.parties[pi].contract.as_ref())
                        .and_then(|c| c.security_measures)
                        == Some(true);
                if !covered {
                    external.push(ai);
                }
            } else if functional(ctx, ai) {
                inhouse.push(ai);
            }
        }
        if external.is_empty() || inhouse.is_empty() {
            continue;
        }
        let in_set: BTreeSet<usize> = inhouse.iter().copied().collect();
        let mut boundary = Vec::new();
        for &a in &external {
            for &fi in ctx.asset_out[a].iter().chain(&ctx.asset_in[a]) {
                let e = &ctx.flow_ends[fi];
                let other = if e.from_asset == Some(a) {
                    e.to_asset
                } else {
                    e.from_asset
                };
                if other.is_some_and(|o| in_set.contains(&o)) {
                    boundary.push(m.flows[fi].id.clone());
                }
            }
        }
        boundary.sort();
        boundary.dedup();
        let en: Vec<String> = external.iter().map(|&a| m.assets[a].id.clone()).collect();
        let parties: BTreeSet<String> = external
            .iter()
            .filter_map(|&a| m.assets[a].supplier.clone())
            .collect();
        let parties: Vec<String> = parties.into_iter().collect();
        let mut subjects = vec![format!("zone:{}", z.id)];
        subjects.extend(en.iter().map(|a| format!("asset:{a}")));
        let names = |v: &[usize]| -> Vec<String> {
            let mut n: Vec<String> = v.iter().map(|&a| m.assets[a].name.clone()).collect();
            n.sort();
            n
        };
        let ext_names = names(&external);
        let inhouse_names = names(&inhouse);
        // Who runs them, by name: the operator, else the party whose contract covers them.
        let mut runners: Vec<String> = external
            .iter()
            .filter_map(|&a| ctx.asset_operator[a].or_else(|| ctx.asset_contract_party(a)))
            .map(|p| m.parties[p].name.clone())
            .collect();
        runners.sort();
        runners.dedup();
        let (boundary_en, boundary_ja) = if boundary.is_empty() {
            (
                "No flow between them is declared yet.".to_string(),
                "両者の間のフローはまだ定義されていません。".to_string(),
            )
        } else {
            (
                format!(
                    "The boundary lies on {}.",
                    ctx.flows_phrase(&boundary, 5, Lang::En)
                ),
                format!(
                    "分離の境界は{}にあります。",
                    ctx.flows_phrase(&boundary, 5, Lang::Ja)
                ),
            )
        };
        out.push(ctx.finding(
            Draft::new(&SEPARATE_EXTERNAL, subjects, Severity::High)
                .text(
                    format!("{} holds an external party's service together with in-house assets", z.name),
                    format!(
                        "{} {} run by {} and {} in {} with {}; the contract does not include the security measures and it is not a private cloud, so the zone's requirements cannot be asked of the provider. {boundary_en}",
                        list(&ext_names, 5),
                        if ext_names.len() == 1 { "is" } else { "are" },
                        if runners.is_empty() { "a party outside the company".to_string() } else { list(&runners, 3) },
                        if ext_names.len() == 1 { "sits" } else { "sit" },
                        z.name,
                        list(&inhouse_names, 5),
                    ),
                    String::new(),
                )
                .ja(
                    format!("{} に外部事業者のサービスと自社資産が混在しています", z.name),
                    format!(
                        "{} は{}が運用し、{} 内で {} と同居しています。契約にセキュリティ対策が含まれず、プライベートクラウドでもないため、ゾーンの要件を事業者に求めることができません。{boundary_ja}",
                        list_ja(&ext_names, 5),
                        if runners.is_empty() { "社外の事業者".to_string() } else { list_ja(&runners, 3) },
                        z.name,
                        list_ja(&inhouse_names, 5),
                    ),
                    String::new(),
                )
                .fact("external_assets", en.clone())
                .fact("parties", parties)
                .fact("boundary_flows", boundary),
        ));
    }
}

pub const MIXED_IMPORTANCE: RuleInfo = RuleInfo {
    id: "KJ-ZONE-004",
    kind: FindingKind::ZoneMixedImportance,
    step: "1-6",
    reference: "3.1.6",
    summary: "A zone holds protected objects whose importance differs by two levels.",
    doc: "docs/rules/zone-mixed-importance.md",
};

/// 3.1.6: a zone is an area needing security measures at an equal level; objects of high and
/// low importance in one zone mean either over-protecting the low or under-protecting the
/// high.
pub fn mixed_importance(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (zi, z) in m.zones.iter().enumerate() {
        let (mut lows, mut highs) = (Vec::new(), Vec::new());
        for &ai in &ctx.zone_assets[zi] {
            if !functional(ctx, ai) {
                continue;
            }
            match ctx.asset_imp[ai] {
                Some(Level::Low) => lows.push(ai),
                Some(Level::High) => highs.push(ai),
                _ => {}
            }
        }
        if lows.is_empty() || highs.is_empty() {
            continue;
        }
        let names =
            |v: &[usize]| -> Vec<&str> { v.iter().map(|&a| m.assets[a].name.as_str()).collect() };
        let ids =
            |v: &[usize]| -> Vec<String> { v.iter().map(|&a| m.assets[a].id.clone()).collect() };
        let (high_names, low_names) = (names(&highs), names(&lows));
        let (highs, lows) = (ids(&highs), ids(&lows));
        out.push(
            ctx.finding(
                Draft::new(
                    &MIXED_IMPORTANCE,
                    vec![format!("zone:{}", z.id)],
                    Severity::Medium,
                )
                .title_detail(|lang| {
                    [
                        Message::new("zone-mixed-title").arg("zone", z.name.as_str()),
                        Message::new("zone-mixed-detail")
                            .arg("high", list_in(&high_names, 5, lang))
                            .arg("low", list_in(&low_names, 5, lang)),
                    ]
                })
                .fact("high", highs)
                .fact("low", lows),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use kojo_model::*;

    #[test]
    fn divide_by_operation_fires_for_a_zone_with_two_operations() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "zone-divide-by-operation").is_empty());
        b.op("product-mfg", Some(Level::Medium));
        b.asset("line-2", "control", &["product-mfg"]);
        let a = b.assess();
        let f = of_kind(&a, "zone-divide-by-operation");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects[0], "zone:control");
        assert_eq!(f[0].severity, kojo_findings::Severity::Medium);
        b.m.factory.industry = Some(Industry::Process);
        assert_eq!(
            of_kind(&b.assess(), "zone-divide-by-operation")[0].severity,
            kojo_findings::Severity::Info
        );
    }

    /// Annex A case 1: CAD in the OA zone sends data automatically to SCADA, which
    /// instructs the parts manufacturing zone.
    fn case1(automated: bool) -> B {
        let mut b = well_zoned();
        b.asset("cad", "oa", &["manufacturing"]).status = Status::New;
        let f = b.flow("cad-scada", "cad", "scada");
        f.automated = automated;
        f.status = Status::New;
        b
    }

    #[test]
    fn split_control_origin_fires_through_automated_flows() {
        let a = case1(true).assess();
        let f = of_kind(&a, "zone-split-control-origin");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["zone:oa", "asset:cad"]);
        assert_eq!(f[0].severity, kojo_findings::Severity::High);
        // The flow by its ends in prose, by id in the facts.
        assert!(
            f[0].detail.contains("(the flow from cad to scada)")
                && f[0]
                    .detail
                    .contains("operates a control or production zone"),
            "{}",
            f[0].detail
        );
        assert!(f[0].facts["flows"].to_string().contains("cad-scada"));
    }

    #[test]
    fn split_control_origin_does_not_fire_with_human_review() {
        let a = case1(false).assess();
        assert!(of_kind(&a, "zone-split-control-origin").is_empty());
        // A direct control instruction from the OA zone fires without automation.
        let mut b = case1(false);
        b.flow("oa-plc", "oa-pc", "plc-2").control = true;
        let a = b.assess();
        assert_eq!(of_kind(&a, "zone-split-control-origin").len(), 1);
    }

    fn case2(security_in_contract: bool, private: bool) -> B {
        let mut b = well_zoned();
        b.zone("warehouse", ZoneKind::Control);
        b.op("warehousing", Some(Level::High));
        b.asset("asrs", "warehouse", &["warehousing"]);
        b.party("whtech", PartyKind::CloudService).contract = Some(Contract {
            security_measures: Some(security_in_contract),
            ..Default::default()
        });
        let s = b.asset("remote-maint", "warehouse", &["warehousing"]);
        s.kind = AssetKind::ExternalService;
        s.supplier = Some("whtech".into());
        s.status = Status::New;
        if private {
            s.traits.push(AssetTrait::PrivateCloud);
        }
        b.flow("inv", "asrs", "remote-maint").status = Status::New;
        b
    }

    #[test]
    fn separate_external_fires_and_names_boundary() {
        let a = case2(false, false).assess();
        let f = of_kind(&a, "zone-separate-external");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["zone:warehouse", "asset:remote-maint"]);
        // The boundary is named by the flow's ends in the words, by id in the facts.
        assert_eq!(f[0].facts["boundary_flows"], serde_json::json!(["inv"]));
        assert!(
            f[0].detail.contains("run by whtech")
                && f[0]
                    .detail
                    .ends_with("The boundary lies on the flow from asrs to remote-maint."),
            "{}",
            f[0].detail
        );
        assert!(!f[0].detail.contains("(s)"));
        let ja = &f[0].i18n.get("ja").unwrap().detail;
        assert!(
            ja.ends_with("分離の境界はasrs から remote-maint へのフローにあります。"),
            "{ja}"
        );
        assert!(f[0].recommendation.contains("division of responsibility"));
    }

    #[test]
    fn separate_external_not_with_contract_or_private_cloud() {
        assert!(of_kind(&case2(true, false).assess(), "zone-separate-external").is_empty());
        assert!(of_kind(&case2(false, true).assess(), "zone-separate-external").is_empty());
    }

    #[test]
    fn mixed_importance_fires_on_two_level_gap_only() {
        let mut b = well_zoned();
        b.asset("kiosk", "monitoring", &["office"]);
        let a = b.assess();
        assert_eq!(
            of_kind(&a, "zone-mixed-importance")[0].subjects,
            vec!["zone:monitoring"]
        );
        let mut b = well_zoned();
        b.op("mid", Some(Level::Medium));
        b.asset("kiosk", "monitoring", &["mid"]);
        assert!(of_kind(&b.assess(), "zone-mixed-importance").is_empty());
    }
}
