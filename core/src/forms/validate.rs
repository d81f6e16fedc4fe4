//! Validation rules of a component, compiled at load time, and their checks.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::files::FileRules;
use super::logic::ext::{address_fields, is_component_empty, parse_date_value};
use super::logic::value::{to_js_string, truthy};
use super::logic::Logic;
use super::messages::{Say, Texts};
use super::model::{Comp, KeyIndex, Kind};
use super::{conditions, italian, FormsError};

/// One validation error of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FieldError {
    /// Data path with row indices: `beneficiario.codiceFiscale`, `figli[1].nome`.
    pub path: String,
    /// Stable rule code: `required`, `pattern`, `minLength`, `maxLength`, `minWords`,
    /// `maxWords`, `min`, `max`, `number`, `email`, `url`, `date`, `minDate`, `maxDate`, `day`,
    /// `minYear`, `maxYear`, `select`, `file`, `fileType`, `fileSize`, `fileMinSize`, `json`,
    /// `custom`, `mask`, `codiceFiscale`, `partitaIva`, `cap`, `provincia`, `iban`, `phone`,
    /// `cfMismatch`.
    pub code: String,
    /// Human message: the form's `customMessage` / `errors{}` when given, else the form's `i18n`
    /// text or the built-in one in the evaluation's language (Italian by default).
    pub message: String,
}

/// Italian validators a component can ask for with `properties.validator` (or its type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItalianCheck {
    CodiceFiscale,
    PartitaIva,
    CfOrPiva,
    Cap,
    Provincia,
    Iban,
    Phone,
}

/// Fields a codice fiscale is checked against (`properties.cfSurname`, ...).
#[derive(Debug, Clone, Default)]
pub(crate) struct CfLinks {
    pub surname: Option<String>,
    pub name: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub birthplace: Option<String>,
}

/// `inputMask` (Form.io's `mask` rule, `@formio/core` `validateMask`).
#[derive(Debug, Clone)]
pub(crate) enum Mask {
    /// One mask: its UTF-16 units as Form.io's `getInputMask` reads them, and for a
    /// `textfield` the slots Inputmask reads (Form.io checks a textfield's string with
    /// `Inputmask.isValid`).
    One { units: Vec<u16>, inputmask: Option<Vec<Slot>> },
    /// `allowMultipleMasks`: the masks by label; the value is `{maskName, value}`.
    Multiple(Vec<(String, Vec<u16>)>),
}

/// A position of an Inputmask mask (inputmask 5: `9`, `a`, `*` and the extensions' `A`, `&`,
/// `#`, whose `casing: "upper"` makes a lower-case letter fail `isValid`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Slot {
    Digit,
    Alpha,
    AlphaUpper,
    AlphaNum,
    AlphaNumUpper,
    HexUpper,
    Lit(char),
}

/// Inputmask's letters: `[A-Za-z\u0410-\u044F\u0401\u0451\u00C0-\u00FF\u00B5]`.
fn im_alpha(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{410}'..='\u{44f}').contains(&c)
        || matches!(c, '\u{401}' | '\u{451}' | '\u{b5}')
        || ('\u{c0}'..='\u{ff}').contains(&c)
}

/// Inputmask's digits: `[0-9\uFF10-\uFF19]` (full-width digits too).
fn im_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c)
}

/// Whether upper-casing leaves `c` as it is (`casing: "upper"`).
fn upper(c: char) -> bool {
    let mut u = c.to_uppercase();
    u.next() == Some(c) && u.next().is_none()
}

impl Slot {
    fn accepts(self, c: char) -> bool {
        match self {
            Slot::Digit => im_digit(c),
            Slot::Alpha => im_alpha(c),
            Slot::AlphaUpper => im_alpha(c) && upper(c),
            Slot::AlphaNum => im_digit(c) || im_alpha(c),
            Slot::AlphaNumUpper => (c.is_ascii_digit() || im_alpha(c)) && upper(c),
            Slot::HexUpper => c.is_ascii_hexdigit() && upper(c),
            Slot::Lit(l) => c == l,
        }
    }
}

impl Mask {
    fn compile(raw: &Value, comp: &Comp) -> Result<Option<Mask>, FormsError> {
        let skip = raw.get("validate").and_then(|v| v.get("skipMaskValidation")).is_some_and(truthy);
        if comp.ctype == "time" || skip {
            return Ok(None);
        }
        let units = |m: &str| m.encode_utf16().collect::<Vec<u16>>();
        if matches!(raw.get("allowMultipleMasks"), Some(Value::Bool(true))) {
            if let Some(Value::Array(list)) = raw.get("inputMasks").filter(|l| l.as_array().is_some_and(|a| !a.is_empty())) {
                let masks = list
                    .iter()
                    .filter_map(|m| Some((m.get("label")?.as_str()?.to_string(), units(m.get("mask")?.as_str().filter(|s| !s.is_empty())?))))
                    .collect();
                return Ok(Some(Mask::Multiple(masks)));
            }
        }
        let Some(mask) = raw.get("inputMask").and_then(Value::as_str).filter(|m| !m.is_empty()) else { return Ok(None) };
        let inputmask = if comp.ctype == "textfield" { Some(inputmask_slots(mask, comp)?) } else { None };
        Ok(Some(Mask::One { units: units(mask), inputmask }))
    }

    /// Whether `v` (a value or an item of a multiple value) fits (Form.io skips a falsy value).
    fn fits(&self, v: &Value) -> bool {
        if !truthy(v) && !v.is_array() {
            return true;
        }
        match self {
            Mask::One { inputmask: Some(slots), .. } if v.is_string() => {
                let mut chars = v.as_str().unwrap_or("").chars();
                slots.iter().all(|s| chars.next().is_some_and(|c| s.accepts(c))) && chars.next().is_none()
            }
            Mask::One { units, .. } => formio_mask_fits(units, v),
            Mask::Multiple(masks) => {
                let named = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
                match (named("maskName"), named("value")) {
                    (Some(name), Some(value)) => masks
                        .iter()
                        .find(|(l, _)| l == name)
                        .is_none_or(|(_, units)| formio_mask_fits(units, &Value::String(value.to_string()))),
                    _ => true,
                }
            }
        }
    }
}

/// The slots of a `textfield`'s mask as Inputmask reads it (`\x` is the character `x`); its
/// optional parts, quantifiers and alternations (`[ ] { } |`) are refused.
fn inputmask_slots(mask: &str, comp: &Comp) -> Result<Vec<Slot>, FormsError> {
    let mut out = Vec::new();
    let mut chars = mask.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\\' => Slot::Lit(chars.next().unwrap_or('\\')),
            '[' | ']' | '{' | '}' | '|' => {
                return Err(FormsError::UnsupportedValidation {
                    path: comp.path.clone(),
                    reason: format!(
                        "inputMask {mask:?} uses Inputmask's optional parts, quantifiers or alternations ([ ] {{ }} |), which are not checked; override inputMask, or set validate.skipMaskValidation"
                    ),
                })
            }
            '9' => Slot::Digit,
            'a' => Slot::Alpha,
            'A' => Slot::AlphaUpper,
            '*' => Slot::AlphaNum,
            '&' => Slot::AlphaNumUpper,
            '#' => Slot::HexUpper,
            other => Slot::Lit(other),
        });
    }
    Ok(out)
}

/// Form.io's `matchInputMask(value, getInputMask(mask))`: `9` an ASCII digit, `A` an ASCII
/// letter, `a` a lower-case one, `*` either or a digit, anything else itself; position `i`
/// of the value is its `i`-th UTF-16 unit (of a list, its `i`-th item, tested as a string
/// containing such a character); a value longer than the mask fails, and a missing position
/// is JavaScript's `undefined`, which the letter classes accept (`/[a-z]/.test(undefined)`).
fn formio_mask_fits(mask: &[u16], v: &Value) -> bool {
    fn class(m: u16) -> Option<fn(char) -> bool> {
        match m {
            0x39 => Some(|c| c.is_ascii_digit()),
            0x41 => Some(|c| c.is_ascii_alphabetic()),
            0x61 => Some(|c| c.is_ascii_lowercase()),
            0x2a => Some(|c| c.is_ascii_alphanumeric()),
            _ => None,
        }
    }
    let unit_str = |m: u16| String::from_utf16_lossy(&[m]);
    match v {
        Value::String(s) => {
            let units: Vec<u16> = s.encode_utf16().collect();
            if units.len() > mask.len() {
                return false;
            }
            mask.iter().enumerate().all(|(i, &m)| match (class(m), units.get(i)) {
                (Some(test), Some(&u)) => char::from_u32(u32::from(u)).is_some_and(test),
                (Some(test), None) => "undefined".chars().any(test),
                (None, Some(&u)) => u == m,
                (None, None) => false,
            })
        }
        Value::Array(items) => {
            if items.len() > mask.len() {
                return false;
            }
            mask.iter().enumerate().all(|(i, &m)| match (class(m), items.get(i)) {
                (Some(test), Some(item)) => to_js_string(item).chars().any(test),
                (Some(test), None) => "undefined".chars().any(test),
                (None, Some(item)) => item.as_str() == Some(unit_str(m).as_str()),
                (None, None) => false,
            })
        }
        _ => mask.iter().all(|&m| class(m).is_some_and(|test| "undefined".chars().any(test))),
    }
}

/// The compiled validation of one component.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rules {
    pub required: bool,
    pub pattern: Option<Regex>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_words: Option<usize>,
    pub max_words: Option<usize>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub min_date: Option<DateLimit>,
    pub max_date: Option<DateLimit>,
    pub min_year: Option<i32>,
    pub max_year: Option<i32>,
    pub day_first: bool,
    pub options: Option<Vec<Value>>,
    pub file: Option<FileRules>,
    pub json: Option<Logic>,
    pub custom: Option<Logic>,
    pub italian: Option<ItalianCheck>,
    pub cf_links: Option<CfLinks>,
    pub mask: Option<Mask>,
    pub messages: BTreeMap<String, String>,
    pub custom_message: Option<String>,
    /// Whether any check applies besides `required` (a rule, or one the type implies).
    pub any: bool,
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if !s.trim().is_empty() => s.trim().parse().ok(),
        _ => None,
    }
}

fn count(v: Option<&Value>) -> Option<usize> {
    num(v).filter(|f| *f >= 0.0).map(|f| f as usize)
}

fn prop<'a>(raw: &'a Value, k: &str) -> Option<&'a str> {
    raw.get("properties").and_then(|p| p.get(k)).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The static option values of a select / radio / selectboxes, or `None` when they are not
/// static (then they cannot be checked).
fn static_options(raw: &Value, comp: &Comp) -> Result<Option<Vec<Value>>, FormsError> {
    let values = match comp.ctype.as_str() {
        "select" => {
            let src = raw.get("dataSrc").and_then(Value::as_str).unwrap_or("values");
            match src {
                "values" => raw.get("data").and_then(|d| d.get("values")),
                "json" => raw.get("data").and_then(|d| d.get("json")),
                // Options the browser loads from a URL or computes with the form's `data.custom`
                // script: Form.io's server checks a value against them only with
                // `validate.onlyAvailableItems` (validateAvailableItems: it fetches them or runs
                // the script then), so without it the value is not checked.
                "url" | "custom" if raw.get("validate").and_then(|v| v.get("onlyAvailableItems")).and_then(Value::as_bool) != Some(true) => {
                    return Ok(None)
                }
                "url" | "custom" => {
                    return Err(FormsError::UnsupportedFeature {
                        path: comp.path.clone(),
                        feature: "select dataSrc".into(),
                        reason: format!(
                            "{src:?} options with validate.onlyAvailableItems are loaded at run time to check the value; give static values"
                        ),
                    })
                }
                other => {
                    return Err(FormsError::UnsupportedFeature {
                        path: comp.path.clone(),
                        feature: "select dataSrc".into(),
                        reason: format!("{other:?} options are loaded at run time; use static values"),
                    })
                }
            }
        }
        "radio" | "selectboxes" => raw.get("values"),
        _ => return Ok(None),
    };
    let Some(Value::Array(items)) = values else { return Ok(None) };
    let value_prop = raw.get("valueProperty").and_then(Value::as_str).filter(|s| !s.is_empty()).unwrap_or("value");
    let out: Vec<Value> = items
        .iter()
        .filter_map(|i| match i {
            Value::Object(_) => i.get(value_prop).cloned(),
            other => Some(other.clone()),
        })
        // (compared with the submitted value as normalized: a radio's "2" is the number 2)
        .map(|o| comp.norm.apply(&o).unwrap_or(o))
        .collect();
    Ok(if out.is_empty() { None } else { Some(out) })
}

/// A `minDate`/`maxDate` of a datetime.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DateLimit {
    /// An instant (seconds since the epoch).
    At(i64),
    /// `moment()`: the day of the evaluation (`EvalContext::today`); Form.io compares a date
    /// without time with the start (`minDate`) or the end (`maxDate`) of that day.
    Today,
}

impl DateLimit {
    /// The instant of the limit; `today` is the start of the evaluation's day, `end` whether
    /// the limit is a `maxDate`. `None` when the limit is today and the day is not known.
    fn at(self, today: Option<i64>, end: bool) -> Option<i64> {
        match self {
            DateLimit::At(t) => Some(t),
            DateLimit::Today => today.map(|t| if end { t + 86_399 } else { t }),
        }
    }
}

fn date_limit(raw: &Value, comp: &Comp, key: &str) -> Result<Option<DateLimit>, FormsError> {
    let v = raw
        .get("datePicker")
        .and_then(|d| d.get(key))
        .or_else(|| raw.get("widget").and_then(|w| w.get(key)))
        .filter(|v| !v.is_null() && v.as_str() != Some(""));
    let unsupported = |reason: String| FormsError::UnsupportedValidation { path: comp.path.clone(), reason };
    match v {
        None => Ok(None),
        // `moment()` is now: Form.io (`utils/date` getDateSetting, validateMaximumDate) takes
        // the whole day when the picker has no time; with a time it would be the current
        // instant, which the library does not know.
        Some(Value::String(m)) if m.trim() == "moment()" => {
            let time = |o: Option<&Value>| o.and_then(|w| w.get("enableTime")).and_then(Value::as_bool) == Some(true);
            if time(raw.get("widget")) || (raw.get("widget").is_none() && time(Some(raw))) {
                return Err(unsupported(format!(
                    "{key} \"moment()\" with a time is the current instant, which the library does not read; give an ISO date"
                )));
            }
            Ok(Some(DateLimit::Today))
        }
        Some(v) => parse_date_value(v)
            .map(|t| Some(DateLimit::At(t)))
            .ok_or_else(|| unsupported(format!("{key} {v} is not an ISO date (moment expressions other than `moment()` are not run)"))),
    }
}

impl Rules {
    pub fn compile(raw: &Value, comp: &Comp, _index: &KeyIndex, comps: &[Comp]) -> Result<Rules, FormsError> {
        let mut r = Rules::default();
        if comp.kind == Kind::Layout || comp.kind == Kind::Content {
            return Ok(r);
        }
        let v = raw.get("validate").cloned().unwrap_or(Value::Null);
        r.required = matches!(v.get("required"), Some(Value::Bool(true)));
        if let Some(p) = v.get("pattern").and_then(Value::as_str).filter(|p| !p.is_empty()) {
            let anchored = format!("^(?:{p})$");
            r.pattern = Some(Regex::new(&anchored).map_err(|e| FormsError::InvalidPattern {
                path: comp.path.clone(),
                pattern: p.to_string(),
                reason: e.to_string().lines().last().unwrap_or("invalid").trim().to_string(),
            })?);
        }
        r.min_length = count(v.get("minLength"));
        r.max_length = count(v.get("maxLength"));
        r.min_words = count(v.get("minWords"));
        r.max_words = count(v.get("maxWords"));
        r.min = num(v.get("min"));
        r.max = num(v.get("max"));
        if comp.ctype == "datetime" {
            r.min_date = date_limit(raw, comp, "minDate")?;
            r.max_date = date_limit(raw, comp, "maxDate")?;
        }
        if comp.ctype == "day" {
            let year = raw.get("fields").and_then(|f| f.get("year"));
            r.min_year = num(raw.get("minYear").or_else(|| year.and_then(|y| y.get("minYear")))).map(|f| f as i32);
            r.max_year = num(raw.get("maxYear").or_else(|| year.and_then(|y| y.get("maxYear")))).map(|f| f as i32);
            r.day_first = matches!(raw.get("dayFirst"), Some(Value::Bool(true)));
        }
        r.options = static_options(raw, comp)?;
        if comp.ctype == "file" {
            r.file = Some(FileRules::compile(raw, comp)?);
        }
        match v.get("json") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.trim().is_empty() => {}
            Some(Value::Object(m)) if m.is_empty() => {}
            Some(rule) => {
                let rule = match rule {
                    Value::String(s) => serde_json::from_str(s).map_err(|e| FormsError::UnsupportedValidation {
                        path: comp.path.clone(),
                        reason: format!("validate.json is not valid JSON: {e}"),
                    })?,
                    other => other.clone(),
                };
                r.json = Some(conditions::compile_checked(&rule, comp, comps, None, |reason| FormsError::UnsupportedValidation {
                    path: comp.path.clone(),
                    reason: format!("validate.json: {reason}"),
                })?);
            }
        }
        match v.get("custom") {
            Some(Value::String(src)) if !src.trim().is_empty() => r.custom = Some(conditions::custom_validation(src, comp, comps)?),
            // JSON Logic: Form.io's evaluator applies an object as JSON Logic (`utils/Evaluator`)
            Some(rule @ Value::Object(m)) if !m.is_empty() => {
                r.custom = Some(conditions::compile_checked(rule, comp, comps, None, |reason| FormsError::UnsupportedValidation {
                    path: comp.path.clone(),
                    reason: format!("validate.custom: {reason}"),
                })?)
            }
            _ => {}
        }
        r.italian = match prop(raw, "validator") {
            None => None,
            Some("codiceFiscale") => Some(ItalianCheck::CodiceFiscale),
            Some("partitaIva") => Some(ItalianCheck::PartitaIva),
            Some("codiceFiscaleOPartitaIva") => Some(ItalianCheck::CfOrPiva),
            Some("cap") => Some(ItalianCheck::Cap),
            Some("provincia") => Some(ItalianCheck::Provincia),
            Some("iban") => Some(ItalianCheck::Iban),
            Some("telefono") | Some("phone") => Some(ItalianCheck::Phone),
            Some(other) => {
                return Err(FormsError::UnsupportedValidation { path: comp.path.clone(), reason: format!("unknown properties.validator {other:?}") })
            }
        };
        let link = |k: &str| prop(raw, k).map(str::to_string);
        let links = CfLinks {
            surname: link("cfSurname"),
            name: link("cfName"),
            sex: link("cfSex"),
            birth_date: link("cfBirthDate"),
            birthplace: link("cfBirthplace"),
        };
        if links.surname.is_some() || links.name.is_some() || links.sex.is_some() || links.birth_date.is_some() || links.birthplace.is_some() {
            r.cf_links = Some(links);
        }
        if let Some(Value::Object(m)) = raw.get("errors") {
            for (k, val) in m {
                if let Some(s) = val.as_str().filter(|s| !s.is_empty()) {
                    r.messages.insert(k.clone(), s.to_string());
                }
            }
        }
        r.custom_message = v.get("customMessage").and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_string);
        if let Some(pm) = v.get("patternMessage").and_then(Value::as_str).filter(|s| !s.trim().is_empty()) {
            r.messages.entry("pattern".into()).or_insert_with(|| pm.to_string());
        }
        r.mask = Mask::compile(raw, comp)?;
        let typed = matches!(comp.ctype.as_str(), "number" | "currency" | "email" | "url" | "datetime" | "day" | "selectboxes");
        r.any = typed
            || r.pattern.is_some()
            || r.min_length.is_some()
            || r.max_length.is_some()
            || r.min_words.is_some()
            || r.max_words.is_some()
            || r.min.is_some()
            || r.max.is_some()
            || r.options.is_some()
            || r.file.is_some()
            || r.json.is_some()
            || r.custom.is_some()
            || r.italian.is_some()
            || r.cf_links.is_some()
            || r.mask.is_some();
        Ok(r)
    }
}

/// What validation needs besides the value.
pub(crate) struct Check<'a> {
    pub comp: &'a Comp,
    pub required: bool,
    pub path: &'a str,
    /// A container or grid with nothing of value inside (`nested_empty`): Form.io's
    /// `required` takes it as empty.
    pub contents_empty: bool,
    /// The start of the evaluation's day (`EvalContext::today`), for `moment()` date limits.
    pub today: Option<i64>,
    /// The evaluation's language and the form's own texts for it.
    pub texts: Texts<'a>,
}

/// Collects the errors of one value.
pub(crate) fn check(
    c: &Check<'_>,
    value: Option<&Value>,
    rule_eval: &mut dyn FnMut(&Logic, Option<&Value>) -> Value,
    lookup: &dyn Fn(&str) -> Option<Value>,
    out: &mut Vec<FieldError>,
) {
    let comp = c.comp;
    let r = &comp.rules;
    let label = comp.label.as_str();
    // Form.io keeps one error per field and message key (`handleError`): the same error of two
    // items of a multiple value is reported once.
    let start = out.len();
    let mut push = |code: &str, say: Say| {
        let own = r.custom_message.as_deref().or_else(|| r.messages.get(code).map(String::as_str));
        let message = c.texts.render(say, own, label);
        if out.get(start..).is_some_and(|mine| mine.iter().any(|e| e.code == code && e.message == message)) {
            return;
        }
        out.push(FieldError { path: c.path.to_string(), code: code.to_string(), message });
    };
    let v = value.unwrap_or(&Value::Null);
    // Form.io runs every rule but `required` on a value given as spaces (its rules skip only
    // falsy values); `required` takes spaces as empty (`componentHasValue` trims).
    let empty = match v {
        // (the common cases without a call)
        Value::String(s) => s.is_empty(),
        Value::Number(_) => false,
        other => is_component_empty(other, &comp.ctype),
    } || (comp.ctype == "day" && day_parts(v, r.day_first).is_some_and(|p| p == (0, 0, 0)));
    if c.required && (empty || c.contents_empty || missing(comp, v)) {
        push("required", Say::key("required"));
    }
    // (a container's or grid's own value has only `required`, `json` and `custom`)
    if !empty && comp.kind == Kind::Value {
        // Multiple values: every item is checked (file and selectboxes/select-multiple are whole).
        match v {
            Value::Array(a) if comp.ctype != "file" && comp.ctype != "tags" && (comp.multiple || comp.ctype == "select") => {
                for item in a {
                    check_item(comp, item, c.today, &mut push);
                }
            }
            other => check_item(comp, other, c.today, &mut push),
        }
        if let Some(f) = &r.file {
            f.check(v, comp.multiple, &mut push);
        }
    }
    // `validate.json` and `validate.custom` run on an empty value too, as in Form.io; a json
    // rule passes when it gives `true` or `null`, a string is its message.
    if let Some(rule) = &r.json {
        match rule_eval(rule, Some(v)) {
            Value::Null | Value::Bool(true) => {}
            Value::String(msg) if !msg.is_empty() => push("json", Say::Text(msg)),
            _ => push("json", Say::key("invalid")),
        }
    }
    if let Some(rule) = &r.custom {
        match rule_eval(rule, Some(v)) {
            Value::Null | Value::Bool(true) => {}
            Value::String(msg) if !msg.is_empty() => push("custom", Say::Text(msg)),
            other if truthy(&other) => {}
            _ => push("custom", Say::key("invalid")),
        }
    }
    if let (Some(links), Some(code)) = (&r.cf_links, v.as_str()) {
        if crate::cf::is_valid(code) {
            if let Some(mismatched) = cf_mismatch(code, links, lookup) {
                if !mismatched.is_empty() {
                    push("cfMismatch", Say::with("cfMismatch", "fields", mismatched.join(", ")));
                }
            }
        }
    }
    // With `validate.customMessage` every error of the field has that message as its key, so
    // Form.io keeps only the first its rules find: the one of the rule it runs first.
    if r.custom_message.is_some() && out.len() > start + 1 {
        let first = out
            .get(start..)
            .and_then(|mine| mine.iter().enumerate().min_by_key(|(_, e)| formio_rank(&e.code)).map(|(i, _)| start + i));
        if let Some(first) = first {
            let kept = out.swap_remove(first);
            out.truncate(start);
            out.push(kept);
        }
    }
}

/// The position of the rule of an error code in the order `@formio/core` runs its rules
/// (`process/validation/rules`: `clientRules`, then `evaluationRules`); the library's own
/// checks (files, Italian validators) after them.
fn formio_rank(code: &str) -> usize {
    const ORDER: &[&str] = &[
        "date",
        "day",
        "email",
        "json",
        "mask",
        "maxDate",
        "maxLength",
        "maxSelectedCount",
        "max",
        "maxWords",
        "maxYear",
        "minDate",
        "minLength",
        "minSelectedCount",
        "min",
        "minWords",
        "minYear",
        "pattern",
        "required",
        "url",
        "number",
        "custom",
        "select",
    ];
    ORDER.iter().position(|c| *c == code).unwrap_or(ORDER.len())
}

/// Whether a value that is not empty still counts as missing for `required` (formio/core
/// `componentHasValue`): spaces only; an address data object missing a field other than
/// `address2`; a multiple value with an item missing (Form.io checks each item).
/// Whether a container's or grid's value `v` is empty for `required`, as `@formio/core`
/// `componentHasValue` reads it: a container's when nothing in it is present (`valueIsPresent`
/// with `false` present: `{"a": ""}` is empty, `{"a": false}` is not); a grid's when no row
/// holds a value (`doesArrayDataHaveValue`: a non-empty object or list, a number, or a truthy
/// value: rows of `""` and `false` are empty).
pub(crate) fn nested_empty(kind: Kind, v: &Value) -> bool {
    let has_value = |x: &Value| match x {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Number(_) => true,
        other => truthy(other),
    };
    match (kind, v) {
        (Kind::Container, v) => !present(v),
        (Kind::Grid, Value::Array(rows)) if rows.iter().all(Value::is_object) => {
            !rows.iter().any(|r| r.as_object().is_some_and(|m| m.values().any(has_value)))
        }
        (Kind::Grid, Value::Array(rows)) => !rows.iter().any(has_value),
        _ => false,
    }
}

fn missing(comp: &Comp, v: &Value) -> bool {
    match v {
        Value::String(s) => s.chars().all(char::is_whitespace),
        Value::Object(m) if comp.ctype == "address" => address_fields(m).is_some_and(|a| a.iter().any(|(k, x)| k != "address2" && !truthy(x))),
        Value::Array(items) if comp.multiple => items.iter().any(|x| !present(x)),
        _ => false,
    }
}

/// formio/core `valueIsPresent(value, true)`: not `null`, spaces, `{}`, `[]`, nor an object or
/// list holding nothing present (`false` and `0` are present).
fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.chars().all(char::is_whitespace),
        Value::Array(items) => items.iter().any(present),
        Value::Object(m) => m.values().any(present),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// `(month, day, year)` of a `day` value (`MM/DD/YYYY`, or `DD/MM/YYYY` with `dayFirst`).
fn day_parts(v: &Value, day_first: bool) -> Option<(u32, u32, i32)> {
    let s = v.as_str()?;
    let mut it = s.split('/');
    let a: u32 = it.next()?.trim().parse().ok()?;
    let b: u32 = it.next()?.trim().parse().ok()?;
    let y: i32 = it.next()?.trim().parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    Some(if day_first { (b, a, y) } else { (a, b, y) })
}

// Inlined into its two calls in `check`: one stack frame per checked field instead of two.
#[inline(always)]
fn check_item(comp: &Comp, v: &Value, today: Option<i64>, push: &mut dyn FnMut(&str, Say)) {
    let r = &comp.rules;
    if let Some(mask) = &r.mask {
        if !mask.fits(v) {
            push("mask", Say::key("mask"));
        }
    }
    if let Value::String(s) = v {
        // Characters, counted only when the byte length cannot settle it (chars <= bytes).
        let n = || s.chars().count();
        if let Some(min) = r.min_length {
            if s.len() < min || n() < min {
                push("minLength", Say::with("minLength", "length", min));
            }
        }
        if let Some(max) = r.max_length {
            if s.len() > max && n() > max {
                push("maxLength", Say::with("maxLength", "length", max));
            }
        }
        if let Some(min) = r.min_words {
            if words(s) < min {
                push("minWords", Say::with("minWords", "length", min));
            }
        }
        if let Some(max) = r.max_words {
            if words(s) > max {
                push("maxWords", Say::with("maxWords", "length", max));
            }
        }
        if let Some(re) = &r.pattern {
            if !re.is_match(s) {
                push("pattern", Say::with("pattern", "pattern", re.as_str().trim_start_matches("^(?:").trim_end_matches(")$")));
            }
        }
    }
    match comp.ctype.as_str() {
        "number" | "currency" => match v {
            Value::Number(n) => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if let Some(min) = r.min {
                    if f < min {
                        push("min", Say::with("min", "min", min));
                    }
                }
                if let Some(max) = r.max {
                    if f > max {
                        push("max", Say::with("max", "max", max));
                    }
                }
            }
            _ => push("number", Say::key("number")),
        },
        "email" if !v.as_str().is_some_and(italian::is_email) => {
            push("email", Say::key("invalid_email"));
        }
        "url" => {
            let ok = v
                .as_str()
                .is_some_and(|s| (s.starts_with("https://") || s.starts_with("http://")) && s.len() > 8 && !s.contains(char::is_whitespace));
            if !ok {
                push("url", Say::key("invalid_url"));
            }
        }
        "datetime" => match parse_date_value(v) {
            None => push("date", Say::key("invalid_date")),
            Some(t) => {
                if r.min_date.and_then(|m| m.at(today, false)).is_some_and(|m| t < m) {
                    push("minDate", Say::key("minDate"));
                }
                if r.max_date.and_then(|m| m.at(today, true)).is_some_and(|m| t > m) {
                    push("maxDate", Say::key("maxDate"));
                }
            }
        },
        "day" => match day_parts(v, r.day_first) {
            None => push("day", Say::key("invalid_day")),
            Some((m, d, y)) => {
                let partial = m == 0 || d == 0 || y == 0;
                if !partial && chrono::NaiveDate::from_ymd_opt(y, m, d).is_none() {
                    push("day", Say::key("invalid_day"));
                }
                if y != 0 && r.min_year.is_some_and(|min| y < min) {
                    push("minYear", Say::with("minYear", "minYear", r.min_year.unwrap_or(0)));
                }
                if y != 0 && r.max_year.is_some_and(|max| y > max) {
                    push("maxYear", Say::with("maxYear", "maxYear", r.max_year.unwrap_or(0)));
                }
            }
        },
        "select" | "radio" => {
            if let Some(opts) = &r.options {
                if !opts.iter().any(|o| o == v || same_scalar(o, v)) {
                    push("select", Say::key("select"));
                }
            }
        }
        "selectboxes" => match (v, &r.options) {
            (Value::Object(m), Some(opts)) => {
                let known = |k: &str| opts.iter().any(|o| to_js_string(o) == k);
                if m.keys().any(|k| !known(k)) || m.values().any(|x| !x.is_boolean()) {
                    push("select", Say::key("select"));
                }
            }
            (Value::Object(_), None) => {}
            _ => push("select", Say::key("select")),
        },
        _ => {}
    }
    if let (Some(check), Value::String(s)) = (r.italian, v) {
        let (ok, code, key) = match check {
            ItalianCheck::CodiceFiscale => (crate::cf::is_valid(s), "codiceFiscale", "codiceFiscale"),
            ItalianCheck::PartitaIva => (crate::cf::piva::is_valid(s), "partitaIva", "partitaIva"),
            ItalianCheck::CfOrPiva => (crate::cf::is_valid(s) || crate::cf::piva::is_valid(s), "codiceFiscale", "cfOrPiva"),
            ItalianCheck::Cap => (italian::is_cap(s), "cap", "cap"),
            ItalianCheck::Provincia => (italian::is_provincia(s), "provincia", "provincia"),
            ItalianCheck::Iban => (italian::is_iban(s), "iban", "iban"),
            ItalianCheck::Phone => (italian::is_phone_it(s), "phone", "phone"),
        };
        if !ok {
            push(code, Say::key(key));
        }
    }
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => false,
    }
}

/// Compares a valid codice fiscale with the linked fields; `None` when they are not all filled.
fn cf_mismatch(code: &str, links: &CfLinks, lookup: &dyn Fn(&str) -> Option<Value>) -> Option<Vec<String>> {
    let get = |k: &Option<String>| -> Option<String> {
        let v = lookup(k.as_deref()?)?;
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s),
            _ => None,
        }
    };
    let surname = get(&links.surname)?;
    let name = get(&links.name)?;
    let sex = match get(&links.sex)?.trim().chars().next()?.to_ascii_uppercase() {
        'M' => crate::cf::Sex::M,
        'F' => crate::cf::Sex::F,
        _ => return None,
    };
    let bd = get(&links.birth_date)?;
    // The calendar date as written (an instant's offset must not move it to another day).
    let bd = bd.trim();
    let birth_date = bd
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| chrono::NaiveDate::parse_from_str(bd, "%m/%d/%Y").ok())?;
    let birthplace = get(&links.birthplace)?;
    let person = crate::cf::Person { surname, name, sex, birth_date, birthplace, province: None };
    let report = crate::cf::matches(code, &person).ok()?;
    Some(report.mismatched)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::forms::{EvalContext, Form};

    #[test]
    fn masks_are_checked_as_form_io_checks_them() {
        let codes = |ctype: &str, mask: &str, v: serde_json::Value| -> Vec<String> {
            let f = Form::from_formio(&json!({"components": [{"type": ctype, "key": "t", "inputMask": mask}]})).unwrap();
            let r = f.evaluate(&json!({ "t": v }), &EvalContext::default()).unwrap();
            r.errors.into_iter().map(|e| e.code).collect()
        };
        let ok = |ctype: &str, mask: &str, v: serde_json::Value| codes(ctype, mask, v).is_empty();
        // A textfield's string, as inputmask 5 `isValid` (checked with node): every position
        // filled, `A` an upper-case letter (accented and Cyrillic too), `a` any letter, `9` a
        // digit (full-width too), `*` either, other characters themselves.
        for (mask, value, expected) in [
            ("AA", "RM", true),
            ("AA", "rm", false),
            ("AA", "R", false),
            ("AA", "RMX", false),
            ("AA", "12", false),
            ("AA", "  ", false),
            ("AA", "ÀÉ", true),
            ("AA", "àé", false),
            ("AA", "ЖЖ", true),
            ("AA", "ß", false),
            ("AAAAAA99A99A***A", "RSSMRA80A01H501U", true),
            ("AAAAAA99A99A***A", "rssmra80a01h501u", false),
            ("AAAAAA99A99A***A", "RSSMRA80A01H501", false),
            ("99/99/9999", "01/01/2000", true),
            ("99/99/9999", "1/1/2000", false),
            ("99/99/9999", "01/01/2000 ", false),
            ("(999) 999-9999", "(123) 456-7890", true),
            ("(999) 999-9999", "1234567890", false),
            ("aa", "AB", true),
            ("**", "_1", false),
            ("99", "１２", true),
            ("&&", "a1", false),
            ("##", "AF", true),
            ("##", "af", false),
            ("\\9", "9", true),
            ("\\9", "a", false),
        ] {
            assert_eq!(ok("textfield", mask, json!(value)), expected, "{mask} {value}");
        }
        assert_eq!(codes("textfield", "AA", json!("r1")), ["mask"]);
        assert!(ok("textfield", "AA", json!("")));
        // Other components, and a textfield's value that is not a string: Form.io's own
        // matcher, where a missing position is `undefined` (which the letter classes accept).
        for (mask, value, expected) in [
            ("+99 999 999999", json!("+39 333 123456"), true),
            ("AA9", json!("R"), false),
            ("AA9", json!("ab1"), true),
            ("AA9", json!("ab12"), false),
            ("AAA", json!("R"), true),
            ("aa", json!("AB"), false),
            ("99", json!(5), false),
            ("AA", json!(5), true),
            ("9A", json!(["1", "b"]), true),
        ] {
            assert_eq!(ok("phoneNumber", mask, value.clone()), expected, "{mask} {value}");
        }
        assert!(!ok("textfield", "99", json!(5)));
        // Not checked: time components, skipMaskValidation; Inputmask's grammar is refused.
        assert!(ok("time", "99:99", json!("ab")));
        let f = Form::from_formio(
            &json!({"components": [{"type": "textfield", "key": "t", "inputMask": "99", "validate": {"skipMaskValidation": true}}]}),
        )
        .unwrap();
        assert!(f.evaluate(&json!({"t": "ab"}), &EvalContext::default()).unwrap().errors.is_empty());
        let err = Form::from_formio(&json!({"components": [{"type": "textfield", "key": "t", "inputMask": "[9]9"}]})).unwrap_err();
        assert!(matches!(err, crate::forms::FormsError::UnsupportedValidation { .. }), "{err:?}");
        // Several masks: the one the value names.
        let f = Form::from_formio(&json!({"components": [{"type": "textfield", "key": "t", "allowMultipleMasks": true,
            "inputMasks": [{"label": "CAP", "mask": "99999"}, {"label": "Sigla", "mask": "AA"}]}]}))
        .unwrap();
        let masked = |v: serde_json::Value| f.evaluate(&json!({ "t": v }), &EvalContext::default()).unwrap().errors.len();
        assert_eq!(masked(json!({"maskName": "CAP", "value": "00100"})), 0);
        assert_eq!(masked(json!({"maskName": "CAP", "value": "0010a"})), 1);
        assert_eq!(masked(json!({"maskName": "Sigla", "value": "rm"})), 0);
        assert_eq!(masked(json!({"maskName": "Altro", "value": "x"})), 0);
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let f = Form::from_formio(&json!({"components": [{"type": "textfield", "key": "t", "validate": {"minLength": 3, "maxLength": 4}}]})).unwrap();
        let codes = |v: &str| -> Vec<String> {
            let r = f.evaluate(&json!({ "t": v }), &EvalContext::default()).unwrap();
            r.errors.into_iter().map(|e| e.code).collect()
        };
        // 4 characters in 8 bytes, 2 characters in 4 bytes, 5 characters in 5 bytes
        assert!(codes("àèìò").is_empty());
        assert_eq!(codes("àè"), ["minLength"]);
        assert_eq!(codes("abcde"), ["maxLength"]);
        assert!(codes("abc").is_empty());
        // blanks are a value for every rule but `required` (3 characters, none missing)
        assert!(codes(" \u{a0}\t").is_empty());
        assert_eq!(codes("  "), ["minLength"]);
    }
}
