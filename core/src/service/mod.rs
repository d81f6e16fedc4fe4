//! service — one definition per municipal service (the seed's "scheda servizio"), validated as a
//! whole, a catalogue of services, and the citizen's journey through one. User documentation:
//! `docs/service.md`.
//!
//! The tabs of OpenCity's service configuration (neboduus/comune-ita-platform:
//! `src/Entity/Servizio.php`, `src/Form/Admin/Servizio/*Type.php`) in one JSON shape, and the one
//! place the other capabilities' per-service settings come from:
//! the access policy's [`crate::access::ServiceSpec`] ([`Access::spec`]), the practice's
//! [`crate::practice::ServiceConfig`] (`practice`), the form's [`crate::forms::OfficeTable`]
//! (`assignment`), the payments' [`crate::payments::Charge`]s (`payments.charges`) and the
//! linked [`crate::slots::Calendar`] (`calendar`).
//!
//! Public API:
//! - **Definition** ([`ServiceDefinition`]): [`Card`] ([`I18nText`], [`ServiceStatus`],
//!   [`Channel`]), [`Access`], [`FormTab`], `practice` (a `ServiceConfig`), [`Payments`],
//!   [`Protocol`], [`Integration`], [`Receipt`], [`Translations`] ([`FormLabels`]), [`Office`],
//!   `assignment` (an `OfficeTable`), `calendar` (an id).
//! - **Load** ([`Service`]): [`Service::new`]`(definition, calendars)` /
//!   [`Service::from_json`] validate as a whole: every reference resolves (offices, calendar),
//!   the tabs agree (stamps, payment amount, protocol, integration triggers), every text and form
//!   label has every language of the service. Each error names the path inside the definition.
//! - **Catalogue** ([`Catalogue`]): many services; [`Catalogue::listing`] for an [`Audience`]
//!   (citizens: public statuses; operators: all) by category and group ([`CategoryListing`],
//!   [`GroupListing`], [`Entry`]); `get`, `by_slug`.
//! - **Journey** (pure: `now` is a parameter): [`Service::open_at`], [`Service::decide`] (the
//!   access decision, with the sufficient credentials on a denial), [`Service::evaluate`],
//!   [`Service::charges`], [`Service::start`] ([`StartRequest`] -> [`Started`]: the practice
//!   and its office), [`Service::offer`] (the linked calendar's slots, [`OFFER_DAYS`]),
//!   [`Service::integrations_due`], and [`Service::walk`] ([`Journey`] -> [`JourneyReport`]):
//!   a whole journey, SPID login to the appointment.
//! - Errors: [`ServiceError`], codes `service.*` ([`ERROR_CODES`]).
//!
//! # Example
//!
//! ```
//! use sportello::service::Service;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let json = r#"{"card": {"id": "cert-residenza", "slug": "certificato-di-residenza",
//!       "name": {"it": "Certificato di residenza"}, "description": {"it": "Richiesta del certificato."},
//!       "category": "Anagrafe", "status": "published", "channels": ["online"]},
//!   "access": {"level": "substantial"},
//!   "form": {"schema": {"components": [{"type": "textfield", "key": "motivo", "label": "Motivo"}]}},
//!   "offices": [{"id": "anagrafe", "name": {"it": "Ufficio anagrafe"}}],
//!   "assignment": {"rules": [{"field": "motivo", "value": "urgente", "office": "urp"}], "default": "anagrafe"}}"#;
//! // The assignment names an office the service does not have: refused, with the path.
//! let err = Service::from_json(json, &[]).unwrap_err();
//! assert_eq!(err.code(), "service.unknown_office");
//! assert!(err.to_string().starts_with("assignment.rules[0].office"));
//! # Ok(())
//! # }
//! ```

mod catalogue;
mod definition;
mod error;
mod journey;
mod load;

pub use catalogue::{Audience, Catalogue, CategoryListing, Entry, GroupListing};
pub use definition::{
    Access, Card, Channel, FormLabels, FormTab, I18nText, Integration, Office, Payments, Protocol, Receipt, ServiceDefinition, ServiceStatus,
    Translations,
};
pub use error::{ServiceError, ERROR_CODES};
pub use journey::{Journey, JourneyReport, JourneyStep, ReminderReport, StartRequest, Started, StepReport, OFFER_DAYS};
pub use load::{Service, INTEGRATION_TRIGGERS};
