//! The public data types of `cf` (their JSON shapes are stable API).

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::matching::MatchFields;

/// Sex as written in the codice fiscale. JSON: `"M"` or `"F"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(deny_unknown_fields)]
pub enum Sex {
    /// Male (`M`): the day of birth is written as is.
    M,
    /// Female (`F`): the day of birth is written plus 40.
    F,
}

impl Sex {
    /// The JSON name: `"M"` or `"F"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
        }
    }
}

/// Kind of birthplace. JSON: `"comune"` or `"foreignState"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum PlaceKind {
    /// An Italian comune (municipality): a letter other than `Z` and three digits.
    Comune,
    /// A foreign state: `Z` and three digits.
    ForeignState,
}

impl PlaceKind {
    /// The JSON name: `"comune"` or `"foreignState"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Comune => "comune",
            PlaceKind::ForeignState => "foreignState",
        }
    }
}

/// The birthplace encoded in a codice fiscale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Birthplace {
    /// Belfiore code, e.g. `H501` (omocodia letters turned back into digits).
    pub code: String,
    /// The name in force on the birth date (else the next one, else the last one).
    // Borrowed from the built-in table: decoding allocates no name.
    pub name: Cow<'static, str>,
    /// Province abbreviation for a comune (as on the birth date), `None` for a foreign state.
    pub province: Option<Cow<'static, str>>,
    /// Whether the code denotes a comune or a foreign state.
    pub kind: PlaceKind,
    /// Whether the code was in force on the birth date (`None` when the date is undetermined).
    pub valid_on_birth_date: Option<bool>,
}

/// A decoded codice fiscale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Decoded {
    /// The normalised code as given (omocodia letters kept).
    pub code: String,
    /// The canonical form: all 7 omocodia positions as digits, check letter recomputed.
    pub canonical: String,
    /// Sex, read from the day of birth (plus 40 for women).
    pub sex: Sex,
    /// `None` when no century fits (see the century rule in docs/cf.md).
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
    pub birth_date: Option<NaiveDate>,
    /// The birthplace read from the Belfiore code (positions 12-15).
    pub birthplace: Birthplace,
    /// Non-fatal findings, e.g. `"cf.place_not_valid_on_date"`.
    pub warnings: Vec<String>,
}

/// Personal data to encode or to check a code against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    /// Surname (cognome) as written; accented letters count as their base letter, spaces and
    /// apostrophes are skipped.
    pub surname: String,
    /// Given name or names (nome), read the same way as the surname.
    pub name: String,
    /// Sex, `"M"` or `"F"`.
    pub sex: Sex,
    /// Birth date (`YYYY-MM-DD`).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub birth_date: NaiveDate,
    /// A Belfiore code (`H501`) or a place name (`Roma`), resolved for the birth date.
    pub birthplace: String,
    /// Optional province abbreviation to disambiguate a place name.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub province: Option<String>,
}

/// Result of [`matches`](super::matches): overall, and field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchReport {
    /// True when no field is mismatched.
    pub matches: bool,
    /// Names of the fields that disagree: `surname`, `name`, `sex`, `birthDate`, `birthplace`.
    pub mismatched: Vec<String>,
    /// Each field: `matched`, `mismatched` or `skipped` (not declared).
    pub fields: MatchFields,
}

/// A tax code field that may hold either kind of code. JSON:
/// `{"kind": "personal", "code": "RSSMRA80A01H501U"}` or `{"kind": "numeric", "code": "83000390019"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum TaxCode {
    /// 16-character codice fiscale of a person (normalised, omocodia kept).
    Personal {
        /// The 16-character code, upper-case, spaces removed.
        code: String,
    },
    /// 11 digits: partita IVA, numeric codice fiscale of an entity, or a temporary code.
    Numeric {
        /// The 11 digits, spaces removed.
        code: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_is_the_json_name() {
        for s in [Sex::M, Sex::F] {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        for k in [PlaceKind::Comune, PlaceKind::ForeignState] {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
    }
}
