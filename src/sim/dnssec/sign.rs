//! Signing a zone (RFC 4035 §2).
//!
//! The signer adds the zone's keys to its DNSKEY RRset, an RRSIG for every
//! RRset the zone is authoritative for — the key-signing keys sign the
//! DNSKEY RRset, the zone-signing keys the rest — and the NSEC or NSEC3
//! chain with its signatures. Asked to, it also publishes CDS and CDNSKEY
//! records (RFC 7344): the DS the zone wants at its parent, signed by the
//! key-signing keys, for a registrar that picks them up. Two kinds of data are not signed: the NS
//! RRset at a delegation and glue, which belong to the child and are only
//! hints in the parent (§2.2). The DS RRset at a delegation is the
//! parent's own, and is signed.
//!
//! Re-signing keeps every signature whose RRset and key are unchanged and
//! that is not due for renewal, as real signers do, so an edit to one
//! RRset changes only its own RRSIGs and the chain links around it. An
//! unchanged RRset is recognised by comparing it with the zone the last
//! output was signed from, when that is known ([`Previous::data`]), else
//! by signing it again with the old signature's dates: signatures are
//! deterministic (RFC 6979 for ECDSA; Ed25519 by design), so the same
//! octets come back exactly when the RRset is unchanged.

use super::canonical::{SignatureFields, signature_labels, signed_data};
use super::crypto::Cryptography;
use super::denial::{Link, Nsec3Params, nsec_chain, nsec3_chain};
use super::keys::{KeyPair, KeyState, ds_for, is_entry_point};
use super::time::{UtcTime, reached};
use super::{Denial, Signing};
use crate::sim::hash::{HashMap, HashSet};
use crate::sim::name::Name;
use crate::sim::record::{Opaque, RData, RType, Record};
use crate::sim::zone::Zone;
use crate::sim::zonefile::{parse_record, parse_zone};
use std::collections::BTreeMap;
use std::fmt;

/// Why a zone cannot be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignError {
    NoKeys,
    /// Only keys in the Published state: nothing would sign.
    NoActiveKey,
    /// A zone without an SOA record is not a zone a signer takes.
    NoSoa,
    BadSalt(String),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::NoKeys => f.write_str("the zone has no keys to sign with"),
            SignError::NoActiveKey => {
                f.write_str("every key is only published: make one active to sign")
            }
            SignError::NoSoa => f.write_str("the zone has no SOA record, so it cannot be signed"),
            SignError::BadSalt(message) => f.write_str(message),
        }
    }
}

/// The RRsets a signer covers, by owner then type: what the zone is
/// authoritative for, the parent's side of its cuts, and its own DNSKEYs.
struct Covered<'z> {
    nodes: BTreeMap<&'z Name, Node>,
}

struct Node {
    /// A delegation point: only its DS RRset is signed.
    cut: bool,
    rrsets: BTreeMap<u16, (u32, Vec<RData>)>,
}

impl Node {
    fn signed_types(&self) -> impl Iterator<Item = u16> + '_ {
        self.rrsets
            .keys()
            .copied()
            .filter(|&code| !self.cut || code != RType::NS.code())
    }
}

impl<'z> Covered<'z> {
    fn of(zone: &'z Zone, keys: &[KeyPair], dnskey_ttl: u32, publish_cds: bool) -> Covered<'z> {
        let mut nodes = BTreeMap::new();
        for (owner, records) in zone.nodes() {
            let cut_above = zone.cut_above(owner);
            let cut = cut_above.as_ref() == Some(owner);
            if cut_above.is_some() && !cut {
                continue; // glue, or data the cut hides
            }
            let mut rrsets: BTreeMap<u16, (u32, Vec<RData>)> = BTreeMap::new();
            for record in records {
                let rtype = record.rtype();
                if rtype.is_signer_output() || (cut && !rtype.belongs_at_cut()) {
                    continue;
                }
                let (ttl, datas) = rrsets
                    .entry(rtype.code())
                    .or_insert((record.ttl, Vec::new()));
                *ttl = (*ttl).min(record.ttl);
                datas.push(record.data.clone());
            }
            if !rrsets.is_empty() {
                nodes.insert(owner, Node { cut, rrsets });
            }
        }
        if let Some(apex) = nodes.get_mut(zone.apex()) {
            let (_, datas) = apex
                .rrsets
                .entry(RType::DNSKEY.code())
                .or_insert((dnskey_ttl, Vec::new()));
            for key in keys {
                let data = other(RType::DNSKEY, key.dnskey());
                if !datas.contains(&data) {
                    datas.push(data);
                }
            }
            if publish_cds {
                let entry_points = keys
                    .iter()
                    .map(KeyPair::dnskey)
                    .filter(|k| is_entry_point(k));
                for dnskey in entry_points {
                    for (rtype, data) in [
                        (RType::CDS, ds_for(zone.apex(), dnskey)),
                        (RType::CDNSKEY, dnskey.to_vec()),
                    ] {
                        let (_, datas) = apex
                            .rrsets
                            .entry(rtype.code())
                            .or_insert((dnskey_ttl, Vec::new()));
                        let data = other(rtype, &data);
                        if !datas.contains(&data) {
                            datas.push(data);
                        }
                    }
                }
            }
        }
        Covered { nodes }
    }
}

fn other(rtype: RType, wire: &[u8]) -> RData {
    let RType::Other(code) = rtype else {
        unreachable!("the signer's types are kept as data")
    };
    RData::Other(Opaque::from_wire(code, wire).expect("the signer writes well-formed data"))
}

/// An RRSIG the signer made before, by what it covers and which key.
type PreviousSignatures = HashMap<(Name, u16, u16), (SignatureFields, Vec<u8>)>;

fn previous_signatures(records: &[Record]) -> PreviousSignatures {
    records
        .iter()
        .filter(|r| r.rtype().is_rrsig())
        .filter_map(|r| {
            let RData::Other(data) = &r.data else {
                return None;
            };
            let (fields, signature) = SignatureFields::from_wire(data.wire())?;
            let key = (r.owner.clone(), fields.type_covered.code(), fields.key_tag);
            Some((key, (fields, signature.to_vec())))
        })
        .collect()
}

/// The keys that sign the DNSKEY RRset and those that sign the rest. A
/// zone with only one kind signs everything with it.
fn signers(keys: &[KeyPair]) -> (Vec<&KeyPair>, Vec<&KeyPair>) {
    let active: Vec<&KeyPair> = keys
        .iter()
        .filter(|k| k.state() == KeyState::Active)
        .collect();
    let of = |keys: bool| -> Vec<&KeyPair> {
        active
            .iter()
            .copied()
            .filter(|k| {
                if keys {
                    k.role().signs_keys()
                } else {
                    k.role().signs_data()
                }
            })
            .collect()
    };
    let (key_signers, data_signers) = (of(true), of(false));
    match (key_signers.is_empty(), data_signers.is_empty()) {
        (true, _) => (data_signers.clone(), data_signers),
        (_, true) => (key_signers.clone(), key_signers),
        _ => (key_signers, data_signers),
    }
}

struct Signer<'a> {
    apex: &'a Name,
    now: UtcTime,
    fresh: SignatureTimes,
    previous: PreviousSignatures,
    /// RRsets (owner, type) known to hold what the previous run signed: a
    /// fresh old signature of theirs is kept without signing again.
    unchanged: HashSet<(Name, u16)>,
    /// Signatures the signer left as they were, made anew, and made only
    /// to compare with an old one.
    kept: usize,
    made: usize,
    compared: usize,
}

#[derive(Clone, Copy)]
struct SignatureTimes {
    inception: u32,
    expiration: u32,
    /// A kept signature must still be valid this long from now.
    renew_within: u64,
}

impl Signer<'_> {
    fn sign(
        &mut self,
        owner: &Name,
        rtype: RType,
        ttl: u32,
        rrset: &[&RData],
        key: &KeyPair,
    ) -> Record {
        let mut fields = SignatureFields {
            type_covered: rtype,
            algorithm: key.algorithm().number(),
            labels: signature_labels(owner),
            original_ttl: ttl,
            expiration: self.fresh.expiration,
            inception: self.fresh.inception,
            key_tag: key.key_tag(),
            signer: self.apex.clone(),
        };
        let reuse = self
            .previous
            .get(&(owner.clone(), rtype.code(), key.key_tag()))
            .filter(|(old, _)| {
                old.algorithm == fields.algorithm
                    && old.labels == fields.labels
                    && old.original_ttl == ttl
                    && old.signer == fields.signer
                    && reached(self.now, old.inception)
                    && !reached(self.now.after(self.fresh.renew_within), old.expiration)
            });
        let mut signature = None;
        if let Some((old, old_signature)) = reuse {
            let unchanged = self.unchanged.contains(&(owner.clone(), rtype.code())) || {
                self.compared += 1;
                key.sign(&signed_data(old, owner, rrset)) == *old_signature
            };
            if unchanged {
                fields = old.clone();
                signature = Some(old_signature.clone());
                self.kept += 1;
            }
        }
        let signature = signature.unwrap_or_else(|| {
            self.made += 1;
            key.sign(&signed_data(&fields, owner, rrset))
        });
        let mut wire = fields.to_wire();
        wire.extend_from_slice(&signature);
        Record::new(owner.clone(), ttl, other(RType::RRSIG, &wire))
    }
}

/// The RRsets that hold what the previous run signed: the zone's data
/// compared with the data it signed then (the keys' own RRset aside: the
/// keys may have changed), and the proofs with its proofs.
fn unchanged_rrsets(
    covered: &Covered,
    proofs: &[Record],
    keys: &[KeyPair],
    dnskey_ttl: u32,
    previous: Previous,
) -> HashSet<(Name, u16)> {
    let mut unchanged = HashSet::default();
    if let Some(data) = previous.data {
        let before = Covered::of(data, keys, dnskey_ttl, false);
        for (owner, node) in &covered.nodes {
            for (code, rrset) in &node.rrsets {
                let same = before
                    .nodes
                    .get(owner)
                    .and_then(|old| old.rrsets.get(code))
                    .is_some_and(|old| old == rrset);
                if same && !RType::from_code(*code).is_ok_and(RType::is_made_from_keys) {
                    unchanged.insert(((*owner).clone(), *code));
                }
            }
        }
    }
    let old_proofs: HashSet<&Record> = previous
        .output
        .iter()
        .filter(|r| matches!(r.rtype(), RType::NSEC | RType::NSEC3))
        .collect();
    for proof in proofs.iter().filter(|p| old_proofs.contains(p)) {
        unchanged.insert((proof.owner.clone(), proof.rtype().code()));
    }
    unchanged
}

/// What one run of the signer made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// DNSKEY, RRSIG, NSEC or NSEC3 and NSEC3PARAM records.
    pub records: Vec<Record>,
    /// Signatures kept from the previous run, and made anew.
    pub kept: usize,
    pub made: usize,
    /// Signatures made only to compare with old ones, for RRsets the
    /// signer could not tell unchanged otherwise.
    pub compared: usize,
}

/// What the signer made before: its output, and, when known, the zone it
/// signed then (its text's records), to tell unchanged RRsets without
/// signing them again.
#[derive(Clone, Copy, Default)]
pub struct Previous<'a> {
    pub output: &'a [Record],
    pub data: Option<&'a Zone>,
}

/// Signs `zone` (its records from the zone's text; any signatures and
/// proofs in it are dropped) with `signing`'s keys at `now`, keeping the
/// still-good signatures of the `previous` run.
pub fn sign_zone(
    zone: &Zone,
    signing: &Signing,
    now: UtcTime,
    previous: Previous,
    crypto: &dyn Cryptography,
) -> Result<Signed, SignError> {
    if signing.keys.is_empty() {
        return Err(SignError::NoKeys);
    }
    let apex = zone.apex();
    let soa = zone.soa_record().ok_or(SignError::NoSoa)?;
    let RData::SOA(soa_data) = &soa.data else {
        return Err(SignError::NoSoa);
    };
    let nsec3 = match &signing.denial {
        Denial::NSEC => None,
        Denial::NSEC3 { iterations, salt } => {
            Some(Nsec3Params::new(*iterations, salt).map_err(SignError::BadSalt)?)
        }
    };
    let keys: Vec<KeyPair> = signing
        .keys
        .iter()
        .map(|key| KeyPair::derive(apex, key, crypto))
        .collect();
    let (key_signers, data_signers) = signers(&keys);
    if key_signers.is_empty() {
        return Err(SignError::NoActiveKey);
    }
    // RFC 4034 §4, RFC 9077 §3: proofs of absence live as long as a
    // negative answer may be cached.
    let negative_ttl = soa_data.minimum.min(soa.ttl);
    let dnskey_ttl = zone
        .rrset(apex, RType::DNSKEY)
        .first()
        .map_or(soa.ttl, |r| r.ttl);
    let mut covered = Covered::of(zone, &keys, dnskey_ttl, signing.publish_cds);
    let mut proofs: Vec<Record> = Vec::new();
    let links: Vec<Link> = covered
        .nodes
        .iter()
        .map(|(owner, node)| Link {
            owner,
            types: node.rrsets.keys().copied().collect(),
        })
        .collect();
    match &nsec3 {
        None => {
            for (owner, data) in nsec_chain(&links) {
                proofs.push(Record::new(owner, negative_ttl, other(RType::NSEC, &data)));
            }
        }
        Some(params) => {
            let signed = |name: &Name| {
                covered
                    .nodes
                    .get(name)
                    .is_some_and(|node| node.signed_types().next().is_some())
            };
            let mut links = links;
            if let Some(link) = links.iter_mut().find(|l| l.owner == apex) {
                link.types.insert(RType::NSEC3PARAM.code());
            }
            for (owner, data) in nsec3_chain(apex, &links, signed, params) {
                proofs.push(Record::new(owner, negative_ttl, other(RType::NSEC3, &data)));
            }
        }
    }
    if let Some(params) = &nsec3
        && let Some(node) = covered.nodes.get_mut(apex)
    {
        // TTL 0, as BIND writes it: only signers read it.
        node.rrsets.insert(
            RType::NSEC3PARAM.code(),
            (0, vec![other(RType::NSEC3PARAM, &params.param_data())]),
        );
    }

    let lifetime = u64::from(signing.validity.lifetime);
    let mut signer = Signer {
        apex,
        now,
        fresh: SignatureTimes {
            inception: now
                .before(u64::from(signing.validity.inception_before))
                .rrsig_field(),
            expiration: now.after(lifetime).rrsig_field(),
            // Renewed in the last quarter of their life, as BIND's
            // sig-validity-interval does by default.
            renew_within: lifetime / 4,
        },
        previous: previous_signatures(previous.output),
        unchanged: unchanged_rrsets(&covered, &proofs, &keys, dnskey_ttl, previous),
        kept: 0,
        made: 0,
        compared: 0,
    };
    let mut records = Vec::new();
    for (owner, node) in &covered.nodes {
        for code in node.signed_types() {
            let (ttl, datas) = &node.rrsets[&code];
            let rtype = RType::from_code(code).expect("read from a zone");
            let rrset: Vec<&RData> = datas.iter().collect();
            // RFC 7344 §4.1: the CDS and CDNSKEY RRsets are signed by a key
            // the parent's DS names, as the DNSKEY RRset is.
            let keys = if rtype.is_made_from_keys() {
                &key_signers
            } else {
                &data_signers
            };
            for key in keys {
                records.push(signer.sign(owner, rtype, *ttl, &rrset, key));
            }
        }
        // The signer's own records (the zone's DNSKEYs, CDS and CDNSKEY,
        // NSEC3PARAM) are output; records from the zone's text are not
        // repeated.
        for code in [RType::DNSKEY, RType::CDS, RType::CDNSKEY, RType::NSEC3PARAM].map(RType::code)
        {
            if let Some((ttl, datas)) = node.rrsets.get(&code) {
                for data in datas {
                    let in_text = zone.records_at(owner).iter().any(|r| r.data == *data);
                    if !in_text {
                        records.push(Record::new((*owner).clone(), *ttl, data.clone()));
                    }
                }
            }
        }
    }
    for proof in &proofs {
        for key in &data_signers {
            records.push(signer.sign(&proof.owner, proof.rtype(), proof.ttl, &[&proof.data], key));
        }
    }
    records.extend(proofs);
    Ok(Signed {
        records,
        kept: signer.kept,
        made: signer.made,
        compared: signer.compared,
    })
}

/// The signer's output as text, one record per line.
pub fn output_text(records: &[Record]) -> String {
    let mut text = String::new();
    for record in records {
        text.push_str(&record.to_string());
        text.push('\n');
    }
    text
}

/// Reads the signer's output for the zone at `apex` back, or says which
/// line is wrong. Scenarios come from strangers: a line that is not a
/// record the signer makes (DNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM, CDS,
/// CDNSKEY) in this zone would serve data the zone's text does not hold.
pub fn read_output(text: &str, apex: &Name) -> Result<Vec<Record>, (usize, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let record =
                parse_record(line, &Name::root(), 0).map_err(|problem| (i + 1, problem.message))?;
            let rtype = record.rtype();
            if !(rtype.is_signer_output() || rtype.is_made_from_keys()) {
                return Err((i + 1, format!("{rtype} is not a record a signer makes")));
            }
            if !record.owner.is_subdomain_of(apex) {
                return Err((
                    i + 1,
                    format!("{} is outside the zone {apex}", record.owner),
                ));
            }
            Ok(record)
        })
        .collect()
}

impl Signing {
    /// Signing settings for a new zone: one key of each kind (KSK and
    /// ZSK) with `algorithm`, their seeds from `seed`.
    pub fn new(algorithm: super::Algorithm, seed: u64) -> Signing {
        Signing::with_keys(algorithm, seed, false)
    }

    /// Signing settings for a new zone with one combined key (a CSK, which
    /// signs everything) or, unless `combined`, a KSK and a ZSK.
    pub fn with_keys(algorithm: super::Algorithm, seed: u64, combined: bool) -> Signing {
        use super::keys::{KeyRole, ZoneKey};
        let key = |role, seed| ZoneKey {
            role,
            algorithm,
            seed,
            state: KeyState::Active,
        };
        let keys = if combined {
            vec![key(KeyRole::CSK, seed)]
        } else {
            vec![
                key(KeyRole::KSK, seed),
                key(KeyRole::ZSK, seed.wrapping_add(1)),
            ]
        };
        Signing {
            keys,
            denial: Denial::default(),
            validity: super::Validity::default(),
            maintained: true,
            publish_cds: false,
            signed_at: UtcTime::default(),
            signed_from: String::new(),
            output: String::new(),
        }
    }

    /// These settings after the signer runs on `zone` at `now`, keeping
    /// what it made before where it still holds.
    ///
    /// `text` is the zone's text, `zone` its records; `earlier` a text the
    /// zone had before (the one an edit replaced), if any. Whichever of
    /// the two the last output was made from (by its digest) tells which
    /// RRsets are unchanged.
    pub fn resigned(
        &self,
        text: &str,
        zone: &Zone,
        earlier: Option<&str>,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(Signing, Signed), SignError> {
        let output = read_output(&self.output, zone.apex()).unwrap_or_default();
        let earlier_zone = earlier
            .filter(|earlier| text_digest(earlier) == self.signed_from)
            .and_then(|earlier| parse_zone(earlier, zone.apex()).ok())
            .map(|parsed| parsed.zone);
        let data = if text_digest(text) == self.signed_from {
            Some(zone)
        } else {
            earlier_zone.as_ref()
        };
        let previous = Previous {
            output: &output,
            data,
        };
        let signed = sign_zone(zone, self, now, previous, crypto)?;
        let signing = Signing {
            signed_at: now,
            signed_from: text_digest(text),
            output: output_text(&signed.records),
            ..self.clone()
        };
        Ok((signing, signed))
    }
}

/// The digest that ties a signer's output to the text it signed: SHA-256,
/// in hex.
pub fn text_digest(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|octet| format!("{octet:02x}"))
        .collect()
}

/// The zone's records as a DNS host with this signing serves them: the
/// text's own data without signatures or proofs, then the signer's output.
pub fn served_records<'z>(
    zone: &'z Zone,
    output: &'z [Record],
) -> impl Iterator<Item = Record> + 'z {
    zone.records()
        .filter(|r| !r.rtype().is_signer_output())
        .cloned()
        .chain(output.iter().cloned())
}

/// When the signatures among `records` start and stop being valid, read
/// near `now`: the latest inception (before it, some signature is not yet
/// valid) and the earliest expiration (after it, some signature has
/// expired). `None` without signatures.
pub fn signature_window<'r>(
    records: impl IntoIterator<Item = &'r Record>,
    now: UtcTime,
) -> Option<(UtcTime, UtcTime)> {
    records
        .into_iter()
        .filter(|r| r.rtype().is_rrsig())
        .filter_map(|r| match &r.data {
            RData::Other(data) => SignatureFields::from_wire(data.wire()),
            _ => None,
        })
        .map(|(fields, _)| {
            (
                UtcTime::from_rrsig_field(fields.inception, now),
                UtcTime::from_rrsig_field(fields.expiration, now),
            )
        })
        .reduce(|(inception, expiration), (i, e)| (inception.max(i), expiration.min(e)))
}
