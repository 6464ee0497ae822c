//! How long signing takes: a generated zone of 10⁴ (and 10⁵) records —
//! the usual mix of addresses, mail, text, aliases and delegations with
//! glue, as `benches/zonefile.rs` makes it — signed with a KSK and a ZSK,
//! ECDSA P-256 with NSEC and Ed25519 with NSEC3; then re-signed with
//! nothing changed and after one record's edit, the signer knowing the
//! zone it signed before (as the app's signer does), and once without it
//! (every RRset signed again to compare with its old signature).
//!
//! In the same run, real signers from Debian sign the same file with keys
//! of the same kind: NLnet Labs' `ldns-signzone` and BIND's
//! `dnssec-signzone`. Each runs as its own process, so its time includes
//! reading and writing the zone; ours is the signing alone, on the zone
//! already read (reading is `benches/zonefile.rs`'s subject). A tool that
//! is not installed is reported and skipped.
//!
//! Then validation: one question resolved in a signed world, with the
//! validator (which fetches each zone's DS and DNSKEY and verifies their
//! signatures and the answer's) and without.
//!
//! Run with `cargo bench --bench dnssec` (`BENCH_QUICK=1`: 10³ and 10⁴
//! records, one run each).

mod common;

use common::{Growth, best_of, count, generated_zones, show};
use criterion::SamplingMode;
use dns_lab::sim::authority::Question;
use dns_lab::sim::dnssec::sign::{Previous, sign_zone};
use dns_lab::sim::dnssec::{Algorithm, Denial, RustCrypto, Signing, UtcTime};
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::record::Record;
use dns_lab::sim::resolver::{Resolution, ResolverConfig};
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::zone::Zone;
use dns_lab::sim::zonefile::parse_zone;
use std::path::Path;
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

const APEX: &str = "bench.test.";

fn signing(algorithm: Algorithm, denial: Denial) -> Signing {
    let mut signing = Signing::new(algorithm, 1);
    signing.denial = denial;
    signing
}

fn nsec3() -> Denial {
    Denial::NSEC3 {
        iterations: 0,
        salt: String::new(),
    }
}

fn now() -> UtcTime {
    UtcTime::default()
}

/// The zone with one more record, as after an edit.
fn edited(zone: &Zone) -> Zone {
    let mut records: Vec<Record> = zone.records().cloned().collect();
    let extra =
        dns_lab::sim::zonefile::parse_record("edited 300 IN TXT \"one more\"", zone.apex(), 300)
            .unwrap();
    records.push(extra);
    Zone::new(zone.apex().clone(), records)
}

/// Runs `program` with `args` in `dir`: its time, or why not.
fn run(program: &str, args: &[&str], dir: &Path) -> Result<Duration, String> {
    let start = Instant::now();
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output();
    let elapsed = start.elapsed();
    match output {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err("not installed".into()),
        Err(e) => Err(format!("could not run: {e}")),
        Ok(output) if !output.status.success() => Err(format!(
            "failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .next()
                .unwrap_or("")
        )),
        Ok(output) => {
            let _ = output;
            Ok(elapsed)
        }
    }
}

/// The key files a tool made in `dir` (named after the zone, `.key`).
fn key_files(dir: &Path, prefix: &str) -> Vec<String> {
    let mut keys: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix) && name.ends_with(".key"))
        .map(|name| name.trim_end_matches(".key").to_string())
        .collect();
    keys.sort();
    keys
}

/// Times ldns-signzone and dnssec-signzone on the zone file `text`, with
/// an ECDSA P-256 KSK and ZSK each made by the tool's own key generator.
fn real_signers(records: usize, text: &str, ours: Duration) {
    let dir = std::env::temp_dir().join(format!("dns-lab-bench-sign-{records}"));
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(&dir).is_err() {
        println!(
            "| {} | cannot write {} | | |",
            count(records),
            dir.display()
        );
        return;
    }
    std::fs::write(dir.join("zone"), text).unwrap();
    let zone = APEX.trim_end_matches('.');
    let runs = if common::quick() { 1 } else { 3 };
    let ldns = run("ldns-keygen", &["-a", "ECDSAP256SHA256", "-k", zone], &dir)
        .and_then(|_| run("ldns-keygen", &["-a", "ECDSAP256SHA256", zone], &dir))
        .and_then(|_| {
            let keys = key_files(&dir, &format!("K{zone}"));
            let mut args: Vec<&str> = vec!["-n", "-o", APEX, "zone"];
            args.extend(keys.iter().map(String::as_str));
            (0..runs)
                .map(|_| run("ldns-signzone", &args, &dir))
                .min_by_key(|r| r.as_ref().map_or(Duration::MAX, |d| *d))
                .unwrap()
        });
    let bind_dir = dir.join("bind");
    std::fs::create_dir_all(&bind_dir).unwrap();
    std::fs::write(bind_dir.join("zone"), text).unwrap();
    let bind = run(
        "dnssec-keygen",
        &["-a", "ECDSAP256SHA256", "-f", "KSK", "-q", APEX],
        &bind_dir,
    )
    .and_then(|_| {
        run(
            "dnssec-keygen",
            &["-a", "ECDSAP256SHA256", "-q", APEX],
            &bind_dir,
        )
    })
    .and_then(|_| {
        (0..runs)
            .map(|_| {
                run(
                    "dnssec-signzone",
                    &["-S", "-K", ".", "-o", APEX, "-N", "keep", "-q", "zone"],
                    &bind_dir,
                )
            })
            .min_by_key(|r| r.as_ref().map_or(Duration::MAX, |d| *d))
            .unwrap()
    });
    for (tool, time) in [
        ("ldns-signzone (NSEC)", ldns),
        ("dnssec-signzone (NSEC)", bind),
    ] {
        match time {
            Ok(theirs) => println!(
                "| {} | {tool} | {} | {} | {:.2} |",
                count(records),
                show(theirs),
                show(ours),
                ours.as_secs_f64() / theirs.as_secs_f64()
            ),
            Err(why) => println!("| {} | {tool} | {why} | {} | |", count(records), show(ours)),
        }
    }
}

fn main() {
    let mut criterion = common::criterion(Duration::from_secs(5)).configure_from_args();
    let growth = Growth::default();
    let (sizes, texts) = generated_zones(APEX, &[10_000, 100_000]);
    let apex = Name::parse(APEX).unwrap();
    let zones: Vec<Zone> = texts
        .iter()
        .map(|text| parse_zone(text, &apex).unwrap().zone)
        .collect();
    let mut group = criterion.benchmark_group("dnssec");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    let ecdsa = signing(Algorithm::EcdsaP256Sha256, Denial::NSEC);
    let ed25519 = signing(Algorithm::Ed25519, nsec3());
    for (&records, zone) in sizes.iter().zip(&zones) {
        let signed = sign_zone(zone, &ecdsa, now(), Previous::default(), &RustCrypto).unwrap();
        println!(
            "{} records: {} records of signer output ({} signatures)",
            count(records),
            count(signed.records.len()),
            count(signed.made)
        );
        growth.bench(&mut group, "sign, ECDSA P-256 + NSEC", records, || {
            sign_zone(zone, &ecdsa, now(), Previous::default(), &RustCrypto).unwrap()
        });
        growth.bench(&mut group, "sign, Ed25519 + NSEC3", records, || {
            sign_zone(zone, &ed25519, now(), Previous::default(), &RustCrypto).unwrap()
        });
        let later = now().after(3_600);
        // The signer knows the zone it signed last time (its text's digest
        // matches), so unchanged RRsets keep their signatures unsigned.
        let known = Previous {
            output: &signed.records,
            data: Some(zone),
        };
        growth.bench(&mut group, "re-sign, nothing changed", records, || {
            sign_zone(zone, &ecdsa, later, known, &RustCrypto).unwrap()
        });
        let edited = edited(zone);
        growth.bench(&mut group, "re-sign after one edit", records, || {
            sign_zone(&edited, &ecdsa, later, known, &RustCrypto).unwrap()
        });
        // Without the earlier zone, every RRset is signed again to compare.
        let output_only = Previous {
            output: &signed.records,
            data: None,
        };
        growth.bench(&mut group, "re-sign, earlier zone unknown", records, || {
            sign_zone(&edited, &ecdsa, later, output_only, &RustCrypto).unwrap()
        });
    }
    // Validation: one question from an empty cache in the healthy world,
    // signed from the root down, with and without the validator (its
    // DS and DNSKEY queries, and the signatures it verifies).
    let world = signed_healthy_world().load().unwrap();
    let question = Question::new(Name::parse("www.example.test.").unwrap(), RType::A);
    for (label, validating) in [
        ("resolve, not validating", false),
        ("resolve, validating", true),
    ] {
        let config = ResolverConfig::unbound_like().with_validation(validating);
        group.bench_function(label, |b| {
            b.iter(|| {
                let mut resolution =
                    Resolution::new(question.clone(), config).validating_with(Rc::new(RustCrypto));
                resolution.run(&world)
            })
        });
    }
    group.finish();
    criterion.final_summary();
    growth.print("signing", "records");

    println!("\n## Real signers on the same zone files (best of the runs)\n");
    println!("Theirs: a process reading, signing and writing the file; ours: signing alone.\n");
    println!("| records | tool | time | ours (ECDSA + NSEC) | ours ÷ theirs |");
    println!("|---|---|---:|---:|---:|");
    for ((&records, text), zone) in sizes.iter().zip(&texts).zip(&zones) {
        let ours = best_of(1, || {
            sign_zone(zone, &ecdsa, now(), Previous::default(), &RustCrypto).unwrap()
        });
        real_signers(records, text, ours);
    }
    println!("\nBelow 1, ours is faster.");
}

/// The healthy delegation signed from the root down, each DS at its parent.
fn signed_healthy_world() -> Scenario {
    let mut scenario = dns_lab::sim::scenarios::built_in("healthy-delegation").unwrap();
    let at = scenario.epoch;
    let chain: Vec<Name> = ["example.test.", "test.", "."]
        .iter()
        .map(|apex| Name::parse(apex).unwrap())
        .collect();
    scenario
        .sign_chain(
            &chain,
            Algorithm::EcdsaP256Sha256,
            Denial::NSEC,
            at,
            &RustCrypto,
        )
        .unwrap();
    scenario
}
