//! Predict mode on screen: under the narration, the question "What happens
//! next?" with the core's choices as radio buttons (lettered A to D, so a
//! class can vote by hand while the teacher holds Step), and once the step
//! has run, whether the pick was right and the score so far.

use yew::prelude::*;

use super::state::{Action, Lab, Predicting};

/// A choice's letter, for a class voting by hand.
fn letter(index: usize) -> char {
    char::from(b'A' + (index % 26) as u8)
}

/// The verdict on the last step and the choices for the next one; nothing
/// outside predict mode.
pub fn predict_panel(lab: &Lab, dispatch: &Callback<Action>) -> Html {
    let Some(predicting) = &lab.predicting else {
        return Html::default();
    };
    let revealed = predicting
        .revealed
        .as_ref()
        .filter(|r| r.step + 1 == lab.query.shown);
    html! {
        <div class="predict">
            if let Some(revealed) = revealed {
                <p id="predict-verdict" class={classes!("predict-verdict", match revealed.was_right() {
                    Some(true) => "right",
                    Some(false) => "wrong",
                    None => "unpicked",
                })}>
                    { verdict_text(revealed.was_right(), revealed.prediction.right, &revealed.prediction.choices[revealed.prediction.right].words()) }
                    { " " }
                    <span class="predict-score">{ score_text(predicting) }</span>
                </p>
            }
            if let Some(prediction) = &predicting.choices {
                <fieldset id="predict-choices" class="predict-choices">
                    <legend>{ "What happens next? Pick one, then Step." }</legend>
                    { for prediction.choices.iter().enumerate().map(|(i, choice)| {
                        let id = format!("predict-{i}");
                        let onchange = dispatch.reform(move |_: Event| Action::Predict(i));
                        html! {
                            <label for={id.clone()} class={classes!("predict-choice", (predicting.picked == Some(i)).then_some("picked"))}>
                                <input type="radio" {id} name="predict" checked={predicting.picked == Some(i)} {onchange} />
                                <span class="predict-letter" aria-hidden="true">{ letter(i) }</span>
                                <span>{ choice.words() }</span>
                            </label>
                        }
                    }) }
                </fieldset>
            } else if revealed.is_none() && predicting.answered > 0 {
                <p class="predict-score">{ score_text(predicting) }</p>
            }
        </div>
    }
}

/// "Right: …", "Not this time: it was C, …", or the right choice alone
/// when none was picked.
fn verdict_text(right: Option<bool>, index: usize, words: &str) -> String {
    let it_was = format!("{}, {words}.", letter(index));
    match right {
        Some(true) => format!("✔ Right: {it_was}"),
        Some(false) => format!("✘ Not this time: it was {it_was}"),
        None => format!("It was {it_was}"),
    }
}

/// "Score: 3 of 4 right".
pub fn score_text(predicting: &Predicting) -> String {
    format!(
        "Score: {} of {} right.",
        predicting.right, predicting.answered
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_names_the_right_choice_by_letter() {
        assert_eq!(
            verdict_text(Some(false), 2, "Answers the client: SERVFAIL"),
            "✘ Not this time: it was C, Answers the client: SERVFAIL."
        );
        assert!(verdict_text(Some(true), 0, "x").starts_with("✔ Right: A,"));
        assert_eq!(verdict_text(None, 1, "x"), "It was B, x.");
    }
}
