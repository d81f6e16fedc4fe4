//! `translate_js` assigns to the target it is given, also when the target is a name a snippet may
//! read (`value`, what a Form.io `calculateValue` assigns): found by the JS runner, which both
//! JS packages run (`forms.translateJs("value = data.x", "value")`).
use serde_json::json;
use sportello::forms::translate_js;
use sportello::Coded;

#[test]
fn the_target_may_be_a_readable_name() {
    assert_eq!(translate_js("value = data.x", "value").unwrap(), json!({"var": "data.x"}));
    assert_eq!(translate_js("value = data.a + 1;", "value").unwrap(), json!({"+": [{"var": "data.a"}, 1.0]}));
    // Another readable name is still not assignable, and the default target is `show`.
    assert_eq!(translate_js("input = 1; value = 2", "value").unwrap_err().code(), "forms.unsupported_condition");
    assert_eq!(translate_js("value = data.x", "show").unwrap_err().code(), "forms.unsupported_condition");
}
