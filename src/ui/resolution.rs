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
//! The text the tabs show is built by the plain functions at the bottom of
//! this module, so it is tested natively. Names and record data are always
//! rendered as text nodes, never as markup.

use std::fmt::Write;

use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::LabProps;
use super::state::{Action, Lab, Tab};
use crate::sim::authority::Question;
use crate::sim::cut;
use crate::sim::hierarchy::NsSide;
use crate::sim::name::{Name, NsHostRelation};
use crate::sim::record::{RType, Record};
use crate::sim::resolver::trace::{self, dig_response, record_line};
use crate::sim::resolver::{
    AddressSource, CacheHit, CacheRow, Classification, Decision, Event as StepEvent, Exchange,
    GlueVerdict, Limit, NsAliasPolicy, NsSetPolicy, Outcome, Preset, ResolverConfig,
    ServerSelection, ServerSource, Step,
};

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
            let chosen =
                selected_value(&e).and_then(|v| RType::ALL.into_iter().find(|t| t.as_str() == v));
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
    // Enter in a field commits it (see `CommitInput`); the form itself never
    // navigates.
    let on_submit = Callback::from(|e: SubmitEvent| e.prevent_default());

    let type_options = RType::ALL.into_iter().map(|t| {
        html! {
            <option value={t.as_str()} selected={t == query.rtype}>{ t.as_str() }</option>
        }
    });
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
                    { for type_options }
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
    let commit = {
        let draft = draft.clone();
        let on_commit = props.on_commit.clone();
        move |value: String| {
            draft.set(None);
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
                <p class="step-text">{ step.explanation.clone() }</p>
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
                <p class="step-text">{ step.explanation.clone() }</p>
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
            <p class="step-text">{ step.explanation.clone() }</p>
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
                { classification_text(&exchange.classification) }
            </dd>
            <dt>{ "Next" }</dt>
            <dd>{ decision_text(&exchange.decision) }</dd>
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
            Some(question) => trace::final_answer(&question, outcome),
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

// ---------------------------------------------------------------------------
// Plain text, tested natively below.

/// `"www.example.test A"`.
fn question_text(question: &Question) -> String {
    format!("{} {}", question.name.prose(), question.rtype)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Bytes as `xxd`/`hexdump -C` print them: an offset, 16 bytes in hex (a
/// gap after eight), and the printable ASCII ones.
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "{:04x}  ", row * 16);
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => {
                    let _ = write!(out, "{b:02x} ");
                }
                None => out.push_str("   "),
            }
            if i == 7 {
                out.push(' ');
            }
        }
        out.push_str(" |");
        out.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        }));
        out.push_str("|\n");
    }
    out
}

/// A span of seconds as days, hours, minutes and seconds, leading zero
/// units left out: `"0s"`, `"5m 0s"`, `"1d 0h 0m 7s"`.
pub fn duration_text(seconds: u64) -> String {
    let units = [
        (seconds / 86_400, "d"),
        (seconds / 3_600 % 24, "h"),
        (seconds / 60 % 60, "m"),
        (seconds % 60, "s"),
    ];
    let first = units.iter().position(|(n, _)| *n > 0).unwrap_or(3);
    units[first..]
        .iter()
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A span of seconds with every zero unit left out, for amounts that are
/// usually round: `"7d"`, `"23h"`, `"1d 1h"`, `"0s"`.
pub fn short_duration(seconds: u64) -> String {
    let full = duration_text(seconds);
    let parts: Vec<&str> = full
        .split(' ')
        .filter(|p| p.trim_start_matches('0').len() > 1)
        .collect();
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}

/// The virtual clock: time since the simulation started, `"+1h 0m 0s"`.
pub fn clock_text(seconds: u64) -> String {
    format!("+{}", duration_text(seconds))
}

/// A TTL in seconds, with a readable form once it passes a minute.
pub fn ttl_text(seconds: u32) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{seconds} s ({})", short_duration(u64::from(seconds)))
    }
}

/// A record inside a cache row, without the owner when it is the row's.
fn record_text(owner: &crate::sim::name::Name, record: &Record) -> String {
    if record.owner == *owner {
        format!("{} {}", record.rtype(), record.data.to_text())
    } else {
        format!(
            "{} {} {}",
            record.owner,
            record.rtype(),
            record.data.to_text()
        )
    }
}

/// What kind of step this is, as a short label.
pub fn event_kind(event: &StepEvent) -> &'static str {
    match event {
        StepEvent::Query(_) => "query",
        StepEvent::CacheHit(_) => "cache hit",
        StepEvent::Lookup { .. } => "nested look-up",
        StepEvent::Skip { .. } => "server skipped",
        StepEvent::GiveUp(_) => "giving up",
        StepEvent::Done(_) => "answer to the client",
    }
}

/// A classification with names in prose.
pub fn classification_text(classification: &Classification) -> String {
    match classification {
        Classification::Answer => "an answer (authoritative, AA)".into(),
        Classification::Alias { target } => format!("a CNAME to {}", target.prose()),
        Classification::Referral { cut } => format!("a referral to {}", cut.prose()),
        Classification::NXDomain => "NXDOMAIN: the name does not exist".into(),
        Classification::NoData => "NODATA: the name exists, without that type".into(),
        Classification::Lame(reason) => format!("a lame server: {reason}"),
        Classification::Timeout => "no reply (timeout)".into(),
    }
}

fn classification_class(classification: &Classification) -> &'static str {
    match classification {
        Classification::Answer | Classification::Referral { .. } | Classification::Alias { .. } => {
            "good"
        }
        Classification::NXDomain | Classification::NoData => "negative",
        Classification::Lame(_) | Classification::Timeout => "bad",
    }
}

/// What the resolver does after a response, in words.
pub fn decision_text(decision: &Decision) -> String {
    match decision {
        Decision::Finish => "this look-up is done: it has its result".into(),
        Decision::FollowReferral { cut } => {
            format!("follow the referral: ask a server of {}", cut.prose())
        }
        Decision::RevealNextLabel => {
            "no zone cut here: send the same servers one more label of the name".into()
        }
        Decision::SendFullName => "send the whole name to the same servers".into(),
        Decision::Restart { target } => {
            format!("start again at the alias target {}", target.prose())
        }
        Decision::TryAAAA => "no IPv4 address: ask for AAAA instead".into(),
        Decision::TryNextServer => "try the next server of the zone".into(),
        Decision::GiveUp => "give up: no server of the zone is left to try".into(),
    }
}

/// Where the servers of the zone being asked came from.
fn server_source_text(source: &ServerSource) -> String {
    match source {
        ServerSource::RootHints => "from the root hints".into(),
        ServerSource::Referral { parent } => format!("from a referral by {}", parent.prose()),
        ServerSource::Cache(side) => format!("from a cached NS set ({side})"),
    }
}

/// How the resolver knew the address it sent the query to.
fn address_source_text(exchange: &Exchange) -> String {
    match &exchange.address_source {
        AddressSource::RootHints => "from the root hints".into(),
        AddressSource::Glue(relation) => {
            let parent = match &exchange.source {
                ServerSource::Referral { parent } => parent.prose(),
                _ => "the parent".into(),
            };
            format!("from {relation} glue in the referral by {parent}")
        }
        AddressSource::Cache => "from the cache".into(),
        AddressSource::LookedUp => "found by a nested look-up".into(),
    }
}

/// Why a glue record was used or dropped.
pub fn glue_verdict_text(verdict: &GlueVerdict, cut: &str, parent: &str) -> String {
    match (verdict.relation, verdict.used) {
        (Some(NsHostRelation::InDomain), true) => {
            format!("used: the name server is inside {cut}, so glue is the only way to reach it")
        }
        (Some(NsHostRelation::Sibling), true) => {
            format!("used: sibling glue, inside {parent}, which may vouch for it")
        }
        (Some(NsHostRelation::Unrelated), _) => format!(
            "dropped: outside {parent}, not {parent}'s to vouch for; the resolver looks it up itself"
        ),
        (None, _) => "dropped: not one of the delegation's name servers".into(),
        (Some(_), false) => "dropped".into(),
    }
}

/// What a step that sent no query was, for the Message tab.
fn not_a_query(event: &StepEvent) -> String {
    match event {
        StepEvent::Query(_) => String::new(),
        StepEvent::CacheHit(_) => {
            "No query was sent in this step: the cache had what was needed.".into()
        }
        StepEvent::Lookup { host, .. } => format!(
            "No query was sent in this step: the resolver sets the question aside to find the address of {} first.",
            host.prose()
        ),
        StepEvent::Skip { host, .. } => format!(
            "No query was sent in this step: the resolver passes over {}.",
            host.prose()
        ),
        StepEvent::GiveUp(_) => "No query was sent in this step: this look-up gives up.".into(),
        StepEvent::Done(_) => {
            "No query was sent in this step: the resolver answers its client.".into()
        }
    }
}

/// One line for a step: what was asked of whom and what came back, or what
/// happened instead.
pub fn step_summary(step: &Step) -> String {
    let text = match &step.event {
        StepEvent::Query(exchange) => {
            let mut text = format!(
                "asked {} ({}) for {}",
                exchange.server.prose(),
                exchange.address,
                question_text(&exchange.query)
            );
            if exchange.minimised {
                text.push_str(" (minimised)");
            }
            let _ = write!(
                text,
                " → {}",
                match &exchange.classification {
                    Classification::Answer => "answer".to_string(),
                    Classification::Alias { target } => format!("CNAME to {}", target.prose()),
                    Classification::Referral { cut } => format!("referral to {}", cut.prose()),
                    Classification::NXDomain => "NXDOMAIN".into(),
                    Classification::NoData => "NODATA".into(),
                    Classification::Lame(reason) => format!("lame ({reason})"),
                    Classification::Timeout => "no reply (timeout)".into(),
                }
            );
            let next = match &exchange.decision {
                Decision::TryNextServer => Some("trying the next server".to_string()),
                Decision::GiveUp => Some("giving up".into()),
                Decision::RevealNextLabel => Some("revealing one more label".into()),
                Decision::SendFullName => Some("sending the full name".into()),
                Decision::TryAAAA => Some("trying AAAA".into()),
                Decision::Restart { target } => {
                    Some(format!("starting again at {}", target.prose()))
                }
                Decision::Finish | Decision::FollowReferral { .. } => None,
            };
            if let Some(next) = next {
                let _ = write!(text, "; {next}");
            }
            text
        }
        StepEvent::CacheHit(hit) => match hit {
            CacheHit::Answer { records } => format!(
                "cache hit: {} for {}",
                plural(records.len(), "record", "records"),
                question_text(&step.task)
            ),
            CacheHit::Alias { record } => format!(
                "cache hit: {} is an alias{}",
                record.owner.prose(),
                record
                    .data
                    .target_host()
                    .map(|t| format!(" for {}", t.prose()))
                    .unwrap_or_default()
            ),
            CacheHit::Negative { nxdomain, name, .. } => format!(
                "cache hit: {} {}",
                name.prose(),
                if *nxdomain {
                    "does not exist (NXDOMAIN)".to_string()
                } else {
                    format!("has no {} records (NODATA)", step.task.rtype)
                }
            ),
            CacheHit::Delegation { cut, side, .. } => format!(
                "from the cache: start at the delegation to {} ({side})",
                cut.prose()
            ),
        },
        StepEvent::Lookup { zone, host } => format!(
            "looking up the address of {}, a name server of {}",
            host.prose(),
            zone.prose()
        ),
        StepEvent::Skip { host, problem, .. } => format!("skipped {}: {problem}", host.prose()),
        StepEvent::GiveUp(failure) => format!("gave up: {}", failure.title()),
        StepEvent::Done(outcome) => format!("answered the client: {}", outcome_text(outcome)),
    };
    if step.depth > 0 {
        format!("[look-up of {}] {text}", question_text(&step.task))
    } else {
        text
    }
}

/// An outcome's summary; for SERVFAIL with its RFC 8914 Extended DNS Error.
pub fn outcome_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::ServFail { failure, .. } => {
            let (code, name) = failure.extended_error();
            format!("{} (Extended DNS Error {code}: {name})", outcome.summary())
        }
        _ => outcome.summary(),
    }
}

/// The status line under the stepper.
pub fn status_text(lab: &Lab) -> String {
    if let Some(error) = &lab.query.name_error {
        return format!("Cannot resolve: the query name is invalid ({error}).");
    }
    if lab.query.pending {
        return format!(
            "Resolving {}…",
            lab.question()
                .map(|q| question_text(&q))
                .unwrap_or_default()
        );
    }
    let total = lab.query.steps.len();
    match lab.current_step() {
        None => format!(
            "Ready: {} to resolve {}. Press Step ▶ to send the first query.",
            plural(total, "step", "steps"),
            lab.question()
                .map(|q| question_text(&q))
                .unwrap_or_default()
        ),
        Some(step) if lab.compare_extra > 0 => format!(
            "step {} of {} in Compare: the {} run ended at step {total} ({}); the other goes on.",
            lab.query.shown + lab.compare_extra,
            total + lab.compare_overrun(),
            lab.query.preset,
            step_summary(step)
        ),
        Some(step) => format!(
            "step {} of {total}: {}",
            lab.query.shown,
            step_summary(step)
        ),
    }
}

/// Which of a mismatched cut's two NS sets the current step works from, and
/// why: the registrar's, from a referral, until the resolver has asked the
/// zone itself; then the zone's own, cached from its answers and ranked
/// above the referral (RFC 2181 §5.4.1). `None` when the step uses no NS set
/// or the cut's two sides agree.
pub fn ns_set_note(lab: &Lab, step: &Step) -> Option<String> {
    let (zone, side, how) = match &step.event {
        StepEvent::Query(exchange) => match &exchange.source {
            ServerSource::RootHints => return None,
            ServerSource::Referral { parent } => (
                &exchange.zone,
                NsSide::Parent,
                format!("from {}'s referral", parent.prose()),
            ),
            ServerSource::Cache(side) => (&exchange.zone, *side, "from its cache".to_string()),
        },
        StepEvent::CacheHit(CacheHit::Delegation { cut, side, .. }) => {
            (cut, *side, "from its cache".to_string())
        }
        _ => return None,
    };
    let comparison = cut::compare(&lab.loaded.world, &lab.loaded.hierarchy, zone)?;
    if !comparison.differs() {
        return None;
    }
    let list = |side: NsSide| {
        comparison
            .listed_by(side)
            .map(Name::prose)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (registrar, own) = (list(NsSide::Parent), list(NsSide::Child));
    let zone = zone.prose();
    Some(match side {
        NsSide::Parent => format!(
            "NS set: the registrar's for {zone} ({registrar}), {how}. The zone itself lists {own}: once the resolver has asked the zone, it caches that set and switches to it."
        ),
        NsSide::Child => format!(
            "NS set: {zone}'s own ({own}), {how}, learned from the zone's answers; it outranks the registrar's ({registrar}) until its TTL runs out (RFC 2181 §5.4.1)."
        ),
    })
}

/// When what the resolver remembers changes how this resolution ends: how a
/// resolver with an empty cache would end instead, and why they differ.
pub fn cache_note(lab: &Lab) -> Option<String> {
    let fresh = lab.query.empty_cache_outcome.as_ref()?;
    let when = if lab.query.cache_predates_edit {
        "remembers what it learned before your last edit"
    } else {
        "remembers earlier lookups"
    };
    Some(format!(
        "This resolver {when}; with an empty cache it would get {}.",
        outcome_text(fresh)
    ))
}

/// The configuration beyond the preset name, one plain sentence per switch.
pub fn describe_config(config: &ResolverConfig) -> Vec<(&'static str, String)> {
    let limits = &config.limits;
    let limit = |l: Limit| format!("{} {}", l.value(limits), l.counts());
    vec![
        (
            "Server selection",
            match config.selection {
                ServerSelection::ListedOrder => {
                    "asks a zone's servers in the order the NS records list them".to_string()
                }
                ServerSelection::RoundRobin => {
                    "round robin: each new query to a zone starts one server further along".into()
                }
                ServerSelection::Random => {
                    "picks a zone's server at random, from the seed: the same seed gives the same choices".into()
                }
            },
        ),
        (
            "NS set",
            match config.ns_set {
                NsSetPolicy::ChildCentric => {
                    "child-centric: once seen, the zone's own NS records replace the parent's referral".to_string()
                }
                NsSetPolicy::ParentCentric => {
                    "parent-centric: only the parent's referral NS records are used".into()
                }
            },
        ),
        (
            "Name server aliases",
            match config.ns_alias {
                NsAliasPolicy::Follow => {
                    "a name server whose name is a CNAME is followed to its target".to_string()
                }
                NsAliasPolicy::Skip => {
                    "a name server whose name is a CNAME is skipped (RFC 2181 §10.3)".into()
                }
            },
        ),
        (
            "NXDOMAIN",
            if config.nxdomain_cut {
                "covers every name below it too (RFC 8020)".to_string()
            } else {
                "covers only the name asked about".into()
            },
        ),
        (
            "Sibling glue",
            if config.sibling_glue {
                "used: an address the parent adds for a name server elsewhere under it is trusted".to_string()
            } else {
                "set aside: such name servers are looked up like any other (BIND 9.18)".into()
            },
        ),
        (
            "Referral to the zone asked",
            if config.scrub_same_zone_referral {
                "its NS set is dropped as unsolicited and the empty rest read as NODATA (Unbound)".to_string()
            } else {
                "the server is lame; the next one is tried".into()
            },
        ),
        (
            "CNAME restart limit",
            if config.restart_limit_keeps_chain {
                "the SERVFAIL carries the CNAMEs followed so far (BIND)".to_string()
            } else {
                "the SERVFAIL has an empty answer section".into()
            },
        ),
        (
            "Limits",
            format!(
                "at most {}, {}, {}, {} deep, {}; up to {} labels revealed one at a time",
                limit(Limit::Queries),
                limit(Limit::Referrals),
                limit(Limit::TargetFetches),
                limit(Limit::DependencyDepth),
                limit(Limit::CnameRestarts),
                limits.max_minimise_count
            ),
        ),
        (
            "Caching",
            format!(
                "anything for at most {}, negative answers for at most {}",
                short_duration(u64::from(config.max_cache_ttl)),
                short_duration(u64::from(config.max_negative_ttl))
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::resolver::Failure;
    use crate::sim::scenario::Behaviour;
    use crate::sim::scenarios::default_scenario;

    fn stepped(lab: &Lab, n: usize) -> Lab {
        (0..n).fold(lab.clone(), |lab, _| lab.apply(Action::Step))
    }

    #[test]
    fn hex_dump_rows_offsets_and_ascii() {
        assert_eq!(hex_dump(&[]), "");
        let bytes: Vec<u8> = (0..20u8).map(|i| b'a' + i).collect();
        let dump = hex_dump(&bytes);
        let lines: Vec<&str> = dump.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            "0000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|"
        );
        // A short last row keeps the ASCII column aligned.
        assert_eq!(
            lines[1],
            "0010  71 72 73 74                                       |qrst|"
        );
        assert_eq!(lines[0].find('|'), lines[1].find('|'));
        assert_eq!(
            hex_dump(&[0, 0x7f, b' ', 0xc0])
                .lines()
                .next()
                .unwrap()
                .rsplit('|')
                .nth(1),
            Some(".. .")
        );
    }

    #[test]
    fn hex_dump_of_a_real_message_has_its_length() {
        let lab = stepped(&Lab::default(), 1);
        let exchange = lab
            .current_step()
            .and_then(Step::exchange)
            .expect("a query");
        let wire = exchange.response.as_ref().expect("a reply").to_wire();
        let dump = hex_dump(&wire);
        assert_eq!(dump.lines().count(), wire.len().div_ceil(16));
        assert_eq!(Some(wire.len()), exchange.response_size);
    }

    #[test]
    fn clock_and_durations() {
        assert_eq!(clock_text(0), "+0s");
        assert_eq!(clock_text(59), "+59s");
        assert_eq!(clock_text(60), "+1m 0s");
        assert_eq!(clock_text(3_600), "+1h 0m 0s");
        assert_eq!(clock_text(86_400 + 3_600 + 61), "+1d 1h 1m 1s");
        assert_eq!(duration_text(2 * 86_400), "2d 0h 0m 0s");
        assert_eq!(ttl_text(30), "30 s");
        assert_eq!(ttl_text(300), "300 s (5m)");
        assert_eq!(ttl_text(90_000), "90000 s (1d 1h)");
        assert_eq!(short_duration(0), "0s");
        assert_eq!(short_duration(604_800), "7d");
        assert_eq!(short_duration(3_601), "1h 1s");
        assert_eq!(short_duration(10), "10s");
    }

    #[test]
    fn status_before_any_step_invites_a_step() {
        let lab = Lab::default();
        let status = status_text(&lab);
        assert!(status.starts_with("Ready: "), "{status}");
        assert!(status.contains("www.example.test A"), "{status}");
    }

    #[test]
    fn status_while_the_first_resolution_is_pending_says_so() {
        let lab = Lab::opening(default_scenario()).unwrap();
        assert_eq!(status_text(&lab), "Resolving www.example.test A…");
    }

    #[test]
    fn status_names_server_address_query_and_referral() {
        let lab = stepped(&Lab::default(), 1);
        let status = status_text(&lab);
        let total = lab.query.steps.len();
        assert!(
            status.starts_with(&format!("step 1 of {total}: asked ")),
            "{status}"
        );
        assert!(status.contains("root-servers.test (192.0.2."), "{status}");
        assert!(status.contains("→ referral to test"), "{status}");
    }

    #[test]
    fn status_at_the_end_gives_the_outcome() {
        let lab = Lab::default().apply(Action::Run);
        let status = status_text(&lab);
        let total = lab.query.steps.len();
        assert!(
            status.starts_with(&format!(
                "step {total} of {total}: answered the client: NOERROR, "
            )),
            "{status}"
        );
    }

    #[test]
    fn servfail_status_names_the_cause_and_extended_error() {
        let mut lab = Lab::default();
        let servers: Vec<_> = lab
            .loaded
            .scenario
            .servers
            .iter()
            .map(|s| s.id.clone())
            .collect();
        for server in servers {
            lab = lab.apply(Action::SetBehaviour {
                server,
                behaviour: Behaviour::Down,
            });
        }
        let lab = lab.apply(Action::Run);
        let status = status_text(&lab);
        assert!(status.contains("SERVFAIL: "), "{status}");
        assert!(
            status.contains("(Extended DNS Error 23: Network Error)"),
            "{status}"
        );
        // Every query before the end timed out, and says so.
        let first = step_summary(&lab.query.steps[0]);
        assert!(first.contains("no reply (timeout)"), "{first}");
    }

    #[test]
    fn invalid_name_status_says_why() {
        let lab = Lab::default().apply(Action::SetQueryName("a..b".into()));
        assert!(status_text(&lab).starts_with("Cannot resolve"));
    }

    #[test]
    fn every_step_of_the_default_run_has_a_summary() {
        for name in ["www.example.test.", "www.shop.test.", "nope.example.test."] {
            let lab = Lab::default()
                .apply(Action::SetQueryName(name.into()))
                .apply(Action::Run);
            assert!(lab.query.name_error.is_none());
            for step in lab.query.steps.iter() {
                let summary = step_summary(step);
                assert!(!summary.is_empty());
                assert!(!summary.contains(".."), "{summary}");
                if step.depth > 0 {
                    assert!(summary.starts_with("[look-up of "), "{summary}");
                }
            }
        }
    }

    #[test]
    fn outcome_text_adds_the_extended_error_only_to_servfail() {
        let failure = Failure::NoRootHints;
        let text = outcome_text(&Outcome::failed(failure));
        assert_eq!(
            text,
            "SERVFAIL: no root servers to start from (Extended DNS Error 22: No Reachable Authority)"
        );
        assert_eq!(
            outcome_text(&Outcome::Answer { answer: vec![] }),
            "NOERROR, 0 records"
        );
    }

    #[test]
    fn config_description_tells_the_presets_apart() {
        let unbound = describe_config(&ResolverConfig::unbound_like());
        let bind = describe_config(&ResolverConfig::bind_like());
        let find = |rows: &[(&str, String)], term: &str| {
            rows.iter()
                .find(|(t, _)| *t == term)
                .map(|(_, text)| text.clone())
                .expect(term)
        };
        assert!(find(&unbound, "Server selection").contains("random"));
        assert!(find(&bind, "Server selection").contains("round robin"));
        assert!(find(&unbound, "Name server aliases").contains("followed"));
        assert!(find(&bind, "Name server aliases").contains("skipped"));
        assert!(find(&unbound, "Limits").contains("32 queries sent"));
        assert!(find(&bind, "Limits").contains("50 queries sent"));
        assert_eq!(
            find(&unbound, "Caching"),
            "anything for at most 1d, negative answers for at most 1h"
        );
        assert!(find(&unbound, "NS set").starts_with("child-centric"));
    }

    #[test]
    fn dig_response_prints_header_flags_and_sections() {
        let lab = Lab::default().apply(Action::Run);
        let steps = &lab.query.steps;
        // The referral from the root: no AA, NS in authority, glue in additional.
        let referral = steps[0].exchange().expect("the first step is a query");
        let message = referral.response.as_ref().expect("a reply");
        let text = dig_response(message, 99);
        assert!(text.starts_with(&format!(
            ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: {}\n",
            message.id
        )));
        assert!(
            text.contains(";; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2,"),
            "{text}"
        );
        assert!(text.contains(";; AUTHORITY SECTION:\ntest."), "{text}");
        assert!(text.contains(";; ADDITIONAL SECTION:\n"), "{text}");
        assert!(!text.contains("ANSWER SECTION"), "{text}");
        assert!(text.ends_with(";; MSG SIZE  rcvd: 99\n"));
        // The last query is the authoritative answer.
        let answer = steps
            .iter()
            .rev()
            .find_map(Step::exchange)
            .expect("some query");
        let text = dig_response(answer.response.as_ref().expect("a reply"), 0);
        assert!(text.contains(";; flags: qr aa;"), "{text}");
        assert!(
            text.contains(";; ANSWER SECTION:\nwww.example.test."),
            "{text}"
        );
    }

    #[test]
    fn glue_verdicts_say_why() {
        let lab = Lab::default().apply(Action::Run);
        let verdicts: Vec<String> = lab
            .query
            .steps
            .iter()
            .filter_map(Step::exchange)
            .flat_map(|e| e.glue.iter())
            .map(|g| glue_verdict_text(g, "test", "the root"))
            .collect();
        assert!(
            verdicts.iter().any(|v| v.starts_with("used: ")),
            "{verdicts:?}"
        );
    }

    #[test]
    fn decisions_and_kinds_read_as_words() {
        assert_eq!(
            decision_text(&Decision::TryNextServer),
            "try the next server of the zone"
        );
        assert!(
            decision_text(&Decision::FollowReferral {
                cut: crate::sim::name::Name::parse("example.test.").unwrap()
            })
            .ends_with("of example.test")
        );
        assert_eq!(
            event_kind(&StepEvent::GiveUp(Failure::NoRootHints)),
            "giving up"
        );
    }

    #[test]
    fn presets_round_trip_through_option_values() {
        for preset in [Preset::UnboundLike, Preset::BindLike] {
            assert_eq!(preset_from_value(preset_value(preset)), Some(preset));
        }
        assert_eq!(preset_from_value("knot"), None);
    }
}
