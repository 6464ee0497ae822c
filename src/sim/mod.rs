//! The functional core of DNS Lab: a pure model of a DNS world.
//!
//! Nothing here touches the browser, the network, a clock or a random
//! source: the same input always gives the same output, which is what makes
//! a resolution replayable step by step. The UI in `ui` renders what this
//! core computes.
//!
//! The pieces, from the bottom up. Each uses only those listed before it
//! (`tests/sim/architecture.rs` checks this list against the code):
//! - [`hash`]: hash maps that iterate in the same order every run;
//! - [`date`]: UTC dates and second counts, both ways;
//! - [`prose`]: the words every explanation shares: lists, plurals, durations;
//! - [`name`]: domain names and how a name server's name relates to a zone;
//! - [`record`]: resource records and their types;
//! - [`zone`]: a zone's data, its apex, its zone cuts and their two sides;
//! - [`zonefile`]: reading and printing RFC 1035 zone files;
//! - [`dnssec`]: signed zones: keys, signatures, NSEC chains, DS records and
//!   the scenario's date;
//! - [`server`]: simulated name servers;
//! - [`fix`]: edits to a scenario as data, as lessons and findings propose them;
//! - [`finding`]: what the diagnostics report, as data;
//! - [`lesson`]: what a built-in scenario teaches, as data;
//! - [`scenario`]: a whole world as edited and saved, and the loaded [`scenario::World`];
//! - [`scenarios`]: the built-in scenarios;
//! - [`edit`]: adding and removing zones and servers, and diverged copies;
//! - [`fix::apply`]: making a fix's edits to a copy of a scenario;
//! - [`fix::record`]: the edits between two scenarios, as a fix that remakes them;
//! - [`hierarchy`]: the world as a graph of zones, servers and dependencies;
//! - [`cut`]: both sides of a zone cut, the registrar's NS set beside the zone's own;
//! - [`authority`]: what one server answers to one query;
//! - [`resolver`]: a recursive resolver's iterative resolution, step by step,
//!   with its cache and virtual clock;
//! - [`propagation`]: a dozen resolvers with caches of different ages, and
//!   why "DNS propagation" is only caches expiring;
//! - [`dig`]: a `dig` console: dig's syntax and layout, asking the resolver
//!   or one server directly;
//! - [`diagnose`]: every misconfiguration, named, located and with a fix;
//! - [`lesson::check`]: the fix-it check of a lesson's challenge;
//! - [`lesson::author`]: lessons written in the app, their outcomes worked out and their challenge checked;
//! - [`predict`]: what a learner may expect of a resolution's next step, the
//!   right choice among plausible wrong ones.

pub mod authority;
pub mod cut;
pub mod date;
pub mod diagnose;
pub mod dig;
pub mod dnssec;
pub mod edit;
pub mod finding;
pub mod fix;
pub mod hash;
pub mod hierarchy;
pub mod lesson;
pub mod name;
pub mod predict;
pub mod propagation;
pub mod prose;
pub mod record;
pub mod resolver;
pub mod scenario;
pub mod scenarios;
pub mod server;
pub mod zone;
pub mod zonefile;
