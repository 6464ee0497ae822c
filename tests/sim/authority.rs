//! What a simulated authoritative server answers, branch by branch, from the
//! zone files in `tests/fixtures/authority`. The expected responses are what
//! NSD sends for the same data: referrals without AA and with in-domain and
//! sibling glue only, positive answers with the zone's NS set in Authority
//! (NSD 4.6, checked by hand with `dig +norec`), CNAME chains followed inside
//! the zone, NODATA for empty
//! non-terminals, and negative answers with the SOA at its negative TTL.
//! Types without a meaning in the simulation (CAA) are answered as data, and
//! a DS RRset by the parent, at the cut (RFC 4035 §3.1.4.1).

use crate::support::n;
use dns_lab::sim::authority::Question;
use dns_lab::sim::authority::{Disposition, Rcode, RefusalReason, Reply, query_address};
use dns_lab::sim::record::{RType, Record};
use dns_lab::sim::scenario::{Behaviour, Scenario, Server, World, ZoneSource};
use std::collections::BTreeMap;
use std::net::IpAddr;

const PARENT: &str = include_str!("../fixtures/authority/test.zone");
const CHILD: &str = include_str!("../fixtures/authority/example.test.zone");
const STALE_CHILD: &str = include_str!("../fixtures/authority/example.test.stale.zone");

const PARENT_ONLY: &str = "192.0.2.10";
const PARENT_AND_CHILD: &str = "192.0.2.20";
const REFUSING: &str = "192.0.2.50";
const DOWN: &str = "192.0.2.60";
const STALE: &str = "192.0.2.70";
const NOBODY: &str = "192.0.2.254";

fn server(id: &str, address: &str, zones: &[&str], behaviour: Behaviour) -> Server {
    Server {
        id: id.into(),
        host: n(&format!("{id}.test.")),
        addresses: vec![address.parse().unwrap()],
        zones: zones.iter().map(|z| n(z)).collect(),
        behaviour,
        diverged: BTreeMap::new(),
    }
}

fn world() -> World {
    let mut stale = server("stale", STALE, &["example.test."], Behaviour::Up);
    stale
        .diverged
        .insert(n("example.test."), STALE_CHILD.to_string());
    Scenario {
        version: 1,
        title: "authority fixtures".into(),
        description: String::new(),
        servers: vec![
            server("parent", PARENT_ONLY, &["test."], Behaviour::Up),
            server(
                "both",
                PARENT_AND_CHILD,
                &["test.", "example.test."],
                Behaviour::Up,
            ),
            server(
                "refusing",
                REFUSING,
                &["example.test."],
                Behaviour::Refusing,
            ),
            server("down", DOWN, &["example.test."], Behaviour::Down),
            stale,
        ],
        zones: vec![
            ZoneSource {
                apex: n("test."),
                text: PARENT.into(),
                signing: None,
            },
            ZoneSource {
                apex: n("example.test."),
                text: CHILD.into(),
                signing: None,
            },
        ],
        lesson: None,
        open_world: false,
        epoch: Default::default(),
        trust_anchor: None,
    }
    .load()
    .unwrap()
}

fn ask(world: &World, address: &str, name: &str, rtype: RType) -> Reply {
    let address: IpAddr = address.parse().unwrap();
    query_address(world, address, &Question::new(n(name), rtype), 4242, false)
}

fn lines(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .map(|r| format!("{} {} {} {}", r.owner, r.ttl, r.rtype(), r.data.to_text()))
        .collect()
}

/// One row of the table: a query, and the response NSD would give.
struct Case {
    what: &'static str,
    server: &'static str,
    name: &'static str,
    rtype: RType,
    rcode: Rcode,
    aa: bool,
    disposition: Disposition,
    answer: &'static [&'static str],
    authority: &'static [&'static str],
    additional: &'static [&'static str],
}

/// The parent's NS set for example.test. and the glue that goes with it:
/// in-domain and sibling addresses, never the unrelated name's.
const EXAMPLE_DELEGATION: &[&str] = &[
    "example.test. 86400 NS ns.sibling.test.",
    "example.test. 86400 NS ns.unrelated.example.",
    "example.test. 86400 NS ns1.example.test.",
];
const EXAMPLE_GLUE: &[&str] = &[
    "ns.sibling.test. 3600 A 192.0.2.30",
    "ns1.example.test. 3600 A 192.0.2.20",
    "ns1.example.test. 3600 AAAA 2001:db8::20",
];

/// What every positive answer from example.test. carries besides the data:
/// the zone's own NS set, and the address of the one that is inside it.
const CHILD_NS: &[&str] = &[
    "example.test. 3600 NS ns.sibling.test.",
    "example.test. 3600 NS ns1.example.test.",
];
const CHILD_NS_ADDRESS: &str = "ns1.example.test. 3600 A 192.0.2.20";

const EXAMPLE_DS: &str = "example.test. 86400 DS 12345 13 2 2AB0F8F2F8C6D0E1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F70819";
const PARENT_NS: &str = "test. 3600 NS ns1.test.";

const CHILD_SOA_NEGATIVE: &str =
    "example.test. 60 SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 60";

fn cases() -> Vec<Case> {
    use Disposition::*;
    vec![
        Case {
            what: "below a zone cut: a referral with in-domain and sibling glue, never unrelated",
            server: PARENT_ONLY,
            name: "www.example.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: false,
            disposition: Referral {
                cut: n("example.test."),
            },
            answer: &[],
            authority: EXAMPLE_DELEGATION,
            additional: EXAMPLE_GLUE,
        },
        Case {
            what: "at the zone cut itself: still a referral",
            server: PARENT_ONLY,
            name: "example.test.",
            rtype: RType::NS,
            rcode: Rcode::NoError,
            aa: false,
            disposition: Referral {
                cut: n("example.test."),
            },
            answer: &[],
            authority: EXAMPLE_DELEGATION,
            additional: EXAMPLE_GLUE,
        },
        Case {
            what: "exact name and type: an authoritative answer",
            server: PARENT_ONLY,
            name: "ns1.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &["ns1.test. 3600 A 192.0.2.10"],
            authority: &["test. 3600 NS ns1.test."],
            additional: &[],
        },
        Case {
            what: "the name exists without that type: NODATA with the SOA at its negative TTL",
            server: PARENT_ONLY,
            name: "ns1.test.",
            rtype: RType::AAAA,
            rcode: Rcode::NoError,
            aa: true,
            disposition: NoData,
            answer: &[],
            authority: &["test. 300 SOA ns1.test. hostmaster.test. 1 7200 3600 1209600 300"],
            additional: &[],
        },
        Case {
            what: "a type kept as data is answered like any data",
            server: PARENT_AND_CHILD,
            name: "example.test.",
            rtype: "CAA".parse().unwrap(),
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &["example.test. 3600 CAA 0 issue \"ca.test\""],
            authority: CHILD_NS,
            additional: &[CHILD_NS_ADDRESS],
        },
        Case {
            what: "DS at the cut: the parent answers it, with AA, instead of referring",
            server: PARENT_ONLY,
            name: "example.test.",
            rtype: "DS".parse().unwrap(),
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &[EXAMPLE_DS],
            authority: &[PARENT_NS],
            additional: &["ns1.test. 3600 A 192.0.2.10"],
        },
        Case {
            what: "DS from a server loading both sides: still the parent's answer",
            server: PARENT_AND_CHILD,
            name: "example.test.",
            rtype: "DS".parse().unwrap(),
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &[EXAMPLE_DS],
            authority: &[PARENT_NS],
            additional: &["ns1.test. 3600 A 192.0.2.10"],
        },
        Case {
            what: "DS at a cut without one: NODATA from the parent",
            server: PARENT_AND_CHILD,
            name: "sub.example.test.",
            rtype: "DS".parse().unwrap(),
            rcode: Rcode::NoError,
            aa: true,
            disposition: NoData,
            answer: &[],
            authority: &[CHILD_SOA_NEGATIVE],
            additional: &[],
        },
        Case {
            what: "DS below a cut is the child's business: a referral",
            server: PARENT_ONLY,
            name: "www.example.test.",
            rtype: "DS".parse().unwrap(),
            rcode: Rcode::NoError,
            aa: false,
            disposition: Referral {
                cut: n("example.test."),
            },
            answer: &[],
            authority: EXAMPLE_DELEGATION,
            additional: EXAMPLE_GLUE,
        },
        Case {
            what: "the name does not exist: NXDOMAIN with the SOA",
            server: PARENT_ONLY,
            name: "nothing.test.",
            rtype: RType::A,
            rcode: Rcode::NXDomain,
            aa: true,
            disposition: NXDomain,
            answer: &[],
            authority: &["test. 300 SOA ns1.test. hostmaster.test. 1 7200 3600 1209600 300"],
            additional: &[],
        },
        Case {
            what: "no zone encloses the name: REFUSED, the lame case",
            server: PARENT_ONLY,
            name: "www.other.example.",
            rtype: RType::A,
            rcode: Rcode::Refused,
            aa: false,
            disposition: Refused(RefusalReason::NotAuthoritative),
            answer: &[],
            authority: &[],
            additional: &[],
        },
        Case {
            what: "a server loading parent and child answers from the closest enclosing zone",
            server: PARENT_AND_CHILD,
            name: "www.example.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &["www.example.test. 3600 A 192.0.2.80"],
            authority: CHILD_NS,
            additional: &[CHILD_NS_ADDRESS],
        },
        Case {
            what: "a CNAME is followed while the target stays in the zone",
            server: PARENT_AND_CHILD,
            name: "chain.example.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Alias { unresolved: None },
            answer: &[
                "chain.example.test. 3600 CNAME alias.example.test.",
                "alias.example.test. 3600 CNAME www.example.test.",
                "www.example.test. 3600 A 192.0.2.80",
            ],
            authority: CHILD_NS,
            additional: &[CHILD_NS_ADDRESS],
        },
        Case {
            what: "a CNAME out of the zone is left for the resolver",
            server: PARENT_AND_CHILD,
            name: "out.example.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Alias {
                unresolved: Some(n("www.elsewhere.example.")),
            },
            answer: &["out.example.test. 3600 CNAME www.elsewhere.example."],
            authority: &[],
            additional: &[],
        },
        Case {
            what: "a CNAME loop stops where it comes back",
            server: PARENT_AND_CHILD,
            name: "loop1.example.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Alias {
                unresolved: Some(n("loop1.example.test.")),
            },
            answer: &[
                "loop1.example.test. 3600 CNAME loop2.example.test.",
                "loop2.example.test. 3600 CNAME loop1.example.test.",
            ],
            authority: &[],
            additional: &[],
        },
        Case {
            what: "a CNAME to a missing name: the rcode describes the target (RFC 6604)",
            server: PARENT_AND_CHILD,
            name: "dangling.example.test.",
            rtype: RType::A,
            rcode: Rcode::NXDomain,
            aa: true,
            disposition: Alias { unresolved: None },
            answer: &["dangling.example.test. 3600 CNAME nothing.example.test."],
            authority: &[CHILD_SOA_NEGATIVE],
            additional: &[],
        },
        Case {
            what: "a CNAME to a name without that type: NODATA after the CNAME",
            server: PARENT_AND_CHILD,
            name: "to-mail.example.test.",
            rtype: RType::TXT,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Alias { unresolved: None },
            answer: &["to-mail.example.test. 3600 CNAME mail.example.test."],
            authority: &[CHILD_SOA_NEGATIVE],
            additional: &[],
        },
        Case {
            what: "asking for the CNAME itself returns it as the answer",
            server: PARENT_AND_CHILD,
            name: "alias.example.test.",
            rtype: RType::CNAME,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &["alias.example.test. 3600 CNAME www.example.test."],
            authority: CHILD_NS,
            additional: &[CHILD_NS_ADDRESS],
        },
        Case {
            what: "an empty non-terminal is NODATA, not NXDOMAIN (RFC 8020)",
            server: PARENT_AND_CHILD,
            name: "b.c.example.test.",
            rtype: RType::TXT,
            rcode: Rcode::NoError,
            aa: true,
            disposition: NoData,
            answer: &[],
            authority: &[CHILD_SOA_NEGATIVE],
            additional: &[],
        },
        Case {
            what: "MX answers carry the mail server's in-zone address, then the name servers'",
            server: PARENT_AND_CHILD,
            name: "example.test.",
            rtype: RType::MX,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &["example.test. 3600 MX 10 mail.example.test."],
            authority: CHILD_NS,
            additional: &["mail.example.test. 3600 A 192.0.2.25", CHILD_NS_ADDRESS],
        },
        Case {
            what: "the apex NS set comes with addresses for in-zone name servers only",
            server: PARENT_AND_CHILD,
            name: "example.test.",
            rtype: RType::NS,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &[
                "example.test. 3600 NS ns.sibling.test.",
                "example.test. 3600 NS ns1.example.test.",
            ],
            authority: &[],
            additional: &["ns1.example.test. 3600 A 192.0.2.20"],
        },
        Case {
            what: "a cut inside the child zone refers further down",
            server: PARENT_AND_CHILD,
            name: "www.sub.example.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: false,
            disposition: Referral {
                cut: n("sub.example.test."),
            },
            answer: &[],
            authority: &["sub.example.test. 3600 NS ns1.sub.example.test."],
            additional: &["ns1.sub.example.test. 3600 A 192.0.2.40"],
        },
        Case {
            what: "a refusing server refuses even for its own zone",
            server: REFUSING,
            name: "www.example.test.",
            rtype: RType::A,
            rcode: Rcode::Refused,
            aa: false,
            disposition: Refused(RefusalReason::RefusesAll),
            answer: &[],
            authority: &[],
            additional: &[],
        },
        Case {
            what: "a stale secondary serves its own, older copy",
            server: STALE,
            name: "www.example.test.",
            rtype: RType::A,
            rcode: Rcode::NoError,
            aa: true,
            disposition: Answer,
            answer: &["www.example.test. 3600 A 192.0.2.99"],
            authority: CHILD_NS,
            additional: &[CHILD_NS_ADDRESS],
        },
    ]
}

#[test]
fn every_branch_answers_as_nsd_does() {
    let world = world();
    for case in cases() {
        let reply = ask(&world, case.server, case.name, case.rtype);
        assert_eq!(reply.disposition, case.disposition, "{}", case.what);
        let message = reply
            .message
            .unwrap_or_else(|| panic!("{}: no reply", case.what));
        assert_eq!(message.rcode, case.rcode, "{}", case.what);
        assert_eq!(message.aa, case.aa, "{}: AA flag", case.what);
        assert_eq!(lines(&message.answer), case.answer, "{}: answer", case.what);
        assert_eq!(
            lines(&message.authority),
            case.authority,
            "{}: authority",
            case.what
        );
        assert_eq!(
            lines(&message.additional),
            case.additional,
            "{}: additional",
            case.what
        );
        assert_eq!(message.id, 4242);
    }
}

#[test]
fn a_down_server_and_an_empty_address_never_reply() {
    let world = world();
    for address in [DOWN, NOBODY] {
        let reply = ask(&world, address, "www.example.test.", RType::A);
        assert_eq!(reply.disposition, Disposition::NoReply);
        assert_eq!(reply.message, None);
    }
}

#[test]
fn the_reply_names_the_zone_it_came_from() {
    let world = world();
    let reply = ask(&world, PARENT_AND_CHILD, "www.sub.example.test.", RType::A);
    assert_eq!(reply.zone, Some(n("example.test.")));
    let reply = ask(&world, PARENT_ONLY, "www.example.test.", RType::A);
    assert_eq!(reply.zone, Some(n("test.")));
}

#[test]
fn wire_bytes_decode_to_the_same_message() {
    use domain::base::Message as WireMessage;
    use domain::base::iana::Rcode as WireRcode;

    let world = world();
    let reply = ask(&world, PARENT_ONLY, "www.example.test.", RType::A);
    let message = reply.message.unwrap();
    let bytes = message.to_wire();
    let decoded = WireMessage::from_octets(bytes.clone()).unwrap();
    let header = decoded.header();
    assert_eq!(header.id(), 4242);
    assert!(header.qr());
    assert!(!header.aa());
    assert_eq!(header.rcode(), WireRcode::NOERROR);
    let counts = decoded.header_counts();
    assert_eq!(
        (
            counts.qdcount(),
            counts.ancount(),
            counts.nscount(),
            counts.arcount()
        ),
        (1, 0, 3, 3)
    );
    // Names are compressed: every repeat of example.test. is a 2-octet pointer.
    let uncompressed: usize = 12
        + message.question.name.wire_len()
        + 4
        + message
            .authority
            .iter()
            .chain(&message.additional)
            .map(|r| r.owner.wire_len() + 10 + rdata_len(r))
            .sum::<usize>();
    assert!(
        bytes.len() < uncompressed,
        "{} < {}",
        bytes.len(),
        uncompressed
    );

    let nxdomain = ask(&world, PARENT_ONLY, "nothing.test.", RType::A)
        .message
        .unwrap();
    let decoded = WireMessage::from_octets(nxdomain.to_wire()).unwrap();
    assert!(decoded.header().aa());
    assert_eq!(decoded.header().rcode(), WireRcode::NXDOMAIN);

    // Data of a type without a meaning travels as the type's own data.
    let caa = ask(
        &world,
        PARENT_AND_CHILD,
        "example.test.",
        "CAA".parse().unwrap(),
    );
    let bytes = caa.message.unwrap().to_wire();
    let decoded = WireMessage::from_octets(bytes).unwrap();
    let answer = decoded.answer().unwrap();
    let record = answer
        .limit_to::<domain::rdata::Caa<_>>()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(record.data().to_string(), "0 issue \"ca.test\"");
}

fn rdata_len(record: &Record) -> usize {
    use dns_lab::sim::record::RData;
    match &record.data {
        RData::A(_) => 4,
        RData::AAAA(_) => 16,
        RData::NS(name) => name.wire_len(),
        other => panic!("not used here: {other:?}"),
    }
}
