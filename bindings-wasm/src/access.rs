//! `access` namespace and the `Policy`, `Identity`, `ActivationPolicy`, `Account`, `Envelope` and
//! `Staff` classes: mechanical mappings of `sportello::access`. Randomness for keys and PINs comes
//! from `crypto.getRandomValues` (getrandom's `wasm_js` backend). Certificate chain verification
//! is not compiled for wasm32 (it needs *ring*): `verifyChain` and `trustAnchors` throw
//! `access.verification_unavailable`.
use std::collections::BTreeMap;

use sportello::access as core;
use wasm_bindgen::prelude::*;

use crate::{arg_err, bytes, date, err, from_js, from_js_or_default, instant, name_of, to_js, Result};

fn os_random(n: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| arg_err(format!("crypto.getRandomValues: {e}")))?;
    Ok(buf)
}

fn bytes_list(v: &JsValue) -> Result<Vec<Vec<u8>>> {
    if v.is_null_or_undefined() {
        return Ok(Vec::new());
    }
    if !js_sys::Array::is_array(v) {
        return Err(arg_err("expected an array of strings or Uint8Arrays"));
    }
    js_sys::Array::from(v).iter().map(|x| bytes(&x)).collect()
}

fn cred(v: JsValue) -> Result<Option<core::Credential>> {
    from_js_or_default(v)
}

fn random_or(v: Option<Vec<u8>>, n: usize) -> Result<Vec<u8>> {
    match v {
        Some(b) => Ok(b),
        None => os_random(n),
    }
}

/// Delegations, chain verification (unavailable here), the credential catalog, secrets.
#[wasm_bindgen(js_name = "access")]
pub struct AccessNs;

#[wasm_bindgen(js_class = "access")]
impl AccessNs {
    /// Throws (`access.delegation_*`) unless the delegation holds on `date`.
    #[wasm_bindgen(js_name = "checkDelegation")]
    pub fn check_delegation(
        #[wasm_bindgen(unchecked_param_type = "Delegation")] delegation: JsValue,
        delegate: &str,
        delegator: &str,
        service: &str,
        date_iso: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "DelegationRules | null")] rules: JsValue,
    ) -> Result<()> {
        let d: core::Delegation = from_js(delegation)?;
        let r: core::DelegationRules = from_js_or_default(rules)?;
        d.check(delegate, delegator, service, date(date_iso)?, &r).map_err(err)
    }

    /// Whether the delegation holds on `date` (default rules).
    #[wasm_bindgen(js_name = "isDelegationValid")]
    pub fn is_delegation_valid(
        #[wasm_bindgen(unchecked_param_type = "Delegation")] delegation: JsValue,
        delegate: &str,
        delegator: &str,
        service: &str,
        date_iso: &str,
    ) -> Result<bool> {
        let d: core::Delegation = from_js(delegation)?;
        Ok(d.is_valid(delegate, delegator, service, date(date_iso)?))
    }

    /// Always throws `access.verification_unavailable` in the WASM build.
    #[wasm_bindgen(js_name = "verifyChain")]
    pub fn verify_chain(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] leaf: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<string | Uint8Array>")] anchors: JsValue,
        now: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "Array<string | Uint8Array> | null")] intermediates: JsValue,
    ) -> Result<()> {
        core::verify_chain(&bytes(&leaf)?, &bytes_list(&intermediates)?, &bytes_list(&anchors)?, instant(now)?).map_err(err)
    }

    /// The built-in credential catalog.
    #[wasm_bindgen(js_name = "defaultCredentials", unchecked_return_type = "CredentialSpec[]")]
    pub fn default_credentials() -> Result<JsValue> {
        to_js(&core::default_credentials())
    }

    /// A secret from `spec`: from `random` bytes when given (tests), else from `crypto.getRandomValues`.
    #[wasm_bindgen(js_name = "generateSecret")]
    pub fn generate_secret(#[wasm_bindgen(unchecked_param_type = "SecretSpec")] spec: JsValue, random: Option<Vec<u8>>) -> Result<String> {
        let s: core::SecretSpec = from_js(spec)?;
        let n = s.random_bytes_needed();
        s.generate(&random_or(random, n)?).map_err(err)
    }
}

/// A compiled access policy: services, their requirements, the credential catalog. Fail-closed.
#[wasm_bindgen]
pub struct Policy {
    inner: core::Policy,
}

#[wasm_bindgen]
impl Policy {
    /// Parses the documented JSON (`{"services": [...], ...}`).
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Policy> {
        Ok(Policy { inner: core::Policy::from_json(json).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[wasm_bindgen(js_name = "serviceIds")]
    pub fn service_ids(&self) -> Vec<String> {
        self.inner.service_ids().into_iter().map(str::to_owned).collect()
    }

    /// The level a credential maps to, or `undefined` when unknown.
    #[wasm_bindgen(js_name = "levelOf", unchecked_return_type = "Level | undefined")]
    pub fn level_of(&self, #[wasm_bindgen(unchecked_param_type = "Credential")] credential: JsValue) -> Result<JsValue> {
        let c: core::Credential = from_js(credential)?;
        Ok(self.inner.level_of(&c).map(|l| JsValue::from_str(&name_of(&l))).unwrap_or(JsValue::UNDEFINED))
    }

    /// The decision for `credential` (`null`: not logged in) on `service` at `now` (RFC 3339).
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn decide(
        &self,
        service: &str,
        #[wasm_bindgen(unchecked_param_type = "Credential | null")] credential: JsValue,
        now: &str,
    ) -> Result<JsValue> {
        to_js(&self.inner.decide(service, cred(credential)?.as_ref(), instant(now)?))
    }

    /// The decision when acting for someone else.
    #[wasm_bindgen(js_name = "decideFor", unchecked_return_type = "Decision")]
    pub fn decide_for(
        &self,
        service: &str,
        #[wasm_bindgen(unchecked_param_type = "Credential | null")] credential: JsValue,
        now: &str,
        #[wasm_bindgen(unchecked_param_type = "Acting")] acting: JsValue,
    ) -> Result<JsValue> {
        let a: core::Acting = from_js(acting)?;
        to_js(&self.inner.decide_for(service, cred(credential)?.as_ref(), instant(now)?, &a))
    }
}

/// A verified identity from SPID / CIE id attributes or a CNS / CIE certificate.
#[wasm_bindgen]
pub struct Identity {
    inner: core::Identity,
}

fn from_attrs(source: core::IdentitySource, attributes: JsValue, today: &str, options: JsValue) -> Result<Identity> {
    let attrs: BTreeMap<String, String> = from_js(attributes)?;
    let o: core::AttributeOptions = from_js_or_default(options)?;
    Ok(Identity { inner: core::Identity::from_attributes(source, &attrs, date(today)?, &o).map_err(err)? })
}

#[wasm_bindgen]
impl Identity {
    /// From a SPID attribute set, checked at `today` (`YYYY-MM-DD`).
    #[wasm_bindgen(js_name = "fromSpid")]
    pub fn from_spid(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] attributes: JsValue,
        today: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "AttributeOptions | null")] options: JsValue,
    ) -> Result<Identity> {
        from_attrs(core::IdentitySource::Spid, attributes, today, options)
    }

    /// From a CIE id attribute set (minimum dataset).
    #[wasm_bindgen(js_name = "fromCieId")]
    pub fn from_cie_id(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] attributes: JsValue,
        today: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "AttributeOptions | null")] options: JsValue,
    ) -> Result<Identity> {
        from_attrs(core::IdentitySource::CieId, attributes, today, options)
    }

    /// From a CNS / TS-CNS / CIE certificate (PEM string, or DER/PEM Uint8Array) at `now`.
    /// `trustAnchors` (chain verification) throws `access.verification_unavailable` here.
    #[wasm_bindgen(js_name = "fromCertificate")]
    pub fn from_certificate(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] pem_or_der: JsValue,
        now: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "CertificateOptions | null")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Array<string | Uint8Array> | null")] trust_anchors: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Array<string | Uint8Array> | null")] intermediates: JsValue,
    ) -> Result<Identity> {
        let input = bytes(&pem_or_der)?;
        let o: core::CertificateOptions = from_js_or_default(options)?;
        let now = instant(now)?;
        let inner = if trust_anchors.is_null_or_undefined() {
            core::Identity::from_certificate_with(&input, now, &o)
        } else {
            core::Identity::from_certificate_trusted(&input, now, &o, &bytes_list(&trust_anchors)?, &bytes_list(&intermediates)?)
        };
        Ok(Identity { inner: inner.map_err(err)? })
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Identity> {
        Ok(Identity { inner: crate::from_json(json)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The identity as a plain object in its JSON shape.
    #[wasm_bindgen(js_name = "toObject", unchecked_return_type = "import(\"./types/index\").Identity")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(&self.inner)
    }

    /// The credential to pass to `policy.decide`.
    #[wasm_bindgen(unchecked_return_type = "Credential")]
    pub fn credential(&self) -> Result<JsValue> {
        to_js(&self.inner.credential())
    }

    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        name_of(&self.inner.source)
    }

    #[wasm_bindgen(getter, js_name = "fiscalCode")]
    pub fn fiscal_code(&self) -> String {
        self.inner.fiscal_code.clone()
    }

    #[wasm_bindgen(getter, js_name = "givenName")]
    pub fn given_name(&self) -> Option<String> {
        self.inner.given_name.clone()
    }

    #[wasm_bindgen(getter, js_name = "familyName")]
    pub fn family_name(&self) -> Option<String> {
        self.inner.family_name.clone()
    }

    #[wasm_bindgen(getter, js_name = "dateOfBirth")]
    pub fn date_of_birth(&self) -> Option<String> {
        self.inner.date_of_birth.map(|d| d.to_string())
    }

    #[wasm_bindgen(getter)]
    pub fn level(&self) -> Option<String> {
        self.inner.level.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
}

/// Settings of the activation flows (`new ActivationPolicy()` are the defaults).
#[wasm_bindgen]
pub struct ActivationPolicy {
    inner: core::ActivationPolicy,
}

#[wasm_bindgen]
impl ActivationPolicy {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> ActivationPolicy {
        ActivationPolicy { inner: core::ActivationPolicy::default() }
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<ActivationPolicy> {
        Ok(ActivationPolicy { inner: crate::from_json(json)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// The first day (`YYYY-MM-DD`) the activation key can be collected.
    #[wasm_bindgen(js_name = "keyAvailableFrom")]
    pub fn key_available_from(&self, registered_on: &str) -> Result<String> {
        Ok(self.inner.key_available_from(date(registered_on)?).map_err(err)?.to_string())
    }
}

/// A portal account in the activation flows (persist it with `toJson`).
#[wasm_bindgen]
pub struct Account {
    inner: core::Account,
}

#[wasm_bindgen]
impl Account {
    /// Online self-registration: pending until the activation key is entered.
    #[wasm_bindgen(js_name = "selfRegister")]
    pub fn self_register(fiscal_code: &str, registered_on: &str, policy: &ActivationPolicy) -> Result<Account> {
        Ok(Account { inner: core::Account::self_register(fiscal_code, date(registered_on)?, &policy.inner).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Account> {
        Ok(Account { inner: crate::from_json(json)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    /// At the counter: issues the activation key (crypto randomness unless `random` is given).
    #[wasm_bindgen(js_name = "issueActivationKey")]
    pub fn issue_activation_key(&mut self, today: &str, policy: &ActivationPolicy, random: Option<Vec<u8>>) -> Result<String> {
        let b = random_or(random, policy.inner.key_random_bytes())?;
        self.inner.issue_activation_key(date(today)?, &policy.inner, &b).map_err(err)
    }

    /// First login after self-registration, with the activation key.
    pub fn activate(&mut self, key: &str, now: &str, policy: &ActivationPolicy) -> Result<()> {
        self.inner.activate(key, instant(now)?, &policy.inner).map_err(err)
    }

    /// First login with the envelope's username and PIN: `"changePassword"` or `"none"`.
    #[wasm_bindgen(js_name = "firstLogin", unchecked_return_type = "NextStep")]
    pub fn first_login(&mut self, username: &str, pin: &str, now: &str, policy: &ActivationPolicy) -> Result<JsValue> {
        let next = self.inner.first_login(username, pin, instant(now)?, &policy.inner).map_err(err)?;
        Ok(JsValue::from_str(&name_of(&next)))
    }

    #[wasm_bindgen(js_name = "passwordChanged")]
    pub fn password_changed(&mut self) -> Result<()> {
        self.inner.password_changed().map_err(err)
    }

    pub fn unlock(&mut self) -> Result<()> {
        self.inner.unlock().map_err(err)
    }

    #[wasm_bindgen(getter, js_name = "fiscalCode")]
    pub fn fiscal_code(&self) -> String {
        self.inner.fiscal_code.clone()
    }

    #[wasm_bindgen(getter, unchecked_return_type = "AccountState")]
    pub fn state(&self) -> JsValue {
        JsValue::from_str(&name_of(&self.inner.state))
    }

    #[wasm_bindgen(getter)]
    pub fn level(&self) -> Option<String> {
        self.inner.level.map(|l| name_of(&l))
    }

    #[wasm_bindgen(getter, js_name = "keyAvailableFrom")]
    pub fn key_available_from(&self) -> Option<String> {
        self.inner.key_available_from.map(|d| d.to_string())
    }

    #[wasm_bindgen(getter, js_name = "failedAttempts")]
    pub fn failed_attempts(&self) -> u32 {
        self.inner.failed_attempts
    }

    #[wasm_bindgen(getter, js_name = "mustChangePassword")]
    pub fn must_change_password(&self) -> bool {
        self.inner.must_change_password
    }
}

/// A sealed envelope; `pin` is set only on a freshly generated one (never serialised).
#[wasm_bindgen]
pub struct Envelope {
    inner: core::Envelope,
    pin: Option<String>,
}

#[wasm_bindgen]
impl Envelope {
    /// Prepares an envelope with a new PIN (crypto randomness unless `random` is given).
    pub fn generate(code: &str, username: &str, policy: &ActivationPolicy, random: Option<Vec<u8>>) -> Result<Envelope> {
        let b = random_or(random, policy.inner.pin_random_bytes())?;
        let n = core::Envelope::generate(code, username, &policy.inner, &b).map_err(err)?;
        Ok(Envelope { inner: n.envelope, pin: Some(n.pin) })
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Envelope> {
        Ok(Envelope { inner: crate::from_json(json)?, pin: None })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        sportello::error::to_json(&self.inner)
    }

    #[wasm_bindgen(getter)]
    pub fn pin(&self) -> Option<String> {
        self.pin.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.inner.code.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn username(&self) -> String {
        self.inner.username.clone()
    }

    #[wasm_bindgen(getter, js_name = "boundTo")]
    pub fn bound_to(&self) -> Option<String> {
        self.inner.bound_to.clone()
    }

    /// Binds the envelope to the citizen at the counter; returns the pending account.
    pub fn bind(&mut self, fiscal_code: &str, today: &str, policy: &ActivationPolicy) -> Result<Account> {
        Ok(Account { inner: self.inner.bind(fiscal_code, date(today)?, &policy.inner).map_err(err)? })
    }
}

/// Back-office roles (permissions `area:action`) and operators.
#[wasm_bindgen]
pub struct Staff {
    inner: core::Staff,
}

#[wasm_bindgen]
impl Staff {
    /// The built-in CiTel-style roles, no operators.
    pub fn citel() -> Staff {
        Staff { inner: core::Staff::citel() }
    }

    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(json: &str) -> Result<Staff> {
        Ok(Staff { inner: core::Staff::from_json(json).map_err(err)? })
    }

    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    pub fn permits(&self, operator: &str, permission: &str) -> bool {
        self.inner.permits(operator, permission)
    }

    pub fn authorize(&self, operator: &str, permission: &str) -> Result<()> {
        self.inner.authorize(operator, permission).map_err(err)
    }

    #[wasm_bindgen(js_name = "enabledForService")]
    pub fn enabled_for_service(&self, operator: &str, service: &str) -> bool {
        self.inner.enabled_for_service(operator, service)
    }

    #[wasm_bindgen(js_name = "enabledForCalendar")]
    pub fn enabled_for_calendar(&self, operator: &str, calendar: &str) -> bool {
        self.inner.enabled_for_calendar(operator, calendar)
    }

    #[wasm_bindgen(js_name = "canHandle")]
    pub fn can_handle(&self, operator: &str, service: &str, permission: &str) -> bool {
        self.inner.can_handle(operator, service, permission)
    }

    #[wasm_bindgen(js_name = "createOperator")]
    pub fn create_operator(&mut self, actor: &str, #[wasm_bindgen(unchecked_param_type = "Operator")] operator: JsValue) -> Result<()> {
        let o: core::Operator = from_js(operator)?;
        self.inner.create_operator(actor, o).map_err(err)
    }

    #[wasm_bindgen(js_name = "grantRole")]
    pub fn grant_role(&mut self, actor: &str, target: &str, role: &str) -> Result<()> {
        self.inner.grant_role(actor, target, role).map_err(err)
    }

    #[wasm_bindgen(js_name = "revokeRole")]
    pub fn revoke_role(&mut self, actor: &str, target: &str, role: &str) -> Result<()> {
        self.inner.revoke_role(actor, target, role).map_err(err)
    }

    #[wasm_bindgen(js_name = "enableService")]
    pub fn enable_service(&mut self, actor: &str, target: &str, service: &str) -> Result<()> {
        self.inner.enable_service(actor, target, service).map_err(err)
    }

    #[wasm_bindgen(js_name = "enableCalendar")]
    pub fn enable_calendar(&mut self, actor: &str, target: &str, calendar: &str) -> Result<()> {
        self.inner.enable_calendar(actor, target, calendar).map_err(err)
    }

    #[wasm_bindgen(js_name = "deleteOperator")]
    pub fn delete_operator(&mut self, actor: &str, target: &str, practices_in_charge: u32) -> Result<()> {
        self.inner.delete_operator(actor, target, practices_in_charge).map_err(err)
    }
}
