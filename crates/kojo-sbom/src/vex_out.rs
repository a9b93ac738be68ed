//! VEX out: CSAF 2.0 VEX documents (`csaf_vex` profile) from the model's decisions on
//! `vulnerability` findings, one per party (the assets' supplier) or per product, so that
//! what the plant found out can be handed on.
//!
//! - `false-positive`, or `accepted` with a reason → `known_not_affected`, with a flag
//!   where the reason names a CSAF label and the reason as the impact statement;
//! - `mitigated` → `fixed`;
//! - `in-progress` whose reason opens with `under_investigation` → `under_investigation`,
//!   the rest of the reason as the note; `in-progress` with another reason → `known_affected`
//!   with the reason as the action;
//! - no decision (or `in-progress` without a reason, or `accepted` without one) →
//!   `known_affected` with the action (the fixed version or the advisory's remediation), or
//!   `under_investigation` where the finding cannot be evaluated.

use kojo_findings::Finding;
use kojo_lang::{Lang, Message};
use kojo_model::{Date, Model};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// How the documents are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// One per supplier party of the assets (assets without one: the factory's own).
    Party,
    /// One per product (vendor and name of the component).
    Product,
}

/// One document to write.
#[derive(Debug, Clone, PartialEq)]
pub struct VexOut {
    /// A file name (`<group>.csaf-vex.json`), safe on every file system.
    pub file: String,
    /// What the document covers (a party's name, a product).
    pub group: String,
    pub document: Value,
    /// How many (vulnerability, product) statements it holds.
    pub statements: usize,
}

/// The CSAF flag labels (CSAF 2.0 §3.2.3.5).
const FLAGS: [&str; 5] = [
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_not_in_execute_path",
    "inline_mitigations_already_exist",
];

/// The status of a product, and the weakest claim wins where findings disagree (a product
/// may stand in one status only).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    NotAffected {
        flag: Option<&'static str>,
        impact: String,
    },
    Fixed,
    UnderInvestigation(String),
    Affected {
        category: String,
        action: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Product {
    vendor: Option<String>,
    name: String,
    version: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
}

impl Product {
    fn full_name(&self) -> String {
        [
            self.vendor.as_deref(),
            Some(&self.name),
            self.version.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
    }
}

fn text(f: &Value, key: &str) -> Option<String> {
    f.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The CSAF label a reason names (`vulnerable_code_not_present`, or in words with spaces
/// or hyphens).
fn flag_in(reason: &str) -> Option<&'static str> {
    let r = reason.to_ascii_lowercase().replace([' ', '-'], "_");
    FLAGS.into_iter().find(|f| r.contains(f))
}

/// The publisher namespace of a factory's documents when none is named:
/// `urn:kojo:<factory name in lower-case letters, digits and dashes>`.
pub fn default_namespace(model: &Model) -> String {
    let slug: String = model
        .factory
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("urn:kojo:{}", slug.trim_matches('-'))
}

/// The CSAF product status word for an under-investigation statement.
pub const UNDER_INVESTIGATION: &str = "under_investigation";

/// Where a decision's reason opens with [`UNDER_INVESTIGATION`] (`_`, `-` or spaces), the
/// details after it (`""` when none).
fn investigating(reason: &str) -> Option<&str> {
    let r = reason.trim_start();
    let head = r.get(..UNDER_INVESTIGATION.len())?;
    let same = head
        .chars()
        .zip(UNDER_INVESTIGATION.chars())
        .all(|(a, b)| a.to_ascii_lowercase() == b || (b == '_' && (a == ' ' || a == '-')));
    same.then(|| {
        r[UNDER_INVESTIGATION.len()..]
            .trim_start_matches([':', ' ', '-'])
            .trim()
    })
}

/// What the CSAF document says of a vulnerability finding: `known_not_affected`, `fixed`,
/// `under_investigation` or `known_affected` (the rules of this module's table).
pub fn product_status(f: &Finding) -> &'static str {
    match status_of(f) {
        Status::NotAffected { .. } => "known_not_affected",
        Status::Fixed => "fixed",
        Status::UnderInvestigation(_) => UNDER_INVESTIGATION,
        Status::Affected { .. } => "known_affected",
    }
}

fn status_of(f: &Finding) -> Status {
    let en = |m: Message| m.render(Lang::En);
    let decision = f.decision.as_ref().filter(|d| !d.expired);
    let reason = decision
        .and_then(|d| d.reason.clone())
        .filter(|r| !r.trim().is_empty());
    match (decision.map(|d| d.status.as_str()), reason) {
        (Some("false-positive"), r) | (Some("accepted"), r @ Some(_)) => Status::NotAffected {
            flag: r.as_deref().and_then(flag_in),
            impact: match r {
                Some(r) => en(Message::new("sbom-csaf-impact").arg("reason", r)),
                None => en(Message::new("sbom-csaf-impact-none")),
            },
        },
        (Some("mitigated"), _) => Status::Fixed,
        // An open decision whose reason names the CSAF status: the product's owner is
        // finding out (the web's supplier statements write it so).
        (Some("in-progress"), Some(r)) if investigating(&r).is_some() => {
            let details = investigating(&r).unwrap_or_default();
            Status::UnderInvestigation(if details.is_empty() {
                kojo_lang::text(Lang::En, "sbom-csaf-investigating-decided")
            } else {
                details.to_string()
            })
        }
        // An open decision with a reason says what is being done: that is the action.
        (Some("in-progress"), Some(r)) => Status::Affected {
            category: if f
                .facts
                .get("fixed")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
            {
                "vendor_fix".into()
            } else {
                "mitigation".into()
            },
            action: r,
        },
        _ if f.facts.get("status").and_then(Value::as_str) == Some("cannot-evaluate") => {
            let why = f
                .facts
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or_default();
            Status::UnderInvestigation(en(
                Message::new("sbom-csaf-investigating").arg("reason", why)
            ))
        }
        _ => {
            let comp = f.facts.get("component").cloned().unwrap_or_default();
            let fixed: Vec<&str> = f
                .facts
                .get("fixed")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let remediation = f
                .facts
                .get("remediations")
                .and_then(Value::as_array)
                .and_then(|a| a.iter().filter_map(Value::as_str).next())
                .map(str::to_string);
            if !fixed.is_empty() {
                Status::Affected {
                    category: "vendor_fix".into(),
                    action: en(Message::new("sbom-csaf-action-update")
                        .arg("component", text(&comp, "name").unwrap_or_default())
                        .arg("fixed", fixed.join(" / "))),
                }
            } else if let Some(r) = remediation {
                // Remediations are kept as `category: details`.
                let (cat, details) = r.split_once(": ").unwrap_or(("mitigation", r.as_str()));
                let cat = match cat {
                    "vendor_fix" | "mitigation" | "workaround" | "no_fix_planned"
                    | "none_available" => cat,
                    _ => "mitigation",
                };
                Status::Affected {
                    category: cat.into(),
                    action: en(
                        Message::new("sbom-csaf-action-advisory").arg("remediation", details)
                    ),
                }
            } else {
                Status::Affected {
                    category: "none_available".into(),
                    action: kojo_lang::text(Lang::En, "sbom-csaf-action-none"),
                }
            }
        }
    }
}

fn product_of(f: &Finding) -> Option<Product> {
    let c = f.facts.get("component")?;
    Some(Product {
        vendor: text(c, "vendor").or_else(|| text(c, "supplier")),
        name: text(c, "name")?,
        version: text(c, "version"),
        purl: text(c, "purl").filter(|p| p.starts_with("pkg:") && p.contains('/')),
        cpe: text(c, "cpe").filter(|c| c.starts_with("cpe:2.3:") || c.starts_with("cpe:/")),
    })
}

/// A file name from a group's name: ASCII letters, digits and hyphens.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "vex".into() } else { out }
}

fn group_of(model: &Model, f: &Finding, p: &Product, per: Per) -> String {
    match per {
        Per::Product => [p.vendor.as_deref(), Some(p.name.as_str())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        Per::Party => f
            .subjects
            .iter()
            .find_map(|s| s.strip_prefix("asset:"))
            .and_then(|id| model.asset(id))
            .and_then(|a| a.supplier.as_deref())
            .map(|s| model.party(s).map_or(s.to_string(), |p| p.name.clone()))
            .unwrap_or_else(|| model.factory.name.clone()),
    }
}

/// One CSAF VEX document per group from the `vulnerability` findings (decisions applied).
/// `namespace` is the publisher's URL (CSAF asks for one); `today` dates the documents.
pub fn csaf_documents(
    model: &Model,
    findings: &[Finding],
    per: Per,
    namespace: &str,
    today: Date,
) -> Vec<VexOut> {
    // group → vulnerability id → product → status (the weakest claim wins).
    let mut groups: BTreeMap<String, VulnMap> = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.kind == kojo_findings::FindingKind::Vulnerability)
    {
        let Some(p) = product_of(f) else { continue };
        let Some(advisory) = f.facts.get("advisory").and_then(Value::as_str) else {
            continue;
        };
        let source = f
            .facts
            .get("source")
            .and_then(Value::as_str)
            .unwrap_or("advisory")
            .to_ascii_uppercase();
        let title = f.title.clone();
        let mut cves: Vec<String> = f
            .facts
            .get("aliases")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if advisory.starts_with("CVE-") {
            cves.insert(0, advisory.to_string());
        }
        cves.retain(|c| is_cve(c));
        cves.sort();
        cves.dedup();
        let keys: Vec<(Option<String>, String)> = if cves.is_empty() {
            vec![(None, advisory.to_string())]
        } else {
            cves.into_iter()
                .map(|c| (Some(c), advisory.to_string()))
                .collect()
        };
        let status = status_of(f);
        let group = group_of(model, f, &p, per);
        let vulns = groups.entry(group).or_default();
        for k in keys {
            let (_, products) = vulns
                .entry(k)
                .or_insert_with(|| (format!("{source}|{title}"), BTreeMap::new()));
            let slot = products.entry(p.clone()).or_insert_with(|| status.clone());
            if status > *slot {
                *slot = status.clone();
            }
        }
    }
    let date = format!("{today}T00:00:00.000Z");
    let mut used = BTreeMap::<String, usize>::new();
    groups
        .into_iter()
        .map(|(group, vulns)| {
            let mut file = slug(&group);
            let n = used.entry(file.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                file = format!("{file}-{n}");
            }
            let (doc, statements) = document(model, &group, &file, &vulns, namespace, &date);
            VexOut {
                file: format!("{file}.csaf-vex.json"),
                group,
                document: doc,
                statements,
            }
        })
        .collect()
}

fn is_cve(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("CVE-") else {
        return false;
    };
    let Some((y, n)) = rest.split_once('-') else {
        return false;
    };
    y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && n.len() >= 4
        && n.bytes().all(|b| b.is_ascii_digit())
}

type VulnMap = BTreeMap<(Option<String>, String), (String, BTreeMap<Product, Status>)>;

fn document(
    model: &Model,
    group: &str,
    file: &str,
    vulns: &VulnMap,
    namespace: &str,
    date: &str,
) -> (Value, usize) {
    // Product ids in product order.
    let mut ids: BTreeMap<&Product, String> = BTreeMap::new();
    for (_, products) in vulns.values() {
        for p in products.keys() {
            ids.insert(p, String::new());
        }
    }
    for (i, id) in ids.values_mut().enumerate() {
        *id = format!("CSAFPID-{:04}", i + 1);
    }
    let tree = product_tree(&ids);
    let mut statements = 0;
    let vulnerabilities: Vec<Value> = vulns
        .iter()
        .map(|((cve, advisory), (source_title, products))| {
            let (source, title) = source_title.split_once('|').unwrap_or(("", source_title));
            let mut status: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            let mut flags: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            let mut threats: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            let mut remediations: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
            let mut notes = vec![json!({"category": "description", "text": title})];
            for (p, s) in products {
                let id = ids[p].as_str();
                statements += 1;
                match s {
                    Status::NotAffected { flag, impact } => {
                        status.entry("known_not_affected").or_default().push(id);
                        if let Some(fl) = flag {
                            flags.entry(fl).or_default().push(id);
                        }
                        threats.entry(impact).or_default().push(id);
                    }
                    Status::Fixed => status.entry("fixed").or_default().push(id),
                    Status::UnderInvestigation(why) => {
                        status.entry("under_investigation").or_default().push(id);
                        notes.push(json!({"category": "details", "text": why}));
                    }
                    Status::Affected { category, action } => {
                        status.entry("known_affected").or_default().push(id);
                        remediations
                            .entry((category.as_str(), action.as_str()))
                            .or_default()
                            .push(id);
                    }
                }
            }
            notes.dedup();
            let mut v = serde_json::Map::new();
            if let Some(c) = cve {
                v.insert("cve".into(), json!(c));
            }
            if cve.as_deref() != Some(advisory.as_str()) {
                v.insert(
                    "ids".into(),
                    json!([{"system_name": if source.is_empty() { "advisory" } else { source },
                            "text": advisory}]),
                );
            }
            v.insert("notes".into(), json!(notes));
            v.insert("product_status".into(), json!(status));
            if !flags.is_empty() {
                v.insert(
                    "flags".into(),
                    json!(flags.iter().map(|(l, ids)| json!({"label": l, "product_ids": ids})).collect::<Vec<_>>()),
                );
            }
            if !threats.is_empty() {
                v.insert(
                    "threats".into(),
                    json!(threats.iter().map(|(d, ids)| json!({"category": "impact", "details": d, "product_ids": ids})).collect::<Vec<_>>()),
                );
            }
            if !remediations.is_empty() {
                v.insert(
                    "remediations".into(),
                    json!(remediations.iter().map(|((c, d), ids)| json!({"category": c, "details": d, "product_ids": ids})).collect::<Vec<_>>()),
                );
            }
            Value::Object(v)
        })
        .collect();
    let factory = &model.factory.name;
    let en = |id: &'static str| {
        Message::new(id)
            .arg("factory", factory.as_str())
            .arg("group", group)
            .render(Lang::En)
    };
    let doc = json!({
        "document": {
            "category": "csaf_vex",
            "csaf_version": "2.0",
            "lang": "en",
            "title": en("sbom-csaf-title"),
            "publisher": {"category": "user", "name": factory, "namespace": namespace},
            "notes": [{"category": "summary", "text": en("sbom-csaf-summary")}],
            "tracking": {
                "id": format!("KOJO-VEX-{}-{}", file, &date[..10]),
                "status": "final",
                "version": "1",
                "initial_release_date": date,
                "current_release_date": date,
                "revision_history": [{"date": date, "number": "1",
                                      "summary": kojo_lang::text(Lang::En, "sbom-csaf-revision")}],
                "generator": {"engine": {"name": "kojo", "version": env!("CARGO_PKG_VERSION")},
                              "date": date},
            },
        },
        "product_tree": tree,
        "vulnerabilities": vulnerabilities,
    });
    (doc, statements)
}

/// Product name → (product, product id).
type ByName<'a> = BTreeMap<&'a str, Vec<(&'a Product, &'a str)>>;

/// Branches vendor → product name → product version, each product with its purl and CPE.
fn product_tree(ids: &BTreeMap<&Product, String>) -> Value {
    let mut by_vendor: BTreeMap<Option<&str>, ByName> = BTreeMap::new();
    for (p, id) in ids {
        by_vendor
            .entry(p.vendor.as_deref())
            .or_default()
            .entry(p.name.as_str())
            .or_default()
            .push((p, id.as_str()));
    }
    let leaf = |p: &Product, id: &str| {
        let mut prod = json!({"name": p.full_name(), "product_id": id});
        let mut helper = serde_json::Map::new();
        if let Some(u) = &p.purl {
            helper.insert("purl".into(), json!(u));
        }
        if let Some(c) = &p.cpe {
            helper.insert("cpe".into(), json!(c));
        }
        if !helper.is_empty() {
            prod["product_identification_helper"] = Value::Object(helper);
        }
        prod
    };
    let mut branches = Vec::new();
    for (vendor, names) in by_vendor {
        // A branch holds either a product or branches: products without a version hang on
        // a name branch of their own.
        let mut name_branches: Vec<Value> = Vec::new();
        for (name, prods) in names {
            for (p, id) in prods.iter().filter(|(p, _)| p.version.is_none()) {
                name_branches.push(
                    json!({"category": "product_name", "name": name, "product": leaf(p, id)}),
                );
            }
            let versions: Vec<Value> = prods
                .iter()
                .filter_map(|(p, id)| {
                    p.version.as_ref().map(|v| {
                        json!({"category": "product_version", "name": v, "product": leaf(p, id)})
                    })
                })
                .collect();
            if !versions.is_empty() {
                name_branches
                    .push(json!({"category": "product_name", "name": name, "branches": versions}));
            }
        }
        match vendor {
            Some(v) => {
                branches.push(json!({"category": "vendor", "name": v, "branches": name_branches}))
            }
            None => branches.extend(name_branches),
        }
    }
    json!({"branches": branches})
}
