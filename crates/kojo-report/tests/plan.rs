//! The plan in every format, on a plan made by hand for Annex A case 1 (after the new CAD
//! service) until the engine fills it: a zone change splitting CAD out of the OA zone, a
//! measure, a supply-chain and an organisational action, closing real findings of the
//! model's assessment. Both languages: subjects and owners by name, no raw ids in prose, no
//! English left in Japanese but the model's own names, the glossary's words.

use kojo_catalog::Catalog;
use kojo_findings::{
    Assessment, Horizon, KeyedList, PlanAction, PlanActionKind, PlanRisk, Severity, Text,
    plan_action_id,
};
use kojo_model::Model;
use kojo_report::assessment_text::{self, TextOptions};
use kojo_report::plan::{self, PLAN_COLUMNS, Selection};
use kojo_report::{Format, Lang, RenderOptions};
use scraper::{Html, Selector};
use std::path::PathBuf;
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::embedded().expect("embedded catalog loads"))
}

fn case1() -> &'static (Model, Assessment) {
    static A: OnceLock<(Model, Assessment)> = OnceLock::new();
    A.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/annex-a/case1-after.yaml");
        let m = kojo_model::load_file(&path).unwrap_or_else(|d| panic!("case 1: {d:?}"));
        let opts = kojo_assess::AssessOptions {
            today: Some(kojo_model::Date {
                year: 2026,
                month: 6,
                day: 1,
            }),
            ..Default::default()
        };
        let mut a = kojo_assess::assess(&m, catalog(), &opts).expect("assessment");
        // The engine's own plan is tested in kojo-assess; here the hand-made one.
        a.plan.clear();
        (m, a)
    })
}

/// The ids of `a`'s findings on any of `subjects` whose kind passes `kind`, at most `n`.
fn closing(a: &Assessment, subjects: &[&str], kind: fn(&str) -> bool, n: usize) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| {
            kind(f.kind.as_str()) && f.subjects.iter().any(|s| subjects.contains(&s.as_str()))
        })
        .take(n)
        .map(|f| f.id.clone())
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn action(
    rank: u32,
    kind: PlanActionKind,
    subjects: &[&str],
    measure: Option<&str>,
    closes: Vec<String>,
    risk: (Severity, Severity),
    horizon: Horizon,
    owner: Option<&str>,
    reference: &str,
    en: (&str, &str),
    ja: (&str, &str),
) -> PlanAction {
    let subjects: Vec<String> = subjects.iter().map(|s| s.to_string()).collect();
    let mut i18n = KeyedList::default();
    i18n.insert(
        "ja".into(),
        Text {
            title: ja.0.into(),
            detail: ja.1.into(),
            recommendation: String::new(),
        },
    );
    PlanAction {
        rank,
        id: plan_action_id(kind, &subjects, measure.unwrap_or("")),
        action: kind,
        title: en.0.into(),
        detail: en.1.into(),
        subjects,
        measure: measure.map(str::to_string),
        closes,
        risk: PlanRisk {
            before: risk.0,
            after: risk.1,
        },
        horizon,
        owner: owner.map(str::to_string),
        reference: reference.into(),
        i18n,
    }
}

/// Case 1's assessment with a realistic plan of four actions.
fn with_plan() -> Assessment {
    let (_, a) = case1();
    let mut a = a.clone();
    let zoning = closing(
        &a,
        &["zone:oa", "asset:cad", "asset:cad-operation-server"],
        |k| k.starts_with("zone"),
        50,
    );
    let threats = closing(&a, &["zone:production-control"], |k| k == "threat", 3);
    let supply = closing(&a, &["party:cad-vendor"], |_| true, 10);
    assert!(
        !zoning.is_empty() && !threats.is_empty(),
        "case 1 has zoning and threat findings"
    );
    a.plan = vec![
        action(
            1,
            PlanActionKind::ZoneChange,
            &["zone:oa", "asset:cad", "asset:cad-operation-server"],
            None,
            zoning,
            (Severity::High, Severity::Low),
            Horizon::Now,
            Some("it-systems"),
            "Annex A (i) 3",
            (
                "Split the CAD systems out of the OA zone",
                "CAD drives the parts manufacturing zone: give it a zone of its own with a boundary device towards the OA zone.",
            ),
            (
                "CAD システムを OA ゾーンから分離する",
                "CAD は部品製造ゾーンを制御の起点として動かすため、独自のゾーンとし、OA ゾーンとの間に境界装置を置く。",
            ),
        ),
        action(
            2,
            PlanActionKind::Measure,
            &["zone:production-control"],
            Some("msr-net-monitoring"),
            threats,
            (Severity::Medium, Severity::Low),
            Horizon::Next,
            Some("it-systems"),
            "3.2.2",
            (
                "Monitor the production control network",
                "Put network monitoring in place as planned.",
            ),
            (
                "生産管理ネットワークを監視する",
                "計画どおりネットワーク監視を導入する。",
            ),
        ),
        action(
            3,
            PlanActionKind::SupplyChain,
            &["party:cad-vendor"],
            None,
            supply,
            (Severity::Medium, Severity::Low),
            Horizon::Next,
            Some("production-engineering"),
            "3.3 (2), Table 3-10",
            (
                "Agree the security terms of the CAD service",
                "Complete the supplier checklist for software with the vendor.",
            ),
            (
                "CAD サービスのセキュリティ条件を取り決める",
                "ソフトウェアのサプライヤーチェックリストをベンダーと完了させる。",
            ),
        ),
        action(
            4,
            PlanActionKind::Organisation,
            &["factory"],
            None,
            Vec::new(),
            (Severity::Low, Severity::Low),
            Horizon::Later,
            None,
            "3.1.1",
            (
                "Review the BCP for the new service",
                "Add the CAD-driven manufacturing to the business continuity plan.",
            ),
            (
                "新しいサービスに合わせて BCP を見直す",
                "CAD による製造を事業継続計画に加える。",
            ),
        ),
    ];
    a
}

fn text(a: &Assessment, lang: &str) -> String {
    assessment_text::render(
        a,
        TextOptions {
            lang,
            color: false,
            model: Some(&case1().0),
        },
    )
}

/// The plan's section of a text: from its heading to the first step heading.
fn plan_part(t: &str) -> &str {
    let start = t.find("\n== ").expect("a heading");
    let end = t
        .find("\n== Step")
        .or_else(|| t.find("\n== ステップ"))
        .unwrap_or(t.len());
    &t[start..end]
}

/// `s` with every name the model gives (zones, assets, parties, departments, operations,
/// the factory) taken out: model data may be in any language.
fn without_model_names(s: &str) -> String {
    let m = &case1().0;
    let mut names: Vec<&str> = m
        .zones
        .iter()
        .map(|z| z.name.as_str())
        .chain(m.assets.iter().map(|a| a.name.as_str()))
        .chain(m.parties.iter().map(|p| p.name.as_str()))
        .chain(m.departments.iter().map(|d| d.name.as_str()))
        .chain(m.operations.iter().map(|o| o.name.as_str()))
        .chain([m.factory.name.as_str()])
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut out = s.to_string();
    for n in names {
        out = out.replace(n, "・");
    }
    out
}

/// ASCII words of two letters or more, but for names the Japanese keeps (programs, terms of
/// the guideline written in Latin letters).
fn english_words(s: &str) -> Vec<String> {
    const KEPT: &[&str] = &["kojo", "plan", "all", "CAD", "OA", "BCP"];
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !KEPT.contains(w))
        .map(str::to_string)
        .collect()
}

/// Raw ids a person should not read in prose: subject ids, owner ids, action and finding
/// ids, catalog ids.
fn raw_ids(s: &str) -> Vec<String> {
    let a = with_plan();
    let mut ids: Vec<String> = vec![
        "zone:".into(),
        "asset:".into(),
        "party:".into(),
        "msr-".into(),
        "it-systems".into(),
        "production-engineering".into(),
        "cad-vendor".into(),
        "zone-change".into(),
        "supply-chain".into(),
    ];
    ids.extend(a.plan.iter().map(|p| p.id.clone()));
    ids.extend(a.plan.iter().flat_map(|p| p.closes.clone()));
    // An id is followed by a letter or digit (`zone:oa`), prose by a space (`zone: give`).
    let stands = |id: &str| {
        s.match_indices(id).any(|(i, _)| {
            !id.ends_with([':', '-'])
                || s[i + id.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
        })
    };
    ids.into_iter().filter(|id| stands(id)).collect()
}

#[test]
fn the_text_opens_with_the_plan_in_rank_order_by_name() {
    let a = with_plan();
    let t = text(&a, "en");
    let part = plan_part(&t);
    assert!(part.starts_with("\n== Plan (4 actions)\n"), "{part}");
    let first_step = t.find("== Step").expect("steps follow");
    assert!(t.find("== Plan").unwrap() < first_step);
    let ranks: Vec<&str> = part
        .lines()
        .filter_map(|l| l.trim_start().split_once(". [").map(|(r, _)| r))
        .collect();
    assert_eq!(ranks, ["1", "2", "3", "4"], "{part}");
    assert!(
        part.contains(" 1. [now] Split the CAD systems out of the OA zone"),
        "{part}"
    );
    assert!(
        part.contains("zone change · for: OA zone, CAD, CAD operation server"),
        "{part}"
    );
    let closed = a.plan[0].closes.len();
    assert!(
        part.contains(&format!(
            "owner: Information systems · risk high → low · closes {closed} findings"
        )),
        "{part}"
    );
    assert!(part.contains("owner: not named in the model"), "{part}");
    assert!(part.contains("closes 0 findings") || part.contains("closes one finding"));
    assert!(part.contains("ref: Annex A (i) 3"), "{part}");
    assert!(part.contains(&case1().0.factory.name), "{part}");
    assert_eq!(raw_ids(part), Vec::<String>::new(), "{part}");
}

#[test]
fn the_japanese_plan_has_no_english_and_uses_the_glossary() {
    let a = with_plan();
    let t = text(&a, "ja");
    let part = plan_part(&t);
    assert!(part.starts_with("\n== 対策計画（4 件）\n"), "{part}");
    assert!(
        part.contains("[今すぐ] CAD システムを OA ゾーンから分離する"),
        "{part}"
    );
    assert!(part.contains("リスク 高 → 低"), "{part}");
    assert!(part.contains("参照: 付録A (i) 3"), "{part}");
    assert!(part.contains("担当: Information systems"), "{part}");
    assert_eq!(
        english_words(&without_model_names(part)),
        Vec::<String>::new(),
        "{part}"
    );
    assert_eq!(kojo_lang::glossary_violation(part), None, "{part}");
    assert_eq!(raw_ids(part), Vec::<String>::new(), "{part}");
}

/// The plan is an insertion: the rest of the text is byte for byte what it is without one
/// (the findings' rendering did not change when the renderer moved to kojo-report).
#[test]
fn the_findings_text_is_the_same_with_and_without_a_plan() {
    let a = with_plan();
    let (_, bare) = case1();
    for lang in ["en", "ja"] {
        let with = text(&a, lang);
        let without = text(bare, lang);
        let part = plan_part(&with);
        assert_eq!(with.replacen(part, "", 1), without, "{lang}");
        assert!(!without.contains("== Plan") && !without.contains("対策計画"));
    }
}

#[test]
fn kojo_plan_text_limits_and_filters_by_horizon() {
    let a = with_plan();
    let m = &case1().0;
    let opts = |limit, horizon, lang| plan::PlanTextOptions {
        lang,
        color: false,
        selection: Selection { limit, horizon },
    };
    let two = plan::render_plan_text(&a, Some(m), opts(Some(2), None, Lang::En));
    assert!(two.starts_with(&format!("{} — ", a.model.factory)), "{two}");
    assert!(two.contains("== Plan (2 actions)"), "{two}");
    assert!(two.contains("2 more actions: kojo plan --all"), "{two}");
    let next = plan::render_plan_text(&a, Some(m), opts(None, Some(Horizon::Next), Lang::En));
    assert!(
        next.contains("== Plan (2 actions)") && !next.contains("more action"),
        "{next}"
    );
    assert!(
        !next.contains("[now]") && next.contains("[next cycle]"),
        "{next}"
    );
    let ja = plan::render_plan_text(&a, Some(m), opts(Some(3), None, Lang::Ja));
    assert!(ja.contains("ほかに 1 件: kojo plan --all"), "{ja}");
    let (_, bare) = case1();
    let empty = plan::render_plan_text(bare, Some(m), opts(Some(10), None, Lang::En));
    assert!(
        empty.contains("== Plan (0 actions)\nThe assessment asks for no action."),
        "{empty}"
    );
}

#[test]
fn plan_json_holds_the_chosen_actions_and_the_model() {
    let a = with_plan();
    let s = plan::render_plan_json(
        &a,
        Selection {
            limit: Some(3),
            horizon: None,
        },
    )
    .expect("JSON");
    let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
    assert_eq!(v["model"]["path"], a.model.path.as_str());
    let plan = v["plan"].as_array().expect("a plan array");
    assert_eq!(plan.len(), 3);
    assert_eq!(plan[0]["action"], "zone-change");
    assert_eq!(plan[0]["id"], a.plan[0].id.as_str());
    assert_eq!(plan[1]["measure"], "msr-net-monitoring");
}

#[test]
fn csv_plan_reads_back_in_the_documented_columns() {
    let a = with_plan();
    let (m, _) = case1();
    for lang in Lang::ALL {
        let opts = RenderOptions {
            lang,
            csv_plan: true,
            ..Default::default()
        };
        let bytes = kojo_report::render(Format::Csv, &a, m, catalog(), &opts).expect("CSV");
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = r
            .headers()
            .expect("a header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, PLAN_COLUMNS);
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.expect("a row")).collect();
        assert_eq!(rows.len(), a.plan.len());
        for (row, p) in rows.iter().zip(&a.plan) {
            let col = |name: &str| &row[PLAN_COLUMNS.iter().position(|c| *c == name).unwrap()];
            assert_eq!(col("rank"), p.rank.to_string());
            assert_eq!(col("id"), p.id);
            assert_eq!(col("action"), p.action.as_str());
            assert_eq!(col("title"), p.text(lang.code()).title);
            assert_eq!(col("closes"), p.closes.join("; "));
            assert_eq!(col("risk_before"), p.risk.before.as_str());
            assert_eq!(col("due"), "");
            assert_eq!(col("status"), "");
        }
    }
}

#[test]
fn xlsx_opens_with_the_plan_sheet() {
    use calamine::{Reader, Xlsx};
    let (m, bare) = case1();
    let a = with_plan();
    let bytes = kojo_report::render_xlsx(&a, m, catalog(), "ja").expect("XLSX");
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("reads back");
    assert_eq!(wb.sheet_names()[0], "対策計画");
    assert_eq!(
        wb.sheet_names()[1],
        kojo_report::register::xlsx_sheets(Lang::Ja)[0]
    );
    let range = wb.worksheet_range("対策計画").expect("the Plan sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let headers: Vec<String> = PLAN_COLUMNS
        .iter()
        .map(|k| kojo_report::register::column_header(k, Lang::Ja))
        .collect();
    assert_eq!(rows[0], headers);
    assert_eq!(rows.len(), 1 + a.plan.len());
    assert_eq!(rows[1][1], a.plan[0].id);
    assert_eq!(rows[1][3], "CAD システムを OA ゾーンから分離する");
    assert_eq!(rows[2][5], "it-systems");
    // Without a plan the workbook is as it was: the register first.
    let bytes = kojo_report::render_xlsx(bare, m, catalog(), "en").expect("XLSX");
    let wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("reads back");
    assert_eq!(wb.sheet_names()[0], kojo_report::register::XLSX_SHEETS[0]);
}

#[test]
fn sarif_ignores_the_plan() {
    let (_, bare) = case1();
    let a = with_plan();
    assert_eq!(
        kojo_report::render_sarif(&a, catalog()).expect("SARIF"),
        kojo_report::render_sarif(bare, catalog()).expect("SARIF")
    );
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

#[test]
fn the_html_report_opens_with_a_one_page_plan_summary() {
    let (m, _) = case1();
    let a = with_plan();
    for lang in Lang::ALL {
        let html = kojo_report::render_html(
            &a,
            m,
            catalog(),
            &kojo_report::HtmlOptions {
                lang,
                ..Default::default()
            },
        )
        .expect("HTML");
        let plan_at = html.find("<section id=\"plan\"").expect("the plan summary");
        assert!(plan_at < html.find("<section id=\"summary\"").unwrap());
        assert!(plan_at < html.find("class=\"finding").unwrap_or(usize::MAX));
        let doc = Html::parse_document(&html);
        let section = doc
            .select(&sel("section#plan"))
            .next()
            .expect("section#plan");
        assert!(
            section.select(&sel("svg")).next().is_some(),
            "the zone diagram"
        );
        let verdict_rows = section.select(&sel("#plan-verdicts tbody tr")).count();
        assert_eq!(verdict_rows, m.zones.len());
        let actions: Vec<String> = section
            .select(&sel("#plan-actions tbody tr"))
            .filter_map(|r| r.value().attr("data-action").map(str::to_string))
            .collect();
        let ids: Vec<String> = a.plan.iter().map(|p| p.id.clone()).collect();
        assert_eq!(actions, ids);
        // Findings by severity now and after: the same findings, none lost, the ones closed
        // lower.
        let count = |attr: &str| -> Vec<usize> {
            section
                .select(&sel(&format!("#plan-risk td[{attr}]")))
                .map(|td| td.text().collect::<String>().parse().expect("a count"))
                .collect()
        };
        let (now, after) = (count("data-severity"), count("data-severity-after"));
        assert_eq!(now.iter().sum::<usize>(), a.findings.len());
        assert_eq!(after.iter().sum::<usize>(), a.findings.len());
        assert_ne!(now, after, "the first actions close findings");
        // Words: the summary's prose without model names, action titles and the diagram.
        let mut words = String::new();
        for e in section.select(&sel(
            "h2, h3, th, p, #plan-actions td .muted, #plan-verdicts td",
        )) {
            words.push_str(&e.text().collect::<String>());
            words.push('\n');
        }
        assert_eq!(raw_ids(&words), Vec::<String>::new(), "{words}");
        if lang == Lang::Ja {
            let w = without_model_names(&words).replace("3.2.1", "");
            assert_eq!(english_words(&w), Vec::<String>::new(), "{words}");
            assert_eq!(kojo_lang::glossary_violation(&words), None, "{words}");
        }
    }
    // Without a plan there is no summary to read.
    let (_, bare) = case1();
    let html = kojo_report::render_html(bare, m, catalog(), &Default::default()).expect("HTML");
    assert!(!html.contains("<section id=\"plan\""));
}

#[test]
fn risk_after_counts_a_closed_finding_at_the_actions_risk_after() {
    let a = with_plan();
    let (now, after) = plan::risk_before_after(&a, 1);
    let closed: Vec<&kojo_findings::Finding> = a
        .findings
        .iter()
        .filter(|f| a.plan[0].closes.contains(&f.id))
        .collect();
    let above_low = closed.iter().filter(|f| f.severity > Severity::Low).count();
    let sum = |m: &std::collections::BTreeMap<Severity, usize>, s| m.get(&s).copied().unwrap_or(0);
    assert_eq!(
        sum(&after, Severity::Low),
        sum(&now, Severity::Low) + above_low,
        "{now:?} {after:?}"
    );
    // Nothing is closed by no action.
    let (n0, a0) = plan::risk_before_after(&a, 0);
    assert_eq!(n0, a0);
}

#[test]
fn the_dispatch_writes_the_json_contract() {
    let (m, a) = case1();
    let json = kojo_report::render(Format::Json, a, m, catalog(), &RenderOptions::default())
        .expect("JSON");
    let back: Assessment = serde_json::from_slice(&json).expect("the contract reads back");
    assert_eq!(&back, a);
    assert!(json.ends_with(b"}\n"));
}

/// A press line whose maker runs its own remote gateway inside the line zone, reached over
/// 4G past the line firewall: the verdict separates the gateway into a proposed zone, and
/// the plan's boundary actions on that zone name it by the name the verdict gives it (the
/// zone is not in the model yet), in the text and the HTML.
const PRESS_LINE: &str = r#"version: 1
factory:
  name: Shizuoka moulding plant
  purposes: [improve-quality, strengthen-risk-management]
departments:
  - id: prod-eng
    name: Production engineering
    kind: production
  - id: it
    name: IT and security
    kind: security
parties:
  - id: press-maker
    name: Press maker
    kind: equipment-supplier
    contract: {security_measures: false}
operations:
  - id: moulding
    name: Injection moulding
    importance: high
  - id: planning
    name: Production planning
    importance: medium
zones:
  - id: office
    name: Office zone
    kind: information
  - id: line
    name: Moulding line zone
    kind: production
  - id: maker-cloud
    name: Press maker cloud
    kind: external
assets:
  - id: fw
    name: Line firewall
    kind: network
    role: firewall
    zone: line
  - id: mes
    name: MES server
    kind: equipment
    role: server
    zone: office
    operations: [planning]
  - id: press-plc
    name: Press PLC
    kind: equipment
    role: plc
    zone: line
    operations: [moulding]
    supplier: press-maker
  - id: gw
    name: Press maker remote gateway
    kind: equipment
    role: remote-access-gateway
    zone: line
    operations: [moulding]
    supplier: press-maker
    operated_by: press-maker
  - id: maker-portal
    name: Maker maintenance portal
    kind: external-service
    zone: maker-cloud
flows:
  - id: mes-plc
    from: mes
    to: press-plc
    control: true
    automated: true
    via: [fw]
  - id: portal-gw
    from: maker-portal
    to: gw
    network: carrier
  - id: gw-plc
    from: gw
    to: press-plc
    control: true
measures:
  - measure: msr-net-zone-boundary-filtering
    scope: [zone:line]
    status: implemented
"#;

#[test]
fn a_proposed_zone_is_named_in_the_engines_plan() {
    let m = kojo_model::load_str(std::path::Path::new("press.yaml"), PRESS_LINE)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    let a = kojo_assess::assess(&m, catalog(), &opts).expect("assessment");
    let proposed: Vec<(&str, &str, &str)> = a
        .zones
        .iter()
        .filter_map(|z| z.verdict.as_ref()?.proposed.as_ref())
        .flat_map(|p| &p.zones)
        .map(|z| (z.id.as_str(), z.name.as_str(), z.name_ja.as_str()))
        .collect();
    assert!(!proposed.is_empty(), "the gateway is separated");
    // The boundary device on the new zone's edge is part of the separation: the to-be
    // findings that ask for it are closed by that action, not by an action of their own.
    let on_new_zone: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| {
            f.kind == "boundary-missing"
                && f.subjects
                    .iter()
                    .any(|s| proposed.iter().any(|(id, _, _)| *s == format!("zone:{id}")))
        })
        .map(|f| f.id.as_str())
        .collect();
    assert!(
        !on_new_zone.is_empty(),
        "the to-be zoning asks for the device"
    );
    let separation = a
        .plan
        .iter()
        .find(|p| p.action == kojo_findings::PlanActionKind::ZoneChange)
        .expect("the separation is in the plan");
    for id in &on_new_zone {
        assert!(separation.closes.iter().any(|c| c == id), "{id}");
    }
    assert!(
        !a.plan.iter().any(|p| p
            .subjects
            .iter()
            .any(|s| proposed.iter().any(|(id, _, _)| *s == format!("zone:{id}")))),
        "no second action on the proposed zone"
    );
    for lang in ["en", "ja"] {
        let t = assessment_text::render(
            &a,
            TextOptions {
                lang,
                color: false,
                model: Some(&m),
            },
        );
        let part = plan_part(&t);
        for (id, en, ja) in &proposed {
            assert!(
                !part.contains(&format!("zone:{id}")),
                "{lang}: raw id of the proposed zone in\n{part}"
            );
            // Each language names the zone in its own words, never in the other's.
            let (name, other) = if lang == "ja" { (ja, en) } else { (en, ja) };
            assert!(part.contains(name), "{lang}: {name} not in\n{part}");
            assert!(!part.contains(other), "{lang}: {other} in\n{part}");
        }
        if lang == "ja" {
            assert_eq!(kojo_lang::glossary_violation(part), None, "{part}");
        }
    }
    // The verdict's own sentence names the new zone in Japanese too.
    let ja_reasons: String = a
        .zones
        .iter()
        .filter_map(|z| z.verdict.as_ref())
        .map(|v| v.detail_ja.as_str())
        .collect();
    for (_, en, ja) in &proposed {
        assert!(ja.ends_with("ゾーン"), "{ja}");
        assert!(
            ja_reasons.contains(ja) && !ja_reasons.contains(en),
            "{ja_reasons}"
        );
    }
    let html = kojo_report::render(Format::Html, &a, &m, catalog(), &RenderOptions::default())
        .expect("html");
    let html = String::from_utf8(html).expect("UTF-8");
    for (id, name, _) in &proposed {
        for shown in [format!("· zone:{id}"), format!(", zone:{id}")] {
            assert!(
                !html.contains(&shown),
                "raw id in the HTML summary: {shown}"
            );
        }
        assert!(html.contains(name));
    }
}
