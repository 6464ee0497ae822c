//! The web app's entry point. It only mounts the UI; everything else lives in the library.
//!
//! Build and serve it with Trunk (`bash scripts/serve.sh`), not with `cargo run`.

#[cfg(target_arch = "wasm32")]
fn main() {
    // An element of its own: yew empties the element it mounts in, and the
    // body holds the prerendered first view until the app takes its place.
    let document = gloo::utils::document();
    let host = document
        .create_element("div")
        .expect("the page can create an element");
    // No box of its own (styles: .app-host): an empty box that grows to the
    // app's size as the app takes over would count as the page shifting.
    host.set_class_name("app-host");
    document
        .body()
        .expect("the page has a body")
        .append_child(&host)
        .expect("the page takes the app's element");
    yew::Renderer::<dns_lab::ui::App>::with_root(host).render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "dns-lab-web is the DNS Lab web app: it runs in a browser as WebAssembly.\n\
         Build and serve it with Trunk: `bash scripts/serve.sh`, then open http://127.0.0.1:8080\n\
         (run the tests with `bash scripts/test.sh`)."
    );
    std::process::exit(2);
}
