//! How long diagnosing a whole world takes. The app re-diagnoses after every
//! edit; the aim is under 50 ms for 10,000 zones natively.
//! Run with `cargo bench --bench diagnose`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dns_lab::sim::diagnose::{diagnose, diagnose_with};
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::scenarios::{default_scenario, generated_world};
use std::hint::black_box;

fn diagnostics(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagnose");
    let default_world = default_scenario().load().unwrap();
    group.bench_function("default scenario", |b| {
        b.iter(|| diagnose(black_box(&default_world)))
    });
    for zones in [1_000, 10_000] {
        let world = generated_world(zones).load().unwrap();
        println!("{zones} zones: {} findings", diagnose(&world).len());
        group.bench_with_input(BenchmarkId::from_parameter(zones), &world, |b, world| {
            b.iter(|| diagnose(black_box(world)))
        });
        // The app builds the hierarchy once per edit for the graph and
        // hands it to the checks.
        let hierarchy = Hierarchy::build(&world);
        group.bench_with_input(
            BenchmarkId::new("given the hierarchy", zones),
            &world,
            |b, world| b.iter(|| diagnose_with(black_box(world), &hierarchy)),
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = diagnostics
}
criterion_main!(benches);
