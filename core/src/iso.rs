//! ISO calendar dates as the JSON shapes write them: `YYYY-MM-DD`, exactly. Every date field of the
//! core's types reads through `de_date` / `de_opt_date`, and the bindings parse date arguments
//! with [`date`] (and instant arguments with [`instant`]), so a date is accepted or refused the
//! same way everywhere, with the same message.
//!
//! Strict and small on purpose: chrono's general parser also accepts signed and longer years and
//! brings some 10 KB of code into the WASM package, which ships only this.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// A date written `YYYY-MM-DD` (four-digit year), if it is a real day.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| b.get(r)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// [`parse_date`], or the message every binding and deserializer gives for a malformed date.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).ok_or_else(|| format!("expected a date as YYYY-MM-DD, got {s:?}"))
}

/// An instant written in RFC 3339 with its offset (`2026-03-30T09:00:00+02:00`), or the message
/// every binding gives for a malformed one.
pub fn instant(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|_| format!("expected an RFC 3339 date-time with offset, got {s:?}"))
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

    use chrono::Datelike;
}
