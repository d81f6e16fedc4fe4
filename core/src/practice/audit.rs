//! Audit of recorded histories: given a service configuration and a list of (status, timestamp)
//! rows — e.g. the back office's CSV export — report every illegal step, out-of-order timestamp or
//! impossible end state.
//!
//! The [`Auditor`] compiles the transition table for one configuration into a small deterministic
//! automaton over (status, history facts): a payment made, the outcome given, the protocol number
//! present. Checking a step is then one table lookup, with no allocation unless something is
//! wrong, so a batch checks millions of histories per second.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize};

use super::align::{Aligner, Move};
use super::config::ServiceConfig;
use super::error::PracticeError;
use super::graph::ServiceGraph;
use super::rules::{self, Facts, Guard, Target};
use super::status::{Status, STATUS_COUNT};

/// One recorded row: a status code (kept raw: unknown codes are findings, not parse errors) and
/// when the practice entered it. JSON: `{"status": 1900, "at": "2025-02-20T10:00:00+01:00"}`, or the
/// pair `[1900, "2025-02-20T10:00:00+01:00"]`; `at` may also be unix seconds (the reference
/// platform's history key). Serialised as the object with an RFC 3339 `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "AuditStep"))]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The numeric status code entered, e.g. `1900`; unknown codes are reported, not refused.
    pub status: u32,
    /// When the practice entered the status (RFC 3339).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
}

/// An instant given as RFC 3339 text or unix seconds, in the supported range of instants, read
/// as every binding reads an instant argument (`crate::iso`).
struct Instant(DateTime<FixedOffset>);

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Secs(i64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Secs(s) => crate::iso::seconds_checked(s).map(Instant).map_err(serde::de::Error::custom),
            Raw::Text(t) => crate::iso::instant(&t).map(Instant).map_err(serde::de::Error::custom),
        }
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Pair(u32, Instant),
            Object { status: u32, at: Instant },
        }
        Ok(match Raw::deserialize(d).map_err(|_| serde::de::Error::custom("a step is {\"status\": code, \"at\": instant} or [code, instant]"))? {
            Raw::Pair(status, at) | Raw::Object { status, at } => Step { status, at: at.0 },
        })
    }
}

/// Something wrong in a recorded history. `index` is always the position of the offending row in
/// its history (from 0), in every finding that has one; a batch names the history itself with
/// [`HistoryFindings::history`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "AuditFinding"))]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Finding {
    /// The history has no rows.
    Empty,
    /// The first row is not 1000 "Bozza".
    BadStart {
        /// Position of the row: always 0.
        index: usize,
        /// The first row's status code.
        status: u32,
    },
    /// A status code that is not a practice status.
    UnknownStatus {
        /// Position of the row.
        index: usize,
        /// The unknown code.
        status: u32,
    },
    /// A status of the reference platform that no transition leads to any more: 5000 "In
    /// elaborazione" (legacy; `Pratica::STATUS_PROCESSING`). Read, named, and reported; the audit
    /// picks up again at the next row.
    LegacyStatus {
        /// Position of the row.
        index: usize,
        /// The legacy code (5000).
        status: u32,
        /// Its Italian label ("In elaborazione").
        label: String,
    },
    /// A row repeating 9000 "Rifiutata": the reference platform's whitelisted 9000 -> 9000
    /// self-loop (legacy), which no event of the library takes. Reported; the practice stays 9000.
    LegacySelfLoop {
        /// Position of the repeated row.
        index: usize,
        /// The status code repeated (9000).
        status: u32,
    },
    /// No transition of this configuration leads from `from` to `to` given the history so far.
    /// `guards` names the configuration or history guards that deny an edge that would otherwise
    /// lead there (empty when no such edge exists at all); `allowed` lists the statuses the
    /// configuration allows from there, given the history.
    IllegalStep {
        /// Position of the row entering `to`.
        index: usize,
        /// The status code of the previous row.
        from: u32,
        /// The status code of this row.
        to: u32,
        /// The guards that deny the edge `from` -> `to`.
        guards: Vec<Guard>,
        /// The status codes a row could enter after `from`, given the history so far, ordered by
        /// code (empty from a final status that cannot be reopened).
        allowed: Vec<u32>,
    },
    /// The row's timestamp is earlier than the previous row's.
    OutOfOrder {
        /// Position of the row.
        index: usize,
    },
    /// The history ends in a status the system always leaves at once (e.g. 1520, or 4100 without
    /// protocol): rows are missing.
    ImpossibleEnd {
        /// Position of the last row.
        index: usize,
        /// The status code of the last row.
        status: u32,
    },
}

impl Finding {
    /// Sort key: row order, an `outOfOrder` first among the findings of one row.
    fn order(&self) -> (usize, u8) {
        match self {
            Finding::Empty => (0, 0),
            Finding::OutOfOrder { index } => (*index, 0),
            Finding::BadStart { index, .. }
            | Finding::UnknownStatus { index, .. }
            | Finding::LegacyStatus { index, .. }
            | Finding::LegacySelfLoop { index, .. }
            | Finding::IllegalStep { index, .. }
            | Finding::ImpossibleEnd { index, .. } => (*index, 1),
        }
    }
}

/// What one move of a repair does to the recorded rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase")]
pub enum RepairOp {
    /// A status the graph needs is missing: insert it before row `index`.
    Insert,
    /// Row `index` does not fit: drop it.
    Drop,
}

/// One move of a repair: insert `status` before row `index` (`index` = the number of rows: at the
/// end), or drop row `index` (whose code is `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RepairMove {
    /// Insert or drop.
    pub op: RepairOp,
    /// The row's position (insert: the row the status goes before).
    pub index: usize,
    /// The status code inserted or dropped.
    pub status: u32,
}

/// The minimal repair of a history (an optimal alignment with the configuration's graph): the
/// fewest inserted and dropped rows that make it a history the graph allows, guards and history
/// facts included. A clean history has cost 0 and no moves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Repair {
    /// Number of moves (inserted + dropped rows).
    pub cost: u32,
    /// The moves, in row order.
    pub moves: Vec<RepairMove>,
}

/// The audit of one history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditReport {
    /// No findings.
    pub ok: bool,
    /// The last status code (`null` for an empty history).
    pub end: Option<u32>,
    /// Everything wrong, in row order (empty when `ok`), read from the repair.
    pub findings: Vec<Finding>,
    /// The minimal repair (`null` only for a history too long to repair within the limit).
    pub repair: Option<Repair>,
    /// Rows read.
    pub rows: usize,
    /// `1 - cost / (rows + 1)`: 1 for a clean history, 0 when nothing of it fits (see
    /// [`fitness`]); `null` with the repair.
    pub fitness: Option<f64>,
}

/// The fitness of a history of `rows` rows whose minimal repair costs `cost`: `1 - cost / (rows +
/// 1)`. The worst repair drops every row and inserts the shortest history the graph allows (the
/// draft alone), so the fitness is between 0 and 1: pm4py's alignment fitness with unit costs.
/// Rounded to 6 decimals, so that it reads back from JSON exactly in every language.
pub fn fitness(cost: u64, rows: u64) -> f64 {
    ratio(cost, rows.saturating_add(1))
}

fn ratio(cost: u64, worst: u64) -> f64 {
    if worst == 0 {
        return 1.0;
    }
    // Rounded half up to 6 decimals; the value is in [0, 1e6], where truncating `v + 0.5` to an
    // integer is `round` without its library call (a batch computes this once a history).
    let v = (1.0 - cost as f64 / worst as f64).clamp(0.0, 1.0) * 1e6;
    (v + 0.5) as u64 as f64 / 1e6
}

/// Where each history ends in an event log given as columns, row `i` of case `cases[i]`: the
/// end (exclusive) of each run of equal consecutive cases. A log's histories are its runs, each
/// case's rows consecutive (as an export sorted by case gives them); a case that comes back after
/// another is `Err(row)`, its first row there (two runs of one case would be two histories).
/// [`CaseRuns`] does the same row by row.
pub fn case_runs<C: AsRef<[u8]>>(cases: &[C]) -> Result<Vec<usize>, usize> {
    let mut runs = CaseRuns::new();
    for case in cases {
        runs.push(case.as_ref())?;
    }
    Ok(runs.finish())
}

/// [`case_runs`] row by row, for a log read as it streams (an Arrow column): push each row's case
/// as bytes (a string's UTF-8, an integer's `to_le_bytes`), then [`CaseRuns::finish`]. A row of
/// the same case as the row before is one comparison; only a row that starts a run hashes its
/// case (keyed SipHash: a log cannot be written to collide) and keeps it, in one buffer for all.
/// `S` hashes the cases (tests give a colliding one).
#[derive(Debug, Default)]
pub struct CaseRuns<S = std::collections::hash_map::RandomState> {
    state: S,
    /// The first run of each hash.
    seen: HashMap<u64, u32, std::hash::BuildHasherDefault<Prehashed>>,
    /// The runs whose hash an earlier run of another case already had (rare: 64-bit collisions).
    more: Vec<(u64, u32)>,
    /// Every run's case, end to end; run `i`'s starts at `starts[i]`.
    keys: Vec<u8>,
    starts: Vec<usize>,
    ends: Vec<usize>,
    rows: usize,
}

/// `a == b`, with the short keys of a log (ids of up to 16 bytes) compared as two words rather
/// than by a call to `memcmp`.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match (a.first_chunk::<8>(), b.first_chunk::<8>(), a.last_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(a0), Some(b0), Some(a1), Some(b1)) if a.len() <= 16 => a0 == b0 && a1 == b1,
        _ if a.len() < 8 => a.iter().zip(b).all(|(x, y)| x == y),
        _ => a == b,
    }
}

/// A hasher for keys that are hashes already.
#[derive(Debug, Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl CaseRuns {
    /// No rows yet.
    pub fn new() -> CaseRuns {
        CaseRuns::default()
    }
}

impl<S: std::hash::BuildHasher> CaseRuns<S> {
    /// No rows yet, the cases hashed by `state`.
    pub fn with_hasher(state: S) -> CaseRuns<S> {
        CaseRuns { state, seen: HashMap::default(), more: Vec::new(), keys: Vec::new(), starts: Vec::new(), ends: Vec::new(), rows: 0 }
    }

    fn key(&self, run: u32) -> &[u8] {
        let run = run as usize;
        let start = self.starts.get(run).copied().unwrap_or(0);
        let end = self.starts.get(run + 1).copied().unwrap_or(self.keys.len());
        self.keys.get(start..end).unwrap_or(&[])
    }

    /// The next row's case; `Err(row)` when it is a case that came before another (its row).
    #[inline]
    pub fn push(&mut self, case: &[u8]) -> Result<(), usize> {
        // The run so far's case is the buffer's tail.
        let last = self.starts.last().copied();
        if let Some(start) = last {
            if same(self.keys.get(start..).unwrap_or(&[]), case) {
                self.rows += 1;
                return Ok(());
            }
        }
        self.start_run(case, last.is_some())
    }

    #[inline(never)]
    fn start_run(&mut self, case: &[u8], after: bool) -> Result<(), usize> {
        let row = self.rows;
        let run = self.starts.len() as u32;
        if after {
            self.ends.push(row);
        }
        let h = self.state.hash_one(case);
        match self.seen.entry(h) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = *first.get();
                if self.key(first) == case || self.more.iter().any(|&(mh, r)| mh == h && self.key(r) == case) {
                    return Err(row);
                }
                self.more.push((h, run));
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(run);
            }
        }
        self.starts.push(self.keys.len());
        self.keys.extend_from_slice(case);
        self.rows += 1;
        Ok(())
    }

    /// Rows pushed so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The end (exclusive) of each run, as [`case_runs`] gives them.
    pub fn finish(mut self) -> Vec<usize> {
        if self.rows > 0 {
            self.ends.push(self.rows);
        }
        self.ends
    }
}

/// The findings of one history of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryFindings {
    /// Position of the history in the batch (`index`, in findings, is always a row's position).
    pub history: usize,
    /// The last status code (`null` for an empty history).
    pub end: Option<u32>,
    /// Everything wrong with that history, in row order.
    pub findings: Vec<Finding>,
    /// Its minimal repair (`null` only for a history too long to repair within the limit).
    pub repair: Option<Repair>,
    /// Its fitness (`null` with the repair).
    pub fitness: Option<f64>,
}

/// The audit of a batch: counts, and the findings of the histories that have any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchAudit {
    /// Histories checked.
    pub histories: usize,
    /// Histories without findings.
    pub clean: usize,
    /// The histories with findings, in batch order.
    pub failing: Vec<HistoryFindings>,
    /// Sum of the repair costs (histories with a repair).
    pub cost: u64,
    /// Sum of the worst repair costs, `rows + 1` per history with a repair.
    pub worst: u64,
    /// Log fitness, `1 - cost / worst` (1 for an empty batch; 6 decimals): pm4py's log fitness of
    /// alignments.
    pub fitness: f64,
}

impl BatchAudit {
    /// An empty batch result, to fill with [`BatchAudit::push`].
    pub fn new() -> BatchAudit {
        BatchAudit { histories: 0, clean: 0, failing: Vec::new(), cost: 0, worst: 0, fitness: 1.0 }
    }

    /// Adds the report of the next history.
    pub fn push(&mut self, report: AuditReport) {
        let history = self.histories;
        self.histories += 1;
        if let Some(r) = &report.repair {
            self.cost = self.cost.saturating_add(u64::from(r.cost));
            self.worst = self.worst.saturating_add(report.rows as u64 + 1);
            self.fitness = ratio(self.cost, self.worst);
        }
        if report.ok {
            self.clean += 1;
        } else {
            self.failing.push(HistoryFindings {
                history,
                end: report.end,
                findings: report.findings,
                repair: report.repair,
                fitness: report.fitness,
            });
        }
    }
}

impl Default for BatchAudit {
    fn default() -> Self {
        BatchAudit::new()
    }
}

const NONE: u32 = u32::MAX;

/// The reference platform's legacy 5000 "In elaborazione" (`Pratica::STATUS_PROCESSING`): no
/// transition leads there; the audit reads it as [`Finding::LegacyStatus`].
const LEGACY_PROCESSING: u32 = 5000;
const LEGACY_PROCESSING_LABEL: &str = "In elaborazione";

/// The repairs already computed, by variant (the sequence of codes): a log has few variants, and
/// the repair and its findings depend on the codes alone (timestamps only give `outOfOrder`).
#[derive(Debug, Default)]
struct Variants(Mutex<HashMap<Vec<u32>, Arc<Repaired>>>);

/// A variant's repair and the findings read from it.
type Repaired = (Repair, Vec<Finding>);

/// Rows of a history whose codes [`Auditor::audit_iter`] keeps on the stack.
const SHORT: usize = 32;

/// Variants kept at most; the memo starts again when full.
const VARIANTS_KEPT: usize = 4096;

impl Clone for Variants {
    fn clone(&self) -> Self {
        Variants::default()
    }
}

/// A configuration's graph compiled for auditing. Build once, audit many histories.
#[derive(Debug, Clone)]
pub struct Auditor {
    config: ServiceConfig,
    facts: Vec<Facts>,
    /// Per automaton state: next state by target status index (`NONE` = illegal).
    next: Vec<[u32; STATUS_COUNT]>,
    /// Per automaton state: its status and whether every member is transient.
    status: Vec<Status>,
    transient: Vec<bool>,
    /// Per automaton state: the member facts (for explanations only).
    members: Vec<Vec<u32>>,
    start: u32,
    /// Per status: the state of "any history that reached this status" (`NONE` if unreachable).
    resync: [u32; STATUS_COUNT],
    /// The graph's fact states compiled for repairs.
    aligner: Aligner,
    /// The work allowed for one repair, in search nodes.
    repair_limit: usize,
    variants: Variants,
}

/// One state of the automaton the model exports draw: status, transient, edges (status, next).
pub(crate) type AutomatonState = (Status, bool, Vec<(Status, usize)>);

/// Default [`Auditor::set_repair_limit`]: 4 194 304 search nodes.
pub const REPAIR_LIMIT: usize = 1 << 22;

impl Auditor {
    /// Compiles `config`'s graph.
    pub fn new(config: &ServiceConfig) -> Auditor {
        // 1. The reachable abstract states (status + history facts) and their edges.
        let graph = ServiceGraph::new(config);
        let facts: Vec<Facts> = (0..graph.states.len()).filter_map(|i| graph.facts(i)).collect();
        let mut fact_edges: Vec<Vec<(usize, u32)>> = vec![Vec::new(); facts.len()];
        for e in &graph.edges {
            if let (Some(out), Some(to)) = (fact_edges.get_mut(e.from), graph.states.get(e.to)) {
                out.push((to.status.index(), e.to as u32));
            }
        }
        let fact_transient: Vec<bool> = graph.states.iter().map(|s| s.transient).collect();

        // 2. Subset construction, seeded with the initial state and one "resync" set per status.
        let mut set_ids: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut sets: Vec<Vec<u32>> = Vec::new();
        let mut intern = |set: Vec<u32>, sets: &mut Vec<Vec<u32>>| -> u32 {
            *set_ids.entry(set.clone()).or_insert_with(|| {
                sets.push(set);
                (sets.len() - 1) as u32
            })
        };
        let start = intern(vec![0], &mut sets);
        let mut resync = [NONE; STATUS_COUNT];
        for (si, slot) in resync.iter_mut().enumerate() {
            let set: Vec<u32> = (0..facts.len() as u32).filter(|&f| facts.get(f as usize).is_some_and(|x| x.status.index() == si)).collect();
            if !set.is_empty() {
                *slot = intern(set, &mut sets);
            }
        }
        let mut next: Vec<[u32; STATUS_COUNT]> = Vec::new();
        let mut k = 0;
        while k < sets.len() {
            let mut by_status: [Vec<u32>; STATUS_COUNT] = Default::default();
            let members = sets.get(k).cloned().unwrap_or_default();
            for &f in &members {
                for &(si, g) in fact_edges.get(f as usize).map(Vec::as_slice).unwrap_or(&[]) {
                    if let Some(v) = by_status.get_mut(si) {
                        v.push(g);
                    }
                }
            }
            let mut row = [NONE; STATUS_COUNT];
            for (si, mut v) in by_status.into_iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                v.sort_unstable();
                v.dedup();
                if let Some(slot) = row.get_mut(si) {
                    *slot = intern(v, &mut sets);
                }
            }
            next.push(row);
            k += 1;
        }
        let status = sets.iter().map(|s| s.first().and_then(|&f| facts.get(f as usize)).map_or(Status::Draft, |f| f.status)).collect();
        let transient = sets.iter().map(|s| s.iter().all(|&f| fact_transient.get(f as usize).copied().unwrap_or(false))).collect();
        let aligner = Aligner::new(&graph);
        Auditor {
            config: config.clone(),
            facts,
            next,
            status,
            transient,
            members: sets,
            start,
            resync,
            aligner,
            repair_limit: REPAIR_LIMIT,
            variants: Variants::default(),
        }
    }

    /// The configuration this auditor checks against.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// The statuses a practice of this configuration can reach.
    pub fn reachable_statuses(&self) -> Vec<Status> {
        Status::ALL.iter().copied().filter(|s| self.resync.get(s.index()).is_some_and(|&r| r != NONE)).collect()
    }

    /// Audits one history given as (status code, ordering key) pairs: any key type that orders
    /// like time (unix seconds, `DateTime`, ...). A clean history is one table lookup per row, with
    /// no allocation; a history with findings is repaired ([`Auditor::repair_iter`]) and its
    /// findings are read from the repair, so that one defect gives one finding. A history too long
    /// to repair within the limit ([`Auditor::set_repair_limit`]) gets `repair: None` and the
    /// findings of a walk that picks up again at each row's status.
    pub fn audit_iter<K, I>(&self, steps: I) -> AuditReport
    where
        K: PartialOrd,
        I: IntoIterator<Item = (u32, K)>,
        I::IntoIter: Clone,
    {
        let steps = steps.into_iter();
        if let Some((end, rows)) = self.clean(steps.clone()) {
            return AuditReport { ok: true, end: Some(end), findings: Vec::new(), repair: Some(Repair::default()), rows, fitness: Some(1.0) };
        }
        let mut findings = Vec::new();
        // The codes, on the stack for a history of up to SHORT rows (the variant is looked up by
        // them: most histories with findings are of a variant already repaired).
        let mut short = [0u32; SHORT];
        let mut long: Vec<u32> = Vec::new();
        let mut rows = 0;
        let mut prev_key: Option<K> = None;
        for (index, (code, key)) in steps.clone().enumerate() {
            if prev_key.as_ref().is_some_and(|p| key < *p) {
                findings.push(Finding::OutOfOrder { index });
            }
            prev_key = Some(key);
            match short.get_mut(index) {
                Some(slot) => *slot = code,
                None => {
                    if long.is_empty() {
                        long.extend_from_slice(&short);
                    }
                    long.push(code);
                }
            }
            rows = index + 1;
        }
        let codes: &[u32] = if rows <= SHORT { short.get(..rows).unwrap_or(&[]) } else { &long };
        if codes.is_empty() {
            findings.push(Finding::Empty);
            let repair = Repair { cost: 1, moves: vec![self.draft_insert(0)] };
            return AuditReport { ok: false, end: None, findings, repair: Some(repair), rows: 0, fitness: Some(0.0) };
        }
        let known = self.variants.0.lock().ok().and_then(|m| m.get(codes).cloned());
        let variant = match known {
            Some(v) => v,
            None => {
                let Ok((repair, moves)) = self.align(codes) else {
                    return self.walk(steps);
                };
                let mut derived = Vec::new();
                self.derive(codes, &moves, &mut derived);
                derived.sort_by_key(Finding::order);
                let v = Arc::new((repair, derived));
                if let Ok(mut m) = self.variants.0.lock() {
                    if m.len() >= VARIANTS_KEPT {
                        m.clear();
                    }
                    m.insert(codes.to_vec(), v.clone());
                }
                v
            }
        };
        let (repair, derived) = &*variant;
        if findings.is_empty() {
            // The variant's findings are sorted when it is first repaired.
            findings = derived.clone();
        } else {
            findings.extend(derived.iter().cloned());
            findings.sort_by_key(Finding::order);
        }
        let fitness = Some(fitness(u64::from(repair.cost), rows as u64));
        AuditReport { ok: findings.is_empty(), end: codes.last().copied(), findings, repair: Some(repair.clone()), rows, fitness }
    }

    fn draft_insert(&self, index: usize) -> RepairMove {
        RepairMove { op: RepairOp::Insert, index, status: Status::Draft.code() }
    }

    /// Whether a history of (status code, ordering key) pairs conforms: exactly
    /// [`AuditReport::ok`] of [`Auditor::audit_iter`], from one table lookup per row, without
    /// findings or repair (the verdict a token replay gives, for a first pass over a large log).
    pub fn conforms_iter<K: PartialOrd, I: IntoIterator<Item = (u32, K)>>(&self, steps: I) -> bool {
        self.clean(steps.into_iter()).is_some()
    }

    /// Whether a history of [`Step`]s conforms ([`Auditor::conforms_iter`]).
    pub fn conforms(&self, steps: &[Step]) -> bool {
        self.conforms_iter(steps.iter().map(|s| (s.status, s.at)))
    }

    /// [`Auditor::conforms`] of each history.
    pub fn conforms_many<H: AsRef<[Step]>>(&self, histories: &[H]) -> Vec<bool> {
        histories.iter().map(|h| self.conforms(h.as_ref())).collect()
    }

    /// The verdict of the fast pass: the last code when the history is clean.
    fn clean<K: PartialOrd, I: Iterator<Item = (u32, K)>>(&self, steps: I) -> Option<(u32, usize)> {
        let mut cur = self.start;
        let mut prev_key: Option<K> = None;
        let mut last = None;
        let mut rows = 0;
        for (index, (code, key)) in steps.enumerate() {
            rows = index + 1;
            if prev_key.as_ref().is_some_and(|p| key < *p) {
                return None;
            }
            prev_key = Some(key);
            let status = Status::from_code_opt(code)?;
            if index == 0 {
                if status != Status::Draft {
                    return None;
                }
            } else {
                cur = self.next.get(cur as usize).and_then(|row| row.get(status.index())).copied().unwrap_or(NONE);
                if cur == NONE {
                    return None;
                }
            }
            last = Some(code);
        }
        if self.transient.get(cur as usize).copied().unwrap_or(true) {
            return None;
        }
        last.map(|l| (l, rows))
    }

    /// The minimal repair of a history given as (status code, ordering key) pairs: the fewest rows
    /// to insert and to drop so that the configuration's graph allows it (timestamps are not part
    /// of it). `practice.repair_limit` when `(rows + 1) × (graph states + 1)` exceeds the limit.
    pub fn repair_iter<K, I: IntoIterator<Item = (u32, K)>>(&self, steps: I) -> Result<Repair, PracticeError> {
        let codes: Vec<u32> = steps.into_iter().map(|(c, _)| c).collect();
        self.align(&codes).map(|(r, _)| r)
    }

    /// The minimal repair of one history of [`Step`]s (see [`Auditor::repair_iter`]).
    pub fn repair(&self, steps: &[Step]) -> Result<Repair, PracticeError> {
        self.repair_iter(steps.iter().map(|s| (s.status, s.at)))
    }

    /// The work allowed for one repair, in search nodes: `(rows + 1) × (graph states + 1)`, each a
    /// word of memory (default 4 194 304: about 100 000 rows for the largest graphs).
    pub fn set_repair_limit(&mut self, nodes: usize) {
        self.repair_limit = nodes;
    }

    fn align(&self, codes: &[u32]) -> Result<(Repair, Vec<Move>), PracticeError> {
        let nodes = (codes.len() + 1).saturating_mul(self.aligner.nodes());
        if nodes > self.repair_limit {
            return Err(PracticeError::RepairLimit { rows: codes.len(), limit: self.repair_limit });
        }
        let rows: Vec<Option<u8>> = codes.iter().map(|&c| Status::from_code_opt(c).map(|s| s.index() as u8)).collect();
        let (cost, moves) = self.aligner.align(&rows);
        let code_of = |node: u32| self.aligner.status_of(node).map_or(0, Status::code);
        let steps = moves
            .iter()
            .filter_map(|m| match *m {
                Move::Sync { .. } => None,
                Move::Insert { before, node } => Some(RepairMove { op: RepairOp::Insert, index: before, status: code_of(node) }),
                Move::Drop { index } => Some(RepairMove { op: RepairOp::Drop, index, status: codes.get(index).copied().unwrap_or(0) }),
            })
            .collect();
        Ok((Repair { cost, moves: steps }, moves))
    }

    /// The findings of a repaired history: one per run of inserted and dropped rows between two
    /// kept rows, plus one per dropped row that is no status (unknown or legacy) or that repeats
    /// 9000 (the legacy self-loop).
    fn derive(&self, codes: &[u32], moves: &[Move], findings: &mut Vec<Finding>) {
        struct Group {
            before: u32,
            from: Option<Status>,
            anchor: Option<usize>,
        }
        let mut cur = NONE;
        let mut model: Option<Status> = None;
        let mut last_kept: Option<usize> = None;
        let mut group: Option<Group> = None;
        let code = |i: usize| codes.get(i).copied().unwrap_or(0);
        let emit = |g: Group, last_kept: Option<usize>, findings: &mut Vec<Finding>| match (g.from, g.anchor) {
            (None, _) => {
                if Status::from_code_opt(code(0)).is_some() {
                    findings.push(Finding::BadStart { index: 0, status: code(0) });
                }
            }
            (Some(from), Some(a)) => {
                let to = code(a);
                let guards = Status::from_code_opt(to).map(|s| self.explain(g.before, s)).unwrap_or_default();
                findings.push(Finding::IllegalStep { index: a, from: from.code(), to, guards, allowed: self.allowed(g.before) });
            }
            (Some(_), None) => {
                let index = last_kept.unwrap_or(codes.len().saturating_sub(1));
                findings.push(Finding::ImpossibleEnd { index, status: code(index) });
            }
        };
        let enter = |cur: u32, s: Status| -> u32 {
            if cur == NONE {
                self.start
            } else {
                let n = self.next.get(cur as usize).and_then(|row| row.get(s.index())).copied().unwrap_or(NONE);
                if n == NONE {
                    self.resync.get(s.index()).copied().unwrap_or(NONE)
                } else {
                    n
                }
            }
        };
        for m in moves {
            match *m {
                Move::Sync { index, node } => {
                    if let Some(mut g) = group.take() {
                        g.anchor = g.anchor.or(Some(index));
                        emit(g, last_kept, findings);
                    }
                    if let Some(s) = self.aligner.status_of(node) {
                        cur = enter(cur, s);
                        model = Some(s);
                    }
                    last_kept = Some(index);
                }
                Move::Insert { node, .. } => {
                    if group.is_none() {
                        group = Some(Group { before: cur, from: model, anchor: None });
                    }
                    if let Some(s) = self.aligner.status_of(node) {
                        cur = enter(cur, s);
                        model = Some(s);
                    }
                }
                Move::Drop { index } => {
                    let c = code(index);
                    match Status::from_code_opt(c) {
                        None if c == LEGACY_PROCESSING => {
                            findings.push(Finding::LegacyStatus { index, status: c, label: LEGACY_PROCESSING_LABEL.into() })
                        }
                        None => findings.push(Finding::UnknownStatus { index, status: c }),
                        Some(Status::Rejected) if model == Some(Status::Rejected) && group.is_none() => {
                            findings.push(Finding::LegacySelfLoop { index, status: c })
                        }
                        Some(_) => {
                            let g = group.get_or_insert(Group { before: cur, from: model, anchor: None });
                            g.anchor = g.anchor.or(Some(index));
                        }
                    }
                }
            }
        }
        if let Some(g) = group.take() {
            emit(g, last_kept, findings);
        }
    }

    /// The findings of a walk that picks up again at a row's status after each finding: the
    /// fallback when a history is too long for a repair within the limit.
    fn walk<K: PartialOrd, I: IntoIterator<Item = (u32, K)>>(&self, steps: I) -> AuditReport {
        let mut findings = Vec::new();
        let mut cur: u32 = NONE;
        let mut prev_key: Option<K> = None;
        let mut prev_code: u32 = 0;
        let mut n = 0usize;
        for (index, (code, key)) in steps.into_iter().enumerate() {
            n = index + 1;
            if prev_key.as_ref().is_some_and(|p| key < *p) {
                findings.push(Finding::OutOfOrder { index });
            }
            prev_key = Some(key);
            let Some(status) = Status::from_code_opt(code) else {
                findings.push(match code {
                    LEGACY_PROCESSING => Finding::LegacyStatus { index, status: code, label: LEGACY_PROCESSING_LABEL.into() },
                    _ => Finding::UnknownStatus { index, status: code },
                });
                cur = NONE;
                prev_code = code;
                continue;
            };
            let si = status.index();
            let resync = self.resync.get(si).copied().unwrap_or(NONE);
            if index == 0 {
                if status != Status::Draft {
                    findings.push(Finding::BadStart { index, status: code });
                    cur = resync;
                } else {
                    cur = self.start;
                }
            } else if cur == NONE {
                // Lost after an earlier finding: pick up again at this status.
                cur = resync;
            } else {
                let nxt = self.next.get(cur as usize).and_then(|row| row.get(si)).copied().unwrap_or(NONE);
                if nxt == NONE && status == Status::Rejected && prev_code == code {
                    // The reference platform's whitelisted 9000 -> 9000 (legacy): the state stays.
                    findings.push(Finding::LegacySelfLoop { index, status: code });
                } else if nxt == NONE {
                    let guards = self.explain(cur, status);
                    findings.push(Finding::IllegalStep { index, from: prev_code, to: code, guards, allowed: self.allowed(cur) });
                    cur = resync;
                } else {
                    cur = nxt;
                }
            }
            prev_code = code;
        }
        if n == 0 {
            findings.push(Finding::Empty);
        } else if cur != NONE && self.transient.get(cur as usize).copied().unwrap_or(false) {
            findings.push(Finding::ImpossibleEnd { index: n - 1, status: prev_code });
        }
        AuditReport { ok: findings.is_empty(), end: if n == 0 { None } else { Some(prev_code) }, findings, repair: None, rows: n, fitness: None }
    }

    /// Audits one history of [`Step`]s.
    pub fn audit(&self, steps: &[Step]) -> AuditReport {
        self.audit_iter(steps.iter().map(|s| (s.status, s.at)))
    }

    /// Audits many histories.
    pub fn audit_many<H: AsRef<[Step]>>(&self, histories: &[H]) -> BatchAudit {
        let mut batch = BatchAudit::new();
        for h in histories {
            batch.push(self.audit(h.as_ref()));
        }
        batch
    }

    /// The status codes the automaton state `cur` has an edge to, ordered by code.
    fn allowed(&self, cur: u32) -> Vec<u32> {
        let row = self.next.get(cur as usize);
        Status::ALL
            .iter()
            .filter(|s| row.and_then(|r| r.get(s.index())).is_some_and(|&n| n != NONE))
            .map(|s| s.code())
            .collect()
    }

    /// The configuration or history guards that deny an edge from the state `cur` to `to`.
    fn explain(&self, cur: u32, to: Status) -> Vec<Guard> {
        let mut out: Vec<Guard> = Vec::new();
        let members = self.members.get(cur as usize).map(Vec::as_slice).unwrap_or(&[]);
        for f in members.iter().filter_map(|&m| self.facts.get(m as usize)) {
            for row in rules::TRANSITIONS.iter().filter(|r| r.to != Target::Unchanged && r.from.contains(&f.status)) {
                if rules::targets(row, &self.config, f).iter().all(|g| g.status != to) {
                    continue;
                }
                out.extend(row.guards.iter().copied().filter(|&g| !rules::holds(g, row, &self.config, f, None)));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The deterministic automaton reachable from the draft, for the model exports: per state
    /// (numbered in breadth-first order from the draft, statuses by code) its status, whether the
    /// system leaves it at once, and its edges (status entered, next state).
    pub(crate) fn automaton(&self) -> Vec<AutomatonState> {
        let mut ids: HashMap<u32, usize> = HashMap::new();
        let mut order = vec![self.start];
        ids.insert(self.start, 0);
        let mut out = Vec::new();
        let mut k = 0;
        while let Some(&q) = order.get(k) {
            let mut edges = Vec::new();
            for s in Status::ALL {
                let n = self.next.get(q as usize).and_then(|r| r.get(s.index())).copied().unwrap_or(NONE);
                if n == NONE {
                    continue;
                }
                let id = *ids.entry(n).or_insert_with(|| {
                    order.push(n);
                    order.len() - 1
                });
                edges.push((s, id));
            }
            let status = self.status.get(q as usize).copied().unwrap_or(Status::Draft);
            out.push((status, self.transient.get(q as usize).copied().unwrap_or(false), edges));
            k += 1;
        }
        out
    }

    /// The status of an automaton state (tests and debugging).
    #[doc(hidden)]
    pub fn state_count(&self) -> usize {
        self.status.len()
    }
}

/// Audits one history against `config` (compiles the graph each call: for many histories use
/// [`audit_many`] or an [`Auditor`]).
pub fn audit(config: &ServiceConfig, steps: &[Step]) -> AuditReport {
    Auditor::new(config).audit(steps)
}

/// Audits many histories against one configuration.
pub fn audit_many<H: AsRef<[Step]>>(config: &ServiceConfig, histories: &[H]) -> BatchAudit {
    Auditor::new(config).audit_many(histories)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    #[test]
    fn a_history_over_the_repair_limit_is_walked_and_repair_is_a_typed_error() {
        let mut auditor = Auditor::new(&ServiceConfig::default());
        auditor.set_repair_limit(10);
        let rows = [(1000u32, 0i64), (1900, 1), (7000, 2), (2000, 3)];
        let report = auditor.audit_iter(rows.iter().copied());
        assert_eq!(report.repair, None);
        assert_eq!(report.findings.len(), 2, "{report:?}");
        let err = auditor.repair_iter(rows.iter().copied()).unwrap_err();
        assert_eq!(err.code(), "practice.repair_limit");
        auditor.set_repair_limit(REPAIR_LIMIT);
        let report = auditor.audit_iter(rows.iter().copied());
        assert_eq!(report.findings.len(), 1, "{report:?}");
        assert_eq!(report.repair.map(|r| r.cost), Some(1));
    }
}

#[cfg(test)]
mod case_runs_tests {
    use super::{case_runs, CaseRuns};

    #[test]
    fn runs_end_where_the_case_changes_and_a_returning_case_is_refused() {
        assert_eq!(case_runs(&["a", "a", "b", "c", "c"]), Ok(vec![2, 3, 5]));
        assert_eq!(case_runs::<&str>(&[]), Ok(vec![]));
        assert_eq!(case_runs(&[1u64, 2, 1].map(u64::to_le_bytes)), Err(2));
    }

    fn streamed(cases: &[&str]) -> Result<Vec<usize>, usize> {
        let mut runs = CaseRuns::new();
        for c in cases {
            runs.push(c.as_bytes())?;
        }
        Ok(runs.finish())
    }

    #[test]
    fn streamed_runs_end_where_the_case_changes() {
        type Runs = Result<Vec<usize>, usize>;
        let want: [(&[&str], Runs); 6] = [
            (&["a", "a", "b", "c", "c"], Ok(vec![2, 3, 5])),
            (&[], Ok(vec![])),
            (&["a"], Ok(vec![1])),
            (&["", "", "x", ""], Err(3)),
            (&["ab", "a", "b", "ab"], Err(3)),
            (&["x", "y", "y", "z", "x"], Err(4)),
        ];
        for (cases, runs) in want {
            assert_eq!(streamed(cases), runs, "{cases:?}");
        }
    }

    #[test]
    fn short_keys_compare_as_slices_do() {
        // Per length: all equal, and one byte different at the start, in the middle, at the end.
        let keys: Vec<Vec<u8>> = (0..40usize)
            .flat_map(|n| {
                (0..4).map(move |k| {
                    let mut v = vec![b'x'; n];
                    if let Some(b) = [None, Some(0), Some(n / 2), n.checked_sub(1)][k].and_then(|i| v.get_mut(i)) {
                        *b = b'y';
                    }
                    v
                })
            })
            .collect();
        for a in &keys {
            for b in &keys {
                assert_eq!(super::same(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn cases_sharing_a_hash_are_still_told_apart() {
        // Every case under one hash, as 64-bit collisions would put them.
        #[derive(Default)]
        struct Same;
        impl std::hash::Hasher for Same {
            fn finish(&self) -> u64 {
                7
            }
            fn write(&mut self, _: &[u8]) {}
        }
        let same = std::hash::BuildHasherDefault::<Same>::default;
        let mut runs = CaseRuns::with_hasher(same());
        for (row, c) in [b"a", b"b", b"b", b"c"].iter().enumerate() {
            assert_eq!(runs.push(&c[..]), Ok(()), "row {row}");
        }
        assert_eq!(runs.push(b"b"), Err(4));
        let mut runs = CaseRuns::with_hasher(same());
        assert_eq!(runs.push(b"x"), Ok(()));
        assert_eq!(runs.push(b"y"), Ok(()));
        assert_eq!(runs.finish(), vec![1, 2]);
    }
}
