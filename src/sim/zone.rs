//! Zones and zone cuts.
//!
//! A zone is the part of the name space one set of servers is authoritative
//! for: everything at and below its *apex*, except where a *zone cut* hands a
//! subtree to another zone (RFC 1034 §4.2). The apex holds the zone's SOA
//! record and its own NS RRset (the "child side", what a DNS host serves).
//! A cut is a name below the apex that owns an NS RRset: that set is the
//! delegation (the "parent side", what a registrar sets), and the addresses
//! of in-domain name servers stored beside it are *glue* (RFC 1034 §4.2.1,
//! RFC 9471). Anything else below a cut is occluded: a server answers with a
//! referral there and never serves it.
//!
//! A [`Zone`] keeps its records grouped by owner name in canonical order, with
//! duplicates removed (an RRset is a set, RFC 2181 §5), so two zones with the
//! same data compare equal however their files were written.

use super::hash::HashSet;
use super::name::Name;
use super::record::{RData, RType, Record, Soa};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

/// Which side of a zone cut lists a name server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NsSide {
    /// The delegation NS set in the parent zone.
    Parent,
    /// The NS set at the child zone's apex.
    Child,
}

impl fmt::Display for NsSide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NsSide::Parent => "parent side",
            NsSide::Child => "child side",
        })
    }
}

/// The data of one zone: its apex and its records by owner name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    apex: Name,
    nodes: BTreeMap<Name, Vec<Record>>,
    /// The targets of the apex NS RRset, found once: the zone checks, the
    /// hierarchy and the diagnosis all ask for them.
    apex_ns: Vec<Name>,
    /// The names below the apex that own NS records, hashed: every lookup
    /// of the cut above a name tries each of its ancestors, and a TLD zone
    /// has thousands of cuts.
    cut_names: HashSet<Name>,
    /// The owners of DNAME records, and whether any owner is a wildcard:
    /// most zones have neither, and their look-ups then skip both steps.
    dname_owners: HashSet<Name>,
    has_wildcards: bool,
    /// Counted as the records go in: loading a world checks every zone's
    /// size against the limits, and walking 2,000 zones' owners for it was
    /// a visible part of a page's start-up.
    record_count: usize,
}

impl Zone {
    /// A zone from records, in any order; duplicates are dropped. No checks
    /// are made here: `zonefile` reports what is wrong with the data.
    pub fn new(apex: Name, records: impl IntoIterator<Item = Record>) -> Zone {
        let mut nodes: BTreeMap<Name, Vec<Record>> = BTreeMap::new();
        let mut record_count = 0;
        for record in records {
            let node = nodes.entry(record.owner.clone()).or_default();
            if !node.iter().any(|r| same_record(r, &record)) {
                node.push(record);
                record_count += 1;
            }
        }
        // Most owners hold one record and need no sorting at all.
        for node in nodes.values_mut().filter(|node| node.len() > 1) {
            node.sort_by(print_order);
        }
        let apex_ns = nodes
            .get(&apex)
            .map(|records| ns_targets(records.iter().collect()))
            .unwrap_or_default();
        let cut_names = nodes
            .iter()
            .filter(|(name, records)| {
                **name != apex && records.iter().any(|r| r.rtype() == RType::NS)
            })
            .map(|(name, _)| name.clone())
            .collect();
        let dname_owners = nodes
            .iter()
            .filter(|(_, records)| records.iter().any(|r| r.rtype() == RType::DNAME))
            .map(|(name, _)| name.clone())
            .collect();
        let has_wildcards = nodes.keys().any(Name::is_wildcard);
        Zone {
            apex,
            nodes,
            apex_ns,
            cut_names,
            dname_owners,
            has_wildcards,
            record_count,
        }
    }

    pub fn apex(&self) -> &Name {
        &self.apex
    }

    /// Every record, owners in canonical order, types in printing order.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.nodes.values().flatten()
    }

    pub fn record_count(&self) -> usize {
        self.record_count
    }

    /// The owner names that hold records, in canonical order.
    pub fn owners(&self) -> impl Iterator<Item = &Name> {
        self.nodes.keys()
    }

    /// Each owner name with all its records, in canonical order.
    pub fn nodes(&self) -> impl Iterator<Item = (&Name, &[Record])> {
        self.nodes
            .iter()
            .map(|(owner, records)| (owner, records.as_slice()))
    }

    /// The owner names at or before `name` in canonical order, nearest
    /// first, with their records: where a signed zone's NSEC (or NSEC3)
    /// chain link that covers `name` is found.
    pub fn nodes_at_or_before(&self, name: &Name) -> impl Iterator<Item = (&Name, &[Record])> {
        self.nodes
            .range(..=name.clone())
            .rev()
            .map(|(owner, records)| (owner, records.as_slice()))
    }

    /// All records owned by `name`.
    pub fn records_at(&self, name: &Name) -> &[Record] {
        self.nodes.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The RRset of `rtype` at `name`; empty when there is none.
    pub fn rrset(&self, name: &Name, rtype: RType) -> Vec<&Record> {
        self.records_at(name)
            .iter()
            .filter(|r| r.rtype() == rtype)
            .collect()
    }

    /// The data of the RRset of `rtype` at `name` in wire form, for the
    /// types DNS Lab keeps as data (DNSKEY, DS, CDS, …); empty when there
    /// is none.
    pub fn rrset_wire(&self, name: &Name, rtype: RType) -> Vec<&[u8]> {
        self.records_at(name)
            .iter()
            .filter(|r| r.rtype() == rtype)
            .filter_map(|r| r.data.opaque_wire())
            .collect()
    }

    /// The SOA record at the apex.
    pub fn soa_record(&self) -> Option<&Record> {
        self.rrset(&self.apex, RType::SOA).into_iter().next()
    }

    pub fn soa(&self) -> Option<&Soa> {
        self.soa_record().and_then(|r| match &r.data {
            RData::SOA(soa) => Some(soa),
            _ => None,
        })
    }

    /// The zone's own name servers: the NS RRset at the apex (child side).
    pub fn apex_ns(&self) -> &[Name] {
        &self.apex_ns
    }

    /// True when some record is owned by a name strictly below `name`: then
    /// `name` exists even without records of its own (an empty non-terminal,
    /// RFC 8020 §2).
    pub fn has_names_below(&self, name: &Name) -> bool {
        // In canonical order a name's descendants follow it directly.
        self.nodes
            .range((Bound::Excluded(name.clone()), Bound::Unbounded))
            .next()
            .is_some_and(|(next, _)| next.is_strictly_below(name))
    }

    /// True when `name` exists in this zone: it owns records or is an empty
    /// non-terminal.
    pub fn name_exists(&self, name: &Name) -> bool {
        self.nodes.contains_key(name) || self.has_names_below(name)
    }

    /// The DNAME record that redirects `name`: the first met walking down
    /// from the apex, at a strict ancestor of `name` (RFC 6672 §3.2).
    pub fn dname_above(&self, name: &Name) -> Option<&Record> {
        if self.dname_owners.is_empty() || !name.is_strictly_below(&self.apex) {
            return None;
        }
        (self.apex.label_count()..name.label_count())
            .filter_map(|count| name.trim_to(count))
            .find(|owner| self.dname_owners.contains(owner))
            .and_then(|owner| self.rrset(&owner, RType::DNAME).into_iter().next())
    }

    /// The closest encloser of `name` (RFC 4592 §3.3.1): its nearest
    /// strict ancestor that exists here, the apex at the highest.
    pub fn closest_encloser(&self, name: &Name) -> Option<Name> {
        name.ancestors()
            .skip(1)
            .find(|ancestor| self.name_exists(ancestor) || *ancestor == self.apex)
    }

    /// The wildcard that answers for `name` when `name` does not exist
    /// here: `*` right below its closest encloser, the nearest ancestor
    /// that exists (RFC 4592 §3.3.1). A name that exists, even as an empty
    /// non-terminal, is never answered from a wildcard.
    pub fn wildcard_for(&self, name: &Name) -> Option<Name> {
        if !self.has_wildcards || !name.is_strictly_below(&self.apex) || self.name_exists(name) {
            return None;
        }
        let encloser = self.closest_encloser(name)?;
        let source = encloser.child(b"*").ok()?;
        self.nodes.contains_key(&source).then_some(source)
    }

    /// The names below the apex that own NS records: this zone's delegations.
    pub fn cuts(&self) -> impl Iterator<Item = &Name> {
        self.nodes
            .keys()
            .filter(|name| self.cut_names.contains(*name))
    }

    /// The highest zone cut at or above `name`, if `name` lies in delegated
    /// space. The highest one wins: data below it is not this zone's.
    pub fn cut_above(&self, name: &Name) -> Option<Name> {
        if !name.is_strictly_below(&self.apex) {
            return None;
        }
        (self.apex.label_count() + 1..=name.label_count())
            .filter_map(|count| name.trim_to(count))
            .find(|candidate| self.cut_names.contains(candidate))
    }

    /// The delegation NS set this zone holds for the cut at `child`.
    pub fn delegation_ns(&self, child: &Name) -> Vec<Name> {
        ns_targets(self.rrset(child, RType::NS))
    }

    /// The address records this zone holds for the name servers of the cut at
    /// `child` that are in-domain or siblings (inside this zone): the glue a
    /// server adds to a referral (RFC 9471 §3). Unrelated names are never
    /// included, as NSD and BIND do.
    pub fn glue_for(&self, child: &Name) -> Vec<&Record> {
        self.glue_for_hosts(&self.delegation_ns(child))
    }

    /// The address records this zone holds for `hosts` that are inside it.
    pub fn glue_for_hosts(&self, hosts: &[Name]) -> Vec<&Record> {
        let mut glue = Vec::new();
        for host in hosts {
            if !host.is_subdomain_of(&self.apex) {
                continue;
            }
            glue.extend(
                self.records_at(host)
                    .iter()
                    .filter(|r| r.rtype().is_address()),
            );
        }
        glue
    }
}

fn ns_targets(records: Vec<&Record>) -> Vec<Name> {
    records
        .into_iter()
        .filter_map(|r| match &r.data {
            RData::NS(host) => Some(host.clone()),
            _ => None,
        })
        .collect()
}

/// The order one owner's records print in: by type, then by the text of
/// their data. Names are compared as text without writing them out (an
/// NS or CNAME set is most of what a node holds twice); other data, rarely
/// several of one type at one owner, is written out.
fn print_order(a: &Record, b: &Record) -> Ordering {
    a.rtype()
        .cmp(&b.rtype())
        .then_with(|| match (&a.data, &b.data) {
            (RData::NS(x), RData::NS(y))
            | (RData::CNAME(x), RData::CNAME(y))
            | (RData::PTR(x), RData::PTR(y))
            | (RData::DNAME(x), RData::DNAME(y)) => {
                x.presentation_octets().cmp(y.presentation_octets())
            }
            _ => a.data.to_text().cmp(&b.data.to_text()),
        })
}

/// Records are the same when owner, type and data match; the TTL is a
/// property of the RRset, not of a record (RFC 2181 §5.2).
pub(crate) fn same_record(a: &Record, b: &Record) -> bool {
    a.owner == b.owner && a.data == b.data
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn n(s: &str) -> Name {
        Name::parse(s).unwrap()
    }

    fn zone() -> Zone {
        let a = |owner: &str, ip: [u8; 4]| Record::new(n(owner), 300, RData::A(Ipv4Addr::from(ip)));
        let ns = |owner: &str, host: &str| Record::new(n(owner), 300, RData::NS(n(host)));
        Zone::new(
            n("test."),
            [
                ns("sub.test", "ns1.sub.test"),
                ns("sub.test", "ns.other.test"),
                ns("sub.test", "ns.elsewhere.example"),
                a("ns1.sub.test", [192, 0, 2, 1]),
                a("ns.other.test", [192, 0, 2, 2]),
                a("ns.elsewhere.example", [192, 0, 2, 3]),
                a("a.b.c.test", [192, 0, 2, 4]),
                ns("test", "ns.test"),
                ns("test", "ns.test"),
            ],
        )
    }

    #[test]
    fn duplicates_collapse_and_order_is_canonical() {
        let zone = zone();
        assert_eq!(zone.apex_ns(), [n("ns.test")]);
        let owners: Vec<String> = zone.owners().map(|o| o.to_string()).collect();
        let position = |name: &str| owners.iter().position(|o| o == name).unwrap();
        assert!(position("test.") < position("sub.test."));
        assert!(position("sub.test.") < position("ns1.sub.test."));
    }

    #[test]
    fn records_of_one_owner_are_ordered_by_type_then_text() {
        let owner = n("x.test");
        let record = |data: RData| Record::new(owner.clone(), 300, data);
        let datas = [
            RData::NS(n("b.test")),
            RData::NS(n(r"a\.z.test")),
            RData::NS(n("a.test")),
            RData::NS(n(r"\032a.test")),
            RData::NS(n("A.test.example")),
            RData::NS(n("ns10.test")),
            RData::NS(n("ns9.test")),
            RData::A(Ipv4Addr::new(10, 0, 0, 10)),
            RData::A(Ipv4Addr::new(10, 0, 0, 9)),
            RData::MX {
                preference: 20,
                exchange: n("mx.test"),
            },
            RData::MX {
                preference: 100,
                exchange: n("mx.test"),
            },
        ];
        let zone = Zone::new(n("test"), datas.iter().cloned().map(record));
        let ordered: Vec<&Record> = zone.records_at(&owner).iter().collect();
        // The order printing promises: type, then the data as written.
        let mut by_text: Vec<Record> = datas.iter().cloned().map(record).collect();
        by_text.sort_by_cached_key(|r| (r.rtype(), r.data.to_text()));
        assert_eq!(ordered, by_text.iter().collect::<Vec<_>>());
    }

    #[test]
    fn empty_non_terminals_exist() {
        let zone = zone();
        assert!(zone.name_exists(&n("b.c.test")));
        assert!(zone.name_exists(&n("c.test")));
        assert!(!zone.name_exists(&n("d.test")));
        assert!(zone.has_names_below(&n("test")));
        assert!(!zone.has_names_below(&n("a.b.c.test")));
    }

    #[test]
    fn cuts_and_glue() {
        let zone = zone();
        assert_eq!(
            zone.cuts().cloned().collect::<Vec<_>>(),
            vec![n("sub.test")]
        );
        assert_eq!(zone.cut_above(&n("www.sub.test")), Some(n("sub.test")));
        assert_eq!(zone.cut_above(&n("sub.test")), Some(n("sub.test")));
        assert_eq!(zone.cut_above(&n("test")), None);
        assert_eq!(zone.cut_above(&n("other.test")), None);
        let glue: Vec<String> = zone
            .glue_for(&n("sub.test"))
            .iter()
            .map(|r| r.owner.to_string())
            .collect();
        // In-domain and sibling glue; the unrelated name is left out.
        assert_eq!(glue, ["ns.other.test.", "ns1.sub.test."]);
    }
}
