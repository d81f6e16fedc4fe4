//! The access policy: services and their requirements, and the decision.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::acting::{Acting, DelegationRules, IntermediaryRole};
use super::level::{default_credentials, last_segment, level_key, Credential, CredentialSpec, Level, Text};
use super::shared::{arc, arc_slice};
use super::AccessError;
use crate::error::Coded;

/// One way to satisfy a service: at least `level`, and every capability in `capabilities`.
/// JSON: `{"level": "high", "capabilities": ["sign"]}` (`level` defaults to `low`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Clause {
    /// The minimum level (default `low`).
    #[serde(default = "low")]
    pub level: Level,
    /// Capabilities the credential must offer as well, e.g. `"sign"` (empty: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
}

fn low() -> Level {
    Level::Low
}

/// A service of the portal and what it requires.
///
/// - `public: true`: no login at all (Albo Pretorio, IMU calculator); every request is allowed.
/// - otherwise `level` (+ `capabilities`), or `anyOf` alternatives: the credential must satisfy
///   one clause (e.g. `[{"level": "high"}, {"capabilities": ["sign"]}]`). A non-public service
///   must declare a requirement.
/// - `intermediaries`: the intermediary roles enabled for the service (`notaio`, `caf`, ...);
///   `delegable`: a delegate may act for the delegator; `household`: a user may act for a member
///   of their household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceSpec {
    /// Service id, the `service` argument of [`Policy::decide`] (unique in the policy).
    pub id: String,
    /// Service name in Italian and English, used in the decision's message.
    pub name: Text,
    /// No login needed; every request is allowed (default `false`).
    #[serde(default)]
    pub public: bool,
    /// Minimum level of the main requirement; together with `capabilities` it is the first alternative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Capabilities required with `level`, e.g. `["sign"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
    /// Further alternatives (JSON `anyOf`): satisfying any one of them is enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Clause>,
    /// Intermediary role ids enabled for the service, e.g. `["notaio", "caf"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intermediaries: Vec<String>,
    /// Whether a delegate may act for the delegator (default `false`).
    #[serde(default)]
    pub delegable: bool,
    /// Whether a user may act for a member of their household (default `false`).
    #[serde(default)]
    pub household: bool,
}

/// The documented JSON of a policy (what [`Policy::from_json`] reads and `to_json` writes).
///
/// ```json
/// {"services": [{"id": "sms", "name": {"it": "Avvisi SMS", "en": "SMS alerts"}, "level": "weak"}],
///  "credentials": null, "extraCredentials": [], "intermediaryRoles": null,
///  "delegations": {"requireDocument": true}}
/// ```
/// `credentials` absent: the built-in catalog ([`default_credentials`]); `extraCredentials` are
/// appended (e.g. regional federations); `intermediaryRoles` absent: `notaio`, `studioTecnico`,
/// `commercialista`, `caf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicySpec {
    /// The portal's services.
    pub services: Vec<ServiceSpec>,
    /// The credential catalog; `None`: the built-in one ([`default_credentials`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Vec<CredentialSpec>>,
    /// Credentials appended to the catalog (JSON `extraCredentials`), e.g. a regional federation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_credentials: Vec<CredentialSpec>,
    /// Intermediary roles (JSON `intermediaryRoles`); `None`: `notaio`, `studioTecnico`, `commercialista`, `caf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intermediary_roles: Option<Vec<IntermediaryRole>>,
    /// Rules for delegations (default: an identity document is required).
    #[serde(default)]
    pub delegations: DelegationRules,
}

/// Why a decision came out as it did. JSON: camelCase strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Reason {
    /// The credential satisfies the service.
    Granted,
    /// The service needs no login.
    Public,
    /// No credential was presented.
    NotAuthenticated,
    /// The service is not in the policy (fail-closed).
    UnknownService,
    /// The credential kind is not in the catalog (fail-closed).
    UnknownCredential,
    /// The credential's level name is not one of its kind's (fail-closed).
    UnknownLevel,
    /// The credential's validity ended before `now`.
    Expired,
    /// The credential's validity starts after `now`.
    NotYetValid,
    /// The level is below every alternative.
    InsufficientLevel,
    /// The level is enough for an alternative but a capability (e.g. `sign`) is missing.
    MissingCapability,
    /// The service cannot be used by a delegate.
    NotDelegable,
    /// The delegation does not hold (see `error` for its code).
    DelegationInvalid,
    /// The intermediary role is not enabled for the service.
    IntermediaryNotEnabled,
    /// The service cannot be used for a household member.
    NotForHousehold,
    /// The person is not a member of the actor's household.
    NotInHousehold,
}

/// On whose behalf the user acts. JSON: `"self" | "delegate" | "intermediary" | "household"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ActingMode {
    /// For oneself (JSON `"self"`).
    #[default]
    #[serde(rename = "self")]
    Own,
    /// As a delegate, with a delegation.
    Delegate,
    /// As a professional intermediary.
    Intermediary,
    /// For a member of one's household.
    Household,
}

/// The outcome of [`Policy::decide`]: allow, or deny with the required level, the requirement's
/// alternatives, the credentials that would be enough, and a message in Italian and English (the
/// seed portals' "window showing the credential needed").
///
/// JSON: `{"allowed": false, "reason": "insufficientLevel", "required": "high", "requirement":
/// [{"level": "high"}], "sufficient": [{"kind": "spid", "level": "SpidL3"}, {"kind": "cns"}],
/// "message": {"it": "...", "en": "..."}, "actingAs": "self"}` (+ `onBehalfOf`, `error` when set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Decision {
    /// Whether the request may proceed.
    pub allowed: bool,
    /// Why, granted or denied.
    pub reason: Reason,
    /// The lowest level that satisfies some alternative; `None` for public or unknown services.
    pub required: Option<Level>,
    /// The alternatives of the service's requirement (empty for public or unknown services).
    #[serde(with = "arc_slice")]
    #[cfg_attr(feature = "ts", ts(as = "Vec<Clause>"))]
    pub requirement: Arc<[Clause]>,
    /// Credentials of the catalog that would be enough, each at its lowest sufficient level
    /// (filled on a denial for a known service; empty when allowed).
    #[serde(with = "arc_slice")]
    #[cfg_attr(feature = "ts", ts(as = "Vec<Credential>"))]
    pub sufficient: Arc<[Credential]>,
    /// A message for the user in Italian and English: granted, or what is missing.
    #[serde(with = "arc")]
    #[cfg_attr(feature = "ts", ts(as = "Text"))]
    pub message: Arc<Text>,
    /// How the user acts (JSON `actingAs`, default `"self"`).
    #[serde(default)]
    pub acting_as: ActingMode,
    /// The person (or entity) on whose behalf the user acts, when not for themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    /// The error code behind a `delegationInvalid` denial (e.g. `access.delegation_expired`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// FNV-1a: the lookup tables are keyed by short ids from the policy (never by input chosen to
/// collide: only the policy inserts keys), where it is several times cheaper than SipHash.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Debug, Clone)]
struct CompiledCredential {
    fixed: Option<Level>,
    /// (lower-cased key, level) for every name and alias.
    names: Vec<(String, Level)>,
    caps: u64,
}

impl CompiledCredential {
    #[inline]
    fn level_of(&self, presented: Option<&str>) -> Option<Level> {
        if let Some(l) = self.fixed {
            return Some(l);
        }
        let seg = last_segment(presented?);
        self.names.iter().find(|(k, _)| k.eq_ignore_ascii_case(seg)).map(|(_, l)| *l)
    }
}

#[derive(Debug, Clone)]
struct CompiledService {
    public: bool,
    clauses: Vec<(Level, u64)>,
    min_level: Option<Level>,
    requirement: Arc<[Clause]>,
    sufficient: Arc<[Credential]>,
    allow_msg: Arc<Text>,
    deny_msg: Arc<Text>,
    intermediaries: Vec<String>,
    delegable: bool,
    household: bool,
}

#[derive(Debug, Clone)]
struct Messages {
    unknown_service: Arc<Text>,
    unknown_credential: Arc<Text>,
    unknown_level: Arc<Text>,
    expired: Arc<Text>,
    not_yet_valid: Arc<Text>,
    not_delegable: Arc<Text>,
    delegation_invalid: Arc<Text>,
    intermediary_not_enabled: Arc<Text>,
    not_for_household: Arc<Text>,
    not_in_household: Arc<Text>,
}

impl Messages {
    fn new() -> Self {
        let t = |it: &str, en: &str| Arc::new(Text::new(it, en));
        Messages {
            unknown_service: t("Servizio sconosciuto: accesso negato.", "Unknown service: access denied."),
            unknown_credential: t("Credenziale non riconosciuta: accesso negato.", "Unrecognised credential: access denied."),
            unknown_level: t("Livello della credenziale non riconosciuto: accesso negato.", "Unrecognised credential level: access denied."),
            expired: t("La credenziale è scaduta: accesso negato.", "The credential has expired: access denied."),
            not_yet_valid: t("La credenziale non è ancora valida: accesso negato.", "The credential is not valid yet: access denied."),
            not_delegable: t(
                "Questo servizio non può essere usato per conto di altri con una delega.",
                "This service cannot be used on behalf of others with a delegation.",
            ),
            delegation_invalid: t(
                "La delega non è valida per questo servizio in questa data.",
                "The delegation is not valid for this service on this date.",
            ),
            intermediary_not_enabled: t(
                "Questo servizio non è abilitato per il ruolo di intermediario indicato.",
                "This service is not enabled for the intermediary role given.",
            ),
            not_for_household: t(
                "Questo servizio non può essere usato per un componente del nucleo familiare.",
                "This service cannot be used for a member of the household.",
            ),
            not_in_household: t("La persona indicata non fa parte del nucleo familiare.", "The person is not a member of the household."),
        }
    }
}

/// A compiled access policy: [`PolicySpec`] plus lookup tables and the per-service deny
/// messages and sufficient-credential lists, computed once. Serialises as its [`PolicySpec`].
#[derive(Debug, Clone)]
pub struct Policy {
    spec: PolicySpec,
    credentials: HashMap<String, CompiledCredential>,
    services: HashMap<String, CompiledService>,
    roles: Vec<IntermediaryRole>,
    msgs: Messages,
    empty_clauses: Arc<[Clause]>,
    empty_creds: Arc<[Credential]>,
}

impl Serialize for Policy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spec = PolicySpec::deserialize(d)?;
        Policy::new(spec).map_err(serde::de::Error::custom)
    }
}

impl PartialEq for Policy {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

/// Allocates capability names to bits.
struct CapBits(Vec<String>);

impl CapBits {
    fn bit(&mut self, name: &str) -> Result<u64, AccessError> {
        let i = match self.0.iter().position(|c| c == name) {
            Some(i) => i,
            None => {
                self.0.push(name.to_string());
                self.0.len() - 1
            }
        };
        if i >= 64 {
            return Err(AccessError::invalid("a policy may use at most 64 capabilities"));
        }
        Ok(1u64 << i)
    }

    fn bits(&mut self, names: &[String]) -> Result<u64, AccessError> {
        names.iter().try_fold(0u64, |acc, n| Ok(acc | self.bit(n)?))
    }
}

impl Policy {
    /// Compiles a policy. Errors: `access.duplicate` (ids), `access.unknown_reference` (a
    /// capability no credential offers, an intermediary role not declared), `access.invalid` (a
    /// credential with neither or both of `level`/`levels`, a non-public service without a
    /// requirement, a public service with one).
    pub fn new(spec: PolicySpec) -> Result<Policy, AccessError> {
        let catalog: Vec<CredentialSpec> = spec
            .credentials
            .clone()
            .unwrap_or_else(default_credentials)
            .into_iter()
            .chain(spec.extra_credentials.iter().cloned())
            .collect();
        let roles = spec.intermediary_roles.clone().unwrap_or_else(IntermediaryRole::defaults);
        let mut caps = CapBits(Vec::new());
        let mut credentials = HashMap::default();
        for c in &catalog {
            if c.id.trim().is_empty() {
                return Err(AccessError::invalid("a credential has an empty id"));
            }
            let fixed = match (c.level, c.levels.is_empty()) {
                (Some(l), true) => Some(l),
                (None, false) => None,
                _ => return Err(AccessError::invalid(format!("credential {:?} must have exactly one of `level` and `levels`", c.id))),
            };
            let mut names: Vec<(String, Level)> = Vec::new();
            for n in &c.levels {
                for key in std::iter::once(&n.name).chain(n.aliases.iter()).map(|k| level_key(k)) {
                    match names.iter().find(|(k, _)| *k == key) {
                        Some((_, l)) if *l != n.level => {
                            return Err(AccessError::invalid(format!("credential {:?}: level name {key:?} maps to two levels", c.id)))
                        }
                        Some(_) => {}
                        None => names.push((key, n.level)),
                    }
                }
            }
            let compiled = CompiledCredential { fixed, names, caps: caps.bits(&c.capabilities)? };
            if credentials.insert(c.id.clone(), compiled).is_some() {
                return Err(AccessError::Duplicate { kind: "credential".into(), id: c.id.clone() });
            }
        }
        let offered: HashSet<&str> = catalog.iter().flat_map(|c| c.capabilities.iter().map(String::as_str)).collect();
        let role_ids: HashSet<&str> = roles.iter().map(|r| r.id.as_str()).collect();
        let msgs = Messages::new();
        let mut services = HashMap::default();
        for s in &spec.services {
            let mut clauses_spec: Vec<Clause> = s.any_of.clone();
            if s.level.is_some() || !s.capabilities.is_empty() {
                clauses_spec.insert(0, Clause { level: s.level.unwrap_or(Level::Low), capabilities: s.capabilities.clone() });
            }
            if s.public && !clauses_spec.is_empty() {
                return Err(AccessError::invalid(format!("public service {:?} must not declare a requirement", s.id)));
            }
            if !s.public && clauses_spec.is_empty() {
                return Err(AccessError::invalid(format!("service {:?} declares no requirement: give a level, anyOf, or public: true", s.id)));
            }
            for cap in clauses_spec.iter().flat_map(|c| c.capabilities.iter()) {
                if !offered.contains(cap.as_str()) {
                    return Err(AccessError::UnknownReference { kind: "capability".into(), id: cap.clone() });
                }
            }
            for r in &s.intermediaries {
                if !role_ids.contains(r.as_str()) {
                    return Err(AccessError::UnknownReference { kind: "intermediaryRole".into(), id: r.clone() });
                }
            }
            let mut clauses = Vec::with_capacity(clauses_spec.len());
            for c in &clauses_spec {
                clauses.push((c.level, caps.bits(&c.capabilities)?));
            }
            let min_level = clauses.iter().map(|(l, _)| *l).min();
            let sufficient = sufficient_for(&catalog, &credentials, &clauses);
            let deny_msg = deny_message(&s.name, min_level, &catalog, &sufficient);
            let allow_msg = Text::new(format!("Accesso consentito a «{}».", s.name.it), format!("Access granted to «{}».", s.name.en));
            let compiled = CompiledService {
                public: s.public,
                clauses,
                min_level,
                requirement: Arc::from(clauses_spec),
                sufficient: Arc::from(sufficient),
                allow_msg: Arc::new(allow_msg),
                deny_msg: Arc::new(deny_msg),
                intermediaries: s.intermediaries.clone(),
                delegable: s.delegable,
                household: s.household,
            };
            if services.insert(s.id.clone(), compiled).is_some() {
                return Err(AccessError::Duplicate { kind: "service".into(), id: s.id.clone() });
            }
        }
        Ok(Policy { spec, credentials, services, roles, msgs, empty_clauses: Arc::from(Vec::new()), empty_creds: Arc::from(Vec::new()) })
    }

    /// Parses and compiles the documented JSON ([`PolicySpec`]).
    pub fn from_json(s: &str) -> Result<Policy, crate::Error> {
        let spec: PolicySpec = crate::error::from_json(s)?;
        Ok(Policy::new(spec)?)
    }

    /// The documented JSON of this policy.
    pub fn to_json(&self) -> String {
        crate::error::to_json(&self.spec)
    }

    /// The specification this policy was compiled from.
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// The intermediary roles of this policy.
    pub fn intermediary_roles(&self) -> &[IntermediaryRole] {
        &self.roles
    }

    /// The ids of the services, sorted.
    pub fn service_ids(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.services.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The level a credential maps to in this policy's catalog (`None`: unknown kind or level).
    pub fn level_of(&self, credential: &Credential) -> Option<Level> {
        self.credentials.get(&credential.kind)?.level_of(credential.level.as_deref())
    }

    /// The decision for `credential` (`None`: not logged in) on `service` at `now`.
    ///
    /// Fail-closed: an unknown service, an unknown credential kind or level name, and a credential
    /// outside its validity window are denied with a reason. A public service is always allowed.
    pub fn decide(&self, service: &str, credential: Option<&Credential>, now: DateTime<FixedOffset>) -> Decision {
        let Some(svc) = self.services.get(service) else {
            return Decision {
                allowed: false,
                reason: Reason::UnknownService,
                required: None,
                requirement: self.empty_clauses.clone(),
                sufficient: self.empty_creds.clone(),
                message: self.msgs.unknown_service.clone(),
                acting_as: ActingMode::Own,
                on_behalf_of: None,
                error: None,
            };
        };
        if svc.public {
            return self.allow(svc, Reason::Public);
        }
        let Some(c) = credential else {
            return self.deny(svc, Reason::NotAuthenticated, &svc.deny_msg);
        };
        let Some(cred) = self.credentials.get(&c.kind) else {
            return self.deny(svc, Reason::UnknownCredential, &self.msgs.unknown_credential);
        };
        let Some(level) = cred.level_of(c.level.as_deref()) else {
            return self.deny(svc, Reason::UnknownLevel, &self.msgs.unknown_level);
        };
        if c.not_before.is_some_and(|nb| now < nb) {
            return self.deny(svc, Reason::NotYetValid, &self.msgs.not_yet_valid);
        }
        if c.not_after.is_some_and(|na| now > na) {
            return self.deny(svc, Reason::Expired, &self.msgs.expired);
        }
        let mut level_ok = false;
        for &(min, need) in &svc.clauses {
            if level.satisfies(min) {
                if cred.caps & need == need {
                    return self.allow(svc, Reason::Granted);
                }
                level_ok = true;
            }
        }
        let reason = if level_ok { Reason::MissingCapability } else { Reason::InsufficientLevel };
        self.deny(svc, reason, &svc.deny_msg)
    }

    /// Like [`Policy::decide`], for a user acting on someone else's behalf: the user's own
    /// credential must satisfy the service first; then the way of acting must be enabled for the
    /// service and hold at `now`'s date (delegation in scope and in force, intermediary role
    /// enabled, principal in the household). The decision names the principal in `onBehalfOf`.
    pub fn decide_for(&self, service: &str, credential: Option<&Credential>, now: DateTime<FixedOffset>, acting: &Acting) -> Decision {
        let mut d = self.decide(service, credential, now);
        d.acting_as = acting.mode();
        d.on_behalf_of = acting.principal().map(str::to_string);
        if !d.allowed || d.reason == Reason::Public {
            return d;
        }
        let Some(svc) = self.services.get(service) else {
            return d; // ok: unreachable, an unknown service is denied above
        };
        let refuse = |mut d: Decision, reason: Reason, msg: &Arc<Text>, error: Option<String>| {
            d.allowed = false;
            d.reason = reason;
            d.message = msg.clone();
            d.sufficient = svc.sufficient.clone();
            d.error = error;
            d
        };
        match acting {
            Acting::Own => d,
            Acting::Delegate { actor, principal, delegation } => {
                if !svc.delegable {
                    return refuse(d, Reason::NotDelegable, &self.msgs.not_delegable, None);
                }
                match delegation.check(actor, principal, service, now.date_naive(), &self.spec.delegations) {
                    Ok(()) => d,
                    Err(e) => refuse(d, Reason::DelegationInvalid, &self.msgs.delegation_invalid, Some(e.code().to_string())),
                }
            }
            Acting::Intermediary { actor, role, principal, mandate } => {
                if !svc.intermediaries.iter().any(|r| r == role) {
                    return refuse(d, Reason::IntermediaryNotEnabled, &self.msgs.intermediary_not_enabled, None);
                }
                match mandate {
                    None => d,
                    Some(m) => match m.check(actor, principal, service, now.date_naive(), &self.spec.delegations) {
                        Ok(()) => d,
                        Err(e) => refuse(d, Reason::DelegationInvalid, &self.msgs.delegation_invalid, Some(e.code().to_string())),
                    },
                }
            }
            Acting::Household { actor, principal, members } => {
                if !svc.household {
                    return refuse(d, Reason::NotForHousehold, &self.msgs.not_for_household, None);
                }
                let p = super::acting::normalise_code(principal);
                let in_household = p != super::acting::normalise_code(actor) && members.iter().any(|m| super::acting::same_code(m, &p));
                if in_household {
                    d
                } else {
                    refuse(d, Reason::NotInHousehold, &self.msgs.not_in_household, None)
                }
            }
        }
    }

    #[inline]
    fn allow(&self, svc: &CompiledService, reason: Reason) -> Decision {
        Decision {
            allowed: true,
            reason,
            required: svc.min_level,
            requirement: svc.requirement.clone(),
            sufficient: self.empty_creds.clone(),
            message: svc.allow_msg.clone(),
            acting_as: ActingMode::Own,
            on_behalf_of: None,
            error: None,
        }
    }

    #[inline]
    fn deny(&self, svc: &CompiledService, reason: Reason, msg: &Arc<Text>) -> Decision {
        Decision {
            allowed: false,
            reason,
            required: svc.min_level,
            requirement: svc.requirement.clone(),
            sufficient: svc.sufficient.clone(),
            message: msg.clone(),
            acting_as: ActingMode::Own,
            on_behalf_of: None,
            error: None,
        }
    }
}

fn satisfies(clauses: &[(Level, u64)], level: Level, caps: u64) -> bool {
    clauses.iter().any(|&(min, need)| level.satisfies(min) && caps & need == need)
}

/// Each catalog credential at its lowest sufficient level, in catalog order.
fn sufficient_for(catalog: &[CredentialSpec], compiled: &HashMap<String, CompiledCredential>, clauses: &[(Level, u64)]) -> Vec<Credential> {
    let mut out = Vec::new();
    for c in catalog {
        let Some(cc) = compiled.get(&c.id) else { continue };
        if let Some(l) = cc.fixed {
            if satisfies(clauses, l, cc.caps) {
                out.push(Credential::new(c.id.clone()));
            }
            continue;
        }
        let mut named: Vec<_> = c.levels.iter().collect();
        named.sort_by_key(|n| n.level);
        if let Some(n) = named.into_iter().find(|n| satisfies(clauses, n.level, cc.caps)) {
            out.push(Credential::with_level(c.id.clone(), n.name.clone()));
        }
    }
    out
}

fn deny_message(name: &Text, min: Option<Level>, catalog: &[CredentialSpec], sufficient: &[Credential]) -> Text {
    let label = |k: &str| catalog.iter().find(|c| c.id == k).map(|c| c.label.clone()).unwrap_or_else(|| Text::new(k, k));
    let mut it_list = Vec::new();
    let mut en_list = Vec::new();
    for s in sufficient {
        let l = label(&s.kind);
        match &s.level {
            Some(lv) => {
                it_list.push(format!("{} ({lv} o superiore)", l.it));
                en_list.push(format!("{} ({lv} or higher)", l.en));
            }
            None => {
                it_list.push(l.it);
                en_list.push(l.en);
            }
        }
    }
    let (lit, len) = match min {
        Some(l) => (l.label_it(), l.label_en()),
        None => ("-", "-"),
    };
    if sufficient.is_empty() {
        return Text::new(
            format!("Per «{}» serve una credenziale di livello {lit} o superiore; nessuna credenziale configurata è sufficiente.", name.it),
            format!("«{}» requires a {len} credential or higher; no configured credential is enough.", name.en),
        );
    }
    Text::new(
        format!("Per «{}» serve una credenziale di livello {lit} o superiore. Credenziali sufficienti: {}.", name.it, it_list.join(", ")),
        format!("«{}» requires a {len} credential or higher. Sufficient credentials: {}.", name.en, en_list.join(", ")),
    )
}
