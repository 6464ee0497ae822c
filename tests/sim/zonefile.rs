//! Zone files: what the reader accepts, what it refuses (with line and
//! column), what it warns about, and that printing round-trips.

use crate::support::n;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::{RData, RType, Record};
use dns_lab::sim::zone::Zone;
use dns_lab::sim::zonefile::{Severity, parse_zone, print_zone};
use proptest::prelude::*;
use std::net::{Ipv4Addr, Ipv6Addr};

fn apex() -> Name {
    n("example.test.")
}

const HEAD: &str = "\
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 60
  IN NS ns1
ns1 A 192.0.2.1
";

fn zone(text: &str) -> Zone {
    match parse_zone(text, &apex()) {
        Ok(parsed) => parsed.zone,
        Err(e) => panic!("zone did not load:\n{e}"),
    }
}

fn records(zone: &Zone, owner: &str, rtype: RType) -> Vec<Record> {
    zone.rrset(&n(owner), rtype).into_iter().cloned().collect()
}

#[test]
fn reads_every_convenience_of_the_format() {
    let text = r#"; A zone written the way people write them.
$ORIGIN example.test.
$TTL 1h
@   IN  SOA ns1.example.test. hostmaster (
            2026112101 ; serial
            2h         ; refresh
            1h         ; retry
            2w         ; expire
            5m )       ; minimum
        NS  ns1
    IN  NS  ns2.example.test.
ns1     A   192.0.2.1
ns2 600 IN AAAA 2001:db8::2
        IN 300 A 192.0.2.2
www     CNAME @
txt     TXT "hello world" unquoted "a \"quoted\" word" "\065\066"
a\.b    TXT "dotted label"
mail    MX  10 mx.elsewhere.example.
_sip._tcp SRV 10 60 5060 sip
ptr     PTR host.example.test.
$ORIGIN sub.example.test.
deep    A   192.0.2.3
"#;
    let zone = zone(text);
    let soa = zone.soa().unwrap();
    assert_eq!(
        (soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum),
        (2026112101, 7200, 3600, 1_209_600, 300)
    );
    assert_eq!(soa.rname, n("hostmaster.example.test."));
    assert_eq!(
        zone.apex_ns(),
        [n("ns1.example.test."), n("ns2.example.test.")]
    );
    assert_eq!(zone.soa_record().unwrap().ttl, 3600, "$TTL 1h applies");

    let ns2 = zone.records_at(&n("ns2.example.test."));
    assert_eq!(ns2.len(), 2, "a blank owner continues ns2");
    assert!(
        ns2.iter()
            .any(|r| r.data == RData::AAAA("2001:db8::2".parse().unwrap()) && r.ttl == 600)
    );
    assert!(
        ns2.iter()
            .any(|r| r.data == RData::A(Ipv4Addr::new(192, 0, 2, 2)) && r.ttl == 300),
        "class before TTL"
    );

    assert_eq!(
        records(&zone, "www.example.test.", RType::CNAME)[0].data,
        RData::CNAME(apex()),
        "@ in record data is the origin"
    );
    assert_eq!(
        records(&zone, "txt.example.test.", RType::TXT)[0].data,
        RData::TXT(vec![
            b"hello world".to_vec(),
            b"unquoted".to_vec(),
            b"a \"quoted\" word".to_vec(),
            b"AB".to_vec()
        ])
    );
    assert_eq!(zone.records_at(&n(r"a\.b.example.test.")).len(), 1);
    assert_eq!(
        records(&zone, "_sip._tcp.example.test.", RType::SRV)[0].data,
        RData::SRV {
            priority: 10,
            weight: 60,
            port: 5060,
            target: n("sip.example.test.")
        }
    );
    assert_eq!(
        records(&zone, "mail.example.test.", RType::MX)[0].data,
        RData::MX {
            preference: 10,
            exchange: n("mx.elsewhere.example.")
        }
    );
    assert_eq!(
        records(&zone, "deep.sub.example.test.", RType::A).len(),
        1,
        "$ORIGIN moves relative names"
    );
}

#[test]
fn default_ttl_follows_rfc_1035_then_soa_minimum() {
    // No $TTL: the last explicit TTL carries over; before any, SOA MINIMUM.
    let zone =
        zone("@ SOA ns1 hostmaster 1 2 3 4 77\n@ NS ns1\nns1 500 A 192.0.2.1\nns2 A 192.0.2.2\n");
    assert_eq!(zone.soa_record().unwrap().ttl, 77);
    assert_eq!(zone.apex_ns().len(), 1);
    assert_eq!(records(&zone, "ns1.example.test.", RType::A)[0].ttl, 500);
    assert_eq!(records(&zone, "ns2.example.test.", RType::A)[0].ttl, 500);
}

/// Each bad input and the exact message a learner sees.
#[test]
fn errors_say_where_and_what() {
    let cases: &[(&str, &str)] = &[
        (
            "www A 10.0.0.300",
            "line 5, col 7: \"10.0.0.300\" is not an IPv4 address (four numbers 0-255 separated by dots)",
        ),
        (
            "www AAAA 2001:db8::zz",
            "line 5, col 10: \"2001:db8::zz\" is not an IPv6 address",
        ),
        (
            "www MX 10",
            "line 5, col 10: the MX record is missing its mail server host name",
        ),
        (
            "www",
            "line 5, col 4: this record has no type; write one such as A, AAAA, NS, CNAME or TXT",
        ),
        (
            "www FOO 1.2.3.4",
            "line 5, col 5: \"FOO\" is not a record type; write a type such as A, AAAA, NS, MX, TXT or CAA, or TYPEnnn for its number (RFC 3597)",
        ),
        (
            "www CAA 0 issue",
            "line 5, col 16: the CAA record's data: the data ends too soon: a field is missing (CAA data is written flags tag \"value\", as 0 issue \"ca.example\")",
        ),
        (
            "www ANY 1.2.3.4",
            "line 5, col 5: ANY is a query or meta type, not data a zone can hold (RFC 6895 §3.1)",
        ),
        (
            "www CH A 1.2.3.4",
            "line 5, col 5: class CH is not simulated; DNS Lab zones hold class IN records only",
        ),
        (
            "www A 192.0.2.1 extra",
            "line 5, col 17: unexpected \"extra\" after the A record's data",
        ),
        (
            "www 99999999999 A 192.0.2.1",
            "line 5, col 5: \"99999999999\" is not a TTL; write a number of seconds such as 3600 (or units like 1h)",
        ),
        (
            "www 3000000000 A 192.0.2.1",
            "line 5, col 5: TTL 3000000000 is too large; the maximum is 2147483647 seconds (RFC 2181 §8)",
        ),
        (
            "www 1x A 192.0.2.1",
            "line 5, col 5: \"1x\" is not a TTL; write a number of seconds such as 3600 (or units like 1h)",
        ),
        (
            "www TXT \"unclosed",
            "line 5, col 9: this quoted text has no closing \" on the same line",
        ),
        (
            "www TXT ( \"a\"",
            "line 5, col 9: this \"(\" is never closed",
        ),
        (
            "www A 192.0.2.1 )",
            "line 5, col 17: \")\" without a matching \"(\" before it",
        ),
        (
            "$INCLUDE other.zone",
            "line 5, col 1: $INCLUDE reads another file, and a zone in DNS Lab is one text: import this zone file together with the files it includes (choose them all at once), or paste the included records here",
        ),
        (
            "$FOO bar",
            "line 5, col 1: unknown directive $FOO; zone files know $ORIGIN, $TTL, $INCLUDE and $GENERATE",
        ),
        ("$TTL", "line 5, col 5: $TTL needs a value after it"),
        (
            "a..b A 192.0.2.1",
            "line 5, col 1: owner name \"a..b\": a domain name cannot have an empty label (two dots in a row, or a leading dot)",
        ),
        (
            "www MX 70000 mail",
            "line 5, col 8: the MX record's preference must be a whole number in range, not \"70000\"",
        ),
        (
            "www TXT \\#",
            "line 5, col 11: the generic form \\# needs the data's length in octets, then the data in hex",
        ),
        (
            "www A \\# 99999999999 C0000201",
            "line 5, col 10: \"99999999999\" is not a length; the generic form is \\# then the number of octets (at most 65535), then hex",
        ),
        (
            "www A \\# 5 C0000201",
            "line 5, col 10: the generic form says 5 octets, but 4 follow",
        ),
        (
            "www A \\# 4 C00002GG",
            "line 5, col 12: \"C00002GG\" is not hex: the generic form writes each octet as two hex digits",
        ),
        (
            "www A \\# 5 C000020102",
            "line 5, col 12: the A record's data in the generic form: 1 octets are left over after the A data",
        ),
        (
            "www MX 10 \\# 2 0000",
            "line 5, col 11: the generic \\# form (RFC 3597) replaces the whole data; write it right after the type",
        ),
        (
            "www.other.test. A 192.0.2.1",
            "line 5, col 1: www.other.test. is outside this zone (example.test.); every record must be at or below the apex",
        ),
        (
            "@ CNAME www",
            "line 5, col 1: a CNAME cannot be at the zone's apex (example.test.): the apex must hold the SOA and NS records, and a CNAME allows no other data (RFC 2181 §10.1)",
        ),
        (
            "www CNAME a\nwww A 192.0.2.9",
            "line 5, col 1: www.example.test. has a CNAME and also A data (line 6); a name with a CNAME can have no other records (RFC 1034 §3.6.2)",
        ),
        (
            "www CNAME a\nwww CNAME b",
            "line 6, col 1: www.example.test. has more than one CNAME; an alias points at exactly one name",
        ),
        (
            "www SOA ns1 hm 1 2 3 4 5",
            "line 5, col 1: an SOA record belongs only at the zone's apex (example.test.), not at www.example.test.",
        ),
        (
            "@ SOA ns1 hm 2 2 3 4 5",
            "line 5, col 1: a zone has exactly one SOA record; remove the extra one",
        ),
    ];
    for (bad, expected) in cases {
        let text = format!("{HEAD}{bad}\n");
        let error = parse_zone(&text, &apex()).expect_err(bad);
        let first = error.errors().next().unwrap().to_string();
        assert_eq!(&first, expected, "for input {bad:?}");
    }
}

#[test]
fn a_record_before_any_owner_is_explained() {
    let error = parse_zone("  A 192.0.2.1\n", &apex()).unwrap_err();
    assert!(error.errors().any(|p| p.to_string().starts_with(
        "line 1, col 3: this record starts with a space, which means \"same owner as the record before\""
    )), "{error}");
}

#[test]
fn a_zone_needs_soa_and_ns_at_its_apex() {
    let error = parse_zone("www A 192.0.2.1\n", &apex()).unwrap_err();
    let messages: Vec<String> = error.errors().map(|p| p.to_string()).collect();
    assert_eq!(
        messages,
        [
            "line 1, col 1: the zone has no SOA record at its apex (example.test.); every zone starts with one (RFC 1035 §5.2)",
            "line 1, col 1: the zone has no NS records at its apex (example.test.); a zone must name its own name servers (RFC 1034 §4.2.1)",
        ]
    );
}

#[test]
fn several_errors_are_reported_together() {
    let text = format!("{HEAD}a A 1.2.3\nb A 192.0.2.1\nc MX x y\n");
    let error = parse_zone(&text, &apex()).unwrap_err();
    let lines: Vec<u32> = error.errors().map(|p| p.line).collect();
    assert_eq!(lines, [5, 7]);
}

/// RFC 3597's spellings for the types DNS Lab models: CLASS1 for IN, TYPEnnn
/// for the type, and the data as `\# length hex`, the octets it has on the
/// wire; read as if written in the type's own format.
#[test]
fn the_generic_form_reads_as_the_types_own() {
    let text = format!(
        "{HEAD}\
ns2  CLASS1 A      192.0.2.54
ns3         TYPE1  \\# 4 C0000237
six         TYPE28 \\# 16 20010DB8 00000000 00000000 00000053
@           MX     \\# 8 000A 046D61696C 00
txt         TXT    \\# 12 0568656C6C6F 05776F726C64
"
    );
    let generic = zone(&text);
    let plain = zone(&format!(
        "{HEAD}\
ns2  IN  A    192.0.2.54
ns3      A    192.0.2.55
six      AAAA 2001:db8::53
@        MX   10 mail.
txt      TXT  \"hello\" \"world\"
"
    ));
    assert_eq!(generic, plain);
}

/// What NSD and BIND load, DNS Lab loads, and says at the line what it
/// made of it: a record written twice is one record (an identical SOA at
/// the end, as RFC 8976's published zones have; a CNAME twice, or in
/// another case), and an address written without its final dot is the
/// relative name it is.
#[test]
fn what_real_servers_load_loads_with_a_warning() {
    let text = format!(
        "{HEAD}\
www   CNAME a
www   CNAME a
mail  CNAME Host.example.test.
mail  CNAME host.EXAMPLE.test.
rel   NS    127.0.30.1
six   NS    2001:db8::53
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 60
"
    );
    let parsed = parse_zone(&text, &apex()).unwrap();
    let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "line 6, col 1: warning: duplicate record (the same CNAME as on line 5); a zone holds each record once, so this one is ignored",
            "line 8, col 1: warning: duplicate record (the same CNAME as on line 7); a zone holds each record once, so this one is ignored",
            "line 9, col 13: warning: NS target \"127.0.30.1\" is an IP address; NS needs a host name (it is read as the name \"127.0.30.1.example.test.\", which no server has an address for)",
            "line 10, col 13: warning: NS target \"2001:db8::53\" is an IP address; NS needs a host name (it is read as the name \"2001:db8::53.example.test.\", which no server has an address for)",
            "line 11, col 1: warning: duplicate record (the same SOA as on line 2); a zone holds each record once, so this one is ignored",
        ]
    );
    let zone = parsed.zone;
    assert_eq!(zone.records_at(&n("www.example.test.")).len(), 1);
    assert_eq!(zone.records_at(&n("mail.example.test.")).len(), 1);
    assert_eq!(
        zone.delegation_ns(&n("rel.example.test.")),
        vec![n("127.0.30.1.example.test.")]
    );
    // Printed and read again, the zone is the same (the literal now as the
    // name it was read as).
    let again = parse_zone(&print_zone(&zone), &apex()).unwrap();
    assert_eq!(again.zone, zone);
}

#[test]
fn warnings_load_but_are_reported() {
    let text = format!(
        "{HEAD}\
sub       NS  ns1.sub
sub       NS  ns.other.test.
ns1.sub   A   192.0.2.10
www.sub   A   192.0.2.11
sub       TXT \"hidden\"
slip      NS  ns1.example.test
addr      NS  192.0.2.53.
ns1       A   192.0.2.1
a         300 TXT \"x\"
a         600 TXT \"y\"
"
    );
    let parsed = parse_zone(&text, &apex()).unwrap();
    let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        parsed
            .warnings
            .iter()
            .all(|w| w.severity == Severity::Warning)
    );
    assert_eq!(
        warnings,
        [
            "line 8, col 1: warning: www.sub.example.test. A is at or below the zone cut at sub.example.test., which is delegated with NS records; servers answer with a referral there, so this record is never served (occluded)",
            "line 9, col 1: warning: sub.example.test. TXT is at or below the zone cut at sub.example.test., which is delegated with NS records; servers answer with a referral there, so this record is never served (occluded)",
            "line 10, col 15: warning: \"ns1.example.test\" has no trailing dot, so it means ns1.example.test.example.test.; write \"ns1.example.test.\" if that is the name you meant",
            "line 11, col 15: warning: NS target \"192.0.2.53\" is an IP address; NS needs a host name (it is read as the name \"192.0.2.53.\", which no server has an address for)",
            "line 12, col 1: warning: duplicate record (the same A as on line 4); a zone holds each record once, so this one is ignored",
            "line 14, col 1: warning: this TXT record's TTL (600) differs from the one on line 13 (300); an RRset has one TTL (RFC 2181 §5.2)",
        ]
    );
    // Glue below the cut is not occluded data, and the slip loads as written.
    assert_eq!(parsed.zone.glue_for(&n("sub.example.test")).len(), 1);
    assert_eq!(
        parsed.zone.delegation_ns(&n("slip.example.test")),
        vec![n("ns1.example.test.example.test.")]
    );
}

/// The RRSIGs at one name form one RRset per type they cover, each with the
/// TTL of what it signs (RFC 4034 §3): different TTLs there are no mistake.
/// Two signatures of one RRset with different TTLs still are.
#[test]
fn signatures_of_different_rrsets_may_differ_in_ttl() {
    let sig = |covered: &str, ttl: u32, tag: u32| {
        format!(
            "@ {ttl} RRSIG {covered} 13 2 {ttl} 20270101000000 20260101000000 {tag} example.test. AAAA\n"
        )
    };
    let text = format!(
        "{HEAD}{}{}{}",
        sig("SOA", 300, 1),
        sig("NS", 3600, 1),
        sig("NS", 600, 2)
    );
    let parsed = parse_zone(&text, &apex()).unwrap();
    let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("RRSIG record's TTL (600) differs"),
        "{warnings:?}"
    );
}

#[test]
fn printing_is_canonical_and_round_trips() {
    let original = zone(&format!(
        "{HEAD}www CNAME @\ntxt TXT \"semi;colon\" \"back\\\\slash\"\n_s._tcp SRV 1 2 3 www\n"
    ));
    let text = print_zone(&original);
    assert!(text.starts_with("$ORIGIN example.test.\n@"), "{text}");
    assert!(
        text.contains("www     300 IN CNAME example.test.\n"),
        "{text}"
    );
    assert!(
        text.contains(r#"IN TXT   "semi;colon" "back\\slash""#),
        "{text}"
    );
    assert_eq!(zone(&text), original);
}

#[test]
fn the_root_zone_prints_absolute_owners() {
    let root = Name::root();
    let parsed = parse_zone(
        ". 86400 IN SOA a.root. hm. 1 2 3 4 5\n. NS a.root.\ntest. NS ns.test.\nns.test. A 192.0.2.1\n",
        &root,
    )
    .unwrap();
    let text = print_zone(&parsed.zone);
    assert!(text.contains("\ntest.   "), "{text}");
    assert_eq!(parse_zone(&text, &root).unwrap().zone, parsed.zone);
}

// ------------------------------------------------------------------ properties

fn label() -> impl Strategy<Value = String> {
    // Letters, digits and a few characters that need escaping in text.
    proptest::string::string_regex("[a-zA-Z0-9_-]{1,8}|[a-z]{1,3}[.@ \";()\\\\$][a-z]{0,3}")
        .unwrap()
}

fn owner_under(apex: Name) -> impl Strategy<Value = Name> {
    proptest::collection::vec(label(), 1..3).prop_map(move |labels| {
        labels
            .iter()
            .rev()
            .fold(apex.clone(), |name, l| name.child(l.as_bytes()).unwrap())
    })
}

fn host() -> impl Strategy<Value = Name> {
    proptest::collection::vec("[a-z0-9]{1,6}", 1..4)
        .prop_map(|labels| Name::parse(&labels.join(".")).unwrap())
}

/// Data of types kept without a meaning: some in their own presentation
/// format, a private type's as any octets.
fn opaque() -> impl Strategy<Value = RData> {
    use dns_lab::sim::record::{Opaque, quote_character_string};
    let parsed = |rtype: &str, text: String| {
        let RType::Other(rtype) = rtype.parse().unwrap() else {
            unreachable!()
        };
        RData::Other(Opaque::parse(rtype, &text).unwrap_or_else(|e| panic!("{text}: {e}")))
    };
    prop_oneof![
        (
            any::<bool>(),
            "[a-z0-9]{1,15}",
            proptest::collection::vec(any::<u8>(), 0..30)
        )
            .prop_map(move |(critical, tag, value)| parsed(
                "CAA",
                format!(
                    "{} {tag} {}",
                    u8::from(critical) * 128,
                    quote_character_string(&value)
                )
            )),
        (
            any::<u16>(),
            any::<u8>(),
            any::<u8>(),
            proptest::collection::vec(any::<u8>(), 1..40)
        )
            .prop_map(move |(tag, algorithm, digest_type, digest)| {
                let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
                parsed("DS", format!("{tag} {algorithm} {digest_type} {hex}"))
            }),
        (
            proptest::collection::vec(any::<u8>(), 0..20),
            proptest::collection::vec(any::<u8>(), 0..20)
        )
            .prop_map(move |(cpu, os)| parsed(
                "HINFO",
                format!(
                    "{} {}",
                    quote_character_string(&cpu),
                    quote_character_string(&os)
                )
            )),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(|octets| {
            let RType::Other(private) = "TYPE65534".parse().unwrap() else {
                unreachable!()
            };
            RData::Other(Opaque::from_wire(private, &octets).unwrap())
        }),
    ]
}

fn rdata() -> impl Strategy<Value = RData> {
    prop_oneof![
        opaque(),
        any::<[u8; 4]>().prop_map(|o| RData::A(Ipv4Addr::from(o))),
        any::<[u8; 16]>().prop_map(|o| RData::AAAA(Ipv6Addr::from(o))),
        (any::<u16>(), host()).prop_map(|(preference, exchange)| RData::MX {
            preference,
            exchange
        }),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 1..4)
            .prop_map(RData::TXT),
        host().prop_map(RData::PTR),
        (any::<u16>(), any::<u16>(), any::<u16>(), host()).prop_map(
            |(priority, weight, port, target)| RData::SRV {
                priority,
                weight,
                port,
                target
            }
        ),
    ]
}

prop_compose! {
    fn any_zone()(
        apex in host(),
        serial in any::<u32>(),
        ns in proptest::collection::vec(host(), 1..4),
        data in proptest::collection::vec((0u32..=0x7fff_ffff, rdata()), 0..12),
        cnames in proptest::collection::vec(host(), 0..3),
        ttl in 0u32..=0x7fff_ffff,
    )(
        owners in proptest::collection::vec(owner_under(apex.clone()), data.len() + cnames.len()),
        apex in Just(apex), serial in Just(serial), ns in Just(ns), data in Just(data),
        cnames in Just(cnames), ttl in Just(ttl),
    ) -> Zone {
        use dns_lab::sim::record::Soa;
        let mut records = vec![Record::new(apex.clone(), ttl, RData::SOA(Soa {
            mname: ns[0].clone(), rname: apex.child(b"hostmaster").unwrap(),
            serial, refresh: 7200, retry: 3600, expire: 1_209_600, minimum: 300,
        }))];
        records.extend(ns.iter().map(|h| Record::new(apex.clone(), ttl, RData::NS(h.clone()))));
        let (data_owners, cname_owners) = owners.split_at(data.len());
        // One TTL per RRset, as the reader warns otherwise.
        let mut rrset_ttl = std::collections::HashMap::new();
        for (owner, (t, data)) in data_owners.iter().zip(data) {
            let t = *rrset_ttl.entry((owner.clone(), data.rtype())).or_insert(t);
            records.push(Record::new(owner.clone(), t, data));
        }
        for (owner, target) in cname_owners.iter().zip(cnames) {
            // A CNAME owner must hold nothing else.
            if records.iter().all(|r| !r.owner.is_subdomain_of(owner) && !owner.is_subdomain_of(&r.owner)) {
                records.push(Record::new(owner.clone(), ttl, RData::CNAME(target)));
            }
        }
        Zone::new(apex, records)
    }
}

proptest! {
    #[test]
    fn parse_of_print_is_identity(zone in any_zone()) {
        let text = print_zone(&zone);
        let parsed = parse_zone(&text, zone.apex());
        prop_assert!(parsed.is_ok(), "{}\n{}", text, parsed.unwrap_err());
        prop_assert_eq!(parsed.unwrap().zone, zone);
    }

    #[test]
    fn the_record_count_is_what_the_zone_kept(zone in any_zone()) {
        let mut doubled: Vec<Record> = zone.records().cloned().collect();
        doubled.extend(zone.records().cloned());
        let again = Zone::new(zone.apex().clone(), doubled);
        prop_assert_eq!(zone.record_count(), zone.records().count());
        prop_assert_eq!(again.record_count(), zone.record_count());
    }

    #[test]
    fn no_input_makes_the_reader_panic(text in "(?s).{0,200}") {
        let _ = parse_zone(&text, &apex());
    }

    #[test]
    fn zone_file_like_noise_never_panics(
        lines in proptest::collection::vec(
            "[ \t]?(@|www|[a-z.]{1,6}|\\$ORIGIN|\\$TTL)[ \t]+([0-9]{1,4}[ \t]+)?(IN[ \t]+)?(A|NS|SOA|TXT|MX|CNAME|SRV|FOO|CAA|DS|HINFO|SVCB|RRSIG|NSEC|NSEC3|TYPE65534|NAPTR|LOC)[ \t]+(\\\\# )?[-a-z0-9.:\"()\\\\;=, ]{0,30}",
            0..8,
        )
    ) {
        let _ = parse_zone(&lines.join("\n"), &apex());
    }

    /// Whatever loads prints back to text that loads as the same zone,
    /// whichever type and spelling it came in (`domain` prints the data
    /// of the types without a meaning, and must read its own output).
    #[test]
    fn whatever_loads_prints_back(
        lines in proptest::collection::vec(
            "x[a-z]? (CAA|DS|HINFO|SVCB|HTTPS|NSEC|TLSA|SSHFP|NAPTR|LOC|TYPE65534|TXT|MX|SRV|A) (\\\\# [0-9] )?[-a-z0-9 .:\"=,\\\\]{0,24}",
            1..6,
        )
    ) {
        let text = format!("{HEAD}{}\n", lines.join("\n"));
        if let Ok(parsed) = parse_zone(&text, &apex()) {
            let printed = print_zone(&parsed.zone);
            let again = parse_zone(&printed, &apex());
            prop_assert!(again.is_ok(), "{}\n{}", printed, again.unwrap_err());
            prop_assert_eq!(again.unwrap().zone, parsed.zone);
        }
    }
}

mod edit_records {
    use crate::support::n;
    use dns_lab::sim::record::{RData, RType, Record};
    use dns_lab::sim::zonefile::{edit_records, parse_zone};

    const TEXT: &str = "$ORIGIN test.\n$TTL 3600\n@ SOA ns1.nic hostmaster.nic 1 7200 3600 1209600 300\n@ NS ns1.nic\nns1.nic A 192.0.2.10\n; example.test. is delegated here\nexample NS ns1.example\nexample NS ns2.example\nns1.example A 198.51.100.10\n            AAAA 2001:db8::10\nns2.example A 198.51.100.11\n";

    #[test]
    fn removing_glue_keeps_comments_and_the_rest_of_the_text() {
        let out = edit_records(
            TEXT,
            &n("test."),
            |r| r.owner == n("ns2.example.test.") && r.rtype() == RType::A,
            &[],
        )
        .unwrap();
        assert!(!out.contains("198.51.100.11"));
        assert!(out.contains("; example.test. is delegated here"));
        assert!(out.contains("ns1.example A 198.51.100.10"));
        assert_eq!(out.lines().count(), TEXT.lines().count() - 1);
    }

    #[test]
    fn a_record_that_inherited_a_removed_owner_keeps_it() {
        let out = edit_records(
            TEXT,
            &n("test."),
            |r| r.owner == n("ns1.example.test.") && r.rtype() == RType::A,
            &[],
        )
        .unwrap();
        let zone = parse_zone(&out, &n("test.")).unwrap().zone;
        let aaaa = zone.rrset(&n("ns1.example.test."), RType::AAAA);
        assert_eq!(aaaa.len(), 1, "{out}");
        assert!(zone.rrset(&n("ns1.example.test."), RType::A).is_empty());
    }

    #[test]
    fn added_records_are_appended_with_absolute_names() {
        let glue = Record::new(
            n("ns3.example.test."),
            86400,
            RData::A("198.51.100.12".parse().unwrap()),
        );
        let ns = Record::new(n("example.test."), 86400, RData::NS(n("ns3.example.test.")));
        let out = edit_records(TEXT, &n("test."), |_| false, &[ns, glue]).unwrap();
        assert!(out.starts_with(TEXT));
        let zone = parse_zone(&out, &n("test.")).unwrap().zone;
        assert_eq!(zone.delegation_ns(&n("example.test.")).len(), 3);
        assert!(out.ends_with("ns3.example.test. 86400 IN A 198.51.100.12\n"));
    }

    #[test]
    fn text_that_does_not_parse_is_refused_with_its_problems() {
        let broken = format!("{TEXT}www A 300.1.1.1\n");
        let error = edit_records(&broken, &n("test."), |_| false, &[]).unwrap_err();
        assert_eq!(error.errors().next().unwrap().line, 12);
    }
}

mod generate {
    use crate::support::n;
    use dns_lab::sim::record::RData;
    use dns_lab::sim::zonefile::{edit_records, parse_zone, print_zone};

    const ZONE: &str = include_str!("../fixtures/zonefiles/generate.zone");

    #[test]
    fn generate_expands_as_bind_does() {
        let apex = n("2.0.192.in-addr.arpa.");
        let zone = parse_zone(ZONE, &apex).unwrap().zone;
        let lines: Vec<String> = zone
            .records()
            .map(|r| format!("{} {} {} {}", r.owner, r.ttl, r.rtype(), r.data.to_text()))
            .collect();
        // What `named-checkzone -D` prints for the same file, in its order.
        assert_eq!(
            lines,
            [
                "2.0.192.in-addr.arpa. 300 SOA ns1.example.test. hm.example.test. 1 2 3 4 5",
                "2.0.192.in-addr.arpa. 300 NS ns1.example.test.",
                "1.2.0.192.in-addr.arpa. 300 PTR host-001.example.test.",
                "2.2.0.192.in-addr.arpa. 300 PTR host-002.example.test.",
                "3.2.0.192.in-addr.arpa. 300 PTR host-003.example.test.",
                "0.0.nib.2.0.192.in-addr.arpa. 300 TXT \"n0\"",
                "1.0.nib.2.0.192.in-addr.arpa. 300 TXT \"n1\"",
                "pool0.2.0.192.in-addr.arpa. 60 A 192.0.2.10",
                "pool2.2.0.192.in-addr.arpa. 60 A 192.0.2.12",
                "pool4.2.0.192.in-addr.arpa. 60 A 192.0.2.14",
                "x1A.2.0.192.in-addr.arpa. 300 CNAME cost-$26.2.0.192.in-addr.arpa.",
                "x1B.2.0.192.in-addr.arpa. 300 CNAME cost-$27.2.0.192.in-addr.arpa.",
            ]
        );
        // Printed out, the records stand alone and read back the same.
        let printed = print_zone(&zone);
        assert_eq!(parse_zone(&printed, &apex).unwrap().zone, zone);
    }

    #[test]
    fn generate_errors_point_at_the_range_or_the_template() {
        let head = "$ORIGIN g.test.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";
        for (line, expected) in [
            (
                "$GENERATE 9-1 h$ A 192.0.2.$",
                "line 5, col 11: \"9-1\" is not a range",
            ),
            (
                "$GENERATE 1-100000 h$ A 192.0.2.1",
                "line 5, col 11: this range stands for 100000 records",
            ),
            (
                "$GENERATE 1-2 h${1,2,q} A 192.0.2.1",
                "line 5, col 15: \"${1,2,q}\" is not a modifier",
            ),
            (
                "$GENERATE 250-260 h$ A 192.0.2.$",
                "line 5, col 24: $GENERATE, for 256: \"192.0.2.256\" is not an IPv4 address",
            ),
            (
                "$GENERATE 1-2",
                "line 5, col 14: $GENERATE needs a range, an owner, a type and data",
            ),
        ] {
            let error = parse_zone(&format!("{head}{line}\n"), &n("g.test."))
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(expected), "{line}: {error}");
        }
    }

    #[test]
    fn removing_one_generated_record_writes_out_the_others() {
        let apex = n("2.0.192.in-addr.arpa.");
        let text = edit_records(
            ZONE,
            &apex,
            |r| r.owner == n("2.2.0.192.in-addr.arpa."),
            &[],
        )
        .unwrap();
        assert!(!text.contains("$GENERATE 1-3"), "{text}");
        let zone = parse_zone(&text, &apex).unwrap().zone;
        let ptrs: Vec<String> = zone
            .records()
            .filter(|r| matches!(r.data, RData::PTR(_)))
            .map(|r| r.owner.to_string())
            .collect();
        assert_eq!(ptrs, ["1.2.0.192.in-addr.arpa.", "3.2.0.192.in-addr.arpa."]);
    }
}
