//! Predict mode in the reducer: choices before each step, a pick judged
//! when the step runs, a running score, and choices that follow the
//! stepper back, to the start and through edits.

use dns_lab::sim::scenario::Behaviour;
use dns_lab::sim::scenarios::built_in;
use dns_lab::ui::state::{Action, Lab};

fn predicting(lab: &Lab) -> &dns_lab::ui::state::Predicting {
    lab.predicting.as_ref().expect("predict mode is on")
}

#[test]
fn predict_mode_asks_before_each_step_and_keeps_score() {
    let lab = Lab::default().apply(Action::SetPredicting(true));
    let steps = lab.query.steps.len();
    let first = predicting(&lab)
        .choices
        .clone()
        .expect("choices before the first step");
    assert!((3..=4).contains(&first.choices.len()));

    // Right, then wrong, then no pick at all.
    let lab = lab.apply(Action::Predict(first.right)).apply(Action::Step);
    let state = predicting(&lab);
    assert_eq!((state.right, state.answered), (1, 1));
    assert_eq!(state.revealed.as_ref().unwrap().was_right(), Some(true));
    let second = state
        .choices
        .clone()
        .expect("choices before the second step");
    let wrong = (second.right + 1) % second.choices.len();
    let lab = lab.apply(Action::Predict(wrong)).apply(Action::Step);
    assert_eq!((predicting(&lab).right, predicting(&lab).answered), (1, 2));
    assert_eq!(
        predicting(&lab).revealed.as_ref().unwrap().was_right(),
        Some(false)
    );
    let lab = lab.apply(Action::Step);
    assert_eq!(predicting(&lab).answered, 2, "no pick, no score");
    assert_eq!(
        predicting(&lab).revealed.as_ref().unwrap().was_right(),
        None
    );

    // Back one step: the choices are those before it again, nothing revealed.
    let back = lab.apply(Action::StepBack);
    assert_eq!(predicting(&back).before, 2);
    assert!(predicting(&back).revealed.is_none());
    assert_eq!(predicting(&back).picked, None);

    // At the end there is nothing left to predict.
    let end = lab.apply(Action::Run);
    assert_eq!(end.query.shown, steps);
    assert!(predicting(&end).choices.is_none());

    // A pick out of range is ignored; turning the mode off forgets it all.
    let lab = lab.apply(Action::Predict(9));
    assert_eq!(predicting(&lab).picked, None);
    assert!(lab.apply(Action::SetPredicting(false)).predicting.is_none());
}

#[test]
fn an_edit_starts_the_choices_over_on_the_new_world() {
    let lab = Lab::new(built_in("one-server-down").unwrap())
        .unwrap()
        .apply(Action::SetPredicting(true))
        .apply(Action::Step);
    assert!(predicting(&lab).revealed.is_some());
    let server = lab.loaded.scenario.servers[0].id.clone();
    let lab = lab.apply(Action::SetBehaviour {
        server,
        behaviour: Behaviour::Down,
    });
    assert_eq!(lab.query.shown, 0);
    let state = predicting(&lab);
    assert_eq!(state.before, 0);
    assert!(state.revealed.is_none());
    assert!(state.choices.is_some());
}

/// A reload keeps predict mode on, with its score, and asks again before
/// the step it was at.
#[test]
fn a_reload_keeps_predict_mode_and_its_score() {
    use dns_lab::ui::session::{session_from_json, session_to_json};
    let lab = Lab::default().apply(Action::SetPredicting(true));
    let right = predicting(&lab).choices.as_ref().unwrap().right;
    let lab = lab.apply(Action::Predict(right)).apply(Action::Step);
    let again = Lab::restore(session_from_json(&session_to_json(&lab)).unwrap()).unwrap();
    let state = predicting(&again);
    assert_eq!((state.right, state.answered), (1, 1));
    assert_eq!(again.query.shown, 1);
    assert_eq!(state.before, 1);
    assert!(state.choices.is_some());
    // Off stays off.
    let off = lab.apply(Action::SetPredicting(false));
    let again = Lab::restore(session_from_json(&session_to_json(&off)).unwrap()).unwrap();
    assert!(again.predicting.is_none());
}
