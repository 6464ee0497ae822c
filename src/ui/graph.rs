//! The hierarchy graph: zones as a tree with the root on top, the name
//! servers that load each zone as chips inside its box, delegation edges
//! from parent to child, and cross edges (a zone needing a name server
//! whose host name lies in another zone) as curves that leave the tree
//! alone. Findings mark what they concern: a broken delegation in red, a
//! degraded one dashed amber, a cycle as a highlighted loop with its name,
//! a parent/child NS mismatch as a badge. Colour is never the only signal:
//! icons, line styles and words carry the same meaning.
//!
//! [`GraphModel::build`] is pure and computes everything drawn, so it is
//! tested natively; the component only renders it and handles pan and zoom.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::diagnostics::severity_icon;
use super::state::{Action, Lab, Selection};
use crate::layout::{TidyTree, TreeLayout, TreeNode};
use crate::sim::diagnose::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::hierarchy::ZoneId;
use crate::sim::name::Name;
use crate::sim::resolver::Event;
use crate::sim::scenario::{Behaviour, ServerId};

/// Pixel sizes of the drawing.
const CHAR_WIDTH: f64 = 7.4;
const ZONE_HEADER: f64 = 30.0;
const CHIP_HEIGHT: f64 = 22.0;
const BOX_PADDING: f64 = 10.0;
const MIN_BOX_WIDTH: f64 = 110.0;
/// Where the resolver sits: left of the root, above everything.
const RESOLVER_WIDTH: f64 = 120.0;

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

/// The query of the current step, travelling from the resolver to a server.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub path: String,
    /// The server asked, when it is drawn.
    pub server: Option<ServerId>,
    pub answered: bool,
    pub label: String,
}

/// Everything the graph draws.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GraphModel {
    pub zones: Vec<ZoneBox>,
    pub delegations: Vec<DelegationEdge>,
    pub cross: Vec<CrossEdge>,
    pub cycles: Vec<CycleLabel>,
    pub flight: Option<Flight>,
    /// The resolver's box: left, top.
    pub resolver_at: (f64, f64),
    pub width: f64,
    pub height: f64,
    /// Elements of the focused finding.
    pub focus_zones: BTreeSet<Name>,
    pub focus_servers: BTreeSet<ServerId>,
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

impl GraphModel {
    pub fn build(lab: &Lab) -> GraphModel {
        let hierarchy = &lab.loaded.hierarchy;
        let findings: &[Finding] = &lab.loaded.findings;

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
        let mut focus_zones = BTreeSet::new();
        let mut focus_servers = BTreeSet::new();
        if let Some(finding) = lab.focused_finding.and_then(|i| findings.get(i)) {
            focus_zones.extend(finding.zones.iter().cloned());
            focus_servers.extend(finding.servers.iter().cloned());
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
                hidden.contains(&p) || lab.collapsed.contains(&hierarchy.zone(p).apex)
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
                        width: text_width(&label) + 28.0,
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
                + BOX_PADDING;
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
                collapsed: lab.collapsed.contains(&apex),
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
        let placement = TidyTree::default().place(&tree);
        let top = 70.0;
        let left = RESOLVER_WIDTH + 40.0;
        for (i, zone) in boxes.iter_mut().enumerate() {
            zone.x = left + placement.x[i] - zone.width / 2.0;
            zone.y = top + placement.y[i];
            for (j, chip) in zone.chips.iter_mut().enumerate() {
                chip.x = zone.x + zone.width / 2.0;
                chip.y = zone.y + ZONE_HEADER + CHIP_HEIGHT * (j as f64 + 0.5);
            }
        }
        let box_of: BTreeMap<&Name, &ZoneBox> = boxes.iter().map(|b| (&b.apex, b)).collect();

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
                badge: badges.get(&c.apex).cloned(),
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
                let (x1, y1) = (from.x + from.width, from.y + ZONE_HEADER / 2.0);
                let (x2, y2) = (to.x + to.width, to.y + ZONE_HEADER / 2.0);
                // Bulge to the right so the curve stays clear of the tree.
                let bulge = 60.0 + (y1 - y2).abs() * 0.15;
                let cx = x1.max(x2) + bulge;
                cross.push(CrossEdge {
                    zone: zone.clone(),
                    holder: holder_apex.clone(),
                    ns_host: dependency.ns_host.clone(),
                    path: format!(
                        "M{x1:.1},{y1:.1} C{cx:.1},{y1:.1} {cx:.1},{y2:.1} {x2:.1},{y2:.1}"
                    ),
                    in_cycle: cycle_edges.contains(&(zone.clone(), dependency.ns_host.clone())),
                });
            }
        }

        // Cycle labels, by the first zone of each cycle.
        let mut cycles = Vec::new();
        for finding in findings
            .iter()
            .filter(|f| f.kind == FindingKind::CircularDelegation)
        {
            if let Some(first) = finding.zones.first().and_then(|z| box_of.get(z)) {
                cycles.push(CycleLabel {
                    text: format!("⟳ {}", finding.title),
                    x: first.x + first.width + 12.0,
                    y: first.y - 8.0,
                });
            }
        }

        let resolver_at = (10.0, 10.0);
        let flight = flight(lab, &boxes, resolver_at);
        let width = boxes
            .iter()
            .map(|b| b.x + b.width)
            .fold(left + placement.width, f64::max)
            + 160.0;
        let height = top + placement.height + 40.0;
        GraphModel {
            zones: boxes,
            delegations,
            cross,
            cycles,
            flight,
            resolver_at,
            width,
            height,
            focus_zones,
            focus_servers,
        }
    }
}

/// The current step's query as a path from the resolver to the server asked.
fn flight(lab: &Lab, boxes: &[ZoneBox], resolver_at: (f64, f64)) -> Option<Flight> {
    let step = lab.current_step()?;
    let Event::Query(exchange) = &step.event else {
        return None;
    };
    let server = lab.loaded.world.server_at(exchange.address);
    let chip = server.and_then(|s| {
        boxes
            .iter()
            .flat_map(|b| &b.chips)
            .find(|c| c.server == s.id)
    });
    let (x1, y1) = (
        resolver_at.0 + RESOLVER_WIDTH,
        resolver_at.1 + ZONE_HEADER / 2.0,
    );
    let (x2, y2) = chip.map_or((x1 + 200.0, y1 + 120.0), |c| (c.x - c.width / 2.0, c.y));
    let cy = y1.max(y2);
    Some(Flight {
        path: format!("M{x1:.1},{y1:.1} C{x1:.1},{cy:.1} {x2:.1},{y2:.1} {x2:.1},{y2:.1}"),
        server: server.map(|s| s.id.clone()),
        answered: exchange.response.is_some(),
        label: format!(
            "{} → {} ({})",
            exchange.query,
            exchange.server.prose(),
            exchange.address
        ),
    })
}

#[derive(Properties, Clone)]
pub struct GraphProps {
    pub lab: Rc<Lab>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for GraphProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab) && self.dispatch == other.dispatch
    }
}

/// A state compared by identity: every action makes a new one.
#[derive(Clone)]
struct SameLab(Rc<Lab>);

impl PartialEq for SameLab {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
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

enum ViewChange {
    Zoom(f64),
    Set(View),
}

impl View {
    /// The view that shows a drawing of `width` × `height` whole in a
    /// window of `w` × `h`, centred, never enlarged.
    fn fitting(width: f64, height: f64, w: f64, h: f64) -> View {
        if width <= 0.0 || height <= 0.0 || w <= 0.0 || h <= 0.0 {
            return View::default();
        }
        let scale = (w / width).min(h / height).min(1.0);
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
pub fn graph_view(props: &GraphProps) -> Html {
    let lab = props.lab.clone();
    let model = use_memo(SameLab(lab.clone()), |lab| GraphModel::build(&lab.0));
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
        let (width, height) = (model.width, model.height);
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
        let size = (model.width.round() as i64, model.height.round() as i64);
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
                    </defs>
                    <rect class="graph-background" x="0" y="0" width="100%" height="100%" />
                    <g transform={transform}>
                        { resolver_box(model.resolver_at) }
                        <g class="delegations">
                            { for model.delegations.iter().map(delegation_edge) }
                        </g>
                        <g class="cross-edges">
                            { for model.cross.iter().map(cross_edge) }
                        </g>
                        <g class="zones">
                            { for model.zones.iter().map(|zone| zone_box(zone, &model, &selection, &dispatch, select_zone(zone.apex.clone()))) }
                        </g>
                        <g class="cycle-labels">
                            { for model.cycles.iter().map(|c| html! {
                                <text class="cycle-label" x={format!("{:.1}", c.x)} y={format!("{:.1}", c.y)}>{ c.text.clone() }</text>
                            }) }
                        </g>
                        { for model.flight.iter().map(flight_path) }
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
            <rect x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{RESOLVER_WIDTH:.0}")} height={format!("{ZONE_HEADER:.0}")} rx="15" />
            <text x={format!("{:.1}", x + RESOLVER_WIDTH / 2.0)} y={format!("{:.1}", y + 20.0)} text-anchor="middle">{ "resolver" }</text>
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
    model: &GraphModel,
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
    if model.focus_zones.contains(&zone.apex) {
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
                <rect x={format!("{:.1}", zone.x + zone.width - 30.0)} y={format!("{:.1}", zone.y + 5.0)} width="26" height="18" rx="4" />
                <text x={format!("{:.1}", zone.x + zone.width - 17.0)} y={format!("{:.1}", zone.y + 18.0)} text-anchor="middle">{ text }</text>
            </g>
        }
    });
    html! {
        <g class={class} data-apex={zone.apex.to_string()}>
            <g class="zone-hit" role="button" tabindex="0" aria-label={label} aria-pressed={selected.to_string()} {onclick} {onkeydown}>
                <rect class="zone-box" x={format!("{:.1}", zone.x)} y={format!("{:.1}", zone.y)}
                    width={format!("{:.1}", zone.width)} height={format!("{:.1}", zone.height)} rx="8" />
                <text class="zone-label" x={format!("{:.1}", zone.x + 10.0)} y={format!("{:.1}", zone.y + 20.0)}>
                    { zone.mark.map(|m| format!("{} ", m.icon())).unwrap_or_default() }{ zone.label.clone() }
                </text>
            </g>
            { toggle.unwrap_or_default() }
            { for zone.chips.iter().map(|chip| server_chip(chip, model, selection, dispatch)) }
        </g>
    }
}

fn server_chip(
    chip: &Chip,
    model: &GraphModel,
    selection: &Option<Selection>,
    dispatch: &Callback<Action>,
) -> Html {
    let selected = *selection == Some(Selection::Server(chip.server.clone()));
    let (icon, state) = match chip.behaviour {
        Behaviour::Up => ("●", "up"),
        Behaviour::Down => ("○", "down"),
        Behaviour::Refusing => ("⊘", "refusing"),
    };
    let asked = model
        .flight
        .as_ref()
        .is_some_and(|f| f.server.as_ref() == Some(&chip.server));
    let class = classes!(
        "chip",
        state,
        chip.mark.map(Mark::class),
        selected.then_some("selected"),
        model
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
                { format!("{icon} {}", chip.label) }
                if chip.behaviour != Behaviour::Up { { format!(" ({state})") } }
            </text>
        </g>
    }
}

fn flight_path(flight: &Flight) -> Html {
    let class = classes!("flight", (!flight.answered).then_some("unanswered"));
    html! {
        <g class={class}>
            <title>{ flight.label.clone() }</title>
            <path id="flight-path" d={flight.path.clone()} />
            <circle class="packet" r="6">
                <animateMotion dur="1.2s" repeatCount="1" fill="freeze" keyPoints="0;1;0" keyTimes="0;0.5;1" calcMode="linear">
                    <mpath href="#flight-path" />
                </animateMotion>
            </circle>
        </g>
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

    #[test]
    fn the_default_scenario_draws_every_zone_with_its_servers() {
        let lab = Lab::default();
        let model = GraphModel::build(&lab);
        assert_eq!(model.zones.len(), lab.loaded.hierarchy.zone_count());
        let root = &model.zones[0];
        assert!(root.apex.is_root());
        assert_eq!(root.chips.len(), 2);
        // Every non-root zone has a delegation edge, none marked.
        assert_eq!(model.delegations.len(), model.zones.len() - 1);
        assert!(model.delegations.iter().all(|d| d.mark.is_none()));
        // Children are drawn below their parents.
        for edge in &model.delegations {
            let y = |apex: &Name| model.zones.iter().find(|z| z.apex == *apex).unwrap().y;
            assert!(y(&edge.child) > y(&edge.parent));
        }
    }

    #[test]
    fn collapsing_hides_a_subtree_and_counts_it() {
        let lab = Lab::default().apply(Action::ToggleCollapse(Name::parse("test.").unwrap()));
        let model = GraphModel::build(&lab);
        let test = model
            .zones
            .iter()
            .find(|z| z.apex == Name::parse("test.").unwrap())
            .unwrap();
        assert!(test.collapsed);
        // example.test., lab.example.test. and shop.test.
        assert_eq!(test.hidden_below, 3);
        assert!(
            !model
                .zones
                .iter()
                .any(|z| z.apex == Name::parse("example.test.").unwrap())
        );
    }
}
