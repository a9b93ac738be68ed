//! The model editor's forms (issue #9): zones, protected objects (assets), conduit-level
//! flows, parties, operations and measures — list, create, edit, delete — for the pages
//! ([`pages`]) and `/api/v1` ([`api`]).
//!
//! One save path for all of them ([`save`], [`delete`]): the change is applied to the latest
//! model version, the model is written with `kojo_model::to_yaml` and checked exactly as
//! `kojo check` does ([`models::check`]); its diagnostics are mapped back to the form's
//! fields by the line they point at in that YAML ([`map_problems`]). Only a model that
//! checks is saved, as a new version made from the version the form was opened on (a stale
//! one is refused), with its audit row in the same transaction.

use crate::error::AppError;
use crate::service::access::{Auth, Need};
use crate::service::models::{self, Problem};
use crate::state::AppState;
use crate::store::{Audit, ModelVersion};
use kojo_model::vocab::{self, *};
use kojo_model::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kinds of entity the editor's forms change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Zone,
    Asset,
    Flow,
    Party,
    Operation,
    Measure,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Zone,
        Kind::Asset,
        Kind::Flow,
        Kind::Party,
        Kind::Operation,
        Kind::Measure,
    ];

    /// The model's section, also the URL segment (`/f/{fid}/assets`).
    pub fn section(self) -> &'static str {
        match self {
            Kind::Zone => "zones",
            Kind::Asset => "assets",
            Kind::Flow => "flows",
            Kind::Party => "parties",
            Kind::Operation => "operations",
            Kind::Measure => "measures",
        }
    }

    /// The singular word (audit actions and targets: `asset.update`, `asset:line-plc`).
    pub fn word(self) -> &'static str {
        match self {
            Kind::Zone => "zone",
            Kind::Asset => "asset",
            Kind::Flow => "flow",
            Kind::Party => "party",
            Kind::Operation => "operation",
            Kind::Measure => "measure",
        }
    }
}

/// What is wrong with one field of a form (`field` = `None`: with the form as a whole),
/// and what would be right.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: Option<String>,
    pub message: String,
    /// The message in Japanese, for the pages, where the editor has its own words (the
    /// model checker's diagnostics are English, as `kojo check` writes them).
    #[serde(skip)]
    pub ja: Option<String>,
}

impl FieldProblem {
    /// The message in `lang` where there is one.
    pub fn text(&self, lang: &str) -> &str {
        match (&self.ja, lang) {
            (Some(ja), "ja") => ja,
            _ => &self.message,
        }
    }
}

fn fp(field: &str, message: String, ja: String) -> FieldProblem {
    FieldProblem {
        field: Some(field.to_string()),
        message,
        ja: Some(ja),
    }
}

// ---- what forms and the API carry ----------------------------------------------------------

/// A zone (Step 1-6).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ZoneIn {
    /// `[a-z0-9][a-z0-9-]*`; set when creating, fixed afterwards.
    pub id: String,
    pub name: String,
    /// control | production | information | external | dmz
    pub kind: String,
    /// Department id; empty for none.
    pub owner: String,
    /// `in-house` (or empty) or a party id.
    pub managed_by: String,
    /// existing | new | changed (empty: existing)
    pub status: String,
    /// IEC 62443 target security level 1-4; empty: derived by the assessment.
    pub target_sl: String,
    /// The model version this change was made from (required by the editor; 409 when stale).
    #[serde(skip_serializing)]
    pub base_version: Option<i64>,
}

/// Step 1-5 importance of a protected object by viewpoint: `low` | `medium` | `high` or empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ImportanceIn {
    pub safety: String,
    pub quality: String,
    pub delivery: String,
    pub cost: String,
    pub business_continuity: String,
}

/// A protected object (asset), as `model-format.md` writes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AssetIn {
    /// `[a-z0-9][a-z0-9-]*`; set when creating, fixed afterwards.
    pub id: String,
    pub name: String,
    /// equipment | software | data | external-service | network
    pub kind: String,
    /// Free text; known roles (plc, hmi, firewall, …) drive rules.
    pub role: String,
    /// Zone ids: exactly one, except data assets (the zones where the data is held).
    pub zones: Vec<String>,
    /// Operation ids.
    pub operations: Vec<String>,
    pub importance: ImportanceIn,
    /// general-purpose | embedded-computer | wireless | remote-access | oss | cloud-hosted |
    /// private-cloud | safety-function | end-of-support
    pub traits: Vec<String>,
    /// Party id of who supplies or runs it; empty for none.
    pub supplier: String,
    /// IP addresses or CIDR blocks.
    pub addresses: Vec<String>,
    /// Path of its SBOM (CycloneDX or SPDX JSON); empty for none.
    pub sbom: String,
    /// existing | new | changed (empty: existing)
    pub status: String,
    /// The model version this change was made from (required by the API; 409 when stale).
    #[serde(skip_serializing)]
    pub base_version: Option<i64>,
}

/// A conduit-level flow of data or control instructions between assets or zones.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FlowIn {
    pub id: String,
    /// Asset or zone id (`asset:ID` / `zone:ID` where an id is both).
    pub from: String,
    pub to: String,
    /// Data asset ids carried.
    pub data: Vec<String>,
    /// Carries control instructions.
    pub control: bool,
    /// Acted on without human review.
    pub automated: bool,
    /// internal | wireless | internet | vpn | carrier | removable-media | maintenance-laptop |
    /// serial | fieldbus (empty: internal)
    pub network: String,
    /// Boundary devices passed (asset ids).
    pub via: Vec<String>,
    pub protocol: String,
    /// encryption | authentication | input-validation | integrity-check | backup
    pub protections: Vec<String>,
    pub status: String,
    #[serde(skip_serializing)]
    pub base_version: Option<i64>,
}

/// What a contract with a party settles: `true`, `false`, or absent where not known.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContractIn {
    pub security_measures: Option<bool>,
    pub service_levels: Option<bool>,
    pub incident_response: Option<bool>,
    pub data_on_termination: Option<bool>,
}

/// An external party: supplier, service provider, vendor.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PartyIn {
    pub id: String,
    pub name: String,
    /// cloud-service | equipment-supplier | general-product-vendor | software-vendor |
    /// outsourced-vendor | business-partner
    pub kind: String,
    /// Party ids.
    pub subcontractors: Vec<String>,
    pub contract: ContractIn,
    #[serde(skip_serializing)]
    pub base_version: Option<i64>,
}

/// An operation (Step 1-2, 1-3).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct OperationIn {
    pub id: String,
    pub name: String,
    /// low | medium | high, or empty
    pub importance: String,
    pub status: String,
    /// `in-house` (or empty) or a party id (outsourced).
    pub performed_by: String,
    /// Table 3-2 task ids of the catalog.
    pub tasks: Vec<String>,
    #[serde(skip_serializing)]
    pub base_version: Option<i64>,
}

/// A measure in place or planned (Step 2-2, Step 3). Measures have no id: the API and pages
/// name them by their 1-based position in the model's list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MeasureIn {
    /// Catalog measure id.
    pub measure: String,
    /// What it covers: `factory`, `zone:ID`, `asset:ID`, `flow:ID`, `operation:ID`,
    /// `party:ID`, `department:ID`; empty = the whole factory.
    pub scope: Vec<String>,
    /// implemented | planned | not-planned
    pub status: String,
    /// Department id; empty for none.
    pub owner: String,
    /// `YYYY-MM-DD`; empty for none.
    pub due: String,
    #[serde(skip_serializing)]
    pub base_version: Option<i64>,
}

/// One entity of any kind as a form or the API gives it.
#[derive(Debug, Clone)]
pub enum Input {
    Zone(ZoneIn),
    Asset(AssetIn),
    Flow(FlowIn),
    Party(PartyIn),
    Operation(OperationIn),
    Measure(MeasureIn),
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn words_of<T: Copy + PartialEq>(table: &[(&'static str, T)], values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|v| vocab::word(table, *v).to_string())
        .collect()
}

fn level_word(l: Option<Level>) -> String {
    l.map(|l| l.as_str().to_string()).unwrap_or_default()
}

fn status_word(s: Status) -> String {
    vocab::word(STATUSES, s).to_string()
}

fn endpoint_word(e: &Endpoint, m: &Model) -> String {
    // Plain ids, with the prefix only where an id is both an asset and a zone.
    match e {
        Endpoint::Asset(id) if m.zone(id).is_some() => format!("asset:{id}"),
        Endpoint::Zone(id) if m.asset(id).is_some() => format!("zone:{id}"),
        Endpoint::Asset(id) | Endpoint::Zone(id) => id.clone(),
    }
}

fn responsible_word(r: &Responsible) -> String {
    match r {
        Responsible::InHouse => "in-house".into(),
        Responsible::Party(p) => p.clone(),
    }
}

fn responsible(s: &str) -> Responsible {
    match s.trim() {
        "" | "in-house" => Responsible::InHouse,
        party => Responsible::Party(party.to_string()),
    }
}

fn scope_word(s: &ScopeRef) -> String {
    s.to_string()
}

impl Input {
    pub fn kind(&self) -> Kind {
        match self {
            Input::Zone(_) => Kind::Zone,
            Input::Asset(_) => Kind::Asset,
            Input::Flow(_) => Kind::Flow,
            Input::Party(_) => Kind::Party,
            Input::Operation(_) => Kind::Operation,
            Input::Measure(_) => Kind::Measure,
        }
    }

    pub fn base_version(&self) -> Option<i64> {
        match self {
            Input::Zone(x) => x.base_version,
            Input::Asset(x) => x.base_version,
            Input::Flow(x) => x.base_version,
            Input::Party(x) => x.base_version,
            Input::Operation(x) => x.base_version,
            Input::Measure(x) => x.base_version,
        }
    }

    /// The id the input gives (empty for measures, which have none).
    fn id(&self) -> &str {
        match self {
            Input::Zone(x) => &x.id,
            Input::Asset(x) => &x.id,
            Input::Flow(x) => &x.id,
            Input::Party(x) => &x.id,
            Input::Operation(x) => &x.id,
            Input::Measure(_) => "",
        }
    }

    fn set_id(&mut self, id: &str) {
        let id = id.to_string();
        match self {
            Input::Zone(x) => x.id = id,
            Input::Asset(x) => x.id = id,
            Input::Flow(x) => x.id = id,
            Input::Party(x) => x.id = id,
            Input::Operation(x) => x.id = id,
            Input::Measure(_) => {}
        }
    }

    /// The entity as JSON, for the audit log's before/after.
    pub fn to_json(&self) -> String {
        let v = match self {
            Input::Zone(x) => serde_json::to_value(x),
            Input::Asset(x) => serde_json::to_value(x),
            Input::Flow(x) => serde_json::to_value(x),
            Input::Party(x) => serde_json::to_value(x),
            Input::Operation(x) => serde_json::to_value(x),
            Input::Measure(x) => serde_json::to_value(x),
        };
        v.map(|v| v.to_string()).unwrap_or_default()
    }

    /// The entity at `idx` of the model's section of `kind`, as a form shows it.
    pub fn from_model(m: &Model, kind: Kind, idx: usize) -> Option<Input> {
        Some(match kind {
            Kind::Zone => {
                let z = m.zones.get(idx)?;
                Input::Zone(ZoneIn {
                    id: z.id.clone(),
                    name: z.name.clone(),
                    kind: vocab::word(ZONE_KINDS, z.kind).into(),
                    owner: z.owner.clone().unwrap_or_default(),
                    managed_by: responsible_word(&z.managed_by),
                    status: status_word(z.status),
                    target_sl: z.target_sl.map(|n| n.to_string()).unwrap_or_default(),
                    base_version: None,
                })
            }
            Kind::Asset => {
                let a = m.assets.get(idx)?;
                Input::Asset(AssetIn {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: vocab::word(ASSET_KINDS, a.kind).into(),
                    role: a.role.clone().unwrap_or_default(),
                    zones: a.zones.clone(),
                    operations: a.operations.clone(),
                    importance: ImportanceIn {
                        safety: level_word(a.importance.safety),
                        quality: level_word(a.importance.quality),
                        delivery: level_word(a.importance.delivery),
                        cost: level_word(a.importance.cost),
                        business_continuity: level_word(a.importance.business_continuity),
                    },
                    traits: words_of(ASSET_TRAITS, &a.traits),
                    supplier: a.supplier.clone().unwrap_or_default(),
                    addresses: a.addresses.iter().map(|n| n.to_string()).collect(),
                    sbom: a
                        .sbom
                        .as_ref()
                        .map(|p| p.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    status: status_word(a.status),
                    base_version: None,
                })
            }
            Kind::Flow => {
                let f = m.flows.get(idx)?;
                Input::Flow(FlowIn {
                    id: f.id.clone(),
                    from: endpoint_word(&f.from, m),
                    to: endpoint_word(&f.to, m),
                    data: f.data.clone(),
                    control: f.control,
                    automated: f.automated,
                    network: vocab::word(NETWORKS, f.network).into(),
                    via: f.via.clone(),
                    protocol: f.protocol.clone().unwrap_or_default(),
                    protections: words_of(PROTECTIONS, &f.protections),
                    status: status_word(f.status),
                    base_version: None,
                })
            }
            Kind::Party => {
                let p = m.parties.get(idx)?;
                let c = p.contract.clone().unwrap_or_default();
                Input::Party(PartyIn {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: vocab::word(PARTY_KINDS, p.kind).into(),
                    subcontractors: p.subcontractors.clone(),
                    contract: ContractIn {
                        security_measures: c.security_measures,
                        service_levels: c.service_levels,
                        incident_response: c.incident_response,
                        data_on_termination: c.data_on_termination,
                    },
                    base_version: None,
                })
            }
            Kind::Operation => {
                let o = m.operations.get(idx)?;
                Input::Operation(OperationIn {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    importance: level_word(o.importance),
                    status: status_word(o.status),
                    performed_by: responsible_word(&o.performed_by),
                    tasks: o.tasks.clone(),
                    base_version: None,
                })
            }
            Kind::Measure => {
                let r = m.measures.get(idx)?;
                Input::Measure(MeasureIn {
                    measure: r.measure.clone(),
                    scope: r.scope.iter().map(scope_word).collect(),
                    status: vocab::word(MEASURE_STATUSES, r.status).into(),
                    owner: r.owner.clone().unwrap_or_default(),
                    due: r.due.map(|d| d.to_string()).unwrap_or_default(),
                    base_version: None,
                })
            }
        })
    }

    /// Writes the input into the model: over the entity at `at`, or appended. Returns the
    /// entity's index, or the problems of fields whose values are not words of the format.
    pub fn apply(&self, m: &mut Model, at: Option<usize>) -> Result<usize, Vec<FieldProblem>> {
        let mut p = Vec::new();
        let loc = Loc::default();
        macro_rules! put {
            ($list:expr, $value:expr) => {{
                if !p.is_empty() {
                    return Err(p);
                }
                let v = $value;
                match at {
                    Some(i) if i < $list.len() => {
                        $list[i] = v;
                        Ok(i)
                    }
                    _ => {
                        $list.push(v);
                        Ok($list.len() - 1)
                    }
                }
            }};
        }
        match self {
            Input::Zone(x) => {
                required_name(&x.name, &mut p);
                let kind = pick(ZONE_KINDS, "kind", &x.kind, &mut p);
                let status = pick_opt(STATUSES, "status", &x.status, &mut p);
                let target_sl = match x.target_sl.trim() {
                    "" => None,
                    t => match t.parse::<u8>() {
                        Ok(n @ 1..=4) => Some(n),
                        _ => {
                            p.push(fp(
                                "target_sl",
                                format!("{t:?} is not a security level 1, 2, 3 or 4"),
                                format!("{t:?} はセキュリティレベル 1〜4 ではありません"),
                            ));
                            None
                        }
                    },
                };
                let zone = Zone {
                    id: x.id.trim().to_string(),
                    name: x.name.trim().to_string(),
                    kind: kind.unwrap_or(ZoneKind::Information),
                    owner: opt(&x.owner),
                    managed_by: responsible(&x.managed_by),
                    status: status.unwrap_or_default(),
                    target_sl,
                    // Not on the form: kept from the zone being edited.
                    site: at.and_then(|i| m.zones.get(i)).and_then(|z| z.site.clone()),
                    loc,
                };
                put!(m.zones, zone)
            }
            Input::Asset(x) => {
                required_name(&x.name, &mut p);
                let kind = pick(ASSET_KINDS, "kind", &x.kind, &mut p);
                let zones: Vec<String> = clean(&x.zones);
                if let Some(k) = kind
                    && k != AssetKind::Data
                    && zones.len() != 1
                {
                    p.push(fp(
                        "zones",
                        format!(
                            "a {} asset is in exactly one zone ({} chosen); only data assets may be held in several",
                            vocab::word(ASSET_KINDS, k),
                            zones.len()
                        ),
                        format!(
                            "{} の資産はちょうど1つのゾーンに属します ({} 個選択)。複数のゾーンに置けるのはデータ資産だけです",
                            vocab::word(ASSET_KINDS, k),
                            zones.len()
                        ),
                    ));
                }
                if kind == Some(AssetKind::Data) && zones.is_empty() {
                    p.push(fp(
                        "zones",
                        "a data asset names the zones where the data is held (at least one)".into(),
                        "データ資産はデータを保持するゾーンを1つ以上選びます".into(),
                    ));
                }
                let lv = |f: &str, v: &str, p: &mut Vec<FieldProblem>| -> Option<Level> {
                    pick_opt(LEVELS, &format!("importance.{f}"), v, p)
                };
                let importance = Importance {
                    safety: lv("safety", &x.importance.safety, &mut p),
                    quality: lv("quality", &x.importance.quality, &mut p),
                    delivery: lv("delivery", &x.importance.delivery, &mut p),
                    cost: lv("cost", &x.importance.cost, &mut p),
                    business_continuity: lv(
                        "business_continuity",
                        &x.importance.business_continuity,
                        &mut p,
                    ),
                };
                let traits = pick_all(ASSET_TRAITS, "traits", &x.traits, &mut p);
                let mut addresses = Vec::new();
                for a in clean(&x.addresses) {
                    match IpNet::parse(&a) {
                        Some(n) => addresses.push(n),
                        None => p.push(fp(
                            "addresses",
                            format!("{a:?} is not an IP address or CIDR block (e.g. 10.1.4.10 or 10.1.4.0/28)"),
                            format!("{a:?} はIPアドレスでもCIDRでもありません (例: 10.1.4.10, 10.1.4.0/28)"),
                        )),
                    }
                }
                let status = pick_opt(STATUSES, "status", &x.status, &mut p);
                let asset = Asset {
                    id: x.id.trim().to_string(),
                    name: x.name.trim().to_string(),
                    kind: kind.unwrap_or(AssetKind::Equipment),
                    role: opt(&x.role),
                    zones,
                    operations: clean(&x.operations),
                    importance,
                    traits,
                    supplier: opt(&x.supplier),
                    // Not on the form: kept from the asset being edited.
                    operated_by: at
                        .and_then(|i| m.assets.get(i))
                        .and_then(|a| a.operated_by.clone()),
                    addresses,
                    sbom: opt(&x.sbom).map(std::path::PathBuf::from),
                    // Not in the form: an edited asset keeps the product it had.
                    product: at
                        .and_then(|i| m.assets.get(i))
                        .and_then(|a| a.product.clone()),
                    status: status.unwrap_or_default(),
                    loc,
                };
                put!(m.assets, asset)
            }
            Input::Flow(x) => {
                let network = pick_opt(NETWORKS, "network", &x.network, &mut p);
                let protections = pick_all(PROTECTIONS, "protections", &x.protections, &mut p);
                let status = pick_opt(STATUSES, "status", &x.status, &mut p);
                let mut end = |field: &str, text: &str| -> Endpoint {
                    let text = text.trim();
                    match text.split_once(':') {
                        Some(("zone", id)) => Endpoint::Zone(id.to_string()),
                        Some(("asset", id)) => Endpoint::Asset(id.to_string()),
                        _ if text.is_empty() => {
                            p.push(fp(
                                field,
                                "choose the asset or zone at this end".into(),
                                "この端の資産またはゾーンを選んでください".into(),
                            ));
                            Endpoint::Asset(String::new())
                        }
                        _ if m.asset(text).is_none() && m.zone(text).is_some() => {
                            Endpoint::Zone(text.to_string())
                        }
                        _ => Endpoint::Asset(text.to_string()),
                    }
                };
                let from = end("from", &x.from);
                let to = end("to", &x.to);
                let flow = Flow {
                    id: x.id.trim().to_string(),
                    from,
                    to,
                    data: clean(&x.data),
                    control: x.control,
                    automated: x.automated,
                    network: network.unwrap_or_default(),
                    via: clean(&x.via),
                    protocol: opt(&x.protocol),
                    protections,
                    status: status.unwrap_or_default(),
                    loc,
                };
                put!(m.flows, flow)
            }
            Input::Party(x) => {
                required_name(&x.name, &mut p);
                let kind = pick(PARTY_KINDS, "kind", &x.kind, &mut p);
                let c = &x.contract;
                let any = [
                    c.security_measures,
                    c.service_levels,
                    c.incident_response,
                    c.data_on_termination,
                ]
                .iter()
                .any(Option::is_some);
                let party = Party {
                    id: x.id.trim().to_string(),
                    name: x.name.trim().to_string(),
                    kind: kind.unwrap_or(PartyKind::BusinessPartner),
                    subcontractors: clean(&x.subcontractors),
                    contract: any.then_some(Contract {
                        security_measures: c.security_measures,
                        service_levels: c.service_levels,
                        incident_response: c.incident_response,
                        data_on_termination: c.data_on_termination,
                        loc,
                    }),
                    loc,
                };
                put!(m.parties, party)
            }
            Input::Operation(x) => {
                required_name(&x.name, &mut p);
                let importance = pick_opt(LEVELS, "importance", &x.importance, &mut p);
                let status = pick_opt(STATUSES, "status", &x.status, &mut p);
                let performed_by = responsible(&x.performed_by);
                let op = Operation {
                    id: x.id.trim().to_string(),
                    name: x.name.trim().to_string(),
                    importance,
                    status: status.unwrap_or_default(),
                    performed_by,
                    tasks: clean(&x.tasks),
                    loc,
                };
                put!(m.operations, op)
            }
            Input::Measure(x) => {
                if x.measure.trim().is_empty() {
                    p.push(fp(
                        "measure",
                        "choose a measure of the catalog".into(),
                        "カタログの対策を選んでください".into(),
                    ));
                }
                let status = pick(MEASURE_STATUSES, "status", &x.status, &mut p);
                let mut scope = Vec::new();
                for s in clean(&x.scope) {
                    match parse_scope(&s) {
                        Some(r) => scope.push(r),
                        None => p.push(fp(
                            "scope",
                            format!("{s:?} is not `factory` or KIND:ID with KIND one of zone, asset, flow, operation, party, department"),
                            format!("{s:?} は `factory` でも 種別:ID (種別は zone, asset, flow, operation, party, department) でもありません"),
                        )),
                    }
                }
                let due = match x.due.trim() {
                    "" => None,
                    d => match Date::parse(d) {
                        Some(d) => Some(d),
                        None => {
                            p.push(fp(
                                "due",
                                format!("{d:?} is not a date written YYYY-MM-DD"),
                                format!("{d:?} は YYYY-MM-DD 形式の日付ではありません"),
                            ));
                            None
                        }
                    },
                };
                let rec = MeasureRecord {
                    measure: x.measure.trim().to_string(),
                    scope,
                    status: status.unwrap_or(MeasureStatus::Planned),
                    owner: opt(&x.owner),
                    due,
                    loc,
                };
                put!(m.measures, rec)
            }
        }
    }
}

fn required_name(name: &str, p: &mut Vec<FieldProblem>) {
    if name.trim().is_empty() {
        p.push(fp(
            "name",
            "must not be empty".into(),
            "入力してください".into(),
        ));
    }
}

/// Trimmed, non-empty values.
fn clean(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A word of a vocabulary table, or `None` for an empty value (unknown words are problems).
fn pick_opt<T: Copy>(
    table: &[(&'static str, T)],
    field: &str,
    value: &str,
    p: &mut Vec<FieldProblem>,
) -> Option<T> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let found = vocab::parse(table, v);
    if found.is_none() {
        p.push(fp(
            field,
            format!("{v:?} is not one of {}", vocab::words(table).join(", ")),
            format!(
                "{v:?} は次のいずれでもありません: {}",
                vocab::words(table).join(", ")
            ),
        ));
    }
    found
}

/// A word of a vocabulary table that must be given.
fn pick<T: Copy>(
    table: &[(&'static str, T)],
    field: &str,
    value: &str,
    p: &mut Vec<FieldProblem>,
) -> Option<T> {
    if value.trim().is_empty() {
        p.push(fp(
            field,
            format!("choose one of {}", vocab::words(table).join(", ")),
            format!("次から選んでください: {}", vocab::words(table).join(", ")),
        ));
        return None;
    }
    pick_opt(table, field, value, p)
}

fn pick_all<T: Copy>(
    table: &[(&'static str, T)],
    field: &str,
    values: &[String],
    p: &mut Vec<FieldProblem>,
) -> Vec<T> {
    clean(values)
        .iter()
        .filter_map(|v| pick_opt(table, field, v, p))
        .collect()
}

fn parse_scope(s: &str) -> Option<ScopeRef> {
    if s == "factory" {
        return Some(ScopeRef::Factory);
    }
    let (k, id) = s.split_once(':')?;
    let id = id.trim().to_string();
    if id.is_empty() {
        return None;
    }
    Some(match k.trim() {
        "zone" => ScopeRef::Zone(id),
        "asset" => ScopeRef::Asset(id),
        "flow" => ScopeRef::Flow(id),
        "operation" => ScopeRef::Operation(id),
        "party" => ScopeRef::Party(id),
        "department" => ScopeRef::Department(id),
        _ => return None,
    })
}

// ---- entities in the model -------------------------------------------------------------

/// How many entities of `kind` the model has.
pub fn count(m: &Model, kind: Kind) -> usize {
    match kind {
        Kind::Zone => m.zones.len(),
        Kind::Asset => m.assets.len(),
        Kind::Flow => m.flows.len(),
        Kind::Party => m.parties.len(),
        Kind::Operation => m.operations.len(),
        Kind::Measure => m.measures.len(),
    }
}

/// The key of the entity at `idx` in URLs: its id, or a measure's 1-based position.
pub fn key_at(m: &Model, kind: Kind, idx: usize) -> String {
    let id = match kind {
        Kind::Zone => m.zones.get(idx).map(|x| x.id.clone()),
        Kind::Asset => m.assets.get(idx).map(|x| x.id.clone()),
        Kind::Flow => m.flows.get(idx).map(|x| x.id.clone()),
        Kind::Party => m.parties.get(idx).map(|x| x.id.clone()),
        Kind::Operation => m.operations.get(idx).map(|x| x.id.clone()),
        Kind::Measure => Some((idx + 1).to_string()),
    };
    id.unwrap_or_default()
}

/// The index of the entity a URL key names.
pub fn index_of(m: &Model, kind: Kind, key: &str) -> Option<usize> {
    match kind {
        Kind::Measure => key
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=m.measures.len()).contains(n))
            .map(|n| n - 1),
        _ => (0..count(m, kind)).find(|i| key_at(m, kind, *i) == key),
    }
}

fn remove(m: &mut Model, kind: Kind, idx: usize) {
    match kind {
        Kind::Zone => drop(m.zones.remove(idx)),
        Kind::Asset => drop(m.assets.remove(idx)),
        Kind::Flow => drop(m.flows.remove(idx)),
        Kind::Party => drop(m.parties.remove(idx)),
        Kind::Operation => drop(m.operations.remove(idx)),
        Kind::Measure => drop(m.measures.remove(idx)),
    }
}

// ---- diagnostics back to fields --------------------------------------------------------------

/// Where a line of `to_yaml`'s output is: section, entity (index in its section and the
/// value of its first key) and field.
#[derive(Debug, Clone, Default, PartialEq)]
struct Place {
    section: String,
    index: Option<usize>,
    entity: String,
    field: String,
}

/// The place of every line of YAML written by `kojo_model::to_yaml` (two-space indentation,
/// list entries `  - key: value`, their fields `    key: value`).
fn places(yaml: &str) -> Vec<Place> {
    let mut out = Vec::new();
    let mut cur = Place::default();
    for line in yaml.lines() {
        let key = |rest: &str| rest.split(':').next().unwrap_or("").trim().to_string();
        if !line.starts_with(' ') {
            cur = Place {
                section: key(line),
                ..Place::default()
            };
        } else if let Some(rest) = line.strip_prefix("  - ") {
            cur.index = Some(cur.index.map_or(0, |i| i + 1));
            cur.field = key(rest);
            cur.entity = rest
                .split_once(':')
                .map(|(_, v)| v.trim().trim_matches('"').to_string())
                .unwrap_or_default();
        } else if let Some(rest) = line.strip_prefix("    ") {
            if !rest.starts_with(' ') {
                cur.field = key(rest);
            }
        } else if let Some(rest) = line.strip_prefix("  ")
            && !rest.starts_with(' ')
            && cur.index.is_none()
        {
            cur.field = key(rest);
        }
        out.push(cur.clone());
    }
    out
}

/// The form field a model field is shown in.
fn form_field(kind: Kind, yaml_field: &str, code: &str) -> String {
    match (kind, yaml_field, code) {
        (_, _, "unknown-task") => "tasks".into(),
        (_, _, "unknown-measure") => "measure".into(),
        (Kind::Asset, "zone", _) => "zones".into(),
        (_, f, _) => f.into(),
    }
}

fn with_help(p: &Problem) -> String {
    match &p.help {
        Some(h) => format!("{} — {h}", p.message),
        None => p.message.clone(),
    }
}

/// Maps the errors of checking `yaml` (written by `to_yaml`) to the fields of the entity at
/// `idx` of `kind`; problems elsewhere in the model say where they are and belong to the
/// whole form.
pub fn map_problems(
    yaml: &str,
    kind: Kind,
    idx: Option<usize>,
    problems: &[Problem],
) -> Vec<FieldProblem> {
    let places = places(yaml);
    problems
        .iter()
        .filter(|p| p.severity == "error")
        .map(|p| {
            let place = p
                .line
                .and_then(|l| places.get((l as usize).saturating_sub(1)));
            match place {
                Some(pl) if pl.section == kind.section() && idx.is_some() && pl.index == idx => {
                    FieldProblem {
                        field: Some(form_field(kind, &pl.field, &p.code)),
                        message: with_help(p),
                        ja: None,
                    }
                }
                Some(pl) => FieldProblem {
                    field: None,
                    message: format!("{}: {}", describe(pl), with_help(p)),
                    ja: None,
                },
                None => FieldProblem {
                    field: None,
                    message: with_help(p),
                    ja: None,
                },
            }
        })
        .collect()
}

fn describe(pl: &Place) -> String {
    match (pl.index, pl.field.is_empty()) {
        (Some(_), false) => format!("{} {} ({})", pl.section, pl.entity, pl.field),
        (Some(_), true) => format!("{} {}", pl.section, pl.entity),
        (None, false) => format!("{} ({})", pl.section, pl.field),
        (None, true) => pl.section.clone(),
    }
}

// ---- the one save path ---------------------------------------------------------------------

/// The answer of [`save`]: the new version and the entity's key, or the form's problems
/// (nothing saved).
pub enum Outcome {
    Saved(ModelVersion, String),
    Invalid(Vec<FieldProblem>),
}

fn stale(base: i64, latest: i64) -> AppError {
    AppError::Conflict(format!(
        "the model was changed since this form was opened (the form was made from version {base}, the latest is version {latest}); nothing was saved — open the entity again and reapply the change"
    ))
}

/// The latest model version, checked, after the role and the version the change was made from.
async fn latest(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    base: Option<i64>,
) -> Result<(ModelVersion, Model), AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    let base = crate::error::require_base(base)?;
    let mv = st.store.latest_model(fid).await?.ok_or_else(|| {
        AppError::BadRequest("the factory has no model yet: import one first".into())
    })?;
    if mv.version != base {
        return Err(stale(base, mv.version));
    }
    let (model, _) = models::check(&mv.yaml).map_err(AppError::Invalid)?;
    Ok((mv, model))
}

/// Saves checked YAML text (the model page, `PUT …/model`) as a new version made from
/// version `base`: `None`, and nothing saved, when another version was saved since.
pub async fn save_yaml(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    base: i64,
    yaml: &str,
    note: &str,
) -> Result<Option<ModelVersion>, AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    let saved = st
        .store
        .save_model_based(fid, Some(base), yaml, &auth.user.id, note)
        .await?;
    if let Some(mv) = &saved {
        crate::service::assessment::saved(st, mv);
    }
    Ok(saved)
}

/// Creates (`key` = `None`) or changes the entity `key` of `input.kind()` in the latest model,
/// made from version `input.base_version()`. Ids are fixed once created (references to them
/// stay valid): a different id in an edit is refused.
pub async fn save(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    key: Option<&str>,
    input: &Input,
) -> Result<Outcome, AppError> {
    let kind = input.kind();
    let (mv, mut model) = latest(st, auth, fid, input.base_version()).await?;
    let mut input = input.clone();
    let at = match key {
        Some(k) => {
            let i = index_of(&model, kind, k).ok_or(AppError::NotFound)?;
            if kind != Kind::Measure {
                let id = input.id().trim().to_string();
                if !id.is_empty() && id != k {
                    return Ok(Outcome::Invalid(vec![fp(
                        "id",
                        format!(
                            "the id of {} {k} cannot be changed (other entries refer to it); create a new one and delete this one",
                            kind.word()
                        ),
                        format!(
                            "{} {k} のIDは変更できません (他の項目が参照しています)。新しく登録してからこちらを削除してください",
                            kind.word()
                        ),
                    )]));
                }
                input.set_id(k);
            }
            Some(i)
        }
        None => None,
    };
    let before = at
        .and_then(|i| Input::from_model(&model, kind, i))
        .map(|i| i.to_json());
    let idx = match input.apply(&mut model, at) {
        Ok(i) => i,
        Err(p) => return Ok(Outcome::Invalid(p)),
    };
    let yaml = kojo_model::to_yaml(&model);
    if let Err(problems) = models::check(&yaml) {
        return Ok(Outcome::Invalid(map_problems(
            &yaml,
            kind,
            Some(idx),
            &problems,
        )));
    }
    let new_key = key_at(&model, kind, idx);
    let after = Input::from_model(&model, kind, idx).map(|i| i.to_json());
    let verb = if key.is_some() { "update" } else { "create" };
    let note = format!("{} {new_key}: {verb} (form)", kind.word());
    let audit = Audit {
        user_id: Some(auth.user.id.clone()),
        factory_id: Some(fid.to_string()),
        action: format!("{}.{verb}", kind.word()),
        target: format!("{}:{new_key}", kind.word()),
        before,
        after,
    };
    let saved = crate::service::assessment::save_version(
        st,
        fid,
        mv.version,
        &yaml,
        &auth.user.id,
        &note,
        audit,
    )
    .await?;
    Ok(Outcome::Saved(saved, new_key))
}

/// Deletes the entity `key` of `kind` from the latest model (made from version `base`). A
/// delete that would leave a reference to it is refused (409) naming the references.
pub async fn delete(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    kind: Kind,
    key: &str,
    base: Option<i64>,
) -> Result<ModelVersion, AppError> {
    let (mv, mut model) = latest(st, auth, fid, base).await?;
    let idx = index_of(&model, kind, key).ok_or(AppError::NotFound)?;
    let before = Input::from_model(&model, kind, idx).map(|i| i.to_json());
    remove(&mut model, kind, idx);
    let yaml = kojo_model::to_yaml(&model);
    if let Err(problems) = models::check(&yaml) {
        let places = places(&yaml);
        let mut refs: Vec<String> = Vec::new();
        for p in problems.iter().filter(|p| p.severity == "error") {
            let d = match p
                .line
                .and_then(|l| places.get((l as usize).saturating_sub(1)))
            {
                Some(pl) if p.code == "unresolved-reference" => describe(pl),
                Some(pl) => format!("{}: {}", describe(pl), p.message),
                None => p.message.clone(),
            };
            if !refs.contains(&d) {
                refs.push(d);
            }
        }
        return Err(AppError::Conflict(format!(
            "{} {key} is still referenced by: {}; change or delete those first (nothing was deleted)",
            kind.word(),
            refs.join("; ")
        )));
    }
    let audit = Audit {
        user_id: Some(auth.user.id.clone()),
        factory_id: Some(fid.to_string()),
        action: format!("{}.delete", kind.word()),
        target: format!("{}:{key}", kind.word()),
        before,
        after: None,
    };
    let note = format!("{} {key}: delete (form)", kind.word());
    let saved = crate::service::assessment::save_version(
        st,
        fid,
        mv.version,
        &yaml,
        &auth.user.id,
        &note,
        audit,
    )
    .await?;
    Ok(saved)
}

/// The model page's inline zone form: name, kind and target SL of one zone, the rest kept.
#[derive(Deserialize)]
pub(crate) struct ZoneForm {
    pub name: String,
    /// control | production | information | external | dmz
    pub kind: String,
    /// IEC 62443 target security level 1-4; empty for none.
    #[serde(default)]
    pub target_sl: String,
    /// The model version the page showed.
    pub base_version: Option<i64>,
}

/// Changes name, kind and target SL of zone `zid` through the editor's one save path (the
/// same base version check, validation and audit): the zone's other fields are taken from the
/// latest model. `Err` carries the problems to show next to the fields.
pub(crate) async fn edit_zone(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    zid: &str,
    f: &ZoneForm,
) -> Result<Result<ModelVersion, Vec<String>>, AppError> {
    use crate::service::editor::{Input, Kind, Outcome};
    auth.factory(st, fid, Need::Edit).await?;
    let base = crate::error::require_base(f.base_version)?;
    let mv = st
        .store
        .latest_model(fid)
        .await?
        .ok_or(AppError::NotFound)?;
    let (model, _) = models::check(&mv.yaml).map_err(AppError::Invalid)?;
    let idx =
        crate::service::editor::index_of(&model, Kind::Zone, zid).ok_or(AppError::NotFound)?;
    let Some(Input::Zone(mut zone)) = Input::from_model(&model, Kind::Zone, idx) else {
        return Err(AppError::NotFound);
    };
    zone.name = f.name.clone();
    zone.kind = f.kind.clone();
    zone.target_sl = f.target_sl.clone();
    zone.base_version = Some(base);
    match crate::service::editor::save(st, auth, fid, Some(zid), &Input::Zone(zone)).await? {
        Outcome::Saved(mv, _) => Ok(Ok(mv)),
        Outcome::Invalid(problems) => Ok(Err(problems
            .iter()
            .map(|p| match &p.field {
                Some(field) => format!("{field}: {}", p.message),
                None => p.message.clone(),
            })
            .collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_writer_layout() {
        let y = "version: 1\nfactory:\n  name: X\nassets:\n  - id: a\n    name: A\n    zone: z\n  - id: b\n    name: B\nflows:\n  - id: f\n    from: a\n";
        let p = places(y);
        assert_eq!(p[2].section, "factory");
        assert_eq!(p[2].field, "name");
        assert_eq!(
            (
                p[6].section.as_str(),
                p[6].index,
                p[6].entity.as_str(),
                p[6].field.as_str()
            ),
            ("assets", Some(0), "a", "zone")
        );
        assert_eq!(
            (p[8].index, p[8].entity.as_str(), p[8].field.as_str()),
            (Some(1), "b", "name")
        );
        assert_eq!(
            (p[11].section.as_str(), p[11].index, p[11].field.as_str()),
            ("flows", Some(0), "from")
        );
    }

    #[test]
    fn scope_and_addresses_parse_or_refuse() {
        assert_eq!(parse_scope("zone:oa"), Some(ScopeRef::Zone("oa".into())));
        assert_eq!(parse_scope("factory"), Some(ScopeRef::Factory));
        assert_eq!(parse_scope("cellar:x"), None);
        assert_eq!(parse_scope("zone:"), None);
        assert!(IpNet::parse("10.1.4.0/28").is_some());
        assert!(IpNet::parse("10.1.4.0/33").is_none());
        assert!(IpNet::parse("host").is_none());
    }
}
