//! Version ordering per ecosystem. OSV ranges are lists of events, so matching needs a total
//! order per ecosystem (SemVer, PEP 440, Debian, Maven) plus a tolerant order for the
//! vendor and firmware versions of OT advisories (`V18 Update 1`, `V7.5 SP2 Update 15`).
//!
//! Every comparison returns `None` when a version cannot be read under the scheme: the
//! caller reports "cannot evaluate" instead of guessing.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::str::FromStr;

/// How versions of an ecosystem are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scheme {
    /// SemVer 2.0 (npm, crates.io, Go after stripping `v`).
    Semver,
    /// PEP 440 (PyPI).
    Pep440,
    /// Debian policy (Debian, Ubuntu).
    Debian,
    /// Maven's ComparableVersion rules.
    Maven,
    /// Dotted numbers with words (firmware, vendor products, Alpine and the rest).
    Generic,
}

impl Scheme {
    /// The scheme of an OSV ecosystem (`PyPI`, `Debian:7`, `crates.io`, …).
    pub fn for_ecosystem(ecosystem: &str) -> Scheme {
        let base = ecosystem.split(':').next().unwrap_or(ecosystem);
        match base {
            "npm" | "crates.io" | "Go" | "Hex" | "Pub" | "SwiftURL" => Scheme::Semver,
            "PyPI" => Scheme::Pep440,
            "Debian" | "Ubuntu" => Scheme::Debian,
            "Maven" => Scheme::Maven,
            _ => Scheme::Generic,
        }
    }

    /// The scheme of a `vers:` URI scheme (`vers:pypi/…`).
    pub fn for_vers(scheme: &str) -> Scheme {
        match scheme {
            "npm" | "cargo" | "golang" | "semver" | "hex" | "pub" => Scheme::Semver,
            "pypi" => Scheme::Pep440,
            "deb" => Scheme::Debian,
            "maven" => Scheme::Maven,
            _ => Scheme::Generic,
        }
    }

    /// Orders `a` against `b`, or `None` where either cannot be read under this scheme.
    pub fn compare(self, a: &str, b: &str) -> Option<Ordering> {
        match self {
            Scheme::Semver => Some(parse_semver(a)?.cmp(&parse_semver(b)?)),
            Scheme::Pep440 => {
                let a = pep440_rs::Version::from_str(a.trim()).ok()?;
                let b = pep440_rs::Version::from_str(b.trim()).ok()?;
                Some(a.cmp(&b))
            }
            Scheme::Debian => {
                let a = debversion::Version::from_str(a.trim()).ok()?;
                let b = debversion::Version::from_str(b.trim()).ok()?;
                Some(a.cmp(&b))
            }
            Scheme::Maven => Some(maven_cmp(&maven_items(a)?, &maven_items(b)?)),
            Scheme::Generic => Some(generic_cmp(&generic_tokens(a)?, &generic_tokens(b)?)),
        }
    }

    /// Whether `a` and `b` name the same version under this scheme (text equality when
    /// they cannot be read).
    pub fn same(self, a: &str, b: &str) -> bool {
        match self.compare(a, b) {
            Some(o) => o == Ordering::Equal,
            None => a.trim().eq_ignore_ascii_case(b.trim()),
        }
    }
}

/// A stable insertion sort. Ranges hold a handful of bounds, and unlike `slice::sort_by`
/// it cannot panic when versions from the wild do not form a strict total order.
pub fn insertion_sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// SemVer with a leading `v` stripped; `1` and `1.2` are read as `1.0.0` and `1.2.0`
/// (Go toolchain versions, short npm tags).
fn parse_semver(s: &str) -> Option<semver::Version> {
    let s = s.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    if let Ok(v) = semver::Version::parse(s) {
        return Some(v);
    }
    // Pad a short core (`1.21`, `1.22rc1` is not SemVer and stays unreadable).
    let (core, rest) = match s.find(['-', '+']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 2
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut padded = parts.join(".");
    for _ in parts.len()..3 {
        padded.push_str(".0");
    }
    padded.push_str(rest);
    semver::Version::parse(&padded).ok()
}

/// One item of a Maven version: a number or a qualifier.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MavenItem {
    Int(u128),
    Qual(String),
}

fn maven_items(s: &str) -> Option<Vec<MavenItem>> {
    let s = s.trim().to_ascii_lowercase();
    if s.is_empty() {
        return None;
    }
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut cur_digit: Option<bool> = None;
    let flush = |cur: &mut String, items: &mut Vec<MavenItem>| -> Option<()> {
        if cur.is_empty() {
            return Some(());
        }
        let item = if cur.bytes().all(|b| b.is_ascii_digit()) {
            // Oversized numbers are not read, rather than silently wrapped.
            MavenItem::Int(cur.parse().ok()?)
        } else {
            MavenItem::Qual(canonical_qualifier(cur))
        };
        items.push(item);
        cur.clear();
        Some(())
    };
    for ch in s.chars() {
        if ch == '.' || ch == '-' || ch == '_' {
            flush(&mut cur, &mut items)?;
            cur_digit = None;
            continue;
        }
        let d = ch.is_ascii_digit();
        if cur_digit.is_some_and(|c| c != d) {
            flush(&mut cur, &mut items)?;
        }
        cur_digit = Some(d);
        cur.push(ch);
    }
    flush(&mut cur, &mut items)?;
    // Trailing zeros and release qualifiers carry no weight (`1.0.0` == `1` == `1-final`).
    while matches!(items.last(), Some(MavenItem::Int(0)))
        || matches!(items.last(), Some(MavenItem::Qual(q)) if q.is_empty())
    {
        items.pop();
    }
    Some(items)
}

fn canonical_qualifier(q: &str) -> String {
    match q {
        "a" => "alpha".into(),
        "b" => "beta".into(),
        "m" => "milestone".into(),
        "cr" => "rc".into(),
        "ga" | "final" | "release" => String::new(),
        other => other.to_string(),
    }
}

/// Rank of well-known Maven qualifiers; unknown ones sort after them, lexically.
fn qualifier_rank(q: &str) -> (u8, &str) {
    match q {
        "alpha" => (0, ""),
        "beta" => (1, ""),
        "milestone" => (2, ""),
        "rc" => (3, ""),
        "snapshot" => (4, ""),
        "" => (5, ""),
        "sp" => (6, ""),
        other => (7, other),
    }
}

fn maven_cmp(a: &[MavenItem], b: &[MavenItem]) -> Ordering {
    let n = a.len().max(b.len());
    for i in 0..n {
        let o = match (a.get(i), b.get(i)) {
            (Some(MavenItem::Int(x)), Some(MavenItem::Int(y))) => x.cmp(y),
            (Some(MavenItem::Qual(x)), Some(MavenItem::Qual(y))) => {
                qualifier_rank(x).cmp(&qualifier_rank(y))
            }
            // A number outranks a qualifier (`1.1` > `1-sp`, `1.0.1` > `1.0-alpha`).
            (Some(MavenItem::Int(_)), Some(MavenItem::Qual(_))) => Ordering::Greater,
            (Some(MavenItem::Qual(_)), Some(MavenItem::Int(_))) => Ordering::Less,
            (Some(MavenItem::Int(x)), None) => x.cmp(&0),
            (None, Some(MavenItem::Int(y))) => 0.cmp(y),
            (Some(MavenItem::Qual(x)), None) => qualifier_rank(x).cmp(&qualifier_rank("")),
            (None, Some(MavenItem::Qual(y))) => qualifier_rank("").cmp(&qualifier_rank(y)),
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// One token of a generic (vendor/firmware) version.
#[derive(Debug, Clone, PartialEq, Eq)]
enum GenToken {
    Num(u128),
    Word(String),
}

/// Words that mark a pre-release: they sort before the bare version.
const PRE_WORDS: &[&str] = &[
    "dev", "alpha", "a", "beta", "b", "pre", "preview", "rc", "c",
];

/// Splits `V7.5 SP2 Update 15` into `7 5 sp 2 update 15`: case and separators (space, `_`,
/// `.`, `-`) do not matter, a `v` right before the first number is dropped.
fn generic_tokens(s: &str) -> Option<Vec<GenToken>> {
    let s = s.trim().to_ascii_lowercase();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_digit: Option<bool> = None;
    let push = |cur: &mut String, out: &mut Vec<GenToken>| -> Option<()> {
        if cur.is_empty() {
            return Some(());
        }
        if cur.bytes().all(|b| b.is_ascii_digit()) {
            out.push(GenToken::Num(cur.parse().ok()?));
        } else {
            out.push(GenToken::Word(std::mem::take(cur)));
        }
        cur.clear();
        Some(())
    };
    for ch in s.chars() {
        if !ch.is_alphanumeric() {
            push(&mut cur, &mut out)?;
            cur_digit = None;
            continue;
        }
        let d = ch.is_ascii_digit();
        if cur_digit.is_some_and(|c| c != d) {
            push(&mut cur, &mut out)?;
        }
        cur_digit = Some(d);
        cur.push(ch);
    }
    push(&mut cur, &mut out)?;
    // A version must hold a number somewhere ("latest" is not a version).
    let first_num = out.iter().position(|t| matches!(t, GenToken::Num(_)))?;
    // A release prefix right before the first number is no part of the order: `V18`,
    // Yokogawa's and Honeywell's `R4.01.00`, Moxa's `MX-V4.0.1.15`.
    let prefix = &out[..first_num];
    let short = |t: &GenToken| matches!(t, GenToken::Word(w) if w.len() <= 3);
    if matches!(prefix.last(), Some(GenToken::Word(w)) if w == "v" || w == "r")
        && prefix.iter().all(short)
    {
        out.drain(..first_num);
    }
    Some(out)
}

/// The numbers of a generic version up to its first word (`V33.017` → 33, 17).
pub fn leading_numbers(s: &str) -> Option<Vec<u128>> {
    let toks = generic_tokens(s)?;
    let nums: Vec<u128> = toks
        .iter()
        .map_while(|t| match t {
            GenToken::Num(n) => Some(*n),
            GenToken::Word(_) => None,
        })
        .collect();
    (!nums.is_empty()).then_some(nums)
}

/// Where a version stands against a product line (`V7.6x`, `R15x`, `R210.X`, `6.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinePos {
    Before,
    On,
    After,
}

/// Whether `s` names a line rather than one version: a trailing `x`/`X` glued to a number
/// (`V7.6x`: 7.60–7.69, and 7.6 itself) or a trailing `.x`/`.*` component (`R210.X`).
pub fn is_line(s: &str) -> bool {
    line_parts(s).is_some()
}

/// The numbers of a line before its wildcard, and whether the wildcard is one digit.
fn line_parts(s: &str) -> Option<(Vec<GenToken>, bool)> {
    let t = s.trim();
    let (body, digit) = if let Some(b) = t
        .strip_suffix(".x")
        .or_else(|| t.strip_suffix(".X"))
        .or_else(|| t.strip_suffix(".*"))
    {
        (b, false)
    } else {
        let b = t.strip_suffix(['x', 'X'])?;
        if !b.ends_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        (b, true)
    };
    let toks = generic_tokens(body)?;
    if !toks.iter().all(|t| matches!(t, GenToken::Num(_))) {
        return None;
    }
    Some((toks, digit))
}

/// Where `v` stands against the line `line`; `None` when either cannot be read.
pub fn line_position(line: &str, v: &str) -> Option<LinePos> {
    let (prefix, digit) = line_parts(line)?;
    let vt = generic_tokens(v)?;
    let fixed = if digit {
        prefix.len() - 1
    } else {
        prefix.len()
    };
    let num = |t: Option<&GenToken>| match t {
        Some(GenToken::Num(n)) => Some(*n),
        Some(GenToken::Word(_)) => None,
        None => Some(0),
    };
    for i in 0..fixed {
        let (Some(a), Some(b)) = (num(vt.get(i)), num(prefix.get(i))) else {
            return None;
        };
        match a.cmp(&b) {
            Ordering::Less => return Some(LinePos::Before),
            Ordering::Greater => return Some(LinePos::After),
            Ordering::Equal => {}
        }
    }
    if !digit {
        return Some(LinePos::On);
    }
    let (Some(c), Some(p)) = (num(vt.get(fixed)), num(prefix.get(fixed))) else {
        return None;
    };
    // `7.6` is read as `7.60`, the start of the line `7.6x`.
    let key = if c == p { p.saturating_mul(10) } else { c };
    let lo = p.saturating_mul(10);
    Some(if key < lo {
        LinePos::Before
    } else if key <= lo.saturating_add(9) {
        LinePos::On
    } else {
        LinePos::After
    })
}

fn generic_cmp(a: &[GenToken], b: &[GenToken]) -> Ordering {
    let n = a.len().max(b.len());
    for i in 0..n {
        let o = match (a.get(i), b.get(i)) {
            (Some(GenToken::Num(x)), Some(GenToken::Num(y))) => x.cmp(y),
            (Some(GenToken::Word(x)), Some(GenToken::Word(y))) => {
                let (px, py) = (
                    PRE_WORDS.contains(&x.as_str()),
                    PRE_WORDS.contains(&y.as_str()),
                );
                match (px, py) {
                    (true, true) => pre_rank(x).cmp(&pre_rank(y)),
                    _ => x.cmp(y),
                }
            }
            (Some(GenToken::Num(_)), Some(GenToken::Word(_))) => Ordering::Greater,
            (Some(GenToken::Word(_)), Some(GenToken::Num(_))) => Ordering::Less,
            // A missing number is a zero (`1.0` = `1`); comparing goes on after it.
            (Some(GenToken::Num(x)), None) => x.cmp(&0),
            (None, Some(GenToken::Num(y))) => 0.cmp(y),
            // `1.0rc1` < `1.0` < `1.0 SP1` / `1.0 Update 1` / `1.090U`.
            (Some(GenToken::Word(x)), None) => {
                if PRE_WORDS.contains(&x.as_str()) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (None, Some(GenToken::Word(y))) => {
                if PRE_WORDS.contains(&y.as_str()) {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn pre_rank(w: &str) -> u8 {
    match w {
        "dev" => 0,
        "a" | "alpha" => 1,
        "b" | "beta" => 2,
        "pre" | "preview" => 3,
        _ => 4, // rc, c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    fn cmp(s: Scheme, a: &str, b: &str) -> Option<Ordering> {
        s.compare(a, b)
    }

    #[test]
    fn semver_strips_v_and_orders_prereleases() {
        assert_eq!(cmp(Scheme::Semver, "v1.21.3", "1.21.4"), Some(Less));
        assert_eq!(cmp(Scheme::Semver, "1.0.0-rc.1", "1.0.0"), Some(Less));
        assert_eq!(cmp(Scheme::Semver, "v1.22", "1.22.0"), Some(Equal));
        assert_eq!(cmp(Scheme::Semver, "0.10.55", "0.10.9"), Some(Greater));
        assert_eq!(cmp(Scheme::Semver, "not-a-version", "1.0.0"), None);
    }

    #[test]
    fn pep440_orders_prereleases_and_epochs() {
        assert_eq!(cmp(Scheme::Pep440, "5.2b1", "5.3"), Some(Less));
        assert_eq!(cmp(Scheme::Pep440, "2.10.1", "2.10.1"), Some(Equal));
        assert_eq!(cmp(Scheme::Pep440, "1!0.1", "2.0"), Some(Greater));
        assert_eq!(cmp(Scheme::Pep440, "2022.12.7", "2023.7.22"), Some(Less));
        assert_eq!(cmp(Scheme::Pep440, "1.0.post1", "1.0"), Some(Greater));
    }

    #[test]
    fn debian_orders_tilde_and_epoch() {
        assert_eq!(cmp(Scheme::Debian, "1.2~rc1-1", "1.2-1"), Some(Less));
        assert_eq!(cmp(Scheme::Debian, "1:1.0-1", "2.0-1"), Some(Greater));
        assert_eq!(
            cmp(Scheme::Debian, "1.2.1-2+deb7u3", "1.2.1-2+deb7u2"),
            Some(Greater)
        );
    }

    #[test]
    fn maven_qualifiers_and_trailing_zeros() {
        assert_eq!(cmp(Scheme::Maven, "2.14.1", "2.15.0"), Some(Less));
        assert_eq!(cmp(Scheme::Maven, "2.15", "2.15.0"), Some(Equal));
        assert_eq!(cmp(Scheme::Maven, "1.0-alpha1", "1.0-beta"), Some(Less));
        assert_eq!(cmp(Scheme::Maven, "1.0-rc1", "1.0"), Some(Less));
        assert_eq!(cmp(Scheme::Maven, "1.0-SNAPSHOT", "1.0"), Some(Less));
        assert_eq!(cmp(Scheme::Maven, "1.0-sp1", "1.0"), Some(Greater));
        assert_eq!(cmp(Scheme::Maven, "1.0.Final", "1.0"), Some(Equal));
        assert_eq!(cmp(Scheme::Maven, "2.3.1", "2.4"), Some(Less));
    }

    #[test]
    fn generic_reads_vendor_versions() {
        let g = Scheme::Generic;
        assert_eq!(cmp(g, "V18 Update 1", "V18_Update_2"), Some(Less));
        assert_eq!(
            cmp(g, "V7.5 SP2 Update 15", "V7.5_SP2_Update_16"),
            Some(Less)
        );
        assert_eq!(
            cmp(g, "V7.5 SP2 Update 18", "V7.5_SP2_Update_18"),
            Some(Equal)
        );
        assert_eq!(cmp(g, "1.2.0.301", "1.2.0.301"), Some(Equal));
        assert_eq!(cmp(g, "1.3", "1.2.0.301"), Some(Greater));
        assert_eq!(cmp(g, "5.01.00", "V4.00"), Some(Greater));
        assert_eq!(cmp(g, "V18", "V18 Update 1"), Some(Less));
        assert_eq!(cmp(g, "1.0.0-rc1", "1.0.0-rc2"), Some(Less));
        assert_eq!(cmp(g, "1.0.0-rc2", "1.0.0"), Some(Less));
        assert_eq!(cmp(g, "2.0", "2.0.0"), Some(Equal));
        assert_eq!(cmp(g, "latest", "1.0"), None);
    }
}
