//! The practice: an append-only event log whose replay gives its state and its timeline
//! ("Iter della pratica").

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::actor::{Actor, ActorKind};
use super::charges::{self, Decisions};
use super::config::ServiceConfig;
use super::error::PracticeError;
use super::event::{Event, EventArg, EventKind};
use super::kind::RequestKind;
use super::office;
use super::protocol::{self, ProtocolDocument, ProtocolRef};
use super::rules::{self, Facts, Target, Who};
use super::status::{Outcome, Status};
use crate::payments::Charge;

/// One event as recorded in the practice's log. JSON:
/// `{"at": "2025-02-20T10:15:00+01:00", "actor": {"kind": "citizen", "id": "..."}, "event": {"type": "submit"}, "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordedEvent {
    /// When the event happened (RFC 3339 with offset).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// Who fired it.
    pub actor: Actor,
    /// The event and its data.
    pub event: Event,
    /// The message given with it (the reason, where one is required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub message: Option<String>,
}

/// One status change of the timeline ("Iter della pratica").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimelineEntry {
    /// Position in the timeline, from 0 (the creation as a draft).
    pub seq: u32,
    /// When the change happened (RFC 3339 with offset).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// The status left (`null` for the creation).
    pub from: Option<Status>,
    /// The status entered.
    pub status: Status,
    /// The event that caused the change (automatic follow-ups have their own event names).
    pub event: EventKind,
    /// Who fired the event.
    pub actor: Actor,
    /// The message given with the event, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub message: Option<String>,
    /// The message is an operator's internal note, not shown to the citizen (a `recordPayment`
    /// motivation not sent to the citizen). Omitted from JSON when `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub internal: bool,
}

/// A practice (pratica). Build one with [`Practice::new`] (an activation) or
/// [`Practice::linked`] / [`Practice::modification_of`] (a request on an earlier practice); change it
/// only with [`Practice::apply`]. It serialises to JSON (see [`PracticeRecord`]) and restores by
/// replaying its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    id: String,
    kind: RequestKind,
    linked_to: Option<String>,
    applicant: String,
    config: ServiceConfig,
    created_at: DateTime<FixedOffset>,
    created_by: Actor,
    events: Vec<RecordedEvent>,
    timeline: Vec<TimelineEntry>,
    facts: Facts,
    assigned: Option<String>,
    protocol: Vec<ProtocolRef>,
    last_at: DateTime<FixedOffset>,
    office: Option<String>,
    /// A rejection notice awaits the applicant's observations (art. 10-bis).
    notice_pending: bool,
    decisions: Decisions,
}

impl Practice {
    /// A new activation practice, a draft created by the applicant at `at`.
    pub fn new(id: impl Into<String>, applicant: impl Into<String>, config: ServiceConfig, at: DateTime<FixedOffset>) -> Practice {
        let applicant = applicant.into();
        let created_by = Actor::citizen(applicant.clone());
        Practice::build(id.into(), RequestKind::Activation, None, applicant, config, created_by, at)
    }

    /// A new activation practice created by `created_by` (e.g. an operator filing for the citizen).
    pub fn new_by(
        id: impl Into<String>,
        applicant: impl Into<String>,
        config: ServiceConfig,
        created_by: Actor,
        at: DateTime<FixedOffset>,
    ) -> Practice {
        Practice::build(id.into(), RequestKind::Activation, None, applicant.into(), config, created_by, at)
    }

    /// A new practice of `kind` linked to `original` (same applicant and service configuration),
    /// created by `created_by` at `at`. A modification is always such a new practice: the original
    /// is never edited. Fails with `practice.link` when `kind` is an activation, when the original's
    /// status does not allow it ([`RequestKind::may_link_to`]), or when a citizen other than the
    /// original's applicant asks for a modification, renewal, termination or suspension.
    pub fn linked(
        original: &Practice,
        kind: RequestKind,
        id: impl Into<String>,
        created_by: Actor,
        at: DateTime<FixedOffset>,
    ) -> Result<Practice, PracticeError> {
        let status = original.status();
        let link_err = |message: &str| PracticeError::Link { kind, original_status: status, message: message.to_string() };
        kind.may_link_to(status).map_err(link_err)?;
        let same_holder = matches!(
            kind,
            RequestKind::Modification | RequestKind::Renewal | RequestKind::Termination | RequestKind::Suspension | RequestKind::Regularization
        );
        let applicant = if created_by.kind == ActorKind::Citizen {
            let id = created_by.id.clone().unwrap_or_default();
            if same_holder && id != original.applicant {
                return Err(link_err("only the applicant of the original may ask for it"));
            }
            id
        } else {
            original.applicant.clone()
        };
        Ok(Practice::build(id.into(), kind, Some(original.id.clone()), applicant, original.config.clone(), created_by, at))
    }

    /// A modification of `original`: a new draft linked to it (see [`Practice::linked`]).
    pub fn modification_of(
        original: &Practice,
        id: impl Into<String>,
        created_by: Actor,
        at: DateTime<FixedOffset>,
    ) -> Result<Practice, PracticeError> {
        Practice::linked(original, RequestKind::Modification, id, created_by, at)
    }

    fn build(
        id: String,
        kind: RequestKind,
        linked_to: Option<String>,
        applicant: String,
        config: ServiceConfig,
        created_by: Actor,
        at: DateTime<FixedOffset>,
    ) -> Practice {
        let first = TimelineEntry {
            seq: 0,
            at,
            from: None,
            status: Status::Draft,
            event: EventKind::Create,
            actor: created_by.clone(),
            message: None,
            internal: false,
        };
        Practice {
            id,
            kind,
            linked_to,
            applicant,
            config,
            created_at: at,
            created_by,
            events: Vec::new(),
            timeline: vec![first],
            facts: Facts::INITIAL,
            assigned: None,
            protocol: Vec::new(),
            last_at: at,
            office: None,
            notice_pending: false,
            decisions: Decisions::default(),
        }
    }

    /// The practice's identifier (given by the caller).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The request type.
    pub fn kind(&self) -> RequestKind {
        self.kind
    }
    /// The practice this one refers to (modification, renewal, ...).
    pub fn linked_to(&self) -> Option<&str> {
        self.linked_to.as_deref()
    }
    /// The applicant's identifier.
    pub fn applicant(&self) -> &str {
        &self.applicant
    }
    /// The service configuration the practice was created with.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }
    /// When the draft was created.
    pub fn created_at(&self) -> DateTime<FixedOffset> {
        self.created_at
    }
    /// Who created the draft.
    pub fn created_by(&self) -> &Actor {
        &self.created_by
    }
    /// The current status.
    pub fn status(&self) -> Status {
        self.facts.status
    }
    /// The operator's outcome, if given (cleared by reopening).
    pub fn outcome(&self) -> Option<Outcome> {
        self.facts.outcome
    }
    /// The operator the practice is assigned to.
    pub fn assigned_operator(&self) -> Option<&str> {
        self.assigned.as_deref()
    }
    /// The office (ufficio) the practice is assigned to: by an `assignOffice` event (the form's
    /// office assignment, or by hand) or by the office of a take-in-charge.
    pub fn office(&self) -> Option<&str> {
        self.office.as_deref()
    }
    /// The protocol number, once registered.
    pub fn protocol_number(&self) -> Option<&str> {
        self.protocol.iter().find(|r| r.document == ProtocolDocument::Practice).and_then(|r| r.number.as_deref())
    }

    /// Every protocol registration of the practice's documents, oldest first: the practice, its
    /// integration requests and answers, its outcome, each with its number, document id,
    /// fascicolo, date and direction.
    pub fn protocol(&self) -> &[ProtocolRef] {
        &self.protocol
    }
    /// The practice's charges, request phase first, stamps before fees in each phase: the
    /// configured ones (`charges`, or `paymentAmount` as one item), with the form's amount given
    /// at `submit` and the operator's decisions at approval applied (the deferred amount as one
    /// item, none when `"0.00"`; the release stamps chosen, none for `[]`). A reopening clears
    /// the approval's decisions.
    pub fn charges(&self) -> Vec<Charge> {
        charges::charges(&self.config, &self.decisions)
    }
    /// Whether a payment (stamps included) has been created for the practice.
    pub fn payment_created(&self) -> bool {
        self.facts.payment
    }
    /// The event log, oldest first.
    pub fn events(&self) -> &[RecordedEvent] {
        &self.events
    }
    /// The timeline: every status change, the creation first.
    pub fn timeline(&self) -> &[TimelineEntry] {
        &self.timeline
    }
    /// The event log as `viewer` may read it. An operator reads all of it; anyone else (the
    /// citizen, the systems) reads it without operators' private notes (`note` events) and without
    /// the motivation of a "registra pagamento" kept as an internal note.
    pub fn events_for(&self, viewer: &Actor) -> Vec<RecordedEvent> {
        if viewer.kind == ActorKind::Operator {
            return self.events.clone();
        }
        let public = |e: &&RecordedEvent| !matches!(e.event, Event::Note);
        let strip = |e: &RecordedEvent| {
            let internal = matches!(e.event, Event::RecordPayment { send_to_citizen: false });
            RecordedEvent { message: if internal { None } else { e.message.clone() }, ..e.clone() }
        };
        self.events.iter().filter(public).map(strip).collect()
    }
    /// The timeline as `viewer` may read it: all of it for an operator; for anyone else every
    /// status change, without the messages that are operators' internal notes (those entries come
    /// with no message and `internal: false`).
    pub fn timeline_for(&self, viewer: &Actor) -> Vec<TimelineEntry> {
        let operator = viewer.kind == ActorKind::Operator;
        let strip = |e: &TimelineEntry| match e.internal && !operator {
            true => TimelineEntry { message: None, internal: false, ..e.clone() },
            false => e.clone(),
        };
        self.timeline.iter().map(strip).collect()
    }
    /// When the practice was first sent (entered 1900), if it was.
    pub fn submitted_at(&self) -> Option<DateTime<FixedOffset>> {
        self.timeline.iter().find(|e| e.status == Status::Sent).map(|e| e.at)
    }

    fn who<'a>(&'a self, actor: &'a Actor, input: Option<(&'a Event, Option<&'a str>)>, at: Option<DateTime<FixedOffset>>) -> Who<'a> {
        Who {
            actor,
            applicant: &self.applicant,
            assigned: self.assigned.as_deref(),
            input,
            office: self.office.as_deref(),
            notice_pending: self.notice_pending,
            at,
            // read only by the annulment term, which needs the event's time
            decided_at: at.and(self.config.annulment_term_months).and_then(|_| self.decided_at()),
        }
    }

    /// The error of an event at `at`, before the last recorded one (none without `at`).
    fn out_of_order(&self, at: Option<DateTime<FixedOffset>>) -> Option<PracticeError> {
        at.filter(|at| *at < self.last_at).map(|at| PracticeError::OutOfOrder { previous: self.last_at, at })
    }

    /// When the practice last entered an outcome status (the outcome document awaiting
    /// registration, or the final status): the adoption of its final act.
    fn decided_at(&self) -> Option<DateTime<FixedOffset>> {
        self.timeline.iter().rev().find(|e| e.status.is_outcome() && !e.from.is_some_and(Status::is_outcome)).map(|e| e.at)
    }

    /// Applies `event`, fired by `actor` at `at` with an optional message (the reason, where one
    /// is required), then the automatic follow-ups. Returns the new status. On error nothing
    /// changes: `practice.out_of_order` if `at` is before the last event, `practice.transition` if
    /// the event is not defined from the current status, `practice.guard` naming every failed guard.
    pub fn apply(&mut self, event: Event, actor: Actor, at: DateTime<FixedOffset>, message: Option<String>) -> Result<Status, PracticeError> {
        if let Some(e) = self.out_of_order(Some(at)) {
            return Err(e);
        }
        let kind = event.kind();
        let from = self.facts.status;
        let Some(row) = rules::row_for(kind, from) else {
            return Err(PracticeError::Transition { event: kind, status: from, allowed: self.allowed_events(&actor, Some(at)) });
        };
        {
            let who = self.who(&actor, Some((&event, message.as_deref())), Some(at));
            if !rules::passes(row, &self.config, &self.facts, Some(&who)) {
                let failed = rules::failed_guards(row, &self.config, &self.facts, Some(&who));
                return Err(PracticeError::Guard { event: kind, status: from, failed });
            }
        }
        let decided = charges::decide(&self.config, &self.decisions, &event)?;
        let folders = &self.config.protocol_folders;
        let practice = self.protocol.iter().find(|p| p.document == ProtocolDocument::Practice);
        let office = office::assigned(&event)?;
        if let Some(r) = protocol::registration(&event, at, |year| folders.get(&year).cloned(), practice)? {
            self.protocol.push(r);
        }
        if office.is_some() {
            self.office = office;
        }
        match &event {
            Event::Assign { operator, .. } => self.assigned = operator.clone().or_else(|| actor.id.clone()),
            Event::Reopen => self.assigned = actor.id.clone(),
            Event::RejectionNotice => self.notice_pending = true,
            Event::SubmitObservations => self.notice_pending = false,
            _ => {}
        }
        if let Some(d) = decided {
            self.decisions = d;
        }
        if row.to != Target::Unchanged {
            let dues = Some(charges::dues(&self.config, &self.decisions));
            let to = rules::resolve_with(row.to, &self.config, &self.facts, dues);
            // "Registra pagamento": the motivation stays an internal note unless sent to the citizen.
            let internal = message.is_some() && matches!(event, Event::RecordPayment { send_to_citizen: false });
            self.push_entry(at, from, to, kind, actor.clone(), message.clone(), internal);
            self.facts = rules::effect(row, &self.facts, to);
            // Automatic follow-ups; the graph has no automatic cycle, 8 is a safe bound.
            for _ in 0..8 {
                let Some(auto) = rules::automatic(&self.config, &self.facts) else { break };
                let before = self.facts.status;
                let to = rules::resolve_with(auto.to, &self.config, &self.facts, dues);
                self.push_entry(at, before, to, auto.event, Actor::system(), None, false);
                self.facts = rules::effect(auto, &self.facts, to);
            }
        }
        // Leaving the in-charge status (an integration request, the outcome, ...) closes the notice.
        if self.facts.status != from {
            self.notice_pending = false;
        }
        self.events.push(RecordedEvent { at, actor, event, message });
        self.last_at = at;
        Ok(self.facts.status)
    }

    #[allow(clippy::too_many_arguments)]
    fn push_entry(
        &mut self,
        at: DateTime<FixedOffset>,
        from: Status,
        status: Status,
        event: EventKind,
        actor: Actor,
        message: Option<String>,
        internal: bool,
    ) {
        let seq = u32::try_from(self.timeline.len()).unwrap_or(u32::MAX);
        self.timeline.push(TimelineEntry { seq, at, from: Some(from), status, event, actor, message, internal });
    }

    /// The events `actor` may fire at `at`, computed from the same guards [`Practice::apply`]
    /// enforces (the event's own data — reason, protocol number, operator — is checked when
    /// applied). `at` is the time of the question (the library has no clock): the annulment term
    /// is judged at it, and before the last recorded event nothing may be fired
    /// (`practice.out_of_order`); absent, the time-dependent guards are assumed to hold.
    pub fn allowed_events(&self, actor: &Actor, at: Option<DateTime<FixedOffset>>) -> Vec<EventKind> {
        if self.out_of_order(at).is_some() {
            return Vec::new();
        }
        let status = self.facts.status;
        let who = self.who(actor, None, at);
        // One pass over the table: for each event the first row leaving from `status` decides.
        let mut seen: Vec<EventKind> = Vec::new();
        let mut out: Vec<EventKind> = Vec::new();
        for row in rules::TRANSITIONS.iter().filter(|r| r.from.contains(&status)) {
            if seen.contains(&row.event) {
                continue;
            }
            seen.push(row.event);
            if rules::passes(row, &self.config, &self.facts, Some(&who)) {
                out.push(row.event);
            }
        }
        out.sort_unstable();
        out
    }

    /// Why `actor` may not fire `event` at `at`: `None` if it may (as [`Practice::allowed_events`]
    /// lists it), else the `practice.out_of_order`, `practice.transition` or `practice.guard`
    /// error [`Practice::apply`] would return. `at` as in [`Practice::allowed_events`].
    pub fn why_not(&self, event: EventKind, actor: &Actor, at: Option<DateTime<FixedOffset>>) -> Option<PracticeError> {
        if let Some(e) = self.out_of_order(at) {
            return Some(e);
        }
        let status = self.facts.status;
        let Some(row) = rules::row_for(event, status) else {
            return Some(PracticeError::Transition { event, status, allowed: self.allowed_events(actor, at) });
        };
        let who = self.who(actor, None, at);
        let failed = rules::failed_guards(row, &self.config, &self.facts, Some(&who));
        if failed.is_empty() {
            None
        } else {
            Some(PracticeError::Guard { event, status, failed })
        }
    }

    /// [`Practice::why_not`] for an event as a caller names it: a bare name without `message` is
    /// explained from the guards alone, as [`Practice::allowed_events`] lists it (the event's own
    /// data is not checked); an event object, or a name with a message, is checked exactly as
    /// [`Practice::apply`] would ([`Practice::check`]). `Err` (`practice.invalid`) only for a
    /// name that is no event. `at` as in [`Practice::allowed_events`].
    pub fn why_not_arg(
        &self,
        event: EventArg,
        actor: &Actor,
        message: Option<&str>,
        at: Option<DateTime<FixedOffset>>,
    ) -> Result<Option<PracticeError>, PracticeError> {
        match (event, message) {
            (EventArg::Name(name), None) => {
                let kind = EventKind::from_name(&name).ok_or_else(|| PracticeError::Invalid { message: format!("unknown event {name:?}") })?;
                Ok(self.why_not(kind, actor, at))
            }
            (event, message) => Ok(self.check(&event.event()?, actor, message, at).err()),
        }
    }

    /// Checks `event` with its data exactly as [`Practice::apply`] would at `at`, without applying
    /// it. Without `at` the time-dependent checks (the order of events, the annulment term) are
    /// assumed to pass.
    pub fn check(&self, event: &Event, actor: &Actor, message: Option<&str>, at: Option<DateTime<FixedOffset>>) -> Result<(), PracticeError> {
        if let Some(e) = self.out_of_order(at) {
            return Err(e);
        }
        let kind = event.kind();
        let status = self.facts.status;
        let Some(row) = rules::row_for(kind, status) else {
            return Err(PracticeError::Transition { event: kind, status, allowed: self.allowed_events(actor, at) });
        };
        let who = self.who(actor, Some((event, message)), at);
        let failed = rules::failed_guards(row, &self.config, &self.facts, Some(&who));
        if !failed.is_empty() {
            return Err(PracticeError::Guard { event: kind, status, failed });
        }
        office::assigned(event)?;
        charges::decide(&self.config, &self.decisions, event).map(|_| ())
    }

    /// Rebuilds a practice by replaying `events` on a new draft. Fails with `practice.replay`
    /// naming the first event that does not apply.
    pub fn replay(header: PracticeHeader, events: &[RecordedEvent]) -> Result<Practice, PracticeError> {
        if header.kind.needs_link() != header.linked_to.is_some() {
            return Err(PracticeError::Invalid {
                message: format!(
                    "a practice of kind {} {} linkedTo",
                    header.kind.name(),
                    if header.kind.needs_link() { "needs" } else { "must not have" }
                ),
            });
        }
        let mut p = Practice::build(header.id, header.kind, header.linked_to, header.applicant, header.config, header.created_by, header.created_at);
        p.events.reserve(events.len());
        for (index, e) in events.iter().enumerate() {
            p.apply(e.event.clone(), e.actor.clone(), e.at, e.message.clone())
                .map_err(|err| PracticeError::Replay { index, message: format!("{} ({})", err, crate::error::Coded::code(&err)) })?;
        }
        Ok(p)
    }

    /// The practice as its JSON record.
    pub fn to_record(&self) -> PracticeRecord {
        PracticeRecord {
            header: PracticeHeader {
                id: self.id.clone(),
                kind: self.kind,
                linked_to: self.linked_to.clone(),
                applicant: self.applicant.clone(),
                config: self.config.clone(),
                created_at: self.created_at,
                created_by: self.created_by.clone(),
            },
            events: self.events.clone(),
            status: Some(self.facts.status),
            outcome: self.facts.outcome,
            assigned_operator: self.assigned.clone(),
            protocol_number: self.protocol_number().map(str::to_owned),
            protocol: self.protocol.clone(),
            timeline: Some(self.timeline.clone()),
            office: self.office.clone(),
            charges: self.charges(),
        }
    }

    /// Restores a practice from its record: replays the events, then checks the stored `status`
    /// and `timeline` (when present) against the replay (`practice.replay` if they differ).
    pub fn from_record(record: PracticeRecord) -> Result<Practice, PracticeError> {
        let p = Practice::replay(record.header, &record.events)?;
        let last = record.events.len();
        if let Some(status) = record.status {
            if status != p.status() {
                return Err(PracticeError::Replay {
                    index: last,
                    message: format!("stored status {} but the events lead to {}", status.code(), p.status().code()),
                });
            }
        }
        if !record.protocol.is_empty() && record.protocol != p.protocol {
            return Err(PracticeError::Replay {
                index: last,
                message: "the stored protocol registrations differ from the replay of the events".into(),
            });
        }
        if record.office.is_some() && record.office != p.office {
            return Err(PracticeError::Replay { index: last, message: "the stored office differs from the replay of the events".into() });
        }
        if !record.charges.is_empty() && record.charges != p.charges() {
            return Err(PracticeError::Replay { index: last, message: "the stored charges differ from the replay of the events".into() });
        }
        if let Some(timeline) = record.timeline {
            if timeline != p.timeline {
                return Err(PracticeError::Replay { index: last, message: "the stored timeline differs from the replay of the events".into() });
            }
        }
        Ok(p)
    }

    /// The practice as JSON (the [`PracticeRecord`] shape).
    pub fn to_json(&self) -> String {
        crate::error::to_json(&self.to_record())
    }

    /// Restores a practice from JSON (the [`PracticeRecord`] shape): malformed JSON gives
    /// `practice.invalid`, events that do not replay `practice.replay`.
    pub fn from_json(json: &str) -> Result<Practice, PracticeError> {
        let record: PracticeRecord = serde_json::from_str(json).map_err(|e| PracticeError::Invalid { message: e.to_string() })?;
        Practice::from_record(record)
    }
}

/// What identifies a practice and fixes its rules; the part of the record that is not the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PracticeHeader {
    /// The practice's id, chosen by the host.
    pub id: String,
    /// The request type (default `activation`).
    #[serde(default)]
    pub kind: RequestKind,
    /// Id of the practice this one refers to (JSON `linkedTo`); `None` for an activation.
    #[serde(default)]
    pub linked_to: Option<String>,
    /// Identifier of the applicant (e.g. codice fiscale).
    pub applicant: String,
    /// The service configuration the practice follows (default: the default configuration).
    #[serde(default)]
    pub config: ServiceConfig,
    /// When the draft was created (RFC 3339, JSON `createdAt`).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub created_at: DateTime<FixedOffset>,
    /// Who created the draft (JSON `createdBy`).
    pub created_by: Actor,
}

/// The JSON shape of a practice: its header, its event log and (derived, for readers; checked on
/// load when present) its status, outcome, assignee, protocol number and timeline.
///
/// ```json
/// {"id": "P-1", "kind": "activation", "linkedTo": null, "applicant": "RSSMRA80A01H501U",
///  "config": {"responseDays": 30}, "createdAt": "2025-02-20T09:00:00+01:00",
///  "createdBy": {"kind": "citizen", "id": "RSSMRA80A01H501U"},
///  "events": [{"at": "2025-02-20T09:30:00+01:00", "actor": {"kind": "citizen", "id": "RSSMRA80A01H501U"}, "event": {"type": "submit"}}],
///  "status": 1900, "outcome": null, "assignedOperator": null, "protocolNumber": null,
///  "timeline": [{"seq": 0, "at": "...", "from": null, "status": 1000, "event": "create", "actor": {...}}, ...]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
// Read through `RecordShape`: serde cannot refuse unknown keys of a struct with a flattened field.
#[serde(rename_all = "camelCase", from = "RecordShape")]
pub struct PracticeRecord {
    /// The header, flattened into the record's top level.
    #[serde(flatten)]
    pub header: PracticeHeader,
    /// The event log, oldest first; replayed on load.
    #[serde(default)]
    pub events: Vec<RecordedEvent>,
    /// The current status code (derived; checked on load when present).
    #[serde(default)]
    pub status: Option<Status>,
    /// The outcome given (derived).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The operator in charge (derived, JSON `assignedOperator`).
    #[serde(default)]
    pub assigned_operator: Option<String>,
    /// The protocol number (derived, JSON `protocolNumber`).
    #[serde(default)]
    pub protocol_number: Option<String>,
    /// Every protocol registration (derived; omitted when there is none; checked on load when present).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<ProtocolRef>>", optional))]
    pub protocol: Vec<ProtocolRef>,
    /// The timeline (derived; checked on load when present).
    #[serde(default)]
    pub timeline: Option<Vec<TimelineEntry>>,
    /// The office the practice is assigned to (derived; omitted when none; checked on load when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub office: Option<String>,
    /// The practice's charges with the decisions applied (derived, `Practice::charges`; omitted
    /// when there is none; checked on load when present).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Charge>>", optional))]
    pub charges: Vec<Charge>,
}

/// [`PracticeRecord`]'s JSON shape with the header's fields inline, so that unknown keys are refused.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RecordShape {
    id: String,
    #[serde(default)]
    kind: RequestKind,
    #[serde(default)]
    linked_to: Option<String>,
    applicant: String,
    #[serde(default)]
    config: ServiceConfig,
    #[serde(deserialize_with = "crate::iso::de_instant")]
    created_at: DateTime<FixedOffset>,
    created_by: Actor,
    #[serde(default)]
    events: Vec<RecordedEvent>,
    #[serde(default)]
    status: Option<Status>,
    #[serde(default)]
    outcome: Option<Outcome>,
    #[serde(default)]
    assigned_operator: Option<String>,
    #[serde(default)]
    protocol_number: Option<String>,
    #[serde(default)]
    protocol: Vec<ProtocolRef>,
    #[serde(default)]
    timeline: Option<Vec<TimelineEntry>>,
    #[serde(default)]
    office: Option<String>,
    #[serde(default)]
    charges: Vec<Charge>,
}

impl From<RecordShape> for PracticeRecord {
    fn from(r: RecordShape) -> PracticeRecord {
        PracticeRecord {
            header: PracticeHeader {
                id: r.id,
                kind: r.kind,
                linked_to: r.linked_to,
                applicant: r.applicant,
                config: r.config,
                created_at: r.created_at,
                created_by: r.created_by,
            },
            events: r.events,
            status: r.status,
            outcome: r.outcome,
            assigned_operator: r.assigned_operator,
            protocol_number: r.protocol_number,
            protocol: r.protocol,
            timeline: r.timeline,
            office: r.office,
            charges: r.charges,
        }
    }
}

impl Serialize for Practice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_record().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Practice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let record = PracticeRecord::deserialize(d)?;
        Practice::from_record(record).map_err(serde::de::Error::custom)
    }
}
