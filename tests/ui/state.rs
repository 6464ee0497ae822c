//! The app's reducer, driven natively: every interaction the UI offers is an
//! `Action`, so what the page does after a click is tested here without a
//! browser (the browser journeys in `tests/e2e` check the wiring).

use crate::support::n;
use dns_lab::sim::finding::FindingKind;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Outcome, Preset, ResolverConfig};
use dns_lab::sim::scenario::{Behaviour, ServerId};
use dns_lab::sim::scenarios::default_scenario;
use dns_lab::ui::state::{Action, CopyRef, Lab, Selection, Sheet, Tab};

fn zone_text(lab: &Lab, apex: &str) -> String {
    lab.loaded
        .scenario
        .zone_source(&n(apex))
        .unwrap()
        .text
        .clone()
}

fn outcome(lab: &Lab) -> Outcome {
    let steps = &lab.query.steps;
    match &steps.last().unwrap().event {
        dns_lab::sim::resolver::Event::Done(outcome) => outcome.clone(),
        other => panic!("the last step is {other:?}"),
    }
}

#[test]
fn a_new_lab_has_the_default_scenario_a_query_and_no_findings() {
    let lab = Lab::default();
    assert!(lab.loaded.findings.is_empty());
    assert_eq!(lab.query.shown, 0);
    assert!(!lab.query.steps.is_empty());
    assert!(matches!(outcome(&lab), Outcome::Answer { .. }));
}

#[test]
fn the_page_opens_with_its_first_query_pending_and_resolves_it_next() {
    let opening = Lab::opening(default_scenario()).unwrap();
    assert!(opening.query.pending);
    assert!(opening.query.steps.is_empty());
    assert!(opening.at_end(), "nothing to step through yet");
    let resolved = opening.apply(Action::ResolvePending);
    let new = Lab::default();
    assert!(!resolved.query.pending && !new.query.pending);
    assert_eq!(*resolved.query.steps, *new.query.steps);
    assert_eq!(resolved.query.shown, 0);
    assert!(!resolved.can_undo(), "resolving is not an edit");
}

#[test]
fn stepping_moves_through_the_recorded_steps_and_stops_at_both_ends() {
    let lab = Lab::default();
    let total = lab.query.steps.len();
    let back = lab.apply(Action::StepBack);
    assert_eq!(back.query.shown, 0);
    let one = lab.apply(Action::Step);
    assert_eq!(one.query.shown, 1);
    assert_eq!(one.current_step().unwrap().index, lab.query.steps[0].index);
    let end = one.apply(Action::Run);
    assert_eq!(end.query.shown, total);
    assert!(end.at_end());
    assert_eq!(end.apply(Action::Step).query.shown, total);
    assert_eq!(end.apply(Action::StepBack).query.shown, total - 1);
    assert_eq!(end.apply(Action::Reset).query.shown, 0);
}

#[test]
fn autoplay_ticks_one_step_at_a_time_and_stops_at_the_end() {
    let mut lab = Lab::default().apply(Action::Play(true));
    assert!(lab.query.playing);
    let total = lab.query.steps.len();
    for expected in 1..=total {
        lab = lab.apply(Action::Tick);
        assert_eq!(lab.query.shown, expected);
    }
    assert!(!lab.query.playing, "playing stops at the last step");
    // Playing again from the end starts over.
    let again = lab.apply(Action::Play(true));
    assert_eq!(again.query.shown, 0);
    assert!(again.query.playing);
    // A tick while paused does nothing.
    assert_eq!(
        again
            .apply(Action::Play(false))
            .apply(Action::Tick)
            .query
            .shown,
        0
    );
}

#[test]
fn removing_glue_breaks_the_zone_and_putting_it_back_mends_it() {
    let lab = Lab::default().apply(Action::SetQueryName("www.example.test.".into()));
    let original = zone_text(&lab, "test.");
    let without_glue: String = original
        .lines()
        .filter(|line| !line.starts_with("ns1.example") && !line.starts_with("ns2.example"))
        .map(|line| format!("{line}\n"))
        .collect();
    let broken = lab.apply(Action::EditZoneText {
        copy: CopyRef::shared(n("test.")),
        text: without_glue.clone(),
    });
    assert!(broken.drafts.is_empty(), "the edit loads");
    assert_eq!(zone_text(&broken, "test."), without_glue);
    assert!(
        broken
            .loaded
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::MissingGlue && f.zones[0] == n("example.test."))
    );
    assert!(matches!(outcome(&broken), Outcome::ServFail { .. }));
    // The stepper starts over on the new world.
    assert_eq!(broken.query.shown, 0);

    let mended = broken.apply(Action::EditZoneText {
        copy: CopyRef::shared(n("test.")),
        text: original,
    });
    assert!(mended.loaded.findings.is_empty());
    assert!(matches!(outcome(&mended), Outcome::Answer { .. }));
}

#[test]
fn text_that_does_not_load_is_kept_with_its_problems_and_the_world_is_untouched() {
    let lab = Lab::default();
    let before = zone_text(&lab, "shop.test.");
    let typed = format!("{before}www2 IN A 300.1.2.3\n");
    let after = lab.apply(Action::EditZoneText {
        copy: CopyRef::shared(n("shop.test.")),
        text: typed.clone(),
    });
    assert_eq!(
        zone_text(&after, "shop.test."),
        before,
        "the world keeps its copy"
    );
    let draft = &after.drafts[&CopyRef::shared(n("shop.test."))];
    assert_eq!(draft.text, typed, "the user's text is kept");
    let problem = &draft.problems[0];
    assert_eq!(problem.line, before.lines().count() as u32 + 1);
    assert!(problem.to_string().starts_with("line "), "{problem}");
    // Discarding the draft shows the zone's text again.
    assert!(
        after
            .apply(Action::DiscardDraft(CopyRef::shared(n("shop.test."))))
            .drafts
            .is_empty()
    );
}

#[test]
fn taking_both_servers_of_a_zone_down_makes_it_unreachable() {
    let mut lab = Lab::default().apply(Action::SetQueryName("www.example.test.".into()));
    for id in ["ns1-example-test", "ns2-example-test"] {
        lab = lab.apply(Action::SetBehaviour {
            server: ServerId::from(id),
            behaviour: Behaviour::Down,
        });
    }
    assert!(
        lab.loaded
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::UnresponsiveServer)
    );
    assert!(matches!(outcome(&lab), Outcome::ServFail { .. }));
}

#[test]
fn a_bad_query_name_says_why_and_has_no_steps() {
    let lab = Lab::default().apply(Action::SetQueryName("bad..name".into()));
    assert!(lab.query.name_error.is_some());
    assert!(lab.query.steps.is_empty());
    assert!(!lab.apply(Action::Play(true)).query.playing);
}

#[test]
fn the_same_seed_gives_the_same_steps_and_the_preset_changes_them() {
    let a = Lab::default().apply(Action::SetSeed(7));
    let b = Lab::default().apply(Action::SetSeed(7));
    assert_eq!(a.query.steps, b.query.steps);
    let bind = a.apply(Action::SetPreset(Preset::BindLike));
    assert_eq!(bind.query.preset, Preset::BindLike);
    assert_eq!(bind.query.config, ResolverConfig::bind_like());
    let typed = bind.apply(Action::SetQueryType(RType::MX));
    assert_eq!(typed.question().unwrap().rtype, RType::MX);
}

#[test]
fn the_cache_fills_as_steps_are_shown_and_the_clock_ages_it() {
    let lab = Lab::default();
    assert!(lab.cache_at_shown().rows().is_empty());
    let done = lab.apply(Action::Run);
    assert!(!done.cache_at_shown().rows().is_empty());
    // A second resolution after a minute starts from the warm cache.
    let later = done.apply(Action::AdvanceClock(60));
    assert_eq!(later.query.cache.now(), 60);
    assert!(later.query.steps.len() < done.query.steps.len());
    // After a day everything has expired: the resolution walks from the root again.
    let next_day = done.apply(Action::AdvanceClock(86_400 * 3));
    assert_eq!(next_day.query.steps.len(), done.query.steps.len());
    let flushed = later.apply(Action::FlushCache);
    assert_eq!(flushed.query.cache.now(), 60);
    assert_eq!(flushed.query.steps.len(), done.query.steps.len());
}

#[test]
fn choosing_a_finding_selects_its_first_zone() {
    let broken = Lab::default().apply(Action::SetBehaviour {
        server: ServerId::from("ns1-lab"),
        behaviour: Behaviour::Refusing,
    });
    assert!(!broken.loaded.findings.is_empty());
    let focused = broken.apply(Action::FocusFinding(Some(0)));
    assert_eq!(focused.focused_finding, Some(0));
    assert_eq!(
        focused.selection,
        Some(Selection::Zone(broken.loaded.findings[0].zones[0].clone()))
    );
    // An index past the end focuses nothing.
    assert_eq!(
        broken
            .apply(Action::FocusFinding(Some(999)))
            .focused_finding,
        None
    );
    assert_eq!(broken.apply(Action::SelectTab(Tab::Cache)).tab, Tab::Cache);
}

#[test]
fn collapsing_toggles() {
    let lab = Lab::default().apply(Action::ToggleCollapse(n("test.")));
    assert!(lab.collapsed.contains(&n("test.")));
    assert!(
        lab.apply(Action::ToggleCollapse(n("test.")))
            .collapsed
            .is_empty()
    );
}

fn ip(text: &str) -> std::net::IpAddr {
    text.parse().unwrap()
}

/// A user adds a server, then a zone it serves with its delegation: both
/// are selected as they appear, and the new zone answers.
#[test]
fn adding_a_server_and_a_zone_selects_each_and_the_zone_resolves() {
    let lab = Lab::default().apply(Action::AddServer {
        host: n("ns1.garden.test."),
        addresses: vec![ip("198.51.100.80")],
        zones: vec![],
    });
    let id = ServerId::from("ns1-garden-test");
    assert_eq!(lab.selection, Some(Selection::Server(id.clone())));
    let lab = lab.apply(Action::AddZone {
        apex: n("garden.test."),
        servers: vec![id, ServerId::from("ns1-hosting")],
        delegate: true,
    });
    assert_eq!(lab.selection, Some(Selection::Zone(n("garden.test."))));
    assert!(lab.loaded.findings.is_empty(), "{:?}", lab.loaded.findings);
    assert!(lab.loaded.hierarchy.find_zone(&n("garden.test.")).is_some());
    let lab = lab
        .apply(Action::SetQueryName("ns1.garden.test.".into()))
        .apply(Action::Run);
    assert!(matches!(outcome(&lab), Outcome::Answer { .. }));
}

/// A refused edit says why and changes nothing.
#[test]
fn an_edit_that_cannot_be_made_leaves_the_world_and_says_why() {
    let lab = Lab::default();
    for action in [
        Action::AddZone {
            apex: n("garden.test."),
            servers: vec![],
            delegate: true,
        },
        Action::AddServer {
            host: n("ns9.test."),
            addresses: vec![ip("192.0.2.10")],
            zones: vec![],
        },
        Action::UpdateServer {
            id: ServerId::from("ns1-nic-test"),
            host: n("ns1.nic.test."),
            addresses: vec![],
        },
    ] {
        let after = lab.apply(action.clone());
        assert!(
            std::rc::Rc::ptr_eq(&after.loaded.scenario, &lab.loaded.scenario),
            "{action:?} changed the world"
        );
        let notice = after.notice.expect("a notice");
        assert!(notice.starts_with("Not changed: "), "{notice}");
    }
}

#[test]
fn removing_a_zone_or_a_server_clears_the_selection_and_shows_the_damage() {
    let lab = Lab::default()
        .apply(Action::Select(Some(Selection::Zone(n("shop.test.")))))
        .apply(Action::RemoveZone {
            apex: n("shop.test."),
            remove_delegation: false,
        });
    assert_eq!(lab.selection, None);
    assert!(lab.loaded.scenario.zone_source(&n("shop.test.")).is_none());
    assert!(
        lab.loaded
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::DelegationWithoutServers)
    );

    let lab = Lab::default()
        .apply(Action::Select(Some(Selection::Server(ServerId::from(
            "ns1-example-test",
        )))))
        .apply(Action::RemoveServer(ServerId::from("ns1-example-test")));
    assert_eq!(lab.selection, None);
    assert!(
        lab.loaded
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::UnresponsiveServer)
    );
}

/// The "diverged copy" switch opens the server's own copy in the editor;
/// an edit there changes what only that server serves, a bad edit is kept
/// as that copy's draft, and switching it off restores the shared text.
#[test]
fn a_diverged_copy_is_switched_on_edited_and_off() {
    let server = ServerId::from("ns2-example-test");
    let apex = n("example.test.");
    let lab = Lab::default()
        .apply(Action::Select(Some(Selection::Zone(apex.clone()))))
        .apply(Action::SetDiverged {
            server: server.clone(),
            apex: apex.clone(),
            diverged: true,
        });
    assert_eq!(lab.editing_copy, Some(server.clone()));
    let copy = CopyRef {
        apex: apex.clone(),
        server: Some(server.clone()),
    };
    let shared = zone_text(&lab, "example.test.");
    let stale = shared.replace("198.51.100.80", "198.51.100.81");
    let lab = lab.apply(Action::EditZoneText {
        copy: copy.clone(),
        text: stale.clone(),
    });
    assert_eq!(zone_text(&lab, "example.test."), shared, "shared text kept");
    assert_eq!(
        lab.loaded.scenario.copy_text(&apex, Some(&server)),
        Some(&*stale)
    );
    assert!(
        lab.loaded
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::DivergedCopy)
    );

    let broken = lab.apply(Action::EditZoneText {
        copy: copy.clone(),
        text: format!("{stale}oops IN A 1.2.3\n"),
    });
    assert!(broken.drafts.contains_key(&copy));
    assert!(!broken.drafts[&copy].problems.is_empty());
    assert!(!broken.drafts.contains_key(&CopyRef::shared(apex.clone())));

    let back = broken.apply(Action::SetDiverged {
        server: server.clone(),
        apex: apex.clone(),
        diverged: false,
    });
    assert_eq!(back.editing_copy, None);
    assert!(back.drafts.is_empty());
    assert!(back.loaded.findings.is_empty());
}

/// A record added from the table lands in the zone's text, a removed one
/// leaves it, and a server that stops loading a zone it is named for is
/// lame.
#[test]
fn the_record_table_and_the_zones_loaded_edit_the_world() {
    let apex = n("shop.test.");
    let record = dns_lab::sim::zonefile::parse_record("www2 A 203.0.113.61", &apex, 300).unwrap();
    let lab = Lab::default().apply(Action::EditRecords {
        copy: CopyRef::shared(apex.clone()),
        remove: vec![],
        add: vec![record.clone()],
    });
    assert!(zone_text(&lab, "shop.test.").contains("www2.shop.test. 300 IN A 203.0.113.61"));
    let lab = lab.apply(Action::EditRecords {
        copy: CopyRef::shared(apex.clone()),
        remove: vec![record],
        add: vec![],
    });
    assert_eq!(
        zone_text(&lab, "shop.test."),
        zone_text(&Lab::default(), "shop.test.")
    );

    let lame = lab.apply(Action::SetLoads {
        server: ServerId::from("ns2-hosting"),
        apex,
        loads: false,
    });
    assert!(
        lame.loaded
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::LameServer)
    );
}

/// A learner opens a lesson from the library: its query is set, its
/// challenge is checked, hints come one at a time, the fix makes it pass,
/// and Undo goes back to the world they had.
#[test]
fn a_lesson_opens_with_its_query_and_its_challenge_passes_after_the_fix() {
    let mine = Lab::default().apply(Action::SetBehaviour {
        server: ServerId::from("ns1-lab"),
        behaviour: Behaviour::Down,
    });
    let lab = mine.apply(Action::OpenBuiltIn("missing-glue".into()));
    assert_eq!(lab.loaded.scenario.title, "Missing glue");
    assert_eq!(lab.query.name, "www.example.test.");
    let status = lab.loaded.challenge.clone().expect("a challenge");
    assert!(!status.passed());
    assert!(matches!(outcome(&lab), Outcome::ServFail { .. }));

    let hints = lab.challenge().unwrap().hints.len();
    let mut hinted = lab.clone();
    for _ in 0..hints + 2 {
        hinted = hinted.apply(Action::ShowHint);
    }
    assert_eq!(hinted.hints_shown, hints, "no more hints than there are");

    let fixed = hinted.apply(Action::RevealFix).apply(Action::ApplyFix);
    assert!(fixed.fix_shown);
    assert!(fixed.loaded.challenge.as_ref().unwrap().passed());
    assert!(matches!(outcome(&fixed), Outcome::Answer { .. }));

    let back = fixed.apply(Action::Undo).apply(Action::Undo);
    assert_eq!(back.loaded.scenario, mine.loaded.scenario);
    assert!(back.loaded.challenge.is_none());
}

#[test]
fn an_unknown_built_in_scenario_changes_nothing() {
    let lab = Lab::default();
    let after = lab.apply(Action::OpenBuiltIn("no-such-lesson".into()));
    assert!(std::rc::Rc::ptr_eq(
        &after.loaded.scenario,
        &lab.loaded.scenario
    ));
    assert!(after.notice.unwrap().contains("no-such-lesson"));
}

#[test]
fn classroom_mode_clears_the_notice_and_leaving_it_keeps_the_world() {
    let lab = Lab::default().apply(Action::Notify("Opened a scenario.".into()));
    assert!(lab.notice.is_some());
    let projected = lab.apply(Action::SetClassroom(true));
    assert!(projected.classroom);
    assert_eq!(projected.notice, None);
    let back = projected.apply(Action::SetClassroom(false));
    assert!(!back.classroom);
    assert_eq!(back.loaded.scenario.title, lab.loaded.scenario.title);
}

#[test]
fn a_cache_filled_before_a_fix_is_named_and_flushing_it_brings_the_fresh_answer() {
    let broken = Lab::default()
        .apply(Action::OpenBuiltIn("registrar-vs-zone-ns".into()))
        .apply(Action::SetQueryName("www.example.test.".into()));
    assert!(
        broken.query.empty_cache_outcome.is_none(),
        "an empty cache to begin with"
    );
    // An hour on, the cached zone-side NS set sends the resolver to the old provider.
    let later = broken.apply(Action::AdvanceClock(3_600));
    assert!(matches!(outcome(&later), Outcome::ServFail { .. }));
    let note = dns_lab::ui::resolution::cache_note(&later).expect("the cache decides this lookup");
    assert!(note.contains("remembers earlier lookups"), "{note}");
    assert!(
        note.contains("with an empty cache it would get NOERROR"),
        "{note}"
    );
    // The learner fixes the zone's own NS set: the cache still remembers the old one.
    let text = zone_text(&later, "example.test.").replace("olddns", "newdns");
    let fixed = later.apply(Action::EditZoneText {
        copy: dns_lab::ui::state::CopyRef::shared(n("example.test.")),
        text,
    });
    assert!(fixed.query.cache_predates_edit);
    // It still fails from the cache, and the stepper says why.
    assert!(matches!(outcome(&fixed), Outcome::ServFail { .. }));
    let note = dns_lab::ui::resolution::cache_note(&fixed).expect("the stale cache is named");
    assert!(note.contains("before your last edit"), "{note}");
    let flushed = fixed.apply(Action::FlushCache);
    assert!(
        matches!(outcome(&flushed), Outcome::Answer { .. }),
        "{:?}",
        outcome(&flushed)
    );
    assert_eq!(dns_lab::ui::resolution::cache_note(&flushed), None);
    assert!(!flushed.query.cache_predates_edit);
}

#[test]
fn the_opened_notice_goes_when_stepping_starts_but_a_warning_stays() {
    let opened = Lab::default().apply(Action::OpenBuiltIn("missing-glue".into()));
    assert!(
        opened
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Opened"))
    );
    assert_eq!(opened.apply(Action::Step).notice, None);
    assert_eq!(opened.apply(Action::Run).notice, None);
    let warned = opened.apply(Action::Notify("Your work is not being saved.".into()));
    assert_eq!(
        warned.apply(Action::Step).notice.as_deref(),
        Some("Your work is not being saved.")
    );
}

#[test]
fn selecting_opens_the_inspector_sheet_and_a_panel_lets_the_opened_notice_pass() {
    // On a narrow screen the side panels open one at a time as a sheet.
    let opened = Lab::default().apply(Action::OpenBuiltIn("registrar-vs-zone-ns".into()));
    assert_eq!(opened.sheet, None);
    let selected = opened.apply(Action::Select(Some(Selection::Zone(n("example.test.")))));
    assert_eq!(selected.sheet, Some(Sheet::Inspector));
    // The sheet needs the room the "Opened …" notice takes.
    assert_eq!(selected.notice, None);
    let diagnostics = selected.apply(Action::ShowSheet(Some(Sheet::Diagnostics)));
    assert_eq!(diagnostics.sheet, Some(Sheet::Diagnostics));
    // Closing it keeps the selection, for the graph to show.
    let closed = diagnostics.apply(Action::ShowSheet(None));
    assert_eq!(closed.sheet, None);
    assert_eq!(closed.selection, Some(Selection::Zone(n("example.test."))));
    // A warning is not a passing notice: opening a panel leaves it.
    let warned = opened.apply(Action::Notify("Your work is not being saved.".into()));
    assert!(
        warned
            .apply(Action::ShowSheet(Some(Sheet::Lesson)))
            .notice
            .is_some()
    );
}

#[test]
fn opening_another_world_starts_its_resolver_with_an_empty_cache() {
    let lab = Lab::default()
        .apply(Action::SetQueryName("www.example.test.".into()))
        .apply(Action::AdvanceClock(60));
    assert!(!lab.query.cache.is_empty());
    let opened = lab.apply(Action::OpenBuiltIn("circular-without-glue".into()));
    assert!(opened.query.cache.is_empty());
    assert_eq!(opened.query.empty_cache_outcome, None);
    assert!(!opened.query.cache_predates_edit);
}

#[test]
fn an_action_that_changes_nothing_keeps_the_same_state_so_nothing_renders_again() {
    use dns_lab::ui::state::Store;
    use std::rc::Rc;
    use yew::Reducible;
    let store = Rc::new(Store::default());
    // Resolve the first query, as the page does at once.
    let store = Rc::clone(&store).reduce(Action::ResolvePending);
    let lab = &store.0;
    for action in [
        Action::Tick,
        Action::Play(false),
        Action::StepBack,
        Action::SetDelay(lab.query.delay_ms),
        Action::SelectTab(lab.tab),
        Action::ShowSheet(None),
        Action::SetClassroom(false),
        Action::SetCompare(false),
        Action::DismissNotice,
    ] {
        assert!(
            Rc::ptr_eq(&store, &Rc::clone(&store).reduce(action.clone())),
            "{action:?} made a new state"
        );
    }
    // What does change something still does.
    for action in [
        Action::Step,
        Action::ShowSheet(Some(Sheet::Lesson)),
        Action::Play(true),
    ] {
        let next = Rc::clone(&store).reduce(action.clone());
        assert!(!Rc::ptr_eq(&store, &next), "{action:?} changed nothing");
    }
    // The slider's range is the reducer's: a delay past its end stops there.
    let slow = Rc::clone(&store).reduce(Action::SetDelay(60_000));
    assert_eq!(slow.0.query.delay_ms, dns_lab::ui::state::DELAY_MAX);
}
