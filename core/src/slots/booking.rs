//! Bookings (meetings): statuses, transitions, history. Every transition is a pure function that
//! returns a new booking with one more history entry; the input is never changed.
//!
//! | from \ action | submit | approve | refuse | cancel | markDone/markMissed | reschedule | awaitPayment |
//! |---|---|---|---|---|---|---|---|
//! | draft (unexpired) | pendingApproval or confirmed | | | cancelled | | draft | draft, later expiry |
//! | pendingApproval | | confirmed | refused | cancelled | | pendingApproval | |
//! | confirmed | | | refused | cancelled | done / missed (after start) | confirmed (citizen, moderated: pendingApproval) | |
//! | refused, missed, done, cancelled | | | | | | | |
//!
//! A citizen may cancel or move a pending or confirmed meeting until `cancelNoticeDays` days
//! before it starts; operators at any time.

use chrono::{DateTime, Duration, FixedOffset};
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, ContactField, RequiredData};
use super::error::SlotsError;
use super::rules;
use super::time::{add_elapsed, add_local_days, in_rome, resolve_derived};

/// The status of a booking. JSON: camelCase names; [`BookingStatus::code`] gives the reference
/// platform's numeric code and [`BookingStatus::label_it`] its Italian label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum BookingStatus {
    /// Bozza: a place held until `expiresAt`, not yet submitted (code 6).
    Draft,
    /// In attesa di approvazione: submitted to a moderated calendar (code 0).
    PendingApproval,
    /// Confermato: the meeting will take place (code 1).
    Confirmed,
    /// Rifiutato: refused by an operator (code 2; final).
    Refused,
    /// Assente: the citizen did not come (code 3; final).
    Missed,
    /// Avvenuto: the meeting took place (code 4; final).
    Done,
    /// Annullato: cancelled by the citizen or an operator (code 5; final).
    Cancelled,
}

impl BookingStatus {
    /// Every status, in code order of the reference platform.
    pub const ALL: [BookingStatus; 7] = [
        BookingStatus::PendingApproval,
        BookingStatus::Confirmed,
        BookingStatus::Refused,
        BookingStatus::Missed,
        BookingStatus::Done,
        BookingStatus::Cancelled,
        BookingStatus::Draft,
    ];

    /// The reference platform's numeric code (0 pending ... 6 draft).
    pub fn code(self) -> u8 {
        match self {
            BookingStatus::PendingApproval => 0,
            BookingStatus::Confirmed => 1,
            BookingStatus::Refused => 2,
            BookingStatus::Missed => 3,
            BookingStatus::Done => 4,
            BookingStatus::Cancelled => 5,
            BookingStatus::Draft => 6,
        }
    }

    /// The status with this numeric code.
    pub fn from_code(code: u8) -> Option<BookingStatus> {
        BookingStatus::ALL.get(usize::from(code)).copied()
    }

    /// The Italian label shown to citizens and operators.
    pub fn label_it(self) -> &'static str {
        match self {
            BookingStatus::PendingApproval => "In attesa di approvazione",
            BookingStatus::Confirmed => "Confermato",
            BookingStatus::Refused => "Rifiutato",
            BookingStatus::Missed => "Assente",
            BookingStatus::Done => "Avvenuto",
            BookingStatus::Cancelled => "Annullato",
            BookingStatus::Draft => "Bozza",
        }
    }

    /// No transition leaves this status.
    pub fn is_final(self) -> bool {
        matches!(self, BookingStatus::Refused | BookingStatus::Missed | BookingStatus::Done | BookingStatus::Cancelled)
    }

    fn name(self) -> &'static str {
        match self {
            BookingStatus::Draft => "draft",
            BookingStatus::PendingApproval => "pendingApproval",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Refused => "refused",
            BookingStatus::Missed => "missed",
            BookingStatus::Done => "done",
            BookingStatus::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for BookingStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Actor {
    /// The citizen who booked.
    Citizen,
    /// A back-office operator.
    Operator,
    /// The platform itself (e.g. driven by a practice's status).
    System,
}

impl Actor {
    /// Who moves a booking when the caller names no one: an operator (the default of the
    /// bindings' `reschedule` `actor`, so that every binding takes it from here).
    pub const RESCHEDULE_DEFAULT: Actor = Actor::Operator;
}

/// What happened to a booking (one history entry each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Action {
    /// The draft is created ([`Calendar::book`]).
    Create,
    /// The draft is submitted: pending approval, or confirmed.
    Submit,
    /// An operator confirms a pending meeting.
    Approve,
    /// An operator refuses the meeting (with an optional reason).
    Refuse,
    /// The citizen or an operator cancels it.
    Cancel,
    /// The meeting took place.
    MarkDone,
    /// The citizen did not come.
    MarkMissed,
    /// The meeting moves to another slot.
    Reschedule,
    /// The draft's expiry is extended while a payment is made.
    AwaitPayment,
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Action::Create => "create",
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Refuse => "refuse",
            Action::Cancel => "cancel",
            Action::MarkDone => "markDone",
            Action::MarkMissed => "markMissed",
            Action::Reschedule => "reschedule",
            Action::AwaitPayment => "awaitPayment",
        })
    }
}

/// One step of a booking's life: the action and the booking's status and times right after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryEntry {
    /// When the action happened (RFC 3339).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// What happened.
    pub action: Action,
    /// Who did it.
    pub actor: Actor,
    /// The status right after it.
    pub status: BookingStatus,
    /// The meeting's start right after it (RFC 3339, Europe/Rome offset).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub start: DateTime<FixedOffset>,
    /// The meeting's end right after it (RFC 3339, Europe/Rome offset).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub end: DateTime<FixedOffset>,
}

/// A request for a place: the slot (exact start and end of a generated slot) and who asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BookingRequest {
    /// The booking's id; derived from the request (UUID v5) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub id: Option<String>,
    /// Start of the slot (RFC 3339), exactly as generated.
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub start: DateTime<FixedOffset>,
    /// End of the slot (RFC 3339), exactly as generated.
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub end: DateTime<FixedOffset>,
    /// Required when overlapping opening hours offer the slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub opening_hour: Option<String>,
    /// The person the per-user limits count (e.g. codice fiscale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub user: Option<String>,
    /// The practice the meeting belongs to (one active meeting per practice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub practice: Option<String>,
    /// Who books: a logged-in citizen (the default), a citizen without login, or an operator; the
    /// calendar's `requiredData` for that channel must be present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub booked_by: Option<BookedBy>,
    /// The citizen's (first) name, for the operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
    /// The citizen's surname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub surname: Option<String>,
    /// The citizen's e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub email: Option<String>,
    /// The citizen's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub phone: Option<String>,
    /// The reason for the meeting ("motivo"), asked when an operator books.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<String>,
    /// A note from the citizen to the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub message: Option<String>,
}

/// Who makes a booking (a request's `bookedBy`; JSON `"citizen"`, `"anonymous"`, `"operator"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase")]
pub enum BookedBy {
    /// A logged-in citizen (identity from the login).
    #[default]
    Citizen,
    /// A citizen without login.
    Anonymous,
    /// An operator, for a citizen (at the counter or on the phone).
    Operator,
}

impl BookedBy {
    /// The actor of the booking's first history entry.
    pub fn actor(self) -> Actor {
        match self {
            BookedBy::Citizen | BookedBy::Anonymous => Actor::Citizen,
            BookedBy::Operator => Actor::Operator,
        }
    }
}

impl BookingRequest {
    /// A request for the slot `start`-`end` with nothing else (a logged-in citizen, no data):
    /// the base for struct-update syntax, `BookingRequest { user: ..., ..BookingRequest::new(s, e) }`.
    pub fn new(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> BookingRequest {
        BookingRequest {
            id: None,
            start,
            end,
            opening_hour: None,
            user: None,
            practice: None,
            booked_by: None,
            name: None,
            surname: None,
            email: None,
            phone: None,
            reason: None,
            message: None,
        }
    }

    /// The first of the calendar's required data for this request's `bookedBy` that is missing or
    /// blank (`slots.missing_data`, naming the field).
    pub fn check_required(&self, required: &RequiredData) -> Result<(), SlotsError> {
        let (fields, by) = match self.booked_by.unwrap_or_default() {
            BookedBy::Citizen => (&required.citizen, "citizen"),
            BookedBy::Anonymous => (&required.anonymous, "anonymous"),
            BookedBy::Operator => (&required.operator, "operator"),
        };
        for f in fields {
            let value = match f {
                ContactField::Name => &self.name,
                ContactField::Surname => &self.surname,
                ContactField::Email => &self.email,
                ContactField::Phone => &self.phone,
                ContactField::Reason => &self.reason,
            };
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                return Err(SlotsError::MissingData { field: f.name().into(), booked_by: by.into() });
            }
        }
        Ok(())
    }
}

/// A booking (a meeting in the reference platform).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "slots/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Booking {
    /// The booking's id (given in the request or a UUID v5 derived from it).
    pub id: String,
    /// The calendar; a booking without one counts in every calendar it is given to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub calendar_id: Option<String>,
    /// Id of the opening hour that offers the slot (JSON `openingHour`).
    pub opening_hour: String,
    /// Start of the meeting (RFC 3339, Europe/Rome offset).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub start: DateTime<FixedOffset>,
    /// End of the meeting (RFC 3339, Europe/Rome offset).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub end: DateTime<FixedOffset>,
    /// Where the booking is in its life.
    pub status: BookingStatus,
    /// The person the per-user limits count (e.g. codice fiscale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub user: Option<String>,
    /// The practice the meeting belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub practice: Option<String>,
    /// The citizen's (first) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
    /// The citizen's surname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub surname: Option<String>,
    /// The citizen's e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub email: Option<String>,
    /// The citizen's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub phone: Option<String>,
    /// The reason for the meeting ("motivo").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<String>,
    /// A note from the citizen to the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub message: Option<String>,
    /// The operator's reason for a refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub outcome: Option<String>,
    /// The link of a meeting held by videoconference, set by the back office (the reference
    /// platform's `videoconferenceLink`, shown to operators); kept as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub videoconference_link: Option<String>,
    /// When the draft was created (RFC 3339, JSON `createdAt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub created_at: Option<DateTime<FixedOffset>>,
    /// Drafts only: the place is held while `expiresAt > now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub expires_at: Option<DateTime<FixedOffset>>,
    /// Every action, oldest first (the first is `create`).
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}

/// What a practice's new status does to its meetings, as the reference platform drives them
/// (slots.md §3.3, OpenCity `CalendarsBackOffice::execute`):
/// - 20000 Ritirata or 50000 Annullata: the practice's **future** pending or confirmed meetings
///   are cancelled;
/// - 1530 Pagamento rifiutato or 9000 Rifiutata: its future pending or confirmed meetings are
///   refused;
/// - 7000 Accettata: its pending meetings are confirmed;
/// - any other status changes nothing.
///
/// Returns only the bookings that change (in the order given), each with one history entry by
/// [`Actor::System`]; a cancelled or refused meeting takes `reason` (the practice's motivation)
/// as its outcome. Drafts and meetings of other practices are left alone; a meeting is future
/// when it starts after `now`.
pub fn follow_practice(
    bookings: &[Booking],
    practice: &str,
    status: crate::practice::Status,
    now: DateTime<FixedOffset>,
    reason: Option<&str>,
) -> Vec<Booking> {
    use crate::practice::Status as P;
    use BookingStatus::{Cancelled, Confirmed, PendingApproval, Refused};
    let (from, to, action, future_only): (&[BookingStatus], _, _, _) = match status {
        P::Withdrawn | P::Annulled => (&[PendingApproval, Confirmed], Cancelled, Action::Cancel, true),
        P::PaymentFailed | P::Rejected => (&[PendingApproval, Confirmed], Refused, Action::Refuse, true),
        P::Accepted => (&[PendingApproval], Confirmed, Action::Approve, false),
        _ => return Vec::new(),
    };
    bookings
        .iter()
        .filter(|b| b.practice.as_deref() == Some(practice) && from.contains(&b.status) && (!future_only || b.start > now))
        .map(|b| {
            let mut next = b.step(now, action, Actor::System, to);
            if to != Confirmed {
                next.outcome = reason.map(str::to_owned).or(next.outcome);
            }
            next
        })
        .collect()
}

impl Calendar {
    /// Creates a draft that holds the requested slot for `draftMinutes`. The slot must be a
    /// generated, available slot; the practice may have no other active meeting; the user must be
    /// within the per-user limits.
    pub fn book(&self, request: &BookingRequest, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<Booking, SlotsError> {
        self.validate()?;
        request.check_required(&self.required_data)?;
        let (start, end) = (request.start, request.end);
        let placed = rules::check(
            self,
            &rules::Request {
                start,
                end,
                opening_hour: request.opening_hour.as_deref(),
                user: request.user.as_deref(),
                practice: request.practice.as_deref(),
                exclude: None,
            },
            bookings,
            now,
        )?;
        let id = match &request.id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            Some(_) => return Err(SlotsError::EmptyId { field: "id".into() }),
            None => rules::derived_id(self, &start, &end, request, &now),
        };
        let start = in_rome(&start);
        let end = in_rome(&end);
        let expires_at = add_elapsed(&now, Duration::minutes(i64::from(self.draft_minutes)));
        let now = in_rome(&now);
        Ok(Booking {
            id,
            calendar_id: Some(self.id.clone()),
            opening_hour: placed.opening_hour,
            start,
            end,
            status: BookingStatus::Draft,
            user: request.user.clone(),
            practice: request.practice.clone(),
            name: request.name.clone(),
            surname: request.surname.clone(),
            email: request.email.clone(),
            phone: request.phone.clone(),
            reason: request.reason.clone(),
            message: request.message.clone(),
            outcome: None,
            videoconference_link: None,
            created_at: Some(now),
            expires_at,
            history: vec![HistoryEntry {
                at: now,
                action: Action::Create,
                actor: request.booked_by.unwrap_or_default().actor(),
                status: BookingStatus::Draft,
                start,
                end,
            }],
        })
    }
}

impl Booking {
    /// Whether the booking takes a place at `now`: pending, confirmed, or a draft with `expiresAt > now`.
    pub fn holds_place(&self, now: DateTime<FixedOffset>) -> bool {
        match self.status {
            BookingStatus::PendingApproval | BookingStatus::Confirmed => true,
            BookingStatus::Draft => self.expires_at.is_some_and(|e| e > now),
            _ => false,
        }
    }

    /// A draft whose hold has ended (a draft without `expiresAt` counts as expired).
    pub fn is_expired(&self, now: DateTime<FixedOffset>) -> bool {
        self.status == BookingStatus::Draft && !self.holds_place(now)
    }

    /// Whether the booking counts in `calendar` (same id, or no calendar id).
    pub fn belongs_to(&self, calendar: &Calendar) -> bool {
        self.calendar_id.as_ref().is_none_or(|c| *c == calendar.id)
    }

    /// How many times a submitted (non-draft) booking was moved.
    pub fn reschedule_count(&self) -> u32 {
        let mut n = 0u32;
        let mut prev = BookingStatus::Draft;
        for h in &self.history {
            if h.action == Action::Reschedule && prev != BookingStatus::Draft {
                n = n.saturating_add(1);
            }
            prev = h.status;
        }
        n
    }

    /// The last moment a citizen may cancel or move the meeting: start − `cancelNoticeDays`
    /// calendar days on the Europe/Rome wall clock (same local time, with Rome's offset of that
    /// day: a meeting on 30 March 2026 at 09:00+02:00 with 3 days can be cancelled until
    /// 27 March 09:00+01:00). A local time that does not exist (spring forward) is shifted forward
    /// by the gap; a repeated one (fall back) is the earlier instant.
    pub fn cancel_deadline(&self, calendar: &Calendar) -> DateTime<FixedOffset> {
        add_local_days(&self.start, -i64::from(calendar.cancel_notice_days)).unwrap_or_else(|| in_rome(&self.start))
    }

    /// When the reminder e-mail of this meeting goes, by the calendar's `reminder`: `daysBefore`
    /// local dates before the meeting's local date (default 1, the day before), at the reminder's
    /// `at` time or else at the meeting's own local start time, on the Europe/Rome wall clock (a
    /// meeting on Monday 30 March 2026 at 09:00+02:00 is reminded on Sunday 29 March at
    /// 09:00+02:00, 23 elapsed hours earlier; a local time inside the spring-forward gap is
    /// shifted forward by the gap, a repeated one is the earlier instant). `None` when the
    /// calendar sends no reminder, the booking is not pending or confirmed, or the instant is not
    /// after the booking was created (a meeting booked after its reminder's time gets none).
    pub fn reminder_at(&self, calendar: &Calendar) -> Option<DateTime<FixedOffset>> {
        let r = calendar.reminder.as_ref()?;
        if !matches!(self.status, BookingStatus::PendingApproval | BookingStatus::Confirmed) {
            return None;
        }
        let local = in_rome(&self.start).naive_local();
        let date = crate::iso::sub_days(local.date(), u64::from(r.days_before))?;
        let at = resolve_derived(date.and_time(r.at.unwrap_or(local.time())))?;
        match self.created_at.or_else(|| self.history.first().map(|h| h.at)) {
            Some(created) if at <= created => None,
            _ => Some(at),
        }
    }

    /// Draft -> pending approval (moderated calendar or opening hour) or confirmed.
    ///
    /// The draft may come from a stale view, so the slot is checked again against `calendar` and
    /// `bookings` as they are now (give every booking the store holds for the calendar, and the
    /// user's bookings elsewhere when limits are shared): a closure or holiday added since
    /// (`slots.closed`), places taken since by submitted bookings or by drafts created before this
    /// one (`slots.full`), a per-user limit reached since (`slots.user_limit`), a slot that the
    /// calendar no longer offers (`slots.no_such_slot`). Drafts created after this one do not count.
    pub fn submit(&self, calendar: &Calendar, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<Booking, SlotsError> {
        self.check_calendar(calendar)?;
        self.require_status(&[BookingStatus::Draft], Action::Submit)?;
        self.check_not_expired(now)?;
        if let Some(p) = &self.practice {
            rules::check_practice(p, Some(&self.id), bookings, now)?;
        }
        calendar.validate()?;
        rules::recheck(calendar, self, bookings, now)?;
        let moderated = calendar.moderated || calendar.opening_hour(&self.opening_hour).is_some_and(|oh| oh.moderated);
        let status = if moderated { BookingStatus::PendingApproval } else { BookingStatus::Confirmed };
        let mut b = self.step(now, Action::Submit, Actor::Citizen, status);
        b.expires_at = None;
        Ok(b)
    }

    /// Pending approval -> confirmed (operator).
    pub fn approve(&self, now: DateTime<FixedOffset>) -> Result<Booking, SlotsError> {
        self.require_status(&[BookingStatus::PendingApproval], Action::Approve)?;
        Ok(self.step(now, Action::Approve, Actor::Operator, BookingStatus::Confirmed))
    }

    /// Pending approval or confirmed -> refused (operator), with an optional reason.
    pub fn refuse(&self, now: DateTime<FixedOffset>, outcome: Option<&str>) -> Result<Booking, SlotsError> {
        self.require_status(&[BookingStatus::PendingApproval, BookingStatus::Confirmed], Action::Refuse)?;
        let mut b = self.step(now, Action::Refuse, Actor::Operator, BookingStatus::Refused);
        b.outcome = outcome.map(str::to_string);
        Ok(b)
    }

    /// Draft, pending or confirmed -> cancelled. A citizen may cancel a pending or confirmed
    /// meeting only until [`Booking::cancel_deadline`]; a draft at any time.
    pub fn cancel(&self, calendar: &Calendar, actor: Actor, now: DateTime<FixedOffset>) -> Result<Booking, SlotsError> {
        self.check_calendar(calendar)?;
        self.require_status(&[BookingStatus::Draft, BookingStatus::PendingApproval, BookingStatus::Confirmed], Action::Cancel)?;
        self.check_citizen_deadline(calendar, actor, now)?;
        let mut b = self.step(now, Action::Cancel, actor, BookingStatus::Cancelled);
        b.expires_at = None;
        Ok(b)
    }

    /// Confirmed -> done (operator), once the meeting has started.
    pub fn mark_done(&self, now: DateTime<FixedOffset>) -> Result<Booking, SlotsError> {
        self.finish(now, Action::MarkDone, BookingStatus::Done)
    }

    /// Confirmed -> missed (operator), once the meeting has started.
    pub fn mark_missed(&self, now: DateTime<FixedOffset>) -> Result<Booking, SlotsError> {
        self.finish(now, Action::MarkMissed, BookingStatus::Missed)
    }

    /// The practice awaits a payment: an unexpired draft is held longer,
    /// `expiresAt = max(expiresAt, min(now + extension, createdAt + draftMinutes + extension))`,
    /// so repeating it never holds the place past the calendar's cap. The extension is in calendar
    /// days on the Europe/Rome wall clock (see [`Booking::cancel_deadline`] for the DST rule).
    pub fn await_payment(&self, calendar: &Calendar, now: DateTime<FixedOffset>) -> Result<Booking, SlotsError> {
        self.check_calendar(calendar)?;
        self.require_status(&[BookingStatus::Draft], Action::AwaitPayment)?;
        self.check_not_expired(now)?;
        // Minutes are elapsed time; the extension is in calendar days on Rome's wall clock.
        let ext = i64::from(calendar.payment_extension_days);
        let created = self.created_at.or_else(|| self.history.first().map(|h| h.at)).unwrap_or(now);
        let cap = add_elapsed(&created, Duration::minutes(i64::from(calendar.draft_minutes))).and_then(|t| add_local_days(&t, ext));
        let wanted = add_local_days(&now, ext);
        let target = match (wanted, cap) {
            (Some(w), Some(c)) => Some(w.min(c)),
            (w, c) => w.or(c),
        };
        let mut b = self.step(now, Action::AwaitPayment, Actor::System, BookingStatus::Draft);
        b.expires_at = match (self.expires_at, target) {
            (Some(e), Some(t)) => Some(e.max(t)),
            (e, t) => e.or(t),
        };
        Ok(b)
    }

    /// Moves the booking to another slot of the same calendar, keeping its id and recording the
    /// move in the history. The new slot is checked like a new booking (this booking's own place
    /// does not count). A citizen must respect the cancellation deadline of the current slot; a
    /// confirmed meeting moved by a citizen in a moderated calendar goes back to pending approval.
    // The core holds no clock and no store: `now` and the other bookings are arguments, so a move
    // needs all seven; a struct for them would only wrap the same values in every binding.
    #[allow(clippy::too_many_arguments)]
    pub fn reschedule(
        &self,
        calendar: &Calendar,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
        opening_hour: Option<&str>,
        actor: Actor,
        bookings: &[Booking],
        now: DateTime<FixedOffset>,
    ) -> Result<Booking, SlotsError> {
        calendar.validate()?;
        self.check_calendar(calendar)?;
        self.require_status(&[BookingStatus::Draft, BookingStatus::PendingApproval, BookingStatus::Confirmed], Action::Reschedule)?;
        if self.status == BookingStatus::Draft {
            self.check_not_expired(now)?;
        }
        self.check_citizen_deadline(calendar, actor, now)?;
        let placed = rules::check(
            calendar,
            &rules::Request { start, end, opening_hour, user: self.user.as_deref(), practice: self.practice.as_deref(), exclude: Some(&self.id) },
            bookings,
            now,
        )?;
        let status = if actor == Actor::Citizen && self.status == BookingStatus::Confirmed && placed.moderated {
            BookingStatus::PendingApproval
        } else {
            self.status
        };
        let mut b = self.clone();
        b.start = in_rome(&start);
        b.end = in_rome(&end);
        b.opening_hour = placed.opening_hour;
        Ok(b.step(now, Action::Reschedule, actor, status))
    }

    fn finish(&self, now: DateTime<FixedOffset>, action: Action, status: BookingStatus) -> Result<Booking, SlotsError> {
        self.require_status(&[BookingStatus::Confirmed], action)?;
        if now < self.start {
            return Err(SlotsError::NotStarted { start: self.start });
        }
        Ok(self.step(now, action, Actor::Operator, status))
    }

    fn step(&self, now: DateTime<FixedOffset>, action: Action, actor: Actor, status: BookingStatus) -> Booking {
        let mut b = self.clone();
        b.status = status;
        b.history.push(HistoryEntry { at: in_rome(&now), action, actor, status, start: b.start, end: b.end });
        b
    }

    fn require_status(&self, allowed: &[BookingStatus], action: Action) -> Result<(), SlotsError> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(SlotsError::TransitionNotAllowed { from: self.status, action })
        }
    }

    fn check_not_expired(&self, now: DateTime<FixedOffset>) -> Result<(), SlotsError> {
        if self.is_expired(now) {
            return Err(SlotsError::DraftExpired { expired_at: self.expires_at });
        }
        Ok(())
    }

    fn check_calendar(&self, calendar: &Calendar) -> Result<(), SlotsError> {
        match &self.calendar_id {
            Some(c) if *c != calendar.id => Err(SlotsError::WrongCalendar { booking: self.id.clone(), calendar: c.clone() }),
            _ => Ok(()),
        }
    }

    fn check_citizen_deadline(&self, calendar: &Calendar, actor: Actor, now: DateTime<FixedOffset>) -> Result<(), SlotsError> {
        if actor == Actor::Citizen && self.status != BookingStatus::Draft {
            let deadline = self.cancel_deadline(calendar);
            if now > deadline {
                return Err(SlotsError::CancelTooLate { deadline });
            }
        }
        Ok(())
    }
}
