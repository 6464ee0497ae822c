//! The dig console: type `dig` commands against the simulated world and
//! read dig's own output, as in a terminal.
//!
//! `dig [@server] name [type] [+trace] [+short] [+norec] [+dnssec] [+cd]` runs through
//! [`crate::sim::dig`] against the world as it is now, with the resolver's
//! settings and the cache the stepper has left (`Lab::config`,
//! `Lab::cache_at_shown`); a command never changes either. Without
//! `@server` the simulated resolver answers; with it, exactly what that one
//! server says (a referral, an authoritative answer, REFUSED, a timeout),
//! and the entry offers to show the server in the inspector.
//!
//! Everything the console remembers (the transcript, the command history,
//! the line being typed) is local to the component, not the app's state:
//! it is a scratch pad, and the world's undo history has no business with
//! it. The logic lives in plain types ([`CommandHistory`], [`Transcript`],
//! [`Console`] and [`evaluate`]), tested natively; the component only wires
//! them to the DOM. Output is always rendered as text, never as markup.

use std::collections::VecDeque;
use std::rc::Rc;

use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use super::LabProps;
use super::state::{Action, Lab, Selection};
use crate::sim::authority::Rcode;
use crate::sim::dig::{self, Asked, DigError};
use crate::sim::name::Name;
use crate::sim::record::RType;
use crate::sim::scenario::{Behaviour, ServerId};

/// How many entries the transcript keeps: older ones are dropped, so a
/// long session cannot grow the page without limit.
pub const MAX_ENTRIES: usize = 50;

/// How many commands ↑ can reach back.
pub const MAX_HISTORY: usize = 100;

/// Commands offered as buttons, made from the world in view and the name
/// being resolved, so each one works here and shows one thing worth seeing:
/// the parent's referral, the zone's own authoritative answer, dig +trace
/// and +short. Each comes with why it is worth running.
pub fn examples(lab: &Lab) -> Vec<(String, String)> {
    let hierarchy = &lab.loaded.hierarchy;
    let world = &lab.loaded.world;
    let name = lab
        .question()
        .map_or_else(|| "www.example.test".to_string(), |q| q.name.prose());
    let mut commands = Vec::new();
    let zone = lab
        .question()
        .and_then(|q| hierarchy.closest_zone(&q.name))
        .filter(|&id| !hierarchy.zone(id).apex.is_root());
    if let Some(zone) = zone {
        let apex = &hierarchy.zone(zone).apex;
        let up = |id| {
            hierarchy
                .servers_of(id)
                .into_iter()
                .map(|s| hierarchy.server(s))
                .find(|s| s.behaviour == Behaviour::Up)
        };
        if let Some((parent, _)) = hierarchy.parent(zone)
            && let Some(server) = up(parent)
        {
            commands.push((
                format!("dig NS {} @{}", apex.prose(), server.host.prose()),
                format!(
                    "The parent ({}) answers with a referral: the delegation and its glue.",
                    hierarchy.zone(parent).apex.prose()
                ),
            ));
        }
        // A server that loads the zone, one its own NS records name if any.
        let own_ns = world.zone(apex).map_or(&[][..], |z| z.apex_ns());
        let loaders: Vec<_> = hierarchy
            .servers_of(zone)
            .into_iter()
            .map(|s| hierarchy.server(s))
            .filter(|s| s.behaviour == Behaviour::Up)
            .collect();
        if let Some(server) = loaders
            .iter()
            .find(|s| own_ns.contains(&s.host))
            .or(loaders.first())
        {
            commands.push((
                format!("dig NS {} @{}", apex.prose(), server.host.prose()),
                "A server that loads the zone answers with authority (the aa flag).".into(),
            ));
        }
    }
    let signed = zone.is_some_and(|id| {
        world
            .zone(&hierarchy.zone(id).apex)
            .is_some_and(|z| !z.rrset(z.apex(), RType::DNSKEY).is_empty())
    });
    if signed {
        commands.push((
            format!("dig {name} +dnssec"),
            "The RRSIG records that sign the answer; a validating resolver adds the ad flag."
                .into(),
        ));
    }
    commands.push((
        format!("dig {name} +trace"),
        "Every referral from the root down, as dig +trace prints it.".into(),
    ));
    commands.push((
        format!("dig {name} +short"),
        "Only the answer data, as a script would want it.".into(),
    ));
    commands
}

/// What the console adds to dig's own usage text.
const CONSOLE_HELP: &str = "\
In this console: Enter runs a command, ↑ and ↓ recall earlier ones,
`clear` empties the transcript and `help` shows this text. Commands run
against the world as it is now, with the resolver's settings and the cache
the stepper has left; they never change either.";

// ---------------------------------------------------------------------------
// History

/// The commands run so far, and where ↑ and ↓ have got to, as in a shell:
/// ↑ from the line being typed keeps it as a draft, and ↓ past the newest
/// command brings it back. Editing a recalled command and then moving on
/// drops the edit (the history itself never changes until a command runs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandHistory {
    /// Oldest first.
    commands: VecDeque<String>,
    /// The command shown, as an index into `commands`; `None` at the
    /// bottom, where the draft is.
    position: Option<usize>,
    /// What was being typed when ↑ first left the bottom.
    draft: String,
}

impl CommandHistory {
    /// The commands, oldest first.
    pub fn commands(&self) -> impl Iterator<Item = &str> {
        self.commands.iter().map(String::as_str)
    }

    /// True when neither ↑ nor ↓ has moved away from the line being typed.
    pub fn at_bottom(&self) -> bool {
        self.position.is_none()
    }

    /// Remembers a command that was run (blank lines and a repeat of the
    /// last command are not kept) and goes back to the bottom with an
    /// empty draft.
    pub fn record(&mut self, line: &str) {
        let line = line.trim();
        if !line.is_empty() && self.commands.back().map(String::as_str) != Some(line) {
            self.commands.push_back(line.to_string());
            if self.commands.len() > MAX_HISTORY {
                self.commands.pop_front();
            }
        }
        self.position = None;
        self.draft.clear();
    }

    /// ↑: the previous command, or `None` at the oldest (or with no
    /// history). Leaving the bottom keeps `current`, the line being typed.
    pub fn up(&mut self, current: &str) -> Option<String> {
        let index = match self.position {
            None => {
                let last = self.commands.len().checked_sub(1)?;
                self.draft = current.to_string();
                last
            }
            Some(index) => index.checked_sub(1)?,
        };
        self.position = Some(index);
        self.commands.get(index).cloned()
    }

    /// ↓: the next command, the draft after the newest, or `None` when
    /// already at the bottom.
    pub fn down(&mut self) -> Option<String> {
        let index = self.position?;
        if index + 1 < self.commands.len() {
            self.position = Some(index + 1);
            self.commands.get(index + 1).cloned()
        } else {
            self.position = None;
            Some(std::mem::take(&mut self.draft))
        }
    }
}

// ---------------------------------------------------------------------------
// Entries

/// The simulated server a command asked directly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AskedServer {
    pub id: ServerId,
    pub host: Option<Name>,
}

impl AskedServer {
    /// How the server is named to the user: its host name, or its id.
    pub fn label(&self) -> String {
        match &self.host {
            Some(host) => host.prose(),
            None => self.id.to_string(),
        }
    }
}

/// What one command printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// dig ran: its text, the response's status (`None` when no response
    /// came), and the server asked, when one simulated server was asked
    /// directly.
    Output {
        text: String,
        rcode: Option<Rcode>,
        server: Option<AskedServer>,
    },
    /// `help`, `dig -h`: the usage.
    Help(String),
    /// A command dig cannot run: the message and the usage.
    Error(String),
}

/// One command and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The command as typed (trimmed).
    pub command: String,
    pub kind: EntryKind,
}

/// How an entry went, for its colour (never the only sign: the text says
/// it too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A response with NOERROR.
    Ok,
    /// NXDOMAIN: a clean negative answer.
    Negative,
    /// SERVFAIL, REFUSED, no response, or a command that did not run.
    Failed,
    /// The usage text.
    Help,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Negative => "negative",
            Status::Failed => "failed",
            Status::Help => "help",
        }
    }
}

impl Entry {
    pub fn text(&self) -> &str {
        match &self.kind {
            EntryKind::Output { text, .. } | EntryKind::Help(text) | EntryKind::Error(text) => text,
        }
    }

    /// The server asked directly, if the command asked one.
    pub fn server(&self) -> Option<&AskedServer> {
        match &self.kind {
            EntryKind::Output { server, .. } => server.as_ref(),
            _ => None,
        }
    }

    pub fn status(&self) -> Status {
        match &self.kind {
            EntryKind::Output {
                rcode: Some(Rcode::NoError),
                ..
            } => Status::Ok,
            EntryKind::Output {
                rcode: Some(Rcode::NXDomain),
                ..
            } => Status::Negative,
            EntryKind::Output { .. } | EntryKind::Error(_) => Status::Failed,
            EntryKind::Help(_) => Status::Help,
        }
    }
}

/// The usage text `help` and `dig -h` show.
pub fn help_text() -> String {
    format!("{}\n\n{CONSOLE_HELP}", DigError::Help)
}

/// True for the lines that ask for help rather than a query.
fn asks_for_help(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["help" | "?" | "-h" | "--help"] | ["dig", "--help" | "help"]
    )
}

/// Runs one command line against the lab as it is now: the current world,
/// the resolver's configuration and the cache the stepper has left.
pub fn evaluate(line: &str, lab: &Lab) -> Entry {
    let command = line.trim().to_string();
    let kind = if asks_for_help(&command) {
        EntryKind::Help(help_text())
    } else {
        match dig::parse(&command) {
            Err(DigError::Help) => EntryKind::Help(help_text()),
            Err(error) => EntryKind::Error(error.to_string()),
            Ok(parsed) => {
                let output = dig::run(
                    &parsed,
                    &lab.loaded.world,
                    lab.config(),
                    &lab.cache_at_shown(),
                    crate::ui::crypto::available(),
                );
                let server = match output.asked {
                    Asked::Server {
                        server: Some(id),
                        host,
                        ..
                    } => Some(AskedServer { id, host }),
                    _ => None,
                };
                EntryKind::Output {
                    text: output.text,
                    rcode: output.rcode,
                    server,
                }
            }
        }
    };
    Entry { command, kind }
}

// ---------------------------------------------------------------------------
// Transcript

/// The entries shown, oldest first, each with a number that stays its own
/// (the key the page renders it with).
#[derive(Clone, Debug, Default)]
pub struct Transcript {
    entries: VecDeque<(u64, Rc<Entry>)>,
    next: u64,
    /// True when older entries were dropped since the last clear.
    trimmed: bool,
}

impl Transcript {
    pub fn push(&mut self, entry: Entry) {
        self.entries.push_back((self.next, Rc::new(entry)));
        self.next += 1;
        while self.entries.len() > MAX_ENTRIES {
            self.entries.pop_front();
            self.trimmed = true;
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.trimmed = false;
    }

    /// The entries with their numbers, oldest first.
    pub fn entries(&self) -> impl Iterator<Item = (u64, &Rc<Entry>)> {
        self.entries.iter().map(|(n, e)| (*n, e))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The newest entry's number: it changes with every command.
    pub fn last_number(&self) -> Option<u64> {
        self.entries.back().map(|(n, _)| *n)
    }

    /// True when older entries were dropped to keep the transcript short.
    pub fn trimmed(&self) -> bool {
        self.trimmed
    }
}

// ---------------------------------------------------------------------------
// The console's state

/// Everything the console remembers.
#[derive(Clone, Debug, Default)]
pub struct Console {
    pub transcript: Transcript,
    pub history: CommandHistory,
    /// The line in the input.
    pub input: String,
}

/// What the user can do in the console.
#[derive(Clone)]
pub enum ConsoleAction {
    /// The input's text changed.
    Input(String),
    /// Enter: run the line in the input against this lab.
    Submit(Rc<Lab>),
    /// Run this line (an example button) against this lab.
    Run(String, Rc<Lab>),
    Up,
    Down,
    /// Empty the transcript (the history stays, as in a shell).
    Clear,
}

impl Console {
    pub fn apply(&mut self, action: ConsoleAction) {
        match action {
            ConsoleAction::Input(text) => self.input = text,
            ConsoleAction::Submit(lab) => {
                let line = std::mem::take(&mut self.input);
                self.run(&line, &lab);
            }
            ConsoleAction::Run(line, lab) => {
                self.input.clear();
                self.run(&line, &lab);
            }
            ConsoleAction::Up => {
                if let Some(line) = self.history.up(&self.input) {
                    self.input = line;
                }
            }
            ConsoleAction::Down => {
                if let Some(line) = self.history.down() {
                    self.input = line;
                }
            }
            ConsoleAction::Clear => self.transcript.clear(),
        }
    }

    /// Runs one line: a blank line does nothing, `clear` clears, anything
    /// else adds an entry. Every line that is not blank goes in the history.
    fn run(&mut self, line: &str, lab: &Lab) {
        let line = line.trim();
        self.history.record(line);
        match line {
            "" => {}
            "clear" => self.transcript.clear(),
            _ => self.transcript.push(evaluate(line, lab)),
        }
    }
}

impl Reducible for Console {
    type Action = ConsoleAction;

    fn reduce(self: Rc<Self>, action: ConsoleAction) -> Rc<Self> {
        // Entries are behind `Rc`, so this copy is cheap.
        let mut console = (*self).clone();
        console.apply(action);
        Rc::new(console)
    }
}

// ---------------------------------------------------------------------------
// Components

#[function_component(DigConsole)]
pub fn dig_console(props: &LabProps) -> Html {
    let console = use_reducer(Console::default);
    let log_ref = use_node_ref();

    // After each command, scroll the transcript to its end. Not before the
    // first: reading the height makes the browser lay the page out there
    // and then, while the page is still opening.
    {
        let log_ref = log_ref.clone();
        use_effect_with(console.transcript.last_number(), move |last| {
            if last.is_some()
                && let Some(log) = log_ref.cast::<Element>()
            {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    let show_server = use_callback(props.dispatch.clone(), |id: ServerId, dispatch| {
        dispatch.emit(Action::Select(Some(Selection::Server(id))));
    });

    let on_input = {
        let console = console.dispatcher();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            console.dispatch(ConsoleAction::Input(value));
        })
    };
    let on_keydown = {
        let console = console.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.is_composing() || e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
                return;
            }
            let action = match e.key().as_str() {
                "ArrowUp" => ConsoleAction::Up,
                "ArrowDown" => ConsoleAction::Down,
                _ => return,
            };
            // The caret stays put; the line is replaced instead.
            e.prevent_default();
            console.dispatch(action);
        })
    };
    let on_submit = {
        let console = console.dispatcher();
        let lab = Rc::clone(&props.lab);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            console.dispatch(ConsoleAction::Submit(Rc::clone(&lab)));
        })
    };
    let on_clear = {
        let console = console.dispatcher();
        Callback::from(move |_: MouseEvent| console.dispatch(ConsoleAction::Clear))
    };

    let examples = examples(&props.lab).into_iter().map(|(command, why)| {
        let console = console.dispatcher();
        let lab = Rc::clone(&props.lab);
        let run = command.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            console.dispatch(ConsoleAction::Run(run.clone(), Rc::clone(&lab)))
        });
        html! {
            <li>
                <button type="button" class="dig-example" title={why} data-command={command.clone()} {onclick}>
                    <code>{ command }</code>
                </button>
            </li>
        }
    });

    let scenario = &props.lab.loaded.scenario;
    let entries = console.transcript.entries().map(|(number, entry)| {
        // A server removed since the command ran can no longer be shown.
        let present = entry
            .server()
            .is_some_and(|s| scenario.server(&s.id).is_some());
        html! {
            <DigEntryView
                key={number}
                entry={Rc::clone(entry)}
                show_server={present.then(|| show_server.clone())}
            />
        }
    });

    html! {
        <section id="dig-console" class="dig-console" aria-labelledby="dig-console-heading">
            <div class="dig-console-top">
                <h2 id="dig-console-heading">{ "dig console" }</h2>
                <button
                    type="button"
                    id="dig-clear"
                    class="dig-clear"
                    disabled={console.transcript.is_empty()}
                    onclick={on_clear}
                >
                    { "Clear" }
                </button>
            </div>
            <p id="dig-hint" class="dig-hint">
                { "Ask the simulated world with dig's own syntax: " }
                <code>{ "dig [@server] name [type] [+trace] [+short] [+norec] [+dnssec] [+cd]" }</code>
                { ". Without @server the simulated resolver answers, with its settings and the cache the stepper has left; @server asks that one server directly. Type " }
                <code>{ "help" }</code>
                { " for the full usage; ↑ and ↓ recall earlier commands." }
            </p>
            <div class="dig-examples">
                <span id="dig-examples-label" class="dig-examples-label">{ "Try:" }</span>
                <ul aria-labelledby="dig-examples-label">
                    { for examples }
                </ul>
            </div>
            <div class="dig-terminal">
                <div
                    id="dig-transcript"
                    class="dig-transcript"
                    role="log"
                    aria-live="polite"
                    aria-label="dig output"
                    tabindex="0"
                    ref={log_ref}
                >
                    if console.transcript.trimmed() {
                        <p class="dig-note">{ format!("Only the last {MAX_ENTRIES} commands are kept.") }</p>
                    }
                    { for entries }
                </div>
                <form id="dig-form" class="dig-input-line" onsubmit={on_submit}>
                    <label for="dig-input" class="visually-hidden">{ "dig command" }</label>
                    <span class="dig-prompt" aria-hidden="true">{ "$" }</span>
                    <input
                        id="dig-input"
                        type="text"
                        value={console.input.clone()}
                        placeholder="dig www.example.test"
                        aria-describedby="dig-hint"
                        autocomplete="off"
                        autocapitalize="none"
                        autocorrect="off"
                        spellcheck="false"
                        enterkeyhint="go"
                        oninput={on_input}
                        onkeydown={on_keydown}
                    />
                    <button type="submit" id="dig-run" class="dig-run">{ "Run" }</button>
                </form>
            </div>
        </section>
    }
}

/// One transcript entry's properties.
#[derive(Properties, Clone)]
pub struct DigEntryProps {
    pub entry: Rc<Entry>,
    /// Shows the server the command asked in the inspector; `None` hides
    /// the button (no server asked, or it is gone).
    #[prop_or_default]
    pub show_server: Option<Callback<ServerId>>,
}

impl PartialEq for DigEntryProps {
    /// Entries never change once made: identity is enough, and spares
    /// re-rendering a long transcript at every change of the world.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entry, &other.entry) && self.show_server == other.show_server
    }
}

/// One command and what it printed.
#[function_component(DigEntryView)]
pub fn dig_entry_view(props: &DigEntryProps) -> Html {
    let entry = &props.entry;
    let status = entry.status();
    let output_class = match entry.kind {
        EntryKind::Output { .. } => "dig-output",
        EntryKind::Help(_) => "dig-output dig-help",
        EntryKind::Error(_) => "dig-output dig-error",
    };
    let text = entry.text();
    let show = props
        .show_server
        .clone()
        .zip(entry.server().cloned())
        .map(|(show, server)| {
            let label = format!("Show {} in the inspector", server.label());
            let id = server.id.clone();
            let onclick = Callback::from(move |_: MouseEvent| show.emit(id.clone()));
            html! {
                <button type="button" class="dig-show-server" data-server={server.id.to_string()} {onclick}>
                    { label }
                </button>
            }
        });

    html! {
        <div class="dig-entry" data-status={status.as_str()}>
            <pre class="dig-command"><span class="dig-prompt" aria-hidden="true">{ "$ " }</span>{ entry.command.clone() }</pre>
            if text.is_empty() {
                <p class="dig-note">{ "(dig printed nothing: +short shows only answer data)" }</p>
            } else {
                // Wide output scrolls sideways: reachable by keyboard too.
                <pre class={output_class} tabindex="0" role="region" aria-label="dig output">{ text.to_string() }</pre>
            }
            { for show }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(commands: &[&str]) -> CommandHistory {
        let mut history = CommandHistory::default();
        for command in commands {
            history.record(command);
        }
        history
    }

    #[test]
    fn up_from_the_bottom_keeps_the_draft_and_down_restores_it() {
        let mut h = history(&["dig a.test", "dig b.test"]);
        assert_eq!(h.up("dig half-typ").as_deref(), Some("dig b.test"));
        assert!(!h.at_bottom());
        assert_eq!(h.up("dig b.test").as_deref(), Some("dig a.test"));
        assert_eq!(h.down().as_deref(), Some("dig b.test"));
        assert_eq!(h.down().as_deref(), Some("dig half-typ"));
        assert!(h.at_bottom());
        assert_eq!(h.down(), None, "nothing below the draft");
    }

    #[test]
    fn up_stops_at_the_oldest_command_and_an_empty_history_gives_nothing() {
        let mut empty = CommandHistory::default();
        assert_eq!(empty.up("typed"), None);
        assert!(empty.at_bottom());
        assert_eq!(empty.down(), None);

        let mut h = history(&["one", "two"]);
        assert_eq!(h.up("").as_deref(), Some("two"));
        assert_eq!(h.up("two").as_deref(), Some("one"));
        assert_eq!(h.up("one"), None, "the oldest stays");
        // The draft is the line typed at the bottom, not at the top.
        assert_eq!(h.down().as_deref(), Some("two"));
        assert_eq!(h.down().as_deref(), Some(""));
    }

    #[test]
    fn recording_skips_blanks_and_repeats_returns_to_the_bottom_and_is_bounded() {
        let mut h = history(&["one", "  ", "one", "two"]);
        assert_eq!(h.commands().collect::<Vec<_>>(), ["one", "two"]);
        h.up("draft");
        h.record("three");
        assert!(h.at_bottom());
        assert_eq!(h.down(), None);
        assert_eq!(h.up("").as_deref(), Some("three"));
        assert_eq!(h.down().as_deref(), Some(""), "the old draft is gone");

        let mut long = CommandHistory::default();
        for i in 0..MAX_HISTORY + 7 {
            long.record(&format!("dig n{i}.test"));
        }
        assert_eq!(long.commands().count(), MAX_HISTORY);
        assert_eq!(long.commands().next(), Some("dig n7.test"));
    }

    #[test]
    fn the_console_walks_the_history_through_its_input() {
        let lab = Rc::new(Lab::default());
        let mut console = Console::default();
        console.apply(ConsoleAction::Run("dig a.test".into(), Rc::clone(&lab)));
        console.apply(ConsoleAction::Input("dig b.test".into()));
        console.apply(ConsoleAction::Submit(Rc::clone(&lab)));
        assert_eq!(console.input, "");
        assert_eq!(console.transcript.len(), 2);

        console.apply(ConsoleAction::Input("dig draft".into()));
        console.apply(ConsoleAction::Up);
        assert_eq!(console.input, "dig b.test");
        console.apply(ConsoleAction::Up);
        assert_eq!(console.input, "dig a.test");
        console.apply(ConsoleAction::Up);
        assert_eq!(console.input, "dig a.test", "stays at the oldest");
        console.apply(ConsoleAction::Down);
        console.apply(ConsoleAction::Down);
        assert_eq!(console.input, "dig draft");
        console.apply(ConsoleAction::Down);
        assert_eq!(console.input, "dig draft");
    }

    #[test]
    fn clear_empties_the_transcript_but_keeps_the_history_and_blank_lines_do_nothing() {
        let lab = Rc::new(Lab::default());
        let mut console = Console::default();
        console.apply(ConsoleAction::Run("   ".into(), Rc::clone(&lab)));
        assert!(console.transcript.is_empty());
        assert_eq!(console.history.commands().count(), 0);

        console.apply(ConsoleAction::Run("help".into(), Rc::clone(&lab)));
        console.apply(ConsoleAction::Run("clear".into(), Rc::clone(&lab)));
        assert!(console.transcript.is_empty());
        assert_eq!(
            console.history.commands().collect::<Vec<_>>(),
            ["help", "clear"]
        );

        console.apply(ConsoleAction::Run("help".into(), Rc::clone(&lab)));
        console.apply(ConsoleAction::Clear);
        assert!(console.transcript.is_empty());
        assert_eq!(console.transcript.last_number(), None);
    }

    #[test]
    fn the_transcript_keeps_only_the_newest_entries_with_stable_numbers() {
        let mut transcript = Transcript::default();
        let entry = |i: usize| Entry {
            command: format!("dig n{i}.test"),
            kind: EntryKind::Error(String::new()),
        };
        for i in 0..MAX_ENTRIES {
            transcript.push(entry(i));
        }
        assert!(!transcript.trimmed());
        transcript.push(entry(MAX_ENTRIES));
        transcript.push(entry(MAX_ENTRIES + 1));
        assert_eq!(transcript.len(), MAX_ENTRIES);
        assert!(transcript.trimmed());
        let (first, oldest) = transcript.entries().next().unwrap();
        assert_eq!((first, oldest.command.as_str()), (2, "dig n2.test"));
        assert_eq!(transcript.last_number(), Some(MAX_ENTRIES as u64 + 1));
        transcript.clear();
        assert!(!transcript.trimmed());
        transcript.push(entry(0));
        assert_eq!(
            transcript.last_number(),
            Some(MAX_ENTRIES as u64 + 2),
            "numbers are never reused, so keys stay unique"
        );
    }

    #[test]
    fn help_and_dig_h_show_the_usage_with_the_console_keys() {
        let lab = Lab::default();
        for line in ["help", " ? ", "dig -h", "-h", "dig --help"] {
            let entry = evaluate(line, &lab);
            let EntryKind::Help(text) = &entry.kind else {
                panic!("{line}: {entry:?}");
            };
            assert!(text.contains(dig::USAGE), "{line}");
            assert!(text.contains("↑ and ↓"), "{line}");
            assert_eq!(entry.status(), Status::Help);
        }
    }

    #[test]
    fn the_examples_are_made_from_the_world_in_view_and_run_in_every_built_in_scenario() {
        let default: Vec<String> = examples(&Lab::default())
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(
            default,
            [
                "dig NS example.test @ns1.nic.test",
                "dig NS example.test @ns1.example.test",
                "dig www.example.test +trace",
                "dig www.example.test +short",
            ]
        );
        for scenario in crate::sim::scenarios::library() {
            let id = scenario
                .lesson
                .as_ref()
                .map(|l| l.id.clone())
                .unwrap_or_default();
            let lab = Lab::default().apply(Action::OpenBuiltIn(id.clone()));
            for (command, _) in examples(&lab) {
                let entry = evaluate(&command, &lab);
                // A server the command names must be one dig can reach: never "couldn't get address".
                assert!(
                    !entry.text().contains("couldn't get address"),
                    "{id}: {command}: {}",
                    entry.text()
                );
                // dig +short prints nothing for a lookup that fails, as the real one does.
                assert!(
                    command.ends_with("+short") || !entry.text().is_empty(),
                    "{id}: {command}"
                );
            }
        }
    }

    #[test]
    fn a_command_that_is_not_dig_is_an_error_with_the_usage() {
        let entry = evaluate("dig www.example.test +bogus", &Lab::default());
        let EntryKind::Error(text) = &entry.kind else {
            panic!("{entry:?}");
        };
        assert!(text.starts_with("dig: Invalid option: +bogus"), "{text}");
        assert!(text.ends_with(dig::USAGE));
        assert_eq!(entry.status(), Status::Failed);
        assert_eq!(entry.server(), None);
    }
}
