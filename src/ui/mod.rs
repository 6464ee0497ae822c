//! The imperative shell: yew function components over one reducer.
//!
//! Everything here reads the simulation core (`crate::sim`) and never the
//! other way round. [`state::Lab`] holds the whole state and changes only
//! through [`state::Action`]s; components render it and dispatch actions,
//! and the only effects are timers (autoplay), the autosave to the
//! browser's storage, and the global keys (→ and ← step, space plays and
//! pauses, Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo). Names, records and
//! titles are always rendered as text, never as HTML.

pub mod diagnostics;
mod form;
pub mod graph;
pub mod inspector;
pub mod resolution;
mod server_editor;
pub mod session;
pub mod state;
pub mod storage;
mod toolbar;
mod zone_editor;

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use diagnostics::{DiagnosticsPanel, counts};
use graph::GraphView;
use inspector::Inspector;
use resolution::ResolutionPanel;
use state::{Action, Lab, Store};
use toolbar::Toolbar;

/// How long the page waits after a change before saving it: typing or
/// autoplay makes many changes a second, and one write is enough.
const AUTOSAVE_DELAY_MS: u32 = 400;

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(|| Store(Rc::new(storage::startup())));
    let dispatch = {
        let store = store.dispatcher();
        use_callback((), move |action: Action, _| store.dispatch(action))
    };

    // Keys: → and ← step, space plays and pauses, unless typing.
    {
        let dispatch = dispatch.clone();
        let playing = store.0.query.playing;
        use_effect_with(playing, move |&playing| {
            // Not passive: the keys must not also scroll the page.
            let options = EventListenerOptions::enable_prevent_default();
            let document = gloo::utils::document();
            let listener =
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if event.alt_key() || typing(event) {
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
                    let action = match event.key().as_str() {
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

    // Autosave, debounced: each change restarts the wait. When storage
    // fails, the user hears it once and the app goes on.
    {
        let dispatch = dispatch.clone();
        let warned = use_mut_ref(|| false);
        use_effect_with((*store).clone(), move |Store(lab)| {
            let lab = Rc::clone(lab);
            let timeout = Timeout::new(AUTOSAVE_DELAY_MS, move || {
                if let Err(error) = storage::save(&lab) {
                    if !*warned.borrow() {
                        *warned.borrow_mut() = true;
                        dispatch.emit(Action::Notify(format!(
                            "Your work is not being saved in this browser: {error}. Everything still works; use Export to keep a copy."
                        )));
                    }
                } else {
                    *warned.borrow_mut() = false;
                }
            });
            move || drop(timeout)
        });
    }

    let lab: Rc<Lab> = Rc::clone(&store.0);
    let (errors, warnings, notices) = counts(&lab.loaded.findings);
    let badge_label = format!("{errors} errors, {warnings} warnings, {notices} notices");
    html! {
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
            <main id="main" class="workspace">
                <GraphView lab={lab.clone()} dispatch={dispatch.clone()} />
                <Inspector lab={lab.clone()} dispatch={dispatch.clone()} />
                <ResolutionPanel lab={lab.clone()} dispatch={dispatch.clone()} />
                <DiagnosticsPanel lab={lab.clone()} dispatch={dispatch.clone()} />
            </main>
            <footer class="app-footer">
                <p>{ "Nothing here touches the real network: every server, zone and resolver is simulated in your browser." }</p>
            </footer>
        </>
    }
}

/// True when the key goes to a text field, a select or a button, which
/// have their own uses for arrows and space.
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(
                element.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select" | "button"
            ) || element.get_attribute("role").as_deref() == Some("tab")
        })
}
