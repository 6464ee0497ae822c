//! The graph's flight rendered natively (yew's server-side renderer): the
//! current step's query going out and its reply coming back, in motion and
//! drawn still for reduced motion.

use std::rc::Rc;

use dns_lab::sim::scenario::{Behaviour, Scenario, ServerId};
use dns_lab::ui::LabProps;
use dns_lab::ui::graph::{Flight, FlightProps, FlightView, GraphModel, GraphView, Reply};
use dns_lab::ui::state::{Action, Lab};
use yew::Callback;

mod common;
use common::render;

fn flight(lab: &Lab) -> Flight {
    GraphModel::build(lab)
        .overlay
        .flight
        .expect("the current step sends a query")
}

fn drawn(flight: Flight, reduced_motion: bool) -> String {
    render::<FlightView>(FlightProps {
        flight,
        reduced_motion,
        id: "flight1s1".into(),
    })
}

/// Steps until the current step's query timed out.
fn at_a_timeout() -> Lab {
    let mut lab = Lab::default();
    for id in ["ns1-example-test", "ns2-example-test"] {
        lab = lab.apply(Action::SetBehaviour {
            server: ServerId::from(id),
            behaviour: Behaviour::Down,
        });
    }
    while GraphModel::build(&lab)
        .overlay
        .flight
        .is_none_or(|f| f.reply != Reply::Timeout)
    {
        assert!(!lab.at_end(), "no query timed out");
        lab = lab.apply(Action::Step);
    }
    lab
}

#[test]
fn a_step_sends_the_query_out_and_a_labelled_reply_back() {
    let lab = Lab::default().apply(Action::Step);
    let html = render::<GraphView>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    });
    // The first query goes to a root server, which refers to test.
    assert!(html.contains("class=\"flight reply-referral\""), "{html}");
    // (Minimised: the root is asked about test. only.)
    assert!(html.contains("<title>test. IN A → "), "{html}");
    assert!(html.contains("): referral to test.</title>"));
    // Colour is not the only signal: the reply carries its word.
    assert!(html.contains(">↓ referral</text>"));
    // Out and back: two motions, the reply's timed from the query's.
    assert_eq!(html.matches("<animateMotion").count(), 2);
    assert!(html.contains("begin=\"indefinite\""));
    assert!(html.contains("q.end\""));
    // The chip asked is lit.
    assert_eq!(html.matches("asked\"").count(), 1);
}

#[test]
fn with_reduced_motion_the_exchange_is_drawn_still() {
    let flight = flight(&Lab::default().apply(Action::Step));
    let (x, y) = flight.from;
    let html = drawn(flight, true);
    assert!(!html.contains("<animateMotion"), "{html}");
    assert!(!html.contains("<set"));
    assert!(html.contains("class=\"flight reply-referral still\""));
    // The route with its arrow at the server, the reply beside the resolver.
    assert!(html.contains("marker-end=\"url(#flight-arrow)\""));
    assert!(html.contains(&format!(
        "transform=\"translate({x:.1} {y:.1})\" class=\"packet reply\""
    )));
    assert!(html.contains(">↓ referral</text>"));
}

#[test]
fn a_timeout_stops_at_the_server_and_nothing_comes_back() {
    let flight = flight(&at_a_timeout());
    let (x, y) = flight.to;
    for reduced_motion in [false, true] {
        let html = drawn(flight.clone(), reduced_motion);
        assert!(html.contains("flight reply-timeout unanswered"), "{html}");
        assert!(!html.contains("packet reply"));
        assert!(html.contains(">◷ timeout</text>"));
        assert!(html.contains(&format!("transform=\"translate({x:.1} {y:.1})\"")));
        // Only the query moves, and only when motion is allowed.
        let motions = html.matches("<animateMotion").count();
        assert_eq!(motions, usize::from(!reduced_motion));
    }
}

#[test]
fn a_cycle_is_named_below_the_tree_not_across_its_edges() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/resolver/m7_circular_delegation.json"
    );
    let scenario = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let model = GraphModel::build(&Lab::new(scenario).unwrap());
    let layout = &model.layout;
    assert_eq!(layout.cycles.len(), 1);
    assert!(layout.cross.iter().filter(|c| c.in_cycle).count() >= 2);
    let bottom = layout
        .zones
        .iter()
        .map(|z| z.y + z.height)
        .fold(0.0, f64::max);
    for label in &layout.cycles {
        assert!(label.text.starts_with("⟳ "));
        assert!(label.y > bottom && label.y < layout.height, "{label:?}");
        assert!(label.x >= 0.0);
    }
}
