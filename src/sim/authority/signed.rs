//! What a server adds for a resolver that asks for DNSSEC records.
//!
//! A query with the DO bit (RFC 3225) asks the server to send what a
//! validator needs beside the data (RFC 4035 §3.1):
//! - the RRSIG records of every RRset in the answer and authority sections
//!   (§3.1.1); an answer made from a wildcard gets the wildcard's RRSIGs,
//!   renamed to the name asked, and the NSEC or NSEC3 record that proves
//!   the name itself does not exist (§3.1.3.3);
//! - for a name that does not exist, the NSEC record that covers it and the
//!   one that proves no wildcard could have answered (§3.1.3.2); for a name
//!   without the type asked, the NSEC record at the name, whose type bitmap
//!   leaves the type out (§3.1.3.1); with NSEC3, the closest-encloser proof
//!   of RFC 5155 §7.2;
//! - in a referral, the DS RRset of the cut with its RRSIGs, or the NSEC
//!   (NSEC3) record of the cut that proves there is none: a delegation to
//!   an unsigned zone (§3.1.4).
//!
//! Everything comes from the zone's own records: a zone that was never
//! signed has none of them to add, and a zone with a missing signature
//! sends the answer without it, for the validator to judge.

use super::{Disposition, Question, Rcode, Reply};
use crate::sim::dnssec::denial::{
    Nsec3Params, covers, hashed_owner, owner_hash, read_nsec, read_nsec3,
};
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};
use crate::sim::zone::Zone;

/// Adds the DNSSEC records of `zone` that the reply to `question` needs.
pub(super) fn add_dnssec_records(zone: &Zone, question: &Question, reply: &mut Reply) {
    let Some(message) = reply.message.as_mut() else {
        return;
    };
    let mut proof: Vec<Record> = Vec::new();
    if let Disposition::Referral { cut } = &reply.disposition {
        let ds = zone.rrset(cut, RType::DS);
        if ds.is_empty() {
            proof.extend(no_type_proof(zone, cut));
        } else {
            proof.extend(ds.into_iter().cloned());
            proof.extend(signatures(zone, cut, RType::DS));
        }
        extend_unique(&mut message.authority, proof);
        return;
    }

    let mut signed_answer = Vec::new();
    for (owner, rtype) in rrset_keys(&message.answer) {
        if zone.records_at(&owner).iter().any(|r| r.rtype() == rtype) {
            signed_answer.extend(signatures(zone, &owner, rtype));
        } else if let Some(wildcard) = zone.wildcard_for(&owner) {
            signed_answer.extend(signatures(zone, &wildcard, rtype).into_iter().map(|sig| {
                Record {
                    owner: owner.clone(),
                    ..sig
                }
            }));
            proof.extend(no_name_proof(zone, &owner, false));
        }
        // Otherwise a CNAME a DNAME synthesized: it is never signed
        // (RFC 6672 §5.3.1); the DNAME's signature covers it.
    }
    let mut signed_authority = Vec::new();
    for (owner, rtype) in rrset_keys(&message.authority) {
        signed_authority.extend(signatures(zone, &owner, rtype));
    }

    // A negative answer (its SOA in the authority section) proves itself.
    let last = last_name(question, &message.answer);
    let answered = message
        .answer
        .iter()
        .any(|r| r.owner == last && r.rtype() == question.rtype);
    let negative = message.authority.iter().any(|r| r.rtype() == RType::SOA);
    if negative && !answered {
        if message.rcode == Rcode::NXDomain {
            proof.extend(no_name_proof(zone, &last, true));
        } else if let Some(wildcard) = zone.wildcard_for(&last) {
            proof.extend(no_type_proof(zone, &wildcard));
            proof.extend(no_name_proof(zone, &last, false));
        } else {
            proof.extend(no_type_proof(zone, &last));
        }
    }
    extend_unique(&mut message.answer, signed_answer);
    extend_unique(&mut message.authority, signed_authority);
    extend_unique(&mut message.authority, proof);
}

fn extend_unique(section: &mut Vec<Record>, records: Vec<Record>) {
    for record in records {
        if !section.contains(&record) {
            section.push(record);
        }
    }
}

/// Each (owner, type) in a section, in first-seen order.
fn rrset_keys(records: &[Record]) -> Vec<(Name, RType)> {
    let mut keys: Vec<(Name, RType)> = Vec::new();
    for record in records {
        let key = (record.owner.clone(), record.rtype());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// The name the answer ends at: the question's name, or the last target
/// of the CNAMEs in the answer.
fn last_name(question: &Question, answer: &[Record]) -> Name {
    let mut name = question.name.clone();
    for _ in 0..answer.len() {
        match answer.iter().find_map(|r| match &r.data {
            RData::CNAME(target) if r.owner == name => Some(target.clone()),
            _ => None,
        }) {
            Some(target) if target != name => name = target,
            _ => break,
        }
    }
    name
}

/// The RRSIG records at `owner` that cover `rtype`.
pub fn signatures(zone: &Zone, owner: &Name, rtype: RType) -> Vec<Record> {
    zone.rrset(owner, RType::RRSIG)
        .into_iter()
        .filter(|r| r.data.type_covered() == Some(rtype.code()))
        .cloned()
        .collect()
}

/// A chain link with its signatures.
fn link(zone: &Zone, record: &Record) -> Vec<Record> {
    let mut records = vec![record.clone()];
    records.extend(signatures(zone, &record.owner, record.rtype()));
    records
}

/// The zone's NSEC3 settings, from its NSEC3PARAM record: `None` for a
/// zone chained with NSEC, or not signed.
fn nsec3_params(zone: &Zone) -> Option<Nsec3Params> {
    zone.rrset_wire(zone.apex(), RType::NSEC3PARAM)
        .into_iter()
        .find_map(read_nsec3)
        .map(|data| data.params)
}

/// The NSEC record at `name`, or the one whose span covers it.
fn nsec_at_or_covering<'z>(zone: &'z Zone, name: &Name) -> Option<&'z Record> {
    zone.nodes_at_or_before(name)
        .find_map(|(_, records)| records.iter().find(|r| r.rtype() == RType::NSEC))
        .filter(|record| {
            record.owner == *name
                || match &record.data {
                    RData::Other(data) => read_nsec(data.wire())
                        .is_some_and(|(next, _)| covers(&record.owner, &next, name)),
                    _ => false,
                }
        })
}

/// The NSEC3 record whose hash is `hash`'s, or whose span covers it.
fn nsec3_at_or_covering<'z>(zone: &'z Zone, hash: &[u8]) -> Option<&'z Record> {
    let apex = zone.apex();
    let target = hashed_owner(hash, apex)?;
    let is_link = |r: &&Record| r.rtype() == RType::NSEC3;
    let before = zone
        .nodes_at_or_before(&target)
        .find_map(|(_, records)| records.iter().find(is_link));
    // Before the first hash: the last link, which wraps around, covers it.
    let found = before.or_else(|| {
        zone.nodes()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find_map(|(_, records)| records.iter().find(is_link))
    })?;
    let own = owner_hash(&found.owner, apex)?;
    let RData::Other(data) = &found.data else {
        return None;
    };
    let next = read_nsec3(data.wire())?.next_hash.to_vec();
    (own == hash || covers(own.as_slice(), next.as_slice(), hash)).then_some(found)
}

/// The proof that `name` exists without the type asked: the NSEC or NSEC3
/// record at the name (for an empty non-terminal under NSEC, the link that
/// covers it, whose next name lies below it).
fn no_type_proof(zone: &Zone, name: &Name) -> Vec<Record> {
    let found = match nsec3_params(zone) {
        Some(params) => nsec3_at_or_covering(zone, &params.hash(name)),
        None => nsec_at_or_covering(zone, name),
    };
    found.map(|r| link(zone, r)).unwrap_or_default()
}

/// The proof that `name` does not exist: under NSEC, the link that covers
/// it and, with `no_wildcard`, the one that covers the wildcard at its
/// closest encloser; under NSEC3, the closest encloser's own link, the one
/// covering the next closer name and (with `no_wildcard`) the wildcard's.
/// An answer made from a wildcard needs only the proof that the name
/// itself is not there.
fn no_name_proof(zone: &Zone, name: &Name, no_wildcard: bool) -> Vec<Record> {
    let encloser = zone
        .closest_encloser(name)
        .unwrap_or_else(|| zone.apex().clone());
    let wildcard = encloser.child(b"*").ok();
    let mut links: Vec<&Record> = Vec::new();
    match nsec3_params(zone) {
        Some(params) => {
            let next_closer = name.trim_to(encloser.label_count() + 1);
            if no_wildcard {
                links.extend(nsec3_at_or_covering(zone, &params.hash(&encloser)));
            }
            links.extend(next_closer.and_then(|n| nsec3_at_or_covering(zone, &params.hash(&n))));
            if no_wildcard {
                links.extend(wildcard.and_then(|w| nsec3_at_or_covering(zone, &params.hash(&w))));
            }
        }
        None => {
            links.extend(nsec_at_or_covering(zone, name));
            if no_wildcard {
                links.extend(wildcard.and_then(|w| nsec_at_or_covering(zone, &w)));
            }
        }
    }
    let mut records: Vec<Record> = Vec::new();
    for record in links {
        extend_unique(&mut records, link(zone, record));
    }
    records
}
