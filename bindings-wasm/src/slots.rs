//! `slots` namespace and the `Calendar` and `Booking` classes: appointment calendars, slot
//! generation, bookings, iCalendar and CSV export. Dates are `YYYY-MM-DD`, instants RFC 3339 strings
//! with offset; bookings passed in arrays and slots are plain objects in the core's JSON shape.
use sportello::slots as core;
use wasm_bindgen::prelude::*;

use crate::{arg_err, date, err, from_js, from_js_or_default, from_json, from_name, instant, to_js, Result};

/// Bookings in their JSON shape (plain objects; `booking.toObject()` gives one); absent: none.
fn bookings_arg(v: JsValue) -> Result<Vec<core::Booking>> {
    from_js_or_default(v)
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

/// Appointment exports.
#[wasm_bindgen(js_name = "slots")]
pub struct SlotsNs;

#[wasm_bindgen(js_class = "slots")]
impl SlotsNs {
    /// iCalendar (RFC 5545) of the calendar's bookings and of the available `slots`.
    #[wasm_bindgen(js_name = "toIcs")]
    pub fn to_ics(
        calendar: &Calendar,
        #[wasm_bindgen(unchecked_param_type = "Array<import('./types/index').Booking>")] bookings: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Slot[]")] slots: JsValue,
        #[wasm_bindgen(unchecked_param_type = "IcsOptions")] options: JsValue,
    ) -> Result<String> {
        let slots: Vec<core::Slot> = from_js_or_default(slots)?;
        let options: core::IcsOptions = from_js(options)?;
        Ok(core::to_ics(&calendar.inner, &bookings_arg(bookings)?, &slots, &options))
    }

    /// CSV of the calendar's bookings, like the back office's export.
    #[wasm_bindgen(js_name = "toCsv")]
    pub fn to_csv(calendar: &Calendar, #[wasm_bindgen(unchecked_param_type = "Array<import('./types/index').Booking>")] bookings: JsValue) -> Result<String> {
        Ok(core::to_csv(&calendar.inner, &bookings_arg(bookings)?))
    }
}

/// An appointment calendar (validated configuration, see docs/slots.md).
#[wasm_bindgen]
pub struct Calendar {
    inner: core::Calendar,
}

#[wasm_bindgen]
impl Calendar {
    /// Parses and validates the documented JSON.
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Calendar> {
        Ok(Calendar { inner: core::Calendar::from_json(json).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// Every slot of the local dates `from ..= to`, sorted by start.
    #[wasm_bindgen(unchecked_return_type = "Slot[]")]
    pub fn slots(
        &self,
        from: &str,
        to: &str,
        #[wasm_bindgen(unchecked_param_type = "Array<import('./types/index').Booking>")] bookings: JsValue,
        now: &str,
    ) -> Result<JsValue> {
        to_js(&self.inner.slots(date(from)?, date(to)?, &bookings_arg(bookings)?, instant(now)?).map_err(err)?)
    }

    /// A draft holding the requested slot.
    pub fn book(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BookingRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<import('./types/index').Booking>")] bookings: JsValue,
        now: &str,
    ) -> Result<Booking> {
        let request: core::BookingRequest = from_js(request)?;
        Ok(Booking { inner: self.inner.book(&request, &bookings_arg(bookings)?, instant(now)?).map_err(err)? })
    }

    /// A copy without the opening hour; refused while future bookings use it.
    #[wasm_bindgen(js_name = "removeOpeningHour")]
    pub fn remove_opening_hour(
        &self,
        opening_hour: &str,
        #[wasm_bindgen(unchecked_param_type = "Array<import('./types/index').Booking>")] bookings: JsValue,
        now: &str,
    ) -> Result<Calendar> {
        Ok(Calendar { inner: self.inner.remove_opening_hour(opening_hour, &bookings_arg(bookings)?, instant(now)?).map_err(err)? })
    }
}

/// A booking; every transition returns a new `Booking`.
#[wasm_bindgen]
pub struct Booking {
    inner: core::Booking,
}

fn wrap(r: std::result::Result<core::Booking, core::SlotsError>) -> Result<Booking> {
    Ok(Booking { inner: r.map_err(err)? })
}

#[wasm_bindgen]
impl Booking {
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Booking> {
        Ok(Booking { inner: from_json(json)? })
    }

    /// From the plain JSON-shaped object.
    #[wasm_bindgen(js_name = "fromObject")]
    pub fn from_object(#[wasm_bindgen(unchecked_param_type = "import('./types/index').Booking")] booking: JsValue) -> Result<Booking> {
        Ok(Booking { inner: from_js(booking)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The plain JSON-shaped object (what the `bookings` arrays take).
    #[wasm_bindgen(js_name = "toObject", unchecked_return_type = "import('./types/index').Booking")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(&self.inner)
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }
    #[wasm_bindgen(getter, js_name = "calendarId")]
    pub fn calendar_id(&self) -> Option<String> {
        self.inner.calendar_id.clone()
    }
    #[wasm_bindgen(getter, js_name = "openingHour")]
    pub fn opening_hour(&self) -> String {
        self.inner.opening_hour.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn start(&self) -> String {
        self.inner.start.to_rfc3339()
    }
    #[wasm_bindgen(getter)]
    pub fn end(&self) -> String {
        self.inner.end.to_rfc3339()
    }
    #[wasm_bindgen(getter, unchecked_return_type = "BookingStatus")]
    pub fn status(&self) -> String {
        self.inner.status.to_string()
    }
    /// The reference platform's numeric code (0 pending ... 6 draft).
    #[wasm_bindgen(getter, js_name = "statusCode")]
    pub fn status_code(&self) -> u8 {
        self.inner.status.code()
    }
    /// The Italian label (`"Confermato"`, ...).
    #[wasm_bindgen(getter, js_name = "statusLabel")]
    pub fn status_label(&self) -> String {
        self.inner.status.label_it().to_owned()
    }
    #[wasm_bindgen(getter)]
    pub fn user(&self) -> Option<String> {
        self.inner.user.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn practice(&self) -> Option<String> {
        self.inner.practice.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> Option<String> {
        self.inner.name.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn email(&self) -> Option<String> {
        self.inner.email.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn phone(&self) -> Option<String> {
        self.inner.phone.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> Option<String> {
        self.inner.message.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn outcome(&self) -> Option<String> {
        self.inner.outcome.clone()
    }
    #[wasm_bindgen(getter, js_name = "createdAt")]
    pub fn created_at(&self) -> Option<String> {
        opt_instant(self.inner.created_at)
    }
    #[wasm_bindgen(getter, js_name = "expiresAt")]
    pub fn expires_at(&self) -> Option<String> {
        opt_instant(self.inner.expires_at)
    }
    #[wasm_bindgen(getter, unchecked_return_type = "HistoryEntry[]")]
    pub fn history(&self) -> Result<JsValue> {
        to_js(&self.inner.history)
    }
    #[wasm_bindgen(js_name = "holdsPlace")]
    pub fn holds_place(&self, now: &str) -> Result<bool> {
        Ok(self.inner.holds_place(instant(now)?))
    }
    #[wasm_bindgen(js_name = "isExpired")]
    pub fn is_expired(&self, now: &str) -> Result<bool> {
        Ok(self.inner.is_expired(instant(now)?))
    }
    #[wasm_bindgen(js_name = "rescheduleCount")]
    pub fn reschedule_count(&self) -> u32 {
        self.inner.reschedule_count()
    }
    #[wasm_bindgen(js_name = "cancelDeadline")]
    pub fn cancel_deadline(&self, calendar: &Calendar) -> String {
        self.inner.cancel_deadline(&calendar.inner).to_rfc3339()
    }
    /// Draft -> pendingApproval (moderated) or confirmed.
    pub fn submit(
        &self,
        calendar: &Calendar,
        #[wasm_bindgen(unchecked_param_type = "Array<import('./types/index').Booking>")] bookings: JsValue,
        now: &str,
    ) -> Result<Booking> {
        wrap(self.inner.submit(&calendar.inner, &bookings_arg(bookings)?, instant(now)?))
    }
    pub fn approve(&self, now: &str) -> Result<Booking> {
        wrap(self.inner.approve(instant(now)?))
    }
    pub fn refuse(&self, now: &str, outcome: Option<String>) -> Result<Booking> {
        wrap(self.inner.refuse(instant(now)?, outcome.as_deref()))
    }
    /// A citizen may cancel until `cancelDeadline`; an operator at any time.
    pub fn cancel(&self, calendar: &Calendar, #[wasm_bindgen(unchecked_param_type = "Actor")] actor: String, now: &str) -> Result<Booking> {
        wrap(self.inner.cancel(&calendar.inner, actor_arg(Some(actor))?, instant(now)?))
    }
    #[wasm_bindgen(js_name = "markDone")]
    pub fn mark_done(&self, now: &str) -> Result<Booking> {
        wrap(self.inner.mark_done(instant(now)?))
    }
    #[wasm_bindgen(js_name = "markMissed")]
    pub fn mark_missed(&self, now: &str) -> Result<Booking> {
        wrap(self.inner.mark_missed(instant(now)?))
    }
    /// Holds a draft longer while its practice awaits a payment (capped).
    #[wasm_bindgen(js_name = "awaitPayment")]
    pub fn await_payment(&self, calendar: &Calendar, now: &str) -> Result<Booking> {
        wrap(self.inner.await_payment(&calendar.inner, instant(now)?))
    }
    /// Moves the booking to another slot (`actor` defaults to `"operator"`).
    #[allow(clippy::too_many_arguments)]
    pub fn reschedule(
        &self,
        calendar: &Calendar,
        start: &str,
        end: &str,
        #[wasm_bindgen(unchecked_param_type = "Array<import('./types/index').Booking>")] bookings: JsValue,
        now: &str,
        #[wasm_bindgen(unchecked_param_type = "Actor | undefined")] actor: Option<String>,
        #[wasm_bindgen(js_name = "openingHour")] opening_hour: Option<String>,
    ) -> Result<Booking> {
        let bookings = bookings_arg(bookings)?;
        wrap(self.inner.reschedule(&calendar.inner, instant(start)?, instant(end)?, opening_hour.as_deref(), actor_arg(actor)?, &bookings, instant(now)?))
    }
}
