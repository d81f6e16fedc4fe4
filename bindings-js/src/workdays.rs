//! `workdays` namespace and the `HolidayCalendar` class: the exemplar of a description.
use sportello::workdays as core;

use crate::{from_json, to_json, Date, Obj};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    calendar::entries(v, c);
}

mod functions {
    use super::*;
    crate::functions! { "workdays";
        /// Easter Sunday of `year` as `YYYY-MM-DD`, or `null` before 1583 or after 9999.
        fn easter_sunday(year: i32) -> Option<chrono::NaiveDate> { core::easter_sunday(year) }
    }
}

mod calendar {
    use super::*;
    crate::class! {
        /// Holiday rules plus weekly rest days; `new HolidayCalendar()` is Italy's national calendar.
        HolidayCalendar = core::HolidayCalendar;
        /// Italy's national calendar.
        new() { core::HolidayCalendar::italy() }
        /// Italy's national calendar.
        static fn italy() -> Obj<core::HolidayCalendar> { Obj(core::HolidayCalendar::italy()) }
        /// A calendar from its JSON text.
        static fn from_json(json: String) -> Obj<core::HolidayCalendar> { Obj(from_json(&json)?) }
        /// A calendar from its plain object (what `toObject` gives).
        static fn from_object(value: core::HolidayCalendar as "import('./types/index').HolidayCalendar") -> Obj<core::HolidayCalendar> { Obj(value) }
        /// The calendar's JSON text.
        fn to_json(this) -> String { to_json(this) }
        /// The calendar as a plain object.
        fn to_object(this) -> core::HolidayCalendar as "import('./types/index').HolidayCalendar" { this.clone() }
        /// The JSON shape: what `JSON.stringify` uses (which passes `key`, unused), so that the
        /// calendar itself may be given where its plain object is expected (`practice.deadline`).
        fn toJSON(this, key: Option<String>) -> core::HolidayCalendar as "import('./types/index').HolidayCalendar" {
            let _ = key;
            this.clone()
        }
        /// A copy with the patron saint's day added.
        fn with_patron(this, month: u32, day: u32, name: String) -> Obj<core::HolidayCalendar> {
            Obj(this.clone().with_patron(month, day, &name)?)
        }
        /// Whether `date` is a holiday.
        fn is_holiday(this, date: Date) -> bool { this.is_holiday(date.0) }
        /// The holiday's name on `date`, or `null`.
        fn holiday_name(this, date: Date) -> Option<String> { this.holiday_name(date.0).map(str::to_owned) }
        /// The holidays of `year` (1-9999), in date order.
        fn holidays(this, year: i32) -> Vec<core::Holiday> as "Holiday[]" { this.holidays(year)? }
        /// Whether `date` is neither a holiday nor a rest day.
        fn is_working_day(this, date: Date) -> bool { this.is_working_day(date.0) }
        /// The first working day on or after `date`.
        fn next_working_day(this, date: Date) -> chrono::NaiveDate { this.next_working_day(date.0)? }
        /// `date` plus `days` working days.
        fn add_working_days(this, date: Date, days: u32) -> chrono::NaiveDate { this.add_working_days(date.0, days)? }
    }
}
