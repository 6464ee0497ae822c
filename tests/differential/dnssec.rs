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
//! The simulator's own presets, validating from the same anchor, are then
//! compared with them on every query: the rcode, the AD flag, the answer
//! records and, where Unbound gives one, the Extended DNS Error code. Any
//! difference fails the run.
//!
//! Two more worlds have example.test. signed by real signers (BIND's
//! dnssec-signzone with RSA and NSEC, ldns-signzone with ECDSA and NSEC3)
//! and imported as text, as a user imports a zone signed elsewhere.
//!
//! The worlds are dated now: BIND has no way to validate as of another
//! date, so the simulator signs around the real time (the scenario's epoch
//! is set to it), and Unbound is told the same date with
//! `val-override-date`. The scenario's own server addresses are replaced
//! by loopback addresses before signing, since rewriting a signed address
//! record afterwards would break its signature.

use crate::compare::record_key;
use crate::dig::{DigReply, read_record};
use crate::realworld::AddressPool;
use dns_lab::sim::authority::Question;
use dns_lab::sim::dnssec::anchor::trust_anchors;
use dns_lab::sim::dnssec::{Algorithm, Denial, RustCrypto, UtcTime};
use dns_lab::sim::name::Name;
use dns_lab::sim::record::{RType, Record};
use dns_lab::sim::resolver::{Cache, Outcome, Preset, Resolution, ResolverConfig};
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::scenario::World;
use dns_lab::sim::scenarios::built_in;
use dns_lab::sim::zonefile::edit_records;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::rc::Rc;

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
    // A wildcard, an alias into the unsigned provider's zone and an empty
    // non-terminal (ent.): the proofs a validator needs beyond plain data.
    let example = scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == n("example.test."))
        .unwrap();
    example.text.push_str(
        "*.wild   IN A     198.51.100.99\nalias    IN CNAME ns1.dnshost.test.\ndeep.ent IN A     198.51.100.98\n",
    );
    on_loopback(&mut scenario, pool);
    let chain = [n("example.test."), n("test."), n(".")];
    scenario
        .sign_chain(&chain, algorithm, denial.clone(), now, &RustCrypto)
        .unwrap();
    scenario
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
        // That proof, asked for itself, is signed data of test.
        (n("dnshost.test."), RType::DS, Expect::Secure("NOERROR")),
        (n("example.test."), RType::DS, Expect::Secure("NOERROR")),
        (n("example.test."), RType::DNSKEY, Expect::Secure("NOERROR")),
        // A wildcard's answer, with the proof the name itself is absent.
        (
            n("anything.wild.example.test."),
            RType::A,
            Expect::Secure("NOERROR"),
        ),
        // An empty non-terminal: NODATA.
        (n("ent.example.test."), RType::A, Expect::Secure("NOERROR")),
        // A signed CNAME into an unsigned zone: insecure as a whole.
        (
            n("alias.example.test."),
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
                // The DS of example.test. is test.'s data, and sound.
                let broken = name.is_subdomain_of(&n("example.test.")) && rtype != RType::DS;
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

    // DNSSEC turned off at the host while the registrar keeps the DS.
    let mut turned_off = signed_world(pool, now, Algorithm::EcdsaP256Sha256, &Denial::NSEC);
    turned_off.stop_signing(&apex).unwrap();
    push(
        "signing-stopped-ds-kept",
        turned_off,
        bogus_below(healthy_expectations()),
    );

    // Signed with a clock a month fast: the signatures start later.
    let mut early = signed_world(pool, now, Algorithm::Ed25519, &Denial::NSEC);
    let ahead = now.after(30 * 86_400);
    early
        .sign_zone(&apex, Algorithm::Ed25519, Denial::NSEC, ahead, &RustCrypto)
        .unwrap();
    early.set_signer_running(&apex, false).unwrap();
    let ds = Scenario::ds_for_child(&early.load().unwrap(), &apex);
    early.set_ds(&apex, &ds, now, &RustCrypto).unwrap();
    push("not-yet-valid", early, bogus_below(healthy_expectations()));

    // example.test. signed by real signers, imported as it is: BIND's
    // dnssec-signzone with RSA/SHA-256 and NSEC, ldns-signzone with
    // ECDSA and NSEC3. The DS of each one's KSK goes to test.
    for signer in [Signer::Bind, Signer::Ldns] {
        let mut elsewhere = signed_world(pool, now, Algorithm::EcdsaP256Sha256, &Denial::NSEC);
        elsewhere.stop_signing(&apex).unwrap();
        let text = elsewhere.zone_source(&apex).unwrap().text.clone();
        match sign_elsewhere(signer, &apex, &text, now) {
            Ok((signed, ds)) => {
                elsewhere
                    .zones
                    .iter_mut()
                    .find(|z| z.apex == apex)
                    .unwrap()
                    .text = signed;
                elsewhere.set_ds(&apex, &[ds], now, &RustCrypto).unwrap();
                push(signer.case(), elsewhere, healthy_expectations());
            }
            // scripts/setup.sh installs both signers with the resolvers.
            Err(reason) => panic!(
                "dnssec/{}: the zone could not be signed: {reason}",
                signer.case()
            ),
        }
    }

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

/// What a client sees of a validating resolver's reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validated {
    pub status: String,
    pub ad: bool,
    /// The Extended DNS Error code, if any.
    pub ede: Option<u16>,
    /// The answer records as `owner TYPE data`, sorted.
    pub answer: Vec<String>,
}

impl Validated {
    /// A preset of the simulator, validating, in `world` at its epoch,
    /// with the cache the case's earlier queries left (the real resolvers
    /// keep theirs across a case's queries too).
    pub fn simulate(
        world: &World,
        name: &Name,
        rtype: RType,
        preset: Preset,
        cache: &mut Cache,
    ) -> Validated {
        let config = ResolverConfig::preset(preset).with_validation(true);
        let mut resolution = Resolution::with_cache(
            Question::new(name.clone(), rtype),
            config,
            std::mem::take(cache),
        )
        .validating_with(Rc::new(RustCrypto));
        resolution.run(world);
        let outcome = resolution.outcome().expect("a resolution ends").clone();
        let security = resolution.security().cloned();
        *cache = resolution.into_cache();
        let mut answer: Vec<String> = outcome.answer().iter().map(record_key).collect();
        answer.sort();
        Validated {
            status: outcome.rcode().to_string(),
            ad: security == Some(dns_lab::sim::dnssec::validate::Security::Secure),
            ede: match &outcome {
                Outcome::ServFail { failure, .. } => Some(failure.extended_error().0),
                _ => None,
            },
            answer,
        }
    }

    pub fn of_reply(reply: &DigReply) -> Validated {
        let mut answer: Vec<String> = reply
            .answer
            .iter()
            .map(|line| read_record(line).map_or(line.to_lowercase(), |r| record_key(&r)))
            .collect();
        answer.sort();
        Validated {
            status: reply.status.clone(),
            ad: reply.ad,
            ede: reply
                .ede
                .first()
                .and_then(|e| e.split_whitespace().next()?.parse().ok()),
            answer,
        }
    }

    /// How `self` (the simulator) differs from `real`: rcode, AD, answer,
    /// and the EDE code when the real resolver gave one.
    pub fn differences(&self, real: &Validated) -> Vec<&'static str> {
        let mut differences = Vec::new();
        if self.status != real.status {
            differences.push("rcode");
        }
        if self.ad != real.ad {
            differences.push("AD");
        }
        if self.answer != real.answer {
            differences.push("answer");
        }
        if real.ede.is_some() && self.ede != real.ede {
            differences.push("EDE");
        }
        differences
    }
}

/// One query of a DNSSEC case, as both resolvers and both presets
/// answered it.
pub struct Row {
    pub case: String,
    pub name: Name,
    pub rtype: RType,
    pub expect: Expect,
    pub unbound: DigReply,
    pub bind: DigReply,
    pub unbound_like: Validated,
    pub bind_like: Validated,
}

impl Row {
    /// Where a preset differs from its real resolver.
    pub fn disagreements(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (preset, sim, real) in [
            ("Unbound-like", &self.unbound_like, &self.unbound),
            ("BIND-like", &self.bind_like, &self.bind),
        ] {
            let differences = sim.differences(&Validated::of_reply(real));
            if !differences.is_empty() {
                out.push(format!("{preset} differs in {}", differences.join(", ")));
            }
        }
        out
    }

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

fn sim_cell(sim: &Validated, real: &DigReply) -> String {
    let mut cell = sim.status.clone();
    if sim.ad {
        cell.push_str(", AD");
    }
    if let Some(ede) = sim.ede {
        cell.push_str(&format!(" (EDE {ede})"));
    }
    let differences = sim.differences(&Validated::of_reply(real));
    if differences.is_empty() {
        format!("{cell}: same")
    } else {
        format!("{cell}: **differs in {}**", differences.join(", "))
    }
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
         AD, an insecure delegation's must not, a broken world's must be SERVFAIL. DNS Lab's \
         presets validate from the same anchor and are compared with them: rcode, AD, answer \
         records, and the Extended DNS Error code where Unbound gives one.\n\n\
         | Case | Query | A validator must | Unbound | BIND (named) | As it must? | DNS Lab Unbound-like | DNS Lab BIND-like |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n",
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
            "| {} | `{} {}` | {} | {} | {} | {verdict} | {} | {} |\n",
            row.case,
            row.name,
            row.rtype,
            row.expect.describe(),
            cell(&row.unbound),
            cell(&row.bind),
            sim_cell(&row.unbound_like, &row.unbound),
            sim_cell(&row.bind_like, &row.bind),
        ));
    }
    out
}

/// A real signer, for zones signed outside DNS Lab and imported as text.
#[derive(Clone, Copy)]
enum Signer {
    /// BIND's dnssec-keygen and dnssec-signzone: RSA/SHA-256, NSEC.
    Bind,
    /// ldns-keygen and ldns-signzone: ECDSA P-256, NSEC3 (no salt, no
    /// extra iterations).
    Ldns,
}

impl Signer {
    fn case(self) -> &'static str {
        match self {
            Signer::Bind => "signed-by-bind",
            Signer::Ldns => "signed-by-ldns",
        }
    }
}

fn run(dir: &std::path::Path, program: &str, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{program} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `text`, the zone at `apex`, signed by `signer` with new keys, valid
/// from an hour before `now` for two weeks; and the DS of its KSK.
fn sign_elsewhere(
    signer: Signer,
    apex: &Name,
    text: &str,
    now: UtcTime,
) -> Result<(String, Record), String> {
    let dir =
        std::env::temp_dir().join(format!("dns-lab-{}-{}", signer.case(), std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let zone = apex.to_string();
    let origin = zone.trim_end_matches('.');
    std::fs::write(dir.join("zone"), text).map_err(|e| e.to_string())?;
    let (start, end) = (
        now.before(3_600).compact(),
        now.after(14 * 86_400).compact(),
    );
    let (signed, ds) = match signer {
        Signer::Bind => {
            let ksk = run(
                &dir,
                "dnssec-keygen",
                &["-q", "-a", "RSASHA256", "-b", "2048", "-f", "KSK", origin],
            )?;
            let zsk = run(
                &dir,
                "dnssec-keygen",
                &["-q", "-a", "RSASHA256", "-b", "1024", origin],
            )?;
            let mut keys = String::new();
            for key in [&ksk, &zsk] {
                keys.push_str(
                    &std::fs::read_to_string(dir.join(format!("{key}.key")))
                        .map_err(|e| e.to_string())?,
                );
            }
            let mut with_keys = text.to_string();
            with_keys.push('\n');
            with_keys.push_str(&keys);
            std::fs::write(dir.join("zone"), with_keys).map_err(|e| e.to_string())?;
            run(
                &dir,
                "dnssec-signzone",
                &[
                    "-q",
                    "-o",
                    &zone,
                    "-s",
                    &start,
                    "-e",
                    &end,
                    "-f",
                    "signed",
                    "zone",
                    &format!("{ksk}.private"),
                    &format!("{zsk}.private"),
                ],
            )?;
            let ds = run(&dir, "dnssec-dsfromkey", &["-2", &format!("{ksk}.key")])?;
            (
                std::fs::read_to_string(dir.join("signed")).map_err(|e| e.to_string())?,
                ds,
            )
        }
        Signer::Ldns => {
            let ksk = run(
                &dir,
                "ldns-keygen",
                &["-a", "ECDSAP256SHA256", "-k", origin],
            )?;
            let zsk = run(&dir, "ldns-keygen", &["-a", "ECDSAP256SHA256", origin])?;
            run(
                &dir,
                "ldns-signzone",
                &[
                    "-n", "-t", "0", "-s", "", "-i", &start, "-e", &end, "-f", "signed", "zone",
                    &zsk, &ksk,
                ],
            )?;
            let ds = run(&dir, "ldns-key2ds", &["-n", "-2", &format!("{ksk}.key")])?;
            (
                std::fs::read_to_string(dir.join("signed")).map_err(|e| e.to_string())?,
                ds,
            )
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    let ds_line = ds
        .lines()
        .find(|l| l.contains("DS"))
        .ok_or("no DS printed")?;
    let ds = dns_lab::sim::zonefile::parse_record(ds_line, &Name::root(), 3_600)
        .map_err(|p| format!("the DS does not read: {p}"))?;
    Ok((signed, ds))
}
