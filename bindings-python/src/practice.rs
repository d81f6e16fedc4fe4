//! `sportello.practice`: the lifecycle of an online application. Mechanical mapping of
//! `sportello::practice`: `Status`, `Actor`, `ServiceConfig`, `Practice` (mutable: `apply`),
//! `TimelineEntry`, `Deadline`, `Auditor`, `AuditReport`, `BatchAudit` and free functions.
//! Instants are `Instant` (aware `datetime.datetime`, RFC 3339 or unix seconds), dates
//! `datetime.date`, amounts `decimal.Decimal`; structured values without a class are plain dicts
//! in the core's JSON shape.
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple, PyType};
use sportello::practice as core;
use sportello::workdays::HolidayCalendar;

use crate::{arg, err, from_json, from_py, iter_arg, name_of, to_py, Arg, Date, Instant, Str};

/// The 23 `Status` objects, built once (returning one is an incref).
static STATUSES: pyo3::sync::PyOnceLock<Vec<Py<Status>>> = pyo3::sync::PyOnceLock::new();

fn status_obj(py: Python<'_>, s: core::Status) -> PyResult<Py<Status>> {
    let all = STATUSES.get_or_try_init(py, || core::Status::ALL.iter().map(|&inner| Py::new(py, Status { inner })).collect::<PyResult<Vec<_>>>())?;
    match all.get(s.index()) {
        Some(o) => Ok(o.clone_ref(py)),
        None => Py::new(py, Status { inner: s }),
    }
}

// ---------------------------------------------------------------- Status

crate::record! {
    /// A practice status: `.code` (stable number), `.label` (Italian), `.name` (English camelCase).
    #[derive(Clone, Copy)]
    class Status(core::Status) in "sportello.practice", frozen;
    |v, py| {
        code: u32 = v.code(),
        label: &'static str = v.label(),
        name: &'static str = v.name(),
        is_final: bool = v.is_final(),
        is_submitted: bool = v.is_submitted(),
    }
    /// The status with this numeric code; raises `PracticeError` (`practice.unknown_status`).
    #[new]
    fn new(code: Arg<u32>) -> PyResult<Self> { Ok(Status { inner: core::Status::from_code(*code).map_err(err)? }) }
    #[staticmethod]
    fn all() -> Vec<Status> { core::Status::ALL.iter().copied().map(Status::from).collect() }
    fn __int__(&self) -> u32 { self.inner.code() }
    fn __hash__(&self) -> u64 { u64::from(self.inner.code()) }
    /// Equal to the same status or to its numeric code.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        if let Ok(s) = other.cast::<Status>() {
            return s.get().inner == self.inner;
        }
        other.extract::<u32>().is_ok_and(|c| c == self.inner.code())
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (u32,)) { (slf.get_type(), (slf.get().inner.code(),)) }
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> { crate::repr(slf.as_any(), &["code", "label"]) }
    fn __str__(&self) -> String { self.inner.to_string() }
}

impl From<core::Status> for Status {
    fn from(inner: core::Status) -> Self {
        Status { inner }
    }
}

// ---------------------------------------------------------------- Actor

crate::record! {
    /// Who fires an event: `Actor.citizen(id)`, `Actor.operator(id)`, `Actor.system()`,
    /// `Actor.gateway()`, `Actor.protocol()`; or `Actor(kind, id=None)`. A dict
    /// `{"kind": "citizen", "id": "..."}` is accepted wherever an actor is expected.
    Actor(core::Actor) in "sportello.practice", frozen;
    |v, py| {
        kind: &str = v.kind.name(),
        id: Option<&str> = v.id.as_deref(),
    }
    #[new]
    #[pyo3(signature = (kind, id=None))]
    fn new(kind: Str, id: Option<Str>) -> PyResult<Self> {
        Ok(Actor { inner: core::Actor { kind: core::ActorKind::from_name(&kind).map_err(err)?, id: id.map(String::from) } })
    }
    #[staticmethod]
    fn citizen(id: Str) -> Self { Actor { inner: core::Actor::citizen(id) } }
    #[staticmethod]
    fn operator(id: Str) -> Self { Actor { inner: core::Actor::operator(id) } }
    #[staticmethod]
    fn system() -> Self { Actor { inner: core::Actor::system() } }
    #[staticmethod]
    fn gateway() -> Self { Actor { inner: core::Actor::gateway() } }
    #[staticmethod]
    fn protocol() -> Self { Actor { inner: core::Actor::protocol() } }
}

fn actor_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::Actor> {
    if let Ok(a) = obj.cast::<Actor>() {
        return Ok(a.get().inner.clone());
    }
    from_py(obj)
}

/// An event as the caller names it (a `str`: its bare name; a dict: the event object), with the
/// data given beside it as keywords (`core::EventData`'s fields in snake_case; the core's
/// `EventArg::with_data`).
fn event_arg(obj: &Bound<'_, PyAny>, data: Option<&Bound<'_, PyDict>>) -> PyResult<core::EventArg> {
    bare_event_arg(obj)?.with_data(crate::keywords(data)?).map_err(err)
}

/// An event given as a name or as its JSON shape (a dict), without keyword data.
fn bare_event_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::EventArg> {
    Ok(match obj.cast::<PyString>() {
        Ok(s) => core::EventArg::Name(crate::text(s)?.into_owned()),
        Err(_) => core::EventArg::Event(from_py(obj)?),
    })
}

// ---------------------------------------------------------------- ServiceConfig

crate::record! {
    /// The configuration of a service that shapes its practices' graph. Keyword arguments in
    /// snake_case (defaults as in the core); `ServiceConfig.from_json` / `from_dict` take the
    /// camelCase JSON shape. A dict or JSON string is accepted wherever a configuration is expected.
    ServiceConfig(core::ServiceConfig) in "sportello.practice", frozen;
    |v, py| {
        payment: String = name_of(&v.payment),
        payment_amount: rust_decimal::Decimal = v.payment_amount.to_decimal(),
        stamps_on_request: bool = v.stamps_on_request,
        stamps_on_release: bool = v.stamps_on_release,
        protocol_required: bool = v.protocol_required,
        workflow: String = name_of(&v.workflow),
        allow_withdrawal: bool = v.allow_withdrawal,
        allow_integration_requests: bool = v.allow_integration_requests,
        allow_partial_approval: bool = v.allow_partial_approval,
        allow_reopening: bool = v.allow_reopening,
        record_payment_steps: bool = v.record_payment_steps,
        resume_after_integration: String = name_of(&v.resume_after_integration),
        response_days: Option<u32> = v.response_days,
        integration_clock: String = name_of(&v.integration_clock),
        max_suspended_days: Option<u32> = v.max_suspended_days,
        max_suspensions: u32 = v.max_suspensions,
        roll_to_working_day: bool = v.roll_to_working_day,
        files: PyResult<Bound<'py, PyAny>> = to_py(py, &v.files),
        protocol_handler: String = name_of(&v.protocol_handler),
        protocol_folders: PyResult<Bound<'py, PyAny>> = to_py(py, &v.protocol_folders),
        take_in_charge_days: Option<u32> = v.take_in_charge_days,
        allow_annulment: bool = v.allow_annulment,
        annulment_term_months: Option<u32> = v.annulment_term_months,
        charges: PyResult<Bound<'py, PyAny>> = to_py(py, &v.charges),
    }
    #[new]
    #[pyo3(signature = (**fields),
        text_signature = "(*, payment=None, payment_amount=None, stamps_on_request=None, stamps_on_release=None, protocol_required=None, \
        workflow=None, allow_withdrawal=None, allow_integration_requests=None, allow_partial_approval=None, allow_reopening=None, \
        record_payment_steps=None, resume_after_integration=None, response_days=None, integration_clock=None, max_suspended_days=None, \
        max_suspensions=None, roll_to_working_day=None, files=None, protocol_handler=None, protocol_folders=None, take_in_charge_days=None, \
        allow_annulment=None, annulment_term_months=None, charges=None)")]
    fn new(fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        // `None` leaves a field out: the core's default applies (one suspension, a 30-day term);
        // no term at all is `ServiceConfig.from_dict({"takeInChargeDays": None})`.
        Ok(ServiceConfig { inner: crate::keywords(fields)? })
    }
    /// The reachable graph of this configuration (`{"states": [...], "edges": [...]}`).
    fn graph<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &core::ServiceGraph::new(&self.inner)) }
    /// The reachable statuses of this configuration.
    fn statuses(&self) -> Vec<Status> { core::ServiceGraph::new(&self.inner).statuses().into_iter().map(Status::from).collect() }
    /// A Mermaid `stateDiagram-v2` of this configuration's graph.
    fn mermaid(&self) -> String { core::ServiceGraph::new(&self.inner).to_mermaid() }
}

fn config_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::ServiceConfig> {
    if let Ok(c) = obj.cast::<ServiceConfig>() {
        return Ok(c.get().inner.clone());
    }
    from_py(obj)
}

// ---------------------------------------------------------------- Practice

crate::record! {
    /// One status change of the timeline ("Iter della pratica").
    TimelineEntry(core::TimelineEntry) in "sportello.practice", frozen;
    |v, py| {
        seq: u32 = v.seq,
        at: Instant = Instant(v.at),
        from_status: Option<Status> = v.from.map(Status::from),
        status: Status = v.status.into(),
        event: &str = v.event.name(),
        actor: Actor = Actor { inner: v.actor.clone() },
        message: Option<&str> = v.message.as_deref(),
        internal: bool = v.internal,
    }
}

crate::record! {
    /// The response deadline as of a date.
    Deadline(core::Deadline) in "sportello.practice", frozen;
    |v, py| {
        submitted_on: Date = Date(v.submitted_on),
        due_date: Option<Date> = v.due_date.map(Date),
        suspended_days: u32 = v.suspended_days,
        suspended: bool = v.suspended,
        closed: bool = v.closed,
        on: Date = Date(v.on),
        remaining_days: Option<i64> = v.remaining_days,
        notice_days: u32 = v.notice_days,
    }
}

fn calendar_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<HolidayCalendar>> {
    // Any object with `to_json()` in the calendar's JSON shape (e.g. `sportello.workdays.HolidayCalendar`), a dict or a JSON string.
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) if o.hasattr("to_json")? => Ok(Some(from_json(&o.call_method0("to_json")?.extract::<String>()?)?)),
        Some(o) => Ok(Some(from_py(o)?)),
    }
}

crate::record! {
    /// A practice (pratica): an event log whose replay gives its status and timeline.
    class Practice(core::Practice) in "sportello.practice";
    |v, py| {
        id: &str = v.id(),
        kind: &'static str = v.kind().name(),
        linked_to: Option<&str> = v.linked_to(),
        applicant: &str = v.applicant(),
        status: PyResult<Py<Status>> = status_obj(py, v.status()),
        outcome: Option<String> = v.outcome().map(|o| name_of(&o)),
        assigned_operator: Option<&str> = v.assigned_operator(),
        protocol_number: Option<&str> = v.protocol_number(),
        office: Option<&str> = v.office(),
        payment_created: bool = v.payment_created(),
        config: ServiceConfig = ServiceConfig { inner: v.config().clone() },
        created_at: Instant = Instant(v.created_at()),
        submitted_at: Option<Instant> = v.submitted_at().map(Instant),
        /// The priority last set by an operator ("low", "medium", "high"), or `None`.
        priority: Option<&'static str> = v.priority().map(core::Priority::name),
    }
    /// A new activation draft created at `at` by `created_by` (default: the applicant).
    #[new]
    #[pyo3(signature = (id, applicant, config, at, created_by=None))]
    fn new(id: Str, applicant: Str, config: &Bound<'_, PyAny>, at: Instant, created_by: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let config = config_arg(config)?;
        let inner = match created_by {
            Some(by) if !by.is_none() => core::Practice::new_by(id, applicant, config, actor_arg(by)?, at.0),
            _ => core::Practice::new(id, applicant, config, at.0),
        };
        Ok(Practice { inner })
    }
    /// A new practice of `kind` ("renewal", "modification", "transfer", ...) linked to `original`.
    #[staticmethod]
    fn linked(original: Arg<PyRef<'_, Practice>>, kind: Str, id: Str, created_by: &Bound<'_, PyAny>, at: Instant) -> PyResult<Self> {
        let kind = core::RequestKind::from_name(&kind).map_err(err)?;
        Ok(Practice { inner: core::Practice::linked(&original.inner, kind, id, actor_arg(created_by)?, at.0).map_err(err)? })
    }
    /// A modification of `original`: a new draft linked to it.
    #[staticmethod]
    fn modification_of(original: Arg<PyRef<'_, Practice>>, id: Str, created_by: &Bound<'_, PyAny>, at: Instant) -> PyResult<Self> {
        Ok(Practice { inner: core::Practice::modification_of(&original.inner, id, actor_arg(created_by)?, at.0).map_err(err)? })
    }
    /// From the JSON shape (a string or a dict); raises `practice.invalid` or `practice.replay`.
    #[staticmethod]
    fn from_json(json: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner = match json.cast::<PyString>() {
            Ok(text) => core::Practice::from_json(&crate::text(text)?),
            Err(_) => core::Practice::from_record(from_py(json)?),
        };
        Ok(Practice { inner: inner.map_err(err)? })
    }
    /// From its record as a dict (`to_dict()`, JS's `fromObject`), replaying its events.
    #[staticmethod]
    fn from_dict(value: &Bound<'_, PyAny>) -> PyResult<Self> { Self::from_json(value) }
    fn to_json(&self) -> String { self.inner.to_json() }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.to_record()) }
    /// Applies `event` (a name such as "submit", or a dict `{"type": ..., ...}`) fired by `actor`
    /// at `at`, with an optional message (the reason, where required). Returns the new status.
    #[pyo3(signature = (event, actor, at, message=None, **data),
        text_signature = "($self, event, actor, at, message=None, *, protocol_number=None, operator=None, name=None, messages=None, \
        send_to_citizen=None, document_id=None, folder_number=None, folder_code=None, registered_at=None, office=None, priority=None, \
        amount=None, stamps=None)")]
    fn apply(
        &mut self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        at: Instant,
        message: Option<Str>,
        data: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<Status>> {
        let event = event_arg(event, data)?.event().map_err(err)?;
        let status = self.inner.apply(event, actor_arg(actor)?, at.0, message.map(String::from)).map_err(err)?;
        status_obj(py, status)
    }

    /// `apply` with the back office's staff consulted, for a practice of the service `service`
    /// (`staff`: an `access.Staff`, its dict or JSON text): raises `access.*` for an operator
    /// unknown, deactivated or not enabled for the service, `practice.office` for an office
    /// refused; see the core's `Practice::apply_staffed`.
    #[pyo3(signature = (event, actor, at, staff, service, message=None, **data),
        text_signature = "($self, event, actor, at, staff, service, message=None, *, protocol_number=None, operator=None, name=None, \
        messages=None, send_to_citizen=None, document_id=None, folder_number=None, folder_code=None, registered_at=None, office=None, \
        priority=None, amount=None, stamps=None)")]
    #[allow(clippy::too_many_arguments)]
    fn apply_staffed(
        &mut self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        at: Instant,
        staff: &Bound<'_, PyAny>,
        service: Str,
        message: Option<Str>,
        data: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<Status>> {
        let event = event_arg(event, data)?.event().map_err(err)?;
        let staff = crate::access::staff_arg(staff)?;
        let status = self.inner.apply_staffed(event, actor_arg(actor)?, at.0, &staff, &service, message.map(String::from)).map_err(err)?;
        status_obj(py, status)
    }

    /// Raises the error `apply` at `at` would raise, without applying (without `at`, the order of
    /// events and the annulment term are not checked).
    #[pyo3(signature = (event, actor, message=None, at=None, **data),
        text_signature = "($self, event, actor, message=None, at=None, *, protocol_number=None, operator=None, name=None, messages=None, \
        send_to_citizen=None, document_id=None, folder_number=None, folder_code=None, registered_at=None, office=None, priority=None, \
        amount=None, stamps=None)")]
    fn check(
        &self,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        message: Option<Str>,
        at: Option<Instant>,
        data: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let event = event_arg(event, data)?.event().map_err(err)?;
        self.inner.check(&event, &actor_arg(actor)?, message.as_deref(), at.map(|a| a.0)).map_err(err)
    }

    /// The events `actor` may fire at `at` (names), from the same guards `apply` enforces. `at` is
    /// the time of the question: the annulment term is judged at it (absent: it is assumed to hold).
    #[pyo3(signature = (actor, at=None))]
    fn allowed_events(&self, actor: &Bound<'_, PyAny>, at: Option<Instant>) -> PyResult<Vec<&'static str>> {
        Ok(self.inner.allowed_events(&actor_arg(actor)?, at.map(|a| a.0)).into_iter().map(|k| k.name()).collect())
    }

    /// `allowed_events` with the back office's staff consulted for the service `service`
    /// (`staff`: an `access.Staff`, its dict or JSON text): less what `apply_staffed` would refuse
    /// for the staff's reasons; see the core's `Practice::allowed_events_staffed`.
    #[pyo3(signature = (actor, staff, service, at=None))]
    fn allowed_events_staffed(
        &self,
        actor: &Bound<'_, PyAny>,
        staff: &Bound<'_, PyAny>,
        service: Str,
        at: Option<Instant>,
    ) -> PyResult<Vec<&'static str>> {
        let staff = crate::access::staff_arg(staff)?;
        Ok(self
            .inner
            .allowed_events_staffed(&actor_arg(actor)?, &staff, &service, at.map(|a| a.0))
            .into_iter()
            .map(|k| k.name())
            .collect())
    }

    /// `why_not` with the staff consulted (as `apply_staffed`): `None` if `actor` may fire `event`
    /// at `at` (as `allowed_events`), else the error (not raised): `access.*`, `practice.office` or
    /// `practice.guard`. A bare name without message is judged as `allowed_events_staffed` judges
    /// it; a dict (the event's JSON shape, with its data), or a name with a message, exactly as
    /// `apply_staffed` would.
    #[pyo3(signature = (event, actor, staff, service, message=None, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn why_not_staffed(
        &self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        staff: &Bound<'_, PyAny>,
        service: Str,
        message: Option<Str>,
        at: Option<Instant>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let event = bare_event_arg(event)?;
        let staff = crate::access::staff_arg(staff)?;
        let error = self
            .inner
            .why_not_staffed(event, &actor_arg(actor)?, &staff, &service, message.as_deref(), at.map(|a| a.0))
            .map_err(err)?;
        Ok(error.map(|e| err(e).into_value(py).into_any()))
    }

    /// `None` if `actor` may fire `event` at `at` (as `allowed_events`), else the `PracticeError`
    /// (not raised) naming every failed guard in `.details["failed"]`. Given as a bare name without message or data, the
    /// event's own data is not checked (as `allowed_events`); given as a dict, or with a message or
    /// data, it is checked exactly as `apply` would.
    #[pyo3(signature = (event, actor, message=None, at=None, **data),
        text_signature = "($self, event, actor, message=None, at=None, *, protocol_number=None, operator=None, name=None, messages=None, \
        send_to_citizen=None, document_id=None, folder_number=None, folder_code=None, registered_at=None, office=None, priority=None, \
        amount=None, stamps=None)")]
    fn why_not(
        &self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        message: Option<Str>,
        at: Option<Instant>,
        data: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let error = self.inner.why_not_arg(event_arg(event, data)?, &actor_arg(actor)?, message.as_deref(), at.map(|a| a.0)).map_err(err)?;
        Ok(error.map(|e| err(e).into_value(py).into_any()))
    }

    /// The timeline: every status change, the creation first.
    fn timeline(&self) -> Vec<TimelineEntry> { self.inner.timeline().iter().map(|e| TimelineEntry { inner: e.clone() }).collect() }

    /// The event log as dicts in the JSON shape.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.events()) }

    /// The event log as `viewer` may read it, as dicts: all of it for an operator; for anyone else
    /// without operators' private notes (`note`) and without a payment's motivation kept as an
    /// internal note.
    fn events_for<'py>(&self, py: Python<'py>, viewer: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.events_for(&actor_arg(viewer)?))
    }

    /// The timeline as `viewer` may read it: all of it for an operator; for anyone else without
    /// the messages that are operators' internal notes.
    fn timeline_for(&self, viewer: &Bound<'_, PyAny>) -> PyResult<Vec<TimelineEntry>> {
        Ok(self.inner.timeline_for(&actor_arg(viewer)?).into_iter().map(|inner| TimelineEntry { inner }).collect())
    }

    /// Every protocol registration (number, document id, fascicolo, date, direction), oldest
    /// first, as dicts in the JSON shape.
    fn protocol<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.protocol()) }

    /// The take-in-charge term as of `on` (default: the date of the last event) as a dict in the
    /// JSON shape (`dueDate`, `takenOn`, `late`, ...), or `None` (no term, forward workflow, not
    /// sent); `calendar` as for `deadline`.
    #[pyo3(signature = (on=None, calendar=None))]
    fn take_in_charge<'py>(&self, py: Python<'py>, on: Option<Date>, calendar: Option<&Bound<'_, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let cal = calendar_arg(calendar)?;
        to_py(py, &self.inner.take_in_charge(on.map(|d| d.0), cal.as_ref()).map_err(err)?)
    }

    /// Every rejection notice (L. 241/1990 art. 10-bis) with its observations and the date the
    /// suspended term restarts, oldest first, as dicts in the JSON shape.
    fn rejection_notices<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.rejection_notices().map_err(err)?) }

    /// The practice's charges (request and release phase, with the form's amount and the
    /// operator's decisions at approval applied), as dicts in the JSON shape.
    fn charges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.charges()) }

    /// The response deadline as of `on` (default: the date of the last event); `calendar` is used
    /// when the service rolls deadlines to working days (default: Italian national holidays).
    #[pyo3(signature = (on=None, calendar=None))]
    fn deadline(&self, on: Option<Date>, calendar: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Deadline>> {
        let cal = calendar_arg(calendar)?;
        Ok(self.inner.deadline(on.map(|d| d.0), cal.as_ref()).map_err(err)?.map(|inner| Deadline { inner }))
    }

    /// The due date ("Riceverai risposta entro il").
    #[pyo3(signature = (on=None, calendar=None))]
    fn due_date(&self, on: Option<Date>, calendar: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
        let cal = calendar_arg(calendar)?;
        Ok(self.inner.due_date(on.map(|d| d.0), cal.as_ref()).map_err(err)?.map(Date))
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool { self.inner == other.inner }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        crate::reduce(slf.as_any(), slf.borrow().inner.to_json())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> { crate::repr(slf.as_any(), &["id", "kind", "status"]) }
}

// ---------------------------------------------------------------- Audit

crate::record! {
    /// The audit of one history: `ok`, `end` (last status code), `findings` (dicts).
    AuditReport(core::AuditReport) in "sportello.practice", frozen;
    |v, py| {
        ok: bool = v.ok,
        end: Option<u32> = v.end,
        findings: PyResult<Bound<'py, PyAny>> = to_py(py, &v.findings),
        repair: PyResult<Bound<'py, PyAny>> = to_py(py, &v.repair),
        rows: usize = v.rows,
        fitness: Option<f64> = v.fitness,
    }
    fn __bool__(&self) -> bool { self.inner.ok }
}

crate::record! {
    /// The audit of a batch: `histories`, `clean`, `failing` (dicts `{history, end, findings}`).
    BatchAudit(core::BatchAudit) in "sportello.practice", frozen;
    |v, py| {
        histories: usize = v.histories,
        clean: usize = v.clean,
        failing: PyResult<Bound<'py, PyAny>> = to_py(py, &v.failing),
        cost: u64 = v.cost,
        worst: u64 = v.worst,
        fitness: f64 = v.fitness,
    }
}

/// An ordering key for a recorded instant: (unix seconds, nanoseconds).
type Key = (i64, u32);

fn key_of(at: chrono::DateTime<chrono::FixedOffset>) -> Key {
    (at.timestamp(), at.timestamp_subsec_nanos())
}

/// An instant of a history row, in the core's range of instants: unix seconds (read first, the
/// usual row), else as every instant argument is read (`Instant`).
fn key_arg(at: &Bound<'_, PyAny>) -> PyResult<Key> {
    if at.is_instance_of::<PyInt>() && !at.is_instance_of::<PyBool>() {
        return sportello::iso::seconds_in_range(arg::<i64>(at)?).map(|secs| (secs, 0)).map_err(crate::arg_err);
    }
    Ok(key_of(at.extract::<Instant>()?.0))
}

/// One history, read as `history_arg` reads it.
fn history_of(history: &Bound<'_, PyAny>) -> PyResult<Vec<(u32, Key)>> {
    let mut buf = Vec::with_capacity(16);
    history_arg(history, &mut buf)?;
    Ok(buf)
}

/// Reads one history into `buf`: each row is the core's `Step` (`AuditStep`: the pair
/// `[code, at]` or `{"status", "at"}`, `at` RFC 3339 or unix seconds), a tuple converted as the
/// pair without a detour through JSON (`at` also an aware datetime).
fn history_arg(history: &Bound<'_, PyAny>, buf: &mut Vec<(u32, Key)>) -> PyResult<()> {
    buf.clear();
    // A list is read by index, without an iterator object (the usual shape of a batch).
    if let Ok(list) = history.cast::<PyList>() {
        for row in list.iter() {
            buf.push(step_arg(&row)?);
        }
        return Ok(());
    }
    for row in iter_arg(history, "history")? {
        buf.push(step_arg(&row?)?);
    }
    Ok(())
}

/// One row of a history: a `(code, at)` tuple read directly, anything else as the core's `Step`.
fn step_arg(row: &Bound<'_, PyAny>) -> PyResult<(u32, Key)> {
    if let Ok(t) = row.cast::<PyTuple>() {
        if t.len() == 2 {
            return Ok((arg(&*t.get_borrowed_item(0)?)?, key_arg(&*t.get_borrowed_item(1)?)?));
        }
    }
    let step: core::Step = from_py(row)?;
    Ok((step.status, key_of(step.at)))
}

crate::record! {
    /// A configuration compiled for auditing: build once, audit many histories.
    class Auditor(core::Auditor) in "sportello.practice", frozen;
    |v, py| {}
    #[new]
    fn new(config: &Bound<'_, PyAny>) -> PyResult<Self> { Ok(Auditor { inner: core::Auditor::new(&config_arg(config)?) }) }
    fn audit(&self, history: &Bound<'_, PyAny>) -> PyResult<AuditReport> { Ok(AuditReport { inner: self.inner.audit_iter(history_of(history)?) }) }
    fn audit_many(&self, histories: &Bound<'_, PyAny>) -> PyResult<BatchAudit> { Ok(BatchAudit { inner: self.many(histories)? }) }
    /// `audit_many` over Arrow columns (an event log as a data frame holds it): `cases` (strings
    /// or integers; a case's rows consecutive), `statuses` (integer codes) and `at` (timestamps,
    /// dates or integers), read in place.
    fn audit_arrow(&self, cases: &Bound<'_, PyAny>, statuses: &Bound<'_, PyAny>, at: &Bound<'_, PyAny>) -> PyResult<BatchAudit> {
        let log = Self::columns(cases, statuses, at)?;
        Ok(BatchAudit { inner: cases.py().detach(|| log.audit(&self.inner)) })
    }
    /// Whether a history conforms: `audit(history).ok`, without findings or repair.
    fn conforms(&self, history: &Bound<'_, PyAny>) -> PyResult<bool> { Ok(self.inner.conforms_iter(history_of(history)?)) }
    /// `conforms` of each history.
    fn conforms_many(&self, histories: &Bound<'_, PyAny>) -> PyResult<Vec<bool>> {
        let mut out = Vec::new();
        Self::each_listed(histories, |h| out.push(self.inner.conforms_iter(h.iter().copied())))?;
        Ok(out)
    }
    /// `conforms` over Arrow columns (as `audit_arrow` reads them): a boolean column with one
    /// value per row, whether that row's history conforms (a mask for the data frame).
    fn conforms_arrow<'py>(&self, cases: &Bound<'py, PyAny>, statuses: &Bound<'py, PyAny>, at: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let log = Self::columns(cases, statuses, at)?;
        crate::arrow::answer(cases, crate::arrow::Node::new("conforms", cases.py().detach(|| log.conforms(&self.inner))))
    }
    fn reachable_statuses(&self) -> Vec<Status> { self.inner.reachable_statuses().into_iter().map(Status::from).collect() }
    /// The minimal repair of one history (`{"cost", "moves"}`); raises `practice.repair_limit`.
    fn repair<'py>(&self, py: Python<'py>, history: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.repair_iter(history_of(history)?).map_err(err)?)
    }
    /// The aggregate report of an event log (the dict of `read_csv` / `read_xes`).
    #[pyo3(signature = (log, on=None))]
    fn report<'py>(&self, py: Python<'py>, log: &Bound<'py, PyAny>, on: Option<Date>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.report(&from_py::<core::EventLog>(log)?, on.map(|d| d.0)))
    }
    /// The lifecycle as PNML.
    fn to_pnml(&self) -> String { self.inner.to_pnml() }
    /// The lifecycle as BPMN 2.0.
    fn to_bpmn(&self) -> String { self.inner.to_bpmn() }
}

impl Auditor {
    /// The histories of an event log's Arrow columns (the core's `arrow::LogColumns`).
    fn columns(cases: &Bound<'_, PyAny>, statuses: &Bound<'_, PyAny>, at: &Bound<'_, PyAny>) -> PyResult<sportello::arrow::LogColumns> {
        let (c, s, a) = (crate::arrow::chunks(cases, "cases")?, crate::arrow::chunks(statuses, "statuses")?, crate::arrow::chunks(at, "at")?);
        cases
            .py()
            .detach(|| sportello::arrow::LogColumns::read((&c.0, &c.1), (&s.0, &s.1), (&a.0, &a.1)))
            .map_err(crate::arg_err)
    }

    /// `f` of each history of the Python iterable `histories` (a list read by index).
    fn each_listed(histories: &Bound<'_, PyAny>, mut f: impl FnMut(&[(u32, Key)])) -> PyResult<()> {
        let mut buf = Vec::with_capacity(16);
        if let Ok(list) = histories.cast::<PyList>() {
            for h in list.iter() {
                history_arg(&h, &mut buf)?;
                f(&buf);
            }
            return Ok(());
        }
        for h in iter_arg(histories, "histories")? {
            history_arg(&h?, &mut buf)?;
            f(&buf);
        }
        Ok(())
    }

    fn many(&self, histories: &Bound<'_, PyAny>) -> PyResult<core::BatchAudit> {
        let mut batch = core::BatchAudit::new();
        Self::each_listed(histories, |h| batch.push(self.inner.audit_iter(h.iter().copied())))?;
        Ok(batch)
    }
}

fn lang_arg(lang: Option<Str>) -> PyResult<core::Lang> {
    lang.map(|l| core::Lang::from_code(&l).map_err(err)).transpose().map(Option::unwrap_or_default)
}

crate::functions! { register; classes: Status, Actor, ServiceConfig, Practice, TimelineEntry, Deadline, Auditor, AuditReport, BatchAudit;
    // ---------------------------------------------------------------- Audit
    /// Reads a flat CSV event log (the keywords: `LogOptions`'s fields; absent, the core's default).
    #[pyo3(signature = (text, **options),
        text_signature = "(text, *, case_column=None, activity_column=None, time_column=None, delimiter=None, labels=None, sort_by_time=None)")]
    fn read_csv<'py>(py: Python<'py>, text: Str, options: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::read_csv(&text, &crate::keywords(options)?).map_err(err)?)
    }
    /// Reads an XES event log (the keywords as for `read_csv`).
    #[pyo3(signature = (text, **options),
        text_signature = "(text, *, case_column=None, activity_column=None, time_column=None, delimiter=None, labels=None, sort_by_time=None)")]
    fn read_xes<'py>(py: Python<'py>, text: Str, options: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::read_xes(&text, &crate::keywords(options)?).map_err(err)?)
    }
    /// The audit report of an event log against `config` (`Auditor.report`).
    #[pyo3(signature = (config, log, on=None))]
    fn report<'py>(py: Python<'py>, config: &Bound<'py, PyAny>, log: &Bound<'py, PyAny>, on: Option<Date>) -> PyResult<Bound<'py, PyAny>> {
        Auditor::new(config)?.report(py, log, on)
    }
    /// The readable summary of a report (the dict of `report`).
    fn report_summary(report: &Bound<'_, PyAny>) -> PyResult<String> { Ok(from_py::<core::LogReport>(report)?.summary()) }
    /// The back office's CSV export of a list of practices (dicts of the `ReportItem` shape).
    #[pyo3(signature = (items, **options), text_signature = "(items, *, columns=None, lang=None)")]
    fn export_csv(items: &Bound<'_, PyAny>, options: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        core::export_csv(&from_py::<Vec<core::ReportItem>>(items)?, &crate::keywords(options)?).map_err(err)
    }
    /// Practices sent per year, month, service and status, and the time to the outcome.
    fn usage<'py>(py: Python<'py>, items: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::usage(&from_py::<Vec<core::ReportItem>>(items)?).map_err(err)?)
    }
    /// Sum, average and count of form fields over practices (`fields`: `{sum, avg, count}` path lists).
    fn calculate<'py>(py: Python<'py>, items: &Bound<'py, PyAny>, fields: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::calculate(&from_py::<Vec<core::ReportItem>>(items)?, &from_py(fields)?).map_err(err)?)
    }
    /// The lifecycle of a configuration as PNML.
    fn pnml(config: &Bound<'_, PyAny>) -> PyResult<String> { Ok(Auditor::new(config)?.to_pnml()) }
    /// The lifecycle of a configuration as BPMN 2.0.
    fn bpmn(config: &Bound<'_, PyAny>) -> PyResult<String> { Ok(Auditor::new(config)?.to_bpmn()) }
    /// Audits one recorded history against `config`.
    fn audit(config: &Bound<'_, PyAny>, history: &Bound<'_, PyAny>) -> PyResult<AuditReport> { Auditor::new(config)?.audit(history) }
    /// Audits many recorded histories against one `config`.
    fn audit_many(config: &Bound<'_, PyAny>, histories: &Bound<'_, PyAny>) -> PyResult<BatchAudit> {
        Ok(BatchAudit { inner: Auditor::new(config)?.many(histories)? })
    }
    /// `audit_many` over Arrow columns (`Auditor.audit_arrow`).
    fn audit_arrow(config: &Bound<'_, PyAny>, cases: &Bound<'_, PyAny>, statuses: &Bound<'_, PyAny>, at: &Bound<'_, PyAny>) -> PyResult<BatchAudit> {
        Auditor::new(config)?.audit_arrow(cases, statuses, at)
    }
    /// The transition table (list of dicts `{event, from, to, actors, guards, automatic}`).
    fn transitions(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> { to_py(py, &core::transitions()) }
    /// Every status, ordered by code.
    fn statuses() -> Vec<Status> { Status::all() }
    /// The status with this numeric code (as `Status(code)`); raises `practice.unknown_status`.
    fn status(py: Python<'_>, code: Arg<u32>) -> PyResult<Py<Status>> { status_obj(py, core::Status::from_code(*code).map_err(err)?) }
    /// The reachable graph of a configuration (`{"states": [...], "edges": [...]}`).
    fn graph<'py>(py: Python<'py>, config: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::ServiceGraph::new(&config_arg(config)?))
    }
    /// A Mermaid `stateDiagram-v2` of a configuration's graph.
    fn mermaid(config: &Bound<'_, PyAny>) -> PyResult<String> { Ok(core::ServiceGraph::new(&config_arg(config)?).to_mermaid()) }
    /// The citizen's group of a status (`{"name", "label", "statuses"}`), or None for 50000.
    #[pyo3(signature = (code, lang=None))]
    fn citizen_group(py: Python<'_>, code: Arg<u32>, lang: Option<Str>) -> PyResult<Bound<'_, PyAny>> {
        let status = core::Status::from_code(*code).map_err(err)?;
        let lang = lang_arg(lang)?;
        to_py(py, &core::CitizenGroup::of(status).map(|g| g.info(lang)))
    }
    /// The seven citizen groups in the seed's order.
    #[pyo3(signature = (lang=None))]
    fn citizen_groups(py: Python<'_>, lang: Option<Str>) -> PyResult<Bound<'_, PyAny>> { to_py(py, &core::citizen_groups(lang_arg(lang)?)) }
    /// The "ultimo cambio stato" ranges holding `date` as of `today`.
    #[pyo3(signature = (date, today, lang=None))]
    fn change_ranges(py: Python<'_>, date: Date, today: Date, lang: Option<Str>) -> PyResult<Bound<'_, PyAny>> {
        to_py(py, &core::change_ranges(date.0, today.0, lang_arg(lang)?).map_err(err)?)
    }
    /// The label of a status in `lang` ("it", "en", "de").
    fn status_label(code: Arg<u32>, lang: Str) -> PyResult<&'static str> {
        Ok(core::Status::from_code(*code).map_err(err)?.label_in(lang_arg(Some(lang))?))
    }
    /// The label of a priority ("low", "medium", "high") in `lang` ("it", "en", "de").
    fn priority_label(priority: Str, lang: Str) -> PyResult<&'static str> {
        Ok(core::Priority::from_name(&priority).map_err(err)?.label_in(lang_arg(Some(lang))?))
    }
    /// Checks a file attached to a practice as `purpose` ("message" or "approvalDocument") under
    /// `config.files` (default: the core's): its `name`, its declared `size` in bytes and `head`, its
    /// leading bytes (`bytes` or `bytearray`; the first 16 KiB are read, the whole file works too).
    /// Returns the checked file as a dict; raises `practice.file_name`, `practice.file_type`,
    /// `practice.file_size` or `practice.file_signature`.
    #[pyo3(signature = (name, size, head, purpose, config=None))]
    fn check_file<'py>(
        py: Python<'py>,
        name: Str,
        size: Arg<u64>,
        head: &Bound<'_, PyAny>,
        purpose: Str,
        config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let purpose: core::FilePurpose =
            sportello::json::from_value(serde_json::Value::from(&*purpose)).map_err(|e| crate::arg_err(format!("purpose: {e}")))?;
        let config = match config {
            Some(c) if !c.is_none() => config_arg(c)?,
            _ => core::ServiceConfig::default(),
        };
        let checked = if let Ok(b) = head.cast::<pyo3::types::PyBytes>() {
            core::check_file(&name, *size, b.as_bytes(), purpose, &config.files)
        } else if let Ok(b) = head.cast::<pyo3::types::PyByteArray>() {
            core::check_file(&name, *size, &b.to_vec(), purpose, &config.files)
        } else {
            return Err(crate::arg_err(format!("head: bytes expected, not {}", head.get_type().name()?)));
        };
        to_py(py, &checked.map_err(err)?)
    }
    /// The request kinds: name -> Italian label.
    fn request_kinds(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let d = PyDict::new(py);
        for k in core::RequestKind::ALL {
            d.set_item(k.name(), k.label())?;
        }
        Ok(d)
    }
}
