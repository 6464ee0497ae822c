//! Glue in a referral: missing, wrong, partial, unrelated and sibling
//! glue, and which of it a resolver believes (RFC 9471).

use super::*;

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
