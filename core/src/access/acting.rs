//! Acting for others: delegations, intermediaries (notaio, studio tecnico, commercialista, CAF)
//! and household members.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::level::Text;
use super::policy::ActingMode;
use super::AccessError;

/// An intermediary role a policy knows (enabled per service with `intermediaries`).
/// JSON: `{"id": "caf", "label": {"it": "CAF", "en": "Tax assistance centre (CAF)"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IntermediaryRole {
    /// Stable id used in a service's `intermediaries` and in `Acting::Intermediary`'s `role`, e.g. `"caf"`.
    pub id: String,
    /// Name shown to users, in Italian and English.
    pub label: Text,
}

impl IntermediaryRole {
    /// `notaio`, `studioTecnico`, `commercialista`, `caf`, and the authorities that may query the
    /// registry office for their duties: `polizia` (Polizia di Stato, Polizia locale) and
    /// `carabinieri` (issue 18: built-in roles, as data a policy may replace).
    pub fn defaults() -> Vec<IntermediaryRole> {
        [
            ("notaio", "Notaio", "Notary"),
            ("studioTecnico", "Studio tecnico", "Technical practice (architect, engineer, surveyor)"),
            ("commercialista", "Commercialista", "Accountant"),
            ("caf", "CAF (Centro di assistenza fiscale)", "Tax assistance centre (CAF)"),
            ("polizia", "Polizia (Polizia di Stato, Polizia locale)", "Police (State Police, local police)"),
            ("carabinieri", "Arma dei Carabinieri", "Carabinieri"),
        ]
        .into_iter()
        .map(|(id, it, en)| IntermediaryRole { id: id.into(), label: Text::new(it, en) })
        .collect()
    }
}

/// Rules for delegations. JSON: `{"requireDocument": true}`.
///
/// `requireDocument` (default `true`): a delegation must carry the delegator's identity document,
/// in force on the date checked (the usual Italian practice for a *delega* \[secondary\]; a policy
/// may turn it off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationRules {
    /// Whether a delegation must carry the delegator's identity document, in force on the date checked (default `true`).
    #[serde(default = "yes")]
    pub require_document: bool,
}

fn yes() -> bool {
    true
}

impl Default for DelegationRules {
    fn default() -> Self {
        DelegationRules { require_document: true }
    }
}

/// The delegator's identity document attached to a delegation.
/// JSON: `{"kind": "cartaIdentita", "number": "CA00000AA", "expires": "2030-01-01"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdDocument {
    /// Document type, e.g. `"cartaIdentita"`, `"passaporto"`, `"patente"` (free text, not checked).
    pub kind: String,
    /// Document number; must not be blank when a document is required.
    pub number: String,
    /// Last valid day of the document (`YYYY-MM-DD`); `None`: not given, not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub expires: Option<NaiveDate>,
}

/// A delegation: `delegator` (codice fiscale, or the 11-digit code of an entity) authorises
/// `delegate` (a codice fiscale) for the services in `scope` (`"*"`: every delegable service) from
/// `validFrom` (optional) to `expires` (the last valid day, inclusive; optional, as the seed
/// portals' delegation form leaves it: without it the delegation holds until revoked). The
/// delegator's identity document keeps its own, required, expiry check.
///
/// JSON: `{"delegator": "RSSMRA80A01H501U", "delegate": "BNCLRA85M41F205X", "scope": ["tari"],
/// "validFrom": "2025-01-01", "expires": "2025-12-31", "document": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Delegation {
    /// Codice fiscale of the person delegating (or the 11-digit code of an entity).
    pub delegator: String,
    /// Codice fiscale of the person authorised to act.
    pub delegate: String,
    /// Service ids the delegation covers; `"*"` covers every delegable service.
    pub scope: Vec<String>,
    /// First valid day (`YYYY-MM-DD`, JSON `validFrom`); `None`: valid from the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub valid_from: Option<NaiveDate>,
    /// Last valid day, inclusive (`YYYY-MM-DD`); `None`: no end date (valid until revoked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub expires: Option<NaiveDate>,
    /// The delegator's identity document; required unless the policy's `requireDocument` is `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<IdDocument>,
}

impl Delegation {
    /// Checks that this delegation lets `delegate` act for `delegator` on `service` on `date`.
    ///
    /// Errors, in this order: `access.delegation_party_code` (the delegation's delegate is not a
    /// valid codice fiscale, or its delegator neither a codice fiscale nor a valid 11-digit code),
    /// `access.delegation_parties`, `access.delegation_scope`, `access.delegation_not_yet_valid`,
    /// `access.delegation_expired`, `access.delegation_document`.
    /// Codes are compared exactly after normalisation (whitespace removed, upper case, `TINIT-`
    /// stripped), never ignoring omocodia: an omocodia variant is a different person. A
    /// delegation whose delegator and delegate are the same code is refused
    /// (`access.delegation_parties`), whatever the parties given.
    pub fn check(&self, delegate: &str, delegator: &str, service: &str, date: NaiveDate, rules: &DelegationRules) -> Result<(), AccessError> {
        self.check_party_codes()?;
        if same_code(&self.delegate, &self.delegator) || !same_code(&self.delegate, delegate) || !same_code(&self.delegator, delegator) {
            return Err(AccessError::DelegationParties);
        }
        if !self.scope.iter().any(|s| s == "*" || s == service) {
            return Err(AccessError::DelegationScope { service: service.to_string() });
        }
        if let Some(from) = self.valid_from {
            if date < from {
                return Err(AccessError::DelegationNotYetValid { valid_from: from });
            }
        }
        if let Some(expires) = self.expires {
            if date > expires {
                return Err(AccessError::DelegationExpired { expires });
            }
        }
        if rules.require_document {
            match &self.document {
                None => return Err(AccessError::DelegationDocument { reason: "missing".into() }),
                Some(d) if d.number.trim().is_empty() => return Err(AccessError::DelegationDocument { reason: "no document number".into() }),
                Some(IdDocument { expires: Some(e), .. }) if date > *e => {
                    return Err(AccessError::DelegationDocument { reason: format!("the document expired on {e}") })
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Checks the two parties' codes: the delegate a codice fiscale, the delegator a codice fiscale
    /// or an entity's 11-digit code (`access.delegation_party_code`, naming the party and the
    /// code's own error).
    pub fn check_party_codes(&self) -> Result<(), AccessError> {
        use crate::error::Coded;
        let bad =
            |party: &str, code: &str, message: String| AccessError::DelegationPartyCode { party: party.into(), reason: format!("{code}: {message}") };
        crate::cf::verify(&normalise_code(&self.delegate)).map_err(|e| bad("delegate", e.code(), e.to_string()))?;
        crate::cf::validate_tax_code(&normalise_code(&self.delegator)).map_err(|e| bad("delegator", e.code(), e.to_string()))?;
        Ok(())
    }

    /// [`Delegation::check`] with the default rules, returning a boolean.
    pub fn is_valid(&self, delegate: &str, delegator: &str, service: &str, date: NaiveDate) -> bool {
        self.check(delegate, delegator, service, date, &DelegationRules::default()).is_ok()
    }
}

/// How a user acts (the argument of [`crate::access::Policy::decide_for`]). JSON, tagged by `as`:
/// - `{"as": "self"}`
/// - `{"as": "delegate", "actor": CF, "principal": CF, "delegation": {...}}`
/// - `{"as": "intermediary", "actor": CF, "role": "caf", "principal": CF, "mandate": {...}?}`
///   (the host vouches that the actor holds the role, e.g. from the professional register;
///   an optional `mandate` is checked like a delegation)
/// - `{"as": "household", "actor": CF, "principal": CF, "members": [CF, ...]}` (`members`: the
///   actor's household from the registry office)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(tag = "as", rename_all = "camelCase", deny_unknown_fields)]
pub enum Acting {
    /// The user acts for themselves (JSON `{"as": "self"}`).
    #[serde(rename = "self")]
    Own,
    /// The user acts for someone who delegated them.
    Delegate {
        /// Codice fiscale of the logged-in user (the delegate).
        actor: String,
        /// Codice fiscale or 11-digit code of the person or entity acted for (the delegator).
        principal: String,
        /// The delegation, checked against actor, principal, service and date.
        delegation: Delegation,
    },
    /// The user acts as a professional intermediary (notaio, studio tecnico, commercialista, CAF).
    Intermediary {
        /// Codice fiscale of the logged-in professional.
        actor: String,
        /// The intermediary role id; the service must list it in `intermediaries`.
        role: String,
        /// Codice fiscale or 11-digit code of the client acted for.
        principal: String,
        /// The client's mandate, checked like a delegation when given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mandate: Option<Delegation>,
    },
    /// The user acts for a member of their household (nucleo familiare).
    Household {
        /// Codice fiscale of the logged-in user.
        actor: String,
        /// Codice fiscale of the household member acted for (not the actor).
        principal: String,
        /// Codici fiscali of the actor's household, from the registry office (anagrafe).
        members: Vec<String>,
    },
}

impl Acting {
    /// The mode, as reported in a decision.
    pub fn mode(&self) -> ActingMode {
        match self {
            Acting::Own => ActingMode::Own,
            Acting::Delegate { .. } => ActingMode::Delegate,
            Acting::Intermediary { .. } => ActingMode::Intermediary,
            Acting::Household { .. } => ActingMode::Household,
        }
    }

    /// The person (or entity) acted for, if not oneself.
    pub fn principal(&self) -> Option<&str> {
        match self {
            Acting::Own => None,
            Acting::Delegate { principal, .. } | Acting::Intermediary { principal, .. } | Acting::Household { principal, .. } => Some(principal),
        }
    }
}

/// A code as compared for authorisation: whitespace removed, upper case, and a leading `TINIT-`
/// (any case) stripped. Omocodia letters are kept: two omocodia variants of one codice fiscale
/// are different codes here (the Agenzia delle Entrate assigns a variant to a *different*
/// person); telling that two codes may belong to one person is `cf::same_person`'s report only.
pub(crate) fn normalise_code(s: &str) -> String {
    let compact = s.split_whitespace().collect::<String>().to_uppercase();
    match compact.strip_prefix("TINIT-") {
        Some(rest) => rest.to_string(),
        None => compact,
    }
}

/// The same code after [`normalise_code`], exactly (never omocodia-normalised); an empty code
/// matches nothing.
pub(crate) fn same_code(a: &str, b: &str) -> bool {
    let (x, y) = (normalise_code(a), normalise_code(b));
    !x.is_empty() && x == y
}
