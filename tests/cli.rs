//! The command line (`src/cli/`, `src/bin/dns-lab.rs`): parsing and usage,
//! `resolve` in text and JSON, `trace`, `diagnose`, `export-zones` and its
//! manifest, and the real binary's exit codes.

use dns_lab::cli::{self, CliError, Command, Manifest, USAGE};
use dns_lab::sim::authority::Question;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Preset, Resolution, ResolverConfig, trace};
use dns_lab::sim::scenario::ServerId;
use dns_lab::sim::scenarios::built_in;
use dns_lab::sim::zonefile::parse_zone;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process;

fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}

fn run(line: &str) -> Result<cli::Output, CliError> {
    cli::run(&args(line))
}

fn stdout(line: &str) -> String {
    let output = run(line).unwrap_or_else(|e| panic!("`{line}` failed: {e}"));
    assert_eq!(output.code, 0, "`{line}`");
    output.stdout
}

fn json_of(line: &str) -> Value {
    serde_json::from_str(&stdout(line)).expect("the output is JSON")
}

fn usage_error(line: &str) -> String {
    match run(line) {
        Err(error @ CliError::Usage(_)) => {
            assert_eq!(error.exit_code(), 2);
            let text = error.to_string();
            assert!(text.contains("Usage:"), "usage follows the message: {text}");
            error.message().to_string()
        }
        other => panic!("`{line}` should be a usage error, got {other:?}"),
    }
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("dns-lab-cli-{}-{name}", process::id()));
        let _ = std::fs::remove_dir_all(&path);
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ------------------------------------------------------------ parsing

#[test]
fn help_prints_usage_and_succeeds() {
    for line in [
        "help",
        "--help",
        "-h",
        "resolve --help",
        "diagnose --scenario x -h",
    ] {
        let output = run(line).unwrap();
        assert_eq!(output.code, 0, "`{line}`");
        assert_eq!(output.stdout, USAGE);
    }
    for command in ["resolve", "trace", "diagnose", "export-zones"] {
        assert!(USAGE.contains(&format!("dns-lab {command}")));
    }
}

#[test]
fn usage_errors_say_what_is_wrong() {
    assert_eq!(usage_error(""), "no command given");
    assert!(usage_error("frobnicate").contains("unknown command \"frobnicate\""));
    assert!(usage_error("resolve www.example.test A").contains("needs --scenario"));
    assert!(usage_error("resolve --scenario").contains("--scenario needs a value"));
    assert!(usage_error("resolve --scenario builtin:default --frob").contains("unknown option"));
    assert!(
        usage_error("trace --scenario builtin:default --json")
            .contains("trace does not take --json")
    );
    assert!(usage_error("diagnose --scenario builtin:default extra").contains("no arguments"));
    assert!(usage_error("export-zones --scenario builtin:default").contains("--out DIR"));
    assert!(
        usage_error("resolve --scenario builtin:default --resolver knot").contains("bind-like")
    );
    assert!(usage_error("resolve --scenario builtin:default --seed -1").contains("--seed"));
    assert!(
        usage_error("resolve --scenario a --scenario b www.example.test").contains("given twice")
    );
    assert!(
        usage_error("resolve --scenario builtin:default www.example.test A extra")
            .contains("extra")
    );
    assert!(usage_error("resolve --scenario builtin:default www.example.test FOO").contains("FOO"));
    assert!(
        usage_error("resolve --scenario builtin:default bad..name A").contains("not a domain name")
    );
}

#[test]
fn arguments_parse_in_any_order_and_with_equals() {
    let parsed = cli::parse_args(&args(
        "resolve www.example.test --seed=7 AAAA --resolver bind-like --json --scenario=f.json",
    ))
    .unwrap();
    let Command::Resolve(query) = parsed else {
        panic!("a resolve command, got {parsed:?}");
    };
    assert_eq!(query.scenario, "f.json");
    assert_eq!(query.name.as_deref(), Some("www.example.test"));
    assert_eq!(query.rtype.as_deref(), Some("AAAA"));
    assert_eq!(query.preset, Preset::BindLike);
    assert_eq!(query.seed, 7);
    assert!(query.json);
    assert!(!query.validate);
    let Command::Resolve(query) =
        cli::parse_args(&args("resolve --validate --scenario f")).unwrap()
    else {
        panic!("a resolve command");
    };
    assert!(query.validate);

    let Command::Trace(query) = cli::parse_args(&args("trace --scenario f")).unwrap() else {
        panic!("a trace command");
    };
    assert_eq!((query.name, query.rtype), (None, None));
    assert_eq!(query.preset, Preset::UnboundLike);
    assert_eq!(query.seed, ResolverConfig::unbound_like().seed);
}

#[test]
fn scenarios_that_do_not_load_are_clear_errors() {
    let unknown = run("diagnose --scenario builtin:nope").unwrap_err();
    assert_eq!(unknown.exit_code(), 2);
    assert!(unknown.message().contains("missing-glue"), "{unknown}");

    let missing = run("diagnose --scenario /nonexistent/dns-lab.json").unwrap_err();
    assert_eq!(missing.exit_code(), 2);
    assert!(missing.message().contains("cannot read"), "{missing}");

    // A zone with two mistakes: both are reported, at line and column.
    let dir = TempDir::new("broken");
    std::fs::create_dir_all(dir.path()).unwrap();
    let mut scenario = built_in("missing-glue").unwrap();
    let zone = scenario
        .zones
        .iter_mut()
        .find(|z| z.apex == Name::parse("example.test.").unwrap())
        .unwrap();
    zone.text
        .push_str("www2 IN A 10.0.0.300\nwww3 IN MX 70000 mail\n");
    let file = dir.path().join("broken.json");
    std::fs::write(&file, scenario.to_json()).unwrap();
    let error = cli::run(&[
        "resolve".into(),
        "--scenario".into(),
        file.display().to_string(),
    ])
    .unwrap_err();
    assert_eq!(error.exit_code(), 2);
    let message = error.message();
    assert!(message.contains("does not load"), "{message}");
    assert!(message.contains("zone example.test."), "{message}");
    assert!(message.contains("line 10, col 11"), "{message}");
    assert!(
        message.contains("line 11, col 12: the MX record's preference"),
        "{message}"
    );

    std::fs::write(&file, "{\"version\": 2}").unwrap();
    let error = cli::run(&[
        "diagnose".into(),
        "--scenario".into(),
        file.display().to_string(),
    ])
    .unwrap_err();
    assert!(
        error.message().contains("not a DNS Lab scenario"),
        "{error}"
    );
}

// ------------------------------------------------------------ resolve

#[test]
fn resolve_text_on_the_default_scenario() {
    let text = stdout("resolve --scenario builtin:default www.example.test A");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("status: NOERROR"));
    assert_eq!(
        lines.next(),
        Some("www.example.test.\t3600\tIN\tCNAME\texample.test.")
    );
    assert_eq!(
        lines.next(),
        Some("example.test.\t\t3600\tIN\tA\t198.51.100.80")
    );
    assert_eq!(lines.next(), Some("servers asked:"));
    let asked: Vec<&str> = lines.collect();
    assert!(asked.len() >= 3, "{text}");
    assert!(asked[0].contains("root-servers.test."), "{text}");
    assert!(asked[0].ends_with("referral to test."), "{text}");
    assert!(asked.last().unwrap().ends_with("answer"), "{text}");

    // The lesson query is the default, and the final dot is optional.
    assert_eq!(
        stdout("resolve --scenario builtin:default"),
        stdout("resolve --scenario builtin:default www.example.test. A")
    );
    assert_eq!(
        stdout("resolve --scenario builtin:default www.example.test"),
        text,
        "TYPE defaults to A"
    );
}

#[test]
fn resolve_json_on_the_default_scenario() {
    let report = json_of("resolve --scenario builtin:default www.example.test A --json");
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "name",
        "type",
        "resolver",
        "seed",
        "rcode",
        "answer",
        "servfail_cause",
        "validation",
        "extended_error",
        "servers_asked",
    ];
    expected.sort();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    assert_eq!(report["name"], "www.example.test.");
    assert_eq!(report["type"], "A");
    assert_eq!(report["resolver"], "unbound-like");
    assert_eq!(report["seed"], 1);
    assert_eq!(report["rcode"], "NOERROR");
    assert_eq!(report["servfail_cause"], Value::Null);
    assert_eq!(report["validation"], Value::Null, "no --validate");
    assert_eq!(report["extended_error"], Value::Null);
    assert_eq!(
        report["answer"],
        json!([
            {"owner": "www.example.test.", "ttl": 3600, "type": "CNAME", "data": "example.test."},
            {"owner": "example.test.", "ttl": 3600, "type": "A", "data": "198.51.100.80"},
        ])
    );
    let asked = report["servers_asked"].as_array().unwrap();
    assert!(!asked.is_empty());
    for server in asked {
        let mut keys: Vec<&String> = server.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["address", "host", "result"]);
    }
    assert_eq!(asked.last().unwrap()["result"], "answer");

    let nxdomain = json_of("resolve --scenario builtin:default nope.test. TXT --json");
    assert_eq!(nxdomain["rcode"], "NXDOMAIN");
    assert_eq!(nxdomain["type"], "TXT");
    assert_eq!(nxdomain["answer"], json!([]));
}

#[test]
fn resolve_reports_missing_glue_as_servfail_with_its_cause() {
    for resolver in ["unbound-like", "bind-like"] {
        let line = format!("resolve --scenario builtin:missing-glue --resolver {resolver}");
        let text = stdout(&line);
        assert!(
            text.starts_with(
                "status: SERVFAIL (cause: no server for example.test could be used)\n"
            ),
            "{text}"
        );
        assert!(text.contains("22 (No Reachable Authority)"), "{text}");
        assert!(
            text.contains("ns1.example.test.: in-domain name without glue"),
            "{text}"
        );
        let report = json_of(&format!("{line} --json"));
        assert_eq!(report["rcode"], "SERVFAIL");
        assert_eq!(report["resolver"], resolver);
        assert_eq!(
            report["servfail_cause"],
            "no server for example.test could be used"
        );
        assert_eq!(report["answer"], json!([]));
        let results: Vec<&str> = report["servers_asked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["result"].as_str().unwrap())
            .collect();
        assert_eq!(results, ["referral to test.", "referral to example.test."]);
    }
    // A SERVFAIL is data: the command succeeds.
    assert_eq!(
        run("resolve --scenario builtin:missing-glue").unwrap().code,
        0
    );
}

#[test]
fn resolve_ns_is_cname_differs_between_the_resolvers() {
    let unbound = json_of("resolve --scenario builtin:ns-is-cname --json");
    let bind = json_of("resolve --scenario builtin:ns-is-cname --resolver bind-like --json");
    assert_eq!(unbound["resolver"], "unbound-like");
    assert_eq!(unbound["rcode"], "NOERROR");
    assert_eq!(unbound["servfail_cause"], Value::Null);
    assert_eq!(unbound["answer"][0]["type"], "A");
    assert_eq!(bind["resolver"], "bind-like");
    assert_eq!(bind["rcode"], "SERVFAIL");
    assert!(bind["servfail_cause"].is_string());
    assert_eq!(bind["answer"], json!([]));

    let text = stdout("resolve --scenario builtin:ns-is-cname --resolver bind-like");
    assert!(text.starts_with("status: SERVFAIL (cause: "), "{text}");
    assert!(text.contains("an alias for"), "{text}");
}

#[test]
fn the_seed_is_reported_and_used() {
    let report = json_of("resolve --scenario builtin:default --seed 42 --json");
    assert_eq!(report["seed"], 42);
    // Different seeds may pick different root servers; each run is replayable.
    assert_eq!(
        stdout("resolve --scenario builtin:default --seed 42"),
        stdout("resolve --scenario builtin:default --seed 42")
    );
}

// -------------------------------------------------------------- trace

#[test]
fn trace_is_the_dig_trace_of_the_same_resolution() {
    for (scenario, preset, flag) in [
        ("default", Preset::UnboundLike, ""),
        (
            "missing-glue",
            Preset::UnboundLike,
            "--resolver unbound-like",
        ),
        (
            "ns-is-cname",
            Preset::BindLike,
            "--resolver bind-like --seed 9",
        ),
    ] {
        let world = built_in(scenario).unwrap().load().unwrap();
        let seed = if flag.contains("--seed 9") { 9 } else { 1 };
        let question = Question::new(Name::parse("www.example.test.").unwrap(), RType::A);
        let mut resolution = Resolution::new(
            question.clone(),
            ResolverConfig::preset(preset).with_seed(seed),
        );
        let steps = resolution.run(&world);
        let expected = trace::render(&question, &steps);
        assert_eq!(
            stdout(&format!(
                "trace --scenario builtin:{scenario} www.example.test A {flag}"
            )),
            expected,
            "{scenario}"
        );
        // The lesson query gives the same trace.
        assert_eq!(
            stdout(&format!("trace --scenario builtin:{scenario} {flag}")),
            expected
        );
    }
}

// ----------------------------------------------------------- diagnose

#[test]
fn diagnose_json_lists_missing_glue() {
    let findings = json_of("diagnose --scenario builtin:missing-glue --json");
    let findings = findings.as_array().unwrap();
    assert!(!findings.is_empty());
    let kinds: Vec<&str> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.iter().all(|k| *k == "missing-glue"), "{kinds:?}");
    assert_eq!(kinds.len(), 2, "one finding per name server: {kinds:?}");
    for finding in findings {
        let mut keys: Vec<&String> = finding.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "consequence",
                "fix",
                "fix_edits",
                "kind",
                "servers",
                "severity",
                "title",
                "zones"
            ]
        );
        assert_eq!(finding["severity"], "error");
        assert!(
            finding["zones"]
                .as_array()
                .unwrap()
                .contains(&json!("example.test."))
        );
        assert!(!finding["fix"].as_str().unwrap().is_empty());
    }
}

#[test]
fn diagnose_text_has_one_line_per_finding_and_its_fix() {
    let text = stdout("diagnose --scenario builtin:missing-glue");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("✖ error   missing-glue: "), "{text}");
    assert!(lines[1].starts_with("    fix: "), "{text}");
    assert!(
        lines[1].contains("ns1.example.test. A 198.51.100.10"),
        "{text}"
    );

    let ns_is_cname = stdout("diagnose --scenario builtin:ns-is-cname");
    assert!(ns_is_cname.contains(" ns-is-alias: "), "{ns_is_cname}");
    let healthy = stdout("diagnose --scenario builtin:healthy-delegation");
    assert_eq!(healthy, "no findings\n");
    assert_eq!(
        json_of("diagnose --scenario builtin:healthy-delegation --json"),
        json!([])
    );
}

// ------------------------------------------------------- export-zones

fn export(scenario: &str, dir: &Path) -> Result<cli::Output, CliError> {
    cli::run(&[
        "export-zones".into(),
        "--scenario".into(),
        format!("builtin:{scenario}"),
        "--out".into(),
        dir.display().to_string(),
    ])
}

fn read_manifest(dir: &Path) -> (Value, Manifest) {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    (
        serde_json::from_str(&text).unwrap(),
        serde_json::from_str(&text).unwrap(),
    )
}

/// Every file the manifest lists parses back to the copy its server serves.
fn check_files_match_the_world(scenario: &str, dir: &Path, manifest: &Manifest) {
    let world = built_in(scenario).unwrap().load().unwrap();
    let mut count = 0;
    for server in &manifest.servers {
        let id = ServerId(server.id.clone());
        let loads = &world.server(&id).unwrap().zones;
        assert_eq!(
            server.zones.iter().map(|z| &z.apex).collect::<Vec<_>>(),
            loads.iter().collect::<Vec<_>>(),
            "{}",
            server.id
        );
        for zone in &server.zones {
            let text = std::fs::read_to_string(dir.join(&zone.file)).unwrap();
            let parsed = parse_zone(&text, &zone.apex)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", zone.file));
            assert_eq!(
                &parsed.zone,
                world.copy_served_by(&id, &zone.apex).unwrap(),
                "{}",
                zone.file
            );
            count += 1;
        }
    }
    let on_disk = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| std::fs::read_dir(e.path()).unwrap().count())
        .sum::<usize>();
    assert_eq!(on_disk, count, "no files beyond those the manifest lists");
}

#[test]
fn export_zones_writes_the_manifest_and_a_file_per_server_and_zone() {
    let dir = TempDir::new("missing-glue");
    let output = export("missing-glue", &dir.path().join("nested/out")).unwrap();
    assert_eq!(output.code, 0);
    assert!(
        output
            .stdout
            .starts_with("wrote 5 zone files for 5 servers")
    );
    let out = dir.path().join("nested/out");
    let (value, manifest) = read_manifest(&out);
    assert_eq!(
        value,
        json!({
            "title": "Missing glue",
            "scenario_version": 3,
            "servers": [
                {"id": "a-root", "host": "a.root-servers.test.", "addresses": ["192.0.2.1"],
                 "status": "up", "zones": [{"apex": ".", "file": "a-root/root.zone"}]},
                {"id": "ns1-nic-test", "host": "ns1.nic.test.", "addresses": ["192.0.2.10"],
                 "status": "up", "zones": [{"apex": "test.", "file": "ns1-nic-test/test.zone"}]},
                {"id": "ns2-nic-test", "host": "ns2.nic.test.", "addresses": ["192.0.2.11"],
                 "status": "up", "zones": [{"apex": "test.", "file": "ns2-nic-test/test.zone"}]},
                {"id": "ns1-example", "host": "ns1.example.test.", "addresses": ["198.51.100.10"],
                 "status": "up",
                 "zones": [{"apex": "example.test.", "file": "ns1-example/example.test.zone"}]},
                {"id": "ns2-example", "host": "ns2.example.test.", "addresses": ["198.51.100.11"],
                 "status": "up",
                 "zones": [{"apex": "example.test.", "file": "ns2-example/example.test.zone"}]},
            ],
            "root_hints": [{"host": "a.root-servers.test.", "address": "192.0.2.1"}],
            "queries": [{"name": "www.example.test.", "type": "A"}],
        })
    );
    check_files_match_the_world("missing-glue", &out, &manifest);
    // Names in record data are absolute, as NSD and BIND read them.
    let text = std::fs::read_to_string(out.join("ns1-example/example.test.zone")).unwrap();
    assert!(text.starts_with("$ORIGIN example.test.\n"), "{text}");
    assert!(text.contains("IN NS    ns1.example.test.\n"), "{text}");
}

#[test]
fn export_zones_of_the_default_scenario_covers_every_server() {
    let dir = TempDir::new("default");
    export("default", dir.path()).unwrap();
    let (value, manifest) = read_manifest(dir.path());
    let world = built_in("default").unwrap().load().unwrap();
    assert_eq!(manifest.servers.len(), world.servers().len());
    let hints: Vec<(String, String)> = world
        .root_hints()
        .into_iter()
        .map(|(h, a)| (h.to_string(), a.to_string()))
        .collect();
    let written: Vec<(String, String)> = value["root_hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["host"].as_str().unwrap().to_string(),
                h["address"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(written, hints);
    check_files_match_the_world("default", dir.path(), &manifest);
}

#[test]
fn export_zones_gives_each_server_its_own_diverged_copy() {
    let dir = TempDir::new("stale");
    export("stale-secondary", dir.path()).unwrap();
    let (_, manifest) = read_manifest(dir.path());
    check_files_match_the_world("stale-secondary", dir.path(), &manifest);
    let file = |server: &str| {
        std::fs::read_to_string(dir.path().join(server).join("example.test.zone")).unwrap()
    };
    let (fresh, stale) = (file("ns1-example"), file("ns2-example"));
    assert_ne!(fresh, stale);
    assert!(stale.contains("2026010101"), "the stale serial: {stale}");
}

#[test]
fn export_zones_includes_servers_that_are_down() {
    let dir = TempDir::new("down");
    export("only-server-down", dir.path()).unwrap();
    let (value, manifest) = read_manifest(dir.path());
    let down: Vec<&Value> = value["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "down")
        .collect();
    assert!(!down.is_empty());
    assert!(
        down.iter()
            .all(|s| !s["zones"].as_array().unwrap().is_empty())
    );
    check_files_match_the_world("only-server-down", dir.path(), &manifest);
}

#[test]
fn export_zones_replaces_a_previous_export_and_refuses_foreign_folders() {
    let dir = TempDir::new("overwrite");
    // A previous export of another scenario: its files go, the new ones come.
    export("default", dir.path()).unwrap();
    assert!(dir.path().join("ns1-lab").exists());
    export("missing-glue", dir.path()).unwrap();
    assert!(
        !dir.path().join("ns1-lab").exists(),
        "old server folder removed"
    );
    let (_, manifest) = read_manifest(dir.path());
    assert_eq!(manifest.title, "Missing glue");
    check_files_match_the_world("missing-glue", dir.path(), &manifest);

    // A folder with someone's own files is left alone.
    let foreign = TempDir::new("foreign");
    std::fs::create_dir_all(foreign.path()).unwrap();
    std::fs::write(foreign.path().join("notes.txt"), "mine").unwrap();
    let error = export("missing-glue", foreign.path()).unwrap_err();
    assert!(matches!(error, CliError::Refused(_)), "{error:?}");
    assert_eq!(error.exit_code(), 2);
    assert!(error.message().contains("not empty"), "{error}");
    let names: Vec<_> = std::fs::read_dir(foreign.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notes.txt"]);

    // Nor does a manifest.json that is not an export's make it one.
    std::fs::write(foreign.path().join("manifest.json"), "{\"name\": \"app\"}").unwrap();
    assert!(matches!(
        export("missing-glue", foreign.path()),
        Err(CliError::Refused(_))
    ));

    // A file in the way is refused too.
    let file = foreign.path().join("notes.txt");
    assert!(matches!(
        export("missing-glue", &file),
        Err(CliError::Refused(_))
    ));
}

#[test]
fn export_paths_are_safe_and_distinct() {
    assert_eq!(cli::zone_file_name(&Name::root()), "root.zone");
    assert_eq!(
        cli::zone_file_name(&Name::parse("example.test.").unwrap()),
        "example.test.zone"
    );
    assert_eq!(
        cli::zone_file_name(&Name::parse("root.").unwrap()),
        "root%2E.zone"
    );
    assert_eq!(cli::server_folder("ns1-example-test"), "ns1-example-test");
    assert_eq!(cli::server_folder(".."), "%2E%2E");
    assert_eq!(cli::server_folder("a/b"), "a%2Fb");
    assert_eq!(cli::server_folder("manifest.json"), "manifest%2Ejson");
}

// ------------------------------------------------------- the binary

#[test]
fn the_binary_prints_and_exits_with_the_right_codes() {
    let bin = env!("CARGO_BIN_EXE_dns-lab");
    let run = |line: &str| {
        process::Command::new(bin)
            .args(args(line))
            .output()
            .expect("the binary runs")
    };

    let servfail = run("resolve --scenario builtin:missing-glue --json");
    assert_eq!(servfail.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&servfail.stdout).unwrap();
    assert_eq!(report["rcode"], "SERVFAIL");

    let help = run("--help");
    assert_eq!(help.status.code(), Some(0));
    assert_eq!(String::from_utf8(help.stdout).unwrap(), USAGE);

    let bad = run("resolve");
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert!(
        stderr.starts_with("dns-lab: resolve needs --scenario"),
        "{stderr}"
    );
    assert!(stderr.contains("Usage:"), "{stderr}");

    let missing = run("diagnose --scenario /nonexistent/dns-lab.json");
    assert_eq!(missing.status.code(), Some(2));

    let trace = run("trace --scenario builtin:default");
    assert_eq!(trace.status.code(), Some(0));
    assert!(
        String::from_utf8(trace.stdout)
            .unwrap()
            .starts_with("; <<>> DNS Lab <<>> +trace")
    );
}

#[test]
fn share_prints_a_link_fragment_the_app_opens() {
    let output = dns_lab::cli::run(&[
        "share".to_string(),
        "--scenario".to_string(),
        "builtin:missing-glue".to_string(),
    ])
    .unwrap();
    let fragment = output.stdout.trim();
    let payload = dns_lab::persist::link_payload(fragment).expect("a #s= fragment");
    assert_eq!(
        dns_lab::persist::decode_link(payload).unwrap(),
        dns_lab::sim::scenarios::built_in("missing-glue").unwrap()
    );
    assert!(
        dns_lab::cli::run(&["share".to_string()]).is_err(),
        "needs --scenario"
    );
}

#[test]
fn generate_prints_a_generated_world_the_other_commands_and_import_read() {
    let json = stdout("generate --zones 40");
    let scenario = dns_lab::sim::scenario::Scenario::from_json(&json).unwrap();
    assert_eq!(scenario, dns_lab::sim::scenarios::generated_world(40));
    assert_eq!(scenario.load().unwrap().zones().count(), 40);
    // As the app's Import reads it.
    assert!(dns_lab::persist::import_file(json.as_bytes(), &scenario).is_ok());
    // The other commands take it as a file: healthy, so nothing to report.
    let dir = TempDir::new("generate");
    std::fs::create_dir_all(dir.path()).unwrap();
    let file = dir.path().join("generated.json");
    std::fs::write(&file, &json).unwrap();
    let findings = json_of(&format!("diagnose --json --scenario {}", file.display()));
    assert_eq!(findings, json!([]));

    assert!(usage_error("generate").contains("generate needs --zones N"));
    for bad in ["0", "11", "100001", "many", "-5"] {
        let message = usage_error(&format!("generate --zones {bad}"));
        assert!(message.contains("from 12 to 100000"), "{message}");
    }
    assert!(usage_error("generate --zones 40 --scenario x").contains("does not take --scenario"));
    assert!(usage_error("generate --zones 40 extra").contains("no arguments"));
}

/// The healthy delegation signed at its epoch, each DS at its parent;
/// `broken` leaves the old DS of example.test. at the registrar after the
/// zone is signed again with new keys.
fn signed_scenario_file(dir: &TempDir, broken: bool) -> String {
    use dns_lab::sim::dnssec::{Algorithm, Denial, RustCrypto};
    let mut scenario = built_in("healthy-delegation").unwrap();
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
    if broken {
        let apex = Name::parse("example.test.").unwrap();
        scenario
            .sign_zone(
                &apex,
                Algorithm::EcdsaP256Sha256,
                Denial::NSEC,
                now.after(60),
                &RustCrypto,
            )
            .unwrap();
    }
    std::fs::create_dir_all(dir.path()).unwrap();
    let file = dir.path().join("signed.json");
    std::fs::write(&file, scenario.to_json()).unwrap();
    file.display().to_string()
}

#[test]
fn resolve_validate_reports_the_verdict_and_the_extended_error() {
    let dir = TempDir::new("validate");
    let good = signed_scenario_file(&dir, false);
    let secure = json_of(&format!(
        "resolve --scenario {good} www.example.test A --validate --json"
    ));
    assert_eq!(secure["rcode"], "NOERROR");
    assert_eq!(secure["validation"], "secure");
    assert_eq!(secure["extended_error"], Value::Null);
    let insecure = json_of(&format!(
        "resolve --scenario {good} ns1.dnshost.test A --validate --json --resolver bind-like"
    ));
    assert_eq!(insecure["validation"], "insecure");
    // The validator's own queries are among the servers asked.
    let asked = secure["servers_asked"].as_array().unwrap().len();
    let plain = json_of(&format!(
        "resolve --scenario {good} www.example.test A --json"
    ));
    assert_eq!(plain["validation"], Value::Null);
    assert!(asked > plain["servers_asked"].as_array().unwrap().len());

    let bad_dir = TempDir::new("validate-bogus");
    let bad = signed_scenario_file(&bad_dir, true);
    let bogus = json_of(&format!(
        "resolve --scenario {bad} www.example.test A --validate --json"
    ));
    assert_eq!(bogus["rcode"], "SERVFAIL");
    assert_eq!(bogus["validation"], "bogus");
    assert_eq!(
        bogus["extended_error"],
        json!({"code": 9, "name": "DNSKEY Missing"})
    );
    let text = stdout(&format!(
        "resolve --scenario {bad} www.example.test A --validate"
    ));
    assert!(text.contains("validation: bogus"), "{text}");
    assert!(
        text.contains("extended DNS error: 9 (DNSKEY Missing)"),
        "{text}"
    );

    // The trace shows each check.
    let trace = stdout(&format!(
        "trace --scenario {good} www.example.test A --validate"
    ));
    assert!(
        trace.contains(";; DNSSEC: validator asks for example.test DS"),
        "{trace}"
    );
    assert!(
        trace.contains(";; DNSSEC: keys of example.test: trusted"),
        "{trace}"
    );
    assert!(trace.contains(";; DNSSEC: answer secure"), "{trace}");
}
