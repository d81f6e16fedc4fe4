//! Evaluation of a compiled rule against a [`Scope`]: json-logic-js 2.0.x semantics.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::compile::{split_path, Node, Seg, VarKey, VarNode};
use super::ops::Op;
use super::value::{js_cmp, loose_eq, num, parse_float, strict_eq, to_js_string, to_number, truthy};

/// Where `var` reads from. A plain JSON value is a scope; a form evaluation uses a scope whose
/// top-level names (`data`, `row`, ...) point into different values without building an object.
pub trait Scope<'a> {
    /// The value at `path`, or `None` when it is undefined (borrowed where the scope holds it,
    /// owned where it has to be put together, e.g. an object a form evaluation keeps in slots).
    fn get(&self, path: &[Seg]) -> Option<Cow<'a, Value>>;
    /// The whole data (`{"var": ""}`).
    fn whole(&self) -> Cow<'a, Value>;
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

fn arg<'a, S: Scope<'a>>(args: &'a [Node], i: usize, s: &S) -> Cow<'a, Value> {
    match args.get(i) {
        Some(n) => n.eval(s),
        None => Cow::Borrowed(&NULL),
    }
}

fn boolean<'a>(b: bool) -> Cow<'a, Value> {
    Cow::Owned(Value::Bool(b))
}

impl Node {
    /// Evaluates the rule.
    pub fn eval<'a, S: Scope<'a>>(&'a self, s: &S) -> Cow<'a, Value> {
        match self {
            Node::Lit(v) => Cow::Borrowed(v),
            Node::Array(items) => Cow::Owned(Value::Array(items.iter().map(|n| n.eval(s).into_owned()).collect())),
            Node::Var(v) => eval_var(v, s),
            Node::Op(op, args) => eval_op(*op, args, s),
        }
    }
}

fn eval_var<'a, S: Scope<'a>>(v: &'a VarNode, s: &S) -> Cow<'a, Value> {
    let found = match &v.key {
        VarKey::Whole => return s.whole(),
        VarKey::Path(segs) => s.get(segs),
        VarKey::Dynamic(n) => {
            let key = n.eval(s);
            match key.as_ref() {
                Value::Null => return s.whole(),
                Value::String(k) if k.is_empty() => return s.whole(),
                Value::Array(a) if a.is_empty() => return s.whole(),
                other => s.get(&split_path(&to_js_string(other))),
            }
        }
    };
    match found {
        Some(x) => x,
        None => match &v.default {
            Some(d) => d.eval(s),
            None => Cow::Borrowed(&NULL),
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

fn compare<'a, S: Scope<'a>>(args: &'a [Node], s: &S, ok: fn(Ordering) -> bool) -> Cow<'a, Value> {
    if args.len() < 2 {
        return boolean(false);
    }
    let a = arg(args, 0, s);
    let b = arg(args, 1, s);
    let first = js_cmp(&a, &b).is_some_and(ok);
    if args.len() < 3 || !first {
        return boolean(first);
    }
    let c = arg(args, 2, s);
    boolean(js_cmp(&b, &c).is_some_and(ok))
}

fn eval_op<'a, S: Scope<'a>>(op: Op, args: &'a [Node], s: &S) -> Cow<'a, Value> {
    match op {
        Op::If => {
            let mut i = 0;
            while i + 1 < args.len() {
                if truthy(&arg(args, i, s)) {
                    return arg(args, i + 1, s);
                }
                i += 2;
            }
            if args.len() == i + 1 {
                return arg(args, i, s);
            }
            Cow::Borrowed(&NULL)
        }
        Op::And | Op::Or => {
            let want = op == Op::Or;
            let mut current = Cow::Borrowed(&NULL);
            for n in args {
                current = n.eval(s);
                if truthy(&current) == want {
                    return current;
                }
            }
            current
        }
        Op::Not => boolean(!truthy(&arg(args, 0, s))),
        Op::NotNot => boolean(truthy(&arg(args, 0, s))),
        Op::Eq => boolean(loose_eq(&arg(args, 0, s), &arg(args, 1, s))),
        Op::Ne => boolean(!loose_eq(&arg(args, 0, s), &arg(args, 1, s))),
        Op::StrictEq => boolean(strict_eq(&arg(args, 0, s), &arg(args, 1, s))),
        Op::StrictNe => boolean(!strict_eq(&arg(args, 0, s), &arg(args, 1, s))),
        Op::Gt => compare(args, s, |o| o == Ordering::Greater),
        Op::Ge => compare(args, s, |o| o != Ordering::Less),
        Op::Lt => compare(args, s, |o| o == Ordering::Less),
        Op::Le => compare(args, s, |o| o != Ordering::Greater),
        Op::Missing => {
            let keys: Value =
                if args.len() == 1 { arg(args, 0, s).into_owned() } else { Value::Array(args.iter().map(|n| n.eval(s).into_owned()).collect()) };
            Cow::Owned(Value::Array(missing(&keys, s)))
        }
        Op::MissingSome => {
            let need = to_number(&arg(args, 0, s));
            let options = arg(args, 1, s);
            let total = match options.as_ref() {
                Value::Array(a) => a.len(),
                _ => 1,
            };
            let miss = missing(&options, s);
            if (total - miss.len()) as f64 >= need {
                Cow::Owned(Value::Array(Vec::new()))
            } else {
                Cow::Owned(Value::Array(miss))
            }
        }
        Op::Max | Op::Min => {
            let mut acc = if op == Op::Max { f64::NEG_INFINITY } else { f64::INFINITY };
            for n in args {
                let x = to_number(&n.eval(s));
                if x.is_nan() {
                    return Cow::Owned(Value::Null);
                }
                acc = if op == Op::Max { acc.max(x) } else { acc.min(x) };
            }
            Cow::Owned(num(acc))
        }
        Op::Add => {
            let mut acc = 0.0;
            for n in args {
                acc += parse_float(&n.eval(s));
            }
            Cow::Owned(num(acc))
        }
        Op::Mul => match args {
            [] => Cow::Owned(Value::Null),
            [one] => one.eval(s),
            [first, rest @ ..] => {
                let mut acc = parse_float(&first.eval(s));
                for n in rest {
                    acc *= parse_float(&n.eval(s));
                }
                Cow::Owned(num(acc))
            }
        },
        Op::Sub => {
            let a = to_number(&arg(args, 0, s));
            if args.len() < 2 {
                return Cow::Owned(num(-a));
            }
            Cow::Owned(num(a - to_number(&arg(args, 1, s))))
        }
        Op::Div => Cow::Owned(num(to_number(&arg(args, 0, s)) / to_number(&arg(args, 1, s)))),
        Op::Mod => Cow::Owned(num(to_number(&arg(args, 0, s)) % to_number(&arg(args, 1, s)))),
        Op::Map | Op::Filter | Op::All | Op::Some | Op::None => {
            let items = arg(args, 0, s);
            let Value::Array(items) = items.as_ref() else {
                return Cow::Owned(match op {
                    Op::Map | Op::Filter => Value::Array(Vec::new()),
                    Op::None => Value::Bool(true),
                    _ => Value::Bool(false),
                });
            };
            let rule = args.get(1);
            let null = Value::Null;
            // The item's scope is the item; the rule's result is borrowed when it can be.
            let test = |item: &Value| -> bool {
                match rule {
                    Some(r) => truthy(&r.eval(&DataScope(item))),
                    None => truthy(&null),
                }
            };
            match op {
                Op::Map => Cow::Owned(Value::Array(
                    items
                        .iter()
                        .map(|item| match rule {
                            Some(r) => r.eval(&DataScope(item)).into_owned(),
                            None => Value::Null,
                        })
                        .collect(),
                )),
                Op::Filter => Cow::Owned(Value::Array(items.iter().filter(|i| test(i)).cloned().collect())),
                Op::All => boolean(!items.is_empty() && items.iter().all(test)),
                Op::Some => boolean(items.iter().any(test)),
                _ => boolean(!items.iter().any(test)),
            }
        }
        Op::Reduce => {
            let items = arg(args, 0, s);
            let initial = match args.get(2) {
                Some(n) => n.eval(s).into_owned(),
                None => Value::Null,
            };
            let Value::Array(items) = items.as_ref() else {
                return Cow::Owned(initial);
            };
            let Some(rule) = args.get(1) else {
                return Cow::Owned(Value::Null);
            };
            let mut acc = initial;
            for item in items {
                acc = reduce_step(rule, item, acc);
            }
            Cow::Owned(acc)
        }
        Op::Merge => {
            let mut out = Vec::new();
            for n in args {
                match n.eval(s).into_owned() {
                    Value::Array(a) => out.extend(a),
                    other => out.push(other),
                }
            }
            Cow::Owned(Value::Array(out))
        }
        Op::In => {
            let a = arg(args, 0, s);
            let b = arg(args, 1, s);
            boolean(match b.as_ref() {
                Value::String(hay) => hay.contains(to_js_string(&a).as_str()),
                Value::Array(items) => items.iter().any(|x| strict_eq(x, &a)),
                _ => false,
            })
        }
        Op::Cat => {
            let mut out = String::new();
            for n in args {
                match n.eval(s).as_ref() {
                    Value::Null => {}
                    other => out.push_str(&to_js_string(other)),
                }
            }
            Cow::Owned(Value::String(out))
        }
        Op::Substr => {
            let source = to_js_string(&arg(args, 0, s));
            let start = to_number(&arg(args, 1, s));
            let len = args.get(2).map(|n| to_number(&n.eval(s)));
            Cow::Owned(Value::String(substr(&source, start, len)))
        }
        Op::Log => arg(args, 0, s),
        Op::Fio(f) => {
            // At most three arguments: no allocation.
            let vals = [arg(args, 0, s), arg(args, 1, s), arg(args, 2, s)];
            Cow::Owned(super::ext::fio(f, &vals))
        }
        Op::Lodash(l) => {
            let vals: Vec<Cow<'a, Value>> = args.iter().map(|n| n.eval(s)).collect();
            Cow::Owned(super::ext::lodash(l, &vals))
        }
        Op::Italian(i) => boolean(super::ext::italian(i, &arg(args, 0, s))),
    }
}

/// The scope of a `reduce` step: `current` and `accumulator` read in place (json-logic-js builds
/// `{current, accumulator}` per item; building it here would copy both every step).
struct ReduceScope<'a> {
    current: &'a Value,
    accumulator: &'a Value,
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
}

/// Whether `node` is `{"var": "accumulator"}` (without default).
fn is_accumulator(node: &Node) -> bool {
    matches!(node, Node::Var(v) if v.default.is_none() && matches!(&v.key, VarKey::Path(segs) if segs.len() == 1 && segs.first().is_some_and(|s| s.key == "accumulator")))
}

/// One `reduce` step in time independent of the accumulator's size where the rule keeps it
/// (returns it, or extends it: `{"merge": [{"var": "accumulator"}, ...]}`,
/// `{"cat": [{"var": "accumulator"}, ...]}`): the accumulator is moved, never copied.
fn reduce_step(rule: &Node, current: &Value, mut acc: Value) -> Value {
    if let Node::Op(op @ (Op::Merge | Op::Cat), margs) = rule {
        if let Some((_, rest)) = margs.split_first().filter(|(first, _)| is_accumulator(first)) {
            let scope = ReduceScope { current, accumulator: &acc };
            let more: Vec<Value> = rest.iter().map(|n| n.eval(&scope).into_owned()).collect();
            return match op {
                Op::Merge => {
                    let mut out = match acc {
                        Value::Array(a) => a,
                        other => vec![other],
                    };
                    for v in more {
                        match v {
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
                        if !v.is_null() {
                            out.push_str(&to_js_string(v));
                        }
                    }
                    Value::String(out)
                }
            };
        }
    }
    let next = {
        let scope = ReduceScope { current, accumulator: &acc };
        match rule.eval(&scope) {
            // The rule returned the accumulator itself: keep it.
            Cow::Borrowed(v) if std::ptr::eq(v, &acc) => None,
            other => Some(other.into_owned()),
        }
    };
    if let Some(v) = next {
        acc = v;
    }
    acc
}

fn to_integer(f: f64) -> f64 {
    if f.is_nan() {
        0.0
    } else {
        f.trunc()
    }
}

/// `String.prototype.substr` on UTF-16 code units, with json-logic's negative length.
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
    let (a, b) = match len {
        Some(l) if l < 0.0 => {
            let (a, b) = cut(start, None);
            let keep = ((b - a) as f64 + to_integer(l)).max(0.0) as usize;
            (a, a + keep.min(b - a))
        }
        other => cut(start, other),
    };
    String::from_utf16_lossy(units.get(a..b).unwrap_or(&[]))
}
