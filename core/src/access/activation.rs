//! Account activation: self-registration with an activation key (PUK) collected at the counter,
//! credentials in a sealed envelope, first-login password change; key/PIN generation from
//! caller-supplied random bytes, constant-time comparison, attempt counting and lock.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::identity::validate_fiscal_code;
use super::level::Level;
use super::AccessError;
use crate::workdays::HolidayCalendar;

/// How a secret (activation key, PIN) is generated: `length` characters drawn uniformly from
/// `alphabet`. JSON: `{"alphabet": "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", "length": 12}`.
///
/// Each character consumes 8 random bytes (a `u64` reduced modulo the alphabet size: the bias is
/// below 2^-57 for any alphabet of at most 128 characters), so the bytes needed are known in
/// advance: [`SecretSpec::random_bytes_needed`]. The core has no random source: the caller (the
/// bindings: the OS generator through `getrandom`) supplies cryptographically random bytes.
///
/// Sizes are bounded: `length` is 4 to 64 characters ([`MIN_SECRET_LENGTH`], [`MAX_SECRET_LENGTH`])
/// and the alphabet at most 128 characters ([`MAX_ALPHABET`]), checked before anything is
/// allocated, so a secret never needs more than 512 random bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretSpec {
    /// The characters a secret is drawn from (2 to 128 distinct, [`MAX_ALPHABET`]; no whitespace or `-`).
    pub alphabet: String,
    /// Number of characters (4 to 64: [`MIN_SECRET_LENGTH`], [`MAX_SECRET_LENGTH`]). A `u64`, not
    /// a `usize`, so that any length JSON can say reads the same on 32-bit targets (wasm32) and
    /// is refused by [`SecretSpec::check`] with `access.invalid`, not by the JSON reader.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub length: u64,
}

/// The shortest secret [`SecretSpec`] allows (characters).
pub const MIN_SECRET_LENGTH: usize = 4;

/// The longest secret [`SecretSpec`] allows (characters): 64 characters of even a 2-symbol
/// alphabet are 64 bits, of the key alphabet 320; no activation key or PIN is longer.
pub const MAX_SECRET_LENGTH: usize = 64;

/// The largest alphabet [`SecretSpec`] allows (characters; the modulo bias stays below 2^-57).
pub const MAX_ALPHABET: usize = 128;

/// Alphabet of activation keys: upper-case letters and digits without the look-alikes 0/O and 1/I.
pub const KEY_ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

impl SecretSpec {
    /// Activation key (PUK): 12 characters of [`KEY_ALPHABET`] (32 symbols, 60 bits).
    pub fn activation_key() -> Self {
        SecretSpec { alphabet: KEY_ALPHABET.into(), length: 12 }
    }

    /// Envelope PIN: 8 decimal digits (about 26.6 bits; the attempt lock guards it online).
    pub fn pin() -> Self {
        SecretSpec { alphabet: "0123456789".into(), length: 8 }
    }

    /// The random bytes [`SecretSpec::generate`] consumes (8 per character, at most
    /// `8 * MAX_SECRET_LENGTH`), after [`SecretSpec::check`]: an unusable spec is refused here,
    /// before the caller draws any random bytes.
    pub fn random_bytes_needed(&self) -> Result<usize, AccessError> {
        self.check()?;
        Ok(self.len() * 8) // ok: length <= MAX_SECRET_LENGTH after check
    }

    /// The length as a `usize`, once [`SecretSpec::check`] has bounded it (else 0).
    fn len(&self) -> usize {
        usize::try_from(self.length).unwrap_or(0)
    }

    /// Bits of entropy: `length * log2(alphabet size)`.
    pub fn entropy_bits(&self) -> f64 {
        self.length as f64 * (self.alphabet.chars().count() as f64).log2()
    }

    /// Length [`MIN_SECRET_LENGTH`]..=[`MAX_SECRET_LENGTH`] (checked first, before anything is
    /// allocated); alphabet of 2..=[`MAX_ALPHABET`] distinct characters, no whitespace or `-`.
    /// Errors: `access.invalid`.
    pub fn check(&self) -> Result<(), AccessError> {
        if !(MIN_SECRET_LENGTH as u64..=MAX_SECRET_LENGTH as u64).contains(&self.length) {
            return Err(AccessError::invalid(format!("a secret length must be {MIN_SECRET_LENGTH} to {MAX_SECRET_LENGTH}")));
        }
        let count = self.alphabet.chars().take(MAX_ALPHABET + 1).count();
        if !(2..=MAX_ALPHABET).contains(&count) {
            return Err(AccessError::invalid(format!("a secret alphabet needs 2 to {MAX_ALPHABET} distinct characters")));
        }
        let mut chars: Vec<char> = self.alphabet.chars().collect();
        if chars.iter().any(|c| c.is_whitespace() || *c == '-') {
            return Err(AccessError::invalid("a secret alphabet cannot contain whitespace or '-'"));
        }
        chars.sort_unstable();
        chars.dedup();
        if chars.len() != count {
            return Err(AccessError::invalid(format!("a secret alphabet needs 2 to {MAX_ALPHABET} distinct characters")));
        }
        Ok(())
    }

    /// A secret from `random` (at least [`SecretSpec::random_bytes_needed`] bytes, else
    /// `access.not_enough_randomness`).
    pub fn generate(&self, random: &[u8]) -> Result<String, AccessError> {
        let needed = self.random_bytes_needed()?;
        if random.len() < needed {
            return Err(AccessError::NotEnoughRandomness { needed, got: random.len() });
        }
        let chars: Vec<char> = self.alphabet.chars().collect();
        let n = chars.len() as u64;
        let mut out = String::with_capacity(self.len());
        for chunk in random.chunks_exact(8).take(self.len()) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            let i = (u64::from_le_bytes(b) % n) as usize;
            out.extend(chars.get(i));
        }
        Ok(out)
    }

    /// A secret from a fill function (e.g. `|b| rng.fill_bytes(b)` for a `rand_core::RngCore`,
    /// or `getrandom::fill`).
    pub fn generate_with(&self, fill: &mut dyn FnMut(&mut [u8])) -> Result<String, AccessError> {
        let mut buf = vec![0u8; self.random_bytes_needed()?];
        fill(&mut buf);
        self.generate(&buf)
    }

    /// Normalises what a user typed: drops whitespace and `-`, upper-cases when the alphabet
    /// has no lower-case letters.
    pub fn normalise(&self, typed: &str) -> String {
        let s: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if self.alphabet.chars().any(char::is_lowercase) {
            s
        } else {
            s.to_uppercase()
        }
    }
}

/// Salt length of a [`StoredSecret`].
pub const SALT_BYTES: usize = 16;

/// A secret as stored: hex salt and hex SHA-256 of `salt || secret`. Comparison is constant-time.
/// A short PIN hashed this way is guessable offline by anyone who reads the store: the host must
/// protect the store; online guessing is stopped by the attempt lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoredSecret {
    /// The salt, lower-case hex ([`SALT_BYTES`] bytes).
    pub salt: String,
    /// SHA-256 of `salt || secret`, lower-case hex.
    pub hash: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

impl StoredSecret {
    /// Hashes `secret` with `salt`.
    pub fn new(secret: &str, salt: &[u8]) -> StoredSecret {
        let mut h = Sha256::new();
        h.update(salt);
        h.update(secret.as_bytes());
        StoredSecret { salt: hex(salt), hash: hex(&h.finalize()) }
    }

    /// Constant-time check of a (normalised) secret.
    pub fn matches(&self, secret: &str) -> bool {
        let (Some(salt), Some(stored)) = (unhex(&self.salt), unhex(&self.hash)) else {
            return false;
        };
        let mut h = Sha256::new();
        h.update(&salt);
        h.update(secret.as_bytes());
        let got = h.finalize();
        bool::from(got.as_slice().ct_eq(stored.as_slice()))
    }
}

/// A municipality's patron saint's day (a local holiday). JSON: `{"month": 6, "day": 29, "name": "Santi Pietro e Paolo"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Patron {
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month.
    pub day: u32,
    /// The feast's name, e.g. `"Santi Pietro e Paolo"`.
    pub name: String,
}

/// How citizens register online, as a portal (or a service) sets it. JSON: `"activationKey" |
/// "immediate" | "generatedPassword" | "envelope"`.
///
/// The seed portals differ: Pioltello promises a key (PUK2) to collect at the counter; CiTel
/// portals make a weak account usable at once after the online registration; Maggioli portals
/// send a generated password that must be changed at the first login; everywhere the URP can
/// hand out a sealed envelope (issue 18, item 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Registration {
    /// Pending until the activation key collected at the counter is entered (the default).
    #[default]
    ActivationKey,
    /// Active at once at `selfRegistrationLevel` (CiTel's weak account).
    Immediate,
    /// Pending until the first login with a generated password, then a forced password change
    /// (Maggioli).
    GeneratedPassword,
    /// No online registration: only the URP's sealed envelope opens an account.
    Envelope,
}

impl Registration {
    fn name(self) -> &'static str {
        match self {
            Registration::ActivationKey => "activationKey",
            Registration::Immediate => "immediate",
            Registration::GeneratedPassword => "generatedPassword",
            Registration::Envelope => "envelope",
        }
    }
}

/// Alphabet of generated passwords: letters and digits without the look-alikes 0/O/o, 1/I/l.
pub const PASSWORD_ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

/// Settings of the activation flows. JSON (all optional, defaults shown):
/// `{"key": {"alphabet": "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", "length": 12}, "pin": {"alphabet":
/// "0123456789", "length": 8}, "keyPromiseWorkingDays": 2, "keyMinWaitWorkingDays": 0,
/// "maxAttempts": 5, "calendar": <Italian national holidays>, "patron": null,
/// "selfRegistrationLevel": "low", "envelopeLevel": "substantial", "requirePasswordChange": true,
/// "registration": "activationKey", "password": {"alphabet": "<PASSWORD_ALPHABET>", "length": 10}}`.
///
/// The seed portals promise the key "entro due giorni lavorativi" (Pioltello's PUK2): a promise of
/// at most two working days, not a wait; the counter may issue the key the same day unless the
/// municipality sets a minimum wait. The levels granted are the seed portals' practice, kept as
/// settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ActivationPolicy {
    /// How activation keys (PUK) are generated (default 12 characters of [`KEY_ALPHABET`]);
    /// checked when deserialised ([`SecretSpec::check`]).
    #[serde(deserialize_with = "checked_spec")]
    pub key: SecretSpec,
    /// How envelope PINs are generated (default 8 digits); checked when deserialised.
    #[serde(deserialize_with = "checked_spec")]
    pub pin: SecretSpec,
    /// Working days within which the key is promised after a self-registration (default 2, "entro
    /// due giorni lavorativi"): the latest day the citizen should have to wait for.
    pub key_promise_working_days: u32,
    /// Working days the citizen must wait before the counter may issue the key (default 0: the key
    /// can be issued from the day of registration). At most `keyPromiseWorkingDays`.
    pub key_min_wait_working_days: u32,
    /// Wrong attempts that lock the account (default 5).
    pub max_attempts: u32,
    /// Holidays for the key delay (default the Italian national holidays).
    pub calendar: HolidayCalendar,
    /// The municipality's patron saint's day, added to `calendar`; `None`: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patron: Option<Patron>,
    /// Level of a self-registered account once activated (default `low`).
    pub self_registration_level: Level,
    /// Level of an envelope account once activated (default `substantial`).
    pub envelope_level: Level,
    /// Whether an envelope account must change its password at the first login (default `true`).
    pub require_password_change: bool,
    /// How citizens register online (default `activationKey`).
    pub registration: Registration,
    /// How generated passwords are made (`generatedPassword` registration; default 10 characters
    /// of [`PASSWORD_ALPHABET`], about 58 bits); checked when deserialised.
    #[serde(deserialize_with = "checked_spec")]
    pub password: SecretSpec,
}

impl Default for ActivationPolicy {
    fn default() -> Self {
        ActivationPolicy {
            key: SecretSpec::activation_key(),
            pin: SecretSpec::pin(),
            key_promise_working_days: 2,
            key_min_wait_working_days: 0,
            max_attempts: 5,
            calendar: HolidayCalendar::italy(),
            patron: None,
            self_registration_level: Level::Low,
            envelope_level: Level::Substantial,
            require_password_change: true,
            registration: Registration::ActivationKey,
            password: SecretSpec { alphabet: PASSWORD_ALPHABET.into(), length: 10 },
        }
    }
}

/// serde `deserialize_with` of the policy's `key` and `pin`: a [`SecretSpec`] that passes
/// [`SecretSpec::check`], so an oversized length is refused when the policy is read.
fn checked_spec<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SecretSpec, D::Error> {
    let spec = SecretSpec::deserialize(d)?;
    spec.check().map_err(serde::de::Error::custom)?;
    Ok(spec)
}

impl ActivationPolicy {
    /// Checks the key and PIN specifications ([`SecretSpec::check`], `access.invalid`). A policy
    /// read from JSON is already checked; one built field by field in Rust is checked here and by
    /// every operation that draws random bytes.
    pub fn check(&self) -> Result<(), AccessError> {
        self.key.check()?;
        self.pin.check()?;
        self.password.check()?;
        if self.key_min_wait_working_days > self.key_promise_working_days {
            return Err(AccessError::invalid(format!(
                "keyMinWaitWorkingDays ({}) is greater than keyPromiseWorkingDays ({}): the key would be promised before it may be issued",
                self.key_min_wait_working_days, self.key_promise_working_days
            )));
        }
        Ok(())
    }

    /// `Ok` when the policy registers in `mode`, else `access.registration_mode`.
    pub fn expect_registration(&self, mode: Registration) -> Result<(), AccessError> {
        if self.registration == mode {
            Ok(())
        } else {
            Err(AccessError::RegistrationMode { mode: self.registration.name().into(), expected: mode.name().into() })
        }
    }

    /// The working-day calendar: `calendar` plus the patron saint's day.
    pub fn working_calendar(&self) -> Result<HolidayCalendar, AccessError> {
        match &self.patron {
            None => Ok(self.calendar.clone()),
            Some(p) => self.calendar.clone().with_patron(p.month, p.day, &p.name).map_err(|e| AccessError::invalid(e.to_string())),
        }
    }

    /// The first day the counter may issue the activation key for a registration on
    /// `registered_on`: `registered_on` plus `keyMinWaitWorkingDays` working days (by default the
    /// day of registration itself).
    pub fn key_available_from(&self, registered_on: NaiveDate) -> Result<NaiveDate, AccessError> {
        self.check()?;
        self.add_working_days(registered_on, self.key_min_wait_working_days)
    }

    /// The day by which the key is promised for a registration on `registered_on`: `registered_on`
    /// plus `keyPromiseWorkingDays` working days ("entro due giorni lavorativi"), holidays and the
    /// patron saint's day skipped.
    pub fn key_promised_by(&self, registered_on: NaiveDate) -> Result<NaiveDate, AccessError> {
        self.check()?;
        self.add_working_days(registered_on, self.key_promise_working_days)
    }

    fn add_working_days(&self, from: NaiveDate, days: u32) -> Result<NaiveDate, AccessError> {
        if days == 0 {
            return Ok(from);
        }
        self.working_calendar()?.add_working_days(from, days).map_err(|e| AccessError::invalid(e.to_string()))
    }

    /// Random bytes needed to issue an activation key (key + salt); `access.invalid` for an
    /// unusable `key` spec, before the caller draws any bytes.
    pub fn key_random_bytes(&self) -> Result<usize, AccessError> {
        Ok(self.key.random_bytes_needed()? + SALT_BYTES)
    }

    /// Random bytes needed to generate an envelope (PIN + salt); `access.invalid` for an
    /// unusable `pin` spec, before the caller draws any bytes.
    pub fn pin_random_bytes(&self) -> Result<usize, AccessError> {
        Ok(self.pin.random_bytes_needed()? + SALT_BYTES)
    }

    /// Random bytes needed to issue a generated password (password + salt); `access.invalid` for
    /// an unusable `password` spec, before the caller draws any bytes.
    pub fn password_random_bytes(&self) -> Result<usize, AccessError> {
        Ok(self.password.random_bytes_needed()? + SALT_BYTES)
    }
}

/// How the account came to be. JSON: `"selfRegistration" | "envelope" | "generatedPassword"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum AccountOrigin {
    /// Registered online; activated with a key collected at the counter.
    SelfRegistration,
    /// Opened at the counter by binding a sealed envelope (username + PIN).
    Envelope,
    /// Registered online; a generated password is sent, to be changed at the first login.
    GeneratedPassword,
}

impl AccountOrigin {
    fn name(self) -> &'static str {
        match self {
            AccountOrigin::SelfRegistration => "selfRegistration",
            AccountOrigin::Envelope => "envelope",
            AccountOrigin::GeneratedPassword => "generatedPassword",
        }
    }
}

/// JSON: `"pendingActivation" | "active" | "locked"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum AccountState {
    /// Waiting for the first login with the activation key or the envelope PIN.
    PendingActivation,
    /// Activated; the credentials work at the account's `level`.
    Active,
    /// Locked after `maxAttempts` wrong attempts; an operator must unlock it.
    Locked,
}

impl AccountState {
    fn name(self) -> &'static str {
        match self {
            AccountState::PendingActivation => "pendingActivation",
            AccountState::Active => "active",
            AccountState::Locked => "locked",
        }
    }
}

/// What the portal must do after a successful first login. JSON: `"none" | "changePassword"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum NextStep {
    /// Nothing more: the user is logged in.
    None,
    /// The user must change the password now.
    ChangePassword,
}

/// A citizen's portal account as the activation flows see it (the host stores it as JSON; the
/// password itself is the host's business). Every method is a pure state transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    /// The holder's codice fiscale (normalised, upper case).
    pub fiscal_code: String,
    /// The envelope's username; `None` for a self-registration (the host keeps its own login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// How the account was opened.
    pub origin: AccountOrigin,
    /// Where the account is in the activation flow.
    pub state: AccountState,
    /// The portal level of the credentials once active (`None` while pending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Day of registration or envelope binding (`YYYY-MM-DD`).
    #[serde(deserialize_with = "crate::iso::de_date")]
    pub registered_on: NaiveDate,
    /// First day the counter may issue the activation key (self-registration only, `YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub key_available_from: Option<NaiveDate>,
    /// Day by which the key is promised (self-registration only, `YYYY-MM-DD`): what the portal
    /// tells the citizen ("entro due giorni lavorativi").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub key_promised_by: Option<NaiveDate>,
    /// Hash of the pending secret (issued key or envelope PIN); `None` once active or before a key is issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<StoredSecret>,
    /// Consecutive wrong attempts since the last success or unlock.
    #[serde(default)]
    pub failed_attempts: u32,
    /// Whether the user must change the password at the next step (envelope accounts).
    #[serde(default)]
    pub must_change_password: bool,
    /// Printed code of the envelope the account came from; `None` for a self-registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope_code: Option<String>,
    /// When the account was activated (RFC 3339); `None` while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_instant")]
    pub activated_at: Option<DateTime<FixedOffset>>,
}

fn salt_of(random: &[u8], offset: usize) -> Result<[u8; SALT_BYTES], AccessError> {
    let needed = offset.saturating_add(SALT_BYTES);
    let s = random.get(offset..needed).ok_or(AccessError::NotEnoughRandomness { needed, got: random.len() })?;
    let mut salt = [0u8; SALT_BYTES];
    salt.copy_from_slice(s);
    Ok(salt)
}

/// A sealed envelope prepared in advance: its printed code, a username, and the PIN's hash (the
/// PIN itself is printed inside and never stored). Binding it to a citizen at the counter makes
/// an account. JSON: `{"code": "B-000123", "username": "u000123", "secret": {...}, "boundTo": null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Envelope {
    /// The code printed on the envelope, e.g. `"B-000123"`.
    pub code: String,
    /// The username printed inside.
    pub username: String,
    /// Hash of the PIN printed inside.
    pub secret: StoredSecret,
    /// Codice fiscale of the citizen the envelope was handed to (JSON `boundTo`); `None` while unused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound_to: Option<String>,
    /// Day the envelope was handed out (`YYYY-MM-DD`); `None` while unused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub bound_on: Option<NaiveDate>,
}

/// A new envelope and the PIN to print inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewEnvelope {
    /// The envelope to store.
    pub envelope: Envelope,
    /// The PIN to print inside the envelope; not stored anywhere else.
    pub pin: String,
}

impl Envelope {
    /// Prepares an envelope: generates the PIN from `random` ([`ActivationPolicy::pin_random_bytes`]).
    pub fn generate(code: &str, username: &str, policy: &ActivationPolicy, random: &[u8]) -> Result<NewEnvelope, AccessError> {
        if code.trim().is_empty() || username.trim().is_empty() {
            return Err(AccessError::invalid("an envelope needs a code and a username"));
        }
        let pin = policy.pin.generate(random)?;
        let salt = salt_of(random, policy.pin.random_bytes_needed()?)?;
        let envelope = Envelope {
            code: code.trim().to_string(),
            username: username.trim().to_string(),
            secret: StoredSecret::new(&pin, &salt),
            bound_to: None,
            bound_on: None,
        };
        Ok(NewEnvelope { envelope, pin })
    }

    /// Binds the envelope to the citizen identified at the counter and opens the account
    /// (pending until the first login with username and PIN).
    pub fn bind(&mut self, fiscal_code: &str, today: NaiveDate, policy: &ActivationPolicy) -> Result<Account, AccessError> {
        if self.bound_to.is_some() {
            return Err(AccessError::EnvelopeBound { envelope: self.code.clone() });
        }
        let cf = validate_fiscal_code(fiscal_code)?;
        self.bound_to = Some(cf.clone());
        self.bound_on = Some(today);
        Ok(Account {
            fiscal_code: cf,
            username: Some(self.username.clone()),
            origin: AccountOrigin::Envelope,
            state: AccountState::PendingActivation,
            level: None,
            registered_on: today,
            key_available_from: None,
            key_promised_by: None,
            secret: Some(self.secret.clone()),
            failed_attempts: 0,
            must_change_password: policy.require_password_change,
            envelope_code: Some(self.code.clone()),
            activated_at: None,
        })
    }
}

impl Account {
    /// Online self-registration with a fiscal code (the password is the host's): the account is
    /// pending until the activation key, collected at the counter, is entered at the first login.
    /// The key is promised by `registered_on + keyPromiseWorkingDays` working days and may be
    /// issued from `registered_on + keyMinWaitWorkingDays` (by default the same day).
    /// Only under the `activationKey` registration (`access.registration_mode`).
    pub fn self_register(fiscal_code: &str, registered_on: NaiveDate, policy: &ActivationPolicy) -> Result<Account, AccessError> {
        policy.expect_registration(Registration::ActivationKey)?;
        let cf = validate_fiscal_code(fiscal_code)?;
        Ok(Account {
            fiscal_code: cf,
            username: None,
            origin: AccountOrigin::SelfRegistration,
            state: AccountState::PendingActivation,
            level: None,
            registered_on,
            key_available_from: Some(policy.key_available_from(registered_on)?),
            key_promised_by: Some(policy.key_promised_by(registered_on)?),
            secret: None,
            failed_attempts: 0,
            must_change_password: false,
            envelope_code: None,
            activated_at: None,
        })
    }

    /// Online registration with a fiscal code at `now`, in the policy's `registration` mode:
    /// - `activationKey`: as [`Account::self_register`] (the day of `now`);
    /// - `immediate`: active at once at `selfRegistrationLevel` (CiTel's weak account);
    /// - `generatedPassword`: pending, its username the fiscal code; issue the password with
    ///   [`Account::issue_password`]; the first login ([`Account::first_login`]) asks for a
    ///   password change, always;
    /// - `envelope`: refused (`access.registration_mode`): only the URP opens accounts.
    pub fn register(fiscal_code: &str, now: DateTime<FixedOffset>, policy: &ActivationPolicy) -> Result<Account, AccessError> {
        policy.check()?;
        let today = now.date_naive();
        match policy.registration {
            Registration::ActivationKey => Account::self_register(fiscal_code, today, policy),
            Registration::Envelope => Err(AccessError::RegistrationMode { mode: "envelope".into(), expected: "an online registration".into() }),
            Registration::Immediate | Registration::GeneratedPassword => {
                let cf = validate_fiscal_code(fiscal_code)?;
                let immediate = policy.registration == Registration::Immediate;
                Ok(Account {
                    username: if immediate { None } else { Some(cf.clone()) },
                    fiscal_code: cf,
                    origin: if immediate { AccountOrigin::SelfRegistration } else { AccountOrigin::GeneratedPassword },
                    state: if immediate { AccountState::Active } else { AccountState::PendingActivation },
                    level: if immediate { Some(policy.self_registration_level) } else { None },
                    registered_on: today,
                    key_available_from: None,
                    key_promised_by: None,
                    secret: None,
                    failed_attempts: 0,
                    must_change_password: !immediate,
                    envelope_code: None,
                    activated_at: if immediate { Some(now) } else { None },
                })
            }
        }
    }

    /// Issues (or re-issues) the generated password of a `generatedPassword` account: returns
    /// the password to send; only its hash is kept. Needs
    /// [`ActivationPolicy::password_random_bytes`] random bytes. Resets the failed attempts.
    pub fn issue_password(&mut self, policy: &ActivationPolicy, random: &[u8]) -> Result<String, AccessError> {
        self.require_state(AccountOrigin::GeneratedPassword, AccountState::PendingActivation)?;
        let password = policy.password.generate(random)?;
        let salt = salt_of(random, policy.password.random_bytes_needed()?)?;
        self.secret = Some(StoredSecret::new(&password, &salt));
        self.failed_attempts = 0;
        self.must_change_password = true;
        Ok(password)
    }

    fn require_state(&self, origin: AccountOrigin, state: AccountState) -> Result<(), AccessError> {
        if self.state == AccountState::Locked && state != AccountState::Locked {
            return Err(AccessError::Locked);
        }
        if self.origin != origin || self.state != state {
            return Err(AccessError::AccountState { state: self.state.name().into(), expected: format!("{} ({})", state.name(), origin.name()) });
        }
        Ok(())
    }

    /// At the counter, after identifying the citizen: issues (or re-issues) the activation key,
    /// from `keyAvailableFrom` on. Returns the key to print; only its hash is kept. Needs
    /// [`ActivationPolicy::key_random_bytes`] random bytes. Resets the failed attempts.
    pub fn issue_activation_key(&mut self, today: NaiveDate, policy: &ActivationPolicy, random: &[u8]) -> Result<String, AccessError> {
        self.require_state(AccountOrigin::SelfRegistration, AccountState::PendingActivation)?;
        let from = match self.key_available_from {
            Some(d) => d,
            None => policy.key_available_from(self.registered_on)?,
        };
        if today < from {
            return Err(AccessError::KeyNotYetAvailable { available_from: from });
        }
        let key = policy.key.generate(random)?;
        let salt = salt_of(random, policy.key.random_bytes_needed()?)?;
        self.secret = Some(StoredSecret::new(&key, &salt));
        self.failed_attempts = 0;
        Ok(key)
    }

    /// Counts an attempt: `Ok` on a match (attempts reset), else `access.wrong_secret` with the
    /// attempts left, or `access.locked` once `maxAttempts` wrong attempts are reached.
    fn attempt(&mut self, ok: bool, policy: &ActivationPolicy) -> Result<(), AccessError> {
        if ok {
            self.failed_attempts = 0;
            return Ok(());
        }
        self.failed_attempts = self.failed_attempts.saturating_add(1);
        if self.failed_attempts >= policy.max_attempts {
            self.state = AccountState::Locked;
            return Err(AccessError::Locked);
        }
        Err(AccessError::WrongSecret { attempts_left: policy.max_attempts - self.failed_attempts })
    }

    /// First login after self-registration: the activation key (spaces and dashes ignored,
    /// case-insensitive) activates the account at `selfRegistrationLevel`.
    pub fn activate(&mut self, key: &str, now: DateTime<FixedOffset>, policy: &ActivationPolicy) -> Result<(), AccessError> {
        self.require_state(AccountOrigin::SelfRegistration, AccountState::PendingActivation)?;
        let Some(secret) = &self.secret else {
            return Err(AccessError::AccountState { state: "pendingActivation".into(), expected: "an issued activation key".into() });
        };
        let ok = secret.matches(&policy.key.normalise(key));
        self.attempt(ok, policy)?;
        self.state = AccountState::Active;
        self.level = Some(policy.self_registration_level);
        self.secret = None;
        self.activated_at = Some(now);
        Ok(())
    }

    /// First login with the envelope's username and PIN (both compared in constant time):
    /// activates the account at `envelopeLevel`; the next step is the password change when the
    /// policy requires it.
    ///
    /// A `generatedPassword` account logs in the same way with its username (the fiscal code) and
    /// the generated password: active at `selfRegistrationLevel`, and the next step is always the
    /// password change.
    pub fn first_login(&mut self, username: &str, pin: &str, now: DateTime<FixedOffset>, policy: &ActivationPolicy) -> Result<NextStep, AccessError> {
        let generated = self.origin == AccountOrigin::GeneratedPassword;
        let origin = if generated { AccountOrigin::GeneratedPassword } else { AccountOrigin::Envelope };
        self.require_state(origin, AccountState::PendingActivation)?;
        let Some(secret) = &self.secret else {
            let what = if generated { "an issued password" } else { "an envelope PIN" };
            return Err(AccessError::AccountState { state: "pendingActivation".into(), expected: what.into() });
        };
        let expected_user = self.username.clone().unwrap_or_default();
        let typed_user = if generated { username.trim().to_ascii_uppercase() } else { username.trim().to_string() };
        let user_ok = bool::from(typed_user.as_bytes().ct_eq(expected_user.as_bytes()));
        let spec = if generated { &policy.password } else { &policy.pin };
        let pin_ok = secret.matches(&spec.normalise(pin));
        self.attempt(user_ok & pin_ok, policy)?;
        self.state = AccountState::Active;
        self.level = Some(if generated { policy.self_registration_level } else { policy.envelope_level });
        self.secret = None;
        self.activated_at = Some(now);
        Ok(if self.must_change_password { NextStep::ChangePassword } else { NextStep::None })
    }

    /// The user has changed the first-login password.
    pub fn password_changed(&mut self) -> Result<(), AccessError> {
        if self.state != AccountState::Active {
            return Err(AccessError::AccountState { state: self.state.name().into(), expected: "active".into() });
        }
        self.must_change_password = false;
        Ok(())
    }

    /// An operator unlocks a locked account (authorise the operator with
    /// [`crate::access::Staff::authorize`] first): back to pending, attempts reset. For a
    /// self-registration, issue a new key.
    pub fn unlock(&mut self) -> Result<(), AccessError> {
        if self.state != AccountState::Locked {
            return Err(AccessError::AccountState { state: self.state.name().into(), expected: "locked".into() });
        }
        self.state = AccountState::PendingActivation;
        self.failed_attempts = 0;
        Ok(())
    }
}
