//! `forms` namespace and the `Form` / `Logic` classes: Form.io forms (conditions, validation,
//! office assignment) and the JSON Logic engine on its own. A mechanical mapping of
//! `sportello::forms`: JS values in, the core's JSON shapes out.
use napi_derive::napi;
use sportello::forms as core;

use crate::{err, from_js, from_json, to_js, Result};

/// A JS argument that is either the JSON value itself or its JSON text.
fn json_arg(v: serde_json::Value) -> Result<serde_json::Value> {
    match v {
        serde_json::Value::String(s) => from_json(&s),
        other => Ok(other),
    }
}

/// A Form.io form compiled once; evaluate it as often as needed (e.g. on every change).
#[napi]
pub struct Form {
    inner: core::Form,
}

#[napi]
impl Form {
    /// Loads a Form.io form (object or JSON text) with optional `{offices, typeAliases}`.
    /// Throws an `Error` whose `.code` is e.g. `forms.unsupported_condition`.
    #[napi(factory, ts_args_type = "form: object | string, options?: FormOptions | null")]
    pub fn from_formio(form: serde_json::Value, options: Option<serde_json::Value>) -> Result<Form> {
        let options: core::FormOptions = match options {
            Some(o) if !o.is_null() => from_js(json_arg(o)?)?,
            _ => core::FormOptions::default(),
        };
        Ok(Form { inner: core::Form::from_formio_with(&json_arg(form)?, &options).map_err(err)? })
    }

    /// Evaluates a submission's data; `context` is `{today?: "YYYY-MM-DD", vars?: {...}}`.
    #[napi(ts_args_type = "data: Record<string, unknown> | string, context?: EvalContext | null", ts_return_type = "Evaluation")]
    pub fn evaluate(&self, data: serde_json::Value, context: Option<serde_json::Value>) -> Result<crate::Json> {
        let ctx: core::EvalContext = match context {
            Some(c) if !c.is_null() => from_js(c)?,
            _ => core::EvalContext::default(),
        };
        to_js(&self.inner.evaluate_value(json_arg(data)?, &ctx).map_err(err)?)
    }

    /// `evaluate` with JSON text in and out (`JSON.parse` the result): the fastest path for large
    /// submissions, since converting a JS object field by field costs more than the evaluation.
    #[napi(ts_args_type = "data: string, context?: EvalContext | null")]
    pub fn evaluate_json(&self, data: String, context: Option<serde_json::Value>) -> Result<String> {
        let ctx: core::EvalContext = match context {
            Some(c) if !c.is_null() => from_js(c)?,
            _ => core::EvalContext::default(),
        };
        let data: serde_json::Value = from_json(&data)?;
        Ok(sportello::error::to_json(&self.inner.evaluate_value(data, &ctx).map_err(err)?))
    }

    /// The form and its components.
    #[napi(ts_return_type = "FormInfo")]
    pub fn info(&self) -> Result<crate::Json> {
        to_js(&self.inner.info())
    }

    #[napi(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    #[napi(getter)]
    pub fn condition_count(&self) -> u32 {
        u32::try_from(self.inner.condition_count()).unwrap_or(u32::MAX)
    }

    #[napi(getter)]
    pub fn component_count(&self) -> u32 {
        u32::try_from(self.inner.component_count()).unwrap_or(u32::MAX)
    }
}

/// A JSON Logic rule compiled once.
#[napi]
pub struct Logic {
    inner: core::Logic,
}

#[napi]
impl Logic {
    #[napi(constructor, ts_args_type = "rule: unknown")]
    pub fn new(rule: serde_json::Value) -> Result<Self> {
        Ok(Logic { inner: core::Logic::compile(&rule).map_err(err)? })
    }

    #[napi(ts_args_type = "data?: unknown", ts_return_type = "unknown")]
    pub fn apply(&self, data: Option<serde_json::Value>) -> serde_json::Value {
        self.inner.apply(&data.unwrap_or(serde_json::Value::Null))
    }

    #[napi(getter, ts_return_type = "unknown")]
    pub fn rule(&self) -> serde_json::Value {
        self.inner.rule().clone()
    }
}

/// Applies a JSON Logic rule to data (json-logic-js semantics plus the Form.io operators and the
/// Italian validators).
#[napi(namespace = "forms", ts_args_type = "rule: unknown, data?: unknown", ts_return_type = "unknown")]
pub fn apply_logic(rule: serde_json::Value, data: Option<serde_json::Value>) -> Result<crate::Json> {
    to_js(&core::apply_logic(&rule, &data.unwrap_or(serde_json::Value::Null)).map_err(err)?)
}

/// JSON Logic truthiness (`[]` is falsy, `"0"` truthy).
#[napi(namespace = "forms", ts_args_type = "value: unknown")]
pub fn truthy(value: serde_json::Value) -> bool {
    core::truthy(&value)
}

/// The JSON Logic a supported JavaScript snippet assigning `target` (default `show`) becomes.
#[napi(namespace = "forms", ts_return_type = "unknown")]
pub fn translate_js(src: String, target: Option<String>) -> Result<crate::Json> {
    to_js(&core::translate_js(&src, target.as_deref().unwrap_or("show")).map_err(err)?)
}
