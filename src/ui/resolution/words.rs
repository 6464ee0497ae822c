//! The resolution panel's own words: the status line, the notes on NS sets
//! and the cache, the clock and TTLs, the configuration, the hex dump. What
//! is said about a step itself comes from `resolver::explain`, the one
//! place that words steps. Plain text, tested natively (in `tests.rs`).

use super::*;
use crate::sim::prose::duration;

pub(super) use crate::sim::prose::plural;
use crate::sim::resolver::explain::{outcome_text, question_text, summary};

/// Bytes as `xxd`/`hexdump -C` print them: an offset, 16 bytes in hex (a
/// gap after eight), and the printable ASCII ones.
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "{:04x}  ", row * 16);
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => {
                    let _ = write!(out, "{b:02x} ");
                }
                None => out.push_str("   "),
            }
            if i == 7 {
                out.push(' ');
            }
        }
        out.push_str(" |");
        out.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        }));
        out.push_str("|\n");
    }
    out
}

/// The virtual clock: time since the simulation started, `"+1h 0m 0s"`.
pub fn clock_text(seconds: u64) -> String {
    format!("+{}", duration(seconds))
}

/// A TTL in seconds, with a readable form once it passes a minute.
pub fn ttl_text(seconds: u32) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{seconds} s ({})", duration(u64::from(seconds)))
    }
}

/// A record inside a cache row, without the owner when it is the row's.
pub(super) fn record_text(owner: &crate::sim::name::Name, record: &Record) -> String {
    if record.owner == *owner {
        format!("{} {}", record.rtype(), record.data.to_text())
    } else {
        format!(
            "{} {} {}",
            record.owner,
            record.rtype(),
            record.data.to_text()
        )
    }
}

pub(super) fn classification_class(classification: &Classification) -> &'static str {
    match classification {
        Classification::Answer | Classification::Referral { .. } | Classification::Alias { .. } => {
            "good"
        }
        Classification::NXDomain | Classification::YXDomain | Classification::NoData => "negative",
        Classification::Lame(_) | Classification::Timeout => "bad",
    }
}

/// The status line under the stepper.
pub fn status_text(lab: &Lab) -> String {
    if let Some(error) = &lab.query.name_error {
        return format!("Cannot resolve: the query name is invalid ({error}).");
    }
    if lab.query.pending {
        return format!(
            "Resolving {}…",
            lab.question()
                .map(|q| question_text(&q))
                .unwrap_or_default()
        );
    }
    let total = lab.query.steps.len();
    match lab.current_step() {
        None => format!(
            "Ready: {} to resolve {}. Press Step ▶ to send the first query.",
            plural(total, "step", "steps"),
            lab.question()
                .map(|q| question_text(&q))
                .unwrap_or_default()
        ),
        // Each column shows its own outcome; the line says where the runs are.
        Some(_) if lab.compare_extra > 0 => format!(
            "step {} of {} in Compare: the {} run ended at step {total}; {}",
            lab.query.shown + lab.compare_extra,
            total + lab.compare_overrun(),
            lab.query.preset,
            if lab.at_end() {
                "the other has ended too."
            } else {
                "the other goes on."
            }
        ),
        Some(step) => format!("step {} of {total}: {}", lab.query.shown, summary(step)),
    }
}

/// Which of a mismatched cut's two NS sets the current step works from, and
/// why: the registrar's, from a referral, until the resolver has asked the
/// zone itself; then the zone's own, cached from its answers and ranked
/// above the referral (RFC 2181 §5.4.1). `None` when the step uses no NS set
/// or the cut's two sides agree.
pub fn ns_set_note(lab: &Lab, step: &Step) -> Option<String> {
    let (zone, side, how) = match &step.event {
        StepEvent::Query(exchange) => match &exchange.source {
            ServerSource::RootHints => return None,
            ServerSource::Referral { parent } => (
                &exchange.zone,
                NsSide::Parent,
                format!("from {}'s referral", parent.prose()),
            ),
            ServerSource::Cache(side) => (&exchange.zone, *side, "from its cache".to_string()),
        },
        StepEvent::CacheHit(CacheHit::Delegation { cut, side, .. }) => {
            (cut, *side, "from its cache".to_string())
        }
        _ => return None,
    };
    let comparison = cut::compare(&lab.loaded.world, &lab.loaded.hierarchy, zone)?;
    if !comparison.differs() {
        return None;
    }
    let list = |side: NsSide| {
        comparison
            .listed_by(side)
            .map(Name::prose)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (registrar, own) = (list(NsSide::Parent), list(NsSide::Child));
    let zone = zone.prose();
    Some(match side {
        NsSide::Parent => format!(
            "NS set: the registrar's for {zone} ({registrar}), {how}. The zone itself lists {own}: once the resolver has asked the zone, it caches that set and switches to it."
        ),
        NsSide::Child => format!(
            "NS set: {zone}'s own ({own}), {how}, learned from the zone's answers; it outranks the registrar's ({registrar}) until its TTL runs out (RFC 2181 §5.4.1)."
        ),
    })
}

/// When what the resolver remembers changes how this resolution ends: how a
/// resolver with an empty cache would end instead, and why they differ.
pub fn cache_note(lab: &Lab) -> Option<String> {
    let fresh = lab.query.empty_cache_outcome.as_ref()?;
    let when = if lab.query.cache_predates_edit {
        "remembers what it learned before your last edit"
    } else {
        "remembers earlier lookups"
    };
    Some(format!(
        "This resolver {when}; with an empty cache it would get {}.",
        outcome_text(fresh)
    ))
}

/// The configuration beyond the preset name, one plain sentence per switch.
pub fn describe_config(config: &ResolverConfig) -> Vec<(&'static str, String)> {
    let limits = &config.limits;
    let limit = |l: Limit| format!("{} {}", l.value(limits), l.counts());
    vec![
        (
            "Server selection",
            match config.selection {
                ServerSelection::ListedOrder => {
                    "asks a zone's servers in the order the NS records list them".to_string()
                }
                ServerSelection::RoundRobin => {
                    "round robin: each new query to a zone starts one server further along".into()
                }
                ServerSelection::Random => {
                    "picks a zone's server at random, from the seed: the same seed gives the same choices".into()
                }
            },
        ),
        (
            "NS set",
            match config.ns_set {
                NsSetPolicy::ChildCentric => {
                    "child-centric: once seen, the zone's own NS records replace the parent's referral".to_string()
                }
                NsSetPolicy::ParentCentric => {
                    "parent-centric: only the parent's referral NS records are used".into()
                }
            },
        ),
        (
            "Name server aliases",
            match config.ns_alias {
                NsAliasPolicy::Follow => {
                    "a name server whose name is a CNAME is followed to its target".to_string()
                }
                NsAliasPolicy::Skip => {
                    "a name server whose name is a CNAME is skipped (RFC 2181 §10.3)".into()
                }
            },
        ),
        (
            "NXDOMAIN",
            if config.nxdomain_cut {
                "covers every name below it too (RFC 8020)".to_string()
            } else {
                "covers only the name asked about".into()
            },
        ),
        (
            "Sibling glue",
            if config.sibling_glue {
                "used: an address the parent adds for a name server elsewhere under it is trusted".to_string()
            } else {
                "set aside: such name servers are looked up like any other (BIND 9.18)".into()
            },
        ),
        (
            "Referral to the zone asked",
            if config.scrub_same_zone_referral {
                "its NS set is dropped as unsolicited and the empty rest read as NODATA (Unbound)".to_string()
            } else {
                "the server is lame; the next one is tried".into()
            },
        ),
        (
            "CNAME restart limit",
            if config.restart_limit_keeps_chain {
                "the SERVFAIL carries the CNAMEs followed so far (BIND)".to_string()
            } else {
                "the SERVFAIL has an empty answer section".into()
            },
        ),
        (
            "Limits",
            format!(
                "at most {}, {}, {}, {} deep, {}; up to {} labels revealed one at a time",
                limit(Limit::Queries),
                limit(Limit::Referrals),
                limit(Limit::TargetFetches),
                limit(Limit::DependencyDepth),
                limit(Limit::CnameRestarts),
                limits.max_minimise_count
            ),
        ),
        (
            "Caching",
            format!(
                "anything for at most {}, negative answers for at most {}",
                duration(u64::from(config.max_cache_ttl)),
                duration(u64::from(config.max_negative_ttl))
            ),
        ),
        (
            "DNSSEC",
            if config.validation {
                format!(
                    "validates from the trust anchor: a secure answer gets the AD flag, a bogus one SERVFAIL, remembered for {}",
                    duration(u64::from(crate::sim::resolver::BOGUS_TTL))
                )
            } else {
                "does not validate: answers carry no AD flag, and forged or broken signatures go unnoticed".into()
            },
        ),
    ]
}
