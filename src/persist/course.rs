//! A course: several lessons in one file, in the order a teacher gives
//! them. Each lesson is a whole scenario with its lesson, as a lesson's own
//! file holds it, so a course is read back lesson by lesson and a lesson
//! that does not load is named by its place and title.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

use crate::sim::scenario::{Scenario, ScenarioError};

/// The key that tells a course file from a scenario file, with the
/// course format's version as its value.
pub const COURSE_KEY: &str = "dns_lab_course";

/// The course format this build writes and the newest it reads.
pub const COURSE_VERSION: u64 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub title: String,
    /// In the order they are taken.
    pub lessons: Vec<Scenario>,
}

/// Why a course file could not be read. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CourseError {
    /// Not JSON, or not a course's shape.
    Shape(String),
    /// Written by a newer DNS Lab.
    FutureVersion(u64),
    Empty,
    /// Lesson `index` (from 0) does not read or load.
    Lesson {
        index: usize,
        title: String,
        error: ScenarioError,
    },
    /// Lesson `index` is a world without a lesson.
    NoLesson {
        index: usize,
        title: String,
    },
}

impl fmt::Display for CourseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CourseError::Shape(why) => write!(f, "this is not a DNS Lab course file ({why})"),
            CourseError::FutureVersion(version) => write!(
                f,
                "this course was written by a newer DNS Lab (format {version})"
            ),
            CourseError::Empty => f.write_str("this course has no lessons"),
            CourseError::Lesson {
                index,
                title,
                error,
            } => write!(
                f,
                "lesson {} (\"{title}\") does not load: {error}",
                index + 1
            ),
            CourseError::NoLesson { index, title } => write!(
                f,
                "lesson {} (\"{title}\") is a world without a lesson",
                index + 1
            ),
        }
    }
}

impl std::error::Error for CourseError {}

/// Whether `json` is a course file rather than a scenario.
pub fn is_course(json: &str) -> bool {
    serde_json::from_str::<Value>(json).is_ok_and(|value| value.get(COURSE_KEY).is_some())
}

impl Course {
    pub fn to_json(&self) -> String {
        let mut value = serde_json::to_value(self).expect("a course always serializes");
        value[COURSE_KEY] = Value::from(COURSE_VERSION);
        serde_json::to_string_pretty(&value).expect("a course always serializes")
    }

    /// Reads a course file: every lesson must load and carry its lesson.
    pub fn from_json(json: &str) -> Result<Course, CourseError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| CourseError::Shape(e.to_string()))?;
        let version = value
            .get(COURSE_KEY)
            .and_then(Value::as_u64)
            .ok_or_else(|| CourseError::Shape(format!("no \"{COURSE_KEY}\" version")))?;
        if version > COURSE_VERSION {
            return Err(CourseError::FutureVersion(version));
        }
        let title = value
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let entries = value
            .get("lessons")
            .and_then(Value::as_array)
            .ok_or_else(|| CourseError::Shape("no list of lessons".into()))?;
        if entries.is_empty() {
            return Err(CourseError::Empty);
        }
        let mut lessons = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let title = entry
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let failed = |error| CourseError::Lesson {
                index,
                title: title.clone(),
                error,
            };
            let scenario = Scenario::from_json(&entry.to_string()).map_err(failed)?;
            scenario.load().map_err(failed)?;
            if scenario.lesson.is_none() {
                return Err(CourseError::NoLesson { index, title });
            }
            lessons.push(scenario);
        }
        Ok(Course { title, lessons })
    }
}
