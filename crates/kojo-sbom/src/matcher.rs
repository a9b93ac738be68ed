//! Matching SBOM components against the advisory index, along three paths: purl → OSV,
//! CPE (or purl) → CSAF, and vendor + product name + version text → the CSAF product tree.
//! A version or range that cannot be read gives [`Verdict::CannotEvaluate`], never a guess.

use crate::advisory::{Event, KevEntry, OsvAffected, RangeKind, norm_name, package_key};
use crate::cpe::Cpe;
use crate::index::{AdvisoryIndex, ProductRef, purl_base};
use crate::range::{RangeCheck, VersRange};
use crate::sbom::Component;
use crate::version::Scheme;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::str::FromStr;

/// How a component was tied to an advisory, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchPath {
    Purl,
    Cpe,
    /// The model number or SKU of the CSAF product tree (or one in brackets in its name).
    ModelNumber,
    /// Vendor and product name equal once case, spaces and punctuation are dropped.
    Exact,
    /// Product names equal once bracketed qualifiers are dropped too, or the product family
    /// is joined to the name.
    Normalised,
}

impl MatchPath {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchPath::Purl => "purl",
            MatchPath::Cpe => "cpe",
            MatchPath::ModelNumber => "model-number",
            MatchPath::Exact => "exact",
            MatchPath::Normalised => "normalised",
        }
    }

    /// In words, for the finding's text.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            MatchPath::Purl => ("package URL", "パッケージURL"),
            MatchPath::Cpe => ("CPE name", "CPE名"),
            MatchPath::ModelNumber => ("model number", "型番"),
            MatchPath::Exact => ("vendor and product name", "ベンダー名と製品名"),
            MatchPath::Normalised => (
                "vendor and product name without qualifiers",
                "補足を除いたベンダー名と製品名",
            ),
        }
    }

    /// A path that may tie a component to a neighbouring product.
    pub fn is_loose(self) -> bool {
        self == MatchPath::Normalised
    }
}

/// Whether the component's version is affected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Affected,
    /// The version or the advisory's range cannot be read; the reason says which.
    CannotEvaluate(String),
}

/// A component matched to one advisory (OSV record or CSAF document).
#[derive(Debug, Clone, PartialEq)]
pub struct VulnMatch {
    /// Position of the component in the SBOM's list.
    pub component: usize,
    pub advisory: String,
    /// `osv` or `csaf`.
    pub source: &'static str,
    pub path: MatchPath,
    /// CVE ids (and other aliases) of the advisory's matching vulnerabilities.
    pub aliases: Vec<String>,
    pub title: String,
    /// OSV `ecosystem/name` or the CSAF product's full name.
    pub product: String,
    /// The affected range, in words.
    pub range: String,
    /// Versions that fix it.
    pub fixed: Vec<String>,
    /// CSAF remediations (`vendor_fix: …`).
    pub remediations: Vec<String>,
    pub cvss_score: Option<f64>,
    pub cvss_vector: Option<String>,
    pub severity_text: Option<String>,
    /// RustSec `informational` (`unsound`, …): not an exploitable vulnerability as such.
    pub informational: Option<String>,
    pub kev: Vec<KevEntry>,
    pub verdict: Verdict,
    /// Whether a version range or version of the advisory was checked (not "all versions").
    pub version_matched: bool,
}

impl VulnMatch {
    /// How sure the match is: `high` for purl, CPE, model number and exact names, `medium`
    /// for a loose name with a version match, `low` for a loose name alone.
    pub fn confidence(&self) -> &'static str {
        match (self.path.is_loose(), self.version_matched) {
            (false, _) => "high",
            (true, true) => "medium",
            (true, false) => "low",
        }
    }
}

/// Matches every component; the result is ordered by component, then advisory id.
pub fn match_components(index: &AdvisoryIndex, components: &[Component]) -> Vec<VulnMatch> {
    let mut out = Vec::new();
    for (i, c) in components.iter().enumerate() {
        match_osv(index, i, c, &mut out);
        match_csaf(index, i, c, &mut out);
    }
    out
}

/// The OSV ecosystem and package name a purl stands for.
pub fn purl_package(purl: &str) -> Option<(String, String, Option<String>, Option<String>)> {
    let p = packageurl::PackageUrl::from_str(purl.trim()).ok()?;
    let ns = p.namespace();
    let name = p.name();
    let (eco, pkg) = match p.ty().to_ascii_lowercase().as_str() {
        "pypi" => ("PyPI", name.to_string()),
        "golang" => (
            "Go",
            ns.map(|n| format!("{n}/{name}"))
                .unwrap_or_else(|| name.to_string()),
        ),
        "cargo" => ("crates.io", name.to_string()),
        "npm" => (
            "npm",
            ns.map(|n| format!("{n}/{name}"))
                .unwrap_or_else(|| name.to_string()),
        ),
        "maven" => (
            "Maven",
            ns.map(|n| format!("{n}:{name}"))
                .unwrap_or_else(|| name.to_string()),
        ),
        "gem" => ("RubyGems", name.to_string()),
        "nuget" => ("NuGet", name.to_string()),
        "composer" => (
            "Packagist",
            ns.map(|n| format!("{n}/{name}"))
                .unwrap_or_else(|| name.to_string()),
        ),
        "hex" => ("Hex", name.to_string()),
        "pub" => ("Pub", name.to_string()),
        "deb" => {
            let distro = ns.unwrap_or("debian");
            (
                if distro.eq_ignore_ascii_case("ubuntu") {
                    "Ubuntu"
                } else {
                    "Debian"
                },
                name.to_string(),
            )
        }
        "apk" => ("Alpine", name.to_string()),
        _ => return None,
    };
    let distro = p.qualifiers().get("distro").map(|d| d.to_string());
    Some((
        eco.to_string(),
        pkg,
        p.version().map(str::to_string),
        distro,
    ))
}

/// `Debian:7` against purl `distro=debian-7` (or `7`, `wheezy` is not read): a release on
/// both sides must agree.
fn release_agrees(ecosystem: &str, distro: Option<&str>) -> bool {
    let (Some((_, rel)), Some(d)) = (ecosystem.split_once(':'), distro) else {
        return true;
    };
    let d = d.rsplit('-').next().unwrap_or(d);
    let rel = rel.trim_start_matches('v');
    let d = d.trim_start_matches('v');
    rel == d || d.starts_with(&format!("{rel}.")) || rel.starts_with(&format!("{d}."))
}

fn match_osv(index: &AdvisoryIndex, i: usize, c: &Component, out: &mut Vec<VulnMatch>) {
    let Some(purl) = &c.purl else { return };
    let Some((eco, name, pv, distro)) = purl_package(purl) else {
        return;
    };
    let Some(refs) = index.osv_by_package.get(&package_key(&eco, &name)) else {
        return;
    };
    let version = pv.or_else(|| c.version.clone());
    // One match per record, however many `affected` entries name the package.
    let mut per_record: Vec<(u32, Vec<u32>)> = Vec::new();
    for &(r, a) in refs {
        match per_record.last_mut() {
            Some((last, v)) if *last == r => v.push(a),
            _ => per_record.push((r, vec![a])),
        }
    }
    for (r, entries) in per_record {
        let Some(rec) = index.osv.get(r as usize) else {
            continue;
        };
        let mut verdict: Option<Verdict> = None;
        let mut range_text = Vec::new();
        let mut fixed = BTreeSet::new();
        let mut informational = None;
        for a in entries {
            let Some(aff) = rec.affected.get(a as usize) else {
                continue;
            };
            if !release_agrees(&aff.ecosystem, distro.as_deref()) {
                continue;
            }
            range_text.push(describe_osv(aff));
            informational = informational.or(aff.informational.clone());
            let v = match &version {
                Some(v) => evaluate_osv(aff, v),
                None => OsvEval::Cannot("the component has no version".into()),
            };
            match v {
                OsvEval::Affected(fix) => {
                    fixed.extend(fix);
                    verdict = Some(Verdict::Affected);
                }
                OsvEval::Cannot(why) => {
                    if verdict.is_none() {
                        verdict = Some(Verdict::CannotEvaluate(why));
                    }
                }
                OsvEval::NotAffected => {}
            }
        }
        let Some(verdict) = verdict else { continue };
        out.push(VulnMatch {
            component: i,
            advisory: rec.id.clone(),
            source: "osv",
            path: MatchPath::Purl,
            aliases: rec.aliases.clone(),
            title: rec.summary.clone(),
            product: format!("{eco}/{name}"),
            range: range_text.join("; "),
            fixed: fixed.into_iter().collect(),
            remediations: Vec::new(),
            cvss_score: rec.cvss_score,
            cvss_vector: rec.cvss_vector.clone(),
            severity_text: rec.severity_text.clone(),
            informational,
            kev: kev_of(index, std::iter::once(&rec.id).chain(rec.aliases.iter())),
            verdict,
            version_matched: true,
        });
    }
}

fn kev_of<'a>(index: &AdvisoryIndex, ids: impl Iterator<Item = &'a String>) -> Vec<KevEntry> {
    let mut out: Vec<KevEntry> = Vec::new();
    for id in ids {
        if let Some(k) = index.kev_entry(id)
            && !out.iter().any(|e| e.cve == k.cve)
        {
            out.push(k.clone());
        }
    }
    out
}

fn describe_osv(a: &OsvAffected) -> String {
    let mut parts = Vec::new();
    // GIT ranges name commits, which say nothing to a reader of version numbers.
    for r in a
        .ranges
        .iter()
        .filter(|r| matches!(r.kind, RangeKind::Semver | RangeKind::Ecosystem))
    {
        let mut cur = String::new();
        for e in &r.events {
            let s = match e {
                Event::Introduced(v) if v == "0" => ">= 0".to_string(),
                Event::Introduced(v) => format!(">= {v}"),
                Event::Fixed(v) => format!("< {v}"),
                Event::LastAffected(v) => format!("<= {v}"),
                Event::Limit(v) => format!("limit {v}"),
            };
            if matches!(e, Event::Introduced(_)) && !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push_str(", ");
            }
            cur.push_str(&s);
        }
        if !cur.is_empty() {
            parts.push(cur);
        }
    }
    if parts.is_empty() && !a.versions.is_empty() {
        return format!("{} listed versions", a.versions_iter().count());
    }
    parts.join(" | ")
}

/// The outcome for one OSV `affected` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OsvEval {
    /// Affected, with the version that fixes the interval the version is in, if any.
    Affected(Option<String>),
    NotAffected,
    Cannot(String),
}

/// Evaluates a version against one `affected` entry: its enumerated `versions`, then its
/// SEMVER/ECOSYSTEM ranges (OSV rule: `introduced <= v < fixed`, `v <= last_affected`,
/// `v < limit`). GIT ranges alone cannot be evaluated offline.
pub fn evaluate_osv(a: &OsvAffected, version: &str) -> OsvEval {
    let eco_scheme = Scheme::for_ecosystem(&a.ecosystem);
    let by_ranges = evaluate_ranges(a, eco_scheme, version);
    if matches!(by_ranges, OsvEval::Affected(_)) {
        return by_ranges;
    }
    // Enumerated versions count too (OSV: affected if listed or in a range).
    if a.versions_iter()
        .any(|x| x == version || eco_scheme.same(x, version))
    {
        return OsvEval::Affected(None);
    }
    by_ranges
}

fn evaluate_ranges(a: &OsvAffected, eco_scheme: Scheme, version: &str) -> OsvEval {
    let mut cannot = None;
    let mut evaluable = false;
    for r in &a.ranges {
        let scheme = match r.kind {
            RangeKind::Semver => Scheme::Semver,
            RangeKind::Ecosystem => eco_scheme,
            RangeKind::Git | RangeKind::Other => continue,
        };
        evaluable = true;
        match evaluate_range(scheme, &r.events, version) {
            Ok(Some(fix)) => return OsvEval::Affected(fix),
            Ok(None) => {}
            Err(why) => cannot = cannot.or(Some(why)),
        }
    }
    if let Some(why) = cannot {
        return OsvEval::Cannot(why);
    }
    if !evaluable && a.versions.is_empty() && !a.ranges.is_empty() {
        return OsvEval::Cannot("only GIT ranges: needs the repository to evaluate".into());
    }
    OsvEval::NotAffected
}

fn event_version(e: &Event) -> &str {
    match e {
        Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
    }
}

/// `Ok(Some(fix))` when affected (with the fixing version, if any), `Ok(None)` when not.
fn evaluate_range(
    scheme: Scheme,
    events: &[Event],
    version: &str,
) -> Result<Option<Option<String>>, String> {
    let cmp_v = |x: &str| -> Result<Ordering, String> {
        scheme
            .compare(version, x)
            .ok_or_else(|| format!("cannot order `{version}` against `{x}` ({scheme:?})"))
    };
    // "0" is the start of time in every ecosystem.
    let is_zero = |e: &Event| matches!(e, Event::Introduced(v) if v == "0");
    let mut sorted: Vec<&Event> = events.iter().collect();
    let mut failed = None;
    crate::version::insertion_sort_by(&mut sorted, |x, y| match (is_zero(x), is_zero(y)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => scheme
            .compare(event_version(x), event_version(y))
            .unwrap_or_else(|| {
                failed = Some(format!(
                    "cannot order the range's versions `{}` and `{}`",
                    event_version(x),
                    event_version(y)
                ));
                Ordering::Equal
            }),
    });
    if let Some(f) = failed {
        return Err(f);
    }
    let mut affected = false;
    let mut next_fix = None;
    for (k, e) in sorted.iter().enumerate() {
        match e {
            Event::Introduced(x) => {
                if is_zero(e) || cmp_v(x)? != Ordering::Less {
                    affected = true;
                }
            }
            Event::Fixed(x) => {
                if cmp_v(x)? != Ordering::Less {
                    affected = false;
                }
            }
            Event::LastAffected(x) => {
                if cmp_v(x)? == Ordering::Greater {
                    affected = false;
                }
            }
            Event::Limit(x) => {
                if x != "*" && cmp_v(x)? != Ordering::Less {
                    return Ok(None);
                }
            }
        }
        if affected && next_fix.is_none() {
            // The first `fixed` above the version closes its interval.
            next_fix = sorted[k + 1..].iter().find_map(|n| match n {
                Event::Fixed(x) if cmp_v(x).ok() == Some(Ordering::Less) => Some(x.clone()),
                _ => None,
            });
        }
        if !affected {
            next_fix = None;
        }
    }
    Ok(affected.then_some(next_fix))
}

// ---- CSAF ----

/// How a CSAF product's versions relate to the component's version.
pub(crate) fn product_check(
    p: &crate::advisory::CsafProduct,
    path: MatchPath,
    component_version: Option<&str>,
    cpe_version: Option<&str>,
) -> RangeCheck {
    let pcpe = p.cpe.as_deref().and_then(Cpe::parse);
    let exact = match path {
        MatchPath::Cpe => pcpe
            .as_ref()
            .and_then(Cpe::full_version)
            .or_else(|| p.version.clone()),
        _ => p.version.clone(),
    };
    let v = match path {
        MatchPath::Cpe => cpe_version.or(component_version),
        _ => component_version,
    };
    let range = match (&exact, &p.range) {
        (Some(_), _) => None,
        (None, Some(r)) => Some(parse_range(r)),
        (None, None) => Some(VersRange::All),
    };
    if range == Some(VersRange::All) {
        return RangeCheck::Inside;
    }
    let Some(v) = v else {
        return RangeCheck::CannotEvaluate("the component has no version".into());
    };
    match (exact, range) {
        (Some(e), _) => exact_version_check(&e, v),
        (None, Some(r)) => r.check(v),
        (None, None) => RangeCheck::Inside,
    }
}

/// A `product_version` against the component's version. A line (`V7.6x`, `R210.X`) or a
/// bare major version (`V6`, Siemens and GE name product lines so) holds every version on it.
fn exact_version_check(e: &str, v: &str) -> RangeCheck {
    let line = if crate::version::is_line(e) {
        Some(e.to_string())
    } else {
        crate::version::leading_numbers(e)
            .filter(|n| n.len() == 1 && !e.trim().contains('.'))
            .map(|_| format!("{}.x", e.trim()))
    };
    if let Some(line) = line {
        return match crate::version::line_position(&line, v) {
            Some(crate::version::LinePos::On) => RangeCheck::Inside,
            Some(_) => RangeCheck::Outside,
            None => RangeCheck::CannotEvaluate(format!("cannot order `{v}` against `{e}`")),
        };
    }
    match Scheme::Generic.compare(v, e) {
        Some(Ordering::Equal) => RangeCheck::Inside,
        Some(_) => RangeCheck::Outside,
        None if v.trim().eq_ignore_ascii_case(e.trim()) => RangeCheck::Inside,
        None => RangeCheck::Outside,
    }
}

/// A range text, parsed once per thread: the same CSAF rows are judged for every component
/// (1,283 relationship rows of one file repeat a few range texts).
fn parse_range(text: &str) -> VersRange {
    thread_local! {
        static RANGES: std::cell::RefCell<std::collections::HashMap<String, VersRange>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    RANGES.with(|m| {
        if let Some(r) = m.borrow().get(text) {
            return r.clone();
        }
        let r = VersRange::parse(text);
        let mut m = m.borrow_mut();
        // Bounded: an index of any size keeps at most this many texts.
        if m.len() < 100_000 {
            m.insert(text.to_string(), r.clone());
        }
        r
    })
}

/// A vendor name's key, computed once per thread (every candidate row compares one).
fn vendor_key_cached(name: &str) -> String {
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    KEYS.with(|m| {
        if let Some(k) = m.borrow().get(name) {
            return k.clone();
        }
        let k = crate::advisory::vendor_key(name);
        let mut m = m.borrow_mut();
        if m.len() < 100_000 {
            m.insert(name.to_string(), k.clone());
        }
        k
    })
}

pub(crate) fn vendor_agrees(product_vendor: Option<&str>, vendors: &[String]) -> bool {
    let Some(pv) = product_vendor
        .map(vendor_key_cached)
        .filter(|v| !v.is_empty())
    else {
        return true;
    };
    vendors
        .iter()
        .map(|v| vendor_key_cached(v))
        .any(|v| !v.is_empty() && (v.starts_with(&pv) || pv.starts_with(&v)))
}

fn match_csaf(index: &AdvisoryIndex, i: usize, c: &Component, out: &mut Vec<VulnMatch>) {
    for o in csaf_judgements(index, i, c) {
        if let CsafOutcome::Matched(m) = o {
            out.push(*m);
        }
    }
}

/// An index map, the keys to look up in it, and the path a hit stands for.
type Lookup<'a> = (
    &'a std::collections::HashMap<String, Vec<ProductRef>>,
    &'a [String],
    MatchPath,
);

/// What one CSAF document says of a component whose product it names.
#[derive(Debug, Clone, PartialEq)]
pub enum CsafOutcome {
    /// Affected, or cannot be evaluated (see the match's verdict).
    Matched(Box<VulnMatch>),
    /// The document names the product, and the component's version is not affected.
    NotAffected {
        advisory: String,
        /// `outside-range`, `fixed`, `known-not-affected` or `not-listed`.
        why: &'static str,
    },
}

/// Every CSAF document that names the component's product, with its judgement: nothing
/// that names the product is dropped without one.
pub fn csaf_judgements(index: &AdvisoryIndex, i: usize, c: &Component) -> Vec<CsafOutcome> {
    let mut out = Vec::new();
    // Candidate products by path, best path first; a product is judged once.
    let mut candidates: Vec<(ProductRef, MatchPath)> = Vec::new();
    let ccpe = c.cpe.as_deref().and_then(Cpe::parse);
    if let Some(cpe) = &ccpe {
        for r in index.csaf_by_cpe.get(&cpe.key()).into_iter().flatten() {
            candidates.push((*r, MatchPath::Cpe));
        }
    }
    if let Some(base) = c.purl.as_deref().and_then(purl_base) {
        for r in index.csaf_by_purl.get(&base).into_iter().flatten() {
            candidates.push((*r, MatchPath::Purl));
        }
    }
    // Model numbers: the component's name, or a part of it in brackets.
    let mut models: Vec<String> = crate::advisory::bracketed(&c.name)
        .into_iter()
        .chain(std::iter::once(c.name.as_str()))
        .map(norm_name)
        .filter(|m| m.len() >= 4)
        .collect();
    models.dedup();
    let name = norm_name(&c.name);
    let loose = crate::advisory::loose_name(&c.name);
    let lookups: [Lookup; 4] = [
        (&index.csaf_by_model, &models, MatchPath::ModelNumber),
        (
            &index.csaf_by_name,
            std::slice::from_ref(&name),
            MatchPath::Exact,
        ),
        (
            &index.csaf_by_name,
            std::slice::from_ref(&loose),
            MatchPath::Normalised,
        ),
        (
            &index.csaf_by_loose_name,
            std::slice::from_ref(&loose),
            MatchPath::Normalised,
        ),
    ];
    for (map, keys, path) in lookups {
        for key in keys.iter().filter(|k| !k.is_empty()) {
            for r in map.get(key).into_iter().flatten() {
                let Some(p) = index
                    .csaf
                    .get(r.0 as usize)
                    .and_then(|d| d.products.get(r.1 as usize))
                else {
                    continue;
                };
                // The vendor must agree where both sides name one; a bare name is not
                // enough when the component names no maker at all.
                if c.vendors.is_empty() || !vendor_agrees(p.vendor.as_deref(), &c.vendors) {
                    continue;
                }
                candidates.push((*r, path));
            }
        }
    }
    let mut seen = BTreeSet::new();
    candidates.retain(|(r, _)| seen.insert(*r));
    candidates.sort_by_key(|(r, p)| (r.0, *p));
    let cpe_version = ccpe.as_ref().and_then(Cpe::full_version);
    let component_version = c.version.as_deref();
    let mut k = 0;
    while k < candidates.len() {
        let doc_i = candidates[k].0.0;
        let mut end = k;
        while end < candidates.len() && candidates[end].0.0 == doc_i {
            end += 1;
        }
        let Some(doc) = index.csaf.get(doc_i as usize) else {
            k = end;
            continue;
        };
        let mut inside: Vec<(&crate::advisory::CsafProduct, MatchPath)> = Vec::new();
        let mut cannot: Vec<(&crate::advisory::CsafProduct, String, MatchPath)> = Vec::new();
        // Relationship rows repeat their base's versions (1,283 of them in one file): judge
        // each distinct version text once.
        let mut judged: std::collections::HashMap<_, RangeCheck> = std::collections::HashMap::new();
        for &((_, p), path) in &candidates[k..end] {
            let Some(prod) = doc.products.get(p as usize) else {
                continue;
            };
            let key = (
                prod.version.as_deref(),
                prod.range.as_deref(),
                prod.cpe.as_deref(),
                path,
            );
            let check = judged
                .entry(key)
                .or_insert_with(|| {
                    product_check(prod, path, component_version, cpe_version.as_deref())
                })
                .clone();
            match check {
                RangeCheck::Inside => inside.push((prod, path)),
                RangeCheck::Outside => {}
                RangeCheck::CannotEvaluate(why) => cannot.push((prod, why, path)),
            }
        }
        k = end;
        out.push(judge_doc(
            index,
            doc,
            i,
            &inside,
            &cannot,
            component_version,
        ));
    }
    out
}

/// Whether a product row covers every version (no version was compared).
fn covers_all(p: &crate::advisory::CsafProduct) -> bool {
    p.version.is_none()
        && p.cpe
            .as_deref()
            .and_then(Cpe::parse)
            .and_then(|c| c.full_version())
            .is_none()
        && p.range
            .as_deref()
            .is_none_or(|r| parse_range(r) == VersRange::All)
}

/// Whether the row `f` (listed fixed or not affected) outweighs the affected row `a` for
/// the same component: same product, and `f` at least as precise (an exact version, or
/// `a` covers all versions). Another product's status never hides this one's.
fn outweighs(f: &crate::advisory::CsafProduct, a: &crate::advisory::CsafProduct) -> bool {
    let same = match (&f.product_name, &a.product_name) {
        (Some(x), Some(y)) => norm_name(x) == norm_name(y),
        _ => f.full_name == a.full_name,
    };
    same && (f.version.is_some() || covers_all(a))
}

/// How many leading numbers the version shares with the range (to quote the row that
/// concerns this version when several cannot be evaluated).
fn closeness(p: &crate::advisory::CsafProduct, version: Option<&str>) -> usize {
    let Some(v) = version.and_then(crate::version::leading_numbers) else {
        return 0;
    };
    let text = p.range.as_deref().or(p.version.as_deref()).unwrap_or("");
    let first = text
        .split(|c: char| c == '|' || c == '_' || c.is_whitespace())
        .map(|w| w.trim_start_matches(['<', '>', '=', '!']))
        .find_map(crate::version::leading_numbers);
    first.map_or(0, |r| v.iter().zip(&r).take_while(|(a, b)| a == b).count())
}

fn judge_doc(
    index: &AdvisoryIndex,
    doc: &crate::advisory::CsafDoc,
    i: usize,
    inside: &[(&crate::advisory::CsafProduct, MatchPath)],
    cannot: &[(&crate::advisory::CsafProduct, String, MatchPath)],
    version: Option<&str>,
) -> CsafOutcome {
    let set =
        |list: &[String]| -> std::collections::HashSet<String> { list.iter().cloned().collect() };
    let mut cves = Vec::new();
    let mut titles = Vec::new();
    let mut remediations: Vec<String> = Vec::new();
    let mut fixed: BTreeSet<String> = BTreeSet::new();
    let mut best: Option<(f64, Option<String>)> = None;
    let mut hit: Option<&(&crate::advisory::CsafProduct, MatchPath)> = None;
    let mut cannot_reason: Option<(&crate::advisory::CsafProduct, String, MatchPath)> = None;
    let mut not_affected_why: &'static str = if inside.is_empty() {
        "outside-range"
    } else {
        "not-listed"
    };
    for v in &doc.vulns {
        let (v_affected, v_fixed, v_not) = (set(&v.affected), set(&v.fixed), set(&v.not_affected));
        let has = |list: &std::collections::HashSet<String>, id: &str| list.contains(id);
        let settled: Vec<&crate::advisory::CsafProduct> = inside
            .iter()
            .filter(|(p, _)| has(&v_fixed, &p.product_id) || has(&v_not, &p.product_id))
            .map(|(p, _)| *p)
            .collect();
        if let Some(p) = settled.first() {
            not_affected_why = if has(&v_fixed, &p.product_id) {
                "fixed"
            } else {
                "known-not-affected"
            };
        }
        let affected: Vec<_> = inside
            .iter()
            .filter(|(p, _)| has(&v_affected, &p.product_id))
            .filter(|(p, _)| !settled.iter().any(|f| outweighs(f, p)))
            .collect();
        if affected.is_empty() {
            // Under investigation: the document names this version, and cannot say yet.
            if let Some((p, path)) = inside
                .iter()
                .find(|(p, _)| v.under_investigation.iter().any(|x| x == &p.product_id))
                && cannot_reason.is_none()
            {
                cannot_reason = Some((
                    p,
                    "under investigation: the advisory has not decided whether this version is affected"
                        .into(),
                    *path,
                ));
                if let Some(cve) = &v.cve
                    && !cves.contains(cve)
                {
                    cves.push(cve.clone());
                }
                continue;
            }
            let mut rows: Vec<_> = cannot
                .iter()
                .filter(|(p, _, _)| has(&v_affected, &p.product_id))
                .collect();
            // The closest row first; the document's order among equals.
            rows.sort_by_key(|(p, _, _)| std::cmp::Reverse(closeness(p, version)));
            if let Some((p, why, path)) = rows.first()
                && cannot_reason
                    .as_ref()
                    .is_none_or(|(q, _, _)| closeness(p, version) > closeness(q, version))
            {
                cannot_reason = Some((p, why.clone(), *path));
            }
            if !rows.is_empty()
                && let Some(cve) = &v.cve
                && !cves.contains(cve)
            {
                cves.push(cve.clone());
            }
            continue;
        }
        hit = hit.or(affected.first().copied());
        if let Some(cve) = &v.cve
            && !cves.contains(cve)
        {
            cves.push(cve.clone());
        }
        if let Some(t) = &v.title
            && !titles.contains(t)
        {
            titles.push(t.clone());
        }
        let ids: std::collections::HashSet<&str> = affected
            .iter()
            .map(|(p, _)| p.product_id.as_str())
            .collect();
        for r in &v.remediations {
            if r.product_ids.iter().any(|x| ids.contains(&x.as_str())) {
                let text = format!("{}: {}", r.category, r.details);
                if !remediations.contains(&text) {
                    remediations.push(text);
                }
            }
        }
        for s in &v.scores {
            if s.products.iter().any(|x| ids.contains(&x.as_str()))
                && let Some(score) = s.base_score
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((score, s.vector.clone()));
            }
        }
        // Versions of the same product listed as fixed name the fix.
        if !v.fixed.is_empty() {
            let names: BTreeSet<Option<String>> = affected
                .iter()
                .map(|(p, _)| p.product_name.as_deref().map(norm_name))
                .collect();
            let fixed_ids: BTreeSet<&str> = v.fixed.iter().map(String::as_str).collect();
            for fp in doc
                .products
                .iter()
                .filter(|p| fixed_ids.contains(p.product_id.as_str()))
            {
                if names.contains(&fp.product_name.as_deref().map(norm_name))
                    && let Some(ver) = fp.version.clone().or_else(|| {
                        fp.cpe
                            .as_deref()
                            .and_then(Cpe::parse)
                            .and_then(|c| c.full_version())
                    })
                {
                    fixed.insert(ver);
                }
            }
        }
    }
    let kev = kev_of(index, cves.iter());
    if let Some((p, path)) = hit {
        return CsafOutcome::Matched(Box::new(VulnMatch {
            component: i,
            advisory: doc.id.clone(),
            source: "csaf",
            path: *path,
            aliases: cves,
            title: if titles.is_empty() {
                doc.title.clone()
            } else {
                titles.join("; ")
            },
            product: p.full_name.clone(),
            range: product_range_text(p),
            fixed: fixed.into_iter().collect(),
            remediations,
            cvss_score: best.as_ref().map(|b| b.0),
            cvss_vector: best.and_then(|b| b.1),
            severity_text: None,
            informational: None,
            kev,
            verdict: Verdict::Affected,
            version_matched: !covers_all(p),
        }));
    }
    let Some((p, why, path)) = cannot_reason else {
        return CsafOutcome::NotAffected {
            advisory: doc.id.clone(),
            why: not_affected_why,
        };
    };
    CsafOutcome::Matched(Box::new(VulnMatch {
        component: i,
        advisory: doc.id.clone(),
        source: "csaf",
        path,
        aliases: cves,
        title: doc.title.clone(),
        product: p.full_name.clone(),
        range: product_range_text(p),
        fixed: Vec::new(),
        remediations: Vec::new(),
        cvss_score: None,
        cvss_vector: None,
        severity_text: None,
        informational: None,
        kev,
        verdict: Verdict::CannotEvaluate(why),
        version_matched: true,
    }))
}

fn product_range_text(p: &crate::advisory::CsafProduct) -> String {
    if let Some(v) = &p.version {
        return format!("= {v}");
    }
    if let Some(r) = &p.range {
        return r.clone();
    }
    if let Some(cpe) = &p.cpe {
        return cpe.clone();
    }
    "all versions".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aff(eco: &str, events: Vec<Event>, kind: RangeKind) -> OsvAffected {
        OsvAffected {
            ecosystem: eco.into(),
            name: "p".into(),
            ranges: vec![crate::advisory::OsvRange { kind, events }],
            versions: String::new(),
            informational: None,
        }
    }
    use Event::*;

    #[test]
    fn osv_fixed_boundary_is_not_affected() {
        let a = aff(
            "PyPI",
            vec![Introduced("2.10.0".into()), Fixed("2.10.1".into())],
            RangeKind::Ecosystem,
        );
        assert_eq!(evaluate_osv(&a, "2.10.1"), OsvEval::NotAffected);
        assert_eq!(
            evaluate_osv(&a, "2.10.0"),
            OsvEval::Affected(Some("2.10.1".into()))
        );
        assert_eq!(evaluate_osv(&a, "2.9.9"), OsvEval::NotAffected);
    }

    #[test]
    fn osv_multiple_intervals_and_zero() {
        let a = aff(
            "crates.io",
            vec![
                Introduced("0".into()),
                Fixed("1.0.0".into()),
                Introduced("1.2.0".into()),
                Fixed("1.2.5".into()),
            ],
            RangeKind::Semver,
        );
        assert_eq!(
            evaluate_osv(&a, "0.9.0"),
            OsvEval::Affected(Some("1.0.0".into()))
        );
        assert_eq!(evaluate_osv(&a, "1.1.0"), OsvEval::NotAffected);
        assert_eq!(
            evaluate_osv(&a, "1.2.4"),
            OsvEval::Affected(Some("1.2.5".into()))
        );
        assert_eq!(evaluate_osv(&a, "1.2.5"), OsvEval::NotAffected);
    }

    #[test]
    fn osv_last_affected_and_limit() {
        let a = aff(
            "npm",
            vec![Introduced("1.0.0".into()), LastAffected("1.4.0".into())],
            RangeKind::Semver,
        );
        assert_eq!(evaluate_osv(&a, "1.4.0"), OsvEval::Affected(None));
        assert_eq!(evaluate_osv(&a, "1.4.1"), OsvEval::NotAffected);
        let l = aff(
            "Go",
            vec![Introduced("0".into()), Limit("2.0.0".into())],
            RangeKind::Semver,
        );
        assert_eq!(evaluate_osv(&l, "1.9.9"), OsvEval::Affected(None));
        assert_eq!(evaluate_osv(&l, "2.0.0"), OsvEval::NotAffected);
    }

    #[test]
    fn osv_per_ecosystem_ordering() {
        // PEP 440: 5.2b1 < 5.3, so the [5.1, 5.2b1) interval does not hold 5.3.
        let p = aff(
            "PyPI",
            vec![Introduced("5.1".into()), Fixed("5.2b1".into())],
            RangeKind::Ecosystem,
        );
        assert_eq!(evaluate_osv(&p, "5.3"), OsvEval::NotAffected);
        assert_eq!(
            evaluate_osv(&p, "5.2a1"),
            OsvEval::Affected(Some("5.2b1".into()))
        );
        // Debian: the ~ suffix sorts before the release.
        let d = aff(
            "Debian:7",
            vec![Introduced("0".into()), Fixed("1.2.1-2+deb7u1".into())],
            RangeKind::Ecosystem,
        );
        assert!(matches!(evaluate_osv(&d, "1.2.1-2"), OsvEval::Affected(_)));
        assert_eq!(evaluate_osv(&d, "1.2.1-2+deb7u1"), OsvEval::NotAffected);
        // Maven: 2.3.1 < 2.4 < 2.12.2 (numeric, not lexical).
        let m = aff(
            "Maven",
            vec![Introduced("2.4".into()), Fixed("2.12.2".into())],
            RangeKind::Ecosystem,
        );
        assert!(matches!(evaluate_osv(&m, "2.10"), OsvEval::Affected(_)));
        assert_eq!(evaluate_osv(&m, "2.3.1"), OsvEval::NotAffected);
        // SemVer: pre-releases sort before the release.
        let s = aff(
            "npm",
            vec![Introduced("0".into()), Fixed("1.2.6".into())],
            RangeKind::Semver,
        );
        assert!(matches!(
            evaluate_osv(&s, "1.2.6-beta.1"),
            OsvEval::Affected(_)
        ));
    }

    #[test]
    fn osv_git_only_and_unreadable_cannot_be_evaluated() {
        let g = aff(
            "Go",
            vec![Introduced("abc".into()), Fixed("def".into())],
            RangeKind::Git,
        );
        assert!(matches!(evaluate_osv(&g, "1.0.0"), OsvEval::Cannot(_)));
        let u = aff(
            "PyPI",
            vec![Introduced("0".into()), Fixed("1.0".into())],
            RangeKind::Ecosystem,
        );
        assert!(matches!(
            evaluate_osv(&u, "not a version!"),
            OsvEval::Cannot(_)
        ));
    }

    #[test]
    fn osv_enumerated_versions_count() {
        let mut a = aff("PyPI", vec![], RangeKind::Ecosystem);
        a.ranges.clear();
        a.versions = "2015.04.28\n1.0".into();
        // PEP 440 reads 2015.04.28 and 2015.4.28 as the same version.
        assert_eq!(evaluate_osv(&a, "2015.4.28"), OsvEval::Affected(None));
        assert_eq!(evaluate_osv(&a, "1.0"), OsvEval::Affected(None));
        assert_eq!(evaluate_osv(&a, "1.1"), OsvEval::NotAffected);
    }

    #[test]
    fn purls_map_to_osv_packages() {
        let (e, n, v, _) = purl_package("pkg:golang/golang.org/x/net@v0.17.0").unwrap();
        assert_eq!(
            (e.as_str(), n.as_str(), v.as_deref()),
            ("Go", "golang.org/x/net", Some("v0.17.0"))
        );
        let (e, n, _, _) =
            purl_package("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").unwrap();
        assert_eq!(
            (e.as_str(), n.as_str()),
            ("Maven", "org.apache.logging.log4j:log4j-core")
        );
        let (e, n, _, _) = purl_package("pkg:npm/%40angular/core@1.0.0").unwrap();
        assert_eq!((e.as_str(), n.as_str()), ("npm", "@angular/core"));
        assert!(purl_package("not a purl").is_none());
        assert!(release_agrees("Debian:7", Some("debian-7")));
        assert!(!release_agrees("Debian:7", Some("debian-12")));
        assert!(release_agrees("Alpine:v3.16", Some("3.16.2")));
    }
}
