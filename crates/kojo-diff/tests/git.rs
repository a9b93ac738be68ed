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
    let summaries: Vec<&str> = versions.iter().map(|v| v.summary.as_str()).collect();
    assert_eq!(summaries, ["first model", "add the HMI"]);
    assert_eq!(git::utc_minute(versions[0].time), "2026-01-01 10:00");
    let counts: Vec<usize> = versions
        .iter()
        .map(|v| v.model.model.as_ref().map(|m| m.assets.len()).unwrap_or(0))
        .collect();
    assert_eq!(counts, [1, 2]);

    let (_, newest) =
        git::file_history(repo.path(), Path::new("plant/factory.yaml"), Some(1)).expect("history");
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].summary, "add the HMI");

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
    assert!(
        kojo_diff::render_text(&d)
            .starts_with("kojo diff: HEAD~3:plant/factory.yaml → HEAD:plant/factory.yaml")
    );
}
