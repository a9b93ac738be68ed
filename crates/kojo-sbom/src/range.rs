//! Version ranges of CSAF product trees: `vers:` URIs (`vers:intdot/>=7.80|<9.80`,
//! `vers:all/*`) and the free text CISA's ICS advisories carry (`<V18_Update_2`,
//! `<=1.2.0.301`, `<V4.00_Utilizes_Wibu-Systems_CodeMeter_7.60c`).
//!
//! A range that cannot be read is kept as [`VersRange::Unreadable`] with the reason, so the
//! matcher can report "cannot evaluate" for it instead of guessing.

use crate::version::Scheme;
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
    /// Constraints under a scheme; `ignored` is free text after the version that was not read.
    Constraints {
        scheme: Scheme,
        constraints: Vec<Constraint>,
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
            // `vers:all/<V3.1.4` (Siemens 2024) is ill-formed but unambiguous: read it
            // with the generic order.
            return VersRange::Constraints {
                scheme: Scheme::for_vers(&scheme_l),
                constraints: out,
                ignored: None,
            };
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
        }
    }

    /// The range as one line for messages (`>= 7.80, < 9.80`).
    pub fn describe(&self) -> String {
        match self {
            VersRange::All => "all versions".into(),
            VersRange::Unreadable(why) => format!("unreadable range ({why})"),
            VersRange::Constraints { constraints, .. } => constraints
                .iter()
                .map(|c| format!("{} {}", op_str(c.op), c.version))
                .collect::<Vec<_>>()
                .join(", "),
        }
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

fn split_op(s: &str) -> (Op, &str) {
    for (p, op) in [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("!=", Op::Ne),
        ("<", Op::Lt),
        (">", Op::Gt),
        ("=", Op::Eq),
    ] {
        if let Some(rest) = s.strip_prefix(p) {
            return (op, rest.trim_start());
        }
    }
    (Op::Eq, s)
}

fn parse_constraint(s: &str) -> Option<Constraint> {
    let (op, v) = split_op(s);
    if v.is_empty() || v.contains(char::is_whitespace) {
        return None;
    }
    Some(Constraint {
        op,
        version: v.to_string(),
    })
}

/// Words that may follow a version inside a vendor version (`V7.5 SP2 Update 16`).
const VERSION_WORDS: &[&str] = &[
    "update",
    "upd",
    "sp",
    "servicepack",
    "service",
    "pack",
    "patch",
    "hotfix",
    "hf",
    "build",
    "rev",
    "revision",
    "release",
    "r",
    "rc",
    "beta",
    "alpha",
    "fp",
    "cu",
];

/// Free text: an optional `All versions`, one or more `<op> version` parts.
fn free_text(t: &str) -> VersRange {
    let mut s = t;
    for prefix in ["All versions", "all versions", "All Versions"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            if s.is_empty() {
                return VersRange::All;
            }
        }
    }
    if s == "*" {
        return VersRange::All;
    }
    // Vendors write `_` for spaces (`<V18_Update_2`); read them as spaces.
    let normalised = s.replace('_', " ");
    let mut constraints = Vec::new();
    let mut rest = normalised.trim();
    let mut ignored = None;
    while !rest.is_empty() {
        let (op, after) = split_op(rest);
        let words: Vec<&str> = after.split_whitespace().collect();
        let Some(first) = words.first() else {
            return VersRange::Unreadable(format!("`{t}`: an operator without a version"));
        };
        if !looks_like_version(first) {
            return VersRange::Unreadable(format!(
                "`{t}`: `{first}` is not a version (expected e.g. `<V2.1` or `<=1.2.0`)"
            ));
        }
        let mut taken = vec![*first];
        let mut i = 1;
        while i < words.len() {
            let w = words[i].to_ascii_lowercase();
            let prev_is_word = taken
                .last()
                .is_some_and(|p| VERSION_WORDS.contains(&p.to_ascii_lowercase().as_str()));
            let word_with_number = VERSION_WORDS.iter().any(|vw| {
                w.strip_prefix(vw)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
            if VERSION_WORDS.contains(&w.as_str())
                || word_with_number
                || (prev_is_word && w.bytes().all(|b| b.is_ascii_digit()))
            {
                taken.push(words[i]);
                i += 1;
            } else {
                break;
            }
        }
        // A trailing qualifier word without its number (`V1 Update`) is not a version part.
        while taken.len() > 1
            && taken
                .last()
                .is_some_and(|p| VERSION_WORDS.contains(&p.to_ascii_lowercase().as_str()))
        {
            taken.pop();
            i -= 1;
        }
        constraints.push(Constraint {
            op,
            version: taken.join(" "),
        });
        let remaining = words[i..].join(" ");
        let starts_with_op = remaining.starts_with(['<', '>', '=', '!']);
        if starts_with_op {
            rest = after_words(after, i);
        } else {
            if !remaining.is_empty() {
                ignored = Some(remaining);
            }
            break;
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

/// The text of `s` after its first `n` whitespace-separated words.
fn after_words(s: &str, n: usize) -> &str {
    let mut rest = s.trim_start();
    for _ in 0..n {
        match rest.find(char::is_whitespace) {
            Some(i) => rest = rest[i..].trim_start(),
            None => return "",
        }
    }
    rest
}

fn looks_like_version(w: &str) -> bool {
    let w = w.strip_prefix(['v', 'V']).unwrap_or(w);
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The union-of-intervals reading of vers constraints: a lower bound opens an interval, the
/// next upper bound closes it; an upper bound with no lower bound before it starts at the
/// lowest version; `=` and `!=` are checked first.
fn check_constraints(scheme: Scheme, constraints: &[Constraint], version: &str) -> RangeCheck {
    let mut bounds: Vec<(&Constraint, Ordering)> = Vec::new();
    for c in constraints {
        let Some(o) = scheme.compare(version, &c.version) else {
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
    let mut sorted: Vec<&Constraint> = bounds.iter().map(|(c, _)| *c).collect();
    let mut failed = false;
    crate::version::insertion_sort_by(&mut sorted, |a, b| {
        scheme.compare(&a.version, &b.version).unwrap_or_else(|| {
            failed = true;
            Ordering::Equal
        })
    });
    if failed {
        return RangeCheck::CannotEvaluate("the range's own bounds cannot be ordered".into());
    }
    let mut lower: Option<&Constraint> = None;
    let mut open = false;
    for c in sorted {
        match c.op {
            Op::Gt | Op::Ge => {
                lower = Some(c);
                open = true;
            }
            Op::Lt | Op::Le => {
                let above_lower = match lower {
                    Some(l) if open => satisfies(scheme, version, l),
                    Some(_) => false,
                    None => true,
                };
                if above_lower && satisfies(scheme, version, c) {
                    return RangeCheck::Inside;
                }
                open = false;
                lower = Some(c); // Nothing below the next lower bound is open.
            }
            _ => {}
        }
    }
    if open && lower.is_some_and(|l| satisfies(scheme, version, l)) {
        return RangeCheck::Inside;
    }
    RangeCheck::Outside
}

fn satisfies(scheme: Scheme, version: &str, c: &Constraint) -> bool {
    let Some(o) = scheme.compare(version, &c.version) else {
        return false;
    };
    match c.op {
        Op::Lt => o == Ordering::Less,
        Op::Le => o != Ordering::Greater,
        Op::Gt => o == Ordering::Greater,
        Op::Ge => o != Ordering::Less,
        Op::Eq => o == Ordering::Equal,
        Op::Ne => o != Ordering::Equal,
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
