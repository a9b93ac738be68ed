//! Entity diff: every entity of two models matched by id (never by position), compared field
//! by field with values rendered as the words of the model format. Lists inside an entity
//! are compared as sets, so reordering a list in the YAML is not a change; source positions
//! (`loc`) are not part of an entity's value.

use crate::{ChangeKind, EntityChange, FieldChange, Section};
use kojo_model::vocab::{self, word};
use kojo_model::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// A field's value: one word, or a set of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    One(String),
    Set(BTreeSet<String>),
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::One(s) => s.clone(),
            Value::Set(s) => {
                let items: Vec<&str> = s.iter().map(String::as_str).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
}

/// The fields of one entity, by name. A field that is left out of the model (and has no
/// default) is absent, so "not written" and "written" differ.
#[derive(Debug, Default)]
pub(crate) struct Fields(BTreeMap<Cow<'static, str>, Value>);

impl Fields {
    fn one(&mut self, name: impl Into<Cow<'static, str>>, v: impl Into<String>) {
        self.0.insert(name.into(), Value::One(v.into()));
    }
    fn opt(&mut self, name: impl Into<Cow<'static, str>>, v: Option<impl Into<String>>) {
        if let Some(v) = v {
            self.one(name, v);
        }
    }
    fn set<I, S>(&mut self, name: impl Into<Cow<'static, str>>, items: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.0.insert(
            name.into(),
            Value::Set(items.into_iter().map(Into::into).collect()),
        );
    }
}

/// One entity as the diff sees it: its section, stable key, a short summary and its fields.
pub(crate) struct Entity {
    pub section: Section,
    pub key: String,
    pub summary: String,
    pub fields: Fields,
}

fn yes_no(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn responsible(r: &Responsible) -> String {
    match r {
        Responsible::InHouse => "in-house".to_string(),
        Responsible::Party(p) => p.clone(),
    }
}

/// An endpoint written as a subject (`asset:ID` / `zone:ID`), so a zone and an asset of the
/// same id never look alike.
pub(crate) fn endpoint(e: &Endpoint) -> String {
    match e {
        Endpoint::Asset(id) => format!("asset:{id}"),
        Endpoint::Zone(id) => format!("zone:{id}"),
    }
}

fn status(s: Status) -> &'static str {
    word(vocab::STATUSES, s)
}

fn factory(f: &Factory) -> Entity {
    let mut fs = Fields::default();
    fs.one("name", f.name.clone());
    fs.opt("industry", f.industry.map(|i| word(vocab::INDUSTRIES, i)));
    fs.set(
        "purposes",
        f.purposes.iter().map(|p| word(vocab::PURPOSES, *p)),
    );
    fs.set("requirements", f.requirements.iter().cloned());
    if let Some(b) = &f.bcp {
        fs.one("bcp.exists", yes_no(b.exists));
        fs.opt("bcp.last_review", b.last_review.map(|d| d.to_string()));
        fs.set(
            "bcp.considers",
            b.considers.iter().map(|p| word(vocab::BCP_POINTS, *p)),
        );
    }
    Entity {
        section: Section::Factory,
        key: "factory".into(),
        summary: f.name.clone(),
        fields: fs,
    }
}

fn department(d: &Department) -> Entity {
    let mut fs = Fields::default();
    fs.one("name", d.name.clone());
    fs.one("kind", word(vocab::DEPARTMENT_KINDS, d.kind));
    Entity {
        section: Section::Department,
        key: format!("department:{}", d.id),
        summary: d.name.clone(),
        fields: fs,
    }
}

fn party(p: &Party) -> Entity {
    let mut fs = Fields::default();
    let kind = word(vocab::PARTY_KINDS, p.kind);
    fs.one("name", p.name.clone());
    fs.one("kind", kind);
    fs.set("subcontractors", p.subcontractors.iter().cloned());
    if let Some(c) = &p.contract {
        let flag = |v: Option<bool>| v.map(yes_no);
        fs.opt("contract.security_measures", flag(c.security_measures));
        fs.opt("contract.service_levels", flag(c.service_levels));
        fs.opt("contract.incident_response", flag(c.incident_response));
        fs.opt("contract.data_on_termination", flag(c.data_on_termination));
    }
    Entity {
        section: Section::Party,
        key: format!("party:{}", p.id),
        summary: format!("{} ({kind})", p.name),
        fields: fs,
    }
}

fn operation(o: &Operation) -> Entity {
    let mut fs = Fields::default();
    fs.one("name", o.name.clone());
    fs.opt("importance", o.importance.map(Level::as_str));
    fs.one("status", status(o.status));
    fs.one("performed_by", responsible(&o.performed_by));
    fs.set("tasks", o.tasks.iter().cloned());
    Entity {
        section: Section::Operation,
        key: format!("operation:{}", o.id),
        summary: o.name.clone(),
        fields: fs,
    }
}

fn asset(a: &Asset) -> Entity {
    let mut fs = Fields::default();
    let kind = word(vocab::ASSET_KINDS, a.kind);
    fs.one("name", a.name.clone());
    fs.one("kind", kind);
    fs.opt("role", a.role.clone());
    // One zone for most kinds, several for data: a set either way.
    fs.set("zones", a.zones.iter().cloned());
    fs.set("operations", a.operations.iter().cloned());
    let imp = &a.importance;
    fs.opt("importance.safety", imp.safety.map(Level::as_str));
    fs.opt("importance.quality", imp.quality.map(Level::as_str));
    fs.opt("importance.delivery", imp.delivery.map(Level::as_str));
    fs.opt("importance.cost", imp.cost.map(Level::as_str));
    fs.opt(
        "importance.business_continuity",
        imp.business_continuity.map(Level::as_str),
    );
    fs.set(
        "traits",
        a.traits.iter().map(|t| word(vocab::ASSET_TRAITS, *t)),
    );
    fs.opt("supplier", a.supplier.clone());
    fs.opt("operated_by", a.operated_by.as_ref().map(responsible));
    fs.set("addresses", a.addresses.iter().map(|n| n.to_string()));
    fs.opt("sbom", a.sbom.as_ref().map(|p| p.display().to_string()));
    fs.one("status", status(a.status));
    Entity {
        section: Section::Asset,
        key: format!("asset:{}", a.id),
        summary: format!("{} ({kind}, zone {})", a.name, a.zones.join(", ")),
        fields: fs,
    }
}

fn zone(z: &Zone) -> Entity {
    let mut fs = Fields::default();
    let kind = word(vocab::ZONE_KINDS, z.kind);
    fs.one("name", z.name.clone());
    fs.one("kind", kind);
    fs.opt("owner", z.owner.clone());
    fs.one("managed_by", responsible(&z.managed_by));
    fs.one("status", status(z.status));
    fs.opt("target_sl", z.target_sl.map(|s| s.to_string()));
    fs.opt("site", z.site.clone());
    Entity {
        section: Section::Zone,
        key: format!("zone:{}", z.id),
        summary: format!("{} ({kind})", z.name),
        fields: fs,
    }
}

fn flow(f: &Flow) -> Entity {
    let mut fs = Fields::default();
    let network = word(vocab::NETWORKS, f.network);
    fs.one("from", endpoint(&f.from));
    fs.one("to", endpoint(&f.to));
    fs.set("data", f.data.iter().cloned());
    fs.one("control", yes_no(f.control));
    fs.one("automated", yes_no(f.automated));
    fs.one("network", network);
    fs.set("via", f.via.iter().cloned());
    fs.opt("protocol", f.protocol.clone());
    fs.set(
        "protections",
        f.protections.iter().map(|p| word(vocab::PROTECTIONS, *p)),
    );
    fs.one("status", status(f.status));
    let mut summary = format!("{} → {} ({network}", endpoint(&f.from), endpoint(&f.to));
    if f.control {
        summary.push_str(", control");
    }
    if f.automated {
        summary.push_str(", automated");
    }
    summary.push(')');
    Entity {
        section: Section::Flow,
        key: format!("flow:{}", f.id),
        summary,
        fields: fs,
    }
}

/// Measures have no id: they are keyed by measure id and (sorted) scope.
fn measure_key(m: &MeasureRecord) -> String {
    let mut scope: Vec<String> = m.scope.iter().map(ToString::to_string).collect();
    scope.sort();
    scope.dedup();
    if scope.is_empty() {
        format!("measure:{}@factory", m.measure)
    } else {
        format!("measure:{}@{}", m.measure, scope.join(","))
    }
}

fn measure(m: &MeasureRecord, key: String) -> Entity {
    let mut fs = Fields::default();
    fs.one("status", word(vocab::MEASURE_STATUSES, m.status));
    fs.opt("owner", m.owner.clone());
    fs.opt("due", m.due.map(|d| d.to_string()));
    Entity {
        section: Section::Measure,
        summary: m.measure.clone(),
        key,
        fields: fs,
    }
}

fn checklist(c: &SupplierChecklist) -> Entity {
    let kind = word(vocab::CHECKLIST_KINDS, c.checklist);
    let mut fs = Fields::default();
    for (item, (answer, _)) in &c.answers {
        fs.one(format!("answers.{item}"), word(vocab::ANSWERS, *answer));
    }
    Entity {
        section: Section::SupplyChain,
        key: format!("supply-chain:{}/{kind}", c.party),
        summary: format!("{kind} checklist of party {}", c.party),
        fields: fs,
    }
}

fn ooda_stage(fs: &mut Fields, stage: &'static str, s: &Option<OodaStage>) {
    let Some(s) = s else { return };
    fs.one(stage, "written");
    for (name, step) in [
        ("observe", &s.observe),
        ("orient", &s.orient),
        ("decide", &s.decide),
        ("act", &s.act),
    ] {
        if let Some(step) = step {
            fs.opt(format!("{stage}.{name}.lead"), step.lead.clone());
            fs.set(
                format!("{stage}.{name}.decides"),
                step.decides.iter().cloned(),
            );
        }
    }
}

fn incident_response(ir: &IncidentResponse) -> Entity {
    let mut fs = Fields::default();
    ooda_stage(&mut fs, "preventive", &ir.preventive);
    ooda_stage(&mut fs, "damage", &ir.damage);
    Entity {
        section: Section::IncidentResponse,
        key: "incident_response".into(),
        summary: "OODA roles (Tables 3-7, 3-8)".into(),
        fields: fs,
    }
}

fn maturity(m: &Maturity) -> Entity {
    let mut fs = Fields::default();
    let level = |l: Option<MaturityLevel>| l.map(|l| word(vocab::MATURITY_LEVELS, l));
    fs.opt("external-cooperation", level(m.external_cooperation));
    fs.opt("related-departments", level(m.related_departments));
    fs.opt("within-department", level(m.within_department));
    Entity {
        section: Section::Maturity,
        key: "maturity".into(),
        summary: "maturity (Table 3-9)".into(),
        fields: fs,
    }
}

fn decision(d: &Decision) -> Entity {
    let mut fs = Fields::default();
    fs.one("status", d.status.as_str());
    fs.opt("reason", d.reason.clone());
    fs.opt("by", d.by.clone());
    fs.opt("date", d.date.map(|x| x.to_string()));
    fs.opt("review_by", d.review_by.map(|x| x.to_string()));
    Entity {
        section: Section::Decision,
        key: format!("decision:{}", d.finding),
        summary: format!("decision on {}", d.finding),
        fields: fs,
    }
}

fn licenses(l: &LicensePolicy) -> Entity {
    let mut fs = Fields::default();
    fs.set("allow", l.allow.iter().cloned());
    fs.set("deny", l.deny.iter().cloned());
    Entity {
        section: Section::Licenses,
        key: "licenses".into(),
        summary: "licence policy".into(),
        fields: fs,
    }
}

/// Every entity of a model, keyed. A key written twice (possible only for measures, which
/// have no id) gets `#2`, `#3`… in model order, so no entry is lost.
pub(crate) fn entities(m: &Model) -> BTreeMap<String, Entity> {
    let mut all: Vec<Entity> = Vec::new();
    all.push(factory(&m.factory));
    all.extend(m.departments.iter().map(department));
    all.extend(m.parties.iter().map(party));
    all.extend(m.operations.iter().map(operation));
    all.extend(m.assets.iter().map(asset));
    all.extend(m.zones.iter().map(zone));
    all.extend(m.flows.iter().map(flow));
    all.extend(m.measures.iter().map(|r| measure(r, measure_key(r))));
    all.extend(m.supply_chain.iter().map(checklist));
    all.push(incident_response(&m.incident_response));
    all.push(maturity(&m.maturity));
    all.extend(m.decisions.iter().map(decision));
    all.push(licenses(&m.licenses));

    let mut out = BTreeMap::new();
    for mut e in all {
        if out.contains_key(&e.key) {
            let mut n = 2;
            while out.contains_key(&format!("{}#{n}", e.key)) {
                n += 1;
            }
            e.key = format!("{}#{n}", e.key);
        }
        out.insert(e.key.clone(), e);
    }
    out
}

fn blank(v: Option<&Value>) -> bool {
    match v {
        None => true,
        Some(Value::Set(s)) => s.is_empty(),
        Some(Value::One(_)) => false,
    }
}

fn field_changes(old: Option<&Fields>, new: Option<&Fields>) -> Vec<FieldChange> {
    let empty = Fields::default();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let names: BTreeSet<&Cow<'static, str>> = old.0.keys().chain(new.0.keys()).collect();
    let mut out = Vec::new();
    for name in names {
        let (o, n) = (old.0.get(name), new.0.get(name));
        if o == n {
            continue;
        }
        // An empty set and an absent field say the same thing.
        if blank(o) && blank(n) {
            continue;
        }
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        if let (Some(Value::Set(a)), Some(Value::Set(b))) = (o, n) {
            added = b.difference(a).cloned().collect();
            removed = a.difference(b).cloned().collect();
        }
        out.push(FieldChange {
            field: name.to_string(),
            old: o.map(Value::text),
            new: n.map(Value::text),
            added,
            removed,
        });
    }
    out
}

/// Whether an entity carries nothing (an unwritten `maturity:` or `licenses:`), so that
/// adding or removing it is not reported as an entity of its own.
fn is_blank(e: &Entity) -> bool {
    e.fields.0.values().all(|v| blank(Some(v)))
}

/// Entities added, removed and changed, in section order then key order.
pub(crate) fn diff_entities(old: &Model, new: &Model) -> Vec<EntityChange> {
    let (old, new) = (entities(old), entities(new));
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (o, n) = (old.get(key), new.get(key));
        let change = match (o, n) {
            (Some(o), Some(n)) => {
                let fields = field_changes(Some(&o.fields), Some(&n.fields));
                if fields.is_empty() {
                    continue;
                }
                (ChangeKind::Changed, n, fields)
            }
            (None, Some(n)) if !is_blank(n) => {
                (ChangeKind::Added, n, field_changes(None, Some(&n.fields)))
            }
            (Some(o), None) if !is_blank(o) => {
                (ChangeKind::Removed, o, field_changes(Some(&o.fields), None))
            }
            _ => continue,
        };
        let (change, e, fields) = change;
        out.push(EntityChange {
            section: e.section,
            subject: e.key.clone(),
            change,
            summary: e.summary.clone(),
            fields,
        });
    }
    out.sort_by(|a, b| (a.section, &a.subject).cmp(&(b.section, &b.subject)));
    out
}
