use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `workdays` capability; codes start with `workdays.`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum WorkdaysError {
    /// A fixed holiday on a day that does not exist.
    #[serde(rename = "workdays.invalid_day")]
    #[error("{day}/{month} is not a day of the year")]
    InvalidDay {
        /// The month given, 1-12 if valid.
        month: u32,
        /// The day of the month given.
        day: u32,
    },
    /// The date arithmetic left the supported range of dates.
    #[serde(rename = "workdays.out_of_range")]
    #[error("the date is outside the supported range")]
    OutOfRange,
    /// The calendar has no working day at all (every weekday is a rest day).
    #[serde(rename = "workdays.no_working_day")]
    #[error("the calendar has no working days")]
    NoWorkingDay,
}

impl Coded for WorkdaysError {
    fn code(&self) -> &'static str {
        match self {
            WorkdaysError::InvalidDay { .. } => "workdays.invalid_day",
            WorkdaysError::OutOfRange => "workdays.out_of_range",
            WorkdaysError::NoWorkingDay => "workdays.no_working_day",
        }
    }
}
