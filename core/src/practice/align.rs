//! Optimal alignment of a recorded history with a configuration's graph: the fewest inserted and
//! dropped rows that turn the history into one the graph allows (guards and history facts
//! included, since the nodes are the graph's fact states).
//!
//! The search runs over the nodes (row index, fact state): a *sync* move keeps row `i` by taking an
//! edge of the graph into its status (cost 0), an *insert* takes an edge without consuming a row
//! (cost 1), a *drop* skips row `i` (cost 1). The graph has a virtual node before the draft, whose
//! only edge enters 1000; a history may end in any fact state the system does not leave at once
//! (a practice still open is a prefix, not a defect). Every move keeps or raises the row index, so
//! the cost-to-go of each node is computed layer by layer from the last row backwards — a backward
//! Dijkstra whose layers are closed under the unit-cost insert edges — in
//! O(rows × (states + edges)) time and (rows + 1) × (states + 1) words of memory. The repair
//! is then read forwards, preferring at each node a sync, then (unless the row repeats the status
//! the practice is in) an insert, then a drop, among the moves that stay optimal: the earliest rows
//! stay as recorded as long as an optimal repair allows it.

use super::graph::ServiceGraph;
use super::status::Status;

const INF: u32 = u32::MAX / 4;

/// One move of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    /// Row `index` is kept; the practice enters fact state `node`.
    Sync { index: usize, node: u32 },
    /// A status is inserted before row `before` (`before` = number of rows: at the end).
    Insert { before: usize, node: u32 },
    /// Row `index` is dropped.
    Drop { index: usize },
}

/// The graph's fact states compiled for alignments.
#[derive(Debug, Clone)]
pub(crate) struct Aligner {
    /// Per node (fact states, then the virtual start): its status index (`u8::MAX` for the start).
    status: Vec<u8>,
    /// Per node: a history may end here.
    end_ok: Vec<bool>,
    /// Out edges in CSR form: `edges[first[v]..first[v + 1]]` are (target node, target status index).
    first: Vec<u32>,
    edges: Vec<(u32, u8)>,
    /// The edges by the status they enter: `sync[s]` are the (source, target) nodes of the edges
    /// into status index `s` (the moves that keep a row of status `s`).
    sync: Vec<Vec<(u32, u32)>>,
    /// In edges in CSR form: `back[back_first[w]..back_first[w + 1]]` are the sources of the
    /// edges into `w` (the insert moves, read backwards by [`Aligner::relax`]).
    back_first: Vec<u32>,
    back: Vec<u32>,
}

/// The work space of one alignment: the nodes ordered by cost and the queue of [`Aligner::relax`].
#[derive(Default)]
struct Scratch {
    sources: Vec<(u32, u32)>,
    queue: Vec<(u32, u32)>,
}

/// Lists per node in CSR form: `items[first[v]..first[v + 1]]` is node `v`'s list.
fn csr<T>(lists: Vec<Vec<T>>) -> (Vec<u32>, Vec<T>) {
    let mut first = Vec::with_capacity(lists.len() + 1);
    let mut items = Vec::new();
    for list in lists {
        first.push(items.len() as u32);
        items.extend(list);
    }
    first.push(items.len() as u32);
    (first, items)
}

/// Node `v`'s list of a CSR pair made by [`csr`].
fn slice<'a, T>(first: &[u32], items: &'a [T], v: usize) -> &'a [T] {
    let a = first.get(v).copied().unwrap_or(0) as usize;
    let b = first.get(v + 1).copied().unwrap_or(0) as usize;
    items.get(a..b).unwrap_or(&[])
}

impl Aligner {
    pub(crate) fn new(graph: &ServiceGraph) -> Aligner {
        let f = graph.states.len();
        let mut status: Vec<u8> = graph.states.iter().map(|s| s.status.index() as u8).collect();
        status.push(u8::MAX);
        let mut end_ok: Vec<bool> = graph.states.iter().map(|s| !s.transient).collect();
        end_ok.push(false);
        let mut out: Vec<Vec<(u32, u8)>> = vec![Vec::new(); f + 1];
        for e in &graph.edges {
            if let (Some(v), Some(&s)) = (out.get_mut(e.from), status.get(e.to)) {
                if !v.iter().any(|&(t, _)| t as usize == e.to) {
                    v.push((e.to as u32, s));
                }
            }
        }
        if let Some(v) = out.get_mut(f) {
            v.push((0, Status::Draft.index() as u8));
        }
        let (first, edges) = csr(out);
        let width = status.iter().filter(|&&s| s != u8::MAX).map(|&s| s as usize + 1).max().unwrap_or(0).max(Status::ALL.len());
        let mut sync: Vec<Vec<(u32, u32)>> = vec![Vec::new(); width];
        let mut into: Vec<Vec<u32>> = vec![Vec::new(); f + 1];
        for v in 0..=f {
            for &(w, ws) in slice(&first, &edges, v) {
                if let Some(list) = sync.get_mut(ws as usize) {
                    list.push((v as u32, w));
                }
                if let Some(list) = into.get_mut(w as usize) {
                    list.push(v as u32);
                }
            }
        }
        let (back_first, back) = csr(into);
        Aligner { status, end_ok, first, edges, sync, back_first, back }
    }

    /// Number of nodes (fact states + the virtual start).
    pub(crate) fn nodes(&self) -> usize {
        self.status.len()
    }

    /// The virtual node before the draft.
    pub(crate) fn start(&self) -> u32 {
        (self.status.len() - 1) as u32
    }

    /// The status of a node (`None` for the virtual start).
    pub(crate) fn status_of(&self, node: u32) -> Option<Status> {
        self.status.get(node as usize).and_then(|&s| Status::ALL.get(s as usize).copied())
    }

    fn out(&self, v: usize) -> &[(u32, u8)] {
        slice(&self.first, &self.edges, v)
    }

    fn sources_of(&self, w: usize) -> &[u32] {
        slice(&self.back_first, &self.back, w)
    }

    /// Closes a layer under the insert edges: `d[v] = min(d[v], 1 + d[w])` for every edge v -> w,
    /// where `scratch.sources` holds every node whose cost may break that (with its cost); the
    /// others must already satisfy it among themselves. A shortest-path search with unit costs
    /// from those nodes: they are taken in order of cost (sorted, merged with a queue of the
    /// nodes lowered, whose costs only grow), so each edge is read at most once per source cost.
    fn relax(&self, d: &mut [u32], scratch: &mut Scratch) {
        let Scratch { sources, queue } = scratch;
        queue.clear();
        sources.sort_unstable();
        let (mut si, mut qi) = (0, 0);
        loop {
            let next = match (sources.get(si), queue.get(qi)) {
                (Some(&a), Some(&b)) if b.0 < a.0 => {
                    qi += 1;
                    b
                }
                (Some(&a), _) => {
                    si += 1;
                    a
                }
                (None, Some(&b)) => {
                    qi += 1;
                    b
                }
                (None, None) => return,
            };
            let (c, w) = next;
            if d.get(w as usize).is_none_or(|&now| now < c) {
                continue;
            }
            for &v in self.sources_of(w as usize) {
                if let Some(slot) = d.get_mut(v as usize) {
                    if c + 1 < *slot {
                        *slot = c + 1;
                        queue.push((c + 1, v));
                    }
                }
            }
        }
    }

    /// An optimal alignment of `rows` (status index per row, `None` for a code that is no status):
    /// its cost and its moves. The caller bounds `(rows.len() + 1) * self.nodes()`.
    pub(crate) fn align(&self, rows: &[Option<u8>]) -> (u32, Vec<Move>) {
        let n = rows.len();
        let nv = self.nodes();
        let mut ctg = vec![INF; (n + 1) * nv];
        let mut scratch = Scratch::default();
        // Layer n: the history may end here.
        if let Some(last) = ctg.get_mut(n * nv..) {
            for (v, slot) in last.iter_mut().enumerate() {
                if self.end_ok.get(v).copied().unwrap_or(false) {
                    *slot = 0;
                    scratch.sources.push((0, v as u32));
                }
            }
            self.relax(last, &mut scratch);
        }
        for i in (0..n).rev() {
            let (head, tail) = ctg.split_at_mut((i + 1) * nv);
            let (Some(layer), Some(next)) = (head.get_mut(i * nv..), tail.get(..nv)) else { break };
            // Dropping row i: the next layer's costs plus one, closed as the next layer is.
            for (slot, &c) in layer.iter_mut().zip(next.iter()) {
                *slot = c.saturating_add(1);
            }
            // Keeping it lowers the sources of the edges into its status: only those may break
            // the closure.
            scratch.sources.clear();
            if let Some(s) = rows.get(i).copied().flatten() {
                for &(v, w) in self.sync.get(s as usize).map(Vec::as_slice).unwrap_or(&[]) {
                    let c = next.get(w as usize).copied().unwrap_or(INF);
                    if let Some(slot) = layer.get_mut(v as usize) {
                        if c < INF && c < *slot {
                            *slot = c;
                            scratch.sources.push((c, v));
                        }
                    }
                }
            }
            self.relax(layer, &mut scratch);
        }
        let at = |i: usize, v: u32| ctg.get(i * nv + v as usize).copied().unwrap_or(INF);
        let total = at(0, self.start());
        let mut moves = Vec::new();
        let (mut i, mut v) = (0usize, self.start());
        // Each move either consumes a row or lowers the cost-to-go: at most n + total + 1 moves.
        for _ in 0..=(n + total as usize + 1) {
            let c = at(i, v);
            if i == n && c == 0 {
                break;
            }
            let row = if i < n { rows.get(i).copied().flatten() } else { None };
            if let Some(s) = row {
                if let Some(&(w, _)) = self.out(v as usize).iter().find(|&&(w, ws)| ws == s && at(i + 1, w) == c) {
                    moves.push(Move::Sync { index: i, node: w });
                    (i, v) = (i + 1, w);
                    continue;
                }
            }
            let can_drop = i < n && at(i + 1, v).saturating_add(1) == c;
            // A row that is no status is dropped at once; a row repeating the status the practice
            // is in is read as a duplicate before anything is inserted.
            let repeat = row.is_none() || row == self.status.get(v as usize).copied();
            if can_drop && i < n && repeat {
                moves.push(Move::Drop { index: i });
                i += 1;
                continue;
            }
            if let Some(&(w, _)) = self.out(v as usize).iter().find(|&&(w, _)| at(i, w).saturating_add(1) == c) {
                moves.push(Move::Insert { before: i, node: w });
                v = w;
                continue;
            }
            if can_drop {
                moves.push(Move::Drop { index: i });
                i += 1;
                continue;
            }
            break;
        }
        (total, moves)
    }
}
