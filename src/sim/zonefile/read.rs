//! Reading entries into records: directives, owners, TTLs and classes,
//! and each type's data (RFC 1035 §5.1, RFC 2308 §4).

use super::*;

/// A record and where its entry and its data start.
#[derive(Clone, Debug)]
pub(super) struct LocatedRecord {
    pub(super) record: Record,
    pub(super) line: u32,
    pub(super) col: u32,
}

/// The largest TTL allowed (RFC 2181 §8).
pub(super) const MAX_TTL: u32 = 0x7fff_ffff;
/// The TTL of a record that names none when nothing else sets one.
pub(super) const FALLBACK_TTL: u32 = 3600;

/// Reads entries in order, carrying the state the format threads through a
/// file: origin, `$TTL`, last owner and last TTL.
pub(super) struct EntryReader {
    pub(super) origin: Name,
    pub(super) dollar_ttl: Option<u32>,
    pub(super) last_owner: Option<Name>,
    pub(super) last_ttl: Option<u32>,
    pub(super) soa_minimum: Option<u32>,
    pub(super) warnings: Vec<ZoneProblem>,
}

impl EntryReader {
    pub(super) fn new(origin: Name) -> EntryReader {
        EntryReader {
            origin,
            dollar_ttl: None,
            last_owner: None,
            last_ttl: None,
            soa_minimum: None,
            warnings: Vec::new(),
        }
    }

    /// Reads one entry into the records it stands for: none for most
    /// directives, one for a record, a run of them for `$GENERATE`.
    pub(super) fn read(
        &mut self,
        entry: &Entry,
        out: &mut Vec<LocatedRecord>,
    ) -> Result<(), ZoneProblem> {
        let first = &entry.tokens[0];
        if !entry.inherits_owner && !first.quoted && first.text.starts_with('$') {
            if first.text.eq_ignore_ascii_case("$GENERATE") {
                return generate::expand(self, entry, out);
            }
            return self.directive(entry);
        }
        out.push(self.record(entry)?);
        Ok(())
    }

    pub(super) fn directive(&mut self, entry: &Entry) -> Result<(), ZoneProblem> {
        let keyword = &entry.tokens[0];
        let argument = entry.tokens.get(1);
        let upper = keyword.text.to_ascii_uppercase();
        match upper.as_str() {
            "$ORIGIN" | "$TTL" => {
                let Some(argument) = argument else {
                    return Err(after(keyword, format!("{upper} needs a value after it")));
                };
                if let Some(extra) = entry.tokens.get(2) {
                    return Err(extra.problem(format!(
                        "unexpected \"{}\" after the {upper} value",
                        extra.text
                    )));
                }
                if upper == "$ORIGIN" {
                    self.origin = self.name(argument, "$ORIGIN")?;
                } else {
                    self.dollar_ttl = Some(parse_ttl(argument)?);
                }
                Ok(())
            }
            "$INCLUDE" => Err(keyword.problem(
                "$INCLUDE reads another file, and a zone in DNS Lab is one text: import this \
                 zone file together with the files it includes (choose them all at once), \
                 or paste the included records here",
            )),
            _ => Err(keyword.problem(format!(
                "unknown directive {}; zone files know $ORIGIN, $TTL, $INCLUDE and $GENERATE",
                keyword.text
            ))),
        }
    }

    pub(super) fn record(&mut self, entry: &Entry) -> Result<LocatedRecord, ZoneProblem> {
        let mut tokens = entry.tokens.iter().peekable();
        let first = entry.tokens[0].clone();
        let owner = if entry.inherits_owner {
            self.last_owner.clone().ok_or_else(|| {
                first.problem(
                    "this record starts with a space, which means \"same owner as the \
                     record before\", but there is no record before it; write the owner name first",
                )
            })?
        } else {
            let token = tokens.next().expect("an entry has a token");
            self.name(token, "owner name")?
        };
        self.last_owner = Some(owner.clone());

        // TTL and class may come in either order (RFC 1035 §5.1).
        let mut ttl = None;
        let mut class_seen = false;
        while let Some(token) = tokens.peek() {
            if ttl.is_none() && token.text.starts_with(|c: char| c.is_ascii_digit()) {
                ttl = Some(parse_ttl(token)?);
            } else if !class_seen && is_class(token.text) {
                // CLASS1 is IN in RFC 3597's spelling.
                let is_in = token.text.eq_ignore_ascii_case("IN")
                    || token.text.eq_ignore_ascii_case("CLASS1");
                if !is_in {
                    return Err(token.problem(format!(
                        "class {} is not simulated; DNS Lab zones hold class IN records only",
                        token.text.to_ascii_uppercase()
                    )));
                }
                class_seen = true;
            } else {
                break;
            }
            tokens.next();
        }

        let last = entry.tokens.last().expect("an entry has a token");
        let Some(type_token) = tokens.next() else {
            return Err(after(
                last,
                "this record has no type; write one such as A, AAAA, NS, CNAME or TXT",
            ));
        };
        let rtype: RType = type_token.text.parse().map_err(|e: RTypeError| {
            if type_token.text.starts_with(|c: char| c.is_ascii_digit()) {
                type_token.problem(format!(
                    "\"{}\" is neither a TTL nor a record type",
                    type_token.text
                ))
            } else {
                type_token.problem(e.to_string())
            }
        })?;

        let mut data = DataReader {
            reader: self,
            rtype,
            tokens,
            last,
        };
        let rdata = data.rdata()?;
        if let Some(extra) = data.tokens.next() {
            return Err(extra.problem(format!(
                "unexpected \"{}\" after the {rtype} record's data",
                extra.text
            )));
        }

        if let RData::SOA(soa) = &rdata {
            self.soa_minimum = Some(soa.minimum);
        }
        let ttl = match ttl {
            Some(ttl) => {
                self.last_ttl = Some(ttl);
                ttl
            }
            None => self
                .dollar_ttl
                .or(self.last_ttl)
                .or(self.soa_minimum)
                .unwrap_or(FALLBACK_TTL),
        };
        Ok(LocatedRecord {
            record: Record::new(owner, ttl, rdata),
            line: first.line,
            col: first.col,
        })
    }

    /// `what` is only formatted when the name is bad.
    pub(super) fn name(&self, token: &Token, what: impl fmt::Display) -> Result<Name, ZoneProblem> {
        Name::parse_relative_to(token.text, &self.origin)
            .map_err(|e: NameError| token.problem(format!("{what} \"{}\": {e}", token.text)))
    }
}

/// Reads the data fields of one record.
pub(super) struct DataReader<'a, 'e, I: Iterator<Item = &'e Token<'e>>> {
    pub(super) reader: &'a mut EntryReader,
    pub(super) rtype: RType,
    pub(super) tokens: std::iter::Peekable<I>,
    pub(super) last: &'e Token<'e>,
}

impl<'e, I: Iterator<Item = &'e Token<'e>>> DataReader<'_, 'e, I> {
    pub(super) fn next(&mut self, field: &str) -> Result<&'e Token<'e>, ZoneProblem> {
        let token = self.tokens.next().ok_or_else(|| {
            after(
                self.last,
                format!("the {} record is missing its {field}", self.rtype),
            )
        })?;
        if token.text == "\\#" && !token.quoted {
            return Err(token.problem(
                "the generic \\# form (RFC 3597) replaces the whole data; write it right after the type",
            ));
        }
        Ok(token)
    }

    /// RFC 3597's generic form after its `\#`: the length of the data in
    /// octets, then the octets in hex, in one or more pieces.
    fn generic(&mut self, marker: &'e Token<'e>) -> Result<RData, ZoneProblem> {
        let rtype = self.rtype;
        let length_token = self.tokens.next().ok_or_else(|| {
            after(
                marker,
                "the generic form \\# needs the data's length in octets, then the data in hex",
            )
        })?;
        // A record's data is at most 65,535 octets (RFC 1035 §3.2.1).
        let length: usize = length_token
            .text
            .parse::<u16>()
            .map_err(|_| {
                length_token.problem(format!(
                    "\"{}\" is not a length; the generic form is \\# then the number of octets (at most 65535), then hex",
                    length_token.text
                ))
            })?
            .into();
        let mut octets = Vec::with_capacity(length);
        let mut last = length_token;
        for token in self.tokens.by_ref() {
            last = token;
            let text = token.text.as_bytes();
            let pairs = text.chunks(2).map(|pair| {
                std::str::from_utf8(pair)
                    .ok()
                    .filter(|p| p.len() == 2)
                    .and_then(|p| u8::from_str_radix(p, 16).ok())
            });
            for octet in pairs {
                octets.push(octet.ok_or_else(|| {
                    token.problem(format!(
                        "\"{}\" is not hex: the generic form writes each octet as two hex digits",
                        token.text
                    ))
                })?);
            }
        }
        if octets.len() != length {
            return Err(length_token.problem(format!(
                "the generic form says {length} octets, but {} follow",
                octets.len()
            )));
        }
        generic::from_wire(rtype, &octets).map_err(|why| {
            last.problem(format!(
                "the {rtype} record's data in the generic form: {why}"
            ))
        })
    }

    /// The data of a type without a meaning in the simulation, read by
    /// `domain` from the rest of the entry.
    fn opaque(&mut self, rtype: OtherType) -> Result<Opaque, ZoneProblem> {
        let tokens: Vec<&Token> = self.tokens.by_ref().collect();
        let data: Vec<DataToken> = tokens
            .iter()
            .enumerate()
            .map(|(i, token)| DataToken {
                text: token.text,
                quoted: token.quoted,
                space_before: i == 0 || {
                    let before = tokens[i - 1];
                    before.line != token.line || before.end_col != token.col
                },
            })
            .collect();
        Opaque::scan(rtype, &data, &self.reader.origin).map_err(|error| {
            let mut message = format!("the {} record's data: {}", self.rtype, error.message);
            if let Some(format) = presentation_format(rtype) {
                message.push_str(&format!(" ({} data is written {format})", self.rtype));
            }
            match tokens.get(error.token) {
                Some(token) => token.problem(message),
                None => after(tokens.last().copied().unwrap_or(self.last), message),
            }
        })
    }

    pub(super) fn number<T: TryFrom<u64>>(&mut self, field: &str) -> Result<T, ZoneProblem> {
        let token = self.next(field)?;
        token
            .text
            .parse::<u64>()
            .ok()
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| {
                token.problem(format!(
                    "the {} record's {field} must be a whole number in range, not \"{}\"",
                    self.rtype, token.text
                ))
            })
    }

    pub(super) fn timer(&mut self, field: &str) -> Result<u32, ZoneProblem> {
        let token = self.next(field)?;
        parse_duration(token.text).ok_or_else(|| {
            token.problem(format!(
                "the SOA {field} must be a number of seconds (or units like 1h), not \"{}\"",
                token.text
            ))
        })
    }

    /// A host name in record data, with the checks learners need: an IP
    /// address written where a name belongs, and a likely missing final dot.
    pub(super) fn host(&mut self, field: &str) -> Result<Name, ZoneProblem> {
        let token = self.next(field)?;
        let rtype = self.rtype;
        let written = token.text.trim_end_matches('.');
        let absolute = token.text.ends_with('.') && !token.text.ends_with("\\.");
        let literal = written.parse::<IpAddr>().is_ok() && rtype != RType::PTR;
        let name = self.reader.name(token, format_args!("{rtype} {field}"))?;
        if literal {
            // Read as the name it is, as NSD and BIND do: without a final
            // dot the zone's origin is appended. Diagnostics then name the
            // mistake, and resolving it fails as it does for real.
            self.reader.warnings.push(ZoneProblem {
                severity: Severity::Warning,
                ..token.problem(format!(
                    "{rtype} target \"{written}\" is an IP address; {rtype} needs a host name (it is read as the name \"{name}\", which no server has an address for)"
                ))
            });
            return Ok(name);
        }
        let origin = &self.reader.origin;
        // A relative name whose own top label is the zone's TLD was most
        // likely meant to be absolute.
        if !absolute
            && written.contains('.')
            && !origin.is_root()
            && let Ok(as_written) = Name::parse(written)
            && as_written.trim_to(1) == origin.trim_to(1)
        {
            self.reader.warnings.push(ZoneProblem {
                severity: Severity::Warning,
                ..token.problem(format!(
                    "\"{}\" has no trailing dot, so it means {name}; write \"{as_written}\" if that is the name you meant",
                    token.text
                ))
            });
        }
        Ok(name)
    }

    pub(super) fn rdata(&mut self) -> Result<RData, ZoneProblem> {
        if let Some(marker) = self.tokens.next_if(|t| t.text == "\\#" && !t.quoted) {
            return self.generic(marker);
        }
        Ok(match self.rtype {
            RType::Other(other) => RData::Other(self.opaque(other)?),
            RType::A => {
                let token = self.next("IPv4 address")?;
                RData::A(token.text.parse::<Ipv4Addr>().map_err(|_| {
                    token.problem(format!(
                        "\"{}\" is not an IPv4 address (four numbers 0-255 separated by dots)",
                        token.text
                    ))
                })?)
            }
            RType::AAAA => {
                let token = self.next("IPv6 address")?;
                RData::AAAA(token.text.parse::<Ipv6Addr>().map_err(|_| {
                    token.problem(format!("\"{}\" is not an IPv6 address", token.text))
                })?)
            }
            RType::NS => RData::NS(self.host("name server host name")?),
            RType::CNAME => RData::CNAME(self.host("target name")?),
            RType::PTR => RData::PTR(self.host("target name")?),
            RType::DNAME => RData::DNAME(self.host("target name")?),
            RType::MX => {
                let preference = self.number("preference")?;
                RData::MX {
                    preference,
                    exchange: self.host("mail server host name")?,
                }
            }
            RType::SRV => {
                let priority = self.number("priority")?;
                let weight = self.number("weight")?;
                let port = self.number("port")?;
                RData::SRV {
                    priority,
                    weight,
                    port,
                    target: self.host("target host name")?,
                }
            }
            RType::TXT => {
                let first = self.next("text")?;
                let mut strings = vec![character_string(first)?];
                while self.tokens.peek().is_some() {
                    strings.push(character_string(self.next("text")?)?);
                }
                // Each string is sent with a length octet; all of it must fit
                // the 16-bit RDLENGTH (RFC 1035 §3.2.1).
                let octets: usize = strings.iter().map(|s| s.len() + 1).sum();
                if octets > MAX_RDATA {
                    return Err(first.problem(format!(
                        "this TXT record's data is {octets} octets; a record holds at most {MAX_RDATA}"
                    )));
                }
                RData::TXT(strings)
            }
            RType::SOA => {
                let mname = self.host("primary name server")?;
                let rname_token = self.next("administrator mailbox")?;
                let rname = self.reader.name(rname_token, "SOA mailbox")?;
                RData::SOA(Soa {
                    mname,
                    rname,
                    serial: self.number("serial")?,
                    refresh: self.timer("refresh")?,
                    retry: self.timer("retry")?,
                    expire: self.timer("expire")?,
                    minimum: self.timer("minimum")?,
                })
            }
        })
    }
}

/// A problem just after `token`: where the missing part should have been.
pub(super) fn after(token: &Token, message: impl Into<String>) -> ZoneProblem {
    ZoneProblem {
        severity: Severity::Error,
        file: None,
        line: token.line,
        col: token.end_col,
        message: message.into(),
    }
}

pub(super) fn is_class(text: &str) -> bool {
    // Asked of nearly every token: no copy is made.
    ["IN", "CH", "CS", "HS"]
        .iter()
        .any(|class| text.eq_ignore_ascii_case(class))
        || text
            .get(..5)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("CLASS"))
            && text[5..].bytes().all(|b| b.is_ascii_digit())
            && text.len() > 5
}

/// Seconds, or BIND's units: `1w2d3h4m5s` (case-insensitive).
pub(super) fn parse_duration(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if let Ok(seconds) = text.parse::<u32>() {
        return Some(seconds);
    }
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(d as u64)?);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            'w' => 604_800,
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
    }
    if number.is_some() {
        return None;
    }
    u32::try_from(total).ok()
}

pub(super) fn parse_ttl(token: &Token) -> Result<u32, ZoneProblem> {
    let ttl = parse_duration(token.text).ok_or_else(|| {
        token.problem(format!(
            "\"{}\" is not a TTL; write a number of seconds such as 3600 (or units like 1h)",
            token.text
        ))
    })?;
    if ttl > MAX_TTL {
        return Err(token.problem(format!(
            "TTL {ttl} is too large; the maximum is {MAX_TTL} seconds (RFC 2181 §8)"
        )));
    }
    Ok(ttl)
}

/// A character string: the token's text with escapes resolved, at most 255
/// octets (RFC 1035 §3.3).
pub(super) fn character_string(token: &Token) -> Result<Vec<u8>, ZoneProblem> {
    let bytes = token.text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let (octet, used) = read_escape(&bytes[i + 1..])
                .ok_or_else(|| token.problem(NameError::BadEscape.to_string()))?;
            out.push(octet);
            i += 1 + used;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    if out.len() > 255 {
        return Err(token.problem(format!(
            "this text is {} octets long; one character string holds at most 255 (split it into several quoted strings)",
            out.len()
        )));
    }
    Ok(out)
}
