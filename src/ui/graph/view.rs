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

/// The least scale a phone or a touch screen starts at: the drawing's
/// smallest text (the 11-unit mismatch labels) at 11 px, and the chips at
/// the 24 px a finger needs ([`Metrics::TOUCH`]).
pub const READABLE_SCALE: f64 = 1.0;
/// Windows narrower than this (a phone's graph) start readable, not whole.
pub(super) const NARROW_WINDOW: f64 = 600.0;

/// How the view is chosen: by the app, following what the current step
/// (or the selection) is about; the whole drawing, as the Fit button asks;
/// or by the user's own zooming and panning, which nothing overrides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Framing {
    Follow,
    Whole,
    Manual,
}

/// The window pixels the zoom buttons cover in its top right corner, where
/// they float over the drawing (`.stage .graph-toolbar`), with a margin.
pub(super) const ZOOM_BUTTONS: (f64, f64) = (140.0, 48.0);
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
    ///
    /// The zoom buttons float over the window's top right corner
    /// ([`ZOOM_BUTTONS`]): a drawing that would reach under them is moved
    /// left of them when there is room, else below them, made smaller if it
    /// must be, so a fitted drawing never hides a zone's corner (its fold)
    /// under a button.
    pub(super) fn fitting(width: f64, height: f64, w: f64, h: f64) -> View {
        if width <= 0.0 || height <= 0.0 || w <= 0.0 || h <= 0.0 {
            return View::default();
        }
        let scale = (w / width).min(h / height).min(MAX_FIT_SCALE);
        let (buttons_w, buttons_h) = ZOOM_BUTTONS;
        let (drawn, centred) = (width * scale, (w - width * scale) / 2.0);
        let below = h - buttons_h;
        if drawn <= w - buttons_w {
            // Centred, or as far right as leaves the buttons clear.
            let x = centred.min(w - buttons_w - drawn);
            return View { scale, x, y: 0.0 };
        }
        if below <= 0.0 {
            return View {
                scale,
                x: centred,
                y: 0.0,
            };
        }
        let scale = scale.min(below / height);
        View {
            scale,
            x: (w - width * scale) / 2.0,
            y: buttons_h,
        }
    }

    /// The view that shows a drawing of `width` × `height` in a window of
    /// `w` × `h` at `min_scale` or larger: whole when it fits at that scale,
    /// otherwise with `focus` (an area of the drawing) across the middle
    /// and a quarter of the way down, the drawing still covering the window
    /// where it is large enough to.
    pub(super) fn framing(
        (width, height): (f64, f64),
        (w, h): (f64, f64),
        min_scale: f64,
        focus: Option<Area>,
    ) -> View {
        let whole = View::fitting(width, height, w, h);
        if whole.scale >= min_scale || w <= 0.0 || h <= 0.0 {
            return whole;
        }
        let scale = min_scale;
        let focus = focus.unwrap_or(Area {
            left: 0.0,
            top: 0.0,
            right: width,
            bottom: 0.0,
        });
        // The offset that puts `at` (drawing units) at `place` (window
        // pixels), kept where the drawing covers the window.
        let offset = |extent: f64, window: f64, at: f64, place: f64| {
            let drawn = extent * scale;
            if drawn <= window {
                (window - drawn) / 2.0
            } else {
                (place - at * scale).clamp(window - drawn, 0.0)
            }
        };
        let x = offset(width, w, (focus.left + focus.right) / 2.0, w / 2.0);
        let (buttons_w, buttons_h) = ZOOM_BUTTONS;
        let y = if height * scale + buttons_h <= h && x + width * scale > w - buttons_w {
            // Below the zoom buttons, as `fitting` puts it.
            buttons_h
        } else if height * scale <= h {
            0.0
        } else {
            offset(height, h, focus.top, h / 4.0)
        };
        View { scale, x, y }
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

/// How far a press may wander and still be a tap (a click), in pixels.
pub(super) const TAP_SLOP: f64 = 6.0;

/// A drag or a pinch under way: the pointers down (two at most), where
/// they were when it began or last changed hands, and the view then.
#[derive(Debug, Default)]
pub(super) struct Gesture {
    pointers: Vec<(i32, (f64, f64))>,
    start: Vec<(i32, (f64, f64))>,
    view: View,
    /// The pointers have moved since the first went down: what ends the
    /// gesture is not a click.
    pub(super) moved: bool,
}

impl Gesture {
    /// A pointer goes down at `at` (pixels in the window) over `view`.
    pub(super) fn press(&mut self, id: i32, at: (f64, f64), view: View) {
        if self.pointers.is_empty() {
            self.moved = false;
        }
        self.pointers.retain(|&(p, _)| p != id);
        if self.pointers.len() < 2 {
            self.pointers.push((id, at));
        }
        self.restart(view);
    }

    /// A pointer goes up (or away); the others carry on from `view`.
    pub(super) fn release(&mut self, id: i32, view: View) {
        let before = self.pointers.len();
        self.pointers.retain(|&(p, _)| p != id);
        if self.pointers.len() != before {
            self.restart(view);
        }
    }

    fn restart(&mut self, view: View) {
        self.start = self.pointers.clone();
        self.view = view;
    }

    /// A pointer moves to `at`: the view it makes, once one pointer has
    /// gone further than a tap, or two pinch (about their midpoint, which
    /// pans as it moves).
    pub(super) fn drag(&mut self, id: i32, at: (f64, f64)) -> Option<View> {
        self.pointers.iter_mut().find(|(p, _)| *p == id)?.1 = at;
        match (self.start.as_slice(), self.pointers.as_slice()) {
            ([(_, from)], [(_, to)]) => {
                let (dx, dy) = (to.0 - from.0, to.1 - from.1);
                if !self.moved && dx.hypot(dy) < TAP_SLOP {
                    return None;
                }
                self.moved = true;
                Some(View {
                    x: self.view.x + dx,
                    y: self.view.y + dy,
                    ..self.view
                })
            }
            ([(_, a0), (_, b0)], [(_, a), (_, b)]) => {
                self.moved = true;
                let apart = |p: &(f64, f64), q: &(f64, f64)| (p.0 - q.0).hypot(p.1 - q.1);
                let middle =
                    |p: &(f64, f64), q: &(f64, f64)| ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
                let (m0, m) = (middle(a0, b0), middle(a, b));
                let zoomed = self.view.zoomed(apart(a, b) / apart(a0, b0).max(1.0), m0);
                Some(View {
                    x: zoomed.x + m.0 - m0.0,
                    y: zoomed.y + m.1 - m0.1,
                    ..zoomed
                })
            }
            _ => None,
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
