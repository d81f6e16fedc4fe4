//! The JSON Logic engine: json-logic-js 2.x semantics (the official `tests.json` passes in full),
//! compiled once and evaluated many times, plus the Form.io operators and Italian validators.

mod compile;
mod eval;
pub(crate) mod ext;
mod ops;
pub(crate) mod value;

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

pub(crate) use compile::{split_path, var_paths, Node, Seg, MAX_DEPTH};
pub(crate) use eval::{walk, Scope};

use crate::forms::FormsError;

/// A compiled JSON Logic rule. Compile once with [`Logic::compile`], evaluate with
/// [`Logic::apply`] as often as needed: operator names and `var` paths are resolved at compile
/// time. Serialises as the rule it was compiled from.
#[derive(Debug, Clone)]
pub struct Logic {
    node: Node,
    source: Value,
    /// The data paths split into keys and sorted ([`Logic::apply_at`], [`Logic::data_path_keys`]);
    /// made on first use (`None`: the paths are not static).
    at: OnceLock<Option<Paths>>,
}

/// A rule's data paths split into keys, in the order of [`Logic::data_paths`], and their places
/// sorted by path (for a binary search).
#[derive(Debug, Clone)]
struct Paths {
    keys: Box<[Vec<String>]>,
    sorted: Box<[usize]>,
}

impl PartialEq for Logic {
    fn eq(&self, other: &Logic) -> bool {
        self.node == other.node && self.source == other.source
    }
}

impl Logic {
    /// Compiles a rule. Fails with `forms.unknown_operator` on an operator the engine does not
    /// know (there is no `method`: rules never run code) and `forms.rule_too_deep` past
    /// 256 levels of nesting.
    pub fn compile(rule: &Value) -> Result<Logic, FormsError> {
        Ok(Logic { node: compile::compile(rule)?, source: rule.clone(), at: OnceLock::new() })
    }

    /// Evaluates the rule on `data` (json-logic-js `apply(rule, data)`). Never fails: as in
    /// JavaScript, a missing value is `null`. Inside the evaluation `NaN` and infinities behave
    /// as in JavaScript (comparisons with `NaN` are false, `cat` prints `NaN`); a final result
    /// that is one comes out as `null` (`-0` as `0`), as `JSON.stringify` writes it.
    pub fn apply(&self, data: &Value) -> Value {
        self.node.eval(&eval::DataScope(data)).into_owned()
    }

    /// Evaluates and returns JSON Logic truthiness (of the JavaScript result: `Infinity` is
    /// truthy, `NaN` falsy).
    pub fn truthy(&self, data: &Value) -> bool {
        self.node.ev(&eval::DataScope(data)).truthy()
    }

    /// The rule as given.
    pub fn rule(&self) -> &Value {
        &self.source
    }

    /// The literal `var` paths the rule reads.
    pub fn vars(&self) -> Vec<String> {
        let mut out = Vec::new();
        var_paths(&self.node, &mut out);
        out
    }

    /// The data paths (dotted, as the rule's `var`s write them) the rule may read, or `None` when
    /// that cannot be known statically (a computed or whole-data `var`, `missing`,
    /// `missing_some`): applying the rule to a copy of the data holding only those paths gives
    /// the same result. The JS packages use it to send only those values of a large object
    /// across the boundary.
    pub fn data_paths(&self) -> Option<Vec<String>> {
        let mut out = Vec::new();
        compile::data_paths(&self.node, &mut out).then_some(out)
    }

    /// [`Logic::apply`] on data given as the values at the rule's [`Logic::data_paths`], in
    /// their order (`None`: the data has no value there): the same result as `apply` on any data
    /// holding those values at those paths. A host holding the data in its own objects (the JS
    /// packages) reads a few values instead of converting a whole object. Fails with
    /// `forms.invalid` when the paths are not static or `values` has not one value per path.
    pub fn apply_at(&self, values: &[Option<Value>]) -> Result<Value, FormsError> {
        let Some(paths) = self.paths() else {
            return Err(FormsError::Invalid { message: "the rule's data paths are not static: apply it to the whole data".into() });
        };
        if values.len() != paths.keys.len() {
            return Err(FormsError::Invalid { message: format!("expected {} values (one per data path), got {}", paths.keys.len(), values.len()) });
        }
        Ok(self.node.eval(&AtScope { paths, values }).into_owned())
    }

    /// [`Logic::data_paths`] split into their keys (`"data.a.0"`: `["data", "a", "0"]`), in the
    /// same order (the order of [`Logic::apply_at`]'s values), made once per rule; `None` when
    /// not static. A host reads the values at them in its own data.
    pub fn data_path_keys(&self) -> Option<&[Vec<String>]> {
        self.paths().map(|p| &*p.keys)
    }

    fn paths(&self) -> Option<&Paths> {
        self.at
            .get_or_init(|| {
                let keys: Box<[Vec<String>]> = self.data_paths()?.iter().map(|p| p.split('.').map(str::to_owned).collect()).collect();
                let mut sorted: Vec<usize> = (0..keys.len()).collect();
                sorted.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
                Some(Paths { keys, sorted: sorted.into() })
            })
            .as_ref()
    }

    /// The literal data paths the rule reads (see `compile::reads`), `None` when not static.
    pub(crate) fn reads(&self) -> Option<Vec<String>> {
        let mut out = Vec::new();
        compile::reads(&self.node, &mut out).then_some(out)
    }

    /// Calls `f` on every literal `var` path that reads the rule's own scope (not the items of
    /// `map`, `filter`, ...), e.g. to set the slot hints of its segments.
    pub(crate) fn scope_paths_mut(&mut self, f: &mut dyn FnMut(&mut [Seg])) {
        compile::scope_paths_mut(&mut self.node, f)
    }

    pub(crate) fn eval_in<'a, S: Scope<'a>>(&'a self, s: &S) -> Cow<'a, Value> {
        self.node.eval(s)
    }

    /// The rule's result in scope `s` as Form.io writes a calculated or default value: `None`
    /// for `null` (nothing is written), JSON `null` for NaN or an infinity (JavaScript writes
    /// the number, which JSON holds as `null`), else the value.
    pub(crate) fn written_in<'a, S: Scope<'a>>(&'a self, s: &S) -> Option<Value> {
        match self.node.ev(s) {
            eval::Val::F(f) if !f.is_finite() => Some(Value::Null),
            v => Some(v.into_json().into_owned()).filter(|v| !v.is_null()),
        }
    }

    /// JSON Logic truthiness of the rule's JavaScript result in scope `s`.
    #[inline(always)]
    pub(crate) fn truthy_in<'a, S: Scope<'a>>(&'a self, s: &S) -> bool {
        self.node.ev(s).truthy()
    }
}

/// The scope of [`Logic::apply_at`]: a `var` path is one of the rule's data paths, found by
/// binary search.
struct AtScope<'a> {
    paths: &'a Paths,
    values: &'a [Option<Value>],
}

impl<'a> Scope<'a> for AtScope<'a> {
    fn get(&self, path: &[Seg]) -> Option<Cow<'a, Value>> {
        let keys = &self.paths.keys;
        let of = |i: usize| keys.get(i).map(|k| k.iter().map(String::as_str)).into_iter().flatten();
        let place = match &*self.paths.sorted {
            [only] => of(*only).eq(path.iter().map(|s| s.key.as_str())).then_some(*only)?,
            sorted => *sorted.get(sorted.binary_search_by(|&i| of(i).cmp(path.iter().map(|s| s.key.as_str()))).ok()?)?,
        };
        self.values.get(place)?.as_ref().map(Cow::Borrowed)
    }
    fn whole(&self) -> Cow<'a, Value> {
        // A rule reading the whole data has no static paths: `apply_at` refuses it.
        Cow::Owned(Value::Null)
    }
}

impl Serialize for Logic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.source.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Logic {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Logic::compile(&v).map_err(serde::de::Error::custom)
    }
}

/// Compiles and applies a rule once: `apply_logic(rule, data)` of json-logic-js.
pub fn apply_logic(rule: &Value, data: &Value) -> Result<Value, FormsError> {
    Ok(Logic::compile(rule)?.apply(data))
}

/// JSON Logic truthiness (`[]` is falsy, `"0"` truthy).
pub fn truthy(v: &Value) -> bool {
    value::truthy(v)
}
