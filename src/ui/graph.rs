//! The hierarchy graph: zones as a tree with the root on top, the name
//! servers that load each zone as chips inside its box, delegation edges
//! from parent to child, and cross edges (a zone needing a name server
//! whose host name lies in another zone) as curves that leave the tree
//! alone. Findings mark what they concern: a broken delegation in red, a
//! degraded one dashed amber, a cycle as a highlighted loop with its name,
//! a parent/child NS mismatch as a badge. Colour is never the only signal:
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

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::LabProps;
use super::diagnostics::severity_icon;
use super::state::{Action, Lab, Selection};
use crate::layout::{TidyTree, TreeLayout, TreeNode};
use crate::sim::diagnose::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::hierarchy::{Hierarchy, ZoneId};
use crate::sim::name::Name;
use crate::sim::resolver::{Classification, Event, LameReason};
use crate::sim::scenario::{Behaviour, ServerId};

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

/// A delegation edge, parent to child.
#[derive(Clone, Debug, PartialEq)]
pub struct DelegationEdge {
    pub parent: Name,
    pub child: Name,
    pub path: String,
    pub mark: Option<Mark>,
    /// "parent: 2 NS / child: 3 NS" when the two sides differ.
    pub badge: Option<String>,
    pub badge_at: (f64, f64),
    pub in_cycle: bool,
}

/// A zone needs another zone to reach one of its name servers.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossEdge {
    pub zone: Name,
    pub holder: Name,
    pub ns_host: Name,
    pub path: String,
    pub in_cycle: bool,
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

/// What the tree layout depends on, compared cheaply: the hierarchy and
/// the findings by identity (loading a scenario makes new ones; stepping,
/// selecting and playing keep them), the collapsed zones by value.
#[derive(Clone)]
pub struct LayoutKey {
    pub hierarchy: Rc<Hierarchy>,
    pub findings: Rc<Vec<Finding>>,
    pub collapsed: BTreeSet<Name>,
}

impl LayoutKey {
    pub fn of(lab: &Lab) -> LayoutKey {
        LayoutKey {
            hierarchy: Rc::clone(&lab.loaded.hierarchy),
            findings: Rc::clone(&lab.loaded.findings),
            collapsed: lab.collapsed.clone(),
        }
    }

    pub fn layout(&self) -> GraphLayout {
        GraphLayout::build(&self.hierarchy, &self.findings, &self.collapsed)
    }
}

impl PartialEq for LayoutKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.hierarchy, &other.hierarchy)
            && Rc::ptr_eq(&self.findings, &other.findings)
            && self.collapsed == other.collapsed
    }
}

/// The part of the drawing that only the scenario and the collapsed zones
/// change.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GraphLayout {
    pub zones: Vec<ZoneBox>,
    pub delegations: Vec<DelegationEdge>,
    pub cross: Vec<CrossEdge>,
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
        hierarchy: &Hierarchy,
        findings: &[Finding],
        collapsed: &BTreeSet<Name>,
    ) -> GraphLayout {
        // Marks from findings.
        let mut zone_marks: BTreeMap<Name, Mark> = BTreeMap::new();
        let mut edge_marks: BTreeMap<Name, Mark> = BTreeMap::new();
        let mut server_marks: BTreeMap<ServerId, Mark> = BTreeMap::new();
        let mut badges: BTreeMap<Name, String> = BTreeMap::new();
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
            ) && let Some(badge) = finding
                .title
                .rsplit_once('(')
                .map(|(_, b)| b.trim_end_matches(')').to_string())
            {
                badges.insert(finding.zones[0].clone(), badge);
            }
        }

        // Visible zones: everything not below a collapsed zone.
        let order: Vec<ZoneId> = hierarchy.zones().collect();
        let mut visible: Vec<ZoneId> = Vec::new();
        let mut index_of: BTreeMap<ZoneId, usize> = BTreeMap::new();
        let mut hidden_below: BTreeMap<ZoneId, usize> = BTreeMap::new();
        let mut hidden: BTreeSet<ZoneId> = BTreeSet::new();
        for &id in &order {
            let parent = hierarchy.parent(id).map(|(p, _)| p);
            let hide = parent.is_some_and(|p| {
                hidden.contains(&p) || collapsed.contains(&hierarchy.zone(p).apex)
            });
            if hide {
                hidden.insert(id);
                // Count towards the nearest visible ancestor.
                let mut at = parent;
                while let Some(p) = at {
                    if !hidden.contains(&p) {
                        *hidden_below.entry(p).or_default() += 1;
                        break;
                    }
                    at = hierarchy.parent(p).map(|(q, _)| q);
                }
                continue;
            }
            index_of.insert(id, visible.len());
            visible.push(id);
        }

        // Boxes and their sizes.
        let mut boxes: Vec<ZoneBox> = Vec::new();
        let mut tree: Vec<TreeNode> = Vec::new();
        for &id in &visible {
            let node = hierarchy.zone(id);
            let apex = node.apex.clone();
            let label = if apex.is_root() {
                ". (root)".to_string()
            } else {
                apex.to_string()
            };
            let servers = hierarchy.servers_of(id);
            let chips: Vec<Chip> = servers
                .iter()
                .map(|&s| {
                    let server = hierarchy.server(s);
                    let label = server.host.to_string();
                    Chip {
                        server: server.id.clone(),
                        // Padding of 8 on the left, 6 on the right.
                        width: text_width(&chip_text(&label, server.behaviour)) + 14.0,
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
                parent: hierarchy
                    .parent(id)
                    .and_then(|(p, _)| index_of.get(&p).copied()),
                width,
                height,
            });
            let has_children = !hierarchy.children(id).is_empty();
            boxes.push(ZoneBox {
                mark: zone_marks.get(&apex).copied(),
                collapsed: collapsed.contains(&apex),
                apex,
                label,
                defined: node.defined,
                x: 0.0,
                y: 0.0,
                width,
                height,
                chips,
                hidden_below: hidden_below.get(&id).copied().unwrap_or(0),
                has_children,
            });
        }
        let gaps = tree_layout();
        let placement = gaps.place(&tree);
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
        let box_of: BTreeMap<&Name, &ZoneBox> = boxes.iter().map(|b| (&b.apex, b)).collect();
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
            let (x2, y2) = (c.x + c.width / 2.0, c.y);
            let mid = (y1 + y2) / 2.0;
            let delegated = hierarchy
                .delegation_to(id)
                .is_some_and(|d| !d.ns.is_empty());
            let badge = badges.get(&c.apex).cloned();
            if let Some(badge) = &badge {
                right = right.max((x1 + x2) / 2.0 + text_width(badge) * 0.9 + 6.0);
            }
            delegations.push(DelegationEdge {
                parent: p.apex.clone(),
                child: c.apex.clone(),
                path: format!(
                    "M{x1:.1},{y1:.1} C{x1:.1},{mid:.1} {x2:.1},{mid:.1} {x2:.1},{y2:.1}"
                ),
                mark: edge_marks
                    .get(&c.apex)
                    .copied()
                    .or((!delegated).then_some(Mark::Broken)),
                badge,
                badge_at: ((x1 + x2) / 2.0, mid),
                in_cycle: cycle_delegations.contains(&c.apex),
            });
        }

        // Cross edges: a zone needs the zone holding an NS host name.
        let mut cross = Vec::new();
        for &id in &visible {
            let zone = &hierarchy.zone(id).apex;
            for (holder, dependency) in hierarchy.ns_dependencies(id) {
                let holder_apex = &hierarchy.zone(holder).apex;
                let (Some(from), Some(to)) = (box_of.get(zone), box_of.get(holder_apex)) else {
                    continue;
                };
                let path = if (from.y - to.y).abs() < 1.0 && from.apex != to.apex {
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
                    format!("M{x1:.1},{y:.1} C{x1:.1},{cy:.1} {x2:.1},{cy:.1} {x2:.1},{y:.1}")
                } else {
                    let (x1, y1) = (from.x + from.width, from.y + ZONE_HEADER / 2.0);
                    let (x2, y2) = (to.x + to.width, to.y + ZONE_HEADER / 2.0);
                    // Bulge to the right so the curve stays clear of the tree.
                    let bulge = 40.0 + (y1 - y2).abs() * 0.15;
                    let cx = x1.max(x2) + bulge;
                    // A cubic reaches three quarters of the way to
                    // control points level with each other.
                    right = right.max(x1.max(x2) + bulge * 0.75);
                    format!("M{x1:.1},{y1:.1} C{cx:.1},{y1:.1} {cx:.1},{y2:.1} {x2:.1},{y2:.1}")
                };
                cross.push(CrossEdge {
                    zone: zone.clone(),
                    holder: holder_apex.clone(),
                    ns_host: dependency.ns_host.clone(),
                    path,
                    in_cycle: cycle_edges.contains(&(zone.clone(), dependency.ns_host.clone())),
                });
            }
        }

        // Cycle labels: a cycle's name is a long sentence, so it is written
        // below the tree, under its first zone as far as the width allows,
        // rather than across the edges it names.
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
            zones: boxes,
            delegations,
            cross,
            cycles,
            resolver_at: RESOLVER_AT,
            width: right.max(clear) + MARGIN,
            height: bottom.max(RESOLVER_AT.1 + ZONE_HEADER) + MARGIN,
        }
    }

    fn zone(&self, apex: &Name) -> Option<&ZoneBox> {
        self.zones.iter().find(|z| z.apex == *apex)
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
                    .map(|c| (Some(b), c))
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

enum ViewChange {
    Zoom(f64),
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
}

impl Reducible for View {
    type Action = ViewChange;

    fn reduce(self: Rc<Self>, change: ViewChange) -> Rc<Self> {
        Rc::new(match change {
            ViewChange::Zoom(factor) => View {
                scale: (self.scale * factor).clamp(0.2, 4.0),
                ..*self
            },
            ViewChange::Set(view) => view,
        })
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
    let view = use_reducer(View::default);
    let drag = use_mut_ref(|| None::<(f64, f64, View)>);
    let dispatch = props.dispatch.clone();
    let selection = lab.selection.clone();

    let zoom = |factor: f64| {
        let view = view.dispatcher();
        Callback::from(move |_| view.dispatch(ViewChange::Zoom(factor)))
    };
    let svg_ref = use_node_ref();
    let fit = {
        let view = view.dispatcher();
        let svg_ref = svg_ref.clone();
        let (width, height) = (layout.width, layout.height);
        Callback::from(move |()| {
            let Some(svg) = svg_ref.cast::<web_sys::Element>() else {
                return;
            };
            let (w, h) = (
                f64::from(svg.client_width()),
                f64::from(svg.client_height()),
            );
            view.dispatch(ViewChange::Set(View::fitting(width, height, w, h)));
        })
    };
    // Fit the drawing when it first appears and whenever its size changes
    // (zones added, removed, collapsed); pan and zoom hold otherwise.
    {
        let fit = fit.clone();
        let size = (layout.width.round() as i64, layout.height.round() as i64);
        use_effect_with(size, move |_| fit.emit(()));
    }
    // Wheel zoom needs a non-passive listener to keep the page from
    // scrolling at the same time; yew's own listeners are passive.
    {
        let view = view.dispatcher();
        let svg_ref = svg_ref.clone();
        use_effect_with((), move |_| {
            let listener = svg_ref.cast::<web_sys::Element>().map(|svg| {
                EventListener::new_with_options(
                    &svg,
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
                        view.dispatch(ViewChange::Zoom(factor));
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
        Callback::from(move |e: PointerEvent| {
            if let Some((x0, y0, start)) = *drag.borrow() {
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

    let select_zone = |apex: Name| {
        let dispatch = dispatch.clone();
        move || dispatch.emit(Action::Select(Some(Selection::Zone(apex.clone()))))
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
                        { resolver_box(layout.resolver_at) }
                        <g class="delegations">
                            { for layout.delegations.iter().map(delegation_edge) }
                        </g>
                        <g class="cross-edges">
                            { for layout.cross.iter().map(cross_edge) }
                        </g>
                        <g class="zones">
                            { for layout.zones.iter().map(|zone| zone_box(zone, &overlay, &selection, &dispatch, select_zone(zone.apex.clone()))) }
                        </g>
                        <g class="cycle-labels">
                            { for layout.cycles.iter().map(|c| html! {
                                <text class="cycle-label" x={format!("{:.1}", c.x)} y={format!("{:.1}", c.y)}>{ c.text.clone() }</text>
                            }) }
                        </g>
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

fn resolver_box((x, y): (f64, f64)) -> Html {
    html! {
        <g class="resolver" aria-label="The resolver you are watching">
            <rect x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{RESOLVER_WIDTH:.0}")} height={format!("{ZONE_HEADER:.0}")} rx="13" />
            <text x={format!("{:.1}", x + RESOLVER_WIDTH / 2.0)} y={format!("{:.1}", y + 17.0)} text-anchor="middle">{ "resolver" }</text>
        </g>
    }
}

fn delegation_edge(edge: &DelegationEdge) -> Html {
    let mut class = classes!("delegation");
    if let Some(mark) = edge.mark {
        class.push(mark.class());
    }
    if edge.in_cycle {
        class.push("in-cycle");
    }
    let title = match edge.mark {
        Some(Mark::Broken) => format!("{} → {}: broken delegation", edge.parent, edge.child),
        Some(Mark::Degraded) => format!("{} → {}: degraded delegation", edge.parent, edge.child),
        _ => format!("{} delegates {}", edge.parent, edge.child),
    };
    html! {
        <g class={class} data-child={edge.child.to_string()}>
            <title>{ title }</title>
            <path d={edge.path.clone()} marker-end="url(#arrow)" />
            if let Some(mark) = edge.mark {
                <text class="edge-icon" x={format!("{:.1}", edge.badge_at.0 - 18.0)} y={format!("{:.1}", edge.badge_at.1 + 4.0)}>{ mark.icon() }</text>
            }
            if let Some(badge) = &edge.badge {
                <g class="badge">
                    <rect x={format!("{:.1}", edge.badge_at.0 - 4.0)} y={format!("{:.1}", edge.badge_at.1 - 11.0)}
                        width={format!("{:.1}", text_width(badge) * 0.9 + 10.0)} height="18" rx="9" />
                    <text x={format!("{:.1}", edge.badge_at.0 + 2.0)} y={format!("{:.1}", edge.badge_at.1 + 2.0)}>{ badge.clone() }</text>
                </g>
            }
        </g>
    }
}

fn cross_edge(edge: &CrossEdge) -> Html {
    let class = classes!("cross", edge.in_cycle.then_some("in-cycle"));
    html! {
        <g class={class} data-zone={edge.zone.to_string()} data-ns-host={edge.ns_host.to_string()}>
            <title>{ format!("{} needs {} from {} to reach its name server", edge.zone, edge.ns_host, edge.holder) }</title>
            <path d={edge.path.clone()} marker-end="url(#arrow)" />
        </g>
    }
}

fn zone_box(
    zone: &ZoneBox,
    overlay: &Overlay,
    selection: &Option<Selection>,
    dispatch: &Callback<Action>,
    select: impl Fn() + 'static,
) -> Html {
    let selected = *selection == Some(Selection::Zone(zone.apex.clone()));
    let mut class = classes!("zone");
    if let Some(mark) = zone.mark {
        class.push(mark.class());
    }
    if selected {
        class.push("selected");
    }
    if !zone.defined {
        class.push("undefined");
    }
    if overlay.focus_zones.contains(&zone.apex) {
        class.push("focus");
    }
    let select = Rc::new(select);
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
    // The chip the current query arrives at (a server may serve several
    // zones; only its chip in the zone asked about is lit).
    let asked = |chip: &Chip| {
        overlay.flight.as_ref().is_some_and(|f| {
            f.server.as_ref() == Some(&chip.server) && f.zone.as_ref() == Some(&zone.apex)
        })
    };
    let toggle = zone.has_children.then(|| {
        let dispatch = dispatch.clone();
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
                <rect x={format!("{:.1}", zone.x + zone.width - 30.0)} y={format!("{:.1}", zone.y + 4.0)} width="26" height="18" rx="4" />
                <text x={format!("{:.1}", zone.x + zone.width - 17.0)} y={format!("{:.1}", zone.y + 17.0)} text-anchor="middle">{ text }</text>
            </g>
        }
    });
    html! {
        <g class={class} data-apex={zone.apex.to_string()}>
            <g class="zone-hit" role="button" tabindex="0" aria-label={label} aria-pressed={selected.to_string()} {onclick} {onkeydown}>
                <rect class="zone-box" x={format!("{:.1}", zone.x)} y={format!("{:.1}", zone.y)}
                    width={format!("{:.1}", zone.width)} height={format!("{:.1}", zone.height)} rx="8" />
                <text class="zone-label" x={format!("{:.1}", zone.x + 10.0)} y={format!("{:.1}", zone.y + 18.0)}>
                    { zone.mark.map(|m| format!("{} ", m.icon())).unwrap_or_default() }{ zone.label.clone() }
                </text>
            </g>
            { toggle.unwrap_or_default() }
            { for zone.chips.iter().map(|chip| server_chip(chip, asked(chip), overlay, selection, dispatch)) }
        </g>
    }
}

fn server_chip(
    chip: &Chip,
    asked: bool,
    overlay: &Overlay,
    selection: &Option<Selection>,
    dispatch: &Callback<Action>,
) -> Html {
    let selected = *selection == Some(Selection::Server(chip.server.clone()));
    let (_, state) = behaviour_marks(chip.behaviour);
    let class = classes!(
        "chip",
        state,
        chip.mark.map(Mark::class),
        selected.then_some("selected"),
        overlay
            .focus_servers
            .contains(&chip.server)
            .then_some("focus"),
        asked.then_some("asked"),
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
            <rect x={format!("{left:.1}")} y={format!("{:.1}", chip.y - 9.0)} width={format!("{:.1}", chip.width)} height="18" rx="9" />
            <text x={format!("{:.1}", left + 8.0)} y={format!("{:.1}", chip.y + 4.0)}>
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
            <rect x={format!("{:.1}", -pill - 10.0)} y="-10" width={format!("{pill:.1}")} height="20" rx="10" />
            <text x={format!("{:.1}", -pill - 4.0)} y="4">{ text.clone() }</text>
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
/// not enable (`MediaQueryList`, `SvgAnimationElement`).
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
        assert!(fit.scale * 12.0 >= 11.0, "fit scale {}", fit.scale);
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
