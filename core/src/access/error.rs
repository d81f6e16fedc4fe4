use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Coded;

/// Errors of the `access` capability; codes start with `access.`.
///
/// A *denied access* is not an error: [`crate::access::Policy::decide`] returns a
/// [`crate::access::Decision`]. Errors are for input that cannot be used at all (a malformed policy
/// or certificate, an identity whose data do not hold together) and for refused operations
/// (a wrong activation key, a manager-only action by a plain operator).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", deny_unknown_fields)]
#[non_exhaustive]
pub enum AccessError {
    /// The input does not have the documented shape.
    #[serde(rename = "access.invalid")]
    #[error("{message}")]
    Invalid {
        /// What is wrong with the input.
        message: String,
    },
    /// Two entries of a policy or a staff directory share an id.
    #[serde(rename = "access.duplicate")]
    #[error("duplicate {kind} id {id:?}")]
    Duplicate {
        /// What kind of entry: `"credential"`, `"service"`, `"role"`, `"operator"` or `"office"`.
        kind: String,
        /// The repeated id.
        id: String,
    },
    /// A policy or staff entry refers to something that is not declared.
    #[serde(rename = "access.unknown_reference")]
    #[error("{kind} {id:?} is not declared")]
    UnknownReference {
        /// What kind of reference: `"capability"`, `"intermediaryRole"`, `"role"` or `"office"`.
        kind: String,
        /// The id that is not declared.
        id: String,
    },

    // --- identities from attribute sets (SPID, CIE id)
    /// A required attribute is absent or empty.
    #[serde(rename = "access.missing_attribute")]
    #[error("the attribute {attribute} is missing")]
    MissingAttribute {
        /// The attribute's name, e.g. `"fiscalNumber"`.
        attribute: String,
    },
    /// An attribute is present but unusable (bad date, unknown gender, ...).
    #[serde(rename = "access.invalid_attribute")]
    #[error("the attribute {attribute} is not valid: {reason}")]
    InvalidAttribute {
        /// The attribute's name, e.g. `"dateOfBirth"`.
        attribute: String,
        /// Why it is unusable, e.g. `not a YYYY-MM-DD date`.
        reason: String,
    },
    /// `fiscalNumber` lacks the `TINIT-` prefix and the options require it.
    #[serde(rename = "access.fiscal_number_prefix")]
    #[error("fiscalNumber {value:?} does not start with TINIT-")]
    FiscalNumberPrefix {
        /// The `fiscalNumber` as received.
        value: String,
    },
    /// The fiscal code is not valid; `reason` is the `cf.*` code.
    #[serde(rename = "access.invalid_fiscal_code")]
    #[error("{value:?} is not a valid codice fiscale ({reason})")]
    InvalidFiscalCode {
        /// The fiscal code as received.
        value: String,
        /// The `cf.*` error code, e.g. `cf.check_char`.
        reason: String,
    },
    /// The VAT number is not valid; `reason` is the `piva.*` code.
    #[serde(rename = "access.invalid_vat_number")]
    #[error("{value:?} is not a valid partita IVA ({reason})")]
    InvalidVatNumber {
        /// The VAT number as received.
        value: String,
        /// The `piva.*` error code, e.g. `piva.check_digit`.
        reason: String,
    },
    /// The data encoded in the fiscal code disagree with the attributes (`dateOfBirth`,
    /// `placeOfBirth`, `gender`).
    #[serde(rename = "access.cf_mismatch")]
    #[error("the codice fiscale disagrees with the attributes: {}", fields.join(", "))]
    CfMismatch {
        /// The attributes that disagree: `dateOfBirth`, `placeOfBirth`, `gender`.
        fields: Vec<String>,
    },

    // --- certificates
    /// Not a parsable X.509 certificate (PEM or DER).
    #[serde(rename = "access.certificate_malformed")]
    #[error("malformed certificate: {reason}")]
    CertificateMalformed {
        /// The parser's message.
        reason: String,
    },
    /// `now` is after the certificate's notAfter.
    #[serde(rename = "access.certificate_expired")]
    #[error("the certificate expired at {not_after}")]
    #[serde(rename_all = "camelCase")]
    CertificateExpired {
        /// The certificate's notAfter (JSON `notAfter`).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        not_after: DateTime<FixedOffset>,
    },
    /// `now` is before the certificate's notBefore.
    #[serde(rename = "access.certificate_not_yet_valid")]
    #[error("the certificate is valid only from {not_before}")]
    #[serde(rename_all = "camelCase")]
    CertificateNotYetValid {
        /// The certificate's notBefore (JSON `notBefore`).
        #[serde(deserialize_with = "crate::iso::de_instant")]
        not_before: DateTime<FixedOffset>,
    },
    /// No accepted certificate policy (CNS, CIE or a configured regional one).
    #[serde(rename = "access.certificate_policy")]
    #[error("no accepted certificate policy (found: {})", found.join(", "))]
    CertificatePolicy {
        /// The policy OIDs the certificate has, dotted.
        found: Vec<String>,
    },
    /// Key usage unfit for authentication (no digitalSignature, not critical, nonRepudiation set).
    #[serde(rename = "access.certificate_key_usage")]
    #[error("key usage not valid for authentication: {reason}")]
    CertificateKeyUsage {
        /// What is wrong, e.g. `digitalSignature not set`.
        reason: String,
    },
    /// The extended key usage lacks clientAuth.
    #[serde(rename = "access.certificate_client_auth")]
    #[error("the certificate is not for client authentication (no clientAuth)")]
    CertificateClientAuth,
    /// No valid fiscal code in the subject (CN, serialNumber or any attribute).
    #[serde(rename = "access.certificate_no_fiscal_code")]
    #[error("no valid codice fiscale in the certificate subject")]
    CertificateNoFiscalCode,
    /// The CN and the serialNumber carry different fiscal codes.
    #[serde(rename = "access.certificate_fiscal_code_conflict")]
    #[error("the certificate carries two different fiscal codes: {first} and {second}")]
    CertificateFiscalCodeConflict {
        /// The fiscal code in the CN.
        first: String,
        /// The fiscal code in the serialNumber.
        second: String,
    },
    /// The certificate does not chain to one of the trust anchors given.
    #[serde(rename = "access.certificate_untrusted")]
    #[error("the certificate is not trusted: {reason}")]
    CertificateUntrusted {
        /// Why the chain does not verify.
        reason: String,
    },
    /// Chain verification was asked for (anchors or intermediates given) but no trust anchor
    /// was given: nothing to verify against, so the certificate is refused, never accepted
    /// unverified.
    #[serde(rename = "access.no_trust_anchor")]
    #[error("no trust anchor given: the certificate chain cannot be verified")]
    NoTrustAnchor,
    /// Signature verification is not compiled in (wasm32 builds).
    #[serde(rename = "access.verification_unavailable")]
    #[error("certificate signature verification is not available in this build")]
    VerificationUnavailable,

    // --- delegations
    /// The delegation's last day is before the date checked.
    #[serde(rename = "access.delegation_expired")]
    #[error("the delegation expired on {expires}")]
    DelegationExpired {
        /// The delegation's last valid day.
        expires: NaiveDate,
    },
    /// The delegation starts after the date checked.
    #[serde(rename = "access.delegation_not_yet_valid")]
    #[error("the delegation is valid only from {valid_from}")]
    #[serde(rename_all = "camelCase")]
    DelegationNotYetValid {
        /// The delegation's first valid day (JSON `validFrom`).
        valid_from: NaiveDate,
    },
    /// The delegation does not cover the service.
    #[serde(rename = "access.delegation_scope")]
    #[error("the delegation does not cover the service {service:?}")]
    DelegationScope {
        /// The service id asked for.
        service: String,
    },
    /// The delegation was given by someone else or to someone else (codes compared exactly,
    /// omocodia variants are different persons), or delegator and delegate are the same person.
    #[serde(rename = "access.delegation_parties")]
    #[error("the delegation does not bind these two persons")]
    DelegationParties,
    /// A party of the delegation is not a valid code: the delegate must be a codice fiscale, the
    /// delegator a codice fiscale or an entity's 11-digit code (check character or digit included).
    #[serde(rename = "access.delegation_party_code")]
    #[error("the delegation's {party} is not a valid code: {reason}")]
    DelegationPartyCode {
        /// `delegator` or `delegate`.
        party: String,
        /// The code's error (`cf.*` or `piva.*` code and message).
        reason: String,
    },
    /// The delegator's identity document is missing or expired.
    #[serde(rename = "access.delegation_document")]
    #[error("the delegation lacks a valid identity document of the delegator: {reason}")]
    DelegationDocument {
        /// `missing`, `no document number` or the day the document expired.
        reason: String,
    },

    // --- operators
    /// The operator lacks the permission.
    #[serde(rename = "access.forbidden")]
    #[error("operator {operator:?} lacks the permission {permission:?}")]
    Forbidden {
        /// The acting operator's id.
        operator: String,
        /// The permission required, e.g. `"operators:manage"`.
        permission: String,
    },
    /// The operator does not exist (or is disabled).
    #[serde(rename = "access.unknown_operator")]
    #[error("unknown or disabled operator {operator:?}")]
    UnknownOperator {
        /// The operator id given.
        operator: String,
    },
    /// An operator with practices in charge cannot be deleted.
    #[serde(rename = "access.operator_has_practices")]
    #[error("operator {operator:?} has {count} practices in charge and cannot be deleted")]
    OperatorHasPractices {
        /// The operator's id.
        operator: String,
        /// Practices the operator has in charge.
        count: u32,
    },
    /// Only an administrator (an operator holding `"*"`) may change or delete an administrator.
    #[serde(rename = "access.admin_only")]
    #[error("operator {operator:?} is not an administrator and cannot change the administrator {target:?}")]
    AdminOnly {
        /// The acting operator's id.
        operator: String,
        /// The administrator the action was aimed at.
        target: String,
    },
    /// The action would leave no active operator holding `"*"`.
    #[serde(rename = "access.last_admin")]
    #[error("operator {operator:?} is the last administrator and cannot be removed or demoted")]
    LastAdmin {
        /// The last administrator's id.
        operator: String,
    },

    // --- activation
    /// Fewer random bytes than the generation needs.
    #[serde(rename = "access.not_enough_randomness")]
    #[error("{needed} random bytes are needed, {got} were given")]
    NotEnoughRandomness {
        /// Bytes the generation needs.
        needed: usize,
        /// Bytes given.
        got: usize,
    },
    /// The activation key can be collected only from `availableFrom`.
    #[serde(rename = "access.key_not_yet_available")]
    #[error("the activation key is available from {available_from}")]
    #[serde(rename_all = "camelCase")]
    KeyNotYetAvailable {
        /// First day the key can be collected (JSON `availableFrom`).
        available_from: NaiveDate,
    },
    /// The key, PIN or username given does not match.
    #[serde(rename = "access.wrong_secret")]
    #[error("wrong credentials; {attempts_left} attempts left")]
    #[serde(rename_all = "camelCase")]
    WrongSecret {
        /// Wrong attempts left before the account locks (JSON `attemptsLeft`).
        attempts_left: u32,
    },
    /// Too many wrong attempts: the account is locked until an operator unlocks it.
    #[serde(rename = "access.locked")]
    #[error("the account is locked after too many wrong attempts")]
    Locked,
    /// The operation does not apply to the account in its current state.
    #[serde(rename = "access.account_state")]
    #[error("the account is {state}, the operation needs {expected}")]
    AccountState {
        /// The account's state, e.g. `"active"`.
        state: String,
        /// The state (and origin) the operation needs.
        expected: String,
    },
    /// The operation belongs to another registration mode than the activation policy's.
    #[serde(rename = "access.registration_mode")]
    #[error("the activation policy registers with {mode}, the operation needs {expected}")]
    RegistrationMode {
        /// The policy's `registration` (`activationKey`, `immediate`, `generatedPassword`).
        mode: String,
        /// The mode the operation needs.
        expected: String,
    },

    // --- profile
    /// The stored profile belongs to another person than the identity.
    #[serde(rename = "access.profile_mismatch")]
    #[error("the profile of {profile:?} cannot take the identity of {identity:?}")]
    ProfileMismatch {
        /// The stored profile's code.
        profile: String,
        /// The identity's code.
        identity: String,
    },
    /// The field is inherited from the identity (SPID, CIE, ...) and cannot be edited.
    #[serde(rename = "access.profile_locked")]
    #[error("the field {field:?} comes from the identity provider and cannot be edited")]
    ProfileLocked {
        /// The field's name, e.g. `"email"`.
        field: String,
    },

    /// The envelope is already bound to a user.
    #[serde(rename = "access.envelope_bound")]
    #[error("envelope {envelope:?} is already bound to a user")]
    EnvelopeBound {
        /// The envelope's printed code.
        envelope: String,
    },

    // --- offices and operators' enablement (issue 17 item 2)
    /// The operator exists but is deactivated (`active: false`): kept, not deleted, and refused
    /// wherever it would work a practice.
    #[serde(rename = "access.operator_disabled")]
    #[error("operator {operator:?} is deactivated")]
    OperatorDisabled {
        /// The operator's id.
        operator: String,
    },
    /// The operator is not enabled for the service or calendar, or is disabled for it
    /// (`disabledServices`, `disabledCalendars`).
    #[serde(rename = "access.not_enabled")]
    #[error("operator {operator:?} is not enabled for the {kind} {id:?}")]
    NotEnabled {
        /// The operator's id.
        operator: String,
        /// `"service"` or `"calendar"`.
        kind: String,
        /// The service or calendar id.
        id: String,
    },
}

impl Coded for AccessError {
    fn code(&self) -> &'static str {
        match self {
            AccessError::Invalid { .. } => "access.invalid",
            AccessError::Duplicate { .. } => "access.duplicate",
            AccessError::UnknownReference { .. } => "access.unknown_reference",
            AccessError::MissingAttribute { .. } => "access.missing_attribute",
            AccessError::InvalidAttribute { .. } => "access.invalid_attribute",
            AccessError::FiscalNumberPrefix { .. } => "access.fiscal_number_prefix",
            AccessError::InvalidFiscalCode { .. } => "access.invalid_fiscal_code",
            AccessError::InvalidVatNumber { .. } => "access.invalid_vat_number",
            AccessError::CfMismatch { .. } => "access.cf_mismatch",
            AccessError::CertificateMalformed { .. } => "access.certificate_malformed",
            AccessError::CertificateExpired { .. } => "access.certificate_expired",
            AccessError::CertificateNotYetValid { .. } => "access.certificate_not_yet_valid",
            AccessError::CertificatePolicy { .. } => "access.certificate_policy",
            AccessError::CertificateKeyUsage { .. } => "access.certificate_key_usage",
            AccessError::CertificateClientAuth => "access.certificate_client_auth",
            AccessError::CertificateNoFiscalCode => "access.certificate_no_fiscal_code",
            AccessError::CertificateFiscalCodeConflict { .. } => "access.certificate_fiscal_code_conflict",
            AccessError::CertificateUntrusted { .. } => "access.certificate_untrusted",
            AccessError::NoTrustAnchor => "access.no_trust_anchor",
            AccessError::VerificationUnavailable => "access.verification_unavailable",
            AccessError::DelegationExpired { .. } => "access.delegation_expired",
            AccessError::DelegationNotYetValid { .. } => "access.delegation_not_yet_valid",
            AccessError::DelegationScope { .. } => "access.delegation_scope",
            AccessError::DelegationParties => "access.delegation_parties",
            AccessError::DelegationPartyCode { .. } => "access.delegation_party_code",
            AccessError::DelegationDocument { .. } => "access.delegation_document",
            AccessError::Forbidden { .. } => "access.forbidden",
            AccessError::UnknownOperator { .. } => "access.unknown_operator",
            AccessError::OperatorHasPractices { .. } => "access.operator_has_practices",
            AccessError::AdminOnly { .. } => "access.admin_only",
            AccessError::LastAdmin { .. } => "access.last_admin",
            AccessError::NotEnoughRandomness { .. } => "access.not_enough_randomness",
            AccessError::KeyNotYetAvailable { .. } => "access.key_not_yet_available",
            AccessError::WrongSecret { .. } => "access.wrong_secret",
            AccessError::Locked => "access.locked",
            AccessError::AccountState { .. } => "access.account_state",
            AccessError::EnvelopeBound { .. } => "access.envelope_bound",
            AccessError::RegistrationMode { .. } => "access.registration_mode",
            AccessError::ProfileMismatch { .. } => "access.profile_mismatch",
            AccessError::ProfileLocked { .. } => "access.profile_locked",
            AccessError::OperatorDisabled { .. } => "access.operator_disabled",
            AccessError::NotEnabled { .. } => "access.not_enabled",
        }
    }
}

impl AccessError {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        AccessError::Invalid { message: message.into() }
    }
}
