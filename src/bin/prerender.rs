//! What the build renders natively for the static site; scripts/post-build.mjs
//! runs it.
//!
//! - `prerender first-view` prints the web app's first view as HTML: the app
//!   on the default scenario, every panel drawn, rendered by yew's server-side
//!   renderer (src/ui/first_view.rs tells why);
//! - `prerender library` prints the built-in library as JSON, each entry as
//!   the picker lists it with the scenario's own JSON beside it; the hook
//!   writes each scenario to a file of its own, which the web app fetches when
//!   a learner opens it (src/ui/library.rs); the real root zone's entry also
//!   names the zone file its world is built around (`root_zone_source`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("first-view") => println!("{}", first_view()),
        Some("library") => println!("{}", library()),
        _ => {
            eprintln!("usage: prerender first-view | library");
            std::process::exit(2);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn first_view() -> String {
    use std::rc::Rc;

    use dns_lab::ui::state::Lab;
    use dns_lab::ui::{App, AppProps};
    use yew::LocalServerRenderer;

    let props = AppProps {
        first_view: Some(Rc::new(Lab::default())),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a single-threaded runtime starts");
    // Not hydratable: the app renders its own DOM and replaces this one, so
    // the markers yew's hydration needs would be dead weight.
    tokio::task::LocalSet::new().block_on(
        &runtime,
        LocalServerRenderer::<App>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[cfg(not(target_arch = "wasm32"))]
fn library() -> String {
    use dns_lab::sim::scenarios::{BUILT_IN, REAL_ROOT_ZONE, ROOT_ZONE_PATH, built_in};
    use dns_lab::ui::picker::Entry;

    let entries: Vec<serde_json::Value> = BUILT_IN
        .iter()
        .filter(|(id, _)| *id != "default")
        .filter_map(|(id, json)| {
            let entry = Entry::of(&built_in(id)?)?;
            let mut value = serde_json::to_value(entry).ok()?;
            value["json"] = serde_json::Value::String((*json).to_string());
            // The hook publishes the zone file beside the page and names it
            // in the entry's `root_zone`.
            if *id == REAL_ROOT_ZONE {
                value["root_zone_source"] = ROOT_ZONE_PATH.into();
            }
            Some(value)
        })
        .collect();
    serde_json::Value::Array(entries).to_string()
}

/// The build runs this natively; there is nothing for it to do in a browser.
#[cfg(target_arch = "wasm32")]
fn main() {}
