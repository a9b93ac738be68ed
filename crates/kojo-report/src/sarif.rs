//! SARIF 2.1.0: one rule per finding rule (help from the assessment's rule table and the
//! catalog), one result per finding, located at the model line that defines its subject so
//! that code scanning shows the finding inline in the YAML.

use crate::ReportError;
use kojo_catalog::Catalog;
use kojo_findings::{Assessment, Finding, Severity};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The SARIF level of a severity: critical/high are errors, medium warnings, the rest notes.
pub fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning's `security-severity` (0-10) for a severity.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// The SARIF rule id of a finding: its rule (`KJ-ZONE-003`) or else its kind.
pub fn rule_id(f: &Finding) -> &str {
    f.rule.as_deref().unwrap_or(f.kind.as_str())
}

/// A path as a SARIF artifact URI: relative paths stay relative (to the repository root,
/// where code scanning resolves them), absolute ones become `file://` URIs; characters that
/// a URI may not hold are percent-encoded.
pub fn path_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let (prefix, rest) = if p.starts_with('/') {
        ("file://", p.as_str())
    } else if p.len() > 2 && p.as_bytes()[1] == b':' {
        ("file:///", p.as_str())
    } else {
        ("", p.strip_prefix("./").unwrap_or(&p))
    };
    let mut out = String::from(prefix);
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_descriptor(id: &str, first: &Finding) -> Value {
    let info = kojo_assess::rules()
        .iter()
        .find(|r| r.id == id)
        .or_else(|| kojo_assess::rules().iter().find(|r| r.kind == first.kind));
    let (summary, reference, step, doc) = match info {
        Some(r) => (
            r.summary.to_string(),
            r.reference.to_string(),
            r.step.to_string(),
            Some(r.doc),
        ),
        None => (
            first.kind.as_str().replace('-', " "),
            first.reference.clone(),
            first.step.clone(),
            None,
        ),
    };
    let mut help = format!(
        "{summary}\n\nGuideline: METI Cyber/Physical Security Guidelines for Factory Systems \
         (smartification appendix), Step {step}, {reference}."
    );
    let mut md = format!(
        "**{summary}**\n\nGuideline: METI *Cyber/Physical Security Guidelines for Factory \
         Systems* (smartification appendix), Step {step}, {reference}."
    );
    if let Some(doc) = doc {
        help.push_str(&format!("\nDocumentation: {doc}"));
        md.push_str(&format!("\n\nDocumentation: `{doc}`"));
    }
    json!({
        "id": id,
        "name": first.kind.as_str().split('-').map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        }).collect::<String>(),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": format!("{summary} (Step {step}, {reference})")},
        "help": {"text": help, "markdown": md},
        "defaultConfiguration": {"level": sarif_level(first.severity)},
        "properties": {
            "kind": first.kind,
            "step": step,
            "reference": reference,
            "tags": ["security", "ot", format!("step-{step}")],
        }
    })
}

/// SARIF 2.1.0, one result per finding (in the assessment's order), located at the model
/// line of its first subject. Findings whose decision suppresses them carry a SARIF
/// suppression, so code scanning shows them as dismissed rather than dropping them.
pub fn render_sarif(a: &Assessment, catalog: &Catalog) -> Result<String, ReportError> {
    let mut out = Vec::new();
    write_sarif(a, catalog, &mut out)?;
    String::from_utf8(out).map_err(|e| ReportError(format!("cannot write SARIF: {e}")))
}

/// [`render_sarif`] written to `w` as it is produced: one result at a time is built and
/// written, so memory does not grow with a whole document tree. The bytes are those of
/// `render_sarif` (keys in the order serde_json's map keeps them, sorted).
pub fn write_sarif(
    a: &Assessment,
    catalog: &Catalog,
    w: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    use serde::ser::{SerializeMap, Serializer};
    // Rules in first-seen order by id, stable across runs.
    let mut rule_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut rules: Vec<Value> = Vec::new();
    for f in &a.findings {
        let id = rule_id(f);
        if !rule_index.contains_key(id) {
            rule_index.insert(id.to_string(), rules.len());
            rules.push(rule_descriptor(id, f));
        }
    }
    let results = Results {
        a,
        catalog,
        rule_index: &rule_index,
    };
    // The run's keys in sorted order, as a `json!` object would hold them.
    struct Run<'r> {
        a: &'r Assessment,
        rules: &'r [Value],
        results: Results<'r>,
    }
    impl serde::Serialize for Run<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let a = self.a;
            let mut m = s.serialize_map(Some(5))?;
            m.serialize_entry(
                "automationDetails",
                &json!({"id": format!("kojo/{}/", a.model.factory)}),
            )?;
            m.serialize_entry("columnKind", "unicodeCodePoints")?;
            m.serialize_entry(
                "properties",
                &json!({"model": {"path": a.model.path, "sha256": a.model.sha256, "factory": a.model.factory}}),
            )?;
            m.serialize_entry("results", &self.results)?;
            m.serialize_entry(
                "tool",
                &json!({"driver": {
                    "name": "kojo",
                    "version": a.kojo_version,
                    "semanticVersion": a.kojo_version,
                    "informationUri": "https://example.invalid/kojo",
                    "rules": self.rules,
                }}),
            )?;
            m.end()
        }
    }
    let run = Run {
        a,
        rules: &rules,
        results,
    };
    let mut ser = serde_json::Serializer::pretty(w);
    let io = |e: serde_json::Error| ReportError(format!("cannot write SARIF: {e}"));
    let mut m = (&mut ser).serialize_map(Some(3)).map_err(io)?;
    m.serialize_entry("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        .map_err(io)?;
    m.serialize_entry("runs", &[&run]).map_err(io)?;
    m.serialize_entry("version", "2.1.0").map_err(io)?;
    m.end().map_err(io)?;
    Ok(())
}

/// The results, each built as a small tree and written before the next is built.
struct Results<'r> {
    a: &'r Assessment,
    catalog: &'r Catalog,
    rule_index: &'r BTreeMap<String, usize>,
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.a.findings.iter().map(|f| self.result(f)))
    }
}

impl Results<'_> {
    fn result(&self, f: &Finding) -> Value {
        let (a, catalog) = (self.a, self.catalog);
        let id = rule_id(f);
        let (uri, line, column) = match &f.location {
            Some(l) => (path_uri(&l.path), l.line.max(1), l.column.max(1)),
            // No location: the model file itself, first line, so the result still shows.
            None => (path_uri(&a.model.path), 1, 1),
        };
        let mut text = format!("{} [{}]", f.title, f.id);
        if !f.recommendation.is_empty() {
            text.push_str(" — ");
            text.push_str(&f.recommendation);
        }
        let logical: Vec<Value> = f
            .subjects
            .iter()
            .map(|s| {
                let kind = s.split(':').next().unwrap_or("factory");
                json!({"fullyQualifiedName": s, "kind": kind})
            })
            .collect();
        let mut props = json!({
            "findingId": f.id,
            "kind": f.kind,
            "step": f.step,
            "severity": f.severity.as_str(),
            "subjects": f.subjects,
            "reference": f.reference,
            "detail": f.detail,
            "security-severity": security_severity(f.severity),
        });
        if !f.catalog.is_empty() {
            props["catalog"] = json!(f.catalog);
            // The catalog entries behind the finding, with their guideline references.
            let entries: Vec<Value> = f
                .catalog
                .iter()
                .filter_map(|cid| {
                    // The item whose id is exactly `cid` (the catalog's index), else a
                    // measure named without its `msr-` prefix.
                    let (title, reference) = catalog
                        .find(cid)
                        .filter(|i| i.id() == *cid)
                        .map(|i| (i.title().en.clone(), i.reference().map(|r| r.to_string())))
                        .or_else(|| {
                            catalog
                                .measure(cid)
                                .map(|m| (m.title.en.clone(), Some(m.reference.to_string())))
                        })?;
                    Some(json!({"id": cid, "title": title, "reference": reference}))
                })
                .collect();
            props["catalogEntries"] = json!(entries);
        }
        if let Some(ja) = f.i18n.get("ja") {
            props["ja"] = json!({"title": ja.title, "recommendation": ja.recommendation});
        }
        let mut result = json!({
            "ruleId": id,
            "ruleIndex": self.rule_index.get(id).copied().unwrap_or(0),
            "level": sarif_level(f.severity),
            "message": {"text": text},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": line, "startColumn": column}
                },
                "logicalLocations": logical,
            }],
            "partialFingerprints": {"kojoFindingId/v1": f.id},
            "properties": props,
        });
        if let Some(d) = &f.decision {
            props_decision(&mut result, d);
        }
        result
    }
}

fn props_decision(result: &mut Value, d: &kojo_findings::FindingDecision) {
    result["properties"]["decision"] = json!({
        "status": d.status.as_str(),
        "reason": d.reason,
        "by": d.by,
        "review_by": d.review_by,
        "expired": d.expired,
    });
    if d.suppresses() {
        let mut s = json!({"kind": "external", "status": "accepted"});
        if let Some(r) = &d.reason {
            s["justification"] = json!(r);
        }
        result["suppressions"] = json!([s]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_keep_relative_paths_and_encode_spaces() {
        assert_eq!(path_uri("examples/a b.yaml"), "examples/a%20b.yaml");
        assert_eq!(path_uri("./m.yaml"), "m.yaml");
        assert_eq!(path_uri("/srv/m.yaml"), "file:///srv/m.yaml");
        assert_eq!(path_uri("C:\\m\\x.yaml"), "file:///C:/m/x.yaml");
    }
}
