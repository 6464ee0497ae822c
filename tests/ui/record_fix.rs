//! "Record my fix": whatever edits a teacher makes through the app, the
//! recorded fix remakes the world they end with from the one they began
//! with (`edits_between` checks that itself, so any `Err` is a failure).

use crate::support::{edits, n};
use dns_lab::sim::fix::FixEdit;
use dns_lab::sim::fix::apply::apply_edits;
use dns_lab::sim::fix::record::edits_between;
use dns_lab::sim::scenarios::{built_in, default_scenario};
use dns_lab::sim::server::Behaviour;
use dns_lab::ui::state::{Action, Lab};
use proptest::prelude::*;

use edits::{action, op};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_edits_are_recorded_as_a_fix_that_remakes_them(ops in prop::collection::vec(op(), 1..14)) {
        let start = Lab::default();
        let mut lab = start.clone();
        for op in &ops {
            if let Some(action) = action(&lab, op) {
                lab = lab.apply(action);
            }
        }
        let before = &start.loaded.scenario;
        let after = &lab.loaded.scenario;
        let recorded = edits_between(before, after);
        prop_assert!(recorded.is_ok(), "after {ops:?}: {recorded:?}");
        let remade = apply_edits(before, &recorded.unwrap()).unwrap();
        prop_assert!(remade.load().is_ok());
    }
}

#[test]
fn no_edits_record_no_fix() {
    let scenario = default_scenario();
    assert_eq!(edits_between(&scenario, &scenario), Ok(Vec::new()));
}

#[test]
fn a_lessons_own_fix_recorded_again_remakes_its_world() {
    for id in [
        "missing-glue",
        "stale-secondary",
        "lame-one-good",
        "only-server-down",
    ] {
        let broken = built_in(id).unwrap();
        let fix = broken
            .lesson
            .as_ref()
            .unwrap()
            .challenge
            .as_ref()
            .unwrap()
            .fix
            .clone();
        let mended = fix.apply(&broken).unwrap();
        let recorded = edits_between(&broken, &mended).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!recorded.is_empty(), "{id}");
        let remade = apply_edits(&broken, &recorded).unwrap();
        assert_eq!(remade.zones, mended.zones, "{id}");
    }
}

#[test]
fn a_server_taken_down_renamed_and_a_zone_removed_are_recorded_in_an_order_that_works() {
    let lab = Lab::default();
    let before = (*lab.loaded.scenario).clone();
    let id = before.servers[1].id.clone();
    let removed = before.zones.last().unwrap().apex.clone();
    let after = lab
        .apply(Action::SetBehaviour {
            server: id.clone(),
            behaviour: Behaviour::Down,
        })
        .apply(Action::RemoveZone {
            apex: removed.clone(),
            remove_delegation: true,
        })
        .apply(Action::AddServer {
            host: n("ns9.example.test."),
            addresses: vec!["192.0.2.99".parse().unwrap()],
            zones: vec![n("example.test.")],
        });
    let recorded = edits_between(&before, &after.loaded.scenario).unwrap();
    assert!(recorded.contains(&FixEdit::RemoveZone { apex: removed }));
    assert!(recorded.contains(&FixEdit::Behaviour {
        server: id,
        behaviour: Behaviour::Down
    }));
    let added = recorded
        .iter()
        .position(|e| matches!(e, FixEdit::AddServer { .. }))
        .unwrap();
    let loads = recorded
        .iter()
        .position(|e| matches!(e, FixEdit::Loads { loads: true, .. }))
        .unwrap();
    assert!(added < loads, "the server exists before it loads a zone");
}
