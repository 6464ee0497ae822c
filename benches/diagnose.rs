//! How long diagnosing a whole world takes, on generated worlds of 100,
//! 10,000 and 100,000 zones. The app re-diagnoses after every edit, with
//! the hierarchy it has built for the graph; the aim is well under 50 ms at
//! 10,000 zones natively.
//!
//! Run with `cargo bench --bench diagnose` (`BENCH_QUICK=1` for the two
//! smallest sizes only). A growth table follows criterion's output.

mod common;

use common::Growth;
use criterion::SamplingMode;
use dns_lab::sim::diagnose::{diagnose, diagnose_with};
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::scenarios::{default_scenario, generated_world};
use std::hint::black_box;
use std::time::Duration;

fn main() {
    let mut criterion = common::criterion(Duration::from_secs(3)).configure_from_args();
    let growth = Growth::default();
    let mut group = criterion.benchmark_group("diagnose");
    group.sampling_mode(SamplingMode::Flat);
    let default_world = default_scenario().load().unwrap();
    group.bench_function("default scenario", |b| {
        b.iter(|| diagnose(black_box(&default_world)))
    });
    for zones in common::sizes(&[100, 10_000, 100_000]) {
        let world = generated_world(zones).load().unwrap();
        println!("{zones} zones: {} findings", diagnose(&world).len());
        growth.bench(&mut group, "building the hierarchy too", zones, || {
            diagnose(&world)
        });
        let hierarchy = Hierarchy::build(&world);
        growth.bench(&mut group, "given the hierarchy", zones, || {
            diagnose_with(&world, &hierarchy)
        });
    }
    group.finish();
    criterion.final_summary();
    growth.print("diagnose (generated worlds)", "zones");
}
