//! slots — appointment calendars, slot generation, bookings, iCalendar and CSV export.
//!
//! Public API:
//! - [`Calendar`] (`from_json`, `to_json`, `validate`, `validate_at`, `slots`, `first_available`,
//!   `book`, `remove_opening_hour`, `opening_hour`, `with_ente`, `title_in`, `email_language`)
//!   with [`OpeningHour`], [`Closure`] ([`ClosureScope`]), [`HolidayClosures`] (opt-in, on top of
//!   [`crate::workdays::HolidayCalendar`]), [`EnteClosures`] (shared by every calendar of the
//!   ente), [`UserLimit`] ([`LimitPeriod`], [`LimitScope`]), [`RequiredData`] ([`ContactField`]),
//!   [`Reminder`], [`Titles`], [`CalendarKind`] (fixed or variable-length meetings),
//!   [`AmbiguousTime`], [`DstCrossing`];
//! - [`Slot`] and [`Unavailable`]: `calendar.slots(from, to, bookings, now)` for local dates;
//! - [`Booking`], [`BookingRequest`], [`BookingStatus`], [`Action`], [`Actor`], [`HistoryEntry`]:
//!   `calendar.book(request, bookings, now)` makes a draft; `submit`, `approve`, `refuse`, `cancel`,
//!   `mark_done`, `mark_missed`, `await_payment`, `reschedule` return the next booking;
//!   `reminder_at` is when the reminder goes;
//!   [`follow_practice`]: the meetings a practice's new status cancels, refuses or confirms;
//! - [`to_ics`] ([`IcsOptions`], [`booking_uid`], [`slot_uid`]) and [`to_csv`] ([`CSV_HEADER`]);
//! - [`SlotsError`].
//!
//! Every computation is on Europe/Rome wall time, converted to instants only at the edges
//! (see `time.rs`); `now` is always a parameter; nothing is mutated.
//!
//! # Example
//!
//! ```
//! use sportello::slots::{BookingRequest, BookingStatus, Calendar};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Monday, Wednesday and Friday 09:00-12:30, two desks, 30-minute meetings 15 minutes apart.
//! let cal = Calendar::from_json(
//!     r#"{"id": "anagrafe", "title": "Ufficio anagrafe",
//!         "openingHours": [{"id": "lmv", "startDate": "2026-01-01", "endDate": "2026-12-31", "weekdays": [1, 3, 5],
//!                           "begin": "09:00", "end": "12:30", "meetingMinutes": 30, "intervalMinutes": 15, "parallel": 2}],
//!         "noticeHours": 24}"#,
//! )?;
//! let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00+01:00")?;
//! let wednesday = "2026-03-04".parse()?;
//! let slots = cal.slots(wednesday, wednesday, &[], now)?;
//! let starts: Vec<String> = slots.iter().map(|s| s.start.format("%H:%M").to_string()).collect();
//! assert_eq!(starts, ["09:00", "09:45", "10:30", "11:15"]);
//! assert!(slots.iter().all(|s| s.available && s.remaining == 2));
//!
//! // Booking a slot makes a draft that holds one place; submitting confirms it.
//! let request = BookingRequest {
//!     id: Some("b-001".into()),
//!     user: Some("RSSMRA80A01H501U".into()),
//!     ..BookingRequest::new(slots[0].start, slots[0].end)
//! };
//! let draft = cal.book(&request, &[], now)?;
//! assert_eq!(draft.status, BookingStatus::Draft);
//! let booked = draft.submit(&cal, &[], now)?;
//! assert_eq!(booked.status, BookingStatus::Confirmed);
//! assert_eq!(cal.slots(wednesday, wednesday, &[booked], now)?[0].remaining, 1);
//! # Ok(())
//! # }
//! ```

mod booking;
mod calendar;
mod csv;
mod error;
mod generate;
mod ics;
mod rules;
mod time;
mod variable;

pub use booking::{follow_practice, Action, Actor, BookedBy, Booking, BookingRequest, BookingStatus, HistoryEntry};
pub use calendar::{
    Calendar, CalendarKind, Closure, ClosureScope, ContactField, EnteClosures, HolidayClosures, Lang, LimitPeriod, LimitScope, OpeningHour, Reminder,
    RequiredData, Titles, UserLimit, MAX_ROLLING_DAYS,
};
pub use csv::{to_csv, CSV_HEADER};
pub use error::SlotsError;
pub use generate::{Slot, Unavailable, MAX_RANGE_DAYS, MAX_SLOTS};
pub use ics::{booking_uid, namespace, slot_uid, to_ics, IcsOptions};
pub use time::{AmbiguousTime, DstCrossing};
