//! Signed worlds for the DNSSEC tests: the healthy delegation signed with
//! each DS at its parent, and the same world broken each way a chain of
//! trust breaks.

use super::n;
use dns_lab::sim::diagnose::Dnssec;
use dns_lab::sim::dnssec::{Algorithm, Denial, RustCrypto, UtcTime};
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::scenarios::built_in;
use std::rc::Rc;

/// The date the signed worlds have.
pub fn date() -> UtcTime {
    UtcTime::parse("2026-03-01T12:00:00Z").unwrap()
}

/// The healthy delegation dated [`date`], with a wildcard, an alias into
/// the unsigned provider's zone and an empty non-terminal (ent.) in
/// example.test.: the proofs a validator needs beyond plain data.
fn healthy() -> Scenario {
    let mut scenario = built_in("healthy-delegation").unwrap();
    scenario.epoch = date();
    let example = scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == n("example.test."))
        .unwrap();
    example.text.push_str(
        "*.wild   IN A     198.51.100.99\nalias    IN CNAME ns1.dnshost.test.\ndeep.ent IN A     198.51.100.98\n",
    );
    scenario
}

/// That world with `zones` signed in that order (children first), ECDSA
/// and NSEC, each one's DS published at its parent.
pub fn signed(zones: &[&str]) -> Scenario {
    let mut scenario = healthy();
    let zones: Vec<_> = zones.iter().map(|z| n(z)).collect();
    scenario
        .sign_chain(
            &zones,
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            date(),
            &RustCrypto,
        )
        .unwrap();
    scenario
}

/// The root, test. and example.test. signed with `algorithm` and `denial`.
pub fn signed_world(algorithm: Algorithm, denial: Denial) -> Scenario {
    let mut scenario = healthy();
    let zones = [n("example.test."), n("test."), n(".")];
    scenario
        .sign_chain(&zones, algorithm, denial, date(), &RustCrypto)
        .unwrap();
    scenario
}

/// The root, test. and example.test. signed, ECDSA and NSEC.
pub fn all_signed() -> Scenario {
    signed_world(Algorithm::EcdsaP256Sha256, Denial::NSEC)
}

/// example.test.'s signer output with the lines `keep` refuses dropped,
/// and its signer stopped (so nothing puts them back).
pub fn without_signer_lines(keep: impl Fn(&str) -> bool) -> Scenario {
    let mut scenario = all_signed();
    let signing = scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == n("example.test."))
        .and_then(|z| z.signing.as_mut())
        .unwrap();
    signing.maintained = false;
    signing.output = signing
        .output
        .lines()
        .filter(|line| keep(line))
        .map(|line| format!("{line}\n"))
        .collect();
    scenario
}

/// example.test. signed again at `at` with its signer stopped, and the DS
/// of its new key published at the world's date.
fn signed_at(at: UtcTime) -> Scenario {
    let mut scenario = all_signed();
    let apex = n("example.test.");
    scenario
        .sign_zone(
            &apex,
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            at,
            &RustCrypto,
        )
        .unwrap();
    scenario.set_signer_running(&apex, false).unwrap();
    let ds = Scenario::ds_for_child(&scenario.load().unwrap(), &apex);
    scenario.set_ds(&apex, &ds, date(), &RustCrypto).unwrap();
    scenario
}

/// The DS of example.test.'s zone-signing key published in place of its
/// key-signing key's: a DS for a key that does not sign the DNSKEY RRset.
fn ds_of_the_zsk() -> Scenario {
    use dns_lab::sim::dnssec::keys::{ds_for, is_entry_point};
    use dns_lab::sim::record::{RData, RType};
    let mut scenario = all_signed();
    let apex = n("example.test.");
    let world = scenario.load().unwrap();
    let zsk = world
        .zone(&apex)
        .unwrap()
        .rrset_wire(&apex, RType::DNSKEY)
        .into_iter()
        .find(|key| !is_entry_point(key))
        .unwrap()
        .to_vec();
    let ds = ds_for(&apex, &zsk);
    let hex: String = ds[4..].iter().map(|b| format!("{b:02X}")).collect();
    let line = format!(
        "example.test. 86400 IN DS {} {} {} {hex}",
        u16::from_be_bytes([ds[0], ds[1]]),
        ds[2],
        ds[3]
    );
    let record = dns_lab::sim::zonefile::parse_record(&line, &n("."), 86_400).unwrap();
    assert!(matches!(record.data, RData::Other(_)));
    scenario
        .set_ds(&apex, &[record], date(), &RustCrypto)
        .unwrap();
    scenario
}

/// `scenario` with example.test. signed again with new keys a minute
/// later, as a new provider would, its parent's DS left as it was.
pub fn with_new_keys(mut scenario: Scenario) -> Scenario {
    scenario
        .sign_zone(
            &n("example.test."),
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            date().after(60),
            &RustCrypto,
        )
        .unwrap();
    scenario
}

/// Every way the chain of trust to example.test. breaks, by name.
pub fn broken_worlds() -> Vec<(&'static str, Scenario)> {
    let old_ds = with_new_keys(all_signed());
    let mut turned_off = all_signed();
    turned_off.stop_signing(&n("example.test.")).unwrap();
    vec![
        ("dnssec-old-ds", old_ds),
        ("dnssec-ds-kept", turned_off),
        ("dnssec-zsk-ds", ds_of_the_zsk()),
        ("dnssec-expired", signed_at(date().before(30 * 86_400))),
        ("dnssec-not-yet-valid", signed_at(date().after(10 * 86_400))),
        (
            "dnssec-missing-rrsig",
            without_signer_lines(|line| {
                !(line.starts_with("www.example.test.") && line.contains("RRSIG\tA "))
            }),
        ),
        (
            "dnssec-no-nsec",
            without_signer_lines(|line| {
                !line.contains("\tNSEC\t") && !line.contains("RRSIG\tNSEC ")
            }),
        ),
    ]
}

/// The DNSSEC checks' context: RustCrypto, the clock at `clock`.
pub fn dnssec_at(clock: u64) -> Dnssec {
    Dnssec {
        crypto: Rc::new(RustCrypto),
        clock,
    }
}

/// One of [`broken_worlds`], by name.
pub fn broken(name: &str) -> Scenario {
    broken_worlds()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, scenario)| scenario)
        .unwrap_or_else(|| panic!("no broken world {name}"))
}
