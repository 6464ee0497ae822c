//! Everything the app shows, over one reducer ([`Lab`] changes only
//! through [`Action`]s): the header and toolbar, the graph, the step
//! controls, the panels, the console. Its only effects are timers
//! (autoplay), the autosave to the browser's storage, and the global keys.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::author::AuthorView;
use super::compare::CompareView;
use super::console::DigConsole;
use super::diagnostics::{DiagnosticsPanel, counts};
use super::graph::GraphView;
use super::inspector::Inspector;
use super::lesson::LessonPanel;
use super::picker::PickerButton;
use super::propagation::PropagationView;
use super::resolution::ResolutionPanel;
use super::state::{Action, Lab, Sheet, Store};
use super::stepper::Stepper;
use super::toolbar::Toolbar;
use super::{Drawn, same_state, session, storage};

/// How long the page waits after a change before saving it: typing or
/// autoplay makes many changes a second, and one write is enough.
const AUTOSAVE_DELAY_MS: u32 = 400;

#[derive(Properties)]
pub struct WorkbenchProps {
    /// How far the app is drawn.
    pub drawing: Drawn,
    /// The state to render instead of the browser's ([`super::AppProps`]).
    pub first_view: Option<Rc<Lab>>,
}

impl PartialEq for WorkbenchProps {
    fn eq(&self, other: &Self) -> bool {
        self.drawing == other.drawing && same_state(&self.first_view, &other.first_view)
    }
}

/// Everything the app shows, over one reducer: drawn as far as `drawing`
/// says, the rest of the way in the tasks that follow ([`Drawn`]).
#[function_component(Workbench)]
pub fn workbench(props: &WorkbenchProps) -> Html {
    let drawing = props.drawing;
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

    // The keys: one rule for every shortcut ([`shortcut`]).
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
                    let pressed = Pressed {
                        key: event.key(),
                        ctrl: event.ctrl_key() || event.meta_key(),
                        shift: event.shift_key(),
                        alt: event.alt_key(),
                    };
                    if let Some(action) = shortcut(&pressed, key_target(event), playing, classroom)
                    {
                        event.prevent_default();
                        dispatch.emit(action);
                    }
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

    // The cryptography arrives when a world first needs it (crate::ui::crypto),
    // and is asked for again by an edit that waits for it after a failed try.
    {
        let dispatch = dispatch.clone();
        let wanted = (store.0.wants_crypto(), store.0.awaiting_crypto.is_some());
        use_effect_with(wanted, move |&(wanted, _)| {
            if wanted && crate::ui::crypto::available().is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    dispatch.emit(Action::CryptoArrived(crate::ui::crypto::load().await));
                });
            }
        });
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

    // The first query is resolved in a task of its own: at once over the
    // prerendered first view (nothing is drawn yet), after the graph and
    // the stepper without one.
    {
        let dispatch = dispatch.clone();
        let pending = store.0.query.pending;
        use_effect_with(drawing, move |&drawing| {
            if pending && matches!(drawing, Drawn::Resolved | Drawn::Side) {
                dispatch.emit(Action::ResolvePending);
            }
        });
    }
    let rest = drawing == Drawn::Everything;

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
    // side column: scroll there, so it is in view beside the graph. Where
    // the column is short (a phone's sheet), on down to the two NS sets of
    // the zone's cut, the heart of the inspector, unless they are in view.
    let side_column = use_node_ref();
    // Another panel in the sheet opens at its top (before the effect below,
    // which may then scroll the inspector's to its NS sets).
    {
        let side_column = side_column.clone();
        use_effect_with(store.0.sheet, move |_| {
            if let Some(column) = side_column.cast::<web_sys::Element>() {
                column.set_scroll_top(0);
            }
        });
    }
    {
        let side_column = side_column.clone();
        use_effect_with(store.0.selections, move |&selections| {
            if selections > 0
                && let Some(column) = side_column.cast::<web_sys::Element>()
            {
                column.set_scroll_top(0);
                let cut = column.query_selector(".inspector .cut").ok().flatten();
                let head = column.query_selector(".sheet-head").ok().flatten();
                if let Some(cut) = cut {
                    let (cut, view) = (
                        cut.get_bounding_client_rect(),
                        column.get_bounding_client_rect(),
                    );
                    let head = head.map_or(0.0, |h| h.get_bounding_client_rect().height());
                    let below = cut.bottom() - view.bottom();
                    if below > 0.0 {
                        let down = below.min(cut.top() - view.top() - head).max(0.0);
                        column.set_scroll_top(down.round() as i32);
                    }
                }
            }
        });
    }

    let lab: Rc<Lab> = Rc::clone(&store.0);
    let (errors, warnings, notices) = counts(&lab.loaded.findings);
    let badge_label = format!("{errors} errors, {warnings} warnings, {notices} notices");
    let close_sheet = dispatch.reform(|_: MouseEvent| Action::ShowSheet(None));
    // Escape closes the sheet, from anywhere in it but a text field.
    let sheet_keys = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && key_target(&e) != KeyTarget::Field {
                dispatch.emit(Action::ShowSheet(None));
            }
        })
    };
    html! {
            if drawing >= Drawn::Header {
                <>
                // The page is long and its controls many: these take the
                // keyboard straight to what a lesson is about.
                <nav class="skip-links" aria-label="Skip to">
                    <a href="#graph">{ "Skip to the graph" }</a>
                    <a href="#step-forward">{ "Skip to the Step button" }</a>
                    if !lab.classroom {
                        <a href="#inspector-heading">{ "Skip to the inspector" }</a>
                        <a href="#diagnostics-heading">{ "Skip to the diagnostics" }</a>
                    }
                </nav>
                <header class="app-header">
                    <h1>{ "DNS Lab" }</h1>
                    <p class="scenario-title" id="scenario-title">{ lab.loaded.scenario.title.clone() }</p>
                    <PickerButton dispatch={dispatch.clone()} />
                    <Toolbar lab={lab.clone()} dispatch={dispatch.clone()} />
                    // Named by its own text, each count with its word for a
                    // screen reader and the icon for the eye.
                    <a class="diagnostics-badge" id="diagnostics-badge" href="#diagnostics" title={badge_label}>
                        { badge_count("broken", "✖", errors, "errors") }
                        { badge_count("degraded", "⚠", warnings, "warnings") }
                        { badge_count("notice", "ℹ", notices, "notices") }
                    </a>
                </header>
                if let Some(notice) = lab.notice.clone() {
                    <div class="app-notice" role="status">
                        { notice }
                        <button type="button" onclick={let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::DismissNotice))}>{ "Dismiss" }</button>
                    </div>
                }
                <AuthorView lab={lab.clone()} dispatch={dispatch.clone()} />
                <main id="main" class={classes!("workspace", lab.classroom.then_some("classroom"), lab.compare.then_some("comparing"))}>
                    <div class="main-column" ref={main_column.clone()}>
                        // What a learner watches while stepping, together in
                        // view: the graph, a comparison if open, the narration
                        // and the step controls.
                        <div class="stage">
                            if drawing >= Drawn::Graph {
                                <GraphView lab={lab.clone()} dispatch={dispatch.clone()} />
                            }
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
                        // On a narrow screen the column is a sheet over the
                        // lower part of the stage, showing one panel at a time.
                        <div id="side-column"
                            class={classes!("side-column", lab.selection.is_some().then_some("has-selection"), lab.sheet.is_some().then_some("sheet-open"))}
                            data-sheet={lab.sheet.map(sheet_name)} ref={side_column.clone()} onkeydown={sheet_keys}>
                            <div class="sheet-head">
                                <button type="button" id="sheet-close" onclick={close_sheet}>{ "✕ Close" }</button>
                            </div>
                            if drawing >= Drawn::Side {
                                <LessonPanel lab={lab.clone()} dispatch={dispatch.clone()} />
                                <Inspector lab={lab.clone()} dispatch={dispatch.clone()} />
                                <DiagnosticsPanel lab={lab.clone()} dispatch={dispatch.clone()} />
                            }
                        </div>
                    }
                </main>
                if !lab.classroom {
                    { panel_bar(&lab, &dispatch, errors, warnings) }
                }
                </>
            }
    }
}

/// The name of a sheet, on the side column's `data-sheet` (styles).
fn sheet_name(sheet: Sheet) -> &'static str {
    match sheet {
        Sheet::Lesson => "lesson",
        Sheet::Inspector => "inspector",
        Sheet::Diagnostics => "diagnostics",
    }
}

/// A narrow screen's bar under the stage: each button opens its side
/// panel as a sheet, and closes it again. Diagnostics counts what is wrong
/// (the notices are in the panel: a phone is narrow).
fn panel_bar(lab: &Lab, dispatch: &Callback<Action>, errors: usize, warnings: usize) -> Html {
    let button = |sheet: Sheet, id: &'static str, content: Html| {
        let open = lab.sheet == Some(sheet);
        let onclick =
            dispatch.reform(move |_: MouseEvent| Action::ShowSheet((!open).then_some(sheet)));
        html! {
            <button type="button" {id} aria-expanded={open.to_string()} aria-controls="side-column" {onclick}>
                { content }
            </button>
        }
    };
    html! {
        <nav class="panel-bar" aria-label="Panels">
            if lab.loaded.scenario.lesson.is_some() {
                { button(Sheet::Lesson, "show-lesson", html! { "Lesson" }) }
            }
            { button(Sheet::Inspector, "show-inspector", html! { "Inspector" }) }
            { button(Sheet::Diagnostics, "show-diagnostics", html! {
                <>
                    { "Diagnostics " }
                    <span class="diagnostics-badge">
                        { badge_count("broken", "✖", errors, "errors") }
                        { badge_count("degraded", "⚠", warnings, "warnings") }
                    </span>
                </>
            }) }
        </nav>
    }
}

fn badge_count(class: &'static str, icon: &'static str, count: usize, what: &str) -> Html {
    html! {
        <span class={classes!("count", class)}>
            <span aria-hidden="true">{ format!("{icon} ") }</span>
            { count }
            <span class="visually-hidden">{ format!(" {what}") }</span>
        </span>
    }
}

/// A key as pressed.
pub struct Pressed {
    pub key: String,
    /// Ctrl, or Command on a Mac.
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

/// Where a key press lands, as far as the shortcuts care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyTarget {
    /// A text field or a select: every key is the field's.
    Field,
    /// Any other control (a button, a link, a menu, a tab, a dialog, a zone
    /// or a server in the graph): Space and Enter activate it, arrows move
    /// within it.
    Control,
    /// The stepper's own buttons: a teacher who clicked Step keeps pressing →.
    Stepper,
    /// The page itself, or the graph's background.
    Page,
}

/// The one rule for every shortcut. Undo and redo (Ctrl+Z, Ctrl+Shift+Z,
/// Ctrl+Y) act anywhere but in a text field, where the browser undoes the
/// typing. The stepping keys (→ and ← step, Space plays and pauses, and in
/// Classroom mode a presenter remote's PageDown and PageUp) act on the page,
/// the graph's background and the stepper's buttons, never on another
/// control; Escape leaves Classroom mode from anywhere but a field.
pub fn shortcut(
    pressed: &Pressed,
    target: KeyTarget,
    playing: bool,
    classroom: bool,
) -> Option<Action> {
    if pressed.alt || target == KeyTarget::Field {
        return None;
    }
    if pressed.ctrl {
        return match pressed.key.to_ascii_lowercase().as_str() {
            "z" if pressed.shift => Some(Action::Redo),
            "z" => Some(Action::Undo),
            "y" => Some(Action::Redo),
            _ => None,
        };
    }
    if pressed.key == "Escape" && classroom {
        return Some(Action::SetClassroom(false));
    }
    if target == KeyTarget::Control {
        return None;
    }
    match pressed.key.as_str() {
        "ArrowRight" => Some(Action::Step),
        "ArrowLeft" => Some(Action::StepBack),
        " " => Some(Action::Play(!playing)),
        "PageDown" if classroom => Some(Action::Step),
        "PageUp" if classroom => Some(Action::StepBack),
        _ => None,
    }
}

fn key_target(event: &web_sys::Event) -> KeyTarget {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return KeyTarget::Page;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    if matches!(tag.as_str(), "input" | "textarea" | "select") {
        return KeyTarget::Field;
    }
    let inside = |selector: &str| element.closest(selector).ok().flatten().is_some();
    if tag == "button" && inside(".stepper-row") {
        return KeyTarget::Stepper;
    }
    if matches!(tag.as_str(), "button" | "a" | "summary")
        || element.has_attribute("role")
        || element.has_attribute("tabindex")
        || inside("dialog, [role=dialog], details[open]")
    {
        return KeyTarget::Control;
    }
    KeyTarget::Page
}
