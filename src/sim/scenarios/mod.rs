//! Built-in scenarios: JSON files in this folder, shared with the tests, so
//! what a learner opens is exactly what is tested. The command line and the
//! tests have them all compiled in; the web app only the default one, and
//! fetches the others when a learner opens them (the build writes them beside
//! the page, where the service worker keeps them for offline use).
//!
//! Each file is a small world with a [`Lesson`](super::lesson::Lesson): a
//! story, the query to try, the outcome under each resolver preset and,
//! mostly, a fix-it challenge. The default scenario comes first; the others
//! follow in the order of their categories (basics, glue, migrations,
//! delegation, failures, CNAMEs). A file's name is its lesson's id.

use super::scenario::Scenario;

/// The file behind the default scenario, as a user could import it.
pub const DEFAULT_SCENARIO_JSON: &str = include_str!("default.json");

macro_rules! built_in {
    ($($id:literal),* $(,)?) => {
        &[
            ("default", DEFAULT_SCENARIO_JSON),
            $(($id, include_str!(concat!($id, ".json")))),*
        ]
    };
}

/// Every built-in scenario: its id (the file's stem and the lesson's id)
/// and its JSON, in the order the library lists them. In the web app, only
/// the default one.
#[cfg(target_arch = "wasm32")]
pub const BUILT_IN: &[(&str, &str)] = built_in![];

/// Every built-in scenario: its id (the file's stem and the lesson's id)
/// and its JSON, in the order the library lists them.
#[cfg(not(target_arch = "wasm32"))]
pub const BUILT_IN: &[(&str, &str)] = built_in![
    // Basics.
    "healthy-delegation",
    "subdomain-delegation",
    "vanity-name-servers",
    "nxdomain-vs-nodata",
    "wildcard",
    "real-root-zone",
    // Glue.
    "missing-glue",
    "glue-after-renumbering",
    // Migrations.
    "registrar-vs-zone-ns",
    "provider-move-wrong-order",
    "provider-move-right-order",
    "lower-ttls-before-move",
    // Delegation.
    "circular-without-glue",
    "circular-with-glue",
    "lame-one-good",
    "lame-none-good",
    "ns-is-cname",
    "ns-is-ip-address",
    "missing-trailing-dot",
    // Failures.
    "one-server-down",
    "only-server-down",
    "stale-secondary",
    // CNAMEs.
    "cname-chain",
    "cname-loop",
    "dname",
];

/// The scenario the app opens with: a small, healthy world.
pub fn default_scenario() -> Scenario {
    Scenario::from_json(DEFAULT_SCENARIO_JSON).expect("the built-in default scenario is valid JSON")
}

/// The id of the built-in scenario around the real root zone. Its file holds
/// the story and the lesson; the world is built from the zone file when the
/// scenario is opened ([`around_root_zone`]): compiled into the command line
/// and the tests, fetched by the web app (never part of the wasm).
pub const REAL_ROOT_ZONE: &str = "real-root-zone";

/// Where the real root zone is kept, from the crate's root: the build
/// publishes it beside the page (`src/bin/prerender.rs`).
pub const ROOT_ZONE_PATH: &str = "assets/examples/root.zone";

/// The real root zone (the file at [`ROOT_ZONE_PATH`]), as the command line
/// and the tests have it.
#[cfg(not(target_arch = "wasm32"))]
pub const ROOT_ZONE_FILE: &str = include_str!("../../../assets/examples/root.zone");

/// The built-in scenario with this id, if there is one.
pub fn built_in(id: &str) -> Option<Scenario> {
    let (id, json) = BUILT_IN.iter().find(|(known, _)| *known == id)?;
    complete(id, Scenario::from_json(json).ok()?)
}

/// Every built-in scenario, in library order, the default first.
pub fn library() -> Vec<Scenario> {
    BUILT_IN
        .iter()
        .filter_map(|(id, json)| complete(id, Scenario::from_json(json).ok()?))
        .collect()
}

/// The built-in scenario `id` as it opens: the real root zone's world gets
/// its root.
fn complete(id: &str, scenario: Scenario) -> Option<Scenario> {
    #[cfg(not(target_arch = "wasm32"))]
    if id == REAL_ROOT_ZONE {
        return around_root_zone(scenario, ROOT_ZONE_FILE).ok();
    }
    #[cfg(target_arch = "wasm32")]
    let _ = id;
    Some(scenario)
}

/// `scenario` (its story and lesson) around `text`, a root zone such as the
/// one IANA publishes (the shipped copy is `assets/examples/root.zone`):
/// one server for each name its apex NS set lists, at the addresses its
/// glue gives, loading it, and nothing else. The world is open
/// ([`Scenario::open_world`]): everything the root delegates lies outside
/// it until the learner builds it, and resolution reaches the real TLDs'
/// addresses, where nothing listens.
pub fn around_root_zone(
    scenario: Scenario,
    text: &str,
) -> Result<Scenario, super::zonefile::ZoneFileError> {
    use super::name::Name;
    use super::scenario::ZoneSource;
    use super::server::{Behaviour, Server};
    use std::collections::BTreeMap;

    let root = Name::root();
    let zone = super::zonefile::parse_zone(text, &root)?.zone;
    // The world is dated when the zone was current: once its newest
    // signature became valid, so its KSK is the trust anchor then and its
    // signatures validate (an unsigned zone keeps the template's date).
    let epoch = super::dnssec::sign::signature_window(zone.records(), scenario.epoch)
        .map_or(scenario.epoch, |(inception, _)| inception);
    let mut world = Scenario {
        epoch,
        servers: Vec::new(),
        zones: vec![ZoneSource {
            apex: root.clone(),
            text: text.to_string(),
            signing: None,
        }],
        open_world: true,
        ..scenario
    };
    for host in zone.apex_ns() {
        let server = Server {
            id: world.new_server_id(host),
            host: host.clone(),
            addresses: zone
                .records_at(host)
                .iter()
                .filter_map(|r| r.data.address())
                .collect(),
            zones: vec![root.clone()],
            behaviour: Behaviour::Up,
            diverged: BTreeMap::new(),
        };
        world.servers.push(server);
    }
    Ok(world)
}

/// A large, healthy world for benchmarks and property tests: the root, ten
/// TLDs, one provider zone and domains up to `zone_count` zones in all.
/// Every zone below the root has two name servers, as RFC 1034 asks, so a
/// healthy generated world gives no findings. Every domain is hosted by the
/// provider, whose name servers live in `provider.tld0.`. It is built from
/// text like any scenario, so loading it exercises the zone-file reader too.
pub fn generated_world(zone_count: usize) -> Scenario {
    use super::name::Name;
    use super::scenario::{SCENARIO_VERSION, ZoneSource};
    use super::server::{Behaviour, Server, ServerId};
    use std::collections::BTreeMap;
    use std::net::{IpAddr, Ipv4Addr};

    const TLDS: usize = 10;
    const PROVIDER: &str = "provider.tld0.";
    let name = |text: &str| Name::parse(text).expect("generated names are valid");
    let address = |n: usize| IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n as u32));
    let soa = |apex: &str| {
        format!("$TTL 3600\n{apex} SOA ns1.{apex} hostmaster.{apex} 1 7200 3600 1209600 300\n")
    };
    let server = |id: String, host: &str, addr: IpAddr, loads: &[String]| Server {
        id: ServerId(id),
        host: name(host),
        addresses: vec![addr],
        zones: loads.iter().map(|z| name(z)).collect(),
        behaviour: Behaviour::Up,
        diverged: BTreeMap::new(),
    };
    // A delegation (or apex NS set) to two in-domain servers, with glue.
    let delegation = |apex: &str, addrs: [IpAddr; 2]| {
        format!(
            "{apex} NS ns1.{apex}\n{apex} NS ns2.{apex}\nns1.{apex} A {}\nns2.{apex} A {}\n",
            addrs[0], addrs[1]
        )
    };

    let root_host = "a.root-servers.tld0.";
    let mut servers = vec![server("root".into(), root_host, address(1), &[".".into()])];
    let mut root_text = format!(
        "$TTL 86400\n. SOA {root_host} hostmaster.tld0. 1 1800 900 604800 86400\n. NS {root_host}\n{root_host} A {}\n",
        address(1)
    );
    let mut tld_texts = Vec::new();
    for t in 0..TLDS {
        let tld = format!("tld{t}.");
        let addrs = [address(10 + 2 * t), address(11 + 2 * t)];
        root_text.push_str(&delegation(&tld, addrs));
        tld_texts.push(format!("{}{}", soa(&tld), delegation(&tld, addrs)));
        for (i, addr) in addrs.into_iter().enumerate() {
            let n = i + 1;
            servers.push(server(
                format!("tld{t}-{n}"),
                &format!("ns{n}.{tld}"),
                addr,
                std::slice::from_ref(&tld),
            ));
        }
    }
    tld_texts[0].push_str(&format!("{root_host} A {}\n", address(1)));

    let provider_addrs = [address(100), address(101)];
    tld_texts[0].push_str(&delegation(PROVIDER, provider_addrs));
    let mut zones = vec![ZoneSource {
        apex: name(PROVIDER),
        text: format!("{}{}", soa(PROVIDER), delegation(PROVIDER, provider_addrs)),
        signing: None,
    }];
    let mut provider_loads = vec![PROVIDER.to_string()];
    for d in 0..zone_count.saturating_sub(TLDS + 2) {
        let domain = format!("d{d}.tld{}.", d % TLDS);
        let ns = format!("{domain} NS ns1.{PROVIDER}\n{domain} NS ns2.{PROVIDER}\n");
        tld_texts[d % TLDS].push_str(&ns);
        zones.push(ZoneSource {
            apex: name(&domain),
            text: format!("{}{ns}www.{domain} A {}\n", soa(&domain), address(1000 + d)),
            signing: None,
        });
        provider_loads.push(domain);
    }
    for (i, addr) in provider_addrs.into_iter().enumerate() {
        let n = i + 1;
        servers.push(server(
            format!("provider-{n}"),
            &format!("ns{n}.{PROVIDER}"),
            addr,
            &provider_loads,
        ));
    }
    zones.push(ZoneSource {
        apex: Name::root(),
        text: root_text,
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
        title: format!("A generated world of {zone_count} zones"),
        description: "Generated for benchmarks and property tests.".into(),
        servers,
        zones,
        lesson: None,
        open_world: false,
        epoch: Default::default(),
        trust_anchor: None,
    }
}
