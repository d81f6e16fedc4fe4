//! `sportello.service`: one definition per municipal service validated as a whole, a catalogue,
//! and the citizen's journey. A mechanical mapping of `sportello::service`: definitions,
//! identities, requests and journeys are dicts (or JSON strings) in the core's JSON shape; results
//! are the access capability's `Decision`, the forms capability's `Evaluation`, slots' `Slot`s, and
//! dicts in the core's JSON shape.
use pyo3::prelude::*;
use pyo3::types::PyString;
use sportello::service as core;

use crate::{err, from_py, iter_arg, py_to_json, to_py, Date, Instant, Str};

/// A definition (or a list of them) as the JSON text the core reads strictly: a `str` as it is,
/// a dict or list as its JSON.
fn definition_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(crate::text(s)?.into_owned());
    }
    Ok(crate::to_json(&py_to_json(obj)?))
}

/// The portal's calendars: `slots.Calendar` objects or dicts (validated by the core), or a JSON array string.
fn calendars_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<sportello::slots::Calendar>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(Vec::new()) };
    if obj.is_instance_of::<PyString>() {
        let list: Vec<sportello::slots::Calendar> = from_py(obj)?;
        for c in &list {
            c.validate().map_err(err)?;
        }
        return Ok(list);
    }
    let mut out = Vec::new();
    for item in iter_arg(obj, "calendars")? {
        let item = item?;
        match item.cast::<crate::slots::Calendar>() {
            Ok(c) => out.push(c.get().inner.clone()),
            Err(_) => out.push(crate::slots::load_calendar(&item)?),
        }
    }
    Ok(out)
}

/// A JSON-shaped argument that may be `None`.
fn optional<T: serde::de::DeserializeOwned + 'static>(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<T>> {
    obj.filter(|o| !o.is_none()).map(from_py).transpose()
}

crate::record! {
    /// A municipal service: its definition validated as a whole against the portal's calendars.
    class Service(core::Service) in "sportello.service", frozen;
    |v, py| {
        /// The service id (`card.id`).
        id: &str = v.id(),
    }
    /// Reads a definition (dict or JSON text) strictly and validates it as a whole with the
    /// portal's appointment `calendars`. Raises `SportelloError` code `json` (an unknown key, a
    /// wrong type: `.details["path"]`) or `ServiceError` (`service.*`, with `.details["path"]`).
    #[staticmethod]
    #[pyo3(signature = (definition, calendars=None))]
    fn from_json(definition: &Bound<'_, PyAny>, calendars: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(Service { inner: core::Service::from_json(&definition_text(definition)?, &calendars_arg(calendars)?).map_err(err)? })
    }

    /// The definition's JSON text.
    fn to_json(&self) -> String { self.inner.to_json() }

    /// The definition as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, self.inner.definition()) }

    /// May this person start the service at `now` (`identity` `None`: not logged in; `acting`
    /// `None`: for themselves): the access decision.
    #[pyo3(signature = (identity, now, acting=None))]
    fn decide(&self, identity: Option<&Bound<'_, PyAny>>, now: Instant, acting: Option<&Bound<'_, PyAny>>) -> PyResult<crate::access::Decision> {
        let identity: Option<sportello::access::Identity> = optional(identity)?;
        let acting: Option<sportello::access::Acting> = optional(acting)?;
        Ok(crate::access::Decision { inner: self.inner.decide(identity.as_ref(), acting.as_ref(), now.0) })
    }

    /// The form's evaluation of `data` (dict or JSON text) on `now`'s date.
    fn evaluate(&self, py: Python<'_>, data: &Bound<'_, PyAny>, now: Instant) -> PyResult<crate::forms::Evaluation> {
        let data: serde_json::Value = if data.is_instance_of::<PyString>() { from_py(data)? } else { py_to_json(data)? };
        let inner = py.detach(|| self.inner.evaluate(&data, now.0)).map_err(err)?;
        Ok(crate::forms::Evaluation { inner })
    }

    /// The charges due, request and release phase (a dict, the `PaymentPlan` shape).
    fn charges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, self.inner.charges()) }

    /// Starts the service (`request`: dict or JSON in the `StartRequest` shape): a dict in the
    /// `Started` shape. Raises `service.not_open`, `service.access_denied`, `service.invalid_submission`.
    fn start<'py>(&self, py: Python<'py>, request: &Bound<'py, PyAny>, now: Instant) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.start(&from_py::<core::StartRequest>(request)?, now.0).map_err(err)?)
    }

    /// The linked calendar's available slots from `on` for the core's `OFFER_DAYS` days.
    #[pyo3(signature = (on, now, bookings=None))]
    fn offer(&self, on: Date, now: Instant, bookings: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<crate::slots::Slot>> {
        let bookings = match bookings.filter(|b| !b.is_none()) {
            Some(b) => crate::slots::bookings_arg(b)?,
            None => Vec::new(),
        };
        let slots = self.inner.offer(on.0, &bookings, now.0).map_err(err)?;
        Ok(slots.into_iter().map(|inner| crate::slots::Slot { inner }).collect())
    }

    /// The back-office integrations due when the practice enters `statuses` (status codes): dicts.
    fn integrations_due<'py>(&self, py: Python<'py>, statuses: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.integrations_due(&from_py::<Vec<sportello::practice::Status>>(statuses)?))
    }

    /// Runs a whole journey (dict or JSON in the `Journey` shape): a dict in the `JourneyReport`
    /// shape. Raises `service.step` with the step's index and the underlying code.
    fn walk<'py>(&self, py: Python<'py>, journey: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let journey: core::Journey = from_py(journey)?;
        let report = py.detach(|| self.inner.walk(&journey)).map_err(err)?;
        to_py(py, &report)
    }

    /// The practice graph the service's configuration gives (a dict, the `ServiceGraph` shape).
    fn graph<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.graph()) }

    fn __eq__(&self, other: &Self) -> bool { self.inner == other.inner }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> { crate::repr(slf.as_any(), &["id"]) }
}

crate::record! {
    /// Many services, each validated as a whole, ids and slugs unique.
    class Catalogue(core::Catalogue) in "sportello.service", frozen;
    |v, py| {
        /// The services' ids, in the order given.
        ids: Vec<String> = v.services().iter().map(|s| s.id().to_owned()).collect(),
    }
    /// Reads a list of definitions (or its JSON text) strictly and validates each; an error's path
    /// starts with the service's index (`[1].calendar`).
    #[staticmethod]
    #[pyo3(signature = (definitions, calendars=None))]
    fn from_json(definitions: &Bound<'_, PyAny>, calendars: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(Catalogue { inner: core::Catalogue::from_json(&definition_text(definitions)?, &calendars_arg(calendars)?).map_err(err)? })
    }

    /// The definitions' JSON array.
    fn to_json(&self) -> String { self.inner.to_json() }

    /// What `audience` (`"citizen"`: public statuses; `"operator"`: all) sees, by category and
    /// group, in `lang` (`"it"`, `"en"`, `"de"`): dicts in the `CategoryListing` shape.
    fn listing<'py>(&self, py: Python<'py>, audience: Str, lang: Str) -> PyResult<Bound<'py, PyAny>> {
        let audience: core::Audience = crate::from_name(&audience)?;
        let lang: sportello::practice::Lang = crate::from_name(&lang)?;
        to_py(py, &self.inner.listing(audience, lang))
    }

    /// The service with this id (raises `service.unknown_service`).
    fn get(&self, id: Str) -> PyResult<Service> { Ok(Service { inner: self.inner.get(&id).map_err(err)?.clone() }) }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> { crate::repr(slf.as_any(), &["ids"]) }
}

crate::functions! { register; classes: Service, Catalogue;
}
