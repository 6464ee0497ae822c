//! Asking one server and reading its reply (RFC 1034 §5.3.3 steps 3–4): the
//! query sent (minimised or whole), the reply classified ([`classify`]), and
//! the decision handed to the part of the algorithm it concerns: a server
//! that failed (`servers`), a referral (`referral`), an answer, a negative
//! answer or an alias (`answer`).

use super::*;

/// A reply as the resolver reads it, with what it asked and of whom.
pub(super) struct Reply<'a> {
    /// What was sent: the task's question, or a shorter name when minimised.
    pub(super) query: &'a Question,
    /// The zone whose server was asked.
    pub(super) zone: &'a Name,
    pub(super) response: &'a Message,
    pub(super) source: &'a Source,
}

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
    ) -> (Next, Event) {
        if self.budget.queries >= self.config.limits.max_queries {
            let failure = Failure::LimitReached(Limit::Queries);
            return (
                Next::Finished(Outcome::failed(failure.clone())),
                Event::GiveUp(failure),
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
        let reply = authority::query_address(world, address, &query, id, self.dnssec_ok);
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
        let wildcard = reply.wildcard;
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

        let reply = Reply {
            query: &query,
            zone: &zone,
            response,
            source: &source,
        };
        // The decision (RFC 1034 §5.3.3 step 4), each kind of reply handled
        // by its own part of the algorithm.
        let (next, decision) = match &classification {
            Classification::Timeout | Classification::Lame(_) => {
                self.server_failed(list, &host, address, &classification)
            }
            Classification::Referral { cut } => {
                let (next, decision, judged) = self.follow_referral(cut, &reply);
                glue = judged;
                (next, decision)
            }
            Classification::NXDomain if minimised && !self.config.nxdomain_cut => {
                list.revealed = None;
                (Next::Continue(list), Decision::SendFullName)
            }
            Classification::Answer | Classification::NoData | Classification::Alias { .. }
                if minimised =>
            {
                self.reveal_next_label(list, &reply)
            }
            Classification::NXDomain => self.nxdomain(&reply),
            Classification::YXDomain => self.yxdomain(&reply),
            Classification::NoData => self.nodata(&reply, &full, &purpose),
            Classification::Alias { target } => self.alias(&reply, target),
            Classification::Answer => self.answer(&reply, &purpose),
        };

        if let (Purpose::Validation, Next::Finished(_), Some(message)) = (&purpose, &next, &message)
        {
            self.keep_fetched(&full, &zone, message);
        }
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
            ended: match &next {
                Next::Finished(outcome) => Some(outcome.clone()),
                _ => None,
            },
            wildcard,
        };
        (next, Event::Query(Box::new(exchange)))
    }
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
