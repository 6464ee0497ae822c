//! The drawing's model: the tree layout of zone boxes, chips and edges
//! ([`GraphLayout`], memoised on [`LayoutKey`]); what changes with every
//! step is the [`Overlay`] (overlay.rs).

use super::*;

/// Pixel sizes of the drawing (user units; the view scales them).
pub(super) const CHAR_WIDTH: f64 = 7.4;
pub(super) const ZONE_HEADER: f64 = 26.0;

/// The sizes of what a pointer or a finger picks: a server chip (each one
/// row of its zone's box) and a zone's collapse toggle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// From one chip's row to the next.
    pub chip_pitch: f64,
    pub chip_height: f64,
    /// The collapse toggle's width and height, in the zone's header.
    pub toggle: (f64, f64),
}

impl Metrics {
    /// For a mouse: compact, so that a world fits a projector.
    pub const POINTER: Metrics = Metrics {
        chip_pitch: 20.0,
        chip_height: 18.0,
        toggle: (26.0, 18.0),
    };
    /// For a finger: 24 px high at a touch screen's starting zoom (at least
    /// [`READABLE_SCALE`]), the least WCAG 2.2 (2.5.8) allows a target.
    pub const TOUCH: Metrics = Metrics {
        chip_pitch: 26.0,
        chip_height: 24.0,
        toggle: (30.0, 24.0),
    };
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::POINTER
    }
}
/// Below the last chip, and beside the widest chip (both sides together).
pub(super) const BOX_PADDING: f64 = 6.0;
pub(super) const BOX_SIDES: f64 = 10.0;
pub(super) const MIN_BOX_WIDTH: f64 = 110.0;
/// Space kept clear around the drawing.
pub(super) const MARGIN: f64 = 10.0;
/// The resolver sits in the top-left corner, beside the top of the tree.
pub(super) const RESOLVER_WIDTH: f64 = 120.0;
pub(super) const RESOLVER_AT: (f64, f64) = (MARGIN, MARGIN);
/// Room right of the resolver for the reply's label when it comes back.
pub(super) const REPLY_ROOM: f64 = 120.0;

/// The tree's gaps: tighter than the layout's defaults, so that the default
/// scenario fits a 1280×720 projector with its text at least 11 px high.
pub(super) fn tree_layout() -> TidyTree {
    TidyTree {
        level_gap: 40.0,
        sibling_gap: 16.0,
        subtree_gap: 32.0,
    }
}

/// Runs of this many leaf zones or more are stacked in columns: fewer fit
/// a screen side by side.
pub(super) const COLUMNS: LeafColumns = LeafColumns {
    min_run: 10,
    row_gap: 10.0,
};
/// How far left of a column its edges run down (half the sibling gap, so
/// they stay clear of the column to the left).
pub(super) const BUS_OFFSET: f64 = 8.0;

/// A world with more zones than this starts with its large families
/// folded: drawn whole it would be thousands of boxes, too small to read.
pub const LARGE_WORLD: usize = 200;
/// In a large world, a zone with more children than this starts collapsed.
/// The root of a realistic world (a dozen TLDs) stays open; a registry
/// with hundreds of domains folds.
pub const MANY_CHILDREN: usize = 12;

/// The zones a world starts with collapsed: in a world of more than
/// [`LARGE_WORLD`] zones, each zone with more than [`MANY_CHILDREN`]
/// children, except those above a zone holding one of `keep_open` (the
/// name being resolved), which stay open so that zone is drawn. A small
/// world starts with nothing collapsed. An open world starts with the zones
/// that lead outside it folded into their parents, however few (folding an
/// open world hides only those: see [`GraphLayout::build`]).
pub fn default_collapsed(hierarchy: &Hierarchy, keep_open: &[Name]) -> BTreeSet<Name> {
    let large = hierarchy.zone_count() > LARGE_WORLD;
    if !large && !hierarchy.open_world() {
        return BTreeSet::new();
    }
    let mut children: HashMap<ZoneId, (usize, bool)> = HashMap::default();
    for zone in hierarchy.zones() {
        if let Some((parent, _)) = hierarchy.parent(zone) {
            let (count, outside) = children.entry(parent).or_default();
            *count += 1;
            *outside |= hierarchy.zone(zone).outside;
        }
    }
    let mut collapsed: BTreeSet<Name> = children
        .into_iter()
        .filter(|&(_, (count, outside))| outside || (large && count > MANY_CHILDREN))
        .map(|(zone, _)| hierarchy.zone(zone).apex.clone())
        .collect();
    for name in keep_open {
        unfold_above(hierarchy, &mut collapsed, name);
    }
    collapsed
}

/// Takes every zone above the zone holding `name` out of `collapsed`. An
/// open world draws its own zones however it is folded, and unfolds
/// nothing for a name outside it: a thousand TLDs to show one empty box.
pub(super) fn unfold_above(hierarchy: &Hierarchy, collapsed: &mut BTreeSet<Name>, name: &Name) {
    if hierarchy.open_world() {
        return;
    }
    let mut at = hierarchy.closest_zone(name);
    while let Some((parent, _)) = at.and_then(|zone| hierarchy.parent(zone)) {
        collapsed.remove(&hierarchy.zone(parent).apex);
        at = Some(parent);
    }
}

/// The graph's part of the state: which zones are collapsed.
impl Lab {
    /// Folds the large families of a large world (see
    /// [`default_collapsed`]), keeping the path to the query's name open.
    /// For a scenario just opened: what the user folded before is forgotten.
    pub fn fold_large_families(&mut self) {
        let query = self.question().map(|q| q.name);
        self.collapsed = default_collapsed(&self.loaded.hierarchy, query.as_slice());
    }

    /// Unfolds the zones above the one holding `name`, so it is drawn: the
    /// zone selected, or the name asked for.
    pub fn reveal(&mut self, name: &Name) {
        if !self.collapsed.is_empty() {
            unfold_above(&self.loaded.hierarchy, &mut self.collapsed, name);
        }
    }

    /// After an action: a zone newly selected (by the user, a finding, an
    /// edit that made it) or a name newly asked for is revealed. A zone
    /// the user folds afterwards stays folded.
    pub fn reveal_news(&mut self, before: &Lab) {
        if self.selection != before.selection
            && let Some(Selection::Zone(apex)) = self.selection.clone()
        {
            self.reveal(&apex);
        }
        if self.query.name != before.query.name
            && let Some(question) = self.question()
        {
            self.reveal(&question.name);
        }
    }
}

/// How a zone or edge looks, from the findings that concern it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Resolution fails for some resolver.
    Broken,
    /// Lame, incomplete or fragile: works, but not as configured.
    Degraded,
    Notice,
}

impl Mark {
    fn from_severity(severity: Severity) -> Mark {
        match severity {
            Severity::Error => Mark::Broken,
            Severity::Warning => Mark::Degraded,
            Severity::Notice => Mark::Notice,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Mark::Broken => "broken",
            Mark::Degraded => "degraded",
            Mark::Notice => "notice",
        }
    }

    /// The icon shown beside the colour: the severity's own.
    pub fn icon(self) -> &'static str {
        severity_icon(match self {
            Mark::Broken => Severity::Error,
            Mark::Degraded => Severity::Warning,
            Mark::Notice => Severity::Notice,
        })
    }
}

/// A name server chip inside a zone box.
#[derive(Clone, Debug, PartialEq)]
pub struct Chip {
    pub server: ServerId,
    pub label: String,
    pub behaviour: Behaviour,
    pub mark: Option<Mark>,
    /// Centre of the chip.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A zone box.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneBox {
    pub apex: Name,
    /// The apex as text: the element's key and `data-apex`.
    pub apex_text: AttrValue,
    pub label: String,
    pub defined: bool,
    pub mark: Option<Mark>,
    /// Left, top, width, height.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub chips: Vec<Chip>,
    /// True when what folding hides are the zones outside an open world.
    pub hides_outside: bool,
    /// How many zones below this one are hidden, when collapsed.
    pub hidden_below: usize,
    pub has_children: bool,
    pub collapsed: bool,
    /// The collapse toggle's width and height ([`Metrics`]).
    pub toggle: (f64, f64),
    /// Depth in the drawn tree, the root's 1: what a screen reader says.
    pub level: usize,
    /// The worst finding about the zone, in its words: the box's name
    /// says what is wrong, not only that something is.
    pub problem: Option<String>,
}

impl ZoneBox {
    /// The area the box covers.
    pub fn area(&self) -> Area {
        Area {
            left: self.x,
            top: self.y,
            right: self.x + self.width,
            bottom: self.y + self.height,
        }
    }
}

/// A delegation edge, parent to child.
#[derive(Clone, Debug, PartialEq)]
pub struct DelegationEdge {
    pub parent: Name,
    pub child: Name,
    /// The child's apex as text: the element's key and `data-child`.
    pub child_text: AttrValue,
    pub route: Route,
    pub mark: Option<Mark>,
    /// When the two sides' NS sets differ, a line for each side's own names
    /// ("registrar only: ns1.new.test", "zone only: ns1.old.test").
    pub badge: Vec<String>,
    pub badge_at: (f64, f64),
    pub in_cycle: bool,
    /// Where the edge can be: its end points and control points.
    pub bounds: Area,
}

/// A zone needs another zone to reach one of its name servers.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossEdge {
    pub zone: Name,
    pub holder: Name,
    pub ns_host: Name,
    pub route: Route,
    pub in_cycle: bool,
    /// Where the curve can be: its end points and control points.
    pub bounds: Area,
}

/// The line an edge takes, kept as numbers and written out as SVG path
/// data only when drawn: a large world has thousands of edges, most of
/// them off screen or hidden at the level of detail shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Route {
    /// A cubic curve from `from` to `to` with control points `c1`, `c2`.
    Curve {
        from: (f64, f64),
        c1: (f64, f64),
        c2: (f64, f64),
        to: (f64, f64),
    },
    /// Into a column of boxes: a curve down from `from` to the top of a
    /// line at x `bus` (its middle at y `mid`, its top at y `top`), down
    /// that line, then right into the box at `to`.
    Column {
        from: (f64, f64),
        mid: f64,
        bus: f64,
        top: f64,
        to: (f64, f64),
    },
}

impl Route {
    /// The SVG path data.
    pub fn path(&self) -> String {
        let p = |(x, y): (f64, f64)| format!("{},{}", D1(x), D1(y));
        match *self {
            Route::Curve { from, c1, c2, to } => {
                format!("M{} C{} {} {}", p(from), p(c1), p(c2), p(to))
            }
            Route::Column {
                from,
                mid,
                bus,
                top,
                to,
            } => format!(
                "M{} C{} {} {} V{} H{}",
                p(from),
                p((from.0, mid)),
                p((bus, mid)),
                p((bus, top)),
                D1(to.1),
                D1(to.0)
            ),
        }
    }
}

/// A rectangle of the drawing (user units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Area {
    pub const EVERYWHERE: Area = Area {
        left: f64::NEG_INFINITY,
        top: f64::NEG_INFINITY,
        right: f64::INFINITY,
        bottom: f64::INFINITY,
    };

    /// The smallest area holding every point.
    fn around(points: &[(f64, f64)]) -> Area {
        points.iter().fold(
            Area {
                left: f64::INFINITY,
                top: f64::INFINITY,
                right: f64::NEG_INFINITY,
                bottom: f64::NEG_INFINITY,
            },
            |a, &(x, y)| Area {
                left: a.left.min(x),
                top: a.top.min(y),
                right: a.right.max(x),
                bottom: a.bottom.max(y),
            },
        )
    }

    pub fn meets(&self, other: &Area) -> bool {
        self.left <= other.right
            && other.left <= self.right
            && self.top <= other.bottom
            && other.top <= self.bottom
    }
}

/// A circular delegation's label, placed by its first edge.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleLabel {
    pub text: String,
    pub x: f64,
    pub y: f64,
}

/// What the tree layout depends on, compared cheaply: the world, its
/// hierarchy and the findings by identity (loading a scenario makes new ones; stepping,
/// selecting and playing keep them), the collapsed zones by value.
#[derive(Clone)]
pub struct LayoutKey {
    pub world: Rc<World>,
    pub hierarchy: Rc<Hierarchy>,
    pub findings: Rc<Vec<Finding>>,
    pub collapsed: BTreeSet<Name>,
    pub metrics: Metrics,
}

impl LayoutKey {
    /// For a mouse ([`Metrics::POINTER`]).
    pub fn of(lab: &Lab) -> LayoutKey {
        LayoutKey {
            world: Rc::clone(&lab.loaded.world),
            hierarchy: Rc::clone(&lab.loaded.hierarchy),
            findings: Rc::clone(&lab.loaded.findings),
            collapsed: lab.collapsed.clone(),
            metrics: Metrics::POINTER,
        }
    }

    /// The same, with targets sized for `metrics`.
    pub fn with(self, metrics: Metrics) -> LayoutKey {
        LayoutKey { metrics, ..self }
    }

    pub fn layout(&self) -> GraphLayout {
        GraphLayout::build(
            &self.world,
            &self.hierarchy,
            &self.findings,
            &self.collapsed,
            self.metrics,
        )
    }
}

impl PartialEq for LayoutKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && Rc::ptr_eq(&self.hierarchy, &other.hierarchy)
            && Rc::ptr_eq(&self.findings, &other.findings)
            && self.collapsed == other.collapsed
            && self.metrics == other.metrics
    }
}

/// The part of the drawing that only the scenario and the collapsed zones
/// change.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GraphLayout {
    /// Shared with the components that draw them, which compare them by
    /// value to redraw only what changed.
    pub zones: Vec<Rc<ZoneBox>>,
    pub delegations: Vec<Rc<DelegationEdge>>,
    pub cross: Vec<Rc<CrossEdge>>,
    pub cycles: Vec<CycleLabel>,
    /// The resolver's box: left, top.
    pub resolver_at: (f64, f64),
    pub width: f64,
    pub height: f64,
    pub metrics: Metrics,
}

/// Everything the graph draws.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GraphModel {
    pub layout: Rc<GraphLayout>,
    pub overlay: Overlay,
}

impl GraphModel {
    pub fn build(lab: &Lab) -> GraphModel {
        let layout = Rc::new(LayoutKey::of(lab).layout());
        let overlay = Overlay::build(lab, &layout);
        GraphModel { layout, overlay }
    }
}

/// A server's behaviour as its chip shows it: an icon and a word.
pub(super) fn behaviour_marks(behaviour: Behaviour) -> (&'static str, &'static str) {
    match behaviour {
        Behaviour::Up => ("●", "up"),
        Behaviour::Down => ("○", "down"),
        Behaviour::Refusing => ("⊘", "refusing"),
    }
}

/// A chip's text: the icon, the host name and, unless it is up, the state.
pub(super) fn chip_text(host: &str, behaviour: Behaviour) -> String {
    let (icon, state) = behaviour_marks(behaviour);
    if behaviour == Behaviour::Up {
        format!("{icon} {host}")
    } else {
        format!("{icon} {host} ({state})")
    }
}

/// A coordinate written with one decimal, as `{:.1}` writes it (up to the
/// rounding of exact ties) but several times faster: a drawing of
/// thousands of zones writes tens of thousands of them, and the standard
/// formatter's exact decimal expansion was most of the layout's time.
pub(super) struct D1(pub(super) f64);

impl std::fmt::Display for D1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        // Beyond what an i64 holds exactly (never, in a drawing), or NaN.
        if tenths.is_nan() || tenths.abs() >= 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let tenths = tenths as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// Keeps the worst mark among the findings about `key`.
pub(super) fn worst<K: Ord + Clone>(marks: &mut BTreeMap<K, Mark>, key: &K, mark: Mark) {
    marks
        .entry(key.clone())
        .and_modify(|m| *m = (*m).min(mark))
        .or_insert(mark);
}

impl GraphLayout {
    pub fn build(
        world: &World,
        hierarchy: &Hierarchy,
        findings: &[Finding],
        collapsed: &BTreeSet<Name>,
        metrics: Metrics,
    ) -> GraphLayout {
        // Marks from findings.
        let mut zone_marks: BTreeMap<Name, Mark> = BTreeMap::new();
        let mut edge_marks: BTreeMap<Name, Mark> = BTreeMap::new();
        let mut server_marks: BTreeMap<ServerId, Mark> = BTreeMap::new();
        let mut badges: BTreeMap<Name, Vec<String>> = BTreeMap::new();
        let mut cycle_edges: BTreeSet<(Name, Name)> = BTreeSet::new();
        let mut cycle_delegations: BTreeSet<Name> = BTreeSet::new();
        // Findings come most severe first: the first about a zone is its worst.
        let mut zone_problems: BTreeMap<Name, String> = BTreeMap::new();
        for finding in findings {
            let mark = Mark::from_severity(finding.severity);
            if let Some(zone) = finding.zones.first() {
                worst(&mut zone_marks, zone, mark);
                zone_problems
                    .entry(zone.clone())
                    .or_insert_with(|| finding.title.clone());
            }
            for server in &finding.servers {
                worst(&mut server_marks, server, mark);
            }
            for edge in &finding.edges {
                match edge {
                    EdgeRef::Delegation { child, .. } => {
                        worst(&mut edge_marks, child, mark);
                        if finding.kind == FindingKind::CircularDelegation {
                            cycle_delegations.insert(child.clone());
                        }
                    }
                    EdgeRef::NsHost { zone, ns_host } => {
                        cycle_edges.insert((zone.clone(), ns_host.clone()));
                    }
                    EdgeRef::Serves { .. } => {}
                }
            }
            if matches!(
                finding.kind,
                FindingKind::NsOnlyAtParent
                    | FindingKind::NsOnlyAtChild
                    | FindingKind::NsSetsDisjoint
            ) && let Some(comparison) = cut::compare(world, hierarchy, &finding.zones[0])
            {
                badges.insert(finding.zones[0].clone(), mismatch_lines(&comparison));
            }
        }

        // Visible zones: everything not below a collapsed zone, and in an
        // open world everything but the zones outside it below one. Zones
        // come in canonical order, parents before children, so one pass
        // decides and counts each hidden zone towards its nearest visible
        // ancestor.
        let open = hierarchy.open_world();
        let mut visible: Vec<ZoneId> = Vec::new();
        let mut index_of: HashMap<ZoneId, usize> = HashMap::default();
        let mut hidden_under: HashMap<ZoneId, usize> = HashMap::default();
        let mut parent_index: Vec<Option<usize>> = Vec::new();
        let mut is_collapsed: Vec<bool> = Vec::new();
        let mut hidden_below: Vec<usize> = Vec::new();
        let mut has_children: Vec<bool> = Vec::new();
        for id in hierarchy.zones() {
            let parent = hierarchy.parent(id).map(|(p, _)| p);
            let visible_parent = parent.and_then(|p| index_of.get(&p).copied());
            if let Some(i) = visible_parent {
                has_children[i] = true;
            }
            let under = match visible_parent {
                Some(i) if is_collapsed[i] && (!open || hierarchy.zone(id).outside) => Some(i),
                Some(_) => None,
                None => parent.and_then(|p| hidden_under.get(&p).copied()),
            };
            if let Some(i) = under {
                hidden_below[i] += 1;
                hidden_under.insert(id, i);
                continue;
            }
            index_of.insert(id, visible.len());
            visible.push(id);
            parent_index.push(visible_parent);
            is_collapsed.push(collapsed.contains(&hierarchy.zone(id).apex));
            hidden_below.push(0);
            has_children.push(false);
        }

        // Boxes and their sizes. A server's chip looks the same in every
        // zone it loads, so its text and width are worked out once.
        let mut chip_looks: HashMap<ServerNodeId, (String, f64)> = HashMap::default();
        let mut boxes: Vec<ZoneBox> = Vec::with_capacity(visible.len());
        let mut tree: Vec<TreeNode> = Vec::with_capacity(visible.len());
        let mut levels: Vec<usize> = Vec::with_capacity(visible.len());
        for (i, &id) in visible.iter().enumerate() {
            let level = parent_index[i].map_or(1, |p| levels[p] + 1);
            levels.push(level);
            let node = hierarchy.zone(id);
            let apex = node.apex.clone();
            let apex_text: AttrValue = apex.to_string().into();
            let label = if apex.is_root() {
                ". (root)".to_string()
            } else {
                apex_text.to_string()
            };
            let chips: Vec<Chip> = hierarchy
                .servers_of(id)
                .into_iter()
                .map(|s| {
                    let server = hierarchy.server(s);
                    let (label, width) = chip_looks
                        .entry(s)
                        .or_insert_with(|| {
                            let label = server.host.to_string();
                            // Padding of 8 on the left, 6 on the right.
                            let width = text_width(&chip_text(&label, server.behaviour)) + 14.0;
                            (label, width)
                        })
                        .clone();
                    Chip {
                        server: server.id.clone(),
                        width,
                        label,
                        behaviour: server.behaviour,
                        mark: server_marks.get(&server.id).copied(),
                        x: 0.0,
                        y: 0.0,
                        height: metrics.chip_height,
                    }
                })
                .collect();
            let width = chips
                .iter()
                .map(|c| c.width)
                .chain([text_width(&label) + 52.0, MIN_BOX_WIDTH])
                .fold(0.0, f64::max)
                + BOX_SIDES;
            let height = ZONE_HEADER + chips.len() as f64 * metrics.chip_pitch + BOX_PADDING;
            tree.push(TreeNode {
                parent: parent_index[i],
                width,
                height,
            });
            boxes.push(ZoneBox {
                mark: zone_marks.get(&apex).copied(),
                problem: zone_problems.get(&apex).cloned(),
                level,
                collapsed: is_collapsed[i],
                // Wide enough for its count ("+1438"), however large.
                toggle: (
                    metrics
                        .toggle
                        .0
                        .max(text_width(&format!("+{}", hidden_below[i])) + 8.0),
                    metrics.toggle.1,
                ),
                apex,
                apex_text,
                label,
                defined: node.defined,
                x: 0.0,
                y: 0.0,
                width,
                height,
                chips,
                hidden_below: hidden_below[i],
                hides_outside: open,
                has_children: has_children[i],
            });
        }
        let gaps = tree_layout();
        let stacked = COLUMNS.place(&gaps, &tree);
        let placement = &stacked.placement;
        // The tree starts at the top, beside the resolver: shifted right
        // only as far as its top level needs to clear the resolver and the
        // reply's label (the root is usually centred well clear of it).
        let top = MARGIN;
        let clear = RESOLVER_AT.0 + RESOLVER_WIDTH + REPLY_ROOM;
        let left = (0..boxes.len())
            .filter(|&i| top + placement.y[i] < RESOLVER_AT.1 + ZONE_HEADER + MARGIN)
            .map(|i| clear - (placement.x[i] - boxes[i].width / 2.0))
            .fold(MARGIN, f64::max);
        for (i, zone) in boxes.iter_mut().enumerate() {
            zone.x = left + placement.x[i] - zone.width / 2.0;
            zone.y = top + placement.y[i];
            for (j, chip) in zone.chips.iter_mut().enumerate() {
                chip.x = zone.x + zone.width / 2.0;
                chip.y = zone.y + ZONE_HEADER + metrics.chip_pitch * (j as f64 + 0.5);
            }
        }
        // How far right the drawing reaches: boxes, then the curves and
        // labels that stick out beside them.
        let mut right = boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max);

        // Delegation edges between visible zones.
        let mut delegations = Vec::new();
        for i in 0..visible.len() {
            let Some(parent) = tree[i].parent else {
                continue;
            };
            let (p, c) = (&boxes[parent], &boxes[i]);
            let (x1, y1) = (p.x + p.width / 2.0, p.y + p.height);
            let (route, badge_at, bounds) = match stacked.column_at[i] {
                // Into a column: down to the level of the column's top,
                // across to a line beside it, down that line and in from
                // the left, so no edge crosses a box of the column.
                Some((column_left, column_top)) => {
                    let bus = left + column_left - BUS_OFFSET;
                    let column_top = top + column_top;
                    let mid = (y1 + column_top) / 2.0;
                    let y2 = c.y + ZONE_HEADER / 2.0;
                    (
                        Route::Column {
                            from: (x1, y1),
                            mid,
                            bus,
                            top: column_top,
                            to: (c.x, y2),
                        },
                        (bus, y2),
                        Area::around(&[(x1, y1), (bus, mid), (c.x, y2)]),
                    )
                }
                None => {
                    let (x2, y2) = (c.x + c.width / 2.0, c.y);
                    let mid = (y1 + y2) / 2.0;
                    (
                        Route::Curve {
                            from: (x1, y1),
                            c1: (x1, mid),
                            c2: (x2, mid),
                            to: (x2, y2),
                        },
                        ((x1 + x2) / 2.0, mid),
                        Area::around(&[(x1, y1), (x2, y2)]),
                    )
                }
            };
            let badge = badges.get(&c.apex).cloned().unwrap_or_default();
            if let Some(widest) = badge.iter().map(|line| text_width(line)).reduce(f64::max) {
                right = right.max(badge_at.0 + widest * 0.9 + 6.0);
            }
            delegations.push(Rc::new(DelegationEdge {
                parent: p.apex.clone(),
                child: c.apex.clone(),
                child_text: c.apex_text.clone(),
                route,
                // From the findings alone (a missing delegation is one).
                mark: edge_marks.get(&c.apex).copied(),
                badge,
                badge_at,
                in_cycle: cycle_delegations.contains(&c.apex),
                bounds,
            }));
        }

        // Cross edges: a zone needs the zone holding an NS host name.
        let mut cross = Vec::new();
        for (i, &id) in visible.iter().enumerate() {
            let from = &boxes[i];
            for (holder, dependency) in hierarchy.ns_dependencies(id) {
                let Some(&j) = index_of.get(&holder) else {
                    continue;
                };
                let to = &boxes[j];
                let (route, bounds) = if (from.y - to.y).abs() < 1.0 && i != j {
                    // Same level: arc over the row, between the tops of
                    // the two boxes, rather than run through the boxes
                    // between them. Leftward arcs sit further in and
                    // higher, so two zones needing each other (a cycle)
                    // show two arcs, not one.
                    let (x1, x2, higher) = if to.x < from.x {
                        (from.x + 26.0, to.x + to.width - 26.0, 10.0)
                    } else {
                        (from.x + from.width - 14.0, to.x + 14.0, 0.0)
                    };
                    let y = from.y;
                    // Low between neighbours, up to most of the gap above.
                    let rise = (12.0 + (x1 - x2).abs() * 0.1 + higher).min(gaps.level_gap * 0.9);
                    let cy = y - rise;
                    (
                        Route::Curve {
                            from: (x1, y),
                            c1: (x1, cy),
                            c2: (x2, cy),
                            to: (x2, y),
                        },
                        Area::around(&[(x1, y), (x2, cy)]),
                    )
                } else {
                    let (x1, y1) = (from.x + from.width, from.y + ZONE_HEADER / 2.0);
                    let (x2, y2) = (to.x + to.width, to.y + ZONE_HEADER / 2.0);
                    // Bulge to the right so the curve stays clear of the tree.
                    let bulge = 40.0 + (y1 - y2).abs() * 0.15;
                    let cx = x1.max(x2) + bulge;
                    // A cubic reaches three quarters of the way to
                    // control points level with each other.
                    right = right.max(x1.max(x2) + bulge * 0.75);
                    (
                        Route::Curve {
                            from: (x1, y1),
                            c1: (cx, y1),
                            c2: (cx, y2),
                            to: (x2, y2),
                        },
                        Area::around(&[(x1, y1), (cx, y2), (x2, y2)]),
                    )
                };
                let in_cycle = !cycle_edges.is_empty()
                    && cycle_edges.contains(&(from.apex.clone(), dependency.ns_host.clone()));
                cross.push(Rc::new(CrossEdge {
                    zone: from.apex.clone(),
                    holder: to.apex.clone(),
                    ns_host: dependency.ns_host.clone(),
                    route,
                    in_cycle,
                    bounds,
                }));
            }
        }

        // Cycle labels: a cycle's name is a long sentence, so it is written
        // below the tree, under its first zone as far as the width allows,
        // rather than across the edges it names.
        let box_of: HashMap<&Name, &ZoneBox> = boxes.iter().map(|b| (&b.apex, b)).collect();
        let mut bottom = boxes.iter().map(|b| b.y + b.height).fold(0.0, f64::max);
        let mut cycles = Vec::new();
        for finding in findings
            .iter()
            .filter(|f| f.kind == FindingKind::CircularDelegation)
        {
            if let Some(first) = finding.zones.first().and_then(|z| box_of.get(z)) {
                let text = format!("⟳ {}", finding.title);
                let width = text_width(&text);
                bottom += 20.0;
                let label = CycleLabel {
                    x: first.x.min(right - width).max(MARGIN),
                    y: bottom - 5.0,
                    text,
                };
                right = right.max(label.x + width);
                cycles.push(label);
            }
        }

        GraphLayout {
            zones: boxes.into_iter().map(Rc::new).collect(),
            delegations,
            cross,
            cycles,
            resolver_at: RESOLVER_AT,
            width: right.max(clear) + MARGIN,
            height: bottom.max(RESOLVER_AT.1 + ZONE_HEADER) + MARGIN,
            metrics,
        }
    }

    /// The box of the zone at `apex`, if it is laid out.
    pub fn zone(&self, apex: &Name) -> Option<&ZoneBox> {
        self.zones.iter().map(Rc::as_ref).find(|z| z.apex == *apex)
    }
}
