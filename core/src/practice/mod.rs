//! practice — the lifecycle of an online application (pratica): statuses, the transition graph a
//! service configuration shapes, the event log and its timeline, deadlines, audits of recorded
//! histories, and request types.
//!
//! Public API:
//! - [`Status`] (numeric codes, Italian labels; serialised as the code), [`Outcome`];
//! - [`ServiceConfig`] with [`PaymentMode`], [`Workflow`], [`IntegrationClock`], [`ResumeStatus`];
//! - [`Actor`], [`ActorKind`]; [`Event`], [`EventKind`], [`EventArg`] (a bare name or an event);
//! - the transition table as data: [`transitions`], [`Transition`], [`Target`], [`Guard`], [`GuardScope`];
//!   the graph one configuration gives it: [`ServiceGraph`] ([`GraphState`], [`GraphEdge`], `to_mermaid`);
//! - [`Practice`]: `new`, `new_by`, `linked`, `modification_of`, `apply`, `allowed_events`,
//!   `why_not`, `why_not_arg`, `check`, `timeline`, `events`, `deadline`, `due_date`, `to_json` / `from_json`,
//!   `replay`; its JSON shape [`PracticeRecord`] ([`PracticeHeader`], [`RecordedEvent`],
//!   [`TimelineEntry`]); [`Deadline`];
//! - audits: [`audit`], [`audit_many`], [`Auditor`], [`Step`], [`Finding`], [`AuditReport`],
//!   [`BatchAudit`], [`HistoryFindings`];
//! - [`RequestKind`]; errors [`PracticeError`], [`FailedGuard`].
//!
//! Rules (see `docs/practice.md`): every change goes through [`transitions`]; a denied event is a
//! `practice.transition` error (not defined from the status) or a `practice.guard` error naming every
//! failed guard; available actions come from the same guards; `now` is always a parameter.

mod actor;
mod audit;
mod config;
mod deadline;
mod error;
mod event;
mod graph;
mod kind;
mod lifecycle;
mod rules;
mod status;

pub use actor::{Actor, ActorKind};
pub use audit::{audit, audit_many, AuditReport, Auditor, BatchAudit, Finding, HistoryFindings, Step};
pub use config::{IntegrationClock, PaymentMode, ResumeStatus, ServiceConfig, Workflow};
pub use deadline::{rome_date, Deadline};
pub use error::{FailedGuard, PracticeError};
pub use event::{Event, EventArg, EventKind};
pub use graph::{GraphEdge, GraphState, ServiceGraph};
pub use kind::RequestKind;
pub use lifecycle::{Practice, PracticeHeader, PracticeRecord, RecordedEvent, TimelineEntry};
pub use rules::{transitions, Guard, GuardScope, Target, Transition, TRANSITIONS};
pub use status::{Outcome, Status, STATUS_COUNT};
