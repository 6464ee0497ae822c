//! The built-in library as the web app gets it. Only the default scenario is
//! compiled into the wasm (src/sim/scenarios): the build writes the others
//! beside the page, each in a file named by its content, with an index that
//! `index.html` names in `<meta name="app-library">` (scripts/post-build.mjs).
//! The picker fetches the index when it first opens and a scenario when a
//! learner opens it; the service worker keeps them all for offline use. The
//! real root zone's world is built from a zone file of its own (1.2 MB),
//! fetched only when it is opened and kept offline from then on.
//! Natively (the tests, the prerender) every scenario is compiled in and
//! nothing is fetched.

use std::rc::Rc;

use yew::prelude::*;

use super::picker::{Entry, entries};
use super::state::Action;

/// The library's entries as far as the picker has them.
#[derive(Clone, PartialEq)]
pub enum Library {
    Loading,
    /// Why the index could not be had (offline on a first visit, say).
    /// Only the browser fetches it.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Failed(String),
    Ready(Rc<Vec<Entry>>),
}

/// The library, and a callback that asks for it again after a failure.
#[hook]
pub fn use_library() -> (Library, Callback<()>) {
    let attempt = use_state(|| 0_u32);
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    let library = use_state(|| {
        if cfg!(target_arch = "wasm32") {
            Library::Loading
        } else {
            Library::Ready(Rc::new(entries()))
        }
    });
    #[cfg(target_arch = "wasm32")]
    {
        let library = library.clone();
        use_effect_with(*attempt, move |_| {
            library.set(Library::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = match browser::library_index().await {
                    Ok(entries) => Library::Ready(Rc::new(entries)),
                    Err(error) => Library::Failed(error),
                };
                library.set(loaded);
            });
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = attempt;
    ((*library).clone(), retry)
}

/// Opens `entry`: at once where it is compiled in, once fetched in the
/// browser. `failed` hears why it could not be opened; the world is then
/// unchanged.
pub fn open(entry: &Entry, dispatch: Callback<Action>, failed: Callback<String>) {
    #[cfg(target_arch = "wasm32")]
    {
        let (file, root_zone) = (entry.file.clone(), entry.root_zone.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match browser::scenario(&file, &root_zone).await {
                Ok(scenario) => dispatch.emit(Action::OpenFromLibrary(Rc::new(scenario))),
                Err(error) => failed.emit(error),
            }
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = failed;
        dispatch.emit(Action::OpenBuiltIn(entry.id.clone()));
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::Entry;
    use crate::sim::scenario::Scenario;
    use crate::sim::scenarios::around_root_zone;

    pub async fn library_index() -> Result<Vec<Entry>, String> {
        let url = gloo::utils::document()
            .query_selector(r#"meta[name="app-library"]"#)
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .ok_or("this page does not name its scenario library")?;
        let text = fetch_text(&url).await?;
        serde_json::from_str(&text).map_err(|error| format!("its index is damaged ({error})"))
    }

    /// The scenario in `file`, built around the root zone in `root_zone`
    /// when there is one.
    pub async fn scenario(file: &str, root_zone: &str) -> Result<Scenario, String> {
        let text = fetch_text(file).await?;
        let scenario =
            Scenario::from_json(&text).map_err(|error| format!("the file is damaged ({error})"))?;
        if root_zone.is_empty() {
            return Ok(scenario);
        }
        let zone = fetch_text(root_zone).await?;
        around_root_zone(scenario, &zone)
            .map_err(|error| format!("its root zone is damaged ({error})"))
    }

    async fn fetch_text(url: &str) -> Result<String, String> {
        const OFFLINE: &str = "the site could not be reached (offline?)";
        let response = JsFuture::from(gloo::utils::window().fetch_with_str(url))
            .await
            .map_err(|_| OFFLINE.to_string())?
            .dyn_into::<web_sys::Response>()
            .map_err(|_| OFFLINE.to_string())?;
        if !response.ok() {
            return Err(format!("the site answered {} for {url}", response.status()));
        }
        let text = response.text().map_err(|_| OFFLINE.to_string())?;
        JsFuture::from(text)
            .await
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| OFFLINE.to_string())
    }
}
