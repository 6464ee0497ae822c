//! QNAME minimisation (RFC 9156) and nested look-ups.

use super::*;

// ---------------------------------------------------------------- QNAME minimisation and nested look-ups

#[test]
fn qname_minimisation_reveals_one_label_at_a_time() {
    let world = load(fixture!("qname_minimisation"));
    let run = resolve(&world, "host.a.b.example.test.", unbound());
    let queries: Vec<(String, String, bool, Decision)> = exchanges(&run.steps)
        .into_iter()
        .map(|x| {
            (
                x.zone.to_string(),
                x.query.name.to_string(),
                x.minimised,
                x.decision.clone(),
            )
        })
        .collect();
    let reveal = |zone: &str, name: &str| {
        (
            zone.to_string(),
            name.to_string(),
            true,
            Decision::RevealNextLabel,
        )
    };
    assert_eq!(
        queries,
        [
            (
                ".".to_string(),
                "test.".to_string(),
                true,
                Decision::FollowReferral { cut: n("test.") }
            ),
            (
                "test.".to_string(),
                "example.test.".to_string(),
                true,
                Decision::FollowReferral {
                    cut: n("example.test.")
                }
            ),
            reveal("example.test.", "b.example.test."),
            reveal("example.test.", "a.b.example.test."),
            (
                "example.test.".to_string(),
                "host.a.b.example.test.".to_string(),
                false,
                Decision::Finish
            ),
        ]
    );
    // Each query to a zone's servers reveals one more label than the one
    // before, and minimised queries ask for A whatever the client asked.
    let labels: Vec<usize> = exchanges(&run.steps)
        .into_iter()
        .map(|x| x.query.name.label_count())
        .collect();
    assert_eq!(labels, [1, 2, 3, 4, 5]);
    assert!(
        exchanges(&run.steps)
            .iter()
            .all(|x| x.query.rtype == RType::A)
    );
    // On the way, b.example.test. is empty and a.b.example.test. has an
    // address: either way there is no zone cut, and the walk goes on.
    let on_the_way: Vec<(&Step, &Exchange)> = run
        .steps
        .iter()
        .filter_map(|s| Some((s, s.exchange()?)))
        .filter(|(_, x)| x.decision == Decision::RevealNextLabel)
        .collect();
    assert_eq!(
        on_the_way
            .iter()
            .map(|(_, x)| x.classification.clone())
            .collect::<Vec<_>>(),
        [Classification::NoData, Classification::Answer]
    );
    for (step, exchange) in on_the_way {
        assert!(
            step.explanation().contains(&format!(
                "No zone cut at {}",
                exchange.query.name.to_string().trim_end_matches('.')
            )),
            "{}",
            step.explanation()
        );
    }
    assert_eq!(
        answer_lines(&run.outcome),
        ["host.a.b.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn without_qname_minimisation_every_server_sees_the_whole_name() {
    let world = load(fixture!("qname_minimisation"));
    let config = ResolverConfig {
        qname_minimisation: false,
        ..unbound()
    };
    let run = resolve(&world, "host.a.b.example.test.", config);
    let queries: Vec<(String, String, bool)> = exchanges(&run.steps)
        .into_iter()
        .map(|x| (x.zone.to_string(), x.query.name.to_string(), x.minimised))
        .collect();
    let full = |zone: &str| {
        (
            zone.to_string(),
            "host.a.b.example.test.".to_string(),
            false,
        )
    };
    assert_eq!(queries, [full("."), full("test."), full("example.test.")]);
    assert_eq!(
        answer_lines(&run.outcome),
        ["host.a.b.example.test. 3600 A 198.51.100.80"]
    );
}

#[test]
fn a_nested_look_up_runs_one_level_deeper_with_its_own_steps() {
    let world = load(fixture!("missing_glue"));
    let run = resolve(&world, "www.saved.test.", unbound());
    let lookup = position(&run.steps, |e| matches!(e, Event::Lookup { .. }));
    let client = Question::new(n("www.saved.test."), RType::A);
    let provider = Question::new(n("ns2.provider.example."), RType::A);
    assert_eq!(run.steps[lookup].depth, 0);
    assert_eq!(run.steps[lookup].task, client);

    // The look-up's own steps: from the root down to the provider's zone,
    // all at depth 1, all working for the name server's address.
    let back = run.steps[lookup + 1..]
        .iter()
        .position(|s| s.depth == 0)
        .map(|i| lookup + 1 + i)
        .unwrap();
    let nested = &run.steps[lookup + 1..back];
    let nested_queries: Vec<(String, String)> = nested
        .iter()
        .map(|s| {
            assert_eq!(s.depth, 1);
            assert_eq!(s.task, provider);
            let x = s.exchange().expect("only queries in this look-up");
            (x.zone.to_string(), x.query.name.to_string())
        })
        .collect();
    assert_eq!(
        nested_queries,
        [
            (".".to_string(), "example.".to_string()),
            ("example.".to_string(), "provider.example.".to_string()),
            (
                "provider.example.".to_string(),
                "ns2.provider.example.".to_string()
            ),
        ]
    );
    assert_eq!(nested[0].budget.target_fetches, 1);

    // Back at depth 0, the looked-up address is used.
    let resumed = run.steps[back].exchange().unwrap();
    assert_eq!(run.steps[back].task, client);
    assert_eq!(resumed.zone, n("saved.test."));
    assert_eq!(resumed.address, ip("203.0.113.10"));
    assert_eq!(resumed.address_source, AddressSource::LookedUp);
}

#[test]
fn each_step_belongs_to_the_question_being_resolved_when_it_was_taken() {
    // A query whose answer is a CNAME belongs to the name asked, not to the
    // target the resolution restarts at.
    let world = load(fixture!("cname_chains"));
    let run = resolve(&world, "www.example.test.", unbound());
    for step in &run.steps {
        if let Some(exchange) = step.exchange()
            && !exchange.minimised
        {
            assert_eq!(step.task, exchange.query, "step {}", step.index);
        }
    }

    // The A query that leads to trying AAAA belongs to the A look-up.
    let world = load(fixture!("dangling_ns"));
    let run = resolve(&world, "www.noaddr.test.", unbound());
    for step in &run.steps {
        if let Some(exchange) = step.exchange()
            && !exchange.minimised
        {
            assert_eq!(step.task, exchange.query, "step {}", step.index);
        }
    }
}
