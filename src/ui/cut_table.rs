//! A zone cut's two NS sets side by side, as the inspector opens on a zone:
//! the registrar's (the parent zone's delegation, with glue) and the zone's
//! own (its apex NS records), one row per name server so a difference shows
//! at a glance, and what each name's server does for the zone. The rows are
//! computed by [`crate::sim::cut::compare`].

use yew::prelude::*;

use crate::sim::cut::{CutComparison, CutRow, NsServer};
use crate::sim::name::Name;

/// Where a row's name is listed, in words (not colour alone).
fn sides(row: &CutRow) -> &'static str {
    match (row.at_parent, row.at_child) {
        (true, true) => "in both",
        (true, false) => "registrar only",
        (false, true) => "zone only",
        (false, false) => "",
    }
}

fn side_cell(listed: bool, row: &CutRow, with_glue: bool) -> Html {
    if !listed {
        return html! { <td class="absent"><span aria-label="not listed">{ "—" }</span></td> };
    }
    let glue: Vec<String> = row.glue.iter().map(ToString::to_string).collect();
    html! {
        <td>
            <code class="name">{ row.host.prose() }</code>
            if with_glue && !glue.is_empty() {
                <span class="glue">{ format!(" glue {}", glue.join(", ")) }</span>
            }
        </td>
    }
}

fn summary(comparison: &CutComparison) -> Html {
    if comparison.rows.is_empty() {
        return html! { <p class="problem">{ "✖ Neither side lists a name server." }</p> };
    }
    if comparison.differs() {
        html! {
            <p class="cut-summary degraded">
                { "⚠ The two sides differ. A resolver asks the registrar's set until it has asked the zone itself; from then on it uses the zone's own set, for as long as that stays in its cache. Some lookups reach one set, some the other." }
            </p>
        }
    } else {
        html! { <p class="cut-summary ok">{ "✔ Both sides list the same name servers." }</p> }
    }
}

/// The table, with a sentence that says whether the sides agree.
pub fn cut_table(apex: &Name, comparison: &CutComparison) -> Html {
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
                    { side_cell(row.at_parent, row, true) }
                    { side_cell(row.at_child, row, false) }
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
            { summary(comparison) }
        </section>
    }
}
