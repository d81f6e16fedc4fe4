//! `cf` and `piva` namespaces: mechanical mappings of `sportello::cf`. Dates are `YYYY-MM-DD`
//! strings; structured results are plain objects in the core's JSON shape (types `Decoded`,
//! `MatchReport`, `Place`, `TaxCode`, `Person`, `Declared`).
use napi_derive::napi;
use sportello::cf as core;

use std::borrow::Cow;

use napi::bindgen_prelude::{Either, FnArgs, Latin1String};

use crate::{date, err, from_js, to_js, Built, Result};

/// Options of `cf.decode`: `{ maxAge?: number (default 120), strictPlace?: boolean (default false) }`.
#[napi(object, js_name = "CfDecodeOptions")]
pub struct DecodeOptions {
    pub max_age: Option<u32>,
    pub strict_place: Option<bool>,
}

fn opt_date(s: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    s.map(|s| date(&s)).transpose()
}

/// Trims, removes inner spaces, upper-cases and strips a SPID `TINIT-` prefix.
#[napi(namespace = "cf")]
pub fn normalize(code: String) -> String {
    core::normalize(&code)
}

/// Whether `code` is a valid codice fiscale (format, check letter, date, known birthplace).
#[napi(namespace = "cf")]
pub fn is_valid(code: String) -> bool {
    core::is_valid(&code)
}

/// `isValid` over an array.
#[napi(namespace = "cf")]
pub fn is_valid_many(codes: Vec<String>) -> Vec<bool> {
    core::is_valid_many(&codes)
}

/// The normalised code; throws `cf.format`, `cf.check_char`, `cf.date` or `cf.place_unknown`.
#[napi(namespace = "cf")]
pub fn validate(code: String) -> Result<String> {
    core::validate(&code).map_err(err)
}

/// Sex, birth date (century chosen against `today`, `YYYY-MM-DD`) and birthplace.
#[napi(namespace = "cf", ts_return_type = "Decoded")]
pub fn decode(code: String, today: String, options: Option<DecodeOptions>) -> Result<Built<DecodedArgs>> {
    let mut o = core::DecodeOptions::new(date(&today)?);
    if let Some(opts) = options {
        o.max_age = opts.max_age.unwrap_or(o.max_age);
        o.strict_place = opts.strict_place.unwrap_or(o.strict_place);
    }
    let d = core::decode_with(&code, &o).map_err(err)?;
    let (date, p) = (d.birth_date.map(sportello::iso::date_string), d.birthplace);
    // Codes, dates and provinces are ASCII: created as Latin-1, which V8 copies without decoding.
    let ascii = Latin1String::from;
    let name = match p.name {
        Cow::Borrowed(s) => Either::A(s), // the table's own text: no copy
        Cow::Owned(s) => Either::B(s),
    };
    let province = p.province.map(|p| ascii(p.into_owned()));
    let args = (ascii(d.code), ascii(d.canonical), d.sex.as_str(), date.map(ascii), ascii(p.code), name, province, p.kind.as_str(), p.valid_on_birth_date, d.warnings);
    Ok(Built { source: DECODED, args: args.into() })
}

/// `Decoded` in its JSON shape (key order included) from positional fields.
const DECODED: &str = "(function (code, canonical, sex, birthDate, place, name, province, kind, valid, warnings) { \
    return { code, canonical, sex, birthDate, birthplace: { code: place, name, province, kind, validOnBirthDate: valid }, warnings }; })";

type DecodedArgs = FnArgs<(Latin1String, Latin1String, &'static str, Option<Latin1String>, Latin1String, Either<&'static str, String>, Option<Latin1String>, &'static str, Option<bool>, Vec<String>)>;

/// The codice fiscale of a person (`birthplace`: a Belfiore code or a place name).
#[napi(namespace = "cf", ts_args_type = "person: Person")]
pub fn encode(person: serde_json::Value) -> Result<String> {
    core::encode(&from_js(person)?).map_err(err)
}

/// Checks `code` against declared data (every field optional; missing ones are skipped).
#[napi(namespace = "cf", ts_args_type = "code: string, declared: Declared", ts_return_type = "MatchReport")]
pub fn matches(code: String, declared: serde_json::Value) -> Result<crate::Json> {
    to_js(&core::matches_declared(&code, &from_js(declared)?).map_err(err)?)
}

/// The canonical (non-omocode) form of a valid code.
#[napi(namespace = "cf")]
pub fn canonical(code: String) -> Result<String> {
    core::canonical(&code).map_err(err)
}

/// All 128 omocodia variants of a valid code, canonical first.
#[napi(namespace = "cf")]
pub fn omocodes(code: String) -> Result<Vec<String>> {
    core::omocodes(&code).map_err(err)
}

/// Whether two codes denote the same person (equal canonical forms).
#[napi(namespace = "cf")]
pub fn same_person(a: String, b: String) -> bool {
    core::same_person(&a, &b)
}

/// A tax code field holding a personal (16) or numeric (11) code.
#[napi(namespace = "cf", ts_return_type = "TaxCode")]
pub fn validate_tax_code(code: String) -> Result<crate::Json> {
    to_js(&core::validate_tax_code(&code).map_err(err)?)
}

/// The period of a Belfiore code in force on `on`, or `null`.
#[napi(namespace = "cf", ts_return_type = "Place | null")]
pub fn place_lookup(code: String, on: String) -> Result<crate::Json> {
    to_js(&core::places::lookup(&code, date(&on)?))
}

/// Every period of a Belfiore code, oldest first.
#[napi(namespace = "cf", ts_return_type = "Place[]")]
pub fn place_history(code: String) -> Result<crate::Json> {
    to_js(&core::places::history(&code))
}

/// Periods whose name equals `name` (case, accents, spaces and apostrophes ignored).
#[napi(namespace = "cf", ts_return_type = "Place[]")]
pub fn places_by_name(name: String, province: Option<String>, on: Option<String>) -> Result<crate::Json> {
    to_js(&core::places::by_name(&name, province.as_deref(), opt_date(on)?))
}

/// Up to `limit` (default 10) places whose name starts with `prefix`.
#[napi(namespace = "cf", ts_return_type = "Place[]")]
pub fn place_search(prefix: String, on: Option<String>, limit: Option<u32>) -> Result<crate::Json> {
    to_js(&core::places::search(&prefix, opt_date(on)?, limit.unwrap_or(10) as usize))
}

/// A birthplace given as a code or a name (+ province) for a birth on `on`.
#[napi(namespace = "cf", ts_return_type = "Place")]
pub fn place_resolve(place: String, on: String, province: Option<String>) -> Result<crate::Json> {
    to_js(&core::places::resolve(&place, province.as_deref(), date(&on)?).map_err(err)?)
}

/// Whether `code` is a valid 11-digit code (partita IVA, numeric or temporary codice fiscale).
#[napi(namespace = "piva", js_name = "isValid")]
pub fn piva_is_valid(code: String) -> bool {
    core::piva::is_valid(&code)
}

/// The normalised 11 digits; throws `piva.format`, `piva.zero` or `piva.check_digit`.
#[napi(namespace = "piva", js_name = "validate")]
pub fn piva_validate(code: String) -> Result<String> {
    core::piva::validate(&code).map_err(err)
}
