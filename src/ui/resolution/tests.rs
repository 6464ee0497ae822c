use super::*;
use crate::sim::resolver::explain::{
    decision_words, event_kind, glue_verdict_text, outcome_text, summary,
};
use crate::sim::resolver::{Decision, Failure, Outcome};
use crate::sim::scenario::Behaviour;
use crate::sim::scenarios::default_scenario;

fn stepped(lab: &Lab, n: usize) -> Lab {
    (0..n).fold(lab.clone(), |lab, _| lab.apply(Action::Step))
}

#[test]
fn hex_dump_rows_offsets_and_ascii() {
    assert_eq!(hex_dump(&[]), "");
    let bytes: Vec<u8> = (0..20u8).map(|i| b'a' + i).collect();
    let dump = hex_dump(&bytes);
    let lines: Vec<&str> = dump.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        "0000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|"
    );
    // A short last row keeps the ASCII column aligned.
    assert_eq!(
        lines[1],
        "0010  71 72 73 74                                       |qrst|"
    );
    assert_eq!(lines[0].find('|'), lines[1].find('|'));
    assert_eq!(
        hex_dump(&[0, 0x7f, b' ', 0xc0])
            .lines()
            .next()
            .unwrap()
            .rsplit('|')
            .nth(1),
        Some(".. .")
    );
}

#[test]
fn hex_dump_of_a_real_message_has_its_length() {
    let lab = stepped(&Lab::default(), 1);
    let exchange = lab
        .current_step()
        .and_then(Step::exchange)
        .expect("a query");
    let wire = exchange.response.as_ref().expect("a reply").to_wire();
    let dump = hex_dump(&wire);
    assert_eq!(dump.lines().count(), wire.len().div_ceil(16));
    assert_eq!(Some(wire.len()), exchange.response_size);
}

#[test]
fn clock_and_durations() {
    // One way to write a duration (sim::prose::duration): each non-zero unit.
    assert_eq!(clock_text(0), "+0s");
    assert_eq!(clock_text(59), "+59s");
    assert_eq!(clock_text(3_600), "+1h");
    assert_eq!(clock_text(86_400 + 3_600 + 61), "+1d 1h 1m 1s");
    assert_eq!(ttl_text(30), "30 s");
    assert_eq!(ttl_text(300), "300 s (5m)");
    assert_eq!(ttl_text(90_000), "90000 s (1d 1h)");
}

#[test]
fn status_before_any_step_invites_a_step() {
    let lab = Lab::default();
    let status = status_text(&lab);
    assert!(status.starts_with("Ready: "), "{status}");
    assert!(status.contains("www.example.test A"), "{status}");
}

#[test]
fn status_while_the_first_resolution_is_pending_says_so() {
    let lab = Lab::opening(default_scenario()).unwrap();
    assert_eq!(status_text(&lab), "Resolving www.example.test A…");
}

#[test]
fn status_names_server_address_query_and_referral() {
    let lab = stepped(&Lab::default(), 1);
    let status = status_text(&lab);
    let total = lab.query.steps.len();
    assert!(
        status.starts_with(&format!("step 1 of {total}: asked ")),
        "{status}"
    );
    assert!(status.contains("root-servers.test (192.0.2."), "{status}");
    assert!(status.contains("→ referral to test"), "{status}");
}

#[test]
fn status_at_the_end_gives_the_outcome() {
    let lab = Lab::default().apply(Action::Run);
    let status = status_text(&lab);
    let total = lab.query.steps.len();
    assert!(
        status.starts_with(&format!(
            "step {total} of {total}: answered the client: NOERROR, "
        )),
        "{status}"
    );
}

#[test]
fn servfail_status_names_the_cause_and_extended_error() {
    let mut lab = Lab::default();
    let servers: Vec<_> = lab
        .loaded
        .scenario
        .servers
        .iter()
        .map(|s| s.id.clone())
        .collect();
    for server in servers {
        lab = lab.apply(Action::SetBehaviour {
            server,
            behaviour: Behaviour::Down,
        });
    }
    let lab = lab.apply(Action::Run);
    let status = status_text(&lab);
    assert!(status.contains("SERVFAIL: "), "{status}");
    assert!(
        status.contains("(Extended DNS Error 23: Network Error)"),
        "{status}"
    );
    // Every query before the end timed out, and says so in the words the
    // trace and the CLI use.
    let first = summary(&lab.query.steps[0]);
    assert!(first.contains("→ timeout;"), "{first}");
}

#[test]
fn invalid_name_status_says_why() {
    let lab = Lab::default().apply(Action::SetQueryName("a..b".into()));
    assert!(status_text(&lab).starts_with("Cannot resolve"));
}

#[test]
fn every_step_of_the_default_run_has_a_summary() {
    for name in ["www.example.test.", "www.shop.test.", "nope.example.test."] {
        let lab = Lab::default()
            .apply(Action::SetQueryName(name.into()))
            .apply(Action::Run);
        assert!(lab.query.name_error.is_none());
        for step in lab.query.steps.iter() {
            let summary = summary(step);
            assert!(!summary.is_empty());
            assert!(!summary.contains(".."), "{summary}");
            if step.depth > 0 {
                assert!(summary.starts_with("[look-up of "), "{summary}");
            }
        }
    }
}

#[test]
fn outcome_text_adds_the_extended_error_only_to_servfail() {
    let failure = Failure::NoRootHints;
    let text = outcome_text(&Outcome::failed(failure));
    assert_eq!(
        text,
        "SERVFAIL: no root servers to start from (Extended DNS Error 22: No Reachable Authority)"
    );
    assert_eq!(
        outcome_text(&Outcome::Answer { answer: vec![] }),
        "NOERROR, 0 records"
    );
}

#[test]
fn config_description_tells_the_presets_apart() {
    let unbound = describe_config(&ResolverConfig::unbound_like());
    let bind = describe_config(&ResolverConfig::bind_like());
    let find = |rows: &[(&str, String)], term: &str| {
        rows.iter()
            .find(|(t, _)| *t == term)
            .map(|(_, text)| text.clone())
            .expect(term)
    };
    assert!(find(&unbound, "Server selection").contains("random"));
    assert!(find(&bind, "Server selection").contains("round robin"));
    assert!(find(&unbound, "Name server aliases").contains("followed"));
    assert!(find(&bind, "Name server aliases").contains("skipped"));
    assert!(find(&unbound, "Limits").contains("32 queries sent"));
    assert!(find(&bind, "Limits").contains("50 queries sent"));
    assert_eq!(
        find(&unbound, "Caching"),
        "anything for at most 1d, negative answers for at most 1h"
    );
    assert!(find(&unbound, "NS set").starts_with("child-centric"));
}

#[test]
fn dig_response_prints_header_flags_and_sections() {
    let lab = Lab::default().apply(Action::Run);
    let steps = &lab.query.steps;
    // The referral from the root: no AA, NS in authority, glue in additional.
    let referral = steps[0].exchange().expect("the first step is a query");
    let message = referral.response.as_ref().expect("a reply");
    let text = dig_response(message, 99);
    assert!(text.starts_with(&format!(
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: {}\n",
        message.id
    )));
    assert!(
        text.contains(";; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2,"),
        "{text}"
    );
    assert!(text.contains(";; AUTHORITY SECTION:\ntest."), "{text}");
    assert!(text.contains(";; ADDITIONAL SECTION:\n"), "{text}");
    assert!(!text.contains("ANSWER SECTION"), "{text}");
    assert!(text.ends_with(";; MSG SIZE  rcvd: 99\n"));
    // The last query is the authoritative answer.
    let answer = steps
        .iter()
        .rev()
        .find_map(Step::exchange)
        .expect("some query");
    let text = dig_response(answer.response.as_ref().expect("a reply"), 0);
    assert!(text.contains(";; flags: qr aa;"), "{text}");
    assert!(
        text.contains(";; ANSWER SECTION:\nwww.example.test."),
        "{text}"
    );
}

#[test]
fn glue_verdicts_say_why() {
    let lab = Lab::default().apply(Action::Run);
    let verdicts: Vec<String> = lab
        .query
        .steps
        .iter()
        .filter_map(Step::exchange)
        .flat_map(|e| e.glue.iter())
        .map(|g| glue_verdict_text(g, "test", "the root"))
        .collect();
    assert!(
        verdicts.iter().any(|v| v.starts_with("used: ")),
        "{verdicts:?}"
    );
}

#[test]
fn decisions_and_kinds_read_as_words() {
    assert_eq!(
        decision_words(&Decision::TryNextServer).1,
        "try the next server of the zone"
    );
    assert!(
        decision_words(&Decision::FollowReferral {
            cut: crate::sim::name::Name::parse("example.test.").unwrap()
        })
        .1
        .ends_with("of example.test")
    );
    assert_eq!(
        event_kind(&StepEvent::GiveUp(Failure::NoRootHints)),
        "giving up"
    );
}

#[test]
fn presets_round_trip_through_option_values() {
    for preset in [Preset::UnboundLike, Preset::BindLike] {
        assert_eq!(preset_from_value(preset_value(preset)), Some(preset));
    }
    assert_eq!(preset_from_value("knot"), None);
}
