//! The window onto the drawing: pan, zoom and fit ([`View`]), and the
//! level of detail and culling that keep a large world smooth ([`Detail`]).

use super::*;

/// Pan and zoom: a scale and an offset, kept in the component (they are
/// about the view, not the scenario).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct View {
    pub(super) scale: f64,
    pub(super) x: f64,
    pub(super) y: f64,
}

impl Default for View {
    fn default() -> Self {
        View {
            scale: 1.0,
            x: 0.0,
            y: 0.0,
        }
    }
}

/// The most "fit" enlarges a drawing.
pub(super) const MAX_FIT_SCALE: f64 = 1.8;
/// The graph's window at 1280×720 (measured in Chromium), the view's
/// first guess before the window is measured.
pub(super) const GUESSED_WINDOW: (f64, f64) = (774.0, 446.0);
/// A drawing of more zones than this draws only what is in or near the
/// window: Chromium lays out every SVG text again whenever the zoom
/// changes, drawn or not, so thousands of off-screen names made each zoom
/// and pan slow. Smaller drawings are drawn whole.
pub const CULL_ABOVE: usize = 200;
/// How far zooming goes: out far enough to see thousands of zones (a fit
/// may go further still; zooming never jumps from there), in to 4×.
pub(super) const MIN_SCALE: f64 = 0.02;
pub(super) const MAX_SCALE: f64 = 4.0;

pub(super) enum ViewChange {
    /// Zoom by `factor`, keeping the point `at` (window pixels) in place.
    Zoom {
        factor: f64,
        at: (f64, f64),
    },
    Set(View),
}

impl View {
    /// The view that shows a drawing of `width` × `height` whole in a
    /// window of `w` × `h`, centred. A small world is enlarged, up to
    /// [`MAX_FIT_SCALE`], so it reads from the back of a classroom.
    pub(super) fn fitting(width: f64, height: f64, w: f64, h: f64) -> View {
        if width <= 0.0 || height <= 0.0 || w <= 0.0 || h <= 0.0 {
            return View::default();
        }
        let scale = (w / width).min(h / height).min(MAX_FIT_SCALE);
        View {
            scale,
            x: (w - width * scale) / 2.0,
            y: 0.0,
        }
    }

    /// What of the drawing is worth drawing in a window of `w` × `h`: what
    /// the window shows, with half a window to spare on every side (a pan
    /// that short shows nothing missing), snapped outwards to half-window
    /// steps so that small pans leave it as it is.
    pub(super) fn cull_area(&self, (w, h): (f64, f64)) -> Area {
        let (step_x, step_y) = (w / self.scale / 2.0, h / self.scale / 2.0);
        let usable = |step: f64| step.is_finite() && step > 0.0;
        if !usable(step_x) || !usable(step_y) {
            // A window not measured yet, or of no size: draw everything.
            return Area::EVERYWHERE;
        }
        let (left, top) = (-self.x / self.scale, -self.y / self.scale);
        Area {
            left: ((left / step_x).floor() - 1.0) * step_x,
            top: ((top / step_y).floor() - 1.0) * step_y,
            right: (((left + 2.0 * step_x) / step_x).ceil() + 1.0) * step_x,
            bottom: (((top + 2.0 * step_y) / step_y).ceil() + 1.0) * step_y,
        }
    }

    pub(super) fn zoomed(self, factor: f64, (ax, ay): (f64, f64)) -> View {
        let scale = (self.scale * factor).clamp(MIN_SCALE.min(self.scale), MAX_SCALE);
        let f = scale / self.scale;
        View {
            scale,
            x: ax - (ax - self.x) * f,
            y: ay - (ay - self.y) * f,
        }
    }
}

impl Reducible for View {
    type Action = ViewChange;

    fn reduce(self: Rc<Self>, change: ViewChange) -> Rc<Self> {
        Rc::new(match change {
            ViewChange::Zoom { factor, at } => self.zoomed(factor, at),
            ViewChange::Set(view) => view,
        })
    }
}

/// How much of the drawing is drawn: zoomed out, text too small to read
/// costs time and shows nothing, so it is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// Plain zone boxes (named in a tooltip) with their collapse toggles,
    /// and edges; of the cross edges, only those of a circular delegation.
    Boxes,
    /// Zone boxes with their names and collapse toggles; plain edges.
    Names,
    /// Everything: server chips, badges, icons, arrowheads, tooltips.
    Full,
}

impl Detail {
    /// Below this scale the 12 px chip text is under 7 px on screen.
    pub const NAMES_BELOW: f64 = 0.55;
    /// Below this the 13 px zone names are under 4 px.
    pub const BOXES_BELOW: f64 = 0.3;

    /// A drawing of this many zones or fewer is always drawn in full: it
    /// stays quick to draw at any zoom, and its chips stay there to zoom
    /// in on.
    pub const ALWAYS_FULL_UP_TO: usize = 100;

    /// The detail for a drawing of `zones` zones at a view scale.
    pub fn of(zones: usize, scale: f64) -> Detail {
        if zones <= Self::ALWAYS_FULL_UP_TO {
            Detail::Full
        } else {
            Detail::at(scale)
        }
    }

    /// The detail a large drawing gets at a view scale.
    pub fn at(scale: f64) -> Detail {
        if scale < Self::BOXES_BELOW {
            Detail::Boxes
        } else if scale < Self::NAMES_BELOW {
            Detail::Names
        } else {
            Detail::Full
        }
    }

    /// The name of the level, on the graph's `data-detail` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Detail::Boxes => "boxes",
            Detail::Names => "names",
            Detail::Full => "full",
        }
    }
}

/// A layout compared by identity: a new layout is a new drawing to
/// compare item by item, the same one is nothing to do.
#[derive(Clone, Debug)]
pub struct LayoutRef(pub Rc<GraphLayout>);

impl PartialEq for LayoutRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
