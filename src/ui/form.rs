//! The inspector's form controls: the ones its zone and server views share
//! (a link that selects, a server's status menu), and reading form fields
//! when a button is pressed, turning what the user typed into names and
//! addresses with an error that says what to fix. Fields are read by id at
//! the moment of the click, so what is typed is never lost to a re-render
//! in between.

use std::net::IpAddr;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use yew::prelude::*;

use super::state::{Action, Selection};
use crate::sim::name::Name;
use crate::sim::record::RType;
use crate::sim::scenario::{Behaviour, ServerId};

fn element<T: JsCast>(id: &str) -> Option<T> {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<T>().ok())
}

/// Moves the focus to the element with `id`: where it goes when the
/// control that had it is about to disappear (a fix applied, a draft
/// discarded), so keyboard users are not dropped to the page's start.
pub fn focus_on(id: &str) {
    if let Some(element) = element::<web_sys::HtmlElement>(id) {
        let _ = element.focus();
    }
}

/// The value of the text input with `id`, trimmed.
pub fn input_value(id: &str) -> String {
    element::<HtmlInputElement>(id)
        .map(|input| input.value().trim().to_string())
        .unwrap_or_default()
}

/// Whether the checkbox with `id` is ticked.
pub fn checked(id: &str) -> bool {
    element::<HtmlInputElement>(id).is_some_and(|input| input.checked())
}

/// The value of the select with `id`.
pub fn select_value(id: &str) -> String {
    element::<HtmlSelectElement>(id)
        .map(|select| select.value())
        .unwrap_or_default()
}

/// Clears the text inputs with these ids (after a successful add).
pub fn clear(ids: &[&str]) {
    for id in ids {
        if let Some(input) = element::<HtmlInputElement>(id) {
            input.set_value("");
        }
    }
}

/// A domain name the user typed, absolute with or without its final dot
/// (a form field has no origin to complete it with, as in `dig`).
pub fn domain_name(text: &str) -> Result<Name, String> {
    if text.is_empty() {
        return Err("write a name, such as ns1.example.test.".to_string());
    }
    Name::parse(text).map_err(|error| format!("\"{text}\" is not a domain name: {error}"))
}

/// Addresses separated by commas or spaces: at least one, each IPv4 or IPv6.
pub fn addresses(text: &str) -> Result<Vec<IpAddr>, String> {
    let parts: Vec<&str> = text
        .split([',', ' '])
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("write at least one address, such as 192.0.2.53".to_string());
    }
    parts
        .iter()
        .map(|part| {
            part.parse::<IpAddr>()
                .map_err(|_| format!("\"{part}\" is not an IPv4 or IPv6 address"))
        })
        .collect()
}

/// A click that selects a zone or a server.
pub fn select(dispatch: &Callback<Action>, selection: Selection) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.emit(Action::Select(Some(selection.clone()))))
}

/// A server's status: up, down (no reply) or refusing.
pub fn behaviour_select(
    id: &ServerId,
    host: &Name,
    behaviour: Behaviour,
    dispatch: &Callback<Action>,
) -> Html {
    html! {
        <BehaviourSelect id={id.clone()} host={host.clone()} {behaviour} dispatch={dispatch.clone()} />
    }
}

#[derive(Properties, PartialEq)]
struct BehaviourProps {
    id: ServerId,
    host: Name,
    behaviour: Behaviour,
    dispatch: Callback<Action>,
}

/// The menu shows the state's status whatever the user picked before: an
/// option's `selected` attribute no longer moves a menu the user has
/// changed (HTML's "dirtiness"), so after an undo, or a recorded fix that
/// puts the world back, the menu's value is set outright.
#[function_component(BehaviourSelect)]
fn behaviour_menu(props: &BehaviourProps) -> Html {
    let menu = use_node_ref();
    {
        let menu = menu.clone();
        use_effect_with(props.behaviour, move |behaviour| {
            if let Some(select) = menu.cast::<HtmlSelectElement>() {
                select.set_value(&behaviour.to_string());
            }
        });
    }
    let onchange = {
        let dispatch = props.dispatch.clone();
        let id = props.id.clone();
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
    let behaviour = props.behaviour;
    html! {
        <select ref={menu} class="behaviour" aria-label={format!("Status of {}", props.host.prose())} data-server={props.id.to_string()} {onchange}>
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

/// Types a menu offers beside the modelled ones: those people most often
/// look up or publish (any other can be typed in a zone file or in dig).
const COMMON_OTHER_TYPES: [&str; 9] = [
    "CAA", "DS", "DNSKEY", "HTTPS", "SVCB", "TLSA", "SSHFP", "NAPTR", "HINFO",
];

/// The `<option>`s of a record-type menu: the modelled types (`skip`
/// left out), the common others, and `selected` if it is none of them.
pub fn type_options(selected: RType, skip: &[RType]) -> Html {
    let mut types: Vec<RType> = RType::MODELLED
        .into_iter()
        .filter(|t| !skip.contains(t))
        .chain(COMMON_OTHER_TYPES.iter().filter_map(|t| t.parse().ok()))
        .collect();
    if !types.contains(&selected) {
        types.push(selected);
    }
    types
        .into_iter()
        .map(|t| {
            let text = t.to_string();
            html! { <option value={text.clone()} selected={t == selected}>{ text }</option> }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_absolute_with_or_without_the_final_dot() {
        assert_eq!(
            domain_name("ns1.example.test").unwrap(),
            domain_name("ns1.example.test.").unwrap()
        );
        assert!(domain_name("").is_err());
        assert!(domain_name("a..b").is_err());
    }

    #[test]
    fn addresses_are_listed_by_commas_or_spaces() {
        assert_eq!(
            addresses("192.0.2.1, 2001:db8::1").unwrap(),
            [
                "192.0.2.1".parse::<IpAddr>().unwrap(),
                "2001:db8::1".parse().unwrap()
            ]
        );
        assert!(addresses(" ").is_err());
        let error = addresses("192.0.2.1 192.0.2.300").unwrap_err();
        assert!(error.contains("192.0.2.300"), "{error}");
    }
}
