//! "Compare resolvers": the query of the resolution panel stepped side by
//! side under the Unbound-like and BIND-like presets, with the same seed
//! and cache, so a class sees where the two resolvers part ways (which NS
//! set they trust, whether they follow an NS that is an alias, …).

use yew::prelude::*;

use super::LabProps;
use super::state::Action;
use crate::sim::resolver::Event;
use crate::sim::resolver::Preset;
use crate::sim::resolver::explain::{outcome_text, summary};

/// How many of each column's latest steps the panel lists.
const RECENT_STEPS: usize = 2;

#[function_component(CompareView)]
pub fn compare_view(props: &LabProps) -> Html {
    let lab = &props.lab;
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetCompare(false)))
    };
    // The stepper's position applies to both columns; each stops at its
    // end, and the stepper goes on until the longer one has ended too.
    let position = lab.query.shown + lab.compare_extra;
    // Worked out by the reducer whenever the question, world or cache
    // changes while comparing.
    let runs = lab.compare_steps.clone().unwrap_or_default();
    html! {
        <section class="compare" id="compare" aria-labelledby="compare-heading">
            <div class="compare-top">
                <h2 id="compare-heading">{ format!("Compare resolvers: {} {}", lab.query.name.trim(), lab.query.rtype) }</h2>
                <button type="button" id="compare-close" onclick={close}>{ "Close" }</button>
            </div>
            <div class="compare-columns">
                { for Preset::ALL.iter().zip(runs.iter()).map(|(preset, steps)| {
                    let visible = &steps[..position.min(steps.len())];
                    // The latest steps only, so the panel fits beside the
                    // graph and the narration; the trace keeps them all.
                    let earlier = visible.len().saturating_sub(RECENT_STEPS);
                    let recent = &visible[earlier..];
                    let done = visible.iter().rev().find_map(|s| match &s.event {
                        Event::Done(outcome) => Some(outcome_text(outcome)),
                        _ => None,
                    });
                    html! {
                        <div class="compare-column" data-preset={preset.to_string()}>
                            <h3>{ format!("{preset} ({} steps)", steps.len()) }</h3>
                            if earlier > 0 {
                                <p class="compare-earlier">{ format!("… {earlier} earlier steps") }</p>
                            }
                            <ol class="compare-steps" start={(earlier + 1).to_string()}>
                                { for recent.iter().map(|step| html! { <li>{ summary(step) }</li> }) }
                            </ol>
                            if let Some(done) = done {
                                <p class="compare-outcome">{ done }</p>
                            }
                        </div>
                    }
                }) }
            </div>
        </section>
    }
}
