//! The lesson library: every built-in scenario loads, tells its story, ends
//! its query the way its lesson says under each preset (now and after its
//! timeline), and, where it has a challenge, fails the check as shipped and
//! passes it once the revealed fix is applied.

use crate::support::n;
use dns_lab::sim::authority::Question;
use dns_lab::sim::diagnose::diagnose;
use dns_lab::sim::edit::EditError;
use dns_lab::sim::finding::FindingKind;
use dns_lab::sim::fix::apply::{FixError, apply_edits};
use dns_lab::sim::fix::{Fix, FixEdit};
use dns_lab::sim::lesson::check::{ChallengeStatus, LessonError, check};
use dns_lab::sim::lesson::{Category, Lesson, OutcomeKind};
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Event, NsAliasPolicy, Preset, Resolution, ResolverConfig, Step};
use dns_lab::sim::scenario::{Scenario, ScenarioError};
use dns_lab::sim::scenarios::{BUILT_IN, built_in, default_scenario, library};
use dns_lab::sim::server::{Behaviour, ServerId};
use std::collections::BTreeSet;

/// The scenarios the issue asks for, by category.
const REQUIRED: &[(Category, &[&str])] = &[
    (
        Category::Basics,
        &[
            "healthy-delegation",
            "subdomain-delegation",
            "vanity-name-servers",
            "nxdomain-vs-nodata",
            "wildcard",
        ],
    ),
    (Category::Glue, &["missing-glue", "glue-after-renumbering"]),
    (
        Category::Migrations,
        &[
            "registrar-vs-zone-ns",
            "provider-move-wrong-order",
            "provider-move-right-order",
            "lower-ttls-before-move",
        ],
    ),
    (
        Category::Delegation,
        &[
            "circular-without-glue",
            "circular-with-glue",
            "lame-one-good",
            "lame-none-good",
            "ns-is-cname",
            "ns-is-ip-address",
            "missing-trailing-dot",
        ],
    ),
    (
        Category::Failures,
        &["one-server-down", "only-server-down", "stale-secondary"],
    ),
    (Category::Cnames, &["cname-chain", "cname-loop", "dname"]),
];

/// Zone-file warnings a scenario is about; every other file has none.
const EXPECTED_WARNINGS: &[(&str, usize)] = &[
    // Each NS record written as an address.
    ("ns-is-ip-address", 4),
    // Each NS name without its final dot.
    ("missing-trailing-dot", 2),
    // The record written below the DNAME.
    ("dname", 1),
];

fn scenario(id: &str) -> Scenario {
    built_in(id).unwrap_or_else(|| panic!("no built-in scenario {id}"))
}

fn lesson_of(scenario: &Scenario) -> &Lesson {
    scenario
        .lesson
        .as_ref()
        .expect("a built-in scenario has a lesson")
}

/// Every built-in scenario with its lesson, as it opens (the real root
/// zone's world built around its zone file).
fn lessons() -> Vec<(&'static str, Scenario)> {
    BUILT_IN
        .iter()
        .map(|(id, json)| {
            Scenario::from_json(json).unwrap_or_else(|e| panic!("{id}: {e}"));
            (*id, scenario(id))
        })
        .collect()
}

fn kinds(scenario: &Scenario) -> BTreeSet<FindingKind> {
    let world = scenario.load().unwrap_or_else(|e| panic!("{e}"));
    diagnose(&world).into_iter().map(|f| f.kind).collect()
}

/// The steps of the lesson's query under `preset`, from an empty cache.
fn steps(scenario: &Scenario, preset: Preset) -> Vec<Step> {
    let world = scenario.load().unwrap();
    let lesson = lesson_of(scenario);
    let mut resolution = Resolution::new(lesson.question(), ResolverConfig::preset(preset));
    resolution.run(&world)
}

#[test]
fn the_library_has_every_required_lesson_in_every_category() {
    assert!(BUILT_IN.len() >= 18, "only {} scenarios", BUILT_IN.len());
    let all = lessons();
    for (category, ids) in REQUIRED {
        for id in *ids {
            let (_, scenario) = all
                .iter()
                .find(|(known, _)| known == id)
                .unwrap_or_else(|| panic!("the library lacks {id}"));
            assert_eq!(lesson_of(scenario).category, *category, "{id}");
        }
    }
    let covered: BTreeSet<Category> = all.iter().map(|(_, s)| lesson_of(s).category).collect();
    assert_eq!(covered, Category::ALL.into_iter().collect());
}

#[test]
fn every_built_in_file_loads_and_carries_its_own_lesson() {
    let mut ids = BTreeSet::new();
    for (id, scenario) in lessons() {
        let world = scenario
            .load()
            .unwrap_or_else(|e| panic!("{id} does not load:\n{e}"));
        let expected = EXPECTED_WARNINGS
            .iter()
            .find(|(known, _)| *known == id)
            .map_or(0, |(_, count)| *count);
        assert_eq!(
            world.warnings().len(),
            expected,
            "{id}: {:#?}",
            world.warnings()
        );

        let lesson = lesson_of(&scenario);
        assert_eq!(lesson.id, id, "a file is named after its lesson");
        assert!(ids.insert(lesson.id.clone()), "{id} appears twice");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id} is not kebab-case"
        );
        assert!(!scenario.title.is_empty(), "{id}");
        assert!(
            !lesson.story.is_empty() && !lesson.look_for.is_empty(),
            "{id}"
        );
        if let Some(challenge) = &lesson.challenge {
            assert!(
                (1..=3).contains(&challenge.hints.len()),
                "{id} has {} hints",
                challenge.hints.len()
            );
            assert!(!challenge.goal.is_empty(), "{id}");
            assert!(!challenge.fix.explanation.is_empty(), "{id}");
            assert!(!challenge.fix.edits.is_empty(), "{id}");
        }
    }
}

#[test]
fn the_library_lists_the_default_first_then_the_categories_in_order() {
    let all = library();
    assert_eq!(all.len(), BUILT_IN.len(), "every file parses");
    assert_eq!(all[0], default_scenario());
    assert_eq!(BUILT_IN[0].0, "default");
    let order: Vec<usize> = all[1..]
        .iter()
        .map(|s| {
            let category = lesson_of(s).category;
            Category::ALL.iter().position(|c| *c == category).unwrap()
        })
        .collect();
    assert!(order.is_sorted(), "categories out of order: {order:?}");
    for ((id, _), scenario) in BUILT_IN.iter().zip(&all) {
        assert_eq!(built_in(id).as_ref(), Some(scenario));
    }
    assert_eq!(built_in("no-such-lesson"), None);
}

#[test]
fn each_query_ends_as_its_lesson_says_under_each_preset_whatever_the_seed() {
    for (id, scenario) in lessons() {
        let lesson = lesson_of(&scenario);
        for preset in Preset::ALL {
            for seed in 1..=5 {
                let config = ResolverConfig::preset(preset).with_seed(seed);
                let observed = lesson
                    .observe(&scenario, config)
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(
                    OutcomeKind::of(&observed.first),
                    lesson.expect.get(preset),
                    "{id} under {preset}, seed {seed}: {}",
                    observed.first.summary()
                );
                let after = observed.after.as_ref().map(OutcomeKind::of);
                let expected_after = lesson.then.as_ref().map(|t| t.expect_after.get(preset));
                assert_eq!(
                    after, expected_after,
                    "{id} later, under {preset}, seed {seed}"
                );
            }
        }
    }
}

#[test]
fn the_registrar_and_zone_ns_lesson_changes_its_outcome_when_the_clock_moves() {
    let scenario = scenario("registrar-vs-zone-ns");
    let lesson = lesson_of(&scenario);
    let then = lesson.then.as_ref().expect("the lesson is about time");
    assert!(then.advance_seconds > 0);
    assert!(then.change.is_empty(), "only the clock moves");
    for preset in Preset::ALL {
        let observed = lesson
            .observe(&scenario, ResolverConfig::preset(preset))
            .unwrap();
        assert_eq!(OutcomeKind::of(&observed.first), OutcomeKind::Answer);
        assert_eq!(
            observed.after.as_ref().map(OutcomeKind::of),
            Some(OutcomeKind::ServFail),
            "{preset}"
        );
    }

    // The first resolution follows the registrar's set; the second starts
    // from the zone's own set, which the first one cached.
    let world = scenario.load().unwrap();
    let config = ResolverConfig::unbound_like();
    let mut first = Resolution::new(lesson.question(), config);
    let first_steps = first.run(&world);
    let asked_first: BTreeSet<Name> = first_steps
        .iter()
        .filter_map(Step::exchange)
        .filter(|x| x.zone == n("example.test."))
        .map(|x| x.server.clone())
        .collect();
    assert!(
        asked_first
            .iter()
            .all(|s| s.is_subdomain_of(&n("newdns.test.")))
    );
    let mut cache = first.into_cache();
    cache.advance(then.advance_seconds);
    let mut later = Resolution::with_cache(lesson.question(), config, cache);
    let later_steps = later.run(&world);
    let asked_later: BTreeSet<Name> = later_steps
        .iter()
        .filter_map(Step::exchange)
        .filter(|x| x.zone == n("example.test."))
        .map(|x| x.server.clone())
        .collect();
    assert!(!asked_later.is_empty());
    assert!(
        asked_later
            .iter()
            .all(|s| s.is_subdomain_of(&n("olddns.test.")))
    );
}

#[test]
fn every_lesson_about_time_says_what_changes() {
    let timed: Vec<&str> = lessons()
        .iter()
        .filter(|(_, s)| lesson_of(s).then.is_some())
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(
        timed,
        [
            "registrar-vs-zone-ns",
            "lower-ttls-before-move",
            "missing-trailing-dot"
        ]
    );
    for (id, scenario) in lessons() {
        if let Some(then) = &lesson_of(&scenario).then {
            assert_ne!(then.expect_after, lesson_of(&scenario).expect, "{id}");
        }
    }
}

#[test]
fn no_challenge_passes_as_shipped_and_every_one_passes_after_its_fix() {
    let mut challenges = 0;
    for (id, scenario) in lessons() {
        let lesson = lesson_of(&scenario);
        let Some(challenge) = &lesson.challenge else {
            continue;
        };
        challenges += 1;

        let present = kinds(&scenario);
        for kind in &challenge.findings_gone {
            assert!(present.contains(kind), "{id}: {kind:?} is not there to fix");
        }
        let before = check(&scenario);
        assert_eq!(before.problem, None, "{id}");
        assert!(!before.passed(), "{id} passes as shipped");
        assert!(before.summary().starts_with("Not yet"), "{id}");

        let fixed = challenge
            .fix
            .apply(&scenario)
            .unwrap_or_else(|e| panic!("{id}: the fix does not apply: {e}"));
        let after = check(&fixed);
        assert!(after.passed(), "{id} after the fix: {}", after.summary());
        assert!(after.remaining.is_empty(), "{id}");
        let left = kinds(&fixed);
        for kind in challenge
            .findings_gone
            .iter()
            .chain(&challenge.findings_absent)
        {
            assert!(!left.contains(kind), "{id}: {kind:?} is still there");
        }
        for preset in Preset::ALL {
            assert!(after.resolves(preset), "{id} under {preset}");
        }
        // The fix is a new scenario; the shipped one is as it was.
        assert_eq!(scenario, built_in(id).unwrap(), "{id}");
        assert_ne!(fixed, scenario, "{id}");
    }
    assert!(challenges >= 15, "only {challenges} challenges");
}

#[test]
fn a_fix_that_trades_one_problem_for_another_does_not_pass() {
    // Glue for ns1 only, and a wrong address for ns2: the domain resolves
    // through ns1, but the glue of ns2 does not match its zone.
    let shipped = scenario("missing-glue");
    let half = apply_edits(
        &shipped,
        &[FixEdit::AddLines {
            apex: n("test."),
            server: None,
            lines: vec![
                "ns1.example 86400 IN A 198.51.100.10".into(),
                "ns2.example 86400 IN A 198.51.100.99".into(),
            ],
        }],
    )
    .unwrap();
    let status = check(&half);
    assert!(status.resolves(Preset::UnboundLike) || status.resolves(Preset::BindLike));
    assert!(!status.passed());
    assert_eq!(
        status.remaining.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [FindingKind::GlueMismatch]
    );

    // Only one of the zone's two NS records fixed: the lookup still fails
    // once the clock moves on, through the other one.
    let shipped = scenario("registrar-vs-zone-ns");
    let challenge = lesson_of(&shipped).challenge.as_ref().unwrap();
    let one = Fix {
        explanation: String::new(),
        edits: challenge.fix.edits[..1].to_vec(),
    }
    .apply(&shipped)
    .unwrap();
    let status = check(&one);
    assert!(!status.passed(), "{}", status.summary());
    assert!(!status.remaining.is_empty());
}

#[test]
fn a_fix_that_works_only_until_the_caches_age_does_not_pass() {
    // Bringing the old provider back makes every lookup work, but the NS
    // sets still disagree.
    let shipped = scenario("registrar-vs-zone-ns");
    let revived = apply_edits(
        &shipped,
        &[
            FixEdit::Loads {
                server: ServerId::from("ns1-olddns"),
                apex: n("example.test."),
                loads: true,
            },
            FixEdit::Loads {
                server: ServerId::from("ns2-olddns"),
                apex: n("example.test."),
                loads: true,
            },
        ],
    )
    .unwrap();
    let status = check(&revived);
    assert!(status.runs.iter().all(|run| run.resolves()));
    assert!(!status.passed());
    assert_eq!(
        status.remaining.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [FindingKind::NsSetsDisjoint]
    );

    // Lowering the TTL of www after the move is too late: the check looks
    // an hour after the move, from the cache of before it.
    let shipped = scenario("lower-ttls-before-move");
    let status = check(&shipped);
    for run in &status.runs {
        assert_eq!(run.outcome, OutcomeKind::Answer);
        assert_eq!(run.after, Some(OutcomeKind::NXDomain));
    }
    assert!(status.summary().contains("later"), "{}", status.summary());
}

#[test]
fn the_check_explains_what_it_cannot_check_and_never_panics() {
    // No lesson.
    let mut bare = scenario("missing-glue");
    bare.lesson = None;
    let status = check(&bare);
    assert_eq!(status.problem, Some(LessonError::NoLesson));
    assert!(!status.passed());

    // A lesson without a challenge.
    let status = check(&scenario("healthy-delegation"));
    assert_eq!(status.problem, Some(LessonError::NoChallenge));
    assert!(!status.passed());

    // A zone text that does not load.
    let broken = apply_edits(
        &scenario("missing-glue"),
        &[FixEdit::AddLines {
            apex: n("test."),
            server: None,
            lines: vec!["ns1.example IN A not-an-address".into()],
        }],
    )
    .unwrap();
    let status = check(&broken);
    assert!(matches!(
        status.problem,
        Some(LessonError::DoesNotLoad(ScenarioError::Invalid(_)))
    ));
    assert!(!status.passed());
    assert!(
        status.summary().contains("does not load"),
        "{}",
        status.summary()
    );

    // A learner who deleted the zone the timeline changes.
    let mut gone = scenario("lower-ttls-before-move");
    gone.zones.retain(|z| z.apex != n("oldhost.test."));
    for server in &mut gone.servers {
        server.zones.retain(|z| *z != n("oldhost.test."));
    }
    let status = check(&gone);
    assert!(
        matches!(
            status.problem,
            Some(LessonError::Timeline(FixError::Edit {
                index: 1,
                error: EditError::NoSuchZone(_)
            }))
        ),
        "{:?}",
        status.problem
    );
    assert!(!status.passed());

    // An empty status never passes.
    let empty = ChallengeStatus {
        runs: Vec::new(),
        must_resolve: false,
        remaining: Vec::new(),
        problem: None,
    };
    assert!(!empty.passed());
}

#[test]
fn the_check_gives_the_same_result_every_time() {
    for (id, scenario) in lessons() {
        if lesson_of(&scenario).challenge.is_some() {
            assert_eq!(check(&scenario), check(&scenario), "{id}");
        }
    }
}

#[test]
fn fix_edits_say_what_they_cannot_do() {
    let shipped = scenario("stale-secondary");
    let missing_line = FixEdit::ReplaceLine {
        apex: n("test."),
        server: None,
        line: "no such line".into(),
        with: vec![],
    };
    assert_eq!(
        apply_edits(&shipped, &[missing_line]),
        Err(FixError::LineNotFound {
            index: 0,
            apex: n("test."),
            server: None,
            line: "no such line".into(),
        })
    );
    let no_zone = FixEdit::AddLines {
        apex: n("nowhere.test."),
        server: None,
        lines: vec![],
    };
    assert_eq!(
        apply_edits(&shipped, &[no_zone]),
        Err(FixError::Edit {
            index: 0,
            error: EditError::NoSuchZone(n("nowhere.test.")),
        })
    );
    let no_server = FixEdit::Behaviour {
        server: ServerId::from("nobody"),
        behaviour: Behaviour::Up,
    };
    assert_eq!(
        apply_edits(&shipped, &[no_server]),
        Err(FixError::Edit {
            index: 0,
            error: EditError::NoSuchServer(ServerId::from("nobody")),
        })
    );
    // ns1 serves the shared text: it has no copy of its own to edit.
    let no_copy = FixEdit::AddLines {
        apex: n("example.test."),
        server: Some(ServerId::from("ns1-example")),
        lines: vec![],
    };
    assert_eq!(
        apply_edits(&shipped, &[no_copy]),
        Err(FixError::Edit {
            index: 0,
            error: EditError::NoOwnCopy {
                server: ServerId::from("ns1-example"),
                apex: n("example.test."),
            },
        })
    );
    let error = apply_edits(
        &shipped,
        &[FixEdit::ReplaceLine {
            apex: n("example.test."),
            server: Some(ServerId::from("ns2-example")),
            line: "gone".into(),
            with: vec![],
        }],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "edit 1: the line `gone` is not in server ns2-example's copy of example.test."
    );
}

#[test]
fn replacing_a_line_ignores_its_spacing_and_keeps_every_other_line() {
    let shipped = scenario("stale-secondary");
    let before = shipped.copy_text(&n("example.test."), Some(&ServerId::from("ns2-example")));
    let before = before.unwrap().to_string();
    let edited = apply_edits(
        &shipped,
        &[FixEdit::ReplaceLine {
            apex: n("example.test."),
            server: Some(ServerId::from("ns2-example")),
            line: "www IN   A 198.51.100.8".into(),
            with: vec!["www IN A 198.51.100.80".into(), "; updated".into()],
        }],
    )
    .unwrap();
    let after = edited
        .copy_text(&n("example.test."), Some(&ServerId::from("ns2-example")))
        .unwrap();
    let expected = before.replace(
        "www      IN A     198.51.100.8\n",
        "www IN A 198.51.100.80\n; updated\n",
    );
    assert_ne!(expected, before);
    assert_eq!(after, expected);
    // The shared text, and the primary's answers, are untouched.
    assert_eq!(
        edited.zone_source(&n("example.test.")),
        shipped.zone_source(&n("example.test."))
    );
}

#[test]
fn lessons_survive_a_round_trip_through_json() {
    for (id, scenario) in lessons() {
        let again = Scenario::from_json(&scenario.to_json())
            .unwrap_or_else(|e| panic!("{id} does not read back: {e}"));
        assert_eq!(again, scenario, "{id}");
    }
    // Zone text in a fix may be one string or a list of lines.
    let edit: FixEdit = serde_json::from_str(
        r#"{"edit": "zone-text", "apex": "example.test.", "text": ["a", "b"]}"#,
    )
    .unwrap();
    assert_eq!(
        edit,
        FixEdit::ZoneText {
            apex: n("example.test."),
            server: None,
            text: "a\nb\n".into(),
        }
    );
    let kind: FindingKind = serde_json::from_str("\"ns-is-alias\"").unwrap();
    assert_eq!(kind, FindingKind::NsIsAlias);
    for kind in FindingKind::ALL {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(serde_json::from_str::<FindingKind>(&json).unwrap(), kind);
    }
}

// ------------------------------------------- what the lessons' words claim

/// Unbound takes the sibling glue for the provider's servers and needs
/// three queries; BIND looks their address up first (it sets sibling glue
/// aside, as a real named does).
#[test]
fn a_healthy_delegation_takes_three_queries_and_has_no_findings() {
    let scenario = scenario("healthy-delegation");
    assert!(kinds(&scenario).is_empty());
    let zones_asked = |preset| -> Vec<Name> {
        steps(&scenario, preset)
            .iter()
            .filter_map(Step::exchange)
            .map(|x| x.zone.clone())
            .collect()
    };
    assert_eq!(
        zones_asked(Preset::UnboundLike),
        [n("."), n("test."), n("example.test.")]
    );
    let bind = zones_asked(Preset::BindLike);
    assert_eq!(bind.first(), Some(&n(".")));
    assert_eq!(bind.last(), Some(&n("example.test.")));
    assert!(
        bind.len() > 3,
        "BIND-like looks the sibling name server up: {bind:?}"
    );
    assert!(kinds(&default_scenario()).is_empty());
    assert!(kinds(&scenario_vanity()).is_empty());
}

fn scenario_vanity() -> Scenario {
    scenario("vanity-name-servers")
}

#[test]
fn the_bind_like_preset_asks_the_broken_first_server_first() {
    for id in ["lame-one-good", "one-server-down"] {
        let steps = steps(&scenario(id), Preset::BindLike);
        let first = steps
            .iter()
            .filter_map(Step::exchange)
            .find(|x| x.zone == n("example.test."))
            .unwrap();
        assert_eq!(first.server, n("ns1.example.test."), "{id}");
        assert!(first.response.is_none() || !first.response.as_ref().unwrap().aa);
    }
}

/// Sibling glue breaks the loop for Unbound, which never looks a name
/// server up; BIND sets the glue aside, walks into the loop, and the loop
/// is a finding.
#[test]
fn sibling_glue_saves_the_circular_delegation_for_unbound_only() {
    let scenario = scenario("circular-with-glue");
    let lookups = |preset| {
        steps(&scenario, preset)
            .iter()
            .filter(|s| matches!(s.event, Event::Lookup { .. }))
            .count()
    };
    assert_eq!(lookups(Preset::UnboundLike), 0);
    assert!(lookups(Preset::BindLike) > 0);
    assert_eq!(
        kinds(&scenario),
        [FindingKind::CircularDelegation].into_iter().collect()
    );
}

#[test]
fn the_alias_lesson_rests_on_the_presets_alias_policies() {
    assert_eq!(
        ResolverConfig::unbound_like().ns_alias,
        NsAliasPolicy::Follow
    );
    assert_eq!(ResolverConfig::bind_like().ns_alias, NsAliasPolicy::Skip);
    let expect = lesson_of(&scenario("ns-is-cname")).expect;
    assert_eq!(expect.unbound_like, OutcomeKind::Answer);
    assert_eq!(expect.bind_like, OutcomeKind::ServFail);
}

#[test]
fn a_cname_chain_ending_nowhere_is_nxdomain_with_both_aliases() {
    let scenario = scenario("cname-chain");
    let world = scenario.load().unwrap();
    let question = Question::new(n("www.example.test."), RType::A);
    let mut resolution = Resolution::new(question, ResolverConfig::unbound_like());
    let steps = resolution.run(&world);
    let outcome = resolution.outcome().unwrap();
    assert_eq!(OutcomeKind::of(outcome), OutcomeKind::NXDomain);
    assert_eq!(outcome.answer().len(), 2);
    // The resolver starts again at each target, in the zone that holds it.
    let asked: Vec<(Name, Name)> = steps
        .iter()
        .filter_map(Step::exchange)
        .filter(|x| x.zone == n("example.test.") || x.zone == n("cdn.example."))
        .map(|x| (x.zone.clone(), x.query.name.clone()))
        .collect();
    assert_eq!(
        asked,
        [
            (n("example.test."), n("www.example.test.")),
            (n("cdn.example."), n("example-test.cdn.example.")),
            (n("example.test."), n("web1.example.test.")),
        ]
    );
}

#[test]
fn a_stale_secondary_answers_with_old_or_new_data_by_the_server_picked() {
    let scenario = scenario("stale-secondary");
    let lesson = lesson_of(&scenario);
    let mut addresses = BTreeSet::new();
    for preset in Preset::ALL {
        for seed in 1..=5 {
            let config = ResolverConfig::preset(preset).with_seed(seed);
            let observed = lesson.observe(&scenario, config).unwrap();
            addresses.extend(
                observed
                    .first
                    .answer()
                    .iter()
                    .filter_map(|r| r.data.address()),
            );
        }
    }
    let expected: BTreeSet<std::net::IpAddr> = ["198.51.100.8", "198.51.100.80"]
        .iter()
        .map(|a| a.parse().unwrap())
        .collect();
    assert_eq!(addresses, expected);
}
