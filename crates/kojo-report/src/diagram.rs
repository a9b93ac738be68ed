//! The zone diagram: a deterministic "Purdue-lane" layout of a model, drawn as SVG or DOT.
//!
//! Rows are the lanes the field draws (external services and parties, information/OA, DMZ,
//! control, production); zone boxes sit side by side in their lane (wrapping to a new row
//! when a lane gets too wide), protected objects in a grid inside, and flows are routed
//! orthogonally through the channels between rows. The same model always gives the same
//! picture: everything is placed in model order, nothing is random or hash-ordered.
//!
//! Where the asset view would be unreadable (many assets or zones) the diagram collapses
//! to a zone-level view: one box per zone with its asset counts, and one edge per pair of
//! zones that carries every flow between them.

use crate::text::{self, Lang, esc, esc_into, lane_of, lane_title, severity_colour};
use kojo_findings::{Assessment, Severity};
use kojo_model::{AssetKind, Endpoint, Model, ModelIndex, Responsible, ZoneKind};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Which picture to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiagramView {
    /// Assets when readable, zones otherwise (see [`ASSET_VIEW_LIMITS`]).
    #[default]
    Auto,
    /// Every protected object inside its zone, every flow.
    Assets,
    /// One box per zone, one edge per pair of zones.
    Zones,
}

/// The asset view is used by [`DiagramView::Auto`] while the model has at most this many
/// assets, zones, and assets in its largest zone; beyond that boxes get too small to read.
pub const ASSET_VIEW_LIMITS: (usize, usize, usize) = (300, 60, 80);

/// The zone view draws at most this many zone-to-zone edges, the most severe first (then
/// those carrying control instructions, then the busiest); the rest are counted in the legend.
pub const MAX_ZONE_EDGES: usize = 400;

/// Options of the diagram.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiagramOptions {
    pub view: DiagramView,
    pub lang: Lang,
}

/// An axis-aligned box in SVG pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    fn right(&self) -> i32 {
        self.x + self.w
    }
    fn bottom(&self) -> i32 {
        self.y + self.h
    }
    fn cx(&self) -> i32 {
        self.x + self.w / 2
    }
    /// Whether `other` lies wholly inside this box.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
    /// Whether the two boxes share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// A lane band (one Purdue level) as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneBand {
    pub lane: usize,
    pub rect: Rect,
}

/// A zone as placed.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneBox {
    /// Index into `model.zones`.
    pub zone: usize,
    pub rect: Rect,
    /// Global row (0 = top) the zone sits in; channels run below each row.
    pub row: usize,
}

/// A protected object as placed (a data asset held in several zones is placed in each).
#[derive(Debug, Clone, PartialEq)]
pub struct AssetBox {
    /// Index into `model.assets`.
    pub asset: usize,
    /// Index into `model.zones` of the zone box it is drawn in.
    pub zone: usize,
    pub rect: Rect,
}

/// An external party as placed (in the external lane).
#[derive(Debug, Clone, PartialEq)]
pub struct PartyBox {
    /// Index into `model.parties`.
    pub party: usize,
    pub rect: Rect,
}

/// A routed edge: one flow (asset view) or every flow between two zones (zone view).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRoute {
    /// Indices into `model.flows`.
    pub flows: Vec<usize>,
    /// Carries control instructions (any of its flows has `control: true`).
    pub control: bool,
    /// The most severe finding on any of its flows, if any.
    pub severity: Option<Severity>,
    /// Orthogonal polyline from the source border to the target border.
    pub points: Vec<(i32, i32)>,
}

/// A laid-out diagram: the positions the SVG and the tests read.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub view: DiagramView,
    pub width: i32,
    pub height: i32,
    pub lanes: Vec<LaneBand>,
    pub zones: Vec<ZoneBox>,
    pub assets: Vec<AssetBox>,
    pub parties: Vec<PartyBox>,
    pub edges: Vec<EdgeRoute>,
    /// Zone pairs with flows that the zone view leaves out to stay readable (beyond
    /// [`MAX_ZONE_EDGES`], the least severe first), and the flows they carry.
    pub hidden_edges: usize,
    pub hidden_flows: usize,
}

/// The most severe finding per subject (`zone:ID`, `asset:ID`, `flow:ID`), counting only
/// findings that no decision suppresses (accepted risks do not colour the picture).
#[derive(Debug, Clone, Default)]
pub struct SubjectSeverity {
    map: HashMap<String, (Severity, usize)>,
}

impl SubjectSeverity {
    /// From an assessment.
    pub fn of(a: &Assessment) -> SubjectSeverity {
        let mut map: HashMap<String, (Severity, usize)> = HashMap::new();
        for f in &a.findings {
            if !f.counts_at(Severity::Info) {
                continue;
            }
            for s in &f.subjects {
                let e = map.entry(s.clone()).or_insert((f.severity, 0));
                e.0 = e.0.max(f.severity);
                e.1 += 1;
            }
        }
        SubjectSeverity { map }
    }
    /// Most severe finding and the number of findings for a subject (`zone:ID`).
    pub fn get(&self, subject: &str) -> Option<(Severity, usize)> {
        self.map.get(subject).copied()
    }
    fn sev(&self, kind: &str, id: &str) -> Option<Severity> {
        self.map.get(&format!("{kind}:{id}")).map(|v| v.0)
    }
}

/// A side of a box: its origin and 0 = top, 1 = bottom.
type PortKey = (i32, i32, u8);
/// An edge end on a side: the other end's x (for ordering), the edge, 0 = source / 1 = target.
type PortUse = (i32, usize, u8);

const MARGIN: i32 = 16;
const LANE_TITLE_H: i32 = 26;
const LANE_PAD: i32 = 14;
const ZONE_GAP: i32 = 28;
const ROW_GAP: i32 = 18;
const ZONE_HEAD_H: i32 = 44;
const ZONE_PAD: i32 = 14;
const ASSET_W: i32 = 168;
const ASSET_H: i32 = 40;
const ASSET_GAP: i32 = 16;
const ZONE_MIN_W: i32 = 220;
const ZONE_VIEW_W: i32 = 230;
const ZONE_VIEW_H: i32 = 96;
const PARTY_W: i32 = 190;
const PARTY_H: i32 = 46;
/// A lane wraps to a new row of zones beyond this width.
const MAX_ROW_W: i32 = 1800;
const TRACK_STEP: i32 = 5;
const MAX_TRACKS: usize = 30;
const CHANNEL_MIN: i32 = 24;

/// The view [`DiagramView::Auto`] resolves to for this model.
pub fn resolve_view(model: &Model, index: &ModelIndex, view: DiagramView) -> DiagramView {
    match view {
        DiagramView::Auto => {
            let largest = index.zone_assets.iter().map(Vec::len).max().unwrap_or(0);
            let (a, z, l) = ASSET_VIEW_LIMITS;
            if model.assets.len() <= a && model.zones.len() <= z && largest <= l {
                DiagramView::Assets
            } else {
                DiagramView::Zones
            }
        }
        v => v,
    }
}

/// Approximate width in pixels of `s` at `font_px` (CJK glyphs are about twice as wide).
fn text_w(s: &str, font_px: i32) -> i32 {
    let units: i32 = s
        .chars()
        .map(|c| if (c as u32) < 0x2E80 { 11 } else { 20 })
        .sum();
    units * font_px / 20
}

/// `s`, cut with an ellipsis so that it fits `max_px` at `font_px`.
fn fit(s: &str, max_px: i32, font_px: i32) -> String {
    if text_w(s, font_px) <= max_px {
        return s.to_string();
    }
    let mut out = String::new();
    let ell = text_w("…", font_px);
    for c in s.chars() {
        let next = text_w(&out, font_px) + text_w(c.encode_utf8(&mut [0; 4]), font_px);
        if next + ell > max_px {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn asset_cols(n: usize) -> i32 {
    // Wider than tall: about 1.5 columns per row, at most 6 columns.
    let mut cols = 1;
    while cols < 6 && (cols * cols) as f64 / 1.5 < n as f64 {
        cols += 1;
    }
    cols.min(n.max(1) as i32)
}

/// Lays the model out. `sev` colours nothing here but decides edge severities.
pub fn layout(model: &Model, sev: &SubjectSeverity, opts: &DiagramOptions) -> Layout {
    let index = ModelIndex::new(model);
    let view = resolve_view(model, &index, opts.view);

    // Zones by lane, in model order.
    let mut by_lane: Vec<Vec<usize>> = vec![Vec::new(); text::LANES];
    for (zi, z) in model.zones.iter().enumerate() {
        by_lane[lane_of(z.kind)].push(zi);
    }
    let party_count = model.parties.len();

    // Sizes first.
    let zone_size = |zi: usize| -> (i32, i32) {
        let z = &model.zones[zi];
        let name_w = text_w(&z.name, 13) + 2 * ZONE_PAD + 70;
        match view {
            DiagramView::Zones => (ZONE_VIEW_W, ZONE_VIEW_H),
            _ => {
                let n = index.zone_assets.get(zi).map(Vec::len).unwrap_or(0);
                let cols = asset_cols(n);
                let rows = (n as i32 + cols - 1) / cols;
                let w = (2 * ZONE_PAD + cols * ASSET_W + (cols - 1) * ASSET_GAP)
                    .max(ZONE_MIN_W)
                    .max(name_w.min(ZONE_MIN_W + 120));
                let h = ZONE_HEAD_H + ZONE_PAD + rows.max(1) * (ASSET_H + ASSET_GAP);
                (w, h)
            }
        }
    };

    let mut lanes = Vec::new();
    let mut zones = Vec::new();
    let mut parties = Vec::new();
    let mut assets = Vec::new();
    let mut row_bottoms: Vec<i32> = Vec::new(); // bottom y of each global row (before channel)
    let mut channel_h: Vec<i32> = Vec::new();
    let mut y = MARGIN;
    let mut width = 0;

    // Items of a lane: zones, then (external lane only) parties.
    enum Item {
        Zone(usize),
        Party(usize),
    }
    for (lane, lane_zones) in by_lane.iter().enumerate() {
        let mut items: Vec<Item> = lane_zones.iter().map(|&z| Item::Zone(z)).collect();
        if lane == 0 {
            items.extend((0..party_count).map(Item::Party));
        }
        if items.is_empty() {
            continue;
        }
        let lane_top = y;
        y += LANE_TITLE_H;
        // Wrap into rows.
        let mut rows: Vec<Vec<(Item, i32, i32)>> = vec![Vec::new()];
        let mut x = MARGIN + LANE_PAD;
        for it in items {
            let (w, h) = match it {
                Item::Zone(z) => zone_size(z),
                Item::Party(_) => (PARTY_W, PARTY_H),
            };
            let last = rows.len() - 1;
            if !rows[last].is_empty() && x + w > MAX_ROW_W {
                rows.push(Vec::new());
                x = MARGIN + LANE_PAD;
            }
            let last = rows.len() - 1;
            rows[last].push((it, w, h));
            x += w + ZONE_GAP;
        }
        for row in rows {
            let row_idx = row_bottoms.len();
            let row_h = row.iter().map(|r| r.2).max().unwrap_or(0);
            let mut x = MARGIN + LANE_PAD;
            for (it, w, h) in row {
                let rect = Rect { x, y, w, h };
                match it {
                    Item::Zone(zi) => {
                        zones.push(ZoneBox {
                            zone: zi,
                            rect,
                            row: row_idx,
                        });
                        if view == DiagramView::Assets {
                            let members = index.zone_assets.get(zi).cloned().unwrap_or_default();
                            let cols = asset_cols(members.len());
                            for (k, ai) in members.into_iter().enumerate() {
                                let k = k as i32;
                                let ax = x + ZONE_PAD + (k % cols) * (ASSET_W + ASSET_GAP);
                                let ay = y + ZONE_HEAD_H + (k / cols) * (ASSET_H + ASSET_GAP);
                                assets.push(AssetBox {
                                    asset: ai,
                                    zone: zi,
                                    rect: Rect {
                                        x: ax,
                                        y: ay,
                                        w: ASSET_W,
                                        h: ASSET_H,
                                    },
                                });
                            }
                        }
                    }
                    Item::Party(pi) => parties.push(PartyBox {
                        party: pi,
                        rect: Rect {
                            x,
                            y: y + (row_h - h) / 2,
                            w,
                            h,
                        },
                    }),
                }
                x += w + ZONE_GAP;
            }
            width = width.max(x - ZONE_GAP + LANE_PAD);
            y += row_h;
            row_bottoms.push(y);
            channel_h.push(CHANNEL_MIN); // filled in after routing
            y += ROW_GAP;
        }
        lanes.push(LaneBand {
            lane,
            rect: Rect {
                x: MARGIN,
                y: lane_top,
                w: 0,
                h: y - lane_top,
            },
        });
    }

    // Endpoints: where a flow end is drawn.
    let zone_rect: HashMap<usize, (Rect, usize)> =
        zones.iter().map(|z| (z.zone, (z.rect, z.row))).collect();
    let mut asset_rect: HashMap<usize, (Rect, usize, usize)> = HashMap::new();
    for a in &assets {
        // First zone the asset is drawn in wins (data held in several zones).
        if let Some(&(_, row)) = zone_rect.get(&a.zone) {
            asset_rect.entry(a.asset).or_insert((a.rect, row, a.zone));
        }
    }
    let end_of = |ep: &Endpoint| -> Option<(Rect, usize, usize)> {
        match (ep, view) {
            (Endpoint::Asset(id), DiagramView::Assets) => {
                let ai = *index.assets.get(id)?;
                asset_rect.get(&ai).copied()
            }
            (Endpoint::Asset(id), _) => {
                let ai = *index.assets.get(id)?;
                let zid = model.assets.get(ai)?.zones.first()?;
                let zi = *index.zones.get(zid)?;
                zone_rect.get(&zi).map(|&(r, row)| (r, row, zi))
            }
            (Endpoint::Zone(id), _) => {
                let zi = *index.zones.get(id)?;
                zone_rect.get(&zi).map(|&(r, row)| (r, row, zi))
            }
        }
    };

    // Group flows into edges.
    struct Pending {
        flows: Vec<usize>,
        from: (Rect, usize, usize),
        to: (Rect, usize, usize),
    }
    let mut pending: Vec<Pending> = Vec::new();
    let mut by_pair: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (fi, f) in model.flows.iter().enumerate() {
        let (Some(a), Some(b)) = (end_of(&f.from), end_of(&f.to)) else {
            continue;
        };
        if view == DiagramView::Zones {
            let key = (a.2, b.2);
            if let Some(&pi) = by_pair.get(&key) {
                pending[pi].flows.push(fi);
                continue;
            }
            by_pair.insert(key, pending.len());
        }
        pending.push(Pending {
            flows: vec![fi],
            from: a,
            to: b,
        });
    }

    let (mut hidden_edges, mut hidden_flows) = (0, 0);
    if view == DiagramView::Zones && pending.len() > MAX_ZONE_EDGES {
        let rank = |p: &Pending| {
            let sevmax = p
                .flows
                .iter()
                .filter_map(|&fi| sev.sev("flow", &model.flows[fi].id))
                .max();
            let control = p.flows.iter().any(|&fi| model.flows[fi].control);
            (
                std::cmp::Reverse(sevmax),
                !control,
                std::cmp::Reverse(p.flows.len()),
                p.flows[0],
            )
        };
        let mut keyed: Vec<_> = pending.into_iter().map(|p| (rank(&p), p)).collect();
        keyed.sort_by_key(|a| a.0);
        for (_, p) in keyed.iter().skip(MAX_ZONE_EDGES) {
            hidden_edges += 1;
            hidden_flows += p.flows.len();
        }
        keyed.truncate(MAX_ZONE_EDGES);
        // Back to model order so that drawing order stays stable and readable.
        keyed.sort_by_key(|(_, p)| p.flows[0]);
        pending = keyed.into_iter().map(|(_, p)| p).collect();
    }

    // Ports: spread the edges that leave or enter a side of a box along it.
    // Key: (box identity by rect origin, side 0 = top, 1 = bottom) -> list of (edge, end).
    let mut ports: BTreeMap<PortKey, Vec<PortUse>> = BTreeMap::new();
    let side = |r: usize, other_row: usize, same: bool| -> u8 {
        if same || other_row >= r { 1 } else { 0 }
    };
    for (ei, p) in pending.iter().enumerate() {
        let same_row = p.from.1 == p.to.1;
        let s_side = side(p.from.1, p.to.1, same_row);
        let t_side = if same_row {
            1
        } else {
            side(p.to.1, p.from.1, false)
        };
        ports
            .entry((p.from.0.x, p.from.0.y, s_side))
            .or_default()
            .push((p.to.0.cx(), ei, 0));
        ports
            .entry((p.to.0.x, p.to.0.y, t_side))
            .or_default()
            .push((p.from.0.cx(), ei, 1));
    }
    let mut port_x: HashMap<(usize, u8), (i32, u8)> = HashMap::new();
    for ((bx, by, sd), mut list) in ports {
        list.sort();
        let n = list.len() as i32;
        // Find the box width from any edge end on it.
        let (ei0, end0) = (list[0].1, list[0].2);
        let r = if end0 == 0 {
            pending[ei0].from.0
        } else {
            pending[ei0].to.0
        };
        debug_assert_eq!((r.x, r.y), (bx, by));
        for (k, (_, ei, end)) in list.into_iter().enumerate() {
            let x = r.x + (k as i32 + 1) * r.w / (n + 1);
            port_x.insert((ei, end), (x, sd));
        }
    }

    // Channel assignment: an edge runs horizontally in the channel below `row`.
    let mut channel_edges: BTreeMap<usize, Vec<(i32, i32, usize)>> = BTreeMap::new();
    let mut edge_channel: Vec<Option<usize>> = vec![None; pending.len()];
    for (ei, p) in pending.iter().enumerate() {
        let same_zone_box =
            p.from.0 == p.to.0 || (view == DiagramView::Assets && p.from.2 == p.to.2);
        if same_zone_box {
            continue;
        }
        let ch = if p.from.1 <= p.to.1 {
            p.from.1
        } else {
            p.from.1.saturating_sub(1)
        };
        let first = p.flows.first().and_then(|&fi| model.flows.get(fi));
        let asset_end = |ep: Option<&Endpoint>| {
            view == DiagramView::Assets && matches!(ep, Some(Endpoint::Asset(_)))
        };
        let end_x = |end: u8, r: &Rect, asset: bool| {
            if asset {
                r.right() + 7
            } else {
                port_x.get(&(ei, end)).map(|v| v.0).unwrap_or(r.cx())
            }
        };
        let x1 = end_x(0, &p.from.0, asset_end(first.map(|f| &f.from)));
        let x2 = end_x(1, &p.to.0, asset_end(first.map(|f| &f.to)));
        channel_edges
            .entry(ch)
            .or_default()
            .push((x1.min(x2), x1.max(x2), ei));
        edge_channel[ei] = Some(ch);
    }
    let mut edge_track: Vec<usize> = vec![0; pending.len()];
    for (ch, mut list) in channel_edges {
        list.sort();
        let mut track_end: Vec<i32> = Vec::new();
        for (a, b, ei) in list {
            let t = match track_end.iter().position(|&end| end + 6 < a) {
                Some(t) => t,
                None if track_end.len() < MAX_TRACKS => {
                    track_end.push(i32::MIN);
                    track_end.len() - 1
                }
                None => ei % MAX_TRACKS,
            };
            track_end[t] = track_end[t].max(b);
            edge_track[ei] = t;
        }
        if let Some(h) = channel_h.get_mut(ch) {
            *h = (*h).max(16 + track_end.len() as i32 * TRACK_STEP);
        }
    }

    // Channels need room: shift every row below a channel by its extra height.
    let mut shift = vec![0i32; row_bottoms.len() + 1];
    for r in 0..row_bottoms.len() {
        shift[r + 1] = shift[r] + (channel_h[r] - ROW_GAP).max(0);
    }
    let row_of_y = |yy: i32| -> usize { row_bottoms.iter().position(|&b| yy < b).unwrap_or(0) };
    let shift_rect = |r: &mut Rect| {
        let row = row_of_y(r.y);
        r.y += shift[row];
    };
    for z in &mut zones {
        z.rect.y += shift[z.row];
    }
    for a in &mut assets {
        shift_rect(&mut a.rect);
    }
    for p in &mut parties {
        shift_rect(&mut p.rect);
    }
    for l in &mut lanes {
        let first = row_of_y(l.rect.y + LANE_TITLE_H);
        let last = row_of_y(l.rect.y + l.rect.h - ROW_GAP - 1);
        let top = l.rect.y + shift[first];
        let bottom = l.rect.y + l.rect.h + shift[last + 1];
        l.rect.y = top;
        l.rect.h = bottom - top;
    }
    let shifted_bottom = |row: usize| row_bottoms[row] + shift[row];

    // Route. Asset ends leave and enter through the gutter right of the asset box (the
    // gap between asset columns), so that no line runs across another asset; zone ends use
    // the spread ports on the zone border.
    let mut gutter_use: HashMap<(i32, i32), i32> = HashMap::new();
    let mut gutter = |r: &Rect| -> (i32, i32) {
        let k = gutter_use.entry((r.x, r.y)).or_insert(0);
        let g = (r.right() + 3 + (*k % 3) * 4, r.y + 8 + (*k % 5) * 6);
        *k += 1;
        g
    };
    let mut edges = Vec::with_capacity(pending.len());
    for (ei, p) in pending.iter().enumerate() {
        let mut from = p.from.0;
        from.y += shift[p.from.1];
        let mut to = p.to.0;
        to.y += shift[p.to.1];
        let first = p.flows.first().and_then(|&fi| model.flows.get(fi));
        let is_asset = |ep: Option<&Endpoint>| {
            view == DiagramView::Assets && matches!(ep, Some(Endpoint::Asset(_)))
        };
        let from_asset = is_asset(first.map(|f| &f.from));
        let to_asset = is_asset(first.map(|f| &f.to));
        let (x1, s_side) = port_x.get(&(ei, 0)).copied().unwrap_or((from.cx(), 1));
        let (x2, t_side) = port_x.get(&(ei, 1)).copied().unwrap_or((to.cx(), 1));
        let y1 = if s_side == 1 { from.bottom() } else { from.y };
        let y2 = if t_side == 1 { to.bottom() } else { to.y };
        let points = match edge_channel[ei] {
            None if from_asset && to_asset && from != to => {
                // Inside one zone: out through the source's gutter, along the gap below
                // the source's row, in through the target's gutter.
                let (g1, m1) = gutter(&from);
                let (g2, m2) = gutter(&to);
                let yr = from.bottom() + ASSET_GAP / 2;
                vec![
                    (from.right(), m1),
                    (g1, m1),
                    (g1, yr),
                    (g2, yr),
                    (g2, m2),
                    (to.right(), m2),
                ]
            }
            None => {
                if from == to {
                    vec![
                        (from.right(), from.y + 10),
                        (from.right() + 12, from.y + 10),
                        (from.right() + 12, from.bottom() - 10),
                        (from.right(), from.bottom() - 10),
                    ]
                } else if from.right() <= to.x {
                    let mx = (from.right() + to.x) / 2;
                    vec![
                        (from.right(), from.y + from.h / 2),
                        (mx, from.y + from.h / 2),
                        (mx, to.y + to.h / 2),
                        (to.x, to.y + to.h / 2),
                    ]
                } else if to.right() <= from.x {
                    let mx = (to.right() + from.x) / 2;
                    vec![
                        (from.x, from.y + from.h / 2),
                        (mx, from.y + from.h / 2),
                        (mx, to.y + to.h / 2),
                        (to.right(), to.y + to.h / 2),
                    ]
                } else {
                    vec![(x1, y1), (x2, y2)]
                }
            }
            Some(ch) => {
                let cy = shifted_bottom(ch) + 10 + edge_track[ei] as i32 * TRACK_STEP;
                let mut pts = Vec::with_capacity(6);
                let (sx, tx);
                if from_asset {
                    let (g, m) = gutter(&from);
                    pts.extend([(from.right(), m), (g, m)]);
                    sx = g;
                } else {
                    pts.push((x1, y1));
                    sx = x1;
                }
                pts.push((sx, cy));
                if to_asset {
                    let (g, m) = gutter(&to);
                    tx = g;
                    pts.extend([(tx, cy), (tx, m), (to.right(), m)]);
                } else {
                    tx = x2;
                    pts.extend([(tx, cy), (tx, y2)]);
                }
                pts
            }
        };
        let control = p.flows.iter().any(|&fi| model.flows[fi].control);
        let severity = p
            .flows
            .iter()
            .filter_map(|&fi| sev.sev("flow", &model.flows[fi].id))
            .max();
        edges.push(EdgeRoute {
            flows: p.flows.clone(),
            control,
            severity,
            points,
        });
    }

    let height = lanes.last().map(|l| l.rect.bottom()).unwrap_or(MARGIN) + MARGIN + 70;
    let width = (width + MARGIN).max(760);
    for l in &mut lanes {
        l.rect.w = width - 2 * MARGIN;
    }
    Layout {
        view,
        width,
        height,
        lanes,
        zones,
        assets,
        parties,
        edges,
        hidden_edges,
        hidden_flows,
    }
}

fn marker_id(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Critical) => "arr-critical",
        Some(Severity::High) => "arr-high",
        Some(Severity::Medium) => "arr-medium",
        Some(Severity::Low) => "arr-low",
        Some(Severity::Info) => "arr-info",
        None => "arr-none",
    }
}

const NEUTRAL_EDGE: &str = "#37474f";
const LANE_FILLS: [&str; 5] = ["#f3e5f5", "#e3f2fd", "#e0f2f1", "#fff8e1", "#fbe9e7"];

fn asset_kind_tag(k: AssetKind, lang: Lang) -> &'static str {
    match k {
        AssetKind::Equipment => lang.pick("equipment", "機器"),
        AssetKind::Software => lang.pick("software", "ソフトウェア"),
        AssetKind::Data => lang.pick("data", "データ"),
        AssetKind::ExternalService => lang.pick("external service", "外部サービス"),
        AssetKind::Network => lang.pick("network", "ネットワーク"),
    }
}

/// Draws the zone diagram as a standalone SVG document. With an assessment, zones, assets
/// and flows are coloured by their most severe (not suppressed) finding.
pub fn render_svg(model: &Model, assessment: Option<&Assessment>, opts: &DiagramOptions) -> String {
    let sev = assessment.map(SubjectSeverity::of).unwrap_or_default();
    let l = layout(model, &sev, opts);
    svg_of_layout(model, &l, &sev, opts.lang)
}

/// Draws an already computed layout.
pub fn svg_of_layout(model: &Model, l: &Layout, sev: &SubjectSeverity, lang: Lang) -> String {
    let index = ModelIndex::new(model);
    let mut s = String::with_capacity(4096 + l.assets.len() * 600 + l.edges.len() * 400);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="kojo-diagram" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'Noto Sans CJK JP','Noto Sans JP','DejaVu Sans',Arial,sans-serif" role="img" aria-label="{label}">"#,
        w = l.width,
        h = l.height,
        label = esc(&format!(
            "{} — {}",
            lang.pick("Zone diagram", "ゾーン図"),
            model.factory.name
        )),
    );
    s.push_str("<defs>");
    for sv in [
        None,
        Some(Severity::Info),
        Some(Severity::Low),
        Some(Severity::Medium),
        Some(Severity::High),
        Some(Severity::Critical),
    ] {
        let colour = sv.map(severity_colour).unwrap_or(NEUTRAL_EDGE);
        let _ = write!(
            s,
            r#"<marker id="{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>"#,
            marker_id(sv)
        );
    }
    s.push_str("</defs>");
    s.push_str(r##"<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>"##);

    // Lanes.
    for band in &l.lanes {
        let r = band.rect;
        let _ = write!(
            s,
            r##"<g class="lane" data-lane="{lane}"><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{fill}" stroke="#cfd8dc"/></g>"##,
            r.x,
            r.y,
            r.w,
            r.h - 6,
            lane = band.lane,
            fill = LANE_FILLS[band.lane.min(4)],
        );
    }

    // Zones.
    for zb in &l.zones {
        let Some(z) = model.zones.get(zb.zone) else {
            continue;
        };
        let r = zb.rect;
        let zs = sev.get(&format!("zone:{}", z.id));
        let stroke = zs.map(|v| severity_colour(v.0)).unwrap_or("#546e7a");
        let external =
            z.kind == ZoneKind::External || matches!(z.managed_by, Responsible::Party(_));
        let dash = if external {
            r#" stroke-dasharray="8 4""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r##"<g class="zone" id="zone-{id}" data-zone="{id}"><title>{title}</title><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="#ffffff" fill-opacity="0.92" stroke="{stroke}" stroke-width="{sw}"{dash}/>"##,
            r.x,
            r.y,
            r.w,
            r.h,
            id = esc(&z.id),
            title = esc(&zone_tooltip(model, zb.zone, zs, lang)),
            sw = if zs.is_some() { 2.5 } else { 1.5 },
        );
        let _ = write!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="6" rx="3" fill="{stroke}"/>"##,
            r.x + 1,
            r.y + 1,
            r.w - 2
        );
        let badge_w = if zs.is_some() { 80 } else { 0 };
        let name = fit(&z.name, r.w - 2 * ZONE_PAD - badge_w, 13);
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="13" font-weight="700" fill="#263238">{}</text>"##,
            r.x + ZONE_PAD,
            r.y + 22,
            esc(&name)
        );
        let mut sub = format!("{} · {}", z.id, text::zone_kind_word(z.kind));
        if let Responsible::Party(p) = &z.managed_by {
            let pname = model.party(p).map(|p| p.name.as_str()).unwrap_or(p);
            let _ = write!(sub, " · {} {}", lang.pick("managed by", "管理:"), pname);
        }
        if external {
            sub.push_str(lang.pick(" · EXTERNAL", " · 外部"));
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="10.5" fill="#546e7a">{}</text>"##,
            r.x + ZONE_PAD,
            r.y + 37,
            esc(&fit(&sub, r.w - 2 * ZONE_PAD, 10))
        );
        if let Some((sv, n)) = zs {
            let _ = write!(
                s,
                r##"<g class="badge"><rect x="{}" y="{}" width="74" height="18" rx="9" fill="{c}"/><text x="{}" y="{}" font-size="10" fill="#ffffff" text-anchor="middle" font-weight="700">{} {}</text></g>"##,
                r.right() - 80,
                r.y + 10,
                r.right() - 43,
                r.y + 23,
                esc(&fit(text::severity_word(sv, lang), 48, 10)),
                n,
                c = severity_colour(sv),
            );
        }
        if l.view == DiagramView::Zones {
            let members = index
                .zone_assets
                .get(zb.zone)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let mut counts: BTreeMap<AssetKind, usize> = BTreeMap::new();
            for &ai in members {
                if let Some(a) = model.assets.get(ai) {
                    *counts.entry(a.kind).or_default() += 1;
                }
            }
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" font-size="12" fill="#263238">{} {}</text>"##,
                r.x + ZONE_PAD,
                r.y + 60,
                members.len(),
                lang.pick("protected objects", "保護対象")
            );
            let line = counts
                .iter()
                .map(|(k, n)| format!("{} {n}", asset_kind_tag(*k, lang)))
                .collect::<Vec<_>>()
                .join(" · ");
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" font-size="10" fill="#546e7a">{}</text>"##,
                r.x + ZONE_PAD,
                r.y + 78,
                esc(&fit(&line, r.w - 2 * ZONE_PAD, 10))
            );
        }
        s.push_str("</g>");
    }

    // Edges under the asset boxes' labels but over zone fills.
    for e in &l.edges {
        let colour = e.severity.map(severity_colour).unwrap_or(NEUTRAL_EDGE);
        let mut d = String::new();
        for (k, (x, y)) in e.points.iter().enumerate() {
            let _ = write!(d, "{}{x},{y}", if k == 0 { "M" } else { " L" });
        }
        let ids: Vec<&str> = e
            .flows
            .iter()
            .filter_map(|&fi| model.flows.get(fi))
            .map(|f| f.id.as_str())
            .collect();
        let (width, dash) = if e.control {
            ("2.4", "")
        } else {
            ("1.6", r#" stroke-dasharray="6 4""#)
        };
        let _ = write!(
            s,
            r##"<g class="flow{ctl}" data-flow="{ids}"><title>{title}</title><path d="{d}" fill="none" stroke="#ffffff" stroke-width="5" stroke-opacity="0.8"/><path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#{m})"/></g>"##,
            ctl = if e.control { " control" } else { " data" },
            ids = esc(&ids.join(" ")),
            title = esc(&edge_tooltip(model, e, sev, lang)),
            m = marker_id(e.severity),
        );
    }

    // Assets.
    for ab in &l.assets {
        let Some(a) = model.assets.get(ab.asset) else {
            continue;
        };
        let r = ab.rect;
        let asv = sev.get(&format!("asset:{}", a.id));
        let stroke = asv.map(|v| severity_colour(v.0)).unwrap_or("#90a4ae");
        let fill = match a.kind {
            AssetKind::Data => "#e8f5e9",
            AssetKind::ExternalService => "#f3e5f5",
            AssetKind::Software => "#e3f2fd",
            AssetKind::Network => "#eceff1",
            AssetKind::Equipment => "#fffde7",
        };
        let external = a.kind == AssetKind::ExternalService
            || a.traits
                .iter()
                .any(|t| matches!(t, kojo_model::AssetTrait::CloudHosted));
        let _ = write!(
            s,
            r#"<g class="asset" data-asset="{id}"><title>{title}</title><rect x="{}" y="{}" width="{}" height="{}" rx="{rx}" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{dash}/>"#,
            r.x,
            r.y,
            r.w,
            r.h,
            id = esc(&a.id),
            title = esc(&asset_tooltip(model, ab.asset, asv, lang)),
            rx = if a.kind == AssetKind::Data { 14 } else { 4 },
            sw = if asv.is_some() { 2 } else { 1 },
            dash = if external {
                r#" stroke-dasharray="4 3""#
            } else {
                ""
            },
        );
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="11.5" font-weight="600" fill="#263238">{}</text>"##,
            r.x + 8,
            r.y + 16,
            esc(&fit(&a.name, r.w - 16, 11))
        );
        let mut sub = String::from(asset_kind_tag(a.kind, lang));
        if let Some(role) = &a.role {
            let _ = write!(sub, " · {role}");
        }
        if let Some(imp) = a.importance.max() {
            let _ = write!(sub, " · {}", imp.as_str());
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="9.5" fill="#607d8b">{}</text></g>"##,
            r.x + 8,
            r.y + 31,
            esc(&fit(&sub, r.w - 16, 9))
        );
    }

    // Lane titles last, with a halo in the lane's colour, so that edges crossing the
    // title band never hide them.
    for band in &l.lanes {
        let r = band.rect;
        let _ = write!(
            s,
            r##"<text class="lane-title" x="{}" y="{}" font-size="13" font-weight="600" fill="#455a64" stroke="{fill}" stroke-width="5" paint-order="stroke">{}</text>"##,
            r.x + 10,
            r.y + 18,
            esc(lane_title(band.lane, lang)),
            fill = LANE_FILLS[band.lane.min(4)],
        );
    }

    // Parties.
    for pb in &l.parties {
        let Some(p) = model.parties.get(pb.party) else {
            continue;
        };
        let r = pb.rect;
        let psv = sev.get(&format!("party:{}", p.id));
        let stroke = psv.map(|v| severity_colour(v.0)).unwrap_or("#8e24aa");
        let _ = write!(
            s,
            r##"<g class="party" data-party="{id}"><title>{title}</title><rect x="{}" y="{}" width="{}" height="{}" rx="22" fill="#fce4ec" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="{}" y="{}" font-size="11.5" font-weight="600" fill="#4a148c">{}</text><text x="{}" y="{}" font-size="9.5" fill="#6a1b9a">{}</text></g>"##,
            r.x,
            r.y,
            r.w,
            r.h,
            r.x + 14,
            r.y + 19,
            esc(&fit(&p.name, r.w - 28, 11)),
            r.x + 14,
            r.y + 34,
            esc(&fit(
                &format!(
                    "{} · {}",
                    lang.pick("party", "外部組織"),
                    party_kind_word(p.kind)
                ),
                r.w - 28,
                9
            )),
            id = esc(&p.id),
            title = esc(&format!("{} ({})", p.name, p.id)),
        );
    }

    // Legend.
    let ly = l.height - 56;
    let _ = write!(s, r##"<g class="legend" font-size="11" fill="#37474f">"##);
    let _ = write!(
        s,
        r##"<path d="M{x},{y} L{x2},{y}" stroke="{c}" stroke-width="2.4" marker-end="url(#arr-none)"/><text x="{tx}" y="{ty}">{}</text>"##,
        esc(lang.pick("control instructions", "制御指示")),
        x = MARGIN + 4,
        x2 = MARGIN + 44,
        y = ly,
        tx = MARGIN + 52,
        ty = ly + 4,
        c = NEUTRAL_EDGE,
    );
    let _ = write!(
        s,
        r##"<path d="M{x},{y} L{x2},{y}" stroke="{c}" stroke-width="1.6" stroke-dasharray="6 4" marker-end="url(#arr-none)"/><text x="{tx}" y="{ty}">{}</text>"##,
        esc(lang.pick("data", "データ")),
        x = MARGIN + 180,
        x2 = MARGIN + 220,
        y = ly,
        tx = MARGIN + 228,
        ty = ly + 4,
        c = NEUTRAL_EDGE,
    );
    let _ = write!(
        s,
        r##"<rect x="{x}" y="{y}" width="36" height="14" rx="3" fill="none" stroke="#546e7a" stroke-dasharray="8 4"/><text x="{tx}" y="{ty}">{}</text>"##,
        esc(lang.pick("external / party-managed", "外部・外部組織管理")),
        x = MARGIN + 300,
        y = ly - 7,
        tx = MARGIN + 344,
        ty = ly + 4,
    );
    let mut x = MARGIN;
    let y2 = ly + 24;
    let _ = write!(
        s,
        r#"<text x="{x}" y="{}">{}</text>"#,
        y2 + 4,
        esc(lang.pick("most severe finding:", "重大度が最も高い指摘:"))
    );
    x += 130;
    for sv in Severity::ALL_DESC {
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{}" width="14" height="14" rx="3" fill="{}"/><text x="{}" y="{}">{}</text>"#,
            y2 - 7,
            severity_colour(sv),
            x + 18,
            y2 + 4,
            esc(text::severity_word(sv, lang))
        );
        x += 90;
    }
    if l.view == DiagramView::Zones {
        let _ = write!(
            s,
            r#"<text x="{x}" y="{}" font-style="italic">{}</text>"#,
            y2 + 4,
            esc(lang.pick(
                "zone-level view: each edge carries every flow between two zones",
                "ゾーン単位の表示：各線は2ゾーン間の全フローを表す"
            ))
        );
        if l.hidden_edges > 0 {
            let note = match lang {
                Lang::En => format!(
                    "{} more zone pairs ({} flows) not drawn: the least severe; see the Flows sheet",
                    l.hidden_edges, l.hidden_flows
                ),
                Lang::Ja => format!(
                    "他の{}ゾーン間（{}フロー）は重大度の低い順に省略：Flows シート参照",
                    l.hidden_edges, l.hidden_flows
                ),
            };
            let _ = write!(
                s,
                r#"<text class="hidden-edges" data-hidden-flows="{}" x="{MARGIN}" y="{}" font-style="italic">{}</text>"#,
                l.hidden_flows,
                y2 + 22,
                esc(&note)
            );
        }
    }
    s.push_str("</g></svg>");
    s
}

fn party_kind_word(k: kojo_model::PartyKind) -> &'static str {
    use kojo_model::PartyKind::*;
    match k {
        CloudService => "cloud-service",
        EquipmentSupplier => "equipment-supplier",
        GeneralProductVendor => "general-product-vendor",
        SoftwareVendor => "software-vendor",
        OutsourcedVendor => "outsourced-vendor",
        BusinessPartner => "business-partner",
    }
}

fn zone_tooltip(model: &Model, zi: usize, s: Option<(Severity, usize)>, lang: Lang) -> String {
    let Some(z) = model.zones.get(zi) else {
        return String::new();
    };
    let mut t = format!("{} ({}) — {}", z.name, z.id, text::zone_kind_word(z.kind));
    if let Some((sv, n)) = s {
        let _ = write!(
            t,
            "\n{}: {} ({n})",
            lang.pick("most severe finding", "重大度が最も高い指摘"),
            text::severity_word(sv, lang)
        );
    }
    t
}

fn asset_tooltip(model: &Model, ai: usize, s: Option<(Severity, usize)>, lang: Lang) -> String {
    let Some(a) = model.assets.get(ai) else {
        return String::new();
    };
    let mut t = format!("{} ({})", a.name, a.id);
    if let Some((sv, n)) = s {
        let _ = write!(
            t,
            "\n{}: {} ({n})",
            lang.pick("most severe finding", "重大度が最も高い指摘"),
            text::severity_word(sv, lang)
        );
    }
    t
}

fn endpoint_word(ep: &Endpoint) -> &str {
    match ep {
        Endpoint::Asset(id) | Endpoint::Zone(id) => id,
    }
}

fn edge_tooltip(model: &Model, e: &EdgeRoute, sev: &SubjectSeverity, lang: Lang) -> String {
    let mut t = String::new();
    for (k, &fi) in e.flows.iter().enumerate() {
        if k == 12 {
            let _ = write!(t, "\n… {} {}", e.flows.len() - 12, lang.pick("more", "件"));
            break;
        }
        let Some(f) = model.flows.get(fi) else {
            continue;
        };
        if k > 0 {
            t.push('\n');
        }
        let _ = write!(
            t,
            "{}: {} → {}",
            f.id,
            endpoint_word(&f.from),
            endpoint_word(&f.to)
        );
        if f.control {
            t.push_str(lang.pick(" [control]", " [制御]"));
        }
        if let Some(p) = &f.protocol {
            let _ = write!(t, " ({p})");
        }
        if let Some((sv, n)) = sev.get(&format!("flow:{}", f.id)) {
            let _ = write!(t, " — {} ×{n}", text::severity_word(sv, lang));
        }
    }
    t
}

/// The zone diagram as Graphviz DOT: zones as clusters (ordered by lane), assets inside,
/// flows as edges (bold for control instructions, dashed for data), coloured by severity.
pub fn render_dot(model: &Model, assessment: Option<&Assessment>, opts: &DiagramOptions) -> String {
    let sev = assessment.map(SubjectSeverity::of).unwrap_or_default();
    let index = ModelIndex::new(model);
    let view = resolve_view(model, &index, opts.view);
    let q = |s: &str| {
        let mut o = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\n' | '\r' => o.push_str("\\n"),
                c => o.push(c),
            }
        }
        o.push('"');
        o
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "digraph kojo {{\n  graph [rankdir=TB, compound=true, fontname=\"Helvetica\", label={}];",
        q(&model.factory.name)
    );
    s.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];\n");
    let mut order: Vec<usize> = (0..model.zones.len()).collect();
    order.sort_by_key(|&zi| (lane_of(model.zones[zi].kind), zi));
    let mut placed: HashMap<usize, String> = HashMap::new();
    for (ci, &zi) in order.iter().enumerate() {
        let z = &model.zones[zi];
        let colour = sev
            .sev("zone", &z.id)
            .map(severity_colour)
            .unwrap_or("#546e7a");
        let style = if z.kind == ZoneKind::External {
            "dashed"
        } else {
            "solid"
        };
        let _ = writeln!(
            s,
            "  subgraph cluster_{ci} {{\n    label={}; color={}; style={};",
            q(&format!("{} [{}]", z.name, text::zone_kind_word(z.kind))),
            q(colour),
            style
        );
        let zone_node = format!("zone:{}", z.id);
        if view == DiagramView::Zones {
            let n = index.zone_assets.get(zi).map(Vec::len).unwrap_or(0);
            let _ = writeln!(
                s,
                "    {} [label={}];",
                q(&zone_node),
                q(&format!(
                    "{n} {}",
                    opts.lang.pick("protected objects", "保護対象")
                ))
            );
        } else {
            // An invisible anchor so that flows to the zone itself have an end.
            let _ = writeln!(
                s,
                "    {} [label={}, shape=plaintext, style=\"\"];",
                q(&zone_node),
                q(&z.id)
            );
            for &ai in index.zone_assets.get(zi).map(Vec::as_slice).unwrap_or(&[]) {
                let a = &model.assets[ai];
                if placed.contains_key(&ai) {
                    continue;
                }
                let node = format!("asset:{}", a.id);
                let colour = sev
                    .sev("asset", &a.id)
                    .map(severity_colour)
                    .unwrap_or("#90a4ae");
                let _ = writeln!(
                    s,
                    "    {} [label={}, color={}];",
                    q(&node),
                    q(&a.name),
                    q(colour)
                );
                placed.insert(ai, node);
            }
        }
        s.push_str("  }\n");
    }
    let node_of = |ep: &Endpoint| -> Option<String> {
        match ep {
            Endpoint::Zone(id) => Some(format!("zone:{id}")),
            Endpoint::Asset(id) => {
                let ai = *index.assets.get(id)?;
                if view == DiagramView::Zones {
                    model
                        .assets
                        .get(ai)?
                        .zones
                        .first()
                        .map(|z| format!("zone:{z}"))
                } else {
                    placed.get(&ai).cloned()
                }
            }
        }
    };
    for f in &model.flows {
        let (Some(a), Some(b)) = (node_of(&f.from), node_of(&f.to)) else {
            continue;
        };
        let colour = sev
            .sev("flow", &f.id)
            .map(severity_colour)
            .unwrap_or(NEUTRAL_EDGE);
        let style = if f.control { "bold" } else { "dashed" };
        let _ = writeln!(
            s,
            "  {} -> {} [id={}, label={}, color={}, style={}];",
            q(&a),
            q(&b),
            q(&f.id),
            q(&f.id),
            q(colour),
            style
        );
    }
    s.push_str("}\n");
    s
}

/// Appends `s` escaped (for callers that build SVG around the diagram).
pub fn push_escaped(out: &mut String, s: &str) {
    esc_into(out, s);
}
