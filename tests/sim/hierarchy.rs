//! The hierarchy graph: delegation, serves and NS-host dependency edges,
//! undefined zones, cycles, and `verify()` on every world we can make.

use crate::support::n;
use dns_lab::sim::hierarchy::{Hierarchy, Need, ZoneId};
use dns_lab::sim::name::Name;
use dns_lab::sim::scenario::{Scenario, ServerId, ZoneSource};
use dns_lab::sim::scenarios::{default_scenario, generated_world};
use dns_lab::sim::zone::NsSide;
use proptest::prelude::*;

fn build(scenario: &Scenario) -> Hierarchy {
    let hierarchy = Hierarchy::build(&scenario.load().unwrap());
    hierarchy.verify().unwrap();
    hierarchy
}

fn apex(hierarchy: &Hierarchy, id: ZoneId) -> String {
    hierarchy.zone(id).apex.to_string()
}

fn zone(hierarchy: &Hierarchy, apex: &str) -> ZoneId {
    hierarchy.find_zone(&n(apex)).unwrap()
}

#[test]
fn delegations_form_the_tree_of_the_default_world() {
    let h = build(&default_scenario());
    assert_eq!(h.zone_count(), 8);
    let root = h.root().unwrap();
    assert!(h.parent(root).is_none());
    let children = |apex_name: &str| -> Vec<String> {
        h.children(zone(&h, apex_name))
            .into_iter()
            .map(|(id, _)| apex(&h, id))
            .collect()
    };
    assert_eq!(children("."), ["example.", "test."]);
    assert_eq!(children("test."), ["example.test.", "shop.test."]);
    assert_eq!(children("example.test."), ["lab.example.test."]);
    assert_eq!(children("example."), ["hosting.example.", "news.example."]);

    // The delegation edge carries the parent's NS set and glue.
    let (parent, delegation) = h.parent(zone(&h, "example.test.")).unwrap();
    assert_eq!(apex(&h, parent), "test.");
    assert_eq!(
        delegation.ns,
        [n("ns1.example.test."), n("ns2.example.test.")]
    );
    let glue: Vec<String> = delegation
        .glue
        .iter()
        .map(|r| format!("{} {}", r.owner, r.data.to_text()))
        .collect();
    assert_eq!(
        glue,
        [
            "ns1.example.test. 198.51.100.10",
            "ns2.example.test. 198.51.100.11",
            "ns2.example.test. 2001:db8:100::11"
        ]
    );
    let shop = h.delegation_to(zone(&h, "shop.test.")).unwrap();
    assert!(shop.glue.is_empty());
}

#[test]
fn servers_are_attached_to_the_zones_they_load() {
    let h = build(&default_scenario());
    let servers: Vec<String> = h
        .servers_of(zone(&h, "shop.test."))
        .into_iter()
        .map(|s| h.server(s).host.to_string())
        .collect();
    assert_eq!(servers, ["ns1.hosting.example.", "ns2.hosting.example."]);
    let hosting = h.find_server(&ServerId::from("ns1-hosting")).unwrap();
    let zones: Vec<String> = h
        .zones_served_by(hosting)
        .into_iter()
        .map(|z| apex(&h, z))
        .collect();
    assert_eq!(zones, ["hosting.example.", "news.example.", "shop.test."]);
}

#[test]
fn ns_host_dependencies_cross_the_tree() {
    let h = build(&default_scenario());
    let deps = |apex_name: &str| -> Vec<(String, String)> {
        h.ns_dependencies(zone(&h, apex_name))
            .into_iter()
            .map(|(id, dep)| (dep.ns_host.to_string(), apex(&h, id)))
            .collect()
    };
    // Out-of-domain name servers: shop.test. needs hosting.example.
    assert_eq!(
        deps("shop.test."),
        [
            (
                "ns1.hosting.example.".to_string(),
                "hosting.example.".to_string()
            ),
            (
                "ns2.hosting.example.".to_string(),
                "hosting.example.".to_string()
            ),
        ]
    );
    // Sibling name servers also live in another zone.
    assert_eq!(deps("news.example.").len(), 2);
    // In-domain name servers add no edge: glue reaches them.
    assert!(deps("example.test.").is_empty());
    assert!(deps("lab.example.test.").is_empty());
    // The root's servers are named under test.
    assert_eq!(deps(".")[0].1, "test.");
    let (_, dep) = &h.ns_dependencies(zone(&h, "shop.test."))[0];
    assert_eq!(
        dep.sides.iter().copied().collect::<Vec<_>>(),
        [NsSide::Parent, NsSide::Child]
    );
}

/// A world with a circular delegation: each zone's only name server is
/// named inside the other zone, and neither parent has glue that helps.
fn circular() -> Scenario {
    let mut scenario = default_scenario();
    let replace = |scenario: &mut Scenario, apex: &str, from: &str, to: &str| {
        let zone = scenario
            .zones
            .iter_mut()
            .find(|z| z.apex == n(apex))
            .unwrap();
        assert!(zone.text.contains(from), "{apex}: {from}");
        zone.text = zone.text.replace(from, to);
    };
    replace(
        &mut scenario,
        "test.",
        "shop            86400 IN NS   ns1.hosting.example.",
        "shop            86400 IN NS   ns.news.example.",
    );
    replace(
        &mut scenario,
        "shop.test.",
        "@        IN NS    ns1.hosting.example.",
        "@        IN NS    ns.news.example.",
    );
    replace(
        &mut scenario,
        "example.",
        "news            86400 IN NS   ns1.hosting.example.",
        "news            86400 IN NS   ns.shop.test.",
    );
    replace(
        &mut scenario,
        "news.example.",
        "@        IN NS    ns1.hosting.example.",
        "@        IN NS    ns.shop.test.",
    );
    scenario
}

#[test]
fn a_circular_delegation_is_a_cycle_of_dependencies() {
    let h = build(&circular());
    let shop = zone(&h, "shop.test.");
    let news = zone(&h, "news.example.");
    let targets = |id| {
        h.ns_dependencies(id)
            .into_iter()
            .map(|(z, d)| (z, d.ns_host.to_string()))
            .collect::<Vec<_>>()
    };
    assert!(targets(shop).contains(&(news, "ns.news.example.".to_string())));
    assert!(targets(news).contains(&(shop, "ns.shop.test.".to_string())));

    // What each zone needs: its parent's referral, then the zones holding
    // its name servers' names, in the parent's order (ns2.hosting.example.
    // is still listed: the way out of the loop).
    assert_eq!(
        h.needs(shop),
        [
            Need::Parent(zone(&h, "test.")),
            Need::NsHost(news, n("ns.news.example.")),
            Need::NsHost(zone(&h, "hosting.example."), n("ns2.hosting.example.")),
        ]
    );
    // One loop, found once although a walk from either zone closes it, from
    // the zone first in canonical order (news.example. before shop.test.):
    // news needs shop for ns.shop.test., and shop needs news for
    // ns.news.example.
    let cycles = h.ns_cycles();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert_eq!(
        cycles[0].links,
        [
            (news, Need::NsHost(shop, n("ns.shop.test."))),
            (shop, Need::NsHost(news, n("ns.news.example."))),
        ]
    );
}

#[test]
fn healthy_worlds_have_no_cycles_and_in_zone_names_need_only_the_parent() {
    let h = build(&default_scenario());
    assert_eq!(h.ns_cycles(), []);
    // hosting.example.'s servers are named inside it: glue in the referral
    // is all a resolver needs, so the parent is its only need.
    let hosting = zone(&h, "hosting.example.");
    assert_eq!(h.needs(hosting), [Need::Parent(zone(&h, "example."))]);
    assert_eq!(h.needs(h.root().unwrap()), []);
}

#[test]
fn a_delegation_to_an_undefined_zone_still_has_a_node() {
    let mut scenario = default_scenario();
    let test = scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == n("test."))
        .unwrap();
    test.text
        .push_str("gone 3600 IN NS ns1.gone.test.\nns1.gone 3600 IN A 192.0.2.99\n");
    let h = build(&scenario);
    let gone = zone(&h, "gone.test.");
    assert!(!h.zone(gone).defined);
    assert!(h.servers_of(gone).is_empty());
    assert_eq!(h.delegation_to(gone).unwrap().ns, [n("ns1.gone.test.")]);
    assert!(h.zone(zone(&h, "test.")).defined);
}

#[test]
fn a_zone_its_parent_never_delegates_hangs_below_it_with_an_empty_ns_set() {
    let mut scenario = default_scenario();
    scenario.zones.push(ZoneSource {
        apex: n("orphan.test."),
        text: "@ 3600 IN SOA ns1 hm 1 2 3 4 5\n@ 3600 IN NS ns1.example.test.\n".into(),
        signing: None,
    });
    scenario.servers[6].zones.push(n("orphan.test."));
    let h = build(&scenario);
    let orphan = zone(&h, "orphan.test.");
    let (parent, delegation) = h.parent(orphan).unwrap();
    assert_eq!(apex(&h, parent), "test.");
    assert!(delegation.ns.is_empty());
    assert_eq!(
        h.ns_dependencies(orphan)[0]
            .1
            .sides
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        [NsSide::Child]
    );
}

#[test]
fn a_world_without_a_root_zone_still_verifies() {
    let mut scenario = default_scenario();
    scenario.zones.retain(|z| !z.apex.is_root());
    for server in &mut scenario.servers {
        server.zones.retain(|z| !z.is_root());
    }
    let h = build(&scenario);
    assert!(h.root().is_none());
    assert!(h.parent(zone(&h, "test.")).is_none());
}

#[test]
fn generated_worlds_verify() {
    for count in [12, 100, 1000] {
        let h = build(&generated_world(count));
        assert_eq!(h.zone_count(), count);
    }
}

proptest! {
    /// Random edits of the default world (zones removed, servers moved,
    /// delegations rewritten) always give a graph whose invariants hold.
    #[test]
    fn verify_holds_after_random_edits(
        drop_zones in proptest::collection::vec(any::<bool>(), 8),
        moves in proptest::collection::vec((0usize..12, 0usize..8), 0..6),
        redirects in proptest::collection::vec((0usize..8, 0usize..12), 0..4),
    ) {
        let mut scenario = default_scenario();
        let apexes: Vec<Name> = scenario.zones.iter().map(|z| z.apex.clone()).collect();
        let hosts: Vec<Name> = scenario.servers.iter().map(|s| s.host.clone()).collect();
        for (server, zone) in moves {
            scenario.servers[server].zones.push(apexes[zone].clone());
            scenario.servers[server].zones.dedup();
        }
        for (zone, host) in redirects {
            let text = &mut scenario.zones[zone].text;
            text.push_str(&format!("@ 3600 IN NS {}\n", hosts[host]));
        }
        let keep: Vec<Name> = apexes.iter().zip(&drop_zones).filter(|(_, d)| !**d).map(|(a, _)| a.clone()).collect();
        scenario.zones.retain(|z| keep.contains(&z.apex));
        for server in &mut scenario.servers {
            server.zones.retain(|z| keep.contains(z));
            server.zones.sort();
            server.zones.dedup();
        }
        if let Ok(world) = scenario.load() {
            let hierarchy = Hierarchy::build(&world);
            prop_assert!(hierarchy.verify().is_ok(), "{:?}", hierarchy.verify());
        }
    }
}

/// Only an open world has zones outside it: undefined, unserved, delegated
/// to no server of the world, with nothing of the world below them.
#[test]
fn an_open_world_marks_the_zones_beyond_it() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/diagnose/open_world.json"
    ))
    .unwrap();
    let mut scenario = Scenario::from_json(&text).unwrap();
    let outside = |scenario: &Scenario| -> Vec<String> {
        let h = Hierarchy::build(&scenario.load().unwrap());
        h.zones()
            .filter(|&z| h.zone(z).outside)
            .map(|z| h.zone(z).apex.to_string())
            .collect()
    };
    assert_eq!(outside(&scenario), ["arpa.", "com.", "net.", "org."]);
    // A zone built below one of them brings it inside.
    let server = scenario
        .add_server(
            n("ns1.example.com."),
            vec!["192.0.2.90".parse().unwrap()],
            Vec::new(),
        )
        .unwrap();
    scenario
        .add_zone(n("example.com."), std::slice::from_ref(&server), false)
        .unwrap();
    assert_eq!(outside(&scenario), ["arpa.", "net.", "org."]);
    scenario.open_world = false;
    assert!(outside(&scenario).is_empty());
}
