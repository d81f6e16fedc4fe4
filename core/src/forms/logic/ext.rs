//! Operators beyond json-logic-js: the Form.io condition operators, the lodash whitelist and the
//! Italian validators.

use std::borrow::Cow;

use serde_json::Value;

use super::ops::{Fio, Italian, Lodash};
use super::value::{deep_eq, js_cmp, loose_eq, strict_eq, to_js_string, truthy};
use crate::forms::italian;

const NULL: Value = Value::Null;

fn at<'v>(args: &'v [Cow<'_, Value>], i: usize) -> &'v Value {
    args.get(i).map(|c| c.as_ref()).unwrap_or(&NULL)
}

/// Whether a value is empty as a Form.io component sees it (type-aware: an unchecked checkbox
/// and a selectboxes value with nothing ticked are empty; `0` is not).
pub fn is_component_empty(v: &Value, component_type: &str) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b && component_type == "checkbox",
        Value::Number(_) => false,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty() || a.iter().all(|x| is_component_empty(x, component_type)),
        Value::Object(m) => {
            if component_type == "address" {
                address_is_empty(m)
            } else if component_type == "selectboxes" {
                !m.values().any(truthy)
            } else {
                m.is_empty()
            }
        }
    }
}

/// Whether an `address` value is empty: `{}`, or Form.io's data object `{mode, address: {...}}`
/// (its own default is `{"mode": "autocomplete", "address": {}}`) whose `address` holds no
/// truthy value.
pub fn address_is_empty(m: &serde_json::Map<String, Value>) -> bool {
    match address_fields(m) {
        Some(a) => !a.values().any(truthy),
        None => m.is_empty(),
    }
}

/// The `address` object of Form.io's address data object `{mode, address: {...}}`.
pub fn address_fields(m: &serde_json::Map<String, Value>) -> Option<&serde_json::Map<String, Value>> {
    if !m.get("mode").is_some_and(truthy) {
        return None;
    }
    m.get("address").and_then(Value::as_object)
}

/// Parses a date Form.io may hold: `YYYY-MM-DD`, an RFC 3339 instant, `YYYY-MM-DDTHH:MM[:SS]`,
/// or the `day` component's `MM/DD/YYYY`. Returns seconds since the epoch (UTC; plain dates at
/// midnight UTC).
pub fn parse_date_value(v: &Value) -> Option<i64> {
    let s = v.as_str()?.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(dt.and_utc().timestamp());
        }
    }
    for f in ["%Y-%m-%d", "%m/%d/%Y"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, f) {
            return d.and_hms_opt(0, 0, 0).map(|dt| dt.and_utc().timestamp());
        }
    }
    None
}

fn fio_is_equal(value: &Value, compared: &Value, ctype: &str) -> bool {
    if ctype == "selectboxes" {
        return match value {
            Value::Object(m) => m.get(&to_js_string(compared)).is_some_and(truthy),
            _ => false,
        };
    }
    let js_truthy = |v: &Value| match v {
        Value::Array(_) | Value::Object(_) => true,
        other => truthy(other),
    };
    if js_truthy(value) && js_truthy(compared) && js_type(value) != js_type(compared) {
        if let Value::String(s) = compared {
            if let Ok(parsed) = serde_json::from_str::<Value>(s) {
                return deep_eq(value, &parsed);
            }
        }
    }
    deep_eq(value, compared)
}

fn js_type(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        _ => "object",
    }
}

/// Form.io's `ConditionOperator.getResult`: an array value passes if some element passes.
fn some_elem(value: &Value, f: impl Fn(&Value) -> bool) -> bool {
    match value {
        Value::Array(items) => items.iter().any(f),
        other => f(other),
    }
}

fn date_cmp(value: &Value, compared: &Value, ok: fn(i64, i64) -> bool) -> bool {
    if !truthy(value) {
        return false;
    }
    match (parse_date_value(value), parse_date_value(compared)) {
        (Some(a), Some(b)) => ok(a, b),
        _ => false,
    }
}

/// A Form.io condition operator: `[value, comparedValue, conditionComponentType?]`.
pub fn fio(op: Fio, args: &[Cow<'_, Value>]) -> Value {
    let value = at(args, 0);
    let compared = at(args, 1);
    let ctype = at(args, 2).as_str().unwrap_or("");
    let b = match op {
        Fio::IsEqual => some_elem(value, |v| fio_is_equal(v, compared, ctype)) || (ctype == "selectboxes" && fio_is_equal(value, compared, ctype)),
        Fio::IsNotEqual => {
            !(some_elem(value, |v| fio_is_equal(v, compared, ctype)) || (ctype == "selectboxes" && fio_is_equal(value, compared, ctype)))
        }
        Fio::IsEmpty => is_component_empty(value, ctype),
        Fio::IsNotEmpty => !is_component_empty(value, ctype),
        Fio::LessThan => some_elem(value, |v| v.is_number() && js_cmp(v, compared) == Some(std::cmp::Ordering::Less)),
        Fio::GreaterThan => some_elem(value, |v| v.is_number() && js_cmp(v, compared) == Some(std::cmp::Ordering::Greater)),
        Fio::LessThanOrEqual => some_elem(value, |v| v.is_number() && matches!(js_cmp(v, compared), Some(o) if o != std::cmp::Ordering::Greater)),
        Fio::GreaterThanOrEqual => some_elem(value, |v| v.is_number() && matches!(js_cmp(v, compared), Some(o) if o != std::cmp::Ordering::Less)),
        Fio::DateGreaterThan => some_elem(value, |v| date_cmp(v, compared, |a, b| a > b)),
        Fio::DateLessThan => some_elem(value, |v| date_cmp(v, compared, |a, b| a < b)),
        Fio::DateGreaterThanOrEqual => some_elem(value, |v| date_cmp(v, compared, |a, b| a >= b)),
        Fio::DateLessThanOrEqual => some_elem(value, |v| date_cmp(v, compared, |a, b| a <= b)),
        Fio::IsDateEqual => some_elem(value, |v| date_cmp(v, compared, |a, b| a == b)),
        Fio::IsNotDateEqual => !some_elem(value, |v| date_cmp(v, compared, |a, b| a == b)),
        Fio::Includes => some_elem(value, |v| lodash_includes(v, compared)),
        Fio::NotIncludes => !some_elem(value, |v| lodash_includes(v, compared)),
        Fio::StartsWith => some_elem(value, |v| str_or_empty(v).starts_with(&str_or_empty(compared))),
        Fio::EndsWith => some_elem(value, |v| str_or_empty(v).ends_with(&str_or_empty(compared))),
        Fio::Legacy => legacy(value, compared, at(args, 2)),
    };
    Value::Bool(b)
}

/// formio/core `checkLegacyConditional` with `[value, eq, show]`.
fn legacy(value: &Value, eq: &Value, show: &Value) -> bool {
    let show_true = match show {
        Value::Bool(b) => *b,
        Value::String(s) => s == "true",
        _ => false,
    };
    // The common case without allocating: a string (or absent) value against a string.
    if let (Value::String(e), Value::String(_) | Value::Null) = (eq, value) {
        let v = value.as_str().unwrap_or("");
        return (v == e) == show_true;
    }
    let empty = Value::String(String::new());
    let v = match value {
        Value::Null => &empty,
        Value::Object(m) if m.is_empty() => &empty,
        other => other,
    };
    match v {
        Value::Object(m) if m.contains_key(&to_js_string(eq)) => m.get(&to_js_string(eq)).map(to_js_string).unwrap_or_default() == to_js_string(show),
        Value::Array(items) if items.iter().any(|x| strict_eq(x, eq) || (x.is_string() && loose_eq(x, eq) && eq.is_string())) => show_true,
        other => (to_js_string(other) == to_js_string(eq)) == show_true,
    }
}

fn str_or_empty(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        other => to_js_string(other),
    }
}

fn lodash_includes(coll: &Value, v: &Value) -> bool {
    match coll {
        Value::String(s) => match v {
            Value::String(x) => s.contains(x.as_str()),
            _ => false,
        },
        Value::Array(items) => items.iter().any(|x| strict_eq(x, v)),
        Value::Object(m) => m.values().any(|x| strict_eq(x, v)),
        _ => false,
    }
}

fn lodash_get<'v>(obj: &'v Value, path: &Value) -> Option<&'v Value> {
    let segs: Vec<String> = match path {
        Value::Array(a) => a.iter().map(to_js_string).collect(),
        other => to_js_string(other)
            .replace('[', ".")
            .replace(']', "")
            .split('.')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let mut cur = obj;
    for s in &segs {
        cur = match cur {
            Value::Object(m) => m.get(s)?,
            Value::Array(a) => a.get(s.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A whitelisted lodash operator.
pub fn lodash(op: Lodash, args: &[Cow<'_, Value>]) -> Value {
    let a = at(args, 0);
    let b = at(args, 1);
    match op {
        Lodash::IsEmpty => Value::Bool(match a {
            Value::String(s) => s.is_empty(),
            Value::Array(x) => x.is_empty(),
            Value::Object(m) => m.is_empty(),
            _ => true,
        }),
        Lodash::Get => match lodash_get(a, b) {
            Some(Value::Null) | None => args.get(2).map(|c| c.as_ref().clone()).unwrap_or(Value::Null),
            Some(v) => v.clone(),
        },
        Lodash::Includes => Value::Bool(lodash_includes(a, b)),
        Lodash::ToLower => Value::String(str_or_empty(a).to_lowercase()),
        Lodash::ToUpper => Value::String(str_or_empty(a).to_uppercase()),
        Lodash::Trim => Value::String(str_or_empty(a).trim().to_string()),
        Lodash::Size => Value::from(match a {
            Value::String(s) => s.chars().count(),
            Value::Array(x) => x.len(),
            Value::Object(m) => m.len(),
            _ => 0,
        }),
        Lodash::IsEqual => Value::Bool(deep_eq(a, b)),
        Lodash::StartsWith => Value::Bool(str_or_empty(a).starts_with(&str_or_empty(b))),
        Lodash::EndsWith => Value::Bool(str_or_empty(a).ends_with(&str_or_empty(b))),
        Lodash::Match => Value::Bool(js_match(&str_or_empty(a), &str_or_empty(b))),
    }
}

/// Whether `pattern` (a JavaScript regular expression's source, compiled by the `regex` crate:
/// the translator refuses patterns it cannot compile) matches somewhere in `s`. A pattern that
/// does not compile matches nothing.
pub fn js_match(s: &str, pattern: &str) -> bool {
    regex::Regex::new(pattern).is_ok_and(|re| re.is_match(s))
}

/// An Italian validator as a predicate.
pub fn italian(op: Italian, v: &Value) -> bool {
    let Some(s) = v.as_str() else {
        return false;
    };
    match op {
        Italian::CodiceFiscale => crate::cf::is_valid(s),
        Italian::PartitaIva => crate::cf::piva::is_valid(s),
        Italian::Cap => italian::is_cap(s),
        Italian::Provincia => italian::is_provincia(s),
        Italian::Iban => italian::is_iban(s),
        Italian::Phone => italian::is_phone_it(s),
        Italian::Email => italian::is_email(s),
    }
}
