//! Step 3 (1)(ii): the maturity model for organisations and people (Table 3-9).

use super::RuleInfo;
use crate::ctx::{Ctx, Draft};
use kojo_findings::FindingKind;
use kojo_findings::{Finding, Severity};
use kojo_model::MaturityLevel;

pub const MATURITY_NEXT: RuleInfo = RuleInfo {
    id: "KJ-MAT-001",
    kind: FindingKind::MaturityNext,
    step: "3",
    reference: "3.3 (1)(ii), Table 3-9",
    summary: "The next maturity level of Table 3-9 to aim for, per organisational scope, and what it asks.",
    doc: "docs/rules/maturity-next.md",
};

/// Table 3-9 examples: what reaching each level asks of a scope (basic, practice,
/// application), paraphrased from the guideline.
const ASKS: [(&str, [&str; 3]); 3] = [
    (
        "external-cooperation",
        [
            "share information within and outside the company",
            "confirm the measures internal and external organisations take in a practical incident",
            "confirm the measures internal and external organisations take in a high-level (unknown or combined) incident",
        ],
    ),
    (
        "related-departments",
        [
            "share information among internal departments",
            "confirm the measures multiple organisations take in a practical incident",
            "confirm the measures multiple organisations take in a high-level (unknown or combined) incident",
        ],
    ),
    (
        "within-department",
        [
            "confirm incident response methods within the department",
            "confirm actions within the department in an actual incident",
            "confirm measures within the department in a high-level (unknown or combined) incident",
        ],
    ),
];

/// Table 3-9: for each organisational scope, the next level to aim for (informational),
/// or that it has not been assessed.
pub fn maturity_next(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mt = &ctx.model.maturity;
    let levels = [
        mt.external_cooperation,
        mt.related_departments,
        mt.within_department,
    ];
    for ((scope, asks), level) in ASKS.iter().zip(levels) {
        // Table 3-9's names of the scopes (the model's keys stay in the facts).
        let scope_name = match *scope {
            "external-cooperation" => "cooperation between internal and external organisations",
            "related-departments" => "related departments",
            _ => "the department itself",
        };
        let (next, title) = match level {
            None => (
                0,
                format!("Maturity of {scope_name} not assessed: start at basic"),
            ),
            Some(MaturityLevel::Basic) => (
                1,
                format!("Maturity of {scope_name}: next level is practice"),
            ),
            Some(MaturityLevel::Practice) => (
                2,
                format!("Maturity of {scope_name}: next level is application"),
            ),
            Some(MaturityLevel::Application) => continue,
        };
        let names = ["basic", "practice", "application"];
        // Japanese: the scope and level as Table 3-9 names them, and the catalog's text of
        // the cell (`mat-<scope>-<level>`).
        let (scope_ja, key) = match *scope {
            "external-cooperation" => ("社内外の組織との連携", "external"),
            "related-departments" => ("関係部門間", "related"),
            _ => ("部門内", "within"),
        };
        let level_ja = ["基礎", "実践", "応用"][next];
        let ask_ja = ctx
            .know
            .text_ja(&format!("mat-{key}-{}", names[next]))
            .map(|t| t.trim_end_matches('。').to_string())
            .unwrap_or_else(|| format!("表3-9の{level_ja}段階の取り組み"));
        let title_ja = if next == 0 {
            format!("成熟度({scope_ja})が未評価です: 基礎段階から始めてください")
        } else {
            format!("成熟度({scope_ja}): 次の段階は{level_ja}です")
        };
        out.push(
            ctx.finding(
                Draft::new(&MATURITY_NEXT, vec!["factory".into()], Severity::Info)
                    .disc(*scope)
                    .text(
                        title,
                        format!("The {} level asks to {}.", names[next], asks[next]),
                        format!(
                            "Plan exercises that {} and record maturity.{} when done.",
                            asks[next], scope
                        ),
                    )
                    .ja(
                        title_ja,
                        format!("{level_ja}段階では「{ask_ja}」ことが求められます。"),
                        format!("「{ask_ja}」ための訓練・確認を計画し、実施後に maturity.{scope} を記録してください。"),
                    )
                    .fact("scope", *scope)
                    .fact("next", names[next]),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use kojo_model::MaturityLevel;

    #[test]
    fn next_level_per_scope_none_at_application() {
        let mut b = well_zoned();
        assert!(of_kind(&b.assess(), "maturity-next").is_empty());
        b.m.maturity.related_departments = Some(MaturityLevel::Basic);
        b.m.maturity.within_department = None;
        let a = b.assess();
        let f = of_kind(&a, "maturity-next");
        assert_eq!(f.len(), 2);
        assert!(f.iter().any(|f| f.facts["scope"] == "related-departments" && f.facts["next"] == "practice"));
        assert!(
            f.iter()
                .any(|f| f.facts["scope"] == "within-department" && f.facts["next"] == "basic")
        );
    }

    #[test]
    fn japanese_quotes_the_catalogs_table_3_9_text() {
        let mut b = well_zoned();
        b.m.maturity.external_cooperation = Some(MaturityLevel::Basic);
        b.m.maturity.within_department = None;
        let catalog = kojo_catalog::Catalog::embedded().unwrap();
        let know = crate::knowledge::Knowledge::from_catalog(&catalog);
        let a = b.assess_with(&know);
        let f = of_kind(&a, "maturity-next");
        let ext = f
            .iter()
            .find(|f| f.facts["scope"] == "external-cooperation")
            .unwrap();
        let ja = ext.i18n.get("ja").unwrap();
        assert_eq!(ja.title, "成熟度(社内外の組織との連携): 次の段階は実践です");
        assert_eq!(
            ja.detail,
            "実践段階では「実際のインシデントを想定し、社内外の組織が取る対応を確認する」ことが求められます。"
        );
        assert!(
            ext.detail
                .contains("confirm the measures internal and external")
        );
        let within = f
            .iter()
            .find(|f| f.facts["scope"] == "within-department")
            .unwrap();
        let ja = &within.i18n.get("ja").unwrap().detail;
        assert!(
            ja.starts_with("基礎段階では「部門内のインシデント対応方法を確認する」"),
            "{ja}"
        );
        // Without the catalog's text the Japanese still names the stage in Japanese.
        let plain = b.assess();
        for f in of_kind(&plain, "maturity-next") {
            let ja = &f.i18n.get("ja").unwrap().detail;
            assert!(!ja.contains("confirm") && ja.contains("表3-9"), "{ja}");
        }
    }
}
