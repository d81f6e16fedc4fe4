//! Audit of recorded histories: given a service configuration and a list of (status, timestamp)
//! rows — e.g. the back office's CSV export — report every illegal step, out-of-order timestamp or
//! impossible end state.
//!
//! The [`Auditor`] compiles the transition table for one configuration into a small deterministic
//! automaton over (status, history facts): a payment made, the outcome given, the protocol number
//! present. Checking a step is then one table lookup, with no allocation unless something is
//! wrong, so a batch checks millions of histories per second.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::config::ServiceConfig;
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
    pub at: DateTime<FixedOffset>,
}

/// An instant given as RFC 3339 text or unix seconds.
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
            Raw::Secs(s) => Utc
                .timestamp_opt(s, 0)
                .single()
                .map(|t| Instant(t.fixed_offset()))
                .ok_or_else(|| serde::de::Error::custom("timestamp out of range")),
            Raw::Text(t) => DateTime::parse_from_rfc3339(&t).map(Instant).map_err(serde::de::Error::custom),
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

/// The audit of one history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditReport {
    /// No findings.
    pub ok: bool,
    /// The last status code (`null` for an empty history).
    pub end: Option<u32>,
    /// Everything wrong, in row order (empty when `ok`).
    pub findings: Vec<Finding>,
}

/// The findings of one history of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryFindings {
    /// Position of the history in the batch (`index`, in findings, is always a row's position).
    pub history: usize,
    /// The last status code (`null` for an empty history).
    pub end: Option<u32>,
    /// Everything wrong with that history, in row order.
    pub findings: Vec<Finding>,
}

/// The audit of a batch: counts, and the findings of the histories that have any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchAudit {
    /// Histories checked.
    pub histories: usize,
    /// Histories without findings.
    pub clean: usize,
    /// The histories with findings, in batch order.
    pub failing: Vec<HistoryFindings>,
}

impl BatchAudit {
    /// An empty batch result, to fill with [`BatchAudit::push`].
    pub fn new() -> BatchAudit {
        BatchAudit { histories: 0, clean: 0, failing: Vec::new() }
    }

    /// Adds the report of the next history.
    pub fn push(&mut self, report: AuditReport) {
        let history = self.histories;
        self.histories += 1;
        if report.ok {
            self.clean += 1;
        } else {
            self.failing.push(HistoryFindings { history, end: report.end, findings: report.findings });
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
}

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
        Auditor { config: config.clone(), facts, next, status, transient, members: sets, start, resync }
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
    /// like time (unix seconds, `DateTime`, ...). No allocation unless there are findings.
    pub fn audit_iter<K: PartialOrd, I: IntoIterator<Item = (u32, K)>>(&self, steps: I) -> AuditReport {
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
        AuditReport { ok: findings.is_empty(), end: if n == 0 { None } else { Some(prev_code) }, findings }
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
                if rules::resolve(row.to, &self.config, f) != to {
                    continue;
                }
                out.extend(row.guards.iter().copied().filter(|&g| !rules::holds(g, row, &self.config, f, None)));
            }
        }
        out.sort_unstable();
        out.dedup();
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
