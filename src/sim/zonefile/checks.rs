//! The checks a server makes before it serves a zone (RFC 1034 §4.2.1,
//! RFC 2181 §5 and §10), and the warnings a careful operator wants.

use super::*;

/// The checks a server makes before it serves a zone, and the warnings a
/// careful operator wants.
pub(super) fn check_zone(zone: &Zone, records: &[LocatedRecord], problems: &mut Vec<ZoneProblem>) {
    let apex = zone.apex();
    let at = |l: &LocatedRecord, severity: Severity, message: String| ZoneProblem {
        severity,
        file: None,
        line: l.line,
        col: l.col,
        message,
    };
    // Sized up front: re-hashing as they grow costs more than the checks.
    let mut by_owner: HashMap<&Name, Vec<&LocatedRecord>> = map_with_capacity(records.len());
    for located in records {
        let owner = &located.record.owner;
        if !owner.is_subdomain_of(apex) {
            problems.push(at(
                located,
                Severity::Error,
                format!("{owner} is outside this zone ({apex}); every record must be at or below the apex"),
            ));
            continue;
        }
        by_owner.entry(owner).or_default().push(located);
    }

    let soas: Vec<&LocatedRecord> = records
        .iter()
        .filter(|l| l.record.rtype() == RType::SOA)
        .collect();
    for soa in &soas {
        if soa.record.owner != *apex {
            problems.push(at(
                soa,
                Severity::Error,
                format!(
                    "an SOA record belongs only at the zone's apex ({apex}), not at {}",
                    soa.record.owner
                ),
            ));
        }
    }
    let apex_records = by_owner.get(apex).cloned().unwrap_or_default();
    // A second SOA identical to the first is a duplicate record, merged
    // with a warning below (as BIND loads it); only a different one is a
    // second SOA.
    let apex_soas = distinct(apex_records.iter().copied(), RType::SOA);
    let zone_start = ZoneProblem {
        severity: Severity::Error,
        file: None,
        line: 1,
        col: 1,
        message: String::new(),
    };
    match apex_soas.as_slice() {
        [] => problems.push(ZoneProblem {
            message: format!(
                "the zone has no SOA record at its apex ({apex}); every zone starts with one (RFC 1035 §5.2)"
            ),
            ..zone_start.clone()
        }),
        [_] => {}
        [_, extra, ..] => problems.push(at(
            extra,
            Severity::Error,
            "a zone has exactly one SOA record; remove the extra one".to_string(),
        )),
    }
    if !apex_records.iter().any(|l| l.record.rtype() == RType::NS) {
        let anchor = apex_soas.first().map(|l| (l.line, l.col)).unwrap_or((1, 1));
        problems.push(ZoneProblem {
            line: anchor.0,
            col: anchor.1,
            message: format!(
                "the zone has no NS records at its apex ({apex}); a zone must name its own name servers (RFC 1034 §4.2.1)"
            ),
            ..zone_start
        });
    }

    // CNAMEs: never at the apex, never beside other data but their own
    // RRSIG and NSEC (RFC 1034 §3.6.2, RFC 2181 §10.1, RFC 4035 §2.5).
    // Only the owners with a CNAME are sorted (for a stable order): most have none.
    let mut aliased: Vec<(&Name, &Vec<&LocatedRecord>, Vec<&LocatedRecord>)> = by_owner
        .iter()
        .filter_map(|(owner, node)| {
            // Identical CNAMEs (in any case: names compare without it) are
            // one alias written twice, merged below as a duplicate record.
            let cnames = distinct(node.iter().copied(), RType::CNAME);
            (!cnames.is_empty()).then_some((*owner, node, cnames))
        })
        .collect();
    aliased.sort_by(|a, b| a.0.cmp(b.0));
    for (owner, node, cnames) in aliased {
        let first_cname = cnames[0];
        if *owner == *apex {
            problems.push(at(
                first_cname,
                Severity::Error,
                format!("a CNAME cannot be at the zone's apex ({apex}): the apex must hold the SOA and NS records, and a CNAME allows no other data (RFC 2181 §10.1)"),
            ));
        } else if cnames.len() > 1 {
            problems.push(at(
                cnames[1],
                Severity::Error,
                format!("{owner} has more than one CNAME; an alias points at exactly one name"),
            ));
        } else if let Some(other) = node.iter().find(|l| {
            let rtype = l.record.rtype();
            rtype != RType::CNAME && !rtype.may_sit_beside_cname()
        }) {
            problems.push(at(
                first_cname,
                Severity::Error,
                format!(
                    "{owner} has a CNAME and also {} data (line {}); a name with a CNAME can have no other records (RFC 1034 §3.6.2)",
                    other.record.rtype(),
                    other.line
                ),
            ));
        }
    }

    // DNAME: one per owner, and nothing below it (RFC 6672 §2.4). BIND
    // loads data below a DNAME and never serves it; NSD refuses the zone.
    let mut redirected: Vec<(&Name, &Vec<&LocatedRecord>)> = by_owner
        .iter()
        .filter(|(_, node)| node.iter().any(|l| l.record.rtype() == RType::DNAME))
        .map(|(owner, node)| (*owner, node))
        .collect();
    redirected.sort_by(|a, b| a.0.cmp(b.0));
    for (owner, node) in redirected {
        if let [_, second, ..] = distinct(node.iter().copied(), RType::DNAME).as_slice() {
            problems.push(at(
                second,
                Severity::Error,
                format!("{owner} has more than one DNAME; a name is redirected to exactly one place (RFC 6672 §2.4)"),
            ));
        }
    }
    for located in records {
        if let Some(dname) = zone.dname_above(&located.record.owner) {
            problems.push(at(
                located,
                Severity::Warning,
                format!(
                    "{} {} is below the DNAME at {}, which redirects every name under it, so this record is never served (NSD refuses such a zone; RFC 6672 §2.4)",
                    located.record.owner,
                    located.record.rtype(),
                    dname.owner
                ),
            ));
        }
    }

    // Data below a zone cut is occluded: servers refer instead of answering.
    // Address records for the cut's own name servers are glue and belong there.
    // Glue serves the zone's own name servers too: the root zone holds the
    // addresses of root servers named under a TLD it delegates.
    // A set: a TLD names the same provider hosts for thousands of cuts.
    let mut glue_hosts: HashSet<Name> = zone.apex_ns().iter().cloned().collect();
    for cut in zone.cuts() {
        glue_hosts.extend(zone.delegation_ns(cut));
    }
    for located in records {
        let record = &located.record;
        let Some(cut) = zone.cut_above(&record.owner) else {
            continue;
        };
        let is_delegation = record.owner == cut && record.rtype().belongs_at_cut();
        let is_glue = record.rtype().is_address() && glue_hosts.contains(&record.owner);
        if !is_delegation && !is_glue {
            problems.push(at(
                located,
                Severity::Warning,
                format!(
                    "{} {} is at or below the zone cut at {cut}, which is delegated with NS records; servers answer with a referral there, so this record is never served (occluded)",
                    record.owner,
                    record.rtype()
                ),
            ));
        }
    }

    // An RRset is a set with one TTL (RFC 2181 §5). Indexed, so a large
    // zone is checked in linear time: `first` holds the first record with
    // each owner and data, `ttls` the first record of each TTL an RRset has
    // used, in the order they appeared.
    let mut first: HashMap<(&Name, &RData), &LocatedRecord> = map_with_capacity(records.len());
    // RRSIGs make one RRset per type they cover (RFC 4034 §3).
    let mut ttls: HashMap<(&Name, RType, Option<u16>), Vec<&LocatedRecord>> =
        map_with_capacity(records.len());
    for located in records {
        let record = &located.record;
        if let Some(twin) = first.get(&(&record.owner, &record.data)) {
            problems.push(at(
                located,
                Severity::Warning,
                format!(
                    "duplicate record (the same {} as on line {}); a zone holds each record once, so this one is ignored",
                    record.rtype(),
                    twin.line
                ),
            ));
            continue;
        }
        first.insert((&record.owner, &record.data), located);
        let rrset_ttls = ttls
            .entry((&record.owner, record.rtype(), record.data.type_covered()))
            .or_default();
        if let Some(sibling) = rrset_ttls.iter().find(|s| s.record.ttl != record.ttl) {
            problems.push(at(
                located,
                Severity::Warning,
                format!(
                    "this {} record's TTL ({}) differs from the one on line {} ({}); an RRset has one TTL (RFC 2181 §5.2)",
                    record.rtype(),
                    record.ttl,
                    sibling.line,
                    sibling.record.ttl
                ),
            ));
        }
        if !rrset_ttls.iter().any(|s| s.record.ttl == record.ttl) {
            rrset_ttls.push(located);
        }
    }
}

/// The records of type `rtype` among `records`, each data once (the first
/// written): a record written twice is one record, which the duplicate
/// check warns about.
fn distinct<'r>(
    records: impl Iterator<Item = &'r LocatedRecord>,
    rtype: RType,
) -> Vec<&'r LocatedRecord> {
    let mut kept: Vec<&LocatedRecord> = Vec::new();
    for located in records.filter(|l| l.record.rtype() == rtype) {
        if !kept.iter().any(|k| k.record.data == located.record.data) {
            kept.push(located);
        }
    }
    kept
}
