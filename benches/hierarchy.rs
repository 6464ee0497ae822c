//! How long loading a world (parsing every zone's text) and building its
//! hierarchy graph take, on generated worlds of 100, 10,000 and 100,000
//! zones. The app does both after every edit; with
//! `Scenario::load_reusing` only the edited zone is parsed again, which is
//! measured too (one TLD zone edited).
//!
//! Run with `cargo bench --bench hierarchy` (`BENCH_QUICK=1` for the two
//! smallest sizes only). A growth table follows criterion's output.

mod common;

use common::Growth;
use criterion::SamplingMode;
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::name::Name;
use dns_lab::sim::scenarios::{default_scenario, generated_world};
use std::hint::black_box;
use std::time::Duration;

fn main() {
    let mut criterion = common::criterion(Duration::from_secs(3)).configure_from_args();
    let growth = Growth::default();
    let mut group = criterion.benchmark_group("hierarchy");
    group.sampling_mode(SamplingMode::Flat);
    let default_world = default_scenario().load().unwrap();
    group.bench_function("build/default scenario", |b| {
        b.iter(|| Hierarchy::build(black_box(&default_world)))
    });
    for zones in common::sizes(&[100, 10_000, 100_000]) {
        let scenario = generated_world(zones);
        let world = scenario.load().unwrap();
        growth.bench(&mut group, "build", zones, || Hierarchy::build(&world));
        growth.bench(&mut group, "load", zones, || scenario.load().unwrap());
        // An edit to one TLD's zone, as the app reloads after it.
        let mut edited = scenario.clone();
        let tld = Name::parse("tld3.").unwrap();
        let source = edited.zones.iter_mut().find(|z| z.apex == tld).unwrap();
        source.text.push_str("edited A 192.0.2.99\n");
        growth.bench(&mut group, "load reusing, one zone edited", zones, || {
            edited.load_reusing(&world).unwrap()
        });
    }
    group.finish();
    criterion.final_summary();
    growth.print("hierarchy (generated worlds)", "zones");
}
