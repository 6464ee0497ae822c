//! Checks on zone data: copies that diverged from the primary (RFC 1996),
//! records a zone cut hides (RFC 1034 §4.2.1) or a DNAME hides (RFC 6672
//! §2.4), and CNAME loops (RFC 1034 §3.6.2).

use super::facts::Facts;
use super::remedy;
use crate::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use crate::sim::fix::{Fix, FixEdit};
use crate::sim::hash::HashMap;
use crate::sim::name::Name;
use crate::sim::prose::{and_list, plural};
use crate::sim::record::{RData, RType, Record};
use crate::sim::server::Server;
use crate::sim::zone::Zone;
use std::collections::{BTreeMap, BTreeSet};

/// Checks on zone data: diverged copies, occluded records, CNAMEs.
pub(super) fn zone_data(facts: &Facts<'_>, findings: &mut Vec<Finding>) {
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
                Fix::new(
                    format!("Bring {}'s copy of {apex} up to date (a zone transfer from the primary), or take it out of the NS set until it is.", server.host.prose()),
                    vec![FixEdit::Resync { server: server.id.clone(), apex: apex.clone() }],
                ),
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
                    let is_glue = |r: &Record| r.rtype().is_address() && ns_hosts.contains(owner);
                    let hidden = records
                        .iter()
                        .filter(|r| !(r.rtype().belongs_at_cut() || is_glue(r)));
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
                Fix::new(
                    format!("Delete them from {apex}, where the cut hides them; copy any that {} should serve into the {cut} zone first.", cut.prose()),
                    vec![remedy::edit_zone(apex, records.clone(), Vec::new())],
                ),
            );
            f.records = records.into_iter().map(|r| (apex.clone(), r)).collect();
            findings.push(f);
        }
        dname_occluded(zone, findings);
    }
    cname_loops(facts, findings);
}

/// Records below a DNAME's owner: every name there is redirected, so no
/// server ever looks for them (RFC 6672 §2.4; NSD refuses such a zone, BIND
/// loads it and never serves them).
fn dname_occluded(zone: &Zone, findings: &mut Vec<Finding>) {
    let apex = zone.apex();
    let mut hidden: BTreeMap<Name, (Name, Vec<Record>)> = BTreeMap::new();
    for record in zone.records() {
        if let Some(dname) = zone.dname_above(&record.owner)
            && let RData::DNAME(target) = &dname.data
        {
            hidden
                .entry(dname.owner.clone())
                .or_insert_with(|| (target.clone(), Vec::new()))
                .1
                .push(record.clone());
        }
    }
    for (owner, (target, records)) in hidden {
        // Where the DNAME sends each name, when that is plain data of this
        // zone (not below a cut or another DNAME).
        let moved: Option<Vec<Record>> = records
            .iter()
            .map(|r| {
                let name = r.owner.with_suffix_replaced(&owner, &target).ok()?;
                let served_here = name.is_subdomain_of(apex)
                    && zone.cut_above(&name).is_none()
                    && zone.dname_above(&name).is_none();
                served_here.then(|| Record {
                    owner: name,
                    ..r.clone()
                })
            })
            .collect();
        let (words, added) = match moved {
            Some(moved) => (
                format!(
                    "Move them below {}, where the DNAME sends their names: {}.",
                    target.prose(),
                    and_list(&moved.iter().map(|r| r.owner.prose()).collect::<Vec<_>>())
                ),
                moved,
            ),
            None => (
                format!(
                    "Delete them from {apex}, and give {} the records instead, where the DNAME sends their names.",
                    target.prose()
                ),
                Vec::new(),
            ),
        };
        let mut f = Finding::new(
            FindingKind::OccludedRecords,
            Severity::Warning,
            vec![apex.clone()],
            format!(
                "{} holds {} below the DNAME at {}",
                apex.prose(),
                plural(records.len(), "record", "records"),
                owner.prose()
            ),
        )
        .because(
            format!(
                "A DNAME redirects every name below {} to the same name below {} (RFC 6672); servers never look for records there.",
                owner.prose(),
                target.prose()
            ),
            Fix::new(words, vec![remedy::edit_zone(apex, records.clone(), added)]),
        );
        f.records = records.into_iter().map(|r| (apex.clone(), r)).collect();
        findings.push(f);
    }
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
                            cname_loop_fix(facts, &looped, &records[start..]),
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

/// Deletes the loop's last alias; pointing it at real data is the user's
/// choice.
fn cname_loop_fix(facts: &Facts<'_>, looped: &[Name], records: &[Record]) -> Fix {
    let last = &looped[looped.len() - 1];
    let text = format!(
        "Point one of the CNAMEs (for example {}) at a name that holds the data, or delete it.",
        last.prose()
    );
    let edit = records
        .iter()
        .find(|r| r.owner == *last)
        .and_then(|record| {
            let zone = facts.authoritative_zone(last)?;
            Some(remedy::edit_zone(
                zone.apex(),
                vec![record.clone()],
                Vec::new(),
            ))
        });
    Fix::new(text, edit.into_iter().collect())
}
