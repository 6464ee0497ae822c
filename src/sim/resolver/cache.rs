//! The resolver's cache and its virtual clock.
//!
//! A resolver remembers what it learns for as long as each RRset's TTL says
//! (RFC 1035 §3.2.1; one TTL per RRset, RFC 2181 §5.2), and it ranks what it
//! learns by how much it can trust it (RFC 2181 §5.4.1): data from the
//! answer section of an authoritative reply beats the authority section of
//! one, which beats the glue and NS records of a referral, which beat extra
//! addresses in the additional section. Lower-ranked data never replaces a
//! live higher-ranked RRset.
//!
//! A delegation is cached twice over. The parent's NS set arrives in a
//! referral (glue-grade data, with the parent's TTL); the child's own NS set
//! arrives with the child's authoritative answers (with the child's TTL). A
//! child-centric resolver prefers the child's set while it is alive and falls
//! back to the parent's when it expires; which one is alive is why the same
//! configuration sends queries sometimes to the registrar's servers and
//! sometimes to the zone's.
//!
//! Negative answers are cached too: NXDOMAIN for the name, NODATA for the
//! name and type, each for the lesser of the SOA's TTL and its MINIMUM field
//! (RFC 2308 §5).
//!
//! A validating resolver also keeps what it concluded: each answer's
//! security, and each zone's trusted keys and DS RRset (or that the zone is
//! unsigned, or bogus), for their TTLs. These marks are not saved with a
//! session: after a reload, the resolver validates again.
//!
//! Time is virtual: it moves only when the user advances it, so the same
//! steps at the same time give the same result.

use super::validation::Trust;
use crate::sim::dnssec::validate::Security;
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};
use crate::sim::zone::NsSide;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

/// How far the resolver trusts an RRset, lowest first (RFC 2181 §5.4.1;
/// BIND's trust levels `additional` < `glue` < `authauthority` <
/// `authanswer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Credibility {
    /// Extra addresses in the additional section of an authoritative answer.
    Additional,
    /// The NS records and glue of a referral: the parent speaking about the
    /// child.
    Glue,
    /// The authority section of an authoritative answer: the zone's own NS
    /// set.
    AuthAuthority,
    /// The answer section of an authoritative answer.
    AuthAnswer,
}

impl fmt::Display for Credibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credibility::Additional => "additional data",
            Credibility::Glue => "referral (glue)",
            Credibility::AuthAuthority => "authoritative authority section",
            Credibility::AuthAnswer => "authoritative answer",
        })
    }
}

/// Where cached data came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub server: Name,
    pub address: IpAddr,
}

/// One cached RRset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedRRset {
    /// As received, with their original TTLs.
    pub records: Vec<Record>,
    pub credibility: Credibility,
    pub stored_at: u64,
    pub expires_at: u64,
    pub source: Source,
    /// What validation concluded, when it ran.
    #[serde(skip)]
    pub security: Option<Security>,
    /// The RRSIG records that came with it, for `dig +dnssec`.
    #[serde(skip)]
    pub signatures: Vec<Record>,
}

impl CachedRRset {
    fn alive(&self, now: u64) -> bool {
        self.expires_at > now
    }

    /// True when this entry must stay rather than give way to new data of
    /// `credibility`: it is live and ranks higher (RFC 2181 §5.4.1).
    fn outranks(&self, credibility: Credibility, now: u64) -> bool {
        self.alive(now) && self.credibility > credibility
    }

    /// Seconds left at `now`.
    pub fn ttl_left(&self, now: u64) -> u32 {
        self.expires_at.saturating_sub(now).min(u64::from(u32::MAX)) as u32
    }

    /// The records with the TTL a resolver would hand out at `now`.
    pub fn records_at(&self, now: u64) -> Vec<Record> {
        let ttl = self.ttl_left(now);
        self.records
            .iter()
            .map(|r| Record::new(r.owner.clone(), ttl, r.data.clone()))
            .collect()
    }

    /// The NS host names in this RRset.
    pub fn ns_hosts(&self) -> Vec<Name> {
        self.records
            .iter()
            .filter_map(|r| match &r.data {
                RData::NS(host) => Some(host.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Both cached NS sets of one delegation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct DelegationEntry {
    parent_side: Option<CachedRRset>,
    child_side: Option<CachedRRset>,
}

/// A cached negative answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegativeEntry {
    pub nxdomain: bool,
    /// The name the negative answer was for.
    pub name: Name,
    /// The SOA that came with it (its TTL is the negative TTL).
    pub soa: Record,
    pub stored_at: u64,
    pub expires_at: u64,
    pub source: Source,
    #[serde(skip)]
    pub security: Option<Security>,
    /// The NSEC or NSEC3 records and signatures that came with it.
    #[serde(skip)]
    pub proof: Vec<Record>,
}

impl NegativeEntry {
    pub fn ttl_left(&self, now: u64) -> u32 {
        self.expires_at.saturating_sub(now).min(u64::from(u32::MAX)) as u32
    }
}

/// What the cache can say about a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CachedAnswer<'a> {
    /// The RRset asked for.
    Data(&'a CachedRRset),
    /// The name is an alias: restart at the target.
    Alias(&'a CachedRRset),
    Negative(&'a NegativeEntry),
}

impl CachedAnswer<'_> {
    /// What validation concluded about the cached data, if it ran.
    pub fn security(&self) -> Option<&Security> {
        match self {
            CachedAnswer::Data(e) | CachedAnswer::Alias(e) => e.security.as_ref(),
            CachedAnswer::Negative(e) => e.security.as_ref(),
        }
    }
}

/// A validator's conclusion about a zone's keys or DS RRset, while it lasts.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TrustEntry {
    trust: Trust,
    expires_at: u64,
}

/// One row of the cache as the UI lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheRow {
    pub owner: Name,
    pub what: String,
    pub records: Vec<Record>,
    pub credibility: Option<Credibility>,
    pub ttl_left: u32,
}

/// The cache, shared by the resolutions a user runs, and the virtual clock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cache {
    now: u64,
    #[serde(with = "as_pairs")]
    rrsets: BTreeMap<(Name, RType), CachedRRset>,
    delegations: BTreeMap<Name, DelegationEntry>,
    nxdomains: BTreeMap<Name, NegativeEntry>,
    #[serde(with = "as_pairs")]
    nodata: BTreeMap<(Name, RType), NegativeEntry>,
    /// Where round-robin selection goes next, per zone.
    round_robin: BTreeMap<Name, usize>,
    /// The validator's verdicts on each zone's DNSKEY RRset.
    #[serde(skip)]
    zone_keys: BTreeMap<Name, TrustEntry>,
    /// And on each zone's DS RRset at its parent.
    #[serde(skip)]
    zone_ds: BTreeMap<Name, TrustEntry>,
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Seconds since the simulation started.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Moves the virtual clock forward; entries whose TTL ran out are gone.
    pub fn advance(&mut self, seconds: u64) {
        self.now = self.now.saturating_add(seconds);
        let now = self.now;
        self.rrsets.retain(|_, e| e.alive(now));
        self.nxdomains.retain(|_, e| e.expires_at > now);
        self.nodata.retain(|_, e| e.expires_at > now);
        self.zone_keys.retain(|_, e| e.expires_at > now);
        self.zone_ds.retain(|_, e| e.expires_at > now);
        self.delegations.retain(|_, e| {
            e.parent_side = e.parent_side.take().filter(|s| s.alive(now));
            e.child_side = e.child_side.take().filter(|s| s.alive(now));
            e.parent_side.is_some() || e.child_side.is_some()
        });
    }

    /// Forgets everything but the time.
    pub fn flush(&mut self) {
        *self = Cache {
            now: self.now,
            ..Cache::default()
        };
    }

    pub fn is_empty(&self) -> bool {
        self.rrsets.is_empty()
            && self.delegations.is_empty()
            && self.nxdomains.is_empty()
            && self.nodata.is_empty()
    }

    fn entry(
        &self,
        records: Vec<Record>,
        credibility: Credibility,
        ttl: u32,
        source: &Source,
    ) -> CachedRRset {
        CachedRRset {
            records,
            credibility,
            stored_at: self.now,
            expires_at: self.now + u64::from(ttl),
            source: source.clone(),
            security: None,
            signatures: Vec::new(),
        }
    }

    /// Stores an RRset unless a live one of higher credibility is already
    /// there (RFC 2181 §5.4.1). NS RRsets go to [`Cache::store_ns`].
    /// Returns whether it was stored.
    pub fn store(
        &mut self,
        records: Vec<Record>,
        credibility: Credibility,
        max_ttl: u32,
        source: &Source,
    ) -> bool {
        let Some(first) = records.first() else {
            return false;
        };
        let key = (first.owner.clone(), first.rtype());
        if let Some(existing) = self.rrsets.get(&key)
            && existing.outranks(credibility, self.now)
        {
            return false;
        }
        let ttl = rrset_ttl(&records).min(max_ttl);
        let entry = self.entry(records, credibility, ttl, source);
        self.rrsets.insert(key, entry);
        true
    }

    /// Stores one side of a delegation's NS set. The child side keeps its
    /// better-ranked copy (an answer to an NS query) over the authority
    /// section of a later answer.
    pub fn store_ns(
        &mut self,
        side: NsSide,
        records: Vec<Record>,
        credibility: Credibility,
        max_ttl: u32,
        source: &Source,
    ) -> bool {
        let Some(first) = records.first() else {
            return false;
        };
        let ttl = rrset_ttl(&records).min(max_ttl);
        let owner = first.owner.clone();
        let entry = self.entry(records, credibility, ttl, source);
        let now = self.now;
        let slot = self.delegations.entry(owner).or_default();
        let slot = match side {
            NsSide::Parent => &mut slot.parent_side,
            NsSide::Child => &mut slot.child_side,
        };
        if slot.as_ref().is_some_and(|s| s.outranks(credibility, now)) {
            return false;
        }
        *slot = Some(entry);
        true
    }

    /// Caches a negative answer for the lesser of the SOA's TTL and MINIMUM
    /// (RFC 2308 §5), at most `max_ttl`.
    pub fn store_negative(
        &mut self,
        name: &Name,
        rtype: RType,
        nxdomain: bool,
        soa: &Record,
        max_ttl: u32,
        source: &Source,
    ) {
        let minimum = match &soa.data {
            RData::SOA(s) => s.minimum,
            _ => soa.ttl,
        };
        let ttl = soa.ttl.min(minimum).min(max_ttl);
        let mut soa = soa.clone();
        soa.ttl = ttl;
        let entry = NegativeEntry {
            nxdomain,
            name: name.clone(),
            soa,
            stored_at: self.now,
            expires_at: self.now + u64::from(ttl),
            source: source.clone(),
            security: None,
            proof: Vec::new(),
        };
        if nxdomain {
            self.nxdomains.insert(name.clone(), entry);
        } else {
            self.nodata.insert((name.clone(), rtype), entry);
        }
    }

    /// What the cache can answer for `name`/`rtype`. Only authoritative data
    /// is handed out as an answer: glue and additional addresses are for
    /// reaching servers (RFC 2181 §5.4.1). With `nxdomain_cut`, a cached
    /// NXDOMAIN for an ancestor answers for everything below it (RFC 8020).
    pub fn answer(
        &self,
        name: &Name,
        rtype: RType,
        nxdomain_cut: bool,
    ) -> Option<CachedAnswer<'_>> {
        let now = self.now;
        let trusted =
            |e: &&CachedRRset| e.alive(now) && e.credibility >= Credibility::AuthAuthority;
        let data = if rtype == RType::NS {
            self.delegations
                .get(name)
                .and_then(|d| d.child_side.as_ref())
                .filter(trusted)
        } else {
            self.rrsets.get(&(name.clone(), rtype)).filter(trusted)
        };
        if let Some(data) = data {
            return Some(CachedAnswer::Data(data));
        }
        if rtype != RType::CNAME
            && let Some(alias) = self
                .rrsets
                .get(&(name.clone(), RType::CNAME))
                .filter(trusted)
        {
            return Some(CachedAnswer::Alias(alias));
        }
        if let Some(nodata) = self
            .nodata
            .get(&(name.clone(), rtype))
            .filter(|e| e.expires_at > now)
        {
            return Some(CachedAnswer::Negative(nodata));
        }
        let mut names: Box<dyn Iterator<Item = Name>> = if nxdomain_cut {
            Box::new(name.ancestors())
        } else {
            Box::new(std::iter::once(name.clone()))
        };
        names
            .find_map(|n| self.nxdomains.get(&n).filter(|e| e.expires_at > now))
            .map(CachedAnswer::Negative)
    }

    /// Marks the cached answer for `name`/`rtype` (data, or a negative
    /// answer) with what validation concluded; bogus data stays at most
    /// `bogus_ttl` seconds.
    pub fn set_security(&mut self, name: &Name, rtype: RType, security: Security, bogus_ttl: u32) {
        let now = self.now;
        let limit = security.is_bogus().then(|| now + u64::from(bogus_ttl));
        let mark = |expires_at: &mut u64, slot: &mut Option<Security>| {
            *slot = Some(security.clone());
            if let Some(limit) = limit {
                *expires_at = (*expires_at).min(limit);
            }
        };
        if let Some(e) = self.rrsets.get_mut(&(name.clone(), rtype)) {
            mark(&mut e.expires_at, &mut e.security);
        }
        if let Some(e) = self.nodata.get_mut(&(name.clone(), rtype)) {
            mark(&mut e.expires_at, &mut e.security);
        }
        if let Some(e) = self.nxdomains.get_mut(name) {
            mark(&mut e.expires_at, &mut e.security);
        }
    }

    /// Keeps the RRSIGs that came with the cached RRset `name`/`rtype`.
    pub fn keep_signatures(&mut self, name: &Name, rtype: RType, signatures: Vec<Record>) {
        if let Some(e) = self.rrsets.get_mut(&(name.clone(), rtype)) {
            e.signatures = signatures;
        }
    }

    /// Keeps the proof that came with the cached negative answer for
    /// `name`/`rtype`.
    pub fn keep_proof(&mut self, name: &Name, rtype: RType, nxdomain: bool, proof: Vec<Record>) {
        let entry = if nxdomain {
            self.nxdomains.get_mut(name)
        } else {
            self.nodata.get_mut(&(name.clone(), rtype))
        };
        if let Some(e) = entry {
            e.proof = proof;
        }
    }

    /// The DNSSEC records a resolver holds for `name`/`rtype`: the RRSIGs
    /// of the cached RRset, or the proof of a cached negative answer, as a
    /// resolver adds them for a client that sets the DO bit.
    pub fn dnssec_records(&self, name: &Name, rtype: RType) -> Vec<Record> {
        let now = self.now;
        if let Some(e) = self
            .rrsets
            .get(&(name.clone(), rtype))
            .filter(|e| e.alive(now))
        {
            return e.signatures.clone();
        }
        self.nodata
            .get(&(name.clone(), rtype))
            .or_else(|| self.nxdomains.get(name))
            .filter(|e| e.expires_at > now)
            .map(|e| e.proof.clone())
            .unwrap_or_default()
    }

    /// The validator's live verdict on `zone`'s keys.
    pub fn zone_keys(&self, zone: &Name) -> Option<&Trust> {
        self.zone_keys
            .get(zone)
            .filter(|e| e.expires_at > self.now)
            .map(|e| &e.trust)
    }

    /// The validator's live verdict on `zone`'s DS RRset.
    pub fn zone_ds(&self, zone: &Name) -> Option<&Trust> {
        self.zone_ds
            .get(zone)
            .filter(|e| e.expires_at > self.now)
            .map(|e| &e.trust)
    }

    pub fn forget_zone_keys(&mut self, zone: &Name) {
        self.zone_keys.remove(zone);
    }

    pub fn store_zone_keys(&mut self, zone: &Name, trust: Trust, ttl: u32) {
        let expires_at = self.now + u64::from(ttl);
        self.zone_keys
            .insert(zone.clone(), TrustEntry { trust, expires_at });
    }

    pub fn store_zone_ds(&mut self, zone: &Name, trust: Trust, ttl: u32) {
        let expires_at = self.now + u64::from(ttl);
        self.zone_ds
            .insert(zone.clone(), TrustEntry { trust, expires_at });
    }

    /// The live addresses cached for `host`, of any credibility: IPv4 first.
    pub fn addresses(&self, host: &Name) -> Vec<IpAddr> {
        [RType::A, RType::AAAA]
            .into_iter()
            .filter_map(|t| self.rrsets.get(&(host.clone(), t)))
            .filter(|e| e.alive(self.now))
            .flat_map(|e| e.records.iter().filter_map(|r| r.data.address()))
            .collect()
    }

    /// The live NS set for the delegation at `cut` that the policy allows:
    /// the child's when `prefer_child` and it is alive, else the parent's.
    pub fn delegation(&self, cut: &Name, prefer_child: bool) -> Option<(NsSide, &CachedRRset)> {
        let entry = self.delegations.get(cut)?;
        let now = self.now;
        let child = entry
            .child_side
            .as_ref()
            .filter(|s| prefer_child && s.alive(now))
            .map(|s| (NsSide::Child, s));
        child.or_else(|| {
            entry
                .parent_side
                .as_ref()
                .filter(|s| s.alive(now))
                .map(|s| (NsSide::Parent, s))
        })
    }

    /// The closest cached delegation at or above `name`, below the root
    /// (the root's servers come from the hints).
    pub fn closest_delegation(
        &self,
        name: &Name,
        prefer_child: bool,
    ) -> Option<(Name, NsSide, &CachedRRset)> {
        name.ancestors().filter(|n| !n.is_root()).find_map(|cut| {
            self.delegation(&cut, prefer_child)
                .map(|(side, s)| (cut, side, s))
        })
    }

    /// The next round-robin starting position for `zone`, advancing it.
    pub(crate) fn next_round_robin(&mut self, zone: &Name) -> usize {
        let slot = self.round_robin.entry(zone.clone()).or_default();
        let position = *slot;
        *slot = slot.wrapping_add(1);
        position
    }

    /// Every live entry, for display: RRsets, both sides of each delegation
    /// and negative answers, in canonical order of owner.
    pub fn rows(&self) -> Vec<CacheRow> {
        let now = self.now;
        let mut rows = Vec::new();
        let rrset_row = |what: String, e: &CachedRRset| CacheRow {
            owner: e.records[0].owner.clone(),
            what,
            records: e.records_at(now),
            credibility: Some(e.credibility),
            ttl_left: e.ttl_left(now),
        };
        for ((_, rtype), e) in &self.rrsets {
            if e.alive(now) {
                rows.push(rrset_row(rtype.to_string(), e));
            }
        }
        for e in self.delegations.values() {
            for (side, slot) in [
                (NsSide::Parent, &e.parent_side),
                (NsSide::Child, &e.child_side),
            ] {
                if let Some(s) = slot.as_ref().filter(|s| s.alive(now)) {
                    rows.push(rrset_row(format!("NS ({side})"), s));
                }
            }
        }
        let negative_row = |what: String, e: &NegativeEntry| CacheRow {
            owner: e.name.clone(),
            what,
            records: vec![Record::new(
                e.soa.owner.clone(),
                e.ttl_left(now),
                e.soa.data.clone(),
            )],
            credibility: None,
            ttl_left: e.ttl_left(now),
        };
        for e in self.nxdomains.values().filter(|e| e.expires_at > now) {
            rows.push(negative_row("NXDOMAIN".into(), e));
        }
        for ((_, rtype), e) in self.nodata.iter().filter(|(_, e)| e.expires_at > now) {
            rows.push(negative_row(format!("NODATA {rtype}"), e));
        }
        rows.sort_by(|a, b| a.owner.cmp(&b.owner).then_with(|| a.what.cmp(&b.what)));
        rows
    }
}

/// An RRset's TTL: the least of its records' (RFC 2181 §5.2 asks for equal
/// TTLs and says to treat differing ones so).
pub(super) fn rrset_ttl<'r>(records: impl IntoIterator<Item = &'r Record>) -> u32 {
    records.into_iter().map(|r| r.ttl).min().unwrap_or(0)
}

/// A map with tuple keys saved as a list of pairs: JSON object keys must
/// be strings. The cache is saved with the rest of a session, so a reload
/// resumes with what the resolver had learnt.
mod as_pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer, K: Serialize, V: Serialize>(
        map: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter())
    }

    pub fn deserialize<
        'de,
        D: Deserializer<'de>,
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
    >(
        deserializer: D,
    ) -> Result<BTreeMap<K, V>, D::Error> {
        let pairs: Vec<(K, V)> = Vec::deserialize(deserializer)?;
        Ok(pairs.into_iter().collect())
    }
}
