//! What every check asks of the world, computed once: how resolving into
//! each zone goes, now and later, and what the world says about each name
//! server host name.

use super::Severity;
use crate::sim::authority::Question;
use crate::sim::hash::HashMap;
use crate::sim::hierarchy::{Hierarchy, ZoneId};
use crate::sim::name::Name;
use crate::sim::prose::duration;
use crate::sim::record::{RType, Record};
use crate::sim::resolver::{Outcome, Resolution, ResolverConfig};
use crate::sim::scenario::World;
use crate::sim::zone::Zone;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::rc::Rc;

/// How resolving into a zone goes under each preset: the ground truth for
/// severities. `unbound` and `bind` are the first lookup, `apex SOA` from an
/// empty cache; `later` is the next lookup of a name not yet cached, once the
/// resolver holds what the first answer brought (the zone's own NS set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Reachability {
    pub(super) unbound: bool,
    pub(super) bind: bool,
    pub(super) later: Works,
    /// Where the first lookup did not fail but got no answer from the zone:
    /// a server that does not hold it answered NODATA or NXDOMAIN, and the
    /// resolver believed it.
    pub(super) misled: Works,
    /// The zone's shortest TTL: by then some cached answer has run out.
    pub(super) soonest_expiry: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Works {
    pub(super) unbound: bool,
    pub(super) bind: bool,
}

impl Reachability {
    pub(super) fn severity(self) -> Severity {
        if self.works() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    pub(super) fn works_now(self) -> bool {
        self.unbound && self.bind
    }

    /// Under both presets, now and later.
    pub(super) fn works(self) -> bool {
        self.works_now() && self.later.unbound && self.later.bind
    }

    /// What happens when lookups fail from the start: a wrong answer for
    /// resolvers a server misled, SERVFAIL for the rest.
    pub(super) fn fails_now(self, apex: &Name) -> String {
        let who = match (self.misled.unbound, self.misled.bind) {
            (true, true) => Some("Resolvers"),
            (true, false) => Some("Unbound-like resolvers"),
            (false, true) => Some("BIND-like resolvers"),
            (false, false) => None,
        };
        match who {
            Some(who) => format!(
                "{who} can get a wrong answer: a server that does not hold {} answers for it (no data, or no such name) in place of the zone's own servers.",
                apex.prose()
            ),
            None => format!(
                "No listed server answers authoritatively for {}: resolution ends in SERVFAIL (Extended DNS Error 22, No Reachable Authority).",
                apex.prose()
            ),
        }
    }

    /// What happens when lookups work at first and fail later, said once
    /// for every finding it applies to; `None` otherwise.
    pub(super) fn fails_later(self, apex: &Name) -> Option<String> {
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
            duration(u64::from(self.soonest_expiry))
        ))
    }
}

/// The facts every check shares, computed once.
pub(super) struct Facts<'w> {
    pub(super) world: &'w World,
    pub(super) hierarchy: &'w Hierarchy,
    pub(super) reachability: BTreeMap<Name, Reachability>,
    /// What the world says about each NS host name. A provider's few names
    /// serve thousands of zones, so each is looked up once.
    pub(super) hosts: HashMap<Name, Rc<HostFacts<'w>>>,
}

/// What the world says about one name server host name.
pub(super) struct HostFacts<'w> {
    /// The zone whose data holds the name, if any.
    pub(super) zone: Option<&'w Zone>,
    /// Its CNAME record, when the name is an alias.
    pub(super) alias: Option<Record>,
    /// Its A and AAAA addresses in that zone.
    pub(super) addresses: Vec<IpAddr>,
    /// The deepest zone node (defined or only delegated) above the name.
    pub(super) closest_zone: Option<ZoneId>,
}

impl<'w> Facts<'w> {
    /// Whether resolving `apex SOA` succeeds under both presets (cached).
    pub(super) fn reachability(&mut self, apex: &Name) -> Reachability {
        if let Some(r) = self.reachability.get(apex) {
            return *r;
        }
        let answered = |resolution: &Resolution| {
            !matches!(resolution.outcome(), Some(Outcome::ServFail { .. }) | None)
        };
        // The zone itself answered: its SOA, not an NXDOMAIN from a parent
        // that no longer leads to it.
        let reached = |resolution: &Resolution| {
            matches!(
                resolution.outcome(),
                Some(Outcome::Answer { answer })
                    if answer.iter().any(|r| r.owner == *apex && r.rtype() == RType::SOA)
            )
        };
        // A name no one has asked for, so its lookup must go to the zone's
        // servers with whatever NS set the first lookup left in the cache.
        let unasked = apex.child(b"dns-lab-unasked").ok();
        let works = |config: ResolverConfig| {
            let question = Question::new(apex.clone(), RType::SOA);
            let mut first = Resolution::new(question, config);
            first.run(self.world);
            let now = reached(&first);
            let misled = !now && answered(&first);
            let later = unasked.clone().is_none_or(|name| {
                let mut next = Resolution::with_cache(
                    Question::new(name, RType::A),
                    config,
                    first.into_cache(),
                );
                next.run(self.world);
                answered(&next)
            });
            (now, later, misled)
        };
        let (unbound, unbound_later, unbound_misled) = works(ResolverConfig::unbound_like());
        let (bind, bind_later, bind_misled) = works(ResolverConfig::bind_like());
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
            misled: Works {
                unbound: unbound_misled,
                bind: bind_misled,
            },
            soonest_expiry,
        };
        self.reachability.insert(apex.clone(), r);
        r
    }

    /// The zone whose data is authoritative for `name`: the deepest defined
    /// zone containing it, unless `name` lies below one of its cuts.
    pub(super) fn authoritative_zone(&self, name: &Name) -> Option<&'w Zone> {
        let zone = name.ancestors().find_map(|a| self.world.zone(&a))?;
        zone.cut_above(name).is_none().then_some(zone)
    }

    pub(super) fn host(&mut self, host: &Name) -> Rc<HostFacts<'w>> {
        if let Some(facts) = self.hosts.get(host) {
            return Rc::clone(facts);
        }
        let zone = self.authoritative_zone(host);
        let records = zone.map_or(&[][..], |z| z.records_at(host));
        let facts = Rc::new(HostFacts {
            zone,
            alias: records.iter().find(|r| r.rtype() == RType::CNAME).cloned(),
            addresses: records.iter().filter_map(|r| r.data.address()).collect(),
            closest_zone: self.hierarchy.closest_zone(host),
        });
        self.hosts.insert(host.clone(), Rc::clone(&facts));
        facts
    }
}

/// Where a resolver may look for `host`: its glue, then its own addresses.
pub(super) fn addresses_of(facts: &mut Facts<'_>, host: &Name, glue: &[Record]) -> Vec<IpAddr> {
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
