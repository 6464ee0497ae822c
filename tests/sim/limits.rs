//! Hostile sizes: every limit a scenario can hit is refused with a problem
//! that names it, before any heavy work, and never with a panic or a hang.

use dns_lab::sim::name::Name;
use dns_lab::sim::scenario::limits::{MAX_DELEGATION_DEPTH, MAX_SERVERS, MAX_ZONES};
use dns_lab::sim::scenario::{
    Scenario, ScenarioError, ScenarioProblem, Server, ServerId, ZoneSource,
};
use dns_lab::sim::scenarios::default_scenario;
use dns_lab::sim::zonefile::parse_zone;

fn problems(scenario: &Scenario) -> Vec<ScenarioProblem> {
    match scenario.load() {
        Err(ScenarioError::Invalid(problems)) => problems,
        other => panic!("expected problems, got {:?}", other.map(|_| "a world")),
    }
}

#[test]
fn too_many_zones_or_servers_are_refused_before_parsing() {
    let mut scenario = default_scenario();
    // Text that would take a while to parse if it were parsed at all.
    let zone = ZoneSource {
        apex: Name::parse("x.test.").unwrap(),
        text: "not a zone file\n".repeat(100),
        signing: None,
    };
    scenario.zones = vec![zone; MAX_ZONES + 1];
    assert_eq!(
        problems(&scenario),
        [ScenarioProblem::TooMany {
            what: "zones",
            count: MAX_ZONES + 1,
            limit: MAX_ZONES
        }]
    );

    let mut scenario = default_scenario();
    let server = scenario.servers[0].clone();
    scenario.servers = vec![server; MAX_SERVERS + 1];
    let problem = &problems(&scenario)[0];
    assert!(
        problem.to_string().contains("handles at most 250000"),
        "{problem}"
    );
}

/// A chain of zones, each delegated from the one above: one level too deep
/// is refused, and names the zone.
#[test]
fn zones_nested_too_deep_are_refused() {
    let mut scenario = default_scenario();
    let mut apex = Name::parse("test.").unwrap();
    let host = Name::parse("ns1.hosting.example.").unwrap();
    // test. is depth 1; go down to MAX + 1.
    for _ in 1..=MAX_DELEGATION_DEPTH {
        apex = apex.child(b"d").unwrap();
        scenario.zones.push(ZoneSource {
            apex: apex.clone(),
            text: format!("{apex} 300 IN SOA {host} h.{apex} 1 1 1 1 1\n{apex} 300 IN NS {host}\n"),
            signing: None,
        });
    }
    let deepest = apex.clone();
    let problems = problems(&scenario);
    assert_eq!(
        problems,
        [ScenarioProblem::TooDeep {
            apex: deepest,
            depth: MAX_DELEGATION_DEPTH + 1
        }]
    );
    // One level less loads.
    scenario.zones.pop();
    scenario.load().expect("at the limit it loads");
}

#[test]
fn a_txt_record_larger_than_a_record_can_carry_is_an_error_at_its_line() {
    let apex = Name::parse("t.test.").unwrap();
    let string = format!("\"{}\"", "a".repeat(255));
    let strings = vec![string; 257].join(" ");
    let text = format!("@ 300 IN SOA ns h 1 1 1 1 1\n@ 300 IN NS ns\nbig 300 IN TXT {strings}\n");
    let error = parse_zone(&text, &apex).unwrap_err();
    let problem = error.errors().next().unwrap();
    assert_eq!((problem.line, problem.col), (3, 16), "{problem}");
    assert!(problem.message.contains("at most 65535"), "{problem}");
}

#[test]
fn names_longer_than_dns_allows_are_refused_with_their_length() {
    let label = "a".repeat(63);
    let long = [label.as_str(); 5].join(".");
    let error = Name::parse(&long).unwrap_err().to_string();
    assert!(error.contains("255"), "{error}");
    let error = Name::parse(&"b".repeat(64)).unwrap_err().to_string();
    assert!(error.contains("63"), "{error}");
    // A server id is just a key; an absurd one is accepted as data.
    let mut scenario = default_scenario();
    scenario.servers[0] = Server {
        id: ServerId("x".repeat(10_000)),
        ..scenario.servers[0].clone()
    };
    scenario.load().expect("a long id is fine");
}
