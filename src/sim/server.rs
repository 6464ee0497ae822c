//! Simulated name servers.
//!
//! An authoritative name server is a host with a name and one or more
//! addresses that *loads* zones: it answers for them with the AA flag set
//! (RFC 1034 §4.3.1). Resolvers reach it by address only; the host name
//! matters for NS records, which is how a parent and a child zone say which
//! servers to ask.
//!
//! Each server that loads a zone serves its own copy. Normally every copy is
//! the same text (a primary and its secondaries in sync); a *diverged* copy is
//! what a stale secondary or a half-done migration serves, and resolvers see
//! different answers depending on which server they pick.
//!
//! A server's behaviour models what a resolver experiences: `Up` answers,
//! `Down` never replies (the query times out), `Refusing` replies REFUSED to
//! everything, as a server does that is reachable but not configured for the
//! zone (a lame delegation, RFC 9499 §7).

use super::name::Name;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

/// A stable identifier for a server in a scenario, independent of its host
/// name so that renaming a server keeps its identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServerId(pub String);

impl fmt::Display for ServerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ServerId {
    fn from(id: &str) -> Self {
        ServerId(id.to_string())
    }
}

/// How a server reacts to queries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Behaviour {
    /// Answers from the zones it loads.
    #[default]
    Up,
    /// Does not reply at all: every query times out.
    Down,
    /// Replies REFUSED to every query.
    Refusing,
}

impl fmt::Display for Behaviour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Behaviour::Up => "up",
            Behaviour::Down => "down",
            Behaviour::Refusing => "refusing",
        })
    }
}

/// One simulated authoritative name server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    pub id: ServerId,
    /// The host name NS records use for this server.
    pub host: Name,
    pub addresses: Vec<IpAddr>,
    /// The apexes of the zones this server loads.
    pub zones: Vec<Name>,
    #[serde(default)]
    pub behaviour: Behaviour,
    /// This server's own copy of a zone's text, where it differs from the
    /// zone's shared text (a stale secondary, a half-done migration).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub diverged: BTreeMap<Name, String>,
}

impl Server {
    /// True when the server loads the zone at `apex`.
    pub fn loads(&self, apex: &Name) -> bool {
        self.zones.contains(apex)
    }

    /// True when the server holds its own, different copy of the zone.
    pub fn has_diverged_copy(&self, apex: &Name) -> bool {
        self.diverged.contains_key(apex)
    }
}
