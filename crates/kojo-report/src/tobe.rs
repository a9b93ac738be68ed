//! The report's as-is / to-be section (Annex A step 3): each zone's verdict, the zones the
//! verdicts propose, the zoning findings the change resolves and the between-zone
//! requirements it creates ("review security requirements between zones").

use crate::text::{Lang, esc};
use kojo_findings::{Assessment, Verdict};
use kojo_model::{Date, Model};
use std::collections::HashSet;
use std::fmt::Write as _;

/// Findings a zoning change can resolve: the zoning, boundary and between-zone kinds.
const RESOLVABLE: [&str; 8] = [
    "zone-divide-by-operation",
    "zone-split-control-origin",
    "zone-separate-external",
    "zone-mixed-importance",
    "flow-review-requirements",
    "scope-expansion",
    "boundary-missing",
    "boundary-bypass",
];

/// Rows listed per table; the rest are counted.
const MAX_ROWS: usize = 50;

pub(crate) fn verdict_words(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Keep => lang.pick("keep", "現状維持"),
        Verdict::Review => lang.pick("review requirements", "要件の見直し"),
        Verdict::Divide => lang.pick("divide by operation", "業務単位で分割"),
        Verdict::Split => lang.pick("split (control origin)", "分離(制御の起点)"),
        Verdict::Separate => lang.pick("separate (external service)", "分離(外部サービス)"),
    }
}

fn more(o: &mut String, n: usize, lang: Lang) {
    if n > MAX_ROWS {
        let _ = write!(
            o,
            "<p class=\"muted\">{} {}</p>",
            n - MAX_ROWS,
            lang.pick("more in the JSON.", "件は JSON に記載。")
        );
    }
}

/// The section, as HTML. The to-be model is assessed here (once, for the report).
pub fn section(
    a: &Assessment,
    model: &Model,
    catalog: &kojo_catalog::Catalog,
    lang: Lang,
    today: Date,
) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<section id=\"to-be\" class=\"bigsection\"><h2>{}<span class=\"ref\">3.1.6, Annex A</span></h2>",
        lang.pick("As-is and to-be zoning", "現状と見直し後のゾーニング")
    );
    let _ = write!(
        o,
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Zone", "ゾーン"),
        lang.pick("Verdict", "判定"),
        lang.pick("What it means", "内容")
    );
    let name = |id: &str| kojo_assess::propose::zone_name(model, id);
    for z in a.zones.iter().take(MAX_ROWS) {
        let Some(v) = &z.verdict else { continue };
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"verdict-{}\">{}</td><td>{}</td></tr>",
            esc(&name(&z.id)),
            v.verdict.as_str(),
            esc(verdict_words(v.verdict, lang)),
            esc(match lang {
                Lang::En => &v.detail,
                Lang::Ja => &v.detail_ja,
            })
        );
    }
    o.push_str("</tbody></table>");
    more(&mut o, a.zones.len(), lang);

    let know = kojo_assess::Knowledge::from_catalog(catalog);
    let (to_be, changes) = kojo_assess::propose::to_be(model, a, &know, today);
    if changes.is_empty() {
        let _ = write!(
            o,
            "<p>{}</p></section>",
            lang.pick(
                "No zone verdict changes the zoning: the to-be zoning is the as-is one.",
                "ゾーニングを変える判定はありません。見直し後のゾーニングは現状と同じです。"
            )
        );
        return o;
    }
    let opts = kojo_assess::AssessOptions {
        today: Some(today),
        ..Default::default()
    };
    let after = match kojo_assess::assess(&to_be, catalog, &opts) {
        Ok(x) => x,
        Err(e) => {
            let _ = write!(o, "<p>{}</p></section>", esc(&e.to_string()));
            return o;
        }
    };

    // The proposed zones.
    let _ = write!(
        o,
        "<h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Proposed zones", "提案するゾーン"),
        lang.pick("New zone", "新しいゾーン"),
        lang.pick("From", "元のゾーン"),
        lang.pick("Protected objects moved", "移す保護対象"),
        lang.pick("Suggested target SL", "推奨目標SL")
    );
    for (id, (from, p)) in changes.zones.iter().take(MAX_ROWS) {
        let assets: Vec<String> = p
            .assets
            .iter()
            .map(|a| {
                model
                    .asset(a)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| a.clone())
            })
            .collect();
        let sl = to_be
            .zones
            .iter()
            .find(|z| &z.id == id)
            .and_then(|z| z.target_sl)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "—".into());
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{sl}</td></tr>",
            esc(&p.name),
            esc(&name(from)),
            esc(&assets.join(lang.pick(", ", "、")))
        );
    }
    o.push_str("</tbody></table>");
    more(&mut o, changes.zones.len(), lang);

    // Findings the change resolves.
    let after_ids: HashSet<&str> = after.findings.iter().map(|f| f.id.as_str()).collect();
    let resolved: Vec<&kojo_findings::Finding> = a
        .findings
        .iter()
        .filter(|f| {
            RESOLVABLE.contains(&f.kind.as_str())
                && f.facts.get("zoning").is_none()
                && !after_ids.contains(f.id.as_str())
        })
        .collect();
    let _ = write!(
        o,
        "<h3>{} ({})</h3>",
        lang.pick("Findings the change resolves", "変更で解消する指摘"),
        resolved.len()
    );
    if !resolved.is_empty() {
        o.push_str("<ul>");
        for f in resolved.iter().take(MAX_ROWS) {
            let _ = write!(o, "<li>{}</li>", esc(f.text(lang.code()).title.as_str()));
        }
        o.push_str("</ul>");
        more(&mut o, resolved.len(), lang);
    }

    // New between-zone requirements: the pairs that involve a new zone.
    let words = match lang {
        Lang::Ja => kojo_assess::zone_words(&to_be, catalog, kojo_assess::Lang::Ja, today)
            .into_iter()
            .map(|w| (w.id, w.requirements))
            .collect::<Vec<_>>(),
        Lang::En => after
            .zones
            .iter()
            .map(|z| (z.id.clone(), z.requirements.clone()))
            .collect(),
    };
    let tb_name = |id: &str| kojo_assess::propose::zone_name(&to_be, id);
    let _ = write!(
        o,
        "<h3>{}</h3>",
        lang.pick(
            "New requirements between zones (Annex A: review security requirements between zones)",
            "新たなゾーン間の要件(付録A: ゾーン間のセキュリティ要件の見直し)"
        )
    );
    let mut pairs = 0;
    for (zid, req) in &words {
        if !changes.zones.contains_key(zid) {
            continue;
        }
        for (other, lines) in &req.between {
            pairs += 1;
            if pairs > MAX_ROWS {
                continue;
            }
            let _ = write!(
                o,
                "<h4>{} ↔ {}</h4><ul>",
                esc(&tb_name(zid)),
                esc(&tb_name(other))
            );
            for l in lines {
                let _ = write!(o, "<li>{}</li>", esc(l));
            }
            o.push_str("</ul>");
        }
    }
    more(&mut o, pairs, lang);
    o.push_str("</section>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Annex A case 2 after: the section shows the separation, the zoning finding it
    /// resolves and the requirements between the new zone and the warehouse zone.
    #[test]
    fn case2_after_shows_the_separation_against_the_as_is_zoning() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/annex-a/case2-after.yaml");
        if !p.exists() {
            eprintln!("skipped: example not found at {}", p.display());
            return;
        }
        let m = match kojo_model::load_file(&p) {
            Ok(m) => m,
            Err(d) => panic!("{d:?}"),
        };
        let c = match kojo_catalog::Catalog::embedded() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let today = Date {
            year: 2026,
            month: 6,
            day: 1,
        };
        let opts = kojo_assess::AssessOptions {
            today: Some(today),
            ..Default::default()
        };
        let a = match kojo_assess::assess(&m, &c, &opts) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        let html = section(&a, &m, &c, Lang::En, today);
        for want in [
            "As-is and to-be zoning",
            "separate (external service)",
            "<td>External services zone</td><td>Automated warehouse zone</td>",
            "Findings the change resolves (",
            "Automated warehouse zone holds an external party",
            "<h4>External services zone ↔ Automated warehouse zone</h4>",
        ] {
            assert!(html.contains(want), "no {want:?} in {html}");
        }
        let ja = section(&a, &m, &c, Lang::Ja, today);
        assert!(ja.contains("現状と見直し後のゾーニング") && ja.contains("分離(外部サービス)"));
        assert!(!ja.contains("Findings the change"));
    }
}
