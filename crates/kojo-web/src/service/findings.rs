//! The assessment's findings as a team looks for its work: text search, filters by zone,
//! protected object, kind, step, severity, decision and source, sorting, pages, and the
//! assessment restricted to a view for the exports (issue #19).
//!
//! What every view of a model version needs beyond the assessment — each finding's zones,
//! protected objects, source, decision state and search text, the sort orders, the model's
//! ids, names and OODA roles — is computed once per assessment key (the model's SHA-256 and
//! the uploads read) and held in the single-flight summary cache beside the dashboards'
//! summaries ([`index`]). A page view then parses no YAML, clones nothing of the assessment
//! and builds only the rows it shows.

use crate::error::AppError;
use crate::service::access::{Access, Auth, Need};
use crate::state::AppState;
use crate::store::ModelVersion;
use kojo_findings::{Assessment, Finding, Severity};
use serde::Serialize;
use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The query parameters of the findings (the page, the API and the exports).
pub const PARAMS: &[&str] = &[
    "q", "zone", "asset", "kind", "step", "severity", "decision", "source", "sort", "page",
    "per_page",
];
/// Findings per page unless `per_page` says otherwise, and the most it may say.
pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 500;
/// The longest filter value read.
const MAX_VALUE_CHARS: usize = 200;
/// The orders offered: `rank` is the assessment's own (most severe first, then step, then a
/// priority's rank); a `-` reverses a key. Ties keep the assessment's order.
pub const SORTS: &[&str] = &[
    "rank",
    "severity",
    "-severity",
    "step",
    "-step",
    "zone",
    "-zone",
    "kind",
    "-kind",
];
/// The decision states a filter names: none, a decision in force, or an acceptance past its
/// review-by date (`expired`; it counts again).
pub const DECISIONS: &[&str] = &[
    "none",
    "accepted",
    "in-progress",
    "mitigated",
    "false-positive",
    "expired",
];
/// Where a finding comes from: the model itself (the engine's rules), captures and flow
/// logs (kojo-traffic), SBOMs and advisories (kojo-sbom).
pub const SOURCES: &[&str] = &["model", "traffic", "sbom"];

/// The finding kinds kojo-sbom raises (the engine's are in `kojo_assess::rules()`,
/// kojo-traffic's start with `traffic-`).
const SBOM_KINDS: &[&str] = &[
    "vulnerability",
    "sbom-invalid",
    "license-unknown",
    "license-policy",
    "advisory-invalid",
    "advisories-stale",
];
const TRAFFIC_KINDS: &[&str] = &[
    "traffic-control-crossing",
    "traffic-flow-not-seen",
    "traffic-opaque",
    "traffic-undeclared-flow",
    "traffic-unknown-host",
];

/// The source of a finding of `kind`.
pub fn source_of(kind: &kojo_findings::FindingKind) -> &'static str {
    if kind.is_traffic() {
        "traffic"
    } else if SBOM_KINDS.contains(&kind.as_str()) {
        "sbom"
    } else {
        "model"
    }
}

/// The findings' query as given (every value as typed; empty = not given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingsAsk {
    pub q: String,
    pub zone: String,
    pub asset: String,
    pub kind: String,
    pub step: String,
    pub severity: String,
    pub decision: String,
    pub source: String,
    pub sort: String,
    pub page: String,
    pub per_page: String,
}

impl FindingsAsk {
    fn slot(&mut self, k: &str) -> Option<&mut String> {
        Some(match k {
            "q" => &mut self.q,
            "zone" => &mut self.zone,
            "asset" => &mut self.asset,
            "kind" => &mut self.kind,
            "step" => &mut self.step,
            "severity" => &mut self.severity,
            "decision" => &mut self.decision,
            "source" => &mut self.source,
            "sort" => &mut self.sort,
            "page" => &mut self.page,
            "per_page" => &mut self.per_page,
            _ => return None,
        })
    }

    /// Reads a query string. `extra` names further parameters the caller reads itself
    /// (returned in order); any other unknown parameter is refused, naming the known ones.
    pub fn from_query(
        raw: &str,
        extra: &[&str],
    ) -> Result<(FindingsAsk, Vec<(String, String)>), AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).map_err(|e| {
            AppError::BadRequest(format!("the findings' query cannot be read: {e}"))
        })?;
        let mut a = FindingsAsk::default();
        let mut rest = Vec::new();
        for (k, v) in pairs {
            if v.chars().count() > MAX_VALUE_CHARS {
                return Err(AppError::BadRequest(format!(
                    "the findings' parameter {k} has at most {MAX_VALUE_CHARS} characters"
                )));
            }
            if let Some(slot) = a.slot(&k) {
                *slot = v;
            } else if extra.contains(&k.as_str()) {
                rest.push((k, v));
            } else {
                let known: Vec<&str> = PARAMS.iter().chain(extra).copied().collect();
                return Err(AppError::BadRequest(format!(
                    "{k:?} is not a parameter of the findings; the parameters are {}",
                    known.join(", ")
                )));
            }
        }
        Ok((a, rest))
    }

    /// The query string of this view at page `page` (`None`: without a page), for links:
    /// every filter, the sort and the page size are kept.
    pub fn query(&self, page: Option<usize>) -> String {
        super::link_query(
            &[
                ("q", &self.q),
                ("zone", &self.zone),
                ("asset", &self.asset),
                ("kind", &self.kind),
                ("step", &self.step),
                ("severity", &self.severity),
                ("decision", &self.decision),
                ("source", &self.source),
                ("sort", &self.sort),
                ("per_page", &self.per_page),
            ],
            page.map(|p| i64::try_from(p).unwrap_or(i64::MAX)),
        )
    }

    /// Whether a page was asked for (`page` or `per_page`): the API then gives one page.
    pub fn paged(&self) -> bool {
        !self.page.trim().is_empty() || !self.per_page.trim().is_empty()
    }
}

/// The first 30 of a list for a message.
fn some_of<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = names.collect();
    let mut s = all.iter().take(30).copied().collect::<Vec<_>>().join(", ");
    if all.len() > 30 {
        s.push_str(", …");
    }
    s
}

/// What a finding is about beyond its own fields, computed once per assessment.
struct RowFacts {
    /// Zone ids: named, or holding a named protected object or an end of a named flow.
    zones: Vec<String>,
    /// Protected object ids: named, or an end of a named flow.
    assets: Vec<String>,
    source: &'static str,
    /// One of [`DECISIONS`] (or the decision's own status when it is none of them).
    decision: String,
    /// Lowercased: id, kind, title and detail in every language, subjects and their names.
    search: String,
}

/// A model version's findings ready for views: the assessment, each finding's facts, every
/// sort order, and what the filters offer and accept.
pub struct FindingsIndex {
    pub assessment: Arc<Assessment>,
    rows: Vec<RowFacts>,
    /// One order (finding positions) per entry of [`SORTS`].
    orders: Vec<Vec<u32>>,
    /// The model's zones (id, name), in the model's order.
    pub zones: Vec<(String, String)>,
    asset_ids: BTreeSet<String>,
    /// Steps and kinds of the findings present (steps in the guideline's order).
    pub steps: Vec<String>,
    pub kinds: Vec<String>,
    /// The OODA roles as the model writes them (Tables 3-7 / 3-8).
    pub incident_response: kojo_model::IncidentResponse,
}

/// Builds the index of assessment `a` of `model` (blocking: a pass over every finding).
pub fn build(a: Arc<Assessment>, model: &kojo_model::Model) -> FindingsIndex {
    let mut names: HashMap<String, &str> = HashMap::new();
    let mut asset_zones: HashMap<&str, &[String]> = HashMap::new();
    for z in &model.zones {
        names.insert(format!("zone:{}", z.id), &z.name);
    }
    for x in &model.assets {
        names.insert(format!("asset:{}", x.id), &x.name);
        asset_zones.insert(&x.id, &x.zones);
    }
    for o in &model.operations {
        names.insert(format!("operation:{}", o.id), &o.name);
    }
    for p in &model.parties {
        names.insert(format!("party:{}", p.id), &p.name);
    }
    for d in &model.departments {
        names.insert(format!("department:{}", d.id), &d.name);
    }
    let flows: HashMap<&str, &kojo_model::Flow> =
        model.flows.iter().map(|f| (f.id.as_str(), f)).collect();
    let rows: Vec<RowFacts> = a
        .findings
        .iter()
        .map(|f| facts_of(f, &names, &asset_zones, &flows))
        .collect();
    let n = a.findings.len() as u32;
    let base: Vec<u32> = (0..n).collect();
    let fs = &a.findings;
    let first_zone = |i: u32| rows[i as usize].zones.first().map(String::as_str);
    let orders = SORTS
        .iter()
        .map(|s| {
            let mut o = base.clone();
            match *s {
                "severity" => o.sort_by_key(|i| std::cmp::Reverse(fs[*i as usize].severity)),
                "-severity" => o.sort_by_key(|i| fs[*i as usize].severity),
                "step" => o.sort_by_key(|i| kojo_findings::step_order(&fs[*i as usize].step)),
                "-step" => o.sort_by_key(|i| {
                    std::cmp::Reverse(kojo_findings::step_order(&fs[*i as usize].step))
                }),
                // Findings of no zone come last either way.
                "zone" => o.sort_by(|x, y| match (first_zone(*x), first_zone(*y)) {
                    (Some(a), Some(b)) => a.cmp(b),
                    (a, b) => a.is_none().cmp(&b.is_none()),
                }),
                "-zone" => o.sort_by(|x, y| match (first_zone(*x), first_zone(*y)) {
                    (Some(a), Some(b)) => b.cmp(a),
                    (a, b) => a.is_none().cmp(&b.is_none()),
                }),
                "kind" => o.sort_by(|x, y| fs[*x as usize].kind.cmp(&fs[*y as usize].kind)),
                "-kind" => o.sort_by(|x, y| fs[*y as usize].kind.cmp(&fs[*x as usize].kind)),
                _ => {}
            }
            o
        })
        .collect();
    let steps: BTreeSet<&str> = fs.iter().map(|f| f.step.as_str()).collect();
    let mut steps: Vec<String> = steps.into_iter().map(str::to_string).collect();
    steps.sort_by_key(|s| kojo_findings::step_order(s));
    let kinds: BTreeSet<&str> = fs.iter().map(|f| f.kind.as_str()).collect();
    FindingsIndex {
        rows,
        orders,
        zones: model
            .zones
            .iter()
            .map(|z| (z.id.clone(), z.name.clone()))
            .collect(),
        asset_ids: model.assets.iter().map(|x| x.id.clone()).collect(),
        steps,
        kinds: kinds.into_iter().map(str::to_string).collect(),
        incident_response: model.incident_response.clone(),
        assessment: a,
    }
}

fn facts_of(
    f: &Finding,
    names: &HashMap<String, &str>,
    asset_zones: &HashMap<&str, &[String]>,
    flows: &HashMap<&str, &kojo_model::Flow>,
) -> RowFacts {
    let mut zones: BTreeSet<String> = BTreeSet::new();
    let mut assets: BTreeSet<String> = BTreeSet::new();
    let mut add_asset = |id: &str, zones: &mut BTreeSet<String>| {
        assets.insert(id.to_string());
        for z in asset_zones.get(id).copied().unwrap_or_default() {
            zones.insert(z.clone());
        }
    };
    let mut search = format!("{} {}", f.id, f.kind);
    for s in &f.subjects {
        search.push(' ');
        search.push_str(s);
        if let Some(n) = names.get(s) {
            search.push(' ');
            search.push_str(n);
        }
        let Some((kind, id)) = s.split_once(':') else {
            continue;
        };
        match kind {
            "zone" => {
                zones.insert(id.to_string());
            }
            "asset" => add_asset(id, &mut zones),
            "flow" => {
                if let Some(flow) = flows.get(id) {
                    for end in [&flow.from, &flow.to] {
                        match end {
                            kojo_model::Endpoint::Zone(z) => {
                                zones.insert(z.clone());
                            }
                            kojo_model::Endpoint::Asset(x) => add_asset(x, &mut zones),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for t in std::iter::once((f.title.as_str(), f.detail.as_str())).chain(
        f.i18n
            .iter()
            .map(|(_, t)| (t.title.as_str(), t.detail.as_str())),
    ) {
        search.push(' ');
        search.push_str(t.0);
        search.push(' ');
        search.push_str(t.1);
    }
    let decision = match &f.decision {
        None => "none".to_string(),
        Some(d) if d.expired => "expired".to_string(),
        Some(d) => d.status.as_str().to_string(),
    };
    RowFacts {
        zones: zones.into_iter().collect(),
        assets: assets.into_iter().collect(),
        source: source_of(&f.kind),
        decision,
        search: search.to_lowercase(),
    }
}

impl FindingsIndex {
    /// Approximate bytes it adds to the assessment it holds.
    fn bytes(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.search.len() + 32 * (r.zones.len() + r.assets.len()) + 96)
            .sum::<usize>()
            + self.orders.len() * 4 * self.rows.len()
    }

    /// The kinds a filter accepts: every kind kojo raises, and those present.
    fn known_kinds(&self) -> BTreeSet<&str> {
        let mut k: BTreeSet<&str> = kojo_assess::rules()
            .iter()
            .map(|r| r.kind.as_str())
            .collect();
        k.extend(SBOM_KINDS);
        k.extend(TRAFFIC_KINDS);
        k.extend(self.kinds.iter().map(String::as_str));
        k
    }

    /// The steps a filter accepts: every step of kojo's rules, and those present.
    fn known_steps(&self) -> Vec<&str> {
        let mut s: BTreeSet<&str> = kojo_assess::rules().iter().map(|r| r.step).collect();
        s.extend(self.steps.iter().map(String::as_str));
        let mut s: Vec<&str> = s.into_iter().collect();
        s.sort_by_key(|s| kojo_findings::step_order(s));
        s
    }

    fn keeps(&self, i: usize, f: &Filter) -> bool {
        let (x, r) = (&self.assessment.findings[i], &self.rows[i]);
        f.severity.is_none_or(|s| x.severity == s)
            && f.step.as_ref().is_none_or(|s| x.step == *s)
            && f.kind.as_ref().is_none_or(|k| x.kind == *k)
            && f.source.is_none_or(|s| r.source == s)
            && f.decision.is_none_or(|d| r.decision == d)
            && f.zone.as_ref().is_none_or(|z| r.zones.contains(z))
            && f.asset.as_ref().is_none_or(|a| r.assets.contains(a))
            && f.terms.iter().all(|t| r.search.contains(t.as_str()))
    }

    /// Every finding `f` keeps (positions in the assessment), in its order.
    pub fn matching(&self, f: &Filter) -> Vec<u32> {
        self.orders[f.sort]
            .iter()
            .copied()
            .filter(|i| self.keeps(*i as usize, f))
            .collect()
    }

    /// One page of what `f` keeps.
    pub fn select(&self, f: &Filter) -> Selection {
        let skip = (f.page - 1).saturating_mul(f.per_page);
        let mut total = 0;
        let mut shown = Vec::new();
        for i in &self.orders[f.sort] {
            if self.keeps(*i as usize, f) {
                if total >= skip && shown.len() < f.per_page {
                    shown.push(*i);
                }
                total += 1;
            }
        }
        Selection {
            total,
            page: f.page,
            per_page: f.per_page,
            pages: total.div_ceil(f.per_page).max(1),
            shown,
        }
    }

    /// The assessment restricted to what `f` keeps, in the view's order (for the exports):
    /// its findings, their summary, and the plan's actions that close one of them (all of
    /// the plan when nothing is filtered out).
    pub fn restricted(&self, f: &Filter) -> Assessment {
        let a = &self.assessment;
        let kept = self.matching(f);
        let findings: Vec<Finding> = kept
            .iter()
            .map(|i| a.findings[*i as usize].clone())
            .collect();
        let plan = if findings.len() == a.findings.len() {
            a.plan.clone()
        } else {
            let ids: BTreeSet<&str> = findings.iter().map(|x| x.id.as_str()).collect();
            a.plan
                .iter()
                .filter(|p| p.closes.iter().any(|c| ids.contains(c.as_str())))
                .cloned()
                .collect()
        };
        Assessment {
            kojo_version: a.kojo_version.clone(),
            model: a.model.clone(),
            summary: kojo_findings::Summary::of(&findings),
            zones: a.zones.clone(),
            conduits: a.conduits.clone(),
            plan,
            findings,
        }
    }
}

/// A query checked: what the index filters by and how it pages.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    terms: Vec<String>,
    zone: Option<String>,
    asset: Option<String>,
    kind: Option<String>,
    step: Option<String>,
    severity: Option<Severity>,
    decision: Option<&'static str>,
    source: Option<&'static str>,
    /// Position in [`SORTS`].
    sort: usize,
    pub page: usize,
    pub per_page: usize,
}

impl Filter {
    /// Whether any filter narrows the findings (search included).
    pub fn narrows(&self) -> bool {
        !self.terms.is_empty()
            || self.zone.is_some()
            || self.asset.is_some()
            || self.kind.is_some()
            || self.step.is_some()
            || self.severity.is_some()
            || self.decision.is_some()
            || self.source.is_some()
    }
}

/// One of `allowed`, or the message naming them.
fn one_of(what: &str, v: &str, allowed: &[&'static str]) -> Result<Option<&'static str>, AppError> {
    match v.trim() {
        "" => Ok(None),
        v => allowed
            .iter()
            .find(|a| **a == v)
            .map(|a| Some(*a))
            .ok_or_else(|| {
                AppError::BadRequest(format!("{what} {v:?} is not one of {}", allowed.join(", ")))
            }),
    }
}

/// Checks every value of `ask`; with an index, the zone, protected object, kind and step
/// too (without one — the model does not assess — those are not used). An unknown value is
/// refused naming what is allowed, never answered with an empty page.
pub fn resolve(ask: &FindingsAsk, idx: Option<&FindingsIndex>) -> Result<Filter, AppError> {
    let severities: Vec<&'static str> = Severity::ALL_DESC.iter().map(|s| s.as_str()).collect();
    let mut f = Filter {
        terms: ask
            .q
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        severity: one_of("severity", &ask.severity, &severities)?.and_then(Severity::parse),
        decision: one_of("decision", &ask.decision, DECISIONS)?,
        source: one_of("source", &ask.source, SOURCES)?,
        sort: match one_of("sort", &ask.sort, SORTS)? {
            Some(s) => SORTS.iter().position(|x| *x == s).unwrap_or(0),
            None => 0,
        },
        page: match ask.page.trim() {
            "" => 1,
            p => p.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                AppError::BadRequest(format!("page {p:?} is not a page number (1, 2, …)"))
            })?,
        },
        per_page: match ask.per_page.trim() {
            "" => DEFAULT_PER_PAGE,
            p => p
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "per_page {p:?} is not a number from 1 to {MAX_PER_PAGE}"
                    ))
                })?,
        },
        ..Filter::default()
    };
    let Some(idx) = idx else {
        return Ok(f);
    };
    let zone = ask.zone.trim();
    if !zone.is_empty() {
        if !idx.zones.iter().any(|(id, _)| id == zone) {
            return Err(AppError::BadRequest(format!(
                "zone {zone:?} is not a zone of the model; its zones are {}",
                some_of(idx.zones.iter().map(|z| z.0.as_str()))
            )));
        }
        f.zone = Some(zone.to_string());
    }
    let asset = ask.asset.trim();
    if !asset.is_empty() {
        if !idx.asset_ids.contains(asset) {
            return Err(AppError::BadRequest(format!(
                "asset {asset:?} is not a protected object of the model; they include {}",
                some_of(idx.asset_ids.iter().map(String::as_str))
            )));
        }
        f.asset = Some(asset.to_string());
    }
    let kind = ask.kind.trim();
    if !kind.is_empty() {
        let known = idx.known_kinds();
        if !known.contains(kind) {
            return Err(AppError::BadRequest(format!(
                "kind {kind:?} is not a kind of finding; the kinds are {}",
                known.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
        f.kind = Some(kind.to_string());
    }
    let step = ask.step.trim();
    if !step.is_empty() {
        let known = idx.known_steps();
        if !known.contains(&step) {
            return Err(AppError::BadRequest(format!(
                "step {step:?} is not a step of the guideline's method; the steps are {}",
                known.join(", ")
            )));
        }
        f.step = Some(step.to_string());
    }
    Ok(f)
}

/// One page of a view.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The findings the filter keeps on all pages.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    /// The number of pages (at least 1).
    pub pages: usize,
    /// This page's findings (positions in the assessment), in the view's order.
    pub shown: Vec<u32>,
}

/// The index of model version `mv`'s assessment with the factory's uploads, from the cache
/// or computed once however many ask (the assessment through its own single flight, then
/// the model loaded once to index it).
pub async fn index(
    st: &AppState,
    mv: &ModelVersion,
    inputs: crate::service::assessment::CheckInputs,
) -> Result<Arc<FindingsIndex>, AppError> {
    // Keyed like the assessment; the second part tells it from the dashboards' summaries.
    let key = (inputs.key(&mv.sha256), "findings");
    let held = st
        .summaries
        .get_or_compute(key, || {
            let (st, mv) = (st.clone(), mv.clone());
            async move {
                let a = crate::service::assessment::assessment_with(&st, &mv, &inputs).await?;
                let yaml = st
                    .store
                    .model_version(&mv.factory_id, mv.version)
                    .await?
                    .map(|m| m.yaml)
                    .ok_or(AppError::NotFound)?;
                let idx = tokio::task::spawn_blocking(move || -> Result<_, AppError> {
                    let (model, _) =
                        crate::service::models::check(&yaml).map_err(AppError::Invalid)?;
                    Ok(build(a, &model))
                })
                .await
                .map_err(|e| AppError::Internal(anyhow::anyhow!("findings index task: {e}")))??;
                let bytes = idx.bytes();
                let idx: Arc<dyn Any + Send + Sync> = Arc::new(idx);
                Ok((idx, bytes))
            }
        })
        .await?;
    held.downcast::<FindingsIndex>()
        .map_err(|_| AppError::Internal(anyhow::anyhow!("a findings index of another type")))
}

/// The assessment as the API gives it, with only some findings, serialized from references
/// (the whole assessment is never copied): the same bytes as [`Assessment`]'s own JSON with
/// those findings.
#[derive(Serialize)]
pub struct AssessmentOut<'a> {
    kojo_version: &'a str,
    model: &'a kojo_findings::ModelInfo,
    summary: &'a kojo_findings::Summary,
    zones: &'a [kojo_findings::ZoneAssessment],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    conduits: &'a [kojo_findings::ConduitAssessment],
    plan: &'a [kojo_findings::PlanAction],
    findings: Vec<&'a Finding>,
}

impl<'a> AssessmentOut<'a> {
    /// `a` with the findings at `positions`, in that order.
    pub fn new(a: &'a Assessment, positions: &[u32]) -> AssessmentOut<'a> {
        AssessmentOut {
            kojo_version: &a.kojo_version,
            model: &a.model,
            summary: &a.summary,
            zones: &a.zones,
            conduits: &a.conduits,
            plan: &a.plan,
            findings: positions
                .iter()
                .filter_map(|i| a.findings.get(*i as usize))
                .collect(),
        }
    }
}

/// A view of a factory's findings: who asks, the version, and the index (or why the model
/// has none: an invalid model, an unreadable upload).
pub struct View {
    pub access: Access,
    pub version: Option<ModelVersion>,
    pub index: Option<Result<Arc<FindingsIndex>, AppError>>,
    pub filter: Filter,
}

/// Checks the role, then the query, then finds the index of the latest version. A model
/// that does not assess is not an error here (the page shows why); a bad value is.
pub async fn view(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    ask: &FindingsAsk,
) -> Result<View, AppError> {
    let (access, latest) =
        crate::service::assessment::access_with_latest(st, auth, fid, Need::Read).await?;
    // Checked after the role: a refused reader learns nothing from a bad filter.
    resolve(ask, None)?;
    let Some((mv, inputs)) = latest else {
        return Ok(View {
            access,
            version: None,
            index: None,
            filter: resolve(ask, None)?,
        });
    };
    let index = match index(st, &mv, inputs).await {
        Ok(i) => Ok(i),
        Err(e @ (AppError::Invalid(_) | AppError::Unavailable(_))) => Err(e),
        Err(e) => return Err(e),
    };
    let filter = resolve(ask, index.as_ref().ok().map(|i| &**i))?;
    Ok(View {
        access,
        version: Some(mv),
        index: Some(index),
        filter,
    })
}

/// The formats a view is exported in.
pub const FORMATS: &[&str] = &["csv", "xlsx", "sarif", "json", "html", "pdf"];

/// An export's bytes and how to send them.
pub struct Export {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// The file name: the factory, the model version, what it is.
    pub filename: String,
    /// Shown in the browser (the report) rather than saved.
    pub inline: bool,
}

/// The PDF prints that run at once (each a headless Chromium).
static PDF_PRINTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The findings a view keeps (all pages) in `format`, written by kojo-report's renderers
/// from the assessment restricted to them, in the reader's language.
pub async fn export(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    ask: &FindingsAsk,
    format: &str,
) -> Result<Export, AppError> {
    let v = view(st, auth, fid, ask).await?;
    let fmt = one_of("format", format, FORMATS)?.unwrap_or("json");
    let access = v.access;
    let (Some(mv), Some(idx)) = (v.version, v.index) else {
        return Err(AppError::Unavailable("the factory has no model yet".into()));
    };
    let idx = idx?;
    let yaml = st
        .store
        .model_version(fid, mv.version)
        .await?
        .map(|m| m.yaml)
        .ok_or(AppError::NotFound)?;
    let lang = crate::service::models::report_lang(&auth.user.lang);
    let filter = v.filter;
    let (kind, ext) = match fmt {
        "html" | "pdf" => ("report", fmt),
        f => ("findings", f),
    };
    let filename = format!("{}-v{}-{kind}.{ext}", access.factory.name, mv.version);
    let render_as = match fmt {
        "csv" => kojo_report::Format::Csv,
        "xlsx" => kojo_report::Format::Xlsx,
        "sarif" => kojo_report::Format::Sarif,
        "json" => kojo_report::Format::Json,
        _ => kojo_report::Format::Html,
    };
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, AppError> {
        let (model, _) = crate::service::models::check(&yaml).map_err(AppError::Invalid)?;
        let a = idx.restricted(&filter);
        let mut out = Vec::new();
        kojo_report::write(
            render_as,
            &a,
            &model,
            crate::service::models::catalog()?,
            &kojo_report::RenderOptions {
                lang,
                ..Default::default()
            },
            &mut out,
        )
        .map_err(|e| AppError::Unavailable(format!("the report failed: {e}")))?;
        Ok(out)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("export task: {e}")))??;
    let bytes = if fmt == "pdf" {
        let _one = PDF_PRINTS
            .acquire()
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("PDF queue: {e}")))?;
        tokio::task::spawn_blocking(move || print_pdf(&bytes))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("PDF task: {e}")))??
    } else {
        bytes
    };
    Ok(Export {
        bytes,
        content_type: match fmt {
            "csv" => "text/csv; charset=utf-8",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "sarif" => "application/sarif+json",
            "json" => "application/json",
            "pdf" => "application/pdf",
            _ => "text/html; charset=utf-8",
        },
        filename,
        inline: matches!(fmt, "html" | "pdf"),
    })
}

/// The HTML report printed to PDF by headless Chromium (closed network, throw-away profile,
/// two minutes at most), as `kojo report --pdf` prints it.
fn print_pdf(html: &[u8]) -> Result<Vec<u8>, AppError> {
    use kojo_report::chromium;
    let chromium = chromium::find().ok_or_else(|| {
        AppError::Unavailable(
            "the PDF needs Chromium on the server; open the HTML report and print it from the browser".into(),
        )
    })?;
    let dir = tempfile::Builder::new()
        .prefix("kojo-web-pdf-")
        .tempdir()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary directory: {e}")))?;
    let (src, pdf) = (
        dir.path().join("report.html"),
        dir.path().join("report.pdf"),
    );
    std::fs::write(&src, html)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing the report: {e}")))?;
    let args = [
        "--no-pdf-header-footer".to_string(),
        format!("--print-to-pdf={}", pdf.display()),
    ];
    chromium::run_headless(&chromium, &src, &args, std::time::Duration::from_secs(120))
        .map_err(|e| AppError::Unavailable(format!("the report failed: {e}")))?;
    match std::fs::read(&pdf) {
        Ok(b) if !b.is_empty() => Ok(b),
        _ => Err(AppError::Unavailable(
            "the report failed: Chromium wrote no PDF".into(),
        )),
    }
}

/// `Content-Disposition` for `name`: an ASCII name for every client and the whole name in
/// UTF-8 (RFC 6266) for those that read it.
pub fn disposition(name: &str, inline: bool) -> String {
    let mut ascii = String::new();
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if !(c == '-' && (ascii.is_empty() || ascii.ends_with('-'))) {
            ascii.push(c);
        }
    }
    // A name without a letter of its own (a Japanese factory name) starts with `kojo`.
    if !ascii
        .split('-')
        .next()
        .is_some_and(|s| s.chars().any(|c| c.is_ascii_alphabetic()))
    {
        ascii = format!("kojo-{ascii}");
    }
    format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        super::escape(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessed() -> (Assessment, kojo_model::Model) {
        let (model, _) =
            crate::service::models::check(crate::tests::MODEL).unwrap_or_else(|e| panic!("{e:?}"));
        let a = crate::service::assessment::assess_yaml(crate::tests::MODEL)
            .unwrap_or_else(|e| panic!("{e}"));
        (a, model)
    }

    #[test]
    fn the_api_view_is_the_assessment_s_own_json() {
        let (a, _) = assessed();
        assert!(a.findings.len() > 5, "{}", a.findings.len());
        let all: Vec<u32> = (0..a.findings.len() as u32).collect();
        let own = serde_json::to_vec(&a).unwrap_or_default();
        let out = serde_json::to_vec(&AssessmentOut::new(&a, &all)).unwrap_or_default();
        assert!(own == out, "the borrowed view writes other bytes");
        // With some findings: the bytes of the assessment with those retained.
        let mut b = a.clone();
        b.findings.retain(|f| f.severity == Severity::High);
        let some: Vec<u32> = (0..a.findings.len() as u32)
            .filter(|i| a.findings[*i as usize].severity == Severity::High)
            .collect();
        assert!(!some.is_empty());
        assert!(
            serde_json::to_vec(&b).unwrap_or_default()
                == serde_json::to_vec(&AssessmentOut::new(&a, &some)).unwrap_or_default()
        );
    }

    #[test]
    fn sorts_keep_every_finding_and_order_by_their_key() {
        let (a, model) = assessed();
        let n = a.findings.len();
        let idx = build(Arc::new(a), &model);
        for (k, s) in SORTS.iter().enumerate() {
            let mut o = idx.orders[k].clone();
            assert_eq!(o.len(), n, "{s}");
            o.sort_unstable();
            assert!(o.iter().enumerate().all(|(i, x)| i as u32 == *x), "{s}");
        }
        let fs = &idx.assessment.findings;
        let kinds: Vec<&str> = idx.orders[7]
            .iter()
            .map(|i| fs[*i as usize].kind.as_str())
            .collect();
        assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "{kinds:?}");
        assert_eq!(idx.orders[0], (0..n as u32).collect::<Vec<_>>());
    }

    #[test]
    fn file_names_are_safe_and_keep_the_whole_name() {
        assert_eq!(
            disposition("Factory A-v2-findings.csv", false),
            "attachment; filename=\"factory-a-v2-findings.csv\"; filename*=UTF-8''Factory%20A-v2-findings.csv"
        );
        let ja = disposition("第1工場-v3-report.html", true);
        assert!(
            ja.starts_with("inline; filename=\"kojo-1-v3-report.html\""),
            "{ja}"
        );
        assert!(ja.contains("filename*=UTF-8''%E7%AC%AC1"), "{ja}");
        // Quotes and line breaks never reach the header.
        assert_eq!(
            disposition("a\"b\r\n.csv", false),
            "attachment; filename=\"a-b-.csv\"; filename*=UTF-8''a%22b%0D%0A.csv"
        );
    }
}
