//! access — credential levels, the access policy, identities from SPID / CIE / CNS, acting for
//! others, back-office operators and account activation. User documentation: `docs/access.md`.
//!
//! Public API:
//! - **Levels and credentials** ([`level`]): [`Level`] (`Low < Substantial < High`, aliases
//!   weak/medium/strong; compared, never tested for equality), [`Credential`] (what a user
//!   presents), [`CredentialSpec`] / [`LevelName`] (the catalog, data; [`default_credentials`]),
//!   [`Text`] (Italian + English).
//! - **Policy** ([`policy`]): [`Policy::from_json`] / [`Policy::new`] from a [`PolicySpec`]
//!   ([`ServiceSpec`], [`Clause`]); [`Policy::decide`] `(service, credential, now)` ->
//!   [`Decision`] (`allowed`, [`Reason`], `required`, `requirement`, `sufficient`, `message`);
//!   [`Policy::decide_for`] with an [`Acting`] (delegate, intermediary, household). Fail-closed.
//! - **Identities**: [`Identity::from_spid`], [`Identity::from_cie_id`], [`Identity::from_eidas`],
//!   [`Identity::from_attributes`] ([`AttributeOptions`], [`SpidPurpose`], [`IdCard`]); [`Identity::from_certificate`],
//!   [`Identity::from_certificate_with`] ([`CertificateOptions`]),
//!   [`Identity::from_certificate_trusted`] / [`verify_chain`] (not on wasm32);
//!   [`Identity::credential`].
//! - **Profile**: [`Profile::merge`] (stored profile + the login's identity -> [`ProfileMerge`]:
//!   merged profile, changed, locked and editable fields), [`Profile::edit`].
//! - **Acting for others**: [`Delegation::check`], [`IntermediaryRole`], [`DelegationRules`].
//! - **Operators**: [`Staff`] ([`Staff::citel`], `authorize`, `permits`, `enabled_for_service`,
//!   `enabled_for_calendar`, manager-only `create_operator`, `grant_role`, `delete_operator`, ...),
//!   [`Role`], [`Operator`]; offices ([`Office`]: `office_for`, `in_office`, `check_service`,
//!   `check_calendar`) and manager-only `set_active`, `disable_service`, `disable_calendar`,
//!   `add_to_office`, `remove_from_office`.
//! - **Activation**: [`ActivationPolicy`] ([`Registration`]: activation key, immediate, generated
//!   password, envelope only), [`SecretSpec`], [`Account`] (`register`, `self_register`, `issue_password`,
//!   `issue_activation_key`, `activate`, `first_login`, `password_changed`, `unlock`),
//!   [`Envelope`] (`generate`, `bind`), [`StoredSecret`].
//! - Errors: [`AccessError`] (codes `access.*`).
//!
//! # Example
//!
//! ```
//! use sportello::access::{Credential, Level, Policy, Reason};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let policy = Policy::from_json(
//!     r#"{"services": [{"id": "autocertificazione", "level": "substantial",
//!        "name": {"it": "Autocertificazione di residenza", "en": "Self-certification of residence"}}]}"#,
//! )?;
//! let now = chrono::DateTime::parse_from_rfc3339("2025-06-10T10:00:00+02:00")?;
//!
//! // SPID level 2 is substantial: enough.
//! let spid = Credential::with_level("spid", "https://www.spid.gov.it/SpidL2");
//! assert!(policy.decide("autocertificazione", Some(&spid), now).allowed);
//!
//! // A self-registered (weak) credential is not; the decision says what would be.
//! let d = policy.decide("autocertificazione", Some(&Credential::new("weak")), now);
//! assert!(!d.allowed);
//! assert_eq!(d.reason, Reason::InsufficientLevel);
//! assert_eq!(d.required, Some(Level::Substantial));
//! assert!(d.sufficient.iter().any(|c| c.kind == "cns"));
//!
//! // Fail-closed: a service the policy does not know is denied.
//! assert_eq!(policy.decide("nonEsiste", Some(&spid), now).reason, Reason::UnknownService);
//! # Ok(())
//! # }
//! ```

mod acting;
mod activation;
mod certificate;
mod error;
mod identity;
pub mod level;
mod offices;
mod operators;
pub mod policy;
mod profile;
mod shared;

pub use acting::{Acting, Delegation, DelegationRules, IdDocument, IntermediaryRole};
pub use activation::{
    Account, AccountOrigin, AccountState, ActivationPolicy, Envelope, NewEnvelope, NextStep, Patron, Registration, SecretSpec, StoredSecret,
    KEY_ALPHABET, MAX_ALPHABET, MAX_SECRET_LENGTH, MIN_SECRET_LENGTH, PASSWORD_ALPHABET, SALT_BYTES,
};
pub use certificate::{verify_chain, CertificateOptions};
pub use error::AccessError;
pub use identity::{AttributeOptions, CertificateInfo, IdCard, Identity, IdentitySource, SpidPurpose, LEVEL_ATTRIBUTE};
pub use level::{default_credentials, Credential, CredentialSpec, Level, LevelName, Text};
pub use offices::Office;
pub use operators::{Operator, Role, Staff, AREAS, MANAGE_OPERATORS};
pub use policy::{ActingMode, Clause, Decision, Policy, PolicySpec, Reason, ServiceSpec};
pub use profile::{Profile, ProfileMerge, IDENTITY_FIELDS, MAX_PROFILE_FIELDS};
