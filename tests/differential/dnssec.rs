//! Signed worlds, validated by real resolvers.
//!
//! Each case is a world the simulator signs itself (its own keys, RRSIG,
//! NSEC or NSEC3 and DS records, not re-signed by another tool), exported
//! with `dns-lab export-zones` and served by NSD as the other cases are.
//! Unbound and named then run with validation on and the simulated root's
//! key-signing key as their only trust anchor, and every query is checked
//! against what a validator must do: a correct world's answers validate
//! (AD set, RFC 4035 §3.2.3), a delegation the parent proves unsigned is
//! insecure (an answer without AD), and each deliberately broken world —
//! the registrar's DS for another key, expired signatures, a missing RRSIG
//! — is bogus (SERVFAIL).
//!
//! The worlds are dated now: BIND has no way to validate as of another
//! date, so the simulator signs around the real time (the scenario's epoch
//! is set to it), and Unbound is told the same date with
//! `val-override-date`. The scenario's own server addresses are replaced
//! by loopback addresses before signing, since rewriting a signed address
//! record afterwards would break its signature.

use crate::dig::DigReply;
use crate::realworld::AddressPool;
use dns_lab::sim::dnssec::anchor::trust_anchors;
use dns_lab::sim::dnssec::{Algorithm, Denial, RustCrypto, UtcTime};
use dns_lab::sim::name::Name;
use dns_lab::sim::record::{RType, Record};
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::scenarios::built_in;
use dns_lab::sim::zonefile::edit_records;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

/// What a validating resolver must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The rcode, with the AD flag: validated.
    Secure(&'static str),
    /// The rcode, without AD: provably unsigned.
    Insecure(&'static str),
    /// SERVFAIL: the data should validate and does not.
    Bogus,
}

impl Expect {
    pub fn met_by(self, status: &str, ad: bool) -> bool {
        match self {
            Expect::Secure(rcode) => status == rcode && ad,
            Expect::Insecure(rcode) => status == rcode && !ad,
            Expect::Bogus => status == "SERVFAIL",
        }
    }

    pub fn describe(self) -> String {
        match self {
            Expect::Secure(rcode) => format!("{rcode}, secure (AD)"),
            Expect::Insecure(rcode) => format!("{rcode}, insecure (no AD)"),
            Expect::Bogus => "SERVFAIL, bogus".into(),
        }
    }
}

pub struct Case {
    /// `dnssec/<name>`.
    pub id: String,
    pub scenario: Scenario,
    pub queries: Vec<(Name, RType, Expect)>,
    /// The root's trust anchor, as a DNSKEY record.
    pub anchor: Record,
}

fn n(text: &str) -> Name {
    Name::parse(text).unwrap()
}

/// The healthy delegation on loopback addresses, with the root, test. and
/// example.test. signed and each DS at its parent; dnshost.test. stays
/// unsigned (an insecure delegation).
fn signed_world(
    pool: &mut AddressPool,
    now: UtcTime,
    algorithm: Algorithm,
    denial: &Denial,
) -> Scenario {
    let mut scenario = built_in("healthy-delegation").unwrap();
    scenario.epoch = now;
    on_loopback(&mut scenario, pool);
    for apex in ["example.test.", "test.", "."] {
        sign_with_ds(&mut scenario, &n(apex), algorithm, denial, now);
    }
    scenario
}

fn sign_with_ds(
    scenario: &mut Scenario,
    apex: &Name,
    algorithm: Algorithm,
    denial: &Denial,
    now: UtcTime,
) {
    scenario
        .sign_zone(apex, algorithm, denial.clone(), now, &RustCrypto)
        .unwrap();
    if !apex.is_root() {
        let ds = Scenario::ds_for_child(&scenario.load().unwrap(), apex);
        scenario.set_ds(apex, &ds, now, &RustCrypto).unwrap();
    }
}

/// Gives every server loopback addresses from `pool` and rewrites the name
/// servers' address records to match, before anything is signed.
fn on_loopback(scenario: &mut Scenario, pool: &mut AddressPool) {
    let mut map: BTreeMap<IpAddr, Ipv4Addr> = BTreeMap::new();
    for server in &mut scenario.servers {
        for address in &mut server.addresses {
            let loopback = *map.entry(*address).or_insert_with(|| pool.take());
            *address = IpAddr::V4(loopback);
        }
    }
    let hosts: Vec<Name> = scenario.servers.iter().map(|s| s.host.clone()).collect();
    for source in &mut scenario.zones {
        let parsed = dns_lab::sim::zonefile::parse_zone(&source.text, &source.apex).unwrap();
        let moved: Vec<Record> = parsed
            .zone
            .records()
            .filter(|r| hosts.contains(&r.owner))
            .filter_map(|r| {
                let loopback = map.get(&r.data.address()?)?;
                Some(Record::for_address(&r.owner, r.ttl, IpAddr::V4(*loopback)))
            })
            .collect();
        source.text = edit_records(
            &source.text,
            &source.apex,
            |r| hosts.contains(&r.owner) && r.data.address().is_some_and(|a| map.contains_key(&a)),
            &moved,
        )
        .unwrap();
    }
}

/// The queries every case asks, with what a correct world gives.
fn healthy_expectations() -> Vec<(Name, RType, Expect)> {
    vec![
        (n("www.example.test."), RType::A, Expect::Secure("NOERROR")),
        (n("example.test."), RType::MX, Expect::Secure("NOERROR")),
        // NODATA and NXDOMAIN, proved by the NSEC or NSEC3 chain.
        (
            n("www.example.test."),
            RType::TXT,
            Expect::Secure("NOERROR"),
        ),
        (
            n("nothing.example.test."),
            RType::A,
            Expect::Secure("NXDOMAIN"),
        ),
        // dnshost.test. is unsigned, and test. proves it has no DS.
        (
            n("ns1.dnshost.test."),
            RType::A,
            Expect::Insecure("NOERROR"),
        ),
    ]
}

/// Every DNSSEC case, dated `now`, with addresses from `pool`.
pub fn cases(pool: &mut AddressPool, now: UtcTime) -> Vec<Case> {
    let nsec3 = Denial::NSEC3 {
        iterations: 0,
        salt: String::new(),
    };
    let mut cases = Vec::new();
    let mut push = |id: &str, scenario: Scenario, queries: Vec<(Name, RType, Expect)>| {
        let world = scenario.load().unwrap();
        let anchor = trust_anchors(world.zone(&Name::root()).unwrap(), now)
            .into_iter()
            .next()
            .expect("the root is signed");
        cases.push(Case {
            id: format!("dnssec/{id}"),
            scenario,
            queries,
            anchor,
        });
    };
    let bogus_below = |queries: Vec<(Name, RType, Expect)>| -> Vec<(Name, RType, Expect)> {
        queries
            .into_iter()
            .map(|(name, rtype, expect)| {
                let broken = name.is_subdomain_of(&n("example.test."));
                (name, rtype, if broken { Expect::Bogus } else { expect })
            })
            .collect()
    };

    push(
        "ecdsa-nsec",
        signed_world(pool, now, Algorithm::EcdsaP256Sha256, &Denial::NSEC),
        healthy_expectations(),
    );
    push(
        "ed25519-nsec3",
        signed_world(pool, now, Algorithm::Ed25519, &nsec3),
        healthy_expectations(),
    );

    // A KSK rollover midway: both KSKs sign the keys, both DS published,
    // taken by the registrar from the CDS records the child publishes
    // (RFC 7344), which the KSKs sign.
    let mut rolling = signed_world(pool, now, Algorithm::EcdsaP256Sha256, &nsec3);
    let apex = n("example.test.");
    rolling
        .set_cds_publishing(&apex, true, now, &RustCrypto)
        .unwrap();
    rolling
        .roll_key(&apex, dns_lab::sim::dnssec::KeyRole::KSK, now, &RustCrypto)
        .unwrap();
    let ds = Scenario::ds_from_cds(&rolling.load().unwrap(), &apex).unwrap();
    assert_eq!(ds.len(), 2);
    rolling.set_ds(&apex, &ds, now, &RustCrypto).unwrap();
    let mut queries = healthy_expectations();
    queries.push((apex.clone(), RType::CDS, Expect::Secure("NOERROR")));
    queries.push((apex.clone(), RType::CDNSKEY, Expect::Secure("NOERROR")));
    push("ksk-rollover-double-ds", rolling, queries);

    // The registrar still publishes the old provider's DS: example.test.
    // is signed again with new keys, its parent left as it was.
    let mut moved = signed_world(pool, now, Algorithm::EcdsaP256Sha256, &Denial::NSEC);
    moved
        .sign_zone(
            &apex,
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            now.after(60),
            &RustCrypto,
        )
        .unwrap();
    push("wrong-ds", moved, bogus_below(healthy_expectations()));

    // The signer stopped 30 days ago: two weeks of validity ran out.
    let mut expired = signed_world(pool, now, Algorithm::EcdsaP256Sha256, &Denial::NSEC);
    let long_ago = now.before(30 * 86_400);
    expired
        .sign_zone(
            &apex,
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            long_ago,
            &RustCrypto,
        )
        .unwrap();
    expired.set_signer_running(&apex, false).unwrap();
    let ds = Scenario::ds_for_child(&expired.load().unwrap(), &apex);
    expired.set_ds(&apex, &ds, now, &RustCrypto).unwrap();
    push(
        "expired-signatures",
        expired,
        bogus_below(healthy_expectations()),
    );

    // www's A RRset lost its signature (a signer that skipped it).
    let mut unsigned_rrset = signed_world(pool, now, Algorithm::EcdsaP256Sha256, &Denial::NSEC);
    let signing = unsigned_rrset
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
    assert!(
        !signing
            .output
            .contains("www.example.test.\t3600\tIN\tRRSIG\tA "),
        "the RRSIG to remove is found"
    );
    push(
        "missing-rrsig",
        unsigned_rrset,
        vec![
            (n("www.example.test."), RType::A, Expect::Bogus),
            (n("example.test."), RType::MX, Expect::Secure("NOERROR")),
        ],
    );
    cases
}

/// One query of a DNSSEC case, as both resolvers answered it.
pub struct Row {
    pub case: String,
    pub name: Name,
    pub rtype: RType,
    pub expect: Expect,
    pub unbound: DigReply,
    pub bind: DigReply,
}

impl Row {
    /// The resolvers that did not do what a validator must.
    pub fn failures(&self) -> Vec<&'static str> {
        let mut failures = Vec::new();
        if !self.expect.met_by(&self.unbound.status, self.unbound.ad) {
            failures.push("Unbound");
        }
        if !self.expect.met_by(&self.bind.status, self.bind.ad) {
            failures.push("named");
        }
        failures
    }
}

fn cell(reply: &DigReply) -> String {
    let mut cell = reply.status.clone();
    if reply.ad {
        cell.push_str(", AD");
    }
    if !reply.ede.is_empty() {
        cell.push_str(&format!(" (EDE {})", reply.ede.join("; ")));
    }
    cell.replace('|', "\\|")
}

/// The results file's DNSSEC section.
pub fn report(rows: &[Row], date: UtcTime) -> String {
    let cases = rows
        .iter()
        .map(|row| &row.case)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut out = format!(
        "\n## DNSSEC: the simulator's signed worlds, validated by real resolvers\n\n\
         {cases} worlds the simulator signed itself (`tests/differential/dnssec.rs`), {} queries, dated {date} (the \
         run's time: named cannot validate at another date); Unbound and named validate with the \
         simulated root's key as their only trust anchor. A correct world's answers must carry \
         AD, an insecure delegation's must not, a broken world's must be SERVFAIL.\n\n\
         | Case | Query | A validator must | Unbound | BIND (named) | As it must? |\n\
         | --- | --- | --- | --- | --- | --- |\n",
        rows.len()
    );
    for row in rows {
        let failures = row.failures();
        let verdict = if failures.is_empty() {
            "yes".to_string()
        } else {
            format!("**NO** ({})", failures.join(", "))
        };
        out.push_str(&format!(
            "| {} | `{} {}` | {} | {} | {} | {verdict} |\n",
            row.case,
            row.name,
            row.rtype,
            row.expect.describe(),
            cell(&row.unbound),
            cell(&row.bind),
        ));
    }
    out
}
