//! `workdays` namespace and the `HolidayCalendar` class: the exemplar of the binding pattern.
use sportello::workdays as core;
use wasm_bindgen::prelude::*;

use crate::{date, err, from_json, to_js, Result};

/// Holidays and working days.
#[wasm_bindgen(js_name = "workdays")]
pub struct WorkdaysNs;

#[wasm_bindgen(js_class = "workdays")]
impl WorkdaysNs {
    /// Easter Sunday of `year` as `YYYY-MM-DD`, or `undefined` before 1583.
    #[wasm_bindgen(js_name = "easterSunday")]
    pub fn easter_sunday(year: i32) -> Option<String> {
        core::easter_sunday(year).map(|d| d.to_string())
    }
}

/// Holiday rules plus weekly rest days; `new HolidayCalendar()` is Italy's national calendar.
#[wasm_bindgen]
pub struct HolidayCalendar {
    inner: core::HolidayCalendar,
}

#[wasm_bindgen]
impl HolidayCalendar {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> HolidayCalendar {
        HolidayCalendar { inner: core::HolidayCalendar::italy() }
    }

    pub fn italy() -> HolidayCalendar {
        Self::new()
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<HolidayCalendar> {
        Ok(HolidayCalendar { inner: from_json(json)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// A copy with the patron saint's day added.
    #[wasm_bindgen(js_name = "withPatron")]
    pub fn with_patron(&self, month: u32, day: u32, name: &str) -> Result<HolidayCalendar> {
        Ok(HolidayCalendar { inner: self.inner.clone().with_patron(month, day, name).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "isHoliday")]
    pub fn is_holiday(&self, date_iso: &str) -> Result<bool> {
        Ok(self.inner.is_holiday(date(date_iso)?))
    }

    #[wasm_bindgen(js_name = "holidayName")]
    pub fn holiday_name(&self, date_iso: &str) -> Result<Option<String>> {
        Ok(self.inner.holiday_name(date(date_iso)?).map(str::to_owned))
    }

    #[wasm_bindgen(unchecked_return_type = "Holiday[]")]
    pub fn holidays(&self, year: i32) -> Result<JsValue> {
        to_js(&self.inner.holidays(year))
    }

    #[wasm_bindgen(js_name = "isWorkingDay")]
    pub fn is_working_day(&self, date_iso: &str) -> Result<bool> {
        Ok(self.inner.is_working_day(date(date_iso)?))
    }

    #[wasm_bindgen(js_name = "nextWorkingDay")]
    pub fn next_working_day(&self, date_iso: &str) -> Result<String> {
        Ok(self.inner.next_working_day(date(date_iso)?).map_err(err)?.to_string())
    }

    #[wasm_bindgen(js_name = "addWorkingDays")]
    pub fn add_working_days(&self, date_iso: &str, days: u32) -> Result<String> {
        Ok(self.inner.add_working_days(date(date_iso)?, days).map_err(err)?.to_string())
    }
}
