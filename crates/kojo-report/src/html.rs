//! The HTML report: one self-contained file (inline CSS and SVG, no script, no external
//! asset) that a browser shows and prints cleanly to PDF. It follows the guideline's steps:
//! a summary with the risk heat map, the zone diagram, one section per step (1-1 … 3) with
//! its findings, a page per zone, the supplier checklists by party and phase, the OODA role
//! tables in the shape of Tables 3-7 / 3-8 and the maturity levels of Table 3-9.

use crate::ReportError;
use crate::diagram::{self, DiagramOptions, DiagramView, SubjectSeverity};
use crate::text::{self, Lang, STEPS, esc, esc_into, severity_colour, severity_word, step_slot};
use kojo_catalog::{Catalog, MaturityLevelName, MaturityScope, OodaStage, OodaStep, Phase};
use kojo_findings::{Assessment, Finding, Severity};
use kojo_model::{Answer, Endpoint, MaturityLevel, Model, ModelIndex, Responsible, ScopeRef};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// Options of the HTML report.
#[derive(Debug, Clone)]
pub struct HtmlOptions {
    /// Language of the report's words and of the findings' texts (`Finding::text`).
    pub lang: Lang,
    /// Which diagram to embed (asset view when readable by default).
    pub view: DiagramView,
    /// Findings shown in full (as cards) per step, most severe first.
    pub max_cards_per_step: usize,
    /// Further findings listed as one table row each per step; the rest are counted and
    /// left to the risk register and the JSON (a report of half a million findings is
    /// not something anyone prints).
    pub max_rows_per_step: usize,
    /// Threats, other findings and flows listed per zone page.
    pub max_rows_per_zone: usize,
    /// The day the to-be model is assessed at (the as-is assessment's `--today`, so that
    /// decisions expire alike in both); `None` = today (UTC).
    pub today: Option<kojo_model::Date>,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            lang: Lang::En,
            view: DiagramView::Auto,
            max_cards_per_step: 200,
            max_rows_per_step: 1000,
            max_rows_per_zone: 25,
            today: None,
        }
    }
}

const CSS: &str = r#"
:root{--ink:#1f2a30;--mute:#5f6f78;--line:#d5dde2;--bg:#f6f8f9;--accent:#0d47a1}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 "Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Segoe UI","DejaVu Sans",Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
header.cover{border-bottom:4px solid var(--accent);padding-bottom:14px;margin-bottom:18px}
header.cover h1{margin:0;font-size:28px}
header.cover .sub{color:var(--mute);font-size:13px}
h2{font-size:21px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
h2 .ref,h3 .ref{font-weight:400;color:var(--mute);font-size:13px;margin-left:8px}
nav.toc{columns:2;font-size:13px;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px 16px}
nav.toc a{color:var(--accent);text-decoration:none}
nav.toc ol{margin:0;padding-left:18px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px;margin:10px 0 16px}
.kpi{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fff}
.kpi b{display:block;font-size:26px;line-height:1.1}
.kpi span{color:var(--mute);font-size:12px}
.kpi.sev{border-left:6px solid var(--c)}
.sevbadge{display:inline-block;min-width:62px;text-align:center;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;font-weight:700;background:var(--c)}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:13px}
th,td{border:1px solid var(--line);padding:5px 7px;vertical-align:top;text-align:left}
th{background:var(--bg);font-weight:600}
td.num,th.num{text-align:right}
.two{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.heat td{text-align:center;font-weight:700;width:22%;height:46px}
.heat th{text-align:center}
.finding{border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;padding:8px 12px;margin:8px 0;break-inside:avoid}
.finding h4{margin:0 0 4px;font-size:14px}
.finding .meta{color:var(--mute);font-size:12px}
.finding p{margin:4px 0}
.finding .rec{background:#f1f8e9;border-radius:4px;padding:4px 8px}
.finding.suppressed{opacity:.7}
.decision{font-size:12px;background:#fff3e0;border-radius:4px;padding:2px 8px;display:inline-block}
code,.id{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px}
.more{background:#fff8e1;border-radius:4px;padding:4px 8px}
.diagram{border:1px solid var(--line);border-radius:6px;overflow:auto;background:#fff}
.diagram svg{display:block;max-width:100%;height:auto}
.zonepage{break-before:page}
.muted{color:var(--mute)}
.ok{color:#2e7d32;font-weight:600}
.gap{color:#c62828;font-weight:600}
.cell-now{background:#e3f2fd;outline:2px solid var(--accent)}
.cell-next{background:#fffde7;outline:2px dashed #f9a825}
ul.tight{margin:4px 0;padding-left:20px}
footer{margin-top:40px;color:var(--mute);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{font-size:11px}
 main{max-width:none;padding:0}
 nav.toc,section.plan-summary{break-after:page}
 h2{break-after:avoid}
 h2.step,section.bigsection{break-before:page}
 table{font-size:10.5px}
 tr,.kpi{break-inside:avoid}
 thead{display:table-header-group}
 a{color:inherit;text-decoration:none}
 .diagram{border:none;overflow:visible}
}
"#;

fn sev_style(s: Severity) -> String {
    format!("--c:{}", severity_colour(s))
}

pub(crate) fn badge(out: &mut String, s: Severity, lang: Lang) {
    let _ = write!(
        out,
        r#"<span class="sevbadge" style="{}">{}</span>"#,
        sev_style(s),
        esc(severity_word(s, lang))
    );
}

/// Facts a finding may carry as a number 1-3 or a level word.
fn fact_level(f: &Finding, key: &str) -> Option<u8> {
    match f.facts.get(key)? {
        serde_json::Value::Number(n) => n
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .filter(|n| (1..=3).contains(n)),
        serde_json::Value::String(s) => match s.as_str() {
            "low" | "1" => Some(1),
            "medium" | "2" => Some(2),
            "high" | "3" => Some(3),
            _ => None,
        },
        _ => None,
    }
}

/// Where a finding sits in the heat map: (importance 1-3, likelihood 1-3), from its facts
/// (`importance`, `threat_level`); threats without both facts are not placed.
pub fn heat_cell(f: &Finding) -> Option<(u8, u8)> {
    Some((fact_level(f, "importance")?, fact_level(f, "threat_level")?))
}

struct Ctx<'a> {
    a: &'a Assessment,
    m: &'a Model,
    c: &'a Catalog,
    lang: Lang,
    idx: ModelIndex,
    /// Finding indices by subject string.
    by_subject: HashMap<&'a str, Vec<usize>>,
    /// Catalog titles in the report's language, by id (the catalog's own lookup scans).
    titles: HashMap<String, &'a str>,
    opts: &'a HtmlOptions,
    /// Subjects' names, the proposed zones' among them.
    names: crate::plan::Names<'a>,
}

impl<'a> Ctx<'a> {
    fn l(&self, en: &'static str, ja: &'static str) -> &'static str {
        self.lang.pick(en, ja)
    }
    fn dept_or_party(&self, id: &str) -> String {
        if let Some(d) = self.m.department(id) {
            return d.name.clone();
        }
        if let Some(p) = self.m.party(id) {
            return p.name.clone();
        }
        id.to_string()
    }
    /// A subject by its name with its id, or the id where nothing names it.
    fn subject_label(&self, s: &str) -> String {
        let n = self.names.subject(s);
        let id = s.split_once(':').map_or(s, |(_, id)| id);
        if n != s && n != id {
            format!("{n} ({s})")
        } else {
            s.to_string()
        }
    }
    fn findings_of(&self, subjects: &[String]) -> Vec<usize> {
        let mut seen = HashSet::new();
        let mut v = Vec::new();
        for s in subjects {
            for &i in self
                .by_subject
                .get(s.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                if seen.insert(i) {
                    v.push(i);
                }
            }
        }
        v.sort_unstable();
        v
    }
}

/// The HTML report for an assessment of `model`. The findings are those of `a`, in its
/// order; model facts (names, zones, assets, flows, answers) come from `model`.
pub fn render_html(
    a: &Assessment,
    model: &Model,
    catalog: &Catalog,
    opts: &HtmlOptions,
) -> Result<String, ReportError> {
    let mut by_subject: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in a.findings.iter().enumerate() {
        for s in &f.subjects {
            by_subject.entry(s.as_str()).or_default().push(i);
        }
    }
    let titles = catalog
        .items()
        .into_iter()
        .map(|i| (i.id(), i.title().get(opts.lang.code())))
        .collect();
    let cx = Ctx {
        a,
        m: model,
        c: catalog,
        lang: opts.lang,
        idx: ModelIndex::new(model),
        by_subject,
        titles,
        opts,
        names: crate::plan::Names::new(Some(model), a, opts.lang),
    };
    let mut o = String::with_capacity(
        64 * 1024 + a.findings.len().min(20_000) * 1500 + model.assets.len() * 300,
    );
    let title = format!(
        "{} — {}",
        model.factory.name,
        cx.l("Security planning report", "セキュリティ対策計画レポート")
    );
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"kojo {}\"><title>{}</title><style>{}</style></head><body><main>",
        opts.lang.code(),
        esc(&a.kojo_version),
        esc(&title),
        CSS
    );
    cover(&mut o, &cx);
    // The plan first: one page a plant manager reads before the findings.
    o.push_str(&crate::plan::html_summary(a, model, opts.lang));
    toc(&mut o, &cx);
    summary(&mut o, &cx);
    diagram_section(&mut o, &cx, opts);
    o.push_str(&crate::tobe::section(
        a,
        model,
        catalog,
        opts.lang,
        opts.today.unwrap_or_else(kojo_model::Date::today_utc),
    ));
    steps(&mut o, &cx);
    zones(&mut o, &cx);
    supply_chain(&mut o, &cx);
    ooda(&mut o, &cx);
    maturity(&mut o, &cx);
    let _ = writeln!(
        o,
        "<footer>{} kojo {} · {} <code>{}</code> · SHA-256 <code>{}</code> · {}</footer></main></body></html>",
        cx.l("Generated by", "生成:"),
        esc(&a.kojo_version),
        cx.l("model", "モデル"),
        esc(&a.model.path),
        esc(&a.model.sha256),
        cx.l(
            "METI Cyber/Physical Security Guidelines for Factory Systems (smartification appendix), IEC 62443, SEMI E187",
            "経済産業省「工場システムにおけるサイバー・フィジカル・セキュリティ対策ガイドライン」別冊（スマート化）、IEC 62443、SEMI E187"
        )
    );
    Ok(o)
}

fn cover(o: &mut String, cx: &Ctx) {
    let _ = write!(
        o,
        "<header class=\"cover\"><h1>{}</h1><div class=\"sub\">{} · <code>{}</code></div></header>",
        esc(&cx.m.factory.name),
        esc(cx.l("Security planning report after METI's Cyber/Physical Security Guidelines for Factory Systems (smartification appendix)", "工場システムにおけるサイバー・フィジカル・セキュリティ対策ガイドライン（スマート化別冊）に基づくセキュリティ対策計画")),
        esc(&cx.a.model.path)
    );
}

fn toc(o: &mut String, cx: &Ctx) {
    let _ = write!(
        o,
        "<nav class=\"toc\"><b>{}</b><ol>",
        cx.l("Contents", "目次")
    );
    if !cx.a.plan.is_empty() {
        let _ = write!(
            o,
            "<li><a href=\"#plan\">{}</a></li>",
            esc(&kojo_lang::text(cx.lang, "plan-summary-title"))
        );
    }
    let _ = write!(
        o,
        "<li><a href=\"#summary\">{}</a></li>",
        cx.l("Summary and risk heat map", "概要とリスクヒートマップ")
    );
    let _ = write!(
        o,
        "<li><a href=\"#diagram\">{}</a></li>",
        cx.l("Zone diagram", "ゾーン図")
    );
    let _ = write!(
        o,
        "<li><a href=\"#to-be\">{}</a></li>",
        cx.l("As-is and to-be zoning", "現状と見直し後のゾーニング")
    );
    for (step, sec, en, ja) in STEPS {
        let _ = write!(
            o,
            "<li><a href=\"#step-{step}\">{} {step}: {}</a> <span class=\"muted\">({sec})</span></li>",
            cx.l("Step", "ステップ"),
            esc(cx.lang.pick(en, ja))
        );
    }
    let _ = write!(
        o,
        "<li><a href=\"#zones\">{}</a></li>",
        cx.l("Zones", "ゾーン")
    );
    let _ = write!(
        o,
        "<li><a href=\"#supply-chain\">{}</a></li>",
        cx.l("Supplier checklists", "サプライヤーチェックリスト")
    );
    let _ = write!(
        o,
        "<li><a href=\"#ooda\">{}</a></li>",
        cx.l(
            "OODA roles (Tables 3-7, 3-8)",
            "OODA の役割分担（表3-7、3-8）"
        )
    );
    let _ = write!(
        o,
        "<li><a href=\"#maturity\">{}</a></li>",
        cx.l("Maturity (Table 3-9)", "成熟度（表3-9）")
    );
    o.push_str("</ol></nav>");
}

fn summary(o: &mut String, cx: &Ctx) {
    let a = cx.a;
    let _ = write!(
        o,
        "<section id=\"summary\"><h2>{}</h2>",
        cx.l("Summary", "概要")
    );
    let _ = write!(o, "<div class=\"kpis\">");
    let kpi = |o: &mut String, n: usize, label: &str| {
        let _ = write!(
            o,
            "<div class=\"kpi\"><b>{n}</b><span>{}</span></div>",
            esc(label)
        );
    };
    kpi(o, a.summary.findings, cx.l("findings", "指摘"));
    kpi(
        o,
        a.summary.counted,
        cx.l(
            "open (not settled by a decision)",
            "未決（判断で処理されていない）",
        ),
    );
    kpi(o, cx.m.zones.len(), cx.l("zones", "ゾーン"));
    kpi(o, cx.m.assets.len(), cx.l("protected objects", "保護対象"));
    kpi(o, cx.m.flows.len(), cx.l("flows", "フロー"));
    kpi(o, cx.m.parties.len(), cx.l("external parties", "外部組織"));
    o.push_str("</div><div class=\"kpis\">");
    for s in Severity::ALL_DESC {
        let n = a.summary.by_severity.get(&s).copied().unwrap_or(0);
        let _ = write!(
            o,
            "<div class=\"kpi sev\" style=\"{}\" data-severity=\"{}\"><b>{n}</b><span>{}</span></div>",
            sev_style(s),
            s.as_str(),
            esc(severity_word(s, cx.lang))
        );
    }
    o.push_str("</div><div class=\"two\"><div>");

    // Heat map: importance (rows, high first) × likelihood (threat level, columns).
    let mut cells: BTreeMap<(u8, u8), (usize, Severity)> = BTreeMap::new();
    let mut placed = 0;
    let mut threats = 0;
    for f in &a.findings {
        if f.kind == kojo_findings::FindingKind::Threat {
            threats += 1;
        }
        if let Some(k) = heat_cell(f) {
            placed += 1;
            let e = cells.entry(k).or_insert((0, f.severity));
            e.0 += 1;
            e.1 = e.1.max(f.severity);
        }
    }
    let _ = write!(
        o,
        "<h3>{}</h3><table class=\"heat\" id=\"heatmap\"><thead><tr><th>{}</th><th>{} 1</th><th>{} 2</th><th>{} 3</th></tr></thead><tbody>",
        cx.l("Risk heat map", "リスクヒートマップ"),
        cx.l(
            "importance ＼ likelihood (threat level)",
            "重要度 ＼ 発生可能性（脅威レベル）"
        ),
        cx.l("low", "低"),
        cx.l("medium", "中"),
        cx.l("high", "高")
    );
    for imp in [3u8, 2, 1] {
        let word = match imp {
            3 => cx.l("high", "高"),
            2 => cx.l("medium", "中"),
            _ => cx.l("low", "低"),
        };
        let _ = write!(o, "<tr><th>{}</th>", esc(word));
        for lik in 1u8..=3 {
            match cells.get(&(imp, lik)) {
                Some((n, s)) => {
                    let _ = write!(
                        o,
                        "<td data-importance=\"{imp}\" data-likelihood=\"{lik}\" style=\"background:{};color:#fff\" title=\"{}\">{n}</td>",
                        severity_colour(*s),
                        esc(severity_word(*s, cx.lang))
                    );
                }
                None => {
                    let _ = write!(
                        o,
                        "<td data-importance=\"{imp}\" data-likelihood=\"{lik}\" class=\"muted\">0</td>"
                    );
                }
            }
        }
        o.push_str("</tr>");
    }
    let _ = write!(
        o,
        "</tbody></table><p class=\"muted\">{} {placed} / {threats}. {}</p>",
        cx.l("Threat findings placed by the importance of what they reach and the catalog's threat level:", "影響先の重要度とカタログの脅威レベルで配置した脅威指摘:"),
        cx.l("Cell colour: the most severe finding in the cell.", "セルの色：セル内で重大度が最も高い指摘。")
    );
    o.push_str("</div><div>");

    // Most severe open findings.
    let _ = write!(
        o,
        "<h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        cx.l("Most severe open findings", "重大度の高い未決の指摘"),
        cx.l("severity", "重大度"),
        cx.l("finding", "指摘"),
        cx.l("step", "ステップ")
    );
    for f in a
        .findings
        .iter()
        .filter(|f| f.counts_at(Severity::Info))
        .take(8)
    {
        o.push_str("<tr><td>");
        badge(o, f.severity, cx.lang);
        let _ = write!(
            o,
            "</td><td><a href=\"#{id}\">{}</a> <span class=\"id\">{id}</span></td><td>{}</td></tr>",
            esc(&f.text(cx.lang.code()).title),
            esc(&f.step),
            id = esc(&f.id)
        );
    }
    o.push_str("</tbody></table></div></div>");

    // Zone overview.
    let _ = write!(
        o,
        "<h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
        cx.l("Zones at a glance", "ゾーン一覧"),
        cx.l("zone", "ゾーン"),
        cx.l("kind", "種別"),
        cx.l("importance", "重要度"),
        cx.l("target SL", "目標SL"),
        cx.l("protected objects", "保護対象"),
        cx.l("most severe finding", "重大度が最も高い指摘")
    );
    let sev = SubjectSeverity::of(cx.a);
    let za: HashMap<&str, &kojo_findings::ZoneAssessment> =
        cx.a.zones.iter().map(|z| (z.id.as_str(), z)).collect();
    for (zi, z) in cx.m.zones.iter().enumerate() {
        let zas = za.get(z.id.as_str());
        let _ = write!(
            o,
            "<tr><td><a href=\"#zone-{id}\">{}</a> <span class=\"id\">{id}</span></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>",
            esc(&z.name),
            text::zone_kind_word(z.kind),
            esc(zas.and_then(|z| z.importance.as_deref()).unwrap_or("—")),
            zas.and_then(|z| z.target_sl)
                .map(|s| s.to_string())
                .unwrap_or_else(|| "—".into()),
            cx.idx.zone_assets.get(zi).map(Vec::len).unwrap_or(0),
            id = esc(&z.id)
        );
        if let Some((s, n)) = sev.get(&format!("zone:{}", z.id)) {
            badge(o, s, cx.lang);
            let _ = write!(o, " ×{n}");
        } else {
            o.push('—');
        }
        o.push_str("</td></tr>");
    }
    o.push_str("</tbody></table>");
    conduit_table(o, cx);
    o.push_str("</section>");
}

/// The conduits (IEC 62443-3-2) with their target SL and boundary devices, the least
/// guarded first (flows past no enforcing boundary device), at most a page of them.
fn conduit_table(o: &mut String, cx: &Ctx) {
    const MAX_CONDUITS: usize = 50;
    if cx.a.conduits.is_empty() {
        return;
    }
    let w = |id: &'static str| esc(&kojo_lang::Message::new(id).render(cx.lang));
    let _ = write!(
        o,
        "<h3>{}</h3><table id=\"conduits\"><thead><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        w("conduit-heading"),
        w("conduit-col-zones"),
        w("conduit-col-sl"),
        w("conduit-col-devices"),
        w("conduit-col-derivation")
    );
    let mut rows: Vec<&kojo_findings::ConduitAssessment> = cx.a.conduits.iter().collect();
    rows.sort_by_key(|c| std::cmp::Reverse((c.unguarded_flows.len(), c.target_sl)));
    let zone = |s: &str| {
        let id = s.strip_prefix("zone:").unwrap_or(s);
        cx.m.zone(id)
            .map(|z| z.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let asset = |id: &str| {
        cx.m.asset(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let sep = cx.lang.pick(", ", "、");
    for c in rows.iter().take(MAX_CONDUITS) {
        let zones: Vec<String> = c.zones.iter().map(|z| zone(z)).collect();
        let devices: Vec<String> = c.boundary_devices.iter().map(|d| asset(d)).collect();
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&zones.join(" ↔ ")),
            c.target_sl
                .map(|s| s.to_string())
                .unwrap_or_else(|| "—".into()),
            if devices.is_empty() {
                "—".to_string()
            } else {
                esc(&devices.join(sep))
            },
            esc(match cx.lang {
                Lang::Ja => &c.derivation_ja,
                _ => &c.derivation,
            })
        );
    }
    o.push_str("</tbody></table>");
    if rows.len() > MAX_CONDUITS {
        let _ = write!(
            o,
            "<p class=\"muted\">{}</p>",
            esc(&kojo_lang::Message::new("conduit-more")
                .arg("count", rows.len() - MAX_CONDUITS)
                .render(cx.lang))
        );
    }
}

fn diagram_section(o: &mut String, cx: &Ctx, opts: &HtmlOptions) {
    let _ = write!(
        o,
        "<section id=\"diagram\" class=\"bigsection\"><h2>{}<span class=\"ref\">3.1.6</span></h2>",
        cx.l("Zone diagram", "ゾーン図")
    );
    let dopts = DiagramOptions {
        view: opts.view,
        lang: cx.lang,
    };
    let svg = diagram::render_svg(cx.m, Some(cx.a), &dopts);
    let _ = write!(o, "<div class=\"diagram\">{svg}</div>");
    let _ = write!(o, "<p class=\"muted\">{}</p></section>", cx.l(
        "Lanes by level as the field draws them (external, information/OA, DMZ, control, production). Solid arrows carry control instructions, dashed ones data. Zones, protected objects and flows are coloured by their most severe open finding; dashed borders mark external zones and what external parties run.",
        "現場の描き方に合わせたレベル別のレーン（外部、情報・OA、DMZ、制御、生産）。実線の矢印は制御指示、破線はデータ。ゾーン・保護対象・フローは未決の指摘のうち重大度が最も高いものの色で示す。破線枠は外部ゾーンと外部組織が運用するもの。"));
}

fn finding_card(o: &mut String, cx: &Ctx, f: &Finding) {
    let t = f.text(cx.lang.code());
    let suppressed = f.decision.as_ref().is_some_and(|d| d.suppresses());
    let _ = write!(
        o,
        "<article class=\"finding{}\" id=\"{id}\" data-kind=\"{}\" data-severity=\"{}\" style=\"{}\"><h4>",
        if suppressed { " suppressed" } else { "" },
        esc(f.kind.as_str()),
        f.severity.as_str(),
        sev_style(f.severity),
        id = esc(&f.id)
    );
    badge(o, f.severity, cx.lang);
    o.push(' ');
    esc_into(o, &t.title);
    let _ = write!(
        o,
        "</h4><div class=\"meta\"><span class=\"id\">{}</span> · {} · {} {} · {} {}",
        esc(&f.id),
        esc(f.kind.as_str()),
        cx.l("step", "ステップ"),
        esc(&f.step),
        cx.l("reference", "参照"),
        esc(&f.reference)
    );
    if let Some(l) = &f.location {
        let _ = write!(o, " · <code>{}:{}</code>", esc(&l.path), l.line);
    }
    o.push_str("</div>");
    if !f.subjects.is_empty() {
        let _ = write!(o, "<div class=\"meta\">{}: ", cx.l("subjects", "対象"));
        for (k, s) in f.subjects.iter().enumerate() {
            if k > 0 {
                o.push_str(", ");
            }
            esc_into(o, &cx.subject_label(s));
        }
        o.push_str("</div>");
    }
    if !t.detail.is_empty() {
        let _ = write!(o, "<p>{}</p>", esc(&t.detail));
    }
    if !t.recommendation.is_empty() {
        let _ = write!(
            o,
            "<p class=\"rec\"><b>{}</b> {}</p>",
            cx.l("Recommendation:", "推奨:"),
            esc(&t.recommendation)
        );
    }
    if !f.catalog.is_empty() {
        let _ = write!(o, "<div class=\"meta\">{}: ", cx.l("catalog", "カタログ"));
        for (k, id) in f.catalog.iter().enumerate() {
            if k > 0 {
                o.push_str("; ");
            }
            let title = cx.titles.get(id.as_str()).copied().or_else(|| {
                // Measure ids may leave out `msr-`.
                cx.c.measure(id).map(|m| m.title.get(cx.lang.code()))
            });
            match title {
                Some(t) => {
                    let _ = write!(o, "{} <span class=\"id\">({})</span>", esc(t), esc(id));
                }
                None => esc_into(o, id),
            }
        }
        o.push_str("</div>");
    }
    if let Some(d) = &f.decision {
        let _ = write!(
            o,
            "<p class=\"decision\"><b>{}</b> {}",
            cx.l("Decision:", "判断:"),
            esc(d.status.as_str())
        );
        if d.expired {
            let _ = write!(
                o,
                " <span class=\"gap\">({})</span>",
                cx.l("review date passed", "見直し期限切れ")
            );
        }
        if let Some(r) = &d.reason {
            let _ = write!(o, " — {}", esc(r));
        }
        if let Some(b) = &d.by {
            let _ = write!(o, " ({})", esc(&cx.dept_or_party(b)));
        }
        if let Some(rb) = &d.review_by {
            let _ = write!(o, " · {} {}", cx.l("review by", "見直し期限"), esc(rb));
        }
        o.push_str("</p>");
    }
    o.push_str("</article>");
}

fn steps(o: &mut String, cx: &Ctx) {
    let mut slots: Vec<Vec<usize>> = vec![Vec::new(); STEPS.len()];
    for (i, f) in cx.a.findings.iter().enumerate() {
        slots[step_slot(&f.step)].push(i);
    }
    for ((step, sec, en, ja), list) in STEPS.iter().zip(slots) {
        let _ = write!(
            o,
            "<section id=\"step-{step}\" class=\"step\"><h2 class=\"step\">{} {step}: {}<span class=\"ref\">{}</span></h2>",
            cx.l("Step", "ステップ"),
            esc(cx.lang.pick(en, ja)),
            sec
        );
        if list.is_empty() {
            let _ = write!(
                o,
                "<p class=\"ok\">{}</p>",
                cx.l(
                    "No findings at this step.",
                    "このステップの指摘はありません。"
                )
            );
        } else {
            let mut by_sev: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
            for &i in &list {
                *by_sev
                    .entry(std::cmp::Reverse(cx.a.findings[i].severity))
                    .or_default() += 1;
            }
            let _ = write!(
                o,
                "<p class=\"muted\">{} {}: ",
                list.len(),
                cx.l("findings", "件の指摘")
            );
            let parts: Vec<String> = by_sev
                .iter()
                .map(|(s, n)| format!("{} {n}", severity_word(s.0, cx.lang)))
                .collect();
            esc_into(o, &parts.join(" · "));
            o.push_str("</p>");
            let cards = list.len().min(cx.opts.max_cards_per_step);
            for &i in &list[..cards] {
                finding_card(o, cx, &cx.a.findings[i]);
            }
            let rows = (list.len() - cards).min(cx.opts.max_rows_per_step);
            if rows > 0 {
                let _ = write!(
                    o,
                    "<table class=\"compact\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                    cx.l("severity", "重大度"),
                    cx.l("id", "ID"),
                    cx.l("finding", "指摘"),
                    cx.l("subjects", "対象")
                );
                for &i in &list[cards..cards + rows] {
                    let f = &cx.a.findings[i];
                    let _ = write!(o, "<tr class=\"finding-row\" id=\"{}\"><td>", esc(&f.id));
                    badge(o, f.severity, cx.lang);
                    let _ = write!(
                        o,
                        "</td><td class=\"id\">{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&f.id),
                        esc(&f.text(cx.lang.code()).title),
                        esc(&f.subjects.join(", "))
                    );
                }
                o.push_str("</tbody></table>");
            }
            let rest = &list[cards + rows..];
            if !rest.is_empty() {
                more_note(o, cx, rest);
            }
        }
        o.push_str("</section>");
    }
}

/// "N more findings (by severity) are in the risk register and the JSON."
fn more_note(o: &mut String, cx: &Ctx, rest: &[usize]) {
    let mut by_sev: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
    for &i in rest {
        *by_sev
            .entry(std::cmp::Reverse(cx.a.findings[i].severity))
            .or_default() += 1;
    }
    let parts: Vec<String> = by_sev
        .iter()
        .map(|(s, n)| format!("{} {n}", severity_word(s.0, cx.lang)))
        .collect();
    let _ = write!(
        o,
        "<p class=\"more\" data-more=\"{}\"><b>{} {}</b> ({}) {}</p>",
        rest.len(),
        rest.len(),
        cx.l("more findings", "件の指摘（省略）"),
        esc(&parts.join(" · ")),
        cx.l(
            "are listed in the risk register (kojo assess --format csv|xlsx) and the JSON.",
            "はリスク登録簿（kojo assess --format csv|xlsx）と JSON に記載。"
        )
    );
}

fn zones(o: &mut String, cx: &Ctx) {
    let _ = write!(
        o,
        "<section id=\"zones\" class=\"bigsection\"><h2>{}<span class=\"ref\">3.1.6, 3.1.7</span></h2>",
        cx.l("Zones", "ゾーン")
    );
    let za: HashMap<&str, &kojo_findings::ZoneAssessment> =
        cx.a.zones.iter().map(|z| (z.id.as_str(), z)).collect();
    // The assessment's requirement lines and derivations are English (its JSON contract);
    // a Japanese report writes them again in Japanese from the model and the catalog.
    let words = crate::text::zone_words(cx.m, cx.c, cx.lang);
    let words: HashMap<&str, &kojo_assess::ZoneWords> =
        words.iter().map(|w| (w.id.as_str(), w)).collect();
    // Measures by scope for the zone pages.
    let mut measures_by_scope: HashMap<String, Vec<usize>> = HashMap::new();
    for (mi, mr) in cx.m.measures.iter().enumerate() {
        if mr.scope.is_empty() {
            measures_by_scope
                .entry("factory".into())
                .or_default()
                .push(mi);
        }
        for s in &mr.scope {
            measures_by_scope.entry(s.to_string()).or_default().push(mi);
        }
    }
    for (zi, z) in cx.m.zones.iter().enumerate() {
        let zas = za.get(z.id.as_str());
        let zw = words.get(z.id.as_str());
        let members: Vec<usize> = cx.idx.zone_assets.get(zi).cloned().unwrap_or_default();
        let _ = write!(
            o,
            "<section class=\"zonepage\" id=\"zone-{id}\"><h3>{} <span class=\"id\">{id}</span></h3>",
            esc(&z.name),
            id = esc(&z.id)
        );
        // Facts.
        let _ = write!(
            o,
            "<table><tbody><tr><th>{}</th><td>{}</td><th>{}</th><td>{}</td><th>{}</th><td>{}</td></tr>",
            cx.l("kind", "種別"),
            text::zone_kind_word(z.kind),
            cx.l("importance", "重要度"),
            esc(zas.and_then(|z| z.importance.as_deref()).unwrap_or("—")),
            cx.l("target SL", "目標SL"),
            zas.and_then(|z| z.target_sl)
                .or(z.target_sl)
                .map(|s| s.to_string())
                .unwrap_or_else(|| "—".into())
        );
        let managed = match &z.managed_by {
            Responsible::InHouse => cx.l("in-house", "自社").to_string(),
            Responsible::Party(p) => cx.dept_or_party(p),
        };
        let _ = write!(
            o,
            "<tr><th>{}</th><td>{}</td><th>{}</th><td>{}</td><th>{}</th><td>{}</td></tr>",
            cx.l("owner", "責任部門"),
            esc(&z
                .owner
                .as_deref()
                .map(|d| cx.dept_or_party(d))
                .unwrap_or_else(|| "—".into())),
            cx.l("managed by", "管理"),
            esc(&managed),
            cx.l("status", "状態"),
            status_word(z.status)
        );
        if let Some(d) = zas
            .and_then(|z| z.derivation.as_deref())
            .map(|d| zw.map_or(d, |w| w.derivation.as_str()))
        {
            let _ = write!(
                o,
                "<tr><th>{}</th><td colspan=\"5\">{}</td></tr>",
                cx.l("derivation", "導出"),
                esc(d)
            );
        }
        o.push_str("</tbody></table>");

        // Protected objects.
        let _ = write!(
            o,
            "<h4>{} ({})</h4>",
            cx.l("Protected objects", "保護対象"),
            members.len()
        );
        if members.is_empty() {
            let _ = write!(o, "<p class=\"muted\">{}</p>", cx.l("None.", "なし。"));
        } else {
            let _ = write!(
                o,
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
                cx.l("protected object", "保護対象"),
                cx.l("kind", "種別"),
                cx.l("role", "役割"),
                cx.l("importance", "重要度"),
                cx.l("traits", "特性"),
                cx.l("supplier", "供給者"),
                cx.l("findings", "指摘")
            );
            for &ai in &members {
                let Some(x) = cx.m.assets.get(ai) else {
                    continue;
                };
                let n = cx
                    .by_subject
                    .get(format!("asset:{}", x.id).as_str())
                    .map(Vec::len)
                    .unwrap_or(0);
                let traits: Vec<&str> = x
                    .traits
                    .iter()
                    .map(|t| crate::register::trait_word(*t))
                    .collect();
                let _ = write!(
                    o,
                    "<tr><td>{} <span class=\"id\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{n}</td></tr>",
                    esc(&x.name),
                    esc(&x.id),
                    asset_kind_word(x.kind),
                    esc(x.role.as_deref().unwrap_or("")),
                    x.importance.max().map(|l| l.as_str()).unwrap_or("—"),
                    esc(&traits.join(", ")),
                    esc(&x
                        .supplier
                        .as_deref()
                        .map(|p| cx.dept_or_party(p))
                        .unwrap_or_default())
                );
            }
            o.push_str("</tbody></table>");
        }

        // Requirements within and between zones.
        if let Some(zas) = zas {
            let reqs_of = zw.map_or(&zas.requirements, |w| &w.requirements);
            let _ = write!(
                o,
                "<h4>{}</h4>",
                cx.l("Requirements within the zone", "ゾーン内の要件")
            );
            if reqs_of.within.is_empty() {
                let _ = write!(
                    o,
                    "<p class=\"muted\">{}</p>",
                    cx.l("None derived.", "なし。")
                );
            } else {
                o.push_str("<ul class=\"tight\">");
                for r in &reqs_of.within {
                    let _ = write!(o, "<li>{}</li>", esc(r));
                }
                o.push_str("</ul>");
            }
            let _ = write!(
                o,
                "<h4>{}</h4>",
                cx.l("Requirements between zones", "ゾーン間の要件")
            );
            if reqs_of.between.is_empty() {
                let _ = write!(
                    o,
                    "<p class=\"muted\">{}</p>",
                    cx.l("None derived.", "なし。")
                );
            } else {
                let _ = write!(
                    o,
                    "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
                    cx.l("other zone", "相手ゾーン"),
                    cx.l("requirements", "要件")
                );
                let cap = cx.opts.max_rows_per_zone;
                for (other, reqs) in reqs_of.between.iter().take(cap) {
                    let name = cx
                        .idx
                        .zones
                        .get(other)
                        .and_then(|&i| cx.m.zones.get(i))
                        .map(|z| z.name.as_str())
                        .unwrap_or(other);
                    let _ = write!(
                        o,
                        "<tr><td><a href=\"#zone-{}\">{}</a></td><td><ul class=\"tight\">",
                        esc(other),
                        esc(name)
                    );
                    for r in reqs {
                        let _ = write!(o, "<li>{}</li>", esc(r));
                    }
                    o.push_str("</ul></td></tr>");
                }
                o.push_str("</tbody></table>");
                let n = reqs_of.between.len();
                if n > cap {
                    let _ = write!(
                        o,
                        "<p class=\"more\">{} {} {}</p>",
                        n - cap,
                        cx.l("more zones", "件のゾーン（省略）"),
                        cx.l(
                            "with requirements between them are in the Zones sheet of the XLSX register.",
                            "との間の要件は XLSX 登録簿の Zones シートに記載。"
                        )
                    );
                }
            }
        }

        // Flows touching the zone or its assets.
        let mut subjects: Vec<String> = vec![format!("zone:{}", z.id)];
        subjects.extend(
            members
                .iter()
                .filter_map(|&ai| cx.m.assets.get(ai))
                .map(|x| format!("asset:{}", x.id)),
        );
        // From the index: flows of the zone itself and of its assets, in model order.
        let mut flow_ix: Vec<usize> = Vec::new();
        flow_ix.extend(cx.idx.zone_flows_out.get(zi).into_iter().flatten());
        flow_ix.extend(cx.idx.zone_flows_in.get(zi).into_iter().flatten());
        for &ai in &members {
            flow_ix.extend(cx.idx.asset_flows_out.get(ai).into_iter().flatten());
            flow_ix.extend(cx.idx.asset_flows_in.get(ai).into_iter().flatten());
        }
        flow_ix.sort_unstable();
        flow_ix.dedup();
        let flows: Vec<&kojo_model::Flow> =
            flow_ix.iter().filter_map(|&i| cx.m.flows.get(i)).collect();
        subjects.extend(flows.iter().map(|f| format!("flow:{}", f.id)));
        if !flows.is_empty() {
            let _ = write!(
                o,
                "<h4>{} ({})</h4><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                cx.l("Flows", "フロー"),
                flows.len(),
                cx.l("flow", "フロー"),
                cx.l("from → to", "送信元 → 送信先"),
                cx.l("carries", "内容"),
                cx.l("network / via", "経路 / 経由"),
                cx.l("protections", "保護"),
                cx.l("status", "状態")
            );
            let cap = cx.opts.max_rows_per_zone;
            for f in flows.iter().take(cap) {
                let ep = |e: &Endpoint| match e {
                    Endpoint::Zone(id) | Endpoint::Asset(id) => id.clone(),
                };
                let carries = if f.control {
                    cx.l("control instructions", "制御指示")
                } else {
                    cx.l("data", "データ")
                };
                let _ = write!(
                    o,
                    "<tr><td class=\"id\">{}</td><td>{} → {}</td><td>{}{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&f.id),
                    esc(&ep(&f.from)),
                    esc(&ep(&f.to)),
                    carries,
                    if f.data.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", esc(&f.data.join(", ")))
                    },
                    crate::register::network_word(f.network),
                    if f.via.is_empty() {
                        String::new()
                    } else {
                        format!(" / {}", esc(&f.via.join(", ")))
                    },
                    esc(&f
                        .protections
                        .iter()
                        .map(|p| crate::register::protection_word(*p))
                        .collect::<Vec<_>>()
                        .join(", ")),
                    status_word(f.status)
                );
            }
            o.push_str("</tbody></table>");
            if flows.len() > cap {
                let _ = write!(
                    o,
                    "<p class=\"more\">{} {} {}</p>",
                    flows.len() - cap,
                    cx.l("more flows", "件のフロー（省略）"),
                    cx.l(
                        "are listed in the Flows sheet of the XLSX register.",
                        "は XLSX 登録簿の Flows シートに記載。"
                    )
                );
            }
        }

        // Threats and other findings on the zone, its assets and flows.
        let fi = cx.findings_of(&subjects);
        let (threats, others): (Vec<usize>, Vec<usize>) = fi
            .into_iter()
            .partition(|&i| cx.a.findings[i].kind == kojo_findings::FindingKind::Threat);
        let _ = write!(
            o,
            "<h4>{} ({})</h4>",
            cx.l("Threats", "脅威"),
            threats.len()
        );
        if threats.is_empty() {
            let _ = write!(
                o,
                "<p class=\"muted\">{}</p>",
                cx.l("None found.", "なし。")
            );
        } else {
            let _ = write!(
                o,
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                cx.l("severity", "重大度"),
                cx.l("threat", "脅威"),
                cx.l("risk", "リスク"),
                cx.l("recommendation", "推奨")
            );
            let cap = cx.opts.max_rows_per_zone;
            for &i in threats.iter().take(cap) {
                let f = &cx.a.findings[i];
                let t = f.text(cx.lang.code());
                o.push_str("<tr><td>");
                badge(o, f.severity, cx.lang);
                let risk = f
                    .facts
                    .get("risk_level")
                    .and_then(|v| v.as_str())
                    .unwrap_or("—");
                let _ = write!(
                    o,
                    "</td><td><a href=\"#{id}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                    esc(&t.title),
                    esc(risk),
                    esc(&t.recommendation),
                    id = esc(&f.id)
                );
            }
            o.push_str("</tbody></table>");
            if threats.len() > cap {
                more_note(o, cx, &threats[cap..]);
            }
        }
        if !others.is_empty() {
            let _ = write!(
                o,
                "<h4>{} ({})</h4><ul class=\"tight\">",
                cx.l("Other findings", "その他の指摘"),
                others.len()
            );
            let cap = cx.opts.max_rows_per_zone;
            for &i in others.iter().take(cap) {
                let f = &cx.a.findings[i];
                o.push_str("<li>");
                badge(o, f.severity, cx.lang);
                let _ = write!(
                    o,
                    " <a href=\"#{id}\">{}</a> <span class=\"muted\">({}, {})</span></li>",
                    esc(&f.text(cx.lang.code()).title),
                    esc(f.kind.as_str()),
                    esc(&f.step),
                    id = esc(&f.id)
                );
            }
            o.push_str("</ul>");
            if others.len() > cap {
                more_note(o, cx, &others[cap..]);
            }
        }

        // Measures recorded in the model for the zone, its assets, flows, or the factory.
        let mut ms: Vec<usize> = subjects
            .iter()
            .chain(std::iter::once(&"factory".to_string()))
            .flat_map(|s| measures_by_scope.get(s).cloned().unwrap_or_default())
            .collect();
        ms.sort_unstable();
        ms.dedup();
        let _ = write!(o, "<h4>{} ({})</h4>", cx.l("Measures", "対策"), ms.len());
        if ms.is_empty() {
            let _ = write!(
                o,
                "<p class=\"gap\">{}</p>",
                cx.l(
                    "No measure is recorded for this zone.",
                    "このゾーンに記録された対策はありません。"
                )
            );
        } else {
            let _ = write!(
                o,
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                cx.l("measure", "対策"),
                cx.l("scope", "範囲"),
                cx.l("status", "状態"),
                cx.l("owner", "担当"),
                cx.l("due", "期限")
            );
            for mi in ms {
                let mr = &cx.m.measures[mi];
                let title =
                    cx.c.measure(&mr.measure)
                        .map(|m| m.title.get(cx.lang.code()).to_string())
                        .unwrap_or_else(|| mr.measure.clone());
                let scope = if mr.scope.is_empty() {
                    cx.l("whole factory", "工場全体").to_string()
                } else {
                    mr.scope
                        .iter()
                        .map(ScopeRef::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let status = match mr.status {
                    kojo_model::MeasureStatus::Implemented => cx.l("implemented", "実施済み"),
                    kojo_model::MeasureStatus::Planned => cx.l("planned", "計画中"),
                    kojo_model::MeasureStatus::NotPlanned => cx.l("not planned", "未計画"),
                };
                let _ = write!(
                    o,
                    "<tr><td>{} <span class=\"id\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&title),
                    esc(&mr.measure),
                    esc(&scope),
                    status,
                    esc(&mr
                        .owner
                        .as_deref()
                        .map(|d| cx.dept_or_party(d))
                        .unwrap_or_default()),
                    mr.due.map(|d| d.to_string()).unwrap_or_default()
                );
            }
            o.push_str("</tbody></table>");
        }
        o.push_str("</section>");
    }
    o.push_str("</section>");
}

fn status_word(s: kojo_model::Status) -> &'static str {
    match s {
        kojo_model::Status::Existing => "existing",
        kojo_model::Status::New => "new",
        kojo_model::Status::Changed => "changed",
    }
}

fn asset_kind_word(k: kojo_model::AssetKind) -> &'static str {
    match k {
        kojo_model::AssetKind::Equipment => "equipment",
        kojo_model::AssetKind::Software => "software",
        kojo_model::AssetKind::Data => "data",
        kojo_model::AssetKind::ExternalService => "external-service",
        kojo_model::AssetKind::Network => "network",
    }
}

const PHASES: [Phase; 4] = [
    Phase::Procurement,
    Phase::Contract,
    Phase::Development,
    Phase::OperationMaintenance,
];

fn phase_word(p: Phase, lang: Lang) -> &'static str {
    match p {
        Phase::Procurement => lang.pick("Procurement", "調達"),
        Phase::Contract => lang.pick("Contract", "契約"),
        Phase::Development => lang.pick("Development", "開発"),
        Phase::OperationMaintenance => lang.pick("Operation / maintenance", "運用・保守"),
    }
}

fn supply_chain(o: &mut String, cx: &Ctx) {
    let _ = write!(
        o,
        "<section id=\"supply-chain\" class=\"bigsection\"><h2>{}<span class=\"ref\">3.3 (2), Tables 3-10 – 3-12</span></h2>",
        cx.l(
            "Supplier checklists by party and phase",
            "外部組織・段階別のサプライヤーチェックリスト"
        )
    );
    let _ = write!(
        o,
        "<table id=\"checklist-status\"><thead><tr><th>{}</th><th>{}</th>",
        cx.l("party", "外部組織"),
        cx.l("checklist", "チェックリスト")
    );
    for p in PHASES {
        let _ = write!(o, "<th>{}</th>", phase_word(p, cx.lang));
    }
    o.push_str("</tr></thead><tbody>");
    let mut gaps: Vec<(String, String, String)> = Vec::new();
    let with_list: HashSet<&str> = cx.m.supply_chain.iter().map(|s| s.party.as_str()).collect();
    for sc in &cx.m.supply_chain {
        let party = cx.dept_or_party(&sc.party);
        let list = cx.c.checklist_by_kind(sc.checklist);
        let _ = write!(
            o,
            "<tr data-party=\"{}\"><td>{}</td><td>{}</td>",
            esc(&sc.party),
            esc(&party),
            esc(&list
                .map(|l| format!("{} ({})", l.title.get(cx.lang.code()), l.reference))
                .unwrap_or_else(|| kojo_catalog::checklist_kind_name(sc.checklist).to_string()))
        );
        for ph in PHASES {
            let mut counts = [0usize; 5]; // yes, partial, no, n/a, unanswered
            if let Some(list) = list {
                for item in list.items.iter().filter(|i| i.phase == ph && !i.advisory) {
                    let k = match sc.answers.get(&item.id).map(|a| a.0) {
                        Some(Answer::Yes) => 0,
                        Some(Answer::Partial) => 1,
                        Some(Answer::No) => 2,
                        Some(Answer::NotApplicable) => 3,
                        None => 4,
                    };
                    counts[k] += 1;
                    if (1..=2).contains(&k) || k == 4 {
                        let ans = match k {
                            1 => cx.l("partial", "一部"),
                            2 => cx.l("no", "いいえ"),
                            _ => cx.l("not answered", "未回答"),
                        };
                        gaps.push((
                            party.clone(),
                            format!(
                                "{} — {}",
                                phase_word(ph, cx.lang),
                                item.title.get(cx.lang.code())
                            ),
                            ans.to_string(),
                        ));
                    }
                }
            }
            let total: usize = counts.iter().sum();
            if total == 0 {
                o.push_str("<td class=\"muted\">—</td>");
            } else {
                let cls = if counts[0] + counts[3] == total {
                    "ok"
                } else {
                    "gap"
                };
                let _ = write!(
                    o,
                    "<td><span class=\"{cls}\">{}/{total}</span> {}",
                    counts[0] + counts[3],
                    cx.l("settled", "確認済")
                );
                let _ = write!(
                    o,
                    "<br><span class=\"muted\">{} {} · {} {} · {} {}</span></td>",
                    cx.l("partial", "一部"),
                    counts[1],
                    cx.l("no", "否"),
                    counts[2],
                    cx.l("open", "未回答"),
                    counts[4]
                );
            }
        }
        o.push_str("</tr>");
    }
    // Parties whose kind calls for a checklist that the model does not have.
    for p in &cx.m.parties {
        if with_list.contains(p.id.as_str()) {
            continue;
        }
        if let Some(list) = cx.c.checklist_for_party_kind(p.kind) {
            let _ = write!(
                o,
                "<tr data-party=\"{}\"><td>{}</td><td>{}</td><td colspan=\"4\" class=\"gap\">{}</td></tr>",
                esc(&p.id),
                esc(&p.name),
                esc(&format!(
                    "{} ({})",
                    list.title.get(cx.lang.code()),
                    list.reference
                )),
                cx.l("no checklist recorded", "チェックリスト未記録")
            );
        }
    }
    o.push_str("</tbody></table>");
    if !gaps.is_empty() {
        let _ = write!(
            o,
            "<h3>{} ({})</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            cx.l("Open checklist points", "未確認のチェック項目"),
            gaps.len(),
            cx.l("party", "外部組織"),
            cx.l("point", "項目"),
            cx.l("answer", "回答")
        );
        for (p, item, ans) in gaps {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"gap\">{}</td></tr>",
                esc(&p),
                esc(&item),
                esc(&ans)
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>");
}

fn ooda(o: &mut String, cx: &Ctx) {
    let _ = write!(
        o,
        "<section id=\"ooda\" class=\"bigsection\"><h2>{}<span class=\"ref\">3.3 (1)(i)</span></h2>",
        cx.l(
            "Early detection and response: OODA roles",
            "サイバー攻撃の早期認識と対処：OODA の役割分担"
        )
    );
    let ir = &cx.m.incident_response;
    for (stage, model_stage, table, en, ja) in [
        (
            OodaStage::Preventive,
            ir.preventive.as_ref(),
            "Table 3-7",
            "Preventive maintenance stage",
            "予防保全段階",
        ),
        (
            OodaStage::Damage,
            ir.damage.as_ref(),
            "Table 3-8",
            "Damage occurrence stage",
            "被害発生段階",
        ),
    ] {
        let _ = write!(
            o,
            "<h3 id=\"ooda-{}\">{}<span class=\"ref\">{table}</span></h3>",
            match stage {
                OodaStage::Preventive => "preventive",
                OodaStage::Damage => "damage",
            },
            esc(cx.lang.pick(en, ja))
        );
        let _ = write!(
            o,
            "<table><thead><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            cx.l("Main department in charge", "主担当部門"),
            cx.l("Decision makers", "意思決定者"),
            cx.l("Guideline example", "ガイドラインの例"),
            cx.l("Example of implementation", "実施内容の例")
        );
        for (step, en, ja) in [
            (OodaStep::Observe, "Monitoring (Observe)", "監視（Observe）"),
            (OodaStep::Orient, "Analysis (Orient)", "分析（Orient）"),
            (OodaStep::Decide, "Decision (Decide)", "判断（Decide）"),
            (OodaStep::Act, "Action (Act)", "実行（Act）"),
        ] {
            let ms = model_stage.and_then(|s| match step {
                OodaStep::Observe => s.observe.as_ref(),
                OodaStep::Orient => s.orient.as_ref(),
                OodaStep::Decide => s.decide.as_ref(),
                OodaStep::Act => s.act.as_ref(),
            });
            let lead = ms
                .and_then(|s| s.lead.as_deref())
                .map(|l| cx.dept_or_party(l));
            let deciders: Vec<String> = ms
                .map(|s| s.decides.iter().map(|d| cx.dept_or_party(d)).collect())
                .unwrap_or_default();
            let role = cx.c.ooda_role(stage, step);
            let _ = write!(
                o,
                "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(cx.lang.pick(en, ja)),
                match &lead {
                    Some(l) => esc(l),
                    None => format!("<span class=\"gap\">{}</span>", cx.l("not set", "未設定")),
                },
                if deciders.is_empty() {
                    format!("<span class=\"gap\">{}</span>", cx.l("not set", "未設定"))
                } else {
                    esc(&deciders.join(", "))
                },
                role.map(|r| esc(&format!(
                    "{} — {}",
                    r.lead.get(cx.lang.code()),
                    r.deciders.join(", ")
                )))
                .unwrap_or_default(),
                role.map(|r| esc(r.text.get(cx.lang.code())))
                    .unwrap_or_default()
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>");
}

fn maturity(o: &mut String, cx: &Ctx) {
    let _ = write!(
        o,
        "<section id=\"maturity\" class=\"bigsection\"><h2>{}<span class=\"ref\">3.3 (1)(ii), Table 3-9</span></h2>",
        cx.l("Maturity of organisation and people", "組織・人材の成熟度")
    );
    let _ = write!(
        o,
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        cx.l("organisation", "組織"),
        cx.l("Basic", "基礎"),
        cx.l("Practice", "実践"),
        cx.l("Application", "応用")
    );
    let mm = &cx.m.maturity;
    for (scope, now, en, ja) in [
        (
            MaturityScope::ExternalCooperation,
            mm.external_cooperation,
            "Cooperation between internal and external organisations",
            "社内外の組織間の連携",
        ),
        (
            MaturityScope::RelatedDepartments,
            mm.related_departments,
            "Related departments",
            "関係部門間",
        ),
        (
            MaturityScope::WithinDepartment,
            mm.within_department,
            "Within the relevant department",
            "当該部門内",
        ),
    ] {
        let _ = write!(
            o,
            "<tr><th>{}<br><span class=\"muted\">{}</span></th>",
            esc(cx.lang.pick(en, ja)),
            match now {
                Some(l) => format!("{}: {}", cx.l("now", "現在"), maturity_word(l, cx.lang)),
                None => cx.l("not assessed", "未評価").to_string(),
            }
        );
        let now_n = now.map(|l| l as u8).unwrap_or(0);
        for (level, n) in [
            (MaturityLevelName::Basic, 1u8),
            (MaturityLevelName::Practice, 2),
            (MaturityLevelName::Application, 3),
        ] {
            let cls = if n == now_n {
                " class=\"cell-now\""
            } else if n == now_n + 1 {
                " class=\"cell-next\""
            } else {
                ""
            };
            let text =
                cx.c.maturity_cell(scope, level)
                    .map(|c| c.text.get(cx.lang.code()).to_string())
                    .unwrap_or_default();
            let mark = if n == now_n {
                format!("<b>{}</b><br>", cx.l("current", "現在"))
            } else if n == now_n + 1 {
                format!("<b>{}</b><br>", cx.l("next target", "次の目標"))
            } else {
                String::new()
            };
            let _ = write!(o, "<td{cls}>{mark}{}</td>", esc(&text));
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></section>");
}

fn maturity_word(l: MaturityLevel, lang: Lang) -> &'static str {
    match l {
        MaturityLevel::Basic => lang.pick("basic", "基礎"),
        MaturityLevel::Practice => lang.pick("practice", "実践"),
        MaturityLevel::Application => lang.pick("application", "応用"),
    }
}
