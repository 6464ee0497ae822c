//! Random sequences of the edits a user can make, through the app's
//! reducer: whatever the order, nothing panics, the hierarchy's invariants
//! hold after every step, and resolution always ends; and the panels tell
//! one truth: every mark the inspector shows is a finding, and no finding
//! says lookups work where the resolver fails.

use crate::support::{edits, render, resolving};
use std::collections::BTreeSet;
use std::rc::Rc;

use dns_lab::sim::name::Name;

use dns_lab::ui::LabProps;
use dns_lab::ui::inspector::Inspector;
use dns_lab::ui::state::{Action, Lab, Selection};
use proptest::prelude::*;
use yew::Callback;

use edits::{action, op};
use resolving::working;

/// Whether resolving into `apex` works under both presets, now and later.
fn works_throughout(working: &BTreeSet<(Name, &'static str, bool)>, apex: &Name) -> bool {
    ["unbound", "bind"].iter().all(|preset| {
        [false, true]
            .iter()
            .all(|later| working.contains(&(apex.clone(), *preset, *later)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_sequence_of_edits_keeps_the_world_sound(ops in prop::collection::vec(op(), 1..14)) {
        let mut lab = Lab::default();
        for op in &ops {
            let Some(action) = action(&lab, op) else { continue };
            lab = lab.apply(action).apply(Action::Run);
            if let Err(violations) = lab.loaded.hierarchy.verify() {
                panic!("after {op:?}: {violations:?}");
            }
            // The world in use always loads again as it is.
            prop_assert!(lab.loaded.scenario.load().is_ok());
            // Resolution ended: its last step is the answer to the client.
            let last = lab.query.steps.last();
            prop_assert!(
                lab.query.name_error.is_some()
                    || matches!(last.map(|s| &s.event), Some(dns_lab::sim::resolver::Event::Done(_))),
                "after {:?} the resolution did not end: {:?}", op, last
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn after_any_edits_the_panels_and_the_resolver_agree(ops in prop::collection::vec(op(), 1..10)) {
        let mut lab = Lab::default();
        for op in &ops {
            if let Some(action) = action(&lab, op) {
                lab = lab.apply(action);
            }
        }
        let apexes: Vec<_> = lab.loaded.world.zones().map(|z| z.apex().clone()).collect();
        let working = working(&lab.loaded.world);
        for apex in apexes {
            let about: Vec<_> = lab.loaded.findings.iter().filter(|f| f.zones.contains(&apex)).collect();
            let html = render::<Inspector>(LabProps {
                lab: Rc::new(lab.clone().apply(Action::Select(Some(Selection::Zone(apex.clone()))))),
                dispatch: Callback::noop(),
            });
            let marks = html.matches("class=\"problem\"").count();
            prop_assert!(marks == 0 || !about.is_empty(), "after {ops:?}: {marks} marks on {apex}, no finding");
            // A finding that says lookups work must be true of the zone,
            // under both presets, now and once the first answer is cached.
            let claims = ["but work", "carry the load", "saves resolution"];
            if about.iter().any(|f| claims.iter().any(|c| f.consequence.contains(c))) {
                prop_assert!(
                    works_throughout(&working, &apex),
                    "after {ops:?}: a finding says lookups in {apex} work, and they fail"
                );
            }
        }
    }
}
