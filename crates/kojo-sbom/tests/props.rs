//! Property tests: the SBOM and advisory readers never panic, the version orders are total
//! orders, and range checks agree with a plain interval model.

use kojo_sbom::advisory::{Event, OsvAffected, OsvRange, RangeKind};
use kojo_sbom::matcher::{OsvEval, evaluate_osv};
use kojo_sbom::range::{RangeCheck, VersRange};
use kojo_sbom::version::Scheme;
use proptest::prelude::*;
use std::cmp::Ordering;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// Fragments of real SBOM and advisory documents, shuffled into near-valid JSON.
fn jsonish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"bomFormat\"",
        "\"CycloneDX\"",
        "\"specVersion\"",
        "\"1.5\"",
        "\"components\"",
        "\"name\"",
        "\"version\"",
        "\"purl\"",
        "\"licenses\"",
        "\"spdxVersion\"",
        "\"SPDX-2.3\"",
        "\"packages\"",
        "\"externalRefs\"",
        "\"id\"",
        "\"affected\"",
        "\"ranges\"",
        "\"events\"",
        "\"introduced\"",
        "\"document\"",
        "\"csaf_version\"",
        "\"product_tree\"",
        "\"branches\"",
        "\"vulnerabilities\"",
        "\"catalogVersion\"",
        "null",
        "1",
        "\"x\"",
        "true",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

fn version_tuple() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0u32..20, 1..4)
}

fn dotted(v: &[u32]) -> String {
    v.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// Compares as numbers, shorter padded with zeros.
fn tuple_cmp(a: &[u32], b: &[u32]) -> Ordering {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| a.get(i).unwrap_or(&0).cmp(b.get(i).unwrap_or(&0)))
        .find(|o| *o != Ordering::Equal)
        .unwrap_or(Ordering::Equal)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn readers_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = kojo_sbom::sbom::parse(&bytes);
        let _ = kojo_sbom::advisory::parse_json(&bytes);
    }

    #[test]
    fn readers_never_panic_on_jsonish(text in jsonish()) {
        let _ = kojo_sbom::sbom::parse(text.as_bytes());
        let _ = kojo_sbom::advisory::parse_json(text.as_bytes());
    }

    #[test]
    fn range_and_cpe_readers_never_panic(text in "\\PC{0,40}", v in "\\PC{0,12}") {
        let _ = VersRange::parse(&text).check(&v);
        let _ = kojo_sbom::cpe::Cpe::parse(&text);
    }

    #[test]
    fn orders_are_antisymmetric(a in "[vV]?[0-9]{1,3}(\\.[0-9]{1,3}){0,3}([-_ ]?(rc|beta|sp|update)[0-9]?)?",
                                b in "[vV]?[0-9]{1,3}(\\.[0-9]{1,3}){0,3}([-_ ]?(rc|beta|sp|update)[0-9]?)?") {
        for s in [Scheme::Generic, Scheme::Maven, Scheme::Semver, Scheme::Pep440, Scheme::Debian] {
            if let (Some(x), Some(y)) = (s.compare(&a, &b), s.compare(&b, &a)) {
                prop_assert_eq!(x, y.reverse(), "{:?} {} {}", s, a, b);
            }
        }
    }

    #[test]
    fn orders_are_transitive(
        v in prop::collection::vec("[vV]?[0-9]{1,2}(\\.[0-9]{1,2}){0,2}([-_ .]?(rc|sp|update|a|u)[0-9]?)?", 3)
    ) {
        for s in [Scheme::Generic, Scheme::Maven] {
            let (a, b, c) = (&v[0], &v[1], &v[2]);
            if let (Some(ab), Some(bc), Some(ac)) = (s.compare(a, b), s.compare(b, c), s.compare(a, c))
                && ab != Ordering::Greater
                && bc != Ordering::Greater
            {
                prop_assert!(ac != Ordering::Greater, "{:?}: {} <= {} <= {} but {:?}", s, a, b, c, ac);
            }
        }
    }

    #[test]
    fn dotted_numbers_order_numerically(a in version_tuple(), b in version_tuple()) {
        let want = tuple_cmp(&a, &b);
        for s in [Scheme::Generic, Scheme::Maven, Scheme::Pep440] {
            prop_assert_eq!(s.compare(&dotted(&a), &dotted(&b)), Some(want), "{:?}", s);
        }
    }

    #[test]
    fn vers_interval_agrees_with_numbers(lo in version_tuple(), hi in version_tuple(), v in version_tuple()) {
        prop_assume!(tuple_cmp(&lo, &hi) == Ordering::Less);
        let r = VersRange::parse(&format!("vers:generic/>={}|<{}", dotted(&lo), dotted(&hi)));
        let inside = tuple_cmp(&v, &lo) != Ordering::Less && tuple_cmp(&v, &hi) == Ordering::Less;
        let want = if inside { RangeCheck::Inside } else { RangeCheck::Outside };
        prop_assert_eq!(r.check(&dotted(&v)), want);
    }

    #[test]
    fn osv_events_agree_with_intervals(
        bounds in prop::collection::btree_set((0u32..30, 0u32..10), 2..8),
        v in (0u32..31, 0u32..10),
    ) {
        // Sorted distinct versions, alternating introduced/fixed: [b0, b1), [b2, b3), …
        let bounds: Vec<(u32, u32)> = bounds.into_iter().collect();
        let ver = |(a, b): (u32, u32)| format!("{a}.{b}.0");
        let mut events = Vec::new();
        for (i, b) in bounds.iter().enumerate() {
            events.push(if i % 2 == 0 { Event::Introduced(ver(*b)) } else { Event::Fixed(ver(*b)) });
        }
        // Shuffle-free reversal: evaluation must not depend on the order written.
        events.reverse();
        let inside = bounds.chunks(2).any(|c| match c {
            [lo, hi] => v >= *lo && v < *hi,
            [lo] => v >= *lo,
            _ => false,
        });
        let aff = OsvAffected {
            ecosystem: "crates.io".into(),
            name: "x".into(),
            ranges: vec![OsvRange { kind: RangeKind::Semver, events }],
            versions: String::new(),
            informational: None,
        };
        let got = evaluate_osv(&aff, &ver(v));
        prop_assert_eq!(matches!(got, OsvEval::Affected(_)), inside, "{:?}", got);
    }

    /// The notations of one interval agree with each other and with plain numbers, and a
    /// bound and its complement never both hold (or both fail) for one version.
    #[test]
    fn notations_never_contradict_each_other(
        lo in version_tuple(), hi in version_tuple(), v in version_tuple(),
        prefix in prop::sample::select(vec!["", "V", "R", "v"]),
    ) {
        prop_assume!(tuple_cmp(&lo, &hi) == Ordering::Less);
        let (l, h, x) = (
            format!("{prefix}{}", dotted(&lo)),
            format!("{prefix}{}", dotted(&hi)),
            format!("{prefix}{}", dotted(&v)),
        );
        let inside = tuple_cmp(&v, &lo) != Ordering::Less && tuple_cmp(&v, &hi) != Ordering::Greater;
        let want = if inside { RangeCheck::Inside } else { RangeCheck::Outside };
        for text in [
            format!(">={l}|<={h}"),
            format!(">={l}_|_<={h}"),
            format!("vers:generic/>={}|<={}", dotted(&lo), dotted(&hi)),
            format!("{l} - {h}"),
        ] {
            prop_assert_eq!(VersRange::parse(&text).check(&x), want.clone(), "{} {}", text, x);
        }
        for (a, b) in [
            (format!("<{h}"), format!("{h} and later")),
            (format!("{l} and earlier"), format!(">{l}")),
            (format!("prior to {h}"), format!(">={h}")),
        ] {
            let (ra, rb) = (VersRange::parse(&a).check(&x), VersRange::parse(&b).check(&x));
            prop_assert!(
                matches!((&ra, &rb), (RangeCheck::Inside, RangeCheck::Outside) | (RangeCheck::Outside, RangeCheck::Inside)),
                "{} / {} for {}: {:?} {:?}", a, b, x, ra, rb
            );
        }
        let list = format!("{l}|{h}");
        let listed = tuple_cmp(&v, &lo) == Ordering::Equal || tuple_cmp(&v, &hi) == Ordering::Equal;
        prop_assert_eq!(
            VersRange::parse(&list).check(&x) == RangeCheck::Inside, listed, "{} {}", list, x
        );
    }

    /// A fix per line: a version on a fix's line is affected exactly below that fix; older
    /// lines are affected, newer ones are not.
    #[test]
    fn per_line_fixes_agree_with_their_lines(
        majors in prop::collection::btree_set(1u32..40, 2..5),
        minors in prop::collection::vec(1u32..30, 5),
        v_major in 0u32..45, v_minor in 0u32..35,
    ) {
        let majors: Vec<u32> = majors.into_iter().collect();
        let fixes: Vec<String> = majors.iter().zip(&minors).map(|(m, n)| format!("V{m}.{n:03}")).collect();
        let text = format!("<{}", fixes.join("_"));
        let got = VersRange::parse(&text).check(&format!("V{v_major}.{v_minor:03}"));
        let want = match majors.iter().position(|m| *m == v_major) {
            Some(i) => Some(v_minor < minors[i]),
            None if v_major < majors[0] => Some(true),
            None if v_major > *majors.last().unwrap() => Some(false),
            None => None,
        };
        match want {
            Some(true) => prop_assert_eq!(got, RangeCheck::Inside, "{}", text),
            Some(false) => prop_assert_eq!(got, RangeCheck::Outside, "{}", text),
            None => prop_assert!(matches!(got, RangeCheck::CannotEvaluate(_)), "{}", text),
        }
    }
}
