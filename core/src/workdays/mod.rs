//! Italian national holidays and working-day arithmetic, shared by `practice` (deadlines), `slots`
//! (opt-in holiday closures) and `access` (PUK availability).
//!
//! Public API: [`HolidayCalendar`] (`italy()`, `with_patron`, `is_holiday`, `holiday_name`,
//! `holidays`, `is_working_day`, `add_working_days`, `next_working_day`), [`easter_sunday`],
//! [`WorkdaysError`].
//!
//! The national list is data ([`HolidayCalendar::italy`]): Legge 27 maggio 1949 n. 260, art. 2, as
//! amended, including 2 June (restored from 2001 by L. 336/2000), Epiphany (restored from 1986 by
//! DPR 792/1985) and 4 October, San Francesco d'Assisi (from 2026, L. 151/2025). A municipality adds
//! its patron saint's day with [`HolidayCalendar::with_patron`]; callers may add or remove rules.
//!
//! # Example
//!
//! ```
//! use sportello::workdays::HolidayCalendar;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Roma: the national holidays plus Santi Pietro e Paolo.
//! let rome = HolidayCalendar::italy().with_patron(6, 29, "Santi Pietro e Paolo")?;
//! assert_eq!(rome.holiday_name("2025-06-02".parse()?), Some("Festa della Repubblica"));
//! assert!(!rome.is_working_day("2025-06-29".parse()?));
//!
//! // Two working days after Thursday 24 April 2025: Liberation Day and the weekend are skipped.
//! let due = rome.add_working_days("2025-04-24".parse()?, 2)?;
//! assert_eq!(due, "2025-04-29".parse()?);
//! # Ok(())
//! # }
//! ```

mod error;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::iso::{self, FIRST_DATE, LAST_DATE};
use serde::{Deserialize, Serialize};

pub use error::WorkdaysError;

/// When a holiday falls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "workdays/"))]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum HolidayDate {
    /// The same day every year.
    Fixed {
        /// Month, 1 (January) to 12.
        month: u32,
        /// Day of the month, 1 to 31.
        day: u32,
    },
    /// Easter Sunday plus `offset` days (Easter Monday is `1`).
    Easter {
        /// Days after Easter Sunday; negative for days before it (Good Friday is `-2`).
        offset: i64,
    },
}

/// One holiday rule, valid in the years `[fromYear, toYear]` (both optional, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "workdays/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HolidayRule {
    /// The holiday's Italian name, e.g. `"Festa della Repubblica"`.
    pub name: String,
    /// When it falls: a fixed day or an offset from Easter.
    pub date: HolidayDate,
    /// First year the rule applies (JSON `fromYear`); `None`: no lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_year: Option<i32>,
    /// Last year the rule applies (JSON `toYear`); `None`: still in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_year: Option<i32>,
}

/// A holiday on a given date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "workdays/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Holiday {
    /// The day of the holiday (`YYYY-MM-DD`).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub date: NaiveDate,
    /// The holiday's name from its rule.
    pub name: String,
}

/// A set of holiday rules plus the weekly rest days. JSON:
/// `{"rules": [{"name": "Natale", "date": {"kind": "fixed", "month": 12, "day": 25}}], "weekend": ["Sat", "Sun"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "workdays/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HolidayCalendar {
    /// The holiday rules; a date is a holiday when any rule in force that year falls on it.
    pub rules: Vec<HolidayRule>,
    /// Days of the week that are never working days (default Saturday and Sunday).
    #[serde(default = "default_weekend")]
    #[cfg_attr(feature = "ts", ts(as = "Vec<String>"))]
    pub weekend: Vec<Weekday>,
}

fn default_weekend() -> Vec<Weekday> {
    vec![Weekday::Sat, Weekday::Sun]
}

fn fixed(name: &str, month: u32, day: u32, from_year: Option<i32>, to_year: Option<i32>) -> HolidayRule {
    HolidayRule { name: name.into(), date: HolidayDate::Fixed { month, day }, from_year, to_year }
}

/// The longest run of days [`HolidayCalendar::next_working_day`] will walk (about 27 years).
const MAX_WALK_DAYS: u32 = 10_000;

impl Default for HolidayCalendar {
    fn default() -> Self {
        Self::italy()
    }
}

impl HolidayCalendar {
    /// Italian national holidays (L. 260/1949 art. 2 as amended), weekend Saturday and Sunday.
    pub fn italy() -> Self {
        let rules = vec![
            fixed("Capodanno", 1, 1, None, None),
            fixed("Epifania", 1, 6, None, Some(1977)),
            fixed("Epifania", 1, 6, Some(1986), None),
            HolidayRule { name: "Pasqua".into(), date: HolidayDate::Easter { offset: 0 }, from_year: None, to_year: None },
            HolidayRule { name: "Lunedì dell'Angelo".into(), date: HolidayDate::Easter { offset: 1 }, from_year: None, to_year: None },
            fixed("Festa della Liberazione", 4, 25, Some(1946), None),
            fixed("Festa del Lavoro", 5, 1, Some(1946), None),
            fixed("Festa della Repubblica", 6, 2, Some(1947), Some(1976)),
            fixed("Festa della Repubblica", 6, 2, Some(2001), None),
            fixed("Ferragosto", 8, 15, None, None),
            fixed("San Francesco d'Assisi", 10, 4, Some(2026), None),
            fixed("Ognissanti", 11, 1, None, None),
            fixed("Immacolata Concezione", 12, 8, None, None),
            fixed("Natale", 12, 25, None, None),
            fixed("Santo Stefano", 12, 26, None, None),
        ];
        HolidayCalendar { rules, weekend: default_weekend() }
    }

    /// Adds a municipality's patron saint's day (e.g. Roma: 29 June, Milano: 7 December).
    pub fn with_patron(mut self, month: u32, day: u32, name: &str) -> Result<Self, WorkdaysError> {
        // 2000 is a leap year, so 29 February is accepted as a (rare) fixed day.
        if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
            return Err(WorkdaysError::InvalidDay { month, day });
        }
        self.rules.push(fixed(name, month, day, None, None));
        Ok(self)
    }

    /// The holiday's name, if `date` is a holiday (Sundays are not named unless a rule says so).
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        let year = date.year();
        self.rules
            .iter()
            .filter(|r| r.from_year.is_none_or(|y| year >= y) && r.to_year.is_none_or(|y| year <= y))
            .find(|r| rule_date(r, year) == Some(date))
            .map(|r| r.name.as_str())
    }

    /// Whether `date` is a holiday by one of the rules.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holiday_name(date).is_some()
    }

    /// Every holiday of `year`, sorted by date; `workdays.out_of_range` for a year outside 1-9999
    /// (the [supported range](crate::iso#the-range-of-dates)).
    pub fn holidays(&self, year: i32) -> Result<Vec<Holiday>, WorkdaysError> {
        if !(FIRST_DATE.year()..=LAST_DATE.year()).contains(&year) {
            return Err(WorkdaysError::OutOfRange);
        }
        let mut out: Vec<Holiday> = self
            .rules
            .iter()
            .filter(|r| r.from_year.is_none_or(|y| year >= y) && r.to_year.is_none_or(|y| year <= y))
            .filter_map(|r| rule_date(r, year).map(|date| Holiday { date, name: r.name.clone() }))
            .collect();
        out.sort_by_key(|h| h.date);
        out.dedup_by_key(|h| h.date);
        Ok(out)
    }

    /// Neither a weekend day nor a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.weekend.contains(&date.weekday()) && !self.is_holiday(date)
    }

    /// `date` itself if it is a working day, else the first working day after it.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, WorkdaysError> {
        let mut d = date;
        for _ in 0..MAX_WALK_DAYS {
            if self.is_working_day(d) {
                return Ok(d);
            }
            d = iso::add_days(d, 1).ok_or(WorkdaysError::OutOfRange)?;
        }
        Err(WorkdaysError::NoWorkingDay)
    }

    /// The date `n` working days after `date` (`date` itself does not count; `n = 0` gives `date`).
    ///
    /// Computed year by year, not day by day: the working days of a whole year are its days off
    /// the weekend (whole weeks at once) minus its holidays on other days, so any `n` answers in
    /// at most one step per year up to the last supported date (9999-12-31, see
    /// [`crate::iso`]). Errors `workdays.out_of_range` when the result would be after that date (an `n` larger than the
    /// days left is refused at once), `workdays.no_working_day` when every weekday is a rest day
    /// or [`MAX_YEARS_WITHOUT_WORKING_DAY`] years in a row have no working day.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let italy = sportello::workdays::HolidayCalendar::italy();
    /// // Friday 19 December 2025 + 3 working days: Monday 22, Tuesday 23, Wednesday 24.
    /// assert_eq!(italy.add_working_days("2025-12-19".parse()?, 3)?, "2025-12-24".parse()?);
    /// // + 4 skips Christmas and Santo Stefano: Monday 29.
    /// assert_eq!(italy.add_working_days("2025-12-19".parse()?, 4)?, "2025-12-29".parse()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, WorkdaysError> {
        if n == 0 {
            return Ok(date);
        }
        let rest = self.rest_days();
        if rest.iter().all(|r| *r) {
            return Err(WorkdaysError::NoWorkingDay);
        }
        let mut left = u64::from(n);
        let first = iso::add_days(date, 1).ok_or(WorkdaysError::OutOfRange)?;
        // Each working day is a day off the weekend: more than those left is out of range at once.
        if left > off_weekend_days(&rest, first, LAST_DATE) {
            return Err(WorkdaysError::OutOfRange);
        }
        let mut from = first;
        let mut empty_years = 0u32;
        loop {
            let year_end = NaiveDate::from_ymd_opt(from.year(), 12, 31).ok_or(WorkdaysError::OutOfRange)?;
            let count = self.working_days_within_year(&rest, from, year_end);
            if left > count {
                left -= count;
                empty_years = if count == 0 { empty_years + 1 } else { 0 };
                if empty_years > MAX_YEARS_WITHOUT_WORKING_DAY {
                    return Err(WorkdaysError::NoWorkingDay);
                }
                from = iso::add_days(year_end, 1).ok_or(WorkdaysError::OutOfRange)?;
                continue;
            }
            // The answer is in this year: at most 366 days to look at.
            let mut d = from;
            loop {
                if self.is_working_day(d) {
                    left -= 1;
                    if left == 0 {
                        return Ok(d);
                    }
                }
                d = iso::add_days(d, 1).ok_or(WorkdaysError::OutOfRange)?;
            }
        }
    }

    /// The weekly rest days, indexed by days from Monday.
    fn rest_days(&self) -> [bool; 7] {
        let mut rest = [false; 7];
        for w in &self.weekend {
            if let Some(r) = rest.get_mut(w.num_days_from_monday() as usize) {
                *r = true;
            }
        }
        rest
    }

    /// Working days in `from ..= to`, both in the same year.
    fn working_days_within_year(&self, rest: &[bool; 7], from: NaiveDate, to: NaiveDate) -> u64 {
        let year = from.year();
        let mut dates: Vec<NaiveDate> = self
            .rules
            .iter()
            .filter(|r| r.from_year.is_none_or(|y| year >= y) && r.to_year.is_none_or(|y| year <= y))
            .filter_map(|r| rule_date(r, year))
            .filter(|d| *d >= from && *d <= to && !is_rest(rest, *d))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        off_weekend_days(rest, from, to).saturating_sub(dates.len() as u64)
    }
}

/// The most consecutive years without a single working day before
/// [`HolidayCalendar::add_working_days`] gives up with `workdays.no_working_day`.
pub const MAX_YEARS_WITHOUT_WORKING_DAY: u32 = 27;

fn is_rest(rest: &[bool; 7], d: NaiveDate) -> bool {
    rest.get(d.weekday().num_days_from_monday() as usize).copied().unwrap_or(false)
}

/// Days of `from ..= to` that are not rest days: whole weeks at once, then the rest one by one.
fn off_weekend_days(rest: &[bool; 7], from: NaiveDate, to: NaiveDate) -> u64 {
    if to < from {
        return 0;
    }
    let days = (to - from).num_days().unsigned_abs() + 1;
    let per_week = rest.iter().filter(|r| !**r).count() as u64;
    let mut count = days / 7 * per_week;
    let start = u64::from(from.weekday().num_days_from_monday());
    for k in 0..days % 7 {
        if !rest.get(((start + k) % 7) as usize).copied().unwrap_or(false) {
            count += 1;
        }
    }
    count
}

fn rule_date(rule: &HolidayRule, year: i32) -> Option<NaiveDate> {
    match rule.date {
        HolidayDate::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
        HolidayDate::Easter { offset } => {
            let e = easter_sunday(year)?;
            if offset >= 0 {
                e.checked_add_days(Days::new(offset as u64))
            } else {
                e.checked_sub_days(Days::new(offset.unsigned_abs()))
            }
        }
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
/// `None` for years before 1583 or after 9999 (the [supported range](crate::iso#the-range-of-dates)).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    if !(1583..=LAST_DATE.year()).contains(&year) {
        return None;
    }
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_dates() {
        // Published Easter dates.
        for (y, e) in
            [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2000, "2000-04-23"), (2038, "2038-04-25")]
        {
            assert_eq!(easter_sunday(y), Some(d(e)), "{y}");
        }
        assert_eq!(easter_sunday(1500), None);
    }

    #[test]
    fn italian_holidays() {
        let it = HolidayCalendar::italy();
        assert!(it.is_holiday(d("2025-04-21"))); // Easter Monday 2025
        assert!(it.is_holiday(d("2026-04-06")));
        assert!(it.is_holiday(d("2025-06-02")));
        assert!(!it.is_holiday(d("1990-06-02")));
        assert!(it.is_holiday(d("2027-10-04")));
        assert!(!it.is_holiday(d("2025-10-04")));
        assert_eq!(it.holidays(2027).unwrap().len(), 12 + 1); // 12 weekday-able national holidays plus Easter Sunday
        assert!(!it.is_working_day(d("2025-03-22"))); // Saturday
        assert_eq!(it.next_working_day(d("2025-03-22")).unwrap(), d("2025-03-24"));
        // Thursday 24 April 2025 + 2 working days: 25 April is a holiday, then the weekend.
        assert_eq!(it.add_working_days(d("2025-04-24"), 2).unwrap(), d("2025-04-29"));
        let roma = HolidayCalendar::italy().with_patron(6, 29, "Santi Pietro e Paolo").unwrap();
        assert!(roma.is_holiday(d("2026-06-29")));
        assert!(HolidayCalendar::italy().with_patron(2, 30, "x").is_err());
    }

    /// The old day-by-day walk, as the reference for the arithmetic.
    fn walk(cal: &HolidayCalendar, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        let (mut d, mut left) = (date, n);
        while left > 0 {
            d = d.succ_opt()?;
            if cal.is_working_day(d) {
                left -= 1;
            }
        }
        Some(d)
    }

    #[test]
    fn add_working_days_matches_the_walk() {
        let mut odd = HolidayCalendar::italy().with_patron(6, 29, "Santi Pietro e Paolo").unwrap();
        odd.weekend = vec![Weekday::Sun, Weekday::Wed, Weekday::Sun];
        odd.rules
            .push(HolidayRule { name: "x".into(), date: HolidayDate::Easter { offset: 300 }, from_year: Some(2027), to_year: None });
        let none = HolidayCalendar { rules: vec![], weekend: vec![] };
        for cal in [HolidayCalendar::italy(), odd, none] {
            for start in ["2025-12-19", "2025-12-31", "2026-01-01", "2024-02-28", "2027-04-30", "2026-12-24"] {
                for n in [0, 1, 2, 5, 13, 250, 251, 260, 500, 1000, 3001] {
                    assert_eq!(cal.add_working_days(d(start), n).ok(), walk(&cal, d(start), n), "{start} + {n}");
                }
            }
        }
    }

    /// At the end of the supported range the arithmetic agrees with the walk wherever the walk
    /// stays in range, and is `workdays.out_of_range` where it leaves it.
    #[test]
    fn add_working_days_at_the_end_of_the_range() {
        let it = HolidayCalendar::italy();
        for start in ["9998-12-20", "9999-06-30", "9999-12-24", "9999-12-30"] {
            for n in [1, 2, 5, 20, 100, 200, 255, 256, 260, 300] {
                let got = it.add_working_days(d(start), n);
                match walk(&it, d(start), n).filter(|r| *r <= LAST_DATE) {
                    Some(want) => assert_eq!(got, Ok(want), "{start} + {n}"),
                    None => assert_eq!(got, Err(WorkdaysError::OutOfRange), "{start} + {n}"),
                }
            }
        }
    }

    #[test]
    fn add_working_days_is_fast_and_bounded() {
        let it = HolidayCalendar::italy();
        let t = std::time::Instant::now();
        assert_eq!(it.add_working_days(d("2026-03-02"), u32::MAX), Err(WorkdaysError::OutOfRange));
        assert_eq!(it.add_working_days(d("2026-03-02"), i32::MAX as u32), Err(WorkdaysError::OutOfRange));
        // Within the first bound (days off the weekend) but beyond the holidays: year by year.
        assert_eq!(it.add_working_days(d("2026-03-02"), 68_000_000), Err(WorkdaysError::OutOfRange));
        let far = it.add_working_days(d("2026-03-02"), 1_900_000).unwrap();
        assert!(far.year() > 9_000, "{far}");
        assert_eq!(it.add_working_days(NaiveDate::MAX, 1), Err(WorkdaysError::OutOfRange));
        // The supported range ends on 9999-12-31 (a Friday): no result after it.
        assert_eq!(it.add_working_days(d("9999-12-28"), 3), Ok(LAST_DATE));
        assert_eq!(it.add_working_days(d("9999-12-28"), 4), Err(WorkdaysError::OutOfRange));
        assert_eq!(it.add_working_days(LAST_DATE, 1), Err(WorkdaysError::OutOfRange));
        assert_eq!(it.next_working_day(LAST_DATE), Ok(LAST_DATE));
        assert_eq!(HolidayCalendar { rules: vec![], weekend: vec![Weekday::Fri] }.next_working_day(LAST_DATE), Err(WorkdaysError::OutOfRange));
        assert_eq!(it.holidays(10_000), Err(WorkdaysError::OutOfRange));
        assert_eq!(it.holidays(0), Err(WorkdaysError::OutOfRange));
        assert_eq!(it.holidays(9999).map(|h| h.len()), Ok(13));
        assert_eq!((easter_sunday(9999).is_some(), easter_sunday(10_000)), (true, None));
        assert!(t.elapsed() < std::time::Duration::from_secs(5), "{:?}", t.elapsed());
        let all_rest = HolidayCalendar {
            rules: vec![],
            weekend: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun],
        };
        assert_eq!(all_rest.add_working_days(d("2026-03-02"), 1), Err(WorkdaysError::NoWorkingDay));
        // Every weekday but Monday is a rest day and every Monday is a holiday: no working day.
        let mut mondays =
            HolidayCalendar { rules: vec![], weekend: vec![Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun] };
        for m in 1..=12 {
            for day in 1..=31 {
                mondays.rules.push(fixed("x", m, day, None, None));
            }
        }
        assert_eq!(mondays.add_working_days(d("2026-03-02"), 1), Err(WorkdaysError::NoWorkingDay));
    }

    #[test]
    fn json_round_trip() {
        let it = HolidayCalendar::italy();
        let s = serde_json::to_string(&it).unwrap();
        assert!(s.contains(r#""weekend":["Sat","Sun"]"#), "{s}");
        let back: HolidayCalendar = serde_json::from_str(&s).unwrap();
        assert_eq!(back, it);
    }
}
