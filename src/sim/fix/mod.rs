//! Edits to a scenario as data: what a lesson's "reveal the fix" applies,
//! and what each diagnostic finding proposes.
//!
//! A fix is a list of [`FixEdit`]s made in order to a copy of the scenario
//! ([`apply_edits`](apply::apply_edits)); the given scenario is left as it was, so the app can
//! offer a fix, apply it as one undoable step, or check it before showing
//! it. Zone edits work on one copy of a zone: the shared text every server
//! loads, or one server's own diverged copy. Record edits go through the
//! zone-file reader ([`edit_records`](super::zonefile::edit_records)), which keeps the user's layout and
//! comments and refuses a result that would not load.

pub mod apply;
pub mod record;

use super::dnssec::Signing;
use super::name::Name;
use super::prose::plural;
use super::record::Record;
use super::server::{Behaviour, ServerId};
use super::zonefile::text_or_lines;
use serde::{Deserialize, Serialize};
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
    /// [`Scenario::add_zone`](super::scenario::Scenario::add_zone)); a server added by an earlier edit of the
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
    /// Renames a server and gives it new addresses (records that name the
    /// old ones stay as they are).
    UpdateServer {
        server: ServerId,
        host: Name,
        addresses: Vec<IpAddr>,
    },
    /// Takes a name server out of the world.
    RemoveServer { server: ServerId },
    /// Takes a zone out of the world and off every server (the parent's
    /// delegation stays unless another edit removes it).
    RemoveZone { apex: Name },
    /// Gives a server its own copy of a zone, starting as the shared text.
    Diverge { server: ServerId, apex: Name },
    /// Sets how the zone is signed: its keys, settings and the signer's
    /// output, exactly (none: unsigned).
    Signing {
        apex: Name,
        signing: Option<Box<Signing>>,
    },
}

impl FixEdit {
    /// A few words for a list of a fix's edits: "example.test: its zone
    /// text", "ns1-example-test: up".
    pub fn summary(&self) -> String {
        let copy = |apex: &Name, server: &Option<ServerId>| match server {
            Some(server) => format!("{server}'s own copy of {}", apex.prose()),
            None => apex.prose(),
        };
        match self {
            FixEdit::ReplaceLine { apex, server, .. } => {
                format!("{}: a line replaced", copy(apex, server))
            }
            FixEdit::AddLines {
                apex,
                server,
                lines,
            } => {
                format!(
                    "{}: {} added",
                    copy(apex, server),
                    plural(lines.len(), "line", "lines")
                )
            }
            FixEdit::ZoneText { apex, server, .. } => {
                format!("{}: its text rewritten", copy(apex, server))
            }
            FixEdit::Behaviour { server, behaviour } => format!("{server}: {behaviour}"),
            FixEdit::Loads {
                server,
                apex,
                loads,
            } => format!(
                "{server}: {} {}",
                if *loads { "loads" } else { "stops loading" },
                apex.prose()
            ),
            FixEdit::Resync { server, apex } => {
                format!("{server}: serves the shared copy of {} again", apex.prose())
            }
            FixEdit::Records {
                apex,
                server,
                remove,
                add,
            } => format!(
                "{}: {} removed, {} added",
                copy(apex, server),
                plural(remove.len(), "record", "records"),
                add.len()
            ),
            FixEdit::AddZone { apex, .. } => format!("{}: a new zone", apex.prose()),
            FixEdit::AddServer { host, .. } => format!("{}: a new server", host.prose()),
            FixEdit::UpdateServer { server, host, .. } => {
                format!("{server}: renamed {} or renumbered", host.prose())
            }
            FixEdit::RemoveServer { server } => format!("{server}: removed"),
            FixEdit::RemoveZone { apex } => format!("{}: removed", apex.prose()),
            FixEdit::Diverge { server, apex } => {
                format!("{server}: a copy of its own of {}", apex.prose())
            }
            FixEdit::Signing { apex, signing } => match signing {
                Some(_) => format!("{}: signed with its keys", apex.prose()),
                None => format!("{}: no longer signed", apex.prose()),
            },
        }
    }
}

impl Fix {
    pub fn new(explanation: String, edits: Vec<FixEdit>) -> Fix {
        Fix { explanation, edits }
    }

    /// Advice only: the world lacks what an edit would need.
    pub fn words(explanation: String) -> Fix {
        Fix::new(explanation, Vec::new())
    }
}
