//! The risk register read back (`kojo decisions import`, the web's register upload): each
//! row's `status`, `decision_reason` (or `notes`), `review_by`, `owner`, `due` and an optional
//! `ticket` column become a decision on the row's finding. Columns are found by their header,
//! so a team may reorder or add columns. Every row is accounted for: applied, unchanged, or
//! refused with the reason; nothing is written here (the caller writes the model text with
//! `kojo_model::decide`).

use crate::ReportError;
use kojo_findings::Assessment;
use kojo_lang::Message;
use kojo_model::{Date, Decision, Model};
use std::collections::HashMap;

/// One row of the register as read: its row number as the spreadsheet shows it (the header
/// is row 1) and its cells by column header.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    pub row: usize,
    pub cells: HashMap<String, String>,
}

impl RegisterRow {
    fn get(&self, col: &str) -> &str {
        self.cells.get(col).map_or("", |s| s.trim())
    }
}

/// What happened to one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The decision is written (new or changed).
    Applied,
    /// The model already says that (or the row is open and has no decision).
    Unchanged,
    /// Not applied, with the reason.
    Refused(Message),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowResult {
    pub row: usize,
    pub finding: String,
    /// The status the row asks for (as written).
    pub status: String,
    pub outcome: Outcome,
}

/// Every row's outcome and the decisions to write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPlan {
    pub rows: Vec<RowResult>,
    pub changes: Vec<Decision>,
}

impl ImportPlan {
    /// (applied, unchanged, refused)
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |f: fn(&Outcome) -> bool| self.rows.iter().filter(|r| f(&r.outcome)).count();
        (
            n(|o| *o == Outcome::Applied),
            n(|o| *o == Outcome::Unchanged),
            n(|o| matches!(o, Outcome::Refused(_))),
        )
    }
}

/// The register's rows from an XLSX workbook (its first sheet) or CSV text; `xlsx` chooses.
pub fn read_register(bytes: &[u8], xlsx: bool) -> Result<Vec<RegisterRow>, ReportError> {
    let table: Vec<Vec<String>> = if xlsx {
        use calamine::{Data, Reader, Xlsx};
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
            .map_err(|e| ReportError(format!("not an XLSX workbook: {e}")))?;
        let range = wb
            .worksheet_range_at(0)
            .ok_or_else(|| ReportError("the workbook has no sheet".into()))?
            .map_err(|e| ReportError(format!("cannot read the first sheet: {e}")))?;
        let cell = |d: &Data| match d {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            Data::DateTime(x) => excel_date(x.as_f64()).unwrap_or_else(|| d.to_string()),
            Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
            other => other.to_string(),
        };
        range.rows().map(|r| r.iter().map(cell).collect()).collect()
    } else {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut out = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| ReportError(format!("CSV row {}: {e}", i + 1)))?;
            out.push(rec.iter().map(unguard).collect());
        }
        out
    };
    let mut it = table.into_iter();
    let header: Vec<String> = it
        .next()
        .ok_or_else(|| ReportError("the register is empty (no header row)".into()))?
        .into_iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for need in ["id", "status"] {
        if !header.iter().any(|h| h == need) {
            return Err(ReportError(format!(
                "the register has no `{need}` column; its header row is: {}",
                header.join(", ")
            )));
        }
    }
    Ok(it
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| RegisterRow {
            row: i + 2,
            cells: header.iter().cloned().zip(cells).collect(),
        })
        .collect())
}

/// A CSV cell as kojo wrote it, without the `'` that guards formula-like text.
fn unguard(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => s.to_string(),
    }
}

/// An Excel date serial (days since 1899-12-30) as an ISO date.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    Some(Date::from_days_since_epoch(serial.floor() as i64 - 25_569).to_string())
}

fn refuse(row: &RegisterRow, id: &str, status: &str, msg: Message) -> RowResult {
    RowResult {
        row: row.row,
        finding: id.to_string(),
        status: status.to_string(),
        outcome: Outcome::Refused(msg),
    }
}

/// Each row of `rows` matched to the finding of `assessment` with its id and turned into a
/// decision for `model`; `today` is the date of a new or changed decision.
pub fn plan_import(
    rows: &[RegisterRow],
    assessment: &Assessment,
    model: &Model,
    today: Date,
) -> ImportPlan {
    let findings: std::collections::HashSet<&str> =
        assessment.findings.iter().map(|f| f.id.as_str()).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut plan = ImportPlan::default();
    for r in rows {
        let id = r.get("id").to_string();
        let raw = r.get("status");
        // The register shows an expired acceptance as "accepted (expired)".
        let status_word = raw
            .strip_suffix("(expired)")
            .map_or(raw, str::trim)
            .to_ascii_lowercase();
        let m = |id: &'static str| Message::new(id).arg("row", r.row).arg("finding", id_of(r));
        if id.is_empty() {
            plan.rows
                .push(refuse(r, &id, raw, m("decisions-refused-no-id")));
            continue;
        }
        if !findings.contains(id.as_str()) {
            plan.rows
                .push(refuse(r, &id, raw, m("decisions-refused-unknown")));
            continue;
        }
        if let Some(first) = seen.get(&id) {
            plan.rows.push(refuse(
                r,
                &id,
                raw,
                m("decisions-refused-duplicate").arg("first", *first),
            ));
            continue;
        }
        seen.insert(id.clone(), r.row);
        let existing = model.decisions.iter().rfind(|d| d.finding == id);
        if status_word.is_empty() || status_word == "open" {
            let outcome = match existing {
                None => Outcome::Unchanged,
                Some(_) => Outcome::Refused(m("decisions-refused-reopen")),
            };
            plan.rows.push(RowResult {
                row: r.row,
                finding: id,
                status: raw.to_string(),
                outcome,
            });
            continue;
        }
        let Some(status) = kojo_model::vocab::DECISION_STATUSES
            .iter()
            .find(|(w, _)| *w == status_word)
            .map(|(_, s)| *s)
        else {
            plan.rows.push(refuse(
                r,
                &id,
                raw,
                m("decisions-refused-status").arg("status", raw).arg(
                    "allowed",
                    "open, accepted, in-progress, mitigated, false-positive",
                ),
            ));
            continue;
        };
        let mut bad_date = None;
        let mut date = |col: &'static str| {
            let v = r.get(col);
            if v.is_empty() {
                return None;
            }
            let d = Date::parse(v);
            if d.is_none() && bad_date.is_none() {
                bad_date = Some((col, v.to_string()));
            }
            d
        };
        let (review_by, due) = (date("review_by"), date("due"));
        if let Some((col, v)) = bad_date {
            plan.rows.push(refuse(
                r,
                &id,
                raw,
                m("decisions-refused-date")
                    .arg("column", col)
                    .arg("value", v),
            ));
            continue;
        }
        let owner = Some(r.get("owner").to_string()).filter(|s| !s.is_empty());
        if let Some(o) = &owner
            && !model.departments.iter().any(|d| &d.id == o)
            && !model.parties.iter().any(|p| &p.id == o)
        {
            plan.rows.push(refuse(
                r,
                &id,
                raw,
                m("decisions-refused-owner").arg("owner", o),
            ));
            continue;
        }
        if existing.is_some_and(|d| d.loc.file != 0) {
            plan.rows
                .push(refuse(r, &id, raw, m("decisions-refused-included")));
            continue;
        }
        let text = |c: &str| Some(r.get(c).to_string()).filter(|s| !s.is_empty());
        let d = Decision {
            finding: id.clone(),
            status,
            reason: text("decision_reason").or_else(|| text("notes")),
            by: existing.and_then(|d| d.by.clone()),
            date: existing.and_then(|d| d.date),
            review_by,
            owner,
            due,
            // The register kojo writes has no ticket column: a ticket stays unless one is given.
            ticket: if r.cells.contains_key("ticket") {
                text("ticket")
            } else {
                existing.and_then(|d| d.ticket.clone())
            },
            loc: Default::default(),
        };
        let same = existing.is_some_and(|e| kojo_model::decide::same(e, &d));
        plan.rows.push(RowResult {
            row: r.row,
            finding: id,
            status: raw.to_string(),
            outcome: if same {
                Outcome::Unchanged
            } else {
                Outcome::Applied
            },
        });
        if !same {
            plan.changes.push(Decision {
                date: Some(today),
                ..d
            });
        }
    }
    plan
}

fn id_of(r: &RegisterRow) -> String {
    r.get("id").to_string()
}
