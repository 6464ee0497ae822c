//! Checking a proof of absence (RFC 4035 §5.4, RFC 5155 §8).
//!
//! A negative answer is only as good as the NSEC or NSEC3 records that come
//! with it, each checked against the zone's keys first:
//! - **no such type** (NODATA): the record at the name itself, whose type
//!   bitmap lacks the type and CNAME. An empty non-terminal has no NSEC
//!   record; the one that covers it, with the next name below it, proves
//!   it exists empty. A wildcard may also have answered: then the name's
//!   absence and the wildcard's bitmap prove it;
//! - **no such name** (NXDOMAIN): a record that covers the name, and one
//!   that covers the wildcard at its closest encloser (the nearest ancestor
//!   that exists), since a wildcard there would have answered. Under NSEC3
//!   the closest encloser is proved by its own record and a record that
//!   covers the next closer name (§8.3);
//! - **no DS at a delegation**: a NODATA proof at the cut whose bitmap has
//!   NS but not SOA (the parent's record, not the child's apex). Under
//!   NSEC3 with opt-out, a cut may have no record of its own: the opt-out
//!   flag on the record covering it says unsigned delegations were skipped
//!   (§8.6);
//! - **a wildcard answer**: the proof that the name asked does not exist.

use super::Problem;
use super::rrset::{signatures_for, verify_rrset};
use crate::sim::dnssec::crypto::Cryptography;
use crate::sim::dnssec::denial::{
    Nsec3Params, bitmap_has, covers, owner_hash, read_nsec, read_nsec3,
};
use crate::sim::dnssec::time::UtcTime;
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};

/// One record of a proof and what it showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofLink {
    /// NSEC or NSEC3.
    pub rtype: RType,
    /// Its owner name.
    pub owner: Name,
    /// The name it matches or covers.
    pub name: Name,
    /// It is that name's own record (else its span covers the name).
    pub matches: bool,
}

/// The records that proved an absence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenialCheck {
    pub links: Vec<ProofLink>,
    /// The NSEC3 record covering the cut had opt-out set (RFC 5155 §6).
    pub opt_out: bool,
}

/// What the proof has to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absence {
    /// The name exists without this type.
    Type(RType),
    /// The name does not exist.
    Name,
    /// The name does not exist, and a wildcard with `labels` labels (the
    /// RRSIG's count) answered for it.
    NameBehindWildcard { labels: u8 },
}

/// An NSEC record, read.
struct NsecLink<'r> {
    owner: &'r Name,
    next: Name,
    bitmap: &'r [u8],
}

/// An NSEC3 record, read: the hashes of its owner and of the next owner.
struct Nsec3Link<'r> {
    owner: &'r Name,
    hash: Vec<u8>,
    next: Vec<u8>,
    bitmap: &'r [u8],
    opt_out: bool,
}

/// The NSEC and NSEC3 records of `records` that verify with `keys`.
struct Verified<'r> {
    nsec: Vec<NsecLink<'r>>,
    nsec3: Vec<Nsec3Link<'r>>,
    params: Option<Nsec3Params>,
}

fn verified<'r>(
    records: &'r [Record],
    zone: &Name,
    keys: &[&[u8]],
    now: UtcTime,
    crypto: &dyn Cryptography,
) -> Verified<'r> {
    let mut found = Verified {
        nsec: Vec::new(),
        nsec3: Vec::new(),
        params: None,
    };
    for record in records {
        let RData::Other(data) = &record.data else {
            continue;
        };
        let rtype = record.rtype();
        if (rtype != RType::NSEC && rtype != RType::NSEC3) || !record.owner.is_subdomain_of(zone) {
            continue;
        }
        let signatures = signatures_for(records, &record.owner, rtype);
        if verify_rrset(&[record], &signatures, zone, keys, now, crypto).is_err() {
            continue;
        }
        if rtype == RType::NSEC {
            if let Some((next, bitmap)) = read_nsec(data.wire()) {
                found.nsec.push(NsecLink {
                    owner: &record.owner,
                    next,
                    bitmap,
                });
            }
        } else if let (Some(nsec3), Some(hash)) =
            (read_nsec3(data.wire()), owner_hash(&record.owner, zone))
            && nsec3.hash_algorithm == 1
        {
            found.params.get_or_insert(nsec3.params.clone());
            found.nsec3.push(Nsec3Link {
                owner: &record.owner,
                hash,
                next: nsec3.next_hash.to_vec(),
                bitmap: nsec3.bitmap,
                opt_out: nsec3.opt_out(),
            });
        }
    }
    found
}

impl Verified<'_> {
    fn nsec_matching(&self, name: &Name) -> Option<&[u8]> {
        self.nsec
            .iter()
            .find(|link| link.owner == name)
            .map(|link| link.bitmap)
    }

    fn nsec_covering(&self, name: &Name) -> Option<(&Name, &Name)> {
        self.nsec
            .iter()
            .find(|link| covers(link.owner, &link.next, name))
            .map(|link| (link.owner, &link.next))
    }

    fn nsec3_matching(&self, name: &Name) -> Option<(&Name, &[u8])> {
        let hash = self.params.as_ref()?.hash(name);
        self.nsec3
            .iter()
            .find(|link| link.hash == hash)
            .map(|link| (link.owner, link.bitmap))
    }

    fn nsec3_covering(&self, name: &Name) -> Option<(&Name, bool)> {
        let hash = self.params.as_ref()?.hash(name);
        self.nsec3
            .iter()
            .find(|link| covers(link.hash.as_slice(), link.next.as_slice(), &hash[..]))
            .map(|link| (link.owner, link.opt_out))
    }

    /// Under NSEC3, the closest encloser of `name` proved (RFC 5155 §8.3):
    /// its own record, and a record covering the next closer name.
    fn closest_encloser(&self, name: &Name, zone: &Name) -> Option<(Name, Vec<ProofLink>, bool)> {
        for encloser in name.ancestors().skip(1) {
            if !encloser.is_subdomain_of(zone) {
                break;
            }
            let Some((owner, _)) = self.nsec3_matching(&encloser) else {
                continue;
            };
            let next_closer = name.trim_to(encloser.label_count() + 1)?;
            let (cover, opt_out) = self.nsec3_covering(&next_closer)?;
            let links = vec![
                link(RType::NSEC3, owner, &encloser, true),
                link(RType::NSEC3, cover, &next_closer, false),
            ];
            return Some((encloser, links, opt_out));
        }
        None
    }
}

fn link(rtype: RType, owner: &Name, name: &Name, matches: bool) -> ProofLink {
    ProofLink {
        rtype,
        owner: owner.clone(),
        name: name.clone(),
        matches,
    }
}

/// A bitmap that proves `name` has no `rtype` records: the type is
/// missing, and so is CNAME (else the name would be an alias); for DS, the
/// record must be the parent's at a delegation (NS set, SOA not).
fn bitmap_denies(bitmap: &[u8], rtype: RType) -> bool {
    let parent_side =
        rtype != RType::DS || (bitmap_has(bitmap, RType::NS) && !bitmap_has(bitmap, RType::SOA));
    !bitmap_has(bitmap, rtype) && !bitmap_has(bitmap, RType::CNAME) && parent_side
}

/// Checks that `records` (a response's authority section) prove `absence`
/// for `name` in `zone`, with the zone's trusted `keys`.
pub fn prove_absence(
    name: &Name,
    absence: Absence,
    zone: &Name,
    records: &[Record],
    keys: &[&[u8]],
    now: UtcTime,
    crypto: &dyn Cryptography,
) -> Result<DenialCheck, Problem> {
    let found = verified(records, zone, keys, now, crypto);
    let missing = || match absence {
        Absence::Type(rtype) => Problem::NoTypeProof {
            name: name.clone(),
            rtype,
        },
        Absence::Name => Problem::NoNameProof { name: name.clone() },
        Absence::NameBehindWildcard { .. } => Problem::NoWildcardProof { name: name.clone() },
    };
    let check = |links: Vec<ProofLink>, opt_out: bool| Ok(DenialCheck { links, opt_out });
    if found.nsec3.is_empty() {
        match absence {
            Absence::Type(rtype) => {
                if let Some(bitmap) = found.nsec_matching(name) {
                    if bitmap_denies(bitmap, rtype) {
                        return check(vec![link(RType::NSEC, name, name, true)], false);
                    }
                    return Err(missing());
                }
                // An empty non-terminal: the link covering it leads below it.
                if let Some((owner, next)) = found.nsec_covering(name)
                    && next.is_strictly_below(name)
                {
                    return check(vec![link(RType::NSEC, owner, name, false)], false);
                }
                // A wildcard without the type.
                if let Some((owner, next)) = found.nsec_covering(name) {
                    let encloser = nsec_closest_encloser(name, owner, next);
                    if let Ok(wildcard) = encloser.child(b"*")
                        && found
                            .nsec_matching(&wildcard)
                            .is_some_and(|bitmap| bitmap_denies(bitmap, rtype))
                    {
                        return check(
                            vec![
                                link(RType::NSEC, owner, name, false),
                                link(RType::NSEC, &wildcard, &wildcard, true),
                            ],
                            false,
                        );
                    }
                }
                Err(missing())
            }
            Absence::Name => {
                let (owner, next) = found.nsec_covering(name).ok_or_else(missing)?;
                let encloser = nsec_closest_encloser(name, owner, next);
                let wildcard = encloser.child(b"*").map_err(|_| missing())?;
                let (wild_owner, _) = found.nsec_covering(&wildcard).ok_or_else(missing)?;
                check(
                    vec![
                        link(RType::NSEC, owner, name, false),
                        link(RType::NSEC, wild_owner, &wildcard, false),
                    ],
                    false,
                )
            }
            Absence::NameBehindWildcard { .. } => {
                let (owner, _) = found.nsec_covering(name).ok_or_else(missing)?;
                check(vec![link(RType::NSEC, owner, name, false)], false)
            }
        }
    } else {
        match absence {
            Absence::Type(rtype) => {
                if let Some((owner, bitmap)) = found.nsec3_matching(name) {
                    if bitmap_denies(bitmap, rtype) {
                        return check(vec![link(RType::NSEC3, owner, name, true)], false);
                    }
                    return Err(missing());
                }
                let (encloser, mut links, opt_out) =
                    found.closest_encloser(name, zone).ok_or_else(missing)?;
                // An unsigned delegation skipped by opt-out (RFC 5155 §8.6).
                if rtype == RType::DS && opt_out {
                    return check(links, true);
                }
                let wildcard = encloser.child(b"*").map_err(|_| missing())?;
                match found.nsec3_matching(&wildcard) {
                    Some((owner, bitmap)) if bitmap_denies(bitmap, rtype) => {
                        links.push(link(RType::NSEC3, owner, &wildcard, true));
                        check(links, false)
                    }
                    _ => Err(missing()),
                }
            }
            Absence::Name => {
                let (encloser, mut links, opt_out) =
                    found.closest_encloser(name, zone).ok_or_else(missing)?;
                let wildcard = encloser.child(b"*").map_err(|_| missing())?;
                let (owner, _) = found.nsec3_covering(&wildcard).ok_or_else(missing)?;
                links.push(link(RType::NSEC3, owner, &wildcard, false));
                check(links, opt_out)
            }
            Absence::NameBehindWildcard { labels } => {
                let next_closer = name.trim_to(usize::from(labels) + 1).ok_or_else(missing)?;
                let (owner, opt_out) = found.nsec3_covering(&next_closer).ok_or_else(missing)?;
                check(
                    vec![link(RType::NSEC3, owner, &next_closer, false)],
                    opt_out,
                )
            }
        }
    }
}

/// The closest encloser an NSEC link covering `name` implies: the longest
/// ancestor of `name` that is also an ancestor of the link's owner or of
/// its next name (both exist, so their ancestors do).
fn nsec_closest_encloser(name: &Name, owner: &Name, next: &Name) -> Name {
    name.ancestors()
        .skip(1)
        .find(|a| owner.is_subdomain_of(a) || next.is_subdomain_of(a))
        .unwrap_or_else(Name::root)
}
