//! `verify_chain` against RFC 5280 path validation: validity of every certificate (§6.1.3
//! (a)(2)), outer and inner signature algorithms identical (§4.1.1.2), keyCertSign on
//! intermediates (§4.2.1.3), pathLenConstraint (§4.2.1.9), and no trust anchor never meaning
//! "skip". Certificates are built here with rcgen (ECDSA P-256, keys thrown away), some mutated
//! at the DER level. Where `openssl` is installed, each case is also written to a temporary
//! directory and `openssl verify -CAfile root.pem [-untrusted inter.pem] -attime T leaf.pem` must
//! agree (accept / refuse); without openssl the comparison is skipped.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use base64::Engine;
use chrono::{DateTime, FixedOffset};
use rcgen::{date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, SigningKey};
use sportello::access::{verify_chain, AccessError, CertificateOptions, Identity};
use sportello::Coded;

/// ecdsa-with-SHA256 (1.2.840.10045.4.3.2) and ecdsa-with-SHA384 (...4.3.3), DER.
const ECDSA_SHA256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const ECDSA_SHA384: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];

fn now() -> DateTime<FixedOffset> {
    "2025-06-10T10:00:00+02:00".parse().unwrap()
}

struct Ca {
    params: CertificateParams,
    key: KeyPair,
    der: Vec<u8>,
}

impl Ca {
    fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }
}

fn name(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    dn.push(DnType::OrganizationName, "Sportello Chain Test");
    dn
}

fn ca_params(cn: &str, constraint: BasicConstraints) -> CertificateParams {
    let mut p = CertificateParams::new(vec![]).unwrap();
    p.distinguished_name = name(cn);
    p.is_ca = IsCa::Ca(constraint);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2035, 1, 1);
    p
}

fn root_with(constraint: BasicConstraints) -> Ca {
    let params = ca_params("Chain Root", constraint);
    let key = KeyPair::generate().unwrap();
    let der = params.self_signed(&key).unwrap().der().to_vec();
    Ca { params, key, der }
}

fn root() -> Ca {
    root_with(BasicConstraints::Unconstrained)
}

/// A CA certificate from `params`, signed by `by`.
fn sub_ca(params: CertificateParams, by: &Ca) -> Ca {
    let key = KeyPair::generate().unwrap();
    let der = params.signed_by(&key, &by.issuer()).unwrap().der().to_vec();
    Ca { params, key, der }
}

fn inter(cn: &str, by: &Ca) -> Ca {
    sub_ca(ca_params(cn, BasicConstraints::Unconstrained), by)
}

fn leaf_params() -> CertificateParams {
    let mut p = CertificateParams::new(vec![]).unwrap();
    p.distinguished_name = name("RSSMRA80A01H501U/1234567890123456.abcdef");
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.not_before = date_time_ymd(2024, 1, 1);
    p.not_after = date_time_ymd(2027, 1, 1);
    p
}

fn leaf_by(params: &CertificateParams, by: &Ca) -> Vec<u8> {
    let key = KeyPair::generate().unwrap();
    params.signed_by(&key, &by.issuer()).unwrap().der().to_vec()
}

fn leaf(by: &Ca) -> Vec<u8> {
    leaf_by(&leaf_params(), by)
}

// --- DER surgery

/// (header length, content length) of the TLV at the start of `der`.
fn tlv_at(der: &[u8]) -> (usize, usize) {
    let first = der[1];
    if first < 0x80 {
        return (2, first as usize);
    }
    let n = (first & 0x7f) as usize;
    let len = der[2..2 + n].iter().fold(0usize, |a, b| (a << 8) | *b as usize);
    (2 + n, len)
}

fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    let n = content.len();
    if n < 0x80 {
        v.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        v.push(0x80 | bytes.len() as u8);
        v.extend(bytes);
    }
    v.extend_from_slice(content);
    v
}

/// The three parts of a Certificate: tbsCertificate, signatureAlgorithm, signatureValue (TLVs).
fn split(der: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (h, _) = tlv_at(der);
    let mut rest = &der[h..];
    let mut parts = Vec::new();
    for _ in 0..3 {
        let (h, l) = tlv_at(rest);
        parts.push(rest[..h + l].to_vec());
        rest = &rest[h + l..];
    }
    (parts[0].clone(), parts[1].clone(), parts[2].clone())
}

fn replace_first(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let i = hay.windows(from.len()).position(|w| w == from).expect("pattern present");
    let mut v = hay.to_vec();
    v[i..i + from.len()].copy_from_slice(to);
    v
}

/// The outer signatureAlgorithm turned from ecdsa-with-SHA256 into ecdsa-with-SHA384 (the
/// signature itself unchanged, so the outer differs from `tbsCertificate.signature`).
fn flip_outer(der: &[u8]) -> Vec<u8> {
    let (tbs, alg, sig) = split(der);
    let alg = replace_first(&alg, ECDSA_SHA256, ECDSA_SHA384);
    encode(0x30, &[tbs, alg, sig].concat())
}

/// `tbsCertificate.signature` turned into ecdsa-with-SHA384 and the certificate **re-signed**
/// by `by` (SHA-256): the signature verifies, only the two algorithm fields differ.
fn flip_inner_resigned(der: &[u8], by: &Ca) -> Vec<u8> {
    let (tbs, alg, _) = split(der);
    let tbs = replace_first(&tbs, ECDSA_SHA256, ECDSA_SHA384);
    let sig = by.key.sign(&tbs).unwrap();
    let bits = encode(0x03, &[&[0u8][..], &sig].concat());
    encode(0x30, &[tbs, alg, bits].concat())
}

// --- openssl

fn pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"))
}

fn openssl_available() -> bool {
    Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success())
}

/// `Some(accepted)` from `openssl verify`, or `None` without openssl.
fn openssl_verify(case: &str, leaf: &[u8], inters: &[Vec<u8>], root: &[u8], at: DateTime<FixedOffset>) -> Option<bool> {
    if !openssl_available() {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("sportello-chain-{}-{case}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("root.pem"), pem(root)).unwrap();
    std::fs::write(dir.join("leaf.pem"), pem(leaf)).unwrap();
    let mut cmd = Command::new("openssl");
    cmd.arg("verify").arg("-CAfile").arg(dir.join("root.pem"));
    if !inters.is_empty() {
        std::fs::write(dir.join("inter.pem"), inters.iter().map(|d| pem(d)).collect::<String>()).unwrap();
        cmd.arg("-untrusted").arg(dir.join("inter.pem"));
    }
    cmd.arg("-attime").arg(at.timestamp().to_string()).arg(dir.join("leaf.pem"));
    let out = cmd.output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    Some(out.status.success())
}

/// Runs `verify_chain` and, where available, openssl on the same case; they must agree with
/// `accept`. Returns verify_chain's result.
fn check(case: &str, leaf: &[u8], inters: &[Vec<u8>], root: &Ca, at: DateTime<FixedOffset>, accept: bool) -> Result<(), AccessError> {
    let ours = verify_chain(leaf, inters, std::slice::from_ref(&root.der), at);
    assert_eq!(ours.is_ok(), accept, "{case}: verify_chain gave {ours:?}");
    if let Some(theirs) = openssl_verify(case, leaf, inters, &root.der, at) {
        assert_eq!(theirs, accept, "{case}: openssl verify disagrees (accepted: {theirs})");
    }
    ours
}

fn reason(r: Result<(), AccessError>) -> String {
    match r {
        Err(AccessError::CertificateUntrusted { reason }) => reason,
        other => panic!("expected access.certificate_untrusted, got {other:?}"),
    }
}

#[test]
fn a_good_chain_is_accepted() {
    let root = root();
    let i = inter("Chain Inter", &root);
    check("good", &leaf(&i), std::slice::from_ref(&i.der), &root, now(), true).unwrap();
    check("direct", &leaf(&root), &[], &root, now(), true).unwrap();
}

#[test]
fn validity_of_the_leaf_and_of_every_ca() {
    let root = root();
    let i = inter("Chain Inter", &root);
    let mut expired = leaf_params();
    expired.not_before = date_time_ymd(2020, 1, 1);
    expired.not_after = date_time_ymd(2024, 1, 1);
    let e = check("leaf-expired", &leaf_by(&expired, &i), std::slice::from_ref(&i.der), &root, now(), false).unwrap_err();
    assert_eq!(e.code(), "access.certificate_expired");
    let mut future = leaf_params();
    future.not_before = date_time_ymd(2026, 1, 1);
    let e = check("leaf-future", &leaf_by(&future, &i), std::slice::from_ref(&i.der), &root, now(), false).unwrap_err();
    assert_eq!(e.code(), "access.certificate_not_yet_valid");
    // Directly under the anchor too (the path has no intermediate to check).
    let e = check("leaf-expired-direct", &leaf_by(&expired, &root), &[], &root, now(), false).unwrap_err();
    assert_eq!(e.code(), "access.certificate_expired");

    let mut old = ca_params("Chain Inter", BasicConstraints::Unconstrained);
    old.not_after = date_time_ymd(2025, 1, 1);
    let old = sub_ca(old, &root);
    let r = check("inter-expired", &leaf(&old), std::slice::from_ref(&old.der), &root, now(), false);
    assert!(reason(r).contains("not valid at this time"));

    // The same chain at an instant where everything is valid.
    let at: DateTime<FixedOffset> = "2024-06-01T00:00:00Z".parse().unwrap();
    check("inter-valid-earlier", &leaf(&old), std::slice::from_ref(&old.der), &root, at, true).unwrap();
}

#[test]
fn outer_and_inner_signature_algorithms_must_be_identical() {
    let root = root();
    let i = inter("Chain Inter", &root);
    let good = leaf(&i);
    // Outer flipped: the signature no longer verifies either; refused on the mismatch first.
    let r = check("leaf-outer-flipped", &flip_outer(&good), std::slice::from_ref(&i.der), &root, now(), false);
    assert!(reason(r).contains("signatureAlgorithm"));
    // Inner flipped and re-signed: the signature verifies, only the mismatch is wrong.
    let resigned = flip_inner_resigned(&good, &i);
    let r = check("leaf-inner-resigned", &resigned, std::slice::from_ref(&i.der), &root, now(), false);
    assert!(reason(r).contains("signatureAlgorithm"));
    // The same on the intermediate.
    let bad_inter = flip_inner_resigned(&i.der, &root);
    let r = check("inter-inner-resigned", &good, &[bad_inter], &root, now(), false);
    assert!(reason(r).contains("signatureAlgorithm"));
    let r = check("inter-outer-flipped", &good, &[flip_outer(&i.der)], &root, now(), false);
    assert!(r.is_err());
}

#[test]
fn an_intermediate_needs_key_cert_sign_when_it_has_a_key_usage() {
    let root = root();
    let mut p = ca_params("Chain Inter", BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::CrlSign];
    let i = sub_ca(p, &root);
    let r = check("inter-no-keycertsign", &leaf(&i), std::slice::from_ref(&i.der), &root, now(), false);
    assert!(reason(r).contains("keyCertSign"));
    // No keyUsage extension at all: allowed (§4.2.1.3 applies when present).
    let mut p = ca_params("Chain Inter", BasicConstraints::Unconstrained);
    p.key_usages = vec![];
    let i = sub_ca(p, &root);
    check("inter-no-keyusage", &leaf(&i), std::slice::from_ref(&i.der), &root, now(), true).unwrap();
    // Not a CA at all.
    let mut p = leaf_params();
    p.distinguished_name = name("Chain Inter");
    let not_ca = sub_ca(p, &root);
    let r = check("inter-not-ca", &leaf(&not_ca), std::slice::from_ref(&not_ca.der), &root, now(), false);
    assert!(reason(r).contains("not a CA"));
}

#[test]
fn path_length_constraints() {
    let root = root();
    // pathLen 0 may issue end entities ...
    let zero = sub_ca(ca_params("Chain Inter", BasicConstraints::Constrained(0)), &root);
    check("pathlen0-leaf", &leaf(&zero), std::slice::from_ref(&zero.der), &root, now(), true).unwrap();
    // ... but no sub-CA.
    let sub = inter("Chain Sub", &zero);
    let r = check("pathlen0-subca", &leaf(&sub), &[zero.der.clone(), sub.der.clone()], &root, now(), false);
    assert!(reason(r).contains("pathLenConstraint"));
    // pathLen 1 allows one sub-CA, not two.
    let one = sub_ca(ca_params("Chain Inter", BasicConstraints::Constrained(1)), &root);
    let sub = inter("Chain Sub", &one);
    check("pathlen1-subca", &leaf(&sub), &[one.der.clone(), sub.der.clone()], &root, now(), true).unwrap();
    let subsub = inter("Chain Sub Sub", &sub);
    let r = check("pathlen1-two", &leaf(&subsub), &[one.der.clone(), sub.der.clone(), subsub.der.clone()], &root, now(), false);
    assert!(reason(r).contains("pathLenConstraint"));
    // The trust anchor's own constraint.
    let root0 = root_with(BasicConstraints::Constrained(0));
    check("root-pathlen0-direct", &leaf(&root0), &[], &root0, now(), true).unwrap();
    let i = inter("Chain Inter", &root0);
    let r = check("root-pathlen0-inter", &leaf(&i), std::slice::from_ref(&i.der), &root0, now(), false);
    assert!(reason(r).contains("pathLenConstraint"));
}

#[test]
fn a_self_issued_intermediate_does_not_count_for_path_length() {
    // Key rollover: "Chain Inter" (pathLen 0) certifies its own new key under the same name.
    // Key identifiers let openssl tell the two "Chain Inter" apart (it takes a certificate whose
    // subject is its issuer for self-signed unless the AKI says otherwise).
    let root = root();
    let aki = |mut p: CertificateParams| {
        p.use_authority_key_identifier_extension = true;
        p
    };
    let old = sub_ca(aki(ca_params("Chain Inter", BasicConstraints::Constrained(0))), &root);
    let new = sub_ca(aki(ca_params("Chain Inter", BasicConstraints::Constrained(0))), &old);
    let l = leaf_by(&aki(leaf_params()), &new);
    check("self-issued", &l, &[old.der.clone(), new.der.clone()], &root, now(), true).unwrap();
}

#[test]
fn no_trust_anchor_is_refused_never_skipped() {
    let root = root();
    let i = inter("Chain Inter", &root);
    let l = leaf(&i);
    for inters in [vec![], vec![i.der.clone()]] {
        let e = verify_chain(&l, &inters, &[], now()).unwrap_err();
        assert_eq!(e, AccessError::NoTrustAnchor);
        assert_eq!(e.code(), "access.no_trust_anchor");
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "access.no_trust_anchor");
        let id = Identity::from_certificate_trusted(&l, now(), &CertificateOptions::default(), &[], &inters);
        assert_eq!(id.unwrap_err().code(), "access.no_trust_anchor");
    }
}

#[test]
fn the_der_surgery_does_what_it_says() {
    use x509_parser::prelude::FromDer;
    let root = root();
    let good = leaf(&root);
    for (der, outer_is_384) in [(flip_outer(&good), true), (flip_inner_resigned(&good, &root), false)] {
        let (_, c) = x509_parser::certificate::X509Certificate::from_der(&der).unwrap();
        assert_ne!(c.signature_algorithm, c.tbs_certificate.signature);
        assert_eq!(c.signature_algorithm.algorithm.to_id_string().ends_with(".3"), outer_is_384);
    }
    let resigned = flip_inner_resigned(&good, &root);
    let (_, c) = x509_parser::certificate::X509Certificate::from_der(&resigned).unwrap();
    let (_, r) = x509_parser::certificate::X509Certificate::from_der(&root.der).unwrap();
    c.verify_signature(Some(r.public_key())).unwrap();
}
