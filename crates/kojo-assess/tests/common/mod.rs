//! What the integration tests share: the Annex A examples and one assessment date.

// Each test file uses a part of this module.
#![allow(dead_code)]

use kojo_assess::{AssessOptions, assess};
use kojo_catalog::Catalog;
use kojo_findings::Assessment;
use kojo_model::{Date, Endpoint, Model, ScopeRef};
use std::path::PathBuf;

/// `examples/annex-a/` of the repository.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a")
}

/// Every model of `examples/annex-a/`, with its file name.
pub fn annex_a_models() -> Vec<(String, Model)> {
    let mut models = Vec::new();
    for entry in std::fs::read_dir(examples_dir()).expect("examples/annex-a is in the repository") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let m = kojo_model::load_file(&path)
                .unwrap_or_else(|d| panic!("{} does not load: {d:?}", path.display()));
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_owned();
            models.push((name, m));
        }
    }
    models.sort_by(|a, b| a.0.cmp(&b.0));
    models
}

/// The assessment of `model` with the embedded catalog on 2026-06-01.
pub fn assess_on_fixed_date(model: &Model) -> Assessment {
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("embedded catalog: {e}"));
    let opts = AssessOptions {
        today: Some(Date {
            year: 2026,
            month: 6,
            day: 1,
        }),
        ..Default::default()
    };
    assess(model, &catalog, &opts).unwrap_or_else(|e| panic!("{e}"))
}

/// Every zone id renamed so that alphabetical order is reversed (`oa` → `zz-…`), and every
/// list of the model reversed.
pub fn renamed_and_reversed(mut m: Model) -> Model {
    let mut ids: Vec<String> = m.zones.iter().map(|z| z.id.clone()).collect();
    ids.sort();
    let n = ids.len();
    let new_id = |old: &str| -> String {
        match ids.iter().position(|i| i == old) {
            Some(k) => format!("z{:02}-{old}", n - k),
            None => old.to_owned(),
        }
    };
    for z in &mut m.zones {
        z.id = new_id(&z.id);
    }
    for a in &mut m.assets {
        for z in &mut a.zones {
            *z = new_id(z);
        }
    }
    for f in &mut m.flows {
        for e in [&mut f.from, &mut f.to] {
            if let Endpoint::Zone(z) = e {
                *z = new_id(z);
            }
        }
    }
    for r in &mut m.measures {
        for s in &mut r.scope {
            if let ScopeRef::Zone(z) = s {
                *z = new_id(z);
            }
        }
    }
    m.zones.reverse();
    m.assets.reverse();
    m.flows.reverse();
    m.operations.reverse();
    m.parties.reverse();
    m.departments.reverse();
    m.measures.reverse();
    m.supply_chain.reverse();
    m
}
