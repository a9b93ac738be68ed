//! Every diagnostic code the loader produces, rendered in Japanese: no message missing, no
//! English left (but for the YAML parser's and the operating system's own words), the
//! glossary's words only; and the English stays the sentence the other tests assert.

use kojo_lang::{Lang, Message, Value};
use kojo_model::{DiagText, Diagnostic, load_file, load_file_with_cap, load_str};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every code the loader can report.
const LOADER_CODES: &[&str] = &[
    "ambiguous-reference",
    "asset-zones",
    "conflicting-fields",
    "data-asset-zone",
    "duplicate-id",
    "duplicate-key",
    "empty-file",
    "file-too-large",
    "include-cycle",
    "include-not-a-model",
    "include-not-allowed",
    "include-not-found",
    "invalid-address",
    "invalid-date",
    "invalid-id",
    "invalid-scope",
    "invalid-value",
    "io-error",
    "missing-field",
    "not-a-boundary-device",
    "not-a-data-asset",
    "not-utf8",
    "root-only-field",
    "unknown-field",
    "unresolved-reference",
    "unsupported-version",
    "wrong-type",
    "yaml-multiple-documents",
    "yaml-syntax",
    "yaml-too-large",
];

/// A small valid model; the cases break it.
const BASE: &str = "\
version: 1
factory:
  name: Test works
  bcp:
    exists: true
    last_review: 2025-01-10
departments:
  - id: prod
    name: Production
    kind: production
parties:
  - id: vendor
    name: Vendor
    kind: software-vendor
    contract:
      security_measures: true
operations:
  - id: line
    name: Line
    importance: high
    performed_by: vendor
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
    product:
      name: S7
  - id: recipe
    name: Recipe
    kind: data
    zones: [control, office]
flows:
  - id: f1
    from: office
    to: plc
    data: [recipe]
measures:
  - measure: msr-x
    scope: [zone:control]
    status: implemented
    owner: prod
supply_chain:
  - party: vendor
    checklist: software
    answers:
      a.b: yes
incident_response:
  preventive:
    observe:
      lead: prod
      decides: [prod]
maturity:
  within-department: 2
decisions:
  - finding: F-1
    status: accepted
    by: prod
    date: 2025-01-01
";

fn load(text: &str) -> Vec<Diagnostic> {
    load_str(Path::new("m.yaml"), text)
        .err()
        .unwrap_or_default()
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kojo-model-ja-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
}

/// Models that break BASE in one place each, and files that cannot be read.
fn cases() -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let r = |from: &str, to: &str| {
        assert!(BASE.contains(from), "{from}");
        load(&BASE.replacen(from, to, 1))
    };
    out.extend(load(BASE));
    out.extend(r("    operations: [line]\n", "    operation: [line]\n"));
    out.extend(r("    kind: control\n", "    kind: controll\n"));
    out.extend(r("version: 1\n", "version: 3\n"));
    out.extend(r("version: 1\n", ""));
    out.extend(r("factory:\n  name: Test works\n", "factory:\n"));
    out.extend(load("version: 1\n"));
    out.extend(load(""));
    out.extend(load("- a\n- b\n"));
    out.extend(r("    name: Vendor\n", "    name: \"Vendor\n"));
    out.extend(r("    name: PLC\n", "    name: PLC\n    name: PLC 2\n"));
    out.extend(r("  - id: office\n", "  - id: control\n"));
    out.extend(r("  - id: office\n", "  - id: Office Zone\n"));
    out.extend(r("    name: Office zone\n", ""));
    out.extend(r("  - id: plc\n", "  - name: x\n"));
    out.extend(r("    owner: prod\n", "    owner: prd\n"));
    out.extend(r("    owner: prod\n", "    owner: [prod]\n"));
    out.extend(r(
        "    owner: prod\n",
        "    owner: prod\n    target_sl: 7\n",
    ));
    out.extend(r("    to: plc\n", "    to: nowhere-at-all\n"));
    out.extend(r("    to: plc\n", "    to: zone:plc\n"));
    // An asset and a zone with the same id, named by a flow end without a prefix.
    out.extend(load(
        &BASE
            .replacen("  - id: plc\n", "  - id: office\n", 1)
            .replacen("    to: plc\n", "    to: zone:office\n", 1),
    ));
    out.extend(r("    data: [recipe]\n", "    data: [plc]\n"));
    out.extend(r(
        "    data: [recipe]\n",
        "    data: [recipe]\n    via: [plc]\n",
    ));
    out.extend(r(
        "    data: [recipe]\n",
        "    data: [recipe]\n    control: maybe\n",
    ));
    out.extend(r("    zone: control\n", "    zones: [control]\n"));
    out.extend(r(
        "    zone: control\n",
        "    zone: control\n    zones: [office]\n",
    ));
    out.extend(r("    zones: [control, office]\n", "    zone: control\n"));
    out.extend(r("    zones: [control, office]\n", "    zones: []\n"));
    out.extend(r("    zones: [control, office]\n", ""));
    out.extend(r(
        "    zones: [control, office]\n",
        "    zone: a\n    zones: [b]\n",
    ));
    out.extend(r(
        "    operations: [line]\n",
        "    addresses: [10.0.0.0/99]\n",
    ));
    out.extend(r(
        "    product:\n      name: S7\n",
        "    product:\n      vendor: X\n",
    ));
    out.extend(r("    product:\n      name: S7\n", "    product: S7\n"));
    out.extend(r(
        "    last_review: 2025-01-10\n",
        "    last_review: 2025-13-01\n",
    ));
    out.extend(r("    exists: true\n", "    exists: yes\n"));
    out.extend(r(
        "    scope: [zone:control]\n",
        "    scope: [control, zon:office, asset:x]\n",
    ));
    out.extend(r(
        "    scope: [zone:control]\n",
        "    scope: [thing:office]\n",
    ));
    out.extend(r("    status: implemented\n", "    status: done\n"));
    out.extend(r("    status: implemented\n", ""));
    out.extend(r("  - measure: msr-x\n", "  - measure: [msr-x]\n"));
    out.extend(r("    checklist: software\n", "    checklist: hardware\n"));
    out.extend(r("    checklist: software\n", ""));
    out.extend(r("  - party: vendor\n", "  - party: vendr\n"));
    out.extend(r("      a.b: yes\n", "      a.b: perhaps\n"));
    out.extend(r("    answers:\n      a.b: yes\n", "    answers: [a]\n"));
    out.extend(r("      lead: prod\n", "      lead: nobody\n"));
    out.extend(r("      decides: [prod]\n", "      decides: [nobody]\n"));
    out.extend(r("      lead: prod\n", "      lead: prod\n      act: x\n"));
    out.extend(r("  within-department: 2\n", "  within-department: 9\n"));
    out.extend(r("    status: accepted\n", "    status: fine\n"));
    out.extend(r("    by: prod\n", "    by: boss\n"));
    out.extend(r("  - finding: F-1\n", "  - reason: x\n"));
    out.extend(r(
        "    performed_by: vendor\n",
        "    performed_by: someone\n",
    ));
    out.extend(r("    importance: high\n", "    importance: 12\n"));
    out.extend(r("    kind: production\n", "    kind: [production]\n"));
    out.extend(r(
        "      security_measures: true\n",
        "      security_measures: 1\n",
    ));
    out.extend(r(
        "    kind: software-vendor\n",
        "    kind: software-vendr\n",
    ));
    out.extend(r(
        "  name: Test works\n",
        "  name: Test works\n  industry: food\n",
    ));
    out.extend(r("zones:\n", "zones: control\nzone_list:\n"));
    out.extend(r(
        "flows:\n",
        "flows:\n  - {}\n  - 7\n  - {? [a] : b}\nx:\n",
    ));
    out.extend(load(&format!("{BASE}include: [more.yaml]\n")));
    out.extend(load(&format!("{BASE}---\nversion: 1\n")));
    out.extend(load(&format!("{BASE}x: *nope\n")));
    // An alias inside its own anchor: the anchor is not defined before it.
    out.extend(load(&format!("{BASE}y: &a [*a]\n")));
    out.extend(load(&format!("{BASE}z:\n  <<: 1\n")));
    out.extend(load(&format!("{BASE}long: {}\n", "v".repeat(80))));
    out.extend(load(&BASE.replace(
        "  name: Test works\n",
        &format!("  name: [{}]\n", "é".repeat(70)),
    )));
    // An alias bomb: ten aliases per level, eight levels.
    let mut bomb = String::from("version: 1\nfactory: {name: x}\na0: &a0 [x]\n");
    for i in 1..8 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{p}"); 10].join(", ")
        ));
    }
    out.extend(load(&bomb));
    out.extend(files());
    out
}

/// The codes only files give: includes, bytes that are not UTF-8, sizes, missing files.
fn files() -> Vec<Diagnostic> {
    let dir = tempdir();
    let mut out = Vec::new();
    write(&dir.join("list.yaml"), "- a\n");
    write(&dir.join("text.yaml"), "hello\n");
    write(&dir.join("bad.yaml"), "a: [\n");
    write(&dir.join("empty.yaml"), "");
    write(&dir.join("bin.yaml"), b"zones:\n  - id: \x8d\n");
    write(
        &dir.join("root-only.yaml"),
        "version: 1\nfactory: {name: y}\n",
    );
    std::fs::create_dir_all(dir.join("folder")).unwrap_or_else(|e| panic!("{e}"));
    write(
        &dir.join("root.yaml"),
        format!(
            "{BASE}include: [root.yaml, missing.yaml, list.yaml, text.yaml, bad.yaml, empty.yaml, bin.yaml, root-only.yaml, folder]\n"
        ),
    );
    out.extend(load_file(&dir.join("root.yaml")).err().unwrap_or_default());
    // Over the cap: the model itself, and a small model's include.
    write(&dir.join("big.yaml"), BASE);
    out.extend(
        load_file_with_cap(&dir.join("big.yaml"), 512)
            .err()
            .unwrap_or_default(),
    );
    write(
        &dir.join("small.yaml"),
        "version: 1\nfactory: {name: x}\ninclude: [big.yaml]\n",
    );
    out.extend(
        load_file_with_cap(&dir.join("small.yaml"), 512)
            .err()
            .unwrap_or_default(),
    );
    write(
        &dir.join("not-utf8.yaml"),
        b"version: 1\nfactory: {name: \x8d}\n",
    );
    out.extend(
        load_file(&dir.join("not-utf8.yaml"))
            .err()
            .unwrap_or_default(),
    );
    out.extend(
        load_file(&dir.join("nothing.yaml"))
            .err()
            .unwrap_or_default(),
    );
    out
}

/// `m` with the words no translation can change — the YAML parser's description, the
/// operating system's error — replaced by a mark, in nested messages too.
fn without_foreign_words(m: &Message) -> Message {
    let mut out = Message::new(m.id.clone());
    for (name, v) in &m.args {
        let v = match v {
            Value::Text(_) if matches!(*name, "info" | "os") => Value::Text("…".into()),
            Value::Message(inner) => Value::from(without_foreign_words(inner)),
            other => other.clone(),
        };
        out.args.push((name, v));
    }
    out
}

fn texts(d: &Diagnostic) -> Vec<&DiagText> {
    let mut t = vec![&d.message];
    t.extend(d.help.iter());
    t.extend(d.related.iter().map(|(_, n)| n));
    t
}

#[test]
fn every_loader_code_is_said_in_japanese_with_no_english_left() {
    let diags = cases();
    let seen: BTreeSet<&str> = diags.iter().map(|d| d.code).collect();
    let expected: BTreeSet<&str> = LOADER_CODES.iter().copied().collect();
    assert_eq!(seen, expected, "codes produced by the cases");
    for d in &diags {
        for t in texts(d) {
            let en = t.render(Lang::En);
            let ja = without_foreign_words(t.message()).render(Lang::Ja);
            assert_eq!(en, t.as_str());
            for s in [&en, &ja] {
                assert!(
                    !s.contains("diag-"),
                    "{}: a message is missing: {s}",
                    d.code
                );
            }
            assert_ne!(ja, en, "{}: not translated", d.code);
            assert_eq!(
                kojo_lang::english_words(&ja),
                Vec::<String>::new(),
                "{}: {ja}",
                d.code
            );
            assert_eq!(kojo_lang::glossary_violation(&ja), None, "{}: {ja}", d.code);
        }
    }
}

#[test]
fn japanese_keeps_the_values_and_nests_the_subject() {
    let d = load(&BASE.replace("    owner: prod\n", "    owner: prd\n"));
    let d = d
        .iter()
        .find(|d| d.code == "unresolved-reference")
        .unwrap_or_else(|| panic!("{d:#?}"));
    assert_eq!(
        d.message.as_str(),
        "zone `control` (owner) refers to department `prd`, which is not defined"
    );
    assert_eq!(
        d.message.render(Lang::Ja),
        "ゾーン `control`（`owner`）が参照する部門 `prd` は定義されていません"
    );
    assert_eq!(
        d.help.as_ref().map(|h| h.render(Lang::Ja)).as_deref(),
        Some("`prod` のことですか？")
    );
    let d = load(&BASE.replace("    kind: control\n", "    kind: controll\n"));
    assert_eq!(
        d.first().map(|d| d.message.render(Lang::Ja)).as_deref(),
        Some("`controll` はゾーンの種類として正しくありません")
    );
}

#[test]
fn untranslated_text_is_shown_as_it_is() {
    let t = DiagText::untranslated("measure `msr-x` is not in the catalog");
    assert_eq!(t.render(Lang::Ja), "measure `msr-x` is not in the catalog");
    assert_eq!(t.to_string(), t.render(Lang::En));
}
