//! How long reading and printing zone files takes, on one generated zone of
//! 10⁴, 10⁵ and 10⁶ records with the usual mix: addresses (A, AAAA), mail
//! (MX), text (TXT), aliases (CNAME) and delegations (NS with glue).
//!
//! In the same run, real tools from Debian parse and check the same files:
//! BIND's `named-checkzone`, Knot's `kzonecheck` and NLnet Labs'
//! `ldns-read-zone`. Each runs as its own process on the file, so its time
//! includes starting up and reading the file; ours is timed the same way
//! (reading the file, then `parse_zone`, which checks the zone as they do),
//! best of a few runs each, and printed as a ratio. A tool that is not
//! installed is reported and skipped; one that refuses the zone is reported
//! with its exit status and output, since the comparison would mean nothing.
//!
//! The real root zone the page ships (`assets/examples/root.zone`) is timed
//! the same way, and loaded into a world of its own.
//!
//! Run with `cargo bench --bench zonefile` (`BENCH_QUICK=1`: 10³ and 10⁴
//! records only). The zone files are written to `bench-zones/` in the build
//! directory (`target/release/bench-zones/` by default).

mod common;

use common::{Growth, best_of, count, generated_zones, show};
use criterion::SamplingMode;
use dns_lab::sim::name::Name;
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::scenarios::{BUILT_IN, REAL_ROOT_ZONE, ROOT_ZONE_PATH, around_root_zone};
use dns_lab::sim::zonefile::{parse_zone, print_zone};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const APEX: &str = "bench.test.";

/// Where the zone files go: beside the benchmark's own build output.
fn zone_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the benchmark knows its path");
    // target/<profile>/deps/zonefile-<hash> → target/<profile>/bench-zones
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .map_or_else(std::env::temp_dir, Path::to_path_buf);
    profile.join("bench-zones")
}

/// A real tool's command line for checking `file`.
struct Tool {
    name: &'static str,
    package: &'static str,
    args: fn(&Path, &str) -> Vec<String>,
}

const TOOLS: [Tool; 3] = [
    Tool {
        name: "named-checkzone",
        package: "bind9-utils",
        // `-i local`: check integrity from the zone's own data. The
        // default (`full`) looks names below each cut up in the DNS, which
        // here means waiting on timeouts, not parsing.
        args: |file, apex| {
            vec![
                "-i".into(),
                "local".into(),
                apex.into(),
                file.display().to_string(),
            ]
        },
    },
    Tool {
        name: "kzonecheck",
        package: "knot-dnssecutils",
        // `-d off`: no DNSSEC checks (the shipped root zone lacks most
        // signatures, and the generated zones are unsigned).
        args: |file, apex| {
            vec![
                "-d".into(),
                "off".into(),
                "-o".into(),
                apex.into(),
                file.display().to_string(),
            ]
        },
    },
    Tool {
        // It prints the zone it read; only the SOA, so printing costs it
        // next to nothing.
        name: "ldns-read-zone",
        package: "ldnsutils",
        args: |file, _| vec!["-E".into(), "SOA".into(), file.display().to_string()],
    },
];

/// Runs `tool` on `file` `runs` times: the best time, or why not.
fn run_tool(tool: &Tool, file: &Path, apex: &str, runs: usize) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let output = Command::new(tool.name)
            .args((tool.args)(file, apex))
            .stdin(Stdio::null())
            .output();
        let elapsed = start.elapsed();
        let output = match output {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!(
                    "not installed (apt-get install {}); skipped",
                    tool.package
                ));
            }
            Err(e) => return Err(format!("could not run: {e}")),
        };
        if !output.status.success() {
            let said = String::from_utf8_lossy(&output.stderr).to_string()
                + &String::from_utf8_lossy(&output.stdout);
            let said: Vec<&str> = said.lines().take(5).collect();
            return Err(format!(
                "refused the zone ({}): {}",
                output.status,
                said.join(" / ")
            ));
        }
        best = best.min(elapsed);
    }
    Ok(best)
}

/// The real root zone DNS Lab ships (`assets/examples/root.zone`).
fn root_zone_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(ROOT_ZONE_PATH)
}

/// Writes each size's zone file and times the real tools against ours on
/// them and on the real root zone.
fn compare_with_real_tools(sizes: &[usize], texts: &[String]) {
    let runs = if common::quick() { 1 } else { 3 };
    let dir = zone_dir();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        println!("cannot create {}: {e}; real tools skipped", dir.display());
        return;
    }
    println!("\n## Real tools on the same zone files (best of {runs} runs each)\n");
    println!("Files in {}.", dir.display());
    println!("Ours: read the file, then `parse_zone` (it checks the zone as the tools do).\n");
    println!("| zone | tool (exit status) | time | ours | ours ÷ theirs |");
    println!("|---|---|---:|---:|---:|");
    let mut files: Vec<(String, PathBuf, &str)> = Vec::new();
    for (&records, text) in sizes.iter().zip(texts) {
        let file = dir.join(format!("bench-{}.zone", count(records)));
        if let Err(e) = std::fs::write(&file, text) {
            println!("cannot write {}: {e}; skipped", file.display());
            continue;
        }
        files.push((format!("{} records", count(records)), file, APEX));
    }
    files.push(("the real root zone".into(), root_zone_file(), "."));
    for (what, file, apex_text) in &files {
        let apex = Name::parse(apex_text).unwrap();
        let ours = best_of(runs, || {
            let text = std::fs::read_to_string(file).expect("the zone file is there");
            parse_zone(&text, &apex).expect("the zone loads")
        });
        for tool in &TOOLS {
            match run_tool(tool, file, apex_text, runs) {
                Ok(theirs) => println!(
                    "| {what} | {} (0: loaded) | {} | {} | {:.2} |",
                    tool.name,
                    show(theirs),
                    show(ours),
                    ours.as_secs_f64() / theirs.as_secs_f64()
                ),
                Err(why) => println!("| {what} | {} | {why} | {} | |", tool.name, show(ours)),
            }
        }
    }
    println!("\nBelow 1, ours is faster. Versions: {}", versions());
}

/// How long the real root zone takes to become a world: read and check it
/// and make its thirteen servers, then load the world around it.
fn root_world() {
    let runs = if common::quick() { 1 } else { 5 };
    let text = std::fs::read_to_string(root_zone_file()).expect("the root zone is shipped");
    let template = || {
        let (_, json) = BUILT_IN
            .iter()
            .find(|(id, _)| *id == REAL_ROOT_ZONE)
            .unwrap();
        Scenario::from_json(json).unwrap()
    };
    let build = best_of(runs, || around_root_zone(template(), &text).unwrap());
    let scenario = around_root_zone(template(), &text).unwrap();
    let load = best_of(runs, || scenario.load().unwrap());
    println!("\n## The real root zone as a world (best of {runs})\n");
    println!("| step | time |\n|---|---:|");
    println!(
        "| read and check the zone, make its servers | {} |",
        show(build)
    );
    println!("| load the world around it | {} |", show(load));
}

/// The first line each tool gives for its version, or why not.
fn versions() -> String {
    let version = |program: &str, flag: &str| {
        Command::new(program)
            .arg(flag)
            .output()
            .ok()
            .map(|o| {
                let text = String::from_utf8_lossy(&o.stdout).to_string()
                    + &String::from_utf8_lossy(&o.stderr);
                text.lines().next().unwrap_or_default().trim().to_string()
            })
            .filter(|line| !line.is_empty())
            .unwrap_or_else(|| "not installed".into())
    };
    format!(
        "named-checkzone {}; {}; {}.",
        version("named-checkzone", "-v"),
        version("kzonecheck", "-V"),
        version("ldns-read-zone", "-v")
    )
}

fn main() {
    let mut criterion = common::criterion(Duration::from_secs(5)).configure_from_args();
    let growth = Growth::default();
    let (sizes, texts) = generated_zones(APEX, &[10_000, 100_000, 1_000_000]);
    let apex = Name::parse(APEX).unwrap();
    let mut group = criterion.benchmark_group("zonefile");
    group.sampling_mode(SamplingMode::Flat);
    for (&records, text) in sizes.iter().zip(&texts) {
        let parsed = parse_zone(text, &apex).expect("the generated zone loads");
        assert_eq!(parsed.zone.record_count(), records);
        assert!(parsed.warnings.is_empty(), "{:?}", &parsed.warnings[..1]);
        println!(
            "{} records: {:.1} MB of zone text",
            count(records),
            text.len() as f64 / 1e6
        );
        growth.bench(&mut group, "parse", records, || {
            parse_zone(text, &apex).unwrap()
        });
        growth.bench(&mut group, "print", records, || print_zone(&parsed.zone));
    }
    group.finish();
    criterion.final_summary();
    growth.print("zone files", "records");
    compare_with_real_tools(&sizes, &texts);
    root_world();
}
