//! slots — appointment calendars, slot generation, bookings, iCalendar and CSV export.
//!
//! Public API:
//! - [`Calendar`] (`from_json`, `to_json`, `validate`, `slots`, `book`, `remove_opening_hour`,
//!   `opening_hour`) with [`OpeningHour`], [`Closure`] ([`ClosureScope`]), [`HolidayClosures`]
//!   (opt-in, on top of [`crate::workdays::HolidayCalendar`]), [`UserLimit`] ([`LimitPeriod`]),
//!   [`AmbiguousTime`], [`DstCrossing`];
//! - [`Slot`] and [`Unavailable`]: `calendar.slots(from, to, bookings, now)` for local dates;
//! - [`Booking`], [`BookingRequest`], [`BookingStatus`], [`Action`], [`Actor`], [`HistoryEntry`]:
//!   `calendar.book(request, bookings, now)` makes a draft; `submit`, `approve`, `refuse`, `cancel`,
//!   `mark_done`, `mark_missed`, `await_payment`, `reschedule` return the next booking;
//! - [`to_ics`] ([`IcsOptions`], [`booking_uid`], [`slot_uid`]) and [`to_csv`] ([`CSV_HEADER`]);
//! - [`SlotsError`].
//!
//! Every computation is on Europe/Rome wall time, converted to instants only at the edges
//! (see `time.rs`); `now` is always a parameter; nothing is mutated.

mod booking;
mod calendar;
mod csv;
mod error;
mod generate;
mod ics;
mod rules;
mod time;

pub use booking::{Action, Actor, Booking, BookingRequest, BookingStatus, HistoryEntry};
pub use calendar::{Calendar, Closure, ClosureScope, HolidayClosures, LimitPeriod, OpeningHour, UserLimit, MAX_ROLLING_DAYS};
pub use csv::{to_csv, CSV_HEADER};
pub use error::SlotsError;
pub use generate::{Slot, Unavailable, MAX_RANGE_DAYS, MAX_SLOTS};
pub use ics::{booking_uid, namespace, slot_uid, to_ics, IcsOptions};
pub use time::{AmbiguousTime, DstCrossing};
