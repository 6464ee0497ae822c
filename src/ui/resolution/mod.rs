//! The resolution panel: a learner steps through one iterative resolution the
//! way `dig +trace` shows it, with every decision explained.
//!
//! The panel only reads [`Lab`] and dispatches [`Action`]s; stepping, playing,
//! the clock and the cache all live in the reducer. It has two parts: the
//! query row (name, type, resolver, seed) and four tabs over the steps shown
//! so far: the dig-style trace, the explanations, the current message as dig
//! and as wire bytes, and the cache. The step controls and the current step's
//! narration are [`super::stepper`], under the graph.
//!
//! The text the tabs (and the stepper) show is built by the plain functions
//! of [`words`], so it is tested natively. Names and record data are always
//! rendered as text nodes, never as markup.

use std::fmt::Write;

use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::LabProps;
use super::form::type_options;
use super::state::{Action, Lab, Tab};
use crate::sim::cut;
use crate::sim::dnssec::validate::Security;
use crate::sim::name::Name;
use crate::sim::record::{RType, Record};
use crate::sim::resolver::explain::{
    address_source_text, decision_words, event_kind, glue_verdict_text, not_a_query, question_text,
    reply_phrase, server_source_text,
};
use crate::sim::resolver::trace::{self, dig_response, record_line};
use crate::sim::resolver::{
    CacheHit, CacheRow, Classification, Event as StepEvent, Exchange, Limit, NsAliasPolicy,
    NsSetPolicy, Preset, ResolverConfig, ServerSelection, ServerSource, Step,
};
use crate::sim::zone::NsSide;

#[cfg(test)]
mod tests;
mod words;

pub use words::*;

/// The tabs in order, with the stem of their element ids and their label.
const TABS: [(Tab, &str, &str); 4] = [
    (Tab::Trace, "trace", "Trace"),
    (Tab::Explanation, "explanation", "Explanation"),
    (Tab::Message, "message", "Message"),
    (Tab::Cache, "cache", "Cache"),
];

#[function_component(ResolutionPanel)]
pub fn resolution_panel(props: &LabProps) -> Html {
    let lab = &props.lab;
    let dispatch = &props.dispatch;
    // One ref per tab, so arrow keys can move focus along with the selection.
    let tab_refs = [
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    ];

    html! {
        <section id="resolution" class="resolution resolution-panel" aria-labelledby="resolution-heading">
            <h2 id="resolution-heading">{ "Resolution" }</h2>
            { query_row(lab, dispatch) }
            { tabs(lab, dispatch, &tab_refs) }
        </section>
    }
}

// ---------------------------------------------------------------------------
// Query row

fn query_row(lab: &Lab, dispatch: &Callback<Action>) -> Html {
    let query = &lab.query;
    let name_error = query.name_error.clone();

    let on_name = dispatch.reform(Action::SetQueryName);
    // Unparsable seeds are ignored; the input then shows the old seed again.
    let on_seed = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: String| {
            if let Ok(seed) = text.trim().parse::<u64>() {
                dispatch.emit(Action::SetSeed(seed));
            }
        })
    };
    let on_type = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let chosen = selected_value(&e).and_then(|v| v.parse::<RType>().ok());
            if let Some(rtype) = chosen {
                dispatch.emit(Action::SetQueryType(rtype));
            }
        })
    };
    let on_preset = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let chosen = selected_value(&e).and_then(|v| preset_from_value(&v));
            if let Some(preset) = chosen {
                dispatch.emit(Action::SetPreset(preset));
            }
        })
    };
    let on_minimise = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            dispatch.emit(Action::SetQnameMinimisation(checked));
        })
    };
    let on_anchor = dispatch.reform(Action::SetTrustAnchor);
    let on_validate = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            dispatch.emit(Action::SetValidation(checked));
        })
    };
    // Enter in a field commits it (see `CommitInput`); the form itself never
    // navigates.
    let on_submit = Callback::from(|e: SubmitEvent| e.prevent_default());

    let preset_options = [Preset::UnboundLike, Preset::BindLike].map(|p| {
        html! {
            <option value={preset_value(p)} selected={p == query.preset}>{ p.to_string() }</option>
        }
    });
    let config = &query.config;
    let matching = config.with_seed(query.seed).matching_preset();
    let preset_note = match matching {
        Some(p) => format!("These are the {p} defaults."),
        None => format!(
            "Changed from the {} defaults: choose a preset again to restore them.",
            query.preset
        ),
    };

    html! {
        <form id="query-form" class="query-row" onsubmit={on_submit} aria-label="Query">
            <div class="field field-name">
                <label for="query-name">{ "Query name" }</label>
                <CommitInput
                    id="query-name"
                    kind="text"
                    value={AttrValue::from(query.name.clone())}
                    invalid={name_error.is_some()}
                    described_by={name_error.as_ref().map(|_| AttrValue::from("query-name-error"))}
                    on_commit={on_name}
                />
                if let Some(error) = name_error {
                    <p id="query-name-error" class="field-error" role="alert">{ error }</p>
                }
            </div>
            <div class="field">
                <label for="query-type">{ "Type" }</label>
                <select id="query-type" onchange={on_type}>
                    { type_options(query.rtype, &[]) }
                </select>
            </div>
            <div class="field">
                <label for="preset">{ "Resolver" }</label>
                <select id="preset" onchange={on_preset}>
                    { for preset_options }
                </select>
            </div>
            <div class="field field-seed">
                <label for="seed">{ "Seed" }</label>
                <CommitInput
                    id="seed"
                    kind="number"
                    value={AttrValue::from(query.seed.to_string())}
                    on_commit={on_seed}
                />
            </div>
            <button type="submit" class="ask" id="query-ask">{ "Ask" }</button>
            <details id="resolver-switches" class="switches">
                <summary>{ "Resolver switches" }</summary>
                <div class="switch">
                    <input
                        type="checkbox"
                        id="qname-minimisation"
                        checked={config.qname_minimisation}
                        onchange={on_minimise}
                    />
                    <label for="qname-minimisation">
                        { "QNAME minimisation (RFC 9156): tell each server only as much of the name as it needs" }
                    </label>
                </div>
                <div class="switch">
                    <input
                        type="checkbox"
                        id="dnssec-validation"
                        checked={config.validation}
                        onchange={on_validate}
                    />
                    <label for="dnssec-validation">
                        { "DNSSEC validation (RFC 4035): check every signature from the root's key down; a bogus answer becomes SERVFAIL" }
                    </label>
                </div>
                if config.validation {
                    <div class="field trust-anchor">
                        <label for="trust-anchor">
                            { "Trust anchor: the root's DNSKEY or DS record (empty: the root's own key-signing key)" }
                        </label>
                        <CommitInput
                            id="trust-anchor"
                            kind="text"
                            value={AttrValue::from(lab.loaded.scenario.trust_anchor.clone().unwrap_or_default())}
                            placeholder={AttrValue::from(". DNSKEY 257 3 13 … or . DS 12345 13 2 …")}
                            keep_draft=true
                            on_commit={on_anchor}
                        />
                    </div>
                }
                <p class="preset-note">{ preset_note }</p>
                <dl id="resolver-config" class="config">
                    { for describe_config(config).into_iter().map(|(term, text)| html! {
                        <>
                            <dt>{ term }</dt>
                            <dd>{ text }</dd>
                        </>
                    }) }
                </dl>
            </details>
        </form>
    }
}

#[derive(Properties, Clone, PartialEq)]
struct CommitInputProps {
    id: AttrValue,
    kind: AttrValue,
    /// The committed value, from the state.
    value: AttrValue,
    #[prop_or_default]
    invalid: bool,
    #[prop_or_default]
    described_by: Option<AttrValue>,
    #[prop_or_default]
    placeholder: Option<AttrValue>,
    /// Keep what was typed after committing it until the committed value
    /// changes: a commit the state refuses (text that does not load) then
    /// leaves the text in place to be mended, not wiped.
    #[prop_or_default]
    keep_draft: bool,
    on_commit: Callback<String>,
}

/// A text field that commits its value on `change` or Enter, not on every
/// keystroke. yew writes a controlled input's value back into the DOM on
/// every render, and autoplay re-renders the panel at each tick; so what the
/// user is typing is kept here until it is committed, or it would be wiped.
/// Only that uncommitted text is local: the committed value is the state's.
#[function_component(CommitInput)]
fn commit_input(props: &CommitInputProps) -> Html {
    let draft = use_state(|| None::<String>);
    let shown = (*draft)
        .clone()
        .map_or_else(|| props.value.clone(), AttrValue::from);

    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(Some(e.target_unchecked_into::<HtmlInputElement>().value()));
        })
    };
    {
        let draft = draft.clone();
        use_effect_with(props.value.clone(), move |_| draft.set(None));
    }
    let commit = {
        let draft = draft.clone();
        let on_commit = props.on_commit.clone();
        let keep_draft = props.keep_draft;
        move |value: String| {
            if !keep_draft {
                draft.set(None);
            }
            on_commit.emit(value);
        }
    };
    let onchange = {
        let commit = commit.clone();
        Callback::from(move |e: Event| {
            commit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            commit(e.target_unchecked_into::<HtmlInputElement>().value());
        }
    });
    let number = props.kind == "number";

    html! {
        <input
            id={props.id.clone()}
            type={props.kind.clone()}
            value={shown}
            min={number.then_some("0")}
            step={number.then_some("1")}
            inputmode={number.then_some("numeric")}
            spellcheck={(!number).then_some("false")}
            autocomplete="off"
            autocapitalize="none"
            aria-invalid={props.invalid.then_some("true")}
            aria-describedby={props.described_by.clone()}
            placeholder={props.placeholder.clone()}
            {oninput}
            {onchange}
            {onkeydown}
        />
    }
}

/// The value of the option chosen in the `<select>` an event came from.
/// Read through the checked `<option>` because web-sys's
/// `HtmlSelectElement` is not among the features this crate enables.
fn selected_value(event: &Event) -> Option<String> {
    let select: Element = event.target_dyn_into()?;
    select
        .query_selector("option:checked")
        .ok()
        .flatten()?
        .get_attribute("value")
}

fn preset_value(preset: Preset) -> &'static str {
    match preset {
        Preset::UnboundLike => "unbound-like",
        Preset::BindLike => "bind-like",
    }
}

fn preset_from_value(value: &str) -> Option<Preset> {
    [Preset::UnboundLike, Preset::BindLike]
        .into_iter()
        .find(|p| preset_value(*p) == value)
}

// ---------------------------------------------------------------------------
// Stepper

// ---------------------------------------------------------------------------
// Tabs

fn tabs(lab: &Lab, dispatch: &Callback<Action>, refs: &[NodeRef; 4]) -> Html {
    let current = TABS.iter().position(|(t, ..)| *t == lab.tab).unwrap_or(0);
    // WAI-ARIA tabs with automatic activation: arrows, Home and End select
    // the tab and move focus to it.
    let onkeydown = {
        let dispatch = dispatch.clone();
        let refs = refs.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" => (current + 1) % TABS.len(),
                "ArrowLeft" => (current + TABS.len() - 1) % TABS.len(),
                "Home" => 0,
                "End" => TABS.len() - 1,
                _ => return,
            };
            e.prevent_default();
            dispatch.emit(Action::SelectTab(TABS[next].0));
            if let Some(tab) = refs[next].cast::<HtmlElement>() {
                let _ = tab.focus();
            }
        })
    };

    let tab_buttons = TABS.iter().enumerate().map(|(i, (tab, stem, label))| {
        let selected = i == current;
        let onclick = dispatch.reform({
            let tab = *tab;
            move |_: MouseEvent| Action::SelectTab(tab)
        });
        html! {
            <button
                type="button"
                role="tab"
                id={format!("tab-{stem}")}
                class="tab"
                aria-selected={if selected { "true" } else { "false" }}
                aria-controls={format!("panel-{stem}")}
                tabindex={if selected { "0" } else { "-1" }}
                ref={refs[i].clone()}
                {onclick}
            >
                { *label }
            </button>
        }
    });

    let panels = TABS.iter().enumerate().map(|(i, (tab, stem, _))| {
        let selected = i == current;
        // Only the visible panel is built: the others are empty but present,
        // so every tab's aria-controls points at an element.
        let (content, focusable) = if selected {
            match tab {
                Tab::Trace => (trace_panel(lab), false),
                Tab::Explanation => (explanation_panel(lab), false),
                Tab::Message => (message_panel(lab), true),
                Tab::Cache => (cache_panel(lab, dispatch), false),
            }
        } else {
            (Html::default(), false)
        };
        html! {
            <div
                role="tabpanel"
                id={format!("panel-{stem}")}
                class="tabpanel"
                aria-labelledby={format!("tab-{stem}")}
                tabindex={focusable.then_some("0")}
                hidden={!selected}
            >
                { content }
            </div>
        }
    });

    html! {
        <div class="tabs">
            <div role="tablist" class="tablist" aria-label="Resolution views" {onkeydown}>
                { for tab_buttons }
            </div>
            { for panels }
        </div>
    }
}

/// The steps on screen.
fn shown_steps(lab: &Lab) -> &[Step] {
    let steps = &lab.query.steps;
    &steps[..lab.query.shown.min(steps.len())]
}

fn no_question(lab: &Lab) -> Html {
    html! {
        <p class="empty">
            { format!("There is nothing to resolve: “{}” is not a domain name. Fix the query name above.", lab.query.name) }
        </p>
    }
}

fn trace_panel(lab: &Lab) -> Html {
    let Some(question) = lab.question() else {
        return no_question(lab);
    };
    let steps = shown_steps(lab);
    let text = trace::render(&question, steps);
    html! {
        <>
            if steps.is_empty() {
                <p class="hint">{ "Press Step ▶ to send the first query; the trace grows one exchange at a time, as dig +trace prints it." }</p>
            }
            // The scroll box keeps its end in view as steps are added (see
            // `.scroll-end` in resolution.css), so the newest exchange shows.
            <div class="scroll-end trace-scroll" tabindex="0" role="region" aria-label="dig-style trace">
                <pre id="trace-text" class="trace">{ text }</pre>
            </div>
        </>
    }
}

/// Nested look-ups deeper than this are indented no further (the page's
/// Content-Security-Policy forbids inline styles, so depths are classes).
const MAX_INDENT: usize = 4;

fn explanation_panel(lab: &Lab) -> Html {
    let steps = shown_steps(lab);
    if steps.is_empty() {
        return html! {
            <p class="hint">{ "No step yet. Each step you take is explained here, in order." }</p>
        };
    }
    let current = steps.len() - 1;
    let items = steps.iter().enumerate().map(|(i, step)| {
        let is_current = i == current;
        let context = if step.depth == 0 {
            format!("for {}", question_text(&step.task))
        } else {
            format!(
                "nested look-up (depth {}) for {}",
                step.depth,
                question_text(&step.task)
            )
        };
        html! {
            <li
                id={format!("explain-step-{}", step.index + 1)}
                class={classes!("explain-step", is_current.then_some("current"), format!("depth-{}", step.depth.min(MAX_INDENT)))}
                aria-current={is_current.then_some("step")}
            >
                <p class="step-head">
                    <span class="step-kind">{ event_kind(&step.event) }</span>
                    <span class="step-context">{ context }</span>
                    if is_current {
                        <span class="current-marker">{ "← current step" }</span>
                    }
                </p>
                <p class="step-text">{ step.explanation() }</p>
            </li>
        }
    });
    html! {
        <div class="scroll-end" tabindex="0" role="region" aria-label="Explained steps">
            <ol id="explanation-steps" class="explanation">
                { for items }
            </ol>
        </div>
    }
}

fn message_panel(lab: &Lab) -> Html {
    let Some(step) = lab.current_step() else {
        return html! {
            <p class="hint">{ "No step yet. Step forward to see the first query, the response as dig prints it, and its bytes on the wire." }</p>
        };
    };
    let heading = format!(
        "Step {} of {}: {}",
        step.index + 1,
        lab.query.steps.len(),
        event_kind(&step.event)
    );
    let body = match &step.event {
        StepEvent::Query(exchange) => exchange_view(step, exchange),
        other => html! {
            <>
                <p class="not-a-query">{ not_a_query(other) }</p>
                <p class="step-text">{ step.explanation() }</p>
                { non_query_detail(lab, other) }
            </>
        },
    };
    html! {
        <article class="message" aria-labelledby="message-heading">
            <h3 id="message-heading">{ heading }</h3>
            { body }
        </article>
    }
}

fn exchange_view(step: &Step, exchange: &Exchange) -> Html {
    let query_note = if exchange.minimised {
        format!(
            "minimised: the resolver wants {}, but tells this server only what it needs (RFC 9156)",
            question_text(&step.task)
        )
    } else {
        "the full name the resolver is looking for".to_string()
    };
    let response = match &exchange.response {
        Some(message) => {
            let wire = message.to_wire();
            html! {
                <>
                    <h4>{ "Response, as dig prints it" }</h4>
                    <pre id="message-dig" class="dig" tabindex="0">{ dig_response(message, wire.len()) }</pre>
                    { verdict(exchange) }
                    { glue_table(exchange) }
                    <h4 id="wire-heading">
                        { format!("On the wire: {} bytes (RFC 1035 §4.1, names compressed)", wire.len()) }
                    </h4>
                    <pre id="message-wire" class="hexdump" tabindex="0" aria-labelledby="wire-heading">
                        { hex_dump(&wire) }
                    </pre>
                </>
            }
        }
        None => html! {
            <>
                <h4>{ "Response" }</h4>
                <p id="message-timeout" class="timeout">
                    { format!("No response: {} did not answer at {}, and the resolver gave up waiting (timeout). The server is down, or nothing listens at that address.", exchange.server.prose(), exchange.address) }
                </p>
                { verdict(exchange) }
            </>
        },
    };
    html! {
        <>
            <dl class="facts">
                <dt>{ "Zone asked about" }</dt>
                <dd>
                    <code class="name">{ exchange.zone.to_string() }</code>
                    { format!(" — servers {}", server_source_text(&exchange.source)) }
                </dd>
                <dt>{ "Server" }</dt>
                <dd>
                    <code class="name">{ exchange.server.to_string() }</code>
                    { " at " }
                    <code>{ exchange.address.to_string() }</code>
                    { format!(" — address {}", address_source_text(exchange)) }
                </dd>
                <dt>{ "Query" }</dt>
                <dd>
                    <code class="query-line">{ exchange.query.to_string() }</code>
                    <span class="note">{ format!(" ({query_note})") }</span>
                </dd>
            </dl>
            <p class="step-text">{ step.explanation() }</p>
            { response }
        </>
    }
}

/// How the resolver read the response and what it does next.
fn verdict(exchange: &Exchange) -> Html {
    html! {
        <dl class="facts verdict">
            <dt>{ "Classified as" }</dt>
            <dd class={classification_class(&exchange.classification)}>
                { reply_phrase(&exchange.classification) }
            </dd>
            <dt>{ "Next" }</dt>
            <dd>{ decision_words(&exchange.decision).1 }</dd>
        </dl>
    }
}

fn glue_table(exchange: &Exchange) -> Html {
    if exchange.glue.is_empty() {
        return Html::default();
    }
    // Glue is only judged for referrals: the parent is the zone asked.
    let cut = match &exchange.classification {
        Classification::Referral { cut } => cut.prose(),
        _ => String::from("the child"),
    };
    let parent = exchange.zone.prose();
    let rows = exchange.glue.iter().map(|g| {
        html! {
            <tr class={if g.used { "glue-used" } else { "glue-dropped" }}>
                <td><code>{ format!("{} {} {}", g.record.owner, g.record.rtype(), g.record.data.to_text()) }</code></td>
                <td>{ g.relation.map_or_else(|| "not a name server of the delegation".to_string(), |r| r.to_string()) }</td>
                <td>
                    <span class="verdict-mark" aria-hidden="true">{ if g.used { "✔ " } else { "✖ " } }</span>
                    { glue_verdict_text(g, &cut, &parent) }
                </td>
            </tr>
        }
    });
    html! {
        <table id="message-glue" class="glue">
            <caption>{ "Glue in the additional section, judged (RFC 9471)" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Record" }</th>
                    <th scope="col">{ "Name server's name is" }</th>
                    <th scope="col">{ "Verdict" }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Records a non-query step carries, shown as dig would.
fn non_query_detail(lab: &Lab, event: &StepEvent) -> Html {
    let text = match event {
        StepEvent::CacheHit(hit) => {
            let records: Vec<&Record> = match hit {
                CacheHit::Answer { records } => records.iter().collect(),
                CacheHit::Alias { record } => vec![record],
                CacheHit::Negative { soa, .. } => vec![soa],
                CacheHit::Delegation { ns, .. } => ns.iter().collect(),
            };
            records
                .into_iter()
                .map(record_line)
                .collect::<Vec<_>>()
                .join("\n")
        }
        StepEvent::Done(outcome) => match lab.question() {
            Some(question) => {
                let secure = lab
                    .current_step()
                    .is_some_and(|s| s.security == Some(Security::Secure));
                trace::final_answer(&question, outcome, secure)
            }
            None => return Html::default(),
        },
        _ => return Html::default(),
    };
    html! {
        <pre id="message-dig" class="dig" tabindex="0">{ text }</pre>
    }
}

fn cache_panel(lab: &Lab, dispatch: &Callback<Action>) -> Html {
    let cache = lab.cache_at_shown();
    let rows = cache.rows();
    let clock = |id: &'static str, text: &'static str, seconds: u64| {
        let onclick = dispatch.reform(move |_: MouseEvent| Action::AdvanceClock(seconds));
        html! { <button type="button" {id} class="clock-button" {onclick}>{ text }</button> }
    };
    let on_flush = dispatch.reform(|_: MouseEvent| Action::FlushCache);
    let shown = lab.query.shown;
    let whence = if shown == 0 {
        "before the first step".to_string()
    } else {
        format!("after step {shown} of {}", lab.query.steps.len())
    };

    let table = if rows.is_empty() {
        html! {
            <p id="cache-empty" class="empty">
                { format!("The cache is empty {whence}: nothing learned yet, so the resolver starts from the root hints.") }
            </p>
        }
    } else {
        html! {
            <div class="table-scroll">
                <table id="cache-table" class="cache">
                    <caption>{ format!("What the resolver remembers {whence} ({})", plural(rows.len(), "entry", "entries")) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Owner" }</th>
                            <th scope="col">{ "What" }</th>
                            <th scope="col">{ "Records" }</th>
                            <th scope="col">{ "Trust (RFC 2181 §5.4.1)" }</th>
                            <th scope="col">{ "TTL left" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows.iter().map(cache_row) }</tbody>
                </table>
            </div>
        }
    };

    html! {
        <>
            <div class="clock-row">
                <p id="cache-clock" class="clock">
                    { "Virtual clock: " }
                    <strong>{ clock_text(cache.now()) }</strong>
                    // The world's date: what signatures are valid around.
                    <span class="muted" id="world-date">{ format!(" ({})", lab.loaded.scenario.date(cache.now())) }</span>
                </p>
                <div class="clock-buttons" role="group" aria-label="Move the virtual clock forward">
                    { clock("clock-minute", "+1 minute", 60) }
                    { clock("clock-hour", "+1 hour", 3_600) }
                    { clock("clock-day", "+1 day", 86_400) }
                </div>
                <button type="button" id="cache-flush" class="flush" onclick={on_flush}>{ "Flush cache" }</button>
            </div>
            <p class="hint">
                { "Moving the clock keeps what this whole resolution learned, ages it, and asks again: cached referrals and answers save queries until their TTLs run out. Flushing forgets everything but the time." }
            </p>
            { table }
        </>
    }
}

fn cache_row(row: &CacheRow) -> Html {
    let records = row.records.iter().map(|r| {
        html! { <li><code>{ record_text(&row.owner, r) }</code></li> }
    });
    let trust = row.credibility.map_or_else(
        || "negative answer (RFC 2308)".to_string(),
        |c| c.to_string(),
    );
    html! {
        <tr>
            <th scope="row"><code class="name">{ row.owner.to_string() }</code></th>
            <td>{ row.what.clone() }</td>
            <td><ul class="cache-records">{ for records }</ul></td>
            <td>{ trust }</td>
            <td class="ttl">{ ttl_text(row.ttl_left) }</td>
        </tr>
    }
}
