//! Evaluation of a compiled form on a submission:
//! defaults → conditions, logic, calculations and clearing of hidden values in form order (later
//! components see earlier results in the same pass), repeated until a pass changes nothing (at
//! most [`MAX_PASSES`]; one pass when no rule reads a later component) → validation of visible fields → office.
//!
//! The submission is read and changed through its slots (`tree`): the split borrows the
//! submitted values, a component's value is found by index, and the cleaned submission is put
//! together once at the end.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::conditions::GRID_ROW;
use super::form::Form;
use super::logic::{split_path, walk, Logic, Scope, Seg};
use super::messages::Texts;
use super::model::{Comp, Kind};
use super::paths::Paths;
use super::tree::{obj_at, obj_mut, Edits, Entry, Obj, Step};
use super::validate::{check, Check, FieldError};
use super::FormsError;
use crate::practice::Lang;

/// Passes before the evaluation gives up with `forms.no_fixpoint`.
pub const MAX_PASSES: usize = 16;

/// What rules may read besides the submission: `today` (for date rules) and free variables,
/// all visible to JSON Logic as `context.*` (e.g. `{"var": "context.today"}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct EvalContext {
    /// Today's date (the library has no clock).
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
    pub today: Option<NaiveDate>,
    /// Free variables (`context.<name>` in rules).
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<std::collections::HashMap<String, serde_json::Value>>"))]
    pub vars: Map<String, Value>,
    /// The language of validation messages: `it` (default), `en` or `de`.
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Lang>"))]
    pub lang: Lang,
}

/// The result of [`Form::evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Evaluation {
    /// True when there are no errors.
    pub valid: bool,
    /// Paths of the visible components, in form order (layout components by key; rows as
    /// `grid[0].col`). Children of a hidden component are neither visible nor listed as hidden.
    #[cfg_attr(feature = "ts", ts(as = "Vec<String>"))]
    pub visible: Paths,
    /// Paths of the hidden components (by condition, logic or `hidden: true`).
    #[cfg_attr(feature = "ts", ts(as = "Vec<String>"))]
    pub hidden: Paths,
    /// Validation errors of visible fields.
    pub errors: Vec<FieldError>,
    /// The cleaned submission: defaults and calculated values applied, values of conditionally
    /// hidden components with `clearOnHide` removed, non-persistent values removed.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub data: Value,
    /// Calculated values by path.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub computed: BTreeMap<String, Value>,
    /// The office from the form's office table (`null` when the form has none).
    pub assigned_office: Option<String>,
}

/// The scope of a rule inside a form: `data` (the data root: the submission, or a nested form's
/// data), `row` (the object holding the component: a grid row, a container, or the root),
/// `input`/`value` (the component's value) and `context`.
pub(crate) struct FormScope<'s, 'd> {
    pub form: &'s Form,
    pub data: &'s Obj<'d>,
    pub row: &'s Obj<'d>,
    /// The grid row holding the component (`conditions::GRID_ROW`; `data` outside grids).
    pub grid_row: &'s Obj<'d>,
    pub value: Option<&'s Value>,
    pub context: &'s Value,
}

impl<'s, 'd> Scope<'s> for FormScope<'s, 'd> {
    fn get(&self, path: &[Seg]) -> Option<Cow<'s, Value>> {
        let (first, rest) = path.split_first()?;
        match first.key.as_str() {
            "data" => self.form.obj_get(self.data, rest),
            "row" => self.form.obj_get(self.row, rest),
            GRID_ROW => self.form.obj_get(self.grid_row, rest),
            "input" | "value" => walk(self.value?, rest).map(Cow::Borrowed),
            "context" => walk(self.context, rest).map(Cow::Borrowed),
            _ => None,
        }
    }
    fn whole(&self) -> Cow<'s, Value> {
        let mut m = Map::new();
        m.insert("data".into(), self.form.obj_value(self.data, false).unwrap_or(Value::Null));
        m.insert("row".into(), self.form.obj_value(self.row, false).unwrap_or(Value::Null));
        m.insert("context".into(), self.context.clone());
        if let Some(v) = self.value {
            m.insert("value".into(), v.clone());
        }
        Cow::Owned(Value::Object(m))
    }
}

/// What a pass reads of every component, packed apart from [`Comp`] (a large struct, most of
/// it read only when a rule or a check applies): `Form::hot`, by id. A pass over a form of a
/// thousand components then walks a few cache lines per component less.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hot {
    pub kind: Kind,
    pub slot: usize,
    /// `hidden: true`.
    pub hidden: bool,
    pub has_cond: bool,
    /// Advanced logic, a calculated value or a `customDefaultValue`.
    pub logic_or_calc: bool,
    pub calc: bool,
    pub required: bool,
    pub in_grid: bool,
    pub clear_on_hide: bool,
    /// `persistent` (a value that is not submitted is not validated).
    pub persistent: bool,
    pub validate_when_hidden: bool,
    /// Any check besides `required`.
    pub any_rule: bool,
    /// A key with dots: its value is in an object inside its parent's (see `Comp::via`).
    pub dotted: bool,
}

impl Hot {
    pub fn of(c: &Comp) -> Hot {
        Hot {
            kind: c.kind,
            slot: c.slot,
            hidden: c.hidden,
            has_cond: c.cond.is_some(),
            logic_or_calc: !c.logic.is_empty() || c.calc.is_some() || c.default_rule.is_some(),
            calc: c.calc.is_some(),
            required: c.rules.required,
            in_grid: c.grid.is_some(),
            clear_on_hide: c.clear_on_hide,
            persistent: c.persistent,
            validate_when_hidden: c.validate_when_hidden,
            any_rule: c.rules.any,
            dotted: !c.via.is_empty(),
        }
    }
}

#[derive(Clone, Copy)]
struct Hid {
    cond: bool,
    intent: bool,
}

struct Pass<'f, 'c> {
    form: &'f Form,
    context: &'c Value,
    /// The evaluation's language and the form's texts for it.
    texts: Texts<'f>,
    /// The start of the evaluation's day (`EvalContext::today`), in seconds since the epoch.
    today: Option<i64>,
    /// Steps from the submission's top level to the data object being visited.
    stack: Vec<Step>,
    /// The length of `stack` that leads to the object the rules of the component being visited
    /// read as `row` (shorter than `stack` for a key with dots).
    row_len: usize,
    changed: bool,
    /// Path of the data object being visited with row indices (`figli[0].`).
    prefix: String,
    visible: Paths,
    hidden: Paths,
    errors: Vec<FieldError>,
    computed: BTreeMap<String, Value>,
}

impl<'f, 'c> Pass<'f, 'c> {
    /// Conditions, logic and calculations over `ids` in form order. Values are cleared and
    /// calculated values written at once, so later components see them in the same pass;
    /// `root_len` is the length of the stack prefix that leads to the data root (`data`).
    fn visit<'d>(&mut self, ids: &'f [usize], top: &mut Obj<'d>, root_len: usize, parent: Hid)
    where
        'f: 'd,
    {
        for &id in ids {
            let row_len = self.stack.len();
            self.row_len = row_len;
            if self.form.hot.get(id).is_some_and(|h| h.dotted) {
                let via = self.form.comps.get(id).map_or(&[][..], |c| c.via.as_slice());
                self.stack.extend(via.iter().copied());
                self.visit_one(id, top, root_len, parent);
                self.stack.truncate(row_len);
            } else {
                self.visit_one(id, top, root_len, parent);
            }
        }
    }

    /// [`Pass::visit`] of one component (its object is at `stack`; the object its rules' `row`
    /// names at `stack[..row_len]`, which differ for a key with dots).
    #[inline(always)]
    fn visit_one<'d>(&mut self, id: usize, top: &mut Obj<'d>, root_len: usize, parent: Hid)
    where
        'f: 'd,
    {
        let form = self.form;
        let (Some(c), Some(h)) = (form.comps.get(id), form.hot.get(id)) else { return };
        let mut intent = parent.intent || h.hidden;
        let rules = (h.has_cond && !parent.cond) || h.logic_or_calc;
        let (cond_hidden, required, new_value) = if !rules {
            (parent.cond, h.required, None)
        } else {
            let t: &Obj<'d> = top;
            let obj = obj_at(t, &self.stack);
            let row = if self.row_len == self.stack.len() { obj } else { obj_at(t, self.stack.get(..self.row_len).unwrap_or(&[])) };
            let root = obj_at(t, self.stack.get(..root_len).unwrap_or(&[]));
            // The value is read only when a rule needs it or it may have to be cleared.
            let needs_value = c.holds_value() && (c.calc.is_some() || !c.logic.is_empty() || c.reads_value || c.default_rule.is_some());
            let value = if needs_value { form.entry_value(obj.slots.get(c.slot)) } else { None };
            let value = value.as_deref();
            let grid_row = if h.in_grid { obj_at(t, self.stack.get(..grid_row_len(&self.stack, root_len)).unwrap_or(&[])) } else { root };
            let scope = FormScope { form, data: root, row, grid_row, value, context: self.context };
            let mut cond_hidden = parent.cond;
            if !cond_hidden {
                if let Some(cond) = &c.cond {
                    cond_hidden = !cond.truthy_in(&scope);
                }
            }
            let mut required = c.rules.required;
            let mut new_value = None;
            // A value action writes what it gives, `null` too (`@formio/core` utils/logic
            // setValueProperty writes any value that differs); a calculation or a default does
            // not write `null` (process/calculation, process/defaultValue), but writes NaN or an
            // infinity, which JSON holds as `null` (`Logic::written_in`).
            let mut write_null = false;
            for lr in &c.logic {
                if !lr.trigger.truthy_in(&scope) {
                    continue;
                }
                match lr.hidden {
                    Some(true) => cond_hidden = true,
                    // `hidden` set to false shows a component `hidden: true` hides (Form.io's
                    // logic sets the property; conditions hide apart from it)
                    Some(false) => intent = parent.intent,
                    None => {}
                }
                if let Some(r) = lr.required {
                    required = r;
                }
                if let Some(v) = &lr.value {
                    new_value = Some(v.eval_in(&scope).into_owned());
                    write_null = true;
                }
            }
            if let (Some(calc), false) = (&c.calc, cond_hidden) {
                let keep = c.allow_override && value.is_some_and(|v| !matches!(v, Value::Null) && v != "");
                if !keep {
                    let w = calc.written_in(&scope);
                    write_null = matches!(w, Some(Value::Null));
                    new_value = Some(w.unwrap_or(Value::Null));
                }
            }
            if let (Some(d), None, None) = (&c.default_rule, value, &new_value) {
                // Absent: its `customDefaultValue` (a list for a multiple-value field, as Form.io
                // wraps it); once written, the value is there and the rule is not run again.
                let w = d.written_in(&scope);
                let nan = matches!(w, Some(Value::Null));
                new_value = Some(match w.unwrap_or(Value::Null) {
                    v @ Value::Array(_) => v,
                    Value::Null if !nan => Value::Null,
                    v if c.multiple => Value::Array(if crate::forms::logic::truthy(&v) { vec![v] } else { Vec::new() }),
                    v => v,
                });
                write_null = nan && !c.multiple;
            }
            let new_value = new_value.filter(|n| (write_null || !n.is_null()) && Some(n) != value && !cond_hidden);
            (cond_hidden, required, new_value)
        };
        let visible = !cond_hidden && !intent;
        let hid = Hid { cond: cond_hidden, intent };
        // Outside grids a path is the component's own (no row index): listed by id, and
        // `prefix` (the path inside a grid row) stays empty.
        let in_grid = h.in_grid;
        let base = self.prefix.len();
        if in_grid {
            self.prefix.push_str(&c.key);
        }
        let list = if visible { &mut self.visible } else { &mut self.hidden };
        if in_grid {
            list.push_str(&self.prefix);
        } else {
            list.push_id(id);
        }
        match h.kind {
            Kind::Content => {}
            Kind::Layout => {
                self.prefix.truncate(base);
                self.visit(&c.children, top, root_len, hid);
            }
            _ => {
                if cond_hidden && h.clear_on_hide {
                    if let Some(o) = obj_mut(top, &self.stack, false) {
                        self.changed |= clear(form, id, c, o);
                    }
                    self.prefix.truncate(base);
                    return;
                }
                if let Some(v) = new_value {
                    if let Some(o) = obj_mut(top, &self.stack, true) {
                        self.changed |= set(form, id, c, o, v);
                    }
                }
                self.check(c, h, visible, required, top, root_len);
                match h.kind {
                    Kind::Container => {
                        if in_grid {
                            self.prefix.push('.');
                        }
                        self.stack.push(Step::Obj(c.slot));
                        self.visit(&c.children, top, root_len, hid);
                        self.stack.pop();
                    }
                    Kind::NestedForm => {
                        if in_grid {
                            self.prefix.push_str(".data.");
                        }
                        self.stack.push(Step::Inner(c.slot));
                        let inner_root = self.stack.len();
                        self.visit(&c.children, top, inner_root, hid);
                        self.stack.pop();
                    }
                    Kind::Grid => {
                        let rows = match obj_at(top, &self.stack).slots.get(c.slot) {
                            Some(Entry::Rows(r)) => r.len(),
                            _ => 0,
                        };
                        if !in_grid {
                            self.prefix.push_str(&c.path);
                        }
                        let here = self.prefix.len();
                        for i in 0..rows {
                            self.prefix.truncate(here);
                            self.prefix.push_str(&format!("[{i}]."));
                            self.stack.push(Step::Row(c.slot, i));
                            self.visit(&c.children, top, root_len, hid);
                            self.stack.pop();
                        }
                    }
                    _ => {}
                }
                self.prefix.truncate(base);
            }
        }
    }

    /// Output of one value component: computed values, and validation when it is visible (or
    /// `validateWhenHidden`).
    #[inline(always)]
    fn check(&mut self, c: &'f Comp, h: &Hot, visible: bool, required: bool, top: &Obj<'_>, root_len: usize) {
        // (a container or grid too: its `required`, and its own `custom`/`json` rule, which
        // Form.io runs on its value as on any other: validateCustom, validateJson)
        let validate = (visible || h.validate_when_hidden) && h.persistent && (required || h.any_rule);
        if !validate && !h.calc {
            return;
        }
        let form = self.form;
        let obj = obj_at(top, &self.stack);
        let entry = obj.slots.get(h.slot);
        let path = if !h.in_grid { c.path.as_str() } else { self.prefix.as_str() };
        if h.calc {
            if let Some(v) = form.entry_value(entry) {
                self.computed.insert(path.to_string(), v.into_owned());
            }
        }
        if !validate {
            return;
        }
        let value = form.entry_value(entry);
        let root = obj_at(top, self.stack.get(..root_len).unwrap_or(&[]));
        let grid_row = if h.in_grid { obj_at(top, self.stack.get(..grid_row_len(&self.stack, root_len)).unwrap_or(&[])) } else { root };
        let row = if self.row_len == self.stack.len() { obj } else { obj_at(top, self.stack.get(..self.row_len).unwrap_or(&[])) };
        let context = self.context;
        let mut eval = |rule: &Logic, v: Option<&Value>| -> Value {
            rule.eval_in(&FormScope { form, data: root, row, grid_row, value: v, context }).into_owned()
        };
        let lookup = |p: &str| -> Option<Value> {
            let segs = split_path(p);
            form.obj_get(obj, &segs).or_else(|| form.obj_get(root, &segs)).or_else(|| form.obj_get(top, &segs)).map(Cow::into_owned)
        };
        // (`@formio/core` componentHasValue: a required container or grid is empty when nothing
        // in it has a value)
        let contents_empty = required && value.as_deref().is_some_and(|v| super::validate::nested_empty(h.kind, v));
        check(
            &Check { comp: c, required, path, contents_empty, today: self.today, texts: self.texts },
            value.as_deref(),
            &mut eval,
            &lookup,
            &mut self.errors,
        );
    }
}

/// The length of the stack prefix that leads to the innermost grid row (to the data root when
/// there is none).
fn grid_row_len(stack: &[Step], root_len: usize) -> usize {
    stack.iter().rposition(|s| matches!(s, Step::Row(..))).map_or(root_len, |i| (i + 1).max(root_len))
}

/// Removes the value of component `id` from its object; whether there was one.
fn clear<'d>(form: &'d Form, id: usize, c: &Comp, o: &mut Obj<'d>) -> bool {
    let had = match o.slots.get(c.slot) {
        None | Some(Entry::Absent) => false,
        Some(Entry::Obj(inner)) => inner.present(),
        Some(Entry::Nested(n)) => n.outer.present(),
        Some(Entry::Val(_) | Entry::Rows(_)) => true,
    };
    if had {
        // An absent value (a default is not restored) or an absent object.
        let e = match c.kind {
            Kind::Container | Kind::NestedForm => form.absent_entry(id),
            _ => Entry::Absent,
        };
        o.put(c.slot, e);
    }
    had
}

/// Writes a calculated value into its object; whether it changed anything.
fn set<'d>(form: &'d Form, id: usize, c: &Comp, o: &mut Obj<'d>, v: Value) -> bool {
    if form.entry_value(o.slots.get(c.slot)).as_deref() == Some(&v) {
        return false;
    }
    o.put(c.slot, form.entry(id, Some(Cow::Owned(v))));
    true
}

impl Form {
    /// Evaluates the form on a submission's `data` object (the cleaned submission in the
    /// result is a copy; [`Form::evaluate_value`] builds it from the submission it takes).
    pub fn evaluate(&self, data: &Value, ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        self.evaluate_cow(Cow::Borrowed(data), ctx)
    }

    /// [`Form::evaluate`] taking the submission by value: its keys and values move into the
    /// cleaned submission instead of being copied. Bindings use this after converting their
    /// native data.
    pub fn evaluate_value(&self, data: Value, ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        self.evaluate_cow(Cow::Owned(data), ctx)
    }

    fn evaluate_cow(&self, data: Cow<'_, Value>, ctx: &EvalContext) -> Result<Evaluation, FormsError> {
        if !data.is_object() {
            return Err(FormsError::Invalid { message: "the submission data must be a JSON object".into() });
        }
        let (mut evaluation, edits) = self.passes(&data, ctx)?;
        // The cleaned submission: the submission (or a copy) with the changes applied.
        let mut data = data.into_owned();
        edits.apply(&mut data);
        evaluation.data = data;
        Ok(evaluation)
    }

    /// Everything but the cleaned submission (`data` is `null`), and the changes that make it
    /// from `data` (an object).
    pub(crate) fn passes<'f>(&'f self, data: &Value, ctx: &EvalContext) -> Result<(Evaluation, Edits<'f>), FormsError> {
        let mut context = Map::new();
        for (k, v) in &ctx.vars {
            context.insert(k.clone(), v.clone());
        }
        if let Some(t) = ctx.today {
            context.insert("today".into(), Value::String(t.format("%Y-%m-%d").to_string()));
        }
        let context = Value::Object(context);
        let mut top = self.explode(0, Some(Cow::Borrowed(data)));

        let mut pass = Pass {
            form: self,
            context: &context,
            texts: Texts { lang: ctx.lang, custom: self.i18n.iter().find(|(l, _)| *l == ctx.lang).map(|(_, t)| t) },
            today: ctx.today.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc().timestamp()),
            stack: Vec::new(),
            row_len: 0,
            changed: false,
            prefix: String::new(),
            visible: Paths::with_capacity(self.paths.clone(), self.comps.len()),
            hidden: Paths::with_capacity(self.paths.clone(), self.comps.len()),
            errors: Vec::new(),
            computed: BTreeMap::new(),
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
            pass.changed = false;
            pass.visit(&self.roots, &mut top, 0, Hid { cond: false, intent: false });
            if !pass.changed || self.single_pass {
                settled = true;
                break;
            }
        }
        if !settled {
            return Err(FormsError::NoFixpoint { passes: MAX_PASSES });
        }
        let Pass { visible, hidden, errors, computed, .. } = pass;
        let assigned_office = self.offices.as_ref().map(|o| {
            let scope = FormScope { form: self, data: &top, row: &top, grid_row: &top, value: None, context: &context };
            o.rules
                .iter()
                .find(|(rule, _)| rule.truthy_in(&scope))
                .map(|(_, office)| office.clone())
                .unwrap_or_else(|| o.default.clone())
        });
        let mut edits = Edits::default();
        self.edits(top, &mut Vec::new(), &mut edits);
        Ok((Evaluation { valid: errors.is_empty(), visible, hidden, errors, data: Value::Null, computed, assigned_office }, edits))
    }
}
