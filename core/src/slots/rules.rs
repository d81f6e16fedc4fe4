//! The checks a new or moved booking must pass: the slot exists and is available, no overlapping
//! slot goes over capacity, one active meeting per practice, per-user limits.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use super::booking::{Booking, BookingRequest, BookingStatus};
use super::calendar::{Calendar, CalendarKind, LimitPeriod, LimitScope};
use super::error::SlotsError;
use super::generate::{generate, micros, Unavailable};
use super::time::local_date;
use super::variable;

pub(crate) struct Request<'a> {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub opening_hour: Option<&'a str>,
    pub user: Option<&'a str>,
    pub practice: Option<&'a str>,
    /// The booking being moved: its own place does not count.
    pub exclude: Option<&'a str>,
}

pub(crate) struct Placed {
    pub opening_hour: String,
    pub moderated: bool,
}

/// Checks a request against a validated calendar.
pub(crate) fn check(cal: &Calendar, req: &Request<'_>, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<Placed, SlotsError> {
    if req.end <= req.start {
        return Err(SlotsError::InvalidInterval { start: req.start, end: req.end });
    }
    if let Some(oh) = req.opening_hour {
        if cal.opening_hour(oh).is_none() {
            return Err(SlotsError::UnknownOpeningHour { opening_hour: oh.into() });
        }
    }
    let date = local_date(&req.start);
    if cal.kind() == CalendarKind::Variable {
        let oh = variable::place(cal, req.start, req.end, req.opening_hour)?;
        let day = variable::runs(cal, date, date, bookings, req.exclude, now)?;
        variable::check_covered(cal, &day, oh, req.start, req.end, true, now)?;
        return finish(cal, req, oh.id.clone(), date, bookings, now);
    }
    let day = generate(cal, date, date, bookings, req.exclude, now)?;
    let no_slot = || SlotsError::NoSuchSlot { start: req.start, end: req.end };
    let slot = day.iter().find(|s| s.start == req.start && s.end == req.end).ok_or_else(no_slot)?;
    let opening_hour = match req.opening_hour {
        Some(oh) if slot.opening_hours.iter().any(|o| o == oh) => oh.to_string(),
        Some(_) => return Err(no_slot()),
        None => match slot.opening_hours.as_slice() {
            [only] => only.clone(),
            many => return Err(SlotsError::OpeningHourRequired { opening_hours: many.to_vec() }),
        },
    };
    match slot.unavailable {
        None => {}
        Some(Unavailable::Holiday | Unavailable::Closed) => return Err(SlotsError::Closed { closed_by: slot.closed_by.clone() }),
        Some(Unavailable::TooSoon) => {
            let earliest = now.checked_add_signed(chrono::Duration::hours(i64::from(cal.notice_hours))).unwrap_or(now);
            return Err(SlotsError::TooSoon { earliest: super::time::in_rome(&earliest) });
        }
        Some(Unavailable::BeyondWindow) => {
            return Err(SlotsError::BeyondWindow { last_date: super::time::last_bookable(local_date(&now), cal.rolling_days) });
        }
        Some(Unavailable::Full) => return Err(SlotsError::Full { start: slot.start, end: slot.end }),
    }
    // With overlapping opening hours, slots of different lengths or steps can overlap: a booking
    // takes a place in every open slot it overlaps, so none of them may be full already.
    if let Some(full) = day.iter().find(|s| {
        s.start < req.end && req.start < s.end && !matches!(s.unavailable, Some(Unavailable::Holiday | Unavailable::Closed)) && s.booked >= s.capacity
    }) {
        return Err(SlotsError::Full { start: full.start, end: full.end });
    }
    finish(cal, req, opening_hour, date, bookings, now)
}

/// The checks that do not depend on the kind of slot: one meeting per practice, per-user limits.
fn finish(
    cal: &Calendar,
    req: &Request<'_>,
    opening_hour: String,
    date: NaiveDate,
    bookings: &[Booking],
    now: DateTime<FixedOffset>,
) -> Result<Placed, SlotsError> {
    if let Some(p) = req.practice {
        check_practice(p, req.exclude, bookings, now)?;
    }
    if let Some(u) = req.user {
        check_limits(cal, u, date, req.exclude, bookings, now)?;
    }
    let moderated = cal.moderated || cal.opening_hour(&opening_hour).is_some_and(|o| o.moderated);
    Ok(Placed { opening_hour, moderated })
}

/// Whether `other` keeps its place ahead of the draft `me` when `me` is submitted: submitted
/// bookings (pending, confirmed, done, missed ...) always do; drafts do iff they were created
/// before `me` (creation instant, then id, so that two drafts of the same instant are ordered too).
fn ahead_of(other: &Booking, me: &Booking) -> bool {
    if other.status != BookingStatus::Draft {
        return true;
    }
    let created = |b: &Booking| b.created_at.or_else(|| b.history.first().map(|h| h.at)).map(|t| micros(&t));
    (created(other), other.id.as_str()) < (created(me), me.id.as_str())
}

/// Re-checks a draft being submitted against the bookings and calendar of now, not those it was
/// made from: a closure or holiday added since (`slots.closed`), the places taken since by
/// submitted bookings and earlier drafts (`slots.full`), the per-user limits reached since
/// (`slots.user_limit`). The draft's own place does not count, nor do drafts created after it
/// (they queue behind it). Notice and window are not re-checked: they held when the draft was made.
pub(crate) fn recheck(cal: &Calendar, draft: &Booking, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<(), SlotsError> {
    let ahead: Vec<Booking> = bookings.iter().filter(|b| b.id != draft.id && ahead_of(b, draft)).cloned().collect();
    let date = local_date(&draft.start);
    if cal.kind() == CalendarKind::Variable {
        let oh = variable::place(cal, draft.start, draft.end, Some(&draft.opening_hour))?;
        let day = variable::runs(cal, date, date, &ahead, None, now)?;
        variable::check_covered(cal, &day, oh, draft.start, draft.end, false, now)?;
        if let Some(u) = &draft.user {
            check_limits(cal, u, date, None, &ahead, now)?;
        }
        return Ok(());
    }
    let day = generate(cal, date, date, &ahead, None, now)?;
    let slot = day
        .iter()
        .find(|s| s.start == draft.start && s.end == draft.end)
        .ok_or(SlotsError::NoSuchSlot { start: draft.start, end: draft.end })?;
    if matches!(slot.unavailable, Some(Unavailable::Holiday | Unavailable::Closed)) {
        return Err(SlotsError::Closed { closed_by: slot.closed_by.clone() });
    }
    if let Some(full) = day.iter().find(|s| {
        s.start < draft.end
            && draft.start < s.end
            && !matches!(s.unavailable, Some(Unavailable::Holiday | Unavailable::Closed))
            && s.booked >= s.capacity
    }) {
        return Err(SlotsError::Full { start: full.start, end: full.end });
    }
    if let Some(u) = &draft.user {
        check_limits(cal, u, date, None, &ahead, now)?;
    }
    Ok(())
}

/// At most one active meeting (holding a place) per practice, across every booking given.
pub(crate) fn check_practice(practice: &str, exclude: Option<&str>, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<(), SlotsError> {
    match bookings
        .iter()
        .find(|b| Some(b.id.as_str()) != exclude && b.practice.as_deref() == Some(practice) && b.holds_place(now))
    {
        Some(b) => Err(SlotsError::PracticeHasMeeting { practice: practice.into(), booking: b.id.clone() }),
        None => Ok(()),
    }
}

/// User keys (codice fiscale or any id) are compared trimmed and ASCII case-insensitively.
fn same_user(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn same_period(period: LimitPeriod, a: NaiveDate, b: NaiveDate) -> bool {
    match period {
        LimitPeriod::Day => a == b,
        LimitPeriod::Week => a.iso_week() == b.iso_week(),
        LimitPeriod::Month => a.year() == b.year() && a.month() == b.month(),
        LimitPeriod::Year => a.year() == b.year(),
    }
}

/// Per-user limits over the bookings given: all of them (scope `ente`, the default: pass other
/// calendars' bookings to share the limits) or this calendar's only (scope `calendar`).
fn check_limits(
    cal: &Calendar,
    user: &str,
    date: NaiveDate,
    exclude: Option<&str>,
    bookings: &[Booking],
    now: DateTime<FixedOffset>,
) -> Result<(), SlotsError> {
    if cal.user_limits.is_empty() {
        return Ok(());
    }
    let mine: Vec<&Booking> = bookings
        .iter()
        .filter(|b| Some(b.id.as_str()) != exclude && b.user.as_deref().is_some_and(|u| same_user(u, user)))
        .collect();
    for limit in &cal.user_limits {
        let count = mine
            .iter()
            .filter(|b| limit.scope.unwrap_or_default() == LimitScope::Ente || b.belongs_to(cal))
            .filter(|b| b.holds_place(now) || (limit.count_history && matches!(b.status, BookingStatus::Done | BookingStatus::Missed)))
            .filter(|b| same_period(limit.period, local_date(&b.start), date))
            .count();
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        if count >= limit.max {
            return Err(SlotsError::UserLimit { period: limit.period, max: limit.max, count });
        }
    }
    Ok(())
}

/// A stable id for a request without one: UUID v5 of the calendar, the slot, the person and `now`.
pub(crate) fn derived_id(
    cal: &Calendar,
    start: &DateTime<FixedOffset>,
    end: &DateTime<FixedOffset>,
    r: &BookingRequest,
    now: &DateTime<FixedOffset>,
) -> String {
    let name = format!(
        "booking\n{}\n{}\n{}\n{}\n{}\n{}",
        cal.id,
        start.to_utc().to_rfc3339(),
        end.to_utc().to_rfc3339(),
        r.user.as_deref().unwrap_or(""),
        r.practice.as_deref().unwrap_or(""),
        now.to_utc().to_rfc3339()
    );
    uuid::Uuid::new_v5(&super::ics::namespace(), name.as_bytes()).to_string()
}
