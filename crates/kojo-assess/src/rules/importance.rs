//! Steps 1-3 to 1-5: importance of operations and protected objects, their zones, and the
//! terms of important external services.

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, Lang, level_in, list_in};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_lang::Message;
use kojo_model::{AssetKind, Level, Status};

pub const IMPORTANCE_MISSING: RuleInfo = RuleInfo {
    id: "KJ-IMP-001",
    kind: FindingKind::ImportanceMissing,
    step: "1-3 / 1-5",
    reference: "3.1.3, 3.1.5",
    summary: "A new or changed operation or protected object has no importance and none can be derived.",
    doc: "docs/rules/importance-missing.md",
};

/// Steps 1-3 and 1-5: what smartification adds or changes must be weighed (safety,
/// quality, delivery, cost, business continuity); an asset without its own importance
/// takes the highest of its operations', so only assets without either are reported.
pub fn importance_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for o in &m.operations {
        if o.status != Status::Existing && o.importance.is_none() {
            out.push(ctx.finding(
                Draft::new(&IMPORTANCE_MISSING, vec![format!("operation:{}", o.id)], Severity::Medium)
                    .text(
                        format!("New or changed operation {} has no importance", o.name),
                        "Step 1-3 ranks operations by importance; zones and measures are prioritised from it.".into(),
                        "Set operations[].importance (low | medium | high) from the impact of its stoppage on safety, quality, delivery, cost and business continuity.".into(),
                    )
                    .ja(
                        format!("新規・変更業務 {} の重要度が未設定です", o.name),
                        "ステップ1-3では業務の重要度を整理します。".into(),
                        "operations[].importance を設定してください。".into(),
                    ),
            ));
        }
    }
    for (ai, a) in m.assets.iter().enumerate() {
        if a.status != Status::Existing && ctx.asset_imp[ai].is_none() {
            out.push(ctx.finding(
                Draft::new(&IMPORTANCE_MISSING, vec![format!("asset:{}", a.id)], Severity::Medium)
                    .text(
                        format!("New or changed protected object {} has no importance", a.name),
                        "Neither assets[].importance nor an operation with an importance gives it one, so its zone's importance and target SL cannot account for it.".into(),
                        "Link it to its operations (assets[].operations) or set assets[].importance by viewpoint.".into(),
                    )
                    .ja(
                        format!("新規・変更の保護対象 {} の重要度が不明です", a.name),
                        "重要度も、重要度のある業務との関連もありません。".into(),
                        "assets[].operations で業務と関連付けるか、assets[].importance を設定してください。".into(),
                    ),
            ));
        }
    }
}

pub const ASSET_UNZONED: RuleInfo = RuleInfo {
    id: "KJ-IMP-002",
    kind: FindingKind::AssetUnzoned,
    step: "1-4",
    reference: "3.1.4, 3.1.6",
    summary: "A protected object belongs to no zone.",
    doc: "docs/rules/asset-unzoned.md",
};

/// Step 1-4 / 1-6: every protected object must be connected to a zone, or no zone's
/// requirements cover it.
pub fn asset_unzoned(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (ai, a) in ctx.model.assets.iter().enumerate() {
        if !ctx.asset_zones[ai].is_empty() {
            continue;
        }
        let detail = |lang: Lang| {
            kojo_lang::Message::new("asset-unzoned-detail")
                .arg("count", a.zones.len())
                .arg("zones", a.zones.join(lang.pick(", ", "、")))
                .render(lang)
        };
        out.push(
            ctx.finding(
                Draft::new(
                    &ASSET_UNZONED,
                    vec![format!("asset:{}", a.id)],
                    Severity::Medium,
                )
                .text(
                    format!("Protected object {} belongs to no zone", a.name),
                    detail(Lang::En),
                    "Assign it to the zone of its operation (assets[].zone, or zones for data)."
                        .into(),
                )
                .ja(
                    format!("保護対象 {} がどのゾーンにも属していません", a.name),
                    detail(Lang::Ja),
                    "業務に応じたゾーンに割り当ててください。".into(),
                ),
            ),
        );
    }
}

pub const EXTERNAL_SERVICE_TERMS: RuleInfo = RuleInfo {
    id: "KJ-IMP-003",
    kind: FindingKind::ExternalServiceTerms,
    step: "1-5",
    reference: "3.1.5, Table 3-10",
    summary: "An important external service whose contract does not settle service levels or security measures.",
    doc: "docs/rules/external-service-terms.md",
};

/// Step 1-5: an external service that protected objects of medium or high importance rely
/// on needs its service levels and security measures settled in the contract. One finding
/// per party.
pub fn external_service_terms(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let mut by_party: std::collections::BTreeMap<&str, (Vec<usize>, Option<Level>)> =
        Default::default();
    for (ai, a) in m.assets.iter().enumerate() {
        if !ctx.asset_external[ai] || a.kind == AssetKind::Data {
            continue;
        }
        let Some(p) = a.supplier.as_deref() else {
            continue;
        };
        let imp = ctx.asset_imp[ai];
        if imp.is_none_or(|l| l < Level::Medium) {
            continue;
        }
        let e = by_party.entry(p).or_default();
        e.0.push(ai);
        e.1 = e.1.max(imp);
    }
    for (p, (assets, imp)) in by_party {
        let Some(&pi) = ctx.party_ix.get(p) else {
            continue;
        };
        let party = &m.parties[pi];
        let c = party.contract.as_ref();
        let mut unsettled = Vec::new();
        if c.and_then(|c| c.service_levels) != Some(true) {
            unsettled.push("service levels");
        }
        if c.and_then(|c| c.security_measures) != Some(true) {
            unsettled.push("security measures");
        }
        if unsettled.is_empty() {
            continue;
        }
        let sev = if imp == Some(Level::High) {
            Severity::High
        } else {
            Severity::Medium
        };
        let names: Vec<String> = assets.iter().map(|&ai| m.assets[ai].id.clone()).collect();
        let mut subjects = vec![format!("party:{}", party.id)];
        subjects.extend(names.iter().take(20).map(|a| format!("asset:{a}")));
        // Assets and party by name in prose; their ids are the subjects.
        let asset_names: Vec<&str> = assets
            .iter()
            .map(|&ai| m.assets[ai].name.as_str())
            .collect();
        let what = match unsettled.as_slice() {
            [_, _] => "both",
            ["service levels"] => "levels",
            _ => "measures",
        };
        out.push(
            ctx.finding(
                Draft {
                    id_subjects: Some(vec![format!("party:{}", party.id)]),
                    ..Draft::new(&EXTERNAL_SERVICE_TERMS, subjects, sev)
                }
                .words(|lang| {
                    [
                        Message::new("external-terms-title")
                            .arg("party", party.name.as_str())
                            .arg("what", what),
                        Message::new("external-terms-detail")
                            .arg("assets", list_in(&asset_names, 5, lang))
                            .arg("importance", level_in(imp, lang))
                            .arg("party", party.name.as_str())
                            .arg("what", what),
                        Message::new("external-terms-rec"),
                    ]
                })
                .fact(
                    "unsettled",
                    unsettled.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                ),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use kojo_model::*;

    #[test]
    fn importance_missing_for_new_items_without_derivable_importance() {
        let mut b = well_zoned();
        b.op("new-op", None).status = Status::New;
        b.asset("new-pc", "oa", &[]).status = Status::New;
        b.asset("derived", "oa", &["office"]).status = Status::New;
        b.asset("old", "oa", &[]);
        let a = b.assess();
        let mut s: Vec<String> = of_kind(&a, "importance-missing")
            .iter()
            .map(|f| f.subjects[0].clone())
            .collect();
        s.sort();
        assert_eq!(s, vec!["asset:new-pc", "operation:new-op"]);
    }

    #[test]
    fn asset_unzoned_only_without_a_zone() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "asset-unzoned").is_empty());
        b.asset("loose", "oa", &[]).zones.clear();
        let a = b.assess();
        assert_eq!(
            of_kind(&a, "asset-unzoned")[0].subjects,
            vec!["asset:loose"]
        );
    }

    #[test]
    fn external_service_terms_for_important_services_only() {
        let mut b = well_zoned();
        b.zone("ext", ZoneKind::External);
        b.party("cloud", PartyKind::CloudService).contract = Some(Contract {
            service_levels: Some(true),
            security_measures: Some(false),
            ..Default::default()
        });
        b.asset("svc", "ext", &["manufacturing"]).supplier = Some("cloud".into());
        b.asset("toy", "ext", &["office"]).supplier = Some("cloud".into());
        let a = b.assess();
        let f = of_kind(&a, "external-service-terms");
        assert_eq!(f.len(), 1);
        assert!(f[0].subjects.contains(&"asset:svc".to_string()));
        assert!(!f[0].subjects.contains(&"asset:toy".to_string()));
        assert!(f[0].title.contains("security measures"));
        // The plan's contract action asks for what is unsettled only, in both languages.
        let act = a
            .plan
            .iter()
            .find(|p| p.closes.contains(&f[0].id))
            .expect("a contract action");
        assert!(
            act.title
                .starts_with("Settle security measures in the contract with"),
            "{}",
            act.title
        );
        let ja = &act.i18n.get("ja").expect("Japanese").title;
        assert!(ja.ends_with("との契約でセキュリティ対策を定める"), "{ja}");
        if let Some(c) = b.m.parties[0].contract.as_mut() {
            c.security_measures = Some(true);
        }
        assert!(of_kind(&b.assess(), "external-service-terms").is_empty());
    }
}
