//! Asking one server and reading its reply (RFC 1034 §5.3.3 step 4): the
//! query sent (minimised or whole), the reply classified, and what the
//! resolver takes from it: a referral's servers and glue, an answer, a
//! negative answer, an alias to follow.

use super::*;

pub(super) fn prefixed(chain: &[Record], answer: Vec<Record>) -> Vec<Record> {
    chain.iter().cloned().chain(answer).collect()
}

impl Resolution {
    /// Sends one query and reads the response (RFC 1034 §5.3.3 steps 3–4).
    pub(super) fn query(
        &mut self,
        world: &World,
        mut list: ServerList,
        candidate: usize,
        address: IpAddr,
    ) -> (Next, Event, String) {
        if self.budget.queries >= self.config.limits.max_queries {
            let failure = Failure::LimitReached(Limit::Queries);
            let explanation = explain::give_up(&failure, &self.config.limits);
            return (
                Next::Finished(Outcome::failed(failure.clone())),
                Event::GiveUp(failure),
                explanation,
            );
        }
        self.budget.queries += 1;
        let task = self.tasks.last().expect("a task is running");
        let full = task.question.clone();
        let purpose = task.purpose.clone();
        let (query, minimised) = match list.revealed.and_then(|n| full.name.trim_to(n)) {
            Some(shorter) if shorter != full.name => (Question::new(shorter, RType::A), true),
            _ => (full.clone(), false),
        };
        let host = list.candidates[candidate].host.clone();
        let address_source = list.candidates[candidate]
            .addresses
            .iter()
            .find(|(a, _)| *a == address)
            .map_or(AddressSource::Cache, |(_, s)| s.clone());
        let id = self.rng.message_id();
        let reply = authority::query_address(world, address, &query, id);
        let classification = classify(
            &query,
            &list.zone,
            &reply,
            self.config.scrub_same_zone_referral,
        );
        let source = Source {
            server: host.clone(),
            address,
        };
        let zone = list.zone.clone();
        let list_source = list.source.clone();
        let message = reply.message;
        let mut glue = Vec::new();
        let empty = Message {
            id,
            aa: false,
            rcode: Rcode::NoError,
            question: query.clone(),
            answer: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
        };
        let response = message.as_ref().unwrap_or(&empty);

        let (next, decision) = match &classification {
            Classification::Timeout | Classification::Lame(_) => {
                let problem = match &classification {
                    Classification::Lame(reason) => ServerProblem::Lame(reason.clone()),
                    _ => ServerProblem::Timeout,
                };
                list.failed.push(address);
                list.attempts.push(Attempt {
                    host: host.clone(),
                    address: Some(address),
                    problem,
                });
                if has_options(&list) {
                    (Next::Continue(list), Decision::TryNextServer)
                } else {
                    let failure = Failure::no_server_left(&zone, list.attempts);
                    (Next::Finished(Outcome::failed(failure)), Decision::GiveUp)
                }
            }
            Classification::Referral { cut } => {
                if self.budget.referrals >= self.config.limits.max_referrals {
                    let failure = Failure::LimitReached(Limit::Referrals);
                    (Next::Finished(Outcome::failed(failure)), Decision::GiveUp)
                } else {
                    self.budget.referrals += 1;
                    glue = self.take_referral(cut, &zone, response, &source);
                    let used: Vec<(IpAddr, NsHostRelation)> = glue
                        .iter()
                        .filter(|g| g.used)
                        .filter_map(|g| Some((g.record.data.address()?, g.relation?)))
                        .collect();
                    let candidates = ns_hosts(&response.authority, cut)
                        .into_iter()
                        .map(|h| self.candidate(h, &used))
                        .collect();
                    let source = ServerSource::Referral {
                        parent: zone.clone(),
                    };
                    let list = self.server_list(cut.clone(), source, candidates);
                    (
                        Next::Continue(list),
                        Decision::FollowReferral { cut: cut.clone() },
                    )
                }
            }
            Classification::NXDomain if minimised && !self.config.nxdomain_cut => {
                list.revealed = None;
                (Next::Continue(list), Decision::SendFullName)
            }
            Classification::Answer | Classification::NoData | Classification::Alias { .. }
                if minimised =>
            {
                self.take_answer(&query, &zone, response, &source);
                list.minimise_steps += 1;
                list.revealed = match list.revealed {
                    Some(n) if list.minimise_steps < self.config.limits.max_minimise_count => {
                        Some(n + 1)
                    }
                    _ => None,
                };
                (Next::Continue(list), Decision::RevealNextLabel)
            }
            Classification::NXDomain => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let soa = negative_soa(response);
                let outcome = Outcome::NXDomain {
                    answer: chain.aliases,
                    soa,
                };
                (Next::Finished(outcome), Decision::Finish)
            }
            Classification::NoData => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let soa = negative_soa(response);
                if matches!(purpose, Purpose::Address { .. })
                    && full.rtype == RType::A
                    && chain.aliases.is_empty()
                {
                    (Next::Retype(RType::AAAA), Decision::TryAAAA)
                } else {
                    let outcome = Outcome::NoData {
                        answer: chain.aliases,
                        soa,
                    };
                    (Next::Finished(outcome), Decision::Finish)
                }
            }
            Classification::Alias { target } => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let next = Next::Restart {
                    aliases: chain.aliases,
                    target: target.clone(),
                };
                (
                    next,
                    Decision::Restart {
                        target: target.clone(),
                    },
                )
            }
            Classification::Answer => {
                let chain = self.take_answer(&query, &zone, response, &source);
                let skips_alias = self.config.ns_alias == NsAliasPolicy::Skip;
                match (&purpose, chain.last_target.clone()) {
                    (Purpose::Address { host, .. }, Some(target)) if skips_alias => {
                        let failure = Failure::NsAlias {
                            host: host.clone(),
                            target,
                        };
                        (Next::Finished(Outcome::failed(failure)), Decision::GiveUp)
                    }
                    _ => {
                        let last = chain.last_target.unwrap_or(query.name.clone());
                        let mut answer = chain.aliases;
                        answer.extend(
                            response
                                .answer
                                .iter()
                                .filter(|r| r.owner == last && r.rtype() == query.rtype)
                                .cloned(),
                        );
                        (Next::Finished(Outcome::Answer { answer }), Decision::Finish)
                    }
                }
            }
        };

        let response_size = message.as_ref().map(|m| m.to_wire().len());
        let exchange = Exchange {
            zone,
            source: list_source,
            server: host,
            address,
            address_source,
            query,
            minimised,
            response: message,
            response_size,
            classification,
            glue,
            decision,
        };
        let outcome = match &next {
            Next::Finished(outcome) => Some(outcome),
            _ => None,
        };
        let explanation = explain::exchange(&exchange, &full, outcome);
        (next, Event::Query(Box::new(exchange)), explanation)
    }

    /// Caches a referral's NS set (parent side) and the glue worth using,
    /// and returns the judged glue.
    pub(super) fn take_referral(
        &mut self,
        cut: &Name,
        parent: &Name,
        response: &Message,
        source: &Source,
    ) -> Vec<GlueVerdict> {
        let max_ttl = self.config.max_cache_ttl;
        let ns: Vec<Record> = response
            .authority
            .iter()
            .filter(|r| r.owner == *cut && r.rtype() == RType::NS)
            .cloned()
            .collect();
        let hosts = ns_hosts(&response.authority, cut);
        self.cache
            .store_ns(NsSide::Parent, ns, Credibility::Glue, max_ttl, source);
        let glue = judge_glue(
            cut,
            parent,
            &hosts,
            &response.additional,
            self.config.sibling_glue,
        );
        let used: Vec<Record> = glue
            .iter()
            .filter(|g| g.used)
            .map(|g| g.record.clone())
            .collect();
        for rrset in rrsets(&used) {
            self.cache.store(rrset, Credibility::Glue, max_ttl, source);
        }
        glue
    }

    /// Caches what an authoritative response says, within the zone asked
    /// about (anything outside it is not that server's to say): the answer,
    /// the zone's own NS set (child side), extra addresses, and a negative
    /// answer for the last name on the chain.
    pub(super) fn take_answer(
        &mut self,
        query: &Question,
        zone: &Name,
        response: &Message,
        source: &Source,
    ) -> Chain {
        let config = self.config;
        let chain = follow_chain(query, &response.answer);
        let in_zone = |r: &&Record| r.owner.is_subdomain_of(zone);
        let answer: Vec<Record> = response.answer.iter().filter(in_zone).cloned().collect();
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
                self.cache
                    .store(rrset, Credibility::AuthAnswer, config.max_cache_ttl, source);
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
        }
        chain
    }
}

/// True while some server of the list may still be tried.
pub(super) fn has_options(list: &ServerList) -> bool {
    list.candidates.iter().any(|c| {
        c.state == CandidateState::Usable
            && (c.addresses.is_empty() || c.addresses.iter().any(|(a, _)| !list.failed.contains(a)))
    })
}

/// The NS names of the RRset at `owner` in `records`.
pub(super) fn ns_hosts(records: &[Record], owner: &Name) -> Vec<Name> {
    records
        .iter()
        .filter(|r| r.owner == *owner)
        .filter_map(|r| match &r.data {
            RData::NS(host) => Some(host.clone()),
            _ => None,
        })
        .collect()
}

/// The SOA of a negative response.
pub(super) fn negative_soa(message: &Message) -> Option<Record> {
    message
        .authority
        .iter()
        .find(|r| r.rtype() == RType::SOA)
        .cloned()
}

/// Groups records into RRsets (owner and type), keeping first-seen order.
pub(super) fn rrsets(records: &[Record]) -> Vec<Vec<Record>> {
    let mut sets: Vec<Vec<Record>> = Vec::new();
    for record in records {
        match sets
            .iter_mut()
            .find(|s| s[0].owner == record.owner && s[0].rtype() == record.rtype())
        {
            Some(set) => set.push(record.clone()),
            None => sets.push(vec![record.clone()]),
        }
    }
    sets
}
