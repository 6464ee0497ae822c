//! Iterative resolution, one query at a time.
//!
//! A recursive resolver answers a client's question by asking authoritative
//! servers itself, following RFC 1034 §5.3.3:
//!
//! 1. Look in the cache: an answer, a negative answer, or an alias may be
//!    there already.
//! 2. Find the best servers to ask: the closest delegation above the name
//!    that the cache holds, or else the root servers from the hints.
//! 3. Pick a server address and send the query.
//! 4. Read the response ([`classify`]): an answer or a negative answer ends
//!    the work; a referral to a closer zone replaces the servers (go to 3); a
//!    CNAME into another zone restarts at its target (go to 1); a lame server
//!    or a timeout means trying the next server.
//!
//! A referral names servers, but a resolver needs addresses. Glue in the
//! referral gives them for in-domain and sibling names; for any other name
//! the resolver starts a nested resolution of the name server's address
//! first, and those can nest again. When every name in a chain of such
//! look-ups waits on another, the delegation is circular and nothing can
//! break the loop but glue; the resolver detects that (Unbound's
//! `causes_cycle`) and says which zones and names form the cycle.
//!
//! Every resolution ends, however the world is configured, because it counts
//! its work against [`Limits`] named after real resolvers' limits, and it
//! always ends in an [`Outcome`]: an answer, NXDOMAIN, NODATA, or SERVFAIL
//! with a [`Failure`] that says why, in the terms of RFC 8914 where one fits.
//!
//! A validating resolver (RFC 4035 §5) also checks what it is told before
//! it answers: [`validation`] fetches and checks the keys of every zone on
//! the way, and judges the answer secure, insecure, bogus or indeterminate.
//!
//! A [`Resolution`] is a state machine: [`Resolution::step`] performs one
//! visible step (a query and its response, a cache hit, the start of a nested
//! look-up, a server skipped, a conclusion) and returns a [`Step`] that says
//! what happened and why. It owns a copy of the cache and a seeded random
//! generator, so replaying from the start gives the same steps: stepping
//! back is replaying to the step before.

mod answer;
mod cache;
mod classify;
mod config;
mod exchange;
pub mod explain;
mod referral;
mod rng;
mod servers;
mod step;
pub mod trace;
pub mod validation;

use super::zone::NsSide;
pub use cache::{Cache, CacheRow, CachedAnswer, CachedRRset, Credibility, NegativeEntry, Source};
pub use classify::{
    Chain, Classification, GlueVerdict, LameReason, classify, follow_chain, judge_glue,
};
pub use config::{
    Limit, Limits, NsAliasPolicy, NsSetPolicy, Preset, ResolverConfig, ServerSelection,
};

use super::authority::{self, Message, Question, Rcode};
use super::dnssec::Cryptography;
use super::dnssec::validate::Security;
use super::name::{Name, NsHostRelation};
use super::record::{RData, RType, Record};
use super::scenario::World;
use exchange::*;
use rng::SeededRng;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::IpAddr;
use std::rc::Rc;
pub use step::*;
pub use validation::{BOGUS_TTL, Check, DsOutcome, KeysOutcome, Trust};
use validation::{Fetched, Held, HeldNext, Verifier};

/// A name server of the zone being asked.
#[derive(Clone, Debug)]
struct Candidate {
    host: Name,
    addresses: Vec<(IpAddr, AddressSource)>,
    state: CandidateState,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum CandidateState {
    /// Has addresses (or needs a look-up when it has none).
    Usable,
    LookingUp,
    Failed,
}

/// The servers of one zone, and what asking them has taught so far.
#[derive(Clone, Debug)]
struct ServerList {
    zone: Name,
    source: ServerSource,
    candidates: Vec<Candidate>,
    /// Addresses that failed (lame or silent) for this zone.
    failed: Vec<IpAddr>,
    attempts: Vec<Attempt>,
    /// Under QNAME minimisation, how many labels of the name to send;
    /// `None` sends the whole name.
    revealed: Option<usize>,
    minimise_steps: u32,
    /// Where round-robin selection starts.
    rotation: usize,
}

#[derive(Clone, Debug)]
enum Phase {
    Start,
    Servers(ServerList),
    /// A reply held until the validator has judged it.
    Validating(Box<Held>),
    Finished(Outcome),
}

/// Whom a (sub-)resolution works for.
#[derive(Clone, Debug)]
enum Purpose {
    Client,
    /// The address of `host`, a name server of `zone`.
    Address {
        zone: Name,
        host: Name,
    },
    /// A DNSKEY or DS RRset the validator needs.
    Validation,
}

#[derive(Clone, Debug)]
struct Task {
    purpose: Purpose,
    /// The name being resolved now (changes at each CNAME) and the type.
    question: Question,
    /// CNAMEs followed so far.
    chain: Vec<Record>,
    phase: Phase,
    /// The least secure part validated so far (RFC 4035 §4.3): a CNAME
    /// chain is as secure as its weakest link.
    security: Security,
}

/// A guard against a bug looping between silent transitions; every real
/// transition is bounded by the limits.
const MAX_SILENT_TRANSITIONS: usize = 64;

/// One client question being resolved, step by step.
#[derive(Clone, Debug)]
pub struct Resolution {
    question: Question,
    config: ResolverConfig,
    cache: Cache,
    rng: SeededRng,
    tasks: Vec<Task>,
    budget: Budget,
    steps: usize,
    done: Option<Step>,
    /// What validation verifies signatures with; without it, nothing can
    /// be judged secure.
    verifier: Option<Verifier>,
    /// Replies to the validator's DNSKEY and DS look-ups, by question.
    fetched: BTreeMap<(Name, RType), Fetched>,
    /// Zones whose keys this resolution judged itself.
    judged: BTreeSet<Name>,
    /// How validation judged the client's answer, once it has.
    security: Option<Security>,
    /// Queries set the DO bit (RFC 3225): always when validating, and for
    /// a client that asks for DNSSEC records (`dig +dnssec`).
    dnssec_ok: bool,
}

impl Resolution {
    /// A resolution with an empty cache at time zero.
    pub fn new(question: Question, config: ResolverConfig) -> Resolution {
        Resolution::with_cache(question, config, Cache::new())
    }

    /// A resolution that starts from `cache` (a copy: the caller keeps the
    /// original and may take the updated one from [`Resolution::cache`]).
    pub fn with_cache(question: Question, config: ResolverConfig, cache: Cache) -> Resolution {
        Resolution {
            tasks: vec![Task {
                purpose: Purpose::Client,
                question: question.clone(),
                chain: Vec::new(),
                phase: Phase::Start,
                security: Security::Secure,
            }],
            question,
            rng: SeededRng::new(config.seed),
            config,
            cache,
            budget: Budget::default(),
            steps: 0,
            done: None,
            verifier: None,
            fetched: BTreeMap::new(),
            judged: BTreeSet::new(),
            security: None,
            dnssec_ok: config.validation,
        }
    }

    /// Sets the DO bit on every query, validating or not, so the DNSSEC
    /// records reach the cache for a client that wants them.
    pub fn asking_for_dnssec(mut self) -> Resolution {
        self.dnssec_ok = true;
        self
    }

    /// Verifies signatures with `crypto` when the configuration validates.
    pub fn validating_with(mut self, crypto: Rc<dyn Cryptography>) -> Resolution {
        self.verifier = Some(Verifier(crypto));
        self
    }

    /// How validation judged the answer: `None` while running, or when the
    /// resolver does not validate, or failed for another reason.
    pub fn security(&self) -> Option<&Security> {
        self.security.as_ref()
    }

    pub fn question(&self) -> &Question {
        &self.question
    }

    pub fn config(&self) -> &ResolverConfig {
        &self.config
    }

    /// The cache as this resolution has left it so far.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    pub fn into_cache(self) -> Cache {
        self.cache
    }

    pub fn budget(&self) -> Budget {
        self.budget
    }

    pub fn is_done(&self) -> bool {
        self.done.is_some()
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.done.as_ref()?.event {
            Event::Done(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// The zone whose servers the resolver is working through, and the
    /// names of those it has not given up on yet; `None` while it has no
    /// servers in hand (before it has looked in its cache, and once done).
    /// A finished look-up hands its result to the task below it, whose
    /// servers are then the ones in hand.
    pub fn servers_in_hand(&self) -> Option<(&Name, Vec<&Name>)> {
        let task = self
            .tasks
            .iter()
            .rev()
            .find(|task| !matches!(task.phase, Phase::Finished(_)))?;
        match &task.phase {
            Phase::Servers(list) => Some((
                &list.zone,
                list.candidates
                    .iter()
                    .filter(|c| c.state != CandidateState::Failed)
                    .map(|c| &c.host)
                    .collect(),
            )),
            _ => None,
        }
    }

    /// Steps until the end and returns every step.
    pub fn run(&mut self, world: &World) -> Vec<Step> {
        let mut steps = Vec::new();
        while !self.is_done() {
            steps.push(self.step(world));
        }
        steps
    }

    /// Performs the next step. Once the resolution is done, it returns the
    /// final step again.
    pub fn step(&mut self, world: &World) -> Step {
        if let Some(done) = &self.done {
            return done.clone();
        }
        for _ in 0..MAX_SILENT_TRANSITIONS {
            // A step belongs to the task that takes it, as that task was
            // before the step: a query answered with a CNAME is the query
            // for the name asked, not for the target the task restarts at,
            // and a look-up is its caller's decision, shown at the caller's
            // depth.
            let top = self.tasks.len().saturating_sub(1);
            let task = self.tasks.get(top).map(|t| t.question.clone());
            if let Some(event) = self.advance(world) {
                // The answer to the client answers the client's question.
                let task = match event {
                    Event::Done(_) => self.question.clone(),
                    _ => task.unwrap_or_else(|| self.question.clone()),
                };
                return self.record(top, task, event);
            }
        }
        // Only a bug could get here; end the resolution rather than loop.
        let outcome = Outcome::failed(Failure::LimitReached(Limit::Queries));
        self.record(0, self.question.clone(), Event::Done(outcome))
    }

    fn record(&mut self, depth: usize, task: Question, event: Event) -> Step {
        let security = match event {
            Event::Done(_) => self.security.clone(),
            _ => None,
        };
        let step = Step {
            index: self.steps,
            depth,
            task,
            event,
            budget: self.budget,
            limits: self.config.limits,
            security,
        };
        self.steps += 1;
        if matches!(step.event, Event::Done(_)) {
            self.done = Some(step.clone());
        }
        step
    }

    /// One transition; `None` when it is not worth a step of its own.
    fn advance(&mut self, world: &World) -> Option<Event> {
        let task = self.tasks.last_mut()?;
        match &task.phase {
            Phase::Finished(_) => self.finish_task(),
            Phase::Start => self.start(world),
            Phase::Servers(_) => self.next_server(world),
            Phase::Validating(_) => self.validate_held(world),
        }
    }

    fn top(&mut self) -> &mut Task {
        self.tasks
            .last_mut()
            .expect("a resolution has a task until done")
    }

    /// Pops a finished task: the client's ends the resolution; a look-up's
    /// gives its result to the server list that waits for it.
    fn finish_task(&mut self) -> Option<Event> {
        let task = self.tasks.pop()?;
        let Phase::Finished(outcome) = task.phase else {
            return None;
        };
        if let Purpose::Validation = task.purpose {
            self.fetch_failed(&task.question);
            return None;
        }
        let Purpose::Address { host, .. } = task.purpose else {
            let validated = self.config.validation
                && !matches!(&outcome, Outcome::ServFail { failure, .. } if !matches!(failure, Failure::Bogus(_)));
            if validated {
                self.security = Some(task.security.clone());
            }
            self.tasks.push(Task {
                phase: Phase::Finished(outcome.clone()),
                ..task
            });
            return Some(Event::Done(outcome));
        };
        let addresses: Vec<IpAddr> = outcome
            .answer()
            .iter()
            .filter_map(|r| r.data.address())
            .collect();
        let list = match &mut self.top().phase {
            Phase::Servers(list) => list,
            _ => return None,
        };
        for candidate in list.candidates.iter_mut().filter(|c| c.host == host) {
            if addresses.is_empty() {
                candidate.state = CandidateState::Failed;
            } else {
                candidate.state = CandidateState::Usable;
                candidate.addresses = addresses
                    .iter()
                    .map(|a| (*a, AddressSource::LookedUp))
                    .collect();
            }
        }
        if addresses.is_empty() {
            let problem = match outcome {
                Outcome::ServFail {
                    failure: Failure::Cycle(cycle),
                    ..
                } => ServerProblem::Cycle(cycle),
                Outcome::ServFail {
                    failure: Failure::LimitReached(limit),
                    ..
                } => ServerProblem::Limit(limit),
                Outcome::ServFail {
                    failure: Failure::NsAlias { target, .. },
                    ..
                } => ServerProblem::AliasSkipped { target },
                Outcome::ServFail { failure, .. } => ServerProblem::NoAddress(Box::new(failure)),
                Outcome::NXDomain { .. } | Outcome::YXDomain { .. } => {
                    ServerProblem::NameDoesNotExist
                }
                Outcome::NoData { .. } | Outcome::Answer { .. } => ServerProblem::NoAddressRecords,
            };
            list.attempts.push(Attempt {
                host,
                address: None,
                problem,
            });
        }
        None
    }

    /// Step 1 and 2 of RFC 1034 §5.3.3: the cache, then the best servers.
    fn start(&mut self, world: &World) -> Option<Event> {
        let now = self.cache.now();
        let config = self.config;
        let question = self.top().question.clone();
        let purpose = self.top().purpose.clone();
        // The validator fetches keys and DS records with their signatures,
        // which the answer cache does not keep; and a validating resolver
        // answers its client only from data it has validated.
        let validating_client = config.validation && matches!(purpose, Purpose::Client);
        let cached = match purpose {
            Purpose::Validation => None,
            _ => self
                .cache
                .answer(&question.name, question.rtype, config.nxdomain_cut)
                .filter(|hit| !validating_client || hit.security().is_some()),
        };
        let security = cached.as_ref().and_then(|hit| hit.security().cloned());
        let hit = cached.map(|hit| match hit {
            CachedAnswer::Data(rrset) => CacheHit::Answer {
                records: rrset.records_at(now),
            },
            CachedAnswer::Alias(rrset) => CacheHit::Alias {
                record: rrset.records_at(now).remove(0),
            },
            CachedAnswer::Negative(entry) => CacheHit::Negative {
                nxdomain: entry.nxdomain,
                name: entry.name.clone(),
                soa: Record::new(
                    entry.soa.owner.clone(),
                    entry.ttl_left(now),
                    entry.soa.data.clone(),
                ),
            },
        });
        if let Some(hit) = hit {
            let task = self.top();
            match &hit {
                CacheHit::Answer { records } => {
                    let mut answer = task.chain.clone();
                    answer.extend(records.iter().cloned());
                    task.phase = Phase::Finished(Outcome::Answer { answer });
                }
                // A name server's name without A records may still have
                // AAAA records, whether the NODATA for A comes from a server
                // or from the cache: try AAAA, as after the response.
                CacheHit::Negative {
                    nxdomain: false, ..
                } if matches!(task.purpose, Purpose::Address { .. })
                    && task.question.rtype == RType::A =>
                {
                    task.question.rtype = RType::AAAA;
                }
                CacheHit::Negative { nxdomain, soa, .. } => {
                    let answer = task.chain.clone();
                    let soa = Some(soa.clone());
                    task.phase = Phase::Finished(if *nxdomain {
                        Outcome::NXDomain { answer, soa }
                    } else {
                        Outcome::NoData { answer, soa }
                    });
                }
                CacheHit::Alias { record } => {
                    if let RData::CNAME(target) = &record.data {
                        let target = target.clone();
                        self.follow_alias(vec![record.clone()], target);
                    }
                }
                CacheHit::Delegation { .. } => {}
            }
            if let Some(security) = security {
                let task = self.top();
                task.security = task.security.clone().and(security);
                if let Security::Bogus(problem) = &task.security {
                    let failure = Failure::Bogus(problem.clone());
                    task.phase = Phase::Finished(Outcome::failed(failure));
                }
            }
            return Some(Event::CacheHit(hit));
        }

        let prefer_child = config.ns_set == NsSetPolicy::ChildCentric;
        // A DS RRset is the parent's (RFC 4035 §3.1.4.1): ask above its cut.
        let below = match question.name.parent() {
            Some(parent) if question.rtype.is_parent_side() => parent,
            _ => question.name.clone(),
        };
        let cached = self
            .cache
            .closest_delegation(&below, prefer_child)
            .map(|(cut, side, rrset)| (cut, side, rrset.records_at(now)));
        if let Some((cut, side, ns)) = cached {
            let hosts: Vec<Name> = ns
                .iter()
                .filter_map(|r| match &r.data {
                    RData::NS(host) => Some(host.clone()),
                    _ => None,
                })
                .collect();
            let candidates = hosts
                .into_iter()
                .map(|host| self.candidate(host, &[]))
                .collect();
            let list = self.server_list(cut.clone(), ServerSource::Cache(side), candidates);
            self.top().phase = Phase::Servers(list);
            let hit = CacheHit::Delegation { cut, side, ns };
            return Some(Event::CacheHit(hit));
        }

        // Nothing cached: the safety belt, the root hints (RFC 1034 §5.3.2).
        let mut candidates: Vec<Candidate> = Vec::new();
        for (host, address) in world.root_hints() {
            let entry = (address, AddressSource::RootHints);
            match candidates.iter_mut().find(|c| c.host == *host) {
                Some(c) => c.addresses.push(entry),
                None => candidates.push(Candidate {
                    host: host.clone(),
                    addresses: vec![entry],
                    state: CandidateState::Usable,
                }),
            }
        }
        if candidates.is_empty() {
            return Some(self.give_up(Failure::NoRootHints));
        }
        let list = self.server_list(Name::root(), ServerSource::RootHints, candidates);
        self.top().phase = Phase::Servers(list);
        None
    }
}

/// What a response leads to, for the task that sent the query.
enum Next {
    Continue(ServerList),
    Finished(Outcome),
    Restart {
        aliases: Vec<Record>,
        target: Name,
    },
    /// Ask again for the same name with another type.
    Retype(RType),
    /// Keep the list and start a nested look-up.
    Push(ServerList, Box<Task>),
}
