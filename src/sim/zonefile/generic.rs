//! RFC 3597's generic form: a record's data as `\# length hex`, the octets
//! it has on the wire, as zone files written by tools (and `dig`'s output for
//! types it does not know) carry it. `ns TYPE1 \# 4 C0000235` is
//! `ns A 192.0.2.53`. The octets are read through NLnet Labs `domain`'s wire
//! parser, names uncompressed (RFC 3597 §4).

use super::*;
use domain::base::wire::Parse;
use domain::dep::octseq::Parser;

/// The data `octets` spell for `rtype`, or why they do not.
pub(super) fn from_wire(rtype: RType, octets: &[u8]) -> Result<RData, String> {
    let mut parser = Parser::from_ref(octets);
    let short = |_| format!("{} octets are too few for {rtype} data", octets.len());
    let data = match rtype {
        RType::Other(other) => return Opaque::from_wire(other, octets).map(RData::Other),
        RType::A => RData::A(Ipv4Addr::parse(&mut parser).map_err(short)?),
        RType::AAAA => RData::AAAA(Ipv6Addr::parse(&mut parser).map_err(short)?),
        RType::NS => RData::NS(name(&mut parser, rtype)?),
        RType::CNAME => RData::CNAME(name(&mut parser, rtype)?),
        RType::PTR => RData::PTR(name(&mut parser, rtype)?),
        RType::DNAME => RData::DNAME(name(&mut parser, rtype)?),
        RType::MX => RData::MX {
            preference: u16::parse(&mut parser).map_err(short)?,
            exchange: name(&mut parser, rtype)?,
        },
        RType::SRV => RData::SRV {
            priority: u16::parse(&mut parser).map_err(short)?,
            weight: u16::parse(&mut parser).map_err(short)?,
            port: u16::parse(&mut parser).map_err(short)?,
            target: name(&mut parser, rtype)?,
        },
        RType::SOA => {
            let mname = name(&mut parser, rtype)?;
            let rname = name(&mut parser, rtype)?;
            let mut number = || u32::parse(&mut parser).map_err(short);
            RData::SOA(Soa {
                mname,
                rname,
                serial: number()?,
                refresh: number()?,
                retry: number()?,
                expire: number()?,
                minimum: number()?,
            })
        }
        RType::TXT => {
            let mut strings = Vec::new();
            while parser.remaining() > 0 {
                let len = usize::from(u8::parse(&mut parser).map_err(short)?);
                let string = parser.parse_octets(len).map_err(|_| {
                    format!("a TXT string says it has {len} octets, more than are left")
                })?;
                strings.push(string.to_vec());
            }
            RData::TXT(strings)
        }
    };
    match parser.remaining() {
        0 => Ok(data),
        left => Err(format!(
            "{left} octets are left over after the {rtype} data"
        )),
    }
}

/// An uncompressed name in wire format, as DNS Lab's name.
fn name(parser: &mut Parser<'_, [u8]>, rtype: RType) -> Result<Name, String> {
    let wire = domain::base::Name::<&[u8]>::parse(parser)
        .map_err(|_| format!("the octets do not hold a name where {rtype} data has one"))?;
    Name::from_wire(&wire).map_err(|e| e.to_string())
}
