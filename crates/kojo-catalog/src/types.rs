//! The catalog's entry types, as written in the YAML files under `catalog/` and in packs.
//!
//! Every entry has a stable `id`, a `title` and `text` in English and Japanese, and a
//! `reference` to the section / table / row of the guideline's smartification appendix (or,
//! for a pack, of the document the pack encodes).

use crate::applies::{Applicability, RawApplicability};
use kojo_findings::Severity;
use serde::{Deserialize, Serialize};

/// A text in both languages kojo speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    /// The text in `lang` (`"ja"` gives Japanese, anything else English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "ja" { &self.ja } else { &self.en }
    }
}

/// Where an entry comes from: section, table and row of the source document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Section number as printed, e.g. `3.1.7`, `Annex A`.
    pub section: String,
    /// Table name as printed, e.g. `Table 3-5`; absent for bulleted lists in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// 1-based row of the table (or bullet of the list) the entry encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The document when it is not the guideline's smartification appendix (packs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The fact could not be confirmed against the primary source ([R] in the notes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
}

impl Threat {
    /// Its reference, then the places of the appendix merged into it.
    pub fn references(&self) -> impl Iterator<Item = &Reference> {
        std::iter::once(&self.reference).chain(&self.also)
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(src) = &self.source {
            write!(f, "{src}, ")?;
        }
        write!(f, "{}", self.section)?;
        if let Some(t) = &self.table {
            write!(f, ", {t}")?;
        }
        if let Some(r) = self.row {
            write!(f, " row {r}")?;
        }
        if self.uncertain {
            write!(f, " [unconfirmed]")?;
        }
        Ok(())
    }
}

/// Where an entry's words come from, judged against the document its `reference` names (the
/// appendix, or a pack's `source`). Threat levels, vulnerability reductions, applicability
/// conditions and mappings (IEC 62443, NIST CSF, ATT&CK) are kojo's whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// The document's own wording.
    Seed,
    /// What the document says at the reference, in kojo's words.
    SeedParaphrase,
    /// Added by kojo: not in the document (the reference says where it fits).
    Kojo,
}

impl Provenance {
    /// The value as written in the catalog files.
    pub fn name(self) -> &'static str {
        match self {
            Provenance::Seed => "seed",
            Provenance::SeedParaphrase => "seed-paraphrase",
            Provenance::Kojo => "kojo",
        }
    }
    /// What it means, in both languages.
    pub fn describe(self) -> Text {
        let (en, ja) = match self {
            Provenance::Seed => ("the guideline's own wording", "ガイドラインの原文どおり"),
            Provenance::SeedParaphrase => (
                "the guideline's content in kojo's words",
                "ガイドラインの内容をkojoが言い換えたもの",
            ),
            Provenance::Kojo => (
                "added by kojo, not in the guideline",
                "kojoによる追加（ガイドラインにはない）",
            ),
        };
        Text {
            en: en.to_owned(),
            ja: ja.to_owned(),
        }
    }
}

/// Where an entry was read from (file name and 1-based line of its `id`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Origin {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// What a general entry encodes (one kind per table or list of the appendix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// Table 1-1: the departments desired at each step.
    DepartmentStep,
    /// The departments that read the appendix (1.2).
    Department,
    /// 2.1.1: the efforts of smartification (matters grouping Tables 2-1 and 3-5).
    SmartificationEffort,
    /// Table 2-1: security risks of smartification.
    SmartificationRisk,
    /// Table 3-1: targets of smartification (model `factory.purposes`).
    Purpose,
    /// Table 3-1: specific examples of a target.
    PurposeExample,
    /// 3.1.1 (1): BCP review points (model `factory.bcp.considers`).
    BcpPoint,
    /// 3.1.1 (2): kinds of external requirements to organise.
    ExternalRequirement,
    /// 3.1.1 (3): stakeholders that smartification tends to add.
    StakeholderCheck,
    /// 3.1.1 (3): departments and governance points to confirm.
    GovernanceCheck,
    /// 3.1.1 (3): incident-impact checks.
    IncidentImpactCheck,
    /// Table 3-2: tasks to be achieved (model `operations[].tasks`).
    Task,
    /// 3.1.2: the four areas of particularly high security concern.
    ConcernArea,
    /// Table 3-3: protected object types and components.
    ProtectedObject,
    /// 3.1.6: the zoning procedure.
    ZoningStep,
    /// 3.1.7: the ten threat types.
    ThreatType,
    /// Table 3-4: perspectives within and between zones.
    Perspective,
    /// Table 3-6: a row mapping a threat type and content to a measure type.
    ThreatMeasureRow,
    /// 3.2.2: measure types of Table 3-6 ((1)(i) network, (ii) equipment, (iii) programs).
    MeasureType,
    /// 3.3 (1)(ii): process / capability / skill definitions (Figure 3-5).
    CapabilityDefinition,
    /// 3.3 (2): the SBOM guidance.
    SbomGuidance,
    /// Table C-1: the assumed zones of Annex A.
    AnnexZone,
    /// Annex A: the zoning cases (i)-(iii) and their steps.
    ZoningCase,
    /// Annex B: reference guidelines per step.
    ReferenceGuideline,
    /// A pack's own entry kind that fits none of the above.
    Other,
}

/// A general catalog entry: one row of a table or one bullet of a list of the appendix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub kind: EntryKind,
    /// The model-format vocabulary id this entry defines (purposes, BCP points, tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The entry this one belongs to (a purpose for its examples, a case for its steps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    /// Other catalog entries this one relates to (threats, measures, entries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// Table 3-4 category of a threat: within a zone or between zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerspectiveScope {
    Within,
    Between,
}

/// The Step 1-5 viewpoints a threat's impact falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Safety,
    Quality,
    Delivery,
    Cost,
    BusinessContinuity,
}

/// A threat the assessment looks for, with where it applies and what answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub id: String,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Further places of the appendix the threat stands for (threats merged into it keep
    /// their references here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Reference>,
    /// Where the title and text come from.
    pub provenance: Provenance,
    /// One of the ten threat types of 3.1.7 (an entry id `tt-…`).
    pub threat_type: String,
    /// The Table 3-4 / 3-5 viewpoint (an entry id `vp-…`).
    pub viewpoint: String,
    /// Table 3-4: within a zone or between zones.
    pub perspective: PerspectiveScope,
    /// Threat level 1-3 for the risk method.
    pub level: u8,
    pub impacts: Vec<Impact>,
    /// Measure ids that counter it (Table 3-6, 3.2.2, 3.3).
    pub measures: Vec<String>,
    /// IEC 62443-3-3 SR / RE ids, e.g. `SR 5.1`, `SR 1.1 RE2`.
    #[serde(default)]
    pub iec62443: Vec<String>,
    /// Suggested IEC 62443 security level 1-4.
    pub sl: u8,
    /// NIST CSF 2.0 subcategory ids.
    #[serde(default)]
    pub csf: Vec<String>,
    /// MITRE ATT&CK for ICS technique ids.
    #[serde(default)]
    pub attack: Vec<String>,
    /// Where it applies: alternatives, any of which suffices.
    pub applies: Vec<RawApplicability>,
    /// `applies`, checked and typed against the model's vocabularies.
    #[serde(skip)]
    pub conditions: Vec<Applicability>,
    #[serde(skip)]
    pub origin: Origin,
}

/// What a measure is about (the headings of 3.2.2 and 3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureCategory {
    /// 3.2.2 (1)(i): network connections.
    Network,
    /// 3.2.2 (1)(i): selection and use of cloud services.
    CloudService,
    /// 3.2.2 (1)(ii): general-purpose hardware.
    Hardware,
    /// 3.2.2 (1)(ii): software and OSS.
    Software,
    /// 3.2.2 (1)(iii): data utilization and integration.
    Data,
    /// 3.2.2 (2): physical measures.
    Physical,
    /// 3.3 (1)(i): operation and management (OODA, monitoring).
    Operation,
    /// 3.3 (1)(ii): maintenance and improvement (PDCA).
    Improvement,
    /// 3.3 (1)(ii): measures for unexpected events.
    UnexpectedEvents,
    /// 3.3 (2): supply chain.
    SupplyChain,
}

/// A security measure (countermeasure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: String,
    pub category: MeasureCategory,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    /// How much exposure it removes, 1-3, for the risk method's vulnerability level.
    pub reduces_vulnerability: u8,
    #[serde(default)]
    pub iec62443: Vec<String>,
    #[serde(default)]
    pub csf: Vec<String>,
    /// Threat ids it counters, derived from the threats' `measures`.
    #[serde(skip_deserializing)]
    pub mitigates: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// The phase of a supply-chain checklist item (Tables 3-10 to 3-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Procurement,
    Contract,
    Development,
    OperationMaintenance,
}

impl Phase {
    /// The prefix its item ids start with (`procurement.`, `operation.`, …).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Phase::Procurement => "procurement",
            Phase::Contract => "contract",
            Phase::Development => "development",
            Phase::OperationMaintenance => "operation",
        }
    }
}

/// One point to check with a supplier or provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// `phase.name`, e.g. `procurement.provider-reliable` (the id the model answers).
    pub id: String,
    pub phase: Phase,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    /// A note of the table, not a point to answer (no gap when unanswered).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub advisory: bool,
    #[serde(default)]
    pub iec62443: Vec<String>,
    #[serde(default)]
    pub csf: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// A supply-chain checklist: Table 3-10, 3-11 or 3-12, or a pack's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// `chk-…`.
    pub id: String,
    /// The model's `supply_chain[].checklist` value: `cloud-service`, `general-product`,
    /// `software`, or a pack's own kind.
    pub kind: String,
    /// Party kinds (model `parties[].kind`) whose use calls for this checklist.
    pub party_kinds: Vec<String>,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    pub items: Vec<ChecklistItem>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Checklist {
    /// The item with this id (`procurement.provider-reliable`).
    pub fn item(&self, id: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// Stage of Tables 3-7 / 3-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OodaStage {
    Preventive,
    Damage,
}

/// Step of the OODA cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OodaStep {
    Observe,
    Orient,
    Decide,
    Act,
}

/// One row of Table 3-7 or 3-8: who leads a step and who decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OodaRole {
    pub id: String,
    pub stage: OodaStage,
    pub step: OodaStep,
    pub title: Text,
    /// The examples of implementation.
    pub text: Text,
    /// The main department in charge, as the table names it.
    pub lead: Text,
    /// Department kinds (model vocabulary) that fit the lead.
    #[serde(default)]
    pub lead_kinds: Vec<String>,
    /// Decision makers as the model's fixed roles (`business-owner`, `factory-manager`, …).
    pub deciders: Vec<String>,
    /// The business owner decides depending on importance.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub owner_by_importance: bool,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    #[serde(skip)]
    pub origin: Origin,
}

/// Maturity scope of Table 3-9 (model `maturity` keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaturityScope {
    ExternalCooperation,
    RelatedDepartments,
    WithinDepartment,
}

/// Maturity level of Table 3-9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaturityLevelName {
    Basic,
    Practice,
    Application,
}

/// One cell of Table 3-9: what a scope does at a level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityCell {
    pub id: String,
    pub scope: MaturityScope,
    pub level: MaturityLevelName,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    #[serde(skip)]
    pub origin: Origin,
}

/// An IEC 62443-3-3 system requirement or requirement enhancement (ids and titles only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityRequirement {
    /// `SR 1.1` or `SR 1.1 RE1`.
    pub id: String,
    pub title: Text,
    /// Lowest SL-C that selects it (1-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_sl: Option<u8>,
    #[serde(skip)]
    pub origin: Origin,
}

/// One level of a 1-3 scale of the risk method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    pub value: u8,
    pub title: Text,
    pub text: Text,
}

/// One cell of the combination table: importance × threat × vulnerability → risk level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Combination {
    pub importance: u8,
    pub threat: u8,
    pub vulnerability: u8,
    pub risk: String,
}

/// A risk level (`A` … `E`) and the finding severity it maps to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskLevel {
    pub id: String,
    pub title: Text,
    pub severity: Severity,
}

/// How implemented (and planned) measures give a threat's vulnerability level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VulnerabilityRule {
    /// Vulnerability level with no measure in place.
    pub start: u8,
    /// Lowest level measures can bring it to.
    pub floor: u8,
    /// Whether planned measures count (the default: no; they lower severity elsewhere).
    #[serde(default)]
    pub planned_counts: bool,
    /// How much one protection a flow declares (and its protocol can carry) lowers the
    /// vulnerability of a threat on that flow, counted like a measure.
    #[serde(default = "one")]
    pub protection: u8,
    /// How much one enforcing boundary device a flow passes (firewall, data diode, VPN or
    /// remote-access gateway) lowers it, counted like a measure.
    #[serde(default = "one")]
    pub boundary_device: u8,
}

fn one() -> u8 {
    1
}

fn two() -> u8 {
    2
}

/// Exposure (kojo): a threat that arrives over the network is less likely where no entry
/// point reaches its zone, or where every way in passes several boundary devices; the
/// threat level is lowered by the given steps (never below 1). Physical and environmental
/// threat types do not depend on the network and keep their level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExposureRule {
    /// Steps the threat level goes down where no entry point reaches the zone.
    #[serde(default = "one")]
    pub unreachable: u8,
    /// Boundary devices every way in must pass for the zone to count as sheltered.
    #[serde(default = "two")]
    pub sheltered_boundaries: u8,
    /// Steps the threat level of a threat within a sheltered zone goes down (threats
    /// between zones already count the boundary devices on their own flows).
    #[serde(default = "one")]
    pub sheltered: u8,
    /// Threat types (`tt-…`) or threats (`thr-…`) that do not arrive over the network.
    #[serde(default)]
    pub not_network_borne: Vec<String>,
}

/// Without an `exposure` section the threat level is the catalog's everywhere (the plain
/// IPA method); the embedded catalog sets one.
impl Default for ExposureRule {
    fn default() -> Self {
        ExposureRule {
            unreachable: 0,
            sheltered_boundaries: 2,
            sheltered: 0,
            not_network_borne: Vec::new(),
        }
    }
}

/// The risk method (IPA's asset-based method by default; configurable by a pack).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskMethod {
    pub id: String,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    pub importance: Vec<ScaleLevel>,
    pub threat: Vec<ScaleLevel>,
    pub vulnerability: Vec<ScaleLevel>,
    pub vulnerability_rule: VulnerabilityRule,
    /// How the exposure of a zone (the entry points that reach it) enters the threat level.
    #[serde(default)]
    pub exposure: ExposureRule,
    pub levels: Vec<RiskLevel>,
    pub combination: Vec<Combination>,
    #[serde(skip)]
    pub origin: Origin,
}

impl RiskMethod {
    /// The risk level for importance, threat level and vulnerability level (each 1-3).
    pub fn risk(&self, importance: u8, threat: u8, vulnerability: u8) -> Option<&RiskLevel> {
        let c = self.combination.iter().find(|c| {
            c.importance == importance && c.threat == threat && c.vulnerability == vulnerability
        })?;
        self.levels.iter().find(|l| l.id == c.risk)
    }

    /// The finding severity for importance, threat and vulnerability levels.
    pub fn severity(&self, importance: u8, threat: u8, vulnerability: u8) -> Option<Severity> {
        self.risk(importance, threat, vulnerability)
            .map(|l| l.severity)
    }

    /// The vulnerability level of a threat given the `reduces_vulnerability` of its
    /// implemented (and, where the rule says so, planned) measures: the strongest counts in
    /// full, any second one adds one step (defence in depth), never below the floor.
    pub fn vulnerability_level(&self, implemented: &[u8], planned: &[u8]) -> u8 {
        let mut all: Vec<u8> = implemented.to_vec();
        if self.vulnerability_rule.planned_counts {
            all.extend_from_slice(planned);
        }
        let strongest = all.iter().copied().max().unwrap_or(0);
        let others = all.len().saturating_sub(1).min(u8::MAX as usize) as u8;
        let reduction = strongest.saturating_add(others.min(1));
        self.vulnerability_rule
            .start
            .saturating_sub(reduction)
            .max(self.vulnerability_rule.floor)
    }
}

/// How long a review stays current in the PDCA cycle (Step 3); kojo's defaults, a pack may
/// replace them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPeriods {
    pub id: String,
    pub title: Text,
    pub text: Text,
    pub reference: Reference,
    /// Where the title and text come from.
    pub provenance: Provenance,
    /// A BCP whose `last_review` is older than this many months is stale.
    pub bcp_review_months: u32,
    /// Checklist answers confirmed (`answered_on`) longer ago than this are stale.
    pub checklist_answer_months: u32,
    #[serde(skip)]
    pub origin: Origin,
}

/// One catalog file (or pack): any subset of the sections.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogFile {
    #[serde(default)]
    pub catalog_version: Option<String>,
    #[serde(default)]
    pub entries: Vec<Entry>,
    #[serde(default)]
    pub threats: Vec<Threat>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub checklists: Vec<Checklist>,
    #[serde(default)]
    pub ooda: Vec<OodaRole>,
    #[serde(default)]
    pub maturity: Vec<MaturityCell>,
    #[serde(default)]
    pub iec62443: Vec<SecurityRequirement>,
    #[serde(default)]
    pub risk_method: Option<RiskMethod>,
    #[serde(default)]
    pub review_periods: Option<ReviewPeriods>,
}
