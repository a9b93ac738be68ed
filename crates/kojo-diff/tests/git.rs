//! Models read from git revisions and a model file's history, on a fixture repository made
//! with the `git` command in a temporary directory (kojo itself reads git with gix).

use kojo_diff::git::{self, GitError};
use std::path::Path;
use std::process::Command;

const FACTORY_V1: &str = "version: 1
include: [zones.yaml]
factory: {name: Git Works}
assets:
  - {id: plc, name: PLC, kind: equipment, zone: control}
";

const FACTORY_V2: &str = "version: 1
include: [zones.yaml]
factory: {name: Git Works}
assets:
  - {id: plc, name: PLC, kind: equipment, zone: control}
  - {id: hmi, name: HMI, kind: equipment, zone: control}
";

const ZONES_V1: &str = "version: 1
zones:
  - {id: control, name: Control zone, kind: control}
";

const ZONES_V2: &str = "version: 1
zones:
  - {id: control, name: Control zone (renamed), kind: control}
";

fn git(dir: &Path, args: &[&str], when: &str) -> bool {
    Command::new("git")
        .args([
            "-c",
            "user.name=kojo test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// The files a commit writes, its message and its date.
type Step<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

/// c1: factory v1 + zones v1; c2: factory v2; c3: README only; c4: zones v2 only.
/// Returns `None` (and says so) where the `git` command is not available.
fn fixture() -> Option<tempfile::TempDir> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    if !git(d, &["init", "-q"], "2026-01-01T00:00:00Z") {
        println!("skipped: the git command is not available to build the fixture repository");
        return None;
    }
    let steps: [Step; 4] = [
        (
            &[
                ("plant/factory.yaml", FACTORY_V1),
                ("plant/zones.yaml", ZONES_V1),
            ],
            "first model",
            "2026-01-01T10:00:00Z",
        ),
        (
            &[("plant/factory.yaml", FACTORY_V2)],
            "add the HMI",
            "2026-01-02T10:00:00Z",
        ),
        (&[("README", "notes\n")], "readme", "2026-01-03T10:00:00Z"),
        (
            &[("plant/zones.yaml", ZONES_V2)],
            "rename the zone",
            "2026-01-04T10:00:00Z",
        ),
    ];
    for (files, msg, when) in steps {
        for (rel, text) in files {
            write(d, rel, text);
        }
        assert!(git(d, &["add", "."], when), "git add");
        assert!(git(d, &["commit", "-q", "-m", msg], when), "git commit");
    }
    Some(tmp)
}

#[test]
fn a_revision_resolves_its_includes_from_the_same_revision() {
    let Some(repo) = fixture() else { return };
    let r =
        git::load_revision(repo.path(), "HEAD~3", "plant/factory.yaml").expect("revision reads");
    assert_eq!(r.label, "HEAD~3:plant/factory.yaml");
    let m = r.model.expect("valid model");
    assert_eq!(m.assets.len(), 1);
    // The working tree has the renamed zone; the revision must not.
    assert_eq!(m.zones[0].name, "Control zone");
    assert!(r.checkout.is_some(), "includes need the revision's files");

    let head = git::load_revision(repo.path(), "HEAD", "plant/factory.yaml").expect("reads");
    let m = head.model.expect("valid");
    assert_eq!(
        (m.assets.len(), m.zones[0].name.as_str()),
        (2, "Control zone (renamed)")
    );
}

#[test]
fn dot_paths_are_relative_to_the_current_directory() {
    let Some(repo) = fixture() else { return };
    let plant = repo.path().join("plant");
    let r = git::load_revision(&plant, "HEAD~2", "./factory.yaml").expect("reads");
    assert_eq!(r.label, "HEAD~2:plant/factory.yaml");
    assert_eq!(r.model.expect("valid").assets.len(), 2);
}

#[test]
fn bad_revisions_and_paths_are_named() {
    let Some(repo) = fixture() else { return };
    let e = git::load_revision(repo.path(), "no-such-branch", "plant/factory.yaml").unwrap_err();
    assert!(
        matches!(e, GitError::BadRevision { ref rev, .. } if rev == "no-such-branch"),
        "{e}"
    );
    let e = git::load_revision(repo.path(), "HEAD", "plant/missing.yaml").unwrap_err();
    assert!(matches!(e, GitError::NoSuchPath { .. }), "{e}");
    assert!(e.to_string().contains("plant/missing.yaml"));
    let e = git::load_revision(repo.path(), "HEAD", "plant").unwrap_err();
    assert!(matches!(e, GitError::NotAFile { .. }), "{e}");
    let outside = tempfile::tempdir().expect("tempdir");
    let e = git::load_revision(outside.path(), "HEAD", "x.yaml").unwrap_err();
    assert!(matches!(e, GitError::NoRepository { .. }), "{e}");
}

#[test]
fn history_lists_the_commits_that_change_the_file_oldest_first() {
    let Some(repo) = fixture() else { return };
    let (rel, versions) =
        git::file_history(repo.path(), Path::new("plant/factory.yaml"), None).expect("history");
    assert_eq!(rel, "plant/factory.yaml");
    // The root-only change counts, and so does the change to the included zones file
    // alone; the README commit does not.
    let summaries: Vec<&str> = versions.iter().map(|v| v.summary.as_str()).collect();
    assert_eq!(summaries, ["first model", "add the HMI", "rename the zone"]);
    assert_eq!(git::utc_minute(versions[0].time), "2026-01-01 10:00");
    let states: Vec<(usize, &str)> = versions
        .iter()
        .map(|v| {
            let m = v.model.model.as_ref().expect("valid model");
            (m.assets.len(), m.zones[0].name.as_str())
        })
        .collect();
    assert_eq!(
        states,
        [
            (1, "Control zone"),
            (2, "Control zone"),
            (2, "Control zone (renamed)")
        ]
    );

    let (_, newest) =
        git::file_history(repo.path(), Path::new("plant/factory.yaml"), Some(2)).expect("history");
    let summaries: Vec<&str> = newest.iter().map(|v| v.summary.as_str()).collect();
    assert_eq!(summaries, ["add the HMI", "rename the zone"]);

    let (_, zones) =
        git::file_history(repo.path(), Path::new("plant/zones.yaml"), None).expect("history");
    assert_eq!(zones.len(), 2);
}

#[test]
fn diff_between_two_revisions() {
    let Some(repo) = fixture() else { return };
    let old = git::load_revision(repo.path(), "HEAD~3", "plant/factory.yaml").expect("reads");
    let new = git::load_revision(repo.path(), "HEAD", "plant/factory.yaml").expect("reads");
    let (om, nm) = (old.model.expect("valid"), new.model.expect("valid"));
    let d = kojo_diff::diff(
        &kojo_diff::Side {
            label: &old.label,
            model: &om,
            assessment: None,
        },
        &kojo_diff::Side {
            label: &new.label,
            model: &nm,
            assessment: None,
        },
    );
    let subjects: Vec<&str> = d.entities.iter().map(|e| e.subject.as_str()).collect();
    assert_eq!(subjects, ["asset:hmi", "zone:control"]);
    assert_eq!(
        (d.old.label.as_str(), d.new.label.as_str()),
        ("HEAD~3:plant/factory.yaml", "HEAD:plant/factory.yaml")
    );
}

const NESTED_ROOT: &str = "version: 1
include: [areas/assets.yaml]
factory: {name: Nested Works}
";

const NESTED_ROOT_RENAMED: &str = "version: 1
include: [areas/assets.yaml]
factory: {name: Nested Works (renamed)}
";

/// Included by the root; includes `zones.yaml` beside itself (`plant/areas/zones.yaml`).
const AREA_ASSETS: &str = "version: 1
include: [zones.yaml]
assets:
  - {id: plc, name: PLC, kind: equipment, zone: control}
";

const AREA_ASSETS_HMI: &str = "version: 1
include: [zones.yaml]
assets:
  - {id: plc, name: PLC, kind: equipment, zone: control}
  - {id: hmi, name: HMI, kind: equipment, zone: control}
";

fn zones(name: &str) -> String {
    format!("version: 1\nzones:\n  - {{id: control, name: {name}, kind: control}}\n")
}

/// Writes `files` and commits them (by their paths) on the current branch.
fn commit(d: &Path, files: &[(&str, &str)], msg: &str, when: &str) {
    for (rel, text) in files {
        write(d, rel, text);
    }
    let mut add = vec!["add", "--"];
    add.extend(files.iter().map(|(rel, _)| *rel));
    assert!(git(d, &add, when), "git add");
    assert!(
        git(d, &["commit", "-q", "-m", msg], when),
        "git commit {msg}"
    );
}

/// A model `plant/factory.yaml` → `plant/areas/assets.yaml` → `plant/areas/zones.yaml`,
/// with two merged branches: `side` changes the model and `main` does not (the merge keeps
/// side's model), then `side2` and `main` both change it (the merge is a model neither
/// parent had). Returns `None` (and says so) where the `git` command is not available.
fn nested_fixture() -> Option<tempfile::TempDir> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    if !git(d, &["init", "-q"], "2026-02-01T00:00:00Z") {
        println!("skipped: the git command is not available to build the fixture repository");
        return None;
    }
    let zones_v1 = zones("Control zone");
    let zones_v2 = zones("Control zone v2");
    let zones_v3 = zones("Control zone v3");
    commit(
        d,
        &[
            ("plant/factory.yaml", NESTED_ROOT),
            ("plant/areas/assets.yaml", AREA_ASSETS),
            ("plant/areas/zones.yaml", &zones_v1),
        ],
        "first model",
        "2026-02-01T10:00:00Z",
    );
    commit(
        d,
        &[("plant/areas/zones.yaml", &zones_v2)],
        "change the nested zone",
        "2026-02-02T10:00:00Z",
    );
    // Same name as the nested file, but beside the root: not part of the model.
    commit(
        d,
        &[("plant/zones.yaml", &zones_v3)],
        "a zones file nobody includes",
        "2026-02-03T10:00:00Z",
    );
    let step = |args: &[&str], when: &str| assert!(git(d, args, when), "git {args:?}");
    step(&["checkout", "-q", "-b", "side"], "2026-02-04T00:00:00Z");
    commit(
        d,
        &[("plant/areas/assets.yaml", AREA_ASSETS_HMI)],
        "side: add the HMI",
        "2026-02-04T10:00:00Z",
    );
    step(&["checkout", "-q", "main"], "2026-02-05T00:00:00Z");
    commit(
        d,
        &[("README", "notes\n")],
        "main: readme",
        "2026-02-05T10:00:00Z",
    );
    step(
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
        "2026-02-06T10:00:00Z",
    );
    step(&["checkout", "-q", "-b", "side2"], "2026-02-07T00:00:00Z");
    commit(
        d,
        &[("plant/areas/zones.yaml", &zones_v3)],
        "side2: rename the zone",
        "2026-02-07T10:00:00Z",
    );
    step(&["checkout", "-q", "main"], "2026-02-08T00:00:00Z");
    commit(
        d,
        &[("plant/factory.yaml", NESTED_ROOT_RENAMED)],
        "main: rename the factory",
        "2026-02-08T10:00:00Z",
    );
    step(
        &["merge", "-q", "--no-ff", "-m", "merge side2", "side2"],
        "2026-02-09T10:00:00Z",
    );
    Some(tmp)
}

#[test]
fn history_follows_nested_includes_and_skips_merges_that_keep_one_side() {
    let Some(repo) = nested_fixture() else { return };
    let (rel, versions) =
        git::file_history(repo.path(), Path::new("plant/factory.yaml"), None).expect("history");
    assert_eq!(rel, "plant/factory.yaml");
    let summaries: Vec<&str> = versions.iter().map(|v| v.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "first model",
            // Only the file included by an included file changed.
            "change the nested zone",
            "side: add the HMI",
            "side2: rename the zone",
            "main: rename the factory",
            // Each side changed another file: the merged model is new against both parents.
            "merge side2",
        ]
    );
    let states: Vec<(&str, usize, &str)> = versions
        .iter()
        .map(|v| {
            let m = v.model.model.as_ref().expect("valid model");
            (
                m.factory.name.as_str(),
                m.assets.len(),
                m.zones[0].name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        states[1..],
        [
            ("Nested Works", 1, "Control zone v2"),
            ("Nested Works", 2, "Control zone v2"),
            ("Nested Works", 2, "Control zone v3"),
            ("Nested Works (renamed)", 2, "Control zone v2"),
            ("Nested Works (renamed)", 2, "Control zone v3"),
        ]
    );
}
