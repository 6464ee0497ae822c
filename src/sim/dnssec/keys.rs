//! Zone keys: DNSKEY records, key tags, and the DS records that point at
//! them from the parent.
//!
//! A signed zone publishes its public keys as DNSKEY records at the apex
//! (RFC 4034 §2). Flags 257 (the Secure Entry Point bit set) mark a
//! key-signing key (KSK): the one the parent's DS record names, which signs
//! the DNSKEY RRset; flags 256 a zone-signing key (ZSK), which signs the
//! rest. One key may do both (a combined signing key, CSK). A key is known
//! by its algorithm and its key tag, a 16-bit checksum of its DNSKEY data
//! (RFC 4034 Appendix B), which RRSIG and DS records quote.
//!
//! The DS record (RFC 4034 §5) is the parent's half of the pair: the
//! digest of the child's owner name and DNSKEY data. It is data of the
//! parent zone, set at the registrar, which is why it can be wrong.
//!
//! DNS Lab has no random source: a key's private half is derived from its
//! seed, a number the scenario stores, so the same scenario signs with the
//! same keys everywhere. That makes the keys public to anyone holding the
//! scenario — right for a lab, never for a real zone.

use super::crypto::{Cryptography, SigningKey};
use crate::sim::name::Name;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Signature algorithms DNS Lab signs with (RFC 8624 §3.1: 13 is
/// recommended for signing, 15 too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Algorithm {
    /// ECDSA on curve P-256 with SHA-256 (RFC 6605).
    #[serde(rename = "ECDSAP256SHA256")]
    EcdsaP256Sha256,
    /// Ed25519 (RFC 8080).
    #[serde(rename = "ED25519")]
    Ed25519,
}

impl Algorithm {
    pub const ALL: [Algorithm; 2] = [Algorithm::EcdsaP256Sha256, Algorithm::Ed25519];

    /// The number DNSKEY, RRSIG and DS records carry (IANA's DNS Security
    /// Algorithm Numbers).
    pub fn number(self) -> u8 {
        match self {
            Algorithm::EcdsaP256Sha256 => 13,
            Algorithm::Ed25519 => 15,
        }
    }

    pub fn from_number(number: u8) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.number() == number)
    }

    /// The mnemonic zone files and DNSViz use.
    pub fn mnemonic(self) -> &'static str {
        match self {
            Algorithm::EcdsaP256Sha256 => "ECDSAP256SHA256",
            Algorithm::Ed25519 => "ED25519",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.mnemonic(), self.number())
    }
}

/// What a key signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum KeyRole {
    /// Key-signing key: signs the DNSKEY RRset; the parent's DS names it.
    KSK,
    /// Zone-signing key: signs every other RRset.
    ZSK,
    /// Combined signing key: both.
    CSK,
}

impl KeyRole {
    /// The DNSKEY flags: the Zone Key bit (256), plus the Secure Entry
    /// Point bit (1) for a key the parent's DS is meant to name
    /// (RFC 4034 §2.1.1, RFC 3757).
    pub fn flags(self) -> u16 {
        match self {
            KeyRole::ZSK => 256,
            KeyRole::KSK | KeyRole::CSK => 257,
        }
    }

    pub fn signs_keys(self) -> bool {
        matches!(self, KeyRole::KSK | KeyRole::CSK)
    }

    pub fn signs_data(self) -> bool {
        matches!(self, KeyRole::ZSK | KeyRole::CSK)
    }
}

/// Where a key is in its life (RFC 7583 §3.1, simplified).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyState {
    /// In the DNSKEY RRset and signing.
    #[default]
    Active,
    /// In the DNSKEY RRset, not signing: a new key published ahead of use
    /// (caches learn it before signatures need it), or an old one kept
    /// until the signatures it made have expired from caches.
    Published,
}

/// A key as a scenario stores it: enough to derive the same key pair
/// again.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ZoneKey {
    pub role: KeyRole,
    pub algorithm: Algorithm,
    /// Derives the private key, with the zone's name (see the module doc).
    pub seed: u64,
    #[serde(default, skip_serializing_if = "is_active")]
    pub state: KeyState,
}

fn is_active(state: &KeyState) -> bool {
    *state == KeyState::Active
}

/// A key pair, derived from a [`ZoneKey`] for one zone.
pub struct KeyPair {
    role: KeyRole,
    state: KeyState,
    algorithm: Algorithm,
    key: Box<dyn SigningKey>,
    /// The DNSKEY record's data (RFC 4034 §2.1).
    dnskey: Vec<u8>,
}

impl KeyPair {
    /// The key pair `key` derives for the zone at `apex`.
    pub fn derive(apex: &Name, key: &ZoneKey, crypto: &dyn Cryptography) -> KeyPair {
        // A P-256 private key is a scalar below the group order, so the
        // rare 32 octets at or above it are skipped; any 32 octets are an
        // Ed25519 key.
        let pair = (0..=u8::MAX)
            .find_map(|counter| {
                crypto.signing_key(key.algorithm, &key_material(apex, key, counter))
            })
            .expect("256 tries at a 1-in-2^32 chance each");
        let public_key = pair.public_key();
        let mut dnskey = Vec::with_capacity(4 + public_key.len());
        dnskey.extend_from_slice(&key.role.flags().to_be_bytes());
        dnskey.push(3); // Protocol: always 3 (RFC 4034 §2.1.2).
        dnskey.push(key.algorithm.number());
        dnskey.extend_from_slice(&public_key);
        KeyPair {
            role: key.role,
            state: key.state,
            algorithm: key.algorithm,
            key: pair,
            dnskey,
        }
    }

    pub fn role(&self) -> KeyRole {
        self.role
    }

    pub fn state(&self) -> KeyState {
        self.state
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The DNSKEY record's data.
    pub fn dnskey(&self) -> &[u8] {
        &self.dnskey
    }

    pub fn key_tag(&self) -> u16 {
        key_tag(&self.dnskey)
    }

    /// The signature of `data` (see [`SigningKey::sign`]).
    pub fn sign(&self, data: &[u8]) -> Vec<u8> {
        self.key.sign(data)
    }
}

/// 32 octets from the key's seed, the zone's name and a counter.
fn key_material(apex: &Name, key: &ZoneKey, counter: u8) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"DNS Lab zone key\0");
    hash.update(apex.to_string().to_ascii_lowercase().as_bytes());
    hash.update([0, key.algorithm.number(), counter]);
    hash.update(key.seed.to_be_bytes());
    hash.finalize().into()
}

/// The key tag of DNSKEY data: the 16-bit one's-complement-like sum of
/// RFC 4034 Appendix B (for every algorithm but the retired 1).
pub fn key_tag(dnskey: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for (i, &octet) in dnskey.iter().enumerate() {
        sum += if i % 2 == 0 {
            u32::from(octet) << 8
        } else {
            u32::from(octet)
        };
    }
    sum += (sum >> 16) & 0xffff;
    (sum & 0xffff) as u16
}

/// Whether DNSKEY data is a key a DS record or a trust anchor should name:
/// a zone key with the Secure Entry Point flag (257, a KSK or CSK), not
/// revoked (RFC 4034 §2.1.1, RFC 5011 §3).
pub fn is_entry_point(dnskey: &[u8]) -> bool {
    dnskey
        .first_chunk()
        .is_some_and(|&flags| u16::from_be_bytes(flags) & 0x0181 == 0x0101)
}

/// DS digest types DNS Lab computes (RFC 4509: SHA-256, the one to use).
pub const DS_SHA256: u8 = 2;

/// The data of the DS record for the DNSKEY data `dnskey` of the zone at
/// `owner`: key tag, algorithm, digest type 2 and
/// SHA-256(owner in canonical wire form | DNSKEY data) (RFC 4034 §5.1.4).
pub fn ds_for(owner: &Name, dnskey: &[u8]) -> Vec<u8> {
    let digest = ds_digest(owner, dnskey, DS_SHA256).expect("SHA-256 is computed");
    let mut ds = Vec::with_capacity(4 + digest.len());
    ds.extend_from_slice(&key_tag(dnskey).to_be_bytes());
    ds.push(dnskey.get(3).copied().unwrap_or(0));
    ds.push(DS_SHA256);
    ds.extend_from_slice(&digest);
    ds
}

/// DS digest types a validator checks: SHA-256 (RFC 4509) and SHA-384
/// (RFC 6605); SHA-1 is no longer to be used for validation (RFC 8624 §3.3).
pub const DS_SHA384: u8 = 4;

/// The digest of digest type `digest_type` over the owner in canonical form
/// and the DNSKEY data (RFC 4034 §5.1.4); `None` for a type not computed.
pub fn ds_digest(owner: &Name, dnskey: &[u8], digest_type: u8) -> Option<Vec<u8>> {
    let owner = super::canonical::name(owner);
    match digest_type {
        DS_SHA256 => Some(
            Sha256::new()
                .chain_update(&owner)
                .chain_update(dnskey)
                .finalize()
                .to_vec(),
        ),
        DS_SHA384 => Some(
            sha2::Sha384::new()
                .chain_update(&owner)
                .chain_update(dnskey)
                .finalize()
                .to_vec(),
        ),
        _ => None,
    }
}

/// What a DS record at the parent says about the child's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DsMatch {
    /// Its digest is that of the key with this tag; `sep`: the key has
    /// the Secure Entry Point flag (a KSK).
    Key { key_tag: u16, sep: bool },
    /// No key the child publishes has this digest: validators find no
    /// chain into the child (DNSViz `NO_SEP`, EDE 9 DNSKEY Missing).
    NoKey,
    /// A digest type DNS Lab does not compute (only SHA-256, type 2):
    /// only the key tag and algorithm are compared.
    Unchecked { key_tag: u16, tag_found: bool },
}

/// Which of `dnskeys` (DNSKEY data of the zone at `child`) the DS data
/// `ds` names.
pub fn ds_matches(child: &Name, ds: &[u8], dnskeys: &[&[u8]]) -> DsMatch {
    let key_tag = ds
        .first_chunk()
        .map_or(0, |&octets| u16::from_be_bytes(octets));
    if ds.get(3) != Some(&DS_SHA256) {
        let tag_found = dnskeys
            .iter()
            .any(|key| self::key_tag(key) == key_tag && key.get(3) == ds.get(2));
        return DsMatch::Unchecked { key_tag, tag_found };
    }
    dnskeys
        .iter()
        .find(|key| ds_for(child, key) == ds)
        .map_or(DsMatch::NoKey, |key| DsMatch::Key {
            key_tag,
            sep: key.get(1).is_some_and(|flags| flags & 1 == 1),
        })
}

impl DsMatch {
    /// What the match means, in the words the inspector and the CLI use.
    pub fn words(&self) -> String {
        match self {
            DsMatch::Key { key_tag, sep: true } => {
                format!("matches the zone's KSK {key_tag}")
            }
            DsMatch::Key { key_tag, sep: false } => format!(
                "matches key {key_tag}, which is not marked as a KSK (flags 256): validators accept it, but DS records are meant for KSKs"
            ),
            DsMatch::NoKey => "matches no key the zone publishes: validators find no way into the zone, and its answers are bogus unless another DS matches".to_string(),
            DsMatch::Unchecked { key_tag, tag_found } => format!(
                "a digest type DNS Lab does not check; key tag {key_tag} {}",
                if *tag_found { "is the zone's" } else { "is no key of the zone" }
            ),
        }
    }
}
