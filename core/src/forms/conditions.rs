//! The four Form.io condition syntaxes, calculations and advanced logic, normalised to JSON Logic
//! and compiled. See docs/forms.md for the exact semantics.
//!
//! Precedence (formio/core): inside `conditional`, simple `conditions[]` beats legacy
//! `{show, when, eq}`, which beats `json`. A component with both `customConditional` and a
//! `conditional` is rejected (the renderer and the server disagree on it).

use serde_json::{json, Value};

use super::js;
use super::logic::Logic;
use super::model::{object_path, Comp, KeyIndex, LogicRule};
use super::FormsError;

/// The Form.io simple-condition operators.
pub const SIMPLE_OPERATORS: [&str; 18] = [
    "isEqual",
    "isNotEqual",
    "isEmpty",
    "isNotEmpty",
    "lessThan",
    "greaterThan",
    "lessThanOrEqual",
    "greaterThanOrEqual",
    "dateGreaterThan",
    "dateLessThan",
    "dateGreaterThanOrEqual",
    "dateLessThanOrEqual",
    "isDateEqual",
    "isNotDateEqual",
    "includes",
    "notIncludes",
    "startsWith",
    "endsWith",
];

const READ: &[&str] = &["data", "row"];
const READ_INPUT: &[&str] = &["data", "row", "input", "value"];

fn non_empty_str(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The name under which a rule reads the grid row its component is in, when `row` (the object
/// holding the component: a container inside the row) cannot reach it. Internal: Form.io has
/// no such name; it only appears in rules made from component references.
pub(crate) const GRID_ROW: &str = "\u{1}gridRow";

/// The JSON Logic expression that reads component `tid` (and `suffix` inside its value, e.g. a
/// select-boxes option) as seen from `from`.
pub(crate) fn reference(tid: usize, from: &Comp, comps: &[Comp], suffix: &str) -> Result<Value, String> {
    let t = comps.get(tid).ok_or("bad reference")?;
    let rel = if suffix.is_empty() { t.rel.clone() } else { format!("{}.{suffix}", t.rel) };
    if let Some(g) = t.grid {
        if from.grid == Some(g) && t.root == from.root {
            // `row` is the object holding `from` (a container inside the row, or the row).
            let own = object_path(from);
            if let Some(inside) = t.path.strip_prefix(own).and_then(|r| r.strip_prefix('.')) {
                let inside = if suffix.is_empty() { inside.to_string() } else { format!("{inside}.{suffix}") };
                return Ok(json!({ "var": format!("row.{inside}") }));
            }
            return Ok(json!({ "var": format!("{GRID_ROW}.{rel}") }));
        }
        let grid_var = reference(g, from, comps, "")?;
        return Ok(json!({ "map": [grid_var, { "var": rel }] }));
    }
    if t.root == from.root {
        return Ok(json!({ "var": format!("data.{rel}") }));
    }
    if from.root.is_none() {
        // A component inside a nested form, seen from the outer form.
        let path = if suffix.is_empty() { t.path.clone() } else { format!("{}.{suffix}", t.path) };
        return Ok(json!({ "var": format!("data.{path}") }));
    }
    Err(format!("{} is outside the nested form", t.path))
}

/// A component reference of a condition: the component, and the select-boxes option it names
/// (`animali.cane`, Form.io's older way to condition on one box) or `""`.
fn resolve<'r>(reference_name: &'r str, comp: &Comp, index: &KeyIndex, comps: &[Comp]) -> Result<(usize, &'r str), FormsError> {
    if let Some(id) = index.resolve(reference_name, comp, comps) {
        return Ok((id, ""));
    }
    if let Some((owner, option)) = reference_name.rsplit_once('.') {
        if let Some(id) = index.resolve(owner, comp, comps).filter(|&i| comps.get(i).is_some_and(|c| c.ctype == "selectboxes")) {
            if !option.is_empty() {
                return Ok((id, option));
            }
        }
    }
    Err(FormsError::UnknownReference { path: comp.path.clone(), reference: reference_name.to_string() })
}

/// The type a condition operator is told its value has: a select-boxes option is one flag.
fn target_type(tid: usize, option: &str, comps: &[Comp]) -> String {
    if !option.is_empty() {
        return "checkbox".into();
    }
    comps.get(tid).map(|t| t.ctype.clone()).unwrap_or_default()
}

fn show_flag(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s != "false",
        _ => true,
    }
}

/// A `conditional` object (or a simple logic trigger) as JSON Logic, `None` when it decides
/// nothing. The result is true when the component shows (or the trigger fires).
pub(crate) fn conditional_rule(c: &Value, comp: &Comp, index: &KeyIndex, comps: &[Comp]) -> Result<Option<Value>, FormsError> {
    let unsupported = |reason: String| FormsError::UnsupportedCondition { path: comp.path.clone(), reason };
    // Simple: {show, conjunction, conditions: [{component, operator, value}]}.
    if let Some(Value::Array(conds)) = c.get("conditions") {
        let mut parts = Vec::new();
        for cond in conds {
            let Some(target) = non_empty_str(cond.get("component")) else { continue };
            let op = cond.get("operator").and_then(Value::as_str).unwrap_or("");
            if !SIMPLE_OPERATORS.contains(&op) {
                return Err(unsupported(format!("unknown operator {op:?} (Form.io would treat it as true)")));
            }
            let (tid, option) = resolve(target, comp, index, comps)?;
            let t = target_type(tid, option, comps);
            let var = reference(tid, comp, comps, option).map_err(unsupported)?;
            let value = cond.get("value").cloned().unwrap_or(Value::Null);
            parts.push(json!({ format!("fio_{op}"): [var, value, t] }));
        }
        if !parts.is_empty() {
            let conj = if c.get("conjunction").and_then(Value::as_str) == Some("any") { "or" } else { "and" };
            let rule = json!({ conj: parts });
            return Ok(Some(if show_flag(c.get("show")) { rule } else { json!({ "!": [rule] }) }));
        }
    }
    // Legacy: {show, when, eq}.
    if let Some(when) = non_empty_str(c.get("when")) {
        let (tid, option) = resolve(when, comp, index, comps)?;
        let var = reference(tid, comp, comps, option).map_err(unsupported)?;
        let eq = c.get("eq").cloned().unwrap_or(Value::String(String::new()));
        let show = c.get("show").cloned().unwrap_or(Value::Null);
        return Ok(Some(json!({ "fio_legacy": [var, eq, show] })));
    }
    // JSON Logic.
    match c.get("json") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::Object(m)) if m.is_empty() => Ok(None),
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).map(Some).map_err(|e| unsupported(format!("`json` is not valid JSON: {e}"))),
        Some(rule) => Ok(Some(rule.clone())),
    }
}

/// Compiles a rule and checks that the data it reads exists in the form.
/// With `js` (a rule translated from JavaScript), `data.x` may name data that is no component:
/// Form.io runs the JavaScript over the submission's data object, which holds what the host
/// application put there (SCRIVA's `data.JS_DATI_RESTITUZIONE`), so the submitted value at that
/// path is read. `row.x` and the `data.x` of JSON Logic must name a component.
///
/// Such a read throws in JavaScript where an object on its way is absent (`data.USO_CIVILE.flg`
/// without `data.USO_CIVILE`), and Form.io's evaluator then gives `null` (utils/Evaluator
/// `evaluate`: a custom condition shows the component, a trigger does not fire, a custom
/// validation passes, no value is written): with `js`, a rule reading such a path where it is
/// always read (not behind `&&`, `||`, `?:` or in a callback) gives `on_throw` when an object on
/// the way is `null` or absent. Not where the code uses `?.`: the translation reads `a?.b` as
/// `a.b`, so which reads may throw is not known; those read `null` on the way.
pub(crate) fn compile_checked(
    rule: &Value,
    comp: &Comp,
    comps: &[Comp],
    js: Option<(&Value, &str)>,
    wrap: impl Fn(String) -> FormsError,
) -> Result<Logic, FormsError> {
    let logic = Logic::compile(rule).map_err(|e| wrap(e.to_string()))?;
    let mut free = Vec::new();
    for path in logic.vars() {
        if js.is_some() && path.starts_with("data.") {
            if check_reference(&path, comp, comps).is_err() {
                free.push(path);
            }
            continue;
        }
        check_reference(&path, comp, comps)?;
    }
    match js {
        Some((on_throw, src)) if !free.is_empty() && !src.contains("?.") => {
            // (only the objects on the way of the paths that name no component)
            let free_guard = |g: &Value| {
                let p = g.get("!=").and_then(|a| a.get(0)).and_then(|v| v.get("var")).and_then(Value::as_str).unwrap_or("");
                free.iter().any(|f| f == p || (f.starts_with(p) && f.as_bytes().get(p.len()) == Some(&b'.')))
            };
            let guards: Vec<Value> = js::no_throw_guards(rule).into_iter().filter(|g| free_guard(g)).collect();
            if guards.is_empty() {
                return Ok(logic);
            }
            let guarded = serde_json::json!({"if": [{"and": guards}, rule, on_throw]});
            Logic::compile(&guarded).map_err(|e| wrap(e.to_string()))
        }
        _ => Ok(logic),
    }
}

/// A `data.x.y` / `row.x` path must start with a component's data path (relative to the data
/// root for `data`, to the object holding the component for `row`: in Form.io `row` is the
/// data of the component's parent, a container inside a grid row included).
fn check_reference(path: &str, comp: &Comp, comps: &[Comp]) -> Result<(), FormsError> {
    let Some((scope, rest)) = path.split_once('.') else { return Ok(()) };
    // `p` starts with the component's path `c`: equal, or followed by a `.`.
    let starts = |p: &str, c: &str| p == c || (p.starts_with(c) && p.as_bytes().get(c.len()) == Some(&b'.'));
    let known = match scope {
        // (or a prefix of a key with dots: `data.a` for a key `a.b`)
        "data" => comps.iter().any(|c| c.holds_value() && (starts(rest, &c.rel) || starts(rest, &c.path) || starts(&c.rel, rest))),
        "row" => {
            let own = object_path(comp);
            let full = if own.is_empty() { rest.to_string() } else { format!("{own}.{rest}") };
            // (not the object itself or those around it: they hold every key)
            comps.iter().any(|c| c.holds_value() && c.path.len() > own.len() && (starts(&full, &c.path) || starts(&c.path, &full)))
        }
        _ => true,
    };
    if known {
        Ok(())
    } else {
        Err(FormsError::UnknownReference { path: comp.path.clone(), reference: path.to_string() })
    }
}

/// The visibility condition of a component.
pub(crate) fn visibility(raw: &Value, comp: &Comp, _id: usize, index: &KeyIndex, comps: &[Comp]) -> Result<Option<Logic>, FormsError> {
    let unsupported = |reason: String| FormsError::UnsupportedCondition { path: comp.path.clone(), reason };
    let custom = non_empty_str(raw.get("customConditional"));
    let conditional = match raw.get("conditional") {
        Some(c @ Value::Object(_)) => conditional_rule(c, comp, index, comps)?,
        _ => None,
    };
    let rule = match (custom, conditional) {
        (Some(_), Some(_)) => {
            return Err(unsupported("both `customConditional` and `conditional` are set; keep one".into()));
        }
        (Some(src), None) => js::translate(src, "show", READ).map_err(|e| e.into_forms(&comp.path, unsupported))?,
        (None, Some(rule)) => rule,
        (None, None) => return Ok(None),
    };
    compile_checked(&rule, comp, comps, custom.map(|src| (&Value::Bool(true), src)), unsupported).map(Some)
}

/// `calculateValue` (JSON Logic, or JavaScript assigning `value`).
pub(crate) fn calculation(raw: &Value, comp: &Comp) -> Result<Option<Logic>, FormsError> {
    let wrap = |reason: String| FormsError::UnsupportedCalculation { path: comp.path.clone(), reason };
    let rule = match raw.get("calculateValue") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(src)) => js::translate(src, "value", READ).map_err(|e| e.into_forms(&comp.path, wrap))?,
        Some(Value::Object(m)) if m.is_empty() => return Ok(None),
        Some(rule) => rule.clone(),
    };
    Logic::compile(&rule).map(Some).map_err(|e| wrap(e.to_string()))
}

/// What a `customDefaultValue` may read: the data, and `options` (the renderer's options, which
/// Form.io's server evaluates without: every read of it is undefined, so a default made only of
/// them is not written).
const READ_DEFAULT: &[&str] = &["data", "row", "options"];

/// `customDefaultValue` (JavaScript assigning `value`, translated like `calculateValue`): Form.io
/// (process/defaultValue, customDefaultValueProcessSync) runs it once, in form order, when the
/// component's key is absent from its row, and writes the result unless it is `null`/undefined.
/// It may be JSON Logic too (an object: Form.io's evaluator applies it as JSON Logic).
pub(crate) fn custom_default(raw: &Value, comp: &Comp) -> Result<Option<Logic>, FormsError> {
    let wrap = |reason: String| FormsError::UnsupportedFeature { path: comp.path.clone(), feature: "customDefaultValue".into(), reason };
    let rule = match raw.get("customDefaultValue") {
        Some(rule @ Value::Object(m)) if !m.is_empty() => rule.clone(),
        other => {
            let Some(src) = non_empty_str(other) else { return Ok(None) };
            js::translate(src, "value", READ_DEFAULT).map_err(|e| e.into_forms(&comp.path, wrap))?
        }
    };
    Logic::compile(&rule).map(Some).map_err(|e| wrap(e.to_string()))
}

/// `logic: [{trigger, actions}]` with property actions on `hidden`, `validate.required`
/// (and cosmetic properties, ignored) and `value` actions.
pub(crate) fn logic_rules(raw: &Value, comp: &Comp, _id: usize, index: &KeyIndex, comps: &[Comp]) -> Result<Vec<LogicRule>, FormsError> {
    let Some(Value::Array(list)) = raw.get("logic") else { return Ok(Vec::new()) };
    let feature = |reason: String| FormsError::UnsupportedFeature { path: comp.path.clone(), feature: "logic".into(), reason };
    let mut out = Vec::new();
    for item in list {
        let trigger = item.get("trigger").cloned().unwrap_or(Value::Null);
        let ttype = trigger.get("type").and_then(Value::as_str).unwrap_or("");
        let rule = match ttype {
            "simple" => match trigger.get("simple") {
                Some(c) => conditional_rule(c, comp, index, comps)?.unwrap_or(Value::Bool(false)),
                None => Value::Bool(false),
            },
            "json" => trigger.get("json").cloned().unwrap_or(Value::Bool(false)),
            "javascript" => {
                let src = trigger.get("javascript").and_then(Value::as_str).unwrap_or("");
                js::translate(src, "result", READ).map_err(|e| e.into_forms(&comp.path, |r| feature(format!("trigger: {r}"))))?
            }
            other => return Err(feature(format!("trigger type {other:?} is not supported"))),
        };
        let trigger = compile_checked(
            &rule,
            comp,
            comps,
            (ttype == "javascript").then_some((&Value::Null, trigger.get("javascript").and_then(Value::as_str).unwrap_or(""))),
            |r| feature(format!("trigger: {r}")),
        )?;
        let mut lr = LogicRule { trigger, hidden: None, required: None, value: None };
        let actions = match item.get("actions") {
            Some(Value::Array(a)) => a.as_slice(),
            _ => &[],
        };
        for a in actions {
            match a.get("type").and_then(Value::as_str).unwrap_or("") {
                "property" => {
                    let prop = a.get("property").and_then(|p| p.get("value")).and_then(Value::as_str).unwrap_or("");
                    let state = show_flag(a.get("state"));
                    match prop {
                        "hidden" => lr.hidden = Some(state),
                        "validate.required" => lr.required = Some(state),
                        p if p.starts_with("validate.") => {
                            return Err(feature(format!("property action on {p:?} is not supported")));
                        }
                        // disabled, label, placeholder, description, ...: presentation only.
                        _ => {}
                    }
                }
                "value" => {
                    let src = a.get("value").and_then(Value::as_str).unwrap_or("");
                    let rule = js::translate(src, "value", READ).map_err(|e| e.into_forms(&comp.path, |r| feature(format!("value action: {r}"))))?;
                    lr.value = Some(compile_checked(&rule, comp, comps, Some((&Value::Null, src)), |r| feature(format!("value action: {r}")))?);
                }
                other => return Err(feature(format!("action type {other:?} is not supported"))),
            }
        }
        out.push(lr);
    }
    Ok(out)
}

/// `validate.custom` JavaScript (`valid = <expr>`; true/null = valid, a string = the message).
pub(crate) fn custom_validation(src: &str, comp: &Comp, comps: &[Comp]) -> Result<Logic, FormsError> {
    let wrap = |reason: String| FormsError::UnsupportedValidation { path: comp.path.clone(), reason: format!("validate.custom: {reason}") };
    let rule = js::translate(src, "valid", READ_INPUT).map_err(|e| e.into_forms(&comp.path, wrap))?;
    compile_checked(&rule, comp, comps, Some((&Value::Null, src)), wrap)
}
