//! Both sides of a zone cut, side by side.
//!
//! A delegation is written down twice (RFC 1034 §4.2.2). The parent zone
//! holds NS records for the child, with glue addresses for the name servers
//! whose names lie inside the child (RFC 9471): that is what a registrar
//! sets. The child zone holds its own NS records at its apex: that is what
//! its DNS host serves. The two sets should be equal. When they are not, a
//! resolver uses the parent's set from a referral until it has asked the
//! child, and then the child's own set, which ranks higher (RFC 2181
//! §5.4.1) and is cached for its TTL: which servers get asked depends on
//! what a resolver has cached, so some lookups reach one set and some the
//! other.
//!
//! [`compare`] lines the two sets up name by name and says, for each name,
//! what the server of that name does for the zone; [`delegation_for`] writes
//! the parent's side for a zone that has none yet.

use std::net::IpAddr;

use super::hierarchy::Hierarchy;
use super::name::Name;
use super::record::{RData, Record};
use super::scenario::World;
use super::server::Behaviour;
use super::zone::NsSide;
use super::zone::Zone;

/// One name server's name, as the two sides of the cut list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CutRow {
    pub host: Name,
    /// Listed by the parent's delegation (the registrar's set).
    pub at_parent: bool,
    /// Listed by the child's apex NS records (the DNS host's set).
    pub at_child: bool,
    /// The parent's glue addresses for this name.
    pub glue: Vec<IpAddr>,
    pub server: NsServer,
}

/// What the server of one NS name does for the zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NsServer {
    /// It is up and loads the zone: it answers authoritatively.
    Authoritative,
    /// It is up but does not load the zone: a lame delegation (RFC 1912 §2.8).
    Lame,
    /// It does not answer at all.
    Down,
    /// It answers REFUSED.
    Refusing,
    /// No server in the world has this name.
    Unknown,
}

impl NsServer {
    /// A few words for the learner.
    pub fn describe(self) -> &'static str {
        match self {
            NsServer::Authoritative => "answers authoritatively",
            NsServer::Lame => "lame: does not serve the zone",
            NsServer::Down => "down: does not answer",
            NsServer::Refusing => "refuses queries",
            NsServer::Unknown => "no such server",
        }
    }
}

/// A zone cut's NS sets lined up: one row per name, in canonical order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CutComparison {
    /// The parent zone, or `None` for the root (which has no cut above it).
    pub parent: Option<Name>,
    pub rows: Vec<CutRow>,
}

impl CutComparison {
    /// The names only the registrar lists.
    pub fn registrar_only(&self) -> impl Iterator<Item = &Name> {
        self.rows
            .iter()
            .filter(|r| r.at_parent && !r.at_child)
            .map(|r| &r.host)
    }

    /// The names only the zone itself lists.
    pub fn zone_only(&self) -> impl Iterator<Item = &Name> {
        self.rows
            .iter()
            .filter(|r| r.at_child && !r.at_parent)
            .map(|r| &r.host)
    }

    /// The names one side lists.
    pub fn listed_by(&self, side: NsSide) -> impl Iterator<Item = &Name> {
        self.rows
            .iter()
            .filter(move |r| match side {
                NsSide::Parent => r.at_parent,
                NsSide::Child => r.at_child,
            })
            .map(|r| &r.host)
    }

    /// True when the two sides list different names.
    pub fn differs(&self) -> bool {
        self.rows.iter().any(|r| r.at_parent != r.at_child)
    }
}

/// Lines up the NS sets on both sides of `apex`'s cut; `None` when the
/// world has no such zone.
pub fn compare(world: &World, hierarchy: &Hierarchy, apex: &Name) -> Option<CutComparison> {
    let id = hierarchy.find_zone(apex)?;
    let parent = hierarchy.parent(id);
    let (parent_ns, glue) = parent.map_or((&[][..], &[][..]), |(_, d)| {
        (d.ns.as_slice(), d.glue.as_slice())
    });
    let child_ns = world.zone(apex).map_or(&[][..], |zone| zone.apex_ns());
    let mut hosts: Vec<&Name> = parent_ns.iter().chain(child_ns).collect();
    hosts.sort();
    hosts.dedup();
    let loaders = hierarchy.servers_of(id);
    let rows = hosts
        .into_iter()
        .map(|host| {
            let named: Vec<_> = hierarchy
                .servers()
                .filter(|&s| &hierarchy.server(s).host == host)
                .collect();
            // With several servers of one name, the one that serves best.
            let server = named
                .iter()
                .map(|&s| match hierarchy.server(s).behaviour {
                    Behaviour::Down => NsServer::Down,
                    Behaviour::Refusing => NsServer::Refusing,
                    Behaviour::Up if loaders.contains(&s) => NsServer::Authoritative,
                    Behaviour::Up => NsServer::Lame,
                })
                .min_by_key(|state| match state {
                    NsServer::Authoritative => 0,
                    NsServer::Lame => 1,
                    NsServer::Refusing => 2,
                    NsServer::Down => 3,
                    NsServer::Unknown => 4,
                })
                .unwrap_or(NsServer::Unknown);
            CutRow {
                host: host.clone(),
                at_parent: parent_ns.contains(host),
                at_child: child_ns.contains(host),
                glue: glue
                    .iter()
                    .filter(|r| &r.owner == host)
                    .filter_map(|r| match &r.data {
                        RData::A(v4) => Some(IpAddr::V4(*v4)),
                        RData::AAAA(v6) => Some(IpAddr::V6(*v6)),
                        _ => None,
                    })
                    .collect(),
                server,
            }
        })
        .collect();
    Some(CutComparison {
        parent: parent.map(|(p, _)| hierarchy.zone(p).apex.clone()),
        rows,
    })
}

/// What the parent needs to delegate `child`: an NS record for each name
/// server the zone names at its apex, and glue for those whose names lie
/// inside the zone (their addresses as the zone itself has them), so that
/// both sides of the new cut agree. `ttl` is the parent's TTL for them.
pub fn delegation_for(child: &Zone, ttl: u32) -> Vec<Record> {
    let apex = child.apex();
    let mut records: Vec<Record> = child
        .apex_ns()
        .iter()
        .map(|host| Record::new(apex.clone(), ttl, RData::NS(host.clone())))
        .collect();
    for host in child.apex_ns() {
        if host.is_subdomain_of(apex) {
            records.extend(
                child
                    .records_at(host)
                    .iter()
                    .filter(|r| r.data.address().is_some())
                    .map(|r| Record::new(host.clone(), ttl, r.data.clone())),
            );
        }
    }
    records
}
