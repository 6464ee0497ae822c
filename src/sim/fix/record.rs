//! "Record my fix": the edits between two scenarios, as a [`FixEdit`] list
//! that remakes the second from the first.
//!
//! A teacher writing a lesson breaks a world, then mends it by hand the way
//! a learner should. What the lesson keeps is not the keystrokes (undo,
//! detours and typos included) but the difference between the world before
//! and after: servers removed, renamed or added, zones removed or added,
//! zone texts (shared and servers' own copies), which servers load which
//! zone, and how each server behaves. [`edits_between`] writes that
//! difference as edits in an order that can be made (a server before the
//! zone it is to serve, a zone before the servers that load it), then makes
//! them to a copy of the first world and checks the result is the second,
//! so a recorded fix never says one thing and does another.

use super::FixEdit;
use super::apply::{FixError, apply_edits};
use crate::sim::name::Name;
use crate::sim::scenario::Scenario;
use crate::sim::server::Server;
use std::fmt;

/// Why the edits could not be recorded as a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// A new zone in a world with no server at all: a fix can only
    /// create a zone with a server.
    ZoneWithoutServer(Name),
    /// The edits, made to the world before, were refused.
    Refused(FixError),
    /// The edits, made to the world before, give another world (a new
    /// server would get another id, say).
    Differs,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::ZoneWithoutServer(apex) => write!(
                f,
                "the new zone {apex} needs a server to be created with: add one"
            ),
            RecordError::Refused(error) => {
                write!(f, "the recorded edits cannot be made again: {error}")
            }
            RecordError::Differs => {
                f.write_str("the recorded edits, made again, do not give the same world")
            }
        }
    }
}

impl std::error::Error for RecordError {}

/// The edits that turn `before` into `after` (title, description, lesson
/// and the open-world setting aside: they are not the world's DNS).
pub fn edits_between(before: &Scenario, after: &Scenario) -> Result<Vec<FixEdit>, RecordError> {
    let mut edits = Vec::new();
    let old = |id| before.servers.iter().find(|s| &s.id == id);

    for server in &before.servers {
        if after.server(&server.id).is_none() {
            edits.push(FixEdit::RemoveServer {
                server: server.id.clone(),
            });
        }
    }
    for server in &after.servers {
        match old(&server.id) {
            Some(was) if was.host != server.host || was.addresses != server.addresses => {
                edits.push(FixEdit::UpdateServer {
                    server: server.id.clone(),
                    host: server.host.clone(),
                    addresses: server.addresses.clone(),
                });
            }
            Some(_) => {}
            None => edits.push(FixEdit::AddServer {
                host: server.host.clone(),
                addresses: server.addresses.clone(),
                zones: Vec::new(),
            }),
        }
    }

    for zone in &before.zones {
        if after.zone_source(&zone.apex).is_none() {
            edits.push(FixEdit::RemoveZone {
                apex: zone.apex.clone(),
            });
        }
    }
    for zone in &after.zones {
        let shared_before = before.zone_source(&zone.apex).map(|z| &z.text);
        // A zone is created with a server; when none loads it in the end,
        // any server will do, and then stops loading it.
        let mut unload = None;
        if shared_before.is_none() {
            let loader = after
                .servers
                .iter()
                .find(|s| s.loads(&zone.apex))
                .or_else(|| {
                    unload = after.servers.first();
                    unload
                })
                .ok_or_else(|| RecordError::ZoneWithoutServer(zone.apex.clone()))?;
            edits.push(FixEdit::AddZone {
                apex: zone.apex.clone(),
                servers: vec![loader.host.clone()],
                delegate: false,
            });
        }
        if shared_before != Some(&zone.text) {
            edits.push(FixEdit::ZoneText {
                apex: zone.apex.clone(),
                server: None,
                text: zone.text.clone(),
            });
        }
        let signing_before = before
            .zone_source(&zone.apex)
            .and_then(|z| z.signing.as_ref());
        if signing_before != zone.signing.as_ref() {
            edits.push(FixEdit::Signing {
                apex: zone.apex.clone(),
                signing: zone.signing.clone().map(Box::new),
            });
        }
        if let Some(server) = unload {
            edits.push(FixEdit::Loads {
                server: server.id.clone(),
                apex: zone.apex.clone(),
                loads: false,
            });
        }
    }

    for server in &after.servers {
        let was = old(&server.id);
        let loaded_before = |apex: &Name| was.is_some_and(|w| w.loads(apex));
        for apex in &server.zones {
            if !loaded_before(apex) {
                edits.push(FixEdit::Loads {
                    server: server.id.clone(),
                    apex: apex.clone(),
                    loads: true,
                });
            }
        }
        if let Some(was) = was {
            for apex in was.zones.iter().filter(|apex| !server.loads(apex)) {
                // A zone removed from the world leaves its servers with it.
                if after.zone_source(apex).is_some() {
                    edits.push(FixEdit::Loads {
                        server: server.id.clone(),
                        apex: apex.clone(),
                        loads: false,
                    });
                }
            }
        }
        own_copies(was, server, after, &mut edits);
        if was.map_or(Default::default(), |w| w.behaviour) != server.behaviour {
            edits.push(FixEdit::Behaviour {
                server: server.id.clone(),
                behaviour: server.behaviour,
            });
        }
    }

    let remade = apply_edits(before, &edits).map_err(RecordError::Refused)?;
    if world_of(&remade) != world_of(after) {
        return Err(RecordError::Differs);
    }
    Ok(edits)
}

/// The edits to a server's own copies of zones: made, changed, or dropped.
fn own_copies(was: Option<&Server>, server: &Server, after: &Scenario, edits: &mut Vec<FixEdit>) {
    for (apex, text) in &server.diverged {
        let before = was.and_then(|w| w.diverged.get(apex));
        if before.is_none() {
            edits.push(FixEdit::Diverge {
                server: server.id.clone(),
                apex: apex.clone(),
            });
        }
        // A new copy starts as the shared text the world ends with.
        let starts_as = before.or(after.zone_source(apex).map(|z| &z.text));
        if starts_as != Some(text) {
            edits.push(FixEdit::ZoneText {
                apex: apex.clone(),
                server: Some(server.id.clone()),
                text: text.clone(),
            });
        }
    }
    if let Some(was) = was {
        for apex in was.diverged.keys() {
            if !server.diverged.contains_key(apex) && server.loads(apex) {
                edits.push(FixEdit::Resync {
                    server: server.id.clone(),
                    apex: apex.clone(),
                });
            }
        }
    }
}

/// A scenario's DNS alone, in a canonical order: the servers by id with
/// their zones sorted, the zones by apex.
fn world_of(scenario: &Scenario) -> (Vec<Server>, Vec<(Name, String)>) {
    let mut servers = scenario.servers.clone();
    servers.sort_by(|a, b| a.id.cmp(&b.id));
    for server in &mut servers {
        // Listing a zone twice loads it once.
        server.zones.sort();
        server.zones.dedup();
    }
    let mut zones: Vec<(Name, String)> = scenario
        .zones
        .iter()
        .map(|z| (z.apex.clone(), z.text.clone()))
        .collect();
    zones.sort();
    (servers, zones)
}
