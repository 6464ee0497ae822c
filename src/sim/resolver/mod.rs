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
//! A [`Resolution`] is a state machine: [`Resolution::step`] performs one
//! visible step (a query and its response, a cache hit, the start of a nested
//! look-up, a server skipped, a conclusion) and returns a [`Step`] that says
//! what happened and why. It owns a copy of the cache and a seeded random
//! generator, so replaying from the start gives the same steps: stepping
//! back is replaying to the step before.

mod cache;
mod classify;
mod config;
mod explain;
mod rng;
pub mod trace;

/// The side of a zone cut an NS set comes from, as the hierarchy names it.
pub use super::hierarchy::NsSide;
pub use cache::{Cache, CacheRow, CachedAnswer, CachedRRset, Credibility, NegativeEntry, Source};
pub use classify::{
    Chain, Classification, GlueVerdict, LameReason, classify, follow_chain, judge_glue,
};
pub use config::{
    Limit, Limits, NsAliasPolicy, NsSetPolicy, Preset, ResolverConfig, ServerSelection,
};

use super::authority::{self, Message, Question, Rcode};
use super::name::{Name, NsHostRelation};
use super::record::{RData, RType, Record};
use super::scenario::World;
use rng::SeededRng;
use std::fmt;
use std::net::IpAddr;

/// How a resolution ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The records asked for, after any CNAMEs that led there.
    Answer { answer: Vec<Record> },
    /// The name does not exist; `answer` holds CNAMEs that led there.
    NXDomain {
        answer: Vec<Record>,
        soa: Option<Record>,
    },
    /// The name exists without data of that type.
    NoData {
        answer: Vec<Record>,
        soa: Option<Record>,
    },
    /// The resolver gave up. `answer` is empty unless the resolver keeps the
    /// CNAMEs it followed before reaching its restart limit (BIND does).
    ServFail {
        failure: Failure,
        answer: Vec<Record>,
    },
}

impl Outcome {
    /// A SERVFAIL with an empty answer section.
    pub fn failed(failure: Failure) -> Outcome {
        Outcome::ServFail {
            failure,
            answer: Vec::new(),
        }
    }

    pub fn rcode(&self) -> Rcode {
        match self {
            Outcome::Answer { .. } | Outcome::NoData { .. } => Rcode::NoError,
            Outcome::NXDomain { .. } => Rcode::NXDomain,
            Outcome::ServFail { .. } => Rcode::ServFail,
        }
    }

    /// The answer section the client gets.
    pub fn answer(&self) -> &[Record] {
        match self {
            Outcome::Answer { answer }
            | Outcome::NXDomain { answer, .. }
            | Outcome::NoData { answer, .. }
            | Outcome::ServFail { answer, .. } => answer,
        }
    }

    /// A one-line summary: "NOERROR, 2 records", "SERVFAIL: …".
    pub fn summary(&self) -> String {
        match self {
            Outcome::Answer { answer } => {
                let n = answer.len();
                format!("NOERROR, {n} record{}", if n == 1 { "" } else { "s" })
            }
            Outcome::NXDomain { .. } => "NXDOMAIN".into(),
            Outcome::NoData { .. } => "NODATA (NOERROR, no records)".into(),
            Outcome::ServFail { failure, .. } => format!("SERVFAIL: {}", failure.title()),
        }
    }
}

/// Why a name server could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerProblem {
    Timeout,
    Lame(LameReason),
    /// An in-domain name server with no glue: its address can only come
    /// from the zone it serves.
    MissingGlue,
    /// Looking up its address would wait on itself.
    Cycle(Cycle),
    /// Its name is an alias and the resolver skips such servers.
    AliasSkipped {
        target: Name,
    },
    /// Looking up its address failed.
    NoAddress(Box<Failure>),
    /// Its name does not exist (NXDOMAIN).
    NameDoesNotExist,
    /// Its name exists but has no A or AAAA records.
    NoAddressRecords,
    /// A work limit stopped the look-up of its address.
    Limit(Limit),
}

impl fmt::Display for ServerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerProblem::Timeout => f.write_str("timed out"),
            ServerProblem::Lame(reason) => write!(f, "lame ({reason})"),
            ServerProblem::MissingGlue => f.write_str("in-domain name without glue"),
            ServerProblem::Cycle(cycle) => write!(f, "circular dependency {cycle}"),
            ServerProblem::AliasSkipped { target } => write!(f, "an alias for {target}"),
            ServerProblem::NoAddress(failure) => {
                write!(f, "address look-up failed: {}", failure.title())
            }
            ServerProblem::NameDoesNotExist => f.write_str("the name does not exist"),
            ServerProblem::NoAddressRecords => f.write_str("the name has no address records"),
            ServerProblem::Limit(limit) => write!(f, "work limit {limit} reached"),
        }
    }
}

/// One server (or name server name) the resolver could not use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub host: Name,
    pub address: Option<IpAddr>,
    pub problem: ServerProblem,
}

/// A circular dependency: each zone's servers can only be reached through a
/// name inside the next zone, and the last one leads back to the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// Each link: a zone, and the name server name it needed.
    pub links: Vec<(Name, Name)>,
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (zone, host) in &self.links {
            write!(f, "{} → {} → ", zone.prose(), host.prose())?;
        }
        match self.links.first() {
            Some((zone, _)) => f.write_str(&zone.prose()),
            None => Ok(()),
        }
    }
}

/// Why a resolution (or a nested look-up) gave up: the cause of a SERVFAIL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Every server of `zone` failed or could not be reached.
    NoReachableAuthority { zone: Name, attempts: Vec<Attempt> },
    /// A circular dependency between zones' name servers.
    Cycle(Cycle),
    /// A work limit was reached.
    LimitReached(Limit),
    /// CNAMEs that lead back to a name already on the chain.
    CnameLoop { names: Vec<Name> },
    /// The world has no root servers to start from.
    NoRootHints,
    /// A name server's name is an alias, and the resolver skips such
    /// servers (RFC 2181 §10.3).
    NsAlias { host: Name, target: Name },
}

impl Failure {
    /// The RFC 8914 Extended DNS Error that fits, with its name.
    pub fn extended_error(&self) -> (u16, &'static str) {
        match self {
            Failure::NoReachableAuthority { attempts, .. }
                if !attempts.is_empty()
                    && attempts.iter().all(|a| a.problem == ServerProblem::Timeout) =>
            {
                (23, "Network Error")
            }
            Failure::NoReachableAuthority { .. }
            | Failure::Cycle(_)
            | Failure::NoRootHints
            | Failure::NsAlias { .. } => (22, "No Reachable Authority"),
            Failure::LimitReached(_) | Failure::CnameLoop { .. } => (0, "Other Error"),
        }
    }

    /// A short title for the cause.
    pub fn title(&self) -> String {
        match self {
            Failure::NoReachableAuthority { zone, .. } => {
                format!("no server for {} could be used", zone.prose())
            }
            Failure::Cycle(cycle) => format!("circular dependency: {cycle}"),
            Failure::LimitReached(limit) => format!("work limit {limit} reached"),
            Failure::CnameLoop { names } => {
                let names: Vec<String> = names.iter().map(Name::prose).collect();
                format!("CNAME loop: {}", names.join(" → "))
            }
            Failure::NoRootHints => "no root servers to start from".into(),
            Failure::NsAlias { host, target } => {
                format!(
                    "name server {} is an alias for {}",
                    host.prose(),
                    target.prose()
                )
            }
        }
    }

    /// The failure when no server of `zone` could be used. A cycle or a
    /// work limit met while looking up any server's address is the real
    /// cause and is reported as such, not as a generic failure.
    pub fn no_server_left(zone: &Name, attempts: Vec<Attempt>) -> Failure {
        let structural = attempts.iter().find_map(|a| match &a.problem {
            ServerProblem::Cycle(cycle) => Some(Failure::Cycle(cycle.clone())),
            ServerProblem::Limit(limit) => Some(Failure::LimitReached(*limit)),
            ServerProblem::NoAddress(inner) => match inner.as_ref() {
                cause @ (Failure::Cycle(_) | Failure::LimitReached(_)) => Some(cause.clone()),
                _ => None,
            },
            _ => None,
        });
        structural.unwrap_or_else(|| Failure::NoReachableAuthority {
            zone: zone.clone(),
            attempts,
        })
    }
}

/// Where the servers of the current zone came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerSource {
    RootHints,
    /// A referral from the parent zone.
    Referral {
        parent: Name,
    },
    /// A cached NS set.
    Cache(NsSide),
}

/// How the resolver knows a server's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressSource {
    RootHints,
    Glue(NsHostRelation),
    Cache,
    /// Found by a nested look-up.
    LookedUp,
}

/// What the cache answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheHit {
    Answer {
        records: Vec<Record>,
    },
    Alias {
        record: Record,
    },
    Negative {
        nxdomain: bool,
        name: Name,
        soa: Record,
    },
    /// The closest delegation the cache holds, where the resolver starts.
    Delegation {
        cut: Name,
        side: NsSide,
        ns: Vec<Record>,
    },
}

/// What the resolver does after a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The (sub-)resolution is done with this outcome.
    Finish,
    FollowReferral {
        cut: Name,
    },
    /// QNAME minimisation: no zone cut at the name sent; send one more label.
    RevealNextLabel,
    /// QNAME minimisation: send the whole name after a response the
    /// minimised query could not use.
    SendFullName,
    Restart {
        target: Name,
    },
    /// An NS name without an A record: try AAAA.
    TryAAAA,
    TryNextServer,
    GiveUp,
}

/// One query and its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The zone whose servers the resolver is asking.
    pub zone: Name,
    pub source: ServerSource,
    pub server: Name,
    pub address: IpAddr,
    pub address_source: AddressSource,
    pub query: Question,
    /// The query name was shortened (RFC 9156).
    pub minimised: bool,
    /// `None` on timeout.
    pub response: Option<Message>,
    /// The response's length in wire format.
    pub response_size: Option<usize>,
    pub classification: Classification,
    /// For referrals: the additional section, judged.
    pub glue: Vec<GlueVerdict>,
    pub decision: Decision,
}

/// What happened in one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Query(Box<Exchange>),
    CacheHit(CacheHit),
    /// A nested resolution of a name server's address begins.
    Lookup {
        zone: Name,
        host: Name,
    },
    /// A name server is passed over.
    Skip {
        zone: Name,
        host: Name,
        problem: ServerProblem,
    },
    /// This (sub-)resolution gives up.
    GiveUp(Failure),
    /// The resolver answers the client.
    Done(Outcome),
}

/// The work counted so far against the limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    pub queries: u32,
    pub referrals: u32,
    pub target_fetches: u32,
    pub cname_restarts: u32,
}

impl Budget {
    pub fn used(&self, limit: Limit) -> u32 {
        match limit {
            Limit::Queries => self.queries,
            Limit::Referrals => self.referrals,
            Limit::TargetFetches => self.target_fetches,
            Limit::DependencyDepth => 0,
            Limit::CnameRestarts => self.cname_restarts,
        }
    }
}

/// One visible step of a resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 0 for the first step.
    pub index: usize,
    /// 0 for the client's question, 1 for a look-up it started, and so on.
    pub depth: usize,
    /// What the (sub-)resolution this step belongs to is looking for.
    pub task: Question,
    pub event: Event,
    /// One or two sentences for a learner.
    pub explanation: String,
    /// Work used after this step.
    pub budget: Budget,
}

impl Step {
    pub fn exchange(&self) -> Option<&Exchange> {
        match &self.event {
            Event::Query(exchange) => Some(exchange),
            _ => None,
        }
    }
}

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
}

#[derive(Clone, Debug)]
struct Task {
    purpose: Purpose,
    /// The name being resolved now (changes at each CNAME) and the type.
    question: Question,
    /// CNAMEs followed so far.
    chain: Vec<Record>,
    phase: Phase,
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
            }],
            question,
            rng: SeededRng::new(config.seed),
            config,
            cache,
            budget: Budget::default(),
            steps: 0,
            done: None,
        }
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
            if let Some((event, explanation)) = self.advance(world) {
                // The answer to the client answers the client's question.
                let task = match event {
                    Event::Done(_) => self.question.clone(),
                    _ => task.unwrap_or_else(|| self.question.clone()),
                };
                return self.record(top, task, event, explanation);
            }
        }
        // Only a bug could get here; end the resolution rather than loop.
        let outcome = Outcome::failed(Failure::LimitReached(Limit::Queries));
        self.record(
            0,
            self.question.clone(),
            Event::Done(outcome),
            "The resolver stopped: too much work.".into(),
        )
    }

    fn record(&mut self, depth: usize, task: Question, event: Event, explanation: String) -> Step {
        let step = Step {
            index: self.steps,
            depth,
            task,
            event,
            explanation,
            budget: self.budget,
        };
        self.steps += 1;
        if matches!(step.event, Event::Done(_)) {
            self.done = Some(step.clone());
        }
        step
    }

    /// One transition; `None` when it is not worth a step of its own.
    fn advance(&mut self, world: &World) -> Option<(Event, String)> {
        let task = self.tasks.last_mut()?;
        match &task.phase {
            Phase::Finished(_) => self.finish_task(),
            Phase::Start => self.start(world),
            Phase::Servers(_) => self.next_server(world),
        }
    }

    fn top(&mut self) -> &mut Task {
        self.tasks
            .last_mut()
            .expect("a resolution has a task until done")
    }

    /// Pops a finished task: the client's ends the resolution; a look-up's
    /// gives its result to the server list that waits for it.
    fn finish_task(&mut self) -> Option<(Event, String)> {
        let task = self.tasks.pop()?;
        let Phase::Finished(outcome) = task.phase else {
            return None;
        };
        let Purpose::Address { host, .. } = task.purpose else {
            let explanation = explain::done(&self.question, &outcome);
            self.tasks.push(Task {
                phase: Phase::Finished(outcome.clone()),
                ..task
            });
            return Some((Event::Done(outcome), explanation));
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
                Outcome::NXDomain { .. } => ServerProblem::NameDoesNotExist,
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
    fn start(&mut self, world: &World) -> Option<(Event, String)> {
        let now = self.cache.now();
        let config = self.config;
        let question = self.top().question.clone();
        let hit = self
            .cache
            .answer(&question.name, question.rtype, config.nxdomain_cut)
            .map(|hit| match hit {
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
            let mut explanation = explain::cache_hit(&question, &hit);
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
                    explanation.push_str(" The resolver asks for AAAA instead.");
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
            return Some((Event::CacheHit(hit), explanation));
        }

        let prefer_child = config.ns_set == NsSetPolicy::ChildCentric;
        let cached = self
            .cache
            .closest_delegation(&question.name, prefer_child)
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
            let explanation = explain::cache_hit(&question, &hit);
            return Some((Event::CacheHit(hit), explanation));
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

impl Resolution {
    fn server_list(
        &mut self,
        zone: Name,
        source: ServerSource,
        candidates: Vec<Candidate>,
    ) -> ServerList {
        // BIND's first pick among servers it knows nothing about is
        // random (the differential suite saw both of two servers asked
        // first): the seed sets where the rotation starts, seed 1 at the
        // first server.
        let rotation = match self.config.selection {
            ServerSelection::RoundRobin => self
                .cache
                .next_round_robin(&zone)
                .wrapping_add(self.config.seed.wrapping_sub(1) as usize),
            _ => 0,
        };
        let revealed = self
            .config
            .qname_minimisation
            .then(|| zone.label_count() + 1);
        ServerList {
            zone,
            source,
            candidates,
            failed: Vec::new(),
            attempts: Vec::new(),
            revealed,
            minimise_steps: 0,
            rotation,
        }
    }

    /// A name server with the addresses the cache holds for it; `glue` are
    /// the addresses the referral just gave, to say where each came from.
    fn candidate(&self, host: Name, glue: &[(IpAddr, NsHostRelation)]) -> Candidate {
        let addresses = self
            .cache
            .addresses(&host)
            .into_iter()
            .map(|address| {
                let source = glue
                    .iter()
                    .find(|(a, _)| *a == address)
                    .map_or(AddressSource::Cache, |(_, relation)| {
                        AddressSource::Glue(*relation)
                    });
                (address, source)
            })
            .collect();
        Candidate {
            host,
            addresses,
            state: CandidateState::Usable,
        }
    }

    fn give_up(&mut self, failure: Failure) -> (Event, String) {
        let explanation = explain::give_up(&failure, &self.config.limits);
        self.top().phase = Phase::Finished(Outcome::failed(failure.clone()));
        (Event::GiveUp(failure), explanation)
    }

    /// Follows CNAMEs to `target`: back to step 1 with the new name (RFC 1034
    /// §5.3.3 step 4c), unless that loops, exceeds the restart limit, or the
    /// name is a name server's and the policy skips aliases.
    fn follow_alias(&mut self, aliases: Vec<Record>, target: Name) {
        let config = self.config;
        self.budget.cname_restarts += 1;
        let restarts = self.budget.cname_restarts;
        let task = self.top();
        task.chain.extend(aliases);
        let failure = if let Purpose::Address { host, .. } = &task.purpose
            && config.ns_alias == NsAliasPolicy::Skip
        {
            Some(Failure::NsAlias {
                host: host.clone(),
                target: target.clone(),
            })
        } else if task.chain.iter().any(|r| r.owner == target) {
            let mut names: Vec<Name> = task.chain.iter().map(|r| r.owner.clone()).collect();
            names.push(target.clone());
            Some(Failure::CnameLoop { names })
        } else if restarts > config.limits.max_cname_restarts {
            Some(Failure::LimitReached(Limit::CnameRestarts))
        } else {
            None
        };
        match failure {
            Some(failure) => {
                // BIND answers its SERVFAIL with the CNAMEs it followed when
                // it stops restarting ("max. restarts reached").
                let answer = match failure {
                    Failure::CnameLoop { .. } | Failure::LimitReached(Limit::CnameRestarts)
                        if config.restart_limit_keeps_chain =>
                    {
                        task.chain.clone()
                    }
                    _ => Vec::new(),
                };
                task.phase = Phase::Finished(Outcome::ServFail { failure, answer })
            }
            None => {
                task.question.name = target;
                task.phase = Phase::Start;
            }
        }
    }

    /// Step 3: pick a server and ask it, or find a server's address first.
    fn next_server(&mut self, world: &World) -> Option<(Event, String)> {
        let task = self.top();
        let Phase::Servers(mut list) = std::mem::replace(&mut task.phase, Phase::Start) else {
            return None;
        };
        for candidate in &mut list.candidates {
            if candidate.state == CandidateState::Usable && candidate.addresses.is_empty() {
                candidate.addresses = self
                    .cache
                    .addresses(&candidate.host)
                    .into_iter()
                    .map(|a| (a, AddressSource::Cache))
                    .collect();
            }
        }
        let (next, event, explanation) = match self.select(&list) {
            Some((candidate, address)) => self.query(world, list, candidate, address),
            None => self.find_address(list),
        };
        match next {
            Next::Continue(list) => self.top().phase = Phase::Servers(list),
            Next::Finished(outcome) => {
                let task = self.top();
                let outcome = match outcome {
                    Outcome::Answer { answer } => Outcome::Answer {
                        answer: prefixed(&task.chain, answer),
                    },
                    Outcome::NXDomain { answer, soa } => Outcome::NXDomain {
                        answer: prefixed(&task.chain, answer),
                        soa,
                    },
                    Outcome::NoData { answer, soa } => Outcome::NoData {
                        answer: prefixed(&task.chain, answer),
                        soa,
                    },
                    failure => failure,
                };
                task.phase = Phase::Finished(outcome);
            }
            Next::Restart { aliases, target } => self.follow_alias(aliases, target),
            Next::Retype(rtype) => {
                let task = self.top();
                task.question.rtype = rtype;
                task.phase = Phase::Start;
            }
            Next::Push(list, task) => {
                self.top().phase = Phase::Servers(list);
                self.tasks.push(*task);
            }
        }
        Some((event, explanation))
    }

    /// The next address to ask, by the selection policy, among those not
    /// failed yet.
    fn select(&mut self, list: &ServerList) -> Option<(usize, IpAddr)> {
        let options: Vec<(usize, IpAddr)> = list
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.state == CandidateState::Usable)
            .flat_map(|(i, c)| c.addresses.iter().map(move |(a, _)| (i, *a)))
            .filter(|(_, a)| !list.failed.contains(a))
            .collect();
        if options.is_empty() {
            return None;
        }
        let index = match self.config.selection {
            ServerSelection::ListedOrder => 0,
            ServerSelection::RoundRobin => list.rotation % options.len(),
            ServerSelection::Random => self.rng.below(options.len()),
        };
        Some(options[index])
    }

    /// No server has a usable address: look one up, skip one that cannot be
    /// looked up, or give up when none is left.
    fn find_address(&mut self, mut list: ServerList) -> (Next, Event, String) {
        let Some(index) = list
            .candidates
            .iter()
            .position(|c| c.state == CandidateState::Usable && c.addresses.is_empty())
        else {
            let failure = Failure::no_server_left(&list.zone, list.attempts.clone());
            let (event, explanation) = (
                Event::GiveUp(failure.clone()),
                explain::give_up(&failure, &self.config.limits),
            );
            return (Next::Finished(Outcome::failed(failure)), event, explanation);
        };
        let host = list.candidates[index].host.clone();
        let zone = list.zone.clone();
        let depth = self.tasks.len();
        let problem = if host.is_subdomain_of(&zone) {
            Some(ServerProblem::MissingGlue)
        } else if let Some(cycle) = self.cycle_through(&zone, &host) {
            Some(ServerProblem::Cycle(cycle))
        } else if depth > self.config.limits.max_dependency_depth as usize {
            Some(ServerProblem::Limit(Limit::DependencyDepth))
        } else if self.budget.target_fetches >= self.config.limits.max_target_fetches {
            Some(ServerProblem::Limit(Limit::TargetFetches))
        } else {
            None
        };
        if let Some(problem) = problem {
            list.candidates[index].state = CandidateState::Failed;
            list.attempts.push(Attempt {
                host: host.clone(),
                address: None,
                problem: problem.clone(),
            });
            let explanation = explain::skip(&zone, &host, &problem);
            let event = Event::Skip {
                zone,
                host,
                problem,
            };
            return (Next::Continue(list), event, explanation);
        }
        self.budget.target_fetches += 1;
        list.candidates[index].state = CandidateState::LookingUp;
        let task = Task {
            purpose: Purpose::Address {
                zone: zone.clone(),
                host: host.clone(),
            },
            question: Question::new(host.clone(), RType::A),
            chain: Vec::new(),
            phase: Phase::Start,
        };
        let explanation = explain::lookup(&zone, &host, &list.source, depth);
        (
            Next::Push(list, Box::new(task)),
            Event::Lookup { zone, host },
            explanation,
        )
    }

    /// The cycle that looking up `host` for `zone` would close, if a look-up
    /// of `host` is already under way further up.
    fn cycle_through(&self, zone: &Name, host: &Name) -> Option<Cycle> {
        let start = self
            .tasks
            .iter()
            .position(|t| matches!(&t.purpose, Purpose::Address { host: h, .. } if h == host))?;
        // The look-up of `host` led, through the look-ups after it, back to
        // a zone that needs `host`: start the cycle at that zone.
        let mut links = vec![(zone.clone(), host.clone())];
        links.extend(
            self.tasks[start + 1..]
                .iter()
                .filter_map(|t| match &t.purpose {
                    Purpose::Address { zone, host } => Some((zone.clone(), host.clone())),
                    Purpose::Client => None,
                }),
        );
        Some(Cycle { links })
    }
}

fn prefixed(chain: &[Record], answer: Vec<Record>) -> Vec<Record> {
    chain.iter().cloned().chain(answer).collect()
}

impl Resolution {
    /// Sends one query and reads the response (RFC 1034 §5.3.3 steps 3–4).
    fn query(
        &mut self,
        world: &World,
        mut list: ServerList,
        candidate: usize,
        address: IpAddr,
    ) -> (Next, Event, String) {
        if self.budget.queries >= self.config.limits.max_queries {
            let failure = Failure::LimitReached(Limit::Queries);
            let explanation = explain::give_up(&failure, &self.config.limits);
            return (
                Next::Finished(Outcome::failed(failure.clone())),
                Event::GiveUp(failure),
                explanation,
            );
        }
        self.budget.queries += 1;
        let task = self.tasks.last().expect("a task is running");
        let full = task.question.clone();
        let purpose = task.purpose.clone();
        let (query, minimised) = match list.revealed.and_then(|n| full.name.trim_to(n)) {
            Some(shorter) if shorter != full.name => (Question::new(shorter, RType::A), true),
            _ => (full.clone(), false),
        };
        let host = list.candidates[candidate].host.clone();
        let address_source = list.candidates[candidate]
            .addresses
            .iter()
            .find(|(a, _)| *a == address)
            .map_or(AddressSource::Cache, |(_, s)| s.clone());
        let id = self.rng.message_id();
        let reply = authority::query_address(world, address, &query, id);
        let classification = classify(
            &query,
            &list.zone,
            &reply,
            self.config.scrub_same_zone_referral,
        );
        let source = Source {
            server: host.clone(),
            address,
        };
        let zone = list.zone.clone();
        let list_source = list.source.clone();
        let message = reply.message;
        let mut glue = Vec::new();
        let empty = Message {
            id,
            aa: false,
            rcode: Rcode::NoError,
            question: query.clone(),
            answer: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
        };
        let response = message.as_ref().unwrap_or(&empty);

        let (next, decision) = match &classification {
            Classification::Timeout | Classification::Lame(_) => {
                let problem = match &classification {
                    Classification::Lame(reason) => ServerProblem::Lame(reason.clone()),
                    _ => ServerProblem::Timeout,
                };
                list.failed.push(address);
                list.attempts.push(Attempt {
                    host: host.clone(),
                    address: Some(address),
                    problem,
                });
                if has_options(&list) {
                    (Next::Continue(list), Decision::TryNextServer)
                } else {
                    let failure = Failure::no_server_left(&zone, list.attempts);
                    (Next::Finished(Outcome::failed(failure)), Decision::GiveUp)
                }
            }
            Classification::Referral { cut } => {
                if self.budget.referrals >= self.config.limits.max_referrals {
                    let failure = Failure::LimitReached(Limit::Referrals);
                    (Next::Finished(Outcome::failed(failure)), Decision::GiveUp)
                } else {
                    self.budget.referrals += 1;
                    glue = self.take_referral(cut, &zone, response, &source);
                    let used: Vec<(IpAddr, NsHostRelation)> = glue
                        .iter()
                        .filter(|g| g.used)
                        .filter_map(|g| Some((g.record.data.address()?, g.relation?)))
                        .collect();
                    let candidates = ns_hosts(&response.authority, cut)
                        .into_iter()
                        .map(|h| self.candidate(h, &used))
                        .collect();
                    let source = ServerSource::Referral {
                        parent: zone.clone(),
                    };
                    let list = self.server_list(cut.clone(), source, candidates);
                    (
                        Next::Continue(list),
                        Decision::FollowReferral { cut: cut.clone() },
                    )
                }
            }
            Classification::NXDomain if minimised && !self.config.nxdomain_cut => {
                list.revealed = None;
                (Next::Continue(list), Decision::SendFullName)
            }
            Classification::Answer | Classification::NoData | Classification::Alias { .. }
                if minimised =>
            {
                self.take_answer(&query, &zone, response, &source);
                list.minimise_steps += 1;
                list.revealed = match list.revealed {
                    Some(n) if list.minimise_steps < self.config.limits.max_minimise_count => {
                        Some(n + 1)
                    }
                    _ => None,
                };
                (Next::Continue(list), Decision::RevealNextLabel)
            }
            Classification::NXDomain => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let soa = negative_soa(response);
                let outcome = Outcome::NXDomain {
                    answer: chain.aliases,
                    soa,
                };
                (Next::Finished(outcome), Decision::Finish)
            }
            Classification::NoData => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let soa = negative_soa(response);
                if matches!(purpose, Purpose::Address { .. })
                    && full.rtype == RType::A
                    && chain.aliases.is_empty()
                {
                    (Next::Retype(RType::AAAA), Decision::TryAAAA)
                } else {
                    let outcome = Outcome::NoData {
                        answer: chain.aliases,
                        soa,
                    };
                    (Next::Finished(outcome), Decision::Finish)
                }
            }
            Classification::Alias { target } => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let next = Next::Restart {
                    aliases: chain.aliases,
                    target: target.clone(),
                };
                (
                    next,
                    Decision::Restart {
                        target: target.clone(),
                    },
                )
            }
            Classification::Answer => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let skips_alias = self.config.ns_alias == NsAliasPolicy::Skip;
                match (&purpose, chain.last_target.clone()) {
                    (Purpose::Address { host, .. }, Some(target)) if skips_alias => {
                        let failure = Failure::NsAlias {
                            host: host.clone(),
                            target,
                        };
                        (Next::Finished(Outcome::failed(failure)), Decision::GiveUp)
                    }
                    _ => {
                        let last = chain.last_target.unwrap_or(query.name.clone());
                        let mut answer = chain.aliases;
                        answer.extend(
                            response
                                .answer
                                .iter()
                                .filter(|r| r.owner == last && r.rtype() == query.rtype)
                                .cloned(),
                        );
                        (Next::Finished(Outcome::Answer { answer }), Decision::Finish)
                    }
                }
            }
        };

        let response_size = message.as_ref().map(|m| m.to_wire().len());
        let exchange = Exchange {
            zone,
            source: list_source,
            server: host,
            address,
            address_source,
            query,
            minimised,
            response: message,
            response_size,
            classification,
            glue,
            decision,
        };
        let outcome = match &next {
            Next::Finished(outcome) => Some(outcome),
            _ => None,
        };
        let explanation = explain::exchange(&exchange, &full, outcome);
        (next, Event::Query(Box::new(exchange)), explanation)
    }

    /// Caches a referral's NS set (parent side) and the glue worth using,
    /// and returns the judged glue.
    fn take_referral(
        &mut self,
        cut: &Name,
        parent: &Name,
        response: &Message,
        source: &Source,
    ) -> Vec<GlueVerdict> {
        let max_ttl = self.config.max_cache_ttl;
        let ns: Vec<Record> = response
            .authority
            .iter()
            .filter(|r| r.owner == *cut && r.rtype() == RType::NS)
            .cloned()
            .collect();
        let hosts = ns_hosts(&response.authority, cut);
        self.cache
            .store_ns(NsSide::Parent, ns, Credibility::Glue, max_ttl, source);
        let glue = judge_glue(
            cut,
            parent,
            &hosts,
            &response.additional,
            self.config.sibling_glue,
        );
        let used: Vec<Record> = glue
            .iter()
            .filter(|g| g.used)
            .map(|g| g.record.clone())
            .collect();
        for rrset in rrsets(&used) {
            self.cache.store(rrset, Credibility::Glue, max_ttl, source);
        }
        glue
    }

    /// Caches what an authoritative response says, within the zone asked
    /// about (anything outside it is not that server's to say): the answer,
    /// the zone's own NS set (child side), extra addresses, and a negative
    /// answer for the last name on the chain.
    fn take_answer(
        &mut self,
        query: &Question,
        zone: &Name,
        response: &Message,
        source: &Source,
    ) -> Chain {
        let config = self.config;
        let chain = follow_chain(query, &response.answer);
        let in_zone = |r: &&Record| r.owner.is_subdomain_of(zone);
        let answer: Vec<Record> = response.answer.iter().filter(in_zone).cloned().collect();
        for rrset in rrsets(&answer) {
            if rrset[0].rtype() == RType::NS {
                self.cache.store_ns(
                    NsSide::Child,
                    rrset,
                    Credibility::AuthAnswer,
                    config.max_cache_ttl,
                    source,
                );
            } else {
                self.cache
                    .store(rrset, Credibility::AuthAnswer, config.max_cache_ttl, source);
            }
        }
        let authority_ns: Vec<Record> = response
            .authority
            .iter()
            .filter(in_zone)
            .filter(|r| r.rtype() == RType::NS)
            .cloned()
            .collect();
        for rrset in rrsets(&authority_ns) {
            self.cache.store_ns(
                NsSide::Child,
                rrset,
                Credibility::AuthAuthority,
                config.max_cache_ttl,
                source,
            );
        }
        let additional: Vec<Record> = response
            .additional
            .iter()
            .filter(in_zone)
            .filter(|r| r.rtype().is_address())
            .cloned()
            .collect();
        for rrset in rrsets(&additional) {
            self.cache
                .store(rrset, Credibility::Additional, config.max_cache_ttl, source);
        }
        if !chain.has_data
            && let Some(soa) = negative_soa(response)
        {
            let name = chain.last_target.clone().unwrap_or(query.name.clone());
            let nxdomain = response.rcode == Rcode::NXDomain;
            self.cache.store_negative(
                &name,
                query.rtype,
                nxdomain,
                &soa,
                config.max_negative_ttl,
                source,
            );
        }
        chain
    }
}

/// True while some server of the list may still be tried.
fn has_options(list: &ServerList) -> bool {
    list.candidates.iter().any(|c| {
        c.state == CandidateState::Usable
            && (c.addresses.is_empty() || c.addresses.iter().any(|(a, _)| !list.failed.contains(a)))
    })
}

/// The NS names of the RRset at `owner` in `records`.
fn ns_hosts(records: &[Record], owner: &Name) -> Vec<Name> {
    records
        .iter()
        .filter(|r| r.owner == *owner)
        .filter_map(|r| match &r.data {
            RData::NS(host) => Some(host.clone()),
            _ => None,
        })
        .collect()
}

/// The SOA of a negative response.
fn negative_soa(message: &Message) -> Option<Record> {
    message
        .authority
        .iter()
        .find(|r| r.rtype() == RType::SOA)
        .cloned()
}

/// Groups records into RRsets (owner and type), keeping first-seen order.
fn rrsets(records: &[Record]) -> Vec<Vec<Record>> {
    let mut sets: Vec<Vec<Record>> = Vec::new();
    for record in records {
        match sets
            .iter_mut()
            .find(|s| s[0].owner == record.owner && s[0].rtype() == record.rtype())
        {
            Some(set) => set.push(record.clone()),
            None => sets.push(vec![record.clone()]),
        }
    }
    sets
}
