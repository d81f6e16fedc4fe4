//! `access` namespace and the `Policy`, `Identity`, `ActivationPolicy`, `Account`, `Envelope` and
//! `Staff` classes: `sportello::access`. Structured results are plain objects in the core's JSON
//! shape (types `Decision`, `Credential`, `CredentialSpec`, `Identity`). The only thing added here
//! is the host's randomness (`getrandom`: the OS generator, `crypto.getRandomValues` in a browser)
//! for keys, PINs and secrets when the caller passes no `random` bytes. Certificate chain
//! verification is not compiled for wasm32: there the core throws `access.verification_unavailable`.
use std::collections::BTreeMap;

use sportello::access as core;

use crate::{from_json, to_json, ApiError, Bytes, Date, Instant, Obj, Ref};

pub(crate) fn all(v: &mut Vec<crate::Entry>, c: &mut Vec<crate::ClassInfo>) {
    functions::entries(v, c);
    policy::entries(v, c);
    identity::entries(v, c);
    activation_policy::entries(v, c);
    account::entries(v, c);
    envelope::entries(v, c);
    staff::entries(v, c);
}

/// `random` when given (tests), else `n` bytes of the host's generator.
fn random_or(random: Option<Vec<u8>>, n: usize) -> Result<Vec<u8>, ApiError> {
    match random {
        Some(b) => Ok(b),
        None => {
            let mut buf = vec![0u8; n];
            getrandom::fill(&mut buf).map_err(|e| ApiError::argument(format!("random generator of the host: {e}")))?;
            Ok(buf)
        }
    }
}

// The option objects: every field optional, an absent one keeps the core's default, an unknown
// key is refused. Each `resolve` names every field of the core type (no `..default`), so a field
// added to the core does not compile here until it is described.

/// `{ requireFiscalNumberPrefix?, checkFiscalCode?, purpose? }` of `Identity.fromSpid`, `fromCieId`
/// and `fromEidas`.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct AttributeOptions {
    require_fiscal_number_prefix: Option<bool>,
    check_fiscal_code: Option<bool>,
    purpose: Option<core::SpidPurpose>,
}

impl AttributeOptions {
    fn resolve(options: Option<Self>) -> core::AttributeOptions {
        let (o, d) = (options.unwrap_or_default(), core::AttributeOptions::default());
        core::AttributeOptions {
            require_fiscal_number_prefix: o.require_fiscal_number_prefix.unwrap_or(d.require_fiscal_number_prefix),
            check_fiscal_code: o.check_fiscal_code.unwrap_or(d.check_fiscal_code),
            purpose: o.purpose.or(d.purpose),
        }
    }
}

/// The `CertificateOptions` of `Identity.fromCertificate`, every field optional.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CertificateOptions {
    cns_policies: Option<Vec<String>>,
    regional_policies: Option<Vec<String>>,
    cie_policies: Option<Vec<String>>,
    ts_cns_issuers: Option<Vec<String>>,
    require_critical_key_usage: Option<bool>,
    reject_non_repudiation: Option<bool>,
    require_client_auth: Option<bool>,
}

impl CertificateOptions {
    fn resolve(options: Option<Self>) -> core::CertificateOptions {
        let (o, d) = (options.unwrap_or_default(), core::CertificateOptions::default());
        core::CertificateOptions {
            cns_policies: o.cns_policies.unwrap_or(d.cns_policies),
            regional_policies: o.regional_policies.unwrap_or(d.regional_policies),
            cie_policies: o.cie_policies.unwrap_or(d.cie_policies),
            ts_cns_issuers: o.ts_cns_issuers.unwrap_or(d.ts_cns_issuers),
            require_critical_key_usage: o.require_critical_key_usage.unwrap_or(d.require_critical_key_usage),
            reject_non_repudiation: o.reject_non_repudiation.unwrap_or(d.reject_non_repudiation),
            require_client_auth: o.require_client_auth.unwrap_or(d.require_client_auth),
        }
    }
}

/// `{ requireDocument? }` of `access.checkDelegation`.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DelegationRules {
    require_document: Option<bool>,
}

impl DelegationRules {
    fn resolve(rules: Option<Self>) -> core::DelegationRules {
        let (r, d) = (rules.unwrap_or_default(), core::DelegationRules::default());
        core::DelegationRules { require_document: r.require_document.unwrap_or(d.require_document) }
    }
}

/// An envelope object: the core's envelope plus, on a freshly generated one, its PIN (never
/// serialised: `toJson` and `fromJson` carry the envelope only).
pub(crate) struct Sealed {
    envelope: core::Envelope,
    pin: Option<String>,
}

mod functions {
    use super::*;
    crate::functions! { "access";
        /// Throws (`access.delegation_*`) unless the delegation holds on `date` (default the host's
        /// current date; `rules`: the core's defaults for absent fields).
        fn check_delegation(delegation: core::Delegation as "Delegation", delegate: String, delegator: String, service: String, date: Option<Date>,
                            rules: Option<DelegationRules> as "Partial<DelegationRules>") -> () {
            delegation.check(&delegate, &delegator, &service, crate::today_or(date), &DelegationRules::resolve(rules))?
        }
        /// Whether the delegation holds on `date` (default the host's current date; default rules).
        fn is_delegation_valid(delegation: core::Delegation as "Delegation", delegate: String, delegator: String, service: String, date: Option<Date>) -> bool {
            delegation.is_valid(&delegate, &delegator, &service, crate::today_or(date))
        }
        /// Throws `access.certificate_untrusted` (or `access.certificate_expired`, `..._not_yet_valid`,
        /// `access.no_trust_anchor` for no anchors) unless `leaf` chains to one of `anchors` at `now`
        /// (through `intermediates`); `access.verification_unavailable` in the browser build.
        fn verify_chain(leaf: Bytes, anchors: Vec<Bytes>, now: Instant, intermediates: Option<Vec<Bytes>>) -> () {
            let anchors: Vec<Vec<u8>> = anchors.into_iter().map(|b| b.0).collect();
            let inter: Vec<Vec<u8>> = intermediates.unwrap_or_default().into_iter().map(|b| b.0).collect();
            core::verify_chain(&leaf.0, &inter, &anchors, now.0)?
        }
        /// The citizen's profile after a login with `identity` at `now` (`stored`: `null` at the first
        /// login): the identity's data written and locked, which fields changed, which the citizen may
        /// edit. Throws `access.profile_mismatch` for a profile of another person.
        fn merge_profile(stored: Option<core::Profile> as "Profile | null", identity: core::Identity as "import(\"./types/index\").Identity",
                         now: Instant) -> core::ProfileMerge as "ProfileMerge" {
            core::Profile::merge(stored.as_ref(), &identity, now.0)?
        }
        /// The profile after the citizen edits `field` (an empty value removes it); throws
        /// `access.profile_locked` for a field inherited from the identity.
        fn edit_profile(profile: core::Profile as "Profile", field: String, value: String) -> core::Profile as "Profile" {
            profile.edit(&field, &value)?
        }
        /// The built-in credential catalog.
        fn default_credentials() -> Vec<core::CredentialSpec> as "CredentialSpec[]" { core::default_credentials() }
        /// A secret from `spec`: from `random` bytes when given (tests), else from the host's random generator.
        fn generate_secret(spec: core::SecretSpec as "SecretSpec", random: Option<Vec<u8>> as "Uint8Array") -> String {
            let bytes = random_or(random, spec.random_bytes_needed()?)?;
            spec.generate(&bytes)?
        }
    }
}

mod policy {
    use super::*;
    crate::class! {
        /// A compiled access policy: services, their requirements, the credential catalog. Fail-closed.
        Policy = core::Policy;
        /// Parses the documented JSON (`{"services": [...], ...}`).
        static fn from_json(json: String) -> Obj<core::Policy> { Obj(core::Policy::from_json(&json).map_err(crate::umbrella)?) }
        /// Compiles the specification given as a plain object (what `toObject` gives).
        static fn from_object(value: core::PolicySpec as "PolicySpec") -> Obj<core::Policy> { Obj(core::Policy::new(value)?) }
        /// The policy's JSON text.
        fn to_json(this) -> String { this.to_json() }
        /// The policy's specification as a plain object.
        fn to_object(this) -> core::PolicySpec as "PolicySpec" { this.spec().clone() }
        /// The ids of the services, in the policy's order.
        fn service_ids(this) -> Vec<String> { this.service_ids().into_iter().map(str::to_owned).collect() }
        /// The level a credential maps to, or `null` when unknown.
        fn level_of(this, credential: core::Credential as "Credential") -> Option<core::Level> as "Level | null" { this.level_of(&credential) }
        /// The decision for `credential` (`null`: not logged in) on `service` at `now` (RFC 3339).
        fn decide(this, service: String, credential: Option<core::Credential> as "Credential", now: Instant) -> core::Decision as "Decision" {
            this.decide(&service, credential.as_ref(), now.0)
        }
        /// The decision when acting for someone else.
        fn decide_for(this, service: String, credential: Option<core::Credential> as "Credential", now: Instant, acting: core::Acting as "Acting") -> core::Decision as "Decision" {
            this.decide_for(&service, credential.as_ref(), now.0, &acting)
        }
    }
}

mod identity {
    use super::*;

    fn from_attributes(
        source: core::IdentitySource,
        attributes: &BTreeMap<String, String>,
        today: Option<Date>,
        options: Option<AttributeOptions>,
    ) -> Result<core::Identity, ApiError> {
        Ok(core::Identity::from_attributes(source, attributes, crate::today_or(today), &AttributeOptions::resolve(options))?)
    }

    crate::class! {
        /// A verified identity from SPID / CIE id attributes or a CNS / CIE certificate.
        Identity = core::Identity;
        /// From a SPID attribute set, checked at `today` (`YYYY-MM-DD`, default the host's current date).
        static fn from_spid(attributes: BTreeMap<String, String> as "Record<string, string>", today: Option<Date>,
                            options: Option<AttributeOptions> as "Partial<AttributeOptions>") -> Obj<core::Identity> {
            Obj(from_attributes(core::IdentitySource::Spid, &attributes, today, options)?)
        }
        /// From a CIE id attribute set (minimum dataset).
        static fn from_cie_id(attributes: BTreeMap<String, String> as "Record<string, string>", today: Option<Date>,
                              options: Option<AttributeOptions> as "Partial<AttributeOptions>") -> Obj<core::Identity> {
            Obj(from_attributes(core::IdentitySource::CieId, &attributes, today, options)?)
        }
        /// From an eIDAS attribute set (`PersonIdentifier`, `CurrentGivenName`, `CurrentFamilyName`,
        /// `DateOfBirth`, short names or full URIs), checked at `today` (default the host's current date).
        static fn from_eidas(attributes: BTreeMap<String, String> as "Record<string, string>", today: Option<Date>,
                             options: Option<AttributeOptions> as "Partial<AttributeOptions>") -> Obj<core::Identity> {
            Obj(core::Identity::from_eidas(&attributes, crate::today_or(today), &AttributeOptions::resolve(options))?)
        }
        /// From a CNS / TS-CNS / CIE certificate (PEM string or DER/PEM Uint8Array) at `now`; with
        /// `trustAnchors` or `intermediates` the chain is verified first (intermediates without anchors:
        /// `access.no_trust_anchor`; `access.verification_unavailable` in the browser build).
        static fn from_certificate(pem_or_der: Bytes, now: Instant, options: Option<CertificateOptions> as "Partial<CertificateOptions>",
                                   trust_anchors: Option<Vec<Bytes>>, intermediates: Option<Vec<Bytes>>) -> Obj<core::Identity> {
            let o = CertificateOptions::resolve(options);
            Obj(match (trust_anchors, intermediates) {
                (None, None) => core::Identity::from_certificate_with(&pem_or_der.0, now.0, &o)?,
                (anchors, intermediates) => {
                    let anchors: Vec<Vec<u8>> = anchors.unwrap_or_default().into_iter().map(|b| b.0).collect();
                    let inter: Vec<Vec<u8>> = intermediates.unwrap_or_default().into_iter().map(|b| b.0).collect();
                    core::Identity::from_certificate_trusted(&pem_or_der.0, now.0, &o, &anchors, &inter)?
                }
            })
        }
        /// An identity from its JSON text.
        static fn from_json(json: String) -> Obj<core::Identity> { Obj(from_json(&json)?) }
        /// An identity from its plain object (what `toObject` gives).
        static fn from_object(value: core::Identity as "import(\"./types/index\").Identity") -> Obj<core::Identity> { Obj(value) }
        /// The identity's JSON text.
        fn to_json(this) -> String { to_json(this) }
        /// The identity as a plain object in its JSON shape.
        fn to_object(this) -> core::Identity as "import(\"./types/index\").Identity" { this.clone() }
        /// The credential to pass to `policy.decide`.
        fn credential(this) -> core::Credential as "Credential" { this.credential() }
        /// Where the identity comes from; also the credential kind of the built-in catalog.
        get source(this) -> core::IdentitySource as "IdentitySource" { this.source }
        /// Normalised codice fiscale (16 characters) or, for a legal person, its 11-digit code (eIDAS
        /// without a codice fiscale: the `PersonIdentifier`).
        get fiscal_code(this) -> String { this.fiscal_code.clone() }
        /// The eIDAS `PersonIdentifier`, or `null`.
        get person_identifier(this) -> Option<String> { this.person_identifier.clone() }
        /// The SPID purpose asked for (`P`, `LP`, `PG`, `PF`, `PX`), or `null` (personal use).
        get purpose(this) -> Option<core::SpidPurpose> as "SpidPurpose | null" { this.purpose }
        /// The given name, or `null`.
        get given_name(this) -> Option<String> { this.given_name.clone() }
        /// The family name, or `null`.
        get family_name(this) -> Option<String> { this.family_name.clone() }
        /// The date of birth (`YYYY-MM-DD`), or `null`.
        get date_of_birth(this) -> Option<chrono::NaiveDate> { this.date_of_birth }
        /// The level name asserted by the identity provider (`SpidL2`) for SPID and CIE id, else `null`.
        get level(this) -> Option<String> { this.level.clone() }
        /// Non-fatal findings, as codes (e.g. `access.fiscal_number_without_prefix`).
        get warnings(this) -> Vec<String> { this.warnings.clone() }
    }
}

mod activation_policy {
    use super::*;
    crate::class! {
        /// Settings of the activation flows (`new ActivationPolicy()` are the defaults).
        ActivationPolicy = core::ActivationPolicy;
        /// The default settings.
        new() { core::ActivationPolicy::default() }
        /// Settings from their JSON text (absent fields keep the defaults).
        static fn from_json(json: String) -> Obj<core::ActivationPolicy> { Obj(from_json(&json)?) }
        /// Settings from their plain object (absent fields keep the defaults).
        static fn from_object(value: core::ActivationPolicy as "import('./types/index').ActivationPolicy") -> Obj<core::ActivationPolicy> { Obj(value) }
        /// The settings' JSON text.
        fn to_json(this) -> String { to_json(this) }
        /// The settings as a plain object.
        fn to_object(this) -> core::ActivationPolicy as "import('./types/index').ActivationPolicy" { this.clone() }
        /// The first day (`YYYY-MM-DD`) the counter may issue the activation key (by default the day of registration).
        fn key_available_from(this, registered_on: Date) -> chrono::NaiveDate { this.key_available_from(registered_on.0)? }
        /// The day (`YYYY-MM-DD`) by which the activation key is promised ("entro due giorni lavorativi").
        fn key_promised_by(this, registered_on: Date) -> chrono::NaiveDate { this.key_promised_by(registered_on.0)? }
    }
}

mod account {
    use super::*;
    crate::class! {
        /// A portal account in the activation flows (persist it with `toJson`).
        Account = core::Account;
        /// Online registration at `now` in the policy's `registration` mode (`activationKey`: pending
        /// until the key; `immediate`: active at once; `generatedPassword`: pending until the first
        /// login with the password of `issuePassword`; `envelope`: `access.registration_mode`).
        static fn register(fiscal_code: String, now: Instant, policy: Ref<core::ActivationPolicy>) -> Obj<core::Account> {
            Obj(core::Account::register(&fiscal_code, now.0, &*policy.get()?)?)
        }
        /// Online self-registration: pending until the activation key is entered.
        static fn self_register(fiscal_code: String, registered_on: Date, policy: Ref<core::ActivationPolicy>) -> Obj<core::Account> {
            Obj(core::Account::self_register(&fiscal_code, registered_on.0, &*policy.get()?)?)
        }
        /// An account from its JSON text.
        static fn from_json(json: String) -> Obj<core::Account> { Obj(from_json(&json)?) }
        /// An account from its plain object (what `toObject` gives).
        static fn from_object(value: core::Account as "import('./types/index').Account") -> Obj<core::Account> { Obj(value) }
        /// The account's JSON text.
        fn to_json(this) -> String { to_json(this) }
        /// The account as a plain object.
        fn to_object(this) -> core::Account as "import('./types/index').Account" { this.clone() }
        /// At the counter: issues the activation key (the host's random generator unless `random` is given).
        fn issue_activation_key(mut this, today: Date, policy: Ref<core::ActivationPolicy>, random: Option<Vec<u8>> as "Uint8Array") -> String {
            let policy = policy.get()?;
            let bytes = random_or(random, policy.key_random_bytes()?)?;
            this.issue_activation_key(today.0, &policy, &bytes)?
        }
        /// Issues the generated password of a `generatedPassword` account (the host's random generator
        /// unless `random` is given); returns it to send.
        fn issue_password(mut this, policy: Ref<core::ActivationPolicy>, random: Option<Vec<u8>> as "Uint8Array") -> String {
            let policy = policy.get()?;
            let bytes = random_or(random, policy.password_random_bytes()?)?;
            this.issue_password(&policy, &bytes)?
        }
        /// First login after self-registration, with the activation key.
        fn activate(mut this, key: String, now: Instant, policy: Ref<core::ActivationPolicy>) -> () {
            this.activate(&key, now.0, &*policy.get()?)?
        }
        /// First login with the envelope's username and PIN (or the fiscal code and the generated
        /// password): `"changePassword"` or `"none"`.
        fn first_login(mut this, username: String, pin: String, now: Instant, policy: Ref<core::ActivationPolicy>) -> core::NextStep as "NextStep" {
            this.first_login(&username, &pin, now.0, &*policy.get()?)?
        }
        /// The user has changed the first-login password.
        fn password_changed(mut this) -> () { this.password_changed()? }
        /// An operator unlocks a locked account (authorise the operator with `staff.authorize` first):
        /// back to pending, attempts reset. For a self-registration, issue a new key.
        fn unlock(mut this) -> () { this.unlock()? }
        /// The citizen's codice fiscale.
        get fiscal_code(this) -> String { this.fiscal_code.clone() }
        /// The account's state.
        get state(this) -> core::AccountState as "AccountState" { this.state }
        /// The portal level of the credentials once active (`null` while pending).
        get level(this) -> Option<core::Level> as "Level | null" { this.level }
        /// The first day the counter may issue the activation key (`YYYY-MM-DD`), or `null`.
        get key_available_from(this) -> Option<chrono::NaiveDate> { this.key_available_from }
        /// The day by which the activation key is promised (`YYYY-MM-DD`), or `null`.
        get key_promised_by(this) -> Option<chrono::NaiveDate> { this.key_promised_by }
        /// Consecutive wrong attempts since the last success or unlock.
        get failed_attempts(this) -> u32 { this.failed_attempts }
        /// Whether the user must change the password at the next step (envelope accounts).
        get must_change_password(this) -> bool { this.must_change_password }
    }
}

mod envelope {
    use super::*;
    crate::class! {
        /// A sealed envelope; `pin` is set only on a freshly generated one (never serialised).
        Envelope = Sealed;
        /// Prepares an envelope with a new PIN (the host's random generator unless `random` is given).
        static fn generate(code: String, username: String, policy: Ref<core::ActivationPolicy>, random: Option<Vec<u8>> as "Uint8Array") -> Obj<Sealed> {
            let policy = policy.get()?;
            let bytes = random_or(random, policy.pin_random_bytes()?)?;
            let n = core::Envelope::generate(&code, &username, &policy, &bytes)?;
            Obj(Sealed { envelope: n.envelope, pin: Some(n.pin) })
        }
        /// An envelope from its JSON text (without its PIN).
        static fn from_json(json: String) -> Obj<Sealed> { Obj(Sealed { envelope: from_json(&json)?, pin: None }) }
        /// The envelope's JSON text (never the PIN).
        fn to_json(this) -> String { to_json(&this.envelope) }
        /// The PIN of a freshly generated envelope, else `null`.
        get pin(this) -> Option<String> { this.pin.clone() }
        /// The envelope's code.
        get code(this) -> String { this.envelope.code.clone() }
        /// The username printed in the envelope.
        get username(this) -> String { this.envelope.username.clone() }
        /// The codice fiscale the envelope is bound to, or `null`.
        get bound_to(this) -> Option<String> { this.envelope.bound_to.clone() }
        /// Binds the envelope to the citizen at the counter; returns the pending account.
        fn bind(mut this, fiscal_code: String, today: Date, policy: Ref<core::ActivationPolicy>) -> Obj<core::Account> {
            Obj(this.envelope.bind(&fiscal_code, today.0, &*policy.get()?)?)
        }
    }
}

mod staff {
    use super::*;
    crate::class! {
        /// Back-office roles (permissions `area:action`) and operators.
        Staff = core::Staff;
        /// The built-in CiTel-style roles, no operators.
        static fn citel() -> Obj<core::Staff> { Obj(core::Staff::citel()) }
        /// Parses the documented JSON and checks it (`access.duplicate`, `access.unknown_reference`).
        static fn from_json(json: String) -> Obj<core::Staff> { Obj(core::Staff::from_json(&json).map_err(crate::umbrella)?) }
        /// Roles and operators from their plain object, checked as `fromJson` checks them.
        static fn from_object(value: core::Staff as "import('./types/index').Staff") -> Obj<core::Staff> {
            value.check()?;
            Obj(value)
        }
        /// The JSON text of the roles and operators.
        fn to_json(this) -> String { this.to_json() }
        /// The roles and operators as a plain object.
        fn to_object(this) -> core::Staff as "import('./types/index').Staff" { this.clone() }
        /// Whether the (active) operator holds `permission` through one of its roles.
        fn permits(this, operator: String, permission: String) -> bool { this.permits(&operator, &permission) }
        /// Throws `access.forbidden` (or `access.unknown_operator`) unless `operator` holds `permission`.
        fn authorize(this, operator: String, permission: String) -> () { this.authorize(&operator, &permission)? }
        /// Whether the operator is active and enabled for the service.
        fn enabled_for_service(this, operator: String, service: String) -> bool { this.enabled_for_service(&operator, &service) }
        /// Whether the operator is active and enabled for the calendar.
        fn enabled_for_calendar(this, operator: String, calendar: String) -> bool { this.enabled_for_calendar(&operator, &calendar) }
        /// Whether the operator may work `permission` on `service`: permission held and service enabled.
        fn can_handle(this, operator: String, service: String, permission: String) -> bool { this.can_handle(&operator, &service, &permission) }
        /// Manager-only: adds an operator (its roles must exist and be grantable by `actor`).
        fn create_operator(mut this, actor: String, operator: core::Operator as "Operator") -> () { this.create_operator(&actor, operator)? }
        /// Manager-only: grants a role (no escalation beyond the actor's own permissions; an
        /// administrator's roles only by an administrator, `access.admin_only`).
        fn grant_role(mut this, actor: String, target: String, role: String) -> () { this.grant_role(&actor, &target, &role)? }
        /// Manager-only: revokes a role; an administrator's only by an administrator
        /// (`access.admin_only`), never the last administrator's `*` (`access.last_admin`).
        fn revoke_role(mut this, actor: String, target: String, role: String) -> () { this.revoke_role(&actor, &target, &role)? }
        /// Manager-only: enables the operator for a service (`"*"`: all).
        fn enable_service(mut this, actor: String, target: String, service: String) -> () { this.enable_service(&actor, &target, &service)? }
        /// Manager-only: enables the operator for a calendar (`"*"`: all).
        fn enable_calendar(mut this, actor: String, target: String, calendar: String) -> () { this.enable_calendar(&actor, &target, &calendar)? }
        /// Manager-only: deletes an operator; one with practices in charge (`practicesInCharge`, from the
        /// host's records) cannot be deleted (`access.operator_has_practices`): reassign them first.
        /// An administrator only by an administrator (`access.admin_only`), never the last one
        /// (`access.last_admin`).
        fn delete_operator(mut this, actor: String, target: String, practices_in_charge: u32) -> () {
            this.delete_operator(&actor, &target, practices_in_charge)?
        }
        /// Whether the operator (active or not) belongs to the office.
        fn in_office(this, operator: String, office: String) -> bool { this.in_office(&operator, &office) }
        /// The operator's office for a take-in-charge naming none: its offices sorted by name, the
        /// first that handles the service, else the first; `null` when it belongs to none.
        fn office_for(this, operator: String, service: String) -> Option<String> { this.office_for(&operator, &service).map(str::to_owned) }
        /// Throws `access.unknown_operator`, `access.operator_disabled` (deactivated) or
        /// `access.not_enabled` (not enabled for the service, or disabled for it).
        fn check_service(this, operator: String, service: String) -> () { this.check_service(&operator, &service)? }
        /// As `checkService`, for a calendar.
        fn check_calendar(this, operator: String, calendar: String) -> () { this.check_calendar(&operator, &calendar)? }
        /// Manager-only: deactivates (or activates) an operator without deleting it; an administrator
        /// only by an administrator, never the last one (`access.last_admin`).
        fn set_active(mut this, actor: String, target: String, active: bool) -> () { this.set_active(&actor, &target, active)? }
        /// Manager-only: disables the operator for one service, keeping the others; `enableService` lifts it.
        fn disable_service(mut this, actor: String, target: String, service: String) -> () { this.disable_service(&actor, &target, &service)? }
        /// Manager-only: disables the operator for one calendar, keeping the others; `enableCalendar` lifts it.
        fn disable_calendar(mut this, actor: String, target: String, calendar: String) -> () { this.disable_calendar(&actor, &target, &calendar)? }
        /// Manager-only: adds the operator to a declared office (`access.unknown_reference` otherwise).
        fn add_to_office(mut this, actor: String, target: String, office: String) -> () { this.add_to_office(&actor, &target, &office)? }
        /// Manager-only: removes the operator from an office.
        fn remove_from_office(mut this, actor: String, target: String, office: String) -> () { this.remove_from_office(&actor, &target, &office)? }
    }
}
