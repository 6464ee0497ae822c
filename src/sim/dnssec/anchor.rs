//! Trust anchors: the keys a validator trusts without asking anyone.
//!
//! Validation has to start somewhere (RFC 4033 §5): a validator is
//! configured with the root zone's key-signing key, or its DS, and every
//! other key is trusted only through DS records from that one down. In a
//! DNS Lab world the anchor is the simulated root's KSK; for a world built
//! on the real root zone, the real root KSK the zone file publishes. Only
//! a key the root actually uses is an anchor: one that signs the root's
//! DNSKEY RRset at the scenario's date (RFC 5011 §2 trusts a new key only
//! once it is in use, and a revoked one never).
//!
//! A scenario may set its own anchor instead ([`read_anchor`]): the root's
//! DNSKEY or DS records as text, as operators give them to Unbound
//! (`trust-anchor:`) and BIND (`trust-anchors { … }`), for instance the key
//! of a root the world used to have, to see every answer go bogus.

use super::canonical::SignatureFields;
use super::keys::{is_entry_point, key_tag};
use super::time::{UtcTime, reached};
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};
use crate::sim::zone::Zone;
use crate::sim::zonefile::parse_record;

/// The root's DNSKEY records that a validator should trust at `now`: keys
/// with the Secure Entry Point bit (flags 257), not revoked, whose tag
/// signs the DNSKEY RRset with a signature valid at `now`. When no
/// signature says so (an unsigned root), none.
pub fn trust_anchors(root: &Zone, now: UtcTime) -> Vec<Record> {
    anchors_signing(root, |fields| {
        reached(now, fields.inception) && !reached(now, fields.expiration.wrapping_add(1))
    })
}

/// The anchor a validator in the world keeps: the keys that sign the
/// root's keys at `now` or, when no signature is valid then (the root's
/// signer stopped, or has not yet signed for that date), the keys that
/// sign them at all. A configured anchor stays when the root's signatures
/// expire, and a validator then finds them expired.
pub fn configured_anchors(root: &Zone, now: UtcTime) -> Vec<Record> {
    let current = trust_anchors(root, now);
    if current.is_empty() {
        anchors_signing(root, |_| true)
    } else {
        current
    }
}

/// The root's SEP keys whose tag signs its DNSKEY RRset with a signature
/// `counts` accepts.
fn anchors_signing(root: &Zone, counts: impl Fn(&SignatureFields) -> bool) -> Vec<Record> {
    let signing_tags: Vec<u16> = root
        .rrset_wire(root.apex(), RType::RRSIG)
        .into_iter()
        .filter_map(SignatureFields::from_wire)
        .filter(|(fields, _)| fields.type_covered == RType::DNSKEY && counts(fields))
        .map(|(fields, _)| fields.key_tag)
        .collect();
    root.rrset(root.apex(), RType::DNSKEY)
        .into_iter()
        .filter(|r| match &r.data {
            RData::Other(data) => {
                let wire = data.wire();
                wire.len() > 4 && is_entry_point(wire) && signing_tags.contains(&key_tag(wire))
            }
            _ => false,
        })
        .cloned()
        .collect()
}

/// Reads a trust anchor written as the root's DNSKEY or DS records, one per
/// line in zone-file syntax (`. DNSKEY 257 3 13 …`, `. DS 20326 8 2 …`;
/// blank lines and `;` comments are skipped). A line that is not such a
/// record is an error: its 1-based number and what is wrong.
pub fn read_anchor(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut records = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let content = line.split(';').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let record = parse_record(content, &Name::root(), 3_600)
            .map_err(|problem| (index + 1, problem.message))?;
        if !record.owner.is_root() || !matches!(record.rtype(), RType::DNSKEY | RType::DS) {
            return Err((
                index + 1,
                format!(
                    "a trust anchor is a DNSKEY or DS record of the root (.), not {} {}",
                    record.owner,
                    record.rtype()
                ),
            ));
        }
        records.push(record);
    }
    if records.is_empty() {
        return Err((1, "the trust anchor holds no DNSKEY or DS record".into()));
    }
    Ok(records)
}
