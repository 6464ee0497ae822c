//! Editing a scenario as the app's forms do: zones and servers added and
//! removed, zones loaded and unloaded, diverged copies, and single records
//! read from a form row. Each edit is checked by loading the result and by
//! what diagnostics and the resolver then say.

use crate::support::n;
use dns_lab::sim::authority::Question;
use dns_lab::sim::diagnose::diagnose;
use dns_lab::sim::edit::EditError;
use dns_lab::sim::finding::FindingKind;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::{RData, RType};
use dns_lab::sim::resolver::{Outcome, Preset, Resolution, ResolverConfig};
use dns_lab::sim::scenario::{Scenario, ServerId, World};
use dns_lab::sim::scenarios::default_scenario;
use dns_lab::sim::zonefile::parse_record;
use std::net::IpAddr;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn id(s: &str) -> ServerId {
    ServerId::from(s)
}

fn outcome(world: &World, name: &str, rtype: RType) -> Outcome {
    let mut resolution = Resolution::new(
        Question::new(n(name), rtype),
        ResolverConfig::preset(Preset::UnboundLike),
    );
    resolution.run(world);
    resolution.outcome().cloned().expect("resolution ends")
}

fn kinds(scenario: &Scenario) -> Vec<FindingKind> {
    diagnose(&scenario.load().unwrap())
        .iter()
        .map(|f| f.kind)
        .collect()
}

/// A new zone with one name server inside it and one at a provider,
/// delegated from its parent with glue: clean, and it resolves.
#[test]
fn a_new_delegated_zone_with_glue_resolves_and_has_no_findings() {
    let mut scenario = default_scenario();
    let own = scenario
        .add_server(n("ns1.garden.test."), vec![ip("198.51.100.80")], vec![])
        .unwrap();
    assert_eq!(own, id("ns1-garden-test"));
    scenario
        .add_zone(n("garden.test."), &[own.clone(), id("ns1-hosting")], true)
        .unwrap();

    let world = scenario.load().expect("the edited world loads");
    let zone = world.zone(&n("garden.test.")).unwrap();
    assert_eq!(
        zone.apex_ns(),
        [n("ns1.garden.test."), n("ns1.hosting.example.")]
    );
    let test = world.zone(&n("test.")).unwrap();
    assert_eq!(
        test.delegation_ns(&n("garden.test.")),
        [n("ns1.garden.test."), n("ns1.hosting.example.")]
    );
    // Glue only for the in-zone host: the other lives under another TLD.
    let glue: Vec<_> = test
        .glue_for(&n("garden.test."))
        .into_iter()
        .map(|r| r.owner.clone())
        .collect();
    assert_eq!(glue, [n("ns1.garden.test.")]);
    assert!(world.server(&own).unwrap().loads(&n("garden.test.")));
    assert!(
        world
            .server(&id("ns1-hosting"))
            .unwrap()
            .loads(&n("garden.test."))
    );

    assert_eq!(kinds(&scenario), []);
    match outcome(&world, "ns1.garden.test.", RType::A) {
        Outcome::Answer { answer } => {
            assert_eq!(answer[0].data, RData::A("198.51.100.80".parse().unwrap()))
        }
        other => panic!("expected an answer, got {other:?}"),
    }
}

/// Without its delegation, a new zone is served but unreachable: nobody
/// delegates it, and resolvers get NXDOMAIN from the parent.
#[test]
fn a_new_zone_without_its_delegation_is_an_orphan() {
    let mut scenario = default_scenario();
    scenario
        .add_zone(
            n("garden.test."),
            &[id("ns1-hosting"), id("ns2-hosting")],
            false,
        )
        .unwrap();
    let world = scenario.load().unwrap();
    assert!(kinds(&scenario).contains(&FindingKind::ZoneNotDelegated));
    assert!(matches!(
        outcome(&world, "garden.test.", RType::SOA),
        Outcome::NXDomain { .. }
    ));
}

#[test]
fn adding_a_zone_refuses_what_cannot_work() {
    let mut scenario = default_scenario();
    let before = scenario.clone();
    assert_eq!(
        scenario.add_zone(n("test."), &[id("ns1-hosting")], true),
        Err(EditError::ZoneExists(n("test.")))
    );
    assert_eq!(
        scenario.add_zone(n("garden.test."), &[], true),
        Err(EditError::NoNameServers(n("garden.test.")))
    );
    assert_eq!(
        scenario.add_zone(n("garden.test."), &[id("nobody")], true),
        Err(EditError::NoSuchServer(id("nobody")))
    );
    assert_eq!(scenario, before, "a refused edit changes nothing");

    let mut without_root = default_scenario();
    without_root.remove_zone(&Name::root(), false).unwrap();
    without_root.remove_zone(&n("test."), false).unwrap();
    assert_eq!(
        without_root.add_zone(n("other.test."), &[id("ns1-hosting")], true),
        Err(EditError::NoParentZone(n("other.test.")))
    );
}

/// Removing a zone but not its delegation leaves a lame delegation behind;
/// removing both leaves no trace.
#[test]
fn removing_a_zone_with_or_without_its_delegation() {
    let mut lame = default_scenario();
    lame.remove_zone(&n("shop.test."), false).unwrap();
    assert!(lame.zone_source(&n("shop.test.")).is_none());
    assert!(lame.servers.iter().all(|s| !s.loads(&n("shop.test."))));
    assert!(kinds(&lame).contains(&FindingKind::DelegationWithoutServers));

    let mut clean = default_scenario();
    clean.remove_zone(&n("example.test."), true).unwrap();
    let world = clean.load().unwrap();
    let test = world.zone(&n("test.")).unwrap();
    assert!(test.delegation_ns(&n("example.test.")).is_empty());
    assert!(
        test.records()
            .all(|r| !r.owner.is_subdomain_of(&n("example.test."))),
        "the glue went with the NS records"
    );
    // lab.example.test. is left without a parent that delegates it.
    assert_eq!(kinds(&clean), [FindingKind::ZoneNotDelegated]);
}

#[test]
fn servers_are_added_renamed_renumbered_and_removed() {
    let mut scenario = default_scenario();
    assert_eq!(
        scenario.add_server(n("ns9.test."), vec![], vec![]),
        Err(EditError::NoAddress)
    );
    assert_eq!(
        scenario.add_server(n("ns9.test."), vec![ip("192.0.2.10")], vec![]),
        Err(EditError::AddressInUse {
            address: ip("192.0.2.10"),
            server: id("ns1-nic-test")
        })
    );
    assert_eq!(
        scenario.add_server(n("ns1.nic.test."), vec![ip("192.0.2.99")], vec![]),
        Err(EditError::ServerExists(n("ns1.nic.test.")))
    );
    assert_eq!(
        scenario.add_server(n("ns9.test."), vec![ip("192.0.2.99")], vec![n("nope.")]),
        Err(EditError::NoSuchZone(n("nope.")))
    );

    // Renumbering a server without updating the glue and the zone: the old
    // address, which both still give, no longer answers.
    scenario
        .update_server(
            &id("ns1-example-test"),
            n("ns1.example.test."),
            vec![ip("198.51.100.99")],
        )
        .unwrap();
    assert_eq!(kinds(&scenario), [FindingKind::UnresponsiveServer]);
    // Its own address is fine to keep.
    scenario
        .update_server(
            &id("ns1-example-test"),
            n("ns1.example.test."),
            vec![ip("198.51.100.10")],
        )
        .unwrap();
    assert_eq!(kinds(&scenario), []);

    // Removing a server leaves the NS records that name it and its address
    // records: queries to that address now go unanswered, in each of the
    // three zones it served.
    scenario.remove_server(&id("ns2-hosting")).unwrap();
    assert_eq!(kinds(&scenario), [FindingKind::UnresponsiveServer; 3]);
    assert_eq!(
        scenario.remove_server(&id("ns2-hosting")),
        Err(EditError::NoSuchServer(id("ns2-hosting")))
    );
}

#[test]
fn ids_of_new_servers_are_unique() {
    let mut scenario = default_scenario();
    let first = scenario
        .add_server(n("ns1.nic.test.x."), vec![ip("192.0.2.150")], vec![])
        .unwrap();
    scenario.servers[0].id = id("ns3-test");
    let second = scenario
        .add_server(n("ns3.test."), vec![ip("192.0.2.151")], vec![])
        .unwrap();
    assert_eq!(first, id("ns1-nic-test-x"));
    assert_eq!(second, id("ns3-test-2"));
}

/// A server that stops loading a zone its parent names it for is lame.
#[test]
fn unloading_a_zone_makes_its_server_lame() {
    let mut scenario = default_scenario();
    scenario
        .set_loads(&id("ns2-example-test"), &n("example.test."), false)
        .unwrap();
    assert!(kinds(&scenario).contains(&FindingKind::LameServer));
    scenario
        .set_loads(&id("ns2-example-test"), &n("example.test."), true)
        .unwrap();
    assert_eq!(kinds(&scenario), []);
}

/// A diverged copy starts as the shared text; edited, it is served only by
/// its server, and dropping it restores the shared text.
#[test]
fn a_diverged_copy_is_created_edited_and_dropped() {
    let mut scenario = default_scenario();
    let server = id("ns2-example-test");
    let apex = n("example.test.");
    assert_eq!(
        scenario.set_copy_text(&apex, Some(&server), String::new()),
        Err(EditError::NoOwnCopy {
            server: server.clone(),
            apex: apex.clone()
        })
    );
    scenario.set_diverged(&server, &apex, true).unwrap();
    let shared = scenario.copy_text(&apex, None).unwrap().to_string();
    assert_eq!(scenario.copy_text(&apex, Some(&server)), Some(&*shared));
    assert_eq!(kinds(&scenario), [], "an identical copy is no divergence");

    let stale = shared.replace("198.51.100.80", "198.51.100.81");
    assert_ne!(stale, shared, "the default www address is in the text");
    scenario
        .set_copy_text(&apex, Some(&server), stale.clone())
        .unwrap();
    assert_eq!(scenario.copy_text(&apex, None), Some(&*shared));
    assert_eq!(scenario.copy_text(&apex, Some(&server)), Some(&*stale));
    assert!(kinds(&scenario).contains(&FindingKind::DivergedCopy));

    scenario.set_diverged(&server, &apex, false).unwrap();
    assert_eq!(scenario.copy_text(&apex, Some(&server)), Some(&*shared));
    assert_eq!(kinds(&scenario), []);
}

#[test]
fn a_form_row_reads_as_one_record() {
    let apex = n("example.test.");
    let record = parse_record("www 300 IN A 192.0.2.7", &apex, 3600).unwrap();
    assert_eq!(record.owner, n("www.example.test."));
    assert_eq!(record.ttl, 300);
    assert_eq!(record.data, RData::A("192.0.2.7".parse().unwrap()));

    let defaulted = parse_record("@ MX 10 mail", &apex, 3600).unwrap();
    assert_eq!(defaulted.owner, apex);
    assert_eq!(defaulted.ttl, 3600);
    assert_eq!(
        defaulted.data,
        RData::MX {
            preference: 10,
            exchange: n("mail.example.test.")
        }
    );

    let bad = parse_record("www A 192.0.2.300", &apex, 3600).unwrap_err();
    assert_eq!((bad.line, bad.col), (1, 7), "{bad}");
    assert!(parse_record("", &apex, 3600).is_err());
    assert!(parse_record("$TTL 60", &apex, 3600).is_err());
    let outside = parse_record("www.other.test. A 192.0.2.1", &apex, 3600).unwrap_err();
    assert!(outside.message.contains("outside this zone"), "{outside}");
}
