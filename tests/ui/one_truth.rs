//! One truth: what the findings say agrees with what the resolver does, now
//! and once a resolver holds what the first answer brought, and they name
//! servers the way a user knows them, by their host names.

use crate::support::render;
use std::rc::Rc;

use dns_lab::cli::diagnose_text;
use dns_lab::sim::cut;
use dns_lab::sim::diagnose::diagnose;
use dns_lab::sim::finding::{Finding, FindingKind, Severity};
use dns_lab::sim::lesson::OutcomeKind;
use dns_lab::sim::name::Name;
use dns_lab::sim::resolver::ResolverConfig;
use dns_lab::sim::scenario::{Scenario, ServerId};
use dns_lab::sim::scenarios::{built_in, library};
use dns_lab::ui::LabProps;
use dns_lab::ui::diagnostics::DiagnosticsPanel;
use dns_lab::ui::graph::GraphView;
use dns_lab::ui::inspector::Inspector;
use dns_lab::ui::resolution::ResolutionPanel;
use dns_lab::ui::state::{Action, CopyRef, Lab, Selection, Tab};
use yew::Callback;

const LONE_ZONE: &str = r#"{"version": 2, "title": "lone zone", "description": "", "servers": [
    {"id": "a-root", "host": "a.root-servers.test.", "addresses": ["192.0.2.1"], "zones": ["."]}],
  "zones": [
    {"apex": ".", "text": "$TTL 86400\n. IN SOA a.root-servers.test. h.test. 1 1800 900 604800 86400\n. IN NS a.root-servers.test.\na.root-servers.test. IN A 192.0.2.1\n"},
    {"apex": "store.test.", "text": "$ORIGIN store.test.\n$TTL 3600\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.53\nwww IN A 192.0.2.80\n"}]}"#;

fn findings_of(scenario: &Scenario) -> Vec<Finding> {
    diagnose(&scenario.load().expect("the scenario loads"))
}

fn text(finding: &Finding) -> String {
    format!(
        "{} {} {}",
        finding.title, finding.consequence, finding.fix.explanation
    )
}

#[test]
fn the_registrar_lesson_is_an_error_that_says_when_it_fails_and_fixes_toward_the_servers_that_load_it()
 {
    let scenario = built_in("registrar-vs-zone-ns").unwrap();
    let findings = findings_of(&scenario);
    assert!(!findings.is_empty());
    for finding in &findings {
        assert_eq!(finding.severity, Severity::Error, "{}", text(finding));
        assert!(
            finding.consequence.starts_with("Works now, then fails")
                && finding.consequence.contains("within 5m"),
            "{}",
            finding.consequence
        );
        assert!(
            !finding.consequence.contains("but work"),
            "{}",
            finding.consequence
        );
    }
    let disjoint = findings
        .iter()
        .find(|f| f.kind == FindingKind::NsSetsDisjoint)
        .expect("the NS sets differ");
    let (new, old) = (
        disjoint.fix.explanation.find("newdns").unwrap(),
        disjoint.fix.explanation.find("olddns").unwrap(),
    );
    assert!(
        new < old,
        "the fix names the dead servers first: {}",
        disjoint.fix.explanation
    );
    let lame = findings
        .iter()
        .find(|f| f.kind == FindingKind::LameServer)
        .unwrap();
    assert!(
        lame.fix.explanation.starts_with("Remove ns"),
        "{}",
        lame.fix.explanation
    );
}

/// What a page shows of an HTML fragment: its text, without tags and the
/// attributes inside them (where ids rightly serve as keys).
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Every text a user reads while stepping through each built-in world (the
/// graph, each tab of the resolution, the diagnostics, the inspector on
/// every zone and server, the CLI's diagnostics) names servers by their
/// host names, never by the ids the scenario file keys them with.
#[test]
fn no_rendered_text_names_a_server_by_its_id() {
    for scenario in library() {
        let title = scenario.title.clone();
        let mut lab = Lab::new(scenario).unwrap().apply(Action::Run);
        lab.collapsed.clear();
        let world = &lab.loaded.world;
        let ids: Vec<String> = world
            .servers()
            .iter()
            .map(|s| s.id.to_string())
            .filter(|id| id.contains('-') || id.chars().any(|c| c.is_ascii_digit()))
            .filter(|id| !world.servers().iter().any(|s| s.host.prose() == *id))
            .collect();
        let props = |lab: &Lab| LabProps {
            lab: Rc::new(lab.clone()),
            dispatch: Callback::noop(),
        };
        let mut pages: Vec<(String, String)> = vec![
            ("graph".into(), render::<GraphView>(props(&lab))),
            (
                "diagnostics".into(),
                render::<DiagnosticsPanel>(props(&lab)),
            ),
            ("CLI diagnose".into(), diagnose_text(&lab.loaded.findings)),
        ];
        for tab in [Tab::Trace, Tab::Explanation, Tab::Message, Tab::Cache] {
            let shown = lab.clone().apply(Action::SelectTab(tab));
            pages.push((
                format!("{tab:?} tab"),
                render::<ResolutionPanel>(props(&shown)),
            ));
        }
        let selections = world
            .zones()
            .map(|z| Selection::Zone(z.apex().clone()))
            .chain(
                world
                    .servers()
                    .iter()
                    .map(|s| Selection::Server(s.id.clone())),
            )
            .collect::<Vec<_>>();
        for selection in selections {
            let selected = lab.clone().apply(Action::Select(Some(selection.clone())));
            pages.push((
                format!("inspector on {selection:?}"),
                render::<Inspector>(props(&selected)),
            ));
        }
        for (page, html) in pages {
            let text = visible_text(&html);
            for id in &ids {
                assert!(
                    !text.contains(id.as_str()),
                    "{title}, {page}: the server id {id} in: {}",
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                );
            }
        }
    }
}

/// An imported zone file that no server loads and no parent delegates: the
/// inspector marks it, so the diagnostics must name it too.
#[test]
fn a_zone_that_nothing_serves_or_delegates_is_an_error() {
    let scenario = Scenario::from_json(LONE_ZONE).unwrap();
    let findings = findings_of(&scenario);
    let lone = findings
        .iter()
        .find(|f| f.kind == FindingKind::ZoneNotDelegated)
        .unwrap_or_else(|| panic!("no finding for the lone zone: {findings:?}"));
    assert_eq!(lone.severity, Severity::Error);
    assert!(lone.title.contains("store.test") && lone.title.contains("no server loads it"));
}

/// Every built-in lesson: where its query fails under a preset, now or after
/// its timeline, some finding is an error and none says lookups still work.
#[test]
fn no_finding_says_lookups_work_where_the_lesson_fails() {
    let works = ["but work", "carry the load"];
    for scenario in library() {
        let Some(lesson) = &scenario.lesson else {
            continue;
        };
        let fails = [ResolverConfig::unbound_like(), ResolverConfig::bind_like()]
            .into_iter()
            .any(|config| {
                let seen = lesson.observe(&scenario, config).unwrap();
                std::iter::once(&seen.first)
                    .chain(seen.after.as_ref())
                    .any(|outcome| OutcomeKind::of(outcome) == OutcomeKind::ServFail)
            });
        if !fails {
            continue;
        }
        let findings = findings_of(&scenario);
        assert!(
            findings.iter().any(|f| f.severity == Severity::Error),
            "{}: the query fails, yet no finding is an error: {:?}",
            lesson.id,
            findings
                .iter()
                .map(|f| (&f.kind, &f.severity))
                .collect::<Vec<_>>()
        );
        for finding in &findings {
            for claim in works {
                assert!(
                    !finding.consequence.contains(claim),
                    "{}: the query fails, yet a finding says \"{claim}\": {}",
                    lesson.id,
                    finding.consequence
                );
            }
        }
    }
}

/// Every zone of every built-in world and of the lone zone's: each ✖ the
/// inspector shows for the zone is backed by a finding about it.
#[test]
fn every_mark_in_the_inspector_is_a_finding() {
    let worlds = library()
        .into_iter()
        .chain(std::iter::once(Scenario::from_json(LONE_ZONE).unwrap()));
    for scenario in worlds {
        let lab = Lab::new(scenario).unwrap();
        let apexes: Vec<_> = lab.loaded.world.zones().map(|z| z.apex().clone()).collect();
        for apex in apexes {
            let findings = lab
                .loaded
                .findings
                .iter()
                .filter(|f| f.zones.contains(&apex))
                .count();
            let selected = lab
                .clone()
                .apply(Action::Select(Some(Selection::Zone(apex.clone()))));
            let html = render::<Inspector>(LabProps {
                lab: Rc::new(selected),
                dispatch: Callback::noop(),
            });
            let marks = html.matches("class=\"problem\"").count();
            assert!(
                marks == 0 || findings > 0,
                "{}: the inspector marks {apex} {marks} times, with no finding about it",
                lab.loaded.scenario.title
            );
        }
    }
}

/// An imported zone file that nothing serves or delegates: the inspector
/// offers a server and the parent's side, written from the zone's own
/// records; once both are done its finding is gone, and whatever is still
/// wrong (here: nothing listens at the address the zone gives its server)
/// is a finding too.
#[test]
fn an_imported_lone_zone_is_offered_a_server_and_its_delegation() {
    let apex = Name::parse("store.test.").unwrap();
    let lab = Lab::new(Scenario::from_json(LONE_ZONE).unwrap())
        .unwrap()
        .apply(Action::Select(Some(Selection::Zone(apex.clone()))));
    let html = render::<Inspector>(LabProps {
        lab: Rc::new(lab.clone()),
        dispatch: Callback::noop(),
    });
    assert!(html.contains(r#"id="delegate-zone""#) && html.contains(r#"id="load-zone""#));
    assert!(
        html.contains("NS ns1.store.test, ns1.store.test A 192.0.2.53"),
        "{html}"
    );
    let child = lab.loaded.world.zone(&apex).unwrap();
    let done = lab
        .apply(Action::EditRecords {
            copy: CopyRef::shared(Name::root()),
            remove: Vec::new(),
            add: cut::delegation_for(child, 86400),
        })
        .apply(Action::SetLoads {
            server: ServerId("a-root".into()),
            apex: apex.clone(),
            loads: true,
        });
    let about: Vec<&Finding> = done
        .loaded
        .findings
        .iter()
        .filter(|f| f.zones.contains(&apex))
        .collect();
    assert!(
        about
            .iter()
            .all(|f| f.kind != FindingKind::ZoneNotDelegated),
        "{about:?}"
    );
    assert!(
        about
            .iter()
            .any(|f| f.kind == FindingKind::UnresponsiveServer),
        "{about:?}"
    );
}
