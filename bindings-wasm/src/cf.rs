//! `cf` and `piva` namespaces (skeleton; the cf issue completes it).
use wasm_bindgen::prelude::*;

/// Codice fiscale functions.
#[wasm_bindgen(js_name = "cf")]
pub struct CfNs;

#[wasm_bindgen(js_class = "cf")]
impl CfNs {
    /// Whether `code` is a valid codice fiscale.
    #[wasm_bindgen(js_name = "isValid")]
    pub fn is_valid(code: &str) -> bool {
        sportello::cf::is_valid(code)
    }
}
