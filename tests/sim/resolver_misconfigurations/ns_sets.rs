//! A delegation whose two NS sets differ (`ns_mismatch`): the parent's
//! set until the zone's own is cached, then the zone's own, by preset.

use super::*;

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
