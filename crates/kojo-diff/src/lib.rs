//! kojo-diff: what a change to the factory model does to its security position — one PDCA
//! cycle to the next (Step 3, Figure 3-4; the third step of each Annex A case).
//!
//! [`diff`] compares two sides, each a validated [`Model`] and, where the caller ran it, its
//! [`Assessment`]:
//! - entities added, removed and changed, field by field ([`EntityChange`]), matched by id so
//!   that reordering lists in the YAML is not a change;
//! - importance changes of operations, protected objects and (from the assessment) zones;
//! - findings new, resolved and changed in severity, matched by their stable id;
//! - "what to review now" ([`ReviewItem`]): the zones and inter-zone requirements the change
//!   touches, the parties whose checklists it calls for and the BCP review points it reopens.
//!
//! serde gives a [`ModelDiff`]'s JSON; its text and HTML are kojo-report's (`kojo_report::diff`);
//! [`git`] reads a model from a revision (`HEAD~3:plant/factory.yaml`) and walks a model
//! file's history, in pure Rust (gix). The diff itself does no I/O.

mod entities;
pub mod git;
mod review;

use kojo_findings::{Assessment, Finding, FindingKind, Severity, Summary};
use kojo_model::{Level, Model};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One side of a diff: a model, what to call it, and its assessment where one was made.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// How the side is named in output: a path or `REV:path`.
    pub label: &'a str,
    pub model: &'a Model,
    /// The assessment of `model`; without it the diff has no findings and no zone importance.
    pub assessment: Option<&'a Assessment>,
}

/// The sections of the model format, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Factory,
    Department,
    Party,
    Operation,
    Asset,
    Zone,
    Flow,
    Measure,
    SupplyChain,
    IncidentResponse,
    Maturity,
    Decision,
    Licenses,
}

impl Section {
    /// The section's key in the model file.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Factory => "factory",
            Section::Department => "departments",
            Section::Party => "parties",
            Section::Operation => "operations",
            Section::Asset => "assets",
            Section::Zone => "zones",
            Section::Flow => "flows",
            Section::Measure => "measures",
            Section::SupplyChain => "supply_chain",
            Section::IncidentResponse => "incident_response",
            Section::Maturity => "maturity",
            Section::Decision => "decisions",
            Section::Licenses => "licenses",
        }
    }
}

/// added | removed | changed
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One field of an entity whose value differs; values are the words of the model format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name, dotted for nested ones (`contract.security_measures`).
    pub field: String,
    /// `None` where the field is not written (or the entity does not exist) on that side.
    pub old: Option<String>,
    pub new: Option<String>,
    /// For list fields: the items only on the new side…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// …and the items only on the old side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

/// An entity added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityChange {
    pub section: Section,
    /// `zone:ID`, `asset:ID`, `flow:ID`, … (`measure:ID@SCOPE`, `supply-chain:PARTY/KIND`,
    /// `decision:F-…`, `factory`, `incident_response`, `maturity`, `licenses`).
    pub subject: String,
    pub change: ChangeKind,
    /// A short description: name and kind, or `from → to` for a flow.
    pub summary: String,
    /// Changed fields; for an added or removed entity, every field it has.
    pub fields: Vec<FieldChange>,
}

/// A change of importance (Steps 1-3, 1-5; zone importance as the assessment derives it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportanceChange {
    /// `operation:ID`, `asset:ID` or `zone:ID`.
    pub subject: String,
    /// low | medium | high; `None` where none is set or derived.
    pub old: Option<String>,
    pub new: Option<String>,
    /// True where the value is derived (zones), false where the model writes it.
    pub derived: bool,
}

/// A finding as the diff reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingChange {
    pub id: String,
    pub kind: FindingKind,
    pub step: String,
    pub severity: Severity,
    /// For a change in severity: the old severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_severity: Option<Severity>,
    pub subjects: Vec<String>,
    pub title: String,
    pub reference: String,
    /// A decision in the model leaves it out of gating (accepted, mitigated, false-positive).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

impl FindingChange {
    fn of(f: &Finding, old_severity: Option<Severity>) -> FindingChange {
        FindingChange {
            id: f.id.clone(),
            kind: f.kind.clone(),
            step: f.step.clone(),
            severity: f.severity,
            old_severity,
            subjects: f.subjects.clone(),
            title: f.title.clone(),
            reference: f.reference.clone(),
            suppressed: f.decision.as_ref().is_some_and(|d| d.suppresses()),
        }
    }
}

/// Findings compared by stable id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FindingsDiff {
    /// Only in the new assessment.
    pub new: Vec<FindingChange>,
    /// Only in the old assessment.
    pub resolved: Vec<FindingChange>,
    /// In both, with another severity (`old_severity` set).
    pub severity_changed: Vec<FindingChange>,
    pub old_summary: Summary,
    pub new_summary: Summary,
}

/// What a review item asks to review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewKind {
    /// The security requirements within a zone (Step 1-7).
    ZoneRequirements,
    /// The security requirements between two zones (Step 1-7, Table 3-4).
    InterZoneRequirements,
    /// A party's supply-chain checklist (Step 3 (2), Tables 3-10 to 3-12).
    PartyChecklist,
    /// A BCP review point of 3.1.1 (1).
    BcpReviewPoint,
    /// Where an in-house zone meets an external service or party: the boundary of the
    /// separation and the division of responsibility (3.1.6, Annex A (ii)).
    ResponsibilityBoundary,
}

impl ReviewKind {
    /// The heading used in output.
    pub fn title(self) -> &'static str {
        match self {
            ReviewKind::ZoneRequirements => "Requirements within the zone",
            ReviewKind::InterZoneRequirements => "Requirements between zones",
            ReviewKind::PartyChecklist => "Party checklist",
            ReviewKind::BcpReviewPoint => "BCP review point",
            ReviewKind::ResponsibilityBoundary => "Boundary and division of responsibility",
        }
    }
}

/// One thing to review now, with every change that calls for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub what: ReviewKind,
    /// `zone:ID`, the two zones of a pair, `party:ID`, or `factory` for BCP points.
    pub subjects: Vec<String>,
    /// The BCP review point id, or the checklist (`cloud-service`, `general-product`,
    /// `software`) where the item has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// The changes that call for it, one sentence each.
    pub because: Vec<String>,
    /// Guideline section or table.
    pub reference: String,
    /// For BCP points: whether the new model's BCP already considers this point (it must
    /// still be reviewed for the change); for checklists: whether one is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<bool>,
}

/// Labels of the two sides and their factory names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideInfo {
    pub label: String,
    pub factory: String,
}

/// Everything that differs between two models, and what to review because of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelDiff {
    pub old: SideInfo,
    pub new: SideInfo,
    pub entities: Vec<EntityChange>,
    pub importance: Vec<ImportanceChange>,
    /// `None` unless both sides were assessed.
    pub findings: Option<FindingsDiff>,
    pub review: Vec<ReviewItem>,
}

impl ModelDiff {
    /// True when the models say the same thing (and so do their assessments).
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.importance.is_empty()
            && self.review.is_empty()
            && self.findings.as_ref().is_none_or(|f| {
                f.new.is_empty() && f.resolved.is_empty() && f.severity_changed.is_empty()
            })
    }

    /// The findings that fail a `--fail-on-new threshold` gate: new ones, or ones whose
    /// severity rose, at or above `threshold`, that no decision suppresses.
    pub fn gate(&self, threshold: Severity) -> Vec<&FindingChange> {
        let Some(f) = &self.findings else {
            return Vec::new();
        };
        let raised = f
            .severity_changed
            .iter()
            .filter(|c| c.old_severity.is_some_and(|o| c.severity > o));
        f.new
            .iter()
            .chain(raised)
            .filter(|c| c.severity >= threshold && !c.suppressed)
            .collect()
    }
}

/// One commit of a model file's history with its findings by severity: the PDCA trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Full commit id.
    pub commit: String,
    /// The first ten hex digits.
    pub short: String,
    /// Committer time, `YYYY-MM-DD HH:MM` UTC.
    pub date: String,
    /// First line of the commit message.
    pub summary: String,
    /// Findings by severity; `None` where the model at this commit could not be assessed.
    pub by_severity: Option<BTreeMap<Severity, usize>>,
    /// Why it could not be assessed (an invalid model at that commit, for instance), in
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The same reason as a message, for the text in the reader's language.
    #[serde(skip)]
    pub why: Option<kojo_lang::Message>,
}

/// The history entries of `versions` (from [`git::file_history`]), each model assessed by
/// `assess` (which returns its findings summary or why it could not assess). A model that
/// does not load at a commit gives an entry with the first problem, not an error.
pub fn history_entries(
    versions: &[git::FileVersion],
    mut assess: impl FnMut(&Model) -> Result<Summary, String>,
) -> Vec<HistoryEntry> {
    versions
        .iter()
        .map(|v| {
            let (by_severity, why) = match &v.model.model {
                Ok(m) => match assess(m) {
                    Ok(s) => (Some(s.by_severity), None),
                    Err(e) => (
                        None,
                        Some(kojo_lang::Message::new("history-assess-failed").arg("error", e)),
                    ),
                },
                Err(diags) => {
                    let first = diags.first().map(|d| d.message.message().clone());
                    let why =
                        kojo_lang::Message::new("history-invalid-model").arg("count", diags.len());
                    (
                        None,
                        Some(match first {
                            Some(m) => why.arg("first", m),
                            None => why.arg("first", ""),
                        }),
                    )
                }
            };
            let error = why.as_ref().map(|m| m.render(kojo_lang::Lang::En));
            HistoryEntry {
                short: v.commit.chars().take(10).collect(),
                commit: v.commit.clone(),
                date: git::utc_minute(v.time),
                summary: v.summary.clone(),
                by_severity,
                error,
                why,
            }
        })
        .collect()
}

/// Compares two sides. Pure: no I/O, deterministic, independent of list order.
pub fn diff(old: &Side, new: &Side) -> ModelDiff {
    let entities = entities::diff_entities(old.model, new.model);
    let importance = importance_changes(old, new);
    let findings = match (old.assessment, new.assessment) {
        (Some(a), Some(b)) => Some(diff_findings(a, b)),
        _ => None,
    };
    let changed: std::collections::HashSet<&str> = entities
        .iter()
        .filter(|e| e.change == ChangeKind::Changed)
        .map(|e| e.subject.as_str())
        .collect();
    let review = review::review_items(old.model, new.model, &changed);
    ModelDiff {
        old: SideInfo {
            label: old.label.to_string(),
            factory: old.model.factory.name.clone(),
        },
        new: SideInfo {
            label: new.label.to_string(),
            factory: new.model.factory.name.clone(),
        },
        entities,
        importance,
        findings,
        review,
    }
}

/// Findings new, resolved and changed in severity, by stable id; each list sorted as the
/// assessment contract sorts findings (severity, then step, then id).
///
/// Should two findings of one assessment share an id, they are told apart by kind and
/// subjects (and then by order), so that no finding is lost from the comparison.
pub fn diff_findings(old: &Assessment, new: &Assessment) -> FindingsDiff {
    let (o, n) = (keyed_findings(old), keyed_findings(new));
    let mut d = FindingsDiff {
        old_summary: Summary::of(&old.findings),
        new_summary: Summary::of(&new.findings),
        ..FindingsDiff::default()
    };
    for (key, f) in &n {
        match o.get(key) {
            None => d.new.push(FindingChange::of(f, None)),
            Some(of) if of.severity != f.severity => d
                .severity_changed
                .push(FindingChange::of(f, Some(of.severity))),
            Some(_) => {}
        }
    }
    for (key, f) in &o {
        if !n.contains_key(key) {
            d.resolved.push(FindingChange::of(f, None));
        }
    }
    for list in [&mut d.new, &mut d.resolved, &mut d.severity_changed] {
        list.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| {
                    kojo_findings::step_order(&a.step).cmp(&kojo_findings::step_order(&b.step))
                })
                .then_with(|| a.id.cmp(&b.id))
                .then_with(|| a.subjects.cmp(&b.subjects))
        });
    }
    d
}

/// Findings by id, kind and sorted subjects (the id is a hash of kind and subjects, so this
/// splits nothing that the id joins), then by occurrence.
fn keyed_findings(a: &Assessment) -> BTreeMap<String, &Finding> {
    let mut out = BTreeMap::new();
    for f in &a.findings {
        let mut subjects = f.subjects.clone();
        subjects.sort();
        let key = format!("{}\u{0}{}\u{0}{}", f.id, f.kind, subjects.join("\u{0}"));
        let mut unique = key.clone();
        let mut n = 2;
        while out.contains_key(&unique) {
            unique = format!("{key}#{n}");
            n += 1;
        }
        out.insert(unique, f);
    }
    out
}

fn importance_changes(old: &Side, new: &Side) -> Vec<ImportanceChange> {
    let mut out = Vec::new();
    let mut push = |subject: String, o: Option<Level>, n: Option<Level>, derived: bool| {
        if o != n {
            out.push(ImportanceChange {
                subject,
                old: o.map(|l| l.as_str().to_string()),
                new: n.map(|l| l.as_str().to_string()),
                derived,
            });
        }
    };
    // Operations (Step 1-3), as written.
    let ops = |m: &Model| -> BTreeMap<String, Option<Level>> {
        m.operations
            .iter()
            .map(|o| (o.id.clone(), o.importance))
            .collect()
    };
    for (id, (o, n)) in join(&ops(old.model), &ops(new.model)) {
        push(format!("operation:{id}"), o.flatten(), n.flatten(), false);
    }
    // Protected objects (Step 1-5): the highest viewpoint the model writes.
    let assets = |m: &Model| -> BTreeMap<String, Option<Level>> {
        m.assets
            .iter()
            .map(|a| (a.id.clone(), a.importance.max()))
            .collect()
    };
    for (id, (o, n)) in join(&assets(old.model), &assets(new.model)) {
        push(format!("asset:{id}"), o.flatten(), n.flatten(), false);
    }
    // Zones (Step 1-6): derived by the assessment, so only when both sides were assessed.
    if let (Some(a), Some(b)) = (old.assessment, new.assessment) {
        let zones = |a: &Assessment| -> BTreeMap<String, Option<Level>> {
            a.zones
                .iter()
                .map(|z| (z.id.clone(), z.importance.as_deref().and_then(parse_level)))
                .collect()
        };
        for (id, (o, n)) in join(&zones(a), &zones(b)) {
            push(format!("zone:{id}"), o.flatten(), n.flatten(), true);
        }
    }
    out
}

fn parse_level(s: &str) -> Option<Level> {
    kojo_model::vocab::LEVELS
        .iter()
        .find(|(w, _)| *w == s)
        .map(|(_, l)| *l)
}

/// Outer join of two maps by key.
fn join<'a, V: Clone>(
    a: &'a BTreeMap<String, V>,
    b: &'a BTreeMap<String, V>,
) -> BTreeMap<&'a String, (Option<V>, Option<V>)> {
    let mut out: BTreeMap<&String, (Option<V>, Option<V>)> = BTreeMap::new();
    for (k, v) in a {
        out.entry(k).or_default().0 = Some(v.clone());
    }
    for (k, v) in b {
        out.entry(k).or_default().1 = Some(v.clone());
    }
    out
}

#[cfg(test)]
mod tests;
