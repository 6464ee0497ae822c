//! The diagnostics panel: every finding, grouped by severity, with its
//! consequence, its fix and the names real tools give it. Choosing one
//! highlights what it concerns on the graph and opens the inspector.

use yew::prelude::*;

use super::LabProps;
use super::form::focus_on;
use super::state::Action;
use crate::sim::finding::{Finding, Severity};

/// How many findings of each severity: errors, warnings, notices.
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Notice),
    )
}

/// The icon shown beside a severity's colour, so colour is never the only
/// signal.
pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "⚠",
        Severity::Notice => "ℹ",
    }
}

#[function_component(DiagnosticsPanel)]
pub fn diagnostics_panel(props: &LabProps) -> Html {
    let findings = &props.lab.loaded.findings;
    let groups = [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Notice, "Notices"),
    ];
    html! {
        <section class="diagnostics" id="diagnostics" aria-labelledby="diagnostics-heading">
            <h2 id="diagnostics-heading" tabindex="-1">{ "Diagnostics" }</h2>
            if findings.is_empty() {
                <p class="all-good" id="no-findings">{ "✔ No problems found: every delegation is consistent and every zone is reachable." }</p>
            }
            { for groups.iter().filter_map(|&(severity, heading)| {
                let group: Vec<(usize, &Finding)> = findings
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.severity == severity)
                    .collect();
                (!group.is_empty()).then(|| html! {
                    <section class={classes!("finding-group", severity.to_string())}>
                        <h3>{ format!("{} {heading} ({})", severity_icon(severity), group.len()) }</h3>
                        <ul class="findings">
                            { for group.into_iter().map(|(i, f)| finding_item(i, f, props)) }
                        </ul>
                    </section>
                })
            }) }
        </section>
    }
}

fn finding_item(index: usize, finding: &Finding, props: &LabProps) -> Html {
    let focused = props.lab.focused_finding == Some(index);
    let onclick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::FocusFinding((!focused).then_some(index)))
        })
    };
    let references = finding.references();
    let mut names = vec![references.rfc.to_string()];
    names.extend(references.dnsviz.map(|d| format!("DNSViz {d}")));
    names.extend(references.zonemaster.map(|z| format!("Zonemaster {z}")));
    html! {
        <li class={classes!("finding", finding.severity.to_string(), focused.then_some("focused"))}
            data-kind={finding.kind.id()}>
            <button type="button" class="finding-title" aria-pressed={focused.to_string()} {onclick}>
                { finding.title.clone() }
            </button>
            <p class="consequence">{ finding.consequence.clone() }</p>
            <p class="fix"><strong>{ "Fix: " }</strong>{ finding.fix.explanation.clone() }</p>
            if !finding.fix.edits.is_empty() {
                <button type="button" class="apply-finding-fix"
                    onclick={props.dispatch.reform(move |_: MouseEvent| {
                        // The finding (and this button) goes once fixed.
                        focus_on("diagnostics-heading");
                        Action::ApplyFindingFix(index)
                    })}>
                    { "Apply this fix" }
                </button>
            }
            <p class="references">{ names.join(" · ") }</p>
        </li>
    }
}
