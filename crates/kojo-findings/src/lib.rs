//! The assessment output contract of `assessment-output.md`.
//!
//! Every producer of findings (the assessment rules, the traffic check, the SBOM check)
//! builds [`Finding`]s; every renderer (text, JSON, SARIF, CSV, XLSX, HTML) reads an
//! [`Assessment`]. The JSON form of these types *is* the contract: fields may be added,
//! never renamed.

#![warn(missing_docs)]

mod keyed;
mod kind;

pub use keyed::KeyedList;
pub use kind::FindingKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A finding's kind-specific facts, by name.
pub type Facts = KeyedList<serde_json::Value>;

/// critical | high | medium | low | info. Ordered so that `Critical` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Fix when convenient.
    Low,
    /// Plan a fix.
    Medium,
    /// Fix soon.
    High,
    /// Fix first.
    Critical,
}

impl Severity {
    /// Every severity, the most severe first.
    pub const ALL_DESC: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];
    /// The word of the JSON (`critical` … `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
    /// The severity of a JSON word; `None` for any other text.
    pub fn parse(s: &str) -> Option<Severity> {
        Self::ALL_DESC.into_iter().find(|v| v.as_str() == s)
    }
    /// One step lower, never below `Low` (planned measures lower a severity, never to nothing).
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            _ => Severity::Low,
        }
    }
    /// One step higher, at most `Critical`.
    pub fn raised(self) -> Severity {
        match self {
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            _ => Severity::Critical,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding's subject is defined in the model files (1-based), for SARIF and editors.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceLocation {
    /// The model file, as given to kojo (relative paths stay relative).
    pub path: String,
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1.
    pub column: u32,
}

/// The decision recorded in the model's `decisions:` for a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingDecision {
    /// accepted | in-progress | mitigated | false-positive
    #[serde(with = "decision_status")]
    pub status: kojo_model::DecisionStatus,
    /// Why, as the model's decision writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who decided (a department id or a name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The date (`YYYY-MM-DD`) by which the decision is to be reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<String>,
    /// Department or party id responsible for the follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// For in-progress: when it should be done (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Free text: the team's ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// True where `review_by` has passed: the finding counts again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expired: bool,
}

impl FindingDecision {
    /// Whether the finding is left out of `--fail-on` (accepted, false-positive or
    /// mitigated, and not expired).
    pub fn suppresses(&self) -> bool {
        !self.expired
            && matches!(
                self.status,
                kojo_model::DecisionStatus::Accepted
                    | kojo_model::DecisionStatus::FalsePositive
                    | kojo_model::DecisionStatus::Mitigated
            )
    }
}

/// A decision's status in the JSON: its word of the model format (`accepted`…).
mod decision_status {
    use kojo_model::DecisionStatus;
    use kojo_model::vocab::DECISION_STATUSES;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: &DecisionStatus, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DecisionStatus, D::Error> {
        let word = String::deserialize(d)?;
        DECISION_STATUSES
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, s)| *s)
            .ok_or_else(|| {
                let words: Vec<&str> = DECISION_STATUSES.iter().map(|(w, _)| *w).collect();
                serde::de::Error::custom(format!(
                    "decision status {word:?} is not one of {}",
                    words.join(", ")
                ))
            })
    }
}

/// A finding's words in another language (`ja`), where the producer has them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// One line naming the problem.
    pub title: String,
    /// What was found and why it matters.
    pub detail: String,
    /// What to do about it.
    pub recommendation: String,
}

/// One problem kojo found, with its place in the guideline and what to do (`findings[]` of
/// `assessment-output.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `F-` and ten hex digits, from [`finding_id`]: stable run after run.
    pub id: String,
    /// What kind of problem (`threat`, `boundary-missing`…), stable for tools.
    pub kind: FindingKind,
    /// 1-1 … 1-7, 2-1, 2-2, 3 (1-3 / 1-5 for importance-missing).
    pub step: String,
    /// How soon to act.
    pub severity: Severity,
    /// `zone:ID`, `asset:ID`, `flow:ID`, `operation:ID`, `party:ID`, `department:ID`, `factory`.
    pub subjects: Vec<String>,
    /// One line naming the problem, English (the Japanese is in `i18n.ja`).
    pub title: String,
    /// What was found and why it matters, English.
    pub detail: String,
    /// What to do about it, English.
    pub recommendation: String,
    /// Guideline section or table, e.g. "3.1.6", "Table 3-5", "Annex A (i)".
    pub reference: String,
    /// The catalog entries behind it (threat, measure, checklist item ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catalog: Vec<String>,
    /// The model's decision on it, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<FindingDecision>,
    /// Extension: where the first subject is defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    /// Extension: the rule that raised it (e.g. `KJ-ZONE-003`), for SARIF rule ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Extension: kind-specific facts (threat viewpoint, impact, risk level, CVSS…).
    #[serde(default, skip_serializing_if = "KeyedList::is_empty")]
    pub facts: Facts,
    /// Extension: the same words in other languages, by language code (`ja`).
    #[serde(default, skip_serializing_if = "KeyedList::is_empty")]
    pub i18n: KeyedList<Text>,
}

impl Finding {
    /// Whether this finding counts towards `--fail-on` at `threshold`.
    pub fn counts_at(&self, threshold: Severity) -> bool {
        self.severity >= threshold
            && !self.decision.as_ref().is_some_and(|d| d.suppresses())
            && !self.vex_settles()
    }
    /// Whether a VEX statement on the finding (`facts.vex.status`) says not affected or
    /// fixed: it stays listed but leaves `--fail-on`, like a decision.
    pub fn vex_settles(&self) -> bool {
        self.facts
            .get("vex")
            .and_then(|v| v.get("status"))
            .and_then(|s| s.as_str())
            .is_some_and(|s| s == "not_affected" || s == "fixed")
    }
    /// Title, detail and recommendation in `lang`, falling back to English.
    pub fn text(&self, lang: &str) -> Text {
        match self.i18n.get(lang) {
            Some(t) => t.clone(),
            None => Text {
                title: self.title.clone(),
                detail: self.detail.clone(),
                recommendation: self.recommendation.clone(),
            },
        }
    }
}

/// Marks every finding that one of the model's `decisions:` names (the last decision naming
/// it wins). An acceptance whose `review_by` is before `today` is marked expired, so the
/// finding counts again; other statuses do not expire. Returns the indices of the findings
/// whose acceptance expired, for the assessment to raise `decision-expired` on.
pub fn apply_decisions(
    findings: &mut [Finding],
    decisions: &[kojo_model::Decision],
    today: kojo_model::Date,
) -> Vec<usize> {
    if decisions.is_empty() {
        return Vec::new();
    }
    let by_id: std::collections::HashMap<&str, &kojo_model::Decision> =
        decisions.iter().map(|d| (d.finding.as_str(), d)).collect();
    let mut expired = Vec::new();
    for (i, f) in findings.iter_mut().enumerate() {
        let Some(d) = by_id.get(f.id.as_str()) else {
            continue;
        };
        let is_expired = d.status == kojo_model::DecisionStatus::Accepted
            && d.review_by.is_some_and(|r| r < today);
        f.decision = Some(FindingDecision {
            status: d.status,
            reason: d.reason.clone(),
            by: d.by.clone(),
            review_by: d.review_by.map(|r| r.to_string()),
            owner: d.owner.clone(),
            due: d.due.map(|r| r.to_string()),
            ticket: d.ticket.clone(),
            expired: is_expired,
        });
        if is_expired {
            expired.push(i);
        }
    }
    expired
}

/// The stable id of a finding: a hash of its kind, its subjects (order-independent) and a
/// discriminator (e.g. the catalog threat id), so that list order in the YAML never changes it.
pub fn finding_id(kind: &str, subjects: &[String], discriminator: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<&str> = subjects.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut h = Sha256::new();
    h.update(kind.as_bytes());
    for s in sorted {
        h.update([0u8]);
        h.update(s.as_bytes());
    }
    h.update([1u8]);
    h.update(discriminator.as_bytes());
    let digest = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(12);
    id.push_str("F-");
    for b in &digest[..5] {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 15)]));
    }
    id
}

/// Sorts findings as the contract asks: by severity (most severe first), then step, then id;
/// `priority` findings (Step 2-1) by their rank before their id, so that every renderer
/// prints the policy in its order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| step_order(&a.step).cmp(&step_order(&b.step)))
            .then_with(|| priority_rank(a).cmp(&priority_rank(b)))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The rank of a `priority` finding (its `rank` fact); 0 for every other finding.
pub fn priority_rank(f: &Finding) -> u64 {
    if f.kind == FindingKind::Priority {
        f.facts.get("rank").and_then(|v| v.as_u64()).unwrap_or(0)
    } else {
        0
    }
}

/// Numeric order of guideline steps ("1-1" < "1-7" < "2-1" < "3").
pub fn step_order(step: &str) -> (u32, u32) {
    let mut parts = step.split(['-', ' ', '/']);
    let major = parts.next().and_then(|p| p.parse().ok()).unwrap_or(99);
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (major, minor)
}

/// The model an assessment is of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The model file, as given.
    pub path: String,
    /// The SHA-256 of the model file's bytes, in hex.
    pub sha256: String,
    /// The factory's name (`factory.name`).
    pub factory: String,
}

/// The findings counted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Every finding.
    pub findings: usize,
    /// Findings by severity (every severity present, zero or not).
    pub by_severity: BTreeMap<Severity, usize>,
    /// Extension: findings that count (not suppressed by a decision).
    #[serde(default)]
    pub counted: usize,
}

impl Summary {
    /// The summary of `findings`.
    pub fn of(findings: &[Finding]) -> Summary {
        let mut by_severity: BTreeMap<Severity, usize> =
            Severity::ALL_DESC.into_iter().map(|s| (s, 0)).collect();
        for f in findings {
            *by_severity.entry(f.severity).or_default() += 1;
        }
        Summary {
            findings: findings.len(),
            by_severity,
            counted: findings
                .iter()
                .filter(|f| f.counts_at(Severity::Info))
                .count(),
        }
    }
}

/// The security requirements of a zone (Step 1-6), as lines of text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ZoneRequirements {
    /// Lines are shared (`Arc<str>`): the same line stands in many zones and in both zones of
    /// a connected pair, hundreds of thousands of times in a large factory.
    pub within: Vec<Arc<str>>,
    /// By the id of the other zone.
    pub between: BTreeMap<String, Vec<Arc<str>>>,
}

/// A conduit (IEC 62443-3-2): every flow between two zones, either way, with the target
/// SL it works to and how that was reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConduitAssessment {
    /// The two zones it joins (`zone:ID`), in order of id.
    pub zones: Vec<String>,
    /// The flows it carries (ids), in order of id.
    pub flows: Vec<String>,
    /// The enforcing boundary devices its flows pass (asset ids), in order of id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundary_devices: Vec<String>,
    /// Networked flows of it that pass no enforcing boundary device (ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unguarded_flows: Vec<String>,
    /// The target SL: the higher of the two zones' (a conduit meets the requirements of
    /// the zones it joins); absent where neither zone has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_sl: Option<u8>,
    /// How the target SL was reached, English.
    pub derivation: String,
    /// The same, Japanese.
    pub derivation_ja: String,
}

/// What the assessment says of one zone of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneAssessment {
    /// The zone's id in the model.
    pub id: String,
    /// low | medium | high
    pub importance: Option<String>,
    /// The IEC 62443 security level the zone should reach (1-4), written or derived.
    pub target_sl: Option<u8>,
    /// Requirements within the zone and towards each zone it is connected to.
    pub requirements: ZoneRequirements,
    /// Extension: how importance and target SL were derived, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
    /// The entry points that reach the zone, each with its shortest path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposure: Vec<ZoneExposure>,
    /// The zone's one zoning verdict (Step 1-6), reconciled from every rule that spoke.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<ZoneVerdict>,
}

/// One entry point reaching a zone: `internet`, `carrier`, `vpn`, `wireless`,
/// `removable-media`, `maintenance-laptop`, `party:ID`, `zone:ID` or (assumed compromised)
/// `asset:ID`; the flows of its shortest path (the one it comes in by first, where any) and
/// the enforcing boundary devices passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneExposure {
    /// The entry point, in the words above.
    pub entry: String,
    /// The flow ids of the shortest path, in order.
    pub path: Vec<String>,
    /// The enforcing boundary devices on the path.
    pub boundaries: usize,
    /// The zones passed, from where the entry point lands to this zone.
    #[serde(default)]
    pub zones: Vec<String>,
    /// A flow on the way is not automated: a person reviews what crosses.
    #[serde(default)]
    pub human_review: bool,
}

/// keep | divide | split | separate | review, weakest first: where several apply, the
/// strongest wins (separate, then split, then divide, then review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The zoning stands as modelled.
    Keep,
    /// The zoning stands; the zone's requirements (and those between it and its peers)
    /// are reviewed (Annex A (iii)).
    Review,
    /// Divide the zone by operation (Annex A (i) 1).
    Divide,
    /// Split the assets that drive control into a zone of their own (Annex A (i) 3).
    Split,
    /// Separate an external party's service into a zone of its own (Annex A (ii) 3).
    Separate,
}

impl Verdict {
    /// The word of the JSON (`keep`, `review`, `divide`, `split`, `separate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Keep => "keep",
            Verdict::Review => "review",
            Verdict::Divide => "divide",
            Verdict::Split => "split",
            Verdict::Separate => "separate",
        }
    }
    /// Whether the verdict changes the zoning (a new zone is proposed).
    pub fn changes_zoning(self) -> bool {
        matches!(self, Verdict::Divide | Verdict::Split | Verdict::Separate)
    }
}

/// A zone's verdict: what it is, the findings behind it, and the zones it proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneVerdict {
    /// The verdict.
    pub verdict: Verdict,
    /// The ids of the findings of every rule that spoke on the zone's zoning.
    pub reasons: Vec<String>,
    /// The new zones, where the verdict changes the zoning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Proposal>,
    /// The verdict in one sentence, English.
    pub detail: String,
    /// The same sentence in Japanese.
    pub detail_ja: String,
}

/// The zones a verdict proposes (every new zone, whichever rule asked for it).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Proposal {
    /// The new zones, in the order the rules asked for them.
    pub zones: Vec<ProposedZone>,
}

/// One proposed zone: the assets moved into it, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposedZone {
    /// The new zone's id (not in the model yet).
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its display name in Japanese (the same words: the zone is not in the model yet, so
    /// kojo names it, in both languages).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_ja: String,
    /// control | production | information | external | dmz
    pub kind: String,
    /// The verdict that asks for it: divide, split or separate.
    pub why: Verdict,
    /// Asset ids moved into it, in model order.
    pub assets: Vec<String>,
    /// Flows that cross the new boundary (between the new zone and the zone it leaves).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundary_flows: Vec<String>,
    /// The external party whose service it holds (division of responsibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The boundary device placeholder the to-be model adds, where no moved asset is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary_placeholder: Option<String>,
}

impl ProposedZone {
    /// Its name in `lang` (`en`, `ja`): the English one where it has no other.
    pub fn name_in(&self, lang: &str) -> &str {
        match lang {
            "ja" if !self.name_ja.is_empty() => &self.name_ja,
            _ => &self.name,
        }
    }
}

/// What a plan action does (the contract's `plan[].action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanActionKind {
    /// A change of the zoning, from a zone's verdict (divide, split, separate).
    ZoneChange,
    /// A countermeasure of the catalog on named subjects (Step 2-2).
    Measure,
    /// A supply-chain action: a contract term, a checklist, an SBOM (Step 3).
    SupplyChain,
    /// An organisational action: BCP, OODA roles, maturity, governance (Steps 1-1 and 3).
    Organisation,
}

impl PlanActionKind {
    /// The contract's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanActionKind::ZoneChange => "zone-change",
            PlanActionKind::Measure => "measure",
            PlanActionKind::SupplyChain => "supply-chain",
            PlanActionKind::Organisation => "organisation",
        }
    }
}

/// When an action is due, relative to the assessment (the contract's `plan[].horizon`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    /// Start now: it removes a critical or high risk, or a zoning root cause.
    Now,
    /// In the next planning cycle.
    Next,
    /// Later, once the first ones are in place.
    Later,
}

impl Horizon {
    /// The contract's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::Now => "now",
            Horizon::Next => "next",
            Horizon::Later => "later",
        }
    }
}

/// The risk an action removes: the highest severity among the findings it closes before,
/// and what it is after the action under the risk method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRisk {
    /// The highest severity among the findings it closes.
    pub before: Severity,
    /// What it is once the action is done.
    pub after: Severity,
}

/// One ranked action of the plan (`plan[]` of `assessment-output.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanAction {
    /// 1 for the first thing to do; actions that tie share no rank (the order is total).
    pub rank: u32,
    /// `A-` and ten hex digits: stable like finding ids (kind, subjects, measure).
    pub id: String,
    /// What kind of action.
    pub action: PlanActionKind,
    /// English words; the Japanese are in `i18n.ja`.
    pub title: String,
    /// What to do and why, English.
    pub detail: String,
    /// `zone:ID`, `asset:ID`, `flow:ID`, `party:ID`, `department:ID` or `factory`.
    pub subjects: Vec<String>,
    /// The catalog measure (`msr-…`), for action `measure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The ids of the findings it resolves or lowers.
    pub closes: Vec<String>,
    /// The risk before and after.
    pub risk: PlanRisk,
    /// When to do it.
    pub horizon: Horizon,
    /// A department, party or OODA lead id, where the model names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The guideline reference (a section, table, row or Annex A case of the appendix).
    pub reference: String,
    /// Extension: the same words in other languages, by language code (`ja`); `recommendation`
    /// is left empty.
    #[serde(default, skip_serializing_if = "KeyedList::is_empty")]
    pub i18n: KeyedList<Text>,
}

impl PlanAction {
    /// Title and detail in `lang`, falling back to English.
    pub fn text(&self, lang: &str) -> Text {
        match self.i18n.get(lang) {
            Some(t) => t.clone(),
            None => Text {
                title: self.title.clone(),
                detail: self.detail.clone(),
                recommendation: String::new(),
            },
        }
    }
}

/// A plan action's id: `A-` and ten hex digits of the action kind, its subjects (in any
/// order) and its measure or discriminator.
pub fn plan_action_id(kind: PlanActionKind, subjects: &[String], disc: &str) -> String {
    let f = finding_id(kind.as_str(), subjects, disc);
    format!("A-{}", &f[2..])
}

/// One JSON object, as `kojo assess --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The kojo version that wrote it.
    pub kojo_version: String,
    /// The model assessed.
    pub model: ModelInfo,
    /// The findings counted.
    pub summary: Summary,
    /// Every zone of the model, in the model's order.
    pub zones: Vec<ZoneAssessment>,
    /// Every conduit between two zones, in order of the zones' ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conduits: Vec<ConduitAssessment>,
    /// What to do, in this order (Step 2-1: the most significant first).
    #[serde(default)]
    pub plan: Vec<PlanAction>,
    /// Every finding, the most severe first, then by step and id ([`sort_findings`]).
    pub findings: Vec<Finding>,
}

impl Assessment {
    /// Sorts the findings and recomputes the summary; call after adding findings.
    pub fn finish(&mut self) {
        sort_findings(&mut self.findings);
        self.summary = Summary::of(&self.findings);
    }
    /// Whether any finding counts at `threshold` (the `--fail-on` gate).
    pub fn fails_at(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.counts_at(threshold))
    }
}

#[cfg(test)]
mod tests {

    /// A decision's status is written as the model format's word and read back from it; a
    /// word that is no status is refused with the ones that are.
    #[test]
    fn a_decision_status_is_its_word_in_the_json() {
        let d = FindingDecision {
            status: kojo_model::DecisionStatus::FalsePositive,
            reason: None,
            by: None,
            review_by: None,
            owner: None,
            due: None,
            ticket: None,
            expired: false,
        };
        let json = serde_json::to_string(&d).unwrap_or_default();
        assert_eq!(json, r#"{"status":"false-positive"}"#);
        let back: FindingDecision = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, d);
        let err = serde_json::from_str::<FindingDecision>(r#"{"status":"wontfix"}"#)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("accepted, in-progress, mitigated, false-positive"),
            "{err}"
        );
    }
    use super::*;

    #[test]
    fn finding_id_ignores_subject_order_and_is_stable() {
        let a = finding_id("threat", &["zone:a".into(), "asset:b".into()], "thr-x");
        let b = finding_id("threat", &["asset:b".into(), "zone:a".into()], "thr-x");
        assert_eq!(a, b);
        assert_eq!(a.len(), 12);
        assert!(a.starts_with("F-"));
        assert_ne!(
            a,
            finding_id("threat", &["zone:a".into(), "asset:b".into()], "thr-y")
        );
    }

    fn finding(id: &str) -> Finding {
        Finding {
            id: id.into(),
            kind: "boundary-missing".into(),
            step: "2-1".into(),
            severity: Severity::High,
            subjects: vec!["zone:a".into()],
            title: String::new(),
            detail: String::new(),
            recommendation: String::new(),
            reference: String::new(),
            catalog: Vec::new(),
            decision: None,
            location: None,
            rule: None,
            facts: Facts::new(),
            i18n: KeyedList::new(),
        }
    }

    fn decision(
        finding: &str,
        status: kojo_model::DecisionStatus,
        review_by: Option<kojo_model::Date>,
    ) -> kojo_model::Decision {
        kojo_model::Decision {
            finding: finding.into(),
            status,
            reason: Some("air-gapped".into()),
            by: Some("prod-eng".into()),
            date: None,
            review_by,
            owner: None,
            due: None,
            ticket: None,
            loc: kojo_model::Loc::default(),
        }
    }

    #[test]
    fn decisions_mark_findings_and_only_acceptances_expire() {
        use kojo_model::{Date, DecisionStatus::*};
        let today = Date {
            year: 2026,
            month: 6,
            day: 1,
        };
        let past = Some(Date {
            year: 2026,
            month: 5,
            day: 31,
        });
        let mut fs: Vec<Finding> = ["F-1", "F-2", "F-3", "F-4", "F-5"].map(finding).into();
        let ds = [
            decision("F-1", Accepted, past),
            decision("F-2", Accepted, Some(today)),
            decision("F-3", Mitigated, past),
            decision("F-5", FalsePositive, None),
            decision("F-5", Accepted, past),
        ];
        let expired = apply_decisions(&mut fs, &ds, today);
        assert_eq!(expired, vec![0, 4]);
        let d = |i: usize| fs[i].decision.clone();
        assert!(
            d(0).is_some_and(|d| d.expired && d.status == kojo_model::DecisionStatus::Accepted)
        );
        assert!(d(1).is_some_and(|d| !d.expired && d.review_by.as_deref() == Some("2026-06-01")));
        assert!(d(2).is_some_and(|d| !d.expired
            && d.status == kojo_model::DecisionStatus::Mitigated
            && d.suppresses()));
        assert_eq!(d(3), None);
        // The last decision naming a finding wins.
        assert!(
            d(4).is_some_and(|d| d.expired && d.status == kojo_model::DecisionStatus::Accepted)
        );
        assert!(fs[0].counts_at(Severity::Medium) && !fs[1].counts_at(Severity::Medium));
    }

    #[test]
    fn severity_lowered_never_reaches_info() {
        assert_eq!(Severity::Low.lowered(), Severity::Low);
        assert_eq!(Severity::Critical.lowered(), Severity::High);
    }

    #[test]
    fn steps_order_numerically() {
        assert!(step_order("1-7") < step_order("2-1"));
        assert!(step_order("2-2") < step_order("3"));
        assert!(step_order("1-3 / 1-5") < step_order("1-4"));
    }
}
