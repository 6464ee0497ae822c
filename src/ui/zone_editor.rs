//! "In the zone (DNS host)": a zone's own records, as a table with a row
//! to add one and a button to remove each, and as zone-file text. Both edit
//! the same text: the table changes only the lines it adds or removes, so
//! comments and layout survive. When servers hold their own (diverged)
//! copies, the editor edits one copy at a time.
//!
//! Text that does not load stays in the editor with its problems at line
//! and column, and the world keeps the last text that loaded.

use std::rc::Rc;

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::form::{clear, focus_on, input_value, select_value, type_options};
use super::state::{Action, CopyRef, Lab};
use crate::sim::name::Name;
use crate::sim::record::{RType, Record};
use crate::sim::resolver::trace::record_line;
use crate::sim::scenario::ServerId;
use crate::sim::zone::Zone;
use crate::sim::zonefile::parse_record;

/// Rows the record table shows before pointing to the text editor: a big
/// zone (a TLD with thousands of delegations) is better edited as text.
const TABLE_ROWS: usize = 200;

/// The copy of `apex` the editor shows: the server the user chose, if it
/// still holds a copy of its own, else the shared text.
pub fn editing_copy(lab: &Lab, apex: &Name) -> CopyRef {
    let server = lab.editing_copy.clone().filter(|id| {
        lab.loaded
            .scenario
            .server(id)
            .is_some_and(|s| s.has_diverged_copy(apex))
    });
    CopyRef {
        apex: apex.clone(),
        server,
    }
}

/// The zone's records and text, for the copy being edited.
pub fn zone_editor(lab: &Lab, apex: &Name, dispatch: &Callback<Action>) -> Html {
    let copy = editing_copy(lab, apex);
    let world = &lab.loaded.world;
    let zone = match &copy.server {
        Some(server) => world.copy_served_by(server, apex),
        None => world.zone(apex),
    };
    // The shared copy of a signed zone holds the signer's records too;
    // they are not the user's to edit, and change when it signs again.
    let signed = copy.server.is_none()
        && lab
            .loaded
            .scenario
            .zone_source(apex)
            .is_some_and(|z| z.signing.is_some());
    html! {
        <>
            { copy_choice(lab, &copy, dispatch) }
            if let Some(zone) = zone {
                { record_table(zone, &copy, signed, dispatch) }
            }
            { text_editor(lab, &copy, dispatch) }
        </>
    }
}

/// Which copy to edit, when some server holds its own.
fn copy_choice(lab: &Lab, copy: &CopyRef, dispatch: &Callback<Action>) -> Html {
    let scenario = &lab.loaded.scenario;
    let owners: Vec<(&ServerId, &Name)> = scenario
        .servers
        .iter()
        .filter(|s| s.has_diverged_copy(&copy.apex))
        .map(|s| (&s.id, &s.host))
        .collect();
    if owners.is_empty() {
        return Html::default();
    }
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let value = select.value();
                dispatch.emit(Action::EditCopy(
                    (!value.is_empty()).then_some(ServerId(value)),
                ));
            }
        })
    };
    let current = copy.server.as_ref();
    html! {
        <div class="copy-choice form-row">
            <label for="zone-copy">{ "Copy" }</label>
            <select id="zone-copy" {onchange}>
                <option value="" selected={current.is_none()}>{ "the shared text (every other server)" }</option>
                { for owners.iter().map(|(id, host)| html! {
                    <option value={id.to_string()} selected={current == Some(*id)}>
                        { format!("{host}'s own copy") }
                    </option>
                }) }
            </select>
            if let Some(id) = current {
                <p class="tag diverged-note">{ format!("Editing the copy only {} serves; resolvers that ask it see this text.", host_of(lab, id)) }</p>
            }
        </div>
    }
}

fn host_of(lab: &Lab, id: &ServerId) -> String {
    lab.loaded
        .scenario
        .server(id)
        .map_or_else(|| id.to_string(), |s| s.host.to_string())
}

/// The record table: one row per record, a remove button on each (but the
/// SOA, which every zone needs exactly one of), and a row to add one. In a
/// `signed` zone the signer's own records (DNSKEY, RRSIG, NSEC, NSEC3, CDS) are
/// counted, not listed.
fn record_table(zone: &Zone, copy: &CopyRef, signed: bool, dispatch: &Callback<Action>) -> Html {
    let apex = zone.apex();
    let by_signer = |record: &&Record| {
        signed && (record.rtype().is_signer_output() || record.rtype().is_made_from_keys())
    };
    let signer_made = if signed {
        zone.records().filter(by_signer).count()
    } else {
        0
    };
    let total = zone.record_count() - signer_made;
    let rows = zone.records().filter(|r| !by_signer(r)).take(TABLE_ROWS).map(|record| {
        let owner = record.owner.relative_to(apex).unwrap_or_default();
        let remove = (record.rtype() != RType::SOA).then(|| {
            let dispatch = dispatch.clone();
            let copy = copy.clone();
            let record = record.clone();
            let label = format!("Remove {}", record_line(&record));
            let onclick = Callback::from(move |_: MouseEvent| {
                dispatch.emit(Action::EditRecords {
                    copy: copy.clone(),
                    remove: vec![record.clone()],
                    add: Vec::new(),
                })
            });
            html! { <button type="button" class="remove" aria-label={label} {onclick}>{ "✕" }</button> }
        });
        html! {
            <tr>
                <td class="owner">{ breakable(&owner) }</td>
                <td class="ttl">{ record.ttl }</td>
                <td class="rtype">{ record.rtype().to_string() }</td>
                <td class="rdata">{ breakable(&record.data.to_text()) }</td>
                <td>{ remove.unwrap_or_default() }</td>
            </tr>
        }
    });
    // New records take the SOA record's TTL, the zone's usual one.
    let default_ttl = zone.soa_record().map_or(3600, |soa| soa.ttl);
    let add = {
        let dispatch = dispatch.clone();
        let copy = copy.clone();
        Rc::new(move || {
            let owner = input_value("record-owner");
            let line = format!(
                "{} {} IN {} {}",
                if owner.is_empty() { "@" } else { &owner },
                input_value("record-ttl"),
                select_value("record-type"),
                input_value("record-data")
            );
            match parse_record(&line, &copy.apex, default_ttl) {
                Ok(record) => {
                    dispatch.emit(Action::EditRecords {
                        copy: copy.clone(),
                        remove: Vec::new(),
                        add: vec![record],
                    });
                    clear(&["record-owner", "record-data"]);
                }
                Err(problem) => dispatch.emit(Action::Notify(format!(
                    "The record \"{line}\" was not added: {}",
                    problem.message
                ))),
            }
        })
    };
    // Enter in any field of the row adds, as in a form.
    let on_enter = {
        let add = Rc::clone(&add);
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                add();
            }
        })
    };
    let on_add = Callback::from(move |_: MouseEvent| add());
    html! {
        <div class="record-table">
            <table id="zone-records">
                <caption>{ format!("Records ({total})") }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Owner" }</th>
                        <th scope="col">{ "TTL" }</th>
                        <th scope="col">{ "Type" }</th>
                        <th scope="col">{ "Data" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Remove" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for rows }
                    if total > TABLE_ROWS {
                        <tr><td colspan="5" class="muted">{ format!("… and {} more: edit them in the zone file below.", total - TABLE_ROWS) }</td></tr>
                    }
                    if signer_made > 0 {
                        <tr><td colspan="5" class="muted" id="signer-records">{ format!("… and {signer_made} records the signer made (DNSKEY, RRSIG, NSEC or NSEC3, CDS): they change when it signs again, see DNSSEC below.") }</td></tr>
                    }
                </tbody>
                <tfoot>
                    <tr class="add-record" onkeydown={on_enter}>
                        <td><input id="record-owner" type="text" aria-label="Owner of the new record (relative to the zone, @ for the apex)" placeholder="www" spellcheck="false" /></td>
                        <td><input id="record-ttl" type="text" inputmode="numeric" aria-label="TTL of the new record (empty for the zone's usual TTL)" placeholder={default_ttl.to_string()} /></td>
                        <td>
                            <select id="record-type" aria-label="Type of the new record">
                                { type_options(RType::A, &[RType::SOA]) }
                            </select>
                        </td>
                        <td><input id="record-data" type="text" aria-label="Data of the new record" placeholder="192.0.2.80" spellcheck="false" /></td>
                        <td><button type="button" id="record-add" onclick={on_add}>{ "Add" }</button></td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// The copy's text in an editor; Apply loads it, and problems stay beside it.
fn text_editor(lab: &Lab, copy: &CopyRef, dispatch: &Callback<Action>) -> Html {
    let draft = lab.drafts.get(copy);
    let current = lab
        .loaded
        .scenario
        .copy_text(&copy.apex, copy.server.as_ref())
        .unwrap_or_default()
        .to_string();
    let text = draft.map_or(current, |d| d.text.clone());
    // Keyed by the copy alone: what is typed is kept as a draft on every
    // input, so the text shown always is what the browser holds, and an
    // applied or discarded edit changes the value in place, keeping the
    // caret and focus where they are.
    let key = format!(
        "{}:{}",
        copy.apex,
        copy.server
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    );
    let editor_id = "zone-text";
    let apply = {
        let dispatch = dispatch.clone();
        let copy = copy.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = gloo::utils::document()
                .get_element_by_id(editor_id)
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlTextAreaElement>(e).ok())
            {
                dispatch.emit(Action::EditZoneText {
                    copy: copy.clone(),
                    text: area.value(),
                });
            }
        })
    };
    let on_key = {
        let dispatch = dispatch.clone();
        let copy = copy.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Ctrl+Enter applies, as in many editors.
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                    dispatch.emit(Action::EditZoneText {
                        copy: copy.clone(),
                        text: area.value(),
                    });
                }
            }
        })
    };
    let on_input = {
        let dispatch = dispatch.clone();
        let copy = copy.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                dispatch.emit(Action::TypeZoneText {
                    copy: copy.clone(),
                    text: area.value(),
                });
            }
        })
    };
    let discard = {
        let dispatch = dispatch.clone();
        let copy = copy.clone();
        Callback::from(move |_: MouseEvent| {
            // This button goes with the draft: the editor keeps the focus.
            focus_on(editor_id);
            dispatch.emit(Action::DiscardDraft(copy.clone()))
        })
    };
    let has_problems = draft.is_some_and(|d| !d.problems.is_empty() || !d.other.is_empty());
    let label = match &copy.server {
        Some(id) => format!("Zone file ({}'s own copy)", host_of(lab, id)),
        None => "Zone file".to_string(),
    };
    html! {
        <div class="zone-editor">
            <label for={editor_id}>{ label }</label>
            // Keyed by the copy and the text shown, so a loaded edit or a
            // discarded draft replaces what the browser holds.
            <textarea id={editor_id} key={key} spellcheck="false" rows="14"
                aria-invalid={has_problems.to_string()} aria-describedby="zone-problems"
                value={text} onkeydown={on_key} oninput={on_input} />
            <div class="editor-actions">
                <button type="button" id="zone-apply" onclick={apply}>{ "Apply (Ctrl+Enter)" }</button>
                if draft.is_some() {
                    <button type="button" id="zone-discard" onclick={discard}>{ "Discard my changes" }</button>
                }
            </div>
            <div id="zone-problems" role="alert">
                if draft.is_some_and(|d| !d.tried) {
                    <p class="unapplied" id="zone-unapplied">{ "Unapplied changes: the world still uses the text as last applied. Apply them, or discard them; they are kept meanwhile, even if you select another zone or reload." }</p>
                }
                if let Some(draft) = draft.filter(|d| d.tried) {
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

/// Text that may wrap after each dot of a name (`ns1.` `example.` `test.`)
/// as well as at its spaces, never inside a label: a narrow table shows
/// `ns1.example.` / `test.`, not `ns1.example.tes` / `t.`.
fn breakable(text: &str) -> Html {
    let mut parts = text.split_inclusive('.').peekable();
    let mut pieces = Vec::new();
    while let Some(part) = parts.next() {
        pieces.push(html! { { part.to_string() } });
        if parts.peek().is_some() {
            pieces.push(html! { <wbr /> });
        }
    }
    html! { <>{ for pieces }</> }
}
