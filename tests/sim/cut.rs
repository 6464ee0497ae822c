//! Both sides of a zone cut lined up: which NS names the registrar lists, which the zone lists,
//! and what each name's server does for the zone.

use crate::support::n;
use dns_lab::sim::cut::{self, CutComparison, NsServer};
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::name::Name;
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::scenarios::{built_in, default_scenario};

fn compare(scenario: &Scenario, apex: &str) -> CutComparison {
    let world = scenario.load().unwrap();
    let hierarchy = Hierarchy::build(&world);
    cut::compare(&world, &hierarchy, &n(apex)).unwrap()
}

fn hosts<'a>(names: impl Iterator<Item = &'a Name>) -> Vec<String> {
    names.map(Name::to_string).collect()
}

#[test]
fn the_registrar_lesson_lines_up_two_different_sets() {
    let comparison = compare(&built_in("registrar-vs-zone-ns").unwrap(), "example.test.");
    assert_eq!(comparison.parent, Some(n("test.")));
    assert!(comparison.differs());
    assert_eq!(
        hosts(comparison.registrar_only()),
        ["ns1.newdns.test.", "ns2.newdns.test."]
    );
    assert_eq!(
        hosts(comparison.zone_only()),
        ["ns1.olddns.test.", "ns2.olddns.test."]
    );
    let state = |host: &str| {
        comparison
            .rows
            .iter()
            .find(|r| r.host == n(host))
            .map(|r| r.server)
            .unwrap()
    };
    // The new provider loads the zone; the old one deleted it and is lame for it.
    assert_eq!(state("ns1.newdns.test."), NsServer::Authoritative);
    assert_eq!(state("ns1.olddns.test."), NsServer::Lame);
}

#[test]
fn a_healthy_cut_lists_every_name_on_both_sides_with_its_glue() {
    let comparison = compare(&default_scenario(), "example.test.");
    assert!(!comparison.differs());
    assert!(comparison.registrar_only().next().is_none());
    for row in &comparison.rows {
        assert!(row.at_parent && row.at_child, "{row:?}");
        assert_eq!(row.server, NsServer::Authoritative, "{row:?}");
        // Its name servers are inside the zone, so the parent holds glue for each.
        assert!(!row.glue.is_empty(), "{row:?}");
    }
}

#[test]
fn the_root_has_no_parent_side_and_unknown_zones_no_comparison() {
    let scenario = default_scenario();
    let root = compare(&scenario, ".");
    assert_eq!(root.parent, None);
    assert!(root.rows.iter().all(|r| r.at_child && !r.at_parent));
    let world = scenario.load().unwrap();
    let hierarchy = Hierarchy::build(&world);
    assert_eq!(
        cut::compare(&world, &hierarchy, &n("nowhere.invalid.")),
        None
    );
}

#[test]
fn a_down_server_and_a_name_no_server_has_are_told_apart() {
    let comparison = compare(&built_in("only-server-down").unwrap(), "example.test.");
    assert!(
        comparison.rows.iter().any(|r| r.server == NsServer::Down),
        "{comparison:?}"
    );
    let comparison = compare(&built_in("ns-is-ip-address").unwrap(), "example.test.");
    assert!(
        comparison
            .rows
            .iter()
            .any(|r| r.server == NsServer::Unknown),
        "{comparison:?}"
    );
}
