//! The dig console (`sim::dig`) on the default scenario: what it accepts,
//! how it refuses, and what it prints when asking the resolver or one
//! server directly, in dig's own layout.

use crate::support::n;
use dns_lab::sim::authority::{Disposition, Question, Rcode};
use dns_lab::sim::dig::{Asked, DigCommand, DigError, DigOutput, ServerSpec, USAGE, parse, run};
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Cache, Resolution, ResolverConfig, Step, trace};
use dns_lab::sim::scenario::{Behaviour, World};
use dns_lab::sim::scenarios::default_scenario;
use proptest::prelude::*;
use std::net::IpAddr;

fn world() -> World {
    default_scenario().load().unwrap()
}

/// The default world with the servers named by id set to `behaviour`.
fn world_with(ids: &[&str], behaviour: Behaviour) -> World {
    let mut scenario = default_scenario();
    for server in &mut scenario.servers {
        if ids.contains(&server.id.0.as_str()) {
            server.behaviour = behaviour;
        }
    }
    scenario.load().unwrap()
}

fn dig_in(world: &World, line: &str) -> DigOutput {
    let command = parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    run(
        &command,
        world,
        ResolverConfig::default(),
        &Cache::new(),
        None,
    )
}

fn dig(line: &str) -> DigOutput {
    dig_in(&world(), line)
}

/// The lines of one section of dig's output, without its title.
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    let heading = format!(";; {title} SECTION:");
    text.lines()
        .skip_while(|line| *line != heading)
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect()
}

fn parse_err(line: &str) -> DigError {
    match parse(line) {
        Err(error) => error,
        Ok(command) => panic!("{line:?} parsed as {command:?}"),
    }
}

// ---- parsing ----

#[test]
fn tokens_come_in_any_order_with_or_without_dig() {
    let expected = (n("example.test."), RType::NS);
    for line in [
        "dig example.test NS",
        "dig NS example.test",
        "dig -t NS example.test",
        "dig -tNS example.test",
        "dig example.test. IN NS",
        "dig -c IN ns example.test",
        "example.test NS",
        "  dig   NS   example.test.  ",
        "dig -q example.test -t ns",
    ] {
        let command = parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!((command.name.clone(), command.rtype), expected, "{line}");
        assert_eq!(command.server, None, "{line}");
        assert!(
            command.recurse && !command.trace && !command.short,
            "{line}"
        );
    }
}

#[test]
fn names_are_absolute_with_or_without_the_final_dot() {
    let with = parse("dig www.example.test.").unwrap();
    let without = parse("dig www.example.test").unwrap();
    assert_eq!(with.name, without.name);
    assert_eq!(with.name.to_string(), "www.example.test.");
    assert_eq!(with.rtype, RType::A, "dig's default type is A");
    assert_eq!(
        with.question(),
        Question::new(n("www.example.test."), RType::A)
    );
}

#[test]
fn no_name_asks_the_root_for_its_name_servers() {
    for line in ["dig", "", "   "] {
        let command = parse(line).unwrap();
        assert_eq!(command.name, Name::root(), "{line:?}");
        assert_eq!(command.rtype, RType::NS, "{line:?}");
    }
    let mx = parse("dig MX").unwrap();
    assert_eq!((mx.name, mx.rtype), (Name::root(), RType::MX));
}

#[test]
fn servers_are_addresses_or_host_names() {
    let by_address = parse("dig @192.0.2.1 example.test").unwrap();
    assert_eq!(
        by_address.server,
        Some(ServerSpec::Address("192.0.2.1".parse().unwrap()))
    );
    let v6 = parse("dig example.test @2001:db8::1").unwrap();
    assert_eq!(
        v6.server,
        Some(ServerSpec::Address("2001:db8::1".parse().unwrap()))
    );
    let by_name = parse("dig NS example.test @ns1.nic.test").unwrap();
    assert_eq!(by_name.server, Some(ServerSpec::Host(n("ns1.nic.test."))));
    assert_eq!(by_name.args, "NS example.test @ns1.nic.test");
}

#[test]
fn plus_options_switch_on_and_off() {
    let command = parse("dig +short +trace +norec www.example.test").unwrap();
    assert!(command.short && command.trace && !command.recurse);
    let command = parse("dig +short +noshort +trace +notrace +norecurse +rec x").unwrap();
    assert!(!command.short && !command.trace && command.recurse);
    assert!(!parse("dig +norecurs x").unwrap().recurse);
}

#[test]
fn reverse_lookups_ask_for_ptr_under_arpa() {
    let v4 = parse("dig -x 192.0.2.1").unwrap();
    assert_eq!(v4.name, n("1.2.0.192.in-addr.arpa."));
    assert_eq!(v4.rtype, RType::PTR);
    let v6 = parse("dig -x 2001:db8::1").unwrap();
    assert_eq!(
        v6.name.to_string(),
        format!("1.{}8.b.d.0.1.0.0.2.ip6.arpa.", "0.".repeat(23))
    );
    assert_eq!(parse("dig -x 192.0.2.1 NS").unwrap().rtype, RType::NS);
}

#[test]
fn errors_say_what_is_wrong_and_how_to_write_it() {
    let unknown = parse_err("dig +frobnicate example.test");
    assert_eq!(unknown, DigError::UnknownOption("+frobnicate".into()));
    let text = unknown.to_string();
    assert!(
        text.starts_with("dig: Invalid option: +frobnicate"),
        "{text}"
    );
    assert!(
        text.contains("Usage:  dig [@server] [name] [type]"),
        "{text}"
    );
    assert!(text.ends_with(USAGE));

    let multiline = parse_err("dig +multiline example.test").to_string();
    assert!(
        multiline.contains("+multiline: this dig option is not simulated"),
        "{multiline}"
    );
    let parsed = parse("dig +dnssec +cd example.test").unwrap();
    assert!(parsed.dnssec && parsed.checking_disabled);
    assert!(
        parse_err("dig -p 5353 example.test")
            .to_string()
            .contains("-p: this dig option is not simulated")
    );

    let bad_type = parse_err("dig -t FOO example.test").to_string();
    assert!(bad_type.starts_with("dig: invalid type FOO"), "{bad_type}");
    let any = parse_err("dig example.test ANY").to_string();
    assert!(any.contains("ANY is a query or meta type"), "{any}");
    let extra = parse_err("dig example.test www.example.test").to_string();
    assert!(
        extra.contains("'www.example.test' is neither a record type"),
        "{extra}"
    );

    assert_eq!(parse_err("dig -t"), DigError::MissingValue("-t".into()));
    assert_eq!(
        parse_err("dig @ example.test"),
        DigError::MissingValue("@".into())
    );
    assert_eq!(
        parse_err("dig example.test CH"),
        DigError::BadClass("CH".into())
    );
    assert!(
        parse_err("dig example.test -c HS")
            .to_string()
            .contains("class HS is not simulated")
    );
    let bad_name = parse_err("dig foo..test").to_string();
    assert!(
        bad_name.contains("'foo..test' is not a legal name"),
        "{bad_name}"
    );
    assert!(bad_name.contains("empty label"), "{bad_name}");
    assert_eq!(
        parse_err("dig -x not-an-address"),
        DigError::BadAddress("not-an-address".into())
    );
    assert_eq!(parse_err("dig @a.test @b.test x"), DigError::TwoServers);
    assert_eq!(parse_err("dig -z"), DigError::UnknownFlag("-z".into()));

    let help = parse_err("dig -h").to_string();
    assert!(
        help.ends_with(USAGE) && !help.starts_with("dig: "),
        "{help}"
    );
}

// ---- asking the resolver ----

#[test]
fn the_resolver_answers_with_rd_ra_and_the_whole_chain() {
    let out = dig("dig www.example.test");
    let text = &out.text;
    assert!(
        text.starts_with(
            "; <<>> DiG (DNS Lab) <<>> www.example.test\n;; global options: +cmd\n;; Got answer:\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: "),
        "{text}"
    );
    assert!(
        text.contains(";; flags: qr rd ra; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 0\n"),
        "{text}"
    );
    assert!(!text.contains("WARNING"), "{text}");
    assert_eq!(
        section(text, "QUESTION"),
        [";www.example.test.\t\tIN\tA"],
        "{text}"
    );
    assert_eq!(
        section(text, "ANSWER"),
        [
            "www.example.test.\t3600\tIN\tCNAME\texample.test.",
            "example.test.\t\t3600\tIN\tA\t198.51.100.80",
        ],
        "{text}"
    );
    assert!(
        text.contains("\n;; SERVER: the simulated resolver (Unbound-like preset, seed 1)\n"),
        "{text}"
    );
    assert!(text.contains(";; MSG SIZE  rcvd: "), "{text}");
    assert!(!text.contains("Query time"), "there is no clock: {text}");
    assert_eq!(out.asked, Asked::Resolver);
    assert_eq!(out.rcode, Some(Rcode::NoError));
    assert!(out.steps.iter().any(|s| s.exchange().is_some()));
}

#[test]
fn a_name_that_does_not_exist_is_nxdomain_with_the_soa() {
    let out = dig("dig missing.example.test");
    assert!(out.text.contains("status: NXDOMAIN"), "{}", out.text);
    assert!(
        out.text.contains("ANSWER: 0, AUTHORITY: 1,"),
        "{}",
        out.text
    );
    let authority = section(&out.text, "AUTHORITY");
    assert_eq!(authority.len(), 1, "{}", out.text);
    assert!(
        authority[0].starts_with("example.test.\t\t300\tIN\tSOA\tns1.example.test. "),
        "{}",
        out.text
    );
    assert_eq!(out.rcode, Some(Rcode::NXDomain));
}

#[test]
fn servfail_names_its_cause_as_an_extended_error() {
    let world = world_with(&["ns1-example-test", "ns2-example-test"], Behaviour::Down);
    let out = dig_in(&world, "dig www.example.test");
    assert!(out.text.contains("status: SERVFAIL"), "{}", out.text);
    assert!(
        out.text
            .contains(";; OPT PSEUDOSECTION:\n; EDE: 23 (Network Error): (no server for example.test could be used)"),
        "{}",
        out.text
    );
    assert_eq!(out.rcode, Some(Rcode::ServFail));
    assert_eq!(dig_in(&world, "dig +short www.example.test").text, "");
}

#[test]
fn no_arguments_ask_the_root_name_servers() {
    let out = dig("dig");
    assert!(
        out.text.starts_with("; <<>> DiG (DNS Lab) <<>>\n"),
        "{}",
        out.text
    );
    assert_eq!(
        section(&out.text, "ANSWER"),
        [
            ".\t\t\t86400\tIN\tNS\ta.root-servers.test.",
            ".\t\t\t86400\tIN\tNS\tb.root-servers.test.",
        ]
    );
}

#[test]
fn the_resolver_uses_the_cache_it_is_given() {
    let world = world();
    let config = ResolverConfig::default();
    let question = Question::new(n("www.example.test."), RType::A);
    let mut stepper = Resolution::new(question, config);
    stepper.run(&world);
    let mut cache = stepper.into_cache();
    cache.advance(100);
    let command = parse("dig www.example.test").unwrap();
    let out = run(&command, &world, config, &cache, None);
    assert!(
        out.steps.iter().all(|s| s.exchange().is_none()),
        "a cached answer needs no query"
    );
    // The TTLs count down on the virtual clock.
    assert_eq!(
        section(&out.text, "ANSWER"),
        [
            "www.example.test.\t3500\tIN\tCNAME\texample.test.",
            "example.test.\t\t3500\tIN\tA\t198.51.100.80",
        ],
        "{}",
        out.text
    );
}

#[test]
fn norec_asks_the_resolver_for_what_it_has_cached_only() {
    let world = world();
    let config = ResolverConfig::default();
    let command = parse("dig +norec www.example.test").unwrap();

    // An empty cache: a referral to the root servers from the hints.
    let cold = run(&command, &world, config, &Cache::new(), None);
    assert!(
        cold.text
            .contains(";; flags: qr ra; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3\n"),
        "{}",
        cold.text
    );
    assert_eq!(
        section(&cold.text, "AUTHORITY"),
        [
            ".\t\t\t3600000\tIN\tNS\ta.root-servers.test.",
            ".\t\t\t3600000\tIN\tNS\tb.root-servers.test.",
        ]
    );
    assert!(cold.steps.is_empty(), "no query is sent");

    // After the stepper resolved it: the cached answer, still without rd.
    let question = Question::new(n("www.example.test."), RType::A);
    let mut stepper = Resolution::new(question, config);
    stepper.run(&world);
    let warm = run(&command, &world, config, stepper.cache(), None);
    assert!(
        warm.text.contains(";; flags: qr ra; QUERY: 1, ANSWER: 2,"),
        "{}",
        warm.text
    );
    assert_eq!(section(&warm.text, "ANSWER").len(), 2, "{}", warm.text);

    // A name below a cached delegation: a referral to that zone's servers.
    let other = parse("dig +norec mail.example.test").unwrap();
    let referral = run(&other, &world, config, stepper.cache(), None);
    let authority = section(&referral.text, "AUTHORITY");
    assert!(
        authority.iter().all(|l| l.starts_with("example.test.")) && authority.len() == 2,
        "{}",
        referral.text
    );
}

// ---- asking one server directly ----

#[test]
fn the_parent_refers_and_the_child_answers_with_aa() {
    let parent = dig("dig NS example.test @ns1.nic.test");
    let text = &parent.text;
    assert!(
        text.starts_with(
            "; <<>> DiG (DNS Lab) <<>> NS example.test @ns1.nic.test\n; (1 server found)\n;; global options: +cmd\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(";; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3\n;; WARNING: recursion requested but not available\n"),
        "{text}"
    );
    assert!(section(text, "ANSWER").is_empty(), "{text}");
    assert_eq!(
        section(text, "AUTHORITY"),
        [
            "example.test.\t\t86400\tIN\tNS\tns1.example.test.",
            "example.test.\t\t86400\tIN\tNS\tns2.example.test.",
        ],
        "the registry's NS set, with the parent's TTL: {text}"
    );
    assert_eq!(
        section(text, "ADDITIONAL"),
        [
            "ns1.example.test.\t86400\tIN\tA\t198.51.100.10",
            "ns2.example.test.\t86400\tIN\tA\t198.51.100.11",
            "ns2.example.test.\t86400\tIN\tAAAA\t2001:db8:100::11",
        ],
        "glue: {text}"
    );
    assert!(
        text.contains("\n;; SERVER: 192.0.2.10#53(ns1.nic.test) (UDP)\n;; MSG SIZE  rcvd: "),
        "{text}"
    );
    assert_eq!(
        parent.disposition,
        Some(Disposition::Referral {
            cut: n("example.test.")
        })
    );
    assert_eq!(
        parent.asked,
        Asked::Server {
            address: "192.0.2.10".parse().unwrap(),
            server: Some("ns1-nic-test".into()),
            host: Some(n("ns1.nic.test.")),
        }
    );

    let child = dig("dig NS example.test @ns1.example.test");
    let text = &child.text;
    assert!(
        text.contains(";; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 3\n"),
        "{text}"
    );
    assert_eq!(
        section(text, "ANSWER"),
        [
            "example.test.\t\t3600\tIN\tNS\tns1.example.test.",
            "example.test.\t\t3600\tIN\tNS\tns2.example.test.",
        ],
        "the zone's own NS set, with the child's TTL: {text}"
    );
    assert_eq!(section(text, "ADDITIONAL").len(), 3, "{text}");
    assert_eq!(child.disposition, Some(Disposition::Answer));
    assert_eq!(child.rcode, Some(Rcode::NoError));
}

#[test]
fn a_server_asked_by_address_answers_the_same() {
    let by_name = dig("dig NS example.test @ns1.nic.test");
    let by_address = dig("dig NS example.test @192.0.2.10");
    let body = |text: &str| text.lines().skip(1).map(String::from).collect::<Vec<_>>();
    let by_address_body: Vec<String> = body(&by_address.text)
        .into_iter()
        .map(|l| l.replace("(192.0.2.10)", "(ns1.nic.test)"))
        .collect();
    assert_eq!(body(&by_name.text), by_address_body);
}

#[test]
fn norec_to_a_server_drops_rd_and_the_warning() {
    let out = dig("dig +norec NS example.test @ns1.example.test");
    assert!(
        out.text.contains(";; flags: qr aa; QUERY: 1,"),
        "{}",
        out.text
    );
    assert!(!out.text.contains("WARNING"), "{}", out.text);
}

#[test]
fn a_server_outside_the_name_refuses_and_nxdomain_comes_with_the_soa() {
    let refused = dig("dig www.example.test @ns1.hosting.example");
    assert!(refused.text.contains("status: REFUSED"), "{}", refused.text);
    assert!(
        refused
            .text
            .contains(";; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n")
    );
    assert_eq!(refused.rcode, Some(Rcode::Refused));

    let missing = dig("dig missing.example.test @ns2.example.test");
    assert!(
        missing.text.contains("status: NXDOMAIN"),
        "{}",
        missing.text
    );
    assert!(
        missing.text.contains(";; flags: qr aa rd;"),
        "{}",
        missing.text
    );
    let authority = section(&missing.text, "AUTHORITY");
    assert_eq!(authority.len(), 1);
    assert!(authority[0].contains("\tSOA\t"), "{}", missing.text);
}

#[test]
fn a_server_that_is_down_times_out() {
    let world = world_with(&["ns1-example-test"], Behaviour::Down);
    let out = dig_in(&world, "dig www.example.test @ns1.example.test");
    assert_eq!(
        out.text,
        "; <<>> DiG (DNS Lab) <<>> www.example.test @ns1.example.test\n\
         ; (1 server found)\n\
         ;; global options: +cmd\n\
         ;; communications error to 198.51.100.10#53: timed out\n\
         ;; communications error to 198.51.100.10#53: timed out\n\
         ;; communications error to 198.51.100.10#53: timed out\n\
         \n\
         ;; no servers could be reached\n"
    );
    assert_eq!(out.rcode, None);
    assert_eq!(out.message, None);
    assert_eq!(out.disposition, Some(Disposition::NoReply));
    // +short still says why nothing came, as dig does.
    let short = dig_in(&world, "dig +short www.example.test @198.51.100.10");
    assert!(short.text.ends_with(";; no servers could be reached\n"));
    assert!(!short.text.contains("<<>>"));
}

#[test]
fn a_host_with_several_addresses_is_asked_at_the_first() {
    let out = dig("dig NS example.test @ns2.example.test");
    assert!(
        out.text
            .contains("; (2 servers found; DNS Lab asks the first, 198.51.100.11)\n"),
        "{}",
        out.text
    );
    assert!(
        out.text
            .contains(";; SERVER: 198.51.100.11#53(ns2.example.test) (UDP)")
    );
}

#[test]
fn a_name_that_is_not_a_server_is_looked_up_or_not_found() {
    let looked_up = dig("dig example.test @www.example.test");
    assert!(
        looked_up.text.contains("; (1 server found: www.example.test. is not a simulated server's name; the simulated resolver gives its address as 198.51.100.80)"),
        "{}",
        looked_up.text
    );
    assert!(
        looked_up
            .text
            .contains(";; communications error to 198.51.100.80#53: timed out"),
        "nothing listens there: {}",
        looked_up.text
    );
    assert!(!looked_up.steps.is_empty(), "the look-up is shown");
    assert_eq!(
        looked_up.asked,
        Asked::Server {
            address: "198.51.100.80".parse::<IpAddr>().unwrap(),
            server: None,
            host: None
        }
    );

    let missing = dig("dig example.test @nowhere.test");
    assert_eq!(
        missing.text,
        "dig: couldn't get address for 'nowhere.test': not found\n"
    );
    assert_eq!(missing.asked, Asked::Nobody);
    assert_eq!(missing.rcode, None);
}

// ---- +short, +trace, determinism ----

#[test]
fn short_prints_only_the_answer_data() {
    assert_eq!(
        dig("dig +short www.example.test").text,
        "example.test.\n198.51.100.80\n"
    );
    assert_eq!(
        dig("dig example.test MX +short").text,
        "10 mail.example.test.\n"
    );
    assert_eq!(
        dig("dig +short TXT example.test @ns1.example.test").text,
        "\"v=spf1 mx -all\"\n"
    );
    assert_eq!(dig("dig +short missing.example.test").text, "");
    assert_eq!(
        dig("dig +short NS example.test @ns1.nic.test").text,
        "",
        "a referral has no answer"
    );
}

#[test]
fn trace_is_the_trace_renderer_of_a_fresh_resolution() {
    let world = world();
    for (line, name, rtype) in [
        ("dig +trace www.example.test", "www.example.test.", RType::A),
        ("dig MX example.test +trace", "example.test.", RType::MX),
        (
            "dig +trace missing.example.test AAAA",
            "missing.example.test.",
            RType::AAAA,
        ),
    ] {
        for config in [
            ResolverConfig::unbound_like(),
            ResolverConfig::bind_like().with_seed(7),
        ] {
            let question = Question::new(n(name), rtype);
            let steps: Vec<Step> = Resolution::new(question.clone(), config).run(&world);
            let expected = trace::render(&question, &steps);
            // The app's cache does not matter: +trace starts from the root.
            let mut warm = Resolution::new(question.clone(), config);
            warm.run(&world);
            let out = run(&parse(line).unwrap(), &world, config, warm.cache(), None);
            assert_eq!(out.text, expected, "{line}");
            assert_eq!(out.asked, Asked::Trace);
            assert_eq!(out.steps, steps);
        }
    }
}

#[test]
fn the_same_command_gives_the_same_text() {
    let world = world();
    for line in [
        "dig www.example.test",
        "dig NS example.test @ns1.nic.test",
        "dig +norec www.example.test",
        "dig +trace www.shop.test",
        "dig example.test @www.example.test",
    ] {
        let command = parse(line).unwrap();
        let first = run(
            &command,
            &world,
            ResolverConfig::bind_like(),
            &Cache::new(),
            None,
        );
        let second = run(
            &command,
            &world,
            ResolverConfig::bind_like(),
            &Cache::new(),
            None,
        );
        assert_eq!(first, second, "{line}");
    }
}

#[test]
fn the_resolvers_own_responses_print_as_dig_shows_them() {
    let world = world();
    let steps = Resolution::new(
        Question::new(n("www.example.test."), RType::A),
        ResolverConfig::default(),
    )
    .run(&world);
    let messages: Vec<_> = steps
        .iter()
        .filter_map(Step::exchange)
        .filter_map(|e| e.response.as_ref())
        .collect();
    let first = trace::dig_response(messages[0], 99);
    assert!(
        first.contains(";; flags: qr; QUERY: 1, ANSWER: 0,"),
        "{first}"
    );
    assert!(first.ends_with("\n;; MSG SIZE  rcvd: 99\n"), "{first}");
    let last = trace::dig_response(messages[messages.len() - 1], 0);
    assert!(last.contains(";; flags: qr aa; QUERY: 1,"), "{last}");
}

// ---- never a panic ----

fn any_config() -> impl Strategy<Value = ResolverConfig> {
    (any::<bool>(), 0u64..4).prop_map(|(bind, seed)| {
        let config = if bind {
            ResolverConfig::bind_like()
        } else {
            ResolverConfig::unbound_like()
        };
        config.with_seed(seed)
    })
}

/// Command lines made of the pieces people type, plus some noise.
fn plausible_line() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("dig".to_string()),
        Just("+trace".to_string()),
        Just("+short".to_string()),
        Just("+norec".to_string()),
        Just("+noshort".to_string()),
        Just("-t".to_string()),
        Just("-x".to_string()),
        Just("-c".to_string()),
        Just("IN".to_string()),
        Just("@".to_string()),
        prop::sample::select(vec![
            "www.example.test",
            "example.test.",
            "missing.example.test",
            "shop.test",
            "www.shop.test",
            "lab.example.test",
            ".",
            "test",
            "news.example",
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            "@ns1.nic.test",
            "@192.0.2.1",
            "@ns2.example.test",
            "@203.0.113.10",
            "@www.example.test",
            "@nowhere.test",
            "@2001:db8::11",
            "@10.9.9.9",
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            "A", "NS", "mx", "SOA", "TXT", "AAAA", "CNAME", "PTR", "SRV", "DS", "ANY"
        ])
        .prop_map(String::from),
        "[-+@a-z0-9.:\\\\]{0,12}",
    ];
    prop::collection::vec(token, 0..7).prop_map(|tokens| tokens.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parsing_any_text_never_panics(line in any::<String>()) {
        if let Err(error) = parse(&line) {
            prop_assert!(error.to_string().contains(USAGE));
        }
    }

    #[test]
    fn running_any_plausible_command_never_panics(line in plausible_line(), config in any_config()) {
        let world = world();
        if let Ok(command) = parse(&line) {
            let out = run(&command, &world, config, &Cache::new(), None);
            prop_assert!(out.text.is_empty() || out.text.ends_with('\n'));
            let again = run(&command, &world, config, &Cache::new(), None);
            prop_assert_eq!(out, again);
        }
    }
}

/// A command built by hand runs like a parsed one.
#[test]
fn commands_can_be_built_without_parsing() {
    let command = DigCommand {
        server: Some(ServerSpec::Host(n("ns1.nic.test."))),
        name: n("example.test."),
        rtype: RType::NS,
        trace: false,
        short: true,
        recurse: true,
        dnssec: false,
        checking_disabled: false,
        args: String::new(),
    };
    let out = run(
        &command,
        &world(),
        ResolverConfig::default(),
        &Cache::new(),
        None,
    );
    assert_eq!(out.text, "");
    assert_eq!(
        out.disposition,
        Some(Disposition::Referral {
            cut: n("example.test.")
        })
    );
}

/// The healthy delegation signed from the root down; with `old_ds`,
/// example.test. signed again with new keys while the registrar keeps the
/// old DS.
fn signed_world(old_ds: bool) -> World {
    let scenario = if old_ds {
        crate::support::signed::broken("dnssec-old-ds")
    } else {
        crate::support::signed::all_signed()
    };
    scenario.load().unwrap()
}

fn dig_validating(world: &World, line: &str) -> DigOutput {
    let command = parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    let config = ResolverConfig::default().with_validation(true);
    let crypto = std::rc::Rc::new(dns_lab::sim::dnssec::RustCrypto);
    run(&command, world, config, &Cache::new(), Some(crypto))
}

fn flags(out: &DigOutput) -> String {
    out.text
        .lines()
        .find_map(|l| l.strip_prefix(";; flags: "))
        .and_then(|l| l.split(';').next())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_ad_flag_and_dnssec_show_what_the_validator_checked() {
    let world = signed_world(false);
    let out = dig_validating(&world, "www.example.test +dnssec");
    assert_eq!(flags(&out), "qr rd ra ad", "{}", out.text);
    let answer = section(&out.text, "ANSWER");
    assert!(answer.iter().any(|l| l.contains("\tA\t")), "{answer:?}");
    assert!(
        answer.iter().any(|l| l.contains("\tRRSIG\tA ")),
        "{answer:?}"
    );
    // Without +dnssec, the same answer and flags, no RRSIG.
    let plain = dig_validating(&world, "www.example.test");
    assert_eq!(flags(&plain), "qr rd ra ad");
    assert!(!plain.text.contains("RRSIG"));
    // A proved NXDOMAIN brings its NSEC records along.
    let nx = dig_validating(&world, "nothing.example.test +dnssec");
    assert_eq!(flags(&nx), "qr rd ra ad");
    let authority = section(&nx.text, "AUTHORITY");
    assert!(
        authority.iter().any(|l| l.contains("\tNSEC\t")),
        "{authority:?}"
    );
    // Not validating: no ad.
    let unvalidated = dig_in(&world, "www.example.test");
    assert_eq!(flags(&unvalidated), "qr rd ra");
}

#[test]
fn checking_disabled_hands_over_bogus_data() {
    let world = signed_world(true);
    let bogus = dig_validating(&world, "www.example.test");
    assert_eq!(bogus.rcode, Some(Rcode::ServFail));
    assert!(
        bogus.text.contains("; EDE: 9 (DNSKEY Missing)"),
        "{}",
        bogus.text
    );
    let cd = dig_validating(&world, "www.example.test +cd");
    assert_eq!(cd.rcode, Some(Rcode::NoError));
    assert_eq!(flags(&cd), "qr rd ra cd", "{}", cd.text);
    assert!(section(&cd.text, "ANSWER")[0].contains("198.51.100.80"));
}

#[test]
fn ds_and_dnskey_can_be_asked_of_any_server() {
    let world = signed_world(false);
    // The parent's server answers for the DS, with its signature.
    let ds = dig_in(&world, "DS example.test @ns1.nic.test +dnssec");
    let answer = section(&ds.text, "ANSWER");
    assert!(answer.iter().any(|l| l.contains("\tDS\t")), "{}", ds.text);
    assert!(
        answer.iter().any(|l| l.contains("\tRRSIG\tDS ")),
        "{}",
        ds.text
    );
    assert!(flags(&ds).contains("aa"));
    // The child's server holds no DS: a NODATA from its own zone.
    let child = dig_in(&world, "DS example.test @ns1.dnshost.test");
    assert_eq!(child.rcode, Some(Rcode::NoError));
    assert!(section(&child.text, "ANSWER").is_empty());
    let keys = dig_in(&world, "DNSKEY example.test @ns1.dnshost.test +dnssec");
    let answer = section(&keys.text, "ANSWER");
    assert!(answer.iter().filter(|l| l.contains("\tDNSKEY\t")).count() >= 2);
    assert!(answer.iter().any(|l| l.contains("\tRRSIG\tDNSKEY ")));
    // A referral from a signed parent carries the DS with +dnssec.
    let referral = dig_in(&world, "www.example.test @ns1.nic.test +dnssec");
    let authority = section(&referral.text, "AUTHORITY");
    assert!(
        authority.iter().any(|l| l.contains("\tDS\t")),
        "{authority:?}"
    );
    // And proves the absence of one for an unsigned child.
    let insecure = dig_in(&world, "ns1.dnshost.test @ns1.nic.test +dnssec");
    let authority = section(&insecure.text, "AUTHORITY");
    assert!(
        authority.iter().any(|l| l.contains("\tNSEC\t")),
        "{authority:?}"
    );
}
