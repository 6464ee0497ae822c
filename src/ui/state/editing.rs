//! Edits to the world: a structural edit or a zone's records or text,
//! applied to a copy of the scenario and loaded, or refused with why and
//! the user's text kept.

use super::*;
use crate::sim::edit::EditError;
use crate::sim::fix::Fix;
use crate::sim::scenario::ScenarioProblem;
use crate::sim::zonefile::edit_records;

impl Lab {
    /// Applies a structural edit to a copy of the scenario and loads it.
    /// An edit that is refused, or whose result does not load, leaves the
    /// world as it was and says why in the notice.
    pub(super) fn edit_scenario<T>(
        &mut self,
        edit: impl FnOnce(&mut Scenario) -> Result<T, EditError>,
    ) -> Option<T> {
        let mut scenario = (*self.loaded.scenario).clone();
        let result = match edit(&mut scenario) {
            Ok(value) => value,
            Err(error) => {
                self.notice = Some(format!("Not changed: {error}."));
                return None;
            }
        };
        self.keep_signed(&mut scenario);
        match self.replace_scenario(scenario) {
            Ok(()) => Some(result),
            Err(error) => {
                self.notice = Some(format!("Not changed, the world would not load: {error}"));
                None
            }
        }
    }

    pub(super) fn edit_records(&mut self, copy: CopyRef, remove: &[Record], add: &[Record]) {
        let scenario = &self.loaded.scenario;
        let Some(text) = scenario.copy_text(&copy.apex, copy.server.as_ref()) else {
            self.notice = Some(format!("there is no zone {} to edit", copy.apex));
            return;
        };
        let selected = |r: &Record| remove.iter().any(|x| x.same_data(r));
        let text = match edit_records(text, &copy.apex, selected, add) {
            Ok(text) => text,
            Err(error) => {
                self.notice = Some(format!("{} was not changed: {error}", copy.apex));
                return;
            }
        };
        // Text typed and not applied stays, with the same edit made to it:
        // a table edit never drops what the user wrote.
        let pending = self.drafts.get(&copy).cloned();
        self.edit_zone_text(copy.clone(), text);
        let Some(pending) = pending else {
            return;
        };
        match edit_records(&pending.text, &copy.apex, selected, add) {
            Ok(text) => self.type_zone_text(copy, text),
            Err(_) => {
                self.notice = Some(format!(
                    "Done in {}. Your unapplied text there does not read as a zone file yet, so it does not show this change: Apply it to see where.",
                    copy.apex
                ));
                self.drafts.insert(copy, pending);
            }
        }
    }

    /// The editor's text for a copy, as typed: a draft until applied,
    /// nothing when it reads as the world has it.
    pub(in crate::ui) fn type_zone_text(&mut self, copy: CopyRef, text: String) {
        let applied = self
            .loaded
            .scenario
            .copy_text(&copy.apex, copy.server.as_ref());
        if applied == Some(text.as_str()) {
            self.drafts.remove(&copy);
            return;
        }
        self.drafts.insert(
            copy,
            Draft {
                text,
                tried: false,
                problems: Vec::new(),
                other: Vec::new(),
            },
        );
    }

    /// Makes a fix's edits as one step to undo, or says why they cannot be
    /// made to the world as it is now.
    pub(super) fn apply_fix(&mut self, fix: &Fix) {
        match fix.apply(&self.loaded.scenario) {
            Ok(mut fixed) => {
                self.keep_signed(&mut fixed);
                if let Err(error) = self.replace_scenario(fixed) {
                    self.notice = Some(format!("The fix does not load here: {error}"));
                }
            }
            Err(error) => {
                self.notice = Some(format!(
                    "The fix no longer applies to your edited zones ({error}); follow its explanation by hand, or Undo your edits first."
                ))
            }
        }
    }

    pub(in crate::ui) fn edit_zone_text(&mut self, copy: CopyRef, text: String) {
        let scenario = &self.loaded.scenario;
        if scenario.copy_text(&copy.apex, copy.server.as_ref()) == Some(text.as_str()) {
            self.drafts.remove(&copy);
            return;
        }
        let mut scenario = (**scenario).clone();
        if let Err(error) = scenario.set_copy_text(&copy.apex, copy.server.as_ref(), text.clone()) {
            self.notice = Some(format!("Not changed: {error}."));
            return;
        }
        self.keep_signed(&mut scenario);
        match self.replace_scenario(scenario) {
            Ok(()) => {
                self.drafts.remove(&copy);
            }
            Err(error) => {
                let (problems, other) = split_problems(&copy, &error);
                self.drafts.insert(
                    copy,
                    Draft {
                        text,
                        tried: true,
                        problems,
                        other,
                    },
                );
            }
        }
    }
}

/// A failed load's problems: this copy's text problems, and the rest.
fn split_problems(copy: &CopyRef, error: &ScenarioError) -> (Vec<ZoneProblem>, Vec<String>) {
    let mut own = Vec::new();
    let mut other = Vec::new();
    match error {
        ScenarioError::Invalid(problems) => {
            for problem in problems {
                match problem {
                    ScenarioProblem::ZoneText {
                        apex: at,
                        server,
                        error,
                    } if *at == copy.apex && *server == copy.server => {
                        own.extend(error.errors().cloned())
                    }
                    _ => other.push(problem.to_string()),
                }
            }
        }
        _ => other.push(error.to_string()),
    }
    (own, other)
}
