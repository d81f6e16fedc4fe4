//! JavaScript value semantics over JSON (`serde_json::Value`), as json-logic-js 2.x sees them:
//! truthiness (with `[]` falsy), `Number(x)`, `parseFloat(x)`, `String(x)`, loose and strict
//! equality, and the abstract relational comparison behind `<`.

use std::cmp::Ordering;

use serde_json::{Number, Value};

/// JSON Logic truthiness: `0`, `NaN`, `""`, `[]`, `null` and `false` are falsy; everything else
/// (including `"0"` and `{}`) is truthy.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(_) => true,
    }
}

/// A number as JSON: integral values in the safe range become integers, `NaN` and infinities
/// (which JSON cannot hold) become `null`.
pub fn num(f: f64) -> Value {
    if !f.is_finite() {
        return Value::Null;
    }
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        // ok: the range check above makes the conversion exact.
        return Value::Number(Number::from(f as i64));
    }
    Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
}

/// JavaScript `Number(v)`.
pub fn to_number(v: &Value) -> f64 {
    match v {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) => str_to_number(s),
        Value::Array(a) => match a.as_slice() {
            [] => 0.0,
            [one] if !one.is_array() && !one.is_object() => {
                if one.is_null() {
                    0.0
                } else {
                    str_to_number(&to_js_string(one))
                }
            }
            [one] => str_to_number(&to_js_string(one)),
            _ => f64::NAN,
        },
        Value::Object(_) => f64::NAN,
    }
}

/// JavaScript `Number(s)` for a string: trimmed; empty is 0; decimal, `0x`, `0o`, `0b`,
/// `Infinity`; anything else `NaN`.
pub fn str_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    let radix = |p: &str, r: u32| -> f64 {
        if p.is_empty() {
            return f64::NAN;
        }
        u64::from_str_radix(p, r).map(|n| n as f64).unwrap_or(f64::NAN)
    };
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return radix(h, 16);
    }
    if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        return radix(o, 8);
    }
    if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        return radix(b, 2);
    }
    match t {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    if !t.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return f64::NAN;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// JavaScript `String.prototype.trim`.
pub fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_space)
}

/// JavaScript `parseFloat(String(v))`: the longest decimal prefix after leading spaces.
pub fn parse_float(v: &Value) -> f64 {
    let s = match v {
        Value::Number(n) => return n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
        other => std::borrow::Cow::Owned(to_js_string(other)),
    };
    let t = s.trim_start_matches(is_js_space);
    for (p, f) in [("Infinity", f64::INFINITY), ("+Infinity", f64::INFINITY), ("-Infinity", f64::NEG_INFINITY)] {
        if t.starts_with(p) {
            return f;
        }
    }
    let b = t.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut mantissa_digits = i - digits_start;
    if b.get(i) == Some(&b'.') {
        let mut j = i + 1;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        mantissa_digits += j - i - 1;
        if mantissa_digits > 0 {
            i = j;
        }
    }
    if mantissa_digits == 0 {
        return f64::NAN;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_start = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    t.get(..i).and_then(|p| p.parse::<f64>().ok()).unwrap_or(f64::NAN)
}

/// JavaScript `Number.prototype.toString()` (shortest round-trip digits, JS exponent style).
pub fn number_to_string(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if f == 0.0 {
        return "0".into();
    }
    let a = f.abs();
    if (1e-7..1e21).contains(&a) {
        if f.fract() == 0.0 {
            // ok: |f| < 1e21 fits i128 exactly.
            return format!("{}", f as i128);
        }
        return format!("{f}");
    }
    // Exponential: Rust prints `1e21` / `1.5e-7`; JavaScript prints `1e+21` / `1.5e-7`.
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => s,
    }
}

/// JavaScript `String(v)` (arrays joined with `,`, objects `[object Object]`).
pub fn to_js_string(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (_, Some(u)) => u.to_string(),
            _ => number_to_string(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => {
            let mut out = String::new();
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !x.is_null() {
                    out.push_str(&to_js_string(x));
                }
            }
            out
        }
        Value::Object(_) => "[object Object]".into(),
    }
}

/// JavaScript `===` on JSON values. Arrays and objects are distinct objects in JavaScript, so two
/// of them are never strictly equal; json-logic-js has no way to compare them by identity.
pub fn strict_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => num_eq(x, y),
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

fn num_eq(x: &Number, y: &Number) -> bool {
    match (x.as_i64(), y.as_i64()) {
        (Some(a), Some(b)) => a == b,
        _ => x.as_f64() == y.as_f64(),
    }
}

/// JavaScript `==` (the abstract equality algorithm) on JSON values.
pub fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Number(_), Value::Number(_)) | (Value::String(_), Value::String(_)) | (Value::Bool(_), Value::Bool(_)) => strict_eq(a, b),
        (Value::Array(_) | Value::Object(_), Value::Array(_) | Value::Object(_)) => false,
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => n.as_f64() == Some(str_to_number(s)),
        (Value::Bool(x), other) | (other, Value::Bool(x)) => loose_eq(&Value::from(u8::from(*x)), other),
        // An array or object against a primitive: ToPrimitive is String(obj).
        (Value::Array(_) | Value::Object(_), prim) | (prim, Value::Array(_) | Value::Object(_)) => {
            let s = Value::String(to_js_string(if a.is_array() || a.is_object() { a } else { b }));
            loose_eq(&s, prim)
        }
    }
}

/// JavaScript's abstract relational comparison: `None` when either side is `NaN` (every
/// comparison is then false). Two strings compare by UTF-16 code units; otherwise numbers.
pub fn js_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    let prim = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Array(_) | Value::Object(_) => Some(to_js_string(v)),
            _ => None,
        }
    };
    if let (Some(x), Some(y)) = (prim(a), prim(b)) {
        return Some(x.encode_utf16().cmp(y.encode_utf16()));
    }
    let x = to_number(a);
    let y = to_number(b);
    x.partial_cmp(&y)
}

/// Deep structural equality with numbers compared by value (lodash `isEqual` on JSON).
pub fn deep_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_eq(x, y),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| deep_eq(p, q)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_eq(v, w))),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn coercions() {
        assert_eq!(str_to_number(" 12 "), 12.0);
        assert!(str_to_number("12px").is_nan());
        assert_eq!(parse_float(&json!("12px")), 12.0);
        assert!(parse_float(&json!(null)).is_nan());
        assert_eq!(number_to_string(1e21), "1e+21");
        assert_eq!(number_to_string(0.5), "0.5");
        assert_eq!(to_js_string(&json!([1, null, "a"])), "1,,a");
        assert!(loose_eq(&json!(0), &json!(false)));
        assert!(loose_eq(&json!("1"), &json!(1)));
        assert!(loose_eq(&json!([1]), &json!("1")));
        assert!(!loose_eq(&json!(null), &json!(0)));
        assert_eq!(js_cmp(&json!("10"), &json!("9")), Some(Ordering::Less));
        assert_eq!(js_cmp(&json!("10"), &json!(9)), Some(Ordering::Greater));
    }
}
