//! Fixes that work: every finding's fix, applied to the world, removes that
//! finding and leaves no healthy zone harder to resolve than before, under
//! either resolver preset, now or once a resolver holds what the first
//! answer brought. Checked on every built-in scenario and test fixture, and on
//! random edits of the built-in ones.

use crate::support::{edits, resolving};
use dns_lab::sim::diagnose::diagnose_with;
use dns_lab::sim::dnssec::RustCrypto;
use dns_lab::sim::finding::{Finding, FindingKind};
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::name::Name;
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::scenario::World;
use dns_lab::sim::scenarios::{BUILT_IN, built_in};
use dns_lab::ui::state::{Action, Lab};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

use edits::{action, op};
use resolving::working;

/// Every finding, the DNSSEC checks included (at the world's date).
fn diagnose(world: &World) -> Vec<Finding> {
    let dnssec = crate::support::signed::dnssec_at(0);
    diagnose_with(world, &Hierarchy::build(world), Some(&dnssec))
}

/// What makes a finding the same one after an edit: its kind, its zones
/// and its title, without the NS-count badge that the fix itself changes.
fn identity(finding: &Finding) -> (FindingKind, Vec<Name>, String) {
    let title = match finding.title.rfind(" (parent: ") {
        Some(at) => finding.title[..at].to_string(),
        None => finding.title.clone(),
    };
    (finding.kind, finding.zones.clone(), title)
}

/// Every mistake found in `scenario` has a fix with edits, and each fix,
/// applied on its own, removes its finding and breaks nothing that worked.
fn every_fix_works(scenario: &Scenario, label: &str) -> Result<(), String> {
    let world = scenario
        .load()
        .map_err(|e| format!("{label}: does not load: {e}"))?;
    let findings = diagnose(&world);
    let before = working(&world);
    let flagged: BTreeSet<&Name> = findings.iter().flat_map(|f| &f.zones).collect();
    for finding in findings.iter().filter(|f| f.kind.is_mistake()) {
        let what = format!("{label}: {:?} \"{}\"", finding.kind, finding.title);
        if finding.fix.edits.is_empty() {
            return Err(format!(
                "{what}: no edits for \"{}\"",
                finding.fix.explanation
            ));
        }
        let mut fixed = finding
            .fix
            .apply(scenario)
            .map_err(|e| format!("{what}: the fix does not apply: {e}"))?;
        // The hosts' signers run after every edit, as in the app.
        fixed.keep_all_signed(scenario, scenario.epoch, &RustCrypto);
        let fixed_world = fixed
            .load()
            .map_err(|e| format!("{what}: the fixed world does not load: {e}"))?;
        let after = diagnose(&fixed_world);
        if let Some(same) = after.iter().find(|f| identity(f) == identity(finding)) {
            return Err(format!(
                "{what}: still there after \"{}\" ({:?}): {}",
                finding.fix.explanation, finding.fix.edits, same.title
            ));
        }
        let now_working = working(&fixed_world);
        // A zone that worked only by luck (a timeout that sent resolvers to
        // a server answering from its own copy, say) may stop working when a
        // fix lets resolution take its proper path; but only a zone the
        // findings already named, itself or on the way to it. A zone they
        // called healthy, along a healthy path, must stay so.
        let lost: Vec<_> = before
            .difference(&now_working)
            .filter(|(apex, _, _)| {
                !flagged
                    .iter()
                    .any(|f| apex == *f || (!f.is_root() && apex.is_subdomain_of(f)))
            })
            .collect();
        if !lost.is_empty() {
            return Err(format!(
                "{what}: \"{}\" breaks {lost:?}",
                finding.fix.explanation
            ));
        }
    }
    Ok(())
}

/// The built-in scenarios and the test fixtures of every misconfiguration.
fn corpus() -> Vec<(String, Scenario)> {
    let mut all: Vec<(String, Scenario)> = BUILT_IN
        .iter()
        .map(|(id, _)| (id.to_string(), built_in(id).unwrap()))
        .collect();
    for (name, scenario) in crate::support::signed::broken_worlds() {
        all.push((name.to_string(), scenario));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for dir in ["resolver", "diagnose"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            all.push((name, Scenario::from_json(&text).unwrap()));
        }
    }
    all
}

#[test]
fn every_fix_in_every_scenario_removes_its_finding_and_breaks_nothing() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, scenario) in corpus() {
        checked += diagnose(&scenario.load().unwrap()).len();
        if let Err(failure) = every_fix_works(&scenario, &name) {
            failures.push(failure);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 30, "only {checked} findings checked");
}

#[test]
fn every_kind_is_fixed_somewhere_in_the_scenarios() {
    let mut seen: BTreeSet<FindingKind> = BTreeSet::new();
    for (_, scenario) in corpus() {
        seen.extend(diagnose(&scenario.load().unwrap()).iter().map(|f| f.kind));
    }
    let missing: Vec<_> = FindingKind::ALL
        .iter()
        .filter(|k| !seen.contains(k))
        .collect();
    assert!(missing.is_empty(), "no scenario shows {missing:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn after_random_edits_of_a_lesson_every_fix_still_works(
        start in 0usize..BUILT_IN.len(),
        ops in prop::collection::vec(op(), 0..8),
    ) {
        let mut lab = Lab::default()
            .apply(Action::OpenBuiltIn(BUILT_IN[start].0.to_string()));
        for op in &ops {
            if let Some(action) = action(&lab, op) {
                lab = lab.apply(action);
            }
        }
        let label = format!("{} after {ops:?}", BUILT_IN[start].0);
        if let Err(failure) = every_fix_works(&lab.loaded.scenario, &label) {
            prop_assert!(false, "{}", failure);
        }
    }
}
