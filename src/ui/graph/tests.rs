use super::*;
use crate::sim::scenario::Behaviour;

fn n(text: &str) -> Name {
    Name::parse(text).unwrap()
}

/// Steps until the current step satisfies `done`.
fn step_until(mut lab: Lab, done: impl Fn(&Lab) -> bool) -> Lab {
    while !done(&lab) {
        assert!(!lab.at_end(), "no such step");
        lab = lab.apply(Action::Step);
    }
    lab
}

fn current_reply(lab: &Lab) -> Option<Reply> {
    lab.current_step()
        .and_then(|s| s.exchange())
        .map(|e| Reply::of(&e.classification))
}

#[test]
fn the_default_scenario_draws_every_zone_with_its_servers() {
    let lab = Lab::default();
    let model = GraphModel::build(&lab);
    let layout = &model.layout;
    assert_eq!(layout.zones.len(), lab.loaded.hierarchy.zone_count());
    let root = &layout.zones[0];
    assert!(root.apex.is_root());
    assert_eq!(root.chips.len(), 2);
    // Every non-root zone has a delegation edge, none marked.
    assert_eq!(layout.delegations.len(), layout.zones.len() - 1);
    assert!(layout.delegations.iter().all(|d| d.mark.is_none()));
    // Children are drawn below their parents.
    for edge in &layout.delegations {
        let y = |apex: &Name| layout.zone(apex).unwrap().y;
        assert!(y(&edge.child) > y(&edge.parent));
    }
}

#[test]
fn collapsing_hides_a_subtree_and_counts_it() {
    let lab = Lab::default().apply(Action::ToggleCollapse(n("test.")));
    let model = GraphModel::build(&lab);
    let test = model.layout.zone(&n("test.")).unwrap();
    assert!(test.collapsed);
    // example.test., lab.example.test. and shop.test.
    assert_eq!(test.hidden_below, 3);
    assert!(model.layout.zone(&n("example.test.")).is_none());
}

#[test]
fn stepping_changes_the_overlay_and_leaves_the_layout_alone() {
    let lab = Lab::default();
    let stepped = lab.apply(Action::Step);
    // The component's memo key stays equal, so it keeps its layout...
    assert!(LayoutKey::of(&lab) == LayoutKey::of(&stepped));
    let (before, after) = (GraphModel::build(&lab), GraphModel::build(&stepped));
    // ...which is the layout the new state would have drawn.
    assert_eq!(before.layout, after.layout);
    assert_eq!(
        after.overlay,
        Overlay::build(&stepped, &LayoutKey::of(&lab).layout())
    );
    // Only the overlay moved on: the query now flies.
    assert!(before.overlay.flight.is_none());
    assert!(after.overlay.flight.is_some());
    // Selecting and focusing leave the key alone too; collapsing a
    // zone or changing the scenario do not.
    let selected = stepped.apply(Action::Select(Some(Selection::Zone(n("test.")))));
    assert!(LayoutKey::of(&selected) == LayoutKey::of(&lab));
    let collapsed = lab.apply(Action::ToggleCollapse(n("test.")));
    assert!(LayoutKey::of(&collapsed) != LayoutKey::of(&lab));
    let edited = lab.apply(Action::SetBehaviour {
        server: ServerId::from("ns1-lab"),
        behaviour: Behaviour::Down,
    });
    assert!(LayoutKey::of(&edited) != LayoutKey::of(&lab));
}

#[test]
fn the_query_flies_to_the_chip_asked_and_a_referral_comes_back() {
    let lab = Lab::default().apply(Action::Step);
    let model = GraphModel::build(&lab);
    let flight = model.overlay.flight.expect("the first step sends a query");
    assert_eq!(flight.step, 0);
    // The first query goes to a root server, which refers to test.
    assert_eq!(flight.reply, Reply::Referral);
    assert_eq!(flight.zone, Some(Name::root()));
    let root = model.layout.zone(&Name::root()).unwrap();
    let chip = root
        .chips
        .iter()
        .find(|c| Some(&c.server) == flight.server.as_ref())
        .expect("the root server asked has a chip in the root box");
    // From the resolver's side to the chip's left edge.
    assert_eq!(flight.to, (chip.x - chip.width / 2.0, chip.y));
    let (rx, ry) = model.layout.resolver_at;
    assert_eq!(flight.from, (rx + RESOLVER_WIDTH, ry + ZONE_HEADER / 2.0));
    assert!(
        flight
            .path
            .starts_with(&format!("M{:.1},{:.1}", flight.from.0, flight.from.1))
    );
    assert!(
        flight.label.ends_with("referral to test."),
        "{}",
        flight.label
    );
}

#[test]
fn a_server_of_several_zones_is_lit_in_the_zone_asked_about() {
    let lab = Lab::default().apply(Action::SetQueryName("shop.test.".into()));
    // Not the look-up of a name server's address: the answer itself.
    let lab = step_until(lab, |lab| {
        current_reply(lab) == Some(Reply::Answer) && lab.current_step().unwrap().depth == 0
    });
    let flight = GraphModel::build(&lab).overlay.flight.unwrap();
    assert_eq!(flight.zone, Some(n("shop.test.")));
    assert!(
        flight
            .server
            .as_ref()
            .unwrap()
            .to_string()
            .contains("hosting")
    );
}

#[test]
fn a_timeout_is_a_reply_that_never_comes_back() {
    let mut lab = Lab::default();
    for id in ["ns1-example-test", "ns2-example-test"] {
        lab = lab.apply(Action::SetBehaviour {
            server: ServerId::from(id),
            behaviour: Behaviour::Down,
        });
    }
    let lab = step_until(lab, |lab| current_reply(lab) == Some(Reply::Timeout));
    let flight = GraphModel::build(&lab).overlay.flight.unwrap();
    assert_eq!(flight.reply, Reply::Timeout);
    assert!(!flight.reply.comes_back());
    assert_eq!(flight.zone, Some(n("example.test.")));
    assert!(flight.label.ends_with("timeout"), "{}", flight.label);
}

#[test]
fn replies_carry_a_word_and_an_icon_not_only_a_colour() {
    use crate::sim::resolver::LameReason;
    let cases = [
        (Classification::Answer, "✔ answer", "answer"),
        (
            Classification::Referral { cut: n("test.") },
            "↓ referral",
            "referral",
        ),
        (Classification::NXDomain, "∅ NXDOMAIN", "negative"),
        (Classification::NoData, "∅ NODATA", "negative"),
        (
            Classification::Lame(LameReason::Refused),
            "✖ REFUSED",
            "error",
        ),
        (
            Classification::Lame(LameReason::NotAuthoritative),
            "✖ lame",
            "error",
        ),
        (Classification::Timeout, "◷ timeout", "timeout"),
    ];
    for (classification, text, class) in cases {
        let reply = Reply::of(&classification);
        assert_eq!(reply.text(), text);
        assert_eq!(reply.class(), class);
    }
}

#[test]
fn the_default_scenario_fits_a_projector_legibly() {
    // The graph's drawing area at 1280×720 (measured in Chromium: the
    // SVG is 774 × 446 CSS px). Text drawn at 12–13 px must stay at
    // least 11 px on screen after fitting.
    let layout = GraphModel::build(&Lab::default()).layout;
    let fit = View::fitting(layout.width, layout.height, 774.0, 446.0);
    assert_eq!(Detail::at(fit.scale), Detail::Full);
    assert!(fit.scale * 12.0 >= 11.0, "fit scale {}", fit.scale);
}

#[test]
fn every_built_in_scenario_is_drawn_in_full_detail_on_a_projector() {
    // Less detail is for worlds too large to read whole, never for
    // the lessons.
    for scenario in crate::sim::scenarios::library() {
        let title = scenario.title.clone();
        let layout = GraphModel::build(&Lab::new(scenario).unwrap()).layout;
        let (w, h) = GUESSED_WINDOW;
        let fit = View::fitting(layout.width, layout.height, w, h);
        assert_eq!(
            Detail::of(layout.zones.len(), fit.scale),
            Detail::Full,
            "{title}: {}",
            fit.scale
        );
    }
}

#[test]
fn zooming_keeps_the_point_under_the_pointer_in_place() {
    let view = View {
        scale: 0.5,
        x: 100.0,
        y: -40.0,
    };
    let at = (300.0, 200.0);
    // The drawing's point under `at`, before and after.
    let under = |v: View| ((at.0 - v.x) / v.scale, (at.1 - v.y) / v.scale);
    let zoomed = view.zoomed(1.25, at);
    assert!((zoomed.scale - 0.625).abs() < 1e-12);
    let (before, after) = (under(view), under(zoomed));
    assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
    // Fitted below the least zoom, zooming out goes no further and
    // zooming in does not jump.
    let tiny = View {
        scale: MIN_SCALE / 2.0,
        ..view
    };
    assert_eq!(tiny.zoomed(0.8, at).scale, tiny.scale);
    assert!((tiny.zoomed(1.25, at).scale - tiny.scale * 1.25).abs() < 1e-12);
}

#[test]
fn the_drawn_area_covers_the_window_and_small_pans_keep_it() {
    let window = (800.0, 400.0);
    let view = View {
        scale: 0.5,
        x: -1000.0,
        y: -300.0,
    };
    let area = view.cull_area(window);
    // The window shows x 2000..3600, y 600..1400 of the drawing.
    assert!(
        area.left <= 2000.0 - 800.0 && area.right >= 3600.0 + 800.0,
        "{area:?}"
    );
    assert!(
        area.top <= 600.0 - 400.0 && area.bottom >= 1400.0 + 400.0,
        "{area:?}"
    );
    let nudged = View {
        x: view.x - 30.0,
        y: view.y + 20.0,
        ..view
    };
    assert_eq!(nudged.cull_area(window), area);
}

#[test]
fn the_top_of_the_tree_leaves_room_for_the_resolver_and_its_reply() {
    // A one-zone world puts the root right where the resolver is.
    for lab in [
        Lab::default(),
        Lab::default().apply(Action::ToggleCollapse(Name::root())),
    ] {
        let layout = GraphModel::build(&lab).layout;
        let (rx, ry) = layout.resolver_at;
        for zone in layout.zones.iter().filter(|z| z.y < ry + ZONE_HEADER) {
            // (Up to rounding: the tree is shifted exactly that far.)
            assert!(
                zone.x + 1e-9 >= rx + RESOLVER_WIDTH + REPLY_ROOM,
                "{}",
                zone.apex
            );
        }
        assert!(layout.zones.iter().all(|z| z.x + z.width <= layout.width));
        assert!(layout.zones.iter().all(|z| z.y + z.height <= layout.height));
    }
}

#[test]
fn a_phone_starts_readable_with_the_zone_asked_in_view() {
    let lab = Lab::default();
    let layout = LayoutKey::of(&lab).with(Metrics::TOUCH).layout();
    let window = (380.0, 360.0);
    // Whole, the default world is too small to read on a phone.
    assert!(View::fitting(layout.width, layout.height, window.0, window.1).scale < READABLE_SCALE);
    let in_view = |view: View, area: Area| {
        let left = view.x + area.left * view.scale;
        let right = view.x + area.right * view.scale;
        let top = view.y + area.top * view.scale;
        left >= -0.5 && right <= window.0 + 0.5 && top >= -0.5 && top < window.1
    };
    for zone in layout
        .zones
        .iter()
        .filter(|z| z.width * READABLE_SCALE <= window.0)
    {
        let view = View::framing(
            (layout.width, layout.height),
            window,
            READABLE_SCALE,
            Some(zone.area()),
        );
        assert_eq!(view.scale, READABLE_SCALE);
        assert!(
            in_view(view, zone.area()),
            "{} is out of view: {view:?}",
            zone.apex
        );
        // The drawing still covers the window: no empty margin is panned in.
        assert!(view.x <= 0.0 && view.x + layout.width * view.scale >= window.0 - 0.5);
    }
    // At the starting zoom a finger's targets are 24 px high.
    assert!(layout.metrics.chip_height * READABLE_SCALE >= 24.0);
    assert!(layout.metrics.toggle.1 * READABLE_SCALE >= 24.0);
    // A window the drawing fits readably in shows it whole, as a mouse's does.
    let roomy = (layout.width * 2.0, layout.height * 2.0);
    let whole = View::framing((layout.width, layout.height), roomy, READABLE_SCALE, None);
    assert_eq!(
        whole,
        View::fitting(layout.width, layout.height, roomy.0, roomy.1)
    );
}

#[test]
fn touch_targets_are_laid_out_taller_without_overlapping() {
    let lab = Lab::default();
    let pointer = LayoutKey::of(&lab).layout();
    let touch = LayoutKey::of(&lab).with(Metrics::TOUCH).layout();
    assert_eq!(pointer.zones.len(), touch.zones.len());
    for zone in &touch.zones {
        for pair in zone.chips.windows(2) {
            assert!(
                pair[1].y - pair[0].y >= pair[0].height,
                "{}: chips overlap",
                zone.apex
            );
        }
        for chip in &zone.chips {
            assert!(chip.y + chip.height / 2.0 <= zone.y + zone.height);
        }
    }
}

#[test]
fn a_drag_pans_once_past_a_tap_and_a_pinch_zooms_about_its_middle() {
    let start = View {
        scale: 1.0,
        x: 0.0,
        y: 0.0,
    };
    let mut gesture = Gesture::default();
    gesture.press(1, (100.0, 100.0), start);
    // A finger's wobble is still a tap.
    assert_eq!(gesture.drag(1, (103.0, 101.0)), None);
    assert!(!gesture.moved);
    let panned = gesture.drag(1, (130.0, 80.0)).unwrap();
    assert_eq!((panned.x, panned.y, panned.scale), (30.0, -20.0, 1.0));
    assert!(gesture.moved);
    // A second finger: spreading them to twice the distance doubles the
    // scale, and the point between them stays under them.
    gesture.press(2, (230.0, 80.0), panned);
    let pinched = gesture.drag(2, (330.0, 80.0)).unwrap();
    assert!((pinched.scale - 2.0).abs() < 1e-9);
    let under = |v: View, at: (f64, f64)| ((at.0 - v.x) / v.scale, (at.1 - v.y) / v.scale);
    let before = under(panned, (180.0, 80.0));
    let after = under(pinched, (230.0, 80.0));
    assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
    // Lifting one finger carries on with the other from where it is.
    gesture.release(2, pinched);
    let moved_on = gesture.drag(1, (140.0, 80.0)).unwrap();
    assert_eq!(
        (moved_on.x, moved_on.scale),
        (pinched.x + 10.0, pinched.scale)
    );
    // A new press starts a new gesture: its click is a click again.
    gesture.release(1, moved_on);
    gesture.press(3, (0.0, 0.0), moved_on);
    assert!(!gesture.moved);
}

/// The real root zone's world draws its root alone: its TLDs lead outside
/// the world and are folded into it. A TLD the learner builds is drawn
/// below it however the root is folded, and asking for a name outside the
/// world unfolds nothing.
#[test]
fn an_open_world_folds_what_lies_outside_it_and_draws_the_rest() {
    use crate::sim::scenarios::REAL_ROOT_ZONE;
    let lab = Lab::default().apply(Action::OpenBuiltIn(REAL_ROOT_ZONE.to_string()));
    let model = GraphModel::build(&lab);
    let zones: Vec<String> = model.layout.zones.iter().map(|z| z.label.clone()).collect();
    assert_eq!(zones, [". (root)"]);
    let root = &model.layout.zones[0];
    assert!(root.collapsed && root.hides_outside);
    assert_eq!(root.hidden_below, 1438);
    assert_eq!(root.chips.len(), 13);

    let built = lab.apply(Action::ApplyFix);
    let drawn = |lab: &Lab| -> Vec<String> {
        GraphModel::build(lab)
            .layout
            .zones
            .iter()
            .map(|z| z.apex.to_string())
            .collect()
    };
    assert_eq!(drawn(&built), [".", "test."]);
    assert_eq!(GraphModel::build(&built).layout.zones[0].hidden_below, 1438);
    let asked = built.apply(Action::SetQueryName("www.example.com.".into()));
    assert_eq!(drawn(&asked), [".", "test."]);
    let unfolded = asked.apply(Action::ToggleCollapse(Name::root()));
    assert_eq!(drawn(&unfolded).len(), 1440);
}

/// A fitted drawing stays clear of the zoom buttons in the window's top
/// right corner: moved left of them, or below them.
#[test]
fn a_fitted_drawing_leaves_the_zoom_buttons_clear() {
    use crate::sim::scenarios::REAL_ROOT_ZONE;
    let (buttons_w, buttons_h) = ZOOM_BUTTONS;
    for lab in [
        Lab::default(),
        Lab::default().apply(Action::OpenBuiltIn(REAL_ROOT_ZONE.to_string())),
    ] {
        let layout = LayoutKey::of(&lab).layout();
        for (w, h) in [
            (774.0, 446.0),
            (650.0, 375.0),
            (370.0, 500.0),
            (1200.0, 300.0),
        ] {
            let size = (layout.width, layout.height);
            // As a mouse frames it, and as a phone does, zoomed to be read
            // (a drawing too tall to fit below them scrolls under them).
            for view in [
                View::fitting(size.0, size.1, w, h),
                View::framing(size, (w, h), READABLE_SCALE, None),
            ] {
                let right = view.x + layout.width * view.scale;
                let tall = layout.height * view.scale + buttons_h > h;
                assert!(
                    right <= w - buttons_w + 0.01 || view.y >= buttons_h - 0.01 || tall,
                    "{w}x{h}: {view:?} reaches {right} under the buttons"
                );
            }
            let fitted = View::fitting(size.0, size.1, w, h);
            assert!(
                fitted.y + layout.height * fitted.scale <= h + 0.01,
                "{w}x{h}"
            );
        }
    }
}
