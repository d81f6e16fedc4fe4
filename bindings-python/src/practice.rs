//! `sportello.practice`: the lifecycle of an online application. Mechanical mapping of
//! `sportello::practice`: `Status`, `Actor`, `ServiceConfig`, `Practice` (mutable: `apply`),
//! `TimelineEntry`, `Deadline`, `Auditor`, `AuditReport`, `BatchAudit` and free functions.
//! Instants are aware `datetime.datetime`, dates `datetime.date`, amounts `decimal.Decimal`;
//! structured values without a class are plain dicts in the core's JSON shape.
use chrono::{DateTime, FixedOffset, NaiveDate};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList, PyString, PyTuple};
use sportello::practice as core;
use sportello::workdays::HolidayCalendar;

use crate::{err, from_json, from_py, py_to_json, to_json, to_py};

/// An aware `datetime` (any tzinfo: `datetime.timezone`, `zoneinfo.ZoneInfo`, ...), an RFC 3339
/// string, or unix seconds, as a core instant. Reads the datetime's fields directly and caches the
/// offset of the last fixed-offset `datetime.timezone` seen: under the stable ABI every attribute is
/// a Python call, and pyo3's generic conversion costs more than the rest of `apply`.
fn instant_arg(at: &Bound<'_, PyAny>) -> PyResult<DateTime<FixedOffset>> {
    use chrono::{NaiveDateTime, NaiveTime, TimeZone};
    use pyo3::types::{PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyTimeAccess, PyTzInfoAccess};
    if let Ok(d) = at.cast::<PyDateTime>() {
        let py = at.py();
        let Some(tz) = d.get_tzinfo() else {
            return Err(invalid("expected an aware datetime (with tzinfo)"));
        };
        let timezone_type = TIMEZONE_TYPE.get_or_try_init(py, || py.import("datetime")?.getattr("timezone").map(Bound::unbind))?;
        let fixed = tz.get_type().is(timezone_type.bind(py));
        let cached = if fixed {
            LAST_TZ.lock().ok().and_then(|c| c.as_ref().and_then(|(t, off)| t.bind(py).is(&tz).then_some(*off)))
        } else {
            None
        };
        let offset = match cached {
            Some(off) => off,
            None => {
                let delta = at.call_method0(pyo3::intern!(py, "utcoffset"))?;
                let delta = delta.cast::<PyDelta>()?;
                let off = delta.get_days() * 86_400 + delta.get_seconds();
                if fixed {
                    if let Ok(mut c) = LAST_TZ.lock() {
                        *c = Some((tz.clone().into_any().unbind(), off));
                    }
                }
                off
            }
        };
        let offset = FixedOffset::east_opt(offset).ok_or_else(|| invalid("UTC offset out of range"))?;
        let date = NaiveDate::from_ymd_opt(d.get_year(), u32::from(d.get_month()), u32::from(d.get_day()));
        let time = NaiveTime::from_hms_micro_opt(u32::from(d.get_hour()), u32::from(d.get_minute()), u32::from(d.get_second()), d.get_microsecond());
        let (Some(date), Some(time)) = (date, time) else {
            return Err(invalid("datetime out of range"));
        };
        return offset.from_local_datetime(&NaiveDateTime::new(date, time)).single().ok_or_else(|| invalid("datetime out of range"));
    }
    if let Ok(s) = at.cast::<PyString>() {
        let s = s.to_cow()?;
        return DateTime::parse_from_rfc3339(&s).map_err(|_| invalid(format!("expected an RFC 3339 instant with offset, got {s:?}")));
    }
    if at.is_instance_of::<PyInt>() {
        let secs: i64 = at.extract()?;
        return chrono::DateTime::from_timestamp(secs, 0).map(|t| t.fixed_offset()).ok_or_else(|| invalid("timestamp out of range"));
    }
    Err(invalid("expected an aware datetime, an RFC 3339 string or unix seconds"))
}

static TIMEZONE_TYPE: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
static LAST_TZ: std::sync::Mutex<Option<(Py<PyAny>, i32)>> = std::sync::Mutex::new(None);

/// The 23 `Status` objects, built once (returning one is an incref).
static STATUSES: pyo3::sync::PyOnceLock<Vec<Py<Status>>> = pyo3::sync::PyOnceLock::new();

fn status_obj(py: Python<'_>, s: core::Status) -> PyResult<Py<Status>> {
    let all = STATUSES.get_or_try_init(py, || core::Status::ALL.iter().map(|&inner| Py::new(py, Status { inner })).collect::<PyResult<Vec<_>>>())?;
    match all.get(s.index()) {
        Some(o) => Ok(o.clone_ref(py)),
        None => Py::new(py, Status { inner: s }),
    }
}

fn invalid(message: impl Into<String>) -> PyErr {
    err(core::PracticeError::Invalid { message: message.into() })
}

/// The camelCase name a core enum serialises to.
fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

// ---------------------------------------------------------------- Status

/// A practice status: `.code` (stable number), `.label` (Italian), `.name` (English camelCase).
#[pyclass(module = "sportello.practice", frozen)]
#[derive(Clone, Copy)]
pub struct Status {
    inner: core::Status,
}

impl From<core::Status> for Status {
    fn from(inner: core::Status) -> Self {
        Status { inner }
    }
}

#[pymethods]
impl Status {
    /// The status with this numeric code; raises `PracticeError` (`practice.unknown_status`).
    #[new]
    fn new(code: u32) -> PyResult<Self> {
        Ok(Status { inner: core::Status::from_code(code).map_err(err)? })
    }
    #[staticmethod]
    fn all() -> Vec<Status> {
        core::Status::ALL.iter().copied().map(Status::from).collect()
    }
    #[getter]
    fn code(&self) -> u32 {
        self.inner.code()
    }
    #[getter]
    fn label(&self) -> &'static str {
        self.inner.label()
    }
    #[getter]
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    #[getter]
    fn is_final(&self) -> bool {
        self.inner.is_final()
    }
    #[getter]
    fn is_submitted(&self) -> bool {
        self.inner.is_submitted()
    }
    fn __int__(&self) -> u32 {
        self.inner.code()
    }
    fn __hash__(&self) -> u64 {
        u64::from(self.inner.code())
    }
    /// Equal to the same status or to its numeric code.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        if let Ok(s) = other.cast::<Status>() {
            return s.get().inner == self.inner;
        }
        other.extract::<u32>().is_ok_and(|c| c == self.inner.code())
    }
    fn __repr__(&self) -> String {
        format!("Status({}, {:?})", self.inner.code(), self.inner.label())
    }
    fn __str__(&self) -> String {
        self.inner.to_string()
    }
}

// ---------------------------------------------------------------- Actor

/// Who fires an event: `Actor.citizen(id)`, `Actor.operator(id)`, `Actor.system()`,
/// `Actor.gateway()`, `Actor.protocol()`; or `Actor(kind, id=None)`. A dict
/// `{"kind": "citizen", "id": "..."}` is accepted wherever an actor is expected.
#[pyclass(module = "sportello.practice", frozen)]
#[derive(Clone)]
pub struct Actor {
    inner: core::Actor,
}

#[pymethods]
impl Actor {
    #[new]
    #[pyo3(signature = (kind, id=None))]
    fn new(kind: &str, id: Option<String>) -> PyResult<Self> {
        let kind: core::ActorKind = serde_json::from_value(serde_json::Value::String(kind.to_owned())).map_err(|_| invalid(format!("unknown actor kind {kind:?}")))?;
        Ok(Actor { inner: core::Actor { kind, id } })
    }
    #[staticmethod]
    fn citizen(id: String) -> Self {
        Actor { inner: core::Actor::citizen(id) }
    }
    #[staticmethod]
    fn operator(id: String) -> Self {
        Actor { inner: core::Actor::operator(id) }
    }
    #[staticmethod]
    fn system() -> Self {
        Actor { inner: core::Actor::system() }
    }
    #[staticmethod]
    fn gateway() -> Self {
        Actor { inner: core::Actor::gateway() }
    }
    #[staticmethod]
    fn protocol() -> Self {
        Actor { inner: core::Actor::protocol() }
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.name()
    }
    #[getter]
    fn id(&self) -> Option<String> {
        self.inner.id.clone()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Actor>().is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.hash(&mut h);
        h.finish()
    }
    fn __repr__(&self) -> String {
        match &self.inner.id {
            Some(id) => format!("Actor({:?}, {id:?})", self.inner.kind.name()),
            None => format!("Actor({:?})", self.inner.kind.name()),
        }
    }
}

fn actor_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::Actor> {
    if let Ok(a) = obj.cast::<Actor>() {
        return Ok(a.get().inner.clone());
    }
    from_py(obj)
}

fn event_arg(obj: &Bound<'_, PyAny>, protocol_number: Option<String>, operator: Option<String>, name: Option<String>) -> PyResult<core::Event> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        let kind = core::EventKind::from_name(&s).ok_or_else(|| invalid(format!("unknown event {s:?}")))?;
        return core::Event::with_data(kind, protocol_number, operator, name).ok_or_else(|| invalid("`create` is not an event to apply"));
    }
    from_py(obj)
}

fn event_kind_arg(name: &str) -> PyResult<core::EventKind> {
    core::EventKind::from_name(name).ok_or_else(|| invalid(format!("unknown event {name:?}")))
}

// ---------------------------------------------------------------- ServiceConfig

/// The configuration of a service that shapes its practices' graph. Keyword arguments in
/// snake_case (defaults as in the core); `ServiceConfig.from_json` / `from_dict` take the camelCase
/// JSON shape. A dict or JSON string is accepted wherever a configuration is expected.
#[pyclass(module = "sportello.practice", frozen)]
#[derive(Clone)]
pub struct ServiceConfig {
    inner: core::ServiceConfig,
}

#[pymethods]
impl ServiceConfig {
    #[new]
    #[pyo3(signature = (*, payment=None, payment_amount=None, stamps_on_request=None, stamps_on_release=None,
        protocol_required=None, workflow=None, allow_withdrawal=None, allow_integration_requests=None,
        allow_reopening=None, record_payment_steps=None, resume_after_integration=None, response_days=None,
        integration_clock=None, max_suspended_days=None, roll_to_working_day=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        payment: Option<String>,
        payment_amount: Option<&Bound<'_, PyAny>>,
        stamps_on_request: Option<bool>,
        stamps_on_release: Option<bool>,
        protocol_required: Option<bool>,
        workflow: Option<String>,
        allow_withdrawal: Option<bool>,
        allow_integration_requests: Option<bool>,
        allow_reopening: Option<bool>,
        record_payment_steps: Option<bool>,
        resume_after_integration: Option<String>,
        response_days: Option<u32>,
        integration_clock: Option<String>,
        max_suspended_days: Option<u32>,
        roll_to_working_day: Option<bool>,
    ) -> PyResult<Self> {
        use serde_json::Value;
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.to_owned(), v);
            }
        };
        put("payment", payment.map(Value::from));
        put("paymentAmount", payment_amount.map(py_to_json).transpose()?);
        put("stampsOnRequest", stamps_on_request.map(Value::from));
        put("stampsOnRelease", stamps_on_release.map(Value::from));
        put("protocolRequired", protocol_required.map(Value::from));
        put("workflow", workflow.map(Value::from));
        put("allowWithdrawal", allow_withdrawal.map(Value::from));
        put("allowIntegrationRequests", allow_integration_requests.map(Value::from));
        put("allowReopening", allow_reopening.map(Value::from));
        put("recordPaymentSteps", record_payment_steps.map(Value::from));
        put("resumeAfterIntegration", resume_after_integration.map(Value::from));
        put("responseDays", response_days.map(Value::from));
        put("integrationClock", integration_clock.map(Value::from));
        put("maxSuspendedDays", max_suspended_days.map(Value::from));
        put("rollToWorkingDay", roll_to_working_day.map(Value::from));
        let inner = serde_json::from_value(Value::Object(m)).map_err(|e| err(sportello::Error::from(e)))?;
        Ok(ServiceConfig { inner })
    }
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(ServiceConfig { inner: from_json(s)? })
    }
    #[staticmethod]
    fn from_dict(d: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(ServiceConfig { inner: from_py(d)? })
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    #[getter]
    fn payment(&self) -> String {
        name_of(&self.inner.payment)
    }
    #[getter]
    fn payment_amount(&self) -> rust_decimal::Decimal {
        self.inner.payment_amount
    }
    #[getter]
    fn stamps_on_request(&self) -> bool {
        self.inner.stamps_on_request
    }
    #[getter]
    fn stamps_on_release(&self) -> bool {
        self.inner.stamps_on_release
    }
    #[getter]
    fn protocol_required(&self) -> bool {
        self.inner.protocol_required
    }
    #[getter]
    fn workflow(&self) -> String {
        name_of(&self.inner.workflow)
    }
    #[getter]
    fn allow_withdrawal(&self) -> bool {
        self.inner.allow_withdrawal
    }
    #[getter]
    fn allow_integration_requests(&self) -> bool {
        self.inner.allow_integration_requests
    }
    #[getter]
    fn allow_reopening(&self) -> bool {
        self.inner.allow_reopening
    }
    #[getter]
    fn record_payment_steps(&self) -> bool {
        self.inner.record_payment_steps
    }
    #[getter]
    fn resume_after_integration(&self) -> String {
        name_of(&self.inner.resume_after_integration)
    }
    #[getter]
    fn response_days(&self) -> Option<u32> {
        self.inner.response_days
    }
    #[getter]
    fn integration_clock(&self) -> String {
        name_of(&self.inner.integration_clock)
    }
    #[getter]
    fn max_suspended_days(&self) -> Option<u32> {
        self.inner.max_suspended_days
    }
    #[getter]
    fn roll_to_working_day(&self) -> bool {
        self.inner.roll_to_working_day
    }
    /// The reachable graph of this configuration (`{"states": [...], "edges": [...]}`).
    fn graph<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &core::ServiceGraph::new(&self.inner))
    }
    /// The reachable statuses of this configuration.
    fn statuses(&self) -> Vec<Status> {
        core::ServiceGraph::new(&self.inner).statuses().into_iter().map(Status::from).collect()
    }
    /// A Mermaid `stateDiagram-v2` of this configuration's graph.
    fn mermaid(&self) -> String {
        core::ServiceGraph::new(&self.inner).to_mermaid()
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<ServiceConfig>().is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self) -> String {
        format!("ServiceConfig({})", to_json(&self.inner))
    }
}

fn config_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::ServiceConfig> {
    if let Ok(c) = obj.cast::<ServiceConfig>() {
        return Ok(c.get().inner.clone());
    }
    from_py(obj)
}

// ---------------------------------------------------------------- Practice

/// One status change of the timeline ("Iter della pratica").
#[pyclass(module = "sportello.practice", frozen, get_all)]
#[derive(Clone)]
pub struct TimelineEntry {
    seq: u32,
    at: DateTime<FixedOffset>,
    /// The status left (`None` for the creation).
    from_status: Option<Status>,
    status: Status,
    event: &'static str,
    actor: Actor,
    message: Option<String>,
}

#[pymethods]
impl TimelineEntry {
    fn __repr__(&self) -> String {
        format!("TimelineEntry({}, {}, {}, {})", self.seq, self.at.to_rfc3339(), self.status.inner, self.event)
    }
}

impl From<&core::TimelineEntry> for TimelineEntry {
    fn from(e: &core::TimelineEntry) -> Self {
        TimelineEntry {
            seq: e.seq,
            at: e.at,
            from_status: e.from.map(Status::from),
            status: e.status.into(),
            event: e.event.name(),
            actor: Actor { inner: e.actor.clone() },
            message: e.message.clone(),
        }
    }
}

/// The response deadline as of a date.
#[pyclass(module = "sportello.practice", frozen, get_all)]
pub struct Deadline {
    submitted_on: NaiveDate,
    due_date: Option<NaiveDate>,
    suspended_days: u32,
    suspended: bool,
    closed: bool,
    on: NaiveDate,
    remaining_days: Option<i64>,
}

#[pymethods]
impl Deadline {
    fn __repr__(&self) -> String {
        format!("Deadline(due_date={:?}, remaining_days={:?})", self.due_date.map(|d| d.to_string()), self.remaining_days)
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

/// A practice (pratica): an event log whose replay gives its status and timeline.
#[pyclass(module = "sportello.practice")]
pub struct Practice {
    inner: core::Practice,
}

#[pymethods]
impl Practice {
    /// A new activation draft created at `at` by `created_by` (default: the applicant).
    #[new]
    #[pyo3(signature = (id, applicant, config, at, created_by=None))]
    fn new(id: String, applicant: String, config: &Bound<'_, PyAny>, at: &Bound<'_, PyAny>, created_by: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let at = instant_arg(at)?;
        let config = config_arg(config)?;
        let inner = match created_by {
            Some(by) if !by.is_none() => core::Practice::new_by(id, applicant, config, actor_arg(by)?, at),
            _ => core::Practice::new(id, applicant, config, at),
        };
        Ok(Practice { inner })
    }
    /// A new practice of `kind` ("renewal", "modification", "transfer", ...) linked to `original`.
    #[staticmethod]
    fn linked(original: PyRef<'_, Practice>, kind: &str, id: String, created_by: &Bound<'_, PyAny>, at: &Bound<'_, PyAny>) -> PyResult<Self> {
        let at = instant_arg(at)?;
        let kind: core::RequestKind = serde_json::from_value(serde_json::Value::String(kind.to_owned())).map_err(|_| invalid(format!("unknown request kind {kind:?}")))?;
        Ok(Practice { inner: core::Practice::linked(&original.inner, kind, id, actor_arg(created_by)?, at).map_err(err)? })
    }
    /// A modification of `original`: a new draft linked to it.
    #[staticmethod]
    fn modification_of(original: PyRef<'_, Practice>, id: String, created_by: &Bound<'_, PyAny>, at: &Bound<'_, PyAny>) -> PyResult<Self> {
        let at = instant_arg(at)?;
        Ok(Practice { inner: core::Practice::modification_of(&original.inner, id, actor_arg(created_by)?, at).map_err(err)? })
    }
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Practice { inner: core::Practice::from_json(s).map_err(err)? })
    }
    #[staticmethod]
    fn from_dict(d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let record: core::PracticeRecord = from_py(d)?;
        Ok(Practice { inner: core::Practice::from_record(record).map_err(err)? })
    }
    fn to_json(&self) -> String {
        self.inner.to_json()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.to_record())
    }
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind().name()
    }
    #[getter]
    fn linked_to(&self) -> Option<&str> {
        self.inner.linked_to()
    }
    #[getter]
    fn applicant(&self) -> &str {
        self.inner.applicant()
    }
    #[getter]
    fn status(&self, py: Python<'_>) -> PyResult<Py<Status>> {
        status_obj(py, self.inner.status())
    }
    #[getter]
    fn outcome(&self) -> Option<String> {
        self.inner.outcome().map(|o| name_of(&o))
    }
    #[getter]
    fn assigned_operator(&self) -> Option<&str> {
        self.inner.assigned_operator()
    }
    #[getter]
    fn protocol_number(&self) -> Option<&str> {
        self.inner.protocol_number()
    }
    #[getter]
    fn payment_created(&self) -> bool {
        self.inner.payment_created()
    }
    #[getter]
    fn config(&self) -> ServiceConfig {
        ServiceConfig { inner: self.inner.config().clone() }
    }
    #[getter]
    fn created_at(&self) -> DateTime<FixedOffset> {
        self.inner.created_at()
    }
    #[getter]
    fn submitted_at(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.submitted_at()
    }

    /// Applies `event` (a name such as "submit", or a dict `{"type": ..., ...}`) fired by `actor`
    /// at `at`, with an optional message (the reason, where required). Returns the new status.
    #[pyo3(signature = (event, actor, at, message=None, *, protocol_number=None, operator=None, name=None))]
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        message: Option<String>,
        protocol_number: Option<String>,
        operator: Option<String>,
        name: Option<String>,
    ) -> PyResult<Py<Status>> {
        let at = instant_arg(at)?;
        let event = event_arg(event, protocol_number, operator, name)?;
        let actor = actor_arg(actor)?;
        let status = self.inner.apply(event, actor, at, message).map_err(err)?;
        status_obj(py, status)
    }

    /// Raises the error `apply` would raise, without applying.
    #[pyo3(signature = (event, actor, message=None, *, protocol_number=None, operator=None, name=None))]
    fn check(
        &self,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        message: Option<&str>,
        protocol_number: Option<String>,
        operator: Option<String>,
        name: Option<String>,
    ) -> PyResult<()> {
        let event = event_arg(event, protocol_number, operator, name)?;
        self.inner.check(&event, &actor_arg(actor)?, message).map_err(err)
    }

    /// The events `actor` may fire now (names), from the same guards `apply` enforces.
    fn allowed_events(&self, actor: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
        Ok(self.inner.allowed_events(&actor_arg(actor)?).into_iter().map(|k| k.name()).collect())
    }

    /// `None` if `actor` may fire `event` now, else the `PracticeError` (not raised) naming every
    /// failed guard in `.details["failed"]`. Given as a bare name without message or data, the
    /// event's own data is not checked (as `allowed_events`); given as a dict, or with a message or
    /// data, it is checked exactly as `apply` would.
    #[pyo3(signature = (event, actor, message=None, *, protocol_number=None, operator=None, name=None))]
    #[allow(clippy::too_many_arguments)]
    fn why_not(
        &self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        message: Option<&str>,
        protocol_number: Option<String>,
        operator: Option<String>,
        name: Option<String>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let actor = actor_arg(actor)?;
        let bare = event.is_instance_of::<PyString>() && message.is_none() && protocol_number.is_none() && operator.is_none() && name.is_none();
        let error = if bare {
            let kind = event_kind_arg(&event.cast::<PyString>()?.to_cow()?)?;
            self.inner.why_not(kind, &actor)
        } else {
            let event = event_arg(event, protocol_number, operator, name)?;
            self.inner.check(&event, &actor, message).err()
        };
        Ok(error.map(|e| err(e).into_value(py).into_any()))
    }

    /// The timeline: every status change, the creation first.
    fn timeline(&self) -> Vec<TimelineEntry> {
        self.inner.timeline().iter().map(TimelineEntry::from).collect()
    }

    /// The event log as dicts in the JSON shape.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.events())
    }

    /// The response deadline as of `on` (default: the date of the last event); `calendar` is used
    /// when the service rolls deadlines to working days (default: Italian national holidays).
    #[pyo3(signature = (on=None, calendar=None))]
    fn deadline(&self, on: Option<NaiveDate>, calendar: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Deadline>> {
        let cal = calendar_arg(calendar)?;
        Ok(self.inner.deadline(on, cal.as_ref()).map_err(err)?.map(|d| Deadline {
            submitted_on: d.submitted_on,
            due_date: d.due_date,
            suspended_days: d.suspended_days,
            suspended: d.suspended,
            closed: d.closed,
            on: d.on,
            remaining_days: d.remaining_days,
        }))
    }

    /// The due date ("Riceverai risposta entro il").
    #[pyo3(signature = (on=None, calendar=None))]
    fn due_date(&self, on: Option<NaiveDate>, calendar: Option<&Bound<'_, PyAny>>) -> PyResult<Option<NaiveDate>> {
        let cal = calendar_arg(calendar)?;
        self.inner.due_date(on, cal.as_ref()).map_err(err)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Practice>().is_ok_and(|o| o.borrow().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Practice({:?}, {})", self.inner.id(), self.inner.status())
    }
}

// ---------------------------------------------------------------- Audit

/// The audit of one history: `ok`, `end` (last status code), `findings` (dicts).
#[pyclass(module = "sportello.practice", frozen)]
pub struct AuditReport {
    inner: core::AuditReport,
}

#[pymethods]
impl AuditReport {
    #[getter]
    fn ok(&self) -> bool {
        self.inner.ok
    }
    #[getter]
    fn end(&self) -> Option<u32> {
        self.inner.end
    }
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.findings)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __bool__(&self) -> bool {
        self.inner.ok
    }
    fn __repr__(&self) -> String {
        format!("AuditReport(ok={}, findings={})", if self.inner.ok { "True" } else { "False" }, self.inner.findings.len())
    }
}

/// The audit of a batch: `histories`, `clean`, `failing` (dicts `{index, end, findings}`).
#[pyclass(module = "sportello.practice", frozen)]
pub struct BatchAudit {
    inner: core::BatchAudit,
}

#[pymethods]
impl BatchAudit {
    #[getter]
    fn histories(&self) -> usize {
        self.inner.histories
    }
    #[getter]
    fn clean(&self) -> usize {
        self.inner.clean
    }
    #[getter]
    fn failing<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.failing)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("BatchAudit(histories={}, clean={}, failing={})", self.inner.histories, self.inner.clean, self.inner.failing.len())
    }
}

/// An ordering key for a recorded instant: (unix seconds, nanoseconds).
type Key = (i64, u32);

fn key_arg(at: &Bound<'_, PyAny>) -> PyResult<Key> {
    if at.is_instance_of::<PyInt>() {
        return Ok((at.extract::<i64>()?, 0));
    }
    let dt = instant_arg(at)?;
    Ok((dt.timestamp(), dt.timestamp_subsec_nanos()))
}

/// Reads one history (rows `(code, at)` with `at` unix seconds, aware datetime or RFC 3339, or
/// dicts `{"status", "at"}`) into `buf`.
fn history_arg(history: &Bound<'_, PyAny>, buf: &mut Vec<(u32, Key)>) -> PyResult<()> {
    buf.clear();
    for row in history.try_iter()? {
        let row = row?;
        if let Ok(t) = row.cast::<PyTuple>() {
            if t.len() == 2 {
                buf.push((t.get_borrowed_item(0)?.extract::<u32>()?, key_arg(&t.get_borrowed_item(1)?.to_owned())?));
                continue;
            }
        }
        if let Ok(l) = row.cast::<PyList>() {
            if l.len() == 2 {
                buf.push((l.get_item(0)?.extract::<u32>()?, key_arg(&l.get_item(1)?)?));
                continue;
            }
        }
        if let Ok(d) = row.cast::<PyDict>() {
            let status = d.get_item("status")?.ok_or_else(|| invalid("a row needs `status`"))?.extract::<u32>()?;
            let at = d.get_item("at")?.ok_or_else(|| invalid("a row needs `at`"))?;
            buf.push((status, key_arg(&at)?));
            continue;
        }
        return Err(invalid("a history row is (status code, at) or {\"status\": ..., \"at\": ...}"));
    }
    Ok(())
}

/// A configuration compiled for auditing: build once, audit many histories.
#[pyclass(module = "sportello.practice", frozen)]
pub struct Auditor {
    inner: core::Auditor,
}

impl Auditor {
    fn many(&self, histories: &Bound<'_, PyAny>) -> PyResult<core::BatchAudit> {
        let mut batch = core::BatchAudit::new();
        let mut buf = Vec::with_capacity(16);
        for h in histories.try_iter()? {
            history_arg(&h?, &mut buf)?;
            batch.push(self.inner.audit_iter(buf.iter().copied()));
        }
        Ok(batch)
    }
}

#[pymethods]
impl Auditor {
    #[new]
    fn new(config: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Auditor { inner: core::Auditor::new(&config_arg(config)?) })
    }
    fn audit(&self, history: &Bound<'_, PyAny>) -> PyResult<AuditReport> {
        let mut buf = Vec::with_capacity(16);
        history_arg(history, &mut buf)?;
        Ok(AuditReport { inner: self.inner.audit_iter(buf.iter().copied()) })
    }
    fn audit_many(&self, histories: &Bound<'_, PyAny>) -> PyResult<BatchAudit> {
        Ok(BatchAudit { inner: self.many(histories)? })
    }
    fn reachable_statuses(&self) -> Vec<Status> {
        self.inner.reachable_statuses().into_iter().map(Status::from).collect()
    }
}

/// Audits one recorded history against `config`.
#[pyfunction]
fn audit(config: &Bound<'_, PyAny>, history: &Bound<'_, PyAny>) -> PyResult<AuditReport> {
    Auditor::new(config)?.audit(history)
}

/// Audits many recorded histories against one `config`.
#[pyfunction]
fn audit_many(config: &Bound<'_, PyAny>, histories: &Bound<'_, PyAny>) -> PyResult<BatchAudit> {
    Ok(BatchAudit { inner: Auditor::new(config)?.many(histories)? })
}

/// The transition table (list of dicts `{event, from, to, actors, guards, automatic}`).
#[pyfunction]
fn transitions(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &core::transitions())
}

/// Every status, ordered by code.
#[pyfunction]
fn statuses() -> Vec<Status> {
    Status::all()
}

/// The request kinds: name -> Italian label.
#[pyfunction]
fn request_kinds(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    for k in core::RequestKind::ALL {
        d.set_item(k.name(), k.label())?;
    }
    Ok(d)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Status>()?;
    m.add_class::<Actor>()?;
    m.add_class::<ServiceConfig>()?;
    m.add_class::<Practice>()?;
    m.add_class::<TimelineEntry>()?;
    m.add_class::<Deadline>()?;
    m.add_class::<Auditor>()?;
    m.add_class::<AuditReport>()?;
    m.add_class::<BatchAudit>()?;
    m.add_function(wrap_pyfunction!(audit, m)?)?;
    m.add_function(wrap_pyfunction!(audit_many, m)?)?;
    m.add_function(wrap_pyfunction!(transitions, m)?)?;
    m.add_function(wrap_pyfunction!(statuses, m)?)?;
    m.add_function(wrap_pyfunction!(request_kinds, m)?)?;
    Ok(())
}
