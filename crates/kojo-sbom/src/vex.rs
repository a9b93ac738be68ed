//! VEX in: what a supplier or the plant itself states of a vulnerability in a product —
//! CycloneDX VEX (embedded in an SBOM or standalone), CSAF VEX and OpenVEX. A statement
//! marks the finding it concerns (`facts.vex`); it never hides it.

use crate::advisory::{CsafProduct, norm_name};
use crate::index::purl_base;
use crate::matcher::MatchPath;
use crate::range::RangeCheck;
use crate::sbom::Component;
use serde::{Deserialize, Serialize};

/// The four VEX statuses, in CSAF/OpenVEX terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VexStatus {
    NotAffected,
    Fixed,
    Affected,
    UnderInvestigation,
}

impl VexStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::NotAffected => "not_affected",
            VexStatus::Fixed => "fixed",
            VexStatus::Affected => "affected",
            VexStatus::UnderInvestigation => "under_investigation",
        }
    }

    /// Whether the statement settles the finding (it leaves `--fail-on`).
    pub fn settles(self) -> bool {
        matches!(self, VexStatus::NotAffected | VexStatus::Fixed)
    }

    /// A CycloneDX `analysis.state`.
    fn from_cyclonedx(state: &str) -> Option<VexStatus> {
        Some(match state {
            "not_affected" | "false_positive" => VexStatus::NotAffected,
            "resolved" | "resolved_with_pedigree" => VexStatus::Fixed,
            "exploitable" => VexStatus::Affected,
            "in_triage" => VexStatus::UnderInvestigation,
            _ => return None,
        })
    }

    /// An OpenVEX `status`.
    fn from_openvex(status: &str) -> Option<VexStatus> {
        Some(match status {
            "not_affected" => VexStatus::NotAffected,
            "fixed" => VexStatus::Fixed,
            "affected" => VexStatus::Affected,
            "under_investigation" => VexStatus::UnderInvestigation,
            _ => return None,
        })
    }
}

/// The format a statement came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VexFormat {
    CycloneDx,
    Csaf,
    OpenVex,
}

impl VexFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            VexFormat::CycloneDx => "cyclonedx",
            VexFormat::Csaf => "csaf",
            VexFormat::OpenVex => "openvex",
        }
    }
}

/// What a statement is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A CycloneDX `bom-ref` (a BOM-Link's fragment).
    BomRef(String),
    /// A purl; with a version it names that version only.
    Purl(String),
    /// A CPE 2.2 or 2.3 name; with a version it names that version only.
    Cpe(String),
    /// A CSAF product row: its name, vendor, version or range, CPE, purl.
    Product(Box<CsafProduct>),
}

/// One VEX statement: a status for some vulnerabilities in some products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexClaim {
    /// The vulnerability ids (`CVE-…`, `GHSA-…`, the advisory's own id).
    pub ids: Vec<String>,
    pub targets: Vec<Target>,
    pub status: VexStatus,
    /// The status as the document writes it (`false_positive`, `known_not_affected`…).
    pub state: String,
    /// A justification label (`code_not_reachable`, `vulnerable_code_not_present`…).
    pub justification: Option<String>,
    /// Free text: impact statement, detail, action statement.
    pub detail: Option<String>,
    /// Where in the document (`vulnerabilities[2]`, `statements[0]`).
    pub statement: String,
}

/// A VEX document as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexDocument {
    /// The file it was read from (empty for statements embedded in an SBOM).
    pub path: String,
    pub format: VexFormat,
    pub claims: Vec<VexClaim>,
}

/// A VEX document that cannot be read, and where (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VexError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for VexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for VexError {}

fn json_err(e: &serde_json::Error, what: &str) -> VexError {
    VexError {
        line: e.line(),
        column: e.column(),
        message: format!("{what}: {e}"),
    }
}

#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "@context", default)]
    context: Option<serde_json::Value>,
    #[serde(rename = "bomFormat", default)]
    bom_format: Option<String>,
    #[serde(default)]
    document: Option<ProbeDoc>,
}

#[derive(Deserialize)]
struct ProbeDoc {
    #[serde(default)]
    csaf_version: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    category: Option<String>,
}

/// Which VEX format the JSON is, if any. `any_csaf`: every CSAF document counts (`--vex`),
/// else only the `csaf_vex` profile (a file among `--advisories`).
fn sniff(bytes: &[u8], any_csaf: bool) -> Result<Option<VexFormat>, VexError> {
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| json_err(&e, "invalid JSON"))?;
    let openvex = match &probe.context {
        Some(serde_json::Value::String(s)) => s.contains("openvex"),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .any(|v| v.as_str().is_some_and(|s| s.contains("openvex"))),
        _ => false,
    };
    if openvex {
        return Ok(Some(VexFormat::OpenVex));
    }
    if probe.bom_format.as_deref() == Some("CycloneDX") {
        return Ok(Some(VexFormat::CycloneDx));
    }
    if let Some(d) = probe.document.filter(|d| d.csaf_version.is_some())
        && (any_csaf || d.category.as_deref() == Some("csaf_vex"))
    {
        return Ok(Some(VexFormat::Csaf));
    }
    Ok(None)
}

/// Reads a VEX document of any of the three formats; `None` when the JSON is none of them
/// (or a CycloneDX BOM without any analysed vulnerability). `any_csaf`: read every CSAF
/// document's product status as VEX statements, not only the `csaf_vex` profile's.
pub fn parse(path: &str, bytes: &[u8], any_csaf: bool) -> Result<Option<VexDocument>, VexError> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(VexError {
            line: 1,
            column: 1,
            message: "expected a JSON object (CycloneDX VEX, CSAF VEX or OpenVEX)".into(),
        });
    }
    let Some(format) = sniff(bytes, any_csaf)? else {
        return Ok(None);
    };
    let doc = parse_as(format, path, bytes)?;
    if doc.claims.is_empty() && format == VexFormat::CycloneDx {
        return Ok(None);
    }
    Ok(Some(doc))
}

/// Reads `bytes` as a VEX document of `format`, whatever the content looks like (the fuzz
/// targets reach each reader this way).
pub fn parse_as(format: VexFormat, path: &str, bytes: &[u8]) -> Result<VexDocument, VexError> {
    let claims = match format {
        VexFormat::OpenVex => parse_openvex(bytes)?,
        VexFormat::CycloneDx => parse_cyclonedx(bytes)?,
        VexFormat::Csaf => {
            let doc = crate::advisory::parse_csaf(bytes).map_err(|e| VexError {
                line: e.line,
                column: e.column,
                message: e.message,
            })?;
            csaf_claims(&doc)
        }
    };
    Ok(VexDocument {
        path: path.to_string(),
        format,
        claims,
    })
}

// ---- OpenVEX ----

#[derive(Deserialize)]
struct RawOpenVex {
    #[serde(default)]
    statements: Vec<RawOvStatement>,
}

#[derive(Deserialize)]
struct RawOvStatement {
    vulnerability: RawOvVuln,
    #[serde(default)]
    products: Vec<RawOvProduct>,
    status: String,
    #[serde(default)]
    justification: Option<String>,
    #[serde(default)]
    impact_statement: Option<String>,
    #[serde(default)]
    action_statement: Option<String>,
    #[serde(default)]
    status_notes: Option<String>,
}

#[derive(Deserialize)]
struct RawOvVuln {
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "@id", default)]
    id: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct RawOvProduct {
    #[serde(rename = "@id", default)]
    id: Option<String>,
    #[serde(default)]
    identifiers: Option<RawOvIdentifiers>,
    #[serde(default)]
    subcomponents: Vec<RawOvProduct>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawOvIdentifiers {
    purl: Option<String>,
    cpe23: Option<String>,
    cpe22: Option<String>,
}

/// The targets an OpenVEX product names: its `@id` (a purl or a CPE) and identifiers. A
/// statement with subcomponents is about those components inside the product.
fn openvex_targets(p: &RawOvProduct, out: &mut Vec<Target>) {
    if !p.subcomponents.is_empty() {
        for s in &p.subcomponents {
            openvex_targets(s, out);
        }
        return;
    }
    let ids = p.identifiers.as_ref();
    let all =
        p.id.iter()
            .chain(ids.and_then(|i| i.purl.as_ref()))
            .chain(ids.and_then(|i| i.cpe23.as_ref()))
            .chain(ids.and_then(|i| i.cpe22.as_ref()));
    for id in all {
        if id.starts_with("pkg:") {
            out.push(Target::Purl(id.clone()));
        } else if id.starts_with("cpe:") {
            out.push(Target::Cpe(id.clone()));
        }
    }
}

fn parse_openvex(bytes: &[u8]) -> Result<Vec<VexClaim>, VexError> {
    let raw: RawOpenVex =
        serde_json::from_slice(bytes).map_err(|e| json_err(&e, "OpenVEX document"))?;
    let mut out = Vec::new();
    for (i, s) in raw.statements.into_iter().enumerate() {
        let Some(status) = VexStatus::from_openvex(&s.status) else {
            return Err(VexError {
                line: 1,
                column: 1,
                message: format!(
                    "OpenVEX statements[{i}]: status `{}` is not one of not_affected, affected, \
                     fixed, under_investigation",
                    s.status
                ),
            });
        };
        let ids: Vec<String> = s
            .vulnerability
            .name
            .into_iter()
            .chain(s.vulnerability.id)
            .chain(s.vulnerability.aliases)
            .filter(|x| !x.trim().is_empty())
            .collect();
        let mut targets = Vec::new();
        for p in &s.products {
            openvex_targets(p, &mut targets);
        }
        let detail = s
            .impact_statement
            .or(s.action_statement)
            .or(s.status_notes)
            .filter(|d| !d.trim().is_empty());
        out.push(VexClaim {
            ids,
            targets,
            status,
            state: s.status,
            justification: s.justification,
            detail,
            statement: format!("statements[{i}]"),
        });
    }
    Ok(out)
}

// ---- CycloneDX ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawCdx {
    vulnerabilities: Vec<RawCdxVuln>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawCdxVuln {
    id: Option<String>,
    references: Vec<RawCdxRef>,
    analysis: Option<RawCdxAnalysis>,
    affects: Vec<RawCdxAffects>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawCdxRef {
    id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawCdxAnalysis {
    state: Option<String>,
    justification: Option<String>,
    detail: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawCdxAffects {
    #[serde(rename = "ref")]
    reference: Option<String>,
}

/// A CycloneDX `affects[].ref`: a purl, a BOM-Link (`urn:cdx:…#bom-ref`) or a bom-ref.
pub(crate) fn cdx_target(r: &str) -> Target {
    if r.starts_with("pkg:") {
        Target::Purl(r.to_string())
    } else if let Some((_, frag)) = r.strip_prefix("urn:cdx:").and_then(|x| x.split_once('#')) {
        Target::BomRef(frag.to_string())
    } else {
        Target::BomRef(r.to_string())
    }
}

fn parse_cyclonedx(bytes: &[u8]) -> Result<Vec<VexClaim>, VexError> {
    let raw: RawCdx = serde_json::from_slice(bytes).map_err(|e| json_err(&e, "CycloneDX VEX"))?;
    Ok(raw
        .vulnerabilities
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let a = v.analysis?;
            let state = a.state.filter(|s| !s.trim().is_empty())?;
            let status = VexStatus::from_cyclonedx(&state)?;
            let ids: Vec<String> =
                v.id.into_iter()
                    .chain(v.references.into_iter().filter_map(|r| r.id))
                    .filter(|x| !x.trim().is_empty())
                    .collect();
            let targets = v
                .affects
                .iter()
                .filter_map(|x| x.reference.as_deref())
                .map(cdx_target)
                .collect();
            (!ids.is_empty()).then(|| VexClaim {
                ids,
                targets,
                status,
                state,
                justification: a.justification,
                detail: a.detail,
                statement: format!("vulnerabilities[{i}]"),
            })
        })
        .collect())
}

/// The statements embedded in an SBOM (`vulnerabilities[].analysis`), as claims.
pub(crate) fn embedded_claims(statements: &[crate::sbom::VexStatement]) -> Vec<VexClaim> {
    statements
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            Some(VexClaim {
                ids: s.ids.clone(),
                targets: s.refs.iter().map(|r| cdx_target(r)).collect(),
                status: VexStatus::from_cyclonedx(&s.state)?,
                state: s.state.clone(),
                justification: s.justification.clone(),
                detail: s.detail.clone(),
                statement: format!("vulnerabilities[{i}]"),
            })
        })
        .collect()
}

// ---- CSAF ----

/// Every product status of a CSAF document as claims, one per (vulnerability, status,
/// product): a statement on one product never speaks for another.
pub(crate) fn csaf_claims(doc: &crate::advisory::CsafDoc) -> Vec<VexClaim> {
    let mut out = Vec::new();
    for (vi, v) in doc.vulns.iter().enumerate() {
        let ids: Vec<String> = v.cve.iter().chain(&v.ids).cloned().collect();
        if ids.is_empty() {
            continue;
        }
        let lists: [(&[String], VexStatus, &str); 4] = [
            (
                &v.not_affected,
                VexStatus::NotAffected,
                "known_not_affected",
            ),
            (&v.fixed, VexStatus::Fixed, "fixed"),
            (&v.affected, VexStatus::Affected, "known_affected"),
            (
                &v.under_investigation,
                VexStatus::UnderInvestigation,
                "under_investigation",
            ),
        ];
        for (list, status, state) in lists {
            for pid in list {
                let Some(prod) = doc.products.iter().find(|p| &p.product_id == pid) else {
                    continue;
                };
                let flag = v
                    .flags
                    .iter()
                    .find(|(_, ids)| ids.contains(pid))
                    .map(|(l, _)| l.clone());
                let impact = v
                    .impacts
                    .iter()
                    .find(|(_, ids)| ids.contains(pid))
                    .map(|(d, _)| d.clone());
                let action = v
                    .remediations
                    .iter()
                    .find(|r| r.product_ids.contains(pid))
                    .map(|r| r.details.clone());
                let detail = match status {
                    VexStatus::NotAffected => impact,
                    _ => action.or(impact),
                }
                .filter(|d| !d.trim().is_empty());
                out.push(VexClaim {
                    ids: ids.clone(),
                    targets: vec![Target::Product(Box::new(prod.clone()))],
                    status,
                    state: state.to_string(),
                    justification: flag,
                    detail,
                    statement: format!("vulnerabilities[{vi}] product_status.{state} {pid}"),
                });
            }
        }
    }
    out
}

// ---- applying statements ----

/// Whether the claim's target names this component (and, where it gives one, its version).
fn target_names(t: &Target, c: &Component) -> bool {
    match t {
        Target::BomRef(r) => c.bom_ref.as_deref() == Some(r.as_str()),
        Target::Purl(p) => {
            let Some(cp) = c.purl.as_deref() else {
                return false;
            };
            if purl_base(p) != purl_base(cp) || purl_base(p).is_none() {
                return false;
            }
            match crate::matcher::purl_package(p).and_then(|x| x.2) {
                None => true,
                Some(v) => {
                    let cv = crate::matcher::purl_package(cp)
                        .and_then(|x| x.2)
                        .or_else(|| c.version.clone());
                    cv.as_deref() == Some(v.as_str())
                }
            }
        }
        Target::Cpe(s) => {
            let (Some(a), Some(b)) = (
                crate::cpe::Cpe::parse(s),
                c.cpe.as_deref().and_then(crate::cpe::Cpe::parse),
            ) else {
                return false;
            };
            a.key() == b.key()
                && match a.full_version() {
                    None => true,
                    Some(v) => {
                        b.full_version().or_else(|| c.version.clone()).as_deref()
                            == Some(v.as_str())
                    }
                }
        }
        Target::Product(p) => product_names(p, c),
    }
}

/// A CSAF product row against a component: the same product (CPE, purl, model number or
/// name with the vendor agreeing), and the component's version inside the row's version or
/// range. A row that cannot be evaluated for the version names nothing.
fn product_names(p: &CsafProduct, c: &Component) -> bool {
    let ccpe = c.cpe.as_deref().and_then(crate::cpe::Cpe::parse);
    let pcpe = crate::advisory::csaf_cpe(p);
    let path = if let (Some(a), Some(b)) = (&ccpe, &pcpe)
        && a.key() == b.key()
    {
        Some(MatchPath::Cpe)
    } else if let (Some(a), Some(b)) = (
        c.purl.as_deref().and_then(purl_base),
        p.purl.as_deref().and_then(purl_base),
    ) && a == b
    {
        Some(MatchPath::Purl)
    } else if !c.vendors.is_empty()
        && crate::matcher::vendor_agrees(p.vendor.as_deref(), &c.vendors)
    {
        let name = norm_name(&c.name);
        let models: Vec<String> = p.model_numbers.iter().map(|m| norm_name(m)).collect();
        if models.contains(&name) {
            Some(MatchPath::ModelNumber)
        } else if p.product_name.as_deref().is_some_and(|n| {
            norm_name(n) == name
                || crate::advisory::loose_name(n) == crate::advisory::loose_name(&c.name)
        }) || (p.product_name.is_none() && norm_name(&p.full_name) == name)
        {
            Some(MatchPath::Exact)
        } else {
            None
        }
    } else {
        None
    };
    let Some(path) = path else {
        return false;
    };
    // A purl row's own version, where it has no product_version branch.
    let mut row = p.clone();
    if path == MatchPath::Purl && row.version.is_none() && row.range.is_none() {
        row.version = p
            .purl
            .as_deref()
            .and_then(crate::matcher::purl_package)
            .and_then(|x| x.2);
    }
    let cpe_version = ccpe.as_ref().and_then(crate::cpe::Cpe::full_version);
    matches!(
        crate::matcher::product_check(&row, path, c.version.as_deref(), cpe_version.as_deref()),
        RangeCheck::Inside
    )
}

/// The claim that speaks for this component and this vulnerability (the advisory's id or
/// one of its aliases), if any. The last document given wins, as with decisions.
pub fn claim_for<'a>(
    docs: &'a [VexDocument],
    c: &Component,
    advisory: &str,
    aliases: &[String],
) -> Option<(&'a VexDocument, &'a VexClaim)> {
    let names = |id: &str| {
        id.eq_ignore_ascii_case(advisory) || aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    };
    docs.iter().rev().find_map(|d| {
        d.claims
            .iter()
            .rev()
            .find(|cl| {
                cl.ids.iter().any(|i| names(i)) && cl.targets.iter().any(|t| target_names(t, c))
            })
            .map(|cl| (d, cl))
    })
}

/// Reads the `--vex` files: every one must be a VEX document.
pub fn read_files(paths: &[std::path::PathBuf]) -> Result<Vec<VexDocument>, String> {
    let mut out = Vec::new();
    for p in paths {
        let shown = p.display().to_string();
        let bytes = std::fs::read(p).map_err(|e| format!("{shown}: cannot read: {e}"))?;
        match parse(&shown, &bytes, true) {
            Ok(Some(d)) => out.push(d),
            Ok(None) => {
                return Err(kojo_lang::Message::new("sbom-vex-not-vex")
                    .arg("path", shown)
                    .render(kojo_lang::Lang::En));
            }
            Err(e) => return Err(format!("{shown}:{e}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
