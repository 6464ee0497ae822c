//! "Predict the next step": before every step of every built-in lesson,
//! under both presets and several seeds, from an empty cache and again
//! from the cache the first run left, the choices hold the step that
//! happens exactly once, at the index said to be right, and three or four
//! choices in all with no two the same. Whether a choice describes a step
//! is judged here from the step's own data, not by the code under test.

use crate::support::n;
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::lesson::OutcomeKind;
use dns_lab::sim::predict::{Guess, Heard, Prediction, Remembered, predict};
use dns_lab::sim::resolver::{
    CacheHit, Classification, Event, LameReason, Preset, Resolution, ResolverConfig, Step,
};
use dns_lab::sim::scenario::{Scenario, World};
use dns_lab::sim::scenarios::{BUILT_IN, built_in, default_scenario};
use dns_lab::sim::zone::NsSide;
use std::collections::BTreeSet;

/// Whether `guess` says what `step` does.
fn describes(guess: &Guess, step: &Step) -> bool {
    match (guess, &step.event) {
        (Guess::Ask { server, heard, .. }, Event::Query(exchange)) => {
            let same_reply = match (heard, &exchange.classification) {
                (Heard::Referral { cut }, Classification::Referral { cut: to }) => cut == to,
                (Heard::Alias { target }, Classification::Alias { target: to }) => target == to,
                (Heard::Answer, Classification::Answer)
                | (Heard::NXDomain, Classification::NXDomain)
                | (Heard::NoData, Classification::NoData)
                | (Heard::YXDomain, Classification::YXDomain)
                | (Heard::Timeout, Classification::Timeout)
                | (Heard::Refused, Classification::Lame(LameReason::Refused)) => true,
                (Heard::Lame, Classification::Lame(reason)) => *reason != LameReason::Refused,
                _ => false,
            };
            server == &exchange.server && same_reply
        }
        (Guess::FromCache(remembered), Event::CacheHit(hit)) => {
            matches!(
                (remembered, hit),
                (Remembered::Answer, CacheHit::Answer { .. })
                    | (Remembered::Alias, CacheHit::Alias { .. })
                    | (Remembered::Negative, CacheHit::Negative { .. })
            ) || matches!((remembered, hit),
            (Remembered::Delegation { cut }, CacheHit::Delegation { cut: at, .. }) if cut == at)
        }
        (
            Guess::LookUp { host },
            Event::Lookup {
                host: looked_up, ..
            },
        ) => host == looked_up,
        (Guess::Skip { host }, Event::Skip { host: skipped, .. }) => host == skipped,
        (Guess::GiveUp, Event::GiveUp(_)) => true,
        (Guess::Validate, Event::Check(_)) => true,
        (Guess::Finish(kind), Event::Done(outcome)) => *kind == OutcomeKind::of(outcome),
        _ => false,
    }
}

/// The variant of a guess, to count which kinds of step were predicted.
fn kind(guess: &Guess) -> &'static str {
    match guess {
        Guess::Ask { .. } => "ask",
        Guess::FromCache(_) => "cache",
        Guess::LookUp { .. } => "look up",
        Guess::Skip { .. } => "skip",
        Guess::GiveUp => "give up",
        Guess::Validate => "validate",
        Guess::Finish(_) => "finish",
    }
}

/// Steps `resolution` to its end, checking the prediction before each
/// step; returns each prediction with the step that followed it.
fn play(
    mut resolution: Resolution,
    world: &World,
    hierarchy: &Hierarchy,
    context: &str,
) -> (Resolution, Vec<(Prediction, Step)>) {
    let mut seen = Vec::new();
    while !resolution.is_done() {
        let prediction = predict(&resolution, world, hierarchy)
            .unwrap_or_else(|| panic!("{context}: no prediction before a step"));
        assert_eq!(
            predict(&resolution, world, hierarchy).as_ref(),
            Some(&prediction),
            "{context}: the same state, the same choices"
        );
        let step = resolution.step(world);
        let at = format!("{context}, step {}", step.index);
        let choices = &prediction.choices;
        assert!(
            (3..=4).contains(&choices.len()),
            "{at}: {} choices",
            choices.len()
        );
        for (i, choice) in choices.iter().enumerate() {
            assert!(!choices[..i].contains(choice), "{at}: {choice:?} twice");
            assert_eq!(
                describes(choice, &step),
                i == prediction.right,
                "{at}: choice {i} {choice:?} against {:?} (right: {})",
                step.event,
                prediction.right
            );
            assert!(!choice.words().is_empty());
        }
        seen.push((prediction, step));
    }
    assert_eq!(
        predict(&resolution, world, hierarchy),
        None,
        "{context}: done"
    );
    (resolution, seen)
}

fn lessons() -> Vec<(String, Scenario)> {
    let mut all = vec![("default".to_string(), default_scenario())];
    all.extend(
        BUILT_IN
            .iter()
            .filter_map(|(id, _)| built_in(id).map(|s| (id.to_string(), s)))
            .filter(|(_, s)| !s.servers.is_empty()),
    );
    all
}

#[test]
fn every_step_of_every_lesson_is_predicted_right_among_wrong_choices() {
    let mut kinds = BTreeSet::new();
    let mut places = BTreeSet::new();
    let mut other_side = 0;
    for (id, scenario) in lessons() {
        let world = scenario.load().unwrap_or_else(|e| panic!("{id}: {e}"));
        let hierarchy = Hierarchy::build(&world);
        let Some(lesson) = scenario.lesson.as_ref() else {
            continue;
        };
        for preset in Preset::ALL {
            for seed in 1..=3 {
                let config = ResolverConfig::preset(preset).with_seed(seed);
                let context = format!("{id} under {preset}, seed {seed}");
                let first = Resolution::new(lesson.question(), config);
                let (first, mut seen) = play(first, &world, &hierarchy, &context);
                // Again from the cache the first run left, later: the
                // steps that read the cache get predicted too.
                let mut cache = first.into_cache();
                cache.advance(lesson.then.as_ref().map_or(60, |t| t.advance_seconds));
                let again = Resolution::with_cache(lesson.question(), config, cache);
                let (_, later) = play(again, &world, &hierarchy, &format!("{context}, again"));
                seen.extend(later);
                for (prediction, _) in &seen {
                    kinds.insert(kind(&prediction.choices[prediction.right]));
                    places.insert(prediction.right);
                    other_side += prediction
                        .choices
                        .iter()
                        .filter(|c| {
                            matches!(
                                c,
                                Guess::Ask {
                                    only_at: Some(_),
                                    ..
                                }
                            )
                        })
                        .count();
                }
            }
        }
    }
    let all: BTreeSet<_> = ["ask", "cache", "look up", "skip", "give up", "finish"].into();
    assert_eq!(kinds, all, "every kind of step was predicted");
    assert!(places.len() >= 3, "the right choice moves: {places:?}");
    assert!(
        other_side > 0,
        "some choice names a server one side alone lists"
    );
}

/// At a cut whose two NS sets differ, the resolver follows the parent's set
/// from the referral; a choice offers a server only the child lists.
#[test]
fn at_a_mismatched_cut_a_choice_offers_the_other_ns_set() {
    let scenario = built_in("registrar-vs-zone-ns").unwrap();
    let world = scenario.load().unwrap();
    let hierarchy = Hierarchy::build(&world);
    let lesson = scenario.lesson.as_ref().unwrap();
    let mut resolution = Resolution::new(lesson.question(), ResolverConfig::unbound_like());
    let mut offered = false;
    while !resolution.is_done() {
        let prediction = predict(&resolution, &world, &hierarchy).unwrap();
        let step = resolution.step(&world);
        if step
            .exchange()
            .is_some_and(|x| x.zone == n("example.test."))
        {
            assert!(matches!(
                &prediction.choices[prediction.right],
                Guess::Ask {
                    only_at: Some(NsSide::Parent),
                    ..
                }
            ));
            offered |= prediction.choices.iter().any(|c| {
                matches!(
                    c,
                    Guess::Ask {
                        only_at: Some(NsSide::Child),
                        ..
                    }
                ) && c.words().contains("only in the zone's own NS set")
            });
        }
    }
    assert!(offered);
}
