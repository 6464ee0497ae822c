//! Predict mode: before each step the page asks what will happen next,
//! with the choices the core computes ([`crate::sim::predict`]); the step
//! then runs, the narration explains, and a running score counts the
//! learner's (or the class's) right picks.

use super::*;
use crate::sim::predict::{Prediction, predict};

/// What predict mode holds.
#[derive(Clone, Debug, Default)]
pub struct Predicting {
    /// The choices before the step at index `before`, of the run `steps`.
    pub choices: Option<Rc<Prediction>>,
    pub before: usize,
    steps: Rc<Vec<Step>>,
    /// The choice picked for the coming step, if any.
    pub picked: Option<usize>,
    /// The last step run, with the choices it was predicted from.
    pub revealed: Option<Revealed>,
    /// Right picks, and steps run with a pick.
    pub right: usize,
    pub answered: usize,
}

/// A step that ran in predict mode, against what was picked.
#[derive(Clone, Debug)]
pub struct Revealed {
    pub prediction: Rc<Prediction>,
    pub picked: Option<usize>,
    /// The index of the step.
    pub step: usize,
}

impl Revealed {
    /// Whether the pick was right; `None` when nothing was picked.
    pub fn was_right(&self) -> Option<bool> {
        self.picked.map(|picked| picked == self.prediction.right)
    }
}

impl Lab {
    /// Turns predict mode on (with a fresh score) or off.
    pub(super) fn set_predicting(&mut self, on: bool) {
        self.predicting = on.then(Predicting::default);
        if on {
            self.query.playing = false;
            self.refresh_prediction();
        }
    }

    /// Predict mode as a saved session had it: on, with its score; the
    /// choices are worked out again for the step restored.
    pub(in crate::ui) fn restore_predicting(&mut self, score: Option<(usize, usize)>) {
        self.predicting = score.map(|(right, answered)| Predicting {
            right: right.min(answered),
            answered,
            ..Predicting::default()
        });
    }

    /// Picks choice `index` for the coming step.
    pub(super) fn pick(&mut self, index: usize) {
        if let Some(predicting) = &mut self.predicting
            && predicting
                .choices
                .as_ref()
                .is_some_and(|p| index < p.choices.len())
        {
            predicting.picked = Some(index);
        }
    }

    /// Before a step runs: the pick is judged and kept to show with the
    /// step's narration.
    pub(super) fn reveal_prediction(&mut self) {
        let shown = self.query.shown;
        let Some(predicting) = &mut self.predicting else {
            return;
        };
        let Some(prediction) = predicting
            .choices
            .clone()
            .filter(|_| predicting.before == shown)
        else {
            predicting.revealed = None;
            return;
        };
        let revealed = Revealed {
            prediction,
            picked: predicting.picked.take(),
            step: shown,
        };
        if let Some(right) = revealed.was_right() {
            predicting.answered += 1;
            predicting.right += usize::from(right);
        }
        predicting.revealed = Some(revealed);
    }

    /// Brings the choices up to the step to come: after any action, they
    /// are for the step after those shown, of the current run. A step
    /// back or an edit drops what was revealed of a step no longer last.
    pub(super) fn refresh_prediction(&mut self) {
        let shown = self.query.shown;
        let steps = Rc::clone(&self.query.steps);
        let Some(predicting) = &self.predicting else {
            return;
        };
        let same_run = Rc::ptr_eq(&predicting.steps, &steps);
        if same_run && predicting.before == shown && predicting.choices.is_some() {
            return;
        }
        let choices = (shown < steps.len())
            .then(|| self.prediction_before(shown))
            .flatten()
            .map(Rc::new);
        let Some(predicting) = &mut self.predicting else {
            return;
        };
        if !same_run
            || predicting
                .revealed
                .as_ref()
                .is_some_and(|r| r.step + 1 != shown)
        {
            predicting.revealed = None;
        }
        predicting.choices = choices;
        predicting.before = shown;
        predicting.steps = steps;
        predicting.picked = None;
    }

    /// The choices before step `index`, of the resolution replayed that far.
    fn prediction_before(&self, index: usize) -> Option<Prediction> {
        let resolution = self.resolution_after(index)?;
        predict(&resolution, &self.loaded.world, &self.loaded.hierarchy)
    }
}
