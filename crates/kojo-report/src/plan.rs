//! The plan (Step 2-1: the most significant first) in every format: the first section of the
//! assessment's text and `kojo plan`, the HTML report's one-page summary, the XLSX "Plan"
//! sheet and the CSV of `--plan`. SARIF reports findings only. Subjects and owners are shown
//! by their names in the model; ids stay in the machine columns.

use crate::ReportError;
use crate::text::{Lang, esc};
use kojo_findings::{Assessment, Horizon, PlanAction, PlanActionKind, Severity};
use kojo_lang::Message;
use kojo_model::{Endpoint, Model};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Actions the text and the HTML summary show unless told otherwise.
pub const FIRST_ACTIONS: usize = 10;

/// The Plan sheet's and `--plan` CSV's columns, in order: the names a later import reads
/// back (docs/reports.md). `due` and `status` start empty, for the team to fill.
pub const PLAN_COLUMNS: &[&str] = &[
    "rank",
    "id",
    "action",
    "title",
    "subjects",
    "owner",
    "horizon",
    "risk_before",
    "risk_after",
    "closes",
    "reference",
    "due",
    "status",
];

/// The Plan sheet's name (the workbook's first sheet when the plan has actions).
pub const PLAN_SHEET: &str = "Plan";

/// The Plan sheet's name in `lang` ([`PLAN_SHEET`] in English).
pub fn plan_sheet(lang: Lang) -> String {
    kojo_lang::text(lang, "register-sheet-plan")
}

/// Which actions to show: the first `limit` (all when `None`), of one horizon or all.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection {
    pub limit: Option<usize>,
    pub horizon: Option<Horizon>,
}

impl Selection {
    /// The actions chosen, in rank order, and how many of the horizon's were left out.
    pub fn pick<'a>(&self, plan: &'a [PlanAction]) -> (Vec<&'a PlanAction>, usize) {
        let matching: Vec<&PlanAction> = plan
            .iter()
            .filter(|p| self.horizon.is_none_or(|h| p.horizon == h))
            .collect();
        let n = self.limit.unwrap_or(usize::MAX).min(matching.len());
        let rest = matching.len() - n;
        (matching.into_iter().take(n).collect(), rest)
    }
}

fn msg(lang: Lang, id: &'static str) -> String {
    kojo_lang::text(lang, id)
}

/// When an action is due, in `lang`.
pub fn horizon_word(h: Horizon, lang: Lang) -> String {
    msg(
        lang,
        match h {
            Horizon::Now => "plan-horizon-now",
            Horizon::Next => "plan-horizon-next",
            Horizon::Later => "plan-horizon-later",
        },
    )
}

/// What kind of action it is, in `lang`.
pub fn kind_word(k: PlanActionKind, lang: Lang) -> String {
    msg(
        lang,
        match k {
            PlanActionKind::ZoneChange => "plan-kind-zone-change",
            PlanActionKind::Measure => "plan-kind-measure",
            PlanActionKind::SupplyChain => "plan-kind-supply-chain",
            PlanActionKind::Organisation => "plan-kind-organisation",
        },
    )
}

/// Names for subjects: the model's, and the names of the zones the verdicts propose (not
/// in the model yet, so `zone:ID` would otherwise show its raw id).
pub struct Names<'a> {
    model: Option<&'a Model>,
    proposed: BTreeMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    /// The names of `model` and of the zones `a`'s verdicts propose (in `lang`).
    pub fn new(model: Option<&'a Model>, a: &'a Assessment, lang: Lang) -> Self {
        let proposed = a
            .zones
            .iter()
            .filter_map(|z| z.verdict.as_ref()?.proposed.as_ref())
            .flat_map(|p| &p.zones)
            .map(|z| (z.id.as_str(), z.name_in(lang.code())))
            .collect();
        Names { model, proposed }
    }

    /// A subject (`zone:oa`, `asset:cad`, `flow:x`, `factory`…) by its name; a flow by its
    /// two ends. Without the model, or for an id neither the model nor the verdicts name,
    /// the id itself.
    pub fn subject(&self, subject: &str) -> String {
        let (kind, id) = subject.split_once(':').unwrap_or((subject, ""));
        if kind == "zone"
            && let Some(name) = self.proposed.get(id)
        {
            return (*name).to_string();
        }
        subject_name(self.model, subject)
    }
}

/// A subject (`zone:oa`, `asset:cad`, `flow:x`, `factory`…) by its name in the model; a
/// flow by its two ends. Without the model, or for an id the model lacks, the id itself.
pub fn subject_name(model: Option<&Model>, subject: &str) -> String {
    let Some(m) = model else {
        return subject.to_string();
    };
    if subject == "factory" {
        return m.factory.name.clone();
    }
    let (kind, id) = subject.split_once(':').unwrap_or((subject, ""));
    let endpoint = |e: &Endpoint| match e {
        Endpoint::Asset(a) => subject_name(model, &format!("asset:{a}")),
        Endpoint::Zone(z) => subject_name(model, &format!("zone:{z}")),
    };
    let name = match kind {
        "zone" => m.zone(id).map(|z| z.name.clone()),
        "asset" => m.asset(id).map(|a| a.name.clone()),
        "party" => m.party(id).map(|p| p.name.clone()),
        "department" => m.department(id).map(|d| d.name.clone()),
        "operation" => m.operation(id).map(|o| o.name.clone()),
        "flow" => m
            .flow(id)
            .map(|f| format!("{} → {}", endpoint(&f.from), endpoint(&f.to))),
        _ => None,
    };
    name.unwrap_or_else(|| subject.to_string())
}

/// An owner id (department, party or OODA lead) by its name in the model.
pub fn owner_name(model: Option<&Model>, owner: &str) -> String {
    let Some(m) = model else {
        return owner.to_string();
    };
    m.department(owner)
        .map(|d| d.name.clone())
        .or_else(|| m.party(owner).map(|p| p.name.clone()))
        .unwrap_or_else(|| owner.to_string())
}

fn owner_line(a: &PlanAction, model: Option<&Model>, lang: Lang) -> String {
    match &a.owner {
        Some(o) => Message::new("plan-owner")
            .arg("owner", owner_name(model, o))
            .render(lang),
        None => msg(lang, "plan-owner-missing"),
    }
}

fn subjects_list(a: &PlanAction, names: &Names, lang: Lang) -> String {
    let sep = lang.pick(", ", "、");
    a.subjects
        .iter()
        .map(|s| names.subject(s))
        .collect::<Vec<_>>()
        .join(sep)
}

fn paint(s: &str, sev: Severity, color: bool) -> String {
    crate::assessment_text::paint(s, sev, color)
}

/// The plan's section of the terminal text: a heading, then each action in rank order
/// (rank, horizon, title; kind and subjects; owner, risk before → after, findings closed;
/// reference), and a line counting the actions left out.
pub fn text_section(
    out: &mut String,
    actions: &[&PlanAction],
    rest: usize,
    names: &Names,
    lang: Lang,
    color: bool,
) {
    let heading = Message::new("plan-heading")
        .arg("count", actions.len())
        .render(lang);
    let _ = writeln!(
        out,
        "\n{}",
        crate::assessment_text::bold(&format!("== {heading}"), color)
    );
    if actions.is_empty() && rest == 0 {
        let _ = writeln!(out, "{}", msg(lang, "plan-empty"));
    }
    let sev = |s: Severity| kojo_lang::severity(lang, s.as_str());
    let dot = " · ";
    for a in actions {
        let t = a.text(lang.code());
        let _ = writeln!(
            out,
            "{:>2}. [{}] {}",
            a.rank,
            horizon_word(a.horizon, lang),
            crate::assessment_text::bold(&t.title, color)
        );
        let mut what = kind_word(a.action, lang);
        if !a.subjects.is_empty() {
            what.push_str(dot);
            what.push_str(
                &Message::new("plan-for")
                    .arg("subjects", subjects_list(a, names, lang))
                    .render(lang),
            );
        }
        let _ = writeln!(out, "    {what}");
        let risk = Message::new("plan-risk")
            .arg("before", sev(a.risk.before))
            .arg("after", sev(a.risk.after))
            .render(lang);
        let closes = Message::new("plan-closes")
            .arg("count", a.closes.len())
            .render(lang);
        let _ = writeln!(
            out,
            "    {}{dot}{}{dot}{closes}",
            owner_line(a, names.model, lang),
            paint(&risk, a.risk.before, color)
        );
        if !t.detail.is_empty() {
            let _ = writeln!(out, "    {}", t.detail);
        }
        let _ = writeln!(
            out,
            "    {}",
            Message::new("plan-reference")
                .arg("reference", reference(&a.reference, lang))
                .render(lang)
        );
    }
    if rest > 0 {
        let _ = writeln!(
            out,
            "{}",
            Message::new("plan-more")
                .arg("count", rest)
                .arg("command", "kojo plan --all")
                .render(lang)
        );
    }
}

fn reference(r: &str, lang: Lang) -> String {
    match lang {
        Lang::En => r.to_string(),
        Lang::Ja => crate::assessment_text::reference_ja(r),
    }
}

/// Options of `kojo plan`'s text.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanTextOptions {
    pub lang: Lang,
    pub color: bool,
    pub selection: Selection,
}

/// `kojo plan`'s text: the factory and model path, then the plan's section (its heading
/// always, "no action" when the plan is empty).
pub fn render_plan_text(a: &Assessment, model: Option<&Model>, opts: PlanTextOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        crate::assessment_text::bold(&a.model.factory, opts.color),
        a.model.path
    );
    let (actions, rest) = opts.selection.pick(&a.plan);
    text_section(
        &mut out,
        &actions,
        rest,
        &Names::new(model, a, opts.lang),
        opts.lang,
        opts.color,
    );
    out
}

/// `kojo plan --format json`: `{"kojo_version", "model", "plan": [...]}`, the chosen
/// actions as the assessment's JSON writes them.
pub fn render_plan_json(a: &Assessment, selection: Selection) -> Result<String, ReportError> {
    let (actions, _) = selection.pick(&a.plan);
    let v = serde_json::json!({
        "kojo_version": a.kojo_version,
        "model": a.model,
        "plan": actions,
    });
    let mut s = serde_json::to_string_pretty(&v)
        .map_err(|e| ReportError(format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// The cells of one action's row, in [`PLAN_COLUMNS`] order: ids where a later import
/// matches them (id, subjects, owner, closes), words in `lang` where people read them.
pub fn plan_row(a: &PlanAction, lang: Lang) -> Vec<String> {
    let t = a.text(lang.code());
    vec![
        a.rank.to_string(),
        a.id.clone(),
        a.action.as_str().to_string(),
        t.title,
        a.subjects.join("; "),
        a.owner.clone().unwrap_or_default(),
        a.horizon.as_str().to_string(),
        a.risk.before.as_str().to_string(),
        a.risk.after.as_str().to_string(),
        a.closes.join("; "),
        a.reference.clone(),
        String::new(),
        String::new(),
    ]
}

/// `--plan`: the plan as CSV (RFC 4180, UTF-8, header row first), one row per action in
/// rank order, with the register's guard against cells Excel would run.
pub fn render_plan_csv(a: &Assessment, lang: Lang) -> Result<String, ReportError> {
    let io = |e: csv::Error| ReportError(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PLAN_COLUMNS).map_err(io)?;
    for p in &a.plan {
        let row = plan_row(p, lang);
        w.write_record(
            row.iter()
                .map(|c| crate::register::spreadsheet_text(c).into_owned()),
        )
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ReportError(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ReportError(format!("CSV is not UTF-8: {e}")))
}

/// The workbook's "Plan" sheet, added first when the plan has actions: one row per action,
/// with a status list to pick from and an empty `due` column for the team.
pub fn write_plan_sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    a: &Assessment,
    lang: Lang,
    bold: &rust_xlsxwriter::Format,
    wrap: &rust_xlsxwriter::Format,
) -> Result<(), ReportError> {
    use rust_xlsxwriter::DataValidation;
    if a.plan.is_empty() {
        return Ok(());
    }
    let xl = |e: rust_xlsxwriter::XlsxError| ReportError(format!("cannot write XLSX: {e}"));
    let ws = wb.add_worksheet();
    ws.set_name(plan_sheet(lang)).map_err(xl)?;
    let widths = [
        6.0, 13.0, 13.0, 50.0, 32.0, 20.0, 9.0, 11.0, 11.0, 26.0, 18.0, 12.0, 14.0,
    ];
    let rows: Vec<Vec<String>> = a.plan.iter().map(|p| plan_row(p, lang)).collect();
    let look = crate::register::Look { bold, wrap, lang };
    crate::register::table(ws, PLAN_COLUMNS, &rows, &widths, &look)?;
    let last = rows.len() as u32;
    let status_col = (PLAN_COLUMNS.len() - 1) as u16;
    let statuses = DataValidation::new()
        .allow_list_strings(crate::register::REGISTER_STATUSES)
        .map_err(xl)?;
    ws.add_data_validation(1, status_col, last.max(1), status_col, &statuses)
        .map_err(xl)?;
    Ok(())
}

/// Counts by severity, now and after the first `n` actions: a finding one of them closes
/// is counted at the lowest `risk.after` of those that close it (never above its own
/// severity), the others as they are.
pub fn risk_before_after(
    a: &Assessment,
    n: usize,
) -> (BTreeMap<Severity, usize>, BTreeMap<Severity, usize>) {
    let mut after_of: HashMap<&str, Severity> = HashMap::new();
    for p in a.plan.iter().take(n) {
        for id in &p.closes {
            let e = after_of.entry(id.as_str()).or_insert(p.risk.after);
            *e = (*e).min(p.risk.after);
        }
    }
    let mut now = BTreeMap::new();
    let mut after = BTreeMap::new();
    for f in &a.findings {
        *now.entry(f.severity).or_insert(0) += 1;
        let s = after_of
            .get(f.id.as_str())
            .map_or(f.severity, |s| (*s).min(f.severity));
        *after.entry(s).or_insert(0) += 1;
    }
    (now, after)
}

/// The HTML report's one-page summary a plant manager can read, before everything else
/// when the plan has actions: the zone diagram (zones only), each zone's verdict, the first
/// actions, and the findings by severity now and after them. Empty when the plan is.
pub fn html_summary(a: &Assessment, model: &Model, lang: Lang) -> String {
    let mut o = String::new();
    if a.plan.is_empty() {
        return o;
    }
    let m = |id: &'static str| esc(&msg(lang, id));
    let names = Names::new(Some(model), a, lang);
    let (actions, _) = Selection {
        limit: Some(FIRST_ACTIONS),
        horizon: None,
    }
    .pick(&a.plan);
    let n = actions.len();
    let counted = |id: &'static str| esc(&Message::new(id).arg("count", n).render(lang));
    let _ = write!(
        o,
        "<section id=\"plan\" class=\"plan-summary\"><h2>{}<span class=\"ref\">3.2.1</span></h2><p>{}</p>",
        m("plan-summary-title"),
        m("plan-summary-intro")
    );
    let svg = crate::diagram::render_svg(
        model,
        Some(a),
        &crate::DiagramOptions {
            view: crate::DiagramView::Zones,
            lang,
        },
    );
    let _ = write!(
        o,
        "<div class=\"two\"><div class=\"diagram\">{svg}</div><div>"
    );
    // Each zone's verdict.
    let _ = write!(
        o,
        "<h3>{}</h3><table id=\"plan-verdicts\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        m("plan-summary-zones"),
        m("plan-col-zone"),
        m("plan-col-verdict"),
        m("plan-col-worst")
    );
    let worst = crate::diagram::SubjectSeverity::of(a);
    let verdicts: HashMap<&str, &kojo_findings::ZoneAssessment> =
        a.zones.iter().map(|z| (z.id.as_str(), z)).collect();
    for z in &model.zones {
        let verdict = verdicts
            .get(z.id.as_str())
            .and_then(|za| za.verdict.as_ref())
            .map(|v| crate::tobe::verdict_words(v.verdict, lang).to_string())
            .unwrap_or_else(|| msg(lang, "plan-verdict-none"));
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>",
            esc(&z.name),
            esc(&verdict)
        );
        match worst.get(&format!("zone:{}", z.id)) {
            Some((s, _)) => crate::html::badge(&mut o, s, lang),
            None => o.push('—'),
        }
        o.push_str("</td></tr>");
    }
    o.push_str("</tbody></table>");
    // Findings by severity, now and after the first actions.
    let (now, after) = risk_before_after(a, n);
    let _ = write!(
        o,
        "<h3>{}</h3><table id=\"plan-risk\"><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        counted("plan-summary-risk"),
        m("plan-col-severity"),
        m("plan-col-now"),
        m("plan-col-after")
    );
    for s in Severity::ALL_DESC {
        o.push_str("<tr><td>");
        crate::html::badge(&mut o, s, lang);
        let _ = write!(
            o,
            "</td><td class=\"num\" data-severity=\"{}\">{}</td><td class=\"num\" data-severity-after=\"{}\">{}</td></tr>",
            s.as_str(),
            now.get(&s).copied().unwrap_or(0),
            s.as_str(),
            after.get(&s).copied().unwrap_or(0)
        );
    }
    let _ = write!(
        o,
        "</tbody></table><p class=\"muted\">{}</p></div></div>",
        m("plan-summary-risk-note")
    );
    // The first actions.
    let _ = write!(
        o,
        "<h3>{}</h3><table id=\"plan-actions\"><thead><tr><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        counted("plan-summary-actions"),
        m("plan-col-rank"),
        m("plan-col-horizon"),
        m("plan-col-action"),
        m("plan-col-owner"),
        m("plan-col-risk"),
        m("plan-col-closes")
    );
    for p in &actions {
        let t = p.text(lang.code());
        let owner = p
            .owner
            .as_deref()
            .map(|o| owner_name(Some(model), o))
            .unwrap_or_else(|| "—".into());
        let _ = write!(
            o,
            "<tr data-action=\"{}\"><td class=\"num\">{}</td><td>{}</td><td><b>{}</b><br><span class=\"muted\">{} · {}</span></td><td>{}</td><td>",
            esc(&p.id),
            p.rank,
            esc(&horizon_word(p.horizon, lang)),
            esc(&t.title),
            esc(&kind_word(p.action, lang)),
            esc(&subjects_list(p, &names, lang)),
            esc(&owner)
        );
        crate::html::badge(&mut o, p.risk.before, lang);
        o.push_str(" → ");
        crate::html::badge(&mut o, p.risk.after, lang);
        let _ = write!(o, "</td><td class=\"num\">{}</td></tr>", p.closes.len());
    }
    o.push_str("</tbody></table></section>");
    o
}
