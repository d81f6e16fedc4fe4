//! cf — codice fiscale and partita IVA. (SKELETON: signatures agreed, bodies filled in by the cf issue.)
//!
//! Public API (keep these signatures; add to them freely):
//! - [`normalize`], [`is_valid`], [`validate`], [`decode`], [`encode`], [`matches`], [`canonical`],
//!   [`omocodes`], [`same_person`], [`is_valid_many`]
//! - [`piva`]: `piva::is_valid`, `piva::validate`
//! - types [`Sex`], [`Decoded`], [`Birthplace`], [`PlaceKind`], [`Person`], [`MatchReport`], errors [`CfError`], [`PivaError`].

mod error;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use error::{CfError, PivaError};

/// Sex as written in the codice fiscale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
pub enum Sex {
    M,
    F,
}

/// Kind of birthplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase")]
pub enum PlaceKind {
    Comune,
    ForeignState,
}

/// The birthplace encoded in a codice fiscale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase")]
pub struct Birthplace {
    /// Belfiore code, e.g. `H501`.
    pub code: String,
    pub name: String,
    /// Province abbreviation for a comune (as on the birth date), `None` for a foreign state.
    pub province: Option<String>,
    pub kind: PlaceKind,
    /// Whether the code was in force on the birth date (`None` when the date is undetermined).
    pub valid_on_birth_date: Option<bool>,
}

/// A decoded codice fiscale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase")]
pub struct Decoded {
    /// The normalised code as given (omocodia letters kept).
    pub code: String,
    /// The canonical form: all 7 omocodia positions as digits, check letter recomputed.
    pub canonical: String,
    pub sex: Sex,
    /// `None` when no century fits (see the century rule in docs/cf.md).
    pub birth_date: Option<NaiveDate>,
    pub birthplace: Birthplace,
    /// Non-fatal findings, e.g. `"cf.place_not_valid_on_date"`.
    pub warnings: Vec<String>,
}

/// Personal data to encode or to check a code against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub surname: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// A Belfiore code (`H501`) or a place name (`Roma`), resolved for the birth date.
    pub birthplace: String,
    /// Optional province abbreviation to disambiguate a place name.
    #[serde(default)]
    pub province: Option<String>,
}

/// Per-field result of [`matches`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "cf/"))]
#[serde(rename_all = "camelCase")]
pub struct MatchReport {
    /// True when no field is mismatched.
    pub matches: bool,
    /// Names of the fields that disagree: `surname`, `name`, `sex`, `birthDate`, `birthplace`.
    pub mismatched: Vec<String>,
}

/// Trims, removes inner spaces, upper-cases and strips a SPID `TINIT-` prefix.
pub fn normalize(input: &str) -> String {
    input.split_whitespace().collect::<String>().to_uppercase()
}

/// Whether `input` is a valid personal codice fiscale (format, check letter, date, known place).
pub fn is_valid(input: &str) -> bool {
    validate(input).is_ok()
}

/// Validates and returns the normalised code.
pub fn validate(input: &str) -> Result<String, CfError> {
    Err(CfError::Format { reason: format!("not implemented yet: {input}") })
}

/// Decodes sex, birth date (century chosen against `today`) and birthplace.
pub fn decode(input: &str, _today: NaiveDate) -> Result<Decoded, CfError> {
    Err(CfError::Format { reason: format!("not implemented yet: {input}") })
}

/// Computes the codice fiscale of a person.
pub fn encode(person: &Person) -> Result<String, CfError> {
    Err(CfError::Format { reason: format!("not implemented yet: {}", person.surname) })
}

/// Checks a code against declared personal data, field by field.
pub fn matches(input: &str, _declared: &Person) -> Result<MatchReport, CfError> {
    Err(CfError::Format { reason: format!("not implemented yet: {input}") })
}

/// The canonical (non-omocode) form of a valid code.
pub fn canonical(input: &str) -> Result<String, CfError> {
    validate(input)
}

/// All 128 omocodia variants of a valid code, canonical first.
pub fn omocodes(input: &str) -> Result<Vec<String>, CfError> {
    validate(input).map(|c| vec![c])
}

/// Whether two codes denote the same base identity (equal canonical forms).
pub fn same_person(a: &str, b: &str) -> bool {
    matches!((canonical(a), canonical(b)), (Ok(x), Ok(y)) if x == y)
}

/// [`is_valid`] over many codes.
pub fn is_valid_many<S: AsRef<str>>(inputs: &[S]) -> Vec<bool> {
    inputs.iter().map(|s| is_valid(s.as_ref())).collect()
}

/// Partita IVA and other 11-digit numeric tax codes.
pub mod piva {
    use super::PivaError;

    /// Whether `input` is a valid 11-digit code.
    pub fn is_valid(input: &str) -> bool {
        validate(input).is_ok()
    }

    /// Validates and returns the normalised 11 digits (a SPID `VATIT-` prefix is accepted).
    pub fn validate(input: &str) -> Result<String, PivaError> {
        Err(PivaError::Format { reason: format!("not implemented yet: {input}") })
    }
}
