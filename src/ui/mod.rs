//! The imperative shell: yew function components that show a scenario.
//!
//! Everything here reads the simulation core (`crate::sim`) and never the other way round.
//! For now the app is a placeholder that renders the default scenario: its zones and its
//! name servers. Names, behaviours and the like are only ever shown through `Display`.

mod scenario_view;

use yew::prelude::*;

use crate::sim::scenarios::default_scenario;

pub use scenario_view::{ScenarioView, ScenarioViewProps};

/// The whole app: a header and the current scenario.
#[function_component(App)]
pub fn app() -> Html {
    // The scenario is built once per mount; later it will live in the app's reducer.
    let scenario = use_memo((), |()| default_scenario());

    html! {
        <>
            <header class="app-header">
                <h1>{ "DNS Lab" }</h1>
                <p class="tagline">
                    { "A DNS hierarchy simulator: break delegations safely and watch resolution step by step. Nothing here touches the real network." }
                </p>
            </header>
            <main id="main">
                <ScenarioView {scenario} />
            </main>
        </>
    }
}
