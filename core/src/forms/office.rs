//! Office assignment: a rule table evaluated on the cleaned submission; the first matching rule
//! wins and a default office is mandatory.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::conditions;
use super::logic::Logic;
use super::model::{Comp, KeyIndex};
use super::FormsError;

/// The office-assignment table of a form.
///
/// ```json
/// {"rules": [{"field": "tipoRichiesta", "value": "passoCarrabile", "office": "mobilita"},
///            {"when": {"==": [{"var": "data.zona"}, "centro"]}, "office": "polizia-locale"}],
///  "default": "urp"}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfficeTable {
    /// Rules in order; the first that matches assigns its office.
    #[serde(default)]
    pub rules: Vec<OfficeRule>,
    /// The office when no rule matches (required, non-empty).
    pub default: String,
}

/// One row of an [`OfficeTable`]: either `field` + `value` (the field's value equals `value`, or
/// contains it for a multiple select / selectboxes) or `when` (JSON Logic on `data`, `context`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "forms/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfficeRule {
    /// The office id assigned when the rule matches.
    pub office: String,
    /// Key or path of a select/radio/selectboxes (or any value) component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
    /// The value that selects this office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub value: Option<Value>,
    /// A JSON Logic rule instead of `field`/`value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "unknown"))]
    pub when: Option<Value>,
}

/// A compiled office table.
#[derive(Debug, Clone)]
pub(crate) struct Offices {
    pub rules: Vec<(Logic, String)>,
    pub default: String,
}

impl Offices {
    pub fn compile(t: &OfficeTable, comps: &[Comp], index: &KeyIndex) -> Result<Offices, FormsError> {
        let bad = |reason: String| FormsError::InvalidOfficeTable { reason };
        if t.default.trim().is_empty() {
            return Err(bad("the default office is required".into()));
        }
        let top = Comp::top();
        let mut rules = Vec::with_capacity(t.rules.len());
        for (i, r) in t.rules.iter().enumerate() {
            if r.office.trim().is_empty() {
                return Err(bad(format!("rule {i}: the office is empty")));
            }
            let rule = match (&r.when, &r.field) {
                (Some(w), None) => w.clone(),
                (None, Some(f)) => {
                    let tid = index.resolve(f, &top, comps).ok_or_else(|| bad(format!("rule {i}: unknown field {f:?}")))?;
                    let var = conditions::reference(tid, &top, comps, "").map_err(|e| bad(format!("rule {i}: {e}")))?;
                    let ctype = comps.get(tid).map(|c| c.ctype.clone()).unwrap_or_default();
                    json!({ "fio_isEqual": [var, r.value.clone().unwrap_or(Value::Null), ctype] })
                }
                _ => return Err(bad(format!("rule {i}: give either `when` or `field` + `value`"))),
            };
            let logic = Logic::compile(&rule).map_err(|e| bad(format!("rule {i}: {e}")))?;
            rules.push((logic, r.office.clone()));
        }
        Ok(Offices { rules, default: t.default.clone() })
    }
}
