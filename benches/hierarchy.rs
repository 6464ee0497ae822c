//! How long rebuilding the hierarchy graph takes after an edit. The app
//! rebuilds it from the loaded world on every change, so it must stay far
//! below a frame (16 ms); the aim is under a millisecond at 1,000 zones.
//! Loading (parsing every zone's text) is measured alongside for scale.
//!
//! Run with `cargo bench --bench hierarchy`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::scenarios::{default_scenario, generated_world};
use std::hint::black_box;

fn hierarchy(c: &mut Criterion) {
    let mut group = c.benchmark_group("hierarchy");
    let default_world = default_scenario().load().unwrap();
    group.bench_function("build/default scenario", |b| {
        b.iter(|| Hierarchy::build(black_box(&default_world)))
    });
    for zones in [100, 1_000, 10_000] {
        let scenario = generated_world(zones);
        let world = scenario.load().unwrap();
        group.bench_with_input(BenchmarkId::new("build", zones), &world, |b, world| {
            b.iter(|| Hierarchy::build(black_box(world)))
        });
        group.bench_with_input(BenchmarkId::new("load", zones), &scenario, |b, scenario| {
            b.iter(|| black_box(scenario).load().unwrap())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = hierarchy
}
criterion_main!(benches);
