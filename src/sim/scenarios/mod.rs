//! Built-in scenarios: JSON files in this folder, compiled into the app and
//! shared with the tests, so what a learner opens is exactly what is tested.

use super::scenario::Scenario;

/// The file behind the default scenario, as a user could import it.
pub const DEFAULT_SCENARIO_JSON: &str = include_str!("default.json");

/// The scenario the app opens with: a small, healthy world.
pub fn default_scenario() -> Scenario {
    Scenario::from_json(DEFAULT_SCENARIO_JSON).expect("the built-in default scenario is valid JSON")
}
