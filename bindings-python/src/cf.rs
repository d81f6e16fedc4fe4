//! `sportello.cf` (codice fiscale) and `sportello.piva` (11-digit codes): mechanical mappings of
//! `sportello::cf`. Results are `record!` classes wrapping the core value, with attributes (dates
//! as `datetime.date`) plus `to_dict()` / `to_json()` in the documented JSON shape.
use pyo3::prelude::*;
use sportello::cf as core;

use pyo3::types::PyDict;

use crate::{err, shape_or_keywords, to_py, today_or, Arg, Date, Str};

crate::record! {
    /// The birthplace of a decoded code.
    Birthplace(core::Birthplace) in "sportello.cf", frozen;
    |v, py| {
        code: &str = &v.code,
        name: &str = &v.name,
        province: Option<&str> = v.province.as_deref(),
        kind: &str = v.kind.as_str(),
        valid_on_birth_date: Option<bool> = v.valid_on_birth_date,
    }
}

crate::record! {
    /// A decoded codice fiscale.
    Decoded(core::Decoded) in "sportello.cf", frozen;
    |v, py| {
        code: &str = &v.code,
        canonical: &str = &v.canonical,
        sex: &str = v.sex.as_str(),
        birth_date: Option<Date> = v.birth_date.map(Date),
        birthplace: Birthplace = Birthplace { inner: v.birthplace.clone() },
        warnings: Vec<String> = v.warnings.clone(),
    }
}

crate::record! {
    /// The result of `matches`: overall and field by field.
    MatchReport(core::MatchReport) in "sportello.cf", frozen;
    |v, py| {
        matches: bool = v.matches,
        mismatched: Vec<String> = v.mismatched.clone(),
        fields: PyResult<Bound<'py, PyAny>> = to_py(py, &v.fields),
    }
    fn __bool__(&self) -> bool { self.inner.matches }
}

crate::record! {
    /// One period of a Belfiore place.
    Place(core::Place) in "sportello.cf", frozen;
    |v, py| {
        code: &str = &v.code,
        name: &str = &v.name,
        province: Option<&str> = v.province.as_deref(),
        kind: &str = v.kind.as_str(),
        valid_from: Date = Date(v.valid_from),
        valid_to: Option<Date> = v.valid_to.map(Date),
    }
}

fn places(v: Vec<core::Place>) -> Vec<Place> {
    v.into_iter().map(|inner| Place { inner }).collect()
}

/// The options of `decode`: `today` (default the host's today) and the keywords, the fields of the
/// core's `DecodeChoices`.
fn decode_options(py: Python<'_>, today: Option<Date>, choices: Option<&Bound<'_, PyDict>>) -> PyResult<core::DecodeOptions> {
    Ok(core::DecodeOptions::chosen(today_or(py, today)?, &crate::keywords(choices)?))
}

crate::functions! { register; classes: Decoded, Birthplace, MatchReport, Place;
    /// Trims, removes inner spaces, upper-cases and strips a SPID `TINIT-` prefix.
    fn normalize(code: Str) -> String { core::normalize(&code) }
    /// Whether `code` is a valid codice fiscale (format, check letter, date, known birthplace).
    fn is_valid(code: Str) -> bool { core::is_valid(&code) }
    /// `is_valid` over a list (or any iterable) of strings, computed without holding the GIL; `None`
    /// stays `None`; a `str` given for the list, or an item neither `str` nor `None`, raises
    /// `ArgumentError`.
    fn is_valid_many(codes: &Bound<'_, PyAny>) -> PyResult<Vec<Option<bool>>> { crate::map_many(codes, "codes", core::is_valid) }
    /// The normalised code; raises `CfError` (`cf.format`, `cf.check_char`, `cf.date`, `cf.place_unknown`).
    fn validate(code: Str) -> PyResult<String> { core::validate(&code).map_err(err) }
    /// Sex, birth date (century chosen against `today`, default the host's today) and birthplace;
    /// an absent option keeps the core's default.
    #[pyo3(signature = (code, today = None, **options), text_signature = "(code, today=None, *, max_age=None, strict_place=None)")]
    fn decode(py: Python<'_>, code: Str, today: Option<Date>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Decoded> {
        Ok(Decoded { inner: core::decode_with(&code, &decode_options(py, today, options)?).map_err(err)? })
    }
    /// The error code of each code of a list (or any iterable, or an Arrow column): `None` where the
    /// code is valid (or `None`); the same `ArgumentError`s as `is_valid_many`.
    fn validate_many(codes: &Bound<'_, PyAny>) -> PyResult<Vec<Option<&'static str>>> {
        Ok(crate::map_many(codes, "codes", core::error_code)?.into_iter().map(Option::flatten).collect())
    }
    /// `decode` over a list (or any iterable, or an Arrow column): per item a `Decoded`, or the
    /// `CfError` it would raise (returned, not raised: its `.code` says why), or `None` for `None`.
    #[pyo3(signature = (codes, today = None, **options), text_signature = "(codes, today=None, *, max_age=None, strict_place=None)")]
    fn decode_many<'py>(
        codes: &Bound<'py, PyAny>, today: Option<Date>, options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Vec<Option<Bound<'py, PyAny>>>> {
        let py = codes.py();
        let options = decode_options(py, today, options)?;
        let decoded = crate::map_many(codes, "codes", |s| core::decode_with(s, &options))?;
        decoded
            .into_iter()
            .map(|d| {
                d.map(|d| match d {
                    Ok(inner) => Bound::new(py, Decoded { inner }).map(Bound::into_any),
                    Err(e) => Ok(err(e).into_value(py).into_bound(py).into_any()),
                })
                .transpose()
            })
            .collect()
    }
    /// `is_valid` over an Arrow string column (pyarrow, Polars, any `__arrow_c_array__` /
    /// `__arrow_c_stream__`), read in place with the GIL released: a boolean column, nulls kept.
    fn is_valid_arrow<'py>(codes: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> { crate::arrow::map_bool(codes, "codes", core::is_valid) }
    /// The error code of each row of an Arrow string column (`cf.format`, `cf.check_char`, ...):
    /// a string column, null where the code is valid (or null).
    fn validate_arrow<'py>(codes: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> { crate::arrow::map_code(codes, "codes", core::error_code) }
    /// `decode` over an Arrow string column: a struct column (`sex`, `birth_date`, `birthplace_code`,
    /// `birthplace_name`, `birthplace_province`, `canonical`, `error`); a row that does not decode
    /// has only `error` (its code); a null row is null.
    #[pyo3(signature = (codes, today = None, **options), text_signature = "(codes, today=None, *, max_age=None, strict_place=None)")]
    fn decode_arrow<'py>(codes: &Bound<'py, PyAny>, today: Option<Date>, options: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        crate::arrow::map_column(codes, "codes", sportello::arrow::Decode::new(decode_options(codes.py(), today, options)?))
    }
    /// The codice fiscale of a `person` (a dict in the `Person` shape) or of its fields given as
    /// keywords; `birthplace` is a Belfiore code or a place name.
    #[pyo3(signature = (person = None, **fields),
        text_signature = "(person=None, *, surname=None, name=None, sex=None, birth_date=None, birthplace=None, province=None)")]
    fn encode(person: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        core::encode(&shape_or_keywords("person", person, fields)?).map_err(err)
    }
    /// Checks `code` against `declared` data (a dict in the `Declared` shape) or its fields given as
    /// keywords; undeclared (None or blank) fields are skipped.
    #[pyo3(signature = (code, declared = None, **fields),
        text_signature = "(code, declared=None, *, surname=None, name=None, sex=None, birth_date=None, birthplace=None, province=None)")]
    fn matches(code: Str, declared: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<MatchReport> {
        Ok(MatchReport { inner: core::matches_declared(&code, &shape_or_keywords("declared", declared, fields)?).map_err(err)? })
    }
    /// The canonical (non-omocode) form of a valid code.
    fn canonical(code: Str) -> PyResult<String> { core::canonical(&code).map_err(err) }
    /// All 128 omocodia variants of a valid code, canonical first.
    fn omocodes(code: Str) -> PyResult<Vec<String>> { core::omocodes(&code).map_err(err) }
    /// Whether two codes denote the same person (equal canonical forms).
    fn same_person(a: Str, b: Str) -> bool { core::same_person(&a, &b) }
    /// A tax code field: `{"kind": "personal" | "numeric", "code": ...}`; raises `CfError` or `PivaError`.
    fn validate_tax_code(py: Python<'_>, code: Str) -> PyResult<Bound<'_, PyAny>> { to_py(py, &core::validate_tax_code(&code).map_err(err)?) }
    /// The period of a Belfiore code in force on `on` (default the host's today), or None.
    #[pyo3(signature = (code, on = None))]
    fn place_lookup(py: Python<'_>, code: Str, on: Option<Date>) -> PyResult<Option<Place>> {
        Ok(core::places::lookup(&code, today_or(py, on)?).map(|inner| Place { inner }))
    }
    /// Every period of a Belfiore code, oldest first.
    fn place_history(code: Str) -> Vec<Place> { places(core::places::history(&code)) }
    /// Periods whose name equals `name` (case, accents, spaces and apostrophes ignored).
    #[pyo3(signature = (name, province = None, on = None))]
    fn places_by_name(name: Str, province: Option<Str>, on: Option<Date>) -> Vec<Place> {
        places(core::places::by_name(&name, province.as_deref(), on.map(|d| d.0)))
    }
    /// Up to `limit` places whose name starts with `prefix` (for autocompletion; default limit: the
    /// core's `SEARCH_LIMIT`).
    #[pyo3(signature = (prefix, on = None, limit = None))]
    fn place_search(prefix: Str, on: Option<Date>, limit: Option<Arg<usize>>) -> Vec<Place> {
        places(core::places::search(&prefix, on.map(|d| d.0), limit.map_or(core::places::SEARCH_LIMIT, |l| l.0)))
    }
    /// A birthplace given as a code or a name (+ province) for a birth on `on` (default the host's today).
    #[pyo3(signature = (place, on = None, province = None))]
    fn place_resolve(py: Python<'_>, place: Str, on: Option<Date>, province: Option<Str>) -> PyResult<Place> {
        Ok(Place { inner: core::places::resolve(&place, province.as_deref(), today_or(py, on)?).map_err(err)? })
    }
}

pub(crate) mod piva {
    use pyo3::prelude::*;
    use sportello::cf::piva as core;

    use crate::{err, Str};

    crate::functions! { register; classes: ;
        /// Whether `code` is a valid 11-digit code (partita IVA, numeric or temporary codice fiscale).
        pub fn is_valid(code: Str) -> bool { core::is_valid(&code) }
        /// The normalised 11 digits; raises `PivaError` (`piva.format`, `piva.zero`, `piva.check_digit`).
        pub fn validate(code: Str) -> PyResult<String> { core::validate(&code).map_err(err) }
        /// The error code of each code of a list (or any iterable, or an Arrow column): `None` where
        /// valid (or `None`).
        pub fn validate_many(codes: &Bound<'_, PyAny>) -> PyResult<Vec<Option<&'static str>>> {
            Ok(crate::map_many(codes, "codes", core::error_code)?.into_iter().map(Option::flatten).collect())
        }
        /// `is_valid` over an Arrow string column: a boolean column, nulls kept.
        pub fn is_valid_arrow<'py>(codes: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
            crate::arrow::map_bool(codes, "codes", core::is_valid)
        }
        /// The error code of each row of an Arrow string column (`piva.*`), null where valid or null.
        pub fn validate_arrow<'py>(codes: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
            crate::arrow::map_code(codes, "codes", core::error_code)
        }
    }
}
