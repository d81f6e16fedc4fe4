//! access — placeholder: see the issue that builds this capability.
//!
//! Public API: [`AccessError`].

mod error;

pub use error::AccessError;
