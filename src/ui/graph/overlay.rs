//! What every step or focus changes on the drawing ([`Overlay`]): the
//! current step's query and reply in flight ([`Flight`], [`Reply`]) and the
//! elements of the focused finding. Cheap to build on every render.

use super::*;

/// What came back for the current step's query, as the graph shows it: a
/// word and an icon as well as a colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The data asked for.
    Answer,
    /// A CNAME leaving the server's zone: the resolver starts again there.
    Alias,
    /// A delegation one step closer to the name.
    Referral,
    NxDomain,
    NoData,
    Refused,
    ServFail,
    /// Any other reply the resolver cannot use (a lame referral, an answer
    /// without the AA flag).
    Lame,
    /// Nothing came back.
    Timeout,
}

impl Reply {
    /// How the resolver classified the response (see
    /// `sim::resolver::classify`), in the graph's fewer words.
    pub fn of(classification: &Classification) -> Reply {
        match classification {
            Classification::Answer => Reply::Answer,
            Classification::Alias { .. } => Reply::Alias,
            Classification::Referral { .. } => Reply::Referral,
            Classification::NXDomain | Classification::YXDomain => Reply::NxDomain,
            Classification::NoData => Reply::NoData,
            Classification::Lame(LameReason::Refused) => Reply::Refused,
            Classification::Lame(LameReason::ServFail) => Reply::ServFail,
            Classification::Lame(_) => Reply::Lame,
            Classification::Timeout => Reply::Timeout,
        }
    }

    /// The word on the reply's mark (DNS's own spelling for rcodes).
    pub fn label(self) -> &'static str {
        match self {
            Reply::Answer => "answer",
            Reply::Alias => "CNAME",
            Reply::Referral => "referral",
            Reply::NxDomain => "NXDOMAIN",
            Reply::NoData => "NODATA",
            Reply::Refused => "REFUSED",
            Reply::ServFail => "SERVFAIL",
            Reply::Lame => "lame",
            Reply::Timeout => "timeout",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Reply::Answer => "✔",
            Reply::Alias => "↪",
            Reply::Referral => "↓",
            Reply::NxDomain | Reply::NoData => "∅",
            Reply::Refused | Reply::ServFail | Reply::Lame => "✖",
            // A clock face: DejaVu has no hourglass.
            Reply::Timeout => "◷",
        }
    }

    /// The icon and the word, as drawn.
    pub fn text(self) -> String {
        format!("{} {}", self.icon(), self.label())
    }

    /// The style class: one colour per kind of outcome.
    pub fn class(self) -> &'static str {
        match self {
            Reply::Answer | Reply::Alias => "answer",
            Reply::Referral => "referral",
            Reply::NxDomain | Reply::NoData => "negative",
            Reply::Refused | Reply::ServFail | Reply::Lame => "error",
            Reply::Timeout => "timeout",
        }
    }

    /// False for a timeout: nothing travels back to the resolver.
    pub fn comes_back(self) -> bool {
        self != Reply::Timeout
    }
}

/// The current step's exchange: the query from the resolver to a server,
/// and what came back along the same path.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    /// The step's index; the animation starts again when it changes.
    pub step: usize,
    /// From the resolver (`from`) to the server asked (`to`).
    pub path: String,
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// The server asked, when it is a server of the scenario.
    pub server: Option<ServerId>,
    /// The zone box the query arrives in: the server's chip in the zone
    /// asked about, or the nearest visible box when that one is hidden.
    pub zone: Option<Name>,
    pub reply: Reply,
    /// What was asked of whom and what came back, for the tooltip.
    pub label: String,
}

/// The part of the drawing that every step or focus changes.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Overlay {
    pub flight: Option<Flight>,
    /// Elements of the focused finding.
    pub focus_zones: BTreeSet<Name>,
    pub focus_servers: BTreeSet<ServerId>,
}

impl Overlay {
    pub fn build(lab: &Lab, layout: &GraphLayout) -> Overlay {
        let mut focus_zones = BTreeSet::new();
        let mut focus_servers = BTreeSet::new();
        if let Some(finding) = lab.focused_finding.and_then(|i| lab.loaded.findings.get(i)) {
            focus_zones.extend(finding.zones.iter().cloned());
            focus_servers.extend(finding.servers.iter().cloned());
        }
        Overlay {
            flight: flight(lab, layout),
            focus_zones,
            focus_servers,
        }
    }
}

/// The current step's query as a path from the resolver to the server
/// asked, with what came back.
pub(super) fn flight(lab: &Lab, layout: &GraphLayout) -> Option<Flight> {
    let step = lab.current_step()?;
    let Event::Query(exchange) = &step.event else {
        return None;
    };
    let server = lab.loaded.world.server_at(exchange.address);
    // The box of the zone asked about, or of its nearest visible ancestor
    // when it is collapsed away.
    let zone_box = std::iter::successors(Some(exchange.zone.clone()), Name::parent)
        .find_map(|apex| layout.zone(&apex));
    // The server's chip in that box; else any chip of it (a server asked
    // about a zone it does not load).
    let chip = server.and_then(|s| {
        let in_box = zone_box.and_then(|b| b.chips.iter().find(|c| c.server == s.id));
        in_box.map(|c| (zone_box, c)).or_else(|| {
            layout.zones.iter().find_map(|b| {
                b.chips
                    .iter()
                    .find(|c| c.server == s.id)
                    .map(|c| (Some(b.as_ref()), c))
            })
        })
    });
    let (x1, y1) = (
        layout.resolver_at.0 + RESOLVER_WIDTH,
        layout.resolver_at.1 + ZONE_HEADER / 2.0,
    );
    let (target, (x2, y2)) = match (chip, zone_box) {
        (Some((b, c)), _) => (b, (c.x - c.width / 2.0, c.y)),
        (None, Some(b)) => (Some(b), (b.x, b.y + ZONE_HEADER / 2.0)),
        (None, None) => (None, (x1 + 200.0, y1 + 120.0)),
    };
    // Leave the resolver and arrive at the chip heading right, so the
    // arrow points into the chip; never curve out of the drawing.
    let (c1, c2) = (x1 + 60.0, (x2 - 60.0).max(MARGIN));
    let reply = Reply::of(&exchange.classification);
    Some(Flight {
        step: step.index,
        path: format!("M{x1:.1},{y1:.1} C{c1:.1},{y1:.1} {c2:.1},{y2:.1} {x2:.1},{y2:.1}"),
        from: (x1, y1),
        to: (x2, y2),
        server: server.map(|s| s.id.clone()),
        zone: target.map(|b| b.apex.clone()),
        reply,
        label: format!(
            "{} → {} ({}): {}",
            exchange.query,
            exchange.server.prose(),
            exchange.address,
            exchange.classification
        ),
    })
}
