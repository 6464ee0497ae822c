//! Validation: checking signed data against the chain of trust
//! (RFC 4035 §5).
//!
//! A validating resolver trusts a zone's keys only when something it
//! already trusts vouches for them: the trust anchor for the root
//! ([`super::anchor`]), and for every other zone a DS RRset at its parent,
//! itself signed by the parent's trusted keys. The keys are the DNSKEY
//! RRset: trusted when a key whose digest a trusted DS carries (or the
//! anchor names) signs it (§5.2). Every other RRset is then checked
//! against the zone's trusted keys: an RRSIG by one of them, valid at the
//! resolver's date, over the RRset in canonical form (§5.3). A negative
//! answer is checked the same way, through the NSEC or NSEC3 records that
//! prove it (§5.4, RFC 5155 §8).
//!
//! Each answer comes out as one of the four states of §4.3:
//! - **secure**: every link from the anchor down checked out;
//! - **insecure**: the parent proved, with a signed NSEC or NSEC3 record,
//!   that the zone has no DS, so it is meant to be unsigned; also a zone
//!   whose DS names only algorithms or digests the validator cannot check
//!   (§5.2, RFC 6840 §5.2);
//! - **bogus**: a link that should hold does not (a DS that matches no key,
//!   a missing or expired signature, a missing proof): the resolver answers
//!   SERVFAIL, with the Extended DNS Error that names the break (RFC 8914);
//! - **indeterminate**: no trust anchor to start from.
//!
//! The pieces: [`rrset`] checks one RRset's signatures, [`keys`] a zone's
//! DNSKEY RRset against its DS RRset or the anchor, [`proof`] the NSEC and
//! NSEC3 records of a negative answer.

pub mod keys;
pub mod proof;
pub mod rrset;

use super::time::UtcTime;
use crate::sim::name::Name;
use crate::sim::record::RType;
use std::fmt;

/// What a validator concluded about an answer (RFC 4035 §4.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Security {
    Secure,
    Insecure,
    Bogus(Problem),
    Indeterminate,
}

impl Security {
    /// The word RFC 4035 and the CLI's JSON use.
    pub fn word(&self) -> &'static str {
        match self {
            Security::Secure => "secure",
            Security::Insecure => "insecure",
            Security::Bogus(_) => "bogus",
            Security::Indeterminate => "indeterminate",
        }
    }

    /// The weaker of two states, for an answer made of parts (a CNAME chain
    /// across zones is only as secure as its least secure link).
    pub fn and(self, other: Security) -> Security {
        fn rank(s: &Security) -> u8 {
            match s {
                Security::Secure => 0,
                Security::Insecure => 1,
                Security::Indeterminate => 2,
                Security::Bogus(_) => 3,
            }
        }
        if rank(&other) > rank(&self) {
            other
        } else {
            self
        }
    }

    pub fn is_bogus(&self) -> bool {
        matches!(self, Security::Bogus(_))
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A break in the chain of trust: why an answer is bogus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The parent's DS records name no key the zone publishes
    /// (DNSViz `NO_SEP`; Zonemaster DNSSEC02).
    NoKeyForDs { zone: Name },
    /// No trust-anchor key is in the root's DNSKEY RRset.
    NoKeyForAnchor,
    /// The DNSKEY RRset could not be fetched.
    NoDnskey { zone: Name },
    /// The DS RRset could not be fetched, or came unsigned from a signed
    /// parent.
    NoDs { zone: Name },
    /// An RRset came without a signature by the zone's keys
    /// (DNSViz `MISSING_RRSIG`).
    NoSignature { owner: Name, rtype: RType },
    /// Its only signatures expired (DNSViz `EXPIRATION_IN_PAST`).
    SignatureExpired {
        owner: Name,
        rtype: RType,
        key_tag: u16,
        expiration: UtcTime,
    },
    /// Its only signatures start later (DNSViz `INCEPTION_IN_FUTURE`).
    SignatureNotYetValid {
        owner: Name,
        rtype: RType,
        key_tag: u16,
        inception: UtcTime,
    },
    /// A signature does not verify, or names a key the zone lacks
    /// (DNSViz `SIGNATURE_INVALID`).
    BadSignature {
        owner: Name,
        rtype: RType,
        key_tag: u16,
    },
    /// An NXDOMAIN without the NSEC or NSEC3 records that prove it.
    NoNameProof { name: Name },
    /// A NODATA answer without the NSEC or NSEC3 record that proves it.
    NoTypeProof { name: Name, rtype: RType },
    /// A wildcard answer without the proof that the name itself is absent.
    NoWildcardProof { name: Name },
    /// Its only signatures use an algorithm the validator cannot check,
    /// though the zone's trusted keys include one it can (a zone whose DS
    /// names only such algorithms is insecure instead, RFC 4035 §5.2).
    UnsupportedAlgorithm {
        owner: Name,
        rtype: RType,
        algorithm: u8,
    },
    /// The zone's keys were found bogus by an earlier validation, and the
    /// verdict is still cached: the resolver does not ask again until it
    /// expires.
    KnownBadKeys { zone: Name, first: Box<Problem> },
}

impl Problem {
    /// The RFC 8914 Extended DNS Error for the break, with its name.
    pub fn extended_error(&self) -> (u16, &'static str) {
        match self {
            Problem::NoKeyForDs { .. } | Problem::NoKeyForAnchor | Problem::NoDnskey { .. } => {
                (9, "DNSKEY Missing")
            }
            Problem::NoSignature { .. } => (10, "RRSIGs Missing"),
            Problem::SignatureExpired { .. } => (7, "Signature Expired"),
            Problem::SignatureNotYetValid { .. } => (8, "Signature Not Yet Valid"),
            Problem::NoNameProof { .. }
            | Problem::NoTypeProof { .. }
            | Problem::NoWildcardProof { .. } => (12, "NSEC Missing"),
            Problem::NoDs { .. } | Problem::BadSignature { .. } => (6, "DNSSEC Bogus"),
            Problem::UnsupportedAlgorithm { .. } => (1, "Unsupported DNSKEY Algorithm"),
            // Unbound keeps the break's code with the key it marks bad,
            // except that a DS matching no key is remembered as plain bogus
            // (seen in the differential suite: 9 at first, then 6).
            Problem::KnownBadKeys { first, .. } => match first.as_ref() {
                Problem::NoKeyForDs { .. } => (6, "DNSSEC Bogus"),
                first => first.extended_error(),
            },
        }
    }

    /// The zone whose data or keys broke the chain, for a sentence.
    pub fn words(&self) -> String {
        match self {
            Problem::NoKeyForDs { zone } => format!(
                "the DS records for {} at its parent match none of the keys the zone publishes",
                zone.prose()
            ),
            Problem::NoKeyForAnchor => {
                "the root publishes no key that the trust anchor names".to_string()
            }
            Problem::NoDnskey { zone } => {
                format!(
                    "the DNSKEY records of {} could not be fetched",
                    zone.prose()
                )
            }
            Problem::NoDs { zone } => format!(
                "the parent of {} neither signs a DS RRset for it nor proves it has none",
                zone.prose()
            ),
            Problem::NoSignature { owner, rtype } => {
                format!(
                    "{} {rtype} has no signature by the zone's keys",
                    owner.prose()
                )
            }
            Problem::SignatureExpired {
                owner,
                rtype,
                key_tag,
                expiration,
            } => format!(
                "the signature of {} {rtype} by key {key_tag} expired at {expiration}",
                owner.prose()
            ),
            Problem::SignatureNotYetValid {
                owner,
                rtype,
                key_tag,
                inception,
            } => format!(
                "the signature of {} {rtype} by key {key_tag} is valid only from {inception}",
                owner.prose()
            ),
            Problem::BadSignature {
                owner,
                rtype,
                key_tag,
            } => format!(
                "the signature of {} {rtype} by key {key_tag} does not verify with the zone's keys",
                owner.prose()
            ),
            Problem::NoNameProof { name } => format!(
                "no signed NSEC or NSEC3 record proves that {} does not exist",
                name.prose()
            ),
            Problem::NoTypeProof { name, rtype } => format!(
                "no signed NSEC or NSEC3 record proves that {} has no {rtype} records",
                name.prose()
            ),
            Problem::KnownBadKeys { zone, first } => format!(
                "the keys of {} are marked bogus from an earlier validation ({}); the resolver will not check them again until that verdict expires",
                zone.prose(),
                first.words()
            ),
            Problem::UnsupportedAlgorithm {
                owner,
                rtype,
                algorithm,
            } => format!(
                "{} {rtype} is signed only with algorithm {algorithm}, which the validator cannot check",
                owner.prose()
            ),
            Problem::NoWildcardProof { name } => format!(
                "the answer for {} came from a wildcard without the NSEC or NSEC3 record that proves the name itself does not exist",
                name.prose()
            ),
        }
    }
}
