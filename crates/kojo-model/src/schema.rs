//! The JSON Schema (draft 2020-12) of the model format, for editors running
//! yaml-language-server: completion of keys and vocabulary words, and validation while
//! typing. It is built from the same vocabulary tables as the loader. The loader stays the
//! authority: the schema cannot check references between sections or dates' calendars.

use crate::vocab::{self, *};
use serde_json::{Value, json};

fn one_of_words<T>(table: &[(&'static str, T)], description: &str) -> Value {
    json!({"type": "string", "enum": vocab::words(table), "description": description})
}

/// A level: a word or 1..=3.
fn level() -> Value {
    json!({
        "description": "low | medium | high (or 1 | 2 | 3)",
        "anyOf": [
            {"type": "string", "enum": vocab::words(LEVELS)},
            {"type": "integer", "minimum": 1, "maximum": 3}
        ]
    })
}

fn id(description: &str) -> Value {
    json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": description})
}

fn reference(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn list(items: Value) -> Value {
    json!({"type": ["array", "null"], "items": items})
}

fn date(description: &str) -> Value {
    json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": format!("{description} (ISO 8601 date, YYYY-MM-DD)")})
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": properties})
}

fn ooda_step() -> Value {
    object(
        &[],
        json!({
            "lead": reference("department or party id that leads this step"),
            "decides": list(json!({"type": "string", "description": "department id, party id or one of business-owner, factory-manager, production-site-manager, security-representative, bcp-head"})),
        }),
    )
}

fn ooda_stage() -> Value {
    json!({
        "type": ["object", "null"],
        "additionalProperties": false,
        "properties": {"observe": ooda_step(), "orient": ooda_step(), "decide": ooda_step(), "act": ooda_step()}
    })
}

fn maturity_level() -> Value {
    json!({"anyOf": [
        {"type": "string", "enum": vocab::words(MATURITY_LEVELS)},
        {"type": "integer", "minimum": 1, "maximum": 3}
    ], "description": "Table 3-9: basic | practice | application"})
}

/// The JSON Schema of a root model file.
pub fn json_schema() -> Value {
    let status = one_of_words(STATUSES, "existing | new | changed (default existing)");
    let department = object(
        &["id", "name", "kind"],
        json!({
            "id": id("department id"),
            "name": {"type": "string"},
            "kind": one_of_words(DEPARTMENT_KINDS, "kind of department"),
        }),
    );
    let party = object(
        &["id", "name", "kind"],
        json!({
            "id": id("party id"),
            "name": {"type": "string"},
            "kind": one_of_words(PARTY_KINDS, "kind of external party"),
            "subcontractors": list(reference("party id")),
            "contract": object(&[], json!({
                "security_measures": {"type": "boolean", "description": "the provider's security measures are part of the contract"},
                "service_levels": {"type": "boolean"},
                "incident_response": {"type": "boolean"},
                "data_on_termination": {"type": "boolean"},
            })),
        }),
    );
    let operation = object(
        &["id", "name"],
        json!({
            "id": id("operation id"),
            "name": {"type": "string"},
            "importance": level(),
            "status": status,
            "performed_by": reference("`in-house` or a party id"),
            "tasks": list(json!({"type": "string", "description": "Table 3-2 task id (catalog)"})),
        }),
    );
    let role = json!({"type": "string", "description": "free text; known roles drive rules", "examples": vocab::KNOWN_ROLES});
    let mut asset = object(
        &["id", "name", "kind"],
        json!({
            "id": id("asset id"),
            "name": {"type": "string"},
            "kind": one_of_words(ASSET_KINDS, "Table 3-3 kind of protected object"),
            "role": role,
            "zone": reference("zone id (equipment, software, network, external-service)"),
            "zones": list(reference("zone id where the data is held (data assets)")),
            "operations": list(reference("operation id")),
            "importance": object(&[], json!({
                "safety": level(), "quality": level(), "delivery": level(), "cost": level(), "business_continuity": level()
            })),
            "traits": list(one_of_words(ASSET_TRAITS, "asset trait")),
            "supplier": reference("party id: who supplies it"),
            "operated_by": reference("`in-house` or a party id: who operates and maintains it (default: the party performing its operations)"),
            "addresses": list(json!({"type": "string", "description": "IP address or CIDR block"})),
            "sbom": {"type": "string", "description": "CycloneDX or SPDX JSON, relative to this file"},
            "product": object(&["name"], json!({
                "vendor": {"type": "string"}, "name": {"type": "string"},
                "version": {"type": "string"}, "cpe": {"type": "string", "description": "CPE 2.3 or 2.2 name"}
            })),
            "status": status,
        }),
    );
    // Data assets use `zones`; every other kind uses `zone`.
    asset["if"] = json!({"properties": {"kind": {"const": "data"}}, "required": ["kind"]});
    asset["then"] = json!({"required": ["zones"], "not": {"required": ["zone"]}});
    asset["else"] = json!({"required": ["zone"], "not": {"required": ["zones"]}});
    let zone = object(
        &["id", "name", "kind"],
        json!({
            "id": id("zone id"),
            "name": {"type": "string"},
            "kind": one_of_words(ZONE_KINDS, "kind of zone"),
            "owner": reference("department id"),
            "managed_by": reference("`in-house` or a party id"),
            "status": status,
            "target_sl": {"type": "integer", "minimum": 1, "maximum": 4, "description": "IEC 62443 target security level"},
            "site": {"type": "string", "description": "`this` factory (default) or another site's id"},
        }),
    );
    let flow = object(
        &["id", "from", "to"],
        json!({
            "id": id("flow id"),
            "from": reference("asset id or zone id (or asset:ID / zone:ID)"),
            "to": reference("asset id or zone id (or asset:ID / zone:ID)"),
            "data": list(reference("data asset id")),
            "control": {"type": "boolean", "description": "carries control instructions (default false)"},
            "automated": {"type": "boolean", "description": "acted on without human review (default false)"},
            "network": one_of_words(NETWORKS, "network the flow travels over (default internal)"),
            "via": list(reference("asset id of a boundary device")),
            "protocol": {"type": "string", "examples": ["modbus-tcp", "s7comm", "enip", "dnp3", "opc-ua", "mqtt", "https"]},
            "protections": list(one_of_words(PROTECTIONS, "protection")),
            "status": status,
        }),
    );
    let measure = object(
        &["measure", "status"],
        json!({
            "measure": {"type": "string", "description": "catalog measure id"},
            "scope": list(json!({"type": "string", "pattern": "^(factory|(zone|asset|flow|operation|party|department):.+)$"})),
            "status": one_of_words(MEASURE_STATUSES, "measure status"),
            "owner": reference("department id"),
            "due": date("due date"),
        }),
    );
    let checklist = object(
        &["party", "checklist"],
        json!({
            "party": reference("party id"),
            "checklist": one_of_words(CHECKLIST_KINDS, "Tables 3-10..3-12"),
            "answered_on": date("when the answers were last confirmed"),
            "answers": {"type": "object", "additionalProperties": {"type": "string", "enum": vocab::words(ANSWERS)}},
        }),
    );
    let decision = object(
        &["finding", "status"],
        json!({
            "finding": {"type": "string", "description": "finding id from `kojo assess`"},
            "status": one_of_words(DECISION_STATUSES, "decision status"),
            "reason": {"type": "string"},
            "by": reference("department id"),
            "date": date("date of the decision"),
            "review_by": date("date by which an accepted risk is reviewed"),
            "owner": reference("department or party id responsible for the follow-up"),
            "due": date("for in-progress: when it should be done"),
            "ticket": {"type": "string", "description": "the team's ticket (Jira, Redmine, Backlog…)"},
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/kojo/model-v1.schema.json",
        "title": "kojo factory model, format version 1",
        "type": "object",
        "additionalProperties": false,
        "required": ["version", "factory"],
        "properties": {
            "version": {"const": 1, "description": "format version"},
            "include": list(json!({"type": "string", "description": "path relative to this file"})),
            "factory": object(&["name"], json!({
                "name": {"type": "string"},
                "industry": one_of_words(INDUSTRIES, "industry (Annex A note)"),
                "purposes": list(one_of_words(PURPOSES, "Table 3-1 purpose")),
                "requirements": list(json!({"type": "string"})),
                "bcp": object(&[], json!({
                    "exists": {"type": "boolean"},
                    "last_review": date("last BCP review"),
                    "considers": list(one_of_words(BCP_POINTS, "3.1.1 (1) review point")),
                })),
            })),
            "departments": list(department),
            "parties": list(party),
            "operations": list(operation),
            "assets": list(asset),
            "zones": list(zone),
            "flows": list(flow),
            "measures": list(measure),
            "supply_chain": list(checklist),
            "incident_response": object(&[], json!({"preventive": ooda_stage(), "damage": ooda_stage()})),
            "maturity": object(&[], json!({
                "external-cooperation": maturity_level(),
                "related-departments": maturity_level(),
                "within-department": maturity_level(),
            })),
            "decisions": list(decision),
            "licenses": object(&[], json!({
                "allow": list(json!({"type": "string", "description": "SPDX id or expression"})),
                "deny": list(json!({"type": "string", "description": "SPDX id or expression"})),
            })),
        }
    })
}

/// The YAML of a model file as JSON (plain `true`/`false` and integers typed, everything
/// else a string), for validating files against [`json_schema`]. `None` if the YAML does not
/// parse.
pub fn yaml_to_json(text: &str) -> Option<Value> {
    let (root, errors) = crate::yaml::parse(text);
    if !errors.is_empty() {
        return None;
    }
    Some(root.map_or(Value::Null, |r| to_json(&r)))
}

fn to_json(node: &crate::yaml::Node) -> Value {
    use crate::yaml::Value as Y;
    match &node.value {
        Y::Null => Value::Null,
        Y::Scalar { text, plain } => {
            if *plain {
                match text.as_str() {
                    "true" | "True" | "TRUE" => return Value::Bool(true),
                    "false" | "False" | "FALSE" => return Value::Bool(false),
                    _ => {}
                }
                if let Ok(n) = text.parse::<i64>() {
                    return Value::from(n);
                }
            }
            Value::String(text.clone())
        }
        Y::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Y::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.scalar().unwrap_or_default().to_string(), to_json(v)))
                .collect(),
        ),
    }
}
