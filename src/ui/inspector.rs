//! The inspector: both sides of the selected zone's delegation and the
//! servers behind it, or the selected server. The zone's text is edited
//! here; text that does not load stays in the editor with its problems at
//! line and column, and the world keeps its last good copy.

use std::rc::Rc;

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::diagnostics::severity_icon;
use super::state::{Action, Lab, Selection};
use std::net::IpAddr;

use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};
use crate::sim::resolver::trace::record_line;
use crate::sim::scenario::{Behaviour, ServerId};

#[derive(Properties, Clone)]
pub struct InspectorProps {
    pub lab: Rc<Lab>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for InspectorProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab) && self.dispatch == other.dispatch
    }
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let body = match &props.lab.selection {
        Some(Selection::Zone(apex)) => zone_inspector(&props.lab, apex, &props.dispatch),
        Some(Selection::Server(id)) => server_inspector(&props.lab, id, &props.dispatch),
        None => html! {
            <p class="hint">{ "Click a zone or a name server in the graph (or focus it and press Enter) to see and edit it." }</p>
        },
    };
    html! {
        <section class="inspector" id="inspector" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{ "Inspector" }</h2>
            { body }
        </section>
    }
}

fn select(dispatch: &Callback<Action>, selection: Selection) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.emit(Action::Select(Some(selection.clone()))))
}

fn zone_inspector(lab: &Lab, apex: &Name, dispatch: &Callback<Action>) -> Html {
    let hierarchy = &lab.loaded.hierarchy;
    let Some(id) = hierarchy.find_zone(apex) else {
        return html! { <p class="hint">{ format!("There is no zone {apex} any more.") }</p> };
    };
    let node = hierarchy.zone(id);
    let parent = hierarchy.parent(id);

    let registrar = match parent {
        None => html! {
            <p>{ "The root has no parent: resolvers find its servers from their root hints, which are the servers that load the root zone here." }</p>
        },
        Some((parent_id, delegation)) => {
            let parent_apex = hierarchy.zone(parent_id).apex.clone();
            // The records as the parent's text has them, TTLs included.
            let ns_records: Vec<Record> = lab
                .loaded
                .world
                .zone(&parent_apex)
                .map(|zone| zone.rrset(apex, RType::NS).into_iter().cloned().collect())
                .unwrap_or_default();
            let ns = if delegation.ns.is_empty() {
                html! { <p class="problem">{ format!("✖ {} has no NS records for {apex}: it is not delegated.", parent_apex.prose()) }</p> }
            } else {
                html! {
                    <ul class="records" id="registrar-ns" aria-label="NS records at the parent">
                        { for ns_records.iter().map(|r| removable(r, &parent_apex, dispatch)) }
                    </ul>
                }
            };
            let glue = if delegation.glue.is_empty() {
                html! { <p class="muted">{ "No glue." }</p> }
            } else {
                html! {
                    <ul class="records" id="registrar-glue" aria-label="Glue at the parent">
                        { for delegation.glue.iter().map(|r| removable(r, &parent_apex, dispatch)) }
                    </ul>
                }
            };
            html! {
                <>
                    <p class="muted">{ format!("What the {} zone says about {apex} (what a registrar sets):", zone_name(&parent_apex)) }</p>
                    <h4>{ "NS records" }</h4>
                    { ns }
                    <h4>{ "Glue" }</h4>
                    { glue }
                    { registrar_form(apex, &parent_apex, dispatch) }
                    <button type="button" class="link" onclick={select(dispatch, Selection::Zone(parent_apex.clone()))}>
                        { format!("Edit them in the {} zone →", zone_name(&parent_apex)) }
                    </button>
                </>
            }
        }
    };

    let findings: Vec<(usize, &crate::sim::diagnose::Finding)> = lab
        .loaded
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.zones.contains(apex))
        .collect();

    let editor = if node.defined {
        zone_editor(lab, apex, dispatch)
    } else {
        html! { <p class="problem">{ format!("✖ No zone {apex} is defined: the parent delegates it, but no server can load it.") }</p> }
    };

    let served_by = hierarchy.servers_of(id);
    html! {
        <div class="zone-inspector" data-apex={apex.to_string()}>
            <h3 class="inspected">{ if apex.is_root() { ". (the root)".to_string() } else { apex.to_string() } }</h3>
            if !findings.is_empty() {
                <ul class="inspector-findings">
                    { for findings.iter().map(|(i, f)| {
                        let dispatch = dispatch.clone();
                        let i = *i;
                        html! {
                            <li class={classes!("finding-ref", f.severity.to_string())}>
                                <button type="button" class="link" onclick={Callback::from(move |_| dispatch.emit(Action::FocusFinding(Some(i))))}>
                                    { format!("{} {}", severity_icon(f.severity), f.title) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <section class="side registrar" aria-labelledby="registrar-heading">
                <h4 id="registrar-heading">{ "At the parent (registrar)" }</h4>
                { registrar }
            </section>
            <section class="side host" aria-labelledby="host-heading">
                <h4 id="host-heading">{ "In the zone (DNS host)" }</h4>
                { editor }
            </section>
            <section class="side served-by" aria-labelledby="served-heading">
                <h4 id="served-heading">{ "Served by" }</h4>
                if served_by.is_empty() {
                    <p class="problem">{ "✖ No server loads this zone." }</p>
                }
                <ul class="servers">
                    { for served_by.iter().map(|&s| {
                        let server = hierarchy.server(s);
                        let diverged = lab.loaded.world.server(&server.id).is_some_and(|s| s.has_diverged_copy(apex));
                        html! {
                            <li>
                                <button type="button" class="link" onclick={select(dispatch, Selection::Server(server.id.clone()))}>
                                    { server.host.to_string() }
                                </button>
                                { " " }
                                { behaviour_select(&server.id, server.behaviour, dispatch) }
                                if diverged { <span class="tag">{ "own (diverged) copy" }</span> }
                            </li>
                        }
                    }) }
                </ul>
            </section>
        </div>
    }
}

/// A zone's name in a sentence: "root" for the root, else its apex.
fn zone_name(apex: &Name) -> String {
    if apex.is_root() {
        "root".to_string()
    } else {
        apex.to_string()
    }
}

/// The TTL the registrar form gives new records (a common TLD value).
const REGISTRAR_TTL: u32 = 86400;

/// A record with a button that takes it out of `zone`'s text.
fn removable(record: &Record, zone: &Name, dispatch: &Callback<Action>) -> Html {
    let onclick = {
        let dispatch = dispatch.clone();
        let record = record.clone();
        let zone = zone.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::EditRecords {
                apex: zone.clone(),
                remove: vec![record.clone()],
                add: Vec::new(),
            })
        })
    };
    let line = record_line(record);
    html! {
        <li>
            <code>{ line.clone() }</code>
            { " " }
            <button type="button" class="remove" aria-label={format!("Remove {line} from the {zone} zone")} {onclick}>{ "✕ remove" }</button>
        </li>
    }
}

/// The value of the input with `id`, trimmed.
fn input_value(id: &str) -> String {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
        .map(|input| input.value().trim().to_string())
        .unwrap_or_default()
}

/// Adding an NS record or a glue record at the parent, as a registrar's
/// form does: the records land in the parent zone's text.
fn registrar_form(apex: &Name, parent: &Name, dispatch: &Callback<Action>) -> Html {
    let add_ns = {
        let dispatch = dispatch.clone();
        let (apex, parent) = (apex.clone(), parent.clone());
        Callback::from(move |_: MouseEvent| {
            let text = input_value("add-ns-host");
            match Name::parse(&text) {
                Ok(host) => dispatch.emit(Action::EditRecords {
                    apex: parent.clone(),
                    remove: Vec::new(),
                    add: vec![Record::new(apex.clone(), REGISTRAR_TTL, RData::NS(host))],
                }),
                Err(error) => dispatch.emit(Action::Notify(format!(
                    "\"{text}\" is not a host name: {error}"
                ))),
            }
        })
    };
    let add_glue = {
        let dispatch = dispatch.clone();
        let parent = parent.clone();
        Callback::from(move |_: MouseEvent| {
            let host = input_value("add-glue-host");
            let address = input_value("add-glue-address");
            let record = match (Name::parse(&host), address.parse::<IpAddr>()) {
                (Ok(host), Ok(IpAddr::V4(v4))) => Record::new(host, REGISTRAR_TTL, RData::A(v4)),
                (Ok(host), Ok(IpAddr::V6(v6))) => Record::new(host, REGISTRAR_TTL, RData::AAAA(v6)),
                (Err(error), _) => {
                    dispatch.emit(Action::Notify(format!(
                        "\"{host}\" is not a host name: {error}"
                    )));
                    return;
                }
                (_, Err(_)) => {
                    dispatch.emit(Action::Notify(format!(
                        "\"{address}\" is not an IPv4 or IPv6 address"
                    )));
                    return;
                }
            };
            dispatch.emit(Action::EditRecords {
                apex: parent.clone(),
                remove: Vec::new(),
                add: vec![record],
            });
        })
    };
    html! {
        <div class="registrar-form">
            <div class="form-row">
                <label for="add-ns-host">{ "Name server" }</label>
                <input id="add-ns-host" type="text" placeholder={format!("ns3.{apex}")} spellcheck="false" />
                <button type="button" id="add-ns" onclick={add_ns}>{ "Add NS" }</button>
            </div>
            <div class="form-row">
                <label for="add-glue-host">{ "Glue host" }</label>
                <input id="add-glue-host" type="text" placeholder={format!("ns1.{apex}")} spellcheck="false" />
                <label for="add-glue-address">{ "address" }</label>
                <input id="add-glue-address" type="text" placeholder="192.0.2.53" spellcheck="false" />
                <button type="button" id="add-glue" onclick={add_glue}>{ "Add glue" }</button>
            </div>
        </div>
    }
}

/// The zone's text in an editor; Apply loads it, and problems stay beside it.
fn zone_editor(lab: &Lab, apex: &Name, dispatch: &Callback<Action>) -> Html {
    let draft = lab.drafts.get(apex);
    let current = lab
        .loaded
        .scenario
        .zone_source(apex)
        .map(|z| z.text.clone())
        .unwrap_or_default();
    let text = draft.map_or(current, |d| d.text.clone());
    let key = format!("{apex}:{}:{}", text.len(), draft.is_some());
    let editor_id = "zone-text";
    let apply = {
        let dispatch = dispatch.clone();
        let apex = apex.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = gloo::utils::document()
                .get_element_by_id(editor_id)
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlTextAreaElement>(e).ok())
            {
                dispatch.emit(Action::EditZoneText {
                    apex: apex.clone(),
                    text: area.value(),
                });
            }
        })
    };
    let on_key = {
        let dispatch = dispatch.clone();
        let apex = apex.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Ctrl+Enter applies, as in many editors.
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                    dispatch.emit(Action::EditZoneText {
                        apex: apex.clone(),
                        text: area.value(),
                    });
                }
            }
        })
    };
    let discard = {
        let dispatch = dispatch.clone();
        let apex = apex.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::DiscardDraft(apex.clone())))
    };
    let has_problems = draft.is_some_and(|d| !d.problems.is_empty() || !d.other.is_empty());
    html! {
        <div class="zone-editor">
            <label for={editor_id}>{ "Zone file" }</label>
            // Keyed by the text shown, so a loaded edit or a discarded draft
            // replaces what the browser holds in the textarea.
            <textarea id={editor_id} key={key} spellcheck="false" rows="14"
                aria-invalid={has_problems.to_string()} aria-describedby="zone-problems"
                value={text} onkeydown={on_key} />
            <div class="editor-actions">
                <button type="button" id="zone-apply" onclick={apply}>{ "Apply (Ctrl+Enter)" }</button>
                if draft.is_some() {
                    <button type="button" id="zone-discard" onclick={discard}>{ "Discard my changes" }</button>
                }
            </div>
            <div id="zone-problems" role="alert">
                if let Some(draft) = draft {
                    <p class="problem">{ "Not applied: the world still uses the last text that loaded. Your text is kept above." }</p>
                    <ul class="problems">
                        { for draft.problems.iter().map(|p| html! { <li class="zone-problem">{ p.to_string() }</li> }) }
                        { for draft.other.iter().map(|p| html! { <li class="zone-problem">{ p.clone() }</li> }) }
                    </ul>
                }
            </div>
        </div>
    }
}

fn behaviour_select(id: &ServerId, behaviour: Behaviour, dispatch: &Callback<Action>) -> Html {
    let onchange = {
        let dispatch = dispatch.clone();
        let id = id.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let behaviour = match select.value().as_str() {
                    "down" => Behaviour::Down,
                    "refusing" => Behaviour::Refusing,
                    _ => Behaviour::Up,
                };
                dispatch.emit(Action::SetBehaviour {
                    server: id.clone(),
                    behaviour,
                });
            }
        })
    };
    html! {
        <select class="behaviour" aria-label={format!("Status of {id}")} data-server={id.to_string()} {onchange}>
            { for [Behaviour::Up, Behaviour::Down, Behaviour::Refusing].into_iter().map(|b| html! {
                <option value={b.to_string()} selected={b == behaviour}>{ match b {
                    Behaviour::Up => "● up",
                    Behaviour::Down => "○ down (no reply)",
                    Behaviour::Refusing => "⊘ refusing",
                } }</option>
            }) }
        </select>
    }
}

fn server_inspector(lab: &Lab, id: &ServerId, dispatch: &Callback<Action>) -> Html {
    let Some(server) = lab.loaded.world.server(id) else {
        return html! { <p class="hint">{ format!("There is no server {id} any more.") }</p> };
    };
    let findings: Vec<&crate::sim::diagnose::Finding> = lab
        .loaded
        .findings
        .iter()
        .filter(|f| f.servers.contains(id))
        .collect();
    html! {
        <div class="server-inspector" data-server={id.to_string()}>
            <h3 class="inspected">{ server.host.to_string() }</h3>
            <dl>
                <dt>{ "Id" }</dt><dd><code>{ id.to_string() }</code></dd>
                <dt>{ "Addresses" }</dt>
                <dd>{ server.addresses.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }</dd>
                <dt>{ "Status" }</dt><dd>{ behaviour_select(id, server.behaviour, dispatch) }</dd>
                <dt>{ "Zones loaded" }</dt>
                <dd>
                    <ul class="zones">
                        { for server.zones.iter().map(|apex| html! {
                            <li>
                                <button type="button" class="link" onclick={select(dispatch, Selection::Zone(apex.clone()))}>{ apex.to_string() }</button>
                                if server.has_diverged_copy(apex) { <span class="tag">{ "own (diverged) copy" }</span> }
                            </li>
                        }) }
                    </ul>
                </dd>
            </dl>
            if !findings.is_empty() {
                <h4>{ "Findings" }</h4>
                <ul class="inspector-findings">
                    { for findings.iter().map(|f| html! { <li>{ format!("{} {}", severity_icon(f.severity), f.title) }</li> }) }
                </ul>
            }
        </div>
    }
}
