//! How long laying out the zone hierarchy takes, and why the app ships its
//! own tidy tree instead of a general layered (Sugiyama) layout: the same
//! DNS-shaped trees through `dns_lab::layout::TidyTree` and through the
//! `rust-sugiyama` crate behind the same `TreeLayout` trait. The app
//! re-lays out the graph after every edit and must stay usable at 2,000
//! zones in wasm, which runs a few times slower than these native figures.
//! Run with `cargo bench --bench layout` (`BENCH_QUICK=1` for the two
//! smallest sizes only). A growth table follows criterion's output.

mod common;

use common::Growth;
use criterion::Criterion;
use dns_lab::layout::{Placement, TidyTree, TreeLayout, TreeNode};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use rust_sugiyama::configure::Config;
use std::time::Duration;

/// Root → 10 TLDs → domains spread evenly over them; every 10th domain has
/// two subdomains. Sizes vary like zone boxes with and without server chips.
fn dns_shaped_tree(size: usize) -> Vec<TreeNode> {
    let zone = |parent, width, height| TreeNode {
        parent: Some(parent),
        width,
        height,
    };
    let mut nodes = vec![TreeNode {
        parent: None,
        width: 40.0,
        height: 40.0,
    }];
    for _ in 0..10.min(size.saturating_sub(1)) {
        nodes.push(zone(0, 70.0, 40.0));
    }
    let mut domain = 0;
    while nodes.len() < size {
        let id = nodes.len();
        let width = 100.0 + (domain % 4) as f64 * 15.0;
        let height = 40.0 + (domain % 3) as f64 * 14.0;
        nodes.push(zone(1 + domain % 10, width, height));
        if domain % 10 == 0 {
            for _ in 0..2 {
                if nodes.len() < size {
                    nodes.push(zone(id, 130.0, 40.0));
                }
            }
        }
        domain += 1;
    }
    nodes
}

/// rust-sugiyama's general layered layout, fed the delegation edges only.
/// Kept here, not in the app: it shows the trait accepts another algorithm
/// and gives the comparison its numbers.
struct Sugiyama {
    config: Config,
}

impl Default for Sugiyama {
    fn default() -> Self {
        let spacing = TidyTree::default();
        Sugiyama {
            config: Config {
                vertex_spacing: spacing.sibling_gap,
                ..Config::default()
            },
        }
    }
}

impl TreeLayout for Sugiyama {
    fn place(&self, nodes: &[TreeNode]) -> Placement {
        let mut graph = StableDiGraph::<(f64, f64), ()>::new();
        let ids: Vec<NodeIndex> = nodes
            .iter()
            .map(|node| graph.add_node((node.width, node.height)))
            .collect();
        for (child, node) in nodes.iter().enumerate() {
            if let Some(parent) = node.parent.filter(|&parent| parent < nodes.len()) {
                graph.add_edge(ids[parent], ids[child], ());
            }
        }
        let layouts = rust_sugiyama::from_graph(&graph, &|_, &size| size, &self.config);
        // One layout per connected component, centres given; measure each
        // by its nodes' edges and put the components side by side.
        let mut placement = Placement {
            x: vec![0.0; nodes.len()],
            y: vec![0.0; nodes.len()],
            width: 0.0,
            height: 0.0,
        };
        for (coordinates, _, _) in layouts {
            let size = |id: NodeIndex| graph.node_weight(id).copied().unwrap_or((0.0, 0.0));
            let (mut left, mut right, mut top, mut bottom) =
                (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for &(id, (x, y)) in &coordinates {
                let (width, height) = size(id);
                left = left.min(x - width / 2.0);
                right = right.max(x + width / 2.0);
                top = top.min(y - height / 2.0);
                bottom = bottom.max(y + height / 2.0);
            }
            let offset = if placement.width > 0.0 {
                placement.width + self.config.vertex_spacing
            } else {
                0.0
            };
            for &(id, (x, y)) in &coordinates {
                placement.x[id.index()] = offset + x - left;
                placement.y[id.index()] = y - size(id).1 / 2.0 - top;
            }
            placement.width = offset + right - left;
            placement.height = placement.height.max(bottom - top);
        }
        placement
    }
}

fn layouts(c: &mut Criterion, growth: &Growth) {
    let mut group = c.benchmark_group("layout");
    let tidy = TidyTree::default();
    let sugiyama = Sugiyama::default();
    for size in common::sizes(&[100, 2_000, 10_000]) {
        let nodes = dns_shaped_tree(size);
        let placement = tidy.place(&nodes);
        println!(
            "{} nodes: tidy tree drawing {:.0} × {:.0} px",
            nodes.len(),
            placement.width,
            placement.height
        );
        growth.bench(&mut group, "tidy tree", size, || tidy.place(&nodes));
        // A general layered layout minimises crossings a tree never has:
        // at 10,000 nodes one run takes seconds (about 3 s on the 2-core
        // machine), too long to repeat for ten samples.
        if size <= 2_000 {
            let placement = sugiyama.place(&nodes);
            println!(
                "{} nodes: rust-sugiyama drawing {:.0} × {:.0} px",
                nodes.len(),
                placement.width,
                placement.height
            );
            growth.bench(&mut group, "rust-sugiyama", size, || sugiyama.place(&nodes));
        }
    }
    group.finish();
}

fn main() {
    let mut criterion = common::criterion(Duration::from_secs(3)).configure_from_args();
    let growth = Growth::default();
    layouts(&mut criterion, &growth);
    criterion.final_summary();
    growth.print("layout", "nodes");
}
