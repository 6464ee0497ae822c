//! The lesson panel: what the open scenario teaches, the query to try, how
//! each resolver preset ends it, and the fix-it challenge, checked again on
//! every edit, with hints one at a time and the fix kept back until asked.

use yew::prelude::*;

use super::LabProps;
use super::state::{Action, CourseEdit, Lab};
use crate::sim::lesson::Lesson;
use crate::sim::prose::duration;
use crate::sim::resolver::Preset;

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LabProps) -> Html {
    let lab = &props.lab;
    let Some(lesson) = lab.loaded.scenario.lesson.as_ref() else {
        return Html::default();
    };
    let dispatch = &props.dispatch;
    let try_query = {
        let dispatch = dispatch.clone();
        let query = lesson.query.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SetQueryName(query.name.to_string()));
            dispatch.emit(Action::SetQueryType(query.rtype));
            dispatch.emit(Action::Run);
        })
    };
    html! {
        <section class="lesson-panel" id="lesson" aria-labelledby="lesson-heading">
            <h2 id="lesson-heading">
                { lab.loaded.scenario.title.clone() }
                { " " }
                <span class="tag">{ lesson.category.title() }</span>
            </h2>
            <p class="story">{ lesson.story.clone() }</p>
            <details class="look-for">
                <summary>{ "What to look for" }</summary>
                <p>{ lesson.look_for.clone() }</p>
            </details>
            <div class="try">
                <span>{ "Try " }</span>
                <code>{ format!("{} {}", lesson.query.name, lesson.query.rtype) }</code>
                { " " }
                <button type="button" id="lesson-try" onclick={try_query}>{ "Resolve it" }</button>
            </div>
            { expectations(lesson, "Expected outcomes of the lesson's query", false) }
            { challenge(lab, lesson, dispatch) }
            { course_steps(lab, dispatch) }
        </section>
    }
}

/// While a course is taken: where this lesson stands in it, and the way to
/// the lessons before and after.
fn course_steps(lab: &Lab, dispatch: &Callback<Action>) -> Html {
    // Only on the course's own lesson, not on a world opened since.
    let scenario = &lab.loaded.scenario;
    let Some((course, at)) = lab
        .course
        .as_ref()
        .and_then(|course| course.at.map(|at| (course, at)))
        .filter(|(course, at)| {
            course.lessons.get(*at).is_some_and(|lesson| {
                lesson.title == scenario.title && lesson.lesson == scenario.lesson
            })
        })
    else {
        return Html::default();
    };
    let go =
        |index: usize| dispatch.reform(move |_: MouseEvent| Action::Course(CourseEdit::Go(index)));
    let count = course.lessons.len();
    html! {
        <nav class="course-steps" id="course-steps" aria-label="Course">
            <p>{ format!("\"{}\": lesson {} of {count}", course.title, at + 1) }</p>
            if at > 0 {
                <button type="button" id="course-previous" onclick={go(at - 1)}>{ "◂ Previous lesson" }</button>
            }
            if at + 1 < count {
                <button type="button" id="course-next" onclick={go(at + 1)}>{ "Next lesson ▸" }</button>
            }
        </nav>
    }
}

/// How the query ends under each preset, as the lesson says: under
/// `caption`, shown or for screen readers only.
pub(super) fn expectations(lesson: &Lesson, caption: &'static str, caption_shown: bool) -> Html {
    html! {
        <table class="expectations">
            <caption class={classes!((!caption_shown).then_some("visually-hidden"))}>{ caption }</caption>
            <tbody>
                { for Preset::ALL.iter().map(|preset| html! {
                    <tr>
                        <th scope="row">{ preset.to_string() }</th>
                        <td>{ lesson.expect.get(*preset).to_string() }</td>
                        if let Some(then) = &lesson.then {
                            <td class="muted">{ format!("{} later: {}", duration(then.advance_seconds), then.expect_after.get(*preset)) }</td>
                        }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

fn challenge(lab: &Lab, lesson: &Lesson, dispatch: &Callback<Action>) -> Html {
    let (Some(challenge), Some(status)) = (&lesson.challenge, &lab.loaded.challenge) else {
        return Html::default();
    };
    let passed = status.passed();
    let hints = &challenge.hints[..lab.hints_shown.min(challenge.hints.len())];
    let more_hints = lab.hints_shown < challenge.hints.len();
    let emit = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    html! {
        <div class={classes!("challenge", passed.then_some("passed"))} id="challenge">
            <h3>{ "✎ Fix it" }</h3>
            <p>{ challenge.goal.clone() }</p>
            <p id="challenge-status" class="challenge-status" role="status" aria-live="polite">
                { if passed { "✔ " } else { "✖ " } }
                { status.summary() }
            </p>
            <ul class="challenge-checks">
                { for Preset::ALL.iter().map(|preset| {
                    let ok = status.resolves(*preset);
                    html! { <li>{ format!("{} the {} resolver gets an answer", if ok { "✔" } else { "✖" }, preset) }</li> }
                }) }
                { for status.remaining.iter().map(|finding| html! { <li>{ format!("✖ still found: {}", finding.title) }</li> }) }
            </ul>
            if !hints.is_empty() {
                <ol class="hints" id="hints">
                    { for hints.iter().map(|hint| html! { <li>{ hint.clone() }</li> }) }
                </ol>
            }
            <div class="challenge-actions">
                if more_hints && !passed {
                    <button type="button" id="show-hint" onclick={emit(Action::ShowHint)}>
                        { format!("Show a hint ({} of {})", lab.hints_shown + 1, challenge.hints.len()) }
                    </button>
                }
                if !lab.fix_shown {
                    <button type="button" id="reveal-fix" onclick={emit(Action::RevealFix)}>{ "Reveal the fix" }</button>
                }
            </div>
            if lab.fix_shown {
                <div class="fix" id="fix">
                    <p>{ challenge.fix.explanation.clone() }</p>
                    if !passed {
                        <button type="button" id="apply-fix" onclick={emit(Action::ApplyFix)}>{ "Apply the fix" }</button>
                    }
                </div>
            }
        </div>
    }
}
