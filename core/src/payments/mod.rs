//! payments — placeholder: see the issue that builds this capability.
//!
//! Public API: [`PaymentsError`].

mod error;

pub use error::PaymentsError;
