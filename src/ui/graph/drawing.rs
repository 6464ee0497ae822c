//! The drawing itself: zones, chips, edges, labels and the flight, each its
//! own component compared by value, so a change redraws only what it changed.

use super::*;

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
    // One zone is the tree's tab stop: the selected one, else the first.
    let tab_stop = selected_zone
        .filter(|apex| layout.zones.iter().any(|z| z.apex == **apex))
        .or(layout.zones.first().map(|z| &z.apex));
    let zone = |zone: &Rc<ZoneBox>| {
        html! {
            <ZoneView key={zone.apex_text.as_str()} zone={zone.clone()} {detail}
                selected={selected_zone == Some(&zone.apex)} focus={props.focus_zones.contains(&zone.apex)}
                tab_stop={tab_stop == Some(&zone.apex)} dispatch={props.dispatch.clone()} />
        }
    };
    let chips = |zone: &Rc<ZoneBox>| {
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
            <ZoneChips key={zone.apex_text.as_str()} zone={zone.clone()}
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
    let zones: Vec<&Rc<ZoneBox>> = layout
        .zones
        .iter()
        .filter(|zone| shown(&zone.area()))
        .collect();
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
            // The zones as a screen reader meets them: a tree, parent over
            // child, walked with the arrow keys (`on_tree_keys`).
            <g class="zones" role="tree" aria-label="Zones, each under the zone that delegates it">
                { for zones.iter().map(|z| zone(z)) }
            </g>
            // Name servers as buttons of their own, outside the tree (a tree
            // holds tree items only).
            if detail == Detail::Full {
                <g class="servers">
                    { for zones.iter().map(|z| chips(z)) }
                </g>
            }
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

pub(super) fn resolver_box((x, y): (f64, f64)) -> Html {
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
pub(super) fn mismatch_lines(comparison: &CutComparison) -> Vec<String> {
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
pub(super) fn mismatch_badge(edge: &DelegationEdge) -> Html {
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
    /// The tree's one tab stop (the others are reached with arrow keys).
    pub tab_stop: bool,
    pub dispatch: Callback<Action>,
}

#[derive(Properties, Clone, PartialEq)]
pub struct ZoneChipsProps {
    pub zone: Rc<ZoneBox>,
    /// The server selected, when it has a chip in this box.
    pub selected_chip: Option<ServerId>,
    /// This box's chips that the focused finding concerns.
    pub focus_chips: Vec<ServerId>,
    pub dispatch: Callback<Action>,
}

/// The server chips drawn in one zone's box.
#[function_component(ZoneChips)]
pub fn zone_chips(props: &ZoneChipsProps) -> Html {
    html! {
        <g class="zone-servers" data-apex={props.zone.apex_text.clone()}>
            { for props.zone.chips.iter().map(|chip| server_chip(
                chip,
                props.selected_chip.as_ref() == Some(&chip.server),
                props.focus_chips.contains(&chip.server),
                &props.dispatch,
            )) }
        </g>
    }
}

/// One zone box: its name and collapse toggle, as much of them as the
/// detail allows, a tree item for assistive technology. Compared by value,
/// so redrawn only when something in it changed.
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
        let activate = on_activation_keys(move || select());
        let walk = on_tree_keys(
            zone.has_children,
            zone.collapsed,
            props.dispatch.reform({
                let apex = zone.apex.clone();
                move |()| Action::ToggleCollapse(apex.clone())
            }),
        );
        Callback::from(move |e: KeyboardEvent| {
            activate.emit(e.clone());
            walk.emit(e);
        })
    };
    let label = format!(
        "{}{}{}",
        zone.apex,
        if zone.defined {
            ""
        } else {
            " (delegated, not defined)"
        },
        zone.problem
            .as_ref()
            .map(|p| format!(": {p}"))
            .unwrap_or_default()
    );
    // Kept at every detail: few zones have one, and it is how a large
    // world is unfolded.
    let toggle = zone.has_children.then(|| {
        let toggle = {
            let dispatch = props.dispatch.clone();
            let apex = zone.apex.clone();
            move || dispatch.emit(Action::ToggleCollapse(apex.clone()))
        };
        let onclick = Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            toggle();
        });
        let text = if zone.collapsed {
            format!("+{}", zone.hidden_below)
        } else {
            "−".to_string()
        };
        let aria = if zone.collapsed && zone.hides_outside {
            format!(
                "Show the {} zones below {} that lead outside this world",
                zone.hidden_below, zone.apex
            )
        } else if zone.collapsed {
            format!("Show the {} zones below {}", zone.hidden_below, zone.apex)
        } else {
            format!("Hide the zones below {}", zone.apex)
        };
        let (toggle_width, toggle_height) = zone.toggle;
        // For the pointer: the keyboard opens and closes the tree item with
        // the arrow keys, and a screen reader hears aria-expanded.
        html! {
            <g class="collapse-toggle" aria-hidden="true" data-does={aria} {onclick}>
                <rect x={D1(zone.x + zone.width - 4.0 - toggle_width).to_string()} y={D1(zone.y + 13.0 - toggle_height / 2.0).to_string()}
                    width={D1(toggle_width).to_string()} height={D1(toggle_height).to_string()} rx="4" />
                <text x={D1(zone.x + zone.width - 4.0 - toggle_width / 2.0).to_string()} y={D1(zone.y + 17.0).to_string()} text-anchor="middle">{ text }</text>
            </g>
        }
    });
    html! {
        <g class={class} data-apex={zone.apex_text.clone()}>
            <g class="zone-hit" role="treeitem" tabindex={if props.tab_stop { "0" } else { "-1" }}
                aria-label={label} aria-level={zone.level.to_string()} aria-selected={props.selected.to_string()}
                aria-expanded={zone.has_children.then(|| (!zone.collapsed).to_string())}
                {onclick} {onkeydown}>
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
        </g>
    }
}

pub(super) fn server_chip(
    chip: &Chip,
    selected: bool,
    focus: bool,
    dispatch: &Callback<Action>,
) -> Html {
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
    let onkeydown = on_activation_keys(move || select());
    let left = chip.x - chip.width / 2.0;
    html! {
        <g class={class} data-server={chip.server.to_string()} role="button" tabindex="0"
            aria-label={format!("name server {} ({state})", chip.label)} aria-pressed={selected.to_string()}
            {onclick} {onkeydown}>
            <rect x={D1(left).to_string()} y={D1(chip.y - chip.height / 2.0).to_string()} width={D1(chip.width).to_string()} height={D1(chip.height).to_string()} rx="9" />
            <text x={D1(left + 8.0).to_string()} y={D1(chip.y + 4.0).to_string()}>
                { chip_text(&chip.label, chip.behaviour) }
            </text>
        </g>
    }
}

/// How long the query takes to reach the server, and the reply to come
/// back: together about one autoplay tick at the default speed.
pub(super) const FLY: &str = "0.45s";

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
pub(super) fn flight_drawing(
    flight: &Flight,
    still: bool,
    id: &str,
    query_motion: NodeRef,
) -> Html {
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

/// Enter and Space activate a control of the drawing as a click does: a
/// `g` with `role=button` has no activation of its own.
fn on_activation_keys(activate: impl Fn() + 'static) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            e.stop_propagation();
            activate();
        }
    })
}

/// The arrow keys of a tree (WAI-ARIA APG): Down and Up to the next and
/// previous zone drawn, Right to open a closed zone or go to its first
/// child, Left to close an open zone or go to its parent, Home and End to
/// the first and last. Focus moves; the selection stays until Enter.
fn on_tree_keys(
    has_children: bool,
    collapsed: bool,
    toggle: Callback<()>,
) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let key = e.key();
        if !matches!(
            key.as_str(),
            "ArrowDown" | "ArrowUp" | "ArrowRight" | "ArrowLeft" | "Home" | "End"
        ) {
            return;
        }
        e.prevent_default();
        e.stop_propagation();
        // Yew listens on the app's root, so the item is found from the
        // event's target.
        let Some(current) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[role=treeitem]").ok().flatten())
        else {
            return;
        };
        let Some(tree) = current.closest("[role=tree]").ok().flatten() else {
            return;
        };
        let Ok(list) = tree.query_selector_all("[role=treeitem]") else {
            return;
        };
        let items: Vec<web_sys::Element> = (0..list.length())
            .filter_map(|i| {
                list.item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            })
            .collect();
        let Some(at) = items.iter().position(|item| *item == current) else {
            return;
        };
        let level = |item: &web_sys::Element| {
            item.get_attribute("aria-level")
                .and_then(|l| l.parse::<usize>().ok())
                .unwrap_or(1)
        };
        let target = match key.as_str() {
            "ArrowDown" => items.get(at + 1),
            "ArrowUp" => at.checked_sub(1).and_then(|i| items.get(i)),
            "Home" => items.first(),
            "End" => items.last(),
            "ArrowRight" if has_children && collapsed => {
                toggle.emit(());
                None
            }
            "ArrowRight" => items
                .get(at + 1)
                .filter(|next| has_children && level(next) > level(&current)),
            "ArrowLeft" if has_children && !collapsed => {
                toggle.emit(());
                None
            }
            _ => items[..at]
                .iter()
                .rev()
                .find(|item| level(item) < level(&current)),
        };
        if let Some(target) = target {
            // The tab stop moves with the focus, so Tab leaves the tree and
            // Shift+Tab comes back to the same zone.
            let _ = current.set_attribute("tabindex", "-1");
            let _ = target.set_attribute("tabindex", "0");
            if let Some(target) = target.dyn_ref::<web_sys::SvgElement>() {
                let _ = target.focus();
            }
        }
    })
}
