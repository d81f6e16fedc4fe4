//! Fuzz target of `access`: the certificate parser (DER, and the same bytes as a PEM body), the
//! trust-chain check, the policy / SPID / eIDAS attribute parsers and the profile on UTF-8 input. Nothing may panic.
//! Run: `cargo +nightly fuzz run access -- -max_total_time=60` (seed: tests/cases/access/*.pem).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sportello::access::{AttributeOptions, Credential, Identity, Policy, Profile};

fuzz_target!(|data: &[u8]| {
    // `now` through the library's JSON (the fuzz crate does not depend on chrono).
    let Ok(at) = serde_json::from_str::<Credential>(r#"{"kind": "x", "notBefore": "2025-06-10T10:00:00+02:00"}"#) else {
        return;
    };
    let Some(now) = at.not_before else { return };
    let _ = Identity::from_certificate(data, now);
    let _ = sportello::access::verify_chain(data, &[], &[data.to_vec()], now);
    if let Ok(s) = std::str::from_utf8(data) {
        let pem = format!("-----BEGIN CERTIFICATE-----\n{s}\n-----END CERTIFICATE-----\n");
        let _ = Identity::from_certificate(pem.as_bytes(), now);
        if let Ok(p) = Policy::from_json(s) {
            for id in p.service_ids() {
                let _ = p.decide(id, Some(&at), now);
            }
        }
        if let Ok(attrs) = serde_json::from_str(s) {
            let _ = Identity::from_spid(&attrs, now.date_naive());
            if let Ok(id) = Identity::from_eidas(&attrs, now.date_naive(), &AttributeOptions::default()) {
                let _ = Profile::merge(None, &id, now);
            }
        }
        if let Ok(profile) = sportello::json::from_str::<Profile>(s) {
            let _ = profile.edit("email", s);
        }
    }
});
