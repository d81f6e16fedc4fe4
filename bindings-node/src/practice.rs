//! `practice` namespace and the `Practice` / `Auditor` classes: the lifecycle of an online
//! application. Mechanical mapping of `sportello::practice`: statuses are numeric codes
//! (`practice.status(code)` gives the label), configurations, actors, events and results are plain
//! objects in the core's JSON shape, instants RFC 3339 strings, dates `YYYY-MM-DD`.
use napi_derive::napi;
use serde_json::Value;
use sportello::practice as core;

use crate::{date, err, from_js, from_json, instant, to_js, Result};

fn invalid(message: impl Into<String>) -> crate::Error {
    err(core::PracticeError::Invalid { message: message.into() })
}

fn event_arg(event: Value) -> Result<core::Event> {
    match event {
        Value::String(name) => core::EventKind::from_name(&name)
            .and_then(|k| core::Event::with_data(k, None, None, None))
            .ok_or_else(|| invalid(format!("unknown event {name:?}"))),
        other => from_js(other),
    }
}

fn kind_arg(name: &str) -> Result<core::EventKind> {
    core::EventKind::from_name(name).ok_or_else(|| invalid(format!("unknown event {name:?}")))
}

fn calendar_arg(json: Option<String>) -> Result<Option<sportello::workdays::HolidayCalendar>> {
    json.map(|s| from_json(&s)).transpose()
}

/// A practice (pratica): an event log whose replay gives its status and timeline.
#[napi]
pub struct Practice {
    inner: core::Practice,
}

#[napi]
impl Practice {
    /// A new activation draft created at `at` (RFC 3339) by `createdBy` (default: the applicant).
    #[napi(constructor, ts_args_type = "id: string, applicant: string, config: Partial<ServiceConfig>, at: string, createdBy?: PracticeActor")]
    pub fn new(id: String, applicant: String, config: Value, at: String, created_by: Option<Value>) -> Result<Self> {
        let config: core::ServiceConfig = from_js(config)?;
        let at = instant(&at)?;
        let inner = match created_by {
            Some(by) if !by.is_null() => core::Practice::new_by(id, applicant, config, from_js(by)?, at),
            _ => core::Practice::new(id, applicant, config, at),
        };
        Ok(Practice { inner })
    }

    /// A new draft of `kind` ("renewal", "modification", "transfer", ...) linked to `original`.
    #[napi(factory, ts_args_type = "original: Practice, kind: PracticeRequestKind, id: string, createdBy: PracticeActor, at: string")]
    pub fn linked(original: &Practice, kind: String, id: String, created_by: Value, at: String) -> Result<Practice> {
        let kind: core::RequestKind = from_js(Value::String(kind))?;
        Ok(Practice { inner: core::Practice::linked(&original.inner, kind, id, from_js(created_by)?, instant(&at)?).map_err(err)? })
    }

    /// A modification of `original`: a new draft linked to it, never an edit of it.
    #[napi(factory, ts_args_type = "original: Practice, id: string, createdBy: PracticeActor, at: string")]
    pub fn modification_of(original: &Practice, id: String, created_by: Value, at: String) -> Result<Practice> {
        Ok(Practice { inner: core::Practice::modification_of(&original.inner, id, from_js(created_by)?, instant(&at)?).map_err(err)? })
    }

    /// Restores a practice by replaying its recorded events (`practice.replay` if they do not replay).
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Practice> {
        Ok(Practice { inner: core::Practice::from_json(&json).map_err(err)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The practice record as a plain object.
    #[napi(ts_return_type = "PracticeRecord")]
    pub fn to_object(&self) -> Result<crate::Json> {
        to_js(&self.inner.to_record())
    }

    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }
    #[napi(getter, ts_return_type = "PracticeRequestKind")]
    pub fn kind(&self) -> String {
        self.inner.kind().name().to_owned()
    }
    #[napi(getter)]
    pub fn linked_to(&self) -> Option<String> {
        self.inner.linked_to().map(str::to_owned)
    }
    #[napi(getter)]
    pub fn applicant(&self) -> String {
        self.inner.applicant().to_owned()
    }
    /// The status code (`practice.status(code)` gives its label).
    #[napi(getter, ts_return_type = "PracticeStatus")]
    pub fn status(&self) -> u32 {
        self.inner.status().code()
    }
    #[napi(getter, ts_return_type = "PracticeOutcome | null")]
    pub fn outcome(&self) -> Result<crate::Json> {
        to_js(&self.inner.outcome())
    }
    #[napi(getter)]
    pub fn assigned_operator(&self) -> Option<String> {
        self.inner.assigned_operator().map(str::to_owned)
    }
    #[napi(getter)]
    pub fn protocol_number(&self) -> Option<String> {
        self.inner.protocol_number().map(str::to_owned)
    }
    #[napi(getter)]
    pub fn payment_created(&self) -> bool {
        self.inner.payment_created()
    }
    #[napi(getter, ts_return_type = "ServiceConfig")]
    pub fn config(&self) -> Result<crate::Json> {
        to_js(self.inner.config())
    }
    #[napi(getter)]
    pub fn created_at(&self) -> String {
        self.inner.created_at().to_rfc3339()
    }
    #[napi(getter)]
    pub fn submitted_at(&self) -> Option<String> {
        self.inner.submitted_at().map(|t| t.to_rfc3339())
    }

    /// Applies `event` (a name such as "submit", or an object `{type, ...}`) fired by `actor` at
    /// `at`, then the automatic follow-ups; returns the new status code. Throws `practice.transition`
    /// or `practice.guard` (whose `details.failed` names every failed guard) or `practice.out_of_order`.
    #[napi(ts_args_type = "event: PracticeEventKind | PracticeEvent, actor: PracticeActor, at: string, message?: string | null", ts_return_type = "PracticeStatus")]
    pub fn apply(&mut self, event: Value, actor: Value, at: String, message: Option<String>) -> Result<u32> {
        let event = event_arg(event)?;
        let actor: core::Actor = from_js(actor)?;
        Ok(self.inner.apply(event, actor, instant(&at)?, message).map_err(err)?.code())
    }

    /// Throws what `apply` would throw, without applying.
    #[napi(ts_args_type = "event: PracticeEventKind | PracticeEvent, actor: PracticeActor, message?: string | null")]
    pub fn check(&self, event: Value, actor: Value, message: Option<String>) -> Result<()> {
        let event = event_arg(event)?;
        self.inner.check(&event, &from_js(actor)?, message.as_deref()).map_err(err)
    }

    /// The events `actor` may fire now, from the guards `apply` enforces.
    #[napi(ts_args_type = "actor: PracticeActor", ts_return_type = "PracticeEventKind[]")]
    pub fn allowed_events(&self, actor: Value) -> Result<Vec<String>> {
        Ok(self.inner.allowed_events(&from_js(actor)?).into_iter().map(|k| k.name().to_owned()).collect())
    }

    /// `null` if `actor` may fire `event` now, else the error's plain object (`code`, `message`,
    /// `failed` for `practice.guard`: every failed guard). Given as a bare name without message, the
    /// event's own data is not checked (as `allowedEvents`); given as an object or with a message,
    /// it is checked exactly as `apply` would.
    #[napi(
        ts_args_type = "event: PracticeEventKind | PracticeEvent, actor: PracticeActor, message?: string | null",
        ts_return_type = "(PracticeError & { message: string }) | null"
    )]
    pub fn why_not(&self, event: Value, actor: Value, message: Option<String>) -> Result<crate::Json> {
        let actor: core::Actor = from_js(actor)?;
        let error = match (&event, &message) {
            (Value::String(name), None) => self.inner.why_not(kind_arg(name)?, &actor),
            _ => self.inner.check(&event_arg(event)?, &actor, message.as_deref()).err(),
        };
        to_js(&error.map_or(Value::Null, |e| sportello::error::details(&e)))
    }

    /// The timeline ("Iter della pratica").
    #[napi(ts_return_type = "TimelineEntry[]")]
    pub fn timeline(&self) -> Result<crate::Json> {
        to_js(&self.inner.timeline())
    }

    /// The event log.
    #[napi(ts_return_type = "RecordedEvent[]")]
    pub fn events(&self) -> Result<crate::Json> {
        to_js(&self.inner.events())
    }

    /// The response deadline as of `on` (`YYYY-MM-DD`, default the last event's date);
    /// `calendarJson` (`HolidayCalendar.toJson()`) is used when the service rolls deadlines to
    /// working days (default: Italian national holidays).
    #[napi(ts_return_type = "PracticeDeadline | null")]
    pub fn deadline(&self, on: Option<String>, calendar_json: Option<String>) -> Result<crate::Json> {
        let on = on.map(|d| date(&d)).transpose()?;
        let cal = calendar_arg(calendar_json)?;
        to_js(&self.inner.deadline(on, cal.as_ref()).map_err(err)?)
    }

    /// The due date ("Riceverai risposta entro il") as `YYYY-MM-DD`.
    #[napi]
    pub fn due_date(&self, on: Option<String>, calendar_json: Option<String>) -> Result<Option<String>> {
        let on = on.map(|d| date(&d)).transpose()?;
        let cal = calendar_arg(calendar_json)?;
        Ok(self.inner.due_date(on, cal.as_ref()).map_err(err)?.map(|d| d.to_string()))
    }
}

/// A configuration compiled for auditing: build once, audit many histories.
#[napi]
pub struct Auditor {
    inner: core::Auditor,
}

#[napi]
impl Auditor {
    #[napi(constructor, ts_args_type = "config: Partial<ServiceConfig>")]
    pub fn new(config: Value) -> Result<Self> {
        Ok(Auditor { inner: core::Auditor::new(&from_js(config)?) })
    }

    /// Audits one history: rows `[code, at]` (`at` RFC 3339 or unix seconds) or `{status, at}`.
    #[napi(ts_args_type = "history: Array<[number, string | number] | AuditStep>", ts_return_type = "AuditReport")]
    pub fn audit(&self, history: Value) -> Result<crate::Json> {
        let steps: Vec<core::Step> = from_js(history)?;
        to_js(&self.inner.audit(&steps))
    }

    #[napi(ts_args_type = "histories: Array<Array<[number, string | number] | AuditStep>>", ts_return_type = "BatchAudit")]
    pub fn audit_many(&self, histories: Value) -> Result<crate::Json> {
        let hs: Vec<Vec<core::Step>> = from_js(histories)?;
        to_js(&self.inner.audit_many(&hs))
    }
}

/// Audits one recorded history against `config`.
#[napi(namespace = "practice", ts_args_type = "config: Partial<ServiceConfig>, history: Array<[number, string | number] | AuditStep>", ts_return_type = "AuditReport")]
pub fn audit(config: Value, history: Value) -> Result<crate::Json> {
    Auditor::new(config)?.audit(history)
}

/// Audits many recorded histories against one `config`.
#[napi(namespace = "practice", ts_args_type = "config: Partial<ServiceConfig>, histories: Array<Array<[number, string | number] | AuditStep>>", ts_return_type = "BatchAudit")]
pub fn audit_many(config: Value, histories: Value) -> Result<crate::Json> {
    Auditor::new(config)?.audit_many(histories)
}

/// A status by code: `{code, name, label, final}` (throws `practice.unknown_status`).
#[napi(namespace = "practice", ts_return_type = "{ code: PracticeStatus, name: string, label: string, final: boolean }")]
pub fn status(code: u32) -> Result<crate::Json> {
    to_js(&status_value(code)?)
}

fn status_value(code: u32) -> Result<Value> {
    let s = core::Status::from_code(code).map_err(err)?;
    Ok(serde_json::json!({"code": s.code(), "name": s.name(), "label": s.label(), "final": s.is_final()}))
}

/// Every status, ordered by code.
#[napi(namespace = "practice", ts_return_type = "Array<{ code: PracticeStatus, name: string, label: string, final: boolean }>")]
pub fn statuses() -> Result<crate::Json> {
    to_js(&core::Status::ALL.iter().map(|s| status_value(s.code())).collect::<Result<Vec<_>>>()?)
}

/// The transition table as data.
#[napi(namespace = "practice", ts_return_type = "PracticeTransition[]")]
pub fn transitions() -> Result<crate::Json> {
    to_js(&core::transitions())
}

/// The reachable graph of a configuration.
#[napi(namespace = "practice", ts_args_type = "config: Partial<ServiceConfig>", ts_return_type = "ServiceGraph")]
pub fn graph(config: Value) -> Result<crate::Json> {
    to_js(&core::ServiceGraph::new(&from_js(config)?))
}

/// A Mermaid `stateDiagram-v2` of a configuration's graph.
#[napi(namespace = "practice", ts_args_type = "config: Partial<ServiceConfig>")]
pub fn mermaid(config: Value) -> Result<String> {
    Ok(core::ServiceGraph::new(&from_js(config)?).to_mermaid())
}

/// The request kinds and their Italian labels.
#[napi(namespace = "practice", ts_return_type = "Record<PracticeRequestKind, string>")]
pub fn request_kinds() -> Value {
    Value::Object(core::RequestKind::ALL.iter().map(|k| (k.name().to_owned(), Value::from(k.label()))).collect())
}
