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

mod cycles;
mod delegation;
mod dnssec;
mod facts;
mod glue;
mod name_servers;
mod remedy;
mod zone_data;

use super::finding::{EdgeRef, Finding, FindingKind, Severity};
use super::fix::Fix;
use super::hierarchy::Hierarchy;
use super::name::Name;
use super::prose::and_list;
pub(super) use super::prose::capitalised;
use super::scenario::World;
use crate::sim::hash::HashMap;
pub use dnssec::{Dnssec, LARGEST_ZONE_RESIGNED_IN_A_FIX};
use facts::Facts;
use std::collections::BTreeMap;
use std::net::IpAddr;

impl Finding {
    pub(super) fn new(
        kind: FindingKind,
        severity: Severity,
        zones: Vec<Name>,
        title: String,
    ) -> Finding {
        Finding {
            kind,
            severity,
            zones,
            servers: Vec::new(),
            records: Vec::new(),
            edges: Vec::new(),
            title,
            consequence: String::new(),
            fix: Fix {
                explanation: String::new(),
                edits: Vec::new(),
            },
        }
    }

    pub(super) fn because(mut self, consequence: String, fix: Fix) -> Finding {
        self.consequence = consequence;
        self.fix = fix;
        self
    }
}

pub(super) fn names(list: &[Name]) -> String {
    and_list(&list.iter().map(Name::prose).collect::<Vec<_>>())
}

/// Every finding for `world`, most severe first, then by zone; without
/// the DNSSEC checks, which need the cryptography ([`diagnose_with`]).
pub fn diagnose(world: &World) -> Vec<Finding> {
    diagnose_with(world, &Hierarchy::build(world), None)
}

/// [`diagnose`], given the world's hierarchy when the caller has built it
/// already (the app draws it anyway), and with the DNSSEC checks when
/// `dnssec` gives the cryptography and the clock.
pub fn diagnose_with(
    world: &World,
    hierarchy: &Hierarchy,
    dnssec: Option<&Dnssec>,
) -> Vec<Finding> {
    let mut facts = Facts {
        world,
        hierarchy,
        reachability: BTreeMap::new(),
        hosts: HashMap::default(),
    };
    let mut findings = Vec::new();
    delegation::delegations(&mut facts, &mut findings);
    cycles::cycles(&mut facts, &mut findings);
    name_servers::undelegated_names_without_address(&mut facts, &mut findings);
    zone_data::zone_data(&facts, &mut findings);
    if let Some(context) = dnssec {
        dnssec::dnssec(&facts, context, &mut findings);
    }
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.zones.cmp(&b.zones))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    findings
}

pub(super) fn union(a: &[Name], b: &[Name]) -> Vec<Name> {
    let mut all: Vec<Name> = a.to_vec();
    for name in b {
        if !all.contains(name) {
            all.push(name.clone());
        }
    }
    all
}

pub(super) fn with_edge(mut finding: Finding, edge: &EdgeRef) -> Finding {
    finding.edges.push(edge.clone());
    finding
}

pub(super) fn join<'a>(addresses: impl IntoIterator<Item = &'a IpAddr>) -> String {
    addresses
        .into_iter()
        .map(IpAddr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
