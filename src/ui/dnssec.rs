//! DNSSEC in the inspector: the DS records at the registrar beside the
//! keys the DNS host signs with, and the host's signer.

use yew::prelude::*;

use super::form::{clear, input_value, select_value};
use super::inspector::removable;
use super::state::{Action, CopyRef, Lab, SigningEdit};
use crate::sim::dnssec::keys::{DsMatch, ds_matches};
use crate::sim::dnssec::sign::signature_window;
use crate::sim::dnssec::{
    Algorithm, Denial, KeyPair, KeyRole, KeyState, Signing, UtcTime, ZoneKey,
};
use crate::sim::edit::DELEGATION_TTL;
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};
use crate::sim::scenario::Scenario;
use crate::sim::zonefile::parse_record;
use std::cell::RefCell;
use std::collections::HashMap;

fn emit(dispatch: &Callback<Action>, edit: SigningEdit) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.emit(Action::Signing(edit.clone())))
}

/// A switch's change: the edit that turns it from `on` to the other way.
fn toggle(
    dispatch: &Callback<Action>,
    on: bool,
    edit: impl Fn(bool) -> SigningEdit + 'static,
) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: Event| dispatch.emit(Action::Signing(edit(!on))))
}

/// The registrar's DS records for `apex` in `parent`, each with the key it
/// names, and the way to publish the right ones.
pub fn registrar_ds(lab: &Lab, apex: &Name, parent: &Name, dispatch: &Callback<Action>) -> Html {
    let ds: Vec<Record> = lab
        .loaded
        .world
        .zone(parent)
        .map(|zone| zone.rrset(apex, RType::DS).into_iter().cloned().collect())
        .unwrap_or_default();
    let keys = lab
        .loaded
        .world
        .zone(apex)
        .map(|zone| zone.rrset_wire(apex, RType::DNSKEY))
        .unwrap_or_default();
    let signed = lab
        .loaded
        .scenario
        .zone_source(apex)
        .is_some_and(|z| z.signing.is_some());
    let holds = |wanted: &[Record]| {
        ds.iter().all(|r| wanted.iter().any(|w| w.same_data(r))) && ds.len() == wanted.len()
    };
    let current = holds(&Scenario::ds_for_child(&lab.loaded.world, apex));
    // What the child asks for in its CDS or CDNSKEY records, if that is not
    // what the registrar has.
    let requested = Scenario::ds_from_cds(&lab.loaded.world, apex).filter(|wanted| !holds(wanted));
    let list = if ds.is_empty() {
        html! {
            <p class="muted" id="registrar-no-ds">{ if keys.is_empty() {
                format!("No DS: {apex} is not signed, and validators treat it as insecure.")
            } else {
                format!("No DS: validators treat {apex} as insecure and do not check its signatures.")
            } }</p>
        }
    } else {
        html! {
            <ul class="records ds" id="registrar-ds" aria-label="DS records at the parent">
                { for ds.iter().map(|record| {
                    let matched = match &record.data {
                        RData::Other(data) => ds_matches(apex, data.wire(), &keys),
                        _ => DsMatch::NoKey,
                    };
                    // Marked ⚠, not ✖: the ✖ marks are the findings', and
                    // the diagnosis does not judge DNSSEC yet.
                    let (class, mark) = match matched {
                        DsMatch::NoKey => ("dnssec-broken", "⚠"),
                        DsMatch::Key { sep: true, .. } => ("muted", "✔"),
                        _ => ("muted", "·"),
                    };
                    html! {
                        <>
                            { removable(record, parent, dispatch) }
                            <li class={classes!("ds-match", class)}>{ format!("{mark} {}", matched.words()) }</li>
                        </>
                    }
                }) }
            </ul>
        }
    };
    let add_ds = {
        let dispatch = dispatch.clone();
        let (apex, parent) = (apex.clone(), parent.clone());
        Callback::from(move |_: MouseEvent| {
            let text = input_value("add-ds-data");
            let line = format!("{apex} {DELEGATION_TTL} IN DS {text}");
            match parse_record(&line, &parent, DELEGATION_TTL) {
                Ok(record) => {
                    dispatch.emit(Action::EditRecords {
                        copy: CopyRef::shared(parent.clone()),
                        remove: Vec::new(),
                        add: vec![record],
                    });
                    clear(&["add-ds-data"]);
                }
                Err(problem) => dispatch.emit(Action::Notify(format!(
                    "\"{text}\" is not DS data (key tag, algorithm, digest type, digest in hex): {}",
                    problem.message
                ))),
            }
        })
    };
    html! {
        <div class="registrar-ds" key={format!("ds-{apex}")}>
            <h4>{ "DS records" }</h4>
            { list }
            if signed && !current {
                <button type="button" id="publish-ds" onclick={emit(dispatch, SigningEdit::SetDsFromKeys(apex.clone()))}>
                    { format!("Publish the DS of {apex}'s KSK") }
                </button>
            }
            if let Some(requested) = requested {
                <button type="button" id="take-cds" onclick={emit(dispatch, SigningEdit::SetDsFromCds(apex.clone()))}>
                    { if requested.is_empty() {
                        format!("Remove the DS, as {apex}'s CDS asks (RFC 8078)")
                    } else {
                        format!("Take the DS from {apex}'s CDS records (RFC 7344)")
                    } }
                </button>
            }
            <div class="form-row">
                <label for="add-ds-data">{ "DS" }</label>
                <input id="add-ds-data" type="text" placeholder="12345 13 2 9C6B…" spellcheck="false" />
                <button type="button" id="add-ds" onclick={add_ds}>{ "Add DS" }</button>
            </div>
        </div>
    }
}

/// The DNS host's signer for the zone at `apex`.
pub fn host_signing(lab: &Lab, apex: &Name, dispatch: &Callback<Action>) -> Html {
    let Some(source) = lab.loaded.scenario.zone_source(apex) else {
        return Html::default();
    };
    let date = lab.date();
    let body = match &source.signing {
        None => sign_form(lab, apex, dispatch),
        Some(signing) => signer_state(lab, apex, signing, date, dispatch),
    };
    html! {
        <section class="side signing" aria-labelledby="signing-heading" key={format!("signing-{apex}")}>
            <h4 id="signing-heading">{ "DNSSEC (DNS host)" }</h4>
            { body }
        </section>
    }
}

/// Zones above this many records take seconds to sign in the page (about
/// 1.7 ms a signature, BENCHMARKS.md): the page says so before it starts.
const SLOW_TO_SIGN: usize = 2_000;

fn sign_form(lab: &Lab, apex: &Name, dispatch: &Callback<Action>) -> Html {
    let records = lab.loaded.world.zone(apex).map_or(0, |z| z.record_count());
    let sign = {
        let dispatch = dispatch.clone();
        let apex = apex.clone();
        Callback::from(move |_: MouseEvent| {
            let algorithm = match select_value("sign-algorithm").as_str() {
                "15" => Algorithm::Ed25519,
                _ => Algorithm::EcdsaP256Sha256,
            };
            let nsec3 = select_value("sign-denial") == "nsec3";
            let combined = select_value("sign-keys") == "csk";
            let edit = Action::Signing(SigningEdit::Sign {
                apex: apex.clone(),
                algorithm,
                nsec3,
                combined,
            });
            if records <= SLOW_TO_SIGN {
                dispatch.emit(edit);
                return;
            }
            // The page cannot draw while it signs: say so first, and sign
            // once that has been drawn.
            dispatch.emit(Action::Notify(format!(
                "Signing {apex}: {records} records, which takes a while in the page…"
            )));
            let dispatch = dispatch.clone();
            gloo::timers::callback::Timeout::new(50, move || dispatch.emit(edit)).forget();
        })
    };
    html! {
        <>
            <p class="muted">{ format!("{apex} is not signed.") }</p>
            <div class="form-row">
                <label for="sign-algorithm">{ "Algorithm" }</label>
                <select id="sign-algorithm">
                    <option value="13" selected=true>{ "ECDSA P-256 (13)" }</option>
                    <option value="15">{ "Ed25519 (15)" }</option>
                </select>
                <label for="sign-denial">{ "Denial" }</label>
                <select id="sign-denial">
                    <option value="nsec" selected=true>{ "NSEC" }</option>
                    <option value="nsec3">{ "NSEC3" }</option>
                </select>
                <label for="sign-keys">{ "Keys" }</label>
                <select id="sign-keys">
                    <option value="split" selected=true>{ "KSK + ZSK" }</option>
                    <option value="csk">{ "one combined key (CSK)" }</option>
                </select>
                <button type="button" id="sign-zone" onclick={sign}>{ "Sign the zone" }</button>
            </div>
        </>
    }
}

thread_local! {
    /// Key tags by zone and key: deriving a key pair is a point
    /// multiplication, and the inspector is drawn again on every action.
    static KEY_TAGS: RefCell<HashMap<(Name, ZoneKey), u16>> = RefCell::default();
}

/// The tag of `key` in the zone at `apex`, derived once; `None` while the
/// page is still fetching the cryptography (`crate::ui::crypto`).
fn key_tag(apex: &Name, key: &ZoneKey) -> Option<u16> {
    let known = (apex.clone(), key.clone());
    if let Some(tag) = KEY_TAGS.with_borrow(|tags| tags.get(&known).copied()) {
        return Some(tag);
    }
    let tag = KeyPair::derive(apex, key, &*crate::ui::crypto::available()?).key_tag();
    KEY_TAGS.with_borrow_mut(|tags| tags.insert(known, tag));
    Some(tag)
}

fn role_name(role: KeyRole) -> &'static str {
    match role {
        KeyRole::KSK => "KSK",
        KeyRole::ZSK => "ZSK",
        KeyRole::CSK => "CSK",
    }
}

fn signer_state(
    lab: &Lab,
    apex: &Name,
    signing: &Signing,
    date: UtcTime,
    dispatch: &Callback<Action>,
) -> Html {
    let window = lab
        .loaded
        .world
        .zone(apex)
        .and_then(|zone| signature_window(zone.records(), date));
    let validity = match window {
        None => html! { <p class="dnssec-broken">{ "⚠ No signatures." }</p> },
        Some((inception, expiration)) => {
            let (class, state) = if date > expiration {
                ("dnssec-broken", "⚠ some have expired")
            } else if date < inception {
                ("dnssec-broken", "⚠ some are not valid yet")
            } else {
                ("muted", "valid now")
            };
            html! {
                <p class={class} id="signature-validity">
                    { format!("Signatures valid from {inception} until {expiration}, {state}; the world's date is {date}.") }
                </p>
            }
        }
    };
    let denial = match &signing.denial {
        Denial::NSEC => "NSEC".to_string(),
        Denial::NSEC3 { iterations, salt } => format!(
            "NSEC3, {iterations} extra iterations, {}",
            if salt.is_empty() {
                "no salt".to_string()
            } else {
                format!("salt {salt}")
            }
        ),
    };
    let many = signing.keys.len() > 1;
    let running = toggle(dispatch, signing.maintained, {
        let apex = apex.clone();
        move |running| SigningEdit::SetRunning {
            apex: apex.clone(),
            running,
        }
    });
    let publish_cds = toggle(dispatch, signing.publish_cds, {
        let apex = apex.clone();
        move |publish| SigningEdit::PublishCds {
            apex: apex.clone(),
            publish,
        }
    });
    html! {
        <>
            <ul class="records keys" id="zone-keys" aria-label="The zone's keys">
                { for signing.keys.iter().map(|key| {
                    let tag = key_tag(apex, key);
                    let state = match key.state {
                        KeyState::Active => "signing",
                        KeyState::Published => "published, not signing",
                    };
                    let named = tag.map_or_else(|| "tag …".to_string(), |tag| format!("tag {tag}"));
                    html! {
                        <li>
                            <code>{ format!("{} {} {named}", role_name(key.role), key.algorithm.mnemonic()) }</code>
                            { format!(" {state} ") }
                            if let (true, Some(tag)) = (many, tag) {
                                <button type="button" class="remove"
                                    aria-label={format!("Retire key {tag} of {apex}")}
                                    onclick={emit(dispatch, SigningEdit::Retire { apex: apex.clone(), key_tag: tag })}>
                                    { "✕ retire" }
                                </button>
                            }
                        </li>
                    }
                }) }
            </ul>
            <p class="muted">{ format!("Denial of existence: {denial}.") }</p>
            { validity }
            <label class="switch">
                <input type="checkbox" id="signer-running" checked={signing.maintained} onchange={running} />
                { " Signer running: re-signs after each edit and before signatures expire" }
            </label>
            <label class="switch">
                <input type="checkbox" id="publish-cds" checked={signing.publish_cds} onchange={publish_cds} />
                { " Publish CDS and CDNSKEY: the DS this zone wants, for a registrar that reads them (RFC 7344)" }
            </label>
            <div class="form-row signing-actions">
                <button type="button" id="resign-zone" onclick={emit(dispatch, SigningEdit::Resign(apex.clone()))}>{ "Re-sign now" }</button>
                <button type="button" id="roll-ksk" onclick={emit(dispatch, SigningEdit::Roll { apex: apex.clone(), role: KeyRole::KSK })}>{ "Roll the KSK" }</button>
                <button type="button" id="roll-zsk" onclick={emit(dispatch, SigningEdit::Roll { apex: apex.clone(), role: KeyRole::ZSK })}>{ "Roll the ZSK" }</button>
                <button type="button" id="stop-signing" onclick={emit(dispatch, SigningEdit::Stop(apex.clone()))}>{ "Stop signing" }</button>
            </div>
        </>
    }
}
