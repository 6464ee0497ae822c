//! Record data DNS Lab keeps without giving it a meaning: CAA, HINFO, DS,
//! RRSIG, SVCB … and types no software knows (RFC 3597).
//!
//! Such data is kept as the octets it has on the wire (RFC 1035 §3.2.1),
//! names uncompressed (RFC 3597 §4), so a server can send it and a resolver
//! cache it like any data. NLnet Labs `domain` reads it from presentation
//! format, checks it, and prints it back; a type `domain` does not know is
//! read and printed in RFC 3597's generic form, `\# length hex`.

use super::rtype::{OtherType, RType};
use crate::sim::date::Civil;
use crate::sim::name::{Name, WireName};
use domain::base::rdata::{ComposeRecordData, UnknownRecordData};
use domain::base::scan::{ConvertSymbols, EntrySymbol, Scanner, ScannerError, Symbol, Symbols};
use domain::base::zonefile_fmt::{DisplayKind, ZonefileFmt};
use domain::base::{CharStr, ParseRecordData, ParsedName};
use domain::dep::octseq::{Parser, str::Str};
use domain::rdata::ZoneRecordData;
use domain::rdata::rfc1035::TxtError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Record data as `domain` holds it.
pub type WireData = ZoneRecordData<Vec<u8>, WireName>;

/// The most octets one record's data can hold: RDLENGTH is 16 bits
/// (RFC 1035 §3.2.1).
pub const MAX_RDATA: usize = 65_535;

/// The data of a record of a type without a meaning in the simulation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Opaque {
    rtype: OtherType,
    /// Checked: `domain` reads these octets as the type's data.
    wire: Box<[u8]>,
    /// Printed in the generic form: the type's own text would not read
    /// back as the same data (a name holding a quote, which `domain` does
    /// not escape).
    generic: bool,
}

/// One token of record data in presentation format: its text as written
/// (escapes kept, quotes removed).
#[derive(Clone, Copy, Debug)]
pub struct DataToken<'t> {
    pub text: &'t str,
    pub quoted: bool,
    /// White space comes before it (a quoted value may follow a key
    /// directly, as SVCB's `alpn="h2,h3"` does).
    pub space_before: bool,
}

/// Why data could not be read, and at which token (an index into the
/// tokens given; the number of tokens when the data ended too soon).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    pub token: usize,
    pub message: String,
}

impl Opaque {
    pub fn rtype(&self) -> OtherType {
        self.rtype
    }

    /// The data's octets on the wire.
    pub fn wire(&self) -> &[u8] {
        &self.wire
    }

    /// Data of type `rtype` from its wire octets, checked.
    pub fn from_wire(rtype: OtherType, octets: &[u8]) -> Result<Opaque, String> {
        if octets.len() > MAX_RDATA {
            return Err(format!(
                "{} octets are more than one record holds ({MAX_RDATA})",
                octets.len()
            ));
        }
        let decoded = decode(rtype, octets)?;
        // Only text with quotes, parentheses, semicolons or escapes can
        // read differently from what was printed; the rest is not checked.
        let text = decoded.display_zonefile(DisplayKind::Simple).to_string();
        let generic = text.contains(['"', '(', ')', ';', '\\'])
            && split(&text)
                .ok()
                .and_then(|tokens| read(rtype, &tokens, &Name::root()).ok())
                .is_none_or(|again| again != octets);
        Ok(Opaque {
            rtype,
            wire: octets.into(),
            generic,
        })
    }

    /// Data of type `rtype` from presentation-format tokens; relative names
    /// are completed with `origin` and `@` is the origin (RFC 1035 §5.1).
    pub fn scan(
        rtype: OtherType,
        tokens: &[DataToken],
        origin: &Name,
    ) -> Result<Opaque, DataError> {
        let wire = read(rtype, tokens, origin)?;
        // The generic form reads any octets: check them as the type's data.
        Opaque::from_wire(rtype, &wire).map_err(|message| DataError {
            token: tokens.len().saturating_sub(1),
            message,
        })
    }

    /// Data of type `rtype` from its presentation text on one line, names
    /// absolute (as `Display` writes it).
    pub fn parse(rtype: OtherType, text: &str) -> Result<Opaque, String> {
        let tokens = split(text)?;
        Opaque::scan(rtype, &tokens, &Name::root()).map_err(|e| e.message)
    }

    /// The data as `domain` holds it, to put in a message: its octets as
    /// they are, which is what any type's data is on the wire.
    pub fn to_wire_data(&self) -> WireData {
        let code = domain::base::iana::Rtype::from_int(self.rtype.code());
        let data = UnknownRecordData::from_octets(code, self.wire.to_vec())
            .expect("checked when made: at most 65,535 octets");
        ZoneRecordData::Unknown(data)
    }
}

/// The wire octets `tokens` spell as data of type `rtype`.
fn read(rtype: OtherType, tokens: &[DataToken], origin: &Name) -> Result<Vec<u8>, DataError> {
    let mut scanner = TokenScanner {
        tokens,
        next: 0,
        origin,
        name_error: None,
    };
    let code = domain::base::iana::Rtype::from_int(rtype.code());
    let read = WireData::scan(code, &mut scanner);
    let at = scanner.next.saturating_sub(1);
    let scanned = read.map_err(|error| DataError {
        token: if error.0 == END_OF_DATA {
            tokens.len()
        } else {
            at
        },
        message: scanner
            .name_error
            .take()
            .unwrap_or_else(|| error.0.into_owned()),
    })?;
    if scanner.next < tokens.len() {
        return Err(DataError {
            token: scanner.next,
            message: format!("{} data ends before this", RType::Other(rtype)),
        });
    }
    let mut wire = Vec::new();
    scanned.compose_rdata(&mut wire).map_err(|_| DataError {
        token: at,
        message: format!("the data is longer than a record holds ({MAX_RDATA} octets)"),
    })?;
    Ok(wire)
}

/// How the data of common types is written, for an error to show what was
/// expected (RFC 8659, 4034, 6698, 4255, 1035, 3403, 9460, 5155, 8976, 1183,
/// 4025, 7929, 7344).
pub fn presentation_format(rtype: OtherType) -> Option<&'static str> {
    Some(match rtype.code() {
        257 => "flags tag \"value\", as 0 issue \"ca.example\"",
        43 | 59 => "key-tag algorithm digest-type digest-in-hex",
        48 | 60 => "flags protocol algorithm public-key-in-base64",
        46 => {
            "type-covered algorithm labels original-ttl expiration inception key-tag signer signature-in-base64"
        }
        47 => "next-name type…",
        50 => "algorithm flags iterations salt-in-hex-or-dash next-hashed-name type…",
        51 => "algorithm flags iterations salt-in-hex-or-dash",
        52 => "usage selector matching-type data-in-hex",
        44 => "algorithm fingerprint-type fingerprint-in-hex",
        13 => "\"cpu\" \"os\"",
        35 => "order preference \"flags\" \"services\" \"regexp\" replacement",
        64 | 65 => "priority target key=value…, as 1 . alpn=h2",
        63 => "serial scheme hash-algorithm digest-in-hex",
        17 => "mailbox-name text-name",
        45 => "precedence gateway-type algorithm gateway public-key-in-base64",
        61 => "public-key-in-base64",
        _ => return None,
    })
}

/// Data read from a record's octets, borrowing them.
type Decoded<'a> = ZoneRecordData<&'a [u8], ParsedName<&'a [u8]>>;

/// `octets` read as data of type `rtype`, all of them.
fn decode(rtype: OtherType, octets: &[u8]) -> Result<Decoded<'_>, String> {
    let code = domain::base::iana::Rtype::from_int(rtype.code());
    let mut parser = Parser::from_ref(octets);
    let data = Decoded::parse_rdata(code, &mut parser)
        .map_err(|error| format!("the octets are not {} data: {error}", RType::Other(rtype)))?
        .ok_or_else(|| format!("{} data cannot be read", RType::Other(rtype)))?;
    match parser.remaining() {
        0 => Ok(data),
        left => Err(format!(
            "{left} octets are left over after the {} data",
            RType::Other(rtype)
        )),
    }
}

impl fmt::Display for Opaque {
    /// The data in presentation format, names absolute.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.generic {
            let code = domain::base::iana::Rtype::from_int(self.rtype.code());
            return UnknownRecordData::from_octets(code, &*self.wire)
                .expect("checked when made: at most 65,535 octets")
                .display_zonefile(DisplayKind::Simple)
                .fmt(f);
        }
        let data = decode(self.rtype, &self.wire).expect("checked when made");
        let text = data.display_zonefile(DisplayKind::Simple);
        if RType::Other(self.rtype).is_rrsig() {
            return f.write_str(&with_signature_dates(&text.to_string()));
        }
        text.fmt(f)
    }
}

/// RRSIG data with its expiration and inception (its fifth and sixth
/// fields) as `YYYYMMDDHHmmSS` in UTC, the form `dig`, BIND and every
/// signer print. RFC 4034 §3.2 allows seconds since 1970 too, which
/// `domain` prints, but NSD refuses them ("date and time is expected").
fn with_signature_dates(text: &str) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, field)| match (i, field.parse::<u32>()) {
            (4 | 5, Ok(seconds)) => Civil::from_unix(u64::from(seconds)).compact(),
            _ => field.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Scenario files keep the data as text, as a zone file would.
impl Serialize for Opaque {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut data = serializer.serialize_struct("Opaque", 2)?;
        data.serialize_field("type", &RType::Other(self.rtype))?;
        data.serialize_field("data", &self.to_string())?;
        data.end()
    }
}

impl<'de> Deserialize<'de> for Opaque {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Written {
            #[serde(rename = "type")]
            rtype: RType,
            data: String,
        }
        let written = Written::deserialize(deserializer)?;
        let RType::Other(rtype) = written.rtype else {
            return Err(serde::de::Error::custom(format!(
                "{} is a modelled type, written as its own variant",
                written.rtype
            )));
        };
        Opaque::parse(rtype, &written.data).map_err(serde::de::Error::custom)
    }
}

/// Splits one line of presentation text into tokens: white space separates
/// them, quotes make one token of what they hold, escapes are kept.
fn split(text: &str) -> Result<Vec<DataToken<'_>>, String> {
    let mut tokens = Vec::new();
    let mut rest = text;
    let mut space_before = true;
    while let Some(first) = rest.chars().next() {
        if first.is_whitespace() {
            rest = rest.trim_start();
            space_before = true;
            continue;
        }
        let quoted = first == '"';
        let body = if quoted { &rest[1..] } else { rest };
        let mut end = None;
        let mut escaped = false;
        for (at, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                // A quote closes a quoted token and starts the next one.
                '"' => {
                    end = Some(at);
                    break;
                }
                c if !quoted && c.is_whitespace() => {
                    end = Some(at);
                    break;
                }
                _ => {}
            }
        }
        let end = match (end, quoted) {
            (Some(end), _) => end,
            (None, false) => body.len(),
            (None, true) => return Err("a quoted string has no closing quote".into()),
        };
        tokens.push(DataToken {
            text: &body[..end],
            quoted,
            space_before,
        });
        rest = if quoted {
            &body[end + 1..]
        } else {
            &body[end..]
        };
        space_before = false;
    }
    Ok(tokens)
}

/// The message of an error that means "the data ended too soon".
const END_OF_DATA: &str = "the data ends too soon: a field is missing";

/// What went wrong while `domain` scanned data.
#[derive(Debug)]
pub struct ScanError(Cow<'static, str>);

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScanError {}

impl ScannerError for ScanError {
    fn custom(message: &'static str) -> Self {
        ScanError(message.into())
    }
    fn end_of_entry() -> Self {
        ScanError(END_OF_DATA.into())
    }
    fn short_buf() -> Self {
        ScanError("the data is longer than a record holds".into())
    }
    fn trailing_tokens() -> Self {
        ScanError("there is more here than the type's fields".into())
    }
}

impl From<domain::dep::octseq::ShortBuf> for ScanError {
    fn from(_: domain::dep::octseq::ShortBuf) -> Self {
        ScanError::short_buf()
    }
}

impl From<std::convert::Infallible> for ScanError {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

impl From<TxtError> for ScanError {
    fn from(error: TxtError) -> Self {
        ScanError(error.to_string().into())
    }
}

/// `domain`'s scanner over DNS Lab's tokens: names are read by DNS Lab's
/// own reader, so `@`, relative names and escapes mean what they mean in
/// the rest of the zone file.
struct TokenScanner<'a, 't> {
    tokens: &'a [DataToken<'t>],
    next: usize,
    origin: &'a Name,
    /// A name's own error, in DNS Lab's words.
    name_error: Option<String>,
}

impl<'t> TokenScanner<'_, 't> {
    fn token(&mut self) -> Result<DataToken<'t>, ScanError> {
        let token = *self
            .tokens
            .get(self.next)
            .ok_or_else(ScanError::end_of_entry)?;
        self.next += 1;
        Ok(token)
    }

    fn symbols(&mut self) -> Result<Symbols<std::str::Chars<'t>>, ScanError> {
        Ok(Symbols::new(self.token()?.text.chars()))
    }
}

fn octet(symbol: Symbol) -> Result<u8, ScanError> {
    symbol
        .into_octet()
        .map_err(|_| ScanError("a character here is not a single octet".into()))
}

impl Scanner for TokenScanner<'_, '_> {
    type Octets = Vec<u8>;
    type OctetsBuilder = Vec<u8>;
    type Name = WireName;
    type Error = ScanError;

    fn has_space(&self) -> bool {
        self.tokens.get(self.next).is_none_or(|t| t.space_before)
    }

    fn continues(&mut self) -> bool {
        self.next < self.tokens.len()
    }

    fn scan_symbols<F>(&mut self, mut op: F) -> Result<(), Self::Error>
    where
        F: FnMut(Symbol) -> Result<(), Self::Error>,
    {
        self.symbols()?.try_for_each(&mut op)
    }

    fn scan_entry_symbols<F>(&mut self, mut op: F) -> Result<(), Self::Error>
    where
        F: FnMut(EntrySymbol) -> Result<(), Self::Error>,
    {
        while self.continues() {
            for symbol in self.symbols()? {
                op(symbol.into())?;
            }
            op(EntrySymbol::EndOfToken)?;
        }
        Ok(())
    }

    fn convert_token<C: ConvertSymbols<Symbol, Self::Error>>(
        &mut self,
        mut convert: C,
    ) -> Result<Self::Octets, Self::Error> {
        let mut octets = Vec::new();
        for symbol in self.symbols()? {
            if let Some(data) = convert.process_symbol(symbol)? {
                octets.extend_from_slice(data);
            }
        }
        if let Some(data) = convert.process_tail()? {
            octets.extend_from_slice(data);
        }
        Ok(octets)
    }

    fn convert_entry<C: ConvertSymbols<EntrySymbol, Self::Error>>(
        &mut self,
        mut convert: C,
    ) -> Result<Self::Octets, Self::Error> {
        let mut octets = Vec::new();
        while self.continues() {
            for symbol in self.symbols()? {
                if let Some(data) = convert.process_symbol(symbol.into())? {
                    octets.extend_from_slice(data);
                }
            }
        }
        if let Some(data) = convert.process_tail()? {
            octets.extend_from_slice(data);
        }
        Ok(octets)
    }

    fn scan_octets(&mut self) -> Result<Self::Octets, Self::Error> {
        self.symbols()?.map(octet).collect()
    }

    fn scan_svcb_octets(&mut self) -> Result<Self::Octets, Self::Error> {
        // A quoted value right after its key (`alpn="h2,h3"`) is one
        // parameter with it.
        let mut octets = self.scan_octets()?;
        if !self.has_space() && self.tokens.get(self.next).is_some_and(|t| t.quoted) {
            octets.extend(self.scan_octets()?);
        }
        Ok(octets)
    }

    fn scan_ascii_str<F, T>(&mut self, op: F) -> Result<T, Self::Error>
    where
        F: FnOnce(&str) -> Result<T, Self::Error>,
    {
        let text = self.scan_string()?;
        if text.is_ascii() {
            op(&text)
        } else {
            Err(ScanError("only ASCII characters belong here".into()))
        }
    }

    fn scan_name(&mut self) -> Result<Self::Name, Self::Error> {
        let token = self.token()?;
        match Name::parse_relative_to(token.text, self.origin) {
            Ok(name) => Ok(name.to_wire()),
            Err(error) => {
                self.name_error = Some(format!("\"{}\" is not a name: {error}", token.text));
                Err(ScanError("not a name".into()))
            }
        }
    }

    fn scan_charstr(&mut self) -> Result<CharStr<Self::Octets>, Self::Error> {
        let octets = self.scan_octets()?;
        let len = octets.len();
        CharStr::from_octets(octets).map_err(|_| {
            ScanError(
                format!("this text is {len} octets long; one character string holds at most 255")
                    .into(),
            )
        })
    }

    fn scan_string(&mut self) -> Result<Str<Self::Octets>, Self::Error> {
        let mut text = String::new();
        for symbol in self.symbols()? {
            text.push(
                symbol
                    .into_char()
                    .map_err(|_| ScanError("a character here is not valid text".into()))?,
            );
        }
        Ok(Str::from_string(text))
    }

    fn scan_charstr_entry(&mut self) -> Result<Self::Octets, Self::Error> {
        let mut octets = Vec::new();
        while self.continues() {
            self.scan_charstr()?.compose(&mut octets)?;
        }
        Ok(octets)
    }

    fn scan_opt_unknown_marker(&mut self) -> Result<bool, Self::Error> {
        match self.tokens.get(self.next) {
            Some(token) if token.text == "\\#" && !token.quoted => {
                // Read: what follows is the length.
                self.next += 1;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn octets_builder(&mut self) -> Result<Self::OctetsBuilder, Self::Error> {
        Ok(Vec::new())
    }
}
