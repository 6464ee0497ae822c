//! A course: lessons in an order. A teacher gathers lessons into one (each
//! saved lesson added in turn, moved up or down, taken out) and downloads
//! it as one file; a class imports the file and takes the lessons one
//! after another, each opened as a lesson link opens (the learner's world
//! before it one undo away).

use super::*;
use crate::persist::Course;

/// The course in hand.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseState {
    pub title: String,
    pub lessons: Vec<Rc<Scenario>>,
    /// The lesson being taken, when the course is being taken.
    pub at: Option<usize>,
}

impl CourseState {
    pub fn course(&self) -> Course {
        Course {
            title: self.title.clone(),
            lessons: self.lessons.iter().map(|l| (**l).clone()).collect(),
        }
    }
}

/// One change to the course.
#[derive(Clone, Debug, PartialEq)]
pub enum CourseEdit {
    /// Take a course (an imported file): its first lesson opens.
    Take(Rc<Course>),
    /// Open lesson `index` of the course.
    Go(usize),
    /// Add the world, with its lesson, at the end of the course (a new
    /// course when there is none).
    Add,
    /// Move lesson `index` one place earlier.
    MoveUp(usize),
    Remove(usize),
    Title(String),
}

impl Lab {
    pub(super) fn edit_course(&mut self, edit: CourseEdit) {
        match edit {
            CourseEdit::Take(course) => {
                self.course = Some(CourseState {
                    title: course.title.clone(),
                    lessons: course.lessons.iter().cloned().map(Rc::new).collect(),
                    at: None,
                });
                self.go_to_lesson(0);
            }
            CourseEdit::Go(index) => self.go_to_lesson(index),
            CourseEdit::Add => {
                let scenario = Rc::clone(&self.loaded.scenario);
                if scenario.lesson.is_none() {
                    self.notice = Some("Only a world with a lesson can join a course.".into());
                    return;
                }
                let course = self.course.get_or_insert_with(|| CourseState {
                    title: "My course".into(),
                    lessons: Vec::new(),
                    at: None,
                });
                course.lessons.push(scenario);
            }
            CourseEdit::MoveUp(index) => {
                if let Some(course) = &mut self.course
                    && index > 0
                    && index < course.lessons.len()
                {
                    course.lessons.swap(index - 1, index);
                    course.at = None;
                }
            }
            CourseEdit::Remove(index) => {
                if let Some(course) = &mut self.course
                    && index < course.lessons.len()
                {
                    course.lessons.remove(index);
                    course.at = None;
                    if course.lessons.is_empty() {
                        self.course = None;
                    }
                }
            }
            CourseEdit::Title(title) => {
                if let Some(course) = &mut self.course {
                    course.title = title;
                }
            }
        }
    }

    /// Opens lesson `index` of the course, the world before it one undo
    /// away.
    fn go_to_lesson(&mut self, index: usize) {
        let Some(course) = &mut self.course else {
            return;
        };
        let Some(lesson) = course.lessons.get(index).cloned() else {
            return;
        };
        course.at = Some(index);
        let count = course.lessons.len();
        let title = course.title.clone();
        let notice = format!(
            "Lesson {} of {count} of \"{title}\": \"{}\". Undo brings back what you had.",
            index + 1,
            lesson.title
        );
        *self = self.apply(Action::LoadScenario {
            scenario: lesson,
            notice: Some(notice),
        });
    }
}
