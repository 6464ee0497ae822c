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
use dns_lab::sim::diagnose::{Dnssec, diagnose, diagnose_with};
use dns_lab::sim::dnssec::RustCrypto;
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
    // The DNSSEC checks on a signed world whose registrar kept the old DS:
    // the records scanned, then the break confirmed by resolving.
    let signed = signed_world_with_old_ds().load().unwrap();
    let signed_hierarchy = Hierarchy::build(&signed);
    let dnssec = Dnssec {
        crypto: std::rc::Rc::new(RustCrypto),
        clock: 0,
    };
    group.bench_function("signed world, DNSSEC checks", |b| {
        b.iter(|| diagnose_with(black_box(&signed), &signed_hierarchy, Some(&dnssec)))
    });
    for zones in common::sizes(&[100, 10_000, 100_000]) {
        let world = generated_world(zones).load().unwrap();
        println!("{zones} zones: {} findings", diagnose(&world).len());
        growth.bench(&mut group, "building the hierarchy too", zones, || {
            diagnose(&world)
        });
        let hierarchy = Hierarchy::build(&world);
        growth.bench(&mut group, "given the hierarchy", zones, || {
            diagnose_with(&world, &hierarchy, None)
        });
    }
    group.finish();
    criterion.final_summary();
    growth.print("diagnose (generated worlds)", "zones");
}

/// The healthy delegation signed from the root down, then example.test.
/// signed again with new keys while its parent keeps the old DS.
fn signed_world_with_old_ds() -> dns_lab::sim::scenario::Scenario {
    use dns_lab::sim::dnssec::{Algorithm, Denial};
    use dns_lab::sim::name::Name;
    let mut scenario = dns_lab::sim::scenarios::built_in("healthy-delegation").unwrap();
    let now = scenario.epoch;
    let chain: Vec<Name> = ["example.test.", "test.", "."]
        .iter()
        .map(|apex| Name::parse(apex).unwrap())
        .collect();
    scenario
        .sign_chain(
            &chain,
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            now,
            &RustCrypto,
        )
        .unwrap();
    let example = Name::parse("example.test.").unwrap();
    scenario
        .sign_zone(
            &example,
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            now.after(60),
            &RustCrypto,
        )
        .unwrap();
    scenario
}
