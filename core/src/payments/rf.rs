//! ISO 11649 creditor references (`RF` + 2 check digits + up to 21 letters or digits), as IUVs of
//! payments started at the entity (SACI 1.3.1 §2.3 schemes D and F, appendix 1).
//!
//! Letters map to 10..35 case-insensitively; generate with `98 - (n mod 97)` over
//! `reference + "RF00"`, validate with `n mod 97 == 1` after moving the first 4 characters to the end.

use super::error::PaymentsError;
use super::notice::group4;

/// Longest reference part (21); an RF has at most 25 characters.
pub const RF_MAX_REFERENCE: usize = 21;

#[inline]
fn value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 10),
        _ => None,
    }
}

/// `n mod 97` of the characters' values concatenated; `None` on a non-alphanumeric character.
#[inline]
fn mod97<I: IntoIterator<Item = u8>>(chars: I) -> Option<u32> {
    let mut r: u32 = 0;
    for c in chars {
        let v = value(c)?;
        r = if v < 10 { (r * 10 + v) % 97 } else { (r * 100 + v) % 97 };
    }
    Some(r)
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| *c != ' ').collect()
}

fn check_reference(reference: &str) -> Result<(), PaymentsError> {
    if reference.is_empty() || reference.len() > RF_MAX_REFERENCE {
        return Err(PaymentsError::RfFormat { reason: format!("the reference has 1 to {RF_MAX_REFERENCE} characters") });
    }
    if !reference.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(PaymentsError::RfFormat { reason: "only letters A-Z and digits are allowed".into() });
    }
    Ok(())
}

/// Builds the RF creditor reference for `reference` (1–21 letters or digits; spaces ignored; the
/// case is kept): `rf_build("539007547034") == "RF18539007547034"`.
pub fn rf_build(reference: &str) -> Result<String, PaymentsError> {
    let reference = compact(reference);
    check_reference(&reference)?;
    let r = mod97(reference.bytes().chain(*b"RF00")).unwrap_or(0);
    Ok(format!("RF{:02}{}", 98 - r, reference))
}

/// Validates an RF creditor reference (spaces ignored, so the printed form in groups of 4 works)
/// and returns it without spaces. Errors `payments.rf_format`, `payments.rf_check_digits`.
pub fn rf_validate(input: &str) -> Result<String, PaymentsError> {
    let s = compact(input);
    let b = s.as_bytes();
    let (head, reference) = (s.get(..4).unwrap_or(""), s.get(4..).unwrap_or(""));
    if b.len() < 5 || !head.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("RF")) {
        return Err(PaymentsError::RfFormat { reason: "an RF reference starts with RF and 2 check digits".into() });
    }
    let found = head.get(2..4).unwrap_or("");
    if !found.bytes().all(|c| c.is_ascii_digit()) || found.len() != 2 {
        return Err(PaymentsError::RfFormat { reason: "an RF reference starts with RF and 2 check digits".into() });
    }
    check_reference(reference)?;
    let r = mod97(reference.bytes().chain(b"RF00".iter().copied())).unwrap_or(0);
    let expected = format!("{:02}", 98 - r);
    if expected != found {
        return Err(PaymentsError::RfCheckDigits { expected, found: found.into() });
    }
    Ok(s)
}

/// Whether `input` is a valid RF creditor reference (spaces ignored).
pub fn rf_is_valid(input: &str) -> bool {
    rf_validate(input).is_ok()
}

/// The RF in groups of 4 characters separated by spaces, as printed and in `/RFS/` remittance
/// strings (SACI chapter 3).
pub fn rf_printed(rf: &str) -> String {
    group4(&compact(rf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        assert_eq!(rf_build("w9").ok().as_deref(), Some("RF45w9"));
        assert_eq!(rf_build("539007547034").ok().as_deref(), Some("RF18539007547034"));
        assert_eq!(rf_build("0000000000012345").ok().as_deref(), Some("RF780000000000012345"));
        assert_eq!(rf_build("01ABC123").ok().as_deref(), Some("RF0201ABC123"));
        assert!(rf_is_valid("RF45w9"));
        assert!(rf_is_valid("RF18 5390 0754 7034"));
        assert!(!rf_is_valid("RF23567483937849450550875"));
        assert!(rf_is_valid("RF78567483937849450550875"));
        assert!(!rf_is_valid("RF"));
        assert!(!rf_is_valid("RF45"));
        assert!(!rf_is_valid("RF4é5w9"));
        assert!(!rf_is_valid("XX45w9"));
        assert!(rf_build("").is_err());
        assert!(rf_build("1234567890123456789012").is_err());
        assert!(rf_build("AB-1").is_err());
        assert_eq!(rf_printed("RF18539007547034"), "RF18 5390 0754 7034");
    }

    #[test]
    fn check_digit_01_is_not_98() {
        // 01 and 98 are congruent mod 97, but ISO 11649 check digits are 02..=98.
        let with98 = (0..10_000).map(|i| rf_build(&i.to_string()).unwrap_or_default()).find(|rf| rf.starts_with("RF98"));
        let with98 = with98.unwrap_or_default();
        assert!(rf_is_valid(&with98));
        assert!(!rf_is_valid(&with98.replacen("RF98", "RF01", 1)));
    }
}
