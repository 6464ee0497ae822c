//! The inspector: both sides of the selected zone's delegation and the
//! servers behind it, or the selected server, or (with nothing selected)
//! forms to add a zone or a server. Zones are edited here on both sides of
//! their cut: the parent's NS records and glue (what a registrar sets) and
//! the zone's own records (what a DNS host serves).

use std::net::IpAddr;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::LabProps;
use super::cut_table::cut_table;
use super::diagnostics::severity_icon;
use super::dnssec::{host_signing, registrar_ds};
use super::form::{behaviour_select, checked, clear, input_value, select, select_value};
use super::server_editor::{add_forms, server_inspector};
use super::state::{Action, CopyRef, Lab, Selection};
use super::zone_editor::zone_editor;

use crate::sim::cut;
use crate::sim::finding::FindingKind;
use crate::sim::hierarchy::ZoneId;
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};
use crate::sim::resolver::trace::record_line;
use crate::sim::scenario::ServerId;

#[function_component(Inspector)]
pub fn inspector(props: &LabProps) -> Html {
    let body = match &props.lab.selection {
        Some(Selection::Zone(apex)) => zone_inspector(&props.lab, apex, &props.dispatch),
        Some(Selection::Server(id)) => server_inspector(&props.lab, id, &props.dispatch),
        None => add_forms(props),
    };
    let add = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Select(None)))
    };
    html! {
        <section class="inspector" id="inspector" aria-labelledby="inspector-heading">
            <div class="inspector-top">
                <h2 id="inspector-heading" tabindex="-1">{ "Inspector" }</h2>
                if props.lab.selection.is_some() {
                    <button type="button" id="inspector-add" onclick={add}>{ "+ Add a zone or server" }</button>
                }
            </div>
            { body }
        </section>
    }
}

fn zone_inspector(lab: &Lab, apex: &Name, dispatch: &Callback<Action>) -> Html {
    let hierarchy = &lab.loaded.hierarchy;
    let Some(id) = hierarchy.find_zone(apex) else {
        return html! { <p class="hint">{ format!("There is no zone {apex} any more.") }</p> };
    };
    let node = hierarchy.zone(id);
    let parent = hierarchy.parent(id);

    let findings: Vec<(usize, &crate::sim::finding::Finding)> = lab
        .loaded
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.zones.contains(apex))
        .collect();
    // Each ✖ here is a finding's, so this panel and the diagnostics never
    // disagree (the list of findings below words them in full).
    let found = |kind: FindingKind| findings.iter().any(|(_, f)| f.kind == kind);
    let mark = |kind: FindingKind, problem: String, plain: String| {
        if found(kind) {
            html! { <p class="problem">{ format!("✖ {problem}") }</p> }
        } else {
            html! { <p class="muted">{ plain }</p> }
        }
    };

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
                html! {
                    <>
                        { mark(
                            FindingKind::ZoneNotDelegated,
                            format!("{} has no NS records for {apex}: it is not delegated.", parent_apex.prose()),
                            format!("{} has no NS records for {apex}.", parent_apex.prose()),
                        ) }
                        { delegate_offer(lab, apex, &parent_apex, dispatch) }
                    </>
                }
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
                    { registrar_ds(lab, apex, &parent_apex, dispatch) }
                    <button type="button" class="link" onclick={select(dispatch, Selection::Zone(parent_apex.clone()))}>
                        { format!("Edit them in the {} zone →", zone_name(&parent_apex)) }
                    </button>
                </>
            }
        }
    };

    let editor = if node.defined {
        zone_editor(lab, apex, dispatch)
    } else {
        mark(
            FindingKind::DelegationWithoutServers,
            format!(
                "No zone {apex} is defined: the parent delegates it, but no server can load it."
            ),
            format!("No zone {apex} is defined."),
        )
    };

    let served_by = hierarchy.servers_of(id);
    let unserved = {
        let kind = if found(FindingKind::DelegationWithoutServers) {
            FindingKind::DelegationWithoutServers
        } else {
            FindingKind::ZoneNotDelegated
        };
        let text = "No server loads this zone.".to_string();
        mark(kind, text.clone(), text)
    };
    // The root has one side only: its parent's place is taken by the root
    // hints, said below.
    let comparison = (!apex.is_root())
        .then(|| cut::compare(&lab.loaded.world, hierarchy, apex))
        .flatten();
    html! {
        <div class="zone-inspector" data-apex={apex.to_string()}>
            <h3 class="inspected">{ if apex.is_root() { ". (the root)".to_string() } else { apex.to_string() } }</h3>
            // From a zone chosen in the graph straight to its records, past
            // the comparison and the findings.
            <a class="jump" href="#host-heading">{ "Edit its records ↓" }</a>
            { subtree_switch(lab, id, apex, dispatch) }
            // First: comparing the two sides is what a learner opens a zone for.
            if let Some(comparison) = comparison {
                { cut_table(lab, apex, &comparison, dispatch) }
            }
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
                <h4 id="host-heading" tabindex="-1">{ "In the zone (DNS host)" }</h4>
                { editor }
            </section>
            if node.defined {
                { host_signing(lab, apex, dispatch) }
            }
            <section class="side served-by" aria-labelledby="served-heading">
                <h4 id="served-heading">{ "Served by" }</h4>
                if served_by.is_empty() {
                    { unserved }
                    { load_offer(lab, apex, dispatch) }
                }
                <ul class="servers">
                    { for served_by.iter().enumerate().map(|(i, &s)| {
                        let server = hierarchy.server(s);
                        let diverged = lab.loaded.world.server(&server.id).is_some_and(|s| s.has_diverged_copy(apex));
                        html! {
                            <li>
                                <button type="button" class="link" onclick={select(dispatch, Selection::Server(server.id.clone()))}>
                                    { server.host.to_string() }
                                </button>
                                { " " }
                                { behaviour_select(&server.id, &server.host, server.behaviour, dispatch) }
                                { " " }
                                { diverged_switch(i, &server.id, &server.host, apex, diverged, dispatch) }
                            </li>
                        }
                    }) }
                </ul>
            </section>
            { remove_zone(apex, parent.is_some(), dispatch) }
        </div>
    }
}

/// The "diverged copy" switch: on, the server gets its own copy of the
/// zone (a stale secondary, a half-done migration) and the editor opens it;
/// off, it serves the shared text again and its copy is thrown away.
fn diverged_switch(
    index: usize,
    id: &ServerId,
    host: &Name,
    apex: &Name,
    diverged: bool,
    dispatch: &Callback<Action>,
) -> Html {
    let input_id = format!("diverged-{index}");
    let onchange = {
        let dispatch = dispatch.clone();
        let (id, apex) = (id.clone(), apex.clone());
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.emit(Action::SetDiverged {
                    server: id.clone(),
                    apex: apex.clone(),
                    diverged: input.checked(),
                });
            }
        })
    };
    let open = {
        let dispatch = dispatch.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::EditCopy(Some(id.clone()))))
    };
    html! {
        <span class="diverged-switch">
            <input type="checkbox" role="switch" id={input_id.clone()} class="diverged-toggle"
                data-server={id.to_string()} checked={diverged} {onchange} />
            <label for={input_id}>{ "own copy" }</label>
            if diverged {
                { " " }
                <button type="button" class="link" onclick={open} aria-label={format!("Edit {host}'s own copy")}>{ "edit it" }</button>
            }
        </span>
    }
}

/// Hiding or showing the zones below in the graph: the same as the box's
/// small −/+ toggle, as a full-size control (WCAG 2.5.8's equivalent).
fn subtree_switch(lab: &Lab, id: ZoneId, apex: &Name, dispatch: &Callback<Action>) -> Html {
    if lab.loaded.hierarchy.children(id).is_empty() {
        return Html::default();
    }
    let text = if lab.collapsed.contains(apex) {
        "Show the zones below it in the graph"
    } else {
        "Hide the zones below it in the graph"
    };
    let apex = apex.clone();
    html! {
        <button type="button" id="toggle-subtree" class="link"
            onclick={dispatch.reform(move |_: MouseEvent| Action::ToggleCollapse(apex.clone()))}>
            { text }
        </button>
    }
}

/// Removing the zone, and with it (by default) its delegation.
fn remove_zone(apex: &Name, has_parent: bool, dispatch: &Callback<Action>) -> Html {
    let onclick = {
        let dispatch = dispatch.clone();
        let apex = apex.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::RemoveZone {
                apex: apex.clone(),
                remove_delegation: has_parent && checked("remove-zone-delegation"),
            })
        })
    };
    html! {
        <div class="danger-zone">
            if has_parent {
                <div class="form-row">
                    <input type="checkbox" id="remove-zone-delegation" checked=true />
                    <label for="remove-zone-delegation">{ "Also remove its delegation (NS records and glue) from the parent zone" }</label>
                </div>
            }
            <button type="button" id="remove-zone" class="danger" {onclick}>{ format!("Remove zone {}", zone_name(apex)) }</button>
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
pub(super) fn removable(record: &Record, zone: &Name, dispatch: &Callback<Action>) -> Html {
    let onclick = {
        let dispatch = dispatch.clone();
        let record = record.clone();
        let zone = zone.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::EditRecords {
                copy: CopyRef::shared(zone.clone()),
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

/// Adding an NS record or a glue record at the parent, as a registrar's
/// form does: the records land in the parent zone's text.
/// For a zone its parent does not delegate (an imported zone file, say):
/// one click adds the parent's side, written from the zone's own NS records
/// and addresses, so both sides of the new cut agree.
fn delegate_offer(lab: &Lab, apex: &Name, parent: &Name, dispatch: &Callback<Action>) -> Html {
    let Some(child) = lab.loaded.world.zone(apex) else {
        return Html::default();
    };
    let records = cut::delegation_for(child, REGISTRAR_TTL);
    if records.is_empty() {
        return html! { <p class="muted">{ format!("{apex} names no name servers at its apex: add its NS records first, then delegate it.") }</p> };
    }
    let summary = records
        .iter()
        .map(|r| match (&r.data, r.data.address()) {
            (RData::NS(host), _) => format!("NS {}", host.prose()),
            (_, Some(address)) => format!("{} {} {address}", r.owner.prose(), r.rtype()),
            _ => r.owner.prose(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let onclick = {
        let dispatch = dispatch.clone();
        let parent = parent.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::EditRecords {
                copy: CopyRef::shared(parent.clone()),
                remove: Vec::new(),
                add: records.clone(),
            })
        })
    };
    html! {
        <p class="offer">
            <button type="button" id="delegate-zone" {onclick}>{ format!("Delegate it from {}", zone_name(parent)) }</button>
            { format!(" adds {summary} to {parent}, from {apex}'s own records.") }
        </p>
    }
}

/// For a zone no server loads: choose one to load it.
fn load_offer(lab: &Lab, apex: &Name, dispatch: &Callback<Action>) -> Html {
    let servers = &lab.loaded.scenario.servers;
    if servers.is_empty() {
        return Html::default();
    }
    let onclick = {
        let dispatch = dispatch.clone();
        let apex = apex.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SetLoads {
                server: ServerId(select_value("load-on-server")),
                apex: apex.clone(),
                loads: true,
            });
        })
    };
    html! {
        <p class="offer">
            <label for="load-on-server">{ "Load it on " }</label>
            <select id="load-on-server">
                { for servers.iter().map(|s| html! { <option value={s.id.to_string()}>{ s.host.prose() }</option> }) }
            </select>
            { " " }
            <button type="button" id="load-zone" {onclick}>{ "Load it there" }</button>
        </p>
    }
}

fn registrar_form(apex: &Name, parent: &Name, dispatch: &Callback<Action>) -> Html {
    let add_ns = {
        let dispatch = dispatch.clone();
        let (apex, parent) = (apex.clone(), parent.clone());
        Callback::from(move |_: MouseEvent| {
            let text = input_value("add-ns-host");
            match Name::parse(&text) {
                Ok(host) => {
                    dispatch.emit(Action::EditRecords {
                        copy: CopyRef::shared(parent.clone()),
                        remove: Vec::new(),
                        add: vec![Record::new(apex.clone(), REGISTRAR_TTL, RData::NS(host))],
                    });
                    // Added: the next name starts from an empty field.
                    clear(&["add-ns-host"]);
                }
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
                copy: CopyRef::shared(parent.clone()),
                remove: Vec::new(),
                add: vec![record],
            });
            clear(&["add-glue-host", "add-glue-address"]);
        })
    };
    // Keyed by the zone: another zone's form starts empty, never with what
    // was typed for this one.
    html! {
        <div class="registrar-form" key={apex.to_string()}>
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
