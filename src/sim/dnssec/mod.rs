//! DNSSEC: signed zones, and the chain of trust across each zone cut.
//!
//! DNSSEC (RFC 4033, 4034, 4035) lets a resolver check that an answer is
//! the data the zone's owner published. A signed zone publishes its
//! public keys as DNSKEY records at its apex and signs every RRset it is
//! authoritative for with RRSIG records; NSEC (or NSEC3, RFC 5155) records
//! chain its names in order, so that "no such name" and "no such type" are
//! signed too. The parent vouches for the child's key with a DS record at
//! the delegation: the digest of the child's key-signing key.
//!
//! So a delegation has a third pair that must match on both sides of the
//! cut, beside the NS set and the glue: the DS records at the registrar
//! and the DNSKEY records the DNS host signs with. A validating resolver
//! walks from a trust anchor (the root's key) down: DS at the parent, the
//! child's DNSKEY with that digest, the DNSKEY RRset signed by that key,
//! the answer signed by a key in that set. A break anywhere makes the
//! answer *bogus*, and validating resolvers answer SERVFAIL.
//!
//! The pieces:
//! - [`time`]: the scenario's UTC date, which signatures are valid around;
//! - [`keys`]: key pairs derived from stored seeds, DNSKEY data, key tags
//!   and DS digests;
//! - [`crypto`]: the signature algorithms' arithmetic, behind an interface
//!   (the web app loads it only once a zone is signed);
//! - [`canonical`]: the form records are signed in;
//! - [`denial`]: the NSEC and NSEC3 chains;
//! - [`sign`]: signing a zone, and re-signing only what changed;
//! - [`anchor`]: the trust anchor a validator starts from;
//! - [`validate`]: checking signatures, keys and proofs of absence the way a
//!   validating resolver does.

pub mod anchor;
pub mod canonical;
pub mod crypto;
pub mod denial;
pub mod keys;
pub mod sign;
pub mod time;
pub mod validate;

pub use crypto::{Cryptography, RustCrypto};
pub use keys::{Algorithm, KeyPair, KeyRole, KeyState, ZoneKey};
pub use time::UtcTime;

use serde::{Deserialize, Serialize};

/// How a zone is signed, as a scenario stores it: the keys and settings a
/// DNS host's signer keeps, and what it made the last time it ran.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Signing {
    pub keys: Vec<ZoneKey>,
    #[serde(default)]
    pub denial: Denial,
    #[serde(default)]
    pub validity: Validity,
    /// The host re-signs after every edit (online signing, as most DNS
    /// hosts do). Off, the signatures stay as they were made and expire in
    /// their time: a signer that stopped running.
    #[serde(default = "yes")]
    pub maintained: bool,
    /// The signer also publishes CDS and CDNSKEY records for the
    /// key-signing keys (RFC 7344 §3): the DS the zone wants at its parent,
    /// for a registrar that reads them to pick up.
    #[serde(default, skip_serializing_if = "is_false")]
    pub publish_cds: bool,
    /// When the signer last ran, on the scenario's clock.
    pub signed_at: UtcTime,
    /// The SHA-256 of the text it signed then ([`sign::text_digest`]):
    /// what tells an unchanged RRset from an edited one next time.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signed_from: String,
    /// What it made: the DNSKEY, RRSIG, NSEC or NSEC3 and NSEC3PARAM
    /// records (and CDS and CDNSKEY), one per line, with absolute names.
    #[serde(default, deserialize_with = "crate::sim::zonefile::text_or_lines")]
    pub output: String,
}

fn yes() -> bool {
    true
}

fn is_false(on: &bool) -> bool {
    !on
}

/// How the zone proves that a name or type does not exist.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind")]
#[allow(clippy::upper_case_acronyms)]
pub enum Denial {
    /// NSEC (RFC 4034 §4): each name points at the next, in the clear.
    #[default]
    NSEC,
    /// NSEC3 (RFC 5155): the chain runs over hashed names. RFC 9276 §3.1:
    /// no extra iterations and no salt, which only cost resolvers work.
    NSEC3 {
        #[serde(default)]
        iterations: u16,
        /// The salt, in hex; empty for none.
        #[serde(default)]
        salt: String,
    },
}

/// How long signatures are valid (RFC 4034 §3.1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Validity {
    /// Seconds before signing that signatures start: resolvers whose clocks
    /// run a little behind still accept them.
    pub inception_before: u32,
    /// Seconds from signing to expiration.
    pub lifetime: u32,
}

impl Default for Validity {
    /// An hour back, two weeks ahead: the order of what BIND and Knot do.
    fn default() -> Self {
        Validity {
            inception_before: 3_600,
            lifetime: 14 * 86_400,
        }
    }
}
