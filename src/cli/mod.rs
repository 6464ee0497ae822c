//! The command line: the simulation core without the browser.
//!
//! `src/bin/dns-lab.rs` only hands its arguments to [`run`] and prints what
//! comes back, so everything here is tested by calling it directly. Apart
//! from reading a scenario file and `export-zones` writing its folder,
//! nothing here does I/O.
//!
//! ```text
//! dns-lab resolve      --scenario FILE [NAME [TYPE]] [--resolver unbound-like|bind-like] [--seed N] [--validate] [--json]
//! dns-lab trace        --scenario FILE [NAME [TYPE]] [--resolver unbound-like|bind-like] [--seed N] [--validate]
//! dns-lab diagnose     --scenario FILE [--json]
//! dns-lab export-zones --scenario FILE --out DIR
//! dns-lab share        --scenario FILE
//! dns-lab generate     --zones N
//! dns-lab help
//! ```
//!
//! `FILE` is a scenario as the app exports it, or `builtin:ID` for a scenario
//! of the built-in library (`builtin:missing-glue`). Without `NAME`,
//! `resolve` and `trace` ask the scenario's lesson query; `TYPE` defaults to
//! `A`. Names are absolute with or without the final dot. The resolver is
//! `unbound-like` by default, with seed 1, as the app's presets. With
//! `--validate` it validates with DNSSEC from the world's trust anchor (the
//! simulated root's key-signing key), at the scenario's date, and `trace`
//! shows each key, DS and signature it checked.
//!
//! `share` prints the fragment of a share link (`#s=…`) that opens the
//! scenario in the app, as its Share button makes it.
//!
//! `generate` prints, as a scenario file, the large healthy world of
//! [`generated_world`]: the way to get thousands of zones into the app
//! (Import) for `scripts/measure.sh`, or into the other commands.
//!
//! # Exit codes
//!
//! - 0: done, whatever the DNS outcome (a SERVFAIL is data, not an error);
//!   also for `help` and `--help`.
//! - 1: writing the export failed (disk full, permissions).
//! - 2: a usage error (the usage text follows the message), a scenario that
//!   cannot be read or does not load (its problems at zone line and column),
//!   or an export refused because the folder holds something else.
//!
//! # `resolve --json`
//!
//! One object; these keys are stable:
//!
//! ```json
//! {"name": "www.example.test.", "type": "A", "resolver": "unbound-like", "seed": 1,
//!  "rcode": "NOERROR",
//!  "answer": [{"owner": "www.example.test.", "ttl": 3600, "type": "A", "data": "198.51.100.80"}],
//!  "servfail_cause": null,
//!  "validation": null, "extended_error": null,
//!  "servers_asked": [{"host": "a.root-servers.test.", "address": "192.0.2.1", "result": "referral to test."}]}
//! ```
//!
//! `validation` is `null` without `--validate`, else how validation judged
//! the answer: `secure`, `insecure`, `bogus` or `indeterminate` (RFC 4035
//! §4.3), or `null` when the resolution failed for another reason.
//! `extended_error` is the RFC 8914 Extended DNS Error of a SERVFAIL,
//! `{"code": 9, "name": "DNSKEY Missing"}`, else `null`.
//!
//! `rcode` is `NOERROR` (answer or NODATA), `NXDOMAIN` or `SERVFAIL`;
//! `servfail_cause` is the cause's title when the rcode is `SERVFAIL`, else
//! `null`. `servers_asked` lists every query sent, nested look-ups of name
//! server addresses included, in order; `result` is how the resolver read
//! the response (`answer`, `referral to test.`, `CNAME to …`, `NXDOMAIN`,
//! `NODATA`, `lame: REFUSED`, `timeout`, …).
//!
//! # `diagnose --json`
//!
//! An array, most severe first, of
//! `{"severity", "kind", "title", "consequence", "fix", "zones": [], "servers": []}`
//! with `severity` one of `error`, `warning`, `notice` and `kind` the
//! finding's kebab-case name (`missing-glue`, `circular-delegation`, …).
//!
//! # `export-zones --out DIR`
//!
//! Writes, for every server (down and refusing ones too), one zone file per
//! zone it loads: `DIR/<server-id>/<apex>.zone` (`example.test.zone`; the
//! root zone is `root.zone`). Each holds the copy that server serves (its
//! diverged copy when it has one), printed canonically by
//! [`zonefile::print_zone`]: `$ORIGIN`, every record with its TTL and class,
//! names in record data absolute. Then `DIR/manifest.json`:
//!
//! ```json
//! {"title": "...", "scenario_version": 2,
//!  "servers": [{"id": "ns1-example-test", "host": "ns1.example.test.",
//!               "addresses": ["198.51.100.10", "2001:db8::1"], "status": "up",
//!               "zones": [{"apex": "example.test.", "file": "ns1-example-test/example.test.zone"}]}],
//!  "root_hints": [{"host": "a.root-servers.test.", "address": "192.0.2.1"}],
//!  "queries": [{"name": "www.example.test.", "type": "A"}]}
//! ```
//!
//! `status` is `up`, `down` or `refusing`; `file` is relative to `DIR`, with
//! `/` between folder and file; `queries` holds the lesson's query when the
//! scenario has a lesson. Characters other than letters, digits, `-`, `_`
//! and `.` in a server id or apex are written `%XX` in paths.
//!
//! `DIR` is created if needed. A previous export there is replaced (the
//! files its manifest lists are removed first); a folder that is not empty
//! and holds no manifest of an export is refused, so a mistyped `--out`
//! never scatters files among someone's own. The manifest is written last:
//! a folder with a manifest holds a whole export.

use crate::sim::authority::Question;
use crate::sim::diagnose::{Dnssec, diagnose_with};
use crate::sim::dnssec::RustCrypto;
use crate::sim::dnssec::validate::Security;
use crate::sim::finding::{Finding, Severity};
use crate::sim::fix::FixEdit;
use crate::sim::hierarchy::Hierarchy;
use crate::sim::name::Name;
use crate::sim::record::{RType, Record};
use crate::sim::resolver::{Event, Failure, Outcome, Preset, Resolution, ResolverConfig, trace};
use crate::sim::scenario::{Behaviour, Scenario, World};
use crate::sim::scenarios::{BUILT_IN, built_in, generated_world};
use crate::sim::zonefile;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::rc::Rc;

mod export;

pub use export::*;

/// What `dns-lab help` prints.
pub const USAGE: &str = "\
DNS Lab on the command line: the simulated DNS world of the web app, without the browser.

Usage:
  dns-lab resolve      --scenario FILE [NAME [TYPE]] [--resolver R] [--seed N] [--validate] [--json]
  dns-lab trace        --scenario FILE [NAME [TYPE]] [--resolver R] [--seed N] [--validate]
  dns-lab diagnose     --scenario FILE [--json]
  dns-lab export-zones --scenario FILE --out DIR
  dns-lab share        --scenario FILE
  dns-lab generate     --zones N
  dns-lab help

Commands:
  resolve       resolve NAME TYPE: the rcode, the answer, the cause of a SERVFAIL
                and every server asked
  trace         the same resolution, step by step, as `dig +trace` prints one
  diagnose      every misconfiguration in the scenario, most severe first, with a fix
  export-zones  one zone file for each server and zone it loads, and manifest.json
  share         the fragment of a share link (#s=...) that opens the scenario in
                the app: append it to the app's address
  generate      a healthy scenario of N zones (a root, ten TLDs, a hosting
                provider and domains), as a scenario file to import or to pass
                to --scenario

Options:
  --scenario FILE   a scenario JSON file, or builtin:ID for a built-in one
                    (builtin:default, builtin:missing-glue, ...)
  NAME [TYPE]       the query; TYPE defaults to A; without NAME, the scenario's
                    lesson query
  --resolver R      unbound-like (default) or bind-like
  --seed N          the resolver's seed for random server selection (default 1)
  --validate        validate with DNSSEC from the simulated root's key, at the
                    scenario's date: secure, insecure, bogus or indeterminate
  --json            machine-readable output
  --out DIR         where export-zones writes (created if needed)
  --zones N         how many zones generate makes, from 12 to 100000
  -h, --help        this text

Exit codes: 0 done (whatever the DNS outcome), 1 writing failed,
2 usage error, a scenario that does not load, or an export refused.
";

/// What a command prints, and the exit code it ends with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub code: i32,
}

impl Output {
    fn ok(stdout: String) -> Output {
        Output { stdout, code: 0 }
    }
}

/// Why a command did not run; [`fmt::Display`] gives the text for stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliError {
    /// The command line is wrong; the usage text follows the message.
    Usage(String),
    /// The scenario cannot be read or does not load.
    Scenario(String),
    /// `export-zones` will not write into that folder.
    Refused(String),
    /// Writing the export failed.
    Io(String),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Io(_) => 1,
            CliError::Usage(_) | CliError::Scenario(_) | CliError::Refused(_) => 2,
        }
    }

    /// The message alone, without the usage text.
    pub fn message(&self) -> &str {
        match self {
            CliError::Usage(m) | CliError::Scenario(m) | CliError::Refused(m) | CliError::Io(m) => {
                m
            }
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dns-lab: {}", self.message())?;
        if let CliError::Usage(_) = self {
            write!(f, "\n\n{}", USAGE.trim_end())?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

fn usage(message: impl Into<String>) -> CliError {
    CliError::Usage(message.into())
}

/// The options of `resolve` and `trace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryArgs {
    pub scenario: String,
    /// `None`: the scenario's lesson query.
    pub name: Option<String>,
    pub rtype: Option<String>,
    pub preset: Preset,
    pub seed: u64,
    pub json: bool,
    /// Validate with DNSSEC.
    pub validate: bool,
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Resolve(QueryArgs),
    Trace(QueryArgs),
    Diagnose { scenario: String, json: bool },
    ExportZones { scenario: String, out: PathBuf },
    Share { scenario: String },
    Generate { zones: usize },
}

/// The zones `generate` makes at least (the root, ten TLDs and the provider
/// zone: [`generated_world`] makes them whatever it is asked) and at most (a
/// world the app can still import, with room to spare).
pub const GENERATE_ZONES: std::ops::RangeInclusive<usize> = 12..=100_000;

/// The options each command takes (`--help` goes with all of them).
fn allowed(command: &str) -> &'static [&'static str] {
    match command {
        "resolve" => &["--scenario", "--resolver", "--seed", "--validate", "--json"],
        "trace" => &["--scenario", "--resolver", "--seed", "--validate"],
        "diagnose" => &["--scenario", "--json"],
        "share" => &["--scenario"],
        "generate" => &["--zones"],
        _ => &["--scenario", "--out"],
    }
}

/// Parses the arguments after the program name.
pub fn parse_args(args: &[String]) -> Result<Command, CliError> {
    let Some(command) = args.first() else {
        return Err(usage("no command given"));
    };
    let command = command.as_str();
    match command {
        "help" | "-h" | "--help" => return Ok(Command::Help),
        "resolve" | "trace" | "diagnose" | "export-zones" | "share" | "generate" => {}
        other => return Err(usage(format!("unknown command \"{other}\""))),
    }
    let mut values: Vec<(&'static str, String)> = Vec::new();
    let mut json = false;
    let mut validate = false;
    let mut positional = Vec::new();
    let mut rest = args[1..].iter();
    let mut only_positional = false;
    while let Some(arg) = rest.next() {
        if only_positional || !arg.starts_with('-') || arg == "-" {
            positional.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_positional = true;
            continue;
        }
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        let (option, inline) = match arg.split_once('=') {
            Some((option, value)) => (option, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let Some(&option) = allowed(command).iter().find(|&&o| o == option) else {
            let known = [
                "--scenario",
                "--resolver",
                "--seed",
                "--json",
                "--validate",
                "--out",
                "--zones",
            ];
            return Err(if known.contains(&option) {
                usage(format!("{command} does not take {option}"))
            } else {
                usage(format!("unknown option {option}"))
            });
        };
        if option == "--json" || option == "--validate" {
            if inline.is_some() {
                return Err(usage(format!("{option} takes no value")));
            }
            if option == "--json" {
                json = true;
            } else {
                validate = true;
            }
            continue;
        }
        let value = match inline {
            Some(value) => value,
            None => rest
                .next()
                .cloned()
                .ok_or_else(|| usage(format!("{option} needs a value")))?,
        };
        if values.iter().any(|(o, _)| *o == option) {
            return Err(usage(format!("{option} is given twice")));
        }
        values.push((option, value));
    }
    let take = |option: &str| {
        values
            .iter()
            .find(|(o, _)| *o == option)
            .map(|(_, v)| v.clone())
    };
    if command == "generate" {
        if !positional.is_empty() {
            return Err(usage(format!(
                "generate takes no arguments besides --zones, not \"{}\"",
                positional.join(" ")
            )));
        }
        let text = take("--zones").ok_or_else(|| usage("generate needs --zones N"))?;
        let zones = text
            .parse()
            .ok()
            .filter(|n| GENERATE_ZONES.contains(n))
            .ok_or_else(|| {
                usage(format!(
                    "--zones needs a whole number from {} to {}, not \"{text}\"",
                    GENERATE_ZONES.start(),
                    GENERATE_ZONES.end()
                ))
            })?;
        return Ok(Command::Generate { zones });
    }
    let scenario = take("--scenario").ok_or_else(|| {
        usage(format!(
            "{command} needs --scenario FILE (or --scenario builtin:ID)"
        ))
    })?;
    match command {
        "resolve" | "trace" => {
            if positional.len() > 2 {
                return Err(usage(format!(
                    "{command} takes NAME and TYPE, not \"{}\"",
                    positional[2..].join(" ")
                )));
            }
            let preset = match take("--resolver").as_deref() {
                None | Some("unbound-like") => Preset::UnboundLike,
                Some("bind-like") => Preset::BindLike,
                Some(other) => {
                    return Err(usage(format!(
                        "unknown resolver \"{other}\"; use unbound-like or bind-like"
                    )));
                }
            };
            let seed = match take("--seed") {
                None => ResolverConfig::preset(preset).seed,
                Some(text) => text.parse().map_err(|_| {
                    usage(format!(
                        "--seed needs a whole number from 0 to {}, not \"{text}\"",
                        u64::MAX
                    ))
                })?,
            };
            let mut positional = positional.into_iter();
            let query = QueryArgs {
                scenario,
                name: positional.next(),
                rtype: positional.next(),
                preset,
                seed,
                json,
                validate,
            };
            Ok(if command == "resolve" {
                Command::Resolve(query)
            } else {
                Command::Trace(query)
            })
        }
        _ => {
            if !positional.is_empty() {
                return Err(usage(format!(
                    "{command} takes no arguments besides its options, not \"{}\"",
                    positional.join(" ")
                )));
            }
            if command == "diagnose" {
                Ok(Command::Diagnose { scenario, json })
            } else if command == "share" {
                Ok(Command::Share { scenario })
            } else {
                let out = take("--out").ok_or_else(|| usage("export-zones needs --out DIR"))?;
                Ok(Command::ExportZones {
                    scenario,
                    out: PathBuf::from(out),
                })
            }
        }
    }
}

/// Runs a command line (the arguments after the program name).
pub fn run(args: &[String]) -> Result<Output, CliError> {
    match parse_args(args)? {
        Command::Help => Ok(Output::ok(USAGE.to_string())),
        Command::Resolve(query) => {
            let world = load_world(&query.scenario)?;
            let question = question_for(&world, &query)?;
            let report = resolve(&world, &question, &query);
            Ok(Output::ok(if query.json {
                report.to_json()
            } else {
                report.to_text()
            }))
        }
        Command::Trace(query) => {
            let world = load_world(&query.scenario)?;
            let question = question_for(&world, &query)?;
            Ok(Output::ok(trace_text(&world, &question, &query)))
        }
        Command::Diagnose { scenario, json } => {
            let world = load_world(&scenario)?;
            // The DNSSEC checks too, at the world's date.
            let dnssec = Dnssec {
                crypto: Rc::new(RustCrypto),
                clock: 0,
            };
            let findings = diagnose_with(&world, &Hierarchy::build(&world), Some(&dnssec));
            Ok(Output::ok(if json {
                diagnose_json(&findings)
            } else {
                diagnose_text(&findings)
            }))
        }
        Command::Share { scenario } => {
            // Only a scenario that loads makes a link the app will open.
            let world = load_world(&scenario)?;
            Ok(Output::ok(format!(
                "#{}{}\n",
                crate::persist::LINK_KEY,
                crate::persist::encode_link(world.scenario())
            )))
        }
        Command::Generate { zones } => Ok(Output::ok(generated_world(zones).to_json() + "\n")),
        Command::ExportZones { scenario, out } => {
            let world = load_world(&scenario)?;
            let manifest = export_zones(&world, &out)?;
            let files: usize = manifest.servers.iter().map(|s| s.zones.len()).sum();
            Ok(Output::ok(format!(
                "wrote {files} zone file{} for {} server{} and manifest.json to {}\n",
                if files == 1 { "" } else { "s" },
                manifest.servers.len(),
                if manifest.servers.len() == 1 { "" } else { "s" },
                out.display()
            )))
        }
    }
}

// ------------------------------------------------------------- scenarios

/// Reads a scenario: `builtin:ID` from the library, anything else as a file.
pub fn load_scenario(spec: &str) -> Result<Scenario, CliError> {
    if let Some(id) = spec.strip_prefix("builtin:") {
        return built_in(id).ok_or_else(|| {
            let ids: Vec<&str> = BUILT_IN.iter().map(|(id, _)| *id).collect();
            CliError::Scenario(format!(
                "there is no built-in scenario \"{id}\"; the built-in ones are: {}",
                ids.join(", ")
            ))
        });
    }
    let text = std::fs::read_to_string(spec)
        .map_err(|e| CliError::Scenario(format!("cannot read {spec}: {e}")))?;
    Scenario::from_json(&text)
        .map_err(|e| CliError::Scenario(format!("{spec} does not load:\n{e}")))
}

/// Reads a scenario and loads its world; a scenario that does not fit
/// together reports every problem, zone text errors at line and column.
pub fn load_world(spec: &str) -> Result<World, CliError> {
    load_scenario(spec)?
        .load()
        .map_err(|e| CliError::Scenario(format!("{spec} does not load:\n{e}")))
}

/// The question a `resolve` or `trace` asks: its NAME and TYPE, or the
/// scenario's lesson query.
pub fn question_for(world: &World, query: &QueryArgs) -> Result<Question, CliError> {
    let Some(name) = &query.name else {
        return match &world.scenario().lesson {
            Some(lesson) => Ok(Question::new(lesson.query.name.clone(), lesson.query.rtype)),
            None => Err(usage(
                "this scenario has no lesson query; give NAME and TYPE",
            )),
        };
    };
    let name =
        Name::parse(name).map_err(|e| usage(format!("\"{name}\" is not a domain name: {e}")))?;
    let rtype = match &query.rtype {
        None => RType::A,
        Some(text) => text.parse().map_err(|e| usage(format!("{e}")))?,
    };
    Ok(Question::new(name, rtype))
}

fn preset_id(preset: Preset) -> &'static str {
    match preset {
        Preset::UnboundLike => "unbound-like",
        Preset::BindLike => "bind-like",
    }
}

// --------------------------------------------------------------- resolve

/// One record of the answer, as `resolve --json` gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerRecord {
    pub owner: String,
    pub ttl: u32,
    #[serde(rename = "type")]
    pub rtype: String,
    pub data: String,
}

/// One query the resolver sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerAsked {
    pub host: String,
    pub address: String,
    /// How the resolver read the response (`referral to test.`, `timeout`).
    pub result: String,
    /// 0 for the client's question, 1 for a look-up of a name server's
    /// address, and so on (the text output indents by it).
    #[serde(skip)]
    pub depth: usize,
}

/// How one resolution ended, and who was asked on the way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResolveReport {
    pub name: String,
    #[serde(rename = "type")]
    pub rtype: String,
    pub resolver: String,
    pub seed: u64,
    pub rcode: String,
    pub answer: Vec<AnswerRecord>,
    pub servfail_cause: Option<String>,
    /// `secure`, `insecure`, `bogus`, `indeterminate`; `null` without
    /// validation.
    pub validation: Option<&'static str>,
    pub extended_error: Option<ExtendedError>,
    pub servers_asked: Vec<ServerAsked>,
    /// The answer as dig prints it, for the text output.
    #[serde(skip)]
    pub answer_lines: Vec<String>,
    /// For the text output: the Extended DNS Error and the servers that
    /// could not be used, when the resolution failed.
    #[serde(skip)]
    pub failure_detail: Vec<String>,
}

/// An RFC 8914 Extended DNS Error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExtendedError {
    pub code: u16,
    pub name: &'static str,
}

/// Resolves `question` from an empty cache as `query` says (preset, seed,
/// validation).
pub fn resolve(world: &World, question: &Question, query: &QueryArgs) -> ResolveReport {
    let (preset, seed) = (query.preset, query.seed);
    let (steps, outcome, security) = run_resolution(world, question, query);
    let servers_asked = steps
        .iter()
        .filter_map(|step| match &step.event {
            Event::Query(exchange) => Some(ServerAsked {
                host: exchange.server.to_string(),
                address: exchange.address.to_string(),
                result: exchange.classification.to_string(),
                depth: step.depth,
            }),
            _ => None,
        })
        .collect();
    let answer: &[Record] = outcome.answer();
    let (servfail_cause, failure_detail) = match &outcome {
        Outcome::ServFail { failure, .. } => (Some(failure.title()), failure_detail(failure)),
        _ => (None, Vec::new()),
    };
    let extended_error = match &outcome {
        Outcome::ServFail { failure, .. } => {
            let (code, name) = failure.extended_error();
            Some(ExtendedError { code, name })
        }
        _ => None,
    };
    ResolveReport {
        name: question.name.to_string(),
        rtype: question.rtype.to_string(),
        resolver: preset_id(preset).to_string(),
        seed,
        rcode: outcome.rcode().to_string(),
        answer: answer
            .iter()
            .map(|r| AnswerRecord {
                owner: r.owner.to_string(),
                ttl: r.ttl,
                rtype: r.rtype().to_string(),
                data: r.data.to_text(),
            })
            .collect(),
        servfail_cause,
        validation: security.as_ref().map(Security::word),
        extended_error,
        servers_asked,
        answer_lines: answer.iter().map(trace::record_line).collect(),
        failure_detail,
    }
}

fn run_resolution(
    world: &World,
    question: &Question,
    query: &QueryArgs,
) -> (Vec<crate::sim::resolver::Step>, Outcome, Option<Security>) {
    let config = ResolverConfig::preset(query.preset)
        .with_seed(query.seed)
        .with_validation(query.validate);
    let mut resolution =
        Resolution::new(question.clone(), config).validating_with(Rc::new(RustCrypto));
    let steps = resolution.run(world);
    let outcome = resolution
        .outcome()
        .cloned()
        .expect("a resolution that has run is done");
    (steps, outcome, resolution.security().cloned())
}

fn failure_detail(failure: &Failure) -> Vec<String> {
    let (code, name) = failure.extended_error();
    let mut lines = vec![format!("extended DNS error: {code} ({name})")];
    if let Failure::NoReachableAuthority { attempts, .. } = failure {
        for attempt in attempts {
            let address = attempt
                .address
                .map(|a| format!(" ({a})"))
                .unwrap_or_default();
            lines.push(format!(
                "unusable: {}{address}: {}",
                attempt.host, attempt.problem
            ));
        }
    }
    lines
}

impl ResolveReport {
    /// `status: …`, the answer one record a line, then the servers asked.
    pub fn to_text(&self) -> String {
        let mut out = match &self.servfail_cause {
            Some(cause) => format!("status: {} (cause: {cause})\n", self.rcode),
            None => format!("status: {}\n", self.rcode),
        };
        if let Some(validation) = self.validation {
            let _ = writeln!(out, "validation: {validation}");
        }
        for line in &self.failure_detail {
            let _ = writeln!(out, "  {line}");
        }
        for line in &self.answer_lines {
            let _ = writeln!(out, "{line}");
        }
        out.push_str("servers asked:\n");
        if self.servers_asked.is_empty() {
            out.push_str("  (none)\n");
        }
        let indent = |s: &ServerAsked| 2 + 2 * s.depth;
        let host_width = self
            .servers_asked
            .iter()
            .map(|s| indent(s) + s.host.len())
            .max()
            .unwrap_or(0);
        let address_width = self
            .servers_asked
            .iter()
            .map(|s| s.address.len())
            .max()
            .unwrap_or(0);
        for s in &self.servers_asked {
            let lead = " ".repeat(indent(s));
            let host = format!("{lead}{}", s.host);
            let _ = writeln!(
                out,
                "{host:<host_width$}  {:<address_width$}  {}",
                s.address, s.result
            );
        }
        out
    }

    /// The stable JSON form (see the module documentation).
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a report serializes");
        json.push('\n');
        json
    }
}

/// The resolution `dig +trace` style: exactly [`trace::render`].
pub fn trace_text(world: &World, question: &Question, query: &QueryArgs) -> String {
    let (steps, _, _) = run_resolution(world, question, query);
    trace::render(question, &steps)
}

// -------------------------------------------------------------- diagnose

/// One finding, as `diagnose --json` gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingJson {
    pub severity: String,
    pub kind: &'static str,
    pub title: String,
    pub consequence: String,
    pub fix: String,
    /// The fix as scenario edits, when the world has what it needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fix_edits: Vec<FixEdit>,
    pub zones: Vec<String>,
    pub servers: Vec<String>,
}

impl From<&Finding> for FindingJson {
    fn from(finding: &Finding) -> FindingJson {
        FindingJson {
            severity: finding.severity.to_string(),
            kind: finding.kind.id(),
            title: finding.title.clone(),
            consequence: finding.consequence.clone(),
            fix: finding.fix.explanation.clone(),
            fix_edits: finding.fix.edits.clone(),
            zones: finding.zones.iter().map(Name::to_string).collect(),
            servers: finding.servers.iter().map(|s| s.0.clone()).collect(),
        }
    }
}

/// The findings as a JSON array.
pub fn diagnose_json(findings: &[Finding]) -> String {
    let findings: Vec<FindingJson> = findings.iter().map(FindingJson::from).collect();
    let mut json = serde_json::to_string_pretty(&findings).expect("findings serialize");
    json.push('\n');
    json
}

/// One line per finding (severity, kind, title), its fix indented below.
pub fn diagnose_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings\n".into();
    }
    let mut out = String::new();
    for finding in findings {
        let icon = match finding.severity {
            Severity::Error => "✖",
            Severity::Warning => "⚠",
            Severity::Notice => "ℹ",
        };
        let _ = writeln!(
            out,
            "{icon} {:<7} {}: {}",
            finding.severity.to_string(),
            finding.kind.id(),
            finding.title
        );
        let _ = writeln!(out, "    fix: {}", finding.fix.explanation);
    }
    out
}
