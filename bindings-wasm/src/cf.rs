//! `cf` and `piva` namespaces: mechanical mappings of `sportello::cf`. Dates are `YYYY-MM-DD`
//! strings; structured results are plain objects in the core's JSON shape (types `Decoded`,
//! `MatchReport`, `Place`, `TaxCode`, `Person`, `Declared`).
use serde::Deserialize;
use sportello::cf as core;
use wasm_bindgen::prelude::*;

use crate::{date, err, from_js, to_js, Result};

/// `{ maxAge?, strictPlace? }` of `cf.decode` (absent fields keep the core's defaults).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct DecodeOptions {
    max_age: Option<u32>,
    strict_place: Option<bool>,
}

fn opt_date(s: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    s.map(|s| date(&s)).transpose()
}

/// Codice fiscale functions.
#[wasm_bindgen(js_name = "cf")]
pub struct CfNs;

#[wasm_bindgen(js_class = "cf")]
impl CfNs {
    /// Trims, removes inner spaces, upper-cases and strips a SPID `TINIT-` prefix.
    pub fn normalize(code: &str) -> String {
        core::normalize(code)
    }

    /// Whether `code` is a valid codice fiscale (format, check letter, date, known birthplace).
    #[wasm_bindgen(js_name = "isValid")]
    pub fn is_valid(code: &str) -> bool {
        core::is_valid(code)
    }

    /// `isValid` over an array.
    #[wasm_bindgen(js_name = "isValidMany", unchecked_return_type = "boolean[]")]
    pub fn is_valid_many(codes: Vec<String>) -> Result<JsValue> {
        to_js(&core::is_valid_many(&codes))
    }

    /// The normalised code; throws `cf.format`, `cf.check_char`, `cf.date` or `cf.place_unknown`.
    pub fn validate(code: &str) -> Result<String> {
        core::validate(code).map_err(err)
    }

    /// Sex, birth date (century chosen against `today`, `YYYY-MM-DD`) and birthplace.
    #[wasm_bindgen(unchecked_return_type = "Decoded")]
    pub fn decode(
        code: &str,
        today: &str,
        #[wasm_bindgen(unchecked_param_type = "{ maxAge?: number; strictPlace?: boolean }")] options: Option<JsValue>,
    ) -> Result<JsValue> {
        let mut o = core::DecodeOptions::new(date(today)?);
        let given: DecodeOptions = match options {
            Some(v) if !v.is_null() && !v.is_undefined() => from_js(v)?,
            _ => DecodeOptions::default(),
        };
        o.max_age = given.max_age.unwrap_or(o.max_age);
        o.strict_place = given.strict_place.unwrap_or(o.strict_place);
        to_js(&core::decode_with(code, &o).map_err(err)?)
    }

    /// The codice fiscale of a person (`birthplace`: a Belfiore code or a place name).
    pub fn encode(#[wasm_bindgen(unchecked_param_type = "Person")] person: JsValue) -> Result<String> {
        core::encode(&from_js(person)?).map_err(err)
    }

    /// Checks `code` against declared data (every field optional; missing ones are skipped).
    #[wasm_bindgen(unchecked_return_type = "MatchReport")]
    pub fn matches(code: &str, #[wasm_bindgen(unchecked_param_type = "Declared")] declared: JsValue) -> Result<JsValue> {
        to_js(&core::matches_declared(code, &from_js(declared)?).map_err(err)?)
    }

    /// The canonical (non-omocode) form of a valid code.
    pub fn canonical(code: &str) -> Result<String> {
        core::canonical(code).map_err(err)
    }

    /// All 128 omocodia variants of a valid code, canonical first.
    pub fn omocodes(code: &str) -> Result<Vec<String>> {
        core::omocodes(code).map_err(err)
    }

    /// Whether two codes denote the same person (equal canonical forms).
    #[wasm_bindgen(js_name = "samePerson")]
    pub fn same_person(a: &str, b: &str) -> bool {
        core::same_person(a, b)
    }

    /// A tax code field holding a personal (16) or numeric (11) code.
    #[wasm_bindgen(js_name = "validateTaxCode", unchecked_return_type = "TaxCode")]
    pub fn validate_tax_code(code: &str) -> Result<JsValue> {
        to_js(&core::validate_tax_code(code).map_err(crate::err_any)?)
    }

    /// The period of a Belfiore code in force on `on`, or `undefined`.
    #[wasm_bindgen(js_name = "placeLookup", unchecked_return_type = "Place | undefined")]
    pub fn place_lookup(code: &str, on: &str) -> Result<JsValue> {
        match core::places::lookup(code, date(on)?) {
            Some(p) => to_js(&p),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Every period of a Belfiore code, oldest first.
    #[wasm_bindgen(js_name = "placeHistory", unchecked_return_type = "Place[]")]
    pub fn place_history(code: &str) -> Result<JsValue> {
        to_js(&core::places::history(code))
    }

    /// Periods whose name equals `name` (case, accents, spaces and apostrophes ignored).
    #[wasm_bindgen(js_name = "placesByName", unchecked_return_type = "Place[]")]
    pub fn places_by_name(name: &str, province: Option<String>, on: Option<String>) -> Result<JsValue> {
        to_js(&core::places::by_name(name, province.as_deref(), opt_date(on)?))
    }

    /// Up to `limit` (default 10) places whose name starts with `prefix`.
    #[wasm_bindgen(js_name = "placeSearch", unchecked_return_type = "Place[]")]
    pub fn place_search(prefix: &str, on: Option<String>, limit: Option<u32>) -> Result<JsValue> {
        to_js(&core::places::search(prefix, opt_date(on)?, limit.unwrap_or(10) as usize))
    }

    /// A birthplace given as a code or a name (+ province) for a birth on `on`.
    #[wasm_bindgen(js_name = "placeResolve", unchecked_return_type = "Place")]
    pub fn place_resolve(place: &str, on: &str, province: Option<String>) -> Result<JsValue> {
        to_js(&core::places::resolve(place, province.as_deref(), date(on)?).map_err(err)?)
    }
}

/// Partita IVA and other 11-digit codes.
#[wasm_bindgen(js_name = "piva")]
pub struct PivaNs;

#[wasm_bindgen(js_class = "piva")]
impl PivaNs {
    /// Whether `code` is a valid 11-digit code (partita IVA, numeric or temporary codice fiscale).
    #[wasm_bindgen(js_name = "isValid")]
    pub fn is_valid(code: &str) -> bool {
        core::piva::is_valid(code)
    }

    /// The normalised 11 digits; throws `piva.format`, `piva.zero` or `piva.check_digit`.
    pub fn validate(code: &str) -> Result<String> {
        core::piva::validate(code).map_err(err)
    }
}
