//! Identities from synthetic CNS / CIE-like certificates generated here with rcgen (a fake test
//! CA; ECDSA P-256 keys, since ring cannot generate RSA keys; no private key is committed).
//! The CIE subject layout is a guess (identity.md 6.2): the CF in `serialNumber = TINIT-<CF>`.
use chrono::{DateTime, FixedOffset};
use rcgen::string::{BmpString, TeletexString, UniversalString};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa, Issuer,
    KeyPair, KeyUsagePurpose,
};
use sportello::access::{AccessError, CertificateOptions, Credential, Identity, IdentitySource, Policy};
use sportello::Coded;

const CNS_POLICY: &[u64] = &[1, 3, 76, 16, 2, 1];
const CIE_POLICY: &[u64] = &[1, 3, 76, 47, 4];
const CF: &str = "RSSMRA80A01H501U";

fn now() -> DateTime<FixedOffset> {
    "2025-06-10T10:00:00+02:00".parse().unwrap()
}

fn der_len(n: usize) -> Vec<u8> {
    if n < 128 {
        vec![n as u8]
    } else {
        vec![0x81, n as u8]
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    v.extend(der_len(content.len()));
    v.extend_from_slice(content);
    v
}

fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &a in &arcs[2..] {
        let mut chunk = vec![(a & 0x7f) as u8];
        let mut x = a >> 7;
        while x > 0 {
            chunk.push(((x & 0x7f) as u8) | 0x80);
            x >>= 7;
        }
        chunk.reverse();
        body.extend(chunk);
    }
    tlv(0x06, &body)
}

/// certificatePolicies with the given policy OIDs (no qualifiers).
fn policies_ext(policies: &[&[u64]]) -> CustomExtension {
    let infos: Vec<u8> = policies.iter().flat_map(|p| tlv(0x30, &oid(p))).collect();
    CustomExtension::from_oid_content(&[2, 5, 29, 32], tlv(0x30, &infos))
}

struct Ca {
    params: CertificateParams,
    key: KeyPair,
    der: Vec<u8>,
    pem: String,
}

fn ca(name: &str) -> Ca {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec![]).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn.push(DnType::OrganizationName, "Sportello Test CA");
    dn.push(DnType::CountryName, "IT");
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = date_time_ymd(2020, 1, 1);
    params.not_after = date_time_ymd(2035, 1, 1);
    let cert = params.self_signed(&key).unwrap();
    Ca { der: cert.der().to_vec(), pem: cert.pem(), params, key }
}

fn cns_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(vec![]).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    dn.push(DnType::OrganizationalUnitName, "Comune di Test");
    dn.push(DnType::CountryName, "IT");
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 4]), "ROSSI");
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 42]), "MARIO");
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 46]), "12345678");
    p.distinguished_name = dn;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth, ExtendedKeyUsagePurpose::EmailProtection];
    p.custom_extensions = vec![policies_ext(&[CNS_POLICY])];
    p.not_before = date_time_ymd(2024, 1, 1);
    p.not_after = date_time_ymd(2027, 1, 1);
    p
}

fn cns_cn() -> String {
    format!("{CF}/6120016461039008.i1ZpZfaCX/eKyikBfnF8to+M2T8=")
}

fn sign(params: &CertificateParams, ca: &Ca) -> rcgen::Certificate {
    let key = KeyPair::generate().unwrap();
    let issuer = Issuer::from_params(&ca.params, &ca.key);
    params.signed_by(&key, &issuer).unwrap()
}

fn der_of(params: &CertificateParams) -> Vec<u8> {
    sign(params, &ca("Test CA")).der().to_vec()
}

fn err_code(r: Result<Identity, AccessError>) -> String {
    match r {
        Ok(i) => panic!("expected an error, got {i:?}"),
        Err(e) => e.code().to_string(),
    }
}

fn replace(mut der: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = der.windows(from.len()).position(|w| w == from).expect("pattern in DER");
    der[at..at + from.len()].copy_from_slice(to);
    der
}

#[test]
fn cns_certificate_pem_and_der() {
    let ca = ca("Test CA CNS");
    let cert = sign(&cns_params(&cns_cn()), &ca);
    for input in [cert.pem().into_bytes(), cert.der().to_vec()] {
        let id = Identity::from_certificate(&input, now()).unwrap();
        assert_eq!(id.source, IdentitySource::Cns);
        assert_eq!(id.fiscal_code, CF);
        assert_eq!(id.given_name.as_deref(), Some("MARIO"));
        assert_eq!(id.family_name.as_deref(), Some("ROSSI"));
        let info = id.certificate.as_ref().unwrap();
        assert_eq!(info.card_id.as_deref(), Some("6120016461039008"));
        assert_eq!(info.fiscal_code_from, "cn");
        assert_eq!(info.organization.as_deref(), Some("Comune di Test"));
        assert_eq!(info.policies, vec!["1.3.76.16.2.1".to_string()]);
        assert!(info.issuer.contains("CN=Test CA CNS"), "{}", info.issuer);
        assert!(info.subject.starts_with("CN=RSSMRA80A01H501U/"), "{}", info.subject);
        assert_eq!(info.not_after.to_rfc3339(), "2027-01-01T00:00:00+00:00");
    }
}

#[test]
fn real_cn_sample_with_slash_in_hash() {
    // The CN from the cie-cns-apache-docker README: the hash itself contains '/' and '+'.
    let cn = "MSRNTN77H15C351X/6120016461039008.i1ZpZfaCX/eKyikBfnF8to+M2T8=";
    let id = Identity::from_certificate(&der_of(&cns_params(cn)), now()).unwrap();
    assert_eq!(id.fiscal_code, "MSRNTN77H15C351X");
    assert_eq!(id.certificate.unwrap().card_id.as_deref(), Some("6120016461039008"));
}

#[test]
fn validity_window() {
    let mut p = cns_params(&cns_cn());
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2023, 1, 1);
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_expired");
    let mut p = cns_params(&cns_cn());
    p.not_before = date_time_ymd(2026, 1, 1);
    p.not_after = date_time_ymd(2029, 1, 1);
    let e = Identity::from_certificate(&der_of(&p), now()).unwrap_err();
    assert_eq!(e.code(), "access.certificate_not_yet_valid");
    assert_eq!(e, AccessError::CertificateNotYetValid { not_before: "2026-01-01T00:00:00+00:00".parse().unwrap() });
}

#[test]
fn wrong_or_missing_policy() {
    let mut p = cns_params(&cns_cn());
    p.custom_extensions = vec![policies_ext(&[&[1, 2, 3, 4]])];
    let e = Identity::from_certificate(&der_of(&p), now()).unwrap_err();
    assert_eq!(e, AccessError::CertificatePolicy { found: vec!["1.2.3.4".into()] });
    p.custom_extensions = vec![];
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_policy");
    // A regional policy is configurable data; the default list holds the Lombardia CRS OIDs.
    p.custom_extensions = vec![policies_ext(&[&[1, 3, 159, 6, 1, 3, 2, 10]])];
    assert_eq!(Identity::from_certificate(&der_of(&p), now()).unwrap().source, IdentitySource::Cns);
    let opts = CertificateOptions { regional_policies: vec![], ..Default::default() };
    assert_eq!(err_code(Identity::from_certificate_with(&der_of(&p), now(), &opts)), "access.certificate_policy");
}

#[test]
fn cn_without_slash() {
    // No '/', no serialNumber, nothing shaped like a CF: no fiscal code.
    let mut p = cns_params("Mario Rossi");
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_no_fiscal_code");
    // A bare CF as CN is found by the last, defensive rule.
    p = cns_params(CF);
    let id = Identity::from_certificate(&der_of(&p), now()).unwrap();
    assert_eq!(id.fiscal_code, CF);
    assert_eq!(id.certificate.unwrap().fiscal_code_from, "attribute");
    // A CN whose part before '/' is not a valid CF (wrong check letter) fails with the cf code.
    p = cns_params("RSSMRA80A01H501A/123.abc");
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.invalid_fiscal_code");
}

fn cie_params(serial: &str) -> CertificateParams {
    let mut p = CertificateParams::new(vec![]).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "GIUSEPPE VERDI");
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 5]), serial);
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 42]), "GIUSEPPE");
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 4]), "VERDI");
    dn.push(DnType::CountryName, "IT");
    p.distinguished_name = dn;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    p.custom_extensions = vec![policies_ext(&[CIE_POLICY])];
    p.not_before = date_time_ymd(2024, 1, 1);
    p.not_after = date_time_ymd(2034, 1, 1);
    p
}

#[test]
fn cie_like_certificate_serial_number_prefixes() {
    for serial in ["TINIT-VRDGPP70C15L219C", "IT:VRDGPP70C15L219C", "it-vrdgpp70c15l219c"] {
        let id = Identity::from_certificate(&der_of(&cie_params(serial)), now()).unwrap();
        assert_eq!(id.source, IdentitySource::CieCard, "{serial}");
        assert_eq!(id.fiscal_code, "VRDGPP70C15L219C");
        assert_eq!(id.certificate.as_ref().unwrap().fiscal_code_from, "serialNumber");
        assert_eq!(id.credential().kind, "cieCard");
    }
}

#[test]
fn cn_and_serial_number_must_agree() {
    let mut p = cns_params(&cns_cn());
    p.distinguished_name.push(DnType::CustomDnType(vec![2, 5, 4, 5]), "TINIT-VRDGPP70C15L219C");
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_fiscal_code_conflict");
    let mut p = cns_params(&cns_cn());
    p.distinguished_name.push(DnType::CustomDnType(vec![2, 5, 4, 5]), format!("TINIT-{CF}"));
    assert_eq!(Identity::from_certificate(&der_of(&p), now()).unwrap().fiscal_code, CF);
}

#[test]
fn non_utf8_string_types() {
    let mut p = cns_params(&cns_cn());
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cns_cn());
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 42]), DnValue::BmpString(BmpString::try_from("Nicolò").unwrap()));
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 4]), DnValue::UniversalString(UniversalString::try_from("Zoë Rossi").unwrap()));
    dn.push(DnType::OrganizationalUnitName, DnValue::TeletexString(TeletexString::try_from("Comune di Forli").unwrap()));
    p.distinguished_name = dn;
    let der = der_of(&p);
    let id = Identity::from_certificate(&der, now()).unwrap();
    assert_eq!(id.given_name.as_deref(), Some("Nicolò"));
    assert_eq!(id.family_name.as_deref(), Some("Zoë Rossi"));
    // TeletexString bytes are read as Latin-1: patch "Forli" into "Forlì" (0xEC).
    let der = replace(der, b"Forli", b"Forl\xec");
    let id = Identity::from_certificate(&der, now()).unwrap();
    assert_eq!(id.certificate.unwrap().organization.as_deref(), Some("Comune di Forlì"));
}

#[test]
fn invalid_utf8_is_a_typed_error() {
    let mut p = cns_params(&cns_cn());
    p.distinguished_name.push(DnType::LocalityName, "QQQQQQ");
    let der = replace(der_of(&p), b"QQQQQQ", b"Q\xff\xfeQQQ");
    assert_eq!(err_code(Identity::from_certificate(&der, now())), "access.certificate_malformed");
}

#[test]
fn key_usage_rules() {
    let mut p = cns_params(&cns_cn());
    p.key_usages = vec![KeyUsagePurpose::KeyEncipherment];
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_key_usage");
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::ContentCommitment];
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_key_usage");
    let opts = CertificateOptions { reject_non_repudiation: false, ..Default::default() };
    assert!(Identity::from_certificate_with(&der_of(&p), now(), &opts).is_ok());
    p.key_usages = vec![];
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_key_usage");
    // digitalSignature but not critical (rcgen always marks it critical: write it by hand).
    let mut ku = CustomExtension::from_oid_content(&[2, 5, 29, 15], vec![0x03, 0x02, 0x07, 0x80]);
    ku.set_criticality(false);
    p.custom_extensions.push(ku);
    let der = der_of(&p);
    assert_eq!(err_code(Identity::from_certificate(&der, now())), "access.certificate_key_usage");
    let opts = CertificateOptions { require_critical_key_usage: false, ..Default::default() };
    assert!(Identity::from_certificate_with(&der, now(), &opts).is_ok());
}

#[test]
fn client_auth_required() {
    let mut p = cns_params(&cns_cn());
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_client_auth");
    p.extended_key_usages = vec![];
    assert_eq!(err_code(Identity::from_certificate(&der_of(&p), now())), "access.certificate_client_auth");
}

#[test]
fn ts_cns_by_configured_issuer() {
    let opts = CertificateOptions { ts_cns_issuers: vec!["test ca ts".into()], ..Default::default() };
    let der = sign(&cns_params(&cns_cn()), &ca("Test CA TS-CNS")).der().to_vec();
    assert_eq!(Identity::from_certificate_with(&der, now(), &opts).unwrap().source, IdentitySource::TsCns);
    assert_eq!(Identity::from_certificate(&der, now()).unwrap().source, IdentitySource::Cns);
}

#[test]
fn garbage_is_malformed_never_a_panic() {
    let good = der_of(&cns_params(&cns_cn()));
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![],
        b"hello".to_vec(),
        b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n".to_vec(),
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".to_vec(),
        good[..good.len() / 2].to_vec(),
        [good.clone(), vec![0]].concat(),
    ];
    for i in (0..good.len()).step_by(7) {
        let mut g = good.clone();
        g[i] ^= 0xff;
        inputs.push(g);
    }
    let mut malformed = 0;
    for input in &inputs {
        if let Err(AccessError::CertificateMalformed { .. }) = Identity::from_certificate(input, now()) {
            malformed += 1;
        }
    }
    assert!(malformed >= 6);
}

#[test]
fn identity_feeds_the_policy() {
    let policy =
        Policy::from_json(r#"{"services": [{"id": "edilizia", "name": {"it": "Pratica edilizia", "en": "Building permit"}, "level": "strong"}]}"#)
            .unwrap();
    let id = Identity::from_certificate(&der_of(&cns_params(&cns_cn())), now()).unwrap();
    let c: Credential = id.credential();
    assert!(policy.decide("edilizia", Some(&c), now()).allowed);
    let later: DateTime<FixedOffset> = "2027-06-01T00:00:00+02:00".parse().unwrap();
    let d = policy.decide("edilizia", Some(&c), later);
    assert!(!d.allowed);
    assert_eq!(serde_json::to_value(d.reason).unwrap(), "expired");
}

#[cfg(not(target_arch = "wasm32"))]
mod trust {
    use super::*;
    use sportello::access::verify_chain;

    #[test]
    fn chain_to_anchor() {
        let root = ca("Test Root");
        let leaf = sign(&cns_params(&cns_cn()), &root);
        verify_chain(leaf.pem().as_bytes(), &[], std::slice::from_ref(&root.der), now()).unwrap();
        let other = ca("Other Root");
        let e = verify_chain(leaf.der(), &[], std::slice::from_ref(&other.der), now()).unwrap_err();
        assert_eq!(e.code(), "access.certificate_untrusted");
        let e = verify_chain(leaf.der(), &[], &[], now()).unwrap_err();
        assert_eq!(e.code(), "access.no_trust_anchor");
        // Same subject name, different key: the signature check fails.
        let impostor = ca("Test Root");
        assert!(verify_chain(leaf.der(), &[], std::slice::from_ref(&impostor.der), now()).is_err());
        let id = Identity::from_certificate_trusted(leaf.der(), now(), &CertificateOptions::default(), std::slice::from_ref(&root.der), &[]).unwrap();
        assert_eq!(id.fiscal_code, CF);
    }

    #[test]
    fn chain_through_intermediate() {
        let root = ca("Test Root");
        let mut inter = ca("Test Intermediate");
        let issuer = Issuer::from_params(&root.params, &root.key);
        inter.der = inter.params.signed_by(&inter.key, &issuer).unwrap().der().to_vec();
        let leaf = sign(&cns_params(&cns_cn()), &inter);
        verify_chain(leaf.der(), std::slice::from_ref(&inter.der), std::slice::from_ref(&root.der), now()).unwrap();
        assert!(verify_chain(leaf.der(), &[], std::slice::from_ref(&root.der), now()).is_err());
        assert_eq!(
            verify_chain(leaf.der(), &[b"junk".to_vec()], std::slice::from_ref(&root.der), now()).unwrap_err().code(),
            "access.certificate_malformed"
        );
    }
}

/// Writes the committed fixtures in `tests/cases/access/` (public certificates only; the keys are
/// thrown away): `cargo test -p sportello --test access_certificates -- --ignored write_fixtures`.
#[test]
#[ignore]
fn write_fixtures() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/access");
    std::fs::create_dir_all(dir).unwrap();
    let root = ca("Sportello Test CA");
    let mut expired = cns_params(&cns_cn());
    expired.not_before = date_time_ymd(2020, 1, 1);
    expired.not_after = date_time_ymd(2023, 1, 1);
    let mut wrong_policy = cns_params(&cns_cn());
    wrong_policy.custom_extensions = vec![policies_ext(&[&[1, 2, 3, 4]])];
    let files = [
        ("ca.pem", root.pem.clone()),
        ("cns.pem", sign(&cns_params(&cns_cn()), &root).pem()),
        ("cie.pem", sign(&cie_params("TINIT-VRDGPP70C15L219C"), &root).pem()),
        ("cns-expired.pem", sign(&expired, &root).pem()),
        ("cns-wrong-policy.pem", sign(&wrong_policy, &root).pem()),
        ("cns-no-cf.pem", sign(&cns_params("Mario Rossi"), &root).pem()),
    ];
    for (name, pem) in files {
        std::fs::write(format!("{dir}/{name}"), pem).unwrap();
    }
}
