//! The graph a service configuration gives the transition table: every reachable state (a status
//! with the history facts the guards depend on) and every edge, found by exploring the table from
//! the draft with the actor and input guards assumed to hold, and at an approval every decision the
//! operator can take (release stamps, a deferred amount or its exemption). The audit compiles it; the model
//! check walks it; `to_mermaid` draws it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::config::ServiceConfig;
use super::event::EventKind;
use super::rules::{self, Facts};
use super::status::{Outcome, Status};

/// A reachable state: a status plus the history facts guards and targets depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GraphState {
    /// The practice status.
    pub status: Status,
    /// A payment (stamps included) has been created.
    pub payment: bool,
    /// The outcome given, if any.
    pub outcome: Option<Outcome>,
    /// The practice has its protocol number.
    pub protocol_number: bool,
    /// The system leaves this state at once (an automatic follow-up fires).
    pub transient: bool,
    /// Release stamps pending after an approval (1400 with an outcome): whether the operator's
    /// decision at approval leaves a payment due once they are paid; `null` elsewhere.
    #[serde(default)]
    pub release_payment: Option<bool>,
}

/// An edge between two states (indices into [`ServiceGraph::states`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GraphEdge {
    /// Index of the source state in [`ServiceGraph::states`].
    pub from: usize,
    /// Index of the target state in [`ServiceGraph::states`].
    pub to: usize,
    /// The event that takes the edge.
    pub event: EventKind,
    /// Fired by the system, not by a person.
    pub automatic: bool,
}

/// The reachable graph of one configuration; state 0 is the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceGraph {
    /// Every reachable state; index 0 is the draft.
    pub states: Vec<GraphState>,
    /// Every edge between them.
    pub edges: Vec<GraphEdge>,
}

impl ServiceGraph {
    /// Explores the transition table under `config`.
    pub fn new(config: &ServiceConfig) -> ServiceGraph {
        let mut ids: HashMap<Facts, usize> = HashMap::new();
        let mut facts: Vec<Facts> = vec![Facts::INITIAL];
        ids.insert(Facts::INITIAL, 0);
        let mut states = Vec::new();
        let mut edges = Vec::new();
        let mut i = 0;
        while let Some(&f) = facts.get(i) {
            for (row, g) in rules::edges(config, &f) {
                let to = *ids.entry(g).or_insert_with(|| {
                    facts.push(g);
                    facts.len() - 1
                });
                edges.push(GraphEdge { from: i, to, event: row.event, automatic: row.automatic });
            }
            states.push(GraphState {
                status: f.status,
                payment: f.payment,
                outcome: f.outcome,
                protocol_number: f.protocol,
                transient: rules::automatic(config, &f).is_some(),
                release_payment: f.release_payment,
            });
            i += 1;
        }
        ServiceGraph { states, edges }
    }

    pub(crate) fn facts(&self, i: usize) -> Option<Facts> {
        self.states.get(i).map(|s| Facts {
            status: s.status,
            payment: s.payment,
            outcome: s.outcome,
            protocol: s.protocol_number,
            release_payment: s.release_payment,
        })
    }

    /// The reachable statuses, ordered by code.
    pub fn statuses(&self) -> Vec<Status> {
        let mut out: Vec<Status> = self.states.iter().map(|s| s.status).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The edges between statuses (history facts projected away), deduplicated and sorted.
    pub fn status_edges(&self) -> Vec<(Status, Status, EventKind)> {
        let mut out: Vec<(Status, Status, EventKind)> = self
            .edges
            .iter()
            .filter_map(|e| Some((self.states.get(e.from)?.status, self.states.get(e.to)?.status, e.event)))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// States from which some state satisfying `target` can be reached, by edges whose event
    /// `via` accepts.
    pub fn can_reach(&self, target: impl Fn(&GraphState) -> bool, via: impl Fn(EventKind) -> bool) -> Vec<bool> {
        let mut ok: Vec<bool> = self.states.iter().map(&target).collect();
        loop {
            let mut changed = false;
            for e in self.edges.iter().filter(|e| via(e.event)) {
                if ok.get(e.to).copied().unwrap_or(false) && !ok.get(e.from).copied().unwrap_or(true) {
                    if let Some(slot) = ok.get_mut(e.from) {
                        *slot = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                return ok;
            }
        }
    }

    /// A Mermaid `stateDiagram-v2` of the status edges, labelled with the events.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("stateDiagram-v2\n");
        out.push_str(&format!("    [*] --> s{}\n", Status::Draft.code()));
        for s in self.statuses() {
            out.push_str(&format!("    s{}: {} {}\n", s.code(), s.code(), s.label()));
        }
        let mut grouped: Vec<((Status, Status), Vec<&'static str>)> = Vec::new();
        for (from, to, ev) in self.status_edges() {
            match grouped.last_mut() {
                Some((k, v)) if *k == (from, to) => v.push(ev.name()),
                _ => grouped.push(((from, to), vec![ev.name()])),
            }
        }
        for ((from, to), evs) in grouped {
            out.push_str(&format!("    s{} --> s{}: {}\n", from.code(), to.code(), evs.join(", ")));
        }
        for s in self.statuses().into_iter().filter(|s| s.is_final()) {
            out.push_str(&format!("    s{} --> [*]\n", s.code()));
        }
        out
    }
}
