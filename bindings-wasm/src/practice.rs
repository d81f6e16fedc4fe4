//! `practice` namespace and the `Practice` / `Auditor` classes: the lifecycle of an online
//! application. Mechanical mapping of `sportello::practice`, the same API as the Node package:
//! statuses are numeric codes (`practice.status(code)` gives the label), configurations, actors,
//! events and results are plain objects in the core's JSON shape, instants RFC 3339 strings, dates
//! `YYYY-MM-DD`.
use sportello::practice as core;
use wasm_bindgen::prelude::*;

use crate::{date, err, from_js, from_json, instant, to_js, Result};

fn invalid(message: impl Into<String>) -> JsValue {
    err(core::PracticeError::Invalid { message: message.into() })
}

fn event_arg(event: JsValue) -> Result<core::Event> {
    match event.as_string() {
        Some(name) => core::EventKind::from_name(&name)
            .and_then(|k| core::Event::with_data(k, None, None, None))
            .ok_or_else(|| invalid(format!("unknown event {name:?}"))),
        None => from_js(event),
    }
}

fn kind_arg(name: &str) -> Result<core::EventKind> {
    core::EventKind::from_name(name).ok_or_else(|| invalid(format!("unknown event {name:?}")))
}

fn calendar_arg(json: Option<String>) -> Result<Option<sportello::workdays::HolidayCalendar>> {
    json.map(|s| from_json(&s)).transpose()
}

/// A practice (pratica): an event log whose replay gives its status and timeline.
#[wasm_bindgen]
pub struct Practice {
    inner: core::Practice,
}

#[wasm_bindgen]
impl Practice {
    /// A new activation draft created at `at` (RFC 3339) by `createdBy` (default: the applicant).
    #[wasm_bindgen(constructor)]
    pub fn new(
        id: String,
        applicant: String,
        #[wasm_bindgen(unchecked_param_type = "Partial<ServiceConfig>")] config: JsValue,
        at: &str,
        #[wasm_bindgen(js_name = "createdBy", unchecked_optional_param_type = "PracticeActor")] created_by: JsValue,
    ) -> Result<Practice> {
        let config: core::ServiceConfig = from_js(config)?;
        let at = instant(at)?;
        let inner = if created_by.is_undefined() || created_by.is_null() {
            core::Practice::new(id, applicant, config, at)
        } else {
            core::Practice::new_by(id, applicant, config, from_js(created_by)?, at)
        };
        Ok(Practice { inner })
    }

    /// A new draft of `kind` ("renewal", "modification", "transfer", ...) linked to `original`.
    pub fn linked(
        original: &Practice,
        #[wasm_bindgen(unchecked_param_type = "PracticeRequestKind")] kind: String,
        id: String,
        #[wasm_bindgen(js_name = "createdBy", unchecked_param_type = "PracticeActor")] created_by: JsValue,
        at: &str,
    ) -> Result<Practice> {
        let kind: core::RequestKind = from_js(JsValue::from_str(&kind))?;
        Ok(Practice { inner: core::Practice::linked(&original.inner, kind, id, from_js(created_by)?, instant(at)?).map_err(err)? })
    }

    /// A modification of `original`: a new draft linked to it, never an edit of it.
    #[wasm_bindgen(js_name = "modificationOf")]
    pub fn modification_of(
        original: &Practice,
        id: String,
        #[wasm_bindgen(js_name = "createdBy", unchecked_param_type = "PracticeActor")] created_by: JsValue,
        at: &str,
    ) -> Result<Practice> {
        Ok(Practice { inner: core::Practice::modification_of(&original.inner, id, from_js(created_by)?, instant(at)?).map_err(err)? })
    }

    /// Restores a practice by replaying its recorded events (`practice.replay` if they do not replay).
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Practice> {
        Ok(Practice { inner: core::Practice::from_json(json).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The practice record as a plain object.
    #[wasm_bindgen(js_name = "toObject", unchecked_return_type = "PracticeRecord")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(&self.inner.to_record())
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }
    #[wasm_bindgen(getter, unchecked_return_type = "PracticeRequestKind")]
    pub fn kind(&self) -> String {
        self.inner.kind().name().to_owned()
    }
    #[wasm_bindgen(getter, js_name = "linkedTo")]
    pub fn linked_to(&self) -> Option<String> {
        self.inner.linked_to().map(str::to_owned)
    }
    #[wasm_bindgen(getter)]
    pub fn applicant(&self) -> String {
        self.inner.applicant().to_owned()
    }
    /// The status code (`practice.status(code)` gives its label).
    #[wasm_bindgen(getter, unchecked_return_type = "PracticeStatus")]
    pub fn status(&self) -> u32 {
        self.inner.status().code()
    }
    #[wasm_bindgen(getter, unchecked_return_type = "PracticeOutcome | undefined")]
    pub fn outcome(&self) -> Result<JsValue> {
        match self.inner.outcome() {
            Some(o) => to_js(&o),
            None => Ok(JsValue::UNDEFINED),
        }
    }
    #[wasm_bindgen(getter, js_name = "assignedOperator")]
    pub fn assigned_operator(&self) -> Option<String> {
        self.inner.assigned_operator().map(str::to_owned)
    }
    #[wasm_bindgen(getter, js_name = "protocolNumber")]
    pub fn protocol_number(&self) -> Option<String> {
        self.inner.protocol_number().map(str::to_owned)
    }
    #[wasm_bindgen(getter, js_name = "paymentCreated")]
    pub fn payment_created(&self) -> bool {
        self.inner.payment_created()
    }
    #[wasm_bindgen(getter, unchecked_return_type = "ServiceConfig")]
    pub fn config(&self) -> Result<JsValue> {
        to_js(self.inner.config())
    }
    #[wasm_bindgen(getter, js_name = "createdAt")]
    pub fn created_at(&self) -> String {
        self.inner.created_at().to_rfc3339()
    }
    #[wasm_bindgen(getter, js_name = "submittedAt")]
    pub fn submitted_at(&self) -> Option<String> {
        self.inner.submitted_at().map(|t| t.to_rfc3339())
    }

    /// Applies `event` (a name such as "submit", or an object `{type, ...}`) fired by `actor` at
    /// `at`, then the automatic follow-ups; returns the new status code. Throws `practice.transition`
    /// or `practice.guard` (whose `details.failed` names every failed guard) or `practice.out_of_order`.
    #[wasm_bindgen(unchecked_return_type = "PracticeStatus")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PracticeEventKind | PracticeEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PracticeActor")] actor: JsValue,
        at: &str,
        message: Option<String>,
    ) -> Result<u32> {
        let event = event_arg(event)?;
        let actor: core::Actor = from_js(actor)?;
        Ok(self.inner.apply(event, actor, instant(at)?, message).map_err(err)?.code())
    }

    /// Throws what `apply` would throw, without applying.
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PracticeEventKind | PracticeEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PracticeActor")] actor: JsValue,
        message: Option<String>,
    ) -> Result<()> {
        let event = event_arg(event)?;
        self.inner.check(&event, &from_js(actor)?, message.as_deref()).map_err(err)
    }

    /// The events `actor` may fire now, from the guards `apply` enforces.
    #[wasm_bindgen(js_name = "allowedEvents", unchecked_return_type = "PracticeEventKind[]")]
    pub fn allowed_events(&self, #[wasm_bindgen(unchecked_param_type = "PracticeActor")] actor: JsValue) -> Result<JsValue> {
        let kinds = self.inner.allowed_events(&from_js(actor)?);
        to_js(&kinds)
    }

    /// `null` if `actor` may fire `event` now, else the error's plain object (`code`, `message`,
    /// `failed` for `practice.guard`: every failed guard). Given as a bare name without message, the
    /// event's own data is not checked (as `allowedEvents`); given as an object or with a message,
    /// it is checked exactly as `apply` would.
    #[wasm_bindgen(js_name = "whyNot", unchecked_return_type = "(PracticeError & { message: string }) | null")]
    pub fn why_not(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PracticeEventKind | PracticeEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PracticeActor")] actor: JsValue,
        message: Option<String>,
    ) -> Result<JsValue> {
        let actor: core::Actor = from_js(actor)?;
        let error = match (event.as_string(), &message) {
            (Some(name), None) => self.inner.why_not(kind_arg(&name)?, &actor),
            _ => self.inner.check(&event_arg(event)?, &actor, message.as_deref()).err(),
        };
        match error {
            None => Ok(JsValue::NULL),
            Some(e) => Ok(crate::details(&e, &e.to_string())),
        }
    }

    /// The timeline ("Iter della pratica").
    #[wasm_bindgen(unchecked_return_type = "TimelineEntry[]")]
    pub fn timeline(&self) -> Result<JsValue> {
        to_js(self.inner.timeline())
    }

    /// The event log.
    #[wasm_bindgen(unchecked_return_type = "RecordedEvent[]")]
    pub fn events(&self) -> Result<JsValue> {
        to_js(self.inner.events())
    }

    /// The response deadline as of `on` (`YYYY-MM-DD`, default the last event's date);
    /// `calendarJson` (`HolidayCalendar.toJson()`) is used when the service rolls deadlines to
    /// working days (default: Italian national holidays).
    #[wasm_bindgen(unchecked_return_type = "PracticeDeadline | null")]
    pub fn deadline(&self, on: Option<String>, #[wasm_bindgen(js_name = "calendarJson")] calendar_json: Option<String>) -> Result<JsValue> {
        let on = on.map(|d| date(&d)).transpose()?;
        let cal = calendar_arg(calendar_json)?;
        match self.inner.deadline(on, cal.as_ref()).map_err(err)? {
            Some(d) => to_js(&d),
            None => Ok(JsValue::NULL),
        }
    }

    /// The due date ("Riceverai risposta entro il") as `YYYY-MM-DD`.
    #[wasm_bindgen(js_name = "dueDate")]
    pub fn due_date(&self, on: Option<String>, #[wasm_bindgen(js_name = "calendarJson")] calendar_json: Option<String>) -> Result<Option<String>> {
        let on = on.map(|d| date(&d)).transpose()?;
        let cal = calendar_arg(calendar_json)?;
        Ok(self.inner.due_date(on, cal.as_ref()).map_err(err)?.map(|d| d.to_string()))
    }
}

/// A configuration compiled for auditing: build once, audit many histories.
#[wasm_bindgen]
pub struct Auditor {
    inner: core::Auditor,
}

#[wasm_bindgen]
impl Auditor {
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "Partial<ServiceConfig>")] config: JsValue) -> Result<Auditor> {
        Ok(Auditor { inner: core::Auditor::new(&from_js(config)?) })
    }

    /// Audits one history: rows `[code, at]` (`at` RFC 3339 or unix seconds) or `{status, at}`.
    #[wasm_bindgen(unchecked_return_type = "AuditReport")]
    pub fn audit(&self, #[wasm_bindgen(unchecked_param_type = "Array<[number, string | number] | AuditStep>")] history: JsValue) -> Result<JsValue> {
        let steps: Vec<core::Step> = from_js(history)?;
        to_js(&self.inner.audit(&steps))
    }

    #[wasm_bindgen(js_name = "auditMany", unchecked_return_type = "BatchAudit")]
    pub fn audit_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<Array<[number, string | number] | AuditStep>>")] histories: JsValue,
    ) -> Result<JsValue> {
        let hs: Vec<Vec<core::Step>> = from_js(histories)?;
        to_js(&self.inner.audit_many(&hs))
    }
}

// The `practice` namespace: free functions with `js_namespace` (a namespace struct named
// `practice` would clash with the `Practice` class: wasm-bindgen lowercases class names in its
// symbols).
/// Audits one recorded history against `config`.
#[wasm_bindgen(js_namespace = practice, unchecked_return_type = "AuditReport")]
pub fn audit(
    #[wasm_bindgen(unchecked_param_type = "Partial<ServiceConfig>")] config: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Array<[number, string | number] | AuditStep>")] history: JsValue,
) -> Result<JsValue> {
    Auditor::new(config)?.audit(history)
}

/// Audits many recorded histories against one `config`.
#[wasm_bindgen(js_namespace = practice, js_name = "auditMany", unchecked_return_type = "BatchAudit")]
pub fn audit_many(
    #[wasm_bindgen(unchecked_param_type = "Partial<ServiceConfig>")] config: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Array<Array<[number, string | number] | AuditStep>>")] histories: JsValue,
) -> Result<JsValue> {
    Auditor::new(config)?.audit_many(histories)
}

/// A status by code: `{code, name, label, final}` (throws `practice.unknown_status`).
#[wasm_bindgen(js_namespace = practice, unchecked_return_type = "{ code: PracticeStatus, name: string, label: string, final: boolean }")]
pub fn status(code: u32) -> Result<JsValue> {
    let s = core::Status::from_code(code).map_err(err)?;
    to_js(&serde_json::json!({"code": s.code(), "name": s.name(), "label": s.label(), "final": s.is_final()}))
}

/// Every status, ordered by code.
#[wasm_bindgen(js_namespace = practice, unchecked_return_type = "Array<{ code: PracticeStatus, name: string, label: string, final: boolean }>")]
pub fn statuses() -> Result<JsValue> {
    let all: Vec<serde_json::Value> =
        core::Status::ALL.iter().map(|s| serde_json::json!({"code": s.code(), "name": s.name(), "label": s.label(), "final": s.is_final()})).collect();
    to_js(&all)
}

/// The transition table as data.
#[wasm_bindgen(js_namespace = practice, unchecked_return_type = "PracticeTransition[]")]
pub fn transitions() -> Result<JsValue> {
    to_js(core::transitions())
}

/// The reachable graph of a configuration.
#[wasm_bindgen(js_namespace = practice, unchecked_return_type = "ServiceGraph")]
pub fn graph(#[wasm_bindgen(unchecked_param_type = "Partial<ServiceConfig>")] config: JsValue) -> Result<JsValue> {
    to_js(&core::ServiceGraph::new(&from_js(config)?))
}

/// A Mermaid `stateDiagram-v2` of a configuration's graph.
#[wasm_bindgen(js_namespace = practice)]
pub fn mermaid(#[wasm_bindgen(unchecked_param_type = "Partial<ServiceConfig>")] config: JsValue) -> Result<String> {
    Ok(core::ServiceGraph::new(&from_js(config)?).to_mermaid())
}

/// The request kinds and their Italian labels.
#[wasm_bindgen(js_namespace = practice, js_name = "requestKinds", unchecked_return_type = "Record<PracticeRequestKind, string>")]
pub fn request_kinds() -> Result<JsValue> {
    let m: serde_json::Map<String, serde_json::Value> = core::RequestKind::ALL.iter().map(|k| (k.name().to_owned(), serde_json::Value::from(k.label()))).collect();
    to_js(&m)
}
