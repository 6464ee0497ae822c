//! What one simulated authoritative server answers to one query.
//!
//! An authoritative server answers only from the zones it loads; it never
//! asks anyone else. RFC 1034 §4.3.2 gives its algorithm, which NSD and BIND
//! follow and this module reproduces:
//!
//! 1. Find the zone it loads that is the closest encloser of the query name.
//!    None: the server is not authoritative and says REFUSED. A resolver
//!    that was sent here by a delegation calls this a *lame* server.
//! 2. Walk down from the apex towards the name. Meeting a zone cut (NS
//!    records below the apex) means the name is delegated: the server sends a
//!    *referral*: no AA flag, the child's NS RRset in the Authority section,
//!    and the addresses it holds for in-domain and sibling name servers (the
//!    glue) in the Additional section (RFC 9471 §3).
//! 3. The name exists with the type asked for: an *answer* with the AA flag.
//!    Like NSD and BIND (without `minimal-responses`), the server also puts
//!    the zone's own NS RRset in Authority, which is how a resolver learns
//!    the child's view of the delegation; addresses of NS, MX and SRV
//!    targets inside the zone go in Additional.
//! 4. The name owns a CNAME: the CNAME is the answer, and the server follows
//!    the chain while the target stays inside the same zone (RFC 1034
//!    §4.3.2 step 3a); a target elsewhere is left for the resolver to chase.
//! 5. The name exists but has no data of that type: *NODATA*, NOERROR with
//!    the SOA in Authority (RFC 2308 §2.2). A name with nothing but names
//!    below it (an empty non-terminal) exists too (RFC 8020 §2).
//! 6. The name does not exist: *NXDOMAIN* with the SOA (RFC 2308 §2.1).
//!
//! The SOA in a negative answer carries the negative-caching TTL: the lesser
//! of its own TTL and its MINIMUM field (RFC 2308 §3). A server that is down
//! never replies (the resolver times out); a refusing one says REFUSED.
//! A DS RRset sits at the cut on the parent's side: the parent answers for it
//! (RFC 4035 §3.1.4.1). Wildcards answer for names that do not exist
//! (RFC 4592). A query with the DO bit also gets the signatures and
//! proofs of a signed zone ([`signed`]).

mod signed;

use super::name::Name;
use super::record::{RData, RType, Record};
use super::scenario::World;
use super::server::{Behaviour, Server};
use super::zone::Zone;
use std::fmt;
use std::net::IpAddr;

/// A query: a name and a type (class IN).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Question {
    pub name: Name,
    pub rtype: RType,
}

impl Question {
    pub fn new(name: Name, rtype: RType) -> Question {
        Question { name, rtype }
    }
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} IN {}", self.name, self.rtype)
    }
}

/// The response codes an authoritative server uses (RFC 1035 §4.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rcode {
    NoError,
    ServFail,
    NXDomain,
    Refused,
    /// A DNAME substitution made a name too long (RFC 6672 §2.2).
    YXDomain,
}

impl Rcode {
    pub fn code(self) -> u8 {
        match self {
            Rcode::NoError => 0,
            Rcode::ServFail => 2,
            Rcode::NXDomain => 3,
            Rcode::Refused => 5,
            Rcode::YXDomain => 6,
        }
    }
}

impl fmt::Display for Rcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rcode::NoError => "NOERROR",
            Rcode::ServFail => "SERVFAIL",
            Rcode::NXDomain => "NXDOMAIN",
            Rcode::Refused => "REFUSED",
            Rcode::YXDomain => "YXDOMAIN",
        })
    }
}

/// A DNS response: header flags and the four sections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: u16,
    /// Authoritative Answer: the server answers from a zone it loads.
    pub aa: bool,
    pub rcode: Rcode,
    pub question: Question,
    pub answer: Vec<Record>,
    pub authority: Vec<Record>,
    pub additional: Vec<Record>,
}

impl Message {
    fn new(id: u16, question: &Question, rcode: Rcode, aa: bool) -> Message {
        Message {
            id,
            aa,
            rcode,
            question: question.clone(),
            answer: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
        }
    }

    /// The message in DNS wire format (RFC 1035 §4), with names compressed
    /// as servers send them; its length is what `dig` reports as received.
    pub fn to_wire(&self) -> Vec<u8> {
        wire::encode(self)
    }
}

/// Why a server refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalReason {
    /// The server is configured to refuse everything.
    RefusesAll,
    /// The server loads no zone that contains the name.
    NotAuthoritative,
}

/// What the server did, in the terms of RFC 1034 §4.3.2; the UI explains
/// each one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// No reply at all: the server is down, or nothing listens there.
    NoReply,
    Refused(RefusalReason),
    /// The data asked for, with AA.
    Answer,
    /// A CNAME chain; `unresolved` is the last target when the chain leaves
    /// the zone (or loops, or grows too long) before reaching data.
    Alias {
        unresolved: Option<Name>,
    },
    /// The name is delegated at `cut`.
    Referral {
        cut: Name,
    },
    NoData,
    NXDomain,
}

/// A server's reply to one query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub disposition: Disposition,
    /// The zone the server answered from, if any.
    pub zone: Option<Name>,
    /// `None` when the server did not reply.
    pub message: Option<Message>,
    /// The wildcard the answer was synthesized from (RFC 4592), if any.
    pub wildcard: Option<Name>,
}

/// How many CNAMEs a server follows inside one zone before it stops; a loop
/// stops as soon as it comes back to a name already in the answer.
pub const MAX_IN_ZONE_CNAMES: usize = 16;

/// What the server listening on `address` replies. Nothing listening there
/// means no reply, as on a real network. `dnssec_ok` is the DO bit
/// (RFC 3225): send the zone's signatures and proofs too.
pub fn query_address(
    world: &World,
    address: IpAddr,
    question: &Question,
    id: u16,
    dnssec_ok: bool,
) -> Reply {
    match world.server_at(address) {
        Some(server) => answer(world, server, question, id, dnssec_ok),
        None => Reply {
            disposition: Disposition::NoReply,
            zone: None,
            message: None,
            wildcard: None,
        },
    }
}

/// What `server` replies to `question` (message id `id`).
pub fn answer(
    world: &World,
    server: &Server,
    question: &Question,
    id: u16,
    dnssec_ok: bool,
) -> Reply {
    match server.behaviour {
        Behaviour::Down => {
            return Reply {
                disposition: Disposition::NoReply,
                zone: None,
                message: None,
                wildcard: None,
            };
        }
        Behaviour::Refusing => {
            return refused(question, id, RefusalReason::RefusesAll);
        }
        Behaviour::Up => {}
    }
    // The closest enclosing zone this server loads (RFC 1034 §4.3.2 step 2),
    // found from the name's ancestors: a provider's server loads thousands.
    // A DS RRset belongs to the parent: a server loading both sides of the
    // cut answers it from the parent (RFC 4035 §3.1.4.1).
    let parent_side = question
        .rtype
        .is_parent_side()
        .then(|| question.name.parent())
        .flatten()
        .and_then(|parent| world.closest_copy_served_by(&server.id, &parent));
    let zone = parent_side.or_else(|| world.closest_copy_served_by(&server.id, &question.name));
    match zone {
        Some(zone) => answer_from_zone(zone, question, id, dnssec_ok),
        None => refused(question, id, RefusalReason::NotAuthoritative),
    }
}

fn refused(question: &Question, id: u16, reason: RefusalReason) -> Reply {
    Reply {
        disposition: Disposition::Refused(reason),
        zone: None,
        message: Some(Message::new(id, question, Rcode::Refused, false)),
        wildcard: None,
    }
}

/// The answer from one zone's data (RFC 1034 §4.3.2 step 3), with its
/// DNSSEC records when `dnssec_ok`.
pub fn answer_from_zone(zone: &Zone, question: &Question, id: u16, dnssec_ok: bool) -> Reply {
    let mut reply = answer_from_data(zone, question, id);
    if dnssec_ok {
        signed::add_dnssec_records(zone, question, &mut reply);
    }
    reply
}

fn answer_from_data(zone: &Zone, question: &Question, id: u16) -> Reply {
    let reply = |disposition, message, wildcard| Reply {
        disposition,
        zone: Some(zone.apex().clone()),
        message: Some(message),
        wildcard,
    };

    let cut = zone.cut_above(&question.name);
    // At the cut itself, the DS RRset is the parent's own data.
    let own_data = question.rtype.is_parent_side() && cut.as_ref() == Some(&question.name);
    if let Some(cut) = cut.filter(|_| !own_data) {
        let mut message = Message::new(id, question, Rcode::NoError, false);
        message.authority = zone.rrset(&cut, RType::NS).into_iter().cloned().collect();
        message.additional = zone.glue_for(&cut).into_iter().cloned().collect();
        return reply(Disposition::Referral { cut }, message, None);
    }

    let mut message = Message::new(id, question, Rcode::NoError, true);
    let mut wildcard = None;
    let mut name = question.name.clone();
    let mut aliases = 0;
    loop {
        let alias = if let Some(dname) = zone.dname_above(&name) {
            // A DNAME above the name redirects it: the DNAME and the CNAME
            // it synthesizes go in the answer (RFC 6672 §3.2).
            let RData::DNAME(target_suffix) = &dname.data else {
                unreachable!("dname_above finds DNAME records");
            };
            message.answer.push(dname.clone());
            let Ok(target) = name.with_suffix_replaced(&dname.owner, target_suffix) else {
                // The new name would be too long (RFC 6672 §2.2).
                message.rcode = Rcode::YXDomain;
                return reply(Disposition::Alias { unresolved: None }, message, wildcard);
            };
            Record::new(name.clone(), dname.ttl, RData::CNAME(target))
        } else {
            // A name that does not exist may be answered from a wildcard,
            // as if the wildcard's records were its own (RFC 4592 §3.3.1).
            let source = zone.wildcard_for(&name);
            let records = zone.records_at(source.as_ref().unwrap_or(&name));
            let as_own = |record: &Record| Record {
                owner: name.clone(),
                ..record.clone()
            };
            if wildcard.is_none() {
                wildcard = source.clone();
            }
            let wanted: Vec<Record> = records
                .iter()
                .filter(|r| r.rtype() == question.rtype)
                .map(as_own)
                .collect();
            if !wanted.is_empty() {
                message.answer.extend(wanted);
                let apex_ns = zone.rrset(zone.apex(), RType::NS);
                if !message.answer.iter().any(|r| apex_ns.contains(&r)) {
                    message.authority = apex_ns.into_iter().cloned().collect();
                }
                let hosts = message.answer.iter().chain(&message.authority);
                message.additional = additional_addresses(zone, hosts, &message.answer);
                let disposition = if aliases == 0 {
                    Disposition::Answer
                } else {
                    Disposition::Alias { unresolved: None }
                };
                return reply(disposition, message, wildcard);
            }
            match records.iter().find(|r| r.rtype() == RType::CNAME) {
                Some(cname) => as_own(cname),
                None => {
                    // No data of that type here: NODATA if the name exists
                    // (or a wildcard stands for it), else NXDOMAIN. After a
                    // CNAME the rcode describes the last target (RFC 6604 §2).
                    let exists = source.is_some() || zone.name_exists(&name);
                    if !exists {
                        message.rcode = Rcode::NXDomain;
                    }
                    message.authority = negative_soa(zone).into_iter().collect();
                    let disposition = match (aliases, exists) {
                        (0, true) => Disposition::NoData,
                        (0, false) => Disposition::NXDomain,
                        _ => Disposition::Alias { unresolved: None },
                    };
                    return reply(disposition, message, wildcard);
                }
            }
        };
        match follow_alias(zone, &mut message, alias, &mut aliases) {
            Ok(next) => name = next,
            Err(target) => {
                let unresolved = Some(target);
                return reply(Disposition::Alias { unresolved }, message, wildcard);
            }
        }
    }
}

/// Puts an alias (a CNAME, or one a DNAME synthesized) in the answer and
/// says where the server goes on: `Ok` with its target while that stays
/// inside the zone, `Err` with it when it leaves the zone, loops or the
/// chain grows too long, and the resolver must chase it (RFC 1034 §4.3.2
/// step 3a).
fn follow_alias(
    zone: &Zone,
    message: &mut Message,
    alias: Record,
    aliases: &mut usize,
) -> Result<Name, Name> {
    let RData::CNAME(target) = &alias.data else {
        unreachable!("aliases are CNAMEs");
    };
    let target = target.clone();
    message.answer.push(alias);
    *aliases += 1;
    let looped = message
        .answer
        .iter()
        .any(|r| r.owner == target && r.rtype() == RType::CNAME);
    let leaves_zone = !target.is_subdomain_of(zone.apex()) || zone.cut_above(&target).is_some();
    if leaves_zone || looped || *aliases >= MAX_IN_ZONE_CNAMES {
        Err(target)
    } else {
        Ok(target)
    }
}

/// The SOA for a negative answer, its TTL lowered to the MINIMUM field when
/// that is smaller (RFC 2308 §3).
fn negative_soa(zone: &Zone) -> Option<Record> {
    let record = zone.soa_record()?;
    let soa = zone.soa()?;
    let mut record = record.clone();
    record.ttl = record.ttl.min(soa.minimum);
    Some(record)
}

/// Addresses the zone holds for the hosts named in `records` (NS, MX and SRV
/// targets), as servers add them to save the resolver a lookup; nothing the
/// answer already carries is repeated.
fn additional_addresses<'a>(
    zone: &Zone,
    records: impl Iterator<Item = &'a Record>,
    answer: &[Record],
) -> Vec<Record> {
    let mut additional: Vec<Record> = Vec::new();
    for host in records.filter_map(|r| r.data.target_host()) {
        if !host.is_subdomain_of(zone.apex()) {
            continue;
        }
        for record in zone.records_at(host) {
            if record.rtype().is_address()
                && !additional.contains(record)
                && !answer.contains(record)
            {
                additional.push(record.clone());
            }
        }
    }
    additional
}

/// Wire encoding through NLnet Labs `domain`.
mod wire {
    use super::{Message, Rcode};
    use crate::sim::name::WireName;
    use crate::sim::record::{Record, WireData};
    use domain::base::Ttl;
    use domain::base::iana::{Class, Rcode as WireRcode, Rtype};
    use domain::base::message_builder::{MessageBuilder, StaticCompressor};

    fn record(record: &Record) -> (WireName, Class, Ttl, WireData) {
        (
            record.owner.to_wire(),
            Class::IN,
            Ttl::from_secs(record.ttl),
            record.data.to_wire_data(),
        )
    }

    pub(super) fn encode(message: &Message) -> Vec<u8> {
        let mut builder = MessageBuilder::from_target(StaticCompressor::new(Vec::new()))
            .expect("an empty vector holds a header");
        let header = builder.header_mut();
        header.set_id(message.id);
        header.set_qr(true);
        header.set_aa(message.aa);
        header.set_rcode(match message.rcode {
            Rcode::NoError => WireRcode::NOERROR,
            Rcode::ServFail => WireRcode::SERVFAIL,
            Rcode::NXDomain => WireRcode::NXDOMAIN,
            Rcode::Refused => WireRcode::REFUSED,
            Rcode::YXDomain => WireRcode::YXDOMAIN,
        });
        let mut question = builder.question();
        let qtype = Rtype::from_int(message.question.rtype.code());
        question
            .push((message.question.name.to_wire(), qtype))
            .expect("a vector target grows");
        let mut answer = question.answer();
        for r in &message.answer {
            answer.push(record(r)).expect("a vector target grows");
        }
        let mut authority = answer.authority();
        for r in &message.authority {
            authority.push(record(r)).expect("a vector target grows");
        }
        let mut additional = authority.additional();
        for r in &message.additional {
            additional.push(record(r)).expect("a vector target grows");
        }
        additional.finish().into_target()
    }
}
