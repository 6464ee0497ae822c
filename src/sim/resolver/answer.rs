//! Taking an answer (RFC 1034 §5.3.3 step 4a and 4c): what an authoritative
//! reply says is cached within the zone asked (answer, the zone's own NS set
//! as the child side of its cut, addresses, a negative answer with its SOA),
//! and the task ends, moves on or starts again:
//! - under QNAME minimisation (RFC 9156) an answer for a shorter name only
//!   reveals the next label, and NXDOMAIN sends the whole name unless the
//!   resolver trusts it for everything below (RFC 8020);
//! - an answer, NODATA (RFC 2308 §2.2) or NXDOMAIN (RFC 2308 §2.1) ends it,
//!   except that a name server with no A record is asked for AAAA;
//! - an alias restarts at its target (RFC 1034 §3.6.2), and a name server's
//!   name that is an alias ends it where the resolver refuses those (RFC 2181
//!   §10.3).

use super::*;

impl Resolution {
    /// Under QNAME minimisation, data (or an alias, or NODATA) for a
    /// shorter name: the name exists, so the next label is revealed, or the
    /// whole name once the minimisation limit is reached.
    pub(super) fn reveal_next_label(
        &mut self,
        mut list: ServerList,
        reply: &Reply<'_>,
    ) -> (Next, Decision) {
        self.take_answer(reply);
        list.minimise_steps += 1;
        list.revealed = match list.revealed {
            Some(n) if list.minimise_steps < self.config.limits.max_minimise_count => Some(n + 1),
            _ => None,
        };
        (Next::Continue(list), Decision::RevealNextLabel)
    }

    /// The name does not exist: the task ends in NXDOMAIN, with the aliases
    /// that led there.
    pub(super) fn nxdomain(&mut self, reply: &Reply<'_>) -> (Next, Decision) {
        let chain = self.take_answer(reply);
        let outcome = Outcome::NXDomain {
            answer: chain.aliases,
            soa: negative_soa(reply.response),
        };
        (Next::Finished(outcome), Decision::Finish)
    }

    /// A DNAME would make the name too long: the task ends in YXDOMAIN,
    /// with the DNAME and the aliases before it (RFC 6672 §2.2).
    pub(super) fn yxdomain(&mut self, reply: &Reply<'_>) -> (Next, Decision) {
        let chain = self.take_answer(reply);
        let mut answer = chain.aliases;
        answer.extend(
            reply
                .response
                .answer
                .iter()
                .filter(|r| r.rtype() == RType::DNAME && !answer.contains(r))
                .cloned()
                .collect::<Vec<_>>(),
        );
        (
            Next::Finished(Outcome::YXDomain { answer }),
            Decision::Finish,
        )
    }

    /// The name exists without data of the type: NODATA ends the task,
    /// except that a name server's name with no A record is asked for AAAA.
    pub(super) fn nodata(
        &mut self,
        reply: &Reply<'_>,
        full: &Question,
        purpose: &Purpose,
    ) -> (Next, Decision) {
        let chain = self.take_answer(reply);
        if matches!(purpose, Purpose::Address { .. })
            && full.rtype == RType::A
            && chain.aliases.is_empty()
        {
            return (Next::Retype(RType::AAAA), Decision::TryAAAA);
        }
        let outcome = Outcome::NoData {
            answer: chain.aliases,
            soa: negative_soa(reply.response),
        };
        (Next::Finished(outcome), Decision::Finish)
    }

    /// An alias out of the server's zone: the task starts again at its
    /// target, keeping the aliases followed so far.
    pub(super) fn alias(&mut self, reply: &Reply<'_>, target: &Name) -> (Next, Decision) {
        let chain = self.take_answer(reply);
        let next = Next::Restart {
            aliases: chain.aliases,
            target: target.clone(),
        };
        let decision = Decision::Restart {
            target: target.clone(),
        };
        (next, decision)
    }

    /// The data asked for: the task ends with it and the aliases before it,
    /// unless a name server's name turned out to be an alias and this
    /// resolver refuses those.
    pub(super) fn answer(&mut self, reply: &Reply<'_>, purpose: &Purpose) -> (Next, Decision) {
        let chain = self.take_answer(reply);
        let skips_alias = self.config.ns_alias == NsAliasPolicy::Skip;
        if let (Purpose::Address { host, .. }, Some(target)) = (purpose, &chain.last_target)
            && skips_alias
        {
            let failure = Failure::NsAlias {
                host: host.clone(),
                target: target.clone(),
            };
            return (Next::Finished(Outcome::failed(failure)), Decision::GiveUp);
        }
        let query = reply.query;
        let last = chain.last_target.unwrap_or(query.name.clone());
        let mut answer = chain.aliases;
        answer.extend(
            reply
                .response
                .answer
                .iter()
                .filter(|r| r.owner == last && r.rtype() == query.rtype)
                .cloned(),
        );
        (Next::Finished(Outcome::Answer { answer }), Decision::Finish)
    }

    /// Caches what an authoritative response says, within the zone asked
    /// about (anything outside it is not that server's to say): the answer,
    /// the zone's own NS set (child side), extra addresses, and a negative
    /// answer for the last name on the chain.
    fn take_answer(&mut self, reply: &Reply<'_>) -> Chain {
        let Reply {
            query,
            zone,
            response,
            source,
            ..
        } = *reply;
        let config = self.config;
        let chain = follow_chain(query, &response.answer);
        let in_zone = |r: &&Record| r.owner.is_subdomain_of(zone);
        // Signatures and proofs are the validator's to read, not data to
        // answer from.
        let answer: Vec<Record> = response
            .answer
            .iter()
            .filter(in_zone)
            .filter(|r| !r.rtype().is_signer_output())
            .cloned()
            .collect();
        for rrset in rrsets(&answer) {
            if rrset[0].rtype() == RType::NS {
                self.cache.store_ns(
                    NsSide::Child,
                    rrset,
                    Credibility::AuthAnswer,
                    config.max_cache_ttl,
                    source,
                );
            } else {
                let (owner, rtype) = (rrset[0].owner.clone(), rrset[0].rtype());
                if self
                    .cache
                    .store(rrset, Credibility::AuthAnswer, config.max_cache_ttl, source)
                {
                    let signatures = covering_signatures(&response.answer, &owner, rtype);
                    self.cache.keep_signatures(&owner, rtype, signatures);
                }
            }
        }
        let authority_ns: Vec<Record> = response
            .authority
            .iter()
            .filter(in_zone)
            .filter(|r| r.rtype() == RType::NS)
            .cloned()
            .collect();
        for rrset in rrsets(&authority_ns) {
            self.cache.store_ns(
                NsSide::Child,
                rrset,
                Credibility::AuthAuthority,
                config.max_cache_ttl,
                source,
            );
        }
        let additional: Vec<Record> = response
            .additional
            .iter()
            .filter(in_zone)
            .filter(|r| r.rtype().is_address())
            .cloned()
            .collect();
        for rrset in rrsets(&additional) {
            self.cache
                .store(rrset, Credibility::Additional, config.max_cache_ttl, source);
        }
        if !chain.has_data
            && let Some(soa) = negative_soa(response)
        {
            let name = chain.last_target.clone().unwrap_or(query.name.clone());
            let nxdomain = response.rcode == Rcode::NXDomain;
            self.cache.store_negative(
                &name,
                query.rtype,
                nxdomain,
                &soa,
                config.max_negative_ttl,
                source,
            );
            let proof: Vec<Record> = response
                .authority
                .iter()
                .filter(|r| r.rtype().is_signer_output())
                .cloned()
                .collect();
            self.cache.keep_proof(&name, query.rtype, nxdomain, proof);
        }
        chain
    }
}

/// The RRSIG records among `records` that cover `owner`/`rtype`.
fn covering_signatures(records: &[Record], owner: &Name, rtype: RType) -> Vec<Record> {
    records
        .iter()
        .filter(|r| r.owner == *owner && r.data.type_covered() == Some(rtype.code()))
        .cloned()
        .collect()
}
