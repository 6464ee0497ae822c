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
use super::state::{Action, Lab, Selection, Sheet};
use crate::layout::{LeafColumns, TidyTree, TreeNode};
use crate::sim::cut::{self, CutComparison};
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::hierarchy::{Hierarchy, ServerNodeId, ZoneId};
use crate::sim::name::Name;
use crate::sim::resolver::{Classification, Event, LameReason};
use crate::sim::scenario::{Behaviour, ServerId, World};

mod drawing;
mod model;
mod overlay;
#[cfg(test)]
mod tests;
mod view;

pub use drawing::*;
pub use model::*;
pub use overlay::*;
pub use view::*;

#[function_component(GraphView)]
pub fn graph_view(props: &LabProps) -> Html {
    let lab = props.lab.clone();
    // A finger gets larger targets, and a readable starting zoom.
    let touch = use_media(COARSE_POINTER);
    let metrics = if touch {
        Metrics::TOUCH
    } else {
        Metrics::POINTER
    };
    // The tree layout only changes with the scenario or the collapsed
    // zones, not with each step, selection or autoplay tick.
    let layout = use_memo(LayoutKey::of(&lab).with(metrics), LayoutKey::layout);
    let overlay = Overlay::build(&lab, &layout);
    let reduced_motion = use_reduced_motion();
    // The window's size is only known once drawn; until the fit below, a
    // guess keeps a large world from being drawn first in full detail.
    let view = {
        let (width, height) = (layout.width, layout.height);
        use_reducer(move || View::fitting(width, height, GUESSED_WINDOW.0, GUESSED_WINDOW.1))
    };
    let dispatch = props.dispatch.clone();
    let detail = if lab.drawing_for_export {
        Detail::Full
    } else {
        Detail::of(layout.zones.len(), view.scale)
    };

    let svg_ref = use_node_ref();
    // The window's size, measured whenever the buttons are used or it is
    // fitted: as state for what is drawn, and as last measured for
    // noticing when it changes.
    let window = use_state_eq(|| GUESSED_WINDOW);
    let last_measured = use_mut_ref(|| None::<(f64, f64)>);
    let measure = {
        let svg_ref = svg_ref.clone();
        let set_window = window.setter();
        let last_measured = last_measured.clone();
        move || {
            let svg = svg_ref.cast::<web_sys::Element>()?;
            let size = (
                f64::from(svg.client_width()),
                f64::from(svg.client_height()),
            );
            set_window.set(size);
            *last_measured.borrow_mut() = Some(size);
            Some(size)
        }
    };
    let framing = use_mut_ref(|| Framing::Follow);
    // What the view follows: the zone the current query goes to, or the
    // zone open in the inspector's sheet, or the top of the tree.
    let focus = match (&lab.selection, lab.sheet) {
        (Some(Selection::Zone(apex)), Some(Sheet::Inspector)) => Some(apex),
        _ => overlay.flight.as_ref().and_then(|f| f.zone.as_ref()),
    }
    .and_then(|apex| layout.zone(apex))
    .or_else(|| layout.zones.first().map(Rc::as_ref))
    .map(ZoneBox::area);
    // The buttons zoom about the middle of the window.
    let zoom = |factor: f64| {
        let view = view.dispatcher();
        let measure = measure.clone();
        let framing = framing.clone();
        Callback::from(move |_| {
            *framing.borrow_mut() = Framing::Manual;
            let (w, h) = measure().unwrap_or_default();
            let at = (w / 2.0, h / 2.0);
            view.dispatch(ViewChange::Zoom { factor, at });
        })
    };
    // Until the window is measured (the prerendered first view, the app's
    // first render) the drawing fits by its viewBox, at any window size.
    let measured = use_state_eq(|| false);
    // Frames the drawing as `framing` says, in the window as it now is.
    let frame = {
        let view = view.dispatcher();
        let measure = measure.clone();
        let svg_ref = svg_ref.clone();
        let framing = framing.clone();
        let measured = measured.setter();
        let size = (layout.width, layout.height);
        Callback::from(move |chosen: Option<Framing>| {
            if let Some(chosen) = chosen {
                *framing.borrow_mut() = chosen;
            }
            // Not drawn (the app still building out of sight): the viewBox
            // fits until the window has a size.
            let Some((w, h)) = measure().filter(|&(w, h)| w > 0.0 && h > 0.0) else {
                return;
            };
            let readable = if touch || w < NARROW_WINDOW {
                READABLE_SCALE
            } else {
                0.0
            };
            match *framing.borrow() {
                Framing::Follow => {
                    // Above the sheet, when one covers the drawing's foot.
                    let h = svg_ref
                        .cast::<web_sys::Element>()
                        .map_or(h, |svg| uncovered_height(&svg, h));
                    view.dispatch(ViewChange::Set(View::framing(
                        size,
                        (w, h),
                        readable,
                        focus,
                    )))
                }
                Framing::Whole => {
                    view.dispatch(ViewChange::Set(View::fitting(size.0, size.1, w, h)))
                }
                Framing::Manual => return,
            }
            measured.set(true);
        })
    };
    // Frame the drawing when it first appears and whenever its size changes
    // (zones added, removed, collapsed); pan and zoom hold otherwise.
    {
        let frame = frame.clone();
        let size = (layout.width.round() as i64, layout.height.round() as i64);
        use_effect_with(size, move |_| frame.emit(Some(Framing::Follow)));
    }
    // A view that follows moves with each step and selection.
    {
        let frame = frame.clone();
        let key = focus.map(|a| (a.left.round() as i64, a.top.round() as i64));
        use_effect_with(key, move |_| frame.emit(None));
    }
    // The window changes size too: the narration under it grows and
    // shrinks from step to step, Classroom mode and Compare come and go,
    // the app takes the prerendered first view's place. A view the user
    // has not zoomed or panned frames again, so no zone is left below the
    // window's edge: checked after each render of the graph (a step's
    // narration changes the size in the same render), and by an observer
    // for what the graph does not render (the page's own size, the app
    // shown), which reports before the browser paints.
    {
        let refit: Rc<dyn Fn()> = {
            let frame = frame.clone();
            let svg_ref = svg_ref.clone();
            Rc::new(move || {
                let Some(svg) = svg_ref.cast::<web_sys::Element>() else {
                    return;
                };
                let size = (
                    f64::from(svg.client_width()),
                    f64::from(svg.client_height()),
                );
                let resized = Some(size) != *last_measured.borrow();
                if resized && size.0 > 0.0 {
                    frame.emit(None);
                }
            })
        };
        // The observer outlives this render: it calls the latest fit, which
        // knows the drawing's current size.
        let latest_refit = use_mut_ref(|| Rc::clone(&refit));
        *latest_refit.borrow_mut() = Rc::clone(&refit);
        use_effect(move || refit());
        #[cfg(target_arch = "wasm32")]
        {
            let svg_ref = svg_ref.clone();
            use_effect_with((), move |_| {
                let watch = svg_ref.cast::<web_sys::Element>().map(|svg| {
                    dom::SizeWatch::new(&svg, move || {
                        let refit = Rc::clone(&latest_refit.borrow());
                        refit();
                    })
                });
                move || drop(watch)
            });
        }
    }
    // Wheel zoom needs a non-passive listener to keep the page from
    // scrolling at the same time; yew's own listeners are passive. It
    // zooms about the pointer, so what is under it stays there.
    {
        let view = view.dispatcher();
        let svg_ref = svg_ref.clone();
        let framing = framing.clone();
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
                        *framing.borrow_mut() = Framing::Manual;
                        view.dispatch(ViewChange::Zoom { factor, at });
                    },
                )
            });
            move || drop(listener)
        });
    }
    // Drag to pan and pinch to zoom, with a mouse, a pen or fingers. A drag
    // may start on a zone or a chip: once it has moved, the click that ends
    // it in the drawing is swallowed (before yew sees it) so nothing is
    // selected. A click elsewhere (Enter on a button) is never a drag's.
    let gesture = use_mut_ref(Gesture::default);
    {
        let gesture = gesture.clone();
        let svg_ref = svg_ref.clone();
        use_effect_with((), move |_| {
            let options = EventListenerOptions::run_in_capture_phase();
            let listener = EventListener::new_with_options(
                &gloo::utils::window(),
                "click",
                options,
                move |event| {
                    let in_drawing = svg_ref.cast::<web_sys::Node>().is_some_and(|svg| {
                        event
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                            .is_some_and(|target| svg.contains(Some(&target)))
                    });
                    if std::mem::take(&mut gesture.borrow_mut().moved) && in_drawing {
                        event.stop_propagation();
                        event.prevent_default();
                    }
                },
            );
            move || drop(listener)
        });
    }
    let pointer_at = {
        let svg_ref = svg_ref.clone();
        move |e: &PointerEvent| {
            let (left, top) = svg_ref
                .cast::<web_sys::Element>()
                .map(|svg| window_origin(&svg))
                .unwrap_or_default();
            (
                f64::from(e.client_x()) - left,
                f64::from(e.client_y()) - top,
            )
        }
    };
    let on_down = {
        let gesture = gesture.clone();
        let view = view.clone();
        let pointer_at = pointer_at.clone();
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return;
            }
            gesture
                .borrow_mut()
                .press(e.pointer_id(), pointer_at(&e), *view);
        })
    };
    let on_move = {
        let gesture = gesture.clone();
        let view = view.dispatcher();
        let framing = framing.clone();
        let svg_ref = svg_ref.clone();
        Callback::from(move |e: PointerEvent| {
            let next = gesture.borrow_mut().drag(e.pointer_id(), pointer_at(&e));
            if let Some(next) = next {
                // Held, so the gesture goes on outside the drawing.
                if let Some(svg) = svg_ref.cast::<web_sys::Element>()
                    && !svg.has_pointer_capture(e.pointer_id())
                {
                    let _ = svg.set_pointer_capture(e.pointer_id());
                }
                *framing.borrow_mut() = Framing::Manual;
                view.dispatch(ViewChange::Set(next));
            }
        })
    };
    let on_up = {
        let gesture = gesture.clone();
        let view = view.clone();
        Callback::from(move |e: PointerEvent| gesture.borrow_mut().release(e.pointer_id(), *view))
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
    // The same fit as View::fitting: scaled to the window, centred
    // across, at the top (only its cap on enlarging is left out).
    let (view_box, transform) = if *measured {
        let transform = format!(
            "translate({:.1} {:.1}) scale({:.3})",
            view.x, view.y, view.scale
        );
        (None, Some(transform))
    } else {
        let view_box = format!("0 0 {:.1} {:.1}", layout.width, layout.height);
        (Some(view_box), None)
    };
    let aspect = view_box.is_some().then_some("xMidYMin meet");
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
                // For screen readers: the drawing speaks for itself.
                <h2 id="graph-heading" class="visually-hidden">{ "Hierarchy" }</h2>
                <div class="zoom" role="group" aria-label="Zoom">
                    <button type="button" id="zoom-in" aria-label="Zoom in" onclick={zoom(1.25)}>{ "+" }</button>
                    <button type="button" id="zoom-out" aria-label="Zoom out" onclick={zoom(0.8)}>{ "−" }</button>
                    <button type="button" id="zoom-fit" aria-label="Fit the whole hierarchy" onclick={frame.reform(|_: MouseEvent| Some(Framing::Whole))}>{ "fit" }</button>
                </div>
            </div>
            <div class="graph-scroll">
                <svg id="graph" class="graph" role="group" aria-label="The zone hierarchy: zones, their name servers and delegations"
                    data-detail={detail.name()} data-zones={layout.zones.len().to_string()}
                    viewBox={view_box} preserveAspectRatio={aspect}
                    ref={svg_ref} onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up.clone()} onpointerleave={on_up}>
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
    let rect = element.get_bounding_client_rect();
    (rect.left(), rect.top())
}

/// How much of a drawing `height` pixels high the side panel's sheet
/// leaves in view, on a narrow screen where it opens over the drawing's
/// foot (styles: .side-column.sheet-open); all of it otherwise.
fn uncovered_height(svg: &web_sys::Element, height: f64) -> f64 {
    let sheet = gloo::utils::document()
        .query_selector("#side-column.sheet-open")
        .ok()
        .flatten();
    let covered_from =
        sheet.map(|sheet| sheet.get_bounding_client_rect().top() - window_origin(svg).1);
    covered_from
        .filter(|&top| top > 0.0 && top < height)
        .unwrap_or(height)
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
            <rect x={D1(left).to_string()} y={D1(chip.y - chip.height / 2.0).to_string()} width={D1(chip.width).to_string()} height={D1(chip.height).to_string()} rx="9" />
            <text x={D1(left + 8.0).to_string()} y={D1(chip.y + 4.0).to_string()}>
                { chip_text(&chip.label, chip.behaviour) }
            </text>
        </g>
    })
}

/// A pointer as coarse as a finger: the drawing's targets grow to fit it.
const COARSE_POINTER: &str = "(pointer: coarse)";

/// Whether the user asked for reduced motion, followed as it changes. SMIL
/// animations ignore CSS media queries, so the drawing must leave them out
/// itself.
#[hook]
fn use_reduced_motion() -> bool {
    use_media("(prefers-reduced-motion: reduce)")
}

/// Whether a media query matches, followed as it changes. Without a
/// browser (server-side rendering) none does.
#[hook]
fn use_media(query: &'static str) -> bool {
    #[cfg(target_arch = "wasm32")]
    let initial = || dom::media(query).is_some_and(|list| list.matches());
    #[cfg(not(target_arch = "wasm32"))]
    let initial = || {
        let _ = query;
        false
    };
    let matches = use_state(initial);
    #[cfg(target_arch = "wasm32")]
    {
        let set = matches.setter();
        use_effect_with(query, move |&query| {
            let listener = dom::media(query).map(|list| {
                let target: web_sys::EventTarget = list.clone().into();
                EventListener::new(&target, "change", move |_| set.set(list.matches()))
            });
            move || drop(listener)
        });
    }
    *matches
}

/// Browser calls that web-sys only offers behind features this crate does
/// not enable (`MediaQueryList`, `SvgAnimationElement`, `ResizeObserver`).
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

    #[wasm_bindgen]
    extern "C" {
        type ResizeObserver;

        #[wasm_bindgen(constructor)]
        fn new(callback: &Closure<dyn FnMut()>) -> ResizeObserver;

        #[wasm_bindgen(method)]
        fn observe(this: &ResizeObserver, target: &web_sys::Element);

        #[wasm_bindgen(method)]
        fn disconnect(this: &ResizeObserver);
    }

    /// Calls back whenever an element's size changes (and once at the
    /// start), until dropped.
    pub struct SizeWatch {
        observer: ResizeObserver,
        _callback: Closure<dyn FnMut()>,
    }

    impl SizeWatch {
        pub fn new(target: &web_sys::Element, callback: impl FnMut() + 'static) -> SizeWatch {
            let callback = Closure::<dyn FnMut()>::new(callback);
            let observer = ResizeObserver::new(&callback);
            observer.observe(target);
            SizeWatch {
                observer,
                _callback: callback,
            }
        }
    }

    impl Drop for SizeWatch {
        fn drop(&mut self) {
            self.observer.disconnect();
        }
    }

    pub fn media(query: &str) -> Option<MediaQueryList> {
        match_media(query).ok()
    }
}

fn legend() -> Html {
    html! {
        // On a phone it is one line scrolled sideways: focusable, so a
        // keyboard scrolls it too.
        <div class="legend" role="region" aria-label="Legend" tabindex="0">
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-ok" d="M1,5 H33" /></svg>{ " delegation" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-broken" d="M1,5 H33" /></svg>{ " ✖ broken" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-degraded" d="M1,5 H33" /></svg>{ " ⚠ lame or incomplete" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-cross" d="M1,5 H33" /></svg>{ " needs a name server from" }</span>
            <span class="legend-item"><svg width="34" height="10" aria-hidden="true"><path class="legend-cycle" d="M1,5 H33" /></svg>{ " ⟳ circular delegation" }</span>
            <span class="legend-item">{ "● up  ○ down  ⊘ refusing" }</span>
        </div>
    }
}
