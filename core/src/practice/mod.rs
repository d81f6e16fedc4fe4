//! practice — the lifecycle of an online application (pratica): statuses, the transition graph a
//! service configuration shapes, the event log and its timeline, deadlines, audits of recorded
//! histories, and request types.
//!
//! Public API:
//! - [`Status`] (numeric codes, Italian labels; serialised as the code), [`Outcome`];
//! - [`ServiceConfig`] with [`PaymentMode`], [`Workflow`], [`IntegrationClock`], [`ResumeStatus`],
//!   [`ProtocolHandler`], [`ProtocolFolder`];
//! - [`Actor`], [`ActorKind`]; [`Event`], [`EventKind`], [`EventArg`] (a bare name or an event)
//!   with [`EventData`] (data given beside a bare name);
//! - the transition table as data: [`transitions`], [`Transition`], [`Target`], [`Guard`], [`GuardScope`];
//!   the graph one configuration gives it: [`ServiceGraph`] ([`GraphState`], [`GraphEdge`], `to_mermaid`);
//! - [`Practice`]: `new`, `new_by`, `linked`, `modification_of`, `apply`, `allowed_events`,
//!   `why_not`, `why_not_arg`, `check`, `timeline`, `events`, `deadline`, `due_date`, `to_json` / `from_json`,
//!   `replay`; its JSON shape [`PracticeRecord`] ([`PracticeHeader`], [`RecordedEvent`],
//!   [`TimelineEntry`]); [`Deadline`];
//! - audits: [`audit`], [`audit_many`], [`Auditor`] (the verdict alone: `conforms`), [`Step`],
//!   [`Finding`], [`AuditReport`], [`BatchAudit`], [`HistoryFindings`]; a log's histories as the
//!   runs of its case column: [`case_runs`], [`CaseRuns`]; minimal repairs [`Repair`], [`RepairMove`], [`RepairOp`], [`fitness`];
//! - what a citizen sees: [`CitizenGroup`] (the list's groups as a function of the status),
//!   [`ChangeRange`] and [`change_ranges`] ("ultimo cambio stato", a pure function of a date and
//!   today), [`Lang`] and `Status::label_in` (Italian, English, German);
//! - event-log import: [`read_csv`], [`read_xes`], [`LogOptions`], [`EventLog`], [`LogCase`],
//!   [`parse_instant`] (Italian local date-times, Europe/Rome); the aggregate report
//!   model exports `Auditor::to_pnml`, `Auditor::to_bpmn`;
//!   `Auditor::report` → [`LogReport`] ([`StepCount`], [`Variant`], [`StatusTime`], [`MissedDeadline`]), `LogReport::summary`;
//! - reports over a list of practices ([`ReportItem`]): the back office's CSV export
//!   [`export_csv`] ([`ExportOptions`], [`ExportColumn`], [`EXPORT_HEADERS`]), [`usage`] → [`Usage`]
//!   ([`Count`], [`OutcomeTime`]) and [`calculate`] ([`CalculateFields`] → [`Calculation`]);
//! - files: [`check_file`] (name, declared size, leading bytes) for a [`FilePurpose`] under a
//!   service's [`FileLimits`] ([`FilePolicy`]) → [`CheckedFile`] ([`FileSignature`]); operators'
//!   private notes (the `note` event) and what a viewer may read: `Practice::events_for`,
//!   `Practice::timeline_for`;
//! - protocol registrations: `Practice::protocol` → [`ProtocolRef`] ([`ProtocolDocument`],
//!   [`ProtocolDirection`]), the service's [`ProtocolHandler`] and yearly [`ProtocolFolder`];
//! - offices (issue 17 item 2): `Practice::office` (set by `assignOffice` or a take-in-charge's
//!   `office`), `Practice::apply_staffed` / `Practice::check_staffed` (the back office's
//!   [`crate::access::Staff`] consulted: operators enabled for the service, the practice's office),
//!   [`MAX_OFFICE_ID`];
//! - [`RequestKind`]; errors [`PracticeError`], [`FailedGuard`];
//! - operator work: [`Priority`] (`setPriority`, `Practice::priority`), the take-in-charge term
//!   `Practice::take_in_charge` → [`TakeInCharge`], rejection notices (L. 241/1990 art. 10-bis)
//!   `Practice::rejection_notices` → [`RejectionNotice`] and their suspension of the deadline, the
//!   annulment of a final act (`annul`, where the service allows it);
//! - charges: `Practice::charges` → the practice's [`crate::payments::Charge`]s (request and
//!   release phase), from [`ServiceConfig`]'s `charges` / `paymentAmount`, the form's amount given
//!   at `submit` and the operator's decisions at approval (`accept` / `partiallyApprove` with
//!   [`Approval`]: `amount`, `"0.00"` = exempt, and `stamps`).
//!
//! Rules (see `docs/practice.md`): every change goes through [`transitions`]; a denied event is a
//! `practice.transition` error (not defined from the status) or a `practice.guard` error naming every
//! failed guard; available actions come from the same guards; `now` is always a parameter.
//!
//! # Example
//!
//! ```
//! use chrono::DateTime;
//! use sportello::practice::{Actor, Event, EventKind, Practice, ServiceConfig, Status};
//! use sportello::Coded;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config: ServiceConfig = serde_json::from_str(r#"{"protocolRequired": true, "allowWithdrawal": true}"#)?;
//! let cf = "RSSMRA80A01H501U";
//! let citizen = Actor::citizen(cf);
//! let mut p = Practice::new("P-2025-001", cf, config, DateTime::parse_from_rfc3339("2025-02-20T09:00:00+01:00")?);
//! assert_eq!(p.status(), Status::Draft);
//!
//! let status = p.apply(Event::Submit { amount: None }, citizen.clone(), DateTime::parse_from_rfc3339("2025-02-20T09:12:00+01:00")?, None)?;
//! assert_eq!(status, Status::Sent);
//! assert_eq!(status.code(), 1900);
//!
//! // A denied event names every guard that failed, and changes nothing.
//! let at = DateTime::parse_from_rfc3339("2025-02-20T09:13:00+01:00")?;
//! let denied = p.apply(Event::Withdraw, citizen.clone(), at, None);
//! assert_eq!(denied.map_err(|e| e.code()), Err("practice.guard"));
//! assert_eq!(p.status(), Status::Sent);
//! assert!(!p.allowed_events(&citizen, Some(at)).contains(&EventKind::Withdraw));
//!
//! // The JSON record restores by replaying its events.
//! assert_eq!(Practice::from_json(&p.to_json())?, p);
//! # Ok(())
//! # }
//! ```

mod actor;
mod align;
mod audit;
mod charges;
mod citizen;
mod config;
mod deadline;
mod error;
mod event;
mod export;
mod files;
mod graph;
mod import;
mod kind;
mod lifecycle;
mod office;
mod protocol;
mod report;
mod reports;
mod rules;
mod status;
mod work;

pub use actor::{Actor, ActorKind};
pub use audit::{
    audit, audit_many, case_runs, fitness, AuditReport, Auditor, BatchAudit, CaseRuns, Finding, HistoryFindings, Repair, RepairMove, RepairOp, Step,
    REPAIR_LIMIT,
};
pub use charges::Approval;
pub use citizen::{change_ranges, citizen_groups, ChangeRange, CitizenGroup, GroupInfo, Lang, RangeInfo};
pub use config::{IntegrationClock, PaymentMode, ResumeStatus, ServiceConfig, Workflow};
pub use deadline::{rome_date, Deadline};
pub use error::{FailedGuard, PracticeError};
pub use event::{Event, EventArg, EventData, EventKind};
pub use files::{
    check_file, CheckedFile, FileLimits, FilePolicy, FilePurpose, FileSignature, FILE_HEAD_BYTES, MAX_EXTENSIONS, MAX_FILE_NAME, SEED_EXTENSIONS,
    SEED_MAX_BYTES,
};
pub use graph::{GraphEdge, GraphState, ServiceGraph};
pub use import::{parse_instant, read_csv, read_xes, EventLog, LogCase, LogOptions};
pub use kind::RequestKind;
pub use lifecycle::{Practice, PracticeHeader, PracticeRecord, RecordedEvent, TimelineEntry};
pub use office::MAX_OFFICE_ID;
pub use protocol::{ProtocolDirection, ProtocolDocument, ProtocolFolder, ProtocolHandler, ProtocolRef, MAX_PROTOCOL_TEXT};
pub use report::{LogReport, MissedDeadline, StatusTime, StepCount, Variant};
pub use reports::{
    calculate, export_csv, usage, CalculateFields, Calculation, Count, ExportColumn, ExportOptions, OutcomeTime, ReportItem, Usage, EXPORT_HEADERS,
};
pub use rules::{transitions, Guard, GuardScope, Target, Transition, TRANSITIONS};
pub use status::{Outcome, Status, STATUS_COUNT};
pub use work::{Priority, RejectionNotice, TakeInCharge, OBSERVATION_DAYS};
