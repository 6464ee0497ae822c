//! The propagation view rendered natively (yew's server-side renderer):
//! before a snapshot, the explanation and the button; after one, with the
//! world edited, a row per resolver marked stale or up to date.

use crate::support::{n, render};
use std::rc::Rc;

use dns_lab::sim::authority::Question;
use dns_lab::sim::propagation::{DEFAULT_RESOLVERS, Propagation};
use dns_lab::sim::record::RType;
use dns_lab::sim::scenario::World;
use dns_lab::sim::scenarios::default_scenario;
use dns_lab::ui::LabProps;
use dns_lab::ui::propagation::{PropagationTable, PropagationTableProps, PropagationView};
use dns_lab::ui::state::{Action, Lab};
use yew::Callback;

/// The default world with www's address changed from .80 to .81.
fn renumbered() -> World {
    let mut scenario = default_scenario();
    let apex = n("example.test.");
    let text = scenario
        .copy_text(&apex, None)
        .unwrap()
        .replace("IN A     198.51.100.80", "IN A     198.51.100.81");
    scenario.set_copy_text(&apex, None, text).unwrap();
    scenario.load().unwrap()
}

fn table(world: World, elapsed: u64) -> String {
    let before = default_scenario().load().unwrap();
    let question = Question::new(n("www.example.test."), RType::A);
    let propagation = Propagation::prime(&before, &question, DEFAULT_RESOLVERS, None);
    render::<PropagationTable>(PropagationTableProps {
        propagation: Rc::new(propagation),
        world: Rc::new(world),
        elapsed,
    })
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn before_a_snapshot_the_view_explains_and_offers_the_snapshot_button() {
    let html = render::<PropagationView>(LabProps {
        lab: Rc::new(Lab::default()),
        dispatch: Callback::noop(),
    });
    assert!(html.contains("id=\"propagation\""), "{html}");
    assert!(html.contains("There is no propagation"));
    assert!(html.contains("RFC 2308"));
    assert!(html.contains("id=\"prop-prime\""));
    assert!(html.contains("Take a snapshot (before)"));
    assert!(html.contains("www.example.test A"), "names the query");
    assert!(html.contains("id=\"prop-empty\""));
    assert!(
        !html.contains("id=\"prop-table\""),
        "no table before priming"
    );
    assert!(!html.contains("id=\"prop-advance-60\""));
    assert!(
        !html.contains("disabled"),
        "the button works with a valid query"
    );
}

#[test]
fn without_a_valid_query_the_snapshot_button_is_disabled_and_says_why() {
    let lab = Lab::default().apply(Action::SetQueryName("bad..name".into()));
    let html = render::<PropagationView>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    });
    assert!(html.contains("disabled"), "{html}");
    assert!(html.contains("not a domain name"));
}

#[test]
fn after_a_change_the_table_marks_each_resolver_stale_or_up_to_date() {
    let html = table(renumbered(), 1_800);
    assert!(html.contains("id=\"prop-table\""), "{html}");
    assert_eq!(count(&html, "class=\"prop-row"), 12, "one row per resolver");
    assert_eq!(count(&html, "data-status=\"up-to-date\""), 7);
    assert_eq!(count(&html, "data-status=\"stale\""), 5);
    // Icon and word, never colour alone.
    assert!(html.contains("✓</span> up to date"));
    assert!(html.contains("⟳</span> stale"));
    assert!(html.contains("Resolver A (Unbound-like, Frankfurt)"));
    assert!(html.contains("CNAME example.test. → 198.51.100.80"));
    assert!(html.contains("CNAME example.test. → 198.51.100.81"));
    assert!(html.contains("(a fresh look-up gets CNAME example.test. → 198.51.100.81)"));
    assert!(html.contains("its cache (fetched"));
    assert!(html.contains("asked again"));
    assert!(html.contains("id=\"prop-summary\""));
    // Resolver A looked it up just before the snapshot: its copy lasts the
    // full TTL (3600 s), 30 minutes after these 30.
    assert!(
        html.contains("7 of 12 resolvers give the new answer; all will within 30m."),
        "{html}"
    );
    assert!(html.contains("At the snapshot they cached: CNAME example.test. → 198.51.100.80."));
    assert!(html.contains("+30m after the snapshot"));
}

#[test]
fn once_every_copy_expired_all_resolvers_give_the_new_answer() {
    let html = table(renumbered(), 3_600);
    assert_eq!(count(&html, "data-status=\"up-to-date\""), 12, "{html}");
    assert_eq!(count(&html, "data-status=\"stale\""), 0);
    assert!(html.contains("All 12 resolvers give the new answer"));
}

#[test]
fn an_unchanged_world_says_nothing_changed() {
    let html = table(default_scenario().load().unwrap(), 0);
    assert_eq!(count(&html, "data-status=\"up-to-date\""), 12);
    assert!(html.contains("nothing they cached has changed"), "{html}");
}

#[test]
fn servers_that_disagree_mean_some_resolvers_never_converge() {
    // A stale secondary: ns2 serves its own older copy of example.test.
    let mut scenario = default_scenario();
    let apex = n("example.test.");
    let stale = dns_lab::sim::scenario::ServerId::from("ns2-example-test");
    scenario.set_diverged(&stale, &apex, true).unwrap();
    let text = scenario
        .copy_text(&apex, Some(&stale))
        .unwrap()
        .replace("IN A     198.51.100.80", "IN A     198.51.100.79");
    scenario.set_copy_text(&apex, Some(&stale), text).unwrap();
    let html = table(scenario.load().unwrap(), 0);
    assert!(html.contains("some never will"), "{html}");
    assert!(html.contains("A fresh look-up now gets: "));
    assert!(html.contains(" or "), "both servers' answers are named");
}
