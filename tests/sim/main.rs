//! The simulation core and the pure modules beside it (the graph layout,
//! share links), tested natively. One binary with a module per subject, so
//! the library links once; each module's opening comment says what it
//! covers. Run one subject with `cargo test --test sim <module>::`.

#[path = "../support/mod.rs"]
mod support;

mod architecture;
mod authority;
mod cut;
mod diagnose;
mod dig;
mod dnssec;
mod dnssec_findings;
mod hierarchy;
mod layout;
mod lessons;
mod limits;
mod persist;
mod predict;
mod propagation;
mod record_types;
mod resolver_misconfigurations;
mod resolver_properties;
mod resolver_trace;
mod root_zone;
mod scenario;
mod scenario_edit;
mod synthesis;
mod validation;
mod zonefile;
mod zonefile_library_gaps;
