//! Layout invariants of the zone diagram on models built here: lanes in Purdue order, no
//! overlapping boxes, every asset inside its zone, the same picture every time, and the
//! zone-level view at 200 zones and 2,000 assets.

use kojo_report::diagram::{self, DiagramOptions, DiagramView, SubjectSeverity};
use scraper::{Html, Selector};
use std::fmt::Write as _;

const KINDS: [&str; 5] = ["external", "information", "dmz", "control", "production"];

/// A model with `zones` zones (kinds cycling through the five), `assets` assets spread over
/// them, and a flow from every asset to the first asset of the next zone.
fn synthetic(zones: usize, assets: usize) -> kojo_model::Model {
    let mut y =
        String::from("version: 1\nfactory:\n  name: Synthetic <Works> & \"Sons\"\nzones:\n");
    for z in 0..zones {
        let _ = writeln!(
            y,
            "  - id: z{z}\n    name: Zone {z} <b>\n    kind: {}",
            KINDS[z % 5]
        );
    }
    y.push_str("assets:\n");
    for a in 0..assets {
        let _ = writeln!(
            y,
            "  - id: a{a}\n    name: Asset {a}\n    kind: equipment\n    zone: z{}",
            a % zones
        );
    }
    y.push_str("flows:\n");
    for a in 0..assets {
        let next = (a % zones + 1) % zones; // first asset of the next zone is asset `next`
        if next < assets && next != a {
            let _ = writeln!(
                y,
                "  - id: f{a}\n    from: a{a}\n    to: a{next}\n    control: {}",
                a % 3 == 0
            );
        }
    }
    kojo_model::load_str(std::path::Path::new("synthetic.yaml"), &y)
        .unwrap_or_else(|d| panic!("{d:?}"))
}

fn check_invariants(m: &kojo_model::Model, l: &diagram::Layout) {
    assert_eq!(l.zones.len(), m.zones.len(), "every zone placed");
    for (i, a) in l.zones.iter().enumerate() {
        for b in &l.zones[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "zones {} and {} overlap",
                a.zone,
                b.zone
            );
        }
        let lane = l.lanes.iter().find(|band| band.rect.contains(&a.rect));
        assert!(lane.is_some(), "zone {} inside a lane band", a.zone);
    }
    for ab in &l.assets {
        let zb = l
            .zones
            .iter()
            .find(|z| z.zone == ab.zone)
            .expect("zone box");
        assert!(
            zb.rect.contains(&ab.rect),
            "asset {} inside zone {}",
            ab.asset,
            ab.zone
        );
    }
    for (i, a) in l.assets.iter().enumerate() {
        for b in &l.assets[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "assets {} and {} overlap",
                a.asset,
                b.asset
            );
        }
    }
    // Lanes top to bottom: external, information, DMZ, control, production.
    let lanes: Vec<usize> = l.lanes.iter().map(|b| b.lane).collect();
    let mut sorted = lanes.clone();
    sorted.sort();
    assert_eq!(lanes, sorted);
    for w in l.lanes.windows(2) {
        assert!(
            w[0].rect.y + w[0].rect.h <= w[1].rect.y,
            "lanes do not overlap"
        );
    }
    for e in &l.edges {
        assert!(e.points.len() >= 2);
        for p in e.points.windows(2) {
            assert!(
                p[0].0 == p[1].0 || p[0].1 == p[1].1 || e.points.len() == 2,
                "orthogonal segments: {:?}",
                e.points
            );
        }
        for &(x, y) in &e.points {
            assert!(
                x >= 0 && y >= 0 && x <= l.width && y <= l.height,
                "edge inside the drawing"
            );
        }
    }
}

#[test]
fn asset_view_layout_holds_its_invariants() {
    let m = synthetic(12, 60);
    let l = diagram::layout(&m, &SubjectSeverity::default(), &DiagramOptions::default());
    assert_eq!(l.view, DiagramView::Assets);
    assert_eq!(l.assets.len(), 60);
    check_invariants(&m, &l);
    assert_eq!(
        l.edges.iter().map(|e| e.flows.len()).sum::<usize>(),
        m.flows.len()
    );
    // Zones of a lower Purdue level sit lower.
    let y_of = |kind: usize| {
        l.zones
            .iter()
            .find(|z| z.zone == kind)
            .map(|z| z.rect.y)
            .unwrap_or(0)
    };
    assert!(y_of(0) < y_of(1) && y_of(1) < y_of(2) && y_of(2) < y_of(3) && y_of(3) < y_of(4));
}

#[test]
fn the_same_model_gives_the_same_picture() {
    let m = synthetic(9, 40);
    let a = diagram::render_svg(&m, None, &DiagramOptions::default());
    let b = diagram::render_svg(&m.clone(), None, &DiagramOptions::default());
    assert_eq!(a, b);
}

#[test]
fn large_models_collapse_to_the_zone_view_and_keep_every_zone() {
    let m = synthetic(200, 2000);
    let l = diagram::layout(&m, &SubjectSeverity::default(), &DiagramOptions::default());
    assert_eq!(l.view, DiagramView::Zones);
    assert!(l.assets.is_empty());
    check_invariants(&m, &l);
    // One edge per pair of zones, carrying every flow.
    assert_eq!(
        l.edges.iter().map(|e| e.flows.len()).sum::<usize>() + l.hidden_flows,
        m.flows.len()
    );
    assert!(l.edges.len() <= diagram::MAX_ZONE_EDGES);
    // Not a strip: lanes wrap, so the picture stays within a sane aspect ratio.
    assert!(l.width <= 2000, "width {}", l.width);
    let svg = diagram::render_svg(&m, None, &DiagramOptions::default());
    let doc = Html::parse_fragment(&svg);
    let zones = Selector::parse("g.zone").expect("selector");
    assert_eq!(doc.select(&zones).count(), 200);
}

#[test]
fn names_are_escaped_in_svg_and_dot() {
    let m = synthetic(3, 3);
    let svg = diagram::render_svg(&m, None, &DiagramOptions::default());
    assert!(!svg.contains("<b>"), "markup in names is escaped");
    assert!(svg.contains("Zone 0 &lt;b&gt;"));
    let doc = Html::parse_fragment(&svg);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let dot = diagram::render_dot(&m, None, &DiagramOptions::default());
    assert!(
        dot.contains(r#"label="Synthetic <Works> & \"Sons\"""#),
        "{dot}"
    );
}

#[test]
fn japanese_labels_in_the_diagram() {
    let m = synthetic(5, 5);
    let svg = diagram::render_svg(
        &m,
        None,
        &DiagramOptions {
            lang: kojo_report::Lang::Ja,
            ..Default::default()
        },
    );
    assert!(svg.contains("制御（パデュー2-3）"));
    assert!(svg.contains("制御指示"));
}
