//! The DNSSEC findings: each break of the chain of trust named, located,
//! with its references, and its severity as a validating resolver confirms
//! it (an error exactly when validators answer SERVFAIL).

use crate::support::n;
use crate::support::signed::{all_signed, broken, date, dnssec_at, signed, with_new_keys};
use dns_lab::sim::authority::Question;
use dns_lab::sim::diagnose::{diagnose, diagnose_with};
use dns_lab::sim::dnssec::validate::Security;
use dns_lab::sim::dnssec::{Algorithm, Denial, RustCrypto};
use dns_lab::sim::finding::{Finding, FindingKind, Severity};
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Cache, Preset, Resolution, ResolverConfig};
use dns_lab::sim::scenario::{Scenario, World};
use std::rc::Rc;

const DNSSEC_KINDS: [FindingKind; 7] = [
    FindingKind::DsMatchesNoKey,
    FindingKind::DsForUnsignedZone,
    FindingKind::KeysNotSignedByDsKey,
    FindingKind::MissingSignatures,
    FindingKind::SignaturesExpired,
    FindingKind::SignaturesNotYetValid,
    FindingKind::BrokenDenial,
];

fn findings_at(scenario: &Scenario, clock: u64) -> Vec<Finding> {
    let world = scenario.load().unwrap();
    diagnose_with(&world, &Hierarchy::build(&world), Some(&dnssec_at(clock)))
        .into_iter()
        .filter(|f| DNSSEC_KINDS.contains(&f.kind))
        .collect()
}

fn findings(scenario: &Scenario) -> Vec<Finding> {
    findings_at(scenario, 0)
}

fn only(findings: &[Finding], kind: FindingKind) -> &Finding {
    let of_kind: Vec<&Finding> = findings.iter().filter(|f| f.kind == kind).collect();
    assert_eq!(of_kind.len(), 1, "{findings:#?}");
    of_kind[0]
}

/// What a validating resolver makes of `name`/`rtype` at `clock`.
fn security(world: &World, name: &str, rtype: RType, clock: u64) -> Option<Security> {
    let mut cache = Cache::new();
    cache.advance(clock);
    let config = ResolverConfig::preset(Preset::UnboundLike).with_validation(true);
    let mut resolution = Resolution::with_cache(Question::new(n(name), rtype), config, cache)
        .validating_with(Rc::new(RustCrypto));
    resolution.run(world);
    resolution.security().cloned()
}

#[test]
fn a_healthy_signed_world_has_no_dnssec_findings_and_without_crypto_none_are_sought() {
    assert_eq!(findings(&all_signed()), Vec::new());
    let mut broken = all_signed();
    broken.stop_signing(&n("example.test.")).unwrap();
    assert!(
        diagnose(&broken.load().unwrap())
            .iter()
            .all(|f| !DNSSEC_KINDS.contains(&f.kind)),
        "diagnose without the cryptography runs no DNSSEC check"
    );
}

#[test]
fn the_old_providers_ds_is_an_error_validators_confirm() {
    let scenario = broken("dnssec-old-ds");
    let found = findings(&scenario);
    let finding = only(&found, FindingKind::DsMatchesNoKey);
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.zones, [n("example.test.")]);
    assert!(
        finding.title.contains("matches no key the zone publishes"),
        "{}",
        finding.title
    );
    assert!(
        finding.consequence.contains("SERVFAIL"),
        "{}",
        finding.consequence
    );
    assert!(
        finding.consequence.contains("Extended DNS Error 9"),
        "{}",
        finding.consequence
    );
    assert_eq!(finding.records.len(), 1, "the stale DS, at test.");
    assert_eq!(finding.records[0].0, n("test."));
    let refs = finding.references();
    assert_eq!(refs.rfc, "RFC 4035 §5.2");
    assert_eq!(refs.zonemaster, Some("DNSSEC02 DS02_NO_DNSKEY_FOR_DS"));
    let world = scenario.load().unwrap();
    assert!(security(&world, "example.test.", RType::SOA, 0).is_some_and(|s| s.is_bogus()));
}

#[test]
fn a_stale_ds_beside_a_good_one_is_a_warning() {
    let mut scenario = all_signed();
    let apex = n("example.test.");
    let good = Scenario::ds_for_child(&scenario.load().unwrap(), &apex);
    let mut elsewhere = scenario.clone();
    elsewhere
        .sign_zone(
            &apex,
            Algorithm::Ed25519,
            Denial::NSEC,
            date().after(60),
            &RustCrypto,
        )
        .unwrap();
    let stale = Scenario::ds_for_child(&elsewhere.load().unwrap(), &apex);
    let both: Vec<_> = good.into_iter().chain(stale).collect();
    scenario.set_ds(&apex, &both, date(), &RustCrypto).unwrap();
    let found = findings(&scenario);
    let finding = only(&found, FindingKind::DsMatchesNoKey);
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.title.contains("algorithm 15"), "{}", finding.title);
    let world = scenario.load().unwrap();
    assert_eq!(
        security(&world, "www.example.test.", RType::A, 0),
        Some(Security::Secure)
    );
}

#[test]
fn dnssec_turned_off_with_the_ds_kept_is_an_error() {
    let found = findings(&broken("dnssec-ds-kept"));
    let finding = only(&found, FindingKind::DsForUnsignedZone);
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.fix.explanation.contains("Remove the DS records"));
    assert_eq!(found.len(), 1, "{found:#?}");
}

#[test]
fn a_break_below_an_unsigned_parent_is_a_warning_validators_do_not_reach() {
    // The root and test. unsigned: example.test.'s DS at test. is never
    // checked, so a stale one breaks nothing yet.
    let scenario = with_new_keys(signed(&["example.test."]));
    let found = findings(&scenario);
    let finding = only(&found, FindingKind::DsMatchesNoKey);
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.consequence.contains("do not reach this break yet"));
    let world = scenario.load().unwrap();
    assert_eq!(
        security(&world, "www.example.test.", RType::A, 0),
        Some(Security::Indeterminate)
    );
}

#[test]
fn signatures_expire_on_the_clock_when_the_signer_stopped() {
    let mut scenario = all_signed();
    scenario
        .set_signer_running(&n("example.test."), false)
        .unwrap();
    assert_eq!(findings(&scenario), Vec::new(), "valid at the world's date");
    let month = 30 * 86_400;
    // A month on, the running signers (the root's, test.'s) have renewed
    // their signatures; example.test.'s has not.
    let mut later = scenario.clone();
    later.keep_all_signed(&scenario, date().after(month), &RustCrypto);
    let scenario = later;
    let found = findings_at(&scenario, month);
    let finding = only(&found, FindingKind::SignaturesExpired);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.title.contains("Signatures expired"),
        "{}",
        finding.title
    );
    assert!(
        finding.consequence.contains("Extended DNS Error 7"),
        "{}",
        finding.consequence
    );
    let world = scenario.load().unwrap();
    assert!(security(&world, "www.example.test.", RType::A, month).is_some_and(|s| s.is_bogus()));
}

#[test]
fn signatures_made_with_a_fast_clock_are_not_yet_valid() {
    let found = findings(&broken("dnssec-not-yet-valid"));
    let finding = only(&found, FindingKind::SignaturesNotYetValid);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.consequence.contains("Extended DNS Error 8"),
        "{}",
        finding.consequence
    );
}

#[test]
fn an_rrset_without_its_signature_is_named() {
    let scenario = broken("dnssec-missing-rrsig");
    let found = findings(&scenario);
    let finding = only(&found, FindingKind::MissingSignatures);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.title.contains("www.example.test A"),
        "{}",
        finding.title
    );
    assert!(
        finding.consequence.contains("Extended DNS Error 10"),
        "{}",
        finding.consequence
    );
}

#[test]
fn a_zone_without_its_nsec_chain_cannot_prove_absence() {
    let scenario = broken("dnssec-no-nsec");
    let found = findings(&scenario);
    let finding = only(&found, FindingKind::BrokenDenial);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.consequence.contains("Extended DNS Error 12"),
        "{}",
        finding.consequence
    );
    assert!(
        found
            .iter()
            .all(|f| f.kind != FindingKind::MissingSignatures),
        "no RRset lost its signature: {found:#?}"
    );
}

#[test]
fn each_dnssec_fix_carries_its_signatures_and_mends_the_chain() {
    let month = 30 * 86_400;
    let mut expiring = all_signed();
    expiring
        .set_signer_running(&n("example.test."), false)
        .unwrap();
    let mut later = expiring.clone();
    later.keep_all_signed(&expiring, date().after(month), &RustCrypto);
    let cases = [
        ("old DS", broken("dnssec-old-ds"), 0),
        ("DS kept", broken("dnssec-ds-kept"), 0),
        ("expired", later, month),
        ("missing RRSIG", broken("dnssec-missing-rrsig"), 0),
        ("no NSEC", broken("dnssec-no-nsec"), 0),
    ];
    for (label, scenario, clock) in cases {
        let found = findings_at(&scenario, clock);
        assert!(!found.is_empty(), "{label}");
        for finding in &found {
            assert!(
                !finding.fix.edits.is_empty(),
                "{label}: {} has only advice",
                finding.title
            );
            // The fix applies as data: no signing happens on the way.
            let fixed = finding.fix.apply(&scenario).unwrap();
            let after = findings_at(&fixed, clock);
            assert!(
                after.iter().all(|f| f.kind != finding.kind),
                "{label}: {:?} still there after its fix: {after:#?}",
                finding.kind
            );
            let world = fixed.load().unwrap();
            let verdict = security(&world, "www.example.test.", RType::A, clock);
            assert!(
                matches!(verdict, Some(Security::Secure | Security::Insecure)),
                "{label}: after the fix, {verdict:?}"
            );
        }
    }
}

#[test]
fn the_ds_of_the_zone_signing_key_vouches_for_a_key_that_does_not_sign_the_keys() {
    let scenario = broken("dnssec-zsk-ds");
    let found = findings(&scenario);
    let finding = only(&found, FindingKind::KeysNotSignedByDsKey);
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        finding.references().zonemaster,
        Some("DNSSEC02 DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS")
    );
    let fixed = finding.fix.apply(&scenario).unwrap();
    assert_eq!(findings(&fixed), Vec::new());
    let world = fixed.load().unwrap();
    assert_eq!(
        security(&world, "www.example.test.", RType::A, 0),
        Some(Security::Secure)
    );
}

#[test]
fn a_large_zones_fix_is_advice_so_diagnosis_stays_quick() {
    use dns_lab::sim::diagnose::LARGEST_ZONE_RESIGNED_IN_A_FIX;
    // example.test. grown past the limit, then its RRSIG over www's A lost.
    let mut scenario = all_signed();
    let apex = n("example.test.");
    let source = scenario.zones.iter_mut().find(|z| z.apex == apex).unwrap();
    for i in 0..LARGEST_ZONE_RESIGNED_IN_A_FIX {
        source
            .text
            .push_str(&format!("host{i} IN A 198.51.100.{}\n", i % 250 + 1));
    }
    scenario.resign_zone(&apex, date(), &RustCrypto).unwrap();
    let signing = scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == apex)
        .and_then(|z| z.signing.as_mut())
        .unwrap();
    signing.maintained = false;
    signing.output = signing
        .output
        .lines()
        .filter(|line| !(line.starts_with("www.example.test.") && line.contains("RRSIG\tA ")))
        .map(|line| format!("{line}\n"))
        .collect();
    let found = findings(&scenario);
    let finding = only(&found, FindingKind::MissingSignatures);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.fix.edits.is_empty(),
        "{:?}",
        finding.fix.edits.len()
    );
    assert!(finding.fix.explanation.starts_with("Re-sign example.test"));
}
