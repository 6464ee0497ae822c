//! The exported scenario, brought up with real software on loopback.
//!
//! Scenario addresses are documentation ranges (192.0.2.0/24, 2001:db8::/32,
//! …); real servers need addresses on this machine. Every address a
//! simulated server listens on gets its own 127.53.x.y ([`AddressPool`]), and
//! the zone copies and root hints are rewritten to match: an A or AAAA
//! record is rewritten when its owner is a name server's name (a server's
//! host name or the target of any NS record) and its address is one a
//! server listens on. Such a record becomes an A record for the mapped
//! address, AAAA records included: only 127.0.0.0/8 is used, so a server
//! with IPv6 addresses is reached over IPv4 in the real run (a server with
//! IPv6 addresses only becomes an IPv4 server). Every other record is left
//! as it is: www's address is data, and nobody needs to reach it. Answers
//! are mapped back before they are compared ([`Mapping::original`]).
//!
//! Each server that is up is one NSD process with its own configuration,
//! pid file and zone copies; a refusing server is an NSD process that loads
//! no zone (NSD answers REFUSED for zones it does not serve); nothing
//! listens on a server that is down, so its queries fail at once (ICMP port
//! unreachable) where a real down server would stay silent. Addresses that
//! are no server's (wrong glue, an old address) are left as they are: the
//! private network namespace has no route to them, so queries to them fail
//! at once too.

use crate::manifest::{Manifest, ManifestServer};
use crate::procs::Daemons;
use dns_lab::sim::dnssec::UtcTime;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::{RData, Record};
use dns_lab::sim::zonefile::parse_zone;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::process::Command;

/// Where the resolvers listen, inside the private network namespace.
pub const RESOLVER_ADDRESS: Ipv4Addr = Ipv4Addr::LOCALHOST;
pub const UNBOUND_PORT: u16 = 5301;
pub const NAMED_PORT: u16 = 5302;

/// Hands out fresh loopback addresses, never the same twice in one run, so
/// a server from the previous scenario can never answer for this one.
pub struct AddressPool {
    next: u32,
}

impl AddressPool {
    pub fn new() -> AddressPool {
        AddressPool { next: 0 }
    }

    pub fn take(&mut self) -> Ipv4Addr {
        let n = self.next;
        self.next += 1;
        // 127.53.0.1 … 127.53.0.250, 127.53.1.1 …, then 127.54.…
        let host = (n % 250 + 1) as u8;
        let block = n / 250;
        Ipv4Addr::new(127, 53 + (block / 256) as u8, (block % 256) as u8, host)
    }
}

/// Scenario address ↔ loopback address.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    forward: BTreeMap<IpAddr, Ipv4Addr>,
    back: BTreeMap<Ipv4Addr, IpAddr>,
}

impl Mapping {
    pub fn loopback(&self, address: &IpAddr) -> Option<Ipv4Addr> {
        self.forward.get(address).copied()
    }

    /// The scenario address behind a loopback address.
    pub fn original(&self, address: &Ipv4Addr) -> Option<IpAddr> {
        self.back.get(address).copied()
    }

    /// A record from a real answer, as the scenario wrote it.
    pub fn unmap(&self, record: &Record) -> Record {
        match &record.data {
            RData::A(address) => match self.original(address) {
                Some(IpAddr::V4(v4)) => Record::new(record.owner.clone(), record.ttl, RData::A(v4)),
                Some(IpAddr::V6(v6)) => {
                    Record::new(record.owner.clone(), record.ttl, RData::AAAA(v6))
                }
                None => record.clone(),
            },
            _ => record.clone(),
        }
    }

    /// One line per mapped address, for the logs.
    pub fn describe(&self) -> String {
        self.forward
            .iter()
            .map(|(from, to)| format!("{from} -> {to}\n"))
            .collect()
    }
}

/// One scenario's servers and resolvers, running.
pub struct RealWorld {
    pub mapping: Mapping,
    pub daemons: Daemons,
    /// Problems NSD found in the zone copies (zones it would not load).
    pub zone_problems: Vec<String>,
}

impl RealWorld {
    pub fn stop(&mut self) {
        self.daemons.stop_all();
    }
}

/// Rewrites the exported world into `work`, starts one NSD per server that
/// is not down, then Unbound and named.
/// What validating resolvers are given: the root's key, and the date to
/// validate at.
pub struct Validation {
    pub anchor: Record,
    pub date: UtcTime,
}

pub fn start(
    manifest: &Manifest,
    export_dir: &Path,
    work: &Path,
    pool: &mut AddressPool,
    validation: Option<&Validation>,
) -> Result<RealWorld, String> {
    if work.exists() {
        fs::remove_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    }
    fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;

    // Every address some server listens on gets its own loopback address.
    let mut mapping = Mapping::default();
    let mut owners: BTreeMap<IpAddr, &str> = BTreeMap::new();
    for server in &manifest.servers {
        for address in &server.addresses {
            if let Some(other) = owners.insert(*address, &server.id) {
                return Err(format!(
                    "servers {other} and {} share the address {address}; one loopback address cannot be two NSD processes",
                    server.id
                ));
            }
            // A world already on loopback addresses (a signed one, see
            // `dnssec.rs`) keeps them: they came from this pool.
            let loopback = match address {
                IpAddr::V4(v4) if v4.is_loopback() => *v4,
                _ => pool.take(),
            };
            mapping.forward.insert(*address, loopback);
            mapping.back.insert(loopback, *address);
        }
    }

    // Read every zone copy once; collect every name server's name.
    let mut copies: BTreeMap<(String, String), Vec<Record>> = BTreeMap::new();
    let mut ns_names: BTreeSet<Name> = BTreeSet::new();
    for server in &manifest.servers {
        ns_names.insert(parse_name(&server.host)?);
        for zone in &server.zones {
            let apex = parse_name(&zone.apex)?;
            let path = export_dir.join(&zone.file);
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let parsed = parse_zone(&text, &apex)
                .map_err(|e| format!("{}: does not parse: {e:?}", path.display()))?;
            let records: Vec<Record> = parsed.zone.records().cloned().collect();
            for record in &records {
                if let RData::NS(target) = &record.data {
                    ns_names.insert(target.clone());
                }
            }
            copies.insert((server.id.clone(), zone.apex.clone()), records);
        }
    }
    for hint in &manifest.root_hints {
        ns_names.insert(parse_name(&hint.host)?);
    }

    let rewrite = |record: &Record| -> Record {
        match record.data.address() {
            Some(address) if ns_names.contains(&record.owner) => match mapping.loopback(&address) {
                Some(loopback) => Record::new(record.owner.clone(), record.ttl, RData::A(loopback)),
                None => record.clone(),
            },
            _ => record.clone(),
        }
    };

    fs::write(work.join("mapping.txt"), mapping.describe()).map_err(|e| e.to_string())?;
    let mut daemons = Daemons::default();
    let mut zone_problems = Vec::new();
    for server in &manifest.servers {
        if server.status == "down" {
            continue;
        }
        let dir = work.join(format!("nsd-{}", server.id));
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut zones = Vec::new();
        if server.status != "refusing" {
            for zone in &server.zones {
                let records = &copies[&(server.id.clone(), zone.apex.clone())];
                let file = format!("{}.zone", zone_label(&zone.apex));
                let text = zone_text(&zone.apex, records.iter().map(rewrite));
                fs::write(dir.join(&file), text).map_err(|e| e.to_string())?;
                if let Some(problem) = check_zone(&zone.apex, &dir.join(&file)) {
                    zone_problems.push(format!("{} {}: {problem}", server.id, zone.apex));
                }
                zones.push((zone.apex.clone(), file));
            }
        }
        let listen: Vec<Ipv4Addr> = server
            .addresses
            .iter()
            .filter_map(|a| mapping.loopback(a))
            .collect();
        start_nsd(&mut daemons, server, &dir, &listen, &zones)?;
    }

    // Root hints: every root server's mapped address.
    let mut hints = String::new();
    let mut hosts = BTreeSet::new();
    for hint in &manifest.root_hints {
        if hosts.insert(hint.host.clone()) {
            writeln!(hints, ".\t3600000\tIN\tNS\t{}", hint.host).unwrap();
        }
    }
    for hint in &manifest.root_hints {
        if let Some(loopback) = mapping.loopback(&hint.address) {
            writeln!(hints, "{}\t3600000\tIN\tA\t{loopback}", hint.host).unwrap();
        }
    }
    let hints_path = work.join("root.hints");
    fs::write(&hints_path, hints).map_err(|e| e.to_string())?;

    start_unbound(&mut daemons, &work.join("unbound"), &hints_path, validation)?;
    start_named(&mut daemons, &work.join("named"), &hints_path, validation)?;
    Ok(RealWorld {
        mapping,
        daemons,
        zone_problems,
    })
}

/// `DNS_LAB_DIFFERENTIAL_VERBOSE=1`: the resolvers log every step (Unbound
/// verbosity 4, named debug level 3), to see why they answered as they did.
fn verbose() -> bool {
    std::env::var_os("DNS_LAB_DIFFERENTIAL_VERBOSE").is_some()
}

fn parse_name(text: &str) -> Result<Name, String> {
    Name::parse(text).map_err(|e| format!("{text}: {e}"))
}

/// A file-name-safe label for a zone: its apex without the final dot.
fn zone_label(apex: &str) -> String {
    match apex.trim_end_matches('.') {
        "" => "root".into(),
        name => name.to_string(),
    }
}

/// Zone-file text with every name absolute.
fn zone_text(apex: &str, records: impl Iterator<Item = Record>) -> String {
    let mut text = format!("$ORIGIN {apex}\n");
    for record in records {
        writeln!(
            text,
            "{}\t{}\tIN\t{}\t{}",
            record.owner,
            record.ttl,
            record.rtype(),
            record.data.to_text()
        )
        .unwrap();
    }
    text
}

/// What `nsd-checkzone` says about a zone file, if it refuses it.
fn check_zone(apex: &str, file: &Path) -> Option<String> {
    let output = Command::new("nsd-checkzone")
        .arg(apex)
        .arg(file)
        .output()
        .ok()?;
    if output.status.success() {
        None
    } else {
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        Some(text.trim().replace('\n', "; "))
    }
}

fn start_nsd(
    daemons: &mut Daemons,
    server: &ManifestServer,
    dir: &Path,
    listen: &[Ipv4Addr],
    zones: &[(String, String)],
) -> Result<(), String> {
    let d = dir.display();
    let mut conf = String::from("server:\n");
    for address in listen {
        writeln!(conf, "  ip-address: {address}").unwrap();
    }
    write!(
        conf,
        "  port: 53\n  do-ip4: yes\n  do-ip6: no\n  server-count: 1\n  username: \"\"\n  chroot: \"\"\n  \
         zonesdir: \"{d}\"\n  pidfile: \"{d}/nsd.pid\"\n  xfrdfile: \"{d}/xfrd.state\"\n  \
         zonelistfile: \"{d}/zone.list\"\n  xfrdir: \"{d}\"\n  database: \"\"\n  logfile: \"{d}/nsd.log\"\n  \
         verbosity: 1\n  hide-version: yes\n  reuseport: no\n  round-robin: no\n  refuse-any: no\n\
         remote-control:\n  control-enable: no\n"
    )
    .unwrap();
    for (apex, file) in zones {
        write!(
            conf,
            "zone:\n  name: \"{apex}\"\n  zonefile: \"{d}/{file}\"\n"
        )
        .unwrap();
    }
    let conf_path = dir.join("nsd.conf");
    fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
    let mut command = Command::new("nsd");
    command.arg("-d").arg("-c").arg(&conf_path);
    daemons.spawn(
        &format!("nsd for {} ({})", server.id, server.host),
        command,
        &dir.join("console.log"),
        &dir.join("nsd.log"),
    )?;
    for address in listen {
        daemons.wait_listening(*address, 53)?;
    }
    Ok(())
}

/// Unbound as its defaults have it, but: iterator only (no DNSSEC
/// validation) unless the world is signed, then the validator with the
/// simulated root's key as its trust anchor, validating as of the world's
/// date (`val-override-date`); allowed to query loopback addresses,
/// `test.` and the other RFC 6761 names not answered locally, IPv4 only,
/// replies never discarded for being slow (Debian's build drops replies
/// slower than ~1.9 s otherwise), and servers that do not answer given up
/// on sooner. Unbound treats "port unreachable" from a down server as a
/// timeout and backs off (376 ms, 752 ms, 1.5 s, …) until the timeout
/// reaches `infra-cache-max-rtt` (120 s by default), which took longer than
/// dig waits; at 1 s it gives up after about 2.3 s, with the same outcome.
fn start_unbound(
    daemons: &mut Daemons,
    dir: &Path,
    hints: &Path,
    validation: Option<&Validation>,
) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let d = dir.display();
    let modules = match validation {
        None => "module-config: \"iterator\"".to_string(),
        Some(validation) => format!(
            "module-config: \"validator iterator\"\n  trust-anchor: \". DNSKEY {}\"\n  \
             val-override-date: \"{}\"\n  val-log-level: 2",
            validation.anchor.data.to_text(),
            validation.date.compact()
        ),
    };
    let conf = format!(
        "server:\n  interface: {RESOLVER_ADDRESS}@{UNBOUND_PORT}\n  port: {UNBOUND_PORT}\n  do-ip6: no\n  \
         do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n  directory: \"{d}\"\n  pidfile: \"{d}/unbound.pid\"\n  \
         use-syslog: no\n  logfile: \"{d}/unbound.log\"\n  log-servfail: yes\n  verbosity: {verbosity}\n  \
         access-control: 127.0.0.0/8 allow\n  do-not-query-localhost: no\n  {modules}\n  \
         root-hints: \"{hints}\"\n  local-zone: \"test.\" nodefault\n  local-zone: \"invalid.\" nodefault\n  \
         local-zone: \"onion.\" nodefault\n  local-zone: \"home.arpa.\" nodefault\n  \
         discard-timeout: 0\n  infra-cache-max-rtt: 1000\n  ede: yes\n\
         remote-control:\n  control-enable: no\n",
        hints = hints.display(),
        verbosity = if verbose() { 4 } else { 1 },
    );
    let conf_path = dir.join("unbound.conf");
    fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
    let mut command = Command::new("unbound");
    command.arg("-d").arg("-c").arg(&conf_path);
    daemons.spawn(
        "unbound",
        command,
        &dir.join("console.log"),
        &dir.join("unbound.log"),
    )?;
    daemons.wait_listening(RESOLVER_ADDRESS, UNBOUND_PORT)
}

/// named as a recursive resolver with its defaults, but: no DNSSEC
/// validation unless the world is signed, then validation with the
/// simulated root's key as a static trust anchor (named validates at the
/// real time, which is the world's date, see `dnssec.rs`); a hint zone for the simulated root, IPv4 only, no control
/// channel, and no SERVFAIL cache. It listens on 127.0.0.1 (it only binds
/// addresses an interface has). "Port unreachable" makes it move on at
/// once; a circular delegation ends in its hung-fetch timer after ~12 s.
fn start_named(
    daemons: &mut Daemons,
    dir: &Path,
    hints: &Path,
    validation: Option<&Validation>,
) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let d = dir.display();
    let (validation, anchors) = match validation {
        None => ("no", String::new()),
        Some(validation) => {
            let text = validation.anchor.data.to_text();
            let fields: Vec<&str> = text.split_whitespace().collect();
            let anchors = format!(
                "trust-anchors {{ . static-key {} {} {} \"{}\"; }};\n",
                fields[0],
                fields[1],
                fields[2],
                fields[3..].concat()
            );
            ("yes", anchors)
        }
    };
    let conf = format!(
        "options {{\n  directory \"{d}\";\n  pid-file \"{d}/named.pid\";\n  session-keyfile \"{d}/session.key\";\n  \
         listen-on port {NAMED_PORT} {{ {RESOLVER_ADDRESS}; }};\n  listen-on-v6 {{ none; }};\n  \
         recursion yes;\n  allow-query {{ any; }};\n  allow-recursion {{ any; }};\n  allow-query-cache {{ any; }};\n  \
         dnssec-validation {validation};\n  empty-zones-enable no;\n  servfail-ttl 0;\n  notify no;\n}};\n\
         {anchors}controls {{ }};\n\
         zone \".\" {{ type hint; file \"{hints}\"; }};\n\
         logging {{\n  channel log {{ file \"{d}/named.log\"; severity {severity}; print-time yes; print-category yes; print-severity yes; }};\n  \
         category default {{ log; }};\n  category lame-servers {{ log; }};\n  category resolver {{ log; }};\n}};\n",
        hints = hints.display(),
        severity = if verbose() { "debug 3" } else { "info" },
    );
    let conf_path = dir.join("named.conf");
    fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
    let mut command = Command::new("named");
    command.args(["-f", "-4", "-n", "1", "-c"]).arg(&conf_path);
    daemons.spawn(
        "named",
        command,
        &dir.join("console.log"),
        &dir.join("named.log"),
    )?;
    daemons.wait_listening(RESOLVER_ADDRESS, NAMED_PORT)
}
