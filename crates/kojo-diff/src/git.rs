//! Models from git: `REV:path` specs and a model file's history, read with gix (pure Rust,
//! no `git` process). A model read from a revision resolves its `include:`s and SBOM paths
//! from that same revision: the revision's tree is written to a private temporary
//! directory and the model loaded from there.

use kojo_model::{Diagnostic, Model};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Component, Path, PathBuf};

/// Why git could not give a model (the model's own problems are [`Diagnostic`]s instead).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("no git repository at or above `{path}`: {message}")]
    NoRepository { path: PathBuf, message: String },
    #[error("`{rev}` does not name a commit in `{repo}`: {message}")]
    BadRevision {
        rev: String,
        repo: PathBuf,
        message: String,
    },
    #[error(
        "`{path}` does not exist in revision `{rev}` (paths are relative to the repository root, or start with ./ for the current directory)"
    )]
    NoSuchPath { rev: String, path: String },
    #[error("`{path}` in revision `{rev}` is not a file")]
    NotAFile { rev: String, path: String },
    #[error("`{path}` is outside the repository at `{repo}`")]
    OutsideRepository { path: PathBuf, repo: PathBuf },
    #[error("reading the repository: {0}")]
    Read(String),
    #[error("writing the files of revision `{rev}` to a temporary directory: {message}")]
    Materialize { rev: String, message: String },
}

fn read_err(e: impl std::fmt::Display) -> GitError {
    GitError::Read(e.to_string())
}

/// A model argument: a file on disk, or `REV:path` in a git repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSpec {
    File(PathBuf),
    Revision { rev: String, path: String },
}

impl ModelSpec {
    /// An existing file wins (a path may contain `:`); otherwise text with a `:` is
    /// `REV:path`, split at the first `:` as git does. Anything else is a file (that the
    /// loader will report missing).
    pub fn parse(arg: &str) -> ModelSpec {
        if Path::new(arg).exists() {
            return ModelSpec::File(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => ModelSpec::Revision {
                rev: rev.to_string(),
                path: path.to_string(),
            },
            _ => ModelSpec::File(PathBuf::from(arg)),
        }
    }
}

/// A model read from a revision, with the directory its files were written to (kept alive
/// as long as the model is used, since the assessment reads SBOM files relative to it).
#[derive(Debug)]
pub struct RevisionModel {
    /// `REV:path`, for output.
    pub label: String,
    /// The model, or the loader's diagnostics.
    pub model: Result<Model, Vec<Diagnostic>>,
    /// Where the revision's tree was written, when includes or SBOMs needed it.
    pub checkout: Option<Checkout>,
}

/// A revision's files written to a temporary directory, removed when dropped.
#[derive(Debug)]
pub struct Checkout(tempfile::TempDir);

impl Checkout {
    /// The directory holding the revision's files.
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// Opens the repository that holds `dir` (searching upwards).
pub fn open(dir: &Path) -> Result<gix::Repository, GitError> {
    gix::discover(dir).map_err(|e| GitError::NoRepository {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })
}

/// The path inside the repository for `path` as written in a spec: relative to the
/// repository root, or — with a leading `./` or `../` — to the current directory `cwd`.
fn repo_relative(repo: &gix::Repository, cwd: &Path, path: &str) -> Result<String, GitError> {
    let p = Path::new(path);
    let root = repo.workdir().map(Path::to_path_buf);
    let starts_dot = matches!(
        p.components().next(),
        Some(Component::CurDir | Component::ParentDir)
    );
    let rel = if starts_dot || p.is_absolute() {
        let Some(root) = root else {
            return Err(GitError::OutsideRepository {
                path: p.to_path_buf(),
                repo: repo.git_dir().to_path_buf(),
            });
        };
        let abs = normalize(&cwd.join(p));
        let root = normalize(&std::fs::canonicalize(&root).unwrap_or(root));
        let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
        match abs.strip_prefix(&root) {
            Ok(r) => r.to_path_buf(),
            Err(_) => {
                return Err(GitError::OutsideRepository {
                    path: abs,
                    repo: root,
                });
            }
        }
    } else {
        p.to_path_buf()
    };
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Ok(parts.join("/"))
}

/// Removes `.` and resolves `..` lexically.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The bytes of `path` in the tree of `commit`, or `None` where the path is absent.
fn blob_at(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    path: &str,
) -> Result<Option<(gix::ObjectId, Vec<u8>)>, GitError> {
    let tree = commit.tree().map_err(read_err)?;
    let Some(entry) = tree.lookup_entry_by_path(path).map_err(read_err)? else {
        return Ok(None);
    };
    if !entry.mode().is_blob() {
        return Ok(None);
    }
    let blob = repo.find_blob(entry.object_id()).map_err(read_err)?;
    Ok(Some((entry.object_id(), blob.data.clone())))
}

fn resolve_commit<'r>(repo: &'r gix::Repository, rev: &str) -> Result<gix::Commit<'r>, GitError> {
    let bad = |message: String| GitError::BadRevision {
        rev: rev.to_string(),
        repo: repo.git_dir().to_path_buf(),
        message,
    };
    // gix's own message names its parser's internals; say what would be right as well.
    let id = repo.rev_parse_single(rev).map_err(|e| {
        bad(format!(
            "{e}; expected a branch, tag, commit id or `HEAD~N` within the history \
             (`git log --oneline` lists the commits)"
        ))
    })?;
    let object = id.object().map_err(|e| bad(e.to_string()))?;
    object.peel_to_commit().map_err(|e| bad(e.to_string()))
}

/// Reads `path` at revision `rev` of the repository holding `cwd` and loads it as a model.
pub fn load_revision(cwd: &Path, rev: &str, path: &str) -> Result<RevisionModel, GitError> {
    let repo = open(cwd)?;
    let rel = repo_relative(&repo, cwd, path)?;
    let commit = resolve_commit(&repo, rev)?;
    let label = format!("{rev}:{rel}");
    let Some((_, bytes)) = blob_at(&repo, &commit, &rel)? else {
        let tree = commit.tree().map_err(read_err)?;
        return Err(match tree.lookup_entry_by_path(&rel).map_err(read_err)? {
            Some(_) => GitError::NotAFile {
                rev: rev.into(),
                path: rel,
            },
            None => GitError::NoSuchPath {
                rev: rev.into(),
                path: rel,
            },
        });
    };
    load_from_commit(&repo, &commit, rev, &rel, label, bytes)
}

fn load_from_commit(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    rev: &str,
    rel: &str,
    label: String,
    bytes: Vec<u8>,
) -> Result<RevisionModel, GitError> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Ok(RevisionModel {
                model: Err(vec![Diagnostic {
                    code: "not-utf8",
                    severity: kojo_model::DiagSeverity::Error,
                    message: kojo_model::DiagText::untranslated(format!(
                        "`{label}` is not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    )),
                    position: None,
                    help: Some(kojo_model::DiagText::untranslated(
                        "save the model as UTF-8",
                    )),
                    related: Vec::new(),
                }]),
                label,
                checkout: None,
            });
        }
    };
    let model = kojo_model::load_str(Path::new(&label), &text);
    let needs_files = match &model {
        Err(diags) => diags.iter().any(|d| d.code == "include-not-allowed"),
        Ok(m) => m.assets.iter().any(|a| a.sbom.is_some()),
    };
    if !needs_files {
        return Ok(RevisionModel {
            label,
            model,
            checkout: None,
        });
    }
    let dir = materialize(repo, commit, rev)?;
    let model = kojo_model::load_file(&dir.path().join(rel));
    Ok(RevisionModel {
        label,
        model,
        checkout: Some(Checkout(dir)),
    })
}

/// Writes every file of the commit's tree into a new temporary directory.
fn materialize(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    rev: &str,
) -> Result<tempfile::TempDir, GitError> {
    let fail = |message: String| GitError::Materialize {
        rev: rev.to_string(),
        message,
    };
    let dir = tempfile::Builder::new()
        .prefix("kojo-rev-")
        .tempdir()
        .map_err(|e| fail(e.to_string()))?;
    let tree = commit.tree().map_err(read_err)?;
    let files = tree.traverse().breadthfirst.files().map_err(read_err)?;
    for f in files {
        if !f.mode.is_blob() {
            continue;
        }
        let rel = String::from_utf8_lossy(&f.filepath).into_owned();
        // Git trees hold plain names only; refuse anything that would leave the directory.
        let rel_path = Path::new(&rel);
        if !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            continue;
        }
        let target = dir.path().join(rel_path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| fail(format!("{}: {e}", parent.display())))?;
        }
        let blob = repo.find_blob(f.oid).map_err(read_err)?;
        std::fs::write(&target, &blob.data)
            .map_err(|e| fail(format!("{}: {e}", target.display())))?;
    }
    Ok(dir)
}

/// One commit that changed a model: its root file or a file it includes.
#[derive(Debug)]
pub struct FileVersion {
    /// Full hex id.
    pub commit: String,
    /// Seconds since the Unix epoch (committer time).
    pub time: i64,
    /// First line of the commit message.
    pub summary: String,
    /// The model at this commit (includes resolved from the same commit).
    pub model: RevisionModel,
}

/// The commits reachable from `HEAD` that change the model whose root file is `path`,
/// oldest first, with the path as found in the repository; `limit` keeps the newest `limit`
/// of them.
///
/// The model's files at a commit are the root file and every file it includes, transitively,
/// as that commit's contents name them (paths relative to the including file). A commit is
/// listed when the root file exists in it and, against every parent, one of those files has
/// another blob there (or is missing there), as `git log -- <the model's files>` would: an
/// include-only change counts, a merge that keeps one side's model unchanged does not.
/// History starts at the commit that created `path`; renames are not followed.
///
/// Include lists are read from the blobs, once per blob id, so no commit is written out to
/// find them; only the listed commits are loaded (see [`load_revision`] for includes).
pub fn file_history(
    cwd: &Path,
    path: &Path,
    limit: Option<usize>,
) -> Result<(String, Vec<FileVersion>), GitError> {
    let repo = open(cwd)?;
    let rel = repo_relative(&repo, cwd, &path.to_string_lossy())?;
    let head = resolve_commit(&repo, "HEAD")?;
    let walk = repo
        .rev_walk([head.id])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            Default::default(),
        ))
        .all()
        .map_err(read_err)?;
    let mut includes = IncludeCache::default();
    let mut picked = Vec::new();
    for info in walk {
        let info = info.map_err(read_err)?;
        let commit = info.object().map_err(read_err)?;
        let tree = commit.tree().map_err(read_err)?;
        let Some(root_id) = blob_id(&tree, &rel)? else {
            continue;
        };
        let files = model_files(&repo, &tree, &rel, root_id, &mut includes)?;
        let mut differs_from_all = true;
        for pid in info.parent_ids() {
            let parent = repo.find_commit(pid).map_err(read_err)?;
            let same_tree = parent.tree_id().map_err(read_err)? == tree.id;
            if same_tree || !model_differs(&parent.tree().map_err(read_err)?, &files)? {
                differs_from_all = false;
                break;
            }
        }
        if !differs_from_all {
            continue;
        }
        let time = commit.time().map(|t| t.seconds).unwrap_or(0);
        let summary = commit
            .message_raw()
            .map(|m| {
                String::from_utf8_lossy(m)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
            .unwrap_or_default();
        let id = commit.id.to_string();
        let label = format!("{}:{rel}", &id[..id.len().min(10)]);
        let bytes = repo.find_blob(root_id).map_err(read_err)?.data.clone();
        let model = load_from_commit(&repo, &commit, &id, &rel, label, bytes)?;
        picked.push(FileVersion {
            commit: id,
            time,
            summary,
            model,
        });
        if limit.is_some_and(|n| picked.len() >= n) {
            break;
        }
    }
    picked.reverse();
    Ok((rel, picked))
}

/// The `include:` entries of each blob read so far, by blob id: a file's include list is in
/// its contents, so each version of each file is parsed once for the whole walk.
type IncludeCache = HashMap<gix::ObjectId, Vec<String>>;

/// The blob id of `path` in `tree`, `None` where the path is absent or not a file.
fn blob_id(tree: &gix::Tree<'_>, path: &str) -> Result<Option<gix::ObjectId>, GitError> {
    Ok(tree
        .lookup_entry_by_path(path)
        .map_err(read_err)?
        .filter(|e| e.mode().is_blob())
        .map(|e| e.object_id()))
}

/// The files of the model whose root file `root` has the blob `root_id` in `tree`: the root
/// and every path it includes, transitively, each with its blob id in `tree` (`None` where
/// the included path is missing, which the loader reports). Each path appears once.
fn model_files(
    repo: &gix::Repository,
    tree: &gix::Tree<'_>,
    root: &str,
    root_id: gix::ObjectId,
    includes: &mut IncludeCache,
) -> Result<Vec<(String, Option<gix::ObjectId>)>, GitError> {
    let mut files = vec![(root.to_string(), Some(root_id))];
    let mut next = 0;
    while let Some((path, id)) = files.get(next).cloned() {
        next += 1;
        let Some(id) = id else { continue };
        let entries = match includes.entry(id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let blob = repo.find_blob(id).map_err(read_err)?;
                // Not UTF-8: the loader refuses the file and follows none of its includes.
                let list = std::str::from_utf8(&blob.data)
                    .map(kojo_model::include_entries)
                    .unwrap_or_default();
                e.insert(list)
            }
        };
        for entry in entries.iter() {
            let Some(target) = include_target(&path, entry) else {
                continue;
            };
            if files.iter().any(|(p, _)| *p == target) {
                continue;
            }
            let target_id = blob_id(tree, &target)?;
            files.push((target, target_id));
        }
    }
    Ok(files)
}

/// Whether some file of `files` (a model at one commit) has another blob in the parent's
/// `tree`, or is there where it is missing from the commit or the other way round.
fn model_differs(
    tree: &gix::Tree<'_>,
    files: &[(String, Option<gix::ObjectId>)],
) -> Result<bool, GitError> {
    for (path, id) in files {
        if blob_id(tree, path)? != *id {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The repository path that the `include:` entry `entry` of the file at `from` names, as the
/// loader resolves it (relative to the including file's directory), with `.` and `..`
/// resolved; `None` for an absolute path or one that leaves the repository, which no commit
/// holds.
pub(crate) fn include_target(from: &str, entry: &str) -> Option<String> {
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    for c in Path::new(entry).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `YYYY-MM-DD HH:MM` in UTC for seconds since the epoch.
pub fn utc_minute(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let date = kojo_model::Date::from_days_since_epoch(days);
    format!("{date} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}
