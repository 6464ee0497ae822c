//! Lessons: what a built-in scenario teaches, and the fix-it check.
//!
//! Every built-in scenario carries a [`Lesson`]: a short story in plain
//! words, where to look, one query to try, and what that query ends in under
//! each resolver preset. The outcome is given as an [`OutcomeKind`], the
//! four ways a resolution can end for a client: an answer; NODATA, the name
//! exists without data of that type (RFC 2308 §2.2); NXDOMAIN, the name does
//! not exist (RFC 2308 §2.1); or SERVFAIL, the resolver could not find out
//! (RFC 1035 §4.1.1).
//!
//! Some lessons are about time. A resolver keeps what it learns for the
//! record's TTL (RFC 1035 §3.2.1), and it keeps both sides of a delegation:
//! the parent's NS set from a referral and the child's own, which ranks
//! higher once seen (RFC 2181 §5.4.1). So the same question can end
//! differently an hour later, with nothing edited. A lesson's [`Timeline`]
//! says so: the query is resolved once, the virtual clock moves on (and the
//! world may change meanwhile, as in a provider move), and the same query is
//! resolved again from the cache the first one left.
//!
//!
//! Most lessons end in a [`Challenge`]: the learner edits the world until a
//! check passes; [`check`] holds the check.

use super::finding::FindingKind;
use super::fix::{Fix, FixEdit};
use super::name::Name;
use super::record::RType;
use serde::{Deserialize, Serialize};
use std::fmt;

pub mod author;
pub mod check;

/// What a built-in scenario teaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// Stable and kebab-case; a built-in file is named after it.
    pub id: String,
    pub category: Category,
    /// Two to four sentences, in plain language.
    pub story: String,
    /// What to look at in the graph, the trace or the diagnostics.
    pub look_for: String,
    pub query: LessonQuery,
    /// How the query ends under each preset, from an empty cache.
    pub expect: Expected,
    /// For lessons where time matters: the same query again, later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then: Option<Timeline>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<Challenge>,
}

/// The groups the library is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Basics,
    Glue,
    Migrations,
    Delegation,
    Failures,
    Cnames,
}

impl Category {
    /// Every category, in the order the library lists them.
    pub const ALL: [Category; 6] = [
        Category::Basics,
        Category::Glue,
        Category::Migrations,
        Category::Delegation,
        Category::Failures,
        Category::Cnames,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Category::Basics => "Basics",
            Category::Glue => "Glue",
            Category::Migrations => "Migrations",
            Category::Delegation => "Delegation",
            Category::Failures => "Failures",
            Category::Cnames => "CNAMEs",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// The query a lesson asks the learner to try.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonQuery {
    pub name: Name,
    pub rtype: RType,
}

/// How a resolution ends, as a client sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Answer,
    NoData,
    NXDomain,
    YXDomain,
    ServFail,
}

impl fmt::Display for OutcomeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutcomeKind::Answer => "an answer",
            OutcomeKind::NoData => "NODATA",
            OutcomeKind::NXDomain => "NXDOMAIN",
            OutcomeKind::YXDomain => "YXDOMAIN",
            OutcomeKind::ServFail => "SERVFAIL",
        })
    }
}

/// The outcome under each preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    pub unbound_like: OutcomeKind,
    pub bind_like: OutcomeKind,
}

/// Time passing after the first resolution: the clock moves on by
/// `advance_seconds`, the world may change meanwhile, and the same query is
/// resolved again from the cache the first resolution left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub advance_seconds: u64,
    /// What happens in the world meanwhile (a provider move, a record
    /// deleted); empty when only the clock moves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub change: Vec<FixEdit>,
    pub expect_after: Expected,
}

/// A fix-it exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// What the learner should achieve, in one sentence.
    pub goal: String,
    /// Findings present in the scenario as shipped that must be gone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings_gone: Vec<FindingKind>,
    /// Findings a careless fix would create, which must not be there either.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings_absent: Vec<FindingKind>,
    /// The query must end in an answer under both presets.
    #[serde(default = "yes")]
    pub must_resolve: bool,
    /// One to three, from a nudge to nearly the answer.
    pub hints: Vec<String>,
    pub fix: Fix,
}

fn yes() -> bool {
    true
}
