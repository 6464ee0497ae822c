//! The app's state and panels, tested natively: the reducer, the
//! server-side rendered panels, and the property tests that drive the
//! reducer with random edits. One binary with a module per subject, so the
//! library links once; each module's opening comment says what it covers.
//! Run one subject with `cargo test --test ui <module>::`.

#[path = "../support/mod.rs"]
mod support;

mod authoring;
mod console;
mod course;
mod edit_properties;
mod fix_properties;
mod graph;
mod keys;
mod lessons;
mod one_truth;
mod predict;
mod propagation;
mod record_fix;
mod render;
mod session;
mod signing;
mod state;
