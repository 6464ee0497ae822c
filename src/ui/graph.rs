//! The hierarchy graph: zones as a tree with the root on top, the name
//! servers that load each zone as chips inside its box, delegation edges
//! from parent to child, and cross edges (a zone needing a name server
//! whose host name lies in another zone) as curves that leave the tree
//! alone. Findings mark what they concern: a broken delegation in red, a
//! degraded one dashed amber, a cycle as a highlighted loop with its name,
//! a parent/child NS mismatch as a label on the delegation that names the
//! NS names only the registrar lists and those only the zone lists (a count
//! says nothing when the sets differ in names, not size). Colour is never the only signal:
//! icons, line styles and words carry the same meaning.
//!
//! The current step's query flies from the resolver to the server asked,
//! and the reply flies back labelled with what it was ("referral",
//! "NXDOMAIN"…); a timeout stops at the server and nothing comes back.
//! With reduced motion the same picture is drawn still: the query's arrow
//! at the server, the reply's mark by the resolver.
//!
//! The model is pure and tested natively, in two parts: [`GraphLayout`]
//! (boxes, chips, edges: the tree layout) depends only on the scenario's
//! hierarchy, its findings and the collapsed zones, so the component
//! memoises it on [`LayoutKey`]; [`Overlay`] (the flight, the focused
//! finding) changes with every step and is cheap to compute on every
//! render. [`GraphModel::build`] computes both. The component only renders
//! them and handles pan, zoom and the motion preference.
//!
//! # Thousands of zones
//!
//! A large world stays usable in four ways:
//! - **Folded families.** In a world of more than [`LARGE_WORLD`] zones,
//!   every zone with more than [`MANY_CHILDREN`] children starts collapsed
//!   ([`default_collapsed`]), except on the path to the name being
//!   resolved; selecting a zone or asking for a name unfolds the zones above
//!   it ([`Lab::reveal`]). The user can unfold anything.
//! - **Columns.** A long run of leaf zones under one parent is stacked in
//!   columns ([`LeafColumns`]) instead of one row hundreds of boxes wide.
//! - **Level of detail.** Zoomed out, a drawing of more than
//!   [`Detail::ALWAYS_FULL_UP_TO`] zones leaves out text too small to read
//!   ([`Detail`]): below one scale the server chips, badges and tooltips go,
//!   below another the zone names too, leaving plain boxes and edges. Fewer
//!   elements keep panning and zooming smooth.
//! - **Culling.** A drawing of more than [`CULL_ABOVE`] zones draws only
//!   what is in or near the window.
//!
//! Rendering is split so that each change redraws little: every zone and
//! edge is its own component, compared by value, so an edit redraws only
//! what it changed; the whole drawing is one component that panning,
//! zooming within a level of detail and stepping leave alone (the chip
//! asked is lit by the overlay, not by the drawing).

use crate::sim::hash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::LabProps;
use super::diagnostics::severity_icon;
use super::state::{Action, Lab, Selection};
use crate::layout::{LeafColumns, TidyTree, TreeNode};
use crate::sim::cut::{self, CutComparison};
use crate::sim::diagnose::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::hierarchy::{Hierarchy, ServerNodeId, ZoneId};
use crate::sim::name::Name;
use crate::sim::resolver::{Classification, Event, LameReason};
use crate::sim::scenario::{Behaviour, ServerId, World};

/// Pixel sizes of the drawing (user units; the view scales them).
const CHAR_WIDTH: f64 = 7.4;
const ZONE_HEADER: f64 = 26.0;
const CHIP_HEIGHT: f64 = 20.0;
/// Below the last chip, and beside the widest chip (both sides together).
const BOX_PADDING: f64 = 6.0;
const BOX_SIDES: f64 = 10.0;
const MIN_BOX_WIDTH: f64 = 110.0;
/// Space kept clear around the drawing.
const MARGIN: f64 = 10.0;
/// The resolver sits in the top-left corner, beside the top of the tree.
const RESOLVER_WIDTH: f64 = 120.0;
const RESOLVER_AT: (f64, f64) = (MARGIN, MARGIN);
/// Room right of the resolver for the reply's label when it comes back.
const REPLY_ROOM: f64 = 120.0;

/// The tree's gaps: tighter than the layout's defaults, so that the default
/// scenario fits a 1280×720 projector with its text at least 11 px high.
fn tree_layout() -> TidyTree {
    TidyTree {
        level_gap: 40.0,
        sibling_gap: 16.0,
        subtree_gap: 32.0,
    }
}

/// Runs of this many leaf zones or more are stacked in columns: fewer fit
/// a screen side by side.
const COLUMNS: LeafColumns = LeafColumns {
    min_run: 10,
    row_gap: 10.0,
};
/// How far left of a column its edges run down (half the sibling gap, so
/// they stay clear of the column to the left).
const BUS_OFFSET: f64 = 8.0;

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
/// world starts with nothing collapsed.
pub fn default_collapsed(hierarchy: &Hierarchy, keep_open: &[Name]) -> BTreeSet<Name> {
    if hierarchy.zone_count() <= LARGE_WORLD {
        return BTreeSet::new();
    }
    let mut children: HashMap<ZoneId, usize> = HashMap::default();
    for zone in hierarchy.zones() {
        if let Some((parent, _)) = hierarchy.parent(zone) {
            *children.entry(parent).or_default() += 1;
        }
    }
    let mut collapsed: BTreeSet<Name> = children
        .into_iter()
        .filter(|&(_, count)| count > MANY_CHILDREN)
        .map(|(zone, _)| hierarchy.zone(zone).apex.clone())
        .collect();
    for name in keep_open {
        unfold_above(hierarchy, &mut collapsed, name);
    }
    collapsed
}

/// Takes every zone above the zone holding `name` out of `collapsed`.
fn unfold_above(hierarchy: &Hierarchy, collapsed: &mut BTreeSet<Name>, name: &Name) {
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
    /// How many zones below this one are hidden, when collapsed.
    pub hidden_below: usize,
    pub has_children: bool,
    pub collapsed: bool,
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

/// What came back for the current step's query, as the graph shows it: a
/// word and an icon as well as a colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The data asked for.
    Answer,
    /// A CNAME leaving the server's zone: the resolver starts again there.
    Alias,
    /// A delegation one step closer to the name.
    Referral,
    NxDomain,
    NoData,
    Refused,
    ServFail,
    /// Any other reply the resolver cannot use (a lame referral, an answer
    /// without the AA flag).
    Lame,
    /// Nothing came back.
    Timeout,
}

impl Reply {
    /// How the resolver classified the response (see
    /// `sim::resolver::classify`), in the graph's fewer words.
    pub fn of(classification: &Classification) -> Reply {
        match classification {
            Classification::Answer => Reply::Answer,
            Classification::Alias { .. } => Reply::Alias,
            Classification::Referral { .. } => Reply::Referral,
            Classification::NXDomain => Reply::NxDomain,
            Classification::NoData => Reply::NoData,
            Classification::Lame(LameReason::Refused) => Reply::Refused,
            Classification::Lame(LameReason::ServFail) => Reply::ServFail,
            Classification::Lame(_) => Reply::Lame,
            Classification::Timeout => Reply::Timeout,
        }
    }

    /// The word on the reply's mark (DNS's own spelling for rcodes).
    pub fn label(self) -> &'static str {
        match self {
            Reply::Answer => "answer",
            Reply::Alias => "CNAME",
            Reply::Referral => "referral",
            Reply::NxDomain => "NXDOMAIN",
            Reply::NoData => "NODATA",
            Reply::Refused => "REFUSED",
            Reply::ServFail => "SERVFAIL",
            Reply::Lame => "lame",
            Reply::Timeout => "timeout",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Reply::Answer => "✔",
            Reply::Alias => "↪",
            Reply::Referral => "↓",
            Reply::NxDomain | Reply::NoData => "∅",
            Reply::Refused | Reply::ServFail | Reply::Lame => "✖",
            // A clock face: DejaVu has no hourglass.
            Reply::Timeout => "◷",
        }
    }

    /// The icon and the word, as drawn.
    pub fn text(self) -> String {
        format!("{} {}", self.icon(), self.label())
    }

    /// The style class: one colour per kind of outcome.
    pub fn class(self) -> &'static str {
        match self {
            Reply::Answer | Reply::Alias => "answer",
            Reply::Referral => "referral",
            Reply::NxDomain | Reply::NoData => "negative",
            Reply::Refused | Reply::ServFail | Reply::Lame => "error",
            Reply::Timeout => "timeout",
        }
    }

    /// False for a timeout: nothing travels back to the resolver.
    pub fn comes_back(self) -> bool {
        self != Reply::Timeout
    }
}

/// The current step's exchange: the query from the resolver to a server,
/// and what came back along the same path.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    /// The step's index; the animation starts again when it changes.
    pub step: usize,
    /// From the resolver (`from`) to the server asked (`to`).
    pub path: String,
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// The server asked, when it is a server of the scenario.
    pub server: Option<ServerId>,
    /// The zone box the query arrives in: the server's chip in the zone
    /// asked about, or the nearest visible box when that one is hidden.
    pub zone: Option<Name>,
    pub reply: Reply,
    /// What was asked of whom and what came back, for the tooltip.
    pub label: String,
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
}

impl LayoutKey {
    pub fn of(lab: &Lab) -> LayoutKey {
        LayoutKey {
            world: Rc::clone(&lab.loaded.world),
            hierarchy: Rc::clone(&lab.loaded.hierarchy),
            findings: Rc::clone(&lab.loaded.findings),
            collapsed: lab.collapsed.clone(),
        }
    }

    pub fn layout(&self) -> GraphLayout {
        GraphLayout::build(
            &self.world,
            &self.hierarchy,
            &self.findings,
            &self.collapsed,
        )
    }
}

impl PartialEq for LayoutKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && Rc::ptr_eq(&self.hierarchy, &other.hierarchy)
            && Rc::ptr_eq(&self.findings, &other.findings)
            && self.collapsed == other.collapsed
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
}

/// The part of the drawing that every step or focus changes.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Overlay {
    pub flight: Option<Flight>,
    /// Elements of the focused finding.
    pub focus_zones: BTreeSet<Name>,
    pub focus_servers: BTreeSet<ServerId>,
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
fn behaviour_marks(behaviour: Behaviour) -> (&'static str, &'static str) {
    match behaviour {
        Behaviour::Up => ("●", "up"),
        Behaviour::Down => ("○", "down"),
        Behaviour::Refusing => ("⊘", "refusing"),
    }
}

/// A chip's text: the icon, the host name and, unless it is up, the state.
fn chip_text(host: &str, behaviour: Behaviour) -> String {
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
struct D1(f64);

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

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// Keeps the worst mark among the findings about `key`.
fn worst<K: Ord + Clone>(marks: &mut BTreeMap<K, Mark>, key: &K, mark: Mark) {
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
    ) -> GraphLayout {
        // Marks from findings.
        let mut zone_marks: BTreeMap<Name, Mark> = BTreeMap::new();
        let mut edge_marks: BTreeMap<Name, Mark> = BTreeMap::new();
        let mut server_marks: BTreeMap<ServerId, Mark> = BTreeMap::new();
        let mut badges: BTreeMap<Name, Vec<String>> = BTreeMap::new();
        let mut cycle_edges: BTreeSet<(Name, Name)> = BTreeSet::new();
        let mut cycle_delegations: BTreeSet<Name> = BTreeSet::new();
        for finding in findings {
            let mark = Mark::from_severity(finding.severity);
            if let Some(zone) = finding.zones.first() {
                worst(&mut zone_marks, zone, mark);
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

        // Visible zones: everything not below a collapsed zone. Zones come
        // in canonical order, parents before children, so one pass decides
        // and counts each hidden zone towards its nearest visible ancestor.
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
                Some(i) if is_collapsed[i] => Some(i),
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
        for (i, &id) in visible.iter().enumerate() {
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
                    }
                })
                .collect();
            let width = chips
                .iter()
                .map(|c| c.width)
                .chain([text_width(&label) + 52.0, MIN_BOX_WIDTH])
                .fold(0.0, f64::max)
                + BOX_SIDES;
            let height = ZONE_HEADER + chips.len() as f64 * CHIP_HEIGHT + BOX_PADDING;
            tree.push(TreeNode {
                parent: parent_index[i],
                width,
                height,
            });
            boxes.push(ZoneBox {
                mark: zone_marks.get(&apex).copied(),
                collapsed: is_collapsed[i],
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
                chip.y = zone.y + ZONE_HEADER + CHIP_HEIGHT * (j as f64 + 0.5);
            }
        }
        // How far right the drawing reaches: boxes, then the curves and
        // labels that stick out beside them.
        let mut right = boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max);

        // Delegation edges between visible zones.
        let mut delegations = Vec::new();
        for (i, &id) in visible.iter().enumerate() {
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
            let delegated = hierarchy
                .delegation_to(id)
                .is_some_and(|d| !d.ns.is_empty());
            let badge = badges.get(&c.apex).cloned().unwrap_or_default();
            if let Some(widest) = badge.iter().map(|line| text_width(line)).reduce(f64::max) {
                right = right.max(badge_at.0 + widest * 0.9 + 6.0);
            }
            delegations.push(Rc::new(DelegationEdge {
                parent: p.apex.clone(),
                child: c.apex.clone(),
                child_text: c.apex_text.clone(),
                route,
                mark: edge_marks
                    .get(&c.apex)
                    .copied()
                    .or((!delegated).then_some(Mark::Broken)),
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
        }
    }

    /// The box of the zone at `apex`, if it is laid out.
    pub fn zone(&self, apex: &Name) -> Option<&ZoneBox> {
        self.zones.iter().map(Rc::as_ref).find(|z| z.apex == *apex)
    }
}

impl Overlay {
    pub fn build(lab: &Lab, layout: &GraphLayout) -> Overlay {
        let mut focus_zones = BTreeSet::new();
        let mut focus_servers = BTreeSet::new();
        if let Some(finding) = lab.focused_finding.and_then(|i| lab.loaded.findings.get(i)) {
            focus_zones.extend(finding.zones.iter().cloned());
            focus_servers.extend(finding.servers.iter().cloned());
        }
        Overlay {
            flight: flight(lab, layout),
            focus_zones,
            focus_servers,
        }
    }
}

/// The current step's query as a path from the resolver to the server
/// asked, with what came back.
fn flight(lab: &Lab, layout: &GraphLayout) -> Option<Flight> {
    let step = lab.current_step()?;
    let Event::Query(exchange) = &step.event else {
        return None;
    };
    let server = lab.loaded.world.server_at(exchange.address);
    // The box of the zone asked about, or of its nearest visible ancestor
    // when it is collapsed away.
    let zone_box = std::iter::successors(Some(exchange.zone.clone()), Name::parent)
        .find_map(|apex| layout.zone(&apex));
    // The server's chip in that box; else any chip of it (a server asked
    // about a zone it does not load).
    let chip = server.and_then(|s| {
        let in_box = zone_box.and_then(|b| b.chips.iter().find(|c| c.server == s.id));
        in_box.map(|c| (zone_box, c)).or_else(|| {
            layout.zones.iter().find_map(|b| {
                b.chips
                    .iter()
                    .find(|c| c.server == s.id)
                    .map(|c| (Some(b.as_ref()), c))
            })
        })
    });
    let (x1, y1) = (
        layout.resolver_at.0 + RESOLVER_WIDTH,
        layout.resolver_at.1 + ZONE_HEADER / 2.0,
    );
    let (target, (x2, y2)) = match (chip, zone_box) {
        (Some((b, c)), _) => (b, (c.x - c.width / 2.0, c.y)),
        (None, Some(b)) => (Some(b), (b.x, b.y + ZONE_HEADER / 2.0)),
        (None, None) => (None, (x1 + 200.0, y1 + 120.0)),
    };
    // Leave the resolver and arrive at the chip heading right, so the
    // arrow points into the chip; never curve out of the drawing.
    let (c1, c2) = (x1 + 60.0, (x2 - 60.0).max(MARGIN));
    let reply = Reply::of(&exchange.classification);
    Some(Flight {
        step: step.index,
        path: format!("M{x1:.1},{y1:.1} C{c1:.1},{y1:.1} {c2:.1},{y2:.1} {x2:.1},{y2:.1}"),
        from: (x1, y1),
        to: (x2, y2),
        server: server.map(|s| s.id.clone()),
        zone: target.map(|b| b.apex.clone()),
        reply,
        label: format!(
            "{} → {} ({}): {}",
            exchange.query,
            exchange.server.prose(),
            exchange.address,
            exchange.classification
        ),
    })
}

/// Pan and zoom: a scale and an offset, kept in the component (they are
/// about the view, not the scenario).
#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    scale: f64,
    x: f64,
    y: f64,
}

impl Default for View {
    fn default() -> Self {
        View {
            scale: 1.0,
            x: 0.0,
            y: 0.0,
        }
    }
}

/// The most "fit" enlarges a drawing.
const MAX_FIT_SCALE: f64 = 1.8;
/// The graph's window at 1280×720 (measured in Chromium), the view's
/// first guess before the window is measured.
const GUESSED_WINDOW: (f64, f64) = (774.0, 446.0);
/// A drawing of more zones than this draws only what is in or near the
/// window: Chromium lays out every SVG text again whenever the zoom
/// changes, drawn or not, so thousands of off-screen names made each zoom
/// and pan slow. Smaller drawings are drawn whole.
pub const CULL_ABOVE: usize = 200;
/// How far zooming goes: out far enough to see thousands of zones (a fit
/// may go further still; zooming never jumps from there), in to 4×.
const MIN_SCALE: f64 = 0.02;
const MAX_SCALE: f64 = 4.0;

enum ViewChange {
    /// Zoom by `factor`, keeping the point `at` (window pixels) in place.
    Zoom {
        factor: f64,
        at: (f64, f64),
    },
    Set(View),
}

impl View {
    /// The view that shows a drawing of `width` × `height` whole in a
    /// window of `w` × `h`, centred. A small world is enlarged, up to
    /// [`MAX_FIT_SCALE`], so it reads from the back of a classroom.
    fn fitting(width: f64, height: f64, w: f64, h: f64) -> View {
        if width <= 0.0 || height <= 0.0 || w <= 0.0 || h <= 0.0 {
            return View::default();
        }
        let scale = (w / width).min(h / height).min(MAX_FIT_SCALE);
        View {
            scale,
            x: (w - width * scale) / 2.0,
            y: 0.0,
        }
    }

    /// What of the drawing is worth drawing in a window of `w` × `h`: what
    /// the window shows, with half a window to spare on every side (a pan
    /// that short shows nothing missing), snapped outwards to half-window
    /// steps so that small pans leave it as it is.
    fn cull_area(&self, (w, h): (f64, f64)) -> Area {
        let (step_x, step_y) = (w / self.scale / 2.0, h / self.scale / 2.0);
        let usable = |step: f64| step.is_finite() && step > 0.0;
        if !usable(step_x) || !usable(step_y) {
            // A window not measured yet, or of no size: draw everything.
            return Area::EVERYWHERE;
        }
        let (left, top) = (-self.x / self.scale, -self.y / self.scale);
        Area {
            left: ((left / step_x).floor() - 1.0) * step_x,
            top: ((top / step_y).floor() - 1.0) * step_y,
            right: (((left + 2.0 * step_x) / step_x).ceil() + 1.0) * step_x,
            bottom: (((top + 2.0 * step_y) / step_y).ceil() + 1.0) * step_y,
        }
    }

    fn zoomed(self, factor: f64, (ax, ay): (f64, f64)) -> View {
        let scale = (self.scale * factor).clamp(MIN_SCALE.min(self.scale), MAX_SCALE);
        let f = scale / self.scale;
        View {
            scale,
            x: ax - (ax - self.x) * f,
            y: ay - (ay - self.y) * f,
        }
    }
}

impl Reducible for View {
    type Action = ViewChange;

    fn reduce(self: Rc<Self>, change: ViewChange) -> Rc<Self> {
        Rc::new(match change {
            ViewChange::Zoom { factor, at } => self.zoomed(factor, at),
            ViewChange::Set(view) => view,
        })
    }
}

/// How much of the drawing is drawn: zoomed out, text too small to read
/// costs time and shows nothing, so it is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// Plain zone boxes (named in a tooltip) with their collapse toggles,
    /// and edges; of the cross edges, only those of a circular delegation.
    Boxes,
    /// Zone boxes with their names and collapse toggles; plain edges.
    Names,
    /// Everything: server chips, badges, icons, arrowheads, tooltips.
    Full,
}

impl Detail {
    /// Below this scale the 12 px chip text is under 7 px on screen.
    pub const NAMES_BELOW: f64 = 0.55;
    /// Below this the 13 px zone names are under 4 px.
    pub const BOXES_BELOW: f64 = 0.3;

    /// A drawing of this many zones or fewer is always drawn in full: it
    /// stays quick to draw at any zoom, and its chips stay there to zoom
    /// in on.
    pub const ALWAYS_FULL_UP_TO: usize = 100;

    /// The detail for a drawing of `zones` zones at a view scale.
    pub fn of(zones: usize, scale: f64) -> Detail {
        if zones <= Self::ALWAYS_FULL_UP_TO {
            Detail::Full
        } else {
            Detail::at(scale)
        }
    }

    /// The detail a large drawing gets at a view scale.
    pub fn at(scale: f64) -> Detail {
        if scale < Self::BOXES_BELOW {
            Detail::Boxes
        } else if scale < Self::NAMES_BELOW {
            Detail::Names
        } else {
            Detail::Full
        }
    }

    /// The name of the level, on the graph's `data-detail` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Detail::Boxes => "boxes",
            Detail::Names => "names",
            Detail::Full => "full",
        }
    }
}

/// A layout compared by identity: a new layout is a new drawing to
/// compare item by item, the same one is nothing to do.
#[derive(Clone, Debug)]
pub struct LayoutRef(pub Rc<GraphLayout>);

impl PartialEq for LayoutRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[function_component(GraphView)]
pub fn graph_view(props: &LabProps) -> Html {
    let lab = props.lab.clone();
    // The tree layout only changes with the scenario or the collapsed
    // zones, not with each step, selection or autoplay tick.
    let layout = use_memo(LayoutKey::of(&lab), LayoutKey::layout);
    let overlay = Overlay::build(&lab, &layout);
    let reduced_motion = use_reduced_motion();
    // The window's size is only known once drawn; until the fit below, a
    // guess keeps a large world from being drawn first in full detail.
    let view = {
        let (width, height) = (layout.width, layout.height);
        use_reducer(move || View::fitting(width, height, GUESSED_WINDOW.0, GUESSED_WINDOW.1))
    };
    let drag = use_mut_ref(|| None::<(f64, f64, View)>);
    let dispatch = props.dispatch.clone();
    let detail = if lab.drawing_for_export {
        Detail::Full
    } else {
        Detail::of(layout.zones.len(), view.scale)
    };

    let svg_ref = use_node_ref();
    // The window's size, measured whenever the buttons are used.
    let window = use_state_eq(|| GUESSED_WINDOW);
    let measure = {
        let svg_ref = svg_ref.clone();
        let set_window = window.setter();
        move || {
            let svg = svg_ref.cast::<web_sys::Element>()?;
            let size = (
                f64::from(svg.client_width()),
                f64::from(svg.client_height()),
            );
            set_window.set(size);
            Some(size)
        }
    };
    // True while the view is a fit the user has not zoomed or panned away
    // from: only such a view follows the window's size.
    let fitted = use_mut_ref(|| true);
    // The buttons zoom about the middle of the window.
    let zoom = |factor: f64| {
        let view = view.dispatcher();
        let measure = measure.clone();
        let fitted = fitted.clone();
        Callback::from(move |_| {
            *fitted.borrow_mut() = false;
            let (w, h) = measure().unwrap_or_default();
            let at = (w / 2.0, h / 2.0);
            view.dispatch(ViewChange::Zoom { factor, at });
        })
    };
    let fit = {
        let view = view.dispatcher();
        let measure = measure.clone();
        let fitted = fitted.clone();
        let (width, height) = (layout.width, layout.height);
        Callback::from(move |()| {
            if let Some((w, h)) = measure() {
                *fitted.borrow_mut() = true;
                view.dispatch(ViewChange::Set(View::fitting(width, height, w, h)));
            }
        })
    };
    // Fit the drawing when it first appears and whenever its size changes
    // (zones added, removed, collapsed); pan and zoom hold otherwise.
    {
        let fit = fit.clone();
        let size = (layout.width.round() as i64, layout.height.round() as i64);
        use_effect_with(size, move |_| fit.emit(()));
    }
    // The window changes size too: the narration under it grows and
    // shrinks from step to step, Classroom mode and Compare come and go.
    // A fitted view fits again, so no zone is left below the window's edge.
    {
        let fit = fit.clone();
        let fitted = fitted.clone();
        let svg_ref = svg_ref.clone();
        let known = *window;
        use_effect(move || {
            if let Some(svg) = svg_ref.cast::<web_sys::Element>() {
                let size = (
                    f64::from(svg.client_width()),
                    f64::from(svg.client_height()),
                );
                if size != known && size.0 > 0.0 && *fitted.borrow() {
                    fit.emit(());
                }
            }
        });
    }
    // Wheel zoom needs a non-passive listener to keep the page from
    // scrolling at the same time; yew's own listeners are passive. It
    // zooms about the pointer, so what is under it stays there.
    {
        let view = view.dispatcher();
        let svg_ref = svg_ref.clone();
        let fitted = fitted.clone();
        use_effect_with((), move |_| {
            let listener = svg_ref.cast::<web_sys::Element>().map(|svg| {
                let target = svg.clone();
                EventListener::new_with_options(
                    &target,
                    "wheel",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(wheel) = event.dyn_ref::<web_sys::WheelEvent>() else {
                            return;
                        };
                        wheel.prevent_default();
                        let factor = if wheel.delta_y() < 0.0 {
                            1.1
                        } else {
                            1.0 / 1.1
                        };
                        let (left, top) = window_origin(&svg);
                        let at = (
                            f64::from(wheel.client_x()) - left,
                            f64::from(wheel.client_y()) - top,
                        );
                        *fitted.borrow_mut() = false;
                        view.dispatch(ViewChange::Zoom { factor, at });
                    },
                )
            });
            move || drop(listener)
        });
    }
    let on_down = {
        let drag = drag.clone();
        let view = view.clone();
        Callback::from(move |e: PointerEvent| {
            // Only drags that start on the background pan.
            let on_background = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.get_attribute("class"))
                .is_some_and(|class| class.contains("graph-background"));
            if on_background {
                *drag.borrow_mut() =
                    Some((f64::from(e.client_x()), f64::from(e.client_y()), *view));
            }
        })
    };
    let on_move = {
        let drag = drag.clone();
        let view = view.dispatcher();
        let fitted = fitted.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((x0, y0, start)) = *drag.borrow() {
                *fitted.borrow_mut() = false;
                view.dispatch(ViewChange::Set(View {
                    x: start.x + f64::from(e.client_x()) - x0,
                    y: start.y + f64::from(e.client_y()) - y0,
                    ..start
                }));
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };

    // Names this step's flight: a new resolution (another query, seed or
    // scenario) or another step makes a new one, whose animation starts
    // afresh. Letters and digits only, as SMIL timing references need.
    let flight_id: AttrValue = format!(
        "flight{:x}s{}",
        Rc::as_ptr(&lab.query.steps) as *const () as usize,
        lab.query.shown
    )
    .into();
    let transform = format!(
        "translate({:.1} {:.1}) scale({:.3})",
        view.x, view.y, view.scale
    );
    // The chip asked is lit on top of the drawing, so a step redraws the
    // overlay only, never the thousands of boxes below it.
    let asked = (detail == Detail::Full)
        .then(|| asked_chip(&layout, overlay.flight.as_ref()?))
        .flatten();
    let cull = (layout.zones.len() > CULL_ABOVE && !lab.drawing_for_export)
        .then(|| view.cull_area(*window));

    html! {
        <section class="graph-panel" aria-labelledby="graph-heading">
            <div class="graph-toolbar">
                <h2 id="graph-heading">{ "Hierarchy" }</h2>
                <div class="zoom" role="group" aria-label="Zoom">
                    <button type="button" id="zoom-in" aria-label="Zoom in" onclick={zoom(1.25)}>{ "+" }</button>
                    <button type="button" id="zoom-out" aria-label="Zoom out" onclick={zoom(0.8)}>{ "−" }</button>
                    <button type="button" id="zoom-fit" aria-label="Fit the whole hierarchy" onclick={fit.reform(|_: MouseEvent| ())}>{ "fit" }</button>
                </div>
            </div>
            <div class="graph-scroll">
                <svg id="graph" class="graph" role="group" aria-label="The zone hierarchy: zones, their name servers and delegations"
                    data-detail={detail.name()} data-zones={layout.zones.len().to_string()}
                    ref={svg_ref} onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointerleave={on_up}>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
                        </marker>
                        <marker id="flight-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto">
                            <path d="M0,0 L10,5 L0,10 z" class="flight-arrow-head" />
                        </marker>
                    </defs>
                    <rect class="graph-background" x="0" y="0" width="100%" height="100%" />
                    <g transform={transform}>
                        <GraphDrawing layout={LayoutRef(layout.clone())} {detail} {cull}
                            selection={lab.selection.clone()} focus_zones={overlay.focus_zones.clone()}
                            focus_servers={overlay.focus_servers.clone()} dispatch={dispatch.clone()} />
                        { asked.unwrap_or_default() }
                        if let Some(flight) = overlay.flight.clone() {
                            <FlightView key={flight_id.to_string()} id={flight_id.clone()} {flight} {reduced_motion} />
                        }
                    </g>
                </svg>
            </div>
            { legend() }
        </section>
    }
}

/// Where `element`'s top-left corner is in the window, to turn a pointer's
/// window position into one inside the graph.
fn window_origin(element: &web_sys::Element) -> (f64, f64) {
    #[cfg(target_arch = "wasm32")]
    {
        let rect = element.unchecked_ref::<dom::Boxed>().bounding_rect();
        (rect.left(), rect.top())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = element;
        (0.0, 0.0)
    }
}

/// The chip the current query arrives at, lit: drawn again over the
/// drawing's own (a server may serve several zones; only its chip in the
/// zone asked about is lit). Clicks go through to the chip below.
fn asked_chip(layout: &GraphLayout, flight: &Flight) -> Option<Html> {
    let zone = layout.zone(flight.zone.as_ref()?)?;
    let chip = zone
        .chips
        .iter()
        .find(|c| Some(&c.server) == flight.server.as_ref())?;
    let (_, state) = behaviour_marks(chip.behaviour);
    let left = chip.x - chip.width / 2.0;
    Some(html! {
        <g class={classes!("chip", state, "asked")} aria-hidden="true" pointer-events="none">
            <rect x={D1(left).to_string()} y={D1(chip.y - 9.0).to_string()} width={D1(chip.width).to_string()} height="18" rx="9" />
            <text x={D1(left + 8.0).to_string()} y={D1(chip.y + 4.0).to_string()}>
                { chip_text(&chip.label, chip.behaviour) }
            </text>
        </g>
    })
}

/// What the drawing depends on. Stepping and panning change none of it,
/// so they do not redraw it.
#[derive(Properties, Clone, PartialEq)]
pub struct DrawingProps {
    pub layout: LayoutRef,
    pub detail: Detail,
    /// Draw only what meets this area; everything when `None`.
    #[prop_or_default]
    pub cull: Option<Area>,
    pub selection: Option<Selection>,
    /// Elements of the focused finding.
    pub focus_zones: BTreeSet<Name>,
    pub focus_servers: BTreeSet<ServerId>,
    pub dispatch: Callback<Action>,
}

/// The resolver, the edges, the zones and the cycles' names.
#[function_component(GraphDrawing)]
pub fn graph_drawing(props: &DrawingProps) -> Html {
    let layout = &props.layout.0;
    let detail = props.detail;
    let selected_zone = match &props.selection {
        Some(Selection::Zone(apex)) => Some(apex),
        _ => None,
    };
    let selected_server = match &props.selection {
        Some(Selection::Server(id)) => Some(id),
        _ => None,
    };
    let zone = |zone: &Rc<ZoneBox>| {
        let selected_chip = selected_server
            .filter(|id| zone.chips.iter().any(|c| c.server == **id))
            .cloned();
        let focus_chips: Vec<ServerId> = zone
            .chips
            .iter()
            .filter(|c| props.focus_servers.contains(&c.server))
            .map(|c| c.server.clone())
            .collect();
        html! {
            <ZoneView key={zone.apex_text.as_str()} zone={zone.clone()} {detail}
                selected={selected_zone == Some(&zone.apex)} focus={props.focus_zones.contains(&zone.apex)}
                {selected_chip} {focus_chips} dispatch={props.dispatch.clone()} />
        }
    };
    let shown = |area: &Area| props.cull.is_none_or(|cull| cull.meets(area));
    // Zoomed right out, the dotted curves to name servers' zones would
    // cover everything; the ones of a cycle are a finding and stay.
    let cross = layout
        .cross
        .iter()
        .filter(|edge| (detail > Detail::Boxes || edge.in_cycle) && shown(&edge.bounds));
    let delegations = layout.delegations.iter().filter(|edge| shown(&edge.bounds));
    let zones = layout.zones.iter().filter(|zone| shown(&zone.area()));
    html! {
        <>
            { resolver_box(layout.resolver_at) }
            <g class="delegations">
                { for delegations.map(|edge| html! {
                    <DelegationView key={edge.child_text.as_str()} edge={edge.clone()} {detail} />
                }) }
            </g>
            <g class="cross-edges">
                { for cross.map(|edge| html! { <CrossView edge={edge.clone()} {detail} /> }) }
            </g>
            <g class="zones">
                { for zones.map(zone) }
            </g>
            <g class="cycle-labels">
                { for layout.cycles.iter().map(|c| html! {
                    <text class="cycle-label" x={D1(c.x).to_string()} y={D1(c.y).to_string()}>{ c.text.clone() }</text>
                }) }
            </g>
            // Over everything else, so no edge runs through their words.
            if detail == Detail::Full {
                <g class="mismatch-labels">
                    { for layout.delegations.iter().filter(|e| !e.badge.is_empty() && shown(&e.bounds)).map(|e| mismatch_badge(e)) }
                </g>
            }
        </>
    }
}

fn resolver_box((x, y): (f64, f64)) -> Html {
    html! {
        <g class="resolver" aria-label="The resolver you are watching">
            <rect x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{RESOLVER_WIDTH:.0}")} height={format!("{ZONE_HEADER:.0}")} rx="13" />
            <text x={D1(x + RESOLVER_WIDTH / 2.0).to_string()} y={D1(y + 17.0).to_string()} text-anchor="middle">{ "resolver" }</text>
        </g>
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct DelegationProps {
    pub edge: Rc<DelegationEdge>,
    pub detail: Detail,
}

/// One delegation edge; below full detail a plain line with its marks'
/// colours and dashes.
#[function_component(DelegationView)]
pub fn delegation_view(props: &DelegationProps) -> Html {
    let edge = &props.edge;
    let mut class = classes!("delegation");
    if let Some(mark) = edge.mark {
        class.push(mark.class());
    }
    if edge.in_cycle {
        class.push("in-cycle");
    }
    if props.detail < Detail::Full {
        return html! {
            <g class={class} data-child={edge.child_text.clone()}>
                <path d={edge.route.path()} />
            </g>
        };
    }
    let title = match edge.mark {
        Some(Mark::Broken) => format!("{} → {}: broken delegation", edge.parent, edge.child),
        Some(Mark::Degraded) => format!("{} → {}: degraded delegation", edge.parent, edge.child),
        _ => format!("{} delegates {}", edge.parent, edge.child),
    };
    html! {
        <g class={class} data-child={edge.child_text.clone()}>
            <title>{ title }</title>
            <path d={edge.route.path()} marker-end="url(#arrow)" />
            if let Some(mark) = edge.mark {
                <text class="edge-icon" x={D1(edge.badge_at.0 - 18.0).to_string()} y={D1(edge.badge_at.1 + 4.0).to_string()}>{ mark.icon() }</text>
            }
        </g>
    }
}

/// The lines of a mismatched cut's label: each side's own NS names.
fn mismatch_lines(comparison: &CutComparison) -> Vec<String> {
    let line = |side: &str, names: Vec<&Name>| {
        (!names.is_empty()).then(|| {
            let names: Vec<String> = names.iter().map(|n| n.prose()).collect();
            format!("{side} only: {}", names.join(", "))
        })
    };
    [
        line("registrar", comparison.registrar_only().collect()),
        line("zone", comparison.zone_only().collect()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A mismatched cut's label, one line a side, centred on the edge.
fn mismatch_badge(edge: &DelegationEdge) -> Html {
    const LINE: f64 = 17.0;
    let (x, y) = edge.badge_at;
    let widest = edge
        .badge
        .iter()
        .map(|line| text_width(line))
        .fold(0.0, f64::max);
    let top = y - LINE * edge.badge.len() as f64 / 2.0;
    html! {
        <g class="badge">
            <rect x={D1(x - 4.0).to_string()} y={D1(top - 2.0).to_string()}
                width={D1(widest * 0.9 + 10.0).to_string()} height={D1(LINE * edge.badge.len() as f64 + 4.0).to_string()} rx="6" />
            { for edge.badge.iter().enumerate().map(|(i, line)| html! {
                <text x={D1(x + 2.0).to_string()} y={D1(top + LINE * (i as f64 + 0.7)).to_string()}>{ line.clone() }</text>
            }) }
        </g>
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct CrossProps {
    pub edge: Rc<CrossEdge>,
    pub detail: Detail,
}

/// One cross edge; below full detail without its tooltip and arrowhead.
#[function_component(CrossView)]
pub fn cross_view(props: &CrossProps) -> Html {
    let edge = &props.edge;
    let class = classes!("cross", edge.in_cycle.then_some("in-cycle"));
    let full = props.detail == Detail::Full;
    html! {
        <g class={class} data-zone={edge.zone.to_string()} data-ns-host={edge.ns_host.to_string()}>
            if full {
                <title>{ format!("{} needs {} from {} to reach its name server", edge.zone, edge.ns_host, edge.holder) }</title>
                <path d={edge.route.path()} marker-end="url(#arrow)" />
            } else {
                <path d={edge.route.path()} />
            }
        </g>
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct ZoneProps {
    pub zone: Rc<ZoneBox>,
    pub detail: Detail,
    pub selected: bool,
    /// The focused finding concerns this zone.
    pub focus: bool,
    /// The server selected, when it has a chip in this box.
    pub selected_chip: Option<ServerId>,
    /// This box's chips that the focused finding concerns.
    pub focus_chips: Vec<ServerId>,
    pub dispatch: Callback<Action>,
}

/// One zone box: its name, collapse toggle and server chips, as much of
/// them as the detail allows. Compared by value, so redrawn only when
/// something in it changed.
#[function_component(ZoneView)]
pub fn zone_view(props: &ZoneProps) -> Html {
    let zone = &props.zone;
    let detail = props.detail;
    let mut class = classes!("zone");
    if let Some(mark) = zone.mark {
        class.push(mark.class());
    }
    if props.selected {
        class.push("selected");
    }
    if !zone.defined {
        class.push("undefined");
    }
    if props.focus {
        class.push("focus");
    }
    if zone.collapsed {
        class.push("collapsed");
    }
    let select = {
        let dispatch = props.dispatch.clone();
        let apex = zone.apex.clone();
        Rc::new(move || dispatch.emit(Action::Select(Some(Selection::Zone(apex.clone())))))
    };
    let onclick = {
        let select = select.clone();
        Callback::from(move |_: MouseEvent| select())
    };
    let onkeydown = {
        let select = select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                select();
            }
        })
    };
    let status = match zone.mark {
        Some(Mark::Broken) => ", has errors",
        Some(Mark::Degraded) => ", has warnings",
        Some(Mark::Notice) => ", has notices",
        None => "",
    };
    let label = format!(
        "zone {}{}{}",
        zone.apex,
        if zone.defined {
            ""
        } else {
            " (delegated, not defined)"
        },
        status
    );
    // Kept at every detail: few zones have one, and it is how a large
    // world is unfolded.
    let toggle = zone.has_children.then(|| {
        let dispatch = props.dispatch.clone();
        let apex = zone.apex.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            dispatch.emit(Action::ToggleCollapse(apex.clone()));
        });
        let text = if zone.collapsed {
            format!("+{}", zone.hidden_below)
        } else {
            "−".to_string()
        };
        let aria = if zone.collapsed {
            format!("Show the {} zones below {}", zone.hidden_below, zone.apex)
        } else {
            format!("Hide the zones below {}", zone.apex)
        };
        html! {
            <g class="collapse-toggle" role="button" tabindex="0" aria-label={aria} onclick={onclick}>
                <rect x={D1(zone.x + zone.width - 30.0).to_string()} y={D1(zone.y + 4.0).to_string()} width="26" height="18" rx="4" />
                <text x={D1(zone.x + zone.width - 17.0).to_string()} y={D1(zone.y + 17.0).to_string()} text-anchor="middle">{ text }</text>
            </g>
        }
    });
    let chips = (detail == Detail::Full).then(|| {
        html! {
            <>
                { for zone.chips.iter().map(|chip| server_chip(
                    chip,
                    props.selected_chip.as_ref() == Some(&chip.server),
                    props.focus_chips.contains(&chip.server),
                    &props.dispatch,
                )) }
            </>
        }
    });
    html! {
        <g class={class} data-apex={zone.apex_text.clone()}>
            <g class="zone-hit" role="button" tabindex="0" aria-label={label} aria-pressed={props.selected.to_string()} {onclick} {onkeydown}>
                <rect class="zone-box" x={D1(zone.x).to_string()} y={D1(zone.y).to_string()}
                    width={D1(zone.width).to_string()} height={D1(zone.height).to_string()} rx="8" />
                if detail > Detail::Boxes {
                    <text class="zone-label" x={D1(zone.x + 10.0).to_string()} y={D1(zone.y + 18.0).to_string()}>
                        { zone.mark.map(|m| format!("{} ", m.icon())).unwrap_or_default() }{ zone.label.clone() }
                    </text>
                } else {
                    <title>{ zone.label.clone() }</title>
                }
            </g>
            { toggle.unwrap_or_default() }
            { chips.unwrap_or_default() }
        </g>
    }
}

fn server_chip(chip: &Chip, selected: bool, focus: bool, dispatch: &Callback<Action>) -> Html {
    let (_, state) = behaviour_marks(chip.behaviour);
    let class = classes!(
        "chip",
        state,
        chip.mark.map(Mark::class),
        selected.then_some("selected"),
        focus.then_some("focus"),
    );
    let select = {
        let dispatch = dispatch.clone();
        let id = chip.server.clone();
        move || dispatch.emit(Action::Select(Some(Selection::Server(id.clone()))))
    };
    let select = Rc::new(select);
    let onclick = {
        let select = select.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            select();
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            e.stop_propagation();
            select();
        }
    });
    let left = chip.x - chip.width / 2.0;
    html! {
        <g class={class} data-server={chip.server.to_string()} role="button" tabindex="0"
            aria-label={format!("name server {} ({state})", chip.label)} aria-pressed={selected.to_string()}
            {onclick} {onkeydown}>
            <rect x={D1(left).to_string()} y={D1(chip.y - 9.0).to_string()} width={D1(chip.width).to_string()} height="18" rx="9" />
            <text x={D1(left + 8.0).to_string()} y={D1(chip.y + 4.0).to_string()}>
                { chip_text(&chip.label, chip.behaviour) }
            </text>
        </g>
    }
}

/// How long the query takes to reach the server, and the reply to come
/// back: together about one autoplay tick at the default speed.
const FLY: &str = "0.45s";

#[derive(Properties, Clone, PartialEq)]
pub struct FlightProps {
    pub flight: Flight,
    /// Draw the exchange still: no animation of any kind.
    pub reduced_motion: bool,
    /// Unique to this flight (letters and digits): names its path and the
    /// query's animation, which the reply's is timed from.
    pub id: AttrValue,
}

/// The current step's exchange. Keyed by step, so each step mounts a new
/// one and its animation plays from the start.
#[function_component(FlightView)]
pub fn flight_view(props: &FlightProps) -> Html {
    let query_motion = use_node_ref();
    // SMIL times count from the SVG's start, so `begin="0s"` on an element
    // added later is long past and it would show its end at once: the
    // query's animation waits (`indefinite`) and is started here, once
    // drawn; the reply's follows it.
    #[cfg(target_arch = "wasm32")]
    {
        let query_motion = query_motion.clone();
        use_effect_with(props.reduced_motion, move |_| {
            if let Some(node) = query_motion.get() {
                node.unchecked_into::<dom::SmilAnimation>().begin_element();
            }
        });
    }
    flight_drawing(&props.flight, props.reduced_motion, &props.id, query_motion)
}

/// The query's route with an arrow at the server, then either the query
/// and reply packets in motion, or (reduced motion) their end state drawn
/// still: the reply's mark beside the resolver, or for a timeout the
/// query stopped at the server with nothing coming back.
fn flight_drawing(flight: &Flight, still: bool, id: &str, query_motion: NodeRef) -> Html {
    let reply = flight.reply;
    let class = classes!(
        "flight",
        format!("reply-{}", reply.class()),
        (!reply.comes_back()).then_some("unanswered"),
        still.then_some("still"),
    );
    let path_id = format!("{id}-path");
    let query_id = format!("{id}q");
    let at = |(x, y): (f64, f64)| format!("translate({x:.1} {y:.1})");
    // The reply's mark: a packet and a pill with its word, to the right
    // (back at the resolver, it sits in the room kept for it).
    let text = reply.text();
    let pill = text_width(&text) + 12.0;
    let reply_mark = html! {
        <>
            <circle r="6" />
            <rect x="10" y="-10" width={format!("{pill:.1}")} height="20" rx="10" />
            <text x="16" y="4">{ text.clone() }</text>
        </>
    };
    // A timeout's mark: the pill left of the query stopped at the server.
    let timeout_mark = html! {
        <>
            <rect x={D1(-pill - 10.0).to_string()} y="-10" width={format!("{pill:.1}")} height="20" rx="10" />
            <text x={D1(-pill - 4.0).to_string()} y="4">{ text.clone() }</text>
        </>
    };
    let route = html! {
        <path id={path_id.clone()} class="flight-route" d={flight.path.clone()} marker-end="url(#flight-arrow)" />
    };
    if still {
        return html! {
            <g class={class} data-reply={reply.label()}>
                <title>{ flight.label.clone() }</title>
                { route }
                if reply.comes_back() {
                    <g class="packet reply" transform={at(flight.from)}>{ reply_mark }</g>
                } else {
                    <g class="packet query" transform={at(flight.to)}><circle r="6" /></g>
                    <g class="timeout-mark" transform={at(flight.to)}>{ timeout_mark }</g>
                }
            </g>
        };
    }
    let href = format!("#{path_id}");
    let began = format!("{query_id}.begin");
    let arrived = format!("{query_id}.end");
    html! {
        <g class={class} data-reply={reply.label()}>
            <title>{ flight.label.clone() }</title>
            { route }
            // Hidden until it sets off, and once the reply leaves.
            <g class="packet query" visibility="hidden">
                <circle r="6" />
                <set attributeName="visibility" to="visible" begin={began} fill="freeze" />
                if reply.comes_back() {
                    <set attributeName="visibility" to="hidden" begin={arrived.clone()} fill="freeze" />
                }
                <animateMotion ref={query_motion} id={query_id} begin="indefinite" dur={FLY} fill="freeze"
                    keyPoints="0;1" keyTimes="0;1" calcMode="linear">
                    <mpath href={href.clone()} />
                </animateMotion>
            </g>
            if reply.comes_back() {
                <g class="packet reply" visibility="hidden">
                    { reply_mark }
                    <set attributeName="visibility" to="visible" begin={arrived.clone()} fill="freeze" />
                    <animateMotion begin={arrived} dur={FLY} fill="freeze"
                        keyPoints="1;0" keyTimes="0;1" calcMode="linear">
                        <mpath href={href} />
                    </animateMotion>
                </g>
            } else {
                <g class="timeout-mark" transform={at(flight.to)} visibility="hidden">
                    { timeout_mark }
                    <set attributeName="visibility" to="visible" begin={arrived} fill="freeze" />
                </g>
            }
        </g>
    }
}

/// Whether the user asked for reduced motion, followed as it changes. SMIL
/// animations ignore CSS media queries, so the drawing must leave them out
/// itself. Without a browser (server-side rendering) motion is allowed.
#[hook]
fn use_reduced_motion() -> bool {
    #[cfg(target_arch = "wasm32")]
    let initial = || dom::prefers_reduced_motion().is_some_and(|query| query.matches());
    #[cfg(not(target_arch = "wasm32"))]
    let initial = || false;
    let reduced = use_state(initial);
    #[cfg(target_arch = "wasm32")]
    {
        let set = reduced.setter();
        use_effect_with((), move |_| {
            let listener = dom::prefers_reduced_motion().map(|query| {
                let target: web_sys::EventTarget = query.clone().into();
                EventListener::new(&target, "change", move |_| set.set(query.matches()))
            });
            move || drop(listener)
        });
    }
    *reduced
}

/// Browser calls that web-sys only offers behind features this crate does
/// not enable (`MediaQueryList`, `SvgAnimationElement`, `DomRect`).
#[cfg(target_arch = "wasm32")]
mod dom {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[derive(Clone)]
        #[wasm_bindgen(extends = web_sys::EventTarget)]
        pub type MediaQueryList;

        #[wasm_bindgen(catch, js_namespace = window, js_name = matchMedia)]
        fn match_media(query: &str) -> Result<MediaQueryList, JsValue>;

        #[wasm_bindgen(method, getter)]
        pub fn matches(this: &MediaQueryList) -> bool;

        /// An SVG animation element (SMIL).
        pub type SmilAnimation;

        #[wasm_bindgen(method, js_name = beginElement)]
        pub fn begin_element(this: &SmilAnimation);

        /// An element, for the one method used here.
        pub type Boxed;

        /// An element's box in the window.
        pub type Rect;

        #[wasm_bindgen(method, js_name = getBoundingClientRect)]
        pub fn bounding_rect(this: &Boxed) -> Rect;

        #[wasm_bindgen(method, getter)]
        pub fn left(this: &Rect) -> f64;

        #[wasm_bindgen(method, getter)]
        pub fn top(this: &Rect) -> f64;
    }

    pub fn prefers_reduced_motion() -> Option<MediaQueryList> {
        match_media("(prefers-reduced-motion: reduce)").ok()
    }
}

fn legend() -> Html {
    html! {
        <div class="legend" aria-label="Legend">
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-ok" d="M1,5 H33" /></svg>{ " delegation" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-broken" d="M1,5 H33" /></svg>{ " ✖ broken" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-degraded" d="M1,5 H33" /></svg>{ " ⚠ lame or incomplete" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-cross" d="M1,5 H33" /></svg>{ " needs a name server from" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-cycle" d="M1,5 H33" /></svg>{ " ⟳ circular delegation" }</span>
            <span class="legend-item">{ "● up  ○ down  ⊘ refusing" }</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::Behaviour;

    fn n(text: &str) -> Name {
        Name::parse(text).unwrap()
    }

    /// Steps until the current step satisfies `done`.
    fn step_until(mut lab: Lab, done: impl Fn(&Lab) -> bool) -> Lab {
        while !done(&lab) {
            assert!(!lab.at_end(), "no such step");
            lab = lab.apply(Action::Step);
        }
        lab
    }

    fn current_reply(lab: &Lab) -> Option<Reply> {
        lab.current_step()
            .and_then(|s| s.exchange())
            .map(|e| Reply::of(&e.classification))
    }

    #[test]
    fn the_default_scenario_draws_every_zone_with_its_servers() {
        let lab = Lab::default();
        let model = GraphModel::build(&lab);
        let layout = &model.layout;
        assert_eq!(layout.zones.len(), lab.loaded.hierarchy.zone_count());
        let root = &layout.zones[0];
        assert!(root.apex.is_root());
        assert_eq!(root.chips.len(), 2);
        // Every non-root zone has a delegation edge, none marked.
        assert_eq!(layout.delegations.len(), layout.zones.len() - 1);
        assert!(layout.delegations.iter().all(|d| d.mark.is_none()));
        // Children are drawn below their parents.
        for edge in &layout.delegations {
            let y = |apex: &Name| layout.zone(apex).unwrap().y;
            assert!(y(&edge.child) > y(&edge.parent));
        }
    }

    #[test]
    fn collapsing_hides_a_subtree_and_counts_it() {
        let lab = Lab::default().apply(Action::ToggleCollapse(n("test.")));
        let model = GraphModel::build(&lab);
        let test = model.layout.zone(&n("test.")).unwrap();
        assert!(test.collapsed);
        // example.test., lab.example.test. and shop.test.
        assert_eq!(test.hidden_below, 3);
        assert!(model.layout.zone(&n("example.test.")).is_none());
    }

    #[test]
    fn stepping_changes_the_overlay_and_leaves_the_layout_alone() {
        let lab = Lab::default();
        let stepped = lab.apply(Action::Step);
        // The component's memo key stays equal, so it keeps its layout...
        assert!(LayoutKey::of(&lab) == LayoutKey::of(&stepped));
        let (before, after) = (GraphModel::build(&lab), GraphModel::build(&stepped));
        // ...which is the layout the new state would have drawn.
        assert_eq!(before.layout, after.layout);
        assert_eq!(
            after.overlay,
            Overlay::build(&stepped, &LayoutKey::of(&lab).layout())
        );
        // Only the overlay moved on: the query now flies.
        assert!(before.overlay.flight.is_none());
        assert!(after.overlay.flight.is_some());
        // Selecting and focusing leave the key alone too; collapsing a
        // zone or changing the scenario do not.
        let selected = stepped.apply(Action::Select(Some(Selection::Zone(n("test.")))));
        assert!(LayoutKey::of(&selected) == LayoutKey::of(&lab));
        let collapsed = lab.apply(Action::ToggleCollapse(n("test.")));
        assert!(LayoutKey::of(&collapsed) != LayoutKey::of(&lab));
        let edited = lab.apply(Action::SetBehaviour {
            server: ServerId::from("ns1-lab"),
            behaviour: Behaviour::Down,
        });
        assert!(LayoutKey::of(&edited) != LayoutKey::of(&lab));
    }

    #[test]
    fn the_query_flies_to_the_chip_asked_and_a_referral_comes_back() {
        let lab = Lab::default().apply(Action::Step);
        let model = GraphModel::build(&lab);
        let flight = model.overlay.flight.expect("the first step sends a query");
        assert_eq!(flight.step, 0);
        // The first query goes to a root server, which refers to test.
        assert_eq!(flight.reply, Reply::Referral);
        assert_eq!(flight.zone, Some(Name::root()));
        let root = model.layout.zone(&Name::root()).unwrap();
        let chip = root
            .chips
            .iter()
            .find(|c| Some(&c.server) == flight.server.as_ref())
            .expect("the root server asked has a chip in the root box");
        // From the resolver's side to the chip's left edge.
        assert_eq!(flight.to, (chip.x - chip.width / 2.0, chip.y));
        let (rx, ry) = model.layout.resolver_at;
        assert_eq!(flight.from, (rx + RESOLVER_WIDTH, ry + ZONE_HEADER / 2.0));
        assert!(
            flight
                .path
                .starts_with(&format!("M{:.1},{:.1}", flight.from.0, flight.from.1))
        );
        assert!(
            flight.label.ends_with("referral to test."),
            "{}",
            flight.label
        );
    }

    #[test]
    fn a_server_of_several_zones_is_lit_in_the_zone_asked_about() {
        let lab = Lab::default().apply(Action::SetQueryName("shop.test.".into()));
        // Not the look-up of a name server's address: the answer itself.
        let lab = step_until(lab, |lab| {
            current_reply(lab) == Some(Reply::Answer) && lab.current_step().unwrap().depth == 0
        });
        let flight = GraphModel::build(&lab).overlay.flight.unwrap();
        assert_eq!(flight.zone, Some(n("shop.test.")));
        assert!(
            flight
                .server
                .as_ref()
                .unwrap()
                .to_string()
                .contains("hosting")
        );
    }

    #[test]
    fn a_timeout_is_a_reply_that_never_comes_back() {
        let mut lab = Lab::default();
        for id in ["ns1-example-test", "ns2-example-test"] {
            lab = lab.apply(Action::SetBehaviour {
                server: ServerId::from(id),
                behaviour: Behaviour::Down,
            });
        }
        let lab = step_until(lab, |lab| current_reply(lab) == Some(Reply::Timeout));
        let flight = GraphModel::build(&lab).overlay.flight.unwrap();
        assert_eq!(flight.reply, Reply::Timeout);
        assert!(!flight.reply.comes_back());
        assert_eq!(flight.zone, Some(n("example.test.")));
        assert!(flight.label.ends_with("timeout"), "{}", flight.label);
    }

    #[test]
    fn replies_carry_a_word_and_an_icon_not_only_a_colour() {
        use crate::sim::resolver::LameReason;
        let cases = [
            (Classification::Answer, "✔ answer", "answer"),
            (
                Classification::Referral { cut: n("test.") },
                "↓ referral",
                "referral",
            ),
            (Classification::NXDomain, "∅ NXDOMAIN", "negative"),
            (Classification::NoData, "∅ NODATA", "negative"),
            (
                Classification::Lame(LameReason::Refused),
                "✖ REFUSED",
                "error",
            ),
            (
                Classification::Lame(LameReason::NotAuthoritative),
                "✖ lame",
                "error",
            ),
            (Classification::Timeout, "◷ timeout", "timeout"),
        ];
        for (classification, text, class) in cases {
            let reply = Reply::of(&classification);
            assert_eq!(reply.text(), text);
            assert_eq!(reply.class(), class);
        }
    }

    #[test]
    fn the_default_scenario_fits_a_projector_legibly() {
        // The graph's drawing area at 1280×720 (measured in Chromium: the
        // SVG is 774 × 446 CSS px). Text drawn at 12–13 px must stay at
        // least 11 px on screen after fitting.
        let layout = GraphModel::build(&Lab::default()).layout;
        let fit = View::fitting(layout.width, layout.height, 774.0, 446.0);
        assert_eq!(Detail::at(fit.scale), Detail::Full);
        assert!(fit.scale * 12.0 >= 11.0, "fit scale {}", fit.scale);
    }

    #[test]
    fn every_built_in_scenario_is_drawn_in_full_detail_on_a_projector() {
        // Less detail is for worlds too large to read whole, never for
        // the lessons.
        for scenario in crate::sim::scenarios::library() {
            let title = scenario.title.clone();
            let layout = GraphModel::build(&Lab::new(scenario).unwrap()).layout;
            let (w, h) = GUESSED_WINDOW;
            let fit = View::fitting(layout.width, layout.height, w, h);
            assert_eq!(
                Detail::of(layout.zones.len(), fit.scale),
                Detail::Full,
                "{title}: {}",
                fit.scale
            );
        }
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_in_place() {
        let view = View {
            scale: 0.5,
            x: 100.0,
            y: -40.0,
        };
        let at = (300.0, 200.0);
        // The drawing's point under `at`, before and after.
        let under = |v: View| ((at.0 - v.x) / v.scale, (at.1 - v.y) / v.scale);
        let zoomed = view.zoomed(1.25, at);
        assert!((zoomed.scale - 0.625).abs() < 1e-12);
        let (before, after) = (under(view), under(zoomed));
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        // Fitted below the least zoom, zooming out goes no further and
        // zooming in does not jump.
        let tiny = View {
            scale: MIN_SCALE / 2.0,
            ..view
        };
        assert_eq!(tiny.zoomed(0.8, at).scale, tiny.scale);
        assert!((tiny.zoomed(1.25, at).scale - tiny.scale * 1.25).abs() < 1e-12);
    }

    #[test]
    fn the_drawn_area_covers_the_window_and_small_pans_keep_it() {
        let window = (800.0, 400.0);
        let view = View {
            scale: 0.5,
            x: -1000.0,
            y: -300.0,
        };
        let area = view.cull_area(window);
        // The window shows x 2000..3600, y 600..1400 of the drawing.
        assert!(
            area.left <= 2000.0 - 800.0 && area.right >= 3600.0 + 800.0,
            "{area:?}"
        );
        assert!(
            area.top <= 600.0 - 400.0 && area.bottom >= 1400.0 + 400.0,
            "{area:?}"
        );
        let nudged = View {
            x: view.x - 30.0,
            y: view.y + 20.0,
            ..view
        };
        assert_eq!(nudged.cull_area(window), area);
    }

    #[test]
    fn the_top_of_the_tree_leaves_room_for_the_resolver_and_its_reply() {
        // A one-zone world puts the root right where the resolver is.
        for lab in [
            Lab::default(),
            Lab::default().apply(Action::ToggleCollapse(Name::root())),
        ] {
            let layout = GraphModel::build(&lab).layout;
            let (rx, ry) = layout.resolver_at;
            for zone in layout.zones.iter().filter(|z| z.y < ry + ZONE_HEADER) {
                // (Up to rounding: the tree is shifted exactly that far.)
                assert!(
                    zone.x + 1e-9 >= rx + RESOLVER_WIDTH + REPLY_ROOM,
                    "{}",
                    zone.apex
                );
            }
            assert!(layout.zones.iter().all(|z| z.x + z.width <= layout.width));
            assert!(layout.zones.iter().all(|z| z.y + z.height <= layout.height));
        }
    }
}
