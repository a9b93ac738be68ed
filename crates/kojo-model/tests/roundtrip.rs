//! `to_yaml` writes a model that loads back equal, apart from source locations.

use kojo_model::*;
use std::path::{Path, PathBuf};

/// The model with every location and source cleared.
fn strip(mut m: Model) -> Model {
    let z = Loc::default();
    m.sources.clear();
    m.factory.loc = z;
    if let Some(b) = &mut m.factory.bcp {
        b.loc = z;
    }
    m.departments.iter_mut().for_each(|x| x.loc = z);
    for p in &mut m.parties {
        p.loc = z;
        if let Some(c) = &mut p.contract {
            c.loc = z;
        }
    }
    m.operations.iter_mut().for_each(|x| x.loc = z);
    m.assets.iter_mut().for_each(|x| x.loc = z);
    m.zones.iter_mut().for_each(|x| x.loc = z);
    m.flows.iter_mut().for_each(|x| x.loc = z);
    m.measures.iter_mut().for_each(|x| x.loc = z);
    for c in &mut m.supply_chain {
        c.loc = z;
        c.answers.values_mut().for_each(|(_, l)| *l = z);
    }
    m.incident_response.loc = None;
    for stage in [
        &mut m.incident_response.preventive,
        &mut m.incident_response.damage,
    ]
    .into_iter()
    .flatten()
    {
        stage.loc = None;
        for step in [
            &mut stage.observe,
            &mut stage.orient,
            &mut stage.decide,
            &mut stage.act,
        ]
        .into_iter()
        .flatten()
        {
            step.loc = z;
        }
    }
    m.maturity.loc = None;
    m.decisions.iter_mut().for_each(|x| x.loc = z);
    m.licenses.loc = None;
    m
}

fn round_trip(m: Model) {
    let text = to_yaml(&m);
    let back = load_str(Path::new("written.yaml"), &text)
        .unwrap_or_else(|d| panic!("{}\n{text}", render::render_short(&d)));
    assert_eq!(strip(back), strip(m), "{text}");
}

#[test]
fn examples_round_trip() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut n = 0;
    for sub in [dir.join("annex-a"), dir.clone()] {
        for e in std::fs::read_dir(&sub)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            if e.path().extension().is_some_and(|x| x == "yaml") {
                round_trip(load_file(&e.path()).unwrap_or_else(|d| panic!("{d:#?}")));
                n += 1;
            }
        }
    }
    assert!(n >= 8);
}

#[test]
fn generated_model_round_trips() {
    let text = kojo_synth::factory_yaml(400, 30, 900, 11);
    round_trip(load_str(Path::new("synth.yaml"), &text).unwrap_or_else(|d| panic!("{d:#?}")));
}

#[test]
fn awkward_strings_and_rare_fields_round_trip() {
    let text = r#"
version: 1
factory:
  name: "Works: \"North\" #1"
departments:
  - {id: qa, name: "yes", kind: audit}
zones:
  - {id: shared, name: "null", kind: dmz}
assets:
  - {id: shared, name: "Asset named like a zone", kind: equipment, zone: shared, sbom: "sboms/a b.json", addresses: ["fd00::/64", 10.0.0.1]}
  - {id: d1, name: "multi\nline", kind: data, zones: [shared]}
flows:
  - {id: f, from: "asset:shared", to: "zone:shared", data: [d1], network: serial, protections: [backup]}
incident_response:
  damage: {}
maturity: {}
decisions:
  - {finding: F-1a2b3c, status: accepted, reason: "it's: fine", by: qa, date: 2025-01-01, review_by: 2026-01-01}
  - {finding: F-4d5e6f, status: in-progress, owner: qa, due: 2026-03-31, ticket: "OTSEC-142: retrofit"}
licenses:
  deny: [GPL-3.0-only]
"#;
    let m = load_str(Path::new("rare.yaml"), text).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(m.flows[0].from, Endpoint::Asset("shared".into()));
    assert_eq!(m.flows[0].to, Endpoint::Zone("shared".into()));
    round_trip(m);
}

#[test]
fn an_asset_product_round_trips() {
    let text = "version: 1\nfactory:\n  name: F\nzones:\n  - id: z\n    name: Z\n    kind: control\nassets:\n  - id: dcs\n    name: DCS\n    kind: equipment\n    zone: z\n    product:\n      vendor: Yokogawa\n      name: CENTUM VP\n      version: R6.09.00\n      cpe: \"cpe:2.3:a:yokogawa:centum_vp:r6.09.00:*:*:*:*:*:*:*\"\n";
    let m = load_str(Path::new("m.yaml"), text).unwrap_or_else(|d| panic!("{d:#?}"));
    let p = m.assets[0].product.clone().expect("product read");
    assert_eq!(p.vendor.as_deref(), Some("Yokogawa"));
    assert_eq!(p.version.as_deref(), Some("R6.09.00"));
    round_trip(m);
}
