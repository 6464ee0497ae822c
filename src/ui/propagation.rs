//! The propagation view: what a "DNS propagation checker" shows, and why
//! there is no propagation, only caches expiring.
//!
//! The learner takes a snapshot: a dozen simulated public resolvers, each of
//! which resolved the resolution panel's question some time ago against the
//! world as it is now (see [`crate::sim::propagation`]). Then they edit the
//! world in the inspector (an address, the name servers at the registrar)
//! and move this view's own clock: the table shows, for each resolver, what
//! it answers, whether from its cache, when it will ask again, and whether
//! that is what a fresh look-up gets.
//!
//! The snapshot and the clock are local to the component: they are a
//! thought experiment beside the lab, not part of the scenario, and the
//! reducer never sees them. The table re-renders whenever the world
//! changes, since it reads `lab.loaded.world`.

use std::rc::Rc;

use yew::prelude::*;

use super::LabProps;
use crate::sim::propagation::{Answer, DEFAULT_RESOLVERS, Observation, Propagation, Via};
use crate::sim::prose::duration;
use crate::sim::resolver::explain;
use crate::sim::scenario::World;

/// The clock buttons: seconds, element id, label.
pub const ADVANCES: [(u64, &str, &str); 4] = [
    (60, "prop-advance-60", "+1 min"),
    (600, "prop-advance-600", "+10 min"),
    (3_600, "prop-advance-3600", "+1 h"),
    (86_400, "prop-advance-86400", "+1 day"),
];

/// The paragraph that says what the view teaches.
pub const EXPLANATION: &str = "There is no propagation: your name servers push nothing to anyone. \
Each resolver keeps what it last looked up for as long as the record's TTL allows, then asks again \
(RFC 1034 §4.3.5). Resolvers that last asked at different moments see a change at different moments, \
and the last one sees it a full TTL after its last look-up. A name that did not exist stays \
\"does not exist\" for the negative TTL of the zone's SOA (RFC 2308), and after a name-server change \
a resolver keeps asking the old servers it remembers until the cached NS records expire.";

/// The view's own clock: seconds since the snapshot. A reducer, so that
/// quick clicks add up even before the view renders again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Clock(u64);

enum Tick {
    Add(u64),
    Reset,
}

impl Reducible for Clock {
    type Action = Tick;

    fn reduce(self: Rc<Self>, tick: Tick) -> Rc<Self> {
        Rc::new(Clock(match tick {
            Tick::Add(seconds) => self.0.saturating_add(seconds),
            Tick::Reset => 0,
        }))
    }
}

#[function_component(PropagationView)]
pub fn propagation_view(props: &LabProps) -> Html {
    let snapshot = use_state(|| None::<Rc<Propagation>>);
    let clock = use_reducer(Clock::default);
    let elapsed = clock.0;
    let lab = &props.lab;
    let question = lab.question();

    let on_prime = {
        let snapshot = snapshot.clone();
        let clock = clock.dispatcher();
        let world = Rc::clone(&lab.loaded.world);
        let question = question.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(question) = &question {
                let primed = Propagation::prime(&world, question, DEFAULT_RESOLVERS, None);
                snapshot.set(Some(Rc::new(primed)));
                clock.dispatch(Tick::Reset);
            }
        })
    };
    let query_text = match &question {
        Some(q) => format!(
            "Query: {} (the resolution panel's).",
            explain::question_text(q)
        ),
        None => "The query name in the resolution panel is not a domain name yet.".to_string(),
    };

    let body = match &*snapshot {
        None => html! {
            <p id="prop-empty" class="hint">
                { "Take a snapshot first: a dozen resolvers look the resolution panel's query up, each at a different moment in the past. Then change the answer in the inspector (an address, or the name servers at the registrar) and move the clock." }
            </p>
        },
        Some(propagation) => {
            let advance = |(seconds, id, label): (u64, &'static str, &'static str)| {
                let clock = clock.dispatcher();
                let onclick =
                    Callback::from(move |_: MouseEvent| clock.dispatch(Tick::Add(seconds)));
                html! {
                    <button type="button" {id} class="clock-button" {onclick}>{ label }</button>
                }
            };
            let on_reset = {
                let clock = clock.dispatcher();
                Callback::from(move |_: MouseEvent| clock.dispatch(Tick::Reset))
            };
            html! {
                <>
                    <p id="prop-snapshot" class="prop-snapshot">{ snapshot_text(propagation) }</p>
                    <div class="prop-clock">
                        <p id="prop-elapsed" class="clock">
                            { "Time since the snapshot: " }
                            <strong>{ format!("+{}", duration(elapsed)) }</strong>
                        </p>
                        <div class="clock-buttons" role="group" aria-label="Move the clock forward">
                            { for ADVANCES.into_iter().map(advance) }
                        </div>
                        <button type="button" id="prop-reset" class="prop-reset" onclick={on_reset}>
                            { "Back to the snapshot" }
                        </button>
                    </div>
                    <PropagationTable
                        propagation={Rc::clone(propagation)}
                        world={Rc::clone(&lab.loaded.world)}
                        elapsed={elapsed}
                    />
                </>
            }
        }
    };

    html! {
        <section id="propagation" class="propagation" aria-labelledby="propagation-heading">
            <h2 id="propagation-heading">{ "Propagation? Caches expiring" }</h2>
            <p id="prop-explain" class="prop-explain">{ EXPLANATION }</p>
            <div class="prop-actions">
                <button
                    type="button"
                    id="prop-prime"
                    class="prop-prime"
                    disabled={question.is_none()}
                    aria-describedby="prop-query"
                    onclick={on_prime}
                >
                    { "Take a snapshot (before)" }
                </button>
                <p id="prop-query" class={if question.is_some() { "prop-query" } else { "prop-query problem" }}>
                    { query_text }
                </p>
            </div>
            { body }
        </section>
    }
}

/// The table's properties: the snapshot, the world now, the clock.
#[derive(Properties, Clone)]
pub struct PropagationTableProps {
    pub propagation: Rc<Propagation>,
    pub world: Rc<World>,
    /// Seconds since the snapshot.
    pub elapsed: u64,
}

impl PartialEq for PropagationTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.propagation, &other.propagation)
            && Rc::ptr_eq(&self.world, &other.world)
            && self.elapsed == other.elapsed
    }
}

/// Memo keys compared by pointer: a new world or snapshot is a new `Rc`.
struct Same<T>(Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One row per resolver, and the summary line.
#[function_component(PropagationTable)]
pub fn propagation_table(props: &PropagationTableProps) -> Html {
    let key = (
        Same(Rc::clone(&props.propagation)),
        Same(Rc::clone(&props.world)),
    );
    let converged = use_memo(key, |(p, w)| p.0.converged_at(&w.0));
    let key = (
        Same(Rc::clone(&props.propagation)),
        Same(Rc::clone(&props.world)),
        props.elapsed,
    );
    let observations = use_memo(key, |(p, w, elapsed)| p.0.observe(&w.0, *elapsed));
    render_table(&props.propagation, &observations, *converged, props.elapsed)
}

/// The table and summary for `observations` taken `elapsed` seconds after
/// the snapshot, given when the resolvers converge.
pub fn render_table(
    propagation: &Propagation,
    observations: &[Observation],
    converged_at: Option<u64>,
    elapsed: u64,
) -> Html {
    let rows = observations.iter().map(|o| {
        let fetched = propagation
            .resolvers()
            .get(o.resolver)
            .map_or(elapsed, |r| r.age + elapsed);
        row(o, fetched)
    });
    let caption = format!(
        "What each resolver answers for {}, +{} after the snapshot",
        explain::question_text(propagation.question()),
        duration(elapsed)
    );
    html! {
        <>
            <p id="prop-summary" class="prop-summary" role="status">
                { summary_text(propagation, observations, converged_at, elapsed) }
            </p>
            <p id="prop-answers" class="prop-answers">{ answers_text(propagation, observations) }</p>
            <div class="table-scroll">
                <table id="prop-table" class="prop-table">
                    <caption>{ caption }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Resolver" }</th>
                            <th scope="col">{ "Answers now" }</th>
                            <th scope="col">{ "From" }</th>
                            <th scope="col">{ "Asks again in" }</th>
                            <th scope="col">{ "Compared with a fresh look-up" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </>
    }
}

/// One resolver's row; `fetched` is how long ago it fetched what its
/// cache holds for the question (its age plus the clock).
fn row(o: &Observation, fetched: u64) -> Html {
    let (status, class, mark, word) = if o.up_to_date {
        ("up-to-date", "prop-row up-to-date", "✓", " up to date")
    } else {
        ("stale", "prop-row stale", "⟳", " stale")
    };
    let ttl = match o.ttl_left {
        Some(ttl) => duration(u64::from(ttl)),
        None => "not cached".to_string(),
    };
    html! {
        <tr class={class} data-status={status}>
            <th scope="row">{ o.name.clone() }</th>
            <td><code class="prop-answer">{ o.answer.to_string() }</code></td>
            <td class="prop-via">{ via_text(&o.via, fetched) }</td>
            <td class="ttl">{ ttl }</td>
            <td class="prop-status">
                <span class="mark" aria-hidden="true">{ mark }</span>
                { word }
                if !o.up_to_date {
                    <span class="prop-fresh">{ format!(" (a fresh look-up gets {})", o.fresh) }</span>
                }
            </td>
        </tr>
    }
}

// ---------------------------------------------------------------------------
// Plain text, tested natively.

/// Where a resolver's answer came from, in words.
pub fn via_text(via: &Via, fetched: u64) -> String {
    match via {
        Via::Cache => format!("its cache (fetched {} ago)", duration(fetched)),
        Via::CachedDelegation { zone, ns_ttl_left } if zone.is_root() => format!(
            "asked again, starting at the root servers (cached, {} left)",
            duration(u64::from(*ns_ttl_left))
        ),
        Via::CachedDelegation { zone, ns_ttl_left } => format!(
            "asked again: the {} name servers it remembers (their NS records: {} left)",
            zone.prose(),
            duration(u64::from(*ns_ttl_left))
        ),
        Via::RootHints => "asked again, from the root down".into(),
    }
}

/// "At the snapshot they cached … . A fresh look-up now gets … ."
pub fn answers_text(propagation: &Propagation, observations: &[Observation]) -> String {
    let before = distinct(propagation.resolvers().iter().map(|r| &r.cached));
    let now = distinct(observations.iter().map(|o| &o.fresh));
    format!(
        "At the snapshot they cached: {}. A fresh look-up now gets: {}.",
        before.join(" or "),
        now.join(" or ")
    )
}

fn distinct<'a>(answers: impl Iterator<Item = &'a Answer>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for answer in answers {
        let text = answer.to_string();
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    seen
}

/// What the snapshot holds, in one sentence.
pub fn snapshot_text(propagation: &Propagation) -> String {
    let resolvers = propagation.resolvers();
    let oldest = resolvers.iter().map(|r| r.age).max().unwrap_or(0);
    let youngest = resolvers.iter().map(|r| r.age).min().unwrap_or(0);
    format!(
        "Snapshot of {}: {} resolvers (Unbound-like and BIND-like) last looked it up between {} and {} before the snapshot, in the world as it was then.",
        explain::question_text(propagation.question()),
        resolvers.len(),
        if youngest == 0 {
            "just".to_string()
        } else {
            duration(youngest)
        },
        duration(oldest),
    )
}

/// The summary line: how many resolvers give the new answer, and when all
/// will.
pub fn summary_text(
    propagation: &Propagation,
    observations: &[Observation],
    converged_at: Option<u64>,
    elapsed: u64,
) -> String {
    let total = observations.len();
    let current = observations.iter().filter(|o| o.up_to_date).count();
    let changed = observations.iter().any(|o| {
        propagation
            .resolvers()
            .get(o.resolver)
            .is_some_and(|r| r.cached != o.fresh)
    });
    let what = if changed {
        "the new answer"
    } else {
        "the current answer"
    };
    let settled = converged_at.is_some_and(|t| t <= elapsed);
    if current == total && settled {
        return if changed {
            format!("All {total} resolvers give the new answer: every old copy has expired.")
        } else {
            format!(
                "All {total} resolvers give the same answer as at the snapshot: nothing they cached has changed. Edit the zone to see a change reach them."
            )
        };
    }
    let of = if current == 1 {
        format!("1 of {total} resolvers gives {what}")
    } else {
        format!("{current} of {total} resolvers give {what}")
    };
    match converged_at {
        Some(t) if t > elapsed => format!("{of}; all will within {}.", duration(t - elapsed)),
        Some(_) => format!("{of}."),
        None => format!(
            "{of}; some never will: even after everything they cached has expired, they get a different answer than a fresh look-up, so this zone's servers disagree with each other (look for a diverged copy or a server that is down)."
        ),
    }
}
