//! What the cache changes: a name server reachable only over IPv6 while
//! its missing A record is cached, and negative caching.

use super::*;

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
