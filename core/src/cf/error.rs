use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::places::Place;
use crate::error::Coded;

/// Errors of codice fiscale functions; codes start with `cf.`.
///
/// Validation reports the first failing level, in this order: `cf.format`, `cf.check_char`,
/// `cf.date`, `cf.place_unknown`. A birthplace not in force on the birth date is a warning
/// (`cf.place_not_valid_on_date` in [`super::Decoded::warnings`]) unless strict mode is asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum CfError {
    /// Not 16 characters of the codice fiscale pattern (after normalisation).
    #[serde(rename = "cf.format")]
    #[error("not a codice fiscale: {reason}")]
    Format {
        /// What is wrong, e.g. `15 characters instead of 16` or which character is not of the pattern.
        reason: String,
    },
    /// The check letter (16th character) does not match the first 15.
    #[serde(rename = "cf.check_char")]
    #[error("wrong check character: expected {expected}, found {found}")]
    CheckChar {
        /// The check letter computed from the first 15 characters.
        expected: char,
        /// The 16th character of the input.
        found: char,
    },
    /// The month/day part is not a real date in any century (day 00, 32..40, 72+, 30 February...).
    #[serde(rename = "cf.date")]
    #[error("impossible birth date: {reason}")]
    Date {
        /// Why no date fits, e.g. `month 4 has no day 31` or a day outside 01-31 and 41-71.
        reason: String,
    },
    /// The Belfiore code (`place`) is not in the place table.
    #[serde(rename = "cf.place_unknown")]
    #[error("unknown birthplace code {place}")]
    PlaceUnknown {
        /// The 4-character Belfiore code read from the code (omocodia letters turned into digits).
        place: String,
    },
    /// Strict mode only: the Belfiore code exists but was not in force on the birth date.
    #[serde(rename = "cf.place_not_valid_on_date")]
    #[error("birthplace code {place} was not in force on {date}")]
    PlaceNotValidOnDate {
        /// The Belfiore code read from the code.
        place: String,
        /// The birth date decoded from the code.
        date: NaiveDate,
    },
    /// Encoding: no place has this name (with this province, if one was given).
    #[serde(rename = "cf.place_not_found")]
    #[error("no birthplace named {name:?}{}", province.as_deref().map(|p| format!(" in province {p}")).unwrap_or_default())]
    PlaceNotFound {
        /// The place name that was searched for.
        name: String,
        /// The province abbreviation given to narrow the search, if any.
        province: Option<String>,
    },
    /// Encoding: several places have this name on the birth date; `candidates` lists them.
    #[serde(rename = "cf.place_ambiguous")]
    #[error("birthplace {name:?} is ambiguous: {}", candidates.iter().map(|c| format!("{} ({})", c.code, c.province.as_deref().unwrap_or("-"))).collect::<Vec<_>>().join(", "))]
    PlaceAmbiguous {
        /// The place name that was searched for.
        name: String,
        /// Every place with that name in force on the birth date (a province would pick one).
        candidates: Vec<Place>,
    },
    /// Encoding: a surname or name without any letter.
    #[serde(rename = "cf.name")]
    #[error("the {field} has no letters")]
    Name {
        /// Which name has no letters: `"surname"` or `"name"`.
        field: String,
    },
}

impl Coded for CfError {
    fn code(&self) -> &'static str {
        match self {
            CfError::Format { .. } => "cf.format",
            CfError::CheckChar { .. } => "cf.check_char",
            CfError::Date { .. } => "cf.date",
            CfError::PlaceUnknown { .. } => "cf.place_unknown",
            CfError::PlaceNotValidOnDate { .. } => "cf.place_not_valid_on_date",
            CfError::PlaceNotFound { .. } => "cf.place_not_found",
            CfError::PlaceAmbiguous { .. } => "cf.place_ambiguous",
            CfError::Name { .. } => "cf.name",
        }
    }
}

/// Errors of partita IVA / 11-digit code functions; codes start with `piva.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum PivaError {
    /// Not 11 digits (after normalisation).
    #[serde(rename = "piva.format")]
    #[error("not a partita IVA: {reason}")]
    Format {
        /// What is wrong, e.g. `10 digits instead of 11` or an unexpected character.
        reason: String,
    },
    /// The 11th digit does not match the first 10.
    #[serde(rename = "piva.check_digit")]
    #[error("wrong check digit: expected {expected}, found {found}")]
    CheckDigit {
        /// The check digit computed from the first 10 digits.
        expected: u8,
        /// The 11th digit of the input.
        found: u8,
    },
    /// `00000000000`: passes the arithmetic but is never a real code.
    #[serde(rename = "piva.zero")]
    #[error("00000000000 is not a valid code")]
    Zero,
}

impl Coded for PivaError {
    fn code(&self) -> &'static str {
        match self {
            PivaError::Format { .. } => "piva.format",
            PivaError::CheckDigit { .. } => "piva.check_digit",
            PivaError::Zero => "piva.zero",
        }
    }
}
