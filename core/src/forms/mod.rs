//! forms — Form.io forms: conditions (JSON Logic), validation, office assignment.
mod error;
pub mod italian;
pub mod logic;

pub use error::FormsError;
pub use logic::{apply_logic, Logic};
