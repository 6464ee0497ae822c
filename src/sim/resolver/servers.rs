//! Whom to ask (RFC 1034 §5.3.3 step 2 and 3): the servers of the closest
//! zone known, the addresses of their names (glue, the cache, or a nested
//! look-up), the next server to try, and the cycles that make a delegation
//! impossible to follow.

use super::*;

impl Resolution {
    pub(super) fn server_list(
        &mut self,
        zone: Name,
        source: ServerSource,
        candidates: Vec<Candidate>,
    ) -> ServerList {
        // BIND's first pick among servers it knows nothing about is
        // random (the differential suite saw both of two servers asked
        // first): the seed sets where the rotation starts, seed 1 at the
        // first server.
        let rotation = match self.config.selection {
            ServerSelection::RoundRobin => self
                .cache
                .next_round_robin(&zone)
                .wrapping_add(self.config.seed.wrapping_sub(1) as usize),
            _ => 0,
        };
        let revealed = self
            .config
            .qname_minimisation
            .then(|| zone.label_count() + 1);
        ServerList {
            zone,
            source,
            candidates,
            failed: Vec::new(),
            attempts: Vec::new(),
            revealed,
            minimise_steps: 0,
            rotation,
        }
    }

    /// A name server with the addresses the cache holds for it; `glue` are
    /// the addresses the referral just gave, to say where each came from.
    pub(super) fn candidate(&self, host: Name, glue: &[(IpAddr, NsHostRelation)]) -> Candidate {
        let addresses = self
            .cache
            .addresses(&host)
            .into_iter()
            .map(|address| {
                let source = glue
                    .iter()
                    .find(|(a, _)| *a == address)
                    .map_or(AddressSource::Cache, |(_, relation)| {
                        AddressSource::Glue(*relation)
                    });
                (address, source)
            })
            .collect();
        Candidate {
            host,
            addresses,
            state: CandidateState::Usable,
        }
    }

    pub(super) fn give_up(&mut self, failure: Failure) -> Event {
        self.top().phase = Phase::Finished(Outcome::failed(failure.clone()));
        Event::GiveUp(failure)
    }

    /// Follows CNAMEs to `target`: back to step 1 with the new name (RFC 1034
    /// §5.3.3 step 4c), unless that loops, exceeds the restart limit, or the
    /// name is a name server's and the policy skips aliases.
    pub(super) fn follow_alias(&mut self, aliases: Vec<Record>, target: Name) {
        let config = self.config;
        self.budget.cname_restarts += 1;
        let restarts = self.budget.cname_restarts;
        let task = self.top();
        task.chain.extend(aliases);
        let failure = if let Purpose::Address { host, .. } = &task.purpose
            && config.ns_alias == NsAliasPolicy::Skip
        {
            Some(Failure::NsAlias {
                host: host.clone(),
                target: target.clone(),
            })
        } else if task.chain.iter().any(|r| r.owner == target) {
            let mut names: Vec<Name> = task.chain.iter().map(|r| r.owner.clone()).collect();
            names.push(target.clone());
            Some(Failure::CnameLoop { names })
        } else if restarts > config.limits.max_cname_restarts {
            Some(Failure::LimitReached(Limit::CnameRestarts))
        } else {
            None
        };
        match failure {
            Some(failure) => {
                // BIND answers its SERVFAIL with the CNAMEs it followed when
                // it stops restarting ("max. restarts reached").
                let answer = match failure {
                    Failure::CnameLoop { .. } | Failure::LimitReached(Limit::CnameRestarts)
                        if config.restart_limit_keeps_chain =>
                    {
                        task.chain.clone()
                    }
                    _ => Vec::new(),
                };
                task.phase = Phase::Finished(Outcome::ServFail { failure, answer })
            }
            None => {
                task.question.name = target;
                task.phase = Phase::Start;
            }
        }
    }

    /// Step 3: pick a server and ask it, or find a server's address first.
    pub(super) fn next_server(&mut self, world: &World) -> Option<Event> {
        let task = self.top();
        let Phase::Servers(mut list) = std::mem::replace(&mut task.phase, Phase::Start) else {
            return None;
        };
        for candidate in &mut list.candidates {
            if candidate.state == CandidateState::Usable && candidate.addresses.is_empty() {
                candidate.addresses = self
                    .cache
                    .addresses(&candidate.host)
                    .into_iter()
                    .map(|a| (a, AddressSource::Cache))
                    .collect();
            }
        }
        let (next, event) = match self.select(&list) {
            Some((candidate, address)) => self.query(world, list, candidate, address),
            None => self.find_address(list),
        };
        if let Some(held) = self.to_validate(&next, &event) {
            self.top().phase = Phase::Validating(Box::new(held));
            return Some(event);
        }
        match next {
            Next::Continue(list) => self.top().phase = Phase::Servers(list),
            Next::Finished(outcome) => self.finish_with(outcome),
            Next::Restart { aliases, target } => self.follow_alias(aliases, target),
            Next::Retype(rtype) => {
                let task = self.top();
                task.question.rtype = rtype;
                task.phase = Phase::Start;
            }
            Next::Push(list, task) => {
                self.top().phase = Phase::Servers(list);
                self.tasks.push(*task);
            }
        }
        Some(event)
    }

    /// A reply the validator must judge before the task acts on it: with
    /// validation on, the client's answer, negative answer or alias.
    fn to_validate(&self, next: &Next, event: &Event) -> Option<Held> {
        let task = self.tasks.last()?;
        if !self.config.validation || !matches!(task.purpose, Purpose::Client) {
            return None;
        }
        let exchange = match event {
            Event::Query(exchange) => exchange,
            _ => return None,
        };
        let next = match next {
            Next::Finished(Outcome::ServFail { .. }) => return None,
            Next::Finished(outcome) => HeldNext::Finish(outcome.clone()),
            Next::Restart { aliases, target } => HeldNext::Restart {
                aliases: aliases.clone(),
                target: target.clone(),
            },
            _ => return None,
        };
        Some(Held {
            zone: exchange.zone.clone(),
            query: exchange.query.clone(),
            response: exchange.response.clone()?,
            next,
        })
    }

    /// The task ends with `outcome`, after the aliases it followed.
    pub(super) fn finish_with(&mut self, outcome: Outcome) {
        let task = self.top();
        let outcome = match outcome {
            Outcome::Answer { answer } => Outcome::Answer {
                answer: prefixed(&task.chain, answer),
            },
            Outcome::NXDomain { answer, soa } => Outcome::NXDomain {
                answer: prefixed(&task.chain, answer),
                soa,
            },
            Outcome::NoData { answer, soa } => Outcome::NoData {
                answer: prefixed(&task.chain, answer),
                soa,
            },
            failure => failure,
        };
        task.phase = Phase::Finished(outcome);
    }

    /// The next address to ask, by the selection policy, among those not
    /// failed yet.
    pub(super) fn select(&mut self, list: &ServerList) -> Option<(usize, IpAddr)> {
        let options: Vec<(usize, IpAddr)> = list
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.state == CandidateState::Usable)
            .flat_map(|(i, c)| c.addresses.iter().map(move |(a, _)| (i, *a)))
            .filter(|(_, a)| !list.failed.contains(a))
            .collect();
        if options.is_empty() {
            return None;
        }
        let index = match self.config.selection {
            ServerSelection::ListedOrder => 0,
            ServerSelection::RoundRobin => list.rotation % options.len(),
            ServerSelection::Random => self.rng.below(options.len()),
        };
        Some(options[index])
    }

    /// No server has a usable address: look one up, skip one that cannot be
    /// looked up, or give up when none is left.
    pub(super) fn find_address(&mut self, mut list: ServerList) -> (Next, Event) {
        let Some(index) = list
            .candidates
            .iter()
            .position(|c| c.state == CandidateState::Usable && c.addresses.is_empty())
        else {
            let failure = Failure::no_server_left(&list.zone, list.attempts.clone());
            let event = Event::GiveUp(failure.clone());
            return (Next::Finished(Outcome::failed(failure)), event);
        };
        let host = list.candidates[index].host.clone();
        let zone = list.zone.clone();
        let depth = self.tasks.len();
        let problem = if host.is_subdomain_of(&zone) {
            Some(ServerProblem::MissingGlue)
        } else if let Some(cycle) = self.cycle_through(&zone, &host) {
            Some(ServerProblem::Cycle(cycle))
        } else if depth > self.config.limits.max_dependency_depth as usize {
            Some(ServerProblem::Limit(Limit::DependencyDepth))
        } else if self.budget.target_fetches >= self.config.limits.max_target_fetches {
            Some(ServerProblem::Limit(Limit::TargetFetches))
        } else {
            None
        };
        if let Some(problem) = problem {
            list.candidates[index].state = CandidateState::Failed;
            list.attempts.push(Attempt {
                host: host.clone(),
                address: None,
                problem: problem.clone(),
            });
            let event = Event::Skip {
                zone,
                host,
                problem,
            };
            return (Next::Continue(list), event);
        }
        self.budget.target_fetches += 1;
        list.candidates[index].state = CandidateState::LookingUp;
        let task = Task {
            purpose: Purpose::Address {
                zone: zone.clone(),
                host: host.clone(),
            },
            question: Question::new(host.clone(), RType::A),
            chain: Vec::new(),
            phase: Phase::Start,
            security: Security::Secure,
        };
        let event = Event::Lookup {
            zone,
            host,
            source: list.source.clone(),
        };
        (Next::Push(list, Box::new(task)), event)
    }

    /// The cycle that looking up `host` for `zone` would close, if a look-up
    /// of `host` is already under way further up.
    pub(super) fn cycle_through(&self, zone: &Name, host: &Name) -> Option<Cycle> {
        let start = self
            .tasks
            .iter()
            .position(|t| matches!(&t.purpose, Purpose::Address { host: h, .. } if h == host))?;
        // The look-up of `host` led, through the look-ups after it, back to
        // a zone that needs `host`: start the cycle at that zone.
        let mut links = vec![(zone.clone(), host.clone())];
        links.extend(
            self.tasks[start + 1..]
                .iter()
                .filter_map(|t| match &t.purpose {
                    Purpose::Address { zone, host } => Some((zone.clone(), host.clone())),
                    Purpose::Client | Purpose::Validation => None,
                }),
        );
        Some(Cycle { links })
    }
}

impl Resolution {
    /// A server that timed out or is lame for the zone: its address is not
    /// tried again for this zone, and the next server is, while one is left.
    pub(super) fn server_failed(
        &mut self,
        mut list: ServerList,
        host: &Name,
        address: IpAddr,
        classification: &Classification,
    ) -> (Next, Decision) {
        let problem = match classification {
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
            let failure = Failure::no_server_left(&list.zone, list.attempts);
            (Next::Finished(Outcome::failed(failure)), Decision::GiveUp)
        }
    }
}

/// True while some server of the list may still be tried.
fn has_options(list: &ServerList) -> bool {
    list.candidates.iter().any(|c| {
        c.state == CandidateState::Usable
            && (c.addresses.is_empty() || c.addresses.iter().any(|(a, _)| !list.failed.contains(a)))
    })
}
