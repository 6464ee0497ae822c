//! What a client sees, from the simulator and from a real resolver, and
//! the list of differences that are documented rather than failures.

use crate::dig::{DigReply, read_record};
use crate::realworld::Mapping;
use dns_lab::sim::authority::Question;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::{RType, Record};
use dns_lab::sim::resolver::{Outcome, Preset, Resolution, ResolverConfig};
use dns_lab::sim::scenario::World;
use std::fs;
use std::path::Path;

/// Seeds the simulator runs each preset with. Real resolvers choose among a
/// zone's servers by measured round-trip time and at random, so where the
/// choice matters (a stale secondary, a lame server among good ones) any
/// outcome some seed gives is one the real resolver may give too.
pub const SEEDS: std::ops::RangeInclusive<u64> = 1..=12;

/// The rcode and the answer records, TTLs aside, in a stable order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub rcode: String,
    /// Each record as `owner TYPE data`, sorted.
    pub answer: Vec<String>,
}

pub fn record_key(record: &Record) -> String {
    format!(
        "{} {} {}",
        record.owner.to_lowercase(),
        record.rtype(),
        record.data.to_text().to_lowercase()
    )
}

impl Seen {
    pub fn of_outcome(outcome: &Outcome) -> Seen {
        let mut answer: Vec<String> = outcome.answer().iter().map(record_key).collect();
        answer.sort();
        Seen {
            rcode: outcome.rcode().to_string(),
            answer,
        }
    }

    /// A real reply, its addresses mapped back to the scenario's.
    pub fn of_reply(reply: &DigReply, mapping: &Mapping) -> Seen {
        let mut answer: Vec<String> = reply
            .answer
            .iter()
            .map(|line| match read_record(line) {
                Some(record) => record_key(&mapping.unmap(&record)),
                None => line.to_lowercase(),
            })
            .collect();
        answer.sort();
        Seen {
            rcode: reply.status.clone(),
            answer,
        }
    }

    /// A short form for a table cell: the rcode, then each record's type
    /// and data (its owner too when it is not obvious from the chain).
    pub fn cell(&self, query: &Name) -> String {
        if self.answer.is_empty() {
            return match self.rcode.as_str() {
                "NOERROR" => "NOERROR, no records".into(),
                rcode => rcode.to_string(),
            };
        }
        // Walk the chain from the query name so CNAMEs read in order.
        let mut left: Vec<Vec<&str>> = self
            .answer
            .iter()
            .map(|r| r.splitn(3, ' ').collect())
            .collect();
        let mut parts = Vec::new();
        let mut owner = query.to_string().to_lowercase();
        while !left.is_empty() {
            let position = left.iter().position(|r| r[0] == owner).unwrap_or(0);
            let record = left.remove(position);
            let data = record.get(2).copied().unwrap_or("");
            if record[0] == owner {
                parts.push(format!("{} {data}", record[1]));
            } else {
                parts.push(format!("{} {} {data}", record[0], record[1]));
            }
            if record[1] == "CNAME" {
                owner = data.to_string();
            }
        }
        format!("{}: {}", self.rcode, parts.join(", "))
    }
}

/// The simulator's outcomes for one query under one preset.
pub struct Simulated {
    /// Seed 1's outcome (what the app shows by default), then any other
    /// outcome another seed gives, each once.
    pub seen: Vec<Seen>,
    /// Seed 1's cause, for a SERVFAIL.
    pub cause: Option<String>,
}

impl Simulated {
    pub fn run(world: &World, name: &Name, rtype: RType, preset: Preset) -> Simulated {
        let mut seen: Vec<Seen> = Vec::new();
        let mut cause = None;
        for seed in SEEDS {
            let config = ResolverConfig::preset(preset).with_seed(seed);
            let mut resolution = Resolution::new(Question::new(name.clone(), rtype), config);
            resolution.run(world);
            let outcome = resolution
                .outcome()
                .expect("a resolution that has run ends in an outcome")
                .clone();
            if seed == *SEEDS.start()
                && let Outcome::ServFail { failure, .. } = &outcome
            {
                cause = Some(failure.title());
            }
            let this = Seen::of_outcome(&outcome);
            if !seen.contains(&this) {
                seen.push(this);
            }
        }
        Simulated { seen, cause }
    }

    pub fn agrees_with(&self, real: &Seen) -> bool {
        self.seen.contains(real)
    }

    pub fn cell(&self, query: &Name) -> String {
        let mut cell = self.seen[0].cell(query);
        for other in &self.seen[1..] {
            cell.push_str(&format!(" (other seeds: {})", other.cell(query)));
        }
        cell
    }
}

/// Which real resolver a row's column is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Real {
    Unbound,
    Bind,
}

impl Real {
    pub fn key(self) -> &'static str {
        match self {
            Real::Unbound => "unbound",
            Real::Bind => "bind",
        }
    }

    pub fn preset(self) -> Preset {
        match self {
            Real::Unbound => Preset::UnboundLike,
            Real::Bind => Preset::BindLike,
        }
    }
}

/// One documented difference: `scenario | query | resolver | reason`.
#[derive(Clone, Debug)]
pub struct Documented {
    pub scenario: String,
    /// `name TYPE`, or `*` for every query of the scenario.
    pub query: String,
    /// `unbound`, `bind` or `*`.
    pub resolver: String,
    pub reason: String,
    /// Its number in the results file.
    pub number: usize,
}

impl Documented {
    pub fn read(path: &Path) -> Vec<Documented> {
        let text = fs::read_to_string(path).unwrap_or_default();
        let mut list = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
            assert_eq!(
                fields.len(),
                4,
                "{}: each line is `scenario | query | resolver | reason`: {line}",
                path.display()
            );
            list.push(Documented {
                scenario: fields[0].to_string(),
                query: fields[1].to_string(),
                resolver: fields[2].to_string(),
                reason: fields[3].to_string(),
                number: list.len() + 1,
            });
        }
        list
    }

    pub fn covers(&self, scenario: &str, query: &str, real: Real) -> bool {
        self.scenario == scenario
            && (self.query == "*" || self.query.eq_ignore_ascii_case(query))
            && (self.resolver == "*" || self.resolver == real.key())
    }
}

/// The extra queries for scenarios: `scenario name TYPE` per line.
pub fn sidecar_queries(path: &Path) -> Vec<(String, Name, RType)> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut list = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            fields.len(),
            3,
            "{}: each line is `scenario name TYPE`: {line}",
            path.display()
        );
        let name = Name::parse(fields[1]).expect("a query name in queries.txt");
        let rtype: RType = fields[2].parse().expect("a query type in queries.txt");
        list.push((fields[0].to_string(), name, rtype));
    }
    list
}
