//! Every word about a step, in one place: the narration (one or two
//! sentences per step, in words a learner follows), the one-line summary of
//! the step list and Compare, and the labels of the Message tab. The page,
//! the CLI and the trace all take their words from here. They are built from
//! the step's data only, so they never disagree with what the step shows.

pub mod validation;

use super::classify::{follow_chain, referral_cut};
use super::{
    AddressSource, CacheHit, Classification, Decision, Event, Exchange, Failure, GlueVerdict,
    LameReason, Limit, Limits, Outcome, ServerProblem, ServerSource, Step,
};
use crate::sim::authority::Question;
use crate::sim::dnssec::validate::Security;
use crate::sim::name::{Name, NsHostRelation};
use crate::sim::prose::{and_list, capitalised, plural};
use crate::sim::record::{RData, RType, Record};
use crate::sim::zone::NsSide;
use std::fmt::Write;

/// "www.example.test A 192.0.2.80" for each record, shortened past three.
fn records(records: &[Record]) -> String {
    let shown: Vec<String> = records
        .iter()
        .take(3)
        .map(|r| format!("{} {} {}", r.owner, r.rtype(), r.data.to_text()))
        .collect();
    let more = records.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        and_list(&shown)
    }
}

fn cache_hit(question: &Question, hit: &CacheHit) -> String {
    match hit {
        CacheHit::Answer { records: found } => format!(
            "The cache already holds {}: {}. No query is needed until its TTL runs out.",
            question_text(question),
            records(found)
        ),
        CacheHit::Alias { record } => format!(
            "The cache knows {} is an alias: {}. The resolver starts again at the target.",
            record.owner.prose(),
            records(std::slice::from_ref(record))
        ),
        CacheHit::Negative {
            nxdomain,
            name,
            soa,
        } => {
            let what = if *nxdomain {
                format!("{} does not exist (NXDOMAIN)", name.prose())
            } else {
                format!(
                    "{} has no {} records (NODATA)",
                    name.prose(),
                    question.rtype
                )
            };
            let below = if *nxdomain && *name != question.name {
                ", and so neither does anything below it (RFC 8020)".to_string()
            } else {
                String::new()
            };
            format!(
                "The cache remembers that {what}{below}, for {} more seconds (negative caching, RFC 2308).",
                soa.ttl
            )
        }
        CacheHit::Delegation { cut, side, ns } => {
            let cut = cut.prose();
            let hosts: Vec<String> = ns
                .iter()
                .filter_map(|r| r.data.target_host())
                .map(|h| h.prose())
                .collect();
            let ttl = ns.first().map_or(0, |r| r.ttl);
            let whose = match side {
                NsSide::Parent => "the parent's referral (what the registrar set)",
                NsSide::Child => "the zone's own NS records (what the DNS host serves)",
            };
            format!(
                "The closest delegation in the cache is {cut}, from {whose}: {}, for {ttl} more seconds. The resolver starts there instead of at the root.",
                and_list(&hosts)
            )
        }
    }
}

fn done(question: &Question, outcome: &Outcome) -> String {
    let question = question_text(question);
    match outcome {
        Outcome::Answer { answer } => format!(
            "The resolver answers the client's {question}: NOERROR with {}.",
            records(answer)
        ),
        Outcome::NXDomain { .. } => format!(
            "The resolver answers the client's {question}: NXDOMAIN, the name does not exist."
        ),
        Outcome::NoData { .. } => format!(
            "The resolver answers the client's {question}: NOERROR with no records (NODATA): the name exists, but not with that type."
        ),
        Outcome::YXDomain { .. } => format!(
            "The resolver answers the client's {question}: YXDOMAIN, with the DNAME that would make the name too long."
        ),
        Outcome::ServFail { failure, .. } => {
            let (code, name) = failure.extended_error();
            format!(
                "The resolver answers the client's {question}: SERVFAIL, because {}. (Extended DNS Error {code}, {name}.)",
                failure.title()
            )
        }
    }
}

fn give_up(failure: &Failure, limits: &Limits) -> String {
    match failure {
        Failure::NoReachableAuthority { zone, attempts } => format!(
            "No server for {} is left to try ({} failed), so this resolution fails with SERVFAIL.",
            zone.prose(),
            plural(attempts.len(), "server", "servers")
        ),
        Failure::Cycle(cycle) => format!(
            "Circular dependency: {cycle}. Each zone's name server can only be found through the next zone, so no address can ever be found; only glue could break the loop."
        ),
        Failure::LimitReached(limit) => format!(
            "The resolver has reached its limit of {} {} ({limit}); it stops here rather than work forever (RFC 1034 §5.3.3).",
            limit.value(limits),
            limit.counts()
        ),
        Failure::CnameLoop { .. } | Failure::NoRootHints | Failure::NsAlias { .. } => {
            format!("The resolver gives up: {}.", failure.title())
        }
        Failure::Bogus(problem) => {
            let (code, name) = problem.extended_error();
            format!(
                "The answer is bogus: {}. The resolver answers SERVFAIL (Extended DNS Error {code}, {name}).",
                problem.words()
            )
        }
    }
}

fn skip(zone: &Name, host: &Name, problem: &ServerProblem) -> String {
    let (zone, host) = (zone.prose(), host.prose());
    match problem {
        ServerProblem::MissingGlue => format!(
            "{host} is inside {zone}, so its address can only come from glue in the parent, and the referral had none: asking {zone} for it would need {zone}'s servers first. The resolver skips {host}."
        ),
        ServerProblem::Cycle(cycle) => format!(
            "Finding {host}'s address would wait on a look-up already under way: circular dependency {cycle}. The resolver skips {host}."
        ),
        ServerProblem::Limit(Limit::DependencyDepth) => format!(
            "Finding {host}'s address would nest look-ups deeper than this resolver allows; it skips {host}."
        ),
        ServerProblem::Limit(limit) => format!(
            "The resolver has used up its {} ({limit}); it skips {host}.",
            limit.counts()
        ),
        _ => format!("The resolver skips {host}."),
    }
}

fn lookup(zone: &Name, host: &Name, source: &ServerSource, depth: usize) -> String {
    let (zone, host) = (zone.prose(), host.prose());
    // A referral may have carried glue for the name that was dropped; a
    // cached NS set comes with no glue at all.
    let why = match source {
        ServerSource::Referral { .. } => format!("the referral carried no usable glue for {host}"),
        ServerSource::Cache(_) | ServerSource::RootHints => {
            format!("the cache holds no address for {host}")
        }
    };
    format!(
        "No usable address for any remaining server of {zone}: {why}, so the resolver first resolves {host} itself, a nested look-up at depth {depth}."
    )
}

/// Why this server and address were asked.
fn why_this_server(exchange: &Exchange) -> String {
    let Exchange {
        server,
        address,
        zone,
        ..
    } = exchange;
    let (server, zone) = (server.prose(), zone.prose());
    match &exchange.address_source {
        AddressSource::RootHints => format!(
            "The resolver starts at the root: it asks {server} ({address}), from its root hints."
        ),
        AddressSource::Glue(NsHostRelation::InDomain) => format!(
            "{server} is inside {zone}, so its address has to come from the parent: the referral carried glue {address}, so the resolver goes straight there."
        ),
        AddressSource::Glue(NsHostRelation::Sibling) => {
            let parent = match &exchange.source {
                ServerSource::Referral { parent } => parent.prose(),
                _ => "the parent".into(),
            };
            format!(
                "{server} lies outside {zone} but inside {parent}, so {parent} could add its address as sibling glue ({address}); the resolver uses it."
            )
        }
        AddressSource::Glue(NsHostRelation::Unrelated) | AddressSource::Cache => {
            format!("It asks {server} at {address}, an address it has cached.")
        }
        AddressSource::LookedUp => {
            format!("It asks {server} at {address}, the address its nested look-up found.")
        }
    }
}

/// What came back, and what the resolver does about it.
fn what_came_back(exchange: &Exchange, full: &Question, outcome: Option<&Outcome>) -> String {
    let zone = exchange.zone.prose();
    let query = &exchange.query;
    // After CNAMEs in the answer, a negative answer is about the last target.
    let answer = exchange
        .response
        .as_ref()
        .map_or(&[][..], |m| &m.answer[..]);
    let last = follow_chain(query, answer).last_target;
    let subject = last.as_ref().unwrap_or(&query.name).prose();
    let next = match &exchange.decision {
        Decision::TryNextServer => " The resolver tries the next server.",
        Decision::GiveUp => " No server is left to try.",
        _ => "",
    };
    match &exchange.classification {
        Classification::Timeout => {
            format!("No reply came: the server is down or nothing listens there.{next}")
        }
        Classification::Lame(reason) => {
            let why = match reason {
                LameReason::Refused => format!("It answered REFUSED: it does not serve {zone}."),
                LameReason::ServFail => "It answered SERVFAIL.".to_string(),
                LameReason::NotAuthoritative => {
                    format!(
                        "The reply lacks the AA flag: the server is not authoritative for {zone}."
                    )
                }
                LameReason::SameZoneReferral { cut }
                | LameReason::UpwardReferral { cut }
                | LameReason::SidewaysReferral { cut } => format!(
                    "It sent a referral to {}, which is no closer to {} than {zone}.",
                    cut.prose(),
                    query.name.prose()
                ),
            };
            format!(
                "{why} A server listed for a zone it does not serve is lame (RFC 9499 §7).{next}"
            )
        }
        Classification::Referral { cut } => {
            let hosts: Vec<String> = exchange
                .response
                .iter()
                .flat_map(|m| &m.authority)
                .filter(|r| r.rtype() == RType::NS)
                .filter_map(|r| r.data.target_host())
                .map(|h| h.prose())
                .collect();
            let dropped: Vec<String> = exchange
                .glue
                .iter()
                .filter(|g| !g.used)
                .map(|g| g.record.owner.prose())
                .collect();
            let mut text = format!(
                "A referral: {zone} delegates {} to {}.",
                cut.prose(),
                and_list(&hosts)
            );
            if !dropped.is_empty() {
                text.push_str(&format!(
                    " The resolver drops the glue for {}: outside {zone}, that is not {zone}'s to vouch for.",
                    and_list(&dropped)
                ));
            }
            if exchange.decision == Decision::GiveUp {
                text.push_str(" But the referral limit is reached.");
            }
            text
        }
        Classification::Answer => match outcome {
            // A minimised query answered on the way down: no cut there.
            None if exchange.decision == Decision::RevealNextLabel => reveal(query),
            Some(Outcome::ServFail {
                failure: failure @ Failure::NsAlias { .. },
                ..
            }) => format!(
                "{}. NS names must not be aliases (RFC 2181 §10.3), and this resolver skips such servers.",
                capitalised(&failure.title())
            ),
            _ => format!(
                "The server is authoritative (AA) and answers: {}.",
                records(outcome.map(Outcome::answer).unwrap_or(&[]))
            ),
        },
        Classification::Alias { target } => match exchange.decision {
            Decision::RevealNextLabel => reveal(query),
            _ => format!(
                "{} is an alias for {}, which this server does not serve: the resolver starts again there (RFC 1034 §5.3.3 step 4c).",
                query.name.prose(),
                target.prose()
            ),
        },
        Classification::NXDomain => match exchange.decision {
            Decision::SendFullName => format!(
                "The server says {} does not exist. This resolver does not take that to cover the names below it, so it asks for the full name {}.",
                subject,
                full.name.prose()
            ),
            _ => {
                let ttl = negative_ttl(exchange);
                if exchange.minimised {
                    format!(
                        "{} does not exist (NXDOMAIN), so nothing below it does either (RFC 8020): {} cannot exist. Remembered for {ttl} seconds.",
                        subject,
                        full.name.prose()
                    )
                } else {
                    format!(
                        "{} does not exist (NXDOMAIN); the SOA says to remember that for {ttl} seconds (RFC 2308).",
                        subject
                    )
                }
            }
        },
        Classification::YXDomain => format!(
            "Under the DNAME the name would become longer than the 255 octets a name may have, so the server answers YXDOMAIN (RFC 6672 §2.2): {} cannot exist.",
            query.name.prose()
        ),
        Classification::NoData if is_same_zone_referral(exchange) => format!(
            "The server sent a referral to {zone} itself, without the AA flag. The resolver drops an NS set for the zone it asked about as unsolicited (Unbound's defence against ghost domains), which leaves an empty reply: it takes that as NODATA for {subject}, where BIND would count the server lame and try the next."
        ),
        Classification::NoData => match exchange.decision {
            Decision::RevealNextLabel => reveal(query),
            Decision::TryAAAA => format!(
                "{} has no A records (NODATA); the resolver asks for AAAA instead.",
                subject
            ),
            _ => format!(
                "{} exists but has no {} records (NODATA); the SOA says to remember that for {} seconds.",
                subject,
                query.rtype,
                negative_ttl(exchange)
            ),
        },
    }
}

fn reveal(query: &Question) -> String {
    format!(
        "No zone cut at {}: these servers are authoritative for it, so the resolver reveals one more label of the name (QNAME minimisation, RFC 9156).",
        query.name.prose()
    )
}

/// A non-authoritative reply whose authority section delegates the zone
/// the resolver asked about: NODATA only because the NS set was scrubbed.
fn is_same_zone_referral(exchange: &Exchange) -> bool {
    exchange
        .response
        .as_ref()
        .is_some_and(|m| !m.aa && referral_cut(m).as_ref() == Some(&exchange.zone))
}

fn negative_ttl(exchange: &Exchange) -> u32 {
    exchange
        .response
        .iter()
        .flat_map(|m| &m.authority)
        .find(|r| r.rtype() == RType::SOA)
        .map_or(0, |r| r.ttl)
}

/// What a step did and why, in one or two sentences.
pub fn step(step: &Step) -> String {
    match &step.event {
        Event::Query(exchange) => exchange_text(exchange, &step.task, exchange.ended.as_ref()),
        Event::CacheHit(hit) => {
            let mut text = cache_hit(&step.task, hit);
            // A name server's name (a nested look-up) with no A records may
            // still have AAAA records: the resolver asks, as after a reply.
            let retypes = step.depth > 0
                && step.task.rtype == RType::A
                && matches!(
                    hit,
                    CacheHit::Negative {
                        nxdomain: false,
                        ..
                    }
                );
            if retypes {
                text.push_str(" The resolver asks for AAAA instead.");
            }
            text
        }
        Event::Lookup { zone, host, source } => lookup(zone, host, source, step.depth + 1),
        Event::Skip {
            zone,
            host,
            problem,
        } => skip(zone, host, problem),
        Event::Check(check) => validation::text(check),
        Event::GiveUp(failure) => give_up(failure, &step.limits),
        Event::Done(outcome) => {
            let mut text = done(&step.task, outcome);
            if let Some(security) = step.security.as_ref().filter(|s| !s.is_bogus()) {
                let _ = write!(text, " DNSSEC: {}.", security_label(security));
            }
            text
        }
    }
}

/// A validation verdict as the step list and the client's answer label it.
pub fn security_label(security: &Security) -> &'static str {
    match security {
        Security::Secure => "secure, with the AD flag",
        Security::Insecure => "insecure (provably unsigned), no AD flag",
        Security::Indeterminate => "indeterminate (no trust anchor), no AD flag",
        Security::Bogus(_) => "bogus",
    }
}

fn exchange_text(exchange: &Exchange, full: &Question, outcome: Option<&Outcome>) -> String {
    let mut text = why_this_server(exchange);
    if exchange.minimised {
        text.push_str(&format!(
            " It asks only for {} A, not the full {} (QNAME minimisation).",
            exchange.query.name.prose(),
            question_text(full)
        ));
    }
    text.push(' ');
    text.push_str(&what_came_back(exchange, full, outcome));
    text.push_str(&synthesis(exchange));
    text
}

/// What the server made up rather than found: an answer from a wildcard
/// (RFC 4592), a CNAME from a DNAME (RFC 6672).
fn synthesis(exchange: &Exchange) -> String {
    let mut text = String::new();
    if let Some(wildcard) = &exchange.wildcard {
        text.push_str(&format!(
            " No name {} exists in the zone, so the server answered from the wildcard {}: its records stand for any name below {} that does not exist (RFC 4592).",
            exchange.query.name.prose(),
            wildcard.prose(),
            wildcard.parent().unwrap_or_else(Name::root).prose()
        ));
    }
    let answer = exchange
        .response
        .as_ref()
        .map_or(&[][..], |m| &m.answer[..]);
    for dname in answer.iter().filter(|r| r.rtype() == RType::DNAME) {
        if let RData::DNAME(target) = &dname.data {
            text.push_str(&format!(
                " The DNAME at {} redirects every name below it to the same name below {}: the server synthesized a CNAME to the new name (RFC 6672).",
                dname.owner.prose(),
                target.prose()
            ));
        }
    }
    text
}

// ---------------------------------------------------------------------------
// The words of the step list and the Message tab.

/// `"www.example.test A"`.
pub fn question_text(question: &Question) -> String {
    format!("{} {}", question.name.prose(), question.rtype)
}

/// What kind of step this is, as a short label.
pub fn event_kind(event: &Event) -> &'static str {
    match event {
        Event::Query(_) => "query",
        Event::CacheHit(_) => "cache hit",
        Event::Lookup { .. } => "nested look-up",
        Event::Skip { .. } => "server skipped",
        Event::Check(_) => "DNSSEC validation",
        Event::GiveUp(_) => "giving up",
        Event::Done(_) => "answer to the client",
    }
}

/// A reply's kind in a few words, as the step list, the trace and the CLI
/// label it, with names written by `name` (in prose on the page, with their
/// final dot in dig's output): "referral to example.test.".
pub fn reply_label(classification: &Classification, name: fn(&Name) -> String) -> String {
    match classification {
        Classification::Answer => "answer".into(),
        Classification::Alias { target } => format!("CNAME to {}", name(target)),
        Classification::Referral { cut } => format!("referral to {}", name(cut)),
        Classification::NXDomain => "NXDOMAIN".into(),
        Classification::YXDomain => "YXDOMAIN".into(),
        Classification::NoData => "NODATA".into(),
        Classification::Lame(reason) => format!("lame: {reason}"),
        Classification::Timeout => "timeout".into(),
    }
}

/// A reply's kind as a phrase for a sentence, names in prose: "a referral
/// to example.test".
pub fn reply_phrase(classification: &Classification) -> String {
    match classification {
        Classification::Answer => "an answer (authoritative, AA)".into(),
        Classification::Alias { target } => format!("a CNAME to {}", target.prose()),
        Classification::Referral { cut } => format!("a referral to {}", cut.prose()),
        Classification::NXDomain => "NXDOMAIN: the name does not exist".into(),
        Classification::YXDomain => "YXDOMAIN: a DNAME would make the name too long".into(),
        Classification::NoData => "NODATA: the name exists, without that type".into(),
        Classification::Lame(reason) => format!("a lame server: {reason}"),
        Classification::Timeout => "no reply (timeout)".into(),
    }
}

/// What the resolver does after a reply: a few words for the step list
/// (none where the reply says it already: a referral is followed, an answer
/// ends the look-up) and a sentence for the Message tab.
pub fn decision_words(decision: &Decision) -> (Option<String>, String) {
    let (short, long) = match decision {
        Decision::Finish => (None, "this look-up is done: it has its result".into()),
        Decision::FollowReferral { cut } => (
            None,
            format!("follow the referral: ask a server of {}", cut.prose()),
        ),
        Decision::RevealNextLabel => (
            Some("revealing one more label".into()),
            "no zone cut here: send the same servers one more label of the name".into(),
        ),
        Decision::SendFullName => (
            Some("sending the full name".into()),
            "send the whole name to the same servers".into(),
        ),
        Decision::Restart { target } => (
            Some(format!("starting again at {}", target.prose())),
            format!("start again at the alias target {}", target.prose()),
        ),
        Decision::TryAAAA => (
            Some("trying AAAA".into()),
            "no IPv4 address: ask for AAAA instead".into(),
        ),
        Decision::TryNextServer => (
            Some("trying the next server".into()),
            "try the next server of the zone".into(),
        ),
        Decision::GiveUp => (
            Some("giving up".into()),
            "give up: no server of the zone is left to try".into(),
        ),
    };
    (short, long)
}

/// Where the servers of the zone being asked came from.
pub fn server_source_text(source: &ServerSource) -> String {
    match source {
        ServerSource::RootHints => "from the root hints".into(),
        ServerSource::Referral { parent } => format!("from a referral by {}", parent.prose()),
        ServerSource::Cache(side) => format!("from a cached NS set ({side})"),
    }
}

/// How the resolver knew the address it sent the query to.
pub fn address_source_text(exchange: &Exchange) -> String {
    match &exchange.address_source {
        AddressSource::RootHints => "from the root hints".into(),
        AddressSource::Glue(relation) => {
            let parent = match &exchange.source {
                ServerSource::Referral { parent } => parent.prose(),
                _ => "the parent".into(),
            };
            format!("from {relation} glue in the referral by {parent}")
        }
        AddressSource::Cache => "from the cache".into(),
        AddressSource::LookedUp => "found by a nested look-up".into(),
    }
}

/// Why a glue record was used or dropped.
pub fn glue_verdict_text(verdict: &GlueVerdict, cut: &str, parent: &str) -> String {
    match (verdict.relation, verdict.used) {
        (Some(NsHostRelation::InDomain), true) => {
            format!("used: the name server is inside {cut}, so glue is the only way to reach it")
        }
        (Some(NsHostRelation::Sibling), true) => {
            format!("used: sibling glue, inside {parent}, which may vouch for it")
        }
        (Some(NsHostRelation::Unrelated), _) => format!(
            "dropped: outside {parent}, not {parent}'s to vouch for; the resolver looks it up itself"
        ),
        (None, _) => "dropped: not one of the delegation's name servers".into(),
        (Some(_), false) => "dropped".into(),
    }
}

/// What a step that sent no query was, for the Message tab.
pub fn not_a_query(event: &Event) -> String {
    match event {
        Event::Query(_) => String::new(),
        Event::CacheHit(_) => {
            "No query was sent in this step: the cache had what was needed.".into()
        }
        Event::Lookup { host, .. } => format!(
            "No query was sent in this step: the resolver sets the question aside to find the address of {} first.",
            host.prose()
        ),
        Event::Skip { host, .. } => format!(
            "No query was sent in this step: the resolver passes over {}.",
            host.prose()
        ),
        Event::Check(check) => match check.as_ref() {
            super::Check::Fetch { zone, rtype } => format!(
                "No query was sent in this step: the validator sets the answer aside to fetch {} {rtype} first.",
                zone.prose()
            ),
            _ => "No query was sent in this step: the validator checks what it has.".into(),
        },
        Event::GiveUp(_) => "No query was sent in this step: this look-up gives up.".into(),
        Event::Done(_) => "No query was sent in this step: the resolver answers its client.".into(),
    }
}

/// One line for a step: what was asked of whom and what came back, or what
/// happened instead.
pub fn summary(step: &Step) -> String {
    let text = match &step.event {
        Event::Query(exchange) => {
            let mut text = format!(
                "asked {} ({}) for {}",
                exchange.server.prose(),
                exchange.address,
                question_text(&exchange.query)
            );
            if exchange.minimised {
                text.push_str(" (minimised)");
            }
            let _ = write!(
                text,
                " → {}",
                reply_label(&exchange.classification, Name::prose)
            );
            if let (Some(next), _) = decision_words(&exchange.decision) {
                let _ = write!(text, "; {next}");
            }
            text
        }
        Event::CacheHit(hit) => match hit {
            CacheHit::Answer { records } => format!(
                "cache hit: {} for {}",
                plural(records.len(), "record", "records"),
                question_text(&step.task)
            ),
            CacheHit::Alias { record } => format!(
                "cache hit: {} is an alias{}",
                record.owner.prose(),
                record
                    .data
                    .target_host()
                    .map(|t| format!(" for {}", t.prose()))
                    .unwrap_or_default()
            ),
            CacheHit::Negative { nxdomain, name, .. } => format!(
                "cache hit: {} {}",
                name.prose(),
                if *nxdomain {
                    "does not exist (NXDOMAIN)".to_string()
                } else {
                    format!("has no {} records (NODATA)", step.task.rtype)
                }
            ),
            CacheHit::Delegation { cut, side, .. } => format!(
                "from the cache: start at the delegation to {} ({side})",
                cut.prose()
            ),
        },
        Event::Lookup { zone, host, .. } => format!(
            "looking up the address of {}, a name server of {}",
            host.prose(),
            zone.prose()
        ),
        Event::Skip { host, problem, .. } => format!("skipped {}: {problem}", host.prose()),
        Event::Check(check) => validation::summary(check),
        Event::GiveUp(failure) => format!("gave up: {}", failure.title()),
        Event::Done(outcome) => {
            let mut text = format!("answered the client: {}", outcome_text(outcome));
            if let Some(security) = &step.security {
                let _ = write!(text, " ({})", security_label(security));
            }
            text
        }
    };
    if step.depth > 0 {
        format!("[look-up of {}] {text}", question_text(&step.task))
    } else {
        text
    }
}

/// An outcome's summary; for SERVFAIL with its RFC 8914 Extended DNS Error.
pub fn outcome_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::ServFail { failure, .. } => {
            let (code, name) = failure.extended_error();
            format!("{} (Extended DNS Error {code}: {name})", outcome.summary())
        }
        _ => outcome.summary(),
    }
}
