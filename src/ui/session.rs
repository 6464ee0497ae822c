//! A saved session: the scenario, the text the user typed that did not load
//! yet, and where they were (selection, query, step, tab, cache and clock).
//! Autosave writes it to the browser's storage; a reload restores it
//! exactly, since the same scenario, query, seed and cache give the same
//! steps. Undo history is not saved: it lasts for one visit.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::state::{Action, CopyRef, Lab, Selection, Tab};
use crate::sim::name::Name;
use crate::sim::record::RType;
use crate::sim::resolver::{Cache, Preset, ResolverConfig};
use crate::sim::scenario::{Scenario, ScenarioError, ServerId};

/// The session format this build writes and the newest it reads.
pub const SESSION_VERSION: u32 = 1;

/// `S` is the scenario as read ([`Scenario`]), or as written: its JSON,
/// already serialized ([`SessionWriter`]).
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub apex: Name,
    #[serde(default)]
    pub server: Option<ServerId>,
    pub text: String,
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
            RestoreError::Scenario(error) => write!(f, "the saved scenario does not load: {error}"),
        }
    }
}

impl Lab {
    /// Everything needed to come back to this state.
    pub fn session(&self) -> Session {
        self.session_with((*self.loaded.scenario).clone())
    }

    fn session_with<S>(&self, scenario: S) -> Session<S> {
        Session {
            version: SESSION_VERSION,
            scenario,
            drafts: self
                .drafts
                .iter()
                .map(|(copy, draft)| SavedDraft {
                    apex: copy.apex.clone(),
                    server: copy.server.clone(),
                    text: draft.text.clone(),
                })
                .collect(),
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
        }
    }

    /// The state a session was saved from (undo history aside).
    pub fn restore(session: Session) -> Result<Lab, RestoreError> {
        if session.version > SESSION_VERSION {
            return Err(RestoreError::FutureVersion(session.version));
        }
        let mut lab = Lab::new(session.scenario).map_err(RestoreError::Scenario)?;
        let query = session.query;
        lab.query.name = query.name;
        lab.query.rtype = query.rtype;
        lab.query.preset = query.preset;
        lab.query.config = query.config;
        lab.query.seed = query.seed;
        lab.query.delay_ms = query.delay_ms;
        lab.query.cache = query.cache;
        lab.restart();
        lab.query.shown = query.shown.min(lab.query.steps.len());
        // Drafts are re-applied, so their problems are found again; none
        // of them loaded when saved, so none changes the world now.
        for draft in session.drafts {
            lab = lab.apply(Action::EditZoneText {
                copy: CopyRef {
                    apex: draft.apex,
                    server: draft.server,
                },
                text: draft.text,
            });
        }
        lab.selection = session.selection;
        lab.editing_copy = session.editing_copy;
        lab.tab = session.tab;
        lab.collapsed = session.collapsed.into_iter().collect();
        lab.history = Default::default();
        lab.notice = None;
        Ok(lab)
    }
}

/// Reads a saved session from its JSON.
pub fn session_from_json(json: &str) -> Result<Session, RestoreError> {
    serde_json::from_str(json).map_err(|e| RestoreError::Json(e.to_string()))
}

/// The saved JSON of `lab`'s session.
pub fn session_to_json(lab: &Lab) -> String {
    SessionWriter::default().to_json(lab)
}

/// Writes session after session, serializing the scenario again only when
/// it changed. Autosave runs after every step too, and at 2,000 zones
/// serializing the unchanged scenario was most of each save.
#[derive(Default)]
pub struct SessionWriter {
    scenario: Option<(Rc<Scenario>, Box<RawValue>)>,
}

impl SessionWriter {
    pub fn to_json(&mut self, lab: &Lab) -> String {
        let current = &lab.loaded.scenario;
        let scenario = match &self.scenario {
            Some((written, json)) if Rc::ptr_eq(written, current) => json,
            _ => {
                let json = serde_json::to_string(&**current).expect("a scenario always serializes");
                let json = RawValue::from_string(json).expect("serde_json writes valid JSON");
                &self.scenario.insert((Rc::clone(current), json)).1
            }
        };
        serde_json::to_string(&lab.session_with(scenario)).expect("a session always serializes")
    }
}
