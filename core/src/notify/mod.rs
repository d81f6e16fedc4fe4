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
