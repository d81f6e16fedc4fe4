//! Sizes of secrets and activation policies: an oversized length is refused before anything is
//! allocated or any random byte is asked for (no panic, no abort).
use sportello::access::{Account, ActivationPolicy, Envelope, SecretSpec, MAX_ALPHABET, MAX_SECRET_LENGTH, MIN_SECRET_LENGTH, SALT_BYTES};
use sportello::Coded;

fn spec(alphabet: &str, length: usize) -> SecretSpec {
    SecretSpec { alphabet: alphabet.into(), length: length as u64 }
}

#[test]
fn an_oversized_length_is_refused_before_drawing_bytes() {
    for length in [usize::MAX, u32::MAX as usize + 1, 1_000_000_000, MAX_SECRET_LENGTH + 1, MIN_SECRET_LENGTH - 1, 0] {
        let s = spec("AB", length);
        assert_eq!(s.random_bytes_needed().unwrap_err().code(), "access.invalid", "length {length}");
        assert_eq!(s.generate(&[0; 64]).unwrap_err().code(), "access.invalid");
        let mut called = false;
        let r = s.generate_with(&mut |_| called = true);
        assert_eq!(r.unwrap_err().code(), "access.invalid");
        assert!(!called, "no random bytes drawn for length {length}");
    }
    // The bounds themselves are fine.
    assert_eq!(spec("AB", MAX_SECRET_LENGTH).random_bytes_needed(), Ok(8 * MAX_SECRET_LENGTH));
    assert_eq!(spec("AB", MIN_SECRET_LENGTH).random_bytes_needed(), Ok(8 * MIN_SECRET_LENGTH));
    let s = spec("AB", MAX_SECRET_LENGTH).generate(&[7; 8 * MAX_SECRET_LENGTH]).unwrap();
    assert_eq!(s.len(), MAX_SECRET_LENGTH);
}

#[test]
fn the_json_of_the_issue_is_refused() {
    // {"alphabet":"AB","length":2**64-1} used to panic (capacity overflow) in the bindings.
    let s: SecretSpec = serde_json::from_str(r#"{"alphabet":"AB","length":18446744073709551615}"#).unwrap();
    assert_eq!(s.random_bytes_needed().unwrap_err().code(), "access.invalid");
}

#[test]
fn an_oversized_alphabet_is_refused() {
    let big: String = (0..=MAX_ALPHABET as u32).map(|i| char::from_u32(0x100 + i).unwrap()).collect();
    assert_eq!(spec(&big, 8).check().unwrap_err().code(), "access.invalid");
    let ok: String = big.chars().take(MAX_ALPHABET).collect();
    spec(&ok, 8).check().unwrap();
    assert_eq!(spec("AAB", 8).check().unwrap_err().code(), "access.invalid", "duplicates");
    assert_eq!(spec("A", 8).check().unwrap_err().code(), "access.invalid");
    assert_eq!(spec("A B", 8).check().unwrap_err().code(), "access.invalid");
}

#[test]
fn a_policy_with_an_oversized_pin_is_refused_when_read() {
    for json in [
        r#"{"pin": {"alphabet": "0123456789", "length": 4294967296}}"#,
        r#"{"key": {"alphabet": "AB", "length": 18446744073709551615}}"#,
        r#"{"pin": {"alphabet": "0", "length": 8}}"#,
    ] {
        assert!(serde_json::from_str::<ActivationPolicy>(json).is_err(), "{json}");
        assert!(sportello::error::from_json::<ActivationPolicy>(json).is_err(), "{json}");
    }
    let p: ActivationPolicy = serde_json::from_str(r#"{"pin": {"alphabet": "0123456789", "length": 6}}"#).unwrap();
    assert_eq!(p.pin.length, 6);
    assert_eq!(p.key, ActivationPolicy::default().key);
}

#[test]
fn a_policy_built_in_rust_is_checked_before_drawing_bytes() {
    let mut p = ActivationPolicy::default();
    assert_eq!(p.pin_random_bytes(), Ok(8 * 8 + SALT_BYTES));
    assert_eq!(p.key_random_bytes(), Ok(12 * 8 + SALT_BYTES));
    p.check().unwrap();
    p.pin.length = 1 << 32;
    p.key.length = u64::MAX;
    assert_eq!(p.check().unwrap_err().code(), "access.invalid");
    assert_eq!(p.pin_random_bytes().unwrap_err().code(), "access.invalid");
    assert_eq!(p.key_random_bytes().unwrap_err().code(), "access.invalid");
    assert_eq!(Envelope::generate("B-1", "u1", &p, &[0; 128]).unwrap_err().code(), "access.invalid");
    let good = ActivationPolicy::default();
    let mut acc = Account::self_register("RSSMRA80A01H501U", "2025-06-02".parse().unwrap(), &good).unwrap();
    let before = acc.clone();
    assert_eq!(acc.issue_activation_key("2025-06-10".parse().unwrap(), &p, &[0; 128]).unwrap_err().code(), "access.invalid");
    assert_eq!(acc, before);
}
