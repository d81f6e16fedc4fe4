//! Identities from CNS / TS-CNS / CIE X.509 authentication certificates (x509-parser), and
//! optional signature verification against trust anchors the caller provides.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use x509_parser::asn1_rs::Tag;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::oid_registry::{
    OID_PKCS9_EMAIL_ADDRESS, OID_X509_COMMON_NAME, OID_X509_COUNTRY_NAME, OID_X509_DN_QUALIFIER, OID_X509_GIVEN_NAME, OID_X509_LOCALITY_NAME,
    OID_X509_ORGANIZATIONAL_UNIT, OID_X509_ORGANIZATION_NAME, OID_X509_SERIALNUMBER, OID_X509_SURNAME,
};
use x509_parser::prelude::FromDer;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use super::acting::same_code;
use super::identity::{validate_fiscal_code, CertificateInfo, Identity, IdentitySource};
use super::AccessError;

/// Checks applied to an authentication certificate. JSON (all optional, defaults shown):
/// ```json
/// {"cnsPolicies": ["1.3.76.16.2.1"], "regionalPolicies": ["1.3.159.6.1.3.2.10", "1.3.76.12.1.1.10.2.2.10"],
///  "ciePolicies": ["1.3.76.47.4"], "tsCnsIssuers": [], "requireCriticalKeyUsage": true,
///  "rejectNonRepudiation": true, "requireClientAuth": true}
/// ```
/// - `cnsPolicies` \[verified\], `ciePolicies` \[verified\]: policy OIDs of CNS and CIE certificates.
/// - `regionalPolicies` \[secondary\]: regional CNS equivalents (Lombardia CRS/SISS), treated as CNS.
/// - `tsCnsIssuers` \[unverified\]: case-insensitive substrings of the issuer that mark a CNS
///   certificate as a TS-CNS (source `tsCns`); empty by default, so every CNS is `cns`.
/// - `requireCriticalKeyUsage` (CNS only) and `rejectNonRepudiation` \[secondary\]: the CNS profile
///   marks digitalSignature critical and never sets nonRepudiation on the authentication key.
/// - `requireClientAuth` \[secondary\]: the extended key usage must contain clientAuth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "access/"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CertificateOptions {
    /// Policy OIDs of CNS authentication certificates (default `1.3.76.16.2.1`).
    pub cns_policies: Vec<String>,
    /// Policy OIDs of regional CNS equivalents (Lombardia CRS/SISS), treated as CNS.
    pub regional_policies: Vec<String>,
    /// Policy OIDs of CIE authentication certificates (default `1.3.76.47.4`).
    pub cie_policies: Vec<String>,
    /// Issuer substrings (case-insensitive) that make a CNS certificate a TS-CNS; empty by default.
    pub ts_cns_issuers: Vec<String>,
    /// Whether a CNS certificate's key usage must be critical (default `true`).
    pub require_critical_key_usage: bool,
    /// Whether a key usage with nonRepudiation is refused (default `true`).
    pub reject_non_repudiation: bool,
    /// Whether the extended key usage must contain clientAuth (default `true`).
    pub require_client_auth: bool,
}

impl Default for CertificateOptions {
    fn default() -> Self {
        CertificateOptions {
            cns_policies: vec!["1.3.76.16.2.1".into()],
            regional_policies: vec!["1.3.159.6.1.3.2.10".into(), "1.3.76.12.1.1.10.2.2.10".into()],
            cie_policies: vec!["1.3.76.47.4".into()],
            ts_cns_issuers: Vec::new(),
            require_critical_key_usage: true,
            reject_non_repudiation: true,
            require_client_auth: true,
        }
    }
}

fn malformed(reason: impl Into<String>) -> AccessError {
    AccessError::CertificateMalformed { reason: reason.into() }
}

/// Turns PEM (first `CERTIFICATE` block) or DER input into DER bytes.
pub(crate) fn to_der(input: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, AccessError> {
    let start = input.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(input.len());
    let rest = input.get(start..).unwrap_or_default();
    if rest.starts_with(b"-----BEGIN") {
        let (_, pem) = x509_parser::pem::parse_x509_pem(rest).map_err(|e| malformed(format!("PEM: {e}")))?;
        if pem.label != "CERTIFICATE" {
            return Err(malformed(format!("PEM block is {:?}, not CERTIFICATE", pem.label)));
        }
        Ok(std::borrow::Cow::Owned(pem.contents))
    } else {
        Ok(std::borrow::Cow::Borrowed(input))
    }
}

pub(crate) fn parse_der(der: &[u8]) -> Result<X509Certificate<'_>, AccessError> {
    let (rest, cert) = X509Certificate::from_der(der).map_err(|e| malformed(format!("DER: {e}")))?;
    if !rest.is_empty() {
        return Err(malformed(format!("{} bytes after the certificate", rest.len())));
    }
    Ok(cert)
}

fn instant(secs: i64) -> Result<DateTime<FixedOffset>, AccessError> {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .map(|d| d.fixed_offset())
        .ok_or_else(|| malformed("validity date out of range"))
}

/// Decodes a directory string of any of the ASN.1 string types found in the wild: UTF8String,
/// PrintableString, IA5String, NumericString, VisibleString as UTF-8 (strictly), BMPString as
/// UTF-16BE, UniversalString as UTF-32BE, TeletexString as Latin-1 (the usual practice of old
/// CAs; T.61 proper is not implemented). Anything else, or invalid bytes, is a typed error.
pub(crate) fn attr_text(a: &AttributeTypeAndValue<'_>) -> Result<String, AccessError> {
    let any = a.attr_value();
    let data = any.data;
    match any.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::NumericString | Tag::VisibleString => {
            std::str::from_utf8(data).map(str::to_string).map_err(|_| malformed("a subject string is not valid UTF-8"))
        }
        Tag::BmpString => {
            if data.len() % 2 != 0 {
                return Err(malformed("BMPString of odd length"));
            }
            let units = data.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])); // ok: chunks_exact(2) yields 2 bytes
            char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| malformed("invalid BMPString"))
        }
        Tag::UniversalString => {
            if data.len() % 4 != 0 {
                return Err(malformed("UniversalString length not a multiple of 4"));
            }
            data.chunks_exact(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))) // ok: chunks_exact(4)
                .collect::<Option<String>>()
                .ok_or_else(|| malformed("invalid UniversalString"))
        }
        Tag::TeletexString => Ok(data.iter().map(|&b| char::from(b)).collect()),
        t => Err(malformed(format!("unsupported string type {t}"))),
    }
}

fn short_name(a: &AttributeTypeAndValue<'_>) -> String {
    let o = a.attr_type();
    let known = [
        (&OID_X509_COMMON_NAME, "CN"),
        (&OID_X509_SURNAME, "SN"),
        (&OID_X509_GIVEN_NAME, "GN"),
        (&OID_X509_SERIALNUMBER, "serialNumber"),
        (&OID_X509_DN_QUALIFIER, "dnQualifier"),
        (&OID_X509_COUNTRY_NAME, "C"),
        (&OID_X509_LOCALITY_NAME, "L"),
        (&OID_X509_ORGANIZATION_NAME, "O"),
        (&OID_X509_ORGANIZATIONAL_UNIT, "OU"),
        (&OID_PKCS9_EMAIL_ADDRESS, "emailAddress"),
    ];
    known.iter().find(|(k, _)| *k == o).map(|(_, n)| (*n).to_string()).unwrap_or_else(|| o.to_id_string())
}

fn name_string(n: &X509Name<'_>) -> Result<String, AccessError> {
    let mut parts = Vec::new();
    for a in n.iter_attributes() {
        parts.push(format!("{}={}", short_name(a), attr_text(a)?));
    }
    Ok(parts.join(", "))
}

fn first_text(n: &X509Name<'_>, oid: &x509_parser::der_parser::Oid<'_>) -> Result<Option<String>, AccessError> {
    for a in n.iter_attributes().filter(|a| a.attr_type() == oid) {
        let t = attr_text(a)?;
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

fn strip_serial_prefix(s: &str) -> Option<&str> {
    ["TINIT-", "IT:", "IT-"].iter().find_map(|p| match s.get(..p.len()) {
        Some(h) if h.eq_ignore_ascii_case(p) => s.get(p.len()..),
        _ => None,
    })
}

struct FoundCf {
    code: String,
    from: &'static str,
    card_id: Option<String>,
}

/// The fiscal code, defensively (identity.md 6.1/6.2): the CN up to the **first** `/`; a
/// `serialNumber` with a `TINIT-`, `IT:` or `IT-` prefix; then any 16-character subject
/// attribute that validates. CN and serialNumber must agree when both are present.
fn extract_cf(subject: &X509Name<'_>) -> Result<FoundCf, AccessError> {
    let mut first_invalid: Option<AccessError> = None;
    let mut from_cn: Option<FoundCf> = None;
    for a in subject.iter_common_name() {
        let cn = attr_text(a)?;
        if let Some((head, tail)) = cn.split_once('/') {
            match validate_fiscal_code(head.trim()) {
                Ok(code) if code.len() == 16 => {
                    let card = tail.split('.').next().unwrap_or_default().trim();
                    from_cn = Some(FoundCf { code, from: "cn", card_id: (!card.is_empty()).then(|| card.to_string()) });
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    first_invalid.get_or_insert(e);
                }
            }
        }
    }
    let mut from_sn: Option<FoundCf> = None;
    for a in subject.iter_by_oid(&OID_X509_SERIALNUMBER) {
        let sn = attr_text(a)?;
        if let Some(rest) = strip_serial_prefix(sn.trim()) {
            match validate_fiscal_code(rest.trim()) {
                Ok(code) if code.len() == 16 => {
                    from_sn = Some(FoundCf { code, from: "serialNumber", card_id: None });
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    first_invalid.get_or_insert(e);
                }
            }
        }
    }
    match (from_cn, from_sn) {
        (Some(c), Some(s)) => {
            if same_code(&c.code, &s.code) {
                Ok(c)
            } else {
                Err(AccessError::CertificateFiscalCodeConflict { first: c.code, second: s.code })
            }
        }
        (Some(c), None) => Ok(c),
        (None, Some(s)) => Ok(s),
        (None, None) => {
            for a in subject.iter_attributes() {
                let t = attr_text(a)?;
                let t = t.trim();
                if t.chars().count() == 16 {
                    if let Ok(code) = crate::cf::validate(t) {
                        return Ok(FoundCf { code, from: "attribute", card_id: None });
                    }
                }
            }
            Err(first_invalid.unwrap_or(AccessError::CertificateNoFiscalCode))
        }
    }
}

impl Identity {
    /// An identity from a CNS / TS-CNS / CIE authentication certificate (PEM or DER) at `now`,
    /// with the default [`CertificateOptions`]. No signature check: see
    /// [`Identity::from_certificate_trusted`].
    pub fn from_certificate(input: &[u8], now: DateTime<FixedOffset>) -> Result<Identity, AccessError> {
        Self::from_certificate_with(input, now, &CertificateOptions::default())
    }

    /// [`Identity::from_certificate`] with explicit options. Checks, in order: parse
    /// (`access.certificate_malformed`), validity at `now` (`..._not_yet_valid`, `..._expired`),
    /// policy (`..._policy`), key usage (`..._key_usage`), clientAuth (`..._client_auth`), fiscal
    /// code (`..._no_fiscal_code`, `..._fiscal_code_conflict`, `access.invalid_fiscal_code`).
    /// Revocation (CRL/OCSP) is the host's job.
    pub fn from_certificate_with(input: &[u8], now: DateTime<FixedOffset>, options: &CertificateOptions) -> Result<Identity, AccessError> {
        let der = to_der(input)?;
        let cert = parse_der(&der)?;
        identity_from_parsed(&cert, now, options)
    }

    /// [`Identity::from_certificate_with`] after [`verify_chain`]: the certificate must chain,
    /// through the optional `intermediates`, to one of `anchors` (PEM or DER each; none:
    /// `access.no_trust_anchor`), with every signature verified and every certificate of the
    /// path valid at `now`. Not available on wasm32 (`access.verification_unavailable`).
    pub fn from_certificate_trusted(
        input: &[u8],
        now: DateTime<FixedOffset>,
        options: &CertificateOptions,
        anchors: &[Vec<u8>],
        intermediates: &[Vec<u8>],
    ) -> Result<Identity, AccessError> {
        verify_chain(input, intermediates, anchors, now)?;
        Self::from_certificate_with(input, now, options)
    }
}

fn identity_from_parsed(cert: &X509Certificate<'_>, now: DateTime<FixedOffset>, options: &CertificateOptions) -> Result<Identity, AccessError> {
    let (not_before, not_after) = check_validity(cert, now)?;

    let mut policies = Vec::new();
    for ext in cert.extensions() {
        if let ParsedExtension::CertificatePolicies(ps) = ext.parsed_extension() {
            policies.extend(ps.iter().map(|p| p.policy_id.to_id_string()));
        }
    }
    let has = |set: &[String]| policies.iter().any(|p| set.iter().any(|s| s == p));
    let is_cie = has(&options.cie_policies);
    let is_cns = has(&options.cns_policies) || has(&options.regional_policies);
    if !is_cie && !is_cns {
        return Err(AccessError::CertificatePolicy { found: policies });
    }

    let ku = cert.key_usage().map_err(|e| malformed(format!("key usage: {e}")))?;
    let Some(ku) = ku else {
        return Err(AccessError::CertificateKeyUsage { reason: "no key usage extension".into() });
    };
    if !ku.value.digital_signature() {
        return Err(AccessError::CertificateKeyUsage { reason: "digitalSignature not set".into() });
    }
    if is_cns && !is_cie && options.require_critical_key_usage && !ku.critical {
        return Err(AccessError::CertificateKeyUsage { reason: "key usage not critical".into() });
    }
    if options.reject_non_repudiation && ku.value.non_repudiation() {
        return Err(AccessError::CertificateKeyUsage { reason: "nonRepudiation set on an authentication key".into() });
    }
    if options.require_client_auth {
        let eku = cert.extended_key_usage().map_err(|e| malformed(format!("extended key usage: {e}")))?;
        if !eku.is_some_and(|e| e.value.client_auth) {
            return Err(AccessError::CertificateClientAuth);
        }
    }

    let subject = cert.subject();
    let found = extract_cf(subject)?;
    let issuer = name_string(cert.issuer())?;
    let source = if is_cie {
        IdentitySource::CieCard
    } else if options.ts_cns_issuers.iter().any(|t| !t.is_empty() && issuer.to_lowercase().contains(&t.to_lowercase())) {
        IdentitySource::TsCns
    } else {
        IdentitySource::Cns
    };
    let organization = match first_text(subject, &OID_X509_ORGANIZATIONAL_UNIT)? {
        Some(o) => Some(o),
        None => first_text(subject, &OID_X509_ORGANIZATION_NAME)?,
    };
    let serial: String = cert.raw_serial().iter().map(|b| format!("{b:02x}")).collect();
    let info = CertificateInfo {
        subject: name_string(subject)?,
        issuer,
        serial,
        not_before,
        not_after,
        policies,
        card_id: found.card_id,
        organization,
        fiscal_code_from: found.from.to_string(),
    };
    Ok(Identity {
        source,
        fiscal_code: found.code,
        person_identifier: None,
        vat_number: None,
        given_name: first_text(subject, &OID_X509_GIVEN_NAME)?,
        family_name: first_text(subject, &OID_X509_SURNAME)?,
        date_of_birth: None,
        place_of_birth: None,
        county_of_birth: None,
        gender: None,
        spid_code: None,
        email: first_text(subject, &OID_PKCS9_EMAIL_ADDRESS)?,
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
        certificate: Some(info),
        warnings: Vec::new(),
    })
}

/// Checks that `leaf` (PEM or DER) chains through `intermediates` to one of `anchors`, verifying
/// each signature (x509-parser `verify`, ring). Revocation is not checked (the host's job).
///
/// Checks, each a refusal (RFC 5280 references):
/// - `anchors` empty: `access.no_trust_anchor` — there is nothing to verify against, and passing
///   intermediates without anchors never skips the verification;
/// - the leaf valid at `now` (§6.1.3 (a)(2)): `access.certificate_not_yet_valid` /
///   `access.certificate_expired`;
/// - on the leaf and every intermediate of the path, the outer `signatureAlgorithm` identical to
///   `tbsCertificate.signature` (§4.1.1.2), else `access.certificate_untrusted`;
/// - every intermediate of the path: a CA (basicConstraints `cA`), with `keyCertSign` when it has
///   a keyUsage (§4.2.1.3), valid at `now`, and its `pathLenConstraint` (§4.2.1.9) not exceeded
///   by the non-self-issued intermediates below it; the trust anchor valid at `now` and its
///   `pathLenConstraint` respected too (as OpenSSL does). Otherwise `access.certificate_untrusted`
///   with the reason, as for an unknown issuer or a bad signature.
///
/// Errors also: `access.certificate_malformed` for any input that does not parse.
#[cfg(not(target_arch = "wasm32"))]
pub fn verify_chain(leaf: &[u8], intermediates: &[Vec<u8>], anchors: &[Vec<u8>], now: DateTime<FixedOffset>) -> Result<(), AccessError> {
    const MAX_DEPTH: usize = 8;
    let untrusted = |r: &str| AccessError::CertificateUntrusted { reason: r.to_string() };
    let leaf_der = to_der(leaf)?;
    let leaf = parse_der(&leaf_der)?;
    let anchor_ders = anchors.iter().map(|a| to_der(a)).collect::<Result<Vec<_>, _>>()?;
    let anchor_certs = anchor_ders.iter().map(|d| parse_der(d)).collect::<Result<Vec<_>, _>>()?;
    let inter_ders = intermediates.iter().map(|a| to_der(a)).collect::<Result<Vec<_>, _>>()?;
    let inter_certs = inter_ders.iter().map(|d| parse_der(d)).collect::<Result<Vec<_>, _>>()?;
    if anchor_certs.is_empty() {
        return Err(AccessError::NoTrustAnchor);
    }
    let at = x509_parser::time::ASN1Time::from_timestamp(now.timestamp()).map_err(|_| untrusted("time out of range"))?;
    check_validity(&leaf, now)?;
    if !same_signature_algorithm(&leaf) {
        return Err(untrusted("the certificate's signatureAlgorithm differs from its tbsCertificate signature"));
    }
    let mut current = &leaf;
    // Non-self-issued intermediates between `current` (excluded) and the leaf (excluded).
    let mut below: u32 = 0;
    let mut refusal: Option<String> = None;
    for _ in 0..MAX_DEPTH {
        for a in &anchor_certs {
            if a.subject().as_raw() == current.issuer().as_raw() && current.verify_signature(Some(a.public_key())).is_ok() {
                if !a.validity().is_valid_at(at) {
                    return Err(untrusted("the trust anchor is not valid at this time"));
                }
                if let Some(limit) = path_len(a)?.filter(|p| below > *p) {
                    return Err(untrusted(&format!("the trust anchor's pathLenConstraint {limit} is exceeded")));
                }
                return Ok(());
            }
        }
        let mut next = None;
        for i in inter_certs.iter().filter(|i| i.subject().as_raw() == current.issuer().as_raw()) {
            if current.verify_signature(Some(i.public_key())).is_err() {
                continue;
            }
            match intermediate_refusal(i, at, below)? {
                None => {
                    next = Some(i);
                    break;
                }
                Some(r) => {
                    refusal.get_or_insert(r);
                }
            }
        }
        match next {
            Some(n) => {
                if n.subject().as_raw() != n.issuer().as_raw() {
                    below = below.saturating_add(1);
                }
                current = n;
            }
            None => {
                let reason = refusal.unwrap_or_else(|| "no path to a trust anchor (unknown issuer or bad signature)".into());
                return Err(untrusted(&reason));
            }
        }
    }
    Err(untrusted("certificate path too long"))
}

/// RFC 5280 §6.1.3 (a)(2): `now` within the certificate's validity; returns notBefore and notAfter.
fn check_validity(cert: &X509Certificate<'_>, now: DateTime<FixedOffset>) -> Result<(DateTime<FixedOffset>, DateTime<FixedOffset>), AccessError> {
    let validity = cert.validity();
    let not_before = instant(validity.not_before.timestamp())?;
    let not_after = instant(validity.not_after.timestamp())?;
    if now < not_before {
        return Err(AccessError::CertificateNotYetValid { not_before });
    }
    if now > not_after {
        return Err(AccessError::CertificateExpired { not_after });
    }
    Ok((not_before, not_after))
}

/// §4.1.1.2: the outer `signatureAlgorithm` must be identical to `tbsCertificate.signature`
/// (algorithm and parameters, an absent parameter differing from NULL).
#[cfg(not(target_arch = "wasm32"))]
fn same_signature_algorithm(cert: &X509Certificate<'_>) -> bool {
    cert.signature_algorithm == cert.tbs_certificate.signature
}

/// The certificate's `pathLenConstraint`, if any.
#[cfg(not(target_arch = "wasm32"))]
fn path_len(cert: &X509Certificate<'_>) -> Result<Option<u32>, AccessError> {
    let bc = cert.basic_constraints().map_err(|e| malformed(format!("basic constraints: {e}")))?;
    Ok(bc.and_then(|b| b.value.path_len_constraint))
}

/// Why an intermediate that names and signs `current` cannot be its issuer, or `None` if it
/// can: not a CA, keyUsage without keyCertSign, not valid at `at`, signature algorithms that
/// differ, `pathLenConstraint` below the `below` intermediates under it.
#[cfg(not(target_arch = "wasm32"))]
fn intermediate_refusal(cert: &X509Certificate<'_>, at: x509_parser::time::ASN1Time, below: u32) -> Result<Option<String>, AccessError> {
    if !cert.is_ca() {
        return Ok(Some("an intermediate certificate is not a CA".into()));
    }
    let ku = cert.key_usage().map_err(|e| malformed(format!("key usage: {e}")))?;
    if ku.is_some_and(|k| !k.value.key_cert_sign()) {
        return Ok(Some("an intermediate CA's keyUsage lacks keyCertSign".into()));
    }
    if !cert.validity().is_valid_at(at) {
        return Ok(Some("an intermediate CA is not valid at this time".into()));
    }
    if !same_signature_algorithm(cert) {
        return Ok(Some("an intermediate CA's signatureAlgorithm differs from its tbsCertificate signature".into()));
    }
    if let Some(limit) = path_len(cert)?.filter(|p| below > *p) {
        return Ok(Some(format!("an intermediate CA's pathLenConstraint {limit} is exceeded")));
    }
    Ok(None)
}

/// On wasm32 signature verification is not compiled in: always `access.verification_unavailable`.
#[cfg(target_arch = "wasm32")]
pub fn verify_chain(_leaf: &[u8], _intermediates: &[Vec<u8>], _anchors: &[Vec<u8>], _now: DateTime<FixedOffset>) -> Result<(), AccessError> {
    Err(AccessError::VerificationUnavailable)
}
