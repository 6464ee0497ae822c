//! A course in the reducer: a teacher gathers saved lessons in an order
//! and gets one file; a class imports it and takes the lessons one after
//! another; a reload keeps the course and the lesson being taken.

use dns_lab::persist::{Imported, import_file};
use dns_lab::sim::scenarios::built_in;
use dns_lab::ui::session::{session_from_json, session_to_json};
use dns_lab::ui::state::{Action, CourseEdit, Lab};
use std::rc::Rc;

fn open(id: &str, lab: Lab) -> Lab {
    lab.apply(Action::LoadScenario {
        scenario: Rc::new(built_in(id).unwrap()),
        notice: None,
    })
}

fn course(lab: &Lab) -> &dns_lab::ui::state::CourseState {
    lab.course.as_ref().expect("a course")
}

#[test]
fn lessons_gathered_in_order_make_a_course_a_class_takes_one_after_another() {
    let mut lab = Lab::default();
    for id in ["missing-glue", "lame-one-good", "cname-loop"] {
        lab = open(id, lab).apply(Action::Course(CourseEdit::Add));
    }
    let lab = lab
        .apply(Action::Course(CourseEdit::Title("Week 3".into())))
        .apply(Action::Course(CourseEdit::MoveUp(2)))
        .apply(Action::Course(CourseEdit::Remove(0)));
    let titles: Vec<String> = course(&lab)
        .lessons
        .iter()
        .map(|l| l.title.clone())
        .collect();
    assert_eq!(titles.len(), 2);
    assert_eq!(titles[0], built_in("cname-loop").unwrap().title);
    assert_eq!(titles[1], built_in("lame-one-good").unwrap().title);

    // A world without a lesson cannot join.
    let mut bare = (*lab.loaded.scenario).clone();
    bare.lesson = None;
    let refused = lab
        .apply(Action::LoadScenario {
            scenario: Rc::new(bare),
            notice: None,
        })
        .apply(Action::Course(CourseEdit::Add));
    assert_eq!(course(&refused).lessons.len(), 2);
    assert!(
        refused
            .notice
            .as_ref()
            .unwrap()
            .contains("Only a world with a lesson")
    );

    // The file, imported by a class: the first lesson opens, then the next.
    let file = course(&lab).course().to_json();
    let Ok(Imported::Course(imported)) = import_file(file.as_bytes(), &lab.loaded.scenario) else {
        panic!("the course file does not import");
    };
    assert_eq!(imported.title, "Week 3");
    let class = Lab::default().apply(Action::Course(CourseEdit::Take(Rc::new(imported))));
    assert_eq!(course(&class).at, Some(0));
    assert_eq!(class.loaded.scenario.title, titles[0]);
    assert!(class.can_undo(), "the class's own world is one undo away");
    let class = class.apply(Action::Course(CourseEdit::Go(1)));
    assert_eq!(class.loaded.scenario.title, titles[1]);
    assert_eq!(course(&class).at, Some(1));
    let lesson = class.loaded.scenario.lesson.as_ref().unwrap();
    assert_eq!(class.query.name, lesson.query.name.to_string());

    // A reload keeps the course and where the class is in it.
    let again = Lab::restore(session_from_json(&session_to_json(&class)).unwrap()).unwrap();
    assert_eq!(course(&again).at, Some(1));
    assert_eq!(course(&again).course(), course(&class).course());
}
