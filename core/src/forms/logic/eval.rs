//! Evaluation of a compiled rule against a [`Scope`]: json-logic-js 2.0.x semantics.

use std::borrow::Cow;
use std::cell::Cell;
use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::compile::{split_path, Node, Seg, VarKey, VarNode};
use super::ops::Op;
use super::value::{js_cmp, loose_eq, num, number_to_string, parse_float, str_to_number, strict_eq, to_js_string, to_number, truthy};

/// Where `var` reads from. A plain JSON value is a scope; a form evaluation uses a scope whose
/// top-level names (`data`, `row`, ...) point into different values without building an object.
pub trait Scope<'a> {
    /// The value at `path`, or `None` when it is undefined (borrowed where the scope holds it,
    /// owned where it has to be put together, e.g. an object a form evaluation keeps in slots).
    fn get(&self, path: &[Seg]) -> Option<Cow<'a, Value>>;
    /// The whole data (`{"var": ""}`).
    fn whole(&self) -> Cow<'a, Value>;
    /// A number JSON cannot hold (NaN, an infinity, `-0`) at `path`, read before [`Scope::get`]:
    /// only a `reduce` accumulator can be one.
    #[inline(always)]
    fn special(&self, _path: &[Seg]) -> Option<f64> {
        None
    }
    /// The flag a `js_receiver` that throws sets: the one of the nearest `js_try` around the
    /// evaluation (`None` outside any).
    #[inline(always)]
    fn catcher(&self) -> Option<&Cell<bool>> {
        None
    }
}

/// The scope inside a `js_try`: the outer scope, and the flag its `js_receiver`s set.
struct Catch<'s, 'a> {
    inner: &'s (dyn Scope<'a> + 's),
    thrown: Cell<bool>,
}

impl<'a> Scope<'a> for Catch<'_, 'a> {
    fn get(&self, path: &[Seg]) -> Option<Cow<'a, Value>> {
        self.inner.get(path)
    }
    fn whole(&self) -> Cow<'a, Value> {
        self.inner.whole()
    }
    fn special(&self, path: &[Seg]) -> Option<f64> {
        self.inner.special(path)
    }
    fn catcher(&self) -> Option<&Cell<bool>> {
        Some(&self.thrown)
    }
}

/// The scope of the per-item rule of `map`, `filter`, `all`, `some`, `none`: the item, and the
/// flag of the `js_try` around the operation (a callback that throws throws out of it).
struct ItemScope<'i> {
    item: &'i Value,
    catcher: Option<&'i Cell<bool>>,
}

impl<'i> Scope<'i> for ItemScope<'i> {
    fn get(&self, path: &[Seg]) -> Option<Cow<'i, Value>> {
        walk(self.item, path).map(Cow::Borrowed)
    }
    fn whole(&self) -> Cow<'i, Value> {
        Cow::Borrowed(self.item)
    }
    fn catcher(&self) -> Option<&Cell<bool>> {
        self.catcher
    }
}

/// A value inside an evaluation: JSON, or a number JSON cannot hold exactly (`NaN`, `Infinity`,
/// `-Infinity`, `-0`), which behaves as in JavaScript until the final result turns it into JSON
/// (`null`; `-0` is `0`), as `JSON.stringify` does.
#[derive(Debug, Clone)]
pub enum Val<'a> {
    J(Cow<'a, Value>),
    F(f64),
    /// An array holding such a number (made by `map`, `merge` or a literal array of rules).
    A(Vec<Val<'a>>),
}

impl<'a> Val<'a> {
    /// The final JSON result.
    pub fn into_json(self) -> Cow<'a, Value> {
        match self {
            Val::J(v) => v,
            Val::F(f) => Cow::Owned(num(f)),
            Val::A(items) => Cow::Owned(Value::Array(items.into_iter().map(Val::into_value).collect())),
        }
    }

    fn into_value(self) -> Value {
        self.into_json().into_owned()
    }

    /// JSON Logic truthiness (NaN, `-0` falsy; infinities truthy).
    pub fn truthy(&self) -> bool {
        match self {
            Val::J(v) => truthy(v),
            Val::F(f) => *f != 0.0 && !f.is_nan(),
            Val::A(items) => !items.is_empty(),
        }
    }

    fn number(&self) -> f64 {
        match self {
            Val::J(v) => to_number(v),
            Val::F(f) => *f,
            Val::A(items) => match items.as_slice() {
                [] => 0.0,
                [one] => str_to_number(&join(std::slice::from_ref(one))),
                _ => f64::NAN,
            },
        }
    }

    fn float(&self) -> f64 {
        match self {
            Val::J(v) => parse_float(v),
            Val::F(f) => *f,
            Val::A(items) => parse_float(&Value::String(join(items))),
        }
    }

    fn string(&self) -> String {
        match self {
            Val::J(v) => to_js_string(v),
            Val::F(f) => number_to_string(*f),
            Val::A(items) => join(items),
        }
    }

    /// `String(x)` when JavaScript's `ToPrimitive` gives a string (strings, arrays, objects).
    fn primitive_string(&self) -> Option<String> {
        match self {
            Val::J(v) if v.is_string() || v.is_array() || v.is_object() => Some(to_js_string(v)),
            Val::A(items) => Some(join(items)),
            _ => None,
        }
    }
}

/// `Array.prototype.join(",")`: `null` items print nothing.
fn join(items: &[Val<'_>]) -> String {
    let mut out = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if !matches!(x, Val::J(v) if v.is_null()) {
            out.push_str(&x.string());
        }
    }
    out
}

/// An array of results: JSON unless an item is a number JSON cannot hold.
fn array_of(items: Vec<Val<'_>>) -> Val<'_> {
    if items.iter().any(|v| !matches!(v, Val::J(_))) {
        return Val::A(items);
    }
    Val::J(Cow::Owned(Value::Array(items.into_iter().map(Val::into_value).collect())))
}

/// A number result: JSON when JSON holds it exactly, else [`Val::F`].
fn numv<'a>(f: f64) -> Val<'a> {
    if f.is_finite() && !(f == 0.0 && f.is_sign_negative()) {
        Val::J(Cow::Owned(num(f)))
    } else {
        Val::F(f)
    }
}

/// Whether two values are the same array or object (JavaScript compares those by identity):
/// both borrowed from the same place (two values held by different results are never the same).
fn same_object(a: &Value, b: &Value) -> bool {
    std::ptr::eq(a, b)
}

/// JavaScript `==`.
fn loose_eq_v(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::J(x), Val::J(y)) => {
            if (x.is_array() || x.is_object()) && (y.is_array() || y.is_object()) {
                return same_object(x, y);
            }
            loose_eq(x, y)
        }
        (Val::F(f), Val::F(g)) => f == g,
        (Val::F(f), Val::J(v)) | (Val::J(v), Val::F(f)) => !v.is_null() && to_number(v) == *f,
        // An array made here is a new object: equal to no other object, and compared with a
        // primitive through its string.
        (Val::A(_), Val::A(_)) => false,
        (Val::A(_), Val::F(f)) => a.number() == *f,
        (Val::F(f), Val::A(_)) => b.number() == *f,
        (Val::A(items), Val::J(v)) | (Val::J(v), Val::A(items)) => !v.is_array() && !v.is_object() && loose_eq(&Value::String(join(items)), v),
    }
}

/// JavaScript `===`.
fn strict_eq_v(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::J(x), Val::J(y)) => strict_eq(x, y) || ((x.is_array() || x.is_object()) && same_object(x, y)),
        (Val::F(f), Val::F(g)) => f == g,
        (Val::F(f), Val::J(v)) | (Val::J(v), Val::F(f)) => v.as_f64() == Some(*f),
        (Val::A(_), _) | (_, Val::A(_)) => false,
    }
}

/// JavaScript's abstract relational comparison (`None` with a NaN).
fn js_cmp_v(a: &Val<'_>, b: &Val<'_>) -> Option<Ordering> {
    if let (Val::J(x), Val::J(y)) = (a, b) {
        return js_cmp(x, y);
    }
    if let (Some(x), Some(y)) = (a.primitive_string(), b.primitive_string()) {
        return Some(x.encode_utf16().cmp(y.encode_utf16()));
    }
    a.number().partial_cmp(&b.number())
}

/// A plain JSON value as the data of a rule.
#[derive(Debug, Clone, Copy)]
pub struct DataScope<'a>(pub &'a Value);

impl<'a> Scope<'a> for DataScope<'a> {
    fn get(&self, path: &[Seg]) -> Option<Cow<'a, Value>> {
        walk(self.0, path).map(Cow::Borrowed)
    }
    fn whole(&self) -> Cow<'a, Value> {
        Cow::Borrowed(self.0)
    }
}

/// Follows `path` into `v` (object keys, array indices).
pub fn walk<'a>(mut v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    for seg in path {
        v = match v {
            Value::Object(m) => m.get(&seg.key)?,
            Value::Array(a) => a.get(seg.index?)?,
            _ => return None,
        };
    }
    Some(v)
}

const NULL: Value = Value::Null;

fn arg<'a, S: Scope<'a>>(args: &'a [Node], i: usize, s: &S) -> Val<'a> {
    match args.get(i) {
        Some(n) => n.ev(s),
        None => Val::J(Cow::Borrowed(&NULL)),
    }
}

fn boolean<'a>(b: bool) -> Val<'a> {
    Val::J(Cow::Owned(Value::Bool(b)))
}

fn owned<'a>(v: Value) -> Val<'a> {
    Val::J(Cow::Owned(v))
}

impl Node {
    /// Evaluates the rule: its final JSON result.
    pub fn eval<'a, S: Scope<'a>>(&'a self, s: &S) -> Cow<'a, Value> {
        self.ev(s).into_json()
    }

    /// Evaluates the rule, keeping a number JSON cannot hold (see [`Val`]).
    pub fn ev<'a, S: Scope<'a>>(&'a self, s: &S) -> Val<'a> {
        match self {
            Node::Lit(v) => Val::J(Cow::Borrowed(v)),
            Node::Array(items) => array_of(items.iter().map(|n| n.ev(s)).collect()),
            Node::Var(v) => eval_var(v, s),
            Node::Op(op, args) => eval_op(*op, args, s),
        }
    }
}

fn eval_var<'a, S: Scope<'a>>(v: &'a VarNode, s: &S) -> Val<'a> {
    let found = match &v.key {
        VarKey::Whole => return Val::J(s.whole()),
        VarKey::Path(segs) => {
            if let Some(f) = s.special(segs) {
                return Val::F(f);
            }
            s.get(segs)
        }
        VarKey::Dynamic(n) => {
            let key = n.ev(s);
            match key {
                Val::F(_) | Val::A(_) => s.get(&split_path(&key.string())),
                Val::J(key) => match key.as_ref() {
                    Value::Null => return Val::J(s.whole()),
                    Value::String(k) if k.is_empty() => return Val::J(s.whole()),
                    Value::Array(a) if a.is_empty() => return Val::J(s.whole()),
                    other => {
                        let segs = split_path(&to_js_string(other));
                        if let Some(f) = s.special(&segs) {
                            return Val::F(f);
                        }
                        s.get(&segs)
                    }
                },
            }
        }
    };
    match found {
        Some(x) => Val::J(x),
        None => match &v.default {
            Some(d) => d.ev(s),
            None => Val::J(Cow::Borrowed(&NULL)),
        },
    }
}

fn lookup_key<'a, S: Scope<'a>>(key: &Value, s: &S) -> Option<Cow<'a, Value>> {
    match key {
        Value::Null => Some(s.whole()),
        Value::String(k) if k.is_empty() => Some(s.whole()),
        other => s.get(&split_path(&to_js_string(other))),
    }
}

fn missing<'a, S: Scope<'a>>(keys: &Value, s: &S) -> Vec<Value> {
    let list: Vec<&Value> = match keys {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    list.into_iter()
        .filter(|k| match lookup_key(k, s) {
            None => true,
            Some(v) => matches!(v.as_ref(), Value::Null) || matches!(v.as_ref(), Value::String(x) if x.is_empty()),
        })
        .cloned()
        .collect()
}

fn compare<'a, S: Scope<'a>>(args: &'a [Node], s: &S, ok: fn(Ordering) -> bool) -> Val<'a> {
    if args.len() < 2 {
        return boolean(false);
    }
    let a = arg(args, 0, s);
    let b = arg(args, 1, s);
    let first = js_cmp_v(&a, &b).is_some_and(ok);
    if args.len() < 3 || !first {
        return boolean(first);
    }
    let c = arg(args, 2, s);
    boolean(js_cmp_v(&b, &c).is_some_and(ok))
}

fn eval_op<'a, S: Scope<'a>>(op: Op, args: &'a [Node], s: &S) -> Val<'a> {
    match op {
        Op::If => {
            let mut i = 0;
            while i + 1 < args.len() {
                if arg(args, i, s).truthy() {
                    return arg(args, i + 1, s);
                }
                i += 2;
            }
            if args.len() == i + 1 {
                return arg(args, i, s);
            }
            Val::J(Cow::Borrowed(&NULL))
        }
        Op::And | Op::Or => {
            let want = op == Op::Or;
            let mut current = Val::J(Cow::Borrowed(&NULL));
            for n in args {
                current = n.ev(s);
                if current.truthy() == want {
                    return current;
                }
            }
            current
        }
        Op::Not => boolean(!arg(args, 0, s).truthy()),
        Op::NotNot => boolean(arg(args, 0, s).truthy()),
        Op::Eq => boolean(loose_eq_v(&arg(args, 0, s), &arg(args, 1, s))),
        Op::Ne => boolean(!loose_eq_v(&arg(args, 0, s), &arg(args, 1, s))),
        Op::StrictEq => boolean(strict_eq_v(&arg(args, 0, s), &arg(args, 1, s))),
        Op::StrictNe => boolean(!strict_eq_v(&arg(args, 0, s), &arg(args, 1, s))),
        Op::Gt => compare(args, s, |o| o == Ordering::Greater),
        Op::Ge => compare(args, s, |o| o != Ordering::Less),
        Op::Lt => compare(args, s, |o| o == Ordering::Less),
        Op::Le => compare(args, s, |o| o != Ordering::Greater),
        Op::Missing => {
            let keys: Value =
                if args.len() == 1 { arg(args, 0, s).into_value() } else { Value::Array(args.iter().map(|n| n.ev(s).into_value()).collect()) };
            owned(Value::Array(missing(&keys, s)))
        }
        Op::MissingSome => {
            let need = arg(args, 0, s).number();
            let options = arg(args, 1, s).into_json();
            let total = match options.as_ref() {
                Value::Array(a) => a.len(),
                _ => 1,
            };
            let miss = missing(&options, s);
            if (total - miss.len()) as f64 >= need {
                owned(Value::Array(Vec::new()))
            } else {
                owned(Value::Array(miss))
            }
        }
        Op::Max | Op::Min => {
            // Math.max / Math.min: NaN when any argument is; -Infinity / Infinity without any.
            let mut acc = if op == Op::Max { f64::NEG_INFINITY } else { f64::INFINITY };
            for n in args {
                let x = n.ev(s).number();
                if x.is_nan() {
                    return Val::F(f64::NAN);
                }
                acc = if op == Op::Max { acc.max(x) } else { acc.min(x) };
            }
            numv(acc)
        }
        Op::Add => {
            let mut acc = 0.0;
            for n in args {
                acc += n.ev(s).float();
            }
            numv(acc)
        }
        Op::Mul => match args {
            [] => Val::J(Cow::Borrowed(&NULL)),
            [one] => one.ev(s),
            [first, rest @ ..] => {
                let mut acc = first.ev(s).float();
                for n in rest {
                    acc *= n.ev(s).float();
                }
                numv(acc)
            }
        },
        Op::Sub => {
            let a = arg(args, 0, s).number();
            if args.len() < 2 {
                return numv(-a);
            }
            numv(a - arg(args, 1, s).number())
        }
        Op::Div => numv(arg(args, 0, s).number() / arg(args, 1, s).number()),
        Op::Mod => numv(arg(args, 0, s).number() % arg(args, 1, s).number()),
        Op::Map | Op::Filter | Op::All | Op::Some | Op::None => {
            let items = arg(args, 0, s).into_json();
            let Value::Array(items) = items.as_ref() else {
                return owned(match op {
                    Op::Map | Op::Filter => Value::Array(Vec::new()),
                    Op::None => Value::Bool(true),
                    _ => Value::Bool(false),
                });
            };
            let rule = args.get(1);
            // The item's scope is the item; the rule's result is borrowed when it can be.
            let catcher = s.catcher();
            let test = |item: &Value| -> bool { rule.is_some_and(|r| r.ev(&ItemScope { item, catcher }).truthy()) };
            match op {
                Op::Map => array_of(
                    items
                        .iter()
                        .map(|item| match rule {
                            Some(r) => detach(r.ev(&ItemScope { item, catcher })),
                            None => Val::J(Cow::Borrowed(&NULL)),
                        })
                        .collect(),
                ),
                Op::Filter => owned(Value::Array(items.iter().filter(|i| test(i)).cloned().collect())),
                Op::All => boolean(!items.is_empty() && items.iter().all(test)),
                Op::Some => boolean(items.iter().any(test)),
                _ => boolean(!items.iter().any(test)),
            }
        }
        Op::Reduce => {
            let items = arg(args, 0, s).into_json();
            let initial = match args.get(2) {
                Some(n) => n.ev(s),
                None => Val::J(Cow::Borrowed(&NULL)),
            };
            let Value::Array(items) = items.as_ref() else {
                return initial;
            };
            let Some(rule) = args.get(1) else {
                return Val::J(Cow::Borrowed(&NULL));
            };
            let mut acc = match initial {
                Val::F(f) => Acc::F(f),
                other => Acc::J(other.into_value()),
            };
            for item in items {
                acc = reduce_step(rule, item, acc);
            }
            match acc {
                Acc::J(v) => owned(v),
                Acc::F(f) => Val::F(f),
            }
        }
        Op::Merge => {
            let mut out: Vec<Val<'a>> = Vec::new();
            for n in args {
                match n.ev(s) {
                    Val::J(Cow::Owned(Value::Array(a))) => out.extend(a.into_iter().map(|x| Val::J(Cow::Owned(x)))),
                    Val::J(Cow::Borrowed(Value::Array(a))) => out.extend(a.iter().map(|x| Val::J(Cow::Borrowed(x)))),
                    Val::A(items) => out.extend(items),
                    other => out.push(other),
                }
            }
            array_of(out)
        }
        Op::In => {
            let a = arg(args, 0, s);
            let b = arg(args, 1, s);
            // `indexOf`: strict equality, arrays and objects by identity.
            // (`if (!b || ...) return false`: an empty string holds nothing, not even "")
            boolean(match &b {
                Val::J(Cow::Borrowed(Value::String(hay)) | Cow::Owned(Value::String(hay))) => !hay.is_empty() && hay.contains(a.string().as_str()),
                Val::J(Cow::Borrowed(Value::Array(items)) | Cow::Owned(Value::Array(items))) => {
                    items.iter().any(|x| strict_eq_v(&Val::J(Cow::Borrowed(x)), &a))
                }
                Val::A(items) => items.iter().any(|x| strict_eq_v(x, &a)),
                _ => false,
            })
        }
        Op::Cat => {
            let mut out = String::new();
            for n in args {
                match n.ev(s) {
                    Val::J(v) if v.is_null() => {}
                    other => out.push_str(&other.string()),
                }
            }
            owned(Value::String(out))
        }
        Op::Substr => {
            let source = arg(args, 0, s).string();
            let start = arg(args, 1, s).number();
            let Some(end) = args.get(2).map(|n| n.ev(s)) else {
                return owned(Value::String(substr(&source, start, None)));
            };
            // json-logic-js: `if (end < 0) { temp = String(source).substr(start);
            // return temp.substr(0, temp.length + end); }`, where `+` concatenates when `end` is a
            // string or an array (`"-1"`: `"6-1"`, so nothing is kept).
            if js_cmp_v(&end, &Val::F(0.0)) == Some(Ordering::Less) {
                let temp = substr(&source, start, None);
                let size = temp.encode_utf16().count();
                let count = match end.primitive_string() {
                    Some(text) => str_to_number(&format!("{size}{text}")),
                    None => size as f64 + end.number(),
                };
                return owned(Value::String(substr(&temp, 0.0, Some(count))));
            }
            owned(Value::String(substr(&source, start, Some(end.number()))))
        }
        Op::Log => arg(args, 0, s),
        Op::JsTry => {
            let inner = Catch { inner: s, thrown: Cell::new(false) };
            let v = arg(args, 0, &inner);
            if inner.thrown.get() {
                arg(args, 1, s)
            } else {
                v
            }
        }
        Op::JsReceiver => {
            let v = arg(args, 0, s);
            if let Some(c) = s.catcher() {
                if !receives(&v, args.get(1)) {
                    c.set(true);
                }
            }
            v
        }
        Op::JsNumber => numv(arg(args, 0, s).number()),
        Op::JsIsNaN => boolean(arg(args, 0, s).number().is_nan()),
        Op::JsMomentValid => {
            let input = arg(args, 0, s);
            let input = match &input {
                // moment reads `null` as an invalid input, and an empty object or list as
                // no input, which its parser reads as the text "undefined"
                Val::J(j) if j.is_null() => return boolean(false),
                Val::J(j) if j.as_array().is_some_and(Vec::is_empty) || j.as_object().is_some_and(serde_json::Map::is_empty) => {
                    "undefined".to_string()
                }
                other => other.string(),
            };
            let format = arg(args, 1, s).string();
            let today = arg(args, 2, s).into_json();
            boolean(super::ext::moment_valid(&input, &format, today.as_str()))
        }
        Op::Fio(f) => {
            // At most three arguments: no allocation.
            let vals = [arg(args, 0, s).into_json(), arg(args, 1, s).into_json(), arg(args, 2, s).into_json()];
            owned(super::ext::fio(f, &vals))
        }
        Op::Lodash(l) => {
            let vals: Vec<Cow<'a, Value>> = args.iter().map(|n| n.ev(s).into_json()).collect();
            owned(super::ext::lodash(l, &vals))
        }
        Op::Italian(i) => boolean(super::ext::italian(i, &arg(args, 0, s).into_json())),
    }
}

/// Whether JavaScript can call a method of `ty` (`"string"`, `"array"`, `"string|array"`; any
/// when absent) on `v`: never on `null`/`undefined`.
fn receives(v: &Val<'_>, ty: Option<&Node>) -> bool {
    let (string, array) = match v {
        Val::J(j) => match j.as_ref() {
            Value::Null => return false,
            Value::String(_) => (true, false),
            Value::Array(_) => (false, true),
            _ => (false, false),
        },
        Val::F(_) => (false, false),
        Val::A(_) => (false, true),
    };
    match ty {
        Some(Node::Lit(Value::String(t))) => match t.as_str() {
            "string" => string,
            "array" => array,
            "string|array" => string || array,
            _ => true,
        },
        _ => true,
    }
}

/// A result of a rule applied to an item, detached from the item's scope.
fn detach<'a>(v: Val<'_>) -> Val<'a> {
    match v {
        Val::J(j) => Val::J(Cow::Owned(j.into_owned())),
        Val::F(f) => Val::F(f),
        Val::A(items) => Val::A(items.into_iter().map(detach).collect()),
    }
}

/// A `reduce` accumulator: JSON, or a number JSON cannot hold (see [`Val`]).
enum Acc {
    J(Value),
    F(f64),
}

/// The scope of a `reduce` step: `current` and `accumulator` read in place (json-logic-js builds
/// `{current, accumulator}` per item; building it here would copy both every step).
struct ReduceScope<'a> {
    current: &'a Value,
    accumulator: &'a Value,
    /// The accumulator when it is a number JSON cannot hold (then `accumulator` is `null`).
    special: Option<f64>,
}

impl<'a> Scope<'a> for ReduceScope<'a> {
    fn get(&self, path: &[Seg]) -> Option<Cow<'a, Value>> {
        let (first, rest) = path.split_first()?;
        let v = match first.key.as_str() {
            "current" => self.current,
            "accumulator" => self.accumulator,
            _ => return None,
        };
        walk(v, rest).map(Cow::Borrowed)
    }
    fn whole(&self) -> Cow<'a, Value> {
        let mut m = Map::with_capacity(2);
        m.insert("current".into(), self.current.clone());
        m.insert("accumulator".into(), self.accumulator.clone());
        Cow::Owned(Value::Object(m))
    }
    fn special(&self, path: &[Seg]) -> Option<f64> {
        match path {
            [one] if one.key == "accumulator" => self.special,
            _ => None,
        }
    }
}

/// Whether `node` is `{"var": "accumulator"}` (without default).
fn is_accumulator(node: &Node) -> bool {
    matches!(node, Node::Var(v) if v.default.is_none() && matches!(&v.key, VarKey::Path(segs) if segs.len() == 1 && segs.first().is_some_and(|s| s.key == "accumulator")))
}

/// One `reduce` step in time independent of the accumulator's size where the rule keeps it
/// (returns it, or extends it: `{"merge": [{"var": "accumulator"}, ...]}`,
/// `{"cat": [{"var": "accumulator"}, ...]}`): the accumulator is moved, never copied.
fn reduce_step(rule: &Node, current: &Value, acc: Acc) -> Acc {
    let mut acc = match acc {
        Acc::J(v) => v,
        Acc::F(f) => {
            let scope = ReduceScope { current, accumulator: &NULL, special: Some(f) };
            return match rule.ev(&scope) {
                Val::F(g) => Acc::F(g),
                other => Acc::J(other.into_value()),
            };
        }
    };
    if let Node::Op(op @ (Op::Merge | Op::Cat), margs) = rule {
        if let Some((_, rest)) = margs.split_first().filter(|(first, _)| is_accumulator(first)) {
            let scope = ReduceScope { current, accumulator: &acc, special: None };
            let more: Vec<Val<'_>> = rest.iter().map(|n| n.ev(&scope)).collect();
            let more: Vec<Val<'static>> = more.into_iter().map(detach).collect();
            return Acc::J(match op {
                Op::Merge => {
                    let mut out = match acc {
                        Value::Array(a) => a,
                        other => vec![other],
                    };
                    for v in more {
                        match v.into_value() {
                            Value::Array(a) => out.extend(a),
                            other => out.push(other),
                        }
                    }
                    Value::Array(out)
                }
                _ => {
                    let mut out = match acc {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => to_js_string(&other),
                    };
                    for v in &more {
                        match v {
                            Val::J(j) if j.is_null() => {}
                            other => out.push_str(&other.string()),
                        }
                    }
                    Value::String(out)
                }
            });
        }
    }
    let next = {
        let scope = ReduceScope { current, accumulator: &acc, special: None };
        match rule.ev(&scope) {
            // The rule returned the accumulator itself: keep it.
            Val::J(Cow::Borrowed(v)) if std::ptr::eq(v, &acc) => None,
            Val::F(f) => return Acc::F(f),
            other => Some(other.into_value()),
        }
    };
    if let Some(v) = next {
        acc = v;
    }
    Acc::J(acc)
}

fn to_integer(f: f64) -> f64 {
    if f.is_nan() {
        0.0
    } else {
        f.trunc()
    }
}

/// `String.prototype.substr` on UTF-16 code units (a negative length keeps nothing).
fn substr(s: &str, start: f64, len: Option<f64>) -> String {
    let units: Vec<u16> = s.encode_utf16().collect();
    let size = units.len() as f64;
    let cut = |from: f64, count: Option<f64>| -> (usize, usize) {
        let mut st = to_integer(from);
        if st < 0.0 {
            st = (size + st).max(0.0);
        }
        let st = st.min(size);
        let n = match count {
            None => size - st,
            Some(c) => to_integer(c).clamp(0.0, size - st),
        };
        // ok: both are within 0..=size, which came from a usize.
        (st as usize, (st + n) as usize)
    };
    let (a, b) = cut(start, len);
    String::from_utf16_lossy(units.get(a..b).unwrap_or(&[]))
}
