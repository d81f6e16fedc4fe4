use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::booking::{Action, BookingStatus};
use super::calendar::LimitPeriod;
use crate::error::Coded;

/// Errors of the `slots` capability; codes start with `slots.`.
///
/// Serialised as `{"code": "slots.<code>", ...fields}`; the fields are the machine-readable details.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum SlotsError {
    /// Input that does not fit any more precise code.
    #[serde(rename = "slots.invalid")]
    #[error("{message}")]
    Invalid {
        /// What is wrong with the input.
        message: String,
    },

    // --- calendar configuration -------------------------------------------------------------
    /// A required identifier (`field`) is empty.
    #[serde(rename = "slots.empty_id")]
    #[error("{field} must not be empty")]
    EmptyId {
        /// The setting, e.g. `"id"` or `"openingHours[].id"`.
        field: String,
    },
    /// Two opening hours share an id.
    #[serde(rename = "slots.duplicate_opening_hour", rename_all = "camelCase")]
    #[error("opening hour id {opening_hour:?} is used twice")]
    DuplicateOpeningHour {
        /// The repeated id (JSON `openingHour`).
        opening_hour: String,
    },
    /// `meetingMinutes` is 0.
    #[serde(rename = "slots.zero_length", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?}: the meeting length must be at least one minute")]
    ZeroLength {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
    },
    /// The opening time is not before the closing time.
    #[serde(rename = "slots.inverted_times", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?}: opens at {begin} but closes at {end}")]
    InvertedTimes {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
        /// The opening time, `HH:MM`.
        begin: String,
        /// The closing time, `HH:MM`.
        end: String,
    },
    /// The first date is after the last date.
    #[serde(rename = "slots.inverted_dates", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?}: starts on {start_date} but ends on {end_date}")]
    InvertedDates {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
        /// Its first date (JSON `startDate`).
        start_date: NaiveDate,
        /// Its last date (JSON `endDate`).
        end_date: NaiveDate,
    },
    /// No weekday selected.
    #[serde(rename = "slots.empty_weekdays", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?}: no weekday selected")]
    EmptyWeekdays {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
    },
    /// A weekday outside 1 (Monday) ..= 7 (Sunday).
    #[serde(rename = "slots.invalid_weekday", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?}: {weekday} is not an ISO weekday (1 = Monday ... 7 = Sunday)")]
    InvalidWeekday {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
        /// The number given.
        weekday: u8,
    },
    /// `parallel` is 0.
    #[serde(rename = "slots.parallel_below_one", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?}: at least one meeting must be possible at a time")]
    ParallelBelowOne {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
    },
    /// The meeting (plus its trailing gap, when that must fit) is longer than the opening hour.
    #[serde(rename = "slots.meeting_too_long", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?}: a meeting does not fit between opening and closing")]
    MeetingTooLong {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
    },
    /// Two opening hours overlap and the calendar does not allow it.
    #[serde(rename = "slots.overlapping_opening_hours")]
    #[error("opening hours {first:?} and {second:?} overlap (set allowOverlaps to add their capacities)")]
    OverlappingOpeningHours {
        /// Id of one opening hour.
        first: String,
        /// Id of the other.
        second: String,
    },
    /// The booking window is 0 days or longer than the maximum.
    #[serde(rename = "slots.window_out_of_range", rename_all = "camelCase")]
    #[error("the booking window must be 1 to {max} days, not {rolling_days}")]
    WindowOutOfRange {
        /// The window given (JSON `rollingDays`).
        rolling_days: u32,
        /// The longest window, [`super::MAX_ROLLING_DAYS`].
        max: u32,
    },
    /// The minimum notice is not shorter than the booking window.
    #[serde(rename = "slots.notice_too_long", rename_all = "camelCase")]
    #[error("a notice of {notice_hours} hours leaves nothing bookable in a {rolling_days}-day window")]
    NoticeTooLong {
        /// The notice given (JSON `noticeHours`).
        notice_hours: u32,
        /// The window given (JSON `rollingDays`).
        rolling_days: u32,
    },
    /// The draft hold is 0 minutes.
    #[serde(rename = "slots.zero_draft_hold")]
    #[error("a draft must hold its place for at least one minute")]
    ZeroDraftHold,
    /// A numeric setting is above its maximum.
    #[serde(rename = "slots.out_of_range")]
    #[error("{field} is {value}, more than the maximum {max}")]
    OutOfRange {
        /// The setting's JSON name, e.g. `"draftMinutes"`.
        field: String,
        /// The value given.
        value: u64,
        /// The largest value accepted.
        max: u64,
    },
    /// A closure does not end after it starts.
    #[serde(rename = "slots.inverted_closure")]
    #[error("closure #{index} ends ({to}) before it starts ({from})")]
    InvertedClosure {
        /// Position of the closure in `closures`, from 0.
        index: usize,
        /// The closure's start.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        from: DateTime<FixedOffset>,
        /// The closure's end.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        to: DateTime<FixedOffset>,
    },
    /// A per-user limit allows no meeting at all, or a period is limited twice.
    #[serde(rename = "slots.invalid_limit")]
    #[error("the per-user limit per {period} must be given once and allow at least one meeting")]
    InvalidLimit {
        /// The period limited twice or with `max` 0.
        period: LimitPeriod,
    },
    /// An opening hour id that the calendar does not have.
    #[serde(rename = "slots.unknown_opening_hour", rename_all = "camelCase")]
    #[error("the calendar has no opening hour {opening_hour:?}")]
    UnknownOpeningHour {
        /// The id given (JSON `openingHour`).
        opening_hour: String,
    },
    /// An opening hour cannot be removed while future bookings use it.
    #[serde(rename = "slots.opening_hour_in_use", rename_all = "camelCase")]
    #[error("opening hour {opening_hour:?} has future bookings: {}", bookings.join(", "))]
    OpeningHourInUse {
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
        /// Ids of the future bookings that use it.
        bookings: Vec<String>,
    },

    /// An e-mail address of the configuration is not plausible.
    #[serde(rename = "slots.invalid_email")]
    #[error("{field} is not an e-mail address: {value:?}")]
    InvalidEmail {
        /// The setting's JSON name, e.g. `"contactEmail"`.
        field: String,
        /// The value given.
        value: String,
    },
    /// An opening hour ends after the current year (the back office's rule, [`super::Calendar::validate_at`]).
    #[serde(rename = "slots.end_date_beyond_year", rename_all = "camelCase")]
    #[error("{path}: an opening hour may end no later than {year}, not on {end_date}")]
    EndDateBeyondYear {
        /// Where the date is, e.g. `"openingHours[1].endDate"`.
        path: String,
        /// The opening hour's id (JSON `openingHour`).
        opening_hour: String,
        /// The end date given (JSON `endDate`).
        end_date: NaiveDate,
        /// The current year (of `today`).
        year: i32,
    },

    // --- slot generation ----------------------------------------------------------------------
    /// The last date of a range is before the first.
    #[serde(rename = "slots.inverted_range")]
    #[error("the range ends ({to}) before it starts ({from})")]
    InvertedRange {
        /// First date of the range.
        from: NaiveDate,
        /// Last date of the range.
        to: NaiveDate,
    },
    /// The range holds more days than one call may generate.
    #[serde(rename = "slots.range_too_long")]
    #[error("the range holds {days} days, more than the maximum {max}")]
    RangeTooLong {
        /// Days in the range.
        days: u64,
        /// The most days per call, [`super::MAX_RANGE_DAYS`].
        max: u64,
    },

    /// The range and configuration would generate more slots than one call may return.
    #[serde(rename = "slots.too_many_slots")]
    #[error("more than {max} slots: ask for a shorter range")]
    TooManySlots {
        /// The most slots per call, [`super::MAX_SLOTS`].
        max: u64,
    },

    // --- bookings -----------------------------------------------------------------------------
    /// The end of a booking is not after its start.
    #[serde(rename = "slots.invalid_interval")]
    #[error("a booking must end after it starts ({start} .. {end})")]
    InvalidInterval {
        /// The requested start.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        start: DateTime<FixedOffset>,
        /// The requested end.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        end: DateTime<FixedOffset>,
    },
    /// No generated slot has this start and end.
    #[serde(rename = "slots.no_such_slot")]
    #[error("there is no slot from {start} to {end}")]
    NoSuchSlot {
        /// The requested start.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        start: DateTime<FixedOffset>,
        /// The requested end.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        end: DateTime<FixedOffset>,
    },
    /// Overlapping opening hours offer this slot: the request must name one.
    #[serde(rename = "slots.opening_hour_required", rename_all = "camelCase")]
    #[error("several opening hours offer this slot ({}); name one", opening_hours.join(", "))]
    OpeningHourRequired {
        /// Ids of the opening hours that offer it (JSON `openingHours`).
        opening_hours: Vec<String>,
    },
    /// The slot overlaps a closure or a holiday.
    #[serde(rename = "slots.closed", rename_all = "camelCase")]
    #[error("the office is closed then{}", closed_by.as_ref().map(|r| format!(" ({r})")).unwrap_or_default())]
    Closed {
        /// The closure's reason or the holiday's name, if known (JSON `closedBy`).
        closed_by: Option<String>,
    },
    /// The slot starts before `now + notice`.
    #[serde(rename = "slots.too_soon")]
    #[error("too late to book this slot: the earliest bookable start is {earliest}")]
    TooSoon {
        /// The earliest start bookable at `now` (`now + noticeHours`).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        earliest: DateTime<FixedOffset>,
    },
    /// The slot is after the booking window.
    #[serde(rename = "slots.beyond_window", rename_all = "camelCase")]
    #[error("the slot is beyond the booking window, which ends on {last_date}")]
    BeyondWindow {
        /// The last bookable date (JSON `lastDate`).
        last_date: NaiveDate,
    },
    /// No place left (overlapping bookings are summed).
    #[serde(rename = "slots.full")]
    #[error("no place left from {start} to {end}")]
    Full {
        /// The slot's start.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        start: DateTime<FixedOffset>,
        /// The slot's end.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        end: DateTime<FixedOffset>,
    },
    /// A variable meeting's length is outside the opening hour's bounds or not a whole number of steps.
    #[serde(rename = "slots.invalid_length")]
    #[error("a meeting of {minutes} minutes is not allowed here ({min} to {max} minutes, in steps of {step})")]
    InvalidLength {
        /// The length requested, in minutes.
        minutes: i64,
        /// The shortest meeting (the opening hour's `meetingMinutes`).
        min: u32,
        /// The longest meeting (`maxMeetingMinutes`, else up to closing).
        max: u32,
        /// The step of starts and lengths (`stepMinutes`, default 1).
        step: u32,
    },
    /// A booking lacks data its calendar requires for who books (`requiredData`).
    #[serde(rename = "slots.missing_data", rename_all = "camelCase")]
    #[error("the booking needs {field:?} (required by the calendar when booked by {booked_by})")]
    MissingData {
        /// The missing field's JSON name: `name`, `surname`, `email`, `phone` or `reason`.
        field: String,
        /// Who books: `citizen`, `anonymous` or `operator`.
        booked_by: String,
    },
    /// The practice already has an active meeting.
    #[serde(rename = "slots.practice_has_meeting")]
    #[error("practice {practice:?} already has an active meeting ({booking})")]
    PracticeHasMeeting {
        /// The practice's id.
        practice: String,
        /// Id of its active meeting.
        booking: String,
    },
    /// The user reached a per-user limit.
    #[serde(rename = "slots.user_limit")]
    #[error("limit reached: at most {max} meeting(s) per {period} (already {count})")]
    UserLimit {
        /// The period limited.
        period: LimitPeriod,
        /// The meetings allowed per period.
        max: u32,
        /// The meetings the user already has in that period.
        count: u32,
    },
    /// The action is not possible from the booking's status (or not for this actor).
    #[serde(rename = "slots.transition_not_allowed")]
    #[error("cannot {action} a booking that is {from}")]
    TransitionNotAllowed {
        /// The booking's status.
        from: BookingStatus,
        /// The action refused.
        action: Action,
    },
    /// The draft expired before the action.
    #[serde(rename = "slots.draft_expired", rename_all = "camelCase")]
    #[error("the draft expired{}", expired_at.map(|t| format!(" at {t}")).unwrap_or_default())]
    DraftExpired {
        /// When the draft's hold ended, if known (JSON `expiredAt`).
        #[serde(default, deserialize_with = "crate::iso::de_opt_instant")]
        expired_at: Option<DateTime<FixedOffset>>,
    },
    /// The citizen's cancellation (or reschedule) deadline has passed.
    #[serde(rename = "slots.cancel_too_late")]
    #[error("the meeting could be cancelled or moved by the citizen until {deadline}")]
    CancelTooLate {
        /// The last instant the citizen could cancel or move it.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        deadline: DateTime<FixedOffset>,
    },
    /// The meeting has not started yet, so it can be neither done nor missed.
    #[serde(rename = "slots.not_started")]
    #[error("the meeting starts at {start}: it cannot be done or missed yet")]
    NotStarted {
        /// The meeting's start.
        #[serde(deserialize_with = "crate::iso::de_instant")]
        start: DateTime<FixedOffset>,
    },
    /// The booking belongs to another calendar.
    #[serde(rename = "slots.wrong_calendar")]
    #[error("booking {booking:?} belongs to calendar {calendar:?}")]
    WrongCalendar {
        /// The booking's id.
        booking: String,
        /// The calendar it belongs to.
        calendar: String,
    },
}

impl Coded for SlotsError {
    fn code(&self) -> &'static str {
        use SlotsError::*;
        match self {
            Invalid { .. } => "slots.invalid",
            EmptyId { .. } => "slots.empty_id",
            DuplicateOpeningHour { .. } => "slots.duplicate_opening_hour",
            ZeroLength { .. } => "slots.zero_length",
            InvertedTimes { .. } => "slots.inverted_times",
            InvertedDates { .. } => "slots.inverted_dates",
            EmptyWeekdays { .. } => "slots.empty_weekdays",
            InvalidWeekday { .. } => "slots.invalid_weekday",
            ParallelBelowOne { .. } => "slots.parallel_below_one",
            MeetingTooLong { .. } => "slots.meeting_too_long",
            OverlappingOpeningHours { .. } => "slots.overlapping_opening_hours",
            WindowOutOfRange { .. } => "slots.window_out_of_range",
            NoticeTooLong { .. } => "slots.notice_too_long",
            ZeroDraftHold => "slots.zero_draft_hold",
            OutOfRange { .. } => "slots.out_of_range",
            InvertedClosure { .. } => "slots.inverted_closure",
            InvalidLimit { .. } => "slots.invalid_limit",
            UnknownOpeningHour { .. } => "slots.unknown_opening_hour",
            OpeningHourInUse { .. } => "slots.opening_hour_in_use",
            InvertedRange { .. } => "slots.inverted_range",
            RangeTooLong { .. } => "slots.range_too_long",
            TooManySlots { .. } => "slots.too_many_slots",
            InvalidInterval { .. } => "slots.invalid_interval",
            NoSuchSlot { .. } => "slots.no_such_slot",
            OpeningHourRequired { .. } => "slots.opening_hour_required",
            Closed { .. } => "slots.closed",
            TooSoon { .. } => "slots.too_soon",
            BeyondWindow { .. } => "slots.beyond_window",
            Full { .. } => "slots.full",
            PracticeHasMeeting { .. } => "slots.practice_has_meeting",
            UserLimit { .. } => "slots.user_limit",
            TransitionNotAllowed { .. } => "slots.transition_not_allowed",
            DraftExpired { .. } => "slots.draft_expired",
            CancelTooLate { .. } => "slots.cancel_too_late",
            NotStarted { .. } => "slots.not_started",
            WrongCalendar { .. } => "slots.wrong_calendar",
            MissingData { .. } => "slots.missing_data",
            InvalidEmail { .. } => "slots.invalid_email",
            EndDateBeyondYear { .. } => "slots.end_date_beyond_year",
            InvalidLength { .. } => "slots.invalid_length",
        }
    }
}
