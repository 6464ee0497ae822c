//! The scenario reader on any text: a scenario or an error, and a scenario
//! that reads either loads or lists its problems; nothing panics.
#![no_main]

use dns_lab::sim::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|json: &str| {
    if let Ok(scenario) = Scenario::from_json(json) {
        let _ = scenario.load();
        // What it writes, it reads back.
        let again = Scenario::from_json(&scenario.to_json()).expect("written scenarios read back");
        assert_eq!(again, scenario);
    }
});
