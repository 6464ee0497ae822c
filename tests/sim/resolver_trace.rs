//! The resolver's visible behaviour on the default scenario: golden
//! `dig +trace`-style output, determinism (the same seed gives the same trace
//! byte for byte, and replaying to step n gives the first n steps, which is
//! how the app steps back), the shared cache and its clock, and work limits.
//!
//! Golden files live in `tests/golden/resolver`; after an intended change,
//! regenerate them with `UPDATE_GOLDEN=1 cargo test --test sim resolver_trace::`
//! and review the diff.

use crate::support::n;
use dns_lab::sim::authority::{Message, Question, Rcode, Reply};
use dns_lab::sim::record::{RData, RType, Record};
use dns_lab::sim::resolver::{
    CacheHit, Classification, Event, Failure, LameReason, Limit, Outcome, Resolution,
    ResolverConfig, ServerSelection, classify, trace,
};
use dns_lab::sim::scenario::World;
use dns_lab::sim::scenarios::default_scenario;
use std::path::PathBuf;

fn world() -> World {
    default_scenario().load().unwrap()
}

fn question(name: &str, rtype: RType) -> Question {
    Question::new(n(name), rtype)
}

/// Compares `actual` with the golden file, or rewrites it when asked to.
fn assert_golden(file: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/resolver")
        .join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    assert!(
        expected == actual,
        "{file} differs from the golden file; if intended, regenerate with UPDATE_GOLDEN=1.\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

fn traced(world: &World, q: &Question, config: ResolverConfig) -> String {
    let steps = Resolution::new(q.clone(), config).run(world);
    trace::render(q, &steps)
}

#[test]
fn golden_traces_of_the_default_scenario() {
    let world = world();
    let unbound = ResolverConfig::unbound_like();
    let cases = [
        ("www.example.test.", RType::A, "www.example.test.A.txt"),
        ("www.shop.test.", RType::A, "www.shop.test.A.txt"),
        (
            "missing.example.test.",
            RType::AAAA,
            "missing.example.test.AAAA.txt",
        ),
        ("example.test.", RType::MX, "example.test.MX.txt"),
    ];
    for (name, rtype, file) in cases {
        assert_golden(file, &traced(&world, &question(name, rtype), unbound));
    }
    let bind = ResolverConfig::bind_like();
    assert_golden(
        "www.lab.example.test.A.bind.txt",
        &traced(&world, &question("www.lab.example.test.", RType::A), bind),
    );
}

#[test]
fn dig_columns_match_dig() {
    // dig pads the owner to column 24 with tabs, then one tab per field.
    let record = Record::new(n("example.test."), 3600, RData::NS(n("ns1.example.test.")));
    assert_eq!(
        trace::record_line(&record),
        "example.test.\t\t3600\tIN\tNS\tns1.example.test."
    );
    let record = Record::new(
        n("ns1.example.test."),
        3600,
        RData::A([127, 0, 0, 53].into()),
    );
    assert_eq!(
        trace::record_line(&record),
        "ns1.example.test.\t3600\tIN\tA\t127.0.0.53"
    );
    assert_eq!(
        trace::question_line(&question("www.example.test.", RType::A)),
        ";www.example.test.\t\tIN\tA"
    );
}

#[test]
fn the_same_seed_gives_the_same_trace_and_replay_gives_every_prefix() {
    let world = world();
    let q = question("www.shop.test.", RType::A);
    let config = ResolverConfig::unbound_like().with_seed(42);
    let steps = Resolution::new(q.clone(), config).run(&world);
    let again = Resolution::new(q.clone(), config).run(&world);
    assert_eq!(trace::render(&q, &steps), trace::render(&q, &again));
    assert_eq!(steps, again);
    // Stepping back to step n is replaying n steps from the start.
    for count in 0..steps.len() {
        let mut replay = Resolution::new(q.clone(), config);
        let prefix: Vec<_> = (0..count).map(|_| replay.step(&world)).collect();
        assert_eq!(prefix, steps[..count]);
    }
    // Past the end, step() keeps returning the final step.
    let mut done = Resolution::new(q, config);
    done.run(&world);
    assert_eq!(done.step(&world), *steps.last().unwrap());
    assert_eq!(done.step(&world).index, steps.len() - 1);
}

#[test]
fn random_selection_depends_on_the_seed_only() {
    let world = world();
    let q = question("www.example.test.", RType::A);
    let first_server = |seed| {
        let config = ResolverConfig::unbound_like().with_seed(seed);
        let steps = Resolution::new(q.clone(), config).run(&world);
        steps[0].exchange().unwrap().address
    };
    let servers: std::collections::BTreeSet<_> = (0..16).map(first_server).collect();
    assert!(servers.len() > 1, "16 seeds all picked {servers:?}");
    assert_eq!(first_server(3), first_server(3));
}

#[test]
fn listed_order_asks_the_first_server_first() {
    let world = world();
    let config = ResolverConfig {
        selection: ServerSelection::ListedOrder,
        ..ResolverConfig::unbound_like()
    };
    let steps = Resolution::new(question("www.example.test.", RType::A), config).run(&world);
    let asked: Vec<String> = steps
        .iter()
        .filter_map(|s| s.exchange())
        .map(|e| e.server.to_string())
        .collect();
    assert_eq!(
        asked,
        ["a.root-servers.test.", "ns1.nic.test.", "ns1.example.test."]
    );
}

#[test]
fn round_robin_moves_on_with_each_resolution() {
    let world = world();
    let config = ResolverConfig {
        selection: ServerSelection::RoundRobin,
        ..ResolverConfig::bind_like()
    };
    let mut cache = dns_lab::sim::resolver::Cache::new();
    let mut root_servers = Vec::new();
    for name in ["www.example.test.", "news.example."] {
        let mut resolution = Resolution::with_cache(question(name, RType::A), config, cache);
        let steps = resolution.run(&world);
        root_servers.push(steps[0].exchange().unwrap().address);
        cache = resolution.into_cache();
    }
    assert_ne!(root_servers[0], root_servers[1]);
}

#[test]
fn a_second_resolution_is_a_visible_cache_hit_until_the_ttl_runs_out() {
    let world = world();
    let q = question("www.lab.example.test.", RType::A);
    let config = ResolverConfig::unbound_like();
    let mut first = Resolution::new(q.clone(), config);
    first.run(&world);
    let mut cache = first.into_cache();

    let mut second = Resolution::with_cache(q.clone(), config, cache.clone());
    let steps = second.run(&world);
    assert_eq!(second.budget().queries, 0);
    assert!(matches!(
        &steps[0].event,
        Event::CacheHit(CacheHit::Answer { records }) if records[0].ttl == 600
    ));

    // lab.example.test. has a 600-second TTL: ten minutes later the answer is
    // gone, but the delegations above it are still cached.
    cache.advance(599);
    let mut third = Resolution::with_cache(q.clone(), config, cache.clone());
    let steps = third.run(&world);
    assert!(matches!(
        &steps[0].event,
        Event::CacheHit(CacheHit::Answer { records }) if records[0].ttl == 1
    ));
    cache.advance(1);
    let mut fourth = Resolution::with_cache(q, config, cache);
    let steps = fourth.run(&world);
    assert!(matches!(
        &steps[0].event,
        Event::CacheHit(CacheHit::Delegation { cut, .. }) if *cut == n("lab.example.test.")
    ));
    assert_eq!(fourth.budget().queries, 1);
    assert!(matches!(fourth.outcome(), Some(Outcome::Answer { .. })));
}

#[test]
fn a_work_limit_is_a_visible_servfail_cause() {
    let world = world();
    let mut config = ResolverConfig::unbound_like();
    config.limits.max_queries = 2;
    let mut resolution = Resolution::new(question("www.example.test.", RType::A), config);
    let steps = resolution.run(&world);
    assert_eq!(
        resolution.outcome(),
        Some(&Outcome::failed(Failure::LimitReached(Limit::Queries)))
    );
    assert!(steps.iter().any(|s| matches!(
        &s.event,
        Event::GiveUp(Failure::LimitReached(Limit::Queries))
    )));
    assert_eq!(resolution.budget().queries, 2);
    let text = trace::render(resolution.question(), &steps);
    assert!(
        text.contains("; EDE: 0 (Other Error): (work limit max-queries reached)"),
        "{text}"
    );
}

#[test]
fn an_answer_without_aa_is_lame() {
    let q = question("www.example.test.", RType::A);
    let reply = |aa: bool, authority: Vec<Record>, answer: Vec<Record>| Reply {
        disposition: dns_lab::sim::authority::Disposition::Answer,
        zone: None,
        message: Some(Message {
            id: 1,
            aa,
            rcode: Rcode::NoError,
            question: q.clone(),
            answer,
            authority,
            additional: Vec::new(),
        }),
        wildcard: None,
    };
    let www = Record::new(n("www.example.test."), 60, RData::A([192, 0, 2, 1].into()));
    let ns = |owner: &str| Record::new(n(owner), 60, RData::NS(n("ns.example.")));
    let zone = n("example.test.");
    assert_eq!(
        classify(&q, &zone, &reply(false, vec![], vec![www.clone()]), false),
        Classification::Lame(LameReason::NotAuthoritative)
    );
    assert_eq!(
        classify(&q, &zone, &reply(true, vec![], vec![www]), false),
        Classification::Answer
    );
    assert_eq!(
        classify(&q, &zone, &reply(false, vec![ns("test.")], vec![]), false),
        Classification::Lame(LameReason::UpwardReferral { cut: n("test.") })
    );
    assert_eq!(
        classify(
            &q,
            &zone,
            &reply(false, vec![ns("example.test.")], vec![]),
            false
        ),
        Classification::Lame(LameReason::SameZoneReferral {
            cut: n("example.test.")
        })
    );
    // Unbound scrubs the NS set for the zone it asked about; what is left
    // is an empty NOERROR, which it takes as NODATA.
    assert_eq!(
        classify(
            &q,
            &zone,
            &reply(false, vec![ns("example.test.")], vec![]),
            true
        ),
        Classification::NoData
    );
    assert_eq!(
        classify(
            &q,
            &zone,
            &reply(false, vec![ns("other.example.test.")], vec![]),
            false
        ),
        Classification::Lame(LameReason::SidewaysReferral {
            cut: n("other.example.test.")
        })
    );
    assert_eq!(
        classify(
            &q,
            &zone,
            &reply(false, vec![ns("www.example.test.")], vec![]),
            false
        ),
        Classification::Referral {
            cut: n("www.example.test.")
        }
    );
}

#[test]
fn every_step_explains_itself_in_plain_words() {
    let world = world();
    let q = question("www.shop.test.", RType::A);
    let steps = Resolution::new(q, ResolverConfig::unbound_like()).run(&world);
    for step in &steps {
        assert!(
            step.explanation().len() > 40 && step.explanation().ends_with(['.', ')']),
            "step {}: {:?}",
            step.index,
            step.explanation()
        );
        // Prose drops the final dot of names: no "test.." at a sentence end.
        assert!(!step.explanation().contains(".."), "{}", step.explanation());
    }
    let lookup = steps
        .iter()
        .position(|s| matches!(s.event, Event::Lookup { .. }))
        .expect("shop.test.'s name servers have no glue");
    assert_eq!(steps[lookup].depth, 0);
    assert_eq!(steps[lookup + 1].depth, 1);
    assert!(steps[lookup].explanation().contains("ns1.hosting.example"));
}
