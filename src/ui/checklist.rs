//! Lists of checkboxes that stay usable at thousands of items: the zones a
//! server loads, the zones a new server will load, the servers of a new
//! zone. A world of 2,000 zones used to draw 2,000 checkboxes in the
//! inspector (nine tenths of the page's elements) and rebuild them on every
//! step; now at most [`SHOWN`] are drawn, ticked ones first, and a filter
//! finds the rest.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How many items a list draws at most.
pub const SHOWN: usize = 20;

/// One checkbox: its label and whether it is ticked.
#[derive(Clone, PartialEq)]
pub struct Item {
    pub label: String,
    pub checked: bool,
}

impl Item {
    pub fn new(label: String, checked: bool) -> Item {
        Item { label, checked }
    }
}

/// Which items to draw for `filter`, by index, in list order, and how many
/// items matching it are left out. Ticked items that match come first, so a
/// choice never disappears from view while the list is short of the limit,
/// then the others in order. The filter ignores case and matches anywhere
/// in the label.
pub fn visible(items: &[(&str, bool)], filter: &str, limit: usize) -> (Vec<usize>, usize) {
    let filter = filter.trim().to_lowercase();
    let matching: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, (label, _))| filter.is_empty() || label.to_lowercase().contains(&filter))
        .map(|(i, _)| i)
        .collect();
    let ticked = matching.iter().copied().filter(|&i| items[i].1);
    let unticked = matching.iter().copied().filter(|&i| !items[i].1);
    let mut shown: Vec<usize> = ticked.chain(unticked).take(limit).collect();
    shown.sort_unstable();
    let left_out = matching.len() - shown.len();
    (shown, left_out)
}

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    /// Checkbox ids are `{prefix}-{index}`, the index in `items`; the
    /// filter's id is `{prefix}-filter`.
    pub prefix: AttrValue,
    /// What the items are, plural ("zones"), for the filter's label.
    pub noun: AttrValue,
    pub items: Rc<Vec<Item>>,
    /// Called with an item's index and its new state.
    pub on_toggle: Callback<(usize, bool)>,
    /// What follows an item's label (a link, a tag), given its index:
    /// built only for the items drawn, not for every one of thousands.
    #[prop_or_default]
    pub extra: Option<Callback<usize, Html>>,
}

#[function_component(Checklist)]
pub fn checklist(props: &ChecklistProps) -> Html {
    let filter = use_state(String::new);
    let pairs: Vec<(&str, bool)> = props
        .items
        .iter()
        .map(|item| (item.label.as_str(), item.checked))
        .collect();
    let (shown, left_out) = visible(&pairs, &filter, SHOWN);
    let long = props.items.len() > SHOWN;
    let prefix = &props.prefix;
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                filter.set(input.value());
            }
        })
    };
    let filter_id = format!("{prefix}-filter");
    let summary_id = format!("{prefix}-summary");
    html! {
        <div class="checklist-box">
            if long {
                <input type="search" class="checklist-filter" id={filter_id} value={(*filter).clone()}
                    oninput={on_filter} spellcheck="false" placeholder={format!("Find {}…", props.noun)}
                    aria-label={format!("Find {}", props.noun)} aria-describedby={summary_id.clone()} />
            }
            <ul class="checklist scroll">
                { for shown.iter().map(|&i| {
                    let item = &props.items[i];
                    let input_id = format!("{prefix}-{i}");
                    let onchange = props.on_toggle.reform(move |e: Event| {
                        let ticked = e
                            .target_dyn_into::<HtmlInputElement>()
                            .is_some_and(|input| input.checked());
                        (i, ticked)
                    });
                    html! {
                        <li key={i}>
                            <input type="checkbox" id={input_id.clone()} checked={item.checked} {onchange} />
                            <label for={input_id}>{ item.label.clone() }</label>
                            { props.extra.as_ref().map(|extra| extra.emit(i)).unwrap_or_default() }
                        </li>
                    }
                }) }
            </ul>
            if long {
                <p class="muted checklist-summary" id={summary_id} aria-live="polite">
                    { summary(shown.len(), left_out, props.items.len(), &props.noun, !filter.trim().is_empty()) }
                </p>
            }
        </div>
    }
}

fn summary(shown: usize, left_out: usize, total: usize, noun: &str, filtered: bool) -> String {
    match (shown, left_out, filtered) {
        (0, _, _) => format!("No {noun} match."),
        (_, 0, _) => format!("Showing all {shown} that match, of {total} {noun}."),
        (_, _, false) => format!(
            "Showing {shown} of {total} {noun}, ticked ones first: type part of a name to find the others."
        ),
        (_, _, true) => format!(
            "Showing {shown} of {} that match ({total} {noun} in all): type more of the name to narrow them.",
            shown + left_out
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize, ticked: &[usize]) -> Vec<(String, bool)> {
        (0..n)
            .map(|i| (format!("zone{i}.test."), ticked.contains(&i)))
            .collect()
    }

    fn pairs(items: &[(String, bool)]) -> Vec<(&str, bool)> {
        items.iter().map(|(l, t)| (l.as_str(), *t)).collect()
    }

    #[test]
    fn a_short_list_is_shown_whole() {
        let items = items(8, &[3]);
        assert_eq!(
            visible(&pairs(&items), "", SHOWN),
            ((0..8).collect::<Vec<_>>(), 0)
        );
    }

    #[test]
    fn a_long_list_shows_ticked_items_first_then_the_rest_in_order() {
        let items = items(2000, &[1500, 1999]);
        let (shown, left_out) = visible(&pairs(&items), "", 5);
        assert_eq!(shown, [0, 1, 2, 1500, 1999]);
        assert_eq!(left_out, 1995);
    }

    #[test]
    fn the_summary_says_what_is_left_out_and_how_to_find_it() {
        assert_eq!(
            summary(20, 1980, 2000, "zones", false),
            "Showing 20 of 2000 zones, ticked ones first: type part of a name to find the others."
        );
        assert_eq!(
            summary(20, 91, 2000, "zones", true),
            "Showing 20 of 111 that match (2000 zones in all): type more of the name to narrow them."
        );
        assert_eq!(
            summary(11, 0, 2000, "zones", true),
            "Showing all 11 that match, of 2000 zones."
        );
        assert_eq!(summary(0, 0, 2000, "zones", true), "No zones match.");
    }

    #[test]
    fn the_filter_ignores_case_and_finds_any_part_of_the_label() {
        let items = items(2000, &[]);
        let (shown, left_out) = visible(&pairs(&items), " ZONE199", SHOWN);
        assert_eq!(
            shown,
            [
                199, 1990, 1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999
            ]
        );
        assert_eq!(left_out, 0);
        assert_eq!(visible(&pairs(&items), "nothing", SHOWN), (vec![], 0));
    }
}
