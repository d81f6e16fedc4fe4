//! `sportello.slots`: appointment calendars, slots, bookings, iCalendar and CSV export.
//! Instants are aware `datetime.datetime`, dates `datetime.date`; configurations, requests and
//! records are dicts (or JSON strings) in the core's documented JSON shape.
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use sportello::slots as core;

use crate::{arg, err, from_name, from_py, iter_arg, name_of, to_py, Arg, Date, Instant, Str};

/// Bookings given as a list of `Booking` objects (the fastest) or dicts, or as a JSON array string.
pub(crate) fn bookings_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<core::Booking>> {
    if obj.is_instance_of::<PyString>() {
        return from_py(obj);
    }
    let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
    for item in iter_arg(obj, "bookings")? {
        let item = item?;
        match item.cast::<Booking>() {
            Ok(b) => out.push(b.get().inner.clone()),
            Err(_) => out.push(from_py(&item)?),
        }
    }
    Ok(out)
}

type CalendarRef<'py> = Arg<PyRef<'py, Calendar>>;

/// The ente's closures (a dict or JSON text in the `EnteClosures` shape), if given.
fn ente_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<core::EnteClosures>> {
    obj.filter(|o| !o.is_none()).map(from_py).transpose()
}

/// A calendar from its JSON text (the core's `from_json`) or a dict (the shape, then the core's
/// `validate`).
pub(crate) fn load_calendar(obj: &Bound<'_, PyAny>) -> PyResult<core::Calendar> {
    if let Ok(s) = obj.cast::<PyString>() {
        return core::Calendar::from_json(&crate::text(s)?).map_err(err);
    }
    let calendar: core::Calendar = from_py(obj)?;
    calendar.validate().map_err(err)?;
    Ok(calendar)
}

crate::record! {
    /// An appointment calendar (validated configuration).
    Calendar(core::Calendar) in "sportello.slots", frozen; load = load_calendar;
    |v, py| {
        id: &str = &v.id,
        title: &str = &v.title,
        owner: Option<&str> = v.owner.as_deref(),
        contact_email: Option<&str> = v.contact_email.as_deref(),
        email_language: String = name_of(&v.email_language()),
    }
    /// The title in `lang` (`"it"`, `"en"`, `"de"`): its entry in `titles`, else `title`.
    fn title_in(&self, lang: Str) -> PyResult<String> { Ok(self.inner.title_in(from_name(&lang)?).to_owned()) }
    /// Validates the calendar and that no opening hour ends after the year of `today`.
    fn validate_at(&self, today: Date) -> PyResult<()> { self.inner.validate_at(today.0).map_err(err) }
    /// Every slot of the local dates `first ..= last` (both included); `ente`: the closures of the
    /// whole ente (an `EnteClosures` dict), added to the calendar's.
    #[pyo3(signature = (first, last, bookings, now, ente = None))]
    fn slots(
        &self,
        py: Python<'_>,
        first: Date,
        last: Date,
        bookings: &Bound<'_, PyAny>,
        now: Instant,
        ente: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Slot>> {
        let bookings = bookings_arg(bookings)?;
        let ente = ente_arg(ente)?;
        let slots = py.detach(|| self.inner.for_ente(ente.as_ref())?.slots(first.0, last.0, &bookings, now.0)).map_err(err)?;
        Ok(slots.into_iter().map(|inner| Slot { inner }).collect())
    }
    /// The first available slot on or after the local date `first`, within the booking window; `None` when none.
    #[pyo3(signature = (first, bookings, now, ente = None))]
    fn first_available(
        &self,
        py: Python<'_>,
        first: Date,
        bookings: &Bound<'_, PyAny>,
        now: Instant,
        ente: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<Slot>> {
        let bookings = bookings_arg(bookings)?;
        let ente = ente_arg(ente)?;
        let slot = py.detach(|| self.inner.for_ente(ente.as_ref())?.first_available(first.0, &bookings, now.0)).map_err(err)?;
        Ok(slot.map(|inner| Slot { inner }))
    }
    /// A draft holding the requested slot (`request`: dict or JSON in the `BookingRequest` shape).
    #[pyo3(signature = (request, bookings, now, ente = None))]
    fn book(&self, request: &Bound<'_, PyAny>, bookings: &Bound<'_, PyAny>, now: Instant, ente: Option<&Bound<'_, PyAny>>) -> PyResult<Booking> {
        let request: core::BookingRequest = from_py(request)?;
        let ente = ente_arg(ente)?;
        let cal = self.inner.for_ente(ente.as_ref()).map_err(err)?;
        Ok(Booking { inner: cal.book(&request, &bookings_arg(bookings)?, now.0).map_err(err)? })
    }
    /// A copy without the opening hour; refused while future bookings use it.
    fn remove_opening_hour(&self, opening_hour: Str, bookings: &Bound<'_, PyAny>, now: Instant) -> PyResult<Calendar> {
        Ok(Calendar { inner: self.inner.remove_opening_hour(&opening_hour, &bookings_arg(bookings)?, now.0).map_err(err)? })
    }
}

crate::record! {
    /// One generated slot.
    Slot(core::Slot) in "sportello.slots", frozen;
    |v, py| {
        start: Instant = Instant(v.start),
        end: Instant = Instant(v.end),
        date: Date = Date(v.date),
        opening_hours: Vec<String> = v.opening_hours.clone(),
        capacity: u32 = v.capacity,
        booked: u32 = v.booked,
        remaining: u32 = v.remaining,
        available: bool = v.available,
        unavailable: Option<String> = v.unavailable.map(|u| name_of(&u)),
        closed_by: Option<&str> = v.closed_by.as_deref(),
        moderated: bool = v.moderated,
    }
}

crate::record! {
    /// A booking; every transition returns a new `Booking`.
    Booking(core::Booking) in "sportello.slots", frozen;
    |v, py| {
        id: &str = &v.id,
        calendar_id: Option<&str> = v.calendar_id.as_deref(),
        opening_hour: &str = &v.opening_hour,
        start: Instant = Instant(v.start),
        end: Instant = Instant(v.end),
        status: String = v.status.to_string(),
        status_code: u8 = v.status.code(),
        status_label: &str = v.status.label_it(),
        user: Option<&str> = v.user.as_deref(),
        practice: Option<&str> = v.practice.as_deref(),
        name: Option<&str> = v.name.as_deref(),
        surname: Option<&str> = v.surname.as_deref(),
        email: Option<&str> = v.email.as_deref(),
        phone: Option<&str> = v.phone.as_deref(),
        reason: Option<&str> = v.reason.as_deref(),
        message: Option<&str> = v.message.as_deref(),
        outcome: Option<&str> = v.outcome.as_deref(),
        created_at: Option<Instant> = v.created_at.map(Instant),
        expires_at: Option<Instant> = v.expires_at.map(Instant),
        history: PyResult<Bound<'py, PyAny>> = to_py(py, &v.history),
    }
    fn holds_place(&self, now: Instant) -> bool { self.inner.holds_place(now.0) }
    fn is_expired(&self, now: Instant) -> bool { self.inner.is_expired(now.0) }
    fn reschedule_count(&self) -> u32 { self.inner.reschedule_count() }
    fn cancel_deadline(&self, calendar: CalendarRef<'_>) -> Instant { Instant(self.inner.cancel_deadline(&calendar.inner)) }
    #[pyo3(signature = (calendar, bookings, now, ente = None))]
    fn submit(&self, calendar: CalendarRef<'_>, bookings: &Bound<'_, PyAny>, now: Instant, ente: Option<&Bound<'_, PyAny>>) -> PyResult<Booking> {
        let ente = ente_arg(ente)?;
        let cal = calendar.inner.for_ente(ente.as_ref()).map_err(err)?;
        Self::wrap(self.inner.submit(&cal, &bookings_arg(bookings)?, now.0))
    }
    /// When the reminder e-mail goes (the calendar's `reminder`), or `None`.
    fn reminder_at(&self, calendar: CalendarRef<'_>) -> Option<Instant> { self.inner.reminder_at(&calendar.inner).map(Instant) }
    fn approve(&self, now: Instant) -> PyResult<Booking> { Self::wrap(self.inner.approve(now.0)) }
    #[pyo3(signature = (now, outcome=None))]
    fn refuse(&self, now: Instant, outcome: Option<Str>) -> PyResult<Booking> { Self::wrap(self.inner.refuse(now.0, outcome.as_deref())) }
    /// `actor`: `"citizen"`, `"operator"` or `"system"`.
    fn cancel(&self, calendar: CalendarRef<'_>, actor: Str, now: Instant) -> PyResult<Booking> {
        Self::wrap(self.inner.cancel(&calendar.inner, from_name(&actor)?, now.0))
    }
    fn mark_done(&self, now: Instant) -> PyResult<Booking> { Self::wrap(self.inner.mark_done(now.0)) }
    fn mark_missed(&self, now: Instant) -> PyResult<Booking> { Self::wrap(self.inner.mark_missed(now.0)) }
    fn await_payment(&self, calendar: CalendarRef<'_>, now: Instant) -> PyResult<Booking> {
        Self::wrap(self.inner.await_payment(&calendar.inner, now.0))
    }
    /// Moves the booking to another slot (`actor` absent: the core's `RESCHEDULE_DEFAULT`, an operator).
    #[pyo3(signature = (calendar, start, end, bookings, now, actor = None, opening_hour = None, ente = None))]
    #[allow(clippy::too_many_arguments)]
    fn reschedule(
        &self,
        calendar: CalendarRef<'_>,
        start: Instant,
        end: Instant,
        bookings: &Bound<'_, PyAny>,
        now: Instant,
        actor: Option<Str>,
        opening_hour: Option<Str>,
        ente: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Booking> {
        let bookings = bookings_arg(bookings)?;
        let actor = actor.map(|a| from_name(&a)).transpose()?.unwrap_or(core::Actor::RESCHEDULE_DEFAULT);
        let ente = ente_arg(ente)?;
        let cal = calendar.inner.for_ente(ente.as_ref()).map_err(err)?;
        Self::wrap(self.inner.reschedule(&cal, start.0, end.0, opening_hour.as_deref(), actor, &bookings, now.0))
    }
}

impl Booking {
    fn wrap(r: Result<core::Booking, core::SlotsError>) -> PyResult<Booking> {
        Ok(Booking { inner: r.map_err(err)? })
    }
}

crate::functions! { register; classes: Calendar, Slot, Booking;
    /// iCalendar (RFC 5545) of the calendar's bookings and of the available `slots`. The keywords are
    /// the fields of the core's `IcsOptions` (`personal_data` absent: the core's default).
    #[pyo3(signature = (calendar, bookings, slots, **options), text_signature = "(calendar, bookings, slots, *, dtstamp, personal_data=None)")]
    fn to_ics(
        calendar: CalendarRef<'_>, bookings: &Bound<'_, PyAny>, slots: Arg<Vec<PyRef<'_, Slot>>>, options: Option<&Bound<PyDict>>,
    ) -> PyResult<String> {
        let slots: Vec<core::Slot> = slots.iter().map(|s| s.inner.clone()).collect();
        Ok(core::to_ics(&calendar.inner, &bookings_arg(bookings)?, &slots, &crate::keywords(options)?))
    }
    /// CSV of the calendar's bookings, like the back office's export.
    fn to_csv(calendar: CalendarRef<'_>, bookings: &Bound<'_, PyAny>) -> PyResult<String> {
        Ok(core::to_csv(&calendar.inner, &bookings_arg(bookings)?))
    }
    /// The bookings a practice's new status changes (see `sportello::slots::follow_practice`);
    /// `status` is a `practice.Status` or its code.
    #[pyo3(signature = (bookings, practice, status, now, reason=None))]
    fn follow_practice(
        bookings: &Bound<'_, PyAny>,
        practice: Str,
        status: &Bound<'_, PyAny>,
        now: Instant,
        reason: Option<Str>,
    ) -> PyResult<Vec<Booking>> {
        let code: u32 = match status.cast::<crate::practice::Status>() {
            Ok(s) => arg(&s.getattr("code")?)?,
            Err(_) => arg(status)?,
        };
        let status = sportello::practice::Status::from_code(code).map_err(err)?;
        let changed = core::follow_practice(&bookings_arg(bookings)?, &practice, status, now.0, reason.as_deref());
        Ok(changed.into_iter().map(|inner| Booking { inner }).collect())
    }
}
