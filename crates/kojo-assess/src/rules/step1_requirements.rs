//! Step 1-1 (requirements: purpose, BCP, stakeholders) and Step 1-2 (scope of operations).

use super::RuleInfo;
use crate::ctx::{Ctx, Draft, Lang, is_fa, list, list_ja};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_lang::Message;
use kojo_model::{
    AssetKind, AssetTrait, BcpPoint, DepartmentKind, PartyKind, Responsible, Status, ZoneKind,
};

pub const PURPOSE_MISSING: RuleInfo = RuleInfo {
    id: "KJ-REQ-001",
    kind: FindingKind::PurposeMissing,
    step: "1-1",
    reference: "3.1.1, Table 3-1",
    summary: "The factory states no purpose of smartification (Table 3-1).",
    doc: "docs/rules/purpose-missing.md",
};

/// Step 1-1: without a purpose (Table 3-1) the importance of operations cannot be weighed
/// against what smartification is meant to achieve.
pub fn purpose_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    if !ctx.model.factory.purposes.is_empty() {
        return;
    }
    out.push(ctx.finding(
        Draft::new(&PURPOSE_MISSING, vec!["factory".into()], Severity::Low)
            .text(
                "No smartification purpose is set".into(),
                "factory.purposes is empty: the targets of Table 3-1 (quality, cost, productivity, time to market, personnel shortage, added value, risk management) guide which operations matter most.".into(),
                "Add factory.purposes with the Table 3-1 targets this factory pursues.".into(),
            )
            .ja(
                "スマート化の目的が設定されていません".into(),
                "factory.purposes が空です。表3-1の目的は業務の重要度を判断する前提になります。".into(),
                "表3-1の目的を factory.purposes に記載してください。".into(),
            ),
    ));
}

pub const BCP_GAP: RuleInfo = RuleInfo {
    id: "KJ-REQ-002",
    kind: FindingKind::BcpGap,
    step: "1-1",
    reference: "3.1.1 (1)",
    summary: "No BCP, or BCP review points of 3.1.1 (1) it does not cover.",
    doc: "docs/rules/bcp-gap.md",
};

const ALL_POINTS: [(BcpPoint, &str); 8] = [
    (BcpPoint::PartnerIncidentImpact, "partner-incident-impact"),
    (BcpPoint::AmbiguousFailureCause, "ambiguous-failure-cause"),
    (
        BcpPoint::OwnIncidentImpactOnPartners,
        "own-incident-impact-on-partners",
    ),
    (BcpPoint::NewServiceImpact, "new-service-impact"),
    (
        BcpPoint::NewServiceSuspensionImpact,
        "new-service-suspension-impact",
    ),
    (
        BcpPoint::NewServiceFailureImpact,
        "new-service-failure-impact",
    ),
    (
        BcpPoint::SuspendOrContinueCriteria,
        "suspend-or-continue-criteria",
    ),
    (BcpPoint::DecisionStructure, "decision-structure"),
];

/// Whether the model introduces new services or external parties (smartification).
pub(crate) fn has_new_services(ctx: &Ctx) -> bool {
    let m = ctx.model;
    !m.parties.is_empty()
        || m.assets
            .iter()
            .any(|a| a.status != Status::Existing || a.kind == AssetKind::ExternalService)
        || m.operations.iter().any(|o| o.status != Status::Existing)
}

/// Step 1-1 (1): the BCP must exist and be reviewed against the points of 3.1.1 (1); the
/// gaps weigh more where new services or parties exist.
pub fn bcp_gap(ctx: &Ctx, out: &mut Vec<Finding>) {
    let new_services = has_new_services(ctx);
    let bcp = ctx.model.factory.bcp.as_ref().filter(|b| b.exists);
    let Some(bcp) = bcp else {
        out.push(ctx.finding(
            Draft::new(&BCP_GAP, vec!["factory".into()], if new_services { Severity::High } else { Severity::Medium })
                .disc("no-bcp")
                .text(
                    "No business continuity plan".into(),
                    "factory.bcp is missing or says exists: false; the guideline asks to check and review the BCP when advancing smartification, including impacts on and from business partners.".into(),
                    "Establish a BCP and review it against the 3.1.1 (1) points (partner incidents, new services, suspend-or-continue criteria, decision structure).".into(),
                )
                .ja(
                    "事業継続計画(BCP)がありません".into(),
                    "factory.bcp が未記載または exists: false です。".into(),
                    "BCPを策定し、3.1.1 (1) の観点で見直してください。".into(),
                ),
        ));
        return;
    };
    let missing: Vec<&str> = ALL_POINTS
        .iter()
        .filter(|(p, _)| !bcp.considers.contains(p))
        .map(|(_, s)| *s)
        .collect();
    if missing.is_empty() {
        return;
    }
    let new_points = missing.iter().any(|s| s.starts_with("new-service"));
    let severity = if new_services && new_points {
        Severity::Medium
    } else {
        Severity::Low
    };
    let names: Vec<String> = missing.iter().map(|s| s.to_string()).collect();
    // The points by their catalog names; the keys to write in `considers` are in the facts.
    let detail = |lang: Lang| {
        let titled: Vec<&str> = missing
            .iter()
            .map(|k| ctx.know.title_in(&format!("bcp-{k}"), lang).unwrap_or(k))
            .collect();
        let joined = titled.join(match lang {
            Lang::Ja => "、",
            Lang::En => "; ",
        });
        let id = if new_services {
            "bcp-gap-detail-new-services"
        } else {
            "bcp-gap-detail"
        };
        Message::new(id).arg("points", joined).render(lang)
    };
    out.push(
        ctx.finding(
            Draft::new(&BCP_GAP, vec!["factory".into()], severity)
                .disc("points")
                .text(
                    Message::new("bcp-gap-title")
                        .arg("count", missing.len())
                        .render(Lang::En),
                    detail(Lang::En),
                    "Review the BCP for these points and record them in factory.bcp.considers."
                        .into(),
                )
                .ja(
                    Message::new("bcp-gap-title")
                        .arg("count", missing.len())
                        .render(Lang::Ja),
                    detail(Lang::Ja),
                    "これらの観点でBCPを見直し、factory.bcp.considers に記録してください。".into(),
                )
                .fact("missing_points", names),
        ),
    );
}

pub const STAKEHOLDER_GAP: RuleInfo = RuleInfo {
    id: "KJ-REQ-003",
    kind: FindingKind::StakeholderGap,
    step: "1-1",
    reference: "3.1.1 (3)",
    summary: "A governance role (security, IT, production engineering, DX) or a used party's contract is missing.",
    doc: "docs/rules/stakeholder-gap.md",
};

/// Step 1-1 (3): internal stakeholders (security, IT, production engineering, DX) and the
/// external parties the model uses, with what their contract settles.
pub fn stakeholder_gap(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let roles = [
        (DepartmentKind::Security, "security"),
        (DepartmentKind::It, "IT"),
        (DepartmentKind::Production, "production engineering"),
        (DepartmentKind::Dx, "DX"),
    ];
    let missing: Vec<String> = roles
        .iter()
        .filter(|(k, _)| !m.departments.iter().any(|d| d.kind == *k))
        .map(|(_, n)| n.to_string())
        .collect();
    if !missing.is_empty() {
        let sev = if missing.iter().any(|r| r == "security") {
            Severity::Medium
        } else {
            Severity::Low
        };
        out.push(ctx.finding(
            Draft::new(&STAKEHOLDER_GAP, vec!["factory".into()], sev)
                .disc("governance")
                .text(
                    Message::new("governance-missing-title")
                        .arg("count", missing.len())
                        .arg("roles", missing.join(", "))
                        .render(Lang::En),
                    "Smartification needs production engineering, IT, security and DX to share the security framework; the model names no department of these kinds.".into(),
                    "Add the departments (departments[].kind) and assign their roles in the security framework.".into(),
                )
                .ja(
                    Message::new("governance-missing-title")
                        .arg("count", missing.len())
                        .arg(
                            "roles",
                            missing
                                .iter()
                                .map(|r| match r.as_str() {
                                    "security" => "セキュリティ",
                                    "production engineering" => "生産技術",
                                    other => other,
                                })
                                .collect::<Vec<_>>()
                                .join("、"),
                        )
                        .render(Lang::Ja),
                    "スマート化の推進には生産技術・IT・セキュリティ・DX部門の連携が必要です。".into(),
                    "該当部門を departments に追加し、役割を定めてください。".into(),
                )
                .fact("missing_roles", missing),
        ));
    }
    // External parties the model relies on but whose contract is not recorded.
    let mut used: Vec<&str> = Vec::new();
    for a in &m.assets {
        if let Some(p) = &a.supplier {
            used.push(p);
        }
    }
    for o in &m.operations {
        if let Responsible::Party(p) = &o.performed_by {
            used.push(p);
        }
    }
    for z in &m.zones {
        if let Responsible::Party(p) = &z.managed_by {
            used.push(p);
        }
    }
    used.sort_unstable();
    used.dedup();
    for p in used {
        let Some(&pi) = ctx.party_ix.get(p) else {
            continue;
        };
        let party = &m.parties[pi];
        if party.contract.is_some() {
            continue;
        }
        out.push(ctx.finding(
            Draft::new(&STAKEHOLDER_GAP, vec![format!("party:{}", party.id)], Severity::Low)
                .disc("contract")
                .text(
                    format!("What the contract with {} settles is not recorded", party.name),
                    format!("The model relies on party {} but records no contract (security measures, service levels, incident response, data on termination).", party.id),
                    "Record parties[].contract so that responsibilities and the division of roles are clear.".into(),
                )
                .ja(
                    format!("{} との契約内容が記録されていません", party.name),
                    "契約(セキュリティ対策、サービスレベル、インシデント対応、終了時のデータ)が不明です。".into(),
                    "parties[].contract に契約内容を記録し、責任分界を明確にしてください。".into(),
                ),
        ));
    }
}

pub const SCOPE_EXPANSION: RuleInfo = RuleInfo {
    id: "KJ-REQ-004",
    kind: FindingKind::ScopeExpansion,
    step: "1-2",
    reference: "3.1.2",
    summary: "A new or changed flow reaches an area of high concern (control to IT, company to company, factory to factory, cloud or external service).",
    doc: "docs/rules/scope-expansion.md",
};

/// Step 1-2: operations that smartification newly connects across control/IT, company or
/// cloud boundaries widen the scope of what must be studied. One finding per conduit and
/// area, only for new or changed flows (existing connections are already in scope).
pub fn scope_expansion(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let partner = |fi: usize| {
        let e = &ctx.flow_ends[fi];
        [e.from_asset, e.to_asset].into_iter().flatten().any(|ai| {
            m.assets[ai]
                .supplier
                .as_deref()
                .and_then(|p| ctx.party_ix.get(p))
                .is_some_and(|&pi| m.parties[pi].kind == PartyKind::BusinessPartner)
        })
    };
    let cloud = |fi: usize| {
        let e = &ctx.flow_ends[fi];
        [e.from_asset, e.to_asset].into_iter().flatten().any(|ai| {
            let asset = &m.assets[ai];
            asset.kind == AssetKind::ExternalService
                || asset.has_trait(AssetTrait::CloudHosted)
                || ctx.asset_external[ai]
        })
    };
    for (b, inbound) in ctx.inbound().into_iter().enumerate() {
        let mut areas: Vec<&str> = Vec::new();
        let (mut peers, mut new_flows) = (Vec::new(), Vec::new());
        for (a, flows) in inbound {
            let new: Vec<usize> = flows
                .iter()
                .copied()
                .filter(|&fi| m.flows[fi].status != Status::Existing)
                .collect();
            if new.is_empty() {
                continue;
            }
            let (ka, kb) = (m.zones[a].kind, m.zones[b].kind);
            let mut here = Vec::new();
            if (is_fa(ka) && kb == ZoneKind::Information)
                || (ka == ZoneKind::Information && is_fa(kb))
            {
                here.push("control system ↔ IT system");
            }
            if new.iter().any(|&fi| partner(fi)) {
                here.push("company ↔ company");
            }
            if m.zones[a].site != m.zones[b].site {
                here.push("factory ↔ factory");
            }
            if ka == ZoneKind::External
                || kb == ZoneKind::External
                || new.iter().any(|&fi| cloud(fi))
            {
                here.push("cloud or external service");
            }
            if here.is_empty() {
                continue;
            }
            for h in here {
                if !areas.contains(&h) {
                    areas.push(h);
                }
            }
            peers.push(a);
            new_flows.extend(new);
        }
        if peers.is_empty() || !ctx.in_focus(peers.iter().copied().chain([b]), &new_flows) {
            continue;
        }
        let zb = format!("zone:{}", ctx.zone_id(b));
        let flow_ids: Vec<String> = new_flows.iter().map(|&fi| m.flows[fi].id.clone()).collect();
        let mut subjects = vec![zb.clone()];
        subjects.extend(ctx.zone_subjects(&peers).into_iter().take(20));
        subjects.extend(flow_ids.iter().take(20).map(|f| format!("flow:{f}")));
        let from: Vec<String> = peers
            .iter()
            .map(|&p| ctx.zone_name(p).to_string())
            .collect();
        out.push(ctx.finding(
            Draft { id_subjects: Some(vec![zb]), ..Draft::new(&SCOPE_EXPANSION, subjects, Severity::Info) }
                .disc("inbound")
                .text(
                    format!("New connections into {} reach: {}", ctx.zone_name(b), areas.join("; ")),
                    Message::new("scope-expansion-detail")
                        .arg("count", flow_ids.len())
                        .arg("from", list(&from, 3))
                        .render(Lang::En),
                    "Include the operations on both sides in the scope (Step 1-2) and organise their importance, zones and inter-zone requirements.".into(),
                )
                .ja(
                    format!("{} への新しい接続が重点領域に及びます", ctx.zone_name(b)),
                    Message::new("scope-expansion-detail")
                        .arg("count", flow_ids.len())
                        .arg("from", list_ja(&from, 3))
                        .render(Lang::Ja),
                    "両側の業務を検討範囲に含め、重要度・ゾーン・ゾーン間の要件を整理してください。".into(),
                )
                .fact("areas", areas.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use kojo_model::*;

    #[test]
    fn purpose_missing_fires_only_without_purposes() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "purpose-missing").is_empty());
        b.m.factory.purposes.clear();
        let a = b.assess();
        let f = of_kind(&a, "purpose-missing");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subjects, vec!["factory"]);
        assert_eq!(f[0].location.as_ref().map(|l| l.line), Some(1));
    }

    #[test]
    fn bcp_gap_names_uncovered_points_and_missing_bcp() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "bcp-gap").is_empty());
        if let Some(bcp) = b.m.factory.bcp.as_mut() {
            bcp.considers.retain(|p| *p != BcpPoint::DecisionStructure);
        }
        let catalog = kojo_catalog::Catalog::embedded().unwrap();
        let know = crate::knowledge::Knowledge::from_catalog(&catalog);
        let a = b.assess_with(&know);
        let f = of_kind(&a, "bcp-gap");
        assert_eq!(f.len(), 1);
        // The point by its name in prose; its key for `considers` in the facts.
        assert!(
            f[0].detail.contains("Decision-making structure")
                && !f[0].detail.contains("decision-structure"),
            "{}",
            f[0].detail
        );
        assert!(
            f[0].facts["missing_points"]
                .to_string()
                .contains("decision-structure")
        );
        let ja = &f[0].i18n.get("ja").unwrap().detail;
        assert!(
            ja.starts_with("未対応の観点: 意思決定体制") && !ja.contains("decision-structure"),
            "{ja}"
        );
        b.m.factory.bcp = None;
        let a = b.assess();
        assert!(
            of_kind(&a, "bcp-gap")[0]
                .title
                .contains("No business continuity plan")
        );
    }

    #[test]
    fn stakeholder_gap_for_missing_roles_and_unrecorded_contracts() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "stakeholder-gap").is_empty());
        b.m.departments
            .retain(|d| d.kind != DepartmentKind::Security);
        b.party("vendor", PartyKind::EquipmentSupplier);
        b.m.assets[0].supplier = Some("vendor".into());
        let a = b.assess();
        let f = of_kind(&a, "stakeholder-gap");
        assert_eq!(f.len(), 2);
        assert!(f.iter().any(|f| f.subjects == vec!["party:vendor"]));
        assert!(f.iter().any(|f| f.title.contains("security")));
    }

    #[test]
    fn scope_expansion_only_for_new_flows_into_it_or_external() {
        let mut b = well_zoned();
        b.flow("oa-scada", "oa-pc", "scada");
        assert!(
            of_kind(&b.assess(), "scope-expansion").is_empty(),
            "existing flow is already in scope"
        );
        b.m.flows.last_mut().unwrap().status = Status::New;
        let a = b.assess();
        let f = of_kind(&a, "scope-expansion");
        assert_eq!(f.len(), 1);
        assert!(f[0].title.contains("control system ↔ IT system"));
        assert!(f[0].subjects.contains(&"flow:oa-scada".to_string()));
    }
}
