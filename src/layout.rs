//! Where each zone goes in the hierarchy drawing: a layered tidy tree layout.
//!
//! The DNS name space is a tree, and so is the chain of delegations between
//! zones: every zone hangs below the zone that delegates it. The graph view
//! draws that tree top-down, root zone on top, TLDs one *level* below, their
//! children one level below that. A *layered* layout puts every node of the
//! same depth on the same horizontal band, so the depth of a zone (how many
//! delegations a resolver follows to reach it) can be read off the picture.
//!
//! Only delegation edges are laid out. The other relations in the hierarchy
//! graph (a zone's name server living in another zone, circular
//! dependencies) cut across the tree; if a layout algorithm saw them, it
//! would push zones down a level to make those edges point downwards, and a
//! TLD could end up drawn as deep as a domain. The UI draws those cross edges
//! afterwards as curves between the positions computed here.
//!
//! # The tidy tree rules
//!
//! The layout follows the aesthetic rules of Reingold and Tilford, "Tidier
//! Drawings of Trees" (IEEE TSE 1981), as extended by Walker, "A
//! Node-positioning Algorithm for General Trees" (Software: Practice and
//! Experience, 1990):
//! - nodes on one level never overlap and keep a minimum gap;
//! - a parent is centred over its children (over the centres of its first
//!   and last child, so the edges fan out symmetrically);
//! - children keep their given order, left to right;
//! - a subtree is drawn the same way wherever it occurs (it is moved as a
//!   rigid block), so identical subtrees get identical shapes;
//! - subtrees are pushed together as closely as the rules above allow, and
//!   small subtrees caught between two large ones are spread evenly in the
//!   space left between them.
//!
//! Walker's algorithm can take quadratic time; Buchheim, Jünger and Leipert,
//! "Improving Walker's Algorithm to Run in Linear Time" (Graph Drawing 2002),
//! showed how to keep it linear: the outline (*contour*) of the subtrees
//! already placed is followed through *threads* (links from the last node
//! of a shorter contour to the next node of the longer one), and the even
//! spreading of small subtrees is recorded as pending shifts that are
//! applied in one sweep per parent. That is what [`TidyTree`] implements,
//! with explicit loops instead of recursion so a chain of 10,000 zones
//! cannot overflow the stack (wasm's stack is small).
//!
//! General layered layouts (Sugiyama-style, as in the `dagre` and
//! `rust-sugiyama` crates) handle arbitrary graphs, but spend super-linear
//! time reordering levels to remove edge crossings, which a tree drawn in
//! order never has. `benches/layout.rs` compares the two on DNS-shaped
//! trees: for 2,000 zones natively, about half a millisecond here against a
//! quarter of a second for `rust-sugiyama`, whose drawing is no narrower
//! with the same gaps.
//! The [`TreeLayout`] trait keeps the algorithm swappable.
//!
//! Nodes can differ in size: a zone box with a row of server chips under it
//! is taller than one without. Horizontal gaps are measured between node
//! edges, and each level is as tall as its tallest node, so nothing
//! overlaps.
//!
//! # Long rows of leaves
//!
//! A tidy tree puts all children of a parent side by side. A registry with
//! two hundred delegated domains then becomes a row two hundred boxes wide:
//! either the drawing is too small to read or the user pans for a long
//! time. [`LeafColumns`] folds every long run of *leaf* siblings (children
//! with no children of their own) into columns of boxes stacked top to
//! bottom, roughly as wide as they are tall, and lays out the rest with any
//! [`TreeLayout`]. Order is kept: down the first column, then the next.
//! Leaves only, because a stacked box has no room below it for a subtree.
//!
//! The module is pure: no browser APIs, no clock, no randomness. The same
//! input always gives the same placement, natively and in wasm.

/// One node to place: its parent and its size in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TreeNode {
    /// Index of the parent in the same slice, `None` for a root.
    ///
    /// An index that is out of range, points at the node itself, or leads
    /// round a loop of parents is treated as `None`: every node on such a
    /// loop becomes a root, and nodes hanging below the loop stay below it.
    pub parent: Option<usize>,
    /// Width in pixels. Negative or non-finite sizes count as 0; sizes above
    /// [`MAX_NODE_SIZE`] are clamped to it.
    pub width: f64,
    /// Height in pixels, cleaned like `width`.
    pub height: f64,
}

/// Where every node went.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placement {
    /// Horizontal centre of each node, in slice order.
    pub x: Vec<f64>,
    /// Top edge of each node, in slice order.
    pub y: Vec<f64>,
    /// Width of the bounding box, which starts at 0: the leftmost node edge is
    /// at x = 0 and the rightmost at `width`.
    pub width: f64,
    /// Height of the bounding box: the root level starts at y = 0 and the
    /// lowest node bottom is at `height`.
    pub height: f64,
}

/// A tree layout algorithm: positions for nodes given as a parent list.
pub trait TreeLayout {
    /// Places `nodes`. Children keep slice order from left to right, and
    /// several roots (a forest) are laid out side by side in slice order.
    /// Never panics: bad parent links turn nodes into roots (see
    /// [`TreeNode::parent`]), and an empty slice gives an empty placement.
    fn place(&self, nodes: &[TreeNode]) -> Placement;
}

/// Node sizes and gaps beyond this are clamped, so sums over thousands of
/// nodes stay finite. Nothing on a screen is a billion pixels wide.
pub const MAX_NODE_SIZE: f64 = 1e9;

/// The layered tidy tree of Walker (1990) in the linear-time form of
/// Buchheim, Jünger and Leipert (2002). See the module documentation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TidyTree {
    /// Vertical space between the tallest node of a level and the next level.
    pub level_gap: f64,
    /// Minimum horizontal space between two children of the same parent.
    pub sibling_gap: f64,
    /// Minimum horizontal space between neighbouring nodes on a level that
    /// have different parents (cousins, or roots of a forest); a wider gap
    /// than between siblings keeps families visually apart.
    pub subtree_gap: f64,
}

impl Default for TidyTree {
    /// Gaps that suit zone boxes of about 120 × 40 px: room for the edges to
    /// fan out between levels, families set apart by twice the sibling gap.
    fn default() -> Self {
        TidyTree {
            level_gap: 60.0,
            sibling_gap: 20.0,
            subtree_gap: 40.0,
        }
    }
}

impl TreeLayout for TidyTree {
    fn place(&self, nodes: &[TreeNode]) -> Placement {
        if nodes.is_empty() {
            return Placement::default();
        }
        let forest = Forest::new(nodes);
        let widths: Vec<f64> = nodes
            .iter()
            .map(|node| clean_length(node.width))
            .chain(std::iter::once(0.0)) // the virtual root takes no room
            .collect();
        let mut walker = Walker {
            forest: &forest,
            widths: &widths,
            sibling_gap: clean_length(self.sibling_gap),
            subtree_gap: clean_length(self.subtree_gap),
            prelim: vec![0.0; forest.len()],
            modifier: vec![0.0; forest.len()],
            shift: vec![0.0; forest.len()],
            change: vec![0.0; forest.len()],
            thread: vec![None; forest.len()],
            ancestor: (0..forest.len()).collect(),
            children_midpoint: vec![0.0; forest.len()],
        };
        walker.first_walk();
        let x = walker.second_walk(nodes.len());
        let y = level_tops(nodes, &forest, clean_length(self.level_gap));
        bounding_box(nodes, x, y)
    }
}

/// A size or gap made safe for arithmetic: finite, non-negative, bounded.
fn clean_length(length: f64) -> f64 {
    if length.is_finite() && length > 0.0 {
        length.min(MAX_NODE_SIZE)
    } else {
        0.0
    }
}

/// The input as a single tree: the nodes in slice order, plus one *virtual
/// root* (index `nodes.len()`) whose children are the real roots. Laying out
/// the virtual root's subtree lays out a forest side by side with the same
/// rules as any other siblings; the virtual root itself is never drawn.
struct Forest {
    /// Parent of every node after bad links were dropped; roots point at the
    /// virtual root, which has no parent.
    parent: Vec<Option<usize>>,
    /// Children of node `v` are `children[child_offsets[v]..child_offsets[v + 1]]`,
    /// in slice order (one flat array: no per-node allocation).
    child_offsets: Vec<usize>,
    children: Vec<usize>,
    /// 0-based position of each node among its siblings, to find its left
    /// sibling and to count the subtrees between two siblings.
    position: Vec<usize>,
    /// Every node, parents before children, siblings left to right.
    preorder: Vec<usize>,
    /// Distance from the node's real root (roots are at depth 0).
    depth: Vec<usize>,
}

impl Forest {
    fn new(nodes: &[TreeNode]) -> Forest {
        let virtual_root = nodes.len();
        let parents = valid_parents(nodes);
        let parent: Vec<Option<usize>> = parents
            .iter()
            .map(|parent| Some(parent.unwrap_or(virtual_root)))
            .chain(std::iter::once(None))
            .collect();

        // Counting sort by parent: filling in index order keeps children
        // in slice order.
        let mut child_offsets = vec![0; virtual_root + 2];
        for parent in parent.iter().flatten() {
            child_offsets[parent + 1] += 1;
        }
        for v in 0..=virtual_root {
            child_offsets[v + 1] += child_offsets[v];
        }
        let mut next_slot = child_offsets.clone();
        let mut children = vec![0; virtual_root];
        let mut position = vec![0; virtual_root + 1];
        for (child, parent) in parent.iter().enumerate() {
            if let Some(parent) = *parent {
                children[next_slot[parent]] = child;
                position[child] = next_slot[parent] - child_offsets[parent];
                next_slot[parent] += 1;
            }
        }

        let mut forest = Forest {
            parent,
            child_offsets,
            children,
            position,
            preorder: Vec::with_capacity(virtual_root + 1),
            depth: Vec::new(),
        };
        // Depth-first with an explicit stack; children are pushed right to
        // left so they are visited left to right.
        let mut depth = vec![0; virtual_root + 1];
        let mut stack = vec![virtual_root];
        while let Some(v) = stack.pop() {
            forest.preorder.push(v);
            let child_depth = if v == virtual_root { 0 } else { depth[v] + 1 };
            for &child in forest.children(v).iter().rev() {
                depth[child] = child_depth;
                stack.push(child);
            }
        }
        forest.depth = depth;
        forest
    }

    /// Number of nodes including the virtual root.
    fn len(&self) -> usize {
        self.parent.len()
    }

    fn children(&self, v: usize) -> &[usize] {
        &self.children[self.child_offsets[v]..self.child_offsets[v + 1]]
    }

    fn leftmost_child(&self, v: usize) -> Option<usize> {
        self.children(v).first().copied()
    }

    fn rightmost_child(&self, v: usize) -> Option<usize> {
        self.children(v).last().copied()
    }

    fn left_sibling(&self, v: usize) -> Option<usize> {
        let parent = self.parent[v]?;
        let position = self.position[v];
        (position > 0).then(|| self.children(parent)[position - 1])
    }

    fn leftmost_sibling(&self, v: usize) -> usize {
        self.parent[v]
            .and_then(|parent| self.leftmost_child(parent))
            .unwrap_or(v)
    }

    /// Whether `a` and `b` are children of the same real node (roots of a
    /// forest share only the virtual root, so they count as separate
    /// subtrees).
    fn are_siblings(&self, a: usize, b: usize) -> bool {
        let virtual_root = self.len() - 1;
        self.parent[a] == self.parent[b] && self.parent[a] != Some(virtual_root)
    }
}

/// The parent of each node, or `None` where the link is out of range, points
/// at the node itself, or goes round a loop. Linear: each node is walked
/// once, marking where it has been.
fn valid_parents(nodes: &[TreeNode]) -> Vec<Option<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Visit {
        Unseen,
        OnCurrentPath,
        Done,
    }
    let mut parents: Vec<Option<usize>> = nodes
        .iter()
        .enumerate()
        .map(|(v, node)| node.parent.filter(|&p| p < nodes.len() && p != v))
        .collect();
    let mut visit = vec![Visit::Unseen; nodes.len()];
    let mut path = Vec::new();
    for start in 0..nodes.len() {
        // Follow parent links from `start` until a root, a node already
        // known to be fine, or a node on this very path (a loop).
        let mut v = start;
        while visit[v] == Visit::Unseen {
            visit[v] = Visit::OnCurrentPath;
            path.push(v);
            match parents[v] {
                Some(parent) => v = parent,
                None => break,
            }
        }
        if visit[v] == Visit::OnCurrentPath && parents[v].is_some() {
            // `v` was reached twice: it and every node after it on the path
            // form the loop. Cut every link of the loop, so the result does
            // not depend on where the walk happened to enter it.
            let loop_start = path.iter().rposition(|&u| u == v).unwrap_or(0);
            for &u in &path[loop_start..] {
                parents[u] = None;
            }
        }
        for u in path.drain(..) {
            visit[u] = Visit::Done;
        }
    }
    parents
}

/// The working state of Buchheim et al.'s algorithm, one entry per node of
/// the forest (virtual root included); names follow the paper.
struct Walker<'a> {
    forest: &'a Forest,
    widths: &'a [f64],
    sibling_gap: f64,
    subtree_gap: f64,
    /// Preliminary x of a node relative to its parent's children.
    prelim: Vec<f64>,
    /// How far the whole subtree below a node still has to move; summed down
    /// the tree in the second walk. Moving a subtree is then O(1).
    modifier: Vec<f64>,
    /// Pending shifts for spreading small subtrees evenly, applied to all
    /// children of a node in one sweep (`execute_shifts`).
    shift: Vec<f64>,
    change: Vec<f64>,
    /// Next node on the contour for a node without children, so contours can
    /// be followed past the bottom of a shallower subtree.
    thread: Vec<Option<usize>>,
    /// For a node on the right contour of the subtrees placed so far, the
    /// sibling (among the children being placed) whose subtree it belongs to.
    ancestor: Vec<usize>,
    /// Midpoint between a node's first and last child, once they are placed.
    children_midpoint: Vec<f64>,
}

impl Walker<'_> {
    /// Centre-to-centre distance two neighbouring nodes on a level must keep.
    fn separation(&self, left: usize, right: usize) -> f64 {
        let gap = if self.forest.are_siblings(left, right) {
            self.sibling_gap
        } else {
            self.subtree_gap
        };
        (self.widths[left] + self.widths[right]) / 2.0 + gap
    }

    /// The paper's FirstWalk, bottom-up without recursion: each node's
    /// children are arranged once all of their own subtrees are laid out,
    /// which reverse preorder guarantees.
    fn first_walk(&mut self) {
        let forest = self.forest;
        for &v in forest.preorder.iter().rev() {
            let children = forest.children(v);
            let (Some(&first), Some(&last)) = (children.first(), children.last()) else {
                continue; // a leaf is placed by its parent, below
            };
            let mut default_ancestor = first;
            for &child in children {
                // A child's own centre over its children, then right of its
                // left sibling; the modifier moves its subtree along.
                match forest.left_sibling(child) {
                    Some(left) => {
                        self.prelim[child] = self.prelim[left] + self.separation(left, child);
                        self.modifier[child] = self.prelim[child] - self.children_midpoint[child];
                    }
                    None => self.prelim[child] = self.children_midpoint[child],
                }
                default_ancestor = self.apportion(child, default_ancestor);
            }
            self.execute_shifts(v);
            self.children_midpoint[v] = (self.prelim[first] + self.prelim[last]) / 2.0;
        }
    }

    fn next_left(&self, v: usize) -> Option<usize> {
        self.forest.leftmost_child(v).or(self.thread[v])
    }

    fn next_right(&self, v: usize) -> Option<usize> {
        self.forest.rightmost_child(v).or(self.thread[v])
    }

    /// Pushes the subtree of `v` right until, on every level, it clears the
    /// subtrees of its left siblings; then threads the contours together.
    /// Walks down the inner contours (right contour of the left siblings,
    /// left contour of `v`) and the outer ones in step, keeping running sums
    /// of modifiers so positions are known without a second walk.
    fn apportion(&mut self, v: usize, default_ancestor: usize) -> usize {
        let forest = self.forest;
        let Some(left_sibling) = forest.left_sibling(v) else {
            return default_ancestor;
        };
        let mut default_ancestor = default_ancestor;
        // i = inner, o = outer, p = "plus" (v's side), m = "minus" (left side)
        let mut inside_right = v;
        let mut outside_right = v;
        let mut inside_left = left_sibling;
        let mut outside_left = forest.leftmost_sibling(v);
        let mut sum_inside_right = self.modifier[inside_right];
        let mut sum_outside_right = self.modifier[outside_right];
        let mut sum_inside_left = self.modifier[inside_left];
        let mut sum_outside_left = self.modifier[outside_left];
        // Down the levels while both inner contours go on.
        while let (Some(next_inside_left), Some(next_inside_right)) =
            (self.next_right(inside_left), self.next_left(inside_right))
        {
            inside_left = next_inside_left;
            inside_right = next_inside_right;
            // The outer contours are at least as deep as the inner ones they
            // enclose, so these always exist; falling back to the current
            // node merely avoids a panic.
            outside_left = self.next_left(outside_left).unwrap_or(outside_left);
            outside_right = self.next_right(outside_right).unwrap_or(outside_right);
            self.ancestor[outside_right] = v;
            let overlap = (self.prelim[inside_left] + sum_inside_left)
                - (self.prelim[inside_right] + sum_inside_right)
                + self.separation(inside_left, inside_right);
            if overlap > 0.0 {
                let from = self.subtree_root_among_siblings(inside_left, v, default_ancestor);
                self.move_subtree(from, v, overlap);
                sum_inside_right += overlap;
                sum_outside_right += overlap;
            }
            sum_inside_left += self.modifier[inside_left];
            sum_inside_right += self.modifier[inside_right];
            sum_outside_left += self.modifier[outside_left];
            sum_outside_right += self.modifier[outside_right];
        }
        // Where one side is deeper, thread the shorter outer contour onto it
        // and adjust the thread's modifier so sums along it stay right.
        if let Some(next) = self.next_right(inside_left)
            && self.next_right(outside_right).is_none()
        {
            self.thread[outside_right] = Some(next);
            self.modifier[outside_right] += sum_inside_left - sum_outside_right;
        }
        if let Some(next) = self.next_left(inside_right)
            && self.next_left(outside_left).is_none()
        {
            self.thread[outside_left] = Some(next);
            self.modifier[outside_left] += sum_inside_right - sum_outside_left;
            default_ancestor = v;
        }
        default_ancestor
    }

    /// The left sibling of `v` whose subtree contains the contour node
    /// `inside_left`: the one `v` must be moved away from.
    fn subtree_root_among_siblings(
        &self,
        inside_left: usize,
        v: usize,
        default_ancestor: usize,
    ) -> usize {
        let candidate = self.ancestor[inside_left];
        if self.forest.parent[candidate] == self.forest.parent[v] {
            candidate
        } else {
            default_ancestor
        }
    }

    /// Moves the subtree of `right` by `distance`, and records that the
    /// siblings strictly between `left` and `right` should move by evenly
    /// growing fractions of it (applied later by `execute_shifts`).
    fn move_subtree(&mut self, left: usize, right: usize, distance: f64) {
        let gaps = self.forest.position[right].saturating_sub(self.forest.position[left]);
        let per_gap = distance / gaps.max(1) as f64;
        self.change[right] -= per_gap;
        self.shift[right] += distance;
        self.change[left] += per_gap;
        self.prelim[right] += distance;
        self.modifier[right] += distance;
    }

    /// Applies the pending even-spreading shifts to the children of `v`, in
    /// one right-to-left sweep.
    fn execute_shifts(&mut self, v: usize) {
        let mut shift = 0.0;
        let mut change = 0.0;
        for &child in self.forest.children(v).iter().rev() {
            self.prelim[child] += shift;
            self.modifier[child] += shift;
            change += self.change[child];
            shift += self.shift[child] + change;
        }
    }

    /// The paper's SecondWalk, top-down without recursion: a node's final x is
    /// its preliminary x plus the modifiers of all its ancestors. Returns the
    /// x of the real nodes only.
    fn second_walk(&self, real_nodes: usize) -> Vec<f64> {
        let forest = self.forest;
        let mut ancestors_modifier = vec![0.0; forest.len()];
        let mut x = vec![0.0; real_nodes];
        for &v in &forest.preorder {
            if v < real_nodes {
                x[v] = self.prelim[v] + ancestors_modifier[v];
            }
            let below = ancestors_modifier[v] + self.modifier[v];
            for &child in forest.children(v) {
                ancestors_modifier[child] = below;
            }
        }
        x
    }
}

/// The top of every node: each level starts below the tallest node of the
/// level above plus `level_gap`.
fn level_tops(nodes: &[TreeNode], forest: &Forest, level_gap: f64) -> Vec<f64> {
    let levels = forest.depth[..nodes.len()]
        .iter()
        .max()
        .map_or(0, |deepest| deepest + 1);
    let mut tallest = vec![0.0_f64; levels];
    for (node, &depth) in nodes.iter().zip(&forest.depth) {
        tallest[depth] = tallest[depth].max(clean_length(node.height));
    }
    let mut level_top = Vec::with_capacity(levels);
    let mut top = 0.0;
    for height in tallest {
        level_top.push(top);
        top = top + height + level_gap;
    }
    forest.depth[..nodes.len()]
        .iter()
        .map(|&depth| level_top[depth])
        .collect()
}

/// Moves the drawing so its leftmost edge is at 0 and measures it.
fn bounding_box(nodes: &[TreeNode], mut x: Vec<f64>, y: Vec<f64>) -> Placement {
    let half_widths = nodes.iter().map(|node| clean_length(node.width) / 2.0);
    let leftmost = x
        .iter()
        .zip(half_widths.clone())
        .map(|(x, half)| x - half)
        .fold(f64::INFINITY, f64::min);
    let offset = if leftmost.is_finite() { leftmost } else { 0.0 };
    for x in &mut x {
        *x -= offset;
    }
    let width = x
        .iter()
        .zip(half_widths)
        .map(|(x, half)| x + half)
        .fold(0.0, f64::max);
    let height = y
        .iter()
        .zip(nodes)
        .map(|(top, node)| top + clean_length(node.height))
        .fold(0.0, f64::max);
    Placement {
        x,
        y,
        width,
        height,
    }
}

/// Folds long runs of leaf siblings into columns; see the module
/// documentation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeafColumns {
    /// Runs of fewer consecutive leaves than this stay in a row.
    pub min_run: usize,
    /// Vertical space between two boxes of a column.
    pub row_gap: f64,
}

/// A [`Placement`] where some nodes were stacked in columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnPlacement {
    /// Every node's centre and top, as [`TreeLayout::place`] gives them; a
    /// stacked node is left-aligned in its column.
    pub placement: Placement,
    /// For a stacked node, the left edge and the top of its column (edges
    /// to stacked nodes run down beside the column); `None` for the others.
    pub column_at: Vec<Option<(f64, f64)>>,
}

impl LeafColumns {
    /// How many rows a run of `run` leaves is folded into: as many as
    /// columns, or one more. A zone box is about twice as wide as tall, so
    /// the block comes out about twice as wide as tall too, close to the
    /// shape of a screen.
    pub fn rows(run: usize) -> usize {
        let mut rows = 1;
        while rows * rows < run {
            rows += 1;
        }
        rows
    }

    /// Places `nodes` with `layout`, each column standing in for its leaves
    /// as one node as wide as the widest and as tall as all of them.
    pub fn place(&self, layout: &impl TreeLayout, nodes: &[TreeNode]) -> ColumnPlacement {
        let parents = valid_parents(nodes);
        let mut has_children = vec![false; nodes.len()];
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (v, parent) in parents.iter().enumerate() {
            if let Some(p) = *parent {
                has_children[p] = true;
                children[p].push(v);
            }
        }
        // The columns, each a list of node indices, top to bottom.
        let mut columns: Vec<Vec<usize>> = Vec::new();
        let min_run = self.min_run.max(2);
        for family in &children {
            for run in family
                .chunk_by(|&a, &b| !has_children[a] && !has_children[b])
                .filter(|run| run.len() >= min_run && !has_children[run[0]])
            {
                columns.extend(run.chunks(Self::rows(run.len())).map(<[usize]>::to_vec));
            }
        }
        if columns.is_empty() {
            return ColumnPlacement {
                placement: layout.place(nodes),
                column_at: vec![None; nodes.len()],
            };
        }

        // The reduced tree: every node outside a column, and each column as
        // one node at the place of its first leaf (so slice order, and with
        // it the order of siblings, is kept).
        let row_gap = clean_length(self.row_gap);
        let mut column_of: Vec<Option<usize>> = vec![None; nodes.len()];
        for (c, column) in columns.iter().enumerate() {
            for &v in column {
                column_of[v] = Some(c);
            }
        }
        let mut reduced_index = vec![0; nodes.len()];
        let mut column_index = vec![0; columns.len()];
        let mut count = 0;
        for v in 0..nodes.len() {
            match column_of[v] {
                Some(c) if columns[c][0] != v => {}
                Some(c) => {
                    column_index[c] = count;
                    count += 1;
                }
                None => {
                    reduced_index[v] = count;
                    count += 1;
                }
            }
        }
        let mut reduced = Vec::with_capacity(count);
        for (v, node) in nodes.iter().enumerate() {
            let parent = parents[v].map(|p| reduced_index[p]);
            match column_of[v] {
                Some(c) if columns[c][0] != v => {}
                Some(c) => {
                    let members = &columns[c];
                    let width = members
                        .iter()
                        .map(|&m| clean_length(nodes[m].width))
                        .fold(0.0, f64::max);
                    let height = members
                        .iter()
                        .map(|&m| clean_length(nodes[m].height))
                        .sum::<f64>()
                        + row_gap * (members.len() - 1) as f64;
                    reduced.push(TreeNode {
                        parent,
                        width,
                        height,
                    });
                }
                None => reduced.push(TreeNode { parent, ..*node }),
            }
        }
        let placed = layout.place(&reduced);

        let mut x = vec![0.0; nodes.len()];
        let mut y = vec![0.0; nodes.len()];
        let mut column_at = vec![None; nodes.len()];
        for v in 0..nodes.len() {
            if column_of[v].is_none() {
                x[v] = placed.x[reduced_index[v]];
                y[v] = placed.y[reduced_index[v]];
            }
        }
        for (c, members) in columns.iter().enumerate() {
            let at = column_index[c];
            let left = placed.x[at] - reduced[at].width / 2.0;
            let column_top = placed.y[at];
            let mut top = column_top;
            for &m in members {
                x[m] = left + clean_length(nodes[m].width) / 2.0;
                y[m] = top;
                column_at[m] = Some((left, column_top));
                top += clean_length(nodes[m].height) + row_gap;
            }
        }
        ColumnPlacement {
            // Each column fills exactly the box its stand-in was given, so
            // the drawing's size is the reduced tree's.
            placement: Placement {
                x,
                y,
                width: placed.width,
                height: placed.height,
            },
            column_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> TreeNode {
        TreeNode {
            parent: None,
            width: 100.0,
            height: 40.0,
        }
    }

    fn leaf(parent: usize) -> TreeNode {
        TreeNode {
            parent: Some(parent),
            ..root()
        }
    }

    const COLUMNS: LeafColumns = LeafColumns {
        min_run: 8,
        row_gap: 10.0,
    };

    #[test]
    fn a_long_run_of_leaves_is_folded_into_columns_in_order() {
        // A root, a parent with 50 leaves, then a sibling with a child: the
        // run of leaves ends where a node with children starts.
        let mut nodes = vec![root()];
        nodes.extend((0..50).map(|_| leaf(0)));
        nodes.push(leaf(0));
        nodes.push(leaf(51));
        let tidy = TidyTree::default();
        let stacked = COLUMNS.place(&tidy, &nodes);
        let (x, y) = (&stacked.placement.x, &stacked.placement.y);
        let rows = LeafColumns::rows(50);
        assert_eq!(rows, 8);
        // Down each column of eight, then the next column to the right.
        for v in 1..=50 {
            assert!(stacked.column_at[v].is_some());
            let (column, row) = ((v - 1) / rows, (v - 1) % rows);
            if row > 0 {
                assert_eq!(x[v], x[v - 1]);
                assert_eq!(y[v], y[v - 1] + 50.0);
            } else if column > 0 {
                assert!(x[v] >= x[v - 1] + 100.0 + tidy.sibling_gap);
                assert_eq!(y[v], y[1]);
            }
        }
        // The node with a child, and its child, are laid out as usual.
        assert_eq!(stacked.column_at[51], None);
        assert_eq!(stacked.column_at[52], None);
        assert!(x[51] > x[50]);
        assert!(y[52] >= y[rows] + 40.0, "below the tallest column");
        // The bounding box holds everything.
        let p = &stacked.placement;
        for v in 0..nodes.len() {
            assert!(p.x[v] - 50.0 >= -1e-9 && p.x[v] + 50.0 <= p.width + 1e-9);
            assert!(p.y[v] + 40.0 <= p.height + 1e-9);
        }
        // Seven columns instead of fifty boxes in a row.
        assert!(p.width < 9.0 * 120.0, "{}", p.width);
    }

    #[test]
    fn short_runs_stay_in_a_row_exactly_as_the_tidy_tree_puts_them() {
        let mut nodes = vec![root()];
        nodes.extend((0..7).map(|_| leaf(0)));
        let tidy = TidyTree::default();
        let stacked = COLUMNS.place(&tidy, &nodes);
        assert_eq!(stacked.placement, tidy.place(&nodes));
        assert!(stacked.column_at.iter().all(Option::is_none));
    }
}
