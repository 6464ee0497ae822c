//! Authenticated denial of existence: the NSEC and NSEC3 chains.
//!
//! A signature can only cover data that exists, so a signed zone proves
//! absence by chaining its names: each NSEC record (RFC 4034 §4) names the
//! next owner in canonical order and lists the types its own name holds. A
//! name between two links does not exist; a type missing from a name's list
//! is not there. The chain covers every name the zone is authoritative
//! for and every delegation point, but not glue (RFC 4035 §2.3).
//!
//! NSEC lets anyone walk the chain and list the zone. NSEC3 (RFC 5155)
//! chains the SHA-1 hashes of the names instead, in hash order, and also
//! gives empty non-terminals a link (§7.1). RFC 9276 asks for no extra
//! iterations and no salt: they cost resolvers and protect little.

use super::canonical;
use crate::sim::name::Name;
use crate::sim::record::RType;
use domain::base::iana::Rtype;
use domain::rdata::dnssec::RtypeBitmap;
use sha1::{Digest, Sha1};
use std::collections::BTreeSet;

/// A name in the chain and the types its bitmap lists.
pub struct Link<'z> {
    pub owner: &'z Name,
    pub types: BTreeSet<u16>,
}

/// The type bitmap of RFC 4034 §4.1.2 for `types`.
pub fn type_bitmap(types: &BTreeSet<u16>) -> Vec<u8> {
    let mut builder = RtypeBitmap::<Vec<u8>>::builder();
    for &code in types {
        builder.add(Rtype::from_int(code)).expect("a vector grows");
    }
    builder.finalize().as_slice().to_vec()
}

/// NSEC data for each link, in canonical order, the last pointing back at
/// the first (the apex). Each list gains NSEC and RRSIG: the NSEC record
/// is there, and signed.
pub fn nsec_chain(links: &[Link]) -> Vec<(Name, Vec<u8>)> {
    let mut records = Vec::with_capacity(links.len());
    for (i, link) in links.iter().enumerate() {
        let next = links[(i + 1) % links.len()].owner;
        let mut types = link.types.clone();
        types.insert(RType::NSEC.code());
        types.insert(RType::RRSIG.code());
        let mut data = next.to_wire().as_slice().to_vec();
        data.extend_from_slice(&type_bitmap(&types));
        records.push((link.owner.clone(), data));
    }
    records
}

/// NSEC3 settings, read from [`super::Denial::NSEC3`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nsec3Params {
    pub iterations: u16,
    pub salt: Vec<u8>,
}

/// The hash algorithm number of SHA-1, the only one defined (RFC 5155 §11).
const SHA1: u8 = 1;

impl Nsec3Params {
    /// Reads the salt's hex ("" or "-" for none).
    pub fn new(iterations: u16, salt: &str) -> Result<Nsec3Params, String> {
        let salt = match salt.trim() {
            "" | "-" => Vec::new(),
            hex => decode_hex(hex)
                .filter(|salt| salt.len() <= 255)
                .ok_or_else(|| {
                    format!("the NSEC3 salt \"{hex}\" is not up to 255 octets in hex")
                })?,
        };
        Ok(Nsec3Params { iterations, salt })
    }

    /// The NSEC3PARAM data (RFC 5155 §4.2): flags 0. NSEC3 data starts the
    /// same way (§3.2; flags 0: no opt-out).
    pub fn param_data(&self) -> Vec<u8> {
        let mut data = vec![SHA1, 0];
        data.extend_from_slice(&self.iterations.to_be_bytes());
        data.push(self.salt.len() as u8);
        data.extend_from_slice(&self.salt);
        data
    }

    /// The hash of `name` (RFC 5155 §5): SHA-1 of its canonical wire form
    /// and the salt, then of each result and the salt again, `iterations`
    /// more times.
    pub fn hash(&self, name: &Name) -> [u8; 20] {
        let mut digest: [u8; 20] = Sha1::new()
            .chain_update(canonical::name(name))
            .chain_update(&self.salt)
            .finalize()
            .into();
        for _ in 0..self.iterations {
            digest = Sha1::new()
                .chain_update(digest)
                .chain_update(&self.salt)
                .finalize()
                .into();
        }
        digest
    }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// NSEC3 records for the links and the empty non-terminals among them, as
/// (owner, data): each owner is the base32hex hash as a label under the
/// apex, and points at the next hash in order (RFC 5155 §7.1). RRSIG is
/// listed where `signed` says the name holds signed data.
pub fn nsec3_chain(
    apex: &Name,
    links: &[Link],
    signed: impl Fn(&Name) -> bool,
    params: &Nsec3Params,
) -> Vec<(Name, Vec<u8>)> {
    let mut names: Vec<(&Name, BTreeSet<u16>)> = Vec::new();
    let owners: BTreeSet<&Name> = links.iter().map(|l| l.owner).collect();
    let mut empty_non_terminals = BTreeSet::new();
    for link in links {
        let mut types = link.types.clone();
        if signed(link.owner) {
            types.insert(RType::RRSIG.code());
        }
        names.push((link.owner, types));
        for ancestor in link.owner.ancestors().skip(1) {
            if !ancestor.is_strictly_below(apex) {
                break;
            }
            if !owners.contains(&ancestor) {
                empty_non_terminals.insert(ancestor);
            }
        }
    }
    let mut hashed: Vec<([u8; 20], BTreeSet<u16>)> = names
        .into_iter()
        .map(|(name, types)| (params.hash(name), types))
        .chain(
            empty_non_terminals
                .iter()
                .map(|name| (params.hash(name), BTreeSet::new())),
        )
        .collect();
    hashed.sort_by_key(|a| a.0);
    hashed.dedup_by(|a, b| a.0 == b.0);
    let mut records = Vec::with_capacity(hashed.len());
    for (i, (hash, types)) in hashed.iter().enumerate() {
        let next = &hashed[(i + 1) % hashed.len()].0;
        let Some(owner) = hashed_owner(hash, apex) else {
            // Only a name already at the length limit has no room for
            // the hash label; such a zone's NSEC3 chain cannot exist.
            continue;
        };
        let mut data = params.param_data();
        data.push(next.len() as u8);
        data.extend_from_slice(next);
        data.extend_from_slice(&type_bitmap(types));
        records.push((owner, data));
    }
    records
}

/// An NSEC record's data, read (RFC 4034 §4.1): the next owner in the
/// chain and the type bitmap.
pub fn read_nsec(data: &[u8]) -> Option<(Name, &[u8])> {
    let (next, at) = canonical::read_name(data, 0)?;
    Some((next, &data[at..]))
}

/// Whether a type bitmap lists `rtype`; a malformed bitmap lists nothing.
pub fn bitmap_has(bitmap: &[u8], rtype: RType) -> bool {
    RtypeBitmap::from_octets(bitmap)
        .is_ok_and(|types| types.contains(Rtype::from_int(rtype.code())))
}

/// An NSEC3 record's data, read (RFC 5155 §3.2).
pub struct Nsec3Data<'d> {
    pub hash_algorithm: u8,
    /// Bit 0: opt-out (RFC 5155 §3.1.2.1).
    pub flags: u8,
    pub params: Nsec3Params,
    pub next_hash: &'d [u8],
    pub bitmap: &'d [u8],
}

impl Nsec3Data<'_> {
    pub fn opt_out(&self) -> bool {
        self.flags & 1 == 1
    }
}

/// Reads NSEC3 data, or NSEC3PARAM data (which stops after the salt).
pub fn read_nsec3(data: &[u8]) -> Option<Nsec3Data<'_>> {
    let hash_algorithm = *data.first()?;
    let flags = *data.get(1)?;
    let iterations = u16::from_be_bytes([*data.get(2)?, *data.get(3)?]);
    let salt_len = usize::from(*data.get(4)?);
    let salt = data.get(5..5 + salt_len)?.to_vec();
    let mut at = 5 + salt_len;
    let (next_hash, bitmap) = match data.get(at) {
        Some(&len) => {
            at += 1;
            let next = data.get(at..at + usize::from(len))?;
            (next, &data[at + usize::from(len)..])
        }
        None => (&data[at..], &data[at..]),
    };
    Some(Nsec3Data {
        hash_algorithm,
        flags,
        params: Nsec3Params { iterations, salt },
        next_hash,
        bitmap,
    })
}

/// The hash an NSEC3 owner name carries in its first label, under the
/// zone at `apex`.
pub fn owner_hash(owner: &Name, apex: &Name) -> Option<Vec<u8>> {
    if owner.parent().as_ref() != Some(apex) {
        return None;
    }
    let label = owner.labels().next()?;
    let text = std::str::from_utf8(label).ok()?.to_ascii_uppercase();
    domain::utils::base32::decode_hex::<Vec<u8>>(&text).ok()
}

/// The owner name of the NSEC3 record for `hash` in the zone at `apex`.
pub fn hashed_owner(hash: &[u8], apex: &Name) -> Option<Name> {
    let label = domain::utils::base32::encode_string_hex(hash).to_ascii_lowercase();
    apex.child(label.as_bytes()).ok()
}

/// Whether `value` lies strictly between `from` and `to` on a chain that
/// wraps around: the last link (`to` at or before `from`) covers what
/// follows it and what precedes the first (RFC 4034 §4.1.1, RFC 5155 §3.1.7).
pub fn covers<T: Ord + ?Sized>(from: &T, to: &T, value: &T) -> bool {
    if from < to {
        from < value && value < to
    } else {
        value > from || value < to
    }
}
