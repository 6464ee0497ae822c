//! The hierarchy: a world drawn as a graph.
//!
//! The DNS name space is a tree, cut into zones; each zone hangs below the
//! zone that delegates it (RFC 1034 §4.2). That tree is only half the story.
//! A zone can only be reached through its name servers, and a name server's
//! host name lives in some zone of its own: to reach `shop.test.` through
//! `ns1.hosting.example.`, a resolver must first resolve a name in
//! `hosting.example.`. Those *NS-host dependencies* cut across the tree, and
//! a loop of them is a circular delegation that no resolver can get out of
//! unless glue breaks it (RFC 9471 §2.3); [`Hierarchy::ns_cycles`] finds
//! those loops (`cycles`).
//!
//! The graph has a node for every zone and every server, and three kinds of
//! edges:
//! - *delegation*: parent zone → child zone, carrying the NS set and glue the
//!   parent holds for the child (the registrar's side);
//! - *serves*: server → each zone it loads;
//! - *NS-host dependency*: zone → the zone that holds the host name of one of
//!   its name servers, from either side of the cut. An in-domain name server
//!   (inside the zone itself) adds no edge: only glue can reach it.
//!
//! A zone that a parent delegates but the scenario does not define still gets
//! a node, marked as not defined: the delegation leads nowhere, and the graph
//! should show that. The graph is rebuilt from the world after every edit;
//! petgraph's `StableDiGraph` keeps ids valid while nodes are removed, and
//! its indices never leave this module.

mod cycles;

pub use cycles::{Need, NsCycle};

use super::name::Name;
use super::record::Record;
use super::scenario::World;
use super::server::{Behaviour, ServerId};
use super::zone::{NsSide, Zone};
use crate::sim::hash::{HashMap, HashSet, map_with_capacity};
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A zone in the hierarchy graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneId(NodeIndex);

/// A server in the hierarchy graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerNodeId(NodeIndex);

/// A zone node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneNode {
    pub apex: Name,
    /// False for a zone a parent delegates but the scenario does not define.
    pub defined: bool,
    /// In an open world ([`Scenario::open_world`]), a zone that lies beyond
    /// it: not defined, served by no server here, with nothing of this
    /// world below it, and delegated either to name servers none of which
    /// is a server of this world (by host name or glue address), or to its
    /// parent's own servers (by either), which serve more than the parent's
    /// file shows (arpa., whose name servers are the root servers). The
    /// real root zone's TLDs are such zones until a learner builds one; a
    /// zone delegated to some other server of the world that does not load
    /// it is a mistake, not the world's edge.
    ///
    /// [`Scenario::open_world`]: super::scenario::Scenario::open_world
    pub outside: bool,
}

/// A server node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerNode {
    pub id: ServerId,
    pub host: Name,
    pub behaviour: Behaviour,
}

/// What a parent zone says about a child: its NS set and the glue it holds,
/// as the parent's shared copy has them. An empty NS set means the parent
/// does not delegate the child at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delegation {
    pub ns: Vec<Name>,
    pub glue: Vec<Record>,
}

/// A zone depends on the zone holding one of its name servers' host names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NsDependency {
    pub ns_host: Name,
    /// The sides that list this name server.
    pub sides: BTreeSet<NsSide>,
}

#[derive(Clone, Debug)]
enum Node {
    Zone(ZoneNode),
    Server(ServerNode),
}

#[derive(Clone, Debug)]
enum Edge {
    Delegation(Delegation),
    Serves,
    NsHostDependency(NsDependency),
}

/// The zones and servers of a world and how they depend on each other.
#[derive(Clone, Debug)]
pub struct Hierarchy {
    graph: StableDiGraph<Node, Edge>,
    zones_by_apex: HashMap<Name, ZoneId>,
    /// Every zone in canonical order of apex (parents before children).
    zone_order: Vec<ZoneId>,
    servers_by_id: BTreeMap<ServerId, ServerNodeId>,
    /// The world's [`Scenario::open_world`](super::scenario::Scenario::open_world).
    open_world: bool,
}

/// A broken invariant found by [`Hierarchy::verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvariantViolation(pub String);

impl fmt::Display for InvariantViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Hierarchy {
    /// Builds the graph of a loaded world.
    ///
    /// Linear in the size of the world apart from hashing: every zone's data
    /// is kept by node index while building, so no step searches the world
    /// by name again, and the canonical order comes from merging the
    /// world's (already sorted) zones with the few undefined ones.
    pub fn build(world: &World) -> Hierarchy {
        // Sized up front: growing re-hashes every name, and large worlds are
        // slowed most by touching memory.
        let zones = world.zones().count();
        let mut hierarchy = Hierarchy {
            graph: StableDiGraph::with_capacity(zones + world.servers().len(), 4 * zones),
            zones_by_apex: map_with_capacity(zones),
            zone_order: Vec::new(),
            servers_by_id: BTreeMap::new(),
            open_world: false,
        };
        // The data of each zone node, by node index; `None` when undefined.
        let mut data: Vec<Option<&Zone>> = Vec::with_capacity(zones);
        let mut defined = Vec::with_capacity(zones);
        for zone in world.zones() {
            let id = hierarchy.add_zone(zone.apex().clone(), true);
            set(&mut data, id, Some(zone));
            defined.push((zone.apex(), id));
        }
        // What each zone says at each of its cuts, by (parent, child): read
        // walking the zone in order, rather than looked up child by child,
        // which would jump around a TLD's thousands of names.
        let mut said: HashMap<(ZoneId, ZoneId), Delegation> = HashMap::default();
        let mut undefined = Vec::new();
        for &(_, parent) in &defined {
            let zone = data_of_node(&data, parent).expect("a defined zone has data");
            for cut in zone.cuts() {
                let child = match hierarchy.find_zone(cut) {
                    Some(child) => child,
                    None => {
                        let child = hierarchy.add_zone(cut.clone(), false);
                        set(&mut data, child, None);
                        undefined.push((cut, child));
                        child
                    }
                };
                let ns = zone.delegation_ns(cut);
                let glue = zone.glue_for_hosts(&ns).into_iter().cloned().collect();
                said.insert((parent, child), Delegation { ns, glue });
            }
        }
        undefined.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let apexes = merge_sorted(defined, undefined);
        hierarchy.zone_order = apexes.iter().map(|(_, id)| *id).collect();
        let data_of = |id: ZoneId| data_of_node(&data, id);

        // Delegation edges: each zone hangs below its closest enclosing zone.
        // The NS set of each is kept for the dependencies below.
        let mut parent_ns: Vec<Vec<Name>> = vec![Vec::new(); apexes.len()];
        for (position, (apex, child)) in apexes.iter().enumerate() {
            let Some(parent) = apex
                .parent()
                .and_then(|above| hierarchy.closest_zone(&above))
            else {
                continue;
            };
            // No NS records at the child's name: the parent does not
            // delegate it.
            let delegation = said.remove(&(parent, *child)).unwrap_or(Delegation {
                ns: Vec::new(),
                glue: Vec::new(),
            });
            parent_ns[position].clone_from(&delegation.ns);
            hierarchy
                .graph
                .add_edge(parent.0, child.0, Edge::Delegation(delegation));
        }

        // Serves edges.
        for server in world.servers() {
            let node = ServerNodeId(hierarchy.graph.add_node(Node::Server(ServerNode {
                id: server.id.clone(),
                host: server.host.clone(),
                behaviour: server.behaviour,
            })));
            hierarchy.servers_by_id.insert(server.id.clone(), node);
            for apex in &server.zones {
                if let Some(&zone) = hierarchy.zones_by_apex.get(apex) {
                    hierarchy.graph.add_edge(node.0, zone.0, Edge::Serves);
                }
            }
        }

        // NS-host dependencies, from both sides of each cut. Many zones
        // share a provider's name servers, so each host is looked up once.
        let mut holders: HashMap<Name, Option<ZoneId>> = HashMap::default();
        for ((_, zone), parent_ns) in apexes.iter().zip(parent_ns) {
            let mut hosts: BTreeMap<Name, BTreeSet<NsSide>> = BTreeMap::new();
            for host in parent_ns {
                hosts.entry(host).or_default().insert(NsSide::Parent);
            }
            if let Some(own) = data_of(*zone) {
                for host in own.apex_ns() {
                    hosts.entry(host.clone()).or_default().insert(NsSide::Child);
                }
            }
            for (ns_host, sides) in hosts {
                let holder = *holders
                    .entry(ns_host.clone())
                    .or_insert_with(|| hierarchy.closest_zone(&ns_host));
                let Some(holder) = holder else {
                    continue;
                };
                if holder != *zone {
                    hierarchy.graph.add_edge(
                        zone.0,
                        holder.0,
                        Edge::NsHostDependency(NsDependency { ns_host, sides }),
                    );
                }
            }
        }
        if world.scenario().open_world {
            hierarchy.open_world = true;
            hierarchy.mark_outside(world);
        }
        hierarchy
    }

    /// Sets [`ZoneNode::outside`]. Children come after their parents in
    /// canonical order, so walking it backwards sees a zone's whole subtree
    /// before the zone itself.
    fn mark_outside(&mut self, world: &World) {
        let hosts: HashSet<&Name> = world.servers().iter().map(|s| &s.host).collect();
        let mut inside_below: HashSet<ZoneId> = HashSet::default();
        for &zone in self.zone_order.iter().rev() {
            let beyond = !self.zone(zone).defined
                && self.servers_of(zone).is_empty()
                && !inside_below.contains(&zone)
                && self.parent(zone).is_none_or(|(parent, delegation)| {
                    self.delegated_beyond(world, &hosts, parent, delegation)
                });
            if beyond {
                if let Some(Node::Zone(node)) = self.graph.node_weight_mut(zone.0) {
                    node.outside = true;
                }
            } else if let Some((parent, _)) = self.parent(zone) {
                inside_below.insert(parent);
            }
        }
    }

    /// Whether `delegation` (from `parent`) names only servers beyond the
    /// world, or only `parent`'s own: see [`ZoneNode::outside`]. A name
    /// server is known by its glue's addresses where the delegation has
    /// glue for it, else by its host name.
    fn delegated_beyond(
        &self,
        world: &World,
        hosts: &HashSet<&Name>,
        parent: ZoneId,
        delegation: &Delegation,
    ) -> bool {
        let addresses_of = |host: &Name| -> Vec<Option<&ServerId>> {
            delegation
                .glue
                .iter()
                .filter(|glue| &glue.owner == host)
                .filter_map(|glue| glue.data.address())
                .map(|address| world.server_at(address).map(|s| &s.id))
                .collect()
        };
        let parents_own: HashSet<&ServerId> = self
            .servers_of(parent)
            .into_iter()
            .map(|s| &self.server(s).id)
            .collect();
        let on_parents_servers = |host: &Name| match addresses_of(host).as_slice() {
            [] => world
                .servers()
                .iter()
                .any(|s| &s.host == host && parents_own.contains(&s.id)),
            servers => servers
                .iter()
                .all(|s| s.is_some_and(|s| parents_own.contains(s))),
        };
        let no_world_server =
            |host: &Name| !hosts.contains(host) && addresses_of(host).iter().all(Option::is_none);
        delegation.ns.iter().all(on_parents_servers) || delegation.ns.iter().all(no_world_server)
    }

    fn add_zone(&mut self, apex: Name, defined: bool) -> ZoneId {
        let id = ZoneId(self.graph.add_node(Node::Zone(ZoneNode {
            apex: apex.clone(),
            defined,
            outside: false,
        })));
        self.zones_by_apex.insert(apex, id);
        id
    }

    /// Every zone, in canonical order of apex (parents before children).
    pub fn zones(&self) -> impl Iterator<Item = ZoneId> + '_ {
        self.zone_order.iter().copied()
    }

    pub fn zone_count(&self) -> usize {
        self.zones_by_apex.len()
    }

    pub fn zone(&self, id: ZoneId) -> &ZoneNode {
        match &self.graph[id.0] {
            Node::Zone(zone) => zone,
            Node::Server(_) => unreachable!("a ZoneId always names a zone node"),
        }
    }

    pub fn find_zone(&self, apex: &Name) -> Option<ZoneId> {
        self.zones_by_apex.get(apex).copied()
    }

    /// True when the world is open: some of its zones may lie
    /// [`outside`](ZoneNode::outside) it.
    pub fn open_world(&self) -> bool {
        self.open_world
    }

    pub fn root(&self) -> Option<ZoneId> {
        self.find_zone(&Name::root())
    }

    /// The deepest zone at or above `name`: the zone whose data would hold
    /// it, if the zones that exist were all there is.
    pub fn closest_zone(&self, name: &Name) -> Option<ZoneId> {
        name.ancestors().find_map(|a| self.find_zone(&a))
    }

    /// Every server, in order of id.
    pub fn servers(&self) -> impl Iterator<Item = ServerNodeId> + '_ {
        self.servers_by_id.values().copied()
    }

    pub fn server(&self, id: ServerNodeId) -> &ServerNode {
        match &self.graph[id.0] {
            Node::Server(server) => server,
            Node::Zone(_) => unreachable!("a ServerNodeId always names a server node"),
        }
    }

    pub fn find_server(&self, id: &ServerId) -> Option<ServerNodeId> {
        self.servers_by_id.get(id).copied()
    }

    /// The zone that delegates `zone`, with what it says about it.
    pub fn parent(&self, zone: ZoneId) -> Option<(ZoneId, &Delegation)> {
        self.graph
            .edges_directed(zone.0, Direction::Incoming)
            .find_map(|edge| match edge.weight() {
                Edge::Delegation(d) => Some((ZoneId(edge.source()), d)),
                _ => None,
            })
    }

    /// What the parent zone says about `zone`, if it has a parent.
    pub fn delegation_to(&self, zone: ZoneId) -> Option<&Delegation> {
        self.parent(zone).map(|(_, d)| d)
    }

    /// The zones `zone` delegates, in canonical order.
    pub fn children(&self, zone: ZoneId) -> Vec<(ZoneId, &Delegation)> {
        let mut children: Vec<(ZoneId, &Delegation)> = self
            .graph
            .edges_directed(zone.0, Direction::Outgoing)
            .filter_map(|edge| match edge.weight() {
                Edge::Delegation(d) => Some((ZoneId(edge.target()), d)),
                _ => None,
            })
            .collect();
        children.sort_by(|a, b| self.zone(a.0).apex.cmp(&self.zone(b.0).apex));
        children
    }

    /// The servers that load `zone`, in order of id.
    pub fn servers_of(&self, zone: ZoneId) -> Vec<ServerNodeId> {
        let mut servers: Vec<ServerNodeId> = self
            .graph
            .edges_directed(zone.0, Direction::Incoming)
            .filter(|edge| matches!(edge.weight(), Edge::Serves))
            .map(|edge| ServerNodeId(edge.source()))
            .collect();
        servers.sort_by(|a, b| self.server(*a).id.cmp(&self.server(*b).id));
        servers
    }

    /// The zones `server` loads, in canonical order.
    pub fn zones_served_by(&self, server: ServerNodeId) -> Vec<ZoneId> {
        let mut zones: Vec<ZoneId> = self
            .graph
            .edges_directed(server.0, Direction::Outgoing)
            .map(|edge| ZoneId(edge.target()))
            .collect();
        zones.sort_by(|a, b| self.zone(*a).apex.cmp(&self.zone(*b).apex));
        zones
    }

    /// The zones `zone` depends on to reach its name servers.
    pub fn ns_dependencies(&self, zone: ZoneId) -> Vec<(ZoneId, &NsDependency)> {
        let mut deps: Vec<(ZoneId, &NsDependency)> = self
            .graph
            .edges_directed(zone.0, Direction::Outgoing)
            .filter_map(|edge| match edge.weight() {
                Edge::NsHostDependency(d) => Some((ZoneId(edge.target()), d)),
                _ => None,
            })
            .collect();
        deps.sort_by(|a, b| a.1.ns_host.cmp(&b.1.ns_host));
        deps
    }

    /// Checks the graph's invariants; every violation is listed.
    pub fn verify(&self) -> Result<(), Vec<InvariantViolation>> {
        let mut violations = Vec::new();
        let mut fail = |message: String| violations.push(InvariantViolation(message));

        let mut zone_nodes = 0;
        let mut server_nodes = 0;
        for index in self.graph.node_indices() {
            match &self.graph[index] {
                Node::Zone(zone) => {
                    zone_nodes += 1;
                    if self.zones_by_apex.get(&zone.apex) != Some(&ZoneId(index)) {
                        fail(format!("zone {} is missing from the apex index", zone.apex));
                    }
                }
                Node::Server(server) => {
                    server_nodes += 1;
                    if self.servers_by_id.get(&server.id) != Some(&ServerNodeId(index)) {
                        fail(format!("server {} is missing from the id index", server.id));
                    }
                }
            }
        }
        if zone_nodes != self.zones_by_apex.len() {
            fail("the apex index names nodes that are not zones".to_string());
        }
        if server_nodes != self.servers_by_id.len() {
            fail("the id index names nodes that are not servers".to_string());
        }

        let mut parents: HashMap<NodeIndex, usize> = HashMap::default();
        for edge in self.graph.edge_indices() {
            let (source, target) = self
                .graph
                .edge_endpoints(edge)
                .expect("an edge index from the graph has endpoints");
            let describe = |e: EdgeIndex| format!("edge {}", e.index());
            match (&self.graph[edge], &self.graph[source], &self.graph[target]) {
                (Edge::Delegation(_), Node::Zone(parent), Node::Zone(child)) => {
                    *parents.entry(target).or_default() += 1;
                    let closest = child
                        .apex
                        .parent()
                        .and_then(|above| self.closest_zone(&above));
                    if closest != Some(ZoneId(source)) {
                        fail(format!(
                            "{} delegates {} from {}, which is not its closest enclosing zone",
                            describe(edge),
                            child.apex,
                            parent.apex
                        ));
                    }
                }
                (Edge::Serves, Node::Server(_), Node::Zone(zone)) => {
                    if !zone.defined {
                        fail(format!(
                            "a server loads {}, which is not defined",
                            zone.apex
                        ));
                    }
                }
                (Edge::NsHostDependency(dep), Node::Zone(_), Node::Zone(holder)) => {
                    if source == target {
                        fail(format!("{} is a self-dependency", describe(edge)));
                    }
                    if self.closest_zone(&dep.ns_host) != Some(ZoneId(target)) {
                        fail(format!(
                            "{} points {} at {}, which does not hold it",
                            describe(edge),
                            dep.ns_host,
                            holder.apex
                        ));
                    }
                }
                _ => fail(format!("{} joins nodes of the wrong kinds", describe(edge))),
            }
        }
        if self.zone_order.len() != self.zones_by_apex.len() {
            fail("the zone order does not list every zone".to_string());
        }
        // In canonical order, so the same graph always lists the same
        // violations in the same order.
        for &zone in &self.zone_order {
            let Some(Node::Zone(ZoneNode { apex, .. })) = self.graph.node_weight(zone.0) else {
                fail("the zone order names a node that is not a zone".to_string());
                continue;
            };
            let count = parents.get(&zone.0).copied().unwrap_or(0);
            let has_enclosing = apex
                .parent()
                .and_then(|above| self.closest_zone(&above))
                .is_some();
            match (count, has_enclosing) {
                (0, true) => fail(format!(
                    "zone {apex} has an enclosing zone but no delegation"
                )),
                (1, _) | (0, false) => {}
                (n, _) => fail(format!("zone {apex} has {n} delegations")),
            }
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(violations)
        }
    }
}

/// The data of the zone at `id`, from slots filled by [`set`].
fn data_of_node<'w>(data: &[Option<&'w Zone>], id: ZoneId) -> Option<&'w Zone> {
    data.get(id.0.index()).copied().flatten()
}

/// Puts `value` at the index of `id`'s node, growing `slots` as needed.
fn set<T: Clone>(slots: &mut Vec<Option<T>>, id: ZoneId, value: Option<T>) {
    let index = id.0.index();
    if slots.len() <= index {
        slots.resize(index + 1, None);
    }
    slots[index] = value;
}

/// Merges two lists sorted by name into one sorted list.
fn merge_sorted<'n>(
    a: Vec<(&'n Name, ZoneId)>,
    b: Vec<(&'n Name, ZoneId)>,
) -> Vec<(&'n Name, ZoneId)> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for item in a {
        while let Some(next) = b.next_if(|next| next.0 < item.0) {
            merged.push(next);
        }
        merged.push(item);
    }
    merged.extend(b);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenarios::default_scenario;

    fn default_hierarchy() -> Hierarchy {
        Hierarchy::build(&default_scenario().load().unwrap())
    }

    #[test]
    fn verify_notices_a_missing_delegation() {
        let mut h = default_hierarchy();
        assert!(h.verify().is_ok());
        let child = h.find_zone(&Name::parse("test.").unwrap()).unwrap();
        let edge = h
            .graph
            .edges_directed(child.0, Direction::Incoming)
            .find(|e| matches!(e.weight(), Edge::Delegation(_)))
            .unwrap()
            .id();
        h.graph.remove_edge(edge);
        let violations = h.verify().unwrap_err();
        assert_eq!(
            violations[0].to_string(),
            "zone test. has an enclosing zone but no delegation"
        );
    }

    #[test]
    fn verify_notices_a_stale_index_after_a_removal() {
        let mut h = default_hierarchy();
        let zone = h.find_zone(&Name::parse("shop.test.").unwrap()).unwrap();
        h.graph.remove_node(zone.0);
        let violations = h.verify().unwrap_err();
        assert!(
            violations
                .iter()
                .any(|v| v.0 == "the apex index names nodes that are not zones"),
            "{violations:?}"
        );
    }

    #[test]
    fn verify_notices_an_edge_between_the_wrong_kinds() {
        let mut h = default_hierarchy();
        let server = h.servers().next().unwrap();
        let other = h.servers().nth(1).unwrap();
        h.graph.add_edge(server.0, other.0, Edge::Serves);
        let violations = h.verify().unwrap_err();
        assert!(violations[0].0.ends_with("joins nodes of the wrong kinds"));
    }
}
