//! Step 3 (2): supply-chain checklists (Tables 3-10 to 3-12) and SBOM presence.

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, list, list_ja};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_model::{Answer, AssetKind, AssetTrait, ChecklistKind, Level, PartyKind};
use std::collections::BTreeSet;

/// The checklist a party's kind calls for, if any.
pub fn checklist_for(kind: PartyKind) -> Option<ChecklistKind> {
    match kind {
        PartyKind::CloudService => Some(ChecklistKind::CloudService),
        PartyKind::EquipmentSupplier | PartyKind::GeneralProductVendor => {
            Some(ChecklistKind::GeneralProduct)
        }
        PartyKind::SoftwareVendor => Some(ChecklistKind::Software),
        PartyKind::OutsourcedVendor | PartyKind::BusinessPartner => None,
    }
}

fn checklist_name(k: ChecklistKind) -> &'static str {
    match k {
        ChecklistKind::CloudService => "cloud service (Table 3-10)",
        ChecklistKind::GeneralProduct => "general product (Table 3-11)",
        ChecklistKind::Software => "software (Table 3-12)",
    }
}

pub const CHECKLIST_MISSING: RuleInfo = RuleInfo {
    id: "KJ-SC-001",
    kind: FindingKind::ChecklistMissing,
    step: "3",
    reference: "3.3 (2), Tables 3-10 to 3-12",
    summary: "A party whose kind calls for a supply-chain checklist has none.",
    doc: "docs/rules/checklist-missing.md",
};

/// Step 3 (2): cloud services, general products (equipment) and software are procured,
/// contracted and operated against the confirmation points of Tables 3-10 to 3-12.
/// "an equipment supplier", "a cloud service": a party kind in words, with its article.
fn party_kind_words(kind: PartyKind) -> (String, &'static str) {
    let words = kojo_catalog::vocab::party_kind_name(kind).replace('-', " ");
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let ja = match kind {
        PartyKind::CloudService => "クラウドサービス事業者",
        PartyKind::EquipmentSupplier => "設備サプライヤ",
        PartyKind::GeneralProductVendor => "汎用製品ベンダ",
        PartyKind::SoftwareVendor => "ソフトウェアベンダ",
        _ => "取引先",
    };
    (format!("{article} {words}"), ja)
}

/// "1 item", "3 items".
fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The party's name, where the model gives one.
fn party_name<'a>(ctx: &Ctx<'a>, id: &'a str) -> &'a str {
    ctx.model
        .parties
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

pub fn checklist_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let have: BTreeSet<&str> = m.supply_chain.iter().map(|c| c.party.as_str()).collect();
    for p in &m.parties {
        let Some(kind) = checklist_for(p.kind) else {
            continue;
        };
        if have.contains(p.id.as_str()) {
            continue;
        }
        let (kind_en, kind_ja) = party_kind_words(p.kind);
        out.push(ctx.finding(
            Draft::new(&CHECKLIST_MISSING, vec![format!("party:{}", p.id)], Severity::Medium)
                .text(
                    format!("No {} checklist for {}", checklist_name(kind), p.name),
                    format!("{} is {kind_en}; its procurement, contract and operation points have not been confirmed.", p.name),
                    format!("Add a supply_chain entry for {} with the {} checklist and answer its items.", p.name, checklist_name(kind)),
                )
                .ja(
                    format!("{} のチェックリストがありません", p.name),
                    format!("{}は{kind_ja}ですが、調達・契約・運用の各段階の確認項目が未確認です。", p.name),
                    "supply_chain に該当チェックリストを追加し、各項目に回答してください。".into(),
                ),
        ));
    }
}

pub const CHECKLIST_GAP: RuleInfo = RuleInfo {
    id: "KJ-SC-002",
    kind: FindingKind::ChecklistGap,
    step: "3",
    reference: "3.3 (2), Tables 3-10 to 3-12",
    summary: "A checklist item answered no, partial, or not at all.",
    doc: "docs/rules/checklist-gap.md",
};

/// Step 3 (2): each item answered no (medium) or partial (low) is a gap to settle with the
/// party; the catalog's items left unanswered are one finding per checklist.
pub fn checklist_gap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for c in &ctx.model.supply_chain {
        let subject = vec![format!("party:{}", c.party)];
        let party = party_name(ctx, &c.party);
        let items = ctx.know.checklists.get(&c.checklist);
        let text_of = |id: &str| {
            items
                .and_then(|v| v.iter().find(|i| i.id == id))
                .map(|i| i.text.clone())
                .unwrap_or_else(|| id.to_string())
        };
        let text_ja_of = |id: &str| {
            items
                .and_then(|v| v.iter().find(|i| i.id == id))
                .map(|i| {
                    if i.text_ja.is_empty() {
                        i.text.clone()
                    } else {
                        i.text_ja.clone()
                    }
                })
                .unwrap_or_else(|| id.to_string())
        };
        for (item, (answer, _loc)) in &c.answers {
            let (sev, word, ja) = match answer {
                Answer::No => (Severity::Medium, "no", "いいえ"),
                Answer::Partial => (Severity::Low, "partial", "一部"),
                _ => continue,
            };
            out.push(ctx.finding(
                Draft::new(&CHECKLIST_GAP, subject.clone(), sev)
                    .disc(item.clone())
                    .text(
                        format!("{party}: \u{201c}{}\u{201d} answered {word}", text_of(item)),
                        text_of(item),
                        "Settle this point with the party (procurement, contract or operation stage) or record the compensating arrangement.".into(),
                    )
                    .ja(
                        format!("{party}: 確認項目「{}」の回答が「{ja}」です", text_ja_of(item)),
                        text_ja_of(item),
                        "事業者と確認・合意し、結果を記録してください。".into(),
                    )
                    .fact("item", item.clone())
                    .fact("answer", word),
            ));
        }
        if let Some(items) = items {
            let open: Vec<_> = items
                .iter()
                .filter(|i| !c.answers.contains_key(&i.id))
                .collect();
            let unanswered: Vec<String> = open.iter().map(|i| i.id.clone()).collect();
            let names: Vec<&str> = open.iter().map(|i| i.text.as_str()).collect();
            let names_ja: Vec<&str> = open
                .iter()
                .map(|i| {
                    if i.text_ja.is_empty() {
                        i.text.as_str()
                    } else {
                        i.text_ja.as_str()
                    }
                })
                .collect();
            if !unanswered.is_empty() {
                out.push(
                    ctx.finding(
                        Draft::new(&CHECKLIST_GAP, subject.clone(), Severity::Low)
                            .disc("unanswered")
                            .text(
                                format!(
                                    "{party}: {} unanswered",
                                    counted(unanswered.len(), "checklist item", "checklist items")
                                ),
                                format!("Not answered: {}.", list(&names, 8)),
                                "Answer every item (yes | no | partial | n/a).".into(),
                            )
                            .ja(
                                format!(
                                    "{party}: 未回答の確認項目が{}件あります",
                                    unanswered.len()
                                ),
                                format!("未回答: {}", list_ja(&names_ja, 8)),
                                "すべての項目に回答してください。".into(),
                            )
                            .fact("unanswered", unanswered),
                    ),
                );
            }
        }
    }
}

pub const SBOM_MISSING: RuleInfo = RuleInfo {
    id: "KJ-SC-003",
    kind: FindingKind::SbomMissing,
    step: "3",
    reference: "3.3 (2), Table 3-12",
    summary: "Software, general-purpose or OSS-based assets without a software bill of materials.",
    doc: "docs/rules/sbom-missing.md",
};

/// Step 3 (2): vulnerability management of software, general-purpose and OSS-based assets
/// needs to know their components. One finding per zone (the SBOM check, once it raises
/// `sbom-missing` itself, replaces these).
pub fn sbom_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (zi, z) in m.zones.iter().enumerate() {
        let missing: Vec<String> = ctx.zone_assets[zi]
            .iter()
            // Each asset once: in its first zone.
            .filter(|&&ai| ctx.asset_zones[ai].first() == Some(&zi))
            .map(|&ai| &m.assets[ai])
            .filter(|a| a.sbom.is_none())
            .filter(|a| {
                a.kind == AssetKind::Software
                    || a.has_trait(AssetTrait::GeneralPurpose)
                    || a.has_trait(AssetTrait::Oss)
            })
            .map(|a| a.id.clone())
            .collect();
        let names: Vec<&str> = missing
            .iter()
            .filter_map(|id| {
                ctx.asset_ix
                    .get(id.as_str())
                    .map(|&ai| m.assets[ai].name.as_str())
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let sev = if ctx.zone_imp[zi] == Some(Level::High) {
            Severity::Medium
        } else {
            Severity::Low
        };
        let key = format!("zone:{}", z.id);
        let mut subjects = vec![key.clone()];
        subjects.extend(missing.iter().take(20).map(|a| format!("asset:{a}")));
        out.push(ctx.finding(
            Draft { id_subjects: Some(vec![key]), ..Draft::new(&SBOM_MISSING, subjects, sev) }
                .text(
                    format!("{}: {} without an SBOM", z.name, counted(missing.len(), "asset", "assets")),
                    format!(
                        "{} {} software whose components are not known, so vulnerabilities in them cannot be matched.",
                        list(&names, 5),
                        if names.len() == 1 { "runs" } else { "run" }
                    ),
                    "Obtain a CycloneDX or SPDX SBOM from the supplier (Table 3-12) and set assets[].sbom.".into(),
                )
                .ja(
                    format!("{}: SBOMのない資産が{}件あります", z.name, missing.len()),
                    format!("{} の構成要素が不明で、脆弱性を照合できません。", list_ja(&names, 5)),
                    "供給者からSBOM(CycloneDX/SPDX)を入手し、assets[].sbom に設定してください。".into(),
                )
                .fact("assets", missing),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use crate::knowledge::{ChecklistItem, Knowledge};
    use kojo_model::*;

    fn with_vendor() -> B {
        let mut b = well_zoned();
        b.party("cloudco", PartyKind::CloudService);
        b.party("integrator", PartyKind::OutsourcedVendor);
        b
    }

    #[test]
    fn checklist_missing_only_for_kinds_that_call_for_one() {
        let mut b = with_vendor();
        let a = b.assess();
        let f = of_kind(&a, "checklist-missing");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["party:cloudco"]);
        b.m.supply_chain.push(SupplierChecklist {
            party: "cloudco".into(),
            checklist: ChecklistKind::CloudService,
            answered_on: None,
            answers: Default::default(),
            loc: Loc::default(),
        });
        assert!(of_kind(&b.assess(), "checklist-missing").is_empty());
    }

    #[test]
    fn checklist_gap_for_no_partial_and_unanswered() {
        let mut b = with_vendor();
        let mut answers = std::collections::BTreeMap::new();
        answers.insert("a.one".to_string(), (Answer::Yes, Loc::default()));
        answers.insert("a.two".to_string(), (Answer::No, Loc::default()));
        answers.insert("a.three".to_string(), (Answer::Partial, Loc::default()));
        b.m.supply_chain.push(SupplierChecklist {
            party: "cloudco".into(),
            checklist: ChecklistKind::CloudService,
            answered_on: None,
            answers,
            loc: Loc::default(),
        });
        let mut k = Knowledge::default();
        k.checklists.insert(
            ChecklistKind::CloudService,
            ["a.one", "a.two", "a.three", "a.four"]
                .iter()
                .map(|i| ChecklistItem {
                    id: i.to_string(),
                    text: format!("item {i}"),
                    text_ja: format!("項目 {i}"),
                })
                .collect(),
        );
        let a = b.assess_with(&k);
        let f = of_kind(&a, "checklist-gap");
        assert_eq!(f.len(), 3);
        let no = f
            .iter()
            .find(|f| f.facts.get("answer").is_some_and(|v| v == "no"))
            .unwrap();
        assert!(
            no.detail.starts_with("item ")
                && no.i18n.get("ja").unwrap().detail.starts_with("項目 ")
        );
        assert!(
            f.iter()
                .any(|f| f.facts.get("answer").is_some_and(|v| v == "no")
                    && f.severity == kojo_findings::Severity::Medium)
        );
        assert!(
            f.iter()
                .any(|f| f.facts.get("unanswered").is_some_and(|v| v[0] == "a.four"))
        );
    }

    #[test]
    fn complete_checklist_raises_nothing() {
        let mut b = with_vendor();
        let mut answers = std::collections::BTreeMap::new();
        for (i, a) in [("a.one", Answer::Yes), ("a.two", Answer::NotApplicable)] {
            answers.insert(i.to_string(), (a, Loc::default()));
        }
        b.m.supply_chain.push(SupplierChecklist {
            party: "cloudco".into(),
            checklist: ChecklistKind::CloudService,
            answered_on: None,
            answers,
            loc: Loc::default(),
        });
        let mut k = Knowledge::default();
        k.checklists.insert(
            ChecklistKind::CloudService,
            ["a.one", "a.two"]
                .iter()
                .map(|i| ChecklistItem {
                    id: i.to_string(),
                    text: format!("item {i}"),
                    text_ja: format!("項目 {i}"),
                })
                .collect(),
        );
        let a = b.assess_with(&k);
        assert!(of_kind(&a, "checklist-gap").is_empty());
        assert!(of_kind(&a, "checklist-missing").is_empty());
    }

    /// Runs this file's fallback rule alone (the SBOM check replaces its findings once it
    /// raises `sbom-missing` itself).
    fn own_sbom_missing(b: &B) -> Vec<kojo_findings::Finding> {
        let know = Knowledge::default();
        let ctx = crate::ctx::Ctx::new(
            &b.m,
            &know,
            Date {
                year: 2026,
                month: 1,
                day: 1,
            },
        );
        let mut out = Vec::new();
        super::sbom_missing(&ctx, &mut out);
        out
    }

    #[test]
    fn sbom_missing_for_software_assets_without_sbom() {
        let mut b = well_zoned();
        assert!(own_sbom_missing(&b).is_empty());
        b.m.assets[5].traits.push(AssetTrait::GeneralPurpose);
        let f = own_sbom_missing(&b);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["zone:oa", "asset:oa-pc"]);
        // Whoever raises it, the assessment has exactly one for the asset.
        let a = b.assess();
        let all = of_kind(&a, "sbom-missing");
        assert_eq!(all.len(), 1);
        assert!(all[0].subjects.contains(&"asset:oa-pc".to_string()));
        b.m.assets[5].sbom = Some("sboms/oa-pc.cdx.json".into());
        assert!(own_sbom_missing(&b).is_empty());
    }
}
