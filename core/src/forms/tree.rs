//! The submission as an evaluation sees it: every data object (the top level, a container, a
//! nested form's `data`, a grid row) split into one **slot** per component that writes into it.
//!
//! At load time each data object of the form gets an [`ObjDef`]: the keys of the components that
//! write into it, sorted as a JSON object's keys are sorted; each value component knows its
//! object (`scope`) and slot, and every `var` path of its rules carries the slots it names (a
//! hint on each segment). At evaluation time the submission is split in one sequential pass per
//! object (a merge of two sorted key lists), borrowing the submitted values; rules and
//! validation then read a component's value by index instead of searching a map, clearing and
//! calculated values change slots, and the cleaned submission is put back together once at the
//! end. Keys that are no component are kept from the submitted object as they were.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::form::Form;
use super::logic::{walk, Seg};
use super::model::{Comp, Kind};

/// No object / no slot.
pub(crate) const NONE: usize = usize::MAX;

/// A data object of the form: the keys of the components writing into it, sorted by their
/// bytes (as `serde_json::Map` sorts), with the component ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct ObjDef {
    pub keys: Vec<(String, usize)>,
}

impl ObjDef {
    fn find(&self, key: &str) -> Option<usize> {
        self.keys.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()
    }

    /// The slot of `seg` here: its hint when the hint names that key, else a search.
    fn slot(&self, seg: &Seg) -> Option<usize> {
        let h = seg.hint as usize;
        match self.keys.get(h) {
            Some((k, _)) if *k == seg.key => Some(h),
            _ => self.find(&seg.key),
        }
    }
}

/// Assigns every component its object (`scope`), data root (`data_scope`), slot and, for
/// containers, nested forms and grids, the object of its own value (`inner`); returns the
/// object definitions (0 is the top level).
pub(crate) fn layout(comps: &mut [Comp], roots: &[usize]) -> Vec<ObjDef> {
    fn place(comps: &mut [Comp], defs: &mut Vec<ObjDef>, ids: &[usize], scope: usize, data: usize) {
        for &id in ids {
            let Some(c) = comps.get_mut(id) else { continue };
            c.scope = scope;
            c.data_scope = data;
            let (kind, holds, children) = (c.kind, c.holds_value(), std::mem::take(&mut c.children));
            if holds {
                if let Some(d) = defs.get_mut(scope) {
                    d.keys.push((c.key.clone(), id));
                }
            }
            let inner = match kind {
                Kind::Container | Kind::NestedForm | Kind::Grid => {
                    defs.push(ObjDef::default());
                    defs.len() - 1
                }
                _ => NONE,
            };
            c.inner = inner;
            match kind {
                Kind::Layout => place(comps, defs, &children, scope, data),
                Kind::Container | Kind::Grid => place(comps, defs, &children, inner, data),
                Kind::NestedForm => place(comps, defs, &children, inner, inner),
                Kind::Value | Kind::Content => {}
            }
            if let Some(c) = comps.get_mut(id) {
                c.children = children;
            }
        }
    }
    let mut defs = vec![ObjDef::default()];
    place(comps, &mut defs, roots, 0, 0);
    for d in &mut defs {
        d.keys.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        for (slot, (_, id)) in d.keys.iter().enumerate() {
            if let Some(c) = comps.get_mut(*id) {
                c.slot = slot;
            }
        }
    }
    defs
}

/// Sets the slot hints of a `data.…` / `row.…` path read from a component whose data root is
/// `data` and whose own object is `row`.
/// `shapes` holds each component's kind and `inner`.
pub(crate) fn hint_path(defs: &[ObjDef], shapes: &[(Kind, usize)], segs: &mut [Seg], data: usize, row: usize) {
    let Some((first, rest)) = segs.split_first_mut() else { return };
    let mut def = match first.key.as_str() {
        "data" => data,
        "row" => row,
        _ => return,
    };
    let mut i = 0;
    while let Some(seg) = rest.get_mut(i) {
        let Some(d) = defs.get(def) else { return };
        let Some(slot) = d.find(&seg.key) else { return };
        seg.hint = u32::try_from(slot).unwrap_or(u32::MAX);
        let Some(&(kind, inner)) = d.keys.get(slot).and_then(|(_, id)| shapes.get(*id)) else { return };
        let next = rest.get(i + 1);
        match kind {
            Kind::Container => i += 1,
            Kind::NestedForm if next.is_some_and(|s| s.key == "data") => i += 2,
            Kind::Grid if next.is_some_and(|s| s.index.is_some()) => i += 2,
            _ => return,
        }
        def = inner;
    }
}

/// What a data object was in the submission.
#[derive(Debug, Clone)]
pub(crate) enum Origin<'d> {
    /// An object.
    Object,
    /// Absent.
    Missing,
    /// `null`.
    Null,
    /// Something else: its keys cannot be read or written; it is kept as it was.
    Blocked(Cow<'d, Value>),
    /// Absent or `null`, and since written into by the evaluation (a calculated value).
    Created,
}

/// The keys of a submitted object that are no slot (kept as they were).
#[derive(Debug, Clone)]
pub(crate) enum Base<'d> {
    None,
    /// The submitted object, borrowed (its slot keys are skipped when it is put back together).
    Borrowed(&'d Map<String, Value>),
    /// A submitted object taken by value: the keys that are no slot, in order, and the key
    /// strings of the slots it filled (reused when it is put back together).
    Owned { extras: Vec<(String, Value)>, names: Vec<Option<String>> },
}

impl<'d> Base<'d> {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Base::None => None,
            Base::Borrowed(m) => m.get(key),
            Base::Owned { extras, .. } => extras.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        }
    }
}

/// Byte order of two keys (`String`'s order) without a call to `memcmp`: keys are short.
#[inline]
fn key_cmp(a: &str, b: &str) -> Ordering {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

/// Merges the sorted keys of an object that are no slot (`extras`; a key equal to a slot's is
/// the submitted copy of that slot and is skipped) with the slots (`slot(i)`: slot `i`'s key
/// and value, `None` when absent), in key order.
fn merged<K: AsRef<str>, V>(
    keys: &[(String, usize)],
    extras: impl Iterator<Item = (K, V)>,
    pair: impl Fn(K, V) -> (String, Value),
    mut slot: impl FnMut(usize) -> Option<(String, Value)>,
    hint: usize,
) -> Vec<(String, Value)> {
    let mut out = Vec::with_capacity(keys.len() + hint);
    let mut ex = extras.peekable();
    for (i, (k, _)) in keys.iter().enumerate() {
        while let Some((ek, _)) = ex.peek() {
            match key_cmp(ek.as_ref(), k) {
                Ordering::Less => {
                    if let Some((ek, ev)) = ex.next() {
                        out.push(pair(ek, ev));
                    }
                }
                Ordering::Equal => {
                    ex.next();
                    break;
                }
                Ordering::Greater => break,
            }
        }
        out.extend(slot(i));
    }
    out.extend(ex.map(|(k, v)| pair(k, v)));
    out
}

/// One data object split into slots (`def` is its [`ObjDef`]).
#[derive(Debug, Clone)]
pub(crate) struct Obj<'d> {
    pub def: usize,
    pub origin: Origin<'d>,
    pub base: Base<'d>,
    pub slots: Vec<Entry<'d>>,
}

/// What a slot holds now.
#[derive(Debug, Clone)]
pub(crate) enum Entry<'d> {
    Absent,
    /// A value (of a value component, or of a grid that is not an array).
    Val(Cow<'d, Value>),
    /// A container's object.
    Obj(Box<Obj<'d>>),
    /// A nested form: its object (def [`NONE`]; `data` is `inner`) and its `data`.
    Nested(Box<Nested<'d>>),
    /// A grid's rows (a row that is not an object is [`Origin::Blocked`]).
    Rows(Vec<Obj<'d>>),
}

#[derive(Debug, Clone)]
pub(crate) struct Nested<'d> {
    pub outer: Obj<'d>,
    pub inner: Obj<'d>,
}

/// What reads see where there is no object (outside the submission's shape).
pub(crate) static NOWHERE: Obj<'static> = Obj { def: NONE, origin: Origin::Missing, base: Base::None, slots: Vec::new() };
static NULL: Value = Value::Null;

impl<'d> Obj<'d> {
    fn empty(def: usize, origin: Origin<'d>, defs: &[ObjDef]) -> Obj<'d> {
        let n = defs.get(def).map_or(0, |d| d.keys.len());
        Obj { def, origin, base: Base::None, slots: (0..n).map(|_| Entry::Absent).collect() }
    }

    /// Whether it is in the submission (absent objects are not).
    pub fn present(&self) -> bool {
        !matches!(self.origin, Origin::Missing)
    }

    /// Prepares the object for a write: an absent or `null` one becomes an object; `false`
    /// when it cannot hold keys.
    fn writable(&mut self) -> bool {
        match self.origin {
            Origin::Object | Origin::Created => true,
            Origin::Missing | Origin::Null => {
                self.origin = Origin::Created;
                true
            }
            Origin::Blocked(_) => false,
        }
    }
}

/// A step from an object to one inside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    /// A container's object in slot `.0`.
    Obj(usize),
    /// The `data` of the nested form in slot `.0`.
    Inner(usize),
    /// Row `.1` of the grid in slot `.0`.
    Row(usize, usize),
}

/// The object at `steps` from `root` (for reading; [`NOWHERE`] when there is none).
pub(crate) fn obj_at<'s, 'd>(root: &'s Obj<'d>, steps: &[Step]) -> &'s Obj<'d> {
    let mut o = root;
    for st in steps {
        o = match (st, o.slots.get(step_slot(*st))) {
            (Step::Obj(_), Some(Entry::Obj(b))) => b,
            (Step::Inner(_), Some(Entry::Nested(n))) => &n.inner,
            (Step::Row(_, r), Some(Entry::Rows(rows))) => match rows.get(*r) {
                Some(row) => row,
                None => return &NOWHERE,
            },
            _ => return &NOWHERE,
        };
    }
    o
}

fn step_slot(st: Step) -> usize {
    match st {
        Step::Obj(s) | Step::Inner(s) | Step::Row(s, _) => s,
    }
}

/// The object at `steps` from `root` for writing. With `create`, absent or `null` objects on the
/// way become objects (as a calculated value creates its containers); `None` when the path
/// cannot hold the write.
pub(crate) fn obj_mut<'s, 'd>(root: &'s mut Obj<'d>, steps: &[Step], create: bool) -> Option<&'s mut Obj<'d>> {
    let mut o = root;
    for st in steps {
        if create && !o.writable() {
            return None;
        }
        o = match (st, o.slots.get_mut(step_slot(*st))?) {
            (Step::Obj(_), Entry::Obj(b)) => b,
            (Step::Inner(_), Entry::Nested(n)) => {
                if create && !n.outer.writable() {
                    return None;
                }
                &mut n.inner
            }
            (Step::Row(_, r), Entry::Rows(rows)) => rows.get_mut(*r)?,
            _ => return None,
        };
    }
    if create && !o.writable() {
        return None;
    }
    Some(o)
}

fn empty_default(d: &Value) -> bool {
    matches!(d, Value::String(s) if s.is_empty()) || matches!(d, Value::Array(a) if a.is_empty()) || matches!(d, Value::Object(o) if o.is_empty())
}

impl Form {
    /// Splits a data object of definition `def` (`None`: absent) into slots, filling in
    /// `defaultValue`s of absent value components.
    pub(crate) fn explode<'d>(&'d self, def: usize, v: Option<Cow<'d, Value>>) -> Obj<'d> {
        match v.as_deref() {
            None => return Obj::empty(def, Origin::Missing, &self.defs),
            Some(Value::Null) => return Obj::empty(def, Origin::Null, &self.defs),
            Some(Value::Object(_)) => {}
            Some(_) => {
                let origin = Origin::Blocked(v.unwrap_or(Cow::Borrowed(&NULL)));
                return Obj { def, origin, base: Base::None, slots: Vec::new() };
            }
        }
        let origin = Origin::Object;
        let keys: &[(String, usize)] = self.defs.get(def).map_or(&[], |d| d.keys.as_slice());
        let mut slots = Vec::with_capacity(keys.len());
        // One merge of the two sorted key lists.
        let base = match v {
            Some(Cow::Borrowed(Value::Object(m))) => {
                let mut it = m.iter().peekable();
                for (k, id) in keys {
                    let mut found = None;
                    while let Some(&(mk, val)) = it.peek() {
                        match key_cmp(mk, k) {
                            Ordering::Less => {}
                            Ordering::Equal => found = Some(Cow::Borrowed(val)),
                            Ordering::Greater => break,
                        }
                        it.next();
                        if found.is_some() {
                            break;
                        }
                    }
                    slots.push(self.entry(*id, found));
                }
                Base::Borrowed(m)
            }
            Some(Cow::Owned(Value::Object(m))) => {
                let mut extras = Vec::new();
                let mut names = Vec::with_capacity(keys.len());
                let mut it = m.into_iter().peekable();
                for (k, id) in keys {
                    let mut found = None;
                    while let Some((mk, _)) = it.peek() {
                        let order = key_cmp(mk, k);
                        if order == Ordering::Greater {
                            break;
                        }
                        let Some((mk, val)) = it.next() else { break };
                        if order == Ordering::Less {
                            extras.push((mk, val));
                        } else {
                            found = Some((mk, val));
                            break;
                        }
                    }
                    let (name, val) = found.map_or((None, None), |(mk, val)| (Some(mk), Some(Cow::Owned(val))));
                    names.push(name);
                    slots.push(self.entry(*id, val));
                }
                extras.extend(it);
                Base::Owned { extras, names }
            }
            _ => Base::None,
        };
        Obj { def, origin, base, slots }
    }

    /// The slot entry of component `id` holding `v`.
    pub(crate) fn entry<'d>(&'d self, id: usize, v: Option<Cow<'d, Value>>) -> Entry<'d> {
        let Some(c) = self.comps.get(id) else { return Entry::Absent };
        match c.kind {
            Kind::Value => match v {
                Some(v) => Entry::Val(v),
                None => match &c.default_value {
                    Some(d) if !empty_default(d) => Entry::Val(Cow::Borrowed(d)),
                    _ => Entry::Absent,
                },
            },
            Kind::Container => Entry::Obj(Box::new(self.explode(c.inner, v))),
            Kind::NestedForm => {
                let mut outer = self.explode(NONE, v);
                let data = match &mut outer.base {
                    Base::Borrowed(m) => m.get("data").map(Cow::Borrowed),
                    Base::Owned { extras, .. } => {
                        extras.iter().position(|(k, _)| k == "data").map(|i| Cow::Owned(extras.remove(i).1))
                    }
                    Base::None => None,
                };
                let inner = match outer.origin {
                    Origin::Blocked(_) => Obj { def: c.inner, origin: Origin::Blocked(Cow::Borrowed(&NULL)), base: Base::None, slots: Vec::new() },
                    _ => self.explode(c.inner, data),
                };
                Entry::Nested(Box::new(Nested { outer, inner }))
            }
            Kind::Grid => match v {
                Some(Cow::Borrowed(Value::Array(rows))) => Entry::Rows(rows.iter().map(|r| self.row(c.inner, Cow::Borrowed(r))).collect()),
                Some(Cow::Owned(Value::Array(rows))) => Entry::Rows(rows.into_iter().map(|r| self.row(c.inner, Cow::Owned(r))).collect()),
                Some(other) => Entry::Val(other),
                None => Entry::Absent,
            },
            Kind::Layout | Kind::Content => Entry::Absent,
        }
    }

    fn row<'d>(&'d self, def: usize, r: Cow<'d, Value>) -> Obj<'d> {
        match r.as_ref() {
            // A row that is no object (even `null`) takes no values.
            Value::Object(_) => self.explode(def, Some(r)),
            _ => Obj { def, origin: Origin::Blocked(r), base: Base::None, slots: Vec::new() },
        }
    }

    /// The value a slot holds (objects and rows put together), `None` when absent.
    pub(crate) fn entry_value<'s>(&self, e: Option<&'s Entry<'_>>) -> Option<Cow<'s, Value>> {
        match e? {
            Entry::Absent => None,
            Entry::Val(v) => Some(Cow::Borrowed(v.as_ref())),
            other => self.into_entry_value(other.clone(), false).map(Cow::Owned),
        }
    }

    /// The object put back together (`None` when absent), for a rule that reads it whole.
    pub(crate) fn obj_value(&self, o: &Obj<'_>) -> Option<Value> {
        self.into_value(o.clone(), false)
    }

    /// The value of a slot entry, taking it: owned values move, borrowed ones are copied.
    /// With `out` (the cleaned submission), values of `persistent: false` components are left out.
    fn into_entry_value(&self, e: Entry<'_>, out: bool) -> Option<Value> {
        match e {
            Entry::Absent => None,
            Entry::Val(v) => Some(v.into_owned()),
            Entry::Obj(o) => self.into_value(*o, out),
            Entry::Nested(n) => {
                let Nested { outer, inner } = *n;
                let data = self.into_value(inner, out);
                let mut v = self.into_value(outer, out)?;
                if let Value::Object(m) = &mut v {
                    match data {
                        Some(d) => m.insert("data".into(), d),
                        None => m.remove("data"),
                    };
                }
                Some(v)
            }
            Entry::Rows(rows) => Some(Value::Array(rows.into_iter().map(|r| self.into_value(r, out).unwrap_or(Value::Null)).collect())),
        }
    }

    /// The object put back together, taking it (`None` when absent). With `out`, values of
    /// `persistent: false` components are left out.
    pub(crate) fn into_value(&self, o: Obj<'_>, out: bool) -> Option<Value> {
        match o.origin {
            Origin::Missing => return None,
            Origin::Null => return Some(Value::Null),
            Origin::Blocked(v) => return Some(v.into_owned()),
            Origin::Object | Origin::Created => {}
        }
        let keys: &[(String, usize)] = self.defs.get(o.def).map_or(&[], |d| d.keys.as_slice());
        let mut slots = o.slots.into_iter();
        let mut value_of = |i: usize, names: &mut Vec<Option<String>>| -> Option<(String, Value)> {
            let e = slots.next()?;
            let (k, id) = keys.get(i)?;
            if out && self.comps.get(*id).is_some_and(|c| !c.persistent) {
                return None;
            }
            let v = self.into_entry_value(e, out)?;
            Some((names.get_mut(i).and_then(Option::take).unwrap_or_else(|| k.clone()), v))
        };
        let pairs = match o.base {
            Base::Borrowed(m) => {
                let mut none = Vec::new();
                merged(keys, m.iter(), |k, v| (k.clone(), v.clone()), |i| value_of(i, &mut none), m.len().saturating_sub(keys.len()))
            }
            Base::Owned { extras, mut names } => {
                let n = extras.len();
                merged(keys, extras.into_iter(), |k, v| (k, v), |i| value_of(i, &mut names), n)
            }
            Base::None => {
                let mut none = Vec::new();
                merged(keys, std::iter::empty::<(String, Value)>(), |k, v| (k, v), |i| value_of(i, &mut none), 0)
            }
        };
        // Already in key order: the map's sort finds one run.
        Some(Value::Object(pairs.into_iter().collect::<Map<String, Value>>()))
    }

    /// The value at `segs` inside object `o` (a rule's `data.…`/`row.…` read).
    pub(crate) fn obj_get<'s>(&self, o: &'s Obj<'_>, segs: &[Seg]) -> Option<Cow<'s, Value>> {
        let Some((seg, rest)) = segs.split_first() else {
            return self.obj_value(o).map(Cow::Owned);
        };
        if let Origin::Blocked(v) = &o.origin {
            return walk(v.as_ref(), segs).map(Cow::Borrowed);
        }
        let slot = self.defs.get(o.def).and_then(|d| d.slot(seg));
        let Some(slot) = slot else {
            return walk(o.base.get(&seg.key)?, rest).map(Cow::Borrowed);
        };
        match o.slots.get(slot)? {
            Entry::Absent => None,
            Entry::Val(v) => walk(v.as_ref(), rest).map(Cow::Borrowed),
            Entry::Obj(inner) => self.obj_get(inner, rest),
            Entry::Nested(n) => match rest.split_first() {
                Some((s, r)) if s.key == "data" && n.outer.present() => self.obj_get(&n.inner, r),
                Some(_) if matches!(n.outer.origin, Origin::Blocked(_)) => self.obj_get(&n.outer, rest),
                Some((s, r)) => walk(n.outer.base.get(&s.key)?, r).map(Cow::Borrowed),
                None => self.into_entry_value(Entry::Nested(n.clone()), false).map(Cow::Owned),
            },
            Entry::Rows(rows) => match rest.split_first() {
                None => self.into_entry_value(Entry::Rows(rows.clone()), false).map(Cow::Owned),
                Some((s, r)) => self.obj_get(rows.get(s.index?)?, r),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shapes(f: &Form) -> Vec<(Kind, usize)> {
        f.comps.iter().map(|c| (c.kind, c.inner)).collect()
    }

    fn form(components: Value) -> Form {
        Form::from_formio(&json!({ "components": components })).unwrap()
    }

    #[test]
    fn split_and_put_back_together_is_the_identity() {
        let f = form(json!([
            {"type": "textfield", "key": "b"},
            {"type": "container", "key": "c", "components": [{"type": "textfield", "key": "x"}]},
            {"type": "datagrid", "key": "g", "components": [{"type": "number", "key": "n"}]},
            {"type": "form", "key": "nf", "components": [{"type": "textfield", "key": "y"}]},
            {"type": "panel", "key": "p", "components": [{"type": "checkbox", "key": "a"}]}
        ]));
        for data in [
            json!({}),
            json!({"a": true, "b": "x", "zz": 1, "0": [1], "c": {"x": "1", "other": 2}, "g": [{"n": 1, "k": 2}, null, 3], "nf": {"data": {"y": "q"}, "meta": 1}}),
            json!({"c": null, "g": "no", "nf": 7}),
            json!({"c": [1, 2], "g": null, "nf": {"meta": {}}}),
        ] {
            let o = f.explode(0, Some(Cow::Borrowed(&data)));
            assert_eq!(f.obj_value(&o), Some(data.clone()));
            let owned = f.explode(0, Some(Cow::Owned(data.clone())));
            assert_eq!(f.obj_value(&owned), Some(data.clone()));
            assert_eq!(f.into_value(owned, true), Some(data));
        }
    }

    #[test]
    fn reads_follow_slots_and_hints() {
        let f = form(json!([
            {"type": "textfield", "key": "b"},
            {"type": "container", "key": "c", "components": [{"type": "textfield", "key": "x"}]},
            {"type": "datagrid", "key": "g", "components": [{"type": "number", "key": "n"}]}
        ]));
        let data = json!({"b": "B", "c": {"x": "X", "extra": {"deep": 1}}, "g": [{"n": 5}], "free": [10, 20]});
        let o = f.explode(0, Some(Cow::Borrowed(&data)));
        let get = |p: &str| {
            let mut segs = crate::forms::logic::split_path(p);
            f.obj_get(&o, &segs).map(Cow::into_owned).inspect(|_| {
                hint_path(&f.defs, &shapes(&f), &mut segs, 0, 0);
            })
        };
        assert_eq!(get("b"), Some(json!("B")));
        assert_eq!(get("c.x"), Some(json!("X")));
        assert_eq!(get("c.extra.deep"), Some(json!(1)));
        assert_eq!(get("g.0.n"), Some(json!(5)));
        assert_eq!(get("g.n"), None);
        assert_eq!(get("free.1"), Some(json!(20)));
        assert_eq!(get("c"), Some(json!({"x": "X", "extra": {"deep": 1}})));
        assert_eq!(get("nope"), None);
        let mut segs = crate::forms::logic::split_path("data.c.x");
        hint_path(&f.defs, &shapes(&f), &mut segs, 0, 0);
        assert!(segs.iter().skip(1).all(|s| s.hint != u32::MAX));
        assert_eq!(f.obj_get(&o, &segs[1..]).map(Cow::into_owned), Some(json!("X")));
    }
}
