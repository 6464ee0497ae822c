//! The app's one state and its reducer.
//!
//! Everything the page shows is computed from [`Lab`]: the scenario the
//! user edits, the world loaded from it with its hierarchy and findings, the
//! selection, and the resolution being stepped. `Lab::apply` is pure (no
//! clock, no storage, no DOM), so every interaction can be tested natively;
//! timers and key presses only dispatch [`Action`]s.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::sim::authority::Question;
use crate::sim::diagnose::{Dnssec, diagnose_with};
use crate::sim::finding::Finding;
use crate::sim::hierarchy::Hierarchy;
use crate::sim::lesson::Challenge;
use crate::sim::lesson::check::ChallengeStatus;
use crate::sim::name::Name;
use crate::sim::record::RType;
use crate::sim::record::Record;
use crate::sim::resolver::{Cache, Event, Outcome, Preset, Resolution, ResolverConfig, Step};
use crate::sim::scenario::{Behaviour, Scenario, ScenarioError, ServerId, World};
use crate::sim::scenarios::{built_in, default_scenario};
use crate::sim::zonefile::ZoneProblem;

mod authoring;
mod course;
mod editing;
mod predicting;
mod signing;
mod stepping;

pub use authoring::{AuthorEdit, Authoring, distinct_kinds};
pub use course::{CourseEdit, CourseState};
pub use predicting::{Predicting, Revealed};
pub use signing::SigningEdit;
pub use stepping::Query;

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    Zone(Name),
    Server(ServerId),
}

/// The resolution panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    Trace,
    Explanation,
    Message,
    Cache,
}

/// The side panels a narrow screen opens one at a time, as a sheet over
/// part of the stage (a wide one shows them all in the side column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    Lesson,
    Inspector,
    Diagnostics,
}

/// A scenario that loaded, with everything computed from it.
#[derive(Clone)]
pub struct Loaded {
    pub scenario: Rc<Scenario>,
    pub world: Rc<World>,
    pub hierarchy: Rc<Hierarchy>,
    pub findings: Rc<Vec<Finding>>,
    /// Where the learner stands on the scenario's fix-it challenge, if it
    /// has one: checked again on every edit.
    pub challenge: Option<Rc<ChallengeStatus>>,
}

impl Loaded {
    pub fn new(scenario: Scenario) -> Result<Loaded, ScenarioError> {
        Loaded::build(scenario, None, 0)
    }

    /// [`Loaded::new`] for an edit of `self`'s scenario: zones whose text
    /// did not change are not parsed again (at 2,000 zones re-parsing
    /// everything was most of an edit's time).
    /// `clock`: where the virtual clock stands, which the DNSSEC checks
    /// judge signatures at.
    pub fn after_edit(&self, scenario: Scenario, clock: u64) -> Result<Loaded, ScenarioError> {
        Loaded::build(scenario, Some(&self.world), clock)
    }

    fn build(
        scenario: Scenario,
        previous: Option<&World>,
        clock: u64,
    ) -> Result<Loaded, ScenarioError> {
        let world = match previous {
            Some(previous) => scenario.load_reusing(previous)?,
            None => scenario.load()?,
        };
        let hierarchy = Hierarchy::build(&world);
        let mut loaded = Loaded {
            scenario: Rc::new(scenario),
            world: Rc::new(world),
            hierarchy: Rc::new(hierarchy),
            findings: Rc::default(),
            challenge: None,
        };
        loaded.diagnose(clock);
        Ok(loaded)
    }

    /// The findings and the challenge's status, worked out again: after an
    /// edit, and when the clock moves or the cryptography arrives (the
    /// DNSSEC checks run once the page has it, at the clock's date).
    pub(super) fn diagnose(&mut self, clock: u64) {
        let dnssec = crate::ui::crypto::available().map(|crypto| Dnssec { crypto, clock });
        let findings = diagnose_with(&self.world, &self.hierarchy, dnssec.as_ref());
        self.challenge = self
            .scenario
            .lesson
            .as_ref()
            .filter(|lesson| lesson.challenge.is_some())
            .map(|lesson| Rc::new(lesson.check_loaded(&self.scenario, &self.world, &findings)));
        self.findings = Rc::new(findings);
    }
}

/// One copy of a zone: the shared text, or one server's own (diverged)
/// copy.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CopyRef {
    pub apex: Name,
    pub server: Option<ServerId>,
}

impl CopyRef {
    pub fn shared(apex: Name) -> CopyRef {
        CopyRef { apex, server: None }
    }
}

/// Zone text the user typed and the world does not use yet: not applied,
/// or applied and refused, with why. Kept per copy of a zone until it is
/// applied or discarded, across selections and reloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    /// Whether Apply was tried on this text (and refused); an untried
    /// draft is simply unapplied.
    pub tried: bool,
    /// Problems in this zone's text, at line and column.
    pub problems: Vec<ZoneProblem>,
    /// Problems elsewhere that the edit caused (a server loading a zone
    /// that no longer parses, and the like).
    pub other: Vec<String>,
}

/// The autoplay delay between steps, in milliseconds: the range the
/// stepper's speed slider covers.
pub const DELAY_MIN: u32 = 100;
pub const DELAY_MAX: u32 = 3_000;

/// How many edits undo reaches back.
pub const UNDO_DEPTH: usize = 200;

/// A scenario as it was before an edit, with the drafts typed against it.
#[derive(Clone)]
pub struct Snapshot {
    pub scenario: Rc<Scenario>,
    pub drafts: BTreeMap<CopyRef, Draft>,
}

/// Undo and redo: snapshots before (most recent last) and after the
/// current world.
#[derive(Clone, Default)]
pub struct History {
    pub past: Vec<Snapshot>,
    pub future: Vec<Snapshot>,
}

/// The whole app state.
#[derive(Clone)]
pub struct Lab {
    pub loaded: Loaded,
    /// Zone text that did not load, per copy.
    pub drafts: BTreeMap<CopyRef, Draft>,
    pub selection: Option<Selection>,
    /// How many times something has been selected, the same thing again
    /// included: each time, the page brings the inspector into view.
    pub selections: usize,
    /// Whose copy of the selected zone the editor shows: a server with a
    /// diverged copy, or the shared text.
    pub editing_copy: Option<ServerId>,
    /// The finding whose elements the graph highlights.
    pub focused_finding: Option<usize>,
    pub query: Query,
    pub tab: Tab,
    /// Zones whose subtrees the graph hides.
    pub collapsed: BTreeSet<Name>,
    /// A one-line notice for the user (an edit that could not be applied).
    pub notice: Option<String>,
    /// A notice that only confirms what the user just did ("Opened …"):
    /// it goes when they start stepping or open a panel, to give the stage
    /// its room.
    pub passing_notice: Option<String>,
    pub history: History,
    /// How many of the challenge's hints the learner has asked for.
    pub hints_shown: usize,
    pub fix_shown: bool,
    /// The side panel open as a sheet on a narrow screen, if any.
    pub sheet: Option<Sheet>,
    /// Classroom mode: only the graph and the stepper, in large type.
    pub classroom: bool,
    /// The same query stepped side by side under both resolver presets.
    pub compare: bool,
    /// Predict mode: the choices before each step, and the score.
    pub predicting: Option<Predicting>,
    /// The lesson being written ("Make a lesson"), if any.
    pub authoring: Option<Authoring>,
    /// The course being gathered or taken, if any.
    pub course: Option<CourseState>,
    /// While comparing: the steps under each preset (in `Preset::ALL` order),
    /// and how many steps the stepper has gone past the end of its own
    /// preset's run, so the longer run can be stepped through to its end.
    pub compare_steps: Option<Rc<Vec<Vec<Step>>>>,
    pub compare_extra: usize,
    /// The graph is drawn whole, at full detail, for the moment a picture
    /// of it is taken: zoomed out or culled, the page draws less than a
    /// picture must show.
    pub drawing_for_export: bool,
    /// A DNSSEC edit waiting for the page to fetch the cryptography
    /// (`crate::ui::crypto`).
    pub awaiting_crypto: Option<SigningEdit>,
}

/// Everything a user (or a timer) can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Select(Option<Selection>),
    FocusFinding(Option<usize>),
    /// Replace the text of one copy of a zone; applied when it loads, kept
    /// as a draft with its problems when it does not.
    EditZoneText {
        copy: CopyRef,
        text: String,
    },
    /// Take records out of a copy of a zone and add others, keeping the
    /// rest of the text as written (the registrar form edits the parent's
    /// NS records and glue this way, the record table the zone's own).
    EditRecords {
        copy: CopyRef,
        remove: Vec<Record>,
        add: Vec<Record>,
    },
    /// Create a zone served by `servers`, and with `delegate` its
    /// delegation in the parent zone.
    AddZone {
        apex: Name,
        servers: Vec<ServerId>,
        delegate: bool,
    },
    RemoveZone {
        apex: Name,
        remove_delegation: bool,
    },
    AddServer {
        host: Name,
        addresses: Vec<IpAddr>,
        zones: Vec<Name>,
    },
    RemoveServer(ServerId),
    /// Rename a server and replace its addresses.
    UpdateServer {
        id: ServerId,
        host: Name,
        addresses: Vec<IpAddr>,
    },
    SetLoads {
        server: ServerId,
        apex: Name,
        loads: bool,
    },
    /// Give a server its own copy of a zone (and show it in the editor),
    /// or make it serve the shared text again.
    SetDiverged {
        server: ServerId,
        apex: Name,
        diverged: bool,
    },
    /// Show the shared text (`None`) or a server's own copy in the editor.
    EditCopy(Option<ServerId>),
    /// Replace the whole scenario (an import, a shared link, a built-in
    /// scenario); undo brings the previous one back. `notice` says what
    /// happened.
    LoadScenario {
        scenario: Rc<Scenario>,
        notice: Option<String>,
    },
    /// Open a built-in scenario (by its lesson id) the way LoadScenario
    /// does: the current world stays one undo away. Only what is compiled
    /// in: the web app fetches the library (src/ui/library.rs).
    OpenBuiltIn(String),
    /// Open a scenario of the library, as fetched, as OpenBuiltIn does.
    OpenFromLibrary(Rc<Scenario>),
    /// Show the challenge's next hint.
    ShowHint,
    RevealFix,
    /// Apply the challenge's documented fix (an edit like any other).
    ApplyFix,
    /// Make the edits of the fix the finding at this index proposes, as
    /// one step to undo.
    ApplyFindingFix(usize),
    /// Open a side panel as a sheet on a narrow screen, or close it.
    ShowSheet(Option<Sheet>),
    SetClassroom(bool),
    SetCompare(bool),
    /// Predict mode on or off.
    SetPredicting(bool),
    /// Pick a choice of what the next step will be.
    Predict(usize),
    /// A change to the lesson being written.
    Author(AuthorEdit),
    /// A change to the course, or a step through it.
    Course(CourseEdit),
    DrawForExport(bool),
    Undo,
    Redo,
    /// Tell the user something (a form value that cannot be used).
    Notify(String),
    /// Throw away a draft and show the copy's current text again.
    DiscardDraft(CopyRef),
    /// The text in a zone's editor changed: kept as a draft of that copy
    /// (or dropped, when it reads as the world has it).
    TypeZoneText {
        copy: CopyRef,
        text: String,
    },
    SetBehaviour {
        server: ServerId,
        behaviour: Behaviour,
    },
    SetQueryName(String),
    SetQueryType(RType),
    SetPreset(Preset),
    SetQnameMinimisation(bool),
    /// Switch DNSSEC validation on or off.
    SetValidation(bool),
    /// The scenario's trust anchor as text; blank for the root's own KSK.
    SetTrustAnchor(String),
    SetSeed(u64),
    Step,
    StepBack,
    Run,
    Reset,
    Play(bool),
    /// A timer tick while playing: one step, and stop at the end.
    Tick,
    SetDelay(u32),
    /// Move the virtual clock forward, in seconds.
    AdvanceClock(u64),
    /// Sign a zone, change its keys or signer, or set its DS at the parent.
    Signing(SigningEdit),
    /// The page fetched the cryptography, or could not (why).
    CryptoArrived(Result<(), String>),
    FlushCache,
    SelectTab(Tab),
    /// Hide or show the zones below one zone in the graph.
    ToggleCollapse(Name),
    DismissNotice,
    /// Work out the steps of a resolution left pending at start-up (any
    /// other action does too, before its own work).
    ResolvePending,
}

impl Default for Lab {
    fn default() -> Self {
        Lab::new(default_scenario()).expect("the built-in default scenario loads")
    }
}

/// The query a new page starts with: a name the default scenario answers.
const FIRST_QUERY: &str = "www.example.test.";

impl Lab {
    pub fn new(scenario: Scenario) -> Result<Lab, ScenarioError> {
        Ok(Lab::opening(scenario)?.apply(Action::ResolvePending))
    }

    /// [`Lab::new`] with the first query still to resolve (it is
    /// [`Query::pending`]). The page opens this way: on a first visit,
    /// resolving and building the trace (and Chromium compiling the code
    /// for both) came to a sixth of the time before the graph showed.
    pub fn opening(scenario: Scenario) -> Result<Lab, ScenarioError> {
        let mut lab = Lab::unresolved(scenario)?;
        lab.follow_lesson();
        lab.fold_large_families();
        Ok(lab)
    }

    /// A lab on `scenario` with the page's first query not yet resolved:
    /// restoring a session asks its own query, so resolving this one would
    /// be wasted work at start-up.
    pub(super) fn unresolved(scenario: Scenario) -> Result<Lab, ScenarioError> {
        let loaded = Loaded::new(scenario)?;
        let preset = Preset::UnboundLike;
        Ok(Lab {
            loaded,
            drafts: BTreeMap::new(),
            selection: None,
            selections: 0,
            editing_copy: None,
            focused_finding: None,
            query: Query {
                name: FIRST_QUERY.to_string(),
                rtype: RType::A,
                preset,
                config: ResolverConfig::preset(preset),
                seed: 1,
                name_error: None,
                steps: Rc::new(Vec::new()),
                shown: 0,
                pending: true,
                cache: Cache::new(),
                cache_predates_edit: false,
                empty_cache_outcome: None,
                playing: false,
                delay_ms: 900,
            },
            tab: Tab::Trace,
            collapsed: BTreeSet::new(),
            notice: None,
            passing_notice: None,
            history: History::default(),
            hints_shown: 0,
            fix_shown: false,
            sheet: None,
            classroom: false,
            compare: false,
            predicting: None,
            authoring: None,
            course: None,
            compare_steps: None,
            compare_extra: 0,
            drawing_for_export: false,
            awaiting_crypto: None,
        })
    }

    /// Loads `scenario` as the new world, remembering the current one for
    /// undo. Nothing changes when it does not load.
    fn replace_scenario(&mut self, scenario: Scenario) -> Result<(), ScenarioError> {
        let loaded = self.loaded.after_edit(scenario, self.query.cache.now())?;
        let before = self.snapshot();
        self.history.past.push(before);
        if self.history.past.len() > UNDO_DEPTH {
            self.history.past.remove(0);
        }
        self.history.future.clear();
        self.install(loaded);
        Ok(())
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            scenario: Rc::clone(&self.loaded.scenario),
            drafts: self.drafts.clone(),
        }
    }

    fn install(&mut self, loaded: Loaded) {
        self.loaded = loaded;
        if !self.query.cache.is_empty() {
            self.query.cache_predates_edit = true;
        }
        self.focused_finding = None;
        self.restart();
        self.review_lesson();
    }

    /// Goes back (undo) or forward (redo) one edit; the world it leaves
    /// goes on the other stack.
    fn travel(&mut self, undo: bool) {
        let snapshot = if undo {
            self.history.past.pop()
        } else {
            self.history.future.pop()
        };
        let Some(snapshot) = snapshot else {
            return;
        };
        // Every snapshot loaded once, so it loads again.
        let clock = self.query.cache.now();
        let Ok(loaded) = self.loaded.after_edit((*snapshot.scenario).clone(), clock) else {
            return;
        };
        let current = self.snapshot();
        if undo {
            self.history.future.push(current);
        } else {
            self.history.past.push(current);
        }
        self.drafts = snapshot.drafts;
        self.install(loaded);
        self.keep_selection_valid();
    }

    /// Drops a selection whose zone or server no longer exists.
    fn keep_selection_valid(&mut self) {
        let scenario = &self.loaded.scenario;
        let exists = match &self.selection {
            Some(Selection::Zone(apex)) => self.loaded.hierarchy.find_zone(apex).is_some(),
            Some(Selection::Server(id)) => scenario.server(id).is_some(),
            None => true,
        };
        if !exists {
            self.selection = None;
            self.editing_copy = None;
        }
    }

    /// The challenge of the scenario's lesson, if it has one.
    pub fn challenge(&self) -> Option<&Challenge> {
        self.loaded.scenario.lesson.as_ref()?.challenge.as_ref()
    }

    /// A scenario with a lesson opens on the lesson's query, with no hint
    /// shown yet. True when the query changed, so its steps are due again.
    fn follow_lesson(&mut self) -> bool {
        self.hints_shown = 0;
        self.fix_shown = false;
        let Some(query) = self.loaded.scenario.lesson.as_ref().map(|l| &l.query) else {
            return false;
        };
        let name = query.name.to_string();
        if self.query.name == name && self.query.rtype == query.rtype {
            return false;
        }
        self.query.name = name;
        self.query.rtype = query.rtype;
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.history.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.history.future.is_empty()
    }

    /// The state after `action`. Never fails: an edit that does not load
    /// leaves the world as it was and keeps the user's text.
    pub fn apply(&self, action: Action) -> Lab {
        let mut lab = self.clone();
        // Whatever comes first, the steps it acts on exist.
        if lab.query.pending {
            lab.recompute_steps();
        }
        match action {
            Action::Select(selection) => {
                if selection != lab.selection {
                    lab.editing_copy = None;
                }
                if selection.is_some() {
                    lab.selections += 1;
                    lab.sheet = Some(Sheet::Inspector);
                    lab.let_notice_pass();
                }
                lab.selection = selection;
            }
            Action::FocusFinding(index) => {
                lab.focused_finding = index.filter(|i| *i < lab.loaded.findings.len());
                if let Some(finding) = lab.focused_finding.map(|i| &lab.loaded.findings[i]) {
                    lab.editing_copy = None;
                    lab.selection = finding
                        .zones
                        .first()
                        .cloned()
                        .map(Selection::Zone)
                        .or_else(|| finding.servers.first().cloned().map(Selection::Server));
                }
            }
            Action::EditZoneText { copy, text } => lab.edit_zone_text(copy, text),
            Action::EditRecords { copy, remove, add } => lab.edit_records(copy, &remove, &add),
            Action::AddZone {
                apex,
                servers,
                delegate,
            } => {
                let created = lab.edit_scenario(|s| s.add_zone(apex.clone(), &servers, delegate));
                if created.is_some() {
                    lab.select(Selection::Zone(apex));
                }
            }
            Action::RemoveZone {
                apex,
                remove_delegation,
            } => {
                if lab
                    .edit_scenario(|s| s.remove_zone(&apex, remove_delegation))
                    .is_some()
                {
                    lab.drafts.retain(|copy, _| copy.apex != apex);
                    lab.collapsed.remove(&apex);
                    lab.selection = None;
                }
            }
            Action::AddServer {
                host,
                addresses,
                zones,
            } => {
                if let Some(id) = lab.edit_scenario(|s| s.add_server(host, addresses, zones)) {
                    lab.select(Selection::Server(id));
                }
            }
            Action::RemoveServer(id) => {
                if lab.edit_scenario(|s| s.remove_server(&id)).is_some() {
                    lab.drafts
                        .retain(|copy, _| copy.server.as_ref() != Some(&id));
                    lab.selection = None;
                }
            }
            Action::UpdateServer {
                id,
                host,
                addresses,
            } => {
                lab.edit_scenario(|s| s.update_server(&id, host, addresses));
            }
            Action::SetLoads {
                server,
                apex,
                loads,
            } => {
                lab.edit_scenario(|s| s.set_loads(&server, &apex, loads));
            }
            Action::SetDiverged {
                server,
                apex,
                diverged,
            } => {
                if lab
                    .edit_scenario(|s| s.set_diverged(&server, &apex, diverged))
                    .is_some()
                {
                    let copy = CopyRef {
                        apex,
                        server: Some(server.clone()),
                    };
                    if diverged {
                        lab.editing_copy = Some(server);
                    } else {
                        lab.drafts.remove(&copy);
                        if lab.editing_copy.as_ref() == Some(&server) {
                            lab.editing_copy = None;
                        }
                    }
                }
            }
            Action::EditCopy(server) => lab.editing_copy = server,
            Action::LoadScenario { scenario, notice } => {
                match lab.replace_scenario((*scenario).clone()) {
                    Ok(()) => {
                        lab.drafts.clear();
                        lab.keep_selection_valid();
                        // Another world: what a resolver cached in the last
                        // one means nothing here.
                        let carried_cache = !lab.query.cache.is_empty();
                        if carried_cache {
                            lab.query.cache = Cache::new();
                            lab.query.cache_predates_edit = false;
                        }
                        if lab.follow_lesson() || carried_cache {
                            lab.restart();
                        }
                        lab.fold_large_families();
                        lab.passing_notice.clone_from(&notice);
                        lab.notice = notice;
                    }
                    Err(error) => {
                        lab.notice = Some(format!("That scenario was not opened: {error}"))
                    }
                }
            }
            Action::OpenBuiltIn(id) => match built_in(&id) {
                Some(scenario) => return lab.apply(Action::OpenFromLibrary(Rc::new(scenario))),
                None => lab.notice = Some(format!("There is no built-in scenario {id}.")),
            },
            Action::OpenFromLibrary(scenario) => {
                let title = scenario.title.clone();
                return lab.apply(Action::LoadScenario {
                    scenario,
                    notice: Some(format!(
                        "Opened \"{title}\". Undo brings back what you had before."
                    )),
                });
            }
            Action::ShowHint => {
                let hints = lab.challenge().map_or(0, |c| c.hints.len());
                lab.hints_shown = (lab.hints_shown + 1).min(hints);
            }
            Action::RevealFix => lab.fix_shown = true,
            Action::ApplyFix => {
                if let Some(fix) = lab.challenge().map(|c| c.fix.clone()) {
                    lab.apply_fix(&fix);
                }
            }
            Action::ApplyFindingFix(index) => {
                if let Some(fix) = lab.loaded.findings.get(index).map(|f| f.fix.clone()) {
                    lab.apply_fix(&fix);
                }
            }
            Action::ShowSheet(sheet) => {
                // A sheet needs the room as stepping does.
                if sheet.is_some() {
                    lab.let_notice_pass();
                }
                lab.sheet = sheet;
            }
            Action::SetClassroom(on) => {
                lab.classroom = on;
                // A projector shows the graph and the story, not what the
                // toolbar said a moment ago.
                if on {
                    lab.notice = None;
                }
            }
            Action::SetCompare(on) => {
                lab.compare = on;
                lab.recompute_compare();
            }
            Action::SetPredicting(on) => lab.set_predicting(on),
            Action::Predict(choice) => lab.pick(choice),
            Action::Author(edit) => lab.author(edit),
            Action::Course(edit) => lab.edit_course(edit),
            Action::DrawForExport(on) => lab.drawing_for_export = on,
            Action::Undo => lab.travel(true),
            Action::Redo => lab.travel(false),
            Action::Notify(message) => lab.notice = Some(message),
            Action::DiscardDraft(copy) => {
                lab.drafts.remove(&copy);
            }
            Action::TypeZoneText { copy, text } => lab.type_zone_text(copy, text),
            Action::SetBehaviour { server, behaviour } => {
                lab.edit_scenario(|s| {
                    if let Some(s) = s.servers.iter_mut().find(|s| s.id == server) {
                        s.behaviour = behaviour;
                    }
                    Ok(())
                });
            }
            Action::SetQueryName(name) => {
                lab.query.name = name;
                lab.restart();
            }
            Action::SetQueryType(rtype) => {
                lab.query.rtype = rtype;
                lab.restart();
            }
            Action::SetPreset(preset) => {
                lab.query.preset = preset;
                lab.query.config =
                    ResolverConfig::preset(preset).with_validation(lab.query.config.validation);
                lab.restart();
            }
            Action::SetQnameMinimisation(on) => {
                lab.query.config.qname_minimisation = on;
                lab.restart();
            }
            Action::SetValidation(on) => {
                lab.query.config.validation = on;
                lab.restart();
            }
            Action::SetTrustAnchor(text) => {
                let anchor = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                if anchor != lab.loaded.scenario.trust_anchor {
                    lab.edit_scenario(|s| {
                        s.trust_anchor = anchor;
                        Ok(())
                    });
                }
            }
            Action::SetSeed(seed) => {
                lab.query.seed = seed;
                lab.restart();
            }
            Action::Step => {
                lab.step_forward();
                lab.let_notice_pass();
            }
            Action::StepBack => {
                if lab.compare_extra > 0 {
                    lab.compare_extra -= 1;
                } else {
                    lab.query.shown = lab.query.shown.saturating_sub(1);
                }
                lab.query.playing = false;
            }
            Action::Run => {
                lab.query.shown = lab.query.steps.len();
                lab.compare_extra = lab.compare_overrun();
                lab.query.playing = false;
                lab.let_notice_pass();
            }
            Action::Reset => {
                lab.query.shown = 0;
                lab.compare_extra = 0;
                lab.query.playing = false;
            }
            Action::Play(on) => {
                // Playing from the end starts again from the first step.
                if on && lab.at_end() {
                    lab.query.shown = 0;
                    lab.compare_extra = 0;
                }
                lab.query.playing = on && !lab.query.steps.is_empty();
                if on {
                    lab.let_notice_pass();
                }
            }
            Action::Tick => {
                if lab.query.playing {
                    lab.step_forward();
                    if lab.at_end() {
                        lab.query.playing = false;
                    }
                }
            }
            Action::SetDelay(ms) => lab.query.delay_ms = ms.clamp(DELAY_MIN, DELAY_MAX),
            Action::ResolvePending => {}
            Action::AdvanceClock(seconds) => {
                // The cache the next resolution starts from is the one the
                // shown steps left behind, aged.
                let mut cache = lab.cache_after(lab.query.steps.len());
                cache.advance(seconds);
                lab.query.cache = cache;
                lab.resign_as_time_passes();
                lab.loaded.diagnose(lab.query.cache.now());
                lab.restart();
            }
            Action::Signing(edit) => lab.signing_edit(edit),
            Action::CryptoArrived(arrived) => lab.crypto_arrived(arrived),
            Action::FlushCache => {
                let now = lab.query.cache.now();
                let mut cache = Cache::new();
                cache.advance(now);
                lab.query.cache = cache;
                lab.query.cache_predates_edit = false;
                lab.restart();
            }
            Action::SelectTab(tab) => lab.tab = tab,
            Action::ToggleCollapse(apex) => {
                if !lab.collapsed.remove(&apex) {
                    lab.collapsed.insert(apex);
                }
            }
            Action::DismissNotice => lab.notice = None,
        }
        lab.refresh_prediction();
        lab.reveal_news(self);
        lab
    }

    /// Whether `action` leaves this state exactly as it is. Only the cheap
    /// cases are named; `false` means "apply it and see".
    pub fn unchanged_by(&self, action: &Action) -> bool {
        if self.query.pending {
            return false;
        }
        let query = &self.query;
        match action {
            Action::Tick => !query.playing,
            Action::Play(false) => !query.playing,
            Action::StepBack => query.shown == 0 && self.compare_extra == 0 && !query.playing,
            Action::SetDelay(ms) => (*ms).clamp(DELAY_MIN, DELAY_MAX) == query.delay_ms,
            Action::SelectTab(tab) => *tab == self.tab,
            Action::ShowSheet(sheet) => {
                *sheet == self.sheet && (sheet.is_none() || self.passing_notice.is_none())
            }
            Action::SetClassroom(on) => *on == self.classroom && (!on || self.notice.is_none()),
            Action::SetCompare(on) => *on == self.compare,
            Action::SetPredicting(on) => *on == self.predicting.is_some(),
            Action::DismissNotice => self.notice.is_none(),
            _ => false,
        }
    }

    /// Takes away a notice that only confirmed what the user did.
    fn let_notice_pass(&mut self) {
        if self.notice.is_some() && self.notice == self.passing_notice {
            self.notice = None;
        }
        self.passing_notice = None;
    }

    fn select(&mut self, selection: Selection) {
        self.selection = Some(selection);
        self.selections += 1;
        self.sheet = Some(Sheet::Inspector);
        self.editing_copy = None;
    }
}

/// The reducer's state: the current `Lab` behind an `Rc`, so components
/// receive it cheaply and compare it by identity.
#[derive(Clone)]
pub struct Store(pub Rc<Lab>);

/// Two stores are equal when they hold the same state (by identity): every
/// action makes a new one, so effects keyed on the store run once per
/// change.
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Store {
    fn default() -> Self {
        Store(Rc::new(Lab::default()))
    }
}

impl Reducible for Store {
    type Action = Action;

    /// The same state when the action changes nothing (yew then renders
    /// nothing again): an autoplay tick while paused, a second press of a
    /// button already pressed.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if self.0.unchanged_by(&action) {
            return self;
        }
        Rc::new(Store(Rc::new(self.0.apply(action))))
    }
}
