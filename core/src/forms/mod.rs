//! forms — placeholder: see the issue that builds this capability.
//!
//! Public API: [`FormsError`].

mod error;

pub use error::FormsError;
