//! The guideline knowledge the rules read: threats with their applicability conditions,
//! measures, the risk method and the supply-chain checklists.
//!
//! This is a view of the catalog (`kojo_catalog::Catalog`), kept in this crate so the rules
//! can be tested with small hand-made catalogs. [`Knowledge::from_catalog`] is the only
//! place that knows the catalog's own types.

use kojo_catalog::Catalog;
use kojo_findings::Severity;
use kojo_model::{
    AssetKind, AssetTrait, ChecklistKind, Network, PartyKind, Protection, Status, ZoneKind,
};
use std::collections::BTreeMap;

/// What a threat alternative is evaluated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKind {
    Asset,
    Flow,
    Zone,
}

/// One condition of a threat's `applies[].when` (shared spec with the catalog). A list
/// value means "any of these"; a condition that does not belong to the alternative's
/// subject never holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    // asset
    Kind(Vec<AssetKind>),
    Role(Vec<String>),
    Traits(Vec<AssetTrait>),
    ZoneKind(Vec<ZoneKind>),
    SupplierKind(Vec<PartyKind>),
    SpansFaOa(bool),
    RemoteReachable(bool),
    // asset and flow
    Status(Vec<Status>),
    External(bool),
    // flow
    Network(Vec<Network>),
    Control(bool),
    Automated(bool),
    CrossesZones(bool),
    FromZoneKind(Vec<ZoneKind>),
    ToZoneKind(Vec<ZoneKind>),
    Protocol(Vec<String>),
    MissingProtection(Vec<Protection>),
    ControlFromOutsideControlNetwork(bool),
    CarriesData(bool),
    // zone
    ZoneOwnKind(Vec<ZoneKind>),
    ManagedExternally(bool),
    HasTrait(Vec<AssetTrait>),
    HasRole(Vec<String>),
}

/// One alternative of `applies:` — all conditions must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub subject: SubjectKind,
    pub when: Vec<Cond>,
}

/// Table 3-4: a threat considered within a zone or between zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Perspective {
    Within,
    Between,
}

/// The five viewpoints of importance (Steps 1-3 and 1-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Impact {
    Safety,
    Quality,
    Delivery,
    Cost,
    BusinessContinuity,
}

impl Impact {
    pub const ALL: [Impact; 5] = [
        Impact::Safety,
        Impact::Quality,
        Impact::Delivery,
        Impact::Cost,
        Impact::BusinessContinuity,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Safety => "safety",
            Impact::Quality => "quality",
            Impact::Delivery => "delivery",
            Impact::Cost => "cost",
            Impact::BusinessContinuity => "business_continuity",
        }
    }
    /// The impact in English prose (`as_str` is the model's key).
    pub fn word(self) -> &'static str {
        match self {
            Impact::BusinessContinuity => "business continuity",
            other => other.as_str(),
        }
    }
    /// The viewpoint in Japanese (Steps 1-3 and 1-5: 安全, 品質, 納期, コスト, 事業継続).
    pub fn as_ja(self) -> &'static str {
        match self {
            Impact::Safety => "安全",
            Impact::Quality => "品質",
            Impact::Delivery => "納期",
            Impact::Cost => "コスト",
            Impact::BusinessContinuity => "事業継続",
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A catalog threat as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatSpec {
    pub id: String,
    pub name: String,
    pub name_ja: String,
    /// One of the ten threat types of 3.1.7.
    pub threat_type: String,
    /// Table 3-5 viewpoint id.
    pub viewpoint: String,
    pub perspective: Perspective,
    /// Threat level 1-3 for the risk method.
    pub level: u8,
    pub impacts: Vec<Impact>,
    /// Measure ids that counter it.
    pub measures: Vec<String>,
    pub iec62443: Vec<String>,
    pub sl: Option<u8>,
    pub csf: Vec<String>,
    pub attack: Vec<String>,
    /// Guideline section/table, e.g. "Table 3-5".
    pub reference: String,
    pub applies: Vec<Alternative>,
}

/// A catalog measure as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureSpec {
    pub id: String,
    pub name: String,
    pub name_ja: String,
    /// How much exposure it removes when implemented (1-3).
    pub reduces_vulnerability: u8,
}

/// The risk method: importance × threat level × vulnerability → risk level → severity.
/// Data, not code: the catalog (or a pack) supplies it; [`RiskMethod::ipa_default`] is the
/// default of IPA's Security Risk Assessment Guide for ICS as the knowledge notes read it.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskMethod {
    /// Where the method comes from, for the derivation text.
    pub name: String,
    /// The same in Japanese.
    pub name_ja: String,
    /// (importance, threat level, vulnerability), each 1-3 → risk level label.
    pub table: BTreeMap<(u8, u8, u8), String>,
    /// Risk level label → severity.
    pub severity: BTreeMap<String, Severity>,
    /// The vulnerability level when no countermeasure is implemented.
    pub max_vulnerability: u8,
    /// The lowest level measures can bring it to.
    pub floor: u8,
    /// Whether planned measures count towards the vulnerability level.
    pub planned_counts: bool,
    /// What one protection a flow carries counts for, on that flow's threats.
    pub protection_reduces: u8,
    /// What one enforcing boundary device a flow passes counts for, on that flow's threats.
    pub boundary_reduces: u8,
    /// How the zone's exposure lowers the threat level.
    pub exposure: kojo_catalog::ExposureRule,
}

impl RiskMethod {
    /// IPA's grading A (highest) … E from importance + threat + vulnerability (sum rule:
    /// 9 → A, 8 → B, 7 → C, 6 → D, ≤5 → E), mapped A → critical, B → high, C → medium, D → low, E → info.
    pub fn ipa_default() -> RiskMethod {
        let mut table = BTreeMap::new();
        for i in 1..=3u8 {
            for t in 1..=3u8 {
                for v in 1..=3u8 {
                    let label = match i + t + v {
                        9 => "A",
                        8 => "B",
                        7 => "C",
                        6 => "D",
                        _ => "E",
                    };
                    table.insert((i, t, v), label.to_string());
                }
            }
        }
        let severity = [
            ("A", Severity::Critical),
            ("B", Severity::High),
            ("C", Severity::Medium),
            ("D", Severity::Low),
            ("E", Severity::Info),
        ]
        .into_iter()
        .map(|(k, s)| (k.to_string(), s))
        .collect();
        RiskMethod {
            name: "IPA Security Risk Assessment Guide for ICS (asset-based, default)".into(),
            name_ja: "IPA 制御システムのセキュリティリスク分析ガイド(資産ベース、既定)".into(),
            table,
            severity,
            max_vulnerability: 3,
            floor: 1,
            planned_counts: false,
            protection_reduces: 1,
            boundary_reduces: 1,
            exposure: kojo_catalog::ExposureRule::default(),
        }
    }

    /// The vulnerability level left by the measures in place, given each one's
    /// `reduces_vulnerability`: the strongest counts in full, a second one adds one step
    /// (defence in depth), never below the floor.
    pub fn vulnerability(&self, implemented: &[u8], planned: &[u8]) -> u8 {
        let mut all = implemented.to_vec();
        if self.planned_counts {
            all.extend_from_slice(planned);
        }
        let strongest = all.iter().copied().max().unwrap_or(0);
        let extra = u8::from(all.len() > 1);
        self.max_vulnerability
            .saturating_sub(strongest.saturating_add(extra))
            .max(self.floor)
            .max(1)
    }

    /// The risk level label and severity; values out of range are clamped to 1-3.
    pub fn rate(&self, importance: u8, threat: u8, vulnerability: u8) -> (String, Severity) {
        let key = (
            importance.clamp(1, 3),
            threat.clamp(1, 3),
            vulnerability.clamp(1, 3),
        );
        let label = self
            .table
            .get(&key)
            .cloned()
            .unwrap_or_else(|| "?".to_string());
        let sev = self
            .severity
            .get(&label)
            .copied()
            .unwrap_or(Severity::Medium);
        (label, sev)
    }
}

/// One item of a supply-chain checklist (Tables 3-10 to 3-12).
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
    /// The catalog's Japanese title (empty where the catalog has none).
    pub text_ja: String,
}

/// Everything the rules read from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Knowledge {
    pub threats: Vec<ThreatSpec>,
    /// By measure id without its `msr-` prefix.
    pub measures: BTreeMap<String, MeasureSpec>,
    pub risk: RiskMethod,
    pub checklists: BTreeMap<ChecklistKind, Vec<ChecklistItem>>,
    /// Japanese (title, text) of catalog entries and Table 3-9 cells by id (viewpoints
    /// `vp-…`, BCP points `bcp-…`, maturity cells `mat-…`), for the Japanese findings.
    pub ja: BTreeMap<String, (String, String)>,
    /// English titles of the same entries, to name them in prose instead of their ids.
    pub titles: BTreeMap<String, String>,
    /// PDCA review periods in months (catalog `review_periods`): BCP, checklist answers.
    pub review: ReviewMonths,
}

/// How many months a BCP review and a checklist's answers stay current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewMonths {
    pub bcp: u32,
    pub checklist: u32,
}

impl Default for ReviewMonths {
    /// The embedded catalog's values: two years for the BCP, one for checklist answers.
    fn default() -> Self {
        ReviewMonths {
            bcp: 24,
            checklist: 12,
        }
    }
}

impl Default for Knowledge {
    fn default() -> Self {
        Knowledge {
            threats: Vec::new(),
            measures: BTreeMap::new(),
            risk: RiskMethod::ipa_default(),
            checklists: BTreeMap::new(),
            ja: BTreeMap::new(),
            titles: BTreeMap::new(),
            review: ReviewMonths::default(),
        }
    }
}

impl Knowledge {
    /// Reads the catalog's threats (with their typed `applies`), measures, risk method and
    /// checklists. Measure ids are kept without the `msr-` prefix, as models may write them
    /// either way.
    pub fn from_catalog(catalog: &Catalog) -> Knowledge {
        use kojo_catalog as kc;
        let impact = |i: kc::Impact| match i {
            kc::Impact::Safety => Impact::Safety,
            kc::Impact::Quality => Impact::Quality,
            kc::Impact::Delivery => Impact::Delivery,
            kc::Impact::Cost => Impact::Cost,
            kc::Impact::BusinessContinuity => Impact::BusinessContinuity,
        };
        let threats = catalog
            .threats()
            .iter()
            .map(|t| ThreatSpec {
                id: t.id.clone(),
                name: t.title.en.clone(),
                name_ja: t.title.ja.clone(),
                threat_type: t.threat_type.clone(),
                viewpoint: t.viewpoint.clone(),
                perspective: match t.perspective {
                    kc::PerspectiveScope::Within => Perspective::Within,
                    kc::PerspectiveScope::Between => Perspective::Between,
                },
                level: t.level,
                impacts: t.impacts.iter().map(|i| impact(*i)).collect(),
                measures: t.measures.clone(),
                iec62443: t.iec62443.clone(),
                sl: Some(t.sl),
                csf: t.csf.clone(),
                attack: t.attack.clone(),
                reference: t.reference.to_string(),
                applies: t.conditions.iter().map(alternative).collect(),
            })
            .collect();
        let measures = catalog
            .measures()
            .iter()
            .map(|m| {
                let id = measure_key(&m.id).to_string();
                let spec = MeasureSpec {
                    id: id.clone(),
                    name: m.title.en.clone(),
                    name_ja: m.title.ja.clone(),
                    reduces_vulnerability: m.reduces_vulnerability,
                };
                (id, spec)
            })
            .collect();
        let risk = catalog
            .risk_method()
            .map(risk_method)
            .unwrap_or_else(RiskMethod::ipa_default);
        let mut checklists = BTreeMap::new();
        for kind in [
            ChecklistKind::CloudService,
            ChecklistKind::GeneralProduct,
            ChecklistKind::Software,
        ] {
            if let Some(c) = catalog.checklist_by_kind(kind) {
                let items = c
                    .items
                    .iter()
                    .filter(|i| !i.advisory)
                    .map(|i| ChecklistItem {
                        id: i.id.clone(),
                        text: i.title.en.clone(),
                        text_ja: i.title.ja.clone(),
                    })
                    .collect();
                checklists.insert(kind, items);
            }
        }
        let mut ja = BTreeMap::new();
        let mut titles = BTreeMap::new();
        for e in catalog.entries() {
            ja.insert(e.id.clone(), (e.title.ja.clone(), e.text.ja.clone()));
            titles.insert(e.id.clone(), e.title.en.clone());
        }
        for c in catalog.maturity() {
            ja.insert(c.id.clone(), (c.title.ja.clone(), c.text.ja.clone()));
        }
        Knowledge {
            threats,
            measures,
            risk,
            checklists,
            ja,
            titles,
            review: catalog
                .review_periods()
                .map(|r| ReviewMonths {
                    bcp: r.bcp_review_months,
                    checklist: r.checklist_answer_months,
                })
                .unwrap_or_default(),
        }
    }

    /// The catalog's Japanese title of an entry, where it has one.
    pub fn title_ja(&self, id: &str) -> Option<&str> {
        self.ja
            .get(id)
            .map(|(t, _)| t.as_str())
            .filter(|t| !t.is_empty())
    }

    /// The catalog's English title of an entry, where it has one.
    pub fn title(&self, id: &str) -> Option<&str> {
        self.titles
            .get(id)
            .map(String::as_str)
            .filter(|t| !t.is_empty())
    }

    /// The catalog's Japanese text of an entry, where it has one.
    pub fn text_ja(&self, id: &str) -> Option<&str> {
        self.ja
            .get(id)
            .map(|(_, t)| t.as_str())
            .filter(|t| !t.is_empty())
    }

    /// A measure's Japanese name, else its English name, else the id.
    pub fn measure_name_ja<'a>(&'a self, id: &'a str) -> &'a str {
        self.measures
            .get(measure_key(id))
            .map(|m| {
                if m.name_ja.is_empty() {
                    m.name.as_str()
                } else {
                    m.name_ja.as_str()
                }
            })
            .unwrap_or(id)
    }

    /// A measure's name in the reader's language.
    pub fn measure_name_in<'a>(&'a self, id: &'a str, lang: kojo_lang::Lang) -> &'a str {
        match lang {
            kojo_lang::Lang::En => self.measure_name(id),
            kojo_lang::Lang::Ja => self.measure_name_ja(id),
        }
    }

    /// The catalog's title of an entry in the reader's language, where it has one.
    pub fn title_in(&self, id: &str, lang: kojo_lang::Lang) -> Option<&str> {
        match lang {
            kojo_lang::Lang::En => self.title(id),
            kojo_lang::Lang::Ja => self.title_ja(id),
        }
    }

    pub fn measure_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.measures
            .get(measure_key(id))
            .map(|m| m.name.as_str())
            .unwrap_or(id)
    }
}

/// A measure id without its `msr-` prefix (models may write either).
pub fn measure_key(id: &str) -> &str {
    id.strip_prefix("msr-").unwrap_or(id)
}

fn alternative(a: &kojo_catalog::Applicability) -> Alternative {
    use kojo_catalog::Applicability as A;
    let mut when = Vec::new();
    let subject = match a {
        A::Asset(c) => {
            if let Some(v) = &c.kind {
                when.push(Cond::Kind(v.clone()))
            }
            if let Some(v) = &c.role {
                when.push(Cond::Role(v.clone()))
            }
            if let Some(v) = &c.traits {
                when.push(Cond::Traits(v.clone()))
            }
            if let Some(v) = &c.zone_kind {
                when.push(Cond::ZoneKind(v.clone()))
            }
            if let Some(v) = &c.status {
                when.push(Cond::Status(v.clone()))
            }
            if let Some(v) = c.external {
                when.push(Cond::External(v))
            }
            if let Some(v) = &c.supplier_kind {
                when.push(Cond::SupplierKind(v.clone()))
            }
            if let Some(v) = c.spans_fa_oa {
                when.push(Cond::SpansFaOa(v))
            }
            if let Some(v) = c.remote_reachable {
                when.push(Cond::RemoteReachable(v))
            }
            SubjectKind::Asset
        }
        A::Flow(c) => {
            if let Some(v) = &c.network {
                when.push(Cond::Network(v.clone()))
            }
            if let Some(v) = c.control {
                when.push(Cond::Control(v))
            }
            if let Some(v) = c.automated {
                when.push(Cond::Automated(v))
            }
            if let Some(v) = c.crosses_zones {
                when.push(Cond::CrossesZones(v))
            }
            if let Some(v) = &c.from_zone_kind {
                when.push(Cond::FromZoneKind(v.clone()))
            }
            if let Some(v) = &c.to_zone_kind {
                when.push(Cond::ToZoneKind(v.clone()))
            }
            if let Some(v) = &c.protocol {
                when.push(Cond::Protocol(
                    v.iter().map(|p| p.to_ascii_lowercase()).collect(),
                ))
            }
            if let Some(v) = &c.missing_protection {
                when.push(Cond::MissingProtection(v.clone()))
            }
            if let Some(v) = c.external {
                when.push(Cond::External(v))
            }
            if let Some(v) = &c.status {
                when.push(Cond::Status(v.clone()))
            }
            if let Some(v) = c.control_from_outside_control_network {
                when.push(Cond::ControlFromOutsideControlNetwork(v))
            }
            if let Some(v) = c.carries_data {
                when.push(Cond::CarriesData(v))
            }
            SubjectKind::Flow
        }
        A::Zone(c) => {
            if let Some(v) = &c.kind {
                when.push(Cond::ZoneOwnKind(v.clone()))
            }
            if let Some(v) = c.managed_externally {
                when.push(Cond::ManagedExternally(v))
            }
            if let Some(v) = &c.has_trait {
                when.push(Cond::HasTrait(v.clone()))
            }
            if let Some(v) = &c.status {
                when.push(Cond::Status(v.clone()))
            }
            if let Some(v) = &c.has_role {
                when.push(Cond::HasRole(v.clone()))
            }
            SubjectKind::Zone
        }
    };
    Alternative { subject, when }
}

fn risk_method(r: &kojo_catalog::RiskMethod) -> RiskMethod {
    let table = r
        .combination
        .iter()
        .map(|c| ((c.importance, c.threat, c.vulnerability), c.risk.clone()))
        .collect();
    let severity = r
        .levels
        .iter()
        .map(|l| (l.id.clone(), l.severity))
        .collect();
    RiskMethod {
        name: r.title.en.clone(),
        name_ja: if r.title.ja.is_empty() {
            r.title.en.clone()
        } else {
            r.title.ja.clone()
        },
        table,
        severity,
        max_vulnerability: r.vulnerability_rule.start,
        floor: r.vulnerability_rule.floor,
        planned_counts: r.vulnerability_rule.planned_counts,
        protection_reduces: r.vulnerability_rule.protection,
        boundary_reduces: r.vulnerability_rule.boundary_device,
        exposure: r.exposure.clone(),
    }
}
