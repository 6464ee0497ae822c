//! The resolution being stepped: the question, its steps worked out up
//! front, how many are shown, the cache it starts from, and while
//! comparing, the runs under both presets.

use super::*;

/// The query being stepped and how.
#[derive(Clone)]
pub struct Query {
    pub name: String,
    pub rtype: RType,
    pub preset: Preset,
    /// The preset's configuration with the user's switches applied (the
    /// seed is kept apart, in `seed`).
    pub config: ResolverConfig,
    pub seed: u64,
    /// Why the query name cannot be used, if it cannot.
    pub name_error: Option<String>,
    /// Every step taken so far, and how many of them are shown.
    pub steps: Rc<Vec<Step>>,
    pub shown: usize,
    /// The steps are not worked out yet: the page opens on the graph and
    /// resolves in the next task ([`Action::ResolvePending`]); `shown` is
    /// then the step to come back to.
    pub pending: bool,
    /// The cache the resolution started from (advanced by the clock).
    pub cache: Cache,
    /// The world was edited since that cache was filled: some of what it
    /// remembers may no longer be true.
    pub cache_predates_edit: bool,
    /// How the same question ends for a resolver with an empty cache, when
    /// that differs from how this one ends: what the cache changes.
    pub empty_cache_outcome: Option<Outcome>,
    pub playing: bool,
    /// Autoplay delay between steps, in milliseconds.
    pub delay_ms: u32,
}

/// How a run of steps ended, if it did.
fn final_outcome(steps: &[Step]) -> Option<&Outcome> {
    match steps.last().map(|step| &step.event) {
        Some(Event::Done(outcome)) => Some(outcome),
        _ => None,
    }
}

impl Lab {
    /// The question the panel asks, if its name parses.
    pub fn question(&self) -> Option<Question> {
        let name = Name::parse(self.query.name.trim()).ok()?;
        Some(Question::new(name, self.query.rtype))
    }

    /// The resolver configuration in use, seed included.
    pub fn config(&self) -> ResolverConfig {
        self.query.config.with_seed(self.query.seed)
    }

    /// The step on screen, if any step is shown.
    pub fn current_step(&self) -> Option<&Step> {
        self.query
            .shown
            .checked_sub(1)
            .and_then(|i| self.query.steps.get(i))
    }

    /// True when every step is shown (while comparing, of the longer run).
    pub fn at_end(&self) -> bool {
        self.query.shown >= self.query.steps.len() && self.compare_extra >= self.compare_overrun()
    }

    /// How many steps the longer compared run has beyond the stepper's own.
    pub fn compare_overrun(&self) -> usize {
        self.compare_steps.as_ref().map_or(0, |runs| {
            runs.iter()
                .map(Vec::len)
                .max()
                .unwrap_or(0)
                .saturating_sub(self.query.steps.len())
        })
    }

    /// One step on: the stepper's own run first, then the longer compared one.
    pub(super) fn step_forward(&mut self) {
        if self.query.shown < self.query.steps.len() {
            self.reveal_prediction();
            self.query.shown += 1;
        } else if self.compare_extra < self.compare_overrun() {
            self.compare_extra += 1;
        }
    }

    /// The runs under both presets, from the same cache and seed.
    pub(super) fn recompute_compare(&mut self) {
        self.compare_extra = 0;
        self.compare_steps = self.compare.then(|| {
            Rc::new(
                Preset::ALL
                    .iter()
                    .map(|&preset| self.steps_under(preset))
                    .collect(),
            )
        });
    }

    /// The steps of the panel's query under `preset`, from the panel's
    /// cache and seed.
    pub fn steps_under(&self, preset: Preset) -> Vec<Step> {
        let Some(question) = self.question() else {
            return Vec::new();
        };
        let config = ResolverConfig::preset(preset)
            .with_seed(self.query.seed)
            .with_validation(self.query.config.validation);
        self.resolution(question, config, self.query.cache.clone())
            .run(&self.loaded.world)
    }

    /// A resolution of `question`; a validating one checks signatures with
    /// the cryptography once the page has it, and until then resolves
    /// without validating (the steps are worked out again when it
    /// arrives).
    pub fn resolution(
        &self,
        question: Question,
        config: ResolverConfig,
        cache: Cache,
    ) -> Resolution {
        match crate::ui::crypto::available() {
            Some(crypto) => Resolution::with_cache(question, config, cache).validating_with(crypto),
            None => Resolution::with_cache(question, config.with_validation(false), cache),
        }
    }

    /// Runs the resolution to its end on the current world and cache; the
    /// panel then reveals steps one at a time. Resolution always ends (the
    /// resolver's limits), so computing every step up front is safe, and
    /// stepping back is just showing one step fewer.
    pub(super) fn recompute_steps(&mut self) {
        self.query.name_error = None;
        self.query.pending = false;
        self.query.empty_cache_outcome = None;
        let steps = match self.question() {
            Some(question) => {
                let mut resolution =
                    self.resolution(question.clone(), self.config(), self.query.cache.clone());
                let steps = resolution.run(&self.loaded.world);
                if !self.query.cache.is_empty() {
                    let mut empty = Cache::new();
                    empty.advance(self.query.cache.now());
                    let fresh = self
                        .resolution(question, self.config(), empty)
                        .run(&self.loaded.world);
                    let fresh_outcome = final_outcome(&fresh);
                    if fresh_outcome != final_outcome(&steps) {
                        self.query.empty_cache_outcome = fresh_outcome.cloned();
                    }
                }
                steps
            }
            None => {
                self.query.name_error = Name::parse(self.query.name.trim())
                    .err()
                    .map(|e| format!("not a domain name: {e}"));
                Vec::new()
            }
        };
        self.query.shown = self.query.shown.min(steps.len());
        self.query.steps = Rc::new(steps);
        self.recompute_compare();
    }

    /// The world changed or the question did: start the stepping over.
    pub(in crate::ui) fn restart(&mut self) {
        self.query.shown = 0;
        self.query.playing = false;
        self.recompute_steps();
    }

    /// The cache as it stands after the shown steps.
    pub fn cache_at_shown(&self) -> Cache {
        self.cache_after(self.query.shown)
    }

    /// The cache after the first `steps` steps: the resolution is replayed
    /// that far (replay gives the same steps, by determinism).
    pub(super) fn cache_after(&self, steps: usize) -> Cache {
        match self.resolution_after(steps) {
            Some(resolution) => resolution.into_cache(),
            None => self.query.cache.clone(),
        }
    }

    /// The panel's resolution replayed through its first `steps` steps
    /// (the same steps, by determinism); `None` when the query name is
    /// not a name.
    pub(super) fn resolution_after(&self, steps: usize) -> Option<Resolution> {
        let question = self.question()?;
        let mut resolution = self.resolution(question, self.config(), self.query.cache.clone());
        for _ in 0..steps {
            resolution.step(&self.loaded.world);
        }
        Some(resolution)
    }
}
