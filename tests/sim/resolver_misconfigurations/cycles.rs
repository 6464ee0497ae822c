//! Circular delegations: look-ups that wait on each other, detected and
//! named.

use super::*;

// ---------------------------------------------------------------- circular_delegation

#[test]
fn circular_delegation_across_top_level_domains_is_named_as_a_cycle() {
    let world = load(fixture!("circular_delegation"));
    let run = resolve(&world, "www.a.example.", unbound());
    let cycle = Cycle {
        links: vec![
            (n("a.example."), n("ns.b.test.")),
            (n("b.test."), n("ns.a.example.")),
        ],
    };
    // Each look-up is its caller's step and runs one level deeper.
    let lookups: Vec<(usize, &Event)> = run
        .steps
        .iter()
        .filter(|s| matches!(s.event, Event::Lookup { .. }))
        .map(|s| (s.depth, &s.event))
        .collect();
    assert_eq!(
        lookups,
        [
            (
                0,
                &Event::Lookup {
                    zone: n("a.example."),
                    host: n("ns.b.test."),
                    source: ServerSource::Referral {
                        parent: n("example.")
                    },
                }
            ),
            (
                1,
                &Event::Lookup {
                    zone: n("b.test."),
                    host: n("ns.a.example."),
                    source: ServerSource::Referral { parent: n("test.") },
                }
            ),
        ]
    );
    let skip = position(&run.steps, |e| matches!(e, Event::Skip { .. }));
    assert_eq!(run.steps[skip].depth, 2);
    assert_eq!(
        run.steps[skip].task,
        Question::new(n("ns.a.example."), RType::A)
    );
    assert_eq!(
        run.steps[skip].event,
        Event::Skip {
            zone: n("a.example."),
            host: n("ns.b.test."),
            problem: ServerProblem::Cycle(cycle.clone()),
        }
    );
    // Every level gives up with the cycle as its cause, innermost first.
    let give_ups: Vec<(usize, &Event)> = run
        .steps
        .iter()
        .filter(|s| matches!(s.event, Event::GiveUp(_)))
        .map(|s| (s.depth, &s.event))
        .collect();
    let gave_up = Event::GiveUp(Failure::Cycle(cycle.clone()));
    assert_eq!(give_ups, [(2, &gave_up), (1, &gave_up), (0, &gave_up)]);
    assert!(asked(&run.steps, "a.example.").is_empty());
    assert!(asked(&run.steps, "b.test.").is_empty());

    let failure = servfail(&run.outcome);
    assert_eq!(*failure, Failure::Cycle(cycle));
    assert_eq!(failure.extended_error(), (22, "No Reachable Authority"));
    assert_eq!(
        failure.title(),
        "circular dependency: a.example → ns.b.test → b.test → ns.a.example → a.example"
    );
}
