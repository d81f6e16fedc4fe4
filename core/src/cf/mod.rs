//! cf — codice fiscale (personal tax code) and partita IVA (11-digit codes).
//!
//! Public API:
//! - validation: [`normalize`], [`is_valid`], [`validate`], [`is_valid_many`], [`validate_tax_code`]
//!   (a field holding either kind of code). Levels, each its own error code: `cf.format`,
//!   `cf.check_char`, `cf.date`, `cf.place_unknown`.
//! - omocodia: [`canonical`], [`omocodes`] (all 128 variants), [`same_person`].
//! - [`decode`] / [`decode_with`] ([`DecodeOptions`]: today, max age, strict place; a caller's
//!   [`DecodeChoices`] beside today): sex, birth date (century chosen against `today`),
//!   birthplace on that date, warnings (`cf.place_not_valid_on_date`).
//! - [`encode`] from a [`Person`] (birthplace as Belfiore code or name + optional province).
//! - [`matches`](fn@matches) / [`matches_declared`]: a code against declared data, field by field
//!   ([`MatchReport`], [`MatchFields`], [`FieldMatch`], [`Declared`]).
//! - [`places`]: the Belfiore table (`exists`, `lookup`, `history`, `by_name`, `search`, `resolve`).
//! - [`piva`]: `piva::is_valid`, `piva::validate`, `piva::check_digit`.
//! - types [`Sex`], [`Decoded`], [`Birthplace`], [`PlaceKind`], [`Person`], [`TaxCode`], errors
//!   [`CfError`], [`PivaError`].
//!
//! The rules and their sources are in `docs/cf.md`.
//!
//! # Example
//!
//! ```
//! use sportello::cf::{self, Person, Sex};
//! use sportello::Coded;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Validation: the normalised code, or the first failing level as a stable code.
//! assert!(cf::is_valid("RSSMRA80A01H501U"));
//! assert_eq!(cf::validate(" tinit-rssmra80a01h501u ")?, "RSSMRA80A01H501U");
//! assert_eq!(cf::validate("RSSMRA80A01H501A").map_err(|e| e.code()), Err("cf.check_char"));
//!
//! // Decoding: the century is chosen against `today`.
//! let today = "2026-11-23".parse()?;
//! let d = cf::decode("RSSMRA80A01H501U", today)?;
//! assert_eq!(d.sex, Sex::M);
//! assert_eq!(d.birth_date, Some("1980-01-01".parse()?));
//! assert_eq!((d.birthplace.code.as_str(), d.birthplace.name.as_ref()), ("H501", "Roma"));
//!
//! // Encoding from personal data (birthplace by name or Belfiore code).
//! let person = Person {
//!     surname: "Rossi".into(),
//!     name: "Mario".into(),
//!     sex: Sex::M,
//!     birth_date: "1980-01-01".parse()?,
//!     birthplace: "Roma".into(),
//!     province: None,
//! };
//! assert_eq!(cf::encode(&person)?, "RSSMRA80A01H501U");
//! # Ok(())
//! # }
//! ```

mod code;
mod decode;
mod encode;
mod error;
mod matching;
pub mod piva;
pub mod places;
mod translit;
mod types;

use chrono::NaiveDate;

pub use decode::{DecodeChoices, DecodeOptions, WARN_PLACE_NOT_VALID_ON_DATE};
pub use error::{CfError, PivaError};
pub use matching::{Declared, FieldMatch, MatchFields};
pub use places::Place;
pub use types::{Birthplace, Decoded, MatchReport, Person, PlaceKind, Sex, TaxCode};

/// Trims, removes inner spaces, upper-cases (ASCII letters) and strips a SPID `TINIT-` prefix.
pub fn normalize(input: &str) -> String {
    // ASCII upper-casing: a code is ASCII, and Unicode case tables would weigh on the WASM build.
    let s: String = input.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    match s.strip_prefix("TINIT-") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// Whether `input` is a valid personal codice fiscale (format, check letter, date, known place).
/// Allocation-free.
///
/// ```
/// assert!(sportello::cf::is_valid("RSSMRA80A01H501U"));
/// assert!(sportello::cf::is_valid("rssmra80a01h501u")); // normalised first
/// assert!(!sportello::cf::is_valid("RSSMRA80A01H501A")); // wrong check letter
/// ```
pub fn is_valid(input: &str) -> bool {
    code::parse(input).is_ok() // the only inlined copy: the hot path
}

/// Validates and returns the normalised code (omocodia letters kept).
pub fn validate(input: &str) -> Result<String, CfError> {
    code::parse_shared(input).map(|p| code::ascii_string(&p.bytes)).map_err(code::Fail::into_error)
}

/// [`validate`] without building the normalised code: allocation-free when the code is valid,
/// the same error otherwise (the batch and Arrow APIs answer an error code per row with it).
///
/// ```
/// use sportello::error::Coded;
/// assert!(sportello::cf::verify("rssmra80a01h501u").is_ok());
/// assert_eq!(sportello::cf::verify("RSSMRA80A01H501A").unwrap_err().code(), "cf.check_char");
/// ```
pub fn verify(input: &str) -> Result<(), CfError> {
    code::parse_shared(input).map(|_| ()).map_err(code::Fail::into_error)
}

/// The error code of [`verify`], `None` when the code is valid: the answer per row of the batch
/// and Arrow APIs (`validate_many`, `validate_arrow`, the Polars plugin's `cf_validate`).
///
/// ```
/// assert_eq!(sportello::cf::error_code("RSSMRA80A01H501A"), Some("cf.check_char"));
/// assert_eq!(sportello::cf::error_code("RSSMRA80A01H501U"), None);
/// ```
pub fn error_code(input: &str) -> Option<&'static str> {
    verify(input).err().map(|e| crate::error::Coded::code(&e))
}

/// Decodes sex, birth date (century chosen against `today`, maximum age 120) and birthplace.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let d = sportello::cf::decode("RSSMRA80A01H501U", "2026-11-23".parse()?)?;
/// assert_eq!(d.birth_date, Some("1980-01-01".parse()?));
/// assert_eq!(d.birthplace.province.as_deref(), Some("RM"));
/// assert!(d.warnings.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn decode(input: &str, today: NaiveDate) -> Result<Decoded, CfError> {
    decode::decode(input, &DecodeOptions::new(today))
}

/// [`decode`] with options (maximum age, strict birthplace validity).
pub fn decode_with(input: &str, options: &DecodeOptions) -> Result<Decoded, CfError> {
    decode::decode(input, options)
}

/// Computes the codice fiscale of a person (the canonical one, without omocodia).
pub fn encode(person: &Person) -> Result<String, CfError> {
    encode::encode(person)
}

/// Checks a code against declared personal data, field by field.
pub fn matches(input: &str, declared: &Person) -> Result<MatchReport, CfError> {
    matching::matches(input, &Declared::from(declared))
}

/// [`matches`](fn@matches) where any field may be missing (it is then `skipped`).
pub fn matches_declared(input: &str, declared: &Declared) -> Result<MatchReport, CfError> {
    matching::matches(input, declared)
}

/// The canonical (non-omocode) form of a valid code.
pub fn canonical(input: &str) -> Result<String, CfError> {
    let p = code::parse_shared(input).map_err(code::Fail::into_error)?;
    Ok(code::ascii_string(&code::canonical_bytes(&p.bytes)))
}

/// All 128 omocodia variants of a valid code, canonical first. Variant `i` substitutes the
/// positions of the set bits of `i`, bit 0 being the rightmost substitutable position.
pub fn omocodes(input: &str) -> Result<Vec<String>, CfError> {
    let p = code::parse_shared(input).map_err(code::Fail::into_error)?;
    let base = code::canonical_bytes(&p.bytes);
    Ok((0u8..128).map(|mask| code::ascii_string(&code::variant(&base, mask))).collect())
}

/// Whether two codes denote the same base identity (equal canonical forms).
pub fn same_person(a: &str, b: &str) -> bool {
    match (code::parse_shared(a), code::parse_shared(b)) {
        (Ok(x), Ok(y)) => code::canonical_bytes(&x.bytes) == code::canonical_bytes(&y.bytes),
        _ => false,
    }
}

/// [`is_valid`] over many codes.
pub fn is_valid_many<S: AsRef<str>>(inputs: &[S]) -> Vec<bool> {
    inputs.iter().map(|s| is_valid(s.as_ref())).collect()
}

/// Validates a tax code field that may hold a personal code (16 characters) or an 11-digit
/// code, telling which. Errors are `cf.*` for the first kind and `piva.*` for the second.
pub fn validate_tax_code(input: &str) -> Result<TaxCode, crate::Error> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let numeric = compact.len() >= 11 && compact.bytes().rev().take(11).all(|b| b.is_ascii_digit());
    if numeric {
        Ok(TaxCode::Numeric { code: piva::validate(&compact)? })
    } else {
        Ok(TaxCode::Personal { code: validate(&compact)? })
    }
}
