//! Diagnostics: every misconfiguration in a world, named, located, explained
//! and with a fix.
//!
//! A delegation has two sides (RFC 1034 §4.2.2): the parent's NS records and
//! glue, which a registrar sets, and the child's own apex NS records and
//! data, which a DNS host serves. Most outages are a disagreement between
//! the two, or a dependency that cannot be met: a name server whose address
//! only glue could give (RFC 1034 §4.2.1, RFC 9471), a server that does not
//! serve the zone it is listed for (a *lame* delegation, RFC 9499 §7), a name
//! server name that is an alias (RFC 2181 §10.3) or does not resolve, or
//! zones whose name servers' names each live in the other (a cycle).
//!
//! Each [`Finding`] names its kind in our words and in the vocabulary of
//! DNSViz and Zonemaster, so a learner can carry it to the real tools; says
//! which zones, servers, records and graph edges it concerns, so the UI can
//! highlight them; and says what a resolver will do about it and how to fix
//! it. Severity follows the consequence: where resolving tells whether the
//! problem actually breaks the zone (a good server saving a lame delegation,
//! a cycle that another name server escapes), the checks ask the resolver,
//! now and later, so a finding never contradicts what the stepper shows.
//! "Later" matters because resolvers first follow the parent's NS set and
//! then trust the zone's own, which comes with its first answer and ranks
//! higher (RFC 2181 §5.4.1): a zone whose own NS set names servers that do
//! not serve it answers once, then fails for every name not yet cached.
//!
//! Some mistakes never reach these checks: a CNAME beside other data (RFC
//! 2181 §10.1) or at the apex makes the zone-file reader reject the text at
//! its line and column, as `named-checkzone` and every DNS host's editor do,
//! so the world keeps its last good copy.

use super::authority::Question;
use super::hierarchy::{Hierarchy, ZoneId};
use super::name::{Name, NsHostRelation};
use super::prose::{and_list, plural, short_duration};
use super::record::{RData, RType, Record};
use super::resolver::{Outcome, Resolution, ResolverConfig};
use super::scenario::World;
use super::server::{Behaviour, Server, ServerId};
use super::zone::Zone;
use crate::sim::hash::HashMap;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::IpAddr;
use std::rc::Rc;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Resolution fails, for some resolvers or all.
    Error,
    /// Resolution works, but is fragile, slow or resolver-dependent.
    Warning,
    /// Worth knowing; nothing breaks.
    Notice,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        })
    }
}

/// The kinds of problem the checks find.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    NsOnlyAtParent,
    NsOnlyAtChild,
    NsSetsDisjoint,
    SingleNameServer,
    NameServersShareAddress,
    MissingGlue,
    GlueMismatch,
    PartialGlue,
    UnrelatedGlue,
    CircularDelegation,
    LameServer,
    UnresponsiveServer,
    NsIsAlias,
    NsLooksLikeAddress,
    NsRelativeNameSlip,
    NsDoesNotResolve,
    DelegationWithoutServers,
    ZoneNotDelegated,
    DivergedCopy,
    OccludedRecords,
    CnameLoop,
}

impl FindingKind {
    /// The kind's stable id, as JSON output and the page's `data-kind` name
    /// it: `missing-glue`. Its serde name, not its `Debug` text, which a
    /// release build does not keep.
    pub fn id(self) -> String {
        serde_json::to_string(&self)
            .map(|quoted| quoted.trim_matches('"').to_string())
            .unwrap_or_default()
    }

    /// Every kind, in the order findings of equal severity are listed.
    pub const ALL: [FindingKind; 21] = [
        FindingKind::NsOnlyAtParent,
        FindingKind::NsOnlyAtChild,
        FindingKind::NsSetsDisjoint,
        FindingKind::SingleNameServer,
        FindingKind::NameServersShareAddress,
        FindingKind::MissingGlue,
        FindingKind::GlueMismatch,
        FindingKind::PartialGlue,
        FindingKind::UnrelatedGlue,
        FindingKind::CircularDelegation,
        FindingKind::LameServer,
        FindingKind::UnresponsiveServer,
        FindingKind::NsIsAlias,
        FindingKind::NsLooksLikeAddress,
        FindingKind::NsRelativeNameSlip,
        FindingKind::NsDoesNotResolve,
        FindingKind::DelegationWithoutServers,
        FindingKind::ZoneNotDelegated,
        FindingKind::DivergedCopy,
        FindingKind::OccludedRecords,
        FindingKind::CnameLoop,
    ];
}

/// Where to read more: the RFC, and the same problem's name in DNSViz and
/// Zonemaster where they have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct References {
    pub rfc: &'static str,
    pub dnsviz: Option<&'static str>,
    pub zonemaster: Option<&'static str>,
}

impl FindingKind {
    pub fn references(self) -> References {
        use FindingKind::*;
        let (rfc, dnsviz, zonemaster) = match self {
            NsOnlyAtParent => (
                "RFC 1034 §4.2.2",
                Some("NS_NAME_NOT_IN_CHILD"),
                Some("DELEGATION07 EXTRA_NAME_PARENT"),
            ),
            NsOnlyAtChild => (
                "RFC 1034 §4.2.2",
                Some("NS_NAME_NOT_IN_PARENT"),
                Some("DELEGATION07 EXTRA_NAME_CHILD"),
            ),
            NsSetsDisjoint => (
                "RFC 1034 §4.2.2",
                Some("NS_NAME_NOT_IN_CHILD"),
                Some("DELEGATION07 TOTAL_NAME_MISMATCH"),
            ),
            SingleNameServer => (
                "RFC 1034 §4.1; RFC 2182 §5",
                None,
                Some("DELEGATION01 NOT_ENOUGH_NS_DEL"),
            ),
            NameServersShareAddress => ("RFC 2182 §3.1", None, Some("DELEGATION02 DEL_NS_SAME_IP")),
            MissingGlue => (
                "RFC 1034 §4.2.1; RFC 9471 §3.1",
                Some("MISSING_GLUE_FOR_NS_NAME"),
                Some("BASIC02 B02_NS_NO_IP_ADDR"),
            ),
            GlueMismatch => (
                "RFC 1034 §4.2.1",
                Some("GLUE_MISMATCH"),
                Some("CONSISTENCY05 IN_BAILIWICK_ADDR_MISMATCH"),
            ),
            PartialGlue => (
                "RFC 9471 §3.1",
                Some("MISSING_GLUE_IPV6 / EXTRA_GLUE_IPV4"),
                Some("CONSISTENCY05 EXTRA_ADDRESS_CHILD"),
            ),
            UnrelatedGlue => ("RFC 2181 §5.4.1; RFC 9471 §2", None, None),
            CircularDelegation => (
                "RFC 9471 §2.3; RFC 1034 §5.3.3",
                Some("ERROR_RESOLVING_NS_NAME"),
                Some("BASIC02 B02_NO_WORKING_NS"),
            ),
            LameServer => (
                "RFC 9499 §7; RFC 1912 §2.8",
                Some("SERVER_NOT_AUTHORITATIVE"),
                Some("BASIC02 B02_NS_NOT_AUTH"),
            ),
            UnresponsiveServer => (
                "RFC 1034 §5.3.3",
                Some("TIMEOUT"),
                Some("BASIC02 B02_NS_NO_RESPONSE"),
            ),
            NsIsAlias => ("RFC 2181 §10.3", None, Some("DELEGATION05 NS_IS_CNAME")),
            NsLooksLikeAddress => (
                "RFC 1035 §3.3.11",
                Some("NO_ADDRESS_FOR_NS_NAME"),
                Some("SYNTAX04 NAMESERVER_NUMERIC_TLD"),
            ),
            NsRelativeNameSlip => (
                "RFC 1035 §5.1",
                Some("NO_ADDRESS_FOR_NS_NAME"),
                Some("NAMESERVER06 CAN_NOT_BE_RESOLVED"),
            ),
            NsDoesNotResolve => (
                "RFC 1034 §4.2.1",
                Some("NO_ADDRESS_FOR_NS_NAME"),
                Some("NAMESERVER06 CAN_NOT_BE_RESOLVED"),
            ),
            DelegationWithoutServers => (
                "RFC 1034 §4.2",
                Some("SERVER_NOT_AUTHORITATIVE"),
                Some("BASIC02 B02_NO_WORKING_NS"),
            ),
            ZoneNotDelegated => (
                "RFC 1034 §4.2.2",
                Some("NO_NS_IN_PARENT_NXDOMAIN"),
                Some("BASIC01 B01_NO_CHILD"),
            ),
            DivergedCopy => (
                "RFC 1996 §1",
                None,
                Some("CONSISTENCY01 MULTIPLE_SOA_SERIALS"),
            ),
            OccludedRecords => ("RFC 1034 §4.2.1", None, None),
            CnameLoop => ("RFC 1034 §3.6.2", Some("CNAME_LOOP"), None),
        };
        References {
            rfc,
            dnsviz,
            zonemaster,
        }
    }
}

/// A graph edge a finding concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeRef {
    Delegation {
        parent: Name,
        child: Name,
    },
    Serves {
        server: ServerId,
        zone: Name,
    },
    /// `zone` needs a name in another zone to reach `ns_host`.
    NsHost {
        zone: Name,
        ns_host: Name,
    },
}

/// One problem, where it is, why it matters and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub zones: Vec<Name>,
    pub servers: Vec<ServerId>,
    /// Records involved, with the zone whose text holds them.
    pub records: Vec<(Name, Record)>,
    pub edges: Vec<EdgeRef>,
    pub title: String,
    /// What a resolver does about it, in plain words.
    pub consequence: String,
    pub fix: String,
}

impl Finding {
    pub fn references(&self) -> References {
        self.kind.references()
    }

    fn new(kind: FindingKind, severity: Severity, zones: Vec<Name>, title: String) -> Finding {
        Finding {
            kind,
            severity,
            zones,
            servers: Vec::new(),
            records: Vec::new(),
            edges: Vec::new(),
            title,
            consequence: String::new(),
            fix: String::new(),
        }
    }

    fn because(mut self, consequence: String, fix: String) -> Finding {
        self.consequence = consequence;
        self.fix = fix;
        self
    }
}

fn names(list: &[Name]) -> String {
    and_list(&list.iter().map(Name::prose).collect::<Vec<_>>())
}

/// How resolving into a zone goes under each preset: the ground truth for
/// severities. `unbound` and `bind` are the first lookup, `apex SOA` from an
/// empty cache; `later` is the next lookup of a name not yet cached, once the
/// resolver holds what the first answer brought (the zone's own NS set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Reachability {
    unbound: bool,
    bind: bool,
    later: Works,
    /// The zone's shortest TTL: by then some cached answer has run out.
    soonest_expiry: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Works {
    unbound: bool,
    bind: bool,
}

impl Reachability {
    fn severity(self) -> Severity {
        if self.works() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    fn works_now(self) -> bool {
        self.unbound && self.bind
    }

    /// Under both presets, now and later.
    fn works(self) -> bool {
        self.works_now() && self.later.unbound && self.later.bind
    }

    /// What happens when lookups work at first and fail later, said once
    /// for every finding it applies to; `None` otherwise.
    fn fails_later(self, apex: &Name) -> Option<String> {
        if !self.works_now() || self.works() {
            return None;
        }
        let who = match (self.later.unbound, self.later.bind) {
            (false, false) => "every resolver gets",
            (false, true) => "Unbound-like resolvers get",
            _ => "BIND-like resolvers get",
        };
        Some(format!(
            "Works now, then fails: the first answer brings {}'s own NS set, which resolvers trust over the parent's and cache, and its servers do not answer for the zone. From then on {who} SERVFAIL for every name not yet cached, and for the rest once their answers expire (within {} here).",
            apex.prose(),
            short_duration(u64::from(self.soonest_expiry))
        ))
    }
}

/// The facts every check shares, computed once.
struct Facts<'w> {
    world: &'w World,
    hierarchy: &'w Hierarchy,
    reachability: BTreeMap<Name, Reachability>,
    /// What the world says about each NS host name. A provider's few names
    /// serve thousands of zones, so each is looked up once.
    hosts: HashMap<Name, Rc<HostFacts<'w>>>,
}

/// What the world says about one name server host name.
struct HostFacts<'w> {
    /// Written like an IP address (`192.0.2.1.`).
    numeric: bool,
    /// The zone whose data holds the name, if any.
    zone: Option<&'w Zone>,
    /// Its CNAME record, when the name is an alias.
    alias: Option<Record>,
    /// Its A and AAAA addresses in that zone.
    addresses: Vec<IpAddr>,
    /// The deepest zone node (defined or only delegated) above the name.
    closest_zone: Option<ZoneId>,
}

impl<'w> Facts<'w> {
    /// Whether resolving `apex SOA` succeeds under both presets (cached).
    fn reachability(&mut self, apex: &Name) -> Reachability {
        if let Some(r) = self.reachability.get(apex) {
            return *r;
        }
        let answered = |resolution: &Resolution| {
            !matches!(resolution.outcome(), Some(Outcome::ServFail { .. }) | None)
        };
        // A name no one has asked for, so its lookup must go to the zone's
        // servers with whatever NS set the first lookup left in the cache.
        let unasked = apex.child(b"dns-lab-unasked").ok();
        let works = |config: ResolverConfig| {
            let question = Question::new(apex.clone(), RType::SOA);
            let mut first = Resolution::new(question, config);
            first.run(self.world);
            let now = answered(&first);
            let later = unasked.clone().is_none_or(|name| {
                let mut next = Resolution::with_cache(
                    Question::new(name, RType::A),
                    config,
                    first.into_cache(),
                );
                next.run(self.world);
                answered(&next)
            });
            (now, later)
        };
        let (unbound, unbound_later) = works(ResolverConfig::unbound_like());
        let (bind, bind_later) = works(ResolverConfig::bind_like());
        let soonest_expiry = self
            .world
            .zone(apex)
            .and_then(|zone| zone.records().map(|r| r.ttl).min())
            .unwrap_or(0);
        let r = Reachability {
            unbound,
            bind,
            later: Works {
                unbound: unbound_later,
                bind: bind_later,
            },
            soonest_expiry,
        };
        self.reachability.insert(apex.clone(), r);
        r
    }

    /// The zone whose data is authoritative for `name`: the deepest defined
    /// zone containing it, unless `name` lies below one of its cuts.
    fn authoritative_zone(&self, name: &Name) -> Option<&'w Zone> {
        let zone = name.ancestors().find_map(|a| self.world.zone(&a))?;
        zone.cut_above(name).is_none().then_some(zone)
    }

    fn host(&mut self, host: &Name) -> Rc<HostFacts<'w>> {
        if let Some(facts) = self.hosts.get(host) {
            return Rc::clone(facts);
        }
        let zone = self.authoritative_zone(host);
        let records = zone.map_or(&[][..], |z| z.records_at(host));
        let facts = Rc::new(HostFacts {
            numeric: host.looks_like_ip_address(),
            zone,
            alias: records.iter().find(|r| r.rtype() == RType::CNAME).cloned(),
            addresses: records.iter().filter_map(|r| r.data.address()).collect(),
            closest_zone: self.hierarchy.closest_zone(host),
        });
        self.hosts.insert(host.clone(), Rc::clone(&facts));
        facts
    }
}

/// Every finding for `world`, most severe first, then by zone.
pub fn diagnose(world: &World) -> Vec<Finding> {
    diagnose_with(world, &Hierarchy::build(world))
}

/// [`diagnose`], given the world's hierarchy when the caller has built it
/// already (the app draws it anyway).
pub fn diagnose_with(world: &World, hierarchy: &Hierarchy) -> Vec<Finding> {
    let mut facts = Facts {
        world,
        hierarchy,
        reachability: BTreeMap::new(),
        hosts: HashMap::default(),
    };
    let mut findings = Vec::new();
    delegations(&mut facts, &mut findings);
    cycles(&mut facts, &mut findings);
    zone_data(&facts, &mut findings);
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.zones.cmp(&b.zones))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    findings
}

/// Checks on each delegation: both NS sets, glue, the servers behind each
/// name, and the NS names themselves.
fn delegations(facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
    let hierarchy = facts.hierarchy;
    for id in hierarchy.zones() {
        let node = hierarchy.zone(id);
        let apex = &node.apex;
        let Some((parent_id, delegation)) = hierarchy.parent(id) else {
            continue;
        };
        let parent = &hierarchy.zone(parent_id).apex;
        let parent_ns = &delegation.ns;
        let edge = EdgeRef::Delegation {
            parent: parent.clone(),
            child: apex.clone(),
        };
        let serving: Vec<ServerId> = hierarchy
            .servers_of(id)
            .into_iter()
            .map(|s| hierarchy.server(s).id.clone())
            .collect();

        if parent_ns.is_empty() {
            if node.defined {
                // Served but not delegated, or (an imported zone file, say)
                // neither served nor delegated yet.
                let (title, consequence, fix) = if serving.is_empty() {
                    (
                        format!(
                            "{} is not delegated by {}, and no server loads it",
                            apex.prose(),
                            parent.prose()
                        ),
                        format!(
                            "No resolver can reach {}: nothing in {} leads to it, and no server would answer for it if something did.",
                            apex.prose(),
                            parent.prose()
                        ),
                        format!(
                            "Load {apex} on the servers its NS records name, then add NS records for {apex} to the {parent} zone (at the registrar), with glue for any name inside {}.",
                            apex.prose()
                        ),
                    )
                } else {
                    (
                        format!(
                            "{} is served but {} does not delegate it",
                            apex.prose(),
                            parent.prose()
                        ),
                        format!(
                            "Resolvers follow referrals from {}; without NS records for {} there, they get NXDOMAIN or the parent's own answer, never {}'s data.",
                            parent.prose(),
                            apex.prose(),
                            apex.prose()
                        ),
                        format!(
                            "Add NS records for {apex} to the {parent} zone (at the registrar), naming the servers that load it, with glue for any name inside {}.",
                            apex.prose()
                        ),
                    )
                };
                let mut f = Finding::new(
                    FindingKind::ZoneNotDelegated,
                    Severity::Error,
                    vec![apex.clone(), parent.clone()],
                    title,
                )
                .because(consequence, fix);
                f.servers = serving.clone();
                f.edges.push(edge.clone());
                findings.push(f);
            }
            continue;
        }
        if !node.defined || serving.is_empty() {
            let mut f = Finding::new(
                FindingKind::DelegationWithoutServers,
                Severity::Error,
                vec![apex.clone(), parent.clone()],
                format!("{} is delegated, but no server serves it", apex.prose()),
            )
            .because(
                format!("Every server the referral names answers REFUSED (or does not exist) for {}: resolution ends in SERVFAIL.", apex.prose()),
                format!("Load {apex} on the servers {} names ({}), or remove the delegation.", parent.prose(), names(parent_ns)),
            );
            f.edges.push(edge.clone());
            findings.push(f);
            unrelated_glue(facts, findings, apex, parent_ns, &delegation.glue);
            continue;
        }
        let Some(child) = facts.world.zone(apex) else {
            continue;
        };
        let child_ns = child.apex_ns();

        let cut = Cut {
            apex,
            parent,
            parent_ns,
            child_ns,
            glue: &delegation.glue,
            edge: &edge,
            serving: &serving,
        };
        ns_sets(facts, findings, &cut);
        glue_checks(facts, findings, &cut);
        let hosts: Vec<Name> = union(parent_ns, child_ns);
        for host in &hosts {
            ns_name_checks(facts, findings, &cut, host);
        }
        server_checks(facts, findings, &cut, &hosts);
        shared_address(facts, findings, &cut);
        unrelated_glue(facts, findings, apex, parent_ns, &delegation.glue);
    }
}

/// One delegation, as the per-delegation checks see it.
struct Cut<'a> {
    apex: &'a Name,
    parent: &'a Name,
    parent_ns: &'a [Name],
    child_ns: &'a [Name],
    glue: &'a [Record],
    edge: &'a EdgeRef,
    /// The servers that load the zone.
    serving: &'a [ServerId],
}

fn union(a: &[Name], b: &[Name]) -> Vec<Name> {
    let mut all: Vec<Name> = a.to_vec();
    for name in b {
        if !all.contains(name) {
            all.push(name.clone());
        }
    }
    all
}

/// Make the two NS sets the same, naming first the side whose servers load
/// the zone: copying the other one would point everyone at servers that do
/// not answer for it.
fn same_sets_fix(facts: &mut Facts<'_>, cut: &Cut<'_>) -> String {
    let Cut {
        apex,
        parent,
        parent_ns,
        child_ns,
        glue,
        serving,
        ..
    } = *cut;
    let mut answering = |hosts: &[Name]| {
        hosts
            .iter()
            .filter(|host| {
                addresses_of(facts, host, glue).into_iter().any(|address| {
                    facts.world.server_at(address).is_some_and(|server| {
                        server.behaviour == Behaviour::Up && serving.contains(&server.id)
                    })
                })
            })
            .count()
    };
    let (parent_answering, child_answering) = (answering(parent_ns), answering(child_ns));
    let registrar = format!(
        "set the NS records at the registrar ({parent}) to {}",
        names(child_ns)
    );
    let zone = format!(
        "change the apex NS records of {apex} to {}",
        names(parent_ns)
    );
    if parent_answering > child_answering {
        format!("Make the two sets the same: {zone} (the servers that load it), or {registrar}.")
    } else {
        format!("Make the two sets the same: {registrar}, or {zone}.")
    }
}

fn ns_sets(facts: &mut Facts<'_>, findings: &mut Vec<Finding>, cut: &Cut<'_>) {
    let Cut {
        apex,
        parent,
        parent_ns,
        child_ns,
        edge,
        ..
    } = *cut;
    let only_parent: Vec<Name> = parent_ns
        .iter()
        .filter(|n| !child_ns.contains(n))
        .cloned()
        .collect();
    let only_child: Vec<Name> = child_ns
        .iter()
        .filter(|n| !parent_ns.contains(n))
        .cloned()
        .collect();
    let badge = || {
        format!(
            "parent: {} NS / child: {} NS",
            parent_ns.len(),
            child_ns.len()
        )
    };
    let zones = vec![apex.clone(), parent.clone()];
    if !child_ns.is_empty() && only_parent.len() == parent_ns.len() {
        let reach = facts.reachability(apex);
        let f = Finding::new(
            FindingKind::NsSetsDisjoint,
            reach.severity(),
            zones,
            format!("None of the name servers {} lists for {} are in {}'s own NS set ({})", parent.prose(), apex.prose(), apex.prose(), badge()),
        )
        .because(
            reach.fails_later(apex).unwrap_or_else(|| format!("Resolvers first ask {}, then child-centric ones switch to {} once they have seen the zone's own NS set: which servers answer depends on the resolver and on what it has cached.", names(parent_ns), names(child_ns))),
            same_sets_fix(facts, cut),
        );
        findings.push(with_edge(f, edge));
        return;
    }
    if !only_parent.is_empty() {
        let f = Finding::new(
            FindingKind::NsOnlyAtParent,
            Severity::Warning,
            zones.clone(),
            format!("{} lists {} for {}, but {} itself does not ({})", parent.prose(), names(&only_parent), apex.prose(), apex.prose(), badge()),
        )
        .because(
            format!("Resolvers use {} until they learn the zone's own NS set; child-centric resolvers then stop asking it. If it stops serving the zone, lookups fail until caches expire.", names(&only_parent)),
            format!("Either add `{apex} NS {}` to {apex}, or remove it from the delegation at the registrar ({parent}).", only_parent[0]),
        );
        findings.push(with_edge(f, edge));
    }
    if !only_child.is_empty() {
        let f = Finding::new(
            FindingKind::NsOnlyAtChild,
            Severity::Notice,
            zones,
            format!("{} lists {} at its apex, but the delegation in {} does not ({})", apex.prose(), names(&only_child), parent.prose(), badge()),
        )
        .because(
            format!("Resolvers that trust the parent never ask {}; child-centric ones do once they have seen the zone's NS set.", names(&only_child)),
            format!("Add `{apex} NS {}` to the delegation in {parent} (at the registrar), or remove it from the zone.", only_child[0]),
        );
        findings.push(with_edge(f, edge));
    }
    if parent_ns.len() == 1 {
        let f = Finding::new(
            FindingKind::SingleNameServer,
            Severity::Warning,
            vec![apex.clone()],
            format!("{} has a single name server, {}", apex.prose(), parent_ns[0].prose()),
        )
        .because(
            format!("Nothing shows until that server fails; then {} cannot be resolved at all. RFC 1034 asks for at least two servers.", apex.prose()),
            format!("Add a second name server for {apex}, on another address (ideally another network), to both the zone and the delegation in {}.", parent.prose()),
        );
        findings.push(with_edge(f, edge));
    }
}

fn with_edge(mut finding: Finding, edge: &EdgeRef) -> Finding {
    finding.edges.push(edge.clone());
    finding
}

fn glue_checks(facts: &mut Facts<'_>, findings: &mut Vec<Finding>, cut: &Cut<'_>) {
    let Cut {
        apex,
        parent,
        parent_ns,
        glue,
        edge,
        ..
    } = *cut;
    for host in parent_ns {
        let relation = host.relation_to_delegation(apex, parent);
        let host_glue: Vec<&Record> = glue.iter().filter(|r| r.owner == *host).collect();
        let glue_addresses: BTreeSet<IpAddr> =
            host_glue.iter().filter_map(|r| r.data.address()).collect();
        let authoritative: BTreeSet<IpAddr> = facts.host(host).addresses.iter().copied().collect();
        if relation == NsHostRelation::InDomain && host_glue.is_empty() {
            let reach = facts.reachability(apex);
            let example = authoritative
                .iter()
                .next()
                .map_or("192.0.2.53".to_string(), |a| a.to_string());
            let rtype = if example.contains(':') { "AAAA" } else { "A" };
            let mut f = Finding::new(
                FindingKind::MissingGlue,
                reach.severity(),
                vec![apex.clone(), parent.clone()],
                format!("No glue for {}, a name server inside {}", host.prose(), apex.prose()),
            )
            .because(
                format!("{} is inside {}, so only the parent can give its address; without glue a resolver would need {} to find {}'s server: it skips it{}.", host.prose(), apex.prose(), apex.prose(), apex.prose(), if reach.works() { ", and the other name servers carry the load" } else { ", and with no other usable server resolution ends in SERVFAIL" }),
                format!("Add the glue record `{host} {rtype} {example}` to the {parent} zone."),
            );
            f.edges.push(edge.clone());
            findings.push(f);
            continue;
        }
        if host_glue.is_empty() || authoritative.is_empty() {
            continue;
        }
        if glue_addresses.is_disjoint(&authoritative) {
            let mut f = Finding::new(
                FindingKind::GlueMismatch,
                facts.reachability(apex).severity(),
                vec![apex.clone(), parent.clone()],
                format!("The glue for {} ({}) differs from its address in its zone ({})", host.prose(), join(&glue_addresses), join(&authoritative)),
            )
            .because(
                format!("Resolvers first go to the glue address {}; child-centric ones later learn {} and move, so answers change as caches age.", join(&glue_addresses), join(&authoritative)),
                format!("Update the glue in {parent} (the registrar's host record) to {}.", join(&authoritative)),
            );
            f.records = host_glue
                .iter()
                .map(|r| (parent.clone(), (*r).clone()))
                .collect();
            f.edges.push(edge.clone());
            findings.push(f);
        } else if glue_addresses != authoritative {
            let missing: BTreeSet<IpAddr> =
                authoritative.difference(&glue_addresses).copied().collect();
            let extra: BTreeSet<IpAddr> =
                glue_addresses.difference(&authoritative).copied().collect();
            let mut f = Finding::new(
                FindingKind::PartialGlue,
                Severity::Notice,
                vec![apex.clone(), parent.clone()],
                format!("The glue for {} covers only some of its addresses", host.prose()),
            )
            .because(
                format!("A resolver that can only use the missing address family (for example IPv6-only) cannot reach {} at first{}.", host.prose(), if extra.is_empty() { String::new() } else { format!("; glue {} has no matching record in the zone", join(&extra)) }),
                format!("Make the glue in {parent} match the zone: {}.", if missing.is_empty() { format!("remove {}", join(&extra)) } else { format!("add {}", join(&missing)) }),
            );
            f.records = host_glue
                .iter()
                .map(|r| (parent.clone(), (*r).clone()))
                .collect();
            f.edges.push(edge.clone());
            findings.push(f);
        }
    }
}

fn join<'a>(addresses: impl IntoIterator<Item = &'a IpAddr>) -> String {
    addresses
        .into_iter()
        .map(IpAddr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn ns_name_checks(facts: &mut Facts<'_>, findings: &mut Vec<Finding>, cut: &Cut<'_>, host: &Name) {
    let Cut {
        apex,
        parent,
        glue,
        edge,
        ..
    } = *cut;
    let zones = vec![apex.clone()];
    let known = facts.host(host);
    if known.numeric {
        let f = Finding::new(
            FindingKind::NsLooksLikeAddress,
            facts.reachability(apex).severity(),
            zones,
            format!("The name server {host} of {} is an IP address written as a name", apex.prose()),
        )
        .because(
            format!("NS records hold host names (RFC 1035 §3.3.11): {host} is a name under the top-level domain \"{}\", which does not exist, so this server can never be reached.", String::from_utf8_lossy(host.labels().next_back().unwrap_or_default())),
            format!("Give the server a host name (for example ns1.{}) with an A record for the address, and use that name in the NS records.", apex.prose()),
        );
        findings.push(with_edge(f, edge));
        return;
    }
    for zone in [apex, parent] {
        if let Some(intended) = relative_slip(host, zone) {
            let f = Finding::new(
                FindingKind::NsRelativeNameSlip,
                facts.reachability(apex).severity(),
                zones.clone(),
                format!("The name server {host} of {} looks like {intended} with the trailing dot missing", apex.prose()),
            )
            .because(
                format!("In a zone file a name without a final dot is relative: {zone} was appended, giving a name that does not exist."),
                format!("Write the NS target as `{intended}` with the final dot."),
            );
            findings.push(with_edge(f, edge));
            return;
        }
    }
    let Some(zone) = known.zone else {
        return;
    };
    if let Some(cname) = known.alias.clone() {
        let reach = facts.reachability(apex);
        let mut f = Finding::new(
            FindingKind::NsIsAlias,
            reach.severity(),
            vec![apex.clone(), zone.apex().clone()],
            format!("The name server {} of {} is an alias (CNAME)", host.prose(), apex.prose()),
        )
        .because(
            format!("NS names must not be aliases (RFC 2181 §10.3). Unbound follows the alias; BIND skips the server{}.", if reach.bind { "" } else { ", and here that leaves no server: BIND-like resolvers fail" }),
            format!("Use the alias target's real name in the NS records of {apex} and {}.", parent.prose()),
        );
        f.records.push((zone.apex().clone(), cname));
        findings.push(with_edge(f, edge));
        return;
    }
    let relation = host.relation_to_delegation(apex, parent);
    let has_glue = glue.iter().any(|r| r.owner == *host);
    if known.addresses.is_empty() && !(relation == NsHostRelation::InDomain && has_glue) {
        let f = Finding::new(
            FindingKind::NsDoesNotResolve,
            facts.reachability(apex).severity(),
            vec![apex.clone(), zone.apex().clone()],
            format!("The name server {} of {} has no address", host.prose(), apex.prose()),
        )
        .because(
            format!("{} has no A or AAAA record in {}, so resolvers cannot reach this server and move on to the next{}.", host.prose(), (zone.apex()).prose(), if relation == NsHostRelation::Unrelated { "; a registrable dangling name could be taken over" } else { "" }),
            format!("Add an A (or AAAA) record for {host} in {}, or remove it from the NS records.", zone.apex()),
        );
        findings.push(with_edge(f, edge));
    }
}

/// The name `host` was meant to be when it ends in `zone` twice
/// (`ns1.example.test.example.test.`): the zone file appended the origin to
/// a name that lacked its final dot.
fn relative_slip(host: &Name, zone: &Name) -> Option<Name> {
    let n = zone.label_count();
    if n == 0 || host.label_count() < 2 * n + 1 || !host.is_subdomain_of(zone) {
        return None;
    }
    let labels: Vec<&[u8]> = host.labels().collect();
    let zone_labels: Vec<&[u8]> = zone.labels().collect();
    let repeated = labels[labels.len() - 2 * n..labels.len() - n]
        .iter()
        .zip(&zone_labels)
        .all(|(a, b)| a.eq_ignore_ascii_case(b));
    if !repeated {
        return None;
    }
    let intended = labels[..labels.len() - n]
        .iter()
        .map(|l| l.to_vec().into_boxed_slice())
        .collect();
    Name::from_labels(intended).ok()
}

/// Where a resolver may look for `host`: its glue, then its own addresses.
fn addresses_of(facts: &mut Facts<'_>, host: &Name, glue: &[Record]) -> Vec<IpAddr> {
    let mut addresses: Vec<IpAddr> = glue
        .iter()
        .filter(|r| r.owner == *host)
        .filter_map(|r| r.data.address())
        .collect();
    for &address in &facts.host(host).addresses {
        if !addresses.contains(&address) {
            addresses.push(address);
        }
    }
    addresses
}

/// All the names of a delegation lead to one address: RFC 2182 §3.1 asks
/// for servers that do not fail together.
fn shared_address(facts: &mut Facts<'_>, findings: &mut Vec<Finding>, cut: &Cut<'_>) {
    let Cut {
        apex,
        parent,
        parent_ns,
        glue,
        edge,
        ..
    } = *cut;
    if parent_ns.len() < 2 {
        return;
    }
    let mut all: BTreeSet<IpAddr> = BTreeSet::new();
    for host in parent_ns {
        all.extend(addresses_of(facts, host, glue));
    }
    let [address] = all.into_iter().collect::<Vec<_>>()[..] else {
        return;
    };
    let mut f = Finding::new(
        FindingKind::NameServersShareAddress,
        Severity::Warning,
        vec![apex.clone()],
        format!("All {} name servers of {} are one address, {address}", parent_ns.len(), apex.prose()),
    )
    .because(
        format!("{} look like redundancy but are a single server: when {address} fails, {} cannot be resolved at all.", names(parent_ns), apex.prose()),
        format!("Run the name servers of {apex} on different addresses, ideally on different networks, and update their A records and the glue in {}.", parent.prose()),
    );
    if let Some(server) = facts.world.server_at(address) {
        f.servers.push(server.id.clone());
    }
    findings.push(with_edge(f, edge));
}

/// A server listed for a zone it does not load, but that loads a zone above
/// it, answers from that zone: its referrals below the zone may carry
/// addresses for names outside it. A resolver asking it as a server of the
/// zone drops them (RFC 2181 §5.4.1; Unbound's scrubber, `harden-glue`),
/// so the glue "looks right" and is never used. No other tool names this.
fn unrelated_glue(
    facts: &mut Facts<'_>,
    findings: &mut Vec<Finding>,
    apex: &Name,
    parent_ns: &[Name],
    glue: &[Record],
) {
    let world = facts.world;
    let mut seen: BTreeSet<&ServerId> = BTreeSet::new();
    for host in parent_ns {
        for address in addresses_of(facts, host, glue) {
            let Some(server) = world.server_at(address) else {
                continue;
            };
            if world.server_loads(&server.id, apex) || !seen.insert(&server.id) {
                continue;
            }
            // Most servers load no zone above: asking each ancestor spares
            // a scan of a provider's thousands of zones.
            let loads_above = apex
                .ancestors()
                .skip(1)
                .any(|above| world.server_loads(&server.id, &above));
            if !loads_above {
                continue;
            }
            for above in server.zones.iter().filter(|z| apex.is_strictly_below(z)) {
                let Some(copy) = world.copy_served_by(&server.id, above) else {
                    continue;
                };
                if copy.cut_above(apex).is_some() {
                    continue;
                }
                let dropped: Vec<Record> = copy
                    .cuts()
                    .filter(|cut| cut.is_strictly_below(apex))
                    .flat_map(|cut| copy.glue_for(cut))
                    .filter(|r| !r.owner.is_subdomain_of(apex))
                    .cloned()
                    .collect();
                if dropped.is_empty() {
                    continue;
                }
                let owners: Vec<Name> = dropped.iter().map(|r| r.owner.clone()).collect();
                let mut f = Finding::new(
                    FindingKind::UnrelatedGlue,
                    Severity::Notice,
                    vec![apex.clone(), above.clone()],
                    format!("{} answers for {} from its copy of {}, with glue for {} outside {}", server.host.prose(), apex.prose(), above.prose(), names(&owners), apex.prose()),
                )
                .because(
                    format!("A server of {} may not speak for names outside it, so resolvers drop these addresses and look {} up themselves: the glue is never used, whatever it says.", apex.prose(), names(&owners)),
                    format!("Load {apex} on {} (or take it out of the NS records of {apex}), and keep address records in the zone that owns each name.", server.host.prose()),
                );
                f.servers.push(server.id.clone());
                f.records = dropped.into_iter().map(|r| (above.clone(), r)).collect();
                f.edges.push(EdgeRef::Serves {
                    server: server.id.clone(),
                    zone: above.clone(),
                });
                findings.push(f);
            }
        }
    }
}

fn server_checks(
    facts: &mut Facts<'_>,
    findings: &mut Vec<Finding>,
    cut: &Cut<'_>,
    hosts: &[Name],
) {
    let Cut {
        apex,
        parent,
        glue,
        edge,
        ..
    } = *cut;
    for host in hosts {
        for address in addresses_of(facts, host, glue) {
            let server = facts.world.server_at(address);
            // The server by its own name when the NS name is another one.
            let it = |s: &Server| {
                if s.host == *host {
                    "it".to_string()
                } else {
                    format!("the server there, {},", s.host.prose())
                }
            };
            let problem = match server {
                None => Some((
                    FindingKind::UnresponsiveServer,
                    "nothing listens at that address".to_string(),
                )),
                Some(s) if s.behaviour == Behaviour::Down => Some((
                    FindingKind::UnresponsiveServer,
                    format!("{} is down", it(s)),
                )),
                Some(s) if s.behaviour == Behaviour::Refusing => Some((
                    FindingKind::LameServer,
                    format!("{} refuses every query", it(s)),
                )),
                Some(s) if !cut.serving.contains(&s.id) => Some((
                    FindingKind::LameServer,
                    format!("{} does not load {}", it(s), apex.prose()),
                )),
                Some(_) => None,
            };
            let Some((kind, what)) = problem else {
                continue;
            };
            let reach = facts.reachability(apex);
            let mut f = Finding::new(
                kind,
                reach.severity(),
                vec![apex.clone()],
                format!("{} ({address}), listed for {}: {what}", host.prose(), apex.prose()),
            )
            .because(
                if let Some(later) = reach.fails_later(apex) {
                    later
                } else if reach.works_now() {
                    "Resolvers that pick it time out or get a non-authoritative reply, then try another server: lookups are slower but work.".to_string()
                } else {
                    format!("No listed server answers authoritatively for {}: resolution ends in SERVFAIL (Extended DNS Error 22, No Reachable Authority).", apex.prose())
                },
                match kind {
                    FindingKind::LameServer => format!("Remove {host} from the NS records of {apex} and from its delegation in {parent}, or load {apex} on {}.", server.map_or(String::new(), |s| s.host.prose())),
                    _ => format!("Bring the server at {address} back up, or remove {host} from the NS records of {apex} and {}.", parent.prose()),
                },
            );
            if let Some(s) = server {
                f.servers.push(s.id.clone());
                f.edges.push(EdgeRef::Serves {
                    server: s.id.clone(),
                    zone: apex.clone(),
                });
            }
            findings.push(with_edge(f, edge));
        }
    }
}

/// Circular delegations: zones whose name servers can only be reached
/// through each other, with no glue to break the loop. A zone needs the
/// zone holding each NS name it has no glue for, and its parent, whose
/// referral is the only way in. Confirmed by resolving: a cycle that
/// another name server escapes is a warning.
fn cycles(facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
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
    let (first_zone, first_host) = path
        .iter()
        .find_map(|(zone, need)| match need {
            Need::Host(_, host) => Some((apex(*zone), host.clone())),
            Need::Parent(_) => None,
        })
        .expect("a reported cycle has an NS name in it");
    let mut f = Finding::new(
        FindingKind::CircularDelegation,
        severity,
        zones,
        format!("Circular delegation: {text}"),
    )
    .because(
        format!("To reach {}, a resolver needs {}'s address, which needs the next zone in the loop, and so on back to {}: no address can ever be found{}.", first_zone.prose(), first_host.prose(), first_zone.prose(), if severity == Severity::Error { ", and resolution ends in SERVFAIL" } else { "; another name server outside the loop saves resolution for now" }),
        format!("Break the loop with glue or a name server outside it: for example give {} an NS name inside {} with glue in its parent.", first_zone.prose(), first_zone.prose()),
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

/// Checks on zone data: diverged copies, occluded records, CNAMEs.
fn zone_data(facts: &Facts<'_>, findings: &mut Vec<Finding>) {
    let world = facts.world;
    // The servers holding a diverged copy of each zone, in server order,
    // gathered once rather than by asking every server about every zone.
    let mut diverged: HashMap<&Name, Vec<&Server>> = HashMap::default();
    for server in world.servers() {
        for apex in server.diverged.keys() {
            diverged.entry(apex).or_default().push(server);
        }
    }
    for zone in world.zones() {
        let apex = zone.apex();
        // Diverged copies.
        for server in diverged.get(apex).into_iter().flatten() {
            let Some(copy) = world.copy_served_by(&server.id, apex) else {
                continue;
            };
            let serial = |z: &Zone| z.soa().map(|s| s.serial);
            let mut differences = Vec::new();
            if serial(copy) != serial(zone) {
                differences.push(format!(
                    "SOA serial {} instead of {}",
                    serial(copy).unwrap_or(0),
                    serial(zone).unwrap_or(0)
                ));
            }
            if copy.apex_ns() != zone.apex_ns() {
                differences.push("a different NS set".to_string());
            }
            let data_differs = copy.records().ne(zone.records());
            if differences.is_empty() && !data_differs {
                continue;
            }
            if differences.is_empty() {
                differences.push("different records".to_string());
            }
            let mut f = Finding::new(
                FindingKind::DivergedCopy,
                Severity::Warning,
                vec![apex.clone()],
                format!("{} serves its own copy of {}: {}", server.host.prose(), apex.prose(), differences.join(", ")),
            )
            .because(
                "Answers depend on which server a resolver picks: sometimes the current data, sometimes the stale copy.".to_string(),
                format!("Bring {}'s copy of {apex} up to date (a zone transfer from the primary), or take it out of the NS set until it is.", server.host.prose()),
            );
            f.servers.push(server.id.clone());
            f.edges.push(EdgeRef::Serves {
                server: server.id.clone(),
                zone: apex.clone(),
            });
            findings.push(f);
        }
        // Records hidden below a cut. Addresses of any name server the zone
        // names (its own or a delegation's) are glue, not hidden data.
        // Inserted one by one: a TLD names the same few provider hosts
        // thousands of times, and collecting would sort every copy.
        let mut ns_hosts: BTreeSet<&Name> = BTreeSet::new();
        for record in zone.records() {
            if let RData::NS(host) = &record.data {
                ns_hosts.insert(host);
            }
        }
        // In canonical order a name's descendants follow it directly, so
        // one pass that remembers the last cut sees everything below it.
        let mut occluded: BTreeMap<Name, Vec<Record>> = BTreeMap::new();
        let mut current_cut: Option<&Name> = None;
        for (owner, records) in zone.nodes() {
            if current_cut.is_some_and(|cut| !owner.is_strictly_below(cut)) {
                current_cut = None;
            }
            let Some(cut) = current_cut else {
                if owner != apex && records.iter().any(|r| r.rtype() == RType::NS) {
                    current_cut = Some(owner);
                    // Anything else at the cut itself is hidden too.
                    let hidden = records.iter().filter(|r| {
                        r.rtype() != RType::NS
                            && !(r.rtype().is_address() && ns_hosts.contains(owner))
                    });
                    hide(&mut occluded, owner, hidden);
                }
                continue;
            };
            let is_glue = |r: &Record| r.rtype().is_address() && ns_hosts.contains(owner);
            hide(&mut occluded, cut, records.iter().filter(|r| !is_glue(r)));
        }
        for (cut, records) in occluded {
            let mut f = Finding::new(
                FindingKind::OccludedRecords,
                Severity::Warning,
                vec![apex.clone(), cut.clone()],
                format!("{} holds {} below its delegation of {}", apex.prose(), plural(records.len(), "record", "records"), cut.prose()),
            )
            .because(
                format!("Below a zone cut the parent only refers resolvers to {}'s servers; these records are never served.", cut.prose()),
                format!("Move the records into the {cut} zone, or delete them from {}.", apex.prose()),
            );
            f.records = records.into_iter().map(|r| (apex.clone(), r)).collect();
            findings.push(f);
        }
    }
    cname_loops(facts, findings);
}

/// Notes `records` as hidden below `cut`; most cuts hide nothing.
fn hide<'r>(
    occluded: &mut BTreeMap<Name, Vec<Record>>,
    cut: &Name,
    records: impl Iterator<Item = &'r Record>,
) {
    let mut records = records.peekable();
    if records.peek().is_some() {
        occluded
            .entry(cut.clone())
            .or_default()
            .extend(records.cloned());
    }
}

/// CNAME chains that come back to themselves, within or across zones.
fn cname_loops(facts: &Facts<'_>, findings: &mut Vec<Finding>) {
    let cname_of = |name: &Name| -> Option<(Name, Record)> {
        let zone = facts.authoritative_zone(name)?;
        zone.records_at(name).iter().find_map(|r| match &r.data {
            RData::CNAME(target) => Some((target.clone(), r.clone())),
            _ => None,
        })
    };
    let mut reported: BTreeSet<BTreeSet<Name>> = BTreeSet::new();
    for zone in facts.world.zones() {
        for record in zone.records().filter(|r| r.rtype() == RType::CNAME) {
            let mut chain: Vec<Name> = vec![record.owner.clone()];
            let mut records: Vec<Record> = Vec::new();
            let mut at = record.owner.clone();
            while let Some((target, cname)) = cname_of(&at) {
                records.push(cname);
                if let Some(start) = chain.iter().position(|n| *n == target) {
                    let members: BTreeSet<Name> = chain[start..].iter().cloned().collect();
                    if reported.insert(members) {
                        let looped: Vec<Name> = chain[start..].to_vec();
                        let mut text: Vec<String> = looped.iter().map(Name::prose).collect();
                        text.push(target.prose());
                        let zones: BTreeSet<Name> = looped
                            .iter()
                            .filter_map(|n| facts.authoritative_zone(n).map(|z| z.apex().clone()))
                            .collect();
                        let mut f = Finding::new(
                            FindingKind::CnameLoop,
                            Severity::Error,
                            zones.iter().cloned().collect(),
                            format!("CNAME loop: {}", text.join(" → ")),
                        )
                        .because(
                            "Following the aliases never reaches data: resolvers give up after a few restarts and answer SERVFAIL.".to_string(),
                            format!("Point one of the CNAMEs (for example {}) at a name that holds the data.", looped[looped.len() - 1].prose()),
                        );
                        f.records = records[start..]
                            .iter()
                            .filter_map(|r| {
                                facts
                                    .authoritative_zone(&r.owner)
                                    .map(|z| (z.apex().clone(), r.clone()))
                            })
                            .collect();
                        findings.push(f);
                    }
                    break;
                }
                if chain.len() > 32 {
                    break;
                }
                chain.push(target.clone());
                at = target;
            }
        }
    }
}
