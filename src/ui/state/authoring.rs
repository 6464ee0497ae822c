//! "Make a lesson": the teacher's form, kept in the state as typed (so
//! nothing typed is lost to a re-render or a detour through the graph),
//! the fix recorded by performing it, and the lesson saved into the world,
//! ready to share. What the lesson expects and whether its challenge holds
//! are worked out by the core ([`crate::sim::lesson::author`]).

use super::*;
use crate::sim::finding::FindingKind;
use crate::sim::fix::{Fix, FixEdit};
use crate::sim::lesson::author::{Authored, author, clock_advance};
use crate::sim::lesson::{Category, Challenge, Expected, Lesson, LessonQuery, OutcomeKind};

/// The lesson being written. A session keeps it as typed, so a reload
/// loses none of it (the world a recording began from is kept beside it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Authoring {
    pub title: String,
    pub category: Category,
    pub story: String,
    pub look_for: String,
    pub query_name: String,
    pub query_type: RType,
    /// How far the clock moves before the query is tried again; 0 for
    /// not at all.
    pub advance_seconds: u64,
    pub challenge: bool,
    pub goal: String,
    pub findings_gone: Vec<FindingKind>,
    pub findings_absent: Vec<FindingKind>,
    pub must_resolve: bool,
    pub hints: [String; 3],
    pub fix_explanation: String,
    /// The fix, as recorded.
    pub fix: Vec<FixEdit>,
    /// While the fix is being recorded: the world as it was when the
    /// recording began, the world the lesson ships with.
    #[serde(skip)]
    pub recording: Option<Rc<Scenario>>,
    /// The form is open (it folds away while a fix is recorded).
    pub open: bool,
    /// The lesson as the core works it out from the form and the world;
    /// `None` while the form is closed or a fix is recorded.
    #[serde(skip)]
    pub review: Option<Rc<Authored>>,
    /// The world `review` was worked out in.
    #[serde(skip)]
    reviewed_world: Option<Rc<Scenario>>,
}

/// One change to the lesson being written.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthorEdit {
    /// Open the form, with what this world's lesson says if it has one.
    Open,
    Close,
    /// Forget the lesson being written.
    Discard,
    Title(String),
    Category(Category),
    Story(String),
    LookFor(String),
    QueryName(String),
    QueryType(RType),
    AdvanceSeconds(u64),
    Challenge(bool),
    Goal(String),
    FindingGone(FindingKind, bool),
    FindingAbsent(FindingKind, bool),
    MustResolve(bool),
    Hint(usize, String),
    FixExplanation(String),
    StartRecording,
    /// Keep the edits since the recording began as the fix, and bring the
    /// world back to how the lesson ships it.
    StopRecording,
    /// Put the lesson into the world (one undoable edit), ready to share.
    Save,
}

impl Authoring {
    /// A new lesson about `lab`'s world, or its own lesson to edit.
    fn new(lab: &Lab) -> Authoring {
        let scenario = &lab.loaded.scenario;
        let present: Vec<FindingKind> = distinct_kinds(&lab.loaded.findings)
            .into_iter()
            .filter(|kind| kind.is_mistake())
            .collect();
        let mut authoring = Authoring {
            title: scenario.title.clone(),
            category: Category::Basics,
            story: String::new(),
            look_for: String::new(),
            query_name: lab.query.name.trim().to_string(),
            query_type: lab.query.rtype,
            advance_seconds: 0,
            challenge: !present.is_empty(),
            goal: String::new(),
            findings_gone: present,
            findings_absent: Vec::new(),
            must_resolve: true,
            hints: Default::default(),
            fix_explanation: String::new(),
            fix: Vec::new(),
            recording: None,
            open: true,
            review: None,
            reviewed_world: None,
        };
        if let Some(lesson) = &scenario.lesson {
            authoring.category = lesson.category;
            authoring.story.clone_from(&lesson.story);
            authoring.look_for.clone_from(&lesson.look_for);
            authoring.query_name = lesson.query.name.to_string();
            authoring.query_type = lesson.query.rtype;
            authoring.advance_seconds = lesson
                .then
                .as_ref()
                .filter(|then| then.change.is_empty())
                .map_or(0, |then| then.advance_seconds);
            if let Some(challenge) = &lesson.challenge {
                authoring.challenge = true;
                authoring.goal.clone_from(&challenge.goal);
                authoring.findings_gone.clone_from(&challenge.findings_gone);
                authoring
                    .findings_absent
                    .clone_from(&challenge.findings_absent);
                authoring.must_resolve = challenge.must_resolve;
                for (slot, hint) in authoring.hints.iter_mut().zip(&challenge.hints) {
                    slot.clone_from(hint);
                }
                authoring
                    .fix_explanation
                    .clone_from(&challenge.fix.explanation);
                authoring.fix.clone_from(&challenge.fix.edits);
            }
        }
        authoring
    }

    /// The lesson the form says, its outcomes still to be worked out; why
    /// not, when the query name is not a name.
    pub fn lesson(&self) -> Result<Lesson, String> {
        let name = Name::parse(self.query_name.trim())
            .map_err(|e| format!("The query name is not a domain name: {e}."))?;
        let unknown = Expected {
            unbound_like: OutcomeKind::Answer,
            bind_like: OutcomeKind::Answer,
        };
        let hints = self
            .hints
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .collect();
        Ok(Lesson {
            id: lesson_id(&self.title),
            category: self.category,
            story: self.story.trim().to_string(),
            look_for: self.look_for.trim().to_string(),
            query: LessonQuery {
                name,
                rtype: self.query_type,
            },
            expect: unknown,
            then: (self.advance_seconds > 0).then(|| clock_advance(self.advance_seconds)),
            challenge: self.challenge.then(|| Challenge {
                goal: self.goal.trim().to_string(),
                findings_gone: self.findings_gone.clone(),
                findings_absent: self.findings_absent.clone(),
                must_resolve: self.must_resolve,
                hints,
                fix: Fix::new(self.fix_explanation.trim().to_string(), self.fix.clone()),
            }),
        })
    }
}

/// A lesson's id from its title.
fn lesson_id(title: &str) -> String {
    match crate::persist::slug(title) {
        id if id.is_empty() => "my-lesson".to_string(),
        id => id,
    }
}

/// The kinds of `findings`, each once, in the order first found.
pub fn distinct_kinds(findings: &[Finding]) -> Vec<FindingKind> {
    let mut kinds = Vec::new();
    for finding in findings {
        if !kinds.contains(&finding.kind) {
            kinds.push(finding.kind);
        }
    }
    kinds
}

fn toggle(kinds: &mut Vec<FindingKind>, kind: FindingKind, on: bool) {
    kinds.retain(|k| *k != kind);
    if on {
        kinds.push(kind);
    }
}

impl Lab {
    pub(super) fn author(&mut self, edit: AuthorEdit) {
        if edit == AuthorEdit::Open {
            match &mut self.authoring {
                Some(authoring) => authoring.open = true,
                None => self.authoring = Some(Authoring::new(self)),
            }
            self.review_lesson();
            return;
        }
        let Some(mut authoring) = self.authoring.take() else {
            return;
        };
        match edit {
            AuthorEdit::Open => {}
            AuthorEdit::Close => authoring.open = false,
            AuthorEdit::Discard => return,
            AuthorEdit::Title(title) => authoring.title = title,
            AuthorEdit::Category(category) => authoring.category = category,
            AuthorEdit::Story(story) => authoring.story = story,
            AuthorEdit::LookFor(text) => authoring.look_for = text,
            AuthorEdit::QueryName(name) => authoring.query_name = name,
            AuthorEdit::QueryType(rtype) => authoring.query_type = rtype,
            AuthorEdit::AdvanceSeconds(seconds) => authoring.advance_seconds = seconds,
            AuthorEdit::Challenge(on) => authoring.challenge = on,
            AuthorEdit::Goal(goal) => authoring.goal = goal,
            AuthorEdit::FindingGone(kind, on) => toggle(&mut authoring.findings_gone, kind, on),
            AuthorEdit::FindingAbsent(kind, on) => toggle(&mut authoring.findings_absent, kind, on),
            AuthorEdit::MustResolve(on) => authoring.must_resolve = on,
            AuthorEdit::Hint(index, text) => {
                if let Some(slot) = authoring.hints.get_mut(index) {
                    *slot = text;
                }
            }
            AuthorEdit::FixExplanation(text) => authoring.fix_explanation = text,
            AuthorEdit::StartRecording => {
                authoring.recording = Some(Rc::clone(&self.loaded.scenario));
                authoring.open = false;
                authoring.review = None;
            }
            AuthorEdit::StopRecording => {
                if let Some(before) = authoring.recording.take() {
                    self.stop_recording(&mut authoring, &before);
                }
                authoring.open = true;
            }
            AuthorEdit::Save => {
                self.authoring = Some(authoring);
                self.save_lesson();
                return;
            }
        }
        self.authoring = Some(authoring);
        self.review_lesson();
    }

    /// The edits since the recording began become the fix, and the world
    /// goes back to how the lesson ships it (one more undoable edit).
    fn stop_recording(&mut self, authoring: &mut Authoring, before: &Rc<Scenario>) {
        let after = Rc::clone(&self.loaded.scenario);
        match crate::sim::fix::record::edits_between(before, &after) {
            Ok(edits) if edits.is_empty() => {
                self.notice = Some("No fix recorded: the world was not changed.".into());
            }
            Ok(edits) => {
                let count = edits.len();
                authoring.fix = edits;
                let mut shipped = (**before).clone();
                // The lesson stays as the teacher last saved it.
                shipped.lesson.clone_from(&after.lesson);
                shipped.title.clone_from(&after.title);
                match self.replace_scenario(shipped) {
                    Ok(()) => {
                        self.notice = Some(format!(
                            "Recorded your fix ({}). The world is back as the lesson ships it; undo shows it mended.",
                            crate::sim::prose::plural(count, "edit", "edits")
                        ));
                    }
                    Err(error) => {
                        self.notice = Some(format!("The world could not be put back: {error}"))
                    }
                }
            }
            Err(error) => self.notice = Some(format!("Your fix was not recorded: {error}.")),
        }
    }

    /// Works the lesson out again from the form and the world, while the
    /// form is open; when only its words changed, on the same world, what
    /// the world said stands.
    pub(in crate::ui) fn review_lesson(&mut self) {
        let scenario = Rc::clone(&self.loaded.scenario);
        let Some(authoring) = &mut self.authoring else {
            return;
        };
        // Worked out for the form only: a closed or folded form costs an
        // edit nothing (the lesson is worked out again when it opens).
        if authoring.recording.is_some() || !authoring.open {
            authoring.review = None;
            return;
        }
        let Ok(lesson) = authoring.lesson() else {
            authoring.review = None;
            return;
        };
        let same_world = authoring
            .reviewed_world
            .as_ref()
            .is_some_and(|world| Rc::ptr_eq(world, &scenario));
        let retold = authoring
            .review
            .as_ref()
            .filter(|_| same_world)
            .and_then(|review| review.retold(&lesson));
        authoring.review = Some(Rc::new(retold.unwrap_or_else(|| author(lesson, &scenario))));
        authoring.reviewed_world = Some(scenario);
    }

    /// Puts the reviewed lesson into the world, if it is ready.
    fn save_lesson(&mut self) {
        let Some(authoring) = &self.authoring else {
            return;
        };
        let Some(review) = authoring.review.clone() else {
            self.notice = Some("The lesson cannot be saved yet: check its query name.".into());
            return;
        };
        if !review.is_ready() {
            self.notice = Some(format!(
                "The lesson cannot be saved yet: {}",
                review.problems().join(" ")
            ));
            return;
        }
        let mut scenario = (*self.loaded.scenario).clone();
        let title = authoring.title.trim();
        if !title.is_empty() {
            scenario.title = title.to_string();
        }
        scenario.lesson = Some(review.lesson.clone());
        match self.replace_scenario(scenario) {
            Ok(()) => {
                self.hints_shown = 0;
                self.fix_shown = false;
                self.notice = Some(
                    "The lesson is in this world now: share it as a link, a QR code or a file."
                        .into(),
                );
            }
            Err(error) => self.notice = Some(format!("The lesson was not saved: {error}")),
        }
        self.review_lesson();
    }
}
