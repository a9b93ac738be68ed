//! The Annex A example models load, and hold what the annex says each case adds.

use kojo_model::{AssetKind, Endpoint, Model, ModelIndex, Network, PartyKind, Status, load_file};
use std::path::PathBuf;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn load(name: &str) -> Model {
    let path = examples().join("annex-a").join(name);
    load_file(&path).unwrap_or_else(|d| panic!("{name}: {d:#?}"))
}

#[test]
fn all_files_load() {
    for name in [
        "factory.yaml",
        "case1-before.yaml",
        "case1-after.yaml",
        "case2-before.yaml",
        "case2-after.yaml",
        "case3-before.yaml",
        "case3-after.yaml",
    ] {
        let m = load(name);
        assert!(m.zones.len() >= 6, "{name}");
        assert!(m.factory.bcp.is_some(), "{name}");
    }
    let starter = examples().join("starter.yaml");
    load_file(&starter).unwrap_or_else(|d| panic!("starter: {d:#?}"));
}

#[test]
fn factory_has_the_existing_zones_of_table_c1() {
    let m = load("factory.yaml");
    let ids: Vec<&str> = m.zones.iter().map(|z| z.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "production",
            "automatic-transport",
            "automated-warehouse",
            "production-control",
            "production-monitoring",
            "oa"
        ]
    );
    // Parts inventory is held both at the production site and in the warehouse.
    let inv = m.asset("parts-inventory").unwrap_or_else(|| unreachable!());
    assert_eq!(inv.zones, ["production", "automated-warehouse"]);
}

#[test]
fn case1_cad_in_oa_drives_parts_manufacturing() {
    let m = load("case1-after.yaml");
    let idx = ModelIndex::new(&m);
    for id in ["cad", "cad-operation-server"] {
        let a = m.asset(id).unwrap_or_else(|| unreachable!());
        assert_eq!(
            (a.zones.as_slice(), a.status),
            (&["oa".to_string()][..], Status::New)
        );
    }
    let f = m.flow("cad-to-scada").unwrap_or_else(|| unreachable!());
    assert!(f.automated);
    assert_eq!(f.to, Endpoint::Asset("scada".into()));
    let g = m
        .flow("scada-to-parts-manufacturing")
        .unwrap_or_else(|| unreachable!());
    assert!(g.control && g.automated);
    assert_eq!(g.to, Endpoint::Zone("parts-manufacturing".into()));
    let scada = idx.assets["scada"];
    assert_eq!(
        idx.asset_flows_in[scada]
            .iter()
            .filter(|&&i| m.flows[i].status == Status::New)
            .count(),
        1
    );
    assert!(load("case1-before.yaml").flow("cad-to-scada").is_none());
}

#[test]
fn case2_remote_maintenance_inside_the_warehouse_zone() {
    let m = load("case2-after.yaml");
    let svc = m
        .asset("remote-maintenance-service")
        .unwrap_or_else(|| unreachable!());
    assert_eq!(
        (svc.kind, svc.zones.as_slice()),
        (
            AssetKind::ExternalService,
            &["automated-warehouse".to_string()][..]
        )
    );
    let party = m.party("whtech").unwrap_or_else(|| unreachable!());
    assert_eq!(party.kind, PartyKind::CloudService);
    assert_eq!(
        party.contract.as_ref().and_then(|c| c.security_measures),
        Some(false)
    );
    let f = m
        .flow("warehouse-to-remote-maintenance")
        .unwrap_or_else(|| unreachable!());
    assert_eq!(f.network, Network::Vpn);
    assert_eq!(f.data, ["inout-records", "material-inventory"]);
    assert_eq!(m.zones.len(), load("case2-before.yaml").zones.len());
}

#[test]
fn case3_mes_upgrade_adds_flows_not_zones() {
    let before = load("case3-before.yaml");
    let after = load("case3-after.yaml");
    assert_eq!(
        before.zones.iter().map(|z| &z.id).collect::<Vec<_>>(),
        after.zones.iter().map(|z| &z.id).collect::<Vec<_>>()
    );
    assert_eq!(
        after.asset("mes-server").map(|a| a.status),
        Some(Status::Changed)
    );
    let new: Vec<_> = after
        .flows
        .iter()
        .filter(|f| f.status == Status::New)
        .collect();
    assert_eq!(new.len(), 2);
    for f in new {
        assert!(matches!(&f.from, Endpoint::Zone(z) if z.ends_with("-manufacturing")));
        assert_eq!(f.to, Endpoint::Asset("mes-server".into()));
        assert_eq!(f.data, ["production-status"]);
    }
}

/// The JSON Schema of `kojo schema` accepts every example and rejects typical mistakes.
#[test]
fn schema_validates_the_examples() {
    let schema = kojo_model::schema::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema: {e}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples().join("annex-a"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.push(examples().join("starter.yaml"));
    assert!(files.len() >= 8);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{e}"));
        let value =
            kojo_model::schema::yaml_to_json(&text).unwrap_or_else(|| panic!("{}", f.display()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
    }
    let text =
        std::fs::read_to_string(examples().join("starter.yaml")).unwrap_or_else(|e| panic!("{e}"));
    for (from, to) in [
        (
            "kind: production                  #",
            "kind: factory-floor #",
        ),
        (
            "    zone: production                  #",
            "    zones: [production]                  #",
        ),
        ("version: 1", "version: 2"),
        ("  - id: line-plc", "  - id: Line_PLC"),
        (
            "    protocol: https",
            "    protocol: https\n    automatd: true",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let value = kojo_model::schema::yaml_to_json(&text.replacen(from, to, 1))
            .unwrap_or_else(|| unreachable!());
        assert!(!validator.is_valid(&value), "schema accepted {to}");
    }
}
