//! Which notifications an event makes due.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use chrono_tz::Europe::Rome;
use minijinja::Value;
use uuid::Uuid;

use super::context::{NotifyContext, Operator};
use super::error::NotifyError;
use super::event::{Author, BookingFacts, Event, EventKind};
use super::notification::{Notification, Recipient, RecipientKind};
use super::settings::{Channel, NotifySettings};
use super::texts::{builtin, render, template_variables, BOOLEANS};
use crate::practice::{Lang, Status};

/// The UUID namespace of notification ids: UUID v5 of the URL namespace and
/// `urn:sportello:notify`.
pub fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:sportello:notify")
}

/// Statuses the citizen is never told of (the seed's `StatusMessagePraticaListener` and
/// `MailerService` blacklists: 4100, 4200, 4300, 6000, 8000; 6500 is 6000's partial twin).
const CITIZEN_NEVER: [Status; 6] = [
    Status::IntegrationRequested,
    Status::AwaitingIntegration,
    Status::IntegrationReceived,
    Status::AcceptedAwaitingRegistration,
    Status::PartiallyApprovedAwaitingRegistration,
    Status::RejectedAwaitingRegistration,
];

/// The notifications `event` makes due, to whom, through which channel, in which words.
///
/// `settings` are the service's (validated when loaded: [`NotifySettings::from_json`]); `context`
/// says who can be told; `now` is needed only by [`Event::BookingReminder`] (the reminder is due
/// on the Europe/Rome day of the booking's `reminderAt`, by default the day before the meeting;
/// on any other day nothing is due), and is ignored
/// otherwise. The result is in a stable order: the citizen's (in the order of the channels), the
/// operators' (in the order of `context.operators`), the calendar contact's. Ids are UUID v5 of
/// the event's identity, the recipient and the channel.
///
/// Errors: `notify.invalid` (a booking event whose calendar is not `context.calendar`, a reminder
/// without `now`, two operators of the context with one id: their notifications would share an
/// id), `notify.template` (a template that fails: settings not validated).
pub fn due(
    event: &Event,
    settings: &NotifySettings,
    context: &NotifyContext,
    now: Option<DateTime<FixedOffset>>,
) -> Result<Vec<Notification>, NotifyError> {
    for (i, op) in context.operators.iter().enumerate() {
        if context.operators[..i].iter().any(|o| o.id == op.id) {
            return Err(NotifyError::Invalid {
                path: format!("operators[{i}].id"),
                message: format!("operator id {:?} is given twice: an operator is one person, and a notification's id is built from it", op.id),
            });
        }
    }
    if let (Some(booking), Some(calendar)) = (event.booking(), &context.calendar) {
        if booking.calendar != calendar.id {
            return Err(NotifyError::Invalid {
                path: "calendar.id".into(),
                message: format!("the booking is on calendar {:?}, the context's calendar is {:?}", booking.calendar, calendar.id),
            });
        }
    }
    let first_lang = settings.languages.first().copied().unwrap_or_default();
    let citizen_lang = context.citizen.as_ref().and_then(|c| c.lang).filter(|l| settings.languages.contains(l)).unwrap_or(first_lang);
    let key = event.key();
    let mut out = Vec::new();

    // --- the citizen
    if citizen_default(event, context, now)? {
        let switch = settings.events.get(&key).or_else(|| match event {
            Event::PracticeTransition { .. } => settings.events.get("practiceTransition"),
            _ => None,
        });
        let default_on = !matches!(event, Event::PracticeTransition { to: Status::InCharge, .. });
        let enabled = switch.and_then(|s| s.enabled).unwrap_or(default_on);
        let channels = switch.and_then(|s| s.channels.as_ref()).unwrap_or(&settings.channels);
        if let (true, Some(citizen)) = (enabled, &context.citizen) {
            for channel in channels {
                let address = match channel {
                    Channel::Email => citizen.email.as_deref().filter(|a| is_email(a)),
                    Channel::Pec => citizen.pec.as_deref().filter(|a| is_email(a)),
                    Channel::Sms => citizen.phone.as_deref().filter(|a| !a.trim().is_empty()),
                    Channel::AppIo => match &settings.app_io {
                        Some(io) if io.enabled => citizen.fiscal_code.as_deref().filter(|a| !a.trim().is_empty()),
                        _ => None,
                    },
                };
                let Some(address) = address else { continue };
                let recipient = Recipient {
                    kind: RecipientKind::Citizen,
                    id: citizen.fiscal_code.clone(),
                    address: address.to_string(),
                    name: non_empty(&citizen.name),
                };
                if let Some(n) = build(event, &key, settings, context, recipient, *channel, citizen_lang)? {
                    out.push(n);
                }
            }
        }
    }

    // --- the operators (cannot be turned off)
    for op in operators_due(event, context) {
        let Some(email) = op.email.as_deref().filter(|a| is_email(a)) else { continue };
        let recipient = Recipient { kind: RecipientKind::Operator, id: Some(op.id.clone()), address: email.to_string(), name: non_empty(&op.name) };
        if let Some(n) = build(event, &key, settings, context, recipient, Channel::Email, first_lang)? {
            out.push(n);
        }
    }

    // --- the calendar's contact e-mail
    if let (Some(_), Some(calendar)) = (event.booking(), &context.calendar) {
        if let (true, false, Some(email)) =
            (calendar.contact, event.kind() == EventKind::BookingReminder, calendar.contact_email.as_deref().filter(|a| is_email(a)))
        {
            let recipient = Recipient {
                kind: RecipientKind::CalendarContact,
                id: Some(calendar.id.clone()),
                address: email.to_string(),
                name: non_empty(&calendar.title),
            };
            if let Some(n) = build(event, &key, settings, context, recipient, Channel::Email, first_lang)? {
                out.push(n);
            }
        }
    }
    Ok(out)
}

/// Whether the citizen is told of `event` at all (before the service's switch): `false` for what
/// the seed never tells the citizen.
fn citizen_default(event: &Event, context: &NotifyContext, now: Option<DateTime<FixedOffset>>) -> Result<bool, NotifyError> {
    if event.booking().is_some() && context.calendar.as_ref().is_some_and(|c| !c.citizen) {
        return Ok(false);
    }
    Ok(match event {
        Event::PracticeTransition { to, by, .. } => match to {
            Status::Draft => *by == Some(Author::Operator),
            s => !CITIZEN_NEVER.contains(s),
        },
        Event::MessageCreated { author, .. } => *author == Author::Operator,
        Event::IntegrationAnswered { .. } => false,
        Event::BookingReminder { booking } => {
            let Some(now) = now else {
                return Err(NotifyError::Invalid { path: "now".into(), message: "the booking reminder needs now".into() });
            };
            let reminders = context.calendar.as_ref().is_none_or(|c| c.reminders);
            let today = now.with_timezone(&Rome).date_naive();
            reminders && !booking.pending && Some(today) == reminder_day(booking)
        }
        _ => true,
    })
}

/// The Europe/Rome day a booking's reminder is due: its `reminderAt`'s, else the day before the
/// meeting.
fn reminder_day(booking: &BookingFacts) -> Option<NaiveDate> {
    match booking.reminder_at {
        Some(at) => Some(at.with_timezone(&Rome).date_naive()),
        None => crate::iso::sub_days(booking.start.with_timezone(&Rome).date_naive(), 1),
    }
}

/// The operators told of `event`, after the seed's `MailerService::dispatchMailForPratica`,
/// `MessageManager` and `MeetingService::sendEmailNewMeeting`.
fn operators_due<'a>(event: &Event, context: &'a NotifyContext) -> Vec<&'a Operator> {
    let all = || context.operators.iter().collect::<Vec<_>>();
    let assigned = || context.operators.iter().filter(|o| o.assigned).collect::<Vec<_>>();
    match event {
        Event::PracticeTransition { to, .. } => match to {
            // Submitted or registered: every operator enabled for the service.
            Status::Acquired | Status::Registered => all(),
            Status::Sent | Status::Draft => vec![],
            _ => assigned(),
        },
        Event::MessageCreated { author: Author::Citizen, .. } | Event::IntegrationAnswered { .. } | Event::PaymentPaid { .. } => assigned(),
        // A booking awaiting approval: the calendar's moderators.
        Event::BookingCreated { booking, .. } if booking.pending => all(),
        _ => vec![],
    }
}

/// The notification for one recipient and channel, if the recipient's kind has a text for it.
fn build(
    event: &Event,
    key: &str,
    settings: &NotifySettings,
    context: &NotifyContext,
    recipient: Recipient,
    channel: Channel,
    lang: Lang,
) -> Result<Option<Notification>, NotifyError> {
    let Some((mut subject, mut body)) = builtin(key, recipient.kind, lang) else { return Ok(None) };
    let mut path = format!("builtin.{}.{key}.{}", lang_code(lang), recipient.kind.name());
    if recipient.kind == RecipientKind::Citizen {
        if let Some(o) = settings.templates.get(&lang).and_then(|t| t.get(key)) {
            path = format!("templates.{}.{key}", lang_code(lang));
            if let Some(s) = &o.subject {
                subject = s.clone();
            }
            if let Some(b) = &o.body {
                body = b.clone();
            }
        }
    }
    let vars = variables(event, context, &recipient, lang);
    let subject = render(&subject, &vars, &format!("{path}.subject"))?;
    let body = render(&body, &vars, &format!("{path}.body"))?;
    let name = format!("{}|{}:{}|{}", identity(event), recipient.kind.name(), recipient.id.as_deref().unwrap_or(&recipient.address), channel.name());
    let name = if recipient.kind == RecipientKind::Citizen { format!("{name}|{}", recipient.address) } else { name };
    Ok(Some(Notification {
        id: Uuid::new_v5(&namespace(), name.as_bytes()).to_string(),
        event: event.kind(),
        key: key.to_string(),
        recipient,
        channel,
        lang,
        subject,
        body,
    }))
}

/// The event's identity: what makes two events the same.
fn identity(event: &Event) -> String {
    let kind = event.kind().name();
    match event {
        Event::PracticeTransition { practice, to, at, .. } => format!("{kind}|{practice}|{}|{}", to.code(), at.to_rfc3339()),
        Event::MessageCreated { practice, message, .. } => format!("{kind}|{practice}|{message}"),
        Event::IntegrationRequested { practice, request, .. } | Event::IntegrationAnswered { practice, request, .. } => {
            format!("{kind}|{practice}|{request}")
        }
        Event::PaymentCreated { practice, payment, .. }
        | Event::PaymentExpired { practice, payment, .. }
        | Event::PaymentPaid { practice, payment, .. } => {
            format!("{kind}|{practice}|{payment}")
        }
        Event::BookingMoved { booking, .. } | Event::BookingReminder { booking } => format!("{kind}|{}|{}", booking.id, booking.start.to_rfc3339()),
        Event::BookingCreated { booking, .. } | Event::BookingConfirmed { booking, .. } | Event::BookingCancelled { booking, .. } => {
            format!("{kind}|{}", booking.id)
        }
        Event::AccountActivation { account, at, .. } => format!("{kind}|{account}|{}", at.to_rfc3339()),
    }
}

fn lang_code(lang: Lang) -> &'static str {
    super::settings::lang_code(lang)
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

/// A plausible e-mail address: one `@` with text on both sides, a dot in the domain, no spaces.
fn is_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn date_in(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => date.format("%d.%m.%Y").to_string(),
        _ => date.format("%d/%m/%Y").to_string(),
    }
}

fn local(t: &DateTime<FixedOffset>, lang: Lang) -> (String, String) {
    let l = t.with_timezone(&Rome);
    (date_in(l.date_naive(), lang), l.format("%H:%M").to_string())
}

fn amount_in(amount: &crate::payments::Amount, lang: Lang) -> String {
    let s = amount.to_string();
    match lang {
        Lang::En => s,
        _ => s.replace('.', ","),
    }
}

/// The template variables of `event` for `recipient`: every variable of the event's kind, empty
/// (or false) when unknown.
fn variables(event: &Event, context: &NotifyContext, recipient: &Recipient, lang: Lang) -> BTreeMap<&'static str, Value> {
    let mut s: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut b: BTreeMap<&'static str, bool> = BTreeMap::new();
    let calendar = context.calendar.as_ref();
    let service = match context.service.name_in(lang) {
        "" => calendar.map(|c| c.title.clone()).unwrap_or_default(),
        name => name.to_string(),
    };
    s.insert("entity", context.entity.clone());
    s.insert("service", service);
    s.insert("serviceId", context.service.id.clone());
    s.insert("recipientName", recipient.name.clone().unwrap_or_default());
    s.insert("citizenName", context.citizen.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    s.insert("link", context.links.practice.clone().unwrap_or_default());
    if let Some(p) = event.practice() {
        s.insert("practiceId", p.to_string());
    }
    match event {
        Event::PracticeTransition { from, to, protocol_number, reason, .. } => {
            s.insert("protocolNumber", protocol_number.clone().unwrap_or_default());
            s.insert("status", to.label_in(lang).to_string());
            s.insert("previousStatus", from.map(|f| f.label_in(lang).to_string()).unwrap_or_default());
            s.insert("statusCode", to.code().to_string());
            s.insert("reason", reason.clone().unwrap_or_default());
        }
        Event::MessageCreated { text, .. } | Event::IntegrationRequested { text, .. } => {
            s.insert("text", text.clone().unwrap_or_default());
        }
        Event::PaymentCreated { amount, notice_code, expires_at, .. } => {
            s.insert("amount", amount_in(amount, lang));
            s.insert("noticeCode", notice_code.clone().unwrap_or_default());
            s.insert("expiresAt", expires_at.map(|t| local(&t, lang).0).unwrap_or_default());
        }
        Event::PaymentExpired { amount, .. } | Event::PaymentPaid { amount, .. } => {
            s.insert("amount", amount_in(amount, lang));
        }
        Event::AccountActivation { link, key_available_from, .. } => {
            if let Some(l) = link {
                s.insert("link", l.clone());
            }
            s.insert("keyAvailableFrom", key_available_from.map(|d| date_in(d, lang)).unwrap_or_default());
        }
        _ => {}
    }
    if matches!(event.kind(), EventKind::PaymentCreated | EventKind::PaymentExpired | EventKind::PaymentPaid) {
        s.insert("paymentLink", context.links.payment.clone().unwrap_or_default());
    }
    if let Some(booking) = event.booking() {
        let (date, hour) = local(&booking.start, lang);
        s.insert("date", date);
        s.insert("hour", hour);
        s.insert("endHour", local(&booking.end, lang).1);
        s.insert("calendar", calendar.map(|c| c.title.clone()).unwrap_or_default());
        s.insert("location", calendar.and_then(|c| c.location.clone()).unwrap_or_default());
        s.insert("contactEmail", calendar.and_then(|c| c.contact_email.clone()).unwrap_or_default());
        s.insert("cancelLink", context.links.cancel.clone().unwrap_or_default());
        s.insert("approveLink", context.links.approve.clone().unwrap_or_default());
        s.insert("videoconferenceLink", booking.videoconference_link.clone().unwrap_or_default());
        b.insert("pending", booking.pending);
        // The reminder says "tomorrow" when it goes the day before the meeting (the default).
        let meeting_day = booking.start.with_timezone(&Rome).date_naive();
        b.insert("tomorrow", reminder_day(booking).and_then(|d| d.checked_add_days(Days::new(1))) == Some(meeting_day));
        let (refused, reason) = match event {
            Event::BookingCancelled { refused, reason, .. } => (*refused, reason.clone().unwrap_or_default()),
            _ => (false, String::new()),
        };
        b.insert("refused", refused);
        s.insert("reason", reason);
        if let Event::BookingMoved { previous_start, .. } = event {
            let (d, h) = local(previous_start, lang);
            s.insert("previousDate", d);
            s.insert("previousHour", h);
        }
    }
    let mut vars = BTreeMap::new();
    for name in template_variables(event.kind()) {
        let v = if BOOLEANS.contains(&name) {
            Value::from(b.get(name).copied().unwrap_or(false))
        } else {
            Value::from(s.get(name).cloned().unwrap_or_default())
        };
        vars.insert(name, v);
    }
    vars
}
