//! The dig console: what a command line gives against the app's state, and
//! the console rendered to HTML natively (yew's server-side renderer).

use crate::support::render;
use std::rc::Rc;

use dns_lab::sim::authority::Rcode;
use dns_lab::sim::dig::USAGE;
use dns_lab::sim::scenario::{Behaviour, ServerId};
use dns_lab::ui::LabProps;
use dns_lab::ui::console::{
    AskedServer, DigConsole, DigEntryProps, DigEntryView, Entry, EntryKind, Status, evaluate,
    examples,
};
use dns_lab::ui::state::{Action, Lab};
use yew::Callback;

fn output(entry: &Entry) -> (&str, Option<Rcode>, Option<&AskedServer>) {
    match &entry.kind {
        EntryKind::Output {
            text,
            rcode,
            server,
        } => (text, *rcode, server.as_ref()),
        other => panic!("not dig output: {other:?}"),
    }
}

#[test]
fn asking_the_parent_server_directly_shows_its_referral_and_names_the_server() {
    let entry = evaluate("  dig NS example.test @ns1.nic.test ", &Lab::default());
    assert_eq!(entry.command, "dig NS example.test @ns1.nic.test");
    let (text, rcode, server) = output(&entry);
    assert_eq!(rcode, Some(Rcode::NoError));
    assert!(
        text.contains(";; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3\n"),
        "a referral: no aa, no answer\n{text}"
    );
    assert!(text.contains(";; WARNING: recursion requested but not available"));
    assert!(text.contains(";; AUTHORITY SECTION:"));
    assert!(text.contains("198.51.100.10"), "the glue\n{text}");
    assert!(text.contains(";; SERVER: 192.0.2.10#53(ns1.nic.test) (UDP)"));
    let server = server.expect("one simulated server was asked");
    assert_eq!(server.id, ServerId::from("ns1-nic-test"));
    assert_eq!(server.label(), "ns1.nic.test");
    assert_eq!(entry.status(), Status::Ok);

    // The child's own server answers with authority.
    let child = evaluate("dig NS example.test @ns1.example.test", &Lab::default());
    let (text, _, server) = output(&child);
    assert!(text.contains(";; flags: qr aa rd;"), "{text}");
    assert_eq!(server.unwrap().id, ServerId::from("ns1-example-test"));
}

#[test]
fn the_resolver_answers_without_a_server_to_show() {
    let entry = evaluate("dig www.shop.test +short", &Lab::default());
    let (text, rcode, server) = output(&entry);
    assert_eq!(text, "www.hosting.example.\n203.0.113.80\n");
    assert_eq!(rcode, Some(Rcode::NoError));
    assert_eq!(server, None);

    let missing = evaluate("dig nowhere.example.test", &Lab::default());
    assert_eq!(output(&missing).1, Some(Rcode::NXDomain));
    assert_eq!(missing.status(), Status::Negative);
}

#[test]
fn commands_see_the_current_world_and_the_cache_the_stepper_left() {
    let down = Lab::default().apply(Action::SetBehaviour {
        server: ServerId::from("ns1-example-test"),
        behaviour: Behaviour::Down,
    });
    let entry = evaluate("dig NS example.test @ns1.example.test", &down);
    let (text, rcode, server) = output(&entry);
    assert_eq!(rcode, None);
    assert!(text.contains(";; communications error to 198.51.100.10#53: timed out"));
    assert!(server.is_some(), "a server that is down was still asked");
    assert_eq!(entry.status(), Status::Failed);

    // +norec asks the resolver's cache alone: empty before the stepper
    // runs (a referral to the root), holding the answer after.
    let fresh = Lab::default();
    let cold = evaluate("dig www.example.test +norec", &fresh);
    assert!(
        output(&cold).0.contains("ANSWER: 0,"),
        "{}",
        output(&cold).0
    );
    let run = fresh.apply(Action::Run);
    let warm = evaluate("dig www.example.test +norec", &run);
    assert!(
        output(&warm)
            .0
            .contains(";; flags: qr ra; QUERY: 1, ANSWER: 2,"),
        "{}",
        output(&warm).0
    );
}

#[test]
fn a_bad_command_gets_dig_like_help_and_help_gets_the_usage() {
    let lab = Lab::default();
    for line in [
        "dig www.example.test +bogus",
        "dig -t BOGUS x.test",
        "dig a.test b.test",
    ] {
        let entry = evaluate(line, &lab);
        let EntryKind::Error(text) = &entry.kind else {
            panic!("{line}: {entry:?}");
        };
        assert!(text.starts_with("dig: "), "{text}");
        assert!(text.contains(USAGE), "{line}");
        assert_eq!(entry.server(), None);
    }
    for line in ["help", "dig -h"] {
        let entry = evaluate(line, &lab);
        let EntryKind::Help(text) = &entry.kind else {
            panic!("{line}: {entry:?}");
        };
        assert!(text.starts_with("dig asks one DNS question"), "{text}");
        assert!(text.contains(USAGE));
    }
}

#[test]
fn the_empty_console_has_its_input_examples_and_usage_hint() {
    let html = render::<DigConsole>(LabProps {
        lab: Rc::new(Lab::default()),
        dispatch: Callback::noop(),
    });
    assert!(html.contains("id=\"dig-console\""), "{html}");
    assert!(html.contains("<label for=\"dig-input\""), "{html}");
    assert!(html.contains(">dig command</label>"));
    assert!(html.contains("id=\"dig-input\""));
    assert!(html.contains("aria-describedby=\"dig-hint\""));
    assert!(html.contains("id=\"dig-hint\""));
    assert!(html.contains("dig [@server] name [type] [+trace] [+short] [+norec]"));
    assert!(html.contains("role=\"log\"") && html.contains("aria-live=\"polite\""));
    assert!(!html.contains("role=\"alert\""));
    assert!(html.contains("id=\"dig-clear\""));
    for (command, _) in examples(&Lab::default()) {
        assert!(
            html.contains(&format!("data-command=\"{command}\"")),
            "{command}"
        );
    }
    assert!(!html.contains("class=\"dig-entry\""), "no entries yet");
}

fn entry_html(entry: Entry, show: bool) -> String {
    render::<DigEntryView>(DigEntryProps {
        entry: Rc::new(entry),
        show_server: show.then(Callback::noop),
    })
}

#[test]
fn an_entry_offers_the_server_it_asked_in_the_inspector() {
    let lab = Lab::default();
    let html = entry_html(evaluate("dig NS example.test @ns1.nic.test", &lab), true);
    assert!(html.contains("data-status=\"ok\""), "{html}");
    assert!(html.contains("dig NS example.test @ns1.nic.test</pre>"));
    assert!(html.contains(";; AUTHORITY SECTION:"));
    assert!(html.contains("data-server=\"ns1-nic-test\""));
    assert!(html.contains("Show ns1.nic.test in the inspector"));

    let hidden = entry_html(evaluate("dig NS example.test @ns1.nic.test", &lab), false);
    assert!(!hidden.contains("in the inspector"));
    let resolver = entry_html(evaluate("dig www.example.test", &lab), true);
    assert!(
        !resolver.contains("in the inspector"),
        "no server was asked"
    );
}

#[test]
fn errors_are_styled_and_rendered_as_text() {
    let lab = Lab::default();
    let html = entry_html(evaluate("dig <b>bold</b> +nope", &lab), true);
    assert!(html.contains("class=\"dig-output dig-error\""), "{html}");
    assert!(html.contains("data-status=\"failed\""));
    assert!(html.contains("&lt;b&gt;"), "escaped, never markup\n{html}");
    assert!(!html.contains("<b>"));
    assert!(html.contains("Usage:"));

    let short = entry_html(evaluate("dig nowhere.example.test +short", &lab), true);
    assert!(short.contains("dig printed nothing"), "{short}");
}
