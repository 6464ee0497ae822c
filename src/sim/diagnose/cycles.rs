//! Circular delegations: zones whose name servers can only be reached
//! through each other (RFC 9471 §2.3). No resolver can break such a loop on
//! its own; glue or a name server outside it must.

use super::facts::{Facts, addresses_of};
use super::remedy::{Sides, fresh_host, known_addresses};
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::fix::Fix;
use crate::sim::hash::HashMap;
use crate::sim::hierarchy::ZoneId;
use crate::sim::name::Name;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeSet;

/// Circular delegations: zones whose name servers can only be reached
/// through each other, with no glue to break the loop. A zone needs the
/// zone holding each NS name it has no glue for, and its parent, whose
/// referral is the only way in. Confirmed by resolving: a cycle that
/// another name server escapes is a warning.
pub(super) fn cycles(facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
    let hierarchy = facts.hierarchy;
    let mut needs: HashMap<ZoneId, Vec<Need>> = HashMap::default();
    // The same needs as a graph of its own, to find its loops.
    let mut graph: DiGraph<ZoneId, ()> = DiGraph::new();
    let mut nodes: HashMap<ZoneId, NodeIndex> = HashMap::default();
    let mut node = |graph: &mut DiGraph<ZoneId, ()>, id: ZoneId| {
        *nodes.entry(id).or_insert_with(|| graph.add_node(id))
    };
    for id in hierarchy.zones() {
        let apex = &hierarchy.zone(id).apex;
        let Some((parent, delegation)) = hierarchy.parent(id) else {
            continue;
        };
        let mut zone_needs = vec![Need::Parent(parent)];
        for host in &delegation.ns {
            // Glue breaks a loop only for a name inside the zone: BIND
            // looks sibling names up itself whatever the referral carries
            // (the differential suite shows it), so a loop that only
            // sibling glue breaks still fails for some resolvers, and the
            // resolver-confirmed severity says for which.
            if host.is_subdomain_of(apex) {
                continue;
            }
            if let Some(target) = facts.host(host).closest_zone {
                zone_needs.push(Need::Host(target, host.clone()));
            }
        }
        let from = node(&mut graph, id);
        for need in &zone_needs {
            let to = node(&mut graph, need.zone());
            graph.add_edge(from, to, ());
        }
        needs.insert(id, zone_needs);
    }
    // Only zones on a loop of the graph (a strongly connected component
    // with more than one zone) can be in a cycle; a healthy world has none,
    // so the walk below usually has nothing to do.
    let mut on_loop: BTreeSet<ZoneId> = BTreeSet::new();
    for component in tarjan_scc(&graph) {
        if component.len() > 1 {
            on_loop.extend(component.into_iter().map(|n| graph[n]));
        }
    }
    let mut reported: BTreeSet<BTreeSet<ZoneId>> = BTreeSet::new();
    for start in hierarchy.zones().filter(|id| on_loop.contains(id)) {
        let mut walk = CycleWalk {
            needs: &needs,
            on_loop: &on_loop,
            start,
            path: Vec::new(),
            reported: &mut reported,
        };
        walk.from(start, facts, findings);
    }
}

/// Why a zone needs another to be resolvable.
#[derive(Clone, Debug)]
enum Need {
    /// The zone's parent, which holds its delegation.
    Parent(ZoneId),
    /// The zone holding the address of this NS name.
    Host(ZoneId, Name),
}

impl Need {
    fn zone(&self) -> ZoneId {
        match self {
            Need::Parent(zone) | Need::Host(zone, _) => *zone,
        }
    }
}

/// A depth-first walk from `start` along needs, reporting each loop back to
/// it once.
struct CycleWalk<'a> {
    needs: &'a HashMap<ZoneId, Vec<Need>>,
    on_loop: &'a BTreeSet<ZoneId>,
    start: ZoneId,
    path: Vec<(ZoneId, Need)>,
    reported: &'a mut BTreeSet<BTreeSet<ZoneId>>,
}

impl CycleWalk<'_> {
    fn from(&mut self, at: ZoneId, facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
        if self.path.len() > 16 {
            return;
        }
        for need in self.needs.get(&at).into_iter().flatten() {
            let target = need.zone();
            if !self.on_loop.contains(&target) {
                continue;
            }
            self.path.push((at, need.clone()));
            if target == self.start {
                let zones: BTreeSet<ZoneId> = self.path.iter().map(|(z, _)| *z).collect();
                // A loop made only of parent links cannot happen; one with
                // no NS name in it is the tree, not a cycle.
                let has_host = self.path.iter().any(|(_, n)| matches!(n, Need::Host(..)));
                if has_host && self.reported.insert(zones) {
                    report_cycle(&self.path, facts, findings);
                }
            } else if !self.path.iter().any(|(z, _)| *z == target) {
                self.from(target, facts, findings);
            }
            self.path.pop();
        }
    }
}

fn report_cycle(path: &[(ZoneId, Need)], facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
    let hierarchy = facts.hierarchy;
    let apex = |id: ZoneId| hierarchy.zone(id).apex.clone();
    let mut text = String::new();
    for (zone, need) in path {
        text.push_str(&apex(*zone).prose());
        match need {
            Need::Host(_, host) => text.push_str(&format!(" → {} → ", host.prose())),
            Need::Parent(_) => text.push_str(" → its parent "),
        }
    }
    text.push_str(&apex(path[0].0).prose());
    let zones: Vec<Name> = path.iter().map(|(z, _)| apex(*z)).collect();
    let severity = zones
        .iter()
        .map(|zone| facts.reachability(zone).severity())
        .min()
        .unwrap_or(Severity::Error);
    let (first_id, first_host) = path
        .iter()
        .find_map(|(zone, need)| match need {
            Need::Host(_, host) => Some((*zone, host.clone())),
            Need::Parent(_) => None,
        })
        .expect("a reported cycle has an NS name in it");
    let first_zone = apex(first_id);
    let on_loop: BTreeSet<ZoneId> = path.iter().map(|(z, _)| *z).collect();
    // Broken at the first zone of the loop where the world allows it (its
    // parent may not be a zone here to hold glue).
    let fix = path
        .iter()
        .filter(|(_, need)| matches!(need, Need::Host(..)))
        .find_map(|(zone, _)| break_loop(facts, *zone, &on_loop))
        .unwrap_or_else(|| Fix::words(format!("{}.", loop_advice(&first_zone))));
    let mut f = Finding::new(
        FindingKind::CircularDelegation,
        severity,
        zones,
        format!("Circular delegation: {text}"),
    )
    .because(
        format!("To reach {}, a resolver needs {}'s address, which needs the next zone in the loop, and so on back to {}: no address can ever be found{}.", first_zone.prose(), first_host.prose(), first_zone.prose(), if severity == Severity::Error { ", and resolution ends in SERVFAIL" } else { "; another name server outside the loop saves resolution for now" }),
        fix,
    );
    f.edges = path
        .iter()
        .map(|(zone, need)| match need {
            Need::Host(_, host) => EdgeRef::NsHost {
                zone: apex(*zone),
                ns_host: host.clone(),
            },
            Need::Parent(parent) => EdgeRef::Delegation {
                parent: apex(*parent),
                child: apex(*zone),
            },
        })
        .collect();
    findings.push(f);
}

/// Breaks the loop at `zone`: each of its name servers whose name leads
/// into the loop gets a name inside the zone, at the same address, with
/// glue in the parent, so the referral itself says where to go.
fn break_loop(facts: &mut Facts<'_>, zone: ZoneId, on_loop: &BTreeSet<ZoneId>) -> Option<Fix> {
    let hierarchy = facts.hierarchy;
    let apex = &hierarchy.zone(zone).apex;
    let (parent, delegation) = hierarchy.parent(zone)?;
    let child_ns = facts.world.zone(apex).map_or(&[][..], |z| z.apex_ns());
    let sides = Sides {
        apex,
        parent: &hierarchy.zone(parent).apex,
        parent_ns: &delegation.ns,
        child_ns,
        glue: &delegation.glue,
    };
    let mut edits = Vec::new();
    let mut renamed: Vec<String> = Vec::new();
    let mut taken: Vec<Name> = Vec::new();
    for host in &delegation.ns {
        let leads_into_loop = !host.is_subdomain_of(apex)
            && facts
                .host(host)
                .closest_zone
                .is_some_and(|z| on_loop.contains(&z));
        let mut addresses = addresses_of(facts, host, &delegation.glue);
        if addresses.is_empty() {
            addresses = known_addresses(facts, host);
        }
        if !leads_into_loop || addresses.is_empty() {
            continue;
        }
        let label = host.labels().next().unwrap_or(b"ns1").to_vec();
        let Some(new) = fresh_host(facts, apex, &label, &taken) else {
            continue;
        };
        let Some(more) = sides.rename_host(facts, host, &new, &addresses) else {
            continue;
        };
        edits.extend(more);
        renamed.push(format!("{host} becomes {new}"));
        taken.push(new);
    }
    if edits.is_empty() {
        return None;
    }
    Some(Fix::new(
        format!(
            "{}, at the same addresses: {}.",
            loop_advice(apex),
            renamed.join(", ")
        ),
        edits,
    ))
}

fn loop_advice(apex: &Name) -> String {
    format!(
        "Break the loop with glue or a name server outside it: for example give {} an NS name inside {} with glue in its parent",
        apex.prose(),
        apex.prose()
    )
}
