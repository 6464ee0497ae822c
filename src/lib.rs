//! DNS Lab: a DNS hierarchy simulator that runs in the browser.
//!
//! - [`sim`]: the pure core: names and records, zone files, scenarios and
//!   the world they build, the hierarchy of zones, an iterative resolver,
//!   diagnostics with their fixes, lessons. No browser, clock or randomness.
//! - [`layout`]: the tidy-tree layout the graph is drawn with.
//! - [`persist`]: share links, scenario and zone files in and out.
//! - [`ui`]: the yew app over the core (a thin shell: it renders what the
//!   core computes).
//! - [`cli`]: the `dns-lab` command line over the same core.
pub mod cli;
pub mod layout;
pub mod persist;
pub mod sim;
pub mod ui;
