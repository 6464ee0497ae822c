//! Properties of the resolver over generated worlds with random breakage:
//! missing and wrong glue, name servers in other zones (so cycles), dangling
//! and IP-literal NS names, NS names that are aliases, parent/child NS
//! mismatches, lame, refusing and silent servers, and CNAMEs between zones
//! (so CNAME loops). Whatever the world and configuration:
//! - every resolution ends, within its work limits, without panicking;
//! - the same world, configuration and seed give the same trace;
//! - a failure always says why.

use dns_lab::sim::authority::Question;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{
    Event, NsSetPolicy, Outcome, Resolution, ResolverConfig, ServerSelection, trace,
};
use dns_lab::sim::scenario::{SCENARIO_VERSION, Scenario, ZoneSource};
use dns_lab::sim::server::{Behaviour, Server, ServerId};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// Where one NS record of a domain points.
#[derive(Clone, Debug)]
enum NsTarget {
    /// `ns{k}.` inside the domain itself.
    InDomain(u8),
    /// The first name server name of another domain (which may not exist).
    InOther(usize),
    /// A name in a zone nobody delegates.
    Dangling,
    /// `192.0.2.N.`, an IP address written as a name.
    IpLiteral,
    /// `alias.` of another domain, a CNAME to that domain's `ns1.`.
    Alias(usize),
}

#[derive(Clone, Debug)]
struct NsPlan {
    target: NsTarget,
    /// The parent carries glue for it (when it is in-domain or a sibling).
    glue: bool,
    /// The glue carries a wrong address.
    wrong_glue: bool,
    behaviour: Behaviour,
    /// The server behind it loads the zone.
    loads: bool,
}

#[derive(Clone, Debug)]
struct DomainPlan {
    tld: usize,
    ns: Vec<NsPlan>,
    /// The child's apex NS set drops the first name or adds another.
    child_ns_differs: bool,
    /// `www.` is a CNAME to `www.` of that domain instead of an address.
    www_alias: Option<usize>,
}

#[derive(Clone, Debug)]
struct Plan {
    tlds: usize,
    domains: Vec<DomainPlan>,
    query_domain: usize,
    query_label: &'static str,
    query_type: RType,
    config: ResolverConfig,
}

fn ns_plan() -> impl Strategy<Value = NsPlan> {
    let target = prop_oneof![
        4 => (1u8..3).prop_map(NsTarget::InDomain),
        3 => (0usize..6).prop_map(NsTarget::InOther),
        1 => Just(NsTarget::Dangling),
        1 => Just(NsTarget::IpLiteral),
        1 => (0usize..6).prop_map(NsTarget::Alias),
    ];
    let behaviour = prop_oneof![
        6 => Just(Behaviour::Up),
        1 => Just(Behaviour::Down),
        1 => Just(Behaviour::Refusing),
    ];
    (
        target,
        any::<bool>(),
        prop::bool::weighted(0.15),
        behaviour,
        prop::bool::weighted(0.85),
    )
        .prop_map(|(target, glue, wrong_glue, behaviour, loads)| NsPlan {
            target,
            glue,
            wrong_glue,
            behaviour,
            loads,
        })
}

fn domain_plan() -> impl Strategy<Value = DomainPlan> {
    (
        0usize..3,
        prop::collection::vec(ns_plan(), 1..4),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.3, 0usize..6),
    )
        .prop_map(|(tld, ns, child_ns_differs, www_alias)| DomainPlan {
            tld,
            ns,
            child_ns_differs,
            www_alias,
        })
}

fn config() -> impl Strategy<Value = ResolverConfig> {
    (
        any::<bool>(),
        any::<bool>(),
        0usize..3,
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(bind, minimise, selection, parent_centric, seed)| {
            let base = if bind {
                ResolverConfig::bind_like()
            } else {
                ResolverConfig::unbound_like()
            };
            ResolverConfig {
                qname_minimisation: minimise,
                selection: [
                    ServerSelection::ListedOrder,
                    ServerSelection::RoundRobin,
                    ServerSelection::Random,
                ][selection],
                ns_set: if parent_centric {
                    NsSetPolicy::ParentCentric
                } else {
                    NsSetPolicy::ChildCentric
                },
                ..base.with_seed(seed)
            }
        })
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        1usize..4,
        prop::collection::vec(domain_plan(), 1..7),
        0usize..6,
        prop::sample::select(vec!["www", "alias", "ns1", "nothing", "a.b"]),
        prop::sample::select(vec![
            RType::A,
            RType::AAAA,
            RType::NS,
            RType::MX,
            RType::TXT,
        ]),
        config(),
    )
        .prop_map(
            |(tlds, domains, query_domain, query_label, query_type, config)| Plan {
                tlds,
                domains,
                query_domain,
                query_label,
                query_type,
                config,
            },
        )
}

fn name(text: &str) -> Name {
    Name::parse(text).expect("generated names are valid")
}

impl Plan {
    fn domain(&self, i: usize) -> String {
        let i = i % self.domains.len();
        format!("d{i}.tld{}.", self.domains[i].tld % self.tlds)
    }

    fn host(&self, d: usize, ns: &NsPlan) -> String {
        match ns.target {
            NsTarget::InDomain(k) => format!("ns{k}.{}", self.domain(d)),
            NsTarget::InOther(j) => format!("ns1.{}", self.domain(j)),
            NsTarget::Dangling => "ns.gone.tld0.".into(),
            NsTarget::IpLiteral => format!("192.0.2.{}.", d + 1),
            NsTarget::Alias(j) => format!("alias.{}", self.domain(j)),
        }
    }

    fn scenario(&self) -> Scenario {
        let soa = |apex: &str| {
            format!(
                "$ORIGIN {apex}\n$TTL 300\n@ SOA ns1.tld0. hostmaster.tld0. 1 3600 600 86400 60\n"
            )
        };
        let address = |a: u8, b: usize, c: usize| -> IpAddr {
            format!("10.{a}.{}.{}", b % 250, c % 250).parse().unwrap()
        };
        let mut servers: BTreeMap<String, Server> = BTreeMap::new();
        let mut add_server = |host: &str, addr: IpAddr, zone: Option<&str>, behaviour| {
            let server = servers.entry(host.to_string()).or_insert_with(|| Server {
                id: ServerId(host.to_string()),
                host: name(host),
                addresses: vec![addr],
                zones: Vec::new(),
                behaviour,
                diverged: BTreeMap::new(),
            });
            if let Some(zone) = zone
                && !server.zones.contains(&name(zone))
            {
                server.zones.push(name(zone));
            }
        };

        let mut root = format!(
            "$ORIGIN .\n$TTL 300\n. SOA a.root. hostmaster.tld0. 1 3600 600 86400 60\n. NS a.root.\na.root. A {}\n",
            address(0, 0, 1)
        );
        add_server("a.root.", address(0, 0, 1), Some("."), Behaviour::Up);
        let mut tld_texts: Vec<String> = (0..self.tlds)
            .map(|t| {
                let tld = format!("tld{t}.");
                let host = format!("ns1.{tld}");
                root.push_str(&format!("{tld} NS {host}\n{host} A {}\n", address(0, t, 2)));
                add_server(&host, address(0, t, 2), Some(&tld), Behaviour::Up);
                format!("{}@ NS {host}\n{host} A {}\n", soa(&tld), address(0, t, 2))
            })
            .collect();

        let mut zones = Vec::new();
        // Domains may repeat (two plans mapping to one name); keep the first.
        let mut seen = Vec::new();
        for (d, plan) in self.domains.iter().enumerate() {
            let apex = self.domain(d);
            if seen.contains(&apex) {
                continue;
            }
            seen.push(apex.clone());
            let tld = plan.tld % self.tlds;
            let mut child = soa(&apex);
            let hosts: Vec<String> = plan.ns.iter().map(|ns| self.host(d, ns)).collect();
            for (i, (ns, host)) in plan.ns.iter().zip(&hosts).enumerate() {
                let real = address(1, d, i + 1);
                tld_texts[tld].push_str(&format!("{apex} NS {host}\n"));
                let under_tld = host.ends_with(&format!(".tld{tld}."));
                if ns.glue && under_tld && !matches!(ns.target, NsTarget::Alias(_)) {
                    let glue = if ns.wrong_glue {
                        address(2, d, i + 1)
                    } else {
                        real
                    };
                    tld_texts[tld].push_str(&format!("{host} A {glue}\n"));
                }
                if !(plan.child_ns_differs && i == 0) {
                    child.push_str(&format!("@ NS {host}\n"));
                }
                if let NsTarget::InDomain(_) = ns.target {
                    child.push_str(&format!("{host} A {real}\n"));
                    let loads = ns.loads.then_some(apex.as_str());
                    add_server(host, real, loads, ns.behaviour);
                }
            }
            if plan.child_ns_differs {
                child.push_str(&format!("@ NS ns9.{apex}\nns9 A {}\n", address(1, d, 9)));
                add_server(
                    &format!("ns9.{apex}"),
                    address(1, d, 9),
                    Some(&apex),
                    Behaviour::Up,
                );
            }
            if !child.contains("@ NS") {
                child.push_str(&format!("@ NS {}\n", hosts[0]));
            }
            match plan.www_alias {
                Some(j) => child.push_str(&format!("www CNAME www.{}\n", self.domain(j))),
                None => child.push_str("www A 192.0.2.80\nwww TXT \"hello\"\n"),
            }
            child.push_str(&format!(
                "alias CNAME ns1.{apex}\n@ MX 10 www\nx.a.b A 192.0.2.81\n"
            ));
            zones.push(ZoneSource {
                apex: name(&apex),
                text: child,
                signing: None,
            });
        }
        zones.push(ZoneSource {
            apex: Name::root(),
            text: root,
            signing: None,
        });
        for (t, text) in tld_texts.into_iter().enumerate() {
            zones.push(ZoneSource {
                apex: name(&format!("tld{t}.")),
                text,
                signing: None,
            });
        }
        Scenario {
            version: SCENARIO_VERSION,
            title: "generated".into(),
            description: String::new(),
            servers: servers.into_values().collect(),
            zones,
            lesson: None,
            open_world: false,
            epoch: Default::default(),
            trust_anchor: None,
        }
    }

    fn question(&self) -> Question {
        let domain = self.domain(self.query_domain);
        Question::new(
            name(&format!("{}.{domain}", self.query_label)),
            self.query_type,
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_resolution_ends_within_its_limits_and_replays_identically(plan in plan()) {
        let scenario = plan.scenario();
        let world = scenario.load().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let question = plan.question();
        let limits = plan.config.limits;

        let mut resolution = Resolution::new(question.clone(), plan.config);
        let mut steps = Vec::new();
        // Far more than any bounded resolution needs; reaching it means a loop.
        let step_bound = 8 * (limits.max_queries + limits.max_target_fetches + limits.max_cname_restarts) as usize + 16;
        while !resolution.is_done() {
            prop_assert!(steps.len() < step_bound, "no end after {} steps", steps.len());
            steps.push(resolution.step(&world));
        }
        let budget = resolution.budget();
        prop_assert!(budget.queries <= limits.max_queries);
        prop_assert!(budget.referrals <= limits.max_referrals);
        prop_assert!(budget.target_fetches <= limits.max_target_fetches);
        prop_assert!(budget.cname_restarts <= limits.max_cname_restarts + 1);
        prop_assert!(steps.iter().all(|s| s.depth <= limits.max_dependency_depth as usize + 1));
        for (i, step) in steps.iter().enumerate() {
            prop_assert_eq!(step.index, i);
            prop_assert!(!step.explanation().is_empty());
        }
        let outcome = resolution.outcome().cloned();
        prop_assert!(matches!(steps.last().map(|s| &s.event), Some(Event::Done(_))));
        if let Some(Outcome::ServFail { failure, .. }) = &outcome {
            prop_assert!(!failure.title().is_empty());
        }

        let again = Resolution::new(question.clone(), plan.config).run(&world);
        prop_assert_eq!(trace::render(&question, &steps), trace::render(&question, &again));

        // A second resolution from the first one's cache ends too.
        let mut cached = Resolution::with_cache(question.clone(), plan.config, resolution.into_cache());
        let second = cached.run(&world);
        prop_assert!(second.len() < step_bound);
    }
}

/// The property above only means something if the generator really makes
/// broken worlds: sample it and check each kind of ending turns up.
#[test]
fn the_generator_reaches_every_kind_of_ending() {
    use dns_lab::sim::resolver::Failure;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..600 {
        let plan = plan().new_tree(&mut runner).unwrap().current();
        let world = plan.scenario().load().unwrap();
        let mut resolution = Resolution::new(plan.question(), plan.config);
        resolution.run(&world);
        let kind = match resolution.outcome().unwrap() {
            Outcome::Answer { answer } if answer.len() > 1 => "answer after CNAME",
            Outcome::Answer { .. } => "answer",
            Outcome::NXDomain { .. } => "NXDOMAIN",
            Outcome::YXDomain { .. } => "YXDOMAIN",
            Outcome::NoData { .. } => "NODATA",
            Outcome::ServFail {
                failure: Failure::Cycle(_),
                ..
            } => "cycle",
            Outcome::ServFail {
                failure: Failure::CnameLoop { .. },
                ..
            } => "CNAME loop",
            Outcome::ServFail {
                failure: Failure::NoReachableAuthority { .. },
                ..
            } => "no reachable authority",
            Outcome::ServFail {
                failure: Failure::NsAlias { .. },
                ..
            } => "NS alias",
            Outcome::ServFail {
                failure: Failure::LimitReached(_),
                ..
            } => "limit",
            Outcome::ServFail {
                failure: Failure::NoRootHints,
                ..
            } => "no root hints",
            Outcome::ServFail {
                failure: Failure::Bogus(_),
                ..
            } => unreachable!("these plans do not validate"),
        };
        seen.insert(kind);
    }
    for kind in [
        "answer",
        "answer after CNAME",
        "NXDOMAIN",
        "NODATA",
        "cycle",
        "CNAME loop",
        "no reachable authority",
    ] {
        assert!(seen.contains(kind), "never saw {kind}; saw {seen:?}");
    }
}
