//! SBOM ingest: CycloneDX 1.2–1.7 (JSON and XML) and SPDX 2.2/2.3 JSON, read into one
//! [`Component`] list. The serde models are tolerant (unknown fields are ignored) and read
//! only what matching and licence management need.

use serde::Deserialize;
use std::fmt;

/// One software or hardware component of an SBOM.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Component {
    /// CycloneDX `bom-ref` or SPDX `SPDXID`.
    pub bom_ref: Option<String>,
    /// CycloneDX `type` (`library`, `firmware`, …) or SPDX `primaryPackagePurpose`.
    pub kind: Option<String>,
    /// CycloneDX `group` (Maven group id, npm scope).
    pub group: Option<String>,
    pub name: String,
    pub version: Option<String>,
    /// The supplier as written (SPDX `Organization: ` prefix removed).
    pub supplier: Option<String>,
    /// Every name the component's maker goes by: supplier, publisher, manufacturer, author,
    /// SPDX originator and a `kojo:vendor` property, for vendor + product matching.
    pub vendors: Vec<String>,
    pub purl: Option<String>,
    pub cpe: Option<String>,
    /// Licence expressions or names as written; empty where the SBOM gives none.
    pub licenses: Vec<String>,
    /// (algorithm, value).
    pub hashes: Vec<(String, String)>,
    /// The component the SBOM describes (CycloneDX `metadata.component`).
    pub is_root: bool,
}

impl Component {
    /// `name@version` or `group/name@version`, for messages.
    pub fn display(&self) -> String {
        let mut s = String::new();
        if let Some(g) = &self.group {
            s.push_str(g);
            s.push('/');
        }
        s.push_str(&self.name);
        if let Some(v) = &self.version {
            s.push('@');
            s.push_str(v);
        }
        s
    }
}

/// The format an SBOM was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SbomFormat {
    CycloneDxJson,
    CycloneDxXml,
    SpdxJson,
}

impl SbomFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SbomFormat::CycloneDxJson => "CycloneDX JSON",
            SbomFormat::CycloneDxXml => "CycloneDX XML",
            SbomFormat::SpdxJson => "SPDX JSON",
        }
    }
}

/// A read SBOM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sbom {
    pub format: SbomFormat,
    pub spec_version: String,
    pub components: Vec<Component>,
    /// CycloneDX VEX statements embedded in the document (`vulnerabilities[].analysis`).
    pub vex: Vec<VexStatement>,
}

/// One VEX statement: what the SBOM's author says of a vulnerability in a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VexStatement {
    /// The vulnerability id (`CVE-…`, `GHSA-…`) and its references' ids.
    pub ids: Vec<String>,
    /// The `bom-ref` values of the components it concerns (`affects[].ref`).
    pub refs: Vec<String>,
    /// `not_affected`, `false_positive`, `resolved`, `exploitable`, `in_triage`, …
    pub state: String,
    pub justification: Option<String>,
    pub detail: Option<String>,
}

/// Why an SBOM could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line and column where known (JSON).
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Byte offset where known (XML).
    pub offset: Option<u64>,
    pub message: String,
}

impl ParseError {
    fn msg(message: impl Into<String>) -> ParseError {
        ParseError {
            line: None,
            column: None,
            offset: None,
            message: message.into(),
        }
    }
    fn json(e: &serde_json::Error) -> ParseError {
        ParseError {
            line: Some(e.line()),
            column: Some(e.column()),
            offset: None,
            message: e.to_string(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column, self.offset) {
            (Some(l), Some(c), _) => write!(f, "{l}:{c}: {}", self.message),
            (_, _, Some(o)) => write!(f, "byte {o}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ParseError {}

/// CycloneDX spec versions read (1.2 to 1.7 share the fields read here).
const CDX_VERSIONS: &[&str] = &["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

/// Reads an SBOM, telling the format from its content.
pub fn parse(bytes: &[u8]) -> Result<Sbom, ParseError> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    match start.map(|i| bytes[i]) {
        Some(b'{') => parse_json(bytes),
        Some(b'<') => parse_cyclonedx_xml(bytes),
        Some(_) => Err(ParseError::msg(
            "not an SBOM: expected a CycloneDX (JSON or XML) or SPDX 2.3 JSON document",
        )),
        None => Err(ParseError::msg(
            "empty file: expected a CycloneDX or SPDX document",
        )),
    }
}

#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "bomFormat")]
    bom_format: Option<String>,
    #[serde(rename = "specVersion")]
    spec_version: Option<serde_json::Value>,
    #[serde(rename = "spdxVersion")]
    spdx_version: Option<String>,
    #[serde(rename = "@context")]
    context: Option<serde_json::Value>,
}

fn parse_json(bytes: &[u8]) -> Result<Sbom, ParseError> {
    let bytes = strip_bom(bytes);
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| ParseError::json(&e))?;
    if let Some(v) = probe.spdx_version {
        return match v.as_str() {
            "SPDX-2.2" | "SPDX-2.3" => parse_spdx(bytes, v),
            other => Err(ParseError::msg(format!(
                "SPDX version `{other}` is not supported: expected SPDX-2.3 (or SPDX-2.2) JSON"
            ))),
        };
    }
    if probe.context.is_some() {
        return Err(ParseError::msg(
            "SPDX 3.0 JSON-LD is not supported: expected SPDX-2.3 JSON or CycloneDX",
        ));
    }
    if probe.bom_format.as_deref() == Some("CycloneDX") || probe.spec_version.is_some() {
        let spec = match probe.spec_version {
            Some(serde_json::Value::String(s)) => s,
            Some(other) => other.to_string(),
            None => return Err(ParseError::msg("CycloneDX document without `specVersion`")),
        };
        if !CDX_VERSIONS.contains(&spec.as_str()) {
            return Err(ParseError::msg(format!(
                "CycloneDX specVersion `{spec}` is not supported: expected one of {}",
                CDX_VERSIONS.join(", ")
            )));
        }
        let mut bom: CdxBom = serde_json::from_slice(bytes).map_err(|e| ParseError::json(&e))?;
        let vex = std::mem::take(&mut bom.vulnerabilities)
            .into_iter()
            .filter_map(CdxVuln::into_statement)
            .collect();
        return Ok(Sbom {
            format: SbomFormat::CycloneDxJson,
            spec_version: spec,
            components: bom.into_components(),
            vex,
        });
    }
    Err(ParseError::msg(
        "not an SBOM: JSON without `bomFormat: CycloneDX` or `spdxVersion`",
    ))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)
}

// ---- CycloneDX JSON ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxBom {
    metadata: Option<CdxMetadata>,
    components: Vec<CdxComponent>,
    vulnerabilities: Vec<CdxVuln>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxVuln {
    id: Option<String>,
    references: Vec<CdxVulnRef>,
    analysis: Option<CdxAnalysis>,
    affects: Vec<CdxAffects>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxVulnRef {
    id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxAnalysis {
    state: Option<String>,
    justification: Option<String>,
    detail: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxAffects {
    #[serde(rename = "ref")]
    reference: Option<String>,
}

impl CdxVuln {
    /// A statement where the entry has an analysis state; a bare vulnerability list (an
    /// SBOM's own scan result) states nothing.
    fn into_statement(self) -> Option<VexStatement> {
        let a = self.analysis?;
        let state = a.state.filter(|s| !s.trim().is_empty())?;
        let ids: Vec<String> = self
            .id
            .into_iter()
            .chain(self.references.into_iter().filter_map(|r| r.id))
            .filter(|i| !i.trim().is_empty())
            .collect();
        let refs: Vec<String> = self
            .affects
            .into_iter()
            .filter_map(|x| x.reference)
            .collect();
        (!ids.is_empty()).then_some(VexStatement {
            ids,
            refs,
            state,
            justification: a.justification,
            detail: a.detail,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxMetadata {
    component: Option<CdxComponent>,
    manufacture: Option<CdxOrg>,
    manufacturer: Option<CdxOrg>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxOrg {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxComponent {
    #[serde(rename = "bom-ref")]
    bom_ref: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    group: Option<String>,
    name: Option<String>,
    version: Option<String>,
    supplier: Option<CdxOrg>,
    manufacturer: Option<CdxOrg>,
    publisher: Option<String>,
    author: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    licenses: Vec<CdxLicenseChoice>,
    hashes: Vec<CdxHash>,
    properties: Vec<CdxProperty>,
    components: Vec<CdxComponent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxLicenseChoice {
    license: Option<CdxLicense>,
    expression: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxLicense {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxHash {
    alg: Option<String>,
    content: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CdxProperty {
    name: Option<String>,
    value: Option<String>,
}

impl CdxBom {
    fn into_components(self) -> Vec<Component> {
        let mut out = Vec::new();
        let mut root_vendors = Vec::new();
        if let Some(m) = self.metadata {
            for org in [m.manufacture, m.manufacturer].into_iter().flatten() {
                if let Some(n) = org.name {
                    root_vendors.push(n);
                }
            }
            if let Some(c) = m.component {
                let start = out.len();
                c.flatten(&mut out);
                if let Some(root) = out.get_mut(start) {
                    root.is_root = true;
                    for v in root_vendors {
                        push_unique(&mut root.vendors, v);
                    }
                }
            }
        }
        for c in self.components {
            c.flatten(&mut out);
        }
        out
    }
}

impl CdxComponent {
    fn flatten(self, out: &mut Vec<Component>) {
        let mut vendors = Vec::new();
        for v in [
            self.supplier.as_ref().and_then(|s| s.name.clone()),
            self.manufacturer.as_ref().and_then(|s| s.name.clone()),
            self.publisher.clone(),
            self.author.clone(),
        ]
        .into_iter()
        .flatten()
        {
            push_unique(&mut vendors, v);
        }
        for p in &self.properties {
            if p.name.as_deref() == Some("kojo:vendor")
                && let Some(v) = &p.value
            {
                push_unique(&mut vendors, v.clone());
            }
        }
        let licenses = self
            .licenses
            .into_iter()
            .filter_map(|l| {
                l.expression
                    .or_else(|| l.license.and_then(|x| x.id.or(x.name)))
            })
            .filter(|l| !l.trim().is_empty())
            .collect();
        out.push(Component {
            bom_ref: self.bom_ref,
            kind: self.kind,
            group: self.group.filter(|g| !g.is_empty()),
            name: self.name.unwrap_or_default(),
            version: self.version.filter(|v| !v.is_empty()),
            supplier: self.supplier.and_then(|s| s.name),
            vendors,
            purl: self.purl.filter(|p| !p.is_empty()),
            cpe: self.cpe.filter(|c| !c.is_empty()),
            licenses,
            hashes: self
                .hashes
                .into_iter()
                .filter_map(|h| Some((h.alg?, h.content?)))
                .collect(),
            is_root: false,
        });
        for c in self.components {
            c.flatten(out);
        }
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !s.trim().is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

// ---- CycloneDX XML ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct XBom {
    #[serde(rename = "@version")]
    _version: Option<String>,
    metadata: Option<XMetadata>,
    components: Option<XComponents>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XMetadata {
    component: Option<XComponent>,
    manufacture: Option<CdxOrg>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XComponents {
    component: Vec<XComponent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XComponent {
    #[serde(rename = "@bom-ref")]
    bom_ref: Option<String>,
    #[serde(rename = "@type")]
    kind: Option<String>,
    group: Option<String>,
    name: Option<String>,
    version: Option<String>,
    supplier: Option<CdxOrg>,
    publisher: Option<String>,
    author: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    licenses: Option<XLicenses>,
    hashes: Option<XHashes>,
    properties: Option<XProperties>,
    components: Option<XComponents>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XLicenses {
    license: Vec<CdxLicense>,
    expression: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XHashes {
    hash: Vec<XHash>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XHash {
    #[serde(rename = "@alg")]
    alg: Option<String>,
    #[serde(rename = "$text")]
    content: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XProperties {
    property: Vec<XProperty>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct XProperty {
    #[serde(rename = "@name")]
    name: Option<String>,
    #[serde(rename = "$text")]
    value: Option<String>,
}

impl From<XComponent> for CdxComponent {
    fn from(x: XComponent) -> CdxComponent {
        let licenses = x
            .licenses
            .map(|l| {
                let mut v: Vec<CdxLicenseChoice> = l
                    .license
                    .into_iter()
                    .map(|lic| CdxLicenseChoice {
                        license: Some(lic),
                        expression: None,
                    })
                    .collect();
                v.extend(l.expression.into_iter().map(|e| CdxLicenseChoice {
                    license: None,
                    expression: Some(e),
                }));
                v
            })
            .unwrap_or_default();
        CdxComponent {
            bom_ref: x.bom_ref,
            kind: x.kind,
            group: x.group,
            name: x.name,
            version: x.version,
            supplier: x.supplier,
            manufacturer: None,
            publisher: x.publisher,
            author: x.author,
            purl: x.purl,
            cpe: x.cpe,
            licenses,
            hashes: x
                .hashes
                .map(|h| {
                    h.hash
                        .into_iter()
                        .map(|h| CdxHash {
                            alg: h.alg,
                            content: h.content,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            properties: x
                .properties
                .map(|p| {
                    p.property
                        .into_iter()
                        .map(|p| CdxProperty {
                            name: p.name,
                            value: p.value,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            components: x
                .components
                .map(|c| c.component.into_iter().map(CdxComponent::from).collect())
                .unwrap_or_default(),
        }
    }
}

fn parse_cyclonedx_xml(bytes: &[u8]) -> Result<Sbom, ParseError> {
    let text = std::str::from_utf8(strip_bom(bytes)).map_err(|e| ParseError {
        line: None,
        column: None,
        offset: Some(e.valid_up_to() as u64),
        message: "not UTF-8 text".into(),
    })?;
    // The namespace names the spec version: http://cyclonedx.org/schema/bom/1.5
    let spec = text
        .find("cyclonedx.org/schema/bom/")
        .map(|i| &text[i + "cyclonedx.org/schema/bom/".len()..])
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
        })
        .ok_or_else(|| {
            ParseError::msg(
                "XML without the CycloneDX namespace `http://cyclonedx.org/schema/bom/1.x`",
            )
        })?;
    if !CDX_VERSIONS.contains(&spec.as_str()) {
        return Err(ParseError::msg(format!(
            "CycloneDX specVersion `{spec}` is not supported: expected one of {}",
            CDX_VERSIONS.join(", ")
        )));
    }
    check_xml(text)?;
    let mut de = quick_xml::de::Deserializer::from_str(text);
    let bom = XBom::deserialize(&mut de).map_err(|e| ParseError {
        line: None,
        column: None,
        offset: None,
        message: format!("CycloneDX XML: {e}"),
    })?;
    let cdx = CdxBom {
        metadata: bom.metadata.map(|m| CdxMetadata {
            component: m.component.map(CdxComponent::from),
            manufacture: m.manufacture,
            manufacturer: None,
        }),
        components: bom
            .components
            .map(|c| c.component.into_iter().map(CdxComponent::from).collect())
            .unwrap_or_default(),
        // VEX in XML is not read.
        vulnerabilities: Vec::new(),
    };
    Ok(Sbom {
        format: SbomFormat::CycloneDxXml,
        spec_version: spec,
        components: cdx.into_components(),
        vex: Vec::new(),
    })
}

/// Deepest element nesting read; CycloneDX documents nest components a few levels deep.
const MAX_XML_DEPTH: usize = 256;

/// Checks that the XML is well formed and not nested past [`MAX_XML_DEPTH`], so that the
/// recursive deserialiser never runs out of stack, and so that syntax errors say where.
fn check_xml(text: &str) -> Result<(), ParseError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    loop {
        let at = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(ParseError {
                        line: None,
                        column: None,
                        offset: Some(at),
                        message: format!("XML nested deeper than {MAX_XML_DEPTH} elements"),
                    });
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => {
                return Err(ParseError {
                    line: None,
                    column: None,
                    offset: Some(reader.error_position()),
                    message: format!("malformed XML: {e}"),
                });
            }
        }
    }
}

// ---- SPDX 2.3 JSON ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct SpdxDoc {
    packages: Vec<SpdxPackage>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SpdxPackage {
    #[serde(rename = "SPDXID")]
    spdx_id: Option<String>,
    name: Option<String>,
    #[serde(rename = "versionInfo")]
    version_info: Option<String>,
    supplier: Option<String>,
    originator: Option<String>,
    #[serde(rename = "licenseConcluded")]
    license_concluded: Option<String>,
    #[serde(rename = "licenseDeclared")]
    license_declared: Option<String>,
    #[serde(rename = "primaryPackagePurpose")]
    purpose: Option<String>,
    #[serde(rename = "externalRefs")]
    external_refs: Vec<SpdxExternalRef>,
    checksums: Vec<SpdxChecksum>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SpdxExternalRef {
    #[serde(rename = "referenceType")]
    reference_type: Option<String>,
    #[serde(rename = "referenceLocator")]
    reference_locator: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SpdxChecksum {
    algorithm: Option<String>,
    #[serde(rename = "checksumValue")]
    checksum_value: Option<String>,
}

/// `Organization: Siemens` → `Siemens`; `NOASSERTION` → nothing.
fn spdx_actor(s: Option<String>) -> Option<String> {
    let s = s?;
    let s = s.trim();
    if s.is_empty() || s == "NOASSERTION" || s == "NONE" {
        return None;
    }
    let name = s
        .strip_prefix("Organization:")
        .or_else(|| s.strip_prefix("Person:"))
        .or_else(|| s.strip_prefix("Tool:"))
        .unwrap_or(s)
        .trim();
    // `Person: Jane (jane@example.org)`: the e-mail is not part of the name.
    let name = name.split(" (").next().unwrap_or(name).trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn spdx_license(s: Option<String>) -> Option<String> {
    let s = s?;
    let t = s.trim();
    (!t.is_empty() && t != "NOASSERTION" && t != "NONE").then(|| t.to_string())
}

fn parse_spdx(bytes: &[u8], version: String) -> Result<Sbom, ParseError> {
    let doc: SpdxDoc = serde_json::from_slice(bytes).map_err(|e| ParseError::json(&e))?;
    let components = doc
        .packages
        .into_iter()
        .map(|p| {
            let mut purl = None;
            let mut cpe = None;
            for r in &p.external_refs {
                let (Some(t), Some(loc)) = (&r.reference_type, &r.reference_locator) else {
                    continue;
                };
                match t.as_str() {
                    "purl" if purl.is_none() => purl = Some(loc.clone()),
                    "cpe23Type" => cpe = Some(loc.clone()),
                    "cpe22Type" if cpe.is_none() => cpe = Some(loc.clone()),
                    _ => {}
                }
            }
            let supplier = spdx_actor(p.supplier);
            let mut vendors = Vec::new();
            for v in [supplier.clone(), spdx_actor(p.originator)]
                .into_iter()
                .flatten()
            {
                push_unique(&mut vendors, v);
            }
            // The concluded licence wins; the declared one stands in where none was concluded.
            let licenses = spdx_license(p.license_concluded)
                .or_else(|| spdx_license(p.license_declared))
                .into_iter()
                .collect();
            Component {
                bom_ref: p.spdx_id,
                kind: p.purpose.map(|k| k.to_ascii_lowercase()),
                group: None,
                name: p.name.unwrap_or_default(),
                version: p.version_info.filter(|v| !v.is_empty()),
                supplier,
                vendors,
                purl,
                cpe,
                licenses,
                hashes: p
                    .checksums
                    .into_iter()
                    .filter_map(|c| Some((c.algorithm?, c.checksum_value?)))
                    .collect(),
                is_root: false,
            }
        })
        .collect();
    let spec_version = version.trim_start_matches("SPDX-").to_string();
    Ok(Sbom {
        format: SbomFormat::SpdxJson,
        spec_version,
        components,
        vex: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyclonedx_json_nested_components_and_licences() {
        let doc = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":
          {"type":"device","name":"PLC","version":"2.1","supplier":{"name":"ACME"}}},
          "components":[{"type":"library","name":"zlib","version":"1.2.13",
          "licenses":[{"license":{"id":"Zlib"}}],"purl":"pkg:generic/zlib@1.2.13",
          "components":[{"type":"file","name":"inner","version":"1"}]},
          {"type":"library","name":"x","licenses":[{"expression":"MIT OR Apache-2.0"}],
          "hashes":[{"alg":"SHA-256","content":"ab"}],"unknownField":1}]}"#;
        let s = parse(doc).unwrap();
        assert_eq!(s.format, SbomFormat::CycloneDxJson);
        let names: Vec<_> = s.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["PLC", "zlib", "inner", "x"]);
        assert!(s.components[0].is_root);
        assert_eq!(s.components[0].vendors, ["ACME"]);
        assert_eq!(s.components[1].licenses, ["Zlib"]);
        assert_eq!(s.components[3].licenses, ["MIT OR Apache-2.0"]);
        assert_eq!(
            s.components[3].hashes,
            [("SHA-256".to_string(), "ab".to_string())]
        );
    }

    #[test]
    fn cyclonedx_xml() {
        let doc = br#"<?xml version="1.0"?>
        <bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
          <components>
            <component type="library" bom-ref="a">
              <name>log4j-core</name><group>org.apache.logging.log4j</group>
              <version>2.14.1</version>
              <licenses><license><id>Apache-2.0</id></license></licenses>
              <purl>pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1</purl>
              <hashes><hash alg="SHA-1">abc</hash></hashes>
            </component>
          </components>
        </bom>"#;
        let s = parse(doc).unwrap();
        assert_eq!(s.format, SbomFormat::CycloneDxXml);
        assert_eq!(s.spec_version, "1.4");
        let c = &s.components[0];
        assert_eq!(c.bom_ref.as_deref(), Some("a"));
        assert_eq!(c.group.as_deref(), Some("org.apache.logging.log4j"));
        assert_eq!(c.licenses, ["Apache-2.0"]);
        assert_eq!(c.hashes, [("SHA-1".to_string(), "abc".to_string())]);
    }

    #[test]
    fn spdx_packages_refs_and_noassertion() {
        let doc = br#"{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","name":"openssl",
          "versionInfo":"3.0.1","supplier":"Organization: OpenSSL (x@y)","licenseConcluded":"NOASSERTION",
          "licenseDeclared":"Apache-2.0","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER",
          "referenceType":"purl","referenceLocator":"pkg:generic/openssl@3.0.1"},
          {"referenceCategory":"SECURITY","referenceType":"cpe23Type",
          "referenceLocator":"cpe:2.3:a:openssl:openssl:3.0.1:*:*:*:*:*:*:*"}]},
          {"name":"bare","licenseConcluded":"NONE"}]}"#;
        let s = parse(doc).unwrap();
        let a = &s.components[0];
        assert_eq!(a.supplier.as_deref(), Some("OpenSSL"));
        assert_eq!(a.licenses, ["Apache-2.0"]);
        assert!(
            a.cpe
                .as_deref()
                .is_some_and(|c| c.starts_with("cpe:2.3:a:openssl"))
        );
        assert!(s.components[1].licenses.is_empty());
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = parse(b"{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.5\",\n  \"components\": [ }").unwrap_err();
        assert_eq!(e.line, Some(4));
        let e = parse(br#"{"bomFormat":"CycloneDX","specVersion":"1.1"}"#).unwrap_err();
        assert!(
            e.message.contains("1.1") && e.message.contains("1.6"),
            "{e}"
        );
        let e =
            parse(br#"{"@context":"https://spdx.org/rdf/3.0.0/spdx-context.jsonld"}"#).unwrap_err();
        assert!(e.message.contains("SPDX 3.0"));
        assert!(parse(b"").is_err());
        let deep = format!(
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">{}",
            "<components><component>".repeat(10_000)
        );
        let e = parse(deep.as_bytes()).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{e}");
        let bad = b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components></bom>";
        let e = parse(bad).unwrap_err();
        assert!(e.offset.is_some() && e.message.contains("malformed"), "{e}");
        assert!(parse(b"hello").is_err());
        assert!(
            parse(br#"{"components":"x","bomFormat":"CycloneDX","specVersion":"1.5"}"#).is_err()
        );
    }
}
