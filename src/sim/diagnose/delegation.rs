//! Checks on each delegation's two NS sets (RFC 1034 §4.2.2): the parent's,
//! which a registrar sets, and the zone's own at its apex, which its DNS
//! host serves. Resolvers start with the first and, once they have seen it,
//! trust the second (RFC 2181 §5.4.1), so a difference changes which
//! servers get asked as caches age.

use super::facts::{Facts, addresses_of};
use super::glue::{glue_checks, unrelated_glue};
use super::name_servers::{ns_name_checks, server_checks, shared_address};
use super::{EdgeRef, Finding, FindingKind, Severity, names, union, with_edge};
use crate::sim::name::Name;
use crate::sim::record::Record;
use crate::sim::server::{Behaviour, ServerId};

/// Checks on each delegation: both NS sets, glue, the servers behind each
/// name, and the NS names themselves.
pub(super) fn delegations(facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
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
pub(super) struct Cut<'a> {
    pub(super) apex: &'a Name,
    pub(super) parent: &'a Name,
    pub(super) parent_ns: &'a [Name],
    pub(super) child_ns: &'a [Name],
    pub(super) glue: &'a [Record],
    pub(super) edge: &'a EdgeRef,
    /// The servers that load the zone.
    pub(super) serving: &'a [ServerId],
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
