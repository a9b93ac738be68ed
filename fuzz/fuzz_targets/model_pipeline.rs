//! Structure-aware fuzzing of the whole pipeline: an arbitrary factory (zones, assets,
//! flows, measures built from the model's own vocabularies, not bytes) is
//! written as YAML, loaded, assessed and rendered by every renderer (JSON, SARIF, CSV,
//! XLSX, HTML, SVG, DOT, text), then diffed against a mutated twin. Nothing may panic,
//! and the invariants that need no oracle must hold: the diff of a model with itself is
//! empty, and every renderer sees the assessment's findings.
#![no_main]

use arbitrary::Arbitrary;
use kojo_model::vocab;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

#[derive(Arbitrary, Debug, Clone)]
struct Factory {
    name: Name,
    zones: Vec<Zone>,
    assets: Vec<Asset>,
    flows: Vec<Flow>,
    measures: Vec<Measure>,
    mutation: Mutation,
    /// Which renderers this input goes through (one family per input keeps the target fast
    /// enough to explore the models; over a run every family is reached).
    render: u8,
}

/// A name drawn from a few hostile shapes (markup, quotes, control characters, Japanese).
#[derive(Arbitrary, Debug, Clone)]
struct Name(u8, u16);

impl Name {
    fn text(&self, what: &str) -> String {
        const SHAPES: &[&str] = &[
            "",
            "<script>alert(1)</script>",
            "=HYPERLINK(\"x\")",
            "\\e]0;title\\a",
            "第1製造ライン",
            "a \\\"quoted\\\" name",
            "line\\nbreak",
            "&amp; & ]]>",
        ];
        let shape = SHAPES[self.0 as usize % SHAPES.len()];
        format!("{what} {} {shape}", self.1)
    }
}

#[derive(Arbitrary, Debug, Clone)]
struct Zone {
    kind: u8,
    name: Name,
}

#[derive(Arbitrary, Debug, Clone)]
struct Asset {
    kind: u8,
    zones: Vec<u8>,
    importance: Option<u8>,
    traits: Vec<u8>,
    status: u8,
    name: Name,
}

#[derive(Arbitrary, Debug, Clone)]
struct Flow {
    from: End,
    to: End,
    data: Vec<u8>,
    control: bool,
    automated: bool,
    network: u8,
    protocol: Option<u8>,
    protections: Vec<u8>,
}

#[derive(Arbitrary, Debug, Clone)]
enum End {
    Asset(u8),
    Zone(u8),
}

#[derive(Arbitrary, Debug, Clone)]
struct Measure {
    which: u8,
    status: u8,
    scope: Option<u8>,
}

/// How the twin differs: one list reordered (must change no finding), or one entity gone.
#[derive(Arbitrary, Debug, Clone)]
enum Mutation {
    ReverseAssets,
    ReverseZonesOfAssets,
    ReverseFlows,
    DropAsset(u8),
    DropFlow(u8),
    RenameFactory,
}

fn pick<'a, T>(list: &'a [(&'a str, T)], i: u8) -> &'a str {
    list[i as usize % list.len()].0
}

const PROTOCOLS: &[&str] = &["modbus", "opc-ua", "https", "ssh", "s7comm", "mqtt", "ftp"];

fn measure_ids() -> &'static Vec<String> {
    static IDS: OnceLock<Vec<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        catalog()
            .measures()
            .iter()
            .map(|m| m.id.clone())
            .take(64)
            .collect()
    })
}

fn catalog() -> &'static kojo_catalog::Catalog {
    static C: OnceLock<kojo_catalog::Catalog> = OnceLock::new();
    C.get_or_init(|| kojo_catalog::Catalog::embedded().expect("embedded catalog"))
}

/// The catalog's knowledge, read once per process as the CLI and the web do (not per input).
fn knowledge() -> &'static kojo_assess::Knowledge {
    static K: OnceLock<kojo_assess::Knowledge> = OnceLock::new();
    K.get_or_init(|| kojo_assess::Knowledge::from_catalog(catalog()))
}

/// The YAML of `f`; `reverse` writes the assets and flows in reverse order (same ids).
fn yaml(f: &Factory, reverse: bool) -> String {
    let mut y = String::new();
    let q = |s: String| format!("\"{s}\"");
    let _ = writeln!(
        y,
        "version: 1\nfactory:\n  name: {}",
        q(f.name.text("Works"))
    );
    let nz = f.zones.len().clamp(1, 12);
    let na = f.assets.len().min(40);
    y.push_str("zones:\n");
    for i in 0..nz {
        let z = f.zones.get(i).cloned().unwrap_or(Zone {
            kind: 0,
            name: Name(0, 0),
        });
        let _ = writeln!(
            y,
            "  - id: z{i}\n    name: {}\n    kind: {}",
            q(z.name.text("Zone")),
            pick(vocab::ZONE_KINDS, z.kind)
        );
    }
    if na > 0 {
        y.push_str("assets:\n");
    }
    let mut order: Vec<usize> = (0..na).collect();
    if reverse {
        order.reverse();
    }
    for i in order {
        let a = &f.assets[i];
        let kind = pick(vocab::ASSET_KINDS, a.kind);
        let _ = writeln!(
            y,
            "  - id: a{i}\n    name: {}\n    kind: {kind}\n    status: {}",
            q(a.name.text("Asset")),
            pick(vocab::STATUSES, a.status)
        );
        let mut zs: Vec<usize> = a.zones.iter().map(|&z| z as usize % nz).collect();
        zs.dedup();
        if zs.is_empty() {
            zs.push(0);
        }
        if kind == "data" {
            let list: Vec<String> = zs.iter().map(|z| format!("z{z}")).collect();
            let _ = writeln!(y, "    zones: [{}]", list.join(", "));
        } else {
            let _ = writeln!(y, "    zone: z{}", zs.iter().min().copied().unwrap_or(0));
        }
        if let Some(l) = a.importance {
            let _ = writeln!(y, "    importance: {}", pick(vocab::LEVELS, l));
        }
        let mut traits: Vec<&str> = a
            .traits
            .iter()
            .take(4)
            .map(|&t| pick(vocab::ASSET_TRAITS, t))
            .collect();
        traits.sort_unstable();
        traits.dedup();
        if !traits.is_empty() {
            let _ = writeln!(y, "    traits: [{}]", traits.join(", "));
        }
    }
    let end = |e: &End| match *e {
        End::Asset(i) if na > 0 => format!("a{}", i as usize % na),
        End::Asset(i) | End::Zone(i) => format!("zone:z{}", i as usize % nz),
    };
    let flows: Vec<&Flow> = f.flows.iter().take(60).collect();
    if !flows.is_empty() {
        y.push_str("flows:\n");
    }
    let mut order: Vec<usize> = (0..flows.len()).collect();
    if reverse {
        order.reverse();
    }
    for i in order {
        let fl = flows[i];
        let _ = writeln!(
            y,
            "  - id: f{i}\n    from: {}\n    to: {}\n    control: {}\n    automated: {}\n    network: {}",
            end(&fl.from),
            end(&fl.to),
            fl.control,
            fl.automated,
            pick(vocab::NETWORKS, fl.network)
        );
        if let Some(p) = fl.protocol {
            let _ = writeln!(
                y,
                "    protocol: {}",
                PROTOCOLS[p as usize % PROTOCOLS.len()]
            );
        }
        let data: Vec<String> = fl
            .data
            .iter()
            .take(3)
            .filter(|_| na > 0)
            .map(|&d| d as usize % na)
            .filter(|&d| pick(vocab::ASSET_KINDS, f.assets[d].kind) == "data")
            .map(|d| format!("a{d}"))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !data.is_empty() {
            let _ = writeln!(y, "    data: [{}]", data.join(", "));
        }
        let mut prot: Vec<&str> = fl
            .protections
            .iter()
            .take(4)
            .map(|&p| pick(vocab::PROTECTIONS, p))
            .collect();
        prot.sort_unstable();
        prot.dedup();
        if !prot.is_empty() {
            let _ = writeln!(y, "    protections: [{}]", prot.join(", "));
        }
    }
    let ids = measure_ids();
    if !f.measures.is_empty() && !ids.is_empty() {
        y.push_str("measures:\n");
        for m in f.measures.iter().take(20) {
            let _ = writeln!(
                y,
                "  - measure: {}\n    status: {}",
                ids[m.which as usize % ids.len()],
                pick(vocab::MEASURE_STATUSES, m.status)
            );
            if let Some(s) = m.scope {
                let _ = writeln!(y, "    scope: [zone:z{}]", s as usize % nz);
            }
        }
    }
    y
}

fn twin(f: &Factory) -> Factory {
    let mut t = f.clone();
    match f.mutation {
        Mutation::ReverseAssets | Mutation::ReverseFlows => {}
        Mutation::ReverseZonesOfAssets => t.assets.iter_mut().for_each(|a| a.zones.reverse()),
        Mutation::DropAsset(i) if !t.assets.is_empty() => {
            let n = t.assets.len();
            t.assets.remove(i as usize % n);
        }
        Mutation::DropFlow(i) if !t.flows.is_empty() => {
            let n = t.flows.len();
            t.flows.remove(i as usize % n);
        }
        _ => t.name.1 = t.name.1.wrapping_add(1),
    }
    t
}

/// One renderer family per input, picked by cost so that each gets about the same CPU time:
/// an XLSX or a SARIF file costs about ten times an HTML report (the profile of this target),
/// so those two get one input in twenty each and the cheap families share the rest. Over a
/// run every family is reached.
fn render_all(m: &kojo_model::Model, a: &kojo_findings::Assessment, which: u8) {
    let cat = catalog();
    match which % 20 {
        0 => {
            let sarif = kojo_report::render_sarif(a, cat).expect("SARIF");
            assert!(sarif.contains("\"version\""));
        }
        1 => {
            kojo_report::render_xlsx(a, m, cat, "en").expect("XLSX");
        }
        2..=6 => {
            kojo_report::render_html(a, m, cat, &kojo_report::HtmlOptions::default())
                .expect("HTML");
        }
        7..=11 => {
            let opts = kojo_report::DiagramOptions {
                view: kojo_report::DiagramView::Auto,
                lang: kojo_report::Lang::Ja,
            };
            let svg = kojo_report::render_svg(m, Some(a), &opts);
            assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
            let _ = kojo_report::render_dot(m, Some(a), &opts);
        }
        12..=15 => {
            // The machine-read outputs: the JSON must read back as the same findings (checked
            // here, with the CSV, rather than on every input).
            let json = serde_json::to_string(a).expect("assessment serializes");
            let back: kojo_findings::Assessment =
                serde_json::from_str(&json).expect("JSON reads back");
            assert_eq!(back.findings.len(), a.findings.len());
            let csv = kojo_report::render_csv(a, "ja").expect("CSV");
            assert!(csv.lines().count() > a.findings.len() || a.findings.is_empty());
        }
        _ => {
            let _ = kojo_report::assessment_text::render(
                a,
                kojo_report::assessment_text::TextOptions {
                    lang: "ja",
                    color: true,
                    model: Some(m),
                },
            );
            let _ = kojo_report::plan::render_plan_text(a, Some(m), Default::default());
        }
    }
}

fn load_and_assess(text: &str) -> Option<(kojo_model::Model, kojo_findings::Assessment)> {
    let model = match kojo_model::load_str(Path::new("fuzz.yaml"), text) {
        Ok(m) => m,
        Err(diags) => {
            // The generator writes only valid vocabularies; a refusal still must render.
            let _ = kojo_model::render::render_human(&diags, &|_| Some(text.to_string()), false);
            return None;
        }
    };
    let opts = kojo_assess::AssessOptions {
        today: Some(kojo_model::Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    let a = kojo_assess::assess_with_knowledge(&model, knowledge(), &opts)
        .expect("assessment of a valid model");
    Some((model, a))
}

fuzz_target!(|f: Factory| {
    let text = yaml(&f, false);
    let Some((m, a)) = load_and_assess(&text) else {
        return;
    };
    render_all(&m, &a, f.render);
    let side = |label, model, assessment| kojo_diff::Side {
        label,
        model,
        assessment: Some(assessment),
    };
    let same = kojo_diff::diff(&side("a", &m, &a), &side("a", &m, &a));
    assert!(same.is_empty(), "a model differs from itself");
    let t = twin(&f);
    let reverse = matches!(f.mutation, Mutation::ReverseAssets | Mutation::ReverseFlows);
    if let Some((m2, a2)) = load_and_assess(&yaml(&t, reverse)) {
        let d = kojo_diff::diff(&side("old", &m, &a), &side("new", &m2, &a2));
        for lang in [kojo_report::Lang::En, kojo_report::Lang::Ja] {
            let _ = kojo_report::diff::render_text(&d, lang);
            let _ = kojo_report::diff::render_html_section(&d, lang);
        }
        if reverse || matches!(f.mutation, Mutation::ReverseZonesOfAssets) {
            // Reordering changes no finding: ids, kinds, severities, subjects (as a set) and
            // words in both languages.
            let key = |a: &kojo_findings::Assessment| {
                let mut v: Vec<String> = a
                    .findings
                    .iter()
                    .map(|f| {
                        let mut subjects = f.subjects.clone();
                        subjects.sort();
                        let ja = f.text("ja");
                        format!(
                            "{} {} {:?} {subjects:?} {} | {} | {} | {} | {}",
                            f.id,
                            f.kind,
                            f.severity,
                            f.title,
                            f.detail,
                            f.recommendation,
                            ja.title,
                            ja.detail
                        )
                    })
                    .collect();
                v.sort();
                v
            };
            assert_eq!(key(&a), key(&a2), "a reordering changed the findings");
        }
    }
});
