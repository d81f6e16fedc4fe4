//! cf — codice fiscale and partita IVA. (Skeleton: the cf issue fills it in.)
//!
//! Public API: [`is_valid`], [`CfError`], [`PivaError`].

mod error;

pub use error::{CfError, PivaError};

/// Whether `s` is a valid codice fiscale (placeholder until the module lands).
pub fn is_valid(s: &str) -> bool {
    s.len() == 16
}
