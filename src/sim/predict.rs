//! "Predict the next step": before a resolution takes its next step, the
//! learner picks what will happen from three or four choices.
//!
//! A recursive resolver's next move follows from what it holds (RFC 1034
//! §5.3.3): its cache, the servers of the closest zone it knows, and the
//! addresses it has for them. So a learner who has followed the trace can
//! reason it out: it asks one of the servers in hand (and which NS set it
//! holds matters when the parent's and the child's differ, RFC 2181
//! §5.4.1), it answers from its cache, it first looks up the address of a
//! name server the referral gave no glue for (RFC 9471), it passes over a
//! server it cannot use, it gives up, or it answers the client. And each
//! query comes back as a referral, an answer, a CNAME, NXDOMAIN, NODATA,
//! REFUSED or nothing at all.
//!
//! The right choice is the step itself: a resolution is deterministic for
//! its world, cache and seed, so [`predict`] takes the step on a copy. The
//! wrong choices are what a learner could reasonably expect instead, each
//! built from the world: a server the *other* side of the cut lists, another
//! server of the same zone, the look-up glue made needless, the same server
//! with another reply, the cache instead of a query, another ending. None
//! of them is the step that happens, and no two are the same.

use super::cut;
use super::hierarchy::Hierarchy;
use super::lesson::OutcomeKind;
use super::name::Name;
use super::resolver::{
    AddressSource, CacheHit, Classification, Event, LameReason, Resolution, ServerSource, Step,
};
use super::scenario::World;
use super::zone::NsSide;

/// What a server's reply is, as a learner would predict it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heard {
    /// A referral to a zone closer to the name.
    Referral {
        cut: Name,
    },
    /// The data asked for.
    Answer,
    /// A CNAME that leads out of the server's zone.
    Alias {
        target: Name,
    },
    NXDomain,
    NoData,
    YXDomain,
    Refused,
    /// Any other reply a resolver cannot use: SERVFAIL, no AA flag, a
    /// referral that leads nowhere closer.
    Lame,
    /// No reply at all.
    Timeout,
}

impl Heard {
    /// The kind of reply a classification says it was.
    pub fn of(classification: &Classification) -> Heard {
        match classification {
            Classification::Answer => Heard::Answer,
            Classification::Alias { target } => Heard::Alias {
                target: target.clone(),
            },
            Classification::Referral { cut } => Heard::Referral { cut: cut.clone() },
            Classification::NXDomain => Heard::NXDomain,
            Classification::YXDomain => Heard::YXDomain,
            Classification::NoData => Heard::NoData,
            Classification::Lame(LameReason::Refused) => Heard::Refused,
            Classification::Lame(_) => Heard::Lame,
            Classification::Timeout => Heard::Timeout,
        }
    }

    fn words(&self) -> String {
        match self {
            Heard::Referral { cut } => format!("referral to {}", cut.prose()),
            Heard::Answer => "the answer".into(),
            Heard::Alias { target } => format!("CNAME to {}", target.prose()),
            Heard::NXDomain => "NXDOMAIN".into(),
            Heard::NoData => "NODATA".into(),
            Heard::YXDomain => "YXDOMAIN".into(),
            Heard::Refused => "REFUSED".into(),
            Heard::Lame => "a lame reply".into(),
            Heard::Timeout => "no reply (timeout)".into(),
        }
    }
}

/// What the resolver finds in its cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remembered {
    Answer,
    Alias,
    /// A cached NXDOMAIN or NODATA.
    Negative,
    /// The closest delegation it holds, where it starts asking.
    Delegation {
        cut: Name,
    },
}

/// One thing the next step could be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guess {
    /// The resolver asks `server` and hears `heard`. `only_at` says which
    /// side of a cut whose NS sets differ lists the server alone.
    Ask {
        server: Name,
        only_at: Option<NsSide>,
        heard: Heard,
    },
    /// It finds what it needs in its cache.
    FromCache(Remembered),
    /// It looks up a name server's address before it can ask it.
    LookUp { host: Name },
    /// It passes over a name server without asking it.
    Skip { host: Name },
    /// It checks DNSSEC keys or signatures (a validating resolver).
    Validate,
    /// It gives up on what it is looking for.
    GiveUp,
    /// It answers the client.
    Finish(OutcomeKind),
}

impl Guess {
    /// The choice as the learner reads it, short enough for two to a
    /// line on a laptop.
    pub fn words(&self) -> String {
        match self {
            Guess::Ask {
                server,
                only_at,
                heard,
            } => {
                let listed = match only_at {
                    Some(NsSide::Parent) => " (only in the parent's NS set)",
                    Some(NsSide::Child) => " (only in the zone's own NS set)",
                    None => "",
                };
                format!("Asks {}{listed} → {}", server.prose(), heard.words())
            }
            Guess::FromCache(Remembered::Answer) => "Answers from its cache".into(),
            Guess::FromCache(Remembered::Alias) => "Follows a CNAME from its cache".into(),
            Guess::FromCache(Remembered::Negative) => "Finds a negative answer in its cache".into(),
            Guess::FromCache(Remembered::Delegation { cut }) => {
                format!("Starts from {}'s servers in its cache", cut.prose())
            }
            Guess::LookUp { host } => format!("Looks up {}'s address first", host.prose()),
            Guess::Skip { host } => format!("Skips {} without asking it", host.prose()),
            Guess::Validate => "Checks DNSSEC keys and signatures".into(),
            Guess::GiveUp => "Gives up: no usable server left".into(),
            Guess::Finish(kind) => format!("Answers the client: {kind}"),
        }
    }
}

/// The choices before one step, and which of them is right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// Three or four, no two the same.
    pub choices: Vec<Guess>,
    pub right: usize,
}

/// How many choices a prediction offers at most.
const MOST_CHOICES: usize = 4;

/// The choices before `resolution`'s next step; `None` once it is done.
pub fn predict(
    resolution: &Resolution,
    world: &World,
    hierarchy: &Hierarchy,
) -> Option<Prediction> {
    if resolution.is_done() {
        return None;
    }
    let mut ahead = resolution.clone();
    let step = ahead.step(world);
    let cuts = Cuts { world, hierarchy };
    let right = cuts.guess(&step);
    let mut wrong: Vec<Guess> = Vec::new();
    for guess in cuts.alternatives(resolution, &step) {
        if guess != right && !wrong.contains(&guess) && wrong.len() + 1 < MOST_CHOICES {
            wrong.push(guess);
        }
    }
    // Where the right choice goes varies with the step and the seed, the
    // same every time for both.
    let at = mix(resolution.config().seed, step.index) % (wrong.len() + 1);
    wrong.insert(at, right);
    Some(Prediction {
        choices: wrong,
        right: at,
    })
}

/// A well-spread number from a seed and a step index (SplitMix64's
/// finaliser), so the right choice is not always in one place.
fn mix(seed: u64, index: usize) -> usize {
    let mut z = seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as usize
}

/// The world, to say which side of a cut lists a server.
struct Cuts<'a> {
    world: &'a World,
    hierarchy: &'a Hierarchy,
}

impl Cuts<'_> {
    /// The guess a step makes right.
    fn guess(&self, step: &Step) -> Guess {
        match &step.event {
            Event::Query(exchange) => self.ask(
                &exchange.zone,
                &exchange.server,
                Heard::of(&exchange.classification),
            ),
            Event::CacheHit(hit) => Guess::FromCache(match hit {
                CacheHit::Answer { .. } => Remembered::Answer,
                CacheHit::Alias { .. } => Remembered::Alias,
                CacheHit::Negative { .. } => Remembered::Negative,
                CacheHit::Delegation { cut, .. } => Remembered::Delegation { cut: cut.clone() },
            }),
            Event::Lookup { host, .. } => Guess::LookUp { host: host.clone() },
            Event::Skip { host, .. } => Guess::Skip { host: host.clone() },
            Event::Check(_) => Guess::Validate,
            Event::GiveUp(_) => Guess::GiveUp,
            Event::Done(outcome) => Guess::Finish(OutcomeKind::of(outcome)),
        }
    }

    fn ask(&self, zone: &Name, server: &Name, heard: Heard) -> Guess {
        Guess::Ask {
            server: server.clone(),
            only_at: self.only_at(zone, server),
            heard,
        }
    }

    /// The side of `zone`'s cut that alone lists `host`, when the sides
    /// differ.
    fn only_at(&self, zone: &Name, host: &Name) -> Option<NsSide> {
        if zone.is_root() {
            return None;
        }
        let comparison = cut::compare(self.world, self.hierarchy, zone)?;
        let row = comparison.rows.iter().find(|row| &row.host == host)?;
        match (row.at_parent, row.at_child) {
            (true, false) => Some(NsSide::Parent),
            (false, true) => Some(NsSide::Child),
            _ => None,
        }
    }

    /// Every name server name either side of `zone`'s cut lists (the root
    /// hints for the root).
    fn listed(&self, zone: &Name) -> Vec<Name> {
        if zone.is_root() {
            let mut hosts: Vec<Name> = Vec::new();
            for (host, _) in self.world.root_hints() {
                if !hosts.contains(host) {
                    hosts.push(host.clone());
                }
            }
            return hosts;
        }
        cut::compare(self.world, self.hierarchy, zone)
            .map(|comparison| comparison.rows.into_iter().map(|row| row.host).collect())
            .unwrap_or_default()
    }

    /// Plausible wrong choices for `step`, most telling first; the
    /// caller drops any that is right or repeats. The last three always
    /// hold at least two that differ from any step, so a prediction never
    /// has fewer than three choices.
    fn alternatives(&self, resolution: &Resolution, step: &Step) -> Vec<Guess> {
        let mut guesses = Vec::new();
        let in_hand = resolution.servers_in_hand();
        match &step.event {
            Event::Query(exchange) => {
                let zone = &exchange.zone;
                let heard = Heard::of(&exchange.classification);
                // The other NS set: a server only the side the resolver did
                // not take its servers from lists.
                let held_side = match &exchange.source {
                    ServerSource::Referral { .. } => Some(NsSide::Parent),
                    ServerSource::Cache(side) => Some(*side),
                    ServerSource::RootHints => None,
                };
                let other_side = held_side.map(|side| match side {
                    NsSide::Parent => NsSide::Child,
                    NsSide::Child => NsSide::Parent,
                });
                if let Some(other) = self
                    .listed(zone)
                    .into_iter()
                    .find(|host| other_side.is_some() && self.only_at(zone, host) == other_side)
                {
                    guesses.push(self.ask(zone, &other, heard.clone()));
                }
                // Another server the resolver holds for the same zone.
                let held: Vec<Name> = match &in_hand {
                    Some((held_zone, hosts)) if *held_zone == zone => {
                        hosts.iter().map(|&host| host.clone()).collect()
                    }
                    _ => self.listed(zone),
                };
                if let Some(other) = held.iter().find(|&host| {
                    host != &exchange.server && self.only_at(zone, host) != other_side
                }) {
                    guesses.push(self.ask(zone, other, heard.clone()));
                }
                // Without glue, the resolver would have had to look first.
                if matches!(exchange.address_source, AddressSource::Glue(_)) {
                    guesses.push(Guess::LookUp {
                        host: exchange.server.clone(),
                    });
                }
                for other in other_replies(&heard) {
                    guesses.push(self.ask(zone, &exchange.server, other));
                }
            }
            Event::CacheHit(hit) => {
                if let Some((host, _)) = self.world.root_hints().first() {
                    let question = resolution.question();
                    let heard = match question.name.trim_to(1) {
                        Some(top) if !question.name.is_root() && top != question.name => {
                            Heard::Referral { cut: top }
                        }
                        _ => Heard::Answer,
                    };
                    guesses.push(self.ask(&Name::root(), host, heard));
                }
                if !matches!(hit, CacheHit::Answer { .. }) {
                    guesses.push(Guess::FromCache(Remembered::Answer));
                }
                guesses.push(Guess::FromCache(Remembered::Negative));
            }
            Event::Lookup { zone, host, .. } => {
                guesses.push(self.ask(zone, host, Heard::Answer));
                guesses.push(Guess::Skip { host: host.clone() });
            }
            Event::Skip { zone, host, .. } => {
                guesses.push(Guess::LookUp { host: host.clone() });
                guesses.push(self.ask(zone, host, Heard::Answer));
            }
            Event::GiveUp(_) => {
                if let Some((zone, hosts)) = &in_hand
                    && let Some(host) = hosts.first()
                {
                    guesses.push(self.ask(zone, host, Heard::Answer));
                }
            }
            Event::Check(_) => guesses.push(Guess::Finish(OutcomeKind::Answer)),
            Event::Done(_) => {
                for kind in [
                    OutcomeKind::Answer,
                    OutcomeKind::NXDomain,
                    OutcomeKind::NoData,
                    OutcomeKind::ServFail,
                ] {
                    guesses.push(Guess::Finish(kind));
                }
            }
        }
        guesses.extend([
            Guess::GiveUp,
            Guess::Finish(OutcomeKind::ServFail),
            Guess::Finish(OutcomeKind::NXDomain),
        ]);
        guesses
    }
}

/// What a server could have said instead of `heard`: the replies a learner
/// most often expects in its place.
fn other_replies(heard: &Heard) -> [Heard; 2] {
    match heard {
        Heard::Referral { .. } | Heard::Alias { .. } | Heard::YXDomain => {
            [Heard::Answer, Heard::NXDomain]
        }
        Heard::Answer => [Heard::NXDomain, Heard::NoData],
        Heard::NXDomain => [Heard::Answer, Heard::NoData],
        Heard::NoData => [Heard::Answer, Heard::NXDomain],
        Heard::Refused | Heard::Lame => [Heard::Answer, Heard::Timeout],
        Heard::Timeout => [Heard::Answer, Heard::Refused],
    }
}
