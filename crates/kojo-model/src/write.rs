//! [`to_yaml`]: a model written back as one YAML file (includes flattened), for the web
//! editor and for tools that change a model. Loading the output gives the same model apart
//! from source locations. Comments of the original are not kept.

use crate::model::*;
use crate::vocab::{self, *};
use std::fmt::Write as _;

/// A string as a YAML scalar: plain when it is an unambiguous word, else double-quoted
/// (JSON string syntax is valid YAML double-quoted syntax).
fn s(text: &str) -> String {
    let plain_ok = !text.is_empty()
        && text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain_ok {
        text.to_string()
    } else {
        serde_json::Value::from(text).to_string()
    }
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    format!("[{}]", items.iter().map(f).collect::<Vec<_>>().join(", "))
}

fn level(l: Level) -> &'static str {
    l.as_str()
}

fn responsible(r: &Responsible) -> Option<String> {
    match r {
        Responsible::InHouse => None,
        Responsible::Party(p) => Some(s(p)),
    }
}

/// Write the model as YAML (format version 1).
pub fn to_yaml(m: &Model) -> String {
    let mut y = String::new();
    let zone_ids: std::collections::HashSet<&str> = m.zones.iter().map(|z| z.id.as_str()).collect();
    let asset_ids: std::collections::HashSet<&str> =
        m.assets.iter().map(|a| a.id.as_str()).collect();
    let _ = writeln!(y, "version: {}", m.version);

    let f = &m.factory;
    let _ = writeln!(y, "factory:\n  name: {}", s(&f.name));
    if let Some(i) = f.industry {
        let _ = writeln!(y, "  industry: {}", vocab::word(INDUSTRIES, i));
    }
    if !f.purposes.is_empty() {
        let _ = writeln!(
            y,
            "  purposes: {}",
            list(&f.purposes, |p| vocab::word(PURPOSES, *p).to_string())
        );
    }
    if !f.requirements.is_empty() {
        let _ = writeln!(y, "  requirements: {}", list(&f.requirements, |r| s(r)));
    }
    if let Some(b) = &f.bcp {
        let _ = writeln!(y, "  bcp:\n    exists: {}", b.exists);
        if let Some(d) = b.last_review {
            let _ = writeln!(y, "    last_review: {d}");
        }
        if !b.considers.is_empty() {
            let _ = writeln!(
                y,
                "    considers: {}",
                list(&b.considers, |p| vocab::word(BCP_POINTS, *p).to_string())
            );
        }
    }

    if !m.departments.is_empty() {
        y.push_str("departments:\n");
        for d in &m.departments {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    kind: {}",
                s(&d.id),
                s(&d.name),
                vocab::word(DEPARTMENT_KINDS, d.kind)
            );
        }
    }
    if !m.parties.is_empty() {
        y.push_str("parties:\n");
        for p in &m.parties {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    kind: {}",
                s(&p.id),
                s(&p.name),
                vocab::word(PARTY_KINDS, p.kind)
            );
            if !p.subcontractors.is_empty() {
                let _ = writeln!(
                    y,
                    "    subcontractors: {}",
                    list(&p.subcontractors, |x| s(x))
                );
            }
            if let Some(c) = &p.contract {
                y.push_str("    contract: {");
                let parts: Vec<String> = [
                    ("security_measures", c.security_measures),
                    ("service_levels", c.service_levels),
                    ("incident_response", c.incident_response),
                    ("data_on_termination", c.data_on_termination),
                ]
                .iter()
                .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
                .collect();
                y.push_str(&parts.join(", "));
                y.push_str("}\n");
            }
        }
    }
    if !m.operations.is_empty() {
        y.push_str("operations:\n");
        for o in &m.operations {
            let _ = writeln!(y, "  - id: {}\n    name: {}", s(&o.id), s(&o.name));
            if let Some(l) = o.importance {
                let _ = writeln!(y, "    importance: {}", level(l));
            }
            if o.status != Status::Existing {
                let _ = writeln!(y, "    status: {}", vocab::word(STATUSES, o.status));
            }
            if let Some(p) = responsible(&o.performed_by) {
                let _ = writeln!(y, "    performed_by: {p}");
            }
            if !o.tasks.is_empty() {
                let _ = writeln!(y, "    tasks: {}", list(&o.tasks, |t| s(t)));
            }
        }
    }
    if !m.zones.is_empty() {
        y.push_str("zones:\n");
        for z in &m.zones {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    kind: {}",
                s(&z.id),
                s(&z.name),
                vocab::word(ZONE_KINDS, z.kind)
            );
            if let Some(o) = &z.owner {
                let _ = writeln!(y, "    owner: {}", s(o));
            }
            if let Some(p) = responsible(&z.managed_by) {
                let _ = writeln!(y, "    managed_by: {p}");
            }
            if z.status != Status::Existing {
                let _ = writeln!(y, "    status: {}", vocab::word(STATUSES, z.status));
            }
            if let Some(sl) = z.target_sl {
                let _ = writeln!(y, "    target_sl: {sl}");
            }
            if let Some(site) = &z.site {
                let _ = writeln!(y, "    site: {}", s(site));
            }
        }
    }
    if !m.assets.is_empty() {
        y.push_str("assets:\n");
        for a in &m.assets {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    kind: {}",
                s(&a.id),
                s(&a.name),
                vocab::word(ASSET_KINDS, a.kind)
            );
            if let Some(r) = &a.role {
                let _ = writeln!(y, "    role: {}", s(r));
            }
            if a.kind == AssetKind::Data {
                let _ = writeln!(y, "    zones: {}", list(&a.zones, |z| s(z)));
            } else if let Some(z) = a.zones.first() {
                let _ = writeln!(y, "    zone: {}", s(z));
            }
            if !a.operations.is_empty() {
                let _ = writeln!(y, "    operations: {}", list(&a.operations, |o| s(o)));
            }
            let imp = &a.importance;
            let parts: Vec<String> = [
                ("safety", imp.safety),
                ("quality", imp.quality),
                ("delivery", imp.delivery),
                ("cost", imp.cost),
                ("business_continuity", imp.business_continuity),
            ]
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}: {}", level(v))))
            .collect();
            if !parts.is_empty() {
                let _ = writeln!(y, "    importance: {{{}}}", parts.join(", "));
            }
            if !a.traits.is_empty() {
                let _ = writeln!(
                    y,
                    "    traits: {}",
                    list(&a.traits, |t| vocab::word(ASSET_TRAITS, *t).to_string())
                );
            }
            if let Some(p) = &a.supplier {
                let _ = writeln!(y, "    supplier: {}", s(p));
            }
            match &a.operated_by {
                Some(Responsible::InHouse) => y.push_str("    operated_by: in-house\n"),
                Some(Responsible::Party(p)) => {
                    let _ = writeln!(y, "    operated_by: {}", s(p));
                }
                None => {}
            }
            if !a.addresses.is_empty() {
                let _ = writeln!(
                    y,
                    "    addresses: {}",
                    list(&a.addresses, |n| s(&n.to_string()))
                );
            }
            if let Some(p) = &a.sbom {
                let _ = writeln!(y, "    sbom: {}", s(&p.to_string_lossy()));
            }
            if let Some(p) = &a.product {
                let _ = writeln!(y, "    product:");
                if let Some(v) = &p.vendor {
                    let _ = writeln!(y, "      vendor: {}", s(v));
                }
                let _ = writeln!(y, "      name: {}", s(&p.name));
                if let Some(v) = &p.version {
                    let _ = writeln!(y, "      version: {}", s(v));
                }
                if let Some(v) = &p.cpe {
                    let _ = writeln!(y, "      cpe: {}", s(v));
                }
            }
            if a.status != Status::Existing {
                let _ = writeln!(y, "    status: {}", vocab::word(STATUSES, a.status));
            }
        }
    }
    if !m.flows.is_empty() {
        y.push_str("flows:\n");
        let end = |e: &Endpoint| match e {
            // Prefix only where an id is both an asset and a zone.
            Endpoint::Asset(id) if zone_ids.contains(id.as_str()) => s(&format!("asset:{id}")),
            Endpoint::Zone(id) if asset_ids.contains(id.as_str()) => s(&format!("zone:{id}")),
            Endpoint::Asset(id) | Endpoint::Zone(id) => s(id),
        };
        for fl in &m.flows {
            let _ = writeln!(
                y,
                "  - id: {}\n    from: {}\n    to: {}",
                s(&fl.id),
                end(&fl.from),
                end(&fl.to)
            );
            if !fl.data.is_empty() {
                let _ = writeln!(y, "    data: {}", list(&fl.data, |d| s(d)));
            }
            if fl.control {
                y.push_str("    control: true\n");
            }
            if fl.automated {
                y.push_str("    automated: true\n");
            }
            if fl.network != Network::Internal {
                let _ = writeln!(y, "    network: {}", vocab::word(NETWORKS, fl.network));
            }
            if !fl.via.is_empty() {
                let _ = writeln!(y, "    via: {}", list(&fl.via, |d| s(d)));
            }
            if let Some(p) = &fl.protocol {
                let _ = writeln!(y, "    protocol: {}", s(p));
            }
            if !fl.protections.is_empty() {
                let _ = writeln!(
                    y,
                    "    protections: {}",
                    list(&fl.protections, |p| vocab::word(PROTECTIONS, *p)
                        .to_string())
                );
            }
            if fl.status != Status::Existing {
                let _ = writeln!(y, "    status: {}", vocab::word(STATUSES, fl.status));
            }
        }
    }
    if !m.measures.is_empty() {
        y.push_str("measures:\n");
        for r in &m.measures {
            let _ = writeln!(y, "  - measure: {}", s(&r.measure));
            if !r.scope.is_empty() {
                let _ = writeln!(y, "    scope: {}", list(&r.scope, |x| s(&x.to_string())));
            }
            let _ = writeln!(y, "    status: {}", vocab::word(MEASURE_STATUSES, r.status));
            if let Some(o) = &r.owner {
                let _ = writeln!(y, "    owner: {}", s(o));
            }
            if let Some(d) = r.due {
                let _ = writeln!(y, "    due: {d}");
            }
        }
    }
    if !m.supply_chain.is_empty() {
        y.push_str("supply_chain:\n");
        for c in &m.supply_chain {
            let _ = writeln!(
                y,
                "  - party: {}\n    checklist: {}",
                s(&c.party),
                vocab::word(CHECKLIST_KINDS, c.checklist)
            );
            if let Some(d) = c.answered_on {
                let _ = writeln!(y, "    answered_on: {d}");
            }
            if !c.answers.is_empty() {
                y.push_str("    answers:\n");
                for (item, (ans, _)) in &c.answers {
                    let _ = writeln!(y, "      {}: {}", s(item), s(vocab::word(ANSWERS, *ans)));
                }
            }
        }
    }
    let ir = &m.incident_response;
    if ir.loc.is_some() || ir.preventive.is_some() || ir.damage.is_some() {
        y.push_str("incident_response:\n");
        for (name, stage) in [("preventive", &ir.preventive), ("damage", &ir.damage)] {
            let Some(stage) = stage else { continue };
            let steps = [
                ("observe", &stage.observe),
                ("orient", &stage.orient),
                ("decide", &stage.decide),
                ("act", &stage.act),
            ];
            if steps.iter().all(|(_, st)| st.is_none()) {
                let _ = writeln!(y, "  {name}: {{}}");
                continue;
            }
            let _ = writeln!(y, "  {name}:");
            for (step, st) in steps {
                let Some(st) = st else { continue };
                let mut parts = Vec::new();
                if let Some(l) = &st.lead {
                    parts.push(format!("lead: {}", s(l)));
                }
                if !st.decides.is_empty() {
                    parts.push(format!("decides: {}", list(&st.decides, |d| s(d))));
                }
                let _ = writeln!(y, "    {step}: {{{}}}", parts.join(", "));
            }
        }
    }
    let mt = &m.maturity;
    let mparts: Vec<String> = [
        ("external-cooperation", mt.external_cooperation),
        ("related-departments", mt.related_departments),
        ("within-department", mt.within_department),
    ]
    .iter()
    .filter_map(|(k, v)| v.map(|v| format!("  {k}: {}", vocab::word(MATURITY_LEVELS, v))))
    .collect();
    if !mparts.is_empty() {
        let _ = writeln!(y, "maturity:\n{}", mparts.join("\n"));
    } else if mt.loc.is_some() {
        y.push_str("maturity: {}\n");
    }
    if !m.decisions.is_empty() {
        y.push_str("decisions:\n");
        for d in &m.decisions {
            for (i, line) in decision_fields(d).iter().enumerate() {
                let _ = writeln!(y, "{}{line}", if i == 0 { "  - " } else { "    " });
            }
        }
    }
    let lp = &m.licenses;
    if lp.loc.is_some() || !lp.allow.is_empty() || !lp.deny.is_empty() {
        let _ = writeln!(
            y,
            "licenses:\n  allow: {}\n  deny: {}",
            list(&lp.allow, |x| s(x)),
            list(&lp.deny, |x| s(x))
        );
    }
    y
}

/// A decision's fields as YAML lines (`key: value`), in the order the writer uses; shared by
/// [`to_yaml`] and the in-place editor of `decisions:` so both quote alike.
pub(crate) fn decision_fields(d: &Decision) -> Vec<String> {
    let mut out = vec![
        format!("finding: {}", s(&d.finding)),
        format!("status: {}", vocab::word(DECISION_STATUSES, d.status)),
    ];
    if let Some(r) = &d.reason {
        out.push(format!("reason: {}", serde_json::Value::from(r.as_str())));
    }
    if let Some(b) = &d.by {
        out.push(format!("by: {}", s(b)));
    }
    if let Some(x) = d.date {
        out.push(format!("date: {x}"));
    }
    if let Some(x) = d.review_by {
        out.push(format!("review_by: {x}"));
    }
    if let Some(o) = &d.owner {
        out.push(format!("owner: {}", s(o)));
    }
    if let Some(x) = d.due {
        out.push(format!("due: {x}"));
    }
    if let Some(t) = &d.ticket {
        out.push(format!("ticket: {}", serde_json::Value::from(t.as_str())));
    }
    out
}
