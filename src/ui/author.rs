//! "Make a lesson": the teacher's form over the page, the banner while a
//! fix is recorded, and, once the lesson is in the world, the ways to share
//! it: a link, a QR code drawn in the page, and the lesson's file.
//!
//! Every field writes to the state as it is typed ([`AuthorEdit`]), so
//! nothing typed is lost; what the lesson expects and whether its challenge
//! holds come from the core and are shown as they change.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::LabProps;
use super::form::{focus_on, type_options};
use super::lesson::expectations;
use super::picker::use_modal;
use super::state::{Action, AuthorEdit, Authoring, CourseEdit, Lab, distinct_kinds};
use super::toolbar::{copy_to_clipboard, download, share_url, slug};
use crate::persist::{QrDrawing, QrTooLong, encode_link, qr_code};
use crate::sim::finding::FindingKind;
use crate::sim::lesson::Category;
use crate::sim::record::RType;

#[function_component(AuthorView)]
pub fn author_view(props: &LabProps) -> Html {
    let Some(authoring) = &props.lab.authoring else {
        return Html::default();
    };
    if authoring.recording.is_some() {
        return recording_banner(&props.dispatch);
    }
    if !authoring.open {
        return Html::default();
    }
    html! { <AuthorDialog lab={props.lab.clone()} dispatch={props.dispatch.clone()} /> }
}

/// The form, as a modal `<dialog>`.
#[function_component(AuthorDialog)]
fn author_dialog(props: &LabProps) -> Html {
    let lab = &props.lab;
    let dispatch = &props.dispatch;
    let dialog = use_modal();
    // The link and its QR code once the lesson is in the world, made once
    // per world: deflating a large world and encoding the code are not for
    // every keystroke in the form.
    let saved = lab.authoring.as_ref().is_some_and(|authoring| {
        authoring
            .review
            .as_ref()
            .is_some_and(|review| lab.loaded.scenario.lesson.as_ref() == Some(&review.lesson))
    });
    let shared = {
        let scenario = Rc::clone(&lab.loaded.scenario);
        use_memo((Rc::as_ptr(&scenario) as usize, saved), move |_| {
            saved.then(|| {
                let link = share_url(&encode_link(&scenario));
                let code = qr_code(&link);
                (link, code)
            })
        })
    };
    let Some(authoring) = &lab.authoring else {
        return Html::default();
    };
    let close = dispatch.reform(|_: MouseEvent| {
        focus_after_render(&["make-lesson", "toolbar-menu"]);
        Action::Author(AuthorEdit::Close)
    });
    let on_cancel = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            focus_after_render(&["make-lesson", "toolbar-menu"]);
            dispatch.emit(Action::Author(AuthorEdit::Close));
        })
    };
    html! {
        <dialog class="author" id="author" ref={dialog} aria-labelledby="author-heading" oncancel={on_cancel}>
            <div class="author-head">
                <h2 id="author-heading">{ "Make a lesson" }</h2>
                <button type="button" id="author-close" onclick={close}>{ "✕ Close" }</button>
            </div>
            <p class="muted">{ "About the world as it is now: write what it teaches, and DNS Lab works out how the query ends." }</p>
            { words(authoring, dispatch) }
            { query(authoring, dispatch) }
            if let Some(review) = &authoring.review {
                <div id="author-expect">
                    { expectations(&review.lesson, "How the query ends here (worked out, not typed)", true) }
                </div>
            }
            { challenge(lab, authoring, dispatch) }
            { verdict(authoring) }
            <div class="author-actions">
                <button type="button" id="author-save" class="primary"
                    disabled={!authoring.review.as_ref().is_some_and(|r| r.is_ready())}
                    onclick={dispatch.reform(|_: MouseEvent| Action::Author(AuthorEdit::Save))}>
                    { "Save the lesson into this world" }
                </button>
                <button type="button" id="author-discard"
                    onclick={dispatch.reform(|_: MouseEvent| Action::Author(AuthorEdit::Discard))}>
                    { "Discard this lesson" }
                </button>
            </div>
            if let Some((link, code)) = &*shared {
                { share(lab, link, code, dispatch) }
            }
        </dialog>
    }
}

fn recording_banner(dispatch: &Callback<Action>) -> Html {
    html! {
        <div class="recording-banner" id="recording-banner" role="status">
            <span class="recording-dot" aria-hidden="true">{ "●" }</span>
            { " Recording your fix: mend the world as a learner should (undo works as usual)." }
            <button type="button" id="author-stop"
                onclick={dispatch.reform(|_: MouseEvent| Action::Author(AuthorEdit::StopRecording))}>
                { "■ Stop recording" }
            </button>
        </div>
    }
}

/// A text input or text area whose every change goes to the state.
fn text_field(
    id: &'static str,
    label: &'static str,
    value: &str,
    area: bool,
    dispatch: &Callback<Action>,
    edit: fn(String) -> AuthorEdit,
) -> Html {
    let field = if area {
        let oninput = dispatch.reform(move |e: InputEvent| {
            Action::Author(edit(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        });
        html! { <textarea {id} rows="3" value={value.to_string()} {oninput} /> }
    } else {
        let oninput = dispatch.reform(move |e: InputEvent| {
            Action::Author(edit(e.target_unchecked_into::<HtmlInputElement>().value()))
        });
        html! { <input {id} type="text" value={value.to_string()} {oninput} /> }
    };
    html! {
        <div class="author-field">
            <label for={id}>{ label }</label>
            { field }
        </div>
    }
}

fn words(authoring: &Authoring, dispatch: &Callback<Action>) -> Html {
    let on_category = dispatch.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        let category = Category::ALL
            .into_iter()
            .find(|c| c.title() == value)
            .unwrap_or(Category::Basics);
        Action::Author(AuthorEdit::Category(category))
    });
    html! {
        <>
            { text_field("author-title", "Title", &authoring.title, false, dispatch, AuthorEdit::Title) }
            <div class="author-field">
                <label for="author-category">{ "Category" }</label>
                <select id="author-category" onchange={on_category}>
                    { for Category::ALL.iter().map(|c| html! {
                        <option value={c.title()} selected={*c == authoring.category}>{ c.title() }</option>
                    }) }
                </select>
            </div>
            { text_field("author-story", "Story: what happened, in two to four sentences", &authoring.story, true, dispatch, AuthorEdit::Story) }
            { text_field("author-look-for", "What to look for in the graph, the trace or the diagnostics", &authoring.look_for, true, dispatch, AuthorEdit::LookFor) }
        </>
    }
}

fn query(authoring: &Authoring, dispatch: &Callback<Action>) -> Html {
    let on_type = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(rtype) = value.parse::<RType>() {
                dispatch.emit(Action::Author(AuthorEdit::QueryType(rtype)));
            }
        })
    };
    let on_advance = dispatch.reform(|e: InputEvent| {
        let value = e.target_unchecked_into::<HtmlInputElement>().value();
        Action::Author(AuthorEdit::AdvanceSeconds(
            value.trim().parse().unwrap_or(0),
        ))
    });
    html! {
        <fieldset class="author-query">
            <legend>{ "The query to try" }</legend>
            { text_field("author-query-name", "Name", &authoring.query_name, false, dispatch, AuthorEdit::QueryName) }
            <div class="author-field">
                <label for="author-query-type">{ "Type" }</label>
                <select id="author-query-type" onchange={on_type}>
                    { type_options(authoring.query_type, &[]) }
                </select>
            </div>
            <div class="author-field">
                <label for="author-advance">{ "Then again after the clock moves this many seconds (0: no)" }</label>
                <input id="author-advance" type="number" min="0" step="60"
                    value={authoring.advance_seconds.to_string()} oninput={on_advance} />
            </div>
        </fieldset>
    }
}

fn checkbox(id: String, label: String, checked: bool, on: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        on.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
    });
    html! {
        <label class="author-check" for={id.clone()}>
            <input {id} type="checkbox" {checked} {onchange} />
            { label }
        </label>
    }
}

fn challenge(lab: &Lab, authoring: &Authoring, dispatch: &Callback<Action>) -> Html {
    let on =
        |edit: fn(bool) -> AuthorEdit| dispatch.reform(move |on: bool| Action::Author(edit(on)));
    let present = distinct_kinds(&lab.loaded.findings);
    let others: Vec<FindingKind> = FindingKind::ALL
        .into_iter()
        .filter(|kind| kind.is_mistake() && !present.contains(kind))
        .collect();
    let title_of = |kind: FindingKind| {
        lab.loaded
            .findings
            .iter()
            .find(|f| f.kind == kind)
            .map_or_else(|| kind.id().to_string(), |f| f.title.clone())
    };
    html! {
        <fieldset class="author-challenge">
            <legend>{ "A fix-it challenge" }</legend>
            { checkbox("author-challenge".into(), "The learner mends this world".into(), authoring.challenge, on(AuthorEdit::Challenge)) }
            if authoring.challenge {
                { text_field("author-goal", "Goal, in one sentence", &authoring.goal, false, dispatch, AuthorEdit::Goal) }
                { checkbox("author-must-resolve".into(), "The query must end in an answer under both presets".into(), authoring.must_resolve, on(AuthorEdit::MustResolve)) }
                if !present.is_empty() {
                    <p class="author-sub">{ "Findings that must be gone" }</p>
                    { for present.iter().map(|&kind| {
                        let toggle = dispatch.reform(move |on: bool| Action::Author(AuthorEdit::FindingGone(kind, on)));
                        checkbox(format!("author-gone-{}", kind.id()), title_of(kind), authoring.findings_gone.contains(&kind), toggle)
                    }) }
                }
                <details class="author-absent">
                    <summary>{ format!("Findings a careless fix must not create ({} chosen)", authoring.findings_absent.len()) }</summary>
                    { for others.iter().map(|&kind| {
                        let toggle = dispatch.reform(move |on: bool| Action::Author(AuthorEdit::FindingAbsent(kind, on)));
                        checkbox(format!("author-absent-{}", kind.id()), kind.id().to_string(), authoring.findings_absent.contains(&kind), toggle)
                    }) }
                </details>
                { for (0..3).map(|i| hint_field(i, &authoring.hints[i], dispatch)) }
                { text_field("author-fix-explanation", "The fix, explained", &authoring.fix_explanation, true, dispatch, AuthorEdit::FixExplanation) }
                { recorded_fix(authoring, dispatch) }
            }
        </fieldset>
    }
}

fn hint_field(index: usize, value: &str, dispatch: &Callback<Action>) -> Html {
    let id = format!("author-hint-{}", index + 1);
    let oninput = dispatch.reform(move |e: InputEvent| {
        Action::Author(AuthorEdit::Hint(
            index,
            e.target_unchecked_into::<HtmlInputElement>().value(),
        ))
    });
    html! {
        <div class="author-field">
            <label for={id.clone()}>{ format!("Hint {}{}", index + 1, if index == 0 { ", a nudge" } else if index == 2 { ", nearly the answer" } else { "" }) }</label>
            <input {id} type="text" value={value.to_string()} {oninput} />
        </div>
    }
}

fn recorded_fix(authoring: &Authoring, dispatch: &Callback<Action>) -> Html {
    html! {
        <div class="author-fix" id="author-fix">
            if authoring.fix.is_empty() {
                <p>{ "No fix recorded yet. Record it by doing it: the world comes back as the lesson ships it when you stop." }</p>
            } else {
                <p>{ format!("Your fix, recorded ({}):", authoring.fix.len()) }</p>
                <ol class="author-edits">
                    { for authoring.fix.iter().map(|edit| html! { <li>{ edit.summary() }</li> }) }
                </ol>
            }
            <button type="button" id="author-record"
                onclick={dispatch.reform(|_: MouseEvent| {
                    focus_after_render(&["author-stop"]);
                    Action::Author(AuthorEdit::StartRecording)
                })}>
                { if authoring.fix.is_empty() { "● Record my fix" } else { "● Record my fix again" } }
            </button>
        </div>
    }
}

/// Whether the lesson holds, and what stands in the way.
fn verdict(authoring: &Authoring) -> Html {
    let Some(review) = &authoring.review else {
        return html! {
            <p class="author-verdict" id="author-verdict" role="status">
                { "✖ The query name is not a domain name." }
            </p>
        };
    };
    let problems = review.problems();
    html! {
        <div class="author-verdict" id="author-verdict" role="status" aria-live="polite">
            if let Some(shipped) = &review.shipped {
                <p>{ format!("{} As shipped, the challenge {}.", if shipped.passed() { "✖" } else { "✔" }, if shipped.passed() { "passes already" } else { "fails, as it should" }) }</p>
            }
            if let Some(fixed) = &review.fixed {
                <p>{ format!("{} After your fix: {}", if fixed.passed() { "✔" } else { "✖" }, fixed.summary()) }</p>
            }
            if problems.is_empty() {
                <p class="ready">{ "✔ Ready: save it into this world, then share it." }</p>
            } else {
                <ul class="author-problems">
                    { for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                </ul>
            }
        </div>
    }
}

/// Once the world carries the lesson as written: its link, QR code and file.
fn share(
    lab: &Lab,
    link: &str,
    code: &Result<QrDrawing, QrTooLong>,
    dispatch: &Callback<Action>,
) -> Html {
    let scenario = Rc::clone(&lab.loaded.scenario);
    let copy = {
        let (link, dispatch) = (link.to_string(), dispatch.clone());
        Callback::from(move |_: MouseEvent| copy_to_clipboard(&link, &dispatch))
    };
    let file = {
        let scenario = Rc::clone(&scenario);
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}.dnslab.json", slug(&scenario.title)),
                "application/json",
                &scenario.to_json(),
            )
        })
    };
    html! {
        <section class="author-share" id="author-share" aria-labelledby="author-share-heading">
            <h3 id="author-share-heading">{ "Share the lesson" }</h3>
            <div class="author-field">
                <label for="author-link">{ format!("Link ({} characters; the lesson travels in the link itself)", link.len()) }</label>
                <input id="author-link" type="text" readonly=true value={link.to_string()} />
            </div>
            <div class="author-actions">
                <button type="button" id="author-copy" onclick={copy}>{ "Copy the link" }</button>
                <button type="button" id="author-file" onclick={file}>{ "⤓ Download the lesson file" }</button>
            </div>
            { match code {
                Ok(code) => {
                    let size = code.width + 8;
                    html! {
                        <svg id="author-qr" class="author-qr" role="img" aria-label="QR code of the lesson's link"
                            viewBox={format!("-4 -4 {size} {size}")} shape-rendering="crispEdges">
                            <rect x="-4" y="-4" width={size.to_string()} height={size.to_string()} fill="#fff" />
                            <path d={code.path.clone()} fill="#000" />
                        </svg>
                    }
                }
                Err(too_long) => html! { <p class="author-qr-too-long" id="author-qr-too-long">{ format!("No QR code: {too_long}.") }</p> },
            } }
            <div class="author-actions">
                <button type="button" id="course-add"
                    onclick={dispatch.reform(|_: MouseEvent| Action::Course(CourseEdit::Add))}>
                    { "+ Add it to a course" }
                </button>
            </div>
            { course(lab, dispatch) }
        </section>
    }
}

/// The course being gathered: its title, its lessons in order (each can
/// move up or leave), and its file.
fn course(lab: &Lab, dispatch: &Callback<Action>) -> Html {
    let Some(course) = &lab.course else {
        return Html::default();
    };
    let on_title = dispatch.reform(|e: InputEvent| {
        Action::Course(CourseEdit::Title(
            e.target_unchecked_into::<HtmlInputElement>().value(),
        ))
    });
    let file = {
        let course = course.course();
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}.dnslab-course.json", slug(&course.title)),
                "application/json",
                &course.to_json(),
            )
        })
    };
    let count = course.lessons.len();
    html! {
        <div class="author-course" id="author-course">
            <h3>{ "The course" }</h3>
            <div class="author-field">
                <label for="course-title">{ "Course title" }</label>
                <input id="course-title" type="text" value={course.title.clone()} oninput={on_title} />
            </div>
            <ol class="course-lessons">
                { for course.lessons.iter().enumerate().map(|(i, lesson)| html! {
                    <li>
                        <span>{ lesson.title.clone() }</span>
                        <button type="button" aria-label={format!("Move \"{}\" up", lesson.title)} disabled={i == 0}
                            onclick={dispatch.reform(move |_: MouseEvent| Action::Course(CourseEdit::MoveUp(i)))}>{ "↑" }</button>
                        <button type="button" aria-label={format!("Take \"{}\" out of the course", lesson.title)}
                            onclick={dispatch.reform(move |_: MouseEvent| Action::Course(CourseEdit::Remove(i)))}>{ "✕" }</button>
                    </li>
                }) }
            </ol>
            <button type="button" id="course-file" onclick={file}>
                { format!("⤓ Download the course file ({count} {})", if count == 1 { "lesson" } else { "lessons" }) }
            </button>
        </div>
    }
}

/// Moves the focus to the first of `ids` that takes it, once the page has
/// been drawn again: where it goes when the dialog that held it closes (the
/// button that opened it, folded into the menu on a phone, or the recording
/// banner's Stop), so keyboard users are not dropped at the page's start.
fn focus_after_render(ids: &'static [&'static str]) {
    gloo::timers::callback::Timeout::new(0, move || {
        for id in ids {
            focus_on(id);
            let focused = gloo::utils::document()
                .active_element()
                .is_some_and(|active| active.id() == *id);
            if focused {
                break;
            }
        }
    })
    .forget();
}
