//! A resolution as text, the way `dig +trace` prints one: a block of records
//! per response, each ending with the line that says how many bytes came
//! from which server. Unlike `dig +trace`, which only ever follows referrals,
//! the trace includes what a real resolver also does: cache hits, nested
//! look-ups of name-server addresses (indented by depth), lame servers,
//! timeouts and restarts at CNAME targets. It ends with the client's answer
//! printed as plain `dig` prints a response.

use super::{Event, Outcome, Step};
use crate::sim::authority::{Message, Question};
use crate::sim::dnssec::validate::Security;
use crate::sim::record::Record;
use std::fmt::Write;

/// The column a line of text reaches, counting tab stops every 8.
fn width(text: &str) -> usize {
    text.chars().fold(0, |col, c| {
        if c == '\t' {
            (col / 8 + 1) * 8
        } else {
            col + 1
        }
    })
}

/// Appends tabs until `line` reaches `column`, always at least one: how
/// dig aligns its columns.
fn pad(line: &mut String, column: usize) {
    line.push('\t');
    while width(line) < column {
        line.push('\t');
    }
}

/// A record as dig prints it: owner, TTL, class, type and data in
/// tab-separated columns.
pub fn record_line(record: &Record) -> String {
    let mut line = record.owner.to_string();
    pad(&mut line, 24);
    let _ = write!(
        line,
        "{}\tIN\t{}\t{}",
        record.ttl,
        record.rtype(),
        record.data.to_text()
    );
    line
}

/// The question line of dig's QUESTION SECTION.
pub fn question_line(question: &Question) -> String {
    let mut line = format!(";{}", question.name);
    pad(&mut line, 24);
    pad(&mut line, 32);
    let _ = write!(line, "IN\t{}", question.rtype);
    line
}

/// The header bits dig lists on its `;; flags:` line after `qr` (every
/// response has `qr`): Authoritative Answer, Recursion Desired (copied from
/// the query) and Recursion Available (RFC 1035 §4.1.1); Authentic Data,
/// set by a validating resolver for an answer it found secure, and
/// Checking Disabled, copied from a query that asked it not to validate
/// (RFC 4035 §3.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeaderFlags {
    pub aa: bool,
    pub rd: bool,
    pub ra: bool,
    pub ad: bool,
    pub cd: bool,
}

impl HeaderFlags {
    /// The flags as dig lists them: `qr aa rd ra ad cd`, leaving out those
    /// not set.
    pub fn to_text(self) -> String {
        let mut text = String::from("qr");
        for (set, name) in [
            (self.aa, " aa"),
            (self.rd, " rd"),
            (self.ra, " ra"),
            (self.ad, " ad"),
            (self.cd, " cd"),
        ] {
            if set {
                text.push_str(name);
            }
        }
        text
    }
}

/// A response as dig prints it after `;; Got answer:`: the header, the
/// flags (with dig's warning when recursion was asked for and the server
/// does not offer it), an Extended DNS Error when there is one (RFC 8914,
/// as `; EDE: code (name): (text)`), the question and every section that
/// holds records. No timing or server lines: the caller adds those.
pub fn response_text(
    message: &Message,
    flags: HeaderFlags,
    extended_error: Option<&str>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        ";; ->>HEADER<<- opcode: QUERY, status: {}, id: {}",
        message.rcode, message.id
    );
    let _ = writeln!(
        out,
        ";; flags: {}; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}",
        flags.to_text(),
        message.answer.len(),
        message.authority.len(),
        message.additional.len()
    );
    if flags.rd && !flags.ra {
        let _ = writeln!(out, ";; WARNING: recursion requested but not available");
    }
    if let Some(ede) = extended_error {
        let _ = writeln!(out, "\n;; OPT PSEUDOSECTION:\n; EDE: {ede}");
    }
    let _ = writeln!(
        out,
        "\n;; QUESTION SECTION:\n{}",
        question_line(&message.question)
    );
    for (title, records) in [
        ("ANSWER", &message.answer),
        ("AUTHORITY", &message.authority),
        ("ADDITIONAL", &message.additional),
    ] {
        if !records.is_empty() {
            let _ = writeln!(out, "\n;; {title} SECTION:");
            for record in records {
                let _ = writeln!(out, "{}", record_line(record));
            }
        }
    }
    out
}

/// A response a resolver received, as `dig` prints it (without timing
/// lines): the resolver sends its queries without RD, so only `aa` can
/// join `qr`; `size` is the message's length on the wire.
pub fn dig_response(message: &Message, size: usize) -> String {
    let flags = HeaderFlags {
        aa: message.aa,
        ..HeaderFlags::default()
    };
    let mut out = response_text(message, flags, None);
    let _ = writeln!(out, "\n;; MSG SIZE  rcvd: {size}");
    out
}

/// The message a recursive resolver sends its client for `outcome`: the
/// answer (CNAMEs first), and the SOA in Authority for a negative answer.
pub fn client_message(question: &Question, outcome: &Outcome) -> Message {
    let authority = match outcome {
        Outcome::NXDomain { soa, .. } | Outcome::NoData { soa, .. } => {
            soa.iter().cloned().collect()
        }
        _ => Vec::new(),
    };
    Message {
        id: client_id(question),
        aa: false,
        rcode: outcome.rcode(),
        question: question.clone(),
        answer: outcome.answer().to_vec(),
        authority,
        additional: Vec::new(),
    }
}

/// The client's answer as dig prints a response (without timing lines);
/// `secure`: validation found it secure, and the AD flag is set.
pub fn final_answer(question: &Question, outcome: &Outcome, secure: bool) -> String {
    let flags = HeaderFlags {
        rd: true,
        ra: true,
        ad: secure,
        ..HeaderFlags::default()
    };
    reply_text(
        &client_message(question, outcome),
        flags,
        client_ede(outcome).as_deref(),
    )
}

/// A reply as dig prints it after sending the query: `;; Got answer:` and
/// the response.
pub fn reply_text(message: &Message, flags: HeaderFlags, extended_error: Option<&str>) -> String {
    format!(
        ";; Got answer:\n{}",
        response_text(message, flags, extended_error)
    )
}

/// The Extended DNS Error a resolver adds to a SERVFAIL, as dig prints it.
pub fn client_ede(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::ServFail { failure, .. } => {
            let (code, name) = failure.extended_error();
            Some(format!("{code} ({name}): ({})", failure.title()))
        }
        _ => None,
    }
}

/// A message id for the client's query that stays the same for the same
/// question, as everything in a trace must (FNV-1a of the question).
pub fn client_id(question: &Question) -> u16 {
    let hash = question.to_string().bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    (hash >> 16) as u16 ^ (hash as u16)
}

/// The whole resolution, `dig +trace` style.
pub fn render(question: &Question, steps: &[Step]) -> String {
    let mut out = format!(
        "; <<>> DNS Lab <<>> +trace {} {}\n;; global options: +cmd\n",
        question.name, question.rtype
    );
    for step in steps {
        let indent = "  ".repeat(step.depth);
        let mut block = String::new();
        match &step.event {
            Event::Query(exchange) => match &exchange.response {
                Some(message) => {
                    for record in message
                        .answer
                        .iter()
                        .chain(&message.authority)
                        .chain(&message.additional)
                    {
                        let _ = writeln!(block, "{}", record_line(record));
                    }
                    let _ = writeln!(
                        block,
                        ";; Received {} bytes from {}#53({}) in 0 ms",
                        exchange.response_size.unwrap_or(0),
                        exchange.address,
                        exchange.server.to_string().trim_end_matches('.')
                    );
                    let _ = writeln!(block, ";; {}", exchange.classification);
                }
                None => {
                    let _ = writeln!(
                        block,
                        ";; communications error to {}#53({}): timed out",
                        exchange.address,
                        exchange.server.to_string().trim_end_matches('.')
                    );
                }
            },
            Event::CacheHit(hit) => {
                let _ = writeln!(block, ";; from the cache: {}", describe_hit(hit));
            }
            Event::Lookup { zone, host, .. } => {
                let _ = writeln!(
                    block,
                    ";; looking up the address of {host}, a name server of {zone} (depth {})",
                    step.depth + 1
                );
            }
            Event::Skip { host, problem, .. } => {
                let _ = writeln!(block, ";; skipping {host}: {problem}");
            }
            Event::Check(check) => {
                let _ = writeln!(
                    block,
                    ";; DNSSEC: {}",
                    super::explain::validation::summary(check)
                );
            }
            Event::GiveUp(failure) => {
                let _ = writeln!(block, ";; giving up: {}", failure.title());
            }
            Event::Done(outcome) => {
                let _ = writeln!(block, ";; answer to the client:\n");
                let secure = step.security == Some(Security::Secure);
                block.push_str(&final_answer(question, outcome, secure));
            }
        }
        for line in block.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{indent}{line}");
            }
        }
        out.push('\n');
    }
    out
}

fn describe_hit(hit: &super::CacheHit) -> String {
    use super::CacheHit;
    match hit {
        CacheHit::Answer { records } => {
            let lines: Vec<String> = records.iter().map(record_line).collect();
            format!("answer\n{}", lines.join("\n"))
        }
        CacheHit::Alias { record } => format!("alias\n{}", record_line(record)),
        CacheHit::Negative {
            nxdomain,
            name,
            soa,
        } => format!(
            "{} for {name}\n{}",
            if *nxdomain { "NXDOMAIN" } else { "NODATA" },
            record_line(soa)
        ),
        CacheHit::Delegation { cut, side, ns } => {
            let lines: Vec<String> = ns.iter().map(record_line).collect();
            format!("delegation {cut} ({side})\n{}", lines.join("\n"))
        }
    }
}
