//! Scenarios: a whole simulated DNS world, as a user edits and shares it.
//!
//! A scenario lists name servers and zones. Each zone is kept as zone-file
//! text, the source of truth a user edits; the parent's NS records and glue
//! for a child (what a registrar sets) are ordinary records in the parent's
//! text, and the child's apex NS records (what a DNS host serves) are in the
//! child's. The servers that load the root zone are the resolver's root
//! hints (RFC 1034 §5.3.2, the "safety belt").
//!
//! On disk and in links a scenario is JSON with a `version` field. Loading it
//! parses every zone copy and checks that the pieces fit together, giving a
//! [`World`]: the read-only view the hierarchy, the servers and the resolver
//! work from. A scenario that does not load reports every problem it has and
//! is left as it was.

use super::lesson::Lesson;
use super::name::Name;
pub use super::server::{Behaviour, Server, ServerId};
use super::zone::Zone;
use super::zonefile::{ZoneFileError, ZoneProblem, parse_zone};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::net::IpAddr;

/// Limits on what a scenario may hold. Scenarios come from strangers (share
/// links, files), so each bound is checked when a scenario loads and
/// exceeding one is a clear problem, never a hang. They are far above any
/// teaching world and above the largest generated benchmark worlds.
///
/// Other bounds live where they apply: a name is at most 255 octets and a
/// label 63 (RFC 1035 §2.3.4, `Name`); a TXT string at most 255 octets and
/// a record's data at most 65,535 (RFC 1035 §3.3, the zone-file reader);
/// a CNAME chain is followed at most `Limits::max_cname_restarts` times and
/// a resolution sends at most `Limits::max_queries` queries (the resolver);
/// a share link inflates to at most 1 MB and an imported file is at most
/// 5 MB (`crate::persist`, outside the core).
pub mod limits {
    /// Zones in one scenario.
    pub const MAX_ZONES: usize = 100_000;
    /// Name servers in one scenario.
    pub const MAX_SERVERS: usize = 250_000;
    /// Records in one copy of a zone.
    pub const MAX_ZONE_RECORDS: usize = 1_000_000;
    /// Records in all zone copies together.
    pub const MAX_RECORDS: usize = 2_000_000;
    /// Zones on one path down from the root (the root is depth 0). Real
    /// names rarely go below depth 10; resolvers stop following referrals
    /// long before 127 (Unbound's `MAX_REFERRAL_COUNT` is 130).
    pub const MAX_DELEGATION_DEPTH: usize = 32;
}

/// The scenario format this build writes and the newest it reads. Older
/// formats are migrated when read (see [`Scenario::from_json`]).
///
/// - 1: servers, zones as text, diverged copies.
/// - 2: scenarios may carry a lesson. A DNS Lab that reads only version 1
///   would drop the lesson without a word, hence the new number.
pub const SCENARIO_VERSION: u32 = 2;

/// A simulated DNS world, as edited and saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub servers: Vec<Server>,
    pub zones: Vec<ZoneSource>,
    /// The lesson a built-in scenario teaches: its story, the query to try
    /// and a fix-it challenge (see [`super::lesson`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<Lesson>,
}

/// One zone's shared text, as every server that loads it serves it unless
/// the server holds a diverged copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneSource {
    pub apex: Name,
    /// Zone-file text. Built-in scenario files may write it as a list of
    /// lines, which is easier to read and edit than one escaped string.
    #[serde(deserialize_with = "text_or_lines")]
    pub text: String,
}

pub(crate) fn text_or_lines<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrLines {
        Text(String),
        Lines(Vec<String>),
    }
    Ok(match TextOrLines::deserialize(deserializer)? {
        TextOrLines::Text(text) => text,
        TextOrLines::Lines(lines) => {
            let mut text = lines.join("\n");
            text.push('\n');
            text
        }
    })
}

/// Why a scenario could not be read or loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The JSON does not have the shape of a scenario.
    Json(String),
    /// Written by a newer DNS Lab than this one.
    FutureVersion { version: u32 },
    /// The scenario reads but its parts do not fit together.
    Invalid(Vec<ScenarioProblem>),
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Json(message) => write!(f, "this is not a DNS Lab scenario: {message}"),
            ScenarioError::FutureVersion { version } => write!(
                f,
                "this scenario was saved by a newer DNS Lab (format version {version}); this one reads up to version {SCENARIO_VERSION}"
            ),
            ScenarioError::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

/// One thing wrong with a scenario's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioProblem {
    /// A zone's text (or one server's diverged copy of it) has errors.
    ZoneText {
        apex: Name,
        server: Option<ServerId>,
        error: ZoneFileError,
    },
    DuplicateZone(Name),
    DuplicateServer(ServerId),
    /// A server says it loads a zone the scenario does not define.
    UnknownZone {
        server: ServerId,
        apex: Name,
    },
    /// A server holds a diverged copy of a zone it does not load.
    CopyOfUnloadedZone {
        server: ServerId,
        apex: Name,
    },
    NoAddress(ServerId),
    /// Two servers claim one address: a query to it would have two answers.
    SharedAddress {
        address: IpAddr,
        servers: (ServerId, ServerId),
    },
    /// More of something than [`limits`] allow.
    TooMany {
        what: &'static str,
        count: usize,
        limit: usize,
    },
    /// A zone nested deeper below the root than
    /// [`limits::MAX_DELEGATION_DEPTH`].
    TooDeep {
        apex: Name,
        depth: usize,
    },
}

impl fmt::Display for ScenarioProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioProblem::ZoneText {
                apex,
                server,
                error,
            } => {
                match server {
                    Some(server) => write!(f, "zone {apex} (the copy on server {server}):")?,
                    None => write!(f, "zone {apex}:")?,
                }
                for problem in error.errors() {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
            ScenarioProblem::DuplicateZone(apex) => {
                write!(f, "zone {apex} is defined twice; keep one")
            }
            ScenarioProblem::DuplicateServer(id) => {
                write!(f, "two servers share the id \"{id}\"; ids must be unique")
            }
            ScenarioProblem::UnknownZone { server, apex } => write!(
                f,
                "server {server} loads zone {apex}, but the scenario has no such zone"
            ),
            ScenarioProblem::CopyOfUnloadedZone { server, apex } => write!(
                f,
                "server {server} holds its own copy of zone {apex} but does not load that zone"
            ),
            ScenarioProblem::NoAddress(server) => write!(
                f,
                "server {server} has no address; resolvers reach servers only by address"
            ),
            ScenarioProblem::TooMany { what, count, limit } => write!(
                f,
                "the scenario has {count} {what}; DNS Lab handles at most {limit}"
            ),
            ScenarioProblem::TooDeep { apex, depth } => write!(
                f,
                "zone {apex} is {depth} delegations below the root; DNS Lab allows at most {}",
                limits::MAX_DELEGATION_DEPTH
            ),
            ScenarioProblem::SharedAddress { address, servers } => write!(
                f,
                "servers {} and {} both have the address {address}; give each its own",
                servers.0, servers.1
            ),
        }
    }
}

/// A zone-file warning, with the zone copy it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneWarning {
    pub apex: Name,
    pub server: Option<ServerId>,
    pub problem: ZoneProblem,
}

impl Scenario {
    /// Reads a scenario from JSON, migrating older formats and refusing
    /// formats newer than this build.
    pub fn from_json(json: &str) -> Result<Scenario, ScenarioError> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let VersionOnly { version } = serde_json::from_str(json)
            .map_err(|e| ScenarioError::Json(format!("no format version: {e}")))?;
        if version > SCENARIO_VERSION {
            return Err(ScenarioError::FutureVersion { version });
        }
        if version == SCENARIO_VERSION {
            // Read straight from the text, so errors keep their line and column.
            return serde_json::from_str(json).map_err(|e| ScenarioError::Json(e.to_string()));
        }
        let mut value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| ScenarioError::Json(e.to_string()))?;
        migrate(&mut value, version)?;
        serde_json::from_value(value).map_err(|e| ScenarioError::Json(e.to_string()))
    }

    /// The scenario as pretty JSON, the form files and links carry.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }

    pub fn server(&self, id: &ServerId) -> Option<&Server> {
        self.servers.iter().find(|s| &s.id == id)
    }

    pub fn zone_source(&self, apex: &Name) -> Option<&ZoneSource> {
        self.zones.iter().find(|z| &z.apex == apex)
    }

    /// Parses every zone copy and checks the scenario's parts fit together.
    pub fn load(&self) -> Result<World, ScenarioError> {
        // Counted before anything is parsed, so an oversized scenario is
        // refused at once.
        for (what, count, limit) in [
            ("zones", self.zones.len(), limits::MAX_ZONES),
            ("servers", self.servers.len(), limits::MAX_SERVERS),
        ] {
            if count > limit {
                return Err(ScenarioError::Invalid(vec![ScenarioProblem::TooMany {
                    what,
                    count,
                    limit,
                }]));
            }
        }
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut zones = BTreeMap::new();
        for source in &self.zones {
            if zones.contains_key(&source.apex) {
                problems.push(ScenarioProblem::DuplicateZone(source.apex.clone()));
                continue;
            }
            if let Some(zone) = load_copy(
                &source.text,
                &source.apex,
                None,
                &mut warnings,
                &mut problems,
            ) {
                zones.insert(source.apex.clone(), zone);
            }
        }

        let defined: HashSet<&Name> = self.zones.iter().map(|z| &z.apex).collect();
        let mut diverged = HashMap::new();
        let mut server_index = HashMap::new();
        // Which server (by position) listens on each address.
        let mut by_address: HashMap<IpAddr, usize> = HashMap::new();
        for (index, server) in self.servers.iter().enumerate() {
            if server_index.insert(server.id.clone(), index).is_some() {
                problems.push(ScenarioProblem::DuplicateServer(server.id.clone()));
            }
            if server.addresses.is_empty() {
                problems.push(ScenarioProblem::NoAddress(server.id.clone()));
            }
            for address in &server.addresses {
                match by_address.get(address) {
                    Some(&other) if self.servers[other].id != server.id => {
                        problems.push(ScenarioProblem::SharedAddress {
                            address: *address,
                            servers: (self.servers[other].id.clone(), server.id.clone()),
                        })
                    }
                    _ => {
                        by_address.insert(*address, index);
                    }
                }
            }
            for apex in &server.zones {
                if !defined.contains(apex) {
                    problems.push(ScenarioProblem::UnknownZone {
                        server: server.id.clone(),
                        apex: apex.clone(),
                    });
                }
            }
            for (apex, text) in &server.diverged {
                if !server.loads(apex) {
                    problems.push(ScenarioProblem::CopyOfUnloadedZone {
                        server: server.id.clone(),
                        apex: apex.clone(),
                    });
                    continue;
                }
                if let Some(zone) =
                    load_copy(text, apex, Some(&server.id), &mut warnings, &mut problems)
                {
                    diverged.insert((index, apex.clone()), zone);
                }
            }
        }
        let copies = || zones.values().chain(diverged.values());
        if let Some(largest) = copies().map(Zone::record_count).max()
            && largest > limits::MAX_ZONE_RECORDS
        {
            problems.push(ScenarioProblem::TooMany {
                what: "records in one zone",
                count: largest,
                limit: limits::MAX_ZONE_RECORDS,
            });
        }
        let records: usize = copies().map(Zone::record_count).sum();
        if records > limits::MAX_RECORDS {
            problems.push(ScenarioProblem::TooMany {
                what: "records in all",
                count: records,
                limit: limits::MAX_RECORDS,
            });
        }
        for apex in zones.keys() {
            let depth = apex
                .ancestors()
                .filter(|above| above != apex && zones.contains_key(above))
                .count();
            if depth > limits::MAX_DELEGATION_DEPTH {
                problems.push(ScenarioProblem::TooDeep {
                    apex: apex.clone(),
                    depth,
                });
            }
        }
        if !problems.is_empty() {
            return Err(ScenarioError::Invalid(problems));
        }
        let root = Name::root();
        let root_servers = self
            .servers
            .iter()
            .enumerate()
            .filter(|(_, s)| s.loads(&root))
            .map(|(i, _)| i)
            .collect();
        Ok(World {
            root_servers,
            scenario: self.clone(),
            zones,
            diverged,
            server_index,
            by_address,
            warnings,
        })
    }
}

/// Brings a scenario written in format `from` up to [`SCENARIO_VERSION`],
/// one version at a time, so each step stays small and tested.
fn migrate(value: &mut serde_json::Value, from: u32) -> Result<(), ScenarioError> {
    if from == 0 {
        return Err(ScenarioError::Json(
            "format version 0 was never written by DNS Lab".into(),
        ));
    }
    // serde reads a struct from a JSON array too; a scenario is an object.
    let Some(object) = value.as_object_mut() else {
        return Err(ScenarioError::Json(
            "a scenario is a JSON object with \"version\", \"servers\" and \"zones\"".into(),
        ));
    };
    for version in from..SCENARIO_VERSION {
        match version {
            // 1 → 2: lessons appeared. A version-1 scenario has none, and
            // every other field means what it meant.
            1 => {}
            _ => unreachable!("a migration for every older version"),
        }
        object.insert("version".into(), (version + 1).into());
    }
    Ok(())
}

/// Parses one copy of a zone (the shared one when `server` is `None`),
/// collecting its warnings, or its errors as a problem.
fn load_copy(
    text: &str,
    apex: &Name,
    server: Option<&ServerId>,
    warnings: &mut Vec<ZoneWarning>,
    problems: &mut Vec<ScenarioProblem>,
) -> Option<Zone> {
    match parse_zone(text, apex) {
        Ok(parsed) => {
            warnings.extend(parsed.warnings.into_iter().map(|problem| ZoneWarning {
                apex: apex.clone(),
                server: server.cloned(),
                problem,
            }));
            Some(parsed.zone)
        }
        Err(error) => {
            problems.push(ScenarioProblem::ZoneText {
                apex: apex.clone(),
                server: server.cloned(),
                error,
            });
            None
        }
    }
}

/// A loaded scenario: parsed zone copies, and servers found by id or address.
#[derive(Clone, Debug)]
pub struct World {
    scenario: Scenario,
    /// Each zone's shared copy.
    zones: BTreeMap<Name, Zone>,
    /// Diverged copies, by server position and zone.
    diverged: HashMap<(usize, Name), Zone>,
    server_index: HashMap<ServerId, usize>,
    by_address: HashMap<IpAddr, usize>,
    /// Positions of the servers that load the root zone.
    root_servers: Vec<usize>,
    warnings: Vec<ZoneWarning>,
}

impl World {
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn servers(&self) -> &[Server] {
        &self.scenario.servers
    }

    pub fn server(&self, id: &ServerId) -> Option<&Server> {
        self.server_index
            .get(id)
            .map(|&i| &self.scenario.servers[i])
    }

    /// The server that listens on `address`, if any.
    pub fn server_at(&self, address: IpAddr) -> Option<&Server> {
        self.by_address
            .get(&address)
            .map(|&i| &self.scenario.servers[i])
    }

    /// The shared copy of each zone, in canonical order of apex.
    pub fn zones(&self) -> impl Iterator<Item = &Zone> {
        self.zones.values()
    }

    pub fn zone(&self, apex: &Name) -> Option<&Zone> {
        self.zones.get(apex)
    }

    /// The copy of the zone at `apex` that `server` serves: its diverged copy
    /// if it has one, else the shared one; `None` if it does not load it.
    pub fn copy_served_by(&self, server: &ServerId, apex: &Name) -> Option<&Zone> {
        let index = *self.server_index.get(server)?;
        if !self.scenario.servers[index].loads(apex) {
            return None;
        }
        self.diverged
            .get(&(index, apex.clone()))
            .or_else(|| self.zones.get(apex))
    }

    /// The servers that load the root zone, with their addresses: where
    /// every resolution starts (RFC 1034 §5.3.2).
    pub fn root_hints(&self) -> Vec<(&Name, IpAddr)> {
        self.root_servers
            .iter()
            .map(|&i| &self.scenario.servers[i])
            .flat_map(|s| s.addresses.iter().map(move |a| (&s.host, *a)))
            .collect()
    }

    /// Warnings from every zone copy (loaded, but worth a look).
    pub fn warnings(&self) -> &[ZoneWarning] {
        &self.warnings
    }
}
