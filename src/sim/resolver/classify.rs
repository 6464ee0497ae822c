//! Reading a response the way a resolver does: what kind of response it is,
//! and which of its glue may be used.
//!
//! A resolver cannot take a response at face value (RFC 1034 §5.3.3 step 4).
//! It follows a referral only when the new delegation is *closer* to the
//! name than the zone it asked about; a referral to the same zone or to one
//! above it means the server is not authoritative where the delegation says
//! it is: a *lame* server (RFC 9499 §7), as is one that answers without the
//! AA flag or refuses. Unbound calls these `RESPONSE_TYPE_LAME`.
//!
//! Glue is judged by where the name server's name lies relative to the
//! delegation (RFC 9471 §2): *in-domain* glue (under the child zone) is the
//! only way to reach such a server and is used; *sibling* glue (elsewhere
//! under the parent) is accepted; glue for an *unrelated* name is outside
//! what the parent may speak for and is dropped (Unbound `harden-glue`).

use super::super::authority::{Message, Question, Rcode, Reply};
use super::super::name::{Name, NsHostRelation};
use super::super::record::{RData, RType, Record};
use std::fmt;

/// Why a server counts as lame for the zone it was asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LameReason {
    Refused,
    ServFail,
    /// An answer without the AA flag: the server is not authoritative.
    NotAuthoritative,
    /// A referral to the zone the resolver already asked about.
    SameZoneReferral {
        cut: Name,
    },
    /// A referral back up the tree (often to the root).
    UpwardReferral {
        cut: Name,
    },
    /// A referral to a zone that does not contain the name.
    SidewaysReferral {
        cut: Name,
    },
}

impl fmt::Display for LameReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LameReason::Refused => f.write_str("REFUSED"),
            LameReason::ServFail => f.write_str("SERVFAIL"),
            LameReason::NotAuthoritative => f.write_str("answer without the AA flag"),
            LameReason::SameZoneReferral { cut } => write!(f, "referral to the same zone {cut}"),
            LameReason::UpwardReferral { cut } => write!(f, "upward referral to {cut}"),
            LameReason::SidewaysReferral { cut } => write!(f, "sideways referral to {cut}"),
        }
    }
}

/// What a response is, to a resolver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Classification {
    /// The data asked for, possibly at the end of a CNAME chain.
    Answer,
    /// A CNAME chain that leaves the server's zone at `target`.
    Alias {
        target: Name,
    },
    /// A delegation closer to the name.
    Referral {
        cut: Name,
    },
    NXDomain,
    /// A DNAME would make the name too long (RFC 6672 §2.2).
    YXDomain,
    NoData,
    Lame(LameReason),
    /// No response.
    Timeout,
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::explain::reply_label(self, Name::to_string))
    }
}

/// Classifies the reply to `query`, sent to a server of `zone`.
/// `scrub_same_zone_referral`: see `ResolverConfig::scrub_same_zone_referral`.
pub fn classify(
    query: &Question,
    zone: &Name,
    reply: &Reply,
    scrub_same_zone_referral: bool,
) -> Classification {
    let Some(message) = &reply.message else {
        return Classification::Timeout;
    };
    match message.rcode {
        Rcode::Refused => return Classification::Lame(LameReason::Refused),
        Rcode::ServFail => return Classification::Lame(LameReason::ServFail),
        Rcode::YXDomain if message.aa => return Classification::YXDomain,
        Rcode::YXDomain => return Classification::Lame(LameReason::NotAuthoritative),
        Rcode::NoError | Rcode::NXDomain => {}
    }
    if !message.aa {
        return match referral_cut(message) {
            Some(cut) if message.answer.is_empty() && message.rcode == Rcode::NoError => {
                if cut == *zone && scrub_same_zone_referral {
                    Classification::NoData
                } else if cut == *zone {
                    Classification::Lame(LameReason::SameZoneReferral { cut })
                } else if zone.is_strictly_below(&cut) {
                    Classification::Lame(LameReason::UpwardReferral { cut })
                } else if cut.is_strictly_below(zone) && query.name.is_subdomain_of(&cut) {
                    Classification::Referral { cut }
                } else {
                    Classification::Lame(LameReason::SidewaysReferral { cut })
                }
            }
            _ => Classification::Lame(LameReason::NotAuthoritative),
        };
    }
    let chain = follow_chain(query, &message.answer);
    if chain.has_data {
        return Classification::Answer;
    }
    if message.rcode == Rcode::NXDomain {
        return Classification::NXDomain;
    }
    match chain.last_target {
        // The chain ends at a name the server left for the resolver: it
        // gave no negative answer (no SOA) for it.
        Some(target) if !has_soa(message) => Classification::Alias { target },
        _ => Classification::NoData,
    }
}

/// The owner of the NS RRset in the authority section, if any.
pub(super) fn referral_cut(message: &Message) -> Option<Name> {
    message
        .authority
        .iter()
        .find(|r| r.rtype() == RType::NS)
        .map(|r| r.owner.clone())
}

fn has_soa(message: &Message) -> bool {
    message.authority.iter().any(|r| r.rtype() == RType::SOA)
}

/// The answer section read from the query name along its CNAMEs.
pub struct Chain {
    /// The CNAME records on the way, in order.
    pub aliases: Vec<Record>,
    /// The last CNAME target, if there were any.
    pub last_target: Option<Name>,
    /// Whether data of the type asked for was found at the end.
    pub has_data: bool,
}

/// Follows the CNAME chain in `answer` from the query name, with the DNAMEs
/// that synthesized its CNAMEs. Records that are not on the chain are
/// ignored, as Unbound's scrubber removes them.
pub fn follow_chain(query: &Question, answer: &[Record]) -> Chain {
    let mut name = query.name.clone();
    let mut aliases: Vec<Record> = Vec::new();
    loop {
        if answer
            .iter()
            .any(|r| r.owner == name && r.rtype() == query.rtype)
        {
            return Chain {
                last_target: aliases.last().and_then(cname_target),
                aliases,
                has_data: true,
            };
        }
        let next = answer.iter().find(|r| {
            r.owner == name
                && query.rtype != RType::CNAME
                && matches!(r.data, RData::CNAME(_))
                && !aliases.contains(r)
        });
        match next {
            Some(record) => {
                // A CNAME a DNAME synthesized comes after that DNAME, which
                // the client is given too (RFC 6672 §3.4).
                let target = cname_target(record);
                let dname = answer.iter().find(|d| match &d.data {
                    RData::DNAME(suffix) => {
                        name.is_strictly_below(&d.owner)
                            && name.with_suffix_replaced(&d.owner, suffix).ok() == target
                    }
                    _ => false,
                });
                aliases.extend(dname.cloned());
                name = target.unwrap_or(name);
                aliases.push(record.clone());
            }
            None => {
                return Chain {
                    last_target: aliases.last().and_then(cname_target),
                    aliases,
                    has_data: false,
                };
            }
        }
    }
}

fn cname_target(record: &Record) -> Option<Name> {
    match &record.data {
        RData::CNAME(target) => Some(target.clone()),
        _ => None,
    }
}

/// One address record from a referral's additional section, and what the
/// resolver made of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlueVerdict {
    pub record: Record,
    /// How the record's owner relates to the delegation; `None` when it is
    /// not one of the delegation's NS names at all.
    pub relation: Option<NsHostRelation>,
    pub used: bool,
}

/// Sorts a referral's additional section for the delegation of `cut` by
/// `parent`: glue for in-domain NS names is used, glue for sibling NS names
/// when `sibling_glue` is on, and anything else is dropped.
pub fn judge_glue(
    cut: &Name,
    parent: &Name,
    ns_hosts: &[Name],
    additional: &[Record],
    sibling_glue: bool,
) -> Vec<GlueVerdict> {
    additional
        .iter()
        .filter(|r| r.rtype().is_address())
        .map(|record| {
            let relation = ns_hosts
                .contains(&record.owner)
                .then(|| record.owner.relation_to_delegation(cut, parent));
            let used = match relation {
                Some(NsHostRelation::InDomain) => true,
                Some(NsHostRelation::Sibling) => sibling_glue,
                _ => false,
            };
            GlueVerdict {
                record: record.clone(),
                relation,
                used,
            }
        })
        .collect()
}
