//! The zone-file reader on any text: it returns a zone or problems with
//! line and column, never panics; a zone it reads prints to text that
//! reads back as the same zone.
#![no_main]

use dns_lab::sim::name::Name;
use dns_lab::sim::zonefile::{parse_record, parse_zone, print_zone};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let apex = Name::parse("example.test.").expect("a valid apex");
    if let Ok(parsed) = parse_zone(text, &apex) {
        let printed = print_zone(&parsed.zone);
        let again = parse_zone(&printed, &apex).expect("printed zones read back");
        assert_eq!(again.zone, parsed.zone, "print then parse changed the zone");
    }
    let _ = parse_record(text, &apex, 3600);
});
