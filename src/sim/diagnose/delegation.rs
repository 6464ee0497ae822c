//! Checks on each delegation's two NS sets (RFC 1034 §4.2.2): the parent's,
//! which a registrar sets, and the zone's own at its apex, which its DNS
//! host serves. Resolvers start with the first and, once they have seen it,
//! trust the second (RFC 2181 §5.4.1), so a difference changes which
//! servers get asked as caches age.

use super::facts::{Facts, addresses_of};
use super::glue::{glue_checks, unrelated_glue};
use super::name_servers::{ns_name_checks, server_checks, shared_address};
use super::remedy::{self, Sides, known_addresses};
use super::{capitalised, names, union, with_edge};
use crate::sim::cut::delegation_for;
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::fix::{Fix, FixEdit};
use crate::sim::name::Name;
use crate::sim::prose::and_list;
use crate::sim::record::{RData, Record};
use crate::sim::server::{Behaviour, Server, ServerId};
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

/// Checks on each delegation: both NS sets, glue, the servers behind each
/// name, and the NS names themselves.
pub(super) fn delegations(facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
    let hierarchy = facts.hierarchy;
    // Delegations that lead out of an open world, by parent.
    let mut outside: BTreeMap<&Name, Vec<Name>> = BTreeMap::new();
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
                // A parent that is only delegated, not a zone here, must be
                // created on its servers before it can hold the delegation.
                let create_parent = match hierarchy.parent(parent_id) {
                    Some((_, above)) if facts.world.zone(parent).is_none() => {
                        remedy::create_zone(facts, parent, &above.ns, &above.glue)
                            .map(|(_, edits)| edits)
                    }
                    _ => None,
                };
                not_delegated(
                    facts,
                    findings,
                    apex,
                    parent,
                    &serving,
                    &edge,
                    create_parent,
                );
            }
            continue;
        }
        if node.outside {
            outside.entry(parent).or_default().push(apex.clone());
            continue;
        }
        if !node.defined || serving.is_empty() {
            let sides = Sides {
                apex,
                parent,
                parent_ns,
                child_ns: &[],
                glue: &delegation.glue,
            };
            let mut f = Finding::new(
                FindingKind::DelegationWithoutServers,
                Severity::Error,
                vec![apex.clone(), parent.clone()],
                format!("{} is delegated, but no server serves it", apex.prose()),
            )
            .because(
                format!("Every server the referral names answers REFUSED (or does not exist) for {}: resolution ends in SERVFAIL.", apex.prose()),
                serve_or_undelegate(facts, &sides, node.defined),
            );
            f.edges.push(edge.clone());
            findings.push(f);
            unrelated_glue(facts, findings, &sides, node.defined);
            continue;
        }
        let Some(child) = facts.world.zone(apex) else {
            continue;
        };
        let child_ns = child.apex_ns();

        let cut = Cut {
            sides: Sides {
                apex,
                parent,
                parent_ns,
                child_ns,
                glue: &delegation.glue,
            },
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
        unrelated_glue(facts, findings, &cut.sides, true);
    }
    for (parent, children) in outside {
        findings.push(leading_outside(parent, &children));
    }
}

/// One notice for all the delegations of `parent` that lead out of an open
/// world: the edge of the simulation, not a mistake, but what a resolution
/// below them meets.
fn leading_outside(parent: &Name, children: &[Name]) -> Finding {
    const SHOWN: usize = 5;
    let mut examples: Vec<String> = children.iter().take(SHOWN).map(Name::prose).collect();
    if children.len() > SHOWN {
        examples.push(format!("{} more", children.len() - SHOWN));
    }
    let title = if let [child] = children {
        format!(
            "The delegation of {} leads outside this world",
            child.prose()
        )
    } else {
        format!("{} delegations lead outside this world", children.len())
    };
    Finding::new(
        FindingKind::DelegationsOutsideWorld,
        Severity::Notice,
        vec![parent.clone()],
        title,
    )
    .because(
        format!(
            "{} delegates {} to name servers that are not in this world: they are on the internet, which DNS Lab never reaches. A resolution below them gets the referral, then no answer from the addresses it names, and ends in SERVFAIL.",
            capitalised(&parent.prose()),
            and_list(&examples)
        ),
        Fix::words(
            "Nothing to fix. To resolve below one of them, build it here: add a server at one of its name servers' addresses that loads the zone, or delegate a zone of your own to a server of this world.".to_string(),
        ),
    )
}

/// A zone served (or imported and not yet served) that its parent does not
/// delegate.
fn not_delegated(
    facts: &mut Facts<'_>,
    findings: &mut Vec<Finding>,
    apex: &Name,
    parent: &Name,
    serving: &[ServerId],
    edge: &EdgeRef,
    create_parent: Option<Vec<FixEdit>>,
) {
    let world = facts.world;
    let Some(child) = world.zone(apex) else {
        return;
    };
    let mut edits = Vec::new();
    let mut loaded: Vec<Name> = Vec::new();
    if serving.is_empty() {
        for host in child.apex_ns() {
            for address in known_addresses(facts, host) {
                if let Some(server) = world.server_at(address)
                    && !loaded.contains(&server.host)
                {
                    loaded.push(server.host.clone());
                    edits.push(remedy::load(&server.id, apex));
                }
            }
        }
    }
    // Creating the parent delegates every zone below it, this one too.
    let creates_parent = create_parent.is_some();
    let mut shadowed: Vec<Record> = Vec::new();
    if let Some(create) = create_parent {
        edits.extend(create);
    } else if let Some(parent_zone) = world.zone(parent) {
        let ttl = remedy::ttl_of(Some(parent_zone), parent);
        // What the parent holds at the cut itself would be hidden by it, and
        // a CNAME there cannot sit beside NS records at all.
        shadowed = parent_zone
            .records_at(apex)
            .iter()
            .filter(|r| !r.rtype().belongs_at_cut())
            .cloned()
            .collect();
        edits.push(remedy::edit_zone(
            parent,
            shadowed.clone(),
            delegation_for(child, ttl),
        ));
    }
    let replacing = if shadowed.is_empty() {
        String::new()
    } else {
        let types: BTreeSet<String> = shadowed.iter().map(|r| r.rtype().to_string()).collect();
        format!(
            " in place of its {} {} at {}",
            types.into_iter().collect::<Vec<_>>().join(" and "),
            if shadowed.len() == 1 {
                "record"
            } else {
                "records"
            },
            apex.prose()
        )
    };
    let delegate = format!(
        "{}add NS records for {apex} to the {parent} zone (at the registrar){replacing}, naming {}, with glue for any name inside {}",
        if creates_parent {
            format!("create the zone {parent} on the servers its own delegation names, and ")
        } else {
            String::new()
        },
        names(child.apex_ns()),
        apex.prose()
    );
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
            if loaded.is_empty() {
                format!(
                    "Load {apex} on the servers its NS records name (none of their addresses has a server yet), then {delegate}."
                )
            } else {
                format!(
                    "Load {apex} on {}, the servers its NS records name, then {delegate}.",
                    names(&loaded)
                )
            },
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
            capitalised(&delegate) + ".",
        )
    };
    let mut f = Finding::new(
        FindingKind::ZoneNotDelegated,
        Severity::Error,
        vec![apex.clone(), parent.clone()],
        title,
    )
    .because(consequence, Fix::new(fix, edits));
    f.servers = serving.to_vec();
    f.edges.push(edge.clone());
    findings.push(f);
}

/// The servers listening at the addresses of `hosts`, each once.
pub(super) fn servers_at(
    facts: &mut Facts<'_>,
    hosts: &[Name],
    glue: &[Record],
) -> Vec<(ServerId, Name)> {
    let mut servers: Vec<(ServerId, Name)> = Vec::new();
    for host in hosts {
        for address in addresses_of(facts, host, glue) {
            if let Some(server) = facts.world.server_at(address)
                && !servers.iter().any(|(id, _)| *id == server.id)
            {
                servers.push((server.id.clone(), server.host.clone()));
            }
        }
    }
    servers
}

/// A delegation no server serves: load the zone on the servers it names,
/// or, where there is no zone or no server to load it on, take the
/// delegation away (an honest NXDOMAIN rather than a SERVFAIL).
pub(super) fn serve_or_undelegate(facts: &mut Facts<'_>, sides: &Sides<'_>, defined: bool) -> Fix {
    let Sides {
        apex,
        parent,
        parent_ns,
        glue,
        ..
    } = *sides;
    if !defined && let Some((hosts, edits)) = remedy::create_zone(facts, apex, parent_ns, glue) {
        return Fix::new(
            format!(
                "Create the zone {apex} on {}, the servers {} names, or remove the delegation.",
                names(&hosts),
                parent.prose()
            ),
            edits,
        );
    }
    let servers = servers_at(facts, parent_ns, glue);
    let hosts: Vec<Name> = servers.iter().map(|(_, host)| host.clone()).collect();
    if defined && !servers.is_empty() {
        return Fix::new(
            format!(
                "Load {apex} on {}, the servers {} names, or remove the delegation.",
                names(&hosts),
                parent.prose()
            ),
            servers
                .iter()
                .map(|(id, _)| remedy::load(id, apex))
                .collect(),
        );
    }
    let why = if defined {
        format!("no server listens at the addresses of {}", names(parent_ns))
    } else {
        format!("there is no zone {} to serve", apex.prose())
    };
    let text = format!(
        "Remove the delegation of {apex} from {parent} ({why}), or create the zone and load it on servers at those names."
    );
    let edits = match facts.world.zone(parent) {
        Some(parent_zone) => {
            let ttl = remedy::ttl_of(Some(parent_zone), apex);
            let mut remove: Vec<Record> = parent_ns
                .iter()
                .map(|host| Record::new(apex.clone(), ttl, RData::NS(host.clone())))
                .collect();
            remove.extend(
                glue.iter()
                    .filter(|r| r.owner.is_subdomain_of(apex))
                    .cloned(),
            );
            vec![remedy::edit_zone(parent, remove, Vec::new())]
        }
        None => Vec::new(),
    };
    Fix::new(text, edits)
}

/// One delegation, as the per-delegation checks see it: its two sides,
/// the graph edge and who serves the zone.
pub(super) struct Cut<'a> {
    pub(super) sides: Sides<'a>,
    pub(super) edge: &'a EdgeRef,
    /// The servers that load the zone.
    pub(super) serving: &'a [ServerId],
}

/// Whether `server` answers for `apex` from the zone as it is: up, and not
/// holding a copy of its own that may be stale.
pub(super) fn serves_current_copy(server: &Server, apex: &Name) -> bool {
    server.behaviour == Behaviour::Up && !server.diverged.contains_key(apex)
}

/// Whether a server that loads the zone answers at one of `host`'s
/// addresses.
pub(super) fn answers(facts: &mut Facts<'_>, cut: &Cut<'_>, host: &Name) -> bool {
    addresses_of(facts, host, cut.sides.glue)
        .into_iter()
        .any(|address| {
            facts.world.server_at(address).is_some_and(|server| {
                server.behaviour == Behaviour::Up && cut.serving.contains(&server.id)
            })
        })
}

/// Make the two NS sets the same, naming first the side whose servers load
/// the zone: copying the other one would point everyone at servers that do
/// not answer for it.
fn same_sets_fix(facts: &mut Facts<'_>, cut: &Cut<'_>) -> Fix {
    let Sides {
        apex,
        parent,
        parent_ns,
        child_ns,
        ..
    } = cut.sides;
    let mut answering = |hosts: &[Name]| hosts.iter().filter(|h| answers(facts, cut, h)).count();
    let (parent_answering, child_answering) = (answering(parent_ns), answering(child_ns));
    let registrar = format!(
        "set the NS records at the registrar ({parent}) to {}",
        names(child_ns)
    );
    let zone = format!(
        "change the apex NS records of {apex} to {}",
        names(parent_ns)
    );
    let sides = cut.sides;
    if parent_answering > child_answering {
        Fix::new(
            format!(
                "Make the two sets the same: {zone} (the servers that load it), or {registrar}."
            ),
            sides.set_zone_ns(facts, parent_ns).into_iter().collect(),
        )
    } else {
        Fix::new(
            format!("Make the two sets the same: {registrar}, or {zone}."),
            sides.set_registrar(facts, child_ns).into_iter().collect(),
        )
    }
}

/// Names one side lists and the other does not: those that serve the zone
/// join the other side, the rest leave this one.
fn one_sided_fix(facts: &mut Facts<'_>, cut: &Cut<'_>, extra: &[Name], at_parent: bool) -> Fix {
    let Sides {
        apex,
        parent,
        parent_ns,
        child_ns,
        ..
    } = cut.sides;
    let (serving, idle): (Vec<Name>, Vec<Name>) =
        extra.iter().cloned().partition(|h| answers(facts, cut, h));
    let sides = cut.sides;
    let mut parts = Vec::new();
    let mut edits = Vec::new();
    let (here, there) = if at_parent {
        (parent_ns, child_ns)
    } else {
        (child_ns, parent_ns)
    };
    let registrar = format!("the delegation at the registrar ({parent})");
    let zone = format!("the apex NS records of {apex}");
    let (here_words, there_words) = if at_parent {
        (&registrar, &zone)
    } else {
        (&zone, &registrar)
    };
    if !serving.is_empty() {
        parts.push(format!(
            "add {} to {there_words} ({} the zone)",
            names(&serving),
            if serving.len() == 1 {
                "it serves"
            } else {
                "they serve"
            }
        ));
        let joined = union(there, &serving);
        edits.extend(if at_parent {
            sides.set_zone_ns(facts, &joined)
        } else {
            sides.set_registrar(facts, &joined)
        });
    }
    if !idle.is_empty() {
        parts.push(format!(
            "remove {} from {here_words} ({} not answer for the zone)",
            names(&idle),
            if idle.len() == 1 {
                "it does"
            } else {
                "they do"
            }
        ));
        let kept: Vec<Name> = here.iter().filter(|h| !idle.contains(h)).cloned().collect();
        edits.extend(if at_parent {
            sides.set_registrar(facts, &kept)
        } else {
            sides.set_zone_ns(facts, &kept)
        });
    }
    Fix::new(capitalised(&parts.join(", and ")) + ".", edits)
}

/// A second name server for the zone: one the zone lists already, else a
/// server that loads it, else a new one, on an address other than those
/// in `taken`.
pub(super) fn second_server(facts: &mut Facts<'_>, cut: &Cut<'_>, taken: &[IpAddr]) -> Fix {
    let Sides {
        apex,
        parent,
        parent_ns,
        child_ns,
        ..
    } = cut.sides;
    let serving = cut.serving;
    let sides = cut.sides;
    let elsewhere = |facts: &mut Facts<'_>, host: &Name| {
        let addresses = addresses_of(facts, host, cut.sides.glue);
        !addresses.is_empty() && addresses.iter().all(|a| !taken.contains(a))
    };
    let listed = child_ns
        .iter()
        .find(|h| !parent_ns.contains(h) && answers(facts, cut, h) && elsewhere(facts, h))
        .cloned();
    if let Some(host) = listed {
        return Fix::new(
            format!(
                "Add {host}, which {} lists and which serves it from another address, to the delegation in {} (at the registrar).",
                apex.prose(),
                parent.prose()
            ),
            sides
                .set_registrar(facts, &union(parent_ns, std::slice::from_ref(&host)))
                .into_iter()
                .collect(),
        );
    }
    let loading = serving.iter().find_map(|id| {
        let server = facts.world.server(id)?;
        (serves_current_copy(server, apex)
            && !parent_ns.contains(&server.host)
            && server.addresses.iter().all(|a| !taken.contains(a)))
        .then(|| server.host.clone())
    });
    if let Some(host) = loading {
        let mut edits: Vec<_> = sides
            .set_registrar(facts, &union(parent_ns, std::slice::from_ref(&host)))
            .into_iter()
            .collect();
        edits.extend(sides.set_zone_ns(facts, &union(child_ns, std::slice::from_ref(&host))));
        return Fix::new(
            format!(
                "List {host}, which loads {} on another address, in the NS records of {apex} and in its delegation in {}.",
                apex.prose(),
                parent.prose()
            ),
            edits,
        );
    }
    let advice = format!(
        "Add a second name server for {apex}, on another address (ideally another network), to both the zone and the delegation in {}",
        parent.prose()
    );
    match sides.add_server(facts) {
        Some((host, address, edits)) => Fix::new(
            format!("{advice}: for example a new server {host} at {address}, with glue."),
            edits,
        ),
        None => Fix::words(format!("{advice}.")),
    }
}

fn ns_sets(facts: &mut Facts<'_>, findings: &mut Vec<Finding>, cut: &Cut<'_>) {
    let Sides {
        apex,
        parent,
        parent_ns,
        child_ns,
        ..
    } = cut.sides;
    let edge = cut.edge;
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
            one_sided_fix(facts, cut, &only_parent, true),
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
            one_sided_fix(facts, cut, &only_child, false),
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
            {
                let taken = addresses_of(facts, &parent_ns[0], cut.sides.glue);
                second_server(facts, cut, &taken)
            },
        );
        findings.push(with_edge(f, edge));
    }
}
