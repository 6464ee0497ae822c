//! Name servers in the inspector, and the forms that add things: a server's
//! host name, addresses, status and the zones it loads; a new server; a new
//! zone with, if wanted, its delegation in the parent.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use super::LabProps;
use super::checklist::{Checklist, Item};

use super::diagnostics::severity_icon;
use super::form::{addresses, behaviour_select, checked, clear, domain_name, input_value, select};
use super::state::{Action, Lab, Selection};
use crate::sim::name::Name;
use crate::sim::scenario::{Server, ServerId};

pub fn server_inspector(lab: &Lab, id: &ServerId, dispatch: &Callback<Action>) -> Html {
    let scenario = &lab.loaded.scenario;
    let Some(server) = scenario.server(id) else {
        return html! { <p class="hint">{ format!("There is no server {id} any more.") }</p> };
    };
    let findings: Vec<&crate::sim::finding::Finding> = lab
        .loaded
        .findings
        .iter()
        .filter(|f| f.servers.contains(id))
        .collect();
    let address_text = server
        .addresses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let save = {
        let dispatch = dispatch.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            let update = domain_name(&input_value("server-host")).and_then(|host| {
                addresses(&input_value("server-addresses")).map(|addresses| (host, addresses))
            });
            dispatch.emit(match update {
                Ok((host, addresses)) => Action::UpdateServer {
                    id: id.clone(),
                    host,
                    addresses,
                },
                Err(message) => Action::Notify(format!("The server was not changed: {message}.")),
            });
        })
    };
    let remove = {
        let dispatch = dispatch.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::RemoveServer(id.clone())))
    };
    let zones: Rc<Vec<Name>> = Rc::new(scenario.zones.iter().map(|z| z.apex.clone()).collect());
    let items = zones
        .iter()
        .map(|apex| Item::new(zone_label(apex), server.loads(apex)));
    let items = Rc::new(items.collect::<Vec<_>>());
    let links = zone_links(Rc::clone(&zones), server.clone(), dispatch.clone());
    let toggle_loads = {
        let dispatch = dispatch.clone();
        let id = id.clone();
        let zones = Rc::clone(&zones);
        Callback::from(move |(i, loads): (usize, bool)| {
            dispatch.emit(Action::SetLoads {
                server: id.clone(),
                apex: zones[i].clone(),
                loads,
            })
        })
    };
    // Keyed by what is saved, so the fields show the saved values again
    // after a save or when another server is selected.
    let form_key = format!("{id}|{}|{address_text}", server.host);
    html! {
        <div class="server-inspector" data-server={id.to_string()}>
            <h3 class="inspected">{ server.host.to_string() }</h3>
            <div class="server-form" key={form_key}>
                <div class="form-row">
                    <label for="server-host">{ "Host name" }</label>
                    <input id="server-host" type="text" value={server.host.to_string()} spellcheck="false" />
                </div>
                <div class="form-row">
                    <label for="server-addresses">{ "Addresses" }</label>
                    <input id="server-addresses" type="text" value={address_text.clone()} spellcheck="false"
                        aria-describedby="server-addresses-hint" />
                </div>
                <p class="muted" id="server-addresses-hint">{ "IPv4 and IPv6, separated by commas. NS records, glue and address records elsewhere are not changed: that is how renumbering breaks delegations." }</p>
                <button type="button" id="server-save" onclick={save}>{ "Save host name and addresses" }</button>
            </div>
            <div class="form-row">
                <span>{ "Status" }</span>
                { behaviour_select(id, &server.host, server.behaviour, dispatch) }
            </div>
            <fieldset class="zones-loaded">
                <legend>{ "Zones loaded" }</legend>
                <Checklist key={id.to_string()} prefix="server-loads" noun="zones" {items} on_toggle={toggle_loads} extra={links} />
            </fieldset>
            if !findings.is_empty() {
                <h4>{ "Findings" }</h4>
                <ul class="inspector-findings">
                    { for findings.iter().map(|f| html! { <li>{ format!("{} {}", severity_icon(f.severity), f.title) }</li> }) }
                </ul>
            }
            <div class="danger-zone">
                <button type="button" id="remove-server" class="danger" onclick={remove}>
                    { format!("Remove server {}", server.host) }
                </button>
                <p class="muted">{ "NS records naming it stay: resolvers sent there get no answer, as after a real server is switched off." }</p>
            </div>
        </div>
    }
}

/// After a zone in `server`'s list: a link to it when the server loads
/// it, and a tag when the server keeps its own copy.
fn zone_links(
    zones: Rc<Vec<Name>>,
    server: Server,
    dispatch: Callback<Action>,
) -> Callback<usize, Html> {
    Callback::from(move |i: usize| {
        let apex = &zones[i];
        html! {
            <>
                if server.loads(apex) {
                    { " " }
                    <button type="button" class="link" onclick={select(&dispatch, Selection::Zone(apex.clone()))}
                        aria-label={format!("Inspect {}", zone_label(apex))}>{ "inspect →" }</button>
                }
                if server.has_diverged_copy(apex) { <span class="tag">{ "own copy" }</span> }
            </>
        }
    })
}

fn zone_label(apex: &Name) -> String {
    if apex.is_root() {
        ". (root)".to_string()
    } else {
        apex.to_string()
    }
}

/// What the inspector shows with nothing selected: how to start, and forms
/// for a new zone and a new name server.
pub fn add_forms(props: &LabProps) -> Html {
    html! {
        <>
            <p class="hint">{ "Click a zone or a name server in the graph (or focus it and press Enter) to see and edit it. Or add one:" }</p>
            <AddZoneForm lab={props.lab.clone()} dispatch={props.dispatch.clone()} />
            <AddServerForm lab={props.lab.clone()} dispatch={props.dispatch.clone()} />
            { server_list(&props.lab, &props.dispatch) }
        </>
    }
}

/// A checklist's choice held by the form until it is submitted: items of
/// `all` whose key is in `chosen`, in `all`'s order.
fn chosen_in_order<T: Clone + Ord>(all: &[T], chosen: &BTreeSet<T>) -> Vec<T> {
    all.iter()
        .filter(|item| chosen.contains(item))
        .cloned()
        .collect()
}

/// The callback that ticks or unticks `all[i]` in `chosen`.
fn toggle_choice<T: Clone + Ord + 'static>(
    all: Vec<T>,
    chosen: &UseStateHandle<BTreeSet<T>>,
) -> Callback<(usize, bool)> {
    let chosen = chosen.clone();
    Callback::from(move |(i, ticked): (usize, bool)| {
        let mut next = (*chosen).clone();
        if ticked {
            next.insert(all[i].clone());
        } else {
            next.remove(&all[i]);
        }
        chosen.set(next);
    })
}

#[function_component(AddZoneForm)]
fn add_zone_form(props: &LabProps) -> Html {
    let chosen = use_state(BTreeSet::<ServerId>::new);
    let scenario = &props.lab.loaded.scenario;
    let servers: Vec<ServerId> = scenario.servers.iter().map(|s| s.id.clone()).collect();
    let items = scenario
        .servers
        .iter()
        .map(|s| Item::new(s.host.to_string(), chosen.contains(&s.id)));
    let on_toggle = toggle_choice(servers.clone(), &chosen);
    let add = {
        let dispatch = props.dispatch.clone();
        let chosen = chosen.clone();
        Callback::from(
            move |_: MouseEvent| match domain_name(&input_value("new-zone-apex")) {
                Ok(apex) => {
                    dispatch.emit(Action::AddZone {
                        apex,
                        servers: chosen_in_order(&servers, &chosen),
                        delegate: checked("new-zone-delegate"),
                    });
                    clear(&["new-zone-apex"]);
                    chosen.set(BTreeSet::new());
                }
                Err(message) => {
                    dispatch.emit(Action::Notify(format!("No zone was added: {message}.")))
                }
            },
        )
    };
    html! {
        <fieldset class="add-form" id="add-zone">
            <legend>{ "Add a zone" }</legend>
            <div class="form-row">
                <label for="new-zone-apex">{ "Zone name" }</label>
                <input id="new-zone-apex" type="text" placeholder="garden.test." spellcheck="false" />
            </div>
            <p class="muted">{ "Served by (its apex NS records name these servers):" }</p>
            <Checklist prefix="new-zone-server" noun="servers" items={Rc::new(items.collect::<Vec<_>>())} {on_toggle} />
            <div class="form-row">
                <input type="checkbox" id="new-zone-delegate" checked=true />
                <label for="new-zone-delegate">{ "Also delegate it from its parent zone (NS records, and glue for name servers inside it)" }</label>
            </div>
            <button type="button" id="new-zone-add" onclick={add}>{ "Add zone" }</button>
        </fieldset>
    }
}

#[function_component(AddServerForm)]
fn add_server_form(props: &LabProps) -> Html {
    let chosen = use_state(BTreeSet::<Name>::new);
    let scenario = &props.lab.loaded.scenario;
    let zones: Vec<Name> = scenario.zones.iter().map(|z| z.apex.clone()).collect();
    let items = zones
        .iter()
        .map(|apex| Item::new(zone_label(apex), chosen.contains(apex)));
    let items = Rc::new(items.collect::<Vec<_>>());
    let on_toggle = toggle_choice(zones.clone(), &chosen);
    let add = {
        let dispatch = props.dispatch.clone();
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| {
            let server = domain_name(&input_value("new-server-host")).and_then(|host| {
                addresses(&input_value("new-server-addresses")).map(|addresses| (host, addresses))
            });
            match server {
                Ok((host, addresses)) => {
                    dispatch.emit(Action::AddServer {
                        host,
                        addresses,
                        zones: chosen_in_order(&zones, &chosen),
                    });
                    clear(&["new-server-host", "new-server-addresses"]);
                    chosen.set(BTreeSet::new());
                }
                Err(message) => {
                    dispatch.emit(Action::Notify(format!("No server was added: {message}.")))
                }
            }
        })
    };
    html! {
        <fieldset class="add-form" id="add-server">
            <legend>{ "Add a name server" }</legend>
            <div class="form-row">
                <label for="new-server-host">{ "Host name" }</label>
                <input id="new-server-host" type="text" placeholder="ns3.example.test." spellcheck="false" />
            </div>
            <div class="form-row">
                <label for="new-server-addresses">{ "Addresses" }</label>
                <input id="new-server-addresses" type="text" placeholder="198.51.100.12, 2001:db8::12" spellcheck="false" />
            </div>
            <p class="muted">{ "Loads these zones:" }</p>
            <Checklist prefix="new-server-zone" noun="zones" {items} {on_toggle} />
            <button type="button" id="new-server-add" onclick={add}>{ "Add name server" }</button>
        </fieldset>
    }
}

/// Every server, including those that load no zone and so have no chip on
/// the graph, so each can be reached and edited.
fn server_list(lab: &Lab, dispatch: &Callback<Action>) -> Html {
    html! {
        <section class="all-servers" aria-labelledby="all-servers-heading">
            <h3 id="all-servers-heading">{ "All name servers" }</h3>
            <ul class="checklist">
                { for lab.loaded.scenario.servers.iter().map(|server| html! {
                    <li>
                        <button type="button" class="link" data-server={server.id.to_string()}
                            onclick={select(dispatch, Selection::Server(server.id.clone()))}>
                            { server.host.to_string() }
                        </button>
                        if server.zones.is_empty() {
                            <span class="tag">{ "loads no zone" }</span>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}
