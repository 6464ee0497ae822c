//! Zone data that changes the answer: occluded records below a cut and
//! CNAME chains (loops, limits, chains across zones).

use super::*;

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
