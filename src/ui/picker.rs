//! The scenario picker: the built-in library, searchable and grouped by
//! category. Opening one replaces the world the way an import does, so
//! the learner's own world stays one undo away.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::library::{self, Library, use_library};
use super::state::Action;
use crate::sim::lesson::Category;
use crate::sim::scenario::Scenario;
use crate::sim::scenarios::library;

/// One entry of the library, as the picker lists it (and as the build's
/// library index stores it, src/bin/prerender.rs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub story: String,
    pub has_challenge: bool,
    /// Where the web app fetches the scenario, beside the page; empty where
    /// every scenario is compiled in.
    #[serde(default)]
    pub file: String,
    /// Where the web app fetches the root zone the scenario is built around
    /// ([`crate::sim::scenarios::around_root_zone`]), beside the page; empty
    /// for the scenarios whose file is the whole world.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root_zone: String,
}

impl Entry {
    pub fn of(scenario: &Scenario) -> Option<Entry> {
        let lesson = scenario.lesson.as_ref()?;
        Some(Entry {
            id: lesson.id.clone(),
            title: scenario.title.clone(),
            category: lesson.category,
            story: lesson.story.clone(),
            has_challenge: lesson.challenge.is_some(),
            file: String::new(),
            root_zone: String::new(),
        })
    }

    /// True when every word of `search`, or a word that means the same to
    /// people asking about DNS ([`SYNONYMS`]), is in the title, story,
    /// category or id.
    pub fn matches(&self, search: &str) -> bool {
        let text = format!(
            "{} {} {} {}",
            self.title,
            self.story,
            self.category.title(),
            self.id.replace('-', " ")
        )
        .to_lowercase();
        search
            .to_lowercase()
            .split_whitespace()
            .all(|word| text.contains(word) || synonyms(word).any(|other| text.contains(other)))
    }
}

/// Words people search with, grouped with the words the lessons use for the
/// same thing: a search for one finds the others.
pub const SYNONYMS: &[&[&str]] = &[
    &["mismatch", "differ", "versus", "disagree", "inconsistent"],
    &["lame", "does not load", "not authoritative", "refus"],
    &["glue", "address record"],
    &["loop", "circular", "cycle"],
    &["migration", "migrate", "move", "provider"],
    &["registrar", "registry", "parent"],
    &["nameserver", "name server", "ns record"],
    &["down", "offline", "unreachable", "timeout", "no reply"],
    &["propagation", "propagate", "cache", "ttl"],
];

/// The other words of every group `word` begins a word of.
fn synonyms(word: &str) -> impl Iterator<Item = &'static str> + '_ {
    SYNONYMS
        .iter()
        .filter(move |group| group.iter().any(|term| term.starts_with(word)))
        .flat_map(|group| group.iter().copied())
}

/// The library's entries, in file order.
pub fn entries() -> Vec<Entry> {
    library().iter().filter_map(Entry::of).collect()
}

/// The entries a search and a category choice leave.
pub fn filter<'a>(
    entries: &'a [Entry],
    search: &str,
    category: Option<Category>,
) -> Vec<&'a Entry> {
    entries
        .iter()
        .filter(|e| category.is_none_or(|c| e.category == c) && e.matches(search))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub dispatch: Callback<Action>,
    pub on_close: Callback<()>,
}

#[function_component(ScenarioPicker)]
pub fn scenario_picker(props: &PickerProps) -> Html {
    let (library, retry) = use_library();
    let search = use_state(String::new);
    let category = use_state(|| None::<Category>);
    // The scenario being fetched, and why the last one could not be opened.
    let opening = use_state(|| None::<String>);
    let failed = use_state(|| None::<String>);
    let all = match &library {
        Library::Ready(entries) => Some(entries.clone()),
        _ => None,
    };
    let shown = all
        .as_deref()
        .map(|all| filter(all, &search, *category))
        .unwrap_or_default();

    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            search.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let dialog = use_modal();
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            on_close.emit(());
        })
    };
    // A click on the backdrop lands on the dialog itself, outside its box.
    let on_backdrop = {
        let on_close = props.on_close.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(element) = dialog.cast::<Element>() else {
                return;
            };
            let on_dialog = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| t == element);
            let rect = element.get_bounding_client_rect();
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let outside =
                x < rect.left() || x > rect.right() || y < rect.top() || y > rect.bottom();
            if on_dialog && outside {
                on_close.emit(());
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let chip = |choice: Option<Category>, label: String| {
        let category = category.clone();
        let pressed = *category == choice;
        html! {
            <button type="button" class="chip-button" aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_: MouseEvent| category.set(choice))}>{ label }</button>
        }
    };
    html! {
        <dialog class="picker" id="picker" ref={dialog} aria-labelledby="picker-heading"
            oncancel={on_cancel} onclick={on_backdrop}>
                <div class="picker-top">
                    <h2 id="picker-heading">{ "Scenarios" }</h2>
                    <button type="button" id="picker-close" onclick={close}>{ "Close" }</button>
                </div>
                <p class="muted">{ "Each opens a small world with something to look at, and most with something to fix. Your current world stays one Undo away." }</p>
                <label for="picker-search" class="visually-hidden">{ "Search scenarios" }</label>
                <input id="picker-search" type="search" placeholder="Search: glue, CNAME, lame…" autofocus=true
                    value={(*search).clone()} oninput={on_search} />
                <div class="chips" role="group" aria-label="Category">
                    { chip(None, "All".into()) }
                    { for Category::ALL.iter().map(|c| chip(Some(*c), c.title().to_string())) }
                </div>
                if let Some(error) = (*failed).clone() {
                    <p class="picker-failed" role="alert">{ format!("That scenario could not be opened: {error}. Your world is unchanged.") }</p>
                }
                <ul class="picker-list" aria-live="polite">
                    if let Library::Loading = library {
                        <li class="muted">{ "Loading the library…" }</li>
                    }
                    if let Library::Failed(error) = &library {
                        <li class="picker-failed" role="alert">
                            { format!("The library could not be loaded: {error}.") }
                            <button type="button" id="picker-retry" onclick={retry.reform(|_: MouseEvent| ())}>{ "Try again" }</button>
                        </li>
                    }
                    if all.is_some() && shown.is_empty() {
                        <li class="muted">{ "No scenario matches." }</li>
                    }
                    { for shown.iter().map(|entry| {
                        let open = {
                            let entry = (*entry).clone();
                            let on_close = props.on_close.clone();
                            let dispatch = props.dispatch.reform(move |action: Action| {
                                on_close.emit(());
                                action
                            });
                            let opening = opening.clone();
                            let failed = failed.clone();
                            Callback::from(move |_: MouseEvent| {
                                opening.set(Some(entry.id.clone()));
                                failed.set(None);
                                let opening = opening.clone();
                                let failed = failed.clone();
                                library::open(&entry, dispatch.clone(), Callback::from(move |error| {
                                    opening.set(None);
                                    failed.set(Some(error));
                                }));
                            })
                        };
                        let busy = opening.as_deref() == Some(entry.id.as_str());
                        html! {
                            <li class="picker-entry" data-id={entry.id.clone()}>
                                <div class="entry-head">
                                    <strong>{ entry.title.clone() }</strong>
                                    <span class="tag">{ entry.category.title() }</span>
                                    if entry.has_challenge { <span class="tag">{ "✎ challenge" }</span> }
                                </div>
                                <p>{ entry.story.clone() }</p>
                                <button type="button" class="open-scenario" onclick={open} disabled={busy}
                                    aria-label={format!("Open {}", entry.title)}>{ if busy { "Opening…" } else { "Open" } }</button>
                            </li>
                        }
                    }) }
                </ul>
        </dialog>
    }
}

/// The toolbar button and the picker it opens.
#[function_component(PickerButton)]
pub fn picker_button(props: &PickerButtonProps) -> Html {
    let open = use_state(|| false);
    let opener = use_node_ref();
    // Focus goes back to the button once the picker closes (a scenario
    // opened included), never on the first render.
    let was_open = use_mut_ref(|| false);
    {
        let opener = opener.clone();
        use_effect_with(*open, move |open| {
            if *open {
                *was_open.borrow_mut() = true;
            } else if std::mem::take(&mut *was_open.borrow_mut())
                && let Some(button) = opener.cast::<HtmlElement>()
            {
                let _ = button.focus();
            }
        });
    }
    let show = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <>
            <button type="button" id="open-picker" ref={opener} onclick={show} aria-haspopup="dialog">{ "☰ Scenarios" }</button>
            if *open {
                <ScenarioPicker dispatch={props.dispatch.clone()} {on_close} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PickerButtonProps {
    pub dispatch: Callback<Action>,
}

/// A `<dialog>` shown as a modal once mounted: the browser moves focus in,
/// keeps it there, makes the page behind inert, and turns Escape into
/// `cancel`. The picker and the lesson maker are such dialogs.
#[hook]
pub(super) fn use_modal() -> NodeRef {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(dialog) = dialog.cast::<HtmlDialogElement>()
                && !dialog.open()
            {
                let _ = dialog.show_modal();
            }
        });
    }
    dialog
}
