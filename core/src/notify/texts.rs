//! The texts: which variables each event offers, the built-in templates composed from
//! `phrases.rs`, the check of a service's overrides, and rendering.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior, Value};

use super::error::NotifyError;
use super::event::EventKind;
use super::notification::RecipientKind;
use super::phrases::phrase;
use super::settings::TemplateOverride;
use crate::practice::Lang;

const COMMON: &[&str] = &["entity", "service", "serviceId", "recipientName", "citizenName", "link"];
const TRANSITION: &[&str] = &["practiceId", "protocolNumber", "status", "previousStatus", "statusCode", "reason"];
const MESSAGE: &[&str] = &["practiceId", "text"];
const INTEGRATION_ANSWERED: &[&str] = &["practiceId"];
const PAYMENT: &[&str] = &["practiceId", "amount", "noticeCode", "expiresAt", "paymentLink"];
const BOOKING: &[&str] = &[
    "practiceId",
    "date",
    "hour",
    "endHour",
    "calendar",
    "location",
    "contactEmail",
    "cancelLink",
    "approveLink",
    "videoconferenceLink",
    "pending",
    "refused",
    "reason",
    "previousDate",
    "previousHour",
    "tomorrow",
];
const ACCOUNT: &[&str] = &["keyAvailableFrom"];
/// The variables that are booleans (every other one is a string, empty when unknown).
pub(crate) const BOOLEANS: &[&str] = &["pending", "refused", "tomorrow"];

/// The variables a template of `kind` may use, besides the common ones.
pub(crate) fn variables(kind: EventKind) -> &'static [&'static str] {
    match kind {
        EventKind::PracticeTransition => TRANSITION,
        EventKind::MessageCreated | EventKind::IntegrationRequested => MESSAGE,
        EventKind::IntegrationAnswered => INTEGRATION_ANSWERED,
        EventKind::PaymentCreated | EventKind::PaymentExpired | EventKind::PaymentPaid => PAYMENT,
        EventKind::BookingCreated
        | EventKind::BookingConfirmed
        | EventKind::BookingMoved
        | EventKind::BookingCancelled
        | EventKind::BookingReminder => BOOKING,
        EventKind::AccountActivation => ACCOUNT,
    }
}

/// Every variable a template of `kind` may use, in order: the common ones, then the event's.
pub fn template_variables(kind: EventKind) -> Vec<&'static str> {
    COMMON.iter().chain(variables(kind)).copied().collect()
}

fn allowed(kind: EventKind, name: &str) -> bool {
    COMMON.contains(&name) || variables(kind).contains(&name)
}

/// The kind an event key belongs to (the key is known).
fn kind_of(key: &str) -> Option<EventKind> {
    if key.starts_with("practiceTransition.") {
        return Some(EventKind::PracticeTransition);
    }
    EventKind::from_name(key)
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// Compiles `source` and checks its variables against `kind`'s; then renders it twice, with every
/// variable set and with every variable empty, so that nothing a template does fails later.
fn check(kind: EventKind, source: &str, path: &str) -> Result<(), NotifyError> {
    let env = env();
    let template = env.template_from_str(source).map_err(|e| template_error(path, &e, None))?;
    let mut unknown: Vec<String> = template.undeclared_variables(false).into_iter().filter(|v| !allowed(kind, v)).collect();
    unknown.sort();
    if let Some(v) = unknown.into_iter().next() {
        return Err(NotifyError::Template {
            path: path.into(),
            message: format!("unknown variable {v:?}; {} templates have: {}", kind.name(), template_variables(kind).join(", ")),
            variable: Some(v),
        });
    }
    for full in [true, false] {
        let vars: BTreeMap<&str, Value> = template_variables(kind)
            .into_iter()
            .map(|n| {
                let v = if BOOLEANS.contains(&n) { Value::from(full) } else { Value::from(if full { "x" } else { "" }) };
                (n, v)
            })
            .collect();
        template.render(&vars).map_err(|e| template_error(path, &e, None))?;
    }
    Ok(())
}

fn template_error(path: &str, e: &minijinja::Error, variable: Option<String>) -> NotifyError {
    let mut message = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
    if let Some(line) = e.line() {
        message = format!("line {line}: {message}");
    }
    NotifyError::Template { path: path.into(), message, variable }
}

/// Checks an override of `key` (the key is known): each part compiles, uses only its event's
/// variables and renders.
pub(crate) fn check_override(key: &str, template: &TemplateOverride, path: &str) -> Result<(), NotifyError> {
    let Some(kind) = kind_of(key) else { return Ok(()) };
    if let Some(s) = &template.subject {
        check(kind, s, &format!("{path}.subject"))?;
    }
    if let Some(b) = &template.body {
        check(kind, b, &format!("{path}.body"))?;
    }
    Ok(())
}

/// Renders a template with the variables.
pub(crate) fn render(source: &str, vars: &BTreeMap<&'static str, Value>, path: &str) -> Result<String, NotifyError> {
    let env = env();
    let template = env.template_from_str(source).map_err(|e| template_error(path, &e, None))?;
    template.render(vars).map(|s| s.trim().to_string()).map_err(|e| template_error(path, &e, None))
}

/// The built-in subject and body of `key` for `to` in `lang`; `None` when the seed has no such
/// text (nobody of that kind is told).
pub(crate) fn builtin(key: &str, to: RecipientKind, lang: Lang) -> Option<(String, String)> {
    let p = |id: &str| phrase(lang, id).unwrap_or("");
    let greeting = p("greeting");
    let thanks = p("thanks");
    let video = format!("{{% if videoconferenceLink %}}\n{}{{% endif %}}", p("b.video"));
    let cancel = format!("{{% if cancelLink %}}\n{}{{% endif %}}", p("b.cancel"));
    let info = p("b.info");
    let kind = kind_of(key)?;
    match (to, kind) {
        (RecipientKind::Citizen, EventKind::PracticeTransition) => {
            let code = key.strip_prefix("practiceTransition.")?;
            let sentence = phrase(lang, &format!("c.{code}"))?;
            let motivation = if matches!(code, "7000" | "7500" | "9000") {
                format!("{{% if reason %}}\n{}\n{{{{ reason }}}}{{% endif %}}", p("motivation"))
            } else {
                String::new()
            };
            Some((p("subject.update").into(), format!("{greeting}\n{sentence}{motivation}\n{thanks}")))
        }
        (RecipientKind::Operator, EventKind::PracticeTransition) => {
            let code = key.strip_prefix("practiceTransition.")?;
            let sentence = phrase(lang, &format!("o.{code}"))?;
            Some((p("subject.update").into(), format!("{greeting}\n{sentence}")))
        }
        (RecipientKind::Citizen, EventKind::MessageCreated) => {
            Some((p("subject.message").into(), format!("{greeting}\n{}\n{{{{ text }}}}", p("c.message"))))
        }
        (RecipientKind::Operator, EventKind::MessageCreated) => {
            Some((p("subject.message").into(), format!("{greeting}\n{}\n{{{{ text }}}}", p("o.message"))))
        }
        (RecipientKind::Citizen, EventKind::IntegrationRequested) => {
            Some((p("subject.update").into(), format!("{greeting}\n{}\n{thanks}", p("c.integrationRequested"))))
        }
        (RecipientKind::Operator, EventKind::IntegrationAnswered) => {
            Some((p("subject.update").into(), format!("{greeting}\n{}", p("o.integrationAnswered"))))
        }
        (RecipientKind::Citizen, EventKind::PaymentCreated) => {
            Some((p("subject.paymentCreated").into(), format!("{greeting}\n{}", p("c.paymentCreated"))))
        }
        (RecipientKind::Citizen, EventKind::PaymentExpired) => {
            Some((p("subject.paymentExpired").into(), format!("{greeting}\n{}", p("c.paymentExpired"))))
        }
        (RecipientKind::Citizen, EventKind::PaymentPaid) => {
            Some((p("subject.update").into(), format!("{greeting}\n{}\n{thanks}", p("c.paymentPaid"))))
        }
        (RecipientKind::Operator, EventKind::PaymentPaid) => Some((p("subject.update").into(), format!("{greeting}\n{}", p("o.paymentPaid")))),
        (RecipientKind::Citizen, EventKind::BookingCreated) => Some((
            p("subject.bookingCreated").into(),
            format!(
                "{{{{ service }}}}\n{greeting}\n{{% if pending %}}{}{{% else %}}{}{video}{cancel}{{% endif %}}\n{info}",
                p("c.bookingPending"),
                p("c.bookingApproved")
            ),
        )),
        (RecipientKind::Citizen, EventKind::BookingConfirmed) => Some((
            p("subject.bookingUpdate").into(),
            format!("{{{{ service }}}}\n{greeting}\n{}{video}{cancel}\n{info}", p("c.bookingApproved")),
        )),
        (RecipientKind::Citizen, EventKind::BookingMoved) => Some((
            p("subject.bookingUpdate").into(),
            format!("{{{{ service }}}}\n{greeting}\n{}{video}{cancel}\n{info}", p("c.bookingMoved")),
        )),
        (RecipientKind::Citizen, EventKind::BookingCancelled) => Some((
            p("subject.bookingUpdate").into(),
            format!(
                "{{{{ service }}}}\n{greeting}\n{{% if refused %}}{}{{% else %}}{}{{% endif %}}{{% if reason %}}\n{{{{ reason }}}}{{% endif %}}\n{info}",
                p("c.bookingRefused"),
                p("c.bookingCancelled")
            ),
        )),
        (RecipientKind::Citizen, EventKind::BookingReminder) => Some((
            p("subject.bookingReminder").into(),
            format!("{{{{ service }}}}\n{greeting}\n{}{video}{cancel}\n{info}", p("c.bookingReminder")),
        )),
        (RecipientKind::Operator, EventKind::BookingCreated) => Some((
            p("subject.k.bookingCreated").into(),
            format!("{{{{ calendar }}}}\n{}{{% if approveLink %}}\n{}{{% endif %}}", p("k.bookingCreated"), p("k.approve")),
        )),
        (RecipientKind::CalendarContact, k @ (EventKind::BookingCreated | EventKind::BookingConfirmed | EventKind::BookingMoved | EventKind::BookingCancelled)) => {
            Some((p(&format!("subject.k.{}", k.name())).into(), format!("{{{{ calendar }}}}\n{}", p(&format!("k.{}", k.name())))))
        }
        (RecipientKind::Citizen, EventKind::AccountActivation) => {
            Some((p("subject.accountActivation").into(), format!("{greeting}\n{}", p("c.accountActivation"))))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Status;

    /// Every built-in text compiles, uses only its event's variables and renders.
    #[test]
    fn builtins_check() {
        let mut keys: Vec<String> = EventKind::ALL.iter().filter(|k| **k != EventKind::PracticeTransition).map(|k| k.name().to_string()).collect();
        keys.extend(Status::ALL.iter().map(|s| format!("practiceTransition.{}", s.code())));
        let mut count = 0;
        for lang in [Lang::It, Lang::En, Lang::De] {
            for key in &keys {
                for to in [RecipientKind::Citizen, RecipientKind::Operator, RecipientKind::CalendarContact] {
                    if let Some((subject, body)) = builtin(key, to, lang) {
                        let kind = kind_of(key).unwrap();
                        check(kind, &subject, &format!("{lang:?}.{key}.{to:?}.subject")).unwrap();
                        check(kind, &body, &format!("{lang:?}.{key}.{to:?}.body")).unwrap();
                        count += 1;
                    }
                }
            }
        }
        assert_eq!(count % 3, 0);
        assert!(count > 100, "{count}");
    }
}
