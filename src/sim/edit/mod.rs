//! Editing a scenario the way its users do: adding and removing zones and
//! name servers, choosing which servers load which zones, and letting one
//! server's copy of a zone drift from the others.
//!
//! Creating a zone in DNS takes two parties. The DNS host creates the zone:
//! an SOA record and the apex NS records that name its servers (RFC 1035
//! §5.2, RFC 1034 §4.2.1), loaded by those servers. The parent zone's
//! operator (through a registrar) then adds the delegation: NS records for
//! the child in the parent zone, plus glue (address records) for any name
//! server whose name is inside the child, which resolvers could not find
//! otherwise (RFC 1034 §4.2.1, RFC 9471). Until the parent delegates it, the
//! zone exists on its servers but no resolver is sent there.
//!
//! Removing a zone is the reverse; removing the delegation too is optional,
//! because a delegation left pointing at servers that no longer load the
//! zone (a lame delegation) is exactly what happens when a DNS host drops a
//! customer and the registrar is never told.
//!
//! Each edit checks what it needs to succeed and names what is wrong
//! otherwise; whether the edited world still loads is for
//! [`Scenario::load`] to say.

mod signing;

use super::dnssec::sign::SignError;
use super::name::Name;
use super::record::{RData, Record, Soa};
use super::scenario::{Scenario, ZoneSource};
use super::server::{Server, ServerId};
use super::zonefile::{ZoneFileError, edit_records};
use std::fmt;
use std::net::IpAddr;

/// The TTL a new zone's records get (one hour, a common default).
pub const NEW_ZONE_TTL: u32 = 3600;
/// The TTL of the delegation records a new zone gets in its parent (one
/// day, as TLD registries commonly use).
pub const DELEGATION_TTL: u32 = 86400;

/// Why an edit could not be made. The scenario is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    ZoneExists(Name),
    NoSuchZone(Name),
    NoSuchServer(ServerId),
    /// A zone must name at least one name server at its apex.
    NoNameServers(Name),
    /// The root has no parent to delegate it.
    RootHasNoParent,
    /// No zone in the scenario is an ancestor of the new zone, so there is
    /// no parent to add the delegation to.
    NoParentZone(Name),
    ServerExists(Name),
    /// The server serves the shared text; it has no copy of its own.
    NoOwnCopy {
        server: ServerId,
        apex: Name,
    },
    NoAddress,
    AddressInUse {
        address: IpAddr,
        server: ServerId,
    },
    /// The parent's text could not be edited (it does not parse).
    ParentText {
        parent: Name,
        error: ZoneFileError,
    },
    /// The zone's own text does not parse, so it cannot be signed.
    ZoneText {
        apex: Name,
        error: ZoneFileError,
    },
    /// The zone is not signed, so it has no keys or signer to change.
    NotSigned(Name),
    NoSuchKey {
        apex: Name,
        key_tag: u16,
    },
    Signing {
        apex: Name,
        error: SignError,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::ZoneExists(apex) => write!(f, "there is already a zone {apex}"),
            EditError::NoSuchZone(apex) => write!(f, "there is no zone {apex}"),
            EditError::NoSuchServer(id) => write!(f, "there is no server {id}"),
            EditError::NoNameServers(apex) => write!(
                f,
                "choose at least one name server for {apex}: a zone must name its own servers"
            ),
            EditError::RootHasNoParent => {
                f.write_str("the root zone has no parent; it is found through the root hints")
            }
            EditError::NoParentZone(apex) => {
                write!(
                    f,
                    "no zone here contains {apex}, so nothing can delegate it"
                )
            }
            EditError::ServerExists(host) => write!(f, "there is already a server named {host}"),
            EditError::NoOwnCopy { server, apex } => write!(
                f,
                "server {server} serves the shared text of {apex}; give it its own copy first"
            ),
            EditError::NoAddress => f.write_str("a name server needs at least one address"),
            EditError::AddressInUse { address, server } => {
                write!(f, "{address} is already the address of server {server}")
            }
            EditError::ParentText { parent, error } => write!(
                f,
                "the {parent} zone's text has errors, so its delegation records could not be changed:\n{error}"
            ),
            EditError::ZoneText { apex, error } => write!(
                f,
                "the {apex} zone's text has errors, so it could not be signed:\n{error}"
            ),
            EditError::NotSigned(apex) => write!(f, "the {apex} zone is not signed"),
            EditError::NoSuchKey { apex, key_tag } => {
                write!(f, "the {apex} zone has no key with tag {key_tag}")
            }
            EditError::Signing { apex, error } => {
                write!(f, "the {apex} zone could not be signed: {error}")
            }
        }
    }
}

impl std::error::Error for EditError {}

impl Scenario {
    /// The zone that would delegate `apex`: the closest zone above it.
    pub fn parent_zone_of(&self, apex: &Name) -> Option<&ZoneSource> {
        self.zones
            .iter()
            .filter(|z| apex.is_strictly_below(&z.apex))
            .max_by_key(|z| z.apex.label_count())
    }

    /// Creates the zone at `apex`, served by `servers`: its text holds an
    /// SOA record, an NS record for each server's host, and addresses for
    /// the hosts inside the zone. With `delegate`, the parent zone gets NS
    /// records for it and the glue those in-zone hosts need.
    pub fn add_zone(
        &mut self,
        apex: Name,
        servers: &[ServerId],
        delegate: bool,
    ) -> Result<(), EditError> {
        if self.zone_source(&apex).is_some() {
            return Err(EditError::ZoneExists(apex));
        }
        let hosts: Vec<Server> = servers
            .iter()
            .map(|id| {
                self.server(id)
                    .cloned()
                    .ok_or_else(|| EditError::NoSuchServer(id.clone()))
            })
            .collect::<Result<_, _>>()?;
        let Some(primary) = hosts.first() else {
            return Err(EditError::NoNameServers(apex));
        };

        // Both sides name the same servers; in-zone hosts need addresses in
        // the zone (the authoritative copy) and as glue in the parent.
        let ns: Vec<Record> = hosts
            .iter()
            .map(|s| Record::new(apex.clone(), NEW_ZONE_TTL, RData::NS(s.host.clone())))
            .collect();
        let addresses = |ttl: u32| -> Vec<Record> {
            hosts
                .iter()
                .filter(|s| s.host.is_subdomain_of(&apex))
                .flat_map(|s| {
                    s.addresses
                        .iter()
                        .map(|a| Record::for_address(&s.host, ttl, *a))
                })
                .collect()
        };

        let parent_text = if delegate {
            if apex.is_root() {
                return Err(EditError::RootHasNoParent);
            }
            let parent = self
                .parent_zone_of(&apex)
                .ok_or_else(|| EditError::NoParentZone(apex.clone()))?;
            let mut add: Vec<Record> = ns
                .iter()
                .map(|r| Record::new(r.owner.clone(), DELEGATION_TTL, r.data.clone()))
                .collect();
            add.extend(addresses(DELEGATION_TTL));
            let text =
                edit_records(&parent.text, &parent.apex, |_| false, &add).map_err(|error| {
                    EditError::ParentText {
                        parent: parent.apex.clone(),
                        error,
                    }
                })?;
            Some((parent.apex.clone(), text))
        } else {
            None
        };

        let soa = Soa {
            mname: primary.host.clone(),
            rname: hostmaster_of(&apex),
            serial: 1,
            refresh: 7200,
            retry: 3600,
            expire: 1_209_600,
            minimum: NEW_ZONE_TTL,
        };
        let mut text = format!("; The {apex} zone, created in DNS Lab.\n$TTL {NEW_ZONE_TTL}\n");
        let records = std::iter::once(Record::new(apex.clone(), NEW_ZONE_TTL, RData::SOA(soa)))
            .chain(ns)
            .chain(addresses(NEW_ZONE_TTL));
        for record in records {
            text.push_str(&format!(
                "{} IN {} {}\n",
                record.owner,
                record.rtype(),
                record.data.to_text()
            ));
        }

        if let Some((parent, parent_text)) = parent_text {
            self.set_zone_text(&parent, parent_text);
        }
        self.zones.push(ZoneSource {
            apex: apex.clone(),
            text,
            signing: None,
        });
        for server in &mut self.servers {
            if servers.contains(&server.id) && !server.loads(&apex) {
                server.zones.push(apex.clone());
            }
        }
        Ok(())
    }

    /// Removes the zone at `apex` from the scenario and from every server
    /// that loads it. With `remove_delegation`, the parent's NS records for
    /// it and any glue below it go too.
    pub fn remove_zone(&mut self, apex: &Name, remove_delegation: bool) -> Result<(), EditError> {
        if self.zone_source(apex).is_none() {
            return Err(EditError::NoSuchZone(apex.clone()));
        }
        if remove_delegation && let Some(parent) = self.parent_zone_of(apex) {
            let below = |r: &Record| r.owner.is_subdomain_of(apex);
            let text = edit_records(&parent.text, &parent.apex, below, &[]).map_err(|error| {
                EditError::ParentText {
                    parent: parent.apex.clone(),
                    error,
                }
            })?;
            let parent = parent.apex.clone();
            self.set_zone_text(&parent, text);
        }
        self.zones.retain(|z| &z.apex != apex);
        for server in &mut self.servers {
            server.zones.retain(|z| z != apex);
            server.diverged.remove(apex);
        }
        Ok(())
    }

    /// Adds a name server with `host` and `addresses` that loads `zones`,
    /// and returns its new id (made from its host name).
    pub fn add_server(
        &mut self,
        host: Name,
        addresses: Vec<IpAddr>,
        zones: Vec<Name>,
    ) -> Result<ServerId, EditError> {
        if self.servers.iter().any(|s| s.host == host) {
            return Err(EditError::ServerExists(host));
        }
        self.check_addresses(None, &addresses)?;
        if let Some(apex) = zones.iter().find(|z| self.zone_source(z).is_none()) {
            return Err(EditError::NoSuchZone(apex.clone()));
        }
        let id = self.new_server_id(&host);
        self.servers.push(Server {
            id: id.clone(),
            host,
            addresses,
            zones,
            behaviour: Default::default(),
            diverged: Default::default(),
        });
        Ok(id)
    }

    /// Removes a name server. NS records naming its host stay where they
    /// are: they now lead nowhere, which diagnostics will point out.
    pub fn remove_server(&mut self, id: &ServerId) -> Result<(), EditError> {
        let before = self.servers.len();
        self.servers.retain(|s| &s.id != id);
        if self.servers.len() == before {
            return Err(EditError::NoSuchServer(id.clone()));
        }
        Ok(())
    }

    /// Renames a server and replaces its addresses. Records elsewhere that
    /// name the old host or its addresses are left alone: renumbering a
    /// server without updating glue is a classic way to break a delegation.
    pub fn update_server(
        &mut self,
        id: &ServerId,
        host: Name,
        addresses: Vec<IpAddr>,
    ) -> Result<(), EditError> {
        if self.server(id).is_none() {
            return Err(EditError::NoSuchServer(id.clone()));
        }
        if self.servers.iter().any(|s| s.host == host && &s.id != id) {
            return Err(EditError::ServerExists(host));
        }
        self.check_addresses(Some(id), &addresses)?;
        let server = self.server_mut(id)?;
        server.host = host;
        server.addresses = addresses;
        Ok(())
    }

    /// Makes a server load the zone at `apex`, or stop loading it (and
    /// forget any copy of its own).
    pub fn set_loads(&mut self, id: &ServerId, apex: &Name, loads: bool) -> Result<(), EditError> {
        if self.zone_source(apex).is_none() {
            return Err(EditError::NoSuchZone(apex.clone()));
        }
        let server = self.server_mut(id)?;
        if loads {
            if !server.loads(apex) {
                server.zones.push(apex.clone());
            }
        } else {
            server.zones.retain(|z| z != apex);
            server.diverged.remove(apex);
        }
        Ok(())
    }

    /// Gives a server its own copy of a zone, starting as the shared text
    /// (with the signer's records, for a signed zone), or drops that copy
    /// so the server serves the shared text again.
    pub fn set_diverged(
        &mut self,
        id: &ServerId,
        apex: &Name,
        diverged: bool,
    ) -> Result<(), EditError> {
        let source = self
            .zone_source(apex)
            .ok_or_else(|| EditError::NoSuchZone(apex.clone()))?;
        // A copy of a signed zone is the zone as served, signatures and
        // all: a secondary keeps what it transferred, however old it gets.
        let shared = match source.signing.as_ref().filter(|s| !s.output.is_empty()) {
            Some(signing) => format!(
                "{}\n; What the signer had made when this copy was taken.\n{}",
                source.text.trim_end(),
                signing.output
            ),
            None => source.text.clone(),
        };
        let server = self.server_mut(id)?;
        if diverged {
            if !server.loads(apex) {
                server.zones.push(apex.clone());
            }
            server.diverged.entry(apex.clone()).or_insert(shared);
        } else {
            server.diverged.remove(apex);
        }
        Ok(())
    }

    /// The text one copy of a zone holds: a server's own copy, or the
    /// shared text when `server` is `None` or the server has no copy.
    pub fn copy_text(&self, apex: &Name, server: Option<&ServerId>) -> Option<&str> {
        server
            .and_then(|id| self.server(id))
            .and_then(|s| s.diverged.get(apex))
            .or_else(|| self.zone_source(apex).map(|z| &z.text))
            .map(String::as_str)
    }

    /// Replaces the text of one copy of a zone (see [`Scenario::copy_text`]).
    pub fn set_copy_text(
        &mut self,
        apex: &Name,
        server: Option<&ServerId>,
        text: String,
    ) -> Result<(), EditError> {
        if self.zone_source(apex).is_none() {
            return Err(EditError::NoSuchZone(apex.clone()));
        }
        match server {
            Some(id) => {
                let server = self.server_mut(id)?;
                match server.diverged.get_mut(apex) {
                    Some(copy) => *copy = text,
                    None => {
                        return Err(EditError::NoOwnCopy {
                            server: id.clone(),
                            apex: apex.clone(),
                        });
                    }
                }
            }
            None => self.set_zone_text(apex, text),
        }
        Ok(())
    }

    fn set_zone_text(&mut self, apex: &Name, text: String) {
        if let Some(zone) = self.zones.iter_mut().find(|z| &z.apex == apex) {
            zone.text = text;
        }
    }

    fn server_mut(&mut self, id: &ServerId) -> Result<&mut Server, EditError> {
        self.servers
            .iter_mut()
            .find(|s| &s.id == id)
            .ok_or_else(|| EditError::NoSuchServer(id.clone()))
    }

    fn check_addresses(
        &self,
        id: Option<&ServerId>,
        addresses: &[IpAddr],
    ) -> Result<(), EditError> {
        if addresses.is_empty() {
            return Err(EditError::NoAddress);
        }
        for address in addresses {
            if let Some(other) = self
                .servers
                .iter()
                .find(|s| Some(&s.id) != id && s.addresses.contains(address))
            {
                return Err(EditError::AddressInUse {
                    address: *address,
                    server: other.id.clone(),
                });
            }
        }
        Ok(())
    }

    /// An id from the host name's labels ("ns1.example.test." gives
    /// "ns1-example-test"), numbered when taken.
    pub(crate) fn new_server_id(&self, host: &Name) -> ServerId {
        let labels: Vec<String> = host
            .labels()
            .map(|l| String::from_utf8_lossy(l).to_ascii_lowercase())
            .collect();
        let base = if labels.is_empty() {
            "server".to_string()
        } else {
            labels.join("-")
        };
        let taken = |id: &str| self.servers.iter().any(|s| s.id.0 == id);
        let mut id = base.clone();
        let mut n = 2;
        while taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ServerId(id)
    }
}

/// The conventional SOA RNAME: hostmaster at the zone (RFC 2142 §7).
fn hostmaster_of(apex: &Name) -> Name {
    apex.child(b"hostmaster").unwrap_or_else(|_| apex.clone())
}
