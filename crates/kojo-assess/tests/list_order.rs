//! The order a model lists things in is not part of its meaning: permuting any list (the
//! sections, an asset's zones and operations, a flow's data, hops and protections) must
//! change no finding — not its id, its subjects or its words. Over the Annex A models and
//! generated ones.

use kojo_assess::{AssessOptions, assess};
use kojo_catalog::Catalog;
use kojo_model::{Date, Model};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::embedded().expect("embedded catalog"))
}

fn annex_a() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a")
}

/// The Annex A models and three generated ones (with data assets held in two zones).
fn models() -> &'static Vec<(String, Model)> {
    static M: OnceLock<Vec<(String, Model)>> = OnceLock::new();
    M.get_or_init(|| {
        let mut out = Vec::new();
        let dir = annex_a();
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        names.retain(|p: &PathBuf| p.extension().is_some_and(|x| x == "yaml"));
        names.sort();
        if names.is_empty() {
            eprintln!(
                "Annex A models not found at {}; only generated models",
                dir.display()
            );
        }
        for p in names {
            if let Ok(m) = kojo_model::load_file(&p) {
                out.push((p.display().to_string(), m));
            }
        }
        for seed in 1..=3 {
            let y = kojo_synth::factory_yaml(40, 6, 60, seed);
            let m = kojo_model::load_str(Path::new("synth.yaml"), &y).expect("synth loads");
            out.push((format!("synth seed {seed}"), m));
        }
        out
    })
}

/// A small xorshift: the permutation comes from proptest's seed, so a failure shrinks and
/// replays.
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// `m` with its lists shuffled: with `entities`, also the order of the zones, assets and
/// flows (which still shows in the order of a finding's subjects after the first, though
/// never in which findings there are nor in their words).
fn permuted(m: &Model, seed: u64, entities: bool) -> Model {
    let mut m = m.clone();
    let mut s = Shuffler(seed | 1);
    s.shuffle(&mut m.departments);
    s.shuffle(&mut m.parties);
    s.shuffle(&mut m.operations);
    s.shuffle(&mut m.measures);
    s.shuffle(&mut m.supply_chain);
    s.shuffle(&mut m.decisions);
    if entities {
        s.shuffle(&mut m.zones);
        s.shuffle(&mut m.assets);
        s.shuffle(&mut m.flows);
    }
    for a in &mut m.assets {
        s.shuffle(&mut a.zones);
        s.shuffle(&mut a.operations);
        s.shuffle(&mut a.traits);
    }
    for f in &mut m.flows {
        s.shuffle(&mut f.data);
        s.shuffle(&mut f.protections);
    }
    for r in &mut m.measures {
        s.shuffle(&mut r.scope);
    }
    m
}

/// Every finding as its JSON, by id. The subjects are compared as a set: the same things
/// are named, listed (after the first, the place) in the order the model writes them.
fn findings(m: &Model) -> Vec<(String, serde_json::Value)> {
    let opts = AssessOptions {
        today: Some(Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    let a = assess(m, catalog(), &opts).expect("assessment");
    let mut out: Vec<_> = a
        .findings
        .iter()
        .map(|f| {
            let mut j = serde_json::to_value(f).expect("finding as JSON");
            if let Some(serde_json::Value::Array(s)) = j.get_mut("subjects")
                && s.len() > 1
            {
                s[1..].sort_by_key(|v| v.to_string());
            }
            (f.id.clone(), j)
        })
        .collect();
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

fn baseline() -> &'static Vec<Vec<(String, serde_json::Value)>> {
    static B: OnceLock<Vec<Vec<(String, serde_json::Value)>>> = OnceLock::new();
    B.get_or_init(|| models().iter().map(|(_, m)| findings(m)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn permuting_any_list_changes_no_finding(which in 0usize..64, seed in any::<u64>()) {
        let models = models();
        let i = which % models.len();
        let (name, m) = &models[i];
        let got = findings(&permuted(m, seed, false));
        let want = &baseline()[i];
        let ids = |v: &Vec<(String, serde_json::Value)>| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&got), ids(want), "{}: finding ids differ", name);
        for (g, w) in got.iter().zip(want) {
            let keys: Vec<(&String, &serde_json::Value, &serde_json::Value)> = g
                .1
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, v)| w.1.get(k.as_str()) != Some(v))
                .map(|(k, v)| (k, v, &w.1[k.as_str()]))
                .collect();
            prop_assert!(keys.is_empty(), "{}: finding {} differs in {:?}", name, g.0, keys);
        }
    }
}

/// A finding's words in both languages: title, detail and recommendation in English and
/// each translation.
fn texts(j: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = ["title", "detail", "recommendation"]
        .iter()
        .map(|k| j[*k].to_string())
        .collect();
    out.push(j["i18n"].to_string());
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    /// Reordering the zones, assets and flows too keeps every finding's id, kind, severity,
    /// subjects (as a set) and words in both languages: where a text names several things,
    /// it names them in an order of their own (by id), not the model's.
    #[test]
    fn permuting_assets_and_flows_keeps_every_finding(which in 0usize..64, seed in any::<u64>()) {
        let models = models();
        let i = which % models.len();
        let (name, m) = &models[i];
        let key = |v: &Vec<(String, serde_json::Value)>| {
            v.iter()
                .map(|(id, j)| {
                    let mut subjects: Vec<String> = j["subjects"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|s| s.to_string())
                        .collect();
                    subjects.sort();
                    (id.clone(), j["kind"].to_string(), j["severity"].to_string(), subjects)
                })
                .collect::<Vec<_>>()
        };
        let got = findings(&permuted(m, seed, true));
        let want = &baseline()[i];
        prop_assert_eq!(key(&got), key(want), "{}", name);
        for (g, w) in got.iter().zip(want) {
            prop_assert_eq!(texts(&g.1), texts(&w.1), "{}: the words of finding {} ({}) differ", name, &g.0, &g.1["kind"]);
        }
    }
}

/// The case: a data asset written `zones: [office, production]` and
/// `[production, office]` gives the same findings.
#[test]
fn a_data_asset_held_in_two_zones_is_read_the_same_in_either_order() {
    let yaml = |zones: &str| {
        format!(
            "version: 1
factory:
  name: Order works
zones:
  - {{id: production, name: Production, kind: production}}
  - {{id: office, name: Office, kind: information}}
  - {{id: cloud, name: Cloud, kind: external}}
operations:
  - {{id: line, name: Line, importance: high}}
assets:
  - {{id: plc, name: PLC, kind: equipment, zone: production, operations: [line]}}
  - {{id: recipes, name: Recipes, kind: data, zones: {zones}, importance: {{safety: high}}}}
  - {{id: svc, name: Cloud service, kind: external-service, zone: cloud}}
flows:
  - {{id: f1, from: recipes, to: svc, data: [recipes], network: internet}}
  - {{id: f2, from: recipes, to: plc, data: [recipes], control: true}}
"
        )
    };
    let a = kojo_model::load_str(Path::new("a.yaml"), &yaml("[office, production]"))
        .expect("model loads");
    let b = kojo_model::load_str(Path::new("b.yaml"), &yaml("[production, office]"))
        .expect("model loads");
    let strip = |v: Vec<(String, serde_json::Value)>| {
        v.into_iter()
            .map(|(id, mut j)| {
                j.as_object_mut().map(|o| o.remove("location"));
                (id, j)
            })
            .collect::<Vec<_>>()
    };
    let fa = strip(findings(&a));
    let fb = strip(findings(&b));
    assert!(!fa.is_empty());
    assert_eq!(fa, fb);
    // The flow to the cloud leaves both zones that hold the data: both are exposed.
    let crossing: Vec<_> = fa
        .iter()
        .filter(|(_, j)| j["subjects"].to_string().contains("flow:f1"))
        .collect();
    assert!(!crossing.is_empty(), "{fa:#?}");
}
