//! How a resolver behaves: the switches on which real resolvers differ, the
//! work limits that make every resolution end, and two presets.
//!
//! The differences are the lesson. Unbound and BIND agree on the algorithm of
//! RFC 1034 §5.3.3 but not on every detail: whether the child's NS set
//! replaces the parent's once seen (RFC 2181 §5.4.1 ranks it higher), what to
//! do with a name server whose name is an alias (RFC 2181 §10.3 forbids it),
//! how many queries one client question may cost. The presets set all of
//! them the way each resolver does by default.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which of a zone's server addresses to ask first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServerSelection {
    /// The order the NS records came in: easy to follow on a projector.
    ListedOrder,
    /// Each new query to a zone starts one server further along, the way
    /// RFC 1034 §5.3.3 suggests spreading load.
    RoundRobin,
    /// Uniformly at random, from the resolution's seed (Unbound picks at
    /// random among servers of similar speed).
    Random,
}

/// Which NS set a resolver trusts for a delegation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NsSetPolicy {
    /// The child's authoritative NS set replaces the parent's referral set
    /// once the resolver has seen it (Unbound, BIND).
    ChildCentric,
    /// Only the parent's referral set is used
    /// (draft-sury-dnsop-parent-centric-resolver).
    ParentCentric,
}

/// What to do with a name server whose name turns out to be a CNAME.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NsAliasPolicy {
    /// Follow the alias and use the target's address (Unbound: "Robust").
    Follow,
    /// Skip that server (BIND: "skipping nameserver … because it is a
    /// CNAME").
    Skip,
}

/// Upper bounds on the work one client question may cause. RFC 1034 §5.3.3
/// asks resolvers to bound their work "even if someone has incorrectly
/// configured some data"; each field names the real limit it follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Limits {
    /// Queries sent in all, nested look-ups included (Unbound
    /// `max-sent-count` 32; BIND `max-recursion-queries` 50).
    pub max_queries: u32,
    /// Referrals followed (Unbound `MAX_REFERRAL_COUNT` 130).
    pub max_referrals: u32,
    /// Name-server address look-ups started (Unbound `MAX_TARGET_COUNT` 64).
    pub max_target_fetches: u32,
    /// How deeply look-ups may nest: finding the address of a name server
    /// whose own zone needs another look-up, and so on (Unbound's
    /// `target-fetch-policy` has 5 levels; BIND `max-recursion-depth` 7).
    pub max_dependency_depth: u32,
    /// CNAME restarts (Unbound and BIND `max-query-restarts` 11).
    pub max_cname_restarts: u32,
    /// Labels revealed one at a time under QNAME minimisation before the
    /// full name is sent (Unbound `MAX_MINIMISE_COUNT` 10).
    pub max_minimise_count: u32,
}

/// Which limit stopped a resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    Queries,
    Referrals,
    TargetFetches,
    DependencyDepth,
    CnameRestarts,
}

impl Limit {
    /// The value of this limit in `limits`.
    pub fn value(self, limits: &Limits) -> u32 {
        match self {
            Limit::Queries => limits.max_queries,
            Limit::Referrals => limits.max_referrals,
            Limit::TargetFetches => limits.max_target_fetches,
            Limit::DependencyDepth => limits.max_dependency_depth,
            Limit::CnameRestarts => limits.max_cname_restarts,
        }
    }

    /// What this limit counts, for a sentence.
    pub fn counts(self) -> &'static str {
        match self {
            Limit::Queries => "queries sent",
            Limit::Referrals => "referrals followed",
            Limit::TargetFetches => "name-server address look-ups",
            Limit::DependencyDepth => "nested look-ups",
            Limit::CnameRestarts => "CNAME restarts",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::Queries => "max-queries",
            Limit::Referrals => "max-referrals",
            Limit::TargetFetches => "max-target-fetches",
            Limit::DependencyDepth => "max-dependency-depth",
            Limit::CnameRestarts => "max-cname-restarts",
        })
    }
}

/// The named presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    UnboundLike,
    BindLike,
}

impl Preset {
    /// Every preset, in the order the app and the lessons list them.
    pub const ALL: [Preset; 2] = [Preset::UnboundLike, Preset::BindLike];
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Preset::UnboundLike => "Unbound-like",
            Preset::BindLike => "BIND-like",
        })
    }
}

/// Everything that decides how a resolution goes, seed included: the same
/// configuration, world and cache always give the same steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResolverConfig {
    pub selection: ServerSelection,
    pub ns_set: NsSetPolicy,
    pub ns_alias: NsAliasPolicy,
    /// Send each server only as much of the name as it needs (RFC 9156).
    pub qname_minimisation: bool,
    /// An NXDOMAIN means nothing exists below that name either (RFC 8020;
    /// Unbound `harden-below-nxdomain`).
    pub nxdomain_cut: bool,
    /// Use glue for sibling name servers (names under the parent zone but
    /// not under the child) from a referral. Unbound does; BIND 9.18 looks
    /// such names up itself, which the differential suite showed against a
    /// real `named` (a sibling cycle that glue breaks for Unbound still
    /// fails for BIND).
    #[serde(default = "yes")]
    pub sibling_glue: bool,
    /// When CNAMEs loop or exceed the restart limit, answer the SERVFAIL
    /// with the CNAMEs followed so far. BIND 9.18 does (EDE 0 "max.
    /// restarts reached"); Unbound sends an empty answer section.
    #[serde(default)]
    pub restart_limit_keeps_chain: bool,
    /// Drop an NS RRset for the very zone asked about from a non-AA reply,
    /// as Unbound (1.16 on) scrubs such "promiscuous" NS sets against
    /// ghost-domain attacks: a referral to the same zone then reads as an
    /// empty NOERROR, which Unbound takes as NODATA. BIND treats that
    /// server as lame and tries the next.
    #[serde(default)]
    pub scrub_same_zone_referral: bool,
    /// Validate answers with DNSSEC (RFC 4035 §5) from the world's trust
    /// anchor: queries set the DO bit, the keys of every zone on the way
    /// are fetched and checked, and a bogus answer becomes SERVFAIL.
    /// Unbound and BIND validate when given a trust anchor; DNS Lab's
    /// presets start with it off, and the DNSSEC lessons turn it on.
    #[serde(default)]
    pub validation: bool,
    pub limits: Limits,
    /// Longest time anything stays cached (Unbound `cache-max-ttl` 86400).
    pub max_cache_ttl: u32,
    /// Longest time a negative answer stays cached (Unbound
    /// `cache-max-negative-ttl` 3600; BIND `max-ncache-ttl` 10800).
    pub max_negative_ttl: u32,
    /// Seeds random server selection and message ids.
    pub seed: u64,
}

impl ResolverConfig {
    /// Unbound's defaults: child-centric, follows NS aliases, minimises
    /// query names, trusts NXDOMAIN for the subtree.
    pub fn unbound_like() -> ResolverConfig {
        ResolverConfig {
            selection: ServerSelection::Random,
            ns_set: NsSetPolicy::ChildCentric,
            ns_alias: NsAliasPolicy::Follow,
            qname_minimisation: true,
            nxdomain_cut: true,
            sibling_glue: true,
            restart_limit_keeps_chain: false,
            scrub_same_zone_referral: true,
            validation: false,
            limits: Limits {
                max_queries: 32,
                max_referrals: 130,
                max_target_fetches: 64,
                max_dependency_depth: 5,
                max_cname_restarts: 11,
                max_minimise_count: 10,
            },
            max_cache_ttl: 86_400,
            max_negative_ttl: 3_600,
            seed: 1,
        }
    }

    /// BIND's defaults: child-centric too, but skips name servers that are
    /// aliases and allows more queries and deeper nesting.
    pub fn bind_like() -> ResolverConfig {
        ResolverConfig {
            selection: ServerSelection::RoundRobin,
            ns_set: NsSetPolicy::ChildCentric,
            ns_alias: NsAliasPolicy::Skip,
            qname_minimisation: true,
            nxdomain_cut: false,
            sibling_glue: false,
            restart_limit_keeps_chain: true,
            scrub_same_zone_referral: false,
            validation: false,
            limits: Limits {
                max_queries: 50,
                max_referrals: 130,
                max_target_fetches: 50,
                max_dependency_depth: 7,
                max_cname_restarts: 11,
                max_minimise_count: 10,
            },
            max_cache_ttl: 604_800,
            max_negative_ttl: 10_800,
            seed: 1,
        }
    }

    pub fn preset(preset: Preset) -> ResolverConfig {
        match preset {
            Preset::UnboundLike => ResolverConfig::unbound_like(),
            Preset::BindLike => ResolverConfig::bind_like(),
        }
    }

    /// The preset this configuration equals, seed and validation aside;
    /// `None` once another switch has been changed.
    pub fn matching_preset(&self) -> Option<Preset> {
        [Preset::UnboundLike, Preset::BindLike]
            .into_iter()
            .find(|&p| {
                ResolverConfig::preset(p)
                    .with_seed(self.seed)
                    .with_validation(self.validation)
                    == *self
            })
    }

    pub fn with_validation(mut self, validation: bool) -> ResolverConfig {
        self.validation = validation;
        self
    }

    pub fn with_seed(mut self, seed: u64) -> ResolverConfig {
        self.seed = seed;
        self
    }
}

impl Default for ResolverConfig {
    fn default() -> Self {
        ResolverConfig::unbound_like()
    }
}

fn yes() -> bool {
    true
}
