//! The step controls and the narration of the current step, under the
//! graph: what was asked, of which server at which address, what came back
//! and what the resolver decided and why. On a projector or a laptop the
//! whole narration stays in view beside the graph while stepping (the page
//! layout gives it the room it needs), so a learner never scrolls to read it.
//!
//! It only reads [`Lab`] and dispatches [`Action`]s; the words come from
//! [`status_text`] and the step's own explanation.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::LabProps;
use super::predict::predict_panel;
use super::resolution::{cache_note, ns_set_note, status_text};
use super::state::{Action, DELAY_MAX, DELAY_MIN, Lab};

#[function_component(Stepper)]
pub fn stepper_view(props: &LabProps) -> Html {
    stepper(&props.lab, &props.dispatch)
}

fn stepper(lab: &Lab, dispatch: &Callback<Action>) -> Html {
    let query = &lab.query;
    let total = query.steps.len();
    let shown = query.shown;
    let playing = query.playing;
    let at_end = lab.at_end();

    let button = |id: &'static str,
                  icon: Icon,
                  text: &'static str,
                  label: &'static str,
                  disabled: bool,
                  action: Action| {
        let onclick = dispatch.reform(move |_: MouseEvent| action.clone());
        html! {
            <button type="button" {id} class="step-button" aria-label={label} title={label} {disabled} {onclick}>
                { icon.svg() }
                <span class="text">{ text }</span>
            </button>
        }
    };

    let delay = query.delay_ms.clamp(DELAY_MIN, DELAY_MAX);
    let on_speed = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(speed) = value.parse::<u32>() {
                dispatch.emit(Action::SetDelay(delay_from_speed(speed)));
            }
        })
    };
    let play_action = Action::Play(!playing);
    let on_play = dispatch.reform(move |_: MouseEvent| play_action.clone());

    html! {
        <div class={classes!("stepper-row", lab.predicting.is_some().then_some("predicting"))}>
            <div class="narration">
                <p id="step-status" class="step-status" aria-live="polite" aria-atomic="true">
                    { status_text(lab) }
                </p>
                // While comparing, the two columns tell each run's steps;
                // the full story of this one is in the Explanation tab.
                if let Some(step) = lab.current_step().filter(|_| !lab.compare) {
                    <p id="step-why" class="step-why">{ step.explanation() }</p>
                    if let Some(note) = ns_set_note(lab, step) {
                        <p id="step-ns-set" class="step-why ns-set">{ note }</p>
                    }
                }
                { predict_panel(lab, dispatch) }
                if let Some(note) = cache_note(lab) {
                    <p id="cache-note" class="cache-note">
                        { note }
                        { " " }
                        <button type="button" id="cache-note-flush" onclick={dispatch.reform(|_: MouseEvent| Action::FlushCache)}>
                            { "Flush the cache" }
                        </button>
                    </p>
                }
            </div>
            <progress
                class="step-progress"
                max={total.max(1).to_string()}
                value={shown.to_string()}
                aria-hidden="true"
            />
            <div class="stepper" role="group" aria-label="Step through the resolution">
                { button("step-reset", Icon::Reset, "Reset", "Reset to the start", shown == 0 && !playing, Action::Reset) }
                { button("step-back", Icon::Back, "Back", "Back one step", shown == 0, Action::StepBack) }
                { button("step-forward", Icon::Step, "Step", "Step forward", at_end, Action::Step) }
                { button("step-run", Icon::Run, "Run to end", "Run to end", at_end, Action::Run) }
                <button
                    type="button"
                    id="step-play"
                    class={classes!("step-button", "play", playing.then_some("playing"))}
                    aria-label="Autoplay"
                    title="Autoplay: one step at a time"
                    aria-pressed={if playing { "true" } else { "false" }}
                    disabled={total == 0}
                    onclick={on_play}
                >
                    { Icon::Play.svg() }
                    <span class="text">{ "Autoplay" }</span>
                    <span class="play-state" aria-hidden="true">{ if playing { " on" } else { "" } }</span>
                </button>
                <button
                    type="button"
                    id="predict-toggle"
                    class={classes!("step-button", lab.predicting.is_some().then_some("predicting"))}
                    aria-label="Predict the next step"
                    title="Predict mode: before each step, guess what happens next"
                    aria-pressed={if lab.predicting.is_some() { "true" } else { "false" }}
                    onclick={dispatch.reform({
                        let on = lab.predicting.is_none();
                        move |_: MouseEvent| Action::SetPredicting(on)
                    })}
                >
                    { Icon::Predict.svg() }
                    <span class="text">{ "Predict" }</span>
                </button>
                <div class="speed">
                    <label for="play-speed">{ "Autoplay speed" }</label>
                    <span class="speed-end" aria-hidden="true">{ "slower" }</span>
                    <input
                        type="range"
                        id="play-speed"
                        min={DELAY_MIN.to_string()}
                        max={DELAY_MAX.to_string()}
                        step="100"
                        value={speed_from_delay(delay).to_string()}
                        aria-valuetext={format!("{} between steps", seconds_text(delay))}
                        oninput={on_speed}
                    />
                    <span class="speed-end" aria-hidden="true">{ "faster" }</span>
                </div>
            </div>
        </div>
    }
}

/// The stepper's icons (⏮ ◀ ▶ ⏭ ⏯), drawn rather than typed: the
/// media-control characters are missing from many fonts and show as boxes.
#[derive(Clone, Copy)]
enum Icon {
    Reset,
    Back,
    Step,
    Run,
    Play,
    Predict,
}

impl Icon {
    fn svg(self) -> Html {
        let shapes = match self {
            Icon::Reset => {
                html! { <><rect x="2" y="3" width="2" height="10" /><path d="M14 3 5 8l9 5z" /></> }
            }
            Icon::Back => html! { <path d="M13 3 4 8l9 5z" /> },
            Icon::Step => html! { <path d="m3 3 9 5-9 5z" /> },
            Icon::Run => {
                html! { <><path d="m2 3 9 5-9 5z" /><rect x="12" y="3" width="2" height="10" /></> }
            }
            Icon::Predict => html! {
                <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 12.2a1.1 1.1 0 1 1 0-2.2 1.1 1.1 0 0 1 0 2.2zm1.2-4.4v.7H6.9V8c0-1.6 2.2-1.9 2.2-3 0-.6-.5-1-1.1-1-.7 0-1.2.4-1.4 1.1l-2-.6C5 3 6.3 2 8.1 2 9.9 2 11.3 3 11.3 4.8c0 2-2.1 2.4-2.1 4z" />
            },
            Icon::Play => html! {
                <><path d="m1 3 7 5-7 5z" /><rect x="9.5" y="3" width="2" height="10" /><rect x="13" y="3" width="2" height="10" /></>
            },
        };
        html! {
            <svg class="icon" viewBox="0 0 16 16" width="16" height="16" fill="currentColor" aria-hidden="true" focusable="false">
                { shapes }
            </svg>
        }
    }
}

/// `"0.9 s"` for 900 ms.
fn seconds_text(ms: u32) -> String {
    format!("{}.{} s", ms / 1_000, ms % 1_000 / 100)
}

/// The speed slider runs slower → faster, the delay the other way: speed
/// `DELAY_MIN + DELAY_MAX - delay`, so both span the same range.
pub fn speed_from_delay(delay_ms: u32) -> u32 {
    DELAY_MIN + DELAY_MAX - delay_ms.clamp(DELAY_MIN, DELAY_MAX)
}

pub fn delay_from_speed(speed: u32) -> u32 {
    DELAY_MIN + DELAY_MAX - speed.clamp(DELAY_MIN, DELAY_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_slider_is_the_delay_reversed() {
        assert_eq!(speed_from_delay(100), 3_000);
        assert_eq!(speed_from_delay(3_000), 100);
        assert_eq!(delay_from_speed(speed_from_delay(900)), 900);
        // Out-of-range delays pin the slider to an end.
        assert_eq!(speed_from_delay(5_000), 100);
        assert_eq!(seconds_text(900), "0.9 s");
        assert_eq!(seconds_text(2_500), "2.5 s");
    }
}
