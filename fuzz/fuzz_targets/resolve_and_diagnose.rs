//! Resolution and diagnostics on arbitrary worlds: a built-in scenario
//! changed by a sequence of edits the bytes choose (servers down, zones
//! unloaded, diverged, removed, records added), then diagnosed and resolved
//! under both presets. Nothing panics, the hierarchy's invariants hold, and
//! every resolution ends within the resolver's limits.
#![no_main]

use std::net::{IpAddr, Ipv4Addr};

use dns_lab::sim::authority::Question;
use dns_lab::sim::diagnose::diagnose_with;
use dns_lab::sim::hierarchy::Hierarchy;
use dns_lab::sim::name::Name;
use dns_lab::sim::record::{RData, RType, Record};
use dns_lab::sim::resolver::{Preset, Resolution, ResolverConfig};
use dns_lab::sim::scenario::Behaviour;
use dns_lab::sim::scenarios::{BUILT_IN, built_in};
use dns_lab::sim::zonefile::edit_records;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, ops)) = bytes.split_first() else {
        return;
    };
    let (id, _) = BUILT_IN[pick as usize % BUILT_IN.len()];
    let mut scenario = built_in(id).expect("built-in scenarios load");
    for op in ops.chunks(4).take(24) {
        let [kind, a, b, c] = [
            op[0],
            *op.get(1).unwrap_or(&0),
            *op.get(2).unwrap_or(&0),
            *op.get(3).unwrap_or(&0),
        ];
        let servers = scenario.servers.len().max(1);
        let zones = scenario.zones.len().max(1);
        let server = scenario
            .servers
            .get(a as usize % servers)
            .map(|s| s.id.clone());
        let apex = scenario
            .zones
            .get(b as usize % zones)
            .map(|z| z.apex.clone());
        let (Some(server), Some(apex)) = (server, apex) else {
            break;
        };
        let _ = match kind % 7 {
            0 => {
                if let Some(s) = scenario.servers.iter_mut().find(|s| s.id == server) {
                    s.behaviour =
                        [Behaviour::Up, Behaviour::Down, Behaviour::Refusing][c as usize % 3];
                }
                Ok(())
            }
            1 => scenario.set_loads(&server, &apex, c % 2 == 0),
            2 => scenario.set_diverged(&server, &apex, c % 2 == 0),
            3 => scenario.remove_zone(&apex, c % 2 == 0),
            4 => scenario.remove_server(&server),
            5 => {
                let address = IpAddr::V4(Ipv4Addr::new(203, 0, 113, c));
                let host = scenario.server(&server).map(|s| s.host.clone());
                match host {
                    Some(host) => scenario.update_server(&server, host, vec![address]),
                    None => Ok(()),
                }
            }
            _ => {
                let Ok(owner) = apex.child(&[b'a' + c % 26]) else {
                    continue;
                };
                let record = Record::new(owner, 300, RData::A(Ipv4Addr::new(198, 51, 100, c)));
                if let Some(zone) = scenario.zones.iter_mut().find(|z| z.apex == apex)
                    && let Ok(text) = edit_records(&zone.text, &apex, |_| false, &[record])
                {
                    zone.text = text;
                }
                Ok(())
            }
        };
    }
    let Ok(world) = scenario.load() else {
        return;
    };
    let hierarchy = Hierarchy::build(&world);
    hierarchy.verify().expect("the hierarchy's invariants hold");
    let _ = diagnose_with(&world, &hierarchy);
    let names = [
        "www.example.test.",
        "example.test.",
        "www.shop.test.",
        "nothing.test.",
    ];
    let name = Name::parse(names[pick as usize % names.len()]).expect("valid names");
    for preset in [Preset::UnboundLike, Preset::BindLike] {
        let config = ResolverConfig::preset(preset).with_seed(u64::from(pick));
        let mut resolution = Resolution::new(Question::new(name.clone(), RType::A), config);
        let steps = resolution.run(&world);
        assert!(resolution.outcome().is_some(), "the resolution ended");
        assert!(steps.len() < 2_000, "{} steps", steps.len());
    }
});
