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
                    { verdict_text(revealed.was_right(), &revealed.prediction.choices[revealed.prediction.right].words()) }
                    { " " }
                    <span class="predict-score">{ score_text(predicting) }</span>
                </p>
            }
            if let Some(prediction) = &predicting.choices {
                <fieldset id="predict-choices" class="predict-choices">
                    <legend>{ "What happens next? Pick one, then Step" }</legend>
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

/// "✔ Right: …", "✘ Not this time, it was: …", or the right choice alone
/// when none was picked.
fn verdict_text(right: Option<bool>, words: &str) -> String {
    match right {
        Some(true) => format!("✔ Right: {words}."),
        Some(false) => format!("✘ Not this time, it was: {words}."),
        None => format!("It was: {words}."),
    }
}

/// "Score: 3 of 4".
pub fn score_text(predicting: &Predicting) -> String {
    format!("Score: {} of {}", predicting.right, predicting.answered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_says_what_the_step_was() {
        assert_eq!(
            verdict_text(Some(false), "Answers the client: SERVFAIL"),
            "✘ Not this time, it was: Answers the client: SERVFAIL."
        );
        assert_eq!(verdict_text(Some(true), "x"), "✔ Right: x.");
        assert_eq!(verdict_text(None, "x"), "It was: x.");
    }
}
