//! What the server-side render tests share.

use yew::{BaseComponent, LocalServerRenderer};

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
