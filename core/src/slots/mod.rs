//! slots — placeholder: see the issue that builds this capability.
//!
//! Public API: [`SlotsError`].

mod error;

pub use error::SlotsError;
