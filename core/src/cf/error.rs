use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of codice fiscale functions; codes start with `cf.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum CfError {
    /// Not 16 characters of the codice fiscale pattern (after normalisation).
    #[serde(rename = "cf.format")]
    #[error("not a codice fiscale: {reason}")]
    Format { reason: String },
}

impl Coded for CfError {
    fn code(&self) -> &'static str {
        match self {
            CfError::Format { .. } => "cf.format",
        }
    }
}

/// Errors of partita IVA / 11-digit code functions; codes start with `piva.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum PivaError {
    /// Not 11 digits (after normalisation).
    #[serde(rename = "piva.format")]
    #[error("not a partita IVA: {reason}")]
    Format { reason: String },
}

impl Coded for PivaError {
    fn code(&self) -> &'static str {
        match self {
            PivaError::Format { .. } => "piva.format",
        }
    }
}
