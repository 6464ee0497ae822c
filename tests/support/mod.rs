//! What the test groups share: `n` for a name, `render` for the UI's
//! server-side render tests, and the property tests' generators (`edits`)
//! and judges (`resolving`).
// Each group uses its part: the core's tests render nothing.
#![allow(dead_code)]

pub mod edits;
pub mod resolving;
pub mod signed;

use dns_lab::sim::name::Name;
use yew::{BaseComponent, LocalServerRenderer};

/// A name from its text, for tests that write names as literals.
pub fn n(text: &str) -> Name {
    Name::parse(text).unwrap()
}

/// Renders one component to an HTML string on a single-threaded runtime,
/// as yew's renderer expects.
pub fn render<C: BaseComponent>(props: C::Properties) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(
        &runtime,
        LocalServerRenderer::<C>::with_props(props).render(),
    )
}
