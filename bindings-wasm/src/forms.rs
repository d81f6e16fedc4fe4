//! `forms` namespace and the `Form` / `Logic` classes for the browser: Form.io forms (conditions,
//! validation, office assignment) and the JSON Logic engine. A mechanical mapping of
//! `sportello::forms`: JS values in, the core's JSON shapes out. A page compiles the form once
//! and calls `evaluate` on every change.
use sportello::forms as core;
use wasm_bindgen::prelude::*;

use crate::{err, from_js, from_json, to_js, Result};

/// A JS argument that is either the JSON value itself or its JSON text.
fn json_arg(v: JsValue) -> Result<serde_json::Value> {
    match v.as_string() {
        Some(s) => from_json(&s),
        None => from_js(v),
    }
}

/// JSON Logic and JavaScript-condition helpers.
#[wasm_bindgen(js_name = "forms")]
pub struct FormsNs;

#[wasm_bindgen(js_class = "forms")]
impl FormsNs {
    /// Applies a JSON Logic rule to data (json-logic-js semantics plus the Form.io operators and
    /// the Italian validators).
    #[wasm_bindgen(js_name = "applyLogic", unchecked_return_type = "unknown")]
    pub fn apply_logic(#[wasm_bindgen(unchecked_param_type = "unknown")] rule: JsValue, #[wasm_bindgen(unchecked_param_type = "unknown")] data: JsValue) -> Result<JsValue> {
        let rule: serde_json::Value = from_js(rule)?;
        let data: serde_json::Value = if data.is_undefined() { serde_json::Value::Null } else { from_js(data)? };
        to_js(&core::apply_logic(&rule, &data).map_err(err)?)
    }

    /// JSON Logic truthiness (`[]` is falsy, `"0"` truthy).
    pub fn truthy(#[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue) -> Result<bool> {
        Ok(core::truthy(&from_js(value)?))
    }

    /// The JSON Logic a supported JavaScript snippet assigning `target` (default `show`) becomes.
    #[wasm_bindgen(js_name = "translateJs", unchecked_return_type = "unknown")]
    pub fn translate_js(src: &str, target: Option<String>) -> Result<JsValue> {
        to_js(&core::translate_js(src, target.as_deref().unwrap_or("show")).map_err(err)?)
    }
}

/// A Form.io form compiled once; evaluate it as often as needed (e.g. on every change).
#[wasm_bindgen]
pub struct Form {
    inner: core::Form,
}

#[wasm_bindgen]
impl Form {
    /// Loads a Form.io form (object or JSON text) with optional `{offices, typeAliases}`.
    #[wasm_bindgen(js_name = "fromFormio")]
    pub fn from_formio(
        #[wasm_bindgen(unchecked_param_type = "object | string")] form: JsValue,
        #[wasm_bindgen(unchecked_param_type = "FormOptions | undefined")] options: JsValue,
    ) -> Result<Form> {
        let options: core::FormOptions = if options.is_undefined() || options.is_null() { core::FormOptions::default() } else { from_js(options)? };
        Ok(Form { inner: core::Form::from_formio_with(&json_arg(form)?, &options).map_err(err)? })
    }

    /// Evaluates a submission's data; `context` is `{today?: "YYYY-MM-DD", vars?: {...}}`.
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | string")] data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EvalContext | undefined")] context: JsValue,
    ) -> Result<JsValue> {
        let ctx: core::EvalContext = if context.is_undefined() || context.is_null() { core::EvalContext::default() } else { from_js(context)? };
        to_js(&self.inner.evaluate_value(json_arg(data)?, &ctx).map_err(err)?)
    }

    /// `evaluate` with JSON text in and out (`JSON.parse` the result): the fastest path for large
    /// submissions, since converting a JS object field by field costs more than the evaluation.
    #[wasm_bindgen(js_name = "evaluateJson")]
    pub fn evaluate_json(&self, data: &str, #[wasm_bindgen(unchecked_param_type = "EvalContext | undefined")] context: JsValue) -> Result<String> {
        let ctx: core::EvalContext = if context.is_undefined() || context.is_null() { core::EvalContext::default() } else { from_js(context)? };
        let data: serde_json::Value = from_json(data)?;
        Ok(sportello::error::to_json(&self.inner.evaluate_value(data, &ctx).map_err(err)?))
    }

    /// The form and its components.
    #[wasm_bindgen(unchecked_return_type = "FormInfo")]
    pub fn info(&self) -> Result<JsValue> {
        to_js(&self.inner.info())
    }

    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    #[wasm_bindgen(getter, js_name = "conditionCount")]
    pub fn condition_count(&self) -> usize {
        self.inner.condition_count()
    }

    #[wasm_bindgen(getter, js_name = "componentCount")]
    pub fn component_count(&self) -> usize {
        self.inner.component_count()
    }
}

/// A JSON Logic rule compiled once.
#[wasm_bindgen]
pub struct Logic {
    inner: core::Logic,
}

#[wasm_bindgen]
impl Logic {
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "unknown")] rule: JsValue) -> Result<Logic> {
        Ok(Logic { inner: core::Logic::compile(&from_js(rule)?).map_err(err)? })
    }

    #[wasm_bindgen(unchecked_return_type = "unknown")]
    pub fn apply(&self, #[wasm_bindgen(unchecked_param_type = "unknown")] data: JsValue) -> Result<JsValue> {
        let data: serde_json::Value = if data.is_undefined() { serde_json::Value::Null } else { from_js(data)? };
        to_js(&self.inner.apply(&data))
    }

    #[wasm_bindgen(getter, unchecked_return_type = "unknown")]
    pub fn rule(&self) -> Result<JsValue> {
        to_js(self.inner.rule())
    }
}
