//! `slots` namespace and the `Calendar` and `Booking` classes: appointment calendars, slot
//! generation, bookings, iCalendar and CSV export. Dates are `YYYY-MM-DD`, instants RFC 3339 strings
//! with offset; bookings passed in arrays and slots are plain objects in the core's JSON shape.
use napi_derive::napi;
use sportello::slots as core;

use crate::{arg_err, date, err, from_js, from_json, from_name, instant, to_js, Result};

/// Bookings in their JSON shape (plain objects; `booking.toObject()` gives one).
fn bookings_arg(v: serde_json::Value) -> Result<Vec<core::Booking>> {
    from_js(v)
}

/// `"citizen"`, `"operator"` or `"system"`.
fn actor_arg(s: Option<String>) -> Result<core::Actor> {
    match s {
        None => Ok(core::Actor::Operator),
        Some(s) => from_name(&s).map_err(|_| arg_err(format!("expected an actor (citizen, operator, system), got {s:?}"))),
    }
}

fn opt_instant(t: Option<chrono::DateTime<chrono::FixedOffset>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

/// An appointment calendar (validated configuration, see docs/slots.md).
#[napi]
pub struct Calendar {
    inner: core::Calendar,
}

#[napi]
impl Calendar {
    /// Parses and validates the documented JSON.
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Calendar { inner: core::Calendar::from_json(&json).map_err(err)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    #[napi(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// Every slot of the local dates `from ..= to`, sorted by start.
    #[napi(
        ts_args_type = "from: string, to: string, bookings: Array<import('./types/index').Booking>, now: string",
        ts_return_type = "Slot[]"
    )]
    pub fn slots(&self, from: String, to: String, bookings: serde_json::Value, now: String) -> Result<crate::Json> {
        to_js(&self.inner.slots(date(&from)?, date(&to)?, &bookings_arg(bookings)?, instant(&now)?).map_err(err)?)
    }

    /// A draft holding the requested slot.
    #[napi(ts_args_type = "request: BookingRequest, bookings: Array<import('./types/index').Booking>, now: string")]
    pub fn book(&self, request: serde_json::Value, bookings: serde_json::Value, now: String) -> Result<Booking> {
        let request: core::BookingRequest = from_js(request)?;
        Ok(Booking { inner: self.inner.book(&request, &bookings_arg(bookings)?, instant(&now)?).map_err(err)? })
    }

    /// A copy without the opening hour; refused while future bookings use it.
    #[napi(ts_args_type = "openingHour: string, bookings: Array<import('./types/index').Booking>, now: string")]
    pub fn remove_opening_hour(&self, opening_hour: String, bookings: serde_json::Value, now: String) -> Result<Calendar> {
        Ok(Calendar { inner: self.inner.remove_opening_hour(&opening_hour, &bookings_arg(bookings)?, instant(&now)?).map_err(err)? })
    }
}

/// A booking; every transition returns a new `Booking`.
#[napi]
pub struct Booking {
    inner: core::Booking,
}

fn wrap(r: std::result::Result<core::Booking, core::SlotsError>) -> Result<Booking> {
    Ok(Booking { inner: r.map_err(err)? })
}

#[napi]
impl Booking {
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Booking { inner: from_json(&json)? })
    }

    /// From the plain JSON-shaped object.
    #[napi(factory, ts_args_type = "booking: import('./types/index').Booking")]
    pub fn from_object(booking: serde_json::Value) -> Result<Self> {
        Ok(Booking { inner: from_js(booking)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The plain JSON-shaped object (what the `bookings` arrays take).
    #[napi(ts_return_type = "import('./types/index').Booking")]
    pub fn to_object(&self) -> Result<crate::Json> {
        to_js(&self.inner)
    }

    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }
    #[napi(getter)]
    pub fn calendar_id(&self) -> Option<String> {
        self.inner.calendar_id.clone()
    }
    #[napi(getter)]
    pub fn opening_hour(&self) -> String {
        self.inner.opening_hour.clone()
    }
    #[napi(getter)]
    pub fn start(&self) -> String {
        self.inner.start.to_rfc3339()
    }
    #[napi(getter)]
    pub fn end(&self) -> String {
        self.inner.end.to_rfc3339()
    }
    #[napi(getter, ts_return_type = "BookingStatus")]
    pub fn status(&self) -> String {
        self.inner.status.to_string()
    }
    /// The reference platform's numeric code (0 pending ... 6 draft).
    #[napi(getter)]
    pub fn status_code(&self) -> u8 {
        self.inner.status.code()
    }
    /// The Italian label (`"Confermato"`, ...).
    #[napi(getter)]
    pub fn status_label(&self) -> String {
        self.inner.status.label_it().to_owned()
    }
    #[napi(getter)]
    pub fn user(&self) -> Option<String> {
        self.inner.user.clone()
    }
    #[napi(getter)]
    pub fn practice(&self) -> Option<String> {
        self.inner.practice.clone()
    }
    #[napi(getter)]
    pub fn name(&self) -> Option<String> {
        self.inner.name.clone()
    }
    #[napi(getter)]
    pub fn email(&self) -> Option<String> {
        self.inner.email.clone()
    }
    #[napi(getter)]
    pub fn phone(&self) -> Option<String> {
        self.inner.phone.clone()
    }
    #[napi(getter)]
    pub fn message(&self) -> Option<String> {
        self.inner.message.clone()
    }
    #[napi(getter)]
    pub fn outcome(&self) -> Option<String> {
        self.inner.outcome.clone()
    }
    #[napi(getter)]
    pub fn created_at(&self) -> Option<String> {
        opt_instant(self.inner.created_at)
    }
    #[napi(getter)]
    pub fn expires_at(&self) -> Option<String> {
        opt_instant(self.inner.expires_at)
    }
    #[napi(getter, ts_return_type = "HistoryEntry[]")]
    pub fn history(&self) -> Result<crate::Json> {
        to_js(&self.inner.history)
    }
    #[napi]
    pub fn holds_place(&self, now: String) -> Result<bool> {
        Ok(self.inner.holds_place(instant(&now)?))
    }
    #[napi]
    pub fn is_expired(&self, now: String) -> Result<bool> {
        Ok(self.inner.is_expired(instant(&now)?))
    }
    #[napi]
    pub fn reschedule_count(&self) -> u32 {
        self.inner.reschedule_count()
    }
    #[napi]
    pub fn cancel_deadline(&self, calendar: &Calendar) -> String {
        self.inner.cancel_deadline(&calendar.inner).to_rfc3339()
    }
    /// Draft -> pendingApproval (moderated) or confirmed.
    #[napi(ts_args_type = "calendar: Calendar, bookings: Array<import('./types/index').Booking>, now: string")]
    pub fn submit(&self, calendar: &Calendar, bookings: serde_json::Value, now: String) -> Result<Booking> {
        wrap(self.inner.submit(&calendar.inner, &bookings_arg(bookings)?, instant(&now)?))
    }
    #[napi]
    pub fn approve(&self, now: String) -> Result<Booking> {
        wrap(self.inner.approve(instant(&now)?))
    }
    #[napi]
    pub fn refuse(&self, now: String, outcome: Option<String>) -> Result<Booking> {
        wrap(self.inner.refuse(instant(&now)?, outcome.as_deref()))
    }
    /// A citizen may cancel until `cancelDeadline`; an operator at any time.
    #[napi(ts_args_type = "calendar: Calendar, actor: Actor, now: string")]
    pub fn cancel(&self, calendar: &Calendar, actor: String, now: String) -> Result<Booking> {
        wrap(self.inner.cancel(&calendar.inner, actor_arg(Some(actor))?, instant(&now)?))
    }
    #[napi]
    pub fn mark_done(&self, now: String) -> Result<Booking> {
        wrap(self.inner.mark_done(instant(&now)?))
    }
    #[napi]
    pub fn mark_missed(&self, now: String) -> Result<Booking> {
        wrap(self.inner.mark_missed(instant(&now)?))
    }
    /// Holds a draft longer while its practice awaits a payment (capped).
    #[napi]
    pub fn await_payment(&self, calendar: &Calendar, now: String) -> Result<Booking> {
        wrap(self.inner.await_payment(&calendar.inner, instant(&now)?))
    }
    /// Moves the booking to another slot (`actor` defaults to `"operator"`).
    #[napi(
        ts_args_type = "calendar: Calendar, start: string, end: string, bookings: Array<import('./types/index').Booking>, now: string, actor?: Actor, openingHour?: string"
    )]
    #[allow(clippy::too_many_arguments)]
    pub fn reschedule(
        &self,
        calendar: &Calendar,
        start: String,
        end: String,
        bookings: serde_json::Value,
        now: String,
        actor: Option<String>,
        opening_hour: Option<String>,
    ) -> Result<Booking> {
        let bookings = bookings_arg(bookings)?;
        wrap(self.inner.reschedule(&calendar.inner, instant(&start)?, instant(&end)?, opening_hour.as_deref(), actor_arg(actor)?, &bookings, instant(&now)?))
    }
}

/// iCalendar (RFC 5545) of the calendar's bookings and of the available `slots`.
#[napi(
    namespace = "slots",
    ts_args_type = "calendar: Calendar, bookings: Array<import('./types/index').Booking>, slots: Slot[], options: IcsOptions"
)]
pub fn to_ics(calendar: &Calendar, bookings: serde_json::Value, slots: serde_json::Value, options: serde_json::Value) -> Result<String> {
    let slots: Vec<core::Slot> = from_js(slots)?;
    let options: core::IcsOptions = from_js(options)?;
    Ok(core::to_ics(&calendar.inner, &bookings_arg(bookings)?, &slots, &options))
}

/// CSV of the calendar's bookings, like the back office's export.
#[napi(namespace = "slots", ts_args_type = "calendar: Calendar, bookings: Array<import('./types/index').Booking>")]
pub fn to_csv(calendar: &Calendar, bookings: serde_json::Value) -> Result<String> {
    Ok(core::to_csv(&calendar.inner, &bookings_arg(bookings)?))
}
