//! How resolving into each zone of a world goes, as the one-truth and
//! fix properties judge it.

use dns_lab::sim::authority::Question;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Outcome, Resolution, ResolverConfig};
use dns_lab::sim::scenario::World;
use std::collections::BTreeSet;

/// Each (zone, preset, later) for which resolving into the zone works: its
/// apex SOA answered from an empty cache (an NXDOMAIN from a parent that
/// does not delegate it is no answer from the zone), and then a name not
/// yet asked for, with the cache that first lookup left, not a SERVFAIL.
pub fn working(world: &World) -> BTreeSet<(Name, &'static str, bool)> {
    let mut works = BTreeSet::new();
    for zone in world.zones() {
        let apex = zone.apex().clone();
        for (preset, config) in [
            ("unbound", ResolverConfig::unbound_like()),
            ("bind", ResolverConfig::bind_like()),
        ] {
            let mut first = Resolution::new(Question::new(apex.clone(), RType::SOA), config);
            first.run(world);
            let answered = matches!(
                first.outcome(),
                Some(Outcome::Answer { answer }) if answer.iter().any(|r| r.owner == apex && r.rtype() == RType::SOA)
            );
            if !answered {
                continue;
            }
            works.insert((apex.clone(), preset, false));
            let Ok(unasked) = apex.child(b"dns-lab-unasked") else {
                continue;
            };
            let mut next = Resolution::with_cache(
                Question::new(unasked, RType::A),
                config,
                first.into_cache(),
            );
            next.run(world);
            if !matches!(next.outcome(), Some(Outcome::ServFail { .. }) | None) {
                works.insert((apex.clone(), preset, true));
            }
        }
    }
    works
}
