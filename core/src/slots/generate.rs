//! Fixed-slot generation: a pure function of the calendar, the bookings and `now`.
//!
//! Per local date and opening hour, wall-clock slots start at the opening time and step by
//! `meetingMinutes + intervalMinutes`; a slot exists iff the meeting (and, with
//! `requireTrailingGap`, its gap) ends by closing time. Boundaries become instants in
//! [`super::time`]. Identical slots of overlapping opening hours merge and their capacities add.
//! Then, on instants and half-open intervals:
//! - a slot overlapping any part of any closure (or on a holiday) is closed;
//! - `booked` is the number of bookings that hold a place and overlap the slot (summed, never a max);
//! - a slot is too soon if it starts before `now + notice`, beyond the window if its local date is
//!   after `today + rollingDays - 1`, full if nothing remains.

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::booking::Booking;
use super::calendar::{Calendar, CalendarKind};
use super::error::SlotsError;
use super::time::{local_date, minutes_of, DayZone, DstCrossing};

/// The most days one call generates (about two and a half years).
pub const MAX_RANGE_DAYS: u64 = 1000;
/// The most slots one call generates (a bound on memory for any configuration).
pub const MAX_SLOTS: usize = 1_000_000;

/// Why a slot cannot be booked (the first that applies, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Unavailable {
    /// The date is a holiday of the calendar's holiday closures.
    Holiday,
    /// The slot overlaps a closure.
    Closed,
    /// It starts before `now + notice` (this includes the past).
    TooSoon,
    /// Its date is after the booking window.
    BeyondWindow,
    /// Every place is taken.
    Full,
}

/// One generated slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Slot {
    /// Start instant, with the Europe/Rome offset in force.
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub start: DateTime<FixedOffset>,
    /// End instant, with the Europe/Rome offset in force.
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub end: DateTime<FixedOffset>,
    /// The local date the slot belongs to.
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub date: NaiveDate,
    /// The opening hours that offer it (several only with `allowOverlaps`).
    pub opening_hours: Vec<String>,
    /// Places: the sum of the opening hours' `parallel`.
    pub capacity: u32,
    /// Bookings holding a place that overlap the slot.
    pub booked: u32,
    /// Places left (0 when closed).
    pub remaining: u32,
    /// Whether it can be booked at `now` (`unavailable` is `None`).
    pub available: bool,
    /// Why it cannot be booked (the first reason that applies); `None` when `available`.
    pub unavailable: Option<Unavailable>,
    /// The closure's reason or the holiday's name.
    pub closed_by: Option<String>,
    /// Bookings of this slot start as pending approval.
    pub moderated: bool,
}

struct Raw {
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    key: (i64, i64, usize),
    date: NaiveDate,
}

/// An instant as microseconds since the Unix epoch (fits i64 over chrono's whole range):
/// cheap to sort and compare.
pub(crate) fn micros(t: &DateTime<FixedOffset>) -> i64 {
    t.timestamp_micros()
}

/// Sorted half-open intervals answering "how many overlap [s, e)?" in O(log n).
pub(crate) struct Intervals {
    starts: Vec<i64>,
    ends: Vec<i64>,
}

impl Intervals {
    /// The non-empty intervals among `items` that overlap `[lo, hi)`.
    pub(crate) fn new<'a>(items: impl Iterator<Item = (&'a DateTime<FixedOffset>, &'a DateTime<FixedOffset>)>, lo: i64, hi: i64) -> Self {
        let (mut starts, mut ends): (Vec<i64>, Vec<i64>) =
            items.map(|(s, e)| (micros(s), micros(e))).filter(|&(s, e)| s < e && s < hi && e > lo).unzip();
        starts.sort_unstable();
        ends.sort_unstable();
        Intervals { starts, ends }
    }

    /// Intervals with start < e, minus those with end <= s (a subset of the former since start < end).
    pub(crate) fn overlapping(&self, s: i64, e: i64) -> usize {
        let started = self.starts.partition_point(|x| *x < e);
        let ended = self.ends.partition_point(|x| *x <= s);
        started.saturating_sub(ended)
    }
}

/// Closures sorted by start, with the running maximum end, to find one overlapping a slot.
pub(crate) struct Closures {
    from: Vec<i64>,
    /// (max end among the first i+1 closures, index of that closure)
    reach: Vec<(i64, usize)>,
}

impl Closures {
    pub(crate) fn new(cal: &Calendar, lo: i64, hi: i64) -> Self {
        let mut v: Vec<(i64, i64, usize)> = cal
            .closures
            .iter()
            .enumerate()
            .map(|(i, c)| (micros(&c.from), micros(&c.to), i))
            .filter(|&(f, t, _)| f < t && f < hi && t > lo)
            .collect();
        v.sort_unstable();
        let mut reach: Vec<(i64, usize)> = Vec::with_capacity(v.len());
        for &(_, to, i) in &v {
            let best = match reach.last() {
                Some(&(m, j)) if m >= to => (m, j),
                _ => (to, i),
            };
            reach.push(best);
        }
        Closures { from: v.iter().map(|c| c.0).collect(), reach }
    }

    /// The index (in the calendar) of a closure overlapping [s, e), if any.
    pub(crate) fn find(&self, s: i64, e: i64) -> Option<usize> {
        let k = self.from.partition_point(|x| *x < e);
        let &(reach, i) = self.reach.get(k.checked_sub(1)?)?;
        (reach > s).then_some(i)
    }
}

impl Calendar {
    /// Every slot of the local dates `from ..= to`, sorted by start, with capacity, remaining places
    /// and why it is unavailable. `bookings` may hold other calendars' bookings (they are ignored);
    /// a booking holds a place iff it is pending, confirmed, or a draft not yet expired at `now`.
    pub fn slots(&self, from: NaiveDate, to: NaiveDate, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<Vec<Slot>, SlotsError> {
        self.validate()?;
        generate(self, from, to, bookings, None, now)
    }

    /// The first available slot on or after the local date `from` (the reference platform's
    /// "prima disponibilità", slots.md §3.2), within the booking window (`today ..= today +
    /// rollingDays - 1`, today being `now`'s date in Rome); `None` when nothing is free in it.
    /// A `from` before today searches from today.
    pub fn first_available(&self, from: NaiveDate, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<Option<Slot>, SlotsError> {
        self.validate()?;
        let today = local_date(&now);
        let first = from.max(today);
        let last = super::time::last_bookable(today, self.rolling_days);
        if first > last {
            return Ok(None);
        }
        Ok(generate(self, first, last, bookings, None, now)?.into_iter().find(|s| s.available))
    }
}

pub(crate) fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), SlotsError> {
    if to < from {
        return Err(SlotsError::InvertedRange { from, to });
    }
    let days = (to - from).num_days().unsigned_abs() + 1;
    if days > MAX_RANGE_DAYS {
        return Err(SlotsError::RangeTooLong { days, max: MAX_RANGE_DAYS });
    }
    Ok(())
}

/// [`Calendar::slots`] for a validated calendar, ignoring the booking `exclude` (a booking being moved).
pub(crate) fn generate(
    cal: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
    bookings: &[Booking],
    exclude: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Slot>, SlotsError> {
    check_range(from, to)?;
    if cal.kind() == CalendarKind::Variable {
        return super::variable::offered(cal, from, to, bookings, exclude, now);
    }

    let holidays = cal.holidays.as_ref().map(|h| h.calendar());
    let mut raw: Vec<Raw> = Vec::new();
    let mut holiday_names: Vec<(NaiveDate, String)> = Vec::new();
    let mut date = from;
    loop {
        let mut zone: Option<DayZone> = None;
        let first_of_day = raw.len();
        for (i, oh) in cal.opening_hours.iter().enumerate() {
            if !oh.covers(date) {
                continue;
            }
            if zone.is_none() {
                if let Some(name) = holidays.as_ref().and_then(|h| h.holiday_name(date)) {
                    holiday_names.push((date, name.to_string()));
                }
            }
            let z = *zone.get_or_insert_with(|| DayZone::new(date));
            let (begin, end) = (minutes_of(&oh.begin), minutes_of(&oh.end));
            let (meeting, gap) = (oh.meeting_minutes, oh.interval_minutes);
            let need = meeting + if cal.require_trailing_gap { gap } else { 0 };
            let wall = Duration::minutes(i64::from(meeting));
            let mut t = begin;
            while t + need <= end {
                if let (Some(s), Some(e)) = (z.start(t, cal.ambiguous_time), z.end(t + meeting, cal.ambiguous_time)) {
                    if s < e && (e - s == wall || cal.dst_crossing == DstCrossing::Keep) {
                        if raw.len() >= MAX_SLOTS {
                            return Err(SlotsError::TooManySlots { max: MAX_SLOTS as u64 });
                        }
                        raw.push(Raw { start: s, end: e, key: (micros(&s), micros(&e), i), date });
                    }
                }
                t += meeting + gap; // meeting >= 1 (validated), so the loop ends
            }
        }
        // Local dates never share an instant, so sorting each day keeps the whole list sorted.
        if let Some(today) = raw.get_mut(first_of_day..) {
            today.sort_unstable_by_key(|r| r.key);
        }
        if date >= to {
            break;
        }
        date = match date.checked_add_days(Days::new(1)) {
            Some(d) => d,
            None => break,
        };
    }

    let (lo, hi) = match (raw.first(), raw.last()) {
        (Some(a), Some(b)) => (a.key.0, raw.iter().map(|r| r.key.1).max().unwrap_or(b.key.1)),
        _ => (0, 0),
    };
    let closures = Closures::new(cal, lo, hi);
    let held = Intervals::new(
        bookings
            .iter()
            .filter(|b| b.belongs_to(cal) && Some(b.id.as_str()) != exclude && b.holds_place(now))
            .map(|b| (&b.start, &b.end)),
        lo,
        hi,
    );
    let today = local_date(&now);
    let last_bookable = super::time::last_bookable(today, cal.rolling_days);
    let earliest = now.checked_add_signed(Duration::hours(i64::from(cal.notice_hours))).unwrap_or(now);

    let mut out: Vec<Slot> = Vec::with_capacity(raw.len());
    for r in raw {
        let Some(oh) = cal.opening_hours.get(r.key.2) else { continue };
        if let Some(last) = out.last_mut() {
            if last.start == r.start && last.end == r.end {
                last.capacity = last.capacity.saturating_add(oh.parallel);
                last.moderated |= oh.moderated;
                last.opening_hours.push(oh.id.clone());
                continue;
            }
        }
        out.push(Slot {
            start: r.start,
            end: r.end,
            date: r.date,
            opening_hours: vec![oh.id.clone()],
            capacity: oh.parallel,
            booked: 0,
            remaining: 0,
            available: false,
            unavailable: None,
            closed_by: None,
            moderated: cal.moderated || oh.moderated,
        });
    }

    for slot in &mut out {
        let (s, e) = (micros(&slot.start), micros(&slot.end));
        slot.booked = u32::try_from(held.overlapping(s, e)).unwrap_or(u32::MAX);
        slot.remaining = slot.capacity.saturating_sub(slot.booked);
        let holiday = holiday_names.iter().find(|(d, _)| *d == slot.date).map(|(_, n)| n.clone());
        let closure = closures.find(s, e);
        slot.unavailable = if holiday.is_some() {
            slot.closed_by = holiday;
            Some(Unavailable::Holiday)
        } else if let Some(i) = closure {
            slot.closed_by = cal.closures.get(i).and_then(|c| c.reason.clone());
            Some(Unavailable::Closed)
        } else if slot.start < earliest {
            Some(Unavailable::TooSoon)
        } else if slot.date > last_bookable {
            Some(Unavailable::BeyondWindow)
        } else if slot.remaining == 0 {
            Some(Unavailable::Full)
        } else {
            None
        };
        if matches!(slot.unavailable, Some(Unavailable::Holiday | Unavailable::Closed)) {
            slot.remaining = 0;
        }
        slot.available = slot.unavailable.is_none();
    }
    Ok(out)
}
