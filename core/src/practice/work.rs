//! Operator work (issue 17, item 5): the practice's priority, the take-in-charge term and the
//! rejection notice of L. 241/1990 art. 10-bis with its suspension of the term.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::citizen::Lang;
use super::config::Workflow;
use super::deadline::{add_days, roll, rome_date};
use super::error::PracticeError;
use super::event::Event;
use super::lifecycle::Practice;
use super::status::Status;
use crate::workdays::HolidayCalendar;

/// The days the applicant has to submit observations on a rejection notice, and the days after
/// them at which the suspended term restarts (L. 241/1990 art. 10-bis, as amended by D.L. 76/2020).
pub const OBSERVATION_DAYS: u64 = 10;

/// The priority an operator gives a practice in the back office's list (Bassa, Media, Alta).
/// Serialised camelCase: `"low"`, `"medium"`, `"high"`; ordered low < medium < high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticePriority"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Priority {
    /// "Bassa".
    Low,
    /// "Media".
    Medium,
    /// "Alta".
    High,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 3] = [Priority::Low, Priority::Medium, Priority::High];

    /// The camelCase name.
    pub const fn name(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    /// The priority with this name; `practice.invalid` ("unknown priority") for any other.
    pub fn from_name(name: &str) -> Result<Priority, PracticeError> {
        Self::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| PracticeError::Invalid { message: format!("unknown priority {name:?}") })
    }

    /// The Italian label (the words: Bassa, Media, Alta).
    pub const fn label(self) -> &'static str {
        self.label_in(Lang::It)
    }

    /// The label in `lang`; English and German are the library's translations.
    pub const fn label_in(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Priority::Low, Lang::It) => "Bassa",
            (Priority::Low, Lang::En) => "Low",
            (Priority::Low, Lang::De) => "Niedrig",
            (Priority::Medium, Lang::It) => "Media",
            (Priority::Medium, Lang::En) => "Medium",
            (Priority::Medium, Lang::De) => "Mittel",
            (Priority::High, Lang::It) => "Alta",
            (Priority::High, Lang::En) => "High",
            (Priority::High, Lang::De) => "Hoch",
        }
    }
}

/// The take-in-charge term of a practice as of a date: "entro 30 giorni un operatore prenderà in
/// carico".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TakeInCharge {
    /// The date the practice was sent (Europe/Rome).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub submitted_on: NaiveDate,
    /// The date by which an operator takes it in charge.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub due_date: NaiveDate,
    /// The date it was first taken in charge (4000), if it was.
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
    pub taken_on: Option<NaiveDate>,
    /// It reached a final status without being taken in charge: the term no longer runs.
    pub closed: bool,
    /// Taken in charge after the due date, or still waiting after it.
    pub late: bool,
    /// The date the figures refer to.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub on: NaiveDate,
    /// Days from `on` to the due date (negative = overdue); `null` once taken in charge or closed.
    pub remaining_days: Option<i64>,
}

/// One rejection notice (preavviso di rigetto, L. 241/1990 art. 10-bis) and its effect on the
/// term, as [`Practice::rejection_notices`] reads the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RejectionNotice {
    /// The date of the notice (Europe/Rome), taken as the date the applicant received it.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub noticed_on: NaiveDate,
    /// The last day of the 10 days for observations.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub observations_by: NaiveDate,
    /// The date the observations were submitted, if they were.
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
    pub observations_on: Option<NaiveDate>,
    /// The date the suspended term restarts: 10 days after observations submitted in time, else
    /// at the end of the 10 days.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub restarts_on: NaiveDate,
}

/// The notice periods of an event log: for each `rejectionNotice`, the first `submitObservations`
/// after it (the guards admit observations only while that notice awaits them).
pub(crate) fn notices(events: &[(DateTime<FixedOffset>, &Event)]) -> Result<Vec<RejectionNotice>, PracticeError> {
    let mut out: Vec<RejectionNotice> = Vec::new();
    let mut open = false;
    for (at, event) in events {
        match event {
            Event::RejectionNotice => {
                let noticed_on = rome_date(*at);
                let observations_by = add_days(noticed_on, OBSERVATION_DAYS)?;
                out.push(RejectionNotice { noticed_on, observations_by, observations_on: None, restarts_on: observations_by });
                open = true;
            }
            Event::SubmitObservations if open => {
                open = false;
                if let Some(n) = out.last_mut() {
                    let on = rome_date(*at);
                    n.observations_on = Some(on);
                    // Observations after the 10 days do not move the restart: the term already runs.
                    if on <= n.observations_by {
                        n.restarts_on = add_days(on, OBSERVATION_DAYS)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

impl Practice {
    /// The priority last set by an operator (`setPriority`), or `None` if none was set.
    pub fn priority(&self) -> Option<Priority> {
        self.events().iter().rev().find_map(|e| match e.event {
            Event::SetPriority { priority } => priority,
            _ => None,
        })
    }

    /// Every rejection notice (L. 241/1990 art. 10-bis) with its observations and the date the
    /// suspended term restarts, oldest first.
    pub fn rejection_notices(&self) -> Result<Vec<RejectionNotice>, PracticeError> {
        let events: Vec<(DateTime<FixedOffset>, &Event)> = self.events().iter().map(|e| (e.at, &e.event)).collect();
        notices(&events)
    }

    /// The take-in-charge term as of `on` (default: the date of the last recorded event), or
    /// `None` when the service sets none (`takeInChargeDays: null`), uses the forward workflow, or
    /// the practice was not sent.
    ///
    /// Due date = the date sent (Europe/Rome) + `takeInChargeDays` calendar days (default 30:
    /// "entro 30 giorni un operatore prenderà in carico"), moved to the next working day of
    /// `calendar` with `rollToWorkingDay`, as the response deadline. The term is met by the first
    /// entry into 4000 "In carico".
    pub fn take_in_charge(&self, on: Option<NaiveDate>, calendar: Option<&HolidayCalendar>) -> Result<Option<TakeInCharge>, PracticeError> {
        let config = self.config();
        let Some(days) = config.take_in_charge_days else { return Ok(None) };
        if config.workflow == Workflow::Forward {
            return Ok(None);
        }
        let Some(sent) = self.submitted_at() else { return Ok(None) };
        let last = self.events().last().map(|e| e.at).unwrap_or(self.created_at());
        let on = on.unwrap_or_else(|| rome_date(last));
        let submitted_on = rome_date(sent);
        let due_date = roll(config, add_days(submitted_on, u64::from(days))?, calendar)?;
        let taken_on = self.timeline().iter().find(|e| e.at >= sent && e.status == Status::InCharge).map(|e| rome_date(e.at));
        let closed = taken_on.is_none() && self.status().is_final();
        let late = match taken_on {
            Some(t) => t > due_date,
            None => !closed && on > due_date,
        };
        let remaining_days = if taken_on.is_some() || closed { None } else { Some((due_date - on).num_days()) };
        Ok(Some(TakeInCharge { submitted_on, due_date, taken_on, closed, late, on, remaining_days }))
    }
}
