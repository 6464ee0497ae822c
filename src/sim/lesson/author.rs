//! Lessons written in the app: a teacher's world becomes a lesson like
//! the built-in ones.
//!
//! A teacher writes what a lesson says (the story, what to look for, the
//! query to try, the goal and the hints) and builds the world it happens
//! in; DNS Lab works out the rest. The outcomes a lesson expects are never
//! typed: [`author`] resolves the query in the world under each resolver
//! preset, from an empty cache, and again after the clock moves when the
//! lesson looks later (RFC 1035 §3.2.1: what a resolver keeps, it keeps
//! for the TTL), so a lesson always says what DNS Lab does. A fix-it
//! challenge is checked as the built-in ones are: it must fail in the world
//! as shipped, or there is nothing to fix, and pass once the teacher's
//! recorded fix is made, or the fix does not fix. Each problem is named so
//! the teacher can mend it.

use super::check::ChallengeStatus;
use super::{Expected, Lesson, OutcomeKind, Timeline};
use crate::sim::prose::and_list;
use crate::sim::resolver::{Preset, ResolverConfig};
use crate::sim::scenario::Scenario;

/// A lesson with its outcomes worked out, and what stands in the way of
/// sharing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authored {
    pub lesson: Lesson,
    /// What the world says against the lesson: a query that cannot be
    /// tried, a challenge that passes already or fails after the fix.
    world_problems: Vec<String>,
    /// The challenge checked in the world as shipped, and after the fix.
    pub shipped: Option<ChallengeStatus>,
    pub fixed: Option<ChallengeStatus>,
}

impl Authored {
    /// Each problem as a sentence the teacher can act on; none when the
    /// lesson is ready to share.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.lesson.story.trim().is_empty() {
            problems.push("Write the story: what happened, in two to four sentences.".into());
        }
        if let Some(challenge) = &self.lesson.challenge
            && challenge.goal.trim().is_empty()
        {
            problems.push("Say what the learner should achieve: the challenge's goal.".into());
        }
        problems.extend(self.world_problems.iter().cloned());
        problems
    }

    pub fn is_ready(&self) -> bool {
        self.problems().is_empty()
    }

    /// The same lesson with other words (story, what to look for, goal,
    /// hints, the fix's explanation): what the world says of it does not
    /// change, so it is not worked out again. `None` when `lesson` asks
    /// something else of the world.
    pub fn retold(&self, lesson: &Lesson) -> Option<Authored> {
        if checks_of(lesson) != checks_of(&self.lesson) {
            return None;
        }
        let mut retold = self.clone();
        let (expect, then) = (retold.lesson.expect, retold.lesson.then.take());
        retold.lesson = lesson.clone();
        retold.lesson.expect = expect;
        retold.lesson.then = then;
        Some(retold)
    }
}

/// What of a lesson the world is asked about: its query, how long the clock
/// moves, and its challenge but for the words.
fn checks_of(lesson: &Lesson) -> impl PartialEq + use<> {
    let challenge = lesson.challenge.as_ref().map(|c| {
        (
            c.findings_gone.clone(),
            c.findings_absent.clone(),
            c.must_resolve,
            c.fix.edits.clone(),
        )
    });
    (
        lesson.query.clone(),
        lesson
            .then
            .as_ref()
            .map(|t| (t.advance_seconds, t.change.clone())),
        challenge,
    )
}

/// Works out `lesson`'s expected outcomes in `scenario` (the world as the
/// lesson ships it) and checks its challenge; the outcomes it was given
/// are replaced.
pub fn author(mut lesson: Lesson, scenario: &Scenario) -> Authored {
    let mut problems = Vec::new();
    let mut now = Vec::new();
    let mut later = Vec::new();
    for preset in Preset::ALL {
        match lesson.observe(scenario, ResolverConfig::preset(preset)) {
            Ok(observed) => {
                now.push(OutcomeKind::of(&observed.first));
                later.extend(observed.after.as_ref().map(OutcomeKind::of));
            }
            Err(error) => {
                problems.push(format!("The query cannot be tried: {error}."));
                break;
            }
        }
    }
    if let [unbound_like, bind_like] = now[..] {
        lesson.expect = Expected {
            unbound_like,
            bind_like,
        };
    }
    if let (Some(then), [unbound_like, bind_like]) = (&mut lesson.then, &later[..]) {
        then.expect_after = Expected {
            unbound_like: *unbound_like,
            bind_like: *bind_like,
        };
    }

    let (mut shipped, mut fixed) = (None, None);
    if let Some(challenge) = &lesson.challenge {
        if !challenge.must_resolve && challenge.findings_gone.is_empty() {
            problems.push(
                "The challenge asks for nothing: ask for the query to resolve, or name a finding that must be gone.".into(),
            );
        }
        let as_shipped = lesson.check(scenario);
        if as_shipped.passed() {
            problems.push(
                "The challenge already passes in this world, so there is nothing to fix: break the world first, or ask for more.".into(),
            );
        }
        let absent: Vec<String> = challenge
            .findings_gone
            .iter()
            .filter(|kind| !as_shipped.remaining.iter().any(|f| &f.kind == *kind))
            .map(|kind| kind.id().to_string())
            .collect();
        if !absent.is_empty() {
            problems.push(format!(
                "Findings to be gone are not in this world as shipped: {}.",
                and_list(&absent)
            ));
        }
        shipped = Some(as_shipped);
        if challenge.fix.edits.is_empty() {
            problems.push(
                "Record your fix: press \"Record my fix\", mend the world, then stop.".into(),
            );
        } else {
            match challenge.fix.apply(scenario) {
                Ok(mended) => {
                    let after = lesson.check(&mended);
                    if !after.passed() {
                        problems.push(format!(
                            "After your recorded fix the challenge does not pass: {}",
                            after.summary()
                        ));
                    }
                    fixed = Some(after);
                }
                Err(error) => problems.push(format!("Your recorded fix cannot be made: {error}.")),
            }
        }
    }
    Authored {
        lesson,
        world_problems: problems,
        shipped,
        fixed,
    }
}

/// A timeline that only moves the clock, its outcomes to be worked out.
pub fn clock_advance(seconds: u64) -> Timeline {
    Timeline {
        advance_seconds: seconds,
        change: Vec::new(),
        expect_after: Expected {
            unbound_like: OutcomeKind::Answer,
            bind_like: OutcomeKind::Answer,
        },
    }
}
