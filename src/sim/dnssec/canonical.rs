//! The canonical form of records, which signatures are made over
//! (RFC 4034 §6).
//!
//! A signature must verify however a server compressed or capitalised the
//! records it sent, so signer and validator both rebuild one form: names
//! uncompressed and in lower case (in the data too, for the types RFC 4034
//! §6.2 lists, as amended by RFC 6840 §5.1), each record with the RRSIG's
//! original TTL, and the records of an RRset sorted by their data's octets
//! (§6.3).

use crate::sim::name::Name;
use crate::sim::record::{RData, RType};
use domain::base::ToName;
use domain::base::rdata::ComposeRecordData;

/// A name in canonical wire form: labels in lower case, uncompressed.
pub fn name(name: &Name) -> Vec<u8> {
    let mut octets = Vec::with_capacity(name.wire_len());
    name.to_wire()
        .compose_canonical(&mut octets)
        .expect("a vector grows");
    octets
}

/// Record data in canonical form.
pub fn rdata(data: &RData) -> Vec<u8> {
    let mut octets = Vec::new();
    data.to_wire_data()
        .compose_canonical_rdata(&mut octets)
        .expect("a vector grows");
    octets
}

/// The fields of an RRSIG before its signature (RFC 4034 §3.1), which are
/// signed with the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureFields {
    pub type_covered: RType,
    pub algorithm: u8,
    /// The owner's labels, not counting the root or a leading `*`
    /// (RFC 4034 §3.1.3): how a validator tells a wildcard answer.
    pub labels: u8,
    pub original_ttl: u32,
    pub expiration: u32,
    pub inception: u32,
    pub key_tag: u16,
    pub signer: Name,
}

impl SignatureFields {
    /// The RRSIG data up to the signature, signer's name in canonical form.
    pub fn to_wire(&self) -> Vec<u8> {
        let mut octets = Vec::with_capacity(18 + self.signer.wire_len());
        octets.extend_from_slice(&self.type_covered.code().to_be_bytes());
        octets.push(self.algorithm);
        octets.push(self.labels);
        octets.extend_from_slice(&self.original_ttl.to_be_bytes());
        octets.extend_from_slice(&self.expiration.to_be_bytes());
        octets.extend_from_slice(&self.inception.to_be_bytes());
        octets.extend_from_slice(&self.key_tag.to_be_bytes());
        octets.extend_from_slice(&name(&self.signer));
        octets
    }
}

impl SignatureFields {
    /// Reads RRSIG data: the fields, and the signature after them.
    pub fn from_wire(data: &[u8]) -> Option<(SignatureFields, &[u8])> {
        let fixed = data.get(..18)?;
        let u16_at = |i: usize| u16::from_be_bytes([fixed[i], fixed[i + 1]]);
        let u32_at =
            |i: usize| u32::from_be_bytes([fixed[i], fixed[i + 1], fixed[i + 2], fixed[i + 3]]);
        let (signer, at) = read_name(data, 18)?;
        let fields = SignatureFields {
            type_covered: RType::from_code(u16_at(0)).ok()?,
            algorithm: fixed[2],
            labels: fixed[3],
            original_ttl: u32_at(4),
            expiration: u32_at(8),
            inception: u32_at(12),
            key_tag: u16_at(16),
            signer,
        };
        Some((fields, &data[at..]))
    }
}

/// The uncompressed name in `data` at `at` (as RRSIG, NSEC and DS-era
/// record data carry names, RFC 4034 §3.1.7, §4.1.1), and where it ends.
pub fn read_name(data: &[u8], mut at: usize) -> Option<(Name, usize)> {
    let mut labels = Vec::new();
    loop {
        let len = usize::from(*data.get(at)?);
        at += 1;
        if len == 0 {
            break;
        }
        labels.push(data.get(at..at + len)?.into());
        at += len;
    }
    Some((Name::from_labels(labels).ok()?, at))
}

/// The labels an RRSIG counts for `owner` (RFC 4034 §3.1.3).
pub fn signature_labels(owner: &Name) -> u8 {
    let count = owner.label_count() - usize::from(owner.is_wildcard());
    count as u8
}

/// What an RRSIG signs: its own fields, then each record of the RRset in
/// canonical form and order (RFC 4034 §3.1.8.1, §6.3), duplicates once.
pub fn signed_data(fields: &SignatureFields, owner: &Name, rrset: &[&RData]) -> Vec<u8> {
    let mut datas: Vec<Vec<u8>> = rrset.iter().map(|data| rdata(data)).collect();
    datas.sort();
    datas.dedup();
    let owner = name(owner);
    let mut octets = fields.to_wire();
    for data in datas {
        octets.extend_from_slice(&owner);
        octets.extend_from_slice(&fields.type_covered.code().to_be_bytes());
        octets.extend_from_slice(&1u16.to_be_bytes()); // class IN
        octets.extend_from_slice(&fields.original_ttl.to_be_bytes());
        octets.extend_from_slice(&(data.len() as u16).to_be_bytes());
        octets.extend_from_slice(&data);
    }
    octets
}
