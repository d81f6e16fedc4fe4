//! `sportello.workdays`: Italian holidays and working days. The exemplar of the binding pattern:
//! a class wrapping a core type (`HolidayCalendar`), a frozen record class (`Holiday`), free
//! functions, dates as `datetime.date`, errors through `crate::err`, JSON through `to_json`/`from_json`.
use chrono::NaiveDate;
use pyo3::prelude::*;
use sportello::workdays as core;

use crate::{err, from_json, to_json, to_py};

/// A holiday: `date` and `name`.
#[pyclass(module = "sportello.workdays", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct Holiday {
    date: NaiveDate,
    name: String,
}

#[pymethods]
impl Holiday {
    fn __repr__(&self) -> String {
        format!("Holiday(date={}, name={:?})", self.date, self.name)
    }
}

impl From<core::Holiday> for Holiday {
    fn from(h: core::Holiday) -> Self {
        Holiday { date: h.date, name: h.name }
    }
}

/// A set of holiday rules plus the weekly rest days.
#[pyclass(module = "sportello.workdays", frozen)]
pub struct HolidayCalendar {
    inner: core::HolidayCalendar,
}

#[pymethods]
impl HolidayCalendar {
    /// Italian national holidays (the default).
    #[new]
    fn new() -> Self {
        HolidayCalendar { inner: core::HolidayCalendar::italy() }
    }

    #[staticmethod]
    fn italy() -> Self {
        Self::new()
    }

    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(HolidayCalendar { inner: from_json(s)? })
    }

    fn to_json(&self) -> String {
        to_json(&self.inner)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    fn with_patron(&self, month: u32, day: u32, name: &str) -> PyResult<Self> {
        Ok(HolidayCalendar { inner: self.inner.clone().with_patron(month, day, name).map_err(err)? })
    }

    fn is_holiday(&self, date: NaiveDate) -> bool {
        self.inner.is_holiday(date)
    }

    fn holiday_name(&self, date: NaiveDate) -> Option<String> {
        self.inner.holiday_name(date).map(str::to_owned)
    }

    fn holidays(&self, year: i32) -> Vec<Holiday> {
        self.inner.holidays(year).into_iter().map(Holiday::from).collect()
    }

    fn is_working_day(&self, date: NaiveDate) -> bool {
        self.inner.is_working_day(date)
    }

    fn next_working_day(&self, date: NaiveDate) -> PyResult<NaiveDate> {
        self.inner.next_working_day(date).map_err(err)
    }

    fn add_working_days(&self, date: NaiveDate, days: u32) -> PyResult<NaiveDate> {
        self.inner.add_working_days(date, days).map_err(err)
    }
}

/// Easter Sunday of `year` (Gregorian), or `None` before 1583.
#[pyfunction]
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    core::easter_sunday(year)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Holiday>()?;
    m.add_class::<HolidayCalendar>()?;
    m.add_function(wrap_pyfunction!(easter_sunday, m)?)?;
    Ok(())
}
