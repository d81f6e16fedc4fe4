//! ISO calendar dates as the JSON shapes write them: `YYYY-MM-DD`, exactly, and instants in RFC
//! 3339 with their offset. Every date field of the core's types reads through `de_date` /
//! `de_opt_date` and every instant field through `de_instant` / `de_opt_instant`, and the bindings
//! parse date arguments with [`date`] and instant arguments with [`instant`], so a date or an
//! instant is accepted or refused the same way everywhere, with the same message.
//!
//! Strict and small on purpose: chrono's general parser also accepts signed and longer years and
//! brings some 10 KB of code into the WASM package, which ships only this.
//!
//! # The range of dates
//!
//! Every date the core reads or computes is in [`FIRST_DATE`] `..=` [`LAST_DATE`], years 1 to
//! 9999: the years `YYYY-MM-DD` writes with four digits and Python's `date` holds (JavaScript's
//! `Date` holds more). A date read outside it is refused like a malformed one; a computation
//! whose result would leave it (a deadline of three million days, the working days after
//! 9999-12-30) fails with its capability's range error (`workdays.out_of_range`,
//! `practice.date_range`, ...) through [`add_days`] / [`sub_days`] / [`in_range`], so that the
//! three bindings give the same error instead of a date one host cannot hold. Instants are held
//! one day inside (UTC dates 0001-01-02 to 9999-12-30, [`instant_in_range`]), so that their date
//! in any offset, Europe/Rome's included, is a date of the range.

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer};

/// The first date of the supported range: 0001-01-01.
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last date of the supported range: 9999-12-31.
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// `d`, if it is in the supported range ([`FIRST_DATE`] `..=` [`LAST_DATE`]).
pub fn in_range(d: NaiveDate) -> Option<NaiveDate> {
    (FIRST_DATE..=LAST_DATE).contains(&d).then_some(d)
}

/// `d` plus `n` days, if the result is in the supported range.
pub fn add_days(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    in_range(d.checked_add_days(Days::new(n))?)
}

/// `d` minus `n` days, if the result is in the supported range.
pub fn sub_days(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    in_range(d.checked_sub_days(Days::new(n))?)
}

/// The supported range of instants in unix seconds: 0001-01-02T00:00:00Z to 9999-12-30T23:59:59Z,
/// one day inside the range of dates, so that an instant's date in any offset (its own, Europe/
/// Rome's) is in the range of dates. The one definition: [`instant_in_range`] and
/// [`seconds_in_range`] compare against it.
pub const INSTANT_SECONDS: std::ops::RangeInclusive<i64> = -62_135_510_400..=253_402_214_399;

/// The message every binding gives for an instant outside the range, `got` being what was given.
fn instant_out_of_range(got: std::fmt::Arguments<'_>) -> String {
    format!("expected an instant from 0001-01-02 to 9999-12-30 UTC, got {got}")
}

/// `t`, if it is in the supported range of instants ([`INSTANT_SECONDS`]).
pub fn instant_in_range(t: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    INSTANT_SECONDS.contains(&t.timestamp()).then_some(t)
}

/// [`instant_in_range`], or the message every binding gives for an instant outside the range
/// (read from text or a host's date-time).
pub fn instant_checked(t: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, String> {
    instant_in_range(t).ok_or_else(|| instant_out_of_range(format_args!("\"{}\"", t.to_rfc3339())))
}

/// `secs`, if these unix seconds are in the supported range of instants (a comparison of
/// integers, for the audit's millions of rows), or the message every binding gives.
pub fn seconds_in_range(secs: i64) -> Result<i64, String> {
    if INSTANT_SECONDS.contains(&secs) {
        Ok(secs)
    } else {
        Err(instant_out_of_range(format_args!("{secs} unix seconds")))
    }
}

/// The instant of `secs` unix seconds ([`seconds_in_range`]), in UTC.
pub fn seconds_checked(secs: i64) -> Result<DateTime<FixedOffset>, String> {
    let secs = seconds_in_range(secs)?;
    DateTime::from_timestamp(secs, 0)
        .map(|t| t.fixed_offset())
        .ok_or_else(|| instant_out_of_range(format_args!("{secs} unix seconds")))
}

/// A date written `YYYY-MM-DD` (four-digit year), if it is a real day in the supported range.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    in_range(parse_any_date(s)?)
}

/// A date written `YYYY-MM-DD` (four-digit year, 0000 included), if it is a real day.
fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| b.get(r)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// [`parse_date`], or the message every binding and deserializer gives for a malformed date or
/// one outside the supported range.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    match parse_any_date(s) {
        Some(d) => in_range(d).ok_or_else(|| format!("expected a date from 0001-01-01 to 9999-12-31, got {s:?}")),
        None => Err(format!("expected a date as YYYY-MM-DD, got {s:?}")),
    }
}

/// An instant written in RFC 3339 with its offset (`2026-03-30T09:00:00+02:00`) and a date in the
/// supported range, or the message every binding gives for any other text.
pub fn instant(s: &str) -> Result<DateTime<FixedOffset>, String> {
    match DateTime::parse_from_rfc3339(s) {
        Ok(t) => instant_checked(t),
        Err(_) => Err(format!("expected an RFC 3339 date-time with offset, got {s:?}")),
    }
}

/// `date` as `YYYY-MM-DD` (chrono's `to_string` for years 0 to 9999, without the formatter).
pub fn date_string(date: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, d) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&y) {
        return date.to_string();
    }
    let y = y as u32; // ok: checked above
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8); // ok: one digit
    let mut s = String::with_capacity(10);
    for c in [digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), '-', digit(m / 10), digit(m), '-', digit(d / 10), digit(d)] {
        s.push(c);
    }
    s
}

/// serde `deserialize_with` for a `DateTime<FixedOffset>` field: read by [`instant`], as an
/// argument is (RFC 3339 with its offset, in the supported range), rather than by chrono's relaxed
/// parser (which also takes spaces between the parts: before the offset, before the date).
pub(crate) fn de_instant<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    instant(&s).map_err(serde::de::Error::custom)
}

/// serde `deserialize_with` for an `Option<DateTime<FixedOffset>>` field (with `#[serde(default)]`).
pub(crate) fn de_opt_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    match Option::<std::borrow::Cow<str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => instant(&s).map(Some).map_err(serde::de::Error::custom),
    }
}

/// serde `deserialize_with` for a `NaiveDate` field.
pub(crate) fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    date(&s).map_err(serde::de::Error::custom)
}

/// serde `deserialize_with` for an `Option<NaiveDate>` field (with `#[serde(default)]`).
pub(crate) fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<std::borrow::Cow<str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => date(&s).map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_iso_dates() {
        assert_eq!(date_string(NaiveDate::from_ymd_opt(7, 3, 9).unwrap()), "0007-03-09");
        assert_eq!(date_string(NaiveDate::from_ymd_opt(-1, 3, 9).unwrap()), NaiveDate::from_ymd_opt(-1, 3, 9).unwrap().to_string());
        assert_eq!(parse_date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(parse_date("0001-01-01"), NaiveDate::from_ymd_opt(1, 1, 1));
        assert_eq!(parse_date("9999-12-31"), Some(LAST_DATE));
        assert_eq!(parse_date("0000-12-31"), None);
        assert_eq!(date("0000-12-31").unwrap_err(), r#"expected a date from 0001-01-01 to 9999-12-31, got "0000-12-31""#);
        assert_eq!(
            instant("0000-12-31T23:00:00-01:00").unwrap_err(),
            r#"expected an instant from 0001-01-02 to 9999-12-30 UTC, got "0000-12-31T23:00:00-01:00""#
        );
        for bad in ["0001-01-01T23:30:00+00:00", "0001-01-02T00:30:00+01:00", "9999-12-31T00:00:00Z", "9999-12-30T23:30:00-01:00"] {
            assert!(instant(bad).is_err(), "{bad}");
        }
        assert!(instant("0001-01-02T00:00:00Z").is_ok() && instant("9999-12-30T23:59:59Z").is_ok());
        assert_eq!((add_days(LAST_DATE, 1), add_days(LAST_DATE, 0)), (None, Some(LAST_DATE)));
        assert_eq!((sub_days(FIRST_DATE, 1), sub_days(FIRST_DATE, 0)), (None, Some(FIRST_DATE)));
        assert_eq!(add_days(FIRST_DATE, u64::MAX), None);
        // unix seconds: the same range, compared as integers
        for secs in [-62_135_510_400, 0, 253_402_214_399] {
            let t = seconds_checked(secs).unwrap();
            assert_eq!((t.timestamp(), instant_in_range(t)), (secs, Some(t)));
        }
        for secs in [-62_135_510_401, 253_402_214_400, i64::MIN, i64::MAX] {
            assert_eq!(seconds_checked(secs).unwrap_err(), format!("expected an instant from 0001-01-02 to 9999-12-30 UTC, got {secs} unix seconds"));
        }
        for bad in
            ["2023-02-29", "2024-2-29", "+2024-02-29", "2024-02-29 ", "2024/02/29", "", "20240229", "2024-13-01", "2024-00-10", "２０２４-02-29"]
        {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn agrees_with_chrono_on_four_digit_years() {
        let mut d = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
        while d.year_ce().1 < 2200 {
            assert_eq!(parse_date(&d.to_string()), Some(d));
            assert_eq!(date_string(d), d.to_string());
            d = d.succ_opt().unwrap();
        }
    }

    /// Every capability's date fields read the same strict form.
    #[test]
    fn date_fields_are_strict_everywhere() {
        let deadline = |d: &str| {
            let j = format!(r#"{{"submittedOn":"{d}","dueDate":null,"suspendedDays":0,"suspended":false,"closed":false,"on":"2025-03-01"}}"#);
            serde_json::from_str::<crate::practice::Deadline>(&j).is_ok()
        };
        assert!(deadline("2025-02-20"));
        assert!(!deadline("2025-2-20") && !deadline("+2025-02-20") && !deadline("2025-02-30"));
        let person = |d: &str| {
            let j = format!(r#"{{"surname":"Rossi","name":"Mario","sex":"M","birthDate":"{d}","birthplace":"H501"}}"#);
            serde_json::from_str::<crate::cf::Person>(&j).is_ok()
        };
        assert!(person("1980-01-01") && !person("1980-1-1"));
    }

    /// Instants read from a JSON shape hold the same range as instant arguments.
    #[test]
    fn instant_fields_hold_the_range() {
        let practice = |created: &str| {
            let j = format!(
                r#"{{"id":"P-1","kind":"activation","applicant":"RSSMRA80A01H501U","createdAt":"{created}","createdBy":{{"kind":"citizen","id":"RSSMRA80A01H501U"}},"events":[]}}"#
            );
            crate::practice::Practice::from_json(&j).map(|_| ()).map_err(|e| e.to_string())
        };
        assert_eq!(practice("2025-02-20T09:00:00+01:00"), Ok(()));
        assert_eq!(practice("9999-12-30T23:59:59Z"), Ok(()));
        for bad in ["9999-12-31T00:00:00Z", "0001-01-01T12:00:00Z"] {
            let e = practice(bad).unwrap_err();
            assert!(e.contains("expected an instant from 0001-01-02 to 9999-12-30 UTC"), "{e}");
        }
        // the same strict RFC 3339 as an argument: not the spaces chrono's relaxed parser takes
        for bad in ["2025-02-20T09:00:00 +01:00", "2025-02-20T09:00:00 Z", " 2025-02-20T09:00:00Z"] {
            let e = practice(bad).unwrap_err();
            assert!(e.contains("expected an RFC 3339 date-time with offset"), "{bad}: {e}");
        }
    }

    use chrono::Datelike;
}
