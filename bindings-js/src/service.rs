//! `service` namespace and the `Service` / `Catalogue` classes: `sportello::service`, one
//! definition per municipal service validated as a whole, a catalogue, and the citizen's journey.
//! Definitions, identities, requests, journeys and results are plain objects in the core's JSON
//! shape (types `ServiceDefinition`, `StartRequest`, `Started`, `Journey`, `JourneyReport`, ...);
//! instants are RFC 3339 strings, dates `YYYY-MM-DD`. A definition is read by the core's strict
//! reader, so an unknown key or a dangling reference is refused with its path inside it.
use serde_json::Value;
use sportello::service as core;
use sportello::slots::{Booking, Calendar};

use crate::{to_json, Date, Instant, Obj};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    service_class::entries(v, c);
    catalogue::entries(v, c);
}

/// A definition (or a list of them) given as its object or its JSON text: the JSON text the core reads.
fn text_of(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => to_json(&other),
    }
}

mod service_class {
    use super::*;
    crate::class! {
        /// A municipal service: its definition validated as a whole against the portal's calendars.
        Service = core::Service;
        /// Reads a definition (object or JSON text) strictly and validates it as a whole with the
        /// portal's appointment `calendars` (plain objects in the `Calendar` shape). Throws `json` (an
        /// unknown key, a wrong type: `.details.path`) or `service.*` (a dangling reference, tabs that
        /// disagree, a missing translation: `.details.path`).
        static fn from_json(
            definition: Value as "import('./types/index').ServiceDefinition | string",
            calendars: Option<Vec<Calendar>> as "Array<import('./types/index').Calendar>"
        ) -> Obj<core::Service> {
            Obj(core::Service::from_json(&text_of(definition), &calendars.unwrap_or_default()).map_err(crate::umbrella)?)
        }
        /// The definition's JSON text.
        fn to_json(this) -> String { this.to_json() }
        /// The definition as a plain object.
        fn to_object(this) -> core::ServiceDefinition as "ServiceDefinition" { this.definition().clone() }
        /// The service id (`card.id`).
        get id(this) -> String { this.id().to_owned() }
        /// May this person start the service at `now`: the access decision (`identity` null: not
        /// logged in; `acting` absent: for themselves), with the sufficient credentials on a denial.
        fn decide(this, identity: Option<sportello::access::Identity> as "Identity", now: Instant, acting: Option<sportello::access::Acting> as "Acting") -> sportello::access::Decision as "Decision" {
            this.decide(identity.as_ref(), acting.as_ref(), now.0)
        }
        /// The form's evaluation of `data` on `now`'s date, with the office assigned.
        fn evaluate(this, data: Value as "Record<string, unknown>", now: Instant) -> sportello::forms::Evaluation as "Evaluation" {
            this.evaluate(&data, now.0)?
        }
        /// The charges due, request and release phase.
        fn charges(this) -> sportello::payments::PaymentPlan as "PaymentPlan" { this.charges().clone() }
        /// Starts the service: open, access allowed, form valid; the new practice and its office.
        /// Throws `service.not_open`, `service.access_denied`, `service.invalid_submission`.
        fn start(this, request: core::StartRequest as "StartRequest", now: Instant) -> core::Started as "Started" {
            this.start(&request, now.0)?
        }
        /// The linked calendar's available slots from `on` for the core's `OFFER_DAYS` days.
        fn offer(this, on: Date, now: Instant, bookings: Option<Vec<Booking>> as "Array<import('./types/index').Booking>") -> Vec<sportello::slots::Slot> as "Slot[]" {
            this.offer(on.0, &bookings.unwrap_or_default(), now.0).map_err(crate::umbrella)?
        }
        /// The back-office integrations due when the practice enters `statuses`.
        fn integrations_due(this, statuses: Vec<sportello::practice::Status> as "PracticeStatus[]") -> Vec<core::Integration> as "ServiceIntegration[]" {
            this.integrations_due(&statuses)
        }
        /// Runs a whole journey (login, start, practice events, booking) and reports every step.
        /// Throws `service.step` with the step's index and the underlying code.
        fn walk(this, journey: core::Journey as "Journey") -> core::JourneyReport as "JourneyReport" {
            this.walk(&journey).map_err(crate::umbrella)?
        }
        /// The practice graph the service's configuration gives.
        fn graph(this) -> sportello::practice::ServiceGraph as "ServiceGraph" { this.graph() }
    }
}

mod catalogue {
    use super::*;
    crate::class! {
        /// Many services, each validated as a whole, ids and slugs unique.
        Catalogue = core::Catalogue;
        /// Reads an array of definitions (or its JSON text) strictly and validates each; an error's
        /// path starts with the service's index (`[1].calendar`).
        static fn from_json(
            definitions: Value as "Array<import('./types/index').ServiceDefinition> | string",
            calendars: Option<Vec<Calendar>> as "Array<import('./types/index').Calendar>"
        ) -> Obj<core::Catalogue> {
            Obj(core::Catalogue::from_json(&text_of(definitions), &calendars.unwrap_or_default()).map_err(crate::umbrella)?)
        }
        /// The definitions' JSON array.
        fn to_json(this) -> String { this.to_json() }
        /// What `audience` (`citizen`: public statuses; `operator`: all) sees, by category and group, in `lang`.
        fn listing(this, audience: core::Audience as "Audience", lang: sportello::practice::Lang as "PracticeLang") -> Vec<core::CategoryListing> as "CategoryListing[]" {
            this.listing(audience, lang)
        }
        /// The service with this id (throws `service.unknown_service`).
        fn get(this, id: String) -> Obj<core::Service> { Obj(this.get(&id)?.clone()) }
        /// The services' ids, in the order given.
        get ids(this) -> Vec<String> { this.services().iter().map(|s| s.id().to_owned()).collect() }
    }
}
