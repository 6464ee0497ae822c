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

use super::dnssec::sign::{read_output, served_records};
use super::dnssec::{Signing, UtcTime};
use super::lesson::Lesson;
use super::name::Name;
use super::record::Record;
pub use super::server::{Behaviour, Server, ServerId};
use super::zone::Zone;
use super::zonefile::{ParsedZone, ZoneFileError, ZoneProblem, parse_zone, text_or_lines};
use crate::sim::hash::{HashMap, HashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

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
/// - 3: scenarios have a date (`epoch`) and zones may be signed
///   (`signing`): an older DNS Lab would serve them unsigned.
pub const SCENARIO_VERSION: u32 = 3;

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
    /// This world is the top of the real DNS (a real root zone, say): the
    /// delegations it holds to servers it lacks lead to the rest of the
    /// internet, which DNS Lab never reaches, rather than being mistakes.
    /// They are summed up in one notice and folded in the graph (see
    /// [`super::hierarchy::ZoneNode::outside`]). A DNS Lab that does not
    /// know the setting reads the world the same and reports each of them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_world: bool,
    /// The world's date when its clock reads zero: signatures are valid
    /// around it (see [`super::dnssec::time`]).
    #[serde(default, skip_serializing_if = "is_default_epoch")]
    pub epoch: UtcTime,
    /// The trust anchor validating resolvers start from: the root's DNSKEY
    /// or DS records as text ([`super::dnssec::anchor::read_anchor`]).
    /// `None`: the root's own key-signing key at the world's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_anchor: Option<String>,
}

fn is_default_epoch(epoch: &UtcTime) -> bool {
    *epoch == UtcTime::default()
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
    /// How the DNS host signs the zone, if it does: the keys, the settings
    /// and the signer's last output, served with the text's records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<Signing>,
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
    /// The trust anchor is not the root's DNSKEY or DS records.
    TrustAnchor {
        line: usize,
        message: String,
    },
    /// A signed zone's stored signer output does not read as records.
    SignerOutput {
        apex: Name,
        line: usize,
        message: String,
    },
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
            ScenarioProblem::SignerOutput {
                apex,
                line,
                message,
            } => write!(
                f,
                "zone {apex}: line {line} of its stored signatures does not read ({message}); sign the zone again"
            ),
            ScenarioProblem::TrustAnchor { line, message } => {
                write!(f, "the trust anchor, line {line}: {message}")
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
        let version = format_version(json)
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
        // Read back from text rather than from the `Value`: each way of
        // reading instantiates every derived reader again, and the page's
        // download is measured (BENCHMARKS.md).
        serde_json::from_str(&value.to_string()).map_err(|e| ScenarioError::Json(e.to_string()))
    }

    /// The scenario as pretty JSON, the form files carry.
    pub fn to_json(&self) -> String {
        // Written compact, as sessions and links are, then indented: one
        // writer instantiated in the page instead of two.
        let compact = serde_json::to_string(self).expect("a scenario always serializes");
        indent_json(&compact)
    }

    pub fn server(&self, id: &ServerId) -> Option<&Server> {
        self.servers.iter().find(|s| &s.id == id)
    }

    pub fn zone_source(&self, apex: &Name) -> Option<&ZoneSource> {
        self.zones.iter().find(|z| &z.apex == apex)
    }

    /// Parses every zone copy and checks the scenario's parts fit together.
    pub fn load(&self) -> Result<World, ScenarioError> {
        self.load_with(None)
    }

    /// [`Scenario::load`], reusing the parsed zones of `previous` whose
    /// text and apex are unchanged: after an edit to one zone, only that
    /// zone is parsed again. Parsing is a pure function of text and apex, so
    /// the result equals `self.load()`, warnings and problems included.
    pub fn load_reusing(&self, previous: &World) -> Result<World, ScenarioError> {
        self.load_with(Some(previous))
    }

    fn load_with(&self, previous: Option<&World>) -> Result<World, ScenarioError> {
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
        if let Some(text) = &self.trust_anchor
            && let Err((line, message)) = super::dnssec::anchor::read_anchor(text)
        {
            problems.push(ScenarioProblem::TrustAnchor { line, message });
        }
        let mut warnings = Vec::new();
        let mut zones = BTreeMap::new();
        for (position, source) in self.zones.iter().enumerate() {
            if zones.contains_key(&source.apex) {
                problems.push(ScenarioProblem::DuplicateZone(source.apex.clone()));
                continue;
            }
            // A reused copy is the one served, signer output and all.
            let reuse = previous.and_then(|p| p.shared_copy_of(source));
            let reused = reuse.is_some();
            if let Some(parsed) = load_copy(
                &source.text,
                &source.apex,
                None,
                reuse,
                &mut warnings,
                &mut problems,
            ) {
                let parsed = match &source.signing {
                    Some(signing) if !reused => {
                        match with_signer_output(&source.apex, parsed, signing) {
                            Ok(signed) => signed,
                            Err(problem) => {
                                problems.push(problem);
                                continue;
                            }
                        }
                    }
                    _ => parsed,
                };
                zones.insert(
                    source.apex.clone(),
                    SharedCopy {
                        source: position,
                        parsed,
                    },
                );
            }
        }

        let defined: HashSet<&Name> = self.zones.iter().map(|z| &z.apex).collect();
        let mut diverged = HashMap::default();
        let mut loads = HashSet::default();
        let mut server_index = HashMap::default();
        // Which server (by position) listens on each address.
        let mut by_address: HashMap<IpAddr, usize> = HashMap::default();
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
                loads.insert((index, apex.clone()));
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
                let reuse = previous.and_then(|p| p.diverged_copy_of(&server.id, apex, text));
                if let Some(parsed) = load_copy(
                    text,
                    apex,
                    Some(&server.id),
                    reuse,
                    &mut warnings,
                    &mut problems,
                ) {
                    diverged.insert((index, apex.clone()), parsed);
                }
            }
        }
        let copies = || {
            zones
                .values()
                .map(|copy| &copy.parsed.zone)
                .chain(diverged.values().map(|parsed| &parsed.zone))
        };
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
        // In canonical order a zone's subtree follows it, so a stack of the
        // zones above the current one gives each depth without a lookup.
        let mut above: Vec<&Name> = Vec::new();
        for apex in zones.keys() {
            while above.last().is_some_and(|top| !apex.is_strictly_below(top)) {
                above.pop();
            }
            let depth = above.len();
            above.push(apex);
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
            loads,
            server_index,
            by_address,
            warnings,
        })
    }
}

/// The `"version"` of a JSON document this app writes (a scenario, a saved
/// session), read before the rest: a newer format is refused by name, an
/// older one read the way it was written.
pub fn format_version(json: &str) -> Result<u32, serde_json::Error> {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u32,
    }
    serde_json::from_str(json).map(|VersionOnly { version }| version)
}

/// Compact JSON (no space outside strings, as `serde_json::to_string`
/// writes it) laid out as `serde_json::to_string_pretty` lays it out: two
/// spaces per level, one member or element per line, `{}` and `[]` when
/// empty.
fn indent_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut chars = compact.chars().peekable();
    let (mut in_string, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
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
            // 2 → 3: dates and signing appeared; a version-2 scenario is
            // unsigned and dated the default epoch.
            2 => {}
            _ => unreachable!("a migration for every older version"),
        }
        object.insert("version".into(), (version + 1).into());
    }
    Ok(())
}

/// Parses one copy of a zone (the shared one when `server` is `None`),
/// collecting its warnings, or its errors as a problem. `reuse` is the same
/// text parsed before, when the caller has it.
fn load_copy(
    text: &str,
    apex: &Name,
    server: Option<&ServerId>,
    reuse: Option<Arc<ParsedZone>>,
    warnings: &mut Vec<ZoneWarning>,
    problems: &mut Vec<ScenarioProblem>,
) -> Option<Arc<ParsedZone>> {
    let parsed = match reuse {
        Some(parsed) => parsed,
        None => match parse_zone(text, apex) {
            Ok(parsed) => Arc::new(parsed),
            Err(error) => {
                problems.push(ScenarioProblem::ZoneText {
                    apex: apex.clone(),
                    server: server.cloned(),
                    error,
                });
                return None;
            }
        },
    };
    warnings.extend(parsed.warnings.iter().map(|problem| ZoneWarning {
        apex: apex.clone(),
        server: server.cloned(),
        problem: problem.clone(),
    }));
    Some(parsed)
}

/// A signed zone's copy as its host serves it: the text's data, and the
/// signer's output in place of any signatures and proofs the text holds.
fn with_signer_output(
    apex: &Name,
    parsed: Arc<ParsedZone>,
    signing: &Signing,
) -> Result<Arc<ParsedZone>, ScenarioProblem> {
    let output = read_output(&signing.output, apex).map_err(|(line, message)| {
        ScenarioProblem::SignerOutput {
            apex: apex.clone(),
            line,
            message,
        }
    })?;
    let zone = Zone::new(apex.clone(), served_records(&parsed.zone, &output));
    Ok(Arc::new(ParsedZone {
        zone,
        warnings: parsed.warnings.clone(),
    }))
}

/// A loaded scenario: parsed zone copies, and servers found by id or address.
///
/// Parsed copies are shared (`Arc`), so cloning a world or reloading it
/// after an edit ([`Scenario::load_reusing`]) copies no zone data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    scenario: Scenario,
    /// Each zone's shared copy.
    zones: BTreeMap<Name, SharedCopy>,
    /// Diverged copies, by server position and zone.
    diverged: HashMap<(usize, Name), Arc<ParsedZone>>,
    /// Each (server position, apex) a server loads: a provider's server
    /// loads thousands of zones, too many to search its list per query.
    loads: HashSet<(usize, Name)>,
    server_index: HashMap<ServerId, usize>,
    by_address: HashMap<IpAddr, usize>,
    /// Positions of the servers that load the root zone.
    root_servers: Vec<usize>,
    warnings: Vec<ZoneWarning>,
}

/// A zone's shared copy, parsed, and which zone source it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SharedCopy {
    /// The position of its text in the scenario's zones.
    source: usize,
    parsed: Arc<ParsedZone>,
}

impl World {
    /// The parsed shared copy of the zone `source` describes, if its text
    /// and signing are the same.
    fn shared_copy_of(&self, source: &ZoneSource) -> Option<Arc<ParsedZone>> {
        let copy = self.zones.get(&source.apex)?;
        (self.scenario.zones[copy.source] == *source).then(|| Arc::clone(&copy.parsed))
    }

    /// The parsed diverged copy `server` holds of the zone at `apex`, if
    /// its text is `text`.
    fn diverged_copy_of(
        &self,
        server: &ServerId,
        apex: &Name,
        text: &str,
    ) -> Option<Arc<ParsedZone>> {
        let index = *self.server_index.get(server)?;
        let previous = self.scenario.servers[index].diverged.get(apex)?;
        if previous != text {
            return None;
        }
        self.diverged.get(&(index, apex.clone())).cloned()
    }

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

    /// The server that goes by the host name `host` (the first, should a
    /// scenario file give two servers one name).
    pub fn server_named(&self, host: &Name) -> Option<&Server> {
        self.scenario.servers.iter().find(|s| s.host == *host)
    }

    /// The shared copy of each zone, in canonical order of apex.
    pub fn zones(&self) -> impl Iterator<Item = &Zone> {
        self.zones.values().map(|copy| &copy.parsed.zone)
    }

    pub fn zone(&self, apex: &Name) -> Option<&Zone> {
        self.zones.get(apex).map(|copy| &copy.parsed.zone)
    }

    /// True when `server` loads the zone at `apex`: [`Server::loads`]
    /// without searching the server's list.
    pub fn server_loads(&self, server: &ServerId, apex: &Name) -> bool {
        self.server_index
            .get(server)
            .is_some_and(|&index| self.loads.contains(&(index, apex.clone())))
    }

    /// The copy of the zone at `apex` that `server` serves: its diverged copy
    /// if it has one, else the shared one; `None` if it does not load it.
    pub fn copy_served_by(&self, server: &ServerId, apex: &Name) -> Option<&Zone> {
        let index = *self.server_index.get(server)?;
        let key = (index, apex.clone());
        if !self.loads.contains(&key) {
            return None;
        }
        match self.diverged.get(&key) {
            Some(parsed) => Some(&parsed.zone),
            None => self.zone(apex),
        }
    }

    /// The copy `server` serves of the closest zone it loads at or above
    /// `name` (RFC 1034 §4.3.2 step 2); `None` if it loads none. Walks the
    /// name's ancestors, so its cost does not grow with the server's list.
    pub fn closest_copy_served_by(&self, server: &ServerId, name: &Name) -> Option<&Zone> {
        name.ancestors()
            .find_map(|apex| self.copy_served_by(server, &apex))
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

    /// The trust anchor validating resolvers start from at `now`: the
    /// scenario's own, or else the root's key-signing keys
    /// ([`super::dnssec::anchor::configured_anchors`]; none when the root
    /// is not signed).
    pub fn trust_anchors(&self, now: UtcTime) -> Vec<Record> {
        match &self.scenario.trust_anchor {
            Some(text) => super::dnssec::anchor::read_anchor(text).unwrap_or_default(),
            None => self
                .zone(&Name::root())
                .map(|root| super::dnssec::anchor::configured_anchors(root, now))
                .unwrap_or_default(),
        }
    }

    /// Warnings from every zone copy (loaded, but worth a look).
    pub fn warnings(&self) -> &[ZoneWarning] {
        &self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenarios::{generated_world, library};

    /// Loading `edited` reusing `previous` gives what loading it afresh
    /// gives, errors included.
    fn same_as_fresh(edited: &Scenario, previous: &World) {
        assert_eq!(
            edited.load_reusing(previous),
            edited.load(),
            "{}",
            edited.title
        );
    }

    /// Edits a user can make, each applied to a copy of `scenario`.
    fn edits(scenario: &Scenario) -> Vec<Scenario> {
        let mut out = Vec::new();
        let mut edit = |change: &dyn Fn(&mut Scenario)| {
            let mut copy = scenario.clone();
            change(&mut copy);
            out.push(copy);
        };
        edit(&|s| s.zones[0].text.push_str("added 300 A 192.0.2.200\n"));
        edit(&|s| s.zones[0].text.push_str("broken A 192.0.2.300\n"));
        edit(&|s| {
            s.zones[0]
                .text
                .push_str("dup-ttl 300 A 192.0.2.1\ndup-ttl 600 A 192.0.2.2\n")
        });
        edit(&|s| {
            let last = s.zones.len() - 1;
            s.zones[last]
                .text
                .push_str("; a comment changes the text only\n");
        });
        // The same text under another apex is a different zone.
        edit(&|s| s.zones[0].apex = Name::parse("elsewhere.example.").unwrap());
        edit(&|s| {
            s.zones.remove(0);
        });
        edit(&|s| s.zones.reverse());
        edit(&|s| s.servers.reverse());
        edit(&|s| {
            s.servers.remove(0);
        });
        edit(&|s| {
            let zone = s.zones[0].clone();
            s.zones.push(zone);
        });
        // A diverged copy added, changed, or made identical to the shared one.
        edit(&|s| {
            let apex = s.servers[0].zones[0].clone();
            let mut text = s.zone_source(&apex).unwrap().text.clone();
            text.push_str("stale 300 A 192.0.2.201\n");
            s.servers[0].diverged.insert(apex, text);
        });
        edit(&|s| {
            for server in &mut s.servers {
                for text in server.diverged.values_mut() {
                    text.push_str("newer 300 A 192.0.2.202\n");
                }
            }
        });
        edit(&|s| {
            if let Some(server) = s.servers.iter_mut().find(|s| !s.diverged.is_empty()) {
                server.id = ServerId("renamed".into());
            }
        });
        out
    }

    #[test]
    fn reusing_gives_the_same_world_for_every_built_in_and_edit() {
        for scenario in library() {
            let world = scenario.load().expect("built-ins load");
            same_as_fresh(&scenario, &world);
            for edited in edits(&scenario) {
                same_as_fresh(&edited, &world);
                // And again from the world the edit gave, as after a
                // second edit.
                if let Ok(next) = edited.load_reusing(&world) {
                    for again in edits(&edited) {
                        same_as_fresh(&again, &next);
                    }
                }
            }
        }
    }

    #[test]
    fn reusing_parses_only_the_edited_zone() {
        let scenario = generated_world(50);
        let world = scenario.load().unwrap();
        let mut edited = scenario.clone();
        edited.zones[3].text.push_str("added 300 A 192.0.2.200\n");
        let reloaded = edited.load_reusing(&world).unwrap();
        assert_eq!(reloaded, edited.load().unwrap());
        for (i, source) in scenario.zones.iter().enumerate() {
            let before = world.zone(&source.apex).unwrap();
            let after = reloaded.zone(&source.apex).unwrap();
            // The same allocation: shared, not parsed again.
            assert_eq!(std::ptr::eq(before, after), i != 3, "{}", source.apex);
        }
    }
}
