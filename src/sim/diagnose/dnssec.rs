//! Checks on DNSSEC: the third pair a delegation must match, and the
//! signed data itself (RFC 4035).
//!
//! The registrar's DS records must name a key the DNS host signs with; that
//! key must sign the zone's DNSKEY RRset; every RRset the zone is
//! authoritative for needs a signature by one of its keys, valid at the
//! world's date; and the NSEC or NSEC3 chain must prove what does not
//! exist. The records say where the break is. Whether it breaks anything
//! is what a validating resolver says, so each severity comes from
//! resolving with validation on, under both presets: an error when a
//! validator answers SERVFAIL, a warning when the break is there but
//! validation does not reach it yet (an unsigned parent above, or another
//! DS that still matches).
//!
//! Verifying a signature takes the cryptography, which the page loads only
//! for signed worlds: without it these checks do not run. They judge the
//! world at its date on the virtual clock ([`Dnssec::clock`]), as the
//! resolver does.

use super::facts::Facts;
use crate::sim::authority::{Question, answer_from_zone};
use crate::sim::dnssec::canonical::SignatureFields;
use crate::sim::dnssec::keys::key_tag;
use crate::sim::dnssec::time::{UtcTime, reached};
use crate::sim::dnssec::validate::Security;
use crate::sim::dnssec::validate::keys::TrustPoint;
use crate::sim::dnssec::validate::proof::{Absence, prove_absence};
use crate::sim::dnssec::{Algorithm, Cryptography, Denial};
use crate::sim::edit::EditError;
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::fix::Fix;
use crate::sim::fix::record::edits_between;
use crate::sim::name::Name;
use crate::sim::prose::{and_list, plural};
use crate::sim::record::{RData, RType, Record};
use crate::sim::resolver::{Cache, Outcome, Preset, Resolution, ResolverConfig};
use crate::sim::scenario::Scenario;
use crate::sim::zone::Zone;
use std::rc::Rc;

/// How many broken RRsets a finding names before "and N more".
const NAMED: usize = 3;

/// The largest zone whose re-signing a fix carries. Fixes are made as the
/// checks run, after every edit; signing thousands of records in the page
/// takes seconds (BENCHMARKS.md), so a larger zone's fix is advice, which
/// the inspector's "Re-sign now" follows.
pub const LARGEST_ZONE_RESIGNED_IN_A_FIX: usize = 2_000;

/// What the DNSSEC checks need: the cryptography to verify signatures
/// with, and where the virtual clock stands (seconds after the world's
/// epoch), which signatures are valid around.
#[derive(Clone)]
pub struct Dnssec {
    pub crypto: Rc<dyn Cryptography>,
    pub clock: u64,
}

/// Every DNSSEC finding of the world.
pub(super) fn dnssec(facts: &Facts<'_>, context: &Dnssec, findings: &mut Vec<Finding>) {
    let world = facts.world;
    let now = world.scenario().epoch.after(context.clock);
    for zone in world.zones() {
        let apex = zone.apex();
        let keys = wire_data(&zone.rrset(apex, RType::DNSKEY));
        let parent = parent_zone(facts, apex);
        let ds: Vec<&Record> = parent.map_or_else(Vec::new, |p| p.rrset(apex, RType::DS));
        if !ds.is_empty() {
            delegation(facts, context, zone, parent, &ds, &keys, findings);
        }
        // A zone DNS Lab signs, or one a DS vouches for. A zone that only
        // publishes keys, or a root signed elsewhere (the shipped real root
        // zone keeps only its apex's signatures), is taken as it is.
        let signs = world
            .scenario()
            .zone_source(apex)
            .is_some_and(|z| z.signing.is_some());
        if !keys.is_empty() && (signs || !ds.is_empty()) {
            signatures(facts, context, zone, &keys, now, findings);
            denial(facts, context, zone, &keys, now, findings);
        }
    }
}

/// The zone that holds the delegation to `apex`.
fn parent_zone<'w>(facts: &Facts<'w>, apex: &Name) -> Option<&'w Zone> {
    apex.ancestors()
        .skip(1)
        .find_map(|a| facts.world.zone(&a))
        .filter(|p| p.cut_above(apex).as_ref() == Some(apex))
}

fn wire_data(records: &[&Record]) -> Vec<Vec<u8>> {
    records
        .iter()
        .filter_map(|r| r.data.opaque_wire().map(<[u8]>::to_vec))
        .collect()
}

/// What validating resolvers of both presets make of `question`: the
/// first bogus verdict, if any.
fn validated(facts: &Facts<'_>, context: &Dnssec, question: &Question) -> Option<String> {
    Preset::ALL.into_iter().find_map(|preset| {
        let config = ResolverConfig::preset(preset).with_validation(true);
        let mut cache = Cache::new();
        cache.advance(context.clock);
        let mut resolution = Resolution::with_cache(question.clone(), config, cache)
            .validating_with(context.crypto.clone());
        resolution.run(facts.world);
        match (resolution.security(), resolution.outcome()) {
            (Some(Security::Bogus(problem)), Some(Outcome::ServFail { .. })) => {
                let (code, name) = problem.extended_error();
                Some(format!(
                    "Validating resolvers answer SERVFAIL for {} (Extended DNS Error {code}, {name}); resolvers that do not validate still answer, which is what makes this break hard to see.",
                    crate::sim::resolver::explain::question_text(question)
                ))
            }
            _ => None,
        }
    })
}

/// The severity and the words for a break the records show: an error
/// with the validator's SERVFAIL, else a warning with `unseen`.
fn confirmed(
    facts: &Facts<'_>,
    context: &Dnssec,
    question: &Question,
    unseen: String,
) -> (Severity, String) {
    match validated(facts, context, question) {
        Some(words) => (Severity::Error, words),
        None => (Severity::Warning, unseen),
    }
}

/// A fix made as the registrar or the DNS host would make it, with the
/// cryptography at hand: the edits between the world and the world after
/// `change`, so the fix carries the new signatures as data and applies
/// without signing anything. Advice alone when the change is refused.
fn signing_fix(
    facts: &Facts<'_>,
    context: &Dnssec,
    explanation: String,
    change: impl FnOnce(&mut Scenario, UtcTime, &dyn Cryptography) -> Result<(), EditError>,
) -> Fix {
    let before = facts.world.scenario();
    let now = before.epoch.after(context.clock);
    let mut after = before.clone();
    match change(&mut after, now, &*context.crypto)
        .ok()
        .and_then(|()| edits_between(before, &after).ok())
    {
        Some(edits) if !edits.is_empty() => Fix::new(explanation, edits),
        _ => Fix::words(explanation),
    }
}

/// The registrar publishes the DS of the zone's key-signing keys, in place
/// of those it has.
fn ksk_ds_fix(facts: &Facts<'_>, context: &Dnssec, apex: &Name, explanation: String) -> Fix {
    signing_fix(facts, context, explanation, |scenario, now, crypto| {
        let ds = Scenario::ds_for_child(facts.world, apex);
        scenario.set_ds(apex, &ds, now, crypto)
    })
}

/// Signing the zone again: its own signer, started if it stopped; for a
/// zone signed elsewhere, DNS Lab's signer with new keys and their DS at
/// the parent (in the real world, its operator's signer).
fn resign_fix(facts: &Facts<'_>, context: &Dnssec, apex: &Name, explanation: String) -> Fix {
    let world = facts.world;
    let own_signer = world
        .scenario()
        .zone_source(apex)
        .is_some_and(|z| z.signing.is_some());
    let records = world.zone(apex).map_or(0, Zone::record_count);
    if records > LARGEST_ZONE_RESIGNED_IN_A_FIX {
        return Fix::words(explanation);
    }
    signing_fix(facts, context, explanation, |scenario, now, crypto| {
        if own_signer {
            scenario.set_signer_running(apex, true)?;
            return scenario.resign_zone(apex, now, crypto);
        }
        scenario.sign_zone(apex, Algorithm::EcdsaP256Sha256, Denial::NSEC, now, crypto)?;
        match parent_zone(facts, apex) {
            Some(_) => {
                let ds = Scenario::ds_for_child(
                    &scenario
                        .load()
                        .map_err(|_| EditError::NotSigned(apex.clone()))?,
                    apex,
                );
                scenario.set_ds(apex, &ds, now, crypto)
            }
            None => Ok(()),
        }
    })
}

/// Why a validator does not see the break yet.
fn not_reached(apex: &Name) -> String {
    format!(
        "Validators do not reach this break yet: nothing above {} vouches for its keys (a parent that is not signed, or no trust anchor), so its answers are insecure rather than bogus. It breaks once the chain above it is signed.",
        apex.prose()
    )
}

/// The DS records at the parent against the child's keys.
fn delegation(
    facts: &Facts<'_>,
    context: &Dnssec,
    zone: &Zone,
    parent: Option<&Zone>,
    ds: &[&Record],
    keys: &[Vec<u8>],
    findings: &mut Vec<Finding>,
) {
    let apex = zone.apex();
    let parent_apex = parent.map(|p| p.apex().clone()).unwrap_or_else(Name::root);
    let question = Question::new(apex.clone(), RType::SOA);
    let edge = EdgeRef::Delegation {
        parent: parent_apex.clone(),
        child: apex.clone(),
    };
    let with_ds = |mut f: Finding, which: &[&Record]| {
        f.records = which
            .iter()
            .map(|r| (parent_apex.clone(), (*r).clone()))
            .collect();
        f.edges.push(edge.clone());
        f
    };
    if keys.is_empty() {
        let (severity, consequence) = confirmed(facts, context, &question, not_reached(apex));
        let f = Finding::new(
            FindingKind::DsForUnsignedZone,
            severity,
            vec![apex.clone()],
            format!(
                "{} publishes {} for {}, which is not signed",
                parent_apex.prose(),
                plural(ds.len(), "DS record", "DS records"),
                apex.prose()
            ),
        )
        .because(
            consequence,
            signing_fix(
                facts,
                context,
                format!(
                    "Remove the DS records for {} at the registrar (or sign the zone again with the key they name). Turning DNSSEC off takes that order: DS removed first, then, once the DS TTL has passed, the signatures.",
                    apex.prose()
                ),
                |scenario, now, crypto| scenario.set_ds(apex, &[], now, crypto),
            ),
        );
        findings.push(with_ds(f, ds));
        return;
    }
    let key_refs: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
    let matching = |record: &&Record| match &record.data {
        RData::Other(data) => {
            let point = TrustPoint::Ds(data.wire());
            !point.supported() || key_refs.iter().any(|k| point.names(apex, k))
        }
        _ => false,
    };
    let (good, stale): (Vec<&Record>, Vec<&Record>) = ds.iter().copied().partition(matching);
    if stale.is_empty() {
        let f = keys_signed_by_ds_key(facts, context, zone, &good, &key_refs);
        findings.extend(f.map(|f| with_ds(f, &good)));
        return;
    }
    let key_algorithms: Vec<u8> = keys.iter().filter_map(|k| k.get(3).copied()).collect();
    let described: Vec<String> = stale
        .iter()
        .map(|r| {
            let (tag, algorithm, _) = match &r.data {
                RData::Other(data) => TrustPoint::Ds(data.wire()).summary(),
                _ => (0, 0, None),
            };
            if key_algorithms.contains(&algorithm) {
                format!("DS {tag} (no key has that digest)")
            } else {
                format!("DS {tag} (algorithm {algorithm}, which none of the zone's keys uses)")
            }
        })
        .collect();
    let tags: Vec<String> = key_refs.iter().map(|k| key_tag(k).to_string()).collect();
    let (severity, consequence) = if good.is_empty() {
        confirmed(facts, context, &question, not_reached(apex))
    } else {
        (
            Severity::Warning,
            format!(
                "Validators use the DS that matches and ignore the other, so {} still validates; the stale DS only lingers, and misleads whoever reads it.",
                apex.prose()
            ),
        )
    };
    let f = Finding::new(
        FindingKind::DsMatchesNoKey,
        severity,
        vec![apex.clone()],
        format!(
            "{} at {} for {} matches no key the zone publishes",
            and_list(&described),
            parent_apex.prose(),
            apex.prose()
        ),
    )
    .because(
        consequence,
        ksk_ds_fix(
            facts,
            context,
            apex,
            format!(
                "Publish at the registrar the DS of the key-signing key {} signs with now (keys {}), and remove the stale one once the new one is in place.",
                apex.prose(),
                tags.join(", ")
            ),
        ),
    );
    findings.push(with_ds(f, &stale));
}

/// The DNSKEY RRset must be signed by a key a DS names (RFC 4035 §5.2):
/// a DS for the zone-signing key, say, vouches for a key that signs
/// everything but the keys themselves.
fn keys_signed_by_ds_key(
    facts: &Facts<'_>,
    context: &Dnssec,
    zone: &Zone,
    ds: &[&Record],
    keys: &[&[u8]],
) -> Option<Finding> {
    let apex = zone.apex();
    let named: Vec<(u16, u8)> = keys
        .iter()
        .filter(|k| {
            ds.iter().any(|r| match &r.data {
                RData::Other(data) => TrustPoint::Ds(data.wire()).names(apex, k),
                _ => false,
            })
        })
        .map(|k| (key_tag(k), k.get(3).copied().unwrap_or(0)))
        .collect();
    if named.is_empty() {
        return None; // only DS records the validator cannot check
    }
    let signed_by_named = zone
        .rrset_wire(apex, RType::RRSIG)
        .into_iter()
        .filter_map(SignatureFields::from_wire)
        // Whether the signature is valid now is the date checks' concern.
        .any(|(f, _)| f.type_covered == RType::DNSKEY && named.contains(&(f.key_tag, f.algorithm)));
    if signed_by_named {
        return None;
    }
    let tags: Vec<String> = named.iter().map(|(tag, _)| tag.to_string()).collect();
    let question = Question::new(apex.clone(), RType::SOA);
    let (severity, consequence) = confirmed(facts, context, &question, not_reached(apex));
    let f = Finding::new(
        FindingKind::KeysNotSignedByDsKey,
        severity,
        vec![apex.clone()],
        format!(
            "The key {} that {}'s DS names does not sign its DNSKEY records",
            and_list(&tags),
            apex.prose()
        ),
    )
    .because(
        consequence,
        ksk_ds_fix(
            facts,
            context,
            apex,
            format!(
                "Publish at the registrar the DS of the key-signing key of {} (the key that signs the DNSKEY records), not the DS of a zone-signing key.",
                apex.prose()
            ),
        ),
    );
    Some(f)
}

/// Every RRset the zone is authoritative for needs a signature by one of
/// its keys, valid now. The scan reads the RRSIGs' fields (key tag,
/// dates); whether a break bites is then resolved.
fn signatures(
    facts: &Facts<'_>,
    context: &Dnssec,
    zone: &Zone,
    keys: &[Vec<u8>],
    now: UtcTime,
    findings: &mut Vec<Finding>,
) {
    let apex = zone.apex();
    let tags: Vec<(u16, u8)> = keys
        .iter()
        .map(|k| (key_tag(k), k.get(3).copied().unwrap_or(0)))
        .collect();
    let mut missing: Vec<(Name, RType)> = Vec::new();
    let mut expired: Vec<(Name, RType, UtcTime)> = Vec::new();
    let mut early: Vec<(Name, RType, UtcTime)> = Vec::new();
    for (owner, records) in zone.nodes() {
        let cut = zone.cut_above(owner);
        let at_cut = cut.as_ref() == Some(owner);
        if cut.is_some() && !at_cut {
            continue; // glue, or data the cut hides
        }
        let mut types: Vec<RType> = Vec::new();
        for record in records {
            let rtype = record.rtype();
            let signed_here =
                !rtype.is_rrsig() && (!at_cut || rtype.is_parent_side() || rtype == RType::NSEC);
            if signed_here && !types.contains(&rtype) {
                types.push(rtype);
            }
        }
        for rtype in types {
            let fields: Vec<SignatureFields> = records
                .iter()
                .filter_map(|r| match &r.data {
                    RData::Other(data) if r.rtype().is_rrsig() => {
                        SignatureFields::from_wire(data.wire()).map(|(f, _)| f)
                    }
                    _ => None,
                })
                .filter(|f| {
                    f.type_covered == rtype
                        && f.signer == *apex
                        && tags.contains(&(f.key_tag, f.algorithm))
                })
                .collect();
            if fields.is_empty() {
                missing.push((owner.clone(), rtype));
                continue;
            }
            let valid = fields
                .iter()
                .any(|f| reached(now, f.inception) && !reached(now, f.expiration.wrapping_add(1)));
            if valid {
                continue;
            }
            let f = &fields[0];
            if reached(now, f.inception) {
                expired.push((
                    owner.clone(),
                    rtype,
                    UtcTime::from_rrsig_field(f.expiration, now),
                ));
            } else {
                early.push((
                    owner.clone(),
                    rtype,
                    UtcTime::from_rrsig_field(f.inception, now),
                ));
            }
        }
    }
    let listed = |rrsets: Vec<(Name, RType)>| {
        let mut named: Vec<String> = rrsets
            .iter()
            .take(NAMED)
            .map(|(owner, rtype)| format!("{} {rtype}", owner.prose()))
            .collect();
        if rrsets.len() > NAMED {
            named.push(format!("{} more", rrsets.len() - NAMED));
        }
        and_list(&named)
    };
    let resign = |explanation: String| resign_fix(facts, context, apex, explanation);
    let mut report = |kind: FindingKind, rrsets: Vec<(Name, RType)>, what: String, fix: String| {
        let Some((owner, rtype)) = rrsets.first().cloned() else {
            return;
        };
        let (severity, consequence) = confirmed(
            facts,
            context,
            &Question::new(owner, rtype),
            not_reached(apex),
        );
        let f = Finding::new(
            kind,
            severity,
            vec![apex.clone()],
            format!("{} in {}: {}", what, apex.prose(), listed(rrsets)),
        )
        .because(consequence, resign(fix));
        findings.push(f);
    };
    let resign = format!(
        "Re-sign {} (and keep its signer running: signatures must be renewed before they expire).",
        apex.prose()
    );
    report(
        FindingKind::MissingSignatures,
        missing,
        "RRsets without a signature by the zone's keys".into(),
        resign.clone(),
    );
    if let Some((_, _, at)) = expired.first() {
        let at = *at;
        report(
            FindingKind::SignaturesExpired,
            expired.into_iter().map(|(o, t, _)| (o, t)).collect(),
            format!("Signatures expired (the first at {at})"),
            resign.clone(),
        );
    }
    if let Some((_, _, at)) = early.first() {
        let at = *at;
        report(
            FindingKind::SignaturesNotYetValid,
            early.into_iter().map(|(o, t, _)| (o, t)).collect(),
            format!("Signatures not valid yet (from {at})"),
            format!(
                "Re-sign {} with the signer's clock right: signatures must start before the date validators check them at.",
                apex.prose()
            ),
        );
    }
}

/// The zone's proof that a name does not exist, as its servers send it
/// and as a validator checks it.
fn denial(
    facts: &Facts<'_>,
    context: &Dnssec,
    zone: &Zone,
    keys: &[Vec<u8>],
    now: UtcTime,
    findings: &mut Vec<Finding>,
) {
    let apex = zone.apex();
    let Ok(absent) = apex.child(b"dns-lab-absent") else {
        return;
    };
    let question = Question::new(absent.clone(), RType::A);
    let reply = answer_from_zone(zone, &question, 0, true);
    let Some(message) = reply.message else {
        return;
    };
    if message.rcode != crate::sim::authority::Rcode::NXDomain {
        return; // a wildcard answers for it
    }
    let key_refs: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
    if prove_absence(
        &absent,
        Absence::Name,
        apex,
        &message.authority,
        &key_refs,
        now,
        &*context.crypto,
    )
    .is_ok()
    {
        return;
    }
    let (severity, consequence) = confirmed(facts, context, &question, not_reached(apex));
    let f = Finding::new(
        FindingKind::BrokenDenial,
        severity,
        vec![apex.clone()],
        format!(
            "{} cannot prove that a name does not exist: its NSEC or NSEC3 records are missing or unsigned",
            apex.prose()
        ),
    )
    .because(
        consequence,
        resign_fix(
            facts,
            context,
            apex,
            format!(
                "Re-sign {}: the signer builds the NSEC (or NSEC3) chain and signs it.",
                apex.prose()
            ),
        ),
    );
    findings.push(f);
}
