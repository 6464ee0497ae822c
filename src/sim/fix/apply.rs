//! Making a fix's edits to a copy of a scenario: each [`FixEdit`] goes
//! through the scenario's own edits, or the zone-file reader for records,
//! and the first that cannot be made stops the fix with its index.

use super::{Fix, FixEdit};
use crate::sim::edit::EditError;
use crate::sim::name::Name;
use crate::sim::record::Record;
use crate::sim::scenario::Scenario;
use crate::sim::server::ServerId;
use crate::sim::zonefile::{ZoneFileError, edit_records};
use std::fmt;

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
            FixEdit::UpdateServer {
                server,
                host,
                addresses,
            } => scenario
                .update_server(server, host.clone(), addresses.clone())
                .map_err(refused),
            FixEdit::RemoveServer { server } => scenario.remove_server(server).map_err(refused),
            FixEdit::RemoveZone { apex } => scenario.remove_zone(apex, false).map_err(refused),
            FixEdit::Diverge { server, apex } => {
                scenario.set_diverged(server, apex, true).map_err(refused)
            }
            FixEdit::Signing { apex, signing } => scenario
                .set_signing(apex, signing.as_deref().cloned())
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
