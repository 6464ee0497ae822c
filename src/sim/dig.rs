//! A `dig` console for the simulated world: dig's own syntax in, dig's own
//! layout out.
//!
//! `dig` sends one DNS query and prints the response it gets, header flags
//! and sections included. What comes back depends on whom it asks, and
//! comparing the two is one of the best ways to see how DNS works:
//!
//! - **A recursive resolver** (plain `dig name`, which asks the resolver the
//!   machine is configured with; here, the app's simulated resolver with its
//!   preset, seed and cache). dig sets the Recursion Desired flag (RD), the
//!   resolver offers recursion (RA) and does the whole walk from the root
//!   itself (RFC 1034 §4.3.1, §5.3.3), so the client sees only the end
//!   result: `flags: qr rd ra`, the answer, or NXDOMAIN/NODATA with the SOA.
//!   When the resolver fails it says SERVFAIL and, as Unbound does, an
//!   Extended DNS Error (RFC 8914) with the reason.
//! - **One authoritative server directly** (`dig name @server`). It answers
//!   only from the zones it loads and never asks anyone else (RFC 1034
//!   §4.3.1: recursion is optional, and authoritative-only servers do not
//!   offer it). So there is no `ra` flag, and dig warns "recursion requested
//!   but not available". When the server answers from its own zone the
//!   Authoritative Answer flag (AA) is set; when the name lies below one of
//!   its zone cuts it sends a *referral* instead: no AA, an empty Answer
//!   section, the child's NS records in Authority and their addresses (glue)
//!   in Additional. This is the per-server view: `dig NS example.test
//!   @ns1.nic.test` shows what the parent (the registry) says about the
//!   delegation, `dig NS example.test @ns1.example.test` what the child's
//!   own servers say. A server that loads no zone above the name says
//!   REFUSED; a server that is down never answers, and dig reports the
//!   timeouts. The flags are the header bits of RFC 1035 §4.1.1: QR (a
//!   response), AA, RD (copied from the query), RA.
//!
//! Options:
//! - `+trace`: dig becomes an iterative resolver itself, starting from the
//!   root hints with RD clear and printing every referral on the way. Here it
//!   is the resolver's own trace (see [`trace`]) of a fresh resolution, which
//!   also shows cache hits, nested look-ups and failures that real
//!   `dig +trace` hides.
//! - `+short`: only the data of the answer records, one per line; nothing
//!   when there is no answer (NXDOMAIN, NODATA, SERVFAIL, a referral).
//!   Network errors (timeouts, an unknown server name) are still printed,
//!   as dig prints them.
//! - `+dnssec` sets the DO bit (RFC 3225): the reply carries the RRSIG
//!   records of its RRsets and, for a negative answer, the NSEC or NSEC3
//!   records that prove it. Asked directly, a server of a signed zone adds
//!   them ([`authority`]); the resolver adds those it received with the
//!   data it holds.
//! - `+cd` (`+cdflag`) sets Checking Disabled (RFC 4035 §3.2.2): a
//!   validating resolver hands over the data without validating it, so a
//!   bogus answer comes back instead of SERVFAIL, without `ad`. That is how
//!   operators tell "bogus" from "broken". With validation on, an answer
//!   the resolver found secure carries the `ad` flag (RFC 4035 §3.2.3).
//! - `+norec` clears RD. An authoritative server answers exactly as before
//!   (it never recursed), only without `rd` in the reply. A recursive
//!   resolver then answers from its cache alone: this is "cache snooping",
//!   which Unbound allows with `access-control: … allow_snoop` and BIND with
//!   `allow-query-cache`, and the console is the resolver's own
//!   administrator. As Unbound's `answer_norec_from_cache` does, it gives
//!   the cached answer (following cached CNAMEs) or cached negative answer,
//!   and otherwise a referral to the closest delegation it has cached (the
//!   root servers from the hints when it has none), with `ra` but not `rd`.
//!
//! What differs from the real tool, because the world is simulated: there
//! is no clock, so no `Query time` or `WHEN` lines; no EDNS OPT record is
//! shown except the Extended DNS Error of a SERVFAIL; message ids are derived
//! from the question, so the same command gives the same text; one query per
//! command, class IN only; `@server` with a host name that several addresses
//! share uses the first; a server that is down times out three times
//! (dig's default `+tries=3`) before dig gives up. The command never changes
//! the resolver's cache: it reads a copy.

use super::authority::{self, Disposition, Message, Question, Rcode};
use super::dnssec::Cryptography;
use super::dnssec::validate::Security;
use super::name::{Name, NameError};
use super::record::{RData, RType, RTypeError, Record};
use super::resolver::trace::{self, HeaderFlags};
use super::resolver::{
    Cache, CachedAnswer, Failure, Limit, NsSetPolicy, Outcome, Resolution, ResolverConfig, Step,
};
use super::scenario::World;
use super::server::ServerId;
use std::fmt;
use std::fmt::Write;
use std::net::IpAddr;
use std::rc::Rc;

/// The banner's name for the tool.
const DIG: &str = "DiG (DNS Lab)";

/// How many times dig sends a query that gets no reply (`+tries=3`).
const TRIES: usize = 3;

/// The TTL of the root hints (the `named.root` file gives 3600000).
const ROOT_HINTS_TTL: u32 = 3_600_000;

/// How many cached CNAMEs a cache-only answer follows.
const MAX_CACHED_ALIASES: usize = 16;

/// Where `@server` points: an address, or a host name to find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerSpec {
    Address(IpAddr),
    Host(Name),
}

impl fmt::Display for ServerSpec {
    /// As dig shows the server in its `SERVER:` line: the address, or the
    /// host name without its final dot.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerSpec::Address(address) => write!(f, "{address}"),
            ServerSpec::Host(name) if name.is_root() => f.write_str("."),
            ServerSpec::Host(name) => f.write_str(&name.prose()),
        }
    }
}

/// One parsed `dig` command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigCommand {
    /// `@server`: ask that server directly; `None` asks the resolver.
    pub server: Option<ServerSpec>,
    pub name: Name,
    pub rtype: RType,
    /// `+trace`: iterate from the root.
    pub trace: bool,
    /// `+short`: only the answer data.
    pub short: bool,
    /// Recursion Desired; `+norec` clears it.
    pub recurse: bool,
    /// `+dnssec`: the DO bit.
    pub dnssec: bool,
    /// `+cd`: Checking Disabled.
    pub checking_disabled: bool,
    /// The arguments as typed (without a leading `dig`), for the banner.
    pub args: String,
}

impl DigCommand {
    /// The question the command asks.
    pub fn question(&self) -> Question {
        Question::new(self.name.clone(), self.rtype)
    }
}

/// Why a command line is not a `dig` command DNS Lab can run. Its
/// `Display` gives a dig-like message followed by [`USAGE`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DigError {
    /// `-h`: the usage text was asked for.
    Help,
    /// A `+option` dig does not have.
    UnknownOption(String),
    /// A `-x` style flag dig does not have.
    UnknownFlag(String),
    /// A real dig option the simulation does not model.
    NotSimulated(String),
    /// An option that needs a value got none (`-t` at the end, a lone `@`).
    MissingValue(String),
    BadType {
        text: String,
        error: RTypeError,
    },
    /// A class other than IN.
    BadClass(String),
    BadName {
        text: String,
        error: NameError,
    },
    /// `-x` with something that is not an IP address.
    BadAddress(String),
    /// A second name (dig would run a second query).
    ExtraArgument(String),
    /// More than one `@server`.
    TwoServers,
}

/// The short usage text every error ends with.
pub const USAGE: &str = "\
Usage:  dig [@server] [name] [type] [class] [+[no]trace] [+[no]short] [+[no]rec]
            [+[no]dnssec] [+[no]cd]
        dig [@server] -x address
  @server  a simulated server's host name or address
           (default: the simulated recursive resolver)
  name     a domain name, with or without the final dot (default: the root, type NS)
  type     any record type: A, AAAA, NS, MX, TXT, CAA, DS …, or TYPEnnn
           (default: A); or -t type
  class    IN, the only class simulated; or -c IN
  +trace   follow the delegations from the root, as dig +trace does
  +short   print only the answer data
  +norec   clear Recursion Desired (a resolver then answers from its cache)
  +dnssec  ask for the DNSSEC records: RRSIG, NSEC, NSEC3
  +cd      checking disabled: a validating resolver answers without validating
  -x addr  reverse look-up: PTR for the address's in-addr.arpa or ip6.arpa name";

impl DigError {
    /// The message alone, without the usage text.
    pub fn message(&self) -> String {
        match self {
            DigError::Help => "dig asks one DNS question and prints the answer.".into(),
            DigError::UnknownOption(option) => format!(
                "Invalid option: {option} (DNS Lab knows +trace, +short, +norec, +dnssec and +cd, each also with or without \"no\")"
            ),
            DigError::UnknownFlag(flag) => format!("Invalid option: {flag}"),
            DigError::NotSimulated(option) => format!(
                "{option}: this dig option is not simulated in DNS Lab (supported: +[no]trace, +[no]short, +[no]rec, +[no]dnssec, +[no]cd, -t, -c, -q, -x)"
            ),
            DigError::MissingValue(option) => format!("{option} needs a value"),
            DigError::BadType { text, error } => {
                format!("invalid type {text}: {error}")
            }
            DigError::BadClass(class) => {
                format!("class {class} is not simulated: DNS Lab's world is all class IN")
            }
            DigError::BadName { text, error } => format!("'{text}' is not a legal name: {error}"),
            DigError::BadAddress(text) => {
                format!("'{text}' is not an IPv4 or IPv6 address, as -x needs")
            }
            DigError::ExtraArgument(text) => format!(
                "'{text}' is neither a record type nor the name: the name is already given, and DNS Lab runs one query at a time"
            ),
            DigError::TwoServers => "only one @server per command in DNS Lab".into(),
        }
    }
}

impl fmt::Display for DigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigError::Help => write!(f, "{}\n\n{USAGE}", self.message()),
            _ => write!(f, "dig: {}\n\n{USAGE}", self.message()),
        }
    }
}

impl std::error::Error for DigError {}

/// Real dig `+options` that DNS Lab does not model: named "not simulated"
/// rather than "invalid".
const DIG_OPTIONS: &[&str] = &[
    "aaflag",
    "aaonly",
    "additional",
    "adflag",
    "all",
    "answer",
    "authority",
    "badcookie",
    "besteffort",
    "bufsize",
    "class",
    "cmd",
    "comments",
    "cookie",
    "crypto",
    "defname",
    "dns64prefix",
    "domain",
    "edns",
    "ednsflags",
    "ednsnegotiation",
    "ednsopt",
    "expire",
    "fail",
    "header-only",
    "https",
    "identify",
    "idn",
    "idnin",
    "idnout",
    "ignore",
    "keepalive",
    "keepopen",
    "multiline",
    "ndots",
    "nsid",
    "nssearch",
    "onesoa",
    "opcode",
    "padding",
    "qid",
    "qr",
    "question",
    "raflag",
    "rdflag",
    "retry",
    "rrcomments",
    "search",
    "showsearch",
    "sigchase",
    "split",
    "stats",
    "subnet",
    "tcflag",
    "tcp",
    "time",
    "timeout",
    "tls",
    "topdown",
    "tries",
    "trusted-key",
    "ttlid",
    "ttlunits",
    "unknownformat",
    "vc",
    "yaml",
    "zflag",
];

/// Reads a `dig` command line. A leading `dig` is optional; `@server`,
/// `+options`, `-t`/`-c`/`-q`/`-x`, the name, the type and the class may
/// come in any order, as dig allows. With no name, dig asks for the root's
/// NS records; with a name and no type, for A records. Never panics.
pub fn parse(line: &str) -> Result<DigCommand, DigError> {
    let mut tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens
        .first()
        .is_some_and(|t| t.eq_ignore_ascii_case("dig"))
    {
        tokens.remove(0);
    }
    let args = tokens.join(" ");
    let mut server = None;
    let mut name: Option<Name> = None;
    let mut rtype: Option<RType> = None;
    let mut reverse = false;
    let (mut trace, mut short, mut recurse) = (false, false, true);
    let (mut dnssec, mut checking_disabled) = (false, false);

    let mut rest = tokens.into_iter();
    while let Some(token) = rest.next() {
        if let Some(spec) = token.strip_prefix('@') {
            if server.is_some() {
                return Err(DigError::TwoServers);
            }
            server = Some(parse_server(spec)?);
        } else if let Some(option) = token.strip_prefix('+') {
            let (on, key) = match option.strip_prefix("no") {
                Some(key) => (false, key),
                None => (true, option),
            };
            match key {
                "trace" => trace = on,
                "short" => short = on,
                "dnssec" => dnssec = on,
                "cd" | "cdflag" => checking_disabled = on,
                k if k.len() >= 3 && "recurse".starts_with(k) => recurse = on,
                k if DIG_OPTIONS.contains(&k.split('=').next().unwrap_or(k)) => {
                    return Err(DigError::NotSimulated(token.to_string()));
                }
                _ => return Err(DigError::UnknownOption(token.to_string())),
            }
        } else if let Some(flag) = token.strip_prefix('-')
            && let Some(letter) = flag.chars().next()
        {
            let attached = &flag[letter.len_utf8()..];
            let mut value = || -> Result<&str, DigError> {
                if attached.is_empty() {
                    rest.next()
                        .ok_or_else(|| DigError::MissingValue(format!("-{letter}")))
                } else {
                    Ok(attached)
                }
            };
            match letter {
                't' => {
                    let text = value()?;
                    rtype = Some(text.parse().map_err(|error| DigError::BadType {
                        text: text.to_string(),
                        error,
                    })?);
                }
                'c' => check_class(value()?)?,
                'q' => set_name(&mut name, value()?)?,
                'x' => {
                    let text = value()?;
                    let address: IpAddr = text
                        .parse()
                        .map_err(|_| DigError::BadAddress(text.to_string()))?;
                    if name.is_some() {
                        return Err(DigError::ExtraArgument(token.to_string()));
                    }
                    name = Some(reverse_name(address));
                    reverse = true;
                }
                'h' => return Err(DigError::Help),
                '4' | '6' | 'b' | 'f' | 'i' | 'k' | 'm' | 'p' | 'r' | 'u' | 'v' | 'y' => {
                    return Err(DigError::NotSimulated(token.to_string()));
                }
                _ => return Err(DigError::UnknownFlag(token.to_string())),
            }
        } else if is_class(token) {
            check_class(token)?;
        } else {
            match token.parse::<RType>() {
                Ok(t) if rtype.is_none() => rtype = Some(t),
                Err(error @ RTypeError::NotData(_)) if rtype.is_none() => {
                    return Err(DigError::BadType {
                        text: token.to_string(),
                        error,
                    });
                }
                _ if name.is_none() => set_name(&mut name, token)?,
                _ => return Err(DigError::ExtraArgument(token.to_string())),
            }
        }
    }

    let (name, rtype) = match (name, rtype) {
        (Some(name), Some(rtype)) => (name, rtype),
        (Some(name), None) if reverse => (name, RType::PTR),
        (Some(name), None) => (name, RType::A),
        (None, Some(rtype)) => (Name::root(), rtype),
        (None, None) => (Name::root(), RType::NS),
    };
    Ok(DigCommand {
        server,
        name,
        rtype,
        trace,
        short,
        recurse,
        dnssec,
        checking_disabled,
        args,
    })
}

fn parse_server(text: &str) -> Result<ServerSpec, DigError> {
    if text.is_empty() {
        return Err(DigError::MissingValue("@".into()));
    }
    if let Ok(address) = text.parse::<IpAddr>() {
        return Ok(ServerSpec::Address(address));
    }
    Name::parse(text)
        .map(ServerSpec::Host)
        .map_err(|error| DigError::BadName {
            text: text.to_string(),
            error,
        })
}

fn set_name(name: &mut Option<Name>, text: &str) -> Result<(), DigError> {
    if name.is_some() {
        return Err(DigError::ExtraArgument(text.to_string()));
    }
    *name = Some(Name::parse(text).map_err(|error| DigError::BadName {
        text: text.to_string(),
        error,
    })?);
    Ok(())
}

/// True for the class mnemonics dig knows (RFC 1035 §3.2.4, RFC 2929).
fn is_class(token: &str) -> bool {
    let upper = token.to_ascii_uppercase();
    matches!(
        upper.as_str(),
        "IN" | "CH" | "CHAOS" | "HS" | "HESIOD" | "CS"
    ) || upper
        .strip_prefix("CLASS")
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

fn check_class(text: &str) -> Result<(), DigError> {
    if text.eq_ignore_ascii_case("IN") || text == "CLASS1" {
        Ok(())
    } else {
        Err(DigError::BadClass(text.to_string()))
    }
}

/// The name a reverse look-up asks for (RFC 1035 §3.5, RFC 3596 §2.5).
fn reverse_name(address: IpAddr) -> Name {
    let text = match address {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa.")
        }
        IpAddr::V6(v6) => {
            let mut text = String::new();
            for octet in v6.octets().iter().rev() {
                let _ = write!(text, "{:x}.{:x}.", octet & 0xf, octet >> 4);
            }
            text.push_str("ip6.arpa.");
            text
        }
    };
    Name::parse(&text).unwrap_or_else(|_| Name::root())
}

/// Whom the command asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// The simulated recursive resolver, with the app's cache.
    Resolver,
    /// Nobody but the root hints and the servers they lead to: `+trace`.
    Trace,
    /// One server directly, at `address`; `server` is the simulated server
    /// listening there, if any.
    Server {
        address: IpAddr,
        server: Option<ServerId>,
        host: Option<Name>,
    },
    /// Nobody: the `@server` name has no address.
    Nobody,
}

/// What `dig` printed, and the facts behind it for a UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigOutput {
    /// The text dig prints.
    pub text: String,
    pub asked: Asked,
    /// The response's status; `None` when no response came.
    pub rcode: Option<Rcode>,
    /// The response as sent, when one came and the command was not
    /// `+trace` ([`Message::to_wire`] gives its bytes).
    pub message: Option<Message>,
    /// What a server asked directly did (answer, referral, NXDOMAIN, …).
    pub disposition: Option<Disposition>,
    /// The resolution that ran: the recursive query, `+trace`, or finding
    /// the `@server` name's address; empty otherwise.
    pub steps: Vec<Step>,
}

/// Runs `command` against `world`. Without `@server` it asks the simulated
/// resolver configured by `config`, starting from (a copy of) `cache`; a
/// validating resolver checks signatures with `crypto`.
pub fn run(
    command: &DigCommand,
    world: &World,
    config: ResolverConfig,
    cache: &Cache,
    crypto: Option<Rc<dyn Cryptography>>,
) -> DigOutput {
    let question = command.question();
    let resolver = Resolver { config, crypto };
    if command.trace {
        let steps = resolver
            .resolution(question.clone(), Cache::new())
            .run(world);
        let mut text = String::new();
        if let Some(server) = &command.server {
            let _ = writeln!(
                text,
                "; DNS Lab: +trace starts from the root hints; @{server} is not asked"
            );
        }
        text.push_str(&trace::render(&question, &steps));
        let outcome = steps.iter().rev().find_map(|s| match &s.event {
            super::resolver::Event::Done(outcome) => Some(outcome.clone()),
            _ => None,
        });
        return DigOutput {
            text,
            asked: Asked::Trace,
            rcode: outcome.map(|o| o.rcode()),
            message: None,
            disposition: None,
            steps,
        };
    }
    match &command.server {
        None if command.recurse => recursive(command, &question, world, &resolver, cache),
        None => from_cache(command, &question, world, config, cache),
        Some(spec) => direct(command, spec, &question, world, &resolver, cache),
    }
}

/// The simulated resolver the console asks.
struct Resolver {
    config: ResolverConfig,
    crypto: Option<Rc<dyn Cryptography>>,
}

impl Resolver {
    /// Without the cryptography, nothing can be verified: the resolver
    /// does not validate.
    fn resolution(&self, question: Question, cache: Cache) -> Resolution {
        match &self.crypto {
            Some(crypto) => {
                Resolution::with_cache(question, self.config, cache).validating_with(crypto.clone())
            }
            None => Resolution::with_cache(question, self.config.with_validation(false), cache),
        }
    }
}

/// The lines dig prints before the response.
fn banner(command: &DigCommand, server_note: Option<&str>) -> String {
    let mut text = format!("; <<>> {DIG} <<>>");
    if !command.args.is_empty() {
        text.push(' ');
        text.push_str(&command.args);
    }
    text.push('\n');
    if let Some(note) = server_note {
        let _ = writeln!(text, "; ({note})");
    }
    text.push_str(";; global options: +cmd\n");
    text
}

/// `+short`: the answer's data, one record per line.
fn short_text(answer: &[Record]) -> String {
    answer
        .iter()
        .map(|r| format!("{}\n", r.data.to_text()))
        .collect()
}

/// The resolver's name in the `SERVER:` line.
fn resolver_name(config: &ResolverConfig) -> String {
    let preset = match config.matching_preset() {
        Some(preset) => format!("{preset} preset"),
        None => "custom settings".into(),
    };
    format!("the simulated resolver ({preset}, seed {})", config.seed)
}

/// The resolution's end, or SERVFAIL if (against its contract) it has none.
fn outcome_of(resolution: &Resolution) -> Outcome {
    resolution
        .outcome()
        .cloned()
        .unwrap_or(Outcome::failed(Failure::LimitReached(Limit::Queries)))
}

/// No `@server`, RD set: the resolver resolves and answers.
fn recursive(
    command: &DigCommand,
    question: &Question,
    world: &World,
    resolver: &Resolver,
    cache: &Cache,
) -> DigOutput {
    // Checking disabled: the resolver does not validate, but still asks
    // for the DNSSEC records, as a validator would, and hands them over.
    let validating = resolver.config.validation && !command.checking_disabled;
    let resolver = Resolver {
        config: resolver.config.with_validation(validating),
        crypto: resolver.crypto.clone(),
    };
    let mut resolution = resolver.resolution(question.clone(), cache.clone());
    if command.dnssec || command.checking_disabled {
        resolution = resolution.asking_for_dnssec();
    }
    let steps = resolution.run(world);
    let outcome = outcome_of(&resolution);
    let mut message = trace::client_message(question, &outcome);
    if command.dnssec {
        add_dnssec_records(&mut message, &outcome, resolution.cache());
    }
    let flags = HeaderFlags {
        rd: true,
        ra: true,
        ad: resolution.security() == Some(&Security::Secure),
        cd: command.checking_disabled,
        ..HeaderFlags::default()
    };
    let body = trace::reply_text(&message, flags, trace::client_ede(&outcome).as_deref());
    resolver_reply(command, &resolver.config, message, body, steps)
}

/// What a resolver adds for a client that set DO: each answer RRset's
/// RRSIGs after it, and a negative answer's proof in the authority
/// section, as it received them.
fn add_dnssec_records(message: &mut Message, outcome: &Outcome, cache: &Cache) {
    let mut answer = Vec::new();
    let records = std::mem::take(&mut message.answer);
    for (i, record) in records.iter().enumerate() {
        answer.push(record.clone());
        let rrset_ends = records
            .get(i + 1)
            .is_none_or(|next| next.owner != record.owner || next.rtype() != record.rtype());
        if rrset_ends {
            answer.extend(cache.dnssec_records(&record.owner, record.rtype()));
        }
    }
    message.answer = answer;
    if let Outcome::NXDomain { answer, .. } | Outcome::NoData { answer, .. } = outcome {
        let last = answer
            .iter()
            .rev()
            .find_map(|r| match &r.data {
                RData::CNAME(target) => Some(target.clone()),
                _ => None,
            })
            .unwrap_or(message.question.name.clone());
        let proof = cache.dnssec_records(&last, message.question.rtype);
        message.authority.extend(proof);
    }
}

/// What the resolver said, as dig prints it: `+short` keeps only the
/// answer data; otherwise the banner, the reply and the footer.
fn resolver_reply(
    command: &DigCommand,
    config: &ResolverConfig,
    message: Message,
    body: String,
    steps: Vec<Step>,
) -> DigOutput {
    let text = if command.short {
        short_text(&message.answer)
    } else {
        let mut text = banner(command, None);
        text.push_str(&body);
        let _ = writeln!(text, "\n;; SERVER: {}", resolver_name(config));
        let _ = writeln!(text, ";; MSG SIZE  rcvd: {}", message.to_wire().len());
        text
    };
    DigOutput {
        text,
        asked: Asked::Resolver,
        rcode: Some(message.rcode),
        message: Some(message),
        disposition: None,
        steps,
    }
}

/// No `@server`, RD clear: what the resolver's cache alone says (see the
/// module docs for why it answers at all).
fn from_cache(
    command: &DigCommand,
    question: &Question,
    world: &World,
    config: ResolverConfig,
    cache: &Cache,
) -> DigOutput {
    let message = cache_only_message(question, world, &config, cache);
    let flags = HeaderFlags {
        ra: true,
        ..HeaderFlags::default()
    };
    let body = format!(
        ";; Got answer:\n{}",
        trace::response_text(&message, flags, None)
    );
    resolver_reply(command, &config, message, body, Vec::new())
}

/// The answer a resolver gives from its cache alone (Unbound's
/// `answer_norec_from_cache`): cached data after any cached CNAMEs, a
/// cached negative answer, or else a referral to the closest cached
/// delegation, the root hints when there is none.
fn cache_only_message(
    question: &Question,
    world: &World,
    config: &ResolverConfig,
    cache: &Cache,
) -> Message {
    let now = cache.now();
    let mut message = Message {
        id: trace::client_id(question),
        aa: false,
        rcode: Rcode::NoError,
        question: question.clone(),
        answer: Vec::new(),
        authority: Vec::new(),
        additional: Vec::new(),
    };
    let mut name = question.name.clone();
    for _ in 0..MAX_CACHED_ALIASES {
        match cache.answer(&name, question.rtype, config.nxdomain_cut) {
            Some(CachedAnswer::Data(rrset)) => {
                message.answer.extend(rrset.records_at(now));
                return message;
            }
            Some(CachedAnswer::Negative(entry)) => {
                if entry.nxdomain {
                    message.rcode = Rcode::NXDomain;
                }
                let soa = &entry.soa;
                let ttl = entry.ttl_left(now);
                message
                    .authority
                    .push(Record::new(soa.owner.clone(), ttl, soa.data.clone()));
                return message;
            }
            Some(CachedAnswer::Alias(rrset)) => {
                let records = rrset.records_at(now);
                let target = records.iter().find_map(|r| match &r.data {
                    RData::CNAME(target) => Some(target.clone()),
                    _ => None,
                });
                message.answer.extend(records);
                match target {
                    Some(target) if !message.answer.iter().any(|r| r.owner == target) => {
                        name = target;
                    }
                    _ => return message,
                }
            }
            None => break,
        }
    }
    // Nothing more cached for the name: refer the client to the closest
    // delegation the cache knows.
    let prefer_child = config.ns_set == NsSetPolicy::ChildCentric;
    let rows = cache.rows();
    let cached_addresses = |host: &Name| -> Vec<Record> {
        rows.iter()
            .flat_map(|row| &row.records)
            .filter(|r| r.owner == *host && r.rtype().is_address())
            .cloned()
            .collect()
    };
    if let Some((_, _, rrset)) = cache.closest_delegation(&name, prefer_child) {
        let ns = rrset.records_at(now);
        for host in rrset.ns_hosts() {
            for record in cached_addresses(&host) {
                if !message.additional.contains(&record) {
                    message.additional.push(record);
                }
            }
        }
        message.authority = ns;
        return message;
    }
    let hints = world.root_hints();
    if hints.is_empty() {
        message.rcode = Rcode::ServFail;
        return message;
    }
    for (host, address) in hints {
        let ns = Record::new(Name::root(), ROOT_HINTS_TTL, RData::NS(host.clone()));
        if !message.authority.contains(&ns) {
            message.authority.push(ns);
        }
        let data = match address {
            IpAddr::V4(v4) => RData::A(v4),
            IpAddr::V6(v6) => RData::AAAA(v6),
        };
        message
            .additional
            .push(Record::new(host.clone(), ROOT_HINTS_TTL, data));
    }
    message
}

/// The address `@server` names.
struct Found {
    address: IpAddr,
    /// What dig says about it in the banner.
    note: String,
    /// The resolver's look-up of the name, when it was not a server's.
    steps: Vec<Step>,
}

/// No address for `@server`: dig's error line, and the failed look-up.
struct NotFound {
    line: String,
    steps: Vec<Step>,
}

/// Where `@server` points, found as dig finds it.
fn server_address(
    spec: &ServerSpec,
    world: &World,
    resolver: &Resolver,
    cache: &Cache,
) -> Result<Found, NotFound> {
    let host = match spec {
        ServerSpec::Address(address) => {
            return Ok(Found {
                address: *address,
                note: "1 server found".into(),
                steps: Vec::new(),
            });
        }
        ServerSpec::Host(host) => host,
    };
    if let Some(server) = world.servers().iter().find(|s| s.host == *host)
        && let Some(&first) = server.addresses.first()
    {
        let note = match server.addresses.len() {
            1 => "1 server found".to_string(),
            n => format!("{n} servers found; DNS Lab asks the first, {first}"),
        };
        return Ok(Found {
            address: first,
            note,
            steps: Vec::new(),
        });
    }
    // Not a simulated server's name: look it up, as dig asks the system's
    // resolver for the server's address.
    let mut steps = Vec::new();
    let mut failed = false;
    for rtype in [RType::A, RType::AAAA] {
        let question = Question::new(host.clone(), rtype);
        let mut resolution = resolver.resolution(question, cache.clone());
        steps.extend(resolution.run(world));
        let outcome = outcome_of(&resolution);
        if let Some(address) = outcome.answer().iter().find_map(|r| r.data.address()) {
            let note = format!(
                "1 server found: {host} is not a simulated server's name; the simulated resolver gives its address as {address}"
            );
            return Ok(Found {
                address,
                note,
                steps,
            });
        }
        failed |= matches!(outcome, Outcome::ServFail { .. });
    }
    let reason = if failed { "failure" } else { "not found" };
    Err(NotFound {
        line: format!("dig: couldn't get address for '{spec}': {reason}\n"),
        steps,
    })
}

/// `@server`: one query to one server, and exactly its reply.
fn direct(
    command: &DigCommand,
    spec: &ServerSpec,
    question: &Question,
    world: &World,
    resolver: &Resolver,
    cache: &Cache,
) -> DigOutput {
    let Found {
        address,
        note,
        steps,
    } = match server_address(spec, world, resolver, cache) {
        Ok(found) => found,
        Err(NotFound { line, steps }) => {
            return DigOutput {
                text: line,
                asked: Asked::Nobody,
                rcode: None,
                message: None,
                disposition: None,
                steps,
            };
        }
    };
    let server = world.server_at(address);
    let asked = Asked::Server {
        address,
        server: server.map(|s| s.id.clone()),
        host: server.map(|s| s.host.clone()),
    };
    let id = trace::client_id(question);
    let reply = authority::query_address(world, address, question, id, command.dnssec);
    let mut text = if command.short {
        String::new()
    } else {
        banner(command, Some(&note))
    };
    match &reply.message {
        None => {
            for _ in 0..TRIES {
                let _ = writeln!(text, ";; communications error to {address}#53: timed out");
            }
            if !command.short {
                text.push('\n');
            }
            text.push_str(";; no servers could be reached\n");
        }
        Some(message) if command.short => text = short_text(&message.answer),
        Some(message) => {
            let flags = HeaderFlags {
                aa: message.aa,
                rd: command.recurse,
                cd: command.checking_disabled,
                ..HeaderFlags::default()
            };
            text.push_str(";; Got answer:\n");
            text.push_str(&trace::response_text(message, flags, None));
            let _ = writeln!(text, "\n;; SERVER: {address}#53({spec}) (UDP)");
            let _ = writeln!(text, ";; MSG SIZE  rcvd: {}", message.to_wire().len());
        }
    }
    DigOutput {
        text,
        asked,
        rcode: reply.message.as_ref().map(|m| m.rcode),
        message: reply.message,
        disposition: Some(reply.disposition),
        steps,
    }
}
