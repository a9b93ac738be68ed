//! Every output over the Annex A models of the repository (`examples/annex-a/`): the HTML
//! parses and holds every zone, finding and section; the SVG holds every zone and flow;
//! SARIF deserializes with serde-sarif and points at the model lines that define the
//! subjects; CSV and XLSX read back and match the assessment's JSON.

use kojo_catalog::Catalog;
use kojo_findings::Assessment;
use kojo_model::Model;
use kojo_report::{DiagramOptions, HtmlOptions, Lang};
use scraper::{Html, Selector};
use std::path::PathBuf;
use std::sync::OnceLock;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::embedded().expect("embedded catalog loads"))
}

/// The Annex A models with their assessments (computed once per test binary).
fn annex() -> &'static [(String, Model, Assessment)] {
    static A: OnceLock<Vec<(String, Model, Assessment)>> = OnceLock::new();
    A.get_or_init(|| {
        let dir = repo_root().join("examples/annex-a");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("examples/annex-a exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        names.sort();
        assert!(
            names.len() >= 7,
            "expected the Annex A models, found {names:?}"
        );
        names
            .into_iter()
            .map(|n| {
                let m =
                    kojo_model::load_file(&dir.join(&n)).unwrap_or_else(|d| panic!("{n}: {d:?}"));
                let opts = kojo_assess::AssessOptions {
                    today: Some(kojo_model::Date {
                        year: 2026,
                        month: 1,
                        day: 1,
                    }),
                    ..Default::default()
                };
                let a = kojo_assess::assess(&m, catalog(), &opts).expect("assessment");
                (n, m, a)
            })
            .collect()
    })
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

#[test]
fn html_parses_and_holds_every_zone_finding_and_section() {
    for (name, m, a) in annex() {
        let html =
            kojo_report::render_html(a, m, catalog(), &HtmlOptions::default()).expect("html");
        let doc = Html::parse_document(&html);
        assert!(
            doc.errors.is_empty(),
            "{name}: HTML parse errors {:?}",
            doc.errors
        );
        for id in [
            "summary",
            "diagram",
            "zones",
            "supply-chain",
            "ooda",
            "maturity",
            "heatmap",
            "ooda-preventive",
            "ooda-damage",
        ] {
            assert_eq!(
                doc.select(&sel(&format!("#{id}"))).count(),
                1,
                "{name}: section #{id}"
            );
        }
        for step in [
            "1-1", "1-2", "1-3", "1-4", "1-5", "1-6", "1-7", "2-1", "2-2", "3",
        ] {
            assert_eq!(
                doc.select(&sel(&format!("section[id='step-{step}']")))
                    .count(),
                1,
                "{name}: step {step}"
            );
        }
        for z in &m.zones {
            let page = doc
                .select(&sel(&format!("section.zonepage[id='zone-{}']", z.id)))
                .count();
            assert_eq!(page, 1, "{name}: zone page {}", z.id);
        }
        // Every finding once as a card, in the assessment's order, with its severity.
        let cards: Vec<(String, String)> = doc
            .select(&sel("article.finding"))
            .map(|e| {
                (
                    e.value().attr("id").unwrap_or("").to_string(),
                    e.value().attr("data-severity").unwrap_or("").to_string(),
                )
            })
            .collect();
        let mut expected: Vec<(String, String)> = a
            .findings
            .iter()
            .map(|f| (f.id.clone(), f.severity.as_str().to_string()))
            .collect();
        // Cards are grouped by step; within a step they keep the assessment's order.
        let mut sorted_cards = cards.clone();
        sorted_cards.sort();
        expected.sort();
        assert_eq!(sorted_cards, expected, "{name}: finding cards");
        // Severity counts agree with the JSON summary.
        for (sev, n) in &a.summary.by_severity {
            let shown: usize = doc
                .select(&sel(&format!(".kpi[data-severity='{}'] b", sev.as_str())))
                .next()
                .map(|e| e.text().collect::<String>().parse().unwrap_or(usize::MAX))
                .unwrap_or(usize::MAX);
            assert_eq!(shown, *n, "{name}: count of {sev}");
        }
        // The heat map holds exactly the threat findings that carry importance and threat level.
        let heat: usize = doc
            .select(&sel("#heatmap td"))
            .map(|e| e.text().collect::<String>().parse::<usize>().unwrap_or(0))
            .sum();
        let placeable = a
            .findings
            .iter()
            .filter(|f| kojo_report::html::heat_cell(f).is_some())
            .count();
        assert_eq!(heat, placeable, "{name}: heat map total");
        // Self-contained: no script, no external resource.
        assert_eq!(doc.select(&sel("script")).count(), 0);
        let external: Vec<String> = doc
            .select(&sel("[src], link[href]"))
            .map(|e| format!("{:?}", e.value()))
            .collect();
        assert!(
            external.is_empty(),
            "{name}: external resources {external:?}"
        );
    }
}

#[test]
fn html_in_japanese_uses_the_findings_japanese_text() {
    let (name, m, a) = annex()
        .iter()
        .find(|(n, ..)| n == "case1-after.yaml")
        .expect("case 1");
    let html = kojo_report::render_html(
        a,
        m,
        catalog(),
        &HtmlOptions {
            lang: Lang::Ja,
            ..Default::default()
        },
    )
    .expect("html");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("html[lang='ja']")).count(), 1);
    let with_ja = a
        .findings
        .iter()
        .find(|f| f.i18n.contains_key("ja"))
        .expect("a finding with Japanese text");
    let card = doc
        .select(&sel(&format!("article[id='{}'] h4", with_ja.id)))
        .next()
        .expect("card");
    let title: String = card.text().collect();
    assert!(title.contains(&with_ja.i18n["ja"].title), "{name}: {title}");
    assert!(html.contains("ゾーン図"));
}

#[test]
fn svg_holds_every_zone_and_flow_of_the_annex_models() {
    for (name, m, a) in annex() {
        let svg = kojo_report::render_svg(m, Some(a), &DiagramOptions::default());
        let doc = Html::parse_fragment(&svg);
        let zones: Vec<&str> = doc
            .select(&sel("g.zone"))
            .filter_map(|e| e.value().attr("data-zone"))
            .collect();
        for z in &m.zones {
            assert!(
                zones.contains(&z.id.as_str()),
                "{name}: zone {} missing",
                z.id
            );
        }
        let flows: Vec<String> = doc
            .select(&sel("g.flow"))
            .flat_map(|e| {
                e.value()
                    .attr("data-flow")
                    .unwrap_or("")
                    .split(' ')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        for f in &m.flows {
            assert!(flows.contains(&f.id), "{name}: flow {} missing", f.id);
        }
        let controls = doc.select(&sel("g.flow.control")).count();
        assert_eq!(
            controls,
            m.flows.iter().filter(|f| f.control).count(),
            "{name}: control edges"
        );
        // Same model, same picture.
        assert_eq!(
            svg,
            kojo_report::render_svg(m, Some(a), &DiagramOptions::default())
        );
        let dot = kojo_report::render_dot(m, Some(a), &DiagramOptions::default());
        for f in &m.flows {
            assert!(
                dot.contains(&format!("id=\"{}\"", f.id)),
                "{name}: DOT flow {}",
                f.id
            );
        }
    }
}

#[test]
fn sarif_deserializes_and_points_at_the_subjects_lines() {
    for (name, m, a) in annex() {
        let text = kojo_report::render_sarif(a, catalog()).expect("sarif");
        let log: serde_sarif::sarif::Sarif =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Catalog entries behind each finding travel with the result, titled.
        let raw: serde_json::Value = serde_json::from_str(&text).expect("json");
        for (r, f) in raw["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .zip(&a.findings)
        {
            let entries = r["properties"]["catalogEntries"]
                .as_array()
                .map(Vec::len)
                .unwrap_or(0);
            let known = f
                .catalog
                .iter()
                .filter(|c| catalog().find(c).is_some())
                .count();
            assert_eq!(entries, known, "{name}: {}", f.id);
        }
        assert_eq!(log.runs.len(), 1);
        let results = log.runs[0].results.as_ref().expect("results");
        assert_eq!(results.len(), a.findings.len(), "{name}");
        let rules = log.runs[0].tool.driver.rules.as_ref().expect("rules");
        let source = &m.sources[0].text;
        let lines: Vec<&str> = source.lines().collect();
        for (r, f) in results.iter().zip(&a.findings) {
            let rule = &rules[r.rule_index.expect("rule index") as usize];
            assert_eq!(Some(rule.id.as_str()), r.rule_id.as_deref());
            assert!(rule.help.is_some(), "{name}: rule {} has help", rule.id);
            let loc = &r.locations.as_ref().expect("locations")[0];
            let phys = loc.physical_location.as_ref().expect("physical location");
            let line = phys
                .region
                .as_ref()
                .and_then(|g| g.start_line)
                .expect("start line") as usize;
            assert!(
                line >= 1 && line <= lines.len(),
                "{name}: {} line {line}",
                f.id
            );
            // The line defines the first subject (its id, or `factory:`).
            let subject = f.subjects.first().map(String::as_str).unwrap_or("factory");
            let want = subject
                .split_once(':')
                .map(|(_, id)| id)
                .unwrap_or("factory");
            // The factory is located at its first key, just under `factory:`.
            let here = lines[line - 1].contains(want)
                || (want == "factory" && line >= 2 && lines[line - 2].starts_with("factory:"));
            assert!(
                here,
                "{name}: {} at line {line}: {:?} does not name {want}",
                f.id,
                lines[line - 1]
            );
        }
    }
}

#[test]
fn csv_matches_the_json() {
    for (name, _m, a) in annex() {
        let text = kojo_report::render_csv(a, "en").expect("csv");
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = rd
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(headers, kojo_report::register::REGISTER_COLUMNS);
        let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("record")).collect();
        assert_eq!(rows.len(), a.findings.len(), "{name}");
        for (row, f) in rows.iter().zip(&a.findings) {
            assert_eq!(&row[0], f.id);
            assert_eq!(&row[1], f.kind.as_str());
            assert_eq!(&row[3], f.step);
            assert_eq!(&row[4], f.severity.as_str());
            assert_eq!(row[5].split("; ").collect::<Vec<_>>(), f.subjects);
            assert_eq!(&row[6], f.title);
            assert_eq!(&row[8], f.recommendation);
            assert_eq!(&row[9], f.reference);
        }
    }
}

#[test]
fn xlsx_reads_back_and_matches_the_json() {
    use calamine::{Data, Reader, Xlsx};
    for (name, m, a) in annex().iter().filter(|(n, ..)| n.contains("after")) {
        let bytes = kojo_report::render_xlsx(a, m, catalog(), "en").expect("xlsx");
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
        // The plan's sheet first, then the register's.
        let mut expected = vec![kojo_report::plan::PLAN_SHEET.to_string()];
        expected.extend(
            kojo_report::register::XLSX_SHEETS
                .iter()
                .map(|s| s.to_string()),
        );
        assert_eq!(wb.sheet_names(), expected);
        let cell = |d: &Data| match d {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => other.to_string(),
        };
        let reg = wb.worksheet_range("Risk register").expect("register");
        let rows: Vec<Vec<String>> = reg.rows().map(|r| r.iter().map(cell).collect()).collect();
        assert_eq!(rows.len(), a.findings.len() + 1, "{name}");
        for (row, f) in rows[1..].iter().zip(&a.findings) {
            assert_eq!(row[0], f.id);
            assert_eq!(row[4], f.severity.as_str());
            assert_eq!(row[5], f.subjects.join("; "));
            assert_eq!(row[6], f.title);
            assert_eq!(row[7], f.detail);
        }
        let zones = wb.worksheet_range("Zones").expect("zones");
        let ids: Vec<String> = zones.rows().skip(1).map(|r| cell(&r[0])).collect();
        assert_eq!(
            ids,
            m.zones.iter().map(|z| z.id.clone()).collect::<Vec<_>>()
        );
        for (r, za) in zones.rows().skip(1).zip(&a.zones) {
            assert_eq!(cell(&r[3]), za.importance.clone().unwrap_or_default());
        }
        assert_eq!(
            wb.worksheet_range("Assets").expect("assets").height(),
            m.assets.len() + 1
        );
        assert_eq!(
            wb.worksheet_range("Flows").expect("flows").height(),
            m.flows.len() + 1
        );
        let answers: usize = m.supply_chain.iter().map(|s| s.answers.len()).sum();
        assert_eq!(
            wb.worksheet_range("Checklists")
                .expect("checklists")
                .height(),
            answers + 1
        );
    }
}

/// ASCII words of `cell` other than names kept in Japanese (VPN, OSS, DMZ, SBOM, SL, ID, PC).
fn english_left(cell: &str) -> Vec<&str> {
    const KEPT: [&str; 7] = ["VPN", "OSS", "DMZ", "SBOM", "SL", "ID", "PC"];
    cell.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !KEPT.contains(w))
        .collect()
}

#[test]
fn the_japanese_register_has_japanese_headers_and_value_words() {
    use calamine::{Data, Reader, Xlsx};
    let ja = Lang::Ja;
    for (name, m, a) in annex().iter().filter(|(n, ..)| n.contains("after")) {
        // CSV: Japanese headers, severities and statuses in the glossary's words.
        let text = kojo_report::render_csv(a, "ja").expect("csv");
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = rd
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        for h in &headers {
            assert!(english_left(h).is_empty(), "{name}: header {h}");
            assert_eq!(kojo_lang::glossary_violation(h), None, "{name}: {h}");
        }
        assert_eq!(headers[4], "重大度");
        for (row, f) in rd.records().map(|r| r.expect("record")).zip(&a.findings) {
            assert_eq!(&row[0], f.id, "{name}: ids stay");
            assert_eq!(&row[4], kojo_lang::severity(ja, f.severity.as_str()));
            assert!(english_left(&row[4]).is_empty() && english_left(&row[14]).is_empty());
        }
        // XLSX: sheet names, headers and every vocabulary cell in Japanese.
        let bytes = kojo_report::render_xlsx(a, m, catalog(), "ja").expect("xlsx");
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
        let sheets = wb.sheet_names();
        let mut expected = vec![kojo_report::plan::plan_sheet(ja)];
        expected.extend(kojo_report::register::xlsx_sheets(ja));
        assert_eq!(sheets, expected);
        // The register's sheets, after the plan's.
        let sheets: Vec<String> = sheets[1..].to_vec();
        let cell = |d: &Data| match d {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => other.to_string(),
        };
        // (sheet, columns holding vocabulary words)
        let vocab_cols: [(usize, &[usize]); 5] = [
            (0, &[4, 14]),
            (1, &[2, 3, 6, 7]),
            (2, &[2, 6, 7, 8, 9, 10, 11, 12, 16]),
            (3, &[4, 5, 6, 9, 10]),
            (4, &[1, 3]),
        ];
        let mut checked = 0;
        for (sheet, cols) in vocab_cols {
            let range = wb.worksheet_range(&sheets[sheet]).expect("sheet");
            let mut rows = range.rows();
            for h in rows.next().expect("header row") {
                let h = cell(h);
                assert!(
                    english_left(&h).is_empty(),
                    "{name}: {} header {h}",
                    sheets[sheet]
                );
            }
            for r in rows {
                for &c in cols {
                    let v = cell(&r[c]);
                    // managed by a party: the party's id
                    if sheet == 1 && c == 6 && m.parties.iter().any(|p| p.id == v) {
                        continue;
                    }
                    assert!(
                        english_left(&v).is_empty(),
                        "{name}: {} col {c}: {v}",
                        sheets[sheet]
                    );
                    assert_eq!(kojo_lang::glossary_violation(&v), None, "{name}: {v}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{name}: {checked} cells checked");
    }
}

#[test]
fn html_caps_long_steps_and_counts_the_rest() {
    let (_, m, a) = annex()
        .iter()
        .find(|(n, ..)| n == "case1-after.yaml")
        .expect("case 1");
    let opts = HtmlOptions {
        max_cards_per_step: 5,
        max_rows_per_step: 10,
        max_rows_per_zone: 3,
        ..Default::default()
    };
    let html = kojo_report::render_html(a, m, catalog(), &opts).expect("html");
    let doc = Html::parse_document(&html);
    let in_step = a.findings.iter().filter(|f| f.step == "1-7").count();
    assert!(
        in_step > 15,
        "case 1 has many step 1-7 findings ({in_step})"
    );
    let step = doc
        .select(&sel("section[id='step-1-7']"))
        .next()
        .expect("step 1-7");
    assert_eq!(step.select(&sel("article.finding")).count(), 5);
    assert_eq!(step.select(&sel("tr.finding-row")).count(), 10);
    let more: usize = step
        .select(&sel("p.more"))
        .next()
        .and_then(|e| e.value().attr("data-more"))
        .and_then(|n| n.parse().ok())
        .expect("a note with the count of the rest");
    assert_eq!(more, in_step - 15);
    // The cards are the most severe of the step.
    let first: Vec<&str> = step
        .select(&sel("article.finding"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let want: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.step == "1-7")
        .take(5)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(first, want);
}

/// A finding built by hand, with hostile text in every field a model author controls.
fn hostile_assessment(m: &Model) -> Assessment {
    let evil = "<img src=x onerror=alert(1)> & \"quotes\" </table>";
    let mut f = kojo_findings::Finding {
        id: kojo_findings::finding_id("zone-review-requirements", &["zone:z-1".into()], ""),
        kind: "zone-review-requirements".into(),
        step: "1-7".into(),
        severity: kojo_findings::Severity::High,
        subjects: vec!["zone:z-1".into()],
        title: evil.into(),
        detail: evil.into(),
        recommendation: evil.into(),
        reference: "3.1.7".into(),
        catalog: vec!["no-such-entry".into()],
        decision: None,
        location: None,
        rule: None,
        facts: Default::default(),
        i18n: Default::default(),
    };
    f.facts
        .insert("importance".into(), serde_json::json!("high"));
    f.facts.insert("threat_level".into(), serde_json::json!(7));
    let mut a = Assessment {
        kojo_version: "test".into(),
        model: kojo_findings::ModelInfo {
            path: "evil model.yaml".into(),
            sha256: "0".into(),
            factory: m.factory.name.clone(),
        },
        summary: Default::default(),
        zones: vec![],
        conduits: vec![],
        plan: vec![],
        findings: vec![f],
    };
    a.finish();
    a
}

#[test]
fn hostile_names_and_texts_are_escaped_everywhere() {
    let yaml = "version: 1\nfactory:\n  name: \"<script>alert(1)</script>\"\nzones:\n  - id: z-1\n    name: \"</svg><img src=x>\"\n    kind: control\nassets:\n  - id: a-1\n    name: \"<b>PLC</b>\"\n    kind: equipment\n    zone: z-1\n";
    let m = kojo_model::load_str(std::path::Path::new("evil.yaml"), yaml)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let a = hostile_assessment(&m);
    let html = kojo_report::render_html(&a, &m, catalog(), &HtmlOptions::default()).expect("html");
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(doc.select(&sel("img")).count(), 0);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(
        doc.select(&sel("b"))
            .filter(|e| e.text().any(|t| t.contains("PLC")))
            .count(),
        0
    );
    let title: String = doc.select(&sel("h1")).next().expect("h1").text().collect();
    assert_eq!(title, "<script>alert(1)</script>");
    // A threat level outside 1-3 is not placed in the heat map rather than mis-placed.
    let heat: usize = doc
        .select(&sel("#heatmap td"))
        .map(|e| e.text().collect::<String>().parse::<usize>().unwrap_or(0))
        .sum();
    assert_eq!(heat, 0);
    // SARIF, CSV and XLSX carry the text unchanged.
    let sarif: serde_json::Value =
        serde_json::from_str(&kojo_report::render_sarif(&a, catalog()).expect("sarif"))
            .expect("json");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "evil%20model.yaml"
    );
    let csv = kojo_report::render_csv(&a, "ja").expect("csv");
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    let row = rd.records().next().expect("a row").expect("record");
    assert_eq!(&row[6], a.findings[0].title);
    assert!(kojo_report::render_xlsx(&a, &m, catalog(), "en").is_ok());
}

#[test]
fn csv_cells_that_look_like_formulas_are_kept_as_text() {
    let yaml =
        "version: 1\nfactory:\n  name: F\nzones:\n  - id: z-1\n    name: Z\n    kind: control\n";
    let m = kojo_model::load_str(std::path::Path::new("f.yaml"), yaml)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let mut a = hostile_assessment(&m);
    let payloads = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
    ];
    a.findings[0].title = payloads[0].into();
    a.findings[0].detail = payloads[1].into();
    a.findings[0].recommendation = payloads[2].into();
    a.findings[0].reference = payloads[3].into();
    a.findings[0].subjects = vec![payloads[4].into()];
    let csv = kojo_report::render_csv(&a, "en").expect("csv");
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    let row = rd.records().next().expect("a row").expect("record");
    for (col, p) in [(6, 0), (7, 1), (8, 2), (9, 3), (5, 4)] {
        assert_eq!(row[col], format!("'{}", payloads[p]), "column {col}");
    }
    // Ordinary text is left exactly as it is.
    assert_eq!(&row[0], a.findings[0].id);
    assert_eq!(
        kojo_report::register::spreadsheet_text("Zone 1 - OA"),
        "Zone 1 - OA"
    );
}

#[test]
fn an_empty_model_renders() {
    let m = kojo_model::load_str(
        std::path::Path::new("empty.yaml"),
        "version: 1\nfactory:\n  name: Empty\n",
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let mut a = hostile_assessment(&m);
    a.findings.clear();
    a.finish();
    let html = kojo_report::render_html(&a, &m, catalog(), &HtmlOptions::default()).expect("html");
    assert!(Html::parse_document(&html).errors.is_empty());
    let svg = kojo_report::render_svg(&m, Some(&a), &DiagramOptions::default());
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(kojo_report::render_xlsx(&a, &m, catalog(), "en").is_ok());
    assert_eq!(
        kojo_report::render_csv(&a, "en")
            .expect("csv")
            .lines()
            .count(),
        1
    );
}

/// Phrases of the assessment's English requirement lines and target-SL derivations.
const ENGLISH_REQUIREMENT_PHRASES: &[&str] = &[
    "Availability:",
    "Integrity:",
    "Confidentiality:",
    "Information transfer:",
    "Counter ",
    "SQDC: assure",
    "safety (S)",
    "quality (Q)",
    "delivery (D)",
    "cost (C)",
    "Business continuity",
    "Protected objects (",
    "Control instructions from outside",
    "Input validation",
    "may be sent and received",
    "validate, authorise and log",
    "importance high",
    "importance medium",
    "importance low",
    "importance unknown",
    "the highest of its protected objects",
    "reachable from outside",
    "suggested target SL",
    "set in the model",
    "no target SL derived",
    " and ",
    " more",
];

fn zones_section_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let section = doc
        .select(&sel("section#zones"))
        .next()
        .expect("zones section");
    // The zone pages' derivation rows and the lists under their requirement headings (names
    // and ids come from the model, in whatever language it is written).
    let mut text = String::new();
    for page in section.select(&sel("section.zonepage")) {
        for e in page.select(&sel("td[colspan='5']")) {
            text.extend(e.text());
            text.push('\n');
        }
        let mut heading = String::new();
        for child in page.children().filter_map(scraper::ElementRef::wrap) {
            let tag = child.value().name();
            if tag == "h4" {
                heading = child.text().collect();
                continue;
            }
            let requirements = ["Requirements within the zone", "ゾーン内の要件"]
                .contains(&heading.as_str())
                || ["Requirements between zones", "ゾーン間の要件"].contains(&heading.as_str());
            if requirements && (tag == "ul" || tag == "table") {
                for li in child.select(&sel("li")) {
                    text.extend(li.text());
                    text.push('\n');
                }
            }
        }
    }
    text
}

#[test]
fn html_in_japanese_writes_zone_requirements_and_derivations_in_japanese() {
    for (name, m, a) in annex().iter().filter(|(n, ..)| n.contains("after")) {
        let opts = HtmlOptions {
            lang: Lang::Ja,
            max_rows_per_zone: usize::MAX,
            ..Default::default()
        };
        let html = kojo_report::render_html(a, m, catalog(), &opts).expect("html");
        let text = zones_section_text(&html);
        assert!(
            text.contains("可用性: 送受信データのバックアップ"),
            "{name}"
        );
        assert!(text.contains("保護対象 ("), "{name}");
        assert!(text.contains("重要度 "), "{name}");
        for p in ENGLISH_REQUIREMENT_PHRASES {
            assert!(
                !text.contains(p),
                "{name}: English {p:?} in the zones section:\n{text}"
            );
        }
        // As many lines as the assessment's, zone by zone.
        let lines: usize = a
            .zones
            .iter()
            .map(|z| {
                z.requirements.within.len()
                    + z.requirements.between.values().map(Vec::len).sum::<usize>()
                    + usize::from(z.derivation.is_some())
            })
            .sum();
        assert_eq!(text.lines().count(), lines, "{name}");
    }
}

#[test]
fn html_in_english_shows_the_assessments_own_zone_lines() {
    for (name, m, a) in annex().iter().filter(|(n, ..)| n.contains("after")) {
        let opts = HtmlOptions {
            max_rows_per_zone: usize::MAX,
            ..Default::default()
        };
        let html = kojo_report::render_html(a, m, catalog(), &opts).expect("html");
        let text = zones_section_text(&html);
        let mut want = String::new();
        for z in &a.zones {
            if let Some(d) = &z.derivation {
                want.push_str(d);
                want.push('\n');
            }
            for l in z
                .requirements
                .within
                .iter()
                .chain(z.requirements.between.values().flatten())
            {
                want.push_str(l);
                want.push('\n');
            }
        }
        assert_eq!(text, want, "{name}");
    }
}

#[test]
fn xlsx_in_japanese_writes_the_zones_sheet_in_japanese() {
    use calamine::{Data, Reader, Xlsx};
    for (name, m, a) in annex().iter().filter(|(n, ..)| n.contains("after")) {
        let bytes = kojo_report::render_xlsx(a, m, catalog(), "ja").expect("xlsx");
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
        let zones_sheet = &kojo_report::register::xlsx_sheets(Lang::Ja)[1];
        let zones = wb.worksheet_range(zones_sheet).expect("zones");
        let mut text = String::new();
        for r in zones.rows().skip(1) {
            for c in &r[8..11] {
                if let Data::String(s) = c {
                    text.push_str(s);
                    text.push('\n');
                }
            }
        }
        assert!(text.contains("完全性: 送受信データの照合"), "{name}");
        for p in ENGLISH_REQUIREMENT_PHRASES {
            assert!(
                !text.contains(p),
                "{name}: English {p:?} in the Zones sheet:\n{text}"
            );
        }
    }
}

#[test]
fn xlsx_is_byte_identical_run_after_run_and_dated_by_the_model() {
    let Some((name, m, a)) = annex().iter().find(|(n, ..)| n.contains("after")) else {
        return;
    };
    let one = kojo_report::render_xlsx(a, m, catalog(), "en").expect("xlsx");
    let two = kojo_report::render_xlsx(a, m, catalog(), "en").expect("xlsx");
    assert!(one == two, "{name}: two runs differ");
    // The creation time is the epoch given, else the model's latest date, never the clock.
    let at = |epoch: Option<&str>| {
        let t = kojo_report::register::workbook_time(m, epoch);
        (t.to_excel(), ())
    };
    assert_eq!(
        at(Some("86400")).0,
        25570.0,
        "1970-01-02 as an Excel serial date"
    );
    assert_eq!(at(Some("not a number")).0, at(None).0);
    let mut dated = m.clone();
    dated.decisions.truncate(0);
    dated.measures.iter_mut().for_each(|r| r.due = None);
    dated.factory.bcp = None;
    assert_eq!(
        kojo_report::register::workbook_time(&dated, None).to_excel(),
        25569.0,
        "no date in the model: 1970-01-01"
    );
}

/// SARIF is written result by result (no document tree), yet byte for byte as the tree
/// `serde_json` would print: keys sorted, pretty-printed. Parsing it into a tree and
/// printing that again gives the same bytes; the streamed CSV is `render_csv`'s.
#[test]
fn streamed_sarif_and_csv_are_the_documents_bytes() {
    let yaml = kojo_synth::factory_yaml(300, 20, 900, 5);
    let m = kojo_model::load_str(std::path::Path::new("synth.yaml"), &yaml).expect("loads");
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    let synth = kojo_assess::assess(&m, catalog(), &opts).expect("assess");
    let all = annex().iter().map(|(n, _, a)| (n.as_str(), a));
    for (name, a) in all.chain([("synth", &synth)]) {
        let text = kojo_report::render_sarif(a, catalog()).expect("sarif");
        let tree: serde_json::Value = serde_json::from_str(&text).expect("json");
        let again = serde_json::to_string_pretty(&tree).expect("pretty");
        assert!(text == again, "{name}: SARIF differs from its tree's form");
        assert_eq!(
            tree["runs"][0]["results"].as_array().map(Vec::len),
            Some(a.findings.len()),
            "{name}"
        );
        let mut streamed = Vec::new();
        kojo_report::write_sarif(a, catalog(), &mut streamed).expect("write");
        assert!(streamed == text.as_bytes(), "{name}: write_sarif");
        let mut csv = Vec::new();
        kojo_report::write_csv(a, "ja", &mut csv).expect("csv");
        assert!(
            csv == kojo_report::render_csv(a, "ja").expect("csv").as_bytes(),
            "{name}: write_csv"
        );
    }
}

/// `write` (as produced, what `kojo assess` uses) gives the bytes of `render` in every
/// format, both languages, with and without the CSV's byte-order mark and plan rows.
#[test]
fn write_streams_the_bytes_render_builds() {
    use kojo_report::{Format, RenderOptions};
    for (name, m, a) in annex() {
        for format in [
            Format::Text,
            Format::Json,
            Format::Sarif,
            Format::Csv,
            Format::Html,
        ] {
            for (lang, bom, csv_plan) in [
                (Lang::En, false, false),
                (Lang::Ja, true, false),
                (Lang::En, false, true),
            ] {
                let opts = RenderOptions {
                    lang,
                    bom,
                    csv_plan,
                    ..Default::default()
                };
                let built = kojo_report::render(format, a, m, catalog(), &opts).expect("render");
                let mut streamed = Vec::new();
                kojo_report::write(format, a, m, catalog(), &opts, &mut streamed).expect("write");
                assert!(
                    built == streamed,
                    "{name}: {format:?} {lang:?} bom={bom} plan={csv_plan}: write differs from render"
                );
            }
        }
    }
}

/// The conduits' table: a row per conduit (least guarded first), zones and boundary devices
/// by name, the derivation in the report's language.
#[test]
fn html_lists_the_conduits_with_their_target_sl() {
    for (name, m, a) in annex() {
        assert!(
            !a.conduits.is_empty(),
            "{name}: the annex models have conduits"
        );
        for lang in [Lang::En, Lang::Ja] {
            let html = kojo_report::render_html(
                a,
                m,
                catalog(),
                &HtmlOptions {
                    lang,
                    ..Default::default()
                },
            )
            .expect("html");
            let doc = Html::parse_document(&html);
            let rows: Vec<_> = doc.select(&sel("table#conduits tbody tr")).collect();
            assert_eq!(rows.len(), a.conduits.len().min(50), "{name} {lang:?}");
            let first: String = rows[0].text().collect();
            assert!(!first.contains("zone:"), "{name}: raw zone id in {first}");
            let most_unguarded = a.conduits.iter().map(|c| c.unguarded_flows.len()).max();
            let top = a
                .conduits
                .iter()
                .find(|c| Some(c.unguarded_flows.len()) == most_unguarded)
                .expect("a conduit");
            let derivation = match lang {
                Lang::Ja => &top.derivation_ja,
                _ => &top.derivation,
            };
            assert!(
                rows.iter()
                    .take(1)
                    .any(|r| r.text().collect::<String>().contains(derivation.as_str()))
                    || a.conduits
                        .iter()
                        .filter(|c| c.unguarded_flows.len() == top.unguarded_flows.len())
                        .count()
                        > 1,
                "{name}: the least guarded conduit is not first"
            );
        }
    }
}
