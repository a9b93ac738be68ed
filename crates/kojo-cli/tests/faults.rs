//! Faults at the edges of the `kojo` binary: outputs that cannot be written (a full disk, a
//! closed or broken stdout) are errors with exit 2; written files replace the old ones
//! whole; hostile inputs (an endless device, an include that is no model, control
//! characters in names) give a clear message and never flood or steer the terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const MODEL: &str = "examples/annex-a/case1-after.yaml";

fn kojo() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kojo"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

fn run(c: &mut Command) -> Output {
    c.output().expect("the kojo binary runs")
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kojo-faults-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(target_os = "linux")]
#[test]
fn assess_into_a_full_disk_exits_2() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = run(kojo().args(["assess", MODEL]).stdout(full));
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cannot write standard output"), "{err}");
}

/// `kojo assess MODEL` run by the shell with stdout redirected as `redirect` says.
#[cfg(unix)]
fn assess_with_stdout(redirect: &str) -> Output {
    run(Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" assess \"$1\" {redirect}"))
        .arg(env!("CARGO_BIN_EXE_kojo"))
        .arg(MODEL)
        .current_dir(root()))
}

#[cfg(unix)]
#[test]
fn assess_with_stdout_closed_exits_2() {
    let o = assess_with_stdout(">&-");
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("standard output is closed"));
}

#[cfg(unix)]
#[test]
fn assess_into_a_broken_pipe_exits_2() {
    let mut child = kojo()
        .args(["assess", MODEL, "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take()); // the reader goes away before anything is written
    let o = child.wait_with_output().expect("wait");
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken pipe"));
}

#[test]
fn outputs_replace_the_old_file_whole_and_leave_no_temp_files() {
    let dir = tempdir("replace");
    let out = dir.join("a.json");
    std::fs::write(&out, "old").expect("write");
    let o = run(kojo()
        .args(["assess", MODEL, "--format", "json", "-o"])
        .arg(&out));
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("whole JSON");
    assert!(v["findings"].as_array().is_some_and(|f| !f.is_empty()));
    let o = run(kojo().args(["report", MODEL, "-o"]).arg(&dir));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(listing(&dir), ["a.json", "report.html", "zone-diagram.svg"]);
    // Into a directory that does not exist: an error naming the file, nothing written.
    let o = run(kojo()
        .args(["assess", MODEL, "--format", "sarif", "-o"])
        .arg(dir.join("missing/out.sarif")));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("out.sarif"));
    assert_eq!(listing(&dir), ["a.json", "report.html", "zone-diagram.svg"]);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn two_xlsx_runs_are_byte_identical() {
    let dir = tempdir("xlsx");
    let (a, b) = (dir.join("a.xlsx"), dir.join("b.xlsx"));
    for p in [&a, &b] {
        let o = run(kojo()
            .args(["assess", MODEL, "--format", "xlsx", "-o"])
            .arg(p));
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(std::fs::read(&a).expect("a") == std::fs::read(&b).expect("b"));
    let o = run(kojo()
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["assess", MODEL, "--format", "xlsx", "-o"])
        .arg(&b));
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::read(&a).expect("a") != std::fs::read(&b).expect("b"),
        "SOURCE_DATE_EPOCH changes the recorded creation time"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[cfg(unix)]
#[test]
fn check_of_an_endless_device_stops_at_the_cap() {
    let o = run(kojo()
        .env("KOJO_MAX_FILE_BYTES", "1M")
        .args(["check", "/dev/zero"]));
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("1 MiB") && err.contains("KOJO_MAX_FILE_BYTES"),
        "{err}"
    );
    let o = run(kojo()
        .env("KOJO_MAX_FILE_BYTES", "a lot")
        .args(["check", MODEL]));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a size"));
    let o = run(kojo().env("KOJO_MAX_FILE_BYTES", "1M").args([
        "check",
        MODEL,
        "--catalog",
        "/dev/zero",
    ]));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("byte offset 1048576"));
}

#[cfg(unix)]
#[test]
fn an_include_of_a_system_file_is_named_not_printed() {
    let dir = tempdir("passwd");
    let m = dir.join("m.yaml");
    std::fs::write(
        &m,
        "version: 1\nfactory:\n  name: T\ninclude: [/etc/passwd]\n",
    )
    .expect("write");
    let o = run(kojo().arg("check").arg(&m));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`/etc/passwd` is not a model fragment"),
        "{err}"
    );
    assert!(!err.contains("root:"), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn control_characters_in_names_do_not_reach_the_terminal() {
    let dir = tempdir("esc");
    let m = dir.join("evil\u{1b}[2J.yaml");
    std::fs::write(
        &m,
        "version: 1\nfactory:\n  name: \"Works \\e]0;owned\\a\"\n",
    )
    .expect("write");
    let o = run(kojo().arg("check").arg(&m));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\u{1b}]0;owned\\u{7}"), "{out}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[cfg(unix)]
#[test]
fn assess_into_dev_null_is_fine() {
    let o = assess_with_stdout(">/dev/null");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A model with more errors of one kind than are listed: the listing stops at the cap and
/// says how many more there are, and the last line counts them all.
#[test]
fn check_counts_the_errors_it_does_not_list() {
    let dir = tempdir("many-errors");
    let path = dir.join("many.yaml");
    let mut text = String::from("factory:\n  name: Plant\n");
    for i in 0..250 {
        text.push_str(&format!("junk{i}: 1\n"));
    }
    std::fs::write(&path, text).expect("model written");
    let out = run(kojo().arg("check").arg(&path));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("150 more errors of this kind"), "{err}");
    let last = err
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let shown = err.matches("unknown field").count();
    assert!(shown <= 101, "{shown} listed");
    let count: usize = last
        .rsplit("invalid — ")
        .next()
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    assert!(count >= 250, "{last}");
    let _ = std::fs::remove_dir_all(&dir);
}
