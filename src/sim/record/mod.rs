//! Resource records.
//!
//! A resource record (RR) is an owner name, a type, a class, a TTL and the
//! type's data (RFC 1035 §3.2). All records in DNS Lab are class IN. Records
//! with the same owner and type form an RRset, the unit DNS answers with and
//! caches (RFC 2181 §5); the TTL says how many seconds a resolver may keep it.
//!
//! The types here are the ones delegation and everyday answers need:
//! - `SOA` marks the apex of a zone and carries the negative-caching TTL
//!   (RFC 1035 §3.3.13, RFC 2308 §4);
//! - `NS` names a server for the zone at its owner: at a zone's apex it is the
//!   zone's own list, at a name below the apex it is a delegation (a zone cut);
//! - `A` and `AAAA` hold addresses; below a zone cut they are glue;
//! - `CNAME` makes its owner an alias (RFC 1034 §3.6.2), and `DNAME` every
//!   name below its owner (RFC 6672);
//! - `MX`, `TXT`, `PTR` and `SRV` are ordinary data (RFC 1035, RFC 2782).
//!
//! Every other type a zone can hold (CAA, HINFO, DS, RRSIG, SVCB, types
//! known only by number …) is kept as data without a meaning of its own
//! (`opaque`): loaded, printed, served and cached like any data.

// RFC spelling for DNS types (`NS`, `SOA`) is a project convention.
#![allow(clippy::upper_case_acronyms)]

mod opaque;
mod rtype;

pub use opaque::{DataError, DataToken, MAX_RDATA, Opaque, WireData, presentation_format};
pub use rtype::{OtherType, RType, RTypeError};

use super::name::Name;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The fields of an SOA record (RFC 1035 §3.3.13).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Soa {
    /// The primary name server.
    pub mname: Name,
    /// The administrator's mailbox, written as a name.
    pub rname: Name,
    pub serial: u32,
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    /// Since RFC 2308 §4: the TTL for negative answers from this zone.
    pub minimum: u32,
}

/// The data of a record, one variant per type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RData {
    SOA(Soa),
    NS(Name),
    A(Ipv4Addr),
    AAAA(Ipv6Addr),
    CNAME(Name),
    MX {
        preference: u16,
        exchange: Name,
    },
    /// One or more character strings of at most 255 octets each.
    TXT(Vec<Vec<u8>>),
    PTR(Name),
    SRV {
        priority: u16,
        weight: u16,
        port: u16,
        target: Name,
    },
    /// Redirects every name below its owner to the same name below the
    /// target (RFC 6672).
    DNAME(Name),
    /// Any other type's data, kept as data.
    Other(Opaque),
}

impl RData {
    /// The data in wire form, for the types DNS Lab keeps as data (DNSKEY,
    /// DS, RRSIG, NSEC, …); `None` for the types it models.
    pub fn opaque_wire(&self) -> Option<&[u8]> {
        match self {
            RData::Other(data) => Some(data.wire()),
            _ => None,
        }
    }

    /// For an RRSIG, the code of the type it signs (its first two octets,
    /// RFC 4034 §3.1.1): the signatures of each RRset share its TTL, so
    /// RRSIGs covering different types differ in TTL as their RRsets do.
    pub fn type_covered(&self) -> Option<u16> {
        match self {
            RData::Other(data) if self.rtype().is_rrsig() => data
                .wire()
                .first_chunk()
                .map(|&octets| u16::from_be_bytes(octets)),
            _ => None,
        }
    }

    /// The data as NLnet Labs `domain` holds it, to put in a message or
    /// sign.
    pub fn to_wire_data(&self) -> WireData {
        use domain::base::{Serial, Ttl};
        use domain::rdata::{A, Aaaa, Cname, Dname, Mx, Ns, Ptr, Soa, Srv, Txt, ZoneRecordData};
        match self {
            RData::Other(data) => data.to_wire_data(),
            RData::A(addr) => ZoneRecordData::A(A::new(*addr)),
            RData::AAAA(addr) => ZoneRecordData::Aaaa(Aaaa::new(*addr)),
            RData::NS(host) => ZoneRecordData::Ns(Ns::new(host.to_wire())),
            RData::CNAME(target) => ZoneRecordData::Cname(Cname::new(target.to_wire())),
            RData::PTR(target) => ZoneRecordData::Ptr(Ptr::new(target.to_wire())),
            RData::DNAME(target) => ZoneRecordData::Dname(Dname::new(target.to_wire())),
            RData::MX {
                preference,
                exchange,
            } => ZoneRecordData::Mx(Mx::new(*preference, exchange.to_wire())),
            RData::SRV {
                priority,
                weight,
                port,
                target,
            } => ZoneRecordData::Srv(Srv::new(*priority, *weight, *port, target.to_wire())),
            RData::SOA(soa) => ZoneRecordData::Soa(Soa::new(
                soa.mname.to_wire(),
                soa.rname.to_wire(),
                Serial(soa.serial),
                Ttl::from_secs(soa.refresh),
                Ttl::from_secs(soa.retry),
                Ttl::from_secs(soa.expire),
                Ttl::from_secs(soa.minimum),
            )),
            RData::TXT(strings) => {
                let mut octets = Vec::new();
                for string in strings {
                    // The zone-file reader caps each string at 255 octets.
                    octets.push(string.len() as u8);
                    octets.extend_from_slice(string);
                }
                if octets.is_empty() {
                    octets.push(0);
                }
                ZoneRecordData::Txt(
                    Txt::from_octets(octets).expect("character strings are length-prefixed"),
                )
            }
        }
    }

    pub fn rtype(&self) -> RType {
        match self {
            RData::SOA(_) => RType::SOA,
            RData::NS(_) => RType::NS,
            RData::A(_) => RType::A,
            RData::AAAA(_) => RType::AAAA,
            RData::CNAME(_) => RType::CNAME,
            RData::MX { .. } => RType::MX,
            RData::TXT(_) => RType::TXT,
            RData::PTR(_) => RType::PTR,
            RData::SRV { .. } => RType::SRV,
            RData::DNAME(_) => RType::DNAME,
            RData::Other(data) => RType::Other(data.rtype()),
        }
    }

    /// The host name this data points at, for the types that name one a
    /// server may add addresses for (RFC 1035 §3.3: NS, MX; RFC 2782: SRV).
    pub fn target_host(&self) -> Option<&Name> {
        match self {
            RData::NS(name) => Some(name),
            RData::MX { exchange, .. } => Some(exchange),
            RData::SRV { target, .. } => Some(target),
            _ => None,
        }
    }

    /// The address an A or AAAA record holds.
    pub fn address(&self) -> Option<std::net::IpAddr> {
        match self {
            RData::A(address) => Some((*address).into()),
            RData::AAAA(address) => Some((*address).into()),
            _ => None,
        }
    }

    /// The data in presentation form, with every name absolute.
    pub fn to_text(&self) -> String {
        self.to_text_with(|name| name.to_string())
    }

    /// The data in presentation form, writing names through `name_text`
    /// (zone files print names relative to their origin).
    pub fn to_text_with(&self, name_text: impl Fn(&Name) -> String) -> String {
        match self {
            RData::SOA(soa) => format!(
                "{} {} {} {} {} {} {}",
                name_text(&soa.mname),
                name_text(&soa.rname),
                soa.serial,
                soa.refresh,
                soa.retry,
                soa.expire,
                soa.minimum
            ),
            RData::NS(name) | RData::CNAME(name) | RData::PTR(name) | RData::DNAME(name) => {
                name_text(name)
            }
            RData::A(addr) => addr.to_string(),
            RData::AAAA(addr) => addr.to_string(),
            RData::MX {
                preference,
                exchange,
            } => format!("{preference} {}", name_text(exchange)),
            RData::TXT(strings) => strings
                .iter()
                .map(|s| quote_character_string(s))
                .collect::<Vec<_>>()
                .join(" "),
            RData::SRV {
                priority,
                weight,
                port,
                target,
            } => format!("{priority} {weight} {port} {}", name_text(target)),
            RData::Other(data) => data.to_string(),
        }
    }
}

/// A character string in quotes, escaping what a zone file would misread
/// (RFC 1035 §5.1).
pub fn quote_character_string(octets: &[u8]) -> String {
    let mut out = String::with_capacity(octets.len() + 2);
    out.push('"');
    for &c in octets {
        match c {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            _ => out.push_str(&format!("\\{c:03}")),
        }
    }
    out.push('"');
    out
}

/// One resource record, class IN.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Record {
    pub owner: Name,
    pub ttl: u32,
    pub data: RData,
}

impl Record {
    pub fn new(owner: Name, ttl: u32, data: RData) -> Record {
        Record { owner, ttl, data }
    }

    pub fn rtype(&self) -> RType {
        self.data.rtype()
    }

    /// An A or AAAA record, as the address is.
    pub fn for_address(owner: &Name, ttl: u32, address: IpAddr) -> Record {
        let data = match address {
            IpAddr::V4(v4) => RData::A(v4),
            IpAddr::V6(v6) => RData::AAAA(v6),
        };
        Record::new(owner.clone(), ttl, data)
    }

    /// The same owner and data, whatever the TTLs: the same record to a
    /// resolver, which keeps one TTL per set (RFC 2181 §5.2).
    pub fn same_data(&self, other: &Record) -> bool {
        self.owner == other.owner && self.data == other.data
    }
}

impl fmt::Display for Record {
    /// The record as `dig` prints it: owner, TTL, class, type, data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\t{}\tIN\t{}\t{}",
            self.owner,
            self.ttl,
            self.rtype(),
            self.data.to_text()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_print_like_dig() {
        let record = Record::new(
            Name::parse("example.test").unwrap(),
            300,
            RData::MX {
                preference: 10,
                exchange: Name::parse("mail.example.test").unwrap(),
            },
        );
        assert_eq!(
            record.to_string(),
            "example.test.\t300\tIN\tMX\t10 mail.example.test."
        );
        let txt = RData::TXT(vec![b"say \"hi\"".to_vec(), vec![7]]);
        assert_eq!(txt.to_text(), r#""say \"hi\"" "\007""#);
    }
}
