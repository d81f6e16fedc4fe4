//! `sportello.slots`: appointment calendars, slots, bookings, iCalendar and CSV export.
//! Instants are aware `datetime.datetime`, dates `datetime.date`; configurations, requests and
//! records are dicts (or JSON strings) in the core's documented JSON shape.
use chrono::{DateTime, FixedOffset, NaiveDate};
use pyo3::prelude::*;
use pyo3::types::PyString;
use sportello::slots as core;

use crate::{err, from_name, from_py, name_of, to_json, to_py};

/// An appointment calendar (validated configuration).
#[pyclass(module = "sportello.slots", frozen)]
pub struct Calendar {
    inner: core::Calendar,
}

/// Bookings given as a list of `Booking` objects (the fastest) or dicts, or as a JSON array string.
fn bookings_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<core::Booking>> {
    if obj.is_instance_of::<PyString>() {
        return from_py(obj);
    }
    let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
    for item in obj.try_iter()? {
        let item = item?;
        match item.cast::<Booking>() {
            Ok(b) => out.push(b.get().inner.clone()),
            Err(_) => out.push(from_py(&item)?),
        }
    }
    Ok(out)
}

/// `"citizen"`, `"operator"` or `"system"`.
fn actor_arg(s: &str) -> PyResult<core::Actor> {
    from_name(s)
}

#[pymethods]
impl Calendar {
    /// Parses and validates the documented JSON (a string or a dict).
    #[staticmethod]
    fn from_json(s: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner: core::Calendar = from_py(s)?;
        inner.validate().map_err(err)?;
        Ok(Calendar { inner })
    }

    fn to_json(&self) -> String {
        to_json(&self.inner)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    #[getter]
    fn id(&self) -> String {
        self.inner.id.clone()
    }

    #[getter]
    fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// Every slot of the local dates `start ..= end`.
    fn slots(&self, py: Python<'_>, start: NaiveDate, end: NaiveDate, bookings: &Bound<'_, PyAny>, now: DateTime<FixedOffset>) -> PyResult<Vec<Slot>> {
        let bookings = bookings_arg(bookings)?;
        let slots = py.detach(|| self.inner.slots(start, end, &bookings, now)).map_err(err)?;
        Ok(slots.into_iter().map(|inner| Slot { inner }).collect())
    }

    /// A draft holding the requested slot (`request`: dict or JSON in the `BookingRequest` shape).
    fn book(&self, request: &Bound<'_, PyAny>, bookings: &Bound<'_, PyAny>, now: DateTime<FixedOffset>) -> PyResult<Booking> {
        let request: core::BookingRequest = from_py(request)?;
        let bookings = bookings_arg(bookings)?;
        Ok(Booking { inner: self.inner.book(&request, &bookings, now).map_err(err)? })
    }

    /// A copy without the opening hour; refused while future bookings use it.
    fn remove_opening_hour(&self, opening_hour: &str, bookings: &Bound<'_, PyAny>, now: DateTime<FixedOffset>) -> PyResult<Calendar> {
        let bookings = bookings_arg(bookings)?;
        Ok(Calendar { inner: self.inner.remove_opening_hour(opening_hour, &bookings, now).map_err(err)? })
    }

    fn __repr__(&self) -> String {
        format!("Calendar(id={:?}, opening_hours={})", self.inner.id, self.inner.opening_hours.len())
    }
}

/// One generated slot.
#[pyclass(module = "sportello.slots", frozen)]
pub struct Slot {
    inner: core::Slot,
}

#[pymethods]
impl Slot {
    #[getter]
    fn start(&self) -> DateTime<FixedOffset> {
        self.inner.start
    }
    #[getter]
    fn end(&self) -> DateTime<FixedOffset> {
        self.inner.end
    }
    #[getter]
    fn date(&self) -> NaiveDate {
        self.inner.date
    }
    #[getter]
    fn opening_hours(&self) -> Vec<String> {
        self.inner.opening_hours.clone()
    }
    #[getter]
    fn capacity(&self) -> u32 {
        self.inner.capacity
    }
    #[getter]
    fn booked(&self) -> u32 {
        self.inner.booked
    }
    #[getter]
    fn remaining(&self) -> u32 {
        self.inner.remaining
    }
    #[getter]
    fn available(&self) -> bool {
        self.inner.available
    }
    /// `None`, or `"holiday"`, `"closed"`, `"tooSoon"`, `"beyondWindow"`, `"full"`.
    #[getter]
    fn unavailable(&self) -> Option<String> {
        self.inner.unavailable.map(|u| name_of(&u))
    }
    #[getter]
    fn closed_by(&self) -> Option<String> {
        self.inner.closed_by.clone()
    }
    #[getter]
    fn moderated(&self) -> bool {
        self.inner.moderated
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Slot(start={}, end={}, remaining={}, available={})", self.inner.start, self.inner.end, self.inner.remaining, self.inner.available)
    }
}

/// A booking; every transition returns a new `Booking`.
#[pyclass(module = "sportello.slots", frozen)]
pub struct Booking {
    inner: core::Booking,
}

impl Booking {
    fn wrap(r: Result<core::Booking, core::SlotsError>) -> PyResult<Booking> {
        Ok(Booking { inner: r.map_err(err)? })
    }
}

#[pymethods]
impl Booking {
    /// From the documented JSON (a string or a dict).
    #[staticmethod]
    fn from_json(s: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Booking { inner: from_py(s)? })
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    #[getter]
    fn id(&self) -> String {
        self.inner.id.clone()
    }
    #[getter]
    fn calendar_id(&self) -> Option<String> {
        self.inner.calendar_id.clone()
    }
    #[getter]
    fn opening_hour(&self) -> String {
        self.inner.opening_hour.clone()
    }
    #[getter]
    fn start(&self) -> DateTime<FixedOffset> {
        self.inner.start
    }
    #[getter]
    fn end(&self) -> DateTime<FixedOffset> {
        self.inner.end
    }
    /// `"draft"`, `"pendingApproval"`, `"confirmed"`, `"refused"`, `"missed"`, `"done"`, `"cancelled"`.
    #[getter]
    fn status(&self) -> String {
        self.inner.status.to_string()
    }
    /// The reference platform's numeric code (0 pending ... 6 draft).
    #[getter]
    fn status_code(&self) -> u8 {
        self.inner.status.code()
    }
    /// The Italian label (`"Confermato"`, ...).
    #[getter]
    fn status_label(&self) -> &'static str {
        self.inner.status.label_it()
    }
    #[getter]
    fn user(&self) -> Option<String> {
        self.inner.user.clone()
    }
    #[getter]
    fn practice(&self) -> Option<String> {
        self.inner.practice.clone()
    }
    #[getter]
    fn name(&self) -> Option<String> {
        self.inner.name.clone()
    }
    #[getter]
    fn email(&self) -> Option<String> {
        self.inner.email.clone()
    }
    #[getter]
    fn phone(&self) -> Option<String> {
        self.inner.phone.clone()
    }
    #[getter]
    fn message(&self) -> Option<String> {
        self.inner.message.clone()
    }
    #[getter]
    fn outcome(&self) -> Option<String> {
        self.inner.outcome.clone()
    }
    #[getter]
    fn created_at(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.created_at
    }
    #[getter]
    fn expires_at(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.expires_at
    }
    /// The history entries as dicts (`at`, `action`, `actor`, `status`, `start`, `end`).
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.history)
    }
    fn holds_place(&self, now: DateTime<FixedOffset>) -> bool {
        self.inner.holds_place(now)
    }
    fn is_expired(&self, now: DateTime<FixedOffset>) -> bool {
        self.inner.is_expired(now)
    }
    fn reschedule_count(&self) -> u32 {
        self.inner.reschedule_count()
    }
    fn cancel_deadline(&self, calendar: &Calendar) -> DateTime<FixedOffset> {
        self.inner.cancel_deadline(&calendar.inner)
    }
    fn submit(&self, calendar: &Calendar, bookings: &Bound<'_, PyAny>, now: DateTime<FixedOffset>) -> PyResult<Booking> {
        Self::wrap(self.inner.submit(&calendar.inner, &bookings_arg(bookings)?, now))
    }
    fn approve(&self, now: DateTime<FixedOffset>) -> PyResult<Booking> {
        Self::wrap(self.inner.approve(now))
    }
    #[pyo3(signature = (now, outcome=None))]
    fn refuse(&self, now: DateTime<FixedOffset>, outcome: Option<&str>) -> PyResult<Booking> {
        Self::wrap(self.inner.refuse(now, outcome))
    }
    /// `actor`: `"citizen"`, `"operator"` or `"system"`.
    fn cancel(&self, calendar: &Calendar, actor: &str, now: DateTime<FixedOffset>) -> PyResult<Booking> {
        Self::wrap(self.inner.cancel(&calendar.inner, actor_arg(actor)?, now))
    }
    fn mark_done(&self, now: DateTime<FixedOffset>) -> PyResult<Booking> {
        Self::wrap(self.inner.mark_done(now))
    }
    fn mark_missed(&self, now: DateTime<FixedOffset>) -> PyResult<Booking> {
        Self::wrap(self.inner.mark_missed(now))
    }
    fn await_payment(&self, calendar: &Calendar, now: DateTime<FixedOffset>) -> PyResult<Booking> {
        Self::wrap(self.inner.await_payment(&calendar.inner, now))
    }
    #[pyo3(signature = (calendar, start, end, bookings, now, actor="operator", opening_hour=None))]
    #[allow(clippy::too_many_arguments)]
    fn reschedule(
        &self,
        calendar: &Calendar,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
        bookings: &Bound<'_, PyAny>,
        now: DateTime<FixedOffset>,
        actor: &str,
        opening_hour: Option<&str>,
    ) -> PyResult<Booking> {
        let bookings = bookings_arg(bookings)?;
        Self::wrap(self.inner.reschedule(&calendar.inner, start, end, opening_hour, actor_arg(actor)?, &bookings, now))
    }
    fn __repr__(&self) -> String {
        format!("Booking(id={:?}, status={}, start={})", self.inner.id, self.inner.status, self.inner.start)
    }
}

/// iCalendar (RFC 5545) of the calendar's bookings and of the available `slots`.
#[pyfunction]
#[pyo3(signature = (calendar, bookings, slots, dtstamp, personal_data=false))]
fn to_ics(calendar: &Calendar, bookings: &Bound<'_, PyAny>, slots: Vec<PyRef<'_, Slot>>, dtstamp: DateTime<FixedOffset>, personal_data: bool) -> PyResult<String> {
    let bookings = bookings_arg(bookings)?;
    let slots: Vec<core::Slot> = slots.iter().map(|s| s.inner.clone()).collect();
    Ok(core::to_ics(&calendar.inner, &bookings, &slots, &core::IcsOptions { dtstamp, personal_data }))
}

/// CSV of the calendar's bookings, like the back office's export.
#[pyfunction]
fn to_csv(calendar: &Calendar, bookings: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(core::to_csv(&calendar.inner, &bookings_arg(bookings)?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Calendar>()?;
    m.add_class::<Slot>()?;
    m.add_class::<Booking>()?;
    m.add_function(wrap_pyfunction!(to_ics, m)?)?;
    m.add_function(wrap_pyfunction!(to_csv, m)?)?;
    Ok(())
}
