//! The citizen's journey through a service, as pure functions of the service, an identity, a
//! submission and `now`: may this person start it, the form's evaluation, the charges due, the
//! practice created and its office, its deadline, the booking offered.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::definition::{Channel, Integration, ServiceStatus};
use super::error::ServiceError;
use super::load::Service;
use crate::access::{Acting, Decision, Identity};
use crate::error::Coded;
use crate::forms::{EvalContext, Evaluation};
use crate::notify::{self, Author, BookingFacts, CalendarNotify, Citizen, Notification, NotifyContext};
use crate::payments::{Amount, ChargeKind, ChargePhase, PaymentPlan};
use crate::practice::{rome_date, Actor, ActorKind, Deadline, Event as PracticeEvent, EventArg, Lang, Practice, PracticeRecord, Status};
use crate::slots::{Booking, BookingRequest, Slot};
use crate::workdays::HolidayCalendar;

/// How many days of the linked calendar a booking offer covers, from the day asked.
pub const OFFER_DAYS: u64 = 14;

/// What [`Service::start`] needs: the practice id to give, the logged-in person, on whose behalf
/// they act, and the form's data. JSON: `{"practiceId": "...", "identity": {...}, "acting": {"as":
/// "delegate", ...}, "data": {...}}` (`acting` absent: for oneself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartRequest {
    /// The id of the practice to create.
    pub practice_id: String,
    /// The logged-in person (e.g. from [`Identity::from_spid`]).
    pub identity: Identity,
    /// On whose behalf they act (absent: for themselves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub acting: Option<Acting>,
    /// The submission's data.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub data: Value,
}

/// What [`Service::start`] gives: the access decision, the form's evaluation, the charges due,
/// the office and the new practice (a draft whose applicant is the person acted for).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Started {
    /// The access decision (allowed).
    pub decision: Decision,
    /// The form's evaluation (valid).
    pub evaluation: Evaluation,
    /// The charges due, request and release phase.
    pub charges: PaymentPlan,
    /// The office the practice goes to (`null` when the service has no offices).
    pub office: Option<String>,
    /// The practice's applicant: the person acted for, or the person logged in.
    pub applicant: String,
    /// The new practice, a draft.
    pub practice: PracticeRecord,
    /// The amount the form computed at `payments.amountField` (`calculateValue`), to give with
    /// `submit` (`{"type": "submit", "amount": ...}`); absent when the service names no field
    /// or the form left it empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    pub amount: Option<Amount>,
}

/// One step of a [`Journey`] after the start: a practice event (`actor`, `event`, `message?`) or a
/// booking of the linked calendar's slot starting at `book`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JourneyStep {
    /// When.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// Who applies the event (with `event`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub actor: Option<Actor>,
    /// The practice event: its name or the event with its data (`{"type": "register", "protocolNumber": "..."}`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, type = "string | Record<string, unknown>"))]
    pub event: Option<EventArg>,
    /// The event's message.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub message: Option<String>,
    /// Book the slot starting at this instant (instead of an event).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub book: Option<DateTime<FixedOffset>>,
}

/// A whole journey: the login (SPID attributes or an identity), the start and the steps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Journey {
    /// The SPID assertion's attributes (`fiscalNumber`, `name`, ..., `authnContextClassRef`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub spid: Option<BTreeMap<String, String>>,
    /// An identity already built (instead of `spid`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub identity: Option<Identity>,
    /// On whose behalf the person acts.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub acting: Option<Acting>,
    /// The practice id.
    pub practice_id: String,
    /// The form's data.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub data: Value,
    /// When the practice is started.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// The steps, in order.
    #[serde(default)]
    pub steps: Vec<JourneyStep>,
    /// Bookings already in the linked calendar.
    #[serde(default)]
    pub bookings: Vec<Booking>,
    /// Who can be told (the notify capability's context: entity, operators of the office,
    /// calendar contact, links). Absent: no notifications are computed. Its `service` defaults to
    /// the card's id and names, its `citizen` to the identity's name, codice fiscale and e-mail,
    /// its `calendar` to the linked calendar's id, title and location.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub notify: Option<NotifyContext>,
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StepReport {
    /// The statuses entered (automatic follow-ups included; empty for a booking).
    pub statuses: Vec<Status>,
    /// The back-office integrations due because a status entered is their trigger.
    pub integrations: Vec<Integration>,
    /// The response deadline's due date after the step, on the step's day (`null`: none, or the
    /// clock waits for an integration answer).
    #[serde(default, deserialize_with = "crate::iso::de_opt_date")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub due_date: Option<NaiveDate>,
    /// The notifications due because of the step (the notify capability's [`notify::due`] with
    /// the service's messages tab): empty when the journey gives no `notify` context.
    pub notifications: Vec<Notification>,
    /// For a booking: the slots offered ([`Service::offer`] from the step's day).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Slot>>"))]
    pub offered: Vec<Slot>,
    /// For a booking: the booking made and submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub booking: Option<Booking>,
    /// For a booking on a calendar with a reminder: when it goes and the notifications then due
    /// (absent when the calendar has no reminder or its instant is already past at booking).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reminder: Option<ReminderReport>,
}

/// The reminder of a booking made along a journey. JSON: `{"at": "2026-03-12T09:30:00+01:00",
/// "notifications": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReminderReport {
    /// When the reminder goes (the calendar's `reminder`, Europe/Rome wall time, RFC 3339).
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// The notifications due then (empty when the journey gives no `notify` context).
    pub notifications: Vec<Notification>,
}

/// What [`Service::walk`] gives: the start, every step, and where the practice ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "service/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JourneyReport {
    /// The logged-in person's identity.
    pub identity: Identity,
    /// The start.
    pub started: Started,
    /// The steps.
    pub steps: Vec<StepReport>,
    /// The practice's last status.
    pub status: Status,
    /// Its protocol number, once registered.
    pub protocol_number: Option<String>,
    /// Its response deadline on the last step's day (`null` when the service has none).
    pub deadline: Option<Deadline>,
    /// The practice at the end.
    pub practice: PracticeRecord,
}

impl Service {
    /// Whether the service takes applications online at `now`: published (or scheduled and within
    /// its dates), with the online channel. `service.not_open` otherwise, with the reason
    /// (`draft`, `suspended`, `private`, `notYetOpen`, `closed`, `notOnline`).
    pub fn open_at(&self, now: DateTime<FixedOffset>) -> Result<(), ServiceError> {
        let card = &self.def.card;
        let closed = |reason: &str| Err(ServiceError::NotOpen { id: card.id.clone(), reason: reason.into() });
        match card.status {
            ServiceStatus::Draft => return closed("draft"),
            ServiceStatus::Suspended => return closed("suspended"),
            ServiceStatus::Private => return closed("private"),
            ServiceStatus::Scheduled => {
                if card.scheduled_from.is_some_and(|f| now < f) {
                    return closed("notYetOpen");
                }
                if card.scheduled_to.is_some_and(|t| now >= t) {
                    return closed("closed");
                }
            }
            ServiceStatus::Published => {}
        }
        if !card.channels.contains(&Channel::Online) {
            return closed("notOnline");
        }
        Ok(())
    }

    /// May this person start the service at `now`: the access decision (with, on a denial, the
    /// credentials that would be enough). `identity` `None`: not logged in.
    pub fn decide(&self, identity: Option<&Identity>, acting: Option<&Acting>, now: DateTime<FixedOffset>) -> Decision {
        let credential = identity.map(Identity::credential);
        match acting {
            None | Some(Acting::Own) => self.policy.decide(self.id(), credential.as_ref(), now),
            Some(a) => self.policy.decide_for(self.id(), credential.as_ref(), now, a),
        }
    }

    /// The form's evaluation of `data` on `now`'s date (Europe/Rome), with the office assigned.
    pub fn evaluate(&self, data: &Value, now: DateTime<FixedOffset>) -> Result<Evaluation, ServiceError> {
        let ctx = EvalContext { today: Some(rome_date(now)), ..EvalContext::default() };
        self.form
            .evaluate(data, &ctx)
            .map_err(|e| ServiceError::Form { path: "data".into(), cause: e.code().into(), message: e.to_string() })
    }

    /// Starts the service: checks it is open, the access decision, the form's validation, and
    /// creates the practice (a draft, created by the person logged in, whose applicant is the person
    /// acted for), assigned to the office the form gives (an `assignOffice` by the system). Errors `service.not_open`, `service.access_denied` (with the sufficient
    /// credentials), `service.invalid_submission` (with the form's errors), `service.form`.
    pub fn start(&self, request: &StartRequest, now: DateTime<FixedOffset>) -> Result<Started, ServiceError> {
        self.open_at(now)?;
        let decision = self.decide(Some(&request.identity), request.acting.as_ref(), now);
        if !decision.allowed {
            return Err(ServiceError::AccessDenied { reason: decision.reason, sufficient: decision.sufficient.to_vec() });
        }
        let evaluation = self.evaluate(&request.data, now)?;
        if !evaluation.valid {
            return Err(ServiceError::InvalidSubmission { errors: evaluation.errors });
        }
        let applicant = decision.on_behalf_of.clone().unwrap_or_else(|| request.identity.fiscal_code.clone());
        let amount = self.form_amount(&evaluation)?;
        let mut practice = Practice::new_by(
            request.practice_id.clone(),
            applicant.clone(),
            self.config.clone(),
            Actor::citizen(request.identity.fiscal_code.clone()),
            now,
        );
        // The practice carries the office the form assigns (issue 17 item 2): an `assignOffice`
        // by the system, in the draft's log, so it replays.
        if let Some(office) = &evaluation.assigned_office {
            let event = PracticeEvent::AssignOffice { office: office.clone() };
            practice.apply(event, Actor::system(), now, None).map_err(|e| ServiceError::invalid("assignment", e.to_string()))?;
        }
        Ok(Started {
            decision,
            office: evaluation.assigned_office.clone(),
            evaluation,
            charges: self.plan.clone(),
            applicant,
            practice: practice.to_record(),
            amount,
        })
    }

    /// The amount the form computed at `payments.amountField` in the evaluation's data: `None`
    /// when the service names no field or the value is empty; a number of whole cents (a form
    /// computes in floating point: `5.16 + 1` is `6.16`) or an amount's text. Anything else is
    /// `service.invalid` naming `data.<path>`.
    pub fn form_amount(&self, evaluation: &Evaluation) -> Result<Option<Amount>, ServiceError> {
        let Some(path) = &self.amount_path else { return Ok(None) };
        let value = path.split('.').try_fold(&evaluation.data, |v, k| v.get(k));
        let bad = |reason: &str| ServiceError::invalid(format!("data.{path}"), reason);
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Amount::parse(s).map(Some).map_err(|e| bad(&e.to_string())),
            Some(Value::Number(n)) => {
                let cents = n.as_f64().map(|f| f * 100.0).filter(|c| c.is_finite() && *c >= 0.0 && (c - c.round()).abs() < 1e-6);
                // Whole cents below 10^17 convert exactly; `from_cents` then checks the maximum.
                let cents = cents.filter(|c| *c < 1e17).map(|c| c.round() as u64);
                cents
                    .and_then(|c| Amount::from_cents(c).ok())
                    .map(Some)
                    .ok_or_else(|| bad("the form's amount is not an amount of whole cents"))
            }
            Some(_) => Err(bad("the form's amount is not a number")),
        }
    }

    /// The slots of the linked calendar offered from `from` for [`OFFER_DAYS`] days, available ones
    /// only (empty when the service has no calendar).
    pub fn offer(&self, from: NaiveDate, bookings: &[Booking], now: DateTime<FixedOffset>) -> Result<Vec<Slot>, crate::Error> {
        let Some(cal) = &self.calendar else { return Ok(Vec::new()) };
        let to = crate::iso::add_days(from, OFFER_DAYS - 1).unwrap_or(crate::iso::LAST_DATE).max(from);
        Ok(cal.slots(from, to, bookings, now)?.into_iter().filter(|s| s.available).collect())
    }

    /// The integrations due when the practice enters `statuses`.
    pub fn integrations_due(&self, statuses: &[Status]) -> Vec<Integration> {
        self.def.integrations.iter().filter(|i| statuses.contains(&i.trigger)).cloned().collect()
    }

    /// The notify context of a journey, with the service, the citizen and the calendar filled in
    /// from the service and the identity where the caller left them out.
    fn notify_context(&self, mut c: NotifyContext, identity: &Identity) -> NotifyContext {
        let card = &self.def.card;
        if c.service.id.is_empty() {
            c.service.id = card.id.clone();
        }
        if c.service.name.is_empty() {
            c.service.name = card.name.it.clone();
            for lang in [Lang::En, Lang::De] {
                if let Some(n) = card.name.get(lang) {
                    c.service.names.insert(lang, n.to_string());
                }
            }
        }
        if c.citizen.is_none() {
            let name = [identity.given_name.as_deref(), identity.family_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
            c.citizen = Some(Citizen {
                name,
                fiscal_code: Some(identity.fiscal_code.clone()),
                email: identity.email.clone(),
                phone: identity.mobile_phone.clone(),
                pec: identity.digital_address.clone(),
                lang: None,
            });
        }
        if c.calendar.is_none() {
            if let Some(cal) = &self.calendar {
                c.calendar = Some(CalendarNotify {
                    id: cal.id.clone(),
                    title: cal.title.clone(),
                    location: cal.location.clone(),
                    contact_email: None,
                    citizen: true,
                    contact: true,
                    reminders: true,
                });
            }
        }
        c
    }

    /// The notifications `events` make due with the service's messages tab (none without a context).
    fn notifications(
        &self,
        events: &[notify::Event],
        context: Option<&NotifyContext>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<Notification>, notify::NotifyError> {
        let Some(context) = context else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for e in events {
            out.extend(notify::due(e, &self.def.messages, context, Some(now))?);
        }
        Ok(out)
    }

    /// Runs a whole journey: the login, the start, then every step (practice events and bookings),
    /// reporting what each did. The first step refused stops it: `service.step` with the index
    /// and the underlying code (`practice.guard`, `slots.slot_full`, ...).
    pub fn walk(&self, journey: &Journey) -> Result<JourneyReport, crate::Error> {
        let identity = match (&journey.spid, &journey.identity) {
            (Some(attrs), None) => Identity::from_spid(attrs, rome_date(journey.at))?,
            (None, Some(id)) => id.clone(),
            _ => return Err(ServiceError::invalid("journey", "give exactly one of `spid` and `identity`").into()),
        };
        let request = StartRequest {
            practice_id: journey.practice_id.clone(),
            identity: identity.clone(),
            acting: journey.acting.clone(),
            data: journey.data.clone(),
        };
        let started = self.start(&request, journey.at)?;
        // The started draft, with its office.
        let mut practice = Practice::from_record(started.practice.clone()).map_err(|e| ServiceError::invalid("practice", e.to_string()))?;
        let context = journey.notify.clone().map(|c| self.notify_context(c, &identity));
        let mut integration_requests = 0usize;
        let mut bookings = journey.bookings.clone();
        let mut steps = Vec::with_capacity(journey.steps.len());
        let mut last = journey.at;
        let italy = HolidayCalendar::italy();
        for (i, step) in journey.steps.iter().enumerate() {
            last = step.at;
            match (&step.event, step.book) {
                (Some(event), None) => {
                    let actor = step.actor.clone().ok_or_else(|| ServiceError::invalid(format!("steps[{i}].actor"), "an event needs its actor"))?;
                    let event = match event.clone().event().map_err(|e| ServiceError::step(i, &e))? {
                        // The form's computed amount goes with the submission.
                        PracticeEvent::Submit { amount: None } => PracticeEvent::Submit { amount: started.amount },
                        other => other,
                    };
                    let before = practice.timeline().len();
                    let by = match actor.kind {
                        ActorKind::Citizen => Some(Author::Citizen),
                        ActorKind::Operator => Some(Author::Operator),
                        _ => None,
                    };
                    practice.apply(event.clone(), actor, step.at, step.message.clone()).map_err(|e| ServiceError::step(i, &e))?;
                    let statuses: Vec<Status> = practice.timeline()[before..].iter().map(|t| t.status).collect();
                    let due_date = practice.due_date(Some(rome_date(step.at)), Some(&italy)).map_err(|e| ServiceError::step(i, &e))?;
                    let mut events = Vec::new();
                    let id = journey.practice_id.clone();
                    // The fees due in the phase the practice is in (request before the outcome).
                    let phase = if practice.outcome().is_some() { ChargePhase::Release } else { ChargePhase::Request };
                    let fees = practice.charges().into_iter().filter(|c| c.phase == phase && c.kind != ChargeKind::Bollo).map(|c| c.amount);
                    let amount = Amount::sum(fees).unwrap_or(self.def.practice.payment_amount);
                    for t in &practice.timeline()[before..] {
                        let protocol_number = practice.protocol_number().filter(|_| t.status == Status::Registered).map(str::to_string);
                        events.push(notify::Event::PracticeTransition {
                            practice: id.clone(),
                            from: t.from,
                            to: t.status,
                            at: t.at,
                            by,
                            protocol_number,
                            reason: step.message.clone().filter(|_| matches!(t.status, Status::Rejected | Status::Withdrawn)),
                        });
                        match t.status {
                            Status::PaymentPending => events.push(notify::Event::PaymentCreated {
                                practice: id.clone(),
                                payment: format!("{id}-pagamento"),
                                amount,
                                at: t.at,
                                notice_code: None,
                                expires_at: None,
                            }),
                            Status::PaymentSucceeded => {
                                events.push(notify::Event::PaymentPaid { practice: id.clone(), payment: format!("{id}-pagamento"), amount, at: t.at })
                            }
                            _ => {}
                        }
                    }
                    match event {
                        PracticeEvent::RequestIntegration => {
                            integration_requests += 1;
                            events.push(notify::Event::IntegrationRequested {
                                practice: id.clone(),
                                request: format!("{id}-integrazione-{integration_requests}"),
                                at: step.at,
                                text: step.message.clone(),
                            });
                        }
                        PracticeEvent::AnswerIntegration => events.push(notify::Event::IntegrationAnswered {
                            practice: id.clone(),
                            request: format!("{id}-integrazione-{integration_requests}"),
                            at: step.at,
                        }),
                        _ => {}
                    }
                    let notifications = self.notifications(&events, context.as_ref(), step.at).map_err(|e| ServiceError::step(i, &e))?;
                    steps.push(StepReport {
                        integrations: self.integrations_due(&statuses),
                        statuses,
                        due_date,
                        notifications,
                        offered: Vec::new(),
                        booking: None,
                        reminder: None,
                    });
                }
                (None, Some(start)) => {
                    let Some(cal) = &self.calendar else {
                        return Err(ServiceError::inconsistent(format!("steps[{i}].book"), "the service has no calendar").into());
                    };
                    let offered = self.offer(rome_date(step.at), &bookings, step.at).map_err(|e| ServiceError::step(i, &e))?;
                    let Some(slot) = offered.iter().find(|s| s.start == start) else {
                        return Err(ServiceError::Step {
                            step: i,
                            cause: "slots.unavailable".into(),
                            message: format!("no slot offered starts at {start}"),
                        }
                        .into());
                    };
                    let request = BookingRequest {
                        id: Some(format!("{}-{}", journey.practice_id, bookings.len() + 1)),
                        user: Some(started.applicant.clone()),
                        practice: Some(journey.practice_id.clone()),
                        booked_by: Some(crate::slots::BookedBy::Citizen),
                        ..BookingRequest::new(slot.start, slot.end)
                    };
                    let draft = cal.book(&request, &bookings, step.at).map_err(|e| ServiceError::step(i, &e))?;
                    let booked = draft.submit(cal, &bookings, step.at).map_err(|e| ServiceError::step(i, &e))?;
                    bookings.push(booked.clone());
                    let due_date = practice.due_date(Some(rome_date(step.at)), Some(&italy)).map_err(|e| ServiceError::step(i, &e))?;
                    let facts = BookingFacts {
                        id: booked.id.clone(),
                        calendar: cal.id.clone(),
                        start: booked.start,
                        end: booked.end,
                        pending: booked.status == crate::slots::BookingStatus::PendingApproval,
                        videoconference_link: None,
                        practice: booked.practice.clone(),
                        reminder_at: booked.reminder_at(cal),
                    };
                    let reminder = match facts.reminder_at.filter(|at| *at > step.at) {
                        Some(at) => {
                            let events = [notify::Event::BookingReminder { booking: facts.clone() }];
                            let notifications = self.notifications(&events, context.as_ref(), at).map_err(|e| ServiceError::step(i, &e))?;
                            Some(ReminderReport { at, notifications })
                        }
                        None => None,
                    };
                    let events = [notify::Event::BookingCreated { booking: facts, at: step.at }];
                    let notifications = self.notifications(&events, context.as_ref(), step.at).map_err(|e| ServiceError::step(i, &e))?;
                    steps.push(StepReport {
                        statuses: Vec::new(),
                        integrations: Vec::new(),
                        due_date,
                        notifications,
                        offered,
                        booking: Some(booked),
                        reminder,
                    });
                }
                _ => return Err(ServiceError::invalid(format!("steps[{i}]"), "a step has either `event` or `book`").into()),
            }
        }
        let deadline = practice.deadline(Some(rome_date(last)), Some(&italy))?;
        Ok(JourneyReport {
            identity,
            status: practice.status(),
            protocol_number: practice.protocol_number().map(str::to_string),
            deadline,
            practice: practice.to_record(),
            started,
            steps,
        })
    }
}
