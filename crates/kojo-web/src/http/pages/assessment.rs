//! The assessment's findings (searched, filtered, sorted, paged), their exports, triage
//! from the page, and the HTML report.

use super::*;
use crate::service::findings::FindingsAsk;
use axum::extract::RawQuery;

pub(super) struct FindingRow {
    id: String,
    step: String,
    severity: &'static str,
    title: String,
    detail: String,
    subjects: String,
    recommendation: String,
    reference: String,
    /// The uploads that produced it (file names), empty for the model's own findings.
    source: String,
    /// The model's decision on it: status (empty when none), its details, and whether an
    /// acceptance has passed its review-by date.
    decision: String,
    decision_detail: String,
    decision_expired: bool,
}

/// A decision's details as one line: reason, owner, due, review-by, ticket.
fn decision_detail(d: &kojo_findings::FindingDecision, t: Tr) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(r) = &d.reason {
        parts.push(r.clone());
    }
    for (k, v) in [
        ("tr_owner", &d.owner),
        ("tr_due", &d.due),
        ("tr_review_by", &d.review_by),
        ("tr_ticket", &d.ticket),
    ] {
        if let Some(v) = v {
            let label = t.w(k);
            let label = label.split(" (").next().unwrap_or(label);
            parts.push(format!("{label}: {v}"));
        }
    }
    parts.join(" · ")
}

/// A link of the page numbers: a number, or a gap between them (`gap`).
pub(super) struct PageLink {
    n: usize,
    query: String,
    current: bool,
    gap: bool,
}

/// The pager: first, previous, the numbers around the current page, next, last (queries).
pub(super) struct Pager {
    first: Option<String>,
    prev: Option<String>,
    links: Vec<PageLink>,
    next: Option<String>,
    last: Option<String>,
}

/// The pager of a view of `pages` pages at `page`; every link keeps the filters.
fn pager(ask: &FindingsAsk, page: usize, pages: usize) -> Pager {
    let mut links = Vec::new();
    let mut prev = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= 2 {
            if n > prev + 1 {
                links.push(PageLink {
                    n: 0,
                    query: String::new(),
                    current: false,
                    gap: true,
                });
            }
            links.push(PageLink {
                n,
                query: ask.query(Some(n)),
                current: n == page,
                gap: false,
            });
            prev = n;
        }
    }
    let at = |ok: bool, n: usize| ok.then(|| ask.query(Some(n)));
    Pager {
        first: at(page > 1, 1),
        prev: at(page > 1, page.saturating_sub(1).clamp(1, pages)),
        links,
        next: at(page < pages, page + 1),
        last: at(page < pages, pages),
    }
}

#[derive(Template)]
#[template(path = "assessment.html")]
pub(super) struct AssessmentPage {
    b: Base,
    /// The query as given, for the form.
    ask: FindingsAsk,
    /// What the selects offer: zones (id, name), kinds, steps, severities, decisions,
    /// sources and orders (value, words).
    zones: Vec<(String, String)>,
    kinds: Vec<String>,
    steps: Vec<String>,
    severities: Vec<&'static str>,
    decisions: Vec<(&'static str, String)>,
    sources: Vec<(&'static str, String)>,
    sorts: Vec<(&'static str, String)>,
    per_pages: Vec<usize>,
    per_page: usize,
    findings: Vec<FindingRow>,
    /// The findings the filter keeps (all pages), the first one shown (1-based), the last.
    total: usize,
    first: usize,
    last: usize,
    pages: usize,
    pager: Pager,
    /// The view's query without a page (the exports), and the last page's.
    query: String,
    last_query: String,
    formats: Vec<(&'static str, String)>,
    ooda: Vec<(String, Vec<String>)>,
    error: Option<String>,
    /// Whether the user may record decisions (editors); viewers see no triage form.
    can_edit: bool,
    /// The model version the findings are of (the triage form's base version).
    version: i64,
    /// This page's query, for coming back to it after a triage.
    here: String,
    statuses: [&'static str; 4],
}

pub(super) fn ooda_rows(ir: &kojo_model::IncidentResponse, t: Tr) -> Vec<(String, Vec<String>)> {
    let step = |s: &Option<kojo_model::OodaStep>| match s {
        Some(s) => {
            let lead = s.lead.clone().unwrap_or_default();
            if s.decides.is_empty() {
                lead
            } else {
                format!("{lead} ({}: {})", t.w("decides"), s.decides.join(", "))
            }
        }
        None => "—".to_string(),
    };
    let mut rows = Vec::new();
    for (name, stage) in [("preventive", &ir.preventive), ("damage", &ir.damage)] {
        if let Some(st) = stage {
            rows.push((
                name.to_string(),
                vec![
                    step(&st.observe),
                    step(&st.orient),
                    step(&st.decide),
                    step(&st.act),
                ],
            ));
        }
    }
    rows
}

/// A finding as the page shows it, in language `t`.
fn row(f: &kojo_findings::Finding, t: Tr) -> FindingRow {
    let text = f.text(t.lang);
    FindingRow {
        id: f.id.clone(),
        step: f.step.clone(),
        severity: f.severity.as_str(),
        title: text.title,
        detail: text.detail,
        subjects: f.subjects.join(", "),
        recommendation: text.recommendation,
        reference: f.reference.clone(),
        source: f
            .facts
            .get("source_files")
            .and_then(|v| v.as_array())
            .map(|v| {
                v.iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        decision: f
            .decision
            .as_ref()
            .map(|d| d.status.as_str().to_string())
            .unwrap_or_default(),
        decision_detail: f
            .decision
            .as_ref()
            .map(|d| decision_detail(d, t))
            .unwrap_or_default(),
        decision_expired: f.decision.as_ref().is_some_and(|d| d.expired),
    }
}

/// The assessment page: one page of the view the query asks for (search, filters, order),
/// from the findings index held for the model version; only the shown rows are made.
pub(super) async fn assessment_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let (ask, extra) = FindingsAsk::from_query(raw.as_deref().unwrap_or(""), &["saved"])?;
    let v = crate::service::findings::view(&st, &auth, &fid, &ask).await?;
    let b = base(Some(&auth), "assessment", Some(&v.access));
    let t = b.t;
    let f = &v.filter;
    let mut page = AssessmentPage {
        ask: ask.clone(),
        zones: Vec::new(),
        kinds: Vec::new(),
        steps: Vec::new(),
        severities: kojo_findings::Severity::ALL_DESC
            .iter()
            .map(|s| s.as_str())
            .collect(),
        decisions: crate::service::findings::DECISIONS
            .iter()
            .map(|d| {
                let w = match *d {
                    "none" => t.w("fi_decision_none").to_string(),
                    "expired" => t.w("fi_decision_expired").to_string(),
                    d => t.v(d).to_string(),
                };
                (*d, w)
            })
            .collect(),
        sources: crate::service::findings::SOURCES
            .iter()
            .map(|s| (*s, t.w(&format!("fi_source_{s}")).to_string()))
            .collect(),
        sorts: crate::service::findings::SORTS
            .iter()
            .map(|s| (*s, t.w(&format!("fi_sort_{s}")).to_string()))
            .collect(),
        per_pages: {
            let mut p = vec![20, 50, 100, 200, 500];
            if !p.contains(&f.per_page) {
                p.push(f.per_page);
                p.sort_unstable();
            }
            p
        },
        per_page: f.per_page,
        findings: Vec::new(),
        total: 0,
        first: 0,
        last: 0,
        pages: 1,
        pager: pager(&ask, 1, 1),
        query: ask.query(None),
        last_query: ask.query(Some(1)),
        formats: crate::service::findings::FORMATS
            .iter()
            .map(|x| {
                let w = match *x {
                    "html" => t.w("fi_export_html").to_string(),
                    "pdf" => t.w("fi_export_pdf").to_string(),
                    x => x.to_ascii_uppercase(),
                };
                (*x, w)
            })
            .collect(),
        ooda: Vec::new(),
        error: None,
        can_edit: v.access.allows(Need::Edit),
        version: v.version.as_ref().map_or(0, |m| m.version),
        here: ask.query(Some(f.page)),
        statuses: crate::service::triage::STATUSES,
        b,
    };
    page.b.flash = match extra
        .iter()
        .find(|(k, _)| k == "saved")
        .map(|(_, v)| v.as_str())
    {
        Some("1") => Some(t.w("tr_saved").to_string()),
        Some("0") => Some(t.w("tr_unchanged").to_string()),
        _ => None,
    };
    match v.index {
        None => {}
        Some(Ok(idx)) => {
            let sel = idx.select(f);
            page.zones = idx.zones.clone();
            page.kinds = idx.kinds.clone();
            page.steps = idx.steps.clone();
            page.ooda = ooda_rows(&idx.incident_response, t);
            page.total = sel.total;
            page.pages = sel.pages;
            page.first = (sel.page - 1)
                .saturating_mul(sel.per_page)
                .saturating_add(1);
            page.last = page.first + sel.shown.len().saturating_sub(1);
            page.pager = pager(&ask, sel.page, sel.pages);
            page.last_query = ask.query(Some(sel.pages));
            let fs = &idx.assessment.findings;
            page.findings = sel
                .shown
                .iter()
                .filter_map(|i| fs.get(*i as usize))
                .map(|x| row(x, t))
                .collect();
        }
        Some(Err(AppError::Invalid(p))) => {
            page.error = Some(format!("{} {}", p.len(), t.w("problems_in_model")))
        }
        Some(Err(AppError::Unavailable(m))) => {
            page.error = Some(crate::words::errors::message(&m, t.lang))
        }
        Some(Err(e)) => return Err(e),
    }
    render(&page)
}

/// The findings the view keeps (every page) in a format of
/// [`crate::service::findings::FORMATS`], written by kojo-report's renderers.
pub(crate) async fn export_response(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    format: &str,
    raw: Option<&str>,
) -> Result<Response, AppError> {
    let (ask, _) = FindingsAsk::from_query(raw.unwrap_or(""), &[])?;
    let e = crate::service::findings::export(st, auth, fid, &ask, format).await?;
    Ok((
        [
            (header::CONTENT_TYPE, e.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                crate::service::findings::disposition(&e.filename, e.inline),
            ),
        ],
        e.bytes,
    )
        .into_response())
}

pub(super) async fn assessment_export(
    State(st): State<AppState>,
    auth: Auth,
    Path((fid, format)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    export_response(&st, &auth, &fid, &format, raw.as_deref()).await
}

/// A triage from the assessment page: one decision for the ticked findings (the form sends
/// `findings` once per ticked box), then back to the same page with a notice.
pub(super) async fn decisions_post(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> Result<Response, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))?;
    let mut f = crate::service::triage::TriageForm::default();
    let mut back = String::new();
    for (k, v) in pairs {
        match k.as_str() {
            "findings" => f.findings.push(v),
            "base_version" => f.base_version = v.trim().parse().ok(),
            "status" => f.status = v,
            "reason" => f.reason = v,
            "owner" => f.owner = v,
            "due" => f.due = v,
            "review_by" => f.review_by = v,
            "ticket" => f.ticket = v,
            "back" => back = v,
            _ => {}
        }
    }
    let saved = crate::service::triage::decide(&st, &auth, &fid, &f).await?;
    // Only a query this page made comes back (no other URL can be smuggled in).
    if !back
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"-._~%=&".contains(&c))
    {
        back.clear();
    }
    let sep = if back.is_empty() { "" } else { "&" };
    let flag = if saved.is_some() { 1 } else { 0 };
    Ok(Redirect::to(&format!("/f/{fid}/assessment?{back}{sep}saved={flag}")).into_response())
}

/// The HTML report of the current model, as `kojo report` writes it.
pub(super) async fn report_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
) -> Result<Response, AppError> {
    auth.factory(&st, &fid, Need::Read).await?;
    let mv = st
        .store
        .latest_model_head(&fid)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(
        Html(crate::service::assessment::report_html(&st, &mv, &auth.user.lang).await?)
            .into_response(),
    )
}
