//! The browser side of never losing work: the session autosaved in
//! localStorage, restored on the next visit, and a shared link opened on
//! top of it without overwriting it. Storage can be missing (private
//! modes, disabled cookies) or full; then the app keeps working and says
//! so once.

use super::session::{SessionWriter, session_from_json};
use super::state::{Action, Lab};
use crate::persist::{decode_link, link_payload};
use crate::sim::scenarios::default_scenario;
use wasm_bindgen::prelude::*;

/// Where the current session is saved.
pub const SESSION_KEY: &str = "dns-lab.session";
/// The session as it was before a shared link replaced it, until the user
/// brings it back.
pub const BEFORE_LINK_KEY: &str = "dns-lab.before-link";
/// A saved session that could not be restored, kept rather than
/// overwritten, so nothing is lost to a bug or a newer format.
pub const UNREADABLE_KEY: &str = "dns-lab.unreadable";

fn storage() -> Result<web_sys::Storage, String> {
    // Rendered natively (the build's prerendered first view, the tests)
    // there is no browser and nothing saved.
    if !cfg!(target_arch = "wasm32") {
        return Err("there is no browser storage outside a browser".to_string());
    }
    gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| "this browser does not let the page store data".to_string())
}

pub fn read(key: &str) -> Option<String> {
    let storage: Items = storage().ok()?.unchecked_into();
    let item = storage.get_item(key).ok()?;
    if item.is_null() {
        return None;
    }
    // The browser's own encoder and one copy: wasm-bindgen's glue copies
    // an ASCII string into wasm one character at a time in JavaScript,
    // which at start-up runs in the interpreter (the saved 2,000-zone
    // world, 104 KB, took ≈ 36 ms of the first render under the profiler).
    String::from_utf8(Utf8Encoder::new().encode(&item)).ok()
}

#[wasm_bindgen]
extern "C" {
    /// A `Storage`, for a `getItem` that leaves the string in JavaScript.
    #[wasm_bindgen(js_name = Storage)]
    type Items;

    #[wasm_bindgen(catch, method, js_class = Storage, js_name = getItem)]
    fn get_item(this: &Items, key: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;

    #[wasm_bindgen(constructor, js_class = TextEncoder)]
    fn new() -> Utf8Encoder;

    /// The text as UTF-8 (lone surrogates become U+FFFD).
    #[wasm_bindgen(method, js_class = TextEncoder)]
    fn encode(this: &Utf8Encoder, text: &JsValue) -> Vec<u8>;
}

pub fn write(key: &str, value: &str) -> Result<(), String> {
    storage()?
        .set_item(key, value)
        .map_err(|_| "the browser's storage for this page is full or disabled".to_string())
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Saves the session; the error says why it could not be.
pub fn save(lab: &Lab, writer: &mut SessionWriter) -> Result<(), String> {
    write(SESSION_KEY, &writer.to_json(lab))
}

/// The state the page starts in: the saved session if there is one, then
/// a shared link in the address on top of it (the saved session stays one
/// undo away and is also kept under [`BEFORE_LINK_KEY`]). Its query is
/// left for the page to resolve once the graph is up ([`Lab::opening`]).
pub fn startup() -> Lab {
    let saved = read(SESSION_KEY);
    let restored = saved
        .as_deref()
        .map(|json| session_from_json(json).and_then(Lab::reopening));
    let mut lab = match restored {
        None => Lab::opening(default_scenario()).expect("the built-in default scenario loads"),
        Some(Ok(lab)) => lab,
        Some(Err(error)) => {
            keep_unreadable(saved.as_deref());
            Lab::default().apply(Action::Notify(format!(
                "Your saved work could not be restored: {error}. It is kept in this browser's storage as {UNREADABLE_KEY}."
            )))
        }
    };
    if let Some(action) = open_link_in_address() {
        lab = lab.apply(action);
    }
    lab
}

/// The share link in the address bar, if any, as the action that opens
/// it (or says why it cannot be opened); the link is then taken out of the
/// address. The saved session is kept under [`BEFORE_LINK_KEY`] first, so
/// the user's own work stays reachable after the link replaces it.
pub fn open_link_in_address() -> Option<Action> {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let payload = link_payload(&hash)?;
    let action = match decode_link(payload) {
        Ok(scenario) => {
            let kept =
                read(SESSION_KEY).is_some_and(|saved| write(BEFORE_LINK_KEY, &saved).is_ok());
            let title = scenario.title.clone();
            Action::LoadScenario {
                scenario: std::rc::Rc::new(scenario),
                notice: Some(if kept {
                    format!(
                        "Opened the shared scenario \"{title}\". Your own work is kept: Undo, or \"My work\" in the toolbar, brings it back."
                    )
                } else {
                    format!("Opened the shared scenario \"{title}\".")
                }),
            }
        }
        Err(error) => Action::Notify(format!(
            "The shared link could not be opened: {error}. Nothing was changed."
        )),
    };
    clear_fragment();
    Some(action)
}

fn keep_unreadable(saved: Option<&str>) {
    if let Some(saved) = saved {
        let _ = write(UNREADABLE_KEY, saved);
    }
}

/// Takes the link out of the address bar, so a reload shows the user's
/// (autosaved) work rather than opening the link over it again.
fn clear_fragment() {
    let window = gloo::utils::window();
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
