//! The header toolbar: undo and redo, a share link, import and export.
//! What is encoded and how files are read is pure (`crate::persist`);
//! this module only moves bytes between the page, the clipboard, files and
//! downloads.

use std::cell::RefCell;
use std::rc::Rc;

use base64::Engine;
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::LabProps;
use super::form::focus_on;
use super::session::session_from_json;
use super::state::{Action, AuthorEdit, CourseEdit, Selection};
use super::storage;
use crate::persist::{
    ImportError, Imported, LINK_KEY, MAX_IMPORT_BYTES, encode_link, export_bundle, import_files,
    zone_file,
};

#[function_component(Toolbar)]
pub fn toolbar(props: &LabProps) -> Html {
    let lab = &props.lab;
    let dispatch = &props.dispatch;
    let share_link = use_state(|| None::<String>);
    // A link is of the world it was made from: another world, or Classroom
    // mode's projector, closes it.
    {
        let share_link = share_link.clone();
        let world = Rc::as_ptr(&lab.loaded.scenario) as usize;
        use_effect_with((world, lab.classroom), move |_| share_link.set(None));
    }
    // On a narrow screen the toolbar folds into a menu (styles:
    // .toolbar.open); choosing an item folds it again.
    let menu_open = use_state(|| false);
    let toggle_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(!*menu_open))
    };
    let chosen = {
        let menu_open = menu_open.clone();
        Callback::from(move |e: MouseEvent| {
            let on_button = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("button").ok().flatten())
                .is_some();
            if on_button {
                menu_open.set(false);
            }
        })
    };
    let menu_keys = {
        let menu_open = menu_open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *menu_open {
                menu_open.set(false);
                focus_on("toolbar-menu");
            }
        })
    };
    // The file reads under way; dropping them cancels them.
    let reading = use_mut_ref(Vec::<FileReader>::new);

    let undo = emit(dispatch, Action::Undo);
    let redo = emit(dispatch, Action::Redo);

    let share = {
        let share_link = share_link.clone();
        let scenario = Rc::clone(&lab.loaded.scenario);
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let link = share_url(&encode_link(&scenario));
            copy_to_clipboard(&link, &dispatch);
            share_link.set(Some(link));
        })
    };
    let close_share = {
        let share_link = share_link.clone();
        Callback::from(move |_: MouseEvent| share_link.set(None))
    };

    let on_file = {
        let dispatch = dispatch.clone();
        let scenario = Rc::clone(&lab.loaded.scenario);
        let reading = Rc::clone(&reading);
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let files: Vec<web_sys::File> = input
                .files()
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            if files.is_empty() {
                return;
            }
            // Let the same files be chosen again after a fix.
            input.set_value("");
            read_import(files, Rc::clone(&scenario), dispatch.clone(), &reading);
        })
    };

    let export_json = {
        let scenario = Rc::clone(&lab.loaded.scenario);
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}.dnslab.json", slug(&scenario.title)),
                "application/json",
                &scenario.to_json(),
            )
        })
    };
    let export_bundle_click = {
        let scenario = Rc::clone(&lab.loaded.scenario);
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}.zones.txt", slug(&scenario.title)),
                "text/plain",
                &export_bundle(&scenario),
            )
        })
    };
    let selected_zone = match &lab.selection {
        Some(Selection::Zone(apex)) => lab
            .loaded
            .scenario
            .zone_source(apex)
            .map(|z| (z.apex.clone(), z.text.clone())),
        _ => None,
    };
    let export_zone = selected_zone.clone().map(|(apex, text)| {
        Callback::from(move |_: MouseEvent| {
            let name = if apex.is_root() {
                "root".to_string()
            } else {
                apex.to_string().trim_end_matches('.').to_string()
            };
            download(
                &format!("{name}.zone"),
                "text/plain",
                &zone_file(&apex, &text),
            )
        })
    });
    let export_svg = {
        let title = lab.loaded.scenario.title.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let file_name = format!("{}.svg", slug(&title));
            with_whole_graph(&dispatch, move |dispatch| match graph_svg() {
                Some(svg) => download(&file_name, "image/svg+xml", &svg.text),
                None => dispatch.emit(Action::Notify("There is no graph to export.".into())),
            })
        })
    };
    let export_png = {
        let title = lab.loaded.scenario.title.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let file_name = format!("{}.png", slug(&title));
            with_whole_graph(&dispatch, move |dispatch| {
                if let Err(message) = download_png(&file_name) {
                    dispatch.emit(Action::Notify(message));
                }
            })
        })
    };

    // The user's own work from before a shared link, while it is kept.
    let before_link = storage::read(storage::BEFORE_LINK_KEY);
    let my_work = before_link.map(|json| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            match session_from_json(&json) {
                Ok(session) => {
                    dispatch.emit(Action::LoadScenario {
                        scenario: Rc::new(session.scenario),
                        notice: Some(
                            "Your work from before the shared link is back. Undo returns to the shared scenario."
                                .into(),
                        ),
                    });
                    storage::remove(storage::BEFORE_LINK_KEY);
                }
                Err(error) => dispatch.emit(Action::Notify(format!(
                    "Your earlier work could not be read: {error}"
                ))),
            }
        })
    });

    html! {
        <nav class={classes!("toolbar", menu_open.then_some("open"))} aria-label="Scenario" onkeydown={menu_keys}>
            <button type="button" id="toolbar-menu" class="menu-toggle" aria-expanded={menu_open.to_string()}
                aria-controls="toolbar-items" onclick={toggle_menu}>{ "⋯ Menu" }</button>
            <div class="toolbar-items" id="toolbar-items" onclick={chosen}>
            // On a laptop's width Undo and Redo keep only their arrows (the
            // names stay in aria-label and title), to keep the header one row.
            <button type="button" id="undo" onclick={undo} disabled={!lab.can_undo()} aria-label="Undo"
                title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z">{ "↶" }<span class="text">{ " Undo" }</span></button>
            <button type="button" id="redo" onclick={redo} disabled={!lab.can_redo()} aria-label="Redo"
                title="Redo (Ctrl+Shift+Z or Ctrl+Y)" aria-keyshortcuts="Control+Shift+Z Control+Y">{ "↷" }<span class="text">{ " Redo" }</span></button>
            if let Some(onclick) = my_work {
                <button type="button" id="my-work" {onclick} title="Open the work you had before the shared link">{ "⟲ My work" }</button>
            }
            <button type="button" id="share" onclick={share}>{ "↗ Share" }</button>
            <button type="button" id="make-lesson" onclick={emit(dispatch, Action::Author(AuthorEdit::Open))}
                title="Make a lesson about this world: its story, query and fix-it challenge, to share">{ "✎ New lesson" }</button>
            <label class="button" for="import-file" tabindex="0" id="import-label"
                onkeydown={Callback::from(|e: KeyboardEvent| {
                    // A label is not a button: open the file picker on Enter and Space too.
                    if e.key() == "Enter" || e.key() == " " {
                        e.prevent_default();
                        if let Some(input) = gloo::utils::document().get_element_by_id("import-file")
                            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                            input.click();
                        }
                    }
                })}>
                { "⤒ Import" }
            </label>
            // No `accept` filter: files a zone includes are named anything
            // (db.hosts, keys.inc), and the import reads what it is given.
            <input type="file" id="import-file" class="visually-hidden" tabindex="-1" multiple=true
                onchange={on_file} />
            <details class="export-menu">
                <summary>{ "⤓ Export" }</summary>
                <div class="menu" role="group" aria-label="Export" onclick={Callback::from(|_: MouseEvent| close_export_menu())}>
                    <button type="button" id="export-json" onclick={export_json}>{ "Scenario (JSON)" }</button>
                    <button type="button" id="export-bundle" onclick={export_bundle_click}>{ "All zones (one text file)" }</button>
                    if let (Some((apex, _)), Some(onclick)) = (selected_zone, export_zone) {
                        <button type="button" id="export-zone" {onclick}>{ format!("Zone file of {apex}") }</button>
                    }
                    <button type="button" id="export-svg" onclick={export_svg}>{ "Graph picture (SVG)" }</button>
                    <button type="button" id="export-png" onclick={export_png}>{ "Graph picture (PNG)" }</button>
                </div>
            </details>
            <button type="button" id="compare-toggle" aria-pressed={lab.compare.to_string()}
                onclick={emit(dispatch, Action::SetCompare(!lab.compare))}
                title="Step the same query under both resolver presets, side by side">{ "⇆ Compare" }</button>
            <button type="button" id="classroom-toggle" aria-pressed={lab.classroom.to_string()}
                onclick={emit(dispatch, Action::SetClassroom(!lab.classroom))}
                title="Only the graph and the stepper, in large type (Escape leaves)">{ "▣ Classroom" }</button>
            </div>
            if let Some(link) = (*share_link).clone() {
                <div class="share-box" role="dialog" aria-label="Share link" onkeydown={
                    let share_link = share_link.clone();
                    Callback::from(move |e: KeyboardEvent| if e.key() == "Escape" { share_link.set(None) })
                }>
                    <label for="share-link">{ format!("Link to this scenario ({} characters; the scenario travels in the link itself, nothing is uploaded):", link.len()) }</label>
                    <input id="share-link" type="text" readonly=true value={link}
                        onfocus={Callback::from(|e: FocusEvent| {
                            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() { input.select(); }
                        })} />
                    <button type="button" onclick={close_share}>{ "Close" }</button>
                </div>
            }
        </nav>
    }
}

/// Folds the export menu away once an item is chosen.
fn close_export_menu() {
    if let Ok(Some(menu)) = gloo::utils::document().query_selector(".export-menu") {
        let _ = menu.remove_attribute("open");
    }
}

fn emit(dispatch: &Callback<Action>, action: Action) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.emit(action.clone()))
}

/// The page's address with `payload` as its share fragment.
pub(super) fn share_url(payload: &str) -> String {
    let location = gloo::utils::window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    format!("{base}#{LINK_KEY}{payload}")
}

pub(super) fn copy_to_clipboard(text: &str, dispatch: &Callback<Action>) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let promise = clipboard.write_text(text);
    let dispatch = dispatch.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let message = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => "The link is copied to the clipboard.",
            Err(_) => "The browser did not allow copying: select the link below and copy it.",
        };
        dispatch.emit(Action::Notify(message.into()));
    });
}

/// Reads the chosen files and imports them together (a zone file with the
/// files it includes); files too big are refused before any is read.
fn read_import(
    files: Vec<web_sys::File>,
    scenario: Rc<crate::sim::scenario::Scenario>,
    dispatch: Callback<Action>,
    reading: &Rc<RefCell<Vec<FileReader>>>,
) {
    let names: Vec<String> = files.iter().map(|f| f.name()).collect();
    let what = names.join(", ");
    let size: usize = files.iter().map(|f| f.size() as usize).sum();
    if size > MAX_IMPORT_BYTES {
        let error = crate::persist::ImportError::FileTooBig {
            size,
            limit: MAX_IMPORT_BYTES,
        };
        dispatch.emit(Action::Notify(format!("{what} was not imported: {error}.")));
        return;
    }
    // Each file's bytes as they arrive; the import runs when the last does.
    let read: Rc<RefCell<Vec<Option<Vec<u8>>>>> = Rc::new(RefCell::new(vec![None; files.len()]));
    let mut readers = Vec::with_capacity(files.len());
    for (index, file) in files.into_iter().enumerate() {
        let file = gloo::file::File::from(file);
        let read = Rc::clone(&read);
        let names = names.clone();
        let what = what.clone();
        let scenario = Rc::clone(&scenario);
        let dispatch = dispatch.clone();
        let reader = gloo::file::callbacks::read_as_bytes(&file, move |bytes| {
            let bytes = match bytes {
                Ok(bytes) => bytes,
                Err(error) => {
                    let name = &names[index];
                    dispatch.emit(Action::Notify(format!("{name} could not be read: {error}")));
                    return;
                }
            };
            read.borrow_mut()[index] = Some(bytes);
            if read.borrow().iter().all(Option::is_some) {
                let all: Vec<Vec<u8>> = read.take().into_iter().flatten().collect();
                let files: Vec<(&str, &[u8])> = names
                    .iter()
                    .map(String::as_str)
                    .zip(all.iter().map(Vec::as_slice))
                    .collect();
                imported(import_files(&files, &scenario), &what, &dispatch);
            }
        });
        readers.push(reader);
    }
    *reading.borrow_mut() = readers;
}

/// What an import did, told: the world opened or the zones added (the
/// first opens in the inspector, which offers what it still lacks), or why
/// nothing changed.
fn imported(result: Result<Imported, ImportError>, what: &str, dispatch: &Callback<Action>) {
    let mut then_select = None;
    let action = match result {
        Ok(Imported::Scenario(scenario)) => Action::LoadScenario {
            notice: Some(format!(
                "Opened \"{}\" from {what}. Undo brings back what you had.",
                scenario.title
            )),
            scenario: Rc::new(scenario),
        },
        Ok(Imported::Course(course)) => Action::Course(CourseEdit::Take(Rc::new(course))),
        Ok(Imported::Zones { scenario, apexes }) => {
            then_select = apexes.first().cloned();
            Action::LoadScenario {
                notice: Some(format!(
                    "Imported {} from {what}. Undo brings back what you had.",
                    apexes
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                scenario: Rc::new(scenario),
            }
        }
        Err(error) => Action::Notify(format!(
            "{what} was not imported, nothing was changed: {error}"
        )),
    };
    dispatch.emit(action);
    if let Some(apex) = then_select {
        dispatch.emit(Action::Select(Some(Selection::Zone(apex))));
    }
}

/// A file name from a title.
pub(super) fn slug(title: &str) -> String {
    match crate::persist::slug(title) {
        slug if slug.is_empty() => "dns-lab".to_string(),
        slug => slug,
    }
}

/// Saves `text` as a file the browser downloads.
pub(super) fn download(file_name: &str, mime: &str, text: &str) {
    let blob = gloo::file::Blob::new_with_options(text, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    click_download(file_name, &url);
    // The download reads the URL after this returns; revoking it at once
    // (as dropping it does) would cancel the download.
    Timeout::new(60_000, move || drop(url)).forget();
}

fn click_download(file_name: &str, href: &str) {
    let document = gloo::utils::document();
    let Ok(anchor) = document
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    else {
        return;
    };
    anchor.set_href(href);
    anchor.set_download(file_name);
    anchor.click();
}

/// The graph as a standalone SVG document: the whole hierarchy (not the
/// panned view), with the page's styles inlined so it looks the same
/// anywhere.
struct GraphSvg {
    text: String,
    width: f64,
    height: f64,
}

/// Runs `take` (which copies the graph's drawing) once the graph is drawn
/// whole and at full detail, then lets it draw only what the view needs
/// again. Yew renders the change before the timeout's task runs.
fn with_whole_graph(dispatch: &Callback<Action>, take: impl FnOnce(&Callback<Action>) + 'static) {
    dispatch.emit(Action::DrawForExport(true));
    let dispatch = dispatch.clone();
    Timeout::new(0, move || {
        take(&dispatch);
        dispatch.emit(Action::DrawForExport(false));
    })
    .forget();
}

/// The styles the graph uses, inlined into exported pictures.
const GRAPH_STYLES: &str = include_str!("../../styles/main.css");

fn graph_svg() -> Option<GraphSvg> {
    let document = gloo::utils::document();
    let svg = document.get_element_by_id("graph")?;
    let view = svg
        .query_selector(":scope > g")
        .ok()??
        .dyn_into::<web_sys::SvgGraphicsElement>()
        .ok()?;
    let bbox = view.get_b_box().ok()?;
    let margin = 16.0;
    let (x, y) = (bbox.x() as f64 - margin, bbox.y() as f64 - margin);
    let (width, height) = (
        bbox.width() as f64 + 2.0 * margin,
        bbox.height() as f64 + 2.0 * margin,
    );
    let copy = svg
        .clone_node_with_deep(true)
        .ok()?
        .dyn_into::<web_sys::Element>()
        .ok()?;
    if let Ok(Some(group)) = copy.query_selector(":scope > g") {
        let _ = group.remove_attribute("transform");
    }
    // Animations make no sense in a picture.
    if let Ok(flights) = copy.query_selector_all(".flight") {
        for i in 0..flights.length() {
            if let Some(node) = flights.item(i)
                && let Some(parent) = node.parent_node()
            {
                let _ = parent.remove_child(&node);
            }
        }
    }
    for (name, value) in [
        ("xmlns", "http://www.w3.org/2000/svg".to_string()),
        ("viewBox", format!("{x:.1} {y:.1} {width:.1} {height:.1}")),
        ("width", format!("{width:.0}")),
        ("height", format!("{height:.0}")),
    ] {
        let _ = copy.set_attribute(name, &value);
    }
    let style = format!(
        "<style>{GRAPH_STYLES}\nsvg {{ background: var(--card); font-family: var(--sans); }}</style>"
    );
    let markup = copy.outer_html();
    // The style goes first inside the root element.
    let text = match markup.find('>') {
        Some(end) => format!("{}{style}{}", &markup[..=end], &markup[end + 1..]),
        None => markup,
    };
    Some(GraphSvg {
        text: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}"),
        width,
        height,
    })
}

/// Draws the exported SVG on a canvas at twice its size and downloads the
/// canvas as PNG, once the browser has decoded the picture.
fn download_png(file_name: &str) -> Result<(), String> {
    let svg = graph_svg().ok_or("There is no graph to export.")?;
    let document = gloo::utils::document();
    let image = web_sys::HtmlImageElement::new().map_err(|_| "The browser cannot draw images.")?;
    let canvas = document
        .create_element("canvas")
        .map_err(|_| "The browser cannot draw images.")?
        .unchecked_into::<web_sys::HtmlCanvasElement>();
    let scale = 2.0;
    canvas.set_width((svg.width * scale) as u32);
    canvas.set_height((svg.height * scale) as u32);
    let file_name = file_name.to_string();
    let drawn = image.clone();
    let onload = Closure::<dyn FnMut()>::once(move || {
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.scale(scale, scale);
        let _ = context.draw_image_with_html_image_element(&drawn, 0.0, 0.0);
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            click_download(&file_name, &url);
        }
    });
    image.set_onload(Some(onload.as_ref().unchecked_ref()));
    // The closure lives until the image loads, once.
    onload.forget();
    let encoded = base64::engine::general_purpose::STANDARD.encode(svg.text.as_bytes());
    image.set_src(&format!("data:image/svg+xml;base64,{encoded}"));
    Ok(())
}
