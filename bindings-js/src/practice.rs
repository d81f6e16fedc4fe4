//! `practice` namespace and the `Practice` / `Auditor` classes: `sportello::practice`, the
//! lifecycle of an online application. Statuses are numeric codes (`practice.status(code)` gives
//! the label); configurations, actors, events and results are plain objects in the core's JSON
//! shape (types `ServiceConfig`, `PracticeActor`, `PracticeEvent`, `TimelineEntry`, ...), instants
//! RFC 3339 strings, dates `YYYY-MM-DD`. An event is its bare name or its object (the core's
//! `EventArg`, which also holds `whyNot`'s bare-name rule).
use serde_json::Value;
use sportello::practice as core;

use crate::{from_json, ApiError, Date, Instant, Obj, Ref};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    practice_class::entries(v, c);
    auditor::entries(v, c);
}

/// A holiday calendar given as a `HolidayCalendar` (which crosses as its plain object, by its
/// `toJSON`), its plain object or its JSON text (`HolidayCalendar.toJson()`).
fn calendar(value: Option<Value>) -> Result<Option<sportello::workdays::HolidayCalendar>, ApiError> {
    value
        .map(|v| match v {
            Value::String(s) => from_json(&s),
            v => sportello::json::from_value(v).map_err(|e| crate::api::within("calendar", e)),
        })
        .transpose()
}

/// `{code, name, label, final}` of a status.
fn status_value(s: core::Status) -> Value {
    serde_json::json!({"code": s.code(), "name": s.name(), "label": s.label(), "final": s.is_final()})
}

mod functions {
    use super::*;
    crate::functions! { "practice";
        /// Audits one recorded history against `config`: rows `[code, at]` (`at` RFC 3339 or unix seconds) or `{status, at}`.
        fn audit(config: core::ServiceConfig as "Partial<ServiceConfig>", history: Vec<core::Step> as "Array<[number, string | number] | AuditStep>") -> core::AuditReport as "AuditReport" {
            core::audit(&config, &history)
        }
        /// Audits many recorded histories against one `config`.
        fn audit_many(config: core::ServiceConfig as "Partial<ServiceConfig>", histories: Vec<Vec<core::Step>> as "Array<Array<[number, string | number] | AuditStep>>") -> core::BatchAudit as "BatchAudit" {
            core::audit_many(&config, &histories)
        }
        /// Checks a file attached to a practice as `purpose` ("message" or "approvalDocument") under
        /// `config.files` (absent: the core's defaults): its `name`, its declared `size` in bytes and
        /// `head`, its leading bytes (the first 16 KiB are read; the whole file works too). Throws
        /// `practice.file_name`, `practice.file_type`, `practice.file_size` or `practice.file_signature`.
        fn check_file(name: String, size: u64, head: Vec<u8> as "Uint8Array", purpose: core::FilePurpose as "FilePurpose", config: Option<core::ServiceConfig> as "Partial<ServiceConfig>") -> core::CheckedFile as "CheckedFile" {
            core::check_file(&name, size, &head, purpose, &config.unwrap_or_default().files)?
        }
        /// A status by code: `{code, name, label, final}` (throws `practice.unknown_status`).
        fn status(code: u32) -> Value as "{ code: PracticeStatus, name: string, label: string, final: boolean }" {
            status_value(core::Status::from_code(code)?)
        }
        /// Every status, ordered by code.
        fn statuses() -> Vec<Value> as "Array<{ code: PracticeStatus, name: string, label: string, final: boolean }>" {
            core::Status::ALL.iter().map(|s| status_value(*s)).collect()
        }
        /// The transition table as data.
        fn transitions() -> &'static [core::Transition] as "PracticeTransition[]" { core::transitions() }
        /// The reachable graph of a configuration.
        fn graph(config: core::ServiceConfig as "Partial<ServiceConfig>") -> core::ServiceGraph as "ServiceGraph" {
            core::ServiceGraph::new(&config)
        }
        /// A Mermaid `stateDiagram-v2` of a configuration's graph.
        fn mermaid(config: core::ServiceConfig as "Partial<ServiceConfig>") -> String { core::ServiceGraph::new(&config).to_mermaid() }
        /// The lifecycle of a configuration as PNML.
        fn pnml(config: core::ServiceConfig as "Partial<ServiceConfig>") -> String { core::Auditor::new(&config).to_pnml() }
        /// The lifecycle of a configuration as BPMN 2.0.
        fn bpmn(config: core::ServiceConfig as "Partial<ServiceConfig>") -> String { core::Auditor::new(&config).to_bpmn() }
        /// Reads a flat CSV event log: `{cases: [{id, steps}]}`.
        fn read_csv(text: String, options: Option<core::LogOptions> as "Partial<LogOptions>") -> core::EventLog as "EventLog" {
            core::read_csv(&text, &options.unwrap_or_default())?
        }
        /// Reads an XES event log: `{cases: [{id, steps}]}`.
        fn read_xes(text: String, options: Option<core::LogOptions> as "Partial<LogOptions>") -> core::EventLog as "EventLog" {
            core::read_xes(&text, &options.unwrap_or_default())?
        }
        /// The aggregate report of an event log against `config` (`on`: today, for the cases still open).
        fn report(config: core::ServiceConfig as "Partial<ServiceConfig>", log: core::EventLog as "EventLog", on: Option<Date>) -> core::LogReport as "LogReport" {
            core::Auditor::new(&config).report(&log, on.map(|d| d.0))
        }
        /// The readable summary of a report.
        fn report_summary(report: core::LogReport as "LogReport") -> String { report.summary() }
        /// The back office's CSV export of a list of practices: the reference platform's 11 columns, then
        /// the form fields of `options.columns` (`{label, path}`).
        fn export_csv(items: Vec<core::ReportItem> as "ReportItem[]", options: Option<core::ExportOptions> as "Partial<ExportOptions>") -> String {
            core::export_csv(&items, &options.unwrap_or_default())?
        }
        /// Practices sent per year, month, service and status, and the time to the outcome.
        fn usage(items: Vec<core::ReportItem> as "ReportItem[]") -> core::Usage as "Usage" {
            core::usage(&items)?
        }
        /// Sum, average and count of form fields over practices (`{sum, avg, count}`: lists of paths).
        fn calculate(items: Vec<core::ReportItem> as "ReportItem[]", fields: core::CalculateFields as "Partial<CalculateFields>") -> core::Calculation as "Calculation" {
            core::calculate(&items, &fields)?
        }
        /// The citizen's group of a status ("Da pagare", ...: `{name, label, statuses}`), or `null` for
        /// 50000 "Annullata"; `lang` "it" (absent), "en" or "de".
        fn citizen_group(code: u32, lang: Option<core::Lang> as "PracticeLang") -> Option<core::GroupInfo> as "CitizenGroupInfo | null" {
            core::CitizenGroup::of(core::Status::from_code(code)?).map(|g| g.info(lang.unwrap_or_default()))
        }
        /// The seven citizen groups in the seed's order, each `{name, label, statuses}`.
        fn citizen_groups(lang: Option<core::Lang> as "PracticeLang") -> Vec<core::GroupInfo> as "CitizenGroupInfo[]" {
            core::citizen_groups(lang.unwrap_or_default())
        }
        /// The "ultimo cambio stato" ranges holding `date` as of `today` (`YYYY-MM-DD`), each
        /// `{name, label, from, to}`.
        fn change_ranges(date: Date, today: Date, lang: Option<core::Lang> as "PracticeLang") -> Vec<core::RangeInfo> as "ChangeRangeInfo[]" {
            core::change_ranges(date.0, today.0, lang.unwrap_or_default())?
        }
        /// The label of a status in `lang` ("it", "en", "de").
        fn status_label(code: u32, lang: core::Lang as "PracticeLang") -> String {
            core::Status::from_code(code)?.label_in(lang).to_owned()
        }
        /// The label of a priority ("low", "medium", "high") in `lang` ("it", "en", "de"): Bassa, Media, Alta.
        fn priority_label(priority: core::Priority as "PracticePriority", lang: core::Lang as "PracticeLang") -> String {
            priority.label_in(lang).to_owned()
        }
        /// The request kinds and their Italian labels.
        fn request_kinds() -> serde_json::Map<String, Value> as "Record<PracticeRequestKind, string>" {
            core::RequestKind::ALL.iter().map(|k| (k.name().to_owned(), Value::from(k.label()))).collect()
        }
    }
}

mod practice_class {
    use super::*;
    crate::class! {
        /// A practice (pratica): an event log whose replay gives its status and timeline.
        Practice = core::Practice;
        /// A new activation draft created at `at` (RFC 3339) by `createdBy` (absent: the applicant).
        new(id: String, applicant: String, config: core::ServiceConfig as "Partial<ServiceConfig>", at: Instant, created_by: Option<core::Actor> as "PracticeActor") {
            match created_by {
                Some(by) => core::Practice::new_by(id, applicant, config, by, at.0),
                None => core::Practice::new(id, applicant, config, at.0),
            }
        }
        /// A new draft of `kind` ("renewal", "modification", "transfer", ...) linked to `original`.
        static fn linked(original: Ref<core::Practice>, kind: core::RequestKind as "PracticeRequestKind", id: String, created_by: core::Actor as "PracticeActor", at: Instant) -> Obj<core::Practice> {
            Obj(core::Practice::linked(&*original.get()?, kind, id, created_by, at.0)?)
        }
        /// A modification of `original`: a new draft linked to it, never an edit of it.
        static fn modification_of(original: Ref<core::Practice>, id: String, created_by: core::Actor as "PracticeActor", at: Instant) -> Obj<core::Practice> {
            Obj(core::Practice::modification_of(&*original.get()?, id, created_by, at.0)?)
        }
        /// Restores a practice by replaying its recorded events (`practice.replay` if they do not replay).
        static fn from_json(json: String) -> Obj<core::Practice> { Obj(core::Practice::from_json(&json)?) }
        /// Restores a practice from its record (`toObject()`), replaying its events.
        static fn from_object(value: core::PracticeRecord as "PracticeRecord") -> Obj<core::Practice> { Obj(core::Practice::from_record(value)?) }
        /// The practice as JSON (the `PracticeRecord` shape).
        fn to_json(this) -> String { this.to_json() }
        /// The practice record as a plain object.
        fn to_object(this) -> core::PracticeRecord as "PracticeRecord" { this.to_record() }
        /// The practice's identifier.
        get id(this) -> String { this.id().to_owned() }
        /// The request kind.
        get kind(this) -> String as "PracticeRequestKind" { this.kind().name().to_owned() }
        /// The practice this one refers to (modification, renewal, ...), or `null`.
        get linked_to(this) -> Option<String> { this.linked_to().map(str::to_owned) }
        /// The applicant's identifier.
        get applicant(this) -> String { this.applicant().to_owned() }
        /// The status code (`practice.status(code)` gives its label).
        get status(this) -> u32 as "PracticeStatus" { this.status().code() }
        /// The operator's outcome, or `null`.
        get outcome(this) -> Option<core::Outcome> as "PracticeOutcome | null" { this.outcome() }
        /// The operator the practice is assigned to, or `null`.
        get assigned_operator(this) -> Option<String> { this.assigned_operator().map(str::to_owned) }
        /// The protocol number once registered, or `null`.
        get protocol_number(this) -> Option<String> { this.protocol_number().map(str::to_owned) }
        /// The office (ufficio) the practice is assigned to, or `null`.
        get office(this) -> Option<String> { this.office().map(str::to_owned) }
        /// Whether a payment (stamps included) has been created for the practice.
        get payment_created(this) -> bool { this.payment_created() }
        /// The service configuration the practice was created with.
        get config(this) -> core::ServiceConfig as "ServiceConfig" { this.config().clone() }
        /// When the draft was created (RFC 3339).
        get created_at(this) -> String { this.created_at().to_rfc3339() }
        /// When the practice was first sent (RFC 3339), or `null`.
        get submitted_at(this) -> Option<String> { this.submitted_at().map(|t| t.to_rfc3339()) }
        /// The priority last set by an operator (`setPriority`: "low", "medium", "high"), or `null`.
        get priority(this) -> Option<core::Priority> as "PracticePriority | null" { this.priority() }
        /// Applies `event` (a name such as "submit", or an object `{type, ...}`) fired by `actor` at
        /// `at`, then the automatic follow-ups; returns the new status code. Throws `practice.transition`
        /// or `practice.guard` (whose `details.failed` names every failed guard) or `practice.out_of_order`.
        fn apply(mut this, event: core::EventArg as "PracticeEventKind | PracticeEvent", actor: core::Actor as "PracticeActor", at: Instant, message: Option<String>) -> u32 as "PracticeStatus" {
            this.apply(event.event()?, actor, at.0, message)?.code()
        }
        /// `apply` with the back office's staff consulted for the service `service` (`staff`: the
        /// plain object of a `Staff`, checked as `Staff.fromObject` checks it): throws
        /// `access.unknown_operator`, `access.operator_disabled` or `access.not_enabled` for an operator
        /// who may not work it, `practice.office` for an office refused.
        fn apply_staffed(mut this, event: core::EventArg as "PracticeEventKind | PracticeEvent", actor: core::Actor as "PracticeActor", at: Instant, staff: sportello::access::Staff as "import('./types/index').Staff", service: String, message: Option<String>) -> u32 as "PracticeStatus" {
            staff.check()?;
            this.apply_staffed(event.event()?, actor, at.0, &staff, &service, message)?.code()
        }
        /// Throws what `apply` at `at` would throw, without applying (without `at`, the order of
        /// events and the annulment term are not checked).
        fn check(this, event: core::EventArg as "PracticeEventKind | PracticeEvent", actor: core::Actor as "PracticeActor", message: Option<String>, at: Option<Instant>) -> () {
            this.check(&event.event()?, &actor, message.as_deref(), at.map(|a| a.0))?
        }
        /// The events `actor` may fire at `at` (the time of the question: the annulment term is
        /// judged at it; absent, it is assumed to hold), from the guards `apply` enforces.
        fn allowed_events(this, actor: core::Actor as "PracticeActor", at: Option<Instant>) -> Vec<core::EventKind> as "PracticeEventKind[]" {
            this.allowed_events(&actor, at.map(|a| a.0))
        }
        /// `allowedEvents` with the back office's staff consulted for the service `service` (`staff`: the
        /// plain object of a `Staff`): less what `applyStaffed` would refuse for the staff's reasons.
        fn allowed_events_staffed(this, actor: core::Actor as "PracticeActor", staff: sportello::access::Staff as "import('./types/index').Staff", service: String, at: Option<Instant>) -> Vec<core::EventKind> as "PracticeEventKind[]" {
            staff.check()?;
            this.allowed_events_staffed(&actor, &staff, &service, at.map(|a| a.0))
        }
        /// `whyNot` with the staff consulted (as `applyStaffed`), at `at` as `whyNot`: `null`, or the error's plain object
        /// (`access.*`, `practice.office`, `practice.guard`, ...). A bare name without message is judged
        /// as `allowedEventsStaffed` judges it; an object or a name with a message exactly as `applyStaffed`.
        fn why_not_staffed(this, event: core::EventArg as "PracticeEventKind | PracticeEvent", actor: core::Actor as "PracticeActor", staff: sportello::access::Staff as "import('./types/index').Staff", service: String, message: Option<String>, at: Option<Instant>) -> Option<Value> as "{ code: string; message: string; [detail: string]: unknown } | null" {
            staff.check()?;
            this.why_not_staffed(event, &actor, &staff, &service, message.as_deref(), at.map(|a| a.0))?.map(|e| sportello::error::details(&e))
        }
        /// `null` if `actor` may fire `event` at `at` (as `allowedEvents`), else the error's plain
        /// object (`code`, `message`, `failed` for `practice.guard`: every failed guard). Given as a
        /// bare name without message, the event's own data is not checked (as `allowedEvents`); given
        /// as an object or with a message, it is checked exactly as `apply` would.
        fn why_not(this, event: core::EventArg as "PracticeEventKind | PracticeEvent", actor: core::Actor as "PracticeActor", message: Option<String>, at: Option<Instant>) -> Option<Value> as "(PracticeError & { message: string }) | null" {
            this.why_not_arg(event, &actor, message.as_deref(), at.map(|a| a.0))?.map(|e| sportello::error::details(&e))
        }
        /// The timeline ("Iter della pratica").
        fn timeline(this) -> Vec<core::TimelineEntry> as "TimelineEntry[]" { this.timeline().to_vec() }
        /// The event log.
        fn events(this) -> Vec<core::RecordedEvent> as "RecordedEvent[]" { this.events().to_vec() }
        /// The event log as `viewer` may read it: all of it for an operator; for anyone else without
        /// operators' private notes (`note`) and without a payment's motivation kept as an internal note.
        fn events_for(this, viewer: core::Actor as "PracticeActor") -> Vec<core::RecordedEvent> as "RecordedEvent[]" { this.events_for(&viewer) }
        /// The timeline as `viewer` may read it: all of it for an operator; for anyone else without the
        /// messages that are operators' internal notes.
        fn timeline_for(this, viewer: core::Actor as "PracticeActor") -> Vec<core::TimelineEntry> as "TimelineEntry[]" { this.timeline_for(&viewer) }
        /// Every protocol registration of the practice's documents (number, document id, fascicolo,
        /// date, direction), oldest first.
        fn protocol(this) -> Vec<core::ProtocolRef> as "ProtocolRef[]" { this.protocol().to_vec() }
        /// The practice's charges, request and release phase, with the form's amount given at
        /// `submit` and the operator's decisions at approval (`amount`, `stamps`) applied.
        fn charges(this) -> Vec<sportello::payments::Charge> as "Charge[]" { this.charges() }
        /// The response deadline as of `on` (`YYYY-MM-DD`, absent: the last event's date), or `null`;
        /// `calendar` (a `HolidayCalendar`, its plain object or its JSON text) is used when the
        /// service rolls deadlines to working days (absent: Italian national holidays).
        fn deadline(this, on: Option<Date>, calendar: Option<Value> as "HolidayCalendar | import('./types/index').HolidayCalendar | string") -> Option<core::Deadline> as "PracticeDeadline | null" {
            this.deadline(on.map(|d| d.0), super::calendar(calendar)?.as_ref())?
        }
        /// The take-in-charge term as of `on` (`YYYY-MM-DD`, absent: the last event's date): `{submittedOn,
        /// dueDate, takenOn, closed, late, on, remainingDays}`, or `null` (no term, forward workflow,
        /// not sent); `calendar` as for `deadline`.
        fn take_in_charge(this, on: Option<Date>, calendar: Option<Value> as "HolidayCalendar | import('./types/index').HolidayCalendar | string") -> Option<core::TakeInCharge> as "TakeInCharge | null" {
            this.take_in_charge(on.map(|d| d.0), super::calendar(calendar)?.as_ref())?
        }
        /// Every rejection notice (L. 241/1990 art. 10-bis) with its observations and the date the
        /// suspended term restarts, oldest first.
        fn rejection_notices(this) -> Vec<core::RejectionNotice> as "RejectionNotice[]" { this.rejection_notices()? }
        /// The due date ("Riceverai risposta entro il") as `YYYY-MM-DD`, or `null`.
        fn due_date(this, on: Option<Date>, calendar: Option<Value> as "HolidayCalendar | import('./types/index').HolidayCalendar | string") -> Option<chrono::NaiveDate> {
            this.due_date(on.map(|d| d.0), super::calendar(calendar)?.as_ref())?
        }
    }
}

mod auditor {
    use super::*;
    crate::class! {
        /// A configuration compiled for auditing: build once, audit many histories.
        Auditor = core::Auditor;
        /// Compiles `config`.
        new(config: core::ServiceConfig as "Partial<ServiceConfig>") { core::Auditor::new(&config) }
        /// Audits one history: rows `[code, at]` (`at` RFC 3339 or unix seconds) or `{status, at}`.
        fn audit(this, history: Vec<core::Step> as "Array<[number, string | number] | AuditStep>") -> core::AuditReport as "AuditReport" { this.audit(&history) }
        /// Audits many histories.
        fn audit_many(this, histories: Vec<Vec<core::Step>> as "Array<Array<[number, string | number] | AuditStep>>") -> core::BatchAudit as "BatchAudit" {
            this.audit_many(&histories)
        }
        /// Whether a history conforms: `audit(history).ok`, without findings or repair.
        fn conforms(this, history: Vec<core::Step> as "Array<[number, string | number] | AuditStep>") -> bool { this.conforms(&history) }
        /// `conforms` of each history.
        fn conforms_many(this, histories: Vec<Vec<core::Step>> as "Array<Array<[number, string | number] | AuditStep>>") -> Vec<bool> {
            this.conforms_many(&histories)
        }
        /// The statuses reachable under the configuration, ordered by code.
        fn reachable_statuses(this) -> Vec<u32> as "PracticeStatus[]" { this.reachable_statuses().into_iter().map(|s| s.code()).collect() }
        /// The minimal repair of one history (throws `practice.repair_limit`).
        fn repair(this, history: Vec<core::Step> as "Array<[number, string | number] | AuditStep>") -> core::Repair as "Repair" { this.repair(&history)? }
        /// The aggregate report of an event log (`on`: today, for the cases still open).
        fn report(this, log: core::EventLog as "EventLog", on: Option<Date>) -> core::LogReport as "LogReport" { this.report(&log, on.map(|d| d.0)) }
        /// The lifecycle as PNML.
        fn to_pnml(this) -> String { this.to_pnml() }
        /// The lifecycle as BPMN 2.0.
        fn to_bpmn(this) -> String { this.to_bpmn() }
    }
}
