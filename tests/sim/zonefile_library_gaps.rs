//! Why `src/sim/zonefile/` reads zone files itself instead of through
//! NLnet Labs `domain` (the library the design prefers): these tests pin what
//! `domain` 0.12 does with inputs a learner types. If a release fixes them,
//! the tests fail, and the choice deserves a second look.

use domain::base::{Name, iana::Class};
use domain::zonefile::inplace::{Entry, Zonefile};
use std::str::FromStr;

/// The first error `domain` reports for `text`, or the records it read.
fn read_with_domain(text: &str) -> Result<Vec<String>, String> {
    let mut zonefile = Zonefile::from(text);
    zonefile.set_origin(Name::from_str("example.test.").unwrap());
    zonefile.set_default_class(Class::IN);
    let mut records = Vec::new();
    loop {
        match zonefile.next_entry() {
            Ok(Some(Entry::Record(record))) => records.push(format!(
                "{} {} {}",
                record.owner(),
                record.rtype(),
                record.data()
            )),
            Ok(Some(Entry::Include { .. })) => records.push("include".into()),
            Ok(None) => return Ok(records),
            Err(error) => return Err(error.to_string()),
        }
    }
}

#[test]
fn errors_point_past_the_mistake() {
    // The bad address starts at line 1, column 7; `domain` blames the next line.
    assert_eq!(
        read_with_domain("www A 10.0.0.300\n"),
        Err("2:1: expected IPv4 address".to_string())
    );
    // A missing field is reported on the following line too.
    assert_eq!(
        read_with_domain("www MX 10\n"),
        Err("2:1: unexpected end of entry".to_string())
    );
}

#[test]
fn messages_are_terse() {
    assert_eq!(
        read_with_domain("www TXT \"unterminated\n"),
        Err("2:1: bad symbol".to_string())
    );
    assert_eq!(
        read_with_domain("www A 192.0.2.1 5\n"),
        Err("1:17: trailing tokens".to_string())
    );
}

#[test]
fn at_sign_in_record_data_becomes_a_label() {
    // RFC 1035 §5.1: `@` is the origin. `domain` reads it as a label `@`.
    let records = read_with_domain("www CNAME @\n").unwrap();
    assert_eq!(records, ["www.example.test CNAME @.example.test."]);
}

#[test]
fn ttl_units_are_rejected() {
    assert_eq!(
        read_with_domain("www 1h A 192.0.2.1\n"),
        Err("1:7: expected rtype".to_string())
    );
}

/// `tests/fixtures/zonefiles/every-type.zone` holds a record of every type
/// `domain` reads in zone files (but MD and MF, which BIND refuses as
/// obsolete), and the RFC 3597 and `CLASS1`/`TYPE1` spellings: `domain`
/// reads all of it, as `named-checkzone` and `nsd-checkzone` do.
#[test]
fn the_every_type_fixture_holds_every_type_domain_knows() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/zonefiles/every-type.zone"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut zonefile = Zonefile::from(text.as_str());
    zonefile.set_default_class(Class::IN);
    let mut types = std::collections::BTreeSet::new();
    loop {
        match zonefile.next_entry() {
            Ok(Some(Entry::Record(record))) => {
                types.insert(record.rtype().to_string());
            }
            Ok(Some(Entry::Include { .. })) => panic!("no $INCLUDE in this file"),
            Ok(None) => break,
            Err(error) => panic!("every-type.zone: {error}"),
        }
    }
    let every = [
        "A",
        "CNAME",
        "HINFO",
        "MB",
        "MG",
        "MINFO",
        "MR",
        "MX",
        "NS",
        "PTR",
        "SOA",
        "TXT",
        "AAAA",
        "CAA",
        "CDNSKEY",
        "CDS",
        "DNAME",
        "DNSKEY",
        "RRSIG",
        "NSEC",
        "DS",
        "IPSECKEY",
        "NAPTR",
        "NSEC3",
        "NSEC3PARAM",
        "OPENPGPKEY",
        "RP",
        "SRV",
        "SSHFP",
        "SVCB",
        "HTTPS",
        "TLSA",
        "ZONEMD",
    ];
    let missing: Vec<&str> = every.into_iter().filter(|t| !types.contains(*t)).collect();
    assert!(missing.is_empty(), "missing {missing:?}; found {types:?}");
    // Types `domain` has no data type for, in the generic form only.
    for generic in ["TYPE65534", "GPOS"] {
        assert!(types.contains(generic), "{generic}: found {types:?}");
    }
}
