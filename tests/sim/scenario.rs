//! Scenarios: the default world, the JSON format, and every way loading
//! refuses a scenario whose parts do not fit.

use crate::support::n;
use dns_lab::sim::scenario::{Behaviour, Scenario, ScenarioError, ScenarioProblem, ServerId};
use dns_lab::sim::scenarios::{
    BUILT_IN, DEFAULT_SCENARIO_JSON, built_in, default_scenario, generated_world,
};
use std::net::IpAddr;

fn problems(scenario: &Scenario) -> Vec<ScenarioProblem> {
    match scenario.load() {
        Err(ScenarioError::Invalid(problems)) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn the_default_world_loads_cleanly() {
    let scenario = default_scenario();
    let world = scenario.load().unwrap();
    assert!(world.warnings().is_empty(), "{:?}", world.warnings());
    let apexes: Vec<String> = world.zones().map(|z| z.apex().to_string()).collect();
    assert_eq!(
        apexes,
        [
            ".",
            "example.",
            "hosting.example.",
            "news.example.",
            "test.",
            "example.test.",
            "lab.example.test.",
            "shop.test."
        ]
    );
    // One domain with in-domain name servers and glue at the parent.
    let test = world.zone(&n("test.")).unwrap();
    assert_eq!(
        test.delegation_ns(&n("example.test.")),
        [n("ns1.example.test."), n("ns2.example.test.")]
    );
    assert_eq!(test.glue_for(&n("example.test.")).len(), 3);
    // One with name servers under another TLD, and so no glue.
    assert_eq!(
        test.delegation_ns(&n("shop.test.")),
        [n("ns1.hosting.example."), n("ns2.hosting.example.")]
    );
    assert!(test.glue_for(&n("shop.test.")).is_empty());
    // One delegated subdomain.
    let example_test = world.zone(&n("example.test.")).unwrap();
    assert_eq!(
        example_test.cuts().collect::<Vec<_>>(),
        [&n("lab.example.test.")]
    );
    // The root servers are the hints.
    let hints: Vec<(String, IpAddr)> = world
        .root_hints()
        .into_iter()
        .map(|(host, addr)| (host.to_string(), addr))
        .collect();
    assert_eq!(
        hints,
        [
            (
                "a.root-servers.test.".to_string(),
                "192.0.2.1".parse().unwrap()
            ),
            (
                "a.root-servers.test.".to_string(),
                "2001:db8::1".parse().unwrap()
            ),
            (
                "b.root-servers.test.".to_string(),
                "192.0.2.2".parse().unwrap()
            ),
        ]
    );
}

#[test]
fn every_delegation_in_the_default_world_matches_both_sides() {
    let world = default_scenario().load().unwrap();
    for zone in world.zones() {
        let Some(parent) = zone.apex().parent() else {
            continue;
        };
        let parent = parent.ancestors().find_map(|a| world.zone(&a)).unwrap();
        let mut at_parent = parent.delegation_ns(zone.apex());
        let mut at_child = zone.apex_ns().to_vec();
        at_parent.sort();
        at_child.sort();
        assert_eq!(at_parent, at_child, "{}", zone.apex());
        assert!(
            at_child.len() >= 2,
            "{} has a single name server",
            zone.apex()
        );
        for host in &at_child {
            assert!(
                world
                    .servers()
                    .iter()
                    .any(|s| &s.host == host && s.loads(zone.apex())),
                "{host} does not load {}",
                zone.apex()
            );
        }
    }
}

#[test]
fn json_round_trips_and_the_builtin_file_is_what_export_reads() {
    let scenario = default_scenario();
    let json = scenario.to_json();
    assert!(json.contains("\"version\": 3"));
    assert_eq!(Scenario::from_json(&json).unwrap(), scenario);
    assert_eq!(
        Scenario::from_json(DEFAULT_SCENARIO_JSON).unwrap(),
        scenario
    );
}

#[test]
fn exported_json_is_laid_out_exactly_as_serde_json_pretty_prints_it() {
    // Names with quotes, backslashes, braces and commas inside strings must not be laid out.
    let mut tricky = default_scenario();
    tricky.title = "A \"quoted\" {title}, [with] : \\ and é".into();
    tricky.description = String::new();
    let scenarios = BUILT_IN
        .iter()
        .map(|(id, _)| built_in(id).unwrap())
        .chain([tricky, generated_world(30)]);
    for scenario in scenarios {
        assert_eq!(
            scenario.to_json(),
            serde_json::to_string_pretty(&scenario).unwrap(),
            "{}",
            scenario.title
        );
    }
}

#[test]
fn a_future_version_is_refused_with_a_clear_message() {
    let json = default_scenario()
        .to_json()
        .replace("\"version\": 3", "\"version\": 7");
    let error = Scenario::from_json(&json).unwrap_err();
    assert_eq!(error, ScenarioError::FutureVersion { version: 7 });
    assert_eq!(
        error.to_string(),
        "this scenario was saved by a newer DNS Lab (format version 7); this one reads up to version 3"
    );
}

#[test]
fn json_of_the_wrong_shape_is_refused() {
    for bad in [
        "",
        "[]",
        "{\"version\": 1}",
        "{\"version\": \"one\"}",
        "{\"version\": 1, \"title\": 5, \"servers\": [], \"zones\": []}",
    ] {
        let error = Scenario::from_json(bad).unwrap_err();
        assert!(matches!(error, ScenarioError::Json(_)), "{bad}: {error:?}");
        assert!(
            error
                .to_string()
                .starts_with("this is not a DNS Lab scenario: ")
        );
    }
    let bad_name = default_scenario().to_json().replace(
        "\"host\": \"ns1.nic.test.\"",
        "\"host\": \"ns1..nic.test.\"",
    );
    let error = Scenario::from_json(&bad_name).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("\"ns1..nic.test.\": a domain name cannot have an empty label"),
        "{error}"
    );
}

#[test]
fn zone_text_may_be_written_as_lines() {
    let json = r#"{"version": 1, "title": "t", "servers": [], "zones": [{"apex": "x.", "text": ["a", "b"]}]}"#;
    let scenario = Scenario::from_json(json).unwrap();
    assert_eq!(scenario.zones[0].text, "a\nb\n");
    assert_eq!(scenario.description, "");
}

#[test]
fn loading_lists_every_problem() {
    let mut scenario = default_scenario();
    let zone_text = &mut scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == n("example.test."))
        .unwrap()
        .text;
    *zone_text = zone_text.replace("198.51.100.80", "198.51.100.800");
    scenario.servers[1].id = ServerId::from("a-root");
    scenario.servers[2].addresses = vec!["192.0.2.1".parse().unwrap()];
    scenario.servers[3].addresses.clear();
    scenario.servers[4].zones.push(n("missing.example."));
    scenario.servers[5]
        .diverged
        .insert(n("test."), "whatever".into());
    let problems = problems(&scenario);
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            "zone example.test.:\n  line 8, col 19: \"198.51.100.800\" is not an IPv4 address (four numbers 0-255 separated by dots)",
            "two servers share the id \"a-root\"; ids must be unique",
            "servers a-root and ns1-nic-test both have the address 192.0.2.1; give each its own",
            "server ns2-nic-test has no address; resolvers reach servers only by address",
            "server ns1-nic-example loads zone missing.example., but the scenario has no such zone",
            "server ns2-nic-example holds its own copy of zone test. but does not load that zone",
        ]
    );
}

#[test]
fn a_diverged_copy_is_checked_and_served_only_by_its_server() {
    let mut scenario = default_scenario();
    let shared = scenario
        .zone_source(&n("example.test."))
        .unwrap()
        .text
        .clone();
    let stale = shared.replace("2026112101", "2026010101");
    scenario.servers[7]
        .diverged
        .insert(n("example.test."), stale);
    let world = scenario.load().unwrap();
    let serial = |id: &str| {
        world
            .copy_served_by(&ServerId::from(id), &n("example.test."))
            .unwrap()
            .soa()
            .unwrap()
            .serial
    };
    assert_eq!(serial("ns1-example-test"), 2026112101);
    assert_eq!(serial("ns2-example-test"), 2026010101);
    assert!(
        world
            .copy_served_by(&ServerId::from("a-root"), &n("example.test."))
            .is_none()
    );

    scenario.servers[7]
        .diverged
        .insert(n("example.test."), "@ SOA".into());
    let problems = problems(&scenario);
    let shown = problems[0].to_string();
    assert!(
        shown.starts_with("zone example.test. (the copy on server ns2-example-test):\n"),
        "{shown}"
    );
    assert!(
        shown.contains("\n  line 1, col 6: the SOA record is missing its primary name server"),
        "{shown}"
    );
}

#[test]
fn behaviours_default_to_up_and_read_in_lowercase() {
    assert!(!DEFAULT_SCENARIO_JSON.contains("behaviour"));
    assert!(
        default_scenario()
            .servers
            .iter()
            .all(|s| s.behaviour == Behaviour::Up)
    );
    let server = |behaviour: &str| {
        format!(
            r#"{{"id": "{behaviour}", "host": "ns.{behaviour}.", "addresses": [], "zones": [], "behaviour": "{behaviour}"}}"#
        )
    };
    let json = format!(
        r#"{{"version": 1, "title": "t", "servers": [{}, {}, {}], "zones": []}}"#,
        server("up"),
        server("down"),
        server("refusing")
    );
    let behaviours: Vec<Behaviour> = Scenario::from_json(&json)
        .unwrap()
        .servers
        .iter()
        .map(|s| s.behaviour)
        .collect();
    assert_eq!(
        behaviours,
        [Behaviour::Up, Behaviour::Down, Behaviour::Refusing]
    );
}

#[test]
fn generated_worlds_load_with_the_zone_count_asked_for() {
    for count in [12, 100, 1000] {
        let world = generated_world(count).load().unwrap();
        assert_eq!(world.zones().count(), count);
        assert!(world.warnings().is_empty(), "{:?}", world.warnings());
    }
}

/// A scenario saved in format 1 (before lessons) still opens, and is
/// written back in the current format.
#[test]
fn an_older_format_is_migrated_when_read() {
    let v1 = include_str!("../fixtures/resolver/missing_glue.json");
    assert!(
        v1.contains("\"version\": 1"),
        "the fixture is a version-1 file"
    );
    let scenario = Scenario::from_json(v1).unwrap();
    assert_eq!(scenario.version, dns_lab::sim::scenario::SCENARIO_VERSION);
    assert!(scenario.lesson.is_none());
    scenario.load().unwrap();
    let again = Scenario::from_json(&scenario.to_json()).unwrap();
    assert_eq!(again, scenario);
    // A version that never existed is refused, not guessed at.
    let v0 = v1.replacen("\"version\": 1", "\"version\": 0", 1);
    assert!(matches!(
        Scenario::from_json(&v0),
        Err(ScenarioError::Json(message)) if message.contains("version 0")
    ));
    // Found by fuzzing: serde reads a struct from an array, so `[1]` has a
    // version, but it is no scenario.
    assert!(matches!(
        Scenario::from_json("[1]"),
        Err(ScenarioError::Json(message)) if message.contains("JSON object")
    ));
    // Errors in an older file are still reported.
    let broken = v1.replacen("\"servers\"", "\"servers\": 5, \"x\"", 1);
    assert!(Scenario::from_json(&broken).is_err());
}
