//! Random sequences of the edits a user can make, as the app's reducer
//! takes them: the generators the property tests share.

use std::net::{IpAddr, Ipv4Addr};

use dns_lab::sim::record::{RData, Record};
use dns_lab::sim::scenario::Behaviour;
use dns_lab::ui::state::{Action, CopyRef, Lab};
use proptest::prelude::*;

/// One user action, with indices resolved against the world at the time.
#[derive(Clone, Debug)]
pub enum Op {
    AddZone {
        under: usize,
        label: u8,
        servers: Vec<usize>,
        delegate: bool,
    },
    RemoveZone {
        zone: usize,
        delegation: bool,
    },
    AddServer {
        label: u8,
        address: u8,
        zones: Vec<usize>,
    },
    RemoveServer(usize),
    Renumber {
        server: usize,
        address: u8,
    },
    Loads {
        server: usize,
        zone: usize,
        on: bool,
    },
    Diverge {
        server: usize,
        zone: usize,
        on: bool,
    },
    Status {
        server: usize,
        status: u8,
    },
    AddRecord {
        zone: usize,
        label: u8,
        address: u8,
    },
    RemoveRecord {
        zone: usize,
        nth: usize,
    },
    Query {
        zone: usize,
    },
    Undo,
    Redo,
}

pub fn op() -> impl Strategy<Value = Op> {
    let idx = 0usize..64;
    prop_oneof![
        (
            idx.clone(),
            0u8..6,
            prop::collection::vec(0usize..64, 0..3),
            any::<bool>()
        )
            .prop_map(|(under, label, servers, delegate)| Op::AddZone {
                under,
                label,
                servers,
                delegate
            }),
        (idx.clone(), any::<bool>())
            .prop_map(|(zone, delegation)| Op::RemoveZone { zone, delegation }),
        (0u8..6, any::<u8>(), prop::collection::vec(0usize..64, 0..3)).prop_map(
            |(label, address, zones)| Op::AddServer {
                label,
                address,
                zones
            }
        ),
        idx.clone().prop_map(Op::RemoveServer),
        (idx.clone(), any::<u8>()).prop_map(|(server, address)| Op::Renumber { server, address }),
        (idx.clone(), idx.clone(), any::<bool>()).prop_map(|(server, zone, on)| Op::Loads {
            server,
            zone,
            on
        }),
        (idx.clone(), idx.clone(), any::<bool>()).prop_map(|(server, zone, on)| Op::Diverge {
            server,
            zone,
            on
        }),
        (idx.clone(), 0u8..3).prop_map(|(server, status)| Op::Status { server, status }),
        (idx.clone(), 0u8..6, any::<u8>()).prop_map(|(zone, label, address)| Op::AddRecord {
            zone,
            label,
            address
        }),
        (idx.clone(), 0usize..32).prop_map(|(zone, nth)| Op::RemoveRecord { zone, nth }),
        idx.prop_map(|zone| Op::Query { zone }),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn address(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(203, 0, 113, n))
}

/// The action `op` stands for in `lab`, or `None` when the world is too
/// small for it.
pub fn action(lab: &Lab, op: &Op) -> Option<Action> {
    let scenario = &lab.loaded.scenario;
    let zone = |i: usize| {
        scenario
            .zones
            .get(i % scenario.zones.len().max(1))
            .map(|z| z.apex.clone())
    };
    let server = |i: usize| {
        scenario
            .servers
            .get(i % scenario.servers.len().max(1))
            .map(|s| s.id.clone())
    };
    let label = |n: u8| ["a", "b", "ns1", "ns2", "www", "x"][n as usize % 6].as_bytes();
    Some(match op.clone() {
        Op::AddZone {
            under,
            label: l,
            servers,
            delegate,
        } => Action::AddZone {
            apex: zone(under)?.child(label(l)).ok()?,
            servers: servers.into_iter().filter_map(server).collect(),
            delegate,
        },
        Op::RemoveZone {
            zone: z,
            delegation,
        } => Action::RemoveZone {
            apex: zone(z)?,
            remove_delegation: delegation,
        },
        Op::AddServer {
            label: l,
            address: a,
            zones,
        } => Action::AddServer {
            host: zone(l as usize)?.child(label(l)).ok()?,
            addresses: vec![address(a)],
            zones: zones.into_iter().filter_map(zone).collect(),
        },
        Op::RemoveServer(s) => Action::RemoveServer(server(s)?),
        Op::Renumber {
            server: s,
            address: a,
        } => {
            let id = server(s)?;
            let host = scenario.server(&id)?.host.clone();
            Action::UpdateServer {
                id,
                host,
                addresses: vec![address(a)],
            }
        }
        Op::Loads {
            server: s,
            zone: z,
            on,
        } => Action::SetLoads {
            server: server(s)?,
            apex: zone(z)?,
            loads: on,
        },
        Op::Diverge {
            server: s,
            zone: z,
            on,
        } => Action::SetDiverged {
            server: server(s)?,
            apex: zone(z)?,
            diverged: on,
        },
        Op::Status { server: s, status } => Action::SetBehaviour {
            server: server(s)?,
            behaviour: [Behaviour::Up, Behaviour::Down, Behaviour::Refusing][status as usize % 3],
        },
        Op::AddRecord {
            zone: z,
            label: l,
            address: a,
        } => {
            let apex = zone(z)?;
            let owner = apex.child(label(l)).ok()?;
            Action::EditRecords {
                copy: CopyRef::shared(apex),
                remove: vec![],
                add: vec![Record::new(
                    owner,
                    300,
                    RData::A(Ipv4Addr::new(198, 51, 100, a)),
                )],
            }
        }
        Op::RemoveRecord { zone: z, nth } => {
            let apex = zone(z)?;
            let record = lab.loaded.world.zone(&apex)?.records().nth(nth)?.clone();
            Action::EditRecords {
                copy: CopyRef::shared(apex),
                remove: vec![record],
                add: vec![],
            }
        }
        Op::Query { zone: z } => Action::SetQueryName(format!("www.{}", zone(z)?)),
        Op::Undo => Action::Undo,
        Op::Redo => Action::Redo,
    })
}
