//! The one rule for every keyboard shortcut (src/ui/workbench.rs): where a
//! key lands decides whether it steps, plays, undoes or is left to the
//! control that has the focus.

use dns_lab::ui::state::Action;
use dns_lab::ui::workbench::{KeyTarget, Pressed, shortcut};

fn key(key: &str) -> Pressed {
    Pressed {
        key: key.to_string(),
        ctrl: false,
        shift: false,
        alt: false,
    }
}

fn ctrl(key: &str, shift: bool) -> Pressed {
    Pressed {
        ctrl: true,
        shift,
        ..self::key(key)
    }
}

fn name(action: Option<Action>) -> String {
    match action {
        None => "nothing".into(),
        Some(Action::Step) => "step".into(),
        Some(Action::StepBack) => "back".into(),
        Some(Action::Play(on)) => format!("play {on}"),
        Some(Action::Undo) => "undo".into(),
        Some(Action::Redo) => "redo".into(),
        Some(Action::SetClassroom(on)) => format!("classroom {on}"),
        Some(_) => "something else".into(),
    }
}

#[test]
fn the_stepping_keys_act_on_the_page_and_the_stepper_only() {
    use KeyTarget::*;
    for (target, expected) in [
        (Page, ["step", "back", "play true"]),
        (Stepper, ["step", "back", "play true"]),
        (Control, ["nothing", "nothing", "nothing"]),
        (Field, ["nothing", "nothing", "nothing"]),
    ] {
        for (pressed, want) in ["ArrowRight", "ArrowLeft", " "].into_iter().zip(expected) {
            assert_eq!(
                name(shortcut(&key(pressed), target, false, false)),
                want,
                "{pressed:?} on {target:?}"
            );
        }
    }
    // Space pauses what plays.
    assert_eq!(
        name(shortcut(&key(" "), KeyTarget::Page, true, false)),
        "play false"
    );
}

#[test]
fn a_presenter_remote_pages_only_in_classroom_mode_and_escape_leaves_it() {
    for target in [KeyTarget::Page, KeyTarget::Stepper] {
        assert_eq!(
            name(shortcut(&key("PageDown"), target, false, false)),
            "nothing"
        );
        assert_eq!(
            name(shortcut(&key("PageDown"), target, false, true)),
            "step"
        );
        assert_eq!(name(shortcut(&key("PageUp"), target, false, true)), "back");
    }
    assert_eq!(
        name(shortcut(&key("PageDown"), KeyTarget::Control, false, true)),
        "nothing"
    );
    assert_eq!(
        name(shortcut(&key("Escape"), KeyTarget::Control, false, true)),
        "classroom false"
    );
    assert_eq!(
        name(shortcut(&key("Escape"), KeyTarget::Field, false, true)),
        "nothing"
    );
    assert_eq!(
        name(shortcut(&key("Escape"), KeyTarget::Page, false, false)),
        "nothing"
    );
}

#[test]
fn undo_and_redo_act_anywhere_but_in_a_text_field() {
    for target in [KeyTarget::Page, KeyTarget::Stepper, KeyTarget::Control] {
        assert_eq!(
            name(shortcut(&ctrl("z", false), target, false, false)),
            "undo"
        );
        assert_eq!(
            name(shortcut(&ctrl("Z", true), target, false, false)),
            "redo"
        );
        assert_eq!(
            name(shortcut(&ctrl("y", false), target, false, false)),
            "redo"
        );
    }
    assert_eq!(
        name(shortcut(&ctrl("z", false), KeyTarget::Field, false, false)),
        "nothing"
    );
    let alt = Pressed {
        alt: true,
        ..key("ArrowRight")
    };
    assert_eq!(
        name(shortcut(&alt, KeyTarget::Page, false, false)),
        "nothing"
    );
}
