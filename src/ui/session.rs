//! A saved session: the scenario, the text the user typed that did not load
//! yet, and where they were (selection, query, step, tab, cache and clock).
//! Autosave writes it to the browser's storage; a reload restores it
//! exactly, since the same scenario, query, seed and cache give the same
//! steps. The last steps of the undo history come along (up to
//! [`SAVED_UNDO_STEPS`] each way, within [`SAVED_UNDO_BYTES`] packed), so
//! a reload can still take an edit back.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::state::{
    Action, Authoring, CopyRef, CourseState, Draft, History, Lab, Selection, Snapshot, Tab,
};
use crate::persist::{Course, ImportError, pack, unpack};
use crate::sim::name::Name;
use crate::sim::record::RType;
use crate::sim::resolver::{Cache, Preset, ResolverConfig};
use crate::sim::scenario::{Scenario, ScenarioError, ServerId, format_version};

/// The session format this build writes and the newest it reads. Version
/// 2 keeps the scenario packed (deflated, base64url: [`pack`]), as share
/// links do: a 2,000-zone world is 720 KB of JSON, and reading that much
/// from localStorage took a tenth of the page's first render (and a
/// 10,000-zone world came near the browser's storage quota). Version 1
/// kept it as JSON and is still read.
pub const SESSION_VERSION: u32 = 2;

/// How many undo (and redo) steps a session keeps.
pub const SAVED_UNDO_STEPS: usize = 20;

/// The most the saved history may take, packed: storage holds a few
/// megabytes per site, and the world itself comes first.
pub const SAVED_UNDO_BYTES: usize = 1 << 20;

/// The most a saved scenario may inflate to: far above any world the page
/// can work with, low enough that damaged storage cannot exhaust memory.
const MAX_SAVED_SCENARIO_BYTES: usize = 256 << 20;

/// `S` is the scenario as the page uses it ([`Scenario`]), or as version 2
/// stores it: packed text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session<S = Scenario> {
    pub version: u32,
    pub scenario: S,
    #[serde(default)]
    pub drafts: Vec<SavedDraft>,
    #[serde(default)]
    pub selection: Option<Selection>,
    #[serde(default)]
    pub editing_copy: Option<ServerId>,
    pub query: SavedQuery,
    pub tab: Tab,
    #[serde(default)]
    pub collapsed: Vec<Name>,
    /// Undo steps, oldest first, and redo steps, the next one last.
    #[serde(default = "Vec::new")]
    pub undo: Vec<SavedSnapshot<S>>,
    #[serde(default = "Vec::new")]
    pub redo: Vec<SavedSnapshot<S>>,
    /// The lesson being written, as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authoring: Option<Authoring>,
    /// While its fix is recorded: the world the recording began from.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub recording: Option<S>,
    /// The course gathered or taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<SavedCourse>,
    /// Predict mode's score, when it is on: right picks, and picks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicting: Option<(usize, usize)>,
}

/// A course as a session keeps it: its file, packed, and the lesson taken.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedCourse {
    pub packed: String,
    pub at: Option<usize>,
}

fn none<S>() -> Option<S> {
    None
}

/// One step of the undo history: the world as it was, with its drafts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSnapshot<S = Scenario> {
    pub scenario: S,
    #[serde(default)]
    pub drafts: Vec<SavedDraft>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub apex: Name,
    #[serde(default)]
    pub server: Option<ServerId>,
    pub text: String,
    /// Applied and refused; sessions from before untried drafts were kept
    /// hold only those.
    #[serde(default = "refused_before")]
    pub tried: bool,
}

fn refused_before() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedQuery {
    pub name: String,
    pub rtype: RType,
    pub preset: Preset,
    pub config: ResolverConfig,
    pub seed: u64,
    pub shown: usize,
    pub delay_ms: u32,
    pub cache: Cache,
}

/// Why a saved session could not be restored.
#[derive(Debug)]
pub enum RestoreError {
    Json(String),
    FutureVersion(u32),
    /// The packed scenario does not unpack.
    Packed(ImportError),
    Scenario(ScenarioError),
}

impl std::fmt::Display for RestoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestoreError::Json(error) => write!(f, "the saved session is damaged ({error})"),
            RestoreError::FutureVersion(version) => write!(
                f,
                "the saved session is from a newer DNS Lab (format {version})"
            ),
            RestoreError::Packed(error) => write!(f, "the saved scenario is damaged ({error})"),
            RestoreError::Scenario(error) => write!(f, "the saved scenario does not load: {error}"),
        }
    }
}

impl Lab {
    /// Everything needed to come back to this state.
    pub fn session(&self) -> Session {
        self.session_with((*self.loaded.scenario).clone(), |scenario| {
            Some((**scenario).clone())
        })
    }

    /// The session, with the scenario as `scenario` and each history step's
    /// as `keep` makes it (`None` ends the history there, older steps and
    /// all).
    fn session_with<S>(
        &self,
        scenario: S,
        mut keep: impl FnMut(&Rc<Scenario>) -> Option<S>,
    ) -> Session<S> {
        let mut saved = |snapshots: &[Snapshot]| -> Vec<SavedSnapshot<S>> {
            let mut kept: Vec<SavedSnapshot<S>> = Vec::new();
            for snapshot in snapshots.iter().rev().take(SAVED_UNDO_STEPS) {
                let Some(scenario) = keep(&snapshot.scenario) else {
                    break;
                };
                kept.push(SavedSnapshot {
                    scenario,
                    drafts: saved_drafts(&snapshot.drafts),
                });
            }
            kept.reverse();
            kept
        };
        let undo = saved(&self.history.past);
        let redo = saved(&self.history.future);
        let recording = self
            .authoring
            .as_ref()
            .and_then(|a| a.recording.as_ref())
            .and_then(&mut keep);
        Session {
            version: SESSION_VERSION,
            scenario,
            drafts: saved_drafts(&self.drafts),
            selection: self.selection.clone(),
            editing_copy: self.editing_copy.clone(),
            query: SavedQuery {
                name: self.query.name.clone(),
                rtype: self.query.rtype,
                preset: self.query.preset,
                config: self.query.config,
                seed: self.query.seed,
                shown: self.query.shown,
                delay_ms: self.query.delay_ms,
                cache: self.query.cache.clone(),
            },
            tab: self.tab,
            collapsed: self.collapsed.iter().cloned().collect(),
            undo,
            redo,
            authoring: self.authoring.clone(),
            recording,
            course: self.course.as_ref().map(|course| SavedCourse {
                packed: pack(course.course().to_json().as_bytes(), 1),
                at: course.at,
            }),
            predicting: self.predicting.as_ref().map(|p| (p.right, p.answered)),
        }
    }

    /// The state a session was saved from (undo history aside).
    pub fn restore(session: Session) -> Result<Lab, RestoreError> {
        Ok(Lab::reopening(session)?.apply(Action::ResolvePending))
    }

    /// [`Lab::restore`] with the query still to resolve, as the page opens
    /// ([`Lab::opening`]); `query.shown` is the step it was saved at.
    pub fn reopening(session: Session) -> Result<Lab, RestoreError> {
        if session.version > SESSION_VERSION {
            return Err(RestoreError::FutureVersion(session.version));
        }
        let mut lab = Lab::unresolved(session.scenario).map_err(RestoreError::Scenario)?;
        let query = session.query;
        lab.query.name = query.name;
        lab.query.rtype = query.rtype;
        lab.query.preset = query.preset;
        lab.query.config = query.config;
        lab.query.seed = query.seed;
        lab.query.delay_ms = query.delay_ms;
        lab.query.cache = query.cache;
        lab.query.shown = query.shown;
        // Refused drafts are applied again, so their problems are found
        // again (none loaded when saved, so none changes the world now);
        // untried ones stay unapplied, as they were.
        for draft in session.drafts {
            let copy = CopyRef {
                apex: draft.apex,
                server: draft.server,
            };
            if draft.tried {
                lab.edit_zone_text(copy, draft.text);
            } else {
                lab.type_zone_text(copy, draft.text);
            }
        }
        lab.selection = session.selection;
        lab.editing_copy = session.editing_copy;
        lab.tab = session.tab;
        lab.collapsed = session.collapsed.into_iter().collect();
        // A saved step that no longer loads (a newer build's limits, say)
        // ends the history there rather than failing the restore.
        lab.history = History {
            past: restored_steps(session.undo),
            future: restored_steps(session.redo),
        };
        // A recording whose world was not kept ends: the form comes back.
        lab.authoring = session.authoring.map(|mut authoring| {
            authoring.recording = session.recording.map(Rc::new);
            authoring.open |= authoring.recording.is_none();
            authoring
        });
        lab.review_lesson();
        // A course that no longer reads is left behind, not the session.
        lab.course = session.course.and_then(|saved| {
            let json = unpack(&saved.packed, MAX_SAVED_SCENARIO_BYTES).ok()?;
            let course = Course::from_json(&json).ok()?;
            Some(CourseState {
                title: course.title,
                lessons: course.lessons.into_iter().map(Rc::new).collect(),
                at: saved.at,
            })
        });
        lab.restore_predicting(session.predicting);
        lab.notice = None;
        Ok(lab)
    }
}

fn saved_drafts(drafts: &BTreeMap<CopyRef, Draft>) -> Vec<SavedDraft> {
    drafts
        .iter()
        .map(|(copy, draft)| SavedDraft {
            apex: copy.apex.clone(),
            server: copy.server.clone(),
            text: draft.text.clone(),
            tried: draft.tried,
        })
        .collect()
}

/// Saved history steps as undo keeps them; a step's drafts come back
/// unapplied (their problems are found again when applied).
fn restored_steps(saved: Vec<SavedSnapshot>) -> Vec<Snapshot> {
    saved
        .into_iter()
        .map(|step| Snapshot {
            scenario: Rc::new(step.scenario),
            drafts: step
                .drafts
                .into_iter()
                .map(|draft| {
                    (
                        CopyRef {
                            apex: draft.apex,
                            server: draft.server,
                        },
                        Draft {
                            text: draft.text,
                            tried: false,
                            problems: Vec::new(),
                            other: Vec::new(),
                        },
                    )
                })
                .collect(),
        })
        .collect()
}

/// Reads a saved session from its JSON, in any format this build knows.
pub fn session_from_json(json: &str) -> Result<Session, RestoreError> {
    let damaged = |e: serde_json::Error| RestoreError::Json(e.to_string());
    let version = format_version(json).map_err(damaged)?;
    match version {
        1 => serde_json::from_str(json).map_err(damaged),
        2 => {
            let mut stored: Session<String> = serde_json::from_str(json).map_err(damaged)?;
            let text =
                unpack(&stored.scenario, MAX_SAVED_SCENARIO_BYTES).map_err(RestoreError::Packed)?;
            let scenario = Scenario::from_json(&text).map_err(RestoreError::Scenario)?;
            // A damaged history step drops the steps before it, never the
            // session.
            let unpack_steps = |steps: Vec<SavedSnapshot<String>>| -> Vec<SavedSnapshot> {
                let mut kept: Vec<SavedSnapshot> = Vec::new();
                for step in steps.into_iter().rev() {
                    let Some(scenario) = unpack(&step.scenario, MAX_SAVED_SCENARIO_BYTES)
                        .ok()
                        .and_then(|text| Scenario::from_json(&text).ok())
                    else {
                        break;
                    };
                    kept.push(SavedSnapshot {
                        scenario,
                        drafts: step.drafts,
                    });
                }
                kept.reverse();
                kept
            };
            let (undo, redo) = (
                unpack_steps(std::mem::take(&mut stored.undo)),
                unpack_steps(std::mem::take(&mut stored.redo)),
            );
            let recording = stored
                .recording
                .take()
                .and_then(|packed| unpack(&packed, MAX_SAVED_SCENARIO_BYTES).ok())
                .and_then(|text| Scenario::from_json(&text).ok());
            let mut session = stored.with_scenario(scenario);
            session.undo = undo;
            session.redo = redo;
            session.recording = recording;
            Ok(session)
        }
        _ if version > SESSION_VERSION => Err(RestoreError::FutureVersion(version)),
        _ => Err(RestoreError::Json(format!(
            "session format {version} was never written by DNS Lab"
        ))),
    }
}

/// The saved JSON of `lab`'s session.
pub fn session_to_json(lab: &Lab) -> String {
    SessionWriter::default().to_json(lab)
}

/// Writes session after session, packing a scenario again only when it
/// changed: autosave runs after every step too, and at 2,000 zones
/// serializing the unchanged scenario was most of each save. The history's
/// scenarios are packed once each, as they enter it.
#[derive(Default)]
pub struct SessionWriter {
    scenario: Option<(Rc<Scenario>, String)>,
    history: Vec<(Rc<Scenario>, String)>,
}

impl SessionWriter {
    pub fn to_json(&mut self, lab: &Lab) -> String {
        let current = &lab.loaded.scenario;
        let packed = match &self.scenario {
            Some((written, packed)) if Rc::ptr_eq(written, current) => packed.clone(),
            _ => {
                let packed = pack_scenario(current);
                self.scenario = Some((Rc::clone(current), packed.clone()));
                packed
            }
        };
        let mut cache = std::mem::take(&mut self.history);
        let mut kept: Vec<(Rc<Scenario>, String)> = Vec::new();
        let mut budget = SAVED_UNDO_BYTES;
        let session = lab.session_with(packed, |scenario| {
            let packed = match cache.iter().position(|(s, _)| Rc::ptr_eq(s, scenario)) {
                Some(at) => cache.swap_remove(at).1,
                None => pack_scenario(scenario),
            };
            budget = budget.checked_sub(packed.len())?;
            kept.push((Rc::clone(scenario), packed.clone()));
            Some(packed)
        });
        self.history = kept;
        serde_json::to_string(&session).expect("a session always serializes")
    }
}

/// A scenario as sessions store it: JSON, deflated at the fastest level
/// (autosave runs while the user works, and zone files full of repeated
/// names shrink well at any level).
fn pack_scenario(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).expect("a scenario always serializes");
    pack(&json, 1)
}

impl<S> Session<S> {
    /// The same session with its scenario in another form.
    fn with_scenario<T>(self, scenario: T) -> Session<T> {
        Session {
            version: self.version,
            scenario,
            drafts: self.drafts,
            selection: self.selection,
            editing_copy: self.editing_copy,
            query: self.query,
            tab: self.tab,
            collapsed: self.collapsed,
            undo: Vec::new(),
            redo: Vec::new(),
            authoring: self.authoring,
            recording: None,
            course: self.course,
            predicting: self.predicting,
        }
    }
}
