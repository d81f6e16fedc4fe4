//! The calendar configuration: opening hours, closures, holidays, windows, limits. Validation of
//! the configuration lives here; everything else reads a validated calendar.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::booking::Booking;
use super::error::SlotsError;
use super::time::{hhmm, minutes_of, AmbiguousTime, DstCrossing};
use crate::workdays::{HolidayCalendar, HolidayRule};

/// The longest booking window (days), as in the reference platform.
pub const MAX_ROLLING_DAYS: u32 = 180;
/// Upper bounds that keep every computation far from overflow.
const MAX_MINUTES: u32 = 24 * 60;
const MAX_PARALLEL: u32 = 10_000;
const MAX_CANCEL_DAYS: u32 = 365;
const MAX_DRAFT_MINUTES: u32 = 7 * 24 * 60;
const MAX_EXTENSION_DAYS: u32 = 365;
const MAX_OPENING_HOURS: usize = 1_000;
const MAX_CLOSURES: usize = 100_000;
const MAX_REMINDER_DAYS: u32 = 30;

/// An appointment calendar: the whole configuration of one office's bookable time.
///
/// JSON (camelCase; optional keys take the defaults shown):
/// ```json
/// {"id": "anagrafe", "title": "Ufficio anagrafe", "location": "Piazza del Comune 1",
///  "openingHours": [{"id": "mwf", "startDate": "2026-01-01", "endDate": "2026-12-31",
///                    "weekdays": [1, 3, 5], "begin": "09:00", "end": "12:30",
///                    "meetingMinutes": 30, "intervalMinutes": 15, "parallel": 2}],
///  "closures": [], "holidays": null, "rollingDays": 30, "noticeHours": 0, "cancelNoticeDays": 3,
///  "draftMinutes": 10, "paymentExtensionDays": 5, "allowOverlaps": false, "moderated": false,
///  "userLimits": [], "requireTrailingGap": true, "ambiguousTime": "earlier", "dstCrossing": "skip"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Calendar {
    /// Stable identifier (used in stable iCalendar UIDs).
    pub id: String,
    /// The office's name shown to citizens, e.g. `"Ufficio anagrafe"` (default empty).
    #[serde(default)]
    pub title: String,
    /// Where the meetings take place (the iCalendar `LOCATION`); `None`: not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The recurring blocks of bookable time (JSON `openingHours`).
    pub opening_hours: Vec<OpeningHour>,
    /// Calendar, office and entity-wide closures; a slot overlapping any of them is closed.
    #[serde(default)]
    pub closures: Vec<Closure>,
    /// Opt-in: close on holidays (Italian national holidays plus extra rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays: Option<HolidayClosures>,
    /// Bookable local dates: today ..= today + rollingDays - 1 (1 to 180).
    #[serde(default = "default_rolling_days")]
    pub rolling_days: u32,
    /// Minimum notice in hours: a slot is bookable iff it starts at or after `now + notice`.
    #[serde(default)]
    pub notice_hours: u32,
    /// A citizen may cancel (or move) a meeting until this many days before it starts.
    #[serde(default = "default_cancel_days")]
    pub cancel_notice_days: u32,
    /// How long a draft holds its place (minutes).
    #[serde(default = "default_draft_minutes")]
    pub draft_minutes: u32,
    /// How much longer a draft may be held while its practice awaits a payment (days, a cap).
    #[serde(default = "default_extension_days")]
    pub payment_extension_days: u32,
    /// Allow overlapping opening hours (their capacities add up); bookings then name their opening hour.
    #[serde(default)]
    pub allow_overlaps: bool,
    /// Every booking needs an operator's approval (opening hours can also be moderated one by one).
    #[serde(default)]
    pub moderated: bool,
    /// Per-user caps (counted per `user`, e.g. codice fiscale).
    #[serde(default)]
    pub user_limits: Vec<UserLimit>,
    /// Whether the gap after a meeting must also fit before closing (reference platform: yes).
    #[serde(default = "default_true")]
    pub require_trailing_gap: bool,
    /// Which instant a repeated local time stands for, at the October change (default `earlier`).
    #[serde(default)]
    pub ambiguous_time: AmbiguousTime,
    /// What to do with a slot a DST change falls inside (default `skip`).
    #[serde(default)]
    pub dst_crossing: DstCrossing,
    /// The data a booking must carry, by who books (default the reference platform's forms:
    /// without login name, surname, e-mail and phone; an operator name, reason and e-mail).
    #[serde(default)]
    pub required_data: RequiredData,
    /// The calendar's owner, an operator's id (the reference platform's `owner`, slots.md §1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub owner: Option<String>,
    /// The office's contact address shown to citizens (`contactEmail`, slots.md §1); a plausible
    /// e-mail address (`slots.invalid_email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub contact_email: Option<String>,
    /// The language of the calendar's e-mails to citizens: `"it"` (default), `"en"` or `"de"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub email_language: Option<Lang>,
    /// The title in each language (`{"it": ..., "en": ..., "de": ...}`, each optional); a language
    /// without one shows `title` ([`Calendar::title_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub titles: Option<Titles>,
    /// The reminder e-mail before each meeting; `None` (default): no reminder
    /// ([`super::Booking::reminder_at`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reminder: Option<Reminder>,
    /// `"fixed"` (default: generated slots of `meetingMinutes`) or `"variable"` (the reference
    /// platform's `time_variable_slots`: the citizen chooses start and length within the free time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub kind: Option<CalendarKind>,
}

/// A language of a calendar's e-mails and titles (the practice capability's `Lang`: `"it"`,
/// `"en"`, `"de"`).
pub use crate::practice::Lang;

/// The calendar's title per language (JSON keys `it`, `en`, `de`, each optional).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/", rename = "CalendarTitles"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Titles {
    /// Italian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub it: Option<String>,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub en: Option<String>,
    /// German.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub de: Option<String>,
}

impl Titles {
    /// The title in `lang`, if given.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::It => self.it.as_deref(),
            Lang::En => self.en.as_deref(),
            Lang::De => self.de.as_deref(),
        }
    }
}

/// When the reminder before a meeting goes: `daysBefore` local dates before the meeting's date
/// (default 1, "the day before"), at the local time `at` (`HH:MM`), or, without `at`, at the
/// meeting's own local start time. Computed on the Europe/Rome wall clock, so it is DST-correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reminder {
    /// How many local dates before the meeting (1 to 30; default 1).
    #[serde(default = "default_reminder_days")]
    pub days_before: u32,
    /// The local time it goes (`HH:MM`); absent: the meeting's start time.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hhmm")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    pub at: Option<NaiveTime>,
}

fn default_reminder_days() -> u32 {
    1
}

mod opt_hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::hhmm::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => super::super::time::hhmm::parse(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("expected a local time HH:MM, not {s:?}"))),
        }
    }
}

/// The kind of a calendar (the reference platform's `type`, slots.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase")]
pub enum CalendarKind {
    /// `time_fixed_slots`: slots of `meetingMinutes` generated from the opening time.
    #[default]
    Fixed,
    /// `time_variable_slots` ("variabile"): free intervals; the citizen chooses a length from the
    /// opening hour's `meetingMinutes` to its `maxMeetingMinutes`, in steps of `stepMinutes`.
    Variable,
}

/// Whether per-user limits count the user's meetings in this calendar only or in every calendar of
/// the ente given (JSON `"calendar"`, `"ente"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase")]
pub enum LimitScope {
    /// Every booking given counts, whatever its calendar (default; the behaviour before `scope`).
    #[default]
    Ente,
    /// Only this calendar's bookings (and bookings without a calendar id) count.
    Calendar,
}

/// Closures of the whole ente, one object shared by all its calendars: given alongside a calendar
/// to the functions that compute slots and bookings ([`Calendar::with_ente`]), instead of copying
/// them into every calendar. JSON: `{"closures": [...], "holidays": {...}}` (both optional); its
/// closures close like the calendar's own (scope `entity`), its holidays add to the calendar's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnteClosures {
    /// Closures of every calendar of the ente (`[from, to)`).
    #[serde(default)]
    pub closures: Vec<Closure>,
    /// Holidays on which every calendar of the ente is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub holidays: Option<HolidayClosures>,
}

impl EnteClosures {
    /// Checks the closures (`slots.inverted_closure`, its index in this list).
    pub fn validate(&self) -> Result<(), SlotsError> {
        if self.closures.len() > MAX_CLOSURES {
            return Err(SlotsError::OutOfRange { field: "closures".into(), value: self.closures.len() as u64, max: MAX_CLOSURES as u64 });
        }
        for (index, c) in self.closures.iter().enumerate() {
            if c.from >= c.to {
                return Err(SlotsError::InvertedClosure { index, from: c.from, to: c.to });
            }
        }
        Ok(())
    }
}

/// A piece of contact data a booking may be required to carry (JSON: camelCase names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase")]
pub enum ContactField {
    /// The citizen's first name (`name`).
    Name,
    /// The citizen's surname (`surname`).
    Surname,
    /// The citizen's e-mail address (`email`).
    Email,
    /// The citizen's phone number (`phone`).
    Phone,
    /// The reason for the meeting ("motivo", `reason`).
    Reason,
}

impl ContactField {
    /// The field's JSON name in a booking request.
    pub fn name(self) -> &'static str {
        match self {
            ContactField::Name => "name",
            ContactField::Surname => "surname",
            ContactField::Email => "email",
            ContactField::Phone => "phone",
            ContactField::Reason => "reason",
        }
    }
}

/// Which data a booking must carry, by who books (a booking request's `bookedBy`). JSON, defaults
/// shown: `{"anonymous": ["name", "surname", "email", "phone"], "citizen": [], "operator":
/// ["name", "reason", "email"]}`. The defaults are the reference platform's booking forms: the
/// form without login asks name, surname, e-mail and phone; the operator's form asks name, reason
/// ("motivo") and e-mail; a logged-in citizen's data comes from the login (issue 18, item 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RequiredData {
    /// Required when a citizen books without logging in.
    pub anonymous: Vec<ContactField>,
    /// Required when a logged-in citizen books (the default when a request names no one).
    pub citizen: Vec<ContactField>,
    /// Required when an operator books for a citizen.
    pub operator: Vec<ContactField>,
}

impl Default for RequiredData {
    fn default() -> Self {
        use ContactField::*;
        RequiredData { anonymous: vec![Name, Surname, Email, Phone], citizen: vec![], operator: vec![Name, Reason, Email] }
    }
}

fn default_rolling_days() -> u32 {
    30
}
fn default_cancel_days() -> u32 {
    3
}
fn default_draft_minutes() -> u32 {
    10
}
fn default_extension_days() -> u32 {
    5
}
fn default_true() -> bool {
    true
}
fn default_parallel() -> u32 {
    1
}
fn default_meeting_minutes() -> u32 {
    30
}

/// A recurring block of bookable time: a date range, some weekdays, a daily window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpeningHour {
    /// Unique within the calendar; bookings refer to it.
    pub id: String,
    /// A name for operators, e.g. `"Mattina"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First date (inclusive).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub start_date: NaiveDate,
    /// Last date (inclusive).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub end_date: NaiveDate,
    /// ISO weekdays, 1 = Monday ... 7 = Sunday.
    pub weekdays: Vec<u8>,
    /// Opening time, local `HH:MM`.
    #[serde(with = "hhmm")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub begin: NaiveTime,
    /// Closing time, local `HH:MM` (after `begin`).
    #[serde(with = "hhmm")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub end: NaiveTime,
    /// Length of a meeting in minutes (default 30, JSON `meetingMinutes`).
    #[serde(default = "default_meeting_minutes")]
    pub meeting_minutes: u32,
    /// Gap after each meeting.
    #[serde(default)]
    pub interval_minutes: u32,
    /// Meetings at the same time (>= 1).
    #[serde(default = "default_parallel")]
    pub parallel: u32,
    /// Variable calendars: the longest meeting a citizen may choose (minutes, at least
    /// `meetingMinutes`, the shortest); absent: up to the closing time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub max_meeting_minutes: Option<u32>,
    /// Variable calendars: starts and lengths are whole multiples of this many minutes from the
    /// opening time (default 1: any minute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub step_minutes: Option<u32>,
    /// Bookings of this opening hour need an operator's approval (default `false`).
    #[serde(default)]
    pub moderated: bool,
}

/// Who decided a closure (all levels close; the level is for display).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ClosureScope {
    /// Closed by this calendar's managers (default).
    #[default]
    Calendar,
    /// Closed by the office (all its calendars).
    Office,
    /// Closed by the entity (the whole comune).
    Entity,
}

/// A closure `[from, to)` (instants; part days allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Closure {
    /// Start of the closure, inclusive (RFC 3339).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub from: DateTime<FixedOffset>,
    /// End of the closure, exclusive (RFC 3339).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub to: DateTime<FixedOffset>,
    /// Why, shown on closed slots (e.g. `"Chiusura straordinaria"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who decided it (default `calendar`).
    #[serde(default)]
    pub scope: ClosureScope,
}

/// Opt-in holiday closures: the Italian national list (`national`, default true) plus extra rules
/// such as the patron saint's day. The rules are `workdays` rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HolidayClosures {
    /// Whether the Italian national holidays close the calendar (default `true`).
    #[serde(default = "default_true")]
    pub national: bool,
    /// Further holidays, e.g. the patron saint's day, as `workdays` rules.
    #[serde(default)]
    pub extra: Vec<HolidayRule>,
}

impl HolidayClosures {
    /// The rules as a `workdays` calendar.
    pub fn calendar(&self) -> HolidayCalendar {
        let mut cal = if self.national { HolidayCalendar::italy() } else { HolidayCalendar { rules: vec![], weekend: vec![] } };
        cal.rules.extend(self.extra.iter().cloned());
        cal
    }
}

/// The period of a per-user limit (calendar periods of the meeting's local date; weeks are ISO weeks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum LimitPeriod {
    /// One local date.
    Day,
    /// One ISO week, Monday to Sunday.
    Week,
    /// One calendar month.
    Month,
    /// One calendar year.
    Year,
}

impl std::fmt::Display for LimitPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LimitPeriod::Day => "day",
            LimitPeriod::Week => "week",
            LimitPeriod::Month => "month",
            LimitPeriod::Year => "year",
        })
    }
}

/// At most `max` meetings per user in one `period`. Meetings that hold a place count; with
/// `countHistory`, done and missed meetings count too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserLimit {
    /// The period the limit counts over.
    pub period: LimitPeriod,
    /// The most meetings per user in one period (at least 1).
    pub max: u32,
    /// Which bookings count: `"ente"` (default: every booking given, whatever its calendar) or
    /// `"calendar"` (this calendar's only, so that all the ente's bookings can be given for the
    /// one-meeting-per-practice rule without one office's meetings filling another's limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub scope: Option<LimitScope>,
    /// Whether done and missed meetings count too (default `false`, JSON `countHistory`).
    #[serde(default)]
    pub count_history: bool,
}

impl OpeningHour {
    /// Whether the opening hour is open on `date` (date range and weekday).
    pub fn covers(&self, date: NaiveDate) -> bool {
        use chrono::Datelike;
        date >= self.start_date && date <= self.end_date && self.weekdays.contains(&(date.weekday().number_from_monday() as u8))
    }

    /// Whether two opening hours overlap: date ranges, daily windows (both strictly) and weekdays.
    pub fn overlaps(&self, other: &OpeningHour) -> bool {
        self.start_date <= other.end_date
            && other.start_date <= self.end_date
            && self.begin < other.end
            && other.begin < self.end
            && self.weekdays.iter().any(|w| other.weekdays.contains(w))
    }

    fn validate(&self, require_trailing_gap: bool) -> Result<(), SlotsError> {
        let oh = || self.id.clone();
        if self.id.trim().is_empty() {
            return Err(SlotsError::EmptyId { field: "openingHours[].id".into() });
        }
        if self.meeting_minutes == 0 {
            return Err(SlotsError::ZeroLength { opening_hour: oh() });
        }
        for (field, value) in [("meetingMinutes", self.meeting_minutes), ("intervalMinutes", self.interval_minutes)] {
            if value > MAX_MINUTES {
                return Err(SlotsError::OutOfRange { field: field.into(), value: value.into(), max: MAX_MINUTES.into() });
            }
        }
        if self.begin >= self.end {
            return Err(SlotsError::InvertedTimes { opening_hour: oh(), begin: fmt_hhmm(&self.begin), end: fmt_hhmm(&self.end) });
        }
        if self.start_date > self.end_date {
            return Err(SlotsError::InvertedDates { opening_hour: oh(), start_date: self.start_date, end_date: self.end_date });
        }
        if self.weekdays.is_empty() {
            return Err(SlotsError::EmptyWeekdays { opening_hour: oh() });
        }
        if let Some(&w) = self.weekdays.iter().find(|w| !(1..=7).contains(*w)) {
            return Err(SlotsError::InvalidWeekday { opening_hour: oh(), weekday: w });
        }
        if self.parallel == 0 {
            return Err(SlotsError::ParallelBelowOne { opening_hour: oh() });
        }
        if self.parallel > MAX_PARALLEL {
            return Err(SlotsError::OutOfRange { field: "parallel".into(), value: self.parallel.into(), max: MAX_PARALLEL.into() });
        }
        if let Some(max) = self.max_meeting_minutes {
            if max < self.meeting_minutes || max > MAX_MINUTES {
                return Err(SlotsError::OutOfRange { field: "maxMeetingMinutes".into(), value: max.into(), max: MAX_MINUTES.into() });
            }
        }
        if let Some(step) = self.step_minutes {
            if step == 0 || step > MAX_MINUTES {
                return Err(SlotsError::OutOfRange { field: "stepMinutes".into(), value: step.into(), max: MAX_MINUTES.into() });
            }
        }
        let need = self.meeting_minutes + if require_trailing_gap { self.interval_minutes } else { 0 };
        if need > minutes_of(&self.end) - minutes_of(&self.begin) {
            return Err(SlotsError::MeetingTooLong { opening_hour: oh() });
        }
        Ok(())
    }
}

fn fmt_hhmm(t: &NaiveTime) -> String {
    let m = minutes_of(t);
    format!("{:02}:{:02}", m / 60, m % 60)
}

impl Calendar {
    /// Parses the documented JSON and validates it.
    pub fn from_json(s: &str) -> Result<Calendar, crate::Error> {
        let cal: Calendar = crate::error::from_json(s)?;
        cal.validate()?;
        Ok(cal)
    }

    /// The documented JSON (every setting written out, defaults included).
    pub fn to_json(&self) -> String {
        crate::error::to_json(self)
    }

    /// Checks every rule of the configuration; the first broken one is the error.
    pub fn validate(&self) -> Result<(), SlotsError> {
        if self.id.trim().is_empty() {
            return Err(SlotsError::EmptyId { field: "id".into() });
        }
        if self.rolling_days == 0 || self.rolling_days > MAX_ROLLING_DAYS {
            return Err(SlotsError::WindowOutOfRange { rolling_days: self.rolling_days, max: MAX_ROLLING_DAYS });
        }
        if u64::from(self.notice_hours) >= u64::from(self.rolling_days) * 24 {
            return Err(SlotsError::NoticeTooLong { notice_hours: self.notice_hours, rolling_days: self.rolling_days });
        }
        if self.draft_minutes == 0 {
            return Err(SlotsError::ZeroDraftHold);
        }
        for (field, value, max) in [
            ("cancelNoticeDays", self.cancel_notice_days, MAX_CANCEL_DAYS),
            ("draftMinutes", self.draft_minutes, MAX_DRAFT_MINUTES),
            ("paymentExtensionDays", self.payment_extension_days, MAX_EXTENSION_DAYS),
        ] {
            if value > max {
                return Err(SlotsError::OutOfRange { field: field.into(), value: value.into(), max: max.into() });
            }
        }
        if self.opening_hours.len() > MAX_OPENING_HOURS {
            return Err(SlotsError::OutOfRange {
                field: "openingHours".into(),
                value: self.opening_hours.len() as u64,
                max: MAX_OPENING_HOURS as u64,
            });
        }
        for (i, oh) in self.opening_hours.iter().enumerate() {
            oh.validate(self.require_trailing_gap)?;
            for other in self.opening_hours.iter().skip(i + 1) {
                if other.id == oh.id {
                    return Err(SlotsError::DuplicateOpeningHour { opening_hour: oh.id.clone() });
                }
                if !self.allow_overlaps && oh.overlaps(other) {
                    return Err(SlotsError::OverlappingOpeningHours { first: oh.id.clone(), second: other.id.clone() });
                }
            }
        }
        for (index, c) in self.closures.iter().enumerate() {
            if c.from >= c.to {
                return Err(SlotsError::InvertedClosure { index, from: c.from, to: c.to });
            }
        }
        if let Some(email) = &self.contact_email {
            if !crate::forms::italian::is_email(email) {
                return Err(SlotsError::InvalidEmail { field: "contactEmail".into(), value: email.clone() });
            }
        }
        if let Some(r) = &self.reminder {
            if r.days_before == 0 || r.days_before > MAX_REMINDER_DAYS {
                return Err(SlotsError::OutOfRange {
                    field: "reminder.daysBefore".into(),
                    value: r.days_before.into(),
                    max: MAX_REMINDER_DAYS.into(),
                });
            }
        }
        for (i, l) in self.user_limits.iter().enumerate() {
            if l.max == 0 || self.user_limits.iter().skip(i + 1).any(|o| o.period == l.period) {
                return Err(SlotsError::InvalidLimit { period: l.period });
            }
        }
        Ok(())
    }

    /// [`Calendar::validate`] plus the rule of the reference platform's back office for saving an
    /// opening hour: its end date is no later than the current year, the year of `today` (the
    /// core reads no clock). Refused with `slots.end_date_beyond_year` and the path of the date,
    /// e.g. `openingHours[1].endDate`.
    pub fn validate_at(&self, today: NaiveDate) -> Result<(), SlotsError> {
        use chrono::Datelike;
        self.validate()?;
        for (i, oh) in self.opening_hours.iter().enumerate() {
            if oh.end_date.year() > today.year() {
                return Err(SlotsError::EndDateBeyondYear {
                    path: format!("openingHours[{i}].endDate"),
                    opening_hour: oh.id.clone(),
                    end_date: oh.end_date,
                    year: today.year(),
                });
            }
        }
        Ok(())
    }

    /// The title in `lang`: its entry in `titles`, else `title`.
    pub fn title_in(&self, lang: Lang) -> &str {
        self.titles.as_ref().and_then(|t| t.get(lang)).unwrap_or(&self.title)
    }

    /// Fixed or variable slots (`kind`, default fixed).
    pub fn kind(&self) -> CalendarKind {
        self.kind.unwrap_or_default()
    }

    /// The language of the calendar's e-mails (`emailLanguage`, default Italian).
    pub fn email_language(&self) -> Lang {
        self.email_language.unwrap_or_default()
    }

    /// The calendar with the ente's closures and holidays added: what the slots and bookings of
    /// the calendar are computed from when the ente's closures are given alongside it. The ente's
    /// closures come after the calendar's own with scope `entity`; holidays add up (national
    /// holidays close if either says so; extra rules of both). Both are validated.
    pub fn with_ente(&self, ente: &EnteClosures) -> Result<Calendar, SlotsError> {
        ente.validate()?;
        let mut cal = self.clone();
        cal.closures.extend(ente.closures.iter().map(|c| Closure { scope: ClosureScope::Entity, ..c.clone() }));
        cal.holidays = match (cal.holidays.take(), &ente.holidays) {
            (None, h) => h.clone(),
            (Some(own), None) => Some(own),
            (Some(mut own), Some(h)) => {
                own.national |= h.national;
                own.extra.extend(h.extra.iter().cloned());
                Some(own)
            }
        };
        cal.validate()?;
        Ok(cal)
    }

    /// [`Calendar::with_ente`] when the ente's closures are given, else the calendar itself (not
    /// copied): what the bindings call with their optional `ente` argument.
    pub fn for_ente(&self, ente: Option<&EnteClosures>) -> Result<std::borrow::Cow<'_, Calendar>, SlotsError> {
        Ok(match ente {
            Some(e) => std::borrow::Cow::Owned(self.with_ente(e)?),
            None => std::borrow::Cow::Borrowed(self),
        })
    }

    /// The opening hour with this id.
    pub fn opening_hour(&self, id: &str) -> Option<&OpeningHour> {
        self.opening_hours.iter().find(|oh| oh.id == id)
    }

    /// A copy without the opening hour `id`. Refused while bookings that still hold a place and
    /// have not ended use it: the error lists their ids.
    pub fn remove_opening_hour(&self, id: &str, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<Calendar, SlotsError> {
        if self.opening_hour(id).is_none() {
            return Err(SlotsError::UnknownOpeningHour { opening_hour: id.into() });
        }
        let blocking: Vec<String> = bookings
            .iter()
            .filter(|b| b.belongs_to(self) && b.opening_hour == id && b.end > now && b.holds_place(now))
            .map(|b| b.id.clone())
            .collect();
        if !blocking.is_empty() {
            return Err(SlotsError::OpeningHourInUse { opening_hour: id.into(), bookings: blocking });
        }
        let mut cal = self.clone();
        cal.opening_hours.retain(|oh| oh.id != id);
        Ok(cal)
    }
}
