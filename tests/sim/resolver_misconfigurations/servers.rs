//! Servers that fail their zone: lame, unresponsive, or serving a stale
//! copy.

use super::*;

// ---------------------------------------------------------------- lame_delegation

/// What each of the four lame servers does, in listed order.
fn lame_classifications(zone: &str) -> Vec<Classification> {
    vec![
        Classification::Lame(LameReason::Refused),
        Classification::Lame(LameReason::Refused),
        Classification::Lame(LameReason::UpwardReferral {
            cut: n("example.test."),
        }),
        Classification::Lame(LameReason::SameZoneReferral { cut: n(zone) }),
    ]
}

/// Unbound scrubs the NS set of a referral to the zone it asked about
/// (ns4's reply) and reads the empty rest as NODATA.
fn unbound_classifications(zone: &str) -> Vec<Classification> {
    let mut classifications = lame_classifications(zone);
    classifications[3] = Classification::NoData;
    classifications
}

#[test]
fn lame_servers_are_passed_over_until_one_answers() {
    let world = load(fixture!("lame_delegation"));
    let run = resolve(&world, "www.lame.example.test.", bind());
    let queries = asked(&run.steps, "lame.example.test.");
    let mut expected = lame_classifications("lame.example.test.");
    expected.push(Classification::Answer);
    assert_eq!(
        queries.iter().map(|q| q.2.clone()).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        queries.iter().map(|q| q.1).collect::<Vec<_>>(),
        [
            ip("198.51.100.1"),
            ip("198.51.100.2"),
            ip("198.51.100.3"),
            ip("198.51.100.4"),
            ip("198.51.100.5")
        ]
    );
    // The two referrals from lame servers are not followed.
    let decisions: Vec<Decision> = exchanges(&run.steps)
        .into_iter()
        .filter(|x| x.zone == n("lame.example.test."))
        .map(|x| x.decision.clone())
        .collect();
    assert_eq!(
        decisions,
        [
            Decision::TryNextServer,
            Decision::TryNextServer,
            Decision::TryNextServer,
            Decision::TryNextServer,
            Decision::Finish
        ]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.lame.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn unbound_takes_a_referral_to_the_same_zone_as_nodata() {
    let world = load(fixture!("lame_delegation"));
    for name in ["www.lame.example.test.", "www.dead.example.test."] {
        let run = resolve(&world, name, unbound());
        let zone = name.trim_start_matches("www.");
        let queries = asked(&run.steps, zone);
        assert_eq!(
            queries.iter().map(|q| q.2.clone()).collect::<Vec<_>>(),
            unbound_classifications(zone),
            "{name}"
        );
        assert!(
            matches!(run.outcome, Outcome::NoData { ref answer, .. } if answer.is_empty()),
            "{name}: {:?}",
            run.outcome
        );
        let last = run
            .steps
            .iter()
            .rev()
            .find(|s| s.exchange().is_some())
            .unwrap();
        assert!(
            last.explanation().contains("ghost domains"),
            "{}",
            last.explanation()
        );
    }
}

#[test]
fn when_every_server_is_lame_the_failure_lists_each_one() {
    let world = load(fixture!("lame_delegation"));
    {
        let config = bind();
        let run = resolve(&world, "www.dead.example.test.", config);
        let queries = asked(&run.steps, "dead.example.test.");
        assert_eq!(
            queries.iter().map(|q| q.2.clone()).collect::<Vec<_>>(),
            lame_classifications("dead.example.test.")
        );
        let failure = servfail(&run.outcome);
        let problems = lame_classifications("dead.example.test.")
            .into_iter()
            .map(|c| match c {
                Classification::Lame(reason) => ServerProblem::Lame(reason),
                _ => unreachable!(),
            });
        let attempts: Vec<Attempt> = ["1", "2", "3", "4"]
            .into_iter()
            .zip(problems)
            .map(|(i, problem)| {
                attempt(
                    &format!("ns{i}.dead.example.test."),
                    Some(&format!("198.51.100.{i}")),
                    problem,
                )
            })
            .collect();
        assert_eq!(
            *failure,
            no_reachable_authority("dead.example.test.", attempts)
        );
        assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
        let last = exchanges(&run.steps).into_iter().last().unwrap();
        assert_eq!(last.decision, Decision::GiveUp);
    }
}

// ---------------------------------------------------------------- unresponsive

#[test]
fn a_server_that_is_down_times_out_and_the_next_one_answers() {
    let world = load(fixture!("unresponsive"));
    let run = resolve(&world, "www.slow.test.", unbound());
    assert_eq!(
        asked(&run.steps, "slow.test."),
        [
            (
                n("ns1.slow.test."),
                ip("198.51.100.1"),
                Classification::Timeout
            ),
            (
                n("ns2.slow.test."),
                ip("198.51.100.2"),
                Classification::Answer
            ),
        ]
    );
    let timeout = exchanges(&run.steps)
        .into_iter()
        .find(|x| x.classification == Classification::Timeout)
        .unwrap();
    assert_eq!(timeout.response, None);
    assert_eq!(timeout.response_size, None);
    assert_eq!(timeout.decision, Decision::TryNextServer);
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.slow.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn when_every_server_is_down_the_failure_is_a_network_error() {
    let world = load(fixture!("unresponsive"));
    let run = resolve(&world, "www.down.test.", unbound());
    let failure = servfail(&run.outcome);
    assert_eq!(
        *failure,
        no_reachable_authority(
            "down.test.",
            vec![
                attempt(
                    "ns1.down.test.",
                    Some("198.51.100.11"),
                    ServerProblem::Timeout
                ),
                attempt(
                    "ns2.down.test.",
                    Some("198.51.100.12"),
                    ServerProblem::Timeout
                ),
            ]
        )
    );
    assert_eq!(failure.extended_error(), (23, "Network Error"));
}

// ---------------------------------------------------------------- stale_secondary

#[test]
fn listed_order_always_asks_the_primary() {
    let world = load(fixture!("stale_secondary"));
    let run = resolve(&world, "www.example.test.", unbound());
    assert_eq!(
        asked(&run.steps, "example.test."),
        [(
            n("ns1.example.test."),
            ip("198.51.100.1"),
            Classification::Answer
        )]
    );
    assert_eq!(
        answer_lines(&run.outcome),
        ["www.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn with_random_selection_the_answer_depends_on_the_server_picked() {
    let world = load(fixture!("stale_secondary"));
    let mut seen = BTreeSet::new();
    for seed in 0..32 {
        let config = ResolverConfig::unbound_like().with_seed(seed);
        assert_eq!(config.selection, ServerSelection::Random);
        let run = resolve(&world, "www.example.test.", config);
        let queries = asked(&run.steps, "example.test.");
        assert_eq!(queries.len(), 1, "seed {seed}");
        let answer = answer_lines(&run.outcome);
        // Whatever was asked decides the answer.
        let expected = match queries[0].0.to_string().as_str() {
            "ns1.example.test." => "www.example.test. 3600 A 198.51.100.80",
            "ns2.example.test." => "www.example.test. 3600 A 198.51.100.8",
            other => panic!("unexpected server {other}"),
        };
        assert_eq!(answer, [expected], "seed {seed}");
        // The same seed gives the same steps.
        assert_eq!(
            resolve(&world, "www.example.test.", config).steps,
            run.steps
        );
        seen.insert((queries[0].0.to_string(), answer[0].clone()));
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        [
            (
                "ns1.example.test.".to_string(),
                "www.example.test. 3600 A 198.51.100.80".to_string()
            ),
            (
                "ns2.example.test.".to_string(),
                "www.example.test. 3600 A 198.51.100.8".to_string()
            ),
        ]
    );
}
