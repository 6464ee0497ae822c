//! Name server names that cannot work: aliases, IP addresses written as
//! names (with and without the final dot), names without addresses.

use super::*;

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
