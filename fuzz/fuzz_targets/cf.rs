//! Fuzz target of `cf`: validation, decoding, canonical form, matching and the 11-digit codes must
//! never panic, and must agree with each other; ISO dates (`sportello::iso`) parse only what they
//! print. Run: `cargo +nightly fuzz run cf`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sportello::cf::{self, piva, Declared};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let today = "2026-11-23".parse().expect("a date");
    let valid = cf::is_valid(s);
    assert_eq!(valid, cf::validate(s).is_ok());
    match cf::decode(s, today) {
        Ok(d) => {
            assert!(valid);
            assert_eq!(cf::canonical(s).ok().as_deref(), Some(d.canonical.as_str()));
            assert!(cf::same_person(s, &d.canonical));
            assert!(cf::is_valid(&d.canonical));
        }
        Err(_) => assert!(!valid),
    }
    // Split the input into a code and declared fields so matching sees arbitrary text too.
    let mut parts = s.splitn(4, '|');
    let code = parts.next().unwrap_or_default();
    let declared = Declared {
        surname: parts.next().map(str::to_string),
        name: parts.next().map(str::to_string),
        birthplace: parts.next().map(str::to_string),
        ..Default::default()
    };
    if let Ok(r) = cf::matches_declared(code, &declared) {
        assert_eq!(r.matches, r.mismatched.is_empty());
    }
    assert_eq!(piva::is_valid(s), piva::validate(s).is_ok());
    let _ = cf::validate_tax_code(s);
    if let Some(d) = sportello::iso::parse_date(s) {
        assert_eq!(sportello::iso::date_string(d), s);
    }
    if let Ok(p) = serde_json::from_str::<cf::Person>(s) {
        assert_eq!(serde_json::from_str::<cf::Person>(&serde_json::to_string(&p).expect("serialises")).ok(), Some(p));
    }
});
