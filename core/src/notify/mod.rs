//! notify — which notifications are due when something happens: to whom, through which channel,
//! in which language, in which words. The library sends nothing.
//!
//! Public API:
//! - [`Event`] ([`EventKind`], [`BookingFacts`], [`Author`]): practice transitions, messages,
//!   integration requests and answers, payments created / expired / paid, bookings created /
//!   confirmed / moved / cancelled, the booking reminder the day before, account activation;
//! - [`NotifySettings`] (a service's "messages" tab: [`Switch`]es by event key and [`Channel`],
//!   languages, [`AppIoSettings`], [`TemplateOverride`]s by language and event key), validated as
//!   a whole at load ([`NotifySettings::from_json`], [`NotifySettings::validate`]);
//!   [`CalendarNotify`]: a calendar's contact e-mail and switches;
//! - [`NotifyContext`] ([`Citizen`], [`Operator`], [`ServiceFacts`], [`Links`]): who can be told;
//! - [`Notification`] ([`Recipient`], [`RecipientKind`]): a notification due, with a
//!   deterministic id;
//! - [`due`]: the notifications an event makes due (pure; `now` only for the reminder);
//!   [`template_variables`]: the variables a template of an event kind may use; [`namespace`]:
//!   the UUID namespace of the ids;
//! - [`NotifyError`].
//!
//! Rules (see `docs/notify.md`): operators' notifications cannot be turned off; texts are the
//! seed platform's automatic messages in Italian, with English and German, overridable per service
//! and language; a template error is found when the settings are loaded, never when a notification
//! is due; `now` is a parameter.
//!
//! # Example
//!
//! ```
//! use sportello::notify::{due, Event, NotifyContext, NotifySettings, RecipientKind};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let settings = NotifySettings::from_json(r#"{"languages": ["it", "en"]}"#)?;
//! let context: NotifyContext = sportello::json::from_str(
//!     r#"{"service": {"id": "ci", "name": "Carta d'identità"},
//!         "citizen": {"name": "Mario Rossi", "email": "mario@example.it"},
//!         "operators": [{"id": "op-1", "name": "Anna Bianchi", "email": "anna@comune.example.it", "assigned": true}]}"#,
//! )?;
//! let event: Event = sportello::json::from_str(
//!     r#"{"kind": "practiceTransition", "practice": "P-1", "from": 1900, "to": 2000, "at": "2026-03-02T09:00:00+01:00"}"#,
//! )?;
//! let notifications = due(&event, &settings, &context, None)?;
//! assert_eq!(notifications.len(), 2);
//! assert_eq!(notifications[0].recipient.kind, RecipientKind::Citizen);
//! assert!(notifications[0].body.contains("NON è l'esito della domanda"));
//! assert_eq!(notifications[1].recipient.kind, RecipientKind::Operator);
//! // The same event gives the same ids: a caller that sends twice can tell.
//! assert_eq!(due(&event, &settings, &context, None)?, notifications);
//!
//! // A template error is refused when the settings load, with its path.
//! let e = NotifySettings::from_json(r#"{"templates": {"it": {"practiceTransition.7000": {"body": "{{ nome }}"}}}}"#).unwrap_err();
//! assert_eq!(e.code(), "notify.template");
//! # Ok(())
//! # }
//! ```

mod context;
mod due;
mod error;
mod event;
mod notification;
mod phrases;
mod settings;
mod texts;

pub use context::{Citizen, Links, NotifyContext, Operator, ServiceFacts};
pub use due::{due, namespace};
pub use error::NotifyError;
pub use event::{Author, BookingFacts, Event, EventKind};
pub use notification::{Notification, Recipient, RecipientKind};
pub use settings::{AppIoSettings, CalendarNotify, Channel, NotifySettings, Switch, TemplateOverride};
pub use texts::template_variables;
