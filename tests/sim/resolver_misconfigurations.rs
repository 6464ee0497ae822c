//! How the resolver copes with each misconfiguration: one scenario file per
//! situation in `tests/fixtures/resolver`, named after the problem it shows,
//! in the format the app loads, and for each one the outcome a client sees and the
//! steps that explain it. Where Unbound and BIND differ, both presets are
//! run; where the choice of server matters, `ServerSelection::ListedOrder`
//! makes it deterministic (a zone keeps an NS set sorted by name, so the
//! fixtures number their name servers ns1, ns2, … in the order wanted).

use crate::support::n;
use dns_lab::sim::authority::Question;
use dns_lab::sim::name::{Name, NsHostRelation};
use dns_lab::sim::record::{RData, RType, Record};
use dns_lab::sim::resolver::{
    AddressSource, Attempt, Cache, CacheHit, Classification, Cycle, Decision, Event, Exchange,
    Failure, LameReason, Limit, NsAliasPolicy, NsSetPolicy, Outcome, Resolution, ResolverConfig,
    ServerProblem, ServerSelection, ServerSource, Step, judge_glue,
};
use dns_lab::sim::scenario::{Scenario, World};
use dns_lab::sim::zone::NsSide;
use std::collections::BTreeSet;
use std::net::IpAddr;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../fixtures/resolver/", $name, ".json"))
    };
}

/// Every fixture, with the warnings its zone files are expected to raise.
const FIXTURES: &[(&str, &str, usize)] = &[
    ("ns_mismatch", fixture!("ns_mismatch"), 0),
    ("missing_glue", fixture!("missing_glue"), 0),
    ("wrong_glue", fixture!("wrong_glue"), 0),
    ("partial_glue", fixture!("partial_glue"), 0),
    ("unrelated_glue", fixture!("unrelated_glue"), 0),
    ("sibling_glue", fixture!("sibling_glue"), 0),
    ("circular_delegation", fixture!("circular_delegation"), 0),
    ("lame_delegation", fixture!("lame_delegation"), 0),
    ("unresponsive", fixture!("unresponsive"), 0),
    ("ns_cname", fixture!("ns_cname"), 0),
    // An address where a host name belongs: warned in each NS record.
    ("ns_ip_literal", fixture!("ns_ip_literal"), 4),
    // The same without the final dot: read as a name below test., warned.
    (
        "ns_relative_ip_literal",
        fixture!("ns_relative_ip_literal"),
        1,
    ),
    ("dangling_ns", fixture!("dangling_ns"), 0),
    ("stale_secondary", fixture!("stale_secondary"), 0),
    // The occluded record is the point of the fixture.
    ("occluded", fixture!("occluded"), 1),
    ("cname_chains", fixture!("cname_chains"), 0),
    ("negative_cache", fixture!("negative_cache"), 0),
    ("ipv6_only_ns", fixture!("ipv6_only_ns"), 0),
    ("qname_minimisation", fixture!("qname_minimisation"), 0),
];

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).unwrap()
}

fn load(json: &str) -> World {
    scenario(json).load().unwrap_or_else(|e| panic!("{e}"))
}

/// A preset that asks servers in the order they are listed.
fn listed(config: ResolverConfig) -> ResolverConfig {
    ResolverConfig {
        selection: ServerSelection::ListedOrder,
        ..config
    }
}

fn unbound() -> ResolverConfig {
    listed(ResolverConfig::unbound_like())
}

fn bind() -> ResolverConfig {
    listed(ResolverConfig::bind_like())
}

/// A finished resolution: its steps, outcome and the cache it leaves.
struct Run {
    steps: Vec<Step>,
    outcome: Outcome,
    cache: Cache,
}

fn resolve_with(world: &World, name: &str, config: ResolverConfig, cache: Cache) -> Run {
    let mut resolution = Resolution::with_cache(Question::new(n(name), RType::A), config, cache);
    let steps = resolution.run(world);
    let outcome = resolution.outcome().expect("a resolution ends").clone();
    // The final step says the same as the outcome.
    assert_eq!(
        steps.last().map(|s| &s.event),
        Some(&Event::Done(outcome.clone()))
    );
    for (index, step) in steps.iter().enumerate() {
        assert_eq!(step.index, index);
    }
    Run {
        steps,
        outcome,
        cache: resolution.cache().clone(),
    }
}

fn resolve(world: &World, name: &str, config: ResolverConfig) -> Run {
    resolve_with(world, name, config, Cache::new())
}

fn exchanges(steps: &[Step]) -> Vec<&Exchange> {
    steps.iter().filter_map(Step::exchange).collect()
}

/// The queries sent to the servers of `zone`: server, address, how it was
/// classified.
fn asked(steps: &[Step], zone: &str) -> Vec<(Name, IpAddr, Classification)> {
    exchanges(steps)
        .into_iter()
        .filter(|x| x.zone == n(zone))
        .map(|x| (x.server.clone(), x.address, x.classification.clone()))
        .collect()
}

/// "owner TTL TYPE data", the way the fixtures write records.
fn line(record: &Record) -> String {
    format!(
        "{} {} {} {}",
        record.owner,
        record.ttl,
        record.rtype(),
        record.data.to_text()
    )
}

fn answer_lines(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Answer { answer } => answer.iter().map(line).collect(),
        other => panic!("expected an answer, got {other:?}"),
    }
}

fn servfail(outcome: &Outcome) -> &Failure {
    match outcome {
        Outcome::ServFail { failure, .. } => failure,
        other => panic!("expected SERVFAIL, got {other:?}"),
    }
}

fn attempt(host: &str, address: Option<&str>, problem: ServerProblem) -> Attempt {
    Attempt {
        host: n(host),
        address: address.map(ip),
        problem,
    }
}

fn no_reachable_authority(zone: &str, attempts: Vec<Attempt>) -> Failure {
    Failure::NoReachableAuthority {
        zone: n(zone),
        attempts,
    }
}

/// The index of the first step whose event matches.
fn position(steps: &[Step], wanted: impl Fn(&Event) -> bool) -> usize {
    steps
        .iter()
        .position(|s| wanted(&s.event))
        .expect("a step of that kind")
}

#[test]
fn every_fixture_loads_with_only_the_warnings_it_is_about() {
    for (name, json, warnings) in FIXTURES {
        let world = scenario(json)
            .load()
            .unwrap_or_else(|e| panic!("{name} does not load:\n{e}"));
        let found: Vec<String> = world
            .warnings()
            .iter()
            .map(|w| format!("{}: {}", w.apex, w.problem))
            .collect();
        assert_eq!(found.len(), *warnings, "{name}: {found:#?}");
    }
}

// ---------------------------------------------------------------- ns_mismatch

/// After one resolution through the old host (the parent's NS set), the
/// cache holds both sides of the delegation: the parent's for a day, the
/// child's for five minutes.
fn first_resolution() -> (World, Run) {
    let world = load(fixture!("ns_mismatch"));
    let run = resolve(&world, "www.example.test.", unbound());
    assert_eq!(
        asked(&run.steps, "example.test."),
        [(
            n("ns1.example.test."),
            ip("198.51.100.1"),
            Classification::Answer
        )]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.example.test. 3600 A 198.51.100.80"]
    );
    (world, run)
}

/// The delegation a resolution starts from, when it starts from the cache.
fn cached_delegation(steps: &[Step]) -> (Name, NsSide, Vec<String>) {
    match &steps[0].event {
        Event::CacheHit(CacheHit::Delegation { cut, side, ns }) => {
            (cut.clone(), *side, ns.iter().map(line).collect())
        }
        other => panic!("expected a cached delegation first, got {other:?}"),
    }
}

#[test]
fn child_and_parent_centric_resolvers_ask_different_servers_from_one_cache() {
    let (world, first) = first_resolution();

    // Child-centric: the zone's own NS set outranks the referral
    // (RFC 2181 §5.4.1), so the new host is asked.
    let child = resolve_with(&world, "mail.example.test.", unbound(), first.cache.clone());
    assert_eq!(
        cached_delegation(&child.steps),
        (
            n("example.test."),
            NsSide::Child,
            vec!["example.test. 300 NS ns2.example.test.".to_string()]
        )
    );
    let queries = exchanges(&child.steps);
    assert_eq!(queries.len(), 1);
    assert_eq!(queries[0].server, n("ns2.example.test."));
    assert_eq!(queries[0].address, ip("198.51.100.2"));
    assert_eq!(queries[0].source, ServerSource::Cache(NsSide::Child));
    assert_eq!(queries[0].address_source, AddressSource::Cache);
    assert_eq!(
        answer_lines(&child.outcome),
        ["mail.example.test. 3600 A 198.51.100.25"]
    );

    // Parent-centric: only the registrar's set counts, so the old host is
    // asked again, from the same cache.
    let parent_centric = ResolverConfig {
        ns_set: NsSetPolicy::ParentCentric,
        ..unbound()
    };
    let parent = resolve_with(&world, "mail.example.test.", parent_centric, first.cache);
    assert_eq!(
        cached_delegation(&parent.steps),
        (
            n("example.test."),
            NsSide::Parent,
            vec!["example.test. 86400 NS ns1.example.test.".to_string()]
        )
    );
    let queries = exchanges(&parent.steps);
    assert_eq!(queries.len(), 1);
    assert_eq!(queries[0].server, n("ns1.example.test."));
    assert_eq!(queries[0].address, ip("198.51.100.1"));
    assert_eq!(queries[0].source, ServerSource::Cache(NsSide::Parent));
    assert_eq!(
        answer_lines(&parent.outcome),
        ["mail.example.test. 3600 A 198.51.100.25"]
    );
}

#[test]
fn child_centric_resolver_falls_back_to_the_parents_set_when_the_childs_expires() {
    let (world, first) = first_resolution();

    // One second before the child's NS set (TTL 300) runs out: still the
    // new host, with one second left.
    let mut cache = first.cache.clone();
    cache.advance(299);
    let before = resolve_with(&world, "mail.example.test.", unbound(), cache);
    assert_eq!(
        cached_delegation(&before.steps),
        (
            n("example.test."),
            NsSide::Child,
            vec!["example.test. 1 NS ns2.example.test.".to_string()]
        )
    );
    assert_eq!(exchanges(&before.steps)[0].server, n("ns2.example.test."));

    // At 300 seconds it is gone: the parent's set, still alive, sends the
    // resolver back to the old host.
    let mut cache = first.cache;
    cache.advance(300);
    let after = resolve_with(&world, "mail.example.test.", unbound(), cache);
    assert_eq!(
        cached_delegation(&after.steps),
        (
            n("example.test."),
            NsSide::Parent,
            vec!["example.test. 86100 NS ns1.example.test.".to_string()]
        )
    );
    let queries = exchanges(&after.steps);
    assert_eq!(queries.len(), 1);
    assert_eq!(queries[0].server, n("ns1.example.test."));
    assert_eq!(queries[0].address, ip("198.51.100.1"));
    assert_eq!(queries[0].source, ServerSource::Cache(NsSide::Parent));
    assert_eq!(
        answer_lines(&after.outcome),
        ["mail.example.test. 3600 A 198.51.100.25"]
    );
}

// ---------------------------------------------------------------- missing_glue

#[test]
fn in_domain_name_servers_without_glue_are_skipped_and_the_resolution_fails() {
    let world = load(fixture!("missing_glue"));
    for config in [unbound(), bind()] {
        let run = resolve(&world, "www.noglue.test.", config);
        let referral = exchanges(&run.steps)
            .into_iter()
            .find(|x| x.zone == n("test."))
            .unwrap();
        assert_eq!(
            referral.classification,
            Classification::Referral {
                cut: n("noglue.test.")
            }
        );
        assert!(referral.glue.is_empty());
        let skips: Vec<(usize, &Event)> = run
            .steps
            .iter()
            .filter(|s| matches!(s.event, Event::Skip { .. }))
            .map(|s| (s.depth, &s.event))
            .collect();
        assert_eq!(
            skips,
            [
                (
                    0,
                    &Event::Skip {
                        zone: n("noglue.test."),
                        host: n("ns1.noglue.test."),
                        problem: ServerProblem::MissingGlue,
                    }
                ),
                (
                    0,
                    &Event::Skip {
                        zone: n("noglue.test."),
                        host: n("ns2.noglue.test."),
                        problem: ServerProblem::MissingGlue,
                    }
                ),
            ]
        );
        // No query ever reaches the zone, and no look-up is attempted: the
        // names could only be found through the zone itself.
        assert!(asked(&run.steps, "noglue.test.").is_empty());
        assert!(
            !run.steps
                .iter()
                .any(|s| matches!(s.event, Event::Lookup { .. }))
        );
        let failure = servfail(&run.outcome);
        assert_eq!(
            *failure,
            no_reachable_authority(
                "noglue.test.",
                vec![
                    attempt("ns1.noglue.test.", None, ServerProblem::MissingGlue),
                    attempt("ns2.noglue.test.", None, ServerProblem::MissingGlue),
                ]
            )
        );
        assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
    }
}

#[test]
fn an_out_of_domain_name_server_saves_a_delegation_without_glue() {
    let world = load(fixture!("missing_glue"));
    let run = resolve(&world, "www.saved.test.", unbound());
    let skip = position(&run.steps, |e| matches!(e, Event::Skip { .. }));
    assert_eq!(
        run.steps[skip].event,
        Event::Skip {
            zone: n("saved.test."),
            host: n("ns1.saved.test."),
            problem: ServerProblem::MissingGlue,
        }
    );
    assert_eq!(
        run.steps[skip + 1].event,
        Event::Lookup {
            zone: n("saved.test."),
            host: n("ns2.provider.example."),
            source: ServerSource::Referral { parent: n("test.") },
        }
    );
    assert_eq!(
        asked(&run.steps, "saved.test."),
        [(
            n("ns2.provider.example."),
            ip("203.0.113.10"),
            Classification::Answer
        )]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.saved.test. 3600 A 198.51.100.81"]
    );
}

// ---------------------------------------------------------------- wrong_glue

#[test]
fn wrong_glue_fails_at_first_contact_and_the_next_server_answers() {
    let world = load(fixture!("wrong_glue"));
    let run = resolve(&world, "www.example.test.", unbound());
    // The glue is used as given: every server is first tried at its glue
    // address, which is where the old addresses fail.
    assert_eq!(
        asked(&run.steps, "example.test."),
        [
            (
                n("ns1.example.test."),
                ip("198.51.100.99"),
                Classification::Timeout
            ),
            (
                n("ns2.example.test."),
                ip("192.0.2.20"),
                Classification::Lame(LameReason::Refused)
            ),
            (
                n("ns3.example.test."),
                ip("198.51.100.3"),
                Classification::Answer
            ),
        ]
    );
    let queries: Vec<&Exchange> = exchanges(&run.steps)
        .into_iter()
        .filter(|x| x.zone == n("example.test."))
        .collect();
    for query in &queries {
        assert_eq!(
            query.address_source,
            AddressSource::Glue(NsHostRelation::InDomain)
        );
    }
    // Nothing listens at the first address; the second belongs to a server
    // that does not load the zone and refuses.
    assert_eq!(queries[0].response, None);
    assert_eq!(queries[0].decision, Decision::TryNextServer);
    assert!(queries[1].response.as_ref().is_some_and(|m| !m.aa));
    assert_eq!(queries[1].decision, Decision::TryNextServer);
    assert_eq!(queries[2].decision, Decision::Finish);
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn a_single_name_server_with_wrong_glue_cannot_be_reached() {
    let world = load(fixture!("wrong_glue"));
    let run = resolve(&world, "www.broken.test.", unbound());
    assert_eq!(
        asked(&run.steps, "broken.test."),
        [(
            n("ns1.broken.test."),
            ip("198.51.100.98"),
            Classification::Timeout
        )]
    );
    // The server itself listens on 198.51.100.31, which the resolver never
    // learns: the glue is the only way in.
    let failure = servfail(&run.outcome);
    assert_eq!(
        *failure,
        no_reachable_authority(
            "broken.test.",
            vec![attempt(
                "ns1.broken.test.",
                Some("198.51.100.98"),
                ServerProblem::Timeout
            )]
        )
    );
    assert_eq!(failure.extended_error(), (23, "Network Error"));
}

// ---------------------------------------------------------------- partial_glue

#[test]
fn ipv4_glue_alone_is_enough() {
    let world = load(fixture!("partial_glue"));
    let run = resolve(&world, "www.example.test.", unbound());
    let referral = exchanges(&run.steps)
        .into_iter()
        .find(|x| x.zone == n("test."))
        .unwrap();
    let glue: Vec<(String, Option<NsHostRelation>, bool)> = referral
        .glue
        .iter()
        .map(|g| (line(&g.record), g.relation, g.used))
        .collect();
    assert_eq!(
        glue,
        [(
            "ns1.example.test. 3600 A 198.51.100.1".to_string(),
            Some(NsHostRelation::InDomain),
            true
        )]
    );
    let queries: Vec<&Exchange> = exchanges(&run.steps)
        .into_iter()
        .filter(|x| x.zone == n("example.test."))
        .collect();
    assert_eq!(queries.len(), 1);
    assert_eq!(queries[0].address, ip("198.51.100.1"));
    assert_eq!(
        queries[0].address_source,
        AddressSource::Glue(NsHostRelation::InDomain)
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.example.test. 3600 A 198.51.100.80"]
    );
    // The answer taught the resolver the IPv6 address the glue lacked.
    assert!(run.cache.rows().iter().any(|row| {
        row.records.iter().any(|r| {
            r.owner == n("ns1.example.test.") && r.data.address() == Some(ip("2001:db8:100::1"))
        })
    }));
}

// ---------------------------------------------------------------- unrelated_glue

#[test]
fn judge_glue_keeps_in_domain_and_sibling_glue_and_drops_the_rest() {
    let a = |owner: &str, address: &str| {
        Record::new(n(owner), 3600, RData::A(address.parse().unwrap()))
    };
    let hosts = [
        n("ns1.a.b.test."),
        n("ns.sibling.b.test."),
        n("ns.helper.test."),
    ];
    let additional = [
        a("ns1.a.b.test.", "192.0.2.1"),
        a("ns.sibling.b.test.", "192.0.2.2"),
        a("ns.helper.test.", "192.0.2.3"),
        // Not a name server of the delegation at all.
        a("www.b.test.", "192.0.2.4"),
        // Not an address: not glue.
        Record::new(n("ns1.a.b.test."), 3600, RData::TXT(vec![b"hi".to_vec()])),
    ];
    let verdicts: Vec<(String, Option<NsHostRelation>, bool)> =
        judge_glue(&n("a.b.test."), &n("b.test."), &hosts, &additional, true)
            .into_iter()
            .map(|g| (g.record.owner.to_string(), g.relation, g.used))
            .collect();
    assert_eq!(
        verdicts,
        [
            (
                "ns1.a.b.test.".to_string(),
                Some(NsHostRelation::InDomain),
                true
            ),
            (
                "ns.sibling.b.test.".to_string(),
                Some(NsHostRelation::Sibling),
                true
            ),
            (
                "ns.helper.test.".to_string(),
                Some(NsHostRelation::Unrelated),
                false
            ),
            ("www.b.test.".to_string(), None, false),
        ]
    );
}

#[test]
fn unrelated_glue_in_a_referral_is_dropped_and_the_name_looked_up() {
    let world = load(fixture!("unrelated_glue"));
    let run = resolve(&world, "www.a.b.test.", unbound());

    // Asked as a server of b.test., ns.op.test. refers to a.b.test. from its
    // old copy of test., with an address for ns.helper.test.: outside b.test.
    let referral = exchanges(&run.steps)
        .into_iter()
        .find(|x| x.zone == n("b.test."))
        .unwrap();
    assert_eq!(referral.server, n("ns.op.test."));
    assert_eq!(
        referral.classification,
        Classification::Referral {
            cut: n("a.b.test.")
        }
    );
    let glue: Vec<(String, Option<NsHostRelation>, bool)> = referral
        .glue
        .iter()
        .map(|g| (line(&g.record), g.relation, g.used))
        .collect();
    assert_eq!(
        glue,
        [(
            "ns.helper.test. 3600 A 203.0.113.99".to_string(),
            Some(NsHostRelation::Unrelated),
            false
        )]
    );

    // So the resolver looks the name up itself, one level deeper, from the
    // test. servers it has cached.
    let lookup = position(&run.steps, |e| matches!(e, Event::Lookup { .. }));
    assert_eq!(
        run.steps[lookup].event,
        Event::Lookup {
            zone: n("a.b.test."),
            host: n("ns.helper.test."),
            source: ServerSource::Referral {
                parent: n("b.test.")
            },
        }
    );
    assert_eq!(run.steps[lookup].depth, 0);
    // The referral did carry an address for it, one the resolver dropped.
    assert!(
        !run.steps[lookup].explanation().contains("carried no glue"),
        "{}",
        run.steps[lookup].explanation()
    );
    let nested = &run.steps[lookup + 1];
    assert_eq!(nested.depth, 1);
    assert_eq!(nested.task, Question::new(n("ns.helper.test."), RType::A));
    assert!(matches!(
        &nested.event,
        Event::CacheHit(CacheHit::Delegation { cut, side: NsSide::Parent, .. }) if *cut == n("test.")
    ));

    // The dropped address is never used; the looked-up one is.
    assert!(
        exchanges(&run.steps)
            .iter()
            .all(|x| x.address != ip("203.0.113.99"))
    );
    let queries: Vec<&Exchange> = exchanges(&run.steps)
        .into_iter()
        .filter(|x| x.zone == n("a.b.test."))
        .collect();
    assert_eq!(queries.len(), 1);
    assert_eq!(queries[0].server, n("ns.helper.test."));
    assert_eq!(queries[0].address, ip("203.0.113.60"));
    assert_eq!(queries[0].address_source, AddressSource::LookedUp);
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.a.b.test. 3600 A 198.51.100.80"]
    );
}

// ---------------------------------------------------------------- sibling_glue

#[test]
fn sibling_glue_is_used() {
    let world = load(fixture!("sibling_glue"));
    for (name, cut, host, address, data) in [
        (
            "www.foo.test.",
            "foo.test.",
            "ns1.bar.test.",
            "198.51.100.1",
            "198.51.100.80",
        ),
        (
            "www.bar.test.",
            "bar.test.",
            "ns1.foo.test.",
            "198.51.100.2",
            "198.51.100.81",
        ),
    ] {
        let run = resolve(&world, name, unbound());
        let referral = exchanges(&run.steps)
            .into_iter()
            .find(|x| x.zone == n("test."))
            .unwrap();
        let glue: Vec<(Name, Option<NsHostRelation>, bool)> = referral
            .glue
            .iter()
            .map(|g| (g.record.owner.clone(), g.relation, g.used))
            .collect();
        assert_eq!(glue, [(n(host), Some(NsHostRelation::Sibling), true)]);
        let queries: Vec<&Exchange> = exchanges(&run.steps)
            .into_iter()
            .filter(|x| x.zone == n(cut))
            .collect();
        assert_eq!(queries.len(), 1);
        assert_eq!(queries[0].address, ip(address));
        assert_eq!(
            queries[0].address_source,
            AddressSource::Glue(NsHostRelation::Sibling)
        );
        assert!(
            !run.steps
                .iter()
                .any(|s| matches!(s.event, Event::Lookup { .. }))
        );
        assert_eq!(
            answer_lines(&run.outcome),
            [format!("{name} 3600 A {data}")]
        );
    }
}

#[test]
fn siblings_without_glue_depend_on_each_other() {
    let world = load(fixture!("sibling_glue"));
    let cycle = Cycle {
        links: vec![
            (n("cyc1.test."), n("ns.cyc2.test.")),
            (n("cyc2.test."), n("ns.cyc1.test.")),
        ],
    };
    for config in [unbound(), bind()] {
        let run = resolve(&world, "www.cyc1.test.", config);
        let lookups: Vec<(usize, &Event)> = run
            .steps
            .iter()
            .filter(|s| matches!(s.event, Event::Lookup { .. }))
            .map(|s| (s.depth, &s.event))
            .collect();
        assert_eq!(
            lookups,
            [
                (
                    0,
                    &Event::Lookup {
                        zone: n("cyc1.test."),
                        host: n("ns.cyc2.test."),
                        source: ServerSource::Referral { parent: n("test.") },
                    }
                ),
                (
                    1,
                    &Event::Lookup {
                        zone: n("cyc2.test."),
                        host: n("ns.cyc1.test."),
                        source: ServerSource::Referral { parent: n("test.") },
                    }
                ),
            ]
        );
        // The second look-up meets cyc1.test. again: it needs ns.cyc2.test.,
        // whose look-up is the one waiting at the top.
        let skip = position(&run.steps, |e| matches!(e, Event::Skip { .. }));
        assert_eq!(run.steps[skip].depth, 2);
        assert_eq!(
            run.steps[skip].event,
            Event::Skip {
                zone: n("cyc1.test."),
                host: n("ns.cyc2.test."),
                problem: ServerProblem::Cycle(cycle.clone()),
            }
        );
        // No server of either zone is ever asked.
        assert!(asked(&run.steps, "cyc1.test.").is_empty());
        assert!(asked(&run.steps, "cyc2.test.").is_empty());
        let failure = servfail(&run.outcome);
        assert_eq!(*failure, Failure::Cycle(cycle.clone()));
        assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
    }
}

// ---------------------------------------------------------------- circular_delegation

#[test]
fn circular_delegation_across_top_level_domains_is_named_as_a_cycle() {
    let world = load(fixture!("circular_delegation"));
    let run = resolve(&world, "www.a.example.", unbound());
    let cycle = Cycle {
        links: vec![
            (n("a.example."), n("ns.b.test.")),
            (n("b.test."), n("ns.a.example.")),
        ],
    };
    // Each look-up is its caller's step and runs one level deeper.
    let lookups: Vec<(usize, &Event)> = run
        .steps
        .iter()
        .filter(|s| matches!(s.event, Event::Lookup { .. }))
        .map(|s| (s.depth, &s.event))
        .collect();
    assert_eq!(
        lookups,
        [
            (
                0,
                &Event::Lookup {
                    zone: n("a.example."),
                    host: n("ns.b.test."),
                    source: ServerSource::Referral {
                        parent: n("example.")
                    },
                }
            ),
            (
                1,
                &Event::Lookup {
                    zone: n("b.test."),
                    host: n("ns.a.example."),
                    source: ServerSource::Referral { parent: n("test.") },
                }
            ),
        ]
    );
    let skip = position(&run.steps, |e| matches!(e, Event::Skip { .. }));
    assert_eq!(run.steps[skip].depth, 2);
    assert_eq!(
        run.steps[skip].task,
        Question::new(n("ns.a.example."), RType::A)
    );
    assert_eq!(
        run.steps[skip].event,
        Event::Skip {
            zone: n("a.example."),
            host: n("ns.b.test."),
            problem: ServerProblem::Cycle(cycle.clone()),
        }
    );
    // Every level gives up with the cycle as its cause, innermost first.
    let give_ups: Vec<(usize, &Event)> = run
        .steps
        .iter()
        .filter(|s| matches!(s.event, Event::GiveUp(_)))
        .map(|s| (s.depth, &s.event))
        .collect();
    let gave_up = Event::GiveUp(Failure::Cycle(cycle.clone()));
    assert_eq!(give_ups, [(2, &gave_up), (1, &gave_up), (0, &gave_up)]);
    assert!(asked(&run.steps, "a.example.").is_empty());
    assert!(asked(&run.steps, "b.test.").is_empty());

    let failure = servfail(&run.outcome);
    assert_eq!(*failure, Failure::Cycle(cycle));
    assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
    assert_eq!(
        failure.title(),
        "circular dependency: a.example → ns.b.test → b.test → ns.a.example → a.example"
    );
}

// ---------------------------------------------------------------- lame_delegation

/// What each of the four lame servers does, in listed order.
fn lame_classifications(zone: &str) -> Vec<Classification> {
    vec![
        Classification::Lame(LameReason::Refused),
        Classification::Lame(LameReason::Refused),
        Classification::Lame(LameReason::UpwardReferral {
            cut: n("example.test."),
        }),
        Classification::Lame(LameReason::SameZoneReferral { cut: n(zone) }),
    ]
}

/// Unbound scrubs the NS set of a referral to the zone it asked about
/// (ns4's reply) and reads the empty rest as NODATA.
fn unbound_classifications(zone: &str) -> Vec<Classification> {
    let mut classifications = lame_classifications(zone);
    classifications[3] = Classification::NoData;
    classifications
}

#[test]
fn lame_servers_are_passed_over_until_one_answers() {
    let world = load(fixture!("lame_delegation"));
    let run = resolve(&world, "www.lame.example.test.", bind());
    let queries = asked(&run.steps, "lame.example.test.");
    let mut expected = lame_classifications("lame.example.test.");
    expected.push(Classification::Answer);
    assert_eq!(
        queries.iter().map(|q| q.2.clone()).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        queries.iter().map(|q| q.1).collect::<Vec<_>>(),
        [
            ip("198.51.100.1"),
            ip("198.51.100.2"),
            ip("198.51.100.3"),
            ip("198.51.100.4"),
            ip("198.51.100.5")
        ]
    );
    // The two referrals from lame servers are not followed.
    let decisions: Vec<Decision> = exchanges(&run.steps)
        .into_iter()
        .filter(|x| x.zone == n("lame.example.test."))
        .map(|x| x.decision.clone())
        .collect();
    assert_eq!(
        decisions,
        [
            Decision::TryNextServer,
            Decision::TryNextServer,
            Decision::TryNextServer,
            Decision::TryNextServer,
            Decision::Finish
        ]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.lame.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn unbound_takes_a_referral_to_the_same_zone_as_nodata() {
    let world = load(fixture!("lame_delegation"));
    for name in ["www.lame.example.test.", "www.dead.example.test."] {
        let run = resolve(&world, name, unbound());
        let zone = name.trim_start_matches("www.");
        let queries = asked(&run.steps, zone);
        assert_eq!(
            queries.iter().map(|q| q.2.clone()).collect::<Vec<_>>(),
            unbound_classifications(zone),
            "{name}"
        );
        assert!(
            matches!(run.outcome, Outcome::NoData { ref answer, .. } if answer.is_empty()),
            "{name}: {:?}",
            run.outcome
        );
        let last = run
            .steps
            .iter()
            .rev()
            .find(|s| s.exchange().is_some())
            .unwrap();
        assert!(
            last.explanation().contains("ghost domains"),
            "{}",
            last.explanation()
        );
    }
}

#[test]
fn when_every_server_is_lame_the_failure_lists_each_one() {
    let world = load(fixture!("lame_delegation"));
    {
        let config = bind();
        let run = resolve(&world, "www.dead.example.test.", config);
        let queries = asked(&run.steps, "dead.example.test.");
        assert_eq!(
            queries.iter().map(|q| q.2.clone()).collect::<Vec<_>>(),
            lame_classifications("dead.example.test.")
        );
        let failure = servfail(&run.outcome);
        let problems = lame_classifications("dead.example.test.")
            .into_iter()
            .map(|c| match c {
                Classification::Lame(reason) => ServerProblem::Lame(reason),
                _ => unreachable!(),
            });
        let attempts: Vec<Attempt> = ["1", "2", "3", "4"]
            .into_iter()
            .zip(problems)
            .map(|(i, problem)| {
                attempt(
                    &format!("ns{i}.dead.example.test."),
                    Some(&format!("198.51.100.{i}")),
                    problem,
                )
            })
            .collect();
        assert_eq!(
            *failure,
            no_reachable_authority("dead.example.test.", attempts)
        );
        assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
        let last = exchanges(&run.steps).into_iter().last().unwrap();
        assert_eq!(last.decision, Decision::GiveUp);
    }
}

// ---------------------------------------------------------------- unresponsive

#[test]
fn a_server_that_is_down_times_out_and_the_next_one_answers() {
    let world = load(fixture!("unresponsive"));
    let run = resolve(&world, "www.slow.test.", unbound());
    assert_eq!(
        asked(&run.steps, "slow.test."),
        [
            (
                n("ns1.slow.test."),
                ip("198.51.100.1"),
                Classification::Timeout
            ),
            (
                n("ns2.slow.test."),
                ip("198.51.100.2"),
                Classification::Answer
            ),
        ]
    );
    let timeout = exchanges(&run.steps)
        .into_iter()
        .find(|x| x.classification == Classification::Timeout)
        .unwrap();
    assert_eq!(timeout.response, None);
    assert_eq!(timeout.response_size, None);
    assert_eq!(timeout.decision, Decision::TryNextServer);
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.slow.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn when_every_server_is_down_the_failure_is_a_network_error() {
    let world = load(fixture!("unresponsive"));
    let run = resolve(&world, "www.down.test.", unbound());
    let failure = servfail(&run.outcome);
    assert_eq!(
        *failure,
        no_reachable_authority(
            "down.test.",
            vec![
                attempt(
                    "ns1.down.test.",
                    Some("198.51.100.11"),
                    ServerProblem::Timeout
                ),
                attempt(
                    "ns2.down.test.",
                    Some("198.51.100.12"),
                    ServerProblem::Timeout
                ),
            ]
        )
    );
    assert_eq!(failure.extended_error(), (23, "Network Error"));
}

// ---------------------------------------------------------------- ns_cname

#[test]
fn unbound_follows_a_name_server_alias() {
    let world = load(fixture!("ns_cname"));
    let run = resolve(&world, "www.alias.test.", unbound());
    let lookup = position(&run.steps, |e| matches!(e, Event::Lookup { .. }));
    assert_eq!(
        run.steps[lookup].event,
        Event::Lookup {
            zone: n("alias.test."),
            host: n("ns.provider.example."),
            source: ServerSource::Referral { parent: n("test.") },
        }
    );
    // The provider answers with the alias and the target's address.
    let alias_answer = exchanges(&run.steps)
        .into_iter()
        .find(|x| x.zone == n("provider.example."))
        .unwrap();
    let answer: Vec<String> = alias_answer
        .response
        .as_ref()
        .unwrap()
        .answer
        .iter()
        .map(line)
        .collect();
    assert_eq!(
        answer,
        [
            "ns.provider.example. 3600 CNAME host.provider.example.",
            "host.provider.example. 3600 A 203.0.113.10"
        ]
    );
    assert_eq!(alias_answer.decision, Decision::Finish);
    let queries: Vec<&Exchange> = exchanges(&run.steps)
        .into_iter()
        .filter(|x| x.zone == n("alias.test."))
        .collect();
    assert_eq!(queries.len(), 1);
    assert_eq!(queries[0].server, n("ns.provider.example."));
    assert_eq!(queries[0].address, ip("203.0.113.10"));
    assert_eq!(queries[0].address_source, AddressSource::LookedUp);
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.alias.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn bind_skips_a_name_server_alias_and_fails_without_another() {
    let world = load(fixture!("ns_cname"));
    assert_eq!(bind().ns_alias, NsAliasPolicy::Skip);
    let run = resolve(&world, "www.alias.test.", bind());
    let alias_answer = exchanges(&run.steps)
        .into_iter()
        .find(|x| x.zone == n("provider.example."))
        .unwrap();
    assert_eq!(alias_answer.classification, Classification::Answer);
    assert_eq!(alias_answer.decision, Decision::GiveUp);
    assert!(asked(&run.steps, "alias.test.").is_empty());
    let failure = servfail(&run.outcome);
    assert_eq!(
        *failure,
        no_reachable_authority(
            "alias.test.",
            vec![attempt(
                "ns.provider.example.",
                None,
                ServerProblem::AliasSkipped {
                    target: n("host.provider.example.")
                }
            )]
        )
    );
    assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
}

// ---------------------------------------------------------------- ns_ip_literal

#[test]
fn an_address_written_as_a_name_server_name_does_not_resolve() {
    let world = load(fixture!("ns_ip_literal"));
    let literal = n("203.0.113.10.");
    assert!(literal.ip_literal_below(&Name::root()).is_some());
    // Unbound trusts the root's NXDOMAIN for the top-level domain "10." to
    // cover every name below it (RFC 8020); BIND asks again with the whole
    // name.
    for (config, queries) in [
        (unbound(), vec![("10.", true)]),
        (bind(), vec![("10.", true), ("203.0.113.10.", false)]),
    ] {
        let run = resolve(&world, "www.numeric.test.", config);
        let lookup = position(&run.steps, |e| matches!(e, Event::Lookup { .. }));
        assert_eq!(
            run.steps[lookup].event,
            Event::Lookup {
                zone: n("numeric.test."),
                host: literal.clone(),
                source: ServerSource::Referral { parent: n("test.") },
            }
        );
        let nested: Vec<(String, bool, Classification)> = run.steps[lookup + 1..]
            .iter()
            .filter(|s| s.depth == 1)
            .filter_map(Step::exchange)
            .map(|x| {
                (
                    x.query.name.to_string(),
                    x.minimised,
                    x.classification.clone(),
                )
            })
            .collect();
        let expected: Vec<(String, bool, Classification)> = queries
            .into_iter()
            .map(|(name, minimised)| (name.to_string(), minimised, Classification::NXDomain))
            .collect();
        assert_eq!(nested, expected);
        // The provider listens on 203.0.113.10, but an NS name is never an
        // address: nothing is sent there.
        assert!(
            exchanges(&run.steps)
                .iter()
                .all(|x| x.address != ip("203.0.113.10"))
        );
        let failure = servfail(&run.outcome);
        assert_eq!(
            *failure,
            no_reachable_authority(
                "numeric.test.",
                vec![attempt(
                    "203.0.113.10.",
                    None,
                    ServerProblem::NameDoesNotExist
                )]
            )
        );
    }
}

#[test]
fn another_name_server_saves_the_delegation() {
    let world = load(fixture!("ns_ip_literal"));
    let run = resolve(&world, "www.numeric2.test.", unbound());
    let lookups: Vec<&Event> = run
        .steps
        .iter()
        .filter(|s| matches!(s.event, Event::Lookup { .. }))
        .map(|s| &s.event)
        .collect();
    assert_eq!(
        lookups,
        [
            &Event::Lookup {
                zone: n("numeric2.test."),
                host: n("203.0.113.10."),
                source: ServerSource::Referral { parent: n("test.") },
            },
            &Event::Lookup {
                zone: n("numeric2.test."),
                host: n("ns.provider.example."),
                source: ServerSource::Referral { parent: n("test.") },
            },
        ]
    );
    assert_eq!(
        asked(&run.steps, "numeric2.test."),
        [(
            n("ns.provider.example."),
            ip("203.0.113.10"),
            Classification::Answer
        )]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.numeric2.test. 3600 A 198.51.100.81"]
    );
}

// ------------------------------------------------------- ns_relative_ip_literal

/// `rel NS 198.51.100.30` in test.'s zone file: NSD and BIND read the name
/// 198.51.100.30.test., and the resolvers answer SERVFAIL; so does DNS Lab,
/// after looking that name up in test. and finding it does not exist.
#[test]
fn an_address_without_its_final_dot_is_a_name_below_the_zone() {
    let world = load(fixture!("ns_relative_ip_literal"));
    for config in [unbound(), bind()] {
        let run = resolve(&world, "www.rel.test.", config);
        let lookup = position(&run.steps, |e| matches!(e, Event::Lookup { .. }));
        assert_eq!(
            run.steps[lookup].event,
            Event::Lookup {
                zone: n("rel.test."),
                host: n("198.51.100.30.test."),
                source: ServerSource::Referral { parent: n("test.") },
            }
        );
        // The server listens at that address, but nothing is sent there.
        assert!(
            exchanges(&run.steps)
                .iter()
                .all(|x| x.address != ip("198.51.100.30"))
        );
        assert_eq!(
            *servfail(&run.outcome),
            no_reachable_authority(
                "rel.test.",
                vec![attempt(
                    "198.51.100.30.test.",
                    None,
                    ServerProblem::NameDoesNotExist
                )]
            )
        );
    }
}

// ---------------------------------------------------------------- dangling_ns

#[test]
fn a_dangling_name_server_name_does_not_exist() {
    let world = load(fixture!("dangling_ns"));
    let run = resolve(&world, "www.dangling.test.", unbound());
    let nxdomain = exchanges(&run.steps)
        .into_iter()
        .find(|x| x.classification == Classification::NXDomain)
        .unwrap();
    assert_eq!(nxdomain.zone, n("example."));
    assert_eq!(nxdomain.query.name, n("gone.example."));
    let failure = servfail(&run.outcome);
    assert_eq!(
        *failure,
        no_reachable_authority(
            "dangling.test.",
            vec![attempt(
                "ns.gone.example.",
                None,
                ServerProblem::NameDoesNotExist
            )]
        )
    );
    assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
}

#[test]
fn a_working_name_server_saves_the_delegation() {
    let world = load(fixture!("dangling_ns"));
    let run = resolve(&world, "www.partly.test.", unbound());
    let lookups: Vec<(usize, &Event)> = run
        .steps
        .iter()
        .filter(|s| matches!(s.event, Event::Lookup { .. }))
        .map(|s| (s.index, &s.event))
        .collect();
    assert_eq!(lookups.len(), 2);
    assert_eq!(
        lookups[0].1,
        &Event::Lookup {
            zone: n("partly.test."),
            host: n("ns.gone.example."),
            source: ServerSource::Referral { parent: n("test.") },
        }
    );
    assert_eq!(
        lookups[1].1,
        &Event::Lookup {
            zone: n("partly.test."),
            host: n("ns.provider.example."),
            source: ServerSource::Referral { parent: n("test.") },
        }
    );
    // The first look-up ends in NXDOMAIN just before the second starts.
    let before_second = run.steps[lookups[1].0 - 1].exchange().unwrap();
    assert_eq!(before_second.query.name, n("gone.example."));
    assert_eq!(before_second.classification, Classification::NXDomain);
    assert_eq!(
        asked(&run.steps, "partly.test."),
        [(
            n("ns.provider.example."),
            ip("203.0.113.10"),
            Classification::Answer
        )]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.partly.test. 3600 A 198.51.100.81"]
    );
}

#[test]
fn a_name_server_name_without_address_records_is_tried_for_a_and_aaaa() {
    let world = load(fixture!("dangling_ns"));
    let run = resolve(&world, "www.noaddr.test.", unbound());
    let nested: Vec<(Question, Classification, Decision)> = exchanges(&run.steps)
        .into_iter()
        .filter(|x| x.zone == n("provider.example."))
        .map(|x| {
            (
                x.query.clone(),
                x.classification.clone(),
                x.decision.clone(),
            )
        })
        .collect();
    assert_eq!(
        nested,
        [
            (
                Question::new(n("host.provider.example."), RType::A),
                Classification::NoData,
                Decision::TryAAAA
            ),
            (
                Question::new(n("host.provider.example."), RType::AAAA),
                Classification::NoData,
                Decision::Finish
            ),
        ]
    );
    assert_eq!(
        *servfail(&run.outcome),
        no_reachable_authority(
            "noaddr.test.",
            vec![attempt(
                "host.provider.example.",
                None,
                ServerProblem::NoAddressRecords
            )]
        )
    );
}

// ---------------------------------------------------------------- stale_secondary

#[test]
fn listed_order_always_asks_the_primary() {
    let world = load(fixture!("stale_secondary"));
    let run = resolve(&world, "www.example.test.", unbound());
    assert_eq!(
        asked(&run.steps, "example.test."),
        [(
            n("ns1.example.test."),
            ip("198.51.100.1"),
            Classification::Answer
        )]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn with_random_selection_the_answer_depends_on_the_server_picked() {
    let world = load(fixture!("stale_secondary"));
    let mut seen = BTreeSet::new();
    for seed in 0..32 {
        let config = ResolverConfig::unbound_like().with_seed(seed);
        assert_eq!(config.selection, ServerSelection::Random);
        let run = resolve(&world, "www.example.test.", config);
        let queries = asked(&run.steps, "example.test.");
        assert_eq!(queries.len(), 1, "seed {seed}");
        let answer = answer_lines(&run.outcome);
        // Whatever was asked decides the answer.
        let expected = match queries[0].0.to_string().as_str() {
            "ns1.example.test." => "www.example.test. 3600 A 198.51.100.80",
            "ns2.example.test." => "www.example.test. 3600 A 198.51.100.8",
            other => panic!("unexpected server {other}"),
        };
        assert_eq!(answer, [expected], "seed {seed}");
        // The same seed gives the same steps.
        assert_eq!(
            resolve(&world, "www.example.test.", config).steps,
            run.steps
        );
        seen.insert((queries[0].0.to_string(), answer[0].clone()));
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        [
            (
                "ns1.example.test.".to_string(),
                "www.example.test. 3600 A 198.51.100.80".to_string()
            ),
            (
                "ns2.example.test.".to_string(),
                "www.example.test. 3600 A 198.51.100.8".to_string()
            ),
        ]
    );
}

// ---------------------------------------------------------------- occluded

#[test]
fn records_below_a_zone_cut_are_never_served() {
    let world = load(fixture!("occluded"));
    let minimising = unbound();
    let full_names = ResolverConfig {
        qname_minimisation: false,
        ..unbound()
    };
    for config in [minimising, full_names] {
        let run = resolve(&world, "www.sub.example.test.", config);
        // The parent refers, whether asked for sub.example.test. or for the
        // occluded name itself.
        let parent = exchanges(&run.steps)
            .into_iter()
            .find(|x| x.zone == n("example.test."))
            .unwrap();
        assert_eq!(
            parent.classification,
            Classification::Referral {
                cut: n("sub.example.test.")
            }
        );
        assert!(parent.response.as_ref().unwrap().answer.is_empty());
        assert_eq!(
            parent.decision,
            Decision::FollowReferral {
                cut: n("sub.example.test.")
            }
        );
        // The old address is in no response at all.
        let old = ip("198.51.100.66");
        for exchange in exchanges(&run.steps) {
            let message = exchange.response.as_ref().unwrap();
            assert!(
                message
                    .answer
                    .iter()
                    .chain(&message.authority)
                    .chain(&message.additional)
                    .all(|r| r.data.address() != Some(old))
            );
        }
        assert_eq!(
            asked(&run.steps, "sub.example.test."),
            [(
                n("ns.sub.example.test."),
                ip("198.51.100.20"),
                Classification::Answer
            )]
        );
        assert_eq!(
            answer_lines(&run.outcome),
            ["www.sub.example.test. 3600 A 198.51.100.77"]
        );
    }
}

// ---------------------------------------------------------------- cname_chains

#[test]
fn a_cname_chain_across_zones_restarts_at_each_target() {
    let world = load(fixture!("cname_chains"));
    let run = resolve(&world, "www.example.test.", unbound());
    let restarts: Vec<(Name, Name)> = exchanges(&run.steps)
        .into_iter()
        .filter_map(|x| match &x.decision {
            Decision::Restart { target } => Some((x.query.name.clone(), target.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        restarts,
        [
            (n("www.example.test."), n("www.provider.example.")),
            (n("www.provider.example."), n("edge.example.test."))
        ]
    );
    // The restart at edge.example.test. starts from the cached delegation.
    let restart_step = run
        .steps
        .iter()
        .rposition(|s| {
            s.exchange()
                .is_some_and(|x| matches!(x.decision, Decision::Restart { .. }))
        })
        .unwrap();
    assert!(matches!(
        &run.steps[restart_step + 1].event,
        Event::CacheHit(CacheHit::Delegation { cut, .. }) if *cut == n("example.test.")
    ));
    assert_eq!(
        answer_lines(&run.outcome),
        [
            "www.example.test. 3600 CNAME www.provider.example.",
            "www.provider.example. 3600 CNAME edge.example.test.",
            "edge.example.test. 3600 A 198.51.100.80"
        ]
    );
    assert_eq!(run.steps.last().unwrap().budget.cname_restarts, 2);

    // Asked again ten seconds later, the cache holds the whole chain: one
    // step per link, no query, the same answer with the TTLs left.
    let mut cache = run.cache;
    cache.advance(10);
    let again = resolve_with(&world, "www.example.test.", unbound(), cache);
    let hits: Vec<(Question, &Event)> = again
        .steps
        .iter()
        .map(|s| (s.task.clone(), &s.event))
        .collect();
    let alias = |owner: &str, target: &str| {
        Event::CacheHit(CacheHit::Alias {
            record: Record::new(n(owner), 3590, RData::CNAME(n(target))),
        })
    };
    assert_eq!(
        hits[..3],
        [
            (
                Question::new(n("www.example.test."), RType::A),
                &alias("www.example.test.", "www.provider.example.")
            ),
            (
                Question::new(n("www.provider.example."), RType::A),
                &alias("www.provider.example.", "edge.example.test.")
            ),
            (
                Question::new(n("edge.example.test."), RType::A),
                &Event::CacheHit(CacheHit::Answer {
                    records: vec![Record::new(
                        n("edge.example.test."),
                        3590,
                        RData::A("198.51.100.80".parse().unwrap())
                    )]
                })
            ),
        ]
    );
    assert_eq!(again.steps.len(), 4);
    assert_eq!(
        answer_lines(&again.outcome),
        [
            "www.example.test. 3590 CNAME www.provider.example.",
            "www.provider.example. 3590 CNAME edge.example.test.",
            "edge.example.test. 3590 A 198.51.100.80"
        ]
    );
}

#[test]
fn a_cname_loop_across_zones_is_detected() {
    let world = load(fixture!("cname_chains"));
    for config in [unbound(), bind()] {
        let run = resolve(&world, "loop.example.test.", config);
        let failure = servfail(&run.outcome);
        assert_eq!(
            *failure,
            Failure::CnameLoop {
                names: vec![
                    n("loop.example.test."),
                    n("loop.provider.example."),
                    n("loop.example.test.")
                ]
            }
        );
        // Each name is asked once: the loop is seen before going round again.
        let asked_names: Vec<Name> = exchanges(&run.steps)
            .into_iter()
            .filter(|x| !x.minimised)
            .map(|x| x.query.name.clone())
            .collect();
        assert_eq!(
            asked_names,
            [n("loop.example.test."), n("loop.provider.example.")]
        );

        // From the cache, the loop is found again without a query.
        let again = resolve_with(&world, "loop.example.test.", config, run.cache);
        assert!(exchanges(&again.steps).is_empty());
        assert_eq!(
            again
                .steps
                .iter()
                .filter(|s| matches!(s.event, Event::CacheHit(CacheHit::Alias { .. })))
                .count(),
            2
        );
        assert_eq!(again.outcome, run.outcome);
    }
}

#[test]
fn eleven_restarts_are_allowed_and_a_twelfth_is_not() {
    let world = load(fixture!("cname_chains"));
    let config = unbound();
    assert_eq!(config.limits.max_cname_restarts, 11);

    let run = resolve(&world, "a0.example.test.", config);
    let answer = answer_lines(&run.outcome);
    assert_eq!(answer.len(), 12);
    assert_eq!(
        answer.first().unwrap(),
        "a0.example.test. 3600 CNAME a1.provider.example."
    );
    assert_eq!(
        answer.last().unwrap(),
        "a11.provider.example. 3600 A 198.51.100.101"
    );
    assert_eq!(run.steps.last().unwrap().budget.cname_restarts, 11);

    let run = resolve(&world, "b0.example.test.", config);
    assert_eq!(
        *servfail(&run.outcome),
        Failure::LimitReached(Limit::CnameRestarts)
    );
    // The twelfth CNAME is read but not followed.
    let last = exchanges(&run.steps).into_iter().last().unwrap();
    assert_eq!(last.query.name, n("b11.provider.example."));
    assert_eq!(
        last.classification,
        Classification::Alias {
            target: n("b12.example.test.")
        }
    );
    assert!(
        exchanges(&run.steps)
            .iter()
            .all(|x| x.query.name != n("b12.example.test."))
    );
    assert_eq!(run.steps.last().unwrap().budget.cname_restarts, 12);
}

// ---------------------------------------------------------------- ipv6_only_ns and negative_cache

#[test]
fn a_name_queried_before_it_existed_stays_nxdomain_for_the_negative_ttl() {
    let json = fixture!("negative_cache");
    let before = load(json);
    let first = resolve(&before, "new.example.test.", unbound());
    let Outcome::NXDomain { soa: Some(soa), .. } = &first.outcome else {
        panic!("expected NXDOMAIN, got {:?}", first.outcome);
    };
    // min(SOA TTL 3600, MINIMUM 300) (RFC 2308 §5).
    assert_eq!(soa.ttl, 300);

    // The name is added to the zone.
    let mut added = scenario(json);
    let zone = added
        .zones
        .iter_mut()
        .find(|z| z.apex == n("example.test."))
        .unwrap();
    zone.text.push_str("new A 198.51.100.99\n");
    let after = added.load().unwrap();

    let negative_hit = |run: &Run, ttl: u32| {
        assert_eq!(run.steps.len(), 2, "{:#?}", run.steps);
        match &run.steps[0].event {
            Event::CacheHit(CacheHit::Negative {
                nxdomain: true,
                name,
                soa,
            }) => {
                assert_eq!(*name, n("new.example.test."));
                assert_eq!(soa.ttl, ttl);
            }
            other => panic!("expected a negative cache hit, got {other:?}"),
        }
        assert!(matches!(run.outcome, Outcome::NXDomain { .. }));
    };

    // At once, and one second before the negative TTL runs out, the cache
    // answers and no server is asked.
    let again = resolve_with(&after, "new.example.test.", unbound(), first.cache.clone());
    negative_hit(&again, 300);
    let mut cache = first.cache.clone();
    cache.advance(299);
    let later = resolve_with(&after, "new.example.test.", unbound(), cache);
    negative_hit(&later, 1);

    // Once it has run out, the resolver asks and finds the new name.
    let mut cache = first.cache;
    cache.advance(300);
    let expired = resolve_with(&after, "new.example.test.", unbound(), cache);
    assert!(matches!(
        &expired.steps[0].event,
        Event::CacheHit(CacheHit::Delegation { cut, .. }) if *cut == n("example.test.")
    ));
    assert_eq!(
        asked(&expired.steps, "example.test."),
        [(
            n("ns.example.test."),
            ip("198.51.100.10"),
            Classification::Answer
        )]
    );
    assert_eq!(
        answer_lines(&expired.outcome),
        ["new.example.test. 3600 A 198.51.100.99"]
    );
}

#[test]
fn a_cache_hit_is_a_step_of_its_own() {
    let world = load(fixture!("negative_cache"));
    let first = resolve(&world, "www.example.test.", unbound());
    assert!(!exchanges(&first.steps).is_empty());
    let mut cache = first.cache;
    cache.advance(600);
    let second = resolve_with(&world, "www.example.test.", unbound(), cache);
    assert_eq!(second.steps.len(), 2);
    assert_eq!(second.steps[0].depth, 0);
    assert_eq!(
        second.steps[0].event,
        Event::CacheHit(CacheHit::Answer {
            records: vec![Record::new(
                n("www.example.test."),
                3000,
                RData::A("198.51.100.80".parse().unwrap())
            )]
        })
    );
    assert_eq!(second.steps[0].budget.queries, 0);
    // The client gets the record with the TTL left.
    assert_eq!(
        answer_lines(&second.outcome),
        ["www.example.test. 3000 A 198.51.100.80"]
    );
}

#[test]
fn an_ipv6_only_name_server_is_found_while_its_missing_a_record_is_cached() {
    let world = load(fixture!("ipv6_only_ns"));
    let v6 = ip("2001:db8:53::6");

    // First look-up: no A record (NODATA), so the resolver asks for AAAA.
    let first = resolve(&world, "www.one.test.", unbound());
    let nested: Vec<(RType, Classification, Decision)> = exchanges(&first.steps)
        .into_iter()
        .filter(|x| x.zone == n("provider.example."))
        .map(|x| (x.query.rtype, x.classification.clone(), x.decision.clone()))
        .collect();
    assert_eq!(
        nested,
        [
            (RType::A, Classification::NoData, Decision::TryAAAA),
            (RType::AAAA, Classification::Answer, Decision::Finish),
        ]
    );
    assert_eq!(
        asked(&first.steps, "one.test."),
        [(n("ns6.provider.example."), v6, Classification::Answer)]
    );

    // A minute later the AAAA record (TTL 60) is gone but the NODATA for A
    // (negative TTL 300) is not. A look-up for two.test.'s name server
    // finds the NODATA in the cache, and must still go on to AAAA.
    let mut cache = first.cache;
    cache.advance(60);
    let second = resolve_with(&world, "www.two.test.", unbound(), cache.clone());
    let lookup = position(&second.steps, |e| matches!(e, Event::Lookup { .. }));
    assert_eq!(
        second.steps[lookup].event,
        Event::Lookup {
            zone: n("two.test."),
            host: n("ns6.provider.example."),
            source: ServerSource::Referral { parent: n("test.") },
        }
    );
    let hit = &second.steps[lookup + 1];
    assert_eq!(hit.depth, 1);
    assert_eq!(
        hit.task,
        Question::new(n("ns6.provider.example."), RType::A)
    );
    assert!(
        matches!(
            &hit.event,
            Event::CacheHit(CacheHit::Negative { nxdomain: false, name, soa })
                if *name == n("ns6.provider.example.") && soa.ttl == 240
        ),
        "{:?}",
        hit.event
    );
    assert!(
        hit.explanation()
            .ends_with("The resolver asks for AAAA instead."),
        "{}",
        hit.explanation()
    );
    let aaaa: Vec<Question> = exchanges(&second.steps)
        .into_iter()
        .filter(|x| x.zone == n("provider.example."))
        .map(|x| x.query.clone())
        .collect();
    assert_eq!(
        aaaa,
        [Question::new(n("ns6.provider.example."), RType::AAAA)]
    );
    assert_eq!(
        asked(&second.steps, "two.test."),
        [(n("ns6.provider.example."), v6, Classification::Answer)]
    );
    assert_eq!(
        answer_lines(&second.outcome),
        ["www.two.test. 3600 A 198.51.100.82"]
    );

    // The same minute later, another name in one.test.: the zone's NS set
    // is cached, its server's address is not, and the look-up goes through
    // the cached NODATA to AAAA again.
    let third = resolve_with(&world, "mail.one.test.", unbound(), cache);
    assert!(matches!(
        &third.steps[0].event,
        Event::CacheHit(CacheHit::Delegation { cut, side: NsSide::Child, .. }) if *cut == n("one.test.")
    ));
    let lookup = &third.steps[1];
    assert_eq!(
        lookup.event,
        Event::Lookup {
            zone: n("one.test."),
            host: n("ns6.provider.example."),
            source: ServerSource::Cache(NsSide::Child),
        }
    );
    // No referral was involved: the cache simply holds no address.
    assert!(
        lookup
            .explanation()
            .contains("the cache holds no address for ns6.provider.example"),
        "{}",
        lookup.explanation()
    );
    assert_eq!(
        asked(&third.steps, "one.test."),
        [(n("ns6.provider.example."), v6, Classification::Answer)]
    );
    assert_eq!(
        answer_lines(&third.outcome),
        ["mail.one.test. 3600 A 198.51.100.25"]
    );
}

// ---------------------------------------------------------------- QNAME minimisation and nested look-ups

#[test]
fn qname_minimisation_reveals_one_label_at_a_time() {
    let world = load(fixture!("qname_minimisation"));
    let run = resolve(&world, "host.a.b.example.test.", unbound());
    let queries: Vec<(String, String, bool, Decision)> = exchanges(&run.steps)
        .into_iter()
        .map(|x| {
            (
                x.zone.to_string(),
                x.query.name.to_string(),
                x.minimised,
                x.decision.clone(),
            )
        })
        .collect();
    let reveal = |zone: &str, name: &str| {
        (
            zone.to_string(),
            name.to_string(),
            true,
            Decision::RevealNextLabel,
        )
    };
    assert_eq!(
        queries,
        [
            (
                ".".to_string(),
                "test.".to_string(),
                true,
                Decision::FollowReferral { cut: n("test.") }
            ),
            (
                "test.".to_string(),
                "example.test.".to_string(),
                true,
                Decision::FollowReferral {
                    cut: n("example.test.")
                }
            ),
            reveal("example.test.", "b.example.test."),
            reveal("example.test.", "a.b.example.test."),
            (
                "example.test.".to_string(),
                "host.a.b.example.test.".to_string(),
                false,
                Decision::Finish
            ),
        ]
    );
    // Each query to a zone's servers reveals one more label than the one
    // before, and minimised queries ask for A whatever the client asked.
    let labels: Vec<usize> = exchanges(&run.steps)
        .into_iter()
        .map(|x| x.query.name.label_count())
        .collect();
    assert_eq!(labels, [1, 2, 3, 4, 5]);
    assert!(
        exchanges(&run.steps)
            .iter()
            .all(|x| x.query.rtype == RType::A)
    );
    // On the way, b.example.test. is empty and a.b.example.test. has an
    // address: either way there is no zone cut, and the walk goes on.
    let on_the_way: Vec<(&Step, &Exchange)> = run
        .steps
        .iter()
        .filter_map(|s| Some((s, s.exchange()?)))
        .filter(|(_, x)| x.decision == Decision::RevealNextLabel)
        .collect();
    assert_eq!(
        on_the_way
            .iter()
            .map(|(_, x)| x.classification.clone())
            .collect::<Vec<_>>(),
        [Classification::NoData, Classification::Answer]
    );
    for (step, exchange) in on_the_way {
        assert!(
            step.explanation().contains(&format!(
                "No zone cut at {}",
                exchange.query.name.to_string().trim_end_matches('.')
            )),
            "{}",
            step.explanation()
        );
    }
    assert_eq!(
        answer_lines(&run.outcome),
        ["host.a.b.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn without_qname_minimisation_every_server_sees_the_whole_name() {
    let world = load(fixture!("qname_minimisation"));
    let config = ResolverConfig {
        qname_minimisation: false,
        ..unbound()
    };
    let run = resolve(&world, "host.a.b.example.test.", config);
    let queries: Vec<(String, String, bool)> = exchanges(&run.steps)
        .into_iter()
        .map(|x| (x.zone.to_string(), x.query.name.to_string(), x.minimised))
        .collect();
    let full = |zone: &str| {
        (
            zone.to_string(),
            "host.a.b.example.test.".to_string(),
            false,
        )
    };
    assert_eq!(queries, [full("."), full("test."), full("example.test.")]);
    assert_eq!(
        answer_lines(&run.outcome),
        ["host.a.b.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn a_nested_look_up_runs_one_level_deeper_with_its_own_steps() {
    let world = load(fixture!("missing_glue"));
    let run = resolve(&world, "www.saved.test.", unbound());
    let lookup = position(&run.steps, |e| matches!(e, Event::Lookup { .. }));
    let client = Question::new(n("www.saved.test."), RType::A);
    let provider = Question::new(n("ns2.provider.example."), RType::A);
    assert_eq!(run.steps[lookup].depth, 0);
    assert_eq!(run.steps[lookup].task, client);

    // The look-up's own steps: from the root down to the provider's zone,
    // all at depth 1, all working for the name server's address.
    let back = run.steps[lookup + 1..]
        .iter()
        .position(|s| s.depth == 0)
        .map(|i| lookup + 1 + i)
        .unwrap();
    let nested = &run.steps[lookup + 1..back];
    let nested_queries: Vec<(String, String)> = nested
        .iter()
        .map(|s| {
            assert_eq!(s.depth, 1);
            assert_eq!(s.task, provider);
            let x = s.exchange().expect("only queries in this look-up");
            (x.zone.to_string(), x.query.name.to_string())
        })
        .collect();
    assert_eq!(
        nested_queries,
        [
            (".".to_string(), "example.".to_string()),
            ("example.".to_string(), "provider.example.".to_string()),
            (
                "provider.example.".to_string(),
                "ns2.provider.example.".to_string()
            ),
        ]
    );
    assert_eq!(nested[0].budget.target_fetches, 1);

    // Back at depth 0, the looked-up address is used.
    let resumed = run.steps[back].exchange().unwrap();
    assert_eq!(run.steps[back].task, client);
    assert_eq!(resumed.zone, n("saved.test."));
    assert_eq!(resumed.address, ip("203.0.113.10"));
    assert_eq!(resumed.address_source, AddressSource::LookedUp);
}

#[test]
fn each_step_belongs_to_the_question_being_resolved_when_it_was_taken() {
    // A query whose answer is a CNAME belongs to the name asked, not to the
    // target the resolution restarts at.
    let world = load(fixture!("cname_chains"));
    let run = resolve(&world, "www.example.test.", unbound());
    for step in &run.steps {
        if let Some(exchange) = step.exchange()
            && !exchange.minimised
        {
            assert_eq!(step.task, exchange.query, "step {}", step.index);
        }
    }

    // The A query that leads to trying AAAA belongs to the A look-up.
    let world = load(fixture!("dangling_ns"));
    let run = resolve(&world, "www.noaddr.test.", unbound());
    for step in &run.steps {
        if let Some(exchange) = step.exchange()
            && !exchange.minimised
        {
            assert_eq!(step.task, exchange.query, "step {}", step.index);
        }
    }
}
