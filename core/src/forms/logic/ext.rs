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
        Lodash::Replace => {
            let s = str_or_empty(a);
            match args.get(2) {
                // lodash: fewer than three arguments give the string itself
                None => Value::String(s),
                Some(r) => Value::String(js_replace(&s, &to_js_string(b), &to_js_string(r))),
            }
        }
    }
}

/// JavaScript `s.replace(pattern, replacement)` with a string pattern: the first occurrence,
/// the replacement's `$$`, `$&`, `` $` `` and `$'` expanded (`GetSubstitution`).
pub fn js_replace(s: &str, pattern: &str, replacement: &str) -> String {
    let Some(at) = s.find(pattern) else { return s.to_string() };
    let (before, after) = (s.get(..at).unwrap_or(""), s.get(at + pattern.len()..).unwrap_or(""));
    let mut out = String::with_capacity(s.len() + replacement.len());
    out.push_str(before);
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('$') => out.push('$'),
            Some('&') => out.push_str(pattern),
            Some('`') => out.push_str(before),
            Some('\'') => out.push_str(after),
            _ => {
                out.push('$');
                continue;
            }
        }
        chars.next();
    }
    out.push_str(after);
    out
}

/// The tokens of a moment format the translation supports (`DD/MM/YYYY`): `D`, `DD`, `M`,
/// `MM`, `YY`, `YYYY`, and any other character that is not a letter, `[`, `]` or `\\` (a
/// literal); `None` for any other format.
pub fn moment_tokens(format: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = format.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_alphabetic() {
            let run = chars.get(i..).unwrap_or(&[]).iter().take_while(|x| **x == c).count();
            let token: String = std::iter::repeat_n(c, run).collect();
            if !matches!(token.as_str(), "D" | "DD" | "M" | "MM" | "YY" | "YYYY") {
                return None;
            }
            out.push(token);
            i += run;
        } else if matches!(c, '[' | ']' | '\\') {
            return None;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    Some(out)
}

/// moment 2.x `moment(input, format).isValid()` (the forgiving parser, not strict) for a format
/// of [`moment_tokens`]: each token in turn takes the first match in what is left of the input
/// (one or two digits for `D`, `DD`, `M`, `MM`, `YY`; one to four for `YYYY`; the character
/// itself for a literal), skipping what comes before it; with no part found the date is invalid;
/// the parts missing before the first one found are today's, the later ones the first month
/// and day (`configFromArray`); the date is invalid when the month or the day overflows
/// (`checkOverflow`). `today` is `YYYY-MM-DD`; without it (or unreadable) the current date is
/// taken as 31 December 2000, a leap year and a month of 31 days, so a date valid on some day
/// is valid.
pub fn moment_valid(input: &str, format: &str, today: Option<&str>) -> bool {
    let Some(tokens) = moment_tokens(format) else { return false };
    let mut rest = input;
    // year, month (0-11), day
    let mut parts: [Option<i64>; 3] = [None, None, None];
    let mut empty = true;
    for token in &tokens {
        let found = match token.as_str() {
            "YYYY" => digits(rest, 4),
            "D" | "DD" | "M" | "MM" | "YY" => digits(rest, 2),
            lit => rest.find(lit).map(|at| (at, lit.len())),
        };
        let Some((at, len)) = found else { continue };
        let text = rest.get(at..at + len).unwrap_or("");
        rest = rest.get(at + len..).unwrap_or("");
        let n: i64 = text.parse().unwrap_or(0);
        let [year, month, day] = &mut parts;
        match token.as_str() {
            "D" | "DD" => *day = Some(n),
            "M" | "MM" => *month = Some(n - 1),
            "YYYY" if len != 2 => *year = Some(n),
            "YY" | "YYYY" => *year = Some(n + if n > 68 { 1900 } else { 2000 }),
            _ => continue,
        }
        empty = false;
    }
    if empty {
        return false;
    }
    let now = today
        .and_then(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        .map(|d| {
            use chrono::Datelike;
            [i64::from(d.year()), i64::from(d.month0()), i64::from(d.day())]
        })
        .unwrap_or([2000, 11, 31]);
    // the parts before the first one found are today's; the month after it is January, the
    // day the 1st
    for (part, now) in parts.iter_mut().zip(now) {
        if part.is_some() {
            break;
        }
        *part = Some(now);
    }
    let [year, month, day] = parts;
    let (year, month, day) = (year.unwrap_or(0), month.unwrap_or(0), day.unwrap_or(1));
    if !(0..=11).contains(&month) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 if leap => 29,
        1 => 28,
        3 | 5 | 8 | 10 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

/// The first run of ASCII digits in `s`, at most `max` long: `(start, length)` in bytes.
fn digits(s: &str, max: usize) -> Option<(usize, usize)> {
    let at = s.find(|c: char| c.is_ascii_digit())?;
    let len = s.get(at..).unwrap_or("").bytes().take(max).take_while(u8::is_ascii_digit).count();
    Some((at, len))
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

#[cfg(test)]
mod tests {
    use super::{js_replace, moment_valid};

    /// `moment(input, format).isValid()` as moment 2.31.0 (the version Form.io's server runs in
    /// the differential test) answers with the current date 5 December 2026: for each format, a
    /// `v` (valid) or `x` per input.
    #[test]
    fn moment_validity_is_moments() {
        let inputs = [
            "01/02",
            "31/12",
            "29/02",
            "30/02",
            "31/11",
            "5",
            "31",
            "0",
            "32",
            "12345",
            "2026",
            "abc",
            "",
            "  ",
            "1/1",
            "12/13",
            "00/05",
            "3-4",
            "a5b6",
            "12/05/2026",
            "29/02/2024",
            "29/02/2023",
            "1/1/1",
            "12/5/26",
            "12/5/99",
            "31/4/2020",
            "15/08",
            "7/7/7777",
            "x12x/x03x",
            " 10 / 10 ",
            "1,2",
            "undefined",
            "null",
        ];
        let answers = [
            ("DD/MM", "vvxxxvvxxxxxxxvxxvvvxxvvvxvvvvvxx"),
            ("DD/MM/YYYY", "vvxxxvvxxxxxxxvxxvvvvxvvvxvvvvvxx"),
            ("D-M-YY", "vvxxxvvxxxxxxxvxxvvvvvvvvxvvvvvxx"),
            ("YYYY-MM-DD", "vvvvvvvvvvvxxxvxvvvvvvvvxvvxvvvxx"),
            ("MM", "vxxxxvxxxvxxxxvvxvvvxxvvvxxvvvvxx"),
        ];
        for (format, flags) in answers {
            for (input, flag) in inputs.iter().zip(flags.chars()) {
                assert_eq!(moment_valid(input, format, Some("2026-12-05")), flag == 'v', "{input:?} {format}");
            }
        }
        // The parts taken from today: the month (30 days in November) and the year (leap).
        assert!(!moment_valid("31", "DD/MM", Some("2026-11-05")));
        assert!(moment_valid("29/02", "DD/MM", Some("2028-01-01")));
        // Without today, a date valid on some day is valid.
        assert!(moment_valid("31", "DD/MM", None) && moment_valid("29/02", "DD/MM", None));
        // A format with other letters is refused (translation refuses it first).
        assert!(!moment_valid("01/02", "DD/MMM", Some("2026-12-05")));
    }

    #[test]
    fn replace_is_javascripts_with_a_string_pattern() {
        assert_eq!(js_replace("1,5,2", ",", "."), "1.5,2");
        assert_eq!(js_replace("abc", "x", "."), "abc");
        assert_eq!(js_replace("abc", "b", "[$&|$`|$'|$$|$1]"), "a[b|a|c|$|$1]c");
        assert_eq!(js_replace("abc", "", "-"), "-abc");
    }
}
