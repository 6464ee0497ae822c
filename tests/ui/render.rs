//! The key components rendered to HTML natively (yew's server-side
//! renderer): what the page shows for a given state, without a browser.

use crate::support::{n, render};
use std::rc::Rc;

use dns_lab::sim::scenario::ServerId;
use dns_lab::sim::scenarios::generated_world;
use dns_lab::ui::LabProps;
use dns_lab::ui::diagnostics::DiagnosticsPanel;
use dns_lab::ui::graph::GraphView;
use dns_lab::ui::inspector::Inspector;
use dns_lab::ui::resolution::ResolutionPanel;
use dns_lab::ui::state::{Action, CopyRef, Lab, Selection};
use dns_lab::ui::stepper::Stepper;
use yew::Callback;

fn graph(lab: Lab) -> String {
    render::<GraphView>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    })
}

fn without_glue_of_example_test() -> Lab {
    let lab = Lab::default();
    let text: String = lab
        .loaded
        .scenario
        .zone_source(&n("test."))
        .unwrap()
        .text
        .lines()
        .filter(|line| !line.starts_with("ns1.example") && !line.starts_with("ns2.example"))
        .map(|line| format!("{line}\n"))
        .collect();
    lab.apply(Action::EditZoneText {
        copy: CopyRef::shared(n("test.")),
        text,
    })
}

#[test]
fn the_graph_draws_each_zone_with_its_server_chips_and_a_legend() {
    let html = graph(Lab::default());
    for apex in [
        "test.",
        "example.test.",
        "lab.example.test.",
        "news.example.",
    ] {
        assert!(html.contains(&format!("data-apex=\"{apex}\"")), "{apex}");
    }
    assert!(html.contains("data-server=\"a-root\""));
    assert!(html.contains("aria-label=\"name server ns1.nic.test. (up)\""));
    assert!(html.contains("class=\"legend\""));
    assert!(!html.contains("delegation broken"));
}

#[test]
fn a_broken_delegation_is_drawn_red_with_an_icon_and_named_for_screen_readers() {
    let html = graph(without_glue_of_example_test());
    assert!(
        html.contains("data-child=\"example.test.\" class=\"delegation broken\""),
        "{html}"
    );
    assert!(html.contains("test. → example.test.: broken delegation"));
    // A tree item named by what is wrong with it, at its depth.
    assert!(
        html.contains("role=\"treeitem\" tabindex=\"-1\" aria-label=\"example.test.: No glue for ns1.example.test, a name server inside example.test\" aria-level=\"3\""),
        "{html}"
    );
}

#[test]
fn the_diagnostics_panel_groups_findings_and_names_the_tools_vocabulary() {
    let html = render::<DiagnosticsPanel>(LabProps {
        lab: Rc::new(without_glue_of_example_test()),
        dispatch: Callback::noop(),
    });
    assert!(html.contains("✖ Errors (2)"), "{html}");
    assert!(html.contains("data-kind=\"missing-glue\""));
    assert!(html.contains("DNSViz MISSING_GLUE_FOR_NS_NAME"));
    assert!(html.contains("Fix: "));
    let healthy = render::<DiagnosticsPanel>(LabProps {
        lab: Rc::new(Lab::default()),
        dispatch: Callback::noop(),
    });
    assert!(healthy.contains("id=\"no-findings\""));
}

#[test]
fn the_inspector_shows_both_sides_of_a_delegation_and_the_servers() {
    let lab = Lab::default().apply(Action::Select(Some(Selection::Zone(n("example.test.")))));
    let html = render::<Inspector>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    });
    assert!(html.contains("At the parent (registrar)"));
    assert!(html.contains("id=\"registrar-ns\""));
    assert!(
        html.contains("from the test. zone\""),
        "each NS and glue record can be removed"
    );
    assert!(html.contains("id=\"add-ns\"") && html.contains("id=\"add-glue\""));
    assert!(html.contains("198.51.100.10"), "the glue is listed");
    assert!(html.contains("In the zone (DNS host)"));
    assert!(html.contains("id=\"zone-text\""));
    assert!(html.contains("Served by"));
    assert!(html.contains("aria-label=\"Status of ns1.example.test\""));
}

#[test]
fn the_inspector_keeps_text_that_does_not_load_with_its_problems() {
    let lab = Lab::default().apply(Action::Select(Some(Selection::Zone(n("shop.test.")))));
    let text = format!(
        "{}www2 IN A 300.1.2.3\n",
        lab.loaded
            .scenario
            .zone_source(&n("shop.test."))
            .unwrap()
            .text
    );
    let lab = lab.apply(Action::EditZoneText {
        copy: CopyRef::shared(n("shop.test.")),
        text,
    });
    let html = render::<Inspector>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    });
    assert!(
        html.contains("300.1.2.3"),
        "the typed text is in the editor"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("class=\"zone-problem\">line 8, col 11: "),
        "{html}"
    );
}

#[test]
fn the_stepper_narrates_the_current_step_and_the_resolution_panel_shows_the_trace() {
    let lab = Rc::new(Lab::default().apply(Action::Step).apply(Action::Step));
    let props = || LabProps {
        lab: Rc::clone(&lab),
        dispatch: Callback::noop(),
    };
    let stepper = render::<Stepper>(props());
    assert!(stepper.contains("id=\"step-status\""));
    assert!(stepper.contains("step 2 of "), "{stepper}");
    // The whole story of the step, not only its summary line.
    let explanation = &lab.current_step().unwrap().explanation();
    assert!(stepper.contains("id=\"step-why\""), "{stepper}");
    assert!(
        stepper.contains(&explanation.replace('\'', "&#39;")),
        "{explanation}\n{stepper}"
    );
    let panel = render::<ResolutionPanel>(props());
    assert!(
        !panel.contains("id=\"step-status\""),
        "the narration is the stepper's alone"
    );
    assert!(panel.contains("id=\"panel-trace\""));
    assert!(panel.contains("; &lt;&lt;&gt;&gt; DNS Lab &lt;&lt;&gt;&gt; +trace"));
}

fn inspector(lab: Lab) -> String {
    render::<Inspector>(LabProps {
        lab: Rc::new(lab),
        dispatch: Callback::noop(),
    })
}

#[test]
fn with_nothing_selected_the_inspector_offers_to_add_a_zone_or_a_server() {
    let html = inspector(Lab::default());
    assert!(html.contains("id=\"new-zone-apex\"") && html.contains("id=\"new-zone-add\""));
    assert!(
        html.contains("<input checked type=\"checkbox\" id=\"new-zone-delegate\">"),
        "delegation is offered, on by default: {html}"
    );
    // One checkbox per server to serve the new zone, one per zone to load.
    assert_eq!(html.matches("id=\"new-zone-server-").count(), 12);
    assert_eq!(html.matches("id=\"new-server-zone-").count(), 8);
    assert!(html.contains("id=\"new-server-host\"") && html.contains("id=\"new-server-add\""));
}

#[test]
fn at_thousands_of_zones_the_forms_draw_a_few_checkboxes_and_a_filter() {
    let lab = Lab::new(generated_world(2000)).unwrap();
    let html = inspector(lab.clone());
    // The new server's zones: 20 of 2,000 drawn, with a filter and a count.
    assert_eq!(html.matches("checkbox\" id=\"new-server-zone-").count(), 20);
    assert!(html.contains("id=\"new-server-zone-filter\""));
    assert!(
        html.contains("Showing 20 of 2000 zones, ticked ones first"),
        "{html}"
    );
    // A provider server loads nearly every zone: those it loads come first.
    let provider = lab.loaded.scenario.servers.last().unwrap().id.clone();
    let html = inspector(lab.apply(Action::Select(Some(Selection::Server(provider)))));
    assert_eq!(html.matches("checkbox\" id=\"server-loads-").count(), 20);
    assert_eq!(html.matches(" checked").count(), 20, "{html}");
}

#[test]
fn a_zone_shows_its_records_as_a_table_and_each_server_a_copy_switch() {
    let html =
        inspector(Lab::default().apply(Action::Select(Some(Selection::Zone(n("example.test."))))));
    assert!(html.contains("id=\"zone-records\""));
    assert!(html.contains("<caption>Records (15)</caption>"), "{html}");
    assert!(html.contains("<td class=\"owner\">www</td>"));
    assert!(html.contains("aria-label=\"Remove www.example.test."));
    assert!(html.contains("id=\"record-add\""));
    assert_eq!(html.matches("class=\"diverged-toggle\"").count(), 2);
    assert!(!html.contains("id=\"zone-copy\""), "no copy to choose yet");
    assert!(html.contains("id=\"remove-zone\"") && html.contains("id=\"remove-zone-delegation\""));
}

#[test]
fn a_diverged_copy_is_chosen_and_labelled_in_the_editor() {
    let html = inspector(
        Lab::default()
            .apply(Action::Select(Some(Selection::Zone(n("example.test.")))))
            .apply(Action::SetDiverged {
                server: ServerId::from("ns2-example-test"),
                apex: n("example.test."),
                diverged: true,
            }),
    );
    assert!(html.contains("id=\"zone-copy\""));
    assert!(html.contains("ns2.example.test.'s own copy"), "{html}");
    assert!(html.contains("Zone file (ns2.example.test.'s own copy)"));
}

#[test]
fn a_server_shows_its_host_addresses_and_the_zones_it_loads() {
    let html = inspector(Lab::default().apply(Action::Select(Some(Selection::Server(
        ServerId::from("ns2-example-test"),
    )))));
    assert!(html.contains("id=\"server-host\""));
    assert!(
        html.contains("value=\"198.51.100.11, 2001:db8:100::11\""),
        "{html}"
    );
    // A checkbox per zone; only example.test. is ticked.
    assert_eq!(html.matches("id=\"server-loads-").count(), 8);
    assert_eq!(html.matches(" checked").count(), 1, "{html}");
    assert!(html.contains("id=\"remove-server\""));
}

#[test]
fn the_records_table_lets_names_wrap_only_after_their_dots() {
    let lab = Lab::default().apply(Action::Select(Some(Selection::Zone(n("example.test.")))));
    let html = inspector(lab);
    // ns1.example.test. as NS data: a break opportunity after each label, none inside one.
    assert!(
        html.contains("ns1.<wbr>example.<wbr>test."),
        "{}",
        &html[html.find("zone-records").unwrap_or(0)..][..2000.min(html.len())]
    );
}

#[test]
fn the_cut_table_edits_each_side_in_place() {
    let lab = Lab::default()
        .apply(Action::OpenBuiltIn("registrar-vs-zone-ns".into()))
        .apply(Action::Select(Some(Selection::Zone(n("example.test.")))));
    let html = inspector(lab.clone());
    for label in [
        "Add ns1.newdns.test to example.test's own NS records",
        "Remove ns1.olddns.test from example.test's own NS records",
        "Remove ns1.newdns.test from the registrar (test zone)",
        "Add ns1.olddns.test to the registrar (test zone)",
    ] {
        assert!(html.contains(&format!("aria-label=\"{label}\"")), "{label}");
    }
    // The zone side's "+ add" is an NS record at the apex with the TTL of the NS records there.
    let added = lab.apply(Action::EditRecords {
        copy: CopyRef::shared(n("example.test.")),
        remove: Vec::new(),
        add: vec![dns_lab::sim::record::Record::new(
            n("example.test."),
            86_400,
            dns_lab::sim::record::RData::NS(n("ns1.newdns.test.")),
        )],
    });
    let world = &added.loaded.world;
    let comparison =
        dns_lab::sim::cut::compare(world, &added.loaded.hierarchy, &n("example.test.")).unwrap();
    let row = comparison
        .rows
        .iter()
        .find(|r| r.host == n("ns1.newdns.test."))
        .unwrap();
    assert!(row.at_parent && row.at_child);
}

/// The page's prerendered first view (src/ui/first_view.rs): the whole app on the default
/// scenario, every panel drawn, marked inert and busy until the app takes its place, with a
/// graph that fits its window by its viewBox, since no window has been measured.
#[test]
fn the_first_view_is_the_whole_app_inert_until_it_runs() {
    let html = render::<dns_lab::ui::App>(dns_lab::ui::AppProps {
        first_view: Some(Rc::new(Lab::default())),
    });
    assert!(
        html.contains(r#"<div id="first-view" aria-busy="true" inert="inert" class="app-root">"#),
        "{}",
        &html[..300]
    );
    for panel in [
        r#"id="scenario-title""#,
        r#"class="lesson-panel"#,
        r#"id="step-forward""#,
        r#"id="resolution""#,
        r#"id="diagnostics""#,
        r#"class="dig-console"#,
        r#"class="app-footer""#,
    ] {
        assert!(html.contains(panel), "the first view has no {panel}");
    }
    assert!(
        html.contains(r#"viewBox="0 0 "#)
            && html.contains(r#"preserveAspectRatio="xMidYMin meet""#)
    );
    assert!(
        html.matches("data-apex=").count() >= 8,
        "not every zone is drawn"
    );
    assert!(
        !html.contains("app-building"),
        "the first view is not hidden"
    );
}

/// The graph's small −/+ toggle has a full-size equivalent in the
/// inspector (WCAG 2.5.8), as the chips have the "Served by" buttons.
#[test]
fn the_inspector_hides_and_shows_the_zones_below_as_the_toggle_does() {
    let inspector = |lab: &Lab| {
        render::<Inspector>(LabProps {
            lab: Rc::new(lab.clone()),
            dispatch: Callback::noop(),
        })
    };
    let lab = Lab::default().apply(Action::Select(Some(Selection::Zone(n("test.")))));
    assert!(inspector(&lab).contains(">Hide the zones below it in the graph<"));
    let hidden = lab.apply(Action::ToggleCollapse(n("test.")));
    assert!(inspector(&hidden).contains(">Show the zones below it in the graph<"));
    let leaf = Lab::default().apply(Action::Select(Some(Selection::Zone(n("shop.test.")))));
    assert!(!inspector(&leaf).contains("toggle-subtree"));
}
