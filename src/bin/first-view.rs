//! Prints the web app's first view as HTML: the app on the default scenario,
//! every panel drawn, rendered natively by yew's server-side renderer.
//! scripts/post-build.mjs runs it and puts the HTML in the built index.html
//! (src/ui/first_view.rs tells why).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
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
    let html = tokio::task::LocalSet::new().block_on(
        &runtime,
        LocalServerRenderer::<App>::with_props(props)
            .hydratable(false)
            .render(),
    );
    println!("{html}");
}

/// The build runs this natively; there is nothing for it to do in a browser.
#[cfg(target_arch = "wasm32")]
fn main() {}
