//! The fix-it check: does the learner's world pass the lesson's challenge?
//!
//! Most lessons end in a [`Challenge`](super::Challenge): the learner edits the world until a
//! check passes. The check ([`check()`]) loads the edited scenario, runs the
//! diagnostics and resolves the lesson's query under both presets. It passes
//! when:
//! - the query ends in an answer under both presets, and still does after
//!   the timeline when the lesson has one (a fix that works only until the
//!   caches age is not a fix);
//! - none of the findings the challenge names is left, nor any it lists as
//!   a new problem a careless fix would create (glue forgotten, one NS set
//!   edited but not the other).
//!
//! A scenario that does not load, or a timeline that cannot be applied to
//! the learner's edits, never passes; the status says why. Up to three
//! hints lead the way, and the [`Fix`](crate::sim::fix::Fix) is a list of edits that can be shown
//! and applied: [`Fix::apply`](crate::sim::fix::Fix::apply) returns a new scenario and leaves the given
//! one as it was. Resolutions use the presets' seed, so the same scenario
//! always checks the same way.

use super::{Expected, Lesson, OutcomeKind};
use crate::sim::authority::Question;
use crate::sim::diagnose::diagnose;
use crate::sim::finding::{Finding, FindingKind};
use crate::sim::fix::apply::{FixError, apply_edits};
use crate::sim::prose::plural;
use crate::sim::resolver::{Failure, Limit, Outcome, Preset, Resolution, ResolverConfig};
use crate::sim::scenario::{Scenario, ScenarioError, World};
use std::fmt;

impl OutcomeKind {
    pub fn of(outcome: &Outcome) -> OutcomeKind {
        match outcome {
            Outcome::Answer { .. } => OutcomeKind::Answer,
            Outcome::NoData { .. } => OutcomeKind::NoData,
            Outcome::NXDomain { .. } => OutcomeKind::NXDomain,
            Outcome::YXDomain { .. } => OutcomeKind::YXDomain,
            Outcome::ServFail { .. } => OutcomeKind::ServFail,
        }
    }
}

impl Expected {
    pub fn get(&self, preset: Preset) -> OutcomeKind {
        match preset {
            Preset::UnboundLike => self.unbound_like,
            Preset::BindLike => self.bind_like,
        }
    }
}

/// Why a lesson's query could not be run, or its challenge not checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonError {
    /// The scenario carries no lesson.
    NoLesson,
    /// The lesson has no fix-it challenge.
    NoChallenge,
    /// The scenario does not load.
    DoesNotLoad(ScenarioError),
    /// The timeline's change could not be made to this scenario.
    Timeline(FixError),
    /// The world after the timeline's change does not load.
    TimelineDoesNotLoad(ScenarioError),
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LessonError::NoLesson => f.write_str("this scenario has no lesson"),
            LessonError::NoChallenge => f.write_str("this lesson has no fix-it challenge"),
            LessonError::DoesNotLoad(error) => write!(f, "the scenario does not load: {error}"),
            LessonError::Timeline(error) => {
                write!(
                    f,
                    "what happens later in this lesson cannot happen here: {error}"
                )
            }
            LessonError::TimelineDoesNotLoad(error) => {
                write!(f, "the world later in this lesson does not load: {error}")
            }
        }
    }
}

impl std::error::Error for LessonError {}

/// How the lesson's query went under one configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observation {
    /// From an empty cache.
    pub first: Outcome,
    /// After the timeline, when the lesson has one.
    pub after: Option<Outcome>,
}

impl Lesson {
    pub fn question(&self) -> Question {
        Question::new(self.query.name.clone(), self.query.rtype)
    }

    /// Resolves the lesson's query in `scenario` with `config`: once from an
    /// empty cache, and again after the timeline when there is one.
    pub fn observe(
        &self,
        scenario: &Scenario,
        config: ResolverConfig,
    ) -> Result<Observation, LessonError> {
        let world = scenario.load().map_err(LessonError::DoesNotLoad)?;
        self.observe_in(scenario, &world, config)
    }

    fn observe_in(
        &self,
        scenario: &Scenario,
        world: &World,
        config: ResolverConfig,
    ) -> Result<Observation, LessonError> {
        let mut resolution = Resolution::new(self.question(), config);
        resolution.run(world);
        let first = finished(&resolution);
        let Some(then) = &self.then else {
            return Ok(Observation { first, after: None });
        };
        let mut cache = resolution.into_cache();
        cache.advance(then.advance_seconds);
        let later = if then.change.is_empty() {
            None
        } else {
            let changed = apply_edits(scenario, &then.change).map_err(LessonError::Timeline)?;
            Some(changed.load().map_err(LessonError::TimelineDoesNotLoad)?)
        };
        let mut again = Resolution::with_cache(self.question(), config, cache);
        again.run(later.as_ref().unwrap_or(world));
        Ok(Observation {
            first,
            after: Some(finished(&again)),
        })
    }

    /// Checks the learner's `scenario` against this lesson's challenge.
    pub fn check(&self, scenario: &Scenario) -> ChallengeStatus {
        match scenario.load() {
            Ok(world) => self.check_loaded(scenario, &world, &diagnose(&world)),
            Err(error) => ChallengeStatus::unchecked(LessonError::DoesNotLoad(error)),
        }
    }

    /// [`Lesson::check`] for a scenario already loaded as `world` and
    /// diagnosed as `findings`, as the app has it after every edit.
    pub fn check_loaded(
        &self,
        scenario: &Scenario,
        world: &World,
        findings: &[Finding],
    ) -> ChallengeStatus {
        let Some(challenge) = &self.challenge else {
            return ChallengeStatus::unchecked(LessonError::NoChallenge);
        };
        let named = |kind: &FindingKind| {
            challenge.findings_gone.contains(kind) || challenge.findings_absent.contains(kind)
        };
        let remaining = findings
            .iter()
            .filter(|f| named(&f.kind))
            .cloned()
            .collect();
        let mut runs = Vec::new();
        for preset in Preset::ALL {
            match self.observe_in(scenario, world, ResolverConfig::preset(preset)) {
                Ok(observation) => runs.push(PresetRun {
                    preset,
                    outcome: OutcomeKind::of(&observation.first),
                    after: observation.after.as_ref().map(OutcomeKind::of),
                }),
                Err(error) => {
                    return ChallengeStatus {
                        runs,
                        must_resolve: challenge.must_resolve,
                        remaining,
                        problem: Some(error),
                    };
                }
            }
        }
        ChallengeStatus {
            runs,
            must_resolve: challenge.must_resolve,
            remaining,
            problem: None,
        }
    }
}

/// The outcome of a resolution that has run to its end.
fn finished(resolution: &Resolution) -> Outcome {
    // `run` always ends in an outcome; were it ever not to, saying SERVFAIL
    // is what a resolver that gave up would say.
    resolution
        .outcome()
        .cloned()
        .unwrap_or(Outcome::failed(Failure::LimitReached(Limit::Queries)))
}

/// Checks `scenario` against the challenge of the lesson it carries.
pub fn check(scenario: &Scenario) -> ChallengeStatus {
    match &scenario.lesson {
        Some(lesson) => lesson.check(scenario),
        None => ChallengeStatus::unchecked(LessonError::NoLesson),
    }
}

/// The lesson's query under one preset, as the check saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetRun {
    pub preset: Preset,
    pub outcome: OutcomeKind,
    /// After the timeline, when the lesson has one.
    pub after: Option<OutcomeKind>,
}

impl PresetRun {
    /// An answer now, and later too when the lesson looks later.
    pub fn resolves(&self) -> bool {
        self.outcome == OutcomeKind::Answer
            && self.after.is_none_or(|after| after == OutcomeKind::Answer)
    }
}

/// Where a learner stands on a challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChallengeStatus {
    /// The query under each preset (empty when the check could not run).
    pub runs: Vec<PresetRun>,
    pub must_resolve: bool,
    /// The findings the challenge names that are still there.
    pub remaining: Vec<Finding>,
    /// Why the check could not be made; a status with a problem never passes.
    pub problem: Option<LessonError>,
}

impl ChallengeStatus {
    fn unchecked(problem: LessonError) -> ChallengeStatus {
        ChallengeStatus {
            runs: Vec::new(),
            must_resolve: true,
            remaining: Vec::new(),
            problem: Some(problem),
        }
    }

    /// True when the query resolves under `preset` (now and later).
    pub fn resolves(&self, preset: Preset) -> bool {
        self.runs
            .iter()
            .any(|run| run.preset == preset && run.resolves())
    }

    pub fn passed(&self) -> bool {
        self.problem.is_none()
            && self.remaining.is_empty()
            && self.runs.len() == Preset::ALL.len()
            && (!self.must_resolve || self.runs.iter().all(PresetRun::resolves))
    }

    /// One line for the learner: passed, or what is still missing.
    pub fn summary(&self) -> String {
        if let Some(problem) = &self.problem {
            return format!("Not yet: {problem}.");
        }
        if self.passed() {
            return "Passed: the query resolves and the problem is gone.".into();
        }
        let mut missing = Vec::new();
        if self.must_resolve {
            for run in self.runs.iter().filter(|r| !r.resolves()) {
                missing.push(match run.after {
                    Some(after) if run.outcome == OutcomeKind::Answer => format!(
                        "the {} resolver gets an answer at first but {after} later",
                        run.preset
                    ),
                    _ => format!("the {} resolver gets {}", run.preset, run.outcome),
                });
            }
        }
        if !self.remaining.is_empty() {
            missing.push(format!(
                "{} still to fix",
                plural(self.remaining.len(), "finding is", "findings are")
            ));
        }
        format!("Not yet: {}.", missing.join("; "))
    }
}
