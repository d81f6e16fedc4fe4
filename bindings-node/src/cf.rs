//! `cf` and `piva` namespaces (skeleton; the cf issue completes it).
use napi_derive::napi;

/// Whether `code` is a valid codice fiscale.
#[napi(namespace = "cf")]
pub fn is_valid(code: String) -> bool {
    sportello::cf::is_valid(&code)
}
