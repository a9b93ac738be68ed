//! End-to-end tests of the `kojo` binary on the bundled Annex A examples: exit codes, the
//! JSON contract, and that every output of one model agrees with its JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn kojo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kojo"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the kojo binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ANNEX_A: &[&str] = &[
    "examples/annex-a/factory.yaml",
    "examples/annex-a/case1-before.yaml",
    "examples/annex-a/case1-after.yaml",
    "examples/annex-a/case2-before.yaml",
    "examples/annex-a/case2-after.yaml",
    "examples/annex-a/case3-before.yaml",
    "examples/annex-a/case3-after.yaml",
];

#[test]
fn check_accepts_every_bundled_example() {
    let mut args = vec!["check"];
    args.extend_from_slice(ANNEX_A);
    args.push("examples/starter.yaml");
    let o = kojo(&args);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("zones"),
        "summary counts: {}",
        stdout(&o)
    );
}

#[test]
fn check_reports_position_and_exits_1_on_an_invalid_model() {
    let dir = tempdir();
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "version: 1\nfactory:\n  name: X\nzones:\n  - id: a\n    name: A\n    kind: contrl\n",
    )
    .expect("write model");
    let o = kojo(&["check", bad.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(all.contains("bad.yaml:7:11"), "{all}");
    assert!(all.contains("did you mean `control`"), "{all}");
}

#[test]
fn check_in_japanese_says_the_problem_where_it_is() {
    let dir = tempdir();
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "version: 1\nfactory:\n  name: X\nzones:\n  - id: a\n    name: A\n    kind: contrl\n    owner: prd\n",
    )
    .expect("write model");
    let path = bad.to_str().expect("utf-8 path");
    let o = kojo(&["check", "--lang", "ja", path]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("エラー[invalid-value]: `contrl` はゾーンの種類として正しくありません"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {path}:7:11")), "{err}");
    assert!(err.contains("= 対処: `control` のことですか？"), "{err}");
    assert!(
        err.contains("エラー[unresolved-reference]: ゾーン `a`（`owner`）が参照する部門 `prd` は定義されていません"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {path}:8:12")), "{err}");
    assert!(
        err.contains(&format!("{path}：不正 — エラー 2 件")),
        "{err}"
    );
    assert!(
        !err.contains("did you mean") && !err.contains("error["),
        "{err}"
    );

    let o = kojo(&["check", "--lang", "ja", "--format", "short", path]);
    assert!(
        stdout(&o).contains(&format!(
            "{path}:7:11: エラー[invalid-value]: `contrl` はゾーンの種類として正しくありません"
        )),
        "{}",
        stdout(&o)
    );
    // The JSON keeps its English message (the contract) and adds the Japanese.
    let o = kojo(&["check", "--lang", "ja", "--format", "json", path]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let d = &v["models"][0]["diagnostics"][0];
    assert_eq!(d["message"], "`contrl` is not a valid zone kind");
    assert_eq!(
        d["message_ja"],
        "`contrl` はゾーンの種類として正しくありません"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(11))
    );

    // Every command that loads a model prints its diagnostics in the language asked for.
    let o = kojo(&["assess", "--lang", "ja", path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`contrl` はゾーンの種類として正しくありません"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(kojo(&["bogus"]).status.code(), Some(2));
    assert_eq!(kojo(&["assess"]).status.code(), Some(2));
    let o = kojo(&["check", "examples/annex-a/no-such-file.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn version_names_the_embedded_catalog() {
    let o = kojo(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(
        out.trim(),
        format!(
            "kojo {} (catalog {})",
            env!("CARGO_PKG_VERSION"),
            kojo_catalog::EMBEDDED_VERSION
        )
    );
}

fn assessment(model: &str) -> serde_json::Value {
    let o = kojo(&["assess", model, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("assess prints JSON")
}

fn kinds(a: &serde_json::Value) -> Vec<String> {
    a["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| f["kind"].as_str().expect("kind").to_string())
        .collect()
}

#[test]
fn assess_json_follows_the_contract_and_gives_the_annex_conclusions() {
    let a = assessment("examples/annex-a/case1-after.yaml");
    for key in ["kojo_version", "model", "summary", "zones", "findings"] {
        assert!(a.get(key).is_some(), "missing `{key}`");
    }
    let findings = a["findings"].as_array().expect("findings");
    assert_eq!(
        a["summary"]["findings"].as_u64(),
        Some(findings.len() as u64)
    );
    let rank = |s: &str| {
        ["critical", "high", "medium", "low", "info"]
            .iter()
            .position(|x| *x == s)
    };
    let sev: Vec<usize> = findings
        .iter()
        .map(|f| rank(f["severity"].as_str().expect("severity")).expect("known severity"))
        .collect();
    assert!(sev.windows(2).all(|w| w[0] <= w[1]), "sorted by severity");
    for f in findings {
        let id = f["id"].as_str().expect("id");
        assert!(id.starts_with("F-") && id.len() > 2, "{id}");
        for key in [
            "kind",
            "step",
            "subjects",
            "title",
            "detail",
            "recommendation",
            "reference",
        ] {
            assert!(f.get(key).is_some(), "finding {id} lacks `{key}`");
        }
    }
    assert!(kinds(&a).iter().any(|k| k == "zone-split-control-origin"));
    assert!(
        !kinds(&assessment("examples/annex-a/case1-before.yaml"))
            .iter()
            .any(|k| k == "zone-split-control-origin")
    );
    assert!(
        kinds(&assessment("examples/annex-a/case2-after.yaml"))
            .iter()
            .any(|k| k == "zone-separate-external")
    );
    assert!(
        !kinds(&assessment("examples/annex-a/case2-before.yaml"))
            .iter()
            .any(|k| k == "zone-separate-external")
    );
}

#[test]
fn assess_is_deterministic() {
    let a = kojo(&[
        "assess",
        "examples/annex-a/case3-after.yaml",
        "--format",
        "json",
    ]);
    let b = kojo(&[
        "assess",
        "examples/annex-a/case3-after.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn fail_on_gates_the_exit_code() {
    let o = kojo(&[
        "assess",
        "examples/annex-a/case1-after.yaml",
        "--format",
        "json",
        "--fail-on",
        "high",
    ]);
    assert_eq!(o.status.code(), Some(1));
    // The gate changes the exit code only: the output is the full assessment.
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(a["findings"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn sarif_and_csv_render_the_same_findings_as_json() {
    let a = assessment("examples/annex-a/case2-after.yaml");
    let ids: std::collections::BTreeSet<String> = a["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();

    let o = kojo(&[
        "assess",
        "examples/annex-a/case2-after.yaml",
        "--format",
        "sarif",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), ids.len());

    let o = kojo(&[
        "assess",
        "examples/annex-a/case2-after.yaml",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    for id in &ids {
        assert!(csv.contains(id.as_str()), "CSV lacks {id}");
    }
}

#[test]
fn report_and_diagram_write_their_files() {
    let dir = tempdir();
    let out = dir.join("report");
    let o = kojo(&[
        "report",
        "examples/annex-a/case1-after.yaml",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html written");
    assert!(html.contains("<svg"), "the report embeds the zone diagram");
    assert!(html.contains("cad-operation-server") || html.contains("CAD operation server"));

    let o = kojo(&[
        "diagram",
        "examples/annex-a/case2-after.yaml",
        "--format",
        "svg",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).trim_start().starts_with("<svg") || stdout(&o).contains("<svg"));
}

#[test]
fn diff_names_the_change_and_is_empty_against_itself() {
    let o = kojo(&[
        "diff",
        "examples/annex-a/case2-before.yaml",
        "examples/annex-a/case2-after.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("remote"),
        "the new remote maintenance service is named: {text}"
    );

    let o = kojo(&[
        "diff",
        "examples/annex-a/case2-after.yaml",
        "examples/annex-a/case2-after.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("diff prints JSON");
    assert_eq!(d["entities"].as_array().map(Vec::len), Some(0));
    assert_eq!(d["importance"].as_array().map(Vec::len), Some(0));
    for part in ["new", "resolved", "severity_changed"] {
        assert_eq!(
            d["findings"][part].as_array().map(Vec::len),
            Some(0),
            "{part}"
        );
    }
}

#[test]
fn catalog_show_names_references_and_mappings() {
    let o = kojo(&["catalog", "show", "thr-unauthenticated-ot-protocol"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("SR "), "IEC 62443-3-3 mapping: {text}");
    assert!(text.contains("msr-"), "countermeasures: {text}");
    let o = kojo(&["catalog", "show", "thr-no-such-threat"]);
    assert_ne!(o.status.code(), Some(0));
}

#[test]
fn init_writes_a_model_that_checks_and_refuses_to_overwrite() {
    let dir = tempdir();
    let d = dir.to_str().expect("utf-8");
    let o = kojo(&["init", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let model = dir.join("factory.yaml");
    let o = kojo(&["check", model.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_ne!(kojo(&["init", d]).status.code(), Some(0));
}

/// A fresh directory under the target dir (no extra dependency for one helper).
fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kojo-cli-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// A flow log with one conversation from the parts-line PLC to a host the model does not
/// know, on Modbus/TCP.
fn unknown_host_flows(dir: &Path) -> PathBuf {
    let log = dir.join("flows.csv");
    std::fs::write(
        &log,
        "src,dst,transport,src_port,dst_port,packets,bytes\n\
         10.20.1.10,10.20.9.99,tcp,40000,502,10,1200\n",
    )
    .expect("write flow log");
    log
}

#[test]
fn assess_folds_traffic_findings_into_every_output() {
    let dir = tempdir();
    let log = unknown_host_flows(&dir);
    let log = log.to_str().expect("utf-8 path");
    let model = "examples/annex-a/factory.yaml";
    let plain = assessment(model);
    let o = kojo(&[
        "assess",
        model,
        "--traffic",
        log,
        "--format",
        "json",
        "--no-progress",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let with: serde_json::Value = serde_json::from_slice(&o.stdout).expect("assess prints JSON");
    let kinds = |v: &serde_json::Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .filter_map(|f| f["kind"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(
        !kinds(&plain).iter().any(|k| k.starts_with("traffic-")),
        "no traffic findings without --traffic"
    );
    let k = kinds(&with);
    assert!(
        k.iter().any(|k| k == "traffic-unknown-host"),
        "the unknown host 10.20.9.99 is a finding: {k:?}"
    );
    // The text report carries them too.
    let t = kojo(&["assess", model, "--traffic", log, "--no-progress"]);
    assert_eq!(t.status.code(), Some(0), "{}", stderr(&t));
    assert!(stdout(&t).contains("10.20.9.99"), "{}", stdout(&t));
}

#[test]
fn assess_traffic_missing_capture_is_an_io_error() {
    let o = kojo(&[
        "assess",
        "examples/annex-a/factory.yaml",
        "--traffic",
        "no-such-capture.pcap",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no-such-capture.pcap"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty(), "no report on a failed read");
}

#[test]
fn an_input_that_is_not_a_capture_is_bad_data_exit_1() {
    let dir = tempdir();
    let text = dir.join("notes.pcap");
    std::fs::write(&text, "these are meeting notes, not a capture\n").expect("write");
    let text = text.to_str().expect("utf-8 path");
    for args in [
        vec!["traffic", text, "--no-progress"],
        vec!["discover", text, "--no-progress"],
        vec![
            "assess",
            "examples/annex-a/factory.yaml",
            "--traffic",
            text,
            "--no-progress",
        ],
    ] {
        let o = kojo(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("notes.pcap") && err.contains("not a pcap/pcapng capture"),
            "{args:?}: {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}: nothing half-written");
    }
}

#[test]
fn assess_rejects_a_day_the_month_does_not_have() {
    let o = kojo(&["assess", "examples/starter.yaml", "--today", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has 28 days"), "{}", stderr(&o));
    let o = kojo(&["assess", "examples/starter.yaml", "--today", "2028-02-29"]);
    assert_eq!(o.status.code(), Some(0), "a leap day: {}", stderr(&o));
}

#[test]
fn diff_names_a_missing_file_once() {
    let o = kojo(&["diff", "examples/starter.yaml", "no-such-model.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("no-such-model.yaml").count(), 1, "{err}");
    assert!(err.contains("os error"), "{err}");
}

#[test]
fn every_subcommand_help_shows_an_example() {
    for cmd in [
        &["check"][..],
        &["init"],
        &["schema"],
        &["catalog"],
        &["catalog", "list"],
        &["catalog", "show"],
        &["catalog", "export"],
        &["assess"],
        &["report"],
        &["diagram"],
        &["diff"],
        &["history"],
        &["traffic"],
        &["discover"],
        &["sbom"],
        &["advisories"],
        &["advisories", "update"],
        &["serve"],
        &["user"],
        &["member"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let o = kojo(&args);
        assert_eq!(o.status.code(), Some(0), "{cmd:?}");
        assert!(
            stdout(&o).contains("Examples:\n  kojo "),
            "{cmd:?} --help has no example:\n{}",
            stdout(&o)
        );
    }
}

/// A git repository with the Annex A case 1 model before and after, committed as
/// `factory.yaml`; `None` when git is not installed.
fn git_repo_with_history() -> Option<PathBuf> {
    let dir = tempdir();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-c", "user.email=qa@example.com", "-c", "user.name=qa"])
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    git(&["init", "-q"])?;
    let copy = |from: &str| {
        std::fs::copy(root().join(from), dir.join("factory.yaml")).expect("copy model");
    };
    copy("examples/annex-a/case1-before.yaml");
    git(&["add", "factory.yaml"])?;
    git(&["commit", "-q", "-m", "before"])?;
    copy("examples/annex-a/case1-after.yaml");
    git(&["commit", "-q", "-a", "-m", "after"])?;
    Some(dir)
}

#[test]
fn history_finds_the_repository_of_the_file_and_rejects_a_typo() {
    let Some(repo) = git_repo_with_history() else {
        println!("skipped: git is not installed");
        return;
    };
    // Run from the workspace (another repository): the model's own repository counts.
    let model = repo.join("factory.yaml");
    let o = kojo(&["history", model.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("before") && out.contains("after"), "{out}");
    let typo = repo.join("factroy.yaml");
    let o = kojo(&["history", typo.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
}

#[test]
fn history_lists_a_commit_that_changes_only_an_included_file() {
    let dir = tempdir();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-c", "user.email=qa@example.com", "-c", "user.name=qa"])
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    if git(&["init", "-q"]).is_none() {
        println!("skipped: git is not installed");
        return;
    }
    let write = |rel: &str, text: &str| std::fs::write(dir.join(rel), text).expect("write");
    write(
        "factory.yaml",
        "version: 1\ninclude: [zones.yaml]\nfactory: {name: Include Works}\n",
    );
    write(
        "zones.yaml",
        "version: 1\nzones:\n  - {id: control, name: Control, kind: control}\n",
    );
    let committed = git(&["add", "factory.yaml", "zones.yaml"])
        .and_then(|_| git(&["commit", "-q", "-m", "first model"]));
    assert!(committed.is_some(), "first commit");
    write(
        "zones.yaml",
        "version: 1\nzones:\n  - {id: control, name: Control, kind: control}\n  - {id: oa, name: OA, kind: information}\n",
    );
    let committed =
        git(&["add", "zones.yaml"]).and_then(|_| git(&["commit", "-q", "-m", "add the OA zone"]));
    assert!(committed.is_some(), "second commit");
    let model = dir.join("factory.yaml");
    let o = kojo(&["history", model.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("first model") && out.contains("add the OA zone"),
        "{out}"
    );
}

#[test]
fn advisories_update_without_any_advisory_exits_1() {
    let dir = tempdir();
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("notes.json"), r#"{"meeting": "notes"}"#).expect("write");
    let cache = dir.join("cache");
    let o = kojo(&[
        "advisories",
        "update",
        src.to_str().expect("utf-8 path"),
        "--cache",
        cache.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("notes.json"),
        "listed as not an advisory"
    );
    assert!(stderr(&o).contains("no advisory"), "{}", stderr(&o));
    // One real OSV record is enough to succeed.
    std::fs::write(
        src.join("GHSA-test.json"),
        r#"{"schema_version":"1.6.0","id":"GHSA-xxxx-yyyy-zzzz","modified":"2024-01-01T00:00:00Z",
            "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},
            "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.3.0"}]}]}]}"#,
    )
    .expect("write");
    let o = kojo(&[
        "advisories",
        "update",
        src.to_str().expect("utf-8 path"),
        "--cache",
        cache.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn a_model_that_is_not_utf8_is_invalid_with_its_place() {
    let dir = tempdir();
    let bad = dir.join("sjis.yaml");
    // "工場" in Shift_JIS on line 3, column 9.
    std::fs::write(&bad, b"version: 1\nfactory:\n  name: \x8d\x48\x8f\xea\n").expect("write");
    let o = kojo(&["check", bad.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1), "bad content, not I/O");
    let err = format!("{}{}", stdout(&o), stderr(&o));
    assert!(err.contains("sjis.yaml:3:9"), "{err}");
    assert!(
        err.contains("not UTF-8") && err.contains("byte offset 28"),
        "{err}"
    );
    assert!(err.contains("save the file as UTF-8"), "{err}");
}

#[test]
fn diff_in_japanese_shows_the_findings_japanese_titles() {
    let (old, new) = (
        "examples/annex-a/case1-before.yaml",
        "examples/annex-a/case1-after.yaml",
    );
    let o = kojo(&["--lang", "ja", "diff", old, new]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ja = stdout(&o);
    let o = kojo(&["diff", old, new, "--format", "json"]);
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("diff prints JSON");
    let o = kojo(&["--lang", "ja", "assess", new, "--format", "json"]);
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).expect("assess prints JSON");
    let new_ids: Vec<&str> = d["findings"]["new"]
        .as_array()
        .expect("new findings")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(!new_ids.is_empty());
    let mut checked = 0;
    for f in a["findings"].as_array().expect("findings") {
        let id = f["id"].as_str().unwrap_or_default();
        if let Some(title) = f["i18n"]["ja"]["title"].as_str()
            && new_ids.contains(&id)
        {
            assert!(ja.contains(title), "{id}: `{title}` not in\n{ja}");
            checked += 1;
        }
    }
    assert!(checked > 0, "some new finding has a Japanese title");
}

#[test]
fn traffic_findings_speak_japanese_with_lang_ja() {
    let dir = tempdir();
    let log = unknown_host_flows(&dir);
    let log = log.to_str().expect("utf-8 path");
    let model = "examples/annex-a/factory.yaml";
    for args in [
        vec![
            "--lang",
            "ja",
            "assess",
            model,
            "--traffic",
            log,
            "--no-progress",
        ],
        vec![
            "--lang",
            "ja",
            "traffic",
            log,
            "--model",
            model,
            "--no-progress",
        ],
    ] {
        let o = kojo(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains("通信に現れる未知のホスト10.20.9.99"),
            "{args:?}: {out}"
        );
        assert!(
            !out.contains("Unknown host 10.20.9.99"),
            "{args:?}: English leaks"
        );
        assert!(out.contains("が通信に見られません"), "{args:?}: {out}");
    }
}

#[test]
fn diff_of_a_revision_beyond_the_history_says_what_would_be_right() {
    let Some(repo) = git_repo_with_history() else {
        println!("skipped: git is not installed");
        return;
    };
    let o = Command::new(env!("CARGO_BIN_EXE_kojo"))
        .args(["diff", "HEAD~5:factory.yaml", "factory.yaml"])
        .current_dir(&repo)
        .env("NO_COLOR", "1")
        .output()
        .expect("the kojo binary runs");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("`HEAD~5` does not name a commit"), "{err}");
    assert!(err.contains("git log --oneline"), "{err}");
}

#[test]
fn every_command_refuses_a_model_with_a_misspelled_measure_id_alike() {
    let dir = tempdir();
    let text = std::fs::read_to_string(root().join("examples/annex-a/case1-after.yaml"))
        .expect("the example reads");
    let bad_text = text.replacen(
        "measure: msr-net-wireless-security",
        "measure: msr-net-wireless-securty",
        1,
    );
    assert_ne!(bad_text, text);
    let bad = dir.join("misspelled.yaml");
    std::fs::write(&bad, bad_text).expect("written");
    let bad = bad.to_string_lossy().into_owned();
    let good = "examples/annex-a/case1-after.yaml";
    for args in [
        vec!["check", bad.as_str()],
        vec!["assess", bad.as_str()],
        vec!["report", bad.as_str(), "-o", dir.to_str().unwrap_or("out")],
        vec!["diagram", bad.as_str()],
        vec!["diagram", "--plain", bad.as_str()],
        vec!["diff", good, bad.as_str()],
        vec!["diff", "--no-assess", bad.as_str(), good],
        vec!["sbom", bad.as_str()],
        vec!["traffic", "--model", bad.as_str(), "nowhere.pcap"],
    ] {
        let o = kojo(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("msr-net-wireless-securty"),
            "{args:?} names the unknown measure: {}",
            stderr(&o)
        );
        assert!(
            stdout(&o).is_empty() || args[0] == "check",
            "{args:?}: {}",
            stdout(&o)
        );
    }
}

/// `kojo propose` writes the case 1 to-be model (the CAD control zone) atomically: the file
/// passes `kojo check`, no temporary file is left beside it, and its assessment proposes no
/// further zone.
#[test]
fn propose_writes_a_to_be_model_that_checks() {
    let dir = tempdir();
    let out = dir.join("to-be.yaml");
    let o = kojo(&[
        "propose",
        "examples/annex-a/case1-after.yaml",
        "-o",
        out.to_str().unwrap_or_default(),
        "--today",
        "2026-06-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 new zone, 2 assets moved"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        text.contains("  - id: cad-control\n    name: \"CAD control zone\""),
        "{text}"
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(left.len(), 1, "{left:?}");
    let o = kojo(&["check", out.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = kojo(&[
        "assess",
        out.to_str().unwrap_or_default(),
        "--format",
        "json",
        "--today",
        "2026-06-01",
    ]);
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    let verdicts: Vec<&str> = a["zones"]
        .as_array()
        .map(|z| {
            z.iter()
                .filter_map(|z| z["verdict"]["verdict"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(verdicts.len(), 8, "{verdicts:?}");
    assert!(
        verdicts.iter().all(|v| matches!(*v, "keep" | "review")),
        "{verdicts:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn csv_with_bom_is_the_same_csv_after_a_utf8_byte_order_mark() {
    let model = "examples/annex-a/case1-after.yaml";
    let plain = kojo(&[
        "assess",
        model,
        "--format",
        "csv",
        "--lang",
        "ja",
        "--today",
        "2026-06-01",
    ]);
    let bom = kojo(&[
        "assess",
        model,
        "--format",
        "csv",
        "--lang",
        "ja",
        "--today",
        "2026-06-01",
        "--bom",
    ]);
    assert_eq!(bom.status.code(), Some(0), "{}", stderr(&bom));
    assert_eq!(&bom.stdout[..3], b"\xef\xbb\xbf");
    assert_eq!(&bom.stdout[3..], &plain.stdout[..]);
    assert_ne!(&plain.stdout[..3], b"\xef\xbb\xbf");
}

#[test]
fn paths_prints_the_hops_and_compromised_assets_raise_what_they_reach() {
    let o = kojo(&[
        "paths",
        "examples/annex-a/case2-after.yaml",
        "--from",
        "vpn",
        "--to",
        "zone:production-control",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let p = &v[0];
    assert_eq!(p["entry"], "vpn");
    assert_eq!(p["zone"], "zone:production-control");
    assert_eq!(
        p["hops"].as_array().map(Vec::len),
        Some(p["zones"].as_array().map_or(0, |z| z.len() - 1))
    );
    let o = kojo(&[
        "paths",
        "examples/annex-a/case2-after.yaml",
        "--to",
        "zone:nowhere",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected zone:ID or asset:ID"),
        "{}",
        stderr(&o)
    );
    // A compromised CAD station of case 1 reaches the control network: threats there rise.
    let plain = kojo(&[
        "assess",
        "examples/annex-a/case1-after.yaml",
        "--format",
        "json",
        "--today",
        "2026-06-01",
    ]);
    let comp = kojo(&[
        "assess",
        "examples/annex-a/case1-after.yaml",
        "--format",
        "json",
        "--today",
        "2026-06-01",
        "--compromised",
        "asset:cad",
    ]);
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&stdout(&plain)).expect("JSON"),
        serde_json::from_str(&stdout(&comp)).expect("JSON"),
    );
    let crit = |v: &serde_json::Value| v["summary"]["by_severity"]["critical"].as_u64();
    assert!(crit(&b) > crit(&a));
    assert!(
        b["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "attack-path" && f["facts"]["entry"] == "asset:cad")
    );
    let bad = kojo(&[
        "assess",
        "examples/annex-a/case1-after.yaml",
        "--compromised",
        "asset:nope",
    ]);
    assert_ne!(bad.status.code(), Some(0));
    assert!(stderr(&bad).contains("no asset `nope`"), "{}", stderr(&bad));
}

/// `kojo plan` runs on Annex A case 1 (after) and prints the plan's heading in both
/// languages and as JSON; it writes only text or JSON.
#[test]
fn plan_prints_the_plan_of_case1_after() {
    let model = "examples/annex-a/case1-after.yaml";
    let o = kojo(&["plan", model, "--today", "2026-06-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.ends_with(&format!(" — {model}")), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("== Plan (")),
        "the plan heading: {out}"
    );
    let o = kojo(&["--lang", "ja", "plan", model, "--all", "--horizon", "now"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("== 対策計画（"), "{}", stdout(&o));
    let o = kojo(&["plan", model, "--format", "json", "--limit", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["model"]["path"], model);
    assert!(v["plan"].as_array().is_some_and(|p| p.len() <= 3), "{v}");
    let o = kojo(&["plan", model, "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("text, json"), "{}", stderr(&o));
    let o = kojo(&["assess", model, "--plan"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn member_add_gives_the_auditor_role() {
    let dir = tempdir();
    let data = dir.to_str().expect("utf-8 path");
    // An account and a factory, as `kojo serve` keeps them.
    let fid = kojo_web::block_on(async {
        let store = kojo_web::store::Store::open(&format!("sqlite:{data}/kojo.db"))
            .await
            .expect("store");
        let admin = store
            .create_user("root", "!", true, None)
            .await
            .expect("admin");
        store
            .create_user("carol", "!", false, None)
            .await
            .expect("carol");
        let fid = store
            .create_factory("Plant 1", &admin)
            .await
            .expect("factory");
        store.close().await;
        fid
    })
    .expect("runtime");
    let o = kojo(&[
        "member", "add", "Plant 1", "carol", "auditor", "--data", data,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "carol is now auditor in Plant 1\n");
    // An auditor speaks for no party; an unknown role names the roles.
    let o = kojo(&[
        "member", "role", "Plant 1", "carol", "auditor", "--party", "acme", "--data", data,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("only a supplier is bound to a party"),
        "{}",
        stderr(&o)
    );
    let o = kojo(&[
        "member",
        "add",
        "Plant 1",
        "carol",
        "inspector",
        "--data",
        data,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("supplier or auditor"), "{}", stderr(&o));
    let role = kojo_web::block_on(async {
        let store = kojo_web::store::Store::open(&format!("sqlite:{data}/kojo.db"))
            .await
            .expect("store");
        let carol = store
            .user_by_name("carol")
            .await
            .expect("read")
            .expect("carol");
        let m = store.membership(&carol.id, &fid).await.expect("read");
        store.close().await;
        m.map(|m| m.role)
    })
    .expect("runtime");
    assert_eq!(role.as_deref(), Some("auditor"));
    let _ = std::fs::remove_dir_all(&dir);
}
