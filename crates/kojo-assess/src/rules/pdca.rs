//! Step 3: PDCA bookkeeping. "After step 3, implement the PDCA cycle from step 1 to step 3 of
//! reviewing the plans, measures and operational status": a planned measure past its due
//! date, a BCP not reviewed for longer than the review period, and supply-chain checklist
//! answers older than theirs are reported. The periods are catalog data
//! (`catalog/pdca.yaml`, `review_periods`), judged against the assessment's date (`--today`).

use super::RuleInfo;
use crate::ctx::{Ctx, Draft};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_model::{Date, Endpoint, MeasureStatus, ScopeRef};

pub const MEASURE_OVERDUE: RuleInfo = RuleInfo {
    id: "KJ-PDCA-001",
    kind: FindingKind::MeasureOverdue,
    step: "3",
    reference: "3.3",
    summary: "A planned measure whose due date has passed.",
    doc: "docs/rules/measure-overdue.md",
};

pub const BCP_STALE: RuleInfo = RuleInfo {
    id: "KJ-PDCA-002",
    kind: FindingKind::BcpStale,
    step: "1-1",
    reference: "3.1.1 (1)",
    summary: "The BCP was last reviewed longer ago than the review period, or has no review date while new services or parties are added.",
    doc: "docs/rules/bcp-stale.md",
};

pub const CHECKLIST_STALE: RuleInfo = RuleInfo {
    id: "KJ-PDCA-003",
    kind: FindingKind::ChecklistStale,
    step: "3",
    reference: "3.3 (2), Tables 3-10 to 3-12",
    summary: "A party's checklist answers were confirmed longer ago than the review period.",
    doc: "docs/rules/checklist-stale.md",
};

/// `date` plus `months` calendar months, the day clamped to the end of a shorter month.
fn add_months(date: Date, months: u32) -> Date {
    let total = i64::from(date.year) * 12 + i64::from(date.month) - 1 + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX);
    let month = (total.rem_euclid(12) + 1) as u8;
    let last = Date::days_in_month(year, month).unwrap_or(28);
    Date {
        year,
        month,
        day: date.day.min(last),
    }
}

/// "1 month" / "2 years": a period in English, in years where it divides evenly.
fn period_en(months: u32) -> String {
    match (months % 12, months / 12) {
        (0, 1) => "one year".into(),
        (0, y) => format!("{y} years"),
        (_, _) if months == 1 => "one month".into(),
        _ => format!("{months} months"),
    }
}

fn period_ja(months: u32) -> String {
    if months.is_multiple_of(12) {
        format!("{}年", months / 12)
    } else {
        format!("{months}か月")
    }
}

/// What a measure covers, in names (ids stay in the subjects).
fn scope_names(ctx: &Ctx, scope: &[ScopeRef]) -> (String, String) {
    if scope.is_empty() || scope.iter().any(|s| matches!(s, ScopeRef::Factory)) {
        return ("the whole factory".into(), "工場全体".into());
    }
    let m = ctx.model;
    let asset = |id: &str| {
        m.assets
            .iter()
            .find(|a| a.id == id)
            .map_or(id.to_owned(), |a| a.name.clone())
    };
    let zone = |id: &str| {
        m.zones
            .iter()
            .find(|z| z.id == id)
            .map_or(id.to_owned(), |z| z.name.clone())
    };
    let end = |e: &Endpoint| match e {
        Endpoint::Asset(a) => asset(a),
        Endpoint::Zone(z) => zone(z),
    };
    let mut en = Vec::new();
    let mut ja = Vec::new();
    for s in scope {
        match s {
            ScopeRef::Zone(id) => {
                en.push(format!("the {} zone", zone(id)));
                ja.push(format!("{}ゾーン", zone(id)));
            }
            ScopeRef::Asset(id) => {
                en.push(asset(id));
                ja.push(asset(id));
            }
            ScopeRef::Flow(id) => match m.flows.iter().find(|f| f.id == *id) {
                Some(f) => {
                    en.push(format!("the flow from {} to {}", end(&f.from), end(&f.to)));
                    ja.push(format!("{}から{}への流れ", end(&f.from), end(&f.to)));
                }
                None => {
                    en.push(format!("the flow {id}"));
                    ja.push(format!("流れ {id}"));
                }
            },
            ScopeRef::Operation(id) => {
                let n = m
                    .operations
                    .iter()
                    .find(|o| o.id == *id)
                    .map_or(id.clone(), |o| o.name.clone());
                en.push(format!("the {n} operation"));
                ja.push(format!("{n}業務"));
            }
            ScopeRef::Party(id) => {
                let n = m
                    .parties
                    .iter()
                    .find(|p| p.id == *id)
                    .map_or(id.clone(), |p| p.name.clone());
                en.push(n.clone());
                ja.push(n);
            }
            ScopeRef::Department(id) => {
                let n = m
                    .departments
                    .iter()
                    .find(|d| d.id == *id)
                    .map_or(id.clone(), |d| d.name.clone());
                en.push(n.clone());
                ja.push(n);
            }
            ScopeRef::Factory => {}
        }
    }
    (list_en(&en), ja.join("、"))
}

/// "A", "A and B", "A, B and C".
fn list_en(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn department_name(ctx: &Ctx, id: &str) -> String {
    ctx.model
        .departments
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.name.clone())
        .or_else(|| {
            ctx.model
                .parties
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
        })
        .unwrap_or_else(|| id.to_owned())
}

/// Step 3: a measure recorded as planned whose `due` is before the assessment's date.
pub fn measure_overdue(ctx: &Ctx, out: &mut Vec<Finding>) {
    for r in &ctx.model.measures {
        let (MeasureStatus::Planned, Some(due)) = (r.status, r.due) else {
            continue;
        };
        if due >= ctx.today {
            continue;
        }
        let key = r.measure.strip_prefix("msr-").unwrap_or(&r.measure);
        let spec = ctx.know.measures.get(key);
        let name = spec.map_or(r.measure.clone(), |s| s.name.clone());
        let name_ja = spec.map_or(r.measure.clone(), |s| s.name_ja.clone());
        let (scope_en, scope_ja) = scope_names(ctx, &r.scope);
        let mut subjects: Vec<String> = r.scope.iter().map(ToString::to_string).collect();
        if subjects.is_empty() {
            subjects.push("factory".into());
        }
        let (owner_en, owner_ja) = match &r.owner {
            Some(o) => {
                let n = department_name(ctx, o);
                (
                    format!(" Ask {n}, its owner, for a new date or the reason for the delay."),
                    format!("担当の{n}に新しい期日か遅れの理由を確認してください。"),
                )
            }
            None => (
                " Name an owner for it.".into(),
                "担当者を決めてください。".into(),
            ),
        };
        let mut d = Draft::new(&MEASURE_OVERDUE, subjects, Severity::Medium)
            .disc(format!("{}:{due}", r.measure))
            .text(
                format!("Planned measure past its due date: {name}"),
                format!(
                    "{name} on {scope_en} was planned for {due} and is still not implemented on {}; until it is, it lowers no risk.",
                    ctx.today
                ),
                format!(
                    "Implement {name}, or re-plan it with a new due date and record why.{owner_en}"
                ),
            )
            .ja(
                format!("計画中の対策が期日を過ぎています：{name_ja}"),
                format!(
                    "{scope_ja}への{name_ja}は{due}の予定でしたが、{}の時点で実施されていません。実施されるまでリスクは下がりません。",
                    ctx.today
                ),
                format!("{name_ja}を実施するか、新しい期日と理由を記録して計画し直してください。{owner_ja}"),
            )
            .fact("measure", r.measure.clone())
            .fact("due", due.to_string())
            .fact("today", ctx.today.to_string());
        if let Some(o) = &r.owner {
            d = d.fact("owner", o.clone());
        }
        d.catalog = spec.map(|s| vec![s.id.clone()]).unwrap_or_default();
        out.push(ctx.finding(d));
    }
}

/// Step 1-1 (1): the BCP's last review is older than the review period, or it has no review
/// date while new services or parties are added (the BCP must be checked as they come).
pub fn bcp_stale(ctx: &Ctx, out: &mut Vec<Finding>) {
    // A missing or non-existent BCP is `bcp-gap`'s.
    let Some(bcp) = ctx.model.factory.bcp.as_ref().filter(|b| b.exists) else {
        return;
    };
    let months = ctx.know.review.bcp;
    let new_services = super::step1_requirements::has_new_services(ctx);
    let (en, ja) = (period_en(months), period_ja(months));
    let draft = match bcp.last_review {
        Some(last) => {
            let until = add_months(last, months);
            if until >= ctx.today {
                return;
            }
            Draft::new(&BCP_STALE, vec!["factory".into()], Severity::Medium)
                .disc("old")
                .text(
                    "The BCP has not been reviewed within the review period".into(),
                    format!(
                        "The BCP was last reviewed on {last}, more than {en} before {}; smartification adds and expands systems and the supply chain, so the BCP must be checked again.",
                        ctx.today
                    ),
                    "Review the BCP against the points of 3.1.1 (1) and record the date in factory.bcp.last_review.".into(),
                )
                .ja(
                    "BCPが見直し周期内に見直されていません".into(),
                    format!(
                        "BCPの最後の見直しは{last}で、{}より{ja}以上前です。スマート化でシステムとサプライチェーンが追加・拡大されるため、BCPを改めて確認する必要があります。",
                        ctx.today
                    ),
                    "3.1.1 (1) の観点でBCPを見直し、その日付を factory.bcp.last_review に記録してください。".into(),
                )
                .fact("last_review", last.to_string())
                .fact("review_by", until.to_string())
        }
        None if new_services => Draft::new(&BCP_STALE, vec!["factory".into()], Severity::Medium)
            .disc("undated")
            .text(
                "The BCP has no review date while new services or parties are added".into(),
                "factory.bcp gives no last_review, and the model adds new services or external parties; the guideline asks to check and review the BCP as smartification adds them.".into(),
                "Review the BCP against the points of 3.1.1 (1) for the new services and parties, and record the date in factory.bcp.last_review.".into(),
            )
            .ja(
                "新しいサービスや取引先が加わるのに、BCPの見直し日がありません".into(),
                "factory.bcp に last_review がなく、モデルには新しいサービスや外部の取引先があります。ガイドラインは、スマート化でそれらが加わるときにBCPを確認し見直すよう求めています。".into(),
                "新しいサービスと取引先について 3.1.1 (1) の観点でBCPを見直し、その日付を factory.bcp.last_review に記録してください。".into(),
            ),
        None => return,
    };
    out.push(ctx.finding(draft.fact("period_months", months)));
}

/// Step 3 (2): checklist answers dated by `answered_on` longer ago than the review period.
pub fn checklist_stale(ctx: &Ctx, out: &mut Vec<Finding>) {
    let months = ctx.know.review.checklist;
    for c in &ctx.model.supply_chain {
        let Some(on) = c.answered_on else { continue };
        let until = add_months(on, months);
        if until >= ctx.today {
            continue;
        }
        let party = department_name(ctx, &c.party);
        let table = match c.checklist {
            kojo_model::ChecklistKind::CloudService => "Table 3-10",
            kojo_model::ChecklistKind::GeneralProduct => "Table 3-11",
            kojo_model::ChecklistKind::Software => "Table 3-12",
        };
        let table_ja = table.replace("Table ", "表");
        let mut d = Draft::new(
            &CHECKLIST_STALE,
            vec![format!("party:{}", c.party)],
            Severity::Low,
        )
        .disc(table)
        .text(
            format!("Checklist answers of {party} are out of date"),
            format!(
                "The {table} answers of {party} were last confirmed on {on}, more than {} before {}; a provider's services, products and support change over time.",
                period_en(months),
                ctx.today
            ),
            format!(
                "Confirm the {table} points with {party} again and record the date in answered_on."
            ),
        )
        .ja(
            format!("{party}のチェックリスト回答が古くなっています"),
            format!(
                "{party}の{table_ja}の回答は{on}に確認されたのが最後で、{}より{}以上前です。事業者のサービス、製品、サポートは時とともに変わります。",
                ctx.today,
                period_ja(months)
            ),
            format!("{party}と{table_ja}の項目を改めて確認し、その日付を answered_on に記録してください。"),
        )
        .fact("party", c.party.clone())
        .fact("answered_on", on.to_string())
        .fact("period_months", months);
        d.reference = Some(format!("3.3 (2), {table}"));
        out.push(ctx.finding(d));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::knowledge::{Knowledge, ReviewMonths};
    use kojo_model::*;

    fn date(s: &str) -> Date {
        Date::parse(s).expect("a test date")
    }

    #[test]
    fn months_are_added_by_the_calendar() {
        assert_eq!(add_months(date("2024-01-31"), 1), date("2024-02-29"));
        assert_eq!(add_months(date("2023-11-15"), 26), date("2026-01-15"));
        assert_eq!(period_en(24), "2 years");
        assert_eq!(period_en(12), "one year");
        assert_eq!(period_en(18), "18 months");
    }

    // The test models are assessed on 2026-01-15.
    #[test]
    fn a_planned_measure_past_its_due_date_is_overdue_and_one_not_yet_due_is_not() {
        let mut b = well_zoned();
        b.measure(
            "net-monitoring",
            vec![ScopeRef::Zone("control".into())],
            MeasureStatus::Planned,
        );
        b.m.measures.last_mut().unwrap().due = Some(date("2025-12-31"));
        b.m.measures.last_mut().unwrap().owner = Some("it".into());
        b.measure("ops-manuals", vec![], MeasureStatus::Planned);
        b.m.measures.last_mut().unwrap().due = Some(date("2026-01-15"));
        b.measure("phys-natural-hazards", vec![], MeasureStatus::Implemented);
        b.m.measures.last_mut().unwrap().due = Some(date("2025-01-01"));
        b.measure("ops-outsourced-monitoring", vec![], MeasureStatus::Planned);
        let a = b.assess();
        let f = of_kind(&a, "measure-overdue");
        assert_eq!(f.len(), 1, "only the planned one past its date: {f:?}");
        assert_eq!(f[0].subjects, vec!["zone:control"]);
        assert_eq!(
            f[0].facts.get("due").and_then(|v| v.as_str()),
            Some("2025-12-31")
        );
        assert!(
            f[0].detail.contains("2025-12-31") && f[0].detail.contains("2026-01-15"),
            "{}",
            f[0].detail
        );
        assert!(
            f[0].recommendation.contains("Ask it, its owner"),
            "{}",
            f[0].recommendation
        );
        assert_eq!(f[0].step, "3");
    }

    #[test]
    fn an_old_bcp_review_is_stale_and_the_period_is_configurable() {
        let mut b = B::new();
        if let Some(bcp) = b.m.factory.bcp.as_mut() {
            bcp.last_review = Some(date("2023-11-15"));
        }
        let f = b.assess();
        let f = of_kind(&f, "bcp-stale");
        assert_eq!(f.len(), 1, "more than two years old");
        assert_eq!(f[0].subjects, vec!["factory"]);
        assert!(f[0].detail.contains("2 years"), "{}", f[0].detail);
        // Within two years: current.
        if let Some(bcp) = b.m.factory.bcp.as_mut() {
            bcp.last_review = Some(date("2024-01-15"));
        }
        assert!(of_kind(&b.assess(), "bcp-stale").is_empty());
        // A one-year period from the catalog makes the same date stale.
        let know = Knowledge {
            review: ReviewMonths {
                bcp: 12,
                checklist: 12,
            },
            ..Knowledge::default()
        };
        assert_eq!(of_kind(&b.assess_with(&know), "bcp-stale").len(), 1);
    }

    #[test]
    fn an_undated_bcp_is_stale_only_while_new_services_or_parties_are_added() {
        let mut b = B::new();
        assert!(of_kind(&b.assess(), "bcp-stale").is_empty(), "nothing new");
        b.party("cloudco", PartyKind::CloudService);
        let a = b.assess();
        let f = of_kind(&a, "bcp-stale");
        assert_eq!(f.len(), 1);
        assert!(f[0].title.contains("no review date"), "{}", f[0].title);
        // No BCP at all is `bcp-gap`'s, not this rule's.
        b.m.factory.bcp = None;
        assert!(of_kind(&b.assess(), "bcp-stale").is_empty());
    }

    #[test]
    fn checklist_answers_older_than_the_period_are_stale_and_undated_ones_are_not_judged() {
        let mut b = B::new();
        b.party("cloudco", PartyKind::CloudService).name = "CloudCo".into();
        for (party_on, kind) in [
            (Some("2024-12-01"), ChecklistKind::CloudService),
            (Some("2025-06-01"), ChecklistKind::Software),
            (None, ChecklistKind::GeneralProduct),
        ] {
            b.m.supply_chain.push(SupplierChecklist {
                party: "cloudco".into(),
                checklist: kind,
                answered_on: party_on.map(date),
                answers: Default::default(),
                loc: Loc::default(),
            });
        }
        let a = b.assess();
        let f = of_kind(&a, "checklist-stale");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subjects, vec!["party:cloudco"]);
        assert_eq!(f[0].reference, "3.3 (2), Table 3-10");
        assert_eq!(f[0].title, "Checklist answers of CloudCo are out of date");
        let ja = f[0].i18n.get("ja").expect("Japanese");
        assert!(
            ja.title.contains("CloudCo") && ja.detail.contains("表3-10"),
            "{ja:?}"
        );
    }
}
