//! Checking one RRset's signatures (RFC 4035 §5.3).
//!
//! An RRSIG authenticates an RRset when its fields fit (the type it covers,
//! the signer is the zone whose keys are trusted, the owner has at least
//! the labels it counts), the date lies between its inception and
//! expiration (§5.3.1), a trusted key has its tag and algorithm, and the
//! signature verifies over the RRset in canonical form with the RRSIG's
//! original TTL (§5.3.2). One such RRSIG is enough. An RRSIG that counts
//! fewer labels than the owner has was made for a wildcard: the owner it
//! signed is `*` and the rightmost labels (§5.3.2, RFC 4592).

use super::Problem;
use crate::sim::dnssec::canonical::{SignatureFields, signed_data};
use crate::sim::dnssec::crypto::Cryptography;
use crate::sim::dnssec::keys::key_tag;
use crate::sim::dnssec::time::{UtcTime, reached};
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};

/// What a verified signature says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    pub owner: Name,
    pub rtype: RType,
    pub key_tag: u16,
    pub algorithm: u8,
    pub expiration: UtcTime,
    /// The wildcard it was made for, when it was.
    pub wildcard: Option<Name>,
}

/// The RRSIG data and fields of `records` that cover `rtype` at `owner`.
pub fn signatures_for<'r>(
    records: &'r [Record],
    owner: &Name,
    rtype: RType,
) -> Vec<(SignatureFields, &'r [u8])> {
    records
        .iter()
        .filter(|r| r.owner == *owner)
        .filter_map(|r| match &r.data {
            RData::Other(data) if r.rtype() == RType::RRSIG => {
                SignatureFields::from_wire(data.wire())
            }
            _ => None,
        })
        .filter(|(fields, _)| fields.type_covered == rtype)
        .collect()
}

/// DNSKEY data usable to verify: the Zone Key flag set (RFC 4034 §2.1.1),
/// not revoked (RFC 5011 §3).
fn zone_key(dnskey: &[u8]) -> bool {
    dnskey
        .first_chunk()
        .is_some_and(|&flags| u16::from_be_bytes(flags) & 0x0180 == 0x0100)
}

/// Checks the RRset `rrset` (owner `owner`, type `rtype`) against the
/// signatures among `signatures` made by `signer` with one of `keys`
/// (DNSKEY data), at `now`.
pub fn verify_rrset(
    rrset: &[&Record],
    signatures: &[(SignatureFields, &[u8])],
    signer: &Name,
    keys: &[&[u8]],
    now: UtcTime,
    crypto: &dyn Cryptography,
) -> Result<SignatureCheck, Problem> {
    // Callers pass RRsets that are there; an empty one has nothing signed.
    let Some(first) = rrset.first() else {
        return Err(Problem::NoSignature {
            owner: signer.clone(),
            rtype: RType::SOA,
        });
    };
    let owner = &first.owner;
    let rtype = first.rtype();
    let datas: Vec<&RData> = rrset.iter().map(|r| &r.data).collect();
    // The most telling failure so far: a bad signature beats a missing one,
    // a date problem beats a bad signature (the signature itself is fine).
    let mut problem = Problem::NoSignature {
        owner: owner.clone(),
        rtype,
    };
    for (fields, signature) in signatures {
        if fields.signer != *signer || usize::from(fields.labels) > owner.label_count() {
            continue;
        }
        let key_tag_named = fields.key_tag;
        let candidates: Vec<&&[u8]> = keys
            .iter()
            .filter(|k| {
                zone_key(k) && k.get(3) == Some(&fields.algorithm) && key_tag(k) == key_tag_named
            })
            .collect();
        if candidates.is_empty() {
            if matches!(problem, Problem::NoSignature { .. }) {
                problem = Problem::BadSignature {
                    owner: owner.clone(),
                    rtype,
                    key_tag: key_tag_named,
                };
            }
            continue;
        }
        if !reached(now, fields.inception) {
            problem = Problem::SignatureNotYetValid {
                owner: owner.clone(),
                rtype,
                key_tag: key_tag_named,
                inception: UtcTime::from_rrsig_field(fields.inception, now),
            };
            continue;
        }
        if reached(now, fields.expiration.wrapping_add(1)) {
            problem = Problem::SignatureExpired {
                owner: owner.clone(),
                rtype,
                key_tag: key_tag_named,
                expiration: UtcTime::from_rrsig_field(fields.expiration, now),
            };
            continue;
        }
        let wildcard = (usize::from(fields.labels) < owner.label_count())
            .then(|| owner.trim_to(usize::from(fields.labels)))
            .flatten()
            .and_then(|base| base.child(b"*").ok());
        let signed_owner = wildcard.as_ref().unwrap_or(owner);
        let data = signed_data(fields, signed_owner, &datas);
        let verdicts: Vec<Option<bool>> = candidates
            .iter()
            .map(|key| crypto.verify(fields.algorithm, &key[4..], &data, signature))
            .collect();
        if verdicts.iter().all(Option::is_none) {
            if matches!(problem, Problem::NoSignature { .. }) {
                problem = Problem::UnsupportedAlgorithm {
                    owner: owner.clone(),
                    rtype,
                    algorithm: fields.algorithm,
                };
            }
            continue;
        }
        if verdicts.contains(&Some(true)) {
            return Ok(SignatureCheck {
                owner: owner.clone(),
                rtype,
                key_tag: key_tag_named,
                algorithm: fields.algorithm,
                expiration: UtcTime::from_rrsig_field(fields.expiration, now),
                wildcard,
            });
        }
        if !matches!(
            problem,
            Problem::SignatureExpired { .. } | Problem::SignatureNotYetValid { .. }
        ) {
            problem = Problem::BadSignature {
                owner: owner.clone(),
                rtype,
                key_tag: key_tag_named,
            };
        }
    }
    Err(problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::dnssec::RustCrypto;
    use crate::sim::zonefile::parse_record;

    fn record(line: &str) -> Record {
        parse_record(line, &Name::root(), 3_600).unwrap()
    }

    #[test]
    fn a_signature_in_an_algorithm_the_validator_cannot_check_is_named() {
        // RSA/SHA-1 (algorithm 5): RFC 8624 §3.1 no longer asks validators
        // to check it, and DNS Lab's cryptography does not.
        let key = record(
            "example.test. 3600 IN DNSKEY 256 3 5 AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=",
        );
        let RData::Other(key_data) = &key.data else {
            panic!("DNSKEY data is kept as data")
        };
        let tag = key_tag(key_data.wire());
        let a = record("www.example.test. 3600 IN A 192.0.2.1");
        let sig = record(&format!(
            "www.example.test. 3600 IN RRSIG A 5 3 3600 20300101000000 20200101000000 {tag} example.test. AAAA"
        ));
        let records = vec![a.clone(), sig];
        let signatures = signatures_for(&records, &a.owner, RType::A);
        let now = UtcTime::parse("2026-01-01T00:00:00Z").unwrap();
        let apex = Name::parse("example.test.").unwrap();
        let verdict = verify_rrset(
            &[&a],
            &signatures,
            &apex,
            &[key_data.wire()],
            now,
            &RustCrypto,
        );
        assert_eq!(
            verdict,
            Err(Problem::UnsupportedAlgorithm {
                owner: a.owner.clone(),
                rtype: RType::A,
                algorithm: 5
            })
        );
        assert_eq!(verdict.unwrap_err().extended_error().0, 1);
    }
}
