//! Checks on each name server of a delegation: that its NS name is a host
//! name that resolves (RFC 1035 §3.3.11, RFC 2181 §10.3), that something
//! answers at its address, and that what answers serves the zone (a server
//! that does not is *lame*, RFC 9499 §7).

use super::delegation::{Cut, second_server, serves_current_copy};
use super::facts::{Facts, addresses_of};
use super::remedy::{self, Sides, addresses_at, fresh_host, known_addresses, ttl_of};
use super::{capitalised, names, with_edge};
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::fix::{Fix, FixEdit};
use crate::sim::hierarchy::ZoneId;
use crate::sim::name::{Name, NsHostRelation};
use crate::sim::record::{RData, RType, Record};
use crate::sim::server::{Behaviour, Server};
use crate::sim::zone::Zone;
use std::collections::BTreeSet;
use std::net::IpAddr;

pub(super) fn ns_name_checks(
    facts: &mut Facts<'_>,
    findings: &mut Vec<Finding>,
    cut: &Cut<'_>,
    host: &Name,
) {
    let Sides {
        apex, parent, glue, ..
    } = cut.sides;
    let edge = cut.edge;
    let zones = vec![apex.clone()];
    let known = facts.host(host);
    // An address written as a name: with a final dot, a name under a
    // "top-level domain" such as 1.; without one, the zone's origin was
    // appended (RFC 1035 §5.1), as NSD and BIND read it.
    let literal = host
        .ip_literal_below(&Name::root())
        .map(|address| (address, None))
        .or_else(|| {
            [apex, parent]
                .into_iter()
                .find_map(|zone| Some((host.ip_literal_below(zone)?, Some(zone))))
        });
    if let Some((address, appended)) = literal {
        let (title, why) = match appended {
            None => (
                format!(
                    "The name server {host} of {} is an IP address written as a name",
                    apex.prose()
                ),
                format!(
                    "{host} is a name under the top-level domain \"{}\", which does not exist",
                    String::from_utf8_lossy(host.labels().next_back().unwrap_or_default())
                ),
            ),
            Some(zone) => (
                format!(
                    "The name server {host} of {} is the IP address {address} written without a final dot",
                    apex.prose()
                ),
                format!(
                    "without a final dot a name is relative (RFC 1035 §5.1), so {zone} was appended to {address}, giving a name no zone has an address for"
                ),
            ),
        };
        let f = Finding::new(
            FindingKind::NsLooksLikeAddress,
            facts.reachability(apex).severity(),
            zones,
            title,
        )
        .because(
            format!("NS records hold host names (RFC 1035 §3.3.11): {why}, so this server can never be reached."),
            numeric_fix(facts, cut, host, address),
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
                {
                    let addresses = addresses_of(facts, host, glue);
                    Fix::new(
                        format!("Write the NS target as `{intended}` with the final dot."),
                        cut.sides.rename_host(facts, host, &intended, &addresses).unwrap_or_default(),
                    )
                },
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
            match &cname.data {
                RData::CNAME(target) => {
                    let addresses = known_addresses(facts, target);
                    Fix::new(
                        format!("Use the alias target's real name, {target}, in the NS records of {apex} and {}.", parent.prose()),
                        cut.sides.rename_host(facts, host, target, &addresses).unwrap_or_default(),
                    )
                }
                _ => Fix::words(format!("Use the alias target's real name in the NS records of {apex} and {}.", parent.prose())),
            },
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
            no_address_fix(facts, cut, host, zone),
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

/// All the names of a delegation lead to one address: RFC 2182 §3.1 asks
/// for servers that do not fail together.
pub(super) fn shared_address(facts: &mut Facts<'_>, findings: &mut Vec<Finding>, cut: &Cut<'_>) {
    let Sides {
        apex,
        parent_ns,
        glue,
        ..
    } = cut.sides;
    let edge = cut.edge;
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
        second_server(facts, cut, &[address]),
    );
    if let Some(server) = facts.world.server_at(address) {
        f.servers.push(server.id.clone());
    }
    findings.push(with_edge(f, edge));
}

pub(super) fn server_checks(
    facts: &mut Facts<'_>,
    findings: &mut Vec<Finding>,
    cut: &Cut<'_>,
    hosts: &[Name],
) {
    let Sides { apex, glue, .. } = cut.sides;
    let edge = cut.edge;
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
                    reach.fails_now(apex)
                },
                server_fix(facts, cut, host, address, server),
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

/// Where `host` is listed: the zone's own NS records, the delegation, or
/// both.
fn listed_in(cut: &Cut<'_>, host: &Name) -> String {
    let Sides { apex, parent, .. } = cut.sides;
    match (
        cut.sides.child_ns.contains(host),
        cut.sides.parent_ns.contains(host),
    ) {
        (true, true) => format!("the NS records of {apex} and from its delegation in {parent}"),
        (true, false) => format!("the NS records of {apex}"),
        _ => format!("the delegation of {apex} in {parent} (at the registrar)"),
    }
}

/// An NS name that is an address: a host name inside the zone for it, with
/// an address record and glue.
fn numeric_fix(facts: &mut Facts<'_>, cut: &Cut<'_>, host: &Name, address: IpAddr) -> Fix {
    let Sides { apex, parent, .. } = cut.sides;
    if let Some(new) = fresh_host(facts, apex, b"ns1", &[])
        && let Some(edits) = cut.sides.rename_host(facts, host, &new, &[address])
    {
        return Fix::new(
            format!(
                "Give the server a host name, for example {new}, with an address record for {address} in {apex} and glue in {parent}, and use that name in the NS records."
            ),
            edits,
        );
    }
    Fix::words(format!(
        "Give the server a host name (for example ns1.{}) with an A record for the address, and use that name in the NS records.",
        apex.prose()
    ))
}

/// For an NS name without address records in `zone`, which holds it: the
/// address of the server by that name (what the world knows of the name),
/// added to the zone; `None` when no server has that name.
fn add_server_address(facts: &mut Facts<'_>, host: &Name, zone: &Zone) -> Option<Fix> {
    let holder = zone.apex();
    let server_addresses = known_addresses(facts, host);
    if server_addresses.is_empty() {
        return None;
    }
    let records = addresses_at(host, &server_addresses, ttl_of(Some(zone), holder));
    let shown: Vec<String> = records.iter().map(remedy::address_text).collect();
    Some(Fix::new(
        format!(
            "Add {} to {holder}, where the server {} listens, or remove {host} from the NS records.",
            shown.join(" and "),
            host.prose()
        ),
        vec![remedy::edit_zone(holder, Vec::new(), records)],
    ))
}

/// An NS name without an address: the address of the server by that name,
/// or else drop the name.
fn no_address_fix(facts: &mut Facts<'_>, cut: &Cut<'_>, host: &Name, zone: &Zone) -> Fix {
    let holder = zone.apex();
    if let Some(fix) = add_server_address(facts, host, zone) {
        return fix;
    }
    let remove = format!("remove {host} from {}", listed_in(cut, host));
    if let Some(edits) = cut.sides.drop_host(facts, host) {
        return Fix::new(
            format!(
                "{}, or add an A (or AAAA) record for it in {holder}.",
                capitalised(&remove)
            ),
            edits,
        );
    }
    // The zone's only name: a server that loads the zone can take its place.
    let loading = cut.serving.iter().find_map(|id| {
        let server = facts.world.server(id)?;
        serves_current_copy(server, cut.sides.apex)
            .then(|| (server.host.clone(), server.addresses.clone()))
    });
    if let Some((replacement, addresses)) = loading
        && let Some(edits) = cut.sides.rename_host(facts, host, &replacement, &addresses)
    {
        return Fix::new(
            format!(
                "Use {replacement}, which loads {}, in place of {host}, or add an A (or AAAA) record for {host} in {holder}.",
                cut.sides.apex.prose()
            ),
            edits,
        );
    }
    Fix::words(format!(
        "Add an A (or AAAA) record for {host} in {holder}, or {remove}."
    ))
}

/// A server that does not answer for the zone: drop its name while others
/// remain, else make it answer.
fn server_fix(
    facts: &mut Facts<'_>,
    cut: &Cut<'_>,
    host: &Name,
    address: IpAddr,
    server: Option<&Server>,
) -> Fix {
    let apex = cut.sides.apex;
    let remove = format!("remove {host} from {}", listed_in(cut, host));
    let repair = match server {
        None => format!("start a server at {address} that loads {apex}"),
        Some(s) if s.behaviour == Behaviour::Down => {
            format!("bring {} ({address}) back up", s.host.prose())
        }
        Some(s) if s.behaviour == Behaviour::Refusing => {
            format!("let {} answer queries again", s.host.prose())
        }
        Some(s) => format!("load {apex} on {}", s.host.prose()),
    };
    let repair_edit = match server {
        None => {
            // The new server takes the NS name unless a server elsewhere
            // has it; then any free name does, since resolvers find it by
            // the address.
            let named = facts.world.server_named(host).is_none();
            let server_host = if named {
                Some(host.clone())
            } else {
                fresh_host(facts, apex, b"ns", &[])
            };
            server_host.map(|server_host| FixEdit::AddServer {
                host: server_host,
                addresses: vec![address],
                zones: vec![apex.clone()],
            })
        }
        Some(s) if s.behaviour != Behaviour::Up => Some(remedy::behaviour_up(&s.id)),
        Some(s) => Some(remedy::load(&s.id, apex)),
    };
    // Nothing listens at the address, but the server by that name is
    // elsewhere: the address is what is wrong.
    if server.is_none()
        && let Some(fix) = repoint(facts, cut, host, address)
    {
        return fix;
    }
    // A server that is down may come back; one that never served the zone
    // should leave the NS sets.
    let down = server.is_some_and(|s| s.behaviour == Behaviour::Down);
    let dropped = if down {
        None
    } else {
        cut.sides.drop_host(facts, host)
    };
    match (dropped, repair_edit) {
        (Some(edits), _) => Fix::new(format!("{}, or {repair}.", capitalised(&remove)), edits),
        (None, Some(edit)) => Fix::new(
            format!("{}, or {remove}.", capitalised(&repair)),
            vec![edit],
        ),
        (None, None) => Fix::words(format!("{}, or {remove}.", capitalised(&repair))),
    }
}

/// Points `host` at the addresses of the server that goes by that name, in
/// the glue and the address records that hold `stale`.
fn repoint(facts: &mut Facts<'_>, cut: &Cut<'_>, host: &Name, stale: IpAddr) -> Option<Fix> {
    let world = facts.world;
    // Only a server that loads the zone as it is: pointing at one that
    // does not would trade a timeout for a wrong or stale answer. (One that
    // is down is no worse than no server, and its own finding says so.)
    let server = world.servers().iter().find(|s| {
        s.host == *host
            && world.server_loads(&s.id, cut.sides.apex)
            && !s.diverged.contains_key(cut.sides.apex)
    })?;
    let mut edits = Vec::new();
    let mut places = Vec::new();
    let glue: Vec<&crate::sim::record::Record> = cut
        .sides
        .glue
        .iter()
        .filter(|r| r.owner == *host && r.data.address() == Some(stale))
        .collect();
    if let Some(first) = glue.first()
        && world.zone(cut.sides.parent).is_some()
    {
        edits.push(remedy::edit_zone(
            cut.sides.parent,
            glue.iter().map(|r| (*r).clone()).collect(),
            addresses_at(host, &server.addresses, first.ttl),
        ));
        places.push(format!("its glue in {}", cut.sides.parent));
    }
    if let Some(holder) = facts.host(host).zone {
        let records: Vec<crate::sim::record::Record> = holder
            .records_at(host)
            .iter()
            .filter(|r| r.data.address() == Some(stale))
            .cloned()
            .collect();
        if let Some(first) = records.first() {
            let ttl = first.ttl;
            edits.push(remedy::edit_zone(
                holder.apex(),
                records,
                addresses_at(host, &server.addresses, ttl),
            ));
            places.push(format!("its address record in {}", holder.apex()));
        }
    }
    if edits.is_empty() {
        return None;
    }
    let addresses: Vec<String> = server.addresses.iter().map(IpAddr::to_string).collect();
    Some(Fix::new(
        format!(
            "Point {host} at {}, where its server listens ({}), or remove it from {}.",
            addresses.join(", "),
            places.join(" and "),
            listed_in(cut, host)
        ),
        edits,
    ))
}

/// A zone's own name server named inside it without an address, where no
/// parent delegates the zone (the root, or a zone loaded on its own), so
/// the delegation checks never see it: BIND refuses to load such a zone
/// (`named-checkzone`: "has no address records"), and no resolver can
/// reach that server. Often a name that lost its final dot and had the
/// zone appended (RFC 1035 §5.1).
pub(super) fn undelegated_names_without_address(
    facts: &mut Facts<'_>,
    findings: &mut Vec<Finding>,
) {
    let hierarchy = facts.hierarchy;
    for id in hierarchy.zones() {
        if hierarchy.parent(id).is_some_and(|(_, d)| !d.ns.is_empty()) {
            continue;
        }
        let apex = &hierarchy.zone(id).apex;
        let Some(zone) = facts.world.zone(apex) else {
            continue;
        };
        for host in zone.apex_ns() {
            let known = facts.host(host);
            let holds_it = known.zone.is_some_and(|z| z.apex() == apex);
            if !holds_it || !known.addresses.is_empty() || known.alias.is_some() {
                continue;
            }
            let fix = lone_name_fix(facts, id, zone, host);
            findings.push(
                Finding::new(
                    FindingKind::NsDoesNotResolve,
                    Severity::Warning,
                    vec![apex.clone()],
                    format!(
                        "The name server {} of {} has no address",
                        host.prose(),
                        apex.prose()
                    ),
                )
                .because(
                    format!(
                        "{} is named inside {} but has no A or AAAA record there: no resolver can reach it, and BIND refuses to load the zone at all.",
                        host.prose(),
                        apex.prose()
                    ),
                    fix,
                ),
            );
        }
    }
}

/// How to mend a zone's own NS name that has no address, where no parent
/// holds a delegation to edit: give the name the address of the server by
/// that name; else drop it when the zone names other servers; else name a
/// server that loads the zone instead; else, when none does, start one by
/// that name.
fn lone_name_fix(facts: &mut Facts<'_>, id: ZoneId, zone: &Zone, host: &Name) -> Fix {
    let apex = zone.apex();
    if let Some(fix) = add_server_address(facts, host, zone) {
        return fix;
    }
    let Some(listed) = zone
        .records_at(apex)
        .iter()
        .find(|r| r.data.target_host() == Some(host) && r.rtype() == RType::NS)
        .cloned()
    else {
        return Fix::words(format!("Add an A (or AAAA) record for {host} to {apex}."));
    };
    if zone.apex_ns().len() > 1 {
        return Fix::new(
            format!("Remove {host} from {apex}'s NS records, or add an A (or AAAA) record for it."),
            vec![remedy::edit_zone(apex, vec![listed], Vec::new())],
        );
    }
    let hierarchy = facts.hierarchy;
    let loading = hierarchy
        .servers_of(id)
        .into_iter()
        .map(|s| hierarchy.server(s).host.clone())
        .find(|name| name != host);
    match loading {
        Some(server) => {
            let named = Record::new(apex.clone(), listed.ttl, RData::NS(server.clone()));
            Fix::new(
                format!(
                    "Name a server that loads {apex} instead: {server} in place of {host} (or add an A record for {host} if that server exists)."
                ),
                vec![remedy::edit_zone(apex, vec![listed], vec![named])],
            )
        }
        // Nothing else loads the zone: start the named server, at a free
        // address the zone then gives it.
        None => match remedy::free_address(facts, None) {
            Some(address) if facts.world.server_named(host).is_none() => Fix::new(
                format!(
                    "No server loads {apex}: start {host} loading it, and add an A (or AAAA) record for {host} to {apex}."
                ),
                vec![
                    FixEdit::AddServer {
                        host: host.clone(),
                        addresses: vec![address],
                        zones: vec![apex.clone()],
                    },
                    remedy::edit_zone(
                        apex,
                        Vec::new(),
                        vec![Record::for_address(host, listed.ttl, address)],
                    ),
                ],
            ),
            _ => Fix::words(format!(
                "Add an A (or AAAA) record for {host} to {apex}, or name a server that loads the zone in its NS records."
            )),
        },
    }
}
