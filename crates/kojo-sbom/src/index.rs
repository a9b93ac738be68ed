//! The local advisory index: every OSV record, CSAF document and KEV entry of the advisory
//! sources, keyed for the three match paths (purl → OSV, CPE → CSAF, vendor + product name
//! → CSAF), and cached on disk so that later runs reuse it until a source file changes.

use crate::advisory::{
    self, AdvisoryError, CsafDoc, KevEntry, OsvRecord, Parsed, bracketed, csaf_cpe, loose_name,
    norm_name, package_key,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bumped whenever the index layout changes, so old cache files are rebuilt.
const FORMAT: u32 = 4;

/// Counts per source kind, as `kojo advisories update` prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStats {
    pub files: usize,
    pub osv_records: usize,
    pub osv_withdrawn: usize,
    pub csaf_documents: usize,
    pub csaf_products: usize,
    pub kev_entries: usize,
    /// JSON files that are no advisory (schemas and the like), by path.
    pub ignored: Vec<String>,
    /// Advisory files that cannot be read: (path, what is wrong). The rest is matched.
    pub faults: Vec<(String, String)>,
    /// VEX documents found among the sources (recognised by content).
    pub vex_documents: usize,
    /// The newest date in the data (`YYYY-MM-DD`: CSAF current release, OSV `modified`,
    /// KEV `dateAdded`), to tell how old the advisory set is.
    pub newest: Option<String>,
}

impl IndexStats {
    /// Keeps `date` (RFC 3339 or `YYYY-MM-DD`) if it is the newest seen.
    fn saw_date(&mut self, date: Option<&str>) {
        let Some(d) = date.and_then(|d| d.get(..10)) else {
            return;
        };
        if kojo_model::Date::parse(d).is_some() && self.newest.as_deref().is_none_or(|n| n < d) {
            self.newest = Some(d.to_string());
        }
    }
}

/// Where a CSAF product sits: (document, product) positions.
pub type ProductRef = (u32, u32);

/// The advisory index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdvisoryIndex {
    format: u32,
    /// Digest of the sources' paths, sizes and modification times.
    pub stamp: String,
    pub stats: IndexStats,
    pub osv: Vec<OsvRecord>,
    /// Package key → (record, affected entry).
    pub osv_by_package: HashMap<String, Vec<(u32, u32)>>,
    pub csaf: Vec<CsafDoc>,
    /// Normalised product name → products.
    pub csaf_by_name: HashMap<String, Vec<ProductRef>>,
    /// Product name without bracketed qualifiers (and family + name) → products.
    pub csaf_by_loose_name: HashMap<String, Vec<ProductRef>>,
    /// Normalised model number or SKU → products.
    pub csaf_by_model: HashMap<String, Vec<ProductRef>>,
    /// `part:vendor:product` → products.
    pub csaf_by_cpe: HashMap<String, Vec<ProductRef>>,
    /// purl without version → products.
    pub csaf_by_purl: HashMap<String, Vec<ProductRef>>,
    /// CVE id → KEV entry.
    pub kev: HashMap<String, KevEntry>,
    /// VEX documents among the sources (OpenVEX, CycloneDX VEX, CSAF `csaf_vex`).
    pub vex: Vec<crate::vex::VexDocument>,
    /// What went wrong with the cache (it is an optimisation: the run goes on without it).
    #[serde(skip)]
    pub cache_warnings: Vec<String>,
}

/// An advisory source that cannot be read.
#[derive(Debug)]
pub struct IndexError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for IndexError {}

impl AdvisoryIndex {
    /// An empty index.
    pub fn new() -> AdvisoryIndex {
        AdvisoryIndex {
            format: FORMAT,
            ..Default::default()
        }
    }

    /// Adds one JSON document; `origin` names it in messages and in `stats.ignored`.
    pub fn add_json(&mut self, origin: &str, bytes: &[u8]) -> Result<(), AdvisoryError> {
        self.stats.files += 1;
        match advisory::parse_json(bytes)? {
            Parsed::Osv(rec) => {
                self.stats.saw_date(rec.modified.as_deref());
                self.add_osv(*rec)
            }
            Parsed::OsvWithdrawn(_) => self.stats.osv_withdrawn += 1,
            Parsed::Csaf(doc) => {
                self.stats.saw_date(doc.released.as_deref());
                // A CSAF VEX document is an advisory and a set of statements at once.
                if doc.category == "csaf_vex" {
                    self.add_vex(crate::vex::VexDocument {
                        path: origin.to_string(),
                        format: crate::vex::VexFormat::Csaf,
                        claims: crate::vex::csaf_claims(&doc),
                    });
                }
                self.add_csaf(*doc)
            }
            Parsed::Kev(entries) => {
                self.stats.kev_entries += entries.len();
                for e in entries {
                    self.stats.saw_date(Some(&e.date_added));
                    self.kev.insert(e.cve.clone(), e);
                }
            }
            Parsed::NotAdvisory => match crate::vex::parse(origin, bytes, false) {
                Ok(Some(doc)) => self.add_vex(doc),
                Ok(None) => self.stats.ignored.push(origin.to_string()),
                Err(e) => {
                    return Err(AdvisoryError {
                        line: e.line,
                        column: e.column,
                        message: e.message,
                    });
                }
            },
        }
        Ok(())
    }

    /// Adds one OSV record.
    pub fn add_osv(&mut self, rec: OsvRecord) {
        let i = self.osv.len() as u32;
        for (j, a) in rec.affected.iter().enumerate() {
            self.osv_by_package
                .entry(package_key(&a.ecosystem, &a.name))
                .or_default()
                .push((i, j as u32));
        }
        self.stats.osv_records += 1;
        self.osv.push(rec);
    }

    /// Adds one CSAF document.
    pub fn add_csaf(&mut self, doc: CsafDoc) {
        let d = self.csaf.len() as u32;
        for (p, prod) in doc.products.iter().enumerate() {
            let r = (d, p as u32);
            if let Some(n) = &prod.product_name {
                push_ref(&mut self.csaf_by_name, norm_name(n), r);
                push_ref(&mut self.csaf_by_loose_name, loose_name(n), r);
                if let Some(f) = &prod.family {
                    push_ref(
                        &mut self.csaf_by_loose_name,
                        loose_name(&format!("{f} {n}")),
                        r,
                    );
                }
                for b in bracketed(n) {
                    if b.chars().any(|c| c.is_ascii_digit()) && norm_name(b).len() >= 4 {
                        push_ref(&mut self.csaf_by_model, norm_name(b), r);
                    }
                }
            }
            for m in &prod.model_numbers {
                push_ref(&mut self.csaf_by_model, norm_name(m), r);
            }
            if let Some(cpe) = csaf_cpe(prod) {
                push_ref(&mut self.csaf_by_cpe, cpe.key(), r);
            }
            if let Some(base) = prod.purl.as_deref().and_then(purl_base) {
                push_ref(&mut self.csaf_by_purl, base, r);
            }
        }
        self.stats.csaf_documents += 1;
        self.stats.csaf_products += doc.products.len();
        self.csaf.push(doc);
    }

    /// Adds one VEX document.
    pub fn add_vex(&mut self, doc: crate::vex::VexDocument) {
        self.stats.vex_documents += 1;
        self.vex.push(doc);
    }

    /// The KEV entry of a CVE id.
    pub fn kev_entry(&self, cve: &str) -> Option<&KevEntry> {
        self.kev.get(&cve.to_ascii_uppercase())
    }

    /// Reads every `.json` file under the sources (directories, searched recursively, or
    /// single files), in path order. A source that cannot be listed is an error; a file that
    /// cannot be read is a fault in `stats.faults`, and the other files are indexed.
    pub fn build(sources: &[PathBuf]) -> Result<AdvisoryIndex, IndexError> {
        let files = list_files(sources)?;
        let mut index = AdvisoryIndex::new();
        index.stamp = stamp(&files);
        for (path, _, _) in &files {
            let origin = path.display().to_string();
            if is_zip(path) {
                // An archive read halfway keeps what it gave; the fault names the rest.
                if let Err(e) = index.add_zip(path) {
                    index.stats.faults.push((origin, e.message));
                }
                continue;
            }
            match std::fs::read(path) {
                Err(e) => index.stats.faults.push((origin, e.to_string())),
                Ok(bytes) => {
                    if let Err(e) = index.add_json(&origin, &bytes) {
                        index.stats.faults.push((origin, e.to_string()));
                    }
                }
            }
        }
        Ok(index)
    }

    /// Adds every `.json` entry of a zip archive (OSV's per-ecosystem `all.zip` exports).
    pub fn add_zip(&mut self, path: &Path) -> Result<(), IndexError> {
        use std::io::Read as _;
        let err = |m: String| IndexError {
            path: path.to_path_buf(),
            message: m,
        };
        let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
            .map_err(|e| err(format!("not a readable zip archive: {e}")))?;
        let mut buf = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| err(format!("entry {i}: {e}")))?;
            let name = entry
                .name()
                .map_err(|e| err(format!("entry {i}: {e}")))?
                .to_string();
            if entry.is_dir() || !name.to_ascii_lowercase().ends_with(".json") {
                continue;
            }
            buf.clear();
            // Bounded read: a forged size field cannot make us allocate without limit.
            (&mut entry)
                .take(MAX_ENTRY + 1)
                .read_to_end(&mut buf)
                .map_err(|e| err(format!("{name}: {e}")))?;
            if buf.len() as u64 > MAX_ENTRY {
                return Err(err(format!("{name}: larger than {MAX_ENTRY} bytes")));
            }
            self.add_json(&format!("{}!{name}", path.display()), &buf)
                .map_err(|e| err(format!("{name}: {e}")))?;
        }
        Ok(())
    }

    /// Loads the cached index for `sources` from `cache_dir` when its stamp still matches
    /// the sources, else builds it and writes the cache. `force` rebuilds regardless.
    /// Returns the index and whether it was (re)built.
    pub fn load_or_build(
        sources: &[PathBuf],
        cache_dir: &Path,
        force: bool,
    ) -> Result<(AdvisoryIndex, bool), IndexError> {
        let files = list_files(sources)?;
        let current = stamp(&files);
        let cache_file = cache_dir.join(cache_name(sources));
        if !force && let Ok(bytes) = std::fs::read(&cache_file) {
            // A cache that does not decode (old layout, truncated write) is rebuilt.
            if let Ok(idx) = postcard::from_bytes::<AdvisoryIndex>(&bytes)
                && idx.format == FORMAT
                && idx.stamp == current
            {
                return Ok((idx, false));
            }
        }
        let mut index = AdvisoryIndex::build(sources)?;
        // The cache is an optimisation: failing to write it is a warning, never a failure.
        if let Err(e) = write_cache(&index, cache_dir, &cache_file) {
            index.cache_warnings.push(format!(
                "the advisory cache {} cannot be written ({e}); going on without it",
                cache_file.display()
            ));
        }
        Ok((index, true))
    }
}

/// Writes the cache to a temp file of its own (process, time, counter: concurrent writers
/// never share one), flushes it to disk, and renames it into place.
fn write_cache(index: &AdvisoryIndex, dir: &Path, file: &Path) -> Result<(), String> {
    use std::io::Write as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let bytes = postcard::to_stdvec(index).map_err(|e| format!("cannot encode the index: {e}"))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let tmp = file.with_extension(format!(
        "{}.{nanos}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.to_string());
    }
    Ok(())
}

impl AdvisoryIndex {
    /// The cache warnings of the last [`AdvisoryIndex::load_or_build`].
    pub fn warnings(&self) -> &[String] {
        &self.cache_warnings
    }
}

/// The largest advisory file read from an archive (the KEV catalog is about 1.3 MB).
const MAX_ENTRY: u64 = 256 * 1024 * 1024;

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn push_ref(map: &mut HashMap<String, Vec<ProductRef>>, key: String, r: ProductRef) {
    let v = map.entry(key).or_default();
    if !v.contains(&r) {
        v.push(r);
    }
}

/// `pkg:type/namespace/name` without version, qualifiers or subpath, lower-cased type.
pub fn purl_base(purl: &str) -> Option<String> {
    use std::str::FromStr;
    let p = packageurl::PackageUrl::from_str(purl.trim()).ok()?;
    Some(match p.namespace() {
        Some(ns) => format!("pkg:{}/{}/{}", p.ty().to_ascii_lowercase(), ns, p.name()),
        None => format!("pkg:{}/{}", p.ty().to_ascii_lowercase(), p.name()),
    })
}

type FileStamp = (PathBuf, u64, u128);

fn list_files(sources: &[PathBuf]) -> Result<Vec<FileStamp>, IndexError> {
    let mut out = Vec::new();
    for s in sources {
        let meta = std::fs::metadata(s).map_err(|e| IndexError {
            path: s.clone(),
            message: format!("cannot read the advisory source: {e}"),
        })?;
        if meta.is_dir() {
            walk_dir(s, &mut out)?;
        } else {
            out.push((s.clone(), meta.len(), mtime(&meta)));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk_dir(dir: &Path, out: &mut Vec<FileStamp>) -> Result<(), IndexError> {
    let err = |e: std::io::Error| IndexError {
        path: dir.to_path_buf(),
        message: e.to_string(),
    };
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let entry = entry.map_err(err)?;
        let path = entry.path();
        let meta = std::fs::metadata(&path).map_err(|e| IndexError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if meta.is_dir() {
            walk_dir(&path, out)?;
        } else if is_zip(&path)
            || path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            out.push((path, meta.len(), mtime(&meta)));
        }
    }
    Ok(())
}

fn mtime(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

fn stamp(files: &[FileStamp]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(FORMAT.to_le_bytes());
    for (p, size, mtime) in files {
        h.update(p.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(size.to_le_bytes());
        h.update(mtime.to_le_bytes());
    }
    hex(&h.finalize()[..16])
}

/// One cache file per set of sources, named by their absolute paths.
fn cache_name(sources: &[PathBuf]) -> String {
    use sha2::{Digest, Sha256};
    let mut abs: Vec<String> = sources
        .iter()
        .map(|s| {
            std::fs::canonicalize(s)
                .unwrap_or_else(|_| s.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    abs.sort();
    let mut h = Sha256::new();
    for a in abs {
        h.update(a.as_bytes());
        h.update([0]);
    }
    format!("advisories-{}.idx", hex(&h.finalize()[..8]))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The default cache directory: `$XDG_CACHE_HOME/kojo`, `$HOME/.cache/kojo`, or
/// `.kojo-cache` beside the model.
pub fn default_cache_dir(model_dir: &Path) -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("kojo");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(h).join(".cache").join("kojo");
    }
    model_dir.join(".kojo-cache")
}
