//! The imperative shell: yew function components over one reducer.
//!
//! Everything here reads the simulation core (`crate::sim`) and never the
//! other way round. [`state::Lab`] holds the whole state and changes only
//! through [`state::Action`]s; components render it and dispatch actions,
//! and the only effects are timers (autoplay), the autosave to the
//! browser's storage, and the global keys ([`workbench::shortcut`]). The
//! [`App`] shell builds the [`workbench::Workbench`] over a few short tasks,
//! out of sight over the page's prerendered first view. Names, records and
//! titles are always rendered as text, never as HTML.

mod author;
mod checklist;
pub mod compare;
pub mod console;
pub mod crypto;
mod cut_table;
pub mod diagnostics;
mod dnssec;
mod first_view;
mod form;
pub mod graph;
pub mod inspector;
pub mod lesson;
mod library;
pub mod picker;
mod predict;
pub mod propagation;
pub mod resolution;
mod server_editor;
pub mod session;
pub mod state;
pub mod stepper;
pub mod storage;
mod toolbar;
pub mod workbench;
mod zone_editor;

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use state::{Action, Lab};
use workbench::Workbench;

/// What every panel gets: the whole state, and the way to change it.
#[derive(Properties, Clone)]
pub struct LabProps {
    pub lab: Rc<Lab>,
    pub dispatch: Callback<Action>,
}

/// Every change makes a new `Lab`, so pointer equality is enough: a panel
/// renders again only when the state did change.
impl PartialEq for LabProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab) && self.dispatch == other.dispatch
    }
}

/// How much of the app is drawn, as it is built over a few tasks, in
/// this order.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
pub enum Drawn {
    /// The app's element only (the prerendered first view is shown).
    Nothing,
    /// Still nothing drawn; the state is opened (saved work, a link or
    /// the default scenario).
    Lab,
    /// Still nothing drawn; the first query is resolved.
    Resolved,
    /// The header and its toolbar.
    Header,
    /// The graph too.
    Graph,
    /// The step controls and the resolution panel too.
    Stage,
    /// The side column's panels too.
    Side,
    /// The console and the propagation view too.
    Everything,
}

impl Drawn {
    fn next(self) -> Option<Drawn> {
        match self {
            Drawn::Nothing => Some(Drawn::Lab),
            Drawn::Lab => Some(Drawn::Resolved),
            Drawn::Resolved => Some(Drawn::Header),
            Drawn::Header => Some(Drawn::Graph),
            Drawn::Graph => Some(Drawn::Stage),
            Drawn::Stage => Some(Drawn::Side),
            Drawn::Side => Some(Drawn::Everything),
            Drawn::Everything => None,
        }
    }
}

/// What the app starts from.
#[derive(Properties, Default)]
pub struct AppProps {
    /// `None` in the browser: the page opens the browser's saved work or a
    /// shared link ([`storage::startup`]). `Some` renders that state with
    /// every panel at once, as the build prerenders the page's first view
    /// (src/ui/first_view.rs).
    #[prop_or_default]
    pub first_view: Option<Rc<Lab>>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        same_state(&self.first_view, &other.first_view)
    }
}

/// Every change makes a new `Lab`, so pointer equality is enough.
fn same_state(a: &Option<Rc<Lab>>, b: &Option<Rc<Lab>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// The whole app: a shell that builds the [`Workbench`] over a few short
/// tasks and, over the build's prerendered first view, out of sight.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let prerendering = props.first_view.is_some();
    // The app is built over a few tasks ([`Drawn`]), each short enough for
    // the page to stay responsive to the reader (on a phone each costs four
    // times what it does here). Over the build's prerendered first view
    // (src/ui/first_view.rs) it builds out of sight, from nothing, and
    // takes the view's place once everything is drawn, in one task: the
    // page never shows half an app, and nothing on it moves. Without one
    // (the DOM tests) the graph and the stepper come first, then the rest.
    let over_first_view = use_state(|| !prerendering && first_view::is_shown());
    let drawn = use_state(|| {
        if prerendering {
            Drawn::Everything
        } else if *over_first_view {
            Drawn::Nothing
        } else {
            Drawn::Stage
        }
    });
    let drawing = *drawn;
    {
        let drawn = drawn.clone();
        use_effect_with(drawing, move |&now| {
            let timeout = now
                .next()
                .map(|next| Timeout::new(0, move || drawn.set(next)));
            move || drop(timeout)
        });
    }
    let root = use_node_ref();
    {
        let over_first_view = over_first_view.clone();
        let root = root.clone();
        use_effect_with(drawing, move |&drawing| {
            if drawing == Drawn::Everything && *over_first_view {
                if let Some(root) = root.cast::<web_sys::Element>() {
                    first_view::take_over(&root);
                }
                over_first_view.set(false);
            }
        });
    }
    // The prerendered first view is only looked at until the app takes
    // over: inert (no focus, no clicks on buttons that do nothing yet) and
    // busy for assistive technology.
    let root_class = classes!("app-root", over_first_view.then_some(first_view::BUILDING));
    let (root_id, busy) = if prerendering {
        (Some(first_view::ID), Some("true"))
    } else {
        (None, None)
    };
    html! {
        <div class={root_class} id={root_id} inert={prerendering} aria-busy={busy} ref={root}>
            if drawing >= Drawn::Lab {
                <Workbench {drawing} first_view={props.first_view.clone()} />
            }
        </div>
    }
}
