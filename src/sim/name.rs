//! Domain names.
//!
//! A domain name is a sequence of labels read from the most specific to the
//! root: `www.example.test.` has the labels `www`, `example` and `test`,
//! followed by the empty root label (RFC 1034 §3.1). Every name in DNS Lab is
//! *absolute* (fully qualified): the trailing dot is implied even when a user
//! leaves it out, and zone files resolve relative names against their origin
//! before a [`Name`] is ever made (see `zonefile`).
//!
//! Names compare case-insensitively (RFC 1034 §3.1, RFC 4343) but keep the case
//! they were written in for display. A label holds at most 63 octets and a
//! whole name at most 255 octets in wire form (RFC 1035 §2.3.4). In text a
//! label may carry any octet through escapes: `\.` for a literal dot, `\\`,
//! and `\DDD` for a decimal octet (RFC 1035 §5.1).
//!
//! Names are ordered in DNSSEC canonical order (RFC 4034 §6.1): by their
//! labels compared from the root down, case-folded. That puts a zone's apex
//! before everything in it and keeps a subtree together, so printed zones read
//! top-down.
//!
//! The relation of a name server's host name to the zone it serves decides
//! whether glue is needed: RFC 9499 §7 calls a host name *in-domain* when it
//! is at or below the delegated zone, *sibling* when it is below the parent
//! zone but outside the child, and otherwise it is unrelated to both.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::{Arc, LazyLock};

/// The most octets one label may hold (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;
/// The most octets a whole name may take in wire form (RFC 1035 §2.3.4).
pub const MAX_NAME_LEN: usize = 255;

/// A name in NLnet Labs `domain`'s form (record data, wire messages).
pub type WireName = domain::base::Name<Vec<u8>>;

/// An absolute domain name.
///
/// Cheap to clone and to walk up: a name and all its ancestors share one
/// allocation, and `parent()` only moves offsets. Comparisons use a key
/// made once per name, whose byte order is the canonical order.
#[derive(Clone)]
pub struct Name {
    /// One allocation: `[key][label lengths][label octets]`, labels from the
    /// most specific one to the one just below the root. The key is the
    /// labels from the root down, lower-cased, each followed by a 0 octet;
    /// 0 and 1 inside a label are stuffed as `1 1` and `1 2`, so the octet
    /// order of keys is the canonical name order (RFC 4034 §6.1) and a
    /// subdomain's key starts with its ancestor's key. The key comes first
    /// and the name needs no second pointer: comparing and hashing, the
    /// commonest uses, touch one block of memory, which is what large
    /// worlds are slowed by.
    buf: Arc<[u8]>,
    /// The length of this name's key, a prefix of the whole key.
    key_len: u16,
    /// The length of the whole key: where the label lengths start.
    full_key_len: u16,
    /// The number of labels in `buf`.
    total: u8,
    /// How many leftmost labels of `buf` this name leaves out.
    skip: u8,
    /// Where this name's own label octets start in `buf`.
    start: u16,
}

/// The root, made once: resolvers and checks ask for it constantly.
static ROOT: LazyLock<Name> = LazyLock::new(|| Name::build(&[], &[]));

/// The number of key octets one label takes: its length, plus one for each
/// stuffed octet, plus the 0 that ends it.
fn key_octets(label: &[u8]) -> usize {
    label.len() + label.iter().filter(|&&c| c <= 1).count() + 1
}

/// The labels of a name as raw octets, most specific first.
#[derive(Clone, Debug)]
pub struct Labels<'a> {
    lens: &'a [u8],
    octets: &'a [u8],
}

impl<'a> Iterator for Labels<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let (&len, rest) = self.lens.split_first()?;
        let (label, octets) = self.octets.split_at(usize::from(len));
        self.lens = rest;
        self.octets = octets;
        Some(label)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.lens.len(), Some(self.lens.len()))
    }
}

impl DoubleEndedIterator for Labels<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let (&len, rest) = self.lens.split_last()?;
        let (octets, label) = self.octets.split_at(self.octets.len() - usize::from(len));
        self.lens = rest;
        self.octets = octets;
        Some(label)
    }
}

impl ExactSizeIterator for Labels<'_> {}

/// Why a text could not be read as a domain name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// The text was empty.
    Empty,
    /// Two dots in a row, or a dot at the start of a name other than the root.
    EmptyLabel,
    /// A label longer than 63 octets.
    LabelTooLong { label: String, len: usize },
    /// A name longer than 255 octets in wire form.
    NameTooLong { len: usize },
    /// A backslash escape that is not `\X` or `\DDD` with DDD ≤ 255.
    BadEscape,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => f.write_str("a domain name cannot be empty"),
            NameError::EmptyLabel => f.write_str(
                "a domain name cannot have an empty label (two dots in a row, or a leading dot)",
            ),
            NameError::LabelTooLong { label, len } => write!(
                f,
                "the label \"{label}\" is {len} octets long; a label holds at most {MAX_LABEL_LEN}"
            ),
            NameError::NameTooLong { len } => write!(
                f,
                "the name is {len} octets long; a domain name holds at most {MAX_NAME_LEN}"
            ),
            NameError::BadEscape => f.write_str(
                "a backslash must be followed by a character or by three digits 000-255",
            ),
        }
    }
}

impl std::error::Error for NameError {}

/// How a name server's host name relates to the zone it serves
/// (RFC 9499 §7). It decides whether glue is needed and whether a resolver
/// trusts glue it is given (RFC 9471).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NsHostRelation {
    /// At or below the delegated zone: only glue in the parent can reveal the
    /// address, so glue is required.
    InDomain,
    /// Below the parent zone but outside the delegated one: the parent may
    /// add the address as sibling glue; resolvers accept it.
    Sibling,
    /// Outside the parent zone: the address must be looked up separately;
    /// any glue offered for it is dropped.
    Unrelated,
}

impl fmt::Display for NsHostRelation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NsHostRelation::InDomain => "in-domain",
            NsHostRelation::Sibling => "sibling",
            NsHostRelation::Unrelated => "unrelated",
        })
    }
}

impl Name {
    /// The name as a sentence writes it: without the final dot, which would
    /// read as a full stop; the root as "the root".
    pub fn prose(&self) -> String {
        if self.is_root() {
            "the root".into()
        } else {
            let text = self.to_string();
            text[..text.len() - 1].to_string()
        }
    }

    /// The root name, `.`.
    pub fn root() -> Name {
        ROOT.clone()
    }

    /// Builds a name from checked labels, given as their octets one after
    /// another and their lengths, most specific first.
    fn build(octets: &[u8], lens: &[usize]) -> Name {
        // Checked names fit: a key is at most twice the 255 wire octets.
        let mut buf = [0u8; 1024];
        let mut at = 0;
        let mut end = octets.len();
        for &len in lens.iter().rev() {
            for &c in &octets[end - len..end] {
                match c.to_ascii_lowercase() {
                    0 => {
                        buf[at..at + 2].copy_from_slice(&[1, 1]);
                        at += 2;
                    }
                    1 => {
                        buf[at..at + 2].copy_from_slice(&[1, 2]);
                        at += 2;
                    }
                    c => {
                        buf[at] = c;
                        at += 1;
                    }
                }
            }
            buf[at] = 0;
            at += 1;
            end -= len;
        }
        let full_key_len = at;
        for &len in lens {
            buf[at] = len as u8;
            at += 1;
        }
        buf[at..at + octets.len()].copy_from_slice(octets);
        let start = at;
        at += octets.len();
        Name {
            buf: Arc::from(&buf[..at]),
            key_len: full_key_len as u16,
            full_key_len: full_key_len as u16,
            total: lens.len() as u8,
            skip: 0,
            start: start as u16,
        }
    }

    /// Checks label and name lengths, then builds the name.
    fn from_parts(octets: &[u8], lens: &[usize]) -> Result<Name, NameError> {
        let mut end = 0;
        for &len in lens {
            let label = &octets[end..end + len];
            end += len;
            if label.is_empty() {
                return Err(NameError::EmptyLabel);
            }
            if label.len() > MAX_LABEL_LEN {
                return Err(NameError::LabelTooLong {
                    label: escape_label(label),
                    len: label.len(),
                });
            }
        }
        let len = octets.len() + lens.len() + 1;
        if len > MAX_NAME_LEN {
            return Err(NameError::NameTooLong { len });
        }
        Ok(Name::build(octets, lens))
    }

    /// This name's label lengths, most specific first.
    fn own_lens(&self) -> &[u8] {
        let lens = usize::from(self.full_key_len);
        &self.buf[lens + usize::from(self.skip)..lens + usize::from(self.total)]
    }

    /// This name's labels as octets one after another, with their lengths.
    fn own_parts(&self) -> (&[u8], Vec<usize>) {
        (
            &self.buf[usize::from(self.start)..],
            self.own_lens().iter().map(|&l| usize::from(l)).collect(),
        )
    }

    /// The canonical comparison key (see `Name::buf`).
    fn key(&self) -> &[u8] {
        &self.buf[..usize::from(self.key_len)]
    }

    /// The ancestor without the `skip` leftmost labels; shares storage.
    fn without_leftmost(&self, skip: usize) -> Name {
        let mut name = self.clone();
        for label in self.labels().take(skip) {
            name.start += label.len() as u16;
            name.key_len -= key_octets(label) as u16;
            name.skip += 1;
        }
        name
    }

    /// Reads a name from presentation text. A trailing dot is optional: the
    /// result is absolute either way, as in `dig`.
    pub fn parse(text: &str) -> Result<Name, NameError> {
        if text.is_empty() {
            return Err(NameError::Empty);
        }
        if text == "." {
            return Ok(Name::root());
        }
        let (octets, lens, _) = parse_labels(text)?;
        Name::from_parts(&octets, &lens)
    }

    /// Reads a name as a zone file does: a name ending in an unescaped dot is
    /// absolute, anything else is relative to `origin`, and `@` is the origin
    /// itself (RFC 1035 §5.1).
    pub fn parse_relative_to(text: &str, origin: &Name) -> Result<Name, NameError> {
        if text == "@" {
            return Ok(origin.clone());
        }
        if text == "." {
            return Ok(Name::root());
        }
        if text.is_empty() {
            return Err(NameError::Empty);
        }
        let (mut octets, mut lens, absolute) = parse_labels(text)?;
        if !absolute {
            let (origin_octets, origin_lens) = origin.own_parts();
            octets.extend_from_slice(origin_octets);
            lens.extend(origin_lens);
        }
        Name::from_parts(&octets, &lens)
    }

    /// Builds a name from raw labels (most specific first), checking lengths.
    pub fn from_labels(labels: Vec<Box<[u8]>>) -> Result<Name, NameError> {
        let octets: Vec<u8> = labels.iter().flat_map(|l| l.iter().copied()).collect();
        let lens: Vec<usize> = labels.iter().map(|l| l.len()).collect();
        Name::from_parts(&octets, &lens)
    }

    /// The name in NLnet Labs `domain`'s form, which its record data and
    /// wire messages use.
    pub fn to_wire(&self) -> WireName {
        let mut builder = domain::base::name::NameBuilder::new_vec();
        for label in self.labels() {
            builder
                .append_label(label)
                .expect("Name enforces label and name lengths");
        }
        builder
            .into_name()
            .expect("Name enforces label and name lengths")
    }

    /// A name `domain` read or built, as DNS Lab's name.
    pub fn from_wire(name: &impl domain::base::ToName) -> Result<Name, NameError> {
        let labels = name
            .iter_labels()
            .filter(|label| !label.is_root())
            .map(|label| label.as_slice().into())
            .collect();
        Name::from_labels(labels)
    }

    /// True for a wildcard: a name whose first label is `*` (RFC 4592 §2.1.1).
    pub fn is_wildcard(&self) -> bool {
        self.first_label() == Some(&b"*"[..])
    }

    /// This name with its ancestor `suffix` replaced by `replacement`, as a
    /// DNAME substitutes (RFC 6672 §2.2); an error when the result is longer
    /// than a name may be.
    pub fn with_suffix_replaced(
        &self,
        suffix: &Name,
        replacement: &Name,
    ) -> Result<Name, NameError> {
        let keep = self.label_count().saturating_sub(suffix.label_count());
        let labels = self
            .labels()
            .take(keep)
            .chain(replacement.labels())
            .map(Into::into)
            .collect();
        Name::from_labels(labels)
    }

    /// The length of the name in wire form, counting the root label.
    pub fn wire_len(&self) -> usize {
        self.buf.len() - usize::from(self.start) + self.label_count() + 1
    }

    pub fn is_root(&self) -> bool {
        self.skip == self.total
    }

    /// The number of labels, not counting the root: `www.example.test.` has 3.
    pub fn label_count(&self) -> usize {
        usize::from(self.total - self.skip)
    }

    /// The labels as raw octets, most specific first.
    pub fn labels(&self) -> Labels<'_> {
        Labels {
            lens: self.own_lens(),
            octets: &self.buf[usize::from(self.start)..],
        }
    }

    /// The leftmost label, or `None` for the root.
    pub fn first_label(&self) -> Option<&[u8]> {
        self.labels().next()
    }

    /// The name one label up: `example.test.` for `www.example.test.`.
    pub fn parent(&self) -> Option<Name> {
        (!self.is_root()).then(|| self.without_leftmost(1))
    }

    /// This name and each of its ancestors, up to and including the root.
    pub fn ancestors(&self) -> impl Iterator<Item = Name> + '_ {
        (0..=self.label_count()).map(|skip| self.without_leftmost(skip))
    }

    /// The ancestor (or self) that has `count` labels; `None` when this name
    /// has fewer.
    pub fn trim_to(&self, count: usize) -> Option<Name> {
        let len = self.label_count();
        (count <= len).then(|| self.without_leftmost(len - count))
    }

    /// A child of this name: `www` below `example.test.`.
    pub fn child(&self, label: &[u8]) -> Result<Name, NameError> {
        let (own_octets, own_lens) = self.own_parts();
        let mut octets = label.to_vec();
        octets.extend_from_slice(own_octets);
        let mut lens = vec![label.len()];
        lens.extend(own_lens);
        Name::from_parts(&octets, &lens)
    }

    /// True when this name equals `other` or lies below it. Every name is a
    /// subdomain of the root.
    pub fn is_subdomain_of(&self, other: &Name) -> bool {
        // Keys end at label boundaries, so a key prefix is an ancestor.
        self.key().starts_with(other.key())
    }

    /// True when this name lies strictly below `other`.
    pub fn is_strictly_below(&self, other: &Name) -> bool {
        self.key().len() > other.key().len() && self.is_subdomain_of(other)
    }

    /// How a name server named `self` relates to the delegation of `child`
    /// from `parent` (RFC 9499 §7).
    pub fn relation_to_delegation(&self, child: &Name, parent: &Name) -> NsHostRelation {
        if self.is_subdomain_of(child) {
            NsHostRelation::InDomain
        } else if self.is_subdomain_of(parent) {
            NsHostRelation::Sibling
        } else {
            NsHostRelation::Unrelated
        }
    }

    /// How a name server named `self` relates to `zone`, taking the zone's
    /// parent to be the name one label up.
    pub fn relation_to_zone(&self, zone: &Name) -> NsHostRelation {
        match zone.parent() {
            Some(parent) => self.relation_to_delegation(zone, &parent),
            None => NsHostRelation::InDomain,
        }
    }

    /// The labels of this name below `origin`, escaped and joined with dots,
    /// or `None` when it is not at or below `origin`. The origin itself gives
    /// `@`, as zone files write it.
    pub fn relative_to(&self, origin: &Name) -> Option<String> {
        if !self.is_subdomain_of(origin) {
            return None;
        }
        let own = self.label_count() - origin.label_count();
        if own == 0 {
            return Some("@".to_string());
        }
        Some(
            self.labels()
                .take(own)
                .map(escape_label)
                .collect::<Vec<_>>()
                .join("."),
        )
    }

    /// The name as `to_string()` writes it, octet by octet, without
    /// building the string: zones order a name's records by their text.
    pub fn presentation_octets(&self) -> impl Iterator<Item = u8> + '_ {
        self.is_root().then_some(b'.').into_iter().chain(
            self.labels()
                .flat_map(|label| escaped_label(label).chain(std::iter::once(b'.'))),
        )
    }

    /// A lower-cased copy, for keys that must not depend on how a user typed.
    pub fn to_lowercase(&self) -> Name {
        let (octets, lens) = self.own_parts();
        Name::build(&octets.to_ascii_lowercase(), &lens)
    }

    /// The IP address that the labels of this name above `zone` spell, if
    /// they do: the mistake of writing an address where DNS wants a host
    /// name (RFC 1035 §3.3.11). Below the root, `192.0.2.1.` is `192.0.2.1`;
    /// below `test.`, `127.0.30.1.test.` is `127.0.30.1`, an address written
    /// in the zone file of `test.` without a final dot, which made it a
    /// relative name (RFC 1035 §5.1).
    pub fn ip_literal_below(&self, zone: &Name) -> Option<std::net::IpAddr> {
        let above = self.label_count().checked_sub(zone.label_count())?;
        if above == 0 || !self.is_subdomain_of(zone) {
            return None;
        }
        let labels: Vec<String> = self
            .labels()
            .take(above)
            .map(|label| String::from_utf8_lossy(label).into_owned())
            .collect();
        labels.join(".").parse().ok()
    }
}

/// Labels as written (their octets one after another, and their lengths),
/// and whether the text ended in an unescaped dot.
type ParsedLabels = (Vec<u8>, Vec<usize>, bool);

/// Splits presentation text into unescaped labels; also says whether it ended
/// in an unescaped dot (absolute).
fn parse_labels(text: &str) -> Result<ParsedLabels, NameError> {
    let bytes = text.as_bytes();
    let mut octets = Vec::with_capacity(bytes.len());
    let mut lens = Vec::new();
    let mut current = 0;
    let mut i = 0;
    let mut absolute = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let (octet, used) = read_escape(&bytes[i + 1..]).ok_or(NameError::BadEscape)?;
                octets.push(octet);
                current += 1;
                i += 1 + used;
            }
            b'.' => {
                if current == 0 {
                    return Err(NameError::EmptyLabel);
                }
                lens.push(current);
                current = 0;
                i += 1;
                if i == bytes.len() {
                    absolute = true;
                }
            }
            c => {
                octets.push(c);
                current += 1;
                i += 1;
            }
        }
    }
    if current > 0 {
        lens.push(current);
    }
    Ok((octets, lens, absolute))
}

/// Reads the escape after a backslash (RFC 1035 §5.1): `\DDD`, a decimal
/// octet, or `\X`, the character X itself. Gives the octet and how many
/// bytes after the backslash it used; `None` when malformed.
pub(crate) fn read_escape(rest: &[u8]) -> Option<(u8, usize)> {
    match rest {
        [a, b, c, ..] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
            let value = u32::from(a - b'0') * 100 + u32::from(b - b'0') * 10 + u32::from(c - b'0');
            u8::try_from(value).ok().map(|octet| (octet, 3))
        }
        [d, ..] if d.is_ascii_digit() => None,
        [c, ..] => Some((*c, 1)),
        [] => None,
    }
}

/// Writes one label in presentation form, escaping what would otherwise be
/// read differently in a zone file (RFC 1035 §5.1).
pub(crate) fn escape_label(label: &[u8]) -> String {
    let bytes: Vec<u8> = escaped_label(label).collect();
    // Every escaped form is ASCII.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The presentation form of one label, octet by octet (ASCII).
fn escaped_label(label: &[u8]) -> impl Iterator<Item = u8> + '_ {
    label.iter().enumerate().flat_map(|(i, &c)| {
        let (octets, len) = escaped_octet(i, c);
        octets.into_iter().take(len)
    })
}

/// How the octet `c` at position `i` of a label is written: itself, `\c`
/// or `\DDD`.
fn escaped_octet(i: usize, c: u8) -> ([u8; 4], usize) {
    match c {
        b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' => ([b'\\', c, 0, 0], 2),
        b'$' if i == 0 => ([b'\\', b'$', 0, 0], 2),
        0x21..=0x7e => ([c, 0, 0, 0], 1),
        _ => (
            [b'\\', b'0' + c / 100, b'0' + c / 10 % 10, b'0' + c % 10],
            4,
        ),
    }
}

/// True when the label is written as it is: no octet needs an escape.
fn is_plain_label(label: &[u8]) -> bool {
    label
        .iter()
        .enumerate()
        .all(|(i, &c)| escaped_octet(i, c) == ([c, 0, 0, 0], 1))
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str(".");
        }
        for label in self.labels() {
            // Most labels need no escape: written straight from the octets.
            match std::str::from_utf8(label) {
                Ok(text) if is_plain_label(label) => f.write_str(text)?,
                _ => f.write_str(&escape_label(label))?,
            }
            f.write_str(".")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

impl FromStr for Name {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Name::parse(s)
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Name {}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl Ord for Name {
    /// DNSSEC canonical order (RFC 4034 §6.1).
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(other.key())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Name::parse(&text).map_err(|e| serde::de::Error::custom(format!("\"{text}\": {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Name {
        Name::parse(s).unwrap()
    }

    #[test]
    fn equality_ignores_case_but_display_keeps_it() {
        assert_eq!(n("WWW.Example.TEST."), n("www.example.test"));
        assert_eq!(n("WWW.Example.TEST").to_string(), "WWW.Example.TEST.");
        use std::collections::HashSet;
        let set: HashSet<Name> = [n("A.test"), n("a.TEST.")].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn parent_labels_and_subdomains() {
        let www = n("www.example.test.");
        assert_eq!(www.parent(), Some(n("example.test.")));
        assert_eq!(Name::root().parent(), None);
        assert_eq!(www.label_count(), 3);
        assert_eq!(www.labels().next(), Some(&b"www"[..]));
        assert!(www.is_subdomain_of(&n("example.test")));
        assert!(www.is_subdomain_of(&www));
        assert!(www.is_subdomain_of(&Name::root()));
        assert!(!www.is_strictly_below(&www));
        assert!(!n("example.test").is_subdomain_of(&www));
        assert!(!n("badexample.test").is_subdomain_of(&n("example.test")));
        assert_eq!(www.trim_to(1), Some(n("test.")));
        assert_eq!(www.ancestors().count(), 4);
    }

    #[test]
    fn escapes_round_trip() {
        let name = n(r"a\.b.example.test.");
        assert_eq!(name.label_count(), 3);
        assert_eq!(name.first_label(), Some(&b"a.b"[..]));
        assert_eq!(name.to_string(), r"a\.b.example.test.");
        let weird = n(r"\032sp\\ace\255.test");
        assert_eq!(weird.first_label(), Some(&b" sp\\ace\xff"[..]));
        assert_eq!(Name::parse(&weird.to_string()).unwrap(), weird);
        assert_eq!(Name::parse(r"a\256.test"), Err(NameError::BadEscape));
        assert_eq!(Name::parse(r"a\"), Err(NameError::BadEscape));
    }

    #[test]
    fn presentation_octets_are_the_displayed_text() {
        for text in [
            ".",
            "example.test.",
            "Mixed.Case.TEST.",
            r"a\.b.example.test.",
            r"\032sp\\ace\255.test.",
            r"\$dollar.a$b.test.",
            r"semi\;colon.\@.\(x\).test.",
            r"\000\127.test.",
        ] {
            let name = n(text);
            let octets: Vec<u8> = name.presentation_octets().collect();
            assert_eq!(
                String::from_utf8(octets).unwrap(),
                name.to_string(),
                "{text}"
            );
        }
    }

    #[test]
    fn limits_are_enforced() {
        let long_label = "a".repeat(64);
        assert!(matches!(
            Name::parse(&format!("{long_label}.test")),
            Err(NameError::LabelTooLong { len: 64, .. })
        ));
        assert!(Name::parse(&format!("{}.test", "a".repeat(63))).is_ok());
        let long_name = vec!["abcdefghi"; 26].join(".");
        assert!(matches!(
            Name::parse(&long_name),
            Err(NameError::NameTooLong { len: 261 })
        ));
        assert_eq!(Name::parse("a..test"), Err(NameError::EmptyLabel));
        assert_eq!(Name::parse(".test"), Err(NameError::EmptyLabel));
        assert_eq!(Name::parse(""), Err(NameError::Empty));
    }

    #[test]
    fn relative_names_follow_zone_file_rules() {
        let origin = n("example.test.");
        assert_eq!(Name::parse_relative_to("@", &origin).unwrap(), origin);
        assert_eq!(
            Name::parse_relative_to("www", &origin).unwrap(),
            n("www.example.test.")
        );
        assert_eq!(
            Name::parse_relative_to("ns1.other.test.", &origin).unwrap(),
            n("ns1.other.test.")
        );
        // The classic slip: a missing trailing dot appends the origin.
        assert_eq!(
            Name::parse_relative_to("ns1.example.test", &origin).unwrap(),
            n("ns1.example.test.example.test.")
        );
        assert_eq!(
            n("www.example.test").relative_to(&origin).as_deref(),
            Some("www")
        );
        assert_eq!(origin.relative_to(&origin).as_deref(), Some("@"));
        assert_eq!(n("other.test").relative_to(&origin), None);
    }

    #[test]
    fn host_relations_use_rfc_9499_terms() {
        let child = n("example.test.");
        let parent = n("test.");
        assert_eq!(
            n("ns1.example.test").relation_to_delegation(&child, &parent),
            NsHostRelation::InDomain
        );
        assert_eq!(
            n("ns1.other.test").relation_to_delegation(&child, &parent),
            NsHostRelation::Sibling
        );
        assert_eq!(
            n("ns1.hosting.example").relation_to_delegation(&child, &parent),
            NsHostRelation::Unrelated
        );
        assert_eq!(
            n("ns1.other.test").relation_to_zone(&child),
            NsHostRelation::Sibling
        );
    }

    #[test]
    fn canonical_order_puts_parents_first() {
        let mut names = [
            n("z.example.test"),
            n("example.test"),
            n("A.example.test"),
            n("test"),
            n("b.a.example.test"),
            Name::root(),
        ];
        names.sort();
        let shown: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            shown,
            [
                ".",
                "test.",
                "example.test.",
                "A.example.test.",
                "b.a.example.test.",
                "z.example.test."
            ]
        );
    }

    #[test]
    fn ip_literals_are_recognised() {
        let root = Name::root();
        let ip = |text: &str| text.parse::<std::net::IpAddr>().ok();
        assert_eq!(n("192.0.2.1.").ip_literal_below(&root), ip("192.0.2.1"));
        assert_eq!(n("ns1.example.test").ip_literal_below(&root), None);
        // Written in test.'s zone file without a final dot.
        assert_eq!(
            n("127.0.30.1.test.").ip_literal_below(&n("test.")),
            ip("127.0.30.1")
        );
        assert_eq!(
            n("2001:db8::1.test.").ip_literal_below(&n("test.")),
            ip("2001:db8::1")
        );
        assert_eq!(n("127.0.30.1.test.").ip_literal_below(&root), None);
        assert_eq!(n("test.").ip_literal_below(&n("test.")), None);
        assert_eq!(n("1.2.3.4.example.").ip_literal_below(&n("test.")), None);
    }
}
