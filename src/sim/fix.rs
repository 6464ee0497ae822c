//! Edits to a scenario as data: what a lesson's "reveal the fix" applies,
//! and what each diagnostic finding proposes.
//!
//! A fix is a list of [`FixEdit`]s made in order to a copy of the scenario
//! ([`apply_edits`]); the given scenario is left as it was, so the app can
//! offer a fix, apply it as one undoable step, or check it before showing
//! it. Zone edits work on one copy of a zone: the shared text every server
//! loads, or one server's own diverged copy. Record edits go through the
//! zone-file reader ([`edit_records`]), which keeps the user's layout and
//! comments and refuses a result that would not load.

use super::edit::EditError;
use super::name::Name;
use super::record::Record;
use super::scenario::{Scenario, text_or_lines};
use super::server::{Behaviour, ServerId};
use super::zonefile::{ZoneFileError, edit_records};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

/// The reveal-the-fix answer: why, and the edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub explanation: String,
    pub edits: Vec<FixEdit>,
}

/// One edit to a scenario. Zone edits work on one copy of a zone: the
/// shared text, or a server's own copy when `server` is given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum FixEdit {
    /// Replaces the first line that reads `line` (spacing aside) with the
    /// lines `with` (none deletes it).
    ReplaceLine {
        apex: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<ServerId>,
        line: String,
        with: Vec<String>,
    },
    /// Adds lines at the end of the zone's text.
    AddLines {
        apex: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<ServerId>,
        lines: Vec<String>,
    },
    /// Replaces the whole text of a zone copy.
    ZoneText {
        apex: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<ServerId>,
        #[serde(deserialize_with = "text_or_lines")]
        text: String,
    },
    /// Sets how a server reacts to queries (bring it up, take it down).
    Behaviour {
        server: ServerId,
        behaviour: Behaviour,
    },
    /// Makes a server load a zone, or stop loading it.
    Loads {
        server: ServerId,
        apex: Name,
        loads: bool,
    },
    /// Drops a server's own copy of a zone so it serves the shared text
    /// again: what a successful zone transfer does for a stale secondary.
    Resync { server: ServerId, apex: Name },
    /// Removes the records equal to one in `remove` (TTL aside) and adds
    /// `add`, keeping the rest of the text as written: the registrar form
    /// and the record table edit this way, and so do the findings' fixes.
    Records {
        apex: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<ServerId>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        remove: Vec<Record>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add: Vec<Record>,
    },
    /// Creates a zone served by the servers with these host names (see
    /// [`Scenario::add_zone`]); a server added by an earlier edit of the
    /// same fix counts.
    AddZone {
        apex: Name,
        servers: Vec<Name>,
        #[serde(default)]
        delegate: bool,
    },
    /// Starts a new name server that loads `zones`.
    AddServer {
        host: Name,
        addresses: Vec<IpAddr>,
        zones: Vec<Name>,
    },
}

/// Why an edit could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixError {
    /// The scenario refused the edit (no such zone or server, no own copy).
    Edit { index: usize, error: EditError },
    /// The edited records would not make a zone that loads.
    Zone {
        index: usize,
        apex: Name,
        error: ZoneFileError,
    },
    /// The line to replace is not in that copy of the zone (the learner may
    /// have changed it already).
    LineNotFound {
        index: usize,
        apex: Name,
        server: Option<ServerId>,
        line: String,
    },
}

impl fmt::Display for FixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixError::Edit { index, error } => write!(f, "edit {}: {error}", index + 1),
            FixError::Zone { index, apex, error } => {
                write!(f, "edit {}: {apex} would not load: {error}", index + 1)
            }
            FixError::LineNotFound {
                index,
                apex,
                server,
                line,
            } => {
                write!(f, "edit {}: the line `{line}` is not in ", index + 1)?;
                match server {
                    Some(server) => write!(f, "server {server}'s copy of {apex}"),
                    None => write!(f, "the zone {apex}"),
                }
            }
        }
    }
}

impl std::error::Error for FixError {}

impl Fix {
    pub fn new(explanation: String, edits: Vec<FixEdit>) -> Fix {
        Fix { explanation, edits }
    }

    /// Advice only: the world lacks what an edit would need.
    pub fn words(explanation: String) -> Fix {
        Fix::new(explanation, Vec::new())
    }

    /// The scenario with every edit made, in order; `scenario` itself is
    /// left as it was. Meant for the scenario as shipped: on a learner's
    /// edited copy a line to replace may be gone, which is an error.
    pub fn apply(&self, scenario: &Scenario) -> Result<Scenario, FixError> {
        apply_edits(scenario, &self.edits)
    }
}

/// `scenario` with `edits` made, in order.
pub fn apply_edits(scenario: &Scenario, edits: &[FixEdit]) -> Result<Scenario, FixError> {
    let mut edited = scenario.clone();
    for (index, edit) in edits.iter().enumerate() {
        edit.apply_to(&mut edited, index)?;
    }
    Ok(edited)
}

impl FixEdit {
    fn apply_to(&self, scenario: &mut Scenario, index: usize) -> Result<(), FixError> {
        let refused = |error: EditError| FixError::Edit { index, error };
        match self {
            FixEdit::ReplaceLine {
                apex,
                server,
                line,
                with,
            } => {
                let text = copy_text(scenario, apex, server.as_ref()).map_err(refused)?;
                let wanted = spacing_aside(line);
                let mut lines: Vec<&str> = text.lines().collect();
                let Some(at) = lines.iter().position(|l| spacing_aside(l) == wanted) else {
                    return Err(FixError::LineNotFound {
                        index,
                        apex: apex.clone(),
                        server: server.clone(),
                        line: line.clone(),
                    });
                };
                lines.splice(at..=at, with.iter().map(String::as_str));
                let text = joined(&lines);
                scenario
                    .set_copy_text(apex, server.as_ref(), text)
                    .map_err(refused)
            }
            FixEdit::AddLines {
                apex,
                server,
                lines,
            } => {
                let text = copy_text(scenario, apex, server.as_ref()).map_err(refused)?;
                let mut all: Vec<&str> = text.lines().collect();
                all.extend(lines.iter().map(String::as_str));
                let text = joined(&all);
                scenario
                    .set_copy_text(apex, server.as_ref(), text)
                    .map_err(refused)
            }
            FixEdit::ZoneText { apex, server, text } => scenario
                .set_copy_text(apex, server.as_ref(), text.clone())
                .map_err(refused),
            FixEdit::Behaviour { server, behaviour } => {
                match scenario.servers.iter_mut().find(|s| &s.id == server) {
                    Some(s) => {
                        s.behaviour = *behaviour;
                        Ok(())
                    }
                    None => Err(refused(EditError::NoSuchServer(server.clone()))),
                }
            }
            FixEdit::Loads {
                server,
                apex,
                loads,
            } => scenario.set_loads(server, apex, *loads).map_err(refused),
            FixEdit::Resync { server, apex } => {
                scenario.set_diverged(server, apex, false).map_err(refused)
            }
            FixEdit::Records {
                apex,
                server,
                remove,
                add,
            } => {
                let text = copy_text(scenario, apex, server.as_ref()).map_err(refused)?;
                let removed = |r: &Record| remove.iter().any(|x| x.same_data(r));
                let text =
                    edit_records(&text, apex, removed, add).map_err(|error| FixError::Zone {
                        index,
                        apex: apex.clone(),
                        error,
                    })?;
                scenario
                    .set_copy_text(apex, server.as_ref(), text)
                    .map_err(refused)
            }
            FixEdit::AddZone {
                apex,
                servers,
                delegate,
            } => {
                let ids = servers
                    .iter()
                    .map(|host| {
                        scenario
                            .servers
                            .iter()
                            .find(|s| s.host == *host)
                            .map(|s| s.id.clone())
                            .ok_or_else(|| {
                                refused(EditError::NoSuchServer(ServerId(host.to_string())))
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                scenario
                    .add_zone(apex.clone(), &ids, *delegate)
                    .map_err(refused)
            }
            FixEdit::AddServer {
                host,
                addresses,
                zones,
            } => scenario
                .add_server(host.clone(), addresses.clone(), zones.clone())
                .map(|_| ())
                .map_err(refused),
        }
    }
}

/// The text of one copy of a zone, as an owned string to edit.
fn copy_text(
    scenario: &Scenario,
    apex: &Name,
    server: Option<&ServerId>,
) -> Result<String, EditError> {
    if let Some(id) = server
        && scenario.server(id).is_none()
    {
        return Err(EditError::NoSuchServer(id.clone()));
    }
    scenario
        .copy_text(apex, server)
        .map(str::to_string)
        .ok_or_else(|| EditError::NoSuchZone(apex.clone()))
}

/// A zone-file line with its spacing made canonical, so a fix matches a
/// line however its columns were aligned.
fn spacing_aside(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn joined(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}
