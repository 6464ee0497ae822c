//! The fixes findings propose, as edits the app can apply in one step.
//!
//! A fix on a delegation usually touches both sides of the cut: the
//! parent's NS records and glue (what a registrar sets) and the zone's own
//! apex NS records and address records (what its DNS host serves). Glue
//! goes with every name server whose name lies inside the zone it serves
//! (RFC 1034 §4.2.1), and nowhere else is it needed. Each builder here
//! returns the edits for one such change, or `None` when the world lacks
//! what it needs (a parent zone to edit, an address to point at); the
//! checks then propose the next option.

use super::facts::{Facts, addresses_of};
use crate::sim::cut::delegation_for;
use crate::sim::fix::FixEdit;
use crate::sim::name::{Name, NsHostRelation};
use crate::sim::record::{RData, RType, Record};
use crate::sim::server::{Behaviour, ServerId};
use crate::sim::zone::Zone;
use std::net::IpAddr;

/// TTL for records a fix adds where the zone has none to copy.
const DEFAULT_TTL: u32 = 3600;

/// Both sides of one zone cut, as the fixes edit them.
#[derive(Clone, Copy)]
pub(super) struct Sides<'a> {
    pub(super) apex: &'a Name,
    pub(super) parent: &'a Name,
    pub(super) parent_ns: &'a [Name],
    pub(super) child_ns: &'a [Name],
    pub(super) glue: &'a [Record],
}

fn ns(apex: &Name, host: &Name, ttl: u32) -> Record {
    Record::new(apex.clone(), ttl, RData::NS(host.clone()))
}

/// The TTL `zone` gives the NS records at `owner`, for new records beside
/// them.
pub(super) fn ttl_of(zone: Option<&Zone>, owner: &Name) -> u32 {
    zone.and_then(|z| {
        z.records_at(owner)
            .iter()
            .find(|r| r.rtype() == RType::NS)
            .map(|r| r.ttl)
    })
    .unwrap_or(DEFAULT_TTL)
}

impl Sides<'_> {
    fn needs_glue(&self, host: &Name) -> bool {
        host.relation_to_delegation(self.apex, self.parent) == NsHostRelation::InDomain
    }

    /// Whether both zones exist as text to edit.
    fn editable(&self, facts: &Facts<'_>) -> bool {
        facts.world.zone(self.parent).is_some() && facts.world.zone(self.apex).is_some()
    }

    /// The parent's NS set for the zone becomes `hosts`: NS records and
    /// glue for the names dropped go, and glue for new names inside the
    /// zone comes from the addresses the world has for them.
    pub(super) fn set_registrar(&self, facts: &mut Facts<'_>, hosts: &[Name]) -> Option<FixEdit> {
        self.registrar_edit(facts, hosts, None)
    }

    /// [`Sides::set_registrar`], with the glue of one new name given.
    fn registrar_edit(
        &self,
        facts: &mut Facts<'_>,
        hosts: &[Name],
        given: Option<(&Name, &[IpAddr])>,
    ) -> Option<FixEdit> {
        facts.world.zone(self.parent)?;
        let ttl = ttl_of(facts.world.zone(self.parent), self.apex);
        let mut remove = Vec::new();
        let mut add = Vec::new();
        for host in self.parent_ns.iter().filter(|h| !hosts.contains(h)) {
            remove.push(ns(self.apex, host, ttl));
            // Glue for a name outside the zone may be another delegation's
            // (a provider's own servers): it stays.
            if self.needs_glue(host) {
                remove.extend(self.glue.iter().filter(|r| r.owner == *host).cloned());
            }
        }
        for host in hosts.iter().filter(|h| !self.parent_ns.contains(h)) {
            add.push(ns(self.apex, host, ttl));
            if self.needs_glue(host) && !self.glue.iter().any(|r| r.owner == *host) {
                let addresses = match given {
                    Some((named, addresses)) if named == host => addresses.to_vec(),
                    _ => known_addresses(facts, host),
                };
                add.extend(addresses_at(host, &addresses, ttl));
            }
        }
        Some(edit_zone(self.parent, remove, add))
    }

    /// The zone's own apex NS set becomes `hosts`.
    pub(super) fn set_zone_ns(&self, facts: &Facts<'_>, hosts: &[Name]) -> Option<FixEdit> {
        let ttl = ttl_of(Some(facts.world.zone(self.apex)?), self.apex);
        let remove = self
            .child_ns
            .iter()
            .filter(|h| !hosts.contains(h))
            .map(|host| ns(self.apex, host, ttl))
            .collect();
        let add = hosts
            .iter()
            .filter(|h| !self.child_ns.contains(h))
            .map(|host| ns(self.apex, host, ttl))
            .collect();
        Some(edit_zone(self.apex, remove, add))
    }

    /// `host` leaves both NS sets, as long as each keeps another name.
    pub(super) fn drop_host(&self, facts: &mut Facts<'_>, host: &Name) -> Option<Vec<FixEdit>> {
        let without =
            |set: &[Name]| -> Vec<Name> { set.iter().filter(|h| *h != host).cloned().collect() };
        let (parent_ns, child_ns) = (without(self.parent_ns), without(self.child_ns));
        if parent_ns.is_empty() || child_ns.is_empty() || !self.editable(facts) {
            return None;
        }
        let mut edits = Vec::new();
        if parent_ns.len() < self.parent_ns.len() {
            edits.push(self.set_registrar(facts, &parent_ns)?);
        }
        if child_ns.len() < self.child_ns.len() {
            edits.push(self.set_zone_ns(facts, &child_ns)?);
        }
        Some(edits)
    }

    /// `old` becomes `new` in both NS sets. When `new` lies inside the zone
    /// it gets `addresses` as glue, and as address records in the zone
    /// unless it has some.
    pub(super) fn rename_host(
        &self,
        facts: &mut Facts<'_>,
        old: &Name,
        new: &Name,
        addresses: &[IpAddr],
    ) -> Option<Vec<FixEdit>> {
        // The zone itself may be only delegated, not defined here: then
        // only the parent's side changes.
        facts.world.zone(self.parent)?;
        let swap = |set: &[Name]| -> Vec<Name> {
            let mut hosts: Vec<Name> = Vec::new();
            for host in set {
                let host = if host == old { new } else { host };
                if !hosts.contains(host) {
                    hosts.push(host.clone());
                }
            }
            hosts
        };
        let mut edits = Vec::new();
        if self.parent_ns.contains(old) {
            let hosts = swap(self.parent_ns);
            edits.push(self.registrar_edit(facts, &hosts, Some((new, addresses)))?);
        }
        let (mut remove, mut add) = (Vec::new(), Vec::new());
        if self.child_ns.contains(old)
            && let Some(FixEdit::Records {
                remove: r, add: a, ..
            }) = self.set_zone_ns(facts, &swap(self.child_ns))
        {
            (remove, add) = (r, a);
        }
        if new.is_subdomain_of(self.apex)
            && facts.world.zone(self.apex).is_some()
            && facts.host(new).addresses.is_empty()
        {
            let ttl = ttl_of(facts.world.zone(self.apex), self.apex);
            add.extend(addresses_at(new, addresses, ttl));
        }
        if !(remove.is_empty() && add.is_empty()) {
            edits.push(edit_zone(self.apex, remove, add));
        }
        Some(edits)
    }

    /// A new name server for the zone: a server at a free address near the
    /// first one's, named inside the zone, listed on both sides with glue.
    pub(super) fn add_server(&self, facts: &mut Facts<'_>) -> Option<(Name, IpAddr, Vec<FixEdit>)> {
        if !self.editable(facts) {
            return None;
        }
        let near = self
            .parent_ns
            .iter()
            .chain(self.child_ns)
            .find_map(|host| known_addresses(facts, host).into_iter().next());
        let address = free_address(facts, near)?;
        let host = fresh_host(facts, self.apex, b"ns2", &[])?;
        let mut edits = vec![FixEdit::AddServer {
            host: host.clone(),
            addresses: vec![address],
            zones: vec![self.apex.clone()],
        }];
        // Both sides list it, each with its own TTL, and the address goes
        // with it: glue in the parent, the record itself in the zone.
        for side in [self.apex, self.parent] {
            let ttl = ttl_of(facts.world.zone(side), self.apex);
            edits.push(edit_zone(
                side,
                Vec::new(),
                vec![
                    ns(self.apex, &host, ttl),
                    Record::for_address(&host, ttl, address),
                ],
            ));
        }
        Some((host, address, edits))
    }
}

/// Creates the zone `apex` on the servers its delegation names (`ns`, with
/// the parent's `glue`), starting a server at a name's address where none
/// listens, and delegates from it the zones already defined below it, so
/// that creating it orphans nothing.
pub(super) fn create_zone(
    facts: &mut Facts<'_>,
    apex: &Name,
    ns: &[Name],
    glue: &[Record],
) -> Option<(Vec<Name>, Vec<FixEdit>)> {
    let world = facts.world;
    let mut hosts: Vec<Name> = Vec::new();
    let mut edits = Vec::new();
    for host in ns {
        let mut addresses = addresses_of(facts, host, glue);
        if addresses.is_empty() {
            addresses = known_addresses(facts, host);
        }
        let listening = addresses.iter().find_map(|a| world.server_at(*a));
        // The server at one of its addresses; else the server by that name,
        // moved to another address (the stale address is a finding of its
        // own); else a new server at the address.
        let server_host = match listening {
            Some(server) => server.host.clone(),
            None if world.server_named(host).is_some() => host.clone(),
            None if !addresses.is_empty() => {
                if !hosts.contains(host) {
                    edits.push(FixEdit::AddServer {
                        host: host.clone(),
                        addresses,
                        zones: Vec::new(),
                    });
                }
                host.clone()
            }
            None => continue,
        };
        if !hosts.contains(&server_host) {
            hosts.push(server_host);
        }
    }
    if hosts.is_empty() {
        return None;
    }
    edits.push(FixEdit::AddZone {
        apex: apex.clone(),
        servers: hosts.clone(),
        delegate: false,
    });
    let below: Vec<&Zone> = world
        .zones()
        .filter(|z| z.apex().is_strictly_below(apex))
        .collect();
    let children = below
        .iter()
        .filter(|z| !below.iter().any(|y| z.apex().is_strictly_below(y.apex())));
    let delegations: Vec<Record> = children
        .flat_map(|z| delegation_for(z, DEFAULT_TTL))
        .collect();
    if !delegations.is_empty() {
        edits.push(edit_zone(apex, Vec::new(), delegations));
    }
    Some((hosts, edits))
}

/// The addresses the world has for a name server host name: its address
/// records, or else the addresses of the server that goes by that name.
pub(super) fn known_addresses(facts: &mut Facts<'_>, host: &Name) -> Vec<IpAddr> {
    let known = facts.host(host);
    if !known.addresses.is_empty() {
        return known.addresses.clone();
    }
    facts
        .world
        .server_named(host)
        .map(|s| s.addresses.clone())
        .unwrap_or_default()
}

/// A name inside `apex` that nothing uses yet, nor `taken`: `preferred` if
/// it is free, else `ns2`, `ns3`, …
pub(super) fn fresh_host(
    facts: &mut Facts<'_>,
    apex: &Name,
    preferred: &[u8],
    taken: &[Name],
) -> Option<Name> {
    let candidates =
        std::iter::once(preferred.to_vec()).chain((2..100).map(|n| format!("ns{n}").into_bytes()));
    for label in candidates {
        let Ok(host) = apex.child(&label) else {
            continue;
        };
        let used = taken.contains(&host)
            || facts
                .world
                .zone(apex)
                .is_some_and(|z| !z.records_at(&host).is_empty())
            || facts.world.server_named(&host).is_some()
            || !facts.host(&host).addresses.is_empty();
        if !used {
            return Some(host);
        }
    }
    None
}

/// The first address after `near` (or in the documentation range
/// 198.51.100.0/24) where no server listens.
pub(super) fn free_address(facts: &Facts<'_>, near: Option<IpAddr>) -> Option<IpAddr> {
    let start = near.unwrap_or(IpAddr::from([198, 51, 100, 1]));
    let next = |address: IpAddr| -> Option<IpAddr> {
        match address {
            IpAddr::V4(v4) => u32::from(v4)
                .checked_add(1)
                .map(|n| IpAddr::from(n.to_be_bytes())),
            IpAddr::V6(v6) => u128::from(v6)
                .checked_add(1)
                .map(|n| IpAddr::from(n.to_be_bytes())),
        }
    };
    let mut address = start;
    for _ in 0..1024 {
        address = next(address)?;
        if facts.world.server_at(address).is_none() {
            return Some(address);
        }
    }
    None
}

/// Bring a server up, or make it load a zone.
pub(super) fn behaviour_up(server: &ServerId) -> FixEdit {
    FixEdit::Behaviour {
        server: server.clone(),
        behaviour: Behaviour::Up,
    }
}

pub(super) fn load(server: &ServerId, apex: &Name) -> FixEdit {
    FixEdit::Loads {
        server: server.clone(),
        apex: apex.clone(),
        loads: true,
    }
}

/// An address record as a fix spells it: `ns1.example.test. A 192.0.2.1`.
pub(super) fn address_text(record: &Record) -> String {
    let address = record
        .data
        .address()
        .map_or_else(String::new, |a| a.to_string());
    format!("`{} {} {address}`", record.owner, record.rtype())
}

/// Records edits on one zone's shared text.
pub(super) fn edit_zone(apex: &Name, remove: Vec<Record>, add: Vec<Record>) -> FixEdit {
    FixEdit::Records {
        apex: apex.clone(),
        server: None,
        remove,
        add,
    }
}

pub(super) fn addresses_at(owner: &Name, addresses: &[IpAddr], ttl: u32) -> Vec<Record> {
    addresses
        .iter()
        .map(|a| Record::for_address(owner, ttl, *a))
        .collect()
}
