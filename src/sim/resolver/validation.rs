//! A validating resolver's extra work (RFC 4035 §5), step by step.
//!
//! With validation on, every query carries the DO bit, so servers of signed
//! zones send their RRSIG, NSEC and NSEC3 records ([`crate::sim::authority`]).
//! Before an answer reaches the client, or before the resolver follows a
//! CNAME out of the zone that signed it, it is held and checked:
//!
//! 1. Which zone signed it: the RRSIGs' signer, or the zone whose servers
//!    sent it.
//! 2. That zone's keys, from the top down: the root's DNSKEY RRset checked
//!    against the trust anchor; for every other zone, its DS RRset fetched
//!    from the parent and checked with the parent's keys (or the parent's
//!    signed proof that there is none: an insecure delegation), then its
//!    DNSKEY RRset checked against the DS. Each fetch is a nested
//!    resolution of its own, and each judgement a step; both are cached
//!    with their TTLs, so a DS changed at the registrar counts only once the
//!    old one has expired.
//! 3. The held data, checked with the keys ([`validate`]).
//!
//! A bogus answer ends in SERVFAIL with the Extended DNS Error that names
//! the break, and stays cached as bogus for a minute (Unbound's
//! `val-bogus-ttl`), so asking again does not hammer the servers.

use super::*;
use crate::sim::dnssec::canonical::SignatureFields;
use crate::sim::dnssec::validate::keys::{KeysCheck, KeysVerdict, TrustPoint, judge_keys};
use crate::sim::dnssec::validate::proof::{Absence, DenialCheck, prove_absence};
use crate::sim::dnssec::validate::rrset::{SignatureCheck, signatures_for, verify_rrset};
use crate::sim::dnssec::validate::{Problem, Security};
use crate::sim::dnssec::{Cryptography, UtcTime};
use std::rc::Rc;

/// How long a bogus result is remembered (Unbound `val-bogus-ttl`).
pub const BOGUS_TTL: u32 = 60;

/// What the validator knows of one zone's keys, or of its DS RRset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Checked records: the trusted DNSKEY RRset, or the signed DS RRset.
    Records(Vec<Record>),
    /// Proved unsigned.
    Insecure,
    /// No trust anchor above it.
    Indeterminate,
    Bogus(Problem),
}

impl Trust {
    /// The security of data under this trust, when it is not a key set.
    fn security(&self) -> Security {
        match self {
            Trust::Records(_) => Security::Secure,
            Trust::Insecure => Security::Insecure,
            Trust::Indeterminate => Security::Indeterminate,
            Trust::Bogus(problem) => Security::Bogus(problem.clone()),
        }
    }
}

/// What a validation step checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// The validator needs `rtype` (DNSKEY or DS) of `zone`, and asks.
    Fetch { zone: Name, rtype: RType },
    /// The root's keys, against the trust anchor.
    RootKeys { outcome: KeysOutcome },
    /// A zone's DS RRset, at its parent.
    Ds {
        zone: Name,
        parent: Name,
        outcome: DsOutcome,
    },
    /// A zone's DNSKEY RRset, against its DS RRset.
    Keys { zone: Name, outcome: KeysOutcome },
    /// The data of a response, with the keys of the zone that signed it.
    Data {
        zone: Name,
        security: Security,
        signatures: Vec<SignatureCheck>,
        denial: Option<DenialCheck>,
    },
}

/// What checking a DNSKEY RRset found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeysOutcome {
    Trusted(KeysCheck),
    /// Only algorithms or digests the validator cannot check: unsigned.
    Unsupported,
    /// No trust anchor: nothing can be validated.
    NoAnchor,
    Broken(Problem),
}

/// What checking a DS RRset found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DsOutcome {
    /// Signed by the parent's keys.
    Signed {
        ds: Vec<Record>,
        check: SignatureCheck,
    },
    /// The parent proved there is none: an insecure delegation.
    Absent(DenialCheck),
    /// The parent is not signed (or not validated) itself.
    ParentUntrusted(Security),
    Broken(Problem),
}

/// A reply held until it is validated, and what the task does after.
#[derive(Clone, Debug)]
pub(super) struct Held {
    /// The zone whose servers sent it.
    pub(super) zone: Name,
    /// The question sent.
    pub(super) query: Question,
    pub(super) response: Message,
    pub(super) next: HeldNext,
}

#[derive(Clone, Debug)]
pub(super) enum HeldNext {
    Finish(Outcome),
    Restart { aliases: Vec<Record>, target: Name },
}

/// A DNSKEY or DS response a validation task brought back.
#[derive(Clone, Debug)]
pub(super) struct Fetched {
    zone: Option<Name>,
    response: Option<Message>,
}

/// The cryptography the validator verifies with.
#[derive(Clone)]
pub(super) struct Verifier(pub(super) Rc<dyn Cryptography>);

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Verifier")
    }
}

enum Need {
    Known(Trust),
    /// A judgement was made (and cached): the step shows it.
    Judged(Check),
    Fetch(Question),
}

impl Resolution {
    /// The date validation happens at: the scenario's epoch plus the
    /// virtual clock.
    fn validation_time(&self, world: &World) -> UtcTime {
        world.scenario().epoch.after(self.cache.now())
    }

    /// Keeps a validation task's final reply for the validator.
    pub(super) fn keep_fetched(&mut self, question: &Question, zone: &Name, response: &Message) {
        self.fetched.insert(
            (question.name.clone(), question.rtype),
            Fetched {
                zone: Some(zone.clone()),
                response: Some(response.clone()),
            },
        );
    }

    /// A validation task that ended without a reply to keep.
    pub(super) fn fetch_failed(&mut self, question: &Question) {
        self.fetched
            .entry((question.name.clone(), question.rtype))
            .or_insert(Fetched {
                zone: None,
                response: None,
            });
    }

    /// One step of validating the top task's held reply.
    pub(super) fn validate_held(&mut self, world: &World) -> Option<Event> {
        let Phase::Validating(held) = &self.top().phase else {
            return None;
        };
        let held = held.clone();
        let signer = signer_of(&held.response, &held.zone);
        // Asked for a zone's DNSKEY RRset itself, the validator checks the
        // set it just received against the DS, not a verdict it remembers.
        if held.query.rtype == RType::DNSKEY
            && held.query.name == signer
            && !self.judged.contains(&signer)
        {
            self.cache.forget_zone_keys(&signer);
            self.keep_fetched(&held.query, &held.zone, &held.response);
        }
        match self.keys_for(world, &signer) {
            Need::Fetch(question) => Some(self.start_fetch(question)),
            Need::Judged(check) => Some(Event::Check(Box::new(check))),
            Need::Known(trust) => {
                let check = self.judge_data(world, &held, &signer, &trust);
                let Check::Data { security, .. } = &check else {
                    unreachable!("judge_data judges data");
                };
                let security = security.clone();
                self.mark_cached(&held, &security);
                self.release(*held, security);
                Some(Event::Check(Box::new(check)))
            }
        }
    }

    fn start_fetch(&mut self, question: Question) -> Event {
        let event = Check::Fetch {
            zone: question.name.clone(),
            rtype: question.rtype,
        };
        self.tasks.push(Task {
            purpose: Purpose::Validation,
            question,
            chain: Vec::new(),
            phase: Phase::Start,
            security: Security::Secure,
        });
        Event::Check(Box::new(event))
    }

    /// What the validator knows of `zone`'s keys, or what it must do next
    /// to know.
    fn keys_for(&mut self, world: &World, zone: &Name) -> Need {
        if let Some(trust) = self.cache.zone_keys(zone) {
            // A bad verdict this resolution did not reach itself is a
            // remembered one, and says so.
            return Need::Known(match trust {
                Trust::Bogus(problem)
                    if !self.judged.contains(zone)
                        && !matches!(problem, Problem::KnownBadKeys { .. }) =>
                {
                    Trust::Bogus(Problem::KnownBadKeys {
                        zone: zone.clone(),
                        first: Box::new(problem.clone()),
                    })
                }
                trust => trust.clone(),
            });
        }
        if zone.is_root() {
            return self.root_keys(world);
        }
        let ds = match self.cache.zone_ds(zone) {
            Some(ds) => ds.clone(),
            None => return self.ds_for(world, zone),
        };
        let Trust::Records(ds) = ds else {
            // No DS to check keys against: the zone is what its DS is.
            self.cache.store_zone_keys(zone, ds.clone(), BOGUS_TTL);
            self.judged.insert(zone.clone());
            return Need::Known(ds);
        };
        let Some(fetched) = self.fetched.get(&(zone.clone(), RType::DNSKEY)).cloned() else {
            return Need::Fetch(Question::new(zone.clone(), RType::DNSKEY));
        };
        let points: Vec<TrustPoint> = ds
            .iter()
            .filter_map(|r| match &r.data {
                RData::Other(data) => Some(TrustPoint::Ds(data.wire())),
                _ => None,
            })
            .collect();
        let outcome = self.judge_key_set(world, zone, &fetched, &points);
        Need::Judged(Check::Keys {
            zone: zone.clone(),
            outcome,
        })
    }

    fn root_keys(&mut self, world: &World) -> Need {
        let now = self.validation_time(world);
        let anchors = world.trust_anchors(now);
        if anchors.is_empty() {
            self.cache
                .store_zone_keys(&Name::root(), Trust::Indeterminate, BOGUS_TTL);
            self.judged.insert(Name::root());
            return Need::Judged(Check::RootKeys {
                outcome: KeysOutcome::NoAnchor,
            });
        }
        let Some(fetched) = self.fetched.get(&(Name::root(), RType::DNSKEY)).cloned() else {
            return Need::Fetch(Question::new(Name::root(), RType::DNSKEY));
        };
        let points: Vec<TrustPoint> = anchors
            .iter()
            .filter_map(|r| match &r.data {
                RData::Other(data) if r.rtype() == RType::DS => Some(TrustPoint::Ds(data.wire())),
                RData::Other(data) => Some(TrustPoint::Key(data.wire())),
                _ => None,
            })
            .collect();
        let outcome = self.judge_key_set(world, &Name::root(), &fetched, &points);
        Need::Judged(Check::RootKeys { outcome })
    }

    /// Checks a fetched DNSKEY RRset against what vouches for it, and
    /// caches the verdict.
    fn judge_key_set(
        &mut self,
        world: &World,
        zone: &Name,
        fetched: &Fetched,
        points: &[TrustPoint],
    ) -> KeysOutcome {
        let now = self.validation_time(world);
        let empty = Vec::new();
        let answer = fetched.response.as_ref().map_or(&empty, |m| &m.answer);
        let dnskeys: Vec<&Record> = answer
            .iter()
            .filter(|r| r.owner == *zone && r.rtype() == RType::DNSKEY)
            .collect();
        let signatures = signatures_for(answer, zone, RType::DNSKEY);
        let verdict = match &self.verifier {
            Some(verifier) => judge_keys(zone, &dnskeys, &signatures, points, now, &*verifier.0),
            None => KeysVerdict::Unsupported,
        };
        let (outcome, trust, ttl) = match verdict {
            KeysVerdict::Trusted(check) => {
                let ttl = cache::rrset_ttl(dnskeys.iter().copied()).min(self.config.max_cache_ttl);
                let trust = Trust::Records(check.keys.clone());
                (KeysOutcome::Trusted(check), trust, ttl)
            }
            KeysVerdict::Unsupported => (KeysOutcome::Unsupported, Trust::Insecure, BOGUS_TTL),
            KeysVerdict::Broken(problem) => {
                let trust = Trust::Bogus(problem.clone());
                (KeysOutcome::Broken(problem), trust, BOGUS_TTL)
            }
        };
        self.cache.store_zone_keys(zone, trust, ttl);
        self.judged.insert(zone.clone());
        outcome
    }

    /// What the validator knows of `zone`'s DS RRset at its parent, or what
    /// it must do next to know.
    fn ds_for(&mut self, world: &World, zone: &Name) -> Need {
        let Some(fetched) = self.fetched.get(&(zone.clone(), RType::DS)).cloned() else {
            return Need::Fetch(Question::new(zone.clone(), RType::DS));
        };
        let (Some(response), Some(asked)) = (&fetched.response, &fetched.zone) else {
            let problem = Problem::NoDs { zone: zone.clone() };
            return self.judged_ds(zone, zone, DsOutcome::Broken(problem), BOGUS_TTL);
        };
        let parent = signer_of(response, asked);
        if !zone.is_strictly_below(&parent) {
            let problem = Problem::NoDs { zone: zone.clone() };
            return self.judged_ds(zone, &parent, DsOutcome::Broken(problem), BOGUS_TTL);
        }
        let keys = match self.keys_for(world, &parent) {
            Need::Known(Trust::Records(keys)) => keys,
            Need::Known(trust) => {
                let outcome = DsOutcome::ParentUntrusted(trust.security());
                return self.judged_ds(zone, &parent, outcome, BOGUS_TTL);
            }
            need => return need,
        };
        let now = self.validation_time(world);
        let Some(verifier) = self.verifier.clone() else {
            let outcome = DsOutcome::ParentUntrusted(Security::Indeterminate);
            return self.judged_ds(zone, &parent, outcome, BOGUS_TTL);
        };
        let key_data = wire_data(&keys);
        let ds: Vec<&Record> = response
            .answer
            .iter()
            .filter(|r| r.owner == *zone && r.rtype() == RType::DS)
            .collect();
        let (outcome, ttl) = if ds.is_empty() {
            match prove_absence(
                zone,
                Absence::Type(RType::DS),
                &parent,
                &response.authority,
                &key_data,
                now,
                &*verifier.0,
            ) {
                Ok(denial) => {
                    let ttl = negative_ttl(response).min(self.config.max_negative_ttl);
                    (DsOutcome::Absent(denial), ttl)
                }
                Err(_) => (
                    DsOutcome::Broken(Problem::NoDs { zone: zone.clone() }),
                    BOGUS_TTL,
                ),
            }
        } else {
            let signatures = signatures_for(&response.answer, zone, RType::DS);
            match verify_rrset(&ds, &signatures, &parent, &key_data, now, &*verifier.0) {
                Ok(check) => {
                    let ttl = cache::rrset_ttl(ds.iter().copied()).min(self.config.max_cache_ttl);
                    let ds = ds.into_iter().cloned().collect();
                    (DsOutcome::Signed { ds, check }, ttl)
                }
                Err(problem) => (DsOutcome::Broken(problem), BOGUS_TTL),
            }
        };
        self.judged_ds(zone, &parent, outcome, ttl)
    }

    fn judged_ds(&mut self, zone: &Name, parent: &Name, outcome: DsOutcome, ttl: u32) -> Need {
        let trust = match &outcome {
            DsOutcome::Signed { ds, .. } => Trust::Records(ds.clone()),
            DsOutcome::Absent(_) => Trust::Insecure,
            DsOutcome::ParentUntrusted(Security::Bogus(problem)) | DsOutcome::Broken(problem) => {
                Trust::Bogus(problem.clone())
            }
            DsOutcome::ParentUntrusted(Security::Indeterminate) => Trust::Indeterminate,
            DsOutcome::ParentUntrusted(_) => Trust::Insecure,
        };
        self.cache.store_zone_ds(zone, trust, ttl);
        Need::Judged(Check::Ds {
            zone: zone.clone(),
            parent: parent.clone(),
            outcome,
        })
    }

    /// Checks the held reply's data with the signer's keys.
    fn judge_data(&self, world: &World, held: &Held, signer: &Name, trust: &Trust) -> Check {
        let data_check = |security| Check::Data {
            zone: signer.clone(),
            security,
            signatures: Vec::new(),
            denial: None,
        };
        let Trust::Records(keys) = trust else {
            return data_check(trust.security());
        };
        let Some(verifier) = &self.verifier else {
            return data_check(Security::Indeterminate);
        };
        let now = self.validation_time(world);
        let keys = wire_data(keys);
        let response = &held.response;
        let mut signatures = Vec::new();
        let mut denial = None;
        let mut problem = None;
        let in_zone = |r: &&Record| r.owner.is_subdomain_of(&held.zone);
        let answer: Vec<Record> = response
            .answer
            .iter()
            .filter(in_zone)
            .filter(|r| !r.rtype().is_rrsig())
            .cloned()
            .collect();
        let dnames: Vec<&Record> = answer
            .iter()
            .filter(|r| r.rtype() == RType::DNAME)
            .collect();
        for rrset in rrsets(&answer) {
            let first = &rrset[0];
            // A CNAME a DNAME synthesized is never signed (RFC 6672 §5.3.1).
            if first.rtype() == RType::CNAME
                && dnames
                    .iter()
                    .any(|d| first.owner.is_strictly_below(&d.owner))
            {
                continue;
            }
            let refs: Vec<&Record> = rrset.iter().collect();
            let sigs = signatures_for(&response.answer, &first.owner, first.rtype());
            match verify_rrset(&refs, &sigs, signer, &keys, now, &*verifier.0) {
                Ok(check) => {
                    if let Some(wildcard) = &check.wildcard {
                        let labels = wildcard.label_count() as u8 - 1;
                        let absence = Absence::NameBehindWildcard { labels };
                        match prove_absence(
                            &first.owner,
                            absence,
                            signer,
                            &response.authority,
                            &keys,
                            now,
                            &*verifier.0,
                        ) {
                            Ok(proof) => denial = Some(proof),
                            Err(p) => problem = problem.or(Some(p)),
                        }
                    }
                    signatures.push(check);
                }
                Err(p) => problem = problem.or(Some(p)),
            }
        }
        if let HeldNext::Finish(Outcome::NXDomain { .. } | Outcome::NoData { .. }) = &held.next {
            let last = follow_chain(&held.query, &response.answer)
                .last_target
                .unwrap_or(held.query.name.clone());
            let soa: Vec<&Record> = response
                .authority
                .iter()
                .filter(|r| r.rtype() == RType::SOA && r.owner == *signer)
                .collect();
            if !soa.is_empty() {
                let sigs = signatures_for(&response.authority, signer, RType::SOA);
                match verify_rrset(&soa, &sigs, signer, &keys, now, &*verifier.0) {
                    Ok(check) => signatures.push(check),
                    Err(p) => problem = problem.or(Some(p)),
                }
            }
            let absence = if response.rcode == Rcode::NXDomain {
                Absence::Name
            } else {
                Absence::Type(held.query.rtype)
            };
            match prove_absence(
                &last,
                absence,
                signer,
                &response.authority,
                &keys,
                now,
                &*verifier.0,
            ) {
                Ok(proof) => denial = Some(proof),
                Err(p) => problem = problem.or(Some(p)),
            }
        }
        let security = match problem {
            Some(problem) => Security::Bogus(problem),
            None => Security::Secure,
        };
        Check::Data {
            zone: signer.clone(),
            security,
            signatures,
            denial,
        }
    }

    /// Marks what the held reply put in the cache with its security: the
    /// RRsets of its answer section and, for a negative answer, the name it
    /// denies; bogus data is kept only for [`BOGUS_TTL`].
    fn mark_cached(&mut self, held: &Held, security: &Security) {
        let mut marked: Vec<(Name, RType)> = held
            .response
            .answer
            .iter()
            .filter(|r| !r.rtype().is_signer_output())
            .map(|r| (r.owner.clone(), r.rtype()))
            .collect();
        if let HeldNext::Finish(Outcome::NXDomain { .. } | Outcome::NoData { .. }) = &held.next {
            let last = follow_chain(&held.query, &held.response.answer)
                .last_target
                .unwrap_or(held.query.name.clone());
            marked.push((last, held.query.rtype));
        }
        marked.dedup();
        for (name, rtype) in marked {
            self.cache
                .set_security(&name, rtype, security.clone(), BOGUS_TTL);
        }
    }

    /// Lets the held reply take effect: the task ends or follows its alias,
    /// as it would have without validation, unless the data is bogus.
    fn release(&mut self, held: Held, security: Security) {
        let task = self.top();
        task.security = task.security.clone().and(security);
        if let Security::Bogus(problem) = &task.security {
            let failure = Failure::Bogus(problem.clone());
            task.phase = Phase::Finished(Outcome::failed(failure));
            return;
        }
        match held.next {
            HeldNext::Finish(outcome) => self.finish_with(outcome),
            HeldNext::Restart { aliases, target } => self.follow_alias(aliases, target),
        }
    }
}

/// The zone that signed a response: the signer of its RRSIGs, when that
/// zone lies within the zone asked, else the zone asked.
fn signer_of(response: &Message, asked: &Name) -> Name {
    response
        .answer
        .iter()
        .chain(&response.authority)
        .filter(|r| r.rtype().is_rrsig())
        .filter_map(|r| match &r.data {
            RData::Other(data) => SignatureFields::from_wire(data.wire())
                .map(|(fields, _)| (r.owner.clone(), fields.signer)),
            _ => None,
        })
        .find(|(owner, signer)| owner.is_subdomain_of(signer) && signer.is_subdomain_of(asked))
        .map_or_else(|| asked.clone(), |(_, signer)| signer)
}

fn wire_data(records: &[Record]) -> Vec<&[u8]> {
    records
        .iter()
        .filter_map(|r| r.data.opaque_wire())
        .collect()
}

/// The negative-caching TTL of a response (RFC 2308 §5).
fn negative_ttl(response: &Message) -> u32 {
    negative_soa(response).map_or(0, |soa| match &soa.data {
        RData::SOA(data) => soa.ttl.min(data.minimum),
        _ => soa.ttl,
    })
}
