//! The risk register: one row per finding, as CSV and as an XLSX workbook that also lists
//! the model's zones, assets, flows and supplier checklists.

use crate::ReportError;
use crate::text::Lang;
use kojo_findings::{Assessment, Finding};
use kojo_model::{
    Answer, AssetKind, AssetTrait, Endpoint, Model, Network, Protection, Responsible, Status,
};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet,
    XlsxError,
};

/// The risk register's columns, in order. The last four are for the user to fill; `status`,
/// `owner` and `due` start with the model's decision for the finding, if there is one
/// (`kojo decisions import` reads them back).
pub const REGISTER_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "rule",
    "step",
    "severity",
    "subjects",
    "title",
    "detail",
    "recommendation",
    "reference",
    "catalog",
    "location",
    "decision_reason",
    "review_by",
    "status",
    "owner",
    "due",
    "notes",
];

/// A column's header in `lang`: in English its key (the names above, which readers of the
/// CSV rely on), in Japanese its word from `register.ftl`.
pub fn column_header(key: &str, lang: Lang) -> String {
    kojo_lang::text(lang, &format!("register-column-{}", key.replace('_', "-")))
}

/// A vocabulary value or status as shown in `lang` (in English the value itself).
fn word(lang: Lang, value: &str) -> String {
    kojo_lang::value(lang, value).to_string()
}

/// The statuses a user may pick in the register (the model's decision statuses, plus open).
pub const REGISTER_STATUSES: &[&str] = &[
    "open",
    "accepted",
    "in-progress",
    "mitigated",
    "false-positive",
];

/// The cells of one finding's row, in [`REGISTER_COLUMNS`] order.
pub fn register_row(f: &Finding, lang: Lang) -> Vec<String> {
    let t = f.text(lang.code());
    let loc = f
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}", l.path, l.line, l.column))
        .unwrap_or_default();
    let (owner, due) = f
        .decision
        .as_ref()
        .map(|d| {
            (
                d.owner.clone().unwrap_or_default(),
                d.due.clone().unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    let (status, reason, review_by) = match &f.decision {
        Some(d) => (
            if d.expired {
                kojo_lang::Message::new("value-expired")
                    .arg("status", word(lang, d.status.as_str()))
                    .render(lang)
            } else {
                word(lang, d.status.as_str())
            },
            d.reason.clone().unwrap_or_default(),
            d.review_by.clone().unwrap_or_default(),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    vec![
        f.id.clone(),
        f.kind.to_string(),
        f.rule.clone().unwrap_or_default(),
        f.step.clone(),
        word(lang, f.severity.as_str()),
        f.subjects.join("; "),
        t.title,
        t.detail,
        t.recommendation,
        f.reference.clone(),
        f.catalog.join("; "),
        loc,
        reason,
        review_by,
        status,
        owner,
        due,
        String::new(),
    ]
}

/// The risk register as CSV (RFC 4180, UTF-8, header row first), one row per finding in
/// the assessment's order. In English the headers are the column keys and the values the
/// JSON's words; in Japanese both are Japanese words (ids, texts and references unchanged).
pub fn render_csv(a: &Assessment, lang: &str) -> Result<String, ReportError> {
    let mut out = Vec::new();
    write_csv(a, lang, &mut out)?;
    String::from_utf8(out).map_err(|e| ReportError(format!("CSV is not UTF-8: {e}")))
}

/// [`render_csv`] written to `w` row by row, as it is produced.
pub fn write_csv(
    a: &Assessment,
    lang: &str,
    w: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    let lang = Lang::from_code(lang);
    let mut w = csv::Writer::from_writer(w);
    let io = |e: csv::Error| ReportError(format!("cannot write CSV: {e}"));
    w.write_record(REGISTER_COLUMNS.iter().map(|c| column_header(c, lang)))
        .map_err(io)?;
    for f in &a.findings {
        let row = register_row(f, lang);
        w.write_record(row.iter().map(|c| spreadsheet_text(c).into_owned()))
            .map_err(io)?;
    }
    w.flush()
        .map_err(|e| ReportError(format!("cannot write CSV: {e}")))
}

/// A cell as text a spreadsheet will not run: one that starts like a formula (`=`, `+`, `-`,
/// `@`, or a tab or carriage return before one) gets a leading `'`, as OWASP advises against
/// CSV injection. Model authors, suppliers and uploads put text into findings, and the CSV
/// is opened in Excel; the XLSX writes strings as strings and needs no such guard.
pub fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

fn xl(e: XlsxError) -> ReportError {
    ReportError(format!("cannot write XLSX: {e}"))
}

/// Writes a string cell; a text longer than Excel allows is cut with a note that the JSON
/// holds the whole (Excel would refuse the file otherwise).
fn put(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    s: &str,
    fmt: Option<&Format>,
    lang: Lang,
) -> Result<(), ReportError> {
    let cut;
    let s = if s.chars().count() > CELL_LIMIT {
        let keep: String = s.chars().take(CELL_LIMIT - 40).collect();
        cut = format!("{keep} {}", kojo_lang::text(lang, "register-cut"));
        cut.as_str()
    } else {
        s
    };
    match fmt {
        Some(f) => ws.write_string_with_format(row, col, s, f).map_err(xl)?,
        None => ws.write_string(row, col, s).map_err(xl)?,
    };
    Ok(())
}

fn header(
    ws: &mut Worksheet,
    cols: &[&str],
    widths: &[f64],
    bold: &Format,
    lang: Lang,
) -> Result<(), ReportError> {
    for (c, key) in cols.iter().enumerate() {
        put(
            ws,
            (0, c as u16),
            &column_header(key, lang),
            Some(bold),
            lang,
        )?;
        let w = widths.get(c).copied().unwrap_or(16.0);
        ws.set_column_width(c as u16, w).map_err(xl)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xl)?;
    Ok(())
}

/// The formats of a sheet and its language.
pub(crate) struct Look<'a> {
    pub(crate) bold: &'a Format,
    pub(crate) wrap: &'a Format,
    pub(crate) lang: Lang,
}

pub(crate) fn table(
    ws: &mut Worksheet,
    cols: &[&str],
    rows: &[Vec<String>],
    widths: &[f64],
    look: &Look<'_>,
) -> Result<(), ReportError> {
    header(ws, cols, widths, look.bold, look.lang)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            put(
                ws,
                (r as u32 + 1, c as u16),
                cell,
                Some(look.wrap),
                look.lang,
            )?;
        }
    }
    let last = rows.len() as u32;
    ws.autofilter(0, 0, last, cols.len().saturating_sub(1) as u16)
        .map_err(xl)?;
    Ok(())
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Existing => "existing",
        Status::New => "new",
        Status::Changed => "changed",
    }
}

fn responsible(r: &Responsible, lang: Lang) -> String {
    match r {
        Responsible::InHouse => word(lang, "in-house"),
        Responsible::Party(p) => p.clone(),
    }
}

fn endpoint(e: &Endpoint) -> String {
    match e {
        Endpoint::Asset(id) => format!("asset:{id}"),
        Endpoint::Zone(id) => format!("zone:{id}"),
    }
}

fn asset_kind(k: AssetKind) -> &'static str {
    match k {
        AssetKind::Equipment => "equipment",
        AssetKind::Software => "software",
        AssetKind::Data => "data",
        AssetKind::ExternalService => "external-service",
        AssetKind::Network => "network",
    }
}

/// The model word of an asset trait.
pub fn trait_word(t: AssetTrait) -> &'static str {
    match t {
        AssetTrait::GeneralPurpose => "general-purpose",
        AssetTrait::EmbeddedComputer => "embedded-computer",
        AssetTrait::Wireless => "wireless",
        AssetTrait::RemoteAccess => "remote-access",
        AssetTrait::Oss => "oss",
        AssetTrait::CloudHosted => "cloud-hosted",
        AssetTrait::PrivateCloud => "private-cloud",
        AssetTrait::SafetyFunction => "safety-function",
        AssetTrait::EndOfSupport => "end-of-support",
    }
}

/// The model word of a network kind.
pub fn network_word(n: Network) -> &'static str {
    match n {
        Network::Internal => "internal",
        Network::Wireless => "wireless",
        Network::Internet => "internet",
        Network::Vpn => "vpn",
        Network::Carrier => "carrier",
        Network::RemovableMedia => "removable-media",
        Network::MaintenanceLaptop => "maintenance-laptop",
        Network::Serial => "serial",
        Network::Fieldbus => "fieldbus",
    }
}

/// The model word of a flow protection.
pub fn protection_word(p: Protection) -> &'static str {
    match p {
        Protection::Encryption => "encryption",
        Protection::Authentication => "authentication",
        Protection::InputValidation => "input-validation",
        Protection::IntegrityCheck => "integrity-check",
        Protection::Backup => "backup",
    }
}

/// The model word of a checklist answer.
pub fn answer_word(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::No => "no",
        Answer::Partial => "partial",
        Answer::NotApplicable => "n/a",
    }
}

fn level(l: Option<kojo_model::Level>, lang: Lang) -> String {
    l.map(|l| word(lang, l.as_str())).unwrap_or_default()
}

/// Sheet names (in English), in order.
pub const XLSX_SHEETS: &[&str] = &["Risk register", "Zones", "Assets", "Flows", "Checklists"];

/// The keys of the sheets' names in `register.ftl`, in [`XLSX_SHEETS`] order.
const SHEET_KEYS: [&str; 5] = ["register", "zones", "assets", "flows", "checklists"];

/// The sheet names in `lang`, in order.
pub fn xlsx_sheets(lang: Lang) -> Vec<String> {
    SHEET_KEYS
        .iter()
        .map(|k| kojo_lang::text(lang, &format!("register-sheet-{k}")))
        .collect()
}

/// The risk register as an XLSX workbook: the register (same rows as the CSV, with a
/// status list to pick from), and sheets for zones, assets, flows and checklist answers.
/// In Japanese the Zones sheet's requirements and derivations are written in Japanese from
/// the model and `catalog` (the assessment's own are English).
/// The time written as the workbook's creation: `SOURCE_DATE_EPOCH` (seconds since 1970,
/// for reproducible builds) when set and valid, else the latest date the model records (a
/// decision, a review, a measure's due date, the BCP review), else 1970-01-01.
pub fn workbook_time(model: &Model, source_date_epoch: Option<&str>) -> ExcelDateTime {
    if let Some(t) = source_date_epoch
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| ExcelDateTime::from_timestamp(secs).ok())
    {
        return t;
    }
    let latest = model
        .decisions
        .iter()
        .flat_map(|d| [d.date, d.review_by])
        .chain(model.measures.iter().map(|m| m.due))
        .chain(model.factory.bcp.as_ref().map(|b| b.last_review))
        .flatten()
        .max();
    latest
        .and_then(|d| ExcelDateTime::from_ymd(u16::try_from(d.year).ok()?, d.month, d.day).ok())
        .or_else(|| ExcelDateTime::from_timestamp(0).ok())
        .unwrap_or_default()
}

pub fn render_xlsx(
    a: &Assessment,
    model: &Model,
    catalog: &kojo_catalog::Catalog,
    lang: &str,
) -> Result<Vec<u8>, ReportError> {
    let lang = Lang::from_code(lang);
    let mut wb = Workbook::new();
    // The workbook's creation time would otherwise be the clock's: fixed, the same input
    // gives the same bytes.
    let created = workbook_time(model, std::env::var("SOURCE_DATE_EPOCH").ok().as_deref());
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x263238))
        .set_font_color(Color::White)
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let look = Look {
        bold: &bold,
        wrap: &wrap,
        lang,
    };
    let sheets = xlsx_sheets(lang);

    crate::plan::write_plan_sheet(&mut wb, a, lang, &bold, &wrap)?;
    // Risk register.
    {
        let ws = wb.add_worksheet();
        ws.set_name(&sheets[0]).map_err(xl)?;
        let rows: Vec<Vec<String>> = a.findings.iter().map(|f| register_row(f, lang)).collect();
        let widths = [
            11.0, 22.0, 13.0, 7.0, 9.0, 30.0, 40.0, 50.0, 50.0, 14.0, 24.0, 28.0, 30.0, 11.0, 14.0,
            16.0, 11.0, 30.0,
        ];
        table(ws, REGISTER_COLUMNS, &rows, &widths, &look)?;
        if !rows.is_empty() {
            let status_col = REGISTER_COLUMNS
                .iter()
                .position(|c| *c == "status")
                .unwrap_or(14) as u16;
            let statuses: Vec<String> = REGISTER_STATUSES.iter().map(|s| word(lang, s)).collect();
            let dv = DataValidation::new()
                .allow_list_strings(&statuses)
                .map_err(xl)?
                .ignore_blank(true);
            ws.add_data_validation(1, status_col, rows.len() as u32, status_col, &dv)
                .map_err(xl)?;
        }
    }

    // Zones, with the assessment's importance and target SL.
    {
        let ws = wb.add_worksheet();
        ws.set_name(&sheets[1]).map_err(xl)?;
        let cols = [
            "id",
            "name",
            "kind",
            "importance",
            "target_sl",
            "owner",
            "managed_by",
            "status",
            "requirements_within",
            "requirements_between",
            "derivation",
        ];
        let by_id: std::collections::HashMap<&str, &kojo_findings::ZoneAssessment> =
            a.zones.iter().map(|z| (z.id.as_str(), z)).collect();
        let words = crate::text::zone_words(model, catalog, lang);
        let words: std::collections::HashMap<&str, &kojo_assess::ZoneWords> =
            words.iter().map(|w| (w.id.as_str(), w)).collect();
        let sep = lang.pick("; ", "；");
        let rows: Vec<Vec<String>> = model
            .zones
            .iter()
            .map(|z| {
                let za = by_id.get(z.id.as_str());
                let zw = words.get(z.id.as_str());
                let reqs = za.map(|za| zw.map_or(&za.requirements, |w| &w.requirements));
                let between = reqs
                    .map(|reqs| {
                        reqs.between
                            .iter()
                            .map(|(other, reqs)| format!("{other}: {}", reqs.join(sep)))
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
                vec![
                    z.id.clone(),
                    z.name.clone(),
                    word(lang, crate::text::zone_kind_word(z.kind)),
                    za.and_then(|za| za.importance.as_deref())
                        .map(|i| word(lang, i))
                        .unwrap_or_default(),
                    za.and_then(|za| za.target_sl)
                        .or(z.target_sl)
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    z.owner.clone().unwrap_or_default(),
                    responsible(&z.managed_by, lang),
                    word(lang, status_word(z.status)),
                    reqs.map(|r| r.within.join("\n")).unwrap_or_default(),
                    between,
                    za.and_then(|za| za.derivation.as_deref())
                        .map(|d| zw.map_or(d, |w| w.derivation.as_str()).to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect();
        table(
            ws,
            &cols,
            &rows,
            &[
                22.0, 30.0, 12.0, 11.0, 9.0, 18.0, 16.0, 10.0, 50.0, 50.0, 40.0,
            ],
            &look,
        )?;
    }

    // Assets.
    {
        let ws = wb.add_worksheet();
        ws.set_name(&sheets[2]).map_err(xl)?;
        let cols = [
            "id",
            "name",
            "kind",
            "role",
            "zones",
            "operations",
            "importance",
            "safety",
            "quality",
            "delivery",
            "cost",
            "business_continuity",
            "traits",
            "supplier",
            "addresses",
            "sbom",
            "status",
        ];
        let rows: Vec<Vec<String>> = model
            .assets
            .iter()
            .map(|x| {
                vec![
                    x.id.clone(),
                    x.name.clone(),
                    word(lang, asset_kind(x.kind)),
                    x.role.clone().unwrap_or_default(),
                    x.zones.join("; "),
                    x.operations.join("; "),
                    level(x.importance.max(), lang),
                    level(x.importance.safety, lang),
                    level(x.importance.quality, lang),
                    level(x.importance.delivery, lang),
                    level(x.importance.cost, lang),
                    level(x.importance.business_continuity, lang),
                    x.traits
                        .iter()
                        .map(|t| word(lang, trait_word(*t)))
                        .collect::<Vec<_>>()
                        .join("; "),
                    x.supplier.clone().unwrap_or_default(),
                    x.addresses
                        .iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                    x.sbom
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    word(lang, status_word(x.status)),
                ]
            })
            .collect();
        table(
            ws,
            &cols,
            &rows,
            &[22.0, 30.0, 14.0, 14.0, 22.0, 22.0, 11.0],
            &look,
        )?;
    }

    // Flows.
    {
        let ws = wb.add_worksheet();
        ws.set_name(&sheets[3]).map_err(xl)?;
        // One column per model field, named as in the model.
        let cols = kojo_model::vocab::FLOW_FIELDS;
        let rows: Vec<Vec<String>> = model
            .flows
            .iter()
            .map(|f| {
                vec![
                    f.id.clone(),
                    endpoint(&f.from),
                    endpoint(&f.to),
                    f.data.join("; "),
                    word(lang, &f.control.to_string()),
                    word(lang, &f.automated.to_string()),
                    word(lang, network_word(f.network)),
                    f.via.join("; "),
                    f.protocol.clone().unwrap_or_default(),
                    f.protections
                        .iter()
                        .map(|p| word(lang, protection_word(*p)))
                        .collect::<Vec<_>>()
                        .join("; "),
                    word(lang, status_word(f.status)),
                ]
            })
            .collect();
        table(
            ws,
            cols,
            &rows,
            &[
                24.0, 24.0, 24.0, 24.0, 9.0, 10.0, 14.0, 20.0, 12.0, 30.0, 10.0,
            ],
            &look,
        )?;
    }

    // Checklist answers as written in the model.
    {
        let ws = wb.add_worksheet();
        ws.set_name(&sheets[4]).map_err(xl)?;
        let cols = ["party", "checklist", "item", "answer"];
        let mut rows = Vec::new();
        for c in &model.supply_chain {
            for (item, (ans, _)) in &c.answers {
                rows.push(vec![
                    c.party.clone(),
                    word(lang, kojo_catalog::checklist_kind_name(c.checklist)),
                    item.clone(),
                    word(lang, answer_word(*ans)),
                ]);
            }
        }
        table(ws, &cols, &rows, &[22.0, 18.0, 44.0, 10.0], &look)?;
    }

    wb.save_to_buffer().map_err(xl)
}
