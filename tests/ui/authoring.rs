//! "Make a lesson" through the reducer: a teacher breaks a world, writes a
//! lesson about it, records the fix by performing it, and saves; the
//! lesson then travels in a share link and, opened from it, fails as
//! shipped and passes after the recorded fix, as the built-in ones do.

use dns_lab::persist::{decode_link, encode_link};
use dns_lab::sim::finding::FindingKind;
use dns_lab::sim::fix::FixEdit;
use dns_lab::sim::lesson::OutcomeKind;
use dns_lab::sim::scenario::{Behaviour, ServerId};
use dns_lab::ui::state::{Action, AuthorEdit, Lab};

fn author(lab: Lab, edits: Vec<AuthorEdit>) -> Lab {
    edits
        .into_iter()
        .fold(lab, |lab, edit| lab.apply(Action::Author(edit)))
}

fn set(lab: Lab, server: &str, behaviour: Behaviour) -> Lab {
    lab.apply(Action::SetBehaviour {
        server: ServerId::from(server),
        behaviour,
    })
}

/// What stands in the way of the lesson being written.
fn problems(lab: &Lab) -> Vec<String> {
    let authoring = lab.authoring.as_ref().expect("a lesson is being written");
    authoring
        .review
        .as_ref()
        .expect("it is reviewed")
        .problems()
}

/// The default world with both servers of example.test. down.
fn broken() -> Lab {
    let lab = set(Lab::default(), "ns1-example-test", Behaviour::Down);
    set(lab, "ns2-example-test", Behaviour::Down)
}

#[test]
fn a_lesson_made_in_the_app_round_trips_through_its_link_and_checks_as_built_ins_do() {
    let lab = author(
        broken(),
        vec![
            AuthorEdit::Open,
            AuthorEdit::Title("The outage of last week".into()),
            AuthorEdit::Story("Both of example.test's servers went down at once.".into()),
            AuthorEdit::LookFor("The hollow server dots.".into()),
            AuthorEdit::Goal("Bring www.example.test back.".into()),
            AuthorEdit::Hint(0, "Which servers are down?".into()),
            AuthorEdit::FixExplanation("Bring the servers back up.".into()),
        ],
    );
    let authoring = lab.authoring.as_ref().unwrap();
    assert!(authoring.challenge, "a broken world suggests a challenge");
    assert!(
        authoring
            .findings_gone
            .contains(&FindingKind::UnresponsiveServer)
    );
    let review = authoring.review.clone().unwrap();
    assert_eq!(review.lesson.expect.unbound_like, OutcomeKind::ServFail);
    assert!(
        review
            .problems()
            .iter()
            .any(|p| p.contains("Record your fix")),
        "{:?}",
        review.problems()
    );

    // Saving before the fix is recorded is refused, and says why.
    let refused = lab.apply(Action::Author(AuthorEdit::Save));
    assert_eq!(
        refused.loaded.scenario, lab.loaded.scenario,
        "the world is untouched"
    );
    assert!(refused.notice.as_ref().unwrap().contains("Record your fix"));

    // The fix, recorded by performing it: the world comes back broken.
    let lab = author(lab, vec![AuthorEdit::StartRecording]);
    assert!(lab.authoring.as_ref().unwrap().review.is_none());
    // A detour on the way (a server taken down, then up) is not recorded.
    let lab = set(lab, "ns1-nic-test", Behaviour::Down);
    let lab = set(lab, "ns1-nic-test", Behaviour::Up);
    let lab = set(lab, "ns1-example-test", Behaviour::Up);
    let lab = set(lab, "ns2-example-test", Behaviour::Up);
    let lab = author(lab, vec![AuthorEdit::StopRecording]);
    let authoring = lab.authoring.as_ref().unwrap();
    let up = |id: &str| FixEdit::Behaviour {
        server: ServerId::from(id),
        behaviour: Behaviour::Up,
    };
    assert_eq!(
        authoring.fix,
        vec![up("ns1-example-test"), up("ns2-example-test")]
    );
    let down = |lab: &Lab, id: &str| {
        lab.loaded
            .scenario
            .server(&ServerId::from(id))
            .unwrap()
            .behaviour
            == Behaviour::Down
    };
    assert!(down(&lab, "ns1-example-test"), "back as the lesson ships");
    let review = authoring.review.clone().unwrap();
    assert!(review.is_ready(), "{:?}", review.problems());
    assert!(!review.shipped.as_ref().unwrap().passed());
    assert!(review.fixed.as_ref().unwrap().passed());

    // Saved into the world, then shared.
    let lab = lab.apply(Action::Author(AuthorEdit::Save));
    let scenario = &lab.loaded.scenario;
    assert_eq!(scenario.title, "The outage of last week");
    let lesson = scenario.lesson.clone().expect("the lesson is in the world");
    assert_eq!(lesson.id, "the-outage-of-last-week");
    assert!(lab.loaded.challenge.as_ref().is_some_and(|c| !c.passed()));

    let opened = decode_link(&encode_link(scenario)).unwrap();
    assert_eq!(&opened, &**scenario);
    let lesson = opened.lesson.as_ref().unwrap();
    assert!(!lesson.check(&opened).passed(), "fails as shipped");
    let fix = &lesson.challenge.as_ref().unwrap().fix;
    assert!(
        lesson.check(&fix.apply(&opened).unwrap()).passed(),
        "passes after the fix"
    );

    // A learner opening the link gets the lesson ready to step.
    let learner = Lab::default().apply(Action::LoadScenario {
        scenario: std::rc::Rc::new(opened.clone()),
        notice: None,
    });
    assert_eq!(learner.query.name, "www.example.test.");
    assert!(learner.loaded.challenge.is_some());
}

#[test]
fn a_fix_that_does_not_fix_and_a_world_with_nothing_to_fix_are_named() {
    // A healthy world: the challenge would pass already.
    let lab = author(
        Lab::default(),
        vec![
            AuthorEdit::Open,
            AuthorEdit::Challenge(true),
            AuthorEdit::Story("x".into()),
            AuthorEdit::Goal("y".into()),
        ],
    );
    let found = problems(&lab);
    assert!(
        found.iter().any(|p| p.contains("already passes")),
        "{found:?}"
    );

    // A recorded fix that mends nothing the challenge asks for.
    let lab = author(broken(), vec![AuthorEdit::Open, AuthorEdit::StartRecording]);
    let lab = set(lab, "ns1-nic-test", Behaviour::Refusing);
    let lab = author(lab, vec![AuthorEdit::StopRecording]);
    let found = problems(&lab);
    assert!(
        found
            .iter()
            .any(|p| p.contains("After your recorded fix the challenge does not pass")),
        "{found:?}"
    );

    // Words alone are not worked out again: the world's verdict stands.
    let before = lab.authoring.as_ref().unwrap().review.clone().unwrap();
    let lab = lab.apply(Action::Author(AuthorEdit::Story("Another story".into())));
    let after = lab.authoring.as_ref().unwrap().review.clone().unwrap();
    assert_eq!(after.lesson.story, "Another story");
    assert_eq!(after.shipped, before.shipped);
}

/// A half-written lesson, and a fix being recorded, come back after a
/// reload as they were typed.
#[test]
fn a_lesson_being_written_survives_a_reload_even_mid_recording() {
    use dns_lab::ui::session::{session_from_json, session_to_json};
    let reload =
        |lab: &Lab| Lab::restore(session_from_json(&session_to_json(lab)).unwrap()).unwrap();

    let lab = author(
        broken(),
        vec![
            AuthorEdit::Open,
            AuthorEdit::Title("Half written".into()),
            AuthorEdit::Story("A story not finished".into()),
            AuthorEdit::Hint(2, "the third hint".into()),
        ],
    );
    let again = reload(&lab);
    let authoring = again.authoring.as_ref().unwrap();
    assert_eq!(authoring.title, "Half written");
    assert_eq!(authoring.story, "A story not finished");
    assert_eq!(authoring.hints[2], "the third hint");
    assert!(authoring.open && authoring.review.is_some());

    // Mid-recording: the recording goes on, and stopping it still gives
    // the fix and the world back as it ships.
    let lab = author(lab, vec![AuthorEdit::StartRecording]);
    let lab = set(lab, "ns1-example-test", Behaviour::Up);
    let lab = set(lab, "ns2-example-test", Behaviour::Up);
    let again = reload(&lab);
    assert!(again.authoring.as_ref().unwrap().recording.is_some());
    let stopped = author(again, vec![AuthorEdit::StopRecording]);
    assert_eq!(stopped.authoring.as_ref().unwrap().fix.len(), 2);
    assert_eq!(stopped.loaded.scenario, broken().loaded.scenario);
}
