//! Circular delegations: zones whose name servers can only be reached
//! through each other (RFC 9471 §2.3). No resolver can break such a loop on
//! its own; glue or a name server outside it must.

use super::facts::{Facts, addresses_of};
use super::remedy::{Sides, fresh_host, known_addresses};
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::fix::Fix;
use crate::sim::hierarchy::{Need, ZoneId};
use crate::sim::name::Name;
use std::collections::BTreeSet;

/// Circular delegations, as the hierarchy finds them (see
/// [`Hierarchy::ns_cycles`](crate::sim::hierarchy::Hierarchy::ns_cycles)),
/// each confirmed by resolving: a cycle that another name server escapes is
/// a warning.
pub(super) fn cycles(facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
    let hierarchy = facts.hierarchy;
    for cycle in hierarchy.ns_cycles() {
        // A loop wholly outside an open world (info. and org. in the real
        // root zone, whose servers' names live in each other) is the rest
        // of the internet's to break, with glue this world never sees.
        if cycle
            .links
            .iter()
            .all(|(zone, _)| hierarchy.zone(*zone).outside)
        {
            continue;
        }
        report_cycle(&cycle.links, facts, findings);
    }
}

fn report_cycle(path: &[(ZoneId, Need)], facts: &mut Facts<'_>, findings: &mut Vec<Finding>) {
    let hierarchy = facts.hierarchy;
    let apex = |id: ZoneId| hierarchy.zone(id).apex.clone();
    let mut text = String::new();
    for (zone, need) in path {
        text.push_str(&apex(*zone).prose());
        match need {
            Need::NsHost(_, host) => text.push_str(&format!(" → {} → ", host.prose())),
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
            Need::NsHost(_, host) => Some((*zone, host.clone())),
            Need::Parent(_) => None,
        })
        .expect("a reported cycle has an NS name in it");
    let first_zone = apex(first_id);
    let on_loop: BTreeSet<ZoneId> = path.iter().map(|(z, _)| *z).collect();
    // Broken at the first zone of the loop where the world allows it (its
    // parent may not be a zone here to hold glue).
    let fix = path
        .iter()
        .filter(|(_, need)| matches!(need, Need::NsHost(..)))
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
            Need::NsHost(_, host) => EdgeRef::NsHost {
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
