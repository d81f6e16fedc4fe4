//! Decoding: the century of the birth year and the birthplace on the birth date.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::code::{self, Parsed};
use super::places;
use super::{Birthplace, CfError, Decoded, Sex};

/// Warning: the birthplace code exists but was not in force on the birth date.
pub const WARN_PLACE_NOT_VALID_ON_DATE: &str = "cf.place_not_valid_on_date";

/// Options of [`super::decode_with`]. JSON: `{"today": "2026-11-23", "maxAge": 120, "strictPlace": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecodeOptions {
    /// The reference date: no birth after it.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub today: NaiveDate,
    /// Oldest age considered when choosing the century (default 120, `DEFAULT_MAX_AGE`; above 200
    /// is treated as 200).
    #[serde(default = "default_max_age")]
    pub max_age: u32,
    /// Turn `cf.place_not_valid_on_date` from a warning into an error.
    #[serde(default)]
    pub strict_place: bool,
}

/// The options of `decode` a caller gives beside the reference date (the bindings' keyword
/// arguments `max_age` / `strict_place`, the JS options object `{maxAge, strictPlace}`): an absent
/// one keeps [`DecodeOptions`]'s default. JSON: `{"maxAge": 100, "strictPlace": true}`, each key
/// optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecodeChoices {
    /// [`DecodeOptions::max_age`]; absent: 120.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub max_age: Option<u32>,
    /// [`DecodeOptions::strict_place`]; absent: `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub strict_place: Option<bool>,
}

fn default_max_age() -> u32 {
    DecodeOptions::DEFAULT_MAX_AGE
}

impl DecodeOptions {
    /// The default `max_age`: 120 years, the oldest age a living person plausibly has.
    pub const DEFAULT_MAX_AGE: u32 = 120;

    /// Default options for `today`: maximum age [`DecodeOptions::DEFAULT_MAX_AGE`], place validity
    /// as a warning.
    pub fn new(today: NaiveDate) -> Self {
        DecodeOptions { today, max_age: Self::DEFAULT_MAX_AGE, strict_place: false }
    }

    /// The options for `today` with those a caller gave: an absent one keeps its default (what
    /// every binding's `decode` builds from its optional arguments).
    pub fn given(today: NaiveDate, max_age: Option<u32>, strict_place: Option<bool>) -> Self {
        let d = DecodeOptions::new(today);
        DecodeOptions { today, max_age: max_age.unwrap_or(d.max_age), strict_place: strict_place.unwrap_or(d.strict_place) }
    }

    /// The options for `today` with the caller's `choices` ([`DecodeOptions::given`]).
    pub fn chosen(today: NaiveDate, choices: &DecodeChoices) -> Self {
        Self::given(today, choices.max_age, choices.strict_place)
    }
}

/// Completed years between `birth` and `today` (`birth <= today`).
fn age(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// The birth date by the rule of docs/cf.md: candidates `..yy` in every century that give a
/// real date, not after `today`, age <= `max_age`; among several, those where the birthplace
/// was in force; then the most recent. `None` when no century fits.
pub(crate) fn birth_date(p: &Parsed, place: Option<&places::Rows>, opts: &DecodeOptions) -> Option<NaiveDate> {
    let today = opts.today;
    let max_age = opts.max_age.min(200) as i32;
    let mut candidates: [Option<NaiveDate>; 3] = [None; 3];
    let mut n = 0usize;
    let mut century = today.year().div_euclid(100);
    loop {
        let year = century * 100 + i32::from(p.yy);
        if year < today.year() - max_age - 1 || n == candidates.len() {
            break;
        }
        century -= 1;
        let Some(d) = NaiveDate::from_ymd_opt(year, u32::from(p.month), u32::from(p.day)).and_then(crate::iso::in_range) else { continue };
        if d > today || age(d, today) > max_age {
            continue;
        }
        if let Some(slot) = candidates.get_mut(n) {
            *slot = Some(d);
            n += 1;
        }
    }
    // Candidates are newest first.
    let found = candidates.iter().flatten();
    if n > 1 {
        if let Some(rows) = place {
            if let Some(&d) = found.clone().find(|&&d| rows.valid_on(places::day_number(d))) {
                return Some(d);
            }
        }
    }
    found.copied().next()
}

pub(crate) fn decode(input: &str, opts: &DecodeOptions) -> Result<Decoded, CfError> {
    let p = code::parse_shared(input).map_err(code::Fail::into_error)?;
    let Some(rows) = places::code_index(&p.place).map(places::rows) else {
        return Err(code::Fail::PlaceUnknown(p.place).into_error()); // ok: parse checked it
    };
    let birth = birth_date(&p, Some(&rows), opts);
    let (row, valid) = places::pick_row(&rows, birth.map(places::day_number));
    let mut warnings = Vec::new();
    if valid == Some(false) {
        if opts.strict_place {
            if let Some(date) = birth {
                return Err(CfError::PlaceNotValidOnDate { place: code::ascii_string(&p.place), date });
            }
        }
        warnings.push(WARN_PLACE_NOT_VALID_ON_DATE.to_string());
    }
    // The input is usually the code itself: copy it rather than re-validating bytes as UTF-8.
    let code = if input.as_bytes() == p.bytes { input.to_owned() } else { code::code_string(&p.bytes) };
    let canonical_bytes = code::canonical_bytes(&p.bytes);
    let canonical = if canonical_bytes == p.bytes { code.clone() } else { code::code_string(&canonical_bytes) };
    Ok(Decoded {
        code,
        canonical,
        sex: if p.female { Sex::F } else { Sex::M },
        birth_date: birth,
        birthplace: Birthplace {
            code: code::ascii_string(&p.place),
            name: Cow::Borrowed(places::row_name(row)),
            province: places::row_province(row).map(Cow::Borrowed),
            kind: places::kind_of(&p.place),
            valid_on_birth_date: valid,
        },
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn born(code: &str, today: &str) -> Option<NaiveDate> {
        decode(code, &DecodeOptions::new(d(today))).unwrap().birth_date
    }

    #[test]
    fn century_rule() {
        assert_eq!(born("RSSMRA80A01H501U", "2026-11-23"), Some(d("1980-01-01")));
        assert_eq!(born("RSSMRA26A01H501M", "2026-11-23"), Some(d("2026-01-01")));
        assert_eq!(born("RSSMRA26A01H501M", "2025-12-31"), Some(d("1926-01-01")));
        // 29 Feb 2000 exists, 29 Feb 1900 does not.
        assert_eq!(born("RSSMRA00B29H501Y", "2026-11-23"), Some(d("2000-02-29")));
        assert_eq!(born("RSSMRA00B29H501Y", "1999-01-01"), None);
    }

    #[test]
    fn place_breaks_the_tie() {
        // Z105 Cecoslovacchia ceased 1993: 1899 and 1999 are both possible with max age 130.
        let mut o = DecodeOptions::new(d("2026-11-23"));
        let code = {
            let mut c = *b"RSSMRA99A01Z105?";
            c[15] = code::check_char(&c);
            String::from_utf8(c.to_vec()).unwrap()
        };
        assert_eq!(decode(&code, &o).unwrap().birth_date, Some(d("1999-01-01")));
        o.max_age = 130;
        let r = decode(&code, &o).unwrap();
        assert_eq!(r.birth_date, Some(d("1999-01-01")), "Z105 did not exist in 1899 either (from 1900)");
        assert_eq!(r.warnings, vec![WARN_PLACE_NOT_VALID_ON_DATE.to_string()]);
        o.strict_place = true;
        assert!(matches!(decode(&code, &o), Err(CfError::PlaceNotValidOnDate { .. })));
    }
}
