//! Strict reading of the library's JSON shapes: the one way every binding turns JSON (text, or a
//! host's data converted to a [`Value`]) into a core value.
//!
//! serde's derived deserializers are lenient in two ways the library refuses:
//! - a struct also reads from a JSON **array** of its fields in order (`["spid", "SpidL3"]` read
//!   as `{"method": "spid", "level": "SpidL3"}`): here a struct reads only from an object;
//! - keys a struct does not know are **ignored** unless the type says `deny_unknown_fields`: here
//!   an unknown key is always an error naming the known ones.
//!
//! Every error says **where** it is, as a path (`rules[2].noticeHours`, empty at the top level),
//! and input nested deeper than [`MAX_DEPTH`] is refused before anything recurses on it.
//!
//! ```
//! use sportello::json;
//! use sportello::slots::Calendar;
//!
//! let e = json::from_str::<Calendar>(r#"{"id": "x", "notice_hours": 48}"#).unwrap_err();
//! assert_eq!(e.code(), "json");
//! assert_eq!(e.to_string().split(':').next(), Some("notice_hours"));
//! ```

use crate::error::{Error, JsonError, LimitError};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Unexpected, Visitor};
use serde_json::Value;
use std::any::{Any, TypeId};
use std::fmt;

mod float;

/// The deepest nesting of arrays and objects accepted in any input, in every binding: the same
/// as serde_json's own recursion limit (127 nested arrays or objects), so that JSON text and a
/// host's data agree.
pub const MAX_DEPTH: usize = 127;

/// The largest input one call takes, in bytes of JSON text (64 MiB): what the JS packages accept
/// as the arguments of one call, and what [`from_str`] reads. In WebAssembly an allocation that
/// fails cannot be recovered from, so input is bounded before any work starts; a batch larger
/// than this is split by the caller.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// Refuses text longer than [`MAX_INPUT_BYTES`].
pub fn check_size(text: &str, path: &str) -> Result<(), Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(too_large(path));
    }
    Ok(())
}

/// The error of input longer than [`MAX_INPUT_BYTES`], at `path`.
pub fn too_large(path: &str) -> Error {
    Error::Limit(LimitError { what: "input bytes".into(), max: MAX_INPUT_BYTES as u64, path: path.into() })
}

/// A JavaScript number as the JSON value its `JSON.stringify` text reads as: an integer below
/// 10^21 (which JavaScript writes in digits) is an integer when it fits 64 bits, `-0` is `0`, any
/// other number a float; `None` for NaN and the infinities, which JSON cannot hold. A host that
/// hands numbers over without JSON text (the JS packages' picked values) gets the same values
/// as through the text.
pub fn js_number(x: f64) -> Option<Value> {
    if !x.is_finite() {
        return None;
    }
    if x.fract() == 0.0 && x.abs() < 1e21 {
        if x.abs() < 9_007_199_254_740_992.0 {
            // A safe integer converts exactly (`-0` as `0`).
            return Some(if x >= 0.0 { Value::from(x as u64) } else { Value::from(x as i64) });
        }
        // Beyond 2^53 JavaScript writes the shortest digits that read back as the number,
        // padded with zeros: that text's integer when it fits 64 bits (std's float formatting
        // would give the same digits, but it weighs 13 KB in the one-capability WASM package).
        let n = shortest_integer(x.abs());
        if x > 0.0 {
            if let Ok(u) = u64::try_from(n) {
                return Some(Value::from(u));
            }
        } else if let Ok(i) = i64::try_from(n).map(|i| -i) {
            return Some(Value::from(i));
        } else if n == 1 << 63 {
            return Some(Value::from(i64::MIN));
        }
    }
    serde_json::Number::from_f64(x).map(Value::Number)
}

/// The integer JavaScript writes for an integral `x` in [2^53, 10^21): its fewest significant
/// digits that read back as `x`, the closer (then the even) of two candidates, zeros after them
/// (ECMAScript `Number::toString`).
fn shortest_integer(x: f64) -> u128 {
    let v = x as u128; // exact: x is an integer below 2^70
    let mut p: u128 = 1;
    while p <= v / 10 {
        p *= 10;
    }
    // `p` is the place of the leading digit; keep one more digit each round.
    loop {
        let lo = v / p * p;
        let hi = lo + p;
        let (lo_ok, hi_ok) = (lo as f64 == x, hi as f64 == x);
        let pick = match (lo_ok, hi_ok) {
            (true, true) => match (v - lo).cmp(&(hi - v)) {
                std::cmp::Ordering::Less => Some(lo),
                std::cmp::Ordering::Greater => Some(hi),
                std::cmp::Ordering::Equal => Some(if (lo / p) % 2 == 0 { lo } else { hi }),
            },
            (true, false) => Some(lo),
            (false, true) => Some(hi),
            (false, false) => None,
        };
        if let Some(n) = pick {
            return n;
        }
        if p == 1 {
            return v;
        }
        p /= 10;
    }
}

/// Reads `T` from JSON text, strictly (see the module docs).
pub fn from_str<T: DeserializeOwned + 'static>(text: &str) -> Result<T, Error> {
    check_size(text, "")?;
    // serde_json refuses text nested deeper than its recursion limit (== MAX_DEPTH).
    let value: Value = parse_value(text).map_err(|e| match e.to_string() {
        m if m.starts_with("recursion limit exceeded") => too_deep(""),
        message => Error::Json(JsonError { message, path: String::new() }),
    })?;
    // Text was depth-checked while parsing: a `Value` is wanted as it is.
    match as_value::<T>(value) {
        Ok(v) => Ok(v),
        Err(value) => from_value_ref(&value),
    }
}

/// JSON text as a [`Value`], as `serde_json::from_str` reads it (same errors, same recursion
/// limit, a repeated key keeps its last value), but an object's entries are gathered first and
/// built into the map in one pass: inserting key by key costs a search of the tree per key,
/// about half of the parse of a 950-key submission (142 µs -> see benches/benches/forms.rs).
fn parse_value(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = FastValue.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// The [`DeserializeSeed`] of [`parse_value`].
#[derive(Clone, Copy)]
struct FastValue;

impl<'de> DeserializeSeed<'de> for FastValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FastValue {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // As serde_json: text cannot hold a non-finite number, so this is always a number.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element_seed(self)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(self)?;
            entries.push((k, v));
        }
        // `Map::from_iter` sorts stably and keeps the last of equal keys, as repeated inserts do.
        Ok(Value::Object(entries.into_iter().collect()))
    }
}

/// `value` as `T` when `T` is `Value` itself, else `value` back.
fn as_value<T: 'static>(value: Value) -> Result<T, Value> {
    if TypeId::of::<T>() != TypeId::of::<Value>() {
        return Err(value);
    }
    let boxed: Box<dyn Any> = Box::new(value);
    boxed.downcast::<T>().map(|v| *v).map_err(|b| b.downcast::<Value>().map(|v| *v).unwrap_or(Value::Null))
}

/// Reads `T` from a JSON value, strictly (see the module docs).
pub fn from_value<T: DeserializeOwned + 'static>(value: Value) -> Result<T, Error> {
    if TypeId::of::<T>() == TypeId::of::<Value>() {
        if let Err(e) = check_depth(&value) {
            dismantle(value);
            return Err(e);
        }
    }
    match as_value::<T>(value) {
        Ok(v) => Ok(v),
        Err(value) => from_value_ref(&value),
    }
}

/// Reads `T` from a borrowed JSON value, strictly (see the module docs).
pub fn from_value_ref<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    T::deserialize(Strict { value, depth: 0 }).map_err(DeError::into_error)
}

/// Refuses a value nested deeper than [`MAX_DEPTH`] (without recursing).
pub fn check_depth(value: &Value) -> Result<(), Error> {
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((v, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Array(a) => Box::new(a.iter()),
            Value::Object(o) => Box::new(o.values()),
            _ => continue,
        };
        if depth >= MAX_DEPTH {
            return Err(too_deep(""));
        }
        stack.extend(children.map(|c| (c, depth + 1)));
    }
    Ok(())
}

/// Drops a value of any depth without recursing (serde_json's own drop recurses per level).
pub fn dismantle(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(entries) => stack.extend(entries.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// The error of input nested deeper than [`MAX_DEPTH`], at `path`.
pub fn too_deep(path: &str) -> Error {
    Error::Limit(LimitError { what: "nesting depth".into(), max: MAX_DEPTH as u64, path: path.into() })
}

// -------------------------------------------------------------------------------- the error

enum Seg {
    Key(String),
    Index(usize),
}

/// A deserialization error and where it happened (innermost segment first while it bubbles up).
#[derive(Debug)]
struct DeError {
    message: String,
    deep: bool,
    rev_path: Vec<Seg>,
}

impl fmt::Debug for Seg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seg::Key(k) => write!(f, ".{k}"),
            Seg::Index(i) => write!(f, "[{i}]"),
        }
    }
}

impl DeError {
    fn at(mut self, seg: Seg) -> Self {
        self.rev_path.push(seg);
        self
    }

    fn into_error(self) -> Error {
        let mut path = String::new();
        for seg in self.rev_path.iter().rev() {
            match seg {
                Seg::Key(k) if path.is_empty() => path.push_str(k),
                Seg::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        if self.deep {
            return too_deep(&path);
        }
        Error::Json(JsonError { message: self.message, path })
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), deep: false, rev_path: Vec::new() }
    }
    // serde's own messages, with its `Unexpected` written by `Shown` (see there).
    #[cold]
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("invalid type: {}, expected {}", Shown(unexp), exp))
    }
    #[cold]
    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("invalid value: {}, expected {}", Shown(unexp), exp))
    }
}

/// An `Unexpected` as serde's `Display` writes it, with the float written by [`float`] instead
/// of the standard library's formatter, which the cf-only WASM package would link only for this
/// (10 KB gzipped). The test `unexpected_is_shown_as_serde_shows_it` holds them equal.
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Unexpected::*;
        match self.0 {
            Bool(b) => write!(formatter, "boolean `{}`", b),
            Unsigned(i) => write!(formatter, "integer `{}`", i),
            Signed(i) => write!(formatter, "integer `{}`", i),
            Float(f) => write!(formatter, "floating point `{}`", float::WithPoint(f)),
            Char(c) => write!(formatter, "character `{}`", c),
            Str(s) => write!(formatter, "string {:?}", s),
            Bytes(_) => formatter.write_str("byte array"),
            Unit => formatter.write_str("unit value"),
            Option => formatter.write_str("Option value"),
            NewtypeStruct => formatter.write_str("newtype struct"),
            Seq => formatter.write_str("sequence"),
            Map => formatter.write_str("map"),
            Enum => formatter.write_str("enum"),
            UnitVariant => formatter.write_str("unit variant"),
            NewtypeVariant => formatter.write_str("newtype variant"),
            TupleVariant => formatter.write_str("tuple variant"),
            StructVariant => formatter.write_str("struct variant"),
            Other(other) => formatter.write_str(other),
        }
    }
}

// -------------------------------------------------------------------------------- the deserializer

/// A strict deserializer over a borrowed [`Value`].
struct Strict<'de> {
    value: &'de Value,
    depth: usize,
}

impl<'de> Strict<'de> {
    fn child(&self, value: &'de Value) -> Result<Strict<'de>, DeError> {
        if self.depth >= MAX_DEPTH {
            return Err(DeError { message: String::new(), deep: true, rev_path: Vec::new() });
        }
        Ok(Strict { value, depth: self.depth + 1 })
    }

    fn unexpected(&self) -> Unexpected<'de> {
        match self.value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Unexpected::Unsigned(u),
                (_, Some(i), _) => Unexpected::Signed(i),
                (_, _, Some(f)) => Unexpected::Float(f),
                _ => Unexpected::Other("number"),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }

    fn wrong<V: Visitor<'de>, T>(&self, visitor: &V) -> Result<T, DeError> {
        Err(de::Error::invalid_type(self.unexpected(), visitor))
    }

    fn seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let Value::Array(items) = self.value else { return self.wrong(&visitor) };
        let mut seq = Seq { parent: &self, items: items.iter(), index: 0 };
        let out = visitor.visit_seq(&mut seq)?;
        match seq.items.len() {
            0 => Ok(out),
            left => Err(de::Error::invalid_length(seq.index + left, &"fewer elements")),
        }
    }

    fn map<V: Visitor<'de>>(self, fields: Option<&'static [&'static str]>, visitor: V) -> Result<V::Value, DeError> {
        let Value::Object(entries) = self.value else { return self.wrong(&visitor) };
        if let Some(fields) = fields {
            if let Some(key) = entries.keys().find(|k| !fields.contains(&k.as_str())) {
                return Err(<DeError as de::Error>::unknown_field(key, fields).at(Seg::Key(key.clone())));
            }
        }
        let mut map = Map { parent: &self, entries: entries.iter(), pending: None };
        visitor.visit_map(&mut map)
    }
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(_) => self.seq(visitor),
            Value::Object(_) => self.map(None, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            _ => self.wrong(&visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => self.wrong(&visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(_) => self.seq(visitor),
            _ => self.wrong(&visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.seq(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        self.seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        self.seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.map(None, visitor)
    }

    /// A struct reads from an object only, and every key must be one of its fields.
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, fields: &'static [&'static str], visitor: V) -> Result<V::Value, DeError> {
        self.map(Some(fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::String(s) => visitor.visit_enum(Enum { parent: self, variant: s, content: None }),
            Value::Object(o) if o.len() == 1 => match o.iter().next() {
                Some((k, v)) => visitor.visit_enum(Enum { parent: self, variant: k, content: Some(v) }),
                None => self.wrong(&visitor),
            },
            _ => self.wrong(&visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char }
}

struct Seq<'p, 'de> {
    parent: &'p Strict<'de>,
    items: std::slice::Iter<'de, Value>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, 'de> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, DeError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        let child = self.parent.child(item).map_err(|e| e.at(Seg::Index(index)))?;
        seed.deserialize(child).map(Some).map_err(|e| e.at(Seg::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'p, 'de> {
    parent: &'p Strict<'de>,
    entries: serde_json::map::Iter<'de>,
    pending: Option<(&'de String, &'de Value)>,
}

impl<'de> de::MapAccess<'de> for Map<'_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((k, v)) = self.entries.next() else { return Ok(None) };
        self.pending = Some((k, v));
        let key = de::value::BorrowedStrDeserializer::<'de, DeError>::new(k.as_str());
        seed.deserialize(key).map(Some).map_err(|e| e.at(Seg::Key(k.clone())))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let Some((k, v)) = self.pending.take() else { return Err(de::Error::custom("a value without its key")) };
        let child = self.parent.child(v).map_err(|e| e.at(Seg::Key(k.clone())))?;
        seed.deserialize(child).map_err(|e| e.at(Seg::Key(k.clone())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct Enum<'de> {
    parent: Strict<'de>,
    variant: &'de str,
    content: Option<&'de Value>,
}

impl<'de> de::EnumAccess<'de> for Enum<'de> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), DeError> {
        let key = de::value::BorrowedStrDeserializer::<'de, DeError>::new(self.variant);
        Ok((seed.deserialize(key)?, self))
    }
}

impl<'de> Enum<'de> {
    fn content(&self) -> Result<Strict<'de>, DeError> {
        match self.content {
            Some(v) => self.parent.child(v).map_err(|e| e.at(Seg::Key(self.variant.to_owned()))),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a variant with content")),
        }
    }
}

impl<'de> de::VariantAccess<'de> for Enum<'de> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.content {
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(de::Error::invalid_type(Unexpected::NewtypeVariant, &"a unit variant")),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, DeError> {
        let variant = self.variant.to_owned();
        seed.deserialize(self.content()?).map_err(|e| e.at(Seg::Key(variant)))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        let variant = self.variant.to_owned();
        self.content()?.seq(visitor).map_err(|e| e.at(Seg::Key(variant)))
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, DeError> {
        let variant = self.variant.to_owned();
        self.content()?.map(Some(fields), visitor).map_err(|e| e.at(Seg::Key(variant)))
    }
}

#[cfg(test)]
mod tests {
    /// `js_number` gives what `JSON.stringify` text reads as (the texts are V8's).
    #[test]
    fn js_numbers_read_as_their_json_text() {
        for (x, text) in [
            (28.0, "28"),
            (-0.0, "0"),
            (-5.0, "-5"),
            (2.5, "2.5"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (18_446_744_073_709_549_568.0, "18446744073709550000"),
            (-9_223_372_036_854_775_808.0, "-9223372036854776000"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (0.1, "0.1"),
            (1_152_921_504_606_848_000.0, "1152921504606848000"),
            (-1_152_921_504_606_847_000.0, "-1152921504606847000"),
            (9_223_372_036_854_775_807.0, "9223372036854776000"),
        ] {
            let from_text: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(super::js_number(x), Some(from_text), "{x}");
        }
        assert_eq!(super::js_number(f64::NAN), None);
        assert_eq!(super::js_number(f64::NEG_INFINITY), None);
    }

    /// With `float_roundtrip` (the default) a number is read as the double nearest to its text,
    /// as `JSON.parse` and Python's `float` read it: serde_json's fast reading puts these one unit
    /// in the last place off.
    #[cfg(feature = "float_roundtrip")]
    #[test]
    fn numbers_read_as_the_nearest_double() {
        for text in ["123456789012345680000", "9.007199254740993e15", "0.30000000000000004", "2.2250738585072014e-308", "1.7976931348623157e308"] {
            let v: serde_json::Value = super::from_str(text).unwrap();
            assert_eq!(v.as_f64(), Some(text.parse::<f64>().unwrap()), "{text}");
        }
    }

    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        notice_hours: u32,
        #[serde(default)]
        label: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        rules: Vec<Inner>,
    }

    fn err<T: DeserializeOwned + fmt::Debug + 'static>(text: &str) -> (String, String) {
        match from_str::<T>(text).unwrap_err() {
            Error::Json(JsonError { message, path }) => (message, path),
            e => (e.code().into(), e.to_string()),
        }
    }

    /// `parse_value` reads text exactly as serde_json does: values, a repeated key (the last
    /// wins), the errors and their positions, the recursion limit.
    #[test]
    fn parse_value_is_serde_json() {
        let texts = [
            r#"{"b": 1, "a": [true, null, -2, 1.5e300, "x\u00e8"], "c": {"z": {}, "y": []}}"#,
            r#"{"k": 1, "j": 2, "k": 3}"#,
            r#"[18446744073709551615, -9223372036854775808, 0.1, 1e400]"#,
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#"[1, 2"#,
            "\"\\ud800\"",
            "1 2",
            "",
        ];
        for t in texts {
            let ours = parse_value(t).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Value>(t).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{t}");
        }
        assert_eq!(parse_value(r#"{"k": 1, "j": 2, "k": 3}"#).unwrap()["k"], 3);
        let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert!(parse_value(&deep(MAX_DEPTH)).is_ok());
        assert!(parse_value(&deep(MAX_DEPTH + 1)).unwrap_err().to_string().starts_with("recursion limit exceeded"));
    }

    #[test]
    fn unknown_keys_are_refused_with_their_path_and_the_known_ones() {
        let (message, path) = err::<Outer>(r#"{"rules": [{"noticeHours": 1}, {"notice_hours": 48}]}"#);
        assert_eq!(path, "rules[1].notice_hours");
        assert!(message.contains("`notice_hours`") && message.contains("`noticeHours`"), "{message}");
    }

    #[test]
    fn a_struct_does_not_read_from_an_array() {
        let (message, path) = err::<Outer>(r#"{"rules": [[48, null]]}"#);
        assert_eq!(path, "rules[0]");
        assert!(message.starts_with("invalid type: sequence"), "{message}");
        assert!(from_str::<Outer>(r#"[[]]"#).is_err());
    }

    #[test]
    fn wrong_types_and_ranges_say_where() {
        assert_eq!(err::<Outer>(r#"{"rules": [{"noticeHours": -1}]}"#).1, "rules[0].noticeHours");
        assert_eq!(err::<Outer>(r#"{"rules": [{"noticeHours": 4294967296}]}"#).1, "rules[0].noticeHours");
        assert_eq!(err::<Outer>(r#"{"rules": [{"noticeHours": 1.5}]}"#).1, "rules[0].noticeHours");
        assert_eq!(err::<Outer>(r#"{"rules": [{}]}"#), ("missing field `noticeHours`".into(), "rules[0]".into()));
        assert_eq!(from_str::<Outer>(r#"{"rules": [{"noticeHours": 2, "label": null}]}"#).unwrap().rules[0].notice_hours, 2);
    }

    #[test]
    fn unexpected_is_shown_as_serde_shows_it() {
        use Unexpected::*;
        let all = [
            Bool(true),
            Unsigned(7),
            Signed(-7),
            Float(1.5),
            Float(-1e300),
            Char('\u{e8}'),
            Str("a \"b\"\n\u{e8}"),
            Bytes(b"x"),
            Unit,
            Option,
            NewtypeStruct,
            Seq,
            Map,
            Enum,
            UnitVariant,
            NewtypeVariant,
            TupleVariant,
            StructVariant,
            Other("number"),
        ];
        for u in all {
            assert_eq!(Shown(u).to_string(), u.to_string());
        }
        let (message, _) = err::<u32>("0.25");
        assert_eq!(message, "invalid type: floating point `0.25`, expected u32");
    }

    #[test]
    fn deep_values_are_refused_without_recursing() {
        let deep = || (0..100_000).fold(Value::Null, |v, _| Value::Array(vec![v]));
        assert_eq!(from_value::<Value>(deep()).unwrap_err().code(), "limit");
        let v = deep();
        assert_eq!(from_value_ref::<Vec<Value>>(&v).unwrap_err().code(), "limit");
        dismantle(v);
        let text = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(from_str::<Value>(&text).unwrap_err().code(), "limit");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        let over = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(from_str::<Value>(&over).unwrap_err().code(), "limit");
        assert!(from_str::<Value>(&ok).is_ok());
    }
}
