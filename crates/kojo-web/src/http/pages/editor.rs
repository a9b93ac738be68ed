//! The editor's pages: for each kind a list with a form for a new entry
//! (`/f/{fid}/assets`), an edit form per entry (`/f/{fid}/assets/{id}`) and its delete
//! button. Plain HTML forms (no JavaScript); a refused save shows the form again with the
//! values typed and each problem beside its field.

use crate::error::AppError;
use crate::http::pages::{Base, base, render};
use crate::service::access::{Auth, Need};
use crate::service::editor::{
    AssetIn, ContractIn, FieldProblem, FlowIn, ImportanceIn, Input, Kind, MeasureIn, OperationIn,
    Outcome, PartyIn, ZoneIn,
};
use crate::service::models;
use crate::state::AppState;
use crate::words::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kojo_model::Model;
use kojo_model::vocab::{self, *};

/// The editor's page routes: for each kind, list + create, edit + save, delete.
pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for kind in Kind::ALL {
        let sec = kind.section();
        // `POST /f/{fid}/zones/{zid}` is the zone form of the model page, which hands a form
        // with a `base_version` over to [`update_post`] (see `crate::http::pages::zone_save`).
        let item = get(
            move |st: State<AppState>, auth: Auth, Path((fid, key)): Path<(String, String)>| {
                edit_get(st, auth, fid, kind, key)
            },
        );
        let item = if kind == Kind::Zone {
            item
        } else {
            item.post(
                move |st: State<AppState>,
                      auth: Auth,
                      Path((fid, key)): Path<(String, String)>,
                      Form(pairs): Form<Vec<(String, String)>>| {
                    update_post(st, auth, fid, kind, key, pairs)
                },
            )
        };
        let param = if kind == Kind::Zone { "zid" } else { "key" };
        r = r
            .route(
                &format!("/f/{{fid}}/{sec}"),
                get(
                    move |st: State<AppState>, auth: Auth, Path(fid): Path<String>| {
                        list_get(st, auth, fid, kind)
                    },
                )
                .post(
                    move |st: State<AppState>,
                          auth: Auth,
                          Path(fid): Path<String>,
                          Form(pairs): Form<Vec<(String, String)>>| {
                        create_post(st, auth, fid, kind, pairs)
                    },
                ),
            )
            .route(&format!("/f/{{fid}}/{sec}/{{{param}}}"), item)
            .route(
                &format!("/f/{{fid}}/{sec}/{{{param}}}/delete"),
                post(
                    move |st: State<AppState>,
                          auth: Auth,
                          Path((fid, key)): Path<(String, String)>,
                          Form(pairs): Form<Vec<(String, String)>>| {
                        delete_post(st, auth, fid, kind, key, pairs)
                    },
                ),
            );
    }
    r
}

// ---- what the template shows ------------------------------------------------------------

pub struct Opt {
    value: String,
    label: String,
    on: bool,
}

pub enum Widget {
    Text(String),
    /// Free text with suggestions (a `<datalist>`).
    Suggest(String, Vec<&'static str>),
    Fixed(String),
    Lines(String),
    Select(Vec<Opt>),
    Checks(Vec<Opt>),
    /// A long list (more than [`LONG_LIST`] candidates, e.g. the `via` devices of a
    /// 1,000-asset factory): the chosen entries as checkboxes to keep or untick, and a text
    /// field `NAME_add` for more ids, suggested from a `<datalist>` of all candidates.
    Many(Vec<Opt>, Vec<Opt>),
    Flag(bool),
}

/// Above this many candidates a multi-valued field is a [`Widget::Many`], not checkboxes.
pub const LONG_LIST: usize = 60;

pub struct Field {
    name: String,
    label: String,
    help: String,
    widget: Widget,
    problems: Vec<String>,
}

pub struct FormView {
    title: String,
    action: String,
    delete_action: Option<String>,
    base_version: i64,
    can_edit: bool,
    /// Why nothing was saved, in the user's language (empty when the form is fresh).
    headline: String,
    top: Vec<String>,
    fields: Vec<Field>,
}

pub struct Row {
    key: String,
    id: String,
    name: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "editor.html")]
struct EditorPage {
    b: Base,
    fid: String,
    section: &'static str,
    heading: String,
    kinds: Vec<(&'static str, String)>,
    rows: Vec<Row>,
    show_list: bool,
    form: Option<FormView>,
    no_model: bool,
}

fn heading_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Zone => "zones",
        Kind::Asset => "ed_assets",
        Kind::Flow => "ed_flows",
        Kind::Party => "ed_parties",
        Kind::Operation => "ed_operations",
        Kind::Measure => "ed_measures",
    }
}

// ---- reading a posted form -----------------------------------------------------------------

struct Pairs<'a>(&'a [(String, String)]);

impl Pairs<'_> {
    fn get(&self, k: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.replace("\r\n", "\n"))
            .unwrap_or_default()
    }
    /// Every value posted as `k` (checkboxes), then the ids typed into `k_add` (separated
    /// by spaces, commas or new lines), each once.
    fn all(&self, k: &str) -> Vec<String> {
        let add = format!("{k}_add");
        let mut out: Vec<String> = Vec::new();
        for (n, v) in self.0 {
            let typed: Vec<&str> = if n == k {
                vec![v.as_str()]
            } else if *n == add {
                v.split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|s| !s.is_empty())
                    .collect()
            } else {
                continue;
            };
            for t in typed {
                if !out.iter().any(|o| o == t) {
                    out.push(t.to_string());
                }
            }
        }
        out
    }
    /// A text area, one value per line.
    fn lines(&self, k: &str) -> Vec<String> {
        self.get(k)
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }
    fn flag(&self, k: &str) -> bool {
        self.all(k)
            .iter()
            .any(|v| matches!(v.as_str(), "true" | "on" | "1"))
    }
    fn tri(&self, k: &str) -> Option<bool> {
        match self.get(k).as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => None,
        }
    }
    fn base_version(&self) -> Option<i64> {
        self.get("base_version").trim().parse().ok()
    }
}

fn input_from(kind: Kind, pairs: &[(String, String)]) -> Input {
    let f = Pairs(pairs);
    let base_version = f.base_version();
    match kind {
        Kind::Zone => Input::Zone(ZoneIn {
            id: f.get("id"),
            name: f.get("name"),
            kind: f.get("kind"),
            owner: f.get("owner"),
            managed_by: f.get("managed_by"),
            status: f.get("status"),
            target_sl: f.get("target_sl"),
            base_version,
        }),
        Kind::Asset => Input::Asset(AssetIn {
            id: f.get("id"),
            name: f.get("name"),
            kind: f.get("kind"),
            role: f.get("role"),
            zones: f.all("zones"),
            operations: f.all("operations"),
            importance: ImportanceIn {
                safety: f.get("importance.safety"),
                quality: f.get("importance.quality"),
                delivery: f.get("importance.delivery"),
                cost: f.get("importance.cost"),
                business_continuity: f.get("importance.business_continuity"),
            },
            traits: f.all("traits"),
            supplier: f.get("supplier"),
            addresses: f.lines("addresses"),
            sbom: f.get("sbom"),
            status: f.get("status"),
            base_version,
        }),
        Kind::Flow => Input::Flow(FlowIn {
            id: f.get("id"),
            from: f.get("from"),
            to: f.get("to"),
            data: f.all("data"),
            control: f.flag("control"),
            automated: f.flag("automated"),
            network: f.get("network"),
            via: f.all("via"),
            protocol: f.get("protocol"),
            protections: f.all("protections"),
            status: f.get("status"),
            base_version,
        }),
        Kind::Party => Input::Party(PartyIn {
            id: f.get("id"),
            name: f.get("name"),
            kind: f.get("kind"),
            subcontractors: f.all("subcontractors"),
            contract: ContractIn {
                security_measures: f.tri("contract.security_measures"),
                service_levels: f.tri("contract.service_levels"),
                incident_response: f.tri("contract.incident_response"),
                data_on_termination: f.tri("contract.data_on_termination"),
            },
            base_version,
        }),
        Kind::Operation => Input::Operation(OperationIn {
            id: f.get("id"),
            name: f.get("name"),
            importance: f.get("importance"),
            status: f.get("status"),
            performed_by: f.get("performed_by"),
            tasks: f.all("tasks"),
            base_version,
        }),
        Kind::Measure => Input::Measure(MeasureIn {
            measure: f.get("measure"),
            scope: f.lines("scope"),
            status: f.get("status"),
            owner: f.get("owner"),
            due: f.get("due"),
            base_version,
        }),
    }
}

fn empty_input(kind: Kind) -> Input {
    match kind {
        Kind::Zone => Input::Zone(ZoneIn::default()),
        Kind::Asset => Input::Asset(AssetIn::default()),
        Kind::Flow => Input::Flow(FlowIn::default()),
        Kind::Party => Input::Party(PartyIn::default()),
        Kind::Operation => Input::Operation(OperationIn::default()),
        Kind::Measure => Input::Measure(MeasureIn {
            status: "planned".into(),
            ..MeasureIn::default()
        }),
    }
}

// ---- building the fields ---------------------------------------------------------------------

/// Options from (value, label) pairs; a selected value that is not among them is kept.
fn options(list: Vec<(String, String)>, selected: &[String]) -> Vec<Opt> {
    let mut out: Vec<Opt> = list
        .into_iter()
        .map(|(value, label)| Opt {
            on: selected.contains(&value),
            value,
            label,
        })
        .collect();
    for s in selected {
        if !s.is_empty() && !out.iter().any(|o| &o.value == s) {
            out.push(Opt {
                value: s.clone(),
                label: s.clone(),
                on: true,
            });
        }
    }
    out
}

/// A vocabulary's values, labelled in the user's language (`制御 (control)` in Japanese).
fn words_opts<T>(t: Tr, table: &[(&'static str, T)]) -> Vec<(String, String)> {
    vocab::words(table)
        .into_iter()
        .map(|w| (w.to_string(), t.vl(w)))
        .collect()
}

fn with_unset(t: Tr, mut list: Vec<(String, String)>) -> Vec<(String, String)> {
    list.insert(0, (String::new(), t.w("ed_unset").to_string()));
    list
}

fn ids<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    it.map(|(id, name)| (id.to_string(), format!("{id} — {name}")))
        .collect()
}

struct Builder {
    t: Tr,
    fields: Vec<Field>,
}

impl Builder {
    fn add(&mut self, name: &str, label_key: &str, widget: Widget) {
        let help_key = format!("h_{name}");
        let help = self.t.w(&help_key);
        self.fields.push(Field {
            name: name.to_string(),
            label: self.t.w(label_key).to_string(),
            help: if help == help_key {
                String::new()
            } else {
                help.to_string()
            },
            widget,
            problems: Vec::new(),
        });
    }
    fn select(&mut self, name: &str, label_key: &str, list: Vec<(String, String)>, v: &str) {
        let w = Widget::Select(options(list, &[v.to_string()]));
        self.add(name, label_key, w);
    }
    fn checks(&mut self, name: &str, label_key: &str, list: Vec<(String, String)>, v: &[String]) {
        let w = if list.len() > LONG_LIST {
            let all = options(list, v);
            let on = all
                .iter()
                .filter(|o| o.on)
                .map(|o| Opt {
                    value: o.value.clone(),
                    label: o.label.clone(),
                    on: true,
                })
                .collect();
            Widget::Many(on, all)
        } else {
            Widget::Checks(options(list, v))
        };
        self.add(name, label_key, w);
    }
}

/// The fields of a form for `input`, with the current model's entities in the selects.
fn fields(input: &Input, m: &Model, t: Tr, creating: bool) -> Vec<Field> {
    let mut b = Builder {
        t,
        fields: Vec::new(),
    };
    let id_widget = |id: &str| {
        if creating {
            Widget::Text(id.to_string())
        } else {
            Widget::Fixed(id.to_string())
        }
    };
    let zones = || ids(m.zones.iter().map(|z| (z.id.as_str(), z.name.as_str())));
    let parties = || ids(m.parties.iter().map(|p| (p.id.as_str(), p.name.as_str())));
    let levels = || with_unset(t, words_opts(t, LEVELS));
    let statuses = || words_opts(t, STATUSES);
    let in_house = || {
        let mut by = vec![("in-house".to_string(), t.w("ed_in_house").to_string())];
        by.extend(parties());
        by
    };
    let depts = || {
        ids(m
            .departments
            .iter()
            .map(|d| (d.id.as_str(), d.name.as_str())))
    };
    match input {
        Input::Zone(x) => {
            b.add("id", "f_id", id_widget(&x.id));
            b.add("name", "name", Widget::Text(x.name.clone()));
            b.select(
                "kind",
                "kind",
                with_unset(t, words_opts(t, ZONE_KINDS)),
                &x.kind,
            );
            b.select("owner", "f_owner", with_unset(t, depts()), &x.owner);
            let v = if x.managed_by.is_empty() {
                "in-house"
            } else {
                x.managed_by.as_str()
            };
            b.select("managed_by", "f_managed_by", in_house(), v);
            b.select("status", "status", statuses(), &x.status);
            let sls = (1..=4).map(|n| (n.to_string(), n.to_string())).collect();
            b.select("target_sl", "target_sl", with_unset(t, sls), &x.target_sl);
        }
        Input::Asset(x) => {
            b.add("id", "f_id", id_widget(&x.id));
            b.add("name", "name", Widget::Text(x.name.clone()));
            b.select(
                "kind",
                "kind",
                with_unset(t, words_opts(t, ASSET_KINDS)),
                &x.kind,
            );
            let roles = KNOWN_ROLES.to_vec();
            b.add("role", "f_role", Widget::Suggest(x.role.clone(), roles));
            b.checks("zones", "f_zones", zones(), &x.zones);
            let ops = ids(m
                .operations
                .iter()
                .map(|o| (o.id.as_str(), o.name.as_str())));
            b.checks("operations", "f_operations", ops, &x.operations);
            for (f, v) in [
                ("safety", &x.importance.safety),
                ("quality", &x.importance.quality),
                ("delivery", &x.importance.delivery),
                ("cost", &x.importance.cost),
                ("business_continuity", &x.importance.business_continuity),
            ] {
                let name = format!("importance.{f}");
                b.select(&name, &format!("f_{name}"), levels(), v);
            }
            b.checks("traits", "f_traits", words_opts(t, ASSET_TRAITS), &x.traits);
            b.select(
                "supplier",
                "f_supplier",
                with_unset(t, parties()),
                &x.supplier,
            );
            b.add(
                "addresses",
                "f_addresses",
                Widget::Lines(x.addresses.join("\n")),
            );
            b.add("sbom", "f_sbom", Widget::Text(x.sbom.clone()));
            b.select("status", "status", statuses(), &x.status);
        }
        Input::Flow(x) => {
            b.add("id", "f_id", id_widget(&x.id));
            let ends: Vec<(String, String)> = m
                .assets
                .iter()
                .map(|a| {
                    let v = if m.zone(&a.id).is_some() {
                        format!("asset:{}", a.id)
                    } else {
                        a.id.clone()
                    };
                    (v, format!("{} — {}", a.id, a.name))
                })
                .chain(m.zones.iter().map(|z| {
                    let v = if m.asset(&z.id).is_some() {
                        format!("zone:{}", z.id)
                    } else {
                        z.id.clone()
                    };
                    (v, format!("{} — {} ({})", z.id, z.name, t.w("zone")))
                }))
                .collect();
            b.select("from", "f_from", with_unset(t, ends.clone()), &x.from);
            b.select("to", "f_to", with_unset(t, ends), &x.to);
            let data = ids(m
                .assets
                .iter()
                .filter(|a| a.kind == kojo_model::AssetKind::Data)
                .map(|a| (a.id.as_str(), a.name.as_str())));
            b.checks("data", "f_data", data, &x.data);
            b.add("control", "f_control", Widget::Flag(x.control));
            b.add("automated", "f_automated", Widget::Flag(x.automated));
            b.select("network", "f_network", words_opts(t, NETWORKS), &x.network);
            let devices = ids(m
                .assets
                .iter()
                .filter(|a| a.kind != kojo_model::AssetKind::Data)
                .map(|a| (a.id.as_str(), a.name.as_str())));
            b.checks("via", "f_via", devices, &x.via);
            b.add("protocol", "f_protocol", Widget::Text(x.protocol.clone()));
            b.checks(
                "protections",
                "f_protections",
                words_opts(t, PROTECTIONS),
                &x.protections,
            );
            b.select("status", "status", statuses(), &x.status);
        }
        Input::Party(x) => {
            b.add("id", "f_id", id_widget(&x.id));
            b.add("name", "name", Widget::Text(x.name.clone()));
            b.select(
                "kind",
                "kind",
                with_unset(t, words_opts(t, PARTY_KINDS)),
                &x.kind,
            );
            let others: Vec<(String, String)> = parties()
                .into_iter()
                .filter(|(id, _)| *id != x.id)
                .collect();
            b.checks(
                "subcontractors",
                "f_subcontractors",
                others,
                &x.subcontractors,
            );
            let tri = |v: Option<bool>| match v {
                Some(true) => "yes".to_string(),
                Some(false) => "no".to_string(),
                None => String::new(),
            };
            let tris = vec![
                (String::new(), t.w("ed_unknown").to_string()),
                ("yes".to_string(), t.w("ed_yes").to_string()),
                ("no".to_string(), t.w("ed_no").to_string()),
            ];
            let c = &x.contract;
            for (f, v) in [
                ("security_measures", c.security_measures),
                ("service_levels", c.service_levels),
                ("incident_response", c.incident_response),
                ("data_on_termination", c.data_on_termination),
            ] {
                let name = format!("contract.{f}");
                b.select(&name, &format!("f_{name}"), tris.clone(), &tri(v));
            }
        }
        Input::Operation(x) => {
            b.add("id", "f_id", id_widget(&x.id));
            b.add("name", "name", Widget::Text(x.name.clone()));
            b.select("importance", "importance", levels(), &x.importance);
            b.select("status", "status", statuses(), &x.status);
            let v = if x.performed_by.is_empty() {
                "in-house"
            } else {
                x.performed_by.as_str()
            };
            b.select("performed_by", "f_performed_by", in_house(), v);
            let tasks: Vec<(String, String)> = models::catalog()
                .map(|c| {
                    c.tasks()
                        .filter_map(|e| {
                            e.key
                                .clone()
                                .map(|k| (k.clone(), format!("{k} — {}", e.title.get(t.lang))))
                        })
                        .collect()
                })
                .unwrap_or_default();
            b.checks("tasks", "f_tasks", tasks, &x.tasks);
        }
        Input::Measure(x) => {
            let measures: Vec<(String, String)> = models::catalog()
                .map(|c| {
                    c.measures()
                        .iter()
                        .map(|ms| {
                            (
                                ms.id.clone(),
                                format!("{} — {}", ms.id, ms.title.get(t.lang)),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            b.select("measure", "f_measure", with_unset(t, measures), &x.measure);
            b.add("scope", "f_scope", Widget::Lines(x.scope.join("\n")));
            b.select(
                "status",
                "status",
                words_opts(t, MEASURE_STATUSES),
                &x.status,
            );
            b.select("owner", "f_owner", with_unset(t, depts()), &x.owner);
            b.add("due", "f_due", Widget::Text(x.due.clone()));
        }
    }
    b.fields
}

/// Puts each problem beside its field; the rest goes above the form.
fn place_problems(fields: &mut [Field], problems: &[FieldProblem], lang: &str) -> Vec<String> {
    let mut top = Vec::new();
    for p in problems {
        let text = p.text(lang).to_string();
        match p
            .field
            .as_deref()
            .and_then(|f| fields.iter_mut().find(|x| x.name == f))
        {
            Some(x) => x.problems.push(text),
            None => top.push(match &p.field {
                Some(f) => format!("{f}: {text}"),
                None => text,
            }),
        }
    }
    top
}

fn rows(m: &Model, kind: Kind, t: Tr) -> Vec<Row> {
    let row = |key: String, id: &str, name: &str, detail: String| Row {
        key,
        id: id.to_string(),
        name: name.to_string(),
        detail,
    };
    match kind {
        Kind::Zone => m
            .zones
            .iter()
            .map(|z| {
                let d = format!(
                    "{}{}",
                    t.v(vocab::word(ZONE_KINDS, z.kind)),
                    z.target_sl
                        .map(|n| format!(" · SL {n}"))
                        .unwrap_or_default()
                );
                row(z.id.clone(), &z.id, &z.name, d)
            })
            .collect(),
        Kind::Asset => m
            .assets
            .iter()
            .map(|a| {
                let d = format!(
                    "{} · {}",
                    t.v(vocab::word(ASSET_KINDS, a.kind)),
                    a.zones.join(", ")
                );
                row(a.id.clone(), &a.id, &a.name, d)
            })
            .collect(),
        Kind::Flow => m
            .flows
            .iter()
            .map(|f| {
                let end = |e: &kojo_model::Endpoint| match e {
                    kojo_model::Endpoint::Asset(x) | kojo_model::Endpoint::Zone(x) => x.clone(),
                };
                let d = format!(
                    "{} → {} · {}{}",
                    end(&f.from),
                    end(&f.to),
                    t.v(vocab::word(NETWORKS, f.network)),
                    f.protocol
                        .as_deref()
                        .map(|p| format!(" · {p}"))
                        .unwrap_or_default()
                );
                row(f.id.clone(), &f.id, "", d)
            })
            .collect(),
        Kind::Party => m
            .parties
            .iter()
            .map(|p| {
                row(
                    p.id.clone(),
                    &p.id,
                    &p.name,
                    t.v(vocab::word(PARTY_KINDS, p.kind)).into(),
                )
            })
            .collect(),
        Kind::Operation => m
            .operations
            .iter()
            .map(|o| {
                let d = t
                    .v(o.importance.map(|l| l.as_str()).unwrap_or(""))
                    .to_string();
                row(o.id.clone(), &o.id, &o.name, d)
            })
            .collect(),
        Kind::Measure => m
            .measures
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let scope: Vec<String> = r.scope.iter().map(|s| s.to_string()).collect();
                let d = format!(
                    "{} · {}",
                    t.v(vocab::word(MEASURE_STATUSES, r.status)),
                    if scope.is_empty() {
                        t.v("factory").to_string()
                    } else {
                        scope.join(", ")
                    }
                );
                row((i + 1).to_string(), &format!("#{}", i + 1), &r.measure, d)
            })
            .collect(),
    }
}

/// What a page shows: the list (`key` = `None`) or one entry's form.
struct View<'a> {
    kind: Kind,
    key: Option<&'a str>,
    input: Option<Input>,
    problems: Vec<FieldProblem>,
    base_version: Option<i64>,
    /// The i18n key of why nothing was saved.
    headline: Option<&'static str>,
}

async fn page(st: &AppState, auth: &Auth, fid: &str, v: View<'_>) -> Result<EditorPage, AppError> {
    let access = auth.factory(st, fid, Need::Read).await?;
    let t = Tr::new(&auth.user.lang);
    let can_edit = access.allows(Need::Edit);
    let kind = v.kind;
    let heading = t.w(heading_key(kind)).to_string();
    let mut pg = EditorPage {
        b: base(Some(auth), heading_key(kind), Some(&access)),
        fid: fid.to_string(),
        section: kind.section(),
        heading,
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.section(), t.w(heading_key(*k)).to_string()))
            .collect(),
        rows: Vec::new(),
        show_list: v.key.is_none(),
        form: None,
        no_model: false,
    };
    let Some(mv) = st.store.latest_model(fid).await? else {
        pg.no_model = true;
        return Ok(pg);
    };
    let (model, _) = models::check(&mv.yaml).map_err(AppError::Invalid)?;
    // A posted form is shown again even when its entry is gone meanwhile (stale form).
    let existing = match v.key {
        Some(k) => match crate::service::editor::index_of(&model, kind, k) {
            Some(i) => Some(i),
            None if v.input.is_some() => None,
            None => return Err(AppError::NotFound),
        },
        None => None,
    };
    if v.key.is_none() {
        pg.rows = rows(&model, kind, pg.b.t);
        if !can_edit && v.input.is_none() {
            return Ok(pg);
        }
    }
    let input = match (v.input, existing) {
        (Some(i), _) => i,
        (None, Some(i)) => Input::from_model(&model, kind, i).ok_or(AppError::NotFound)?,
        (None, None) => empty_input(kind),
    };
    let mut fs = fields(&input, &model, t, v.key.is_none());
    let top = place_problems(&mut fs, &v.problems, t.lang);
    let sec = kind.section();
    let (title, action, delete_action) = match v.key {
        Some(k) => (
            format!(
                "{} — {}",
                t.w("ed_edit"),
                if kind == Kind::Measure {
                    format!("#{k}")
                } else {
                    k.to_string()
                }
            ),
            format!("/f/{fid}/{sec}/{k}"),
            can_edit.then(|| format!("/f/{fid}/{sec}/{k}/delete")),
        ),
        None => (t.w("ed_new").to_string(), format!("/f/{fid}/{sec}"), None),
    };
    pg.form = Some(FormView {
        title,
        action,
        delete_action,
        base_version: v.base_version.unwrap_or(mv.version),
        can_edit,
        headline: v.headline.map(|k| t.w(k).to_string()).unwrap_or_default(),
        top,
        fields: fs,
    });
    Ok(pg)
}

async fn list_get(
    State(st): State<AppState>,
    auth: Auth,
    fid: String,
    kind: Kind,
) -> Result<Response, AppError> {
    let v = View {
        kind,
        key: None,
        input: None,
        problems: Vec::new(),
        base_version: None,
        headline: None,
    };
    render(&page(&st, &auth, &fid, v).await?)
}

async fn edit_get(
    State(st): State<AppState>,
    auth: Auth,
    fid: String,
    kind: Kind,
    key: String,
) -> Result<Response, AppError> {
    let v = View {
        kind,
        key: Some(&key),
        input: None,
        problems: Vec::new(),
        base_version: None,
        headline: None,
    };
    render(&page(&st, &auth, &fid, v).await?)
}

/// Saves a posted form; a refused save shows the form again with what was typed.
async fn save_post(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    kind: Kind,
    key: Option<&str>,
    pairs: &[(String, String)],
) -> Result<Response, AppError> {
    let input = input_from(kind, pairs);
    let base_version = input.base_version();
    let (status, problems) = match crate::service::editor::save(st, auth, fid, key, &input).await {
        Ok(Outcome::Saved(_, k)) => {
            return Ok(Redirect::to(&format!("/f/{fid}/{}/{k}", kind.section())).into_response());
        }
        Ok(Outcome::Invalid(p)) => (StatusCode::UNPROCESSABLE_ENTITY, p),
        Err(AppError::Conflict(m)) => (
            StatusCode::CONFLICT,
            vec![FieldProblem {
                field: None,
                message: m,
                ja: None,
            }],
        ),
        Err(e) => return Err(e),
    };
    let headline = if status == StatusCode::CONFLICT {
        "ed_not_saved_conflict"
    } else {
        "ed_not_saved_invalid"
    };
    let v = View {
        kind,
        key,
        input: Some(input),
        problems,
        base_version,
        headline: Some(headline),
    };
    let pg = page(st, auth, fid, v).await?;
    Ok((status, render(&pg)?).into_response())
}

async fn create_post(
    State(st): State<AppState>,
    auth: Auth,
    fid: String,
    kind: Kind,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    save_post(&st, &auth, &fid, kind, None, &pairs).await
}

/// Saves an edit form (also reached through the model page's zone route).
pub(crate) async fn update_post(
    State(st): State<AppState>,
    auth: Auth,
    fid: String,
    kind: Kind,
    key: String,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    save_post(&st, &auth, &fid, kind, Some(&key), &pairs).await
}

async fn delete_post(
    State(st): State<AppState>,
    auth: Auth,
    fid: String,
    kind: Kind,
    key: String,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let base_version = Pairs(&pairs).base_version();
    match crate::service::editor::delete(&st, &auth, &fid, kind, &key, base_version).await {
        Ok(_) => Ok(Redirect::to(&format!("/f/{fid}/{}", kind.section())).into_response()),
        Err(AppError::Conflict(m)) => {
            let v = View {
                kind,
                key: Some(&key),
                input: None,
                problems: vec![FieldProblem {
                    field: None,
                    message: m.clone(),
                    ja: None,
                }],
                base_version: None,
                headline: Some("ed_not_deleted"),
            };
            match page(&st, &auth, &fid, v).await {
                Ok(pg) => Ok((StatusCode::CONFLICT, render(&pg)?).into_response()),
                // The entry is gone meanwhile: the message alone.
                Err(AppError::NotFound) => Err(AppError::Conflict(m)),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}
