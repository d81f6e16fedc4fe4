//! `sportello.workdays`: Italian holidays and working days. The exemplar of the binding pattern:
//! a class wrapping a core type (`HolidayCalendar`), a result class (`Holiday`, through
//! `record!`), free functions, dates through `Date`, other arguments through `Arg` / `Str`, errors
//! through `crate::err`.
use pyo3::prelude::*;
use sportello::workdays as core;

use crate::{err, Arg, Date, Str};

crate::record! {
    /// A holiday: `date` and `name`.
    Holiday(core::Holiday) in "sportello.workdays", frozen;
    |v, py| {
        date: Date = Date(v.date),
        name: &str = &v.name,
    }
}

crate::record! {
    /// A set of holiday rules plus the weekly rest days.
    HolidayCalendar(core::HolidayCalendar) in "sportello.workdays", frozen;
    |v, py| {}

    /// Italian national holidays (the default).
    #[new]
    fn new() -> Self { HolidayCalendar { inner: core::HolidayCalendar::italy() } }

    #[staticmethod]
    fn italy() -> Self { Self::new() }

    fn with_patron(&self, month: Arg<u32>, day: Arg<u32>, name: Str) -> PyResult<Self> {
        Ok(HolidayCalendar { inner: self.inner.clone().with_patron(*month, *day, &name).map_err(err)? })
    }

    fn is_holiday(&self, date: Date) -> bool { self.inner.is_holiday(date.0) }

    fn holiday_name(&self, date: Date) -> Option<String> { self.inner.holiday_name(date.0).map(str::to_owned) }

    fn holidays(&self, year: Arg<i32>) -> PyResult<Vec<Holiday>> {
        Ok(self.inner.holidays(*year).map_err(err)?.into_iter().map(|inner| Holiday { inner }).collect())
    }

    fn is_working_day(&self, date: Date) -> bool { self.inner.is_working_day(date.0) }

    fn next_working_day(&self, date: Date) -> PyResult<Date> { self.inner.next_working_day(date.0).map(Date).map_err(err) }

    fn add_working_days(&self, date: Date, days: Arg<u32>) -> PyResult<Date> { self.inner.add_working_days(date.0, *days).map(Date).map_err(err) }
}

crate::functions! { register; classes: Holiday, HolidayCalendar;
    /// Easter Sunday of `year` (Gregorian), or `None` before 1583 or after 9999.
    fn easter_sunday(year: Arg<i32>) -> Option<Date> { core::easter_sunday(*year).map(Date) }
}
