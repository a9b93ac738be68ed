//! JSON and CSV exports of the catalog.

use crate::{Catalog, CatalogError, EntryKind, Item, Provenance};
use serde_json::json;

/// The `--kind` name of an entry kind (its kebab-case serde name).
pub(crate) fn entry_kind_name(k: EntryKind) -> &'static str {
    match k {
        EntryKind::DepartmentStep => "department-step",
        EntryKind::Department => "department",
        EntryKind::SmartificationEffort => "smartification-effort",
        EntryKind::SmartificationRisk => "smartification-risk",
        EntryKind::Purpose => "purpose",
        EntryKind::PurposeExample => "purpose-example",
        EntryKind::BcpPoint => "bcp-point",
        EntryKind::ExternalRequirement => "external-requirement",
        EntryKind::StakeholderCheck => "stakeholder-check",
        EntryKind::GovernanceCheck => "governance-check",
        EntryKind::IncidentImpactCheck => "incident-impact-check",
        EntryKind::Task => "task",
        EntryKind::ConcernArea => "concern-area",
        EntryKind::ProtectedObject => "protected-object",
        EntryKind::ZoningStep => "zoning-step",
        EntryKind::ThreatType => "threat-type",
        EntryKind::Perspective => "perspective",
        EntryKind::ThreatMeasureRow => "threat-measure-row",
        EntryKind::MeasureType => "measure-type",
        EntryKind::CapabilityDefinition => "capability-definition",
        EntryKind::SbomGuidance => "sbom-guidance",
        EntryKind::AnnexZone => "annex-zone",
        EntryKind::ZoningCase => "zoning-case",
        EntryKind::ReferenceGuideline => "reference-guideline",
        EntryKind::Other => "other",
    }
}

pub(crate) fn to_json(cat: &Catalog) -> serde_json::Value {
    let provenance: Vec<serde_json::Value> = [
        Provenance::Seed,
        Provenance::SeedParaphrase,
        Provenance::Kojo,
    ]
    .iter()
    .map(|p| json!({"value": p.name(), "en": p.describe().en, "ja": p.describe().ja}))
    .collect();
    json!({
        "catalog_version": cat.version,
        "files": cat.files,
        "entries": cat.entries,
        "threats": cat.threats,
        "measures": cat.measures,
        "checklists": cat.checklists,
        "ooda": cat.ooda,
        "maturity": cat.maturity,
        "iec62443": cat.requirements,
        "risk_method": cat.risk_method,
        "review_periods": cat.review_periods,
        // What each item's `provenance` means, so an export read on its own says so.
        "provenance": provenance,
        "kojo_additions": {
            "en": "Threat levels, vulnerability reductions, where threats apply and the mappings to IEC 62443, NIST CSF and ATT&CK are kojo's, whatever an item's provenance says.",
            "ja": "脅威レベル、脆弱性の低減度、脅威の適用条件、IEC 62443・NIST CSF・ATT&CKへの対応付けは、項目の出典にかかわらずkojoによるもの。",
        },
    })
}

fn join(v: &[String]) -> String {
    v.join(" ")
}

pub(crate) fn to_csv(cat: &Catalog) -> Result<String, CatalogError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| CatalogError(format!("cannot write CSV: {e}"));
    w.write_record([
        "kind",
        "id",
        "title_en",
        "title_ja",
        "text_en",
        "text_ja",
        "reference",
        "provenance",
        "iec62443",
        "csf",
        "attack",
        "related",
    ])
    .map_err(err)?;
    for item in cat.items() {
        let (iec, csf, attack, related) = match item {
            Item::Threat(t) => (
                join(&t.iec62443),
                join(&t.csf),
                join(&t.attack),
                join(&t.measures),
            ),
            Item::Measure(m) => (
                join(&m.iec62443),
                join(&m.csf),
                String::new(),
                join(&m.mitigates),
            ),
            Item::ChecklistItem(_, i) => (
                join(&i.iec62443),
                join(&i.csf),
                String::new(),
                String::new(),
            ),
            Item::Entry(e) => (String::new(), String::new(), String::new(), join(&e.refs)),
            Item::Ooda(o) => (
                String::new(),
                String::new(),
                String::new(),
                join(&o.deciders),
            ),
            _ => (String::new(), String::new(), String::new(), String::new()),
        };
        let reference = item.reference().map(|r| r.to_string()).unwrap_or_default();
        let id = item.id();
        let provenance = item
            .provenance()
            .map(Provenance::name)
            .unwrap_or("iec62443");
        w.write_record([
            item.kind_name(),
            id.as_str(),
            item.title().en.as_str(),
            item.title().ja.as_str(),
            item.text().en.as_str(),
            item.text().ja.as_str(),
            reference.as_str(),
            provenance,
            iec.as_str(),
            csf.as_str(),
            attack.as_str(),
            related.as_str(),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CatalogError(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CatalogError(format!("CSV is not UTF-8: {e}")))
}
