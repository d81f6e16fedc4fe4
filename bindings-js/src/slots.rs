//! `slots` namespace and the `Calendar` and `Booking` classes: appointment calendars, slot
//! generation, bookings, iCalendar and CSV export (`sportello::slots`). Dates are `YYYY-MM-DD`,
//! instants RFC 3339 strings with offset; slots, requests, options and the bookings passed in
//! arrays are plain objects in the core's JSON shape (types `Slot`, `BookingRequest`,
//! `IcsOptions`, `Booking`, `HistoryEntry`). The JSON shapes `Calendar` and `Booking` are named
//! `import('./types/index').X` in TypeScript, as the classes of the same names hide them.
use sportello::slots as core;

use crate::{from_json, to_json, Instant, Obj, Ref};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    calendar::entries(v, c);
    booking::entries(v, c);
}

mod functions {
    use super::*;
    crate::functions! { "slots";
        /// iCalendar (RFC 5545) of the calendar's bookings and of the available `slots`.
        fn to_ics(
            calendar: Ref<core::Calendar>,
            bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>",
            slots: Vec<core::Slot> as "Slot[]",
            options: core::IcsOptions as "IcsOptions"
        ) -> String {
            core::to_ics(&*calendar.get()?, &bookings, &slots, &options)
        }
        /// The bookings a practice's new status changes (cancelled at 20000/50000, refused at
        /// 1530/9000: future pending or confirmed meetings; confirmed at 7000: pending ones), each
        /// with a history entry by the system and `reason` as a cancelled or refused meeting's outcome.
        fn follow_practice(
            bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>",
            practice: String,
            status: sportello::practice::Status as "PracticeStatus",
            now: Instant,
            reason: Option<String>
        ) -> Vec<core::Booking> as "Array<import('./types/index').Booking>" {
            core::follow_practice(&bookings, &practice, status, now.0, reason.as_deref())
        }
        /// CSV of the calendar's bookings, like the back office's export.
        fn to_csv(calendar: Ref<core::Calendar>, bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>") -> String {
            core::to_csv(&*calendar.get()?, &bookings)
        }
    }
}

mod calendar {
    use super::*;
    crate::class! {
        /// An appointment calendar (validated configuration, see docs/slots.md).
        Calendar = core::Calendar;
        /// Parses and validates the documented JSON.
        static fn from_json(json: String) -> Obj<core::Calendar> { Obj(core::Calendar::from_json(&json).map_err(crate::umbrella)?) }
        /// Validates the plain JSON-shaped object (what `toObject` gives).
        static fn from_object(value: core::Calendar as "import('./types/index').Calendar") -> Obj<core::Calendar> {
            value.validate()?;
            Obj(value)
        }
        /// The documented JSON (every setting written out, defaults included).
        fn to_json(this) -> String { this.to_json() }
        /// The plain JSON-shaped object (every setting written out, defaults included).
        fn to_object(this) -> core::Calendar as "import('./types/index').Calendar" { this.clone() }
        /// The calendar's stable identifier.
        get id(this) -> String { this.id.clone() }
        /// The office's name shown to citizens.
        get title(this) -> String { this.title.clone() }
        /// The owner of the calendar (an operator's id), or `null`.
        get owner(this) -> Option<String> { this.owner.clone() }
        /// The office's contact e-mail address, or `null`.
        get contact_email(this) -> Option<String> { this.contact_email.clone() }
        /// The language of the calendar's e-mails (`"it"` by default).
        get email_language(this) -> core::Lang as "PracticeLang" { this.email_language() }
        /// The title in `lang` (`"it"`, `"en"`, `"de"`): its entry in `titles`, else `title`.
        fn title_in(this, lang: core::Lang as "PracticeLang") -> String { this.title_in(lang).to_owned() }
        /// Validates the calendar and that no opening hour ends after the year of `today`.
        fn validate_at(this, today: crate::Date) -> () { this.validate_at(today.0)? }
        /// Every slot of the local dates `first ..= last` (both included), sorted by start; `ente`:
        /// the closures of the whole ente, added to the calendar's.
        fn slots(this, first: crate::Date, last: crate::Date, bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>", now: Instant, ente: Option<core::EnteClosures> as "EnteClosures") -> Vec<core::Slot> as "Slot[]" {
            this.for_ente(ente.as_ref())?.slots(first.0, last.0, &bookings, now.0)?
        }
        /// The first available slot on or after the local date `first`, within the booking window; `null` when none.
        fn first_available(this, first: crate::Date, bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>", now: Instant, ente: Option<core::EnteClosures> as "EnteClosures") -> Option<core::Slot> as "Slot | null" {
            this.for_ente(ente.as_ref())?.first_available(first.0, &bookings, now.0)?
        }
        /// A draft holding the requested slot.
        fn book(this, request: core::BookingRequest as "BookingRequest", bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>", now: Instant, ente: Option<core::EnteClosures> as "EnteClosures") -> Obj<core::Booking> {
            Obj(this.for_ente(ente.as_ref())?.book(&request, &bookings, now.0)?)
        }
        /// A copy without the opening hour; refused while future bookings use it.
        fn remove_opening_hour(this, opening_hour: String, bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>", now: Instant) -> Obj<core::Calendar> {
            Obj(this.remove_opening_hour(&opening_hour, &bookings, now.0)?)
        }
    }
}

mod booking {
    use super::*;

    fn instant(t: chrono::DateTime<chrono::FixedOffset>) -> String {
        t.to_rfc3339()
    }

    crate::class! {
        /// A booking; every transition returns a new `Booking`.
        Booking = core::Booking;
        /// A booking from its documented JSON.
        static fn from_json(json: String) -> Obj<core::Booking> { Obj(from_json(&json)?) }
        /// From the plain JSON-shaped object.
        static fn from_object(value: core::Booking as "import('./types/index').Booking") -> Obj<core::Booking> { Obj(value) }
        /// The documented JSON.
        fn to_json(this) -> String { to_json(this) }
        /// The plain JSON-shaped object (what the `bookings` arrays take).
        fn to_object(this) -> core::Booking as "import('./types/index').Booking" { this.clone() }
        /// The booking's id.
        get id(this) -> String { this.id.clone() }
        /// The calendar's id, or `null` (a booking without one counts in every calendar).
        get calendar_id(this) -> Option<String> { this.calendar_id.clone() }
        /// The id of the opening hour that offers the slot.
        get opening_hour(this) -> String { this.opening_hour.clone() }
        /// Start of the meeting (RFC 3339, Europe/Rome offset).
        get start(this) -> String { instant(this.start) }
        /// End of the meeting (RFC 3339, Europe/Rome offset).
        get end(this) -> String { instant(this.end) }
        /// `"draft"`, `"pendingApproval"`, `"confirmed"`, `"refused"`, `"missed"`, `"done"` or `"cancelled"`.
        get status(this) -> core::BookingStatus as "BookingStatus" { this.status }
        /// The reference platform's numeric code (0 pending ... 6 draft).
        get status_code(this) -> u8 { this.status.code() }
        /// The Italian label (`"Confermato"`, ...).
        get status_label(this) -> String { this.status.label_it().to_owned() }
        /// The person the per-user limits count, or `null`.
        get user(this) -> Option<String> { this.user.clone() }
        /// The practice the meeting belongs to, or `null`.
        get practice(this) -> Option<String> { this.practice.clone() }
        /// The citizen's (first) name, or `null`.
        get name(this) -> Option<String> { this.name.clone() }
        /// The citizen's surname, or `null`.
        get surname(this) -> Option<String> { this.surname.clone() }
        /// The citizen's e-mail address, or `null`.
        get email(this) -> Option<String> { this.email.clone() }
        /// The citizen's phone number, or `null`.
        get phone(this) -> Option<String> { this.phone.clone() }
        /// The reason for the meeting ("motivo"), or `null`.
        get reason(this) -> Option<String> { this.reason.clone() }
        /// The citizen's note to the office, or `null`.
        get message(this) -> Option<String> { this.message.clone() }
        /// The operator's reason for a refusal, or `null`.
        get outcome(this) -> Option<String> { this.outcome.clone() }
        /// When the draft was created (RFC 3339), or `null`.
        get created_at(this) -> Option<String> { this.created_at.map(instant) }
        /// Drafts only: the place is held while `expiresAt > now`; otherwise `null`.
        get expires_at(this) -> Option<String> { this.expires_at.map(instant) }
        /// Every action, oldest first (the first is `create`).
        get history(this) -> Vec<core::HistoryEntry> as "HistoryEntry[]" { this.history.clone() }
        /// Whether the booking takes a place at `now`.
        fn holds_place(this, now: Instant) -> bool { this.holds_place(now.0) }
        /// A draft whose hold has ended at `now`.
        fn is_expired(this, now: Instant) -> bool { this.is_expired(now.0) }
        /// How many times the submitted booking was moved.
        fn reschedule_count(this) -> u32 { this.reschedule_count() }
        /// The last moment a citizen may cancel or move the meeting.
        fn cancel_deadline(this, calendar: Ref<core::Calendar>) -> String { instant(this.cancel_deadline(&*calendar.get()?)) }
        /// Draft -> pendingApproval (moderated) or confirmed.
        fn submit(this, calendar: Ref<core::Calendar>, bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>", now: Instant, ente: Option<core::EnteClosures> as "EnteClosures") -> Obj<core::Booking> {
            Obj(this.submit(&*calendar.get()?.for_ente(ente.as_ref())?, &bookings, now.0)?)
        }
        /// When the reminder e-mail goes (the calendar's `reminder`), or `null`.
        fn reminder_at(this, calendar: Ref<core::Calendar>) -> Option<String> { this.reminder_at(&*calendar.get()?).map(instant) }
        /// PendingApproval -> confirmed (operator).
        fn approve(this, now: Instant) -> Obj<core::Booking> { Obj(this.approve(now.0)?) }
        /// PendingApproval or confirmed -> refused (operator), with an optional reason.
        fn refuse(this, now: Instant, outcome: Option<String>) -> Obj<core::Booking> { Obj(this.refuse(now.0, outcome.as_deref())?) }
        /// A citizen may cancel until `cancelDeadline`; an operator at any time.
        fn cancel(this, calendar: Ref<core::Calendar>, actor: core::Actor as "Actor", now: Instant) -> Obj<core::Booking> {
            Obj(this.cancel(&*calendar.get()?, actor, now.0)?)
        }
        /// Confirmed -> done (operator), once the meeting has started.
        fn mark_done(this, now: Instant) -> Obj<core::Booking> { Obj(this.mark_done(now.0)?) }
        /// Confirmed -> missed (operator), once the meeting has started.
        fn mark_missed(this, now: Instant) -> Obj<core::Booking> { Obj(this.mark_missed(now.0)?) }
        /// Holds a draft longer while its practice awaits a payment (capped).
        fn await_payment(this, calendar: Ref<core::Calendar>, now: Instant) -> Obj<core::Booking> {
            Obj(this.await_payment(&*calendar.get()?, now.0)?)
        }
        /// Moves the booking to another slot (`actor` default: the core's, an operator).
        fn reschedule(
            this,
            calendar: Ref<core::Calendar>,
            start: Instant,
            end: Instant,
            bookings: Vec<core::Booking> as "Array<import('./types/index').Booking>",
            now: Instant,
            actor: Option<core::Actor> as "Actor",
            opening_hour: Option<String>,
            ente: Option<core::EnteClosures> as "EnteClosures"
        ) -> Obj<core::Booking> {
            let actor = actor.unwrap_or(core::Actor::RESCHEDULE_DEFAULT);
            Obj(this.reschedule(&*calendar.get()?.for_ente(ente.as_ref())?, start.0, end.0, opening_hour.as_deref(), actor, &bookings, now.0)?)
        }
    }
}
