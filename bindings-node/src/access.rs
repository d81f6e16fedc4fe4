//! `access` namespace and the `Policy`, `Identity`, `ActivationPolicy`, `Account`, `Envelope` and
//! `Staff` classes: mechanical mappings of `sportello::access`. The only thing added here is OS
//! randomness (`getrandom`) for key and PIN generation.
use std::collections::BTreeMap;

use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;
use sportello::access as core;

use crate::{arg_err, bytes, date, err, from_js, instant, name_of, to_js, Result};

fn os_random(n: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| arg_err(format!("OS random generator: {e}")))?;
    Ok(buf)
}

fn opt<T: serde::de::DeserializeOwned + Default>(v: Option<serde_json::Value>) -> Result<T> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(T::default()),
        Some(v) => from_js(v),
    }
}

fn cred(v: Option<serde_json::Value>) -> Result<Option<core::Credential>> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => from_js(v).map(Some),
    }
}

/// A compiled access policy: services, their requirements, the credential catalog. Fail-closed.
#[napi]
pub struct Policy {
    inner: core::Policy,
}

#[napi]
impl Policy {
    /// Parses the documented JSON (`{"services": [...], ...}`).
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Policy { inner: core::Policy::from_json(&json).map_err(err)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[napi]
    pub fn service_ids(&self) -> Vec<String> {
        self.inner.service_ids().into_iter().map(str::to_owned).collect()
    }

    /// The level a credential maps to, or `null` when unknown.
    #[napi(ts_args_type = "credential: Credential", ts_return_type = "Level | null")]
    pub fn level_of(&self, credential: serde_json::Value) -> Result<Option<String>> {
        let c: core::Credential = from_js(credential)?;
        Ok(self.inner.level_of(&c).map(|l| name_of(&l)))
    }

    /// The decision for `credential` (`null`: not logged in) on `service` at `now` (RFC 3339).
    #[napi(ts_args_type = "service: string, credential: Credential | null, now: string", ts_return_type = "Decision")]
    pub fn decide(&self, service: String, credential: Option<serde_json::Value>, now: String) -> Result<crate::Json> {
        to_js(&self.inner.decide(&service, cred(credential)?.as_ref(), instant(&now)?))
    }

    /// The decision when acting for someone else.
    #[napi(
        ts_args_type = "service: string, credential: Credential | null, now: string, acting: Acting",
        ts_return_type = "Decision"
    )]
    pub fn decide_for(
        &self,
        service: String,
        credential: Option<serde_json::Value>,
        now: String,
        acting: serde_json::Value,
    ) -> Result<crate::Json> {
        let a: core::Acting = from_js(acting)?;
        to_js(&self.inner.decide_for(&service, cred(credential)?.as_ref(), instant(&now)?, &a))
    }
}

/// A verified identity from SPID / CIE id attributes or a CNS / CIE certificate.
#[napi]
pub struct Identity {
    inner: core::Identity,
}

#[napi]
impl Identity {
    /// From a SPID attribute set, checked at `today` (`YYYY-MM-DD`).
    #[napi(factory, ts_args_type = "attributes: Record<string, string>, today: string, options?: AttributeOptions")]
    pub fn from_spid(attributes: BTreeMap<String, String>, today: String, options: Option<serde_json::Value>) -> Result<Self> {
        let o: core::AttributeOptions = opt(options)?;
        let inner = core::Identity::from_attributes(core::IdentitySource::Spid, &attributes, date(&today)?, &o).map_err(err)?;
        Ok(Identity { inner })
    }

    /// From a CIE id attribute set (minimum dataset).
    #[napi(factory, ts_args_type = "attributes: Record<string, string>, today: string, options?: AttributeOptions")]
    pub fn from_cie_id(attributes: BTreeMap<String, String>, today: String, options: Option<serde_json::Value>) -> Result<Self> {
        let o: core::AttributeOptions = opt(options)?;
        let inner = core::Identity::from_attributes(core::IdentitySource::CieId, &attributes, date(&today)?, &o).map_err(err)?;
        Ok(Identity { inner })
    }

    /// From a CNS / TS-CNS / CIE certificate (PEM string or DER/PEM Uint8Array) at `now`; with
    /// `trustAnchors` the chain is verified first.
    #[napi(
        factory,
        ts_args_type = "pemOrDer: string | Uint8Array, now: string, options?: CertificateOptions | null, trustAnchors?: Array<string | Uint8Array> | null, intermediates?: Array<string | Uint8Array> | null"
    )]
    pub fn from_certificate(
        pem_or_der: Either<String, Uint8Array>,
        now: String,
        options: Option<serde_json::Value>,
        trust_anchors: Option<Vec<Either<String, Uint8Array>>>,
        intermediates: Option<Vec<Either<String, Uint8Array>>>,
    ) -> Result<Self> {
        let input = bytes(&pem_or_der);
        let o: core::CertificateOptions = opt(options)?;
        let now = instant(&now)?;
        let inner = match trust_anchors {
            None => core::Identity::from_certificate_with(input, now, &o),
            Some(a) => {
                let anchors: Vec<Vec<u8>> = a.iter().map(|v| bytes(v).to_vec()).collect();
                let inter: Vec<Vec<u8>> = intermediates.unwrap_or_default().iter().map(|v| bytes(v).to_vec()).collect();
                core::Identity::from_certificate_trusted(input, now, &o, &anchors, &inter)
            }
        };
        Ok(Identity { inner: inner.map_err(err)? })
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Identity { inner: crate::from_json(&json)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The identity as a plain object in its JSON shape.
    #[napi(ts_return_type = "import(\"./types/index\").Identity")]
    pub fn to_object(&self) -> Result<crate::Json> {
        to_js(&self.inner)
    }

    /// The credential to pass to `policy.decide`.
    #[napi(ts_return_type = "Credential")]
    pub fn credential(&self) -> Result<crate::Json> {
        to_js(&self.inner.credential())
    }

    #[napi(getter, ts_return_type = "IdentitySource")]
    pub fn source(&self) -> String {
        name_of(&self.inner.source)
    }

    #[napi(getter)]
    pub fn fiscal_code(&self) -> String {
        self.inner.fiscal_code.clone()
    }

    #[napi(getter)]
    pub fn given_name(&self) -> Option<String> {
        self.inner.given_name.clone()
    }

    #[napi(getter)]
    pub fn family_name(&self) -> Option<String> {
        self.inner.family_name.clone()
    }

    #[napi(getter)]
    pub fn date_of_birth(&self) -> Option<String> {
        self.inner.date_of_birth.map(|d| d.to_string())
    }

    #[napi(getter)]
    pub fn level(&self) -> Option<String> {
        self.inner.level.clone()
    }

    #[napi(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
}

/// Throws (`access.delegation_*`) unless the delegation holds on `date`.
#[napi(
    namespace = "access",
    ts_args_type = "delegation: Delegation, delegate: string, delegator: string, service: string, date: string, rules?: DelegationRules | null"
)]
pub fn check_delegation(
    delegation: serde_json::Value,
    delegate: String,
    delegator: String,
    service: String,
    date_iso: String,
    rules: Option<serde_json::Value>,
) -> Result<()> {
    let d: core::Delegation = from_js(delegation)?;
    let r: core::DelegationRules = opt(rules)?;
    d.check(&delegate, &delegator, &service, date(&date_iso)?, &r).map_err(err)
}

/// Whether the delegation holds on `date` (default rules).
#[napi(namespace = "access", ts_args_type = "delegation: Delegation, delegate: string, delegator: string, service: string, date: string")]
pub fn is_delegation_valid(delegation: serde_json::Value, delegate: String, delegator: String, service: String, date_iso: String) -> Result<bool> {
    let d: core::Delegation = from_js(delegation)?;
    Ok(d.is_valid(&delegate, &delegator, &service, date(&date_iso)?))
}

/// Throws `access.certificate_untrusted` unless `leaf` chains to one of `anchors` at `now`.
#[napi(
    namespace = "access",
    ts_args_type = "leaf: string | Uint8Array, anchors: Array<string | Uint8Array>, now: string, intermediates?: Array<string | Uint8Array> | null"
)]
pub fn verify_chain(
    leaf: Either<String, Uint8Array>,
    anchors: Vec<Either<String, Uint8Array>>,
    now: String,
    intermediates: Option<Vec<Either<String, Uint8Array>>>,
) -> Result<()> {
    let anchors: Vec<Vec<u8>> = anchors.iter().map(|v| bytes(v).to_vec()).collect();
    let inter: Vec<Vec<u8>> = intermediates.unwrap_or_default().iter().map(|v| bytes(v).to_vec()).collect();
    core::verify_chain(bytes(&leaf), &inter, &anchors, instant(&now)?).map_err(err)
}

/// The built-in credential catalog.
#[napi(namespace = "access", ts_return_type = "CredentialSpec[]")]
pub fn default_credentials() -> Result<crate::Json> {
    to_js(&core::default_credentials())
}

/// A secret from `spec`: from `random` bytes when given (tests), else from the OS generator.
#[napi(namespace = "access", ts_args_type = "spec: SecretSpec, random?: Uint8Array | null")]
pub fn generate_secret(spec: serde_json::Value, random: Option<Uint8Array>) -> Result<String> {
    let s: core::SecretSpec = from_js(spec)?;
    let b = match random {
        Some(b) => b.to_vec(),
        None => os_random(s.random_bytes_needed())?,
    };
    s.generate(&b).map_err(err)
}

/// Settings of the activation flows (`new ActivationPolicy()` are the defaults).
#[napi]
pub struct ActivationPolicy {
    inner: core::ActivationPolicy,
}

#[napi]
impl ActivationPolicy {
    #[napi(constructor)]
    pub fn new() -> Self {
        ActivationPolicy { inner: core::ActivationPolicy::default() }
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(ActivationPolicy { inner: crate::from_json(&json)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The first day (`YYYY-MM-DD`) the activation key can be collected.
    #[napi]
    pub fn key_available_from(&self, registered_on: String) -> Result<String> {
        Ok(self.inner.key_available_from(date(&registered_on)?).map_err(err)?.to_string())
    }
}

impl Default for ActivationPolicy {
    fn default() -> Self {
        Self::new()
    }
}

/// A portal account in the activation flows (persist it with `toJson`).
#[napi]
pub struct Account {
    inner: core::Account,
}

#[napi]
impl Account {
    /// Online self-registration: pending until the activation key is entered.
    #[napi(factory)]
    pub fn self_register(fiscal_code: String, registered_on: String, policy: &ActivationPolicy) -> Result<Self> {
        Ok(Account { inner: core::Account::self_register(&fiscal_code, date(&registered_on)?, &policy.inner).map_err(err)? })
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Account { inner: crate::from_json(&json)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// At the counter: issues the activation key (OS randomness unless `random` is given).
    #[napi]
    pub fn issue_activation_key(&mut self, today: String, policy: &ActivationPolicy, random: Option<Uint8Array>) -> Result<String> {
        let b = match random {
            Some(b) => b.to_vec(),
            None => os_random(policy.inner.key_random_bytes())?,
        };
        self.inner.issue_activation_key(date(&today)?, &policy.inner, &b).map_err(err)
    }

    /// First login after self-registration, with the activation key.
    #[napi]
    pub fn activate(&mut self, key: String, now: String, policy: &ActivationPolicy) -> Result<()> {
        self.inner.activate(&key, instant(&now)?, &policy.inner).map_err(err)
    }

    /// First login with the envelope's username and PIN: `"changePassword"` or `"none"`.
    #[napi(ts_return_type = "NextStep")]
    pub fn first_login(&mut self, username: String, pin: String, now: String, policy: &ActivationPolicy) -> Result<String> {
        Ok(name_of(&self.inner.first_login(&username, &pin, instant(&now)?, &policy.inner).map_err(err)?))
    }

    #[napi]
    pub fn password_changed(&mut self) -> Result<()> {
        self.inner.password_changed().map_err(err)
    }

    #[napi]
    pub fn unlock(&mut self) -> Result<()> {
        self.inner.unlock().map_err(err)
    }

    #[napi(getter)]
    pub fn fiscal_code(&self) -> String {
        self.inner.fiscal_code.clone()
    }

    #[napi(getter, ts_return_type = "AccountState")]
    pub fn state(&self) -> String {
        name_of(&self.inner.state)
    }

    #[napi(getter, ts_return_type = "Level | null")]
    pub fn level(&self) -> Option<String> {
        self.inner.level.map(|l| name_of(&l))
    }

    #[napi(getter)]
    pub fn key_available_from(&self) -> Option<String> {
        self.inner.key_available_from.map(|d| d.to_string())
    }

    #[napi(getter)]
    pub fn failed_attempts(&self) -> u32 {
        self.inner.failed_attempts
    }

    #[napi(getter)]
    pub fn must_change_password(&self) -> bool {
        self.inner.must_change_password
    }
}

/// A sealed envelope; `pin` is set only on a freshly generated one (never serialised).
#[napi]
pub struct Envelope {
    inner: core::Envelope,
    pin: Option<String>,
}

#[napi]
impl Envelope {
    /// Prepares an envelope with a new PIN (OS randomness unless `random` is given).
    #[napi(factory)]
    pub fn generate(code: String, username: String, policy: &ActivationPolicy, random: Option<Uint8Array>) -> Result<Self> {
        let b = match random {
            Some(b) => b.to_vec(),
            None => os_random(policy.inner.pin_random_bytes())?,
        };
        let n = core::Envelope::generate(&code, &username, &policy.inner, &b).map_err(err)?;
        Ok(Envelope { inner: n.envelope, pin: Some(n.pin) })
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Envelope { inner: crate::from_json(&json)?, pin: None })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    #[napi(getter)]
    pub fn pin(&self) -> Option<String> {
        self.pin.clone()
    }

    #[napi(getter)]
    pub fn code(&self) -> String {
        self.inner.code.clone()
    }

    #[napi(getter)]
    pub fn username(&self) -> String {
        self.inner.username.clone()
    }

    #[napi(getter)]
    pub fn bound_to(&self) -> Option<String> {
        self.inner.bound_to.clone()
    }

    /// Binds the envelope to the citizen at the counter; returns the pending account.
    #[napi]
    pub fn bind(&mut self, fiscal_code: String, today: String, policy: &ActivationPolicy) -> Result<Account> {
        Ok(Account { inner: self.inner.bind(&fiscal_code, date(&today)?, &policy.inner).map_err(err)? })
    }
}

/// Back-office roles (permissions `area:action`) and operators.
#[napi]
pub struct Staff {
    inner: core::Staff,
}

#[napi]
impl Staff {
    /// The built-in CiTel-style roles, no operators.
    #[napi(factory)]
    pub fn citel() -> Self {
        Staff { inner: core::Staff::citel() }
    }

    #[napi(factory)]
    pub fn from_json(json: String) -> Result<Self> {
        Ok(Staff { inner: core::Staff::from_json(&json).map_err(err)? })
    }

    #[napi]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[napi]
    pub fn permits(&self, operator: String, permission: String) -> bool {
        self.inner.permits(&operator, &permission)
    }

    #[napi]
    pub fn authorize(&self, operator: String, permission: String) -> Result<()> {
        self.inner.authorize(&operator, &permission).map_err(err)
    }

    #[napi]
    pub fn enabled_for_service(&self, operator: String, service: String) -> bool {
        self.inner.enabled_for_service(&operator, &service)
    }

    #[napi]
    pub fn enabled_for_calendar(&self, operator: String, calendar: String) -> bool {
        self.inner.enabled_for_calendar(&operator, &calendar)
    }

    #[napi]
    pub fn can_handle(&self, operator: String, service: String, permission: String) -> bool {
        self.inner.can_handle(&operator, &service, &permission)
    }

    #[napi(ts_args_type = "actor: string, operator: Operator")]
    pub fn create_operator(&mut self, actor: String, operator: serde_json::Value) -> Result<()> {
        let o: core::Operator = from_js(operator)?;
        self.inner.create_operator(&actor, o).map_err(err)
    }

    #[napi]
    pub fn grant_role(&mut self, actor: String, target: String, role: String) -> Result<()> {
        self.inner.grant_role(&actor, &target, &role).map_err(err)
    }

    #[napi]
    pub fn revoke_role(&mut self, actor: String, target: String, role: String) -> Result<()> {
        self.inner.revoke_role(&actor, &target, &role).map_err(err)
    }

    #[napi]
    pub fn enable_service(&mut self, actor: String, target: String, service: String) -> Result<()> {
        self.inner.enable_service(&actor, &target, &service).map_err(err)
    }

    #[napi]
    pub fn enable_calendar(&mut self, actor: String, target: String, calendar: String) -> Result<()> {
        self.inner.enable_calendar(&actor, &target, &calendar).map_err(err)
    }

    #[napi]
    pub fn delete_operator(&mut self, actor: String, target: String, practices_in_charge: u32) -> Result<()> {
        self.inner.delete_operator(&actor, &target, practices_in_charge).map_err(err)
    }
}
