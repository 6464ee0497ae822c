//! The web app's entry point. It only mounts the UI; everything else lives in the library.
//!
//! Build and serve it with Trunk (`bash scripts/serve.sh`), not with `cargo run`.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<dns_lab::ui::App>::new().render();
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
