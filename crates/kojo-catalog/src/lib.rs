//! kojo-catalog: the guideline's knowledge as versioned data (`catalog/` at the repository
//! root, embedded in the binary), with a typed loader, catalog packs and the check of a
//! model's references into the catalog.
//!
//! The data follows the METI "Cyber/Physical Security Guidelines for Factory Systems",
//! smartification appendix (2024): every entry carries the section / table / row it encodes,
//! a title and text in English and Japanese, and — for threats and measures — mappings to
//! IEC 62443-3-3 SRs, NIST CSF 2.0 subcategories and MITRE ATT&CK for ICS techniques.

/// The `catalog_version` of the catalog embedded in this build (`catalog/index.yaml`).
pub const EMBEDDED_VERSION: &str = env!("KOJO_CATALOG_VERSION");

pub mod applies;
mod embedded;
mod export;
mod load;
pub mod outline;
mod refs;
pub mod types;

pub use applies::{
    Applicability, AssetConditions, FlowConditions, OneOrMany, RawApplicability, RawWhen, Subject,
    ZoneConditions, vocab,
};
pub use outline::SeedOutline;
pub use types::*;

use kojo_model::{ChecklistKind, Diagnostic, Model, PartyKind};
use std::path::PathBuf;

/// The loaded catalog: the embedded files plus any packs.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    version: String,
    files: Vec<String>,
    entries: Vec<Entry>,
    threats: Vec<Threat>,
    measures: Vec<Measure>,
    checklists: Vec<Checklist>,
    ooda: Vec<OodaRole>,
    maturity: Vec<MaturityCell>,
    requirements: Vec<SecurityRequirement>,
    risk_method: Option<RiskMethod>,
    review_periods: Option<ReviewPeriods>,
    /// Id → position, built once the catalog is checked.
    index: std::collections::HashMap<String, Slot>,
}

/// Where an id lives in the catalog's collections.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Entry(usize),
    Threat(usize),
    Measure(usize),
    Checklist(usize),
    ChecklistItem(usize, usize),
    Ooda(usize),
    Maturity(usize),
    Requirement(usize),
    RiskMethod,
}

/// Why the catalog (or a pack) could not be loaded: every problem, one per line, each
/// naming the file and line.
#[derive(Debug)]
pub struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for CatalogError {}

/// Any catalog item, for lookups by id and listings.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    Entry(&'a Entry),
    Threat(&'a Threat),
    Measure(&'a Measure),
    Checklist(&'a Checklist),
    ChecklistItem(&'a Checklist, &'a ChecklistItem),
    Ooda(&'a OodaRole),
    Maturity(&'a MaturityCell),
    Requirement(&'a SecurityRequirement),
    RiskMethod(&'a RiskMethod),
}

/// A title and text in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized<'a> {
    pub title: &'a str,
    pub text: &'a str,
}

impl<'a> Item<'a> {
    /// The kind name used by `kojo catalog list --kind`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Item::Entry(e) => export::entry_kind_name(e.kind),
            Item::Threat(_) => "threat",
            Item::Measure(_) => "measure",
            Item::Checklist(_) => "checklist",
            Item::ChecklistItem(..) => "checklist-item",
            Item::Ooda(_) => "ooda",
            Item::Maturity(_) => "maturity",
            Item::Requirement(_) => "iec62443",
            Item::RiskMethod(_) => "risk-method",
        }
    }
    /// The id; checklist items are `chk-….phase.name`.
    pub fn id(&self) -> String {
        match self {
            Item::Entry(e) => e.id.clone(),
            Item::Threat(t) => t.id.clone(),
            Item::Measure(m) => m.id.clone(),
            Item::Checklist(c) => c.id.clone(),
            Item::ChecklistItem(c, i) => format!("{}.{}", c.id, i.id),
            Item::Ooda(o) => o.id.clone(),
            Item::Maturity(m) => m.id.clone(),
            Item::Requirement(r) => r.id.clone(),
            Item::RiskMethod(r) => r.id.clone(),
        }
    }
    /// The title in both languages.
    pub fn title(&self) -> &'a Text {
        match *self {
            Item::Entry(e) => &e.title,
            Item::Threat(t) => &t.title,
            Item::Measure(m) => &m.title,
            Item::Checklist(c) => &c.title,
            Item::ChecklistItem(_, i) => &i.title,
            Item::Ooda(o) => &o.title,
            Item::Maturity(m) => &m.title,
            Item::Requirement(r) => &r.title,
            Item::RiskMethod(r) => &r.title,
        }
    }
    /// The text in both languages (the title again for IEC 62443 requirements).
    pub fn text(&self) -> &'a Text {
        match *self {
            Item::Entry(e) => &e.text,
            Item::Threat(t) => &t.text,
            Item::Measure(m) => &m.text,
            Item::Checklist(c) => &c.text,
            Item::ChecklistItem(_, i) => &i.text,
            Item::Ooda(o) => &o.text,
            Item::Maturity(m) => &m.text,
            Item::Requirement(r) => &r.title,
            Item::RiskMethod(r) => &r.text,
        }
    }
    /// Where it comes from in the guideline, if anywhere (IEC 62443 ids have no row).
    pub fn reference(&self) -> Option<&'a Reference> {
        match *self {
            Item::Entry(e) => Some(&e.reference),
            Item::Threat(t) => Some(&t.reference),
            Item::Measure(m) => Some(&m.reference),
            Item::Checklist(c) => Some(&c.reference),
            Item::ChecklistItem(_, i) => Some(&i.reference),
            Item::Ooda(o) => Some(&o.reference),
            Item::Maturity(m) => Some(&m.reference),
            Item::Requirement(_) => None,
            Item::RiskMethod(r) => Some(&r.reference),
        }
    }
    /// Where its title and text come from; `None` for IEC 62443 requirements, whose titles
    /// are the standard's.
    pub fn provenance(&self) -> Option<Provenance> {
        match *self {
            Item::Entry(e) => Some(e.provenance),
            Item::Threat(t) => Some(t.provenance),
            Item::Measure(m) => Some(m.provenance),
            Item::Checklist(c) => Some(c.provenance),
            Item::ChecklistItem(_, i) => Some(i.provenance),
            Item::Ooda(o) => Some(o.provenance),
            Item::Maturity(m) => Some(m.provenance),
            Item::Requirement(_) => None,
            Item::RiskMethod(r) => Some(r.provenance),
        }
    }
    /// The file and line it was read from.
    pub fn origin(&self) -> &'a Origin {
        match *self {
            Item::Entry(e) => &e.origin,
            Item::Threat(t) => &t.origin,
            Item::Measure(m) => &m.origin,
            Item::Checklist(c) => &c.origin,
            Item::ChecklistItem(_, i) => &i.origin,
            Item::Ooda(o) => &o.origin,
            Item::Maturity(m) => &m.origin,
            Item::Requirement(r) => &r.origin,
            Item::RiskMethod(r) => &r.origin,
        }
    }
}

/// The measure-id prefix; models may write measure ids with or without it
/// (`net-zone-boundary-filtering` = `msr-net-zone-boundary-filtering`).
const MEASURE_PREFIX: &str = "msr-";

impl Catalog {
    /// The catalog embedded in the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        load::load_embedded_with(&[])
    }

    /// The embedded catalog plus packs (`--catalog FILE`); a conflicting id is an error
    /// naming both files. Each pack is read within the cap of `KOJO_MAX_FILE_BYTES`.
    pub fn with_packs(packs: &[PathBuf]) -> Result<Catalog, CatalogError> {
        Catalog::with_packs_capped(packs, kojo_model::read::max_file_bytes())
    }

    /// [`Catalog::with_packs`] with an explicit cap in bytes on each pack.
    pub fn with_packs_capped(packs: &[PathBuf], cap: u64) -> Result<Catalog, CatalogError> {
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for p in packs {
            let read = kojo_model::read::read_capped(p, cap).map(String::from_utf8);
            match read {
                Ok(Ok(text)) => sources.push(load::Source {
                    name: p.display().to_string(),
                    text,
                    pack: true,
                }),
                Ok(Err(e)) => errors.push(format!(
                    "{}: the catalog pack is not UTF-8 text (invalid byte at offset {})",
                    p.display(),
                    e.utf8_error().valid_up_to()
                )),
                Err(e) => errors.push(format!("{}: cannot read catalog pack: {e}", p.display())),
            }
        }
        if !errors.is_empty() {
            return Err(CatalogError(errors.join("\n")));
        }
        load::load_embedded_with(&sources)
    }

    /// Loads a catalog from named YAML texts only (no embedded data); for tests and tools.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Catalog, CatalogError> {
        let s: Vec<load::Source> = sources
            .iter()
            .map(|(n, t)| load::Source {
                name: (*n).to_owned(),
                text: (*t).to_owned(),
                pack: false,
            })
            .collect();
        load::load(&s)
    }

    /// The catalog data version (`catalog_version` of `catalog/index.yaml`).
    pub fn version(&self) -> &str {
        &self.version
    }
    /// The files the catalog was read from, embedded ones first.
    pub fn files(&self) -> &[String] {
        &self.files
    }
    /// General entries (tables and lists of the appendix).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
    /// The entries of one kind, in catalog order.
    pub fn entries_of(&self, kind: EntryKind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }
    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        match self.index.get(id) {
            Some(Slot::Entry(i)) => self.entries.get(*i),
            _ => None,
        }
    }
    /// The entry of `kind` that defines the model vocabulary id `key`.
    pub fn entry_by_key(&self, kind: EntryKind, key: &str) -> Option<&Entry> {
        self.entries_of(kind)
            .find(|e| e.key.as_deref() == Some(key))
    }
    /// Threats the assessment looks for.
    pub fn threats(&self) -> &[Threat] {
        &self.threats
    }
    /// The threat with this id.
    pub fn threat(&self, id: &str) -> Option<&Threat> {
        match self.index.get(id) {
            Some(Slot::Threat(i)) => self.threats.get(*i),
            _ => None,
        }
    }
    /// Measures.
    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }
    /// The measure with this id; the `msr-` prefix may be left out.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        let slot = match self.index.get(id) {
            Some(s) => Some(s),
            None if !id.starts_with(MEASURE_PREFIX) => {
                self.index.get(&format!("{MEASURE_PREFIX}{id}"))
            }
            None => None,
        };
        match slot {
            Some(Slot::Measure(i)) => self.measures.get(*i),
            _ => None,
        }
    }
    /// Supply-chain checklists (Tables 3-10 to 3-12 and packs').
    pub fn checklists(&self) -> &[Checklist] {
        &self.checklists
    }
    /// The checklist with this id (`chk-…`).
    pub fn checklist(&self, id: &str) -> Option<&Checklist> {
        match self.index.get(id) {
            Some(Slot::Checklist(i)) => self.checklists.get(*i),
            _ => None,
        }
    }
    /// The checklist the model's `supply_chain[].checklist` value names.
    pub fn checklist_by_kind(&self, kind: ChecklistKind) -> Option<&Checklist> {
        let k = checklist_kind_name(kind);
        self.checklists.iter().find(|c| c.kind == k)
    }
    /// The guideline's checklist that a party of this kind calls for (cloud-service →
    /// Table 3-10, equipment-supplier / general-product-vendor → 3-11, software-vendor →
    /// 3-12), if any.
    pub fn checklist_for_party_kind(&self, kind: PartyKind) -> Option<&Checklist> {
        self.checklists_for_party_kind(kind).next()
    }
    /// Every checklist (embedded first, then packs') that a party of this kind calls for.
    pub fn checklists_for_party_kind(&self, kind: PartyKind) -> impl Iterator<Item = &Checklist> {
        let k = vocab::party_kind_name(kind);
        self.checklists
            .iter()
            .filter(move |c| c.party_kinds.iter().any(|p| p == k))
    }
    /// Table 3-9 cells.
    pub fn maturity(&self) -> &[MaturityCell] {
        &self.maturity
    }
    /// The Table 3-9 cell for a scope and level.
    pub fn maturity_cell(
        &self,
        scope: MaturityScope,
        level: MaturityLevelName,
    ) -> Option<&MaturityCell> {
        self.maturity
            .iter()
            .find(|m| m.scope == scope && m.level == level)
    }
    /// Tables 3-7 and 3-8 rows.
    pub fn ooda(&self) -> &[OodaRole] {
        &self.ooda
    }
    /// The row of Table 3-7 (preventive) or 3-8 (damage) for a step.
    pub fn ooda_role(&self, stage: OodaStage, step: OodaStep) -> Option<&OodaRole> {
        self.ooda
            .iter()
            .find(|o| o.stage == stage && o.step == step)
    }
    /// The BCP review points of 3.1.1 (1), keyed by the model's ids.
    pub fn bcp_points(&self) -> impl Iterator<Item = &Entry> {
        self.entries_of(EntryKind::BcpPoint)
    }
    /// Table 3-2 tasks, keyed by the model's ids.
    pub fn tasks(&self) -> impl Iterator<Item = &Entry> {
        self.entries_of(EntryKind::Task)
    }
    /// The ten threat types of 3.1.7.
    pub fn threat_types(&self) -> impl Iterator<Item = &Entry> {
        self.entries_of(EntryKind::ThreatType)
    }
    /// IEC 62443-3-3 SR and RE ids with titles.
    pub fn iec62443(&self) -> &[SecurityRequirement] {
        &self.requirements
    }
    /// The risk method (importance × threat × vulnerability → risk level → severity).
    pub fn risk_method(&self) -> Option<&RiskMethod> {
        self.risk_method.as_ref()
    }
    /// The review periods of the PDCA cycle (BCP, checklist answers).
    pub fn review_periods(&self) -> Option<&ReviewPeriods> {
        self.review_periods.as_ref()
    }
    /// The measures that counter a threat, in the threat's order.
    pub fn measures_for(&self, threat: &Threat) -> Vec<&Measure> {
        threat
            .measures
            .iter()
            .filter_map(|m| self.measure(m))
            .collect()
    }

    /// Every item, in catalog order: entries, threats, measures, checklists with their
    /// items, OODA rows, maturity cells, IEC 62443 requirements, the risk method.
    pub fn items(&self) -> Vec<Item<'_>> {
        let mut v: Vec<Item<'_>> = Vec::new();
        v.extend(self.entries.iter().map(Item::Entry));
        v.extend(self.threats.iter().map(Item::Threat));
        v.extend(self.measures.iter().map(Item::Measure));
        for c in &self.checklists {
            v.push(Item::Checklist(c));
            v.extend(c.items.iter().map(|i| Item::ChecklistItem(c, i)));
        }
        v.extend(self.ooda.iter().map(Item::Ooda));
        v.extend(self.maturity.iter().map(Item::Maturity));
        v.extend(self.requirements.iter().map(Item::Requirement));
        v.extend(self.risk_method.iter().map(Item::RiskMethod));
        v
    }

    /// The item with this id (measure ids may leave out `msr-`; checklist items are
    /// `chk-….phase.name`).
    pub fn find(&self, id: &str) -> Option<Item<'_>> {
        if let Some(m) = self.measure(id) {
            return Some(Item::Measure(m));
        }
        Some(match *self.index.get(id)? {
            Slot::Entry(i) => Item::Entry(self.entries.get(i)?),
            Slot::Threat(i) => Item::Threat(self.threats.get(i)?),
            Slot::Measure(i) => Item::Measure(self.measures.get(i)?),
            Slot::Checklist(i) => Item::Checklist(self.checklists.get(i)?),
            Slot::ChecklistItem(c, i) => {
                let c = self.checklists.get(c)?;
                Item::ChecklistItem(c, c.items.get(i)?)
            }
            Slot::Ooda(i) => Item::Ooda(self.ooda.get(i)?),
            Slot::Maturity(i) => Item::Maturity(self.maturity.get(i)?),
            Slot::Requirement(i) => Item::Requirement(self.requirements.get(i)?),
            Slot::RiskMethod => Item::RiskMethod(self.risk_method.as_ref()?),
        })
    }

    /// Builds the id index (ids are unique once the catalog is checked).
    pub(crate) fn build_index(&mut self) {
        let mut ix = std::collections::HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            ix.insert(e.id.clone(), Slot::Entry(i));
        }
        for (i, e) in self.threats.iter().enumerate() {
            ix.insert(e.id.clone(), Slot::Threat(i));
        }
        for (i, e) in self.measures.iter().enumerate() {
            ix.insert(e.id.clone(), Slot::Measure(i));
        }
        for (c, l) in self.checklists.iter().enumerate() {
            ix.insert(l.id.clone(), Slot::Checklist(c));
            for (i, it) in l.items.iter().enumerate() {
                ix.insert(format!("{}.{}", l.id, it.id), Slot::ChecklistItem(c, i));
            }
        }
        for (i, e) in self.ooda.iter().enumerate() {
            ix.insert(e.id.clone(), Slot::Ooda(i));
        }
        for (i, e) in self.maturity.iter().enumerate() {
            ix.insert(e.id.clone(), Slot::Maturity(i));
        }
        for (i, e) in self.requirements.iter().enumerate() {
            ix.insert(e.id.clone(), Slot::Requirement(i));
        }
        if let Some(r) = &self.risk_method {
            ix.insert(r.id.clone(), Slot::RiskMethod);
        }
        self.index = ix;
    }

    /// The title and text of an item in `lang` (`"en"` or `"ja"`), for renderers.
    pub fn text(&self, id: &str, lang: &str) -> Option<Localized<'_>> {
        let item = self.find(id)?;
        Some(Localized {
            title: item.title().get(lang),
            text: item.text().get(lang),
        })
    }

    /// The ids closest to `id`, for "did you mean" help.
    pub fn suggest(&self, id: &str) -> Vec<String> {
        refs::closest(id, self.items().iter().map(|i| i.id()))
    }

    /// Diagnostics for references from the model into the catalog (tasks, measure ids,
    /// checklist item ids, checklist kinds) that do not resolve or do not fit.
    pub fn check_model_refs(&self, model: &Model) -> Vec<Diagnostic> {
        refs::check_model_refs(self, model)
    }

    /// The whole catalog as JSON (`kojo catalog export --format json`).
    pub fn to_json(&self) -> serde_json::Value {
        export::to_json(self)
    }

    /// The whole catalog as CSV, one row per item (`kojo catalog export --format csv`).
    pub fn to_csv(&self) -> Result<String, CatalogError> {
        export::to_csv(self)
    }
}

/// The model's name of a checklist kind.
pub fn checklist_kind_name(kind: ChecklistKind) -> &'static str {
    match kind {
        ChecklistKind::CloudService => "cloud-service",
        ChecklistKind::GeneralProduct => "general-product",
        ChecklistKind::Software => "software",
    }
}
