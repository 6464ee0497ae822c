//! A zone cut's two NS sets side by side, as the inspector opens on a zone:
//! the registrar's (the parent zone's delegation, with glue) and the zone's
//! own (its apex NS records), one row per name server so a difference shows
//! at a glance, and what each name's server does for the zone. The rows are
//! computed by [`crate::sim::cut::compare`]. Each side is edited in place:
//! a listed name can be removed from that side, a missing one added to it,
//! so a mismatch is mended from the table (glue stays with the registrar
//! form below).

use yew::prelude::*;

use super::diagnostics::severity_icon;
use super::state::{Action, CopyRef, Lab};
use crate::sim::cut::{CutComparison, CutRow, NsServer};
use crate::sim::finding::FindingKind;
use crate::sim::name::Name;
use crate::sim::record::{RData, RType, Record};
use crate::sim::zone::NsSide;

/// The TTL a new NS record gets when its side has none to copy (a common
/// TLD value, as the registrar form uses).
const NEW_NS_TTL: u32 = 86_400;

/// One side of the cut, as the table edits it: the zone copy that holds
/// its NS records for `apex`, and those records as written.
struct Side {
    side: NsSide,
    copy: CopyRef,
    /// "the registrar (test zone)" or "example.test's own NS records".
    words: String,
    records: Vec<Record>,
}

impl Side {
    fn of(lab: &Lab, apex: &Name, holder: &Name, side: NsSide) -> Side {
        let records = lab
            .loaded
            .world
            .zone(holder)
            .map(|zone| zone.rrset(apex, RType::NS).into_iter().cloned().collect())
            .unwrap_or_default();
        let words = match side {
            NsSide::Parent => format!("the registrar ({} zone)", holder.prose()),
            NsSide::Child => format!("{}'s own NS records", apex.prose()),
        };
        Side {
            side,
            copy: CopyRef::shared(holder.clone()),
            words,
            records,
        }
    }

    /// The button that takes `host` off this side, or puts it on.
    fn edit(&self, apex: &Name, host: &Name, dispatch: &Callback<Action>) -> Html {
        let listed: Vec<Record> = self
            .records
            .iter()
            .filter(|r| r.data == RData::NS(host.clone()))
            .cloned()
            .collect();
        let (remove, add, text, label) = if listed.is_empty() {
            let ttl = self.records.first().map_or(NEW_NS_TTL, |r| r.ttl);
            let record = Record::new(apex.clone(), ttl, RData::NS(host.clone()));
            let label = format!("Add {} to {}", host.prose(), self.words);
            (Vec::new(), vec![record], "+ add", label)
        } else {
            let label = format!("Remove {} from {}", host.prose(), self.words);
            (listed, Vec::new(), "✕", label)
        };
        let copy = self.copy.clone();
        let onclick = dispatch.reform(move |_: MouseEvent| Action::EditRecords {
            copy: copy.clone(),
            remove: remove.clone(),
            add: add.clone(),
        });
        let class = match self.side {
            NsSide::Parent => "cut-edit registrar",
            NsSide::Child => "cut-edit zone",
        };
        html! {
            <button type="button" {class} aria-label={label.clone()} title={label} {onclick}>{ text }</button>
        }
    }
}

/// Where a row's name is listed, in words (not colour alone).
fn sides(row: &CutRow) -> &'static str {
    match (row.at_parent, row.at_child) {
        (true, true) => "in both",
        (true, false) => "registrar only",
        (false, true) => "zone only",
        (false, false) => "",
    }
}

fn side_cell(listed: bool, row: &CutRow, with_glue: bool, edit: Html) -> Html {
    if !listed {
        return html! {
            <td class="absent"><span aria-label="not listed">{ "—" }</span>{ " " }{ edit }</td>
        };
    }
    let glue: Vec<String> = row.glue.iter().map(ToString::to_string).collect();
    html! {
        <td>
            <code class="name">{ row.host.prose() }</code>
            { " " }
            { edit }
            if with_glue && !glue.is_empty() {
                <span class="glue">{ format!(" glue {}", glue.join(", ")) }</span>
            }
        </td>
    }
}

/// Whether the sides agree; where they differ, the finding about it says
/// how much that matters, with its own severity and words.
fn summary(lab: &Lab, apex: &Name, comparison: &CutComparison) -> Html {
    if comparison.rows.is_empty() {
        return html! { <p class="problem">{ "✖ Neither side lists a name server." }</p> };
    }
    if !comparison.differs() {
        return html! { <p class="cut-summary ok">{ "✔ Both sides list the same name servers." }</p> };
    }
    let finding = lab
        .loaded
        .findings
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FindingKind::NsSetsDisjoint
                    | FindingKind::NsOnlyAtParent
                    | FindingKind::NsOnlyAtChild
            ) && f.zones.first() == Some(apex)
        })
        .min_by_key(|f| f.severity);
    match finding {
        Some(finding) => html! {
            <p class={classes!("cut-summary", finding.severity.to_string())}>
                { format!("{} The two sides differ. {}", severity_icon(finding.severity), finding.consequence) }
            </p>
        },
        None => html! { <p class="cut-summary notice">{ "ℹ The two sides differ." }</p> },
    }
}

/// The table, with a sentence that says whether the sides agree.
pub fn cut_table(
    lab: &Lab,
    apex: &Name,
    comparison: &CutComparison,
    dispatch: &Callback<Action>,
) -> Html {
    let registrar = comparison
        .parent
        .as_ref()
        .map(|parent| Side::of(lab, apex, parent, NsSide::Parent));
    let zone = Side::of(lab, apex, apex, NsSide::Child);
    let parent = comparison
        .parent
        .as_ref()
        .map_or_else(|| "root hints".to_string(), Name::prose);
    // A name a group of two rows: its cells on each side, aligned, then in
    // words which side lists it and what its server does.
    let groups = comparison.rows.iter().map(|row| {
        let class = match (row.at_parent, row.at_child) {
            (true, true) => "both",
            (true, false) => "registrar-only",
            _ => "zone-only",
        };
        let state = match row.server {
            NsServer::Authoritative => "ok",
            NsServer::Lame | NsServer::Refusing | NsServer::Down | NsServer::Unknown => "problem",
        };
        html! {
            <tbody class={class}>
                <tr>
                    { side_cell(row.at_parent, row, true, registrar.as_ref().map(|side| side.edit(apex, &row.host, dispatch)).unwrap_or_default()) }
                    { side_cell(row.at_child, row, false, zone.edit(apex, &row.host, dispatch)) }
                </tr>
                <tr class="about">
                    <td colspan="2">
                        <span class="sides">{ sides(row) }</span>
                        { " · " }
                        <span class={classes!("server-state", state)}>{ row.server.describe() }</span>
                    </td>
                </tr>
            </tbody>
        }
    });
    html! {
        <section class="side cut" aria-labelledby="cut-heading">
            <h4 id="cut-heading">{ format!("{} NS, both sides of the cut", apex.prose()) }</h4>
            <table class="cut-table" id="cut-table">
                <thead>
                    <tr>
                        <th scope="col">{ format!("At the registrar ({parent} zone)") }</th>
                        <th scope="col">{ "In the zone (DNS host)" }</th>
                    </tr>
                </thead>
                { for groups }
            </table>
            { summary(lab, apex, comparison) }
        </section>
    }
}
