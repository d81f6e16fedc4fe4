//! `sportello.access`: credential levels and the access policy, identities from SPID / CIE / CNS,
//! delegations, operators and account activation. Mechanical mappings of `sportello::access`;
//! the only thing added here is OS randomness (`getrandom`) for key and PIN generation.
use std::collections::BTreeMap;

use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use sportello::access as core;

use crate::{bytes_arg, err, from_py, from_py_or_default, name_of, to_json, to_py, today_or, Arg, Date, Instant, Str};

/// `random` when given (tests), else `n` bytes from the OS generator.
fn random_or_os(random: Option<Arg<Vec<u8>>>, n: usize) -> PyResult<Vec<u8>> {
    if let Some(r) = random {
        return Ok(r.0);
    }
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| PyOSError::new_err(format!("OS random generator: {e}")))?;
    Ok(buf)
}

fn credential_arg(credential: Option<&Bound<'_, PyAny>>) -> PyResult<Option<core::Credential>> {
    credential.filter(|c| !c.is_none()).map(from_py).transpose()
}

/// An identity from SPID, CIE id or eIDAS attributes at `today` (default the host's today), with
/// the keywords of the core's `AttributeOptions` given (the others: the core's defaults).
fn identity_from(
    py: Python<'_>,
    source: core::IdentitySource,
    attributes: Arg<BTreeMap<String, String>>,
    today: Option<Date>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Identity> {
    let (o, today) = (crate::keywords(options)?, today_or(py, today)?);
    let inner = match source {
        core::IdentitySource::Eidas => core::Identity::from_eidas(&attributes, today, &o),
        _ => core::Identity::from_attributes(source, &attributes, today, &o),
    };
    Ok(Identity { inner: inner.map_err(err)? })
}

fn bytes_list(items: Option<Arg<Vec<Bound<'_, PyAny>>>>) -> PyResult<Vec<Vec<u8>>> {
    items.map_or(Ok(Vec::new()), |a| a.iter().map(bytes_arg).collect())
}

crate::record! {
    /// The outcome of `Policy.decide`: `allowed`, `reason`, `required`, `requirement`, `sufficient`,
    /// `message` (`{"it", "en"}`), `acting_as`, `on_behalf_of`, `error`.
    Decision(core::Decision) in "sportello.access", frozen;
    |v, py| {
        allowed: bool = v.allowed,
        reason: String = name_of(&v.reason),
        required: Option<String> = v.required.map(|l| name_of(&l)),
        requirement: PyResult<Bound<'py, PyAny>> = to_py(py, &v.requirement),
        sufficient: PyResult<Bound<'py, PyAny>> = to_py(py, &v.sufficient),
        message: PyResult<Bound<'py, PyAny>> = to_py(py, &v.message),
        acting_as: String = name_of(&v.acting_as),
        on_behalf_of: Option<&str> = v.on_behalf_of.as_deref(),
        error: Option<&str> = v.error.as_deref(),
    }
    fn __bool__(&self) -> bool { self.inner.allowed }
}

crate::record! {
    /// A compiled access policy (services, their requirements, the credential catalog).
    class Policy(core::Policy) in "sportello.access", frozen;
    |v, py| {}
    /// Parses and compiles the documented JSON (`{"services": [...], ...}`, a string or a dict).
    #[staticmethod]
    fn from_json(json: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(text) = json.cast::<PyString>() {
            return Ok(Policy { inner: core::Policy::from_json(&crate::text(text)?).map_err(err)? });
        }
        Ok(Policy { inner: core::Policy::new(from_py(json)?).map_err(err)? })
    }
    /// The policy from its specification as a dict (JS's `fromObject`).
    #[staticmethod]
    fn from_dict(value: &Bound<'_, PyAny>) -> PyResult<Self> { Self::from_json(value) }
    fn to_json(&self) -> String { self.inner.to_json() }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, self.inner.spec()) }
    fn service_ids(&self) -> Vec<String> { self.inner.service_ids().into_iter().map(str::to_owned).collect() }
    /// The level a credential (dict) maps to, or `None` when unknown.
    fn level_of(&self, credential: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let c: core::Credential = from_py(credential)?;
        Ok(self.inner.level_of(&c).map(|l| name_of(&l)))
    }
    /// The decision for `credential` (dict `{"kind", "level"?, "notBefore"?, "notAfter"?}` or `None`).
    fn decide(&self, service: Str, credential: Option<&Bound<'_, PyAny>>, now: Instant) -> PyResult<Decision> {
        Ok(Decision { inner: self.inner.decide(&service, credential_arg(credential)?.as_ref(), now.0) })
    }
    /// The decision when acting for someone else (`acting`: `{"as": "delegate", ...}`).
    fn decide_for(&self, service: Str, credential: Option<&Bound<'_, PyAny>>, now: Instant, acting: &Bound<'_, PyAny>) -> PyResult<Decision> {
        let a: core::Acting = from_py(acting)?;
        Ok(Decision { inner: self.inner.decide_for(&service, credential_arg(credential)?.as_ref(), now.0, &a) })
    }
    fn __eq__(&self, other: &Self) -> bool { self.inner.spec() == other.inner.spec() }
    fn __hash__(&self) -> u64 { crate::hash_json(self.inner.spec()) }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> { crate::reduce(slf.as_any(), slf.get().inner.to_json()) }
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> { Ok(format!("Policy(service_ids={})", slf.call_method0("service_ids")?.repr()?)) }
}

crate::record! {
    /// A verified identity (from SPID / CIE id attributes or a CNS / CIE certificate).
    Identity(core::Identity) in "sportello.access", frozen;
    |v, py| {
        source: String = name_of(&v.source),
        fiscal_code: &str = &v.fiscal_code,
        given_name: Option<&str> = v.given_name.as_deref(),
        family_name: Option<&str> = v.family_name.as_deref(),
        date_of_birth: Option<Date> = v.date_of_birth.map(Date),
        level: Option<&str> = v.level.as_deref(),
        warnings: Vec<String> = v.warnings.clone(),
        person_identifier: Option<&str> = v.person_identifier.as_deref(),
        purpose: Option<String> = v.purpose.map(|p| name_of(&p)),
    }
    /// From a SPID attribute set (`{"fiscalNumber": "TINIT-...", ...}`), checked at `today`
    /// (default the host's today); an absent option keeps the core's default.
    #[staticmethod]
    #[pyo3(signature = (attributes, today=None, **options),
        text_signature = "(attributes, today=None, *, require_fiscal_number_prefix=None, check_fiscal_code=None, purpose=None)")]
    fn from_spid(
        py: Python<'_>,
        attributes: Arg<BTreeMap<String, String>>,
        today: Option<Date>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        identity_from(py, core::IdentitySource::Spid, attributes, today, options)
    }
    /// From a CIE id attribute set (minimum dataset).
    #[staticmethod]
    #[pyo3(signature = (attributes, today=None, **options),
        text_signature = "(attributes, today=None, *, require_fiscal_number_prefix=None, check_fiscal_code=None, purpose=None)")]
    fn from_cie_id(
        py: Python<'_>,
        attributes: Arg<BTreeMap<String, String>>,
        today: Option<Date>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        identity_from(py, core::IdentitySource::CieId, attributes, today, options)
    }
    /// From an eIDAS attribute set (`PersonIdentifier`, `CurrentGivenName`, `CurrentFamilyName`,
    /// `DateOfBirth`; short names or full URIs), checked at `today` (default the host's today).
    #[staticmethod]
    #[pyo3(signature = (attributes, today=None, **options),
        text_signature = "(attributes, today=None, *, require_fiscal_number_prefix=None, check_fiscal_code=None, purpose=None)")]
    fn from_eidas(
        py: Python<'_>,
        attributes: Arg<BTreeMap<String, String>>,
        today: Option<Date>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        identity_from(py, core::IdentitySource::Eidas, attributes, today, options)
    }
    /// From a CNS / TS-CNS / CIE authentication certificate (PEM `str`/`bytes` or DER `bytes`)
    /// at `now`; with `trust_anchors` or `intermediates` the chain is verified first (intermediates
    /// without anchors: `access.no_trust_anchor`). The keywords are the fields of
    /// the core's `CertificateOptions`; an absent one keeps the core's default.
    #[staticmethod]
    #[pyo3(signature = (pem_or_der, now, trust_anchors=None, intermediates=None, **options),
        text_signature = "(pem_or_der, now, trust_anchors=None, intermediates=None, *, cns_policies=None, regional_policies=None, \
        cie_policies=None, ts_cns_issuers=None, require_critical_key_usage=None, reject_non_repudiation=None, require_client_auth=None)")]
    fn from_certificate(
        pem_or_der: &Bound<'_, PyAny>,
        now: Instant,
        trust_anchors: Option<Arg<Vec<Bound<'_, PyAny>>>>,
        intermediates: Option<Arg<Vec<Bound<'_, PyAny>>>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let (input, o) = (bytes_arg(pem_or_der)?, crate::keywords(options)?);
        let inner = match (trust_anchors, intermediates) {
            (None, None) => core::Identity::from_certificate_with(&input, now.0, &o),
            (anchors, intermediates) => {
                core::Identity::from_certificate_trusted(&input, now.0, &o, &bytes_list(anchors)?, &bytes_list(intermediates)?)
            }
        };
        Ok(Identity { inner: inner.map_err(err)? })
    }
    /// The credential to pass to `Policy.decide` (a dict).
    fn credential<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { to_py(py, &self.inner.credential()) }
}

/// An identity argument: an `Identity` or its dict.
fn identity_arg(identity: &Bound<'_, PyAny>) -> PyResult<core::Identity> {
    if let Ok(i) = identity.cast::<Identity>() {
        return Ok(i.get().inner.clone());
    }
    from_py(identity)
}

crate::record! {
    /// Settings of the activation flows (`ActivationPolicy()` are the defaults).
    ActivationPolicy(core::ActivationPolicy) in "sportello.access", frozen;
    |v, py| {}
    #[new]
    fn new() -> Self { ActivationPolicy { inner: core::ActivationPolicy::default() } }
    /// The first day the counter may issue the activation key for a registration on `registered_on`
    /// (by default the day of registration).
    fn key_available_from(&self, registered_on: Date) -> PyResult<Date> { self.inner.key_available_from(registered_on.0).map(Date).map_err(err) }
    /// The day by which the activation key is promised ("entro due giorni lavorativi").
    fn key_promised_by(&self, registered_on: Date) -> PyResult<Date> { self.inner.key_promised_by(registered_on.0).map(Date).map_err(err) }
}

crate::record! {
    /// A citizen's portal account in the activation flows (mutable; persist it with `to_json`).
    Account(core::Account) in "sportello.access";
    |v, py| {
        fiscal_code: &str = &v.fiscal_code,
        state: String = name_of(&v.state),
        level: Option<String> = v.level.map(|l| name_of(&l)),
        key_available_from: Option<Date> = v.key_available_from.map(Date),
        key_promised_by: Option<Date> = v.key_promised_by.map(Date),
        failed_attempts: u32 = v.failed_attempts,
        must_change_password: bool = v.must_change_password,
    }
    /// Online registration at `now` in the policy's `registration` mode.
    #[staticmethod]
    fn register(fiscal_code: Str, now: Instant, policy: Arg<PyRef<'_, ActivationPolicy>>) -> PyResult<Self> {
        Ok(Account { inner: core::Account::register(&fiscal_code, now.0, &policy.inner).map_err(err)? })
    }
    /// Issues the generated password of a `generatedPassword` account (OS randomness unless
    /// `random` is given); returns it to send.
    #[pyo3(signature = (policy, random=None))]
    fn issue_password(&mut self, policy: Arg<PyRef<'_, ActivationPolicy>>, random: Option<Arg<Vec<u8>>>) -> PyResult<String> {
        self.inner.issue_password(&policy.inner, &random_or_os(random, policy.inner.password_random_bytes().map_err(err)?)?).map_err(err)
    }
    /// Online self-registration: pending until the activation key is entered.
    #[staticmethod]
    fn self_register(fiscal_code: Str, registered_on: Date, policy: Arg<PyRef<'_, ActivationPolicy>>) -> PyResult<Self> {
        Ok(Account { inner: core::Account::self_register(&fiscal_code, registered_on.0, &policy.inner).map_err(err)? })
    }
    /// At the counter: issues the activation key (OS randomness unless `random` is given); returns it.
    #[pyo3(signature = (today, policy, random=None))]
    fn issue_activation_key(&mut self, today: Date, policy: Arg<PyRef<'_, ActivationPolicy>>, random: Option<Arg<Vec<u8>>>) -> PyResult<String> {
        self.inner.issue_activation_key(today.0, &policy.inner, &random_or_os(random, policy.inner.key_random_bytes().map_err(err)?)?).map_err(err)
    }
    /// First login after self-registration, with the activation key.
    fn activate(&mut self, key: Str, now: Instant, policy: Arg<PyRef<'_, ActivationPolicy>>) -> PyResult<()> {
        self.inner.activate(&key, now.0, &policy.inner).map_err(err)
    }
    /// First login with the envelope's username and PIN; returns `"changePassword"` or `"none"`.
    fn first_login(&mut self, username: Str, pin: Str, now: Instant, policy: Arg<PyRef<'_, ActivationPolicy>>) -> PyResult<String> {
        Ok(name_of(&self.inner.first_login(&username, &pin, now.0, &policy.inner).map_err(err)?))
    }
    fn password_changed(&mut self) -> PyResult<()> { self.inner.password_changed().map_err(err) }
    fn unlock(&mut self) -> PyResult<()> { self.inner.unlock().map_err(err) }
}

/// A sealed envelope: code, username and PIN hash; `pin` is set only on a freshly generated one
/// (never serialised, so not pickled either).
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
    fn generate(code: Str, username: Str, policy: Arg<PyRef<'_, ActivationPolicy>>, random: Option<Arg<Vec<u8>>>) -> PyResult<Self> {
        let bytes = random_or_os(random, policy.inner.pin_random_bytes().map_err(err)?)?;
        let n = core::Envelope::generate(&code, &username, &policy.inner, &bytes).map_err(err)?;
        Ok(Envelope { inner: n.envelope, pin: Some(n.pin) })
    }
    #[staticmethod]
    fn from_json(json: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Envelope { inner: from_py(json)?, pin: None })
    }
    /// JSON of the envelope (never the PIN).
    fn to_json(&self) -> String {
        to_json(&self.inner)
    }
    #[getter]
    fn pin(&self) -> Option<&str> {
        self.pin.as_deref()
    }
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    #[getter]
    fn username(&self) -> &str {
        &self.inner.username
    }
    #[getter]
    fn bound_to(&self) -> Option<&str> {
        self.inner.bound_to.as_deref()
    }
    /// Binds the envelope to the citizen at the counter; returns the pending account.
    fn bind(&mut self, fiscal_code: Str, today: Date, policy: Arg<PyRef<'_, ActivationPolicy>>) -> PyResult<Account> {
        Ok(Account { inner: self.inner.bind(&fiscal_code, today.0, &policy.inner).map_err(err)? })
    }
    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.inner == other.inner
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        crate::reduce(slf.as_any(), to_json(&slf.borrow().inner))
    }
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::repr(slf.as_any(), &["code", "username", "bound_to"])
    }
}

/// Roles and operators from their JSON text (the core's `from_json`) or a dict (the shape, then
/// the core's `check`).
fn load_staff(obj: &Bound<'_, PyAny>) -> PyResult<core::Staff> {
    if let Ok(s) = obj.cast::<PyString>() {
        return core::Staff::from_json(&crate::text(s)?).map_err(err);
    }
    let staff: core::Staff = from_py(obj)?;
    staff.check().map_err(err)?;
    Ok(staff)
}

/// A staff argument: an `access.Staff`, its dict or its JSON text.
pub(crate) fn staff_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::Staff> {
    if let Ok(s) = obj.cast::<Staff>() {
        return Ok(s.borrow().inner.clone());
    }
    load_staff(obj)
}

crate::record! {
    /// Back-office roles and operators.
    Staff(core::Staff) in "sportello.access"; load = load_staff;
    |v, py| {}
    /// The built-in CiTel-style roles, no operators.
    #[staticmethod]
    fn citel() -> Self { Staff { inner: core::Staff::citel() } }
    fn permits(&self, operator: Str, permission: Str) -> bool { self.inner.permits(&operator, &permission) }
    fn authorize(&self, operator: Str, permission: Str) -> PyResult<()> { self.inner.authorize(&operator, &permission).map_err(err) }
    fn enabled_for_service(&self, operator: Str, service: Str) -> bool { self.inner.enabled_for_service(&operator, &service) }
    fn enabled_for_calendar(&self, operator: Str, calendar: Str) -> bool { self.inner.enabled_for_calendar(&operator, &calendar) }
    fn can_handle(&self, operator: Str, service: Str, permission: Str) -> bool { self.inner.can_handle(&operator, &service, &permission) }
    fn create_operator(&mut self, actor: Str, operator: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.create_operator(&actor, from_py(operator)?).map_err(err)
    }
    fn grant_role(&mut self, actor: Str, target: Str, role: Str) -> PyResult<()> { self.inner.grant_role(&actor, &target, &role).map_err(err) }
    fn revoke_role(&mut self, actor: Str, target: Str, role: Str) -> PyResult<()> { self.inner.revoke_role(&actor, &target, &role).map_err(err) }
    fn enable_service(&mut self, actor: Str, target: Str, service: Str) -> PyResult<()> {
        self.inner.enable_service(&actor, &target, &service).map_err(err)
    }
    fn enable_calendar(&mut self, actor: Str, target: Str, calendar: Str) -> PyResult<()> {
        self.inner.enable_calendar(&actor, &target, &calendar).map_err(err)
    }
    fn delete_operator(&mut self, actor: Str, target: Str, practices_in_charge: Arg<u32>) -> PyResult<()> {
        self.inner.delete_operator(&actor, &target, *practices_in_charge).map_err(err)
    }
    fn in_office(&self, operator: Str, office: Str) -> bool { self.inner.in_office(&operator, &office) }
    fn office_for(&self, operator: Str, service: Str) -> Option<&str> { self.inner.office_for(&operator, &service) }
    fn check_service(&self, operator: Str, service: Str) -> PyResult<()> { self.inner.check_service(&operator, &service).map_err(err) }
    fn check_calendar(&self, operator: Str, calendar: Str) -> PyResult<()> { self.inner.check_calendar(&operator, &calendar).map_err(err) }
    fn set_active(&mut self, actor: Str, target: Str, active: Arg<bool>) -> PyResult<()> {
        self.inner.set_active(&actor, &target, *active).map_err(err)
    }
    fn disable_service(&mut self, actor: Str, target: Str, service: Str) -> PyResult<()> {
        self.inner.disable_service(&actor, &target, &service).map_err(err)
    }
    fn disable_calendar(&mut self, actor: Str, target: Str, calendar: Str) -> PyResult<()> {
        self.inner.disable_calendar(&actor, &target, &calendar).map_err(err)
    }
    fn add_to_office(&mut self, actor: Str, target: Str, office: Str) -> PyResult<()> {
        self.inner.add_to_office(&actor, &target, &office).map_err(err)
    }
    fn remove_from_office(&mut self, actor: Str, target: Str, office: Str) -> PyResult<()> {
        self.inner.remove_from_office(&actor, &target, &office).map_err(err)
    }
}

crate::functions! { register; classes: Policy, Decision, Identity, ActivationPolicy, Account, Envelope, Staff;
    /// Checks a delegation (dict) on `date` (default the host's today); raises `AccessError`
    /// (`access.delegation_*`) if it does not hold.
    #[pyo3(signature = (delegation, delegate, delegator, service, date=None, rules=None))]
    fn check_delegation(
        py: Python<'_>,
        delegation: &Bound<'_, PyAny>,
        delegate: Str,
        delegator: Str,
        service: Str,
        date: Option<Date>,
        rules: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let d: core::Delegation = from_py(delegation)?;
        let r: core::DelegationRules = from_py_or_default(rules)?;
        d.check(&delegate, &delegator, &service, today_or(py, date)?, &r).map_err(err)
    }
    /// Whether a delegation (dict) holds on `date` (default the host's today), with the default rules.
    #[pyo3(signature = (delegation, delegate, delegator, service, date=None))]
    fn is_delegation_valid(
        py: Python<'_>,
        delegation: &Bound<'_, PyAny>,
        delegate: Str,
        delegator: Str,
        service: Str,
        date: Option<Date>,
    ) -> PyResult<bool> {
        let d: core::Delegation = from_py(delegation)?;
        Ok(d.is_valid(&delegate, &delegator, &service, today_or(py, date)?))
    }
    /// Checks that a certificate chains to one of `anchors` (PEM/DER each) at `now`; raises
    /// `access.certificate_untrusted` otherwise.
    #[pyo3(signature = (leaf, anchors, now, intermediates=None))]
    fn verify_chain(
        leaf: &Bound<'_, PyAny>,
        anchors: Arg<Vec<Bound<'_, PyAny>>>,
        now: Instant,
        intermediates: Option<Arg<Vec<Bound<'_, PyAny>>>>,
    ) -> PyResult<()> {
        core::verify_chain(&bytes_arg(leaf)?, &bytes_list(intermediates)?, &bytes_list(Some(anchors))?, now.0).map_err(err)
    }
    /// The citizen's profile (dict) after a login with `identity` (an `Identity` or its dict) at
    /// `now` (`stored`: `None` at the first login): a dict `{"profile", "changed", "locked",
    /// "editable"}`. Raises `access.profile_mismatch` for a profile of another person.
    fn merge_profile<'py>(
        py: Python<'py>,
        stored: Option<&Bound<'py, PyAny>>,
        identity: &Bound<'py, PyAny>,
        now: Instant,
    ) -> PyResult<Bound<'py, PyAny>> {
        let stored: Option<core::Profile> = stored.filter(|s| !s.is_none()).map(from_py).transpose()?;
        let merged = core::Profile::merge(stored.as_ref(), &identity_arg(identity)?, now.0).map_err(err)?;
        to_py(py, &merged)
    }
    /// The profile (dict) after the citizen edits `field` (an empty value removes it); raises
    /// `access.profile_locked` for a field inherited from the identity.
    fn edit_profile<'py>(py: Python<'py>, profile: &Bound<'py, PyAny>, field: Str, value: Str) -> PyResult<Bound<'py, PyAny>> {
        let p: core::Profile = from_py(profile)?;
        to_py(py, &p.edit(&field, &value).map_err(err)?)
    }
    /// The built-in credential catalog (list of dicts).
    fn default_credentials(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> { to_py(py, &core::default_credentials()) }
    /// A secret from `spec` (`{"alphabet", "length"}`): from `random` bytes when given (tests), else
    /// from the OS generator.
    #[pyo3(signature = (spec, random=None))]
    fn generate_secret(spec: &Bound<'_, PyAny>, random: Option<Arg<Vec<u8>>>) -> PyResult<String> {
        let s: core::SecretSpec = from_py(spec)?;
        s.generate(&random_or_os(random, s.random_bytes_needed().map_err(err)?)?).map_err(err)
    }
}
