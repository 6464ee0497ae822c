//! DNSSEC from the inspector: signing a zone, publishing its DS at the
//! parent, the host's signer following edits and the clock, and the
//! panels that show both sides of the DS/DNSKEY pair.

use crate::support::{n, render};
use dns_lab::sim::dnssec::keys::{DsMatch, ds_matches};
use dns_lab::sim::dnssec::sign::signature_window;
use dns_lab::sim::dnssec::{Algorithm, KeyRole};
use dns_lab::sim::fix::apply::apply_edits;
use dns_lab::sim::fix::record::edits_between;
use dns_lab::sim::record::{RData, RType, Record};
use dns_lab::sim::scenarios::built_in;
use dns_lab::ui::LabProps;
use dns_lab::ui::inspector::Inspector;
use dns_lab::ui::resolution::ResolutionPanel;
use dns_lab::ui::state::{Action, CopyRef, Lab, Selection, SigningEdit, Tab};
use std::rc::Rc;
use yew::Callback;

const DAY: u64 = 86_400;

fn lab() -> Lab {
    Lab::new(built_in("healthy-delegation").unwrap()).unwrap()
}

fn sign(lab: Lab, apex: &str) -> Lab {
    lab.apply(Action::Signing(SigningEdit::Sign {
        apex: n(apex),
        algorithm: Algorithm::EcdsaP256Sha256,
        nsec3: false,
        combined: false,
    }))
}

fn inspector(lab: &Lab, apex: &str) -> String {
    render::<Inspector>(LabProps {
        lab: Rc::new(
            lab.clone()
                .apply(Action::Select(Some(Selection::Zone(n(apex))))),
        ),
        dispatch: Callback::noop(),
    })
}

fn ds_at_parent(lab: &Lab) -> Vec<DsMatch> {
    let world = &lab.loaded.world;
    let keys: Vec<Vec<u8>> = world
        .zone(&n("example.test."))
        .unwrap()
        .rrset(&n("example.test."), RType::DNSKEY)
        .iter()
        .map(|r| wire(r))
        .collect();
    let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
    world
        .zone(&n("test."))
        .unwrap()
        .rrset(&n("example.test."), RType::DS)
        .iter()
        .map(|r| ds_matches(&n("example.test."), &wire(r), &keys))
        .collect()
}

fn wire(record: &Record) -> Vec<u8> {
    match &record.data {
        RData::Other(data) => data.wire().to_vec(),
        other => panic!("{other:?}"),
    }
}

fn expiration(lab: &Lab) -> (bool, bool) {
    let date = lab.date();
    let zone = lab.loaded.world.zone(&n("example.test.")).unwrap();
    let (inception, expiration) = signature_window(zone.records(), date).unwrap();
    (inception <= date, date <= expiration)
}

#[test]
fn a_zone_is_signed_and_its_ds_published_from_the_inspector() {
    let lab = lab();
    let html = inspector(&lab, "example.test.");
    assert!(html.contains("id=\"sign-zone\""), "{html}");
    assert!(html.contains("No DS: "));

    let lab = sign(lab, "example.test.");
    let notice = lab.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("Signed example.test.: ")
            && notice.contains(
                " signatures. Validators check them only once the registrar publishes its DS"
            ),
        "{notice}"
    );
    let zone = lab.loaded.world.zone(&n("example.test.")).unwrap();
    assert_eq!(zone.rrset(&n("example.test."), RType::DNSKEY).len(), 2);
    assert!(!zone.rrset(&n("www.example.test."), RType::RRSIG).is_empty());
    let html = inspector(&lab, "example.test.");
    assert!(html.contains("KSK ECDSAP256SHA256 tag"), "{html}");
    assert!(html.contains("valid now"), "{html}");
    // The record table lists the user's records, and counts the signer's.
    assert!(html.contains("records the signer made"), "{html}");
    assert!(!html.contains("<td class=\"rtype\">RRSIG</td>"), "{html}");
    assert!(
        html.contains("id=\"publish-ds\""),
        "the registrar has no DS yet"
    );

    let lab = lab.apply(Action::Signing(SigningEdit::SetDsFromKeys(n(
        "example.test.",
    ))));
    assert!(matches!(
        ds_at_parent(&lab)[..],
        [DsMatch::Key { sep: true, .. }]
    ));
    let html = inspector(&lab, "example.test.");
    assert!(
        html.contains("✔ matches the zone&#x27;s KSK") || html.contains("✔ matches the zone's KSK"),
        "{html}"
    );
    assert!(!html.contains("id=\"publish-ds\""), "the DS is current");

    // Signed again with new keys (a new provider): the DS names no key.
    let lab = lab
        .apply(Action::Signing(SigningEdit::Stop(n("example.test."))))
        .apply(Action::AdvanceClock(60))
        .apply(Action::Signing(SigningEdit::Sign {
            apex: n("example.test."),
            algorithm: Algorithm::Ed25519,
            nsec3: true,
            combined: true,
        }));
    assert_eq!(ds_at_parent(&lab), vec![DsMatch::NoKey]);
    // One combined key: a CSK (flags 257) that signs everything.
    let keys = lab
        .loaded
        .world
        .zone(&n("example.test."))
        .unwrap()
        .rrset(&n("example.test."), RType::DNSKEY)
        .len();
    assert_eq!(keys, 1);
    let html = inspector(&lab, "example.test.");
    assert!(
        html.contains("⚠ matches no key the zone publishes"),
        "{html}"
    );
    assert!(html.contains("id=\"publish-ds\""));
}

#[test]
fn a_running_signer_follows_edits_and_the_clock_and_a_stopped_one_does_not() {
    let lab = sign(lab(), "example.test.");
    let new = dns_lab::sim::zonefile::parse_record(
        "new.example.test. 300 IN A 192.0.2.99",
        &n("example.test."),
        300,
    )
    .unwrap();
    let lab = lab.apply(Action::EditRecords {
        copy: CopyRef::shared(n("example.test.")),
        remove: Vec::new(),
        add: vec![new],
    });
    let zone = lab.loaded.world.zone(&n("example.test.")).unwrap();
    assert!(
        !zone.rrset(&n("new.example.test."), RType::RRSIG).is_empty(),
        "signed after the edit"
    );

    // Twelve days on: a running signer has renewed what was due.
    let running = lab.clone().apply(Action::AdvanceClock(12 * DAY));
    assert_eq!(expiration(&running), (true, true));
    let running = running.apply(Action::AdvanceClock(12 * DAY));
    assert_eq!(expiration(&running), (true, true));

    // The cache panel shows the world's date beside the clock.
    let html = render::<ResolutionPanel>(LabProps {
        lab: Rc::new(running.clone().apply(Action::SelectTab(Tab::Cache))),
        dispatch: Callback::noop(),
    });
    assert!(html.contains("(2026-01-25T00:00:00Z)"), "{html}");

    // Stopped, the signatures run out after their two weeks.
    let stopped = lab
        .apply(Action::Signing(SigningEdit::SetRunning {
            apex: n("example.test."),
            running: false,
        }))
        .apply(Action::AdvanceClock(20 * DAY));
    assert_eq!(expiration(&stopped), (true, false));
    let html = inspector(&stopped, "example.test.");
    assert!(html.contains("⚠ some have expired"), "{html}");
    // Re-signing by hand brings them back.
    let resigned = stopped.apply(Action::Signing(SigningEdit::Resign(n("example.test."))));
    assert_eq!(expiration(&resigned), (true, true));
}

#[test]
fn signing_edits_undo_and_are_recorded_as_a_fix() {
    let start = lab();
    let lab = sign(start.clone(), "example.test.")
        .apply(Action::Signing(SigningEdit::SetDsFromKeys(n(
            "example.test.",
        ))))
        .apply(Action::Signing(SigningEdit::Roll {
            apex: n("example.test."),
            role: KeyRole::ZSK,
        }));
    let recorded = edits_between(&start.loaded.scenario, &lab.loaded.scenario).unwrap();
    let remade = apply_edits(&start.loaded.scenario, &recorded).unwrap();
    assert_eq!(remade.zones, lab.loaded.scenario.zones);

    let undone = lab
        .apply(Action::Undo)
        .apply(Action::Undo)
        .apply(Action::Undo);
    assert_eq!(undone.loaded.scenario, start.loaded.scenario);
}

#[test]
fn signing_a_zone_that_cannot_be_signed_says_why() {
    let lab = lab().apply(Action::Signing(SigningEdit::Resign(n("example.test."))));
    let notice = lab.notice.clone().unwrap_or_default();
    assert!(notice.contains("not signed"), "{notice}");
}

/// In the browser the cryptography arrives after the page (the reducer
/// then hears `CryptoArrived`); natively it is always there, so the edit
/// that waited is set here as the page leaves it.
#[test]
fn an_edit_waiting_for_the_cryptography_is_made_when_it_arrives_or_dropped_with_a_notice() {
    let waiting = SigningEdit::Sign {
        apex: n("example.test."),
        algorithm: Algorithm::Ed25519,
        nsec3: false,
        combined: false,
    };
    let mut before = lab();
    before.awaiting_crypto = Some(waiting.clone());
    assert!(before.wants_crypto());

    let failed = before
        .clone()
        .apply(Action::CryptoArrived(Err("offline".into())));
    assert_eq!(failed.awaiting_crypto, None);
    assert!(
        failed
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Could not sign") && n.contains("offline")),
        "{:?}",
        failed.notice
    );
    assert_eq!(failed.loaded.scenario, before.loaded.scenario);
    assert!(
        !failed.wants_crypto(),
        "an unsigned world asks for nothing more"
    );

    // A signed world opened while the module cannot be fetched: served as
    // it is, and the page says why it is not signed again.
    let signed = sign(lab(), "example.test.");
    let unfetched = signed
        .clone()
        .apply(Action::CryptoArrived(Err("offline".into())));
    assert_eq!(unfetched.loaded.scenario, signed.loaded.scenario);
    assert!(
        unfetched
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("did not download") && n.contains("served as they are")),
        "{:?}",
        unfetched.notice
    );

    let arrived = before.apply(Action::CryptoArrived(Ok(())));
    assert_eq!(arrived.awaiting_crypto, None);
    let signed = arrived
        .loaded
        .scenario
        .zones
        .iter()
        .find(|z| z.apex == n("example.test."))
        .and_then(|z| z.signing.as_ref())
        .expect("the waiting edit signed the zone");
    assert_eq!(signed.keys[0].algorithm, Algorithm::Ed25519);
    assert!(
        arrived.wants_crypto(),
        "a signed world keeps the cryptography"
    );
}

/// A KSK rollover through CDS (RFC 7344): the host publishes what it
/// wants, the registrar's side offers to take it while it differs.
#[test]
fn the_registrar_takes_the_ds_the_child_publishes_as_cds() {
    let apex = n("example.test.");
    let lab = sign(lab(), "example.test.")
        .apply(Action::Signing(SigningEdit::SetDsFromKeys(apex.clone())))
        .apply(Action::Signing(SigningEdit::PublishCds {
            apex: apex.clone(),
            publish: true,
        }));
    let html = inspector(&lab, "example.test.");
    assert!(html.contains("id=\"publish-cds\""), "{html}");
    assert!(
        !html.contains("id=\"take-cds\""),
        "the CDS asks for the DS the registrar has"
    );

    let lab = lab.apply(Action::Signing(SigningEdit::Roll {
        apex: apex.clone(),
        role: KeyRole::KSK,
    }));
    let html = inspector(&lab, "example.test.");
    assert!(
        html.contains("Take the DS from example.test.&#x27;s CDS records")
            || html.contains("Take the DS from example.test.'s CDS records"),
        "{html}"
    );
    let lab = lab.apply(Action::Signing(SigningEdit::SetDsFromCds(apex.clone())));
    assert!(matches!(
        ds_at_parent(&lab)[..],
        [
            DsMatch::Key { sep: true, .. },
            DsMatch::Key { sep: true, .. }
        ]
    ));
    assert!(!inspector(&lab, "example.test.").contains("id=\"take-cds\""));

    // Stopped publishing: nothing to take, and the DS stays.
    let lab = lab.apply(Action::Signing(SigningEdit::PublishCds {
        apex: apex.clone(),
        publish: false,
    }));
    let kept = lab.apply(Action::Signing(SigningEdit::SetDsFromCds(apex.clone())));
    assert_eq!(ds_at_parent(&kept).len(), 2);
    assert!(
        kept.notice
            .as_deref()
            .is_some_and(|n| n.contains("publishes no CDS")),
        "{:?}",
        kept.notice
    );
}

#[test]
fn the_validation_switch_makes_the_resolver_check_the_chain_of_trust() {
    use dns_lab::sim::resolver::{Event, Outcome};
    let mut lab = lab();
    for apex in [".", "test.", "example.test."] {
        lab = sign(lab, apex);
    }
    for child in ["test.", "example.test."] {
        lab = lab.apply(Action::Signing(SigningEdit::SetDsFromKeys(n(child))));
    }
    let lab = lab
        .apply(Action::SetQueryName("www.example.test".into()))
        .apply(Action::SetValidation(true));
    assert!(lab.query.config.validation);
    assert!(lab.wants_crypto());
    let checks = lab
        .query
        .steps
        .iter()
        .filter(|s| matches!(s.event, Event::Check(_)))
        .count();
    assert!(checks >= 6, "DS and DNSKEY fetched and judged: {checks}");
    let last_check = lab
        .query
        .steps
        .iter()
        .rev()
        .find(|s| matches!(s.event, Event::Check(_)))
        .unwrap();
    assert!(
        last_check.explanation().contains("The answer is secure"),
        "{}",
        last_check.explanation()
    );
    let panel = render::<ResolutionPanel>(LabProps {
        lab: Rc::new(lab.clone()),
        dispatch: Callback::noop(),
    });
    assert!(panel.contains("id=\"dnssec-validation\""), "{panel}");

    assert!(panel.contains("id=\"trust-anchor\""), "{panel}");

    // A trust anchor that is not the root's DNSKEY or DS is refused with
    // its line, and the world stays as it was.
    let refused = lab.clone().apply(Action::SetTrustAnchor(
        "example.test. 60 IN A 192.0.2.1".into(),
    ));
    assert_eq!(refused.loaded.scenario.trust_anchor, None);
    let notice = refused.notice.clone().unwrap_or_default();
    assert!(notice.contains("the trust anchor, line 1"), "{notice}");
    // A DS for another key: every answer is bogus.
    let other =
        ". 3600 IN DS 1 13 2 0000000000000000000000000000000000000000000000000000000000000000";
    let anchored = lab.clone().apply(Action::SetTrustAnchor(other.into()));
    assert_eq!(
        anchored.loaded.scenario.trust_anchor.as_deref(),
        Some(other)
    );
    let words: Vec<String> = anchored
        .query
        .steps
        .iter()
        .map(|s| s.explanation())
        .collect();
    assert!(
        words
            .iter()
            .any(|w| w.contains("no key that the trust anchor names")),
        "{words:?}"
    );

    // Another preset keeps the switch.
    let bind = lab
        .clone()
        .apply(Action::SetPreset(dns_lab::sim::resolver::Preset::BindLike));
    assert!(bind.query.config.validation);

    // DNSSEC turned off at the host while the DS stays: bogus, SERVFAIL.
    let broken = lab.apply(Action::Signing(SigningEdit::Stop(n("example.test."))));
    let outcome = broken
        .query
        .steps
        .iter()
        .rev()
        .find_map(|s| match &s.event {
            Event::Done(outcome) => Some(outcome.clone()),
            _ => None,
        });
    assert!(
        matches!(outcome, Some(Outcome::ServFail { .. })),
        "{outcome:?}"
    );
    let words: Vec<String> = broken.query.steps.iter().map(|s| s.explanation()).collect();
    assert!(words.iter().any(|w| w.contains("bogus")), "{words:?}");
}
