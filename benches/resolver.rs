//! How long one resolution takes through a deep, wide world: six levels of
//! zones (the root, a TLD, a domain and three levels of subdomains), with
//! 10,000 domains delegated under each TLD. A resolution's cost should not
//! grow with the width of a zone, only with the depth it walks.
//!
//! Measured: a resolution from an empty cache (every level queried), the
//! same with QNAME minimisation off, and a repeat that the cache answers.
//! Then a few representative questions on the generated worlds of 100,
//! 10,000 and 100,000 zones the other benchmarks use, each from an empty
//! cache: an answer, an NXDOMAIN from a TLD, and NODATA.
//!
//! Run with `cargo bench --bench resolver` (`BENCH_QUICK=1`: 1,000 domains
//! per TLD in the deep world, and the two smallest generated worlds). A
//! growth table follows criterion's output.

mod common;

use common::Growth;
use criterion::{Criterion, SamplingMode};
use dns_lab::sim::authority::Question;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Resolution, ResolverConfig};
use dns_lab::sim::scenario::{SCENARIO_VERSION, Scenario, World, ZoneSource};
use dns_lab::sim::scenarios::generated_world;
use dns_lab::sim::server::{Behaviour, Server, ServerId};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

const TLDS: usize = 2;
/// Subdomain levels below `d0.tld0.`: with the root, the TLD and the domain,
/// six levels in all.
const SUBDOMAIN_LEVELS: usize = 3;

fn name(text: &str) -> Name {
    Name::parse(text).expect("generated names are valid")
}

/// Each zone gets its own in-domain server with glue in the parent, so a
/// resolution walks one referral per level.
fn deep_world(domains_per_tld: usize) -> World {
    let mut next_address = 0x0a00_0001_u32;
    let mut servers = Vec::new();
    let mut zones: Vec<ZoneSource> = Vec::new();
    let mut new_server = |apex: &str| -> (String, IpAddr) {
        let address = IpAddr::V4(Ipv4Addr::from(next_address));
        next_address += 1;
        let host = if apex == "." {
            "a.root-servers.tld0.".to_string()
        } else {
            format!("ns1.{apex}")
        };
        servers.push(Server {
            id: ServerId(format!("s{}", servers.len())),
            host: name(&host),
            addresses: vec![address],
            zones: vec![name(apex)],
            behaviour: Behaviour::Up,
            diverged: BTreeMap::new(),
        });
        (host, address)
    };
    let soa = |apex: &str, host: &str| {
        let mailbox = if apex == "." {
            "hostmaster.tld0."
        } else {
            "hostmaster"
        };
        format!(
            "$ORIGIN {apex}\n$TTL 3600\n@ SOA {host} {mailbox} 1 7200 3600 1209600 300\n@ NS {host}\n"
        )
    };
    let delegation =
        |apex: &str, host: &str, address: IpAddr| format!("{apex} NS {host}\n{host} A {address}\n");

    let (root_host, root_address) = new_server(".");
    let mut root = soa(".", &root_host);
    root.push_str(&format!("{root_host} A {root_address}\n"));
    for t in 0..TLDS {
        let tld = format!("tld{t}.");
        let (tld_host, tld_address) = new_server(&tld);
        root.push_str(&delegation(&tld, &tld_host, tld_address));
        let mut tld_text = soa(&tld, &tld_host);
        tld_text.push_str(&format!("{tld_host} A {tld_address}\n"));
        if t == 0 {
            tld_text.push_str(&format!("{root_host} A {root_address}\n"));
        }
        for d in 0..domains_per_tld {
            let domain = format!("d{d}.{tld}");
            let (host, address) = new_server(&domain);
            tld_text.push_str(&delegation(&domain, &host, address));
            let mut text = soa(&domain, &host);
            text.push_str(&format!("{host} A {address}\nwww.{domain} A 192.0.2.80\n"));
            if d == 0 {
                // Three more levels below d0.tldN.
                let mut parent = domain.clone();
                let mut parent_text = text;
                for level in 0..SUBDOMAIN_LEVELS {
                    let child = format!("l{level}.{parent}");
                    let (child_host, child_address) = new_server(&child);
                    parent_text.push_str(&delegation(&child, &child_host, child_address));
                    zones.push(ZoneSource {
                        apex: name(&parent),
                        text: parent_text,
                        signing: None,
                    });
                    parent_text = soa(&child, &child_host);
                    parent_text.push_str(&format!(
                        "{child_host} A {child_address}\nwww.{child} A 192.0.2.81\n"
                    ));
                    parent = child;
                }
                zones.push(ZoneSource {
                    apex: name(&parent),
                    text: parent_text,
                    signing: None,
                });
            } else {
                zones.push(ZoneSource {
                    apex: name(&domain),
                    text,
                    signing: None,
                });
            }
        }
        zones.push(ZoneSource {
            apex: name(&tld),
            text: tld_text,
            signing: None,
        });
    }
    zones.push(ZoneSource {
        apex: Name::root(),
        text: root,
        signing: None,
    });
    Scenario {
        version: SCENARIO_VERSION,
        title: "A deep, wide world".into(),
        description: "Generated for the resolver benchmark.".into(),
        servers,
        zones,
        lesson: None,
        open_world: false,
        epoch: Default::default(),
        trust_anchor: None,
    }
    .load()
    .expect("the generated world loads")
}

fn resolve(world: &World, question: &Question, config: ResolverConfig) -> usize {
    let mut resolution = Resolution::new(question.clone(), config);
    let steps = resolution.run(world);
    assert!(resolution.outcome().is_some_and(|o| !o.answer().is_empty()));
    steps.len()
}

/// Resolves without judging the outcome: NXDOMAIN and NODATA are outcomes
/// too. The number of steps keeps the work from being optimised away.
fn steps(world: &World, question: &Question, config: ResolverConfig) -> usize {
    let mut resolution = Resolution::new(question.clone(), config);
    resolution.run(world).len()
}

fn deep(c: &mut Criterion) {
    let domains = if common::quick() { 1_000 } else { 10_000 };
    let world = deep_world(domains);
    let deepest = Question::new(name("www.l2.l1.l0.d0.tld0."), RType::A);
    let unbound = ResolverConfig::unbound_like();
    let plain = ResolverConfig {
        qname_minimisation: false,
        ..unbound
    };
    let steps = resolve(&world, &deepest, unbound);
    println!(
        "world: {} zones, {} servers; deepest name: {steps} steps with QNAME minimisation, {} without",
        world.zones().count(),
        world.servers().len(),
        resolve(&world, &deepest, plain)
    );

    let mut group = c.benchmark_group("resolver");
    group.bench_function("6 levels, empty cache, QNAME minimisation", |b| {
        b.iter(|| resolve(&world, black_box(&deepest), unbound))
    });
    group.bench_function("6 levels, empty cache, full names", |b| {
        b.iter(|| resolve(&world, black_box(&deepest), plain))
    });
    let wide = Question::new(name(&format!("www.d{}.tld1.", domains - 1)), RType::A);
    group.bench_function(format!("3 levels, {domains} siblings, empty cache"), |b| {
        b.iter(|| resolve(&world, black_box(&wide), unbound))
    });
    let mut warm = Resolution::new(deepest.clone(), unbound);
    warm.run(&world);
    let cache = warm.into_cache();
    group.bench_function("6 levels, answered from the cache", |b| {
        b.iter(|| {
            let mut resolution = Resolution::with_cache(deepest.clone(), unbound, cache.clone());
            resolution.run(black_box(&world)).len()
        })
    });
    group.finish();
}

/// Representative questions on the generated worlds, each from an empty
/// cache.
fn generated(c: &mut Criterion, growth: &Growth) {
    let mut group = c.benchmark_group("resolver/generated");
    group.sampling_mode(SamplingMode::Flat);
    let unbound = ResolverConfig::unbound_like();
    for zones in common::sizes(&[100, 10_000, 100_000]) {
        let world = generated_world(zones).load().unwrap();
        // The last generated domain, the one added last to its TLD.
        let last = zones - 13;
        let questions = [
            (
                "answer",
                Question::new(name(&format!("www.d{last}.tld{}.", last % 10)), RType::A),
            ),
            ("NXDOMAIN", Question::new(name("nowhere.tld3."), RType::A)),
            (
                "NODATA",
                Question::new(name("ns1.provider.tld0."), RType::AAAA),
            ),
        ];
        for (what, question) in &questions {
            println!(
                "{zones} zones, {what} ({} {}): {} steps",
                question.name,
                question.rtype,
                steps(&world, question, unbound)
            );
            growth.bench(&mut group, what, zones, || steps(&world, question, unbound));
        }
    }
    group.finish();
}

fn main() {
    let mut criterion = common::criterion(Duration::from_secs(2)).configure_from_args();
    let growth = Growth::default();
    deep(&mut criterion);
    generated(&mut criterion, &growth);
    criterion.final_summary();
    growth.print("one resolution, empty cache (generated worlds)", "zones");
}
