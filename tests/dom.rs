//! DOM tests of the reducer-driven interactions, in headless Chromium:
//! the whole app is mounted into the page, real clicks and key presses are
//! dispatched, and what the DOM shows afterwards is checked.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test dom`
//! (scripts/test.sh does, with CHROMEDRIVER set); natively this file is empty.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use dns_lab::ui::App;
use dns_lab::ui::session::session_from_json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A mounted app; dropping it unmounts the app (and its document-wide key
/// listener) and removes its element, so tests never see each other.
struct Mounted {
    root: Element,
    app: Option<yew::AppHandle<App>>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

/// Mounts a fresh app in its own element and waits for its first render.
async fn mount() -> Mounted {
    // Each test starts from the default scenario, not from what an earlier
    // test autosaved.
    gloo::utils::window()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    let mounted = Mounted {
        root,
        app: Some(app),
    };
    wait_until("the graph is drawn", || {
        count(&mounted, "#graph g.zone") > 0
    })
    .await;
    // Effects (the key listener, the first fit) run after the first render.
    settle().await;
    mounted
}

/// Yew renders on a later tick of the event loop.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

/// Polls until `condition` holds; a busy machine may take a few ticks.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting until {what}");
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
    // The page resolves its first query once the graph is up.
    assert!(before.starts_with("Ready: 4 steps"), "{before}");
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
    wait_until("ArrowRight steps", || {
        text(&root, "#step-status").starts_with("step 1 of")
    })
    .await;
    press("ArrowLeft");
    wait_until("ArrowLeft steps back", || {
        !text(&root, "#step-status").starts_with("step 1 of")
    })
    .await;
}

/// One rule for the shortcuts (src/ui/workbench.rs): on a zone of the
/// graph or any other control they do nothing; on the stepper's buttons
/// they step.
#[wasm_bindgen_test]
async fn the_stepping_keys_leave_zones_and_other_controls_to_themselves() {
    let root = mount().await;
    let press_on = |selector: &str, key: &str| press(&root, selector, key);
    let before = text(&root, "#step-status");
    for selector in ["#graph g.zone-hit", "#open-picker", ".export-menu summary"] {
        press_on(selector, "ArrowRight");
        press_on(selector, " ");
    }
    settle().await;
    assert_eq!(
        text(&root, "#step-status"),
        before,
        "a key on a control stepped"
    );
    assert_eq!(
        find(&root, "#step-play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false"),
        "Space on a control started autoplay"
    );
    press_on("#step-forward", "ArrowRight");
    wait_until("ArrowRight on the Step button steps", || {
        text(&root, "#step-status").starts_with("step 1 of")
    })
    .await;
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
    wait_until("missing glue is found", || {
        count(&root, "#diagnostics li.finding[data-kind=\"missing-glue\"]") >= 1
    })
    .await;
    let edge = find(&root, "#graph g.delegation[data-child=\"example.test.\"]");
    assert!(edge.get_attribute("class").unwrap().contains("broken"));
    assert!(text(&root, "#diagnostics-badge .count.broken").contains("2 errors"));
    // Choosing the finding highlights its zone and opens it in the inspector.
    click(&root, "#diagnostics li.finding .finding-title").await;
    assert!(count(&root, "#graph g.zone.focus") >= 1);
    assert_eq!(
        count(&root, ".zone-inspector[data-apex=\"example.test.\"]"),
        1
    );
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
}

#[wasm_bindgen_test]
async fn collapsing_a_zone_hides_its_subtree() {
    let root = mount().await;
    let before = count(&root, "#graph g.zone");
    click(&root, "#graph g.zone[data-apex=\"test.\"] .collapse-toggle").await;
    assert_eq!(count(&root, "#graph g.zone"), before - 3);
    assert!(text(&root, "#graph g.zone[data-apex=\"test.\"] .collapse-toggle").contains("+3"));
    // From the keyboard, as a tree: ArrowRight on the closed zone opens it,
    // ArrowDown moves the focus to the next zone, ArrowLeft to the parent.
    let press = |selector: &str, key: &str| press(&root, selector, key);
    let test_zone = "#graph g.zone[data-apex=\"test.\"] .zone-hit";
    assert_eq!(
        find(&root, test_zone)
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
    press(test_zone, "ArrowRight");
    wait_until("ArrowRight on the closed zone unfolds it", || {
        count(&root, "#graph g.zone") == before
    })
    .await;
    press(test_zone, "ArrowDown");
    let focused = || {
        gloo::utils::document()
            .active_element()
            .and_then(|e| e.parent_element())
            .and_then(|g| g.get_attribute("data-apex"))
    };
    let below = focused().expect("ArrowDown focused a zone");
    assert!(below.ends_with(".test."), "ArrowDown went to {below}");
    // ArrowLeft closes an open zone first (APG), then goes to the parent.
    let below_zone = format!("#graph g.zone[data-apex=\"{below}\"] .zone-hit");
    let expanded = |root: &Element| find(root, &below_zone).get_attribute("aria-expanded");
    if expanded(&root).as_deref() == Some("true") {
        press(&below_zone, "ArrowLeft");
        wait_until("ArrowLeft closes the open zone", || {
            expanded(&root).as_deref() == Some("false")
        })
        .await;
    }
    press(&below_zone, "ArrowLeft");
    assert_eq!(
        focused().as_deref(),
        Some("test."),
        "ArrowLeft did not go to the parent"
    );
}

#[wasm_bindgen_test]
async fn the_registrar_form_removes_and_adds_glue_in_the_parent_zone() {
    let root = mount().await;
    click(
        &root,
        "#graph g.zone[data-apex=\"example.test.\"] .zone-hit",
    )
    .await;
    let glue_buttons = count(&root, "#registrar-glue button.remove");
    assert_eq!(glue_buttons, 3, "two A and one AAAA glue records");
    // Remove every glue record, one click at a time.
    for _ in 0..glue_buttons {
        click(&root, "#registrar-glue button.remove").await;
    }
    wait_until("missing glue is found", || {
        count(&root, "#diagnostics li.finding[data-kind=\"missing-glue\"]") == 2
    })
    .await;
    // Add it back through the form.
    for (host, address) in [
        ("ns1.example.test.", "198.51.100.10"),
        ("ns2.example.test.", "198.51.100.11"),
    ] {
        let set = |id: &str, value: &str| {
            find(&root, id)
                .dyn_into::<web_sys::HtmlInputElement>()
                .unwrap()
                .set_value(value)
        };
        set("#add-glue-host", host);
        set("#add-glue-address", address);
        click(&root, "#add-glue").await;
        // Added: the fields are empty for the next one.
        for id in ["#add-glue-host", "#add-glue-address"] {
            let field: web_sys::HtmlInputElement = find(&root, id).dyn_into().unwrap();
            assert_eq!(field.value(), "", "{id} kept its text after the add");
        }
    }
    wait_until("the glue mends the zone", || {
        count(&root, "#diagnostics li.finding[data-kind=\"missing-glue\"]") == 0
    })
    .await;
    // The parent's text kept its comments.
    click(&root, "#graph g.zone[data-apex=\"test.\"] .zone-hit").await;
    let text: HtmlTextAreaElement = find(&root, "#zone-text").dyn_into().unwrap();
    assert!(text.value().contains("; example.test. runs its own"));
    assert!(
        text.value()
            .contains("ns1.example.test. 86400 IN A 198.51.100.10")
    );
}

fn set_input(root: &Element, selector: &str, value: &str) {
    find(root, selector)
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .set_value(value);
}

/// A key pressed on the element `selector` finds, as a keydown that
/// bubbles.
fn press(root: &Element, selector: &str, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(root, selector).dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_record_table_adds_a_record_on_enter_and_removes_it() {
    let root = mount().await;
    click(&root, "#graph g.zone[data-apex=\"shop.test.\"] .zone-hit").await;
    let rows = count(&root, "#zone-records tbody tr");
    set_input(&root, "#record-owner", "api");
    set_input(&root, "#record-data", "203.0.113.99");
    press(&root, "#record-data", "Enter");
    wait_until("the record is added", || {
        count(&root, "#zone-records tbody tr") == rows + 1
    })
    .await;
    let editor: HtmlTextAreaElement = find(&root, "#zone-text").dyn_into().unwrap();
    assert!(
        editor.value().contains("api.shop.test. "),
        "{}",
        editor.value()
    );
    // A row that does not read is refused with a notice, and nothing changes.
    set_input(&root, "#record-owner", "bad");
    set_input(&root, "#record-data", "203.0.113.300");
    click(&root, "#record-add").await;
    assert!(text(&root, ".app-notice").contains("was not added"));
    assert_eq!(count(&root, "#zone-records tbody tr"), rows + 1);
    click(
        &root,
        "#zone-records button[aria-label^=\"Remove api.shop.test.\"]",
    )
    .await;
    wait_until("the record is removed", || {
        count(&root, "#zone-records tbody tr") == rows
    })
    .await;
}

/// Types into the zone editor as a user does: the value changes, then an
/// `input` event says so.
fn type_into_editor(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = find(root, "#zone-text").dyn_into().unwrap();
    editor.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    editor.dispatch_event(&event).unwrap();
}

fn editor_text(root: &Element) -> String {
    find(root, "#zone-text")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value()
}

#[wasm_bindgen_test]
async fn typed_zone_text_survives_table_edits_and_selections_and_ctrl_enter_keeps_focus() {
    let root = mount().await;
    click(&root, "#graph g.zone[data-apex=\"shop.test.\"] .zone-hit").await;
    let typed = format!("{}typed IN A 203.0.113.7\n", editor_text(&root));
    type_into_editor(&root, &typed);
    settle().await;
    assert_eq!(
        count(&root, "#zone-unapplied"),
        1,
        "no unapplied-changes notice"
    );
    // A record added with the table goes into the world and into the draft.
    let rows = count(&root, "#zone-records tbody tr");
    set_input(&root, "#record-owner", "api");
    set_input(&root, "#record-data", "203.0.113.99");
    click(&root, "#record-add").await;
    wait_until("the record is in the world", || {
        count(&root, "#zone-records tbody tr") == rows + 1
    })
    .await;
    let text = editor_text(&root);
    assert!(
        text.contains("typed IN A 203.0.113.7"),
        "the typed line is gone: {text}"
    );
    assert!(
        text.contains("api"),
        "the draft lacks the table's record: {text}"
    );
    assert_eq!(count(&root, "#zone-unapplied"), 1);
    // Another zone, then back: the draft is still there.
    click(&root, "#graph g.zone[data-apex=\"test.\"] .zone-hit").await;
    assert!(!editor_text(&root).contains("typed IN A"));
    click(&root, "#graph g.zone[data-apex=\"shop.test.\"] .zone-hit").await;
    assert!(editor_text(&root).contains("typed IN A 203.0.113.7"));
    // Ctrl+Enter applies and leaves the caret in the editor.
    let editor: HtmlTextAreaElement = find(&root, "#zone-text").dyn_into().unwrap();
    editor.focus().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    editor.dispatch_event(&event).unwrap();
    wait_until("the draft is applied", || {
        count(&root, "#zone-unapplied") == 0
    })
    .await;
    let focused = gloo::utils::document().active_element().map(|e| e.id());
    assert_eq!(
        focused.as_deref(),
        Some("zone-text"),
        "focus left the editor"
    );
    assert!(editor_text(&root).contains("typed"));
}

#[wasm_bindgen_test]
async fn the_server_form_renumbers_a_server_and_unloads_a_zone() {
    let root = mount().await;
    click(&root, "#graph g.chip[data-server=\"ns1-lab\"]").await;
    set_input(&root, "#server-addresses", "198.51.100.99");
    click(&root, "#server-save").await;
    wait_until("the old address goes unanswered", || {
        count(
            &root,
            "#diagnostics li.finding[data-kind=\"unresponsive-server\"]",
        ) == 1
    })
    .await;
    let saved: web_sys::HtmlInputElement = find(&root, "#server-addresses").dyn_into().unwrap();
    assert_eq!(saved.value(), "198.51.100.99");
    // Untick the one zone it loads: it is no longer drawn serving it.
    let loaded = find(&root, ".zones-loaded input:checked");
    loaded.dyn_ref::<web_sys::HtmlElement>().unwrap().click();
    settle().await;
    wait_until("the chip is gone", || {
        count(&root, "#graph g.chip[data-server=\"ns1-lab\"]") == 0
    })
    .await;
}

#[wasm_bindgen_test]
async fn undo_and_redo_by_button_and_by_keys() {
    let root = mount().await;
    assert!(find(&root, "#undo").has_attribute("disabled"));
    click(&root, "#graph g.zone[data-apex=\"shop.test.\"] .zone-hit").await;
    click(&root, "#remove-zone").await;
    wait_until("the zone is gone", || {
        count(&root, "#graph g.zone[data-apex=\"shop.test.\"]") == 0
    })
    .await;
    click(&root, "#undo").await;
    wait_until("undo brings it back", || {
        count(&root, "#graph g.zone[data-apex=\"shop.test.\"]") == 1
    })
    .await;
    let ctrl = |key: &str, shift: bool| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_ctrl_key(true);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        gloo::utils::document().dispatch_event(&event).unwrap();
    };
    ctrl("Z", true);
    wait_until("Ctrl+Shift+Z redoes", || {
        count(&root, "#graph g.zone[data-apex=\"shop.test.\"]") == 0
    })
    .await;
    ctrl("z", false);
    wait_until("Ctrl+Z undoes", || {
        count(&root, "#graph g.zone[data-apex=\"shop.test.\"]") == 1
    })
    .await;
    ctrl("y", false);
    wait_until("Ctrl+Y redoes", || {
        count(&root, "#graph g.zone[data-apex=\"shop.test.\"]") == 0
    })
    .await;
}

#[wasm_bindgen_test]
async fn every_change_is_autosaved() {
    let root = mount().await;
    click(&root, "#graph g.chip[data-server=\"ns1-lab\"]").await;
    click(&root, "#remove-server").await;
    let saved_servers = || -> Vec<String> {
        let saved = dns_lab::ui::storage::read(dns_lab::ui::storage::SESSION_KEY);
        let Some(session) = saved.and_then(|json| session_from_json(&json).ok()) else {
            return Vec::new();
        };
        let servers = session.scenario.servers.iter();
        servers.map(|server| server.id.to_string()).collect()
    };
    wait_until("the session is saved without the server", || {
        let servers = saved_servers();
        servers.iter().any(|id| id == "ns2-lab") && !servers.iter().any(|id| id == "ns1-lab")
    })
    .await;
}

/// The dig console in the page: a command runs, its server can be shown
/// in the inspector, ↑ and ↓ walk the history, and a bad command gets
/// usage help.
#[wasm_bindgen_test]
async fn the_dig_console_runs_recalls_and_shows_the_server_asked() {
    let root = mount().await;
    let input = || -> web_sys::HtmlInputElement { find(&root, "#dig-input").dyn_into().unwrap() };
    let type_line = |text: &str| {
        input().set_value(text);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
        input().dispatch_event(&event).unwrap();
    };
    let submit = || {
        find(&root, "#dig-form")
            .dyn_into::<web_sys::HtmlFormElement>()
            .unwrap()
            .request_submit()
            .unwrap()
    };
    let key = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        input().dispatch_event(&event).unwrap();
    };

    type_line("dig NS example.test @ns1.nic.test");
    settle().await;
    submit();
    wait_until("the referral is shown", || {
        text(&root, "#dig-transcript").contains("AUTHORITY SECTION")
    })
    .await;
    assert_eq!(input().value(), "");
    // The step status did not move: arrows in the console are its own.
    let status = text(&root, "#step-status");

    click(&root, ".dig-show-server").await;
    assert_eq!(
        count(&root, ".server-inspector[data-server=\"ns1-nic-test\"]"),
        1
    );

    type_line("dig dra");
    settle().await;
    key("ArrowUp");
    settle().await;
    assert_eq!(input().value(), "dig NS example.test @ns1.nic.test");
    key("ArrowDown");
    settle().await;
    assert_eq!(input().value(), "dig dra");
    assert_eq!(text(&root, "#step-status"), status);

    type_line("dig +frobnicate example.test");
    settle().await;
    submit();
    wait_until("usage help is shown", || count(&root, ".dig-error") == 1).await;
    assert!(text(&root, ".dig-error").contains("Usage:"));
}

/// The propagation view in the page: a snapshot, an edit of the answer,
/// and the resolvers catching up as their clock advances.
#[wasm_bindgen_test]
async fn the_propagation_view_shows_resolvers_catch_up_after_an_edit() {
    let root = mount().await;
    click(&root, "#prop-prime").await;
    wait_until("a row per resolver", || {
        count(&root, "#prop-table .prop-row") == 12
    })
    .await;
    assert_eq!(count(&root, "#prop-table .prop-row.stale"), 0);
    // Change the address www.example.test. leads to.
    click(
        &root,
        "#graph g.zone[data-apex=\"example.test.\"] .zone-hit",
    )
    .await;
    let editor: HtmlTextAreaElement = find(&root, "#zone-text").dyn_into().unwrap();
    editor.set_value(&editor.value().replace("198.51.100.80", "198.51.100.81"));
    click(&root, "#zone-apply").await;
    wait_until("some resolvers are stale", || {
        count(&root, "#prop-table .prop-row.stale") > 0
    })
    .await;
    click(&root, "#prop-advance-86400").await;
    wait_until("every resolver is up to date a day later", || {
        count(&root, "#prop-table .prop-row.stale") == 0
    })
    .await;
    assert!(text(&root, "#prop-summary").contains("All 12 resolvers give the new answer"));
}
