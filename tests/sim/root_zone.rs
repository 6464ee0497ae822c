//! The real root zone (`assets/examples/root.zone`, IANA's of 22 August
//! 2026, signatures below the apex stripped by its archive) as the root of
//! a world: it loads with every record it holds, its
//! thirteen servers serve it, a resolution walks from it to the real TLDs'
//! addresses (where nothing listens), and a TLD a learner builds below it
//! resolves through it.

use crate::support::n;
use dns_lab::sim::authority::Question;
use dns_lab::sim::finding::{FindingKind, Severity};
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Event, Outcome, Preset, Resolution, ResolverConfig, Step};
use dns_lab::sim::scenario::{Scenario, World};
use dns_lab::sim::scenarios::{REAL_ROOT_ZONE, built_in};

fn scenario() -> Scenario {
    built_in(REAL_ROOT_ZONE).unwrap()
}

fn resolve(world: &World, name: &str, preset: Preset) -> Vec<Step> {
    let question = Question::new(n(name), RType::A);
    Resolution::new(question, ResolverConfig::preset(preset)).run(world)
}

#[test]
fn the_real_root_zone_loads_with_its_thirteen_servers() {
    let scenario = scenario();
    let hosts: Vec<String> = scenario
        .servers
        .iter()
        .map(|s| s.host.to_string())
        .collect();
    let letters: Vec<String> = ('a'..='m')
        .map(|l| format!("{l}.root-servers.net."))
        .collect();
    assert_eq!(hosts, letters);
    assert!(
        scenario.servers.iter().all(|s| s.addresses.len() == 2),
        "an IPv4 and an IPv6 address each"
    );
    let world = scenario.load().unwrap();
    let root = world.zone(&n(".")).unwrap();
    assert!(root.cuts().count() > 1_400, "{} TLDs", root.cuts().count());
    let count = |rtype: &str| {
        let rtype: RType = rtype.parse().unwrap();
        root.records().filter(|r| r.rtype() == rtype).count()
    };
    assert!(count("DS") > 1_400 && count("NSEC") > 1_400);
    // The archive kept the apex's signatures only (see the file's header).
    assert_eq!(
        (
            count("ZONEMD"),
            count("DNSKEY"),
            count("SOA"),
            count("RRSIG")
        ),
        (1, 3, 1, 2)
    );
}

#[test]
fn a_resolution_reaches_the_real_tlds_addresses_and_stops_there() {
    let world = scenario().load().unwrap();
    let steps = resolve(&world, "www.example.com.", Preset::UnboundLike);
    let first = steps.iter().find_map(|s| s.exchange()).unwrap();
    assert_eq!(first.server.to_string().len(), "a.root-servers.net.".len());
    let narration = steps[0].explanation();
    assert!(
        narration.contains("A referral: the root delegates com to a.gtld-servers.net"),
        "{narration}"
    );
    // Nothing in this world listens at the TLD's real addresses.
    let Some(Event::Done(Outcome::ServFail { .. })) = steps.last().map(|s| &s.event) else {
        panic!("{:?}", steps.last());
    };
}

#[test]
fn a_tld_and_a_domain_built_below_the_real_root_resolve_through_it() {
    let mut scenario = scenario();
    // A registry for lab. and a DNS host for example.lab., each on a
    // server of its own, each delegated by the zone above.
    for (host, address, apex, www) in [
        ("ns1.nic.lab.", "192.0.2.53", "lab.", "192.0.2.80"),
        (
            "ns1.example.lab.",
            "198.51.100.53",
            "example.lab.",
            "198.51.100.80",
        ),
    ] {
        let server = scenario
            .add_server(n(host), vec![address.parse().unwrap()], Vec::new())
            .unwrap();
        scenario
            .add_zone(n(apex), std::slice::from_ref(&server), true)
            .unwrap();
        scenario.set_loads(&server, &n(apex), true).unwrap();
        let text = scenario.copy_text(&n(apex), None).unwrap().to_string();
        scenario
            .set_copy_text(&n(apex), None, format!("{text}www IN A {www}\n"))
            .unwrap();
    }
    let world = scenario.load().unwrap();
    for (name, address, last) in [
        ("www.lab.", "192.0.2.80", "ns1.nic.lab."),
        ("www.example.lab.", "198.51.100.80", "ns1.example.lab."),
    ] {
        for preset in [Preset::UnboundLike, Preset::BindLike] {
            let steps = resolve(&world, name, preset);
            let Some(Event::Done(Outcome::Answer { answer })) = steps.last().map(|s| &s.event)
            else {
                panic!("{name} {preset:?}: {:?}", steps.last());
            };
            assert_eq!(answer[0].data.to_text(), address);
            let asked: Vec<String> = steps
                .iter()
                .filter_map(|s| s.exchange())
                .map(|e| e.server.to_string())
                .collect();
            assert!(asked[0].ends_with(".root-servers.net."), "{asked:?}");
            assert_eq!(asked.last().unwrap(), last, "{asked:?}");
        }
    }
    // Only the TLDs outside the world make a finding: a single name
    // server each (a warning), and the notice.
    let kinds: Vec<FindingKind> = dns_lab::sim::diagnose::diagnose(&world)
        .iter()
        .map(|f| f.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            FindingKind::SingleNameServer,
            FindingKind::SingleNameServer,
            FindingKind::DelegationsOutsideWorld
        ]
    );
}

#[test]
fn its_tlds_are_one_notice_not_1438_errors() {
    let world = scenario().load().unwrap();
    let findings = dns_lab::sim::diagnose::diagnose(&world);
    let summary: Vec<(FindingKind, Severity, &str)> = findings
        .iter()
        .map(|f| (f.kind, f.severity, f.title.as_str()))
        .collect();
    assert_eq!(
        summary,
        [(
            FindingKind::DelegationsOutsideWorld,
            Severity::Notice,
            "1438 delegations lead outside this world"
        )]
    );
    assert!(
        findings[0]
            .consequence
            .starts_with("The root delegates aaa, aarp, abb, abbott, abbvie and 1433 more"),
        "{}",
        findings[0].consequence
    );
}
