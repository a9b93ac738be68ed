//! Every class of loader error, with the exact line and column it is reported at.

use kojo_model::{Diagnostic, load_file, load_str};
use std::path::Path;

/// A small valid model; tests replace one line or add lines to break it.
const BASE: &str = "\
version: 1
factory:
  name: Test works
departments:
  - id: prod
    name: Production
    kind: production
parties:
  - id: vendor
    name: Vendor
    kind: software-vendor
operations:
  - id: line
    name: Line
    importance: high
zones:
  - id: control
    name: Control zone
    kind: control
    owner: prod
  - id: office
    name: Office zone
    kind: information
assets:
  - id: plc
    name: PLC
    kind: equipment
    zone: control
    operations: [line]
  - id: recipe
    name: Recipe
    kind: data
    zones: [control, office]
flows:
  - id: f1
    from: office
    to: plc
    data: [recipe]
";

fn load(text: &str) -> Vec<Diagnostic> {
    match load_str(Path::new("m.yaml"), text) {
        Ok(_) => Vec::new(),
        Err(d) => d,
    }
}

/// (code, line, column) of each diagnostic.
fn places(text: &str) -> Vec<(&'static str, u32, u32)> {
    load(text)
        .iter()
        .map(|d| {
            let p = d.position.as_ref().map_or((0, 0), |p| (p.line, p.column));
            (d.code, p.0, p.1)
        })
        .collect()
}

fn only(text: &str) -> Diagnostic {
    let d = load(text);
    assert_eq!(d.len(), 1, "expected one diagnostic, got {d:#?}");
    d.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn base_is_valid() {
    assert_eq!(places(BASE), vec![]);
}

#[test]
fn unknown_field_suggests_the_near_one() {
    let d = only(&BASE.replace("    operations: [line]\n", "    operation: [line]\n"));
    assert_eq!(d.code, "unknown-field");
    let p = d.position.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!((p.line, p.column), (29, 5));
    assert!(d.message.contains("`operation`"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `operations`?"),
        "{:?}",
        d.help
    );
}

#[test]
fn unknown_top_level_field() {
    let d = only(&format!("{BASE}zonez: []\n"));
    assert_eq!(d.code, "unknown-field");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((39, 1))
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `zones`?")
    );
}

#[test]
fn unresolved_reference_near_miss() {
    let d = only(&BASE.replace("    to: plc\n", "    to: plcc\n"));
    assert_eq!(d.code, "unresolved-reference");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((37, 9))
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `plc`?"));
}

#[test]
fn unresolved_reference_lists_what_exists() {
    let d = only(&BASE.replace("    owner: prod\n", "    owner: quality-assurance\n"));
    assert_eq!(d.code, "unresolved-reference");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((20, 12))
    );
    assert!(
        d.help.as_deref().unwrap_or("").contains("`prod`"),
        "{:?}",
        d.help
    );
}

#[test]
fn duplicate_id_names_both_places() {
    let text = BASE.replace("  - id: office\n", "  - id: control\n");
    let d = load(&text);
    let dup: Vec<_> = d.iter().filter(|d| d.code == "duplicate-id").collect();
    assert_eq!(dup.len(), 1, "{d:#?}");
    assert_eq!(
        dup[0].position.as_ref().map(|p| (p.line, p.column)),
        Some((21, 9))
    );
    assert_eq!(
        dup[0].related.first().map(|(p, _)| (p.line, p.column)),
        Some((17, 9))
    );
}

#[test]
fn wrong_vocabulary_lists_allowed_values() {
    let d = only(&BASE.replace("    kind: information\n", "    kind: office\n"));
    assert_eq!(d.code, "invalid-value");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((23, 11))
    );
    assert_eq!(
        d.help.as_deref(),
        Some("allowed values: `control`, `production`, `information`, `external`, `dmz`")
    );
}

#[test]
fn bad_version_lists_supported() {
    let d = only(&BASE.replace("version: 1\n", "version: 2\n"));
    assert_eq!(d.code, "unsupported-version");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((1, 10))
    );
    assert_eq!(d.help.as_deref(), Some("supported versions: `1`"));
}

#[test]
fn missing_version_and_factory() {
    let text = BASE.replace("version: 1\nfactory:\n  name: Test works\n", "");
    let codes = places(&text);
    assert_eq!(
        codes,
        vec![("missing-field", 1, 1), ("missing-field", 1, 1)]
    );
}

#[test]
fn missing_required_field_points_at_the_entity() {
    let d = only(&BASE.replace("    kind: control\n", ""));
    assert_eq!(d.code, "missing-field");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((17, 5))
    );
    assert!(
        d.message.contains("zone `control` has no `kind`"),
        "{}",
        d.message
    );
}

#[test]
fn missing_id() {
    // The flow that refers to the asset is reported too: it refers to nothing.
    let text = BASE.replace("  - id: plc\n    name: PLC\n", "  - name: PLC\n");
    assert_eq!(
        places(&text),
        vec![("missing-field", 25, 5), ("unresolved-reference", 36, 9)]
    );
}

#[test]
fn yaml_syntax_error() {
    let d = only(&BASE.replace("    operations: [line]\n", "    operations: [line\n"));
    assert_eq!(d.code, "yaml-syntax");
    let p = d.position.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(p.line, 30);
}

#[test]
fn duplicate_yaml_key() {
    let d = only(&BASE.replace("    name: PLC\n", "    name: PLC\n    name: PLC 2\n"));
    assert_eq!(d.code, "duplicate-key");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((27, 5))
    );
    assert_eq!(d.related.first().map(|(p, _)| p.line), Some(26));
}

#[test]
fn bad_dates() {
    let text = format!(
        "{BASE}decisions:\n  - finding: F-1\n    status: accepted\n    date: 2025-02-30\n    review_by: 2025/03/01\n"
    );
    assert_eq!(
        places(&text),
        vec![("invalid-date", 42, 11), ("invalid-date", 43, 16)]
    );
}

#[test]
fn a_decision_owner_due_and_ticket() {
    let ok = format!(
        "{BASE}decisions:\n  - finding: F-1\n    status: in-progress\n    owner: vendor\n    due: 2026-03-31\n    ticket: OTSEC-142\n"
    );
    let m = load_str(Path::new("m.yaml"), &ok).unwrap_or_else(|d| panic!("{d:#?}"));
    let d = &m.decisions[0];
    assert_eq!(d.owner.as_deref(), Some("vendor"));
    assert_eq!(d.due.map(|x| x.to_string()).as_deref(), Some("2026-03-31"));
    assert_eq!(d.ticket.as_deref(), Some("OTSEC-142"));
    // An owner that is neither a department nor a party, and a due date that is no date.
    let bad = ok
        .replace("owner: vendor", "owner: vendr")
        .replace("due: 2026-03-31", "due: next week");
    assert_eq!(
        places(&bad),
        vec![("unresolved-reference", 42, 12), ("invalid-date", 43, 10)]
    );
    let d = load(&bad);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `vendor`?"));
}

#[test]
fn bad_addresses() {
    let text = BASE.replace(
        "    operations: [line]\n",
        "    operations: [line]\n    addresses: [10.0.0.1, 10.0.0.0/33, 300.1.1.1, fd00::/64]\n",
    );
    assert_eq!(
        places(&text),
        vec![("invalid-address", 30, 27), ("invalid-address", 30, 40)]
    );
}

#[test]
fn data_asset_with_zone_instead_of_zones() {
    let d = only(&BASE.replace("    zones: [control, office]\n", "    zone: control\n"));
    assert_eq!(d.code, "data-asset-zone");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((33, 5))
    );
    assert_eq!(
        d.help.as_deref(),
        Some("write `zones: [control]` (data may be held in several zones)")
    );
}

#[test]
fn equipment_with_zones() {
    let d = only(&BASE.replace(
        "    zone: control\n    operations",
        "    zones: [control]\n    operations",
    ));
    assert_eq!(d.code, "asset-zones");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((28, 5))
    );
}

#[test]
fn flow_data_must_be_a_data_asset() {
    let d = only(&BASE.replace("    data: [recipe]\n", "    data: [plc]\n"));
    assert_eq!(d.code, "not-a-data-asset");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((38, 12))
    );
}

#[test]
fn invalid_id() {
    let d = only(&BASE.replace("  - id: f1\n", "  - id: Flow_1\n"));
    assert_eq!(d.code, "invalid-id");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((35, 9))
    );
    assert!(d.help.as_deref().unwrap_or("").contains("`flow-1`"));
}

#[test]
fn wrong_types() {
    let text = BASE
        .replace("    importance: high\n", "    importance: [high]\n")
        .replace(
            "    data: [recipe]\n",
            "    data: [recipe]\n    control: yes\n",
        );
    assert_eq!(
        places(&text),
        vec![("wrong-type", 15, 17), ("wrong-type", 39, 14)]
    );
}

#[test]
fn levels_in_both_forms() {
    let words = load_str(Path::new("m.yaml"), BASE).unwrap_or_else(|d| panic!("{d:#?}"));
    let numbers = load_str(
        Path::new("m.yaml"),
        &BASE.replace("importance: high", "importance: 3"),
    )
    .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        words.operations[0].importance,
        Some(kojo_model::Level::High)
    );
    assert_eq!(
        numbers.operations[0].importance,
        words.operations[0].importance
    );
    // A quoted number is accepted as the same level; 4 is not a level.
    let d = only(&BASE.replace("importance: high", "importance: 4"));
    assert_eq!(
        (d.code, d.position.as_ref().map(|p| (p.line, p.column))),
        ("invalid-value", Some((15, 17)))
    );
}

#[test]
fn every_error_at_once() {
    let text = BASE
        .replace("    kind: information\n", "    kind: office\n")
        .replace("    to: plc\n", "    to: plcc\n")
        .replace("    operations: [line]\n", "    operation: [line]\n");
    let codes: Vec<_> = places(&text).into_iter().map(|(c, l, _)| (c, l)).collect();
    assert_eq!(
        codes,
        vec![
            ("invalid-value", 23),
            ("unknown-field", 29),
            ("unresolved-reference", 37)
        ]
    );
}

#[test]
fn include_from_a_string_is_refused() {
    let d = only(&format!("{BASE}include: [more.yaml]\n"));
    assert_eq!(d.code, "include-not-allowed");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((39, 11))
    );
}

#[test]
fn empty_and_non_mapping_files() {
    assert_eq!(places(""), vec![("empty-file", 1, 1)]);
    assert_eq!(places("- a\n- b\n"), vec![("wrong-type", 1, 1)]);
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let text = BASE.replace(
        "zones:\n  - id: control\n    name: Control zone\n    kind: control\n    owner: prod\n",
        "zones:\n  - &ctl\n    id: control\n    name: Control zone\n    kind: control\n    owner: prod\n  - <<: *ctl\n    id: control-2\n",
    );
    let m = load_str(Path::new("m.yaml"), &text).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(m.zones.len(), 3);
    assert_eq!(m.zones[1].id, "control-2");
    assert_eq!(m.zones[1].kind, kojo_model::ZoneKind::Control);
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kojo-model-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn include_merges_lists_and_keeps_file_positions() {
    let dir = tempdir("include");
    let more = "zones:\n  - id: dmz\n    name: DMZ\n    kind: dmz\nassets:\n  - id: fw\n    name: FW\n    kind: network\n    role: firewall\n    zone: dmz\n";
    std::fs::write(dir.join("more.yaml"), more).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("root.yaml"),
        format!("{BASE}include: [more.yaml]\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = load_file(&dir.join("root.yaml")).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(m.sources.len(), 2);
    let fw = m.asset("fw").unwrap_or_else(|| unreachable!());
    assert_eq!((fw.loc.file, fw.loc.line, fw.loc.column), (1, 6, 5));
    assert_eq!(m.path_of(fw.loc), Some(dir.join("more.yaml").as_path()));
    assert_eq!(
        m.zones.iter().map(|z| z.id.as_str()).collect::<Vec<_>>(),
        ["control", "office", "dmz"]
    );
}

#[test]
fn duplicate_across_include_names_both_files() {
    let dir = tempdir("dup");
    std::fs::write(
        dir.join("more.yaml"),
        "zones:\n  - id: office\n    name: Office again\n    kind: information\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("root.yaml"),
        format!("{BASE}include: [more.yaml]\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = load_file(&dir.join("root.yaml")).unwrap_err();
    assert_eq!(d.len(), 1, "{d:#?}");
    let p = d[0].position.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(
        (d[0].code, p.path.clone(), p.line, p.column),
        ("duplicate-id", dir.join("more.yaml"), 2, 9)
    );
    let (first, _) = &d[0].related[0];
    assert_eq!(
        (first.path.clone(), first.line, first.column),
        (dir.join("root.yaml"), 21, 9)
    );
}

#[test]
fn include_errors() {
    let dir = tempdir("incerr");
    std::fs::write(
        dir.join("self.yaml"),
        format!("{BASE}include: [missing.yaml, self.yaml]\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("bad.yaml"), "factory:\n  name: X\n").unwrap_or_else(|e| panic!("{e}"));
    let d = load_file(&dir.join("self.yaml")).unwrap_err();
    let codes: Vec<_> = d
        .iter()
        .map(|d| (d.code, d.position.as_ref().map(|p| (p.line, p.column))))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("include-not-found", Some((39, 11))),
            ("include-cycle", Some((39, 25)))
        ]
    );
    std::fs::write(
        dir.join("root.yaml"),
        format!("{BASE}include: [bad.yaml]\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = load_file(&dir.join("root.yaml")).unwrap_err();
    assert_eq!(d[0].code, "root-only-field");
    assert_eq!(
        d[0].position.as_ref().map(|p| (p.line, p.column)),
        Some((1, 1))
    );
}

#[test]
fn unreadable_file() {
    let d = load_file(Path::new("no/such/model.yaml")).unwrap_err();
    assert_eq!(d[0].code, "io-error");
}

#[test]
fn zone_and_zones_together() {
    let d = only(&BASE.replace(
        "    zones: [control, office]\n",
        "    zone: control\n    zones: [control, office]\n",
    ));
    assert_eq!(d.code, "conflicting-fields");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((34, 12))
    );
}

#[test]
fn ambiguous_endpoint_and_explicit_prefix() {
    // An asset and a zone may share an id; a flow end must then say which it means.
    let text = BASE
        .replace("  - id: plc\n", "  - id: office\n")
        .replace("    to: plc\n", "    to: office\n");
    let text = text.replace("    from: office\n", "    from: zone:office\n");
    let d = only(&text);
    assert_eq!(d.code, "ambiguous-reference");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((37, 9))
    );
    assert_eq!(
        d.help.as_deref(),
        Some("write `asset:office` or `zone:office`")
    );
    let m = load_str(
        Path::new("m.yaml"),
        &text.replace("    to: office\n", "    to: asset:office\n"),
    )
    .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(m.flows[0].from, kojo_model::Endpoint::Zone("office".into()));
    assert_eq!(m.flows[0].to, kojo_model::Endpoint::Asset("office".into()));
}

#[test]
fn measure_scopes() {
    let text = format!(
        "{BASE}measures:\n  - measure: msr-x\n    scope: [zone:control, factory, zon:office, office, asset:nope]\n    status: done\n"
    );
    assert_eq!(
        places(&text),
        vec![
            ("invalid-scope", 41, 36),
            ("invalid-scope", 41, 48),
            ("unresolved-reference", 41, 56),
            ("invalid-value", 42, 13),
        ]
    );
    let d = load(&text);
    assert_eq!(
        d[0].help
            .as_deref()
            .map(|h| h.starts_with("did you mean `zone:office`?")),
        Some(true)
    );
}

#[test]
fn several_documents_are_refused() {
    let d = only(&format!("{BASE}---\nversion: 1\n"));
    assert_eq!(d.code, "yaml-multiple-documents");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((39, 1))
    );
}

#[test]
fn yaml_syntax_error_position() {
    let d = only(&BASE.replace("    name: Vendor\n", "    name: \"Vendor\n"));
    assert_eq!(d.code, "yaml-syntax");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((10, 11))
    );
}

#[test]
fn target_security_level_range() {
    let d = only(&BASE.replace("    owner: prod\n", "    owner: prod\n    target_sl: 5\n"));
    assert_eq!(d.code, "invalid-value");
    assert_eq!(
        d.position.as_ref().map(|p| (p.line, p.column)),
        Some((21, 16))
    );
}

#[test]
fn an_included_file_that_is_not_utf8_is_reported_at_the_include() {
    let dir = tempdir("not-utf8");
    // A zone name in Shift_JIS ("工場") on line 3, column 11 of the included file.
    std::fs::write(
        dir.join("more.yaml"),
        b"zones:\n  - id: dmz\n    name: \x8d\x48\x8f\xea\n    kind: dmz\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("root.yaml"),
        format!("{BASE}include: [more.yaml]\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = load_file(&dir.join("root.yaml")).unwrap_err();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "not-utf8");
    assert!(
        d[0].message.contains("more.yaml` is not UTF-8"),
        "{}",
        d[0].message
    );
    assert!(d[0].message.contains("0x8d at 3:11"), "{}", d[0].message);
    let p = d[0].position.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(p.path, dir.join("root.yaml"), "points at the include line");
}

#[test]
fn via_names_only_boundary_devices_and_suggests_them() {
    let with_ws = BASE.replace(
        "    data: [recipe]\n",
        "    data: [recipe]\n    via: [plc]\n",
    );
    let d = only(&with_ws);
    assert_eq!(d.code, "not-a-boundary-device");
    assert_eq!(d.position.as_ref().map(|p| p.line), Some(39));
    assert!(
        d.message.contains("`plc`, an asset with no role"),
        "{}",
        d.message
    );
    let help = d.help.unwrap_or_default();
    assert!(help.contains("firewall, data-diode, vpn-gateway"), "{help}");
    // A firewall in the model is suggested; naming it is accepted.
    let with_fw = with_ws.replace(
        "assets:\n",
        "assets:\n  - id: fw\n    name: Firewall\n    kind: network\n    role: firewall\n    zone: control\n",
    );
    let d = only(&with_fw);
    assert!(d.help.unwrap_or_default().contains("`fw`"));
    assert!(load(&with_fw.replace("via: [plc]", "via: [fw]")).is_empty());
}

#[test]
fn operated_by_and_site_are_read_and_checked() {
    let text = BASE
        .replace(
            "    operations: [line]\n",
            "    operations: [line]\n    operated_by: vendor\n",
        )
        .replace(
            "    kind: information\n",
            "    kind: information\n    site: plant-2\n",
        );
    let m = load_str(Path::new("m.yaml"), &text).expect("loads");
    assert_eq!(
        m.assets[0].operated_by,
        Some(kojo_model::Responsible::Party("vendor".into()))
    );
    assert_eq!(m.zones[1].site.as_deref(), Some("plant-2"));
    assert_eq!(m.zones[0].site, None, "default: this factory");
    // Written back, they read the same.
    let again = load_str(Path::new("m.yaml"), &kojo_model::to_yaml(&m)).expect("loads");
    assert_eq!(again.assets[0].operated_by, m.assets[0].operated_by);
    assert_eq!(again.zones[1].site, m.zones[1].site);
    let d = only(&text.replace("operated_by: vendor", "operated_by: vendr"));
    assert_eq!(d.code, "unresolved-reference");
}
