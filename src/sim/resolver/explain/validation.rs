//! The words of a validation step: what the validator fetched, which DS
//! matched which key, which signature verified which RRset and until when,
//! which NSEC or NSEC3 record proved an absence, and the verdict.

use crate::sim::dnssec::keys::Algorithm;
use crate::sim::dnssec::validate::Security;
use crate::sim::dnssec::validate::keys::KeysCheck;
use crate::sim::dnssec::validate::proof::DenialCheck;
use crate::sim::dnssec::validate::rrset::SignatureCheck;
use crate::sim::prose::{and_list, plural};
use crate::sim::record::RType;
use crate::sim::resolver::{Check, DsOutcome, KeysOutcome};

fn algorithm(number: u8) -> String {
    match Algorithm::from_number(number) {
        Some(algorithm) => algorithm.to_string(),
        None => format!("algorithm {number}"),
    }
}

/// "www.example.test A signed by key 4242 (ECDSAP256SHA256 (13)), valid until …".
fn signature(check: &SignatureCheck) -> String {
    let wildcard = check
        .wildcard
        .as_ref()
        .map(|w| format!(" (made for the wildcard {})", w.prose()))
        .unwrap_or_default();
    format!(
        "{} {} signed by key {} ({}){wildcard}, valid until {}",
        check.owner.prose(),
        check.rtype,
        check.key_tag,
        algorithm(check.algorithm),
        check.expiration
    )
}

/// "the NSEC record at a.example.test covers b.example.test".
fn denial(check: &DenialCheck) -> String {
    let links: Vec<String> = check
        .links
        .iter()
        .map(|link| {
            if link.matches {
                format!(
                    "the {} record of {} lists its types",
                    link.rtype,
                    link.name.prose()
                )
            } else {
                format!(
                    "the {} record at {} covers {}",
                    link.rtype,
                    link.owner.prose(),
                    link.name.prose()
                )
            }
        })
        .collect();
    let opt_out = if check.opt_out {
        " (with opt-out: unsigned delegations have no NSEC3 record of their own)"
    } else {
        ""
    };
    format!("{}{opt_out}", and_list(&links))
}

fn keys_trusted(check: &KeysCheck) -> String {
    let (tag, alg, digest) = check.vouched_by;
    let voucher = match digest {
        Some(digest) => format!(
            "the DS record {tag} ({}, digest type {digest}) at the parent matches key {}",
            algorithm(alg),
            check.signature.key_tag
        ),
        None => format!("key {tag} ({}) is the trust anchor", algorithm(alg)),
    };
    format!(
        "{voucher}, and its RRSIG over the DNSKEY RRset ({}) verifies, valid until {}",
        plural(check.keys.len(), "key", "keys"),
        check.signature.expiration
    )
}

/// What a security verdict means for the client.
fn verdict(security: &Security) -> String {
    match security {
        Security::Secure => {
            "The answer is secure: the resolver sets the AD flag (RFC 4035 §3.2.3).".into()
        }
        Security::Insecure => {
            "The answer is insecure: provably unsigned, so it is served as it came, without the AD flag.".into()
        }
        Security::Indeterminate => {
            "The answer is indeterminate: with no trust anchor to start from, it is served without the AD flag.".into()
        }
        Security::Bogus(problem) => {
            let (code, name) = problem.extended_error();
            format!(
                "The answer is bogus: {}. A validating resolver answers SERVFAIL (Extended DNS Error {code}, {name}).",
                problem.words()
            )
        }
    }
}

/// The narration of a validation step.
pub fn text(check: &Check) -> String {
    match check {
        Check::Fetch {
            zone,
            rtype: RType::DS,
        } => format!(
            "To trust the keys of {zone}, the validator needs the DS records at its delegation: it asks {zone}'s parent for {zone} DS, with their signatures.",
            zone = zone.prose()
        ),
        Check::Fetch { zone, rtype } => format!(
            "To check signatures made by {zone}, the validator needs the zone's keys: it sets the answer aside and asks for {zone} {rtype}.",
            zone = zone.prose()
        ),
        Check::RootKeys { outcome } => match outcome {
            KeysOutcome::Trusted(check) => {
                format!("The root's keys are trusted: {}.", keys_trusted(check))
            }
            KeysOutcome::NoAnchor => "The validator has no trust anchor: the root is not signed, so no answer can be validated. Answers are indeterminate and carry no AD flag.".into(),
            KeysOutcome::Unsupported => "The trust anchor uses an algorithm the validator cannot check, so it treats everything as unsigned.".into(),
            KeysOutcome::Broken(problem) => format!(
                "The root's keys cannot be trusted: {}. Every signed answer is bogus.",
                problem.words()
            ),
        },
        Check::Keys { zone, outcome } => match outcome {
            KeysOutcome::Trusted(check) => format!(
                "The keys of {} are trusted: {}.",
                zone.prose(),
                keys_trusted(check)
            ),
            KeysOutcome::Unsupported => format!(
                "The DS records of {} use only algorithms or digest types the validator cannot check, so it treats the zone as unsigned (RFC 4035 §5.2).",
                zone.prose()
            ),
            KeysOutcome::NoAnchor => format!(
                "Nothing above {} can be validated, so neither can it.",
                zone.prose()
            ),
            KeysOutcome::Broken(problem) => format!(
                "The keys of {} cannot be trusted: {}. Its signed answers are bogus.",
                zone.prose(),
                problem.words()
            ),
        },
        Check::Ds {
            zone,
            parent,
            outcome,
        } => {
            let (zone, parent) = (zone.prose(), parent.prose());
            match outcome {
                DsOutcome::Signed { ds, check } => format!(
                    "The DS RRset of {zone} ({}) is signed by {parent}: {}. So {parent} vouches for the keys these DS records name.",
                    plural(ds.len(), "record", "records"),
                    signature(check)
                ),
                DsOutcome::Absent(proof) => format!(
                    "{parent} proves that {zone} has no DS records: {}. The delegation is insecure: {zone}'s answers are accepted unsigned, without the AD flag.",
                    denial(proof)
                ),
                DsOutcome::ParentUntrusted(security) => format!(
                    "{parent} is {security} itself, so the DS records it serves for {zone} prove nothing: {zone} is {security} too."
                ),
                DsOutcome::Broken(problem) => format!(
                    "The DS records of {zone} cannot be trusted: {}.",
                    problem.words()
                ),
            }
        }
        Check::Data {
            zone,
            security,
            signatures,
            denial: proof,
        } => {
            let mut checked: Vec<String> = signatures.iter().map(signature).collect();
            if let Some(proof) = proof {
                checked.push(denial(proof));
            }
            let checked = if checked.is_empty() {
                String::new()
            } else {
                format!(
                    "Checked with the keys of {}: {}. ",
                    zone.prose(),
                    and_list(&checked)
                )
            };
            format!("{checked}{}", verdict(security))
        }
    }
}

/// One line for the step list, the trace and the CLI.
pub fn summary(check: &Check) -> String {
    match check {
        Check::Fetch { zone, rtype } => {
            format!("validator asks for {} {rtype}", zone.prose())
        }
        Check::RootKeys { outcome } => format!("root keys: {}", keys_outcome(outcome)),
        Check::Keys { zone, outcome } => {
            format!("keys of {}: {}", zone.prose(), keys_outcome(outcome))
        }
        Check::Ds { zone, outcome, .. } => format!(
            "DS of {}: {}",
            zone.prose(),
            match outcome {
                DsOutcome::Signed { ds, check } => format!(
                    "{} signed by key {}",
                    plural(ds.len(), "record", "records"),
                    check.key_tag
                ),
                DsOutcome::Absent(_) => "none, proved (insecure delegation)".into(),
                DsOutcome::ParentUntrusted(security) => format!("parent {security}"),
                DsOutcome::Broken(problem) => format!("bogus: {}", problem.words()),
            }
        ),
        Check::Data { security, .. } => match security {
            Security::Bogus(problem) => format!("answer bogus: {}", problem.words()),
            security => format!("answer {security}"),
        },
    }
}

fn keys_outcome(outcome: &KeysOutcome) -> String {
    match outcome {
        KeysOutcome::Trusted(check) => {
            let (tag, _, digest) = check.vouched_by;
            match digest {
                Some(_) => format!("trusted (DS {tag} → key {})", check.signature.key_tag),
                None => format!("trusted (anchor key {tag})"),
            }
        }
        KeysOutcome::Unsupported => "unsupported algorithm: insecure".into(),
        KeysOutcome::NoAnchor => "no trust anchor: indeterminate".into(),
        KeysOutcome::Broken(problem) => format!("bogus: {}", problem.words()),
    }
}
