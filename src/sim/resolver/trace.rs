//! A resolution as text, the way `dig +trace` prints one: a block of records
//! per response, each ending with the line that says how many bytes came
//! from which server. Unlike `dig +trace`, which only ever follows referrals,
//! the trace includes what a real resolver also does: cache hits, nested
//! look-ups of name-server addresses (indented by depth), lame servers,
//! timeouts and restarts at CNAME targets. It ends with the client's answer
//! printed as plain `dig` prints a response.

use super::{Event, Outcome, Step};
use crate::sim::authority::Question;
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

/// The client's answer as dig prints a response (without timing lines).
pub fn final_answer(question: &Question, outcome: &Outcome) -> String {
    let mut out = String::new();
    let authority: Vec<&Record> = match outcome {
        Outcome::NXDomain { soa, .. } | Outcome::NoData { soa, .. } => soa.iter().collect(),
        _ => Vec::new(),
    };
    let answer = outcome.answer();
    let _ = writeln!(out, ";; Got answer:");
    let _ = writeln!(
        out,
        ";; ->>HEADER<<- opcode: QUERY, status: {}, id: {}",
        outcome.rcode(),
        client_id(question)
    );
    let _ = writeln!(
        out,
        ";; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: 0",
        answer.len(),
        authority.len()
    );
    if let Outcome::ServFail(failure) = outcome {
        let (code, name) = failure.extended_error();
        let _ = writeln!(out, "\n;; OPT PSEUDOSECTION:");
        let _ = writeln!(out, "; EDE: {code} ({name}): ({})", failure.title());
    }
    let _ = writeln!(out, "\n;; QUESTION SECTION:\n{}", question_line(question));
    if !answer.is_empty() {
        let _ = writeln!(out, "\n;; ANSWER SECTION:");
        for record in answer {
            let _ = writeln!(out, "{}", record_line(record));
        }
    }
    if !authority.is_empty() {
        let _ = writeln!(out, "\n;; AUTHORITY SECTION:");
        for record in authority {
            let _ = writeln!(out, "{}", record_line(record));
        }
    }
    out
}

/// A message id for the client's query that stays the same for the same
/// question, as everything in a trace must (FNV-1a of the question).
fn client_id(question: &Question) -> u16 {
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
            Event::Lookup { zone, host } => {
                let _ = writeln!(
                    block,
                    ";; looking up the address of {host}, a name server of {zone} (depth {})",
                    step.depth + 1
                );
            }
            Event::Skip { host, problem, .. } => {
                let _ = writeln!(block, ";; skipping {host}: {problem}");
            }
            Event::GiveUp(failure) => {
                let _ = writeln!(block, ";; giving up: {}", failure.title());
            }
            Event::Done(outcome) => {
                let _ = writeln!(block, ";; answer to the client:\n");
                block.push_str(&final_answer(question, outcome));
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
