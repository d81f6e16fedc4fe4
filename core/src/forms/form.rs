//! [`Form`]: a Form.io form compiled once, evaluated many times.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::evaluate::Hot;
use super::model::{Builder, Comp, KeyIndex, Kind};
use super::office::Offices;
use super::tree::{self, ObjDef};
use super::{FormOptions, FormsError};
use crate::practice::Lang;

/// A Form.io form compiled for evaluation: the component tree with data paths, every condition,
/// calculation and validation rule compiled once. Build with [`Form::from_formio`], evaluate
/// with [`Form::evaluate`] as often as needed (e.g. on every keystroke).
#[derive(Debug, Clone)]
pub struct Form {
    pub(crate) title: String,
    pub(crate) name: String,
    pub(crate) display: String,
    pub(crate) comps: Vec<Comp>,
    pub(crate) roots: Vec<usize>,
    pub(crate) offices: Option<Offices>,
    /// No rule reads a component at or after its own: one pass settles the form.
    pub(crate) single_pass: bool,
    /// The data objects of the form and the slots of their keys (see `tree`).
    pub(crate) defs: Vec<ObjDef>,
    /// Every component's path, by id (what evaluations list, see `Paths`).
    pub(crate) paths: Arc<[Box<str>]>,
    /// What an evaluation pass reads of each component, by id (see `evaluate::Hot`).
    pub(crate) hot: Vec<Hot>,
    /// The form's own validation texts, by language (`FormOptions::i18n`).
    pub(crate) i18n: Vec<(Lang, Texts)>,
}

/// A short description of a loaded form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormInfo {
    /// The form's `title` (empty when absent).
    pub title: String,
    /// The form's machine `name` (empty when absent).
    pub name: String,
    /// `form` or `wizard` (`pdf` forms load as `form`).
    pub display: String,
    /// Every component in form order.
    pub components: Vec<ComponentInfo>,
    /// How many components have a visibility condition.
    pub conditions: usize,
    /// Whether an office table is attached.
    pub has_offices: bool,
    /// True when no rule reads a component at or after its own position, so one evaluation
    /// pass is final (otherwise passes repeat until nothing changes).
    pub single_pass: bool,
}

/// One component of [`FormInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComponentInfo {
    /// Path without row indices (`figli.nome` for a grid column).
    pub path: String,
    /// The component's Form.io `key`.
    pub key: String,
    /// The Form.io type (after `typeAliases`).
    #[serde(rename = "type")]
    pub component_type: String,
    /// The component's `label` (its key when absent).
    pub label: String,
    /// Whether it holds a value in the submission.
    pub input: bool,
    /// Whether it has a visibility condition (`conditional` or `customConditional`).
    pub has_condition: bool,
    /// Whether `validate.required` is set.
    pub required: bool,
    /// `hidden: true` (intentionally hidden: value kept, not validated).
    pub hidden: bool,
    /// Whether the value is removed when the component is conditionally hidden.
    pub clear_on_hide: bool,
}

impl Form {
    /// Loads a Form.io form (`{title, name, display, components: [...]}`, or just the
    /// `components` array) with default options.
    pub fn from_formio(json: &Value) -> Result<Form, FormsError> {
        Self::from_formio_with(json, &FormOptions::default())
    }

    /// Loads a Form.io form from its JSON text.
    pub fn from_formio_str(json: &str, options: &FormOptions) -> Result<Form, FormsError> {
        let v: Value = serde_json::from_str(json).map_err(|e| FormsError::Invalid { message: format!("form JSON: {e}") })?;
        Self::from_formio_with(&v, options)
    }

    /// Loads a Form.io form with options (type aliases, office table). Everything the library
    /// cannot enforce is rejected here, naming the component path and the reason.
    pub fn from_formio_with(json: &Value, options: &FormOptions) -> Result<Form, FormsError> {
        let (components, envelope) = match json {
            Value::Array(_) => (Some(json), None),
            Value::Object(_) => (json.get("components"), Some(json)),
            _ => return Err(FormsError::Invalid { message: "a Form.io form is an object with `components`".into() }),
        };
        if components.is_none() {
            return Err(FormsError::Invalid { message: "the form has no `components`".into() });
        }
        let text = |k: &str| envelope.and_then(|e| e.get(k)).and_then(Value::as_str).unwrap_or("").to_string();
        let mut b = Builder::new(options);
        let roots = b.read_list(components)?;
        b.check_duplicates()?;
        b.compile_rules()?;
        let index = KeyIndex::new(&b.comps);
        let mut offices = match &options.offices {
            Some(t) => Some(Offices::compile(t, &b.comps, &index)?),
            None => None,
        };
        let defs = tree::layout(&mut b.comps, &roots);
        set_hints(&mut b.comps, &defs, offices.as_mut());
        let display = match text("display").as_str() {
            "wizard" => "wizard".to_string(),
            _ => "form".to_string(),
        };
        let single_pass = forward_only(&b.comps);
        let paths = b.comps.iter().map(|c| c.path.as_str().into()).collect();
        let hot = b.comps.iter().map(Hot::of).collect();
        let i18n = texts(&options.i18n)?;
        Ok(Form { title: text("title"), name: text("name"), display, comps: b.comps, roots, offices, single_pass, defs, paths, hot, i18n })
    }

    /// The form's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// How many components have a visibility condition.
    pub fn condition_count(&self) -> usize {
        self.comps.iter().filter(|c| c.cond.is_some()).count()
    }

    /// How many components the form has (layout ones included).
    pub fn component_count(&self) -> usize {
        self.comps.len()
    }

    /// A description of the form and its components.
    pub fn info(&self) -> FormInfo {
        let mut components = Vec::with_capacity(self.comps.len());
        fn push(form: &Form, ids: &[usize], out: &mut Vec<ComponentInfo>) {
            for &id in ids {
                let Some(c) = form.comps.get(id) else { continue };
                out.push(ComponentInfo {
                    path: c.path.clone(),
                    key: c.key.clone(),
                    component_type: c.ctype.clone(),
                    label: c.label.clone(),
                    input: c.holds_value(),
                    has_condition: c.cond.is_some(),
                    required: c.rules.required,
                    hidden: c.hidden,
                    clear_on_hide: c.clear_on_hide,
                });
                push(form, &c.children, out);
            }
        }
        push(self, &self.roots, &mut components);
        FormInfo {
            title: self.title.clone(),
            name: self.name.clone(),
            display: self.display.clone(),
            conditions: self.condition_count(),
            has_offices: self.offices.is_some(),
            single_pass: self.single_pass,
            components,
        }
    }
}

/// Points every `data.…`/`row.…` path of every rule at the slots it names (`tree::hint_path`).
fn set_hints(comps: &mut [Comp], defs: &[ObjDef], offices: Option<&mut Offices>) {
    let shapes: Vec<(Kind, usize)> = comps.iter().map(|c| (c.kind, c.inner)).collect();
    for i in 0..comps.len() {
        let grid_row = comps.get(i).and_then(|c| c.grid).and_then(|g| shapes.get(g)).map(|s| s.1);
        let Some(c) = comps.get_mut(i) else { continue };
        let (data, row) = (c.data_scope, c.row_scope);
        let grid_row = grid_row.unwrap_or(data);
        for rule in c.rules_mut() {
            rule.scope_paths_mut(&mut |segs| tree::hint_path(defs, &shapes, segs, data, row, grid_row));
        }
    }
    for (rule, _) in offices.map(|o| o.rules.iter_mut()).into_iter().flatten() {
        rule.scope_paths_mut(&mut |segs| tree::hint_path(defs, &shapes, segs, 0, 0, 0));
    }
}

/// Whether every condition, logic rule and calculation reads only components that come before
/// it in form order (then one evaluation pass is final).
fn forward_only(comps: &[Comp]) -> bool {
    // Components a `data.<path>` read may touch: those outside grids whose data path is a
    // prefix of it or lies inside it (a grid or container covers its whole subtree via `end`).
    // `a` equals `b` or is a dotted prefix of it.
    let prefix = |a: &str, b: &str| a == b || (b.starts_with(a) && b.as_bytes().get(a.len()) == Some(&b'.'));
    let data_targets = |root: Option<usize>, path: &str| -> Vec<usize> {
        comps
            .iter()
            .enumerate()
            .filter(|(_, c)| c.holds_value() && c.root == root && c.grid.is_none())
            .filter(|(_, c)| prefix(&c.rel, path) || prefix(path, &c.rel))
            .map(|(i, _)| i)
            .collect()
    };
    // `row.<key>...`: conservatively every component of the same grid with that key.
    let row_targets = |root: Option<usize>, grid: Option<usize>, path: &str| -> Vec<usize> {
        let first = path.split('.').next().unwrap_or("");
        comps
            .iter()
            .enumerate()
            .filter(|(_, c)| c.holds_value() && c.root == root && c.grid == grid && c.key == first)
            .map(|(i, _)| i)
            .collect()
    };
    for (id, c) in comps.iter().enumerate() {
        let mut rules: Vec<&super::Logic> = Vec::new();
        rules.extend(c.cond.iter());
        rules.extend(c.calc.iter());
        rules.extend(c.default_rule.iter());
        for lr in &c.logic {
            rules.push(&lr.trigger);
            rules.extend(lr.value.iter());
        }
        // Validation runs in the same pass, so its rules must read earlier components too.
        rules.extend(c.rules.json.iter());
        rules.extend(c.rules.custom.iter());
        if let Some(links) = &c.rules.cf_links {
            let keys = [&links.surname, &links.name, &links.sex, &links.birth_date, &links.birthplace];
            for k in keys.into_iter().flatten() {
                let last = k.rsplit('.').next().unwrap_or(k);
                if comps.iter().any(|t| t.key == last && t.end > id) {
                    return false;
                }
            }
        }
        for rule in rules {
            let Some(paths) = rule.reads() else { return false };
            for p in paths {
                let (scope, rest) = p.split_once('.').unwrap_or((p.as_str(), ""));
                let targets = match scope {
                    "data" => data_targets(c.root, rest),
                    "row" | super::conditions::GRID_ROW => row_targets(c.root, c.grid, rest),
                    "input" | "value" => vec![id],
                    _ => continue,
                };
                if targets.iter().any(|&t| comps.get(t).is_none_or(|tc| tc.end > id)) {
                    return false;
                }
            }
        }
    }
    true
}

/// A language's texts by message key.
type Texts = BTreeMap<String, String>;

/// `FormOptions::i18n` checked (known languages and keys), by language.
fn texts(given: &BTreeMap<String, Texts>) -> Result<Vec<(Lang, Texts)>, FormsError> {
    let mut out = Vec::with_capacity(given.len());
    for (lang, texts) in given {
        let lang_of = match lang.as_str() {
            "it" => Lang::It,
            "en" => Lang::En,
            "de" => Lang::De,
            _ => return Err(FormsError::Invalid { message: format!("i18n.{lang}: unknown language (it, en or de)") }),
        };
        if let Some(key) = texts.keys().find(|k| !super::MESSAGE_KEYS.contains(&k.as_str())) {
            return Err(FormsError::Invalid {
                message: format!("i18n.{lang}.{key}: unknown message key (one of {})", super::MESSAGE_KEYS.join(", ")),
            });
        }
        out.push((lang_of, texts.clone()));
    }
    Ok(out)
}
