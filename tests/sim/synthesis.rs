//! Answers a server synthesizes: from a wildcard (RFC 4592), whose records
//! stand for any name that does not exist below its closest encloser, and
//! from a DNAME (RFC 6672), which redirects every name below its owner. The
//! zone is `tests/fixtures/authority/synthesis.zone`; the expected sections
//! follow the RFCs' algorithms, as NSD and BIND answer.

use crate::support::n;
use dns_lab::sim::authority::{Disposition, Question, Rcode, Reply, answer_from_zone};
use dns_lab::sim::record::{RType, Record};
use dns_lab::sim::zone::Zone;
use dns_lab::sim::zonefile::parse_zone;

const ZONE: &str = include_str!("../fixtures/authority/synthesis.zone");

fn zone() -> Zone {
    parse_zone(ZONE, &n("wild.test.")).unwrap().zone
}

fn ask(zone: &Zone, name: &str, rtype: &str) -> Reply {
    let question = Question::new(n(name), rtype.parse::<RType>().unwrap());
    answer_from_zone(zone, &question, 7, false)
}

fn lines(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .map(|r| format!("{} {} {}", r.owner, r.rtype(), r.data.to_text()))
        .collect()
}

/// The rcode, the disposition, the answer and the wildcard used.
fn outcome(reply: &Reply) -> (Rcode, Disposition, Vec<String>, Option<String>) {
    let message = reply.message.as_ref().unwrap();
    assert!(message.aa, "synthesized answers are authoritative");
    (
        message.rcode,
        reply.disposition.clone(),
        lines(&message.answer),
        reply.wildcard.as_ref().map(|w| w.to_string()),
    )
}

const SOA: &str = "wild.test. SOA ns1.wild.test. hostmaster.wild.test. 1 7200 3600 1209600 300";

#[test]
fn a_wildcard_answers_for_names_that_do_not_exist() {
    use Disposition::*;
    let zone = zone();
    let wildcard = Some("*.w.wild.test.".to_string());
    let cases = [
        // The wildcard's records, owned by the name asked, one label or more
        // below the closest encloser.
        (
            "foo.w.wild.test.",
            "A",
            Rcode::NoError,
            Answer,
            vec!["foo.w.wild.test. A 192.0.2.9"],
            wildcard.clone(),
        ),
        (
            "a.b.w.wild.test.",
            "A",
            Rcode::NoError,
            Answer,
            vec!["a.b.w.wild.test. A 192.0.2.9"],
            wildcard.clone(),
        ),
        (
            "foo.w.wild.test.",
            "TXT",
            Rcode::NoError,
            Answer,
            vec!["foo.w.wild.test. TXT \"from the wildcard\""],
            wildcard.clone(),
        ),
        // Another type: NODATA, the name exists through the wildcard.
        (
            "foo.w.wild.test.",
            "AAAA",
            Rcode::NoError,
            NoData,
            vec![],
            wildcard.clone(),
        ),
        // The wildcard itself is an ordinary name.
        (
            "*.w.wild.test.",
            "A",
            Rcode::NoError,
            Answer,
            vec!["*.w.wild.test. A 192.0.2.9"],
            None,
        ),
        // Names that exist are never synthesized: an empty non-terminal is
        // NODATA, a name with data answers with its own.
        ("w.wild.test.", "A", Rcode::NoError, NoData, vec![], None),
        (
            "host.w.wild.test.",
            "A",
            Rcode::NoError,
            Answer,
            vec!["host.w.wild.test. A 192.0.2.10"],
            None,
        ),
        (
            "host.w.wild.test.",
            "TXT",
            Rcode::NoError,
            NoData,
            vec![],
            None,
        ),
        // Below an existing name the closest encloser is that name, which
        // has no wildcard: NXDOMAIN.
        (
            "a.host.w.wild.test.",
            "A",
            Rcode::NXDomain,
            NXDomain,
            vec![],
            None,
        ),
        (
            "y.x.w.wild.test.",
            "A",
            Rcode::NXDomain,
            NXDomain,
            vec![],
            None,
        ),
        // A wildcard CNAME: the synthesized CNAME, followed in the zone.
        (
            "x.alias.wild.test.",
            "A",
            Rcode::NoError,
            Alias { unresolved: None },
            vec![
                "x.alias.wild.test. CNAME target.wild.test.",
                "target.wild.test. A 192.0.2.20",
            ],
            Some("*.alias.wild.test.".to_string()),
        ),
        (
            "x.out.wild.test.",
            "A",
            Rcode::NoError,
            Alias {
                unresolved: Some(n("www.elsewhere.example.")),
            },
            vec!["x.out.wild.test. CNAME www.elsewhere.example."],
            Some("*.out.wild.test.".to_string()),
        ),
    ];
    for (name, rtype, rcode, disposition, answer, source) in cases {
        let reply = ask(&zone, name, rtype);
        let expected = (
            rcode,
            disposition,
            answer.iter().map(|s| s.to_string()).collect(),
            source,
        );
        assert_eq!(outcome(&reply), expected, "{name} {rtype}");
        if reply.disposition == Disposition::NoData {
            assert_eq!(
                lines(&reply.message.unwrap().authority),
                [SOA],
                "{name} {rtype}"
            );
        }
    }
}

#[test]
fn a_zone_cut_stops_a_wildcard() {
    let zone = zone();
    let reply = ask(&zone, "www.sub.wild.test.", "A");
    assert_eq!(
        reply.disposition,
        Disposition::Referral {
            cut: n("sub.wild.test.")
        }
    );
}

#[test]
fn a_dname_redirects_every_name_below_its_owner() {
    use Disposition::*;
    let zone = zone();
    let dname = "old.wild.test. DNAME new.wild.test.";
    let cases = [
        (
            "www.old.wild.test.",
            "A",
            Rcode::NoError,
            Alias { unresolved: None },
            vec![
                dname,
                "www.old.wild.test. CNAME www.new.wild.test.",
                "www.new.wild.test. A 192.0.2.30",
            ],
        ),
        // The target does not exist: NXDOMAIN for it (RFC 6604 §2).
        (
            "nothing.old.wild.test.",
            "A",
            Rcode::NXDomain,
            Alias { unresolved: None },
            vec![dname, "nothing.old.wild.test. CNAME nothing.new.wild.test."],
        ),
        // The owner itself is not redirected.
        ("old.wild.test.", "A", Rcode::NoError, NoData, vec![]),
        (
            "old.wild.test.",
            "DNAME",
            Rcode::NoError,
            Answer,
            vec![dname],
        ),
        // Two DNAMEs into each other: the server stops where the chain
        // comes back, and the resolver meets the loop.
        (
            "a.loop1.wild.test.",
            "A",
            Rcode::NoError,
            Alias {
                unresolved: Some(n("a.loop1.wild.test.")),
            },
            vec![
                "loop1.wild.test. DNAME loop2.wild.test.",
                "a.loop1.wild.test. CNAME a.loop2.wild.test.",
                "loop2.wild.test. DNAME loop1.wild.test.",
                "a.loop2.wild.test. CNAME a.loop1.wild.test.",
            ],
        ),
    ];
    for (name, rtype, rcode, disposition, answer) in cases {
        let reply = ask(&zone, name, rtype);
        let expected = (
            rcode,
            disposition,
            answer.iter().map(|s| s.to_string()).collect(),
            None,
        );
        assert_eq!(outcome(&reply), expected, "{name} {rtype}");
    }
    // The synthesized CNAME lives as long as its DNAME (RFC 6672 §3.1).
    let reply = ask(&zone, "www.old.wild.test.", "A");
    let ttls: Vec<u32> = reply
        .message
        .unwrap()
        .answer
        .iter()
        .map(|r| r.ttl)
        .collect();
    assert_eq!(ttls, [3600, 3600, 3600]);
}

#[test]
fn a_name_made_too_long_by_a_dname_is_yxdomain() {
    let zone = zone();
    let label = "d".repeat(63);
    let reply = ask(&zone, &format!("{label}.big.wild.test."), "A");
    let message = reply.message.unwrap();
    assert_eq!(message.rcode, Rcode::YXDomain);
    assert_eq!(lines(&message.answer).len(), 1, "the DNAME alone");
}

#[test]
fn the_reader_checks_dnames_as_servers_do() {
    let head = "$ORIGIN d.test.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";
    // Two different DNAMEs at one name: refused, as NSD and BIND do.
    let two = parse_zone(
        &format!("{head}two DNAME a.test.\ntwo DNAME b.test.\n"),
        &n("d.test."),
    )
    .unwrap_err()
    .to_string();
    assert!(
        two.starts_with("line 6, col 1: two.d.test. has more than one DNAME"),
        "{two}"
    );
    // Data below a DNAME loads with a warning, as BIND loads it.
    let below = parse_zone(
        &format!("{head}old DNAME new.d.test.\nwww.old A 192.0.2.2\n"),
        &n("d.test."),
    )
    .unwrap();
    let warning = below.warnings[0].to_string();
    assert!(
        warning.starts_with(
            "line 6, col 1: warning: www.old.d.test. A is below the DNAME at old.d.test."
        ),
        "{warning}"
    );
}

mod resolving {
    use crate::support::n;
    use dns_lab::sim::authority::Question;
    use dns_lab::sim::diagnose::diagnose;
    use dns_lab::sim::finding::FindingKind;
    use dns_lab::sim::record::RType;
    use dns_lab::sim::resolver::{Event, Outcome, Preset, Resolution, ResolverConfig, Step};
    use dns_lab::sim::scenarios::built_in;

    fn resolve(lesson: &str, name: &str, preset: Preset) -> Vec<Step> {
        let world = built_in(lesson).unwrap().load().unwrap();
        let question = Question::new(n(name), RType::A);
        Resolution::new(question, ResolverConfig::preset(preset)).run(&world)
    }

    fn answer_lines(steps: &[Step]) -> Vec<String> {
        let Some(Event::Done(Outcome::Answer { answer })) = steps.last().map(|s| &s.event) else {
            panic!("no answer: {:?}", steps.last());
        };
        answer
            .iter()
            .map(|r| format!("{} {} {}", r.owner, r.rtype(), r.data.to_text()))
            .collect()
    }

    #[test]
    fn the_step_says_which_wildcard_answered() {
        for preset in [Preset::UnboundLike, Preset::BindLike] {
            let steps = resolve("wildcard", "alice.shop.example.test.", preset);
            assert_eq!(
                answer_lines(&steps),
                ["alice.shop.example.test. A 198.51.100.90"]
            );
            let narration: Vec<String> = steps.iter().map(Step::explanation).collect();
            assert!(
                narration.iter().any(|t| t.contains(
                    "so the server answered from the wildcard *.shop.example.test: its records stand for any name below shop.example.test that does not exist (RFC 4592)"
                )),
                "{narration:#?}"
            );
        }
    }

    #[test]
    fn the_client_gets_the_dname_its_cname_and_the_data() {
        for preset in [Preset::UnboundLike, Preset::BindLike] {
            let steps = resolve("dname", "www.legacy.example.test.", preset);
            assert_eq!(
                answer_lines(&steps),
                [
                    "legacy.example.test. DNAME corp.example.test.",
                    "www.legacy.example.test. CNAME www.corp.example.test.",
                    "www.corp.example.test. A 198.51.100.60",
                ]
            );
            let narration: Vec<String> = steps.iter().map(Step::explanation).collect();
            assert!(
                narration.iter().any(|t| t.contains(
                    "The DNAME at legacy.example.test redirects every name below it to the same name below corp.example.test: the server synthesized a CNAME to the new name (RFC 6672)."
                )),
                "{narration:#?}"
            );
        }
    }

    #[test]
    fn a_name_a_dname_makes_too_long_is_yxdomain_for_the_client() {
        let json = include_str!("../fixtures/resolver/synthesis.json");
        let world = dns_lab::sim::scenario::Scenario::from_json(json)
            .unwrap()
            .load()
            .unwrap();
        let name = format!("{}.big.wild.test.", "d".repeat(63));
        for preset in [Preset::UnboundLike, Preset::BindLike] {
            let question = Question::new(n(&name), RType::A);
            let steps = Resolution::new(question, ResolverConfig::preset(preset)).run(&world);
            let Some(Event::Done(outcome @ Outcome::YXDomain { answer })) =
                steps.last().map(|s| &s.event)
            else {
                panic!("{:?}", steps.last());
            };
            assert_eq!(outcome.rcode().to_string(), "YXDOMAIN");
            assert_eq!(answer.len(), 1, "the DNAME");
            let narration = steps[steps.len() - 2].explanation();
            assert!(
                narration.contains("so the server answers YXDOMAIN (RFC 6672 §2.2)"),
                "{narration}"
            );
        }
    }

    #[test]
    fn a_record_below_a_dname_is_named_and_moved_by_its_fix() {
        let world = built_in("dname").unwrap().load().unwrap();
        let finding = diagnose(&world)
            .into_iter()
            .find(|f| f.kind == FindingKind::OccludedRecords)
            .expect("the hidden record is a finding");
        assert_eq!(
            finding.title,
            "example.test holds 1 record below the DNAME at legacy.example.test"
        );
        assert_eq!(
            finding.fix.explanation,
            "Move them below corp.example.test, where the DNAME sends their names: vpn.corp.example.test."
        );
    }
}
