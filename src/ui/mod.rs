//! The imperative shell: yew function components over one reducer.
//!
//! Everything here reads the simulation core (`crate::sim`) and never the
//! other way round. [`state::Lab`] holds the whole state and changes only
//! through [`state::Action`]s; components render it and dispatch actions,
//! and the only effects are timers (autoplay), the autosave to the
//! browser's storage, and the global keys (→ and ← step, space plays and
//! pauses, Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo). Names, records and
//! titles are always rendered as text, never as HTML.

mod checklist;
pub mod compare;
pub mod console;
mod cut_table;
pub mod diagnostics;
mod first_view;
mod form;
pub mod graph;
pub mod inspector;
pub mod lesson;
pub mod picker;
pub mod propagation;
pub mod resolution;
mod server_editor;
pub mod session;
pub mod state;
pub mod stepper;
pub mod storage;
mod toolbar;
mod zone_editor;

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use compare::CompareView;
use console::DigConsole;
use diagnostics::{DiagnosticsPanel, counts};
use graph::GraphView;
use inspector::Inspector;
use lesson::LessonPanel;
use propagation::PropagationView;
use resolution::ResolutionPanel;
use state::{Action, Lab, Store};
use stepper::Stepper;
use toolbar::Toolbar;

/// What every panel gets: the whole state, and the way to change it.
#[derive(Properties, Clone)]
pub struct LabProps {
    pub lab: Rc<Lab>,
    pub dispatch: Callback<Action>,
}

/// Every change makes a new `Lab`, so pointer equality is enough: a panel
/// renders again only when the state did change.
impl PartialEq for LabProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab) && self.dispatch == other.dispatch
    }
}

/// How much of the app is drawn, as it is built over a few tasks, in
/// this order.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Drawn {
    /// The app's element only (the prerendered first view is shown).
    Nothing,
    /// Still nothing drawn; the first query is resolved.
    Resolved,
    /// The header and the graph.
    Graph,
    /// The step controls and the resolution panel too.
    Stage,
    /// The side column's panels too.
    Side,
    /// The console and the propagation view too.
    Everything,
}

impl Drawn {
    fn next(self) -> Option<Drawn> {
        match self {
            Drawn::Nothing => Some(Drawn::Resolved),
            Drawn::Resolved => Some(Drawn::Graph),
            Drawn::Graph => Some(Drawn::Stage),
            Drawn::Stage => Some(Drawn::Side),
            Drawn::Side => Some(Drawn::Everything),
            Drawn::Everything => None,
        }
    }
}

/// How long the page waits after a change before saving it: typing or
/// autoplay makes many changes a second, and one write is enough.
const AUTOSAVE_DELAY_MS: u32 = 400;

/// What the app starts from.
#[derive(Properties, Default)]
pub struct AppProps {
    /// `None` in the browser: the page opens the browser's saved work or a
    /// shared link ([`storage::startup`]). `Some` renders that state with
    /// every panel at once, as the build prerenders the page's first view
    /// ([`first_view`]).
    #[prop_or_default]
    pub first_view: Option<Rc<Lab>>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        match (&self.first_view, &other.first_view) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// The whole app.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let prerendering = props.first_view.is_some();
    let store = use_reducer(|| {
        Store(
            props
                .first_view
                .clone()
                .unwrap_or_else(|| Rc::new(storage::startup())),
        )
    });
    let dispatch = {
        let store = store.dispatcher();
        use_callback((), move |action: Action, _| store.dispatch(action))
    };

    // Keys: → and ← (and a presenter's PageDown and PageUp) step, space
    // plays and pauses, Escape leaves classroom mode; not while typing.
    {
        let dispatch = dispatch.clone();
        let playing = store.0.query.playing;
        let classroom = store.0.classroom;
        use_effect_with((playing, classroom), move |&(playing, classroom)| {
            // Not passive: the keys must not also scroll the page.
            let options = EventListenerOptions::enable_prevent_default();
            let document = gloo::utils::document();
            let listener =
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let target = key_target(event);
                    if event.alt_key() || target == KeyTarget::Field {
                        return;
                    }
                    // Undo and redo; inside a text field the browser's own
                    // undo of the typing applies instead.
                    if event.ctrl_key() || event.meta_key() {
                        let action = match event.key().to_ascii_lowercase().as_str() {
                            "z" if event.shift_key() => Action::Redo,
                            "z" => Action::Undo,
                            "y" => Action::Redo,
                            _ => return,
                        };
                        event.prevent_default();
                        dispatch.emit(action);
                        return;
                    }
                    let on_control = target == KeyTarget::Control;
                    let action = match event.key().as_str() {
                        // Presenter remotes send PageDown and PageUp, with
                        // the focus wherever the last click left it.
                        "PageDown" => Action::Step,
                        "PageUp" => Action::StepBack,
                        "Escape" if classroom => Action::SetClassroom(false),
                        _ if on_control => return,
                        "ArrowRight" => Action::Step,
                        "ArrowLeft" => Action::StepBack,
                        " " => Action::Play(!playing),
                        _ => return,
                    };
                    event.prevent_default();
                    dispatch.emit(action);
                });
            move || drop(listener)
        });
    }

    // Autoplay: one step per tick while playing.
    {
        let dispatch = dispatch.clone();
        use_effect_with(
            (store.0.query.playing, store.0.query.delay_ms),
            move |&(playing, delay)| {
                let interval =
                    playing.then(|| Interval::new(delay, move || dispatch.emit(Action::Tick)));
                move || drop(interval)
            },
        );
    }

    // A share link pasted into the address bar of an open page changes only
    // the fragment: no reload, so open it here.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if let Some(action) = storage::open_link_in_address() {
                    dispatch.emit(action);
                }
            });
            move || drop(listener)
        });
    }

    // Autosave, debounced: each change restarts the wait. A page that goes
    // away before the wait is over (a reload, "Reload to update", a closed
    // tab) saves at once what was waiting. When storage fails, the user
    // hears it once and the app goes on.
    {
        let unsaved = use_mut_ref(|| None::<Rc<Lab>>);
        let save_unsaved = {
            let dispatch = dispatch.clone();
            let unsaved = unsaved.clone();
            let warned = use_mut_ref(|| false);
            let writer = use_mut_ref(session::SessionWriter::default);
            Rc::new(move || {
                let Some(lab) = unsaved.borrow_mut().take() else {
                    return;
                };
                if let Err(error) = storage::save(&lab, &mut writer.borrow_mut()) {
                    if !*warned.borrow() {
                        *warned.borrow_mut() = true;
                        dispatch.emit(Action::Notify(format!(
                            "Your work is not being saved in this browser: {error}. Everything still works; use Export to keep a copy."
                        )));
                    }
                } else {
                    *warned.borrow_mut() = false;
                }
            })
        };
        {
            let save_unsaved = Rc::clone(&save_unsaved);
            use_effect_with((), move |_| {
                let listener =
                    EventListener::new(&gloo::utils::window(), "pagehide", move |_| save_unsaved());
                move || drop(listener)
            });
        }
        use_effect_with((*store).clone(), move |Store(lab)| {
            *unsaved.borrow_mut() = Some(Rc::clone(lab));
            let timeout = Timeout::new(AUTOSAVE_DELAY_MS, move || save_unsaved());
            move || drop(timeout)
        });
    }

    // The app is built over a few tasks ([`Drawn`]), each short enough for
    // the page to stay responsive to the reader (on a phone each costs four
    // times what it does here). Over the build's prerendered first view
    // (src/ui/first_view.rs) it builds out of sight, from nothing, and
    // takes the view's place once everything is drawn, in one task: the
    // page never shows half an app, and nothing on it moves. Without one
    // (the DOM tests) the graph and the stepper come first, then the rest.
    let over_first_view = use_state(|| !prerendering && first_view::is_shown());
    let drawn = use_state(|| {
        if prerendering {
            Drawn::Everything
        } else if *over_first_view {
            Drawn::Nothing
        } else {
            Drawn::Stage
        }
    });
    let drawing = *drawn;
    {
        let drawn = drawn.clone();
        let dispatch = dispatch.clone();
        let pending = store.0.query.pending;
        use_effect_with(drawing, move |&now| {
            let timeout = now.next().map(|next| {
                Timeout::new(0, move || {
                    if pending && (next == Drawn::Resolved || next == Drawn::Side) {
                        dispatch.emit(Action::ResolvePending);
                    }
                    drawn.set(next);
                })
            });
            move || drop(timeout)
        });
    }
    let rest = drawing == Drawn::Everything;
    let root = use_node_ref();
    {
        let over_first_view = over_first_view.clone();
        let root = root.clone();
        use_effect_with(rest, move |&rest| {
            if rest && *over_first_view {
                if let Some(root) = root.cast::<web_sys::Element>() {
                    first_view::take_over(&root);
                }
                over_first_view.set(false);
            }
        });
    }

    // Stepping brings the stage back into view: the tabs and the console
    // below it may have scrolled it away, and the step's story is the point.
    let main_column = use_node_ref();
    {
        let main_column = main_column.clone();
        use_effect_with(store.0.query.shown, move |_| {
            if let Some(column) = main_column.cast::<web_sys::Element>()
                && column.scroll_top() > 0
            {
                column.set_scroll_top(0);
            }
        });
    }

    // Selecting a zone or a server opens the inspector at the top of the
    // side column: scroll there, so it is in view beside the graph.
    let side_column = use_node_ref();
    {
        let side_column = side_column.clone();
        use_effect_with(store.0.selections, move |&selections| {
            if selections > 0
                && let Some(column) = side_column.cast::<web_sys::Element>()
            {
                column.set_scroll_top(0);
            }
        });
    }

    let lab: Rc<Lab> = Rc::clone(&store.0);
    let (errors, warnings, notices) = counts(&lab.loaded.findings);
    let badge_label = format!("{errors} errors, {warnings} warnings, {notices} notices");
    // The prerendered first view is only looked at until the app takes
    // over: inert (no focus, no clicks on buttons that do nothing yet) and
    // busy for assistive technology.
    let root_class = classes!("app-root", over_first_view.then_some(first_view::BUILDING));
    let (root_id, busy) = if prerendering {
        (Some(first_view::ID), Some("true"))
    } else {
        (None, None)
    };
    html! {
        <div class={root_class} id={root_id} inert={prerendering} aria-busy={busy} ref={root}>
            if drawing >= Drawn::Graph {
                <>
                <header class="app-header">
                    <h1>{ "DNS Lab" }</h1>
                    <p class="scenario-title" id="scenario-title">{ lab.loaded.scenario.title.clone() }</p>
                    <Toolbar lab={lab.clone()} dispatch={dispatch.clone()} />
                    <a class="diagnostics-badge" id="diagnostics-badge" href="#diagnostics" aria-label={badge_label.clone()} title={badge_label}>
                        <span class="count broken">{ format!("✖ {errors}") }</span>
                        <span class="count degraded">{ format!("⚠ {warnings}") }</span>
                        <span class="count notice">{ format!("ℹ {notices}") }</span>
                    </a>
                </header>
                if let Some(notice) = lab.notice.clone() {
                    <div class="app-notice" role="status">
                        { notice }
                        <button type="button" onclick={let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::DismissNotice))}>{ "Dismiss" }</button>
                    </div>
                }
                <main id="main" class={classes!("workspace", lab.classroom.then_some("classroom"), lab.compare.then_some("comparing"))}>
                    <div class="main-column" ref={main_column.clone()}>
                        // What a learner watches while stepping, together in
                        // view: the graph, a comparison if open, the narration
                        // and the step controls.
                        <div class="stage">
                            <GraphView lab={lab.clone()} dispatch={dispatch.clone()} />
                            if lab.compare {
                                <CompareView lab={lab.clone()} dispatch={dispatch.clone()} />
                            }
                            if drawing >= Drawn::Stage {
                                <Stepper lab={lab.clone()} dispatch={dispatch.clone()} />
                            }
                        </div>
                        if !lab.classroom && drawing >= Drawn::Stage {
                            <ResolutionPanel lab={lab.clone()} dispatch={dispatch.clone()} />
                        }
                        if !lab.classroom && rest {
                            <DigConsole lab={lab.clone()} dispatch={dispatch.clone()} />
                            <PropagationView lab={lab.clone()} dispatch={dispatch.clone()} />
                        }
                        <footer class="app-footer">
                            <p>{ "Nothing here touches the real network: every server, zone and resolver is simulated in your browser." }</p>
                        </footer>
                    </div>
                    // The column is there from the start, so the graph is sized
                    // for the space it will have. What is selected opens at its
                    // top, in view beside the graph.
                    if !lab.classroom {
                        // With something selected the inspector is drawn first
                        // (styles: .has-selection); the panels never move in the
                        // DOM, which yew's reconciliation relies on.
                        <div class={classes!("side-column", lab.selection.is_some().then_some("has-selection"))} ref={side_column.clone()}>
                            if drawing >= Drawn::Side {
                                <LessonPanel lab={lab.clone()} dispatch={dispatch.clone()} />
                                <Inspector lab={lab.clone()} dispatch={dispatch.clone()} />
                                <DiagnosticsPanel lab={lab.clone()} dispatch={dispatch.clone()} />
                            }
                        </div>
                    }
                </main>
                </>
            }
        </div>
    }
}

/// Where a key press goes, as far as the global keys care.
#[derive(PartialEq)]
enum KeyTarget {
    /// A text field or a select: every key is the field's.
    Field,
    /// A button or a tab: arrows and space are theirs, other keys are not.
    Control,
    Page,
}

fn key_target(event: &web_sys::KeyboardEvent) -> KeyTarget {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return KeyTarget::Page;
    };
    match element.tag_name().to_ascii_lowercase().as_str() {
        "input" | "textarea" | "select" => KeyTarget::Field,
        "button" => KeyTarget::Control,
        _ if element.get_attribute("role").as_deref() == Some("tab") => KeyTarget::Control,
        _ => KeyTarget::Page,
    }
}
