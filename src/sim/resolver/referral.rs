//! Taking a referral (RFC 1034 §5.3.3 step 4b): the parent's NS set is
//! cached as the parent side of the cut, glue is judged ([`judge_glue`]:
//! which addresses a resolver may believe) and cached, and the cut's name
//! servers become the servers to ask next, with the addresses glue gave.
//! Every referral counts against [`Limit::Referrals`].

use super::*;

impl Resolution {
    /// Follows a referral to `cut`: the next servers to ask, and the glue
    /// as judged.
    pub(super) fn follow_referral(
        &mut self,
        cut: &Name,
        reply: &Reply<'_>,
    ) -> (Next, Decision, Vec<GlueVerdict>) {
        let (zone, response) = (reply.zone, reply.response);
        if self.budget.referrals >= self.config.limits.max_referrals {
            let failure = Failure::LimitReached(Limit::Referrals);
            return (
                Next::Finished(Outcome::failed(failure)),
                Decision::GiveUp,
                Vec::new(),
            );
        }
        self.budget.referrals += 1;
        let glue = self.take_referral(cut, zone, response, reply.source);
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
            glue,
        )
    }

    /// Caches a referral's NS set (parent side) and the glue worth using,
    /// and returns the judged glue.
    fn take_referral(
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
}

/// The NS names of the RRset at `owner` in `records`.
fn ns_hosts(records: &[Record], owner: &Name) -> Vec<Name> {
    records
        .iter()
        .filter(|r| r.owner == *owner)
        .filter_map(|r| match &r.data {
            RData::NS(host) => Some(host.clone()),
            _ => None,
        })
        .collect()
}
