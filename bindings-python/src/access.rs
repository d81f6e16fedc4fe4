//! `sportello.access`: credential levels and the access policy, identities from SPID / CIE / CNS,
//! delegations, operators and account activation. Mechanical mappings of `sportello::access`;
//! the only thing added here is OS randomness (`getrandom`) for key and PIN generation.
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use sportello::access as core;

use crate::{bytes_arg, err, from_json, from_py, name_of, to_json, to_py};

fn os_random(n: usize) -> PyResult<Vec<u8>> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| PyOSError::new_err(format!("OS random generator: {e}")))?;
    Ok(buf)
}

fn opt<T: serde::de::DeserializeOwned + Default>(obj: Option<&Bound<'_, PyAny>>) -> PyResult<T> {
    match obj {
        Some(o) if !o.is_none() => from_py(o),
        _ => Ok(T::default()),
    }
}

/// The outcome of `Policy.decide`: `allowed`, `reason`, `required`, `requirement`, `sufficient`,
/// `message` (`{"it", "en"}`), `acting_as`, `on_behalf_of`, `error`.
#[pyclass(module = "sportello.access", frozen)]
pub struct Decision {
    inner: core::Decision,
}

#[pymethods]
impl Decision {
    #[getter]
    fn allowed(&self) -> bool {
        self.inner.allowed
    }
    #[getter]
    fn reason<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.reason)
    }
    #[getter]
    fn required<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.required)
    }
    #[getter]
    fn requirement<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.requirement.to_vec())
    }
    #[getter]
    fn sufficient<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.sufficient.to_vec())
    }
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &*self.inner.message)
    }
    #[getter]
    fn acting_as<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.acting_as)
    }
    #[getter]
    fn on_behalf_of(&self) -> Option<String> {
        self.inner.on_behalf_of.clone()
    }
    #[getter]
    fn error(&self) -> Option<String> {
        self.inner.error.clone()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn __bool__(&self) -> bool {
        self.inner.allowed
    }
    fn __repr__(&self) -> String {
        format!("Decision(allowed={}, reason={:?})", self.inner.allowed, to_json(&self.inner.reason))
    }
}

/// A compiled access policy (services, their requirements, the credential catalog).
#[pyclass(module = "sportello.access", frozen)]
pub struct Policy {
    inner: core::Policy,
}

#[pymethods]
impl Policy {
    /// Parses the documented JSON (`{"services": [...], ...}`).
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Policy { inner: core::Policy::from_json(s).map_err(err)? })
    }
    /// From a dict in the JSON shape.
    #[staticmethod]
    fn from_dict(d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let spec: core::PolicySpec = from_py(d)?;
        Ok(Policy { inner: core::Policy::new(spec).map_err(err)? })
    }
    fn to_json(&self) -> String {
        self.inner.to_json()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.spec())
    }
    fn service_ids(&self) -> Vec<String> {
        self.inner.service_ids().into_iter().map(str::to_owned).collect()
    }
    /// The level a credential (dict) maps to, or `None` when unknown.
    fn level_of(&self, credential: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let c: core::Credential = from_py(credential)?;
        Ok(self.inner.level_of(&c).map(|l| name_of(&l)))
    }
    /// The decision for `credential` (dict `{"kind", "level"?, "notBefore"?, "notAfter"?}` or `None`).
    #[pyo3(signature = (service, credential, now))]
    fn decide(&self, service: &str, credential: Option<&Bound<'_, PyAny>>, now: DateTime<FixedOffset>) -> PyResult<Decision> {
        let c: Option<core::Credential> = match credential {
            Some(o) if !o.is_none() => Some(from_py(o)?),
            _ => None,
        };
        Ok(Decision { inner: self.inner.decide(service, c.as_ref(), now) })
    }
    /// The decision when acting for someone else (`acting`: `{"as": "delegate", ...}`).
    #[pyo3(signature = (service, credential, now, acting))]
    fn decide_for(
        &self,
        service: &str,
        credential: Option<&Bound<'_, PyAny>>,
        now: DateTime<FixedOffset>,
        acting: &Bound<'_, PyAny>,
    ) -> PyResult<Decision> {
        let c: Option<core::Credential> = match credential {
            Some(o) if !o.is_none() => Some(from_py(o)?),
            _ => None,
        };
        let a: core::Acting = from_py(acting)?;
        Ok(Decision { inner: self.inner.decide_for(service, c.as_ref(), now, &a) })
    }
}

/// A verified identity (from SPID / CIE id attributes or a CNS / CIE certificate).
#[pyclass(module = "sportello.access", frozen)]
pub struct Identity {
    inner: core::Identity,
}

#[pymethods]
impl Identity {
    /// From a SPID attribute set (`{"fiscalNumber": "TINIT-...", ...}`), checked at `today`.
    #[staticmethod]
    #[pyo3(signature = (attributes, today, options=None))]
    fn from_spid(attributes: BTreeMap<String, String>, today: NaiveDate, options: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let o: core::AttributeOptions = opt(options)?;
        Ok(Identity { inner: core::Identity::from_attributes(core::IdentitySource::Spid, &attributes, today, &o).map_err(err)? })
    }
    /// From a CIE id attribute set (minimum dataset).
    #[staticmethod]
    #[pyo3(signature = (attributes, today, options=None))]
    fn from_cie_id(attributes: BTreeMap<String, String>, today: NaiveDate, options: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let o: core::AttributeOptions = opt(options)?;
        Ok(Identity { inner: core::Identity::from_attributes(core::IdentitySource::CieId, &attributes, today, &o).map_err(err)? })
    }
    /// From a CNS / TS-CNS / CIE authentication certificate (PEM `str`/`bytes` or DER `bytes`)
    /// at `now`; with `trust_anchors` the chain is verified first.
    #[staticmethod]
    #[pyo3(signature = (pem_or_der, now, options=None, trust_anchors=None, intermediates=None))]
    fn from_certificate(
        pem_or_der: &Bound<'_, PyAny>,
        now: DateTime<FixedOffset>,
        options: Option<&Bound<'_, PyAny>>,
        trust_anchors: Option<Vec<Bound<'_, PyAny>>>,
        intermediates: Option<Vec<Bound<'_, PyAny>>>,
    ) -> PyResult<Self> {
        let input = bytes_arg(pem_or_der)?;
        let o: core::CertificateOptions = opt(options)?;
        let inner = match trust_anchors {
            None => core::Identity::from_certificate_with(&input, now, &o),
            Some(a) => {
                let anchors = a.iter().map(bytes_arg).collect::<PyResult<Vec<_>>>()?;
                let inter = intermediates.unwrap_or_default().iter().map(bytes_arg).collect::<PyResult<Vec<_>>>()?;
                core::Identity::from_certificate_trusted(&input, now, &o, &anchors, &inter)
            }
        };
        Ok(Identity { inner: inner.map_err(err)? })
    }
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Identity { inner: from_json(s)? })
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    /// The credential to pass to `Policy.decide` (a dict).
    fn credential<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.credential())
    }
    #[getter]
    fn source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.source)
    }
    #[getter]
    fn fiscal_code(&self) -> String {
        self.inner.fiscal_code.clone()
    }
    #[getter]
    fn given_name(&self) -> Option<String> {
        self.inner.given_name.clone()
    }
    #[getter]
    fn family_name(&self) -> Option<String> {
        self.inner.family_name.clone()
    }
    #[getter]
    fn date_of_birth(&self) -> Option<NaiveDate> {
        self.inner.date_of_birth
    }
    #[getter]
    fn level(&self) -> Option<String> {
        self.inner.level.clone()
    }
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
    fn __repr__(&self) -> String {
        format!("Identity(source={}, fiscal_code={:?})", to_json(&self.inner.source), self.inner.fiscal_code)
    }
}

/// Checks a delegation (dict) at `date`; raises `AccessError` (`access.delegation_*`) if it does not hold.
#[pyfunction]
#[pyo3(signature = (delegation, delegate, delegator, service, date, rules=None))]
fn check_delegation(
    delegation: &Bound<'_, PyAny>,
    delegate: &str,
    delegator: &str,
    service: &str,
    date: NaiveDate,
    rules: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let d: core::Delegation = from_py(delegation)?;
    let r: core::DelegationRules = opt(rules)?;
    d.check(delegate, delegator, service, date, &r).map_err(err)
}

/// Whether a delegation (dict) holds at `date`, with the default rules.
#[pyfunction]
fn is_delegation_valid(delegation: &Bound<'_, PyAny>, delegate: &str, delegator: &str, service: &str, date: NaiveDate) -> PyResult<bool> {
    let d: core::Delegation = from_py(delegation)?;
    Ok(d.is_valid(delegate, delegator, service, date))
}

/// Checks that a certificate chains to one of `anchors` (PEM/DER each) at `now`; raises
/// `access.certificate_untrusted` otherwise.
#[pyfunction]
#[pyo3(signature = (leaf, anchors, now, intermediates=None))]
fn verify_chain(
    leaf: &Bound<'_, PyAny>,
    anchors: Vec<Bound<'_, PyAny>>,
    now: DateTime<FixedOffset>,
    intermediates: Option<Vec<Bound<'_, PyAny>>>,
) -> PyResult<()> {
    let anchors = anchors.iter().map(bytes_arg).collect::<PyResult<Vec<_>>>()?;
    let inter = intermediates.unwrap_or_default().iter().map(bytes_arg).collect::<PyResult<Vec<_>>>()?;
    core::verify_chain(&bytes_arg(leaf)?, &inter, &anchors, now).map_err(err)
}

/// The built-in credential catalog (list of dicts).
#[pyfunction]
fn default_credentials(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &core::default_credentials())
}

/// A secret from `spec` (`{"alphabet", "length"}`): from `random` bytes when given (tests), else
/// from the OS generator.
#[pyfunction]
#[pyo3(signature = (spec, random=None))]
fn generate_secret(spec: &Bound<'_, PyAny>, random: Option<Vec<u8>>) -> PyResult<String> {
    let s: core::SecretSpec = from_py(spec)?;
    let bytes = match random {
        Some(b) => b,
        None => os_random(s.random_bytes_needed())?,
    };
    s.generate(&bytes).map_err(err)
}

/// Settings of the activation flows (`ActivationPolicy()` are the defaults).
#[pyclass(module = "sportello.access", frozen)]
pub struct ActivationPolicy {
    inner: core::ActivationPolicy,
}

#[pymethods]
impl ActivationPolicy {
    #[new]
    fn new() -> Self {
        ActivationPolicy { inner: core::ActivationPolicy::default() }
    }
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(ActivationPolicy { inner: from_json(s)? })
    }
    #[staticmethod]
    fn from_dict(d: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(ActivationPolicy { inner: from_py(d)? })
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    /// The first day the activation key can be collected for a registration on `registered_on`.
    fn key_available_from(&self, registered_on: NaiveDate) -> PyResult<NaiveDate> {
        self.inner.key_available_from(registered_on).map_err(err)
    }
}

/// A citizen's portal account in the activation flows (mutable; persist it with `to_json`).
#[pyclass(module = "sportello.access")]
pub struct Account {
    inner: core::Account,
}

fn state_str(s: core::AccountState) -> String {
    name_of(&s)
}

#[pymethods]
impl Account {
    /// Online self-registration: pending until the activation key is entered.
    #[staticmethod]
    fn self_register(fiscal_code: &str, registered_on: NaiveDate, policy: &ActivationPolicy) -> PyResult<Self> {
        Ok(Account { inner: core::Account::self_register(fiscal_code, registered_on, &policy.inner).map_err(err)? })
    }
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Account { inner: from_json(s)? })
    }
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    /// At the counter: issues the activation key (OS randomness unless `random` is given); returns it.
    #[pyo3(signature = (today, policy, random=None))]
    fn issue_activation_key(&mut self, today: NaiveDate, policy: &ActivationPolicy, random: Option<Vec<u8>>) -> PyResult<String> {
        let bytes = match random {
            Some(b) => b,
            None => os_random(policy.inner.key_random_bytes())?,
        };
        self.inner.issue_activation_key(today, &policy.inner, &bytes).map_err(err)
    }
    /// First login after self-registration, with the activation key.
    fn activate(&mut self, key: &str, now: DateTime<FixedOffset>, policy: &ActivationPolicy) -> PyResult<()> {
        self.inner.activate(key, now, &policy.inner).map_err(err)
    }
    /// First login with the envelope's username and PIN; returns `"changePassword"` or `"none"`.
    fn first_login(&mut self, username: &str, pin: &str, now: DateTime<FixedOffset>, policy: &ActivationPolicy) -> PyResult<String> {
        let next = self.inner.first_login(username, pin, now, &policy.inner).map_err(err)?;
        Ok(name_of(&next))
    }
    fn password_changed(&mut self) -> PyResult<()> {
        self.inner.password_changed().map_err(err)
    }
    fn unlock(&mut self) -> PyResult<()> {
        self.inner.unlock().map_err(err)
    }
    #[getter]
    fn fiscal_code(&self) -> String {
        self.inner.fiscal_code.clone()
    }
    #[getter]
    fn state(&self) -> String {
        state_str(self.inner.state)
    }
    #[getter]
    fn level(&self) -> Option<String> {
        self.inner.level.map(|l| name_of(&l))
    }
    #[getter]
    fn key_available_from(&self) -> Option<NaiveDate> {
        self.inner.key_available_from
    }
    #[getter]
    fn failed_attempts(&self) -> u32 {
        self.inner.failed_attempts
    }
    #[getter]
    fn must_change_password(&self) -> bool {
        self.inner.must_change_password
    }
    fn __repr__(&self) -> String {
        format!("Account(fiscal_code={:?}, state={})", self.inner.fiscal_code, state_str(self.inner.state))
    }
}

/// A sealed envelope: code, username and PIN hash; `pin` is set only on a freshly generated one.
#[pyclass(module = "sportello.access")]
pub struct Envelope {
    inner: core::Envelope,
    pin: Option<String>,
}

#[pymethods]
impl Envelope {
    /// Prepares an envelope with a new PIN (OS randomness unless `random` is given).
    #[staticmethod]
    #[pyo3(signature = (code, username, policy, random=None))]
    fn generate(code: &str, username: &str, policy: &ActivationPolicy, random: Option<Vec<u8>>) -> PyResult<Self> {
        let bytes = match random {
            Some(b) => b,
            None => os_random(policy.inner.pin_random_bytes())?,
        };
        let n = core::Envelope::generate(code, username, &policy.inner, &bytes).map_err(err)?;
        Ok(Envelope { inner: n.envelope, pin: Some(n.pin) })
    }
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Envelope { inner: from_json(s)?, pin: None })
    }
    /// JSON of the envelope (never the PIN).
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    #[getter]
    fn pin(&self) -> Option<String> {
        self.pin.clone()
    }
    #[getter]
    fn code(&self) -> String {
        self.inner.code.clone()
    }
    #[getter]
    fn username(&self) -> String {
        self.inner.username.clone()
    }
    #[getter]
    fn bound_to(&self) -> Option<String> {
        self.inner.bound_to.clone()
    }
    /// Binds the envelope to the citizen at the counter; returns the pending account.
    fn bind(&mut self, fiscal_code: &str, today: NaiveDate, policy: &ActivationPolicy) -> PyResult<Account> {
        Ok(Account { inner: self.inner.bind(fiscal_code, today, &policy.inner).map_err(err)? })
    }
}

/// Back-office roles and operators.
#[pyclass(module = "sportello.access")]
pub struct Staff {
    inner: core::Staff,
}

#[pymethods]
impl Staff {
    /// The built-in CiTel-style roles, no operators.
    #[staticmethod]
    fn citel() -> Self {
        Staff { inner: core::Staff::citel() }
    }
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        Ok(Staff { inner: core::Staff::from_json(s).map_err(err)? })
    }
    fn to_json(&self) -> String {
        self.inner.to_json()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn permits(&self, operator: &str, permission: &str) -> bool {
        self.inner.permits(operator, permission)
    }
    fn authorize(&self, operator: &str, permission: &str) -> PyResult<()> {
        self.inner.authorize(operator, permission).map_err(err)
    }
    fn enabled_for_service(&self, operator: &str, service: &str) -> bool {
        self.inner.enabled_for_service(operator, service)
    }
    fn enabled_for_calendar(&self, operator: &str, calendar: &str) -> bool {
        self.inner.enabled_for_calendar(operator, calendar)
    }
    fn can_handle(&self, operator: &str, service: &str, permission: &str) -> bool {
        self.inner.can_handle(operator, service, permission)
    }
    fn create_operator(&mut self, actor: &str, operator: &Bound<'_, PyAny>) -> PyResult<()> {
        let o: core::Operator = from_py(operator)?;
        self.inner.create_operator(actor, o).map_err(err)
    }
    fn grant_role(&mut self, actor: &str, target: &str, role: &str) -> PyResult<()> {
        self.inner.grant_role(actor, target, role).map_err(err)
    }
    fn revoke_role(&mut self, actor: &str, target: &str, role: &str) -> PyResult<()> {
        self.inner.revoke_role(actor, target, role).map_err(err)
    }
    fn enable_service(&mut self, actor: &str, target: &str, service: &str) -> PyResult<()> {
        self.inner.enable_service(actor, target, service).map_err(err)
    }
    fn enable_calendar(&mut self, actor: &str, target: &str, calendar: &str) -> PyResult<()> {
        self.inner.enable_calendar(actor, target, calendar).map_err(err)
    }
    fn delete_operator(&mut self, actor: &str, target: &str, practices_in_charge: u32) -> PyResult<()> {
        self.inner.delete_operator(actor, target, practices_in_charge).map_err(err)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Policy>()?;
    m.add_class::<Decision>()?;
    m.add_class::<Identity>()?;
    m.add_class::<ActivationPolicy>()?;
    m.add_class::<Account>()?;
    m.add_class::<Envelope>()?;
    m.add_class::<Staff>()?;
    m.add_function(wrap_pyfunction!(check_delegation, m)?)?;
    m.add_function(wrap_pyfunction!(is_delegation_valid, m)?)?;
    m.add_function(wrap_pyfunction!(verify_chain, m)?)?;
    m.add_function(wrap_pyfunction!(default_credentials, m)?)?;
    m.add_function(wrap_pyfunction!(generate_secret, m)?)?;
    Ok(())
}
