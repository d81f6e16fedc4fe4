//! The form model read from Form.io JSON: an arena of components with precomputed data paths,
//! compiled conditions, calculations and validation rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::conditions;
use super::logic::Logic;
use super::validate::Rules;
use super::FormsError;

/// What a component is, for data and visibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// panel, fieldset, columns, column, table, cell, tabs, tab, well: no value; children write
    /// into the parent's data object.
    Layout,
    /// htmlelement, content, button: no value.
    Content,
    /// A component holding one value under its key.
    Value,
    /// container (and `address` in manual mode is a value): an object under the key.
    Container,
    /// A nested `form`: `{data: {...}}` under the key; its conditions see its own `data`.
    NestedForm,
    /// datagrid / editgrid: an array of row objects; conditions inside see `row`.
    Grid,
}

const LAYOUT: [&str; 5] = ["panel", "fieldset", "columns", "table", "well"];
const CONTENT: [&str; 3] = ["htmlelement", "content", "button"];
const VALUES: [&str; 19] = [
    "textfield",
    "textarea",
    "number",
    "email",
    "phoneNumber",
    "select",
    "radio",
    "checkbox",
    "selectboxes",
    "datetime",
    "day",
    "file",
    "hidden",
    "currency",
    "password",
    "url",
    "time",
    "tags",
    "address",
];

/// Options for loading a Form.io form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FormOptions {
    /// Custom component types mapped onto built-in ones, e.g. `{"sdcfile": "file"}`. Any other
    /// unknown type is rejected.
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, String>>"))]
    pub type_aliases: BTreeMap<String, String>,
    /// The office-assignment table (see [`super::OfficeTable`]).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub offices: Option<super::OfficeTable>,
    /// The forms a nested `form` component may reference by id, as Form.io's `?full=true`
    /// expands them: `{"<_id>": {"components": [...]}, ...}`. A nested form without
    /// `components` is read from here (`forms.unsupported_feature` when its id is missing).
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, serde_json::Value>>"))]
    pub forms: BTreeMap<String, Value>,
    /// Properties replacing a component's own, by component path (as errors name it, e.g.
    /// `dataGrid.rootTest`): the caller's JSON Logic for JavaScript the library cannot translate
    /// (`{"customConditional": null, "conditional": {"json": {...}}}`), or static options for a
    /// select loaded at run time. `null` removes a property; a name with dots names a property
    /// inside an object property (`"validate.custom": null` removes the custom validation and
    /// keeps `validate.required`). `key`, `type` and the child lists cannot be replaced; a path
    /// that names no component is refused (`forms.invalid`).
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, serde_json::Map<String, serde_json::Value>>>"))]
    pub overrides: BTreeMap<String, Map<String, Value>>,
    /// The form's own validation texts by language and key, as Form.io's `i18n` option gives
    /// them: `{"it": {"required": "{{field}}: campo obbligatorio"}}`. Languages `it`, `en`, `de`;
    /// keys those of [`super::MESSAGE_KEYS`] (Form.io's where it has one: `required`,
    /// `minLength`, `invalid_email`, ...). A component's own `customMessage` / `errors{}` still
    /// wins.
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<BTreeMap<String, BTreeMap<String, String>>>"))]
    pub i18n: BTreeMap<String, BTreeMap<String, String>>,
}

/// Most components a form may have once its nested forms are expanded (`forms.invalid` past it):
/// 100,000, a hundred times the largest real form we know, and a bound on what a chain of nested
/// forms referenced by id can expand to.
pub const MAX_COMPONENTS: usize = 100_000;

/// Component properties an override may not replace: what gives the form its shape.
const FIXED: [&str; 5] = ["key", "type", "components", "columns", "rows"];

/// One component of the arena.
#[derive(Debug, Clone)]
pub(crate) struct Comp {
    pub key: String,
    pub ctype: String,
    pub label: String,
    pub kind: Kind,
    /// Path without row indices: `beneficiario.nome`, `figli.nome` (grid column), or for a layout
    /// component its scope prefix plus key.
    pub path: String,
    /// Data path relative to the nearest data root (top level or nested form), without indices.
    pub rel: String,
    /// Nearest grid ancestor.
    pub grid: Option<usize>,
    /// Nearest nested-form ancestor.
    pub root: Option<usize>,
    pub children: Vec<usize>,
    /// One past the last id of the subtree (ids are in form order).
    pub end: usize,
    /// The data object it is in (an index of `Form::defs`, see `tree`), the data root its
    /// rules' `data` names, its slot in that object (value components) and the object of its
    /// own value (containers, nested forms, grids); `tree::NONE` where there is none.
    pub scope: usize,
    /// The object its rules' `row` names: `scope`, except for a key with dots (`a.b`), whose
    /// value is in the object `a` inside `row_scope`.
    pub row_scope: usize,
    /// For a key with dots (`a.b.c`, `a[0].b`): the steps to the objects `a`, `a.b` (or the
    /// element 0 of the array `a`) from `row_scope` to `scope` (see `synthetic`); empty otherwise.
    pub via: Vec<super::tree::Step>,
    /// A synthetic array made for keys with indices (`a[0].b`, `a[2].c`): the object of each
    /// element (`tree::NONE` for an element no key names); empty for any other component.
    pub tuple: Vec<usize>,
    /// An object made for the dotted keys of other components (`a` for `a.b`): not in the tree
    /// of the form, never visited nor listed.
    pub synthetic: bool,
    /// A synthetic object sharing its place with a value component of the same key (`a` beside
    /// `a.b`, MUDE's radio `barriere_architettoniche` and textarea
    /// `barriere_architettoniche.non_soggetto`): that component, which reads and writes the one
    /// slot as lodash `_.get`/`_.set` do; `tree::NONE` otherwise.
    pub overlay: usize,
    pub data_scope: usize,
    pub slot: usize,
    pub inner: usize,
    pub cond: Option<Logic>,
    /// Whether its own condition reads `input`/`value`.
    pub reads_value: bool,
    pub hidden: bool,
    pub clear_on_hide: bool,
    pub persistent: bool,
    pub validate_when_hidden: bool,
    pub multiple: bool,
    /// How a submitted value is normalized before any rule runs (email, radio, select).
    pub norm: Norm,
    pub default_value: Option<Value>,
    /// `customDefaultValue` translated: written once when the value is absent (and not `null`).
    pub default_rule: Option<Logic>,
    pub calc: Option<Logic>,
    pub allow_override: bool,
    pub rules: Rules,
    pub logic: Vec<LogicRule>,
}

impl Comp {
    /// A stand-in for "the top level of the form" (office rules are evaluated there).
    pub fn top() -> Comp {
        Comp {
            key: String::new(),
            ctype: String::new(),
            label: String::new(),
            kind: Kind::Layout,
            path: String::new(),
            rel: String::new(),
            grid: None,
            root: None,
            children: Vec::new(),
            end: 0,
            scope: 0,
            row_scope: 0,
            via: Vec::new(),
            tuple: Vec::new(),
            synthetic: false,
            overlay: super::tree::NONE,
            data_scope: 0,
            slot: super::tree::NONE,
            inner: super::tree::NONE,
            cond: None,
            reads_value: false,
            hidden: false,
            clear_on_hide: true,
            persistent: true,
            validate_when_hidden: false,
            multiple: false,
            norm: Norm::None,
            default_value: None,
            default_rule: None,
            calc: None,
            allow_override: false,
            rules: Rules::default(),
            logic: Vec::new(),
        }
    }

    /// Every compiled rule of the component (conditions, calculation, logic, validation).
    pub fn rules_mut(&mut self) -> Vec<&mut Logic> {
        let mut v: Vec<&mut Logic> = Vec::new();
        v.extend(self.cond.as_mut());
        v.extend(self.calc.as_mut());
        v.extend(self.default_rule.as_mut());
        for lr in &mut self.logic {
            v.push(&mut lr.trigger);
            v.extend(lr.value.as_mut());
        }
        v.extend(self.rules.json.as_mut());
        v.extend(self.rules.custom.as_mut());
        v
    }

    pub fn holds_value(&self) -> bool {
        !self.synthetic && matches!(self.kind, Kind::Value | Kind::Container | Kind::NestedForm | Kind::Grid)
    }

    /// The value Form.io's server keeps for the submitted `v` when its normalization changes
    /// it (`@formio/core` `process/normalize`, the renderer's `normalizeValue` alike); `None`
    /// when it keeps `v`.
    pub fn normalized(&self, v: &Value) -> Option<Value> {
        self.norm.apply(v)
    }
}

/// A component's normalization of submitted values (`@formio/core` `process/normalize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Norm {
    None,
    /// An `email` string: trimmed and lowercased.
    Email,
    /// A `radio` by its `dataType` (`normalizeRadioComponentValue`).
    Radio(DataType),
    /// A `select` by its `dataType`, each item of a multiple one (`normalizeSelectComponentValue`).
    Select(DataType, bool),
}

/// A radio's or select's `dataType`: `auto` (the default) turns `"2"` into `2` and `"true"`
/// into `true`; `Other` is a name Form.io does not know (the select then keeps the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataType {
    Auto,
    Number,
    Boolean,
    String,
    Object,
    Other,
}

/// The number a string spells as JavaScript prints it (`"2"`, `"-1.5"`; not `"02"`, `"1e3"`,
/// `" 2"`): `Number(s).toString() === s`, finite.
fn spelled_number(s: &str) -> Option<Value> {
    use super::logic::value::{num, number_to_string, str_to_number};
    // (only a digit or a minus sign can start such a spelling: no conversion for other strings)
    if !s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    let f = str_to_number(s);
    (f.is_finite() && number_to_string(f) == s).then(|| num(f))
}

impl Norm {
    pub fn of(ctype: &str, data_type: Option<&str>, multiple: bool) -> Norm {
        let dt = match data_type.unwrap_or("") {
            "" | "auto" => DataType::Auto,
            "number" => DataType::Number,
            "boolean" => DataType::Boolean,
            "string" => DataType::String,
            "object" => DataType::Object,
            _ => DataType::Other,
        };
        match ctype {
            "email" => Norm::Email,
            // A radio knows number, string and boolean; any other name falls to the automatic
            // conversion (the end of its `switch`).
            "radio" => Norm::Radio(if matches!(dt, DataType::Number | DataType::String | DataType::Boolean) { dt } else { DataType::Auto }),
            "select" => Norm::Select(dt, multiple),
            _ => Norm::None,
        }
    }

    /// The normalized `v`, or `None` when normalization keeps it (`null`, the caller's absent
    /// value, is always kept). Cheap when nothing changes: no allocation for the usual values.
    pub fn apply(self, v: &Value) -> Option<Value> {
        use super::logic::value::{js_trim, num, to_js_string, to_number, truthy};
        let bool_of = |s: &str| {
            if s.eq_ignore_ascii_case("true") {
                Some(Value::Bool(true))
            } else if s.eq_ignore_ascii_case("false") {
                Some(Value::Bool(false))
            } else {
                None
            }
        };
        // (the usual answer first: under `auto`, only a string starting with a digit, `-`, `t` or
        // `f` can change)
        if let (Norm::Radio(DataType::Auto) | Norm::Select(DataType::Auto, false), Value::String(s)) = (self, v) {
            if !matches!(s.as_bytes().first(), Some(b'0'..=b'9' | b'-' | b't' | b'f' | b'T' | b'F')) {
                return None;
            }
        }
        match (self, v) {
            (_, Value::Null) | (Norm::None, _) => None,
            (Norm::Email, Value::String(s)) => {
                if js_trim(s).len() == s.len() && s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
                    return None;
                }
                let n = js_trim(s).to_lowercase();
                (n != *s).then_some(Value::String(n))
            }
            (Norm::Email, _) => None,
            (Norm::Radio(DataType::Number), Value::Number(_))
            | (Norm::Radio(DataType::String), Value::String(_))
            | (Norm::Radio(DataType::Boolean), Value::Bool(_)) => None,
            (Norm::Radio(DataType::Number), _) => Some(num(to_number(v))),
            (Norm::Radio(DataType::String), Value::Object(_) | Value::Array(_)) => Some(Value::String(v.to_string())),
            (Norm::Radio(DataType::String), _) => Some(Value::String(to_js_string(v))),
            (Norm::Radio(DataType::Boolean), _) => Some(Value::Bool(truthy(v) && to_js_string(v) != "false")),
            (Norm::Radio(_), Value::String(s)) => match s.as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => spelled_number(s),
            },
            (Norm::Radio(_), _) => None,
            (Norm::Select(dt, true), Value::Array(items)) => {
                let one = Norm::Select(dt, false);
                let changed: Vec<Option<Value>> = items.iter().map(|x| one.apply(x)).collect();
                if changed.iter().all(Option::is_none) {
                    return None;
                }
                Some(Value::Array(items.iter().zip(changed).map(|(x, c)| c.unwrap_or_else(|| x.clone())).collect()))
            }
            (Norm::Select(DataType::Auto, _), Value::String(s)) => spelled_number(s).or_else(|| bool_of(s)),
            (Norm::Select(DataType::Number, _), Value::String(s)) => spelled_number(s),
            (Norm::Select(DataType::Boolean, _), Value::String(s)) => bool_of(s),
            (Norm::Select(DataType::String, _), Value::String(_)) => None,
            (Norm::Select(DataType::String, _), _) => Some(Value::String(to_js_string(v))),
            (Norm::Select(..), _) => None,
        }
    }
}

/// An advanced-logic rule: when `trigger` is truthy, the property actions apply.
#[derive(Debug, Clone)]
pub(crate) struct LogicRule {
    pub trigger: Logic,
    pub hidden: Option<bool>,
    pub required: Option<bool>,
    pub value: Option<Logic>,
}

/// Raw material kept between the two loading passes.
pub(crate) struct Raw {
    pub json: Value,
}

/// The arena being built.
pub(crate) struct Builder<'o> {
    pub comps: Vec<Comp>,
    pub raws: Vec<Raw>,
    options: &'o FormOptions,
    /// The override paths applied so far (each must name a component).
    used: std::collections::BTreeSet<String>,
    /// The ids of the nested forms being expanded (a form may not include itself).
    expanding: Vec<String>,
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn b(v: &Value, k: &str, default: bool) -> bool {
    match v.get(k) {
        Some(Value::Bool(x)) => *x,
        Some(Value::String(x)) => x == "true",
        _ => default,
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The scope children are placed in while walking the JSON.
#[derive(Clone, Default)]
pub(crate) struct Place {
    grid: Option<usize>,
    root: Option<usize>,
    /// Path prefix (no indices) for `path`.
    prefix: String,
    /// Prefix relative to the data root, for `rel`.
    rel_prefix: String,
}

impl<'o> Builder<'o> {
    pub fn new(options: &'o FormOptions) -> Self {
        Builder { comps: Vec::new(), raws: Vec::new(), options, used: Default::default(), expanding: Vec::new() }
    }

    /// First pass: the component tree with paths and static properties. Every override must
    /// have named a component.
    pub fn read_list(&mut self, list: Option<&Value>) -> Result<Vec<usize>, FormsError> {
        let ids = self.read_list_at(list, &Place::default(), 0)?;
        if let Some(path) = self.options.overrides.keys().find(|p| !self.used.contains(*p)) {
            return Err(FormsError::Invalid { message: format!("overrides.{path}: no component has this path") });
        }
        Ok(ids)
    }

    /// The component `j` at `path` with the caller's override applied, if there is one.
    fn overridden(&mut self, j: &Value, path: &str) -> Result<Option<Value>, FormsError> {
        let Some(patch) = self.options.overrides.get(path) else { return Ok(None) };
        self.used.insert(path.to_string());
        let mut obj = j.as_object().cloned().unwrap_or_default();
        for (k, v) in patch {
            // `validate.custom`: the property `custom` of the object `validate` (created when
            // absent), the component's other `validate` properties kept.
            let mut segs = k.split('.');
            let first = segs.next().unwrap_or("");
            if FIXED.contains(&first) {
                return Err(FormsError::Invalid { message: format!("overrides.{path}.{k}: `{first}` cannot be overridden") });
            }
            let mut at = &mut obj;
            let mut name = first;
            for seg in segs {
                let inner = at.entry(name.to_string()).or_insert_with(|| Value::Object(Map::new()));
                if inner.is_null() {
                    *inner = Value::Object(Map::new());
                }
                let Value::Object(m) = inner else {
                    return Err(FormsError::Invalid { message: format!("overrides.{path}.{k}: `{name}` is not an object") });
                };
                (at, name) = (m, seg);
            }
            if name.is_empty() {
                return Err(FormsError::Invalid { message: format!("overrides.{path}.{k}: an empty property name") });
            }
            if v.is_null() {
                at.remove(name);
            } else {
                at.insert(name.to_string(), v.clone());
            }
        }
        Ok(Some(Value::Object(obj)))
    }

    fn read_list_at(&mut self, list: Option<&Value>, place: &Place, depth: usize) -> Result<Vec<usize>, FormsError> {
        let Some(list) = list else { return Ok(Vec::new()) };
        let Value::Array(items) = list else {
            return Err(FormsError::Invalid { message: format!("{}: `components` must be an array", place.prefix) });
        };
        if depth > 64 {
            return Err(FormsError::Invalid { message: "components are nested more than 64 levels deep".into() });
        }
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            ids.push(self.read_one(item, place, depth)?);
        }
        Ok(ids)
    }

    fn read_one(&mut self, j: &Value, place: &Place, depth: usize) -> Result<usize, FormsError> {
        if !j.is_object() {
            return Err(FormsError::Invalid { message: format!("{}: a component must be an object", place.prefix) });
        }
        let raw_type = s(j, "type").unwrap_or("");
        let ctype = self.options.type_aliases.get(raw_type).map(String::as_str).unwrap_or(raw_type).to_string();
        let key = s(j, "key").unwrap_or("").to_string();
        let shown = if key.is_empty() { join(&place.prefix, &ctype) } else { join(&place.prefix, &key) };
        let kind = match ctype.as_str() {
            t if LAYOUT.contains(&t) || t == "tabs" => Kind::Layout,
            t if CONTENT.contains(&t) => Kind::Content,
            "container" => Kind::Container,
            "form" => Kind::NestedForm,
            "datagrid" | "editgrid" => Kind::Grid,
            t if VALUES.contains(&t) => Kind::Value,
            // datasource, recaptcha, signature, sketchpad, survey, tagpad, datamap, dynamicWizard,
            // datatable and unknown custom types.
            _ => return Err(FormsError::UnsupportedComponent { path: shown, component_type: raw_type.to_string() }),
        };
        if key.is_empty() && kind != Kind::Layout && kind != Kind::Content {
            return Err(FormsError::Invalid { message: format!("{shown}: a {ctype} component needs a `key`") });
        }
        // Form.io's key pattern is `(\w|\w[\w-.]*\w)`: a key with dots (`richiedente.nome`) is a
        // data path, stored nested, and Form.io reads and writes it with lodash `_.get`/`_.set`,
        // so an index (`dichiarazioni[0].cod`) names an element of an array.
        if !key.is_empty() && !valid_key(&key) {
            return Err(FormsError::Invalid {
                message: format!(
                    "{shown}: a key may not begin or end with '.' nor hold '..', and an index (`a[0].b`) only follows a name before a '.'"
                ),
            });
        }
        let key = if key.is_empty() { format!("{ctype}{}", self.comps.len()) } else { key };
        let path = join(&place.prefix, &key);
        let rel = join(&place.rel_prefix, &key);
        if self.comps.len() >= MAX_COMPONENTS {
            return Err(FormsError::Invalid { message: format!("{path}: the form has more than {MAX_COMPONENTS} components") });
        }
        let patched = self.overridden(j, &path)?;
        let j = patched.as_ref().unwrap_or(j);
        let validate = j.get("validate").cloned().unwrap_or(Value::Null);
        let id = self.comps.len();
        self.comps.push(Comp {
            key: key.clone(),
            ctype: ctype.clone(),
            label: s(j, "label").unwrap_or(&key).to_string(),
            kind,
            path: path.clone(),
            rel: rel.clone(),
            grid: place.grid,
            root: place.root,
            children: Vec::new(),
            end: id + 1,
            scope: 0,
            row_scope: 0,
            via: Vec::new(),
            tuple: Vec::new(),
            synthetic: false,
            overlay: super::tree::NONE,
            data_scope: 0,
            slot: super::tree::NONE,
            inner: super::tree::NONE,
            cond: None,
            reads_value: false,
            hidden: b(j, "hidden", false),
            clear_on_hide: b(j, "clearOnHide", true),
            persistent: !matches!(j.get("persistent"), Some(Value::Bool(false))) && s(j, "persistent") != Some("client-only"),
            validate_when_hidden: b(j, "validateWhenHidden", false),
            multiple: b(j, "multiple", false),
            norm: Norm::of(&ctype, s(j, "dataType"), b(j, "multiple", false)),
            default_value: j.get("defaultValue").filter(|v| !v.is_null()).cloned(),
            default_rule: None,
            calc: None,
            allow_override: b(j, "allowCalculateOverride", false),
            rules: Rules::default(),
            logic: Vec::new(),
        });
        self.raws.push(Raw { json: j.clone() });
        if validate.get("unique").and_then(Value::as_bool) == Some(true) {
            return Err(FormsError::UnsupportedValidation { path, reason: "`unique` needs a database".into() });
        }

        // Children.
        let child_place = |prefix: String, rel_prefix: String, grid: Option<usize>, root: Option<usize>| Place { grid, root, prefix, rel_prefix };
        let children = match kind {
            Kind::Layout => {
                let p = child_place(place.prefix.clone(), place.rel_prefix.clone(), place.grid, place.root);
                match ctype.as_str() {
                    "columns" => self.read_columns(j.get("columns"), &p, depth, &key)?,
                    "table" => self.read_table(j.get("rows"), &p, depth, &key)?,
                    "tabs" => self.read_columns(j.get("components"), &p, depth, &key)?,
                    _ => self.read_list_at(j.get("components"), &p, depth + 1)?,
                }
            }
            Kind::Container => {
                let p = child_place(path.clone(), rel.clone(), place.grid, place.root);
                self.read_list_at(j.get("components"), &p, depth + 1)?
            }
            Kind::Grid => {
                let p = child_place(path.clone(), String::new(), Some(id), place.root);
                self.read_list_at(j.get("components"), &p, depth + 1)?
            }
            Kind::NestedForm => {
                let p = child_place(format!("{path}.data"), String::new(), place.grid, Some(id));
                match j.get("components") {
                    Some(list) => self.read_list_at(Some(list), &p, depth + 1)?,
                    None => self.read_referenced(j, &path, &p, depth)?,
                }
            }
            Kind::Value | Kind::Content => Vec::new(),
        };
        let end = self.comps.len();
        if let Some(c) = self.comps.get_mut(id) {
            c.children = children;
            c.end = end;
        }
        Ok(id)
    }

    /// The components of the nested form `j` references by id (`"form": "<_id>"`), from
    /// [`FormOptions::forms`].
    fn read_referenced(&mut self, j: &Value, path: &str, place: &Place, depth: usize) -> Result<Vec<usize>, FormsError> {
        let unsupported = |reason: String| FormsError::UnsupportedFeature { path: path.to_string(), feature: "nested form".into(), reason };
        let Some(id) = s(j, "form").filter(|id| !id.is_empty()) else {
            return Err(unsupported("a nested form needs `components` or the id of a form (`form`)".into()));
        };
        let Some(form) = self.options.forms.get(id) else {
            return Err(unsupported(format!("the form `{id}` it references is not among the `forms` given (Form.io `?full=true` expands it)")));
        };
        if self.expanding.iter().any(|e| e == id) {
            return Err(FormsError::Invalid { message: format!("{path}: the nested form `{id}` includes itself") });
        }
        let Some(list) = form.get("components") else {
            return Err(FormsError::Invalid { message: format!("forms.{id}: a form is an object with `components`") });
        };
        self.expanding.push(id.to_string());
        let ids = self.read_list_at(Some(list), place, depth + 1);
        self.expanding.pop();
        ids
    }

    /// `columns: [{components}]` or `tabs` components `[{key, label, components}]`: each entry
    /// becomes a layout component of its own.
    /// Entries without a key are named `<parent key>_<index>`.
    fn read_columns(&mut self, list: Option<&Value>, place: &Place, depth: usize, parent_key: &str) -> Result<Vec<usize>, FormsError> {
        let Some(Value::Array(cols)) = list else { return Ok(Vec::new()) };
        let mut ids = Vec::new();
        for (i, col) in cols.iter().enumerate() {
            let key = s(col, "key").map(str::to_string).unwrap_or_else(|| format!("{parent_key}_{i}"));
            let mut pseudo = Map::new();
            pseudo.insert("type".into(), Value::String("well".into()));
            pseudo.insert("key".into(), Value::String(key));
            if let Some(l) = col.get("label") {
                pseudo.insert("label".into(), l.clone());
            }
            pseudo.insert("components".into(), col.get("components").cloned().unwrap_or(Value::Array(Vec::new())));
            ids.push(self.read_one(&Value::Object(pseudo), place, depth + 1)?);
        }
        Ok(ids)
    }

    fn read_table(&mut self, rows: Option<&Value>, place: &Place, depth: usize, parent_key: &str) -> Result<Vec<usize>, FormsError> {
        let Some(Value::Array(rows)) = rows else { return Ok(Vec::new()) };
        let mut cells = Vec::new();
        for row in rows {
            if let Value::Array(r) = row {
                cells.extend(r.iter().cloned());
            }
        }
        self.read_columns(Some(&Value::Array(cells)), place, depth, parent_key)
    }

    /// Second pass: compile conditions, calculations, logic and validation (references to other
    /// components resolve against the whole tree).
    pub fn compile_rules(&mut self) -> Result<(), FormsError> {
        let index = KeyIndex::new(&self.comps);
        for id in 0..self.comps.len() {
            let Some(raw) = self.raws.get(id).map(|r| &r.json) else { continue };
            let Some(comp) = self.comps.get(id) else { continue };
            let cond = conditions::visibility(raw, comp, id, &index, &self.comps)?;
            let calc = conditions::calculation(raw, comp)?;
            let default_rule = conditions::custom_default(raw, comp)?;
            let logic = conditions::logic_rules(raw, comp, id, &index, &self.comps)?;
            let rules = Rules::compile(raw, comp, &index, &self.comps)?;
            if let Some(c) = self.comps.get_mut(id) {
                c.reads_value = cond.as_ref().is_some_and(|l| {
                    l.reads()
                        .is_none_or(|r| r.iter().any(|p| p == "input" || p == "value" || p.starts_with("input.") || p.starts_with("value.")))
                });
                c.cond = cond;
                c.calc = calc;
                c.default_rule = default_rule;
                c.logic = logic;
                c.rules = rules;
            }
        }
        Ok(())
    }

    /// Rejects two value components writing the same key in the same data object, and a grid or
    /// nested form where a key with dots needs an object (`a` and `a.b`); a value component there
    /// shares the place with the object, as lodash `_.get`/`_.set` do (`Comp::overlay`). Two
    /// containers of the same key share its object, as Form.io's `_.get`/`_.set` on the one path
    /// make them do, unless one has a condition or logic: `@formio/core` looks conditions up by
    /// path, so one container's condition would then hide the other.
    pub fn check_duplicates(&self) -> Result<(), FormsError> {
        let mut seen = std::collections::HashMap::new();
        for (id, c) in self.comps.iter().enumerate() {
            if !c.holds_value() {
                continue;
            }
            if let Some((kind, first)) = seen.insert(c.path.as_str(), (c.kind, id)) {
                let conditioned = |i: usize| self.raws.get(i).is_some_and(|r| has_own_condition(&r.json));
                if kind != Kind::Container || c.kind != Kind::Container || conditioned(first) || conditioned(id) {
                    return Err(FormsError::DuplicateKey { path: c.path.clone() });
                }
            }
        }
        let seen: std::collections::HashMap<&str, Kind> = seen.into_iter().map(|(p, (k, _))| (p, k)).collect();
        // Whether each object a key with dots names is an array (`a[0].b`) or an object (`a.b`).
        let mut shape = std::collections::HashMap::new();
        for c in self.comps.iter().filter(|c| c.holds_value() && c.key.contains('.')) {
            let own = object_path(c);
            let mut at = c.path.len() - c.key.len();
            for seg in c.key.split('.') {
                let p = c.path.get(..at + seg.len()).unwrap_or("");
                at += seg.len() + 1;
                // `a[0].b` needs an array `a`: no component of that key may hold it.
                let (p, indexed) = match p.strip_suffix(']').and_then(|q| q.rsplit_once('[')) {
                    Some((name, _)) => (name, true),
                    None => (p, false),
                };
                if p.len() > own.len()
                    && p.len() < c.path.len()
                    && seen.get(p).is_some_and(|k| indexed || !matches!(k, Kind::Container | Kind::Value))
                {
                    return Err(FormsError::DuplicateKey { path: p.to_string() });
                }
                if p.len() < c.path.len() && *shape.entry(p).or_insert(indexed) != indexed {
                    return Err(FormsError::DuplicateKey { path: p.to_string() });
                }
            }
        }
        Ok(())
    }
}

/// Whether a component has a condition or logic of its own (`conditional`, `customConditional`,
/// `logic`), empty ones aside.
fn has_own_condition(raw: &Value) -> bool {
    let cond = raw.get("conditional").is_some_and(|c| {
        c.get("when").is_some_and(|w| !w.is_null() && w.as_str() != Some(""))
            || c.get("json").is_some_and(|j| !j.is_null() && j.as_str() != Some("") && j.as_object().is_none_or(|o| !o.is_empty()))
            || c.get("conditions").and_then(Value::as_array).is_some_and(|l| !l.is_empty())
    });
    let custom = raw.get("customConditional").and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty());
    let logic = raw.get("logic").and_then(Value::as_array).is_some_and(|l| !l.is_empty());
    cond || custom || logic
}

/// Lookup of components by key or path, for condition references.
pub(crate) struct KeyIndex {
    by_path: BTreeMap<String, usize>,
    by_key: BTreeMap<String, Vec<usize>>,
}

impl KeyIndex {
    pub fn new(comps: &[Comp]) -> Self {
        let mut by_path = BTreeMap::new();
        let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, c) in comps.iter().enumerate() {
            if c.holds_value() {
                by_path.entry(c.path.clone()).or_insert(i);
                by_key.entry(c.key.clone()).or_default().push(i);
            }
        }
        KeyIndex { by_path, by_key }
    }

    /// The component a reference names, seen from component `from`: a path relative to the data
    /// objects enclosing `from` (its container, grid row, ... up to the top level; innermost
    /// first), then an exact path, then a key (a key with dots is a key too, see issue 16 #3),
    /// preferring the candidate that shares the longest path with `from`. A dotted reference
    /// that names nothing is not resolved by its last segment (`forms.unknown_reference`).
    pub fn resolve(&self, reference: &str, from: &Comp, comps: &[Comp]) -> Option<usize> {
        let mut prefix = object_path(from);
        while !prefix.is_empty() {
            if let Some(&i) = self.by_path.get(&join(prefix, reference)) {
                return Some(i);
            }
            prefix = prefix.rsplit_once('.').map_or("", |p| p.0);
        }
        if let Some(&i) = self.by_path.get(reference) {
            return Some(i);
        }
        let cands = self.by_key.get(reference)?;
        let common =
            |i: &usize| -> usize { comps.get(*i).map(|c| c.path.bytes().zip(from.path.bytes()).take_while(|(a, b)| a == b).count()).unwrap_or(0) };
        cands.iter().max_by_key(|i| common(i)).copied()
    }
}

/// A segment of a key with dots: its name and, for `name[i]`, the index `i` (`None` when the
/// segment is not a name with at most one index).
pub(crate) fn key_segment(seg: &str) -> Option<(&str, Option<usize>)> {
    let Some((name, rest)) = seg.split_once('[') else {
        return (!seg.is_empty() && !seg.contains(']')).then_some((seg, None));
    };
    let digits = rest.strip_suffix(']')?;
    if name.is_empty() || name.contains(']') || digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, Some(digits.parse().ok()?)))
}

/// Whether `key` is a key Form.io reads as a data path: segments joined by dots, each a name,
/// the ones before the last with an optional index (`a[0].b`; at most 9999).
fn valid_key(key: &str) -> bool {
    let mut segs = key.split('.').peekable();
    while let Some(seg) = segs.next() {
        match key_segment(seg) {
            Some((_, None)) => {}
            Some((_, Some(_))) if segs.peek().is_some() => {}
            _ => return false,
        }
    }
    true
}

/// The path (no row indices) of the data object component `c` writes into: its path without its
/// own key (`g.ct` for `g.ct.x`; empty at the top level).
pub(crate) fn object_path(c: &Comp) -> &str {
    let p = c.path.strip_suffix(c.key.as_str()).unwrap_or("");
    p.strip_suffix('.').unwrap_or(p)
}

#[cfg(test)]
mod norm_tests {
    use super::{DataType, Norm};
    use serde_json::{json, Value};

    fn norm(n: Norm, v: Value) -> Value {
        n.apply(&v).unwrap_or(v)
    }

    #[test]
    fn radio_and_select_values_follow_their_data_type() {
        // Expected values: @formio/core 2.8.3 processSync on a one-component form, each input.
        let radio = Norm::of("radio", None, false);
        for (given, kept) in [(json!("2"), json!(2)), (json!("-1.5"), json!(-1.5)), (json!("true"), json!(true)), (json!("TRUE"), json!("TRUE"))] {
            assert_eq!(norm(radio, given), kept);
        }
        for same in [json!("02"), json!("1e3"), json!(" 2"), json!("-0"), json!("abc"), json!(2), json!(null), json!("")] {
            assert_eq!(radio.apply(&same), None, "{same}");
        }
        assert_eq!(Norm::of("radio", Some("object"), false), Norm::Radio(DataType::Auto));
        assert_eq!(norm(Norm::of("radio", Some("number"), false), json!("abc")), json!(null));
        assert_eq!(norm(Norm::of("radio", Some("boolean"), false), json!("0")), json!(true));
        assert_eq!(norm(Norm::of("radio", Some("boolean"), false), json!("false")), json!(false));
        assert_eq!(norm(Norm::of("radio", Some("string"), false), json!(3)), json!("3"));
        let select = Norm::of("select", None, true);
        assert_eq!(norm(select, json!(["1", "False", "x", {"a": 1}])), json!([1, false, "x", {"a": 1}]));
        assert_eq!(select.apply(&json!(["x", 2])), None);
        assert_eq!(norm(Norm::of("select", Some("number"), false), json!("7")), json!(7));
        assert_eq!(Norm::of("select", Some("number"), false).apply(&json!("true")), None);
        assert_eq!(Norm::of("select", Some("nonsense"), false).apply(&json!("7")), None);
        assert_eq!(norm(Norm::of("email", None, false), json!(" A@b.IT ")), json!("a@b.it"));
        assert_eq!(Norm::of("email", None, false).apply(&json!("a@b.it")), None);
    }
}
