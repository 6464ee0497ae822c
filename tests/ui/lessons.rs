//! The lesson side of the app, rendered natively: the picker's library,
//! search and categories, the lesson panel with its challenge, and the
//! side-by-side comparison of the two resolver presets.

use crate::support::render;
use std::rc::Rc;

use dns_lab::sim::lesson::Category;
use dns_lab::ui::LabProps;
use dns_lab::ui::picker::{entries, filter};
use dns_lab::ui::state::{Action, Lab};
use yew::Callback;

#[test]
fn the_picker_lists_the_library_by_category_and_search() {
    let all = entries();
    assert!(all.len() >= 18, "{}", all.len());
    for category in Category::ALL {
        assert!(
            !filter(&all, "", Some(category)).is_empty(),
            "nothing in {category:?}"
        );
    }
    let glue: Vec<&str> = filter(&all, "glue", Some(Category::Glue))
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert!(glue.contains(&"missing-glue"), "{glue:?}");
    // Every word must match, in any field, whatever the case.
    let found: Vec<&str> = filter(&all, "CNAME loop", None)
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(found, ["cname-loop"]);
    assert!(filter(&all, "no such words here", None).is_empty());
}

fn lesson_html(lab: Lab) -> String {
    render::<dns_lab::ui::lesson::LessonPanel>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    })
}

#[test]
fn the_lesson_panel_shows_the_story_the_challenge_and_hints_on_request() {
    let lab = Lab::default().apply(Action::OpenBuiltIn("missing-glue".into()));
    let html = lesson_html(lab.clone());
    assert!(html.contains("Missing glue"));
    assert!(html.contains("id=\"challenge-status\""));
    assert!(html.contains("✖ Not yet"), "{html}");
    assert!(html.contains("Show a hint (1 of 3)"));
    assert!(!html.contains("id=\"hints\""));
    assert!(!html.contains("id=\"apply-fix\""));

    let html = lesson_html(lab.apply(Action::ShowHint).apply(Action::RevealFix));
    assert!(html.contains("id=\"hints\""));
    assert!(html.contains("Show a hint (2 of 3)"));
    assert!(html.contains("id=\"apply-fix\""));

    let solved = Lab::default()
        .apply(Action::OpenBuiltIn("missing-glue".into()))
        .apply(Action::ApplyFix);
    assert!(lesson_html(solved).contains("✔ Passed"));
}

#[test]
fn the_comparison_steps_both_presets_side_by_side() {
    let lab = Lab::default()
        .apply(Action::OpenBuiltIn("ns-is-cname".into()))
        .apply(Action::SetCompare(true))
        .apply(Action::Run);
    let html = render::<dns_lab::ui::compare::CompareView>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    });
    assert!(html.contains("data-preset=\"Unbound-like\""));
    assert!(html.contains("data-preset=\"BIND-like\""));
    // The lesson's point: one preset answers, the other fails.
    assert!(html.contains("NOERROR"), "{html}");
    assert!(html.contains("SERVFAIL"), "{html}");
}

/// Every note the narration gives, step by step, for the resolution now set up.
fn ns_set_notes(lab: &Lab) -> Vec<String> {
    lab.query
        .steps
        .iter()
        .filter_map(|step| dns_lab::ui::resolution::ns_set_note(lab, step))
        .collect()
}

#[test]
fn the_registrar_lesson_narrates_the_switch_from_the_registrars_ns_set_to_the_zones_own() {
    let lab = Lab::default()
        .apply(Action::OpenBuiltIn("registrar-vs-zone-ns".into()))
        .apply(Action::SetQueryName("www.example.test.".into()));
    // The first lookup follows the registrar's referral to the new provider.
    let first = ns_set_notes(&lab);
    assert!(
        first.iter().any(|n| n.starts_with(
            "NS set: the registrar's for example.test (ns1.newdns.test, ns2.newdns.test)"
        )),
        "{first:?}"
    );
    // Ten minutes later the answer has expired but the zone's own NS set is cached: the
    // narration names the switch to it.
    let later = lab.apply(Action::AdvanceClock(600));
    let notes = ns_set_notes(&later);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("NS set: example.test's own (ns1.olddns.test, ns2.olddns.test)")),
        "{notes:?}"
    );
    // A healthy world has nothing to say about NS sets.
    let healthy = Lab::default().apply(Action::SetQueryName("www.example.test.".into()));
    assert!(ns_set_notes(&healthy).is_empty());
}

#[test]
fn the_library_finds_lessons_by_the_words_people_use() {
    let all = entries();
    let ids = |search: &str| -> Vec<String> {
        filter(&all, search, None)
            .iter()
            .map(|e| e.id.clone())
            .collect()
    };
    assert!(
        ids("mismatch").contains(&"registrar-vs-zone-ns".to_string()),
        "{:?}",
        ids("mismatch")
    );
    assert!(
        ids("loop").contains(&"circular-without-glue".to_string()),
        "{:?}",
        ids("loop")
    );
    assert!(
        ids("lame").contains(&"lame-one-good".to_string()),
        "{:?}",
        ids("lame")
    );
    assert!(
        ids("migration").contains(&"provider-move-wrong-order".to_string()),
        "{:?}",
        ids("migration")
    );
    assert!(ids("nameserver").len() >= 5, "{:?}", ids("nameserver"));
    assert!(ids("registrar").contains(&"registrar-vs-zone-ns".to_string()));
}

#[test]
fn compare_steps_through_the_longer_run_one_step_at_a_time() {
    use dns_lab::sim::resolver::Preset;
    use dns_lab::sim::scenarios::library;
    // A lesson whose two presets take different numbers of steps, stepped under the shorter.
    let (lab, short, long) = library()
        .iter()
        .filter_map(|s| s.lesson.as_ref().map(|l| l.id.clone()))
        .find_map(|id| {
            let lab = Lab::default()
                .apply(Action::OpenBuiltIn(id))
                .apply(Action::SetCompare(true));
            let runs = lab.compare_steps.clone().unwrap();
            let (a, b) = (runs[0].len(), runs[1].len());
            let shorter = usize::from(b < a);
            (a != b).then(|| {
                let lab = lab.apply(Action::SetPreset(Preset::ALL[shorter]));
                (lab, a.min(b), a.max(b))
            })
        })
        .expect("a lesson where the presets differ in length");
    assert_eq!(lab.query.steps.len(), short);
    let mut lab = lab;
    for _ in 0..short {
        lab = lab.apply(Action::Step);
    }
    assert!(!lab.at_end(), "the longer run has steps left");
    let one_more = lab.apply(Action::Step);
    assert_eq!(
        one_more.query.shown + one_more.compare_extra,
        short + 1,
        "one step, not a jump"
    );
    let status = dns_lab::ui::resolution::status_text(&one_more);
    assert!(
        status.starts_with(&format!("step {} of {long} in Compare", short + 1)),
        "{status}"
    );
    let mut end = one_more;
    while !end.at_end() {
        end = end.apply(Action::Step);
    }
    assert_eq!(end.query.shown + end.compare_extra, long);
    let status = dns_lab::ui::resolution::status_text(&end);
    assert!(status.ends_with("the other has ended too."), "{status}");
    let back = end.apply(Action::StepBack);
    assert_eq!(back.query.shown + back.compare_extra, long - 1);
    assert_eq!(back.apply(Action::Reset).compare_extra, 0);
    // Leaving Compare leaves only the stepper's own run.
    let closed = end.apply(Action::SetCompare(false));
    assert!(closed.at_end() && closed.compare_extra == 0);
}
