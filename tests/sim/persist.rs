//! Share links and imports: round trips, and every hostile or broken input
//! refused with a clear message (the caller's scenario is never touched:
//! these functions only return a new one).

use crate::support::n;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dns_lab::persist::{
    ImportError, Imported, MAX_IMPORT_BYTES, MAX_INFLATED_BYTES, decode_link, encode_link,
    export_bundle, import_file, link_payload, zone_file,
};
use dns_lab::sim::scenario::{SCENARIO_VERSION, ScenarioError};
use dns_lab::sim::scenarios::{default_scenario, generated_world};
use proptest::prelude::*;

fn pack(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 9))
}

#[test]
fn a_share_link_gives_the_same_scenario_back() {
    for scenario in [default_scenario(), generated_world(60)] {
        let payload = encode_link(&scenario);
        assert!(
            payload
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "base64url, no padding"
        );
        assert_eq!(decode_link(&payload).unwrap(), scenario);
        let fragment = format!("#s={payload}");
        assert_eq!(link_payload(&fragment), Some(payload.as_str()));
    }
    assert_eq!(link_payload("#other"), None);
}

#[test]
fn the_default_scenario_makes_a_short_link() {
    let length = encode_link(&default_scenario()).len();
    // Printed for the README (cargo test -- --nocapture); chat apps and
    // browsers handle links of a few KB.
    println!("default scenario share link payload: {length} characters");
    assert!(length < 4096, "{length}");
}

#[test]
fn a_cut_or_altered_link_is_refused() {
    let payload = encode_link(&default_scenario());
    let cut = &payload[..payload.len() / 2];
    assert_eq!(decode_link(cut), Err(ImportError::Corrupt));
    assert_eq!(decode_link("not*base64!"), Err(ImportError::NotBase64));
    assert_eq!(decode_link(""), Err(ImportError::Corrupt));
    // Valid deflate of something that is not a scenario.
    assert!(matches!(
        decode_link(&pack(b"{\"hello\": 1}")),
        Err(ImportError::Scenario(ScenarioError::Json(_)))
    ));
    assert!(matches!(
        decode_link(&pack(b"\xff\xfe")),
        Err(ImportError::Corrupt)
    ));
}

#[test]
fn a_decompression_bomb_stops_at_the_cap() {
    // 16 MB of spaces deflates to a few KB.
    let bomb = pack(&vec![b' '; 16 << 20]);
    assert!(bomb.len() < 200_000, "{}", bomb.len());
    assert_eq!(
        decode_link(&bomb),
        Err(ImportError::TooBigInflated {
            limit: MAX_INFLATED_BYTES
        })
    );
    assert!(
        ImportError::TooBigInflated {
            limit: MAX_INFLATED_BYTES
        }
        .to_string()
        .contains("1024 KB")
    );
}

#[test]
fn a_link_from_a_future_version_says_so() {
    let json = default_scenario().to_json().replacen(
        &format!("\"version\": {SCENARIO_VERSION}"),
        "\"version\": 99",
        1,
    );
    let error = decode_link(&pack(json.as_bytes())).unwrap_err();
    assert_eq!(
        error,
        ImportError::Scenario(ScenarioError::FutureVersion { version: 99 })
    );
    assert!(error.to_string().contains("newer DNS Lab"));
}

#[test]
fn export_then_import_gives_the_same_scenario() {
    let scenario = default_scenario();
    match import_file(scenario.to_json().as_bytes(), &generated_world(20)).unwrap() {
        Imported::Scenario(imported) => assert_eq!(imported, scenario),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_bundle_of_every_zone_imports_back_into_the_same_world() {
    let scenario = default_scenario();
    let bundle = export_bundle(&scenario);
    match import_file(bundle.as_bytes(), &scenario).unwrap() {
        Imported::Zones {
            scenario: imported,
            apexes,
        } => {
            assert_eq!(apexes.len(), scenario.zones.len());
            let original = scenario.load().unwrap();
            let again = imported.load().unwrap();
            for zone in original.zones() {
                assert_eq!(again.zone(zone.apex()), Some(zone), "{}", zone.apex());
            }
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_zone_file_replaces_that_zone_or_is_added() {
    let scenario = default_scenario();
    let text = "$ORIGIN shop.test.\n$TTL 300\n@ SOA ns1.hosting.example. hostmaster 2 1 1 1 1\n@ NS ns1.hosting.example.\n@ NS ns2.hosting.example.\nwww A 203.0.113.99\n";
    match import_file(text.as_bytes(), &scenario).unwrap() {
        Imported::Zones {
            scenario: imported,
            apexes,
        } => {
            assert_eq!(apexes, [n("shop.test.")]);
            assert_eq!(imported.zones.len(), scenario.zones.len());
            assert_eq!(imported.zone_source(&n("shop.test.")).unwrap().text, text);
        }
        other => panic!("{other:?}"),
    }
    // Without $ORIGIN, the SOA's owner names the zone; a new zone is added.
    let new = "new.test. 300 IN SOA ns1.hosting.example. hostmaster.new.test. 1 1 1 1 1\nnew.test. 300 IN NS ns1.hosting.example.\n";
    match import_file(new.as_bytes(), &scenario).unwrap() {
        Imported::Zones {
            scenario: s,
            apexes,
        } => {
            assert_eq!(apexes, [n("new.test.")]);
            assert_eq!(s.zones.len(), scenario.zones.len() + 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn broken_files_are_refused_with_what_is_wrong() {
    let scenario = default_scenario();
    let error = import_file(
        b"$ORIGIN shop.test.\n@ SOA ns1 h 1 1 1 1 1\nwww A 1.2.3\n",
        &scenario,
    )
    .unwrap_err();
    match &error {
        ImportError::ZoneFile { apex, error } => {
            assert_eq!(apex, &n("shop.test."));
            assert!(error.to_string().contains("line 3, col "), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        import_file(b"www A 192.0.2.1\n", &scenario),
        Err(ImportError::UnknownApex)
    );
    assert_eq!(import_file(b"  \n", &scenario), Err(ImportError::Empty));
    assert_eq!(
        import_file(b"\xff\x00\x01", &scenario),
        Err(ImportError::NotText)
    );
    assert!(matches!(
        import_file(b"{\"version\": 1, \"servers\": 7}", &scenario),
        Err(ImportError::Scenario(ScenarioError::Json(_)))
    ));
    assert!(matches!(
        import_file(b"[1, 2, 3]", &scenario),
        Err(ImportError::UnknownApex)
    ));
}

#[test]
fn a_fifty_megabyte_file_is_refused_before_it_is_read() {
    let big = vec![b'a'; 50 << 20];
    assert_eq!(
        import_file(&big, &default_scenario()),
        Err(ImportError::FileTooBig {
            size: 50 << 20,
            limit: MAX_IMPORT_BYTES
        })
    );
    assert!(
        ImportError::FileTooBig {
            size: 50 << 20,
            limit: MAX_IMPORT_BYTES
        }
        .to_string()
        .contains("50.0 MB")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// No link payload, however mangled, panics.
    #[test]
    fn any_link_payload_is_read_or_refused(payload in "[A-Za-z0-9_=*-]{0,200}") {
        let _ = decode_link(&payload);
    }

    /// Flipping any byte of a real link is caught (or, rarely, still
    /// decodes to a scenario that loads), never a panic.
    #[test]
    fn a_tampered_link_never_panics(position in 0usize..1000, byte in any::<u8>()) {
        let mut payload = encode_link(&default_scenario()).into_bytes();
        let i = position % payload.len();
        payload[i] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[byte as usize % 64];
        let _ = decode_link(std::str::from_utf8(&payload).unwrap());
    }

    /// Any bytes as a file: read or refused, never a panic.
    #[test]
    fn any_file_is_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = import_file(&bytes, &default_scenario());
    }
}

/// An exported zone file says `$ORIGIN` once, whether or not the zone's own
/// text starts with it, and reads back as the same zone.
#[test]
fn an_exported_zone_file_says_origin_once() {
    let apex = n("shop.test.");
    let bare = "@ 3600 IN SOA ns1 h 1 2 3 4 5\n@ 3600 IN NS ns1\n";
    let with_origin = format!("; the shop\n$ORIGIN shop.test.\n{bare}");
    for text in [bare.to_string(), with_origin] {
        let file = zone_file(&apex, &text);
        assert_eq!(file.matches("$ORIGIN").count(), 1, "{file}");
        let imported = import_file(file.as_bytes(), &default_scenario()).unwrap();
        let Imported::Zones { apexes, .. } = imported else {
            panic!("not read as a zone file");
        };
        assert_eq!(apexes, vec![apex.clone()]);
    }
    // Another zone's $ORIGIN line is not this one's.
    let other = zone_file(&apex, "$ORIGIN sub.shop.test.\nwww A 192.0.2.1\n");
    assert!(other.starts_with("$ORIGIN shop.test.\n"), "{other}");
}

mod includes {
    use crate::support::n;
    use dns_lab::persist::{ImportError, Imported, import_files};
    use dns_lab::sim::record::RType;
    use dns_lab::sim::scenarios::default_scenario;

    /// example.test. as an operator splits it: its hosts in a file of
    /// their own, and a sub-zone's glue in another read at its origin.
    const MAIN: &str = "$ORIGIN example.test.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\n@ NS ns2\nns1 A 198.51.100.10\nns2 A 198.51.100.11\n$INCLUDE /etc/bind/db.hosts\n$INCLUDE lab.glue lab\nafter A 198.51.100.99\n";
    const HOSTS: &str = "; the hosts\nwww A 198.51.100.80\nmail A 198.51.100.25\n";
    const GLUE: &str = "@ NS ns1\nns1 A 198.51.100.20\n";

    fn import(files: &[(&str, &str)]) -> Result<Imported, ImportError> {
        let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        import_files(&files, &default_scenario())
    }

    fn errors(result: Result<Imported, ImportError>) -> String {
        match result {
            Err(error) => error.to_string(),
            Ok(_) => panic!("imported"),
        }
    }

    #[test]
    fn included_files_take_the_place_of_their_lines() {
        let Imported::Zones { scenario, apexes } = import(&[
            ("example.test.zone", MAIN),
            ("db.hosts", HOSTS),
            ("lab.glue", GLUE),
        ])
        .unwrap() else {
            panic!("a zone import");
        };
        assert_eq!(
            apexes,
            [n("example.test.")],
            "included files are no zones of their own"
        );
        let world = scenario.load().unwrap();
        let zone = world.zone(&n("example.test.")).unwrap();
        let has = |name: &str, rtype: RType| !zone.rrset(&n(name), rtype).is_empty();
        assert!(has("www.example.test.", RType::A));
        // The origin argument: the glue file's names are below lab.
        assert!(has("lab.example.test.", RType::NS));
        assert!(has("ns1.lab.example.test.", RType::A));
        // After an include the origin is the one before it.
        assert!(has("after.example.test.", RType::A));
        let text = &scenario
            .zones
            .iter()
            .find(|z| z.apex == n("example.test."))
            .unwrap()
            .text;
        assert!(
            text.contains("; $INCLUDE db.hosts: its lines follow"),
            "{text}"
        );
        assert!(
            !text.contains("$INCLUDE /etc"),
            "the directive is resolved: {text}"
        );
    }

    #[test]
    fn a_mistake_in_an_included_file_is_reported_there() {
        let broken = "www A 198.51.100.80\nmail A 198.51.100.300\n";
        let error = errors(import(&[
            ("example.test.zone", MAIN),
            ("db.hosts", broken),
            ("lab.glue", GLUE),
        ]));
        assert!(
            error.contains("db.hosts, line 2, col 8: \"198.51.100.300\" is not an IPv4 address"),
            "{error}"
        );
        // A mistake after the includes keeps its own line in the main file.
        let main = MAIN.replace("after A 198.51.100.99", "after A nonsense");
        let error = errors(import(&[
            ("example.test.zone", &main),
            ("db.hosts", HOSTS),
            ("lab.glue", GLUE),
        ]));
        assert!(error.contains("\nline 10, col 9: \"nonsense\""), "{error}");
    }

    #[test]
    fn missing_looping_or_misplaced_files_are_named() {
        let error = errors(import(&[("example.test.zone", MAIN), ("lab.glue", GLUE)]));
        assert!(
            error.contains("line 8, col 10: $INCLUDE reads \"/etc/bind/db.hosts\", which was not imported with this file"),
            "{error}"
        );
        let looping = "www A 198.51.100.80\n$INCLUDE db.hosts\n";
        let error = errors(import(&[
            ("example.test.zone", MAIN),
            ("db.hosts", looping),
            ("lab.glue", GLUE),
        ]));
        assert!(
            error.contains(
                "db.hosts, line 2, col 10: $INCLUDE \"db.hosts\" would read itself again"
            ),
            "{error}"
        );
        let json = default_scenario().to_json();
        assert_eq!(
            import(&[("world.json", &json), ("db.hosts", HOSTS)]).unwrap_err(),
            ImportError::ScenarioWithOthers
        );
        // Imported alone, a zone file that includes another names the one missing.
        let alone = errors(import(&[(
            "example.test.zone",
            "$ORIGIN x.test.\n$INCLUDE a\n",
        )]));
        assert!(
            alone.contains("\"a\", which was not imported with this file"),
            "{alone}"
        );
    }
}

/// A lesson's link as a QR code: square, at most version 33, each dark
/// module drawn once; a link too long for a projector's code is refused
/// with its length.
#[test]
fn a_short_link_is_drawn_as_a_qr_code_and_a_long_one_is_refused() {
    use dns_lab::persist::{MAX_QR_VERSION, QrTooLong, encode_link, qr_code};
    let scenario = dns_lab::sim::scenarios::built_in("healthy-delegation").unwrap();
    let link = format!("https://example.org/dns-lab/#s={}", encode_link(&scenario));
    let drawing = qr_code(&link).unwrap();
    assert!(drawing.width >= 21 && drawing.width <= 17 + 4 * MAX_QR_VERSION as usize);
    assert_eq!(
        (drawing.width - 17) % 4,
        0,
        "a QR code is 17 + 4 × version modules wide"
    );
    // Every run is inside the code, one row high.
    for run in drawing.path.split('M').filter(|r| !r.is_empty()) {
        let numbers: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let [x, y, length, one, back] = numbers[..] else {
            panic!("{run}")
        };
        assert!(x + length <= drawing.width && y < drawing.width && one == 1 && back == length);
    }
    let long = "x".repeat(2_500);
    assert_eq!(qr_code(&long), Err(QrTooLong { characters: 2_500 }));
}

/// A course file: lessons in order, read back as written; a world without
/// a lesson, a course from a newer DNS Lab or one with no lessons is
/// refused with why, and an import tells a course from a scenario.
#[test]
fn a_course_file_round_trips_and_a_bad_one_says_which_lesson() {
    use dns_lab::persist::{Course, CourseError, ImportError, Imported, import_file};
    use dns_lab::sim::scenarios::{built_in, default_scenario};
    let lessons = vec![
        built_in("missing-glue").unwrap(),
        built_in("lame-one-good").unwrap(),
    ];
    let course = Course {
        title: "Week 3: delegation".into(),
        lessons,
    };
    let json = course.to_json();
    assert_eq!(Course::from_json(&json), Ok(course.clone()));
    assert_eq!(
        import_file(json.as_bytes(), &default_scenario()),
        Ok(Imported::Course(course.clone()))
    );

    let mut bare = default_scenario();
    bare.lesson = None;
    bare.title = "No lesson".into();
    let with_bare = Course {
        title: "x".into(),
        lessons: vec![course.lessons[0].clone(), bare],
    };
    assert_eq!(
        Course::from_json(&with_bare.to_json()),
        Err(CourseError::NoLesson {
            index: 1,
            title: "No lesson".into()
        })
    );
    let newer = json.replace("\"dns_lab_course\": 1", "\"dns_lab_course\": 9");
    assert_eq!(
        Course::from_json(&newer),
        Err(CourseError::FutureVersion(9))
    );
    let empty = Course {
        title: "x".into(),
        lessons: vec![],
    };
    assert_eq!(Course::from_json(&empty.to_json()), Err(CourseError::Empty));
    let refused = import_file(newer.as_bytes(), &default_scenario()).unwrap_err();
    assert!(matches!(
        refused,
        ImportError::Course(CourseError::FutureVersion(9))
    ));
    assert!(refused.to_string().contains("newer DNS Lab"));
}
