//! Asking a real resolver with `dig`, and reading what it printed.

use dns_lab::sim::name::Name;
use dns_lab::sim::zonefile::parse_record;
use std::net::Ipv4Addr;
use std::process::Command;
use std::time::Instant;

/// How long dig waits for a resolver's reply. The resolvers are tuned to
/// give up sooner than this (see `realworld.rs`), so a missing reply is a
/// finding, not a slow machine.
pub const DIG_TIMEOUT_SECONDS: u32 = 20;

#[derive(Clone, Debug)]
pub struct DigReply {
    /// "NOERROR", "SERVFAIL", … or "no reply".
    pub status: String,
    /// The answer section, one record per line as dig printed it.
    pub answer: Vec<String>,
    /// Extended DNS Error lines (RFC 8914), if any.
    pub ede: Vec<String>,
    /// The AD flag: the resolver validated the answer (RFC 4035 §3.2.3).
    pub ad: bool,
    pub millis: u128,
}

pub fn ask(server: Ipv4Addr, port: u16, name: &Name, rtype: &str) -> DigReply {
    let started = Instant::now();
    let output = Command::new("dig")
        .arg(format!("@{server}"))
        .args(["-p", &port.to_string()])
        .arg(format!("+time={DIG_TIMEOUT_SECONDS}"))
        .args(["+tries=1", "+nocookie", "+nottlunits"])
        .arg(name.to_string())
        .arg(rtype)
        .output();
    let millis = started.elapsed().as_millis();
    let text = match output {
        Ok(output) => String::from_utf8_lossy(&output.stdout).into_owned(),
        Err(e) => format!("dig failed: {e}"),
    };
    let mut reply = parse(&text);
    reply.millis = millis;
    reply
}

fn parse(text: &str) -> DigReply {
    let mut status = "no reply".to_string();
    let mut answer = Vec::new();
    let mut ede = Vec::new();
    let mut in_answer = false;
    let mut ad = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(";; flags: ") {
            let flags = rest.split(';').next().unwrap_or("");
            ad = flags.split_whitespace().any(|flag| flag == "ad");
        }
        if let Some(rest) = line.split("status: ").nth(1) {
            status = rest.split(',').next().unwrap_or("").trim().to_string();
        }
        if let Some(rest) = line.strip_prefix("; EDE: ") {
            ede.push(rest.trim().to_string());
        }
        if line.starts_with(";; ANSWER SECTION:") {
            in_answer = true;
            continue;
        }
        if in_answer {
            if line.trim().is_empty() || line.starts_with(';') {
                in_answer = false;
            } else {
                answer.push(line.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    DigReply {
        status,
        answer,
        ede,
        ad,
        millis: 0,
    }
}

/// A record line as dig prints it, read with the core's own record reader
/// (so the two sides are compared as records, not as text).
pub fn read_record(line: &str) -> Option<dns_lab::sim::record::Record> {
    parse_record(line, &Name::root(), 0).ok()
}
