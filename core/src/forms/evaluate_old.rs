//! TEMPORARY: the evaluator before slots, as an oracle for a differential test.
#![allow(dead_code)]
use std::borrow::Cow;
use std::collections::BTreeMap;
use serde_json::{Map, Value};
use super::form::Form;
use super::logic::value::truthy;
use super::logic::{walk, Logic, Scope, Seg};
use super::model::{Comp, Kind};
use super::validate::{check, Check, FieldError};
use super::FormsError;
use super::evaluate::{EvalContext, Evaluation, MAX_PASSES};

/// The scope of a rule inside a form: `data` (the data root: the submission, or a nested form's
/// data), `row` (the object holding the component: a grid row, a container, or the root),
/// `input`/`value` (the component's value) and `context`.
pub(crate) struct FormScope<'a> {
    pub data: &'a Value,
    pub row: &'a Value,
    pub value: Option<&'a Value>,
    pub context: &'a Value,
}

impl<'a> Scope<'a> for FormScope<'a> {
    fn get(&self, path: &[Seg]) -> Option<Cow<'a, Value>> {
        let (first, rest) = path.split_first()?;
        let base = match first.key.as_str() {
            "data" => self.data,
            "row" => self.row,
            "input" | "value" => self.value?,
            "context" => self.context,
            _ => return None,
        };
        walk(base, rest).map(Cow::Borrowed)
    }
    fn whole(&self) -> Cow<'a, Value> {
        let mut m = Map::new();
        m.insert("data".into(), self.data.clone());
        m.insert("row".into(), self.row.clone());
        m.insert("context".into(), self.context.clone());
        if let Some(v) = self.value {
            m.insert("value".into(), v.clone());
        }
        Cow::Owned(Value::Object(m))
    }
}

/// A step of a data path.
#[derive(Debug, Clone, PartialEq)]
enum P<'f> {
    K(&'f str),
    I(usize),
}

#[derive(Clone, Copy)]
struct Hid {
    cond: bool,
    intent: bool,
}

const NULL: Value = Value::Null;

struct Pass<'f, 'c> {
    comps: &'f [Comp],
    context: &'c Value,
    /// Path from the submission root to the data object being visited.
    stack: Vec<P<'f>>,
    changed: bool,
    /// Path of the data object being visited with row indices (`figli[0].`).
    prefix: String,
    visible: Vec<String>,
    hidden: Vec<String>,
    errors: Vec<FieldError>,
    computed: BTreeMap<String, Value>,
    drops: Vec<Vec<P<'f>>>,
}

fn with<'f>(stack: &[P<'f>], last: P<'f>) -> Vec<P<'f>> {
    let mut v = Vec::with_capacity(stack.len() + 1);
    v.extend_from_slice(stack);
    v.push(last);
    v
}

fn navigate<'v>(mut v: &'v Value, path: &[P<'_>]) -> Option<&'v Value> {
    for p in path {
        v = match (v, p) {
            (Value::Object(m), P::K(k)) => m.get(*k)?,
            (Value::Array(a), P::I(i)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

impl<'f, 'c> Pass<'f, 'c> {
    /// Conditions, logic and calculations over `ids` in form order. Values are cleared and
    /// calculated values written at once, so later components see them in the same pass;
    /// `root_len` is the length of the stack prefix that leads to the data root (`data`).
    fn visit(&mut self, ids: &'f [usize], data: &mut Value, root_len: usize, parent: Hid) {
        for &id in ids {
            let Some(c) = self.comps.get(id) else { continue };
            let intent = parent.intent || c.hidden;
            let (cond_hidden, required, new_value) = {
                let d: &Value = data;
                let obj = navigate(d, &self.stack).unwrap_or(&NULL);
                let root = navigate(d, self.stack.get(..root_len).unwrap_or(&[])).unwrap_or(&NULL);
                // The value is read only when a rule needs it or it may have to be cleared.
                let needs_value = c.holds_value() && (c.calc.is_some() || !c.logic.is_empty() || c.reads_value);
                let value = if needs_value { obj.get(&c.key) } else { None };
                let scope = FormScope { data: root, row: obj, value, context: self.context };
                let mut cond_hidden = parent.cond;
                if !cond_hidden {
                    if let Some(cond) = &c.cond {
                        cond_hidden = !truthy(&cond.eval_in(&scope));
                    }
                }
                let mut required = c.rules.required;
                let mut new_value = None;
                for lr in &c.logic {
                    if !truthy(&lr.trigger.eval_in(&scope)) {
                        continue;
                    }
                    if lr.hidden == Some(true) {
                        cond_hidden = true;
                    }
                    if let Some(r) = lr.required {
                        required = r;
                    }
                    if let Some(v) = &lr.value {
                        new_value = Some(v.eval_in(&scope).into_owned());
                    }
                }
                if let (Some(calc), false) = (&c.calc, cond_hidden) {
                    let keep = c.allow_override && value.is_some_and(|v| !matches!(v, Value::Null) && v != "");
                    if !keep {
                        new_value = Some(calc.eval_in(&scope).into_owned());
                    }
                }
                let new_value = new_value.filter(|n| !n.is_null() && Some(n) != value && !cond_hidden);
                (cond_hidden, required, new_value)
            };
            let visible = !cond_hidden && !intent;
            let hid = Hid { cond: cond_hidden, intent };
            let base = self.prefix.len();
            self.prefix.push_str(&c.key);
            if visible {
                self.visible.push(self.prefix.clone());
            } else {
                self.hidden.push(self.prefix.clone());
            }
            match c.kind {
                Kind::Content => {}
                Kind::Layout => {
                    self.prefix.truncate(base);
                    self.visit(&c.children, data, root_len, hid);
                }
                _ => {
                    if cond_hidden && c.clear_on_hide {
                        if let Some(Value::Object(m)) = get_mut(data, &self.stack) {
                            self.changed |= m.remove(&c.key).is_some();
                        }
                        self.prefix.truncate(base);
                        continue;
                    }
                    if let Some(v) = new_value {
                        let path = with(&self.stack, P::K(&c.key));
                        self.changed |= set(data, &path, v);
                    }
                    self.check(c, visible, required, data, root_len);
                    match c.kind {
                        Kind::Container => {
                            self.prefix.push('.');
                            self.stack.push(P::K(&c.key));
                            self.visit(&c.children, data, root_len, hid);
                            self.stack.pop();
                        }
                        Kind::NestedForm => {
                            self.prefix.push_str(".data.");
                            self.stack.push(P::K(&c.key));
                            self.stack.push(P::K("data"));
                            let inner_root = self.stack.len();
                            self.visit(&c.children, data, inner_root, hid);
                            self.stack.pop();
                            self.stack.pop();
                        }
                        Kind::Grid => {
                            self.stack.push(P::K(&c.key));
                            let rows = match navigate(data, &self.stack) {
                                Some(Value::Array(a)) => a.len(),
                                _ => 0,
                            };
                            let here = self.prefix.len();
                            for i in 0..rows {
                                self.prefix.truncate(here);
                                self.prefix.push_str(&format!("[{i}]."));
                                self.stack.push(P::I(i));
                                self.visit(&c.children, data, root_len, hid);
                                self.stack.pop();
                            }
                            self.stack.pop();
                        }
                        _ => {}
                    }
                    self.prefix.truncate(base);
                }
            }
        }
    }

    /// Output of one value component: non-persistent values to drop, computed values, and
    /// validation when it is visible (or `validateWhenHidden`). `self.prefix` is its path.
    fn check(&mut self, c: &'f Comp, visible: bool, required: bool, data: &Value, root_len: usize) {
        let obj = navigate(data, &self.stack).unwrap_or(&NULL);
        let value = obj.get(&c.key);
        if !c.persistent && value.is_some() {
            self.drops.push(with(&self.stack, P::K(&c.key)));
        }
        if c.calc.is_some() {
            if let Some(v) = value {
                self.computed.insert(self.prefix.clone(), v.clone());
            }
        }
        let validate = (visible || c.validate_when_hidden) && c.persistent;
        if !validate || !(c.kind == Kind::Value || required) {
            return;
        }
        let root = navigate(data, self.stack.get(..root_len).unwrap_or(&[])).unwrap_or(&NULL);
        let context = self.context;
        let mut eval = |rule: &Logic, v: Option<&Value>| -> Value {
            rule.eval_in(&FormScope { data: root, row: obj, value: v, context }).into_owned()
        };
        let lookup = |p: &str| -> Option<Value> {
            let segs = super::logic::split_path(p);
            walk(obj, &segs).or_else(|| walk(root, &segs)).or_else(|| walk(data, &segs)).cloned()
        };
        check(&Check { comp: c, required, path: &self.prefix }, value, &mut eval, &lookup, &mut self.errors);
    }
}

fn get_mut<'v>(mut v: &'v mut Value, path: &[P<'_>]) -> Option<&'v mut Value> {
    for p in path {
        v = match (v, p) {
            (Value::Object(m), P::K(k)) => m.get_mut(*k)?,
            (Value::Array(a), P::I(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn remove_path(data: &mut Value, path: &[P<'_>]) -> bool {
    let Some((last, parent)) = path.split_last() else { return false };
    match (get_mut(data, parent), last) {
        (Some(Value::Object(m)), P::K(k)) => m.remove(*k).is_some(),
        _ => false,
    }
}

fn set(data: &mut Value, path: &[P<'_>], value: Value) -> bool {
    let Some((last, parent)) = path.split_last() else { return false };
    let mut cur = data;
    for p in parent {
        cur = match (cur, p) {
            (Value::Object(m), P::K(k)) => {
                let e = m.entry((*k).to_string()).or_insert_with(|| Value::Object(Map::new()));
                if e.is_null() {
                    *e = Value::Object(Map::new());
                }
                e
            }
            (Value::Array(a), P::I(i)) => match a.get_mut(*i) {
                Some(x) => x,
                None => return false,
            },
            _ => return false,
        };
    }
    match (cur, last) {
        (Value::Object(m), P::K(k)) => {
            if m.get(*k) == Some(&value) {
                return false;
            }
            m.insert((*k).to_string(), value);
            true
        }
        _ => false,
    }
}

/// Fills in `defaultValue` for absent keys.
fn defaults(comps: &[Comp], ids: &[usize], obj: &mut Value) {
    for &id in ids {
        let Some(c) = comps.get(id) else { continue };
        match c.kind {
            Kind::Content => {}
            Kind::Layout => defaults(comps, &c.children, obj),
            Kind::Value => {
                if let (Some(d), Value::Object(m)) = (&c.default_value, &mut *obj) {
                    let empty = matches!(d, Value::String(s) if s.is_empty())
                        || matches!(d, Value::Array(a) if a.is_empty())
                        || matches!(d, Value::Object(o) if o.is_empty());
                    if !empty && !m.contains_key(&c.key) {
                        m.insert(c.key.clone(), d.clone());
                    }
                }
            }
            Kind::Container | Kind::NestedForm => {
                if let Some(inner) = obj.get_mut(&c.key) {
                    let inner = if c.kind == Kind::NestedForm { inner.get_mut("data") } else { Some(inner) };
                    if let Some(inner) = inner {
                        if inner.is_object() {
                            defaults(comps, &c.children, inner);
                        }
                    }
                }
            }
            Kind::Grid => {
                if let Some(Value::Array(rows)) = obj.get_mut(&c.key) {
                    for row in rows.iter_mut().filter(|r| r.is_object()) {
                        defaults(comps, &c.children, row);
                    }
                }
            }
        }
    }
}

impl Form {
    /// Evaluates the form on a submission's `data` object.
    pub fn evaluate_old(&self, data: &Value, ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        if !data.is_object() {
            return Err(FormsError::Invalid { message: "the submission data must be a JSON object".into() });
        }
        self.evaluate_value_old(data.clone(), ctx)
    }

    /// [`Form::evaluate`] taking the submission by value (no copy; the cleaned submission is
    /// built in place). Bindings use this after converting their native data.
    pub fn evaluate_value_old(&self, data: Value, ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        if !data.is_object() {
            return Err(FormsError::Invalid { message: "the submission data must be a JSON object".into() });
        }
        let mut context = Map::new();
        for (k, v) in &ctx.vars {
            context.insert(k.clone(), v.clone());
        }
        if let Some(t) = ctx.today {
            context.insert("today".into(), Value::String(t.format("%Y-%m-%d").to_string()));
        }
        let context = Value::Object(context);
        let comps = self.comps.as_slice();
        let mut data = data;
        defaults(comps, &self.roots, &mut data);

        let mut pass = Pass {
            comps,
            context: &context,
            stack: Vec::new(),
            changed: false,
            prefix: String::new(),
            visible: Vec::with_capacity(comps.len()),
            hidden: Vec::new(),
            errors: Vec::new(),
            computed: BTreeMap::new(),
            drops: Vec::new(),
        };
        // One pass settles a form whose rules only read earlier components; otherwise repeat
        // until a pass changes nothing (the outputs of that last pass are the result).
        let mut settled = false;
        for _ in 0..MAX_PASSES {
            pass.stack.clear();
            pass.prefix.clear();
            pass.visible.clear();
            pass.hidden.clear();
            pass.errors.clear();
            pass.computed.clear();
            pass.drops.clear();
            pass.changed = false;
            pass.visit(&self.roots, &mut data, 0, Hid { cond: false, intent: false });
            if !pass.changed || self.single_pass {
                settled = true;
                break;
            }
        }
        if !settled {
            return Err(FormsError::NoFixpoint { passes: MAX_PASSES });
        }
        let Pass { visible, hidden, errors, computed, drops, .. } = pass;
        let assigned_office = self.offices.as_ref().map(|o| {
            let scope = FormScope { data: &data, row: &data, value: None, context: &context };
            o.rules
                .iter()
                .find(|(rule, _)| truthy(&rule.eval_in(&scope)))
                .map(|(_, office)| office.clone())
                .unwrap_or_else(|| o.default.clone())
        });
        for p in &drops {
            remove_path(&mut data, p);
        }
        let (visible, hidden) = (visible.into_iter().collect(), hidden.into_iter().collect());
        Ok(Evaluation { valid: errors.is_empty(), visible, hidden, errors, data, computed, assigned_office })
    }
}

#[cfg(test)]
mod diff {
    use super::*;
    use super::super::FormOptions;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 { self.0 ^= self.0 << 13; self.0 ^= self.0 >> 7; self.0 ^= self.0 << 17; self.0 }
        fn below(&mut self, n: usize) -> usize { (self.next() % n.max(1) as u64) as usize }
    }

    fn strings(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::String(s) if s.len() < 40 => out.push(v.clone()),
            Value::Number(_) | Value::Bool(_) => out.push(v.clone()),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }

    fn leaf(r: &mut Rng, pool: &[Value]) -> Value {
        match r.below(12) {
            0 => Value::Null,
            1 => Value::Bool(r.below(2) == 0),
            2 => Value::from(r.below(200) as i64 - 20),
            3 => Value::from(""),
            4 => serde_json::json!([]),
            5 => serde_json::json!({"a": 1}),
            6 => serde_json::json!([pool[r.below(pool.len())].clone()]),
            _ => pool[r.below(pool.len())].clone(),
        }
    }

    fn object(f: &Form, def: usize, r: &mut Rng, pool: &[Value], depth: usize) -> Value {
        let mut m = Map::new();
        let keys = f.defs.get(def).map(|d| d.keys.clone()).unwrap_or_default();
        for (k, id) in keys {
            if r.below(5) == 0 { continue; }
            let c = &f.comps[id];
            let v = match c.kind {
                Kind::Container if depth < 4 && r.below(6) != 0 => object(f, c.inner, r, pool, depth + 1),
                Kind::NestedForm if depth < 4 && r.below(6) != 0 => {
                    let mut o = Map::new();
                    if r.below(5) != 0 { o.insert("data".into(), object(f, c.inner, r, pool, depth + 1)); }
                    if r.below(3) == 0 { o.insert("meta".into(), leaf(r, pool)); }
                    Value::Object(o)
                }
                Kind::Grid if depth < 4 && r.below(6) != 0 => {
                    let n = r.below(4);
                    Value::Array((0..n).map(|_| if r.below(8) == 0 { leaf(r, pool) } else { object(f, c.inner, r, pool, depth + 1) }).collect())
                }
                _ => leaf(r, pool),
            };
            m.insert(k, v);
        }
        if r.below(3) == 0 { m.insert(format!("x{}", r.below(5)), leaf(r, pool)); }
        Value::Object(m)
    }

    fn forms() -> Vec<(String, Value, Value, Value)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/");
        let read = |p: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(format!("{dir}{p}")).unwrap()).unwrap() };
        let cases = read("forms.json");
        let mut out = Vec::new();
        for p in cases["referenceForms"].as_array().unwrap() {
            let rf = read(p.as_str().unwrap());
            out.push((p.to_string(), rf["form"].clone(), rf["options"].clone(), Value::Null));
        }
        for c in cases["cases"].as_array().unwrap() {
            if c["fn"] == "evaluate" {
                out.push((c["name"].to_string(), c["input"]["form"].clone(), c["input"]["options"].clone(), c["input"]["context"].clone()));
            }
        }
        let bench: Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/peers/forms_bench.json")).unwrap()).unwrap();
        out.push(("bench".into(), bench["form"].clone(), Value::Null, Value::Null));
        let synthetic = serde_json::json!([
            {"type": "checkbox", "key": "on"},
            {"type": "textfield", "key": "t", "defaultValue": "dflt", "conditional": {"show": true, "when": "on", "eq": "true"}},
            {"type": "textfield", "key": "np", "persistent": false},
            {"type": "container", "key": "c", "conditional": {"json": {"!": {"var": "data.on"}}}, "components": [
                {"type": "textfield", "key": "x", "calculateValue": {"cat": ["x-", {"var": "data.t"}]}},
                {"type": "textfield", "key": "hp", "persistent": false, "defaultValue": "z"},
                {"type": "container", "key": "cc", "components": [{"type": "number", "key": "n", "calculateValue": {"+": [1, 2]}}]}
            ]},
            {"type": "form", "key": "nf", "components": [
                {"type": "textfield", "key": "y", "calculateValue": {"var": "data.w"}},
                {"type": "textfield", "key": "w", "defaultValue": "ww"}
            ]},
            {"type": "datagrid", "key": "g", "components": [
                {"type": "number", "key": "a"},
                {"type": "number", "key": "b", "calculateValue": {"*": [{"var": "row.a"}, 2]}, "conditional": {"json": {">": [{"var": "row.a"}, 1]}}},
                {"type": "textfield", "key": "np2", "persistent": false}
            ]},
            {"type": "container", "key": "calc", "calculateValue": {"if": [{"var": "data.on"}, {"x": 1, "cc": {"n": 5, "m": 0}}, null]}, "components": [
                {"type": "number", "key": "x"}, {"type": "container", "key": "cc", "components": [{"type": "number", "key": "n"}]}
            ]},
            {"type": "datagrid", "key": "gc", "calculateValue": {"if": [{"var": "data.on"}, [{"a": 1, "z": 0}, {"a": 3, "z": 0}], null]}, "components": [
                {"type": "number", "key": "a"}, {"type": "number", "key": "d", "calculateValue": {"+": [{"var": "row.a"}, 10]}}
            ]},
            {"type": "textfield", "key": "late", "calculateValue": {"var": "data.last"}},
            {"type": "textfield", "key": "last", "defaultValue": "L", "clearOnHide": false, "conditional": {"json": {"var": "data.on"}}}
        ]);
        out.push(("synthetic".into(), serde_json::json!({"components": synthetic}), Value::Null, Value::Null));
        out
    }

    #[test]
    #[ignore]
    fn write_cases() {
        let (_, fj, _, _) = forms().into_iter().find(|f| f.0 == "synthetic").unwrap();
        let f = Form::from_formio(&fj).unwrap();
        let subs = [
            ("a calculation creates the absent containers it writes into", serde_json::json!({})),
            ("a condition on a later field clears and recalculates over several passes", serde_json::json!({"on": true, "t": "kept", "np": "not stored", "last": "Z"})),
            ("grid rows: calculations, conditions and non-persistent values per row", serde_json::json!({"g": [{"a": 1, "b": 7, "np2": "x"}, {"a": 4}, null, "junk"], "extra": {"kept": 1}})),
            ("absent, null and non-object containers", serde_json::json!({"c": null, "nf": {"data": null, "meta": 1}, "g": "not rows", "calc": 5})),
            ("a calculated container and grid replace the submitted ones; a grid recalculated from rows it changes never settles", serde_json::json!({"on": true, "calc": {"x": 9, "other": 1}, "gc": [{"a": 100}]})),
            ("a calculated container replaces the submitted one", serde_json::json!({"on": false, "calc": {"x": 9, "other": 1}, "gc": [{"a": 100}]})),
        ];
        let mut out = Vec::new();
        for (name, data) in subs {
            let r = match f.evaluate_old(&data, &EvalContext::default()) {
                Ok(r) => serde_json::to_value(&r).unwrap(),
                Err(e) => {
                    out.push(serde_json::json!({"name": format!("slots: {name}"), "fn": "evaluate", "input": {"form": fj, "data": data}, "expected": {"error": crate::Coded::code(&e)}}));
                    continue;
                }
            };
            out.push(serde_json::json!({"name": format!("slots: {name}"), "fn": "evaluate", "input": {"form": fj, "data": data},
                "expected": {"data": r["data"], "computed": r["computed"], "visible": r["visible"], "hidden": r["hidden"], "errors": r["errors"], "valid": r["valid"]}}));
        }
        std::fs::write("/tmp/lead/slot_cases.json", serde_json::to_string_pretty(&out).unwrap()).unwrap();
    }

    #[test]
    fn new_evaluator_equals_old() {
        let mut r = Rng(0x9e3779b97f4a7c15);
        let mut n = 0;
        for (name, fj, opts, ctx) in forms() {
            let opts: FormOptions = if opts.is_null() { FormOptions::default() } else { serde_json::from_value(opts).unwrap() };
            let f = match Form::from_formio_with(&fj, &opts) { Ok(f) => f, Err(e) => { if name == "synthetic" { panic!("synthetic: {e}") } continue } };
            let ctx: EvalContext = if ctx.is_null() { EvalContext::default() } else { serde_json::from_value(ctx).unwrap() };
            let mut pool = Vec::new();
            strings(&fj, &mut pool);
            pool.push(Value::from("RSSMRA80A01H501U"));
            let rounds = if name == "bench" { 200 } else { std::env::var("DIFF_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(400) };
            for _ in 0..rounds {
                let data = object(&f, 0, &mut r, &pool, 0);
                let a = f.evaluate_old(&data, &ctx).map_err(|e| e.to_string());
                let b = f.evaluate(&data, &ctx).map_err(|e| e.to_string());
                assert_eq!(a, b, "form {name}, data {data}");
                let c = f.evaluate_value(data.clone(), &ctx).map_err(|e| e.to_string());
                assert_eq!(a, c, "owned: form {name}, data {data}");
                n += 1;
            }
        }
        eprintln!("{n} evaluations compared");
    }
}
