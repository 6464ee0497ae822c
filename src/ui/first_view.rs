//! The page's first view, prerendered at build time.
//!
//! The build renders [`App`](super::App) on the default scenario to HTML
//! natively (`prerender first-view`, yew's server-side renderer) and
//! scripts/post-build.mjs puts it in `index.html`, so a visitor sees the
//! world, the lesson and the step controls as soon as the HTML and the
//! stylesheets arrive, before the WebAssembly does. The app then renders
//! itself out of sight and, once everything is drawn, takes the first
//! view's place in the same task.

/// The prerendered view's element id (index.html holds the view's place).
pub const ID: &str = "first-view";

/// Whether the page still shows the prerendered first view.
pub fn is_shown() -> bool {
    gloo::utils::document().get_element_by_id(ID).is_some()
}

/// The app, built out of sight in `app_root`, takes the prerendered first
/// view's place: both changes at once, so no frame shows both or neither.
pub fn take_over(app_root: &web_sys::Element) {
    if let Some(view) = gloo::utils::document().get_element_by_id(ID) {
        view.remove();
    }
    let _ = app_root.class_list().remove_1(BUILDING);
}

/// The app root's class while it builds (styles: .app-building).
pub const BUILDING: &str = "app-building";
