//! The propagation view's core: a dozen resolvers primed on the world as it
//! was, asked again against the world as it is, while the clock runs. What
//! looks like "propagation" must be exactly cache expiry.

use crate::support::n;
use dns_lab::sim::authority::Question;
use dns_lab::sim::propagation::{Answer, DEFAULT_RESOLVERS, Propagation, Via};
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::Preset;
use dns_lab::sim::scenario::{Scenario, ServerId, World};
use dns_lab::sim::scenarios::default_scenario;

fn www() -> Question {
    Question::new(n("www.example.test."), RType::A)
}

/// The default scenario with the zone text at `apex` rewritten by `edit`.
fn edited(scenario: &Scenario, apex: &str, edit: impl Fn(&str) -> String) -> Scenario {
    let mut scenario = scenario.clone();
    let apex = n(apex);
    let text = edit(scenario.copy_text(&apex, None).unwrap());
    scenario.set_copy_text(&apex, None, text).unwrap();
    scenario
}

/// The default world with www's address (the apex A record its CNAME
/// points at) changed from .80 to .81.
fn renumbered() -> World {
    edited(&default_scenario(), "example.test.", |text| {
        assert!(text.contains("IN A     198.51.100.80"));
        text.replace("IN A     198.51.100.80", "IN A     198.51.100.81")
    })
    .load()
    .unwrap()
}

fn address(address: &str) -> Answer {
    Answer::Data {
        chain: vec![n("example.test.")],
        data: vec![address.to_string()],
    }
}

/// The answer's TTL in the default scenario: www's CNAME and the apex A
/// record are both 3600 s.
const TTL: u64 = 3_600;

fn primed() -> Propagation {
    let world = default_scenario().load().unwrap();
    Propagation::prime(&world, &www(), DEFAULT_RESOLVERS, None)
}

#[test]
fn priming_makes_a_dozen_named_resolvers_of_both_kinds_with_staggered_ages() {
    let propagation = primed();
    let resolvers = propagation.resolvers();
    assert_eq!(resolvers.len(), 12);
    assert_eq!(resolvers[0].name, "Resolver A (Unbound-like, Frankfurt)");
    assert_eq!(resolvers[1].name, "Resolver B (BIND-like, São Paulo)");
    let mut names: Vec<&str> = resolvers.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 12, "every resolver has its own name");
    for preset in [Preset::UnboundLike, Preset::BindLike] {
        assert_eq!(resolvers.iter().filter(|r| r.preset == preset).count(), 6);
    }
    let mut seeds: Vec<u64> = resolvers.iter().map(|r| r.config.seed).collect();
    seeds.dedup();
    assert_eq!(seeds.len(), 12);

    // Ages: spread over 1.25 × the answer's TTL, all different.
    assert_eq!(propagation.spread(), TTL * 5 / 4);
    let mut ages: Vec<u64> = resolvers.iter().map(|r| r.age).collect();
    ages.sort_unstable();
    ages.dedup();
    assert_eq!(ages.len(), 12);
    assert_eq!(ages[0], 0, "one resolver asked just now");
    assert!(
        ages.iter().any(|&a| a >= TTL),
        "a few have let the answer go"
    );
    assert!(ages.iter().filter(|&&a| a < TTL).count() > 6);
    for r in resolvers {
        assert_eq!(r.cached, address("198.51.100.80"));
        assert_eq!(r.cache().now(), r.age, "each cache is aged by its own age");
    }
}

#[test]
fn an_unchanged_world_is_converged_from_the_start() {
    let world = default_scenario().load().unwrap();
    let propagation = primed();
    let observations = propagation.observe(&world, 0);
    assert!(observations.iter().all(|o| o.up_to_date));
    assert_eq!(propagation.converged_at(&world), Some(0));
}

#[test]
fn a_changed_address_reaches_each_resolver_when_its_cached_copy_expires() {
    let propagation = primed();
    let world = renumbered();
    let mut up_to_date_counts = Vec::new();
    for elapsed in [0, 1_800, TTL, TTL + 600] {
        let observations = propagation.observe(&world, elapsed);
        assert_eq!(observations.len(), 12);
        for (o, r) in observations.iter().zip(propagation.resolvers()) {
            assert_eq!(o.name, r.name);
            assert_eq!(o.fresh, address("198.51.100.81"), "a fresh look-up");
            let expired = r.age + elapsed >= TTL;
            assert_eq!(o.up_to_date, expired, "{} at +{elapsed}", o.name);
            if expired {
                assert_eq!(o.answer, address("198.51.100.81"));
                assert!(!o.from_cache());
                assert_eq!(o.ttl_left, Some(TTL as u32), "a full TTL again");
            } else {
                assert_eq!(o.answer, address("198.51.100.80"), "the old copy");
                assert!(o.from_cache());
                assert_eq!(o.ttl_left, Some((TTL - r.age - elapsed) as u32));
            }
        }
        up_to_date_counts.push(observations.iter().filter(|o| o.up_to_date).count());
    }
    let [at_start, middle, at_ttl, after] = up_to_date_counts[..] else {
        unreachable!()
    };
    assert!(
        at_start > 0 && at_start < 12,
        "only expired caches: {at_start}"
    );
    assert!(middle > at_start && middle < 12, "some: {middle}");
    assert_eq!(
        (at_ttl, after),
        (12, 12),
        "all once the longest copy expired"
    );
    assert_eq!((at_start, middle), (2, 7));

    let youngest = propagation.resolvers().iter().map(|r| r.age).min().unwrap();
    assert_eq!(propagation.converged_at(&world), Some(TTL - youngest));
    // converged_at agrees with observe on both sides of it.
    let converged = propagation.converged_at(&world).unwrap();
    assert!(
        propagation
            .observe(&world, converged - 1)
            .iter()
            .any(|o| !o.up_to_date)
    );
    assert!(
        propagation
            .observe(&world, converged)
            .iter()
            .all(|o| o.up_to_date)
    );
}

#[test]
fn the_same_inputs_give_the_same_resolvers_observations_and_convergence() {
    let world = renumbered();
    assert_eq!(primed(), primed());
    let propagation = primed();
    assert_eq!(
        propagation.observe(&world, 1_234),
        primed().observe(&world, 1_234)
    );
    assert_eq!(
        propagation.converged_at(&world),
        primed().converged_at(&world)
    );
}

#[test]
fn a_removed_name_stays_answered_until_the_old_data_expires_then_nxdomain() {
    let propagation = primed();
    let world = edited(&default_scenario(), "example.test.", |text| {
        text.lines()
            .filter(|line| !line.starts_with("www "))
            .map(|line| format!("{line}\n"))
            .collect()
    })
    .load()
    .unwrap();
    for elapsed in [0, 1_800, TTL] {
        for (o, r) in propagation
            .observe(&world, elapsed)
            .iter()
            .zip(propagation.resolvers())
        {
            assert_eq!(o.fresh, Answer::NxDomain { chain: vec![] });
            if r.age + elapsed >= TTL {
                assert!(o.up_to_date);
                assert_eq!(o.answer, Answer::NxDomain { chain: vec![] });
                // Negative TTL: min(SOA TTL 3600, MINIMUM 300), RFC 2308 §5.
                assert_eq!(o.ttl_left, Some(300));
            } else {
                assert!(!o.up_to_date, "{} still has the address", o.name);
                assert_eq!(o.answer, address("198.51.100.80"));
            }
        }
    }
    assert_eq!(propagation.converged_at(&world), Some(TTL));
}

#[test]
fn a_name_added_after_an_nxdomain_waits_for_the_negative_ttl() {
    let before = default_scenario().load().unwrap();
    let question = Question::new(n("new.example.test."), RType::A);
    let propagation = Propagation::prime(&before, &question, 12, None);
    // Negative TTL: the lesser of the SOA's TTL (3600) and MINIMUM (300).
    const NEGATIVE_TTL: u64 = 300;
    assert_eq!(propagation.spread(), NEGATIVE_TTL * 5 / 4);
    for r in propagation.resolvers() {
        assert_eq!(r.cached, Answer::NxDomain { chain: vec![] });
    }
    let after = edited(&default_scenario(), "example.test.", |text| {
        format!("{text}new      IN A     198.51.100.99\n")
    })
    .load()
    .unwrap();
    let new = Answer::Data {
        chain: vec![],
        data: vec!["198.51.100.99".into()],
    };
    let mut stale = 0;
    for elapsed in [0, 150, NEGATIVE_TTL] {
        for (o, r) in propagation
            .observe(&after, elapsed)
            .iter()
            .zip(propagation.resolvers())
        {
            assert_eq!(o.fresh, new);
            if r.age + elapsed >= NEGATIVE_TTL {
                assert!(o.up_to_date);
                assert_eq!(o.answer, new);
            } else {
                stale += 1;
                assert!(!o.up_to_date);
                assert!(o.from_cache(), "the NXDOMAIN comes from the cache");
                assert_eq!(o.answer, Answer::NxDomain { chain: vec![] });
                assert_eq!(
                    o.ttl_left,
                    Some((NEGATIVE_TTL - r.age - elapsed) as u32),
                    "it asks again when the negative entry expires"
                );
            }
        }
    }
    assert!(stale > 0);
    assert_eq!(propagation.converged_at(&after), Some(NEGATIVE_TTL));
}

#[test]
fn after_a_name_server_change_resolvers_ask_the_old_servers_until_the_delegation_expires() {
    // Move example.test. to the hosting provider: its servers load the new
    // text (with a new address), the registrar's NS records in test. point
    // at them, and the old servers keep serving their own old copy.
    let mut scenario = default_scenario();
    let apex = n("example.test.");
    for old in ["ns1-example-test", "ns2-example-test"] {
        scenario
            .set_diverged(&ServerId::from(old), &apex, true)
            .unwrap();
    }
    for new in ["ns1-hosting", "ns2-hosting"] {
        scenario
            .set_loads(&ServerId::from(new), &apex, true)
            .unwrap();
    }
    let scenario = edited(&scenario, "example.test.", |text| {
        text.replace("IN A     198.51.100.80", "IN A     198.51.100.81")
            .replace("IN NS    ns1\n", "IN NS    ns1.hosting.example.\n")
            .replace("IN NS    ns2\n", "IN NS    ns2.hosting.example.\n")
    });
    let scenario = edited(&scenario, "test.", |text| {
        text.lines()
            .filter(|l| !l.starts_with("ns1.example") && !l.starts_with("ns2.example"))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            .replace("IN NS   ns1.example.test.", "IN NS   ns1.hosting.example.")
            .replace("IN NS   ns2.example.test.", "IN NS   ns2.hosting.example.")
    });
    let world = scenario.load().unwrap();
    let propagation = primed();

    // The parent's NS set for example.test. has a TTL of 86400 s.
    const DELEGATION_TTL: u64 = 86_400;
    for elapsed in [0, 7_200] {
        for (o, r) in propagation
            .observe(&world, elapsed)
            .iter()
            .zip(propagation.resolvers())
        {
            assert_eq!(o.fresh, address("198.51.100.81"));
            assert!(!o.up_to_date, "{} at +{elapsed}", o.name);
            assert_eq!(o.answer, address("198.51.100.80"));
            if !o.from_cache() {
                // Its answer expired: it asked the old servers it remembers.
                assert_eq!(
                    o.via,
                    Via::CachedDelegation {
                        zone: apex.clone(),
                        ns_ttl_left: (DELEGATION_TTL - r.age - elapsed) as u32,
                    },
                    "{}",
                    o.name
                );
            }
        }
    }
    let youngest = propagation.resolvers().iter().map(|r| r.age).min().unwrap();
    assert_eq!(
        propagation.converged_at(&world),
        Some(DELEGATION_TTL - youngest)
    );
    // The youngest copy of the old delegation is the last to go.
    let last = DELEGATION_TTL - youngest;
    assert!(
        propagation
            .observe(&world, last - 1)
            .iter()
            .any(|o| !o.up_to_date)
    );
    let later = propagation.observe(&world, last);
    assert!(later.iter().all(|o| o.up_to_date && !o.from_cache()));
}

#[test]
fn resolvers_that_never_agree_have_no_convergence_time() {
    // Two servers of example.test. that answer differently (a stale
    // secondary): resolvers that start at different servers disagree
    // however long one waits.
    let mut scenario = default_scenario();
    let apex = n("example.test.");
    let stale = ServerId::from("ns2-example-test");
    scenario.set_diverged(&stale, &apex, true).unwrap();
    let text = scenario
        .copy_text(&apex, Some(&stale))
        .unwrap()
        .replace("IN A     198.51.100.80", "IN A     198.51.100.79");
    scenario.set_copy_text(&apex, Some(&stale), text).unwrap();
    let world = scenario.load().unwrap();
    let propagation = primed();
    let fresh = propagation.fresh_answers(&world);
    let mut kinds: Vec<&Answer> = fresh.iter().collect();
    kinds.sort_by_key(|a| a.to_string());
    kinds.dedup();
    assert_eq!(
        kinds,
        [&address("198.51.100.79"), &address("198.51.100.80")],
        "fresh resolvers reach either server"
    );
    assert_eq!(propagation.converged_at(&world), None);
    // Long after every cached entry expired, some still disagree.
    let longest = propagation
        .resolvers()
        .iter()
        .flat_map(|r| r.cache().rows())
        .map(|row| u64::from(row.ttl_left))
        .max()
        .unwrap();
    assert!(
        propagation
            .observe(&world, longest + 1)
            .iter()
            .any(|o| !o.up_to_date)
    );
}
