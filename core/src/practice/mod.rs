//! practice — placeholder: see the issue that builds this capability.
//!
//! Public API: [`PracticeError`].

mod error;

pub use error::PracticeError;
