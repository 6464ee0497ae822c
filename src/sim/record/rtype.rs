//! Record types: the ten DNS Lab gives a meaning, and every other type a
//! zone can hold, kept as data.
//!
//! A type is a 16-bit number with a mnemonic (RFC 1035 §3.2.2; the IANA
//! registry of RFC 6895). RFC 3597 §5 spells any type `TYPEnnn`, so `TYPE1` is
//! `A` and `TYPE65534` a private type without a mnemonic. Some numbers are not
//! data at all: OPT (41) lives only in messages, and 128 to 255 are query
//! types and meta types such as ANY and AXFR (RFC 6895 §3.1); no zone holds
//! them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The codes of the DNSSEC types whose place in a zone the simulation
/// knows (RFC 4034 §5, §3, §4, §2; RFC 5155 §3, §4; RFC 7344 §3), though it
/// keeps their data as data.
const DS: u16 = 43;
const RRSIG: u16 = 46;
const NSEC: u16 = 47;
const DNSKEY: u16 = 48;
const NSEC3: u16 = 50;
const NSEC3PARAM: u16 = 51;
const CDS: u16 = 59;
const CDNSKEY: u16 = 60;

/// A record type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RType {
    SOA,
    NS,
    A,
    AAAA,
    CNAME,
    MX,
    TXT,
    PTR,
    SRV,
    DNAME,
    /// Any other data type: loaded, printed, served and cached as data,
    /// without a meaning in the simulation.
    Other(OtherType),
}

/// A data type DNS Lab keeps without giving it a meaning: never one of the
/// modelled types' numbers, never a query or meta type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OtherType(u16);

impl OtherType {
    /// The IANA type code.
    pub fn code(self) -> u16 {
        self.0
    }
}

impl RType {
    pub const DS: RType = RType::Other(OtherType(DS));
    pub const RRSIG: RType = RType::Other(OtherType(RRSIG));
    pub const NSEC: RType = RType::Other(OtherType(NSEC));
    pub const DNSKEY: RType = RType::Other(OtherType(DNSKEY));
    pub const NSEC3: RType = RType::Other(OtherType(NSEC3));
    pub const NSEC3PARAM: RType = RType::Other(OtherType(NSEC3PARAM));
    /// The child's copies of the DS and DNSKEY records it wants its parent
    /// to hold, published for the registrar to pick up (RFC 7344).
    pub const CDS: RType = RType::Other(OtherType(CDS));
    pub const CDNSKEY: RType = RType::Other(OtherType(CDNSKEY));

    /// True for the records a zone's signer writes from the rest of its
    /// data (RFC 4035 §2): signatures and the proofs of what does not
    /// exist. A zone DNS Lab signs drops any it was given and makes its own.
    pub fn is_signer_output(self) -> bool {
        matches!(self.code(), RRSIG | NSEC | NSEC3 | NSEC3PARAM)
    }

    /// True for the records a signer writes from the zone's keys: the
    /// DNSKEY RRset (RFC 4034 §2), and the CDS and CDNSKEY records that
    /// copy it for the parent (RFC 7344 §3).
    pub fn is_made_from_keys(self) -> bool {
        matches!(self.code(), DNSKEY | CDS | CDNSKEY)
    }

    /// The types the simulation gives a meaning, in the order zones are
    /// printed (other types follow, by number).
    pub const MODELLED: [RType; 10] = [
        RType::SOA,
        RType::NS,
        RType::A,
        RType::AAAA,
        RType::CNAME,
        RType::MX,
        RType::TXT,
        RType::PTR,
        RType::SRV,
        RType::DNAME,
    ];

    /// The type with IANA code `code`, or why no zone holds it.
    pub fn from_code(code: u16) -> Result<RType, RTypeError> {
        if let Some(modelled) = RType::MODELLED.into_iter().find(|t| t.code() == code) {
            return Ok(modelled);
        }
        // RFC 6895 §3.1: 0 is reserved, OPT is a pseudo-record, and 128-255
        // are query and meta types.
        if code == 0 || code == 41 || (128..=255).contains(&code) {
            return Err(RTypeError::NotData(
                domain::base::iana::Rtype::from_int(code).to_string(),
            ));
        }
        Ok(RType::Other(OtherType(code)))
    }

    /// The IANA type code (RFC 1035 §3.2.2, RFC 3596, RFC 2782).
    pub fn code(self) -> u16 {
        match self {
            RType::A => 1,
            RType::NS => 2,
            RType::CNAME => 5,
            RType::SOA => 6,
            RType::PTR => 12,
            RType::MX => 15,
            RType::TXT => 16,
            RType::AAAA => 28,
            RType::SRV => 33,
            RType::DNAME => 39,
            RType::Other(other) => other.0,
        }
    }

    /// The mnemonic of a modelled type (other types print through `domain`).
    fn mnemonic(self) -> Option<&'static str> {
        Some(match self {
            RType::SOA => "SOA",
            RType::NS => "NS",
            RType::A => "A",
            RType::AAAA => "AAAA",
            RType::CNAME => "CNAME",
            RType::MX => "MX",
            RType::TXT => "TXT",
            RType::PTR => "PTR",
            RType::SRV => "SRV",
            RType::DNAME => "DNAME",
            RType::Other(_) => return None,
        })
    }

    /// True for the address types a resolver needs to reach a name server.
    pub fn is_address(self) -> bool {
        matches!(self, RType::A | RType::AAAA)
    }

    /// True for DS, the one type whose RRset at a zone cut belongs to the
    /// parent: the parent answers for it, not the child (RFC 4035 §3.1.4.1).
    pub fn is_parent_side(self) -> bool {
        self.code() == DS
    }

    /// True for the parent's own data at a zone cut: the delegation's NS,
    /// its DS, and the NSEC and RRSIGs that cover them (RFC 4035 §2.2,
    /// §2.3); anything else there is hidden by the cut.
    pub fn belongs_at_cut(self) -> bool {
        self == RType::NS || self.is_parent_side() || self.may_sit_beside_cname()
    }

    /// True for RRSIG, whose records at one name form one RRset per type
    /// they cover (RFC 4034 §3).
    pub fn is_rrsig(self) -> bool {
        self.code() == RRSIG
    }

    /// True for the types DNSSEC allows beside a CNAME (RFC 4035 §2.5): the
    /// CNAME's signatures and its NSEC.
    pub fn may_sit_beside_cname(self) -> bool {
        matches!(self.code(), RRSIG | NSEC)
    }
}

impl fmt::Display for RType {
    /// The mnemonic zone files and `dig` write, or RFC 3597's `TYPEnnn`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so tables can align types with `{:<5}`.
        match self.mnemonic() {
            Some(mnemonic) => f.pad(mnemonic),
            None => f.pad(&domain::base::iana::Rtype::from_int(self.code()).to_string()),
        }
    }
}

/// Why a text is not a record type a zone can hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RTypeError {
    /// A query or meta type (ANY, AXFR, OPT …): never data in a zone.
    NotData(String),
    /// Not a record type at all.
    Unknown(String),
}

impl fmt::Display for RTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RTypeError::NotData(t) => write!(
                f,
                "{t} is a query or meta type, not data a zone can hold (RFC 6895 §3.1)"
            ),
            RTypeError::Unknown(t) => write!(
                f,
                "\"{t}\" is not a record type; write a type such as A, AAAA, NS, MX, TXT or CAA, or TYPEnnn for its number (RFC 3597)"
            ),
        }
    }
}

impl std::error::Error for RTypeError {}

impl FromStr for RType {
    type Err = RTypeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(t) = RType::MODELLED
            .into_iter()
            .find(|t| t.mnemonic().is_some_and(|m| m.eq_ignore_ascii_case(s)))
        {
            return Ok(t);
        }
        let upper = s.to_ascii_uppercase();
        // RFC 3597 spells any type TYPEnnn; `domain` knows every IANA
        // mnemonic, obsolete ones such as MD and NXT too.
        let number = upper
            .strip_prefix("TYPE")
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u16>().ok());
        let code = number.or_else(|| {
            domain::base::iana::Rtype::from_mnemonic(upper.as_bytes()).map(|t| t.to_int())
        });
        match code {
            Some(code) => RType::from_code(code),
            None => Err(RTypeError::Unknown(s.to_string())),
        }
    }
}

/// Scenario files write a type as its mnemonic, as zone files do.
impl Serialize for RType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_parse_case_insensitively() {
        assert_eq!("aaaa".parse::<RType>(), Ok(RType::AAAA));
        assert_eq!("NS".parse::<RType>(), Ok(RType::NS));
    }

    #[test]
    fn every_registered_type_is_a_type() {
        let caa = "caa".parse::<RType>().unwrap();
        assert_eq!((caa.code(), caa.to_string()), (257, "CAA".to_string()));
        // Rare and obsolete ones too, and numbers without a mnemonic.
        for real in ["nxt", "MD", "GPOS", "AMTRELAY", "DLV", "SPF", "TYPE65534"] {
            let t = real.parse::<RType>().unwrap();
            assert!(matches!(t, RType::Other(_)), "{real}");
            assert_eq!(t.to_string(), real.to_ascii_uppercase());
        }
        // RFC 3597's spelling of a modelled type is that type, and a
        // registered type's number prints as its mnemonic.
        assert_eq!("TYPE1".parse::<RType>(), Ok(RType::A));
        assert_eq!("type28".parse::<RType>(), Ok(RType::AAAA));
        assert_eq!("TYPE257".parse::<RType>().unwrap().to_string(), "CAA");
    }

    #[test]
    fn query_types_and_nonsense_are_refused() {
        for meta in ["ANY", "AXFR", "OPT", "TYPE0", "TYPE200"] {
            let err = meta.parse::<RType>().unwrap_err();
            assert!(matches!(err, RTypeError::NotData(_)), "{meta}");
            assert!(err.to_string().contains("not data a zone can hold"));
        }
        let err = "FOO".parse::<RType>().unwrap_err();
        assert!(err.to_string().contains("\"FOO\" is not a record type"));
        assert!("TYPE65536".parse::<RType>().is_err());
    }

    #[test]
    fn types_serialize_as_mnemonics() {
        let caa: RType = "CAA".parse().unwrap();
        assert_eq!(serde_json::to_string(&caa).unwrap(), "\"CAA\"");
        assert_eq!(serde_json::from_str::<RType>("\"NS\"").unwrap(), RType::NS);
        assert_eq!(
            serde_json::from_str::<RType>("\"TYPE65534\"")
                .unwrap()
                .code(),
            65534
        );
    }
}
