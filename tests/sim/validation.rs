//! The validating resolver (RFC 4035 §5): every outcome of RFC 4035 §4.3
//! with the Extended DNS Error of each break (RFC 8914), the validator's
//! own DNSKEY and DS queries as steps, and their caching.

use crate::support::n;
use crate::support::signed::{all_signed, broken, date, signed_world};
use dns_lab::sim::authority::Question;
use dns_lab::sim::dnssec::validate::{Problem, Security};
use dns_lab::sim::dnssec::{Algorithm, Denial, RustCrypto};
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{
    Cache, Check, Event, Failure, Outcome, Preset, Resolution, ResolverConfig, Step,
};
use dns_lab::sim::scenario::{Scenario, World};
use dns_lab::sim::scenarios::built_in;
use std::rc::Rc;

fn nsec3() -> Denial {
    Denial::NSEC3 {
        iterations: 0,
        salt: String::new(),
    }
}

struct Resolved {
    outcome: Outcome,
    security: Option<Security>,
    steps: Vec<Step>,
    cache: Cache,
}

fn resolve_with(world: &World, name: &str, rtype: RType, preset: Preset, cache: Cache) -> Resolved {
    let config = ResolverConfig::preset(preset).with_validation(true);
    let mut resolution = Resolution::with_cache(Question::new(n(name), rtype), config, cache)
        .validating_with(Rc::new(RustCrypto));
    let steps = resolution.run(world);
    Resolved {
        outcome: resolution.outcome().unwrap().clone(),
        security: resolution.security().cloned(),
        steps,
        cache: resolution.into_cache(),
    }
}

fn resolve(world: &World, name: &str, rtype: RType, preset: Preset) -> Resolved {
    resolve_with(world, name, rtype, preset, Cache::new())
}

fn bogus_problem(resolved: &Resolved) -> &Problem {
    match &resolved.outcome {
        Outcome::ServFail {
            failure: Failure::Bogus(problem),
            ..
        } => problem,
        other => panic!("expected a bogus SERVFAIL, got {other:?}"),
    }
}

fn checks(steps: &[Step]) -> Vec<&Check> {
    steps
        .iter()
        .filter_map(|s| match &s.event {
            Event::Check(check) => Some(check.as_ref()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_signed_world_validates_answers_nodata_and_nxdomain_as_secure() {
    for (algorithm, denial) in [
        (Algorithm::EcdsaP256Sha256, Denial::NSEC),
        (Algorithm::Ed25519, nsec3()),
    ] {
        let world = signed_world(algorithm, denial.clone()).load().unwrap();
        for preset in Preset::ALL {
            let context = format!("{algorithm:?} {denial:?} {preset}");
            let answer = resolve(&world, "www.example.test.", RType::A, preset);
            assert!(
                matches!(&answer.outcome, Outcome::Answer { answer } if !answer.is_empty()),
                "{context}: {:?}",
                answer.outcome
            );
            assert_eq!(answer.security, Some(Security::Secure), "{context}");
            let nodata = resolve(&world, "www.example.test.", RType::TXT, preset);
            assert!(
                matches!(nodata.outcome, Outcome::NoData { .. }),
                "{context}"
            );
            assert_eq!(nodata.security, Some(Security::Secure), "{context}");
            let nxdomain = resolve(&world, "nothing.example.test.", RType::A, preset);
            assert!(
                matches!(nxdomain.outcome, Outcome::NXDomain { .. }),
                "{context}: {:?}",
                nxdomain.outcome
            );
            assert_eq!(nxdomain.security, Some(Security::Secure), "{context}");
            // The unsigned dnshost.test. under a signed test.: insecure,
            // proved by test.'s NSEC or NSEC3 record at the cut.
            let insecure = resolve(&world, "ns1.dnshost.test.", RType::A, preset);
            assert!(
                matches!(insecure.outcome, Outcome::Answer { .. }),
                "{context}"
            );
            assert_eq!(insecure.security, Some(Security::Insecure), "{context}");
        }
    }
}

#[test]
fn wildcards_empty_non_terminals_and_aliases_into_unsigned_zones() {
    for denial in [Denial::NSEC, nsec3()] {
        let world = signed_world(Algorithm::EcdsaP256Sha256, denial.clone())
            .load()
            .unwrap();
        let wild = resolve(
            &world,
            "any.wild.example.test.",
            RType::A,
            Preset::UnboundLike,
        );
        assert!(matches!(wild.outcome, Outcome::Answer { .. }), "{denial:?}");
        assert_eq!(wild.security, Some(Security::Secure), "{denial:?}");
        let data = checks(&wild.steps)
            .into_iter()
            .find_map(|c| match c {
                Check::Data {
                    signatures, denial, ..
                } => Some((signatures.clone(), denial.clone())),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            data.0[0].wildcard,
            Some(n("*.wild.example.test.")),
            "the RRSIG was made for the wildcard"
        );
        assert!(data.1.is_some(), "the name's absence is proved");
        let ent = resolve(&world, "ent.example.test.", RType::A, Preset::BindLike);
        assert!(matches!(ent.outcome, Outcome::NoData { .. }), "{denial:?}");
        assert_eq!(ent.security, Some(Security::Secure), "{denial:?}");
        // A signed CNAME whose target lies in an unsigned zone.
        let alias = resolve(&world, "alias.example.test.", RType::A, Preset::UnboundLike);
        assert!(matches!(&alias.outcome, Outcome::Answer { answer } if answer.len() == 2));
        assert_eq!(alias.security, Some(Security::Insecure), "{denial:?}");
    }
}

#[test]
fn a_wildcard_answer_without_its_proof_is_bogus() {
    let world = broken("dnssec-no-nsec").load().unwrap();
    let resolved = resolve(
        &world,
        "any.wild.example.test.",
        RType::A,
        Preset::UnboundLike,
    );
    assert!(matches!(
        bogus_problem(&resolved),
        Problem::NoWildcardProof { .. }
    ));
    assert_eq!(bogus_problem(&resolved).extended_error().0, 12);
    let nxdomain = resolve(
        &world,
        "nothing.example.test.",
        RType::A,
        Preset::UnboundLike,
    );
    assert!(matches!(
        bogus_problem(&nxdomain),
        Problem::NoNameProof { .. }
    ));
}

#[test]
fn the_validator_fetches_each_zones_keys_and_ds_as_steps_of_their_own() {
    let world = all_signed().load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::UnboundLike);
    let fetched: Vec<(Name, RType)> = checks(&resolved.steps)
        .into_iter()
        .filter_map(|c| match c {
            Check::Fetch { zone, rtype } => Some((zone.clone(), *rtype)),
            _ => None,
        })
        .collect();
    assert_eq!(
        fetched,
        vec![
            // The DS comes first: its signer says which zone is the parent,
            // whose keys must be trusted first, and so on up to the root.
            (n("example.test."), RType::DS),
            (n("test."), RType::DS),
            (Name::root(), RType::DNSKEY),
            (n("test."), RType::DNSKEY),
            (n("example.test."), RType::DNSKEY),
        ]
    );
    // Each fetch is a query of its own, DO set: the DNSKEY RRset comes
    // with its RRSIGs.
    let dnskey_query = resolved
        .steps
        .iter()
        .filter_map(Step::exchange)
        .find(|e| e.query.rtype == RType::DNSKEY && e.query.name == n("example.test."))
        .expect("a DNSKEY query");
    let response = dnskey_query.response.as_ref().unwrap();
    assert!(response.answer.iter().any(|r| r.rtype() == RType::RRSIG));
    // The narration says what each step checked.
    let words: Vec<String> = resolved.steps.iter().map(Step::explanation).collect();
    let all = words.join("\n");
    assert!(all.contains("is the trust anchor"), "{all}");
    assert!(all.contains("The DS RRset of example.test"), "{all}");
    assert!(all.contains("The answer is secure"), "{all}");
    // The trace's answer to the client carries the AD flag.
    let trace = dns_lab::sim::resolver::trace::render(
        &Question::new(n("www.example.test."), RType::A),
        &resolved.steps,
    );
    assert!(trace.contains(";; flags: qr rd ra ad;"), "{trace}");
    let done = resolved.steps.last().unwrap();
    assert_eq!(done.security, Some(Security::Secure));
    assert!(
        done.explanation()
            .contains("DNSSEC: secure, with the AD flag.")
    );

    // A second question finds the keys cached: no fetch at all.
    let again = resolve_with(
        &world,
        "example.test.",
        RType::MX,
        Preset::UnboundLike,
        resolved.cache,
    );
    assert_eq!(again.security, Some(Security::Secure));
    assert!(
        !checks(&again.steps)
            .iter()
            .any(|c| matches!(c, Check::Fetch { .. })),
        "{:?}",
        checks(&again.steps)
    );
}

#[test]
fn the_old_providers_ds_makes_every_answer_bogus_with_dnskey_missing() {
    let world = broken("dnssec-old-ds").load().unwrap();
    for preset in Preset::ALL {
        let resolved = resolve(&world, "www.example.test.", RType::A, preset);
        let problem = bogus_problem(&resolved);
        assert_eq!(problem.extended_error().0, 9, "{problem:?}");
        assert!(matches!(problem, Problem::NoKeyForDs { .. }));
        assert!(resolved.security.as_ref().is_some_and(Security::is_bogus));
        // The rest of the world is unaffected.
        let fine = resolve(&world, "ns1.dnshost.test.", RType::A, preset);
        assert_eq!(fine.security, Some(Security::Insecure));
    }
}

#[test]
fn expired_signatures_are_bogus_with_signature_expired() {
    let world = broken("dnssec-expired").load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::BindLike);
    assert_eq!(bogus_problem(&resolved).extended_error().0, 7);
}

#[test]
fn signatures_from_the_future_are_bogus_with_not_yet_valid() {
    let world = broken("dnssec-not-yet-valid").load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::UnboundLike);
    assert_eq!(bogus_problem(&resolved).extended_error().0, 8);
}

#[test]
fn dnssec_turned_off_at_the_host_while_the_ds_stays_is_dnskey_missing() {
    let world = broken("dnssec-ds-kept").load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::BindLike);
    assert!(matches!(bogus_problem(&resolved), Problem::NoDnskey { .. }));
    assert_eq!(bogus_problem(&resolved).extended_error().0, 9);
}

#[test]
fn a_missing_rrsig_is_bogus_with_rrsigs_missing_and_spares_other_rrsets() {
    let world = broken("dnssec-missing-rrsig").load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::UnboundLike);
    assert_eq!(bogus_problem(&resolved).extended_error().0, 10);
    let mx = resolve(&world, "example.test.", RType::MX, Preset::UnboundLike);
    assert_eq!(mx.security, Some(Security::Secure));
}

#[test]
fn an_unsigned_world_is_indeterminate_and_answers_as_without_validation() {
    let world = built_in("healthy-delegation").unwrap().load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::UnboundLike);
    assert_eq!(resolved.security, Some(Security::Indeterminate));
    let mut plain = Resolution::new(
        Question::new(n("www.example.test."), RType::A),
        ResolverConfig::unbound_like(),
    );
    plain.run(&world);
    assert_eq!(Some(&resolved.outcome), plain.outcome());
    assert_eq!(plain.security(), None, "no validation, no verdict");
}

#[test]
fn a_ds_change_takes_effect_only_when_the_cached_ds_expires() {
    let good = all_signed();
    let good_world = good.load().unwrap();
    let first = resolve(
        &good_world,
        "www.example.test.",
        RType::A,
        Preset::UnboundLike,
    );
    assert_eq!(first.security, Some(Security::Secure));

    // The registrar now publishes a DS for another key.
    let mut broken = good.clone();
    let apex = n("example.test.");
    let other = {
        let mut elsewhere = good.clone();
        elsewhere
            .sign_zone(
                &apex,
                Algorithm::EcdsaP256Sha256,
                Denial::NSEC,
                date().after(60),
                &RustCrypto,
            )
            .unwrap();
        Scenario::ds_for_child(&elsewhere.load().unwrap(), &apex)
    };
    broken.set_ds(&apex, &other, date(), &RustCrypto).unwrap();
    let broken_world = broken.load().unwrap();

    // The cached answer and keys still stand: a minute later, still secure.
    let mut cache = first.cache;
    cache.advance(60);
    let cached = resolve_with(
        &broken_world,
        "www.example.test.",
        RType::A,
        Preset::UnboundLike,
        cache.clone(),
    );
    assert_eq!(cached.security, Some(Security::Secure));

    // Once the answer, the keys and the DS have expired (the DS TTL is
    // the parent's, a day at most here), the new DS counts.
    cache.advance(86_400);
    let later = resolve_with(
        &broken_world,
        "www.example.test.",
        RType::A,
        Preset::UnboundLike,
        cache,
    );
    assert_eq!(bogus_problem(&later).extended_error().0, 9);
    // The bogus answer is remembered for BOGUS_TTL: asked again at once, it
    // is SERVFAIL from the cache, with no query sent.
    let again = resolve_with(
        &broken_world,
        "www.example.test.",
        RType::A,
        Preset::UnboundLike,
        later.cache,
    );
    assert_eq!(bogus_problem(&again).extended_error().0, 9);
    assert!(again.steps.iter().all(|s| s.exchange().is_none()));
}

#[test]
fn the_real_root_zone_validates_with_its_own_rsa_ksk_at_its_date() {
    let world = built_in(dns_lab::sim::scenarios::REAL_ROOT_ZONE)
        .unwrap()
        .load()
        .unwrap();
    // The root's keys (RSA/SHA-256, algorithm 8): its KSK is the anchor,
    // and the apex's RRsets verify with its ZSK.
    let soa = resolve(&world, ".", RType::SOA, Preset::UnboundLike);
    assert!(
        matches!(soa.outcome, Outcome::Answer { .. }),
        "{:?}",
        soa.outcome
    );
    assert_eq!(soa.security, Some(Security::Secure));
    let words: Vec<String> = soa.steps.iter().map(Step::explanation).collect();
    assert!(
        words
            .iter()
            .any(|w| w.contains("key 20326 (algorithm 8) is the trust anchor")),
        "{words:?}"
    );
    // The shipped copy keeps only the apex's RRSIGs (its header says so):
    // below the apex, the missing signatures are found, as a validator
    // given this copy would.
    let ds = resolve(&world, "com.", RType::DS, Preset::BindLike);
    assert!(matches!(bogus_problem(&ds), Problem::NoSignature { .. }));
}

#[test]
fn the_trust_anchor_is_a_scenario_setting_as_dnskey_or_ds_text() {
    use dns_lab::sim::dnssec::anchor::trust_anchors;
    use dns_lab::sim::scenario::{ScenarioError, ScenarioProblem};
    let scenario = all_signed();
    let world = scenario.load().unwrap();
    let ksk = trust_anchors(world.zone(&Name::root()).unwrap(), date())
        .remove(0)
        .to_string();
    let ds = Scenario::ds_for_child(&world, &Name::root())
        .remove(0)
        .to_string();

    // The root's KSK as a DNSKEY, or its DS: both anchor the same chain.
    for anchor in [&ksk, &ds] {
        let mut anchored = scenario.clone();
        anchored.trust_anchor = Some(format!("; the root's key\n{anchor}\n"));
        let world = anchored.load().unwrap();
        let resolved = resolve(&world, "www.example.test.", RType::A, Preset::UnboundLike);
        assert_eq!(resolved.security, Some(Security::Secure), "{anchor}");
    }

    // The key of a root the world used to have: nothing validates.
    let mut rekeyed = scenario.clone();
    rekeyed
        .sign_zone(
            &Name::root(),
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            date().after(60),
            &RustCrypto,
        )
        .unwrap();
    rekeyed.trust_anchor = Some(ksk.clone());
    let world = rekeyed.load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::BindLike);
    assert!(matches!(bogus_problem(&resolved), Problem::NoKeyForAnchor));
    assert_eq!(bogus_problem(&resolved).extended_error().0, 9);

    // Text that is not the root's DNSKEY or DS is a load error with its line.
    let mut wrong = scenario.clone();
    wrong.trust_anchor = Some(format!("{ksk}\nexample.test. 3600 IN A 192.0.2.1\n"));
    match wrong.load() {
        Err(ScenarioError::Invalid(problems)) => assert!(
            problems.iter().any(|p| matches!(
                p,
                ScenarioProblem::TrustAnchor { line: 2, message } if message.contains("DNSKEY or DS record of the root")
            )),
            "{problems:?}"
        ),
        other => panic!("{other:?}"),
    }
    // It survives the scenario's JSON.
    let mut kept = scenario;
    kept.trust_anchor = Some(ds);
    assert_eq!(Scenario::from_json(&kept.to_json()).unwrap(), kept);
}

#[test]
fn a_signature_that_does_not_verify_is_bogus_with_dnssec_bogus() {
    // www's RRSIG A with one octet of its signature changed: the fields
    // fit, the key is there, the arithmetic says no.
    let mut scenario = all_signed();
    let signing = scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == n("example.test."))
        .and_then(|z| z.signing.as_mut())
        .unwrap();
    signing.maintained = false;
    let mut changed = false;
    signing.output = signing
        .output
        .lines()
        .map(|line| {
            if !changed && line.starts_with("www.example.test.") && line.contains("RRSIG\tA ") {
                changed = true;
                // The base64 signature ends the line: swap its first letter.
                let at = line.rfind(' ').unwrap() + 1;
                let first = &line[at..at + 1];
                let other = if first == "A" { "B" } else { "A" };
                format!("{}{other}{}\n", &line[..at], &line[at + 1..])
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(changed);
    let world = scenario.load().unwrap();
    let resolved = resolve(&world, "www.example.test.", RType::A, Preset::UnboundLike);
    assert!(
        matches!(bogus_problem(&resolved), Problem::BadSignature { .. }),
        "{:?}",
        resolved.outcome
    );
    assert_eq!(
        bogus_problem(&resolved).extended_error(),
        (6, "DNSSEC Bogus")
    );
    // Checking disabled would hand the data over; the MX beside it is fine.
    let mx = resolve(&world, "example.test.", RType::MX, Preset::UnboundLike);
    assert_eq!(mx.security, Some(Security::Secure));
}
