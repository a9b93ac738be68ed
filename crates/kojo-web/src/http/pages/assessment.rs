//! The assessment's findings (filtered, paged) and the HTML report.

use super::*;

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

#[derive(Template)]
#[template(path = "assessment.html")]
pub(super) struct AssessmentPage {
    b: Base,
    steps: Vec<String>,
    severities: Vec<&'static str>,
    step: String,
    severity: String,
    findings: Vec<FindingRow>,
    /// The findings the filter keeps (all pages), the first one shown (1-based), and the
    /// links to the previous and next pages (query strings) when there are such pages.
    total: usize,
    first: usize,
    prev: Option<String>,
    next: Option<String>,
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

/// Findings per assessment page: a 1,000-asset factory has thousands, and one page with all
/// of them is megabytes of HTML.
pub const FINDINGS_PER_PAGE: usize = 500;

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
pub(super) fn query_escape(v: &str) -> String {
    v.bytes()
        .map(|c| {
            if c.is_ascii_alphanumeric() || b"-._~".contains(&c) {
                (c as char).to_string()
            } else {
                format!("%{c:02X}")
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub(super) struct PageNo {
    /// 1-based; a missing, zero or unreadable number is the first page.
    #[serde(default)]
    page: String,
    /// `1` after a triage saved a new version, `0` when it changed nothing.
    #[serde(default)]
    saved: String,
}

pub(super) fn ooda_rows(model: &kojo_model::Model, t: Tr) -> Vec<(String, Vec<String>)> {
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
    for (name, stage) in [
        ("preventive", &model.incident_response.preventive),
        ("damage", &model.incident_response.damage),
    ] {
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

pub(super) async fn assessment_page(
    State(st): State<AppState>,
    auth: Auth,
    Path(fid): Path<String>,
    Query(filter): Query<FindingFilter>,
    Query(pg): Query<PageNo>,
) -> Result<Response, AppError> {
    let access = auth.factory(&st, &fid, Need::Read).await?;
    let lang = auth.user.lang.clone();
    let page_no = pg.page.trim().parse::<usize>().unwrap_or(1).max(1);
    let mut page = AssessmentPage {
        b: base(Some(&auth), "assessment", Some(&access)),
        steps: Vec::new(),
        severities: kojo_findings::Severity::ALL_DESC
            .iter()
            .map(|s| s.as_str())
            .collect(),
        step: filter.step.clone(),
        severity: filter.severity.clone(),
        findings: Vec::new(),
        total: 0,
        first: 0,
        prev: None,
        next: None,
        ooda: Vec::new(),
        error: None,
        can_edit: access.allows(Need::Edit),
        version: 0,
        here: String::new(),
        statuses: crate::service::triage::STATUSES,
    };
    page.b.flash = match pg.saved.as_str() {
        "1" => Some(page.b.t.w("tr_saved").to_string()),
        "0" => Some(page.b.t.w("tr_unchanged").to_string()),
        _ => None,
    };
    if let Some(mv) = st.store.latest_model(&fid).await? {
        page.version = mv.version;
        if let Ok((model, _)) = models::check(&mv.yaml) {
            page.ooda = ooda_rows(&model, page.b.t);
        }
        match crate::service::assessment::assessment(&st, &mv).await {
            Ok(a) => {
                // The distinct steps first (thousands of findings, a handful of steps).
                let distinct: std::collections::BTreeSet<&str> =
                    a.findings.iter().map(|f| f.step.as_str()).collect();
                let mut steps: Vec<String> = distinct.into_iter().map(str::to_string).collect();
                steps.sort_by_key(|s| kojo_findings::step_order(s));
                page.steps = steps;
                page.total = a.findings.iter().filter(|f| filter.keeps(f)).count();
                let pages = page.total.div_ceil(FINDINGS_PER_PAGE).max(1);
                let page_no = page_no.min(pages);
                let skip = (page_no - 1) * FINDINGS_PER_PAGE;
                page.first = skip + 1;
                let link = |n: usize| {
                    let mut q = String::new();
                    for (k, v) in [("step", &filter.step), ("severity", &filter.severity)] {
                        if !v.is_empty() {
                            q.push_str(&format!("{k}={}&", query_escape(v)));
                        }
                    }
                    format!("{q}page={n}")
                };
                page.here = link(page_no);
                page.prev = (page_no > 1).then(|| link(page_no - 1));
                page.next = (page_no < pages).then(|| link(page_no + 1));
                page.findings = a
                    .findings
                    .iter()
                    .filter(|f| filter.keeps(f))
                    .skip(skip)
                    .take(FINDINGS_PER_PAGE)
                    .map(|f| {
                        let t = f.text(&lang);
                        FindingRow {
                            id: f.id.clone(),
                            step: f.step.clone(),
                            severity: f.severity.as_str(),
                            title: t.title,
                            detail: t.detail,
                            subjects: f.subjects.join(", "),
                            recommendation: t.recommendation,
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
                                .map(|d| d.status.clone())
                                .unwrap_or_default(),
                            decision_detail: f
                                .decision
                                .as_ref()
                                .map(|d| decision_detail(d, page.b.t))
                                .unwrap_or_default(),
                            decision_expired: f.decision.as_ref().is_some_and(|d| d.expired),
                        }
                    })
                    .collect();
            }
            Err(AppError::Invalid(p)) => {
                page.error = Some(format!("{} {}", p.len(), page.b.t.w("problems_in_model")))
            }
            Err(AppError::Unavailable(m)) => {
                page.error = Some(crate::words::errors::message(&m, &lang))
            }
            Err(e) => return Err(e),
        }
    }
    render(&page)
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
