use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `forms` capability; codes start with `forms.`. Errors found while loading a
/// form name the component `path` (its data path, e.g. `beneficiario.codiceFiscale`, or the key
/// of a layout component) and a human `reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum FormsError {
    /// The input does not have the documented shape.
    #[serde(rename = "forms.invalid")]
    #[error("{message}")]
    Invalid {
        /// What is wrong with the input.
        message: String,
    },
    /// A JSON Logic operator the engine does not know (there is no `method`).
    #[serde(rename = "forms.unknown_operator")]
    #[error("unknown JSON Logic operator {operator:?}")]
    UnknownOperator {
        /// The operator name as written in the rule.
        operator: String,
    },
    /// A rule nested deeper than the engine accepts.
    #[serde(rename = "forms.rule_too_deep")]
    #[error("the rule is nested deeper than {max} levels")]
    RuleTooDeep {
        /// The deepest nesting accepted ([`super::MAX_RULE_DEPTH`]).
        max: usize,
    },
    /// A JavaScript snippet (`customConditional`, `calculateValue`, `validate.custom`, a logic
    /// trigger or value action) nested deeper than the translator accepts.
    #[serde(rename = "forms.js_too_deep")]
    #[error("component {path}: the JavaScript is nested deeper than {max} levels")]
    JsTooDeep {
        /// The component holding the snippet (empty for `translate_js`).
        path: String,
        /// The deepest nesting accepted ([`super::MAX_JS_DEPTH`]).
        max: usize,
    },
    /// A JavaScript snippet longer than the translator accepts.
    #[serde(rename = "forms.js_too_long")]
    #[error("component {path}: the JavaScript is {length} bytes long, more than {max}")]
    JsTooLong {
        /// The component holding the snippet (empty for `translate_js`).
        path: String,
        /// Its length in bytes.
        length: usize,
        /// The longest accepted ([`super::MAX_JS_BYTES`]).
        max: usize,
    },
    /// A visibility condition that cannot be compiled (untranslatable JavaScript, unknown
    /// operator, both `customConditional` and `conditional`, ...).
    #[serde(rename = "forms.unsupported_condition")]
    #[error("component {path}: unsupported condition: {reason}")]
    UnsupportedCondition {
        /// The component whose condition it is.
        path: String,
        /// Why it cannot be compiled.
        reason: String,
    },
    /// A `calculateValue` that cannot be compiled.
    #[serde(rename = "forms.unsupported_calculation")]
    #[error("component {path}: unsupported calculateValue: {reason}")]
    UnsupportedCalculation {
        /// The component whose `calculateValue` it is.
        path: String,
        /// Why it cannot be compiled.
        reason: String,
    },
    /// A validation rule that cannot be enforced (`validate.custom` JavaScript, `unique`, ...).
    #[serde(rename = "forms.unsupported_validation")]
    #[error("component {path}: unsupported validation: {reason}")]
    UnsupportedValidation {
        /// The component whose validation it is.
        path: String,
        /// Why it cannot be enforced.
        reason: String,
    },
    /// A component type the library does not support (or an unknown custom type).
    #[serde(rename = "forms.unsupported_component")]
    #[error("component {path}: unsupported component type {component_type:?}")]
    UnsupportedComponent {
        /// The component's path.
        path: String,
        /// The Form.io `type` (JSON `componentType`).
        #[serde(rename = "componentType")]
        component_type: String,
    },
    /// Another Form.io feature the library refuses (`customDefaultValue`, `customAction`,
    /// remote select data, advanced logic it cannot express, ...).
    #[serde(rename = "forms.unsupported_feature")]
    #[error("component {path}: unsupported {feature}: {reason}")]
    UnsupportedFeature {
        /// The component's path.
        path: String,
        /// The Form.io property, e.g. `customDefaultValue`.
        feature: String,
        /// Why it is refused.
        reason: String,
    },
    /// A `validate.pattern` that is not a valid regular expression for the library (look-around
    /// and back-references are not supported).
    #[serde(rename = "forms.invalid_pattern")]
    #[error("component {path}: invalid pattern {pattern:?}: {reason}")]
    InvalidPattern {
        /// The component's path.
        path: String,
        /// The pattern as written.
        pattern: String,
        /// The regular-expression compiler's message.
        reason: String,
    },
    /// A condition or rule that names a component the form does not have.
    #[serde(rename = "forms.unknown_reference")]
    #[error("component {path}: refers to unknown component {reference:?}")]
    UnknownReference {
        /// The component holding the condition or rule.
        path: String,
        /// The key or path it names.
        reference: String,
    },
    /// Two value components writing the same data key.
    #[serde(rename = "forms.duplicate_key")]
    #[error("component {path}: the data key is used twice")]
    DuplicateKey {
        /// The path written twice.
        path: String,
    },
    /// An office-assignment table that is malformed (no default, bad rule, ...).
    #[serde(rename = "forms.invalid_office_table")]
    #[error("office table: {reason}")]
    InvalidOfficeTable {
        /// What is wrong with the table.
        reason: String,
    },
    /// Calculations and clearing of hidden values did not settle.
    #[serde(rename = "forms.no_fixpoint")]
    #[error("the form did not settle after {passes} passes (calculations keep changing values)")]
    NoFixpoint {
        /// How many passes ran ([`super::MAX_PASSES`]).
        passes: usize,
    },
}

impl Coded for FormsError {
    fn code(&self) -> &'static str {
        match self {
            FormsError::Invalid { .. } => "forms.invalid",
            FormsError::UnknownOperator { .. } => "forms.unknown_operator",
            FormsError::RuleTooDeep { .. } => "forms.rule_too_deep",
            FormsError::JsTooDeep { .. } => "forms.js_too_deep",
            FormsError::JsTooLong { .. } => "forms.js_too_long",
            FormsError::UnsupportedCondition { .. } => "forms.unsupported_condition",
            FormsError::UnsupportedCalculation { .. } => "forms.unsupported_calculation",
            FormsError::UnsupportedValidation { .. } => "forms.unsupported_validation",
            FormsError::UnsupportedComponent { .. } => "forms.unsupported_component",
            FormsError::UnsupportedFeature { .. } => "forms.unsupported_feature",
            FormsError::InvalidPattern { .. } => "forms.invalid_pattern",
            FormsError::UnknownReference { .. } => "forms.unknown_reference",
            FormsError::DuplicateKey { .. } => "forms.duplicate_key",
            FormsError::InvalidOfficeTable { .. } => "forms.invalid_office_table",
            FormsError::NoFixpoint { .. } => "forms.no_fixpoint",
        }
    }
}
