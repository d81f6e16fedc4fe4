//! Variable-length meetings (the reference platform's `time_variable_slots`, "variabile";
//! slots.md §5.2): free time as intervals, not per-minute maps.
//!
//! Per local date and opening hour, the window is `[begin, end)` (with `requireTrailingGap`,
//! `[begin, end - intervalMinutes)`, so that a meeting's gap also fits before closing). Every
//! booking of the calendar that holds a place occupies `[start, end + its opening hour's gap)`.
//! The window is cut at every booking, closure and `now + notice` boundary into runs of equal
//! state; each run is a [`Slot`] with the real capacity, places booked and remaining. The citizen
//! chooses any `[start, end)` inside available runs of one opening hour, of a length from
//! `meetingMinutes` to `maxMeetingMinutes` (else up to closing), start and length whole multiples
//! of `stepMinutes` (default 1) from the opening time.

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};

use super::booking::Booking;
use super::calendar::{Calendar, OpeningHour};
use super::error::SlotsError;
use super::generate::{micros, Closures, Slot, Unavailable, MAX_SLOTS};
use super::time::{local_date, minutes_of, DayZone};

/// The window of an opening hour on a date: its instants, or `None` if they do not exist (DST gap)
/// or leave no time.
fn window(cal: &Calendar, oh: &OpeningHour, zone: &DayZone) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    let gap = if cal.require_trailing_gap { oh.interval_minutes } else { 0 };
    let close = minutes_of(&oh.end).checked_sub(gap)?;
    let open = zone.start(minutes_of(&oh.begin), cal.ambiguous_time)?;
    let close = zone.end(close, cal.ambiguous_time)?;
    (open < close).then_some((open, close))
}

/// Every run of free, booked or closed time of the local dates `from ..= to` (all of them, also
/// those shorter than a meeting), sorted by start then opening hour.
pub(crate) fn runs(
    cal: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
    bookings: &[Booking],
    exclude: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Slot>, SlotsError> {
    super::generate::check_range(from, to)?;
    let holidays = cal.holidays.as_ref().map(|h| h.calendar());
    let occupied: Vec<(i64, i64)> = bookings
        .iter()
        .filter(|b| b.belongs_to(cal) && Some(b.id.as_str()) != exclude && b.holds_place(now))
        .map(|b| {
            let gap = cal.opening_hour(&b.opening_hour).map_or(0, |o| o.interval_minutes);
            let end = b.end.checked_add_signed(Duration::minutes(i64::from(gap))).unwrap_or(b.end);
            (micros(&b.start), micros(&end))
        })
        .filter(|(s, e)| s < e)
        .collect();
    let occupied = Sorted::new(occupied);
    let closed = Sorted::new(cal.closures.iter().map(|c| (micros(&c.from), micros(&c.to))).filter(|(s, e)| s < e).collect());
    let closures = Closures::new(cal, i64::MIN, i64::MAX);
    let today = local_date(&now);
    let last_bookable = super::time::last_bookable(today, cal.rolling_days);
    let earliest = micros(&now.checked_add_signed(Duration::hours(i64::from(cal.notice_hours))).unwrap_or(now));

    let mut out: Vec<Slot> = Vec::new();
    let mut date = from;
    loop {
        let zone = DayZone::new(date);
        let holiday = holidays.as_ref().and_then(|h| h.holiday_name(date)).map(str::to_string);
        let first_of_day = out.len();
        for oh in cal.opening_hours.iter().filter(|oh| oh.covers(date)) {
            let Some((open, close)) = window(cal, oh, &zone) else { continue };
            let (lo, hi) = (micros(&open), micros(&close));
            let here: Vec<(i64, i64)> = occupied.overlapping(lo, hi).collect();
            let mut cuts: Vec<i64> = vec![lo, hi];
            for &(s, e) in here.iter().chain(closed.overlapping(lo, hi).collect::<Vec<_>>().iter()) {
                cuts.extend([s.max(lo), e.min(hi)]);
            }
            let (mut starts, mut ends): (Vec<i64>, Vec<i64>) = here.iter().copied().unzip();
            starts.sort_unstable();
            ends.sort_unstable();
            // No meeting may start before `now + notice`, nor off the step grid: the first bookable
            // start is `now + notice` rounded up to the grid from the opening time.
            let step = i64::from(oh.step_minutes.unwrap_or(1)) * 60_000_000;
            let first = if earliest > lo {
                let d = earliest.saturating_sub(lo);
                lo.saturating_add((d / step + i64::from(d % step != 0)).saturating_mul(step))
            } else {
                lo
            };
            if first > lo && first < hi {
                cuts.push(first);
            }
            cuts.sort_unstable();
            cuts.dedup();
            let mut prev: Option<(u32, Option<usize>, bool)> = None;
            for pair in cuts.windows(2) {
                let (s, e) = (pair[0], pair[1]);
                // Bookings overlapping [s, e): started before e, minus those ended by s.
                let booked = starts.partition_point(|x| *x < e).saturating_sub(ends.partition_point(|x| *x <= s));
                let booked = u32::try_from(booked).unwrap_or(u32::MAX);
                let state = (booked, closures.find(s, e), s < first);
                let (Some(start), Some(end)) = (instant(s), instant(e)) else { continue };
                if prev == Some(state) {
                    if let Some(last) = out.last_mut() {
                        last.end = end;
                        continue;
                    }
                }
                prev = Some(state);
                if out.len() >= MAX_SLOTS {
                    return Err(SlotsError::TooManySlots { max: MAX_SLOTS as u64 });
                }
                let (booked, closure, too_soon) = state;
                let remaining = oh.parallel.saturating_sub(booked);
                let (unavailable, closed_by) = if holiday.is_some() {
                    (Some(Unavailable::Holiday), holiday.clone())
                } else if let Some(i) = closure {
                    (Some(Unavailable::Closed), cal.closures.get(i).and_then(|c| c.reason.clone()))
                } else if too_soon {
                    (Some(Unavailable::TooSoon), None)
                } else if date > last_bookable {
                    (Some(Unavailable::BeyondWindow), None)
                } else if remaining == 0 {
                    (Some(Unavailable::Full), None)
                } else {
                    (None, None)
                };
                let closed = matches!(unavailable, Some(Unavailable::Holiday | Unavailable::Closed));
                out.push(Slot {
                    start,
                    end,
                    date,
                    opening_hours: vec![oh.id.clone()],
                    capacity: oh.parallel,
                    booked,
                    remaining: if closed { 0 } else { remaining },
                    available: unavailable.is_none(),
                    unavailable,
                    closed_by,
                    moderated: cal.moderated || oh.moderated,
                });
            }
        }
        if let Some(day) = out.get_mut(first_of_day..) {
            day.sort_by_key(|s| micros(&s.start));
        }
        if date >= to {
            break;
        }
        date = match date.checked_add_days(Days::new(1)) {
            Some(d) => d,
            None => break,
        };
    }
    Ok(out)
}

/// Intervals sorted by start, with the longest length, to find those overlapping a window without
/// scanning them all: an overlapping interval starts in `(lo - longest, hi)`.
struct Sorted {
    items: Vec<(i64, i64)>,
    longest: i64,
}

impl Sorted {
    fn new(mut items: Vec<(i64, i64)>) -> Sorted {
        items.sort_unstable();
        let longest = items.iter().map(|(s, e)| e.saturating_sub(*s)).max().unwrap_or(0);
        Sorted { items, longest }
    }

    fn overlapping(&self, lo: i64, hi: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let first = self.items.partition_point(|(s, _)| *s <= lo.saturating_sub(self.longest));
        let last = self.items.partition_point(|(s, _)| *s < hi);
        self.items.get(first..last.max(first)).unwrap_or_default().iter().copied().filter(move |&(s, e)| s < hi && e > lo)
    }
}

/// Microseconds since the epoch back to an instant with Rome's offset.
fn instant(us: i64) -> Option<DateTime<FixedOffset>> {
    let t = DateTime::from_timestamp_micros(us)?;
    Some(super::time::in_rome(&t.fixed_offset()))
}

/// The runs offered to citizens: every run except the free ones too short for the opening hour's
/// shortest meeting.
pub(crate) fn offered(
    cal: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
    bookings: &[Booking],
    exclude: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Slot>, SlotsError> {
    let mut all = runs(cal, from, to, bookings, exclude, now)?;
    all.retain(|s| {
        let min = s.opening_hours.first().and_then(|id| cal.opening_hour(id)).map_or(1, |o| o.meeting_minutes);
        !s.available || (s.end - s.start).num_minutes() >= i64::from(min)
    });
    Ok(all)
}

/// The opening hour a variable request `[start, end)` falls in, checked for length and step:
/// `slots.no_such_slot` outside every window (or off the step grid), `slots.invalid_length` for a
/// length out of bounds.
pub(crate) fn place<'c>(
    cal: &'c Calendar,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    opening_hour: Option<&str>,
) -> Result<&'c OpeningHour, SlotsError> {
    let no_slot = || SlotsError::NoSuchSlot { start, end };
    let date = local_date(&start);
    let zone = DayZone::new(date);
    let oh = cal
        .opening_hours
        .iter()
        .filter(|oh| oh.covers(date) && opening_hour.is_none_or(|id| oh.id == id))
        .find(|oh| window(cal, oh, &zone).is_some_and(|(open, close)| open <= start && end <= close))
        .ok_or_else(no_slot)?;
    let (open, close) = window(cal, oh, &zone).ok_or_else(no_slot)?;
    let step = oh.step_minutes.unwrap_or(1);
    let elapsed = end - start;
    let offset = start - open;
    if elapsed.num_seconds() % 60 != 0 || offset.num_seconds() % 60 != 0 || offset.num_minutes() % i64::from(step) != 0 {
        return Err(no_slot());
    }
    let minutes = elapsed.num_minutes();
    let max = oh.max_meeting_minutes.unwrap_or_else(|| u32::try_from((close - open).num_minutes()).unwrap_or(u32::MAX));
    if minutes < i64::from(oh.meeting_minutes) || minutes > i64::from(max) || minutes % i64::from(step) != 0 {
        return Err(SlotsError::InvalidLength { minutes, min: oh.meeting_minutes, max, step });
    }
    Ok(oh)
}

/// Whether the runs of `oh` cover `[start, end)` and are all bookable; `times` false skips notice
/// and window (a draft being submitted). The first run that is not gives the error.
pub(crate) fn check_covered(
    cal: &Calendar,
    day: &[Slot],
    oh: &OpeningHour,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    times: bool,
    now: DateTime<FixedOffset>,
) -> Result<(), SlotsError> {
    let mut reached = start;
    for run in day.iter().filter(|r| r.opening_hours.contains(&oh.id) && r.start < end && start < r.end) {
        if run.start > reached {
            break;
        }
        match run.unavailable {
            Some(Unavailable::Holiday | Unavailable::Closed) => return Err(SlotsError::Closed { closed_by: run.closed_by.clone() }),
            Some(Unavailable::TooSoon) if times => {
                let earliest = now.checked_add_signed(Duration::hours(i64::from(cal.notice_hours))).unwrap_or(now);
                return Err(SlotsError::TooSoon { earliest: super::time::in_rome(&earliest) });
            }
            Some(Unavailable::BeyondWindow) if times => {
                return Err(SlotsError::BeyondWindow { last_date: super::time::last_bookable(local_date(&now), cal.rolling_days) });
            }
            _ if run.remaining == 0 => return Err(SlotsError::Full { start: run.start, end: run.end }),
            _ => {}
        }
        reached = reached.max(run.end);
    }
    if reached < end {
        return Err(SlotsError::NoSuchSlot { start, end });
    }
    Ok(())
}
