//! Every record type a zone can hold: the nine DNS Lab gives a meaning, and
//! all others kept as data (`record::Opaque`), read from zone files, printed
//! back, kept in scenarios, served by authorities and looked up in dig.

use crate::support::n;
use dns_lab::sim::record::{Opaque, RData, RType, Record};
use dns_lab::sim::zonefile::{parse_zone, print_zone};

const EVERY_TYPE: &str = include_str!("../fixtures/zonefiles/every-type.zone");

fn every_type_zone() -> dns_lab::sim::zone::Zone {
    match parse_zone(EVERY_TYPE, &n("every.test")) {
        Ok(parsed) => parsed.zone,
        Err(error) => panic!("every-type.zone: {error}"),
    }
}

fn other(rtype: &str, text: &str) -> RData {
    let RType::Other(rtype) = rtype.parse::<RType>().unwrap() else {
        panic!("{rtype} is modelled");
    };
    RData::Other(Opaque::parse(rtype, text).unwrap_or_else(|e| panic!("{text}: {e}")))
}

#[test]
fn the_every_type_fixture_loads_and_round_trips() {
    let zone = every_type_zone();
    let types: std::collections::BTreeSet<String> =
        zone.records().map(|r| r.rtype().to_string()).collect();
    for expected in [
        "CAA",
        "HINFO",
        "MB",
        "MG",
        "MR",
        "MINFO",
        "RP",
        "NAPTR",
        "TLSA",
        "SSHFP",
        "SVCB",
        "HTTPS",
        "IPSECKEY",
        "OPENPGPKEY",
        "DNAME",
        "TYPE65534",
        "GPOS",
        "DNSKEY",
        "CDNSKEY",
        "CDS",
        "DS",
        "RRSIG",
        "NSEC",
        "NSEC3PARAM",
        "NSEC3",
        "ZONEMD",
    ] {
        assert!(
            types.contains(expected),
            "{expected} missing from {types:?}"
        );
    }
    let printed = print_zone(&zone);
    let again = parse_zone(&printed, zone.apex())
        .unwrap_or_else(|e| panic!("the printed zone does not load: {e}\n{printed}"));
    assert_eq!(again.zone, zone, "{printed}");
    assert_eq!(print_zone(&again.zone), printed);
}

#[test]
fn data_prints_in_presentation_format() {
    let zone = every_type_zone();
    let line = |owner: &str, rtype: &str| -> Vec<String> {
        zone.records()
            .filter(|r| r.owner == n(owner) && r.rtype().to_string() == rtype)
            .map(|r| r.data.to_text())
            .collect()
    };
    assert_eq!(
        line("every.test", "CAA"),
        ["0 issue \"letsencrypt.org\"", "128 tbs \"unknown\""]
    );
    assert_eq!(
        line("host.every.test", "HINFO"),
        ["\"PC-Intel-700mhz\" \"NetBSD 9\""]
    );
    // Relative names in data are completed with the origin, `@` is it.
    assert_eq!(
        line("mbox.every.test", "MINFO"),
        ["hostmaster.every.test. errors.every.test."]
    );
    // A type no software knows stays in the generic form.
    assert_eq!(line("priv.every.test", "TYPE65534"), ["\\# 4 0a 00 00 01"]);
    let record = Record::new(n("old.every.test"), 60, other("RP", "hm.every.test. ."));
    assert_eq!(
        record.to_string(),
        "old.every.test.\t60\tIN\tRP\thm.every.test. ."
    );
}

/// Signature times print as dates, as dig and signers write them (NSD
/// refuses the seconds `domain` would print), whichever form was read.
#[test]
fn signature_times_print_as_dates() {
    let dates = "A 13 2 3600 20270101000000 20261201123045 12345 every.test. AAAA";
    let seconds = "A 13 2 3600 1798761600 1796128245 12345 every.test. AAAA";
    for written in [dates, seconds] {
        assert_eq!(other("RRSIG", written).to_text(), dates, "{written}");
    }
    // A leap day, a year's last second, the epoch and the last second a
    // 32-bit time holds.
    for (seconds, date) in [
        (951_782_400_u32, "20000229000000"),
        (1_735_689_599, "20241231235959"),
        (0, "19700101000000"),
        (u32::MAX, "21060207062815"),
    ] {
        let text = other(
            "RRSIG",
            &format!("A 13 2 3600 {seconds} {seconds} 1 every.test. AAAA"),
        )
        .to_text();
        assert_eq!(
            text,
            format!("A 13 2 3600 {date} {date} 1 every.test. AAAA")
        );
    }
}

#[test]
fn the_generic_form_reads_as_the_type_it_spells() {
    // `\# 4 …` for CAA is the same record as its usual spelling (RFC 3597 §5).
    let generic = parse_zone(
        "@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n@ CAA \\# 14 0005697373756563612E74657374\n",
        &n("example.test"),
    )
    .unwrap();
    let caa = generic
        .zone
        .records()
        .find(|r| r.rtype().to_string() == "CAA")
        .unwrap();
    assert_eq!(caa.data, other("CAA", "0 issue \"ca.test\""));
}

#[test]
fn malformed_data_is_named_at_its_token() {
    let base = "$ORIGIN example.test.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";
    for (line, expected) in [
        (
            "@ DS 1 13 2 NOTHEX",
            "line 5, col 13: the DS record's data:",
        ),
        (
            "@ CAA 300 issue \"ca.test\"",
            "line 5, col 7: the CAA record's data:",
        ),
        (
            "@ HINFO \"one string\"",
            "line 5, col 21: the HINFO record's data: the data ends too soon",
        ),
        (
            "@ RP hm.example.test. bad..name",
            "line 5, col 23: the RP record's data: \"bad..name\" is not a name",
        ),
        (
            "@ SSHFP 1 1 abcd extra",
            "line 5, col 18: the SSHFP record's data: expected hex digits",
        ),
        ("@ TYPE65534 \\# 3 0A0000", ""),
        (
            "@ TYPE65534 \\# 4 0A0000",
            "line 5, col 16: the generic form says 4 octets, but 3 follow",
        ),
    ] {
        let result = parse_zone(&format!("{base}{line}\n"), &n("example.test"));
        if line.starts_with("@ DS") {
            let text = result.as_ref().unwrap_err().to_string();
            assert!(
                text.ends_with("(DS data is written key-tag algorithm digest-type digest-in-hex)"),
                "the error shows how DS data is written: {text}"
            );
        }
        match (result, expected.is_empty()) {
            (Ok(_), true) => {}
            (Err(error), false) => {
                let text = error.to_string();
                assert!(text.starts_with(expected), "{line}: {text}");
            }
            (Ok(_), false) => panic!("{line} loaded"),
            (Err(error), true) => panic!("{line}: {error}"),
        }
    }
}

#[test]
fn opaque_data_is_kept_as_text_in_scenarios() {
    let data = other("CAA", "0 issue \"ca.test\"");
    let json = serde_json::to_string(&data).unwrap();
    assert_eq!(
        json,
        r#"{"Other":{"type":"CAA","data":"0 issue \"ca.test\""}}"#
    );
    assert_eq!(serde_json::from_str::<RData>(&json).unwrap(), data);
    let wrong = r#"{"Other":{"type":"CAA","data":"zero issue"}}"#;
    assert!(serde_json::from_str::<RData>(wrong).is_err());
}

mod resolving {
    use crate::support::n;
    use dns_lab::sim::authority::{Question, Rcode};
    use dns_lab::sim::dig::{parse, run};
    use dns_lab::sim::resolver::{Cache, Resolution, ResolverConfig};
    use dns_lab::sim::scenario::World;
    use dns_lab::sim::scenarios::default_scenario;

    const DS: &str = "example 3600 IN DS 12345 13 2 2AB0F8F2F8C6D0E1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F70819\n";

    /// The default world with a CAA record at example.test. and a DS for
    /// it at the registry.
    fn world() -> World {
        let mut scenario = default_scenario();
        for zone in &mut scenario.zones {
            if zone.apex == n("example.test.") {
                zone.text.push_str("@ 300 IN CAA 0 issue \"ca.test\"\n");
            } else if zone.apex == n("test.") {
                zone.text.push_str(DS);
            }
        }
        scenario.load().unwrap()
    }

    fn answer_lines(text: &str) -> Vec<&str> {
        text.lines()
            .skip_while(|line| *line != ";; ANSWER SECTION:")
            .skip(1)
            .take_while(|line| !line.is_empty())
            .collect()
    }

    #[test]
    fn the_resolver_and_dig_answer_and_cache_any_type() {
        let world = world();
        let command = parse("dig example.test CAA").unwrap();
        let out = run(
            &command,
            &world,
            ResolverConfig::default(),
            &Cache::new(),
            None,
        );
        assert_eq!(out.rcode, Some(Rcode::NoError), "{}", out.text);
        assert_eq!(
            answer_lines(&out.text),
            ["example.test.\t\t300\tIN\tCAA\t0 issue \"ca.test\""],
            "{}",
            out.text
        );
        // Cached: asked again, no server is queried.
        let question = Question::new(n("example.test."), "CAA".parse().unwrap());
        let mut first = Resolution::new(question, ResolverConfig::default());
        first.run(&world);
        let cache = first.into_cache();
        let again = run(&command, &world, ResolverConfig::default(), &cache, None);
        assert!(again.steps.iter().all(|s| s.exchange().is_none()));
        assert_eq!(answer_lines(&again.text), answer_lines(&out.text));
    }

    #[test]
    fn ds_is_asked_of_the_parent_even_with_the_child_cached() {
        let world = world();
        // Learn example.test.'s own servers first.
        let warm = Question::new(n("www.example.test."), "A".parse().unwrap());
        let mut resolution = Resolution::new(warm, ResolverConfig::default());
        resolution.run(&world);
        let cache = resolution.into_cache();
        let command = parse("dig example.test DS").unwrap();
        let out = run(&command, &world, ResolverConfig::default(), &cache, None);
        assert_eq!(
            answer_lines(&out.text).len(),
            1,
            "the registry's DS: {}",
            out.text
        );
        let asked: Vec<String> = out
            .steps
            .iter()
            .filter_map(|s| s.exchange())
            .map(|e| e.zone.to_string())
            .collect();
        assert_eq!(asked, ["test."], "{}", out.text);
    }
}
