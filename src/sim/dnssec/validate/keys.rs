//! Trusting a zone's keys (RFC 4035 §5.2).
//!
//! A zone's DNSKEY RRset is trusted when one of its keys is vouched for —
//! its digest is in a DS record the validator trusts, or it is the trust
//! anchor itself — and that key signs the RRset. Then every key in the set
//! may sign the zone's other data. A DS record that names an algorithm or
//! digest type the validator cannot check does not count; when no DS
//! record is left, the zone is treated as unsigned (§5.2, RFC 6840 §5.2).

use super::Problem;
use super::rrset::{SignatureCheck, verify_rrset};
use crate::sim::dnssec::canonical::SignatureFields;
use crate::sim::dnssec::crypto::{Cryptography, verifiable};
use crate::sim::dnssec::keys::{DS_SHA256, DS_SHA384, ds_digest, key_tag};
use crate::sim::dnssec::time::UtcTime;
use crate::sim::name::Name;
use crate::sim::record::Record;

/// What vouches for a zone's keys: a DS record's data, or (for the root)
/// a trust anchor given as DNSKEY data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrustPoint<'a> {
    Ds(&'a [u8]),
    Key(&'a [u8]),
}

impl TrustPoint<'_> {
    /// Whether the validator can check it: an algorithm it verifies and,
    /// for DS, a digest type it computes.
    pub fn supported(&self) -> bool {
        match self {
            TrustPoint::Ds(ds) => {
                ds.get(2).copied().is_some_and(verifiable)
                    && matches!(ds.get(3), Some(&DS_SHA256 | &DS_SHA384))
            }
            TrustPoint::Key(key) => key.get(3).copied().is_some_and(verifiable),
        }
    }

    /// Whether it vouches for the DNSKEY data `key` of the zone at `zone`.
    pub fn names(&self, zone: &Name, key: &[u8]) -> bool {
        match self {
            TrustPoint::Key(anchor) => *anchor == key,
            TrustPoint::Ds(ds) => {
                ds.len() > 4
                    && ds[..2] == key_tag(key).to_be_bytes()
                    && key.get(3) == ds.get(2)
                    && ds_digest(zone, key, ds[3]).is_some_and(|digest| digest == ds[4..])
            }
        }
    }

    /// Key tag, algorithm and, for DS, digest type.
    pub fn summary(&self) -> (u16, u8, Option<u8>) {
        match self {
            TrustPoint::Ds(ds) => (
                ds.first_chunk().map_or(0, |&t| u16::from_be_bytes(t)),
                ds.get(2).copied().unwrap_or(0),
                ds.get(3).copied(),
            ),
            TrustPoint::Key(key) => (key_tag(key), key.get(3).copied().unwrap_or(0), None),
        }
    }
}

/// How a zone's keys came to be trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeysCheck {
    pub zone: Name,
    /// The DS record (or anchor) that named the key: its key tag,
    /// algorithm and digest type (`None` for an anchor given as a key).
    pub vouched_by: (u16, u8, Option<u8>),
    /// The signature of that key over the DNSKEY RRset.
    pub signature: SignatureCheck,
    /// The DNSKEY records, now trusted.
    pub keys: Vec<Record>,
}

/// What the check of a zone's DNSKEY RRset found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeysVerdict {
    Trusted(KeysCheck),
    /// Nothing vouches with an algorithm and digest the validator checks:
    /// the zone counts as unsigned.
    Unsupported,
    Broken(Problem),
}

/// Judges the DNSKEY RRset `dnskeys` of `zone`, with the RRSIGs that came
/// with it, against what vouches for it.
pub fn judge_keys(
    zone: &Name,
    dnskeys: &[&Record],
    signatures: &[(SignatureFields, &[u8])],
    points: &[TrustPoint],
    now: UtcTime,
    crypto: &dyn Cryptography,
) -> KeysVerdict {
    let points: Vec<&TrustPoint> = points.iter().filter(|p| p.supported()).collect();
    if points.is_empty() {
        return KeysVerdict::Unsupported;
    }
    let vouched: Vec<(&[u8], &TrustPoint)> = dnskeys
        .iter()
        .filter_map(|r| r.data.opaque_wire())
        .filter_map(|key| {
            points
                .iter()
                .find(|p| p.names(zone, key))
                .map(|p| (key, *p))
        })
        .collect();
    if vouched.is_empty() {
        return KeysVerdict::Broken(if zone.is_root() {
            Problem::NoKeyForAnchor
        } else if dnskeys.is_empty() {
            Problem::NoDnskey { zone: zone.clone() }
        } else {
            Problem::NoKeyForDs { zone: zone.clone() }
        });
    }
    let keys: Vec<&[u8]> = vouched.iter().map(|(key, _)| *key).collect();
    match verify_rrset(dnskeys, signatures, zone, &keys, now, crypto) {
        Ok(signature) => {
            let vouched_by = vouched
                .iter()
                .find(|(key, _)| key_tag(key) == signature.key_tag)
                .map_or(vouched[0].1.summary(), |(_, p)| p.summary());
            KeysVerdict::Trusted(KeysCheck {
                zone: zone.clone(),
                vouched_by,
                signature,
                keys: dnskeys.iter().map(|r| (*r).clone()).collect(),
            })
        }
        Err(problem) => KeysVerdict::Broken(problem),
    }
}
