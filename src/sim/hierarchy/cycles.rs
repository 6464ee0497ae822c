//! Circular delegations as loops of the hierarchy's dependencies.
//!
//! A resolver reaches a zone only through its parent's referral, and then
//! needs an address for one of the name servers the referral lists. Glue in
//! the referral gives it for a name inside the zone; any other name must be
//! resolved first, in the zone that holds it. Follow those needs from zone to
//! zone, and a loop back to the start is a circular delegation: every zone on
//! it waits for the next, and no resolver gets out on its own (RFC 9471 §2.3;
//! RFC 1034 §5.3.3).
//!
//! The needs are the graph's own edges: each delegation read child to parent,
//! and each NS-host dependency the parent side lists. Loops are looked for
//! only inside strongly connected components of more than one zone (Tarjan's
//! algorithm), which a healthy world does not have, and each set of zones is
//! reported once, by the first walk that closes it.

use super::{Hierarchy, ZoneId};
use crate::sim::hash::HashMap;
use crate::sim::name::Name;
use crate::sim::zone::NsSide;
use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;
use std::collections::BTreeSet;

/// Longer loops than this are not walked: a loop through more zones than a
/// resolver would ever chase is beyond any lesson, and the walk stays small.
const LONGEST_LOOP: usize = 16;

/// Why a zone needs another before a resolver can reach it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    /// Its parent, whose referral is the only way in.
    Parent(ZoneId),
    /// The zone holding this name server's host name, which the parent
    /// lists outside the zone, where glue does not help.
    NsHost(ZoneId, Name),
}

impl Need {
    /// The zone needed.
    pub fn zone(&self) -> ZoneId {
        match self {
            Need::Parent(zone) | Need::NsHost(zone, _) => *zone,
        }
    }
}

/// One loop: each zone with what it needs, the next zone in the loop; the
/// last one's need leads back to the first zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NsCycle {
    pub links: Vec<(ZoneId, Need)>,
}

impl NsCycle {
    /// The zones on the loop.
    pub fn zones(&self) -> BTreeSet<ZoneId> {
        self.links.iter().map(|(zone, _)| *zone).collect()
    }
}

impl Hierarchy {
    /// What `zone` needs to be reached: its parent first, then the zones
    /// holding the names its parent lists outside it, in the parent's order.
    pub fn needs(&self, zone: ZoneId) -> Vec<Need> {
        let Some((parent, delegation)) = self.parent(zone) else {
            return Vec::new();
        };
        let apex = &self.zone(zone).apex;
        // Glue breaks a loop only for a name inside the zone: BIND looks
        // sibling names up itself whatever the referral carries (the
        // differential suite shows it), so a loop that only sibling glue
        // breaks still fails for some resolvers, and diagnose's
        // resolver-confirmed severity says for which.
        let mut hosts: Vec<(usize, Need)> = self
            .ns_dependencies(zone)
            .into_iter()
            .filter(|(_, dependency)| {
                dependency.sides.contains(&NsSide::Parent)
                    && !dependency.ns_host.is_subdomain_of(apex)
            })
            .map(|(holder, dependency)| {
                let listed = delegation.ns.iter().position(|h| *h == dependency.ns_host);
                (
                    listed.unwrap_or(usize::MAX),
                    Need::NsHost(holder, dependency.ns_host.clone()),
                )
            })
            .collect();
        hosts.sort_by_key(|(listed, _)| *listed);
        std::iter::once(Need::Parent(parent))
            .chain(hosts.into_iter().map(|(_, need)| need))
            .collect()
    }

    /// Every circular delegation in the world, each set of zones once, in
    /// the canonical order of the zone each walk starts from.
    pub fn ns_cycles(&self) -> Vec<NsCycle> {
        let needs: HashMap<ZoneId, Vec<Need>> =
            self.zones().map(|zone| (zone, self.needs(zone))).collect();
        // The needs as a graph of their own, its nodes in zone order, for
        // Tarjan's algorithm.
        let zones: Vec<ZoneId> = self.zones().collect();
        let index: HashMap<ZoneId, u32> = (0..)
            .zip(zones.iter().copied())
            .map(|(i, z)| (z, i))
            .collect();
        let graph: DiGraph<(), ()> =
            DiGraph::from_edges(needs.iter().flat_map(|(zone, zone_needs)| {
                zone_needs
                    .iter()
                    .map(|need| (index[zone], index[&need.zone()]))
            }));
        let on_loop: BTreeSet<ZoneId> = tarjan_scc(&graph)
            .into_iter()
            .filter(|component| component.len() > 1)
            .flatten()
            .map(|node| zones[node.index()])
            .collect();
        let mut walk = Walk {
            needs: &needs,
            on_loop: &on_loop,
            start: None,
            path: Vec::new(),
            seen: BTreeSet::new(),
            cycles: Vec::new(),
        };
        for start in self.zones().filter(|zone| on_loop.contains(zone)) {
            walk.start = Some(start);
            walk.from(start);
        }
        walk.cycles
    }
}

/// A depth-first walk along needs from `start`, keeping each loop back to
/// it whose set of zones is new.
struct Walk<'a> {
    needs: &'a HashMap<ZoneId, Vec<Need>>,
    on_loop: &'a BTreeSet<ZoneId>,
    start: Option<ZoneId>,
    path: Vec<(ZoneId, Need)>,
    seen: BTreeSet<BTreeSet<ZoneId>>,
    cycles: Vec<NsCycle>,
}

impl Walk<'_> {
    fn from(&mut self, at: ZoneId) {
        if self.path.len() > LONGEST_LOOP {
            return;
        }
        for need in self.needs.get(&at).into_iter().flatten() {
            let target = need.zone();
            if !self.on_loop.contains(&target) {
                continue;
            }
            self.path.push((at, need.clone()));
            if Some(target) == self.start {
                let cycle = NsCycle {
                    links: self.path.clone(),
                };
                // A loop of parent links alone cannot happen, and one with
                // no NS name in it is the tree, not a cycle.
                let has_host = self
                    .path
                    .iter()
                    .any(|(_, need)| matches!(need, Need::NsHost(..)));
                if has_host && self.seen.insert(cycle.zones()) {
                    self.cycles.push(cycle);
                }
            } else if !self.path.iter().any(|(zone, _)| *zone == target) {
                self.from(target);
            }
            self.path.pop();
        }
    }
}
