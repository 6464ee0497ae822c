//! "DNS propagation": a dozen resolvers, each with its cache at a different
//! age, asked the same question while the clock runs.
//!
//! There is no propagation in DNS. Nothing is pushed from a zone's name
//! servers to the resolvers of the world: when you change a record, the
//! authoritative servers answer with the new data at once, and every
//! resolver that still holds the old data goes on handing it out until its
//! TTL runs out. A resolver keeps each RRset it learns for the TTL the
//! record carries, counted from the moment it learned it (RFC 1034 §4.3.5,
//! "the TTL field is a time limit on how long an RR can be kept in a cache";
//! one TTL per RRset, RFC 2181 §8 and §5.2). When the time is up the entry
//! is gone, and the next client who asks makes the resolver ask the
//! authoritative servers again: only then does it see the change.
//!
//! Resolvers last looked a name up at different moments, so their copies
//! expire at different moments. That is all a "propagation checker" shows:
//! a dozen public resolvers, some of which still hold the old answer and
//! some of which have asked again since the change. The longest wait is the
//! TTL the old data was published with, counted from the last time a
//! resolver fetched it. Lowering a TTL in advance shortens that wait; a
//! change made after the fact cannot recall copies already out there.
//!
//! What is cached is not only the answer:
//! - **Negative answers** are cached too (RFC 2308): a name that did not
//!   exist when a resolver asked keeps answering NXDOMAIN (or NODATA, for a
//!   missing type) for the lesser of the SOA record's TTL and its MINIMUM
//!   field (RFC 2308 §5), even after the name is added.
//! - **Delegations** are cached: the NS set of a zone and the addresses of
//!   its servers. After a name-server change at the registrar, a resolver
//!   whose answer expired asks the *old* servers it still remembers, and
//!   gets whatever they still serve, until the cached NS set expires too
//!   (often a day or two at the parent). That is why moving to a new DNS
//!   provider "takes 48 hours" and why the old provider must keep serving
//!   the zone until then.
//!
//! [`Propagation::prime`] builds the resolvers: each resolves the question
//! against the world as it is at the snapshot (the "before"), then ages its
//! own cache by how long ago it did so. [`Propagation::observe`] asks each
//! of them again against the world as it is now (the "after", possibly
//! edited) once `elapsed` seconds have passed, and compares each answer
//! with what a fresh resolver of the same kind, with an empty cache, gets.
//! [`Propagation::converged_at`] says when all of them agree.
//!
//! One simplification: each observation asks each resolver once, at that
//! moment, from what it had cached at the snapshot. A busy real resolver
//! that refetched the old answer from the old servers just before its
//! delegation expired would keep that copy up to one more TTL.
//!
//! Everything here is deterministic: resolvers are named and seeded by
//! their position, ages follow from the TTLs, and the clock is virtual.

use super::authority::Question;
use super::name::Name;
use super::record::{RData, RType, Record};
use super::resolver::{
    Cache, CacheHit, Event, Failure, Limit, Outcome, Preset, Resolution, ResolverConfig,
};
use super::scenario::World;
use std::fmt;

/// How many resolvers a propagation checker usually shows.
pub const DEFAULT_RESOLVERS: usize = 12;

/// The spread of ages when the question's answer is not cached at all
/// (SERVFAIL): an hour.
const FALLBACK_SPREAD: u64 = 3_600;

/// Where the fictional resolvers stand. The names are made up; the cities
/// only say that public resolvers are spread over the world.
const CITIES: [&str; 12] = [
    "Frankfurt",
    "São Paulo",
    "Tokyo",
    "Ashburn",
    "Sydney",
    "Mumbai",
    "Johannesburg",
    "Singapore",
    "London",
    "Toronto",
    "Stockholm",
    "Santiago",
];

/// What a resolver answers, as a propagation checker lists it: the data,
/// without TTLs, so that two answers compare equal when they say the same.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    /// The records asked for: `chain` holds the targets of the CNAMEs that
    /// led there, in order; `data` each record's data as text, sorted.
    Data { chain: Vec<Name>, data: Vec<String> },
    /// The name does not exist (after any CNAMEs in `chain`).
    NxDomain { chain: Vec<Name> },
    /// The name exists without records of the type asked for.
    NoData { chain: Vec<Name> },
    /// The resolver could not get an answer (the cause is in the outcome).
    ServFail,
}

impl Answer {
    /// The answer an outcome gives to a question of type `rtype`.
    pub fn of(outcome: &Outcome, rtype: RType) -> Answer {
        let mut chain = Vec::new();
        let mut data = Vec::new();
        for record in outcome.answer() {
            match &record.data {
                RData::CNAME(target) if rtype != RType::CNAME => chain.push(target.clone()),
                other => data.push(other.to_text()),
            }
        }
        data.sort();
        data.dedup();
        match outcome {
            Outcome::Answer { .. } => Answer::Data { chain, data },
            // YXDOMAIN: the name a DNAME makes cannot exist.
            Outcome::NXDomain { .. } | Outcome::YXDomain { .. } => Answer::NxDomain { chain },
            Outcome::NoData { .. } => Answer::NoData { chain },
            Outcome::ServFail { .. } => Answer::ServFail,
        }
    }

    /// The CNAME targets that led to the answer.
    pub fn chain(&self) -> &[Name] {
        match self {
            Answer::Data { chain, .. } | Answer::NxDomain { chain } | Answer::NoData { chain } => {
                chain
            }
            Answer::ServFail => &[],
        }
    }
}

impl fmt::Display for Answer {
    /// `198.51.100.80`, `CNAME example.test. → 198.51.100.80`, `NXDOMAIN`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for target in self.chain() {
            write!(f, "CNAME {target} → ")?;
        }
        match self {
            Answer::Data { data, .. } => f.write_str(&data.join(", ")),
            Answer::NxDomain { .. } => f.write_str("NXDOMAIN"),
            Answer::NoData { .. } => f.write_str("NODATA"),
            Answer::ServFail => f.write_str("SERVFAIL"),
        }
    }
}

/// How a resolver came by the answer it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// From its cache, without asking any server: the data it cached may
    /// be out of date, and it will not look again until the TTL runs out.
    Cache,
    /// The answer had expired, so it asked again, starting from the name
    /// servers of `zone` that it still had cached (with `ns_ttl_left`
    /// seconds to go): after a name-server change, those are the old ones.
    CachedDelegation { zone: Name, ns_ttl_left: u32 },
    /// Nothing useful was cached: it started from the root hints.
    RootHints,
}

/// One resolver of the checker, as it was at the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrimedResolver {
    /// "Resolver A (Unbound-like, Frankfurt)".
    pub name: String,
    pub preset: Preset,
    /// The preset's configuration with this resolver's own seed.
    pub config: ResolverConfig,
    /// How many seconds before the snapshot it last resolved the question.
    pub age: u64,
    /// What it got then, from the world as it was.
    pub cached: Answer,
    cache: Cache,
}

impl PrimedResolver {
    /// Its cache at the snapshot (already aged by [`PrimedResolver::age`]).
    pub fn cache(&self) -> &Cache {
        &self.cache
    }
}

/// What one resolver answers at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observation {
    /// Its position in [`Propagation::resolvers`].
    pub resolver: usize,
    pub name: String,
    pub preset: Preset,
    pub answer: Answer,
    /// The whole outcome, with TTLs and any SERVFAIL cause.
    pub outcome: Outcome,
    pub via: Via,
    /// Seconds until the answer leaves its cache and it asks again; `None`
    /// when the answer is not cached (SERVFAIL).
    pub ttl_left: Option<u32>,
    /// What a fresh resolver of the same kind (same preset and seed, empty
    /// cache) gets from the world now.
    pub fresh: Answer,
    /// The answer is the one a fresh resolver gets.
    pub up_to_date: bool,
}

impl Observation {
    /// The answer came from the cache, with no query sent.
    pub fn from_cache(&self) -> bool {
        self.via == Via::Cache
    }
}

/// A propagation checker's resolvers, primed at a snapshot of the world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Propagation {
    question: Question,
    resolvers: Vec<PrimedResolver>,
    spread: u64,
}

impl Propagation {
    /// `count` resolvers, each of which resolved `question` against `world`
    /// (the world before any change) some time ago: their ages are spread
    /// evenly over `spread` seconds, in a shuffled order. Without a
    /// `spread`, it is one and a quarter times the TTL of the cached answer,
    /// so most resolvers still hold it and a few have already let it go.
    /// Presets alternate (Unbound-like, BIND-like) and each resolver has
    /// its own seed.
    pub fn prime(
        world: &World,
        question: &Question,
        count: usize,
        spread: Option<u64>,
    ) -> Propagation {
        let fetched: Vec<(String, Preset, ResolverConfig, Outcome, Cache)> = (0..count)
            .map(|i| {
                let preset = if i % 2 == 0 {
                    Preset::UnboundLike
                } else {
                    Preset::BindLike
                };
                let config = ResolverConfig::preset(preset).with_seed(i as u64 + 1);
                let name = format!(
                    "Resolver {} ({preset}, {})",
                    letters(i),
                    CITIES[i % CITIES.len()]
                );
                let (outcome, cache, _) = resolve(world, question, config, Cache::new());
                (name, preset, config, outcome, cache)
            })
            .collect();
        let spread = spread.unwrap_or_else(|| {
            fetched
                .iter()
                .filter_map(|(_, _, config, outcome, _)| answer_ttl(outcome, config))
                .max()
                .map_or(FALLBACK_SPREAD, |ttl| u64::from(ttl) * 5 / 4)
        });
        let stride = stride(count);
        let resolvers = fetched
            .into_iter()
            .enumerate()
            .map(|(i, (name, preset, config, outcome, mut cache))| {
                let slot = (i * stride) % count;
                let age = spread * slot as u64 / count as u64;
                cache.advance(age);
                PrimedResolver {
                    name,
                    preset,
                    config,
                    age,
                    cached: Answer::of(&outcome, question.rtype),
                    cache,
                }
            })
            .collect();
        Propagation {
            question: question.clone(),
            resolvers,
            spread,
        }
    }

    pub fn question(&self) -> &Question {
        &self.question
    }

    pub fn resolvers(&self) -> &[PrimedResolver] {
        &self.resolvers
    }

    /// The span the resolvers' ages cover, in seconds.
    pub fn spread(&self) -> u64 {
        self.spread
    }

    /// Each resolver asked the question `elapsed` seconds after the
    /// snapshot, against `world` as it is now.
    pub fn observe(&self, world: &World, elapsed: u64) -> Vec<Observation> {
        let fresh = self.fresh_answers(world);
        self.observe_with(world, elapsed, &fresh)
    }

    /// What a fresh resolver of each kind gets from `world`, in resolver
    /// order.
    pub fn fresh_answers(&self, world: &World) -> Vec<Answer> {
        self.resolvers
            .iter()
            .map(|r| {
                let (outcome, _, _) = resolve(world, &self.question, r.config, Cache::new());
                Answer::of(&outcome, self.question.rtype)
            })
            .collect()
    }

    fn observe_with(&self, world: &World, elapsed: u64, fresh: &[Answer]) -> Vec<Observation> {
        self.resolvers
            .iter()
            .zip(fresh)
            .enumerate()
            .map(|(index, (r, fresh))| self.observe_one(world, elapsed, index, r, fresh))
            .collect()
    }

    fn observe_one(
        &self,
        world: &World,
        elapsed: u64,
        index: usize,
        resolver: &PrimedResolver,
        fresh: &Answer,
    ) -> Observation {
        let mut cache = resolver.cache.clone();
        cache.advance(elapsed);
        let (outcome, _, via) = resolve(world, &self.question, resolver.config, cache);
        let answer = Answer::of(&outcome, self.question.rtype);
        Observation {
            resolver: index,
            name: resolver.name.clone(),
            preset: resolver.preset,
            up_to_date: answer == *fresh,
            answer,
            ttl_left: answer_ttl(&outcome, &resolver.config),
            outcome,
            via,
            fresh: fresh.clone(),
        }
    }

    /// The seconds after the snapshot from which every resolver gives the
    /// same answer as a fresh one, for `world` as it is now; `None` when
    /// they still disagree once everything they cached at the snapshot has
    /// expired (servers of one zone that answer differently, say).
    ///
    /// A resolver's cache changes only when an entry expires, so between two
    /// expiry times every resolver answers the same: the candidates are the
    /// expiry times (and 0), each checked with [`Propagation::observe`],
    /// from the last one down.
    pub fn converged_at(&self, world: &World) -> Option<u64> {
        let fresh = self.fresh_answers(world);
        let mut times: Vec<u64> = self
            .resolvers
            .iter()
            .flat_map(|r| r.cache.rows())
            .map(|row| u64::from(row.ttl_left))
            .collect();
        times.push(0);
        times.sort_unstable();
        times.dedup();
        let mut converged = None;
        for &time in times.iter().rev() {
            let all = self
                .resolvers
                .iter()
                .zip(&fresh)
                .enumerate()
                .all(|(i, (r, fresh))| self.observe_one(world, time, i, r, fresh).up_to_date);
            if !all {
                break;
            }
            converged = Some(time);
        }
        converged
    }
}

/// Runs a resolution to its end: the outcome, the cache it leaves, and how
/// it began.
fn resolve(
    world: &World,
    question: &Question,
    config: ResolverConfig,
    cache: Cache,
) -> (Outcome, Cache, Via) {
    let mut resolution = Resolution::with_cache(question.clone(), config, cache);
    let steps = resolution.run(world);
    let outcome = resolution
        .outcome()
        .cloned()
        .unwrap_or(Outcome::failed(Failure::LimitReached(Limit::Queries)));
    let via = if resolution.budget().queries == 0 {
        Via::Cache
    } else {
        steps
            .iter()
            .filter(|s| s.depth == 0)
            .find_map(|s| match &s.event {
                Event::CacheHit(CacheHit::Delegation { cut, ns, .. }) => {
                    Some(Via::CachedDelegation {
                        zone: cut.clone(),
                        ns_ttl_left: min_ttl(ns).unwrap_or(0),
                    })
                }
                _ => None,
            })
            .unwrap_or(Via::RootHints)
    };
    (outcome, resolution.into_cache(), via)
}

/// How long `outcome` stays cached by a resolver with `config`: the least
/// TTL in the answer (CNAMEs included), and for a negative answer the
/// negative TTL of RFC 2308 §5, the lesser of the SOA's TTL and MINIMUM.
/// An answer from the cache carries the TTL left, so this is "when it
/// asks again". `None` for SERVFAIL, which is not cached here.
pub fn answer_ttl(outcome: &Outcome, config: &ResolverConfig) -> Option<u32> {
    let chain = min_ttl(outcome.answer()).map(|ttl| ttl.min(config.max_cache_ttl));
    let negative = |soa: &Option<Record>| {
        soa.as_ref().map(|soa| {
            let minimum = match &soa.data {
                RData::SOA(s) => s.minimum,
                _ => soa.ttl,
            };
            soa.ttl.min(minimum).min(config.max_negative_ttl)
        })
    };
    let own = match outcome {
        Outcome::Answer { .. } | Outcome::YXDomain { .. } => None,
        Outcome::NXDomain { soa, .. } | Outcome::NoData { soa, .. } => negative(soa),
        Outcome::ServFail { .. } => return None,
    };
    match (chain, own) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn min_ttl(records: &[Record]) -> Option<u32> {
    records.iter().map(|r| r.ttl).min()
}

/// "A", "B", … "Z", "AA", "AB", …: spreadsheet column letters.
fn letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

/// A step coprime with `count`, so that `i * stride % count` visits every
/// slot once: the ages come out shuffled, not in table order.
fn stride(count: usize) -> usize {
    [5, 7, 11, 13]
        .into_iter()
        .find(|&s| gcd(s, count) == 1)
        .unwrap_or(1)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(11), "L");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
    }

    #[test]
    fn the_stride_visits_every_slot() {
        for count in 1..40 {
            let s = stride(count);
            let mut slots: Vec<usize> = (0..count).map(|i| i * s % count).collect();
            slots.sort_unstable();
            assert_eq!(slots, (0..count).collect::<Vec<_>>(), "count {count}");
        }
    }
}
