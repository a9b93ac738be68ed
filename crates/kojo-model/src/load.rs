//! The loader: YAML text → [`Model`], with every problem of every file reported at once.
//!
//! Two passes. The first maps each file's YAML tree to model entities, checking fields,
//! types and vocabularies and noting every reference with where it is written. The second,
//! once all files (`include:`) are read, checks ids for duplicates and resolves references.

use crate::diag::{DiagSeverity, Diagnostic, Position};
use crate::model::*;
use crate::read::{self, ReadError};
use crate::vocab::{self, *};
use crate::yaml::{self, Node, Pos, Value};
use kojo_lang::Message;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The format versions this loader reads.
pub const SUPPORTED_VERSIONS: &[u32] = &[1];

/// Load a model file and the files it includes, each read within the cap of
/// [`read::max_file_bytes`] (`KOJO_MAX_FILE_BYTES`, 64 MiB by default).
pub fn load_file(path: &Path) -> Result<Model, Vec<Diagnostic>> {
    load_file_with_cap(path, read::max_file_bytes())
}

/// [`load_file`] with an explicit cap in bytes on the model file and on each include.
pub fn load_file_with_cap(path: &Path, cap: u64) -> Result<Model, Vec<Diagnostic>> {
    let mut l = Loader::new(true);
    l.cap = cap;
    match read_text(path, cap) {
        Ok(Ok(text)) => l.load_root(path, text),
        // Bad content, not an I/O failure: an invalid model (exit 1) with its place.
        Ok(Err(bad)) => {
            l.unreadable = true;
            l.diags.push(Diagnostic {
                code: "not-utf8",
                severity: DiagSeverity::Error,
                message: msg("diag-not-utf8")
                    .arg("byte", format!("{:02x}", bad.byte))
                    .arg("offset", bad.offset.to_string())
                    .into(),
                position: Some(Position {
                    path: path.to_path_buf(),
                    line: bad.line,
                    column: bad.column,
                }),
                help: Some(msg("diag-not-utf8-help").into()),
                related: Vec::new(),
            })
        }
        Err(e) => {
            l.unreadable = true;
            l.diags.push(Diagnostic {
                code: read_error_code(&e),
                severity: DiagSeverity::Error,
                message: msg("diag-cannot-read-model")
                    .arg("path", path.display().to_string())
                    .arg("error", e.message())
                    .into(),
                position: None,
                help: None,
                related: Vec::new(),
            })
        }
    }
    l.finish()
}

/// A message of `diagnostics.ftl`.
fn msg(id: &'static str) -> Message {
    Message::new(id)
}

/// Text shown as written, in backticks in both languages: a key, a path in the model.
fn code(text: impl Into<String>) -> Message {
    msg("diag-code").arg("text", text.into())
}

/// Where a file stops being UTF-8.
struct NotUtf8 {
    byte: u8,
    offset: usize,
    line: u32,
    column: u32,
}

fn read_error_code(e: &ReadError) -> &'static str {
    match e {
        ReadError::Io(_) => "io-error",
        ReadError::TooLarge { .. } => "file-too-large",
    }
}

/// Reads a file as UTF-8 text within `cap` bytes; the inner `Err` says where it is not UTF-8.
fn read_text(path: &Path, cap: u64) -> Result<Result<String, NotUtf8>, ReadError> {
    let bytes = read::read_capped(path, cap)?;
    Ok(String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let valid = String::from_utf8_lossy(&bytes[..offset]);
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        NotUtf8 {
            byte: bytes.get(offset).copied().unwrap_or(0),
            offset,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }))
}

/// Load a model from text; `name` is used in messages. `include:` is refused here (there is
/// no directory to resolve it against).
pub fn load_str(name: &Path, text: &str) -> Result<Model, Vec<Diagnostic>> {
    let mut l = Loader::new(false);
    l.load_root(name, text.to_string());
    l.finish()
}

/// The `include:` entries of one model file's text, as written and in order: the paths
/// [`load_file`] would follow from this file (relative to it), without reading anything.
/// Text that is not YAML, or has no list under `include`, gives none; entries that are not
/// text are left out (the loader reports them). For readers that take the files from
/// somewhere other than the file system, such as a model's history in git.
pub fn include_entries(text: &str) -> Vec<String> {
    let (Some(root), _) = yaml::parse(text) else {
        return Vec::new();
    };
    let Value::Map(entries) = &root.value else {
        return Vec::new();
    };
    // Duplicate keys are reported by the parser and the first one is kept, as the loader does.
    let Some((_, list)) = entries.iter().find(|(k, _)| k.scalar() == Some("include")) else {
        return Vec::new();
    };
    match &list.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| item.scalar().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Root-file keys, in the order of `model-format.md`.
pub(crate) const ROOT_KEYS: &[&str] = &[
    "version",
    "include",
    "factory",
    "departments",
    "parties",
    "operations",
    "assets",
    "zones",
    "flows",
    "measures",
    "supply_chain",
    "incident_response",
    "maturity",
    "decisions",
    "licenses",
];
/// Keys an included file may hold (it adds to the lists of the root).
const INCLUDE_KEYS: &[&str] = &[
    "version",
    "include",
    "departments",
    "parties",
    "operations",
    "assets",
    "zones",
    "flows",
    "measures",
    "supply_chain",
    "decisions",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Zone,
    Asset,
    DataAsset,
    Department,
    Party,
    Operation,
    Flow,
    DepartmentOrParty,
    Decider,
    /// An asset whose role is a boundary device (`flows[].via`).
    BoundaryDevice,
}

impl Target {
    fn word(self) -> Message {
        msg(self.word_id())
    }

    fn word_id(self) -> &'static str {
        match self {
            Target::Zone => "diag-target-zone",
            Target::Asset => "diag-target-asset",
            Target::DataAsset => "diag-target-data-asset",
            Target::Department => "diag-target-department",
            Target::Party => "diag-target-party",
            Target::Operation => "diag-target-operation",
            Target::Flow => "diag-target-flow",
            Target::DepartmentOrParty => "diag-target-department-or-party",
            Target::Decider => "diag-target-decider",
            Target::BoundaryDevice => "diag-target-boundary-device",
        }
    }
}

/// A reference written in the model, checked once every file is read.
struct Ref {
    target: Target,
    id: String,
    at: (u32, Pos),
    /// Who refers, e.g. "asset `cad` (zone)".
    from: Message,
}

/// A flow end not yet resolved to an asset or a zone.
struct PendingEnd {
    flow: usize,
    is_from: bool,
    text: String,
    at: (u32, Pos),
}

struct Loader {
    allow_include: bool,
    /// The size cap on each file read (the model and every include).
    cap: u64,
    diags: Vec<Diagnostic>,
    sources: Vec<SourceFile>,
    canonical: Vec<PathBuf>,
    m: Model,
    have_version: bool,
    have_factory: bool,
    /// A file could not be read or parsed: skip checks that would only repeat that.
    unreadable: bool,
    /// Kinds of the assets read so far (also those with other errors), for `data` checks.
    asset_kinds: HashMap<String, AssetKind>,
    /// The role of each asset, for the boundary-device check of `via`.
    asset_roles: HashMap<String, String>,
    refs: Vec<Ref>,
    ends: Vec<PendingEnd>,
    /// Section → id → where it is defined, for duplicate ids.
    ids: HashMap<&'static str, HashMap<String, (u32, Pos)>>,
    /// Diagnostics kept and left out per file and code: a file of 50,000 unknown keys gives
    /// the first [`DIAGS_PER_CODE`] and one line for the rest, not 50,000 messages.
    diag_counts: HashMap<(u32, &'static str), (usize, Option<Pos>)>,
}

/// How many diagnostics of one code one file reports before the rest are summed up.
const DIAGS_PER_CODE: usize = 100;

fn empty_model() -> Model {
    Model {
        version: 1,
        sources: Vec::new(),
        factory: Factory::default(),
        departments: Vec::new(),
        parties: Vec::new(),
        operations: Vec::new(),
        assets: Vec::new(),
        zones: Vec::new(),
        flows: Vec::new(),
        measures: Vec::new(),
        supply_chain: Vec::new(),
        incident_response: IncidentResponse::default(),
        maturity: Maturity::default(),
        decisions: Vec::new(),
        licenses: LicensePolicy::default(),
    }
}

/// The fields of one YAML mapping, after unknown keys were reported.
struct Fields<'n> {
    entries: &'n [(Node, Node)],
    pos: Pos,
}

impl<'n> Fields<'n> {
    /// The value of a key, `None` when absent or empty.
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.scalar() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }
    fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.scalar() == Some(key))
            .map(|(k, _)| k.pos)
    }
}

/// The closest word to `word` among `candidates`, if it is close enough to be a typo.
///
/// Closest is the fewest edits; Jaro-Winkler similarity only breaks ties. Ranked by
/// similarity alone, a shared prefix outweighs the word that differs: `improve-productivity`
/// would be taken for `improve-quality` rather than `increase-productivity`.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        let dist = strsim::levenshtein(word, c);
        let close = score > 0.85 || dist <= (word.len().max(c.len()) / 3).max(1);
        // Ties go to the first in byte order: candidates may come from a hash set, and the
        // suggestion must not change from run to run.
        let better = |(d, s, b): (usize, f64, &str)| {
            dist < d || (dist == d && (score > s || (score == s && c < b)))
        };
        if close && best.is_none_or(better) {
            best = Some((dist, score, c));
        }
    }
    best.map(|(_, _, c)| c)
}

/// The words in backticks, separated by commas (the same in both languages).
fn list_words(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A valid id close to an invalid one, for the help text.
fn id_like(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Loader {
    fn new(allow_include: bool) -> Loader {
        Loader {
            allow_include,
            cap: read::DEFAULT_MAX_FILE_BYTES,
            diags: Vec::new(),
            diag_counts: HashMap::new(),
            sources: Vec::new(),
            canonical: Vec::new(),
            m: empty_model(),
            have_version: false,
            have_factory: false,
            unreadable: false,
            asset_kinds: HashMap::new(),
            asset_roles: HashMap::new(),
            refs: Vec::new(),
            ends: Vec::new(),
            ids: HashMap::new(),
        }
    }

    fn position(&self, file: u32, pos: Pos) -> Position {
        Position {
            path: self
                .sources
                .get(file as usize)
                .map(|s| s.path.clone())
                .unwrap_or_default(),
            line: pos.line,
            column: pos.column,
        }
    }

    fn err(
        &mut self,
        file: u32,
        pos: Pos,
        code: &'static str,
        message: Message,
        help: Option<Message>,
    ) {
        if !self.keep_diag(file, pos, code) {
            return;
        }
        let position = Some(self.position(file, pos));
        self.diags.push(Diagnostic {
            code,
            severity: DiagSeverity::Error,
            message: message.into(),
            position,
            help: help.map(Into::into),
            related: Vec::new(),
        });
    }

    /// Whether one more diagnostic of `code` in `file` is reported; beyond
    /// [`DIAGS_PER_CODE`] it is only counted (and its first place kept for the summary).
    fn keep_diag(&mut self, file: u32, pos: Pos, code: &'static str) -> bool {
        let (n, first_left_out) = self.diag_counts.entry((file, code)).or_insert((0, None));
        *n += 1;
        if *n <= DIAGS_PER_CODE {
            return true;
        }
        first_left_out.get_or_insert(pos);
        false
    }

    /// One error per file and code saying how many were left out, and where the first was.
    fn summarise_left_out(&mut self) {
        let mut left: Vec<_> = self
            .diag_counts
            .iter()
            .filter_map(|(&(file, code), &(n, first))| {
                first.map(|pos| (file, pos, code, n - DIAGS_PER_CODE))
            })
            .collect();
        left.sort_by_key(|&(file, pos, code, _)| (file, pos.line, pos.column, code));
        for (file, pos, code, more) in left {
            let position = Some(self.position(file, pos));
            self.diags.push(Diagnostic {
                code,
                severity: DiagSeverity::Error,
                message: msg(Diagnostic::MORE_OF_CODE)
                    .arg("count", more)
                    .arg("code", code)
                    .into(),
                position,
                help: Some(msg("diag-more-of-code-help").into()),
                related: Vec::new(),
            });
        }
    }

    fn add_source(&mut self, path: &Path, text: String) -> u32 {
        let idx = u32::try_from(self.sources.len()).unwrap_or(u32::MAX);
        self.canonical
            .push(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
        self.sources.push(SourceFile {
            path: path.to_path_buf(),
            text,
        });
        idx
    }

    fn load_root(&mut self, path: &Path, text: String) {
        let file = self.add_source(path, text);
        self.load_source(file, None);
        if !self.have_version && !self.unreadable {
            let at = Pos {
                line: 1,
                column: 1,
                offset: 0,
            };
            self.err(
                file,
                at,
                "missing-field",
                msg("diag-model-no-version"),
                Some(msg("diag-model-no-version-help")),
            );
        }
        if !self.have_factory && !self.unreadable {
            let at = Pos {
                line: 1,
                column: 1,
                offset: 0,
            };
            self.err(
                file,
                at,
                "missing-field",
                msg("diag-model-no-factory"),
                Some(msg("diag-model-no-factory-help")),
            );
        }
    }

    /// Parse one file (already in `sources`) and map its entities. `included_from` is the
    /// file and `include:` entry that named it (`None` for the root).
    fn load_source(&mut self, file: u32, included_from: Option<(u32, Pos)>) {
        let is_root = included_from.is_none();
        let parsed = {
            let text = &self.sources[file as usize].text;
            yaml::parse(text)
        };
        let (root, errors) = parsed;
        if let Some((from, at)) = included_from
            && let Some(why) = not_a_fragment(root.as_ref(), &errors)
        {
            // Whatever was named is not a model fragment (`include: [/etc/passwd]`): say
            // so at the `include:` entry and never quote its content.
            self.unreadable = true;
            let path = self.sources[file as usize].path.display().to_string();
            self.err(
                from,
                at,
                "include-not-a-model",
                msg("diag-include-not-a-model")
                    .arg("path", path)
                    .arg("why", why),
                Some(msg("diag-include-not-a-model-help")),
            );
            return;
        }
        for e in errors {
            if !self.keep_diag(file, e.pos, e.code) {
                continue;
            }
            let position = Some(self.position(file, e.pos));
            let related = e
                .first
                .map(|p| {
                    let here = msg("diag-first-written-here").into();
                    vec![(self.position(file, p), here)]
                })
                .unwrap_or_default();
            self.diags.push(Diagnostic {
                code: e.code,
                severity: DiagSeverity::Error,
                message: e.message.into(),
                position,
                help: e.help.map(|id| msg(id).into()),
                related,
            });
        }
        let root = match root {
            Some(root) => root,
            None if self.diags.iter().any(|d| d.code.starts_with("yaml")) => {
                self.unreadable = true;
                return;
            }
            None => {
                self.unreadable = true;
                let at = Pos {
                    line: 1,
                    column: 1,
                    offset: 0,
                };
                self.err(
                    file,
                    at,
                    "empty-file",
                    msg("diag-empty-file"),
                    Some(msg("diag-empty-file-help")),
                );
                return;
            }
        };
        // Included files are read with the root's keys so that a root-only key gets its
        // own message below rather than "unknown field".
        let allowed = ROOT_KEYS;
        let what = msg(if is_root {
            "diag-the-model"
        } else {
            "diag-an-included-file"
        });
        let Some(f) = self.fields(file, &root, &what, allowed) else {
            self.unreadable = true;
            return;
        };
        if !is_root {
            // Singletons belong to the root file: say so rather than "unknown field".
            for (k, _) in f.entries {
                if let Some(key) = k.scalar()
                    && ROOT_KEYS.contains(&key)
                    && !INCLUDE_KEYS.contains(&key)
                {
                    self.err(
                        file,
                        k.pos,
                        "root-only-field",
                        msg("diag-root-only-field").arg("key", key),
                        Some(msg("diag-root-only-field-help")),
                    );
                }
            }
        }
        if let Some(v) = f.get("version") {
            self.version(file, v, is_root);
        }
        if is_root && let Some(v) = f.get("factory") {
            self.have_factory = true;
            self.m.factory = self.factory(file, v);
        } else if is_root && f.key_pos("factory").is_some() {
            self.have_factory = true;
            let at = f.key_pos("factory").unwrap_or(f.pos);
            self.err(
                file,
                at,
                "missing-field",
                msg("diag-factory-empty"),
                Some(msg("diag-factory-empty-help")),
            );
        }
        for item in self.items(file, f.get("departments"), "departments") {
            if let Some(d) = self.department(file, item) {
                self.m.departments.push(d);
            }
        }
        for item in self.items(file, f.get("parties"), "parties") {
            if let Some(p) = self.party(file, item) {
                self.m.parties.push(p);
            }
        }
        for item in self.items(file, f.get("operations"), "operations") {
            if let Some(o) = self.operation(file, item) {
                self.m.operations.push(o);
            }
        }
        for item in self.items(file, f.get("zones"), "zones") {
            if let Some(z) = self.zone(file, item) {
                self.m.zones.push(z);
            }
        }
        for item in self.items(file, f.get("assets"), "assets") {
            if let Some(a) = self.asset(file, item) {
                self.m.assets.push(a);
            }
        }
        for item in self.items(file, f.get("flows"), "flows") {
            self.flow(file, item);
        }
        for item in self.items(file, f.get("measures"), "measures") {
            if let Some(r) = self.measure(file, item) {
                self.m.measures.push(r);
            }
        }
        for item in self.items(file, f.get("supply_chain"), "supply_chain") {
            if let Some(c) = self.checklist(file, item) {
                self.m.supply_chain.push(c);
            }
        }
        if is_root && let Some(v) = f.get("incident_response") {
            self.m.incident_response = self.incident_response(file, v);
        }
        if is_root && let Some(v) = f.get("maturity") {
            self.m.maturity = self.maturity(file, v);
        }
        for item in self.items(file, f.get("decisions"), "decisions") {
            if let Some(d) = self.decision(file, item) {
                self.m.decisions.push(d);
            }
        }
        if is_root && let Some(v) = f.get("licenses") {
            self.m.licenses = self.licenses(file, v);
        }
        // Includes last, so the entities of this file come before those it includes.
        if let Some(inc) = f.get("include") {
            let list = self.items(file, Some(inc), "include");
            for item in list {
                self.include(file, item);
            }
        }
    }

    fn include(&mut self, file: u32, item: &Node) {
        let Some(rel) = self.string(file, item, &msg("diag-include-entry")) else {
            return;
        };
        if !self.allow_include {
            self.err(
                file,
                item.pos,
                "include-not-allowed",
                msg("diag-include-not-allowed").arg("path", rel),
                Some(msg("diag-include-not-allowed-help")),
            );
            return;
        }
        let base = self.sources[file as usize]
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let path = base.join(&rel);
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(prev) = self.canonical.iter().position(|c| *c == canonical) {
            let prev_path = self.sources[prev].path.display().to_string();
            self.err(
                file,
                item.pos,
                "include-cycle",
                msg("diag-include-cycle")
                    .arg("path", rel)
                    .arg("first", prev_path),
                Some(msg("diag-include-cycle-help")),
            );
            return;
        }
        match read_text(&path, self.cap) {
            Ok(Ok(text)) => {
                let idx = self.add_source(&path, text);
                self.load_source(idx, Some((file, item.pos)));
            }
            Ok(Err(bad)) => self.err(
                file,
                item.pos,
                "not-utf8",
                msg("diag-include-not-utf8")
                    .arg("path", path.display().to_string())
                    .arg("byte", format!("{:02x}", bad.byte))
                    .arg("line", bad.line.to_string())
                    .arg("column", bad.column.to_string())
                    .arg("offset", bad.offset.to_string()),
                Some(msg("diag-not-utf8-help")),
            ),
            Err(e @ ReadError::TooLarge { .. }) => self.err(
                file,
                item.pos,
                "file-too-large",
                msg("diag-cannot-read-include")
                    .arg("path", path.display().to_string())
                    .arg("error", e.message()),
                Some(msg("diag-include-too-large-help")),
            ),
            Err(e) => self.err(
                file,
                item.pos,
                "include-not-found",
                msg("diag-cannot-read-include")
                    .arg("path", path.display().to_string())
                    .arg("error", e.message()),
                Some(msg("diag-include-not-found-help")),
            ),
        }
    }

    // ---- generic field access -------------------------------------------------------

    /// A mapping's fields; unknown keys are reported with a suggestion.
    fn fields<'n>(
        &mut self,
        file: u32,
        node: &'n Node,
        what: &Message,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.err(
                file,
                node.pos,
                "wrong-type",
                msg("diag-not-a-mapping")
                    .arg("what", what.clone())
                    .arg("found", node.describe()),
                Some(msg("diag-allowed-keys").arg("allowed", list_words(allowed))),
            );
            return None;
        };
        for (k, _) in entries {
            match k.scalar() {
                Some(key) if allowed.contains(&key) => {}
                Some(key) => {
                    let help = match suggest(key, allowed.iter().copied()) {
                        Some(s) => msg("diag-did-you-mean-field").arg("suggestion", s),
                        None => msg("diag-allowed-fields"),
                    }
                    .arg("allowed", list_words(allowed));
                    self.err(
                        file,
                        k.pos,
                        "unknown-field",
                        msg("diag-unknown-field")
                            .arg("key", key)
                            .arg("what", what.clone()),
                        Some(help),
                    );
                }
                None => self.err(
                    file,
                    k.pos,
                    "wrong-type",
                    msg("diag-key-not-a-word")
                        .arg("what", what.clone())
                        .arg("found", k.describe()),
                    Some(msg("diag-allowed-fields").arg("allowed", list_words(allowed))),
                ),
            }
        }
        Some(Fields {
            entries,
            pos: node.pos,
        })
    }

    /// The items of a list section; an empty value is an empty list.
    fn items<'n>(&mut self, file: u32, node: Option<&'n Node>, what: &str) -> &'n [Node] {
        let Some(node) = node else { return &[] };
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.err(
                    file,
                    node.pos,
                    "wrong-type",
                    msg("diag-not-a-list")
                        .arg("key", what)
                        .arg("found", node.describe()),
                    Some(msg("diag-not-a-list-help")),
                );
                &[]
            }
        }
    }

    fn missing(&mut self, file: u32, at: Pos, what: &Message, key: &str, help: Message) {
        self.err(
            file,
            at,
            "missing-field",
            msg("diag-missing-field")
                .arg("what", what.clone())
                .arg("key", key),
            Some(help),
        );
    }

    fn string(&mut self, file: u32, node: &Node, what: &Message) -> Option<String> {
        match &node.value {
            Value::Scalar { text, .. } => Some(text.clone()),
            _ => {
                self.err(
                    file,
                    node.pos,
                    "wrong-type",
                    msg("diag-not-text")
                        .arg("what", what.clone())
                        .arg("found", node.describe()),
                    None,
                );
                None
            }
        }
    }

    fn strings(&mut self, file: u32, node: Option<&Node>, what: &str) -> Vec<(String, Pos)> {
        let mut out = Vec::new();
        for item in self.items(file, node, what) {
            if let Some(s) = self.string(file, item, &msg("diag-entry-of").arg("key", what)) {
                out.push((s, item.pos));
            }
        }
        out
    }

    fn id(&mut self, file: u32, node: &Node, what: &Message) -> Option<String> {
        let id = self.string(file, node, &msg("diag-id-of").arg("what", what.clone()))?;
        if !is_valid_id(&id) {
            let like = id_like(&id);
            let help = if like.is_empty() || like == id {
                msg("diag-invalid-id-help")
            } else {
                msg("diag-invalid-id-help-like").arg("like", like)
            };
            self.err(
                file,
                node.pos,
                "invalid-id",
                msg("diag-invalid-id").arg("value", yaml::quote_short(&id)),
                Some(help),
            );
        }
        Some(id)
    }

    fn boolean(&mut self, file: u32, node: &Node, what: &Message) -> Option<bool> {
        match &node.value {
            Value::Scalar { text, plain: true }
                if matches!(text.as_str(), "true" | "True" | "TRUE") =>
            {
                Some(true)
            }
            Value::Scalar { text, plain: true }
                if matches!(text.as_str(), "false" | "False" | "FALSE") =>
            {
                Some(false)
            }
            _ => {
                self.err(
                    file,
                    node.pos,
                    "wrong-type",
                    msg("diag-not-a-boolean")
                        .arg("what", what.clone())
                        .arg("found", node.describe()),
                    Some(msg("diag-not-a-boolean-help")),
                );
                None
            }
        }
    }

    /// A word from a fixed vocabulary; `numbers` also accepts 1, 2, 3… for the entries in order.
    /// `what` names the vocabulary (`zone-kind`: the message `diag-word-zone-kind`).
    fn vocab<T: Copy>(
        &mut self,
        file: u32,
        node: &Node,
        what: &'static str,
        table: &[(&'static str, T)],
        numbers: bool,
    ) -> Option<T> {
        let word = Message::new(format!("diag-word-{what}"));
        let text = match &node.value {
            Value::Scalar { text, .. } => text.as_str(),
            _ => {
                let allowed = vocab::words(table);
                self.err(
                    file,
                    node.pos,
                    "wrong-type",
                    msg("diag-not-a-word")
                        .arg("what", word)
                        .arg("found", node.describe()),
                    Some(msg("diag-allowed-values").arg("allowed", list_words(&allowed))),
                );
                return None;
            }
        };
        if let Some((_, v)) = table.iter().find(|(w, _)| *w == text) {
            return Some(*v);
        }
        if numbers
            && let Ok(n) = text.parse::<usize>()
            && n >= 1
            && let Some((_, v)) = table.get(n - 1)
        {
            return Some(*v);
        }
        let allowed = vocab::words(table);
        let suggestion = suggest(text, allowed.iter().copied());
        let mut help = match (suggestion, numbers) {
            (Some(s), false) => msg("diag-did-you-mean-value").arg("suggestion", s),
            (Some(s), true) => msg("diag-did-you-mean-value-or-number").arg("suggestion", s),
            (None, false) => msg("diag-allowed-values"),
            (None, true) => msg("diag-allowed-values-or-number"),
        }
        .arg("allowed", list_words(&allowed));
        if numbers {
            help = help.arg("last", table.len().to_string());
        }
        self.err(
            file,
            node.pos,
            "invalid-value",
            msg("diag-invalid-value")
                .arg("value", yaml::quote_short(text))
                .arg("what", word),
            Some(help),
        );
        None
    }

    fn vocab_list<T: Copy + PartialEq>(
        &mut self,
        file: u32,
        node: Option<&Node>,
        what: &'static str,
        section: &str,
        table: &[(&'static str, T)],
    ) -> Vec<T> {
        let mut out = Vec::new();
        for item in self.items(file, node, section) {
            if let Some(v) = self.vocab(file, item, what, table, false)
                && !out.contains(&v)
            {
                out.push(v);
            }
        }
        out
    }

    fn level(&mut self, file: u32, node: Option<&Node>, what: &'static str) -> Option<Level> {
        self.vocab(file, node?, what, LEVELS, true)
    }

    fn date(&mut self, file: u32, node: &Node, what: &Message) -> Option<Date> {
        let text = self.string(file, node, what)?;
        match Date::parse(&text) {
            Some(d) => Some(d),
            None => {
                self.err(
                    file,
                    node.pos,
                    "invalid-date",
                    msg("diag-invalid-date")
                        .arg("value", yaml::quote_short(&text))
                        .arg("what", what.clone()),
                    Some(msg("diag-invalid-date-help")),
                );
                None
            }
        }
    }

    fn status(&mut self, file: u32, f: &Fields<'_>) -> Status {
        f.get("status")
            .and_then(|n| self.vocab(file, n, "status", STATUSES, false))
            .unwrap_or_default()
    }

    /// `in-house` or a party id (noted as a reference).
    fn responsible(&mut self, file: u32, node: Option<&Node>, from: Message) -> Responsible {
        let Some(node) = node else {
            return Responsible::InHouse;
        };
        match self.string(file, node, &from) {
            Some(s) if s == "in-house" => Responsible::InHouse,
            Some(s) => {
                self.note_ref(Target::Party, &s, file, node.pos, from);
                Responsible::Party(s)
            }
            None => Responsible::InHouse,
        }
    }

    /// A field naming another entity by id (`key` of a mapping): its text, noted for the
    /// reference check that runs once every entity is read.
    fn ref_field(
        &mut self,
        file: u32,
        node: Option<&Node>,
        key: &str,
        target: Target,
        from: impl FnOnce() -> Message,
    ) -> Option<String> {
        let n = node?;
        let s = self.string(file, n, &code(key))?;
        self.note_ref(target, &s, file, n.pos, from());
        Some(s)
    }

    fn note_ref(&mut self, target: Target, id: &str, file: u32, pos: Pos, from: Message) {
        self.refs.push(Ref {
            target,
            id: id.to_string(),
            at: (file, pos),
            from,
        });
    }

    fn refs_list(
        &mut self,
        file: u32,
        node: Option<&Node>,
        section: &str,
        target: Target,
        from: &Message,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (s, pos) in self.strings(file, node, section) {
            self.note_ref(target, &s, file, pos, from.clone());
            out.push(s);
        }
        out
    }

    fn define(&mut self, section: &'static str, id: &str, file: u32, pos: Pos) {
        let first = self.ids.entry(section).or_default().get(id).copied();
        match first {
            Some(_) if !self.keep_diag(file, pos, "duplicate-id") => {}
            Some((ff, fp)) => {
                let first = msg("diag-first-defined-here").arg("id", id);
                let related = vec![(self.position(ff, fp), first.into())];
                let position = Some(self.position(file, pos));
                let place = format!(
                    "{}:{}:{}",
                    self.sources
                        .get(ff as usize)
                        .map(|s| s.path.display().to_string())
                        .unwrap_or_default(),
                    fp.line,
                    fp.column
                );
                self.diags.push(Diagnostic {
                    code: "duplicate-id",
                    severity: DiagSeverity::Error,
                    message: msg("diag-duplicate-id")
                        .arg("section", section)
                        .arg("id", id)
                        .into(),
                    position,
                    help: Some(
                        msg("diag-duplicate-id-help")
                            .arg("section", section)
                            .arg("id", id)
                            .arg("place", place)
                            .into(),
                    ),
                    related,
                });
            }
            None => {
                self.ids
                    .entry(section)
                    .or_default()
                    .insert(id.to_string(), (file, pos));
            }
        }
    }

    /// Reads the id of an entity; `None` (reported) if missing.
    fn entity_id(
        &mut self,
        file: u32,
        f: &Fields<'_>,
        section: &'static str,
        kind: &str,
    ) -> Option<String> {
        match f.get("id") {
            Some(n) => {
                let id = self.id(file, n, &a(kind))?;
                self.define(section, &id, file, n.pos);
                Some(id)
            }
            None => {
                self.missing(file, f.pos, &this(kind), "id", msg("diag-add-id"));
                None
            }
        }
    }

    fn loc(file: u32, pos: Pos) -> Loc {
        Loc {
            file,
            line: pos.line,
            column: pos.column,
        }
    }

    // ---- sections -------------------------------------------------------------------

    fn version(&mut self, file: u32, v: &Node, is_root: bool) {
        let supported: Vec<String> = SUPPORTED_VERSIONS.iter().map(u32::to_string).collect();
        let supported: Vec<&str> = supported.iter().map(String::as_str).collect();
        let n = match &v.value {
            Value::Scalar { text, .. } => text.parse::<u32>().ok(),
            _ => None,
        };
        match n {
            Some(n) if SUPPORTED_VERSIONS.contains(&n) => {
                if is_root {
                    self.have_version = true;
                    self.m.version = n;
                }
            }
            _ => {
                if is_root {
                    self.have_version = true;
                }
                let found = v.scalar().map_or_else(|| v.describe(), code);
                self.err(
                    file,
                    v.pos,
                    "unsupported-version",
                    msg("diag-unsupported-version").arg("found", found),
                    Some(msg("diag-supported-versions").arg("supported", list_words(&supported))),
                );
            }
        }
    }

    fn factory(&mut self, file: u32, node: &Node) -> Factory {
        let mut out = Factory {
            loc: Self::loc(file, node.pos),
            ..Factory::default()
        };
        let Some(f) = self.fields(
            file,
            node,
            &code("factory"),
            &["name", "industry", "purposes", "requirements", "bcp"],
        ) else {
            return out;
        };
        match f.get("name") {
            Some(n) => {
                out.name = self
                    .string(file, n, &code("factory.name"))
                    .unwrap_or_default()
            }
            None => self.missing(
                file,
                f.pos,
                &code("factory"),
                "name",
                msg("diag-add-factory-name"),
            ),
        }
        out.industry = f
            .get("industry")
            .and_then(|n| self.vocab(file, n, "industry", INDUSTRIES, false));
        out.purposes = self.vocab_list(file, f.get("purposes"), "purpose", "purposes", PURPOSES);
        out.requirements = self
            .strings(file, f.get("requirements"), "requirements")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        if let Some(b) = f.get("bcp") {
            out.bcp = Some(self.bcp(file, b));
        }
        out
    }

    fn bcp(&mut self, file: u32, node: &Node) -> Bcp {
        let mut out = Bcp {
            loc: Self::loc(file, node.pos),
            ..Bcp::default()
        };
        let Some(f) = self.fields(
            file,
            node,
            &code("factory.bcp"),
            &["exists", "last_review", "considers"],
        ) else {
            return out;
        };
        out.exists = f
            .get("exists")
            .and_then(|n| self.boolean(file, n, &code("bcp.exists")))
            .unwrap_or(false);
        out.last_review = f
            .get("last_review")
            .and_then(|n| self.date(file, n, &code("bcp.last_review")));
        out.considers = self.vocab_list(
            file,
            f.get("considers"),
            "bcp-point",
            "considers",
            BCP_POINTS,
        );
        out
    }

    fn department(&mut self, file: u32, node: &Node) -> Option<Department> {
        let f = self.fields(file, node, &a("department"), &["id", "name", "kind"])?;
        let id = self.entity_id(file, &f, "departments", "department");
        let what = subject("department", id.as_deref());
        let name = self.required_string(file, &f, &what, "name", msg("diag-add-name"));
        let kind =
            self.required_vocab(file, &f, &what, "kind", "department-kind", DEPARTMENT_KINDS);
        Some(Department {
            id: id?,
            name: name?,
            kind: kind?,
            loc: Self::loc(file, f.pos),
        })
    }

    fn required_string(
        &mut self,
        file: u32,
        f: &Fields<'_>,
        what: &Message,
        key: &str,
        help: Message,
    ) -> Option<String> {
        match f.get(key) {
            Some(n) => self.string(file, n, &field_of(key, what)),
            None => {
                self.missing(file, f.pos, what, key, help);
                None
            }
        }
    }

    fn required_vocab<T: Copy>(
        &mut self,
        file: u32,
        f: &Fields<'_>,
        what: &Message,
        key: &str,
        word: &'static str,
        table: &[(&'static str, T)],
    ) -> Option<T> {
        match f.get(key) {
            Some(n) => self.vocab(file, n, word, table, false),
            None => {
                let help = add_one_of(key, table);
                self.missing(file, f.pos, what, key, help);
                None
            }
        }
    }

    fn party(&mut self, file: u32, node: &Node) -> Option<Party> {
        let f = self.fields(
            file,
            node,
            &a("party"),
            &["id", "name", "kind", "subcontractors", "contract"],
        )?;
        let id = self.entity_id(file, &f, "parties", "party");
        let what = subject("party", id.as_deref());
        let name = self.required_string(file, &f, &what, "name", msg("diag-add-name"));
        let kind = self.required_vocab(file, &f, &what, "kind", "party-kind", PARTY_KINDS);
        let subcontractors = self.refs_list(
            file,
            f.get("subcontractors"),
            "subcontractors",
            Target::Party,
            &by_field(&what, "subcontractors"),
        );
        let contract = f.get("contract").and_then(|n| self.contract(file, n));
        Some(Party {
            id: id?,
            name: name?,
            kind: kind?,
            subcontractors,
            contract,
            loc: Self::loc(file, f.pos),
        })
    }

    fn contract(&mut self, file: u32, node: &Node) -> Option<Contract> {
        let keys = [
            "security_measures",
            "service_levels",
            "incident_response",
            "data_on_termination",
        ];
        let f = self.fields(file, node, &a("contract"), &keys)?;
        let mut vals = [None; 4];
        for (i, k) in keys.iter().enumerate() {
            vals[i] = f
                .get(k)
                .and_then(|n| self.boolean(file, n, &code(format!("contract.{k}"))));
        }
        Some(Contract {
            security_measures: vals[0],
            service_levels: vals[1],
            incident_response: vals[2],
            data_on_termination: vals[3],
            loc: Self::loc(file, f.pos),
        })
    }

    fn operation(&mut self, file: u32, node: &Node) -> Option<Operation> {
        let f = self.fields(
            file,
            node,
            &a("operation"),
            &[
                "id",
                "name",
                "importance",
                "status",
                "performed_by",
                "tasks",
            ],
        )?;
        let id = self.entity_id(file, &f, "operations", "operation");
        let what = subject("operation", id.as_deref());
        let name = self.required_string(file, &f, &what, "name", msg("diag-add-name"));
        let importance = self.level(file, f.get("importance"), "importance-level");
        let status = self.status(file, &f);
        let performed_by =
            self.responsible(file, f.get("performed_by"), by_field(&what, "performed_by"));
        let tasks = self
            .strings(file, f.get("tasks"), "tasks")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        Some(Operation {
            id: id?,
            name: name?,
            importance,
            status,
            performed_by,
            tasks,
            loc: Self::loc(file, f.pos),
        })
    }

    fn zone(&mut self, file: u32, node: &Node) -> Option<Zone> {
        let f = self.fields(
            file,
            node,
            &a("zone"),
            &[
                "id",
                "name",
                "kind",
                "owner",
                "managed_by",
                "status",
                "target_sl",
                "site",
            ],
        )?;
        let id = self.entity_id(file, &f, "zones", "zone");
        let what = subject("zone", id.as_deref());
        let name = self.required_string(file, &f, &what, "name", msg("diag-add-name"));
        let kind = self.required_vocab(file, &f, &what, "kind", "zone-kind", ZONE_KINDS);
        let owner = self.ref_field(file, f.get("owner"), "owner", Target::Department, || {
            by_field(&what, "owner")
        });
        let managed_by = self.responsible(file, f.get("managed_by"), by_field(&what, "managed_by"));
        let status = self.status(file, &f);
        let target_sl = f.get("target_sl").and_then(|n| {
            let v = n
                .scalar()
                .and_then(|s| s.parse::<u8>().ok())
                .filter(|v| (1..=4).contains(v));
            if v.is_none() {
                self.err(
                    file,
                    n.pos,
                    "invalid-value",
                    msg("diag-invalid-target-sl")
                        .arg("what", what.clone())
                        .arg("found", n.describe()),
                    Some(msg("diag-invalid-target-sl-help")),
                );
            }
            v
        });
        let site = f
            .get("site")
            .and_then(|n| self.string(file, n, &code("site")))
            .filter(|s| s != "this");
        Some(Zone {
            id: id?,
            name: name?,
            kind: kind?,
            owner,
            managed_by,
            status,
            target_sl,
            site,
            loc: Self::loc(file, f.pos),
        })
    }

    fn asset(&mut self, file: u32, node: &Node) -> Option<Asset> {
        let f = self.fields(
            file,
            node,
            &a("asset"),
            &[
                "id",
                "name",
                "kind",
                "role",
                "zone",
                "zones",
                "operations",
                "importance",
                "traits",
                "supplier",
                "operated_by",
                "addresses",
                "sbom",
                "product",
                "status",
            ],
        )?;
        let id = self.entity_id(file, &f, "assets", "asset");
        let what = subject("asset", id.as_deref());
        let name = self.required_string(file, &f, &what, "name", msg("diag-add-name"));
        let kind = self.required_vocab(file, &f, &what, "kind", "asset-kind", ASSET_KINDS);
        if let (Some(i), Some(k)) = (&id, kind) {
            self.asset_kinds.entry(i.clone()).or_insert(k);
        }
        let role = f
            .get("role")
            .and_then(|n| self.string(file, n, &code("role")));
        if let (Some(i), Some(r)) = (&id, &role) {
            self.asset_roles
                .entry(i.clone())
                .or_insert_with(|| r.clone());
        }
        let zones = self.asset_zones(file, &f, &what, kind);
        let operations = self.refs_list(
            file,
            f.get("operations"),
            "operations",
            Target::Operation,
            &by_field(&what, "operations"),
        );
        let importance = f
            .get("importance")
            .map(|n| self.importance(file, n))
            .unwrap_or_default();
        let traits = self.vocab_list(file, f.get("traits"), "asset-trait", "traits", ASSET_TRAITS);
        let supplier = self.ref_field(file, f.get("supplier"), "supplier", Target::Party, || {
            by_field(&what, "supplier")
        });
        let operated_by = f
            .get("operated_by")
            .map(|n| self.responsible(file, Some(n), by_field(&what, "operated_by")));
        let mut addresses = Vec::new();
        for (s, pos) in self.strings(file, f.get("addresses"), "addresses") {
            match IpNet::parse(&s) {
                Some(n) => addresses.push(n),
                None => self.err(
                    file,
                    pos,
                    "invalid-address",
                    msg("diag-invalid-address").arg("value", s),
                    Some(msg("diag-invalid-address-help")),
                ),
            }
        }
        let sbom = f
            .get("sbom")
            .and_then(|n| self.string(file, n, &code("sbom")))
            .map(PathBuf::from);
        let product = f
            .get("product")
            .and_then(|n| self.asset_product(file, n, &what));
        let status = self.status(file, &f);
        Some(Asset {
            id: id?,
            name: name?,
            kind: kind?,
            role,
            zones: zones?,
            operations,
            importance,
            traits,
            supplier,
            operated_by,
            addresses,
            sbom,
            product,
            status,
            loc: Self::loc(file, f.pos),
        })
    }

    /// `product: {vendor, name, version, cpe}` of an asset.
    fn asset_product(&mut self, file: u32, node: &Node, what: &Message) -> Option<AssetProduct> {
        let owner = msg("diag-product-of").arg("what", what.clone());
        let f = self.fields(file, node, &owner, &["vendor", "name", "version", "cpe"])?;
        let name = self.required_string(file, &f, &owner, "name", msg("diag-add-product-name"));
        let vendor = f
            .get("vendor")
            .and_then(|n| self.string(file, n, &code("vendor")));
        let version = f
            .get("version")
            .and_then(|n| self.string(file, n, &code("version")));
        let cpe = f
            .get("cpe")
            .and_then(|n| self.string(file, n, &code("cpe")));
        Some(AssetProduct {
            vendor,
            name: name?,
            version,
            cpe,
        })
    }

    /// `zone: x` for one zone, `zones: [a, b]` for data held in several.
    fn asset_zones(
        &mut self,
        file: u32,
        f: &Fields<'_>,
        what: &Message,
        kind: Option<AssetKind>,
    ) -> Option<Vec<String>> {
        let from = by_field(what, "zone");
        let one = f.get("zone");
        let many = f.get("zones");
        let is_data = kind == Some(AssetKind::Data);
        match (one, many) {
            (Some(_), Some(n)) => {
                let help = if is_data {
                    "diag-zone-and-zones-help-data"
                } else {
                    "diag-zone-and-zones-help"
                };
                self.err(
                    file,
                    n.pos,
                    "conflicting-fields",
                    msg("diag-zone-and-zones").arg("what", what.clone()),
                    Some(msg(help)),
                );
                None
            }
            (Some(n), None) => {
                let z = self.string(file, n, &code("zone"))?;
                if is_data {
                    let key = f.key_pos("zone").unwrap_or(n.pos);
                    self.err(
                        file,
                        key,
                        "data-asset-zone",
                        msg("diag-data-asset-zone").arg("what", what.clone()),
                        Some(msg("diag-data-asset-zone-help").arg("zone", z)),
                    );
                    return None;
                }
                self.note_ref(Target::Zone, &z, file, n.pos, from);
                Some(vec![z])
            }
            (None, Some(n)) => {
                let list = self.strings(file, Some(n), "zones");
                if !is_data && kind.is_some() {
                    let key = f.key_pos("zones").unwrap_or(n.pos);
                    let first = list
                        .first()
                        .map_or("<zone id>".to_string(), |(z, _)| z.clone());
                    self.err(
                        file,
                        key,
                        "asset-zones",
                        msg("diag-asset-zones").arg("what", what.clone()),
                        Some(msg("diag-asset-zones-help").arg("zone", first)),
                    );
                    return None;
                }
                if list.is_empty() {
                    self.err(
                        file,
                        n.pos,
                        "missing-field",
                        msg("diag-no-zones").arg("what", what.clone()),
                        Some(msg("diag-no-zones-help")),
                    );
                    return None;
                }
                let mut out: Vec<String> = Vec::new();
                for (z, pos) in list {
                    self.note_ref(Target::Zone, &z, file, pos, from.clone());
                    if !out.contains(&z) {
                        out.push(z);
                    }
                }
                Some(out)
            }
            (None, None) => {
                let help = if is_data {
                    "diag-add-zones"
                } else {
                    "diag-add-zone"
                };
                let key = if is_data { "zones" } else { "zone" };
                self.missing(file, f.pos, what, key, msg(help));
                None
            }
        }
    }

    fn importance(&mut self, file: u32, node: &Node) -> Importance {
        let Some(f) = self.fields(
            file,
            node,
            &code("importance"),
            &[
                "safety",
                "quality",
                "delivery",
                "cost",
                "business_continuity",
            ],
        ) else {
            return Importance::default();
        };
        Importance {
            safety: self.level(file, f.get("safety"), "importance-level"),
            quality: self.level(file, f.get("quality"), "importance-level"),
            delivery: self.level(file, f.get("delivery"), "importance-level"),
            cost: self.level(file, f.get("cost"), "importance-level"),
            business_continuity: self.level(file, f.get("business_continuity"), "importance-level"),
        }
    }

    fn flow(&mut self, file: u32, node: &Node) {
        let Some(f) = self.fields(file, node, &a("flow"), crate::vocab::FLOW_FIELDS) else {
            return;
        };
        let id = self.entity_id(file, &f, "flows", "flow");
        let what = subject("flow", id.as_deref());
        let from = self.endpoint_text(file, &f, &what, "from");
        let to = self.endpoint_text(file, &f, &what, "to");
        let data = self.refs_list(
            file,
            f.get("data"),
            "data",
            Target::DataAsset,
            &by_field(&what, "data"),
        );
        let control = f
            .get("control")
            .and_then(|n| self.boolean(file, n, &code("control")))
            .unwrap_or(false);
        let automated = f
            .get("automated")
            .and_then(|n| self.boolean(file, n, &code("automated")))
            .unwrap_or(false);
        let network = f
            .get("network")
            .and_then(|n| self.vocab(file, n, "network", NETWORKS, false))
            .unwrap_or_default();
        let via = self.refs_list(
            file,
            f.get("via"),
            "via",
            Target::BoundaryDevice,
            &by_field(&what, "via"),
        );
        let protocol = f
            .get("protocol")
            .and_then(|n| self.string(file, n, &code("protocol")));
        let protections = self.vocab_list(
            file,
            f.get("protections"),
            "protection",
            "protections",
            PROTECTIONS,
        );
        let status = self.status(file, &f);
        let (Some(id), Some(from), Some(to)) = (id, from, to) else {
            return;
        };
        let idx = self.m.flows.len();
        self.ends.push(PendingEnd {
            flow: idx,
            is_from: true,
            text: from.0,
            at: (file, from.1),
        });
        self.ends.push(PendingEnd {
            flow: idx,
            is_from: false,
            text: to.0,
            at: (file, to.1),
        });
        self.m.flows.push(Flow {
            id,
            // Resolved in `resolve`, once every zone and asset is known.
            from: Endpoint::Zone(String::new()),
            to: Endpoint::Zone(String::new()),
            data,
            control,
            automated,
            network,
            via,
            protocol,
            protections,
            status,
            loc: Self::loc(file, f.pos),
        });
    }

    fn endpoint_text(
        &mut self,
        file: u32,
        f: &Fields<'_>,
        what: &Message,
        key: &str,
    ) -> Option<(String, Pos)> {
        match f.get(key) {
            Some(n) => self
                .string(file, n, &field_of(key, what))
                .map(|s| (s, n.pos)),
            None => {
                self.missing(file, f.pos, what, key, msg("diag-add-endpoint"));
                None
            }
        }
    }

    fn measure(&mut self, file: u32, node: &Node) -> Option<MeasureRecord> {
        let f = self.fields(
            file,
            node,
            &a("measure-record"),
            &["measure", "scope", "status", "owner", "due"],
        )?;
        let measure = self.required_string(
            file,
            &f,
            &this("measure-record"),
            "measure",
            msg("diag-add-measure"),
        );
        let what = subject("measure-record", measure.as_deref());
        let mut scope = Vec::new();
        for (s, pos) in self.strings(file, f.get("scope"), "scope") {
            if let Some(r) = self.scope_ref(file, &s, pos, &what) {
                scope.push(r);
            }
        }
        let status = match f.get("status") {
            Some(n) => self.vocab(file, n, "measure-status", MEASURE_STATUSES, false),
            None => {
                let help = add_one_of("status", MEASURE_STATUSES);
                self.missing(file, f.pos, &what, "status", help);
                None
            }
        };
        let owner = self.ref_field(file, f.get("owner"), "owner", Target::Department, || {
            by_field(&what, "owner")
        });
        let due = f.get("due").and_then(|n| self.date(file, n, &code("due")));
        Some(MeasureRecord {
            measure: measure?,
            scope,
            status: status?,
            owner,
            due,
            loc: Self::loc(file, f.pos),
        })
    }

    fn scope_ref(&mut self, file: u32, s: &str, pos: Pos, what: &Message) -> Option<ScopeRef> {
        if s == "factory" {
            return Some(ScopeRef::Factory);
        }
        let kinds = ["zone", "asset", "flow", "operation", "party", "department"];
        let Some((kind, id)) = s.split_once(':') else {
            self.err(
                file,
                pos,
                "invalid-scope",
                msg("diag-scope-no-kind")
                    .arg("scope", s)
                    .arg("what", what.clone()),
                Some(msg("diag-scope-no-kind-help")),
            );
            return None;
        };
        let from = by_field(what, "scope");
        let (target, r) = match kind {
            "zone" => (Target::Zone, ScopeRef::Zone(id.into())),
            "asset" => (Target::Asset, ScopeRef::Asset(id.into())),
            "flow" => (Target::Flow, ScopeRef::Flow(id.into())),
            "operation" => (Target::Operation, ScopeRef::Operation(id.into())),
            "party" => (Target::Party, ScopeRef::Party(id.into())),
            "department" => (Target::Department, ScopeRef::Department(id.into())),
            _ => {
                let help = match suggest(kind, kinds) {
                    Some(k) => {
                        msg("diag-did-you-mean-scope").arg("suggestion", format!("{k}:{id}"))
                    }
                    None => msg("diag-scope-kinds"),
                }
                .arg("kinds", list_words(&kinds));
                self.err(
                    file,
                    pos,
                    "invalid-scope",
                    msg("diag-scope-unknown-kind")
                        .arg("kind", kind)
                        .arg("scope", s)
                        .arg("what", what.clone()),
                    Some(help),
                );
                return None;
            }
        };
        self.note_ref(target, id, file, pos, from);
        Some(r)
    }

    fn checklist(&mut self, file: u32, node: &Node) -> Option<SupplierChecklist> {
        let f = self.fields(
            file,
            node,
            &a("supply-chain-checklist"),
            &["party", "checklist", "answered_on", "answers"],
        )?;
        let party = self.ref_field(file, f.get("party"), "party", Target::Party, || {
            by_field(&a("supply-chain-checklist"), "party")
        });
        if f.get("party").is_none() {
            self.missing(
                file,
                f.pos,
                &this("supply-chain-checklist"),
                "party",
                msg("diag-add-party"),
            );
        }
        let checklist = self.required_vocab(
            file,
            &f,
            &this("supply-chain-checklist"),
            "checklist",
            "checklist",
            CHECKLIST_KINDS,
        );
        let answered_on = f
            .get("answered_on")
            .and_then(|n| self.date(file, n, &code("answered_on")));
        let mut answers = BTreeMap::new();
        if let Some(a) = f.get("answers") {
            if let Value::Map(entries) = &a.value {
                for (k, v) in entries {
                    let Some(item) = self.string(file, k, &msg("diag-checklist-item-id")) else {
                        continue;
                    };
                    if let Some(ans) = self.vocab(file, v, "checklist-answer", ANSWERS, false) {
                        answers.insert(item, (ans, Self::loc(file, v.pos)));
                    }
                }
            } else {
                self.err(
                    file,
                    a.pos,
                    "wrong-type",
                    msg("diag-answers-not-a-mapping").arg("found", a.describe()),
                    Some(msg("diag-answers-not-a-mapping-help")),
                );
            }
        }
        Some(SupplierChecklist {
            party: party?,
            checklist: checklist?,
            answered_on,
            answers,
            loc: Self::loc(file, f.pos),
        })
    }

    fn incident_response(&mut self, file: u32, node: &Node) -> IncidentResponse {
        let mut out = IncidentResponse {
            loc: Some(Self::loc(file, node.pos)),
            ..IncidentResponse::default()
        };
        let Some(f) = self.fields(
            file,
            node,
            &code("incident_response"),
            &["preventive", "damage"],
        ) else {
            return out;
        };
        out.preventive = f
            .entries
            .iter()
            .find(|(k, _)| k.scalar() == Some("preventive"))
            .map(|(_, v)| self.ooda_stage(file, v, "preventive"));
        out.damage = f
            .entries
            .iter()
            .find(|(k, _)| k.scalar() == Some("damage"))
            .map(|(_, v)| self.ooda_stage(file, v, "damage"));
        out
    }

    fn ooda_stage(&mut self, file: u32, node: &Node, stage: &str) -> OodaStage {
        let mut out = OodaStage {
            loc: Some(Self::loc(file, node.pos)),
            ..OodaStage::default()
        };
        if node.is_null() {
            return out;
        }
        let Some(f) = self.fields(
            file,
            node,
            &msg("diag-ooda-stage").arg("stage", stage),
            &["observe", "orient", "decide", "act"],
        ) else {
            return out;
        };
        out.observe = f
            .get("observe")
            .and_then(|n| self.ooda_step(file, n, stage, "observe"));
        out.orient = f
            .get("orient")
            .and_then(|n| self.ooda_step(file, n, stage, "orient"));
        out.decide = f
            .get("decide")
            .and_then(|n| self.ooda_step(file, n, stage, "decide"));
        out.act = f
            .get("act")
            .and_then(|n| self.ooda_step(file, n, stage, "act"));
        out
    }

    fn ooda_step(&mut self, file: u32, node: &Node, stage: &str, step: &str) -> Option<OodaStep> {
        let f = self.fields(
            file,
            node,
            &code(format!("{stage}.{step}")),
            &["lead", "decides"],
        )?;
        let what = msg("diag-ooda-step").arg("step", format!("{stage}.{step}"));
        let lead = self.ref_field(
            file,
            f.get("lead"),
            "lead",
            Target::DepartmentOrParty,
            || by_field(&what, "lead"),
        );
        let decides = self.refs_list(
            file,
            f.get("decides"),
            "decides",
            Target::Decider,
            &by_field(&what, "decides"),
        );
        Some(OodaStep {
            lead,
            decides,
            loc: Self::loc(file, f.pos),
        })
    }

    fn maturity(&mut self, file: u32, node: &Node) -> Maturity {
        let mut out = Maturity {
            loc: Some(Self::loc(file, node.pos)),
            ..Maturity::default()
        };
        let Some(f) = self.fields(
            file,
            node,
            &code("maturity"),
            &[
                "external-cooperation",
                "related-departments",
                "within-department",
            ],
        ) else {
            return out;
        };
        let get = |l: &mut Self, k: &str| {
            f.get(k)
                .and_then(|n| l.vocab(file, n, "maturity-level", MATURITY_LEVELS, true))
        };
        out.external_cooperation = get(self, "external-cooperation");
        out.related_departments = get(self, "related-departments");
        out.within_department = get(self, "within-department");
        out
    }

    fn decision(&mut self, file: u32, node: &Node) -> Option<Decision> {
        let f = self.fields(
            file,
            node,
            &a("decision"),
            &[
                "finding",
                "status",
                "reason",
                "by",
                "date",
                "review_by",
                "owner",
                "due",
                "ticket",
            ],
        )?;
        let finding = self.required_string(
            file,
            &f,
            &this("decision"),
            "finding",
            msg("diag-add-finding"),
        );
        let what = subject("decision", finding.as_deref());
        let status = self.required_vocab(
            file,
            &f,
            &what,
            "status",
            "decision-status",
            DECISION_STATUSES,
        );
        let reason = f
            .get("reason")
            .and_then(|n| self.string(file, n, &code("reason")));
        let by = self.ref_field(file, f.get("by"), "by", Target::Department, || {
            by_field(&what, "by")
        });
        let date = f
            .get("date")
            .and_then(|n| self.date(file, n, &code("date")));
        let review_by = f
            .get("review_by")
            .and_then(|n| self.date(file, n, &code("review_by")));
        let owner = self.ref_field(
            file,
            f.get("owner"),
            "owner",
            Target::DepartmentOrParty,
            || by_field(&what, "owner"),
        );
        let due = f.get("due").and_then(|n| self.date(file, n, &code("due")));
        let ticket = f
            .get("ticket")
            .and_then(|n| self.string(file, n, &code("ticket")));
        Some(Decision {
            finding: finding?,
            status: status?,
            reason,
            by,
            date,
            review_by,
            owner,
            due,
            ticket,
            loc: Self::loc(file, f.pos),
        })
    }

    fn licenses(&mut self, file: u32, node: &Node) -> LicensePolicy {
        let mut out = LicensePolicy {
            loc: Some(Self::loc(file, node.pos)),
            ..LicensePolicy::default()
        };
        let Some(f) = self.fields(file, node, &code("licenses"), &["allow", "deny"]) else {
            return out;
        };
        out.allow = self
            .strings(file, f.get("allow"), "allow")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        out.deny = self
            .strings(file, f.get("deny"), "deny")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        out
    }

    // ---- second pass ----------------------------------------------------------------

    /// Every id defined in a section, including entities that had other errors (so that a
    /// bad field does not also make every reference to the entity fail).
    fn defined(&self, section: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .ids
            .get(section)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        v.sort_unstable();
        v
    }

    fn resolve(&mut self) {
        let zone_ids = self.defined("zones");
        let asset_ids = self.defined("assets");
        let zones: std::collections::HashSet<&str> = zone_ids.iter().map(String::as_str).collect();
        let assets: std::collections::HashSet<&str> =
            asset_ids.iter().map(String::as_str).collect();
        let mut new_diags = Vec::new();
        let mut resolved = Vec::new();
        for end in &self.ends {
            let text = end.text.as_str();
            let (explicit, id) = match text.split_once(':') {
                Some(("zone", id)) => (Some(Target::Zone), id),
                Some(("asset", id)) => (Some(Target::Asset), id),
                _ => (None, text),
            };
            let in_zones = zones.contains(id);
            let in_assets = assets.contains(id);
            let ep = match (explicit, in_assets, in_zones) {
                (Some(Target::Zone), _, true) | (None, false, true) => {
                    Some(Endpoint::Zone(id.to_string()))
                }
                (Some(Target::Asset), true, _) | (None, true, false) => {
                    Some(Endpoint::Asset(id.to_string()))
                }
                (None, true, true) => {
                    new_diags.push((
                        end.at,
                        "ambiguous-reference",
                        msg("diag-ambiguous-reference").arg("text", text),
                        Some(msg("diag-ambiguous-reference-help").arg("id", id)),
                    ));
                    None
                }
                (explicit, _, _) => {
                    let cands: Vec<&str> = match explicit {
                        Some(Target::Zone) => zones.iter().copied().collect(),
                        Some(Target::Asset) => assets.iter().copied().collect(),
                        _ => zones.iter().chain(assets.iter()).copied().collect(),
                    };
                    let word = match explicit {
                        Some(t) => t.word(),
                        None => msg("diag-target-asset-or-zone"),
                    };
                    let side = if end.is_from { "from" } else { "to" };
                    let flow_id = self.m.flows.get(end.flow).map_or("", |f| f.id.as_str());
                    let from = by_field(&named("flow", flow_id), side);
                    let help = ref_help(id, &cands, &word);
                    new_diags.push((
                        end.at,
                        "unresolved-reference",
                        unresolved(from, word, id),
                        Some(help),
                    ));
                    None
                }
            };
            resolved.push((end.flow, end.is_from, ep));
        }
        for (idx, is_from, ep) in resolved {
            if let (Some(flow), Some(ep)) = (self.m.flows.get_mut(idx), ep) {
                if is_from {
                    flow.from = ep;
                } else {
                    flow.to = ep;
                }
            }
        }

        let departments = self.defined("departments");
        let parties = self.defined("parties");
        let operations = self.defined("operations");
        let flows = self.defined("flows");
        let mut data_ids: Vec<String> = self
            .asset_kinds
            .iter()
            .filter(|(_, k)| **k == AssetKind::Data)
            .map(|(id, _)| id.clone())
            .collect();
        data_ids.sort_unstable();
        let lookup =
            |v: &[String]| -> std::collections::HashSet<String> { v.iter().cloned().collect() };
        let (sd, sp, so, sf, sz, sa) = (
            lookup(&departments),
            lookup(&parties),
            lookup(&operations),
            lookup(&flows),
            lookup(&zone_ids),
            lookup(&asset_ids),
        );
        for r in &self.refs {
            let id = r.id.as_str();
            let ok = match r.target {
                Target::Zone => sz.contains(id),
                Target::Asset => sa.contains(id),
                Target::DataAsset => {
                    if sa.contains(id) {
                        if let Some(kind) = self.asset_kinds.get(id)
                            && *kind != AssetKind::Data
                        {
                            new_diags.push((
                                r.at,
                                "not-a-data-asset",
                                msg("diag-not-a-data-asset")
                                    .arg("what", r.from.clone())
                                    .arg("id", id)
                                    .arg("kind", vocab::word(ASSET_KINDS, *kind)),
                                Some(msg("diag-data-assets").arg("list", short_list(&data_ids))),
                            ));
                        }
                        true
                    } else {
                        false
                    }
                }
                Target::Department => sd.contains(id),
                Target::Party => sp.contains(id),
                Target::Operation => so.contains(id),
                Target::Flow => sf.contains(id),
                Target::DepartmentOrParty => sd.contains(id) || sp.contains(id),
                Target::Decider => {
                    sd.contains(id) || sp.contains(id) || DECIDER_ROLES.contains(&id)
                }
                Target::BoundaryDevice => {
                    if sa.contains(id) {
                        let role = self.asset_roles.get(id).map(String::as_str);
                        if !role.is_some_and(|r| vocab::BOUNDARY_ROLES.contains(&r)) {
                            let devices: Vec<String> = self
                                .asset_roles
                                .iter()
                                .filter(|(_, r)| vocab::BOUNDARY_ROLES.contains(&r.as_str()))
                                .map(|(a, _)| a.clone())
                                .collect::<std::collections::BTreeSet<_>>()
                                .into_iter()
                                .collect();
                            let has = match role {
                                Some(r) => msg("diag-role").arg("role", r),
                                None => msg("diag-no-role"),
                            };
                            let roles = vocab::BOUNDARY_ROLES.join(", ");
                            let help = if devices.is_empty() {
                                msg("diag-not-a-boundary-device-help-none")
                            } else {
                                msg("diag-not-a-boundary-device-help")
                                    .arg("list", short_list(&devices))
                            }
                            .arg("id", id)
                            .arg("roles", roles);
                            new_diags.push((
                                r.at,
                                "not-a-boundary-device",
                                msg("diag-not-a-boundary-device")
                                    .arg("what", r.from.clone())
                                    .arg("id", id)
                                    .arg("has", has),
                                Some(help),
                            ));
                        }
                        true
                    } else {
                        false
                    }
                }
            };
            if ok {
                continue;
            }
            let cands: Vec<&str> = match r.target {
                Target::Zone => zone_ids.iter().map(String::as_str).collect(),
                Target::Asset | Target::BoundaryDevice => {
                    asset_ids.iter().map(String::as_str).collect()
                }
                Target::DataAsset => data_ids.iter().map(String::as_str).collect(),
                Target::Department => departments.iter().map(String::as_str).collect(),
                Target::Party => parties.iter().map(String::as_str).collect(),
                Target::Operation => operations.iter().map(String::as_str).collect(),
                Target::Flow => flows.iter().map(String::as_str).collect(),
                Target::DepartmentOrParty => departments
                    .iter()
                    .chain(parties.iter())
                    .map(String::as_str)
                    .collect(),
                Target::Decider => departments
                    .iter()
                    .chain(parties.iter())
                    .map(String::as_str)
                    .chain(DECIDER_ROLES.iter().copied())
                    .collect(),
            };
            new_diags.push((
                r.at,
                "unresolved-reference",
                unresolved(r.from.clone(), r.target.word(), id),
                Some(ref_help(id, &cands, &r.target.word())),
            ));
        }
        for ((file, pos), code, message, help) in new_diags {
            self.err(file, pos, code, message, help);
        }
    }

    fn finish(mut self) -> Result<Model, Vec<Diagnostic>> {
        if !self.unreadable {
            self.resolve();
        }
        self.summarise_left_out();
        if self.diags.iter().any(|d| d.severity == DiagSeverity::Error) {
            // Stable order: by file, then line, then column.
            let order: HashMap<PathBuf, usize> = self
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| (s.path.clone(), i))
                .collect();
            self.diags.sort_by_key(|d| {
                d.position.as_ref().map(|p| {
                    (
                        order.get(&p.path).copied().unwrap_or(usize::MAX),
                        p.line,
                        p.column,
                    )
                })
            });
            return Err(self.diags);
        }
        let mut m = self.m;
        m.sources = self.sources;
        Ok(m)
    }
}

/// Why an included file's parse is no model fragment (a syntax error, an empty file, a top
/// level that is not a mapping), in words that quote none of its content.
fn not_a_fragment(root: Option<&Node>, errors: &[yaml::YamlError]) -> Option<Message> {
    if let Some(e) = errors.iter().find(|e| e.code == "yaml-syntax") {
        return Some(
            msg("diag-fragment-not-yaml")
                .arg("line", e.pos.line.to_string())
                .arg("column", e.pos.column.to_string()),
        );
    }
    match root.map(|r| &r.value) {
        None => Some(msg("diag-fragment-empty")),
        Some(Value::Map(_)) => None,
        Some(Value::Seq(_)) => Some(msg("diag-fragment-list")),
        Some(_) => Some(msg("diag-fragment-text")),
    }
}

/// Up to twelve ids in backticks, then how many more.
fn short_list(ids: &[String]) -> Message {
    if ids.is_empty() {
        return msg("diag-none-defined");
    }
    let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let shown = list_words(&sorted[..sorted.len().min(12)]);
    if sorted.len() > 12 {
        msg("diag-list-and-more")
            .arg("list", shown)
            .arg("more", (sorted.len() - 12).to_string())
    } else {
        msg("diag-list").arg("list", shown)
    }
}

fn ref_help(id: &str, cands: &[&str], word: &Message) -> Message {
    match suggest(id, cands.iter().copied()) {
        Some(s) => msg("diag-did-you-mean").arg("suggestion", s),
        None => {
            let owned: Vec<String> = cands.iter().map(|s| s.to_string()).collect();
            msg("diag-no-such-id")
                .arg("target", word.clone())
                .arg("id", id)
                .arg("list", short_list(&owned))
        }
    }
}

/// "`from` refers to `target` `id`, which is not defined".
fn unresolved(from: Message, target: Message, id: &str) -> Message {
    msg("diag-unresolved-reference")
        .arg("what", from)
        .arg("target", target)
        .arg("id", id)
}

/// "a zone", "an asset": any entity of `kind` (`diag-a-zone`).
fn a(kind: &str) -> Message {
    Message::new(format!("diag-a-{kind}"))
}

/// "this zone": an entity of `kind` without an id.
fn this(kind: &str) -> Message {
    Message::new(format!("diag-this-{kind}"))
}

/// "zone `z1`": the entity of `kind` with `id`.
fn named(kind: &str, id: &str) -> Message {
    Message::new(format!("diag-named-{kind}")).arg("id", id)
}

/// The entity by its id when it has one, else "this zone".
fn subject(kind: &str, id: Option<&str>) -> Message {
    id.map_or_else(|| this(kind), |i| named(kind, i))
}

/// "`key` of zone `z1`".
fn field_of(key: &str, what: &Message) -> Message {
    msg("diag-field-of")
        .arg("key", key)
        .arg("what", what.clone())
}

/// "zone `z1` (owner)": who refers, through which field.
fn by_field(what: &Message, field: &str) -> Message {
    msg("diag-by-field")
        .arg("what", what.clone())
        .arg("field", field)
}

/// "add `key:` with one of `a`, `b`".
fn add_one_of<T>(key: &str, table: &[(&'static str, T)]) -> Message {
    msg("diag-add-one-of")
        .arg("key", key)
        .arg("allowed", list_words(&vocab::words(table)))
}

#[cfg(test)]
mod suggest_tests {
    use super::suggest;

    /// Equally close candidates give the same suggestion in any order (the loader passes
    /// ids from hash sets).
    #[test]
    fn a_tie_is_broken_by_the_word_not_the_order() {
        let a = suggest("line-b", ["line-c", "line-a"]);
        let b = suggest("line-b", ["line-a", "line-c"]);
        assert_eq!(a, Some("line-a"));
        assert_eq!(a, b);
        assert_eq!(suggest("zone", ["zone"]), Some("zone"));
        assert_eq!(suggest("qqqq", ["zone"]), None);
    }

    /// The word that differs counts more than a shared prefix: the purpose a user means by
    /// `improve-productivity` is `increase-productivity`.
    #[test]
    fn fewest_edits_outweigh_a_shared_prefix() {
        let purposes = crate::vocab::words(crate::vocab::PURPOSES);
        assert_eq!(
            suggest("improve-productivity", purposes.iter().copied()),
            Some("increase-productivity")
        );
        assert_eq!(
            suggest("improve-qualty", purposes.iter().copied()),
            Some("improve-quality")
        );
    }
}
