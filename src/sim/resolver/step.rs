//! What a resolution shows of itself: each [`Step`] and its [`Event`] (a
//! query and its reply, a cache hit, a decision), and how it ends (an
//! [`Outcome`], or a [`Failure`] that says why in RFC 8914's terms).

use super::*;
use crate::sim::dnssec::validate::Problem;
use crate::sim::prose::plural;

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
    /// A DNAME would make the name longer than a name may be (RFC 6672
    /// §2.2); `answer` holds the DNAME and the aliases before it.
    YXDomain { answer: Vec<Record> },
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
            Outcome::YXDomain { .. } => Rcode::YXDomain,
            Outcome::ServFail { .. } => Rcode::ServFail,
        }
    }

    /// The answer section the client gets.
    pub fn answer(&self) -> &[Record] {
        match self {
            Outcome::Answer { answer }
            | Outcome::YXDomain { answer }
            | Outcome::NXDomain { answer, .. }
            | Outcome::NoData { answer, .. }
            | Outcome::ServFail { answer, .. } => answer,
        }
    }

    /// A one-line summary: "NOERROR, 2 records", "SERVFAIL: …".
    pub fn summary(&self) -> String {
        match self {
            Outcome::Answer { answer } => {
                format!("NOERROR, {}", plural(answer.len(), "record", "records"))
            }
            Outcome::NXDomain { .. } => "NXDOMAIN".into(),
            Outcome::YXDomain { .. } => "YXDOMAIN (a DNAME made the name too long)".into(),
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
    /// DNSSEC validation found the answer bogus (RFC 4035 §5.5).
    Bogus(Problem),
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
            Failure::Bogus(problem) => problem.extended_error(),
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
            Failure::Bogus(problem) => format!("DNSSEC validation failed: {}", problem.words()),
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
    /// How the (sub-)resolution ended with this reply, when it did: the
    /// answer or failure as this reply gave it, before any aliases followed
    /// earlier are put in front.
    pub ended: Option<Outcome>,
    /// The wildcard the server synthesized its answer from (RFC 4592).
    pub wildcard: Option<Name>,
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
        /// Where the servers of `zone` came from, so where glue could have
        /// come from.
        source: ServerSource,
    },
    /// A name server is passed over.
    Skip {
        zone: Name,
        host: Name,
        problem: ServerProblem,
    },
    /// A validation step: keys or DS fetched and checked, or data judged.
    Check(Box<Check>),
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
    /// Work used after this step.
    pub budget: Budget,
    /// The limits the work counts against.
    pub limits: Limits,
    /// On the step that answers the client, how validation judged the
    /// answer (`None` when the resolver does not validate).
    pub security: Option<Security>,
}

impl Step {
    /// One or two sentences for a learner, worded by `explain` from the
    /// step's data (so they never disagree with it, and a resolution run
    /// only for its outcome words nothing).
    pub fn explanation(&self) -> String {
        explain::step(self)
    }

    pub fn exchange(&self) -> Option<&Exchange> {
        match &self.event {
            Event::Query(exchange) => Some(exchange),
            _ => None,
        }
    }
}
