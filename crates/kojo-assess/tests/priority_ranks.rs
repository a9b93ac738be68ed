//! Step 2-1's priority never depends on zone ids or list order: renaming every zone id and
//! reversing every list of an Annex A model gives every zone the same rank, and the
//! priority findings come out in rank order.

mod common;

use kojo_model::Model;
use std::collections::BTreeMap;

fn load(name: &str) -> Model {
    let path = common::examples_dir().join(name);
    kojo_model::load_file(&path).unwrap_or_else(|d| panic!("{name} does not load: {d:?}"))
}

/// Zone name → rank, and the ranks in the order the findings list them.
fn ranks(model: &Model) -> (BTreeMap<String, u64>, Vec<u64>) {
    let a = common::assess_on_fixed_date(model);
    let mut by_name = BTreeMap::new();
    let mut order = Vec::new();
    for f in a.findings.iter().filter(|f| f.kind == "priority") {
        let rank = f
            .facts
            .get("rank")
            .and_then(|v| v.as_u64())
            .expect("a rank");
        let id = f.subjects[0].strip_prefix("zone:").expect("a zone subject");
        let name = model
            .zones
            .iter()
            .find(|z| z.id == id)
            .expect("the zone")
            .name
            .clone();
        by_name.insert(name, rank);
        order.push(rank);
    }
    (by_name, order)
}

#[test]
fn renaming_zones_and_reversing_lists_changes_no_rank() {
    for name in [
        "case1-after.yaml",
        "case2-after.yaml",
        "case3-after.yaml",
        "factory.yaml",
    ] {
        let m = load(name);
        let (before, order) = ranks(&m);
        assert!(before.len() >= 3, "{name}: {before:?}");
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "{name}: listed in rank order: {order:?}"
        );
        let (after, order) = ranks(&common::renamed_and_reversed(m));
        assert_eq!(before, after, "{name}");
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{name}: {order:?}");
    }
}
