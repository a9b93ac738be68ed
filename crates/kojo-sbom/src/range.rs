//! Version ranges of CSAF product trees: `vers:` URIs (`vers:intdot/>=7.80|<9.80`,
//! `vers:all/*`) and the free text CISA's ICS advisories carry (`<V18_Update_2`,
//! `<=1.2.0.301`, `<V4.00_Utilizes_Wibu-Systems_CodeMeter_7.60c`).
//!
//! A range that cannot be read is kept as [`VersRange::Unreadable`] with the reason, so the
//! matcher can report "cannot evaluate" for it instead of guessing.

use crate::version::{LinePos, Scheme, is_line, line_position};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A comparator of one constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// One constraint: comparator and version text (separators as written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub op: Op,
    pub version: String,
}

/// A parsed range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersRange {
    /// Every version (`vers:all/*`, `*`).
    All,
    /// Constraints under a scheme, read as a union of intervals (the vers rule); `ignored` is
    /// free text after a version that was not read (kept, and shown with the range).
    Constraints {
        scheme: Scheme,
        constraints: Vec<Constraint>,
        ignored: Option<String>,
    },
    /// A fix per release line (`<V33.017_V34.014_V35.013_V36.011`, Rockwell): on the line of
    /// a fix, versions below it are affected; lines older than every fix are affected; lines
    /// newer than every fix are not; a line between them cannot be decided.
    FixedPerLine {
        fixes: Vec<String>,
        inclusive: bool,
        ignored: Option<String>,
    },
    /// Not readable; the reason says why.
    Unreadable(String),
}

/// The outcome of checking a version against a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeCheck {
    Inside,
    Outside,
    /// The version or the range cannot be read; the reason says which.
    CannotEvaluate(String),
}

impl VersRange {
    /// Parses a CSAF `product_version_range` (vers or free text).
    pub fn parse(text: &str) -> VersRange {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("vers:") {
            return vers(t, rest);
        }
        free_text(t)
    }

    /// Checks `version` against the range.
    pub fn check(&self, version: &str) -> RangeCheck {
        match self {
            VersRange::All => RangeCheck::Inside,
            VersRange::Unreadable(why) => RangeCheck::CannotEvaluate(why.clone()),
            VersRange::Constraints {
                scheme,
                constraints,
                ..
            } => check_constraints(*scheme, constraints, version),
            VersRange::FixedPerLine {
                fixes, inclusive, ..
            } => check_per_line(fixes, *inclusive, version),
        }
    }

    /// The range as one line for messages (`>= 7.80, < 9.80`).
    pub fn describe(&self) -> String {
        let with_tail = |s: String, ignored: &Option<String>| match ignored {
            Some(t) => format!("{s} [{t}]"),
            None => s,
        };
        match self {
            VersRange::All => "*".into(),
            VersRange::Unreadable(why) => why.clone(),
            VersRange::Constraints {
                constraints,
                ignored,
                ..
            } => with_tail(
                constraints
                    .iter()
                    .map(|c| format!("{} {}", op_str(c.op), c.version))
                    .collect::<Vec<_>>()
                    .join(", "),
                ignored,
            ),
            VersRange::FixedPerLine {
                fixes,
                inclusive,
                ignored,
            } => with_tail(
                fixes
                    .iter()
                    .map(|f| format!("{} {f}", if *inclusive { "<=" } else { "<" }))
                    .collect::<Vec<_>>()
                    .join(" / "),
                ignored,
            ),
        }
    }
}

fn vers(t: &str, rest: &str) -> VersRange {
    let Some((scheme, constraints)) = rest.split_once('/') else {
        return VersRange::Unreadable(format!("`{t}`: a vers URI needs `vers:<scheme>/…`"));
    };
    let constraints = constraints.trim();
    if constraints == "*" {
        return VersRange::All;
    }
    let scheme_l = scheme.to_ascii_lowercase();
    let mut out = Vec::new();
    for part in constraints.split('|') {
        match parse_constraint(part.trim()) {
            Some(c) => out.push(c),
            None => {
                return VersRange::Unreadable(format!(
                    "`{t}`: constraint `{}` is not `<op><version>`",
                    part.trim()
                ));
            }
        }
    }
    if out.is_empty() {
        return VersRange::Unreadable(format!("`{t}`: no constraint"));
    }
    // `vers:all/<V3.1.4` (Siemens 2024) is ill-formed but unambiguous: read it with the
    // generic order.
    VersRange::Constraints {
        scheme: Scheme::for_vers(&scheme_l),
        constraints: out,
        ignored: None,
    }
}

fn op_str(op: Op) -> &'static str {
    match op {
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Eq => "=",
        Op::Ne => "!=",
    }
}

fn split_op(s: &str) -> Option<(Op, &str)> {
    for (p, op) in [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("!=", Op::Ne),
        ("<", Op::Lt),
        (">", Op::Gt),
        ("=", Op::Eq),
    ] {
        if let Some(rest) = s.strip_prefix(p) {
            return Some((op, rest.trim_start()));
        }
    }
    None
}

fn parse_constraint(s: &str) -> Option<Constraint> {
    let (op, v) = split_op(s).unwrap_or((Op::Eq, s));
    if v.is_empty() || v.contains(char::is_whitespace) {
        return None;
    }
    Some(Constraint {
        op,
        version: v.to_string(),
    })
}

/// Qualifier words that may follow a version inside a vendor version (`V7.5 SP2 Update 16`,
/// `R511.5_TCU4_HF4`, `V9.1_SP2_UC04`), alone or with their number glued on.
const QUALIFIER_WORDS: &[&str] = &[
    "update",
    "upd",
    "u",
    "sp",
    "servicepack",
    "service",
    "pack",
    "patch",
    "p",
    "hotfix",
    "hf",
    "fix",
    "tcu",
    "uc",
    "cu",
    "fp",
    "sr",
    "mr",
    "build",
    "b",
    "rev",
    "revision",
    "release",
    "r",
    "rc",
    "beta",
    "alpha",
];

/// English around a version, CISA and vendor style: `3.2 and earlier`, `4.0 and later`,
/// `prior to 2.1`, `V2.0 - V2.5`.
const BEFORE_WORDS: &[(&str, Op)] = &[
    ("and earlier", Op::Le),
    ("and prior", Op::Le),
    ("and older", Op::Le),
    ("and below", Op::Le),
    ("or earlier", Op::Le),
    ("or older", Op::Le),
    ("or lower", Op::Le),
    ("and later", Op::Ge),
    ("and newer", Op::Ge),
    ("and above", Op::Ge),
    ("and higher", Op::Ge),
    ("or later", Op::Ge),
    ("or newer", Op::Ge),
    ("or higher", Op::Ge),
];
const LEADING_WORDS: &[(&str, Op)] = &[
    ("prior to", Op::Lt),
    ("before", Op::Lt),
    ("earlier than", Op::Lt),
    ("older than", Op::Lt),
    ("up to and including", Op::Le),
    ("through", Op::Le),
    ("later than", Op::Gt),
    ("newer than", Op::Gt),
    ("from", Op::Ge),
];

fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let head = s.get(..p.len())?;
    head.eq_ignore_ascii_case(p).then(|| &s[p.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(p.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(p).then(|| &s[..at])
}

/// Free text: an optional `All versions`, then CISA's `|`-separated parts (`>=a|<=b`, exact
/// lists `a|b|c`), each an optional operator and a vendor version, or English around one
/// version (`and earlier`, `prior to`, `A - B`).
fn free_text(t: &str) -> VersRange {
    let mut s = t;
    for prefix in ["all versions", "versions", "version"] {
        if let Some(rest) = strip_prefix_ci(s, prefix) {
            s = rest.trim_start();
            if s.is_empty() {
                return VersRange::All;
            }
            break;
        }
    }
    if s == "*" {
        return VersRange::All;
    }
    // Vendors write `_` for spaces (`<V18_Update_2`); read them as spaces.
    let normalised = s.replace('_', " ");
    let s = normalised.trim();
    for (words, op) in BEFORE_WORDS {
        if let Some(v) = strip_suffix_ci(s, words)
            && v.ends_with(char::is_whitespace)
        {
            return single(t, *op, v.trim());
        }
    }
    for (words, op) in LEADING_WORDS {
        if let Some(v) = strip_prefix_ci(s, words)
            && v.starts_with(char::is_whitespace)
        {
            return single(t, *op, v.trim());
        }
    }
    for sep in [" - ", " – ", " to ", " through ", " up to "] {
        if let Some((a, b)) = s.split_once(sep)
            && !a.trim_start().starts_with(['<', '>', '=', '!'])
        {
            let (Ok(lo), Ok(hi)) = (read_version(t, a.trim()), read_version(t, b.trim())) else {
                break;
            };
            return VersRange::Constraints {
                scheme: Scheme::Generic,
                constraints: vec![
                    Constraint {
                        op: Op::Ge,
                        version: lo,
                    },
                    Constraint {
                        op: Op::Le,
                        version: hi,
                    },
                ],
                ignored: None,
            };
        }
    }
    let mut constraints = Vec::new();
    let mut ignored: Option<String> = None;
    let parts: Vec<&str> = s.split('|').map(str::trim).collect();
    for part in &parts {
        let (op, after) = split_op(part).unwrap_or((Op::Eq, part));
        match read_part(t, op, after) {
            Err(why) => return VersRange::Unreadable(why),
            Ok(Part::One(c, tail)) => {
                constraints.push(c);
                if let Some(tail) = tail {
                    ignored = Some(match ignored {
                        Some(i) => format!("{i}; {tail}"),
                        None => tail,
                    });
                }
            }
            Ok(Part::PerLine(fixes, tail)) => {
                if parts.len() > 1 {
                    return VersRange::Unreadable(format!(
                        "`{t}`: a list of fixes per line cannot be joined with other bounds"
                    ));
                }
                return VersRange::FixedPerLine {
                    fixes,
                    inclusive: op == Op::Le,
                    ignored: tail,
                };
            }
        }
    }
    if constraints.is_empty() {
        return VersRange::Unreadable(format!("`{t}`: empty range"));
    }
    VersRange::Constraints {
        scheme: Scheme::Generic,
        constraints,
        ignored,
    }
}

fn single(t: &str, op: Op, v: &str) -> VersRange {
    match read_version(t, v) {
        Ok(version) => VersRange::Constraints {
            scheme: Scheme::Generic,
            constraints: vec![Constraint { op, version }],
            ignored: None,
        },
        Err(why) => VersRange::Unreadable(why),
    }
}

/// One version and nothing else (the English forms hold no tail).
fn read_version(t: &str, v: &str) -> Result<String, String> {
    match read_part(t, Op::Eq, v)? {
        Part::One(c, None) => Ok(c.version),
        Part::One(_, Some(tail)) | Part::PerLine(_, Some(tail)) => Err(format!(
            "`{t}`: `{tail}` after the version is not read (expected e.g. `<V2.1` or `<=1.2.0`)"
        )),
        Part::PerLine(..) => Err(format!(
            "`{t}`: `{v}` names several versions where one is expected"
        )),
    }
}

enum Part {
    One(Constraint, Option<String>),
    PerLine(Vec<String>, Option<String>),
}

/// An operator's version: the first word, its qualifier words (`SP2`, `Update 16`, `HF14`),
/// more versions for a per-line fix list; what follows is kept as the tail.
fn read_part(t: &str, op: Op, after: &str) -> Result<Part, String> {
    let words: Vec<&str> = after.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Err(format!("`{t}`: an operator without a version"));
    };
    if !looks_like_version(first) {
        return Err(format!(
            "`{t}`: `{first}` is not a version (expected e.g. `<V2.1` or `<=1.2.0`)"
        ));
    }
    let mut versions: Vec<Vec<&str>> = vec![vec![*first]];
    let mut i = 1;
    while i < words.len() {
        let w = words[i];
        let cur = versions.last_mut().expect("one version at least");
        let prev_is_word = cur.len() > 1 && cur.last().is_some_and(|p| is_qualifier(p));
        if is_qualifier(w)
            || glued_qualifier(w)
            || (prev_is_word && w.bytes().all(|b| b.is_ascii_digit()))
        {
            cur.push(w);
            i += 1;
        } else if matches!(op, Op::Lt | Op::Le) && looks_like_version(w) {
            versions.push(vec![w]);
            i += 1;
        } else {
            break;
        }
    }
    // A trailing qualifier word without its number (`V1 Update`) is not a version part.
    for v in &mut versions {
        while v.len() > 1 && v.last().is_some_and(|p| is_qualifier(p)) {
            v.pop();
        }
    }
    let tail = (i < words.len()).then(|| words[i..].join(" "));
    let mut versions: Vec<String> = versions.into_iter().map(|v| v.join(" ")).collect();
    if versions.len() == 1 {
        let version = versions.remove(0);
        return Ok(Part::One(Constraint { op, version }, tail));
    }
    Ok(Part::PerLine(versions, tail))
}

fn is_qualifier(w: &str) -> bool {
    QUALIFIER_WORDS.contains(&w.to_ascii_lowercase().as_str())
}

/// `SP2`, `HF14`, `TCU4`, `UC04`, `Update2`: a short word with its number glued on.
fn glued_qualifier(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    let letters = w.bytes().take_while(|b| b.is_ascii_lowercase()).count();
    let rest = &w[letters..];
    let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
    letters > 0
        && digits > 0
        && (QUALIFIER_WORDS.contains(&&w[..letters]) || letters <= 3)
        && rest[digits..].bytes().all(|b| b.is_ascii_lowercase())
        && rest.len() - digits <= 1
}

/// A version word: a number first, or a release prefix (`V`, `R`, `MX-V`) and a number.
fn looks_like_version(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    let body = match lower.split_once('-') {
        Some((pre, rest))
            if !pre.is_empty() && pre.len() <= 3 && pre.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            rest.to_string()
        }
        _ => lower,
    };
    let body = body.strip_prefix(['v', 'r']).unwrap_or(&body);
    body.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// `v` against the bound `bound`: a line bound (`R16x`) orders the whole line as one.
fn order(scheme: Scheme, version: &str, bound: &str) -> Option<Ordering> {
    if is_line(bound) {
        return Some(match line_position(bound, version)? {
            LinePos::Before => Ordering::Less,
            LinePos::On => Ordering::Equal,
            LinePos::After => Ordering::Greater,
        });
    }
    scheme.compare(version, bound)
}

/// The union-of-intervals reading of vers constraints: a lower bound opens an interval, the
/// next upper bound closes it; an upper bound with no lower bound before it starts at the
/// lowest version; `=` and `!=` are checked first.
fn check_constraints(scheme: Scheme, constraints: &[Constraint], version: &str) -> RangeCheck {
    let mut bounds: Vec<(&Constraint, Ordering)> = Vec::new();
    for c in constraints {
        let Some(o) = order(scheme, version, &c.version) else {
            return RangeCheck::CannotEvaluate(format!(
                "cannot order `{version}` against `{}`",
                c.version
            ));
        };
        match c.op {
            Op::Eq if o == Ordering::Equal => return RangeCheck::Inside,
            Op::Ne if o == Ordering::Equal => return RangeCheck::Outside,
            Op::Eq | Op::Ne => {}
            _ => bounds.push((c, o)),
        }
    }
    if bounds.is_empty() {
        // Only `=`/`!=`: inside when only `!=` were given (and none matched).
        return if constraints.iter().all(|c| c.op == Op::Ne) {
            RangeCheck::Inside
        } else {
            RangeCheck::Outside
        };
    }
    // Sort bounds by their version so that intervals read left to right.
    let mut sorted: Vec<(&Constraint, Ordering)> = bounds;
    let mut failed = false;
    crate::version::insertion_sort_by(&mut sorted, |(a, _), (b, _)| {
        let o = if is_line(&a.version) {
            order(scheme, &b.version, &a.version).map(Ordering::reverse)
        } else {
            order(scheme, &a.version, &b.version)
        };
        o.unwrap_or_else(|| {
            failed = true;
            Ordering::Equal
        })
    });
    if failed {
        return RangeCheck::CannotEvaluate("the range's own bounds cannot be ordered".into());
    }
    let satisfied = |c: &Constraint, o: Ordering| match c.op {
        Op::Lt => o == Ordering::Less,
        Op::Le => o != Ordering::Greater,
        Op::Gt => o == Ordering::Greater,
        Op::Ge => o != Ordering::Less,
        Op::Eq => o == Ordering::Equal,
        Op::Ne => o != Ordering::Equal,
    };
    let mut lower: Option<(&Constraint, Ordering)> = None;
    let mut open = false;
    for (c, o) in sorted {
        match c.op {
            Op::Gt | Op::Ge => {
                lower = Some((c, o));
                open = true;
            }
            Op::Lt | Op::Le => {
                let above_lower = match lower {
                    Some((l, lo)) if open => satisfied(l, lo),
                    Some(_) => false,
                    None => true,
                };
                if above_lower && satisfied(c, o) {
                    return RangeCheck::Inside;
                }
                open = false;
                lower = Some((c, o)); // Nothing below the next lower bound is open.
            }
            _ => {}
        }
    }
    if open && lower.is_some_and(|(l, lo)| satisfied(l, lo)) {
        return RangeCheck::Inside;
    }
    RangeCheck::Outside
}

/// The line a fix is on: its numbers but the last (`V33.017` → `33.x`).
fn line_of_fix(fix: &str) -> Option<String> {
    let nums = crate::version::leading_numbers(fix)?;
    if nums.len() < 2 {
        return None;
    }
    let line: Vec<String> = nums[..nums.len() - 1].iter().map(u128::to_string).collect();
    Some(format!("{}.x", line.join(".")))
}

fn check_per_line(fixes: &[String], inclusive: bool, version: &str) -> RangeCheck {
    let g = Scheme::Generic;
    let mut lines = Vec::new();
    for f in fixes {
        let Some(line) = line_of_fix(f) else {
            return RangeCheck::CannotEvaluate(format!(
                "the fix `{f}` names no release line (expected e.g. `V33.017`)"
            ));
        };
        lines.push((f, line));
    }
    let mut before_all = true;
    let mut after_all = true;
    for (f, line) in &lines {
        match line_position(line, version) {
            None => {
                return RangeCheck::CannotEvaluate(format!(
                    "cannot order `{version}` against `{f}`"
                ));
            }
            Some(LinePos::On) => {
                return match g.compare(version, f) {
                    Some(Ordering::Less) => RangeCheck::Inside,
                    Some(Ordering::Equal) if inclusive => RangeCheck::Inside,
                    Some(_) => RangeCheck::Outside,
                    None => RangeCheck::CannotEvaluate(format!(
                        "cannot order `{version}` against `{f}`"
                    )),
                };
            }
            Some(LinePos::Before) => after_all = false,
            Some(LinePos::After) => before_all = false,
        }
    }
    if before_all {
        RangeCheck::Inside
    } else if after_all {
        RangeCheck::Outside
    } else {
        RangeCheck::CannotEvaluate(format!(
            "`{version}` is on none of the release lines the fixes name ({})",
            fixes.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(range: &str, v: &str) -> RangeCheck {
        VersRange::parse(range).check(v)
    }

    #[test]
    fn siemens_update_ranges() {
        assert_eq!(inside("<V18_Update_2", "V18 Update 1"), RangeCheck::Inside);
        assert_eq!(inside("<V18_Update_2", "V18 Update 2"), RangeCheck::Outside);
        assert_eq!(
            inside("<V7.5_SP2_Update_16", "V7.5 SP2 Update 15"),
            RangeCheck::Inside
        );
        assert_eq!(
            inside("<V7.5_SP2_Update_16", "V7.5 SP2 Update 16"),
            RangeCheck::Outside
        );
    }

    #[test]
    fn inclusive_and_open_bounds() {
        assert_eq!(inside("<=1.2.0.301", "1.2.0.301"), RangeCheck::Inside);
        assert_eq!(inside("<=1.2.0.301", "1.3"), RangeCheck::Outside);
        assert_eq!(inside(">=3.0", "3.0"), RangeCheck::Inside);
        assert_eq!(inside(">=3.0", "2.9"), RangeCheck::Outside);
    }

    #[test]
    fn vers_uris() {
        assert_eq!(VersRange::parse("vers:all/*"), VersRange::All);
        assert_eq!(
            inside("vers:intdot/>=7.80|<9.80", "9.79"),
            RangeCheck::Inside
        );
        assert_eq!(
            inside("vers:intdot/>=7.80|<9.80", "9.80"),
            RangeCheck::Outside
        );
        assert_eq!(
            inside("vers:intdot/>=7.80|<9.80", "7.79"),
            RangeCheck::Outside
        );
        assert_eq!(
            inside("vers:generic/>=2.9|<=4.1", "4.1"),
            RangeCheck::Inside
        );
        assert_eq!(inside("vers:all/<V3.1.4", "V3.1.3"), RangeCheck::Inside);
        // Two intervals: [1.0, 2.0) and [3.0, ∞).
        assert_eq!(
            inside("vers:generic/>=1.0|<2.0|>=3.0", "2.5"),
            RangeCheck::Outside
        );
        assert_eq!(
            inside("vers:generic/>=1.0|<2.0|>=3.0", "3.1"),
            RangeCheck::Inside
        );
        assert_eq!(inside("vers:pypi/<5.2b1", "5.3"), RangeCheck::Outside);
        assert_eq!(
            inside("vers:generic/1.2.3|1.2.5", "1.2.5"),
            RangeCheck::Inside
        );
        assert_eq!(inside("vers:generic/!=1.2.3", "1.2.4"), RangeCheck::Inside);
    }

    #[test]
    fn free_text_tail_is_ignored_not_guessed() {
        let r = VersRange::parse("<V4.00_Utilizes_Wibu-Systems_CodeMeter_7.60c");
        match &r {
            VersRange::Constraints {
                constraints,
                ignored,
                ..
            } => {
                assert_eq!(constraints.len(), 1);
                assert_eq!(constraints[0].version, "V4.00");
                assert_eq!(
                    ignored.as_deref(),
                    Some("Utilizes Wibu-Systems CodeMeter 7.60c")
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(r.check("5.01.00"), RangeCheck::Outside);
        assert_eq!(r.check("3.9"), RangeCheck::Inside);
    }

    use RangeCheck::{Inside as In, Outside as Out};

    fn cannot(range: &str, v: &str) -> bool {
        matches!(inside(range, v), RangeCheck::CannotEvaluate(_))
    }

    // The strings below are `product_version_range` and `product_version` names of the CISA
    // CSAF advisories in the shared test data (public domain, CISA), or the notations of
    // issue 16 seen in other CISA files.

    #[test]
    fn cisa_bare_interval_splits_on_the_bar() {
        // Hitachi Energy RTU500 CMU firmware (ICSA-24-179-03 style).
        let r = ">=12.0.1|<=12.0.14";
        assert_eq!(inside(r, "12.0.1"), In);
        assert_eq!(inside(r, "12.0.14"), In);
        assert_eq!(inside(r, "12.0.9"), In);
        assert_eq!(inside(r, "12.0.15"), Out);
        assert_eq!(inside(r, "12.7.7"), Out);
        assert_eq!(inside(r, "12.0.0"), Out);
        assert_eq!(inside(">=13.5.1|<=13.5.3", "13.5.4"), Out);
        // Yokogawa, R-prefixed.
        let y = ">=R4.01.00|<=R4.03.00";
        assert_eq!(inside(y, "R4.01.00"), In);
        assert_eq!(inside(y, "R4.02.10"), In);
        assert_eq!(inside(y, "R4.03.00"), In);
        assert_eq!(inside(y, "R4.03.01"), Out);
        assert_eq!(inside(y, "R3.09.50"), Out);
        assert_eq!(inside(">=R1.01.00|<R2.03.00", "R2.03.00"), Out);
        assert_eq!(inside(">=R1.01.00|<R2.03.00", "R2.02.99"), In);
        assert_eq!(inside(">=R9.01|<=R10.04", "R10.04"), In);
        assert_eq!(inside(">=R9.01|<=R10.04", "R9.00"), Out);
    }

    #[test]
    fn sel_release_and_revision_versions() {
        // SEL `R301-V6`: release 301, revision 6.
        let r = ">=R100-V0|<R301-V6";
        assert_eq!(inside(r, "R100-V0"), In);
        assert_eq!(inside(r, "R301-V5"), In);
        assert_eq!(inside(r, "R301-V6"), Out);
        assert_eq!(inside(r, "R302-V0"), Out);
        assert_eq!(inside(">=R302-V0|<R302-V3", "R302-V2"), In);
        assert_eq!(inside(">=R302-V0|<R302-V3", "R301-V9"), Out);
    }

    #[test]
    fn exact_lists_match_each_member() {
        // Rockwell ThinManager.
        let r = "11.1.0|11.2.0|12.0.0|12.1.0|13.0.0|13.1.0|13.2.0";
        for v in ["11.1.0", "12.1.0", "13.2.0"] {
            assert_eq!(inside(r, v), In, "{v}");
        }
        for v in ["11.0.0", "12.2.0", "13.2.1", "14.0.0"] {
            assert_eq!(inside(r, v), Out, "{v}");
        }
    }

    #[test]
    fn honeywell_hotfix_and_tcu_qualifiers() {
        assert_eq!(inside("<R510.2_HF14", "R510.2 HF13"), In);
        assert_eq!(inside("<R510.2_HF14", "R510.2_HF14"), Out);
        assert_eq!(inside("<R510.2_HF14", "R510.1"), In);
        assert_eq!(inside("<R510.2_HF14", "R511.1"), Out);
        assert_eq!(inside("<R520.1_TCU5", "R520.1_TCU4"), In);
        assert_eq!(inside("<R520.1_TCU5", "R520.1 TCU5"), Out);
        assert_eq!(inside("<R511.5_TCU4_HF4", "R511.5_TCU4_HF3"), In);
        assert_eq!(inside("<R511.5_TCU4_HF4", "R511.5_TCU4_HF4"), Out);
    }

    #[test]
    fn unknown_qualifier_words_are_part_of_the_bound() {
        // `UC` (Siemens SIMATIC PCS neo update collection) once cut the bound to `V9.1 SP2`.
        let r = VersRange::parse("<V9.1_SP2_UC04");
        assert_eq!(r.describe(), "< V9.1 SP2 UC04");
        assert_eq!(r.check("V9.1 SP2 UC03"), In);
        assert_eq!(r.check("V9.1 SP2"), In);
        assert_eq!(r.check("V9.1 SP2 UC04"), Out);
        assert_eq!(r.check("V9.1 SP2 UC05"), Out);
    }

    #[test]
    fn multi_branch_fix_lists_read_per_line() {
        // Rockwell Logix controllers: update to V33.017, V34.014, V35.013 or V36.011.
        let r = "<V33.017_V34.014_V35.013_V36.011";
        assert!(matches!(
            VersRange::parse(r),
            VersRange::FixedPerLine { ref fixes, .. } if fixes.len() == 4
        ));
        assert_eq!(inside(r, "V33.016"), In);
        assert_eq!(inside(r, "V33.017"), Out);
        assert_eq!(inside(r, "V34.011"), In);
        assert_eq!(inside(r, "V34.014"), Out);
        assert_eq!(inside(r, "V35.013"), Out);
        assert_eq!(inside(r, "V36.010"), In);
        assert_eq!(inside(r, "V36.011"), Out);
        // Older lines have no fix and are affected; newer lines are not.
        assert_eq!(inside(r, "V32.011"), In);
        assert_eq!(inside(r, "V37.011"), Out);
        let lower = "<v36.011_v35.013_v34.014";
        assert_eq!(inside(lower, "35.012"), In);
        assert_eq!(inside(lower, "35.013"), Out);
        // A gap between named lines cannot be decided.
        assert!(cannot("<V33.017_V35.013", "V34.001"));
    }

    #[test]
    fn line_wildcards() {
        // Honeywell Safety Manager `>=R16x|<=R162.10`, `R15x`, `R210.X`; GE IGS `V7.6x`.
        let r = ">=R16x|<=R162.10";
        assert_eq!(inside(r, "R160.1"), In);
        assert_eq!(inside(r, "R162.10"), In);
        assert_eq!(inside(r, "R162.11"), Out);
        assert_eq!(inside(r, "R155.2"), Out);
        assert_eq!(inside("R15x", "R151.1"), In);
        assert_eq!(inside("R15x", "R160.1"), Out);
        assert_eq!(inside("R210.X", "R210.3"), In);
        assert_eq!(inside("R210.X", "R211.1"), Out);
        assert_eq!(inside("V7.6x", "V7.61"), In);
        assert_eq!(inside("V7.6x", "7.6"), In);
        assert_eq!(inside("V7.6x", "V7.5"), Out);
        assert_eq!(inside("V7.6x", "V7.70"), Out);
    }

    #[test]
    fn trailing_and_leading_english() {
        assert_eq!(inside("3.2 and earlier", "3.2"), In);
        assert_eq!(inside("3.2 and earlier", "3.1.9"), In);
        assert_eq!(inside("3.2 and earlier", "3.2.1"), Out);
        assert_eq!(inside("4.0 and later", "4.0"), In);
        assert_eq!(inside("4.0 and later", "3.9"), Out);
        assert_eq!(inside("V2.0 - V2.5", "V2.0"), In);
        assert_eq!(inside("V2.0 - V2.5", "2.5"), In);
        assert_eq!(inside("V2.0 - V2.5", "V2.6"), Out);
        assert_eq!(inside("V2.0 - V2.5", "V1.9"), Out);
        assert_eq!(inside("prior to V3.5", "V3.4"), In);
        assert_eq!(inside("prior to V3.5", "V3.5"), Out);
        assert_eq!(inside("All versions prior to 2.1", "2.0"), In);
        assert_eq!(inside("Versions 5.0 and later", "5.1"), In);
        // English around something that is no version is not guessed at.
        assert!(cannot("prior to the March release", "1.0"));
    }

    #[test]
    fn letters_after_numbers_and_vendor_prefixes() {
        assert_eq!(inside(">=4.00A", "4.00A"), In);
        assert_eq!(inside(">=4.00A", "4.01"), In);
        assert_eq!(inside(">=1.11M", "1.10M"), Out);
        // Moxa `MX-V4.0.1.15` and the plain `4.0.1.15` name the same version.
        assert_eq!(inside("MX-V4.0.1.15", "4.0.1.15"), In);
        assert_eq!(inside("<v4.0.0.82", "4.0.0.81"), In);
        assert_eq!(inside("<=6.1.1-2", "6.1.1-2"), In);
    }

    #[test]
    fn serial_number_ranges_cannot_be_evaluated() {
        assert!(cannot(
            r#"<=The_first_5_digits_of_serial_No._"26041""#,
            "1.0"
        ));
    }

    #[test]
    fn unreadable_ranges_cannot_be_evaluated() {
        assert!(matches!(
            inside("All versions < CPCI85 V05.20", "V05.10"),
            RangeCheck::CannotEvaluate(_)
        ));
        assert!(matches!(
            inside("vers:generic/>= 1 2", "1"),
            RangeCheck::CannotEvaluate(_)
        ));
        assert!(matches!(
            inside("<V2.0", "latest"),
            RangeCheck::CannotEvaluate(_)
        ));
        assert_eq!(VersRange::parse("All versions"), VersRange::All);
    }
}
