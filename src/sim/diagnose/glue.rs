//! Glue: the addresses a parent hands out with a referral for name servers
//! whose names only the delegated zone could resolve (RFC 1034 §4.2.1,
//! RFC 9471). Missing glue makes such a server unreachable; wrong glue
//! sends resolvers to the wrong address until they learn the right one.

use super::delegation::{Cut, serve_or_undelegate};
use super::facts::{Facts, addresses_of};
use super::remedy::{self, Sides, addresses_at, known_addresses, ttl_of};
use super::{join, names};
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::fix::Fix;
use crate::sim::fix::FixEdit;
use crate::sim::name::{Name, NsHostRelation};
use crate::sim::record::Record;
use crate::sim::server::{Behaviour, ServerId};
use std::collections::BTreeSet;
use std::net::IpAddr;

pub(super) fn glue_checks(facts: &mut Facts<'_>, findings: &mut Vec<Finding>, cut: &Cut<'_>) {
    let Sides {
        apex,
        parent,
        parent_ns,
        glue,
        ..
    } = cut.sides;
    let edge = cut.edge;
    for host in parent_ns {
        let relation = host.relation_to_delegation(apex, parent);
        let host_glue: Vec<&Record> = glue.iter().filter(|r| r.owner == *host).collect();
        let glue_addresses: BTreeSet<IpAddr> =
            host_glue.iter().filter_map(|r| r.data.address()).collect();
        let authoritative: BTreeSet<IpAddr> = facts.host(host).addresses.iter().copied().collect();
        if relation == NsHostRelation::InDomain && host_glue.is_empty() {
            let reach = facts.reachability(apex);
            let fix = missing_glue_fix(facts, cut, host);
            let mut f = Finding::new(
                FindingKind::MissingGlue,
                reach.severity(),
                vec![apex.clone(), parent.clone()],
                format!("No glue for {}, a name server inside {}", host.prose(), apex.prose()),
            )
            .because(
                format!("{} is inside {}, so only the parent can give its address; without glue a resolver would need {} to find {}'s server: it skips it{}.", host.prose(), apex.prose(), apex.prose(), apex.prose(), if reach.works() { ", and the other name servers carry the load" } else { ", and with no other usable server resolution ends in SERVFAIL" }),
                fix,
            );
            f.edges.push(edge.clone());
            findings.push(f);
            continue;
        }
        if host_glue.is_empty() || authoritative.is_empty() {
            continue;
        }
        if glue_addresses.is_disjoint(&authoritative) {
            let f = Finding::new(
                FindingKind::GlueMismatch,
                facts.reachability(apex).severity(),
                vec![apex.clone(), parent.clone()],
                format!("The glue for {} ({}) differs from its address in its zone ({})", host.prose(), join(&glue_addresses), join(&authoritative)),
            )
            .because(
                format!("Resolvers first go to the glue address {}; child-centric ones later learn {} and move, so answers change as caches age.", join(&glue_addresses), join(&authoritative)),
                mismatch_fix(facts, cut, host, &host_glue, &glue_addresses, &authoritative),
            );
            findings.push(about_glue(f, parent, &host_glue, edge));
        } else if glue_addresses != authoritative {
            let missing: BTreeSet<IpAddr> =
                authoritative.difference(&glue_addresses).copied().collect();
            let extra: BTreeSet<IpAddr> =
                glue_addresses.difference(&authoritative).copied().collect();
            let f = Finding::new(
                FindingKind::PartialGlue,
                Severity::Notice,
                vec![apex.clone(), parent.clone()],
                format!("The glue for {} covers only some of its addresses", host.prose()),
            )
            .because(
                format!("A resolver that can only use the missing address family (for example IPv6-only) cannot reach {} at first{}.", host.prose(), if extra.is_empty() { String::new() } else { format!("; glue {} has no matching record in the zone", join(&extra)) }),
                Fix::new(
                    format!("Make the glue in {parent} match the zone: {}.", if missing.is_empty() { format!("remove {}", join(&extra)) } else { format!("add {}", join(&missing)) }),
                    replace_glue(facts, parent, apex, host, &host_glue, &authoritative).into_iter().collect(),
                ),
            );
            findings.push(about_glue(f, parent, &host_glue, edge));
        }
    }
}

/// A server listed for a zone it does not load, but that loads a zone above
/// it, answers from that zone: its referrals below the zone may carry
/// addresses for names outside it. A resolver asking it as a server of the
/// zone drops them (RFC 2181 §5.4.1; Unbound's scrubber, `harden-glue`),
/// so the glue "looks right" and is never used. No other tool names this.
pub(super) fn unrelated_glue(
    facts: &mut Facts<'_>,
    findings: &mut Vec<Finding>,
    sides: &Sides<'_>,
    defined: bool,
) {
    let Sides {
        apex,
        parent_ns,
        glue,
        ..
    } = *sides;
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
                    if defined {
                        Fix::new(
                            format!("Load {apex} on {} (or take it out of the NS records of {apex}), and keep address records in the zone that owns each name.", server.host.prose()),
                            vec![remedy::load(&server.id, apex)],
                        )
                    } else {
                        serve_or_undelegate(facts, sides, defined)
                    },
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

/// A glue finding points at the glue records in the parent and at the
/// delegation edge.
fn about_glue(mut finding: Finding, parent: &Name, glue: &[&Record], edge: &EdgeRef) -> Finding {
    finding.records = glue
        .iter()
        .map(|r| (parent.clone(), (*r).clone()))
        .collect();
    finding.edges.push(edge.clone());
    finding
}

/// Glue for a name server inside the zone: its address as the world knows
/// it, or else drop the name, since nothing says where the server is.
fn missing_glue_fix(facts: &mut Facts<'_>, cut: &Cut<'_>, host: &Name) -> Fix {
    let Sides { apex, parent, .. } = cut.sides;
    let addresses = known_addresses(facts, host);
    if let Some(parent_zone) = facts.world.zone(parent)
        && !addresses.is_empty()
    {
        let glue = addresses_at(host, &addresses, ttl_of(Some(parent_zone), apex));
        let shown: Vec<String> = glue.iter().map(remedy::address_text).collect();
        return Fix::new(
            format!(
                "Add the glue {} {} to the {parent} zone.",
                if glue.len() == 1 { "record" } else { "records" },
                shown.join(" and ")
            ),
            vec![remedy::edit_zone(parent, Vec::new(), glue)],
        );
    }
    Fix::new(
        format!(
            "Remove {host} from the NS records of {apex} and {parent}, or give it an address (an A record in {apex}) and add that address as glue in {parent}."
        ),
        cut.sides.drop_host(facts, host).unwrap_or_default(),
    )
}

/// The host's glue becomes `addresses`.
fn replace_glue(
    facts: &Facts<'_>,
    parent: &Name,
    apex: &Name,
    host: &Name,
    host_glue: &[&Record],
    addresses: &BTreeSet<IpAddr>,
) -> Option<FixEdit> {
    let ttl = host_glue
        .first()
        .map_or_else(|| ttl_of(facts.world.zone(parent), apex), |r| r.ttl);
    facts.world.zone(parent)?;
    let addresses: Vec<IpAddr> = addresses.iter().copied().collect();
    Some(remedy::edit_zone(
        parent,
        host_glue.iter().map(|r| (*r).clone()).collect(),
        addresses_at(host, &addresses, ttl),
    ))
}

/// Glue and the zone disagree on an address: the one a server of the zone
/// answers at is right, and the other side changes to match.
fn mismatch_fix(
    facts: &mut Facts<'_>,
    cut: &Cut<'_>,
    host: &Name,
    host_glue: &[&Record],
    glue_addresses: &BTreeSet<IpAddr>,
    authoritative: &BTreeSet<IpAddr>,
) -> Fix {
    let Sides { apex, parent, .. } = cut.sides;
    let world = facts.world;
    let serves_at = |address: &IpAddr| {
        world.server_at(*address).is_some_and(|server| {
            server.behaviour == Behaviour::Up && cut.serving.contains(&server.id)
        })
    };
    let holder = facts.host(host).zone.map(|z| z.apex().clone());
    if let Some(holder) = holder
        && glue_addresses.iter().any(serves_at)
        && !authoritative.iter().any(serves_at)
        && let Some(zone) = world.zone(&holder)
    {
        let records: Vec<Record> = zone
            .records_at(host)
            .iter()
            .filter(|r| r.data.address().is_some())
            .cloned()
            .collect();
        let ttl = records.first().map_or(3600, |r| r.ttl);
        let glue: Vec<IpAddr> = glue_addresses.iter().copied().collect();
        return Fix::new(
            format!(
                "Change the address of {host} in {holder} to {} (where a server of {} answers), or change the glue in {parent} to {}.",
                join(glue_addresses),
                apex.prose(),
                join(authoritative)
            ),
            vec![remedy::edit_zone(
                &holder,
                records,
                addresses_at(host, &glue, ttl),
            )],
        );
    }
    Fix::new(
        format!(
            "Update the glue in {parent} (the registrar's host record) to {}.",
            join(authoritative)
        ),
        replace_glue(facts, parent, apex, host, host_glue, authoritative)
            .into_iter()
            .collect(),
    )
}
