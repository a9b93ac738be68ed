//! Offline advisory sources — OSV records, CSAF 2.0 documents and the CISA KEV catalog —
//! read with tolerant serde models into the compact records of the [`AdvisoryIndex`].

use crate::cpe::Cpe;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One OSV range event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Introduced(String),
    Fixed(String),
    LastAffected(String),
    Limit(String),
}

/// `SEMVER`, `ECOSYSTEM` or `GIT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RangeKind {
    Semver,
    Ecosystem,
    Git,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OsvRange {
    pub kind: RangeKind,
    pub events: Vec<Event>,
}

/// One `affected[]` entry of an OSV record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OsvAffected {
    pub ecosystem: String,
    pub name: String,
    pub ranges: Vec<OsvRange>,
    /// The enumerated `versions`, one per line: one allocation per entry instead of one per
    /// version keeps the cached index quick to load (`versions_iter` reads them).
    pub versions: String,
    /// RustSec's `informational` (`unsound`, `unmaintained`, …).
    pub informational: Option<String>,
}

/// An OSV record as indexed (withdrawn records are not indexed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OsvRecord {
    pub id: String,
    pub aliases: Vec<String>,
    pub summary: String,
    pub cvss_vector: Option<String>,
    pub cvss_score: Option<f64>,
    /// A severity word where no CVSS is given (GHSA `database_specific.severity`).
    pub severity_text: Option<String>,
    pub affected: Vec<OsvAffected>,
    /// `modified`, as written (RFC 3339): how recent the advisory data is.
    pub modified: Option<String>,
}

/// A product of a CSAF product tree, with what identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsafProduct {
    pub product_id: String,
    pub full_name: String,
    pub vendor: Option<String>,
    pub product_name: Option<String>,
    /// `product_version` branch: exactly this version.
    pub version: Option<String>,
    /// `product_version_range` branch, as written.
    pub range: Option<String>,
    pub cpe: Option<String>,
    pub purl: Option<String>,
    /// `product_identification_helper.model_numbers` and `skus`.
    pub model_numbers: Vec<String>,
    /// The `product_family` branch above the product (`SIPROTEC 5`).
    pub family: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsafRemediation {
    pub category: String,
    pub details: String,
    pub url: Option<String>,
    pub product_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsafScore {
    pub products: Vec<String>,
    pub base_score: Option<f64>,
    pub vector: Option<String>,
}

/// One `vulnerabilities[]` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsafVuln {
    pub cve: Option<String>,
    pub title: Option<String>,
    /// known_affected, first_affected, last_affected.
    pub affected: Vec<String>,
    /// fixed, first_fixed.
    pub fixed: Vec<String>,
    pub not_affected: Vec<String>,
    /// `under_investigation`: the vendor has not decided yet.
    pub under_investigation: Vec<String>,
    pub remediations: Vec<CsafRemediation>,
    pub scores: Vec<CsafScore>,
    /// `ids[].text`: the vulnerability's other ids (the VEX readers match on them too).
    pub ids: Vec<String>,
    /// `flags[]`: (label, product ids), why products are not affected (CSAF VEX).
    pub flags: Vec<(String, Vec<String>)>,
    /// `threats[]` of category `impact`: (details, product ids).
    pub impacts: Vec<(String, Vec<String>)>,
}

/// A CSAF document as indexed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsafDoc {
    pub id: String,
    pub title: String,
    /// `document.category` (`csaf_security_advisory`, `csaf_vex`, …).
    pub category: String,
    /// `tracking.current_release_date`, as written (RFC 3339).
    pub released: Option<String>,
    pub products: Vec<CsafProduct>,
    pub vulns: Vec<CsafVuln>,
}

/// One entry of the KEV catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KevEntry {
    pub cve: String,
    pub name: String,
    pub date_added: String,
    pub due_date: String,
    pub ransomware: String,
}

/// What a JSON file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Osv(Box<OsvRecord>),
    /// A record with `withdrawn` set: counted, never matched.
    OsvWithdrawn(String),
    Csaf(Box<CsafDoc>),
    Kev(Vec<KevEntry>),
    /// A JSON Schema or other JSON that is no advisory (kept out, counted).
    NotAdvisory,
}

/// An advisory file that cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvisoryError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for AdvisoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

fn json_err(e: &serde_json::Error, what: &str) -> AdvisoryError {
    AdvisoryError {
        line: e.line(),
        column: e.column(),
        message: format!("{what}: {e}"),
    }
}

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    document: Option<ProbeDoc>,
    #[serde(rename = "catalogVersion", default)]
    catalog_version: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    id: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    affected: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    modified: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct ProbeDoc {
    #[serde(default)]
    csaf_version: Option<serde::de::IgnoredAny>,
}

/// Reads one advisory JSON file of any of the three kinds.
pub fn parse_json(bytes: &[u8]) -> Result<Parsed, AdvisoryError> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return Err(AdvisoryError {
            line: 1,
            column: 1,
            message: "expected a JSON object (OSV record, CSAF document or KEV catalog)".into(),
        });
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| json_err(&e, "invalid JSON"))?;
    if probe.document.is_some_and(|d| d.csaf_version.is_some()) {
        return parse_csaf(bytes).map(|d| Parsed::Csaf(Box::new(d)));
    }
    if probe.catalog_version.is_some() {
        return parse_kev(bytes).map(Parsed::Kev);
    }
    if probe.id.is_some() && (probe.affected.is_some() || probe.modified.is_some()) {
        return parse_osv(bytes);
    }
    Ok(Parsed::NotAdvisory)
}

// ---- OSV ----

#[derive(Deserialize)]
struct RawOsv {
    id: String,
    #[serde(default)]
    aliases: Option<Vec<String>>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    severity: Option<Vec<RawSeverity>>,
    #[serde(default)]
    affected: Option<Vec<RawAffected>>,
    #[serde(default)]
    database_specific: Option<RawDbSpecific>,
}

#[derive(Deserialize)]
struct RawSeverity {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Deserialize)]
struct RawAffected {
    #[serde(default)]
    package: Option<RawPackage>,
    #[serde(default)]
    ranges: Option<Vec<RawRange>>,
    #[serde(default)]
    versions: Option<Vec<String>>,
    #[serde(default)]
    database_specific: Option<RawDbSpecific>,
    #[serde(default)]
    severity: Option<Vec<RawSeverity>>,
}

#[derive(Deserialize)]
struct RawPackage {
    ecosystem: String,
    name: String,
}

#[derive(Deserialize)]
struct RawRange {
    #[serde(rename = "type")]
    kind: String,
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawEvent {
    introduced: Option<String>,
    fixed: Option<String>,
    last_affected: Option<String>,
    limit: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawDbSpecific {
    #[serde(default)]
    severity: Option<serde_json::Value>,
    #[serde(default)]
    informational: Option<serde_json::Value>,
}

fn value_str(v: Option<serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s),
        _ => None,
    }
}

/// Base score of a CVSS v3 vector; `None` for other versions or unreadable vectors.
pub fn cvss3_score(vector: &str) -> Option<f64> {
    use std::str::FromStr;
    let base = cvss::v3::Base::from_str(vector).ok()?;
    Some(base.score().value())
}

fn parse_osv(bytes: &[u8]) -> Result<Parsed, AdvisoryError> {
    let raw: RawOsv = serde_json::from_slice(bytes).map_err(|e| json_err(&e, "OSV record"))?;
    if raw.withdrawn.is_some() {
        return Ok(Parsed::OsvWithdrawn(raw.id));
    }
    let mut cvss_vector = None;
    let mut cvss_score = None;
    let severities = raw.severity.unwrap_or_default();
    let affected_raw = raw.affected.unwrap_or_default();
    let all_sev = severities.iter().chain(
        affected_raw
            .iter()
            .flat_map(|a| a.severity.iter().flatten()),
    );
    for s in all_sev {
        if s.kind == "CVSS_V3" {
            if let Some(score) = cvss3_score(&s.score)
                && cvss_score.is_none_or(|c| score > c)
            {
                cvss_score = Some(score);
                cvss_vector = Some(s.score.clone());
            }
        } else if cvss_vector.is_none() && s.kind.starts_with("CVSS") {
            cvss_vector = Some(s.score.clone());
        }
    }
    let db = raw.database_specific.unwrap_or_default();
    let severity_text = value_str(db.severity);
    let mut affected = Vec::new();
    for a in affected_raw {
        let Some(pkg) = a.package else { continue };
        let informational = a.database_specific.and_then(|d| value_str(d.informational));
        let ranges = a
            .ranges
            .unwrap_or_default()
            .into_iter()
            .map(|r| OsvRange {
                kind: match r.kind.as_str() {
                    "SEMVER" => RangeKind::Semver,
                    "ECOSYSTEM" => RangeKind::Ecosystem,
                    "GIT" => RangeKind::Git,
                    _ => RangeKind::Other,
                },
                events: r
                    .events
                    .into_iter()
                    .filter_map(|e| {
                        e.introduced
                            .map(Event::Introduced)
                            .or(e.fixed.map(Event::Fixed))
                            .or(e.last_affected.map(Event::LastAffected))
                            .or(e.limit.map(Event::Limit))
                    })
                    .collect(),
            })
            .collect();
        affected.push(OsvAffected {
            ecosystem: pkg.ecosystem,
            name: pkg.name,
            ranges,
            versions: join_versions(a.versions.unwrap_or_default()),
            informational,
        });
    }
    let summary = raw
        .summary
        .filter(|s| !s.trim().is_empty())
        .or_else(|| raw.details.map(|d| first_sentence(&d)))
        .unwrap_or_default();
    Ok(Parsed::Osv(Box::new(OsvRecord {
        id: raw.id,
        aliases: raw.aliases.unwrap_or_default(),
        summary,
        cvss_vector,
        cvss_score,
        severity_text,
        affected,
        modified: raw.modified,
    })))
}

/// Joins versions one per line; a version with a control character is no version in any
/// ecosystem and is left out.
fn join_versions(v: Vec<String>) -> String {
    let mut out = String::new();
    for x in v
        .iter()
        .filter(|x| !x.is_empty() && !x.chars().any(char::is_control))
    {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(x);
    }
    out
}

impl OsvAffected {
    /// The enumerated versions.
    pub fn versions_iter(&self) -> impl Iterator<Item = &str> {
        self.versions.split('\n').filter(|v| !v.is_empty())
    }
}

fn first_sentence(s: &str) -> String {
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut out: String = line.chars().take(200).collect();
    if line.chars().count() > 200 {
        out.push('…');
    }
    out
}

/// The OSV package key: ecosystem without its release (`Debian:7` → `Debian`) and the name
/// as the ecosystem compares it (PyPI names are case- and separator-insensitive).
pub fn package_key(ecosystem: &str, name: &str) -> String {
    let base = ecosystem.split(':').next().unwrap_or(ecosystem);
    let name = match base {
        "PyPI" => pep503(name),
        "npm" | "NuGet" | "Packagist" | "RubyGems" => name.to_ascii_lowercase(),
        _ => name.to_string(),
    };
    format!("{base}\u{0}{name}")
}

fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if c == '-' || c == '_' || c == '.' {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

// ---- CSAF ----

#[derive(Deserialize)]
struct RawCsaf {
    document: RawCsafDocument,
    #[serde(default)]
    product_tree: Option<RawProductTree>,
    #[serde(default)]
    vulnerabilities: Option<Vec<RawCsafVuln>>,
}

#[derive(Deserialize)]
struct RawCsafDocument {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    category: String,
    tracking: RawTracking,
}

#[derive(Deserialize)]
struct RawTracking {
    id: String,
    #[serde(default)]
    current_release_date: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawProductTree {
    branches: Vec<RawBranch>,
    full_product_names: Vec<RawFullProduct>,
    relationships: Vec<RawRelationship>,
    product_groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
struct RawBranch {
    category: String,
    name: String,
    #[serde(default)]
    product: Option<RawFullProduct>,
    #[serde(default)]
    branches: Vec<RawBranch>,
}

#[derive(Deserialize, Clone)]
struct RawFullProduct {
    name: String,
    product_id: String,
    #[serde(default)]
    product_identification_helper: Option<RawHelper>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(default)]
struct RawHelper {
    cpe: Option<String>,
    purl: Option<String>,
    model_numbers: Vec<String>,
    skus: Vec<String>,
}

impl RawHelper {
    fn models(&self) -> Vec<String> {
        self.model_numbers
            .iter()
            .chain(&self.skus)
            .filter(|m| !m.trim().is_empty())
            .cloned()
            .collect()
    }
}

#[derive(Deserialize)]
struct RawRelationship {
    product_reference: String,
    full_product_name: RawFullProduct,
}

#[derive(Deserialize)]
struct RawGroup {
    group_id: String,
    product_ids: Vec<String>,
}

#[derive(Deserialize)]
struct RawCsafVuln {
    #[serde(default)]
    cve: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    product_status: Option<RawStatus>,
    #[serde(default)]
    remediations: Vec<RawRemediation>,
    #[serde(default)]
    scores: Vec<RawScore>,
    #[serde(default)]
    ids: Vec<RawVulnId>,
    #[serde(default)]
    flags: Vec<RawFlag>,
    #[serde(default)]
    threats: Vec<RawThreat>,
}

#[derive(Deserialize)]
struct RawVulnId {
    #[serde(default)]
    text: String,
}

#[derive(Deserialize)]
struct RawFlag {
    #[serde(default)]
    label: String,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

#[derive(Deserialize)]
struct RawThreat {
    #[serde(default)]
    category: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStatus {
    known_affected: Vec<String>,
    first_affected: Vec<String>,
    last_affected: Vec<String>,
    fixed: Vec<String>,
    first_fixed: Vec<String>,
    known_not_affected: Vec<String>,
    under_investigation: Vec<String>,
}

#[derive(Deserialize)]
struct RawRemediation {
    category: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

#[derive(Deserialize)]
struct RawScore {
    #[serde(default)]
    products: Vec<String>,
    #[serde(default)]
    cvss_v3: Option<RawCvss>,
    #[serde(default)]
    cvss_v2: Option<RawCvss>,
}

#[derive(Deserialize)]
struct RawCvss {
    #[serde(rename = "baseScore", default)]
    base_score: Option<f64>,
    #[serde(rename = "vectorString", default)]
    vector: Option<String>,
}

#[derive(Default, Clone)]
struct BranchPath {
    vendor: Option<String>,
    family: Option<String>,
    product_name: Option<String>,
    version: Option<String>,
    range: Option<String>,
}

fn walk(branches: &[RawBranch], path: &BranchPath, out: &mut Vec<CsafProduct>) {
    for b in branches {
        let mut p = path.clone();
        match b.category.as_str() {
            "vendor" => p.vendor = Some(b.name.clone()),
            "product_family" => p.family = Some(b.name.clone()),
            "product_name" => p.product_name = Some(b.name.clone()),
            "product_version" => p.version = Some(b.name.clone()),
            "product_version_range" => p.range = Some(b.name.clone()),
            _ => {}
        }
        if let Some(prod) = &b.product {
            let helper = prod
                .product_identification_helper
                .clone()
                .unwrap_or_default();
            out.push(CsafProduct {
                product_id: prod.product_id.clone(),
                full_name: prod.name.clone(),
                vendor: p.vendor.clone(),
                product_name: p.product_name.clone(),
                version: p.version.clone(),
                range: p.range.clone(),
                model_numbers: helper.models(),
                cpe: helper.cpe,
                purl: helper.purl,
                family: p.family.clone(),
            });
        }
        walk(&b.branches, &p, out);
    }
}

pub(crate) fn parse_csaf(bytes: &[u8]) -> Result<CsafDoc, AdvisoryError> {
    let raw: RawCsaf = serde_json::from_slice(bytes).map_err(|e| json_err(&e, "CSAF document"))?;
    let tree = raw.product_tree.unwrap_or_default();
    let mut products = Vec::new();
    walk(&tree.branches, &BranchPath::default(), &mut products);
    for fp in &tree.full_product_names {
        let helper = fp.product_identification_helper.clone().unwrap_or_default();
        products.push(CsafProduct {
            product_id: fp.product_id.clone(),
            full_name: fp.name.clone(),
            vendor: None,
            product_name: None,
            version: None,
            range: None,
            model_numbers: helper.models(),
            cpe: helper.cpe,
            purl: helper.purl,
            family: None,
        });
    }
    // A relationship names a component installed on a platform; it is the component
    // product that an SBOM lists, under the relationship's own product id.
    for rel in &tree.relationships {
        if let Some(base) = products
            .iter()
            .find(|p| p.product_id == rel.product_reference)
            .cloned()
        {
            products.push(CsafProduct {
                product_id: rel.full_product_name.product_id.clone(),
                full_name: rel.full_product_name.name.clone(),
                ..base
            });
        }
    }
    let groups: HashMap<&str, &Vec<String>> = tree
        .product_groups
        .iter()
        .map(|g| (g.group_id.as_str(), &g.product_ids))
        .collect();
    let vulns = raw
        .vulnerabilities
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            let with_groups = |mut ids: Vec<String>, group_ids: &[String]| {
                for g in group_ids {
                    if let Some(members) = groups.get(g.as_str()) {
                        ids.extend(members.iter().cloned());
                    }
                }
                ids
            };
            let ids = v
                .ids
                .iter()
                .map(|i| i.text.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            let flags = v
                .flags
                .iter()
                .map(|f| {
                    (
                        f.label.clone(),
                        with_groups(f.product_ids.clone(), &f.group_ids),
                    )
                })
                .collect();
            let impacts = v
                .threats
                .iter()
                .filter(|t| t.category == "impact")
                .map(|t| {
                    (
                        t.details.trim().to_string(),
                        with_groups(t.product_ids.clone(), &t.group_ids),
                    )
                })
                .collect();
            let st = v.product_status.unwrap_or_default();
            let mut affected = st.known_affected;
            affected.extend(st.first_affected);
            affected.extend(st.last_affected);
            let mut fixed = st.fixed;
            fixed.extend(st.first_fixed);
            CsafVuln {
                cve: v.cve,
                title: v.title,
                affected,
                fixed,
                not_affected: st.known_not_affected,
                under_investigation: st.under_investigation,
                remediations: v
                    .remediations
                    .into_iter()
                    .map(|r| {
                        let mut ids = r.product_ids;
                        for g in &r.group_ids {
                            if let Some(members) = groups.get(g.as_str()) {
                                ids.extend(members.iter().cloned());
                            }
                        }
                        CsafRemediation {
                            category: r.category,
                            details: r.details.trim().to_string(),
                            url: r.url,
                            product_ids: ids,
                        }
                    })
                    .collect(),
                scores: v
                    .scores
                    .into_iter()
                    .map(|s| {
                        let c = s.cvss_v3.or(s.cvss_v2);
                        CsafScore {
                            products: s.products,
                            base_score: c.as_ref().and_then(|c| c.base_score),
                            vector: c.and_then(|c| c.vector),
                        }
                    })
                    .collect(),
                ids,
                flags,
                impacts,
            }
        })
        .collect();
    Ok(CsafDoc {
        id: raw.document.tracking.id,
        title: raw.document.title.unwrap_or_default(),
        category: raw.document.category,
        released: raw.document.tracking.current_release_date,
        products,
        vulns,
    })
}

/// Normalises a vendor or product name for comparison: case, spaces and punctuation do not
/// count (`Factory Talk` = `FactoryTalk`), the words and digits do.
pub fn norm_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// A product name without its bracketed qualifiers and model numbers, normalised:
/// `CENTUM VP (Including CENTUM VP Entry Class)` → `centumvp`, `SIPROTEC 5 6MD85 (CP300)` →
/// `siprotec56md85`.
pub fn loose_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    norm_name(&out)
}

/// The bracketed parts of a name (`(6ES7511-1AK02-0AB0)`), where vendors put model numbers.
pub fn bracketed(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(['(', '[']) {
        let Some(j) = rest[i..].find([')', ']']) else {
            break;
        };
        out.push(rest[i + 1..i + j].trim());
        rest = &rest[i + j + 1..];
    }
    out
}

/// Legal-form words that do not name a different maker (`Siemens AG`, `Rockwell Automation,
/// Inc.`, `Mitsubishi Electric Corporation`).
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "ag",
    "gmbh",
    "se",
    "sa",
    "sas",
    "kk",
    "kabushikikaisha",
    "plc",
    "bv",
    "nv",
    "oy",
    "ab",
    "spa",
    "srl",
    "pty",
    "group",
    "holdings",
];

/// A vendor name for comparison: normalised, legal-form words at the end dropped.
pub fn vendor_key(s: &str) -> String {
    let mut words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(norm_name)
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| LEGAL_SUFFIXES.contains(&w.as_str()))
    {
        words.pop();
    }
    words.concat()
}

/// The CPE key of a CSAF product, if it carries a readable CPE.
pub fn csaf_cpe(p: &CsafProduct) -> Option<Cpe> {
    Cpe::parse(p.cpe.as_deref()?)
}

// ---- KEV ----

#[derive(Deserialize)]
struct RawKev {
    vulnerabilities: Vec<RawKevEntry>,
}

#[derive(Deserialize)]
struct RawKevEntry {
    #[serde(rename = "cveID")]
    cve: String,
    #[serde(rename = "vulnerabilityName", default)]
    name: String,
    #[serde(rename = "dateAdded", default)]
    date_added: String,
    #[serde(rename = "dueDate", default)]
    due_date: String,
    #[serde(rename = "knownRansomwareCampaignUse", default)]
    ransomware: String,
}

fn parse_kev(bytes: &[u8]) -> Result<Vec<KevEntry>, AdvisoryError> {
    let raw: RawKev = serde_json::from_slice(bytes).map_err(|e| json_err(&e, "KEV catalog"))?;
    Ok(raw
        .vulnerabilities
        .into_iter()
        .map(|e| KevEntry {
            cve: e.cve.trim().to_ascii_uppercase(),
            name: e.name,
            date_added: e.date_added,
            due_date: e.due_date,
            ransomware: e.ransomware,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osv_record_fields() {
        let rec = br#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","aliases":["CVE-1"],
          "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
          "affected":[{"package":{"ecosystem":"PyPI","name":"Foo_Bar"},"ranges":[{"type":"ECOSYSTEM",
          "events":[{"introduced":"0"},{"fixed":"1.2"}]}],"versions":["1.0"],
          "database_specific":{"informational":"unsound"}}],"database_specific":{"severity":"HIGH"}}"#;
        let Parsed::Osv(r) = parse_json(rec).unwrap() else {
            panic!("not OSV")
        };
        assert_eq!(r.cvss_score, Some(9.8));
        assert_eq!(r.severity_text.as_deref(), Some("HIGH"));
        assert_eq!(r.affected[0].informational.as_deref(), Some("unsound"));
        assert_eq!(
            r.affected[0].ranges[0].events[1],
            Event::Fixed("1.2".into())
        );
        assert_eq!(
            package_key("PyPI", "Foo_Bar"),
            package_key("PyPI", "foo-bar")
        );
    }

    #[test]
    fn withdrawn_schema_and_errors() {
        let w = br#"{"id":"X-2","modified":"x","withdrawn":"2024-01-01T00:00:00Z","affected":[]}"#;
        assert_eq!(parse_json(w).unwrap(), Parsed::OsvWithdrawn("X-2".into()));
        let schema =
            br#"{"$schema":"https://json-schema.org/draft/2020-12/schema","properties":{}}"#;
        assert_eq!(parse_json(schema).unwrap(), Parsed::NotAdvisory);
        let bad = b"{\n \"id\": \"X\",\n \"affected\": [ {\"package\": 3} ]\n}";
        let e = parse_json(bad).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(parse_json(b"[1,2]").is_err());
    }

    #[test]
    fn csaf_tree_flattens_with_relationships_and_groups() {
        let doc = br#"{"document":{"csaf_version":"2.0","title":"T","tracking":{"id":"ADV-1"}},
          "product_tree":{"branches":[{"category":"vendor","name":"ACME","branches":[
            {"category":"product_name","name":"Ctl","branches":[
              {"category":"product_version_range","name":"<V2.0","product":{"name":"ACME Ctl <V2.0","product_id":"P1"}}]}]}],
            "full_product_names":[{"name":"Plat","product_id":"P2"}],
            "relationships":[{"category":"default_component_of","product_reference":"P1","relates_to_product_reference":"P2",
              "full_product_name":{"name":"Ctl on Plat","product_id":"P3"}}],
            "product_groups":[{"group_id":"G1","product_ids":["P1","P3"]}]},
          "vulnerabilities":[{"cve":"CVE-9","product_status":{"known_affected":["P1","P3"],"fixed":["P2"]},
            "remediations":[{"category":"vendor_fix","details":"Update to V2.0","group_ids":["G1"]}],
            "scores":[{"products":["P1"],"cvss_v3":{"baseScore":7.5,"vectorString":"CVSS:3.1/AV:N"}}]}]}"#;
        let Parsed::Csaf(d) = parse_json(doc).unwrap() else {
            panic!("not CSAF")
        };
        assert_eq!(d.id, "ADV-1");
        assert_eq!(d.products.len(), 3);
        assert_eq!(d.products[0].range.as_deref(), Some("<V2.0"));
        assert_eq!(d.products[2].product_id, "P3");
        assert_eq!(d.products[2].product_name.as_deref(), Some("Ctl"));
        assert_eq!(d.vulns[0].remediations[0].product_ids, ["P1", "P3"]);
        assert_eq!(d.vulns[0].scores[0].base_score, Some(7.5));
    }

    #[test]
    fn names_normalise() {
        assert_eq!(
            norm_name("Factory Talk Activation Manager"),
            norm_name("FactoryTalk Activation Manager")
        );
        assert_ne!(
            norm_name("SIMATIC STEP 7 V18"),
            norm_name("SIMATIC STEP 7 V17")
        );
    }
}
