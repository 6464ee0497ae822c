//! The graph rendered natively (yew's server-side renderer): the current
//! step's query going out and its reply coming back, in motion and drawn
//! still for reduced motion; and how a world of hundreds of zones stays
//! usable: families folded, leaves in columns, less detail zoomed out, and
//! only what is near the window drawn.

use crate::support::{n, render};
use std::collections::BTreeSet;
use std::rc::Rc;

use dns_lab::sim::name::Name;
use dns_lab::sim::scenario::{Behaviour, Scenario, ServerId};
use dns_lab::sim::scenarios::generated_world;
use dns_lab::ui::LabProps;
use dns_lab::ui::graph::{
    Area, CULL_ABOVE, Detail, DrawingProps, Flight, FlightProps, FlightView, GraphDrawing,
    GraphLayout, GraphModel, GraphView, LARGE_WORLD, LayoutRef, MANY_CHILDREN, Reply,
    default_collapsed,
};
use dns_lab::ui::state::{Action, Lab, Selection};
use yew::Callback;

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
        "/tests/fixtures/resolver/circular_delegation.json"
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

#[test]
fn a_mismatched_cut_is_labelled_with_each_sides_own_names_not_a_count() {
    let scenario = dns_lab::sim::scenarios::built_in("registrar-vs-zone-ns").unwrap();
    let lab = Lab::new(scenario).unwrap();
    let layout = GraphModel::build(&lab).layout;
    let edge = layout
        .delegations
        .iter()
        .find(|e| e.child == n("example.test."))
        .unwrap();
    assert_eq!(
        edge.badge,
        [
            "registrar only: ns1.newdns.test, ns2.newdns.test",
            "zone only: ns1.olddns.test, ns2.olddns.test"
        ]
    );
    let svg = drawing(&lab, Detail::Full, None);
    assert!(
        svg.contains("registrar only: ns1.newdns.test, ns2.newdns.test"),
        "{svg}"
    );
    assert!(svg.contains("zone only: ns1.olddns.test, ns2.olddns.test"));
    // A healthy delegation carries no label.
    assert!(
        layout
            .delegations
            .iter()
            .filter(|e| e.child != n("example.test."))
            .all(|e| e.badge.is_empty())
    );
}

// ---------------------------------------------------------------------------------------------
// Thousands of zones: folded families, columns, level of detail, culling. Structure only: how
// fast it draws is measured by scripts/measure.sh, never asserted here.

/// A generated world large enough to fold: its ten TLDs have dozens of domains each.
fn large_lab() -> Lab {
    let lab = Lab::new(generated_world(400)).unwrap();
    assert!(lab.loaded.hierarchy.zone_count() > LARGE_WORLD);
    lab
}

fn drawn_apexes(layout: &GraphLayout) -> Vec<String> {
    layout.zones.iter().map(|z| z.apex.to_string()).collect()
}

#[test]
fn a_large_world_opens_with_its_big_families_folded_and_the_query_path_open() {
    let lab = large_lab();
    // The page's first query is not in this world: every TLD is folded, the root (ten
    // children) is not.
    let tlds: BTreeSet<Name> = (0..10).map(|t| n(&format!("tld{t}."))).collect();
    assert_eq!(lab.collapsed, tlds);
    let layout = GraphModel::build(&lab).layout;
    assert_eq!(layout.zones.len(), 11, "{:?}", drawn_apexes(&layout));
    let tld5 = layout.zone(&n("tld5.")).unwrap();
    assert!(tld5.collapsed && tld5.hidden_below > MANY_CHILDREN);

    // Asking for a name unfolds the zones above it, and only those.
    let asked = lab.apply(Action::SetQueryName("www.d5.tld5.".into()));
    assert!(!asked.collapsed.contains(&n("tld5.")));
    assert_eq!(asked.collapsed.len(), 9);
    assert!(
        GraphModel::build(&asked)
            .layout
            .zone(&n("d5.tld5."))
            .is_some()
    );

    // A zone selected inside a folded family is revealed (a finding focused, say).
    let selected = asked.apply(Action::Select(Some(Selection::Zone(n("d7.tld7.")))));
    assert!(!selected.collapsed.contains(&n("tld7.")));
    // What the user folds stays folded, even on the query's path.
    let folded = selected.apply(Action::ToggleCollapse(n("tld5.")));
    assert!(folded.collapsed.contains(&n("tld5.")));
    let stepped = folded.apply(Action::Step).apply(Action::Select(None));
    assert!(stepped.collapsed.contains(&n("tld5.")));

    // A new scenario starts folded afresh (the query's path open); a small one starts with
    // nothing folded.
    let reopened = folded.apply(Action::LoadScenario {
        scenario: Rc::new(generated_world(400)),
        notice: None,
    });
    let mut open_tld5 = tlds.clone();
    open_tld5.remove(&n("tld5."));
    assert_eq!(reopened.collapsed, open_tld5);
    let small = reopened.apply(Action::OpenBuiltIn("missing-glue".into()));
    assert!(small.collapsed.is_empty());
    assert!(
        Lab::new(generated_world(LARGE_WORLD))
            .unwrap()
            .collapsed
            .is_empty()
    );
    assert!(default_collapsed(&small.loaded.hierarchy, &[]).is_empty());
}

#[test]
fn an_unfolded_family_of_many_leaves_is_drawn_in_columns() {
    let lab = large_lab().apply(Action::SetQueryName("www.d5.tld5.".into()));
    let layout = GraphModel::build(&lab).layout;
    let domains: Vec<_> = layout
        .zones
        .iter()
        .filter(|z| z.apex.to_string().ends_with(".tld5."))
        .collect();
    assert!(domains.len() > 30, "{}", domains.len());
    let lefts: BTreeSet<i64> = domains.iter().map(|z| z.x.round() as i64).collect();
    let tops: BTreeSet<i64> = domains.iter().map(|z| z.y.round() as i64).collect();
    // Columns and rows, not one row: about as many of one as of the other.
    assert!(tops.len() > 1 && lefts.len() > 1, "{lefts:?} {tops:?}");
    assert!(lefts.len() <= tops.len() + 1, "{lefts:?} {tops:?}");
    // No two boxes of the drawing overlap.
    for (i, a) in layout.zones.iter().enumerate() {
        for b in &layout.zones[i + 1..] {
            let apart = a.x + a.width <= b.x
                || b.x + b.width <= a.x
                || a.y + a.height <= b.y
                || b.y + b.height <= a.y;
            assert!(apart, "{} overlaps {}", a.apex, b.apex);
        }
    }
    // Every domain's delegation edge runs down beside its column and into its left side.
    for zone in &domains {
        let edge = layout
            .delegations
            .iter()
            .find(|d| d.child == zone.apex)
            .expect("an edge to every drawn domain");
        assert!(
            edge.route.path().ends_with(&format!(" H{:.1}", zone.x)),
            "{:?}",
            edge.route
        );
    }
}

fn drawing(lab: &Lab, detail: Detail, cull: Option<Area>) -> String {
    render::<GraphDrawing>(DrawingProps {
        layout: LayoutRef(GraphModel::build(lab).layout),
        detail,
        cull,
        selection: None,
        focus_zones: Default::default(),
        focus_servers: Default::default(),
        dispatch: Callback::noop(),
    })
}

#[test]
fn zoomed_out_the_drawing_leaves_out_what_is_too_small_to_read() {
    assert_eq!(Detail::at(1.0), Detail::Full);
    assert_eq!(Detail::at(Detail::NAMES_BELOW), Detail::Full);
    assert_eq!(Detail::at(Detail::NAMES_BELOW - 0.01), Detail::Names);
    assert_eq!(Detail::at(Detail::BOXES_BELOW - 0.01), Detail::Boxes);
    assert_eq!(Detail::at(0.001), Detail::Boxes);
    // A small drawing is cheap at any zoom: always in full.
    assert_eq!(Detail::of(Detail::ALWAYS_FULL_UP_TO, 0.001), Detail::Full);
    assert_eq!(
        Detail::of(Detail::ALWAYS_FULL_UP_TO + 1, 0.001),
        Detail::Boxes
    );

    let lab = Lab::new(
        Scenario::from_json(include_str!(
            "../fixtures/resolver/circular_delegation.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let zones = lab.loaded.hierarchy.zone_count();
    let full = drawing(&lab, Detail::Full, None);
    let names = drawing(&lab, Detail::Names, None);
    let boxes = drawing(&lab, Detail::Boxes, None);
    for html in [&full, &names, &boxes] {
        // Every zone is still a box that selects it, whatever the detail.
        assert_eq!(html.matches("class=\"zone-box\"").count(), zones);
        assert_eq!(html.matches("class=\"zone-hit\"").count(), zones);
        // The cycle stays visible: its edges and its name.
        assert!(html.contains("cross in-cycle"), "{html}");
        assert!(html.contains("class=\"cycle-label\""));
    }
    // Full: chips, names, tooltips and arrowheads.
    assert!(full.contains("class=\"chip"));
    assert_eq!(full.matches("class=\"zone-label\"").count(), zones);
    assert!(full.contains("marker-end=\"url(#arrow)\""));
    assert!(full.contains("<title>"));
    // Names: the zones' names only.
    assert!(!names.contains("class=\"chip"), "{names}");
    assert_eq!(names.matches("class=\"zone-label\"").count(), zones);
    assert!(!names.contains("marker-end"));
    // Boxes: no text at all but the collapse toggles' and the cycle's name; each zone's
    // name is in its tooltip.
    assert!(!boxes.contains("class=\"chip"));
    assert!(!boxes.contains("zone-label"));
    assert!(!boxes.contains("edge-icon"));
    assert_eq!(boxes.matches("<title>").count(), zones);
}

#[test]
fn a_large_drawing_draws_only_what_meets_the_window() {
    let mut lab = large_lab();
    lab.collapsed.clear();
    let layout = GraphModel::build(&lab).layout;
    assert!(layout.zones.len() > CULL_ABOVE);
    let everything = drawing(&lab, Detail::Boxes, None);
    assert_eq!(
        everything.matches("class=\"zone-box\"").count(),
        layout.zones.len()
    );
    // The top of the tree round the root: some of the TLDs, none of the domains.
    let root = layout.zone(&Name::root()).unwrap();
    let corner = Area {
        left: root.x - 700.0,
        top: 0.0,
        right: root.x + 800.0,
        bottom: 120.0,
    };
    let culled = drawing(&lab, Detail::Boxes, Some(corner));
    let meeting = layout
        .zones
        .iter()
        .filter(|z| corner.meets(&z.area()))
        .count();
    assert!(meeting > 0 && meeting < layout.zones.len() / 4, "{meeting}");
    assert_eq!(culled.matches("class=\"zone-box\"").count(), meeting);
    assert!(culled.contains("data-apex=\".\""));
    // An edge is drawn when it reaches into the area, whichever end is outside it.
    let edges = layout
        .delegations
        .iter()
        .filter(|d| corner.meets(&d.bounds))
        .count();
    assert_eq!(culled.matches("data-child=").count(), edges);
    assert!(edges >= meeting - 1);
}

#[test]
fn for_a_picture_the_whole_graph_is_drawn_at_full_detail() {
    let mut lab = large_lab();
    lab.collapsed.clear();
    let zones = GraphModel::build(&lab).layout.zones.len();
    let view = |lab: &Lab| {
        render::<GraphView>(LabProps {
            lab: Rc::new(lab.clone()),
            dispatch: Callback::noop(),
        })
    };
    // On the page the whole drawing is fitted to the window, too small to read: no
    // names, no servers.
    let on_page = view(&lab);
    assert!(!on_page.contains("class=\"zone-label\""));
    assert!(!on_page.contains("class=\"chip"));
    // Asked for a picture (export), every zone is drawn with its name and its servers.
    lab = lab.apply(Action::DrawForExport(true));
    let whole = view(&lab);
    assert_eq!(whole.matches("class=\"zone-box\"").count(), zones);
    assert_eq!(whole.matches("class=\"zone-label\"").count(), zones);
    assert!(whole.contains("class=\"chip"));
    // And afterwards the page draws only what the view needs again.
    assert_eq!(view(&lab.apply(Action::DrawForExport(false))), on_page);
}
