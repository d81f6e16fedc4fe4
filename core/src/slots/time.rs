//! Europe/Rome wall time: the only place where local times become instants.
//!
//! Opening hours are wall-clock times. A slot is built per local date from wall-clock minutes and
//! converted to instants here, with explicit DST rules:
//! - spring forward (last Sunday of March, 02:00 -> 03:00): a local time inside the gap does not
//!   exist; a slot that starts or ends inside the gap is skipped. A slot may *end* exactly at the
//!   start of the gap (02:00): its end is the instant of the change.
//! - fall back (last Sunday of October, 03:00 -> 02:00): an ambiguous local time maps to the earlier
//!   instant by default ([`AmbiguousTime`]); slots are generated once per wall-clock time, never twice.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::{Europe::Rome, Tz};
use serde::{Deserialize, Serialize};

/// The zone of every wall-clock time in this module.
pub const ZONE: Tz = Rome;

/// Which instant a repeated local time (the October change) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum AmbiguousTime {
    /// The first occurrence (summer time, +02:00). RFC 5545 reads ambiguous times this way too.
    #[default]
    Earlier,
    /// The second occurrence (standard time, +01:00).
    Later,
}

/// What to do with a slot whose real elapsed length differs from its wall-clock length because a
/// DST change falls inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum DstCrossing {
    /// Leave the slot out (default).
    #[default]
    Skip,
    /// Offer it with its real length (e.g. 90 minutes for a 30-minute wall-clock slot in October).
    Keep,
}

/// The UTC offset of one local date, or `None` on a day with a DST change.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayZone {
    date: NaiveDate,
    uniform: Option<FixedOffset>,
}

impl DayZone {
    /// Europe/Rome changes offset at most once a day, so a day is uniform iff the offsets at its
    /// start and at the start of the next day are equal and unambiguous.
    pub(crate) fn new(date: NaiveDate) -> Self {
        let start = date.and_time(NaiveTime::MIN);
        let next = date.succ_opt().map(|d| d.and_time(NaiveTime::MIN));
        let uniform = match (ZONE.offset_from_local_datetime(&start), next.map(|n| ZONE.offset_from_local_datetime(&n))) {
            (LocalResult::Single(a), Some(LocalResult::Single(b))) if a.fix() == b.fix() => Some(a.fix()),
            _ => None,
        };
        DayZone { date, uniform }
    }

    /// The instant of `minutes` after local midnight as a slot start (`None` inside a gap).
    pub(crate) fn start(&self, minutes: u32, ambiguous: AmbiguousTime) -> Option<DateTime<FixedOffset>> {
        let local = self.local(minutes)?;
        match self.uniform {
            Some(off) => fixed(local, off),
            None => resolve(local, ambiguous),
        }
    }

    /// The instant of `minutes` after local midnight as a slot end: like [`DayZone::start`], except
    /// that the first moment of a spring-forward gap is the instant of the change.
    pub(crate) fn end(&self, minutes: u32, ambiguous: AmbiguousTime) -> Option<DateTime<FixedOffset>> {
        let local = self.local(minutes)?;
        match self.uniform {
            Some(off) => fixed(local, off),
            None => resolve(local, ambiguous).or_else(|| {
                // `local` is inside a gap; it is the gap's first moment iff one second earlier exists.
                let before = local.checked_sub_signed(Duration::seconds(1))?;
                let at = resolve(before, AmbiguousTime::Later)?;
                at.checked_add_signed(Duration::seconds(1)).map(|t| in_rome(&t))
            }),
        }
    }

    fn local(&self, minutes: u32) -> Option<NaiveDateTime> {
        self.date.and_time(NaiveTime::MIN).checked_add_signed(Duration::minutes(i64::from(minutes)))
    }
}

/// `local` at offset `off`, if it is in the [supported range](crate::iso#the-range-of-dates) of
/// instants (as every instant made from a local time: `resolve` too).
fn fixed(local: NaiveDateTime, off: FixedOffset) -> Option<DateTime<FixedOffset>> {
    match off.from_local_datetime(&local) {
        LocalResult::Single(t) => crate::iso::instant_in_range(t),
        _ => None,
    }
}

/// A Europe/Rome local time as an instant with its offset (`None` if it does not exist or is
/// outside the [supported range](crate::iso#the-range-of-dates) of instants).
pub(crate) fn resolve(local: NaiveDateTime, ambiguous: AmbiguousTime) -> Option<DateTime<FixedOffset>> {
    let t = match ZONE.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.fixed_offset()),
        LocalResult::Ambiguous(a, b) => {
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            Some(
                match ambiguous {
                    AmbiguousTime::Earlier => early,
                    AmbiguousTime::Later => late,
                }
                .fixed_offset(),
            )
        }
        LocalResult::None => None,
    };
    t.and_then(crate::iso::instant_in_range)
}

/// The instant expressed with the Europe/Rome offset in force at that instant.
pub(crate) fn in_rome(t: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    t.with_timezone(&ZONE).fixed_offset()
}

/// A Europe/Rome local time as an instant, for instants the library derives (deadlines, expiries):
/// a local time inside the spring-forward gap is shifted forward by the gap (02:30 on the last
/// Sunday of March is 03:30+02:00); a repeated one (the October change) is the earlier instant,
/// the summer-time occurrence (+02:00). `None` only outside chrono's range.
pub(crate) fn resolve_derived(local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    match resolve(local, AmbiguousTime::Earlier) {
        Some(t) => Some(t),
        None => {
            // In a gap: read the wall time with the offset in force before the gap (a day earlier
            // is before it: Europe/Rome changes offset at most twice a year), which lands after it.
            let before = ZONE.offset_from_local_datetime(&local.checked_sub_signed(Duration::days(1))?).earliest()?.fix();
            fixed(local, before).map(|t| in_rome(&t))
        }
    }
}

/// `t` plus `days` calendar days (negative: minus) on the Europe/Rome wall clock: same local time,
/// `days` dates later, resolved by [`resolve_derived`]. `days = 0` gives `t` itself (re-expressed
/// with Rome's offset). `None` outside the [supported range](crate::iso#the-range-of-dates).
pub(crate) fn add_local_days(t: &DateTime<FixedOffset>, days: i64) -> Option<DateTime<FixedOffset>> {
    if days == 0 {
        return Some(in_rome(t));
    }
    let local = t.with_timezone(&ZONE).naive_local();
    resolve_derived(local.checked_add_signed(Duration::try_days(days)?)?)
}

/// `t` plus an elapsed duration, expressed with the Europe/Rome offset in force at the result;
/// `None` outside the [supported range](crate::iso#the-range-of-dates).
pub(crate) fn add_elapsed(t: &DateTime<FixedOffset>, d: Duration) -> Option<DateTime<FixedOffset>> {
    t.checked_add_signed(d).map(|r| in_rome(&r)).and_then(crate::iso::instant_in_range)
}

/// The last local date of the booking window opened on `today`: `today + rolling_days - 1`,
/// at most the last supported date.
pub(crate) fn last_bookable(today: NaiveDate, rolling_days: u32) -> NaiveDate {
    crate::iso::add_days(today, u64::from(rolling_days.saturating_sub(1))).unwrap_or(crate::iso::LAST_DATE)
}

/// The Europe/Rome local date of an instant.
pub(crate) fn local_date(t: &DateTime<FixedOffset>) -> NaiveDate {
    t.with_timezone(&ZONE).date_naive()
}

/// `HH:MM` (24-hour) serde for wall-clock times; seconds are not part of the model.
pub(crate) mod hhmm {
    use chrono::{NaiveTime, Timelike};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", t.hour(), t.minute()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| D::Error::custom(format!("invalid time {s:?}: expected HH:MM (00:00 to 23:59)")))
    }

    pub(crate) fn parse(s: &str) -> Option<NaiveTime> {
        let b = s.as_bytes();
        if b.len() != 5 || b.get(2) != Some(&b':') {
            return None;
        }
        let h: u32 = s.get(0..2)?.parse().ok()?;
        let m: u32 = s.get(3..5)?.parse().ok()?;
        if !s.get(0..2)?.bytes().all(|c| c.is_ascii_digit()) || !s.get(3..5)?.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        NaiveTime::from_hms_opt(h, m, 0)
    }
}

/// Minutes after midnight of a wall-clock time (seconds are dropped).
pub(crate) fn minutes_of(t: &NaiveTime) -> u32 {
    use chrono::Timelike;
    t.hour() * 60 + t.minute()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn uniform_days_and_changes() {
        assert!(DayZone::new(d("2026-03-02")).uniform.is_some());
        assert!(DayZone::new(d("2026-03-29")).uniform.is_none());
        assert!(DayZone::new(d("2026-10-25")).uniform.is_none());
        assert_eq!(DayZone::new(d("2026-03-30")).uniform, FixedOffset::east_opt(7200));
    }

    #[test]
    fn spring_forward() {
        let z = DayZone::new(d("2026-03-29"));
        let e = AmbiguousTime::Earlier;
        assert_eq!(z.start(60, e).unwrap().to_rfc3339(), "2026-03-29T01:00:00+01:00");
        assert_eq!(z.start(120, e), None); // 02:00 does not exist
        assert_eq!(z.start(150, e), None);
        assert_eq!(z.end(150, e), None);
        // A slot may end at the start of the gap.
        assert_eq!(z.end(120, e).unwrap().to_rfc3339(), "2026-03-29T03:00:00+02:00");
        assert_eq!(z.start(180, e).unwrap().to_rfc3339(), "2026-03-29T03:00:00+02:00");
    }

    #[test]
    fn fall_back() {
        let z = DayZone::new(d("2026-10-25"));
        assert_eq!(z.start(150, AmbiguousTime::Earlier).unwrap().to_rfc3339(), "2026-10-25T02:30:00+02:00");
        assert_eq!(z.start(150, AmbiguousTime::Later).unwrap().to_rfc3339(), "2026-10-25T02:30:00+01:00");
        assert_eq!(z.start(180, AmbiguousTime::Earlier).unwrap().to_rfc3339(), "2026-10-25T03:00:00+01:00");
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn derived_instants_carry_romes_offset() {
        // Calendar days keep the wall-clock time across both 2026 changes.
        assert_eq!(add_local_days(&at("2026-03-30T09:00:00+02:00"), -3).unwrap().to_rfc3339(), "2026-03-27T09:00:00+01:00");
        assert_eq!(add_local_days(&at("2026-10-27T09:00:00+01:00"), -3).unwrap().to_rfc3339(), "2026-10-24T09:00:00+02:00");
        assert_eq!(add_local_days(&at("2026-03-27T10:00:00+01:00"), 5).unwrap().to_rfc3339(), "2026-04-01T10:00:00+02:00");
        // Nonexistent: shifted forward by the gap; ambiguous: the earlier instant.
        assert_eq!(add_local_days(&at("2026-03-30T02:30:00+02:00"), -1).unwrap().to_rfc3339(), "2026-03-29T03:30:00+02:00");
        assert_eq!(add_local_days(&at("2026-03-28T02:00:00+01:00"), 1).unwrap().to_rfc3339(), "2026-03-29T03:00:00+02:00");
        assert_eq!(add_local_days(&at("2026-10-26T02:30:00+01:00"), -1).unwrap().to_rfc3339(), "2026-10-25T02:30:00+02:00");
        // Zero days is the instant itself, even the second occurrence of a repeated hour.
        assert_eq!(add_local_days(&at("2026-10-25T01:30:00Z"), 0).unwrap().to_rfc3339(), "2026-10-25T02:30:00+01:00");
        // Elapsed time: absolute, then Rome's offset at the result.
        assert_eq!(add_elapsed(&at("2026-03-29T02:00:00+01:00"), Duration::minutes(10)).unwrap().to_rfc3339(), "2026-03-29T03:10:00+02:00");
        assert_eq!(add_elapsed(&at("2026-10-25T02:55:00+02:00"), Duration::minutes(10)).unwrap().to_rfc3339(), "2026-10-25T02:05:00+01:00");
        // Instants made from local times hold the supported range: a slot of 9999-12-31 is not made.
        let day = |d: &str| DayZone::new(d.parse().unwrap());
        assert_eq!(day("9999-12-30").start(600, AmbiguousTime::Earlier).unwrap().to_rfc3339(), "9999-12-30T10:00:00+01:00");
        assert_eq!(day("9999-12-31").start(600, AmbiguousTime::Earlier), None);
        assert_eq!(add_local_days(&at("9999-12-29T10:00:00+01:00"), 2), None);
    }

    #[test]
    fn hhmm_parse() {
        assert_eq!(hhmm::parse("09:30"), NaiveTime::from_hms_opt(9, 30, 0));
        for bad in ["9:30", "24:00", "09:60", "0930", "09:3a", "+9:30", "", "09:30:00"] {
            assert_eq!(hhmm::parse(bad), None, "{bad}");
        }
    }
}
