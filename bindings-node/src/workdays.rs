//! `workdays` namespace and the `HolidayCalendar` class: the exemplar of the binding pattern.
use napi_derive::napi;
use sportello::workdays as core;

use crate::{date, err, from_json, to_js, Result};

/// Holiday rules plus weekly rest days; `new HolidayCalendar()` is Italy's national calendar.
#[napi]
pub struct HolidayCalendar {
    inner: core::HolidayCalendar,
}

#[napi]
impl HolidayCalendar {
    #[napi(constructor)]
    pub fn new() -> Self {
        HolidayCalendar { inner: core::HolidayCalendar::italy() }
    }

    #[napi(factory)]
    pub fn italy() -> Self {
        Self::new()
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(HolidayCalendar { inner: from_json(&json)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// A copy with the patron saint's day added.
    #[napi]
    pub fn with_patron(&self, month: u32, day: u32, name: String) -> Result<HolidayCalendar> {
        Ok(HolidayCalendar { inner: self.inner.clone().with_patron(month, day, &name).map_err(err)? })
    }

    #[napi]
    pub fn is_holiday(&self, date_iso: String) -> Result<bool> {
        Ok(self.inner.is_holiday(date(&date_iso)?))
    }

    #[napi]
    pub fn holiday_name(&self, date_iso: String) -> Result<Option<String>> {
        Ok(self.inner.holiday_name(date(&date_iso)?).map(str::to_owned))
    }

    #[napi(ts_return_type = "Holiday[]")]
    pub fn holidays(&self, year: i32) -> Result<crate::Json> {
        to_js(&self.inner.holidays(year))
    }

    #[napi]
    pub fn is_working_day(&self, date_iso: String) -> Result<bool> {
        Ok(self.inner.is_working_day(date(&date_iso)?))
    }

    #[napi]
    pub fn next_working_day(&self, date_iso: String) -> Result<String> {
        Ok(self.inner.next_working_day(date(&date_iso)?).map_err(err)?.to_string())
    }

    #[napi]
    pub fn add_working_days(&self, date_iso: String, days: u32) -> Result<String> {
        Ok(self.inner.add_working_days(date(&date_iso)?, days).map_err(err)?.to_string())
    }
}

impl Default for HolidayCalendar {
    fn default() -> Self {
        Self::new()
    }
}

/// Easter Sunday of `year` as `YYYY-MM-DD`, or `null` before 1583.
#[napi(namespace = "workdays")]
pub fn easter_sunday(year: i32) -> Option<String> {
    core::easter_sunday(year).map(|d| d.to_string())
}
