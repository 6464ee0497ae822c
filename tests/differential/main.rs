//! The differential suite: the simulator against real DNS software.
//!
//! For every built-in scenario, every resolver fixture in
//! `tests/fixtures/resolver/` and every scenario file in
//! `tests/differential/scenarios/`, the suite
//!
//! 1. exports the scenario with `dns-lab export-zones` (the crate's own
//!    binary, which cargo builds for this test);
//! 2. starts one NSD process per simulated name server on loopback
//!    addresses of its own, serving exactly that server's zone copies (a
//!    down server: nothing listens; a refusing server: NSD without the
//!    zone), see `realworld.rs` for how addresses are mapped into
//!    127.0.0.0/8;
//! 3. starts Unbound and BIND's named as recursive resolvers, with root
//!    hints pointing at the simulated root servers;
//! 4. sends each of the scenario's queries to both with `dig`: the lesson's
//!    query, and those listed for it in `queries.txt` (the fixtures have no
//!    lesson);
//! 5. compares the rcode and the answer records (TTLs aside, addresses
//!    mapped back) with the simulator's outcome under the matching preset:
//!    Unbound-like against Unbound, BIND-like against named. The simulator
//!    runs each preset with several seeds, and a real outcome agrees when
//!    some seed gives it (real resolvers choose servers by round-trip time
//!    and at random).
//!
//! It writes `tests/differential/results.md`, the table scenario × query ×
//! {Unbound, BIND, simulator}, and fails on any disagreement that
//! `expected-differences.txt` does not document.
//!
//! Then the DNSSEC cases (`dnssec.rs`): worlds the simulator signs itself,
//! served the same way and resolved by Unbound and named with validation on
//! and the simulated root's key as trust anchor. Each answer must validate
//! (AD) in a correct world, be insecure below an unsigned delegation, and
//! be SERVFAIL in a deliberately broken one; any other reply fails the run.
//!
//! # Running it
//!
//! `bash scripts/differential.sh`, as root (`scripts/test.sh` runs it, and so
//! CI): it builds this test, then runs it inside a private network namespace
//! (only `lo`, brought up: no packet can leave) and a private PID namespace
//! (nothing started outlives the run), with `DNS_LAB_DIFFERENTIAL=1`.
//! Without that variable, as in a plain `cargo test`, the test does nothing;
//! it also refuses to run where the network namespace has any interface
//! but `lo`. About two minutes on the 2-core machine, most of it named
//! giving up on circular delegations (its hung-fetch timer, ~12 s, which
//! `resolver-query-timeout` does not shorten).
//!
//! - `DNS_LAB_DIFFERENTIAL_ONLY=default,resolver/lame_delegation` runs
//!   only those scenarios and writes the table under the target directory.
//! - `DNS_LAB_DIFFERENTIAL_VERBOSE=1` makes Unbound (verbosity 4) and named
//!   (debug 3) log every query and response.
//! - Each scenario's export, configurations, address map and logs stay in
//!   `target/tmp/differential/<scenario>/` for a look afterwards.
//!
//! # When it fails
//!
//! A disagreement is either a simulator bug (fix `src/sim`), or a
//! difference that is deliberate or comes from the harness: then add
//! `scenario | query | resolver | reason` to `expected-differences.txt`,
//! and for a deliberate one say so in the scenario and the README too. The
//! suite then reports it as documented, and says when a documented
//! difference is no longer seen.
//!
//! # Files
//!
//! - `main.rs`: the cases, the run, the results file;
//! - `manifest.rs`: reading what `dns-lab export-zones` writes;
//! - `realworld.rs`: the address map into 127.0.0.0/8 and the NSD, Unbound
//!   and named configurations;
//! - `procs.rs`: starting daemons and stopping each by its pid;
//! - `dig.rs`: asking a resolver and reading dig's output;
//! - `dnssec.rs`: signed worlds, validated by real resolvers (their own
//!   section of the results);
//! - `compare.rs`: what a client sees, from both sides, and the documented
//!   differences;
//! - `queries.txt`, `expected-differences.txt`, `results.md`, and
//!   `scenarios/` for scenario files of the suite's own (none yet).

mod compare;
mod dig;
mod dnssec;
mod manifest;
mod procs;
mod realworld;

use compare::{Documented, Real, Seen, Simulated, sidecar_queries};
use dns_lab::sim::dnssec::UtcTime;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::Preset;
use dns_lab::sim::scenario::{SCENARIO_VERSION, Scenario};
use dns_lab::sim::scenarios::BUILT_IN;
use manifest::{Manifest, ScenarioSource, export_scenario};
use realworld::{AddressPool, NAMED_PORT, RESOLVER_ADDRESS, UNBOUND_PORT};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

/// One scenario to run.
struct Case {
    /// `default`, `resolver/ns_mismatch`, `differential/<stem>`.
    id: String,
    source: ScenarioSource,
}

/// One query's results.
struct Row {
    case: String,
    name: Name,
    rtype: RType,
    unbound: Seen,
    bind: Seen,
    unbound_reply: dig::DigReply,
    bind_reply: dig::DigReply,
    sim_unbound: Simulated,
    sim_bind: Simulated,
    /// Per real resolver: agrees, documented (number) or not.
    verdicts: [Verdict; 2],
}

impl Row {
    /// The real resolvers this row's simulator outcome disagrees with.
    fn disagreements(&self) -> impl Iterator<Item = Real> + '_ {
        [Real::Unbound, Real::Bind]
            .into_iter()
            .zip(self.verdicts)
            .filter(|(_, v)| *v == Verdict::Disagrees)
            .map(|(real, _)| real)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Agrees,
    /// Agrees, though a documented difference names it (stale entry).
    AgreesDespiteDocumented(usize),
    Documented(usize),
    Disagrees,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn suite_dir() -> PathBuf {
    repo().join("tests/differential")
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = BUILT_IN
        .iter()
        .map(|(id, _)| Case {
            id: id.to_string(),
            source: ScenarioSource::BuiltIn(id.to_string()),
        })
        .collect();
    for (folder, prefix) in [
        (repo().join("tests/fixtures/resolver"), "resolver"),
        (suite_dir().join("scenarios"), "differential"),
    ] {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort_by_key(|f| natural_key(&f.to_string_lossy()));
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            cases.push(Case {
                id: format!("{prefix}/{stem}"),
                source: ScenarioSource::File(file),
            });
        }
    }
    cases
}

/// Sorts `m2` before `m10`: runs of digits compare as numbers.
fn natural_key(text: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut letters = String::new();
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((std::mem::take(&mut letters), digits.parse().unwrap_or(0)));
                digits.clear();
            }
            letters.push(c);
        }
    }
    key.push((letters, digits.parse().unwrap_or(0)));
    key
}

fn load(source: &ScenarioSource) -> Result<Scenario, String> {
    match source {
        ScenarioSource::BuiltIn(id) => {
            dns_lab::sim::scenarios::built_in(id).ok_or_else(|| format!("no built-in {id}"))
        }
        ScenarioSource::File(path) => {
            let json = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Scenario::from_json(&json).map_err(|e| e.to_string())
        }
    }
}

/// Refuses to run anywhere but in a network namespace with only `lo`:
/// whatever a resolver tries, no packet can leave.
fn check_private_network() {
    // /proc/net/dev shows the reader's network namespace (sysfs may not).
    let interfaces: Vec<String> = fs::read_to_string("/proc/net/dev")
        .unwrap_or_default()
        .lines()
        .skip(2)
        .filter_map(|line| line.split(':').next())
        .map(|name| name.trim().to_string())
        .collect();
    assert!(
        interfaces.iter().all(|i| i == "lo"),
        "the differential suite runs only in a private network namespace (found interfaces {interfaces:?}); use scripts/differential.sh"
    );
}

/// A program's version number: the first word of its version output that
/// starts with a digit ("9.18.49-1~deb12u3-Debian").
fn version(program: &str, args: &[&str]) -> String {
    let text = Command::new(program)
        .args(args)
        .output()
        .map(|o| {
            let mut text = String::from_utf8_lossy(&o.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&o.stderr));
            text
        })
        .unwrap_or_default();
    text.split_whitespace()
        .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or("(unknown version)")
        .to_string()
}

#[test]
fn differential() {
    if std::env::var_os("DNS_LAB_DIFFERENTIAL").is_none() {
        eprintln!(
            "differential suite skipped: it runs real NSD, Unbound and named as root in a private network namespace; run `bash scripts/differential.sh`"
        );
        return;
    }
    check_private_network();
    let started = Instant::now();
    let only: Option<Vec<String>> = std::env::var("DNS_LAB_DIFFERENTIAL_ONLY")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let work_root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential");
    fs::create_dir_all(&work_root).unwrap();
    let documented = Documented::read(&suite_dir().join("expected-differences.txt"));
    let extra_queries = sidecar_queries(&suite_dir().join("queries.txt"));

    let mut pool = AddressPool::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut skipped: Vec<(String, String)> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut scenario_count = 0;
    for case in cases() {
        if let Some(only) = &only
            && !only.contains(&case.id)
        {
            continue;
        }
        let case_started = Instant::now();
        match run_case(
            &case,
            &work_root,
            &mut pool,
            &extra_queries,
            &documented,
            &mut notes,
        ) {
            Ok(mut case_rows) => {
                scenario_count += 1;
                eprintln!(
                    "{}: {} quer{} in {:.1} s",
                    case.id,
                    case_rows.len(),
                    if case_rows.len() == 1 { "y" } else { "ies" },
                    case_started.elapsed().as_secs_f64()
                );
                for row in &case_rows {
                    eprintln!(
                        "  {} {}: unbound {} | named {} | sim unbound-like {} | sim bind-like {} | {:?}",
                        row.name,
                        row.rtype,
                        row.unbound.cell(&row.name),
                        row.bind.cell(&row.name),
                        row.sim_unbound.cell(&row.name),
                        row.sim_bind.cell(&row.name),
                        row.verdicts
                    );
                }
                rows.append(&mut case_rows);
            }
            Err(reason) => {
                eprintln!("{}: skipped: {reason}", case.id);
                skipped.push((case.id.clone(), reason));
            }
        }
    }

    let date = UtcTime::from_unix_seconds(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    let mut dnssec_rows: Vec<dnssec::Row> = Vec::new();
    for case in dnssec::cases(&mut pool, date) {
        if let Some(only) = &only
            && !only.contains(&case.id)
        {
            continue;
        }
        let case_started = Instant::now();
        match run_dnssec_case(&case, &work_root, &mut pool, date) {
            Ok(mut case_rows) => {
                eprintln!(
                    "{}: {} queries in {:.1} s",
                    case.id,
                    case_rows.len(),
                    case_started.elapsed().as_secs_f64()
                );
                for row in &case_rows {
                    eprintln!(
                        "  {} {}: must be {} | unbound {} AD {} {:?} | named {} AD {} {:?}",
                        row.name,
                        row.rtype,
                        row.expect.describe(),
                        row.unbound.status,
                        row.unbound.ad,
                        row.unbound.ede,
                        row.bind.status,
                        row.bind.ad,
                        row.bind.ede
                    );
                    for disagreement in row.disagreements() {
                        eprintln!("    {disagreement}");
                    }
                }
                dnssec_rows.append(&mut case_rows);
            }
            Err(reason) => {
                eprintln!("{}: skipped: {reason}", case.id);
                skipped.push((case.id.clone(), reason));
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();

    let mut report = report(
        &rows,
        &skipped,
        &notes,
        &documented,
        scenario_count,
        elapsed,
    );
    if !dnssec_rows.is_empty() {
        report.push_str(&dnssec::report(&dnssec_rows, date));
    }
    let results = if only.is_some() {
        work_root.join("results.md")
    } else {
        suite_dir().join("results.md")
    };
    fs::write(&results, report).unwrap();
    eprintln!("results: {}", results.display());

    let failures: Vec<String> = rows
        .iter()
        .flat_map(|row| {
            row.disagreements().map(move |real| {
                format!("{} | {} {} | {}", row.case, row.name, row.rtype, real.key())
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "undocumented disagreements between the simulator and real resolvers (see {}):\n{}",
        results.display(),
        failures.join("\n")
    );
    let invalid: Vec<String> = dnssec_rows
        .iter()
        .filter(|row| !row.failures().is_empty())
        .map(|row| {
            format!(
                "{} | {} {} | must be {}; {} did not",
                row.case,
                row.name,
                row.rtype,
                row.expect.describe(),
                row.failures().join(" and ")
            )
        })
        .collect();
    assert!(
        invalid.is_empty(),
        "real validators do not treat the simulator's signed worlds as they must (see {}):\n{}",
        results.display(),
        invalid.join("\n")
    );
    let differing: Vec<String> = dnssec_rows
        .iter()
        .flat_map(|row| {
            row.disagreements()
                .into_iter()
                .map(move |d| format!("{} | {} {} | {d}", row.case, row.name, row.rtype))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "the validating presets differ from real validators (see {}):\n{}",
        results.display(),
        differing.join("\n")
    );
    let errors: Vec<&(String, String)> = skipped
        .iter()
        .filter(|(_, reason)| !reason.starts_with("no query"))
        .collect();
    assert!(
        errors.is_empty(),
        "scenarios that could not be run: {errors:?}"
    );
}

fn run_case(
    case: &Case,
    work_root: &Path,
    pool: &mut AddressPool,
    extra_queries: &[(String, Name, RType)],
    documented: &[Documented],
    notes: &mut Vec<(String, String)>,
) -> Result<Vec<Row>, String> {
    let scenario = load(&case.source)?;
    let world = scenario.load().map_err(|e| e.to_string())?;
    let work = work_root.join(case.id.replace('/', "__"));
    let export_dir = work.join("export");
    export_scenario(&case.source, &export_dir)?;
    let manifest = Manifest::read(&export_dir)?;
    if manifest.scenario_version > SCENARIO_VERSION {
        return Err(format!(
            "the export is of scenario format {}; this suite reads up to {SCENARIO_VERSION}",
            manifest.scenario_version
        ));
    }

    let mut queries: Vec<(Name, RType)> = Vec::new();
    for query in &manifest.queries {
        let name = Name::parse(&query.name).map_err(|e| e.to_string())?;
        let rtype: RType = query.rtype.parse().map_err(|e| format!("{e}"))?;
        queries.push((name, rtype));
    }
    for (id, name, rtype) in extra_queries {
        if *id == case.id && !queries.contains(&(name.clone(), *rtype)) {
            queries.push((name.clone(), *rtype));
        }
    }
    if queries.is_empty() {
        return Err("no query: it has no lesson and none in tests/differential/queries.txt".into());
    }

    let mut real = realworld::start(&manifest, &export_dir, &work.join("real"), pool, None)?;
    for problem in &real.zone_problems {
        notes.push((
            case.id.clone(),
            format!(
                "NSD refuses a zone copy: {}",
                without_machine_paths(problem, work_root)
            ),
        ));
    }
    let mut rows = Vec::new();
    for (name, rtype) in queries {
        let (unbound_reply, bind_reply) = std::thread::scope(|s| {
            let unbound =
                s.spawn(|| dig::ask(RESOLVER_ADDRESS, UNBOUND_PORT, &name, &rtype.to_string()));
            let bind =
                s.spawn(|| dig::ask(RESOLVER_ADDRESS, NAMED_PORT, &name, &rtype.to_string()));
            (unbound.join().unwrap(), bind.join().unwrap())
        });
        let unbound = Seen::of_reply(&unbound_reply, &real.mapping);
        let bind = Seen::of_reply(&bind_reply, &real.mapping);
        let sim_unbound = Simulated::run(&world, &name, rtype, Real::Unbound.preset());
        let sim_bind = Simulated::run(&world, &name, rtype, Real::Bind.preset());
        let query_text = format!("{name} {rtype}");
        let verdict = |real: Real, seen: &Seen, sim: &Simulated| {
            let doc = documented
                .iter()
                .find(|d| d.covers(&case.id, &query_text, real))
                .map(|d| d.number);
            match (sim.agrees_with(seen), doc) {
                (true, None) => Verdict::Agrees,
                (true, Some(n)) => Verdict::AgreesDespiteDocumented(n),
                (false, Some(n)) => Verdict::Documented(n),
                (false, None) => Verdict::Disagrees,
            }
        };
        let verdicts = [
            verdict(Real::Unbound, &unbound, &sim_unbound),
            verdict(Real::Bind, &bind, &sim_bind),
        ];
        rows.push(Row {
            case: case.id.clone(),
            name,
            rtype,
            unbound,
            bind,
            unbound_reply,
            bind_reply,
            sim_unbound,
            sim_bind,
            verdicts,
        });
    }
    real.stop();
    Ok(rows)
}

/// A signed world: exported, served by NSD, and resolved by validating
/// Unbound and named (see `dnssec.rs`).
fn run_dnssec_case(
    case: &dnssec::Case,
    work_root: &Path,
    pool: &mut AddressPool,
    date: UtcTime,
) -> Result<Vec<dnssec::Row>, String> {
    let work = work_root.join(case.id.replace('/', "__"));
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let file = work.join("scenario.json");
    fs::write(&file, case.scenario.to_json()).map_err(|e| e.to_string())?;
    let export_dir = work.join("export");
    export_scenario(&ScenarioSource::File(file), &export_dir)?;
    let manifest = Manifest::read(&export_dir)?;
    let validation = realworld::Validation {
        anchor: case.anchor.clone(),
        date,
    };
    let mut real = realworld::start(
        &manifest,
        &export_dir,
        &work.join("real"),
        pool,
        Some(&validation),
    )?;
    if !real.zone_problems.is_empty() {
        return Err(format!(
            "NSD refuses signed zone copies: {}",
            real.zone_problems.join("; ")
        ));
    }
    let world = case
        .scenario
        .load()
        .map_err(|e| format!("the signed world does not load: {e:?}"))?;
    let mut rows = Vec::new();
    let (mut unbound_cache, mut bind_cache) = Default::default();
    for (name, rtype, expect) in &case.queries {
        let (unbound, bind) = std::thread::scope(|s| {
            let unbound =
                s.spawn(|| dig::ask(RESOLVER_ADDRESS, UNBOUND_PORT, name, &rtype.to_string()));
            let bind = s.spawn(|| dig::ask(RESOLVER_ADDRESS, NAMED_PORT, name, &rtype.to_string()));
            (unbound.join().unwrap(), bind.join().unwrap())
        });
        rows.push(dnssec::Row {
            case: case.id.clone(),
            name: name.clone(),
            rtype: *rtype,
            expect: *expect,
            unbound,
            bind,
            unbound_like: dnssec::Validated::simulate(
                &world,
                name,
                *rtype,
                Preset::UnboundLike,
                &mut unbound_cache,
            ),
            bind_like: dnssec::Validated::simulate(
                &world,
                name,
                *rtype,
                Preset::BindLike,
                &mut bind_cache,
            ),
        });
    }
    real.stop();
    Ok(rows)
}

fn escape(cell: &str) -> String {
    cell.replace('|', "\\|")
}

/// `text` with the work folder's absolute path made relative to the
/// repository (`target/tmp/differential`): the committed table names no
/// folder of the machine it ran on.
fn without_machine_paths(text: &str, work_root: &Path) -> String {
    let relative = work_root
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .map_or_else(|_| "the work folder".into(), |p| p.display().to_string());
    text.replace(&work_root.display().to_string(), &relative)
}

fn report(
    rows: &[Row],
    skipped: &[(String, String)],
    notes: &[(String, String)],
    documented: &[Documented],
    scenario_count: usize,
    elapsed: f64,
) -> String {
    let mut out = String::new();
    let query_count = rows.len();
    let agree = rows
        .iter()
        .filter(|r| {
            r.verdicts
                .iter()
                .all(|v| matches!(v, Verdict::Agrees | Verdict::AgreesDespiteDocumented(_)))
        })
        .count();
    writeln!(
        out,
        "# Differential results: the simulator against NSD, Unbound and BIND\n\n\
         Written by `bash scripts/differential.sh` (the harness is `tests/differential/main.rs`, \
         whose documentation explains the method); do not edit by hand.\n\n\
         - Software (Debian packages): NSD {} as the authoritative servers, Unbound {} and BIND \
         named {} as the resolvers, dig {} to ask them.\n\
         - {scenario_count} scenarios (the built-in ones, `tests/fixtures/resolver/` and \
         `tests/differential/scenarios/`), {query_count} queries (each lesson's query and those \
         in `tests/differential/queries.txt`), {agree} in full agreement; the run took \
         {elapsed:.0} s.\n\
         - Each scenario is exported with `dns-lab export-zones`; each of its name servers is an \
         NSD process on loopback addresses of its own (127.53.x.y for each scenario address, \
         IPv6 ones included, so servers with IPv6 addresses are reached over IPv4; the zone \
         copies' address records of name servers are rewritten to match); a down server is \
         nothing listening, a refusing one is NSD without the zone. Unbound and named start with \
         empty caches for each scenario, everything inside a private network namespace.\n\
         - The lesson timelines (the same query after the clock moves) are not run: real time \
         would have to pass.\n\
         - Answers are compared as records, TTLs aside, with loopback addresses mapped back to \
         the scenario's. A simulator cell is the preset's outcome with seed 1; \"other seeds\" \
         lists any other outcome seeds {}–{} give, and a real outcome agrees when any seed gives \
         it (real resolvers pick servers at random at first). \"≠ BIND\" marks where the two real \
         resolvers differ; \"Dn\" refers to a documented difference below.\n",
        version("nsd", &["-v"]),
        version("unbound", &["-V"]),
        version("named", &["-v"]),
        version("dig", &["-v"]),
        compare::SEEDS.start(),
        compare::SEEDS.end(),
    )
    .unwrap();
    writeln!(
        out,
        "| Scenario | Query | Unbound | BIND (named) | Simulator, Unbound-like | Simulator, BIND-like | Agree? |\n\
         | --- | --- | --- | --- | --- | --- | --- |"
    )
    .unwrap();
    for row in rows {
        let verdict = |v: Verdict| match v {
            Verdict::Agrees => "yes".to_string(),
            Verdict::AgreesDespiteDocumented(n) => format!("yes (D{n} not seen)"),
            Verdict::Documented(n) => format!("documented (D{n})"),
            Verdict::Disagrees => "**NO**".to_string(),
        };
        let agree = if row.verdicts[0] == row.verdicts[1] {
            verdict(row.verdicts[0])
        } else {
            format!(
                "Unbound: {}; BIND: {}",
                verdict(row.verdicts[0]),
                verdict(row.verdicts[1])
            )
        };
        let mut unbound = row.unbound.cell(&row.name);
        if row.unbound != row.bind {
            unbound.push_str(" ≠ BIND");
        }
        writeln!(
            out,
            "| {} | `{} {}` | {} | {} | {} | {} | {} |",
            row.case,
            row.name,
            row.rtype,
            escape(&unbound),
            escape(&row.bind.cell(&row.name)),
            escape(&row.sim_unbound.cell(&row.name)),
            escape(&row.sim_bind.cell(&row.name)),
            agree
        )
        .unwrap();
    }

    let differing: Vec<&Row> = rows
        .iter()
        .filter(|r| {
            r.verdicts.iter().any(|v| *v != Verdict::Agrees)
                || r.unbound != r.bind
                || r.sim_unbound.cause.is_some()
                || r.sim_bind.cause.is_some()
        })
        .collect();
    if !differing.is_empty() {
        writeln!(
            out,
            "\n## Details\n\nRows where the real resolvers differ, a simulator says SERVFAIL, or \
             the verdict is not a plain yes: the simulator's cause, the real resolvers' Extended \
             DNS Errors (RFC 8914) and how long each took.\n"
        )
        .unwrap();
        for row in differing {
            let ede = |reply: &dig::DigReply| {
                if reply.ede.is_empty() {
                    String::new()
                } else {
                    format!(", EDE {}", reply.ede.join("; "))
                }
            };
            writeln!(
                out,
                "- {} `{} {}`: Unbound {} ms{}; named {} ms{}; simulator Unbound-like: {}; BIND-like: {}",
                row.case,
                row.name,
                row.rtype,
                row.unbound_reply.millis,
                ede(&row.unbound_reply),
                row.bind_reply.millis,
                ede(&row.bind_reply),
                row.sim_unbound.cause.as_deref().unwrap_or("no failure"),
                row.sim_bind.cause.as_deref().unwrap_or("no failure"),
            )
            .unwrap();
        }
    }

    let disagreements: Vec<String> = rows
        .iter()
        .flat_map(|row| {
            row.disagreements().map(move |real| {
                let (seen, sim, preset) = match real {
                    Real::Unbound => (&row.unbound, &row.sim_unbound, "Unbound-like"),
                    Real::Bind => (&row.bind, &row.sim_bind, "BIND-like"),
                };
                format!(
                    "- {} `{} {}`: {} says {}; the {preset} simulator says {}",
                    row.case,
                    row.name,
                    row.rtype,
                    match real {
                        Real::Unbound => "Unbound",
                        Real::Bind => "named",
                    },
                    seen.cell(&row.name),
                    sim.cell(&row.name)
                )
            })
        })
        .collect();
    writeln!(
        out,
        "\n## Undocumented disagreements\n\nEach is a simulator bug to fix, or a deliberate \
         difference to document in `tests/differential/expected-differences.txt` (and in the \
         scenario and the README) with its reason.\n"
    )
    .unwrap();
    if disagreements.is_empty() {
        writeln!(out, "None.").unwrap();
    }
    for line in disagreements {
        writeln!(out, "{line}").unwrap();
    }

    writeln!(
        out,
        "\n## Documented differences\n\nFrom `tests/differential/expected-differences.txt`.\n"
    )
    .unwrap();
    if documented.is_empty() {
        writeln!(out, "None.").unwrap();
    }
    for d in documented {
        writeln!(
            out,
            "- **D{}** ({}, `{}`, {}): {}",
            d.number, d.scenario, d.query, d.resolver, d.reason
        )
        .unwrap();
    }
    if !skipped.is_empty() {
        writeln!(out, "\n## Not run\n").unwrap();
        for (id, reason) in skipped {
            writeln!(out, "- {id}: {reason}").unwrap();
        }
    }
    if !notes.is_empty() {
        writeln!(out, "\n## Notes\n").unwrap();
        for (id, note) in notes {
            writeln!(out, "- {id}: {}", note.replace('\n', " ")).unwrap();
        }
    }
    out
}
