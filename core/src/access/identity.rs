//! Verified identities from SPID / CIE id attribute sets (certificates: see `certificate.rs`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::level::{last_segment, Credential};
use super::AccessError;
use crate::cf::Sex;
use crate::error::Coded;

/// Where an identity comes from. JSON: `"spid" | "cieId" | "cns" | "tsCns" | "cieCard"`; it is
/// also the credential kind of the built-in catalog ([`Identity::credential`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum IdentitySource {
    /// SPID, the public digital identity system (attribute set from the identity provider).
    Spid,
    /// CIE id, "Entra con CIE" (attribute set like SPID's).
    CieId,
    /// A CNS smart card's authentication certificate.
    Cns,
    /// A Tessera Sanitaria with CNS chip (TS-CNS), told apart by the issuer (`tsCnsIssuers`).
    TsCns,
    /// The CIE card's authentication certificate.
    CieCard,
}

impl IdentitySource {
    /// The credential kind in the built-in catalog.
    pub fn credential_kind(self) -> &'static str {
        match self {
            IdentitySource::Spid => "spid",
            IdentitySource::CieId => "cieId",
            IdentitySource::Cns => "cns",
            IdentitySource::TsCns => "tsCns",
            IdentitySource::CieCard => "cieCard",
        }
    }
}

/// What an authentication certificate said, kept with the identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CertificateInfo {
    /// Subject and issuer as RFC 4514-like strings.
    pub subject: String,
    /// Issuer, as an RFC 4514-like string.
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// Start of the certificate's validity (RFC 3339).
    pub not_before: DateTime<FixedOffset>,
    /// End of the certificate's validity (RFC 3339).
    pub not_after: DateTime<FixedOffset>,
    /// Certificate policy OIDs, dotted.
    pub policies: Vec<String>,
    /// The card id after the `/` of a CNS CN (`<CF>/<card id>.<hash>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_id: Option<String>,
    /// Subject organisation or organisational unit (the issuing administration on a CNS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Where the fiscal code was found: `"cn"`, `"serialNumber"` or `"attribute"`.
    pub fiscal_code_from: String,
}

/// A verified identity. JSON (camelCase; absent fields omitted):
/// `{"source": "spid", "fiscalCode": "RSSMRA80A01H501U", "givenName": "Mario", "familyName":
/// "Rossi", "dateOfBirth": "1980-01-01", "placeOfBirth": "H501", "gender": "M", "level":
/// "SpidL2", "warnings": []}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Identity {
    /// Where the identity comes from; also the credential kind of the built-in catalog.
    pub source: IdentitySource,
    /// Normalised codice fiscale (16 characters) or, for a legal person, its 11-digit code.
    pub fiscal_code: String,
    /// Partita IVA of the company the user represents (SPID `ivaCode`, `VATIT-` removed, validated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// Given name (SPID `name`, certificate givenName).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name (SPID `familyName`, certificate surname).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Birth date (`YYYY-MM-DD`, SPID `dateOfBirth`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub date_of_birth: Option<NaiveDate>,
    /// Belfiore code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<String>,
    /// Province of birth, upper case (SPID `countyOfBirth`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub county_of_birth: Option<String>,
    /// Sex (SPID `gender`), `"M"` or `"F"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Sex>,
    /// The identity's code at its identity provider (SPID `spidCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spid_code: Option<String>,
    /// E-mail address (SPID `email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Mobile phone number as sent (SPID `mobilePhone`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    /// PEC address (`digitalAddress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digital_address: Option<String>,
    /// Company name for a legal person's identity (SPID `companyName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// The identity's own expiry (`expirationDate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub expiration_date: Option<NaiveDate>,
    /// The level name asserted by the identity provider (`SpidL2`), for SPID and CIE id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// What the authentication certificate said; `None` for SPID and CIE id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateInfo>,
    /// Non-fatal findings, as codes (e.g. `access.fiscal_number_without_prefix`).
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// Options for attribute sets. JSON: `{"requireFiscalNumberPrefix": false, "checkFiscalCode": true}`.
///
/// - `requireFiscalNumberPrefix` (default `false`): whether a `fiscalNumber` without `TINIT-` is
///   rejected (`access.fiscal_number_prefix`). Whether any IdP sends one is **unverified**, so the
///   default tolerates it with the warning `access.fiscal_number_without_prefix`.
/// - `checkFiscalCode` (default `true`): cross-check the birth date, place and gender encoded in
///   the codice fiscale with `dateOfBirth`, `placeOfBirth` and `gender`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AttributeOptions {
    /// Refuse a `fiscalNumber` without the `TINIT-` prefix (default `false`: accept it with a warning).
    #[serde(default)]
    pub require_fiscal_number_prefix: bool,
    /// Cross-check the codice fiscale with `dateOfBirth`, `placeOfBirth` and `gender` (default `true`).
    #[serde(default = "yes")]
    pub check_fiscal_code: bool,
}

fn yes() -> bool {
    true
}

impl Default for AttributeOptions {
    fn default() -> Self {
        AttributeOptions { require_fiscal_number_prefix: false, check_fiscal_code: true }
    }
}

/// The attribute carrying the AuthnContextClassRef, when the host puts it in the attribute map.
pub const LEVEL_ATTRIBUTE: &str = "authnContextClassRef";

fn attr<'a>(attrs: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    attrs.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn clean_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    match s.get(..prefix.len()) {
        Some(p) if p.eq_ignore_ascii_case(prefix) => s.get(prefix.len()..),
        _ => None,
    }
}

/// Validates a personal (16) or entity (11 digits) fiscal code; the error carries the cf/piva code.
pub(crate) fn validate_fiscal_code(raw: &str) -> Result<String, AccessError> {
    let compact: String = raw.split_whitespace().collect();
    if compact.len() == 11 && compact.bytes().all(|b| b.is_ascii_digit()) {
        return crate::cf::piva::validate(&compact)
            .map_err(|e| AccessError::InvalidFiscalCode { value: raw.to_string(), reason: e.code().to_string() });
    }
    crate::cf::validate(&compact).map_err(|e| AccessError::InvalidFiscalCode { value: raw.to_string(), reason: e.code().to_string() })
}

impl Identity {
    /// An identity from a SPID attribute set (attribute name -> value, as in the assertion;
    /// the AuthnContextClassRef may be added under `authnContextClassRef`), checked at `today`
    /// (the century of the birth year in the codice fiscale is chosen against it).
    pub fn from_spid(attributes: &BTreeMap<String, String>, today: NaiveDate) -> Result<Identity, AccessError> {
        Self::from_attributes(IdentitySource::Spid, attributes, today, &AttributeOptions::default())
    }

    /// An identity from a CIE id attribute set: only the eIDAS minimum dataset (name, familyName,
    /// dateOfBirth, fiscalNumber) is expected; nothing SPID-only is required.
    pub fn from_cie_id(attributes: &BTreeMap<String, String>, today: NaiveDate) -> Result<Identity, AccessError> {
        Self::from_attributes(IdentitySource::CieId, attributes, today, &AttributeOptions::default())
    }

    /// The general form of [`Identity::from_spid`] / [`Identity::from_cie_id`].
    ///
    /// Only `fiscalNumber` is required. Errors: `access.missing_attribute`,
    /// `access.fiscal_number_prefix`, `access.invalid_fiscal_code`, `access.invalid_vat_number`,
    /// `access.invalid_attribute` (dateOfBirth not `YYYY-MM-DD` or after `today`, gender not M/F,
    /// placeOfBirth not a Belfiore code, expirationDate), `access.cf_mismatch` (with the
    /// mismatching attributes).
    pub fn from_attributes(
        source: IdentitySource,
        attributes: &BTreeMap<String, String>,
        today: NaiveDate,
        options: &AttributeOptions,
    ) -> Result<Identity, AccessError> {
        let mut warnings = Vec::new();
        let raw = attr(attributes, "fiscalNumber").ok_or_else(|| AccessError::MissingAttribute { attribute: "fiscalNumber".into() })?;
        let cf_raw = match strip_prefix_ci(raw, "TINIT-") {
            Some(rest) => rest,
            None if options.require_fiscal_number_prefix => {
                return Err(AccessError::FiscalNumberPrefix { value: raw.to_string() });
            }
            None => {
                warnings.push("access.fiscal_number_without_prefix".to_string());
                raw
            }
        };
        let fiscal_code = validate_fiscal_code(cf_raw)?;
        let vat_number = match attr(attributes, "ivaCode") {
            None => None,
            Some(v) => {
                let digits = strip_prefix_ci(v, "VATIT-").unwrap_or(v);
                Some(
                    crate::cf::piva::validate(digits)
                        .map_err(|e| AccessError::InvalidVatNumber { value: v.to_string(), reason: e.code().to_string() })?,
                )
            }
        };
        let date = |name: &str| -> Result<Option<NaiveDate>, AccessError> {
            match attr(attributes, name) {
                None => Ok(None),
                Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| AccessError::InvalidAttribute { attribute: name.into(), reason: "not a YYYY-MM-DD date".into() }),
            }
        };
        let date_of_birth = date("dateOfBirth")?;
        if let Some(d) = date_of_birth.filter(|d| *d > today) {
            return Err(AccessError::InvalidAttribute { attribute: "dateOfBirth".into(), reason: format!("{d} is after today ({today})") });
        }
        let expiration_date = date("expirationDate")?;
        let gender = match attr(attributes, "gender") {
            None => None,
            Some(g) if g.eq_ignore_ascii_case("M") => Some(Sex::M),
            Some(g) if g.eq_ignore_ascii_case("F") => Some(Sex::F),
            Some(_) => return Err(AccessError::InvalidAttribute { attribute: "gender".into(), reason: "not M or F".into() }),
        };
        let place_of_birth = match attr(attributes, "placeOfBirth") {
            None => None,
            Some(p) => {
                let p = p.to_ascii_uppercase();
                let b = p.as_bytes();
                let ok = b.len() == 4 && b.first().is_some_and(u8::is_ascii_uppercase) && b.iter().skip(1).all(u8::is_ascii_digit);
                if !ok {
                    return Err(AccessError::InvalidAttribute {
                        attribute: "placeOfBirth".into(),
                        reason: "not a Belfiore code (a letter and 3 digits)".into(),
                    });
                }
                Some(p)
            }
        };
        if options.check_fiscal_code && fiscal_code.len() == 16 {
            cross_check(&fiscal_code, date_of_birth, place_of_birth.as_deref(), gender, today, &mut warnings)?;
        }
        let level = attr(attributes, LEVEL_ATTRIBUTE).map(|l| last_segment(l).to_string());
        Ok(Identity {
            source,
            fiscal_code,
            vat_number,
            given_name: attr(attributes, "name").map(clean_name),
            family_name: attr(attributes, "familyName").map(clean_name),
            date_of_birth,
            place_of_birth,
            county_of_birth: attr(attributes, "countyOfBirth").map(str::to_ascii_uppercase),
            gender,
            spid_code: attr(attributes, "spidCode").map(str::to_string),
            email: attr(attributes, "email").map(str::to_string),
            mobile_phone: attr(attributes, "mobilePhone").map(str::to_string),
            digital_address: attr(attributes, "digitalAddress").map(str::to_string),
            company_name: attr(attributes, "companyName").map(clean_name),
            expiration_date,
            level,
            certificate: None,
            warnings,
        })
    }

    /// The credential this identity presents to a [`crate::access::Policy`]: its source as the
    /// kind, the asserted level, and the certificate's validity window.
    pub fn credential(&self) -> Credential {
        Credential {
            kind: self.source.credential_kind().to_string(),
            level: self.level.clone(),
            not_before: self.certificate.as_ref().map(|c| c.not_before),
            not_after: self.certificate.as_ref().map(|c| c.not_after),
        }
    }
}

/// Compares what the codice fiscale encodes with the attributes. The birth year is compared on
/// its last two digits (all the code holds), so a wrong century guess cannot cause a mismatch.
fn cross_check(
    code: &str,
    dob: Option<NaiveDate>,
    place: Option<&str>,
    gender: Option<Sex>,
    today: NaiveDate,
    warnings: &mut Vec<String>,
) -> Result<(), AccessError> {
    let decoded =
        crate::cf::decode(code, today).map_err(|e| AccessError::InvalidFiscalCode { value: code.to_string(), reason: e.code().to_string() })?;
    let mut fields = Vec::new();
    if let Some(d) = dob {
        match decoded.birth_date {
            Some(c) => {
                if (c.year().rem_euclid(100), c.month(), c.day()) != (d.year().rem_euclid(100), d.month(), d.day()) {
                    fields.push("dateOfBirth".to_string());
                }
            }
            None => warnings.push("access.birth_date_unchecked".to_string()),
        }
    }
    if let Some(p) = place {
        if !decoded.birthplace.code.eq_ignore_ascii_case(p) {
            fields.push("placeOfBirth".to_string());
        }
    }
    if let Some(g) = gender {
        if decoded.sex != g {
            fields.push("gender".to_string());
        }
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(AccessError::CfMismatch { fields })
    }
}
