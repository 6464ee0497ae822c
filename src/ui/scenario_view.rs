//! A read-only view of one scenario: its title and description, its zones and its servers.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::scenario::Scenario;

#[derive(Properties, Clone)]
pub struct ScenarioViewProps {
    pub scenario: Rc<Scenario>,
}

impl PartialEq for ScenarioViewProps {
    /// Same scenario object, same view: a new scenario always comes as a new `Rc`.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario)
    }
}

/// The scenario's title and description, then its zones and its name servers.
#[function_component(ScenarioView)]
pub fn scenario_view(props: &ScenarioViewProps) -> Html {
    let scenario = &props.scenario;

    html! {
        <article id="scenario" class="scenario" aria-labelledby="scenario-title">
            <header>
                <h2 id="scenario-title">{ scenario.title.to_string() }</h2>
                <p id="scenario-description" class="description">
                    { scenario.description.to_string() }
                </p>
            </header>
            <div class="columns">
                <section class="panel" aria-labelledby="zones-heading">
                    <h3 id="zones-heading">
                        { "Zones " }<span class="count">{ format!("({})", scenario.zones.len()) }</span>
                    </h3>
                    <ul id="zones" class="cards">
                        { for scenario.zones.iter().map(|zone| zone_item(zone.apex.to_string())) }
                    </ul>
                </section>
                <section class="panel" aria-labelledby="servers-heading">
                    <h3 id="servers-heading">
                        { "Name servers " }<span class="count">{ format!("({})", scenario.servers.len()) }</span>
                    </h3>
                    <ul id="servers" class="cards">
                        { for scenario.servers.iter().map(|server| server_item(&ServerFacts {
                            host: server.host.to_string(),
                            addresses: server.addresses.iter().map(ToString::to_string).collect(),
                            zones: server.zones.iter().map(ToString::to_string).collect(),
                            behaviour: server.behaviour.to_string(),
                        })) }
                    </ul>
                </section>
            </div>
        </article>
    }
}

fn zone_item(apex: String) -> Html {
    let label = if apex == "." { "the root zone" } else { "zone" };
    html! {
        <li class="zone card" key={apex.clone()} data-apex={apex.clone()}>
            <code class="zone-apex name">{ apex }</code>
            <span class="zone-kind">{ label }</span>
        </li>
    }
}

/// What the server list shows of one server, already as text.
struct ServerFacts {
    host: String,
    addresses: Vec<String>,
    zones: Vec<String>,
    behaviour: String,
}

fn server_item(server: &ServerFacts) -> Html {
    let host = server.host.clone();
    let behaviour = server.behaviour.clone();
    let behaviour_class = format!("behaviour behaviour-{}", css_token(&behaviour));
    html! {
        <li class="server card" key={host.clone()} data-host={host.clone()}>
            <code class="server-host name">{ host }</code>
            <span class={behaviour_class} title="behaviour">{ behaviour }</span>
            <dl class="facts">
                <dt>{ "Addresses" }</dt>
                <dd>
                    <ul class="addresses inline-list">
                        { for server.addresses.iter().map(|address| html! {
                            <li class="address"><code>{ address }</code></li>
                        }) }
                    </ul>
                </dd>
                <dt>{ "Loads zones" }</dt>
                <dd>
                    <ul class="server-zones inline-list">
                        { for server.zones.iter().map(|zone| html! {
                            <li class="server-zone"><code>{ zone }</code></li>
                        }) }
                    </ul>
                </dd>
            </dl>
        </li>
    }
}

/// A lower-case token safe to use in a CSS class name ("Refusing queries" → "refusing-queries").
fn css_token(text: &str) -> String {
    let mut token = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            token.push(c.to_ascii_lowercase());
        } else if !token.ends_with('-') && !token.is_empty() {
            token.push('-');
        }
    }
    while token.ends_with('-') {
        token.pop();
    }
    token
}

#[cfg(test)]
mod tests {
    use super::css_token;

    #[test]
    fn css_token_keeps_only_lowercase_words() {
        assert_eq!(css_token("up"), "up");
        assert_eq!(css_token("Refusing queries"), "refusing-queries");
        assert_eq!(css_token(" lame (REFUSED) "), "lame-refused");
        assert_eq!(css_token(""), "");
    }
}
