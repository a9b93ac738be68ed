//! A factory's audit log for its admins and auditors: every change made in the factory and
//! the logins of the people with access to it, filtered (user, action, entity, date range),
//! paged, with names instead of ids, times in the reader's UTC offset and words in the
//! reader's language; and the same rows as CSV, read in batches so an export of any size
//! holds one batch in memory.

use crate::error::AppError;
use crate::service::access::{Access, Auth, Need};
use crate::state::AppState;
use crate::store::{AuditQuery, AuditRow, Store};
use crate::words::audit as words;
use crate::words::i18n::Tr;
use serde::Serialize;

/// The query parameters of the audit log (page and API); the CSV export also takes `bom`.
pub const PARAMS: &[&str] = &[
    "user", "action", "entity", "id", "from", "to", "tz", "page", "per_page",
];
/// Entries per page unless `per_page` says otherwise, and the most it may say.
pub const DEFAULT_PER_PAGE: i64 = 100;
pub const MAX_PER_PAGE: i64 = 1000;
/// Rows an export reads at a time.
const EXPORT_BATCH: i64 = 1000;
/// The longest filter value kojo reads (ids, names).
const MAX_VALUE_CHARS: usize = 200;

/// A UTC offset the reader chose, in minutes east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offset(i32);

/// The offsets offered: every offset the world's time zones use.
const OFFSETS: &[i32] = &[
    -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0, 60, 120,
    180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720, 765,
    780, 840,
];

impl Offset {
    /// Every offset offered, west to east.
    pub fn all() -> impl Iterator<Item = Offset> {
        OFFSETS.iter().map(|m| Offset(*m))
    }

    /// `UTC` (also `Z`, `+00:00`) or `±HH:MM` of an offered offset. A `+` sent unencoded in
    /// a query arrives as a space and counts as `+`.
    pub fn parse(s: &str) -> Option<Offset> {
        let s = s.trim_end();
        if matches!(s.trim(), "UTC" | "utc" | "Z" | "z") {
            return Some(Offset(0));
        }
        let (sign, rest) = match s.chars().next()? {
            '+' | ' ' => (1, &s[1..]),
            '-' => (-1, &s[1..]),
            _ => return None,
        };
        let (h, m) = rest.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let minutes = sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?);
        OFFSETS.contains(&minutes).then_some(Offset(minutes))
    }

    /// `UTC` or `+09:00`: what forms send and the cookie keeps.
    pub fn code(self) -> String {
        if self.0 == 0 {
            return "UTC".into();
        }
        let sign = if self.0 < 0 { '-' } else { '+' };
        let m = self.0.abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }

    /// `UTC` or `UTC+09:00`, as the select shows it.
    pub fn label(self) -> String {
        if self.0 == 0 {
            "UTC".into()
        } else {
            format!("UTC{}", self.code())
        }
    }

    fn utc_offset(self) -> time::UtcOffset {
        time::UtcOffset::from_whole_seconds(self.0 * 60).unwrap_or(time::UtcOffset::UTC)
    }

    /// The wall-clock time of `ms` (epoch ms) at this offset.
    fn at(self, ms: i64) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
            .to_offset(self.utc_offset())
    }

    /// `2026-11-25 14:03:12` at this offset (the page's column says which offset).
    pub fn show(self, ms: i64) -> String {
        let t = self.at(ms);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }

    /// ISO 8601 at this offset: `2026-11-25T14:03:12+09:00`, in UTC `2026-11-25T05:03:12Z`.
    pub fn iso(self, ms: i64) -> String {
        let zone = if self.0 == 0 { "Z".into() } else { self.code() };
        format!("{}{zone}", self.show(ms).replace(' ', "T"))
    }

    /// Epoch ms of the midnight that starts `date` (`YYYY-MM-DD`) at this offset.
    fn midnight(self, date: &str) -> Option<i64> {
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
        let day = time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()?;
        let t = day.midnight().assume_offset(self.utc_offset());
        Some((t.unix_timestamp_nanos() / 1_000_000) as i64)
    }
}

/// The audit log's query as given (every value as typed; empty = not given).
#[derive(Debug, Clone, Default)]
pub struct AuditAsk {
    pub user: String,
    pub action: String,
    pub entity: String,
    pub id: String,
    pub from: String,
    pub to: String,
    pub tz: String,
    pub page: String,
    pub per_page: String,
    /// CSV only: `1` starts the file with a byte-order mark (for Excel).
    pub bom: String,
}

impl AuditAsk {
    /// Reads a query string; an unknown parameter is refused, naming the known ones.
    pub fn from_query(raw: &str, csv: bool) -> Result<AuditAsk, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).map_err(|e| {
            AppError::BadRequest(format!("the audit log's query cannot be read: {e}"))
        })?;
        let mut a = AuditAsk::default();
        for (k, v) in pairs {
            if v.chars().count() > MAX_VALUE_CHARS {
                return Err(AppError::BadRequest(format!(
                    "the audit log's filter {k} has at most {MAX_VALUE_CHARS} characters"
                )));
            }
            let slot = match k.as_str() {
                "user" => &mut a.user,
                "action" => &mut a.action,
                "entity" => &mut a.entity,
                "id" => &mut a.id,
                "from" => &mut a.from,
                "to" => &mut a.to,
                "tz" => &mut a.tz,
                "page" => &mut a.page,
                "per_page" => &mut a.per_page,
                "bom" if csv => &mut a.bom,
                _ => {
                    let mut known = PARAMS.to_vec();
                    if csv {
                        known.push("bom");
                    }
                    return Err(AppError::BadRequest(format!(
                        "{k:?} is not a filter of the audit log; its filters are {}",
                        known.join(", ")
                    )));
                }
            };
            *slot = v;
        }
        Ok(a)
    }

    /// The query string of this filter at page `page` (`None`: no page), for links.
    pub fn query(&self, page: Option<i64>) -> String {
        super::link_query(
            &[
                ("user", &self.user),
                ("action", &self.action),
                ("entity", &self.entity),
                ("id", &self.id),
                ("from", &self.from),
                ("to", &self.to),
                ("tz", &self.tz),
                ("per_page", &self.per_page),
            ],
            page,
        )
    }
}

/// A query checked against the factory: what the store reads and how it is shown.
struct Resolved {
    access: Access,
    query: AuditQuery,
    tz: Offset,
    /// Whether the reader chose the offset (in the query or earlier, kept in the cookie).
    tz_chosen: bool,
    page: i64,
    per_page: i64,
    ask: AuditAsk,
    people: Vec<(String, String)>,
}

/// The names in a list for a message, the first 30 of them.
fn some_of(names: impl Iterator<Item = String>) -> String {
    let all: Vec<String> = names.collect();
    let mut s = all.iter().take(30).cloned().collect::<Vec<_>>().join(", ");
    if all.len() > 30 {
        s.push_str(", …");
    }
    s
}

/// Checks every filter value against the factory; an unknown value is refused with what
/// would be allowed, never answered with an empty page.
async fn resolve(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    mut ask: AuditAsk,
    tz_cookie: Option<&str>,
) -> Result<Resolved, AppError> {
    let access = auth.factory(st, fid, Need::Audit).await?;
    // Checked after the role: a refused reader learns nothing from a bad filter.
    let (tz, tz_chosen) = match ask.tz.trim() {
        "" => match tz_cookie.and_then(Offset::parse) {
            Some(o) => (o, true),
            None => (Offset::default(), false),
        },
        t => (
            // Untrimmed: a `+` sent unencoded arrives as a leading space.
            Offset::parse(&ask.tz).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "time zone {t:?} is not one of {}",
                    Offset::all()
                        .map(Offset::code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?,
            true,
        ),
    };
    if !ask.tz.trim().is_empty() {
        ask.tz = tz.code();
    }
    let mut query = AuditQuery {
        factory_id: fid.to_string(),
        ..AuditQuery::default()
    };
    let people = st.store.audit_people(fid).await?;
    let user = ask.user.trim().to_string();
    if !user.is_empty() {
        let id = match people.iter().find(|(_, n)| *n == user) {
            Some((id, _)) => Some(id.clone()),
            // Someone who had access once and is no longer among those the factory
            // names (a deleted site admin): allowed when the log has their rows.
            None => match st.store.user_any_by_name(&user).await? {
                Some(u) => {
                    let q = AuditQuery {
                        user_id: Some(u.id.clone()),
                        ..query.clone()
                    };
                    (st.store.audit_count(&q).await? > 0).then_some(u.id)
                }
                None => None,
            },
        };
        let Some(id) = id else {
            return Err(AppError::BadRequest(format!(
                "no one named {user:?} appears in this factory's audit log; its people are {}",
                some_of(people.iter().map(|p| p.1.clone()))
            )));
        };
        query.user_id = Some(id);
    }
    let action = ask.action.trim().to_string();
    if !action.is_empty() {
        let known = words::ACTIONS.iter().any(|a| a.0 == action) || {
            let q = AuditQuery {
                action: Some(action.clone()),
                ..query.clone()
            };
            st.store.audit_count(&q).await? > 0
        };
        if !known {
            return Err(AppError::BadRequest(format!(
                "action {action:?} is not an action of the audit log; its actions are {}",
                some_of(words::ACTIONS.iter().map(|a| a.0.to_string()))
            )));
        }
        query.action = Some(action);
    }
    let entity = ask.entity.trim().to_string();
    if !entity.is_empty() {
        if !words::ENTITIES.iter().any(|e| e.0 == entity) {
            return Err(AppError::BadRequest(format!(
                "entity {entity:?} is not a kind of target of the audit log; its kinds are {}",
                some_of(words::ENTITIES.iter().map(|e| e.0.to_string()))
            )));
        }
        query.entity = Some(entity.clone());
    }
    let id = ask.id.trim().to_string();
    if !id.is_empty() {
        if query.entity.is_none() {
            return Err(AppError::BadRequest(
                "an id in the audit log's filter needs its entity (entity=KIND, e.g. entity=asset&id=line-plc)".into(),
            ));
        }
        query.entity_ids.push(id.clone());
        // A user is named by id in some targets and by name in others.
        if entity == "user"
            && let Some((uid, _)) = people.iter().find(|(_, n)| *n == id)
        {
            query.entity_ids.push(uid.clone());
        }
    }
    let day = |v: &str, bad: fn(&str) -> String| -> Result<Option<i64>, AppError> {
        match v.trim() {
            "" => Ok(None),
            d => tz
                .midnight(d)
                .map(Some)
                .ok_or_else(|| AppError::BadRequest(bad(d))),
        }
    };
    query.from_ms = day(&ask.from, |d| {
        format!("from {d:?} is not a calendar date written YYYY-MM-DD")
    })?;
    let to_start = day(&ask.to, |d| {
        format!("to {d:?} is not a calendar date written YYYY-MM-DD")
    })?;
    if let (Some(f), Some(t)) = (query.from_ms, to_start)
        && f > t
    {
        return Err(AppError::BadRequest(format!(
            "from {} is after to {}: the date range is empty",
            ask.from.trim(),
            ask.to.trim()
        )));
    }
    // `to` is the last day shown, all of it.
    query.until_ms = to_start.map(|t| t + crate::store::DAY_MS);
    let page = match ask.page.trim() {
        "" => 1,
        p => p.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
            AppError::BadRequest(format!("page {p:?} is not a page number (1, 2, …)"))
        })?,
    };
    let per_page = match ask.per_page.trim() {
        "" => DEFAULT_PER_PAGE,
        p => p
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "per_page {p:?} is not a number from 1 to {MAX_PER_PAGE}"
                ))
            })?,
    };
    Ok(Resolved {
        access,
        query,
        tz,
        tz_chosen,
        page,
        per_page,
        ask,
        people,
    })
}

/// One entry of the audit log as a reader sees it; the stored values beside the words.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditLine {
    pub id: i64,
    /// Epoch milliseconds.
    pub at: i64,
    /// ISO 8601 in UTC (`2026-11-25T05:03:12Z`).
    pub at_utc: String,
    /// ISO 8601 at the reader's offset (`2026-11-25T14:03:12+09:00`).
    pub at_local: String,
    /// The time at the reader's offset as the page shows it.
    #[serde(skip)]
    pub at_shown: String,
    pub user_id: Option<String>,
    /// The user's name (the command line's changes have none).
    pub user: String,
    pub factory_id: Option<String>,
    /// The stored action (`asset.update`) and its words in the reader's language.
    pub action: String,
    pub action_text: String,
    /// The kind of target (`asset`), the stored target (`asset:line-plc`) and its words.
    pub entity: String,
    pub target: String,
    pub target_text: String,
    /// The stored values before and after (JSON where the change has them).
    pub before: Option<String>,
    pub after: Option<String>,
    /// The same values in words (`Role: viewer; Party: —`).
    pub before_text: String,
    pub after_text: String,
}

/// A value of a before/after object in words; epoch times at the reader's offset.
fn value_words(key: &str, v: &serde_json::Value, lang: &str, tz: Offset, depth: u8) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => words::yes_no(*b, lang).into(),
        Value::Number(n) => match (key, n.as_i64()) {
            ("expires_at", Some(ms)) => format!("{} {}", tz.show(ms), tz.label()),
            _ => n.to_string(),
        },
        Value::String(s) => match key {
            "role" | "status" | "kind" | "answer" => {
                kojo_lang::value(kojo_lang::Lang::from_code(lang), s).to_string()
            }
            // A hash is told apart by its start; the CSV and the API keep all of it.
            "sha256" if s.chars().count() > 12 => {
                format!("{}…", s.chars().take(12).collect::<String>())
            }
            _ => s.clone(),
        },
        Value::Array(items) => {
            let sep = if items.iter().any(|i| i.is_object()) {
                " | "
            } else {
                ", "
            };
            // Objects in a list are each in braces.
            items
                .iter()
                .map(|i| value_words(key, i, lang, tz, depth.max(1)))
                .collect::<Vec<_>>()
                .join(sep)
        }
        Value::Object(_) if depth > 2 => v.to_string(),
        Value::Object(map) => {
            let pairs = map.iter().map(|(k, v)| {
                let name = words::lookup(words::FIELDS, k, lang).unwrap_or(k);
                format!("{name}: {}", value_words(k, v, lang, tz, depth + 1))
            });
            // The outermost object's fields are parted by `;`, inner ones sit in braces.
            if depth == 0 {
                pairs.collect::<Vec<_>>().join("; ")
            } else {
                format!("{{{}}}", pairs.collect::<Vec<_>>().join(", "))
            }
        }
    }
}

/// A stored before/after value in words: a JSON object as `Field: value` pairs, a model
/// version (`v3`) as `version 3`, any other text as it is.
fn detail(raw: Option<&str>, lang: &str, tz: Offset) -> String {
    let Some(raw) = raw else {
        return String::new();
    };
    if let Some(n) = raw.strip_prefix('v')
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        return words::model_version(n, lang);
    }
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(v @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
            value_words("", &v, lang, tz, 0)
        }
        _ => raw.to_string(),
    }
}

/// The kind of a target and the target in words: `Protected object line-plc`, `User
/// alice` (the name for a stored id), `Supplier checklist of acme: ITEM`.
fn target_words(row: &AuditRow, lang: &str) -> (String, String) {
    let Some((kind, rest)) = row.target.split_once(':') else {
        return (String::new(), row.target.clone());
    };
    let Some(kind_word) = words::lookup(words::ENTITIES, kind, lang) else {
        return (kind.to_string(), row.target.clone());
    };
    let what = match kind {
        "model" => match rest.strip_prefix('v') {
            Some(n) => words::model_version(n, lang),
            None => rest.to_string(),
        },
        "party" => {
            if let Some((party, item)) = rest.split_once('/') {
                return (kind.to_string(), words::checklist_item(party, item, lang));
            }
            rest.to_string()
        }
        "finding" => rest.split(',').collect::<Vec<_>>().join(", "),
        "user" | "review" | "upload" | "token" | "factory" => {
            row.target_name.clone().unwrap_or_else(|| rest.to_string())
        }
        _ => rest.to_string(),
    };
    (kind.to_string(), format!("{kind_word} {what}"))
}

/// A stored row as the reader sees it.
fn line(row: AuditRow, t: Tr, tz: Offset) -> AuditLine {
    let lang = t.lang;
    let (entity, target_text) = target_words(&row, lang);
    let user = match (&row.username, &row.user_id) {
        (Some(n), _) => n.clone(),
        (None, None) => t.w("au_cli").to_string(),
        (None, Some(id)) => id.clone(),
    };
    AuditLine {
        id: row.id,
        at: row.at,
        at_utc: Offset(0).iso(row.at),
        at_local: tz.iso(row.at),
        at_shown: tz.show(row.at),
        user_id: row.user_id.clone(),
        user,
        factory_id: row.factory_id.clone(),
        action_text: words::lookup(words::ACTIONS, &row.action, lang)
            .map_or_else(|| row.action.clone(), str::to_string),
        action: row.action.clone(),
        entity,
        target_text,
        target: row.target.clone(),
        before_text: detail(row.before.as_deref(), lang, tz),
        after_text: detail(row.after.as_deref(), lang, tz),
        before: row.before,
        after: row.after,
    }
}

/// One page of a factory's audit log with what the filter form offers.
pub struct AuditView {
    pub access: Access,
    pub lines: Vec<AuditLine>,
    /// Entries the filter keeps on all pages.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// The number of pages (at least 1).
    pub pages: i64,
    pub tz: Offset,
    pub tz_chosen: bool,
    /// The filter as given (normalised time zone), for the form and the links.
    pub ask: AuditAsk,
    /// The names the user filter offers.
    pub people: Vec<String>,
}

/// One page of factory `fid`'s audit log for an admin or auditor. `tz_cookie` is the offset
/// the reader chose earlier.
pub async fn view(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    ask: AuditAsk,
    tz_cookie: Option<&str>,
) -> Result<AuditView, AppError> {
    let r = resolve(st, auth, fid, ask, tz_cookie).await?;
    let total = st.store.audit_count(&r.query).await?;
    let rows = st
        .store
        .audit_rows(
            &r.query,
            None,
            r.per_page,
            (r.page - 1).saturating_mul(r.per_page),
        )
        .await?;
    let t = Tr::new(&auth.user.lang);
    let mut people: Vec<String> = r.people.into_iter().map(|p| p.1).collect();
    if !r.ask.user.trim().is_empty() && !people.iter().any(|p| p == r.ask.user.trim()) {
        people.push(r.ask.user.trim().to_string());
    }
    Ok(AuditView {
        access: r.access,
        lines: rows.into_iter().map(|row| line(row, t, r.tz)).collect(),
        total,
        page: r.page,
        per_page: r.per_page,
        pages: ((total + r.per_page - 1) / r.per_page).max(1),
        tz: r.tz,
        tz_chosen: r.tz_chosen,
        ask: r.ask,
        people,
    })
}

/// Every entry a filter keeps, as CSV in the reader's language, produced a batch at a time
/// ([`AuditExport::next_chunk`]).
pub struct AuditExport {
    store: Store,
    query: AuditQuery,
    t: Tr,
    tz: Offset,
    bom: bool,
    /// The id the next batch reads below (`None`: the first batch).
    below: Option<i64>,
    started: bool,
    done: bool,
    /// The offset the reader chose in the query (to keep in the cookie).
    pub tz_asked: Option<Offset>,
}

/// The CSV export of factory `fid`'s audit log under the filter of `ask` (its page and
/// page size are ignored: the export holds every entry the filter keeps).
pub async fn export(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    ask: AuditAsk,
    tz_cookie: Option<&str>,
) -> Result<AuditExport, AppError> {
    let bom = match ask.bom.trim() {
        "" | "0" => false,
        "1" => true,
        b => {
            return Err(AppError::BadRequest(format!(
                "bom {b:?} is not 0 or 1 (1 starts the file with a byte-order mark)"
            )));
        }
    };
    let tz_asked = !ask.tz.trim().is_empty();
    let r = resolve(st, auth, fid, ask, tz_cookie).await?;
    Ok(AuditExport {
        store: st.store.clone(),
        query: r.query,
        t: Tr::new(&auth.user.lang),
        tz: r.tz,
        bom,
        below: None,
        started: false,
        done: false,
        tz_asked: tz_asked.then_some(r.tz),
    })
}

impl AuditExport {
    /// The next part of the CSV (the header with the first rows), `None` after the last.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, AppError> {
        if self.done {
            return Ok(None);
        }
        let rows = self
            .store
            .audit_rows(&self.query, self.below, EXPORT_BATCH, 0)
            .await?;
        self.done = (rows.len() as i64) < EXPORT_BATCH;
        self.below = rows.last().map(|r| r.id).or(self.below);
        let first = !self.started;
        self.started = true;
        let mut out: Vec<u8> = Vec::new();
        if first && self.bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut out);
        let csv_err = |e: csv::Error| AppError::Internal(anyhow::anyhow!("CSV: {e}"));
        if first {
            let t = self.t;
            let local = format!("{} ({})", t.w("when"), self.tz.label());
            w.write_record([
                t.w("au_at_utc"),
                local.as_str(),
                t.w("who"),
                t.w("action"),
                t.w("au_action_code"),
                t.w("target"),
                t.w("au_target_code"),
                t.w("before"),
                t.w("after"),
            ])
            .map_err(csv_err)?;
        }
        for row in rows {
            let l = line(row, self.t, self.tz);
            w.write_record([
                l.at_utc.as_str(),
                l.at_local.as_str(),
                l.user.as_str(),
                l.action_text.as_str(),
                l.action.as_str(),
                l.target_text.as_str(),
                l.target.as_str(),
                l.before.as_deref().unwrap_or(""),
                l.after.as_deref().unwrap_or(""),
            ])
            .map_err(csv_err)?;
        }
        w.flush()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV: {e}")))?;
        drop(w);
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_show_and_bound_days() {
        let jst = Offset::parse("+09:00");
        assert_eq!(jst, Some(Offset(540)));
        // A `+` sent unencoded in a query arrives as a space.
        assert_eq!(Offset::parse(" 09:00"), jst);
        assert_eq!(Offset::parse("UTC"), Some(Offset(0)));
        assert_eq!(Offset::parse("Z"), Some(Offset(0)));
        assert_eq!(Offset::parse("-09:30"), Some(Offset(-570)));
        for bad in ["+01:15", "+15:00", "09:00", "+9:00", "+09", "JST", ""] {
            assert_eq!(Offset::parse(bad), None, "{bad}");
        }
        let jst = Offset(540);
        assert_eq!(
            (jst.code(), jst.label()),
            ("+09:00".into(), "UTC+09:00".into())
        );
        assert_eq!(
            (Offset(0).code(), Offset(0).label()),
            ("UTC".into(), "UTC".into())
        );
        let t = 1_795_582_992_000; // 2026-11-25T05:03:12Z
        assert_eq!(Offset(0).iso(t), "2026-11-25T05:03:12Z");
        assert_eq!(jst.iso(t), "2026-11-25T14:03:12+09:00");
        assert_eq!(jst.show(t), "2026-11-25 14:03:12");
        assert_eq!(Offset(-570).iso(0), "1969-12-31T14:30:00-09:30");
        assert_eq!(Offset(345).iso(0), "1970-01-01T05:45:00+05:45");
        // A day starts at midnight at the offset; a day the month lacks is no day.
        assert_eq!(jst.midnight("2028-02-29"), Some(1_835_362_800_000));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-01-01",
            "2026-1-1",
            "2026-01-01-01",
        ] {
            assert_eq!(jst.midnight(bad), None, "{bad}");
        }
    }

    #[test]
    fn before_and_after_values_read_as_words() {
        let utc = Offset(0);
        assert_eq!(
            detail(Some(r#"{"role":"viewer","party":null}"#), "ja", utc),
            "外部組織: —; 役割: 閲覧者"
        );
        assert_eq!(
            detail(Some(r#"{"role":"viewer","party":null}"#), "en", utc),
            "Party: —; Role: viewer"
        );
        assert_eq!(detail(Some("v3"), "en", utc), "version 3");
        assert_eq!(detail(Some("v3"), "ja", utc), "版 3");
        assert_eq!(detail(None, "en", utc), "");
        assert_eq!(detail(Some("free text"), "en", utc), "free text");
        assert_eq!(
            detail(
                Some(r#"{"expires_at":1795582992000,"admin":true}"#),
                "en",
                Offset(540)
            ),
            "Site admin: yes; Expires: 2026-11-25 14:03:12 UTC+09:00"
        );
        assert_eq!(
            detail(
                Some(
                    r#"[{"finding":"F-1","status":"accepted"},{"finding":"F-2","status":"mitigated"}]"#
                ),
                "en",
                utc
            ),
            "{Finding: F-1, Status: accepted} | {Finding: F-2, Status: mitigated}"
        );
        assert_eq!(
            detail(
                Some(r#"{"version":4,"entity":{"id":"oa","zones":["a","b"]}}"#),
                "en",
                utc
            ),
            "Entry: {id: oa, zones: a, b}; Version: 4"
        );
    }
}
