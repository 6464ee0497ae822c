//! DOM tests of the reducer-driven interactions, in headless Chromium:
//! the whole app is mounted into the page, real clicks and key presses are
//! dispatched, and what the DOM shows afterwards is checked.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test dom`
//! (scripts/test.sh does, with CHROMEDRIVER set); natively this file is empty.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use dns_lab::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own element and lets it render.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Yew renders on the next tick of the event loop.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// A real, bubbling click event (SVG elements have no `click()` method).
async fn click(root: &Element, selector: &str) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    find(root, selector).dispatch_event(&event).unwrap();
    settle().await;
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_step_buttons_move_the_stepper_and_show_the_trace() {
    let root = mount().await;
    assert!(count(&root, "#graph g.zone") >= 8);
    let before = text(&root, "#step-status");
    click(&root, "#step-forward").await;
    let one = text(&root, "#step-status");
    assert_ne!(before, one);
    assert!(one.starts_with("step 1 of"), "{one}");
    click(&root, "#step-run").await;
    assert!(text(&root, "#step-status").contains("NOERROR"));
    assert!(text(&root, "#panel-trace").contains("+trace"));
    click(&root, "#step-back").await;
    assert!(!text(&root, "#step-status").contains("NOERROR"));
    click(&root, "#step-reset").await;
    assert_eq!(text(&root, "#step-status"), before);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_arrow_keys_step_unless_typing() {
    let root = mount().await;
    let press = |key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        gloo::utils::document().dispatch_event(&event).unwrap();
    };
    press("ArrowRight");
    settle().await;
    assert!(text(&root, "#step-status").starts_with("step 1 of"));
    press("ArrowLeft");
    settle().await;
    assert!(!text(&root, "#step-status").starts_with("step 1 of"));
    root.remove();
}

#[wasm_bindgen_test]
async fn selecting_a_zone_and_removing_its_glue_updates_diagnostics_and_graph() {
    let root = mount().await;
    assert_eq!(count(&root, "#no-findings"), 1);
    click(&root, "#graph g.zone[data-apex=\"test.\"] .zone-hit").await;
    assert_eq!(count(&root, ".zone-inspector[data-apex=\"test.\"]"), 1);
    let editor: HtmlTextAreaElement = find(&root, "#zone-text").dyn_into().unwrap();
    let without_glue: String = editor
        .value()
        .lines()
        .filter(|line| !line.starts_with("ns1.example") && !line.starts_with("ns2.example"))
        .map(|line| format!("{line}\n"))
        .collect();
    editor.set_value(&without_glue);
    click(&root, "#zone-apply").await;
    assert!(count(&root, "#diagnostics li.finding[data-kind=\"MissingGlue\"]") >= 1);
    let edge = find(&root, "#graph g.delegation[data-child=\"example.test.\"]");
    assert!(edge.get_attribute("class").unwrap().contains("broken"));
    assert!(
        find(&root, "#diagnostics-badge")
            .get_attribute("aria-label")
            .unwrap()
            .starts_with("2 errors")
    );
    // Choosing the finding highlights its zone and opens it in the inspector.
    click(&root, "#diagnostics li.finding .finding-title").await;
    assert!(count(&root, "#graph g.zone.focus") >= 1);
    assert_eq!(
        count(&root, ".zone-inspector[data-apex=\"example.test.\"]"),
        1
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_server_taken_down_shows_as_down_on_its_chip() {
    let root = mount().await;
    click(&root, "#graph g.chip[data-server=\"ns1-lab\"]").await;
    assert_eq!(
        count(&root, ".server-inspector[data-server=\"ns1-lab\"]"),
        1
    );
    let select: web_sys::HtmlSelectElement = find(&root, ".server-inspector select.behaviour")
        .dyn_into()
        .unwrap();
    select.set_value("down");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&change).unwrap();
    settle().await;
    let chip = find(&root, "#graph g.chip[data-server=\"ns1-lab\"]");
    assert!(chip.get_attribute("class").unwrap().contains("down"));
    assert!(chip.text_content().unwrap().contains("(down)"));
    root.remove();
}

#[wasm_bindgen_test]
async fn collapsing_a_zone_hides_its_subtree() {
    let root = mount().await;
    let before = count(&root, "#graph g.zone");
    click(&root, "#graph g.zone[data-apex=\"test.\"] .collapse-toggle").await;
    assert_eq!(count(&root, "#graph g.zone"), before - 3);
    assert!(text(&root, "#graph g.zone[data-apex=\"test.\"] .collapse-toggle").contains("+3"));
    root.remove();
}
