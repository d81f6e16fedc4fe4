//! Verified identities from SPID / CIE id attribute sets (certificates: see `certificate.rs`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::level::{last_segment, Credential};
use super::AccessError;
use crate::cf::Sex;
use crate::error::Coded;

/// Where an identity comes from. JSON: `"spid" | "cieId" | "cns" | "tsCns" | "cieCard" | "eidas"`;
/// it is also the credential kind of the built-in catalog ([`Identity::credential`]).
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
    /// An eIDAS identity of another Member State (or an Italian one) through the eIDAS node.
    Eidas,
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
            IdentitySource::Eidas => "eidas",
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
    #[serde(deserialize_with = "crate::iso::de_instant")]
    pub not_before: DateTime<FixedOffset>,
    /// End of the certificate's validity (RFC 3339).
    #[serde(deserialize_with = "crate::iso::de_instant")]
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
    /// Normalised codice fiscale (16 characters) or, for a legal person, its 11-digit code. For an
    /// eIDAS identity without an Italian codice fiscale: its eIDAS `PersonIdentifier`
    /// (`ES/IT/99999999R`), the person's unique code (also in `personIdentifier`).
    pub fiscal_code: String,
    /// The eIDAS `PersonIdentifier` (`<issuing country>/<receiving country>/<code>`), eIDAS only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_identifier: Option<String>,
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
    /// Registered office of the company (SPID `registeredOffice`), a free address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_office: Option<String>,
    /// The identity document (SPID `idCard`: `<tipo> <numero> <ente> <data emissione> <data scadenza>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_card: Option<IdCard>,
    /// Address (SPID `address`, superseded by the domicile attributes, AgID Avviso n. 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Domicile: street address (SPID `domicileStreetAddress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domicile_street_address: Option<String>,
    /// Domicile: postal code (SPID `domicilePostalCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domicile_postal_code: Option<String>,
    /// Domicile: municipality (SPID `domicileMunicipality`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domicile_municipality: Option<String>,
    /// Domicile: province (SPID `domicileProvince`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domicile_province: Option<String>,
    /// Domicile: nation (SPID `domicileNation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domicile_nation: Option<String>,
    /// The SPID purpose the service provider asked for (professional use, legal person:
    /// `P`, `LP`, `PG`, `PF`, `PX`); `None` for personal use. From [`AttributeOptions::purpose`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<SpidPurpose>,
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

/// The SPID `Purpose` extension of the AuthnRequest (SPID for professional use and legal persons,
/// AgID Avviso n. 18 v.2). JSON: `"P" | "LP" | "PG" | "PF" | "PX"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(deny_unknown_fields)]
pub enum SpidPurpose {
    /// Natural person for professional use, possibly on behalf of a legal person.
    P,
    /// Legal person, or a natural person for professional use on behalf of one.
    LP,
    /// Natural person for professional use on behalf of a legal person.
    PG,
    /// Natural person for professional use.
    PF,
    /// Legal person or natural person for professional use.
    PX,
}

/// The identity document of SPID `idCard` (`<tipo> <numero> <ente> <data emissione> <data
/// scadenza>`). JSON: `{"value": "cartaIdentita AA00000000 ComuneRoma 2013-01-02 2023-01-31",
/// "kind": "cartaIdentita", "number": "AA00000000", "issuer": "ComuneRoma", "issuedOn":
/// "2013-01-02", "expiresOn": "2023-01-31"}`. `value` is the attribute as sent; the parts are
/// present when it has that layout (else the warning `access.id_card_unparsed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdCard {
    /// The attribute as sent (whitespace collapsed).
    pub value: String,
    /// Document type: `cartaIdentita`, `passaporto`, `patenteGuida`, `patenteNautica`,
    /// `librettoPensione`, `patentinoImpTermici`, `portoArmi`, `tesseraRiconoscimento`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Document number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Issuing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Issue date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub issued_on: Option<NaiveDate>,
    /// Expiry date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::iso::de_opt_date")]
    pub expires_on: Option<NaiveDate>,
}

impl IdCard {
    /// Reads the attribute: the type, the number, the issuer (one or more words), the issue and
    /// expiry dates (`YYYY-MM-DD`); `None` parts when the value has another layout.
    pub fn parse(value: &str) -> IdCard {
        let words: Vec<&str> = value.split_whitespace().collect();
        let value = words.join(" ");
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        match words.as_slice() {
            [kind, number, issuer @ .., issued, expires] if !issuer.is_empty() => match (day(issued), day(expires)) {
                (Some(i), Some(e)) => IdCard {
                    value,
                    kind: Some((*kind).to_string()),
                    number: Some((*number).to_string()),
                    issuer: Some(issuer.join(" ")),
                    issued_on: Some(i),
                    expires_on: Some(e),
                },
                _ => IdCard { value, kind: None, number: None, issuer: None, issued_on: None, expires_on: None },
            },
            _ => IdCard { value, kind: None, number: None, issuer: None, issued_on: None, expires_on: None },
        }
    }

    fn parsed(&self) -> bool {
        self.kind.is_some()
    }
}

/// Options for attribute sets. JSON: `{"requireFiscalNumberPrefix": false, "checkFiscalCode": true,
/// "purpose": null}`.
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
    /// The SPID `Purpose` the service provider put in its request (professional use), recorded in
    /// the identity; `None` (default): personal use.
    #[serde(default)]
    pub purpose: Option<SpidPurpose>,
}

fn yes() -> bool {
    true
}

impl Default for AttributeOptions {
    fn default() -> Self {
        AttributeOptions { require_fiscal_number_prefix: false, check_fiscal_code: true, purpose: None }
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

    /// An identity from an eIDAS attribute set (the natural-person minimum dataset of the eIDAS
    /// SAML attribute profile: `PersonIdentifier`, `CurrentFamilyName`, `CurrentGivenName`,
    /// `DateOfBirth`; optional `Gender`, `BirthName`, `PlaceOfBirth`), keys as short names or full
    /// URIs (`http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier`: the last path
    /// segment counts). The level is the `authnContextClassRef` entry
    /// (`http://eidas.europa.eu/LoA/substantial`, read as `substantial`).
    ///
    /// `PersonIdentifier` (required) is `<issuing country>/<receiving country>/<code>`. When the
    /// issuing country is `IT` and the code (without `TINIT-`) is a valid codice fiscale, it is the
    /// identity's `fiscalCode` (cross-checked with `DateOfBirth` and `Gender` as for SPID); else
    /// `fiscalCode` is the whole identifier. A `DateOfBirth` after `today` is refused
    /// (`access.invalid_attribute`). Errors: `access.missing_attribute`, `access.invalid_attribute`,
    /// `access.cf_mismatch`.
    pub fn from_eidas(attributes: &BTreeMap<String, String>, today: NaiveDate, options: &AttributeOptions) -> Result<Identity, AccessError> {
        let mut named: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in attributes {
            named.insert(last_segment(k.trim()).to_string(), v.clone());
        }
        let get = |name: &str| attr(&named, name);
        let raw = get("PersonIdentifier").ok_or_else(|| AccessError::MissingAttribute { attribute: "PersonIdentifier".into() })?;
        let bad = |reason: &str| AccessError::InvalidAttribute { attribute: "PersonIdentifier".into(), reason: reason.into() };
        let mut parts = raw.splitn(3, '/');
        let (from, to, code) = match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => return Err(bad("not <issuing country>/<receiving country>/<code>")),
        };
        let country = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic());
        if !country(from) || !country(to) || code.is_empty() || code.chars().any(char::is_whitespace) {
            return Err(bad("not <issuing country>/<receiving country>/<code>"));
        }
        let person_identifier = format!("{}/{}/{code}", from.to_ascii_uppercase(), to.to_ascii_uppercase());
        let italian = if from.eq_ignore_ascii_case("IT") {
            let cf = strip_prefix_ci(code, "TINIT-").unwrap_or(code);
            validate_fiscal_code(cf).ok().filter(|c| c.len() == 16)
        } else {
            None
        };
        let date_of_birth = match get("DateOfBirth") {
            None => None,
            Some(v) => Some(
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| AccessError::InvalidAttribute { attribute: "DateOfBirth".into(), reason: "not a YYYY-MM-DD date".into() })?,
            ),
        };
        if let Some(d) = date_of_birth.filter(|d| *d > today) {
            return Err(AccessError::InvalidAttribute { attribute: "DateOfBirth".into(), reason: format!("{d} is after today ({today})") });
        }
        let gender = match get("Gender") {
            None => None,
            Some(g) if g.eq_ignore_ascii_case("Male") || g.eq_ignore_ascii_case("M") => Some(Sex::M),
            Some(g) if g.eq_ignore_ascii_case("Female") || g.eq_ignore_ascii_case("F") => Some(Sex::F),
            Some(g) if g.eq_ignore_ascii_case("Unspecified") => None,
            Some(_) => return Err(AccessError::InvalidAttribute { attribute: "Gender".into(), reason: "not Male, Female or Unspecified".into() }),
        };
        let mut warnings = Vec::new();
        if let (Some(cf), true) = (&italian, options.check_fiscal_code) {
            cross_check(cf, date_of_birth, None, gender, today, &mut warnings).map_err(|e| match e {
                AccessError::CfMismatch { fields } => AccessError::CfMismatch {
                    fields: fields.into_iter().map(|f| if f == "dateOfBirth" { "DateOfBirth".into() } else { "Gender".into() }).collect(),
                },
                other => other,
            })?;
        }
        let mut id = Identity::bare(IdentitySource::Eidas, italian.unwrap_or_else(|| person_identifier.clone()));
        id.person_identifier = Some(person_identifier);
        id.given_name = get("CurrentGivenName").map(clean_name);
        id.family_name = get("CurrentFamilyName").map(clean_name);
        id.date_of_birth = date_of_birth;
        id.gender = gender;
        id.level = attr(&named, LEVEL_ATTRIBUTE).map(|l| last_segment(l).to_string());
        id.warnings = warnings;
        Ok(id)
    }

    /// An identity of `source` with only its code: every other field empty.
    pub(crate) fn bare(source: IdentitySource, fiscal_code: String) -> Identity {
        Identity {
            source,
            fiscal_code,
            person_identifier: None,
            vat_number: None,
            given_name: None,
            family_name: None,
            date_of_birth: None,
            place_of_birth: None,
            county_of_birth: None,
            gender: None,
            spid_code: None,
            email: None,
            mobile_phone: None,
            digital_address: None,
            company_name: None,
            registered_office: None,
            id_card: None,
            address: None,
            domicile_street_address: None,
            domicile_postal_code: None,
            domicile_municipality: None,
            domicile_province: None,
            domicile_nation: None,
            purpose: None,
            expiration_date: None,
            level: None,
            certificate: None,
            warnings: Vec::new(),
        }
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
        let id_card = attr(attributes, "idCard").map(IdCard::parse);
        if id_card.as_ref().is_some_and(|c| !c.parsed()) {
            warnings.push("access.id_card_unparsed".to_string());
        }
        let text = |name: &str| attr(attributes, name).map(clean_name);
        Ok(Identity {
            source,
            fiscal_code,
            person_identifier: None,
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
            registered_office: text("registeredOffice"),
            id_card,
            address: text("address"),
            domicile_street_address: text("domicileStreetAddress"),
            domicile_postal_code: text("domicilePostalCode"),
            domicile_municipality: text("domicileMunicipality"),
            domicile_province: text("domicileProvince").map(|p| p.to_ascii_uppercase()),
            domicile_nation: text("domicileNation"),
            purpose: options.purpose,
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
