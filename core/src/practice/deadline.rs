//! The response deadline: "Riceverai risposta entro il ...".

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::config::{IntegrationClock, ServiceConfig};
use super::error::PracticeError;
use super::lifecycle::Practice;
use super::work::RejectionNotice;
use crate::workdays::HolidayCalendar;

/// The response deadline of a practice as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "practice/", rename = "PracticeDeadline"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deadline {
    /// The date the practice was sent (Europe/Rome).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub submitted_on: NaiveDate,
    /// The due date; `null` while a restarted clock waits for the integration answer.
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
    pub due_date: Option<NaiveDate>,
    /// Days added for integration requests (suspended clock), after the cap.
    pub suspended_days: u32,
    /// The clock is stopped on `on` (the practice awaits integrations, clock not running).
    pub suspended: bool,
    /// The practice is in a final status: the deadline is no longer shown.
    pub closed: bool,
    /// The date the figures refer to.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub on: NaiveDate,
    /// Days from `on` to the due date (negative = overdue); `null` when closed or no due date.
    pub remaining_days: Option<i64>,
    /// Days added for rejection notices (L. 241/1990 art. 10-bis: the term is suspended from the
    /// notice until it restarts; until `on` if it has not restarted yet). JSON `noticeDays`.
    #[serde(default)]
    pub notice_days: u32,
}

/// The calendar date of an instant in Europe/Rome.
pub fn rome_date(at: DateTime<FixedOffset>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Rome).date_naive()
}

/// `d` plus `n` days in the supported range of dates, else `practice.date_range` (for every
/// term of the capability: deadlines, observations, take-in-charge).
pub(crate) fn add_days(d: NaiveDate, n: u64) -> Result<NaiveDate, PracticeError> {
    crate::iso::add_days(d, n).ok_or(PracticeError::DateRange)
}

impl Practice {
    /// The response deadline as of `on` (default: the date of the last recorded event), or `None`
    /// when the service sets no response time or the practice was not sent.
    ///
    /// Due date = the date sent (Europe/Rome) + `responseDays` calendar days (the seed: 20 Feb 2025 +
    /// 30 = 22 Mar 2025). With `integrationClock: "suspended"` the days spent awaiting integrations
    /// (from entering 4100 to leaving 4200; until `on` if still waiting) are added for the first
    /// `maxSuspensions` requests (default 1: "per una sola volta", L. 241/1990 art. 2 c. 7), up to
    /// `maxSuspendedDays`; with `"restarted"` the full term runs again from the answer. With
    /// `rollToWorkingDay` a due date on a weekend or holiday moves to the next working day of
    /// `calendar` (default: Italian national holidays).
    ///
    /// A rejection notice (`rejectionNotice`, L. 241/1990 art. 10-bis as amended by D.L. 76/2020)
    /// suspends the term whatever `integrationClock` says: it restarts 10 days after the
    /// applicant's observations, or without them when the 10 days for them end
    /// ([`Practice::rejection_notices`]); the days from the notice to the restart (to `on` while
    /// suspended) are added to the due date (`noticeDays`).
    pub fn deadline(&self, on: Option<NaiveDate>, calendar: Option<&HolidayCalendar>) -> Result<Option<Deadline>, PracticeError> {
        let config = self.config();
        let Some(days) = config.response_days else { return Ok(None) };
        let Some(sent) = self.submitted_at() else { return Ok(None) };
        let last = self.events().last().map(|e| e.at).unwrap_or(self.created_at());
        let on = on.unwrap_or_else(|| rome_date(last));
        let steps = self.timeline().iter().filter(|e| e.at >= sent).map(|e| (e.at, e.status.awaits_integration()));
        let notices = self.rejection_notices()?;
        let t = term(config, days, sent, steps, &notices, on, calendar)?;
        let closed = self.status().is_final();
        let remaining_days = if closed { None } else { t.due_date.map(|d| (d - on).num_days()) };
        Ok(Some(Deadline {
            submitted_on: t.submitted_on,
            due_date: t.due_date,
            suspended_days: t.suspended_days,
            suspended: t.suspended,
            closed,
            on,
            remaining_days,
            notice_days: t.notice_days,
        }))
    }

    /// The due date of [`Practice::deadline`].
    pub fn due_date(&self, on: Option<NaiveDate>, calendar: Option<&HolidayCalendar>) -> Result<Option<NaiveDate>, PracticeError> {
        Ok(self.deadline(on, calendar)?.and_then(|d| d.due_date))
    }
}

/// The term of a practice from its recorded statuses, the one rule behind [`Practice::deadline`]
/// and the log report's missed deadlines.
pub(crate) struct Term {
    pub submitted_on: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub suspended_days: u32,
    pub suspended: bool,
    pub notice_days: u32,
}

/// The term of a practice sent at `sent` with `days` to answer: `steps` are the statuses entered
/// from `sent` on, in order, as (instant, awaits integration); `on` closes an integration period
/// still open; `notices` are the rejection notices, each suspending the term from its date to its
/// restart. See [`Practice::deadline`] for the rules.
pub(crate) fn term(
    config: &ServiceConfig,
    days: u32,
    sent: DateTime<FixedOffset>,
    steps: impl Iterator<Item = (DateTime<FixedOffset>, bool)>,
    notices: &[RejectionNotice],
    on: NaiveDate,
    calendar: Option<&HolidayCalendar>,
) -> Result<Term, PracticeError> {
    let submitted_on = rome_date(sent);
    // Integration periods after submission: (start, end) dates, end None while still waiting.
    let mut periods: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for (at, waiting) in steps {
        match (open, waiting) {
            (None, true) => open = Some(rome_date(at)),
            (Some(start), false) => {
                periods.push((start, Some(rome_date(at))));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        periods.push((start, None));
    }
    // Rejection notices (art. 10-bis): suspended from the notice to the restart, or to `on`.
    let mut notice_total: i64 = 0;
    let mut noticed = false;
    for n in notices {
        notice_total += (n.restarts_on.min(on) - n.noticed_on).num_days().max(0);
        noticed |= n.noticed_on <= on && on < n.restarts_on;
    }
    let notice_days = u32::try_from(notice_total).unwrap_or(u32::MAX);
    let suspended = noticed
        || (open.is_some()
            && match config.integration_clock {
                IntegrationClock::Runs => false,
                IntegrationClock::Suspended => periods.len() <= config.max_suspensions as usize,
                IntegrationClock::Restarted => true,
            });

    let mut suspended_days = 0u32;
    let due = match config.integration_clock {
        IntegrationClock::Runs => Some(add_days(submitted_on, u64::from(days))?),
        IntegrationClock::Suspended => {
            // Only the first `maxSuspensions` requests suspend the term ("per una sola volta",
            // L. 241/1990 art. 2 c. 7, by default); later ones leave the clock running.
            let mut total: i64 = 0;
            for (start, end) in periods.iter().take(config.max_suspensions as usize) {
                total += (end.unwrap_or(on) - *start).num_days().max(0);
            }
            let mut s = u32::try_from(total).unwrap_or(u32::MAX);
            if let Some(cap) = config.max_suspended_days {
                s = s.min(cap);
            }
            suspended_days = s;
            Some(add_days(submitted_on, u64::from(days) + u64::from(s))?)
        }
        IntegrationClock::Restarted => match periods.last() {
            None => Some(add_days(submitted_on, u64::from(days))?),
            Some((_, None)) => None,
            Some((_, Some(end))) => Some(add_days(*end, u64::from(days))?),
        },
    };
    let due_date = match due {
        Some(d) => Some(roll(config, add_days(d, u64::from(notice_days))?, calendar)?),
        None => None,
    };
    Ok(Term { submitted_on, due_date, suspended_days, suspended, notice_days })
}

/// `d`, or with `rollToWorkingDay` the next working day of `calendar` (default: Italian national
/// holidays) when `d` falls on a weekend or holiday.
pub(crate) fn roll(config: &ServiceConfig, d: NaiveDate, calendar: Option<&HolidayCalendar>) -> Result<NaiveDate, PracticeError> {
    if !config.roll_to_working_day {
        return Ok(d);
    }
    let italy;
    let cal = match calendar {
        Some(c) => c,
        None => {
            italy = HolidayCalendar::italy();
            &italy
        }
    };
    cal.next_working_day(d).map_err(|_| PracticeError::DateRange)
}
