//! How the resolver copes with each misconfiguration: one scenario file per
//! situation in `tests/fixtures/resolver`, named after the problem it shows,
//! in the format the app loads, and for each one the outcome a client sees and the
//! steps that explain it. Where Unbound and BIND differ, both presets are
//! run; where the choice of server matters, `ServerSelection::ListedOrder`
//! makes it deterministic (a zone keeps an NS set sorted by name, so the
//! fixtures number their name servers ns1, ns2, … in the order wanted).
//! This module holds the fixtures and the helpers; one module per family
//! of misconfiguration holds its tests.

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
        include_str!(concat!("../../fixtures/resolver/", $name, ".json"))
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

mod caching;
mod cycles;
mod data;
mod glue;
mod minimisation;
mod names;
mod ns_sets;
mod servers;
