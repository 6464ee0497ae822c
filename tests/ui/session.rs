//! Never losing work, natively: undo and redo of every edit, opening a
//! scenario with the old one an undo away, and a saved session that
//! restores exactly what the user had.

use crate::support::n;
use std::rc::Rc;

use dns_lab::sim::record::RType;
use dns_lab::sim::scenario::{Behaviour, ServerId};
use dns_lab::sim::scenarios::generated_world;
use dns_lab::ui::session::{
    SAVED_UNDO_STEPS, SESSION_VERSION, SessionWriter, session_from_json, session_to_json,
};
use dns_lab::ui::state::{Action, CopyRef, Lab, Selection, Tab, UNDO_DEPTH};

fn behaviour(lab: &Lab, id: &str) -> Behaviour {
    lab.loaded
        .scenario
        .server(&ServerId::from(id))
        .unwrap()
        .behaviour
}

#[test]
fn undo_and_redo_walk_back_and_forth_through_every_edit() {
    let start = Lab::default();
    let mut lab = start.clone();
    assert!(!lab.can_undo() && !lab.can_redo());
    // 150 edits: ns1-lab goes down, up, down, …
    for i in 0..150 {
        lab = lab.apply(Action::SetBehaviour {
            server: ServerId::from("ns1-lab"),
            behaviour: if i % 2 == 0 {
                Behaviour::Down
            } else {
                Behaviour::Up
            },
        });
    }
    assert_eq!(behaviour(&lab, "ns1-lab"), Behaviour::Up);
    for _ in 0..149 {
        lab = lab.apply(Action::Undo);
    }
    assert_eq!(behaviour(&lab, "ns1-lab"), Behaviour::Down);
    lab = lab.apply(Action::Undo);
    assert_eq!(lab.loaded.scenario, start.loaded.scenario);
    assert!(!lab.can_undo(), "150 edits, all undone");
    for _ in 0..150 {
        lab = lab.apply(Action::Redo);
    }
    assert_eq!(behaviour(&lab, "ns1-lab"), Behaviour::Up);
    assert!(!lab.can_redo());

    // A new edit after undo drops the redo branch.
    let branched = lab.apply(Action::Undo).apply(Action::SetBehaviour {
        server: ServerId::from("ns2-lab"),
        behaviour: Behaviour::Refusing,
    });
    assert!(!branched.can_redo());
}

const _: () = assert!(UNDO_DEPTH >= 100, "undo reaches back at least 100 edits");

#[test]
fn undo_reaches_back_at_least_a_hundred_edits_and_is_bounded() {
    let mut lab = Lab::default();
    for i in 0..UNDO_DEPTH + 50 {
        lab = lab.apply(Action::SetSeed(i as u64)); // not an edit: no history
        lab = lab.apply(Action::SetBehaviour {
            server: ServerId::from("ns1-lab"),
            behaviour: [Behaviour::Down, Behaviour::Up][i % 2],
        });
    }
    assert_eq!(lab.history.past.len(), UNDO_DEPTH);
}

#[test]
fn undo_of_a_removed_zone_brings_it_back_and_the_selection_follows() {
    let lab = Lab::default()
        .apply(Action::Select(Some(Selection::Zone(n("shop.test.")))))
        .apply(Action::RemoveZone {
            apex: n("shop.test."),
            remove_delegation: true,
        });
    assert_eq!(lab.selection, None);
    let back = lab.apply(Action::Undo);
    assert!(back.loaded.scenario.zone_source(&n("shop.test.")).is_some());
    let again = back
        .apply(Action::Select(Some(Selection::Zone(n("shop.test.")))))
        .apply(Action::Redo);
    assert_eq!(
        again.selection, None,
        "the zone is gone again, so is its selection"
    );
}

#[test]
fn opening_a_scenario_keeps_the_users_world_one_undo_away() {
    let mine = Lab::default().apply(Action::SetBehaviour {
        server: ServerId::from("ns1-lab"),
        behaviour: Behaviour::Down,
    });
    let opened = mine.apply(Action::LoadScenario {
        scenario: Rc::new(generated_world(30)),
        notice: Some("Opened a shared scenario.".into()),
    });
    assert_eq!(opened.loaded.scenario.zones.len(), 30);
    assert_eq!(opened.notice.as_deref(), Some("Opened a shared scenario."));
    let back = opened.apply(Action::Undo);
    assert_eq!(back.loaded.scenario, mine.loaded.scenario);
}

#[test]
fn a_saved_session_restores_exactly_what_the_user_had() {
    let apex = n("shop.test.");
    let lab = Lab::default()
        .apply(Action::SetQueryName("www.example.test.".into()))
        .apply(Action::SetQueryType(RType::AAAA))
        .apply(Action::SetSeed(7))
        .apply(Action::Run)
        .apply(Action::AdvanceClock(90))
        .apply(Action::Step)
        .apply(Action::Step)
        .apply(Action::SelectTab(Tab::Cache))
        .apply(Action::ToggleCollapse(n("example.")))
        .apply(Action::Select(Some(Selection::Zone(apex.clone()))))
        .apply(Action::EditZoneText {
            copy: CopyRef::shared(apex.clone()),
            text: "this does not parse\n".into(),
        });
    assert!(!lab.drafts.is_empty());
    assert!(
        !lab.query.cache.is_empty(),
        "the first run filled the cache"
    );

    let json = session_to_json(&lab);
    let restored = Lab::restore(session_from_json(&json).unwrap()).unwrap();
    assert_eq!(restored.session(), lab.session());
    assert_eq!(*restored.query.steps, *lab.query.steps, "same steps");
    assert_eq!(restored.query.shown, 2);
    assert_eq!(restored.cache_at_shown(), lab.cache_at_shown());
    assert_eq!(
        restored.drafts[&CopyRef::shared(apex.clone())].problems,
        lab.drafts[&CopyRef::shared(apex)].problems
    );
}

/// Text typed and not applied is the user's work: kept per copy through
/// other selections, a table edit (which it takes too) and a reload, and
/// never applied behind the user's back.
#[test]
fn unapplied_zone_text_is_kept_through_selections_table_edits_and_reloads() {
    let shop = n("shop.test.");
    let copy = CopyRef::shared(shop.clone());
    let lab = Lab::default().apply(Action::Select(Some(Selection::Zone(shop.clone()))));
    let applied = lab
        .loaded
        .scenario
        .copy_text(&shop, None)
        .unwrap()
        .to_string();
    let typed = format!("{applied}typed IN A 203.0.113.7\n");
    let lab = lab
        .apply(Action::TypeZoneText {
            copy: copy.clone(),
            text: typed.clone(),
        })
        .apply(Action::Select(Some(Selection::Zone(n("test.")))))
        .apply(Action::Select(Some(Selection::Zone(shop.clone()))));
    let draft = &lab.drafts[&copy];
    assert_eq!(draft.text, typed);
    assert!(!draft.tried && draft.problems.is_empty());
    assert_eq!(
        lab.loaded.scenario.copy_text(&shop, None),
        Some(applied.as_str())
    );

    // A table edit goes into the world and into the draft.
    let record =
        dns_lab::sim::zonefile::parse_record("api 300 IN A 203.0.113.99", &shop, 300).unwrap();
    let lab = lab.apply(Action::EditRecords {
        copy: copy.clone(),
        remove: vec![],
        add: vec![record],
    });
    let world_text = lab.loaded.scenario.copy_text(&shop, None).unwrap();
    assert!(
        world_text.contains("api") && !world_text.contains("typed"),
        "{world_text}"
    );
    let draft = &lab.drafts[&copy];
    assert!(
        draft.text.contains("typed IN A") && draft.text.contains("api"),
        "{}",
        draft.text
    );

    // A reload keeps it unapplied.
    let restored = Lab::restore(session_from_json(&session_to_json(&lab)).unwrap()).unwrap();
    assert_eq!(restored.drafts[&copy], lab.drafts[&copy]);
    assert_eq!(restored.loaded.scenario, lab.loaded.scenario);

    // Typing it back to what the world has is no draft at all.
    let world_text = world_text.to_string();
    let cleared = restored.apply(Action::TypeZoneText {
        copy: copy.clone(),
        text: world_text,
    });
    assert!(!cleared.drafts.contains_key(&copy));
}

#[test]
fn undo_reaches_back_across_a_reload_for_the_last_steps() {
    let ids = ["ns1-nic-test", "ns2-nic-test", "ns1-lab"];
    let mut lab = Lab::default();
    let before: Vec<Behaviour> = ids.iter().map(|id| behaviour(&lab, id)).collect();
    for id in ids {
        lab = lab.apply(Action::SetBehaviour {
            server: ServerId::from(id),
            behaviour: Behaviour::Down,
        });
    }
    // One step undone before the reload: redo survives it too.
    let lab = lab.apply(Action::Undo);
    let reloaded = Lab::restore(session_from_json(&session_to_json(&lab)).unwrap()).unwrap();
    assert_eq!(reloaded.loaded.scenario, lab.loaded.scenario);
    let redone = reloaded.clone().apply(Action::Redo);
    assert_eq!(behaviour(&redone, ids[2]), Behaviour::Down);
    let mut undone = reloaded;
    for _ in 0..2 {
        undone = undone.apply(Action::Undo);
    }
    let after: Vec<Behaviour> = ids.iter().map(|id| behaviour(&undone, id)).collect();
    assert_eq!(after, before, "undo after the reload did not reach back");

    // Only the last SAVED_UNDO_STEPS come along.
    let mut long = Lab::default();
    for i in 0..SAVED_UNDO_STEPS + 5 {
        long = long.apply(Action::SetBehaviour {
            server: ServerId::from("ns1-lab"),
            behaviour: if i % 2 == 0 {
                Behaviour::Down
            } else {
                Behaviour::Up
            },
        });
    }
    let session = session_from_json(&session_to_json(&long)).unwrap();
    assert_eq!(session.undo.len(), SAVED_UNDO_STEPS);
}

#[test]
fn the_page_reopens_a_session_with_its_query_pending_then_comes_back_to_the_saved_step() {
    let apex = n("shop.test.");
    let lab = Lab::default()
        .apply(Action::Step)
        .apply(Action::Step)
        .apply(Action::EditZoneText {
            copy: CopyRef::shared(apex.clone()),
            text: "this does not parse\n".into(),
        });
    let json = session_to_json(&lab);

    let reopened = Lab::reopening(session_from_json(&json).unwrap()).unwrap();
    assert!(
        reopened.query.pending,
        "nothing resolved before the graph shows"
    );
    assert!(reopened.query.steps.is_empty());
    assert_eq!(reopened.current_step(), None);
    assert!(reopened.drafts.contains_key(&CopyRef::shared(apex)));
    assert_eq!(
        reopened.session(),
        lab.session(),
        "an early autosave loses nothing"
    );

    let resolved = reopened.apply(Action::ResolvePending);
    assert!(!resolved.query.pending);
    assert_eq!(*resolved.query.steps, *lab.query.steps);
    assert_eq!(resolved.query.shown, 2);
    assert_eq!(resolved.session(), lab.session());
}

#[test]
fn any_action_on_a_pending_query_resolves_it_first() {
    let lab = Lab::default().apply(Action::Step).apply(Action::Step);
    let reopened = Lab::reopening(session_from_json(&session_to_json(&lab)).unwrap()).unwrap();
    // A key pressed before the page's own resolution: one more step from
    // the saved one, not from an empty trace.
    let stepped = reopened.apply(Action::Step);
    assert!(!stepped.query.pending);
    assert_eq!(stepped.query.shown, 3);
    assert_eq!(*stepped.query.steps, *lab.query.steps);
}

#[test]
fn autosave_reuses_the_scenario_json_only_while_the_scenario_is_unchanged() {
    let mut writer = SessionWriter::default();
    let lab = Lab::default();
    let read = |json: &str| session_from_json(json).unwrap();
    assert_eq!(read(&writer.to_json(&lab)), lab.session());
    // A step keeps the scenario: the session still says where the user is.
    let stepped = lab.apply(Action::Step);
    assert_eq!(read(&writer.to_json(&stepped)), stepped.session());
    // An edit changes it: the next save carries the edit, not the scenario written before.
    let apex = n("example.test.");
    let text = stepped
        .loaded
        .scenario
        .zone_source(&apex)
        .unwrap()
        .text
        .clone();
    let edited = stepped.apply(Action::EditZoneText {
        copy: CopyRef::shared(apex.clone()),
        text: format!("{text}edited 300 IN TXT \"saved\"\n"),
    });
    assert!(edited.drafts.is_empty(), "the edit loads");
    let saved = read(&writer.to_json(&edited));
    assert_eq!(saved, edited.session());
    assert!(
        saved
            .scenario
            .zone_source(&apex)
            .unwrap()
            .text
            .contains("\"saved\"")
    );
    // Undo brings the earlier scenario back, and the save follows.
    let undone = edited.apply(Action::Undo);
    assert_eq!(read(&writer.to_json(&undone)), undone.session());
}

#[test]
fn a_session_keeps_its_scenario_packed_and_a_version_1_session_still_reads() {
    let lab = Lab::new(generated_world(2000)).unwrap().apply(Action::Step);
    let packed = session_to_json(&lab);
    let plain = serde_json::to_string(&lab.session()).unwrap();
    assert!(
        packed.len() * 5 < plain.len(),
        "{} bytes packed, {} as JSON",
        packed.len(),
        plain.len()
    );
    assert_eq!(session_from_json(&packed).unwrap(), lab.session());
    // What earlier builds saved: version 1, the scenario as JSON.
    let mut old = lab.session();
    old.version = 1;
    let restored = session_from_json(&serde_json::to_string(&old).unwrap()).unwrap();
    assert_eq!(restored.scenario, *lab.loaded.scenario);
    assert_eq!(Lab::restore(restored).unwrap().query.shown, 1);
}

#[test]
fn a_session_whose_packed_scenario_is_damaged_is_refused_with_why() {
    let json = session_to_json(&Lab::default());
    let start = json.find("\"scenario\":\"").unwrap() + "\"scenario\":\"".len();
    let cut = format!(
        "{}{}",
        &json[..start + 40],
        &json[json[start..].find('"').unwrap() + start..]
    );
    let error = session_from_json(&cut).expect_err("refused");
    assert!(
        error
            .to_string()
            .starts_with("the saved scenario is damaged"),
        "{error}"
    );
    let error =
        session_from_json(&json.replace("\"version\":2", "\"version\":9")).expect_err("refused");
    assert!(error.to_string().contains("newer DNS Lab"), "{error}");
}

#[test]
fn a_damaged_or_future_session_is_refused() {
    assert!(session_from_json("{\"version\": 1").is_err());
    let mut session = Lab::default().session();
    session.version = SESSION_VERSION + 1;
    let error = Lab::restore(session).err().expect("refused");
    assert!(error.to_string().contains("newer DNS Lab"), "{error}");
}
